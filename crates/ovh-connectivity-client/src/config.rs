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

/// How an async task is polled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollPolicy {
    /// Wait between two identical requests. Default 5 s, close to OVH's own console (5-7 s).
    pub interval: Duration,
    /// Give up when the task is still pending this long after the first request. Default 3 min.
    pub deadline: Duration,
    /// Give up after this many requests, whatever the time. Default: no limit but the deadline.
    pub max_polls: Option<u32>,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self { interval: Duration::from_secs(5), deadline: Duration::from_secs(180), max_polls: None }
    }
}

impl PollPolicy {
    /// A policy with this interval and deadline, and no poll budget.
    pub const fn new(interval: Duration, deadline: Duration) -> Self {
        Self { interval, deadline, max_polls: None }
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
}

impl Config {
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
        Ok(Config { base_url, endpoint: name, credentials, service_account, access_token, poll: self.poll })
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
