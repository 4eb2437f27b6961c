//! OAuth2 access tokens for service accounts: the client-credentials request, the answer, and
//! when to fetch a new one, all pure; and the slot that lets one fetch serve every caller.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Poll, Waker};
use std::time::Duration;

use serde::Deserialize;

use crate::config::ServiceAccount;
use crate::error::{NotSent, TokenRefused};
use crate::secret::Secret;
use crate::transport::{HttpRequest, HttpResponse};

/// An access token and when to stop using it (monotonic time).
#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    pub(crate) value: Secret,
    /// Fetch a new one from this time on.
    pub(crate) refresh_at: Duration,
}

/// The client-credentials grant (RFC 6749 §4.4), credentials in the form (§2.3.1), scope `all`
/// as OVH wants it.
pub(crate) fn token_request(account: &ServiceAccount) -> Result<HttpRequest, NotSent> {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("scope", "all")
        .append_pair("client_id", &account.client_id)
        .append_pair("client_secret", account.client_secret.expose())
        .finish();
    http::Request::builder()
        .method("POST")
        .uri(&account.token_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body.into_bytes())
        .map_err(|e| NotSent::Encode(format!("token request to {}: {e}", account.token_url)))
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// How long before expiry a token is replaced: 10 s (node-ovh's), or a tenth of a short
/// lifetime.
fn margin(lifetime: Duration) -> Duration {
    Duration::from_secs(10).min(lifetime / 10)
}

/// The token in a token endpoint's answer, received at `now`.
pub(crate) fn parse_token_answer(response: &HttpResponse, now: Duration) -> Result<AccessToken, TokenRefused> {
    let body = response.body();
    if !response.status().is_success() {
        let error: Option<OAuthError> = serde_json::from_slice(body).ok();
        return Err(TokenRefused {
            status: response.status().as_u16(),
            error: error.as_ref().map(|e| e.error.clone()),
            description: match error {
                Some(error) => error.error_description,
                None => Some(String::from_utf8_lossy(body).chars().take(200).collect()),
            },
        });
    }
    let answer: TokenAnswer = serde_json::from_slice(body).map_err(|e| TokenRefused {
        status: response.status().as_u16(),
        error: None,
        description: Some(format!("the token answer does not decode: {e}")),
    })?;
    if answer.token_type.as_deref().is_some_and(|kind| !kind.eq_ignore_ascii_case("bearer")) {
        return Err(TokenRefused {
            status: response.status().as_u16(),
            error: None,
            description: Some(format!("token type {:?} is not Bearer", answer.token_type)),
        });
    }
    // No expiry said: assume OVH's hour, and rely on the retry after a 401.
    let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(3600));
    Ok(AccessToken { value: Secret::new(answer.access_token), refresh_at: now + lifetime - margin(lifetime) })
}

/// Whether `token` may still be used at `now`.
pub(crate) fn is_fresh(token: &AccessToken, now: Duration) -> bool {
    now < token.refresh_at
}

#[derive(Debug, Default)]
struct SlotState {
    token: Option<AccessToken>,
    fetching: bool,
    waiting: Vec<Waker>,
}

/// The current token, and who is fetching the next one: one fetch serves every caller.
#[derive(Debug, Default)]
pub(crate) struct TokenSlot {
    state: Mutex<SlotState>,
}

/// What [`TokenSlot::claim`] gives a caller.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Claim {
    /// The cached token, fresh.
    Fresh(Secret),
    /// No fresh token and nobody fetching: this caller fetches, and must release the slot.
    Fetch,
    /// Another caller is fetching: wait for [`TokenSlot::fetched`], then claim again.
    Wait,
}

