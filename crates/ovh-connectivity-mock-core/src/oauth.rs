//! OAuth2 service accounts, as OVH serves them: `POST /auth/oauth2/token` answers the
//! client-credentials grant (client authentication by HTTP Basic or in the form, RFC 6749
//! §2.3.1), and the signed routes accept `Authorization: Bearer` tokens in `--auth verify`.
//!
//! A token carries its client and its expiry, with an HMAC-SHA256 tag under a key the host
//! draws when the mock starts ([`Entropy`](crate::Entropy)): no token table, and tokens die
//! with the mock, as a real server's would after a key rotation.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use sha2::Sha256;

use crate::Now;
use crate::config::CoreConfig;
use crate::reply::Reply;

/// Mints and checks access tokens.
#[derive(Debug)]
pub(crate) struct TokenIssuer {
    key: [u8; 32],
}

/// The credentials of an `Authorization` header that uses `scheme`, compared without regard to
/// case (RFC 9110 §11.1: `bearer` is `Bearer`), after the spaces that follow it; `None` for
/// another scheme or no header.
pub(crate) fn authorization<'h>(headers: &'h HeaderMap, scheme: &str) -> Option<&'h str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim_start();
    let (name, rest) = value.split_once(' ')?;
    name.eq_ignore_ascii_case(scheme).then(|| rest.trim_matches(' '))
}

/// Why a Bearer token is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Malformed,
    BadSignature,
    Expired { at: u64 },
    UnknownClient(String),
}

impl TokenIssuer {
    /// An issuer signing with `key`, the host's randomness.
    pub(crate) fn new(key: [u8; 32]) -> Self {
        Self { key }
    }

    fn tag(&self, payload: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        mac.finalize().into_bytes()[..16].to_vec()
    }

    /// `mock.<client id, base64url>.<expiry, Unix ms>.<tag, base64url>`.
    pub(crate) fn mint(&self, client_id: &str, expires_at: u64) -> String {
        let payload = format!("mock.{}.{expires_at}", URL_SAFE_NO_PAD.encode(client_id));
        let tag = URL_SAFE_NO_PAD.encode(self.tag(&payload));
        format!("{payload}.{tag}")
    }

