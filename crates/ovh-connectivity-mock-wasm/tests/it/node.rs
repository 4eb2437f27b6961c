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

/// The package alone in a project (copied there, as npm installs it, without msw): handle()
/// works, and `handlers` says msw is missing and why.
#[test]
fn without_msw_handle_works_and_handlers_say_what_is_missing() {
    let Some(project) = project() else { return };
    let folder = project.with_file_name(format!("npm-without-msw-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let installed = project.join("node_modules/ovh-connectivity-mock");
    let copy = folder.join("node_modules/ovh-connectivity-mock");
    for entry in walkdir::WalkDir::new(&installed) {
        let entry = entry.expect("the installed package");
        if !entry.file_type().is_file() {
            continue;
        }
        let to = copy.join(entry.path().strip_prefix(&installed).expect("under the package"));
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("folder");
        std::fs::copy(entry.path(), &to).expect("copy the package");
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/without-msw.mjs");
    std::fs::copy(script, folder.join("without-msw.mjs")).expect("the script");
    let output = run_within(Command::new("node").arg("without-msw.mjs").current_dir(&folder), Duration::from_secs(60));
    let _ = std::fs::remove_dir_all(&folder);
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && text.contains("without msw: ok"), "{text}");
}
