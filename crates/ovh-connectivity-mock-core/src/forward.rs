//! Forwarding (`--proxy`): which matched requests go to the upstream instead of being
//! answered, the request the host sends there, and the answer made of what came back: the
//! upstream's own (2xx and 4xx, byte for byte), or an OVH-shaped 502/504 naming the upstream
//! when it failed. With recording on, a final answer becomes a fixture to write.
//!
//! The host makes the call ([`Delivery::Forward`]) and hands the outcome to
//! [`Mock::forwarded`]; the core never does IO.

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
#[cfg(test)]
use http::Response;
use http::{HeaderValue, Method as HttpMethod, Request, StatusCode, Uri, header};
use ovh_connectivity_fixtures::{DriftItem, RecordError, Recording, Written, answer_drift};
use ovh_connectivity_types::{AnswerKind, Operation};
use serde_json::Value;

use crate::catalog::Catalog;
use crate::config::ProxyConfig;
use crate::exchange::{
    Delivery, Exchange, Forward, LineKind, LogRecord, RecordTicket, Ticket, Upstream, UpstreamSigning,
};
use crate::matching::Matched;
use crate::mock::{Mock, Now, lock};
use crate::oauth::authorization;
use crate::reply::{Reply, Source, ovh_class, without_body};
use crate::request_log::{KeptBody, KeptExchange, LogEntry, LogLine, query_id};

/// What [`plan`] decided for the front door to wrap into a [`Forward`].
#[derive(Debug)]
pub(crate) struct Plan {
    request: Request<Bytes>,
    signing: UpstreamSigning,
    record: Option<RecordTicket>,
}

/// Headers passed on as they are; the credentials are decided apart.
const PASSED: [header::HeaderName; 3] = [header::CONTENT_TYPE, header::ACCEPT, header::ACCEPT_LANGUAGE];

/// Whether `matched` goes upstream, and how: `None` when the mock answers it itself, an
/// error when it cannot be forwarded (an application-key signature and nothing to sign with).
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
pub(crate) fn plan(
    mock: &Mock,
    proxy: &ProxyConfig,
    catalog: &Catalog,
    matched: &Matched<'_>,
    head: &http::request::Parts,
    body: &Bytes,
) -> Option<Result<Plan, Reply>> {
    if let Err(reply) = not_a_loop(mock, proxy, head) {
        return Some(Err(reply));
    }
    let covered = matched.served.is_some()
        || crate::filters::select(catalog, matched.operation, &matched.query).is_some_and(|selected| selected.is_ok());
    if covered && !proxy.all {
        return None;
    }
    let (request, signing) = match outgoing(mock, proxy, matched.operation, matched.path, head, body) {
        Ok(outgoing) => outgoing,
        Err(reply) => return Some(Err(reply)),
    };
    let record = mock.config.record.as_ref().map(|_| RecordTicket {
        path: matched.path.to_owned(),
        query: matched.query.iter().cloned().collect(),
        body: matched.body.clone().or_else(|| {
            // A canonical body named its fixture unparsed: parse it for the file.
            serde_json::from_slice(body).ok().filter(|_| !body.is_empty())
        }),
        task: format!("{}\u{0}{}", matched.key, matched.session),
    });
    Some(Ok(Plan { request, signing, record }))
}

/// A request the core refused as malformed (its body or query does not fit the operation):
/// forwarded all the same, so the caller gets the upstream's own error text, when the mock
/// checks no credentials (`--auth off`, the default). Nothing is recorded: a fixture's
/// request must fit its operation.
pub(crate) fn plan_refused(
    mock: &Mock,
    proxy: &ProxyConfig,
    operation: Operation,
    path: &str,
    head: &http::request::Parts,
    body: &Bytes,
) -> Option<Plan> {
    if !matches!(mock.config.auth, crate::config::AuthMode::Off) || not_a_loop(mock, proxy, head).is_err() {
        return None;
    }
    let (request, signing) = outgoing(mock, proxy, operation, path, head, body).ok()?;
    Some(Plan { request, signing, record: None })
}

/// Refuses a request that already passed through this mock (its `Via` names it): the
/// upstream leads back here, and forwarding again would loop until the timeouts.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
fn not_a_loop(mock: &Mock, proxy: &ProxyConfig, head: &http::request::Parts) -> Result<(), Reply> {
    let mine = head
        .headers
        .get_all(header::VIA)
        .iter()
        .any(|value| value.to_str().is_ok_and(|text| text.split(',').any(|hop| hop.trim() == mock.via)));
    if mine {
        let status = StatusCode::LOOP_DETECTED;
        let message = format!(
            "The upstream {} sent this request back to this mock: --proxy names the mock itself",
            proxy.upstream
        );
        return Err(Reply::error(status, &ovh_class(status), message).with_source(Source::Upstream));
    }
    Ok(())
}

