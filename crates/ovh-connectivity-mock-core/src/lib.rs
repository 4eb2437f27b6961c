#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod admin;
mod auth;
mod catalog;
mod config;
mod cors;
mod dashboard;
mod exchange;
mod filters;
mod forward;
mod hash;
mod matching;
mod mock;
mod oauth;
mod openapi;
mod play;
mod recordings;
mod redact;
mod replay;
mod reply;
mod request_log;
mod required;
mod route;
mod service;
mod settings;
mod tasks;
mod world;

pub use bytes::Bytes;
pub use config::{
    AdminToken, AuthMode, CoreConfig, Cors, Credential, Credentials, ProxyConfig, RecordConfig, ServiceAccount,
    WorldSettings,
};
pub use exchange::{BodyPlan, Delivery, Exchange, Forward, LineKind, LogRecord, Unread, Upstream, UpstreamSigning};
pub use mock::{Entropy, Mock, Now};
pub use ovh_connectivity_fixtures::{DriftItem, FixtureSet, Latency, RecordError, Recording, Written};
pub use reply::Source;
pub use settings::{Fault, Settings};
