//! One reviewed snapshot per fixture: the typed request and the typed final answer.

use ovh_connectivity_fixtures::{FixtureSet, PhaseKind, decode_answer, decode_error_body, decode_request};

#[test]
fn decoded_fixtures() {
    let set = FixtureSet::embedded().unwrap();
    for fixture in set.iter() {
        let request = match (&fixture.request.body, fixture.request.query.is_empty()) {
            (Some(body), _) => decode_request(fixture.operation, body).unwrap(),
            (None, false) => {
                decode_request(fixture.operation, &serde_json::to_string(&fixture.request.query).unwrap()).unwrap()
            }
            (None, true) => None,
        };
        let last = fixture.final_phase();
        let answer = if last.kind == PhaseKind::HttpError {
            format!("{:#?}", decode_error_body(&last.body).unwrap())
        } else {
            format!("{:#?}", decode_answer(fixture.operation, &last.body).unwrap())
        };
        let shown = format!(
            "operation: {}\nphases: {:?}\nrequest: {:#?}\nfinal answer (HTTP {}): {}",
            fixture.operation,
            fixture.phases.iter().map(|p| (p.kind, p.times)).collect::<Vec<_>>(),
            request,
            last.status,
            answer
        );
        insta::with_settings!({
            snapshot_suffix => fixture.id.replace('/', "__"),
            description => fixture.description.clone(),
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("fixture", shown);
        });
    }
}
