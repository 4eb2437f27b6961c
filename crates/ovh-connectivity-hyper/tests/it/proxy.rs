//! Behind a forward proxy: a proxy written for the test on 127.0.0.1, forwarding plain HTTP and
//! tunnelling HTTPS with `CONNECT`. The API's host name, `api.test.invalid`, is one only the
//! proxy can resolve (it maps it to the mock, or to a TLS front of the mock), so a request
//! that bypassed the proxy could not pass by accident.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use ovh_connectivity_client::{Config, ConnectorErrorKind, Error, PollPolicy};
use ovh_connectivity_hyper::types::{LineStatus, SearchCitiesRequest, TestLineRequest};
use ovh_connectivity_hyper::{Client, HyperTransport, Proxies, TokioClock};
use ovh_connectivity_mock::{MockConfig, MockServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const HOST: &str = "api.test.invalid";

/// What the proxy saw: each request line (`CONNECT api.test.invalid:443 HTTP/1.1`, or
/// `GET http://api.test.invalid/1.0/... HTTP/1.1`) and its `Proxy-Authorization`, if any.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Request>>>);

/// A request line and its `Proxy-Authorization`.
type Request = (String, Option<String>);

impl Seen {
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().iter().map(|(line, _)| line.clone()).collect()
    }

    fn credentials(&self) -> Vec<Option<String>> {
        self.0.lock().unwrap().iter().map(|(_, auth)| auth.clone()).collect()
    }
}

/// Reads a request or answer head, up to its blank line; what follows it is returned too.
async fn read_head(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            return Some((String::from_utf8(buffer).ok()?, rest));
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// A forward proxy: `CONNECT host:port` opens a tunnel, any other method is forwarded (one
/// request per connection, closed after the answer). `resolve` maps `host:port` to where the
/// proxy connects; a host it does not know gets 502.
async fn forward_proxy(resolve: impl Fn(&str) -> Option<SocketAddr> + Send + Sync + 'static) -> (SocketAddr, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Seen::default();
    let record = seen.clone();
    let resolve = Arc::new(resolve);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let (record, resolve) = (record.clone(), resolve.clone());
            tokio::spawn(async move {
                let Some((head, rest)) = read_head(&mut client).await else { return };
                let mut lines = head.split("\r\n");
                let request_line = lines.next().unwrap_or_default().to_owned();
                let auth = lines
                    .clone()
                    .find_map(|l| {
                        l.split_once(':').filter(|(name, _)| name.eq_ignore_ascii_case("proxy-authorization"))
                    })
                    .map(|(_, value)| value.trim().to_owned());
                record.0.lock().unwrap().push((request_line.clone(), auth));
                let mut words = request_line.split(' ');
                let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
                let authority = if method == "CONNECT" {
                    target.to_owned()
                } else {
                    let without_scheme = target.strip_prefix("http://").unwrap_or_default();
                    let authority = without_scheme.split('/').next().unwrap_or_default();
                    if authority.contains(':') { authority.to_owned() } else { format!("{authority}:80") }
                };
                let Some(upstream_addr) = resolve(&authority) else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n").await;
                    return;
                };
                let Ok(mut upstream) = TcpStream::connect(upstream_addr).await else { return };
                if method == "CONNECT" {
                    let _ = client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").await;
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                    return;
                }
                // Origin form for the server, no proxy credentials, and one request only.
                let path = &target["http://".len() + authority.trim_end_matches(":80").len()..];
                let mut forwarded = format!("{method} {path} HTTP/1.1\r\n");
                for line in lines.filter(|l| !l.is_empty()) {
                    let name = line.split(':').next().unwrap_or_default();
                    if !["proxy-authorization", "connection"].iter().any(|n| name.eq_ignore_ascii_case(n)) {
                        forwarded.push_str(line);
                        forwarded.push_str("\r\n");
                    }
                }
                forwarded.push_str("connection: close\r\n\r\n");
                let _ = upstream.write_all(forwarded.as_bytes()).await;
                let _ = upstream.write_all(&rest).await;
                // The body, if any, follows; then the answer, to its end.
                let (mut client_read, mut client_write) = client.split();
                let (mut upstream_read, mut upstream_write) = upstream.split();
                let _ = tokio::join!(tokio::io::copy(&mut client_read, &mut upstream_write), async {
                    let _ = tokio::io::copy(&mut upstream_read, &mut client_write).await;
                    let _ = client_write.shutdown().await;
                });
            });
        }
    });
    (addr, seen)
}

