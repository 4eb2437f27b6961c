//! Answers: OVH-shaped errors, and the headers every answer carries.

use std::borrow::Cow;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use ovh_connectivity_types::ErrorBody;
use serde::Serialize;

/// What answered a request, for the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Source {
    /// A fixture (its id is in `fixture`).
    Fixture,
    /// The world.
    World,
    /// Neither: the plausible answer to a request no fixture covers.
    Uncovered,
    /// An OVH-shaped error: routing, validation, signature, strict mode.
    Error,
    /// A fault injected by header or settings.
    Fault,
    /// The admin API.
    Admin,
    /// The mock itself: `/auth/time`, the OAuth2 token endpoint, CORS preflights.
    Mock,
    /// The upstream the request was forwarded to (`--proxy`), or the mock's 502/504 when
    /// the upstream failed.
    Upstream,
}

/// What a request gets, before the common headers are added.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    /// `Allow` header, for 405.
    pub(crate) allow: Option<String>,
    /// Send the body in small chunks with pauses.
    pub(crate) slow_body: bool,
    /// Close the connection instead of answering.
    pub(crate) drop_connection: bool,
    /// What the log line says beyond method, path and status (a task transition, an error).
    pub(crate) note: Cow<'static, str>,
    /// The fixture that answered, if one did.
    pub(crate) fixture: Option<std::sync::Arc<str>>,
    /// A raw value instead of JSON (the bare integer of `/auth/time` is still JSON).
    pub(crate) content_type: &'static str,
    /// More headers (`WWW-Authenticate`, `Pragma` on OAuth2 answers, the dashboard's
    /// content security policy); empty, so not allocated, on most answers.
    pub(crate) extra_headers: Vec<(http::HeaderName, HeaderValue)>,
    /// What answered, for the request log.
    pub(crate) source: Source,
}

/// OVH's error class for an HTTP status: `Client::` or `Server::` and the status's name in
/// OVH's spelling (`Client::NotFound`, `Server::ServiceUnavailable`), from RFC 9110's reason
/// phrase for statuses OVH's own errors do not name.
pub(crate) fn ovh_class(status: StatusCode) -> String {
    let side = if status.is_server_error() { "Server" } else { "Client" };
    let name = match status.as_u16() {
        413 => "RequestEntityTooLarge".to_owned(),
        414 => "RequestURITooLong".to_owned(),
        other => {
            let reason = status.canonical_reason().unwrap_or("");
            let words: String = reason
                .replace('\'', "")
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(|word| {
                    let mut chars = word.chars();
                    chars
                        .next()
                        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                        .unwrap_or_default()
                })
                .collect();
            if words.is_empty() { format!("Status{other}") } else { words }
        }
    };
    format!("{side}::{name}")
}

pub(crate) const JSON: &str = "application/json; charset=utf-8";

static QUERY_ID: http::HeaderName = http::HeaderName::from_static("x-ovh-queryid");

impl Reply {
    pub(crate) fn json(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            body: body.into(),
            allow: None,
            slow_body: false,
            drop_connection: false,
            note: Cow::Borrowed(""),
            fixture: None,
            content_type: JSON,
            extra_headers: Vec::new(),
            source: Source::Mock,
        }
    }

    /// An error of the current OVH shape: `{"class":"Client::BadRequest","message":"..."}`.
    pub(crate) fn error(status: StatusCode, class: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let body = serde_json::to_vec(&ErrorBody::new(class, message.clone())).expect("error bodies serialize");
        Self { note: message.into(), source: Source::Error, ..Self::json(status, body) }
    }

    /// An error of OVH's legacy authentication-layer shape:
    /// `{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"..."}`.
    pub(crate) fn legacy_error(status: StatusCode, code: &str, message: &str) -> Self {
        let http_code = format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""));
        let body = serde_json::to_vec(&ErrorBody::legacy(code, http_code, message)).expect("error bodies serialize");
        Self { note: format!("{code}: {message}").into(), source: Source::Error, ..Self::json(status, body) }
    }

    /// The answer of an injected error status: OVH's class for that status
    /// (`Client::TooManyRequests` for 429, `Server::BadGateway` for 502), a message naming
    /// where the fault came from, and `Retry-After` on 429 and 503.
    pub(crate) fn injected_fault(status: StatusCode, origin: &str) -> Self {
        let message = format!("Injected fault: status {} ({origin})", status.as_u16());
        let mut reply = Self::error(status, &ovh_class(status), message);
        if matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE) {
            reply.extra_headers.push((header::RETRY_AFTER, HeaderValue::from_static("1")));
        }
        reply
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::error(StatusCode::BAD_REQUEST, "Client::BadRequest", message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::error(StatusCode::NOT_FOUND, "Client::NotFound", message)
    }

    pub(crate) fn with_source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    pub(crate) fn with_note(mut self, note: impl Into<Cow<'static, str>>) -> Self {
        self.note = note.into();
        self
    }

    pub(crate) fn into_response(self, query_id: &str, cors: Option<&HeaderValue>) -> Response<Bytes> {
        let mut response = Response::new(self.body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache, no-store"));
        if let Ok(value) = HeaderValue::from_str(query_id) {
            headers.insert(&QUERY_ID, value);
        }
        if let Some(allow) = self.allow.and_then(|allow| HeaderValue::from_str(&allow).ok()) {
            headers.insert(header::ALLOW, allow);
        }
        for (name, value) in self.extra_headers {
            headers.insert(name, value);
        }
        if let Some(origin) = cors {
            crate::cors::add_headers(headers, origin);
        }
        response
    }
}

/// A HEAD answer: the response's headers, its `Content-Length` that of the body it leaves out.
pub(crate) fn without_body(response: Response<Bytes>) -> Response<Bytes> {
    let (mut parts, body) = response.into_parts();
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    Response::from_parts(parts, Bytes::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_status() {
        for (code, class) in [
            (400, "Client::BadRequest"),
            (401, "Client::Unauthorized"),
            (403, "Client::Forbidden"),
            (404, "Client::NotFound"),
            (409, "Client::Conflict"),
            (413, "Client::RequestEntityTooLarge"),
            (418, "Client::ImATeapot"),
            (429, "Client::TooManyRequests"),
            (460, "Client::Status460"),
            (500, "Server::InternalServerError"),
            (502, "Server::BadGateway"),
            (503, "Server::ServiceUnavailable"),
            (504, "Server::GatewayTimeout"),
        ] {
            assert_eq!(ovh_class(StatusCode::from_u16(code).unwrap()), class, "{code}");
        }
    }
}
