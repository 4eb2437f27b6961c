//! A transport answering from the fixtures (phase by phase, per request) and a virtual clock.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use ovh_connectivity_client::{Client, Clock, Config, ConfigBuilder, HttpRequest, HttpResponse, Transport};
use ovh_connectivity_fixtures::{FixtureSet, RequestKey};
use ovh_connectivity_types::Method;

pub(crate) const BASE: &str = "https://eu.api.ovh.com/1.0";
pub(crate) const AK: &str = "TDPKJdwZwAQPwKX2";
pub(crate) const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
pub(crate) const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
/// The official vectors' timestamp; the virtual clock starts 6 s behind the API's.
pub(crate) const API_TIME: u64 = 1457018875;

/// Time that passes only when the client sleeps.
#[derive(Debug, Default)]
pub(crate) struct VirtualClock {
    elapsed_ms: AtomicU64,
    pub(crate) sleeps: Mutex<Vec<Duration>>,
}

impl Clock for VirtualClock {
    fn unix_time(&self) -> u64 {
        API_TIME - 6 + self.elapsed_ms.load(Ordering::SeqCst) / 1000
    }

    fn monotonic(&self) -> Duration {
        Duration::from_millis(self.elapsed_ms.load(Ordering::SeqCst))
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        self.sleeps.lock().unwrap().push(duration);
        self.elapsed_ms.fetch_add(duration.as_millis() as u64, Ordering::SeqCst);
        std::future::ready(())
    }
}

/// Answers like the API would if it were the fixtures: `/auth/time`, then each request's
/// phases in order. Records every request.
pub(crate) struct FixtureTransport {
    set: FixtureSet,
    attempts: Mutex<HashMap<RequestKey, u64>>,
    pub(crate) sent: Mutex<Vec<HttpRequest>>,
}

impl FixtureTransport {
    pub(crate) fn new() -> Self {
        Self { set: FixtureSet::embedded().unwrap(), attempts: Mutex::default(), sent: Mutex::default() }
    }

    pub(crate) fn sent_to(&self, path: &str) -> usize {
        self.sent.lock().unwrap().iter().filter(|r| r.uri().path().ends_with(path)).count()
    }

    fn answer(&self, request: &HttpRequest) -> HttpResponse {
        let uri = request.uri().to_string();
        let relative = uri.strip_prefix(BASE).expect("the client targets the base URL");
        let (path, query) = relative.split_once('?').unwrap_or((relative, ""));
        if path == "/auth/time" {
            return HttpResponse::new(API_TIME.to_string().into_bytes());
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let body: Option<serde_json::Value> =
            (!request.body().is_empty()).then(|| serde_json::from_slice(request.body()).expect("JSON body"));
        let method = Method::from_name(request.method().as_str()).unwrap();
        let key = RequestKey::new(method, path, pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())), body.as_ref());
        let Some(fixture) = self.set.find(&key) else {
            let mut response = HttpResponse::new(br#"{"class":"Client::NotFound","message":"no fixture"}"#.to_vec());
            *response.status_mut() = http::StatusCode::NOT_FOUND;
            return response;
        };
        let attempt = {
            let mut attempts = self.attempts.lock().unwrap();
            let counter = attempts.entry(key).or_insert(0);
            *counter += 1;
            *counter - 1
        };
        let phase = fixture.phase_for_attempt(attempt);
        let mut response = HttpResponse::new(phase.body.clone().into_bytes());
        *response.status_mut() = http::StatusCode::from_u16(phase.status).unwrap();
        response.headers_mut().insert("x-ovh-queryid", "EU.ext-test.1".parse().unwrap());
        response
    }
}

impl Transport for FixtureTransport {
    type Error = Infallible;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Infallible> {
        let response = self.answer(&request);
        self.sent.lock().unwrap().push(request);
        Ok(response)
    }
}

pub(crate) fn signed_config() -> Config {
    ConfigBuilder::new().endpoint("ovh-eu").application(AK, AS).consumer_key(CK).build().unwrap()
}

pub(crate) fn client() -> Client<FixtureTransport, VirtualClock> {
    Client::new(signed_config(), FixtureTransport::new(), VirtualClock::default())
}

/// Runs a future to completion on the current thread. The fixture transport and the virtual
/// clock never wait, so no runtime is needed.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}
