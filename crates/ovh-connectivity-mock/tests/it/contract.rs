//! The mock passes the contract catalogue, compared exactly with its fixtures: the same
//! checks anyone runs against the real API.

use ovh_connectivity_contract::{Target, Verdict, run};
use ovh_connectivity_fixtures::FixtureSet;

use crate::support::*;

#[tokio::test]
async fn the_mock_passes_the_contract_catalogue() {
    let server = start(embedded()).await;
    let target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    let report = run(&target, &[]).await.unwrap();
    let failed: Vec<_> = report.results.iter().filter(|r| r.outcome.verdict == Verdict::Fail).collect();
    assert!(failed.is_empty(), "{}", report.to_table());
    assert!(report.results.iter().filter(|r| r.outcome.verdict == Verdict::Pass).count() >= 15);
}
