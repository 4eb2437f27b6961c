//! The request path: route, validate, authenticate, look up, advance the task, answer.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, Method as HttpMethod, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use ovh_connectivity_fixtures::{Fault, Latency, RequestKey, TypedRequest};
use ovh_connectivity_types::{AnswerKind, Method, Operation, RequestInput, RouteMiss};
use serde::Serialize;
use serde_json::{Value, json};

use crate::auth::Verification;
use crate::catalog::{Catalog, Served};
use crate::config::{AuthMode, MockConfig};
use crate::reply::{MockBody, Reply};
use crate::tasks::{Forced, TaskTable};

/// Reserved prefix of the admin API.
pub(crate) const ADMIN_PREFIX: &str = "/__admin";

const PENDING_BODY: &[u8] = br#"{"status":"pending","result":null,"error":null}"#;

/// State shared by every connection.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: MockConfig,
    pub(crate) catalog: RwLock<Arc<Catalog>>,
    pub(crate) tasks: Mutex<TaskTable>,
    log: Mutex<VecDeque<LogEntry>>,
    pub(crate) started: Instant,
    counter: AtomicU64,
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
struct LogEntry {
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

/// The path as the log keeps it: static when it is an operation's (the usual case).
fn logged_path(path: &str) -> (&'static str, Cow<'static, str>) {
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

/// The connection is to be closed without an answer (the `drop` fault).
#[derive(Debug, thiserror::Error)]
#[error("connection dropped on purpose (X-Mock-Fault: drop, or a fixture phase's \"fault\": \"drop\")")]
pub(crate) struct DropConnection;

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere must not take the whole mock down: the data stays usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub(crate) fn new(config: MockConfig) -> Self {
        let catalog = Catalog::new(config.fixtures.clone());
        Self {
            tasks: Mutex::new(TaskTable::new(config.task_ttl, config.max_tasks)),
            log: Mutex::new(VecDeque::with_capacity(config.request_log_capacity)),
            catalog: RwLock::new(Arc::new(catalog)),
            started: Instant::now(),
            counter: AtomicU64::new(0),
            config,
        }
    }

    pub(crate) fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub(crate) fn tasks(&self) -> std::sync::MutexGuard<'_, TaskTable> {
        lock(&self.tasks)
    }

    pub(crate) fn recent_requests(&self) -> Vec<LogView> {
        lock(&self.log).iter().map(LogEntry::view).collect()
    }

    /// Swaps the served fixtures; task state is dropped (its phases may no longer exist).
    pub(crate) fn replace_catalog(&self, catalog: Catalog) -> usize {
        *self.catalog.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(catalog);
        self.tasks().clear()
    }

    fn next_query_number(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    fn random_below(&self, bound: u64) -> u64 {
        if bound == 0 { 0 } else { mix(self.counter.fetch_add(1, Ordering::Relaxed) ^ 0x9e37_79b9) % bound }
    }
}

/// `MOCK.<counter>.<8 hex digits>`: unique per answer, like OVH's `EU.ext-3.<hex>.<id>`.
fn query_id(number: u64) -> String {
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

/// SplitMix64: a well-spread number from a counter, for query ids and latency draws.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Answers one request.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<MockBody>, DropConnection> {
    let started = Instant::now();
    let query_number = shared.next_query_number();
    let query_id = query_id(query_number);
    let origin = crate::cors::allowed_origin(&shared.config.cors, request.headers().get(header::ORIGIN));
    let method = request.method().clone();
    // A cheap copy (shared bytes): the request is consumed before the log line is written.
    let uri = request.uri().clone();
    let path = uri.path();

    // A browser's preflight: answered for every path.
    if method == HttpMethod::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        let mut response = Reply::json(StatusCode::NO_CONTENT, Bytes::new()).into_response(&query_id, origin.as_ref());
        if origin.is_some() {
            crate::cors::add_preflight_headers(response.headers_mut());
        }
        tracing::info!(%method, %path, status = 204, "preflight");
        return Ok(response);
    }

    let fault = HeaderFault::parse(request.headers());
    if fault == Some(HeaderFault::Drop) {
        tracing::info!(%method, %path, "fault: dropping the connection");
        return Err(DropConnection);
    }

