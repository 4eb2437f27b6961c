//! Matching and validation: the request's canonical key, the fixture it names (if any), the
//! signature check when asked, and, for requests no fixture covers, the check against the
//! operation's wire type.

use std::sync::LazyLock;

use http::{StatusCode, header};
use ovh_connectivity_fixtures::{RequestKey, TypedRequest, decode_request_value};
use ovh_connectivity_types::{Operation, OperationVisitor, RequestInput, TypedOperation};
use serde_json::Value;

use crate::Now;
use crate::auth::Verification;
use crate::catalog::{Catalog, Served};
use crate::config::{AuthMode, CoreConfig};
use crate::oauth::{TokenIssuer, authorization};
use crate::reply::Reply;
use crate::required::field_names;
use crate::route::parse_query;

/// A request understood: its operation, inputs, task key, and the fixture that answers it.
#[derive(Debug)]
pub(crate) struct Matched<'a> {
    pub(crate) operation: Operation,
    /// The path relative to the API base.
    pub(crate) path: &'a str,
    /// The query parameters the operation declares, decoded; a parameter sent as `null` is
    /// absent (python-ovh sends `None` so).
    pub(crate) query: Vec<(String, String)>,
    /// The names of query parameters the operation does not declare: they change nothing (a
    /// console copies body fields into the query string of POSTs) and are noted in the log.
    pub(crate) ignored_query: Vec<String>,
    /// The parsed body; `None` when the operation takes none, or when a body already in
    /// canonical form named its fixture without being parsed.
    pub(crate) body: Option<Value>,
    pub(crate) key: RequestKey,
    /// The request as its operation's wire type, for requests no fixture covers (decoded by
    /// their check); `None` for the others and for operations that take nothing.
    pub(crate) typed: Option<TypedRequest>,
    /// The session header's value, empty without one.
    pub(crate) session: &'a str,
    pub(crate) served: Option<&'a Served>,
}

/// The request's parts the matcher reads.
pub(crate) struct RoutedRequest<'a> {
    pub(crate) operation: Operation,
    pub(crate) path: &'a str,
    pub(crate) parts: &'a http::request::Parts,
    pub(crate) body: &'a [u8],
    /// The URL a signature covers, when signatures are checked.
    pub(crate) signed_url: Option<&'a str>,
    /// Checks Bearer tokens.
    pub(crate) tokens: &'a TokenIssuer,
    /// When it arrived.
    pub(crate) now: Now,
}

/// The query parameters each operation declares (its query type's fields; none for body and
/// bare operations), read once from the wire types.
fn declared_query(operation: Operation) -> &'static [&'static str] {
    struct Names;
    impl OperationVisitor for Names {
        type Output = &'static [&'static str];
        fn visit<O: TypedOperation>(self) -> Self::Output {
            field_names::<O::Input>()
        }
    }
    static DECLARED: LazyLock<Vec<(Operation, &'static [&'static str])>> = LazyLock::new(|| {
        Operation::ALL
            .iter()
            .map(|&operation| match operation.input() {
                RequestInput::Query => (operation, operation.visit(Names)),
                RequestInput::JsonBody | RequestInput::Nothing => (operation, &[][..]),
            })
            .collect()
    });
    DECLARED.iter().find(|(op, _)| *op == operation).map_or(&[], |(_, names)| names)
}

/// Splits a decoded query into the parameters `operation` declares (without those sent as
/// `null`) and the names of the others.
pub(crate) fn split_query(operation: Operation, query: Vec<(String, String)>) -> (Vec<(String, String)>, Vec<String>) {
    let declared = declared_query(operation);
    let mut kept = Vec::with_capacity(query.len());
    let mut ignored = Vec::new();
    for (name, value) in query {
        if !declared.contains(&name.as_str()) {
            ignored.push(name);
        } else if value != "null" {
            kept.push((name, value));
        }
    }
    (kept, ignored)
}

