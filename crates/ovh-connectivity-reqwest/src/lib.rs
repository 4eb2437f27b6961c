#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

use std::time::Duration;

pub use ovh_connectivity_client::types;
/// What users of this adapter need of the client core, so that one dependency is enough.
pub use ovh_connectivity_client::{
    ApiError, Call, Client, Clock, Config, ConfigBuilder, ConfigError, Credentials, DecodeError, Error, NotSent,
    PollPolicy, Polled, Secret, SystemClock,
};
use ovh_connectivity_client::{HttpRequest, HttpResponse, Transport};

/// What the transport fails with, classified as the hyper adapter classifies its own.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReqwestError {
    /// No connection could be made (refused, DNS, TLS handshake): the request was not sent.
    #[error("cannot connect: {0}")]
    Connect(#[source] reqwest::Error),
    /// The exchange took longer than the request timeout.
    #[error("no complete answer in time: {0}")]
    Timeout(#[source] reqwest::Error),
    /// The connection failed during the exchange, or the request could not be built.
    #[error("HTTP exchange failed: {0}")]
    Http(#[source] reqwest::Error),
}

impl ReqwestError {
    /// A timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    /// The connection could not be made: the request was not sent.
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Connect(_))
    }

    fn classify(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout(error)
        } else if error.is_connect() {
            Self::Connect(error)
        } else {
            Self::Http(error)
        }
    }
}

/// The client core's transport on reqwest.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    request_timeout: Option<Duration>,
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl ReqwestTransport {
    /// A transport on a new `reqwest::Client` (rustls, Mozilla's roots), with a 60 s timeout
    /// per exchange and 10 s to connect.
    ///
    /// # Panics
    /// If reqwest cannot set up TLS, which with its built-in roots does not happen.
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .expect("reqwest builds a client with rustls and webpki roots");
        Self { client, request_timeout: Some(Duration::from_secs(60)) }
    }

    /// A transport on your own `reqwest::Client` (its proxies, roots, pool and timeouts).
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client, request_timeout: None }
    }

    /// Longest wait for one whole exchange; `None` leaves it to the `reqwest::Client`.
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The underlying `reqwest::Client`.
    pub fn inner(&self) -> &reqwest::Client {
        &self.client
    }
}

impl Transport for ReqwestTransport {
    type Error = ReqwestError;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, ReqwestError> {
        let request = reqwest::Request::try_from(request).map_err(ReqwestError::Http)?;
        let mut builder = reqwest::RequestBuilder::from_parts(self.client.clone(), request);
        if let Some(timeout) = self.request_timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.send().await.map_err(ReqwestError::classify)?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(ReqwestError::classify)?;
        let mut answer = HttpResponse::new(body.to_vec());
        *answer.status_mut() = status;
        *answer.version_mut() = version;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}
