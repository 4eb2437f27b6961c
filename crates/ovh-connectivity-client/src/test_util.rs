//! Fakes for tests, yours and ours (feature `test-util`): the API's documented answers without
//! a server or a socket, a clock that only moves when the client waits, and a transport that
//! records what it was sent.
//!
//! ```
//! use ovh_connectivity_client::test_util::{FixtureTransport, VirtualClock, block_on};
//! use ovh_connectivity_client::types::SearchCitiesRequest;
//! use ovh_connectivity_client::{Client, Config};
//!
//! let base = "https://eu.api.ovh.com/1.0";
//! let transport = FixtureTransport::embedded(base);
//! let client = Client::new(Config::for_base_url(base).unwrap(), transport, VirtualClock::new(1_700_000_000));
//! let cities = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap();
//! assert_eq!(cities.result.len(), 3);
//! assert_eq!(cities.polls, 2, "one pending answer first, as documented");
//! assert_eq!(client.clock().sleeps(), [std::time::Duration::from_secs(1)], "the default first wait");
//! ```

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use ovh_connectivity_fixtures::{FixtureSet, RequestKey};
use ovh_connectivity_types::Method;

use crate::transport::{Clock, HttpRequest, HttpResponse, Transport};

/// Time that passes only when the client sleeps: polling tests run instantly and can check
/// every wait.
#[derive(Debug)]
pub struct VirtualClock {
    start_unix: u64,
    elapsed_ms: AtomicU64,
    sleeps: Mutex<Vec<Duration>>,
}

impl VirtualClock {
    /// A clock whose wall time starts at `start_unix` (seconds since the Unix epoch).
    pub fn new(start_unix: u64) -> Self {
        Self { start_unix, elapsed_ms: AtomicU64::new(0), sleeps: Mutex::default() }
    }

    /// Every wait the client asked for, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Clock for VirtualClock {
    fn unix_time(&self) -> u64 {
        self.start_unix + self.elapsed_ms.load(Ordering::SeqCst) / 1000
    }

    fn monotonic(&self) -> Duration {
        Duration::from_millis(self.elapsed_ms.load(Ordering::SeqCst))
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        self.sleeps.lock().unwrap_or_else(PoisonError::into_inner).push(duration);
        self.elapsed_ms.fetch_add(duration.as_millis() as u64, Ordering::SeqCst);
        std::future::ready(())
    }
}

/// Answers as the API would if it were the fixtures: each distinct request gets its fixture's
/// phases in order (`pending`, then the final answer), `GET /auth/time` the configured time,
/// and anything else an OVH-shaped 404. Keeps every request it was sent.
#[derive(Debug)]
pub struct FixtureTransport {
    set: FixtureSet,
    base_url: String,
    api_time: u64,
    attempts: Mutex<HashMap<RequestKey, u64>>,
    sent: Mutex<Vec<HttpRequest>>,
}

impl FixtureTransport {
    /// Answers from `set`, for a client whose base URL is `base_url`.
    pub fn new(set: FixtureSet, base_url: &str) -> Self {
        Self {
            set,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_time: 1_700_000_000,
            attempts: Mutex::default(),
            sent: Mutex::default(),
        }
    }

    /// Answers from the documented exchanges built into `ovh-connectivity-fixtures`.
    ///
    /// # Panics
    /// If the built-in fixtures are invalid, which their own tests rule out.
    pub fn embedded(base_url: &str) -> Self {
        Self::new(FixtureSet::embedded().expect("the built-in fixtures are valid"), base_url)
    }

    /// What `GET /auth/time` answers (default 1 700 000 000).
    pub fn with_api_time(mut self, unix: u64) -> Self {
        self.api_time = unix;
        self
    }

    /// Every request sent so far, in order.
    pub fn sent(&self) -> Vec<HttpRequest> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// How many requests went to a path ending with `path`.
    pub fn sent_to(&self, path: &str) -> usize {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|r| r.uri().path().ends_with(path))
            .count()
    }

    fn not_found(message: &str) -> HttpResponse {
        let body = format!(r#"{{"class":"Client::NotFound","message":{}}}"#, serde_json::Value::from(message));
        let mut response = HttpResponse::new(body.into_bytes());
        *response.status_mut() = http::StatusCode::NOT_FOUND;
        response
    }

    fn answer(&self, request: &HttpRequest) -> HttpResponse {
        let uri = request.uri().to_string();
        let Some(relative) = uri.strip_prefix(&self.base_url) else {
            return Self::not_found(&format!("{uri} is not under {}", self.base_url));
        };
        let (path, query) = relative.split_once('?').unwrap_or((relative, ""));
        if path == "/auth/time" {
            return HttpResponse::new(self.api_time.to_string().into_bytes());
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let body: Option<serde_json::Value> = match request.body().as_slice() {
            [] => None,
            bytes => match serde_json::from_slice(bytes) {
                Ok(body) => Some(body),
                Err(_) => return Self::not_found("the body is not JSON"),
            },
        };
        let Some(method) = Method::from_name(request.method().as_str()) else {
            return Self::not_found("unknown method");
        };
        let key = RequestKey::new(method, path, pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())), body.as_ref());
        let Some(fixture) = self.set.find(&key) else {
            return Self::not_found("no fixture answers this request");
        };
        let attempt = {
            let mut attempts = self.attempts.lock().unwrap_or_else(PoisonError::into_inner);
            let counter = attempts.entry(key).or_insert(0);
            *counter += 1;
            *counter - 1
        };
        let phase = fixture.phase_for_attempt(attempt);
        let mut response = HttpResponse::new(phase.body.clone().into_bytes());
        *response.status_mut() = http::StatusCode::from_u16(phase.status).unwrap_or(http::StatusCode::OK);
        response.headers_mut().insert("x-ovh-queryid", http::HeaderValue::from_static("EU.ext-test.1"));
        response
    }
}

impl Transport for FixtureTransport {
    type Error = Infallible;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Infallible> {
        let response = self.answer(&request);
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).push(request);
        Ok(response)
    }
}

/// Any transport, keeping a copy of every request it sends.
#[derive(Debug)]
pub struct RecordingTransport<T> {
    inner: T,
    sent: Mutex<Vec<HttpRequest>>,
}

impl<T> RecordingTransport<T> {
    /// Records what `inner` sends.
    pub fn new(inner: T) -> Self {
        Self { inner, sent: Mutex::default() }
    }

    /// Every request sent so far, in order.
    pub fn sent(&self) -> Vec<HttpRequest> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The wrapped transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: Transport> Transport for RecordingTransport<T> {
    type Error = T::Error;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, T::Error> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).push(request.clone());
        self.inner.send(request).await
    }
}

/// Runs a future to its end on the current thread, without a runtime: enough for the fakes
/// here, which never wait.
///
/// # Panics
/// Never returns if the future waits on something only a runtime would wake.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}
