//! What a host gets from the core: the body plan, the exchange (response, delay, delivery,
//! log record), the answers to bodies it could not read, and time only from `Now`.

use std::time::Duration;

use bytes::Bytes;
use http::Request;
use ovh_connectivity_mock_core::{
    BodyPlan, CoreConfig, Delivery, Entropy, Exchange, FixtureSet, Latency, LineKind, Mock, Now, Source, Unread,
};
use serde_json::Value;

const CITIES: &str = "/1.0/connectivity/eligibility/search/cities";

fn small_bodies() -> CoreConfig {
    let mut config = CoreConfig::default();
    config.max_body_bytes = 1024;
    config
}

fn mock(config: CoreConfig) -> Mock {
    Mock::new(config, FixtureSet::embedded().expect("built-in fixtures"), Entropy::from_bytes([9; 64]))
}

fn at(unix_secs: u64, monotonic_ms: u64) -> Now {
    Now::new(Duration::from_secs(unix_secs), Duration::from_millis(monotonic_ms))
}

fn post(path: &str, body: &'static str) -> Request<Bytes> {
    Request::post(path).header("content-type", "application/json").body(Bytes::from_static(body.as_bytes())).unwrap()
}

fn get(path: &str) -> Request<Bytes> {
    Request::get(path).body(Bytes::new()).unwrap()
}

/// The whole answer of an exchange, status and JSON body.
fn answered(exchange: Exchange) -> (u16, Value) {
    match exchange.delivery {
        Delivery::Whole(response) => {
            (response.status().as_u16(), serde_json::from_slice(response.body()).unwrap_or(Value::Null))
        }
        other => panic!("not a whole answer: {other:?}"),
    }
}

