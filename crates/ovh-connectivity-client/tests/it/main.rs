//! Integration tests of the client core, without sockets: a transport answers from the
//! fixtures, a virtual clock waits instantly.

mod config;
mod encode;
mod errors;
mod hostile;
mod oauth2;
mod polling;
mod python_signing;
mod support;
mod tools;
