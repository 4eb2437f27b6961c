//! Real clients against `npx ovh-connectivity-mock`: the official OVH Python client (the
//! native mock's `call_every_route.py`, signatures and OAuth2 tokens verified with
//! `--auth verify --credentials FILE`), the dashboard in Chromium (the native mock's WebDriver
//! harness), and the admin API's rules (a token beyond loopback, other origins refused).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ovh_connectivity_fixtures::FixtureSet;
use serde_json::{Value, json};

use crate::chromium::{browser, driver, wait_for};
use crate::npx::{Npx, send};
use crate::python_calls::{answers_match_fixtures, call_of, interop_script};
use crate::tools;

// The official clients' test credentials, and a service account.
const AK: &str = "TDPKJdwZwAQPwKX2";
const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
const CLIENT_ID: &str = "partner-app";
const CLIENT_SECRET: &str = "s3cret";

/// A credentials file accepting `application_secret` for the test keys, and the service account.
fn credentials(application_secret: &str) -> PathBuf {
    let file =
        std::env::temp_dir().join(format!("ovh-npx-credentials-{}-{application_secret}.json", std::process::id()));
    let entries = json!([
        {"applicationKey": AK, "applicationSecret": application_secret, "consumerKey": CK},
        {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET},
    ]);
    std::fs::write(&file, entries.to_string()).expect("credentials file");
    file
}

/// The npx server with signatures verified against `credentials(application_secret)`.
fn verifying(application_secret: &str) -> Option<Npx> {
    let file = credentials(application_secret);
    Npx::start(&["--auth", "verify", "--credentials", file.to_str().expect("a UTF-8 path")])
}

/// Runs the native mock's `call_every_route.py` with `input` on stdin; its output.
fn call_every_route(python: &Path, input: &Value) -> std::process::Output {
    interop_script(python, "call_every_route.py", input)
}

/// The request log of the mock at `addr`.
fn requests(addr: SocketAddr) -> Vec<Value> {
    send(addr, "GET", "/__admin/requests", &[], "").json().as_array().expect("a list").clone()
}

#[test]
fn the_official_python_client_calls_every_route_with_signatures_verified() {
    let Some(python) = tools::python() else { return };
    let Some(npx) = verifying(AS) else { return };
    let set = FixtureSet::embedded().expect("built-in fixtures");
    let calls: Vec<Value> = set.iter().map(call_of).collect();
    let input = json!({
        "endpoint": format!("{}/1.0", npx.root()),
        "applicationKey": AK, "applicationSecret": AS, "consumerKey": CK,
        "calls": calls,
    });
    assert_eq!(answers_match_fixtures(&call_every_route(python, &input), &set), set.len(), "one answer per fixture");
    // Verified, not waved through: the signed calls were answered from their fixtures.
    let partners =
        requests(npx.addr).iter().filter(|r| r["path"].as_str().is_some_and(|p| p.ends_with("/partners"))).count();
    assert!(partners >= 6, "{partners} partner calls");
}

#[test]
fn the_python_client_with_a_wrong_secret_is_refused() {
    let Some(python) = tools::python() else { return };
    let Some(npx) = verifying("not-the-secret") else { return };
    let input = json!({
        "endpoint": format!("{}/1.0", npx.root()),
        "applicationKey": AK, "applicationSecret": AS, "consumerKey": CK,
        "calls": [{"id": "x", "method": "POST", "path": "/connectivity/eligibility/test/otp/partners", "query": {},
                   "body": {"otp": "OO-XXXX-XXXX/C"}, "auth": true, "async": true}],
    });
    let output = call_every_route(python, &input);
    let result: Value = serde_json::from_slice(&output.stdout).expect("one JSON line");
    assert_eq!(result["status"], 400, "{result}");
    assert!(result["message"].as_str().is_some_and(|m| m.contains("Invalid signature")), "{result}");
}

