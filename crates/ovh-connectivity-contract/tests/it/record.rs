//! Recordings the suite can replay: its own run, recorded through a mock's `--proxy --record`,
//! served alone by a strict mock, passes in exact mode; and its own `--record` writes a folder
//! the loader takes as it is, which a strict mock replays for the suite in exact mode.

use std::path::PathBuf;

use ovh_connectivity_contract::{Target, Verdict, run};
use ovh_connectivity_fixtures::FixtureSet;
use ovh_connectivity_mock::{MockConfig, MockServer, ProxyConfig, RecordConfig};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ovh-contract-record-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A mock serving only `dir`, strict: what is not recorded is a 404.
async fn replaying(dir: &std::path::Path) -> MockServer {
    let mut config = MockConfig::new(FixtureSet::load_dir(dir).unwrap_or_else(|errors| panic!("{errors}")));
    config.settings.strict = true;
    config.settings.world = false;
    MockServer::start(config).await.unwrap()
}

/// Every check that ran passed (those needing credentials or writes are skipped).
fn all_passed(report: &ovh_connectivity_contract::Report, what: &str) {
    let table = report.to_table();
    for result in &report.results {
        assert_ne!(result.outcome.verdict, Verdict::Fail, "{what}: {}: {}\n{table}", result.id, result.outcome.message);
    }
    assert!(report.results.iter().filter(|r| r.outcome.verdict == Verdict::Pass).count() >= 10, "{what}:\n{table}");
}

#[tokio::test]
async fn the_suites_run_recorded_through_the_proxy_replays_in_exact_mode() {
    let upstream = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let dir = temp_dir("proxy");
    let mut proxy = MockConfig::new(FixtureSet::default());
    proxy.proxy = Some(ProxyConfig::new(upstream.base_url()));
    let mut record = RecordConfig::new(dir.display().to_string());
    record.max_pending = 10;
    proxy.record = Some(record);
    proxy.record_dir = Some(dir.clone());
    let proxy = MockServer::start(proxy).await.unwrap();
    let through = run(&Target::local_mock(proxy.base_url(), FixtureSet::embedded().unwrap()), &[]).await.unwrap();
    all_passed(&through, "through the proxy");

    let replay = replaying(&dir).await;
    let replayed = run(&Target::local_mock(replay.base_url(), FixtureSet::embedded().unwrap()), &[]).await.unwrap();
    all_passed(&replayed, "the recording");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_suites_own_record_writes_a_folder_the_loader_takes_and_a_mock_replays() {
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let dir = temp_dir("own");
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.record = Some(dir.clone());
    all_passed(&run(&target, &[]).await.unwrap(), "recording");
    let recorded = FixtureSet::load_dir(&dir).unwrap_or_else(|errors| panic!("{errors}"));
    assert!(recorded.len() >= 10, "{} files", recorded.len());
    assert!(recorded.get("search/cities/91400").is_some(), "the built-in layout");

    let replay = replaying(&dir).await;
    let replayed = run(&Target::local_mock(replay.base_url(), FixtureSet::embedded().unwrap()), &[]).await.unwrap();
    all_passed(&replayed, "the suite's recording");
    let _ = std::fs::remove_dir_all(&dir);
}
