#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod options;

use std::time::Duration;

use http::{HeaderName, HeaderValue, Request};
use ovh_connectivity_mock_core::{Bytes, Delivery, Entropy, Exchange, LineKind, Mock, Now, Unread};
use wasm_bindgen::prelude::*;

pub use options::Options;

/// One mock: its fixtures, settings, task table, request log and world.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Core {
    mock: Mock,
}

#[wasm_bindgen]
impl Core {
    /// A mock from the options' JSON (see [`Options`]), fixture files laid over the built-in
    /// set (`files`: name, JSON text, name, JSON text, …) and 64 random bytes.
    ///
    /// # Errors
    ///
    /// An option that is unknown or malformed, a fixture that does not load (each named), or
    /// `entropy` that is not 64 bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, files: Vec<String>, entropy: &[u8]) -> Result<Core, JsError> {
        Self::build(options, files, entropy).map_err(|message| JsError::new(&message))
    }

    /// The largest body to read for this request, or -1 when the answer does not depend on
    /// the body (leave it unread). `headers` alternate names and values.
    ///
    /// # Errors
    ///
    /// A method, target or header that HTTP does not allow.
    #[wasm_bindgen(js_name = bodyLimit)]
    pub fn body_limit(&self, method: &str, target: &str, headers: Vec<String>) -> Result<f64, JsError> {
        let (head, ()) = request(method, target, &headers, ())?.into_parts();
        Ok(match self.mock.body_plan(&head) {
            ovh_connectivity_mock_core::BodyPlan::Read { limit } => limit as f64,
            _ => -1.0,
        })
    }

    /// The answer to a request whose body was read whole. `unixMs` is the wall clock,
    /// `monotonicMs` a monotonic one (`performance.now()`).
    ///
    /// # Errors
    ///
    /// A method, target or header that HTTP does not allow.
    pub fn handle(
        &self,
        method: &str,
        target: &str,
        headers: Vec<String>,
        body: Vec<u8>,
        unix_ms: f64,
        monotonic_ms: f64,
    ) -> Result<Answer, JsError> {
        let request = request(method, target, &headers, Bytes::from(body))?;
        Ok(Answer::from(self.mock.handle(request, now(unix_ms, monotonic_ms))))
    }

    /// The answer to a request whose body could not be read: `reason` is `too-large` (413),
    /// `timed-out` (408, after `afterMs`) or anything else (400 naming `reason`).
    ///
    /// # Errors
    ///
    /// A method, target or header that HTTP does not allow.
    #[allow(clippy::too_many_arguments, reason = "the JavaScript boundary takes plain values")]
    pub fn unread(
        &self,
        method: &str,
        target: &str,
        headers: Vec<String>,
        reason: &str,
        after_ms: f64,
        unix_ms: f64,
        monotonic_ms: f64,
    ) -> Result<Answer, JsError> {
        let (head, ()) = request(method, target, &headers, ())?.into_parts();
        let why = match reason {
            "too-large" => Unread::TooLarge,
            "timed-out" => Unread::TimedOut { after: millis(after_ms) },
            other => Unread::Failed(other.to_owned()),
        };
        Ok(Answer::from(self.mock.unread(head, why, now(unix_ms, monotonic_ms))))
    }

    /// The admin token that admin routes changing state require, if the mock has one.
    #[wasm_bindgen(js_name = adminToken)]
    pub fn admin_token(&self) -> Option<String> {
        self.mock.config().admin_token.as_ref().map(|token| token.expose().to_owned())
    }

    /// How many fixtures are served.
    #[wasm_bindgen(js_name = fixtureCount)]
    pub fn fixture_count(&self) -> usize {
        self.mock.fixture_count()
    }
}

impl Core {
    fn build(options: &str, files: Vec<String>, entropy: &[u8]) -> Result<Core, String> {
        let options: Options = serde_json::from_str(options).map_err(|e| format!("options: {e}"))?;
        let only = options.only.unwrap_or(false);
        let config = options.core_config()?;
        if !files.len().is_multiple_of(2) {
            return Err("fixture files: expected name, text pairs".to_owned());
        }
        let mut pairs = Vec::with_capacity(files.len() / 2);
        let mut files = files.into_iter();
        while let (Some(name), Some(text)) = (files.next(), files.next()) {
            pairs.push((name, text));
        }
        let fixtures = options::fixtures(only, pairs)?;
        let entropy: [u8; 64] =
            entropy.try_into().map_err(|_| format!("entropy: expected 64 bytes, got {}", entropy.len()))?;
        Ok(Core { mock: Mock::new(config, fixtures, Entropy::from_bytes(entropy)) })
    }
}

