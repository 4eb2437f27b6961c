//! CORS: browsers may call the mock from any origin (or the configured ones), sending the
//! `X-Ovh-*` headers.

use http::{HeaderMap, HeaderValue, header};

use crate::config::Cors;

const ALLOWED_HEADERS: &str = "Content-Type, Authorization, X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp, X-Ovh-Signature, X-Ovh-Session, X-Mock-Session, X-Mock-Fault";
const ALLOWED_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
const EXPOSED_HEADERS: &str = "X-Ovh-QueryID";

/// The `Access-Control-Allow-Origin` value for a request, or `None` when CORS does not apply.
pub(crate) fn allowed_origin(cors: &Cors, request_origin: Option<&HeaderValue>) -> Option<HeaderValue> {
    match cors {
        Cors::Off => None,
        Cors::AnyOrigin => Some(HeaderValue::from_static("*")),
        Cors::Origins(origins) => {
            let origin = request_origin?;
            let text = origin.to_str().ok()?;
            origins.iter().any(|allowed| allowed == text).then(|| origin.clone())
        }
    }
}

pub(crate) fn add_headers(headers: &mut HeaderMap, origin: &HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
    if origin != "*" {
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}

pub(crate) fn add_preflight_headers(headers: &mut HeaderMap) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOWED_METHODS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
}
