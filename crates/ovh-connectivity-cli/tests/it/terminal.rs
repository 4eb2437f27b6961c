//! On a terminal: the progress line appears and is erased, colours show (unless NO_COLOR)
//! without changing the layout, and an ambiguous city is asked for. Run under a real
//! pseudo-terminal by util-linux's `script`, which copies everything the terminal shows,
//! escape sequences included.

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
    command.env_remove("NO_COLOR").env("TERM", "xterm-256color").env_remove("COLUMNS");
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
    // 1: the fixtures have no line at that address, the building answers.
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("Several cities have the zip code 91400:\r\n  1) ORSAY (INSEE 91471)"), "{shown:?}");
    assert!(shown.contains("Choose 1-3: "), "{shown:?}");
    assert!(shown.contains("Building IMB/91234/A/NT6Z"), "{shown:?}");
}

/// Runs the binary with `args` with its stdout on a pseudo-terminal and its stderr sent away
/// (no progress line, no prompt): what stdout showed, with the terminal's `\r\n` as `\n`.
fn stdout_on_terminal(mock: &Mock, args: &[&str]) -> (i32, String) {
    let binary = env!("CARGO_BIN_EXE_ovh-connectivity");
    let mut line = format!("'{binary}' --base-url '{}' --poll-interval 0.05", mock.base_url());
    for arg in args {
        line.push_str(&format!(" '{arg}'"));
    }
    line.push_str(" 2>/dev/null");
    let output = Command::new("script")
        .args(["--quiet", "--return", "--command", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"))
}

/// `text` without its SGR sequences (`ESC [ ... m`), written here rather than taken from the
/// library that strips them in the binary.
fn without_styles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("\x1b[") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find(|c: char| !(c.is_ascii_digit() || c == ';')).expect("a whole sequence");
        assert_eq!(&after[end..=end], "m", "only styles: {:?}", &rest[start..]);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The fields of every endpoint block start their value in the same column.
fn fields_line_up(text: &str) {
    for line in text.lines() {
        for name in ["address", "copper", "fibre", "reference"] {
            if let Some(value) = line.strip_prefix(&format!("  {name}")) {
                let column = line.len() - value.trim_start().len();
                assert_eq!(column, 12, "{line:?}");
            }
        }
    }
}

#[test]
fn colour_never_changes_the_layout_of_any_output() {
    let mock = Mock::start();
    let reference = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01";
    let kinds: [&[&str]; 11] = [
        &["eligibility", "line", "0123456789"],
        &["eligibility", "address", "--zip", "35000", "--street", "bd des champs", "--number", "1"],
        &["eligibility", "building", "IMB/91471/C/NT8X"],
        &["eligibility", "otp", "OO-XXXX-XXXX/C"],
        &["reference", reference],
        &["search", "cities", "91400"],
        &["search", "streets", "91471"],
        &["search", "numbers", "9147132200"],
        &["search", "buildings", "--street-code", "9147132200", "--number", "2"],
        &["search", "buildings", "--line", "0123456789", "--inactive"],
        &["search", "lines", "--street-code", "123456789", "--number", "2"],
    ];
    for args in kinds {
        let piped = run(&mock, args);
        assert_eq!(piped.code, 0, "{args:?}: {}", piped.stderr);
        assert!(!piped.stdout.contains('\x1b'), "{args:?}: no colour in a pipe");
        fields_line_up(&piped.stdout);

        let (code, coloured) = stdout_on_terminal(&mock, args);
        assert_eq!(code, 0, "{args:?}: {coloured}");
        let styled = args != ["search", "numbers", "9147132200"];
        assert_eq!(coloured.contains("\x1b["), styled, "{args:?}: colour on a terminal: {coloured:?}");
        let never = [args, &["--color", "never"]].concat();
        let (code, plain) = stdout_on_terminal(&mock, &never);
        assert_eq!(code, 0, "{args:?}: {plain}");
        assert!(!plain.contains('\x1b'), "{args:?}: --color never: {plain:?}");

        assert_eq!(without_styles(&coloured), plain, "{args:?}: the colours changed the text");
        assert_eq!(plain, piped.stdout, "{args:?}: a terminal and a pipe show the same text");
        let always = run(&mock, &[args, &["--color", "always"]].concat());
        assert_eq!(always.code, 0, "{args:?}: {}", always.stderr);
        assert_eq!(always.stdout, coloured, "{args:?}: --color always in a pipe is the terminal's colour");
    }
}

/// A session on a pseudo-terminal: the binary with `args`, typed at as a person would, each
/// step's text typed once the terminal shows what the step waits for.
struct Session {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    shown: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl Session {
    fn start(mock: &Mock, args: &[&str]) -> Self {
        let binary = env!("CARGO_BIN_EXE_ovh-connectivity");
        let mut line = format!("exec '{binary}' --base-url '{}' --poll-interval 0.05", mock.base_url());
        for arg in args {
            line.push_str(&format!(" '{arg}'"));
        }
        let mut child = Command::new("script")
            .args(["--quiet", "--return", "--command", &line, "/dev/null"])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .env_remove("COLUMNS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script runs");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let shown = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let copy = shown.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buffer = [0; 4096];
            while let Ok(read @ 1..) = stdout.read(&mut buffer) {
                copy.lock().unwrap().extend_from_slice(&buffer[..read]);
            }
        });
        Self { child, stdin, shown }
    }

    fn shown(&self) -> String {
        String::from_utf8_lossy(&self.shown.lock().unwrap()).into_owned()
    }

    /// Waits (at most 20 s) until the terminal shows `text` `times` times in all.
    fn wait_for(&self, text: &str, times: usize) {
        let started = std::time::Instant::now();
        while self.shown().matches(text).count() < times {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "never shown: {text:?} in {:?}",
                self.shown()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // The prompt is written before the line is read: let the read start.
        std::thread::sleep(std::time::Duration::from_millis(200));
    }

    fn type_(&mut self, keys: &str) {
        self.stdin.write_all(keys.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Waits (at most 10 s) for the end: the exit code, what the terminal showed, and how
    /// long the end took.
    fn end(mut self) -> (i32, String, std::time::Duration) {
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // What was shown last is copied by the reader until it sees the end.
                std::thread::sleep(std::time::Duration::from_millis(100));
                return (status.code().unwrap_or(-1), self.shown(), started.elapsed());
            }
            if started.elapsed() > std::time::Duration::from_secs(10) {
                let _ = self.child.kill();
                panic!("still running after 10 s: {:?}", self.shown());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

const AMBIGUOUS_CITY: [&str; 8] = ["eligibility", "address", "--zip", "91400", "--street", "verger", "--number", "2"];

#[test]
fn ctrl_c_at_any_prompt_stops_at_once_with_130() {
    let mock = Mock::start();
    // The city, then the street (a misspelt one is a choice among the suggestions).
    let misspelt = ["eligibility", "address", "--zip", "35000", "--street", "boulevrd des chmps", "--number", "1"];
    for args in [&AMBIGUOUS_CITY[..], &misspelt] {
        let mut session = Session::start(&mock, args);
        session.wait_for("Choose 1-", 1);
        session.type_("\x03");
        let (code, shown, took) = session.end();
        assert_eq!(code, 130, "{args:?}: {shown:?}");
        assert!(took < std::time::Duration::from_secs(2), "{args:?}: stopped in {took:?}");
        assert!(shown.ends_with("^C\r\ninterrupted\r\n"), "{args:?}: {shown:?}");
    }
}

#[test]
fn the_end_of_the_input_at_a_prompt_says_what_was_not_chosen_and_how_to_choose() {
    let mock = Mock::start();
    let mut session = Session::start(&mock, &AMBIGUOUS_CITY);
    session.wait_for("Choose 1-3: ", 1);
    session.type_("\x04");
    let (code, shown, _) = session.end();
    assert_eq!(code, 2, "{shown:?}");
    assert!(
        shown.ends_with(
            "Choose 1-3: \r\nerror: the input ended before a city was chosen; give --city to choose one without a \
             prompt\r\n"
        ),
        "{shown:?}"
    );
    // Three answers that are not choices.
    let mut session = Session::start(&mock, &AMBIGUOUS_CITY);
    for (tries, answer) in ["4\n", "orsay\n", "\n"].iter().enumerate() {
        session.wait_for("Choose 1-3: ", tries + 1);
        session.type_(answer);
    }
    let (code, shown, _) = session.end();
    assert_eq!(code, 2, "{shown:?}");
    assert!(shown.contains("`4` is not one of the choices"), "{shown:?}");
    assert!(
        shown.ends_with(
            "error: no city was chosen: 3 answers were not among the choices; give --city to choose one without a \
             prompt\r\n"
        ),
        "{shown:?}"
    );
}

#[test]
fn the_time_at_a_prompt_does_not_count_toward_timeout() {
    let mock = Mock::start();
    let mut session = Session::start(&mock, &[&AMBIGUOUS_CITY[..], &["--timeout", "2"]].concat());
    session.wait_for("Choose 1-3: ", 1);
    std::thread::sleep(std::time::Duration::from_secs(3));
    session.type_("1\n");
    let (code, shown, _) = session.end();
    // 1, not 3: the address test ends in error (the fixtures have no line there), not --timeout.
    assert_eq!(code, 1, "{shown:?}");
    assert!(!shown.contains("--timeout"), "{shown:?}");
    assert!(shown.contains("Building IMB/91234/A/NT6Z"), "{shown:?}");
}

#[test]
fn a_misspelt_street_is_a_choice_among_the_suggestions_on_a_terminal() {
    let mock = Mock::start();
    let args = ["eligibility", "address", "--zip", "69003", "--street", "general de gaule", "--number", "1"];
    let mut session = Session::start(&mock, &args);
    session.wait_for("Choose 1-2: ", 1);
    session.type_("2\n");
    let (code, shown, _) = session.end();
    assert!(
        shown.contains(
            "No street of LYON 3E ARRONDISSEMENT matches `general de gaule`; did you mean:\r\n  1) RUE DU GENERAL DE \
             GAULLE\r\n  2) BOULEVARD DU GENERAL DE GAULLE\r\n"
        ),
        "{shown:?}"
    );
    assert!(shown.contains("BOULEVARD DU GENERAL DE GAULLE, 69003"), "{code}: {shown:?}");
}

/// The words of a text, whatever its line breaks and padding (ESTIMATED's `-`s may go when no
/// offer has an estimate).
fn kept(text: &str) -> Vec<&str> {
    text.split_whitespace().filter(|word| *word != "-" && *word != "ESTIMATED").collect()
}

#[test]
fn the_offers_table_fits_a_narrow_terminal_and_loses_no_word() {
    let mock = Mock::start();
    let binary = env!("CARGO_BIN_EXE_ovh-connectivity");
    // The narrowest each can be: a copper table with estimates keeps its eight columns.
    for (args, columns) in [(["eligibility", "line", "0123456789"], 92), (["eligibility", "otp", "OO-AAAA-0003"], 80)] {
        let whole = run(&mock, &args);
        assert_eq!(whole.code, 0, "{}", whole.stderr);
        assert!(whole.stdout.lines().any(|line| line.chars().count() > 100), "the test needs a wide table");
        // The terminal's own width (TIOCGWINSZ), under a pseudo-terminal that narrow.
        let line = format!(
            "stty cols {columns} rows 24; exec '{binary}' --base-url '{}' --poll-interval 0.05 {} 2>/dev/null",
            mock.base_url(),
            args.join(" ")
        );
        let output = Command::new("script")
            .args(["--quiet", "--return", "--command", &line, "/dev/null"])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .env_remove("COLUMNS")
            .stdin(Stdio::null())
            .output()
            .expect("script runs");
        let shown = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
        assert_eq!(output.status.code(), Some(0), "{shown}");
        let table = shown.split("Offers: ").nth(1).expect("the offers");
        for line in table.lines() {
            assert!(line.chars().count() <= columns, "{args:?}: {} columns: {line:?}", line.chars().count());
        }
        // Every word is still there.
        let mut shown_words = kept(&shown);
        let mut whole_words = kept(&whole.stdout);
        shown_words.sort_unstable();
        whole_words.sort_unstable();
        assert_eq!(shown_words, whole_words, "{args:?}: {shown}");

        // COLUMNS, as many tools read it, wins.
        let narrow = cli(&mock).args(args).env("COLUMNS", "100").output().unwrap();
        let narrow = String::from_utf8(narrow.stdout).unwrap();
        let table = narrow.split("Offers: ").nth(1).expect("the offers");
        assert!(table.lines().all(|line| line.chars().count() <= 100), "{narrow}");
        assert_ne!(narrow, whole.stdout);
    }
}
