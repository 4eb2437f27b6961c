//! `--proxy` when the upstream fails: down, slow, answering HTML, answering 503. Each gets the
//! documented OVH-shaped 502 or 504 naming the upstream, nothing is recorded, and the mock
//! keeps serving. Signed routes: an application-key call is signed again with the upstream
//! credentials or refused; a Bearer token goes through. An HTTPS upstream with a certificate
//! made for the test.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ovh_connectivity_mock::{AuthMode, Credential, Fault, MockConfig, ServiceAccount, UpstreamCredentials};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::proxy::{files, polled, proxy_config, temp_dir, world_upstream};
use crate::support::{AK, API, AS, CK, post, send, sign, start};

/// A server that reads a request and writes `answer` as it is (`None`: never answers).
async fn canned(answer: Option<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer).await;
                match answer {
                    Some(answer) => {
                        let _ = stream.write_all(answer.as_bytes()).await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(60)).await,
                }
            });
        }
    });
    format!("http://{addr}/1.0")
}

const HTML: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 20\r\nconnection: close\r\n\r\n<html>login</html>\r\n";

#[tokio::test]
async fn a_failing_upstream_gets_a_502_or_504_naming_it_nothing_is_recorded_and_the_mock_keeps_serving() {
    let down = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/1.0", listener.local_addr().unwrap())
    };
    let slow = canned(None).await;
    let html = canned(Some(HTML)).await;
    let unavailable = {
        let mut config = MockConfig::new(Default::default());
        config.settings.fault = Some(Fault::parse("503").unwrap());
        config.settings.fault_percent = 100;
        start(config).await
    };
    let cases = [
        (down.clone(), 502, "could not be reached"),
        (slow.clone(), 504, "did not answer within 500 ms"),
        (html.clone(), 502, "not JSON (text/html)"),
        (unavailable.base_url(), 502, "answered HTTP 503"),
    ];
    for (upstream, status, needle) in cases {
        let dir = temp_dir(&format!("fail-{status}-{}", needle.len()));
        let mut config = proxy_config(&upstream, Some(&dir), 1);
        config.upstream.timeout = Duration::from_millis(500);
        let proxy = start(config).await;
        let started = Instant::now();
        let answer = post(proxy.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"44000"}"#).await;
        assert!(started.elapsed() < Duration::from_secs(5), "{upstream}: {:?}", started.elapsed());
        answer.assert_ovh_error(status, needle);
        answer.assert_ovh_error(status, &upstream);
        assert!(files(&dir).is_empty(), "{upstream}: {:?}", files(&dir));
        // Still serving: the admin API, and the next forwarded request gets the same answer.
        assert_eq!(send(proxy.addr(), "GET", "/__admin/health", &[], None).await.status, 200);
        let again = post(proxy.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"44000"}"#).await;
        again.assert_ovh_error(status, needle);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn an_upstream_4xx_passes_through_as_it_came_and_is_recorded() {
    let upstream = world_upstream(0).await;
    let dir = temp_dir("4xx");
    let proxy = start(proxy_config(&upstream.base_url(), Some(&dir), 1)).await;
    // A recall that does not exist: the upstream's 404, byte for byte.
    let path = "/1.0/connectivity/eligibility/recall/999";
    let direct = send(upstream.addr(), "GET", path, &[], None).await;
    let proxied = send(proxy.addr(), "GET", path, &[], None).await;
    assert_eq!((proxied.status, proxied.text()), (direct.status, direct.text()));
    assert!(proxied.status >= 400 && proxied.status < 500, "{}", proxied.text());
    assert!(dir.join("recall/get-999.json").exists(), "{:?}", files(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}

/// An upstream that checks signatures and tokens.
async fn verifying_upstream() -> ovh_connectivity_mock::MockServer {
    let mut config = MockConfig::new(Default::default());
    config.settings.pending = Some(0);
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    config.service_accounts = vec![ServiceAccount::new("recorder", "s3cret-of-the-account")];
    start(config).await
}

const PARTNERS: &str = "/connectivity/eligibility/test/line/partners";
const LINE: &str = r#"{"lineNumber":"0240123456","status":"active"}"#;

/// A call signed by the caller for the mock's URL, with keys the upstream does not know.
async fn signed_call(proxy: &ovh_connectivity_mock::MockServer) -> crate::support::Answer {
    let url = format!("{}{PARTNERS}", proxy.base_url());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let signature = sign("POST", &url, LINE, now);
    let timestamp = now.to_string();
    let headers = [
        ("content-type", "application/json"),
        ("x-ovh-application", "caller-app"),
        ("x-ovh-consumer", "caller-consumer"),
        ("x-ovh-timestamp", timestamp.as_str()),
        ("x-ovh-signature", signature.as_str()),
    ];
    send(proxy.addr(), "POST", &format!("/1.0{PARTNERS}"), &headers, Some(LINE)).await
}

#[tokio::test]
async fn an_application_key_call_is_signed_again_with_the_upstream_credentials_or_refused() {
    let upstream = verifying_upstream().await;
    let refusing = start(proxy_config(&upstream.base_url(), None, 1)).await;
    signed_call(&refusing).await.assert_ovh_error(401, "--upstream-credentials");

    // A Bearer token the upstream refuses: its 401 passes through, and is not recorded (it
    // says who called, not what the API holds; replayed, it would refuse every caller).
    let unrecorded = temp_dir("refused-login");
    let recording = start(proxy_config(&upstream.base_url(), Some(&unrecorded), 1)).await;
    let headers = [("content-type", "application/json"), ("authorization", "Bearer not-a-token-of-the-upstream")];
    let refused = send(recording.addr(), "POST", &format!("/1.0{PARTNERS}"), &headers, Some(LINE)).await;
    assert_eq!(refused.status, 401, "{}", refused.text());
    assert!(files(&unrecorded).is_empty(), "{:?}", files(&unrecorded));
    let _ = std::fs::remove_dir_all(&unrecorded);

    let dir = temp_dir("signed");
    let mut config = proxy_config(&upstream.base_url(), Some(&dir), 1);
    config.proxy.as_mut().unwrap().can_sign = true;
    config.upstream.credentials = Some(UpstreamCredentials::Application(Credential::new(AK, AS, CK)));
    let signing = start(config).await;
    let answer = signed_call(&signing).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["status"], "ok", "{}", answer.text());

    // A service account of the upstream credentials gets its own token from the token URL.
    let mut config = proxy_config(&upstream.base_url(), Some(&dir), 1);
    config.proxy.as_mut().unwrap().can_sign = true;
    config.upstream.credentials = Some(UpstreamCredentials::Service {
        account: ServiceAccount::new("recorder", "s3cret-of-the-account"),
        token_url: format!("{}/auth/oauth2/token", upstream.root_url()),
    });
    let with_account = start(config).await;
    let answer = signed_call(&with_account).await;
    assert_eq!(answer.status, 200, "{}", answer.text());

    // Nothing of any credential is in the recording.
    let recorded = files(&dir);
    assert!(!recorded.is_empty());
    for (path, text) in &recorded {
        for secret in [AK, AS, CK, "caller-app", "caller-consumer", "s3cret-of-the-account", "recorder", "Bearer"] {
            assert!(!text.contains(secret), "{} holds `{secret}`:\n{text}", path.display());
        }
        let lower = text.to_ascii_lowercase();
        for header in ["x-ovh-", "authorization", "x-mock-session", "oauth2"] {
            assert!(!lower.contains(header), "{} holds `{header}`:\n{text}", path.display());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_bearer_token_from_the_upstream_goes_through_unchanged() {
    let upstream = verifying_upstream().await;
    let proxy = start(proxy_config(&upstream.base_url(), None, 1)).await;
    let form = "grant_type=client_credentials&client_id=recorder&client_secret=s3cret-of-the-account&scope=all";
    let token = send(
        upstream.addr(),
        "POST",
        "/auth/oauth2/token",
        &[("content-type", "application/x-www-form-urlencoded")],
        Some(form),
    )
    .await
    .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let bearer = format!("Bearer {token}");
    let headers = [("content-type", "application/json"), ("authorization", bearer.as_str())];
    let answer = send(proxy.addr(), "POST", &format!("/1.0{PARTNERS}"), &headers, Some(LINE)).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    // The mock's own token endpoint is not forwarded: it answers it itself (no service account
    // here, so the credentials are refused).
    let own = send(
        proxy.addr(),
        "POST",
        "/auth/oauth2/token",
        &[("content-type", "application/x-www-form-urlencoded")],
        Some(form),
    )
    .await;
    assert_eq!(own.status, 401, "{}", own.text());
}

/// An HTTPS front for `upstream`, for the host `name`, with a certificate made for the test.
pub(crate) async fn https_front(
    upstream: std::net::SocketAddr,
    name: &str,
) -> (u16, rustls::pki_types::CertificateDer<'static>) {
    let (acceptor, cert) = crate::self_signed::self_signed(name);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else { return };
                let Ok(mut plain) = tokio::net::TcpStream::connect(upstream).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    (port, cert)
}

#[tokio::test]
async fn an_https_upstream_is_called_with_the_roots_given_and_refused_with_others() {
    let upstream = world_upstream(0).await;
    let (port, cert) = https_front(upstream.addr(), "localhost").await;
    let base = format!("https://localhost:{port}/1.0");
    let mut config = proxy_config(&base, None, 1);
    config.upstream.tls = Some(trusting(cert));
    let trusting = start(config).await;
    let path = format!("{API}/search/cities");
    let answers = polled(trusting.addr(), &path, r#"{"zipCode":"44000"}"#, "tls").await;
    assert_eq!(answers[0].status, 200, "{}", answers[0].text());
    assert_eq!(answers[0].json()["status"], "ok");

    // Mozilla's roots do not know the test certificate: a 502 naming the upstream.
    let mut default = proxy_config(&base, None, 1);
    default.upstream.tls = None;
    let default = start(default).await;
    let refused = post(default.addr(), &path, r#"{"zipCode":"44000"}"#).await;
    refused.assert_ovh_error(502, &base);
    refused.assert_ovh_error(502, "certificate");
}

/// TLS trusting `cert` alone.
pub(crate) fn trusting(cert: rustls::pki_types::CertificateDer<'static>) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).unwrap();
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// A forward proxy that opens `CONNECT` tunnels, and alone can reach `api.test.invalid`
/// (the HTTPS front at `front`): a direct connection cannot pass by accident. It notes
/// every authority asked for.
async fn connect_proxy(front: u16) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let noted = asked.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let noted = noted.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read_exact(&mut byte).await.is_ok() {
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let authority = head.split_whitespace().nth(1).unwrap_or("").to_owned();
                noted.lock().unwrap().push(authority.clone());
                if !head.starts_with("CONNECT ") || authority != format!("api.test.invalid:{front}") {
                    let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n").await;
                    return;
                }
                let Ok(mut upstream) = tokio::net::TcpStream::connect(("127.0.0.1", front)).await else { return };
                let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await;
                let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
            });
        }
    });
    (format!("http://{addr}"), asked)
}

#[tokio::test]
async fn an_https_upstream_is_reached_through_https_proxy_unless_no_proxy_names_it() {
    let upstream = world_upstream(0).await;
    let (port, cert) = https_front(upstream.addr(), "api.test.invalid").await;
    let (proxy_url, asked) = connect_proxy(port).await;
    let base = format!("https://api.test.invalid:{port}/1.0");
    let path = format!("{API}/search/cities");

    let mut config = proxy_config(&base, None, 1);
    config.upstream.tls = Some(trusting(cert.clone()));
    config.upstream.https_proxy = Some(proxy_url.clone());
    config.upstream.no_proxy = Some("localhost,127.0.0.1".to_owned());
    let tunnelled = start(config).await;
    let answer = post(tunnelled.addr(), &path, r#"{"zipCode":"44000"}"#).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(asked.lock().unwrap().as_slice(), [format!("api.test.invalid:{port}")]);

    // NO_PROXY names the host: a direct connection, which cannot resolve it.
    let mut config = proxy_config(&base, None, 1);
    config.upstream.tls = Some(trusting(cert));
    config.upstream.https_proxy = Some(proxy_url);
    config.upstream.no_proxy = Some(".test.invalid".to_owned());
    let direct = start(config).await;
    let refused = post(direct.addr(), &path, r#"{"zipCode":"44000"}"#).await;
    refused.assert_ovh_error(502, "could not be reached");
    assert_eq!(asked.lock().unwrap().len(), 1, "the proxy was not asked again");

    // A proxy reached over TLS is refused at start, with the variable's name.
    let mut config = proxy_config(&base, None, 1);
    config.upstream.https_proxy = Some("https://user:secret@proxy.example:3128".to_owned());
    let error = ovh_connectivity_mock::MockServer::start(config).await.unwrap_err().to_string();
    assert!(error.contains("HTTPS_PROXY") && !error.contains("secret"), "{error}");
}

#[tokio::test]
async fn a_proxy_pointed_at_itself_says_so_at_once_instead_of_looping() {
    // The mock's own address, known only once it listens: bind, then point the proxy there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let mut config = proxy_config(&format!("http://{addr}/1.0"), None, 1);
    config.addr = addr;
    config.upstream.timeout = Duration::from_secs(20);
    let proxy = start(config).await;
    let started = Instant::now();
    let answer = post(proxy.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"44000"}"#).await;
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    // The request came back once and was answered 508 there; the caller gets the 502 of a
    // failing upstream, quoting it.
    answer.assert_ovh_error(502, "answered HTTP 508");
    answer.assert_ovh_error(502, "names the mock itself");
}
