//! Everything the mock can be told: the host's own fields (addresses, the watched folder,
//! socket timeouts) around the core's configuration, with the defaults a frontend developer
//! wants.

use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::time::Duration;

use ovh_connectivity_fixtures::FixtureSet;
use ovh_connectivity_mock_core::CoreConfig;

use crate::upstream::UpstreamConfig;

/// Settings of a [`MockServer`](crate::MockServer): the host's fields, and the core's
/// configuration in [`core`](Self::core).
///
/// `MockConfig` dereferences to its [`CoreConfig`], so the core's fields read and change as
/// the host's do: `config.auth = AuthMode::Verify(...)`, `config.settings.pending = Some(3)`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct MockConfig {
    /// Where to listen. Default `127.0.0.1:0` (an OS-chosen port on loopback only).
    pub addr: SocketAddr,
    /// The fixtures served.
    pub fixtures: FixtureSet,
    /// A folder to reload when it changes (`--watch`): its fixtures are laid over `base_fixtures`.
    pub watch_dir: Option<PathBuf>,
    /// What a reload lays the watched folder over (the built-in set, or nothing).
    pub base_fixtures: FixtureSet,
    /// How often the watched folder is checked.
    pub watch_interval: Duration,
    /// How long a client may take to send its request headers.
    pub header_read_timeout: Duration,
    /// How long a client may take to send its request body.
    pub body_read_timeout: Duration,
    /// How forwarded calls reach the upstream (`--proxy`, set in [`CoreConfig::proxy`]):
    /// timeout, credentials, TLS.
    pub upstream: UpstreamConfig,
    /// Where forwarded exchanges are written as fixtures (`--record`; set
    /// [`CoreConfig::record`] too, which decides what is recorded).
    pub record_dir: Option<PathBuf>,
    /// Keep an earlier recording of the same request instead of replacing it (`--record-keep`).
    pub record_keep: bool,
    /// What decides the answers: run-time settings, authentication, CORS, limits, the world.
    pub core: CoreConfig,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            fixtures: FixtureSet::default(),
            watch_dir: None,
            base_fixtures: FixtureSet::default(),
            watch_interval: Duration::from_secs(1),
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            upstream: UpstreamConfig::default(),
            record_dir: None,
            record_keep: false,
            core: CoreConfig::default(),
        }
    }
}

impl MockConfig {
    /// The default settings serving `fixtures`.
    pub fn new(fixtures: FixtureSet) -> Self {
        Self { fixtures, ..Self::default() }
    }

    /// The default settings serving the fixtures built into the binary.
    ///
    /// # Errors
    ///
    /// The built-in set's load errors (none, unless the crate was built from broken files).
    pub fn with_embedded_fixtures() -> Result<Self, ovh_connectivity_fixtures::LoadErrors> {
        let fixtures = FixtureSet::embedded()?;
        Ok(Self { base_fixtures: fixtures.clone(), ..Self::new(fixtures) })
    }
}

impl Deref for MockConfig {
    type Target = CoreConfig;

    fn deref(&self) -> &CoreConfig {
        &self.core
    }
}

impl DerefMut for MockConfig {
    fn deref_mut(&mut self) -> &mut CoreConfig {
        &mut self.core
    }
}
