//! The one program a test of this crate runs besides cargo: a Python interpreter that imports
//! the official client (`ovh`), found once per test binary.
//!
//! It is `OVH_PYTHON` when set (`cargo xtask test` sets up a virtualenv and sets it, with
//! `OVH_INTEROP_REQUIRED=1`), else `python3` on `PATH`, and counts as found only when it
//! imports `ovh`. Without one, the test skips as a whole and says so on stderr, unless
//! `OVH_INTEROP_REQUIRED` is set: then it fails. (The mock's tests have the same gate, in their
//! own `tools.rs`: test code is not shared between crates.)

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The interpreter, or `None` after saying on stderr (past the test harness's capture, so that
/// a bare `cargo test` shows it) that the test is skipped and why. Panics instead when
/// `OVH_INTEROP_REQUIRED` is set.
pub(crate) fn python() -> Option<&'static PathBuf> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let why = match FOUND.get_or_init(find_python) {
        Ok(python) => return Some(python),
        Err(why) => why,
    };
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let required = std::env::var_os("OVH_INTEROP_REQUIRED").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(!required, "{test}: {why}, and OVH_INTEROP_REQUIRED is set (`cargo xtask test` sets Python up)");
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}; `cargo xtask test` sets it up and runs this test");
    None
}

fn find_python() -> Result<PathBuf, String> {
    let (python, described) = match std::env::var_os("OVH_PYTHON").filter(|v| !v.is_empty()) {
        Some(path) => {
            let path = std::path::absolute(&path).unwrap_or_else(|_| PathBuf::from(path));
            let described = format!("OVH_PYTHON={}", path.display());
            (path, described)
        }
        None => (PathBuf::from("python3"), "`python3` on PATH (OVH_PYTHON is not set)".to_owned()),
    };
    let described = format!("Python with python-ovh, {described}");
    let output = Command::new(&python).args(["-c", "import ovh"]).output().map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => format!("{described}: not found"),
        _ => format!("{described}: {error}"),
    })?;
    if output.status.success() {
        return Ok(python);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("").trim().to_owned();
    Err(format!("{described}: `import ovh` failed ({}): {last}", output.status))
}
