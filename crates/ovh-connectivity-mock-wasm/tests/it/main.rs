//! The npm package `ovh-connectivity-mock`, tested as a frontend developer uses it: the packed
//! tarball installed in a scratch project (`target/npm-project`, which `cargo xtask test`
//! makes: `npm ci` of `tests/project`, then `npm install` of the tarball that `cargo xtask npm`
//! packed), run by real Node, MSW, Vitest, Jest and Chromium, beside the native mock.

#[path = "../../../ovh-connectivity-mock/tests/it/tools.rs"]
#[allow(dead_code, reason = "shared with the native mock's tests, which use all of it")]
mod tools;

#[path = "../../../ovh-connectivity-mock/tests/it/chromium.rs"]
mod chromium;

#[path = "../../../ovh-connectivity-mock/tests/it/python_calls.rs"]
mod python_calls;

mod browser;
mod node;
mod npx;
mod parity;
mod project;
mod server;
mod server_clients;
