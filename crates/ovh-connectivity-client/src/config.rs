//! Configuration the way python-ovh and go-ovh read it: `ovh.conf` files, `OVH_*` environment
//! variables, explicit values, in increasing priority.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::secret::Secret;

/// The official endpoints and their base URLs (python-ovh, go-ovh, php-ovh).
pub const ENDPOINTS: &[(&str, &str)] = &[
    ("ovh-eu", "https://eu.api.ovh.com/1.0"),
    ("ovh-ca", "https://ca.api.ovh.com/1.0"),
    ("ovh-us", "https://api.us.ovhcloud.com/1.0"),
    ("kimsufi-eu", "https://eu.api.kimsufi.com/1.0"),
    ("kimsufi-ca", "https://ca.api.kimsufi.com/1.0"),
    ("soyoustart-eu", "https://eu.api.soyoustart.com/1.0"),
    ("soyoustart-ca", "https://ca.api.soyoustart.com/1.0"),
];

/// Where each official endpoint issues OAuth2 access tokens (python-ovh, go-ovh). The others
/// (kimsufi, soyoustart) have none.
pub const OAUTH2_TOKEN_URLS: &[(&str, &str)] = &[
    ("ovh-eu", "https://www.ovh.com/auth/oauth2/token"),
    ("ovh-ca", "https://ca.ovh.com/auth/oauth2/token"),
    ("ovh-us", "https://us.ovhcloud.com/auth/oauth2/token"),
];

/// The keys an endpoint section of `ovh.conf` (and `OVH_<KEY>`) may set. `access_token` is
/// go-ovh's; `token_url` is ours (a token endpoint for a base URL, such as the mock's).
const KEYS: [&str; 7] = [
    "application_key",
    "application_secret",
    "consumer_key",
    "client_id",
    "client_secret",
    "access_token",
    "token_url",
];

/// Application credentials for signed calls.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Credentials {
    /// Application key (`X-Ovh-Application`).
    pub application_key: String,
    /// Application secret.
    pub application_secret: Secret,
    /// Consumer key (`X-Ovh-Consumer`); needed for calls that require authentication.
    pub consumer_key: Option<Secret>,
}

/// An OAuth2 service account: client credentials exchanged for Bearer tokens.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServiceAccount {
    /// OAuth2 client id.
    pub client_id: String,
    /// OAuth2 client secret.
    pub client_secret: Secret,
    /// Where tokens are issued (the endpoint's, or the one you gave).
    pub token_url: String,
}

/// How an async task is polled: when to send the identical request again, and when to give up.
///
/// The waits back off: the first is [`first_wait`](Self::first_wait) (1 s by default), and each
/// next one doubles, up to [`interval`](Self::interval) (5 s by default). With the defaults a
/// pending task is asked again 1, 3, 7, 12, 17, 22... s after its first request: a task that is
/// ready on its second request (as most are) costs 1 s instead of 5, and a long one settles at
/// OVH's own console's pace (5 to 7 s). The default never polls faster than once a second (the
/// API's fair use is about 60 calls a minute).
///
/// An interval shorter than the first wait is honoured as given, every time: with
/// `PollPolicy::new(Duration::from_millis(50), ..)` (a local mock) every wait is 50 ms. See
/// [`wait_after`](Self::wait_after) for the schedule as a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollPolicy {
    /// The longest wait between two identical requests, reached by the backoff. Default 5 s
    /// ([`DEFAULT_INTERVAL`](Self::DEFAULT_INTERVAL)).
    pub interval: Duration,
    /// The first wait, doubled at each next request up to `interval`. Default 1 s
    /// ([`DEFAULT_FIRST_WAIT`](Self::DEFAULT_FIRST_WAIT)). Set it to `interval` (or
    /// [`fixed`](Self::fixed)) for a constant wait.
    pub first_wait: Duration,
    /// Give up when the task is still pending this long after the first request. Default 3 min
    /// ([`DEFAULT_DEADLINE`](Self::DEFAULT_DEADLINE)).
    pub deadline: Duration,
    /// Give up after this many requests, whatever the time. Default: no limit but the deadline.
    pub max_polls: Option<u32>,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self::new(Self::DEFAULT_INTERVAL, Self::DEFAULT_DEADLINE)
    }
}

impl PollPolicy {
    /// The default [`interval`](Self::interval): 5 s, close to OVH's own console (5-7 s).
    pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
    /// The default [`first_wait`](Self::first_wait): 1 s, the API's fair-use pace.
    pub const DEFAULT_FIRST_WAIT: Duration = Duration::from_secs(1);
    /// The default [`deadline`](Self::deadline) of one task: 3 min.
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(180);

