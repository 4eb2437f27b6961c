//! The upstream calls of `--proxy`: the mock's own hyper-util client with rustls (not the
//! client crates': the mock does not depend on them), through `HTTPS_PROXY` unless `NO_PROXY`
//! says otherwise (hyper-util's `Matcher` and `Tunnel`), bounded by the upstream timeout, and
//! the upstream credentials that sign what the core hands over for signing (an application
//! key, with the upstream's `/auth/time`; or a service account's token from the upstream's
//! token URL, kept until it expires).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, Uri, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use ovh_connectivity_mock_core::{Credential, Forward, ServiceAccount, Upstream, UpstreamSigning};
use sha1::{Digest, Sha1};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tower_service::Service;

/// The largest upstream answer read; a larger one is a failure (502).
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// The credentials the mock signs forwarded calls with (`--upstream-credentials`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum UpstreamCredentials {
    /// An application key: calls are signed as OVH's clients sign them.
    Application(Credential),
    /// A service account: calls carry a Bearer token the mock gets from the token URL.
    Service {
        /// The account.
        account: ServiceAccount,
        /// The upstream's OAuth2 token URL (`https://www.ovh.com/auth/oauth2/token`).
        token_url: String,
    },
}

/// How the mock calls its upstream: the host's side of [`ProxyConfig`](crate::ProxyConfig).
#[derive(Clone)]
#[non_exhaustive]
pub struct UpstreamConfig {
    /// The longest a forwarded call may take, connection and whole answer included; past it
    /// the caller gets a 504.
    pub timeout: Duration,
    /// What signs the calls the caller signed with an application key.
    pub credentials: Option<UpstreamCredentials>,
    /// The TLS settings (roots) for an `https://` upstream; `None`: Mozilla's roots.
    pub tls: Option<rustls::ClientConfig>,
    /// The forward proxy (`http://host:port`, with `user:password@` if it wants them) that an
    /// `https://` upstream is reached through, in a `CONNECT` tunnel (TLS stays end to end).
    /// Default: the environment's `HTTPS_PROXY`, else `https_proxy`, `ALL_PROXY`, `all_proxy`.
    /// A plain `http://` upstream (a local one) is always called directly.
    pub https_proxy: Option<String>,
    /// Hosts called directly, not through `https_proxy`: a comma-separated list, each with its
    /// subdomains, as curl reads it. Default: the environment's `NO_PROXY`, else `no_proxy`.
    pub no_proxy: Option<String>,
}

/// The first of `names` set (and not empty) in the environment.
fn env(names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))
}

impl Default for UpstreamConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            credentials: None,
            tls: None,
            https_proxy: env(&["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]),
            no_proxy: env(&["NO_PROXY", "no_proxy"]),
        }
    }
}

impl fmt::Debug for UpstreamConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpstreamConfig")
            .field("timeout", &self.timeout)
            .field("credentials", &self.credentials)
            .field("tls", &self.tls.as_ref().map(|_| "custom"))
            .field("https_proxy", &self.https_proxy.as_deref().map(redacted))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// The official OAuth2 token URL of an OVH API base URL (the client's endpoint table), or
/// the upstream host's own `/auth/oauth2/token` (as the mock serves it).
pub fn default_token_url(upstream: &str) -> String {
    let uri: Uri = upstream.parse().unwrap_or_default();
    match uri.host().unwrap_or("") {
        "eu.api.ovh.com" | "api.ovh.com" => "https://www.ovh.com/auth/oauth2/token".to_owned(),
        "ca.api.ovh.com" => "https://ca.ovh.com/auth/oauth2/token".to_owned(),
        "api.us.ovhcloud.com" => "https://us.ovhcloud.com/auth/oauth2/token".to_owned(),
        _ => format!(
            "{}://{}/auth/oauth2/token",
            uri.scheme_str().unwrap_or("http"),
            uri.authority().map_or("", |a| a.as_str())
        ),
    }
}

/// A token and when to stop using it.
struct Token {
    value: String,
    until: Instant,
}

/// The client the host forwards with.
pub(crate) struct UpstreamClient {
    base: String,
    config: UpstreamConfig,
    client: Client<HttpsConnector<Connector>, Full<Bytes>>,
    /// The upstream's clock minus ours, in seconds, read once from `/auth/time`.
    time_offset: Mutex<Option<i64>>,
    token: Mutex<Option<Token>>,
}

impl fmt::Debug for UpstreamClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpstreamClient").field("base", &self.base).finish_non_exhaustive()
    }
}

