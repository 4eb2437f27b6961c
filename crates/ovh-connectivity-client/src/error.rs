//! Errors that say what happened, and whether the request reached the API.

use std::fmt;
use std::time::Duration;

use ovh_connectivity_types::Operation;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request was never sent: bad configuration, missing credentials, encoding.
    #[error("request not sent: {0}")]
    NotSent(#[from] NotSent),
    /// The exchange failed below HTTP: what failed, where, and whether the request may have
    /// reached the API ([`ConnectorError::request_not_sent`]).
    #[error(transparent)]
    Transport(ConnectorError),
    /// The API answered with a non-2xx status.
    #[error(transparent)]
    Api(ApiError),
    /// The API answered 2xx, but the body does not fit the expected type.
    #[error(transparent)]
    Decode(DecodeError),
    /// The OAuth2 token endpoint refused the service account (wrong secret, unknown client...).
    #[error(transparent)]
    TokenRefused(TokenRefused),
    /// The async task ended in `error`.
    #[error("{operation}: the task failed after {polls} request(s): {message}")]
    TaskFailed {
        /// The operation.
        operation: Operation,
        /// The API's message.
        message: String,
        /// How many identical requests were sent.
        polls: u32,
    },
    /// The async task was still pending when the deadline passed.
    #[error(
        "{operation}: the task was still pending after {polls} request(s) over {waited}, its deadline (PollPolicy); raise the deadline or try again later",
        waited = Seconds(*waited)
    )]
    DeadlineExceeded {
        /// The operation.
        operation: Operation,
        /// How many identical requests were sent.
        polls: u32,
        /// Time since the first request.
        waited: Duration,
        /// The policy's deadline.
        deadline: Duration,
    },
}

/// Why a request was not sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotSent {
    /// The operation requires a signed call and the configuration has no (complete) credentials.
    #[error(
        "{0} requires authentication: configure application_key, application_secret and consumer_key (ovh.conf or OVH_* variables)"
    )]
    NeedsCredentials(Operation),
    /// The request could not be encoded.
    #[error("cannot encode the request: {0}")]
    Encode(String),
}

/// A non-2xx answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// OVH error class (`Client::NotFound`).
    pub class: Option<String>,
    /// Legacy OVH error code (`INVALID_SIGNATURE`).
    pub error_code: Option<String>,
    /// The API's message.
    pub message: Option<String>,
    /// `X-Ovh-QueryID`, to quote to OVH support.
    pub query_id: Option<String>,
    /// The body, when it was not an OVH error body.
    pub raw_body: Option<String>,
}

impl ApiError {
    fn hint(&self) -> Option<&'static str> {
        match (self.status, self.error_code.as_deref()) {
            (_, Some("INVALID_SIGNATURE")) => Some(
                "check the application secret and consumer key, and that the clock offset (GET /auth/time) is right",
            ),
            (_, Some("QUERY_TIME_OUT")) => {
                Some("the local clock is far from the API's: check it; a client reads the offset from /auth/time once")
            }
            (_, Some("INVALID_KEY")) => Some("check the application key"),
            (_, Some("INVALID_CREDENTIAL" | "NOT_CREDENTIAL" | "NOT_GRANTED_CALL")) => {
                Some("check the consumer key: it must be validated and its access rules must cover this call")
            }
            (401 | 403, _) => Some("check the credentials and the consumer key's access rules (or IAM policy)"),
            (429, _) => Some("too many requests: slow down (OVH's fair use is about one request per second)"),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OVH API error (HTTP {})", self.status)?;
        if let Some(kind) = self.class.as_deref().or(self.error_code.as_deref()) {
            write!(f, ": {kind}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message:?}")?;
        }
        if let Some(raw) = &self.raw_body {
            let shown: String = raw.chars().take(200).collect();
            write!(f, ": body is not an OVH error: {shown:?}")?;
        }
        if let Some(query_id) = &self.query_id {
            write!(f, " (X-Ovh-QueryID: {query_id})")?;
        }
        if let Some(hint) = self.hint() {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The OAuth2 token endpoint's refusal (RFC 6749 §5.2), or an answer that is not a token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRefused {
    /// HTTP status of the token endpoint's answer.
    pub status: u16,
    /// The OAuth2 error code (`invalid_client`, `invalid_scope`...), when there is one.
    pub error: Option<String>,
    /// What the endpoint said, or what was wrong with its answer.
    pub description: Option<String>,
}

impl fmt::Display for TokenRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no OAuth2 access token (HTTP {})", self.status)?;
        if let Some(error) = &self.error {
            write!(f, ": {error}")?;
        }
        if let Some(description) = &self.description {
            write!(f, ": {description:?}")?;
        }
        let hint = match self.error.as_deref() {
            Some("invalid_client") => {
                "check client_id and client_secret (OVH_CLIENT_ID, OVH_CLIENT_SECRET or ovh.conf)"
            }
            Some("invalid_scope") => "the service account is not granted the `all` scope",
            Some("unauthorized_client" | "unsupported_grant_type") => {
                "this client id is not a service account (client credentials flow)"
            }
            _ => "check the token URL and the service account",
        };
        write!(f, "; {hint}")
    }
}

