//! The request log: the most recent requests, bounded, with the start of their bodies, as the
//! admin API lists them; and the query ids (`MOCK.<counter>.<hash>`) that name them.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

use bytes::Bytes;
use http::Method as HttpMethod;
use ovh_connectivity_types::Operation;
use serde::Serialize;

use crate::hash::mix;
use crate::reply::Source;

/// The most recent requests, oldest first, at most `capacity` of them.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<LogEntry>,
    capacity: usize,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize) -> Self {
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

    /// One request with its bodies, by query id.
    pub(crate) fn detail(&self, query_id: &str) -> Option<LogDetail> {
        let number = parse_query_id(query_id)?;
        self.entries.iter().find(|entry| entry.query_number == number).map(LogEntry::detail)
    }
}

/// One line of the recent-requests log, as the admin API lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogView {
    pub(crate) query_id: String,
    /// When the request arrived, in milliseconds since the Unix epoch.
    pub(crate) unix_ms: u64,
    pub(crate) method: Cow<'static, str>,
    pub(crate) path: String,
    pub(crate) status: u16,
    /// What answered.
    pub(crate) source: Source,
    pub(crate) fixture: Option<Arc<str>>,
    pub(crate) note: Cow<'static, str>,
    pub(crate) elapsed_ms: u128,
    /// Sizes of the request and answer bodies, when they are kept (API requests only).
    pub(crate) request_bytes: Option<usize>,
    pub(crate) answer_bytes: Option<usize>,
}

/// One request with its bodies, as `GET /__admin/requests/{queryId}` shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogDetail {
    #[serde(flatten)]
    pub(crate) view: LogView,
    pub(crate) query: Option<String>,
    /// The first [`KEPT_BODY_BYTES`] of each body, as text (invalid UTF-8 replaced).
    pub(crate) request_body: Option<String>,
    pub(crate) request_body_truncated: bool,
    pub(crate) answer_body: Option<String>,
    pub(crate) answer_body_truncated: bool,
}

/// How much of each body the log keeps: enough to read an answer, bounded whatever clients send.
pub(crate) const KEPT_BODY_BYTES: usize = 16 * 1024;

/// A body as the log keeps it: shared when small (no copy), its start copied when large.
#[derive(Debug)]
pub(crate) struct KeptBody {
    start: Bytes,
    len: usize,
}

impl KeptBody {
    pub(crate) fn new(body: &Bytes) -> Self {
        let start =
            if body.len() <= KEPT_BODY_BYTES { body.clone() } else { Bytes::copy_from_slice(&body[..KEPT_BODY_BYTES]) };
        Self { start, len: body.len() }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.start).into_owned()
    }
}

/// The parts of an API request the log keeps beyond its line (never for the token endpoint,
/// whose bodies hold secrets, nor for admin routes).
#[derive(Debug)]
pub(crate) struct KeptExchange {
    pub(crate) query: Option<Box<str>>,
    pub(crate) request: KeptBody,
    pub(crate) answer: KeptBody,
}

/// One line of the recent-requests log, as kept: usually without any heap allocation of its
/// own (static method and path, shared fixture id and bodies, static note), because entries
/// outlive their request and are freed later, often by another worker thread.
#[derive(Debug)]
pub(crate) struct LogEntry {
    query_number: u64,
    unix_ms: u64,
    method: Cow<'static, str>,
    /// `/1.0` or `/v1` when `path` is an operation's path, empty otherwise.
    prefix: &'static str,
    path: Cow<'static, str>,
    status: u16,
    source: Source,
    fixture: Option<Arc<str>>,
    note: Cow<'static, str>,
    elapsed_ms: u128,
    exchange: Option<KeptExchange>,
}

