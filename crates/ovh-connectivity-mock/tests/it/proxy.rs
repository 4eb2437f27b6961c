//! `--proxy` and `--record`, offline: a second mock on 127.0.0.1 stands for the real API.
//! Requests through the proxy get the upstream's answers; the recording, served alone by a
//! third mock in strict mode, gives the same answers to the same requests, pending phases
//! included; it holds no credential; drift is reported and the answer kept as it came.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use ovh_connectivity_mock::{FixtureSet, MockConfig, MockServer, ProxyConfig, RecordConfig};

use crate::support::{API, Answer, post_as, send, start};

pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ovh-mock-proxy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A mock with no fixture whose world answers, every task `pending` `pending` times first.
pub(crate) async fn world_upstream(pending: u32) -> MockServer {
    let mut config = MockConfig::new(FixtureSet::default());
    config.settings.pending = Some(pending);
    start(config).await
}

/// A mock forwarding everything it does not cover (it covers nothing) to `upstream`,
/// recording into `dir` when given.
pub(crate) fn proxy_config(upstream: &str, dir: Option<&Path>, max_pending: u32) -> MockConfig {
    let mut config = MockConfig::new(FixtureSet::default());
    config.proxy = Some(ProxyConfig::new(upstream));
    // The tests' upstreams are local: the environment's proxies are not for them.
    config.upstream.https_proxy = None;
    if let Some(dir) = dir {
        let mut record = RecordConfig::new(dir.display().to_string());
        record.max_pending = max_pending;
        config.record = Some(record);
        config.record_dir = Some(dir.to_owned());
    }
    config
}

/// Every answer of one task, polled until it is not `pending` (at most 10 requests).
pub(crate) async fn polled(addr: SocketAddr, path: &str, body: &str, session: &str) -> Vec<Answer> {
    let mut answers = Vec::new();
    for _ in 0..10 {
        let answer = post_as(addr, path, body, session).await;
        let pending = answer.status == 200 && answer.json()["status"] == "pending";
        answers.push(answer);
        if !pending {
            break;
        }
    }
    answers
}

/// Status and body of each answer, as text.
fn shown(answers: &[Answer]) -> Vec<(u16, String)> {
    answers.iter().map(|answer| (answer.status, answer.text())).collect()
}

