//! The binary as CI systems run it: exit codes and report formats.

use ovh_connectivity_mock::{MockConfig, MockServer};

fn contract() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ovh-connectivity-contract"));
    // No credentials from the developer's environment or ovh.conf leak into the run.
    command.env_remove("OVH_APPLICATION_KEY").env_remove("OVH_APPLICATION_SECRET").env_remove("OVH_CONSUMER_KEY");
    command
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_code_zero_against_the_mock_and_one_against_a_dead_server() {
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let base_url = server.base_url();
    let output = tokio::task::spawn_blocking(move || {
        contract()
            .args([
                "--base-url",
                &base_url,
                "--mode",
                "exact",
                "--rate",
                "0",
                "--poll-interval",
                "0.01",
                "--format",
                "junit",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.contains("failures=\"0\"") && stdout.contains("<property name=\"mode\" value=\"exact\"/>"),
        "{stdout}"
    );

    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let output = contract()
        .args(["--base-url", &format!("http://{dead}/1.0"), "--rate", "0", "--filter", "error.unknown-route"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL") && stdout.contains("cannot connect"), "{stdout}");
    assert!(stdout.trim_end().ends_with("0 passed, 1 failed, 0 skipped"), "{stdout}");
}

#[test]
fn list_shows_every_check_and_bad_arguments_exit_two() {
    let output = contract().arg("--list").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    let catalogue = ovh_connectivity_contract::catalogue();
    assert_eq!(stdout.lines().count(), catalogue.len() + 1, "a header, then one check a line");
    let mut lines = stdout.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("CHECK ") && header.contains(" NEEDS ") && header.ends_with(" DESCRIPTION"), "{header}");
    let (needs, description) = (header.find(" NEEDS").unwrap() + 1, header.find(" DESCRIPTION").unwrap() + 1);
    for (line, check) in lines.zip(&catalogue) {
        assert_eq!(line[..needs].trim_end(), check.id, "{line}");
        assert_eq!(line[needs..description].trim_end(), check.needs.as_str(), "{line}");
        assert_eq!(serde_json::to_value(check.needs).unwrap(), check.needs.as_str(), "the JSON report's word");
        assert_eq!(&line[description..], check.description, "{line}");
    }
    let output = contract().args(["--base-url", "http://127.0.0.1:1/1.0", "--rate", "-1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_poll_flags_reach_the_policy_in_both_spellings() {
    let server = MockServer::start(MockConfig::with_embedded_fixtures().unwrap()).await.unwrap();
    let base_url = server.base_url();
    tokio::task::spawn_blocking(move || {
        let run = |flags: &[&str]| {
            let started = std::time::Instant::now();
            let output = contract()
                .args([
                    "--base-url",
                    &base_url,
                    "--mode",
                    "exact",
                    "--rate",
                    "0",
                    "--filter",
                    "flow.line-copper-active",
                ])
                .args(flags)
                .output()
                .unwrap();
            (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned(), started.elapsed())
        };
        // The line is pending twice: 3 s of waits by default, 20 ms with either spelling.
        for flags in [
            ["--poll-interval", "0.01", "--task-timeout", "5"],
            ["--poll-interval-ms", "10", "--task-deadline-secs", "5"],
        ] {
            let (code, stdout, took) = run(&flags);
            assert_eq!(code, Some(0), "{flags:?}: {stdout}");
            assert!(took < std::time::Duration::from_millis(2500), "{flags:?} took {took:?}");
        }
        // A task deadline of 0 gives up at the first pending answer, in either spelling.
        for flags in [
            ["--poll-interval", "0.01", "--task-timeout", "0"],
            ["--poll-interval", "0.01", "--task-deadline-secs", "0"],
        ] {
            let (code, stdout, _) = run(&flags);
            assert_eq!(code, Some(1), "{flags:?}: {stdout}");
            assert!(stdout.contains("the server after 1"), "given up after one answer: {flags:?}: {stdout}");
        }
        let (code, _, _) = run(&["--poll-interval", "1", "--poll-interval-ms", "10"]);
        assert_eq!(code, Some(2), "one spelling at a time");
    })
    .await
    .unwrap();
}
