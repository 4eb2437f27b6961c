#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod config;
mod server;
mod service;
mod slow_body;
mod upstream;

pub use config::MockConfig;
pub use ovh_connectivity_mock_core::{
    AdminToken, AuthMode, CoreConfig, Cors, Credential, Credentials, DriftItem, Fault, FixtureSet, Latency,
    ProxyConfig, RecordConfig, ServiceAccount, Settings, WorldSettings,
};
pub use server::{MockServer, StartError};
pub use upstream::{UpstreamConfig, UpstreamCredentials, default_token_url};