/// The requests the issue names: a zip code, a line, an unknown street, a malformed number;
/// a body that does not fit the operation at all, and a test that ends in a task error (the
/// line is active).
const REQUESTS: [(&str, &str); 6] = [
    ("/test/line", r#"{"lineNumber":"0240123456","status":"inactive"}"#),
    ("/search/cities", r#"{"zip":44000}"#),
    ("/search/cities", r#"{"zipCode":"44000"}"#),
    ("/test/line", r#"{"lineNumber":"0240123456","status":"active"}"#),
    ("/search/streetNumbers", r#"{"streetCode":"999999999"}"#),
    ("/search/buildingsByLine", r#"{"lineNumber":"02401","status":"active"}"#),
];

/// Every file under `dir`, with its text.
pub(crate) fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            found.push((path, text));
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn answers_through_the_proxy_are_the_upstreams_and_their_recording_replays_them_offline() {
    let upstream = world_upstream(2).await;
    let dir = temp_dir("replay");
    let proxy = start(proxy_config(&upstream.base_url(), Some(&dir), 2)).await;

    let mut through = Vec::new();
    for (path, body) in REQUESTS {
        let path = format!("{API}{path}");
        let direct = polled(upstream.addr(), &path, body, "direct").await;
        let proxied = polled(proxy.addr(), &path, body, "proxied").await;
        assert_eq!(shown(&proxied), shown(&direct), "{path} {body}");
        assert!(proxied.iter().all(|answer| answer.header("x-ovh-queryid").is_some()));
        through.push(proxied);
    }
    // The async ones went through their two pending answers.
    assert_eq!(through[2].len(), 3, "{:?}", shown(&through[2]));
    assert_eq!(through[2][2].json()["status"], "ok");
    // Every request went upstream, the malformed ones too: the upstream words the error.
    assert_eq!(through[1][0].status, 400, "{}", through[1][0].text());
    let log = send(proxy.addr(), "GET", "/__admin/requests", &[], None).await.json();
    let sources: Vec<&str> = log.as_array().unwrap().iter().map(|entry| entry["source"].as_str().unwrap()).collect();
    assert!(sources.len() >= 10 && sources.iter().all(|source| *source == "upstream"), "{sources:?}");

    let recorded = files(&dir);
    let names: Vec<String> =
        recorded.iter().map(|(path, _)| path.strip_prefix(&dir).unwrap().display().to_string()).collect();
    assert!(names.contains(&"search/cities/44000.json".to_owned()), "{names:?}");
    assert!(names.contains(&"test/line/0240123456-active.json".to_owned()), "{names:?}");
    let admin = send(proxy.addr(), "GET", "/__admin/recordings", &[], None).await.json();
    assert_eq!(admin["written"], recorded.len() as u64, "{admin}");

    // Task errors pass through and are recorded as they came.
    let loaded = FixtureSet::load_dir(&dir).unwrap_or_else(|errors| panic!("{errors}"));
    let kinds: Vec<_> = loaded.iter().map(|f| (f.id.clone(), f.final_phase().kind)).collect();
    assert!(kinds.iter().any(|(_, kind)| *kind == ovh_connectivity_fixtures::PhaseKind::TaskError), "{kinds:?}");

    // The recording alone, strict: the same answers to the same requests.
    let mut replay = MockConfig::new(loaded);
    replay.settings.strict = true;
    replay.settings.world = false;
    let replay = start(replay).await;
    for ((path, body), proxied) in REQUESTS.iter().zip(&through) {
        let replayed = polled(replay.addr(), &format!("{API}{path}"), body, "replayed").await;
        assert_eq!(shown(&replayed), shown(proxied), "{path} {body}");
    }
    // A request the recording does not hold is refused, not invented.
    let missing = post_as(replay.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"75001"}"#, "x").await;
    missing.assert_ovh_error(404, "strict mode");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_recording_keeps_at_most_the_pending_phases_asked_and_a_second_one_replaces_or_is_kept() {
    let upstream = world_upstream(3).await;
    let dir = temp_dir("pending");
    let proxy = start(proxy_config(&upstream.base_url(), Some(&dir), 1)).await;
    let path = format!("{API}/search/cities");
    let proxied = polled(proxy.addr(), &path, r#"{"zipCode":"35000"}"#, "a").await;
    assert_eq!(proxied.len(), 4);
    let text = std::fs::read_to_string(dir.join("search/cities/35000.json")).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["phases"][0]["times"], 1, "{text}");
    assert_eq!(file["phases"][1]["body"], proxied[3].json(), "{text}");
    assert!(file["description"].as_str().unwrap().contains(&upstream.base_url()), "{text}");
    // Polled again after the answer (a newcomer's finding): the answer alone does not erase
    // the pending phase recorded before it.
    let again = polled(proxy.addr(), &path, r#"{"zipCode":"35000"}"#, "a").await;
    assert_eq!(again.len(), 1, "the upstream's task is over");
    assert_eq!(std::fs::read_to_string(dir.join("search/cities/35000.json")).unwrap(), text);
    let admin = send(proxy.addr(), "GET", "/__admin/recordings", &[], None).await.json();
    assert_eq!(admin["files"][0]["outcome"], "kept-pending", "{admin}");

    // --record-keep: the first stays.
    let mut keeping = proxy_config(&upstream.base_url(), Some(&dir), 0);
    keeping.record_keep = true;
    let keeping = start(keeping).await;
    polled(keeping.addr(), &path, r#"{"zipCode":"35000"}"#, "b").await;
    assert_eq!(std::fs::read_to_string(dir.join("search/cities/35000.json")).unwrap(), text);
    let admin = send(keeping.addr(), "GET", "/__admin/recordings", &[], None).await.json();
    assert_eq!(admin["files"][0]["outcome"], "kept", "{admin}");
    // Without it, the second replaces the first (here with no pending phase: --record-pending 0).
    let replacing = start(proxy_config(&upstream.base_url(), Some(&dir), 0)).await;
    polled(replacing.addr(), &path, r#"{"zipCode":"35000"}"#, "c").await;
    let again = std::fs::read_to_string(dir.join("search/cities/35000.json")).unwrap();
    let file: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(file["phases"].as_array().unwrap().len(), 1, "{again}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn fixtures_still_win_unless_every_request_is_forwarded() {
    let upstream = world_upstream(0).await;
    let body = r#"{"zipCode":"91400"}"#;
    let path = format!("{API}/search/cities");
    let mut covering = proxy_config(&upstream.base_url(), None, 1);
    covering.fixtures = FixtureSet::embedded().unwrap();
    let covering = start(covering).await;
    let answers = polled(covering.addr(), &path, body, "a").await;
    assert_eq!(answers.len(), 2, "the guide's fixture: pending once, then ORSAY");
    assert_eq!(answers[1].json()["result"][0]["city"], "ORSAY");

    let mut all = proxy_config(&upstream.base_url(), None, 1);
    all.fixtures = FixtureSet::embedded().unwrap();
    all.proxy.as_mut().unwrap().all = true;
    let all = start(all).await;
    let forwarded = polled(all.addr(), &path, body, "b").await;
    let direct = polled(upstream.addr(), &path, body, "c").await;
    assert_eq!(shown(&forwarded), shown(&direct));
    assert_eq!(forwarded.len(), 1, "the upstream answers at once (--pending 0)");
}

/// An upstream whose search of lines answers with a field (`field`) and an enum value
/// (`frozen`) the wire types do not know; the request's body.
pub(crate) async fn drifting_upstream(field: &str) -> (MockServer, String) {
    let fixtures = FixtureSet::embedded().unwrap();
    let lines = fixtures.iter().find(|f| f.operation == ovh_connectivity_types::Operation::SearchLines).unwrap();
    let mut answer: serde_json::Value = serde_json::from_str(&lines.final_phase().body).unwrap();
    answer["result"][0]["copperInfo"]["status"] = "frozen".into();
    answer.as_object_mut().unwrap().insert(field.to_owned(), 1.into());
    let request: serde_json::Value = serde_json::from_str(lines.request.body.as_deref().unwrap()).unwrap();
    let text = serde_json::json!({
        "description": "A search of lines whose answer drifted.",
        "request": { "method": "POST", "path": lines.request.path, "body": request },
        "phases": [ { "body": answer } ],
    })
    .to_string();
    let upstream = start(MockConfig::new(FixtureSet::from_files([("drift.json".to_owned(), text)]).unwrap())).await;
    (upstream, request.to_string())
}

#[tokio::test]
async fn drift_is_reported_and_the_answer_recorded_and_replayed_unchanged() {
    let (upstream, request) = drifting_upstream("newField").await;
    let request = request.as_str();
    let dir = temp_dir("drift");
    let proxy = start(proxy_config(&upstream.base_url(), Some(&dir), 1)).await;
    let path = format!("{API}/search/lines");
    let direct = polled(upstream.addr(), &path, request, "a").await;
    let proxied = polled(proxy.addr(), &path, request, "b").await;
    assert_eq!(shown(&proxied), shown(&direct));
    assert!(proxied[0].text().contains("frozen") && proxied[0].text().contains("newField"));

    let admin = send(proxy.addr(), "GET", "/__admin/recordings", &[], None).await.json();
    let drift = admin["files"][0]["drift"].to_string();
    assert!(drift.contains(r#""kind":"unknown-field","path":"newField""#), "{admin}");
    assert!(drift.contains(r#""path":"result[0].copperInfo.status""#), "{admin}");
    assert!(drift.contains(r#""enum":"LineStatus""#) && drift.contains(r#""value":"frozen""#), "{admin}");
    assert_eq!(admin["withDrift"], 1);

    let replay = start(MockConfig::new(FixtureSet::load_dir(&dir).unwrap())).await;
    let replayed = polled(replay.addr(), &path, request, "c").await;
    assert_eq!(shown(&replayed), shown(&proxied), "replayed byte for byte");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn redacted_owner_names_are_masked_alike_across_files_and_the_requests_kept() {
    // An upstream whose line searches name owners: the same owner at two addresses.
    let fixtures = FixtureSet::embedded().unwrap();
    let lines = fixtures.iter().find(|f| f.operation == ovh_connectivity_types::Operation::SearchLines).unwrap();
    let request: serde_json::Value = serde_json::from_str(lines.request.body.as_deref().unwrap()).unwrap();
    let mut files = Vec::new();
    for (number, owner) in [("2", "DUPONT JEAN"), ("4", "DUPONT JEAN"), ("6", "MARTIN ANNE")] {
        let mut answer: serde_json::Value = serde_json::from_str(&lines.final_phase().body).unwrap();
        answer["result"][0]["address"]["ownerName"] = owner.into();
        let mut asked = request.clone();
        asked["streetNumber"] = number.into();
        let text = serde_json::json!({
            "description": format!("Lines at number {number}."),
            "request": { "method": "POST", "path": lines.request.path, "body": asked },
            "phases": [ { "body": answer } ],
        });
        files.push((format!("{number}.json"), text.to_string()));
    }
    let upstream = start(MockConfig::new(FixtureSet::from_files(files).unwrap())).await;
    let dir = temp_dir("redact");
    let mut config = proxy_config(&upstream.base_url(), Some(&dir), 1);
    config.record.as_mut().unwrap().redact_owner = true;
    let proxy = start(config).await;
    let path = format!("{API}/search/lines");
    let mut asked = Vec::new();
    for number in ["2", "4", "6"] {
        let mut body = request.clone();
        body["streetNumber"] = number.into();
        let answers = polled(proxy.addr(), &path, &body.to_string(), number).await;
        // The caller gets the upstream's answer as it is: only the recording is masked.
        assert!(answers[0].text().contains("DUPONT JEAN") || answers[0].text().contains("MARTIN ANNE"));
        asked.push(body);
    }
    let recorded = FixtureSet::load_dir(&dir).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(recorded.len(), 3);
    let owner_of = |number: &str| {
        let fixture = recorded
            .iter()
            .find(|f| f.request.body.as_deref().is_some_and(|b| b.contains(&format!("\"{number}\""))))
            .unwrap();
        let answer: serde_json::Value = serde_json::from_str(&fixture.final_phase().body).unwrap();
        answer["result"][0]["address"]["ownerName"].as_str().unwrap().to_owned()
    };
    let (first, second, third) = (owner_of("2"), owner_of("4"), owner_of("6"));
    assert!(first.starts_with("OWNER-"), "{first}");
    assert_eq!(first, second, "the same owner, the same mask");
    assert_ne!(first, third);
    for (path, text) in self::files(&dir) {
        assert!(!text.contains("DUPONT") && !text.contains("MARTIN"), "{}: {text}", path.display());
    }
    // The requests are kept: a replay answers the same requests, masked.
    let replay = start(MockConfig::new(recorded)).await;
    for body in asked {
        let replayed = polled(replay.addr(), &path, &body.to_string(), "r").await;
        assert!(replayed.last().unwrap().text().contains("OWNER-"), "{}", replayed.last().unwrap().text());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
