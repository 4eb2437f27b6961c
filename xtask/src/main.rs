//! Project tasks: `cargo xtask <task>`. This file only dispatches; each job is a module:
//!
//! - `ci` (`ci.rs`): everything CI checks, what `.ci/run` runs;
//! - `test` (`test.rs`): the test suite, after installing what it needs beyond cargo;
//! - `npm` (`npm.rs`): the npm package `ovh-connectivity-mock`, from the mock's core as
//!   WebAssembly;
//! - `bench` (`bench/`): the benchmarks of BENCHMARKS.md;
//! - `world-data` (`world_data.rs`): regenerates `fixtures/world/communes.tsv` from the npm
//!   package `codes-postaux`.
//!
//! `downstream.rs` (the packaged crates as other projects get them), `cmd.rs` (running
//! programs, installing pinned tools) and `http.rs` (the few HTTP requests) serve the jobs.
//! Errors are the `String` a person reads: each job prints it and exits non-zero.

use std::process::ExitCode;

mod bench;
mod ci;
mod cmd;
mod downstream;
mod http;
mod npm;
mod test;
#[cfg(test)]
mod tidy;
mod world_data;

const USAGE: &str = "usage: cargo xtask <ci|test|npm|bench|world-data>
  ci          fmt check, clippy -D warnings, tests, MSRV, features, licences, packages, docs
  test        the tests only (installs what they need beyond cargo)
  npm         the npm package ovh-connectivity-mock: target/npm/ovh-connectivity-mock-<version>.tgz
  bench       load, client and micro benchmarks (--seconds N, --rounds N)
  world-data  regenerate fixtures/world/communes.tsv from npm's codes-postaux";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::ci(),
        Some("test") => test::test(),
        Some("bench") => bench::bench(&args[1..]),
        Some("world-data") => world_data::world_data(),
        Some("npm") => npm::npm().map(|_| ()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