    /// The client a token was minted for, if it is genuine, unexpired and still configured.
    pub(crate) fn verify(&self, token: &str, now: u64, config: &CoreConfig) -> Result<String, TokenProblem> {
        let (payload, tag) = token.rsplit_once('.').ok_or(TokenProblem::Malformed)?;
        let mut parts = payload.split('.');
        let (Some("mock"), Some(client), Some(expiry), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenProblem::Malformed);
        };
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| TokenProblem::Malformed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        // Constant-time comparison of the truncated tag.
        mac.verify_truncated_left(&tag).map_err(|_| TokenProblem::BadSignature)?;
        let expiry: u64 = expiry.parse().map_err(|_| TokenProblem::Malformed)?;
        if now >= expiry {
            return Err(TokenProblem::Expired { at: expiry });
        }
        let client = String::from_utf8(URL_SAFE_NO_PAD.decode(client).map_err(|_| TokenProblem::Malformed)?)
            .map_err(|_| TokenProblem::Malformed)?;
        if !config.service_accounts.iter().any(|account| account.client_id == client) {
            return Err(TokenProblem::UnknownClient(client));
        }
        Ok(client)
    }

    /// Checks `Authorization: Bearer ...`; the OVH-shaped 401 names the cause.
    #[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
    pub(crate) fn check_bearer(&self, token: &str, config: &CoreConfig, now: Now) -> Result<(), Reply> {
        let unauthorized = |message: String| Reply::error(StatusCode::UNAUTHORIZED, "Client::Unauthorized", message);
        // Unix time in milliseconds: a token of one second lives a whole second.
        match self.verify(token, now.unix_ms(), config) {
            Ok(_) => Ok(()),
            Err(TokenProblem::Expired { at }) => {
                Err(unauthorized(format!("The access token expired at {at} (Unix time, ms): fetch a new one")))
            }
            Err(TokenProblem::BadSignature) => {
                Err(unauthorized("The access token is not one this server issued".into()))
            }
            Err(TokenProblem::Malformed) => Err(unauthorized("The access token is malformed".into())),
            Err(TokenProblem::UnknownClient(client)) => {
                Err(unauthorized(format!("The access token's client `{client}` is not a service account here")))
            }
        }
    }

    /// Answers `POST /auth/oauth2/token`.
    pub(crate) fn token(&self, config: &CoreConfig, headers: &HeaderMap, body: &[u8], now: Now) -> Reply {
        // RFC 6749 §4.4.2: the token request is a form. A JSON body is the usual slip.
        let json =
            headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(crate::route::is_json);
        if json || body.trim_ascii_start().starts_with(b"{") {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The token request is a form (Content-Type: application/x-www-form-urlencoded, RFC 6749 §4.4.2), not JSON",
                false,
            );
        }
        let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        let field = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let basic = authorization(headers, "Basic");
        let from_basic = basic.map(|encoded| {
            let decoded = STANDARD.decode(encoded.trim()).ok().and_then(|bytes| String::from_utf8(bytes).ok());
            decoded.and_then(|pair| {
                let (id, secret) = pair.split_once(':')?;
                let decode = |text: &str| {
                    form_urlencoded::parse(format!("x={text}").as_bytes()).next().map(|(_, v)| v.into_owned())
                };
                Some((decode(id)?, decode(secret)?))
            })
        });
        let from_body = field("client_id").map(|id| (id.to_owned(), field("client_secret").unwrap_or("").to_owned()));
        let (client_id, client_secret) = match (from_basic, from_body) {
            (Some(_), Some(_)) => {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Client authentication given twice (HTTP Basic and the form)",
                    false,
                );
            }
            (Some(None), None) => {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "The Basic credentials are not base64 of id:secret",
                    true,
                );
            }
            (Some(Some(pair)), None) | (None, Some(pair)) => pair,
            (None, None) => {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "No client authentication: send HTTP Basic or client_id and client_secret",
                    false,
                );
            }
        };
        match field("grant_type") {
            Some("client_credentials") => {}
            Some(other) => {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unsupported_grant_type",
                    &format!("Grant `{other}` is not supported: use client_credentials"),
                    false,
                );
            }
            None => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "grant_type is missing", false),
        }
        if let Some(scope) = field("scope").filter(|scope| *scope != "all") {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                &format!("Scope `{scope}` is not granted: use all"),
                false,
            );
        }
        let known = config.service_accounts.iter().any(|account| {
            account.client_id == client_id
                && subtle::ConstantTimeEq::ct_eq(account.client_secret.as_bytes(), client_secret.as_bytes()).into()
        });
        if !known {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Unknown client or wrong secret",
                basic.is_some(),
            );
        }
        let lifetime = config.token_lifetime.as_secs();
        let token = self.mint(&client_id, now.unix_ms() + config.token_lifetime.as_millis() as u64);
        let body =
            serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": lifetime, "scope": "all"});
        let mut reply = Reply::json(StatusCode::OK, body.to_string()).with_note(format!("token issued to {client_id}"));
        reply.extra_headers.push((header::PRAGMA, HeaderValue::from_static("no-cache")));
        reply
    }
}

/// An error of RFC 6749 §5.2: `{"error": "...", "error_description": "..."}`; 401s for a
/// client that tried HTTP Basic carry `WWW-Authenticate`.
fn oauth_error(status: StatusCode, error: &str, description: &str, basic: bool) -> Reply {
    let body = serde_json::json!({"error": error, "error_description": description});
    let mut reply = Reply::json(status, body.to_string())
        .with_note(format!("{error}: {description}"))
        .with_source(crate::reply::Source::Error);
    if basic && status == StatusCode::UNAUTHORIZED {
        reply
            .extra_headers
            .push((header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"ovh-connectivity-mock\"")));
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ServiceAccount;

    fn issuer_with(byte: u8) -> TokenIssuer {
        TokenIssuer::new([byte; 32])
    }

    #[test]
    fn tokens_verify_until_they_expire_and_not_when_touched() {
        let issuer = issuer_with(1);
        let mut config =
            CoreConfig { service_accounts: vec![ServiceAccount::new("app-1", "s3cret")], ..CoreConfig::default() };
        let token = issuer.mint("app-1", 1_000); // Unix ms
        assert_eq!(issuer.verify(&token, 999, &config), Ok("app-1".to_owned()));
        assert_eq!(issuer.verify(&token, 1_000, &config), Err(TokenProblem::Expired { at: 1_000 }));
        let other = issuer_with(2);
        assert_eq!(other.verify(&token, 999, &config), Err(TokenProblem::BadSignature));
        let forged = token.replace("mock.", "mock.x");
        assert!(issuer.verify(&forged, 999, &config).is_err());
        assert_eq!(issuer.verify("nonsense", 0, &config), Err(TokenProblem::Malformed));
        config.service_accounts.clear();
        assert_eq!(issuer.verify(&token, 999, &config), Err(TokenProblem::UnknownClient("app-1".to_owned())));
    }
}
