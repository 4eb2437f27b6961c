//! Every fixture body: JSON -> typed -> JSON gives back the same value. A field the wire types
//! forgot, or one they write differently, fails here.

use ovh_connectivity_fixtures::{FixtureSet, PhaseKind, decode_answer, decode_error_body, decode_request};
use serde_json::Value;

fn same(id: &str, what: &str, original: &str, typed: Value) {
    let original: Value = serde_json::from_str(original).unwrap();
    assert_eq!(typed, original, "{id}: {what} changed through the wire types");
}

#[test]
fn every_answer_round_trips_through_its_wire_type() {
    let set = FixtureSet::embedded().unwrap();
    let mut checked = 0;
    for fixture in set.iter() {
        for (index, phase) in fixture.phases.iter().enumerate() {
            let typed = if phase.kind == PhaseKind::HttpError {
                serde_json::to_value(decode_error_body(&phase.body).unwrap()).unwrap()
            } else {
                serde_json::to_value(decode_answer(fixture.operation, &phase.body).unwrap()).unwrap()
            };
            same(&fixture.id, &format!("phases[{index}].body"), &phase.body, typed);
            checked += 1;
        }
    }
    assert!(checked > set.len(), "checked {checked} bodies");
}

#[test]
fn every_request_body_round_trips_through_its_wire_type() {
    let set = FixtureSet::embedded().unwrap();
    for fixture in set.iter() {
        if let Some(body) = &fixture.request.body {
            let typed = decode_request(fixture.operation, body).unwrap().expect("body operations decode");
            same(&fixture.id, "request.body", body, serde_json::to_value(typed).unwrap());
        }
        if !fixture.request.query.is_empty() {
            let query = serde_json::to_string(&fixture.request.query).unwrap();
            let typed = decode_request(fixture.operation, &query).unwrap().expect("query operations decode");
            same(&fixture.id, "request.query", &query, serde_json::to_value(typed).unwrap());
        }
    }
}
