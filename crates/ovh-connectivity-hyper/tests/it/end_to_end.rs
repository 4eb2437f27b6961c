use std::time::Duration;

use ovh_connectivity_client::{ConfigBuilder, Error, PollPolicy};
use ovh_connectivity_hyper::client_with_config;
use ovh_connectivity_hyper::types::*;
use ovh_connectivity_mock::{AuthMode, Credential, MockConfig, MockServer};

const FAST: PollPolicy = PollPolicy::new(Duration::from_millis(20), Duration::from_secs(10));

async fn mock(config: MockConfig) -> MockServer {
    MockServer::start(config).await.expect("mock starts")
}

fn embedded() -> MockConfig {
    MockConfig::with_embedded_fixtures().unwrap()
}

#[tokio::test]
async fn the_guides_address_flow_ends_in_a_fiber_test() {
    let server = mock(embedded()).await;
    let client =
        client_with_config(ConfigBuilder::new().endpoint(server.base_url()).poll_policy(FAST).build().unwrap())
            .unwrap();
    let cities = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap();
    assert_eq!(cities.polls, 2, "pending once, then ok");
    let orsay = &cities.result[0];
    let streets = client.search_streets(&SearchStreetsRequest::new(&orsay.insee_code)).await.unwrap().result;
    let verger = streets.iter().find(|s| s.street_name == "RUE DU VERGER").unwrap();
    let numbers = client.search_street_numbers(&SearchStreetNumbersRequest::new(&verger.street_code)).await.unwrap();
    assert!(numbers.result.contains(&"2".to_owned()));
    let buildings = client
        .search_buildings(&SearchBuildingsRequest::at_street_number(&verger.street_code, "2"))
        .await
        .unwrap()
        .result;
    let test = client.test_building(&TestBuildingRequest::new(&buildings[0].reference)).await.unwrap();
    assert_eq!(test.result.offers[0].product.code, "PROFIBER");
    assert!(test.result.offers[0].eligibility.eligible);
}

#[tokio::test]
async fn a_task_polled_through_pending_phases_over_the_socket() {
    let server = mock(embedded()).await;
    let client =
        client_with_config(ConfigBuilder::new().endpoint(server.base_url()).poll_policy(FAST).build().unwrap())
            .unwrap();
    let started = std::time::Instant::now();
    let line = client.test_line(&TestLineRequest::new("0123456789", LineStatus::Active)).await.unwrap();
    assert_eq!(line.polls, 3);
    assert!(started.elapsed() >= Duration::from_millis(40), "two real waits of 20 ms");
    let failed = client.test_line(&TestLineRequest::new("0987654321", LineStatus::Inactive)).await.unwrap_err();
    assert!(matches!(failed, Error::TaskFailed { polls: 2, .. }), "{failed:?}");
}

#[tokio::test]
async fn a_task_that_never_ends_hits_the_deadline() {
    let mut config = embedded();
    config.settings.pending = Some(1000);
    let server = mock(config).await;
    let policy = PollPolicy::new(Duration::from_millis(20), Duration::from_millis(150));
    let client =
        client_with_config(ConfigBuilder::new().endpoint(server.base_url()).poll_policy(policy).build().unwrap())
            .unwrap();
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::DeadlineExceeded { polls, .. } = error else { panic!("{error:?}") };
    assert!((3..=9).contains(&polls), "{polls} polls in 150 ms at 20 ms intervals");
}

#[tokio::test]
async fn signed_partner_calls_pass_the_mocks_signature_check() {
    const AK: &str = "TDPKJdwZwAQPwKX2";
    const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
    const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    let server = mock(config).await;
    let signed =
        ConfigBuilder::new().endpoint(server.base_url()).application(AK, AS).consumer_key(CK).poll_policy(FAST);
    let client = client_with_config(signed.build().unwrap()).unwrap();
    let test = client.test_line_partners(&TestLineRequest::new("0123456789", LineStatus::Active)).await.unwrap();
    assert_eq!(test.result.offers.len(), 4);
    assert_eq!(client.list_recalls().await.unwrap()[0].id, 42);
    let mut detected = GenericIncidentQuery::default();
    detected.status = Some(GenericIncidentStatus::Detected);
    assert_eq!(client.generic_incidents_partners(&detected).await.unwrap().len(), 1);
    assert!(client.time_offset().unwrap().abs() <= 2, "the mock's clock is ours");

    // A wrong secret is refused by the mock, and the error says what to check.
    let wrong =
        ConfigBuilder::new().endpoint(server.base_url()).application(AK, "wrong").consumer_key(CK).poll_policy(FAST);
    let client = client_with_config(wrong.build().unwrap()).unwrap();
    let error = client.list_recalls().await.unwrap_err();
    assert!(
        error.to_string().contains("INVALID_SIGNATURE") && error.to_string().contains("application secret"),
        "{error}"
    );
}

