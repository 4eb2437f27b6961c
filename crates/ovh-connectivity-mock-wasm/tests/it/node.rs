//! The package in Node: the JavaScript tests of `tests/js`, each run by Node's test runner in
//! the scratch project, where `ovh-connectivity-mock` and `msw` are what npm installed.

use std::process::Command;
use std::time::Duration;

use crate::project::{project, run_within, with_tests};

/// Runs one file of `tests/js` with `node --test`, failing with its report.
fn node_test(file: &str) {
    let Some(project) = project() else { return };
    let folder = with_tests(project, file.trim_end_matches(".test.mjs"));
    let output = run_within(
        Command::new("node").args(["--test", "--test-reporter=spec", file]).current_dir(&folder),
        Duration::from_secs(120),
    );
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::remove_dir_all(&folder);
    assert!(output.status.success(), "node --test {file}:\n{report}");
    // A runner that found no test would pass: the report must count some, and no failure.
    assert!(report.contains("ℹ pass ") && !report.contains("ℹ pass 0"), "no test ran in {file}:\n{report}");
    assert!(report.contains("ℹ fail 0"), "{file}:\n{report}");
}

#[test]
fn msw_set_up_server_in_node() {
    node_test("msw-node.test.mjs");
}

#[test]
fn handle_without_msw() {
    node_test("handle.test.mjs");
}
