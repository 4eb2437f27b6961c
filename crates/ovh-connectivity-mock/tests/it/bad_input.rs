//! Bad input gets a clear OVH-shaped error, never a 500, a panic or a hang.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::*;

#[tokio::test]
async fn malformed_bodies_and_wrong_types_are_400() {
    let server = start(embedded()).await;
    let line = format!("{API}/test/line");
    post(server.addr(), &line, r#"{"lineNumber":"0123"#).await.assert_ovh_error(400, "Invalid JSON");
    post(server.addr(), &line, "").await.assert_ovh_error(400, "Invalid JSON");
    post(server.addr(), &line, r#"["lineNumber"]"#).await.assert_ovh_error(400, "expected a JSON object");
    post(server.addr(), &line, r#"{"lineNumber":123,"status":"active"}"#).await.assert_ovh_error(400, "lineNumber");
    post(server.addr(), &line, r#"{"lineNumber":"0123456789"}"#).await.assert_ovh_error(400, "missing field `status`");
    post(server.addr(), &line, r#"{"lineNumber":"0123456789","status":7}"#).await.assert_ovh_error(400, "status");
    post(server.addr(), &line, r#"{"lineNumber":"0123456789","status":"actif"}"#)
        .await
        .assert_ovh_error(400, "`status`: `actif` is not one of active, inactive");
    send(server.addr(), "GET", "/1.0/connectivity/monitoring/genericIncident/public?status=open", &[], None)
        .await
        .assert_ovh_error(400, "`status`: `open` is not one of closed, detected, validated");
    let latin1 = send(server.addr(), "POST", &line, &[("content-type", "application/json")], None).await;
    latin1.assert_ovh_error(400, "Invalid JSON");
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let server = start(embedded()).await;
    let answer = send(
        server.addr(),
        "POST",
        &format!("{API}/search/cities"),
        &[("content-type", "application/x-www-form-urlencoded")],
        Some("zipCode=91400"),
    )
    .await;
    answer.assert_ovh_error(415, "application/json");
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405_with_allow() {
    let server = start(embedded()).await;
    send(server.addr(), "GET", "/1.0/connectivity/nothing", &[], None).await.assert_ovh_error(404, "invalid");
    send(server.addr(), "GET", "/2.0/connectivity/eligibility/test/line", &[], None)
        .await
        .assert_ovh_error(404, "/1.0");
    send(server.addr(), "GET", "/", &[], None).await.assert_ovh_error(404, "invalid");
    let wrong = send(server.addr(), "GET", &format!("{API}/test/line"), &[], None).await;
    wrong.assert_ovh_error(405, "POST");
    assert_eq!(wrong.header("allow"), Some("POST"));
    let recall = send(server.addr(), "PATCH", &format!("{API}/recall/42"), &[], None).await;
    recall.assert_ovh_error(405, "GET, HEAD, PUT, DELETE");
    assert_eq!(recall.header("allow"), Some("GET, HEAD, PUT, DELETE"));
    send(server.addr(), "GET", &format!("{API}/recall/abc"), &[], None).await.assert_ovh_error(400, "not an integer");
}

#[tokio::test]
async fn missing_query_parameters_are_400() {
    let server = start(embedded()).await;
    send(server.addr(), "GET", &format!("{API}/test"), &[], None).await.assert_ovh_error(400, "eligibilityReference");
}

#[tokio::test]
async fn huge_bodies_are_413_declared_or_not() {
    let mut config = embedded();
    config.max_body_bytes = 1024;
    let server = start(config).await;
    let big = format!(r#"{{"zipCode":"{}"}}"#, "9".repeat(4096));
    post(server.addr(), &format!("{API}/search/cities"), &big).await.assert_ovh_error(413, "1024 bytes");

    // Chunked, with no Content-Length: the limit applies while reading.
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let chunk = "x".repeat(2000);
    let request = format!(
        "POST {API}/search/cities HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
}

#[tokio::test]
async fn a_stalled_client_times_out_and_others_are_still_served() {
    let mut config = embedded();
    config.header_read_timeout = Duration::from_millis(500);
    config.body_read_timeout = Duration::from_millis(500);
    let server = start(config).await;

    // Half a request line, then nothing.
    let mut stalled_headers = TcpStream::connect(server.addr()).await.unwrap();
    stalled_headers.write_all(b"POST /1.0/connectivity/elig").await.unwrap();
    // Full headers, half the body, then nothing.
    let mut stalled_body = TcpStream::connect(server.addr()).await.unwrap();
    stalled_body
        .write_all(format!("POST {API}/search/cities HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"zip").as_bytes())
        .await
        .unwrap();

    // Meanwhile everyone else is served at once.
    let started = Instant::now();
    let answer = post(server.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await;
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() < Duration::from_millis(400), "served in {:?}", started.elapsed());

    let mut buffer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), stalled_headers.read_to_end(&mut buffer)).await;
    assert!(closed.is_ok(), "the stalled-headers connection was never closed");
    let mut buffer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), stalled_body.read_to_end(&mut buffer)).await;
    assert!(closed.is_ok(), "the stalled-body connection was never closed");
    let text = String::from_utf8_lossy(&buffer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
}

#[tokio::test]
async fn garbage_on_the_socket_gets_a_400_or_a_close_not_a_crash() {
    let server = start(embedded()).await;
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(b"\x00\x01\x02 not http at all\r\n\r\n").await.unwrap();
    let mut buffer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buffer)).await.expect("closed");
    let text = String::from_utf8_lossy(&buffer);
    assert!(text.is_empty() || text.starts_with("HTTP/1.1 400"), "{text}");
    // Still serving.
    assert_eq!(send(server.addr(), "GET", "/1.0/auth/time", &[], None).await.status, 200);
}

#[tokio::test]
async fn injected_faults() {
    let server = start(embedded()).await;
    let cities = format!("{API}/search/cities");
    let body = r#"{"zipCode":"91400"}"#;
    let failed = send(
        server.addr(),
        "POST",
        &cities,
        &[("content-type", "application/json"), ("x-mock-fault", "503")],
        Some(body),
    )
    .await;
    failed.assert_ovh_error(503, "Injected fault");

    // A dropped connection: closed without any answer.
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let request = format!(
        "POST {cities} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nX-Mock-Fault: drop\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buffer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buffer)).await.expect("closed");
    assert!(buffer.is_empty(), "got {:?}", String::from_utf8_lossy(&buffer));

    // A slow body still arrives whole.
    let started = Instant::now();
    let slow = send(
        server.addr(),
        "POST",
        &cities,
        &[("content-type", "application/json"), ("x-mock-fault", "slow-body"), ("x-mock-session", "slow")],
        Some(body),
    )
    .await;
    assert_eq!(slow.task_status(), "pending");
    assert!(started.elapsed() >= Duration::from_millis(200), "not slow: {:?}", started.elapsed());
}
