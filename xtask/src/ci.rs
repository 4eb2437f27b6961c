//! `cargo xtask ci`: everything CI checks, in order: formatting, clippy (warnings are errors)
//! on all targets and on the default features, the whole test suite, the promises made to
//! library users (the minimum Rust version, every feature on its own, the mock's core for
//! WebAssembly, the dependencies' licences), `cargo package` of every crate with the downstream checks on the packages, and
//! the docs (warnings are errors).

use crate::cmd::{cargo, cargo_tool, run, rustup};

/// The `rust-version` of every crate of the workspace (`Cargo.toml`).
const MSRV: &str = "1.88";
/// Cargo tools CI runs, each at the version it was checked with.
const CARGO_HACK: &str = "0.6.46";
const CARGO_DENY: &str = "0.20.2";

pub(crate) fn ci() -> Result<(), String> {
    run("format", cargo().args(["fmt", "--all", "--check"]))?;
    run(
        "clippy",
        cargo().args(["clippy", "--quiet", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]),
    )?;
    // --all-features hides the default configurations (webpki roots, types without proptest).
    run(
        "default features",
        cargo().args(["clippy", "--quiet", "--workspace", "--lib", "--bins", "--", "-D", "warnings"]),
    )?;
    crate::test::test()?;
    minimum_rust_version()?;
    each_feature()?;
    core_builds_for_wasm()?;
    licences()?;
    crate::downstream::package()?;
    crate::downstream::downstream()?;
    run(
        "docs",
        cargo()
            .args(["doc", "--quiet", "--workspace", "--no-deps", "--all-features"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )
}

/// `rust-version = "1.88"` holds: the libraries and binaries build with that toolchain
/// (installed with rustup, minimal profile, when missing), in their own target folder.
fn minimum_rust_version() -> Result<(), String> {
    let installed = std::process::Command::new("rustup")
        .args(["run", MSRV, "rustc", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        rustup(&format!("install Rust {MSRV}"), &["toolchain", "install", MSRV, "--profile", "minimal"])?;
    }
    run(
        &format!("the libraries and binaries on Rust {MSRV} (rust-version)"),
        std::process::Command::new("rustup")
            .args(["run", MSRV, "cargo", "check", "--quiet", "--locked", "--workspace", "--exclude", "xtask"])
            .args(["--lib", "--bins", "--target-dir", "target/msrv"])
            .current_dir(crate::cmd::root()),
    )
}

/// Every feature of every library builds on its own, with no default features, and with the
/// defaults (cargo-hack), so that a user who turns one on is never the first to build it.
fn each_feature() -> Result<(), String> {
    cargo_tool("cargo-hack", CARGO_HACK, &["hack", "--version"])?;
    // Libraries only (the command line is a binary alone). Without --no-dev-deps, which
    // would rewrite the manifests while it runs.
    let libraries_only = ["--workspace", "--exclude", "xtask", "--exclude", "ovh-connectivity-cli"];
    run(
        "every feature of every library on its own (cargo hack)",
        cargo()
            .args(["hack", "check", "--quiet", "--each-feature", "--lib"])
            .args(libraries_only)
            .args(["--target-dir", "target/features"])
            // A warning in a feature combination is a defect like any other.
            .env("RUSTFLAGS", "-D warnings"),
    )
}

/// The mock's core builds for `wasm32-unknown-unknown` (no clock, threads, sockets or OS
/// randomness: the npm package's host is WebAssembly); rustup adds the target when missing.
fn core_builds_for_wasm() -> Result<(), String> {
    const TARGET: &str = "wasm32-unknown-unknown";
    let installed = std::process::Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).lines().any(|line| line.trim() == TARGET));
    if !installed {
        rustup(&format!("add the {TARGET} target"), &["target", "add", TARGET])?;
    }
    run(
        "the mock's core for WebAssembly",
        cargo()
            .args(["check", "--quiet", "-p", "ovh-connectivity-mock-core", "--target", TARGET])
            .args(["--target-dir", "target/wasm"]),
    )
}

/// The dependencies' licences are what the workspace allows, and no crate is banned
/// (cargo-deny, `deny.toml`). The advisory database cannot be fetched from CI: not checked.
fn licences() -> Result<(), String> {
    cargo_tool("cargo-deny", CARGO_DENY, &["deny", "--version"])?;
    run("licences and bans (cargo deny)", cargo().args(["deny", "--log-level", "error", "check", "licenses", "bans"]))
}
