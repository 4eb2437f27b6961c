use std::collections::BTreeSet;

use ovh_connectivity_fixtures::{FixtureSet, PhaseKind};
use ovh_connectivity_types::{AnswerKind, Operation};

#[test]
fn embedded_set_is_the_source_folder() {
    let embedded = FixtureSet::embedded().unwrap_or_else(|e| panic!("{e}"));
    let from_disk = FixtureSet::load_dir(&FixtureSet::source_dir()).unwrap_or_else(|e| panic!("{e}"));
    let ids = |set: &FixtureSet| set.iter().map(|f| f.id.clone()).collect::<BTreeSet<_>>();
    assert_eq!(ids(&embedded), ids(&from_disk), "rebuild after adding fixtures");
    assert!(embedded.len() >= 30, "only {} fixtures", embedded.len());
    for fixture in from_disk.iter() {
        let twin = embedded.get(&fixture.id).expect("same ids");
        assert_eq!(twin.phases.len(), fixture.phases.len());
        for (a, b) in twin.phases.iter().zip(&fixture.phases) {
            assert_eq!(a.body, b.body, "{}: embedded bytes differ from the file", fixture.id);
        }
    }
}

#[test]
fn every_operation_has_a_fixture() {
    let set = FixtureSet::embedded().unwrap();
    let covered: BTreeSet<Operation> = set.iter().map(|f| f.operation).collect();
    let missing: Vec<String> =
        Operation::ALL.iter().filter(|op| !covered.contains(op)).map(|op| op.to_string()).collect();
    assert!(missing.is_empty(), "operations without a fixture: {missing:#?}");
}

#[test]
fn the_cases_the_guide_implies_exist() {
    let set = FixtureSet::embedded().unwrap();
    let kinds = |id: &str| -> Vec<PhaseKind> {
        set.get(id).unwrap_or_else(|| panic!("missing fixture {id}")).phases.iter().map(|p| p.kind).collect()
    };
    assert_eq!(kinds("test/line/0123456789-active"), [PhaseKind::Pending, PhaseKind::TaskOk]);
    assert_eq!(set.get("test/line/0123456789-active").unwrap().attempts_before_final(), 2);
    assert_eq!(kinds("test/line/0987654321-inactive-error"), [PhaseKind::Pending, PhaseKind::TaskError]);
    assert_eq!(kinds("recall/get-404"), [PhaseKind::HttpError]);
    for id in [
        "search/cities/unknown-zip",
        "test/building/IMB-91471-C-NEW1-fiber-only",
        "test/address/new-building-no-copper",
        "test/line/0199999999-unlisted",
        "search/buildings/with-stairs",
        "search/meetings/fiber-install",
    ] {
        assert!(set.get(id).is_some(), "missing fixture {id}");
    }
}

#[test]
fn phases_follow_the_attempt_count() {
    let set = FixtureSet::embedded().unwrap();
    let fixture = set.get("test/line/0123456789-active").unwrap();
    let kinds: Vec<PhaseKind> = (0..5).map(|attempt| fixture.phase_for_attempt(attempt).kind).collect();
    assert_eq!(
        kinds,
        [PhaseKind::Pending, PhaseKind::Pending, PhaseKind::TaskOk, PhaseKind::TaskOk, PhaseKind::TaskOk]
    );
}

#[test]
fn async_operations_answer_tasks_and_the_others_values() {
    let set = FixtureSet::embedded().unwrap();
    for fixture in set.iter() {
        for phase in &fixture.phases {
            let task_phase = matches!(phase.kind, PhaseKind::Pending | PhaseKind::TaskOk | PhaseKind::TaskError);
            match phase.kind {
                PhaseKind::HttpError => {}
                _ => assert_eq!(task_phase, fixture.operation.answer() == AnswerKind::AsyncTask, "{}", fixture.id),
            }
        }
    }
}

#[test]
fn overlay_replaces_by_request_and_adds_the_rest() {
    let base = FixtureSet::embedded().unwrap();
    let user = FixtureSet::from_files([
        (
            "mine/cities.json".to_owned(),
            r#"{"description":"override","request":{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{"zipCode":"91400"}},
                "phases":[{"body":{"status":"ok","result":[],"error":null}}]}"#
                .to_owned(),
        ),
        (
            "mine/new.json".to_owned(),
            r#"{"description":"new","request":{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{"zipCode":"75001"}},
                "phases":[{"body":{"status":"ok","result":[],"error":null}}]}"#
                .to_owned(),
        ),
    ])
    .unwrap();
    let original = base.get("search/cities/91400").unwrap().key.clone();
    let merged = base.clone().overlay(user);
    assert_eq!(merged.len(), base.len() + 1);
    assert_eq!(merged.find(&original).unwrap().id, "mine/cities");
    assert!(merged.get("search/cities/91400").is_none());
}

/// The crate's `fixtures` is a symbolic link to the workspace's `fixtures/` (what `cargo
/// package` packs); should it ever become a copy, it must not differ from the folder people edit.
#[test]
fn the_crates_fixtures_are_the_workspaces() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    if !workspace.is_dir() {
        return; // A packaged crate: its own folder is the only one.
    }
    let files = |root: &std::path::Path| {
        let mut out = std::collections::BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    out.insert(relative, std::fs::read(&path).unwrap());
                }
            }
        }
        out
    };
    let packaged = files(&FixtureSet::source_dir());
    let edited = files(&workspace);
    assert_eq!(packaged.keys().collect::<Vec<_>>(), edited.keys().collect::<Vec<_>>());
    assert!(
        packaged == edited,
        "crates/ovh-connectivity-fixtures/fixtures differs from fixtures/: make it a link again"
    );
    assert!(packaged.contains_key("world/communes.tsv"));
}
