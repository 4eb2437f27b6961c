//! Every fixture's request is encoded byte for byte as the fixture says, and signed when the
//! operation requires it.

use ovh_connectivity_client::{Call, encode, signature};
use ovh_connectivity_fixtures::{FixtureSet, decode_request};
use ovh_connectivity_types::RequestInput;

use crate::support::*;

fn call_for(fixture: &ovh_connectivity_fixtures::Fixture) -> Call {
    let operation = fixture.operation;
    let call = match (operation.input(), &fixture.request.body) {
        (RequestInput::JsonBody, Some(body)) => {
            let typed = decode_request(operation, body).unwrap().unwrap();
            Call::with_body(operation, &typed).unwrap()
        }
        (RequestInput::Query, _) => {
            let typed =
                decode_request(operation, &serde_json::to_string(&fixture.request.query).unwrap()).unwrap().unwrap();
            Call::with_query(operation, &typed).unwrap()
        }
        _ => Call::new(operation),
    };
    match operation.path_id(&fixture.request.path) {
        Some(id) => call.with_id(id.parse().unwrap()),
        None => call,
    }
}

#[test]
fn every_fixture_request_is_encoded_as_the_fixture_says() {
    let set = FixtureSet::embedded().unwrap();
    let config = signed_config();
    let mut shown = String::new();
    for fixture in set.iter() {
        let call = call_for(fixture);
        let request = encode(&config, &call, Some(API_TIME)).unwrap();
        // Body: the fixture's JSON, compact, in the fixture's key order.
        let expected_body = fixture
            .request
            .body
            .as_deref()
            .map(|b| serde_json::to_vec(&serde_json::from_str::<serde_json::Value>(b).unwrap()).unwrap());
        let compact_in_file_order = fixture.request.body.as_deref().map(|b| {
            let raw: Box<serde_json::value::RawValue> = serde_json::from_str(b).unwrap();
            raw.get().split(['\n']).map(str::trim).collect::<String>().replace("\": ", "\":").into_bytes()
        });
        assert_eq!(request.body().is_empty(), expected_body.is_none(), "{}", fixture.id);
        if let Some(bytes) = compact_in_file_order {
            assert_eq!(
                String::from_utf8_lossy(request.body()),
                String::from_utf8_lossy(&bytes),
                "{}: body bytes",
                fixture.id
            );
        }
        assert_eq!(request.method().as_str(), fixture.request.method.as_str());
        let uri = request.uri().to_string();
        assert!(uri.starts_with(&format!("{BASE}{}", fixture.request.path)), "{uri}");

        // Signed exactly when the operation requires it, over the exact bytes and URL.
        let headers = request.headers();
        assert_eq!(headers.get("x-ovh-application").unwrap(), AK);
        if fixture.operation.requires_auth() {
            let sent = headers.get("x-ovh-signature").expect("signed").to_str().unwrap();
            assert!(sent.starts_with("$1$") && sent.len() == 43 && sent[3..].bytes().all(|b| b.is_ascii_hexdigit()));
            assert_eq!(
                sent,
                signature(AS, CK, request.method().as_str(), &uri, request.body(), API_TIME),
                "{}",
                fixture.id
            );
            assert_eq!(headers.get("x-ovh-timestamp").unwrap(), &API_TIME.to_string());
            assert_eq!(headers.get("x-ovh-consumer").unwrap(), CK);
        } else {
            assert!(headers.get("x-ovh-signature").is_none(), "{}: public routes are sent unsigned", fixture.id);
            assert!(headers.get("x-ovh-consumer").is_none());
        }

        // For the reviewed snapshot: the request with time and signature redacted (checked above).
        shown.push_str(&format!("## {}\n{} {}\n", fixture.id, request.method(), uri));
        let mut names: Vec<&str> = headers.keys().map(|k| k.as_str()).collect();
        names.sort_unstable();
        for name in names {
            let value = match name {
                "x-ovh-signature" => "[signature]".to_owned(),
                "x-ovh-timestamp" => "[timestamp]".to_owned(),
                "x-ovh-consumer" => "[consumer key]".to_owned(),
                _ => headers[name].to_str().unwrap().to_owned(),
            };
            shown.push_str(&format!("{name}: {value}\n"));
        }
        shown.push_str(&format!("\n{}\n\n", String::from_utf8_lossy(request.body())));
    }
    insta::assert_snapshot!("encoded_requests", shown);
}

#[test]
fn the_derived_connectivity_vector_is_what_the_client_sends() {
    let client = client();
    let request =
        ovh_connectivity_types::TestLineRequest::new("0123456789", ovh_connectivity_types::LineStatus::Active);
    let _ = block_on(client.test_line_partners(&request)).unwrap();
    let sent = client.transport().sent();
    let partners = sent.iter().find(|r| r.uri().path().ends_with("/test/line/partners")).unwrap();
    // The virtual clock is 6 s behind the API: the offset read from /auth/time puts it right.
    assert_eq!(partners.headers()["x-ovh-timestamp"], "1457018875");
    assert_eq!(partners.headers()["x-ovh-signature"], "$1$50da5f328b9dff25defcde168ebf4a77c9bc57ce");
    assert_eq!(client.time_offset(), Some(6));
}

#[test]
fn the_clock_offset_is_read_once_and_only_for_signed_calls() {
    let client = client();
    let line = ovh_connectivity_types::TestLineRequest::new("0123456789", ovh_connectivity_types::LineStatus::Active);
    block_on(client.test_line(&line)).unwrap();
    assert_eq!(client.transport().sent_to("/auth/time"), 0, "public routes need no time");
    block_on(client.test_line_partners(&line)).unwrap();
    block_on(client.list_recalls()).unwrap();
    block_on(client.get_recall(42)).unwrap();
    assert_eq!(client.transport().sent_to("/auth/time"), 1);
}
