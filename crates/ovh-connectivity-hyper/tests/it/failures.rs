use std::time::Duration;

use ovh_connectivity_client::{Config, ConnectorErrorKind, Error, PollPolicy};
use ovh_connectivity_hyper::types::SearchCitiesRequest;
use ovh_connectivity_hyper::{Client, HyperTransport, TokioClock};
use tokio::net::TcpListener;

fn client(base_url: &str, transport: HyperTransport) -> Client {
    let mut config = Config::for_base_url(base_url).unwrap();
    config.poll = PollPolicy::new(Duration::from_millis(10), Duration::from_secs(5));
    Client::new(config, transport, TokioClock::new())
}

/// A server on loopback that accepts, reads nothing and answers nothing, until aborted.
async fn silent_server() -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            held.push(stream);
        }
    });
    (addr, silent)
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (addr, silent) = silent_server().await;
    let transport = HyperTransport::builder().request_timeout(Duration::from_millis(300)).build().unwrap();
    let client = client(&format!("http://{addr}/1.0"), transport);
    let started = std::time::Instant::now();
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert_eq!(transport_error.kind(), ConnectorErrorKind::TimedOut, "{transport_error:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(
        error.to_string(),
        format!(
            "no complete answer from http://{addr}/1.0/connectivity/eligibility/search/cities within 0.3 s; \
             the request may have reached the API"
        )
    );
    silent.abort();
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = client(&format!("http://{addr}/1.0"), HyperTransport::new().unwrap());
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert_eq!(transport_error.kind(), ConnectorErrorKind::Refused, "{transport_error:?}");
    assert!(transport_error.request_not_sent());
    assert_eq!(
        error.to_string(),
        format!(
            "cannot connect to http://{addr}/1.0/connectivity/eligibility/search/cities: the connection was refused \
             (is the server running there?); the request was not sent"
        )
    );
}

#[tokio::test]
async fn the_core_request_timeout_bounds_a_silent_server_whatever_the_transport_says() {
    let (addr, silent) = silent_server().await;
    // The transport would wait its default 60 s; the configuration says 0.2 s.
    let mut config = Config::for_base_url(&format!("http://{addr}/1.0")).unwrap();
    config.request_timeout = Some(Duration::from_millis(200));
    let client = Client::new(config, HyperTransport::new().unwrap(), TokioClock::new());
    let started = std::time::Instant::now();
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert_eq!(transport_error.kind(), ConnectorErrorKind::TimedOut);
    assert!(error.to_string().contains("within 0.2 s"), "{error}");
    silent.abort();
}

#[tokio::test]
async fn a_host_name_that_does_not_resolve_is_unreachable_and_not_sent() {
    let client = client("http://api.test.invalid/1.0", HyperTransport::new().unwrap());
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert_eq!(transport_error.kind(), ConnectorErrorKind::Unreachable, "{transport_error:?}");
    let text = error.to_string();
    assert!(text.starts_with("cannot connect to http://api.test.invalid/1.0/"), "{text}");
    assert!(text.ends_with("; the request was not sent"), "{text}");
}

#[tokio::test]
async fn a_connection_cut_mid_answer_may_have_reached_the_api() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let cutting = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut buffer = [0; 4096];
            let _ = stream.read(&mut buffer).await;
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"status\"").await;
            drop(stream);
        }
    });
    let client = client(&format!("http://{addr}/1.0"), HyperTransport::new().unwrap());
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert_eq!(transport_error.kind(), ConnectorErrorKind::CutMidAnswer, "{transport_error:?}");
    assert!(!transport_error.request_not_sent());
    assert!(error.to_string().ends_with("the request may have reached the API"), "{error}");
    cutting.abort();
}

#[tokio::test]
async fn https_to_a_server_that_does_not_speak_tls_fails_to_connect() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let plain = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").await;
        }
    });
    let client = client(&format!("https://{addr}/1.0"), HyperTransport::new().unwrap());
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert_eq!(transport_error.kind(), ConnectorErrorKind::Tls, "{transport_error:?}");
    assert!(transport_error.request_not_sent());
    assert!(error.to_string().contains("the TLS handshake failed"), "{error}");
    plain.abort();
}
