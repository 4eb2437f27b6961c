//! An OpenAPI 3.1 description of the served API, converted from OVH's own schema of
//! `/connectivity` (`schema/connectivity-2026.json`, the format `GET /1.0/connectivity.json`
//! answers), so that frontend tools can generate types and drive the mock.

use std::collections::HashSet;
use std::sync::OnceLock;

use ovh_connectivity_types::{Method, Operation, OperationVisitor, TypedOperation};
use serde_json::{Map, Value, json};

use crate::required::{Prober, prober};

const OVH_SCHEMA: &str = include_str!("../schema/connectivity-2026.json");

/// The document, built once.
pub(crate) fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| convert(&serde_json::from_str(OVH_SCHEMA).expect("the bundled schema is JSON")).0)
}

fn schema_of(ovh_type: &str) -> Value {
    if let Some(item) = ovh_type.strip_suffix("[]") {
        return json!({"type": "array", "items": schema_of(item)});
    }
    match ovh_type {
        "string" | "text" | "password" => json!({"type": "string"}),
        "long" => json!({"type": "integer", "format": "int64"}),
        "double" => json!({"type": "number", "format": "double"}),
        "boolean" => json!({"type": "boolean"}),
        "datetime" => json!({"type": "string", "format": "date-time"}),
        "duration" => json!({"type": "string", "format": "duration"}),
        model => json!({"$ref": format!("#/components/schemas/{model}")}),
    }
}

fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

/// The document, and what could not be read from the wire types (empty: a test says so).
fn convert(ovh: &Value) -> (Value, Vec<String>) {
    let mut schemas = Map::new();
    for (name, model) in ovh["models"].as_object().into_iter().flatten() {
        let description = model["description"].as_str().unwrap_or_default();
        if let Some(values) = model.get("enum") {
            schemas.insert(name.clone(), json!({"type": "string", "enum": values, "description": description}));
            continue;
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        // OVH's schema marks `result` of `xdsl.AsyncTask_connectivity.eligibility.Meetings` as
        // non-null, but every pending answer carries `"result": null`: fixed for all tasks.
        let is_task = name.starts_with("xdsl.AsyncTask");
        for (field, property) in model["properties"].as_object().into_iter().flatten() {
            let mut schema = schema_of(property["type"].as_str().unwrap_or("string"));
            if property["canBeNull"].as_bool() == Some(true) || (is_task && field == "result") {
                schema = nullable(schema);
            }
            let mut schema = json!({"allOf": [schema]});
            if let Some(text) = property["description"].as_str() {
                schema["description"] = json!(text);
            }
            if property["required"].as_bool() == Some(true) {
                required.push(json!(field));
            }
            properties.insert(field.clone(), schema);
        }
        let mut object = json!({"type": "object", "description": description, "properties": properties});
        if !required.is_empty() {
            object["required"] = Value::Array(required);
        }
        schemas.insert(name.clone(), object);
    }

    let mut paths = Map::new();
    for api in ovh["apis"].as_array().into_iter().flatten() {
        let path = api["path"].as_str().unwrap_or_default();
        let mut item = Map::new();
        for operation in api["operations"].as_array().into_iter().flatten() {
            let method = operation["httpMethod"].as_str().unwrap_or("GET").to_ascii_lowercase();
            let mut parameters = Vec::new();
            let mut request_body = None;
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let schema = schema_of(parameter["dataType"].as_str().unwrap_or("string"));
                match parameter["paramType"].as_str() {
                    Some("body") => {
                        request_body = Some(json!({
                            "required": true,
                            "content": {"application/json": {"schema": schema}},
                        }));
                    }
                    Some(location) => parameters.push(json!({
                        "name": parameter["name"].as_str().unwrap_or("id"),
                        "in": location,
                        "required": parameter["required"].as_bool().unwrap_or(false) || location == "path",
                        "description": parameter["description"],
                        "schema": schema,
                    })),
                    None => {}
                }
            }
            let response_type = operation["responseType"].as_str().unwrap_or("void");
            let ok = if response_type == "void" {
                json!({"description": "Done (the API answers `null`)", "content": {"application/json": {"schema": {"type": "null"}}}})
            } else {
                json!({"description": "OK", "content": {"application/json": {"schema": schema_of(response_type)}}})
            };
            let mut entry = json!({
                "summary": operation["description"],
                "parameters": parameters,
                "responses": {"200": ok, "default": {"description": "OVH error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ovh.Error"}}}}},
            });
            if let Some(id) = operation["operationId"].as_str() {
                entry["operationId"] = json!(id);
            }
            if operation["apiStatus"]["value"].as_str() == Some("DEPRECATED") {
                entry["deprecated"] = json!(true);
            }
            if operation["noAuthentication"].as_bool() == Some(false) {
                entry["security"] =
                    json!([{"ovhApplication": [], "ovhConsumer": [], "ovhTimestamp": [], "ovhSignature": []}]);
            } else {
                entry["security"] = json!([]);
            }
            if let Some(body) = request_body {
                entry["requestBody"] = body;
            }
            item.insert(method, entry);
        }
        paths.insert(path.to_owned(), Value::Object(item));
    }
    paths.insert(
        "/auth/time".to_owned(),
        json!({"get": {"summary": "Server time (Unix seconds), for signing", "operationId": "getAuthTime", "security": [],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "integer"}}}}}}}),
    );
    schemas.insert(
        "ovh.Error".to_owned(),
        json!({"type": "object", "required": ["message"], "properties": {
            "class": {"type": "string"}, "errorCode": {"type": "string"}, "httpCode": {"type": "string"}, "message": {"type": "string"}}}),
    );
    let problems = mark_required(ovh, &mut schemas);
    let header = |name: &str| json!({"type": "apiKey", "in": "header", "name": name});
    let document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "OVHcloud Connectivity API (ovh-connectivity-mock)",
            "version": ovh["apiVersion"],
            "description": "Converted from OVH's /connectivity schema (2026). Eligibility POSTs answer an async task: send the identical request again until `status` is `ok` or `error`.",
        },
        "servers": [{"url": "/1.0"}, {"url": "/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "ovhApplication": header("X-Ovh-Application"),
                "ovhConsumer": header("X-Ovh-Consumer"),
                "ovhTimestamp": header("X-Ovh-Timestamp"),
                "ovhSignature": header("X-Ovh-Signature"),
            },
        },
    });
    (document, problems)
}

