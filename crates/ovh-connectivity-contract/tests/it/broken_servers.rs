//! A contract suite that cannot fail proves nothing: each broken fixture set below is served
//! by the mock, and the checks that must notice do, with a message pointing at the cause.

use std::collections::BTreeMap;

use ovh_connectivity_contract::{Mode, Report, Target, Verdict, run};
use ovh_connectivity_fixtures::{FixtureSet, LoadOptions};
use ovh_connectivity_mock::{MockConfig, MockServer};

/// The built-in fixture files with some replaced.
fn broken_set(replacements: &[(&str, &str)]) -> FixtureSet {
    let dir = FixtureSet::source_dir();
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let relative = path.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
                files.insert(relative, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    for (file, text) in replacements {
        assert!(files.contains_key(*file), "no fixture file {file}");
        files.insert((*file).to_owned(), (*text).to_owned());
    }
    FixtureSet::from_files_with(files, LoadOptions::without_answer_checks()).unwrap()
}

async fn run_against(served: FixtureSet, mode: Mode, filters: &[&str]) -> Report {
    let server = MockServer::start(MockConfig::new(served)).await.unwrap();
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.mode = mode;
    target.poll = target.poll.with_deadline(std::time::Duration::from_millis(300));
    let filters: Vec<String> = filters.iter().map(|f| (*f).to_owned()).collect();
    let report = run(&target, &filters).await.unwrap();
    server.shutdown().await;
    report
}

#[track_caller]
fn assert_failed(report: &Report, id: &str, needles: &[&str]) {
    let result = report.results.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("{id} did not run"));
    assert_eq!(result.outcome.verdict, Verdict::Fail, "{id} should fail:\n{}", report.to_table());
    for needle in needles {
        assert!(
            result.outcome.message.contains(needle),
            "{id}: `{}` does not mention `{needle}`",
            result.outcome.message
        );
    }
}

#[track_caller]
fn assert_passed(report: &Report, id: &str) {
    let result = report.results.iter().find(|r| r.id == id).unwrap();
    assert_eq!(result.outcome.verdict, Verdict::Pass, "{id}: {}", result.outcome.message);
}

const CITIES_REQUEST: &str =
    r#""request":{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{"zipCode":"91400"}}"#;

#[tokio::test]
async fn a_missing_field_fails_the_shape_checks_in_both_modes() {
    let broken = format!(
        r#"{{"description":"no inseeCode",{CITIES_REQUEST},"phases":[{{"body":{{"status":"ok","result":[{{"city":"ORSAY","zipCode":"91400","locality":"ORSAY"}}],"error":null}}}}]}}"#
    );
    let set = || broken_set(&[("search/cities/91400.json", &broken)]);
    let structural = run_against(set(), Mode::Structural, &["shape.", "flow.address", "async.reaches"]).await;
    assert_failed(&structural, "shape.documented-answers", &["search/cities/91400", "inseeCode", "result[0]"]);
    assert_failed(&structural, "flow.address-to-fiber", &["inseeCode"]);
    assert_failed(&structural, "async.reaches-terminal", &["inseeCode"]);
    let exact = run_against(set(), Mode::Exact, &["shape."]).await;
    assert_failed(&exact, "shape.documented-answers", &["differs from fixture `search/cities/91400`"]);
}

#[tokio::test]
async fn a_task_that_never_leaves_pending_fails_at_the_deadline() {
    let broken = r#"{"description":"stuck","request":{"method":"POST","path":"/connectivity/eligibility/test/line","body":{"lineNumber":"0123456789","status":"active"}},
        "phases":[{"body":{"status":"pending","result":null,"error":null}}]}"#;
    let report = run_against(
        broken_set(&[("test/line/0123456789-active.json", broken)]),
        Mode::Structural,
        &["flow.line-copper-active", "flow.otp"],
    )
    .await;
    assert_failed(&report, "flow.line-copper-active", &["still pending after", "/connectivity/eligibility/test/line"]);
    assert_passed(&report, "flow.otp");
}

#[tokio::test]
async fn a_wrong_http_status_fails_the_flow() {
    let broken = r#"{"description":"wrong status","request":{"method":"POST","path":"/connectivity/eligibility/test/otp","body":{"otp":"OO-XXXX-XXXX/C"}},
        "phases":[{"status":404,"body":{"class":"Client::NotFound","message":"no such otp"}}]}"#;
    let report =
        run_against(broken_set(&[("test/otp/OO-XXXX-XXXX-C.json", broken)]), Mode::Structural, &["flow.otp"]).await;
    assert_failed(&report, "flow.otp", &["HTTP 404", "no such otp"]);
}

