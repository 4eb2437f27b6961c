use ovh_connectivity_client::ConfigBuilder;
use ovh_connectivity_contract::{Mode, Target, Verdict, catalogue, run};
use ovh_connectivity_fixtures::FixtureSet;
use ovh_connectivity_mock::{AuthMode, Credential, MockConfig, MockServer};

const AK: &str = "TDPKJdwZwAQPwKX2";
const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";

#[tokio::test]
async fn every_check_passes_against_the_mock_in_exact_mode_with_credentials_and_writes() {
    let mut config = MockConfig::with_embedded_fixtures().unwrap();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    let server = MockServer::start(config).await.unwrap();
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.credentials =
        ConfigBuilder::new().endpoint("ovh-eu").application(AK, AS).consumer_key(CK).build().unwrap().credentials;
    target.allow_writes = true;
    let report = run(&target, &[]).await.unwrap();
    let table = report.to_table();
    assert_eq!(report.results.len(), catalogue().len());
    for result in &report.results {
        if result.id == "flow.sample-addresses" {
            // Drawn addresses have no fixture: structural mode only (tested below).
            assert_eq!(result.outcome.verdict, Verdict::Skip, "{}", result.outcome.message);
            continue;
        }
        assert_eq!(result.outcome.verdict, Verdict::Pass, "{}: {}\n{table}", result.id, result.outcome.message);
        assert!(
            result.outcome.warnings.is_empty(),
            "{}: drift against our own fixtures: {:?}",
            result.id,
            result.outcome.warnings
        );
    }
    assert!(table.contains("mode exact"), "{table}");
    assert!(table.ends_with(&format!("{} passed, 0 failed, 1 skipped\n", catalogue().len() - 1)), "{table}");
    let polls = report.results.iter().find(|r| r.id == "flow.line-copper-active").unwrap().outcome.polls;
    assert_eq!(polls, Some(3), "poll counts are reported");
}

#[tokio::test]
async fn without_credentials_the_signed_checks_are_skipped_not_failed() {
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    let report = run(&target, &["auth.".to_owned(), "write.".to_owned()]).await.unwrap();
    assert_eq!(report.results.len(), 3);
    assert!(report.results.iter().all(|r| r.outcome.verdict == Verdict::Skip), "{}", report.to_table());
    assert_eq!(report.requests, 0, "skipped checks send nothing");
}

#[tokio::test]
async fn reports_render_as_json_and_junit() {
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.mode = Mode::Structural;
    let report = run(&target, &["error.".to_owned()]).await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["mode"], "structural");
    assert_eq!(json["results"].as_array().unwrap().len(), 4);
    assert_eq!(json["results"][0]["verdict"], "pass");
    let junit = report.to_junit();
    assert!(junit.starts_with("<?xml") && junit.contains("tests=\"4\" failures=\"0\""), "{junit}");
    assert!(junit.contains("<testcase classname=\"contract\" name=\"error.unknown-route\""), "{junit}");
    assert!(run(&target, &["nothing-like-this".to_owned()]).await.is_err());
}

#[tokio::test]
async fn pacing_spaces_requests() {
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.min_interval = std::time::Duration::from_millis(100);
    let started = std::time::Instant::now();
    let report = run(&target, &["error.".to_owned()]).await.unwrap();
    assert_eq!(report.requests, 4);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300), "4 requests at 10/s: {:?}", started.elapsed());
}

#[tokio::test]
async fn drawn_zip_codes_walk_the_mocks_world_from_city_to_a_resolving_reference() {
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.mode = Mode::Structural;
    target.sample = ovh_connectivity_contract::sample_zip_codes(6, 42);
    assert_eq!(target.sample.len(), 6);
    assert_eq!(
        target.sample,
        ovh_connectivity_contract::sample_zip_codes(6, 42),
        "the same seed draws the same zip codes"
    );
    let report = run(&target, &["flow.sample".to_owned()]).await.unwrap();
    let result = &report.results[0];
    assert_eq!(result.outcome.verdict, Verdict::Pass, "{}", report.to_table());
    assert!(result.outcome.message.starts_with("6 flow(s)"), "{}", result.outcome.message);
    for zip in &target.sample {
        assert!(result.outcome.message.contains(&format!("{zip}: ")), "{zip} was walked: {}", result.outcome.message);
    }
}

#[tokio::test]
async fn a_server_that_knows_no_real_zip_code_fails_the_sample_flows() {
    let mut config = MockConfig::with_embedded_fixtures().unwrap();
    config.settings.world = false;
    let server = MockServer::start(config).await.unwrap();
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.mode = Mode::Structural;
    target.sample = ovh_connectivity_contract::sample_zip_codes(2, 7);
    let report = run(&target, &["flow.sample".to_owned()]).await.unwrap();
    let result = &report.results[0];
    assert_eq!(result.outcome.verdict, Verdict::Fail, "{}", report.to_table());
    assert!(result.outcome.message.contains("a real zip code found no city"), "{}", result.outcome.message);
}

#[tokio::test]
async fn with_a_service_account_the_signed_checks_use_bearer_tokens() {
    let mut config = MockConfig::with_embedded_fixtures().unwrap();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    config.service_accounts = vec![ovh_connectivity_mock::ServiceAccount::new("partner-app", "s3cret")];
    let server = MockServer::start(config).await.unwrap();
    let mut target = Target::local_mock(server.base_url(), FixtureSet::embedded().unwrap());
    target.service_account = ConfigBuilder::new()
        .endpoint(server.base_url())
        .client_credentials("partner-app", "s3cret")
        .token_url(format!("{}/auth/oauth2/token", server.root_url()))
        .build()
        .unwrap()
        .service_account;
    target.allow_writes = true;
    let report = run(&target, &["auth.".to_owned(), "write.".to_owned(), "shape.".to_owned()]).await.unwrap();
    for result in &report.results {
        assert_eq!(result.outcome.verdict, Verdict::Pass, "{}: {}", result.id, result.outcome.message);
    }
    let tampered = report.results.iter().find(|r| r.id == "auth.tampered-signature").unwrap();
    assert!(tampered.outcome.message.contains("HTTP 401"), "{}", tampered.outcome.message);
}