/// The probers of an operation's input and answer types.
struct Probers;

impl OperationVisitor for Probers {
    type Output = (Prober, Prober);

    fn visit<O: TypedOperation>(self) -> (Prober, Prober) {
        (prober::<O::Input>(), prober::<O::Answer>())
    }
}

/// Marks `required` every property the wire types cannot do without, in each model an
/// operation's body or answer reaches (OVH's schema marks answers' properties `required:
/// false`, which generated frontend types read as "maybe absent"). Says what it could not read.
fn mark_required(ovh: &Value, schemas: &mut Map<String, Value>) -> Vec<String> {
    let mut done = HashSet::new();
    let mut problems = Vec::new();
    for api in ovh["apis"].as_array().into_iter().flatten() {
        let path = api["path"].as_str().unwrap_or_default();
        for operation in api["operations"].as_array().into_iter().flatten() {
            let method = operation["httpMethod"].as_str().and_then(Method::from_name);
            let Some(found) = method.and_then(|method| Operation::find(method, path).ok()) else {
                problems.push(format!("{path}: no operation of the table"));
                continue;
            };
            let (input, answer) = found.visit(Probers);
            if let Some(model) = operation["responseType"].as_str() {
                walk(model.trim_end_matches("[]"), &[], answer, schemas, &mut done, &mut problems);
            }
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["paramType"] == "body"
                    && let Some(model) = parameter["dataType"].as_str()
                {
                    walk(model, &[], input, schemas, &mut done, &mut problems);
                }
            }
        }
    }
    problems
}

