#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod clock;
mod proxy;
mod transport;

pub use clock::TokioClock;
pub use ovh_connectivity_client::types;
/// What users of this adapter need of the client core, so that one dependency is enough.
pub use ovh_connectivity_client::{
    ApiError, Call, Config, ConfigBuilder, ConfigError, ConnectorError, ConnectorErrorKind, Credentials, DecodeError,
    Error, NotSent, PollPolicy, Polled, Secret,
};
pub use proxy::Proxies;
pub use transport::{HyperTransport, HyperTransportBuilder};

/// The client core over hyper and tokio.
pub type Client = ovh_connectivity_client::Client<HyperTransport, TokioClock>;

/// Why a client could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// TLS could not be set up (no root certificates found, for instance).
    #[error("cannot set up TLS: {0}")]
    Tls(#[source] std::io::Error),
    /// A proxy this transport cannot use (not a URL, reached over TLS, SOCKS).
    #[error("cannot use the proxy {url} (from {from}): {reason}")]
    Proxy {
        /// The proxy's URL, without its password.
        url: String,
        /// Where it came from: a variable's name (`HTTPS_PROXY`) or `explicit`.
        from: String,
        /// Why.
        reason: String,
    },
}

/// A client configured from `/etc/ovh.conf`, `~/.ovh.conf`, `./ovh.conf` and `OVH_*`.
pub fn client_from_env() -> Result<Client, SetupError> {
    client_with_config(ConfigBuilder::from_environment()?.build()?)
}

/// A client for a base URL (the mock's `http://127.0.0.1:8080/1.0`), without credentials.
pub fn client_for_base_url(base_url: &str) -> Result<Client, SetupError> {
    client_with_config(Config::for_base_url(base_url)?)
}

/// A client with this configuration and the default transport.
pub fn client_with_config(config: Config) -> Result<Client, SetupError> {
    Ok(Client::new(config, HyperTransport::new()?, TokioClock::new()))
}
