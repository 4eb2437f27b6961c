//! How answers are judged: against a fixture (exact mode), against the wire types (shapes;
//! drift is the fixtures crate's `answer_drift`), and as OVH errors. Messages name the first JSON path that differs, with both values.

use ovh_connectivity_fixtures::{DriftItem, Fixture, PhaseKind, answer_drift};
use ovh_connectivity_types::Operation;
use serde_json::Value;

use crate::answer::{Answer, abbreviate};
use crate::outcome::Outcome;

/// Checks `answers` (the requests of one call, in order) against `fixture`'s phases.
pub(crate) fn compare_with_fixture(fixture: &Fixture, answers: &[Answer]) -> Result<(), String> {
    for (attempt, answer) in answers.iter().enumerate() {
        let phase = fixture.phase_for_attempt(attempt as u64);
        let differs = |what: String| format!("answer {} differs from fixture `{}`: {what}", attempt + 1, fixture.id);
        match phase.kind {
            PhaseKind::Dropped => continue,
            PhaseKind::Pending | PhaseKind::TaskOk | PhaseKind::TaskError | PhaseKind::Value | PhaseKind::HttpError => {
            }
        }
        if answer.status != phase.status {
            return Err(differs(format!(
                "expected HTTP {}, got HTTP {}: {}",
                phase.status,
                answer.status,
                answer.text()
            )));
        }
        let expected: Value = serde_json::from_str(&phase.body).map_err(|e| e.to_string())?;
        let got = answer.json().map_err(differs)?;
        if let Some(difference) = first_difference(&expected, &got) {
            return Err(differs(difference));
        }
    }
    let expected_polls = fixture.attempts_before_final() + 1;
    if answers.len() as u64 != expected_polls && fixture.final_phase().kind != PhaseKind::Pending {
        return Err(format!(
            "fixture `{}` ends after {expected_polls} request(s), the server after {}",
            fixture.id,
            answers.len()
        ));
    }
    Ok(())
}

/// The first place where `got` differs from `expected`, as `path: expected X, got Y`
/// (`result[0].locality: expected "ORSAY", got "SACLAY"`); `None` when they are equal.
pub(crate) fn first_difference(expected: &Value, got: &Value) -> Option<String> {
    let mut path = String::new();
    difference_at(&mut path, expected, got)
}

fn shown(value: &Value) -> String {
    abbreviate(&value.to_string())
}

fn at(path: &str) -> &str {
    if path.is_empty() { "the whole answer" } else { path }
}

fn difference_at(path: &mut String, expected: &Value, got: &Value) -> Option<String> {
    match (expected, got) {
        (Value::Object(expected), Value::Object(got)) => {
            for (key, want) in expected {
                let length = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                let found = match got.get(key) {
                    Some(have) => difference_at(path, want, have),
                    None => Some(format!("{path}: expected {}, got nothing (the field is missing)", shown(want))),
                };
                if found.is_some() {
                    return found;
                }
                path.truncate(length);
            }
            let extra = got.iter().find(|(key, _)| !expected.contains_key(*key))?;
            let separator = if path.is_empty() { "" } else { "." };
            Some(format!(
                "{path}{separator}{}: expected nothing, got {} (a field the fixture does not have)",
                extra.0,
                shown(extra.1)
            ))
        }
        (Value::Array(expected), Value::Array(got)) => {
            for (index, (want, have)) in expected.iter().zip(got).enumerate() {
                let length = path.len();
                path.push_str(&format!("[{index}]"));
                let found = difference_at(path, want, have);
                if found.is_some() {
                    return found;
                }
                path.truncate(length);
            }
            (expected.len() != got.len())
                .then(|| format!("{}: expected {} item(s), got {}", at(path), expected.len(), got.len()))
        }
        (expected, got) => {
            (expected != got).then(|| format!("{}: expected {}, got {}", at(path), shown(expected), shown(got)))
        }
    }
}

/// Decodes a 2xx answer into the operation's wire type; drift (unknown fields and enum
/// values, found by the fixtures crate's [`answer_drift`], which the mock shares) goes into
/// `warnings`.
pub(crate) fn decode_into_wire_type(
    operation: Operation,
    answer: &Answer,
    warnings: &mut Vec<String>,
) -> Result<Value, String> {
    let text = String::from_utf8_lossy(&answer.body);
    let mut drift = Vec::new();
    for item in answer_drift(operation, &text) {
        match item {
            DriftItem::DecodeFailure { message } => {
                return Err(format!(
                    "{operation}: the answer does not fit the wire types: {message}; body: {}",
                    answer.text()
                ));
            }
            other => drift.push(format!("{operation}: {other}")),
        }
    }
    let server = answer.json()?;
    warnings.extend(drift);
    Ok(server)
}

/// Passes when `answer` is an OVH error (`class` or `errorCode`, and `message`) with one of
/// `statuses`.
pub(crate) fn expect_ovh_error(answer: &Answer, statuses: &[u16], what: &str) -> Result<Outcome, String> {
    if !statuses.contains(&answer.status) {
        return Err(format!("{what}: expected HTTP {statuses:?}, got {}: {}", answer.status, answer.text()));
    }
    let body = answer.json()?;
    let shaped = (body.get("class").is_some() || body.get("errorCode").is_some()) && body["message"].is_string();
    if !shaped {
        return Err(format!("{what}: HTTP {} but not an OVH error body: {}", answer.status, answer.text()));
    }
    let query_id = answer.query_id.as_deref().map_or(String::new(), |id| format!(" (X-Ovh-QueryID {id})"));
    Ok(Outcome::pass(format!("HTTP {}: {}{query_id}", answer.status, body["message"].as_str().unwrap_or_default())))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::first_difference;

    #[test]
    fn equal_values_have_no_difference() {
        let value = json!({"status": "ok", "result": [{"city": "ORSAY"}], "error": null});
        assert_eq!(first_difference(&value, &value.clone()), None);
    }

    #[test]
    fn the_first_differing_path_is_named_with_both_values() {
        let expected = json!({"result": [{"city": "ORSAY", "locality": "ORSAY"}, {"locality": "ORSAY"}]});
        let got = json!({"result": [{"city": "ORSAY", "locality": "ORSAY"}, {"locality": "SACLAY"}]});
        assert_eq!(first_difference(&expected, &got).unwrap(), r#"result[1].locality: expected "ORSAY", got "SACLAY""#);
    }

    #[test]
    fn a_deep_number_is_found() {
        let expected = json!({"result": {"offers": [{"product": {"downloadRate": 1000}}]}});
        let got = json!({"result": {"offers": [{"product": {"downloadRate": 500}}]}});
        assert_eq!(
            first_difference(&expected, &got).unwrap(),
            "result.offers[0].product.downloadRate: expected 1000, got 500"
        );
    }

    #[test]
    fn missing_and_extra_fields_and_lengths_are_named() {
        assert_eq!(
            first_difference(&json!({"a": 1, "b": 2}), &json!({"a": 1})).unwrap(),
            "b: expected 2, got nothing (the field is missing)"
        );
        assert_eq!(
            first_difference(&json!({"a": {"b": 1}}), &json!({"a": {"b": 1, "c": true}})).unwrap(),
            "a.c: expected nothing, got true (a field the fixture does not have)"
        );
        assert_eq!(
            first_difference(&json!({"r": [1, 2]}), &json!({"r": [1]})).unwrap(),
            "r: expected 2 item(s), got 1"
        );
        assert_eq!(first_difference(&json!(1), &json!("1")).unwrap(), r#"the whole answer: expected 1, got "1""#);
    }
}
