//! Drift: how an answer differs from what the wire types know. Shared by the mock (each
//! recorded answer) and the contract suite (each answer it judges).
//!
//! An answer drifts when it carries a field the types do not have, an enum value they do not
//! know (kept in an `Unknown` variant, so decoding still succeeds), or does not decode at all.

use ovh_connectivity_types::{Operation, collect_unknown_values};
use serde::Serialize;
use serde_json::Value;

use crate::typed::decode_answer;

/// One way an answer differs from the wire types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DriftItem {
    /// A field the types do not know, at its JSON path (`result[0].newField`).
    UnknownField {
        /// The JSON path.
        path: String,
    },
    /// An enum value the types do not know.
    UnknownValue {
        /// The JSON path of the first string equal to it (`result.offers[0].product.type`);
        /// empty when it was not found as a string of the answer.
        path: String,
        /// The enum's type name (`OfferProductType`).
        r#enum: &'static str,
        /// The value as sent.
        value: String,
    },
    /// The answer does not decode into the operation's answer type.
    DecodeFailure {
        /// The decoder's message, with the JSON path of the failure.
        message: String,
    },
}

impl std::fmt::Display for DriftItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownField { path } => write!(f, "unknown field `{path}`"),
            Self::UnknownValue { path, r#enum, value } if path.is_empty() => {
                write!(f, "unknown {enum} value `{value}`")
            }
            Self::UnknownValue { path, r#enum, value } => write!(f, "unknown {enum} value `{value}` at `{path}`"),
            Self::DecodeFailure { message } => write!(f, "does not decode: {message}"),
        }
    }
}

/// How one 2xx answer differs from the wire types of `operation`: every unknown field and
/// enum value, or the decode failure. Empty when the types know everything in it.
pub fn answer_drift(operation: Operation, body: &str) -> Vec<DriftItem> {
    let (decoded, unknown_values) = collect_unknown_values(|| decode_answer(operation, body));
    let typed = match decoded {
        Ok(typed) => typed,
        Err(error) => return vec![DriftItem::DecodeFailure { message: error.to_string() }],
    };
    let (Ok(server), Ok(typed)) = (serde_json::from_str::<Value>(body), serde_json::to_value(typed)) else {
        return vec![DriftItem::DecodeFailure { message: "the answer is not JSON".to_owned() }];
    };
    let mut drift = Vec::new();
    unknown_fields(&server, &typed, "", &mut drift);
    let mut reported: Vec<(&'static str, String)> = Vec::new();
    for unknown in unknown_values {
        if reported.iter().any(|(name, value)| *name == unknown.enum_name && *value == unknown.value) {
            continue;
        }
        let path = string_path(&server, &unknown.value, "").unwrap_or_default();
        reported.push((unknown.enum_name, unknown.value.clone()));
        drift.push(DriftItem::UnknownValue { path, r#enum: unknown.enum_name, value: unknown.value });
    }
    drift
}

/// Fields of `server` that `typed` (the same answer through the wire types) lacks.
fn unknown_fields(server: &Value, typed: &Value, path: &str, out: &mut Vec<DriftItem>) {
    match (server, typed) {
        (Value::Object(server), Value::Object(typed)) => {
            for (key, value) in server {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match typed.get(key) {
                    Some(twin) => unknown_fields(value, twin, &here, out),
                    None => out.push(DriftItem::UnknownField { path: here }),
                }
            }
        }
        (Value::Array(server), Value::Array(typed)) => {
            for (index, (value, twin)) in server.iter().zip(typed).enumerate() {
                unknown_fields(value, twin, &format!("{path}[{index}]"), out);
            }
        }
        // Scalars, or shapes that differ (the decode would have failed on those).
        _ => {}
    }
}

/// The JSON path of the first string leaf equal to `wanted`.
fn string_path(value: &Value, wanted: &str, path: &str) -> Option<String> {
    match value {
        Value::String(text) if text == wanted => Some(path.to_owned()),
        Value::Object(map) => map.iter().find_map(|(key, value)| {
            let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            string_path(value, wanted, &here)
        }),
        Value::Array(items) => {
            items.iter().enumerate().find_map(|(index, value)| string_path(value, wanted, &format!("{path}[{index}]")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_answer_has_no_drift() {
        let body = r#"{"status":"ok","result":[{"city":"ORSAY","locality":"ORSAY","zipCode":"91400","inseeCode":"91471"}],"error":null}"#;
        assert_eq!(answer_drift(Operation::SearchCities, body), vec![]);
    }

    #[test]
    fn unknown_fields_values_and_failures_are_named() {
        let set = crate::FixtureSet::embedded().unwrap();
        let lines = set.iter().find(|f| f.operation == Operation::SearchLines).unwrap();
        let body = lines.final_phase().body.replace("\"inactive\"", "\"frozen\"").replacen('{', "{\"newField\":1,", 1);
        let drift = answer_drift(Operation::SearchLines, &body);
        assert!(drift.contains(&DriftItem::UnknownField { path: "newField".to_owned() }), "{drift:?}");
        assert!(
            drift
                .iter()
                .any(|item| item.to_string() == "unknown LineStatus value `frozen` at `result[0].copperInfo.status`"),
            "{drift:?}"
        );
        let drift = answer_drift(Operation::SearchCities, r#"{"status":"ok","result":"ORSAY","error":null}"#);
        assert!(matches!(drift.as_slice(), [DriftItem::DecodeFailure { .. }]), "{drift:?}");
    }
}
