//! The fixture writer: every built-in exchange, recorded again, makes a folder the loader
//! accepts as it is, each file answering the request it came from; a second recording of the
//! same request replaces the first, or is skipped when asked to keep it.

use std::path::PathBuf;

use ovh_connectivity_fixtures::{FixtureSet, PhaseKind, Recording, Written};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ovh-fixtures-record-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A recording of a fixture: its request, its pending phases, its final answer.
fn recording_of(fixture: &ovh_connectivity_fixtures::Fixture) -> Recording {
    let last = fixture.final_phase();
    let mut recording = Recording::new(fixture.operation, fixture.request.path.clone(), last.status, last.body.clone());
    recording.query = fixture.request.query.clone();
    recording.body = fixture.request.body.as_deref().map(|body| serde_json::from_str(body).unwrap());
    let pending: Vec<_> = fixture.phases.iter().filter(|phase| phase.kind == PhaseKind::Pending).collect();
    if let (Some(first), false) = (pending.first(), last.kind == PhaseKind::Pending) {
        recording.pending = Some((pending.iter().map(|phase| phase.times).sum(), first.body.clone()));
    }
    recording.description = format!("Recorded again from `{}`.", fixture.id);
    recording
}

#[test]
fn every_recorded_folder_loads_as_it_is() {
    let set = FixtureSet::embedded().unwrap();
    let dir = temp_dir("all");
    let mut written = 0;
    for fixture in set.iter() {
        // Dropped connections and never-ending tasks are not what a recording sees.
        if fixture.phases.iter().any(|phase| phase.kind == PhaseKind::Dropped)
            || fixture.final_phase().kind == PhaseKind::Pending
        {
            continue;
        }
        let recording = recording_of(fixture);
        assert_eq!(recording.key(), fixture.key, "{}", fixture.id);
        match recording.write(&dir, false) {
            Ok(Written::Created(_)) => written += 1,
            other => panic!("{}: {other:?}", fixture.id),
        }
    }
    assert!(written > 30, "only {written} recorded");
    let loaded = FixtureSet::load_dir(&dir).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(loaded.len(), written);
    for recorded in loaded.iter() {
        let original = set.find(&recorded.key).unwrap_or_else(|| panic!("{} answers no built-in request", recorded.id));
        assert_eq!(recorded.final_phase().body, original.final_phase().body, "{}", recorded.id);
        assert_eq!(recorded.attempts_before_final(), original.attempts_before_final(), "{}", recorded.id);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn files_follow_the_built_in_layout_and_a_second_recording_replaces_or_keeps() {
    let set = FixtureSet::embedded().unwrap();
    let cities = recording_of(set.get("search/cities/91400").unwrap());
    assert_eq!(cities.file_name(), "search/cities/91400.json");
    let recall = recording_of(set.get("recall/get-42").unwrap());
    assert_eq!(recall.file_name(), "recall/get-42.json");

    let dir = temp_dir("again");
    assert!(matches!(cities.write(&dir, false).unwrap(), Written::Created(_)));
    let mut changed = cities.clone();
    changed.description = "A second recording.".to_owned();
    assert!(matches!(changed.write(&dir, true).unwrap(), Written::Kept(_)));
    let text = std::fs::read_to_string(dir.join("search/cities/91400.json")).unwrap();
    assert!(text.contains("Recorded again"), "{text}");
    assert!(matches!(changed.write(&dir, false).unwrap(), Written::Replaced(_)));
    let text = std::fs::read_to_string(dir.join("search/cities/91400.json")).unwrap();
    assert!(text.contains("A second recording."), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_answer_that_makes_no_fixture_is_refused_and_nothing_is_written() {
    let set = FixtureSet::embedded().unwrap();
    let mut recording = recording_of(set.get("search/cities/91400").unwrap());
    recording.status = 502;
    recording.answer = "<html>Bad gateway</html>".to_owned();
    let dir = temp_dir("refused");
    let error = recording.write(&dir, false).unwrap_err();
    assert!(error.to_string().contains("not JSON"), "{error}");
    recording.answer = r#"{"oops":true}"#.to_owned();
    let error = recording.write(&dir, false).unwrap_err();
    assert!(error.to_string().contains("not an OVH error body") || error.to_string().contains("class"), "{error}");
    assert!(!dir.exists());
}

/// A client that polls again after the answer sees the answer alone (the upstream's task is
/// over): that must not erase the pending phases recorded before it (a newcomer's finding).
#[test]
fn an_answer_without_its_pending_phases_does_not_replace_a_recording_with_them() {
    let set = FixtureSet::embedded().unwrap();
    let cities = recording_of(set.get("search/cities/91400").unwrap());
    assert!(cities.pending.is_some(), "the guide's cities answer pending first");
    let dir = temp_dir("kept-pending");
    assert!(matches!(cities.write(&dir, false).unwrap(), Written::Created(_)));
    let before = std::fs::read_to_string(dir.join("search/cities/91400.json")).unwrap();
    let mut again = cities.clone();
    again.pending = None;
    again.answered_at_once = true;
    assert!(matches!(again.write(&dir, false).unwrap(), Written::KeptPending(_)));
    assert_eq!(std::fs::read_to_string(dir.join("search/cities/91400.json")).unwrap(), before);
    // Pending phases capped to none (--record-pending 0) are a choice: they replace it.
    let mut capped = cities.clone();
    capped.pending = None;
    assert!(matches!(capped.write(&dir, false).unwrap(), Written::Replaced(_)));
    assert!(matches!(cities.write(&dir, false).unwrap(), Written::Replaced(_)));
    // A new run of the task, with its pending phase, still replaces it.
    let mut newer = cities.clone();
    newer.description = "A newer run.".to_owned();
    assert!(matches!(newer.write(&dir, false).unwrap(), Written::Replaced(_)));
    let _ = std::fs::remove_dir_all(&dir);
}
