//! Broken fixture files are refused, each with a message that points at the cause.

use ovh_connectivity_fixtures::FixtureSet;

fn error_of(text: &str) -> String {
    match FixtureSet::from_files([("broken/case.json".to_owned(), text.to_owned())]) {
        Ok(_) => panic!("accepted a broken fixture: {text}"),
        Err(errors) => {
            assert_eq!(errors.0.len(), 1);
            assert_eq!(errors.0[0].file, "broken/case.json");
            errors.0[0].message.clone()
        }
    }
}

fn cities(phases: &str) -> String {
    format!(
        r#"{{"description":"d","request":{{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{{"zipCode":"1"}}}},"phases":{phases}}}"#
    )
}

#[track_caller]
fn assert_mentions(message: &str, needle: &str) {
    assert!(message.contains(needle), "message `{message}` does not mention `{needle}`");
}

#[test]
fn a_valid_minimal_fixture_loads() {
    let set = FixtureSet::from_files([(
        "ok.json".to_owned(),
        cities(r#"[{"times":2,"body":{"status":"pending","result":null,"error":null}},{"body":{"status":"ok","result":[],"error":null}}]"#),
    )])
    .unwrap();
    assert_eq!(set.get("ok").unwrap().attempts_before_final(), 2);
}

#[test]
fn pending_with_a_result_is_refused() {
    let message = error_of(&cities(
        r#"[{"body":{"status":"pending","result":[],"error":null}},{"body":{"status":"ok","result":[],"error":null}}]"#,
    ));
    assert_mentions(&message, "phases[0]");
    assert_mentions(&message, "pending task carries no result");
}

#[test]
fn ok_without_result_is_refused() {
    assert_mentions(&error_of(&cities(r#"[{"body":{"status":"ok","result":null,"error":null}}]"#)), "carries a result");
}

#[test]
fn error_without_message_is_refused() {
    assert_mentions(&error_of(&cities(r#"[{"body":{"status":"error","result":null,"error":null}}]"#)), "message");
}

#[test]
fn a_result_of_the_wrong_type_names_the_field() {
    let message = error_of(&cities(r#"[{"body":{"status":"ok","result":[{"city":"X","zipCode":"1"}],"error":null}}]"#));
    assert_mentions(&message, "result[0]");
    assert_mentions(&message, "inseeCode");
}

#[test]
fn ending_a_task_before_the_last_phase_is_refused() {
    let message = error_of(&cities(
        r#"[{"body":{"status":"ok","result":[],"error":null}},{"body":{"status":"ok","result":[],"error":null}}]"#,
    ));
    assert_mentions(&message, "only the last phase");
}

#[test]
fn zero_times_and_no_phase_are_refused() {
    assert_mentions(
        &error_of(&cities(
            r#"[{"times":0,"body":{"status":"pending","result":null,"error":null}},{"body":{"status":"ok","result":[],"error":null}}]"#,
        )),
        "times is 0",
    );
    assert_mentions(&error_of(&cities("[]")), "phases is empty");
}

#[test]
fn an_http_error_needs_the_ovh_shape() {
    assert_mentions(&error_of(&cities(r#"[{"status":500,"body":{"oops":true}}]"#)), "not an OVH error body");
    assert_mentions(&error_of(&cities(r#"[{"status":500,"body":{"message":"x"}}]"#)), "class");
}

#[test]
fn unknown_routes_and_methods_are_refused() {
    let unknown =
        r#"{"description":"d","request":{"method":"POST","path":"/connectivity/nope"},"phases":[{"body":null}]}"#;
    assert_mentions(&error_of(unknown), "not an operation");
    let wrong = r#"{"description":"d","request":{"method":"GET","path":"/connectivity/eligibility/search/cities"},"phases":[{"body":null}]}"#;
    assert_mentions(&error_of(wrong), "POST only");
}

#[test]
fn a_request_that_does_not_fit_its_operation_is_refused() {
    let missing = r#"{"description":"d","request":{"method":"POST","path":"/connectivity/eligibility/test/line","body":{"lineNumber":"1"}},"phases":[{"body":{"status":"pending","result":null,"error":null}}]}"#;
    assert_mentions(&error_of(missing), "status");
    let no_body = r#"{"description":"d","request":{"method":"POST","path":"/connectivity/eligibility/test/line"},"phases":[{"body":{"status":"pending","result":null,"error":null}}]}"#;
    assert_mentions(&error_of(no_body), "takes a JSON body");
    let bad_id = r#"{"description":"d","request":{"method":"GET","path":"/connectivity/eligibility/recall/abc"},"phases":[{"body":null}]}"#;
    assert_mentions(&error_of(bad_id), "not an integer");
    let query_in_path = r#"{"description":"d","request":{"method":"GET","path":"/connectivity/eligibility/test?eligibilityReference=x"},"phases":[{"body":null}]}"#;
    assert_mentions(&error_of(query_in_path), "request.query");
}

#[test]
fn typos_in_the_format_are_refused() {
    let typo = r#"{"description":"d","request":{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{"zipCode":"1"}},"phase":[]}"#;
    assert_mentions(&error_of(typo), "unknown field `phase`");
    assert_mentions(&error_of("{not json"), "not a fixture file");
}

#[test]
fn two_fixtures_for_one_request_are_refused() {
    let a = cities(r#"[{"body":{"status":"ok","result":[],"error":null}}]"#);
    // Same request with other key order and spacing.
    let b = r#"{"request":{ "body":{ "zipCode" : "1" }, "path":"/connectivity/eligibility/search/cities","method":"POST"},"description":"d","phases":[{"body":{"status":"ok","result":[],"error":null}}]}"#;
    let errors = FixtureSet::from_files([("a.json".to_owned(), a), ("b.json".to_owned(), b.to_owned())]).unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].file, "b.json");
    assert!(errors.0[0].message.contains("same request as `a`"), "{}", errors.0[0].message);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let errors =
        FixtureSet::from_files([("one.json".to_owned(), "{".to_owned()), ("two.json".to_owned(), cities("[]"))])
            .unwrap_err();
    assert_eq!(errors.0.iter().map(|e| e.file.as_str()).collect::<Vec<_>>(), ["one.json", "two.json"]);
}

#[test]
fn faults_are_checked() {
    let drop_with_body = cities(
        r#"[{"fault":"drop","body":{"status":"pending","result":null,"error":null}},{"body":{"status":"ok","result":[],"error":null}}]"#,
    );
    assert_mentions(&error_of(&drop_with_body), "sends no body");
    let drop_last = cities(r#"[{"body":{"status":"pending","result":null,"error":null}},{"fault":"drop"}]"#);
    assert_mentions(&error_of(&drop_last), "cannot drop");
    let unknown = cities(r#"[{"fault":"explode","body":{"status":"ok","result":[],"error":null}}]"#);
    assert_mentions(&error_of(&unknown), "explode");
    let missing_body = cities(r#"[{"fault":"slow-body"}]"#);
    assert_mentions(&error_of(&missing_body), "body is missing");
}

#[test]
fn an_enum_value_the_api_refuses_is_refused_in_requests() {
    let text = r#"{"description":"d","request":{"method":"POST","path":"/connectivity/eligibility/test/line","body":{"lineNumber":"1","status":"actif"}},"phases":[{"body":{"status":"pending","result":null,"error":null}}]}"#;
    assert_mentions(&error_of(text), "`status`: `actif` is not one of active, inactive");
}
