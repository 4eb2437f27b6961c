use ovh_connectivity_types::{AnswerKind, Method, Operation, RouteMiss};

#[test]
fn the_table_has_every_operation_of_the_2026_schema() {
    assert_eq!(Operation::ALL.len(), 28);
    let paths: std::collections::BTreeSet<&str> = Operation::ALL.iter().map(|op| op.path_template()).collect();
    assert_eq!(paths.len(), 25, "25 paths in the 2026 schema");
    let partners = Operation::ALL.iter().filter(|op| op.path_template().ends_with("/partners")).count();
    assert_eq!(partners, 6);
    assert!(Operation::ALL.iter().filter(|op| op.path_template().ends_with("/partners")).all(|op| op.requires_auth()));
    assert!(!Operation::TestLine.requires_auth());
    assert_eq!(Operation::GetEligibilityTest.answer(), AnswerKind::Value);
    assert_eq!(Operation::TestLine.answer(), AnswerKind::AsyncTask);
}

#[test]
fn find_tells_unknown_paths_from_wrong_methods() {
    assert_eq!(Operation::find(Method::Post, "/connectivity/eligibility/test/line"), Ok(Operation::TestLine));
    assert_eq!(Operation::find(Method::Delete, "/connectivity/eligibility/recall/7"), Ok(Operation::DeleteRecall));
    assert_eq!(
        Operation::find(Method::Get, "/connectivity/eligibility/test/line"),
        Err(RouteMiss::WrongMethod(vec![Method::Post]))
    );
    assert_eq!(
        Operation::find(Method::Post, "/connectivity/eligibility/recall/7"),
        Err(RouteMiss::WrongMethod(vec![Method::Get, Method::Put, Method::Delete]))
    );
    assert_eq!(Operation::find(Method::Get, "/connectivity/eligibility/recall/"), Err(RouteMiss::UnknownPath));
    assert_eq!(Operation::find(Method::Get, "/connectivity/nothing"), Err(RouteMiss::UnknownPath));
    assert_eq!(Operation::GetRecall.path_id("/connectivity/eligibility/recall/42"), Some("42"));
}

#[test]
fn path_parameters_are_declared_where_templates_have_them() {
    for operation in Operation::ALL {
        assert_eq!(operation.has_path_parameter(), operation.path_template().contains('{'), "{operation}");
    }
}