    /// A policy backing off from the default first wait (1 s) to `interval`, giving up after
    /// `deadline`, with no poll budget. An `interval` under 1 s is every wait.
    pub const fn new(interval: Duration, deadline: Duration) -> Self {
        Self { interval, first_wait: Self::DEFAULT_FIRST_WAIT, deadline, max_polls: None }
    }

    /// A policy waiting `interval` before every request, with no backoff.
    pub const fn fixed(interval: Duration, deadline: Duration) -> Self {
        Self { interval, first_wait: interval, deadline, max_polls: None }
    }

    /// This policy with another longest wait.
    pub const fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// This policy with another first wait.
    pub const fn with_first_wait(mut self, first_wait: Duration) -> Self {
        self.first_wait = first_wait;
        self
    }

    /// This policy with another deadline for one task.
    pub const fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// This policy giving up after `max_polls` requests (`None`: no budget).
    pub const fn with_max_polls(mut self, max_polls: Option<u32>) -> Self {
        self.max_polls = max_polls;
        self
    }

    /// The wait after answer number `attempt` (1 for the first) is pending, before the
    /// deadline is taken into account: `min(first_wait, interval) × 2^(attempt - 1)`, at most
    /// `interval`. Never shorter than `min(first_wait, interval)`, never longer than
    /// `interval`, and never shorter than the wait before it.
    pub fn wait_after(&self, attempt: u32) -> Duration {
        let first = self.first_wait.min(self.interval);
        let doublings = attempt.saturating_sub(1).min(31);
        first.checked_mul(1u32 << doublings).map_or(self.interval, |wait| wait.min(self.interval))
    }
}

/// A resolved, validated configuration.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// API base URL without trailing slash (`https://eu.api.ovh.com/1.0`).
    pub base_url: String,
    /// The endpoint name it came from, if it was one (`ovh-eu`).
    pub endpoint: Option<String>,
    /// Application credentials, if any: calls that need none are sent without.
    pub credentials: Option<Credentials>,
    /// An OAuth2 service account instead of application credentials: signed routes then carry
    /// a Bearer token, fetched and refreshed by the client.
    pub service_account: Option<ServiceAccount>,
    /// A pre-issued access token (go-ovh's `access_token`, `OVH_ACCESS_TOKEN`), used as it is.
    pub access_token: Option<Secret>,
    /// Polling of async tasks.
    pub poll: PollPolicy,
    /// Longest wait for one exchange (request sent, whole answer read), or `None` for no
    /// limit but the transport's own. Default 60 s ([`Config::DEFAULT_REQUEST_TIMEOUT`]).
    /// The client core races each send against [`Clock::sleep`](crate::Clock::sleep); past it,
    /// the call fails with [`ConnectorErrorKind::TimedOut`](crate::ConnectorErrorKind::TimedOut).
    pub request_timeout: Option<Duration>,
}

impl Config {
    /// The default [`request_timeout`](Self::request_timeout): 60 s.
    pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

    /// A configuration for a base URL (the mock's, `http://127.0.0.1:8080/1.0`), no credentials.
    pub fn for_base_url(base_url: &str) -> Result<Self, ConfigError> {
        ConfigBuilder::new().endpoint(base_url).build()
    }
}

