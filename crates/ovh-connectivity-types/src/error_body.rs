//! The body of an error answer, as every OVHcloud API writes it.

use serde::{Deserialize, Serialize};

/// The JSON body of a non-2xx answer.
///
/// Two shapes exist: the current `{"class":"Client::BadRequest","message":"..."}` and the
/// legacy authentication-layer `{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request",
/// "message":"Invalid signature"}`. Fields of one shape are left out when writing the other.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct ErrorBody {
    /// Error class (`Client::NotFound`, `Client::BadRequest`, `Server::InternalServerError`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Legacy error code (`INVALID_SIGNATURE`, `INVALID_CREDENTIAL`, `NOT_GRANTED_CALL`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Legacy HTTP status line (`"400 Bad Request"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    /// Human-readable message.
    pub message: String,
}

impl ErrorBody {
    /// An error of the current shape.
    pub fn new(class: impl Into<String>, message: impl Into<String>) -> Self {
        Self { class: Some(class.into()), error_code: None, http_code: None, message: message.into() }
    }

    /// An error of the legacy authentication-layer shape.
    pub fn legacy(error_code: impl Into<String>, http_code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            class: None,
            error_code: Some(error_code.into()),
            http_code: Some(http_code.into()),
            message: message.into(),
        }
    }
}
