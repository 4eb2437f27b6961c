//! What another project does with the packaged crates.

use std::time::Duration;

use downstream_check::{eligible_codes, line_request};
use ovh_connectivity_client::test_util::{FixtureTransport, VirtualClock, block_on};
use ovh_connectivity_client::types::{AsyncTask, EligibilityTest, SearchCitiesRequest};
use ovh_connectivity_client::{Client, Config, HttpRequest, HttpResponse};

const BASE: &str = "https://eu.api.ovh.com/1.0";

#[test]
fn the_types_alone_build_requests_and_read_answers() {
    let request = serde_json::to_string(&line_request("0123456789")).unwrap();
    assert_eq!(request, r#"{"lineNumber":"0123456789","status":"active"}"#);
    let answer = r#"{"status":"ok","error":null,"result":{"eligibilityReference":"x","endpoint":{"reference":"0123456789","referenceType":"lineNumber"},
        "offers":[{"product":{"code":"ADSL-MAX_FULL","name":"ADSL","type":"ADSL","downloadRate":20,"uploadRate":1,"guaranteed":false,"grt":[],"pairs":1,"provider":"KOSC"},
                   "eligibility":{"eligible":true,"activationTypes":["create"],"estimatedDownloadRate":8.2,"estimatedUploadRate":1,"reasons":[],"underConditions":[]}}]}}"#;
    let task: AsyncTask<EligibilityTest> = serde_json::from_str(answer).unwrap();
    assert_eq!(eligible_codes(task.result.as_ref().unwrap()), ["ADSL-MAX_FULL"]);
}

#[test]
fn the_client_runs_on_a_closure_transport() {
    let transport = |_request: HttpRequest| async {
        let body = br#"{"status":"ok","result":[{"city":"ORSAY","inseeCode":"91471","locality":"ORSAY","zipCode":"91400"}],"error":null}"#;
        Ok::<_, std::convert::Infallible>(HttpResponse::new(body.to_vec()))
    };
    let client = Client::new(Config::for_base_url(BASE).unwrap(), transport, VirtualClock::new(1_700_000_000));
    let cities = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap();
    assert_eq!(cities.result[0].city, "ORSAY");
    assert_eq!(cities.polls, 1);
}

#[test]
fn test_util_answers_the_documented_exchanges_without_a_server() {
    let client =
        Client::new(Config::for_base_url(BASE).unwrap(), FixtureTransport::embedded(BASE), VirtualClock::new(0));
    let test = block_on(client.test_line(&line_request("0123456789"))).unwrap();
    assert_eq!(test.polls, 3, "two pending answers, as documented");
    assert_eq!(eligible_codes(&test.result), ["ADSL-MAX_FULL"]);
    // The default policy backs off: 1 s, then 2 s (then 4 s, then every 5 s).
    assert_eq!(client.clock().sleeps(), [Duration::from_secs(1), Duration::from_secs(2)]);
}

#[tokio::test]
async fn the_reqwest_adapter_calls_the_packaged_mock() {
    use ovh_connectivity_mock::{MockConfig, MockServer};
    use ovh_connectivity_reqwest::{PollPolicy, ReqwestTransport, SystemClock};
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let mut config = Config::for_base_url(&server.base_url()).unwrap();
    config.poll = PollPolicy::new(Duration::from_millis(10), Duration::from_secs(5));
    let client = Client::new(config, ReqwestTransport::new(), SystemClock::new(tokio::time::sleep));
    let cities = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap();
    assert_eq!(cities.result.len(), 3, "the packaged fixtures are served");
    let world = client.search_cities(&SearchCitiesRequest::new("75011")).await.unwrap();
    assert_eq!(world.result[0].city, "PARIS", "and the packaged world");
}
