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
    // A browser's request carries its origin: echoed, so that credentialed calls work too.
    assert_eq!(preflight.header("access-control-allow-origin"), Some("http://localhost:5173"));
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

fn settings_json(changes: &[(&str, Value)]) -> String {
    let mut settings = serde_json::json!({
        "latencyMs": null, "pending": null, "fault": null, "faultPercent": 100, "strict": false, "world": true,
    });
    for (name, value) in changes {
        settings[*name] = value.clone();
    }
    settings.to_string()
}

async fn put_settings(addr: std::net::SocketAddr, body: &str) -> Value {
    let answer = send(addr, "PUT", "/__admin/settings", &[("content-type", "application/json")], Some(body)).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

#[tokio::test]
async fn settings_apply_to_the_next_request_and_reset_to_start_up() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let line = r#"{"lineNumber":"0123456789","status":"active"}"#;
    let first = send(addr, "GET", "/__admin/settings", &[], None).await.json();
    assert_eq!(first["current"], first["atStart"]);
    assert_eq!(first["current"]["pending"], Value::Null);

    // pending 0: the fixture's task answers at once.
    let changed = put_settings(addr, &settings_json(&[("pending", 0.into())])).await;
    assert_eq!(changed["changed"], "pending 0");
    assert_eq!(post_as(addr, &format!("{API}/test/line"), line, "a").await.task_status(), "ok");

    // A fault on every API request; the admin API is spared.
    put_settings(addr, &settings_json(&[("fault", 503.into())])).await;
    post(addr, &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await.assert_ovh_error(503, "Injected");
    put_settings(addr, &settings_json(&[("fault", "drop".into())])).await;
    let dropped = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        raw(addr, b"GET /1.0/auth/time HTTP/1.1\r\nhost: x\r\n\r\n"),
    )
    .await
    .expect("the connection closes");
    assert!(dropped.is_empty(), "a dropped connection answers nothing: {dropped:?}");
    put_settings(addr, &settings_json(&[("fault", 500.into()), ("faultPercent", 0.into())])).await;
    assert_eq!(send(addr, "GET", "/1.0/auth/time", &[], None).await.status, 200, "0 % hits nothing");

    // The world off: a zip code no fixture covers finds nothing; strict: 404.
    let rennes = r#"{"zipCode":"35000"}"#;
    let world = post_as(addr, &format!("{API}/search/cities"), rennes, "w1").await;
    assert_eq!(
        post_as(addr, &format!("{API}/search/cities"), rennes, "w1").await.json()["result"][0]["city"],
        "RENNES",
        "{}",
        world.text()
    );
    put_settings(addr, &settings_json(&[("world", false.into()), ("pending", 0.into())])).await;
    assert_eq!(
        post_as(addr, &format!("{API}/search/cities"), rennes, "w2").await.json()["result"],
        serde_json::json!([])
    );
    put_settings(addr, &settings_json(&[("strict", true.into())])).await;
    post(addr, &format!("{API}/search/cities"), rennes).await.assert_ovh_error(404, "strict");
    let health = send(addr, "GET", "/__admin/health", &[], None).await.json();
    assert_eq!(health["world"], false, "strict turns the world off");

    // Reset: the start-up settings again, and the log shows every change.
    let reset = send(addr, "POST", "/__admin/settings/reset", &[], None).await.json();
    assert_eq!(reset["current"], first["atStart"]);
    assert_eq!(reset["changed"], "strict off");
    let requests = send(addr, "GET", "/__admin/requests", &[], None).await.json();
    let notes: Vec<&str> = requests
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "admin")
        .map(|r| r["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes[0], "settings: pending 0");
    assert_eq!(notes.last().copied(), Some("settings: strict off"));
    let faults = requests.as_array().unwrap().iter().filter(|r| r["source"] == "fault").count();
    assert_eq!(faults, 2, "the 503 and the dropped connection");
}

#[tokio::test]
async fn a_turned_off_world_can_be_turned_on_at_run_time() {
    let mut config = embedded();
    config.settings.world = false;
    let server = start(config).await;
    let addr = server.addr();
    let rennes = r#"{"zipCode":"35000"}"#;
    let settings = settings_json(&[("world", true.into()), ("pending", 0.into())]);
    assert_eq!(send(addr, "GET", "/__admin/settings", &[], None).await.json()["current"]["world"], false);
    post_as(addr, &format!("{API}/search/cities"), rennes, "before").await;
    let nothing = post_as(addr, &format!("{API}/search/cities"), rennes, "before").await.json();
    assert_eq!(nothing["result"], serde_json::json!([]));
    put_settings(addr, &settings).await;
    let found = post_as(addr, &format!("{API}/search/cities"), rennes, "after").await.json();
    assert_eq!(found["result"][0]["inseeCode"], "35238");
}

#[tokio::test]
async fn a_world_that_starts_off_keeps_its_seed_for_when_it_is_turned_on() {
    let streets = r#"{"inseeCode":"35238"}"#;
    let world_of = |seed: u64, starts_on: bool| {
        let mut config = embedded();
        config.world = ovh_connectivity_mock::WorldSettings::with_seed(seed);
        config.settings.world = starts_on;
        config.settings.pending = Some(0);
        config
    };
    let seeded = start(world_of(7, true)).await;
    let expected = post(seeded.addr(), &format!("{API}/search/streets"), streets).await.json();
    let other = start(world_of(0, true)).await;
    let unseeded = post(other.addr(), &format!("{API}/search/streets"), streets).await.json();
    assert_ne!(expected, unseeded, "the seed changes the streets");

    let off = start(world_of(7, false)).await;
    let addr = off.addr();
    assert_eq!(
        post_as(addr, &format!("{API}/search/streets"), streets, "a").await.json()["result"],
        serde_json::json!([])
    );
    put_settings(addr, &settings_json(&[("pending", 0.into())])).await;
    assert_eq!(post_as(addr, &format!("{API}/search/streets"), streets, "b").await.json(), expected);
}

#[tokio::test]
async fn bad_settings_are_refused_and_change_nothing() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let before = send(addr, "GET", "/__admin/settings", &[], None).await.json();
    for (body, needle) in [
        ("{", "Expected every setting"),
        ("[]", "Expected every setting"),
        (r#"{"latencyMs":null}"#, "missing field"),
        (&settings_json(&[("latencyMs", "fast".into())]), "Expected every setting"),
        (&settings_json(&[("latencyMs", serde_json::json!([800, 100]))]), "minimum is above"),
        (&settings_json(&[("pending", (-1).into())]), "Expected every setting"),
        (&settings_json(&[("fault", 200.into())]), "error status from 400 to 599"),
        (&settings_json(&[("fault", "explode".into())]), "\"drop\""),
        (&settings_json(&[("faultPercent", 101.into())]), "percentage"),
        (&settings_json(&[("strict", "yes".into())]), "Expected every setting"),
        (&format!("{}, ", &settings_json(&[])), "Expected every setting"),
        (&settings_json(&[("surprise", 1.into())]), "unknown field"),
    ] {
        send(addr, "PUT", "/__admin/settings", &[], Some(body)).await.assert_ovh_error(400, needle);
    }
    let huge = format!(r#"{{"x":"{}"}}"#, "a".repeat(100_000));
    assert_eq!(send(addr, "PUT", "/__admin/settings", &[], Some(&huge)).await.status, 413);
    send(addr, "DELETE", "/__admin/settings", &[], None).await.assert_ovh_error(405, "GET, HEAD, PUT");
    send(addr, "GET", "/__admin/settings/reset", &[], None).await.assert_ovh_error(405, "POST");
    assert_eq!(send(addr, "GET", "/__admin/settings", &[], None).await.json(), before);
}

#[tokio::test]
async fn one_request_shows_its_bodies_cut_safely_and_never_a_secret() {
    let mut config = embedded();
    config.max_body_bytes = 128 * 1024;
    config.auth = ovh_connectivity_mock::AuthMode::Verify(vec![]);
    config.service_accounts = vec![ovh_connectivity_mock::ServiceAccount::new("id", "the-client-secret")];
    let server = start(config).await;
    let addr = server.addr();
    post(addr, &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await;
    let big = format!(r#"{{"zipCode":"{}"}}"#, "é".repeat(20_000));
    post(addr, &format!("{API}/search/cities"), &big).await;
    let token = send(
        addr,
        "POST",
        "/auth/oauth2/token",
        &[("content-type", "application/x-www-form-urlencoded")],
        Some("grant_type=client_credentials&client_id=id&client_secret=the-client-secret&scope=all"),
    )
    .await;
    assert_eq!(token.status, 200, "{}", token.text());
    let access_token = token.json()["access_token"].as_str().unwrap().to_owned();
    send(addr, "GET", &format!("{API}/test?eligibilityReference=nope"), &[], None).await;

    let list = send(addr, "GET", "/__admin/requests", &[], None).await.json();
    let list = list.as_array().unwrap();
    let detail = |index: usize| {
        let id = list[index]["queryId"].as_str().unwrap().to_owned();
        async move { send(addr, "GET", &format!("/__admin/requests/{id}"), &[], None).await.json() }
    };
    let small = detail(0).await;
    assert_eq!(small["requestBody"], r#"{"zipCode":"91400"}"#);
    assert_eq!(small["source"], "fixture");
    assert!(small["answerBody"].as_str().unwrap().contains("pending"));
    assert_eq!(small["requestBodyTruncated"], false);
    let large = detail(1).await;
    assert_eq!(large["requestBodyTruncated"], true);
    assert_eq!(large["requestBytes"], big.len());
    // Cut inside a two-byte character: the text stays valid, with a replacement character.
    let text = large["requestBody"].as_str().unwrap();
    assert!(text.len() <= 16 * 1024 + 3 && text.starts_with(r#"{"zipCode":"éé"#), "{} bytes", text.len());
    let secret = detail(2).await;
    assert_eq!(secret["path"], "/auth/oauth2/token");
    assert_eq!(secret["requestBody"], Value::Null);
    assert_eq!(secret["answerBody"], Value::Null);
    let everything = send(addr, "GET", "/__admin/requests", &[], None).await.text();
    assert!(!everything.contains("the-client-secret") && !everything.contains(&access_token));
    let query = detail(3).await;
    assert_eq!(query["query"], "eligibilityReference=nope");
    assert_eq!(query["status"], 404);
    assert_eq!(query["source"], "world", "the world refuses a reference it did not sign");

    send(addr, "GET", "/__admin/requests/MOCK.999.1", &[], None).await.assert_ovh_error(404, "No request");
    send(addr, "GET", "/__admin/requests/%3Cscript%3E", &[], None).await.assert_ovh_error(404, "No request");
}

#[tokio::test]
async fn pages_on_another_origin_cannot_change_the_mock() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let body = settings_json(&[("strict", true.into())]);
    let evil = [("origin", "http://evil.example")];
    let refused = send(addr, "PUT", "/__admin/settings", &evil, Some(&body)).await;
    refused.assert_ovh_error(403, "another origin (`http://evil.example`)");
    send(addr, "DELETE", "/__admin/tasks", &[("origin", "null")], None).await.assert_ovh_error(403, "another origin");
    let lookalike = format!("http://{addr}.evil.example");
    send(addr, "POST", "/__admin/settings/reset", &[("origin", &lookalike)], None)
        .await
        .assert_ovh_error(403, "origin");
    // Reading stays open (the page's own reads carry no Origin, others' are harmless).
    assert_eq!(send(addr, "GET", "/__admin/settings", &evil, None).await.json()["current"]["strict"], false);
    // The dashboard itself: same origin.
    let own = format!("http://{addr}");
    assert_eq!(send(addr, "PUT", "/__admin/settings", &[("origin", &own)], Some(&body)).await.status, 200);
}
