#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod client;
mod config;
mod error;
mod observe;
mod poll;
mod secret;
mod sign;
#[cfg(feature = "test-util")]
pub mod test_util;
mod token;
mod transport;
mod wire;

pub use client::{Client, Polled};
pub use config::{
    Config, ConfigBuilder, ConfigError, Credentials, ENDPOINTS, OAUTH2_TOKEN_URLS, PollPolicy, ServiceAccount,
};
pub use error::{ApiError, ConnectorError, ConnectorErrorKind, DecodeError, Error, NotSent, TokenRefused};
pub use observe::{PollObserver, PollProgress};
pub use ovh_connectivity_types as types;
pub use poll::{Step, next_step};
pub use secret::Secret;
pub use sign::signature;
pub use transport::{Clock, HttpRequest, HttpResponse, SystemClock, Transport};
pub use wire::{AnswerError, Call, decode, encode, encode_bearer};
