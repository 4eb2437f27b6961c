use std::time::Duration;

use ovh_connectivity_mock::{AuthMode, Credential, MockConfig, MockServer};
use ovh_connectivity_reqwest::types::*;
use ovh_connectivity_reqwest::{
    Client, Config, ConfigBuilder, ConnectorErrorKind, Error, PollPolicy, ReqwestTransport, SystemClock,
};

const AK: &str = "TDPKJdwZwAQPwKX2";
const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";

type TokioSleep = fn(Duration) -> tokio::time::Sleep;

fn client(mut config: Config) -> Client<ReqwestTransport, SystemClock<TokioSleep>> {
    config.poll = PollPolicy::new(Duration::from_millis(20), Duration::from_secs(10));
    Client::new(config, ReqwestTransport::new(), SystemClock::new(tokio::time::sleep as TokioSleep))
}

async fn mock(config: MockConfig) -> MockServer {
    MockServer::start(config).await.expect("mock starts")
}

#[tokio::test]
async fn the_guides_flows_over_reqwest() {
    let server = mock(MockConfig::with_embedded_fixtures().unwrap()).await;
    let client = client(Config::for_base_url(&server.base_url()).unwrap());
    let cities = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap();
    assert_eq!(cities.polls, 2, "pending once, then ok");
    let streets = client.search_streets(&SearchStreetsRequest::new(&cities.result[0].insee_code)).await.unwrap().result;
    let verger = streets.iter().find(|s| s.street_name == "RUE DU VERGER").unwrap();
    let buildings = client
        .search_buildings(&SearchBuildingsRequest::at_street_number(&verger.street_code, "2"))
        .await
        .unwrap()
        .result;
    let fiber = client.test_building(&TestBuildingRequest::new(&buildings[0].reference)).await.unwrap();
    assert!(fiber.result.offers.iter().any(|o| o.product.code == "PROFIBER" && o.eligibility.eligible));

    let line = client.test_line(&TestLineRequest::new("0123456789", LineStatus::Active)).await.unwrap();
    assert_eq!(line.polls, 3);
    let reference = GetEligibilityTestQuery::new(&line.result.eligibility_reference);
    assert_eq!(
        client.get_eligibility_test(&reference).await.unwrap().eligibility_reference,
        line.result.eligibility_reference
    );
    let failed = client.test_line(&TestLineRequest::new("0987654321", LineStatus::Inactive)).await.unwrap_err();
    assert!(matches!(failed, Error::TaskFailed { polls: 2, .. }), "{failed:?}");
    let otp = client.test_otp(&TestOtpRequest::new("OO-XXXX-XXXX/C")).await.unwrap();
    assert!(!otp.result.offers.is_empty());
}

#[tokio::test]
async fn a_signed_call_is_verified_by_the_mock_and_a_wrong_secret_refused() {
    let mut config = MockConfig::with_embedded_fixtures().unwrap();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    let server = mock(config).await;
    let signed = ConfigBuilder::new().endpoint(server.base_url()).application(AK, AS).consumer_key(CK).build().unwrap();
    let partner = client(signed);
    let line = partner.test_line_partners(&TestLineRequest::new("0123456789", LineStatus::Active)).await.unwrap();
    assert!(!line.result.offers.is_empty());
    assert!(partner.time_offset().is_some(), "the offset was read from /auth/time");
    let recalls = partner.list_recalls().await.unwrap();
    assert!(!recalls.is_empty());

    let wrong = ConfigBuilder::new()
        .endpoint(server.base_url())
        .application(AK, "not-the-secret")
        .consumer_key(CK)
        .build()
        .unwrap();
    let error = client(wrong).list_recalls().await.unwrap_err();
    let Error::Api(refused) = error else { panic!("{error:?}") };
    assert!(refused.status == 400 || refused.status == 403, "{refused:?}");
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error_and_a_silent_server_a_timeout() {
    // A port nobody listens on: bind, note it, close.
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let closed = client(Config::for_base_url(&format!("http://{addr}/1.0")).unwrap());
    let error = closed.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let text = error.to_string();
    let Error::Transport(transport) = error else { panic!("{error:?}") };
    assert_eq!(transport.kind(), ConnectorErrorKind::Refused, "{transport:?}");
    assert_eq!(
        text,
        format!(
            "cannot connect to http://{addr}/1.0/connectivity/eligibility/search/cities: the connection was refused \
             (is the server running there?); the request was not sent"
        )
    );

    // A server that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let mut config = Config::for_base_url(&format!("http://{silent}/1.0")).unwrap();
    config.poll = PollPolicy::new(Duration::from_millis(20), Duration::from_secs(10));
    let transport = ReqwestTransport::new().request_timeout(Some(Duration::from_millis(200)));
    let client = Client::new(config, transport, SystemClock::new(tokio::time::sleep as TokioSleep));
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport) = error else { panic!("{error:?}") };
    assert_eq!(transport.kind(), ConnectorErrorKind::TimedOut, "{transport:?}");
    assert!(transport.to_string().ends_with("the request may have reached the API"), "{transport}");
    server.abort();
}

#[tokio::test]
async fn a_connection_cut_mid_answer_and_https_to_a_plain_server_are_classified_as_by_hyper() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let cutting = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0; 4096];
            let _ = stream.read(&mut buffer).await;
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"status\"").await;
        }
    });
    let cut = client(Config::for_base_url(&format!("http://{addr}/1.0")).unwrap());
    let error = cut.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("{error:?}") };
    assert_eq!(transport.kind(), ConnectorErrorKind::CutMidAnswer, "{transport:?}");
    assert!(error.to_string().ends_with("the request may have reached the API"), "{error}");

    let tls = client(Config::for_base_url(&format!("https://{addr}/1.0")).unwrap());
    let error = tls.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("{error:?}") };
    assert_eq!(transport.kind(), ConnectorErrorKind::Tls, "{transport:?}");
    assert!(error.to_string().ends_with("the request was not sent"), "{error}");
    cutting.abort();
}

#[tokio::test]
async fn the_world_answers_a_new_users_zip_code_over_reqwest() {
    let server = mock(MockConfig::with_embedded_fixtures().unwrap()).await;
    let client = client(Config::for_base_url(&server.base_url()).unwrap());
    let cities = client.search_cities(&SearchCitiesRequest::new("75011")).await.unwrap();
    assert_eq!(cities.result[0].city, "PARIS");
}
