//! A mock of the OVHcloud `/connectivity` API: what frontend developers run instead of the
//! real API, and what tests start in-process.
//!
//! It replays the fixtures of `ovh-connectivity-fixtures` (built in, or a folder of your own),
//! async tasks included: each distinct request (method, path, canonical query and body, and
//! optionally a session header) answers its fixture's `pending` phases first, then its final
//! answer, stable on every later repeat. It also:
//!
//! - serves every route of the 2026 schema under `/1.0` and `/v1`, and `GET /auth/time`;
//! - answers requests no fixture covers from its *world*: every French zip code with its real
//!   communes, and seeded streets, numbers, buildings and lines whose eligibility follows the
//!   copper and the fibre, the same for the same seed ([`WorldSettings`]); without a world, as
//!   the real API plausibly would (an empty list for a search, a task ending in `error` for a
//!   test); in strict mode, 404 naming the closest fixture;
//! - refuses bad input with OVH-shaped errors (malformed JSON, wrong types, missing fields,
//!   unknown paths, wrong methods with `Allow`, bodies over a limit) and never hangs on slow
//!   clients;
//! - optionally verifies OVH signatures like the real API (constant-time comparison);
//! - answers CORS preflights, adds latency, injects faults (`X-Mock-Fault: 503 | drop |
//!   slow-body`), and has an admin API under `/__admin` (see [`admin`](crate#admin-api)).
//!
//! # Admin API
//!
//! `GET /__admin/health`, `/fixtures`, `/tasks`, `/requests`, `/openapi.json`;
//! `DELETE /__admin/tasks` and `/tasks/{id}`; `POST /__admin/tasks/{id}/force` with
//! `{"outcome":"final"}` or `{"outcome":"error","message":"..."}`.
//!
//! # In tests
//!
//! [`MockServer::start`] binds 127.0.0.1 on an OS-chosen port and gives its base URL.

#![warn(missing_docs)]

mod admin;
mod auth;
mod catalog;
mod config;
mod cors;
mod matching;
mod openapi;
mod replay;
mod reply;
mod route;
mod server;
mod service;
mod state;
mod tasks;
mod world;

pub use config::{AuthMode, Cors, Credential, MockConfig, WorldSettings};
pub use ovh_connectivity_fixtures::{FixtureSet, Latency};
pub use server::{MockServer, StartError};
