//! The transport: hyper-util's pooled client, rustls for HTTPS, timeouts.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use ovh_connectivity_client::{HttpRequest, HttpResponse, Transport};

/// What the transport fails with, classified once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HyperError {
    /// No connection could be made (refused, DNS, TLS handshake, connect timeout).
    #[error("cannot connect: {0}")]
    Connect(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The whole exchange took longer than the request timeout.
    #[error("no complete answer within {0:?}")]
    Timeout(Duration),
    /// The connection failed during the exchange.
    #[error("HTTP exchange failed: {0}")]
    Http(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The transport could not be built.
    #[error("cannot set up TLS: {0}")]
    Setup(#[source] std::io::Error),
}

impl HyperError {
    /// A timeout (request, or connect).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    /// The connection could not be made: the request was not sent.
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Connect(_))
    }

    fn classify(error: hyper_util::client::legacy::Error) -> Self {
        if error.is_connect() { Self::Connect(Box::new(error)) } else { Self::Http(Box::new(error)) }
    }
}

/// Settings of a [`HyperTransport`].
#[derive(Clone, Debug)]
pub struct HyperTransportBuilder {
    connect_timeout: Duration,
    request_timeout: Duration,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    tls_config: Option<rustls::ClientConfig>,
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            pool_idle_timeout: Duration::from_secs(30),
            pool_max_idle_per_host: 8,
            tls_config: None,
        }
    }
}

impl HyperTransportBuilder {
    /// Longest wait for a TCP connection. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Longest wait for one whole exchange (connect, send, answer, body). Default 60 s.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long an idle pooled connection is kept. Default 30 s.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Most idle connections kept per host. Default 8.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Your own rustls configuration (your roots, such as a corporate proxy's CA, or client
    /// certificates) instead of the built-in one. It must allow HTTP/1.1 (the default ALPN).
    pub fn tls_config(mut self, config: rustls::ClientConfig) -> Self {
        self.tls_config = Some(config);
        self
    }

    /// Builds the transport: HTTPS with rustls (and its `ring` provider) and plain HTTP.
    pub fn build(self) -> Result<HyperTransport, HyperError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(self.connect_timeout));
        http.set_nodelay(true);
        let builder = match self.tls_config {
            Some(config) => HttpsConnectorBuilder::new().with_tls_config(config),
            None => default_tls()?,
        };
        let connector = builder.https_or_http().enable_http1().wrap_connector(http);
        let client = PooledClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .build(connector);
        Ok(HyperTransport { client, request_timeout: self.request_timeout })
    }
}

/// rustls with the `ring` provider and the roots the features choose.
fn default_tls() -> Result<HttpsConnectorBuilder<hyper_rustls::builderstates::WantsSchemes>, HyperError> {
    {
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let builder = HttpsConnectorBuilder::new();
        #[cfg(feature = "native-roots")]
        let builder = builder.with_provider_and_native_roots(provider).map_err(HyperError::Setup)?;
        #[cfg(all(feature = "webpki-roots", not(feature = "native-roots")))]
        let builder = builder
            .with_provider_and_webpki_roots(provider)
            .map_err(|e| HyperError::Setup(std::io::Error::other(e)))?;
        #[cfg(not(any(feature = "webpki-roots", feature = "native-roots")))]
        let builder = {
            let _ = (provider, builder);
            return Err(HyperError::Setup(std::io::Error::other(
                "no root certificates: enable the `webpki-roots` or `native-roots` feature, or give a tls_config",
            )));
        };
        Ok(builder)
    }
}

/// The client core's transport on hyper: pooled, HTTPS and HTTP, with timeouts.
#[derive(Clone, Debug)]
pub struct HyperTransport {
    client: PooledClient<HttpsConnector<HttpConnector>, Full<Bytes>>,
    request_timeout: Duration,
}

impl HyperTransport {
    /// A transport with the default settings.
    pub fn new() -> Result<Self, HyperError> {
        Self::builder().build()
    }

    /// Settings to change before building.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::default()
    }
}

impl Transport for HyperTransport {
    type Error = HyperError;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HyperError> {
        let request = request.map(|body| Full::new(Bytes::from(body)));
        let exchange = async {
            let response = self.client.request(request).await.map_err(HyperError::classify)?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|e| HyperError::Http(Box::new(e)))?.to_bytes();
            Ok(HttpResponse::from_parts(parts, body.to_vec()))
        };
        tokio::time::timeout(self.request_timeout, exchange)
            .await
            .map_err(|_| HyperError::Timeout(self.request_timeout))?
    }
}
