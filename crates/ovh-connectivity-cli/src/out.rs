//! Where the command writes, and what happens when it cannot.
//!
//! stdout holds the answer; stderr the messages (`error:`, `warning:`, `note:`, styled as
//! clap styles its own `error:`: bold red, bold yellow, bold cyan, through `anstream`, so
//! only where colour is on), the prompt and the progress line.
//!
//! A reader that stops early (`ovh-connectivity … | head -1`) closes the pipe: what is left of
//! the answer is dropped, quietly, and the command ends as the answer would have ended it (exit
//! 0 when it was obtained), as ripgrep and most command-line tools in Rust do. A closed stderr
//! drops the messages. Nothing here panics: `print!` and `eprintln!` would, on a closed pipe,
//! and are not used in this crate.

use std::io::{ErrorKind, Write};

use anstyle::{AnsiColor, Style};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();

/// Sets whether stdout and stderr are coloured (`--color`); `auto` is `anstream`'s reading of
/// each stream and of `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM`.
pub(crate) fn set_colour(choice: anstream::ColorChoice) {
    choice.write_global();
}

/// `text` with its leading `error:`, `warning:` or `note:` in that kind's style.
pub(crate) fn styled(text: &str) -> String {
    for (prefix, style) in [("error:", ERROR), ("warning:", WARNING), ("note:", NOTE)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return format!("{style}{prefix}{style:#}{rest}");
        }
    }
    text.to_owned()
}

/// One message on stderr (each of its lines [`styled`]), then a new line; dropped when
/// stderr is closed.
pub(crate) fn say(text: &str) {
    let mut err = anstream::AutoStream::auto(std::io::stderr().lock());
    let _ = writeln!(err, "{}", text.split('\n').map(styled).collect::<Vec<_>>().join("\n"));
    let _ = err.flush();
}

/// Text on stderr as it is (the prompt), flushed; dropped when stderr is closed.
pub(crate) fn show(text: &str) {
    let mut err = anstream::AutoStream::auto(std::io::stderr().lock());
    let _ = write!(err, "{text}");
    let _ = err.flush();
}

/// The answer on stdout, with its styles or without. A closed pipe is not an error (the
/// reader has what it wanted); another failure to write is, in words.
pub(crate) fn answer(text: &str) -> Result<(), String> {
    let mut out = anstream::AutoStream::auto(std::io::stdout().lock());
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => Err(format!("cannot write the answer: {error}")),
        _ => Ok(()),
    }
}

/// How wide the answer may be, in columns: `COLUMNS` when set, else the terminal's width when
/// stdout is one and says it; `None` (no bound: whole lines for `grep` and files) otherwise.
pub(crate) fn width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|text| text.trim().parse::<usize>().ok())
        && columns > 0
    {
        return Some(columns);
    }
    #[cfg(unix)]
    {
        use std::io::IsTerminal;
        let stdout = std::io::stdout();
        if stdout.is_terminal()
            && let Ok(size) = rustix::termios::tcgetwinsize(&stdout)
            && size.ws_col > 0
        {
            return Some(usize::from(size.ws_col));
        }
    }
    None
}

/// Bytes on stdout as they are (completions, the man page), with [`answer`]'s rules.
pub(crate) fn bytes(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => Err(format!("cannot write the answer: {error}")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_prefix_is_styled() {
        assert_eq!(styled("error: no city"), "\x1b[1m\x1b[31merror:\x1b[0m no city");
        assert_eq!(styled("warning: x"), "\x1b[1m\x1b[33mwarning:\x1b[0m x");
        assert_eq!(styled("note: x"), "\x1b[1m\x1b[36mnote:\x1b[0m x");
        assert_eq!(styled("interrupted"), "interrupted");
        assert_eq!(anstream::adapter::strip_str(&styled("error: x")).to_string(), "error: x");
    }
}
