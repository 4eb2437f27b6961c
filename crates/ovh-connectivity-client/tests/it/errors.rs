//! Each error variant is reached, and says what happened and what to do.

use std::convert::Infallible;

use ovh_connectivity_client::{Client, Config, ConfigBuilder, Error, HttpRequest, HttpResponse, NotSent};
use ovh_connectivity_types::*;

use crate::support::*;

fn answering(
    status: u16,
    body: &'static str,
) -> impl Fn(HttpRequest) -> std::future::Ready<Result<HttpResponse, Infallible>> + Send + Sync {
    move |_request| {
        let mut response = HttpResponse::new(body.as_bytes().to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        response.headers_mut().insert("x-ovh-queryid", "EU.ext-3.abc".parse().unwrap());
        std::future::ready(Ok(response))
    }
}

fn public<T: ovh_connectivity_client::Transport>(transport: T) -> Client<T, VirtualClock> {
    Client::new(Config::for_base_url(BASE).unwrap(), transport, virtual_clock())
}

#[test]
fn a_signed_route_without_credentials_is_never_sent() {
    let client = public(answering(200, "[]"));
    let error = block_on(client.list_recalls()).unwrap_err();
    assert!(matches!(error, Error::NotSent(NotSent::NeedsCredentials(Operation::ListRecalls))), "{error:?}");
    assert!(error.to_string().contains("consumer_key"), "{error}");
}

#[test]
fn a_signed_route_without_consumer_key_is_never_sent_not_even_the_time_request() {
    let config = ConfigBuilder::new().endpoint(BASE).application(AK, AS).build().unwrap();
    let client = Client::new(config, fixture_transport(), virtual_clock());
    let error = block_on(client.list_recalls()).unwrap_err();
    assert!(matches!(error, Error::NotSent(NotSent::NeedsCredentials(Operation::ListRecalls))), "{error:?}");
    assert!(client.transport().sent().is_empty(), "nothing was sent");
}

#[derive(Debug, thiserror::Error)]
#[error("connection refused")]
struct Refused;

#[test]
fn transport_failures_are_reported_as_such() {
    let client = public(|_request: HttpRequest| std::future::ready(Err::<HttpResponse, _>(Refused)));
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
    assert!(matches!(error, Error::Transport(Refused)), "{error:?}");
    assert!(error.to_string().contains("may or may not have reached"), "{error}");
}

#[test]
fn api_errors_carry_class_message_and_query_id() {
    let client = public(answering(404, r#"{"class":"Client::NotFound","message":"This service does not exist"}"#));
    let error = block_on(client.get_eligibility_test(&GetEligibilityTestQuery::new("x"))).unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!((api.status, api.class.as_deref()), (404, Some("Client::NotFound")));
    assert_eq!(api.query_id.as_deref(), Some("EU.ext-3.abc"));
    assert_eq!(
        error.to_string(),
        "OVH API error (HTTP 404): Client::NotFound: \"This service does not exist\" (X-Ovh-QueryID: EU.ext-3.abc)"
    );

    let legacy = public(answering(
        400,
        r#"{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"}"#,
    ));
    let error = block_on(legacy.search_cities(&SearchCitiesRequest::new("1"))).unwrap_err();
    assert!(
        error.to_string().contains("INVALID_SIGNATURE") && error.to_string().contains("application secret"),
        "{error}"
    );

    let gateway = public(answering(502, "<html>Bad Gateway</html>"));
    let error = block_on(gateway.search_cities(&SearchCitiesRequest::new("1"))).unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.raw_body.as_deref(), Some("<html>Bad Gateway</html>"));
    assert!(error.to_string().contains("not an OVH error"), "{error}");
}

#[test]
fn an_http_error_fixture_is_an_api_error() {
    let client = client();
    let error = block_on(client.get_recall(999)).unwrap_err();
    let Error::Api(api) = error else { panic!("{error:?}") };
    assert_eq!(api.message.as_deref(), Some("The requested object (id = 999) does not exist"));
}

#[test]
fn undecodable_answers_name_the_json_path_and_keep_the_body() {
    let body = r#"{"status":"ok","error":null,"result":[{"city":"ORSAY","zipCode":"91400"}]}"#;
    let client = public(answering(200, body));
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
    let Error::Decode(decode) = &error else { panic!("{error:?}") };
    assert_eq!(decode.path, "result[0]");
    assert!(decode.message.contains("inseeCode"), "{}", decode.message);
    assert_eq!(decode.raw_body, body);
    assert!(error.to_string().starts_with("POST /connectivity/eligibility/search/cities"), "{error}");

    let trailing = public(answering(200, r#"[] []"#));
    let error = block_on(trailing.work_planned(&WorkPlannedQuery::default())).unwrap_err();
    assert!(matches!(&error, Error::Decode(decode) if decode.path == "."), "{error:?}");
}

#[test]
fn bad_configuration_is_never_sent() {
    let error = ConfigBuilder::new().endpoint("ovh-mars").build().unwrap_err();
    assert!(error.to_string().contains("ovh-eu"), "{error}");
    let error: Error<Infallible> = Error::NotSent(NotSent::Config(error));
    assert!(error.to_string().starts_with("request not sent"), "{error}");
}