impl UpstreamClient {
    /// A client of the API at `base` (`https://eu.api.ovh.com/1.0`).
    pub(crate) fn new(base: &str, config: UpstreamConfig) -> Result<Arc<Self>, String> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(config.timeout));
        http.set_nodelay(true);
        let builder = match config.tls.clone() {
            Some(tls) => HttpsConnectorBuilder::new().with_tls_config(tls),
            None => HttpsConnectorBuilder::new()
                .with_provider_and_webpki_roots(Arc::new(rustls::crypto::ring::default_provider()))
                .map_err(|error| format!("TLS for the upstream: {error}"))?,
        };
        let mut matcher = Matcher::builder();
        if let Some(proxy) = &config.https_proxy {
            let uri: Uri =
                proxy.trim().parse().map_err(|_| format!("HTTPS_PROXY `{}` is not a URL", redacted(proxy)))?;
            if !matches!(uri.scheme_str(), None | Some("http")) {
                return Err(format!(
                    "HTTPS_PROXY `{}`: only a proxy reached over plain http:// is supported (HTTPS goes through \
                     it in a CONNECT tunnel, encrypted end to end)",
                    redacted(proxy)
                ));
            }
            matcher = matcher.https(proxy.trim());
        }
        if let Some(hosts) = &config.no_proxy {
            matcher = matcher.no(hosts.as_str());
        }
        let connector = Connector { direct: http, matcher: Arc::new(matcher.build()) };
        let connector = builder.https_or_http().enable_http1().wrap_connector(connector);
        let client = Client::builder(TokioExecutor::new()).pool_timer(TokioTimer::new()).build(connector);
        Ok(Arc::new(Self {
            base: base.trim_end_matches('/').to_owned(),
            config,
            client,
            time_offset: Mutex::new(None),
            token: Mutex::new(None),
        }))
    }

    /// Sends a forwarded request, within the upstream timeout.
    pub(crate) async fn send(&self, forward: &Forward) -> Upstream {
        let timeout = self.config.timeout;
        match tokio::time::timeout(timeout, self.call(forward)).await {
            Err(_) => Upstream::TimedOut(timeout),
            Ok(Err(reason)) => Upstream::Failed(reason),
            Ok(Ok(response)) => Upstream::Answered(response),
        }
    }

    async fn call(&self, forward: &Forward) -> Result<Response<Bytes>, String> {
        let url = format!("{}{}", self.base, forward.request.uri());
        let mut request = Request::builder()
            .method(forward.request.method().clone())
            .uri(&url)
            .body(Full::new(forward.request.body().clone()))
            .map_err(|error| format!("cannot build the request to {url}: {error}"))?;
        let headers = request.headers_mut();
        headers.extend(forward.request.headers().iter().map(|(name, value)| (name.clone(), value.clone())));
        headers.insert(
            header::USER_AGENT,
            HeaderValue::from_static(concat!("ovh-connectivity-mock/", env!("CARGO_PKG_VERSION"))),
        );
        if forward.signing == UpstreamSigning::Host {
            self.sign(&mut request, &url, forward.request.body()).await?;
        }
        self.exchange(request).await
    }

    async fn exchange(&self, request: Request<Full<Bytes>>) -> Result<Response<Bytes>, String> {
        let response = self.client.request(request).await.map_err(|error| describe(&error))?;
        let (parts, body) = response.into_parts();
        let body = Limited::new(body, MAX_ANSWER_BYTES)
            .collect()
            .await
            .map_err(|error| format!("the answer could not be read: {error}"))?
            .to_bytes();
        Ok(Response::from_parts(parts, body))
    }

    /// Signs `request` with the upstream credentials: an OVH signature, or a Bearer token.
    async fn sign(&self, request: &mut Request<Full<Bytes>>, url: &str, body: &[u8]) -> Result<(), String> {
        match &self.config.credentials {
            None => Err("no upstream credentials to sign with".to_owned()),
            Some(UpstreamCredentials::Application(credential)) => {
                let timestamp = self.upstream_time().await?.to_string();
                let method = request.method().as_str().to_owned();
                let parts: [&[u8]; 6] = [
                    credential.application_secret.as_bytes(),
                    credential.consumer_key.as_bytes(),
                    method.as_bytes(),
                    url.as_bytes(),
                    body,
                    timestamp.as_bytes(),
                ];
                let signed = parts.join(&b'+');
                let digest = Sha1::digest(&signed);
                let signature = format!("$1${}", digest.iter().map(|byte| format!("{byte:02x}")).collect::<String>());
                let headers = request.headers_mut();
                let value = |text: &str| {
                    HeaderValue::from_str(text).map_err(|_| "credentials that are not header text".to_owned())
                };
                headers.insert("x-ovh-application", value(&credential.application_key)?);
                headers.insert("x-ovh-consumer", value(&credential.consumer_key)?);
                headers.insert("x-ovh-timestamp", value(&timestamp)?);
                headers.insert("x-ovh-signature", value(&signature)?);
                Ok(())
            }
            Some(UpstreamCredentials::Service { account, token_url }) => {
                let token = self.token(account, token_url).await?;
                let value = HeaderValue::from_str(&format!("Bearer {token}"))
                    .map_err(|_| "the token URL gave a token that is not header text".to_owned())?;
                request.headers_mut().insert(header::AUTHORIZATION, value);
                Ok(())
            }
        }
    }

    /// The upstream's time now, from its `/auth/time` (read once; then our clock and the offset).
    async fn upstream_time(&self) -> Result<i64, String> {
        let local = || SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        let mut offset = self.time_offset.lock().await;
        if let Some(offset) = *offset {
            return Ok(local() + offset);
        }
        let url = format!("{}/auth/time", self.base);
        let request = Request::get(&url).body(Full::new(Bytes::new())).map_err(|error| error.to_string())?;
        let response = self.exchange(request).await?;
        let text = String::from_utf8_lossy(response.body());
        let time: i64 = text.trim().parse().map_err(|_| {
            format!(
                "{url} answered HTTP {} `{}`, not a time",
                response.status().as_u16(),
                text.chars().take(100).collect::<String>()
            )
        })?;
        *offset = Some(time - local());
        Ok(time)
    }

    /// A service account's token, fetched from the token URL and kept until a minute before it
    /// expires.
    async fn token(&self, account: &ServiceAccount, token_url: &str) -> Result<String, String> {
        let mut kept = self.token.lock().await;
        if let Some(token) = kept.as_ref().filter(|token| token.until > Instant::now()) {
            return Ok(token.value.clone());
        }
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_id", &account.client_id)
            .append_pair("client_secret", &account.client_secret)
            .append_pair("scope", "all")
            .finish();
        let request = Request::post(token_url)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(form)))
            .map_err(|error| format!("token URL {token_url}: {error}"))?;
        let response = self.exchange(request).await.map_err(|error| format!("token URL {token_url}: {error}"))?;
        #[derive(serde::Deserialize)]
        struct Answer {
            access_token: String,
            #[serde(default)]
            expires_in: Option<u64>,
        }
        let answer: Answer = serde_json::from_slice(response.body()).map_err(|_| {
            format!("token URL {token_url} answered HTTP {} without a token", response.status().as_u16())
        })?;
        let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(3600).saturating_sub(60).max(1));
        *kept = Some(Token { value: answer.access_token.clone(), until: Instant::now() + lifetime });
        Ok(answer.access_token)
    }
}

