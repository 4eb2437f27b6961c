//! OAuth2 service accounts in the client core, on a closure transport and a virtual clock: the
//! token fetched lazily and cached, refreshed before it expires and once after a 401, Bearer
//! on signed routes only, and refusals that say what to do.

use std::sync::Mutex;
use std::time::Duration;

use ovh_connectivity_client::types::{LineStatus, SearchCitiesRequest, TestLineRequest};
use ovh_connectivity_client::{Client, ConfigBuilder, Error, HttpRequest, HttpResponse, PollPolicy};

use crate::support::*;

const TOKEN_URL: &str = "https://www.ovh.com/auth/oauth2/token";

/// A fake OVH: a token endpoint issuing `tok-1`, `tok-2`... and an API answering from a script.
#[derive(Default)]
struct FakeOvh {
    tokens_issued: Mutex<u32>,
    lifetime_secs: u64,
    /// Tokens the API refuses with 401 (revoked early).
    revoked: Mutex<Vec<String>>,
    /// Pending answers before `ok`, per API request.
    pending: Mutex<u32>,
    seen: Mutex<Vec<HttpRequest>>,
    wrong_secret: bool,
}

impl FakeOvh {
    fn answer(&self, request: HttpRequest) -> HttpResponse {
        self.seen.lock().unwrap().push(request.clone());
        let json = |status: u16, body: String| {
            let mut response = HttpResponse::new(body.into_bytes());
            *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
            response
        };
        if request.uri() == TOKEN_URL {
            let form = String::from_utf8(request.body().clone()).unwrap();
            assert!(form.contains("grant_type=client_credentials") && form.contains("scope=all"), "{form}");
            if self.wrong_secret {
                return json(401, r#"{"error":"invalid_client","error_description":"wrong secret"}"#.to_owned());
            }
            let mut issued = self.tokens_issued.lock().unwrap();
            *issued += 1;
            return json(
                200,
                format!(
                    r#"{{"access_token":"tok-{issued}","token_type":"Bearer","expires_in":{},"scope":"all"}}"#,
                    self.lifetime_secs
                ),
            );
        }
        if let Some(bearer) = request.headers().get("authorization") {
            let token = bearer.to_str().unwrap().strip_prefix("Bearer ").unwrap().to_owned();
            if self.revoked.lock().unwrap().contains(&token) {
                return json(401, r#"{"class":"Client::Unauthorized","message":"token expired"}"#.to_owned());
            }
        }
        let mut pending = self.pending.lock().unwrap();
        if *pending > 0 {
            *pending -= 1;
            return json(200, r#"{"status":"pending","result":null,"error":null}"#.to_owned());
        }
        json(200, r#"{"status":"ok","result":{"eligibilityReference":"r","endpoint":{"reference":"0123456789","referenceType":"lineNumber"},"offers":[]},"error":null}"#.to_owned())
    }

    fn token_requests(&self) -> usize {
        self.seen.lock().unwrap().iter().filter(|r| r.uri() == TOKEN_URL).count()
    }
}

fn client(fake: &FakeOvh, poll: PollPolicy) -> Client<impl ovh_connectivity_client::Transport + '_, VirtualClock> {
    let config =
        ConfigBuilder::new().endpoint("ovh-eu").client_credentials("app", "s3cret").poll_policy(poll).build().unwrap();
    let transport = move |request: HttpRequest| {
        let answer = fake.answer(request);
        async move { Ok::<_, std::convert::Infallible>(answer) }
    };
    Client::new(config, transport, virtual_clock())
}

fn line() -> TestLineRequest {
    TestLineRequest::new("0123456789", LineStatus::Active)
}

#[test]
fn a_token_is_fetched_once_and_carried_as_bearer_on_signed_routes_only() {
    let fake = FakeOvh { lifetime_secs: 3599, ..FakeOvh::default() };
    let client = client(&fake, PollPolicy::default());
    assert_eq!(fake.token_requests(), 0, "nothing before the first signed call");
    block_on(client.test_line_partners(&line())).unwrap();
    block_on(client.test_line_partners(&line())).unwrap();
    assert_eq!(fake.token_requests(), 1, "cached");
    let seen = fake.seen.lock().unwrap().clone();
    let api: Vec<_> = seen.iter().filter(|r| r.uri() != TOKEN_URL).collect();
    for request in &api {
        assert_eq!(request.headers()["authorization"], "Bearer tok-1");
        assert!(request.headers().keys().all(|name| !name.as_str().starts_with("x-ovh-")), "{:?}", request.headers());
    }
    assert!(seen.iter().all(|r| !r.uri().path().ends_with("/auth/time")), "no clock offset for Bearer calls");
    drop(seen);
    block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap_err(); // the fake answers a test
    let last = fake.seen.lock().unwrap().last().cloned().unwrap();
    assert!(last.headers().get("authorization").is_none(), "public routes stay unauthenticated");
    let token_request = fake.seen.lock().unwrap()[0].clone();
    let form = String::from_utf8(token_request.body().clone()).unwrap();
    assert!(form.contains("client_id=app") && form.contains("client_secret=s3cret"), "{form}");
    assert!(!format!("{:?}", client.config()).contains("s3cret"), "but the configuration prints it redacted");
}

#[test]
fn a_token_is_refreshed_shortly_before_it_expires_while_a_task_is_polled() {
    let fake = FakeOvh { lifetime_secs: 60, pending: Mutex::new(4), ..FakeOvh::default() };
    let client = client(&fake, PollPolicy::fixed(Duration::from_secs(20), Duration::from_secs(300)));
    let test = block_on(client.test_line_partners(&line())).unwrap();
    assert_eq!(test.polls, 5, "polled at 0, 20, 40, 60 and 80 s");
    assert_eq!(fake.token_requests(), 2, "the token of 60 s was replaced once, 6 s before it expired");
}

#[test]
fn a_401_fetches_one_new_token_and_sends_the_call_once_more() {
    let fake = FakeOvh { lifetime_secs: 3599, revoked: Mutex::new(vec!["tok-1".to_owned()]), ..FakeOvh::default() };
    let revoked = client(&fake, PollPolicy::default());
    block_on(revoked.test_line_partners(&line())).unwrap();
    assert_eq!(fake.token_requests(), 2, "exactly one extra token");

    let stubborn = FakeOvh {
        lifetime_secs: 3599,
        revoked: Mutex::new(vec!["tok-1".into(), "tok-2".into()]),
        ..FakeOvh::default()
    };
    let again = client(&stubborn, PollPolicy::default());
    let error = block_on(again.test_line_partners(&line())).unwrap_err();
    assert!(matches!(&error, Error::Api(api) if api.status == 401), "{error}");
    assert_eq!(stubborn.token_requests(), 2, "one retry, not a loop");
}

#[test]
fn a_wrong_secret_says_what_to_check() {
    let fake = FakeOvh { wrong_secret: true, ..FakeOvh::default() };
    let client = client(&fake, PollPolicy::default());
    let error = block_on(client.list_recalls()).unwrap_err();
    let Error::TokenRefused(refused) = &error else { panic!("{error:?}") };
    assert_eq!(refused.error.as_deref(), Some("invalid_client"));
    assert!(error.to_string().contains("check client_id and client_secret"), "{error}");
}

#[test]
fn a_pre_issued_access_token_is_sent_as_it_is() {
    let fake = FakeOvh::default();
    let config = ConfigBuilder::new().endpoint("ovh-eu").access_token("given").build().unwrap();
    let transport = |request: HttpRequest| {
        let answer = fake.answer(request);
        async move { Ok::<_, std::convert::Infallible>(answer) }
    };
    let client = Client::new(config, transport, virtual_clock());
    block_on(client.test_line_partners(&line())).unwrap();
    assert_eq!(fake.token_requests(), 0);
    assert_eq!(fake.seen.lock().unwrap()[0].headers()["authorization"], "Bearer given");
}
