//! The transport: hyper-util's pooled client, rustls for HTTPS, timeouts.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use ovh_connectivity_client::{ConnectorError, ConnectorErrorKind, HttpRequest, HttpResponse, Transport};

use crate::SetupError;
use crate::proxy::{Proxies, ProxyConnector};

/// Classifies a hyper-util error into the client core's kinds: what failed, and whether the
/// request can have been sent. `connecting` is hyper-util's own verdict (`is_connect`): no
/// connection was made, so nothing was sent.
fn classify(error: hyper_util::client::legacy::Error, connect_timeout: Duration) -> ConnectorError {
    let connecting = error.is_connect();
    let kind = kind_of(&error, connecting);
    let classified = ConnectorError::new(kind, error);
    if kind == ConnectorErrorKind::ConnectTimedOut { classified.with_timeout(connect_timeout) } else { classified }
}

/// The kind, from the first error of the chain that tells (an `io::Error`'s inner error
/// included: std's `source` skips it).
fn kind_of(error: &(dyn std::error::Error + 'static), connecting: bool) -> ConnectorErrorKind {
    use ConnectorErrorKind as K;
    use std::io::ErrorKind as Io;
    let mut next = Some(error);
    while let Some(error) = next {
        if error.is::<rustls::Error>() {
            return K::Tls;
        }
        if let Some(hyper) = error.downcast_ref::<hyper::Error>() {
            if hyper.is_incomplete_message() || hyper.is_body_write_aborted() {
                return K::CutMidAnswer;
            }
            if hyper.is_timeout() {
                return K::TimedOut;
            }
        }
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            match io.kind() {
                Io::ConnectionRefused => return K::Refused,
                Io::TimedOut if connecting => return K::ConnectTimedOut,
                Io::TimedOut => return K::TimedOut,
                Io::ConnectionReset | Io::ConnectionAborted | Io::UnexpectedEof | Io::BrokenPipe if !connecting => {
                    return K::CutMidAnswer;
                }
                _ => {}
            }
            next = io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static));
            continue;
        }
        next = error.source();
    }
    if connecting { K::Unreachable } else { K::Other }
}

/// Settings of a [`HyperTransport`].
#[derive(Clone, Debug)]
pub struct HyperTransportBuilder {
    connect_timeout: Duration,
    request_timeout: Duration,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    tls_config: Option<rustls::ClientConfig>,
    proxies: Option<Proxies>,
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            pool_idle_timeout: Duration::from_secs(30),
            pool_max_idle_per_host: 8,
            tls_config: None,
            proxies: None,
        }
    }
}

impl HyperTransportBuilder {
    /// Longest wait for a TCP connection. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Longest wait for one whole exchange (connect, send, answer, body). Default 60 s. The
    /// client core bounds each exchange too (`Config::request_timeout`, also 60 s by
    /// default): the shorter one ends it.
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

    /// The proxies to go through, instead of the environment's (`HTTP_PROXY`, `HTTPS_PROXY`,
    /// `NO_PROXY`... read by [`Proxies::from_env`] when this is not called);
    /// [`Proxies::none`] for none at all.
    pub fn proxies(mut self, proxies: Proxies) -> Self {
        self.proxies = Some(proxies);
        self
    }

    /// Builds the transport: HTTPS with rustls (and its `ring` provider) and plain HTTP, each
    /// through its proxy if one is set. Fails when TLS has no roots, or a proxy cannot be used.
    pub fn build(self) -> Result<HyperTransport, SetupError> {
        let proxies = Arc::new(self.proxies.unwrap_or_else(Proxies::from_env).matcher()?);
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(self.connect_timeout));
        http.set_nodelay(true);
        let builder = match self.tls_config {
            Some(config) => HttpsConnectorBuilder::new().with_tls_config(config),
            None => default_tls()?,
        };
        let connector = builder
            .https_or_http()
            .enable_http1()
            .wrap_connector(ProxyConnector { direct: http, matcher: proxies.clone() });
        let client = PooledClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .build(connector);
        Ok(HyperTransport {
            client,
            request_timeout: self.request_timeout,
            connect_timeout: self.connect_timeout,
            proxies,
        })
    }
}

/// rustls with the `ring` provider and the roots the features choose; without a root
/// feature, an error asking for one (or for a `tls_config`).
fn default_tls() -> Result<HttpsConnectorBuilder<hyper_rustls::builderstates::WantsSchemes>, SetupError> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = HttpsConnectorBuilder::new();
    #[cfg(feature = "native-roots")]
    return builder.with_provider_and_native_roots(provider).map_err(SetupError::Tls);
    #[cfg(all(feature = "webpki-roots", not(feature = "native-roots")))]
    return builder.with_provider_and_webpki_roots(provider).map_err(|e| SetupError::Tls(std::io::Error::other(e)));
    #[cfg(not(any(feature = "webpki-roots", feature = "native-roots")))]
    {
        let _ = (provider, builder);
        Err(SetupError::Tls(std::io::Error::other(
            "no root certificates: enable the `webpki-roots` or `native-roots` feature, or give a tls_config",
        )))
    }
}

/// The client core's transport on hyper: pooled, HTTPS and HTTP, with timeouts, through the
/// environment's proxies (or those of [`HyperTransportBuilder::proxies`]).
#[derive(Clone)]
pub struct HyperTransport {
    client: PooledClient<HttpsConnector<ProxyConnector>, Full<Bytes>>,
    request_timeout: Duration,
    connect_timeout: Duration,
    proxies: Arc<Matcher>,
}

impl std::fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HyperTransport")
            .field("request_timeout", &self.request_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl HyperTransport {
    /// A transport with the default settings.
    pub fn new() -> Result<Self, SetupError> {
        Self::builder().build()
    }

    /// Settings to change before building.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::default()
    }
}

impl Transport for HyperTransport {
    type Error = ConnectorError;

    /// Sends the request; a failure is classified into the core's [`ConnectorErrorKind`]s and
    /// names the request's URL.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
        let url = request.uri().to_string();
        let mut request = request.map(|body| Full::new(Bytes::from(body)));
        let proxy = self.proxies.intercept(request.uri());
        // A forwarding proxy (plain HTTP) reads its credentials from each request; a tunnel's
        // go with its CONNECT.
        if request.uri().scheme() == Some(&http::uri::Scheme::HTTP)
            && let Some(auth) = proxy.as_ref().and_then(|proxy| proxy.basic_auth())
        {
            request.headers_mut().insert(http::header::PROXY_AUTHORIZATION, auth.clone());
        }
        // The matcher's URI has no user information: nothing secret to hide.
        let proxy = proxy.map(|proxy| proxy.uri().to_string().trim_end_matches('/').to_owned());
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| classify(e, self.connect_timeout))?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|e| ConnectorError::new(kind_of(&e, false), e))?.to_bytes();
            Ok(HttpResponse::from_parts(parts, body.to_vec()))
        };
        let answer = tokio::time::timeout(self.request_timeout, exchange)
            .await
            .unwrap_or_else(|_| Err(ConnectorError::timed_out(self.request_timeout)));
        answer.map_err(|error: ConnectorError| match proxy {
            Some(proxy) => error.with_url(url).with_proxy(proxy),
            None => error.with_url(url),
        })
    }
}