/// What to do with one request, as [`Exchange`] says it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Answer {
    kind: &'static str,
    status: u16,
    headers: Vec<String>,
    body: Vec<u8>,
    delay_ms: f64,
    chunk: usize,
    pause_ms: f64,
    log: String,
}

#[wasm_bindgen]
impl Answer {
    /// `whole` (send it), `slow` (send the body `chunk` bytes at a time, `pauseMs` apart) or
    /// `drop` (close the connection without answering).
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.kind.to_owned()
    }

    /// The status code (0 for `drop`).
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers, names and values alternating, in order.
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.headers.clone()
    }

    /// The body's bytes (given once: a second call gives none).
    #[wasm_bindgen(js_name = takeBody)]
    pub fn take_body(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.body)
    }

    /// Milliseconds to wait before acting.
    #[wasm_bindgen(getter, js_name = delayMs)]
    pub fn delay_ms(&self) -> f64 {
        self.delay_ms
    }

    /// Bytes per chunk of a `slow` body.
    #[wasm_bindgen(getter)]
    pub fn chunk(&self) -> usize {
        self.chunk
    }

    /// Milliseconds between chunks of a `slow` body.
    #[wasm_bindgen(getter, js_name = pauseMs)]
    pub fn pause_ms(&self) -> f64 {
        self.pause_ms
    }

    /// The log record, as JSON: `kind` (`answered`, `admin-read`, `preflight`,
    /// `refused-fault`, `dropped`, `dropped-on-request`), `queryId`, `method`, `path`,
    /// `status`, `source`, `fixture`, `note`, `elapsedMs`.
    #[wasm_bindgen(getter)]
    pub fn log(&self) -> String {
        self.log.clone()
    }
}

impl From<Exchange> for Answer {
    fn from(exchange: Exchange) -> Self {
        let log = &exchange.log;
        let kind = match log.kind {
            LineKind::AdminRead => "admin-read",
            LineKind::Preflight => "preflight",
            LineKind::RefusedFault => "refused-fault",
            LineKind::Dropped => "dropped",
            LineKind::DroppedOnRequest => "dropped-on-request",
            // `Answered`, and any kind this host does not know yet.
            _ => "answered",
        };
        let log = serde_json::json!({
            "kind": kind,
            "queryId": log.query_id,
            "method": log.method.as_str(),
            "path": log.uri.path(),
            "status": log.status,
            "source": log.source,
            "fixture": log.fixture.as_deref(),
            "note": log.note,
            "elapsedMs": log.elapsed_ms,
        })
        .to_string();
        let delay_ms = exchange.delay.as_secs_f64() * 1000.0;
        let (kind, response, chunk, pause) = match exchange.delivery {
            Delivery::Whole(response) => ("whole", Some(response), 0, Duration::ZERO),
            Delivery::Slow { response, chunk, pause } => ("slow", Some(response), chunk, pause),
            // `Drop`, and any delivery this host cannot act out.
            _ => ("drop", None, 0, Duration::ZERO),
        };
        let (status, headers, body) = match response {
            Some(response) => {
                let (head, body) = response.into_parts();
                let mut headers = Vec::with_capacity(head.headers.len() * 2);
                for (name, value) in &head.headers {
                    headers.push(name.as_str().to_owned());
                    headers.push(value.as_bytes().iter().map(|&byte| char::from(byte)).collect());
                }
                (head.status.as_u16(), headers, body.to_vec())
            }
            None => (0, Vec::new(), Vec::new()),
        };
        Answer { kind, status, headers, body, delay_ms, chunk, pause_ms: pause.as_secs_f64() * 1000.0, log }
    }
}

/// A request from JavaScript's strings: header values are Latin-1, as Node and `fetch` give them.
fn request<B>(method: &str, target: &str, headers: &[String], body: B) -> Result<Request<B>, JsError> {
    let mut builder = Request::builder().method(method).uri(target);
    for pair in headers.chunks(2) {
        let [name, value] = pair else {
            return Err(JsError::new("headers: expected name, value pairs"));
        };
        let bytes: Vec<u8> = value.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|e| JsError::new(&format!("header name `{name}`: {e}")))?;
        let value =
            HeaderValue::from_bytes(&bytes).map_err(|e| JsError::new(&format!("header `{name}`: value: {e}")))?;
        builder = builder.header(name, value);
    }
    builder.body(body).map_err(|e| JsError::new(&format!("request `{method} {target}`: {e}")))
}

fn millis(ms: f64) -> Duration {
    Duration::from_secs_f64((ms / 1000.0).max(0.0))
}

fn now(unix_ms: f64, monotonic_ms: f64) -> Now {
    Now::new(millis(unix_ms), millis(monotonic_ms))
}
