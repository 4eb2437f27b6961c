//! Every subcommand against the mock: its fixtures and its world; `--json` equal to the API's
//! answer; ambiguous and misspelt input; each exit code.

use serde_json::Value;

use crate::support::*;

const LINE: &str = r#"{"lineNumber":"0123456789","status":"active"}"#;

#[test]
fn a_line_in_one_command_for_people_and_for_scripts() {
    let mock = Mock::start();
    let run_ = run(&mock, &["eligibility", "line", "0123456789"]);
    assert_eq!(run_.code, 0, "{}", run_.stderr);
    assert_eq!(run_.stderr, "", "nothing on stderr when it is not a terminal");
    insta::assert_snapshot!("line_0123456789", run_.stdout);

    let json = run(&mock, &["eligibility", "line", "0123456789", "--json"]);
    assert_eq!(json.code, 0);
    let answer = mock.task("/connectivity/eligibility/test/line", LINE, "direct");
    assert_eq!(json.stdout, format!("{}\n", raw_result(&answer)), "--json prints the API's result, byte for byte");
    let printed: Value = serde_json::from_str(&json.stdout).expect("--json prints JSON");
    assert_eq!(printed["offers"].as_array().unwrap().len(), 4);
}

#[test]
fn buildings_otps_and_references() {
    let mock = Mock::start();
    let building = run(&mock, &["eligibility", "building", "IMB/91471/C/NT8X"]);
    assert_eq!(building.code, 0, "{}", building.stderr);
    insta::assert_snapshot!("building_IMB-91471-C-NT8X", building.stdout);
    let otp = run(&mock, &["eligibility", "otp", "OO-XXXX-XXXX/C"]);
    assert_eq!(otp.code, 0, "{}", otp.stderr);
    assert!(otp.stdout.starts_with("Optical termination point OO-XXXX-XXXX/C\n"), "{}", otp.stdout);
    let reference = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01";
    let by_reference = run(&mock, &["reference", reference]);
    assert_eq!(by_reference.code, 0, "{}", by_reference.stderr);
    assert!(by_reference.stdout.contains(&format!("reference {reference}")), "{}", by_reference.stdout);
    let json = run(&mock, &["reference", reference, "--json"]);
    let (_, direct) = http(
        mock.addr(),
        "GET",
        &format!("/1.0/connectivity/eligibility/test?eligibilityReference={reference}"),
        "",
        "",
    );
    assert_eq!(json.stdout.trim_end(), direct, "--json is the API's answer, byte for byte");
}

#[test]
fn an_address_is_resolved_step_by_step_then_its_line_and_buildings_are_tested() {
    let mock = Mock::start();
    // The world: any French address.
    let rennes =
        run(&mock, &["eligibility", "address", "--zip", "35000", "--street", "Bd des Champs", "--number", "1"]);
    assert_eq!(rennes.code, 0, "{}", rennes.stderr);
    insta::assert_snapshot!("address_35000_bd_des_champs_1", rennes.stdout);
    // Accents, case, abbreviations, `bis`; the locality before its city.
    let orsay = run(
        &mock,
        &["eligibility", "address", "--zip", "91400", "--city", "orsay", "--street", "r. du vergér", "--number", "2"],
    );
    assert!(orsay.stdout.contains("Building IMB/91234/A/NT6Z"), "{}", orsay.stdout);
    // The fixtures have no line at that address: the address test ends in error, said on
    // stderr without calling it a line; the building's test still shown; exit 1, as any
    // test that ended in error.
    assert_eq!(orsay.code, 1, "{}", orsay.stderr);
    assert!(
        orsay.stderr.ends_with(
            "error: the API's task ended in error for the test of the address 2 RUE DU VERGER: No address found for \
             street code 9147132200 and street number 2\n"
        ),
        "{}",
        orsay.stderr
    );
    assert!(!orsay.stderr.contains("copper"), "{}", orsay.stderr);
    let json = run(
        &mock,
        &[
            "eligibility",
            "address",
            "--zip",
            "91400",
            "--city",
            "orsay",
            "--street",
            "verger",
            "--number",
            "2",
            "--json",
        ],
    );
    assert_eq!(json.code, 1, "{}", json.stderr);
    let results: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(results.len(), 1, "the tests that answered: {}", json.stdout);
    // --json: every test's result, in order.
    let json = run(
        &mock,
        &["eligibility", "address", "--zip", "35000", "--street", "bd des champs", "--number", "1", "--json"],
    );
    let results: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["endpoint"]["referenceType"], "lineNumber");
    assert_eq!(results[1]["endpoint"]["referenceType"], "building");
}

