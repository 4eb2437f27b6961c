//! An OpenAPI 3.1 description of the served API, converted from OVH's own schema of
//! `/connectivity` (`schema/connectivity-2026.json`, the format `GET /1.0/connectivity.json`
//! answers), so that frontend tools can generate types and drive the mock.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

const OVH_SCHEMA: &str = include_str!("../schema/connectivity-2026.json");

/// The document, built once.
pub(crate) fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| convert(&serde_json::from_str(OVH_SCHEMA).expect("the bundled schema is JSON")))
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

fn convert(ovh: &Value) -> Value {
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
    let header = |name: &str| json!({"type": "apiKey", "in": "header", "name": name});
    json!({
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
    })
}
