//! Our signature agrees with the official Python client's for random methods, URLs, bodies,
//! secrets and timestamps.
//!
//! The cases are drawn by proptest and signed in one run of python-ovh (its own `get`/`post`
//! code, HTTP session replaced); ours must match each one to the byte. `cargo xtask test` sets
//! `OVH_PYTHON` (and `OVH_INTEROP_REQUIRED=1`, so a missing interpreter fails instead of skips);
//! without it, a `python3` on `PATH` that imports `ovh` runs it (see `tools.rs`).

use std::io::Write;
use std::process::{Command, Stdio};

use ovh_connectivity_client::signature;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};

fn case() -> impl Strategy<Value = Value> {
    let text = "[ -~]{0,12}|\\PC{0,8}";
    let segment = "[A-Za-z0-9._~-]{1,10}";
    (
        prop::sample::select(vec!["GET", "POST", "PUT", "DELETE"]),
        prop::sample::select(vec![
            "https://eu.api.ovh.com/1.0",
            "https://ca.api.ovh.com/1.0",
            "http://127.0.0.1:8080/v1",
        ]),
        prop::collection::vec(segment, 1..4),
        prop::collection::btree_map("[a-zA-Z]{1,6}", text, 0..4),
        prop::collection::btree_map("[a-zA-Z]{1,6}", text, 0..3),
        ("[A-Za-z0-9]{16}", "[A-Za-z0-9]{32}", "[A-Za-z0-9]{32}"),
        1_000_000_000u64..4_000_000_000u64,
    )
        .prop_map(|(method, endpoint, segments, body, query, (ak, secret, ck), timestamp)| {
            let has_body = matches!(method, "POST" | "PUT");
            json!({
                "method": method,
                "endpoint": endpoint,
                "path": format!("/{}", segments.join("/")),
                "body": if has_body { json!(body) } else { Value::Null },
                "query": if has_body { json!({}) } else { json!(query) },
                "applicationKey": ak, "applicationSecret": secret, "consumerKey": ck,
                "timestamp": timestamp,
            })
        })
}

#[test]
fn signatures_agree_with_python_ovh() {
    let Some(python) = crate::tools::python() else { return };
    let mut runner = TestRunner::deterministic();
    let cases: Vec<Value> = (0..300).map(|_| case().new_tree(&mut runner).unwrap().current()).collect();

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/sign_like_python_ovh.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python starts");
    child.stdin.take().unwrap().write_all(Value::Array(cases.clone()).to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "python-ovh failed: {}", String::from_utf8_lossy(&output.stderr));

    let signed: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(signed.len(), cases.len());
    let mut with_unicode = 0;
    for (case, python) in cases.iter().zip(&signed) {
        let body = python["body"].as_str().unwrap_or("");
        with_unicode += usize::from(body.contains("\\u"));
        let timestamp: u64 = python["timestamp"].as_str().unwrap().parse().unwrap();
        assert_eq!(timestamp, case["timestamp"].as_u64().unwrap());
        let ours = signature(
            case["applicationSecret"].as_str().unwrap(),
            case["consumerKey"].as_str().unwrap(),
            case["method"].as_str().unwrap(),
            python["url"].as_str().unwrap(),
            body.as_bytes(),
            timestamp,
        );
        assert_eq!(ours, python["signature"].as_str().unwrap(), "case {case}\npython sent {python}");
    }
    assert!(with_unicode > 0, "the cases should include non-ASCII bodies");
}
