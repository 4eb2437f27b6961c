//! Parity: one list of requests sent, in order, to the native mock (`MockServer`), to the npx
//! server and to `mock.handle()`; the status and body bytes must be equal. The list holds
//! every fixture's exchange phase by phase, a few hundred world requests over every operation
//! (each fixture's request with the identifiers of places the world has), and the mock's bad
//! input. Left out by name: `/auth/time` (the clock) and the OAuth2 token endpoint (drawn
//! keys); every answer here is decided without either.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use ovh_connectivity_fixtures::{FixtureSet, WORLD_COMMUNES, commune_rows};
use ovh_connectivity_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::project::{project, run_within};

/// One request of the list.
#[derive(Clone, Debug)]
struct Sent {
    method: &'static str,
    target: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Sent {
    fn new(method: &'static str, target: impl Into<String>, session: &str) -> Self {
        let headers = vec![("x-mock-session".to_owned(), session.to_owned())];
        Self { method, target: target.into(), headers, body: None }
    }

    fn json(mut self, body: &Value) -> Self {
        self.headers.push(("content-type".to_owned(), "application/json".to_owned()));
        self.body = Some(body.to_string().into_bytes());
        self
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn raw_body(mut self, bytes: &[u8]) -> Self {
        self.body = Some(bytes.to_vec());
        self
    }

    fn shown(&self) -> String {
        let body = self.body.as_deref().map(String::from_utf8_lossy).unwrap_or_default();
        format!("{} {} {:?} {}", self.method, self.target, self.headers, body.chars().take(160).collect::<String>())
    }
}

/// What came back: the status (0: the connection was dropped) and the body.
type Got = (u16, Vec<u8>);

async fn send(addr: SocketAddr, sent: &Sent) -> Got {
    let attempt = async {
        let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let mut request =
            http::Request::builder().method(sent.method).uri(&sent.target).header("host", addr.to_string());
        for (name, value) in &sent.headers {
            request = request.header(name, value);
        }
        let body = Full::new(Bytes::from(sent.body.clone().unwrap_or_default()));
        let response =
            sender.send_request(request.body(body).map_err(|e| e.to_string())?).await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok::<_, String>((status, bytes.to_vec()))
    };
    match tokio::time::timeout(Duration::from_secs(20), attempt).await {
        Ok(Ok(got)) => got,
        Ok(Err(_)) => (0, Vec::new()),
        Err(_) => panic!("{}: no answer within 20 s", sent.shown()),
    }
}

const API: &str = "/1.0/connectivity/eligibility";

/// Every fixture's request, asked once per phase and once more (the last phase again).
fn fixture_exchanges() -> Vec<Sent> {
    let set = FixtureSet::embedded().expect("built-in fixtures");
    let mut list = Vec::new();
    for fixture in set.iter() {
        let target = target_of(&fixture.request.path, &fixture.request.query);
        let asks = fixture.attempts_before_final() + 2;
        let session = format!("fixture-{}", fixture.id);
        let mut sent = Sent::new(method(fixture.request.method.as_str()), target, &session);
        if let Some(body) = &fixture.request.body {
            sent = sent.json(&serde_json::from_str(body).expect("a fixture's body is JSON"));
        }
        list.extend(std::iter::repeat_n(sent, usize::try_from(asks).expect("few phases")));
    }
    list
}

/// `/1.0` + path + the query, in the fixture's (sorted) order.
fn target_of(path: &str, query: &std::collections::BTreeMap<String, String>) -> String {
    let mut target = format!("/1.0{path}");
    if !query.is_empty() {
        let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        target = format!("{target}?{}", pairs.join("&"));
    }
    target
}

fn method(name: &str) -> &'static str {
    match name {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        other => panic!("a fixture's method {other}"),
    }
}

/// Identifiers of places the world has, read from a native mock's answers: zip code, INSEE
/// code, street, number, building, line, eligibility reference.
async fn harvest(addr: SocketAddr, zip: &str) -> Vec<(&'static str, Value)> {
    async fn result(addr: SocketAddr, route: &str, body: Value) -> Value {
        for _ in 0..5 {
            let (status, bytes) = send(addr, &Sent::new("POST", format!("{API}/{route}"), "harvest").json(&body)).await;
            let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            if status != 200 || answer["status"] != "pending" {
                return answer["result"].clone();
            }
        }
        Value::Null
    }
    let mut found = vec![("zipCode", json!(zip))];
    let insee = result(addr, "search/cities", json!({"zipCode": zip})).await[0]["inseeCode"].clone();
    found.push(("inseeCode", insee.clone()));
    let street = result(addr, "search/streets", json!({"inseeCode": insee})).await[0]["streetCode"].clone();
    found.push(("streetCode", street.clone()));
    let number = result(addr, "search/streetNumbers", json!({"streetCode": street})).await[0].clone();
    found.push(("streetNumber", number.clone()));
    let at = json!({"streetCode": street, "streetNumber": number});
    let building = result(addr, "search/buildings", at.clone()).await[0]["reference"].clone();
    if !building.is_null() {
        found.push(("building", building.clone()));
        let test = result(addr, "test/building", json!({"building": building})).await;
        found.push(("eligibilityReference", test["eligibilityReference"].clone()));
    }
    let line = result(addr, "search/lines", at).await[0]["lineNumber"].clone();
    if !line.is_null() {
        found.push(("lineNumber", line));
    }
    found
}

/// Each fixture's request with a world place's identifiers in it, asked twice (pending, then
/// the answer).
fn world_requests(places: &[Vec<(&'static str, Value)>]) -> Vec<Sent> {
    let set = FixtureSet::embedded().expect("built-in fixtures");
    let mut list = Vec::new();
    for (index, place) in places.iter().enumerate() {
        for fixture in set.iter() {
            let original: Option<Value> =
                fixture.request.body.as_deref().map(|b| serde_json::from_str(b).expect("a fixture's body is JSON"));
            let mut body = original.clone();
            let mut query = fixture.request.query.clone();
            for (key, value) in place {
                if let Some(Value::Object(fields)) = body.as_mut()
                    && fields.contains_key(*key)
                {
                    fields.insert((*key).to_owned(), value.clone());
                }
                if let Some(text) = value.as_str()
                    && query.contains_key(*key)
                {
                    query.insert((*key).to_owned(), text.to_owned());
                }
            }
            if body == original && query == fixture.request.query {
                continue; // nothing of the world in it: the fixture's own exchange, above
            }
            let target = target_of(&fixture.request.path, &query);
            let mut sent =
                Sent::new(method(fixture.request.method.as_str()), target, &format!("world-{index}-{}", fixture.id));
            if let Some(body) = &body {
                sent = sent.json(body);
            }
            list.extend([sent.clone(), sent]);
        }
    }
    list
}

/// The mock's bad input, each answered without a task.
fn bad_input() -> Vec<Sent> {
    let cities = format!("{API}/search/cities");
    let s = "bad";
    vec![
        Sent::new("POST", &cities, s).header("content-type", "application/json").raw_body(b"{\"zipCode\":"),
        Sent::new("POST", &cities, s).header("content-type", "application/json").raw_body(b"[]"),
        Sent::new("POST", &cities, s).json(&json!({"zipCode": 91400})),
        Sent::new("POST", &cities, s).json(&json!({})),
        Sent::new("POST", &cities, s).json(&json!({"zipCode": "91400", "extra": 1})),
        Sent::new("POST", &cities, s).header("content-type", "text/plain").raw_body(b"{\"zipCode\":\"91400\"}"),
        Sent::new("POST", &cities, s).raw_body(b"{\"zipCode\":\"91400\"}"),
        Sent::new("POST", &cities, s)
            .header("content-type", "application/json")
            .raw_body(b"{\"zipCode\":\"\xff\xfe\"}"),
        Sent::new("POST", &cities, s).header("content-type", "application/json").raw_body(&vec![b' '; 70 * 1024]),
        Sent::new("GET", &cities, s),
        Sent::new("DELETE", &cities, s),
        Sent::new("POST", "/1.0/connectivity/nowhere", s).json(&json!({})),
        Sent::new("GET", "/2.0/connectivity/eligibility/search/cities", s),
        Sent::new("POST", format!("{API}/test/line"), s).json(&json!({"lineNumber": "abc", "status": "active"})),
        Sent::new("POST", format!("{API}/test/line"), s).json(&json!({"lineNumber": "0123456789", "status": "asleep"})),
        Sent::new("GET", format!("{API}/test"), s),
        Sent::new("GET", format!("{API}/test?eligibilityReference=forged"), s),
        Sent::new("GET", format!("{API}/recall/abc"), s).header("authorization", "Bearer parity"),
        Sent::new("GET", format!("{API}/recall/42"), s),
        Sent::new("GET", "/1.0/connectivity/monitoring/genericIncident/public?creationDate=yesterday", s),
        Sent::new("GET", "/1.0/connectivity/monitoring/genericIncident/public?status=detected&unknown=1", s),
        Sent::new("POST", &cities, s).json(&json!({"zipCode": "91400"})).header("x-mock-fault", "server-error"),
        Sent::new("POST", &cities, s).json(&json!({"zipCode": "91400"})).header("x-mock-fault", "teapot"),
        Sent::new("POST", &cities, s).json(&json!({"zipCode": "91400"})).header("x-mock-fault", "drop"),
        Sent::new("HEAD", &cities, s),
        Sent::new("OPTIONS", &cities, s)
            .header("origin", "http://localhost:5173")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type"),
        Sent::new("GET", "/__admin/nowhere", s),
    ]
}

/// The npx server from the installed package, on an OS-chosen port; its address.
fn start_npx(project: &std::path::Path) -> (Child, SocketAddr) {
    let mut child = Command::new("node")
        .arg(project.join("node_modules/ovh-connectivity-mock/dist/server.js"))
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let addr = lines
        .find_map(|line| line.ok()?.strip_prefix("listening on http://")?.trim().parse().ok())
        .expect("the npx server's `listening on` line");
    (child, addr)
}

fn through_handle(project: &std::path::Path, list: &[Sent]) -> Vec<Got> {
    let folder = crate::project::with_tests(project, "parity");
    let encoded: Vec<Value> = list
        .iter()
        .map(|sent| {
            json!({
                "method": sent.method,
                "target": sent.target,
                "headers": sent.headers.iter().map(|(n, v)| [n, v]).collect::<Vec<_>>(),
                "body": sent.body.as_ref().map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
            })
        })
        .collect();
    std::fs::write(folder.join("requests.json"), serde_json::to_vec(&encoded).unwrap()).unwrap();
    let output = run_within(
        Command::new("node").args(["parity-handle.mjs", "requests.json"]).current_dir(&folder),
        Duration::from_secs(120),
    );
    let _ = std::fs::remove_dir_all(&folder);
    assert!(output.status.success(), "parity-handle.mjs: {}", String::from_utf8_lossy(&output.stderr));
    let answers: Vec<Value> = serde_json::from_slice(&output.stdout).expect("answers");
    answers
        .iter()
        .map(|a| {
            let body = base64::engine::general_purpose::STANDARD.decode(a["body"].as_str().unwrap()).unwrap();
            (u16::try_from(a["status"].as_u64().unwrap()).unwrap(), body)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_native_mock_the_npx_server_and_handle_give_the_same_bytes() {
    let Some(project) = project() else { return };
    let native = MockServer::start(MockConfig::with_embedded_fixtures().expect("fixtures")).await.expect("native mock");
    // Places from communes spread over the table: a few hundred world requests in all.
    let rows: Vec<_> = commune_rows(WORLD_COMMUNES).map(|(_, row)| row.zip_code).collect();
    let mut places = Vec::new();
    for zip in rows.iter().step_by(rows.len() / 7).take(7) {
        places.push(harvest(native.addr(), zip).await);
    }
    native.shutdown().await;

    let mut list = fixture_exchanges();
    let fixtures = list.len();
    list.extend(world_requests(&places));
    let world = list.len() - fixtures;
    list.extend(bad_input());
    assert!(world >= 200, "{world} world requests");

    let native = MockServer::start(MockConfig::with_embedded_fixtures().expect("fixtures")).await.expect("native mock");
    let (mut npx, npx_addr) = start_npx(project);
    let mut from_native = Vec::new();
    let mut from_npx = Vec::new();
    for sent in &list {
        from_native.push(send(native.addr(), sent).await);
        from_npx.push(send(npx_addr, sent).await);
    }
    let _ = npx.kill();
    let _ = npx.wait();
    native.shutdown().await;
    let from_handle = through_handle(project, &list);

    let mut differences = Vec::new();
    for (index, sent) in list.iter().enumerate() {
        let native = &from_native[index];
        for (host, got) in [("npx", &from_npx[index]), ("handle()", &from_handle[index])] {
            // Outside /1.0, /v1, the token URL and /__admin, handle() says "not mine" (null),
            // and MSW or the page's own fetch goes on: the servers answer 404 there.
            let outside = !["/1.0/", "/v1/", "/__admin"].iter().any(|at| sent.target.starts_with(at));
            if host == "handle()" && outside {
                assert_eq!(got.0, 999, "handle() took {}", sent.shown());
                continue;
            }
            if got != native {
                differences.push(format!(
                    "#{index} {}\n  native: {} {}\n  {host}: {} {}",
                    sent.shown(),
                    native.0,
                    String::from_utf8_lossy(&native.1).chars().take(200).collect::<String>(),
                    got.0,
                    String::from_utf8_lossy(&got.1).chars().take(200).collect::<String>()
                ));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} answers differ ({fixtures} fixture exchanges, {world} world requests, {} bad inputs):\n{}",
        differences.len(),
        list.len() * 2,
        list.len() - fixtures - world,
        differences.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
    );
    // The lists were not empty answers everywhere: most are 200s with a body.
    let ok = from_native.iter().filter(|(status, body)| *status == 200 && !body.is_empty()).count();
    assert!(ok * 2 > list.len(), "{ok} of {} answers are 200 with a body", list.len());
}
