//! What every connection shares: the configuration, the served fixtures, the task table, the
//! bounded request log, and the query-id counter.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::Instant;

use http::Method as HttpMethod;
use ovh_connectivity_types::Operation;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::config::MockConfig;
use crate::oauth::TokenIssuer;
use crate::tasks::TaskTable;
use crate::world::{World, mix};

/// State shared by every connection of one mock.
#[derive(Debug)]
pub(crate) struct MockState {
    pub(crate) config: MockConfig,
    catalog: RwLock<Arc<Catalog>>,
    tasks: Mutex<TaskTable>,
    log: Mutex<RequestLog>,
    pub(crate) started: Instant,
    counter: AtomicU64,
    /// The world, unless it is off or the mock is strict.
    pub(crate) world: Option<World>,
    /// Mints and checks the OAuth2 access tokens.
    pub(crate) tokens: TokenIssuer,
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the whole mock down: the data stays usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MockState {
    pub(crate) fn new(config: MockConfig) -> Self {
        let catalog = Catalog::new(config.fixtures.clone());
        Self {
            tasks: Mutex::new(TaskTable::new(config.task_ttl, config.max_tasks)),
            log: Mutex::new(RequestLog::new(config.request_log_capacity)),
            catalog: RwLock::new(Arc::new(catalog)),
            started: Instant::now(),
            counter: AtomicU64::new(0),
            world: config.world.as_ref().filter(|_| !config.strict).map(|w| World::new(w.seed, &w.secret)),
            tokens: TokenIssuer::new(),
            config,
        }
    }

    pub(crate) fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub(crate) fn tasks(&self) -> MutexGuard<'_, TaskTable> {
        lock(&self.tasks)
    }

    pub(crate) fn log(&self) -> MutexGuard<'_, RequestLog> {
        lock(&self.log)
    }

    /// Swaps the served fixtures; task state is dropped (its phases may no longer exist).
    pub(crate) fn replace_catalog(&self, catalog: Catalog) -> usize {
        *self.catalog.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(catalog);
        self.tasks().clear()
    }

    pub(crate) fn next_query_number(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    /// A well-spread number in `0..bound`, for latency draws.
    pub(crate) fn random_below(&self, bound: u64) -> u64 {
        if bound == 0 { 0 } else { mix(self.counter.fetch_add(1, Ordering::Relaxed) ^ 0x9e37_79b9) % bound }
    }
}

/// The most recent requests, oldest first, at most `capacity` of them.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<LogEntry>,
    capacity: usize,
}

impl RequestLog {
    fn new(capacity: usize) -> Self {
        Self { entries: VecDeque::with_capacity(capacity), capacity }
    }

    pub(crate) fn push(&mut self, entry: LogEntry) {
        if self.capacity == 0 {
            return;
        }
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub(crate) fn views(&self) -> Vec<LogView> {
        self.entries.iter().map(LogEntry::view).collect()
    }
}

/// One line of the recent-requests log, as the admin API shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogView {
    pub(crate) query_id: String,
    pub(crate) method: Cow<'static, str>,
    pub(crate) path: String,
    pub(crate) status: u16,
    pub(crate) fixture: Option<Arc<str>>,
    pub(crate) note: Cow<'static, str>,
    pub(crate) elapsed_ms: u128,
}

/// One line of the recent-requests log, as kept: usually without any heap allocation of its
/// own (static method and path, shared fixture id, static note), because entries outlive their
/// request and are freed later, often by another worker thread.
#[derive(Debug)]
pub(crate) struct LogEntry {
    query_number: u64,
    method: Cow<'static, str>,
    /// `/1.0` or `/v1` when `path` is an operation's path, empty otherwise.
    prefix: &'static str,
    path: Cow<'static, str>,
    status: u16,
    fixture: Option<Arc<str>>,
    note: Cow<'static, str>,
    elapsed_ms: u128,
}

impl LogEntry {
    #[allow(clippy::too_many_arguments, reason = "one entry's fields, named at the one call site")]
    pub(crate) fn new(
        query_number: u64,
        method: &HttpMethod,
        path: &str,
        operation: Option<Operation>,
        status: u16,
        fixture: Option<Arc<str>>,
        note: Cow<'static, str>,
        elapsed_ms: u128,
    ) -> Self {
        let (prefix, path) = logged_path(path, operation);
        Self { query_number, method: method_name(method), prefix, path, status, fixture, note, elapsed_ms }
    }

