//! A contract suite for the OVHcloud `/connectivity` API: one catalogue of checks, run against
//! any base URL.
//!
//! We run it against our mock (exact mode: every answer must equal its fixture) and anyone can
//! run it against the real API or their own implementation (structural mode: shapes and the
//! async protocol, since real data differ). The catalogue covers the documented flows, the
//! async-task protocol (pending, terminal within a deadline, stable, poll counts), the answer
//! shapes (with drift warnings for fields the wire types do not know), OVH-shaped errors and,
//! with credentials, signed calls.
//!
//! It is safe against the real API: read-only unless writes are allowed, paced to one request
//! per second by default, and every pending task has a deadline.

#![warn(missing_docs)]

mod answer;
mod checks;
mod judge;
mod outcome;
mod report;
mod target;
mod transport;

pub use checks::{Check, Needs, catalogue};
pub use outcome::{Outcome, Verdict};
pub use report::{CheckResult, Report, RunError, run};
pub use target::{Mode, Target, sample_zip_codes};
