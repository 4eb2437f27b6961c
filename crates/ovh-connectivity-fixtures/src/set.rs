//! Loading and validating a folder of fixture files.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use ovh_connectivity_types::{AnswerKind, AsyncTaskStatus, Method, Operation, RequestInput, RouteMiss};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::canonical::RequestKey;
use crate::typed::{decode_answer, decode_error_body, decode_request};
use ovh_connectivity_types::TypedRequest;

/// One documented exchange: a request and the answers it gets, in order.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Fixture {
    /// The file's path under the fixtures folder, without `.json` (`search/cities/91400`).
    pub id: String,
    /// What the exchange shows.
    pub description: String,
    /// Where it comes from (the guide, or nothing for cases written here).
    pub source: Option<String>,
    /// The operation the request calls.
    pub operation: Operation,
    /// The request.
    pub request: FixtureRequest,
    /// The answers, in order; the last one repeats forever.
    pub phases: Vec<Phase>,
    /// Extra latency the mock adds before answering.
    pub latency: Option<Latency>,
    /// The canonical request this fixture answers.
    pub key: RequestKey,
}

/// The request of a fixture.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FixtureRequest {
    /// HTTP method.
    pub method: Method,
    /// Path relative to the API base (`/connectivity/eligibility/search/cities`).
    pub path: String,
    /// Decoded query parameters.
    pub query: BTreeMap<String, String>,
    /// The JSON body as written in the file, if any.
    pub body: Option<String>,
}

/// One answer of a fixture.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Phase {
    /// How many consecutive requests get this answer (the last phase answers every later one).
    pub times: u32,
    /// HTTP status.
    pub status: u16,
    /// The body, byte for byte as written in the file.
    pub body: String,
    /// What the answer is.
    pub kind: PhaseKind,
    /// A fault the mock injects instead of (or while) answering.
    pub fault: Option<Fault>,
}

/// A connection-level fault a phase asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// Close the connection without answering.
    Drop,
    /// Send the body in small chunks with pauses.
    SlowBody,
}

/// What a phase answers.
///
/// Not `#[non_exhaustive]`: the mock and the contract suite decide on every kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseKind {
    /// An async task still `pending`.
    Pending,
    /// An async task that ended `ok` with a result.
    TaskOk,
    /// An async task that ended in `error` with a message.
    TaskError,
    /// A plain 2xx value.
    Value,
    /// A non-2xx OVH error.
    HttpError,
    /// No answer: the connection is dropped (`"fault": "drop"`).
    Dropped,
}

impl PhaseKind {
    /// A short name for logs: `pending`, `ok`, `error`, `value`, `http error`, `dropped`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::TaskOk => "ok",
            Self::TaskError => "error",
            Self::Value => "value",
            Self::HttpError => "http error",
            Self::Dropped => "dropped",
        }
    }
}

/// Extra latency before an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(untagged)]
pub enum Latency {
    /// Always this many milliseconds.
    Fixed(u64),
    /// A uniformly drawn number of milliseconds in `[min, max]`.
    Range(u64, u64),
}

impl std::str::FromStr for Latency {
    type Err = String;

    /// `300` (milliseconds) or `100..800` (a range, both ends included), as the mock's
    /// `--latency` takes it.
    fn from_str(text: &str) -> Result<Self, String> {
        let number = |part: &str| part.trim().parse::<u64>().map_err(|e| format!("`{part}`: {e}"));
        match text.split_once("..") {
            Some((low, high)) => {
                let (low, high) = (number(low)?, number(high)?);
                if low > high {
                    return Err(format!("{low}..{high}: the minimum is above the maximum"));
                }
                Ok(Self::Range(low, high))
            }
            None => Ok(Self::Fixed(number(text)?)),
        }
    }
}

impl Fixture {
    /// The phase that answers the request numbered `attempt` (0 for the first one).
    pub fn phase_for_attempt(&self, attempt: u64) -> &Phase {
        &self.phases[self.phase_index_for_attempt(attempt)]
    }

    /// The index in [`phases`](Self::phases) of the phase that answers the request numbered
    /// `attempt` (0 for the first one).
    pub fn phase_index_for_attempt(&self, attempt: u64) -> usize {
        let mut remaining = attempt;
        let last = self.phases.len().checked_sub(1).expect("validated: at least one phase");
        for (index, phase) in self.phases[..last].iter().enumerate() {
            if remaining < u64::from(phase.times) {
                return index;
            }
            remaining -= u64::from(phase.times);
        }
        last
    }

