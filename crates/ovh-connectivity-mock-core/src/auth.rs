//! OVH signature verification, as the API does it.
//!
//! `X-Ovh-Signature` = `"$1$"` + lowercase hex SHA-1 of
//! `AS+CK+METHOD+URL+BODY+TIMESTAMP` (joined with `+`), where URL is the full URL the client
//! sent (scheme, `Host`, raw path and query) and BODY the raw bytes received. The comparison
//! is constant-time.

use http::{HeaderMap, StatusCode};
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use crate::config::Credential;
use crate::reply::Reply;

/// The OVH signature of a request.
pub(crate) fn signature(
    secret: &str,
    consumer_key: &str,
    method: &str,
    url: &str,
    body: &[u8],
    timestamp: &str,
) -> String {
    let mut hasher = Sha1::new();
    for part in [secret.as_bytes(), consumer_key.as_bytes(), method.as_bytes(), url.as_bytes()] {
        hasher.update(part);
        hasher.update(b"+");
    }
    hasher.update(body);
    hasher.update(b"+");
    hasher.update(timestamp.as_bytes());
    format!("$1${:x}", hasher.finalize())
}

pub(crate) struct Verification<'a> {
    pub(crate) credentials: &'a [Credential],
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) body: &'a [u8],
    pub(crate) now_unix: u64,
    pub(crate) window_secs: u64,
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok()).filter(|value| !value.is_empty())
}

impl Verification<'_> {
    /// `Ok` with the application key when the call is validly signed; the OVH answer otherwise.
    #[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
    pub(crate) fn check(&self, headers: &HeaderMap) -> Result<String, Reply> {
        // The real API answers both cases alike (facts §8): "You must login first" is about the
        // credentials missing; "This call has not been granted" is the 403 for access rules.
        // What was missing goes to the log.
        let login_first = |missing: &'static str| {
            Reply::error(StatusCode::UNAUTHORIZED, "Client::Unauthorized", "You must login first")
                .with_note(format!("not logged in: missing {missing}"))
        };
        let Some(application_key) = header(headers, "x-ovh-application") else {
            return Err(login_first("X-Ovh-Application"));
        };
        let (Some(consumer_key), Some(timestamp), Some(sent)) =
            (header(headers, "x-ovh-consumer"), header(headers, "x-ovh-timestamp"), header(headers, "x-ovh-signature"))
        else {
            return Err(login_first("X-Ovh-Consumer, X-Ovh-Timestamp or X-Ovh-Signature"));
        };
        let candidates: Vec<&Credential> =
            self.credentials.iter().filter(|c| c.application_key == application_key).collect();
        if candidates.is_empty() {
            return Err(Reply::legacy_error(StatusCode::FORBIDDEN, "INVALID_KEY", "This application key is invalid"));
        }
        let Some(credential) =
            candidates.into_iter().find(|c| bool::from(c.consumer_key.as_bytes().ct_eq(consumer_key.as_bytes())))
        else {
            return Err(Reply::legacy_error(
                StatusCode::FORBIDDEN,
                "INVALID_CREDENTIAL",
                "This credential is not valid",
            ));
        };
        let Ok(sent_time) = timestamp.parse::<u64>() else {
            return Err(Reply::legacy_error(StatusCode::BAD_REQUEST, "INVALID_SIGNATURE", "Invalid timestamp"));
        };
        if sent_time.abs_diff(self.now_unix) > self.window_secs {
            return Err(Reply::legacy_error(
                StatusCode::BAD_REQUEST,
                "QUERY_TIME_OUT",
                "Query out of time: X-Ovh-Timestamp is too far from the server clock (use GET /auth/time)",
            ));
        }
        let expected =
            signature(&credential.application_secret, consumer_key, self.method, self.url, self.body, timestamp);
        if bool::from(expected.as_bytes().ct_eq(sent.as_bytes())) {
            Ok(application_key.to_owned())
        } else {
            Err(Reply::legacy_error(StatusCode::BAD_REQUEST, "INVALID_SIGNATURE", "Invalid signature"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::signature;

    const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
    const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
    const TS: &str = "1457018875";

    /// The official clients' test vectors (python-ovh, go-ovh, php-ovh).
    #[test]
    fn official_test_vectors() {
        let body = br#"{"a":"b","c":"d"}"#;
        let cases: [(&str, &str, &[u8], &str); 11] = [
            ("GET", "https://eu.api.ovh.com/1.0/auth", b"", "$1$e9556054b6309771395efa467c22e627407461ad"),
            ("POST", "https://eu.api.ovh.com/1.0/auth", body, "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"),
            ("PUT", "https://eu.api.ovh.com/1.0/auth", body, "$1$8a75a9e7c8e7296c9dbeda6a2a735eb6bd58ec4b"),
            ("DELETE", "https://eu.api.ovh.com/1.0/auth", b"", "$1$a1eecd00b3b02b6cf5708b84b9ff42059a950d85"),
            ("GET", "https://eu.api.ovh.com/1.0/call", b"", "$1$7f2db49253edfc41891023fcd1a54cf61db05fbb"),
            ("GET", "https://eu.api.ovh.com/v1/call", b"", "$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad"),
            ("GET", "https://eu.api.ovh.com/v2/call", b"", "$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285"),
            ("GET", "https://eu.api.ovh.com/1.0/authTO", b"", "$1$1f0958be70f095ddaba525778a9ac1dcffac89f3"),
            ("POST", "https://eu.api.ovh.com/1.0/authTO", body, "$1$b592effcb3bc2d37860eceb06a1b17670fbe49c6"),
            ("PUT", "https://eu.api.ovh.com/1.0/authTO", body, "$1$6b27c2a693a0eb4980217046b2fe10d74ba796f0"),
            ("DELETE", "https://eu.api.ovh.com/1.0/authTO", b"", "$1$bd59b15361548c388058009e00c508081e991e8b"),
        ];
        for (method, url, body, expected) in cases {
            assert_eq!(signature(AS, CK, method, url, body, TS), expected, "{method} {url}");
        }
    }

    #[test]
    fn derived_connectivity_vectors() {
        assert_eq!(
            signature(
                AS,
                CK,
                "POST",
                "https://eu.api.ovh.com/1.0/connectivity/eligibility/test/line/partners",
                br#"{"lineNumber":"0123456789","status":"active"}"#,
                TS
            ),
            "$1$50da5f328b9dff25defcde168ebf4a77c9bc57ce"
        );
        assert_eq!(
            signature(
                AS,
                CK,
                "GET",
                "https://eu.api.ovh.com/1.0/connectivity/monitoring/genericIncident/partners?status=detected",
                b"",
                TS
            ),
            "$1$fd9d1b9299d976ca7f3ddaa5287d129b65f8f34c"
        );
    }
}