    let mut reply = if path.strip_prefix(ADMIN_PREFIX).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')) {
        match read_body(&shared.config, request).await {
            Ok((parts, body)) => crate::admin::handle(&shared, &parts.method, &parts.uri, &body),
            Err(reply) => reply,
        }
    } else {
        api(&shared, request, path, started).await
    };

    if reply.drop_connection {
        tracing::info!(%method, %path, fixture = reply.fixture.as_deref().unwrap_or("-"), "{}: dropping the connection", reply.note);
        return Err(DropConnection);
    }
    match fault {
        Some(HeaderFault::Status(status)) => {
            reply = Reply::error(status, "Server::InternalServerError", "Injected fault (X-Mock-Fault)")
                .with_note(format!("fault: status {}", status.as_u16()));
        }
        Some(HeaderFault::SlowBody) => reply.slow_body = true,
        _ => {}
    }

    let elapsed = started.elapsed();
    let note = std::mem::take(&mut reply.note);
    let fixture = reply.fixture.take();
    let status = reply.status.as_u16();
    let response = reply.into_response(&query_id, origin.as_ref());
    tracing::info!(
        query_id = %query_id,
        %method,
        %path,
        status,
        fixture = fixture.as_deref().unwrap_or("-"),
        elapsed_ms = elapsed.as_millis() as u64,
        "{note}"
    );
    {
        let mut log = lock(&shared.log);
        if log.len() >= shared.config.request_log_capacity {
            log.pop_front();
        }
        if shared.config.request_log_capacity > 0 {
            let (prefix, path) = logged_path(path);
            log.push_back(LogEntry {
                query_number,
                method: method_name(&method),
                prefix,
                path,
                status,
                fixture,
                note,
                elapsed_ms: elapsed.as_millis(),
            });
        }
    }
    Ok(response)
}

fn method_name(method: &HttpMethod) -> Cow<'static, str> {
    match *method {
        HttpMethod::GET => "GET".into(),
        HttpMethod::POST => "POST".into(),
        HttpMethod::PUT => "PUT".into(),
        HttpMethod::DELETE => "DELETE".into(),
        HttpMethod::OPTIONS => "OPTIONS".into(),
        _ => method.as_str().to_owned().into(),
    }
}

/// A fault asked for with the `X-Mock-Fault` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HeaderFault {
    /// `drop`: close the connection without answering.
    Drop,
    /// `slow-body`: send the answer in small chunks with pauses.
    SlowBody,
    /// A status code (`503`): answer it with an OVH server error.
    Status(StatusCode),
}

impl HeaderFault {
    fn parse(headers: &HeaderMap) -> Option<Self> {
        let value = headers.get("x-mock-fault")?.to_str().ok()?.trim();
        match value {
            "drop" => Some(Self::Drop),
            "slow-body" => Some(Self::SlowBody),
            other => other.parse::<u16>().ok().and_then(|code| StatusCode::from_u16(code).ok()).map(Self::Status),
        }
    }
}

#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
async fn read_body(config: &MockConfig, request: Request<Incoming>) -> Result<(http::request::Parts, Bytes), Reply> {
    let too_large = || {
        Reply::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Client::RequestEntityTooLarge",
            format!("Request body is larger than {} bytes", config.max_body_bytes),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > config.max_body_bytes as u64) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(config.body_read_timeout, Limited::new(body, config.max_body_bytes).collect()).await {
        Err(_) => Err(Reply::error(
            StatusCode::REQUEST_TIMEOUT,
            "Client::RequestTimeout",
            format!("Request body not received within {} s", config.body_read_timeout.as_secs()),
        )),
        Ok(Err(error)) if error.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(error)) => Err(Reply::bad_request(format!("Could not read the request body: {error}"))),
        Ok(Ok(collected)) => Ok((parts, collected.to_bytes())),
    }
}

/// Splits `/1.0/connectivity/...` or `/v1/connectivity/...` into the API path.
fn strip_api_prefix(path: &str) -> Option<&str> {
    ["/1.0", "/v1"].iter().find_map(|prefix| path.strip_prefix(prefix).filter(|rest| rest.starts_with('/')))
}

