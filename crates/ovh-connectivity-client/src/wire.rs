//! Encoding a call into an HTTP request and decoding an HTTP answer: pure functions.

use http::header::{CONTENT_TYPE, HeaderValue};
use ovh_connectivity_types::{ErrorBody, Operation, RequestInput, TypedOperation};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::{ApiError, DecodeError, NotSent};
use crate::secret::Secret;
use crate::sign::signature;
use crate::transport::{HttpRequest, HttpResponse};

/// One call of an operation, before encoding: path (with its `{id}` filled in), query, body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The operation.
    pub operation: Operation,
    /// The path relative to the base URL.
    pub path: String,
    /// Query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The exact JSON bytes to send, if the operation takes a body.
    pub body: Option<Vec<u8>>,
}

impl Call {
    /// A call without body or query.
    pub fn new(operation: Operation) -> Self {
        Self { operation, path: operation.path_template().to_owned(), query: Vec::new(), body: None }
    }

    /// A call with `body` serialized as compact JSON (the bytes that will be signed and sent).
    pub fn with_body(operation: Operation, body: &impl Serialize) -> Result<Self, NotSent> {
        let bytes = serde_json::to_vec(body).map_err(|e| NotSent::Encode(e.to_string()))?;
        Ok(Self { body: Some(bytes), ..Self::new(operation) })
    }

    /// A call whose query is `query` serialized (a struct of optional strings or enums).
    pub fn with_query(operation: Operation, query: &impl Serialize) -> Result<Self, NotSent> {
        let value = serde_json::to_value(query).map_err(|e| NotSent::Encode(e.to_string()))?;
        let serde_json::Value::Object(map) = value else {
            return Err(NotSent::Encode("a query must serialize to an object".to_owned()));
        };
        let query = map
            .into_iter()
            .map(|(name, value)| match value {
                serde_json::Value::String(text) => Ok((name, text)),
                serde_json::Value::Bool(b) => Ok((name, b.to_string())),
                serde_json::Value::Number(n) => Ok((name, n.to_string())),
                other => Err(NotSent::Encode(format!("query parameter `{name}` is not a scalar: {other}"))),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { query, ..Self::new(operation) })
    }

    /// A call of the operation `O` with its input: the body of a JSON body operation, the
    /// query of a query operation, nothing for the others.
    pub fn for_input<O: TypedOperation>(input: &O::Input) -> Result<Self, NotSent> {
        match O::OPERATION.input() {
            RequestInput::JsonBody => Self::with_body(O::OPERATION, input),
            RequestInput::Query => Self::with_query(O::OPERATION, input),
            RequestInput::Nothing => Ok(Self::new(O::OPERATION)),
        }
    }

    /// Fills the `{id}` path parameter.
    pub fn with_id(mut self, id: i64) -> Self {
        self.path = self.path.replace("{id}", &id.to_string());
        self
    }

    /// The full URL the request goes to (and that a signature covers).
    pub fn url(&self, config: &Config) -> String {
        let mut url = format!("{}{}", config.base_url, self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&form_urlencoded::Serializer::new(String::new()).extend_pairs(&self.query).finish());
        }
        url
    }
}

/// Encodes `call` into an HTTP request.
///
/// `timestamp` is the API-corrected Unix time; it is needed (and used) only for operations
/// that require authentication, which are signed. Others are sent unsigned, with
/// `X-Ovh-Application` when an application key is configured, as python-ovh does.
pub fn encode(config: &Config, call: &Call, timestamp: Option<u64>) -> Result<HttpRequest, NotSent> {
    encode_with(config, call, timestamp, None)
}

/// [`encode`] for a service account or an access token: operations that require
/// authentication carry `Authorization: Bearer <token>` and no `X-Ovh-*` signature.
pub fn encode_bearer(config: &Config, call: &Call, token: &Secret) -> Result<HttpRequest, NotSent> {
    encode_with(config, call, None, Some(token))
}

