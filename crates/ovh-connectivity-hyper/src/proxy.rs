//! Forward proxies, as curl, reqwest, python-ovh (through requests) and go-ovh (Go's
//! `net/http`) honour them: `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` (or their
//! lower-case forms), or the same settings given explicitly. HTTPS goes through an HTTP
//! `CONNECT` tunnel (the TLS handshake is then made with the API, end to end); plain HTTP is
//! forwarded by the proxy. hyper-util's `Matcher` decides which requests go through which
//! proxy, its `Tunnel` opens the tunnels.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::Uri;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::SetupError;

/// Which proxy each request goes through, if any: `http` for `http://` URLs, `https` for
/// `https://` URLs (tunnelled with `CONNECT`), none for the hosts `no_proxy` lists.
///
/// [`Proxies::from_env`] is what [`HyperTransport::new`](crate::HyperTransport::new) uses;
/// [`HyperTransportBuilder::proxies`](crate::HyperTransportBuilder::proxies) takes any other.
/// A proxy URL is `http://host:port`, optionally with `user:password@` (sent as
/// `Proxy-Authorization: Basic`); a proxy reached over TLS (`https://`) or SOCKS is refused
/// when the transport is built, with the variable it came from.
///
/// `Debug` hides the passwords.
///
/// ```
/// use ovh_connectivity_hyper::Proxies;
///
/// // As the environment would say it, read through a function (here, a table).
/// let env = [("HTTPS_PROXY", "http://proxy.example:3128"), ("no_proxy", "localhost,.internal")];
/// let proxies = Proxies::from_lookup(|name| env.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()));
/// assert_eq!(proxies, Proxies::none().https("http://proxy.example:3128").no_proxy("localhost,.internal"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    http: Option<Setting>,
    https: Option<Setting>,
    no_proxy: Option<String>,
}

/// One proxy URL and where it came from (a variable's name, or `explicit`).
#[derive(Clone)]
struct Setting {
    url: String,
    from: &'static str,
}

/// Two settings are the same proxy wherever they came from.
impl PartialEq for Setting {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url
    }
}

impl Eq for Setting {}

impl Proxies {
    /// No proxy at all, whatever the environment says.
    pub fn none() -> Self {
        Self::default()
    }

    /// The process's environment: see [`from_lookup`](Self::from_lookup).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The variables as `lookup` gives them, as curl reads them: `HTTP_PROXY` (or `http_proxy`)
    /// for `http://` URLs, `HTTPS_PROXY` (or `https_proxy`) for `https://` URLs, `ALL_PROXY`
    /// (or `all_proxy`) for either when its own is not set, and `NO_PROXY` (or `no_proxy`): a
    /// comma-separated list of host names (each with its subdomains; a leading dot is allowed),
    /// IP addresses or networks (`10.0.0.0/8`), or `*` for all. Upper case wins when both are
    /// set; empty values count as unset. In a CGI program (`REQUEST_METHOD` set),
    /// `HTTP_PROXY` is ignored: a request's `Proxy:` header would set it (httpoxy).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let cgi = lookup("REQUEST_METHOD").is_some();
        let read = |names: [&'static str; 2]| {
            names.into_iter().filter(|name| !(cgi && *name == "HTTP_PROXY")).find_map(|name| {
                lookup(name).filter(|value| !value.trim().is_empty()).map(|url| Setting { url, from: name })
            })
        };
        let all = read(["ALL_PROXY", "all_proxy"]);
        Self {
            http: read(["HTTP_PROXY", "http_proxy"]).or_else(|| all.clone()),
            https: read(["HTTPS_PROXY", "https_proxy"]).or(all),
            no_proxy: read(["NO_PROXY", "no_proxy"]).map(|setting| setting.url),
        }
    }

    /// These settings, with this proxy for `http://` URLs.
    pub fn http(mut self, url: impl Into<String>) -> Self {
        self.http = Some(Setting { url: url.into(), from: "explicit" });
        self
    }

    /// These settings, with this proxy for `https://` URLs (through `CONNECT`).
    pub fn https(mut self, url: impl Into<String>) -> Self {
        self.https = Some(Setting { url: url.into(), from: "explicit" });
        self
    }

    /// These settings, with this proxy for every URL.
    pub fn all(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.http(url.clone()).https(url)
    }

    /// These settings, with these hosts reached directly (`NO_PROXY`'s syntax).
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy = Some(hosts.into());
        self
    }

    /// Whether any request can go through a proxy.
    pub fn is_empty(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    /// The matcher for these settings, each proxy URL checked first.
    pub(crate) fn matcher(&self) -> Result<Matcher, SetupError> {
        let mut builder = Matcher::builder();
        if let Some(setting) = &self.http {
            builder = builder.http(setting.checked()?);
        }
        if let Some(setting) = &self.https {
            builder = builder.https(setting.checked()?);
        }
        if let Some(hosts) = &self.no_proxy {
            builder = builder.no(hosts.as_str());
        }
        Ok(builder.build())
    }
}

