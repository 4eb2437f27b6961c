//! What every job uses: the workspace root, `cargo` in it, running a program with its
//! command line printed, and cargo tools installed once per machine at pinned versions.

use std::env;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// `cargo` (the one running the xtask), in the workspace root.
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(root());
    command
}

/// Runs `command`, saying what it is for; an error names it and its exit status.
pub(crate) fn run(what: &str, command: &mut Command) -> Result<(), String> {
    eprintln!("xtask: {what}: {}", shown(command));
    let status = command.status().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}

/// A command line as a person would type it (program and arguments, without the
/// environment or the folder).
fn shown(command: &Command) -> String {
    // `cargo`, not the toolchain's full path that `$CARGO` holds.
    let program = Path::new(command.get_program());
    let mut line = program.file_name().unwrap_or(program.as_os_str()).to_string_lossy().into_owned();
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        line.push(' ');
        if arg.contains([' ', '"', '\'']) || arg.is_empty() {
            line.push_str(&format!("{arg:?}"));
        } else {
            line.push_str(&arg);
        }
    }
    line
}

/// `cargo <subcommand>` from the crate `package` at exactly `version`, installed with
/// `cargo install` when another version (or none) is on the machine: once per machine, not
/// once per clone. Falls back to an unlocked install when a locked dependency is missing
/// from the registry.
pub(crate) fn cargo_tool(package: &str, version: &str, version_args: &[&str]) -> Result<(), String> {
    let mut check = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    check.args(version_args);
    if says_version(&mut check, version) { Ok(()) } else { install(package, version) }
}

/// `cargo install package --version version`, locked first, then unlocked when a locked
/// dependency is missing from the registry.
fn install(package: &str, version: &str) -> Result<(), String> {
    let install = |locked: bool| {
        let mut command = cargo();
        command.args(["install", "--quiet", package, "--version", version]);
        if locked {
            command.arg("--locked");
        }
        command
    };
    run(&format!("install {package} {version}"), &mut install(true))
        .or_else(|_| run(&format!("install {package} {version} (unlocked)"), &mut install(false)))
}

/// The program `binary` from the crate `package` at exactly `version` (`binary --version`
/// names it), installed with `cargo install` as [`cargo_tool`] does when it is not.
pub(crate) fn binary_tool(package: &str, version: &str, binary: &str) -> Result<(), String> {
    if says_version(Command::new(binary).arg("--version"), version) { Ok(()) } else { install(package, version) }
}

/// Whether `command` runs and prints `version` as one of its words.
fn says_version(command: &mut Command, version: &str) -> bool {
    command
        .output()
        .ok()
        .filter(|output| output.status.success())
        .is_some_and(|output| String::from_utf8_lossy(&output.stdout).split_whitespace().any(|word| word == version))
}

/// `rustup` is how this machine's toolchains came; a toolchain or target is added with it
/// when missing (minimal profile).
pub(crate) fn rustup(what: &str, args: &[&str]) -> Result<(), String> {
    run(what, Command::new("rustup").args(args))
}

/// Starts a server that prints `listening on http://ADDR` on stdout (the mock, the bench's
/// floor) and waits for that line: the address it bound, OS-chosen port included.
pub(crate) fn spawn_listening(command: &mut Command) -> Result<(Child, SocketAddr), String> {
    let mut child = command.stdout(Stdio::piped()).spawn().map_err(|e| format!("{command:?}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.split("listening on http://").nth(1).and_then(|rest| rest.trim().parse().ok()) {
                let _ = sender.send(addr);
            }
        }
    });
    match receiver.recv_timeout(Duration::from_secs(20)) {
        Ok(addr) => Ok((child, addr)),
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("{:?} printed no `listening on http://` line within 20 s", command.get_program()))
        }
    }
}
