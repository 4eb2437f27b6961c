#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod admin;
mod auth;
mod catalog;
mod config;
mod cors;
mod dashboard;
mod filters;
mod matching;
mod oauth;
mod openapi;
mod replay;
mod reply;
mod required;
mod route;
mod server;
mod service;
mod settings;
mod state;
mod tasks;
mod world;

pub use config::{AdminToken, AuthMode, Cors, Credential, MockConfig, ServiceAccount, WorldSettings};
pub use ovh_connectivity_fixtures::{FixtureSet, Latency};
pub use server::{MockServer, StartError};
