//! The suite's HTTP: a [`Transport`] for the client core that paces requests, tags each check's
//! requests with its own `X-Mock-Session`, and records every answer so that checks can judge
//! the raw bytes. Signing, the `/auth/time` offset and polling are the client core's.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use http::HeaderValue;
use ovh_connectivity_client::{Client, Config, HttpRequest, HttpResponse, Transport};
use ovh_connectivity_hyper::{ConnectorError, HyperTransport, TokioClock};
use tokio::time::Instant;

use crate::answer::Answer;
use crate::target::Target;

/// The client core over the suite's transport.
pub(crate) type CheckClient = Client<ContractTransport, TokioClock>;

/// What the transports of every check share: the HTTP client, the pace, the request count and
/// the API's clock offset.
pub(crate) struct SharedHttp {
    hyper: HyperTransport,
    run_id: String,
    min_interval: Duration,
    next_slot: tokio::sync::Mutex<Instant>,
    requests: AtomicU32,
    time_offset: Mutex<Option<i64>>,
}

impl SharedHttp {
    pub(crate) fn new(target: &Target) -> Result<Arc<Self>, String> {
        let hyper =
            HyperTransport::builder().request_timeout(Duration::from_secs(30)).build().map_err(|e| e.to_string())?;
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Ok(Arc::new(Self {
            hyper,
            run_id: format!("contract-{nanos:x}"),
            min_interval: target.min_interval,
            next_slot: tokio::sync::Mutex::new(Instant::now()),
            requests: AtomicU32::new(0),
            time_offset: Mutex::new(None),
        }))
    }

    /// Requests sent so far, by every check.
    pub(crate) fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    /// A client for one check: its own session and answer record, the target's credentials
    /// and poll policy, and the clock offset learnt by earlier checks.
    pub(crate) fn client_for(self: &Arc<Self>, target: &Target, check: &str) -> Result<CheckClient, String> {
        let mut config = Config::for_base_url(&target.base_url).map_err(|e| e.to_string())?;
        config.credentials = target.credentials.clone();
        config.service_account = target.service_account.clone();
        config.poll = target.poll.with_max_polls(None);
        let session = HeaderValue::from_str(&format!("{}-{check}", self.run_id)).map_err(|e| e.to_string())?;
        let transport = ContractTransport { shared: self.clone(), session, recorded: Mutex::new(Vec::new()) };
        let client = Client::new(config, transport, TokioClock::new());
        if let Some(offset) = *self.time_offset.lock().unwrap_or_else(PoisonError::into_inner) {
            client.set_time_offset(offset);
        }
        Ok(client)
    }

    /// Keeps the clock offset a check's client learnt, for the next checks.
    pub(crate) fn remember_offset(&self, client: &CheckClient) {
        if let Some(offset) = client.time_offset() {
            *self.time_offset.lock().unwrap_or_else(PoisonError::into_inner) = Some(offset);
        }
    }

    async fn pace(&self) {
        let mut next = self.next_slot.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep_until(*next).await;
        }
        *next = Instant::now() + self.min_interval;
    }
}

/// One check's transport.
pub(crate) struct ContractTransport {
    shared: Arc<SharedHttp>,
    session: HeaderValue,
    /// Answers to operation requests (not `/auth/time` nor the OAuth2 token), in order, until
    /// taken.
    recorded: Mutex<Vec<Answer>>,
}

impl ContractTransport {
    /// Sends a request and returns its answer, also recorded.
    pub(crate) async fn exchange(&self, request: HttpRequest) -> Result<Answer, String> {
        let response = self.send(request).await.map_err(|e| e.to_string())?;
        Ok(answer_of(&response))
    }

    /// The answers recorded since the last call, oldest first.
    pub(crate) fn take_answers(&self) -> Vec<Answer> {
        std::mem::take(&mut *self.recorded.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

fn answer_of(response: &HttpResponse) -> Answer {
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    Answer {
        status: response.status().as_u16(),
        allow: header("allow"),
        query_id: header("x-ovh-queryid"),
        body: response.body().clone(),
    }
}

impl Transport for ContractTransport {
    type Error = ConnectorError;

    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, Self::Error> {
        self.shared.pace().await;
        self.shared.requests.fetch_add(1, Ordering::Relaxed);
        // Mocks keep task state per session, so each check starts from the first phase; the
        // real API ignores the header.
        request.headers_mut().insert("x-mock-session", self.session.clone());
        // The client core's own requests (clock offset, OAuth2 token) are not the check's answers.
        let path = request.uri().path();
        let core_request = path.ends_with("/auth/time") || path.ends_with("/auth/oauth2/token");
        let response = self.shared.hyper.send(request).await?;
        if !core_request {
            self.recorded.lock().unwrap_or_else(PoisonError::into_inner).push(answer_of(&response));
        }
        Ok(response)
    }
}