    /// How many requests are answered before the last phase starts answering.
    pub fn attempts_before_final(&self) -> u64 {
        self.phases[..self.phases.len() - 1].iter().map(|p| u64::from(p.times)).sum()
    }

    /// The final phase.
    pub fn final_phase(&self) -> &Phase {
        self.phases.last().expect("validated: at least one phase")
    }
}

/// A problem with one fixture file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file, relative to the fixtures folder.
    pub file: String,
    /// What is wrong, and where.
    pub message: String,
}

/// Every problem found while loading a fixture set (loading reports them all, not the first).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} invalid fixture file(s):", self.0.len())?;
        for error in &self.0 {
            write!(f, "\n  {}: {}", error.file, error.message)?;
        }
        Ok(())
    }
}

/// A validated set of fixtures, no two answering the same request.
#[derive(Clone, Debug, Default)]
pub struct FixtureSet {
    fixtures: Vec<Fixture>,
    by_key: HashMap<RequestKey, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FileFormat<'a> {
    description: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(borrow)]
    request: RequestFormat<'a>,
    #[serde(borrow)]
    phases: Vec<PhaseFormat<'a>>,
    #[serde(default)]
    latency_ms: Option<Latency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestFormat<'a> {
    method: String,
    path: String,
    #[serde(default)]
    query: BTreeMap<String, String>,
    #[serde(default, borrow)]
    body: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhaseFormat<'a> {
    #[serde(default = "one")]
    times: u32,
    #[serde(default = "ok_status")]
    status: u16,
    /// `null` is a body (`Some("null")`); only a missing key is `None`.
    #[serde(default, borrow, deserialize_with = "present")]
    body: Option<&'a RawValue>,
    #[serde(default)]
    fault: Option<Fault>,
}

fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(deserializer).map(Some)
}

fn one() -> u32 {
    1
}

fn ok_status() -> u16 {
    200
}

impl FixtureSet {
    /// The fixtures built into this crate at compile time (the workspace's `fixtures/` folder).
    pub fn embedded() -> Result<Self, LoadErrors> {
        Self::from_files(crate::EMBEDDED.iter().map(|(path, text)| (path.to_string(), text.to_string())))
    }

    /// The workspace's `fixtures/` folder. Only meaningful inside the source tree (tests, xtask).
    pub fn source_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
    }

    /// Loads every `*.json` file under `dir`, recursively.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadErrors> {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        collect_files(dir, &mut files, &mut errors);
        if !errors.is_empty() {
            return Err(LoadErrors(errors));
        }
        files.sort();
        Self::from_files(files)
    }

    /// Builds a set from `(path relative to the fixtures folder, contents)` pairs.
    pub fn from_files(files: impl IntoIterator<Item = (String, String)>) -> Result<Self, LoadErrors> {
        Self::from_files_with(files, LoadOptions::default())
    }

    /// [`from_files`](Self::from_files) with options: tests of contract suites use
    /// `check_answers: false` to serve answers that break the wire types on purpose.
    pub fn from_files_with(
        files: impl IntoIterator<Item = (String, String)>,
        options: LoadOptions,
    ) -> Result<Self, LoadErrors> {
        let mut set = Self::default();
        let mut errors = Vec::new();
        for (file, text) in files {
            match parse_fixture(&file, &text, options) {
                Ok(fixture) => {
                    if let Some(&existing) = set.by_key.get(&fixture.key) {
                        errors.push(LoadError {
                            file: file.clone(),
                            message: format!(
                                "answers the same request as `{}`: {}",
                                set.fixtures[existing].id, fixture.key
                            ),
                        });
                    } else {
                        set.by_key.insert(fixture.key.clone(), set.fixtures.len());
                        set.fixtures.push(fixture);
                    }
                }
                Err(message) => errors.push(LoadError { file, message }),
            }
        }
        if errors.is_empty() { Ok(set) } else { Err(LoadErrors(errors)) }
    }

    /// This set with `other` laid over it: a fixture of `other` replaces the one of this set
    /// that answers the same request (or has the same id); the others are added.
    pub fn overlay(self, other: FixtureSet) -> FixtureSet {
        let replaced_keys: std::collections::HashSet<&RequestKey> = other.fixtures.iter().map(|f| &f.key).collect();
        let replaced_ids: std::collections::HashSet<&str> = other.fixtures.iter().map(|f| f.id.as_str()).collect();
        let mut merged = FixtureSet::default();
        let kept = self
            .fixtures
            .iter()
            .filter(|f| !replaced_keys.contains(&f.key) && !replaced_ids.contains(f.id.as_str()))
            .cloned();
        for fixture in kept.chain(other.fixtures.iter().cloned()) {
            merged.by_key.insert(fixture.key.clone(), merged.fixtures.len());
            merged.fixtures.push(fixture);
        }
        merged
    }

    /// The fixture that answers a request, if any.
    pub fn find(&self, key: &RequestKey) -> Option<&Fixture> {
        self.by_key.get(key).map(|&index| &self.fixtures[index])
    }

    /// The fixture with this id.
    pub fn get(&self, id: &str) -> Option<&Fixture> {
        self.fixtures.iter().find(|f| f.id == id)
    }

    /// Every fixture, in file order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Fixture> {
        self.fixtures.iter()
    }

    /// How many fixtures.
    pub fn len(&self) -> usize {
        self.fixtures.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.fixtures.is_empty()
    }
}

