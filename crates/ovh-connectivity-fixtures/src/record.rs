//! The fixture writer: one exchange seen on the wire becomes a fixture file in the format of
//! `fixtures/README.md`, at the built-in layout's place (`search/cities/44000.json`). Shared by
//! the mock's `--record` and the contract suite's.
//!
//! A recording holds the request (method, path, declared query, body) and the answers; never a
//! header. Every file is checked by the loader before it is written, so a recorded folder
//! always loads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ovh_connectivity_types::{Operation, RequestInput};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::canonical::RequestKey;
use crate::set::{LoadOptions, parse_fixture};

/// One exchange to record: the request as the route reads it, the pending answers seen, and
/// the final answer's exact bytes.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Recording {
    /// The operation called.
    pub operation: Operation,
    /// The path relative to the API base (`/connectivity/eligibility/recall/42`), no query.
    pub path: String,
    /// The query parameters the operation declares, decoded.
    pub query: BTreeMap<String, String>,
    /// The request's JSON body, for operations that take one.
    pub body: Option<Value>,
    /// How many `pending` answers came before the final one (already capped by the caller),
    /// and the first of them, byte for byte.
    pub pending: Option<(u32, String)>,
    /// An async task whose answer came with no `pending` one seen before it: a client polling
    /// again after the task ended (or a task ready at once). Such a recording does not replace
    /// an earlier one that has pending phases.
    pub answered_at_once: bool,
    /// The final answer's HTTP status.
    pub status: u16,
    /// The final answer's body, byte for byte.
    pub answer: String,
    /// The file's `description`.
    pub description: String,
    /// The file's `source` (the upstream, or the suite's target).
    pub source: Option<String>,
}

/// What [`Recording::write`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Written {
    /// A new file.
    Created(PathBuf),
    /// The file of an earlier recording of the same request, replaced.
    Replaced(PathBuf),
    /// An earlier recording of the same request was kept (`keep`), nothing written.
    Kept(PathBuf),
    /// An earlier recording of the same request has `pending` phases and this one saw none
    /// ([`Recording::answered_at_once`]: a task polled again after its answer): the earlier one
    /// was kept, nothing written.
    KeptPending(PathBuf),
}

impl Written {
    /// The file's path.
    pub fn path(&self) -> &Path {
        match self {
            Self::Created(path) | Self::Replaced(path) | Self::Kept(path) | Self::KeptPending(path) => path,
        }
    }
}

/// Why a recording was not written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The exchange makes no valid fixture (an answer that does not decode, an error body
    /// that is not OVH's): the loader's message.
    #[error("not a valid fixture: {0}")]
    Invalid(String),
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileOut<'a> {
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    request: RequestOut<'a>,
    phases: Vec<PhaseOut<'a>>,
}

#[derive(Serialize)]
struct RequestOut<'a> {
    method: &'static str,
    path: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    query: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a Value>,
}

#[derive(Serialize)]
struct PhaseOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    times: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    body: &'a RawValue,
}

fn raw(text: &str) -> Result<&RawValue, RecordError> {
    serde_json::from_str::<&RawValue>(text)
        .map_err(|error| RecordError::Invalid(format!("the answer is not JSON: {error}")))
}

impl Recording {
    /// A recording of a final answer with no pending phase, described as `description`.
    pub fn new(operation: Operation, path: impl Into<String>, status: u16, answer: impl Into<String>) -> Self {
        Self {
            operation,
            path: path.into(),
            query: BTreeMap::new(),
            body: None,
            pending: None,
            answered_at_once: false,
            status,
            answer: answer.into(),
            description: String::new(),
            source: None,
        }
    }

    /// The canonical key of the recorded request: what a mock serving the file matches on.
    pub fn key(&self) -> RequestKey {
        let query = self.query.iter().map(|(name, value)| (name.as_str(), value.as_str()));
        RequestKey::new(self.operation.method(), &self.path, query, self.body.as_ref())
    }

