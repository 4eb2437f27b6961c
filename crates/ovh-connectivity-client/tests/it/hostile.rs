//! Hostile answers: proxies, captive portals and half-broken gateways. Whatever comes back,
//! `decode` and the polling loop end in a typed error or a result: never a panic, never an
//! endless loop.

use std::sync::Mutex;
use std::time::Duration;

use ovh_connectivity_client::types::{AsyncTask, City, EligibilityTest, SearchCitiesRequest};
use ovh_connectivity_client::{AnswerError, Client, Config, Error, HttpRequest, HttpResponse, PollPolicy, decode};
use ovh_connectivity_fixtures::FixtureSet;
use proptest::prelude::*;

use crate::support::*;

fn response(status: u16, headers: &[(String, String)], body: Vec<u8>) -> HttpResponse {
    let mut response = HttpResponse::new(body);
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) =
            (http::HeaderName::try_from(name.as_str()), http::HeaderValue::try_from(value.as_str()))
        {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// Every fixture body, as bytes: the real answers to truncate and mutate.
fn real_bodies() -> Vec<Vec<u8>> {
    FixtureSet::embedded().unwrap().iter().flat_map(|f| f.phases.iter().map(|p| p.body.clone().into_bytes())).collect()
}

const HTML: &str =
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";

/// A body a hostile server might send.
fn hostile_body() -> impl Strategy<Value = Vec<u8>> {
    let bodies = real_bodies();
    let count = bodies.len();
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        (0..count, any::<prop::sample::Index>()).prop_map({
            let bodies = bodies.clone();
            move |(i, cut)| {
                let body = &bodies[i];
                body[..cut.index(body.len() + 1)].to_vec()
            }
        }),
        (0..count, any::<prop::sample::Index>(), any::<u8>()).prop_map(move |(i, at, byte)| {
            let mut body = bodies[i].clone();
            let at = at.index(body.len());
            body[at] = byte;
            body
        }),
        Just(HTML.as_bytes().to_vec()),
        Just(br#"{"status":"ok","result":null,"error":null}"#.to_vec()),
        Just(br#"{"status":"pending","result":null,"error":null}"#.to_vec()),
        Just(br#"{"status":"queued"}"#.to_vec()),
        Just(b"null".to_vec()),
        Just(Vec::new()),
    ]
}

fn hostile_response() -> impl Strategy<Value = HttpResponse> {
    (
        prop_oneof![
            Just(200u16),
            Just(200),
            Just(201),
            Just(204),
            Just(302),
            Just(400),
            Just(404),
            Just(500),
            Just(502),
            100u16..600
        ],
        proptest::collection::vec(("[a-z-]{1,12}", "[ -~]{0,20}"), 0..4),
        hostile_body(),
    )
        .prop_map(|(status, headers, body)| response(status, &headers, body))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn decode_ends_in_a_value_or_a_typed_error(answer in hostile_response()) {
        let status = answer.status().as_u16();
        let json: Option<serde_json::Value> = serde_json::from_slice(answer.body()).ok();
        let cities = decode::<AsyncTask<Vec<City>>>(&"search/cities", &answer);
        let test = decode::<AsyncTask<EligibilityTest>>(&"test/line", &answer);
        let value = decode::<serde_json::Value>(&"anything", &answer);
        let time = decode::<i64>(&"GET /auth/time", &answer);
        if !(200..300).contains(&status) {
            // A status outside 2xx is the API's error, whatever the body, with that status.
            for outcome in [cities.map(drop), test.map(drop), value.map(drop), time.map(drop)] {
                match outcome {
                    Err(AnswerError::Api(error)) => prop_assert_eq!(error.status, status),
                    other => prop_assert!(false, "HTTP {status} decoded as {other:?}"),
                }
            }
        } else {
            // A 2xx is a value exactly when the body is what the type reads, else a decode
            // error: never an API error.
            prop_assert_eq!(value.is_ok(), json.is_some(), "any JSON is a Value");
            if let Ok(value) = &value {
                prop_assert_eq!(Some(value), json.as_ref());
            }
            let fits = |ok: bool, parsed: bool| !ok || parsed;
            prop_assert!(fits(cities.is_ok(), json.is_some()) && fits(test.is_ok(), json.is_some()));
            prop_assert_eq!(time.is_ok(), json.as_ref().is_some_and(serde_json::Value::is_i64));
            for outcome in [cities.err(), test.err(), value.err(), time.err()].into_iter().flatten() {
                prop_assert!(matches!(outcome, AnswerError::Decode(_)), "a 2xx gave {outcome:?}");
            }
        }
    }

    #[test]
    fn polling_ends_whatever_the_answers(answers in proptest::collection::vec(hostile_response(), 1..12)) {
        // The transport plays the answers in order, then repeats the last one for ever.
        let script = Mutex::new(answers);
        let transport = move |_request: HttpRequest| {
            let mut script = script.lock().unwrap();
            let answer = if script.len() > 1 { script.remove(0) } else { script[0].clone() };
            async move { Ok::<_, std::convert::Infallible>(answer) }
        };
        let mut config = Config::for_base_url(BASE).unwrap();
        config.poll = PollPolicy::fixed(Duration::from_secs(5), Duration::from_secs(60));
        let client = Client::new(config, transport, virtual_clock());
        match block_on(client.search_cities(&SearchCitiesRequest::new("91400"))) {
            Ok(polled) => prop_assert!(polled.polls >= 1),
            Err(Error::Api(_) | Error::Decode(_) | Error::TaskFailed { .. } | Error::DeadlineExceeded { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
        // Never more waiting than the deadline allows: 60 s of 5 s waits.
        prop_assert!(client.clock().sleeps().len() <= 12, "{:?}", client.clock().sleeps());
    }
}

#[test]
fn a_task_that_flips_back_to_pending_is_polled_to_the_deadline_not_for_ever() {
    let answers = [
        br#"{"status":"pending","result":null,"error":null}"#.to_vec(),
        br#"{"status":"doing","result":null,"error":null}"#.to_vec(),
        br#"{"status":"pending","result":null,"error":null}"#.to_vec(),
    ];
    let turn = std::sync::atomic::AtomicUsize::new(0);
    let transport = move |_request: HttpRequest| {
        let i = turn.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let body = answers[i % answers.len()].clone();
        async move { Ok::<_, std::convert::Infallible>(HttpResponse::new(body)) }
    };
    let mut config = Config::for_base_url(BASE).unwrap();
    config.poll = PollPolicy::fixed(Duration::from_secs(5), Duration::from_secs(30));
    let client = Client::new(config, transport, virtual_clock());
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
    assert!(matches!(error, Error::DeadlineExceeded { polls: 7, .. }), "{error}");
}

#[test]
fn an_html_error_page_is_an_api_error_with_its_raw_body() {
    let page = response(502, &[], HTML.as_bytes().to_vec());
    match decode::<AsyncTask<Vec<City>>>(&"search/cities", &page) {
        Err(ovh_connectivity_client::AnswerError::Api(error)) => {
            assert_eq!(error.status, 502);
            assert!(error.raw_body.as_deref().unwrap().contains("Bad Gateway"));
        }
        other => panic!("{other:?}"),
    }
    let ok_page = response(200, &[], HTML.as_bytes().to_vec());
    assert!(matches!(
        decode::<AsyncTask<Vec<City>>>(&"search/cities", &ok_page),
        Err(ovh_connectivity_client::AnswerError::Decode(_))
    ));
}

/// A 2xx body that is not UTF-8 in a field the type skips is a decode error, not a value
/// (serde_json checks only the strings a type reads; proptest found it in CI).
#[test]
fn a_body_that_is_not_utf8_is_a_decode_error_even_in_a_skipped_field() {
    let body = b"{\"status\":\"ok\",\"result\":[{\"city\":\"ORSAY\",\"inseeCode\":\"91471\",\"locality\":\"ORSAY\",\"zipCode\":\"91400\",\"unknownField\":\"\x80UE\"}],\"error\":null}".to_vec();
    let answer = response(200, &[], body);
    match decode::<AsyncTask<Vec<City>>>(&"search/cities", &answer) {
        Err(AnswerError::Decode(error)) => assert!(error.message.contains("not UTF-8"), "{}", error.message),
        other => panic!("decoded as {other:?}"),
    }
}
