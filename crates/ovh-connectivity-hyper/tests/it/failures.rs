use std::time::Duration;

use ovh_connectivity_client::{Config, Error, PollPolicy};
use ovh_connectivity_hyper::types::SearchCitiesRequest;
use ovh_connectivity_hyper::{Client, HyperTransport, TokioClock};
use tokio::net::TcpListener;

fn client(base_url: &str, transport: HyperTransport) -> Client {
    let mut config = Config::for_base_url(base_url).unwrap();
    config.poll = PollPolicy::new(Duration::from_millis(10), Duration::from_secs(5));
    Client::new(config, transport, TokioClock::new())
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts, reads nothing, answers nothing.
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            held.push(stream);
        }
    });
    let transport = HyperTransport::builder().request_timeout(Duration::from_millis(300)).build().unwrap();
    let client = client(&format!("http://{addr}/1.0"), transport);
    let started = std::time::Instant::now();
    let error = client.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert!(transport_error.is_timeout(), "{transport_error:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(error.to_string().contains("may or may not have reached"), "{error}");
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
    assert!(transport_error.is_connect(), "{transport_error:?}");
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
    assert!(transport_error.is_connect(), "TLS handshake failures are connect errors: {transport_error:?}");
    plain.abort();
}