#[test]
fn ambiguous_and_misspelt_input_is_a_usage_error_that_says_what_to_type() {
    let mock = Mock::start();
    let address = |args: &[&str]| {
        let mut all = vec!["eligibility", "address"];
        all.extend_from_slice(args);
        run(&mock, &all)
    };
    let cities = address(&["--zip", "91400", "--street", "verger", "--number", "2"]);
    assert_eq!(cities.code, 2);
    assert_eq!(
        cities.stderr,
        "error: the zip code 91400 has 3 cities; give --city:\n  ORSAY (INSEE 91471)\n  ORSIGNY (ORSAY, INSEE 91471)\n  SACLAY (INSEE 91534)\n"
    );
    assert_eq!(cities.stdout, "");
    let streets = address(&["--zip", "35000", "--street", "avenue", "--number", "1"]);
    assert_eq!(streets.code, 2);
    assert!(
        streets
            .stderr
            .starts_with("error: `avenue` matches 79 streets of RENNES; be more precise:\n  AVENUE DE CHARONNE\n"),
        "{}",
        streets.stderr
    );
    assert!(streets.stderr.ends_with("  ... and 59 more\n"), "{}", streets.stderr);
    let misspelt = address(&["--zip", "35000", "--street", "boulevrd des chmps", "--number", "1"]);
    assert_eq!(misspelt.code, 2);
    assert!(
        misspelt
            .stderr
            .contains("no street of RENNES matches `boulevrd des chmps`; did you mean:\n  BOULEVARD DES CHAMPS\n"),
        "{}",
        misspelt.stderr
    );
    let number = address(&["--zip", "35000", "--street", "bd des champs", "--number", "3"]);
    assert_eq!(number.code, 2);
    assert_eq!(number.stderr, "error: BOULEVARD DES CHAMPS has no number 3; numbers near it: 1, 2, 4, 5, 5T\n");
    let zip = address(&["--zip", "99999", "--street", "x", "--number", "1"]);
    assert_eq!((zip.code, zip.stderr.as_str()), (2, "error: no city has the zip code 99999\n"));
    let city = address(&["--zip", "91400", "--city", "paris", "--street", "verger", "--number", "2"]);
    assert_eq!((city.code, city.stderr.as_str()), (2, "error: no city matches `paris`\n"));
    // clap's own usage errors.
    assert_eq!(run(&mock, &["eligibility", "line"]).code, 2);
    assert_eq!(run(&mock, &["eligibility", "line", "1", "--timeout", "soon"]).code, 2);
    // Input the API refuses or does not know.
    let unknown = run(&mock, &["reference", "nope"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("Eligibility reference nope not found"), "{}", unknown.stderr);
}

#[test]
fn every_search() {
    let mock = Mock::start();
    let mut outputs = Vec::new();
    for args in [
        &["search", "cities", "91400"][..],
        &["search", "streets", "91471"],
        &["search", "numbers", "9147132200"],
        &["search", "buildings", "--street-code", "9147132200", "--number", "2"],
        &["search", "buildings", "--line", "0123456789", "--inactive"],
        &["search", "lines", "--street-code", "123456789", "--number", "2"],
    ] {
        let result = run(&mock, args);
        assert_eq!(result.code, 0, "{args:?}: {}", result.stderr);
        outputs.push(format!("$ ovh-connectivity {}\n{}", args.join(" "), result.stdout));
    }
    insta::assert_snapshot!("searches", outputs.join("\n"));
    let json = run(&mock, &["search", "cities", "91400", "--json"]);
    let answer = mock.task("/connectivity/eligibility/search/cities", r#"{"zipCode":"91400"}"#, "direct");
    assert_eq!(json.stdout, format!("{}\n", raw_result(&answer)));
    assert_eq!(run(&mock, &["search", "buildings", "--number", "2"]).code, 2, "a number needs its street");
}

#[test]
fn exit_codes_say_what_happened() {
    // A line with no eligible offer, for --require-eligible.
    let mock = none_eligible_mock();
    let code = |args: &[&str]| run(&mock, args).code;
    assert_eq!(code(&["eligibility", "line", "0123456789", "--require-eligible"]), 0);
    assert_eq!(code(&["eligibility", "line", "0111111111"]), 0, "an answer, even with nothing eligible");
    let none = run(&mock, &["eligibility", "line", "0111111111", "--require-eligible"]);
    assert_eq!(none.code, 1);
    assert!(
        none.stdout.contains("Offers: 0 of 4 eligible") && none.stderr.contains("no offer is eligible"),
        "{}",
        none.stderr
    );
    let failed = run(&mock, &["eligibility", "line", "0987654321", "--inactive"]);
    assert_eq!(failed.code, 1);
    assert_eq!(failed.stderr, "error: the API's task ended in error: No inactive line found for number 0987654321\n");
    // Our messages are styled as clap's, only where colour is on.
    let coloured = run(&mock, &["eligibility", "line", "0987654321", "--inactive", "--color", "always"]);
    assert!(coloured.stderr.starts_with("\x1b[1m\x1b[31merror:\x1b[0m the API's task"), "{:?}", coloured.stderr);
    let usage = run(&mock, &["eligibility", "line", "abc", "--color", "always"]);
    assert!(usage.stderr.starts_with("\x1b[1m\x1b[31merror:\x1b[0m"), "clap's own: {:?}", usage.stderr);
    let warned = run(&mock, &["eligibility", "building", "IMB/91471/C/NT8X", "--color", "always"]);
    assert!(warned.stderr.starts_with("\x1b[1m\x1b[33mwarning:\x1b[0m building"), "{:?}", warned.stderr);
    // A bound or an interval of zero (or less) is refused before any request.
    for flag in ["--timeout", "--poll-interval", "--task-timeout"] {
        for value in ["0", "-1", "0.0"] {
            let refused = run(&mock, &["eligibility", "line", "0123456789", &format!("{flag}={value}")]);
            assert_eq!(refused.code, 2, "{flag} {value}: {}", refused.stderr);
            assert!(refused.stderr.contains("not a number of seconds above 0"), "{flag} {value}: {}", refused.stderr);
        }
    }

    // The API failing: an injected 503, a task still pending at the deadline, no server.
    mock.settings(r#"{"latencyMs":null,"pending":null,"fault":503,"faultPercent":100,"strict":false,"world":true}"#);
    let unavailable = run(&mock, &["eligibility", "line", "0123456789"]);
    assert_eq!(unavailable.code, 3);
    assert!(unavailable.stderr.contains("HTTP 503"), "{}", unavailable.stderr);
    mock.settings(r#"{"latencyMs":null,"pending":1000,"fault":null,"faultPercent":100,"strict":false,"world":true}"#);
    let slow = run(&mock, &["eligibility", "line", "0123456789", "--task-timeout", "0.3"]);
    assert_eq!(slow.code, 3);
    assert!(slow.stderr.contains("still computing") && slow.stderr.contains("--task-timeout"), "{}", slow.stderr);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let closed = std::process::Command::new(env!("CARGO_BIN_EXE_ovh-connectivity"))
        .args(["--base-url", &format!("http://127.0.0.1:{port}/1.0"), "eligibility", "line", "0123456789"])
        .output()
        .unwrap();
    assert_eq!(closed.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&closed.stderr).contains("cannot connect"));
}

#[test]
fn ctrl_c_stops_at_once_and_says_so() {
    let mock = Mock::start();
    mock.settings(r#"{"latencyMs":null,"pending":1000,"fault":null,"faultPercent":100,"strict":false,"world":true}"#);
    let child = cli(&mock)
        .args(["eligibility", "line", "0123456789"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let started = std::time::Instant::now();
    let sent = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "stopped in {:?}", started.elapsed());
    assert_eq!(output.status.code(), Some(130));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "interrupted\n");
    assert!(output.stdout.is_empty());
}

#[test]
fn completions_and_a_man_page_from_the_definition() {
    let mock = Mock::start();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = run(&mock, &["completions", shell]);
        assert_eq!(script.code, 0);
        assert!(script.stdout.contains("ovh-connectivity") && script.stdout.contains("eligibility"), "{shell}");
    }
    let bash = run(&mock, &["completions", "bash"]).stdout;
    assert!(bash.contains("--require-eligible") && bash.contains("--inactive"));
    let man = run(&mock, &["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq") || man.stdout.contains(".TH ovh-connectivity"),
        "{}",
        &man.stdout[..200]
    );
    assert!(man.stdout.contains("Exit codes"));
}

/// A roff page as `man` shows it, wide enough for its lines not to wrap.
fn shown_by_man(page: &std::path::Path) -> String {
    let output = std::process::Command::new("man")
        .args(["-l", &page.to_string_lossy()])
        .env("MANWIDTH", "200")
        .env("MAN_KEEP_FORMATTING", "0")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // Bold and underline as overstrikes, if any, out.
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn the_man_page_has_every_command_with_its_usage_and_options() {
    let mock = Mock::start();
    let folder = std::env::temp_dir().join(format!("ovh-cli-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let man = run(&mock, &["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    let page = folder.join("one.1");
    std::fs::write(&page, &man.stdout).unwrap();
    let shown = shown_by_man(&page);
    let commands = format!("\n{}", shown.split("\nCOMMANDS\n").nth(1).expect("a COMMANDS section"));
    for (command, usage, options) in [
        ("eligibility", "ovh-connectivity eligibility [--require-eligible] <subcommands>", &["--require-eligible"][..]),
        ("eligibility line", "ovh-connectivity eligibility line [--inactive] <NUMBER>", &["--inactive", "<NUMBER>"]),
        (
            "eligibility address",
            "ovh-connectivity eligibility address [--city] <--zip> <--street> <--number>",
            &["--zip <ZIP>", "--city <CITY>", "--street <STREET>", "--number <NUMBER>"],
        ),
        ("eligibility building", "ovh-connectivity eligibility building <REFERENCE>", &["<REFERENCE>"]),
        ("eligibility otp", "ovh-connectivity eligibility otp <REFERENCE>", &["<REFERENCE>"]),
        ("search cities", "ovh-connectivity search cities <ZIP>", &["<ZIP>"]),
        ("search streets", "ovh-connectivity search streets <INSEE>", &["<INSEE>"]),
        ("search numbers", "ovh-connectivity search numbers <STREET_CODE>", &["<STREET_CODE>"]),
        (
            "search buildings",
            "ovh-connectivity search buildings [--street-code] [--number] [--line] [--inactive]",
            &["--street-code <STREET_CODE>", "--line <LINE>", "--inactive"],
        ),
        ("search lines", "ovh-connectivity search lines [--owner] <--street-code> <--number>", &["--owner <OWNER>"]),
        ("reference", "ovh-connectivity reference [--require-eligible] <REFERENCE>", &["--require-eligible"]),
        ("completions", "ovh-connectivity completions <SHELL>", &["<SHELL>"]),
        ("man", "ovh-connectivity man [--dir]", &["--dir <DIR>"]),
    ] {
        let heading = format!("\n   ovh-connectivity {command}\n");
        let part = commands.split(&heading).nth(1).unwrap_or_else(|| panic!("{command}: {commands}"));
        let part = part.split("\n   ovh-connectivity ").next().unwrap();
        let part = part.split("\nEXIT CODES AND CONFIGURATION\n").next().unwrap();
        assert!(part.contains(usage), "{command}: {part}");
        for option in options {
            assert!(part.contains(option), "{command}: {option} in {part}");
        }
        assert!(!part.contains("--base-url"), "{command}: the global options are described once, above");
    }
    assert!(shown.contains("\nOPTIONS\n") && shown.contains("--base-url <URL>"), "{shown}");
    assert!(shown.contains("\nEXIT CODES AND CONFIGURATION\n") && shown.contains("130  interrupted"), "{shown}");
    assert!(!man.stdout.contains("(1)"), "no page it does not come with is named");

    // A page per command, each naming only pages written beside it.
    let pages = folder.join("pages");
    let written = run(&mock, &["man", "--dir", &pages.to_string_lossy()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(written.stderr, format!("note: 15 pages written into {}\n", pages.display()));
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 15, "the program and its 14 commands: {names:?}");
    assert!(
        names.contains(&"ovh-connectivity.1".to_owned())
            && names.contains(&"ovh-connectivity-search-lines.1".to_owned()),
        "{names:?}"
    );
    for name in &names {
        let shown = shown_by_man(&pages.join(name));
        for named in shown.split_whitespace().filter_map(|word| word.strip_suffix("(1)")) {
            assert!(names.contains(&format!("{named}.1")), "{name} names {named}(1), not written");
        }
    }
    let line = shown_by_man(&pages.join("ovh-connectivity-eligibility-line.1"));
    assert!(line.contains("--inactive") && line.contains("<NUMBER>"), "{line}");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn an_empty_search_answer_is_said_in_words_on_stderr() {
    let mock = Mock::start();
    for (args, note) in [
        (&["search", "cities", "00000"][..], "no city has the zip code 00000"),
        (&["search", "streets", "00000"], "no street is known in the locality with INSEE code 00000"),
        (&["search", "numbers", "abc"], "no number is known in the street with code ABC"),
        (
            &["search", "lines", "--street-code", "9147132200", "--number", "99"],
            "no line is known at number 99 of the street with code 9147132200",
        ),
        (
            &["search", "lines", "--street-code", "9147132200", "--number", "99", "--owner", "DUPONT"],
            "no line held by `DUPONT` is known at number 99 of the street with code 9147132200",
        ),
        (
            &["search", "buildings", "--street-code", "9147132200", "--number", "99"],
            "no building is known at number 99 of the street with code 9147132200",
        ),
    ] {
        let people = run(&mock, args);
        assert_eq!(
            (people.code, people.stdout.as_str(), people.stderr.as_str()),
            (0, "", format!("note: {note}\n").as_str()),
            "{args:?}: no bare table header"
        );
        let json = run(&mock, &[args, &["--json"]].concat());
        assert_eq!((json.code, json.stdout.as_str()), (0, "[]\n"), "{args:?}: --json stays the API's answer");
        assert_eq!(json.stderr, people.stderr, "{args:?}");
    }
    // search buildings needs one of its two forms, and says both.
    let neither = run(&mock, &["search", "buildings"]);
    assert_eq!(neither.code, 2);
    assert!(
        neither.stderr.starts_with(
            "error: give --line LINE, or --street-code CODE with --number NUMBER\n\nUsage: ovh-connectivity search \
             buildings [OPTIONS]\n"
        ),
        "{}",
        neither.stderr
    );
}