/// A configuration problem, found before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No endpoint anywhere.
    #[error(
        "no endpoint configured: set OVH_ENDPOINT (e.g. ovh-eu), `endpoint` in the [default] section of ovh.conf, or a base URL"
    )]
    MissingEndpoint,
    /// An endpoint name that is not in the table and not a URL.
    #[error(
        "unknown endpoint `{0}`: use one of ovh-eu, ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca, soyoustart-eu, soyoustart-ca, or an http(s) URL"
    )]
    UnknownEndpoint(String),
    /// A base URL that does not parse.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// An application key without its secret.
    #[error("application_key is set but application_secret is not: set both (OVH_APPLICATION_SECRET or ovh.conf)")]
    KeyWithoutSecret,
    /// An application secret without its key.
    #[error("application_secret is set but application_key is not: set both (OVH_APPLICATION_KEY or ovh.conf)")]
    SecretWithoutKey,
    /// A consumer key without an application.
    #[error("consumer_key is set but application_key and application_secret are not")]
    ConsumerKeyWithoutApplication,
    /// OAuth2 client id and secret must come together.
    #[error("client_id and client_secret must be set together")]
    IncompleteOAuth2,
    /// Both authentication methods.
    #[error("both application keys and OAuth2 client credentials are set: choose one")]
    BothAuthMethods,
    /// OAuth2 client credentials for an endpoint without a token URL.
    #[error(
        "OAuth2 client credentials need a token URL, and `{0}` has none (only ovh-eu, ovh-ca and ovh-us do): set token_url (OVH_TOKEN_URL, ovh.conf or ConfigBuilder::token_url)"
    )]
    NoTokenUrl(String),
    /// A pre-issued access token together with other credentials.
    #[error("an access token is set together with other credentials: choose one")]
    AccessTokenWithOtherCredentials,
    /// A configuration file that does not parse.
    #[error("cannot read {path}: {reason}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Builds a [`Config`] from layered sources: files, then environment, then explicit values.
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    /// section -> key -> value, files merged key by key in load order.
    files: BTreeMap<String, BTreeMap<String, String>>,
    /// `OVH_*` variables that were set, by lower-case key (`endpoint`, `application_key`...).
    env: BTreeMap<String, String>,
    explicit: BTreeMap<String, String>,
    poll: PollPolicy,
    request_timeout: Option<Option<Duration>>,
}

impl ConfigBuilder {
    /// An empty builder: nothing read yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// What python-ovh and go-ovh read: `/etc/ovh.conf`, `~/.ovh.conf`, `./ovh.conf` (later ones
    /// override earlier ones key by key; missing files are skipped), then `OVH_*` variables.
    pub fn from_environment() -> Result<Self, ConfigError> {
        let mut files = vec![PathBuf::from("/etc/ovh.conf")];
        if let Some(home) = std::env::var_os("HOME") {
            files.push(Path::new(&home).join(".ovh.conf"));
        }
        files.push(PathBuf::from("ovh.conf"));
        Ok(Self::new().files(&files)?.env(|name| std::env::var(name).ok()))
    }