async fn api(shared: &Shared, request: Request<Incoming>, raw_path: &str, started: Instant) -> Reply {
    let config = &shared.config;
    let Some(path) = strip_api_prefix(raw_path) else {
        return Reply::not_found(format!(
            "Got an invalid (or empty) URL: `{raw_path}` is outside the API (paths start with /1.0 or /v1)"
        ));
    };

    if path == "/auth/time" {
        if request.method() != HttpMethod::GET {
            return method_not_allowed(&[Method::Get]);
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        return Reply::json(StatusCode::OK, now.to_string()).with_note("auth time");
    }

    let Some(method) = Method::from_name(request.method().as_str()) else {
        return match Operation::find(Method::Get, path) {
            Err(RouteMiss::UnknownPath) => unknown_path(path),
            _ => method_not_allowed(&allowed_methods(path)),
        };
    };
    let operation = match Operation::find(method, path) {
        Ok(operation) => operation,
        Err(RouteMiss::WrongMethod(allowed)) => return method_not_allowed(&allowed),
        Err(_) => return unknown_path(path),
    };
    if let Some(id) = operation.path_id(path)
        && id.parse::<i64>().is_err()
    {
        return Reply::bad_request(format!("Invalid parameter id: `{id}` is not an integer (long)"));
    }

    // The URL a signature covers, only when signatures are checked.
    let url = matches!(config.auth, AuthMode::Verify(_)).then(|| signed_url(&request));
    let (parts, body) = match read_body(config, request).await {
        Ok(read) => read,
        Err(reply) => return reply,
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let query = parse_query(parts.uri.query().unwrap_or(""));
    let catalog = shared.catalog();
    let mut fast_hit = None;

    // The request must be what the operation takes.
    let body_value = match operation.input() {
        RequestInput::JsonBody => {
            if let Some(content_type) = content_type
                && !content_type.get(..16).is_some_and(|start| start.eq_ignore_ascii_case("application/json"))
            {
                return Reply::error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Client::UnsupportedMediaType",
                    format!("Content-Type `{content_type}` is not supported: send application/json"),
                );
            }
            let text = match std::str::from_utf8(&body) {
                Ok(text) => text,
                Err(_) => return Reply::bad_request("Invalid JSON received: the body is not UTF-8"),
            };
            // Fast path: a body already in canonical form (compact, keys in order: what clients
            // usually send) names its fixture without being parsed.
            if query.is_empty() {
                let candidate = RequestKey::assume_canonical(method, path, text);
                if let Some(served) = catalog.find(&candidate) {
                    fast_hit = Some((candidate, served));
                }
            }
            if fast_hit.is_some() {
                None
            } else {
                let value: Value = match serde_json::from_str(text) {
                    Ok(value) => value,
                    Err(error) => return Reply::bad_request(format!("Invalid JSON received: {error}")),
                };
                if !value.is_object() {
                    return Reply::bad_request("Invalid body: expected a JSON object");
                }
                Some(value)
            }
        }
        _ => None,
    };

    // Signatures: verified when asked to, required on the routes that require them.
    if let AuthMode::Verify(credentials) = &config.auth
        && (operation.requires_auth() || parts.headers.contains_key("x-ovh-signature"))
    {
        let verification = Verification {
            credentials,
            method: parts.method.as_str(),
            url: url.as_deref().unwrap_or_default(),
            body: &body,
            now_unix: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
            window_secs: config.auth_time_window_secs,
        };
        if let Err(reply) = verification.check(&parts.headers) {
            return reply;
        }
    }

    let (key, served) = match fast_hit {
        Some((key, served)) => (key, Some(served)),
        None => {
            let key =
                RequestKey::new(method, path, query.iter().map(|(n, v)| (n.as_str(), v.as_str())), body_value.as_ref());
            let served = catalog.find(&key);
            (key, served)
        }
    };
    let session = config
        .session_header
        .as_ref()
        .and_then(|name| parts.headers.get(name))
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let task_key: Cow<'_, str> =
        if session.is_empty() { key.as_str().into() } else { format!("{key} @{session}").into() };

    // A request equal to a fixture's is valid: the loader decoded that one into its type.
    if served.is_none()
        && let Err(reply) = validate(operation, &query, body_value.as_ref())
    {
        return reply;
    }
    match served {
        Some(served) => {
            let latency = served.fixture.latency.or(config.latency);
            let reply = from_fixture(shared, served, &task_key, started);
            sleep_for(shared, latency).await;
            reply
        }
        None if config.strict => strict_miss(&catalog, operation, &query, body_value.as_ref()),
        None => {
            let reply = uncovered(shared, operation, &task_key, path, &query, body_value.as_ref());
            sleep_for(shared, config.latency).await;
            reply
        }
    }
}

/// Checks a request no fixture covers against its operation's wire type.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
fn validate(operation: Operation, query: &[(String, String)], body: Option<&Value>) -> Result<(), Reply> {
    match operation.input() {
        RequestInput::JsonBody => {
            // No parsed body means the canonical fast path matched a fixture: nothing to check.
            let Some(body) = body else { return Ok(()) };
            let typed = TypedRequest::decode_value(operation, body)
                .map_err(|error| Reply::bad_request(format!("Invalid body for {operation}: {error}")))?;
            refuse_unknown_values(operation, "body", typed.as_ref())
        }
        RequestInput::Query => {
            let object: serde_json::Map<String, Value> =
                query.iter().map(|(name, value)| (name.clone(), Value::String(value.clone()))).collect();
            let typed = TypedRequest::decode_value(operation, &Value::Object(object))
                .map_err(|error| Reply::bad_request(format!("Invalid query for {operation}: {error}")))?;
            refuse_unknown_values(operation, "query", typed.as_ref())
        }
        _ => Ok(()),
    }
}

/// The wire types keep enum values they do not know; the API refuses them in requests.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
fn refuse_unknown_values(operation: Operation, what: &str, typed: Option<&TypedRequest>) -> Result<(), Reply> {
    let unknown = typed.map(TypedRequest::unknown_enum_values).unwrap_or_default();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Reply::bad_request(format!("Invalid {what} for {operation}: {}", unknown.join("; "))))
    }
}