/// The request to send upstream, and who signs it; an error when it cannot be forwarded.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
fn outgoing(
    mock: &Mock,
    proxy: &ProxyConfig,
    operation: Operation,
    path: &str,
    head: &http::request::Parts,
    body: &Bytes,
) -> Result<(Request<Bytes>, UpstreamSigning), Reply> {
    let mut target = path.to_owned();
    if let Some(query) = head.uri.query() {
        target.push('?');
        target.push_str(query);
    }
    let mut request = Request::new(body.clone());
    // HEAD goes as GET, whose answer the front door sends without its body: a bodiless HEAD
    // answer would not be JSON.
    *request.method_mut() = if head.method == HttpMethod::HEAD { HttpMethod::GET } else { head.method.clone() };
    *request.uri_mut() = match target.parse() {
        Ok(uri) => uri,
        Err(_) => return Err(Reply::bad_request("The request's target cannot be forwarded")),
    };
    let headers = request.headers_mut();
    // RFC 9110 §7.6.3: a forwarded request says it passed through here.
    if let Ok(via) = HeaderValue::from_str(&mock.via) {
        headers.insert(header::VIA, via);
    }
    for name in &PASSED {
        if let Some(value) = head.headers.get(name) {
            headers.insert(name, value.clone());
        }
    }
    if let Some(name) = &mock.config.session_header
        && let Some(value) = head.headers.get(name)
    {
        headers.insert(name, value.clone());
    }
    // A route marked `noAuthentication` goes as anyone's: the caller's credentials, if any,
    // stay here (a signature covers the mock's URL, and clients send none on these routes).
    let mut signing = UpstreamSigning::AsIs;
    if operation.requires_auth() {
        if authorization(&head.headers, "Bearer").is_some() {
            // Tokens are not bound to a URL: the caller got it from the upstream's token URL.
            if let Some(value) = head.headers.get(header::AUTHORIZATION) {
                headers.insert(header::AUTHORIZATION, value.clone());
            }
        } else if head.headers.contains_key("x-ovh-signature") || head.headers.contains_key("x-ovh-consumer") {
            if !proxy.can_sign {
                return Err(Reply::error(
                    StatusCode::UNAUTHORIZED,
                    "Client::Unauthorized",
                    format!(
                        "This call is signed with an application key, whose signature covers the mock's URL: it \
                         cannot be forwarded to {}. Give the mock --upstream-credentials to sign it again, or call \
                         with an OAuth2 Bearer token from the upstream's token URL",
                        proxy.upstream
                    ),
                ));
            }
            signing = UpstreamSigning::Host;
        }
    }
    Ok((request, signing))
}

impl Plan {
    /// The [`Forward`] of this plan, for the request numbered `query_number`.
    pub(crate) fn into_forward(
        self,
        query_number: u64,
        origin: Option<HeaderValue>,
        head: (&HttpMethod, &Uri),
        operation: Operation,
        kept: (Option<Box<str>>, Bytes),
    ) -> Forward {
        let ticket = Ticket {
            query_number,
            origin,
            method: head.0.clone(),
            uri: head.1.clone(),
            operation,
            kept,
            record: self.record,
        };
        Forward { request: self.request, signing: self.signing, ticket }
    }
}

/// The note of a request handed to the host to forward, for its log line.
pub(crate) fn forwarding_record(forward: &Forward, upstream: &str) -> LogRecord {
    LogRecord {
        kind: LineKind::Forwarding,
        query_id: query_id(forward.ticket.query_number),
        method: forward.ticket.method.clone(),
        uri: forward.ticket.uri.clone(),
        status: 0,
        source: Source::Upstream,
        fixture: None,
        note: format!("forwarding to {upstream}").into(),
        elapsed_ms: 0,
    }
}