#[tokio::test]
async fn a_server_error_fails_the_protocol_checks() {
    let broken = format!(
        r#"{{"description":"500",{CITIES_REQUEST},"phases":[{{"status":500,"body":{{"class":"Server::InternalServerError","message":"boom"}}}}]}}"#
    );
    let report = run_against(broken_set(&[("search/cities/91400.json", &broken)]), Mode::Structural, &["async."]).await;
    assert_failed(&report, "async.first-answer", &["HTTP 500", "boom"]);
    assert_failed(&report, "async.reaches-terminal", &["HTTP 500"]);
    assert_failed(&report, "async.terminal-is-stable", &["HTTP 500"]);
}

/// A raw HTTP server answering every request with the next of `bodies` (the last repeats).
async fn scripted_server(bodies: Vec<&'static str>) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let task = tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let bodies = bodies.clone();
            let served = served.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                // Read the head and the body announced by Content-Length, then answer and close.
                loop {
                    let Ok(read) = stream.read(&mut buffer).await else { return };
                    if read == 0 {
                        return;
                    }
                    request.extend_from_slice(&buffer[..read]);
                    let text = String::from_utf8_lossy(&request);
                    if let Some(head_end) = text.find("\r\n\r\n") {
                        let length = text[..head_end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if request.len() >= head_end + 4 + length {
                            break;
                        }
                    }
                }
                let index = served.fetch_add(1, std::sync::atomic::Ordering::SeqCst).min(bodies.len() - 1);
                let body = bodies[index];
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (addr, task)
}

#[tokio::test]
async fn a_pending_answer_with_a_result_breaks_the_protocol() {
    // The fixture loader refuses this shape, so a hand-written server plays it.
    let (addr, server) = scripted_server(vec![
        r#"{"status":"pending","result":[],"error":null}"#,
        r#"{"status":"ok","result":[],"error":null}"#,
    ])
    .await;
    let mut target = Target::local_mock(format!("http://{addr}/1.0"), FixtureSet::embedded().unwrap());
    target.mode = Mode::Structural;
    let report = run(&target, &["async.reaches-terminal".to_owned()]).await.unwrap();
    assert_failed(&report, "async.reaches-terminal", &["pending answer 1 carries a result"]);
    server.abort();
}

#[tokio::test]
async fn an_unknown_task_status_breaks_the_protocol() {
    let (addr, server) = scripted_server(vec![r#"{"status":"queued","result":null,"error":null}"#]).await;
    let mut target = Target::local_mock(format!("http://{addr}/1.0"), FixtureSet::embedded().unwrap());
    target.mode = Mode::Structural;
    let report = run(&target, &["async.first-answer".to_owned()]).await.unwrap();
    assert_failed(&report, "async.first-answer", &["status `queued`"]);
    server.abort();
}

#[tokio::test]
async fn a_server_without_ovh_error_bodies_fails_the_error_checks() {
    // A plain HTTP server that answers every request 404 with a text body: not OVH-shaped.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found")
                    .await;
            });
        }
    });
    let mut target = Target::local_mock(format!("http://{addr}/1.0"), FixtureSet::embedded().unwrap());
    target.mode = Mode::Structural;
    let report = run(&target, &["error.".to_owned(), "async.first".to_owned()]).await.unwrap();
    assert_failed(&report, "error.unknown-route", &["not JSON"]);
    assert_failed(&report, "error.malformed-body", &["expected HTTP [400], got 404"]);
    assert_failed(&report, "async.first-answer", &["HTTP 404"]);
    server.abort();
}

#[tokio::test]
async fn exact_mode_names_the_first_differing_json_path_with_both_values() {
    // A rate changed deep in the second offer: the message must point at it, not show two
    // bodies cut at 200 characters.
    let file = "test/line/0123456789-active.json";
    let original = std::fs::read_to_string(FixtureSet::source_dir().join(file)).unwrap();
    let rate = "\"downloadRate\": 20";
    let at = original.match_indices(rate).nth(1).expect("the fixture has two offers at 20 Mb/s").0;
    let broken = format!("{}\"downloadRate\": 50{}", &original[..at], &original[at + rate.len()..]);
    let report = run_against(broken_set(&[(file, &broken)]), Mode::Exact, &["flow.line-copper-active"]).await;
    assert_failed(
        &report,
        "flow.line-copper-active",
        &[
            "answer 3 differs from fixture `test/line/0123456789-active`",
            "result.offers[1].product.downloadRate: expected 20, got 50",
        ],
    );
}