/// A TLS front for `api.test.invalid` that passes the decrypted bytes to `backend`; its
/// certificate, to trust.
async fn tls_front(backend: SocketAddr) -> (SocketAddr, rustls::pki_types::CertificateDer<'static>) {
    let (acceptor, cert) = crate::self_signed::self_signed(HOST);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else { return };
                let Ok(mut plain) = TcpStream::connect(backend).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    (addr, cert)
}

fn trusting(cert: rustls::pki_types::CertificateDer<'static>) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).unwrap();
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

fn client(base_url: &str, transport: HyperTransport) -> Client {
    let mut config = Config::for_base_url(base_url).unwrap();
    config.poll = PollPolicy::new(std::time::Duration::from_millis(10), std::time::Duration::from_secs(10));
    Client::new(config, transport, TokioClock::new())
}

async fn mock() -> MockServer {
    MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap()
}

#[tokio::test]
async fn plain_http_is_forwarded_by_the_proxy_with_its_credentials() {
    let server = mock().await;
    let mock_addr = server.addr();
    let (proxy, seen) = forward_proxy(move |authority| (authority == "api.test.invalid:80").then_some(mock_addr)).await;
    let transport =
        HyperTransport::builder().proxies(Proxies::none().http(format!("http://me:s3cret@{proxy}"))).build().unwrap();
    let client = client("http://api.test.invalid/1.0", transport);
    let test = client.test_line(&TestLineRequest::new("0123456789", LineStatus::Active)).await.unwrap();
    assert_eq!(test.polls, 3);
    let lines = seen.lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines.iter().all(|l| l == "POST http://api.test.invalid/1.0/connectivity/eligibility/test/line HTTP/1.1"),
        "absolute form, as a forwarding proxy needs: {lines:?}"
    );
    // me:s3cret in Basic.
    assert!(
        seen.credentials().iter().all(|auth| auth.as_deref() == Some("Basic bWU6czNjcmV0")),
        "{:?}",
        seen.credentials()
    );
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_and_tls_is_end_to_end() {
    let server = mock().await;
    let (front, cert) = tls_front(server.addr()).await;
    let (proxy, seen) = forward_proxy(move |authority| (authority == "api.test.invalid:443").then_some(front)).await;
    let transport = HyperTransport::builder()
        .tls_config(trusting(cert))
        .proxies(Proxies::none().https(format!("http://me:s3cret@{proxy}")))
        .build()
        .unwrap();
    let client = client("https://api.test.invalid/1.0", transport);
    let test = client.test_line(&TestLineRequest::new("0123456789", LineStatus::Active)).await.unwrap();
    assert_eq!((test.polls, test.result.offers.len()), (3, 4));
    let lines = seen.lines();
    assert!(!lines.is_empty() && lines.iter().all(|l| l == "CONNECT api.test.invalid:443 HTTP/1.1"), "{lines:?}");
    assert_eq!(seen.credentials()[0].as_deref(), Some("Basic bWU6czNjcmV0"));
    // The tunnel is reused: fewer CONNECTs than requests.
    assert!(lines.len() < 3, "{lines:?}");
}

#[tokio::test]
async fn no_proxy_hosts_are_reached_directly() {
    let server = mock().await;
    let mock_addr = server.addr();
    let (proxy, seen) = forward_proxy(move |_| Some(mock_addr)).await;
    let proxies = Proxies::none().all(format!("http://{proxy}")).no_proxy("127.0.0.1, .test.invalid");
    // A loopback mock, listed: reached directly, the proxy sees nothing.
    let direct = client(&server.base_url(), HyperTransport::builder().proxies(proxies.clone()).build().unwrap());
    let cities = direct.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap();
    assert_eq!(cities.result.len(), 3);
    // api.test.invalid, listed by its domain: the direct connection cannot resolve it.
    let bypassed = client("http://api.test.invalid/1.0", HyperTransport::builder().proxies(proxies).build().unwrap());
    let error = bypassed.search_cities(&SearchCitiesRequest::new("91400")).await.unwrap_err();
    let Error::Transport(connector) = &error else { panic!("{error:?}") };
    assert_eq!(connector.kind(), ConnectorErrorKind::Unreachable, "{error}");
    assert!(seen.lines().is_empty(), "{:?}", seen.lines());
}

#[tokio::test]
async fn a_proxy_that_refuses_the_tunnel_is_a_connect_error_that_was_not_sent() {
    let (proxy, seen) = forward_proxy(|_| None).await;
    let transport = HyperTransport::builder().proxies(Proxies::none().all(format!("http://{proxy}"))).build().unwrap();
    let error = client("https://api.test.invalid/1.0", transport).search_cities(&SearchCitiesRequest::new("1")).await;
    let error = error.unwrap_err();
    let Error::Transport(connector) = &error else { panic!("{error:?}") };
    assert_eq!(connector.kind(), ConnectorErrorKind::Unreachable, "{error}");
    assert_eq!(connector.proxy(), Some(format!("http://{proxy}").as_str()));
    assert!(error.to_string().starts_with(&format!("cannot connect to https://api.test.invalid/1.0/connectivity/eligibility/search/cities through the proxy http://{proxy}")), "{error}");
    assert!(error.to_string().ends_with("the request was not sent"), "{error}");
    assert_eq!(seen.lines(), ["CONNECT api.test.invalid:443 HTTP/1.1"]);
}

#[tokio::test]
async fn a_proxy_that_is_not_running_is_named_as_refusing() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let proxies = Proxies::none().all(format!("http://me:s3cret@127.0.0.1:{port}"));
    for base_url in ["http://api.test.invalid/1.0", "https://api.test.invalid/1.0"] {
        let transport = HyperTransport::builder().proxies(proxies.clone()).build().unwrap();
        let error = client(base_url, transport).search_cities(&SearchCitiesRequest::new("1")).await.unwrap_err();
        let Error::Transport(connector) = &error else { panic!("{error:?}") };
        assert_eq!(connector.kind(), ConnectorErrorKind::Refused, "{error}");
        assert_eq!(
            error.to_string(),
            format!(
                "cannot connect to {base_url}/connectivity/eligibility/search/cities through the proxy \
                 http://127.0.0.1:{port}: the connection was refused (is the proxy running there?); the request was \
                 not sent"
            )
        );
    }
}

