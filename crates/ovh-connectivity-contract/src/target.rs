//! What the suite runs against, and how carefully.

use std::path::PathBuf;
use std::time::Duration;

use ovh_connectivity_client::{Credentials, PollPolicy, ServiceAccount};
use ovh_connectivity_fixtures::FixtureSet;

/// How answers are judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Mode {
    /// Answers must equal the fixtures, phase by phase (for a mock serving them).
    Exact,
    /// Answers must have the right shape and protocol (for the real API: real data differ).
    Structural,
}

impl Mode {
    /// `exact` or `structural`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Structural => "structural",
        }
    }
}

/// The server under test and the rules of engagement.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Target {
    /// API base URL (`https://eu.api.ovh.com/1.0`, `http://127.0.0.1:8080/1.0`).
    pub base_url: String,
    /// How answers are judged.
    pub mode: Mode,
    /// The fixtures: what the documented requests are, and in exact mode what they answer.
    pub fixtures: FixtureSet,
    /// Credentials for the checks that need them (skipped without).
    pub credentials: Option<Credentials>,
    /// Or a service account (OAuth2): the checks that need credentials then use Bearer tokens.
    pub service_account: Option<ServiceAccount>,
    /// Run checks that change data (recalls). Off by default.
    pub allow_writes: bool,
    /// Least time between two requests (OVH's fair use is about one per second).
    pub min_interval: Duration,
    /// How pending tasks are polled: the client core's policy (backoff from 1 s to the
    /// interval, the deadline of one task), [`PollPolicy::default`] unless set.
    pub poll: PollPolicy,
    /// Zip codes whose flows `flow.sample-addresses` walks (structural mode); see
    /// [`sample_zip_codes`].
    pub sample: Vec<String>,
    /// Write every call the checks walk through the client (a task polled to its end, or one
    /// request) into this folder as a fixture (`--record DIR`): the fixtures crate's writer,
    /// the mock's `--record` layout. `None` (the default): nothing is written.
    pub record: Option<PathBuf>,
}

/// `count` real zip codes drawn from the world's table of French places
/// (`ovh_connectivity_fixtures::WORLD_COMMUNES`), the same for the same seed.
pub fn sample_zip_codes(count: usize, seed: u64) -> Vec<String> {
    let mut zips: Vec<&str> = ovh_connectivity_fixtures::commune_rows(ovh_connectivity_fixtures::WORLD_COMMUNES)
        .map(|(_, row)| row.zip_code)
        .collect();
    zips.dedup();
    // SplitMix64 from `seed`, as the generator draws it: the finaliser of seed + k·γ.
    let mut state = seed;
    let mut next = || {
        let value = ovh_connectivity_fixtures::split_mix64(state);
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        value
    };
    let mut drawn = Vec::with_capacity(count);
    while drawn.len() < count.min(zips.len()) {
        let zip = zips[(next() % zips.len() as u64) as usize].to_owned();
        if !drawn.contains(&zip) {
            drawn.push(zip);
        }
    }
    drawn
}

impl Target {
    /// Whether signed calls can be made: application credentials or a service account.
    pub fn can_sign(&self) -> bool {
        self.credentials.is_some() || self.service_account.is_some()
    }

    /// A target with the safe defaults: one request per second, the client core's default
    /// polling ([`PollPolicy::default`]: waits of 1 s growing to 5 s, 3 min per task), no
    /// writes, structural mode, the built-in fixtures.
    pub fn new(base_url: impl Into<String>, fixtures: FixtureSet) -> Self {
        Self {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            mode: Mode::Structural,
            fixtures,
            credentials: None,
            service_account: None,
            allow_writes: false,
            min_interval: Duration::from_secs(1),
            poll: PollPolicy::default(),
            sample: Vec::new(),
            record: None,
        }
    }

    /// Settings for a local mock: exact mode, no pacing, fast polls.
    pub fn local_mock(base_url: impl Into<String>, fixtures: FixtureSet) -> Self {
        Self {
            mode: Mode::Exact,
            min_interval: Duration::ZERO,
            poll: PollPolicy::new(Duration::from_millis(10), Duration::from_secs(10)),
            ..Self::new(base_url, fixtures)
        }
    }
}
