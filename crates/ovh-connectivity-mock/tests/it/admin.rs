//! Admin API, CORS, query ids and the OpenAPI document.

use serde_json::Value;

use crate::support::*;
use ovh_connectivity_mock::Cors;

#[tokio::test]
async fn health_fixtures_and_recent_requests() {
    let server = start(embedded()).await;
    let health = send(server.addr(), "GET", "/__admin/health", &[], None).await.json();
    assert_eq!(health["status"], "ok");
    assert!(health["fixtures"].as_u64().unwrap() >= 30);

    let fixtures = send(server.addr(), "GET", "/__admin/fixtures", &[], None).await.json();
    let ids: Vec<&str> = fixtures.as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"search/cities/91400"));

    post(server.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await;
    let requests = send(server.addr(), "GET", "/__admin/requests", &[], None).await.json();
    let last = requests.as_array().unwrap().iter().rev().find(|r| r["path"] == format!("{API}/search/cities")).unwrap();
    assert_eq!(last["fixture"], "search/cities/91400");
    assert_eq!(last["note"], "pending 1/1");

    send(server.addr(), "GET", "/__admin/nope", &[], None).await.assert_ovh_error(404, "No admin route");
    let wrong = send(server.addr(), "POST", "/__admin/health", &[], None).await;
    wrong.assert_ovh_error(405, "GET");
}

#[tokio::test]
async fn every_answer_has_a_distinct_query_id() {
    let server = start(embedded()).await;
    let a = send(server.addr(), "GET", "/1.0/auth/time", &[], None).await;
    let b = send(server.addr(), "GET", "/1.0/nope", &[], None).await;
    let (a, b) = (a.header("x-ovh-queryid").unwrap().to_owned(), b.header("x-ovh-queryid").unwrap().to_owned());
    assert_ne!(a, b);
    assert!(a.starts_with("MOCK."));
}

#[tokio::test]
async fn cors_preflight_and_origins() {
    let server = start(embedded()).await;
    let preflight = send(
        server.addr(),
        "OPTIONS",
        &format!("{API}/test/line/partners"),
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "x-ovh-signature, content-type"),
        ],
        None,
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    let allowed = preflight.header("access-control-allow-headers").unwrap().to_ascii_lowercase();
    for header in ["x-ovh-application", "x-ovh-consumer", "x-ovh-timestamp", "x-ovh-signature", "content-type"] {
        assert!(allowed.contains(header), "{header} not allowed: {allowed}");
    }
    assert!(preflight.header("access-control-allow-methods").unwrap().contains("POST"));

    let mut config = embedded();
    config.cors = Cors::Origins(vec!["https://app.example".to_owned()]);
    let restricted = start(config).await;
    let good = send(restricted.addr(), "GET", "/1.0/auth/time", &[("origin", "https://app.example")], None).await;
    assert_eq!(good.header("access-control-allow-origin"), Some("https://app.example"));
    assert_eq!(good.header("vary"), Some("Origin"));
    let bad = send(restricted.addr(), "GET", "/1.0/auth/time", &[("origin", "https://evil.example")], None).await;
    assert_eq!(bad.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let server = start(embedded()).await;
    let document = send(server.addr(), "GET", "/__admin/openapi.json", &[], None).await.json();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    let operations: usize = paths.values().map(|item| item.as_object().unwrap().len()).sum();
    assert_eq!(operations, 28 + 1, "28 schema operations and /auth/time");
    let line = &paths["/connectivity/eligibility/test/line"]["post"];
    assert_eq!(
        line["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/connectivity.eligibility.test.line.post"
    );
    assert_eq!(paths["/connectivity/eligibility/search/lines"]["post"]["deprecated"], true);
    assert_ne!(paths["/connectivity/eligibility/test/line/partners"]["post"]["security"], Value::Array(vec![]));
    // Every $ref points at a schema that exists.
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let text = document.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
}