async fn sleep_for(shared: &Shared, latency: Option<Latency>) {
    let millis = match latency {
        None => return,
        Some(Latency::Fixed(ms)) => ms,
        Some(Latency::Range(low, high)) => low.min(high) + shared.random_below(high.abs_diff(low) + 1),
    };
    tokio::time::sleep(Duration::from_millis(millis)).await;
}

fn from_fixture(shared: &Shared, served: &Served, task_key: &str, now: Instant) -> Reply {
    let fixture = &served.fixture;
    let seen = shared.tasks().see(task_key, Some(&fixture.id), now);
    let attempt = seen.attempt;
    let (status, body, note) = match (seen.forced, shared.config.pending_override) {
        (Some(Forced::Error(message)), _) => {
            let body = serde_json::to_vec(&json!({"status": "error", "result": null, "error": message}))
                .expect("json serializes");
            (StatusCode::OK, Bytes::from(body), "forced -> error".into())
        }
        (Some(Forced::Final), _) => {
            let last = fixture.final_phase();
            (status_of(last.status), served.bodies[served.bodies.len() - 1].clone(), "forced -> final".into())
        }
        (None, Some(pending)) if fixture.operation.answer() == AnswerKind::AsyncTask => {
            let total = u64::from(pending);
            if attempt < total {
                let body = served.pending_body.clone().unwrap_or_else(|| Bytes::from_static(PENDING_BODY));
                (StatusCode::OK, body, format!("pending {}/{total}", attempt + 1).into())
            } else {
                let last = fixture.final_phase();
                let note = transition(attempt, total, last.kind);
                (status_of(last.status), served.bodies[served.bodies.len() - 1].clone(), note)
            }
        }
        (None, _) => {
            let total = fixture.attempts_before_final();
            let phase = fixture.phase_for_attempt(attempt);
            let index = fixture.phases.iter().position(|p| std::ptr::eq(p, phase)).unwrap_or(0);
            let note = if attempt < total {
                format!("{} {}/{total}", kind_name(phase.kind), attempt + 1).into()
            } else {
                transition(attempt, total, phase.kind)
            };
            let reply = Reply::json(status_of(phase.status), served.bodies[index].clone()).with_note(note);
            return Reply {
                fixture: Some(served.id.clone()),
                slow_body: phase.fault == Some(Fault::SlowBody),
                drop_connection: phase.fault == Some(Fault::Drop),
                ..reply
            };
        }
    };
    Reply { fixture: Some(served.id.clone()), ..Reply::json(status, body).with_note(note) }
}

