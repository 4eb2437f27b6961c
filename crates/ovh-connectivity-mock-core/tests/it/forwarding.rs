//! Forwarding and recording as a host drives them, without a socket: the core hands over a
//! request to send, makes the answer of what the host says came back, and gives a fixture
//! to write once a task ends, its pending answers before it.

use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use ovh_connectivity_mock_core::{
    CoreConfig, Delivery, Entropy, FixtureSet, Mock, Now, ProxyConfig, RecordConfig, Source, Upstream, UpstreamSigning,
};

const CITIES: &str = "/1.0/connectivity/eligibility/search/cities";
const UPSTREAM: &str = "https://upstream.test/1.0";

fn recording_proxy(max_pending: u32) -> Mock {
    let mut config = CoreConfig::default();
    config.proxy = Some(ProxyConfig::new(UPSTREAM));
    let mut record = RecordConfig::new("recorded/");
    record.max_pending = max_pending;
    config.record = Some(record);
    Mock::new(config, FixtureSet::embedded().unwrap(), Entropy::from_bytes([3; 64]))
}

fn now() -> Now {
    Now::new(Duration::from_secs(1_800_000_000), Duration::ZERO)
}

fn cities(zip: &str) -> Request<Bytes> {
    Request::post(CITIES)
        .header("content-type", "application/json")
        .header("x-mock-session", "tab-1")
        .header("x-ovh-application", "the-callers-key")
        .body(Bytes::from(format!(r#"{{"zipCode":"{zip}"}}"#)))
        .unwrap()
}

fn upstream_says(body: &'static str) -> Upstream {
    Upstream::Answered(
        Response::builder()
            .header("content-type", "application/json")
            .header("x-ovh-queryid", "EU.ext-4.upstream-id")
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap(),
    )
}

const PENDING: &str = r#"{"status":"pending","result":null,"error":null}"#;
const OK: &str = r#"{"status":"ok","result":[{"city":"NANTES","inseeCode":"44109","locality":"NANTES","zipCode":"44000"}],"error":null}"#;

#[test]
fn a_task_is_forwarded_poll_by_poll_and_recorded_once_it_ends() {
    let mock = recording_proxy(1);
    let mut records = Vec::new();
    for said in [PENDING, PENDING, OK] {
        let exchange = mock.handle(cities("44000"), now());
        let Delivery::Forward(forward) = exchange.delivery else { panic!("not forwarded: {:?}", exchange.delivery) };
        // What goes upstream: the route's path and body, the session, never the caller's keys.
        assert_eq!(forward.request.uri(), "/connectivity/eligibility/search/cities");
        assert_eq!(forward.request.body().as_ref(), br#"{"zipCode":"44000"}"#);
        assert_eq!(forward.request.headers()["x-mock-session"], "tab-1");
        assert!(!forward.request.headers().contains_key("x-ovh-application"));
        assert_eq!(forward.signing, UpstreamSigning::AsIs);
        let answered = mock.forwarded(*forward, upstream_says(said), Duration::from_millis(40), now());
        assert_eq!(answered.log.source, Source::Upstream);
        // The upstream's own query id, which OVH support asks for, is in the log line.
        assert!(answered.log.note.contains("upstream query id EU.ext-4.upstream-id"), "{}", answered.log.note);
        let Delivery::Whole(response) = answered.delivery else { panic!("not whole") };
        assert_eq!(response.body().as_ref(), said.as_bytes(), "the upstream's bytes");
        assert!(response.headers().contains_key("x-ovh-queryid"));
        records.push(answered.record);
    }
    assert!(records[0].is_none() && records[1].is_none(), "pending answers wait for the end");
    let recording = records[2].take().expect("the final answer is recorded");
    assert_eq!(recording.file_name(), "search/cities/44000.json");
    assert_eq!(recording.pending, Some((1, PENDING.to_owned())), "two seen, one kept (--record-pending 1)");
    assert_eq!(recording.answer, OK);
    assert!(recording.description.contains(UPSTREAM) && recording.description.contains("2027-01-15"));
    let text = recording.fixture_text().unwrap();
    assert!(!text.contains("tab-1") && !text.contains("the-callers-key"), "{text}");
}

#[test]
fn fixtures_still_answer_and_failures_are_not_recorded() {
    let mock = recording_proxy(1);
    let covered = mock.handle(cities("91400"), now());
    assert!(matches!(covered.delivery, Delivery::Whole(_)), "the guide's fixture answers");
    let exchange = mock.handle(cities("44000"), now());
    let Delivery::Forward(forward) = exchange.delivery else { panic!("not forwarded") };
    let failed = mock.forwarded(*forward, Upstream::TimedOut(Duration::from_secs(30)), Duration::ZERO, now());
    assert_eq!(failed.log.status, 504);
    assert!(failed.record.is_none());
}
