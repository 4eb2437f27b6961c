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
mod hash;
mod matching;
mod mock;
mod oauth;
mod openapi;
mod play;
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
pub use config::{AdminToken, AuthMode, CoreConfig, Cors, Credential, Credentials, ServiceAccount, WorldSettings};
pub use exchange::{BodyPlan, Delivery, Exchange, LineKind, LogRecord, Unread};
pub use mock::{Entropy, Mock, Now};
pub use ovh_connectivity_fixtures::{FixtureSet, Latency};
pub use reply::Source;
pub use settings::{Fault, Settings};