#[test]
fn a_fixture_plays_its_phases_and_the_log_says_so() {
    let mock = mock(CoreConfig::default());
    let first = mock.handle(post(CITIES, r#"{"zipCode":"91400"}"#), at(1_800_000_000, 0));
    assert_eq!(first.log.kind, LineKind::Answered);
    assert_eq!((first.log.status, first.log.source), (200, Source::Fixture));
    assert_eq!(first.log.fixture.as_deref(), Some("search/cities/91400"));
    assert!(first.log.query_id.starts_with("MOCK.0."), "{}", first.log.query_id);
    assert_eq!(answered(first).1["status"], "pending");
    let second = mock.handle(post(CITIES, r#"{"zipCode":"91400"}"#), at(1_800_000_000, 10));
    assert_eq!(answered(second).1["status"], "ok");
}

#[test]
fn time_comes_from_now_only() {
    let mock = mock(CoreConfig::default());
    let (status, body) = answered(mock.handle(get("/1.0/auth/time"), at(1_234_567_890, 0)));
    assert_eq!((status, body), (200, Value::from(1_234_567_890u64)));
    let health = answered(mock.handle(get("/__admin/health"), at(0, 42_000))).1;
    assert_eq!(health["uptimeSeconds"], 42);
}

#[test]
fn the_body_plan_reads_only_what_an_answer_needs() {
    let mock = mock(small_bodies());
    let plan = |request: Request<Bytes>| mock.body_plan(&request.into_parts().0);
    assert_eq!(plan(post(CITIES, "")), BodyPlan::Read { limit: 1024 });
    assert_eq!(plan(post("/1.0/nowhere", "")), BodyPlan::Skip, "a 404 decided before the body");
    assert_eq!(plan(get("/1.0/auth/time")), BodyPlan::Skip);
    assert_eq!(plan(post("/__admin/settings", "")), BodyPlan::Read { limit: 1024 });
    let dropped = Request::post(CITIES).header("x-mock-fault", "drop").body(Bytes::new()).unwrap();
    assert_eq!(plan(dropped), BodyPlan::Skip);
}

#[test]
fn bodies_the_host_could_not_read_get_the_mocks_answers_and_log_records() {
    let mock = mock(small_bodies());
    let head = || post(CITIES, "").into_parts().0;
    let too_large = mock.unread(head(), Unread::TooLarge, at(0, 0));
    assert_eq!(too_large.log.status, 413);
    let (status, body) = answered(too_large);
    assert_eq!((status, body["message"].as_str()), (413, Some("Request body is larger than 1024 bytes")));
    let slow = mock.unread(head(), Unread::TimedOut { after: Duration::from_secs(10) }, at(0, 0));
    assert_eq!(answered(slow).1["message"], "Request body not received within 10 s");
    let cut = mock.unread(head(), Unread::Failed("connection reset".into()), at(0, 0));
    assert_eq!(answered(cut).0, 400);
    let log: Value = answered(mock.handle(get("/__admin/requests"), at(0, 0))).1;
    let statuses: Vec<&Value> = log.as_array().unwrap().iter().map(|entry| &entry["status"]).collect();
    assert_eq!(statuses, [413, 408, 400], "each in the request log");
}

#[test]
fn latency_is_a_delay_for_the_host_to_wait() {
    let mut config = CoreConfig::default();
    config.settings.latency_ms = Some(Latency::Range(100, 200));
    let mock = mock(config);
    for attempt in 0..20 {
        let exchange = mock.handle(post(CITIES, r#"{"zipCode":"91400"}"#), at(0, attempt));
        assert!((100..=200).contains(&exchange.delay.as_millis()), "{:?}", exchange.delay);
        assert_eq!(u128::from(exchange.log.elapsed_ms), exchange.delay.as_millis());
    }
    let refused = mock.handle(post("/1.0/nowhere", ""), at(0, 0));
    assert_eq!(refused.delay, Duration::ZERO, "errors answer at once");
}

#[test]
fn faults_are_deliveries_the_host_acts_out() {
    let mock = mock(CoreConfig::default());
    let with_fault = |fault: &str| {
        let request = Request::post(CITIES)
            .header("content-type", "application/json")
            .header("x-mock-fault", fault)
            .body(Bytes::from_static(br#"{"zipCode":"91400"}"#))
            .unwrap();
        mock.handle(request, at(0, 0))
    };
    let dropped = with_fault("drop");
    assert!(matches!(dropped.delivery, Delivery::Drop));
    assert_eq!((dropped.log.kind, dropped.log.status), (LineKind::DroppedOnRequest, 0));
    let slow = with_fault("slow-body");
    assert!(matches!(slow.delivery, Delivery::Slow { chunk: 16, .. }), "{:?}", slow.delivery);
    let unknown = with_fault("boom");
    assert_eq!(unknown.log.kind, LineKind::RefusedFault);
    assert_eq!(answered(unknown).0, 400);
    assert_eq!(answered(with_fault("503")).0, 503);
}

#[test]
fn the_world_off_is_the_empty_world() {
    let building = || post("/1.0/connectivity/eligibility/test/building", r#"{"building":"IMB/29232/S/K2PO"}"#);
    let mut on = CoreConfig::default();
    on.default_pending = 0;
    let mut off = on.clone();
    off.settings.world = false;
    let (on, off) = (mock(on), mock(off));
    let found = on.handle(building(), at(0, 0));
    assert_eq!(found.log.source, Source::World);
    assert_eq!(answered(found).1["status"], "ok", "a building of the default world");
    let search = off.handle(post(CITIES, r#"{"zipCode":"29000"}"#), at(0, 0));
    assert_eq!(search.log.source, Source::Uncovered);
    assert_eq!(answered(search).1["result"], Value::Array(Vec::new()));
    let refused = off.handle(building(), at(0, 0));
    assert_eq!(answered(refused).1["error"], "Building IMB/29232/S/K2PO not found");
}

#[test]
fn head_is_gets_answer_without_the_body_for_every_host() {
    let mock = mock(CoreConfig::default());
    for path in ["/1.0/connectivity/monitoring/genericIncident/public", "/__admin/health", "/1.0/nowhere"] {
        let whole = |exchange: Exchange| match exchange.delivery {
            Delivery::Whole(response) => response,
            other => panic!("not a whole answer: {other:?}"),
        };
        let got = whole(mock.handle(get(path), at(0, 0)));
        let head = whole(mock.handle(Request::head(path).body(Bytes::new()).unwrap(), at(0, 0)));
        assert_eq!(head.status(), got.status(), "{path}");
        assert!(head.body().is_empty(), "{path}: a HEAD answer carries no body");
        assert_eq!(head.headers()["content-length"], got.body().len().to_string().as_str(), "{path}");
        assert_eq!(head.headers()["content-type"], got.headers()["content-type"], "{path}");
    }
}
