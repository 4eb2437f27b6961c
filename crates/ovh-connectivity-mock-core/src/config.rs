//! What decides the mock's answers, with the defaults a frontend developer wants.

use std::fmt;
use std::time::Duration;

use crate::settings::Settings;

/// How the mock treats OVH request signatures.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum AuthMode {
    /// Signatures are not checked (browsers do not sign). The default.
    #[default]
    Off,
    /// Signed calls are verified against these credentials, as OVH verifies them; the routes
    /// that require authentication (partners, recalls) refuse unsigned calls.
    Verify(Vec<Credential>),
}

/// One set of API credentials the mock accepts in [`AuthMode::Verify`].
#[derive(Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Credential {
    /// Application key (`X-Ovh-Application`).
    pub application_key: String,
    /// Application secret, never logged.
    pub application_secret: String,
    /// Consumer key (`X-Ovh-Consumer`), never logged.
    pub consumer_key: String,
}

impl Credential {
    /// A credential.
    pub fn new(
        application_key: impl Into<String>,
        application_secret: impl Into<String>,
        consumer_key: impl Into<String>,
    ) -> Self {
        Self {
            application_key: application_key.into(),
            application_secret: application_secret.into(),
            consumer_key: consumer_key.into(),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("application_key", &self.application_key)
            .field("application_secret", &"[redacted]")
            .field("consumer_key", &"[redacted]")
            .finish()
    }
}

/// A service account (OAuth2 client credentials) the mock accepts in [`AuthMode::Verify`]:
/// `POST /auth/oauth2/token` gives it Bearer tokens that the signed routes accept.
#[derive(Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServiceAccount {
    /// OAuth2 client id.
    pub client_id: String,
    /// OAuth2 client secret, never logged.
    pub client_secret: String,
}

impl ServiceAccount {
    /// A service account.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self { client_id: client_id.into(), client_secret: client_secret.into() }
    }
}

impl fmt::Debug for ServiceAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// The accepted credentials of a credentials file (`--credentials`): a JSON array whose
/// entries are application keys `{"applicationKey", "applicationSecret", "consumerKey"}` or
/// service accounts `{"clientId", "clientSecret"}`.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Credentials {
    /// The application keys, for signed calls.
    pub applications: Vec<Credential>,
    /// The service accounts, for OAuth2 Bearer tokens.
    pub service_accounts: Vec<ServiceAccount>,
}

impl Credentials {
    /// Reads a credentials file's text.
    ///
    /// # Errors
    ///
    /// Text that is not such an array (with serde's reason and position), or an empty array.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let entries: Vec<serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| format!("not a credentials file (a JSON array of credentials): {e}"))?;
        if entries.is_empty() {
            return Err("no credential in the file".to_owned());
        }
        let mut credentials = Self::default();
        for (index, entry) in entries.into_iter().enumerate() {
            // Each entry names what it is by its keys, and what is missing is named.
            let is = |key: &str| entry.get(key).is_some();
            if is("applicationKey") || is("applicationSecret") || is("consumerKey") {
                let credential = serde_json::from_value(entry).map_err(|e| {
                    format!(
                        "entry {index}: an application key needs applicationKey, applicationSecret and consumerKey: {e}"
                    )
                })?;
                credentials.applications.push(credential);
            } else if is("clientId") || is("clientSecret") {
                let account = serde_json::from_value(entry)
                    .map_err(|e| format!("entry {index}: a service account needs clientId and clientSecret: {e}"))?;
                credentials.service_accounts.push(account);
            } else {
                return Err(format!(
                    "entry {index}: expected an application key {{\"applicationKey\", \"applicationSecret\", \"consumerKey\"}} or a service account {{\"clientId\", \"clientSecret\"}}"
                ));
            }
        }
        Ok(credentials)
    }
}

/// Which origins may call the mock from a browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cors {
    /// Any origin (`Access-Control-Allow-Origin: *`). The default.
    #[default]
    AnyOrigin,
    /// Only these origins (`https://app.example`), echoed back when they ask.
    Origins(Vec<String>),
    /// No CORS headers at all.
    Off,
}

/// What decides the answers: everything but the host's own fields (addresses, the watched
/// folder, socket timeouts). The host's configuration wraps it (`ovh_connectivity_mock::MockConfig`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CoreConfig {
    /// The run-time settings at start (latency, `pending`, fault, strict, world): what
    /// `POST /__admin/settings/reset` goes back to.
    pub settings: Settings,
    /// How many times a request no fixture covers answers `pending` first, when
    /// [`Settings::pending`] does not say.
    pub default_pending: u32,
    /// Signature checks.
    pub auth: AuthMode,
    /// How far `X-Ovh-Timestamp` may be from the host's clock, in seconds, in `Verify` mode.
    pub auth_time_window_secs: u64,
    /// CORS.
    pub cors: Cors,
    /// Largest accepted request body, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// How long an idle task state is kept.
    pub task_ttl: Duration,
    /// Most task states kept at once; the oldest go first.
    pub max_tasks: usize,
    /// A request header whose value separates task states (two browser tabs, two tests).
    pub session_header: Option<http::HeaderName>,
    /// How many recent requests the admin API shows.
    pub request_log_capacity: usize,
    /// Service accounts whose Bearer tokens the signed routes accept in [`AuthMode::Verify`].
    pub service_accounts: Vec<ServiceAccount>,
    /// How long an access token from `/auth/oauth2/token` lives (OVH: 3599 s). Short ones test
    /// clients' refresh paths.
    pub token_lifetime: Duration,
    /// The token admin routes that change state require (`X-Mock-Admin-Token`). The binary
    /// makes one up when it listens beyond loopback and none is given.
    pub admin_token: Option<AdminToken>,
    /// Whether [`Mock::new`](crate::Mock::new) indexes the world's places when the world is on
    /// (default), or the first request that needs them does: a host that starts often and
    /// may never ask the world (a test suite's `createMock`) starts sooner.
    pub index_world_at_start: bool,
    /// How the world is drawn: its seed and secret, kept when it starts off
    /// ([`Settings::world`]) so that turning it on at run time draws the same world.
    pub world: WorldSettings,
    /// Forward requests to an upstream API (the real one) instead of answering them: those no
    /// fixture covers, or all of them. `None` (the default): never.
    pub proxy: Option<ProxyConfig>,
    /// Record forwarded exchanges: the upstream's answers come back in
    /// [`Exchange::record`](crate::Exchange::record) as fixtures to write. `None` (the
    /// default): no recording.
    pub record: Option<RecordConfig>,
}

