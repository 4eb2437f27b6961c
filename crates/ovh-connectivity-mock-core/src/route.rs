//! Routing: which operation a method and path name (or the OVH error saying why none does),
//! and the answers to bodies the host could not read whole (413, 408).

use http::{Method as HttpMethod, StatusCode, header};
use ovh_connectivity_types::{Method, Operation, RouteMiss};

use crate::reply::Reply;

/// Where an API request goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route<'p> {
    /// `GET /auth/time`.
    AuthTime,
    /// An operation, with the path relative to the API base (`/connectivity/...`).
    Operation(Operation, &'p str),
}

/// Routes `raw_path` (with its `/1.0` or `/v1` prefix); the reply is the OVH error when no
/// route fits.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
pub(crate) fn route<'p>(method: &HttpMethod, raw_path: &'p str) -> Result<Route<'p>, Reply> {
    let Some(path) = strip_api_prefix(raw_path) else {
        return Err(Reply::not_found(format!(
            "Got an invalid (or empty) URL: `{raw_path}` is outside the API (paths start with /1.0 or /v1; the mock's dashboard is at /__admin/)"
        )));
    };
    // HEAD is GET without the body (RFC 9110 §9.3.2): routed as GET, answered with GET's
    // status and headers; the front door drops the body.
    let is_get = method == HttpMethod::GET || method == HttpMethod::HEAD;
    if path == "/auth/time" {
        return if is_get { Ok(Route::AuthTime) } else { Err(method_not_allowed(&[Method::Get])) };
    }
    let method = if is_get { Some(Method::Get) } else { Method::from_name(method.as_str()) };
    let Some(method) = method else {
        return Err(match Operation::find(Method::Get, path) {
            Err(RouteMiss::UnknownPath) => unknown_path(path),
            Ok(_) | Err(RouteMiss::WrongMethod(_)) => method_not_allowed(&allowed_methods(path)),
        });
    };
    let operation = match Operation::find(method, path) {
        Ok(operation) => operation,
        Err(RouteMiss::WrongMethod(allowed)) => return Err(method_not_allowed(&allowed)),
        Err(RouteMiss::UnknownPath) => return Err(unknown_path(path)),
    };
    if let Some(id) = operation.path_id(path)
        && id.parse::<i64>().is_err()
    {
        return Err(Reply::bad_request(format!("Invalid parameter id: `{id}` is not an integer (long)")));
    }
    Ok(Route::Operation(operation, path))
}

/// Splits `/1.0/connectivity/...` or `/v1/connectivity/...` into the API path.
fn strip_api_prefix(path: &str) -> Option<&str> {
    ["/1.0", "/v1"].iter().find_map(|prefix| path.strip_prefix(prefix).filter(|rest| rest.starts_with('/')))
}

fn unknown_path(path: &str) -> Reply {
    Reply::not_found(format!("Got an invalid (or empty) URL: no operation at `{path}`"))
}

fn allowed_methods(path: &str) -> Vec<Method> {
    match Operation::find(Method::Get, path) {
        Ok(_) => Operation::ALL.iter().filter(|op| op.matches_path(path)).map(|op| op.method()).collect(),
        Err(RouteMiss::WrongMethod(allowed)) => allowed,
        Err(RouteMiss::UnknownPath) => Vec::new(),
    }
}

/// 405 with `Allow`, which lists HEAD wherever GET is allowed.
pub(crate) fn method_not_allowed(allowed: &[Method]) -> Reply {
    let mut names: Vec<&str> = Vec::with_capacity(allowed.len() + 1);
    for method in allowed {
        names.push(method.as_str());
        if *method == Method::Get {
            names.push("HEAD");
        }
    }
    let allow = names.join(", ");
    let mut reply = Reply::error(
        StatusCode::METHOD_NOT_ALLOWED,
        "Client::MethodNotAllowed",
        format!("Method not allowed on this path; allowed: {allow}"),
    );
    reply.allow = Some(allow);
    reply
}

/// 413: the body is larger than the mock takes.
pub(crate) fn too_large(max_body_bytes: usize) -> Reply {
    Reply::error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Client::RequestEntityTooLarge",
        format!("Request body is larger than {max_body_bytes} bytes"),
    )
}

/// 408: the body did not arrive in time.
pub(crate) fn timed_out(after: std::time::Duration) -> Reply {
    Reply::error(
        StatusCode::REQUEST_TIMEOUT,
        "Client::RequestTimeout",
        format!("Request body not received within {} s", after.as_secs()),
    )
}

/// Whether a `Content-Type` names JSON: `application/json` in any case, with or without
/// parameters (`; charset=UTF-8`), as RFC 9110 §8.3.1 reads media types.
pub(crate) fn is_json(content_type: &str) -> bool {
    content_type.trim_start().get(..16).is_some_and(|start| start.eq_ignore_ascii_case("application/json"))
}

/// The URL a client signed: scheme, `Host`, and the raw request target.
pub(crate) fn signed_url(parts: &http::request::Parts) -> String {
    let uri = &parts.uri;
    if uri.scheme().is_some() {
        return uri.to_string();
    }
    let host = parts.headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
    format!("http://{host}{target}")
}

/// Decodes an `application/x-www-form-urlencoded` query (`+` is a space).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_form_decoded() {
        assert_eq!(
            parse_query("status=detected&a+b=c%20d&bad=%zz&empty"),
            [("status", "detected"), ("a b", "c d"), ("bad", "%zz"), ("empty", "")]
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn routes_name_operations_or_say_why_not() {
        let cities = "/1.0/connectivity/eligibility/search/cities";
        assert_eq!(
            route(&HttpMethod::POST, cities).unwrap(),
            Route::Operation(Operation::SearchCities, "/connectivity/eligibility/search/cities")
        );
        assert_eq!(route(&HttpMethod::GET, "/v1/auth/time").unwrap(), Route::AuthTime);
        assert_eq!(route(&HttpMethod::HEAD, "/1.0/auth/time").unwrap(), Route::AuthTime);
        let incidents = "/1.0/connectivity/monitoring/genericIncident/public";
        assert_eq!(
            route(&HttpMethod::HEAD, incidents).unwrap(),
            Route::Operation(Operation::GenericIncidentPublic, "/connectivity/monitoring/genericIncident/public")
        );
        assert_eq!(route(&HttpMethod::POST, incidents).unwrap_err().allow.as_deref(), Some("GET, HEAD"));
        assert_eq!(route(&HttpMethod::GET, cities).unwrap_err().allow.as_deref(), Some("POST"));
        assert_eq!(route(&HttpMethod::GET, "/2.0/x").unwrap_err().status, StatusCode::NOT_FOUND);
        let bad_id = route(&HttpMethod::GET, "/1.0/connectivity/eligibility/recall/abc").unwrap_err();
        assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    }
}