#[tokio::test]
async fn the_environment_is_read_by_default_as_curl_reads_it() {
    // The example binary, a process of its own: its environment is set without touching the
    // tests'. It reaches api.test.invalid only through http_proxy.
    let server = mock().await;
    let mock_addr = server.addr();
    let (proxy, seen) = forward_proxy(move |authority| (authority == "api.test.invalid:80").then_some(mock_addr)).await;
    let profile_dir = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().to_path_buf();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = tokio::process::Command::new(cargo)
        .args(["build", "--quiet", "-p", "ovh-connectivity-hyper", "--example", "eligibility", "--target-dir"])
        .arg(profile_dir.parent().unwrap())
        .status()
        .await
        .unwrap();
    assert!(built.success());
    let run = |no_proxy: Option<&str>| {
        let mut command = tokio::process::Command::new(profile_dir.join("examples/eligibility"));
        for name in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "https_proxy", "all_proxy", "no_proxy"] {
            command.env_remove(name);
        }
        command.env("http_proxy", format!("http://{proxy}")).arg("http://api.test.invalid/1.0");
        if let Some(hosts) = no_proxy {
            command.env("NO_PROXY", hosts);
        }
        command.output()
    };
    let output = run(None).await.unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("2 RUE DU VERGER, 91400 ORSAY"), "{stdout}");
    let through = seen.lines().len();
    assert!(through > 5, "{:?}", seen.lines());

    let output = run(Some("api.test.invalid")).await.unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: cannot connect to http://api.test.invalid/1.0/"), "{stderr}");
    assert!(stderr.trim_end().ends_with("the request was not sent"), "{stderr}");
    assert_eq!(seen.lines().len(), through, "NO_PROXY: nothing more went through the proxy");
}