impl std::error::Error for TokenRefused {}

/// A 2xx answer whose body does not fit the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The request that got the answer (`POST /connectivity/eligibility/test/line`).
    pub request: String,
    /// JSON path of the failure (`result.offers[0].product`).
    pub path: String,
    /// What serde said.
    pub message: String,
    /// The whole body.
    pub raw_body: String,
    /// `X-Ovh-QueryID`.
    pub query_id: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: cannot decode the answer at `{}`: {}", self.request, self.path, self.message)?;
        match &self.query_id {
            Some(query_id) => write!(f, " (X-Ovh-QueryID: {query_id})"),
            None => f.write_str(" (the answer has no X-Ovh-QueryID)"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A duration as people read it: `5 s`, `0.05 s`, `2 min 30 s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seconds(pub(crate) Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        if millis >= 120_000 && millis.is_multiple_of(1000) {
            let (minutes, seconds) = (millis / 60_000, millis % 60_000 / 1000);
            return if seconds == 0 { write!(f, "{minutes} min") } else { write!(f, "{minutes} min {seconds} s") };
        }
        let text = format!("{}.{:03}", millis / 1000, millis % 1000);
        write!(f, "{} s", text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// What failed below HTTP, as every transport classifies it (one kind for all adapters, as
/// smithy-rs's `ConnectorError`): the hyper and reqwest adapters, and the client core when a
/// request outlives [`Config::request_timeout`](crate::Config::request_timeout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// The server refused the connection (nothing listens there). The request was not sent.
    Refused,
    /// No connection could be made for another reason: the host name does not resolve, no
    /// route to it, a proxy would not open a tunnel. The request was not sent.
    Unreachable,
    /// No connection within the connect timeout. The request was not sent.
    ConnectTimedOut,
    /// The TLS handshake failed (a certificate not trusted, no protocol in common). The request
    /// was not sent.
    Tls,
    /// No complete answer within the request timeout. The request may have reached the API.
    TimedOut,
    /// The connection closed or broke before the whole answer came. The request may have
    /// reached the API.
    CutMidAnswer,
    /// Anything else. The request may have reached the API.
    Other,
}

/// A failed exchange: its [`ConnectorErrorKind`], the URL, and the underlying error.
///
/// Its `Display` is a sentence for people: what failed, with which URL, and whether the
/// request was sent (said "not sent" only when that is certain).
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    url: Option<String>,
    proxy: Option<String>,
    timeout: Option<Duration>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ConnectorError {
    /// A failure of this kind, caused by `source`.
    pub fn new(kind: ConnectorErrorKind, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { kind, url: None, proxy: None, timeout: None, source: Some(source.into()) }
    }

    /// A failure of this kind with no underlying error.
    pub fn from_kind(kind: ConnectorErrorKind) -> Self {
        Self { kind, url: None, proxy: None, timeout: None, source: None }
    }

    /// No complete answer within `timeout` ([`ConnectorErrorKind::TimedOut`]).
    pub fn timed_out(timeout: Duration) -> Self {
        Self { timeout: Some(timeout), ..Self::from_kind(ConnectorErrorKind::TimedOut) }
    }

    /// No connection within `timeout` ([`ConnectorErrorKind::ConnectTimedOut`]).
    pub fn connect_timed_out(timeout: Duration) -> Self {
        Self { timeout: Some(timeout), ..Self::from_kind(ConnectorErrorKind::ConnectTimedOut) }
    }

    /// This error, saying which timeout ran out (for the timeout kinds).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// This error, naming the URL of the request that failed.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// This error, saying the request went through this proxy (its URL without a password).
    pub fn with_proxy(mut self, proxy: impl Into<String>) -> Self {
        self.proxy = Some(proxy.into());
        self
    }

    /// The proxy the request went through, if the transport said.
    pub fn proxy(&self) -> Option<&str> {
        self.proxy.as_deref()
    }

    /// What failed.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }

    /// The URL of the request, when known (the client core always sets it).
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The timeout that ran out, for the timeout kinds (when the transport said it).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Whether the request certainly never reached the server: no connection was made, or
    /// its TLS handshake failed. `false` means it may have.
    pub fn request_not_sent(&self) -> bool {
        use ConnectorErrorKind as K;
        match self.kind {
            K::Refused | K::Unreachable | K::ConnectTimedOut | K::Tls => true,
            K::TimedOut | K::CutMidAnswer | K::Other => false,
        }
    }

    /// A timeout, to connect or to answer.
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, ConnectorErrorKind::ConnectTimedOut | ConnectorErrorKind::TimedOut)
    }

    /// The innermost error's text (the operating system's, rustls's...), if there is one.
    fn detail(&self) -> Option<String> {
        let mut error: &(dyn std::error::Error + 'static) = self.source.as_deref()?;
        while let Some(next) = error.source() {
            error = next;
        }
        Some(error.to_string()).filter(|text| !text.is_empty())
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ConnectorErrorKind as K;
        let url = match (self.url.as_deref().unwrap_or("the server"), &self.proxy) {
            (url, Some(proxy)) => format!("{url} through the proxy {proxy}"),
            (url, None) => url.to_owned(),
        };
        let listener = if self.proxy.is_some() { "the proxy" } else { "the server" };
        let within = |f: &mut fmt::Formatter<'_>| match self.timeout {
            Some(timeout) => write!(f, " within {}", Seconds(timeout)),
            None => Ok(()),
        };
        match self.kind {
            K::Refused => {
                write!(f, "cannot connect to {url}: the connection was refused (is {listener} running there?)")?;
            }
            K::Unreachable => write!(f, "cannot connect to {url}")?,
            K::ConnectTimedOut => {
                write!(f, "cannot connect to {url}: no connection")?;
                within(f)?;
            }
            K::Tls => write!(f, "cannot connect to {url}: the TLS handshake failed")?,
            K::TimedOut => {
                write!(f, "no complete answer from {url}")?;
                within(f)?;
            }
            K::CutMidAnswer => write!(f, "the connection to {url} was cut before the whole answer came")?,
            K::Other => write!(f, "the exchange with {url} failed")?,
        }
        if let Some(detail) = self.detail().filter(|_| self.kind != K::Refused) {
            write!(f, ": {detail}")?;
        }
        if self.request_not_sent() {
            f.write_str("; the request was not sent")
        } else {
            f.write_str("; the request may have reached the API")
        }
    }
}

impl std::error::Error for ConnectorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// An I/O error, classified by its kind: what a transport written on sockets fails with.
impl From<std::io::Error> for ConnectorError {
    fn from(error: std::io::Error) -> Self {
        use std::io::ErrorKind as Io;
        let kind = match error.kind() {
            Io::ConnectionRefused => ConnectorErrorKind::Refused,
            Io::NotFound | Io::HostUnreachable | Io::NetworkUnreachable | Io::AddrNotAvailable => {
                ConnectorErrorKind::Unreachable
            }
            Io::TimedOut => ConnectorErrorKind::TimedOut,
            Io::UnexpectedEof | Io::ConnectionReset | Io::ConnectionAborted | Io::BrokenPipe => {
                ConnectorErrorKind::CutMidAnswer
            }
            _ => ConnectorErrorKind::Other,
        };
        Self::new(kind, error)
    }
}

/// For transports that cannot fail (the `test_util` fakes, closures answering at once).
impl From<std::convert::Infallible> for ConnectorError {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_seconds() {
        let text = |millis| Seconds(Duration::from_millis(millis)).to_string();
        assert_eq!(text(5_000), "5 s");
        assert_eq!(text(50), "0.05 s");
        assert_eq!(text(12_004), "12.004 s");
        assert_eq!(text(0), "0 s");
        assert_eq!(text(180_000), "3 min");
        assert_eq!(text(150_000), "2 min 30 s");
    }
}
