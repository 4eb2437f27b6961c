//! What recording remembers: the `pending` answers each forwarded task has had so far (until
//! its final answer makes a fixture), and the files the host wrote, with their drift, for
//! `GET /__admin/recordings`. Both bounded.

use std::collections::{HashMap, VecDeque};

use bytes::Bytes;
use ovh_connectivity_fixtures::{DriftItem, RecordError, Recording, Written};
use serde::Serialize;

/// Tasks followed at once; past this, the table starts again (a task then records fewer
/// pending phases, nothing worse).
const MAX_TASKS: usize = 10_000;
/// Files the admin API lists (the most recent).
const MAX_FILES: usize = 500;

/// The `pending` answers seen per task (request key and session), before its final one.
#[derive(Debug, Default)]
pub(crate) struct PendingSeen {
    tasks: HashMap<String, (u32, Bytes)>,
}

impl PendingSeen {
    /// Notes one more `pending` answer of `task`.
    pub(crate) fn pending(&mut self, task: &str, body: &Bytes) {
        if self.tasks.len() >= MAX_TASKS && !self.tasks.contains_key(task) {
            self.tasks.clear();
        }
        let entry = self.tasks.entry(task.to_owned()).or_insert_with(|| (0, body.clone()));
        entry.0 = entry.0.saturating_add(1);
    }

    /// The pending answers `task` had (how many, the first), forgotten now that it ended.
    pub(crate) fn ended(&mut self, task: &str) -> Option<(u32, Bytes)> {
        self.tasks.remove(task)
    }
}

/// One recording, as the admin API shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RecordedFile {
    /// The file, relative to the recording folder (`search/cities/44000.json`).
    file: String,
    /// `created`, `replaced`, `kept` (an earlier one stays: `--record-keep`) or `failed`.
    outcome: &'static str,
    /// Why it was not written.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// The operation.
    operation: &'static str,
    /// The final answer's HTTP status.
    status: u16,
    /// How the answer differs from the wire types.
    drift: Vec<DriftItem>,
    /// When, in milliseconds since the Unix epoch.
    unix_ms: u64,
}

/// The files written, most recent last.
#[derive(Debug, Default)]
pub(crate) struct Recordings {
    files: VecDeque<RecordedFile>,
    written: u64,
    failed: u64,
    drifted: u64,
}

impl Recordings {
    pub(crate) fn note(
        &mut self,
        recording: &Recording,
        result: &Result<Written, RecordError>,
        drift: Vec<DriftItem>,
        unix_ms: u64,
    ) {
        let (outcome, error, file) = match result {
            Ok(Written::Created(_)) => ("created", None, recording.file_name()),
            Ok(Written::Replaced(_)) => ("replaced", None, recording.file_name()),
            Ok(Written::Kept(_)) => ("kept", None, recording.file_name()),
            Ok(Written::KeptPending(_)) => ("kept-pending", None, recording.file_name()),
            Ok(_) => ("written", None, recording.file_name()),
            Err(error) => ("failed", Some(error.to_string()), recording.file_name()),
        };
        if error.is_some() {
            self.failed += 1;
        } else {
            self.written += 1;
        }
        if !drift.is_empty() {
            self.drifted += 1;
        }
        if self.files.len() == MAX_FILES {
            self.files.pop_front();
        }
        let operation = recording.operation.name();
        self.files.push_back(RecordedFile {
            file,
            outcome,
            error,
            operation,
            status: recording.status,
            drift,
            unix_ms,
        });
    }

    /// The admin API's view: the folder, the counts, and the files (most recent first).
    pub(crate) fn view(&self, folder: Option<&str>) -> serde_json::Value {
        serde_json::json!({
            "recording": folder.is_some(),
            "folder": folder,
            "written": self.written,
            "failed": self.failed,
            "withDrift": self.drifted,
            "files": self.files.iter().rev().collect::<Vec<_>>(),
        })
    }
}
