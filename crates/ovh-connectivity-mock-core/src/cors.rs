//! CORS: browsers may call the mock from any origin (or the configured ones), sending the
//! `X-Ovh-*` headers, with credentials (`fetch(url, {credentials: 'include'})`, axios'
//! `withCredentials`).
//!
//! A request that carries `Origin` gets that origin back with
//! `Access-Control-Allow-Credentials: true` (browsers refuse `*` on credentialed requests),
//! on preflights and answers alike; with `--cors-origin`, only the listed origins do. A
//! request without `Origin` (curl, servers) gets `*`. Every answer says `Vary: Origin`, since
//! its CORS headers depend on it.

use http::{HeaderMap, HeaderValue, header};

use crate::config::Cors;

const ALLOWED_HEADERS: &str = "Content-Type, Authorization, X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp, X-Ovh-Signature, X-Ovh-Session, X-Mock-Session, X-Mock-Fault";
const ALLOWED_METHODS: &str = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
/// What a page's script may read of an answer besides the safelisted headers: the query id,
/// and what a client backs off or retries by (`Retry-After` on 429 and 503, `Allow` on 405).
const EXPOSED_HEADERS: &str = "X-Ovh-QueryID, Retry-After, Allow";

/// The `Access-Control-Allow-Origin` value for a request, or `None` when CORS does not apply.
pub(crate) fn allowed_origin(cors: &Cors, request_origin: Option<&HeaderValue>) -> Option<HeaderValue> {
    match cors {
        Cors::Off => None,
        Cors::AnyOrigin => Some(request_origin.cloned().unwrap_or_else(|| HeaderValue::from_static("*"))),
        Cors::Origins(origins) => {
            let origin = request_origin?;
            let text = origin.to_str().ok()?;
            origins.iter().any(|allowed| allowed == text).then(|| origin.clone())
        }
    }
}

/// The headers of an answer to an allowed origin.
pub(crate) fn add_headers(headers: &mut HeaderMap, origin: &HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if origin != "*" {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    }
}

/// The headers of a preflight's answer: the methods, and the API's headers plus those the
/// browser asked for (`Access-Control-Request-Headers`: a page may send headers of its own,
/// such as axios' `X-Requested-With`).
pub(crate) fn add_preflight_headers(headers: &mut HeaderMap, requested_headers: Option<&HeaderValue>) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOWED_METHODS));
    let extra = requested_headers.and_then(|value| value.to_str().ok()).filter(|value| !value.trim().is_empty());
    let allowed = extra
        .and_then(|extra| HeaderValue::from_str(&format!("{ALLOWED_HEADERS}, {extra}")).ok())
        .unwrap_or_else(|| HeaderValue::from_static(ALLOWED_HEADERS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allowed);
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
}
