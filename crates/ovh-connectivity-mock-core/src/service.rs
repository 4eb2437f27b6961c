//! The front door, without IO: preflight and header faults, then the OAuth2 token endpoint,
//! the admin API or the API pipeline (route → match → replay), then the settings' fault, the
//! answer and its log record.
//!
//! Each stage is a module of its own: [`route`](crate::route), [`matching`](crate::matching),
//! [`replay`](crate::replay), [`reply`](crate::reply); shared state is in [`mock`](crate::mock).

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use http::request::Parts;
use http::{Method as HttpMethod, Request, StatusCode, header};
use ovh_connectivity_fixtures::Latency;
use ovh_connectivity_types::Operation;

use crate::config::AuthMode;
use crate::exchange::{BodyPlan, Delivery, Exchange, LineKind, LogRecord, Unread};
use crate::matching::{self, Credentials, RoutedRequest, match_request};
use crate::mock::{Mock, Now};
use crate::reply::{Reply, Source, without_body};
use crate::request_log::{KeptBody, KeptExchange, LogEntry, LogLine, query_id};
use crate::route::{self, Route, signed_url};
use crate::settings::{Fault, Settings};

/// Where OVH serves the OAuth2 token endpoint, at the root of its host.
const TOKEN_PATH: &str = "/auth/oauth2/token";

/// The `slow-body` fault: bytes per chunk, and the pause between chunks.
const SLOW_CHUNK: usize = 16;
const SLOW_PAUSE: Duration = Duration::from_millis(100);

/// A request's body as the host received it.
enum Received {
    Whole(Bytes),
    /// Not read whole: the answer saying why (413, 408, 400).
    Refused(Reply),
}

