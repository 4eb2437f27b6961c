#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

#[path = "../../ovh-connectivity-mock-core/src/admin.rs"]
mod admin;
#[path = "../../ovh-connectivity-mock-core/src/auth.rs"]
mod auth;
#[path = "../../ovh-connectivity-mock-core/src/catalog.rs"]
mod catalog;
#[path = "../../ovh-connectivity-mock-core/src/config.rs"]
mod config;
#[path = "../../ovh-connectivity-mock-core/src/cors.rs"]
mod cors;
#[path = "../../ovh-connectivity-mock-core/src/dashboard.rs"]
mod dashboard;
#[path = "../../ovh-connectivity-mock-core/src/filters.rs"]
mod filters;
#[path = "../../ovh-connectivity-mock-core/src/matching.rs"]
mod matching;
#[path = "../../ovh-connectivity-mock-core/src/oauth.rs"]
mod oauth;
#[path = "../../ovh-connectivity-mock-core/src/openapi.rs"]
mod openapi;
#[path = "../../ovh-connectivity-mock-core/src/replay.rs"]
mod replay;
#[path = "../../ovh-connectivity-mock-core/src/reply.rs"]
mod reply;
#[path = "../../ovh-connectivity-mock-core/src/required.rs"]
mod required;
#[path = "../../ovh-connectivity-mock-core/src/route.rs"]
mod route;
mod server;
#[path = "../../ovh-connectivity-mock-core/src/service.rs"]
mod service;
#[path = "../../ovh-connectivity-mock-core/src/settings.rs"]
mod settings;
#[path = "../../ovh-connectivity-mock-core/src/state.rs"]
mod state;
#[path = "../../ovh-connectivity-mock-core/src/tasks.rs"]
mod tasks;
#[path = "../../ovh-connectivity-mock-core/src/world/mod.rs"]
mod world;

pub use config::{AdminToken, AuthMode, Cors, Credential, MockConfig, ServiceAccount, WorldSettings};
pub use ovh_connectivity_fixtures::{FixtureSet, Latency};
pub use server::{MockServer, StartError};
