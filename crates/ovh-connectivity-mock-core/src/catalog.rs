//! The fixtures being served, prepared for the request path: bodies as shared `Bytes`.

use bytes::Bytes;
use ovh_connectivity_fixtures::{Fixture, FixtureSet, PhaseKind, RequestKey};
use ovh_connectivity_types::Operation;

/// A fixture ready to serve.
#[derive(Debug)]
pub(crate) struct Served {
    pub(crate) fixture: Fixture,
    /// The fixture's id, shared with the answers and the request log.
    pub(crate) id: std::sync::Arc<str>,
    /// The phase bodies, in phase order.
    pub(crate) bodies: Vec<Bytes>,
    /// The first pending body, for `--pending` overrides.
    pub(crate) pending_body: Option<Bytes>,
}

/// What the mock serves: the fixture set and its prepared bodies.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub(crate) set: FixtureSet,
    served: std::collections::HashMap<RequestKey, Served>,
}

impl Catalog {
    pub(crate) fn new(set: FixtureSet) -> Self {
        let served = set
            .iter()
            .map(|fixture| {
                let bodies: Vec<Bytes> = fixture.phases.iter().map(|phase| Bytes::from(minify(&phase.body))).collect();
                let pending_body = fixture
                    .phases
                    .iter()
                    .position(|phase| phase.kind == PhaseKind::Pending)
                    .map(|index| bodies[index].clone());
                (
                    fixture.key.clone(),
                    Served { id: fixture.id.as_str().into(), fixture: fixture.clone(), bodies, pending_body },
                )
            })
            .collect();
        Self { set, served }
    }

    pub(crate) fn find(&self, key: &RequestKey) -> Option<&Served> {
        self.served.get(key)
    }

    /// The fixture whose request is closest to an uncovered one: same operation, most body or
    /// query fields in common.
    pub(crate) fn closest(&self, operation: Operation, fields: &[(String, String)]) -> Option<&Fixture> {
        self.set.iter().filter(|fixture| fixture.operation == operation).max_by_key(|fixture| {
            let theirs = request_fields(fixture);
            fields.iter().filter(|field| theirs.contains(field)).count()
        })
    }
}

/// The JSON text without its insignificant whitespace. Everything else stays as written in
/// the fixture file: key order, number spelling, string escapes. (The fixture is valid JSON:
/// the loader checked it.)
pub(crate) fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    out
}

/// A fixture's request as `(name, canonical value)` pairs, for closeness.
pub(crate) fn request_fields(fixture: &Fixture) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> =
        fixture.request.query.iter().map(|(name, value)| (name.clone(), value.clone())).collect();
    if let Some(serde_json::Value::Object(map)) =
        fixture.request.body.as_deref().and_then(|body| serde_json::from_str(body).ok())
    {
        fields.extend(map.iter().map(|(name, value)| (name.clone(), ovh_connectivity_fixtures::canonical_json(value))));
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn minify_keeps_strings_escapes_and_spelling() {
        let text = "{\n  \"a b\": \"x \\\" y\\\\\",\n  \"n\": 1.50, \"t\": [ true , null ]\n}";
        assert_eq!(minify(text), "{\"a b\":\"x \\\" y\\\\\",\"n\":1.50,\"t\":[true,null]}");
        let original: serde_json::Value = serde_json::from_str(text).unwrap();
        let minified: serde_json::Value = serde_json::from_str(&minify(text)).unwrap();
        assert_eq!(original, minified);
    }
}
