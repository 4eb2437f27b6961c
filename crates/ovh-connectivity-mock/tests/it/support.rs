//! A minimal HTTP client over real sockets (hyper's connection API, one connection per
//! request), and helpers to start the mock.

use bytes::Bytes;
use http::{HeaderMap, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use ovh_connectivity_mock::{MockConfig, MockServer};
use serde_json::Value;
use std::net::SocketAddr;
use tokio::net::TcpStream;

pub(crate) const API: &str = "/1.0/connectivity/eligibility";

#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Answer {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `status` of an async task answer.
    pub(crate) fn task_status(&self) -> String {
        self.json()["status"].as_str().unwrap_or_else(|| panic!("no task status in {}", self.text())).to_owned()
    }

    #[track_caller]
    pub(crate) fn assert_ovh_error(&self, status: u16, needle: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        let body = self.json();
        assert!(body.get("class").is_some() || body.get("errorCode").is_some(), "not OVH-shaped: {body}");
        let message = body["message"].as_str().expect("message");
        assert!(message.contains(needle), "message `{message}` does not mention `{needle}`");
        assert!(self.header("x-ovh-queryid").is_some(), "no X-Ovh-QueryID");
    }
}

pub(crate) async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.expect("handshake");
    tokio::spawn(connection);
    let mut request = Request::builder().method(method).uri(path).header("host", addr.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Full::new(Bytes::from(body.unwrap_or("").to_owned()))).expect("request");
    let response = sender.send_request(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Answer { status: parts.status.as_u16(), headers: parts.headers, body }
}

pub(crate) async fn post(addr: SocketAddr, path: &str, body: &str) -> Answer {
    send(addr, "POST", path, &[("content-type", "application/json")], Some(body)).await
}

pub(crate) async fn post_as(addr: SocketAddr, path: &str, body: &str, session: &str) -> Answer {
    send(addr, "POST", path, &[("content-type", "application/json"), ("x-mock-session", session)], Some(body)).await
}

pub(crate) fn embedded() -> MockConfig {
    MockConfig::with_embedded_fixtures().expect("built-in fixtures are valid")
}

pub(crate) async fn start(config: MockConfig) -> MockServer {
    MockServer::start(config).await.expect("mock starts")
}

/// Writes `request` as it is on a new connection and reads until the mock closes it.
pub(crate) async fn raw(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    answer
}

// The official clients' test credentials.
pub(crate) const AK: &str = "TDPKJdwZwAQPwKX2";
pub(crate) const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
pub(crate) const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";

/// Signs with those credentials as the official clients do (written here from the documented
/// algorithm, so that the tests do not reuse the mock's own code).
pub(crate) fn sign(method: &str, url: &str, body: &str, timestamp: u64) -> String {
    use sha1::{Digest, Sha1};
    let digest = Sha1::digest(format!("{AS}+{CK}+{method}+{url}+{body}+{timestamp}").as_bytes());
    format!("$1${}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}
