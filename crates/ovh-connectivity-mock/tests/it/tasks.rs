//! Async task state: per request, per session, bounded, resettable, forceable.

use std::time::Duration;

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn pending_then_error_for_an_error_fixture() {
    let server = start(embedded()).await;
    let line = format!("{API}/test/line");
    let body = r#"{"lineNumber":"0987654321","status":"inactive"}"#;
    assert_eq!(post(server.addr(), &line, body).await.task_status(), "pending");
    for _ in 0..3 {
        let answer = post(server.addr(), &line, body).await;
        assert_eq!(
            answer.json(),
            json!({"status":"error","result":null,"error":"No inactive line found for number 0987654321"})
        );
    }
}

#[tokio::test]
async fn sessions_do_not_interfere() {
    let server = start(embedded()).await;
    let line = format!("{API}/test/line");
    let body = r#"{"lineNumber":"0123456789","status":"active"}"#;
    assert_eq!(post_as(server.addr(), &line, body, "tab-1").await.task_status(), "pending");
    assert_eq!(post_as(server.addr(), &line, body, "tab-1").await.task_status(), "pending");
    assert_eq!(post_as(server.addr(), &line, body, "tab-2").await.task_status(), "pending");
    assert_eq!(post_as(server.addr(), &line, body, "tab-1").await.task_status(), "ok");
    assert_eq!(post_as(server.addr(), &line, body, "tab-2").await.task_status(), "pending");
}

