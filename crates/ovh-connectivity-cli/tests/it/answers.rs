//! What the output says beside the answer: the guide's warning when an answer is about
//! something other than what was asked, fields a test did not look at, and the help.

use serde_json::Value;

use crate::support::*;

/// A fixture file's JSON, read from the built-in set, with `change` applied.
fn fixture(path: &str, change: impl FnOnce(&mut Value)) -> String {
    let text = std::fs::read_to_string(format!("{}/../../fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut fixture: Value = serde_json::from_str(&text).unwrap();
    change(&mut fixture);
    fixture.to_string()
}

#[test]
fn an_answer_about_something_else_than_what_was_asked_is_said_on_stderr_naming_both() {
    // A line and an address whose answers are about another line and another address.
    let line =
        fixture("test/line/0123456789-active.json", |f| f["request"]["body"]["lineNumber"] = "0111111111".into());
    let address = fixture("test/address/94123001234-4.json", |f| {
        f["request"]["body"] = serde_json::json!({"streetCode": "3523810017", "streetNumber": "2"});
    });
    let mock = Mock::with_fixtures(&[("other-line.json", line), ("other-address.json", address)]);
    let warning = |asked: &str, answered: &str| {
        format!(
            "warning: {asked} was asked, but the API's answer is about {answered}: check that it is the installation you mean\n"
        )
    };

    // The guide's own building test answers for another building.
    let building = run(&mock, &["eligibility", "building", "IMB/91471/C/NT8X"]);
    assert_eq!(building.code, 0, "{}", building.stderr);
    assert!(building.stdout.starts_with("Building IMB/91234/A/NT6Z\n"), "stdout stays the answer: {}", building.stdout);
    assert_eq!(building.stderr, warning("building IMB/91471/C/NT8X", "building IMB/91234/A/NT6Z"));
    let json = run(&mock, &["eligibility", "building", "imb/91471/c/nt8x", "--json"]);
    let answer = mock.task("/connectivity/eligibility/test/building", r#"{"building":"IMB/91471/C/NT8X"}"#, "direct");
    assert_eq!(json.stdout, format!("{}\n", raw_result(&answer)), "--json: the answer, unchanged");
    assert_eq!(json.stderr, building.stderr);

    let other_line = run(&mock, &["eligibility", "line", "01 11 11 11 11"]);
    assert_eq!(other_line.code, 0, "{}", other_line.stderr);
    assert!(other_line.stdout.starts_with("Line 0123456789\n"), "{}", other_line.stdout);
    assert_eq!(other_line.stderr, warning("line 0111111111", "line 0123456789"));

    // An address test answers with a line (expected); its address is another street's.
    let other_address =
        run(&mock, &["eligibility", "address", "--zip", "35000", "--street", "bd des champs", "--number", "2"]);
    assert_eq!(other_address.code, 0, "{}", other_address.stderr);
    assert!(other_address.stdout.contains("4 RUE DES JARDINS, 94123 PARIS"), "{}", other_address.stdout);
    assert_eq!(
        other_address.stderr,
        warning("number 2 of street 3523810017", "number 4 of street 94123001234 (4 RUE DES JARDINS)")
    );

    // The guide's search of lines at number 2 finds a line at number 4.
    let lines = run(&mock, &["search", "lines", "--street-code", "123456789", "--number", "2"]);
    assert_eq!(lines.code, 0, "{}", lines.stderr);
    assert!(lines.stdout.contains("0123456789  4 RUE DES JARDINS"), "{}", lines.stdout);
    assert_eq!(
        lines.stderr,
        warning("number 2 of street 123456789", "line 0123456789 at number 4 of street 123456789 (4 RUE DES JARDINS)")
    );

    // What answers for what was asked says nothing.
    for args in [
        &["eligibility", "line", "0123456789"][..],
        &["eligibility", "otp", "OO-XXXX-XXXX/C"],
        &["eligibility", "address", "--zip", "35000", "--street", "bd des champs", "--number", "1"],
        &["search", "buildings", "--street-code", "9147132200", "--number", "2"],
        &["search", "lines", "--street-code", "3523810017", "--number", "2"],
    ] {
        let quiet = run(&mock, args);
        assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""), "{args:?}");
    }
}

#[test]
fn blocks_say_what_a_test_did_not_test_and_never_contradict_each_other() {
    let mock = Mock::start();
    let building = run(&mock, &["eligibility", "building", "IMB/91471/C/NT8X"]);
    assert!(building.stdout.contains("\n  copper    not tested by a building test\n"), "{}", building.stdout);
    let otp = run(&mock, &["eligibility", "otp", "OO-XXXX-XXXX/C"]);
    assert!(otp.stdout.contains("\n  copper    not tested by an optical termination point test\n"), "{}", otp.stdout);
    let line = run(&mock, &["eligibility", "line", "0123456789"]);
    assert!(line.stdout.contains("\n  fibre     not tested by a line test\n"), "{}", line.stdout);
    // An address: a line block and a building block, on the same building's fibre.
    for (zip, street, number) in
        [("35000", "bd des champs", "1"), ("35000", "bd des champs", "5T"), ("91400", "verger", "2")]
    {
        let mut args = vec!["eligibility", "address", "--zip", zip, "--street", street, "--number", number];
        if zip == "91400" {
            args.extend(["--city", "orsay"]);
        }
        let address = run(&mock, &args);
        // 91400: the fixtures have no line at that address (its test ends in error, exit 1).
        assert_eq!(address.code, if zip == "91400" { 1 } else { 0 }, "{args:?}: {}", address.stderr);
        let fibre: Vec<&str> = address.stdout.lines().filter(|line| line.starts_with("  fibre ")).collect();
        let available = fibre.iter().any(|line| line.contains("available, operator"));
        assert!(
            !(available && fibre.iter().any(|line| line.ends_with("not available"))),
            "{args:?}: fibre both available and not: {fibre:?}"
        );
        assert!(!address.stdout.contains("no line here"), "{args:?}: {}", address.stdout);
    }
}

#[test]
fn help_describes_json_for_what_each_command_prints() {
    let mock = Mock::start();
    for args in [&["search", "--help"][..], &["search", "cities", "--help"], &["search", "lines", "--help"]] {
        let help = run(&mock, args);
        assert_eq!(help.code, 0, "{args:?}");
        let json = help.stdout.split("--json\n").nth(1).expect("--json is described");
        let json = json.split("\n\n").next().unwrap();
        assert_eq!(json.trim(), "Print the API's JSON result unchanged, for scripts", "{args:?}");
        assert!(!help.stdout.to_lowercase().contains("test"), "{args:?}: a search is not a test: {}", help.stdout);
    }
    let address = run(&mock, &["eligibility", "address", "--help"]);
    assert!(
        address.stdout.contains("With --json: an array of the results of the tests that answered"),
        "{}",
        address.stdout
    );
    let summary = run(&mock, &["eligibility", "--help"]);
    let line = summary.stdout.lines().find(|line| line.trim_start().starts_with("address")).unwrap();
    assert!(!line.contains("--json"), "the summary stays one sentence: {line}");
}

#[test]
fn the_exit_codes_in_the_help_line_up() {
    let mock = Mock::start();
    let help = run(&mock, &["--help"]);
    assert_eq!(help.code, 0);
    let codes = help.stdout.split("Exit codes:\n").nth(1).expect("the exit codes").split("\n\n").next().unwrap();
    let mut seen = Vec::new();
    for line in codes.lines() {
        let text = line.trim_start();
        let column = line.len() - text.len();
        match text.split_once(' ') {
            Some((code, _)) if code.parse::<u8>().is_ok() => {
                let description = line.len() - line[column + code.len()..].trim_start().len();
                assert_eq!((column, description), (2, 7), "{line:?}");
                seen.push(code.to_owned());
            }
            _ => assert_eq!(column, 7, "a continued description: {line:?}"),
        }
    }
    assert_eq!(seen, ["0", "1", "2", "3", "130"]);
}
