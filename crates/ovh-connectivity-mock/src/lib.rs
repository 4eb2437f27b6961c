#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod config;
mod server;
mod service;
mod slow_body;

pub use config::MockConfig;
pub use ovh_connectivity_mock_core::{
    AdminToken, AuthMode, CoreConfig, Cors, Credential, Credentials, Fault, FixtureSet, Latency, ServiceAccount,
    Settings, WorldSettings,
};
pub use server::{MockServer, StartError};