fn status_of(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::OK)
}

fn kind_name(kind: ovh_connectivity_fixtures::PhaseKind) -> &'static str {
    use ovh_connectivity_fixtures::PhaseKind as K;
    match kind {
        K::Pending => "pending",
        K::TaskOk => "ok",
        K::TaskError => "error",
        K::HttpError => "http error",
        K::Dropped => "dropped",
        _ => "value",
    }
}

/// `pending 2/2 -> ok` on the answer that ends the task, `ok (repeat)` after: the poll count
/// of a task is in the admin API; repeats cost no allocation.
fn transition(
    attempt: u64,
    pending: u64,
    kind: ovh_connectivity_fixtures::PhaseKind,
) -> std::borrow::Cow<'static, str> {
    let name = kind_name(kind);
    if pending == 0 && attempt == 0 {
        name.into()
    } else if attempt == pending {
        format!("pending {pending}/{pending} -> {name}").into()
    } else {
        match kind {
            ovh_connectivity_fixtures::PhaseKind::TaskOk => "ok (repeat)".into(),
            ovh_connectivity_fixtures::PhaseKind::TaskError => "error (repeat)".into(),
            ovh_connectivity_fixtures::PhaseKind::Value => "value (repeat)".into(),
            _ => format!("{name} (repeat)").into(),
        }
    }
}