/// A proxy URL without its password, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://").map_or(0, |at| at + 3), url.rfind('@')) {
        (start, Some(at)) if at > start => format!("{}[redacted]@{}", &url[..start], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Connects directly, or for an `https://` upstream the matcher sends through the proxy, in
/// a `CONNECT` tunnel (hyper-util's `Tunnel`); TLS is added above by hyper-rustls.
#[derive(Clone)]
struct Connector {
    direct: HttpConnector,
    matcher: Arc<Matcher>,
}

impl Service<Uri> for Connector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<TokioIo<TcpStream>, BoxError>> + Send>>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.direct.poll_ready(context).map_err(Into::into)
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let https = destination.scheme() == Some(&http::uri::Scheme::HTTPS);
        match self.matcher.intercept(&destination).filter(|_| https) {
            Some(proxy) => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), self.direct.clone());
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let connecting = tunnel.call(destination);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
            None => {
                let connecting = self.direct.call(destination);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
        }
    }
}

/// A client error in words, with its causes (`connection refused`, a TLS alert).
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_url_is_the_endpoints_official_one_or_the_upstream_hosts_own() {
        assert_eq!(default_token_url("https://eu.api.ovh.com/1.0"), "https://www.ovh.com/auth/oauth2/token");
        assert_eq!(default_token_url("https://ca.api.ovh.com/v1"), "https://ca.ovh.com/auth/oauth2/token");
        assert_eq!(default_token_url("https://api.us.ovhcloud.com/1.0"), "https://us.ovhcloud.com/auth/oauth2/token");
        assert_eq!(default_token_url("http://127.0.0.1:8080/1.0"), "http://127.0.0.1:8080/auth/oauth2/token");
    }

    #[test]
    fn proxy_passwords_stay_out_of_messages_and_debug() {
        assert_eq!(redacted("http://user:pw@proxy:3128"), "http://[redacted]@proxy:3128");
        assert_eq!(redacted("http://proxy:3128"), "http://proxy:3128");
        let config =
            UpstreamConfig { https_proxy: Some("http://u:pw@proxy:3128".to_owned()), ..UpstreamConfig::default() };
        assert!(!format!("{config:?}").contains("pw"));
    }
}