/// What a log line says about a request, beyond its bodies.
#[derive(Debug)]
pub(crate) struct LogLine<'a> {
    pub(crate) query_number: u64,
    pub(crate) method: &'a HttpMethod,
    pub(crate) path: &'a str,
    pub(crate) operation: Option<Operation>,
    pub(crate) status: u16,
    pub(crate) source: Source,
    pub(crate) fixture: Option<Arc<str>>,
    pub(crate) note: Cow<'static, str>,
    pub(crate) elapsed_ms: u128,
    /// When the request arrived, in milliseconds since the Unix epoch (the host's clock).
    pub(crate) unix_ms: u64,
}

impl LogEntry {
    pub(crate) fn new(line: LogLine<'_>, exchange: Option<KeptExchange>) -> Self {
        let (prefix, path) = logged_path(line.path, line.operation);
        Self {
            query_number: line.query_number,
            unix_ms: line.unix_ms,
            method: method_name(line.method),
            prefix,
            path,
            status: line.status,
            source: line.source,
            fixture: line.fixture,
            note: line.note,
            elapsed_ms: line.elapsed_ms,
            exchange,
        }
    }

    fn view(&self) -> LogView {
        LogView {
            query_id: query_id(self.query_number),
            unix_ms: self.unix_ms,
            method: self.method.clone(),
            path: format!("{}{}", self.prefix, self.path),
            status: self.status,
            source: self.source,
            fixture: self.fixture.clone(),
            note: self.note.clone(),
            elapsed_ms: self.elapsed_ms,
            request_bytes: self.exchange.as_ref().map(|e| e.request.len),
            answer_bytes: self.exchange.as_ref().map(|e| e.answer.len),
        }
    }

    fn detail(&self) -> LogDetail {
        let exchange = self.exchange.as_ref();
        LogDetail {
            view: self.view(),
            query: exchange.and_then(|e| e.query.as_deref().map(str::to_owned)),
            request_body: exchange.map(|e| e.request.text()),
            request_body_truncated: exchange.is_some_and(|e| e.request.len > e.request.start.len()),
            answer_body: exchange.map(|e| e.answer.text()),
            answer_body_truncated: exchange.is_some_and(|e| e.answer.len > e.answer.start.len()),
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

/// `MOCK.<counter>.<up to 8 hex digits>`: unique per answer, like OVH's `EU.ext-3.<hex>.<id>`.
pub(crate) fn query_id(number: u64) -> String {
    format!("MOCK.{number:x}.{:x}", mix(number) & 0xffff_ffff)
}

/// The counter of a query id, when its hash part is the right one.
fn parse_query_id(id: &str) -> Option<u64> {
    let (counter, _) = id.strip_prefix("MOCK.")?.split_once('.')?;
    let number = u64::from_str_radix(counter, 16).ok()?;
    (query_id(number) == id).then_some(number)
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
            let line = LogLine {
                query_number: number,
                method: &HttpMethod::GET,
                path: "/x",
                operation: None,
                status: 200,
                source: Source::Mock,
                fixture: None,
                note: "".into(),
                elapsed_ms: 0,
                unix_ms: 0,
            };
            let big = Bytes::from(vec![b'a'; KEPT_BODY_BYTES + 1]);
            let exchange =
                KeptExchange { query: None, request: KeptBody::new(&big), answer: KeptBody::new(&"{}".into()) };
            log.push(LogEntry::new(line, Some(exchange)));
        }
        let ids: Vec<_> = log.views().into_iter().map(|v| v.query_id).collect();
        assert_eq!(ids, [query_id(1), query_id(2)]);
        let detail = log.detail(&query_id(2)).unwrap();
        assert!(detail.request_body_truncated && !detail.answer_body_truncated);
        assert_eq!(detail.request_body.unwrap().len(), KEPT_BODY_BYTES);
        assert_eq!(detail.view.request_bytes, Some(KEPT_BODY_BYTES + 1));
        assert!(log.detail(&query_id(0)).is_none(), "pushed out");
        let forged = format!("MOCK.2.{:x}", (mix(2) & 0xffff_ffff) ^ 1);
        assert!(log.detail(&forged).is_none() && log.detail("MOCK.zz.1").is_none());
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