/// What the real API would plausibly answer to a well-formed request no fixture covers.
fn uncovered(
    shared: &Shared,
    operation: Operation,
    task_key: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Reply {
    use Operation as O;
    let field = |name: &str| body.and_then(|b| b.get(name)).and_then(Value::as_str).unwrap_or("").to_owned();
    let final_task = match operation {
        O::SearchCities
        | O::SearchStreets
        | O::SearchStreetNumbers
        | O::SearchStreetNumberDetails
        | O::SearchBuildings
        | O::SearchBuildingsByLine
        | O::SearchLines
        | O::SearchAddresses => json!({"status": "ok", "result": [], "error": null}),
        O::SearchBuildingDetails => task_error(format!("Building {} not found", field("building"))),
        O::SearchMeetings => task_error("No meeting slot available for this eligibility reference".to_owned()),
        O::TestLine | O::TestLinePartners => {
            task_error(format!("No {} line found for number {}", field("status"), field("lineNumber")))
        }
        O::TestAddress | O::TestAddressPartners => {
            task_error("No copper line found near this address for a neighbour-line creation".to_owned())
        }
        O::TestBuilding | O::TestBuildingPartners => task_error(format!("Building {} not found", field("building"))),
        O::TestOtp | O::TestOtpPartners => task_error(format!("Optical termination point {} not found", field("otp"))),
        O::ListRecalls
        | O::WorkPlannedPublic
        | O::WorkPlannedPartners
        | O::GenericIncidentPublic
        | O::GenericIncidentPartners => {
            return Reply::json(StatusCode::OK, "[]").with_note("no fixture: empty list");
        }
        O::GetEligibilityTest => {
            let reference = query.iter().find(|(n, _)| n == "eligibilityReference").map_or("", |(_, v)| v.as_str());
            return Reply::not_found(format!("Eligibility reference {reference} not found"));
        }
        O::CreateRecall => {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let recall = json!({
                "id": 1000 + (now % 100_000),
                "reference": field("reference"),
                "referenceType": field("referenceType"),
                "customer": "mock-customer",
                "creationDate": "2026-01-01T00:00:00+01:00",
                "updatedDate": "2026-01-01T00:00:00+01:00",
                "completed": false,
                "completedDate": null,
                "profiberRequest": body.and_then(|b| b.get("profiberRequest")).and_then(Value::as_bool).unwrap_or(false),
                "dedicatedfiberRequest": body.and_then(|b| b.get("dedicatedfiberRequest")).and_then(Value::as_bool).unwrap_or(false),
            });
            return Reply::json(StatusCode::OK, recall.to_string()).with_note("no fixture: recall created");
        }
        O::GetRecall | O::EditRecall | O::DeleteRecall => {
            let id = operation.path_id(path).unwrap_or("");
            return Reply::not_found(format!("The requested object (id = {id}) does not exist"));
        }
        _ => return Reply::not_found("No fixture answers this request"),
    };
    let seen = shared.tasks().see(task_key, None, Instant::now());
    let pending = u64::from(shared.config.pending_override.unwrap_or(shared.config.default_pending));
    if let Some(Forced::Error(message)) = seen.forced {
        return Reply::json(StatusCode::OK, task_error(message).to_string()).with_note("forced -> error");
    }
    if seen.attempt < pending && seen.forced.is_none() {
        return Reply::json(StatusCode::OK, Bytes::from_static(PENDING_BODY))
            .with_note(format!("no fixture: pending {}/{pending}", seen.attempt + 1));
    }
    let kind = if final_task["status"] == "ok" { "ok" } else { "error" };
    Reply::json(StatusCode::OK, final_task.to_string()).with_note(format!("no fixture: -> {kind}"))
}

fn task_error(message: String) -> Value {
    json!({"status": "error", "result": null, "error": message})
}

fn strict_miss(catalog: &Catalog, operation: Operation, query: &[(String, String)], body: Option<&Value>) -> Reply {
    let mut fields: Vec<(String, String)> = query.to_vec();
    if let Some(Value::Object(map)) = body {
        fields.extend(map.iter().map(|(name, value)| (name.clone(), ovh_connectivity_fixtures::canonical_json(value))));
    }
    let hint = match catalog.closest(operation, &fields) {
        Some(fixture) => format!(
            "; the closest fixture is `{}` ({}), which answers {}",
            fixture.id,
            fixture.description,
            fixture.request.body.as_deref().map_or_else(
                || format!("{:?}", fixture.request.query),
                |b| serde_json::from_str::<Value>(b).map(|v| v.to_string()).unwrap_or_default()
            )
        ),
        None => format!("; no fixture covers {operation} at all"),
    };
    Reply::not_found(format!("No fixture answers this request (strict mode){hint}"))
}

fn unknown_path(path: &str) -> Reply {
    Reply::not_found(format!("Got an invalid (or empty) URL: no operation at `{path}`"))
}

fn allowed_methods(path: &str) -> Vec<Method> {
    match Operation::find(Method::Get, path) {
        Ok(_) => Operation::ALL.iter().filter(|op| op.matches_path(path)).map(|op| op.method()).collect(),
        Err(RouteMiss::WrongMethod(allowed)) => allowed,
        Err(_) => Vec::new(),
    }
}

fn method_not_allowed(allowed: &[Method]) -> Reply {
    let allow = allowed.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ");
    let mut reply = Reply::error(
        StatusCode::METHOD_NOT_ALLOWED,
        "Client::MethodNotAllowed",
        format!("Method not allowed on this path; allowed: {allow}"),
    );
    reply.allow = Some(allow);
    reply
}

/// The URL a client signed: scheme, `Host`, and the raw request target.
fn signed_url(request: &Request<Incoming>) -> String {
    let uri = request.uri();
    if uri.scheme().is_some() {
        return uri.to_string();
    }
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
    format!("http://{host}{target}")
}

/// Decodes an `application/x-www-form-urlencoded` query (`+` is a space).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::parse_query;

    #[test]
    fn queries_are_form_decoded() {
        assert_eq!(
            parse_query("status=detected&a+b=c%20d&bad=%zz&empty"),
            [("status", "detected"), ("a b", "c d"), ("bad", "%zz"), ("empty", "")]
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
    }
}