impl Setting {
    /// The URL, if this transport can use it: `http://host[:port]`, or `host[:port]`.
    fn checked(&self) -> Result<&str, SetupError> {
        let refused = |reason: &str| SetupError::Proxy {
            url: redacted(&self.url),
            from: self.from.to_owned(),
            reason: reason.to_owned(),
        };
        let uri: Uri = self.url.trim().parse().map_err(|_| refused("not a URL"))?;
        match uri.scheme_str() {
            None | Some("http") => {}
            Some("https") => {
                return Err(refused(
                    "a proxy reached over TLS is not supported: give its http:// address (HTTPS still goes \
                     through it in a CONNECT tunnel, encrypted end to end)",
                ));
            }
            Some(other) => return Err(refused(&format!("the scheme `{other}` is not supported: use http://"))),
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(refused("no host"));
        }
        Ok(self.url.trim())
    }
}

/// A proxy URL without its password, for messages and `Debug`.
fn redacted(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").map_or(("", url), |(scheme, rest)| (scheme, rest));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else { return url.to_owned() };
    let user = rest[..at].split(':').next().unwrap_or_default();
    let separator = if scheme.is_empty() { "" } else { "://" };
    format!("{scheme}{separator}{user}:[redacted]@{}", &rest[at + 1..])
}

impl fmt::Debug for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (from {})", redacted(&self.url), self.from)
    }
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxies")
            .field("http", &self.http)
            .field("https", &self.https)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// Connects directly, through a `CONNECT` tunnel, or to a forwarding proxy, as the matcher
/// says; TLS (for `https://` URLs) is added above it by hyper-rustls, so a tunnelled
/// connection is encrypted end to end with the API.
#[derive(Clone)]
pub(crate) struct ProxyConnector {
    pub(crate) direct: HttpConnector,
    pub(crate) matcher: Arc<Matcher>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Service<Uri> for ProxyConnector {
    type Response = ProxyStream;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<ProxyStream, BoxError>> + Send>>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.direct.poll_ready(context).map_err(Into::into)
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let intercept: Option<Intercept> = self.matcher.intercept(&destination);
        match intercept {
            None => {
                let connecting = self.direct.call(destination);
                Box::pin(async move { Ok(ProxyStream { io: connecting.await?, forwarding: false }) })
            }
            Some(proxy) if destination.scheme() == Some(&http::uri::Scheme::HTTPS) => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), self.direct.clone());
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let connecting = tunnel.call(destination);
                Box::pin(async move { Ok(ProxyStream { io: connecting.await?, forwarding: false }) })
            }
            Some(proxy) => {
                let connecting = self.direct.call(proxy.uri().clone());
                Box::pin(async move { Ok(ProxyStream { io: connecting.await?, forwarding: true }) })
            }
        }
    }
}

/// A connection, direct, tunnelled or to a forwarding proxy. A forwarding proxy gets
/// requests in absolute form (`GET http://host/path`): hyper-util does that when the
/// connection says it is proxied.
pub(crate) struct ProxyStream {
    io: TokioIo<TcpStream>,
    forwarding: bool,
}

