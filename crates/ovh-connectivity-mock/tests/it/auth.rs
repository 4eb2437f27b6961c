//! `--auth verify`: signatures recomputed from the raw request, as OVH does.

use std::time::{SystemTime, UNIX_EPOCH};

use ovh_connectivity_mock::{AuthMode, Credential};

use crate::support::*;

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

async fn verifying() -> ovh_connectivity_mock::MockServer {
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    start(config).await
}

#[test]
fn the_test_signer_reproduces_the_official_vector() {
    assert_eq!(
        sign("POST", "https://eu.api.ovh.com/1.0/auth", r#"{"a":"b","c":"d"}"#, 1457018875),
        "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"
    );
}

async fn signed_post(
    server: &ovh_connectivity_mock::MockServer,
    path: &str,
    body: &str,
    signature: &str,
    ts: u64,
) -> Answer {
    let ts = ts.to_string();
    send(
        server.addr(),
        "POST",
        path,
        &[
            ("content-type", "application/json"),
            ("x-ovh-application", AK),
            ("x-ovh-consumer", CK),
            ("x-ovh-timestamp", &ts),
            ("x-ovh-signature", signature),
        ],
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_signed_partner_call_is_accepted_and_a_tampered_one_refused() {
    let server = verifying().await;
    let path = format!("{API}/test/line/partners");
    let url = format!("http://{}{path}", server.addr());
    let body = r#"{"lineNumber":"0123456789","status":"active"}"#;
    let ts = now();

    let good = signed_post(&server, &path, body, &sign("POST", &url, body, ts), ts).await;
    assert_eq!(good.status, 200, "{}", good.text());
    assert_eq!(good.task_status(), "pending");

    // The body changed after signing.
    let tampered_body = r#"{"lineNumber":"0123456780","status":"active"}"#;
    let tampered = signed_post(&server, &path, tampered_body, &sign("POST", &url, body, ts), ts).await;
    tampered.assert_ovh_error(400, "Invalid signature");
    assert_eq!(tampered.json()["errorCode"], "INVALID_SIGNATURE");

    // Signed for another URL (the https API instead of the mock).
    let other =
        signed_post(&server, &path, body, &sign("POST", &format!("https://eu.api.ovh.com{path}"), body, ts), ts).await;
    other.assert_ovh_error(400, "Invalid signature");

    // A stale timestamp, correctly signed.
    let old = ts - 3600;
    signed_post(&server, &path, body, &sign("POST", &url, body, old), old).await.assert_ovh_error(400, "out of time");
}

#[tokio::test]
async fn unsigned_and_unknown_credentials_are_refused_on_partner_routes() {
    let server = verifying().await;
    let path = format!("{API}/test/line/partners");
    let body = r#"{"lineNumber":"0123456789","status":"active"}"#;
    post(server.addr(), &path, body).await.assert_ovh_error(401, "login");

    let ts = now().to_string();
    let unknown = send(
        server.addr(),
        "POST",
        &path,
        &[
            ("content-type", "application/json"),
            ("x-ovh-application", "nope"),
            ("x-ovh-consumer", CK),
            ("x-ovh-timestamp", &ts),
            ("x-ovh-signature", "$1$00"),
        ],
        Some(body),
    )
    .await;
    unknown.assert_ovh_error(403, "application key is invalid");
    let wrong_consumer = send(
        server.addr(),
        "POST",
        &path,
        &[
            ("content-type", "application/json"),
            ("x-ovh-application", AK),
            ("x-ovh-consumer", "other"),
            ("x-ovh-timestamp", &ts),
            ("x-ovh-signature", "$1$00"),
        ],
        Some(body),
    )
    .await;
    wrong_consumer.assert_ovh_error(403, "credential is not valid");
}

#[tokio::test]
async fn public_routes_stay_open_and_get_with_query_is_signed_with_the_query() {
    let server = verifying().await;
    assert_eq!(post(server.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await.status, 200);

    let target = "/1.0/connectivity/monitoring/genericIncident/partners?status=detected";
    let url = format!("http://{}{target}", server.addr());
    let ts = now();
    let signature = sign("GET", &url, "", ts);
    let ts_text = ts.to_string();
    let headers = [
        ("x-ovh-application", AK),
        ("x-ovh-consumer", CK),
        ("x-ovh-timestamp", ts_text.as_str()),
        ("x-ovh-signature", signature.as_str()),
    ];
    let answer = send(server.addr(), "GET", target, &headers, None).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()[0]["status"], "detected");
    let without_query =
        send(server.addr(), "GET", "/1.0/connectivity/monitoring/genericIncident/partners", &headers, None).await;
    without_query.assert_ovh_error(400, "Invalid signature");
}
