//! Errors that say what happened, and whether the request reached the API.

use std::fmt;
use std::time::Duration;

use ovh_connectivity_types::Operation;

use crate::config::ConfigError;

/// Everything a call can fail with. `E` is the transport's error type.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request was never sent: bad configuration, missing credentials, encoding.
    #[error("request not sent: {0}")]
    NotSent(#[from] NotSent),
    /// The transport failed. The request may or may not have reached the API.
    #[error("transport failed (the request may or may not have reached the API): {0}")]
    Transport(#[source] E),
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
        "{operation}: the task was still pending after {polls} request(s) over {waited:?} (deadline {deadline:?}); raise the deadline (PollPolicy) or try again later"
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
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
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
                Some("the local clock is far from the API's: the offset is re-read from /auth/time")
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
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{request}: cannot decode the answer at `{path}`: {message} (X-Ovh-QueryID: {query_id:?})")]
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