/// Where and what the mock forwards (`--proxy`, `--proxy-all`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProxyConfig {
    /// The upstream's API base URL (`https://eu.api.ovh.com/1.0`), named in the errors and
    /// recordings. The host makes the calls; the core only names it.
    pub upstream: String,
    /// Forward every API request, fixtures or not (`--proxy-all`); otherwise only those no
    /// fixture covers.
    pub all: bool,
    /// Whether the host can sign calls for the upstream (`--upstream-credentials`): calls
    /// signed with an application key, whose signature covers the mock's URL, are then
    /// forwarded for the host to sign again; otherwise they are refused (401).
    pub can_sign: bool,
}

impl ProxyConfig {
    /// Forwards what no fixture covers to `upstream`, refusing application-key signed calls.
    pub fn new(upstream: impl Into<String>) -> Self {
        Self { upstream: upstream.into(), all: false, can_sign: false }
    }
}

/// How forwarded exchanges are recorded (`--record`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordConfig {
    /// The most `pending` answers a recorded task keeps before its final answer
    /// (`--record-pending`, 1 by default).
    pub max_pending: u32,
    /// Where the host writes the files, as the admin API shows it.
    pub folder: String,
    /// Mask owner names (`ownerName`) in the recorded answers (`--redact owner`), the same
    /// name the same mask in every file of the run; the request is never changed.
    pub redact_owner: bool,
}

impl RecordConfig {
    /// Recording into `folder`, with one pending phase at most.
    pub fn new(folder: impl Into<String>) -> Self {
        Self { max_pending: 1, folder: folder.into(), redact_owner: false }
    }
}

/// The secret that admin routes changing state require; never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminToken(String);

impl AdminToken {
    /// A token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself, to print once or send.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken([redacted])")
    }
}

/// How the world is drawn.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorldSettings {
    /// The same seed gives the same world, byte for byte.
    pub seed: u64,
    /// Eligibility references are signed with it: a mock with the same secret resolves them.
    pub secret: String,
}

impl WorldSettings {
    /// The secret used when none is given.
    pub const DEFAULT_SECRET: &'static str = "ovh-connectivity-mock world";

    /// A world from a seed, with the default secret.
    pub fn with_seed(seed: u64) -> Self {
        Self { seed, ..Self::default() }
    }
}

impl Default for WorldSettings {
    fn default() -> Self {
        Self { seed: 0, secret: Self::DEFAULT_SECRET.to_owned() }
    }
}

impl fmt::Debug for WorldSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorldSettings").field("seed", &self.seed).field("secret", &"[redacted]").finish()
    }
}

impl Default for CoreConfig {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            default_pending: 1,
            auth: AuthMode::Off,
            auth_time_window_secs: 300,
            cors: Cors::AnyOrigin,
            max_body_bytes: 64 * 1024,
            task_ttl: Duration::from_secs(600),
            max_tasks: 10_000,
            session_header: Some(http::HeaderName::from_static("x-mock-session")),
            request_log_capacity: 200,
            service_accounts: Vec::new(),
            token_lifetime: Duration::from_secs(3599),
            admin_token: None,
            world: WorldSettings::default(),
            index_world_at_start: true,
            proxy: None,
            record: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Credentials;

    #[test]
    fn a_credentials_file_names_what_an_entry_misses() {
        let both =
            r#"[{"applicationKey":"a","applicationSecret":"b","consumerKey":"c"},{"clientId":"d","clientSecret":"e"}]"#;
        let read = Credentials::from_json(both).unwrap();
        assert_eq!((read.applications.len(), read.service_accounts.len()), (1, 1));
        for (text, needle) in [
            (
                r#"[{"applicationKey":"a"}]"#,
                "entry 0: an application key needs applicationKey, applicationSecret and consumerKey: missing field `applicationSecret`",
            ),
            (
                r#"[{"clientId":"d"}]"#,
                "entry 0: a service account needs clientId and clientSecret: missing field `clientSecret`",
            ),
            (r#"[{"user":"x"}]"#, "entry 0: expected an application key"),
            ("[]", "no credential in the file"),
            ("{", "not a credentials file"),
        ] {
            let error = Credentials::from_json(text).unwrap_err();
            assert!(error.contains(needle), "{text}: {error}");
        }
    }
}
