//! Decoding any operation's request or answer into its wire type: the route table
//! ([`TypedOperation`]) says which type, [`Operation::visit`] picks it, nothing here names one.

use ovh_connectivity_types::{
    ErrorBody, Operation, OperationVisitor, RequestInput, TypedAnswer, TypedOperation, TypedRequest,
};
use serde::de::DeserializeOwned;

/// A decode failure, with the JSON path of the field that did not fit.
#[derive(Debug, thiserror::Error)]
#[error("at `{path}`: {source}")]
pub struct TypedError {
    /// JSON path of the failure (`result[0].city`), `.` for the whole document.
    pub path: String,
    /// What serde said.
    #[source]
    pub source: serde_json::Error,
}

fn decode_from_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, TypedError> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| TypedError { path: e.path().to_string(), source: e.into_inner() })
}

fn decode<T: DeserializeOwned>(json: &str) -> Result<T, TypedError> {
    // The fast path; the path-tracking decode runs again only to explain a failure.
    if let Ok(value) = serde_json::from_str(json) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| TypedError { path: e.path().to_string(), source: e.into_inner() })?;
    deserializer.end().map_err(|source| TypedError { path: ".".to_owned(), source })?;
    Ok(value)
}

/// Where a request is decoded from: text, or an already parsed value.
#[derive(Clone, Copy)]
enum Source<'a> {
    Text(&'a str),
    Value(&'a serde_json::Value),
}

impl Source<'_> {
    fn decode<T: DeserializeOwned>(self) -> Result<T, TypedError> {
        match self {
            Source::Text(json) => decode(json),
            Source::Value(value) => decode_from_value(value),
        }
    }
}

struct RequestDecoder<'a>(Source<'a>);

impl OperationVisitor for RequestDecoder<'_> {
    type Output = Result<Option<TypedRequest>, TypedError>;

    fn visit<O: TypedOperation>(self) -> Self::Output {
        match O::OPERATION.input() {
            RequestInput::Nothing => Ok(None),
            RequestInput::JsonBody | RequestInput::Query => Ok(O::typed_request(self.0.decode::<O::Input>()?)),
        }
    }
}

struct AnswerDecoder<'a>(&'a str);

impl OperationVisitor for AnswerDecoder<'_> {
    type Output = Result<TypedAnswer, TypedError>;

    fn visit<O: TypedOperation>(self) -> Self::Output {
        Ok(O::typed_answer(decode::<O::Answer>(self.0)?))
    }
}

/// Decodes the JSON body (or, for query operations, the query as a JSON object of strings)
/// of `operation` into its request type. Operations that take neither answer `Ok(None)`.
pub fn decode_request(operation: Operation, json: &str) -> Result<Option<TypedRequest>, TypedError> {
    operation.visit(RequestDecoder(Source::Text(json)))
}

/// [`decode_request`] from an already parsed JSON value (no second parse).
pub fn decode_request_value(
    operation: Operation,
    value: &serde_json::Value,
) -> Result<Option<TypedRequest>, TypedError> {
    operation.visit(RequestDecoder(Source::Value(value)))
}

/// Decodes a 2xx answer of `operation` into its answer type.
pub fn decode_answer(operation: Operation, json: &str) -> Result<TypedAnswer, TypedError> {
    operation.visit(AnswerDecoder(json))
}

/// Decodes a non-2xx answer body.
pub fn decode_error_body(json: &str) -> Result<ErrorBody, TypedError> {
    decode(json)
}
