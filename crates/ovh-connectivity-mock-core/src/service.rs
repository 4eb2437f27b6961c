//! The request path, front to back: preflight and header faults, then the admin API or the
//! API pipeline (route → body → match → replay), then the answer and its log line.
//!
//! Each stage is a module of its own: [`route`](crate::route), [`matching`](crate::matching),
//! [`replay`](crate::replay), [`reply`](crate::reply); shared state is in
//! [`state`](crate::state).

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Method as HttpMethod, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use ovh_connectivity_types::Operation;

use crate::config::AuthMode;
use crate::matching::{self, match_request};
use crate::reply::Source;
use crate::reply::{MockBody, Reply};
use crate::route::{self, Route, read_body, signed_url};
use crate::settings::{Fault, Settings};
use crate::state::{KeptBody, KeptExchange, LogEntry, LogLine, MockState, query_id};

/// Where OVH serves the OAuth2 token endpoint, at the root of its host.
const TOKEN_PATH: &str = "/auth/oauth2/token";

/// The connection is to be closed without an answer (the `drop` fault).
#[derive(Debug, thiserror::Error)]
#[error("connection dropped on purpose (X-Mock-Fault: drop, or a fixture phase's \"fault\": \"drop\")")]
pub(crate) struct DropConnection;

/// Answers one request.
pub(crate) async fn handle(
    state: Arc<MockState>,
    request: Request<Incoming>,
) -> Result<Response<MockBody>, DropConnection> {
    let started = Instant::now();
    let query_number = state.next_query_number();
    let query_id = query_id(query_number);
    let origin = crate::cors::allowed_origin(&state.config.cors, request.headers().get(header::ORIGIN));
    let method = request.method().clone();
    // A cheap copy (shared bytes): the request is consumed before the log line is written.
    let uri = request.uri().clone();
    let path = uri.path();

    // A browser's preflight: answered for every path.
    if method == HttpMethod::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        let mut response = Reply::json(StatusCode::NO_CONTENT, Bytes::new()).into_response(&query_id, origin.as_ref());
        if origin.is_some() {
            let requested = request.headers().get(header::ACCESS_CONTROL_REQUEST_HEADERS);
            crate::cors::add_preflight_headers(response.headers_mut(), requested);
        }
        tracing::info!(%method, %path, status = 204, "preflight");
        return Ok(response);
    }

    // An `X-Mock-Fault` the mock cannot act out is refused rather than ignored: a test that
    // asks for a fault must not pass because none came.
    let header_fault = match request.headers().get("x-mock-fault") {
        None => None,
        Some(value) => match value.to_str().ok().and_then(Fault::parse) {
            Some(fault) => Some(fault),
            None => {
                let given = String::from_utf8_lossy(value.as_bytes()).into_owned();
                let reply = Reply::bad_request(format!(
                    "X-Mock-Fault `{given}` is not a fault the mock can inject: use {}",
                    Fault::ACCEPTED
                ));
                tracing::info!(%method, %path, status = 400, "unknown X-Mock-Fault `{given}`");
                let line = LogLine {
                    query_number,
                    method: &method,
                    path,
                    operation: None,
                    status: 400,
                    source: Source::Error,
                    fixture: None,
                    note: format!("unknown X-Mock-Fault `{given}`").into(),
                    elapsed_ms: started.elapsed().as_millis(),
                };
                state.log().push(LogEntry::new(line, None));
                return Ok(reply.into_response(&query_id, origin.as_ref()));
            }
        },
    };
    if header_fault == Some(Fault::Drop) {
        tracing::info!(%method, %path, "fault: dropping the connection");
        return Err(DropConnection);
    }

    // API requests only: a fault from the settings, and the query and body for the log.
    let mut settings_fault = None;
    let mut kept_request = None;
    let (operation, mut reply) = if path == TOKEN_PATH {
        let reply = match read_body(&state.config, request).await {
            Ok((parts, _)) if parts.method != HttpMethod::POST => {
                crate::route::method_not_allowed(&[ovh_connectivity_types::Method::Post])
            }
            Ok((parts, body)) => state.tokens.token(&state.config, &parts.headers, &body),
            Err(reply) => reply,
        };
        (None, reply)
    } else if crate::admin::is_admin_path(path) {
        let reply = match read_body(&state.config, request).await {
            Ok((mut parts, body)) => {
                // HEAD is GET without the body (RFC 9110 §9.3.2); hyper sends no body for it.
                if parts.method == HttpMethod::HEAD {
                    parts.method = HttpMethod::GET;
                }
                crate::admin::handle(&state, &parts, &body)
            }
            Err(reply) => reply,
        };
        (None, reply.with_source(Source::Admin))
    } else {
        // The settings of the moment, read once: a change applies to the next request.
        let now = state.settings();
        let answered = api(&state, &now, request, path, started).await;
        settings_fault = now.fault.filter(|_| state.random_below(100) < u64::from(now.fault_percent));
        kept_request = answered.request;
        (answered.operation, answered.reply)
    };
    let line = |status, source, fixture, note, elapsed: std::time::Duration| LogLine {
        query_number,
        method: &method,
        path,
        operation,
        status,
        source,
        fixture,
        note,
        elapsed_ms: elapsed.as_millis(),
    };

    // A fault from the header wins over one from the settings.
    let fault = header_fault.or(settings_fault);
    if reply.drop_connection || fault == Some(Fault::Drop) {
        let note = if reply.drop_connection { reply.note.as_ref() } else { "fault" };
        tracing::info!(%method, %path, fixture = reply.fixture.as_deref().unwrap_or("-"), "{note}: dropping the connection");
        let source = if reply.drop_connection { reply.source } else { Source::Fault };
        let note = format!("{note}: connection dropped").into();
        state.log().push(LogEntry::new(line(0, source, reply.fixture.take(), note, started.elapsed()), None));
        return Err(DropConnection);
    }
    match fault {
        Some(Fault::Status(status)) => {
            let origin = if header_fault.is_some() { "X-Mock-Fault header" } else { "the mock's settings" };
            reply = Reply::injected_fault(status, origin)
                .with_note(format!("fault: status {} from {origin}", status.as_u16()))
                .with_source(Source::Fault);
        }
        Some(Fault::SlowBody) => reply.slow_body = true,
        Some(Fault::Drop) | None => {}
    }

    let elapsed = started.elapsed();
    let note = std::mem::take(&mut reply.note);
    let fixture = reply.fixture.take();
    let status = reply.status.as_u16();
    let source = reply.source;
    let exchange = kept_request.map(|(query, body)| KeptExchange {
        query,
        request: KeptBody::new(&body),
        answer: KeptBody::new(&reply.body),
    });
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
    // The dashboard reads the admin API every second: those reads would push every request
    // out of the log. Admin changes are kept.
    if !(source == Source::Admin && method == HttpMethod::GET) {
        state.log().push(LogEntry::new(line(status, source, fixture, note, elapsed), exchange));
    }
    Ok(response)
}