impl Mock {
    /// The answer to a request the core handed over as [`Delivery::Forward`], from what the
    /// upstream did: its answer as it came for 2xx and 4xx JSON, or an OVH-shaped 502 (refused,
    /// unreachable, a 5xx, a body that is not JSON) or 504 (no answer in time) naming the
    /// upstream. With recording on, a final answer comes back in [`Exchange::record`].
    pub fn forwarded(&self, forward: Forward, upstream: Upstream, elapsed: Duration, now: Now) -> Exchange {
        let Forward { ticket, .. } = forward;
        let name = self.config.proxy.as_ref().map_or("the upstream", |proxy| proxy.upstream.as_str());
        // The upstream's own query id is what OVH support asks for: the log keeps it.
        let upstream_query_id = match &upstream {
            Upstream::Answered(response) => {
                response.headers().get("x-ovh-queryid").and_then(|value| value.to_str().ok()).map(str::to_owned)
            }
            _ => None,
        };
        let (reply, answered) = answer(name, upstream);
        let record = match (&ticket.record, answered) {
            (Some(record), Some((status, body))) => {
                self.to_record(ticket.operation, record, status, body, name, now).map(Box::new)
            }
            _ => None,
        };
        let query_id = query_id(ticket.query_number);
        let status = reply.status.as_u16();
        let source = reply.source;
        let note: Cow<'static, str> = match &upstream_query_id {
            Some(id) => Cow::Owned(format!("{}; upstream query id {id}", reply.note)),
            None => reply.note.clone(),
        };
        let elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        let (query, body) = ticket.kept;
        let exchange = KeptExchange { query, request: KeptBody::new(&body), answer: KeptBody::new(&reply.body) };
        let line = LogLine {
            query_number: ticket.query_number,
            method: &ticket.method,
            path: ticket.uri.path(),
            operation: Some(ticket.operation),
            status,
            source,
            fixture: None,
            note: note.clone(),
            elapsed_ms: u128::from(elapsed_ms),
            unix_ms: now.unix_ms(),
        };
        self.log().push(LogEntry::new(line, Some(exchange)));
        let response = reply.into_response(&query_id, ticket.origin.as_ref());
        let response = if ticket.method == HttpMethod::HEAD { without_body(response) } else { response };
        let log = LogRecord {
            kind: LineKind::Answered,
            query_id,
            method: ticket.method,
            uri: ticket.uri,
            status,
            source,
            fixture: None,
            note,
            elapsed_ms,
        };
        Exchange { delivery: Delivery::Whole(response), delay: Duration::ZERO, log, record }
    }

    /// Notes what the host did with a [`Exchange::record`]: the file written (or why not), for
    /// `GET /__admin/recordings`. Gives the answer's drift from the wire types, for the host's
    /// log.
    pub fn recorded(&self, recording: &Recording, result: &Result<Written, RecordError>, now: Now) -> Vec<DriftItem> {
        let drift = if (200..300).contains(&recording.status) {
            answer_drift(recording.operation, &recording.answer)
        } else {
            Vec::new()
        };
        crate::mock::lock(&self.recordings).note(recording, result, drift.clone(), now.unix_ms());
        drift
    }

    /// A fixture of a final answer, the task's pending answers before it (capped); `None` for
    /// a pending answer (noted until the task ends) and when recording is off.
    fn to_record(
        &self,
        operation: Operation,
        ticket: &RecordTicket,
        status: u16,
        body: Bytes,
        upstream: &str,
        now: Now,
    ) -> Option<Recording> {
        let config = self.config.record.as_ref()?;
        // A refused login says who called, not what the API holds: replayed, it would refuse
        // every later caller, signed or not.
        if status == 401 || status == 403 {
            return None;
        }
        let text = std::str::from_utf8(&body).ok()?;
        let is_task = operation.answer() == AnswerKind::AsyncTask && (200..300).contains(&status);
        if is_task {
            let task_status = serde_json::from_str::<Value>(text).ok()?.get("status")?.as_str()?.to_owned();
            if task_status == "pending" || task_status == "doing" {
                lock(&self.pending_seen).pending(&ticket.task, &body);
                return None;
            }
        }
        let pending = lock(&self.pending_seen).ended(&ticket.task);
        let answer =
            if config.redact_owner { crate::redact::owner_names(text, &self.redact_key) } else { text.to_owned() };
        let mut recording = Recording::new(operation, ticket.path.clone(), status, answer);
        recording.query = ticket.query.clone();
        recording.body = ticket.body.clone();
        recording.answered_at_once = is_task && pending.is_none();
        recording.pending = pending
            .filter(|_| is_task)
            .map(|(times, first)| (times.min(config.max_pending), String::from_utf8_lossy(&first).into_owned()))
            .filter(|(times, _)| *times > 0);
        let date = time::OffsetDateTime::from_unix_timestamp(now.unix_secs().try_into().unwrap_or(0))
            .map(|at| at.date().to_string())
            .unwrap_or_default();
        recording.description = format!("Recorded from {upstream} on {date}: {operation}, HTTP {status}.");
        recording.source = Some(format!("recorded through ovh-connectivity-mock from {upstream}"));
        Some(recording)
    }
}

