//! The official OVH Python client (`ovh` from PyPI) against the mock, signatures verified.
//!
//! `cargo xtask test` / `cargo xtask ci` set up a virtualenv with the pinned client and pass
//! its interpreter in `OVH_PYTHON`; without it, a Python on `PATH` that imports `ovh` and
//! `schemathesis` runs these tests, and without one they skip and say so (see `tools.rs`).

use std::path::Path;
use std::process::Command;

use ovh_connectivity_fixtures::FixtureSet;
use ovh_connectivity_mock::{AuthMode, Credential};
use serde_json::{Value, json};

use crate::python_calls::{answers_match_fixtures, call_of, interop_script};
use crate::support::*;
use crate::tools;

const AK: &str = "TDPKJdwZwAQPwKX2";
const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";

/// Runs a Python script of `tests/interop` with `input` on its standard input; its output.
pub(crate) async fn run_script(python: &Path, script: &'static str, input: Value) -> std::process::Output {
    let python = python.to_path_buf();
    tokio::task::spawn_blocking(move || interop_script(&python, script, &input)).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_python_client_calls_every_route_with_signatures_verified() {
    let Some(python) = tools::python() else { return };
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    let server = start(config).await;
    let set = FixtureSet::embedded().unwrap();

    let calls: Vec<Value> = set.iter().map(call_of).collect();
    let input = json!({
        "endpoint": server.base_url(),
        "applicationKey": AK, "applicationSecret": AS, "consumerKey": CK,
        "calls": calls,
    });
    let output = run_script(python, "call_every_route.py", input).await;
    assert_eq!(answers_match_fixtures(&output, &set), set.len(), "one answer per fixture");

    // The signed calls were verified, not waved through: the mock logged them as fixtures.
    let requests = send(server.addr(), "GET", "/__admin/requests", &[], None).await.json();
    let partner_calls =
        requests.as_array().unwrap().iter().filter(|r| r["path"].as_str().unwrap().ends_with("/partners")).count();
    assert!(partner_calls >= 6, "{partner_calls} partner calls");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_python_client_with_a_wrong_secret_is_refused() {
    let Some(python) = tools::python() else { return };
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, "not-the-secret", CK)]);
    let server = start(config).await;
    let input = json!({
        "endpoint": server.base_url(),
        "applicationKey": AK, "applicationSecret": AS, "consumerKey": CK,
        "calls": [{"id": "x", "method": "POST", "path": "/connectivity/eligibility/test/otp/partners", "query": {},
                   "body": {"otp": "OO-XXXX-XXXX/C"}, "auth": true, "async": true}],
    });
    let output = run_script(python, "call_every_route.py", input).await;
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["status"], 400, "{result}");
    assert!(result["message"].as_str().unwrap().contains("Invalid signature"), "{result}");
}

/// Schemathesis (from PyPI, in the same virtualenv) reads the mock's OpenAPI document and
/// drives every operation with generated requests, valid and not: no answer may be a server
/// error, break the documented schema, or use an undocumented status or content type.
#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_drives_every_operation_from_the_openapi_document() {
    let Some(python) = tools::python() else { return };
    let server = start(embedded()).await;
    let work_dir = std::env::temp_dir().join(format!("ovh-mock-schemathesis-{}", std::process::id()));
    std::fs::create_dir_all(&work_dir).unwrap();
    let (document, base) = (format!("{}/__admin/openapi.json", server.root_url()), server.base_url());
    let python = python.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .args(["-m", "schemathesis.cli", "run", &document, "--url", &base, "--max-examples", "25", "--seed", "1"])
            .args([
                "--checks",
                "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance,response_headers_conformance",
            ])
            .current_dir(&work_dir)
            .env("SCHEMATHESIS_HOOKS", "")
            .output()
            .expect("schemathesis runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Tested: 29"), "every operation (and /auth/time) was driven:\n{stdout}");
}

/// python-ovh 1.2.0 with a service account (`client_id`, `client_secret`), its token URL
/// pointed at the mock: every partner and recall route, Bearer tokens verified.
#[tokio::test(flavor = "multi_thread")]
async fn the_python_client_with_a_service_account_calls_every_signed_route() {
    let Some(python) = tools::python() else { return };
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    config.service_accounts = vec![ovh_connectivity_mock::ServiceAccount::new("partner-app", "s3cret")];
    let server = start(config).await;
    let set = FixtureSet::embedded().unwrap();
    let signed: Vec<_> = set.iter().filter(|fixture| fixture.operation.requires_auth()).collect();
    let calls: Vec<Value> = signed.iter().copied().map(call_of).collect();
    let input = json!({
        "endpoint": server.base_url(),
        "clientId": "partner-app", "clientSecret": "s3cret",
        "tokenUrl": format!("{}/auth/oauth2/token", server.root_url()),
        "calls": calls,
    });
    let output = run_script(python, "call_every_route.py", input).await;
    let seen = answers_match_fixtures(&output, &set);
    assert_eq!(seen, signed.len(), "one answer per signed fixture");
    assert!(seen >= 10, "{seen} signed fixtures");
    let requests = send(server.addr(), "GET", "/__admin/requests", &[], None).await.json();
    let tokens = requests.as_array().unwrap().iter().filter(|r| r["path"] == "/auth/oauth2/token").count();
    assert_eq!(tokens, 1, "one token served every call");
}

/// python-ovh with a service account, through a mock that forwards every request (`--proxy`)
/// to an upstream under `--auth verify`: the token comes from the upstream's token URL, the
/// Bearer token goes through the proxy unchanged, and every signed route answers as the
/// upstream's fixtures say, polls included. The recording holds no token.
#[tokio::test(flavor = "multi_thread")]
async fn the_python_client_with_a_service_account_goes_through_the_proxy_to_a_verifying_upstream() {
    let Some(python) = tools::python() else { return };
    let mut upstream = embedded();
    upstream.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    upstream.service_accounts = vec![ovh_connectivity_mock::ServiceAccount::new("partner-app", "s3cret")];
    let upstream = start(upstream).await;
    let dir = crate::proxy::temp_dir("python");
    let proxy = start(crate::proxy::proxy_config(&upstream.base_url(), Some(&dir), 5)).await;
    let set = FixtureSet::embedded().unwrap();
    let signed: Vec<_> = set.iter().filter(|fixture| fixture.operation.requires_auth()).collect();
    let calls: Vec<Value> = signed.iter().copied().map(call_of).collect();
    let input = json!({
        "endpoint": proxy.base_url(),
        "clientId": "partner-app", "clientSecret": "s3cret",
        "tokenUrl": format!("{}/auth/oauth2/token", upstream.root_url()),
        "calls": calls,
    });
    let output = run_script(python, "call_every_route.py", input).await;
    assert_eq!(answers_match_fixtures(&output, &set), signed.len(), "one answer per signed fixture");
    // Every call reached the upstream through the proxy, and was verified there.
    let forwarded = send(proxy.addr(), "GET", "/__admin/requests", &[], None).await.json();
    assert!(forwarded.as_array().unwrap().iter().all(|r| r["source"] == "upstream"), "{forwarded}");
    let recorded = crate::proxy::files(&dir);
    assert!(recorded.len() >= 10, "{} files", recorded.len());
    for (path, text) in &recorded {
        for secret in ["s3cret", "Bearer", "partner-app", "authorization"] {
            assert!(!text.contains(secret), "{} holds `{secret}`", path.display());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
