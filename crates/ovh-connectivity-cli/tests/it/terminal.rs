//! On a terminal: the progress line appears and is erased, colours show (unless NO_COLOR),
//! and an ambiguous city is asked for. Run under a real pseudo-terminal by util-linux's
//! `script`, which copies everything the terminal shows, escape sequences included.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::*;

/// Runs the binary with `args` on a pseudo-terminal, typing `input`; what the terminal showed.
fn on_terminal(mock: &Mock, args: &[&str], input: &str, no_color: bool) -> (i32, String) {
    let binary = env!("CARGO_BIN_EXE_ovh-connectivity");
    let mut line = format!("'{binary}' --base-url '{}' --poll-interval 0.3", mock.base_url());
    for arg in args {
        line.push_str(&format!(" '{arg}'"));
    }
    let mut command = Command::new("script");
    command.args(["--quiet", "--return", "--command", &line, "/dev/null"]);
    command.env_remove("NO_COLOR").env("TERM", "xterm-256color");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("script runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    // Closing script's stdin too early ends the session: keep it open until the command ends.
    let output = {
        let result = child.wait_with_output();
        drop(stdin);
        result.unwrap()
    };
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn the_progress_line_shows_the_polls_then_is_erased_before_the_answer() {
    let mock = Mock::start();
    mock.settings(r#"{"latencyMs":null,"pending":3,"fault":null,"faultPercent":100,"strict":false,"world":true}"#);
    let (code, shown) = on_terminal(&mock, &["eligibility", "line", "0123456789"], "", false);
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("testing line 0123456789... pending, poll 1, 0 s"), "{shown:?}");
    assert!(shown.contains("testing line 0123456789... pending, poll 3"), "{shown:?}");
    // The last progress drawing is erased, then the answer starts on a clean line.
    let answer = shown.find("Line 0123456789").expect("the answer");
    let last_progress = shown.rfind("testing line").unwrap();
    assert!(last_progress < answer);
    assert!(shown[last_progress..answer].contains("\r\x1b[2K"), "not erased: {:?}", &shown[last_progress..answer]);
    assert!(!shown[answer..].contains("testing line"), "progress after the answer");
    // Colour on a terminal: eligible offers in green.
    assert!(shown.contains("\x1b[32myes"), "{shown:?}");
}

#[test]
fn no_color_is_honoured_on_a_terminal() {
    let mock = Mock::start();
    let (code, shown) = on_terminal(&mock, &["eligibility", "line", "0123456789"], "", true);
    assert_eq!(code, 0);
    assert!(
        shown.contains("Line 0123456789") && !shown.contains("\x1b[32m") && !shown.contains("\x1b[1m"),
        "{shown:?}"
    );
}

#[test]
fn on_a_terminal_an_ambiguous_city_is_a_choice() {
    let mock = Mock::start();
    let args = ["eligibility", "address", "--zip", "91400", "--street", "verger", "--number", "2"];
    let (code, shown) = on_terminal(&mock, &args, "1\n", true);
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("Several cities have the zip code 91400:\r\n  1) ORSAY (INSEE 91471)"), "{shown:?}");
    assert!(shown.contains("Choose 1-3: "), "{shown:?}");
    assert!(shown.contains("Building IMB/91234/A/NT6Z"), "{shown:?}");
}
