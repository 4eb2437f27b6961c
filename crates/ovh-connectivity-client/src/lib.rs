//! Typed, signed, polled calls to the OVHcloud `/connectivity` API, without IO.
//!
//! This crate builds requests, signs them as the official clients do, decodes answers into
//! the wire types of `ovh-connectivity-types`, and polls async tasks. It opens no socket and
//! reads no clock itself: a [`Transport`] carries the bytes and a [`Clock`] tells the time and
//! waits. `ovh-connectivity-hyper` provides both on hyper and tokio; tests can use closures.
//!
//! - [`ConfigBuilder`] reads `ovh.conf` and `OVH_*` like python-ovh and go-ovh.
//! - [`Client`] has one method per operation; eligibility tests and searches are polled until
//!   `ok` or `error` within the [`PollPolicy`] deadline, and say how many polls it took.
//! - [`encode`], [`decode`], [`next_step`] and [`signature`] are the pure pieces, usable
//!   alone.
//! - [`SystemClock`] is a [`Clock`] on the standard library's clocks that waits with the sleep
//!   function you give (tokio's, smol's, async-std's...): the core needs no runtime of its own.
//! - [`Error`] tells apart "never sent", transport failure, API refusal, undecodable answer,
//!   failed task and deadline.
//! - Secrets are [`Secret`]s: `Debug` prints `[redacted]`.
//! - With the `test-util` feature, [`test_util`] has fakes for your own tests: the documented
//!   answers without a server, a virtual clock, a recording transport.

#![warn(missing_docs)]

mod client;
mod config;
mod error;
mod poll;
mod secret;
mod sign;
#[cfg(feature = "test-util")]
pub mod test_util;
mod transport;
mod wire;

pub use client::{Client, Polled};
pub use config::{Config, ConfigBuilder, ConfigError, Credentials, ENDPOINTS, PollPolicy};
pub use error::{ApiError, DecodeError, Error, NotSent};
pub use ovh_connectivity_types as types;
pub use poll::{Step, next_step};
pub use secret::Secret;
pub use sign::signature;
pub use transport::{Clock, HttpRequest, HttpResponse, SystemClock, Transport};
pub use wire::{AnswerError, Call, decode, encode};
