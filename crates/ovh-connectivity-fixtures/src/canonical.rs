//! Canonical form of a request, the key under which a fixture answers it.
//!
//! Two requests that mean the same thing get the same key: JSON object keys are sorted,
//! whitespace is dropped, and numbers are written in one spelling (`1`, `1.0` and `1e0` are the
//! same number). Query parameters are sorted by name.

use std::fmt;

use ovh_connectivity_types::Method;
use serde_json::Value;

/// The canonical form of one request: method, path, sorted query and canonical JSON body.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestKey(String);

impl RequestKey {
    /// Builds the key of a request. `query` holds decoded `(name, value)` pairs in any order;
    /// `body` is the parsed JSON body, if the request has one.
    pub fn new<'a>(
        method: Method,
        path: &str,
        query: impl IntoIterator<Item = (&'a str, &'a str)>,
        body: Option<&Value>,
    ) -> Self {
        let mut key = String::with_capacity(path.len() + 64);
        key.push_str(method.as_str());
        key.push(' ');
        key.push_str(path);
        let mut pairs: Vec<(&str, &str)> = query.into_iter().collect();
        pairs.sort_unstable();
        for (index, (name, value)) in pairs.iter().enumerate() {
            key.push(if index == 0 { '?' } else { '&' });
            push_json_string(&mut key, name);
            key.push('=');
            push_json_string(&mut key, value);
        }
        if let Some(body) = body {
            key.push(' ');
            write_canonical(&mut key, body);
        }
        Self(key)
    }

    /// The key of a request without query whose JSON body text is taken as canonical as it is,
    /// without parsing it: what a server tries first, since clients usually send compact JSON
    /// with the keys in order. It equals [`RequestKey::new`] of the parsed body exactly when the
    /// text is canonical; any other text makes a key that no fixture has, so a lookup with it
    /// can miss but never find the wrong fixture.
    pub fn assume_canonical(method: Method, path: &str, body_text: &str) -> Self {
        let mut key = String::with_capacity(method.as_str().len() + path.len() + body_text.len() + 2);
        key.push_str(method.as_str());
        key.push(' ');
        key.push_str(path);
        key.push(' ');
        key.push_str(body_text);
        Self(key)
    }

    /// The key as text (`POST /connectivity/... {"zipCode":"91400"}`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The canonical text of a JSON value: sorted keys, no whitespace, one spelling per number.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(&mut out, value);
    out
}

fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                // Integral doubles are written as integers, so that 1.0 and 1 agree.
                if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
                    out.push_str(&(f as i64).to_string());
                } else {
                    out.push_str(&f.to_string());
                }
            }
        }
        Value::String(s) => push_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // serde_json's map is a BTreeMap here (no `preserve_order`): keys come sorted.
            // Sort anyway, so that a dependency enabling `preserve_order` cannot break keys.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (index, (name, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                push_json_string(out, name);
                out.push(':');
                write_canonical(out, item);
            }
            out.push('}');
        }
    }
}

/// Writes `s` as a JSON string with minimal escapes (those serde_json writes): `"` and `\\`,
/// the short forms of control characters, `\u00XX` for the others.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(body: &str) -> RequestKey {
        let value: Value = serde_json::from_str(body).unwrap();
        RequestKey::new(Method::Post, "/p", [], Some(&value))
    }

    #[test]
    fn key_order_whitespace_and_number_spelling_do_not_matter() {
        assert_eq!(key(r#"{"a":1,"b":"x"}"#), key("{ \"b\" : \"x\",\n \"a\" : 1.0 }"));
        assert_eq!(key(r#"{"a":1e0}"#), key(r#"{"a":1}"#));
        assert_eq!(key(r#"{"a":"\u0041"}"#), key(r#"{"a":"A"}"#));
    }

    #[test]
    fn a_canonical_text_gives_the_parsed_key_and_others_do_not() {
        let canonical = r#"{"a":1,"b":"x"}"#;
        assert_eq!(RequestKey::assume_canonical(Method::Post, "/p", canonical), key(canonical));
        for other in [r#"{"b":"x","a":1}"#, r#"{"a":1.0,"b":"x"}"#, r#"{ "a":1,"b":"x"}"#, r#"{"a":1,"b":"\u0078"}"#] {
            assert_eq!(key(other), key(canonical), "{other} means the same");
            assert_ne!(
                RequestKey::assume_canonical(Method::Post, "/p", other),
                key(canonical),
                "{other} is not canonical"
            );
        }
    }

    #[test]
    fn different_values_give_different_keys() {
        assert_ne!(key(r#"{"a":1}"#), key(r#"{"a":2}"#));
        assert_ne!(key(r#"{"a":"1"}"#), key(r#"{"a":1}"#));
        assert_ne!(key(r#"{"a":1.5}"#), key(r#"{"a":1}"#));
        assert_ne!(key(r#"{"a":[1,2]}"#), key(r#"{"a":[2,1]}"#));
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in ["plain", "quote \" and \\ backslash", "tab\tnew\nline\r", "\u{1}\u{8}\u{c}\u{1f}", "é ü 日本 /"]
        {
            let mut ours = String::new();
            push_json_string(&mut ours, text);
            assert_eq!(ours, Value::String(text.to_owned()).to_string(), "{text:?}");
        }
    }

    #[test]
    fn query_order_does_not_matter_but_values_do() {
        let a = RequestKey::new(Method::Get, "/p", [("b", "2"), ("a", "1")], None);
        let b = RequestKey::new(Method::Get, "/p", [("a", "1"), ("b", "2")], None);
        let c = RequestKey::new(Method::Get, "/p", [("a", "1"), ("b", "3")], None);
        assert_eq!(a, b);
        assert_ne!(a, c);
        // A separator inside a value cannot forge another parameter list.
        let forged = RequestKey::new(Method::Get, "/p", [("a", "1&b=2")], None);
        assert_ne!(a, forged);
    }
}
