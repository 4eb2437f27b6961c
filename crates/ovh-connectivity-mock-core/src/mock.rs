//! The mock's state: what every request shares (configuration, the settings of the moment,
//! the served fixtures, the task table, the request log, the world, the token key), behind
//! `&self` so that a host may call it from any number of connections at once.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, RwLock};
use std::time::Duration;

use ovh_connectivity_fixtures::FixtureSet;

use crate::catalog::Catalog;
use crate::config::CoreConfig;
use crate::hash::Draws;
use crate::oauth::TokenIssuer;
use crate::recordings::{PendingSeen, Recordings};
use crate::request_log::RequestLog;
use crate::settings::Settings;
use crate::tasks::TaskTable;
use crate::world::World;

/// The time of a request, both clocks read by the host: the core reads none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now {
    /// Since the Unix epoch (wall clock): `/auth/time`, signatures' timestamps, token expiry,
    /// the request log's times.
    pub unix: Duration,
    /// Since any fixed origin of the host's monotonic clock, such as when it built the
    /// [`Mock`]: task ages and time-to-live; `GET /__admin/health` shows it as the uptime.
    pub monotonic: Duration,
}

impl Now {
    /// A time from the host's two clocks.
    pub fn new(unix: Duration, monotonic: Duration) -> Self {
        Self { unix, monotonic }
    }

    pub(crate) fn unix_secs(self) -> u64 {
        self.unix.as_secs()
    }

    pub(crate) fn unix_ms(self) -> u64 {
        u64::try_from(self.unix.as_millis()).unwrap_or(u64::MAX)
    }
}

/// The host's randomness, drawn once from its operating system (`getrandom`): the key of the
/// OAuth2 tokens the mock mints, the key of its task table's hash, and the seed of latency
/// and fault draws. Never shown by `Debug`.
#[derive(Clone)]
pub struct Entropy {
    token_key: [u8; 32],
    task_key: [u64; 2],
    draw_seed: u64,
}

impl Entropy {
    /// Entropy from 64 random bytes.
    pub fn from_bytes(bytes: [u8; 64]) -> Self {
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let mut token_key = [0u8; 32];
        token_key.copy_from_slice(&bytes[..32]);
        Self { token_key, task_key: [word(32), word(40)], draw_seed: word(48) }
    }
}

impl fmt::Debug for Entropy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Entropy([redacted])")
    }
}

/// The mock, without IO: [`Mock::handle`] turns a request into an [`Exchange`](crate::Exchange)
/// (the response, the delay before it, the fault to act out, the log record), and the host
/// does the rest.
#[derive(Debug)]
pub struct Mock {
    pub(crate) config: CoreConfig,
    /// What the API answers with now; starts as `config.settings`.
    settings: RwLock<Arc<Settings>>,
    catalog: RwLock<Arc<Catalog>>,
    tasks: Mutex<TaskTable>,
    log: Mutex<RequestLog>,
    queries: AtomicU64,
    pub(crate) draws: Draws,
    /// The world, built at once when it is on at start, else when first turned on.
    world: OnceLock<World>,
    /// The world without places, which answers when the world is off.
    empty_world: World,
    /// Mints and checks the OAuth2 access tokens.
    pub(crate) tokens: TokenIssuer,
    /// The pending answers of forwarded tasks, until their final one is recorded.
    pub(crate) pending_seen: Mutex<PendingSeen>,
    /// The files recorded, for the admin API.
    pub(crate) recordings: Mutex<Recordings>,
    /// The key owner names are masked under (`--redact owner`), from the host's entropy.
    pub(crate) redact_key: [u8; 32],
    /// This mock's `Via` entry on forwarded requests (`1.1 ovh-connectivity-mock-<id>`): a
    /// request carrying it came back, and is not forwarded again.
    pub(crate) via: String,
}

/// A key of its own for `purpose`, derived from the token key (which it does not give back).
fn derived_key(token_key: &[u8; 32], purpose: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"ovh-connectivity-mock\0");
    hasher.update(purpose);
    hasher.update(b"\0");
    hasher.update(token_key);
    hasher.finalize().into()
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the whole mock down: the data stays usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Mock {
    /// A mock serving `fixtures`. When the world is on at start, its places are indexed now
    /// (a few tens of milliseconds), not on the first request that needs them, unless
    /// [`CoreConfig::index_world_at_start`] is off.
    pub fn new(config: CoreConfig, fixtures: FixtureSet, entropy: Entropy) -> Self {
        let start = Arc::new(config.settings.clone());
        let world = OnceLock::new();
        if start.world_answers() && config.index_world_at_start {
            let _ = world.set(World::new(config.world.seed, &config.world.secret));
        }
        Self {
            settings: RwLock::new(start),
            tasks: Mutex::new(TaskTable::new(config.task_ttl, config.max_tasks, entropy.task_key)),
            log: Mutex::new(RequestLog::new(config.request_log_capacity)),
            catalog: RwLock::new(Arc::new(Catalog::new(fixtures))),
            queries: AtomicU64::new(0),
            draws: Draws::new(entropy.draw_seed),
            world,
            empty_world: World::empty(config.world.seed, &config.world.secret),
            redact_key: derived_key(&entropy.token_key, b"redact owner"),
            via: format!(
                "1.1 ovh-connectivity-mock-{}",
                derived_key(&entropy.token_key, b"via")[..8].iter().map(|b| format!("{b:02x}")).collect::<String>()
            ),
            tokens: TokenIssuer::new(entropy.token_key),
            pending_seen: Mutex::default(),
            recordings: Mutex::default(),
            config,
        }
    }

    /// The configuration the mock was built with.
    pub fn config(&self) -> &CoreConfig {
        &self.config
    }

    /// The settings of the moment (one read per request).
    pub fn settings(&self) -> Arc<Settings> {
        self.settings.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Replaces the settings for new requests, and gives the ones replaced; the world is
    /// built first when it is turned on.
    pub fn set_settings(&self, settings: Settings) -> Arc<Settings> {
        if settings.world_answers() {
            self.world.get_or_init(|| World::new(self.config.world.seed, &self.config.world.secret));
        }
        std::mem::replace(&mut *self.settings.write().unwrap_or_else(PoisonError::into_inner), Arc::new(settings))
    }

    /// Serves `fixtures` from now on (a reload); task states are dropped, since their phases
    /// may no longer exist. Gives how many were dropped.
    pub fn replace_fixtures(&self, fixtures: FixtureSet) -> usize {
        *self.catalog.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(Catalog::new(fixtures));
        self.tasks().clear()
    }

    /// How many fixtures are served.
    pub fn fixture_count(&self) -> usize {
        self.catalog().set.len()
    }

    /// The world, when `settings` let it answer.
    pub(crate) fn world(&self, settings: &Settings) -> Option<&World> {
        if settings.world_answers() {
            Some(self.world.get_or_init(|| World::new(self.config.world.seed, &self.config.world.secret)))
        } else {
            None
        }
    }

    /// The world that answers when the world is off: no place, so nothing is found.
    pub(crate) fn empty_world(&self) -> &World {
        &self.empty_world
    }

    pub(crate) fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub(crate) fn tasks(&self) -> MutexGuard<'_, TaskTable> {
        lock(&self.tasks)
    }

    pub(crate) fn log(&self) -> MutexGuard<'_, RequestLog> {
        lock(&self.log)
    }

    pub(crate) fn next_query_number(&self) -> u64 {
        self.queries.fetch_add(1, Ordering::Relaxed)
    }
}