    fn view(&self) -> LogView {
        LogView {
            query_id: query_id(self.query_number),
            method: self.method.clone(),
            path: format!("{}{}", self.prefix, self.path),
            status: self.status,
            fixture: self.fixture.clone(),
            note: self.note.clone(),
            elapsed_ms: self.elapsed_ms,
        }
    }
}

fn method_name(method: &HttpMethod) -> Cow<'static, str> {
    match *method {
        HttpMethod::GET => "GET".into(),
        HttpMethod::POST => "POST".into(),
        HttpMethod::PUT => "PUT".into(),
        HttpMethod::DELETE => "DELETE".into(),
        HttpMethod::OPTIONS => "OPTIONS".into(),
        // Extension methods are rare: their name is copied.
        _ => method.as_str().to_owned().into(),
    }
}

/// The path as the log keeps it: static when it is an operation's (the usual case; the
/// router already said which, when it found one).
fn logged_path(path: &str, operation: Option<Operation>) -> (&'static str, Cow<'static, str>) {
    if let Some(operation) = operation.filter(|op| !op.has_path_parameter()) {
        let prefix = if path.starts_with("/v1/") { "/v1" } else { "/1.0" };
        return (prefix, Cow::Borrowed(operation.path_template()));
    }
    for prefix in ["/1.0", "/v1"] {
        if let Some(rest) = path.strip_prefix(prefix)
            && let Some(operation) =
                Operation::ALL.iter().find(|op| !op.has_path_parameter() && op.path_template() == rest)
        {
            return (prefix, Cow::Borrowed(operation.path_template()));
        }
    }
    // Anything else is kept, cut to a length that keeps the log small whatever clients send.
    const KEPT: usize = 200;
    match path.char_indices().nth(KEPT) {
        Some((end, _)) => ("", Cow::Owned(format!("{}…", &path[..end]))),
        None => ("", Cow::Owned(path.to_owned())),
    }
}

/// `MOCK.<counter>.<8 hex digits>`: unique per answer, like OVH's `EU.ext-3.<hex>.<id>`.
/// Written without `format!`: it is built for every answer.
pub(crate) fn query_id(number: u64) -> String {
    let mut id = String::with_capacity(32);
    id.push_str("MOCK.");
    push_hex(&mut id, number);
    id.push('.');
    push_hex(&mut id, mix(number) & 0xffff_ffff);
    id
}

fn push_hex(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 16];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b"0123456789abcdef"[(value & 0xf) as usize];
        value >>= 4;
        if value == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_ids_are_hex_counter_and_hash() {
        assert_eq!(query_id(0), format!("MOCK.0.{:x}", mix(0) & 0xffff_ffff));
        assert!(query_id(255).starts_with("MOCK.ff."));
    }

    #[test]
    fn the_log_keeps_the_most_recent_entries() {
        let mut log = RequestLog::new(2);
        for number in 0..3 {
            log.push(LogEntry::new(number, &HttpMethod::GET, "/x", None, 200, None, "".into(), 0));
        }
        let ids: Vec<_> = log.views().into_iter().map(|v| v.query_id).collect();
        assert_eq!(ids, [query_id(1), query_id(2)]);
    }

    #[test]
    fn operation_paths_are_kept_static_and_others_cut() {
        let cities = "/v1/connectivity/eligibility/search/cities";
        assert!(matches!(logged_path(cities, None), ("/v1", Cow::Borrowed(_))));
        assert!(matches!(logged_path(cities, Some(Operation::SearchCities)), ("/v1", Cow::Borrowed(_))));
        let recall = "/1.0/connectivity/eligibility/recall/12";
        assert_eq!(logged_path(recall, Some(Operation::GetRecall)), ("", Cow::Owned::<str>(recall.to_owned())));
        let long = format!("/{}", "a".repeat(500));
        assert_eq!(logged_path(&long, None).1.chars().count(), 201);
    }
}
