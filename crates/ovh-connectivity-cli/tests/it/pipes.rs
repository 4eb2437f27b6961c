//! A reader that stops early (`ovh-connectivity … | head -1`, `2>&1 | head -8`): the command
//! ends quietly, as its answer would have ended it, and never panics, whichever of stdout and
//! stderr is closed, for every kind of output.

use std::process::Stdio;

use crate::support::*;

/// Which streams go to a pipe whose reading end is closed before the command writes.
#[derive(Clone, Copy, Debug)]
enum Closed {
    Stdout,
    Stderr,
    /// `2>&1 | head`: both on the same closed pipe.
    Both,
}

/// Runs `args` with `closed` streams on a pipe nobody reads; the exit code and what the other
/// stream (if any) received.
fn run_closed(mock: &Mock, args: &[&str], closed: Closed) -> (i32, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = cli(mock);
    command.args(args).stdin(Stdio::null());
    match closed {
        Closed::Stdout => command.stdout(writer).stderr(Stdio::piped()),
        Closed::Stderr => command.stdout(Stdio::piped()).stderr(writer),
        Closed::Both => command.stdout(writer.try_clone().unwrap()).stderr(writer),
    };
    let output = command.output().expect("the binary runs");
    let other = match closed {
        Closed::Stdout => output.stderr,
        Closed::Stderr => output.stdout,
        Closed::Both => Vec::new(),
    };
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&other).into_owned())
}

#[test]
fn a_closed_pipe_ends_the_command_quietly_with_the_answers_exit_code() {
    let mock = none_eligible_mock();
    let cases: [(&[&str], i32); 12] = [
        (&["eligibility", "line", "0123456789"], 0),
        (&["eligibility", "otp", "OO-AAAA-0003"], 0),
        (&["eligibility", "building", "IMB/91471/C/NT8X"], 0),
        (&["eligibility", "address", "--zip", "35000", "--street", "bd des champs", "--number", "1"], 0),
        (&["eligibility", "line", "0123456789", "--json"], 0),
        (&["search", "streets", "35238"], 0),
        (&["eligibility", "line", "0111111111", "--require-eligible"], 1),
        (&["eligibility", "line", "0987654321", "--inactive"], 1),
        (&["search", "cities", "99999", "--json"], 0),
        (&["completions", "bash"], 0),
        (&["man"], 0),
        (&["--help"], 0),
    ];
    for (args, expected) in cases {
        for closed in [Closed::Stdout, Closed::Stderr, Closed::Both] {
            let (code, other) = run_closed(&mock, args, closed);
            assert_eq!(code, expected, "{args:?}, {closed:?} closed: {other}");
            assert!(!other.contains("panicked") && !other.contains("Broken pipe"), "{args:?}, {closed:?}: {other}");
            assert!(!other.contains("cannot write"), "{args:?}, {closed:?}: {other}");
            if expected == 0 && matches!(closed, Closed::Stdout) {
                assert!(!other.contains("error:"), "{args:?}, {closed:?}: {other}");
            }
        }
    }
}