fn collect_files(root: &Path, files: &mut Vec<(String, String)>, errors: &mut Vec<LoadError>) {
    // Symbolic links are followed, as the fixtures crate's own `fixtures` link is.
    for entry in walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let file = e.path().unwrap_or(root).display().to_string();
                errors.push(LoadError { file, message: format!("cannot read folder: {e}") });
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|ext| ext == "json") {
            let relative = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
            match std::fs::read_to_string(path) {
                Ok(text) => files.push((relative, text)),
                Err(e) => errors.push(LoadError { file: relative, message: format!("cannot read: {e}") }),
            }
        }
    }
}

/// How strictly fixtures are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadOptions {
    /// Decode every 2xx answer into its wire type (default). Off, only the async-task rules
    /// and the error shape are checked: for serving deliberately broken answers.
    pub check_answers: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self { check_answers: true }
    }
}

impl LoadOptions {
    /// Options that do not decode answers into their wire types.
    pub fn without_answer_checks() -> Self {
        Self { check_answers: false }
    }
}

pub(crate) fn parse_fixture(file: &str, text: &str, options: LoadOptions) -> Result<Fixture, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let format: FileFormat<'_> = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| format!("not a fixture file: at `{}`: {}", e.path(), e.inner()))?;
    let method = Method::from_name(&format.request.method)
        .ok_or_else(|| format!("request.method `{}` is not GET, POST, PUT or DELETE", format.request.method))?;
    let path = format.request.path;
    if path.contains('?') {
        return Err("request.path has a query string: put the parameters in request.query".to_owned());
    }
    let operation = Operation::find(method, &path).map_err(|miss| match miss {
        RouteMiss::WrongMethod(allowed) => format!(
            "{method} {path}: the API has this path for {} only",
            allowed.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
        ),
        RouteMiss::UnknownPath => format!("{method} {path} is not an operation of the /connectivity API"),
    })?;
    if let Some(id) = operation.path_id(&path) {
        id.parse::<i64>().map_err(|_| format!("path parameter `{id}` of {path} is not an integer (`long`)"))?;
    }

    // The request must be what the operation takes, and decode into its wire type.
    let body_json = format.request.body.map(|raw| raw.get().to_owned());
    let body_value: Option<serde_json::Value> =
        body_json.as_deref().map(serde_json::from_str).transpose().map_err(|e| format!("request.body: {e}"))?;
    match operation.input() {
        RequestInput::JsonBody => {
            let body = body_json
                .as_deref()
                .ok_or_else(|| format!("{operation} takes a JSON body: request.body is missing"))?;
            let typed =
                decode_request(operation, body).map_err(|e| format!("request.body does not fit {operation}: {e}"))?;
            refuse_unknown_values("request.body", typed.as_ref())?;
        }
        RequestInput::Query => {
            if body_json.is_some() {
                return Err(format!("{operation} takes no body: remove request.body"));
            }
            let query = serde_json::to_string(&format.request.query).expect("a map of strings serializes");
            let typed = decode_request(operation, &query)
                .map_err(|e| format!("request.query does not fit {operation}: {e}"))?;
            refuse_unknown_values("request.query", typed.as_ref())?;
        }
        RequestInput::Nothing => {
            if body_json.is_some() || !format.request.query.is_empty() {
                return Err(format!("{operation} takes neither body nor query"));
            }
        }
    }

    if format.phases.last().is_some_and(|phase| phase.fault == Some(Fault::Drop)) {
        return Err("the last phase answers every later request: it cannot drop the connection".to_owned());
    }
    if format.phases.is_empty() {
        return Err("phases is empty: a fixture answers at least once".to_owned());
    }
    let last = format.phases.len() - 1;
    let mut phases = Vec::with_capacity(format.phases.len());
    for (index, phase) in format.phases.into_iter().enumerate() {
        let at = format!("phases[{index}]");
        if phase.times == 0 {
            return Err(format!("{at}.times is 0: a phase answers at least once"));
        }
        if !(100..=599).contains(&phase.status) {
            return Err(format!("{at}.status {} is not an HTTP status", phase.status));
        }
        let body = match (phase.body, phase.fault) {
            (_, Some(Fault::Drop)) => {
                if phase.body.is_some() {
                    return Err(format!("{at}: a dropped connection sends no body: remove `body`"));
                }
                phases.push(Phase {
                    times: phase.times,
                    status: phase.status,
                    body: String::new(),
                    kind: PhaseKind::Dropped,
                    fault: phase.fault,
                });
                continue;
            }
            (Some(body), _) => body.get(),
            (None, _) => return Err(format!("{at}.body is missing")),
        };
        let kind = if !(200..300).contains(&phase.status) {
            let error = decode_error_body(body).map_err(|e| format!("{at}.body is not an OVH error body: {e}"))?;
            if error.class.is_none() && error.error_code.is_none() {
                return Err(format!("{at}.body: an OVH error body has a `class` or an `errorCode`"));
            }
            PhaseKind::HttpError
        } else {
            if options.check_answers {
                decode_answer(operation, body)
                    .map_err(|e| format!("{at}.body does not fit the answer of {operation}: {e}"))?;
            }
            if operation.answer() == AnswerKind::AsyncTask {
                task_kind(body).map_err(|e| format!("{at}.body: {e}"))?
            } else {
                PhaseKind::Value
            }
        };
        if index < last && !matches!(kind, PhaseKind::Pending | PhaseKind::HttpError) {
            return Err(format!("{at} is {kind:?}, but only the last phase may end a task"));
        }
        if index == last && kind == PhaseKind::Pending {
            // Allowed: a task that never ends, to test client deadlines.
        }
        phases.push(Phase {
            times: phase.times,
            status: phase.status,
            body: body.to_owned(),
            kind,
            fault: phase.fault,
        });
    }

    let key = RequestKey::new(
        method,
        &path,
        format.request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        body_value.as_ref(),
    );
    Ok(Fixture {
        id: file.strip_suffix(".json").unwrap_or(file).to_owned(),
        description: format.description,
        source: format.source,
        operation,
        request: FixtureRequest { method, path, query: format.request.query, body: body_json },
        phases,
        latency: format.latency_ms,
        key,
    })
}