/// The answer to give from what the upstream did, and the status and body to record (2xx and
/// 4xx JSON only).
fn answer(upstream: &str, outcome: Upstream) -> (Reply, Option<(u16, Bytes)>) {
    let gateway = |status: StatusCode, message: String| {
        (Reply::error(status, &ovh_class(status), message).with_source(Source::Upstream), None)
    };
    let response = match outcome {
        Upstream::TimedOut(after) => {
            let message = format!("The upstream {upstream} did not answer within {} ms", after.as_millis());
            return gateway(StatusCode::GATEWAY_TIMEOUT, message);
        }
        Upstream::Failed(reason) => {
            return gateway(StatusCode::BAD_GATEWAY, format!("The upstream {upstream} could not be reached: {reason}"));
        }
        Upstream::Answered(response) => response,
    };
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("no content type")
        .to_owned();
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let body = response.into_body();
    // JSON is UTF-8 throughout (RFC 8259 §8.1): `IgnoredAny` alone skips the strings' check.
    let json = std::str::from_utf8(&body).is_ok_and(|text| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok());
    if status.is_server_error() {
        let said =
            if json { String::from_utf8_lossy(&body).chars().take(300).collect::<String>() } else { content_type };
        let message = format!("The upstream {upstream} answered HTTP {}: {said}", status.as_u16());
        return gateway(StatusCode::BAD_GATEWAY, message);
    }
    if !json || !(status.is_success() || status.is_client_error()) {
        let message = format!(
            "The upstream {upstream} answered HTTP {} with a body that is not JSON ({content_type})",
            status.as_u16()
        );
        return gateway(StatusCode::BAD_GATEWAY, message);
    }
    let note = format!("upstream: HTTP {}", status.as_u16());
    let mut reply = Reply::json(status, body.clone()).with_source(Source::Upstream).with_note(note);
    // A 429's or 503's advice to wait stays the upstream's.
    if let Some(retry_after) = retry_after {
        reply.extra_headers.push((header::RETRY_AFTER, retry_after));
    }
    (reply, Some((status.as_u16(), body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forwarded_requests_debug_shows_no_header_value() {
        let mut request = Request::new(Bytes::from_static(b"{}"));
        request.headers_mut().insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret-token"));
        let ticket = Ticket {
            query_number: 1,
            origin: None,
            method: HttpMethod::POST,
            uri: Uri::from_static("/1.0/connectivity/eligibility/test/line/partners"),
            operation: Operation::TestLinePartners,
            kept: (None, Bytes::new()),
            record: None,
        };
        let forward = Forward { request, signing: UpstreamSigning::AsIs, ticket };
        let shown = format!("{forward:?}");
        assert!(shown.contains("authorization") && !shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn upstream_outcomes_become_the_documented_answers() {
        let json = |status: u16, body: &'static str, content_type: &'static str| {
            let mut response = Response::new(Bytes::from_static(body.as_bytes()));
            *response.status_mut() = StatusCode::from_u16(status).unwrap();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            Upstream::Answered(response)
        };
        let cases = [
            (Upstream::TimedOut(Duration::from_secs(2)), 504, "did not answer within 2000 ms"),
            (Upstream::Failed("connection refused".into()), 502, "could not be reached: connection refused"),
            (json(200, "<html>", "text/html"), 502, "HTTP 200 with a body that is not JSON (text/html)"),
            (
                json(503, r#"{"class":"Server::ServiceUnavailable","message":"busy"}"#, "application/json"),
                502,
                "HTTP 503",
            ),
            (json(404, r#"{"class":"Client::NotFound","message":"no"}"#, "application/json"), 404, "no"),
            (json(200, r#"{"status":"error","result":null,"error":"gone"}"#, "application/json"), 200, "gone"),
        ];
        for (outcome, status, needle) in cases {
            let (reply, recorded) = answer("http://upstream.test/1.0", outcome);
            let body = String::from_utf8_lossy(&reply.body).into_owned();
            assert_eq!(reply.status.as_u16(), status, "{body}");
            assert!(body.contains(needle), "{body}");
            assert_eq!(recorded.is_some(), status < 500, "only 2xx and 4xx are recorded: {body}");
            if status >= 500 {
                assert!(body.contains("http://upstream.test/1.0"), "{body}");
            }
        }
    }
}