#[test]
fn the_python_client_with_a_service_account_calls_every_signed_route() {
    let Some(python) = tools::python() else { return };
    let Some(npx) = verifying(AS) else { return };
    let set = FixtureSet::embedded().expect("built-in fixtures");
    let calls: Vec<Value> = set.iter().filter(|f| f.operation.requires_auth()).map(call_of).collect();
    let input = json!({
        "endpoint": format!("{}/1.0", npx.root()),
        "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
        "tokenUrl": format!("{}/auth/oauth2/token", npx.root()),
        "calls": calls,
    });
    let seen = answers_match_fixtures(&call_every_route(python, &input), &set);
    assert_eq!(seen, calls.len(), "one answer per signed fixture");
    assert!(seen >= 10, "{seen} signed fixtures");
    let tokens = requests(npx.addr).iter().filter(|r| r["path"] == "/auth/oauth2/token").count();
    assert_eq!(tokens, 1, "one token served every call");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_loads_in_chromium_and_sends_a_fixture() {
    let Some(driver) = driver() else { return };
    let Some(npx) = Npx::start(&["--pending", "1"]) else { return };
    let page = browser(&driver, 1280).await;
    page.goto(&format!("{}/__admin/", npx.root())).await.expect("the dashboard loads");
    wait_for(&page, "body[data-ready=true]").await;
    assert_eq!(page.title().await.expect("a title"), "ovh-connectivity-mock · dashboard");
    // Its fixture list came from the npx server's admin API.
    let mut status = String::new();
    for _ in 0..150 {
        status = page.find(fantoccini::Locator::Css("#status")).await.expect("#status").text().await.expect("text");
        if status.contains("fixtures ·") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(status.contains("fixtures ·") && status.contains("world on"), "{status}");
    let rows = page.find_all(fantoccini::Locator::Css("#fixture-list button")).await.expect("fixture rows");
    let listed: Value = send(npx.addr, "GET", "/__admin/fixtures", &[], "").json();
    assert_eq!(rows.len(), listed.as_array().map_or(0, Vec::len), "one row per fixture");
    assert!(rows.len() >= 30, "{} rows", rows.len());
    // A change made in the page (same origin, loopback: no token) reaches the server.
    let changed = page
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/__admin/settings', {method: 'PUT', headers: {'content-type': 'application/json'}, \
               body: JSON.stringify({latencyMs: null, pending: 3, fault: null, faultPercent: 100, strict: false, world: true})}) \
             .then(r => done(r.status), e => done(String(e)))",
            vec![],
        )
        .await
        .expect("the page's fetch");
    assert_eq!(changed, json!(200));
    assert_eq!(send(npx.addr, "GET", "/__admin/settings", &[], "").json()["current"]["pending"], 3);
    page.close().await.expect("the browser closes");
}

const SETTINGS: &str = r#"{"latencyMs":null,"pending":0,"fault":null,"faultPercent":100,"strict":false,"world":true}"#;

#[test]
fn beyond_loopback_admin_changes_need_the_token_printed_at_start_up() {
    let Some(mut npx) = Npx::start(&["--addr", "0.0.0.0:0"]) else { return };
    let printed = npx.line_with("admin token (X-Mock-Admin-Token): ", Duration::from_secs(5));
    let token = printed.rsplit(' ').next().expect("a token").to_owned();
    assert_eq!(token.len(), 32, "{printed}");
    let link = npx.line_with("/__admin/#token=", Duration::from_secs(5));
    assert!(link.ends_with(&token), "{link}");
    assert!(!npx.stderr_with("serving the Connectivity API").contains(&token), "the token is in the log");
    let addr = SocketAddr::from(([127, 0, 0, 1], npx.addr.port()));
    let json = [("content-type", "application/json")];
    send(addr, "PUT", "/__admin/settings", &json, SETTINGS).assert_ovh_error(401, "admin token");
    send(addr, "DELETE", "/__admin/tasks", &[], "").assert_ovh_error(401, "admin token");
    let with_token = [("content-type", "application/json"), ("x-mock-admin-token", token.as_str())];
    assert_eq!(send(addr, "PUT", "/__admin/settings", &with_token, SETTINGS).status, 200);
    // The change is logged, and the token is not.
    let log = npx.stderr_with("path=/__admin/settings status=200");
    assert!(log.contains("path=/__admin/settings status=200") && !log.contains(&token), "{log}");
}

#[test]
fn pages_on_another_origin_cannot_change_the_mock() {
    let Some(npx) = Npx::start(&[]) else { return };
    let evil = [("content-type", "application/json"), ("origin", "http://evil.example")];
    send(npx.addr, "PUT", "/__admin/settings", &evil, SETTINGS)
        .assert_ovh_error(403, "another origin (`http://evil.example`)");
    send(npx.addr, "POST", "/__admin/settings/reset", &[("origin", "null")], "")
        .assert_ovh_error(403, "another origin");
    assert_eq!(send(npx.addr, "GET", "/__admin/settings", &evil, "").json()["current"]["pending"], Value::Null);
    // The same origin may.
    let own = format!("http://{}", npx.addr);
    let same = [("content-type", "application/json"), ("origin", own.as_str())];
    assert_eq!(send(npx.addr, "PUT", "/__admin/settings", &same, SETTINGS).status, 200);
    assert_eq!(send(npx.addr, "GET", "/__admin/settings", &[], "").json()["current"]["pending"], 0);
}