/// Marks the model at `path` of a wire type, then the models its properties refer to.
fn walk(
    model: &str,
    path: &[String],
    prober: Prober,
    schemas: &mut Map<String, Value>,
    done: &mut HashSet<String>,
    problems: &mut Vec<String>,
) {
    let Some(properties) = schemas.get(model).and_then(|schema| schema["properties"].as_object()) else {
        return; // an enum or a plain type: nothing to mark
    };
    if !done.insert(model.to_owned()) {
        return;
    }
    let names: Vec<String> = properties.keys().cloned().collect();
    let children: Vec<(String, String)> = properties
        .iter()
        .filter_map(|(name, schema)| referenced_model(schema).map(|child| (name.clone(), child.to_owned())))
        .collect();
    let supplied: Vec<&str> = names.iter().map(String::as_str).collect();
    let steps: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Err(problem) = prober(&steps, &supplied, None) {
        problems.push(format!("{model}: {problem}"));
        return;
    }
    let schema = schemas.get_mut(model).expect("looked up above");
    let mut required: Vec<String> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|name| name.as_str().map(str::to_owned))
        .collect();
    for name in &names {
        match prober(&steps, &supplied, Some(name)) {
            Ok(true) if !required.contains(name) => required.push(name.clone()),
            Ok(_) => {}
            Err(problem) => problems.push(format!("{model}: {problem}")),
        }
    }
    if !required.is_empty() {
        required.sort_by_key(|name| names.iter().position(|n| n == name));
        schema["required"] = json!(required);
    }
    for (name, child) in children {
        let mut next = path.to_vec();
        next.push(name);
        walk(&child, &next, prober, schemas, done, problems);
    }
}

/// The model a property's schema refers to, through `allOf`, `anyOf` (nullable) and arrays.
fn referenced_model(schema: &Value) -> Option<&str> {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.strip_prefix("#/components/schemas/");
    }
    ["allOf", "anyOf"]
        .iter()
        .find_map(|key| schema[key].get(0).and_then(referenced_model))
        .or_else(|| schema.get("items").and_then(referenced_model))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required_of<'a>(document: &'a Value, model: &str) -> Vec<&'a str> {
        let schema = &document["components"]["schemas"][model];
        assert!(schema.is_object(), "no model {model}");
        schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect()
    }

    #[test]
    fn every_model_an_operation_reaches_is_read_from_the_wire_types() {
        let (_, problems) = convert(&serde_json::from_str(OVH_SCHEMA).unwrap());
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn what_every_answer_carries_is_required_and_the_rest_is_not() {
        let document = document();
        assert_eq!(required_of(document, "xdsl.AsyncTask_connectivity.eligibility.EligibilityTest"), ["status"]);
        assert_eq!(
            required_of(document, "connectivity.eligibility.EligibilityTest"),
            ["eligibilityReference", "endpoint", "offers"]
        );
        assert_eq!(required_of(document, "connectivity.eligibility.Offer"), ["eligibility", "product"]);
        let product = required_of(document, "connectivity.eligibility.OfferProduct");
        for name in ["code", "downloadRate", "uploadRate", "guaranteed", "name", "provider", "type"] {
            assert!(product.contains(&name), "{name}: {product:?}");
        }
        // The guide's answers leave `operator` out; `pairs` may be null.
        assert!(!product.contains(&"operator") && !product.contains(&"pairs"), "{product:?}");
        let eligibility = required_of(document, "connectivity.eligibility.OfferEligibility");
        assert!(eligibility.contains(&"eligible") && !eligibility.contains(&"estimatedDownloadRate"));
        // Nullable stays nullable.
        let pairs = &document["components"]["schemas"]["connectivity.eligibility.OfferProduct"]["properties"]["pairs"];
        assert!(pairs.to_string().contains(r#"{"type":"null"}"#), "{pairs}");
        // Request bodies: what the API refuses without.
        assert_eq!(required_of(document, "connectivity.eligibility.test.line.post"), ["lineNumber", "status"]);
    }
}
