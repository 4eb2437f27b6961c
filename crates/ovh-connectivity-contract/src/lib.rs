#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod answer;
mod checks;
mod judge;
mod outcome;
mod record;
mod report;
mod target;
mod transport;

pub use checks::{Check, Needs, catalogue};
pub use outcome::{Outcome, Verdict};
pub use report::{CheckResult, Report, RunError, run};
pub use target::{Mode, Target, sample_zip_codes};
