//! Integration tests of the mock, over real sockets on 127.0.0.1.

mod admin;
mod auth;
mod bad_input;
mod browser;
mod chromium;
mod field_reports;
mod fixtures;
mod oauth;
mod process;
mod proxy;
mod proxy_failures;
mod python;
mod python_calls;
#[path = "../../../ovh-connectivity-hyper/tests/it/self_signed.rs"]
mod self_signed;
mod support;
mod tasks;
mod tools;
mod typescript;
mod world;
