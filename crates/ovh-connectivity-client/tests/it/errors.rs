//! Each error variant is reached, and says what happened and what to do.

use std::convert::Infallible;

use std::time::Duration;

use ovh_connectivity_client::{
    Client, Config, ConfigBuilder, ConnectorErrorKind, Error, HttpRequest, HttpResponse, NotSent,
};
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

fn failing(
    kind: std::io::ErrorKind,
) -> impl Fn(HttpRequest) -> std::future::Ready<Result<HttpResponse, std::io::Error>> + Send + Sync {
    move |_request| std::future::ready(Err(std::io::Error::new(kind, "os said no")))
}

/// No text meant for people carries Rust's debug notation.
fn assert_words(text: &str) {
    for debug in ["None", "Some(", "Ok(", "Err(", "{ ", "Duration", "ConnectorError", "Kind"] {
        assert!(!text.contains(debug), "`{debug}` in: {text}");
    }
}

#[test]
fn a_refused_connection_names_the_url_and_says_it_was_not_sent() {
    let client = public(failing(std::io::ErrorKind::ConnectionRefused));
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
    let Error::Transport(connector) = &error else { panic!("{error:?}") };
    assert_eq!(connector.kind(), ConnectorErrorKind::Refused);
    assert!(connector.request_not_sent());
    assert_eq!(connector.url(), Some("https://eu.api.ovh.com/1.0/connectivity/eligibility/search/cities"));
    let text = error.to_string();
    assert_eq!(
        text,
        "cannot connect to https://eu.api.ovh.com/1.0/connectivity/eligibility/search/cities: the connection was \
         refused (is the server running there?); the request was not sent"
    );
    assert_words(&text);
}

#[test]
fn each_kind_of_failure_says_whether_the_request_may_have_been_sent() {
    use std::io::ErrorKind as Io;
    for (io, kind, not_sent, words) in [
        (Io::NotFound, ConnectorErrorKind::Unreachable, true, "cannot connect to https://"),
        (Io::ConnectionReset, ConnectorErrorKind::CutMidAnswer, false, "was cut before the whole answer came"),
        (Io::UnexpectedEof, ConnectorErrorKind::CutMidAnswer, false, "was cut before the whole answer came"),
        (Io::TimedOut, ConnectorErrorKind::TimedOut, false, "no complete answer from https://"),
        (Io::PermissionDenied, ConnectorErrorKind::Other, false, "the exchange with https://"),
    ] {
        let client = public(failing(io));
        let error = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
        let Error::Transport(connector) = &error else { panic!("{error:?}") };
        assert_eq!((connector.kind(), connector.request_not_sent()), (kind, not_sent), "{io:?}");
        let text = error.to_string();
        assert!(text.contains(words) && text.contains("os said no"), "{text}");
        let promise = if not_sent { "the request was not sent" } else { "the request may have reached the API" };
        assert!(text.ends_with(promise), "{text}");
        assert!(!text.contains("may or may not"), "{text}");
        assert_words(&text);
    }
}

#[test]
fn a_send_that_never_ends_is_cut_at_the_request_timeout_by_the_clock() {
    let never = |_request: HttpRequest| std::future::pending::<Result<HttpResponse, Infallible>>();
    let config = ConfigBuilder::new().endpoint(BASE).request_timeout(Some(Duration::from_secs(7))).build().unwrap();
    let client = Client::new(config, never, virtual_clock());
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
    let Error::Transport(connector) = &error else { panic!("{error:?}") };
    assert_eq!(connector.kind(), ConnectorErrorKind::TimedOut);
    assert_eq!(connector.timeout(), Some(Duration::from_secs(7)));
    assert_eq!(client.clock().sleeps(), [Duration::from_secs(7)], "one timer, on the virtual clock");
    assert_eq!(
        error.to_string(),
        "no complete answer from https://eu.api.ovh.com/1.0/connectivity/eligibility/search/cities within 7 s; \
         the request may have reached the API"
    );
}

#[test]
fn the_request_timeout_is_sixty_seconds_unless_set_and_can_be_turned_off() {
    assert_eq!(Config::for_base_url(BASE).unwrap().request_timeout, Some(Duration::from_secs(60)));
    let off = ConfigBuilder::new().endpoint(BASE).request_timeout(None).build().unwrap();
    assert_eq!(off.request_timeout, None);
}

#[test]
fn an_answer_at_once_starts_no_timer() {
    let client = public(answering(200, r#"{"status":"ok","result":[],"error":null}"#));
    block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap();
    assert!(client.clock().sleeps().is_empty());
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

    assert!(error.to_string().ends_with("(X-Ovh-QueryID: EU.ext-3.abc)"), "{error}");
    assert_words(&error.to_string());

    let trailing = public(answering(200, r#"[] []"#));
    let error = block_on(trailing.work_planned(&WorkPlannedQuery::default())).unwrap_err();
    assert!(matches!(&error, Error::Decode(decode) if decode.path == "."), "{error:?}");
}

#[test]
fn bad_configuration_is_refused_when_it_is_built() {
    // A configuration is checked once, by the builder: a client never holds a bad one.
    let error = ConfigBuilder::new().endpoint("ovh-mars").build().unwrap_err();
    assert!(error.to_string().contains("ovh-eu"), "{error}");
}

#[test]
fn an_answer_without_a_query_id_is_said_so_in_words() {
    let anonymous =
        |_request: HttpRequest| std::future::ready(Ok::<_, Infallible>(HttpResponse::new(b"<html>".to_vec())));
    let error = block_on(public(anonymous).search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
    assert!(matches!(&error, Error::Decode(decode) if decode.query_id.is_none()), "{error:?}");
    assert!(error.to_string().ends_with("(the answer has no X-Ovh-QueryID)"), "{error}");
    assert_words(&error.to_string());

    let refused = |_request: HttpRequest| {
        let mut response = HttpResponse::new(b"Service Unavailable".to_vec());
        *response.status_mut() = http::StatusCode::SERVICE_UNAVAILABLE;
        std::future::ready(Ok::<_, Infallible>(response))
    };
    let error = block_on(public(refused).search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err();
    assert!(matches!(&error, Error::Api(api) if api.query_id.is_none()), "{error:?}");
    assert_words(&error.to_string());
}
