#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

use std::time::Duration;

pub use ovh_connectivity_client::types;
/// What users of this adapter need of the client core, so that one dependency is enough.
pub use ovh_connectivity_client::{
    ApiError, Call, Client, Clock, Config, ConfigBuilder, ConfigError, ConnectorError, ConnectorErrorKind, Credentials,
    DecodeError, Error, NotSent, PollPolicy, Polled, Secret, SystemClock,
};
use ovh_connectivity_client::{HttpRequest, HttpResponse, Transport};

/// Classifies a reqwest error into the client core's kinds, as the hyper adapter classifies
/// its own: what failed, and whether the request can have been sent.
fn classify(error: reqwest::Error) -> ConnectorError {
    use ConnectorErrorKind as K;
    let connecting = error.is_connect();
    let kind = if error.is_timeout() {
        if connecting { K::ConnectTimedOut } else { K::TimedOut }
    } else {
        kind_in_chain(&error, connecting).unwrap_or(if connecting {
            K::Unreachable
        } else if error.is_body() {
            K::CutMidAnswer
        } else {
            K::Other
        })
    };
    ConnectorError::new(kind, error)
}

/// The kind named by an error of the chain: rustls's (TLS), hyper's (cut mid-answer), or an
/// `io::Error`'s kind (its inner error included: std's `source` skips it). reqwest's own
/// predicates do not tell these apart.
fn kind_in_chain(error: &(dyn std::error::Error + 'static), connecting: bool) -> Option<ConnectorErrorKind> {
    use ConnectorErrorKind as K;
    use std::io::ErrorKind as Io;
    let mut next = Some(error);
    while let Some(error) = next {
        if error.is::<rustls::Error>() {
            return Some(K::Tls);
        }
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            match io.kind() {
                Io::ConnectionRefused => return Some(K::Refused),
                Io::ConnectionReset | Io::ConnectionAborted | Io::UnexpectedEof | Io::BrokenPipe if !connecting => {
                    return Some(K::CutMidAnswer);
                }
                _ => {}
            }
            next = io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static));
            continue;
        }
        if let Some(hyper) = error.downcast_ref::<hyper::Error>()
            && (hyper.is_incomplete_message() || hyper.is_body_write_aborted())
        {
            return Some(K::CutMidAnswer);
        }
        next = error.source();
    }
    None
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
    type Error = ConnectorError;

    /// Sends the request; a failure is classified into the core's [`ConnectorErrorKind`]s and
    /// names the request's URL.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
        let url = request.uri().to_string();
        self.exchange(request).await.map_err(|error| classify(error).with_url(url))
    }
}

impl ReqwestTransport {
    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, reqwest::Error> {
        let request = reqwest::Request::try_from(request)?;
        let mut builder = reqwest::RequestBuilder::from_parts(self.client.clone(), request);
        if let Some(timeout) = self.request_timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.send().await?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        let mut answer = HttpResponse::new(body.to_vec());
        *answer.status_mut() = status;
        *answer.version_mut() = version;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}