impl TokenSlot {
    fn lock(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token if fresh at `now`; else the right to fetch, unless someone already has it.
    pub(crate) fn claim(&self, now: Duration) -> Claim {
        let mut state = self.lock();
        if let Some(token) = state.token.as_ref().filter(|t| is_fresh(t, now)) {
            return Claim::Fresh(token.value.clone());
        }
        if state.fetching {
            Claim::Wait
        } else {
            state.fetching = true;
            Claim::Fetch
        }
    }

    /// Stores a fetched token (or nothing, after a failure) and wakes the callers waiting.
    pub(crate) fn release(&self, token: Option<AccessToken>) {
        let waiting = {
            let mut state = self.lock();
            if let Some(token) = token {
                state.token = Some(token);
            }
            state.fetching = false;
            std::mem::take(&mut state.waiting)
        };
        waiting.into_iter().for_each(Waker::wake);
    }

    /// Forgets `value` if it is the current token (the API said it has expired).
    pub(crate) fn forget(&self, value: &Secret) {
        let mut state = self.lock();
        if state.token.as_ref().is_some_and(|t| t.value.expose() == value.expose()) {
            state.token = None;
        }
    }

    /// Ready once nobody is fetching.
    pub(crate) async fn fetched(&self) {
        std::future::poll_fn(|cx| {
            let mut state = self.lock();
            if state.fetching {
                state.waiting.push(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await
    }
}

/// Releases the fetch right when dropped, even if the fetch was cancelled.
pub(crate) struct FetchGuard<'a> {
    pub(crate) slot: &'a TokenSlot,
    pub(crate) token: Option<AccessToken>,
}

impl Drop for FetchGuard<'_> {
    fn drop(&mut self) {
        self.slot.release(self.token.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> HttpResponse {
        let mut response = HttpResponse::new(body.as_bytes().to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        response
    }

    #[test]
    fn a_token_is_replaced_shortly_before_it_expires() {
        let now = Duration::from_secs(100);
        let token = parse_token_answer(
            &answer(200, r#"{"access_token":"t","token_type":"Bearer","expires_in":3599,"scope":"all"}"#),
            now,
        )
        .unwrap();
        assert!(is_fresh(&token, now + Duration::from_secs(3588)));
        assert!(!is_fresh(&token, now + Duration::from_secs(3589)), "10 s of margin");
        let short = parse_token_answer(&answer(200, r#"{"access_token":"t","expires_in":5}"#), now).unwrap();
        assert!(is_fresh(&short, now + Duration::from_millis(4400)));
        assert!(!is_fresh(&short, now + Duration::from_millis(4500)), "a tenth of a short lifetime");
    }

    #[test]
    fn refusals_keep_the_oauth2_error() {
        let refused = parse_token_answer(
            &answer(401, r#"{"error":"invalid_client","error_description":"wrong secret"}"#),
            Duration::ZERO,
        )
        .unwrap_err();
        assert_eq!(
            (refused.status, refused.error.as_deref(), refused.description.as_deref()),
            (401, Some("invalid_client"), Some("wrong secret"))
        );
        let html = parse_token_answer(&answer(502, "<html>bad gateway</html>"), Duration::ZERO).unwrap_err();
        assert_eq!(html.error, None);
        assert!(
            parse_token_answer(&answer(200, r#"{"access_token":"t","token_type":"mac"}"#), Duration::ZERO).is_err()
        );
        assert!(parse_token_answer(&answer(200, "{}"), Duration::ZERO).is_err());
    }

    #[test]
    fn one_fetch_at_a_time_and_a_cancelled_fetch_lets_the_others_go_on() {
        let slot = TokenSlot::default();
        let now = Duration::ZERO;
        assert_eq!(slot.claim(now), Claim::Fetch, "the first caller fetches");
        assert_eq!(slot.claim(now), Claim::Wait, "the second waits");
        drop(FetchGuard { slot: &slot, token: None }); // cancelled
        assert_eq!(slot.claim(now), Claim::Fetch, "someone may fetch again");
        let token = AccessToken { value: Secret::new("abc"), refresh_at: Duration::from_secs(60) };
        drop(FetchGuard { slot: &slot, token: Some(token) });
        assert_eq!(slot.claim(now), Claim::Fresh(Secret::new("abc")));
        slot.forget(&Secret::new("other"));
        assert_eq!(slot.claim(now), Claim::Fresh(Secret::new("abc")), "forgetting another token changes nothing");
        slot.forget(&Secret::new("abc"));
        assert_eq!(slot.claim(now), Claim::Fetch);
    }
}
