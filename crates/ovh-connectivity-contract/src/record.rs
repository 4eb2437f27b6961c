//! `--record DIR`: each call a check walks through the client becomes a fixture, written by
//! the fixtures crate's writer (the one the mock's `--record` uses): the request as the route
//! reads it, the `pending` answers, then the final answer's exact bytes. 5xx answers and
//! answers that are not JSON are not recorded.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use ovh_connectivity_client::Call;
use ovh_connectivity_fixtures::Recording;
use ovh_connectivity_types::AnswerKind;

use crate::answer::Answer;

/// Writes `answers` (one call's, in order) into `dir`; a failure is said on stderr and
/// changes no verdict.
pub(crate) fn record(dir: &Path, base_url: &str, call: &Call, answers: &[Answer]) {
    let Some(recording) = recording(base_url, call, answers) else { return };
    if let Err(error) = recording.write(dir, false) {
        eprintln!("ovh-connectivity-contract: {} not recorded: {error}", recording.file_name());
    }
}

/// The fixture of one call; `None` when its last answer is not to be recorded.
fn recording(base_url: &str, call: &Call, answers: &[Answer]) -> Option<Recording> {
    let (last, before) = answers.split_last()?;
    // Only JSON, which is UTF-8 throughout (`IgnoredAny` alone skips the strings' check).
    let json =
        std::str::from_utf8(&last.body).is_ok_and(|text| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok());
    if last.status >= 500 || !json {
        return None;
    }
    let operation = call.operation;
    let mut recording =
        Recording::new(operation, call.path.clone(), last.status, String::from_utf8_lossy(&last.body).into_owned());
    recording.query = call.query.iter().cloned().collect::<BTreeMap<_, _>>();
    recording.body = call.body.as_deref().and_then(|body| serde_json::from_slice(body).ok());
    if operation.answer() == AnswerKind::AsyncTask {
        let pending: Vec<&Answer> = before
            .iter()
            .filter(|answer| answer.status == 200 && answer.task_status().is_ok_and(|status| status == "pending"))
            .collect();
        if let Some(first) = pending.first() {
            let times = u32::try_from(pending.len()).unwrap_or(u32::MAX);
            recording.pending = Some((times, String::from_utf8_lossy(&first.body).into_owned()));
        }
    }
    recording.description =
        format!("Recorded by ovh-connectivity-contract from {base_url} on {}: {operation}.", today());
    recording.source = Some(format!("recorded by ovh-connectivity-contract from {base_url}"));
    Some(recording)
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    civil(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64)
}

/// The date `days` after 1970-01-01, `YYYY-MM-DD`: Howard Hinnant's days-to-civil.
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_become_dates() {
        assert_eq!(super::civil(0), "1970-01-01");
        assert_eq!(super::civil(11_016), "2000-02-29");
        assert_eq!(super::civil(20_000), "2024-10-04");
        assert_eq!(super::today().len(), 10);
    }
}
