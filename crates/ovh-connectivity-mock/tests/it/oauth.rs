//! OAuth2 service accounts: the token endpoint (RFC 6749 client credentials, Basic or form
//! authentication, §5.2 errors) and Bearer tokens on the signed routes with `--auth verify`.

use std::time::Duration;

use ovh_connectivity_mock::{AuthMode, Credential, MockConfig, ServiceAccount};
use serde_json::json;

use crate::support::*;

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");
const PARTNER: &str = "/1.0/connectivity/eligibility/test/line/partners";
const LINE: &str = r#"{"lineNumber":"0123456789","status":"active"}"#;

fn config(lifetime: Duration) -> MockConfig {
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new("AK", "AS", "CK")]);
    config.service_accounts = vec![ServiceAccount::new("partner-app", "s3cret:with/odd chars")];
    config.token_lifetime = lifetime;
    config
}

fn basic(id: &str, secret: &str) -> String {
    use base64::Engine;
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", encode(id), encode(secret))))
}

#[tokio::test]
async fn a_service_account_gets_a_token_by_basic_or_form_and_calls_a_signed_route() {
    let server = start(config(Duration::from_secs(3599))).await;
    let auth = basic("partner-app", "s3cret:with/odd chars");
    let by_basic = send(
        server.addr(),
        "POST",
        "/auth/oauth2/token",
        &[FORM, ("authorization", &auth)],
        Some("grant_type=client_credentials&scope=all"),
    )
    .await;
    assert_eq!(by_basic.status, 200, "{}", by_basic.text());
    let token = by_basic.json();
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["expires_in"], 3599);
    assert_eq!(token["scope"], "all");
    assert_eq!(by_basic.header("cache-control"), Some("no-cache, no-store"));

    let form = "grant_type=client_credentials&client_id=partner-app&client_secret=s3cret%3Awith%2Fodd+chars";
    let by_form = send(server.addr(), "POST", "/auth/oauth2/token", &[FORM], Some(form)).await;
    assert_eq!(by_form.status, 200, "{}", by_form.text());

    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let headers = [("content-type", "application/json"), ("authorization", bearer.as_str())];
    let first = send(server.addr(), "POST", PARTNER, &headers, Some(LINE)).await;
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.task_status(), "pending");
    let unsigned = post(server.addr(), PARTNER, LINE).await;
    unsigned.assert_ovh_error(401, "login");
}

#[tokio::test]
async fn bad_grants_get_the_oauth2_errors_of_rfc_6749() {
    let server = start(config(Duration::from_secs(3599))).await;
    let token = |headers: Vec<(&'static str, String)>, body: &'static str| {
        let addr = server.addr();
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            send(addr, "POST", "/auth/oauth2/token", &headers, Some(body)).await
        }
    };
    let form = || ("content-type", "application/x-www-form-urlencoded".to_owned());
    let wrong =
        token(vec![form(), ("authorization", basic("partner-app", "nope"))], "grant_type=client_credentials").await;
    assert_eq!((wrong.status, wrong.json()["error"].clone()), (401, json!("invalid_client")));
    assert!(wrong.header("www-authenticate").is_some_and(|v| v.starts_with("Basic")));
    let unknown = token(vec![form()], "grant_type=client_credentials&client_id=who&client_secret=x").await;
    assert_eq!((unknown.status, unknown.json()["error"].clone()), (401, json!("invalid_client")));
    let nobody = token(vec![form()], "grant_type=client_credentials").await;
    assert_eq!((nobody.status, nobody.json()["error"].clone()), (401, json!("invalid_client")));
    let grant =
        token(vec![form(), ("authorization", basic("partner-app", "s3cret:with/odd chars"))], "grant_type=password")
            .await;
    assert_eq!((grant.status, grant.json()["error"].clone()), (400, json!("unsupported_grant_type")));
    let scope = token(
        vec![form(), ("authorization", basic("partner-app", "s3cret:with/odd chars"))],
        "grant_type=client_credentials&scope=me",
    )
    .await;
    assert_eq!((scope.status, scope.json()["error"].clone()), (400, json!("invalid_scope")));
    let get = send(server.addr(), "GET", "/auth/oauth2/token", &[], None).await;
    assert_eq!(get.status, 405);
}

#[tokio::test]
async fn tampered_and_expired_tokens_get_an_ovh_401_naming_the_cause() {
    let server = start(config(Duration::from_secs(1))).await;
    let form = "grant_type=client_credentials&client_id=partner-app&client_secret=s3cret%3Awith%2Fodd+chars";
    let answer = send(server.addr(), "POST", "/auth/oauth2/token", &[FORM], Some(form)).await;
    let token = answer.json()["access_token"].as_str().unwrap().to_owned();
    let call = |token: String| {
        let addr = server.addr();
        async move {
            let bearer = format!("Bearer {token}");
            send(addr, "POST", PARTNER, &[("content-type", "application/json"), ("authorization", &bearer)], Some(LINE))
                .await
        }
    };
    let mut tampered = token.clone().into_bytes();
    let at = tampered.len() - 2;
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    call(String::from_utf8(tampered).unwrap()).await.assert_ovh_error(401, "not one this server issued");
    call("garbage".to_owned()).await.assert_ovh_error(401, "malformed");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    call(token).await.assert_ovh_error(401, "expired");
}