/// What the API pipeline answered.
struct ApiAnswer {
    /// The operation, when routing found one, for the log.
    operation: Option<Operation>,
    reply: Reply,
    /// The query and body, when the request got as far as having them read.
    request: Option<(Option<Box<str>>, Bytes)>,
}

/// The API pipeline: route, read the body, match, replay.
async fn api(
    state: &MockState,
    settings: &Settings,
    request: Request<Incoming>,
    raw_path: &str,
    started: Instant,
) -> ApiAnswer {
    let (operation, path) = match route::route(request.method(), raw_path) {
        Ok(Route::AuthTime) => {
            // The same credential rule as every route the schema marks `noAuthentication`.
            if matches!(state.config.auth, AuthMode::Verify(_)) {
                let signed_url = signed_url(&request);
                let (parts, body) = match read_body(&state.config, request).await {
                    Ok(read) => read,
                    Err(reply) => return ApiAnswer { operation: None, reply, request: None },
                };
                if let Err(reply) =
                    matching::check_credentials(&state.config, &state.tokens, false, &parts, Some(&signed_url), &body)
                {
                    return ApiAnswer { operation: None, reply, request: None };
                }
            }
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let reply = Reply::json(StatusCode::OK, now.to_string()).with_note("auth time");
            return ApiAnswer { operation: None, reply, request: None };
        }
        Ok(Route::Operation(operation, path)) => (operation, path),
        Err(reply) => return ApiAnswer { operation: None, reply, request: None },
    };
    let config = &state.config;
    // The URL a signature covers, only when signatures are checked.
    let signed_url = matches!(config.auth, AuthMode::Verify(_)).then(|| signed_url(&request));
    let (parts, body) = match read_body(config, request).await {
        Ok(read) => read,
        Err(reply) => return ApiAnswer { operation: Some(operation), reply, request: None },
    };
    let catalog = state.catalog();
    let routed = matching::RoutedRequest {
        operation,
        path,
        parts: &parts,
        body: &body,
        signed_url: signed_url.as_deref(),
        tokens: &state.tokens,
    };
    let reply = match match_request(config, &catalog, routed) {
        Ok(matched) => {
            let reply = crate::replay::replay(state, settings, &catalog, &matched, started).await;
            if matched.ignored_query.is_empty() {
                reply
            } else {
                // Parameters the route does not declare changed nothing; the log says so.
                let ignored = matched.ignored_query.join(", ");
                let note = format!("{}; query parameters not declared by the route, ignored: {ignored}", reply.note);
                reply.with_note(note)
            }
        }
        Err(reply) => reply,
    };
    let query = parts.uri.query().map(|query| query.chars().take(1024).collect::<String>().into_boxed_str());
    ApiAnswer { operation: Some(operation), reply, request: Some((query, body)) }
}