fn encode_with(
    config: &Config,
    call: &Call,
    timestamp: Option<u64>,
    bearer: Option<&Secret>,
) -> Result<HttpRequest, NotSent> {
    let url = call.url(config);
    let method = call.operation.method().as_str();
    let body = call.body.clone().unwrap_or_default();
    let mut builder = http::Request::builder().method(method).uri(&url).header("accept", "application/json");
    if call.body.is_some() {
        builder = builder.header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    let credentials = config.credentials.as_ref();
    if let Some(credentials) = credentials {
        builder = builder.header("x-ovh-application", &credentials.application_key);
    }
    if call.operation.requires_auth() {
        if let Some(token) = bearer {
            return builder
                .header("authorization", format!("Bearer {}", token.expose()))
                .body(body)
                .map_err(|e| NotSent::Encode(format!("{url}: {e}")));
        }
        let (Some(credentials), Some(consumer_key), Some(timestamp)) =
            (credentials, credentials.and_then(|c| c.consumer_key.as_ref()), timestamp)
        else {
            return Err(NotSent::NeedsCredentials(call.operation));
        };
        let signature =
            signature(credentials.application_secret.expose(), consumer_key.expose(), method, &url, &body, timestamp);
        builder = builder
            .header("x-ovh-consumer", consumer_key.expose())
            .header("x-ovh-timestamp", timestamp.to_string())
            .header("x-ovh-signature", signature);
    }
    builder.body(body).map_err(|e| NotSent::Encode(format!("{url}: {e}")))
}

/// Why an answer did not decode into what was expected: the API refused (non-2xx), or it
/// answered 2xx with a body that does not fit.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// A non-2xx answer, with OVH's error body when there is one.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A 2xx answer whose body does not fit the expected type.
    #[error(transparent)]
    Decode(Box<DecodeError>),
}

fn query_id(response: &HttpResponse) -> Option<String> {
    response.headers().get("x-ovh-queryid").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Decodes the answer to `request` (named in errors: `GET /auth/time`, an [`Operation`]...)
/// into `R`: the pure counterpart of [`encode`], for callers who carry the bytes themselves.
///
/// A non-2xx status is an [`AnswerError::Api`] (with OVH's error body, or the raw body when it
/// is not one); a 2xx body that does not fit `R` is an [`AnswerError::Decode`] naming the JSON
/// path that failed. It never panics, whatever the bytes.
///
/// ```
/// use ovh_connectivity_client::{AnswerError, HttpResponse, decode};
///
/// let answer = HttpResponse::new(br#"{"status":"pending","result":null,"error":null}"#.to_vec());
/// let task: ovh_connectivity_client::types::AsyncTask<Vec<String>> = decode(&"search", &answer).unwrap();
/// assert!(!task.status.is_terminal());
///
/// let mut refused = HttpResponse::new(br#"{"class":"Client::NotFound","message":"nope"}"#.to_vec());
/// *refused.status_mut() = http::StatusCode::NOT_FOUND;
/// assert!(matches!(decode::<u64>(&"search", &refused), Err(AnswerError::Api(_))));
/// ```
pub fn decode<R: DeserializeOwned>(request: &dyn std::fmt::Display, response: &HttpResponse) -> Result<R, AnswerError> {
    let body = response.body();
    if !response.status().is_success() {
        let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
        return Err(AnswerError::Api(Box::new(match parsed {
            Some(error) => ApiError {
                status: response.status().as_u16(),
                class: error.class,
                error_code: error.error_code,
                message: Some(error.message),
                query_id: query_id(response),
                raw_body: None,
            },
            None => ApiError {
                status: response.status().as_u16(),
                class: None,
                error_code: None,
                message: None,
                query_id: query_id(response),
                raw_body: Some(String::from_utf8_lossy(body).into_owned()),
            },
        })));
    }
    let undecodable = |path: String, message: String| {
        AnswerError::Decode(Box::new(DecodeError {
            request: request.to_string(),
            path,
            message,
            raw_body: String::from_utf8_lossy(body).into_owned(),
            query_id: query_id(response),
        }))
    };
    // JSON is UTF-8 (RFC 8259 §8.1). Checked whole first: serde_json checks only the strings
    // a type reads, so a byte that is not UTF-8 in a field the type skips went through.
    let text = std::str::from_utf8(body)
        .map_err(|error| undecodable(".".to_owned(), format!("the body is not UTF-8, as JSON must be: {error}")))?;
    // The fast path; the path-tracking decode runs again only to explain a failure.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| undecodable(error.path().to_string(), error.inner().to_string()))?;
    deserializer.end().map_err(|error| undecodable(".".to_owned(), error.to_string()))?;
    Ok(value)
}