#[tokio::test]
async fn the_example_runs_against_the_mock() {
    let server = mock(embedded()).await;
    // This test binary is target/<profile>/deps/it-*; the example lands in target/<profile>/examples.
    let profile_dir = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().to_path_buf();
    let target_dir = profile_dir.parent().unwrap();
    let example = profile_dir.join("examples/eligibility");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = tokio::process::Command::new(cargo)
        .args(["build", "--quiet", "-p", "ovh-connectivity-hyper", "--example", "eligibility", "--target-dir"])
        .arg(target_dir)
        .status()
        .await
        .unwrap();
    assert!(built.success());
    let output = tokio::process::Command::new(example).arg(server.base_url()).output().await.unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("2 RUE DU VERGER, 91400 ORSAY: building IMB/91471/C/NT8X"), "{stdout}");
    assert!(stdout.contains("PROFIBER") && stdout.contains("ADSL-MAX_FULL"), "{stdout}");
    assert!(stdout.contains("no (TOO_MUCH_ATTENUATION)"), "{stdout}");
}

/// A mock with a service account; the tokens it issued, counted from its request log.
async fn service_account_mock(lifetime: Duration) -> MockServer {
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new("AK", "AS", "CK")]);
    config.service_accounts = vec![ovh_connectivity_mock::ServiceAccount::new("partner-app", "s3cret")];
    config.token_lifetime = lifetime;
    mock(config).await
}

async fn tokens_issued(server: &MockServer) -> usize {
    let transport = ovh_connectivity_hyper::HyperTransport::new().unwrap();
    let request = http::Request::get(format!("{}/__admin/requests", server.root_url())).body(Vec::new()).unwrap();
    let answer = ovh_connectivity_client::Transport::send(&transport, request).await.unwrap();
    let log: serde_json::Value = serde_json::from_slice(answer.body()).unwrap();
    log.as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["path"] == "/auth/oauth2/token" && entry["status"] == 200)
        .count()
}

fn service_account_client(server: &MockServer, poll: PollPolicy) -> ovh_connectivity_hyper::Client {
    let config = ConfigBuilder::new()
        .endpoint(server.base_url())
        .client_credentials("partner-app", "s3cret")
        .token_url(format!("{}/auth/oauth2/token", server.root_url()))
        .poll_policy(poll)
        .build()
        .unwrap();
    client_with_config(config).unwrap()
}

#[tokio::test]
async fn a_service_account_calls_signed_routes_with_one_token_for_concurrent_calls() {
    let server = service_account_mock(Duration::from_secs(3599)).await;
    let client = std::sync::Arc::new(service_account_client(&server, FAST));
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client.test_line_partners(&TestLineRequest::new("0123456789", LineStatus::Active)).await
            })
        })
        .collect();
    for call in calls {
        assert!(!call.await.unwrap().unwrap().result.offers.is_empty());
    }
    assert_eq!(tokens_issued(&server).await, 1, "one fetch served the 8 concurrent calls");
    assert!(client.time_offset().is_none(), "Bearer calls need no clock offset");
}

#[tokio::test]
async fn a_token_expiring_in_the_middle_of_a_polled_task_costs_one_extra_token() {
    let mut server_config = embedded();
    server_config.auth = AuthMode::Verify(vec![Credential::new("AK", "AS", "CK")]);
    server_config.service_accounts = vec![ovh_connectivity_mock::ServiceAccount::new("partner-app", "s3cret")];
    // Tokens of 2 s, a task of 4 pending answers 500 ms apart: the first token runs out
    // during the task (the client replaces it 200 ms early), the second outlives it.
    server_config.token_lifetime = Duration::from_secs(2);
    server_config.settings.pending = Some(4);
    let server = mock(server_config).await;
    let client = service_account_client(&server, PollPolicy::new(Duration::from_millis(500), Duration::from_secs(10)));
    let test = client.test_line_partners(&TestLineRequest::new("0123456789", LineStatus::Active)).await.unwrap();
    assert_eq!(test.polls, 5, "the task completes");
    assert_eq!(tokens_issued(&server).await, 2, "exactly one extra token request");
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused_by_the_token_endpoint() {
    let server = service_account_mock(Duration::from_secs(3599)).await;
    let config = ConfigBuilder::new()
        .endpoint(server.base_url())
        .client_credentials("partner-app", "wrong")
        .token_url(format!("{}/auth/oauth2/token", server.root_url()))
        .build()
        .unwrap();
    let error = client_with_config(config).unwrap().list_recalls().await.unwrap_err();
    assert!(
        matches!(&error, Error::TokenRefused(refused) if refused.error.as_deref() == Some("invalid_client")),
        "{error}"
    );
}