#[tokio::test]
async fn pending_override_applies_to_every_task() {
    let mut config = embedded();
    config.settings.pending = Some(4);
    let server = start(config).await;
    let cities = format!("{API}/search/cities");
    let statuses: Vec<String> = futures_in_order(server.addr(), &cities, r#"{"zipCode":"91400"}"#, 6)
        .await
        .iter()
        .map(|a| a.task_status())
        .collect();
    assert_eq!(statuses, ["pending", "pending", "pending", "pending", "ok", "ok"]);

    let mut config = embedded();
    config.settings.pending = Some(0);
    let server = start(config).await;
    assert_eq!(post(server.addr(), &cities, r#"{"zipCode":"91400"}"#).await.task_status(), "ok");
}

async fn futures_in_order(addr: std::net::SocketAddr, path: &str, body: &str, count: usize) -> Vec<Answer> {
    let mut answers = Vec::new();
    for _ in 0..count {
        answers.push(post(addr, path, body).await);
    }
    answers
}

#[tokio::test]
async fn admin_lists_resets_and_forces_tasks() {
    let server = start(embedded()).await;
    let line = format!("{API}/test/line");
    let body = r#"{"lineNumber":"0123456789","status":"active"}"#;
    post(server.addr(), &line, body).await;
    let tasks = send(server.addr(), "GET", "/__admin/tasks", &[], None).await.json();
    assert_eq!(tasks[0]["fixture"], "test/line/0123456789-active");
    assert_eq!(tasks[0]["polls"], 1);
    let id = tasks[0]["id"].as_u64().unwrap();

    let forced = send(
        server.addr(),
        "POST",
        &format!("/__admin/tasks/{id}/force"),
        &[("content-type", "application/json")],
        Some(r#"{"outcome":"error","message":"Backend down"}"#),
    )
    .await;
    assert_eq!(forced.status, 200, "{}", forced.text());
    assert_eq!(post(server.addr(), &line, body).await.json()["error"], "Backend down");

    let bad =
        send(server.addr(), "POST", &format!("/__admin/tasks/{id}/force"), &[], Some(r#"{"outcome":"maybe"}"#)).await;
    bad.assert_ovh_error(400, "Unknown outcome");
    send(server.addr(), "POST", "/__admin/tasks/999/force", &[], Some(r#"{"outcome":"final"}"#))
        .await
        .assert_ovh_error(404, "999");

    assert_eq!(send(server.addr(), "DELETE", &format!("/__admin/tasks/{id}"), &[], None).await.status, 200);
    assert_eq!(post(server.addr(), &line, body).await.task_status(), "pending", "starts over after a reset");
    let id = send(server.addr(), "GET", "/__admin/tasks", &[], None).await.json()[0]["id"].as_u64().unwrap();
    send(server.addr(), "POST", &format!("/__admin/tasks/{id}/force"), &[], Some(r#"{"outcome":"final"}"#)).await;
    assert_eq!(post(server.addr(), &line, body).await.task_status(), "ok");

    let cleared = send(server.addr(), "DELETE", "/__admin/tasks", &[], None).await.json();
    assert_eq!(cleared["removed"], 1);
    assert_eq!(send(server.addr(), "GET", "/__admin/tasks", &[], None).await.json(), json!([]));
}

#[tokio::test]
async fn task_state_is_bounded_and_expires() {
    let mut config = embedded();
    config.max_tasks = 16;
    config.task_ttl = Duration::from_millis(300);
    let server = start(config).await;
    let cities = format!("{API}/search/cities");
    for zip in 0..100 {
        post(server.addr(), &cities, &format!(r#"{{"zipCode":"{zip:05}"}}"#)).await;
    }
    let tasks = send(server.addr(), "GET", "/__admin/tasks", &[], None).await.json();
    assert!(tasks.as_array().unwrap().len() <= 16, "{} tasks kept", tasks.as_array().unwrap().len());

    let body = r#"{"zipCode":"91400"}"#;
    post(server.addr(), &cities, body).await;
    assert_eq!(post(server.addr(), &cities, body).await.task_status(), "ok");
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(post(server.addr(), &cities, body).await.task_status(), "pending", "an expired task starts over");
}

#[tokio::test]
async fn many_concurrent_clients_polling_different_requests() {
    let mut config = embedded();
    config.settings.pending = Some(3);
    let server = start(config).await;
    let addr = server.addr();
    let mut clients = Vec::new();
    for client in 0..64 {
        clients.push(tokio::spawn(async move {
            let cities = format!("{API}/search/cities");
            let body = format!(r#"{{"zipCode":"{:05}"}}"#, 10_000 + client);
            let mut statuses = Vec::new();
            for _ in 0..5 {
                statuses.push(post(addr, &cities, &body).await.task_status());
            }
            statuses
        }));
    }
    for client in clients {
        assert_eq!(client.await.unwrap(), ["pending", "pending", "pending", "ok", "ok"]);
    }
}

fn one_fixture(text: &str) -> ovh_connectivity_mock::MockConfig {
    let set = ovh_connectivity_mock::FixtureSet::from_files([("mine/case.json".to_owned(), text.to_owned())]).unwrap();
    ovh_connectivity_mock::MockConfig::new(set)
}

#[tokio::test]
async fn fixture_phases_can_drop_the_connection_or_trickle_the_body() {
    let server = start(one_fixture(
        r#"{"description":"flaky","request":{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{"zipCode":"1"}},
            "phases":[{"body":{"status":"pending","result":null,"error":null}},
                      {"fault":"drop"},
                      {"status":503,"body":{"class":"Server::ServiceUnavailable","message":"try later"}},
                      {"fault":"slow-body","body":{"status":"ok","result":[],"error":null}}]}"#,
    ))
    .await;
    let cities = format!("{API}/search/cities");
    let body = r#"{"zipCode":"1"}"#;
    assert_eq!(post(server.addr(), &cities, body).await.task_status(), "pending");

    // Second request: the connection is closed without an answer.
    let stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(connection);
    let request = http::Request::post(&cities)
        .header("host", "mock")
        .header("content-type", "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from_static(br#"{"zipCode":"1"}"#)))
        .unwrap();
    let dropped = sender.send_request(request).await;
    assert!(dropped.is_err(), "expected a closed connection, got {dropped:?}");

    post(server.addr(), &cities, body).await.assert_ovh_error(503, "try later");
    let started = std::time::Instant::now();
    let slow = post(server.addr(), &cities, body).await;
    assert_eq!(slow.task_status(), "ok");
    assert!(started.elapsed() >= Duration::from_millis(200), "{:?}", started.elapsed());
}

#[tokio::test]
async fn latency_is_added_globally_and_per_fixture() {
    let mut config = one_fixture(
        r#"{"description":"slow","latencyMs":[300,350],"request":{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{"zipCode":"1"}},
            "phases":[{"body":{"status":"ok","result":[],"error":null}}]}"#,
    );
    config.settings.latency_ms = Some(ovh_connectivity_mock::Latency::Fixed(100));
    let server = start(config).await;
    let cities = format!("{API}/search/cities");
    let timed = |body: &'static str| {
        let addr = server.addr();
        let cities = cities.clone();
        async move {
            let started = std::time::Instant::now();
            post(addr, &cities, body).await;
            started.elapsed()
        }
    };
    let own = timed(r#"{"zipCode":"1"}"#).await;
    assert!(own >= Duration::from_millis(300), "the fixture's own latency wins: {own:?}");
    let global = timed(r#"{"zipCode":"2"}"#).await;
    assert!(global >= Duration::from_millis(100), "uncovered requests get the global latency: {global:?}");
    let admin = {
        let started = std::time::Instant::now();
        send(server.addr(), "GET", "/__admin/health", &[], None).await;
        started.elapsed()
    };
    assert!(admin < Duration::from_millis(100), "the admin API is not slowed: {admin:?}");
}