/// Matches a routed request against the catalog; the reply is the OVH error when the request
/// is not what the operation takes or its signature is refused.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
pub(crate) fn match_request<'a>(
    config: &CoreConfig,
    catalog: &'a Catalog,
    routed: RoutedRequest<'a>,
) -> Result<Matched<'a>, Reply> {
    let RoutedRequest { operation, path, parts, body, signed_url, tokens, now } = routed;
    let method = operation.method();
    let (query, ignored_query) = split_query(operation, parse_query(parts.uri.query().unwrap_or("")));
    let mut fast_hit = None;

    // The request must be what the operation takes.
    let body_value = match operation.input() {
        RequestInput::JsonBody => {
            let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
            if let Some(content_type) = content_type
                && !crate::route::is_json(content_type)
            {
                return Err(Reply::error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Client::UnsupportedMediaType",
                    format!("Content-Type `{content_type}` is not supported: send application/json"),
                ));
            }
            let Ok(text) = std::str::from_utf8(body) else {
                return Err(Reply::bad_request("Invalid JSON received: the body is not UTF-8"));
            };
            // Fast path: a body already in canonical form (compact, keys in order: what clients
            // usually send) names its fixture without being parsed.
            if query.is_empty() {
                let candidate = RequestKey::assume_canonical(method, path, text);
                if let Some(served) = catalog.find(&candidate) {
                    fast_hit = Some((candidate, served));
                }
            }
            if fast_hit.is_some() {
                None
            } else {
                let value: Value = serde_json::from_str(text)
                    .map_err(|error| Reply::bad_request(format!("Invalid JSON received: {error}")))?;
                if !value.is_object() {
                    return Err(Reply::bad_request("Invalid body: expected a JSON object"));
                }
                Some(value)
            }
        }
        RequestInput::Query | RequestInput::Nothing => None,
    };

    let credentials = Credentials { required: operation.requires_auth(), signed_url, body, now };
    check_credentials(config, tokens, parts, credentials)?;

    let (key, served) = match fast_hit {
        Some((key, served)) => (key, Some(served)),
        None => {
            let key =
                RequestKey::new(method, path, query.iter().map(|(n, v)| (n.as_str(), v.as_str())), body_value.as_ref());
            let served = catalog.find(&key);
            (key, served)
        }
    };
    let session = config
        .session_header
        .as_ref()
        .and_then(|name| parts.headers.get(name))
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");

    // A request equal to a fixture's is valid: the loader decoded that one into its type.
    let typed = match served {
        Some(_) => None,
        None => validate(operation, &query, body_value.as_ref())?,
    };
    Ok(Matched { operation, path, query, ignored_query, body: body_value, key, typed, session, served })
}

/// What a credential check reads besides the headers.
pub(crate) struct Credentials<'a> {
    /// Whether the route requires authentication.
    pub(crate) required: bool,
    /// The URL a signature covers.
    pub(crate) signed_url: Option<&'a str>,
    pub(crate) body: &'a [u8],
    pub(crate) now: Now,
}

/// Under `--auth verify`: a service account's Bearer token, or else an OVH signature, checked
/// when the request carries one and required where the route requires authentication. The
/// same rule for every route, `/auth/time` included: credentials given but invalid fail even
/// where none are needed (facts §8). Nothing is looked up when auth is off.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
pub(crate) fn check_credentials(
    config: &CoreConfig,
    tokens: &TokenIssuer,
    parts: &http::request::Parts,
    given: Credentials<'_>,
) -> Result<(), Reply> {
    let Credentials { required, signed_url, body, now } = given;
    let AuthMode::Verify(credentials) = &config.auth else { return Ok(()) };
    if let Some(token) = authorization(&parts.headers, "Bearer") {
        return tokens.check_bearer(token, config, now);
    }
    if required || parts.headers.contains_key("x-ovh-signature") {
        let verification = Verification {
            credentials,
            method: parts.method.as_str(),
            url: signed_url.unwrap_or_default(),
            body,
            now_unix: now.unix_secs(),
            window_secs: config.auth_time_window_secs,
        };
        verification.check(&parts.headers)?;
    }
    Ok(())
}

/// Checks a request no fixture covers against its operation's wire type, and gives it as that
/// type.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
fn validate(
    operation: Operation,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Result<Option<TypedRequest>, Reply> {
    let typed = match operation.input() {
        RequestInput::JsonBody => {
            // No parsed body means the canonical fast path matched a fixture: nothing to check.
            let Some(body) = body else { return Ok(None) };
            let typed = decode_request_value(operation, body)
                .map_err(|error| Reply::bad_request(format!("Invalid body for {operation}: {error}")))?;
            refuse_unknown_values(operation, "body", typed.as_ref())?;
            typed
        }
        RequestInput::Query => {
            let object: serde_json::Map<String, Value> =
                query.iter().map(|(name, value)| (name.clone(), Value::String(value.clone()))).collect();
            let typed = decode_request_value(operation, &Value::Object(object))
                .map_err(|error| Reply::bad_request(format!("Invalid query for {operation}: {error}")))?;
            refuse_unknown_values(operation, "query", typed.as_ref())?;
            typed
        }
        RequestInput::Nothing => None,
    };
    Ok(typed)
}

/// The wire types keep enum values they do not know; the API refuses them in requests.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
fn refuse_unknown_values(operation: Operation, what: &str, typed: Option<&TypedRequest>) -> Result<(), Reply> {
    let unknown = typed.map(TypedRequest::unknown_enum_values).unwrap_or_default();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Reply::bad_request(format!("Invalid {what} for {operation}: {}", unknown.join("; "))))
    }
}
