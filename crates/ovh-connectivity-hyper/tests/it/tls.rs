//! HTTPS for real: a rustls server on 127.0.0.1 with a certificate made for the test.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use ovh_connectivity_client::{ConfigBuilder, Error};
use ovh_connectivity_hyper::types::SearchCitiesRequest;
use ovh_connectivity_hyper::{Client, HyperTransport, TokioClock};
use tokio::net::TcpListener;

const ANSWER: &str = r#"{"status":"ok","result":[{"city":"ORSAY","inseeCode":"91471","locality":"ORSAY","zipCode":"91400"}],"error":null}"#;

/// Starts an HTTPS server for `localhost` answering ANSWER; returns its port and the
/// certificate to trust.
async fn tls_server() -> (u16, rustls::pki_types::CertificateDer<'static>) {
    let (acceptor, cert) = crate::self_signed::self_signed("localhost");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else { return };
                let service = service_fn(|_request| async {
                    Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(Bytes::from_static(
                        ANSWER.as_bytes(),
                    ))))
                });
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
            });
        }
    });
    (port, cert)
}

fn client(port: u16, transport: HyperTransport) -> Client {
    let config = ConfigBuilder::new().endpoint(format!("https://localhost:{port}/1.0")).build().unwrap();
    Client::new(config, transport, TokioClock::new())
}

#[tokio::test]
async fn https_with_a_trusted_root_works_and_an_unknown_one_is_refused() {
    let (port, cert) = tls_server().await;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).unwrap();
    let trusting = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let trusting = client(port, HyperTransport::builder().tls_config(trusting).build().unwrap());
    let cities = trusting.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap();
    assert_eq!(cities.result[0].city, "ORSAY");

    // The default transport trusts the public roots only: the test certificate is refused.
    let default = client(port, HyperTransport::new().unwrap());
    let error = default.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(transport_error) = &error else { panic!("{error:?}") };
    assert_eq!(transport_error.kind(), ovh_connectivity_hyper::ConnectorErrorKind::Tls, "{transport_error:?}");
    let text = error.to_string();
    assert!(text.contains("the TLS handshake failed") && text.contains("certificate"), "{text}");
    assert!(text.ends_with("the request was not sent"), "{text}");
}
