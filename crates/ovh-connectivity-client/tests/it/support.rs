//! The client's own test utilities (`test-util`), set up as these tests use them.

use ovh_connectivity_client::{Client, Config, ConfigBuilder};

pub(crate) const BASE: &str = "https://eu.api.ovh.com/1.0";
pub(crate) const AK: &str = "TDPKJdwZwAQPwKX2";
pub(crate) const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
pub(crate) const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
/// The official vectors' timestamp; the virtual clock starts 6 s behind the API's.
pub(crate) const API_TIME: u64 = 1457018875;

pub(crate) use ovh_connectivity_client::test_util::{FixtureTransport, VirtualClock, block_on};

/// The virtual clock of these tests: 6 s behind the API's time.
pub(crate) fn virtual_clock() -> VirtualClock {
    VirtualClock::new(API_TIME - 6)
}

/// The documented answers, with the official vectors' time at `/auth/time`.
pub(crate) fn fixture_transport() -> FixtureTransport {
    FixtureTransport::embedded(BASE).with_api_time(API_TIME)
}

pub(crate) fn signed_config() -> Config {
    ConfigBuilder::new().endpoint("ovh-eu").application(AK, AS).consumer_key(CK).build().unwrap()
}

pub(crate) fn client() -> Client<FixtureTransport, VirtualClock> {
    Client::new(signed_config(), fixture_transport(), virtual_clock())
}
