//! The package in Node: the JavaScript tests of `tests/js`, each run in the scratch project
//! (where `ovh-connectivity-mock`, `msw`, Vitest and Jest are what npm installed) by the runner
//! a frontend uses: Node's test runner, Vitest 4, Jest 30 (CommonJS, and its ESM mode).

use std::process::Command;
use std::time::Duration;

use crate::project::{project, run_within, with_tests};

/// Runs `runner` (a program and its arguments, `{file}` replaced) on one file of `tests/js`,
/// failing with its report; the report, which must say `ran`.
fn run_tests(file: &str, runner: &[&str], environment: &[(&str, &str)], ran: &str) -> Option<String> {
    let project = project()?;
    let folder = with_tests(project, file.split('.').next().unwrap_or(file));
    let bin = project.join("node_modules/.bin");
    let program = if runner[0] == "node" { "node".into() } else { bin.join(runner[0]) };
    let mut command = Command::new(program);
    command.args(runner[1..].iter().map(|arg| arg.replace("{file}", file))).current_dir(&folder).env("NO_COLOR", "1");
    for (name, value) in environment {
        command.env(name, value);
    }
    let output = run_within(&mut command, Duration::from_secs(120));
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::remove_dir_all(&folder);
    assert!(output.status.success(), "{runner:?} {file}:\n{report}");
    // A runner that found no test would pass: the report must count the tests that ran.
    assert!(report.contains(ran), "{file}: the report does not say `{ran}`:\n{report}");
    Some(report)
}

/// Runs one file with `node --test`: no failure, and some tests passed.
fn node_test(file: &str) {
    let report = run_tests(file, &["node", "--test", "--test-reporter=spec", "{file}"], &[], "ℹ fail 0");
    if let Some(report) = report {
        assert!(!report.contains("ℹ pass 0"), "{file}: no test ran:\n{report}");
    }
}

#[test]
fn msw_set_up_server_in_node() {
    node_test("msw-node.test.mjs");
}

#[test]
fn handle_without_msw() {
    node_test("handle.test.mjs");
}

#[test]
fn vitest_with_msw() {
    run_tests("vitest-msw.test.mjs", &["vitest", "run", "{file}"], &[], "Tests  8 passed (8)");
}

#[test]
fn jest_commonjs_with_handle() {
    run_tests(
        "jest-cjs.test.cjs",
        &["jest", "--ci", "--rootDir", ".", "--runTestsByPath", "{file}"],
        &[],
        "Tests:       4 passed, 4 total",
    );
}

#[test]
fn jest_esm_mode_with_msw() {
    run_tests(
        "jest-esm.test.mjs",
        &["jest", "--ci", "--rootDir", ".", "--runTestsByPath", "{file}"],
        &[("NODE_OPTIONS", "--experimental-vm-modules")],
        "Tests:       7 passed, 7 total",
    );
}

/// A TypeScript project's use of the package (`tests/js/consumer.mts`) compiles under
/// `tsc --strict`: the options, fixtures, `handle`, `handlers` with msw's `setupServer`, the
/// admin functions and the API's types from `ovh-connectivity-mock/api`; a misspelt option
/// and a wrong latency do not (`@ts-expect-error` fails the build when they would).
#[test]
fn typescript_users_compile_against_the_package() {
    let Some(typescript) = crate::tools::typescript() else { return };
    let Some(project) = project() else { return };
    let folder = with_tests(project, "typescript");
    let output = run_within(
        Command::new(&typescript.tsc)
            .args(["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext"])
            .args(["--target", "es2022", "--types", "node", "consumer.mts"])
            .current_dir(&folder),
        Duration::from_secs(120),
    );
    let _ = std::fs::remove_dir_all(&folder);
    assert!(
        output.status.success(),
        "tsc: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