fn refuse_unknown_values(at: &str, typed: Option<&TypedRequest>) -> Result<(), String> {
    let unknown = typed.map(TypedRequest::unknown_enum_values).unwrap_or_default();
    if unknown.is_empty() { Ok(()) } else { Err(format!("{at}: {}", unknown.join("; "))) }
}

/// Checks the async-task rules of one body: pending has no result and no error, ok has a
/// result, error has a message and no result.
fn task_kind(body: &str) -> Result<PhaseKind, String> {
    #[derive(Deserialize)]
    struct Shape<'a> {
        status: AsyncTaskStatus,
        #[serde(default, borrow)]
        result: Option<&'a RawValue>,
        #[serde(default)]
        error: Option<String>,
    }
    let shape: Shape<'_> = serde_json::from_str(body).map_err(|e| e.to_string())?;
    // `Option<&RawValue>` sees `null` as a raw value "null"; treat it as absent.
    let has_result = shape.result.is_some_and(|raw| raw.get() != "null");
    match shape.status {
        AsyncTaskStatus::Pending if has_result => Err("a pending task carries no result".to_owned()),
        AsyncTaskStatus::Pending if shape.error.is_some() => Err("a pending task carries no error".to_owned()),
        AsyncTaskStatus::Pending => Ok(PhaseKind::Pending),
        AsyncTaskStatus::Ok if !has_result => Err("an ok task carries a result".to_owned()),
        AsyncTaskStatus::Ok => Ok(PhaseKind::TaskOk),
        AsyncTaskStatus::Error if has_result => Err("an error task carries no result".to_owned()),
        AsyncTaskStatus::Error if shape.error.as_deref().is_none_or(str::is_empty) => {
            Err("an error task carries a message in `error`".to_owned())
        }
        AsyncTaskStatus::Error => Ok(PhaseKind::TaskError),
        other => Err(format!("status `{other}` is not one a fixture may use (pending, ok, error)")),
    }
}