    /// Reads INI files in this order (later ones win, key by key). Missing files are skipped;
    /// unreadable or malformed ones are errors.
    pub fn files(mut self, paths: &[PathBuf]) -> Result<Self, ConfigError> {
        for path in paths {
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(ConfigError::File { path: path.clone(), reason: error.to_string() }),
            };
            // As Python's configparser reads it: no quote or escape processing.
            let options =
                ini::ParseOption { enabled_quote: false, enabled_escape: false, ..ini::ParseOption::default() };
            let ini = ini::Ini::load_from_str_opt(&text, options)
                .map_err(|error| ConfigError::File { path: path.clone(), reason: error.to_string() })?;
            for (section, properties) in ini.iter() {
                let section = self.files.entry(section.unwrap_or("default").to_owned()).or_default();
                for (key, value) in properties.iter() {
                    section.insert(key.to_owned(), value.to_owned());
                }
            }
        }
        Ok(self)
    }

    /// Reads `OVH_ENDPOINT`, `OVH_APPLICATION_KEY`, `OVH_APPLICATION_SECRET`, `OVH_CONSUMER_KEY`,
    /// `OVH_CLIENT_ID`, `OVH_CLIENT_SECRET`, `OVH_ACCESS_TOKEN` and `OVH_TOKEN_URL` through
    /// `lookup` (empty values count as unset).
    pub fn env(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        for key in std::iter::once("endpoint").chain(KEYS) {
            if let Some(value) = lookup(&format!("OVH_{}", key.to_ascii_uppercase())).filter(|v| !v.is_empty()) {
                self.env.insert(key.to_owned(), value);
            }
        }
        self
    }

    /// The endpoint: a name from [`ENDPOINTS`] or an `http(s)://` base URL.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.explicit.insert("endpoint".to_owned(), endpoint.into());
        self
    }

    /// The application key and secret.
    pub fn application(mut self, key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.explicit.insert("application_key".to_owned(), key.into());
        self.explicit.insert("application_secret".to_owned(), secret.into());
        self
    }

    /// The consumer key.
    pub fn consumer_key(mut self, consumer_key: impl Into<String>) -> Self {
        self.explicit.insert("consumer_key".to_owned(), consumer_key.into());
        self
    }

    /// An OAuth2 service account's client id and secret (instead of application keys).
    pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.explicit.insert("client_id".to_owned(), client_id.into());
        self.explicit.insert("client_secret".to_owned(), client_secret.into());
        self
    }

    /// Where to get OAuth2 tokens, for an endpoint without one (a base URL, such as the mock's
    /// `http://127.0.0.1:8080/auth/oauth2/token`).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.explicit.insert("token_url".to_owned(), url.into());
        self
    }

    /// A pre-issued access token, sent as it is.
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.explicit.insert("access_token".to_owned(), token.into());
        self
    }

    /// How async tasks are polled.
    pub fn poll_policy(mut self, poll: PollPolicy) -> Self {
        self.poll = poll;
        self
    }

    /// Longest wait for one exchange; `None` leaves it to the transport. Default 60 s.
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// Resolves and validates.
    pub fn build(self) -> Result<Config, ConfigError> {
        let endpoint = self
            .explicit
            .get("endpoint")
            .or_else(|| self.env.get("endpoint"))
            .or_else(|| self.files.get("default").and_then(|s| s.get("endpoint")))
            .cloned()
            .ok_or(ConfigError::MissingEndpoint)?;
        let (base_url, name) = resolve_endpoint(&endpoint)?;
        let get = |key: &str| -> Option<String> {
            self.explicit
                .get(key)
                .or_else(|| self.env.get(key))
                .or_else(|| self.files.get(&endpoint).and_then(|s| s.get(key)))
                .filter(|v| !v.is_empty())
                .cloned()
        };
        let (key, secret, consumer) = (get("application_key"), get("application_secret"), get("consumer_key"));
        let (client_id, client_secret) = (get("client_id"), get("client_secret"));
        if client_id.is_some() != client_secret.is_some() {
            return Err(ConfigError::IncompleteOAuth2);
        }
        if client_id.is_some() && (key.is_some() || secret.is_some() || consumer.is_some()) {
            return Err(ConfigError::BothAuthMethods);
        }
        let access_token = get("access_token").map(Secret::new);
        if access_token.is_some() && (client_id.is_some() || key.is_some() || secret.is_some() || consumer.is_some()) {
            return Err(ConfigError::AccessTokenWithOtherCredentials);
        }
        let service_account = match (client_id, client_secret) {
            (Some(client_id), Some(client_secret)) => {
                let known = name.as_deref().and_then(|n| OAUTH2_TOKEN_URLS.iter().find(|(e, _)| *e == n));
                let token_url = get("token_url")
                    .or_else(|| known.map(|(_, url)| (*url).to_owned()))
                    .ok_or_else(|| ConfigError::NoTokenUrl(endpoint.clone()))?;
                Some(ServiceAccount { client_id, client_secret: Secret::new(client_secret), token_url })
            }
            _ => None,
        };
        let credentials = match (key, secret, consumer) {
            (Some(application_key), Some(secret), consumer) => Some(Credentials {
                application_key,
                application_secret: Secret::new(secret),
                consumer_key: consumer.map(Secret::new),
            }),
            (Some(_), None, _) => return Err(ConfigError::KeyWithoutSecret),
            (None, Some(_), _) => return Err(ConfigError::SecretWithoutKey),
            (None, None, Some(_)) => return Err(ConfigError::ConsumerKeyWithoutApplication),
            (None, None, None) => None,
        };
        Ok(Config {
            base_url,
            endpoint: name,
            credentials,
            service_account,
            access_token,
            poll: self.poll,
            request_timeout: self.request_timeout.unwrap_or(Some(Config::DEFAULT_REQUEST_TIMEOUT)),
        })
    }
}

fn resolve_endpoint(endpoint: &str) -> Result<(String, Option<String>), ConfigError> {
    if let Some((_, url)) = ENDPOINTS.iter().find(|(name, _)| *name == endpoint) {
        return Ok(((*url).to_owned(), Some(endpoint.to_owned())));
    }
    // An official endpoint's URL is that endpoint (its OAuth2 token URL comes with it).
    if let Some((name, url)) = ENDPOINTS.iter().find(|(_, url)| *url == endpoint.trim_end_matches('/')) {
        return Ok(((*url).to_owned(), Some((*name).to_owned())));
    }
    if !endpoint.contains("://") {
        return Err(ConfigError::UnknownEndpoint(endpoint.to_owned()));
    }
    let invalid = |reason: &str| ConfigError::InvalidBaseUrl { url: endpoint.to_owned(), reason: reason.to_owned() };
    let uri: http::Uri = endpoint.parse().map_err(|e: http::uri::InvalidUri| invalid(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(invalid("the scheme must be http or https")),
    }
    if uri.host().is_none() {
        return Err(invalid("no host"));
    }
    if uri.query().is_some() {
        return Err(invalid("a base URL has no query string"));
    }
    Ok((endpoint.trim_end_matches('/').to_owned(), None))
}