fn is_preflight(head: &Parts) -> bool {
    head.method == HttpMethod::OPTIONS && head.headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The `X-Mock-Fault` asked for, if any; the header's text when the mock cannot act it out.
fn header_fault(head: &Parts) -> Result<Option<Fault>, String> {
    match head.headers.get("x-mock-fault") {
        None => Ok(None),
        Some(value) => match value.to_str().ok().and_then(Fault::parse) {
            Some(fault) => Ok(Some(fault)),
            None => Err(String::from_utf8_lossy(value.as_bytes()).into_owned()),
        },
    }
}

impl Mock {
    /// Whether the host should read the body of a request whose head has arrived, and how
    /// much of it at most.
    pub fn body_plan(&self, head: &Parts) -> BodyPlan {
        if is_preflight(head) || matches!(header_fault(head), Err(_) | Ok(Some(Fault::Drop))) {
            return BodyPlan::Skip;
        }
        let read = BodyPlan::Read { limit: self.config.max_body_bytes };
        let path = head.uri.path();
        if path == TOKEN_PATH || crate::admin::is_admin_path(path) {
            return read;
        }
        match route::route(&head.method, path) {
            Ok(Route::AuthTime) if matches!(self.config.auth, AuthMode::Verify(_)) => read,
            Ok(Route::AuthTime) | Err(_) => BodyPlan::Skip,
            Ok(Route::Operation(..)) => read,
        }
    }

    /// Answers one request, read whole (with an empty body when [`Mock::body_plan`] said
    /// [`BodyPlan::Skip`]), arrived at `now`.
    pub fn handle(&self, request: Request<Bytes>, now: Now) -> Exchange {
        let (head, body) = request.into_parts();
        self.exchange(head, Received::Whole(body), now)
    }

    /// Answers a request whose body the host could not read whole: 413, 408 or 400, with a
    /// log record like any other answer.
    pub fn unread(&self, head: Parts, why: Unread, now: Now) -> Exchange {
        let reply = match why {
            Unread::TooLarge => route::too_large(self.config.max_body_bytes),
            Unread::TimedOut { after } => route::timed_out(after),
            Unread::Failed(reason) => Reply::bad_request(format!("Could not read the request body: {reason}")),
        };
        self.exchange(head, Received::Refused(reply), now)
    }

    fn exchange(&self, head: Parts, received: Received, now: Now) -> Exchange {
        let query_number = self.next_query_number();
        let query_id = query_id(query_number);
        let origin = crate::cors::allowed_origin(&self.config.cors, head.headers.get(header::ORIGIN));
        // Cheap copies (shared bytes): the head is consumed before the log is written.
        let method = head.method.clone();
        let uri = head.uri.clone();
        let path = uri.path();
        // The query id goes into the record last, once the response has its header.
        let record = |query_id, kind, status, source, fixture, note, elapsed_ms| LogRecord {
            kind,
            query_id,
            method: method.clone(),
            uri: uri.clone(),
            status,
            source,
            fixture,
            note,
            elapsed_ms,
        };
        let line = |status, source, fixture, note, elapsed_ms: u64| LogLine {
            query_number,
            method: &method,
            path,
            operation: None,
            status,
            source,
            fixture,
            note,
            elapsed_ms: u128::from(elapsed_ms),
            unix_ms: now.unix_ms(),
        };

        // A browser's preflight: answered for every path.
        if is_preflight(&head) {
            let mut response =
                Reply::json(StatusCode::NO_CONTENT, Bytes::new()).into_response(&query_id, origin.as_ref());
            if origin.is_some() {
                let requested = head.headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS);
                crate::cors::add_preflight_headers(response.headers_mut(), requested);
            }
            let log = record(query_id, LineKind::Preflight, 204, Source::Mock, None, "preflight".into(), 0);
            return Exchange { delivery: Delivery::Whole(response), delay: Duration::ZERO, log, record: None };
        }

        // An `X-Mock-Fault` the mock cannot act out is refused rather than ignored: a test that
        // asks for a fault must not pass because none came.
        let header_fault = match header_fault(&head) {
            Ok(fault) => fault,
            Err(given) => {
                let reply = Reply::bad_request(format!(
                    "X-Mock-Fault `{given}` is not a fault the mock can inject: use {}",
                    Fault::ACCEPTED
                ));
                let note: Cow<'static, str> = format!("unknown X-Mock-Fault `{given}`").into();
                self.log().push(LogEntry::new(line(400, Source::Error, None, note.clone(), 0), None));
                let response = reply.into_response(&query_id, origin.as_ref());
                let log = record(query_id, LineKind::RefusedFault, 400, Source::Error, None, note, 0);
                return Exchange { delivery: Delivery::Whole(response), delay: Duration::ZERO, log, record: None };
            }
        };
        if header_fault == Some(Fault::Drop) {
            let log = record(query_id, LineKind::DroppedOnRequest, 0, Source::Fault, None, "fault".into(), 0);
            return Exchange { delivery: Delivery::Drop, delay: Duration::ZERO, log, record: None };
        }

        // API requests only: a fault from the settings, the latency, and the query and body
        // for the log.
        let mut settings_fault = None;
        let mut kept_request = None;
        let mut latency = None;
        let (operation, mut reply) = if path == TOKEN_PATH {
            let reply = match received {
                Received::Whole(_) if head.method != HttpMethod::POST => {
                    route::method_not_allowed(&[ovh_connectivity_types::Method::Post])
                }
                Received::Whole(body) => self.tokens.token(&self.config, &head.headers, &body, now),
                Received::Refused(reply) => reply,
            };
            (None, reply)
        } else if crate::admin::is_admin_path(path) {
            let reply = match received {
                Received::Whole(body) => {
                    let mut head = head;
                    // HEAD is GET without the body (RFC 9110 §9.3.2); the front door drops the body.
                    if head.method == HttpMethod::HEAD {
                        head.method = HttpMethod::GET;
                    }
                    crate::admin::handle(self, &head, &body, now)
                }
                Received::Refused(reply) => reply,
            };
            (None, reply.with_source(Source::Admin))
        } else {
            // The settings of the moment, read once: a change applies to the next request.
            let settings = self.settings();
            settings_fault = settings.fault.filter(|_| self.draws.below(100) < u64::from(settings.fault_percent));
            if matches!(header_fault.or(settings_fault), Some(Fault::Status(_) | Fault::Drop)) {
                // An injected error or drop stands for a request that never reached the API: it
                // is routed for the log, and answers nothing else (no task moves on a phase).
                let operation = match route::route(&head.method, path) {
                    Ok(Route::Operation(operation, _)) => Some(operation),
                    Ok(Route::AuthTime) | Err(_) => None,
                };
                (operation, Reply::json(StatusCode::OK, Bytes::new()))
            } else {
                let answered = self.api(&settings, &head, received, now);
                if let (Some(plan), Some(operation)) = (answered.forward, answered.operation) {
                    // The upstream answers: the host sends the request, then calls `forwarded`.
                    let kept = answered.request.unwrap_or_default();
                    let forward = plan.into_forward(query_number, origin, (&method, &uri), operation, kept);
                    let upstream = self.config.proxy.as_ref().map_or("", |proxy| proxy.upstream.as_str());
                    let log = crate::forward::forwarding_record(&forward, upstream);
                    return Exchange {
                        delivery: Delivery::Forward(Box::new(forward)),
                        delay: Duration::ZERO,
                        log,
                        record: None,
                    };
                }
                kept_request = answered.request;
                latency = answered.latency;
                (answered.operation, answered.reply)
            }
        };
        let delay = self.delay(latency);
        let elapsed_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        let line =
            |status, source, fixture, note| LogLine { operation, ..line(status, source, fixture, note, elapsed_ms) };

        // A fault from the header wins over one from the settings.
        let fault = header_fault.or(settings_fault);
        if reply.drop_connection || fault == Some(Fault::Drop) {
            let (note, source) = if reply.drop_connection {
                (std::mem::take(&mut reply.note), reply.source)
            } else {
                (Cow::Borrowed("fault"), Source::Fault)
            };
            let fixture = reply.fixture.take();
            let logged = format!("{note}: connection dropped").into();
            self.log().push(LogEntry::new(line(0, source, fixture.clone(), logged), None));
            let log = record(query_id, LineKind::Dropped, 0, source, fixture, note, elapsed_ms);
            return Exchange { delivery: Delivery::Drop, delay, log, record: None };
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

        let note = std::mem::take(&mut reply.note);
        let fixture = reply.fixture.take();
        let status = reply.status.as_u16();
        let source = reply.source;
        let slow = reply.slow_body;
        let exchange = kept_request.map(|(query, body)| KeptExchange {
            query,
            request: KeptBody::new(&body),
            answer: KeptBody::new(&reply.body),
        });
        let response = reply.into_response(&query_id, origin.as_ref());
        // The dashboard reads the admin API every second per tab: those reads are logged apart
        // (at debug by the binary), so that they do not drown the API's lines, and left out of
        // the request log, so that they do not push every request out of it. Admin changes are
        // kept.
        let admin_read = source == Source::Admin && (method == HttpMethod::GET || method == HttpMethod::HEAD);
        let kind = if admin_read {
            LineKind::AdminRead
        } else {
            self.log().push(LogEntry::new(line(status, source, fixture.clone(), note.clone()), exchange));
            LineKind::Answered
        };
        let log = record(query_id, kind, status, source, fixture, note, elapsed_ms);
        // HEAD is GET's status and headers without the body (RFC 9110 §9.3.2), whatever the
        // host: the length stays the one GET would send.
        let response = if method == HttpMethod::HEAD { without_body(response) } else { response };
        let delivery = if slow && method != HttpMethod::HEAD {
            Delivery::Slow { response, chunk: SLOW_CHUNK, pause: SLOW_PAUSE }
        } else {
            Delivery::Whole(response)
        };
        Exchange { delivery, delay, log, record: None }
    }

    /// The wait before answering: a fixed latency, or one drawn from a range.
    fn delay(&self, latency: Option<Latency>) -> Duration {
        let millis = match latency {
            None => return Duration::ZERO,
            Some(Latency::Fixed(ms)) => ms,
            Some(Latency::Range(low, high)) => low.min(high) + self.draws.below(high.abs_diff(low) + 1),
        };
        Duration::from_millis(millis)
    }

    /// The API pipeline: route, match, replay.
    fn api(&self, settings: &Settings, head: &Parts, received: Received, now: Now) -> ApiAnswer {
        let verify = matches!(self.config.auth, AuthMode::Verify(_));
        let refused = |operation, reply| ApiAnswer { operation, reply, request: None, latency: None, forward: None };
        let (operation, path) = match route::route(&head.method, head.uri.path()) {
            Ok(Route::AuthTime) => {
                // The same credential rule as every route the schema marks `noAuthentication`.
                if verify {
                    let body = match received {
                        Received::Whole(body) => body,
                        Received::Refused(reply) => return refused(None, reply),
                    };
                    let signed_url = signed_url(head);
                    let given = Credentials { required: false, signed_url: Some(&signed_url), body: &body, now };
                    if let Err(reply) = matching::check_credentials(&self.config, &self.tokens, head, given) {
                        return refused(None, reply);
                    }
                }
                let reply = Reply::json(StatusCode::OK, now.unix_secs().to_string()).with_note("auth time");
                return refused(None, reply);
            }
            Ok(Route::Operation(operation, path)) => (operation, path),
            Err(reply) => return refused(None, reply),
        };
        // The URL a signature covers, only when signatures are checked.
        let signed_url = verify.then(|| signed_url(head));
        let body = match received {
            Received::Whole(body) => body,
            Received::Refused(reply) => return refused(Some(operation), reply),
        };
        let catalog = self.catalog();
        let routed = RoutedRequest {
            operation,
            path,
            parts: head,
            body: &body,
            signed_url: signed_url.as_deref(),
            tokens: &self.tokens,
            now,
        };
        let query = || head.uri.query().map(|query| query.chars().take(1024).collect::<String>().into_boxed_str());
        let (reply, latency) = match match_request(&self.config, &catalog, routed) {
            Ok(matched) => {
                let planned = self
                    .config
                    .proxy
                    .as_ref()
                    .and_then(|proxy| crate::forward::plan(self, proxy, &catalog, &matched, head, &body));
                match planned {
                    Some(Ok(plan)) => return ApiAnswer::forwarded(operation, (query(), body.clone()), plan),
                    Some(Err(reply)) => return refused(Some(operation), reply),
                    None => {}
                }
                let (reply, latency) = crate::replay::replay(self, settings, &catalog, &matched, now);
                if matched.ignored_query.is_empty() {
                    (reply, latency)
                } else {
                    // Parameters the route does not declare changed nothing; the log says so.
                    let ignored = matched.ignored_query.join(", ");
                    let note =
                        format!("{}; query parameters not declared by the route, ignored: {ignored}", reply.note);
                    (reply.with_note(note), latency)
                }
            }
            Err(reply) => {
                // Malformed for the mock; the upstream says it in its own words.
                let planned = self
                    .config
                    .proxy
                    .as_ref()
                    .filter(|_| reply.status.is_client_error())
                    .and_then(|proxy| crate::forward::plan_refused(self, proxy, operation, path, head, &body));
                if let Some(plan) = planned {
                    return ApiAnswer::forwarded(operation, (query(), body.clone()), plan);
                }
                (reply, None)
            }
        };
        ApiAnswer { operation: Some(operation), reply, request: Some((query(), body)), latency, forward: None }
    }
}

/// What the API pipeline answered.
struct ApiAnswer {
    /// The operation, when routing found one, for the log.
    operation: Option<Operation>,
    reply: Reply,
    /// The query and body, when the request got as far as having them read.
    request: Option<(Option<Box<str>>, Bytes)>,
    /// The latency to wait before answering.
    latency: Option<Latency>,
    /// Forward the request instead (`--proxy`): the reply is then a placeholder.
    forward: Option<crate::forward::Plan>,
}

impl ApiAnswer {
    /// The request goes upstream as `plan` says; the reply is a placeholder until it answers.
    fn forwarded(operation: Operation, request: (Option<Box<str>>, Bytes), plan: crate::forward::Plan) -> Self {
        Self {
            operation: Some(operation),
            reply: Reply::json(StatusCode::OK, Bytes::new()),
            request: Some(request),
            latency: None,
            forward: Some(plan),
        }
    }
}
