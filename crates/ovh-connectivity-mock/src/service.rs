//! The request path, front to back: preflight and header faults, then the admin API or the
//! API pipeline (route → body → match → replay), then the answer and its log line.
//!
//! Each stage is a module of its own: [`route`](crate::route), [`matching`](crate::matching),
//! [`replay`](crate::replay), [`reply`](crate::reply); shared state is in
//! [`state`](crate::state).

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, Method as HttpMethod, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use ovh_connectivity_types::Operation;

use crate::config::AuthMode;
use crate::matching::{self, match_request};
use crate::reply::{MockBody, Reply};
use crate::route::{self, Route, read_body, signed_url};
use crate::state::{LogEntry, MockState, query_id};

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
            Ok((parts, body)) => crate::admin::handle(&state, &parts.method, &parts.uri, &body),
            Err(reply) => reply,
        };
        (None, reply)
    } else {
        api(&state, request, path, started).await
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
        Some(HeaderFault::Drop) | None => {}
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
    let entry = LogEntry::new(query_number, &method, path, operation, status, fixture, note, elapsed.as_millis());
    state.log().push(entry);
    Ok(response)
}

/// The API pipeline: route, read the body, match, replay. The operation, when routing found
/// one, is for the log.
async fn api(
    state: &MockState,
    request: Request<Incoming>,
    raw_path: &str,
    started: Instant,
) -> (Option<Operation>, Reply) {
    let (operation, path) = match route::route(request.method(), raw_path) {
        Ok(Route::AuthTime) => {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            return (None, Reply::json(StatusCode::OK, now.to_string()).with_note("auth time"));
        }
        Ok(Route::Operation(operation, path)) => (operation, path),
        Err(reply) => return (None, reply),
    };
    (Some(operation), operation_reply(state, request, operation, path, started).await)
}

async fn operation_reply(
    state: &MockState,
    request: Request<Incoming>,
    operation: Operation,
    path: &str,
    started: Instant,
) -> Reply {
    let config = &state.config;
    // The URL a signature covers, only when signatures are checked.
    let signed_url = matches!(config.auth, AuthMode::Verify(_)).then(|| signed_url(&request));
    let (parts, body) = match read_body(config, request).await {
        Ok(read) => read,
        Err(reply) => return reply,
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
    match match_request(config, &catalog, routed) {
        Ok(matched) => crate::replay::replay(state, &catalog, &matched, started).await,
        Err(reply) => reply,
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
