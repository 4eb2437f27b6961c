//! Raw, paced HTTP to the target: the suite sees every answer, bytes and status.

use std::time::Duration;

use ovh_connectivity_client::{Call, Config, Credentials, HttpRequest, Transport, encode};
use ovh_connectivity_hyper::HyperTransport;
use serde_json::Value;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::target::Target;

/// One answer, as received.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) allow: Option<String>,
    pub(crate) query_id: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body)
            .map_err(|e| format!("HTTP {} answer is not JSON ({e}): {}", self.status, self.text()))
    }

    pub(crate) fn text(&self) -> String {
        crate::checks::abbreviate(&String::from_utf8_lossy(&self.body))
    }

    /// The task status of an async answer.
    pub(crate) fn task_status(&self) -> Result<String, String> {
        let json = self.json()?;
        json.get("status")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("not an async task (no `status`): {}", self.text()))
    }
}

/// Sends requests to the target, no faster than its pace.
pub(crate) struct Http {
    transport: HyperTransport,
    base_url: String,
    run_id: String,
    min_interval: Duration,
    next_slot: Mutex<Instant>,
    time_offset: Mutex<Option<i64>>,
    pub(crate) requests: std::sync::atomic::AtomicU32,
}

impl Http {
    pub(crate) fn new(target: &Target) -> Result<Self, String> {
        let transport =
            HyperTransport::builder().request_timeout(Duration::from_secs(30)).build().map_err(|e| e.to_string())?;
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Ok(Self {
            transport,
            base_url: target.base_url.clone(),
            run_id: format!("contract-{nanos:x}"),
            min_interval: target.min_interval,
            next_slot: Mutex::new(Instant::now()),
            time_offset: Mutex::new(None),
            requests: std::sync::atomic::AtomicU32::new(0),
        })
    }

    async fn pace(&self) {
        let mut next = self.next_slot.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep_until(*next).await;
        }
        *next = Instant::now() + self.min_interval;
    }

    /// A session for one check: mocks keep task state per `X-Mock-Session`, so each check
    /// starts from the first phase; the real API ignores the header.
    pub(crate) fn session(&self, check: &str) -> Session<'_> {
        Session { http: self, id: format!("{}-{check}", self.run_id) }
    }

    async fn send_in(&self, session: &str, mut request: HttpRequest) -> Result<Answer, String> {
        self.pace().await;
        self.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Ok(value) = session.parse() {
            request.headers_mut().insert("x-mock-session", value);
        }
        let description = format!("{} {}", request.method(), request.uri());
        let response = self.transport.send(request).await.map_err(|e| format!("{description}: {e}"))?;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(Answer {
            status: response.status().as_u16(),
            allow: header("allow"),
            query_id: header("x-ovh-queryid"),
            body: response.into_body(),
        })
    }

    async fn timestamp(&self, session: &str) -> Result<u64, String> {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut offset = self.time_offset.lock().await;
        if offset.is_none() {
            let request = http::Request::get(format!("{}/auth/time", self.base_url))
                .body(Vec::new())
                .map_err(|e| e.to_string())?;
            let answer = self.send_in(session, request).await?;
            let server: i64 = answer
                .json()?
                .as_i64()
                .ok_or_else(|| format!("GET /auth/time is not an integer: {}", answer.text()))?;
            *offset = Some(server - now as i64);
        }
        Ok(now.saturating_add_signed(offset.unwrap_or(0)))
    }
}

/// Requests of one check.
pub(crate) struct Session<'a> {
    http: &'a Http,
    id: String,
}

impl Session<'_> {
    pub(crate) async fn send(&self, request: HttpRequest) -> Result<Answer, String> {
        self.http.send_in(&self.id, request).await
    }

    /// A raw request: any method, path (with query) and body bytes.
    pub(crate) async fn raw(&self, method: &str, path: &str, body: Option<&[u8]>) -> Result<Answer, String> {
        let mut builder = http::Request::builder().method(method).uri(format!("{}{path}", self.http.base_url));
        if body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        let request = builder.body(body.map(<[u8]>::to_vec).unwrap_or_default()).map_err(|e| e.to_string())?;
        self.send(request).await
    }

    /// A well-formed call, signed when the operation requires it (and credentials are given).
    pub(crate) async fn call(&self, call: &Call, credentials: Option<&Credentials>) -> Result<HttpRequest, String> {
        let mut config = Config::for_base_url(&self.http.base_url).map_err(|e| e.to_string())?;
        config.credentials = credentials.cloned();
        let timestamp = if call.operation.requires_auth() && credentials.is_some() {
            Some(self.http.timestamp(&self.id).await?)
        } else {
            None
        };
        encode(&config, call, timestamp).map_err(|e| e.to_string())
    }

    /// Sends the identical request until its task is terminal or the deadline passes; every
    /// answer is returned, in order.
    pub(crate) async fn poll(
        &self,
        request: &HttpRequest,
        interval: Duration,
        deadline: Duration,
    ) -> Result<Vec<Answer>, String> {
        let started = Instant::now();
        let mut answers = Vec::new();
        loop {
            let answer = self.send(clone_request(request)).await?;
            let status = if answer.status == 200 { answer.task_status()? } else { String::new() };
            answers.push(answer);
            if status != "pending" || started.elapsed() >= deadline {
                return Ok(answers);
            }
            tokio::time::sleep(interval.min(deadline.saturating_sub(started.elapsed()))).await;
        }
    }
}

pub(crate) fn clone_request(request: &HttpRequest) -> HttpRequest {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}
