//! The options of `createMock` and the flags of `npx ovh-connectivity-mock`, as the JavaScript
//! glue hands them over (JSON, camelCase), turned into the core's configuration with the
//! Rust binary's defaults.

use std::time::Duration;

use ovh_connectivity_mock_core::{AdminToken, AuthMode, CoreConfig, Cors, FixtureSet, Latency, WorldSettings};
use serde::Deserialize;

/// Every option; each absent one takes the Rust binary's default.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// `pending` this many times before every task's final answer.
    pub pending: Option<u32>,
    /// Milliseconds (`300`), a range (`"100..800"`), or `[100, 800]`.
    pub latency: Option<LatencyOption>,
    /// The world answers what no fixture covers (default on).
    pub world: Option<bool>,
    /// The world's seed, a number or a decimal string (above 2^53, JavaScript numbers round).
    pub world_seed: Option<Seed>,
    /// The secret eligibility references are signed with.
    pub world_secret: Option<String>,
    /// 404 to what no fixture covers.
    pub strict: Option<bool>,
    /// Serve only the given fixtures, without the built-in set.
    pub only: Option<bool>,
    /// `off` (default) or `verify`.
    pub auth: Option<String>,
    /// The accepted credentials for `verify`, as the credentials file holds them.
    pub credentials: Option<serde_json::Value>,
    /// Seconds an OAuth2 access token lives.
    pub token_lifetime_secs: Option<u64>,
    /// Browser origins allowed (default any).
    pub cors_origin: Option<Vec<String>>,
    /// No CORS headers at all.
    pub no_cors: Option<bool>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: Option<usize>,
    /// Seconds an idle task state is kept.
    pub task_ttl_secs: Option<u64>,
    /// Most task states kept at once.
    pub max_tasks: Option<usize>,
    /// The header that keeps task states apart (`""`: none).
    pub session_header: Option<String>,
    /// The admin token of the admin routes that change state.
    pub admin_token: Option<String>,
}

/// A latency as JavaScript gives it.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum LatencyOption {
    /// Milliseconds.
    Fixed(u64),
    /// `[min, max]`.
    Range([u64; 2]),
    /// `"300"` or `"100..800"`.
    Text(String),
}

/// A seed as JavaScript gives it.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Seed {
    /// A number.
    Number(u64),
    /// A decimal string.
    Text(String),
}

impl Options {
    /// The core's configuration, or what is wrong with an option (named as JavaScript names it).
    pub fn core_config(self) -> Result<CoreConfig, String> {
        let mut config = CoreConfig::default();
        // A test suite may build a mock per file and never ask the world: its places are
        // indexed by the first request that needs them.
        config.index_world_at_start = false;
        config.settings.pending = self.pending;
        config.settings.strict = self.strict.unwrap_or(false);
        config.settings.world = self.world.unwrap_or(true);
        config.settings.latency_ms = match self.latency {
            None => None,
            Some(LatencyOption::Fixed(ms)) => Some(Latency::Fixed(ms)),
            Some(LatencyOption::Range([low, high])) if low <= high => Some(Latency::Range(low, high)),
            Some(LatencyOption::Range([low, high])) => {
                return Err(format!("latency [{low}, {high}]: the minimum is above the maximum"));
            }
            Some(LatencyOption::Text(text)) => Some(text.parse().map_err(|e| format!("latency: {e}"))?),
        };
        let mut world = WorldSettings::with_seed(match self.world_seed {
            None => 0,
            Some(Seed::Number(seed)) => seed,
            Some(Seed::Text(text)) => {
                text.trim().parse().map_err(|_| format!("worldSeed `{text}`: not a whole number from 0 to 2^64-1"))?
            }
        });
        if let Some(secret) = self.world_secret {
            world.secret = secret;
        }
        config.world = world;
        config.auth = match (self.auth.as_deref().unwrap_or("off"), self.credentials) {
            ("off", _) => AuthMode::Off,
            ("verify", Some(credentials)) => {
                let credentials = ovh_connectivity_mock_core::Credentials::from_json(&credentials.to_string())
                    .map_err(|e| format!("credentials: {e}"))?;
                config.service_accounts = credentials.service_accounts;
                AuthMode::Verify(credentials.applications)
            }
            ("verify", None) => return Err("auth `verify` needs credentials".to_owned()),
            (other, _) => return Err(format!("auth `{other}`: expected `off` or `verify`")),
        };
        if let Some(secs) = self.token_lifetime_secs {
            config.token_lifetime = Duration::from_secs(secs);
        }
        config.cors = match (self.no_cors.unwrap_or(false), self.cors_origin) {
            (true, Some(origins)) if !origins.is_empty() => {
                return Err("noCors and corsOrigin cannot be used together".to_owned());
            }
            (true, _) => Cors::Off,
            (false, Some(origins)) if !origins.is_empty() => Cors::Origins(origins),
            (false, _) => Cors::AnyOrigin,
        };
        if let Some(bytes) = self.max_body_bytes {
            config.max_body_bytes = bytes;
        }
        if let Some(secs) = self.task_ttl_secs {
            config.task_ttl = Duration::from_secs(secs);
        }
        if let Some(max) = self.max_tasks {
            config.max_tasks = max;
        }
        if let Some(name) = self.session_header {
            config.session_header = if name.is_empty() {
                None
            } else {
                Some(
                    http::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|e| format!("sessionHeader `{name}`: {e}"))?,
                )
            };
        }
        config.admin_token = match self.admin_token {
            Some(token) if token.is_empty() => return Err("adminToken is empty".to_owned()),
            Some(token) => Some(AdminToken::new(token)),
            None => None,
        };
        Ok(config)
    }
}

/// The fixtures served: the built-in set (unless `only`), with `files` laid over it.
/// `files` are (name, JSON text) pairs, the name as a folder's relative path would be
/// (`search/cities/44000.json`).
pub(crate) fn fixtures(only: bool, files: Vec<(String, String)>) -> Result<FixtureSet, String> {
    let built_in = if only {
        FixtureSet::default()
    } else {
        FixtureSet::embedded().map_err(|e| format!("built-in fixtures: {e}"))?
    };
    if files.is_empty() {
        return Ok(built_in);
    }
    let extra = FixtureSet::from_files(files).map_err(|e| e.to_string())?;
    Ok(built_in.overlay(extra))
}
