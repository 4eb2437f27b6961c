//! Every fixture answers its own request, phase after phase, under both API prefixes.

use ovh_connectivity_fixtures::FixtureSet;

use crate::support::*;

fn request_target(prefix: &str, fixture: &ovh_connectivity_fixtures::Fixture) -> String {
    let mut target = format!("{prefix}{}", fixture.request.path);
    for (index, (name, value)) in fixture.request.query.iter().enumerate() {
        target.push(if index == 0 { '?' } else { '&' });
        target.push_str(&format!("{name}={value}"));
    }
    target
}

#[tokio::test]
async fn every_fixture_answers_its_own_request_phase_by_phase() {
    let server = start(embedded()).await;
    let set = FixtureSet::embedded().unwrap();
    for (prefix, session) in [("/1.0", "one"), ("/v1", "two")] {
        for fixture in set.iter() {
            let target = request_target(prefix, fixture);
            let attempts = fixture.attempts_before_final() + 2;
            for attempt in 0..attempts {
                let mut headers = vec![("x-mock-session", session)];
                if fixture.request.body.is_some() {
                    headers.push(("content-type", "application/json"));
                }
                let answer = send(
                    server.addr(),
                    fixture.request.method.as_str(),
                    &target,
                    &headers,
                    fixture.request.body.as_deref(),
                )
                .await;
                let phase = fixture.phase_for_attempt(attempt);
                assert_eq!(answer.status, phase.status, "{} attempt {attempt}: {}", fixture.id, answer.text());
                let expected: serde_json::Value = serde_json::from_str(&phase.body).unwrap();
                assert_eq!(answer.json(), expected, "{} attempt {attempt}", fixture.id);
                // The fixture's own bytes, only insignificant whitespace removed.
                let squeezed: String = phase.body.split('\n').map(str::trim_start).collect();
                assert_eq!(answer.text(), squeezed.replace("\": ", "\":"), "{} served bytes", fixture.id);
                assert_eq!(answer.header("content-type"), Some("application/json; charset=utf-8"));
            }
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn key_order_whitespace_and_number_spelling_do_not_matter() {
    let server = start(embedded()).await;
    let path = format!("{API}/test/line");
    let first = post(server.addr(), &path, r#"{"lineNumber":"0123456789","status":"active"}"#).await;
    assert_eq!(first.task_status(), "pending");
    let second = post(server.addr(), &path, "{ \"status\" : \"active\",\n  \"lineNumber\": \"0123456789\" }").await;
    assert_eq!(second.task_status(), "pending");
    let third = post(server.addr(), &path, r#"{"status":"active","lineNumber":"0123456789"}"#).await;
    assert_eq!(third.task_status(), "ok", "the third identical request ends the task");
    assert_eq!(third.json()["result"]["eligibilityReference"].as_str().unwrap().len(), 64);
}

#[tokio::test]
async fn auth_time_is_a_bare_integer_near_now() {
    let server = start(embedded()).await;
    for prefix in ["/1.0", "/v1"] {
        let answer = send(server.addr(), "GET", &format!("{prefix}/auth/time"), &[], None).await;
        assert_eq!(answer.status, 200);
        let server_time: u64 = answer.text().parse().expect("a bare integer");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert!(server_time.abs_diff(now) <= 2, "{server_time} vs {now}");
    }
}

#[tokio::test]
async fn without_the_world_uncovered_requests_get_plausible_answers_or_strict_404() {
    let mut config = embedded();
    config.settings.world = false;
    let server = start(config).await;
    let cities = format!("{API}/search/cities");
    assert_eq!(post(server.addr(), &cities, r#"{"zipCode":"75001"}"#).await.task_status(), "pending");
    let done = post(server.addr(), &cities, r#"{"zipCode":"75001"}"#).await;
    assert_eq!(done.json(), serde_json::json!({"status": "ok", "result": [], "error": null}));

    let line = format!("{API}/test/line");
    post(server.addr(), &line, r#"{"lineNumber":"0311111111","status":"active"}"#).await;
    let failed = post(server.addr(), &line, r#"{"lineNumber":"0311111111","status":"active"}"#).await;
    assert_eq!(failed.task_status(), "error");
    assert!(failed.json()["error"].as_str().unwrap().contains("0311111111"));

    let missing = send(server.addr(), "GET", "/1.0/connectivity/eligibility/recall/7", &[], None).await;
    missing.assert_ovh_error(404, "id = 7");
    let none =
        send(server.addr(), "GET", "/1.0/connectivity/monitoring/genericIncident/public?status=closed", &[], None)
            .await;
    assert_eq!(none.text(), "[]");

    let mut config = embedded();
    config.settings.strict = true;
    let strict = start(config).await;
    let answer = post(strict.addr(), &line, r#"{"lineNumber":"0123456789","status":"active","streetCode":"1"}"#).await;
    answer.assert_ovh_error(404, "closest fixture is `test/line/0123456789-active`");
}