impl Connection for ProxyStream {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.forwarding)
    }
}

impl hyper::rt::Read for ProxyStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(context, buffer)
    }
}

impl hyper::rt::Write for ProxyStream {
    fn poll_write(mut self: Pin<&mut Self>, context: &mut Context<'_>, bytes: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(context, bytes)
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(context)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(context)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffers: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(context, buffers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn upper_case_wins_lower_case_counts_and_all_proxy_fills_in() {
        let proxies = Proxies::from_lookup(env(&[
            ("http_proxy", "http://lower:1"),
            ("HTTP_PROXY", "http://upper:1"),
            ("all_proxy", "http://all:1"),
            ("no_proxy", "localhost"),
        ]));
        assert_eq!(proxies.http.as_ref().map(|s| (s.url.as_str(), s.from)), Some(("http://upper:1", "HTTP_PROXY")));
        assert_eq!(proxies.https.as_ref().map(|s| (s.url.as_str(), s.from)), Some(("http://all:1", "all_proxy")));
        assert_eq!(proxies.no_proxy.as_deref(), Some("localhost"));
        assert!(Proxies::from_lookup(env(&[("HTTPS_PROXY", " ")])).is_empty(), "empty is unset");
        assert!(Proxies::from_lookup(env(&[])).is_empty());
    }

    #[test]
    fn a_cgi_program_ignores_http_proxy_but_not_the_lower_case_form() {
        let cgi = Proxies::from_lookup(env(&[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "http://header:1")]));
        assert!(cgi.is_empty(), "{cgi:?}");
        let lower = Proxies::from_lookup(env(&[("REQUEST_METHOD", "GET"), ("http_proxy", "http://set:1")]));
        assert_eq!(lower.http.map(|s| s.url), Some("http://set:1".to_owned()));
    }

    #[test]
    fn the_matcher_follows_the_scheme_and_no_proxy() {
        let matcher = Proxies::none()
            .http("http://forward:3128")
            .https("proxy:3129")
            .no_proxy("localhost, .internal,10.0.0.0/8")
            .matcher()
            .unwrap();
        let via = |url: &'static str| matcher.intercept(&Uri::from_static(url)).map(|i| i.uri().to_string());
        assert_eq!(via("http://api.test.invalid/1.0").as_deref(), Some("http://forward:3128/"));
        assert_eq!(via("https://eu.api.ovh.com/1.0").as_deref(), Some("http://proxy:3129/"));
        assert_eq!(via("https://api.internal/1.0"), None);
        assert_eq!(via("http://10.1.2.3:8080/1.0"), None);
        assert_eq!(via("http://localhost:8080/1.0"), None);
    }

    #[test]
    fn unusable_proxies_are_refused_with_their_source_and_without_their_password() {
        for (url, words) in [
            ("https://user:s3cret@proxy:443", "reached over TLS is not supported"),
            ("socks5://proxy:1080", "the scheme `socks5` is not supported"),
            ("http://", "not a URL"),
        ] {
            let proxies = Proxies::from_lookup(|name| (name == "HTTPS_PROXY").then(|| url.to_owned()));
            let error = proxies.matcher().unwrap_err().to_string();
            assert!(error.contains(words) && error.contains("HTTPS_PROXY"), "{error}");
            assert!(!error.contains("s3cret"), "{error}");
        }
    }

    #[test]
    fn debug_hides_proxy_passwords() {
        let proxies = Proxies::none().all("http://me:s3cret@proxy:3128");
        let text = format!("{proxies:?}");
        assert!(!text.contains("s3cret") && text.contains("http://me:[redacted]@proxy:3128"), "{text}");
        assert_eq!(redacted("me:pw@proxy:1"), "me:[redacted]@proxy:1");
        assert_eq!(redacted("http://proxy:1/a@b"), "http://proxy:1/a@b");
    }
}