    /// The file's text, checked by the loader.
    ///
    /// # Errors
    ///
    /// [`RecordError::Invalid`] when the loader refuses it.
    pub fn fixture_text(&self) -> Result<String, RecordError> {
        let answer = raw(&self.answer)?;
        let mut phases = Vec::new();
        if let Some((times, body)) = &self.pending
            && *times > 0
        {
            phases.push(PhaseOut { times: Some(*times), status: None, body: raw(body)? });
        }
        let status = (self.status != 200).then_some(self.status);
        phases.push(PhaseOut { times: None, status, body: answer });
        let file = FileOut {
            description: &self.description,
            source: self.source.as_deref(),
            request: RequestOut {
                method: self.operation.method().as_str(),
                path: &self.path,
                query: &self.query,
                body: self.body.as_ref(),
            },
            phases,
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(|error| RecordError::Invalid(error.to_string()))?;
        text.push('\n');
        parse_fixture(&self.file_name(), &text, LoadOptions::default()).map_err(RecordError::Invalid)?;
        Ok(text)
    }

    /// The file's place under the recording folder, in the built-in layout:
    /// `search/cities/44000.json`, `test/line/0123456789.json`, `recall/get-42.json`. The
    /// name is made of the request's values; a different request that would get the same
    /// name gets a suffix (see [`write`](Self::write)).
    pub fn file_name(&self) -> String {
        let template = self.operation.path_template();
        let folder = template
            .strip_prefix("/connectivity/eligibility/")
            .or_else(|| template.strip_prefix("/connectivity/"))
            .unwrap_or(template)
            .trim_end_matches("/{id}");
        let folder = if self.operation == Operation::GetEligibilityTest { "test/get" } else { folder };
        let mut values: Vec<String> = Vec::new();
        if let Some(id) = self.operation.path_id(&self.path) {
            values.push(self.operation.method().as_str().to_ascii_lowercase());
            values.push(id.to_owned());
        }
        match self.operation.input() {
            RequestInput::Query => values.extend(self.query.values().cloned()),
            RequestInput::JsonBody => {
                if let Some(Value::Object(map)) = &self.body {
                    // The key's order (sorted names), so the same request gets the same name.
                    let mut fields: Vec<_> = map.iter().collect();
                    fields.sort_by(|a, b| a.0.cmp(b.0));
                    values.extend(fields.into_iter().filter_map(|(_, value)| match value {
                        Value::Null => None,
                        Value::String(text) => Some(text.clone()),
                        other => Some(other.to_string()),
                    }));
                }
            }
            RequestInput::Nothing => {}
        }
        let mut name: String =
            values.iter().map(|value| slug(value)).filter(|value| !value.is_empty()).collect::<Vec<_>>().join("-");
        if name.is_empty() {
            name = if self.operation.method().as_str() == "GET" { "list" } else { "request" }.to_owned();
        }
        if name.len() > 80 {
            name.truncate(80);
            name.push('-');
            name.push_str(&short_hash(&self.key()));
        }
        format!("{folder}/{name}.json")
    }

    /// Writes the file under `dir` (folders made as needed, the file replaced atomically). A
    /// file already there for the same request is replaced, or kept when `keep` is true; a
    /// file there for another request (two requests with the same values) is left alone and
    /// this one gets a name with a hash of its key.
    ///
    /// # Errors
    ///
    /// [`RecordError::Invalid`] when the exchange makes no valid fixture, [`RecordError::Io`]
    /// when the folder or file cannot be written.
    pub fn write(&self, dir: &Path, keep: bool) -> Result<Written, RecordError> {
        let text = self.fixture_text()?;
        let key = self.key();
        let mut relative = self.file_name();
        let mut path = dir.join(&relative);
        // The earlier file's request key and whether it has pending phases, if it loads.
        let earlier = |path: &Path, relative: &str| {
            std::fs::read_to_string(path).ok().map(|text| {
                parse_fixture(relative, &text, LoadOptions::default())
                    .ok()
                    .map(|fixture| (fixture.key.clone(), fixture.attempts_before_final() > 0))
            })
        };
        let mut existed = false;
        let mut earlier_pending = false;
        match earlier(&path, &relative) {
            None => {}
            Some(Some((found, pending))) if found == key => (existed, earlier_pending) = (true, pending),
            // Another request's file, or a file that does not load: this one goes beside it.
            Some(_) => {
                relative = format!("{}-{}.json", relative.trim_end_matches(".json"), short_hash(&key));
                path = dir.join(&relative);
                existed = earlier(&path, &relative).is_some();
            }
        }
        if existed && keep {
            return Ok(Written::Kept(path));
        }
        // A client polling again after the answer starts no new task upstream: what it sees is
        // the answer alone, which must not erase the pending phases recorded before it.
        if existed && earlier_pending && self.answered_at_once {
            return Ok(Written::KeptPending(path));
        }
        let io = |source| RecordError::Io { path: path.clone(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        // A name of its own: two recordings of one request may be written at once.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let count = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temporary = path.with_extension(format!("json.{}-{count}.partial", std::process::id()));
        std::fs::write(&temporary, text).map_err(io)?;
        std::fs::rename(&temporary, &path).map_err(io)?;
        Ok(if existed { Written::Replaced(path) } else { Written::Created(path) })
    }
}

/// A value as a file-name part: letters, digits, `.`, `_` and `-`; others become `_`.
fn slug(value: &str) -> String {
    let slug: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' })
        .collect();
    slug.trim_matches('.').to_owned()
}

/// Eight hex digits from a request key.
fn short_hash(key: &RequestKey) -> String {
    let hash = key.as_str().bytes().fold(0u64, |state, byte| crate::mix::split_mix64(state ^ u64::from(byte)));
    format!("{:08x}", hash >> 32)
}
