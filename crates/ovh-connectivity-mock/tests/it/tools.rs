//! The programs some tests run besides cargo, found once per test binary: Python with
//! python-ovh and schemathesis, Chromium with ChromeDriver, openapi-typescript with tsc.
//!
//! Each is taken from its variable when set (`OVH_PYTHON`; `OVH_CHROMIUM` and
//! `OVH_CHROMEDRIVER`; `OVH_TS_TOOLS`, a folder holding `tsc` and `openapi-typescript`), or
//! else from `PATH`, and counts as found only when it runs: the interpreter imports `ovh` and
//! `schemathesis`, both browser programs answer `--version` with the same major version, both
//! TypeScript tools answer `--version`. `cargo xtask test` sets the variables (installing the
//! tools when missing) with `OVH_INTEROP_REQUIRED=1`.
//!
//! A test whose tool is missing skips as a whole, saying so on stderr, unless
//! `OVH_INTEROP_REQUIRED` is set: then it fails.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The tool a test needs, or `None` when it is missing, after saying on stderr that the test
/// is skipped and why (written to the stream itself, past the test harness's capture, so that
/// a bare `cargo test` shows it). Panics instead when `OVH_INTEROP_REQUIRED` is set.
pub(crate) fn required_or_skip<T>(found: &Result<T, String>) -> Option<&T> {
    let why = match found {
        Ok(tool) => return Some(tool),
        Err(why) => why,
    };
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let required = std::env::var_os("OVH_INTEROP_REQUIRED").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(!required, "{test}: {why}, and OVH_INTEROP_REQUIRED is set (`cargo xtask test` sets the tools up)");
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}; `cargo xtask test` sets it up and runs this test");
    None
}

/// The program named by `variable`, else `default` (looked up on `PATH` when run), and where
/// it came from, for messages.
fn program(variable: &str, default: &str) -> (PathBuf, String) {
    match std::env::var_os(variable).filter(|v| !v.is_empty()) {
        Some(path) => {
            // Absolute: some tests run it from another folder.
            let path = std::path::absolute(&path).unwrap_or_else(|_| PathBuf::from(path));
            let described = format!("{variable}={}", path.display());
            (path, described)
        }
        None => (on_path(default), format!("`{default}` on PATH ({variable} is not set)")),
    }
}

/// The first file `name` in a folder of `PATH`, or `name` itself (which then does not run).
/// A path, because ChromeDriver takes no program name.
fn on_path(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|folder| folder.join(name))
        .find(|file| file.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// What `program args` prints on stdout when it exits successfully; else why not.
fn output_of(program: &PathBuf, args: &[&str], described: &str) -> Result<String, String> {
    let output = Command::new(program).args(args).output().map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => format!("{described}: not found"),
        _ => format!("{described}: {error}"),
    })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("").trim().to_owned();
        Err(format!("{described}: `{}` failed ({}): {last}", args.join(" "), output.status))
    }
}

/// A Python interpreter that imports the official client (`ovh`) and `schemathesis`.
pub(crate) fn python() -> Option<&'static PathBuf> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    required_or_skip(FOUND.get_or_init(|| {
        let (python, described) = program("OVH_PYTHON", "python3");
        output_of(
            &python,
            &["-c", "import ovh, schemathesis"],
            &format!("Python with python-ovh and schemathesis, {described}"),
        )?;
        Ok(python)
    }))
}

/// Chromium and the ChromeDriver of its version.
pub(crate) struct Browser {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

/// Chromium and ChromeDriver, both running, of the same major version.
pub(crate) fn browser() -> Option<&'static Browser> {
    static FOUND: OnceLock<Result<Browser, String>> = OnceLock::new();
    required_or_skip(FOUND.get_or_init(|| {
        let (chromium, chromium_described) = program("OVH_CHROMIUM", "chromium");
        let (chromedriver, driver_described) = program("OVH_CHROMEDRIVER", "chromedriver");
        let chromium_version = output_of(&chromium, &["--version"], &format!("Chromium, {chromium_described}"))?;
        let driver_version = output_of(&chromedriver, &["--version"], &format!("ChromeDriver, {driver_described}"))?;
        // "Chromium 156.0.8078.108 built on Debian", "ChromeDriver 156.0.8078.108 (...)".
        let major = |version: &str| {
            version
                .split_whitespace()
                .find(|word| word.contains('.'))
                .and_then(|v| v.split('.').next())
                .map(str::to_owned)
        };
        match (major(&chromium_version), major(&driver_version)) {
            (Some(browser), Some(driver)) if browser != driver => Err(format!(
                "ChromeDriver {driver} ({driver_described}) cannot drive Chromium {browser} ({chromium_described})"
            )),
            _ => Ok(Browser { chromium, chromedriver }),
        }
    }))
}

/// openapi-typescript and tsc.
pub(crate) struct TypeScript {
    pub(crate) tsc: PathBuf,
    pub(crate) openapi_typescript: PathBuf,
}

/// openapi-typescript and tsc, both running: from the folder in `OVH_TS_TOOLS`, else on `PATH`.
pub(crate) fn typescript() -> Option<&'static TypeScript> {
    static FOUND: OnceLock<Result<TypeScript, String>> = OnceLock::new();
    required_or_skip(FOUND.get_or_init(|| {
        let folder: Option<OsString> = std::env::var_os("OVH_TS_TOOLS").filter(|v| !v.is_empty());
        let (tools, described) = match &folder {
            Some(folder) => {
                let folder = std::path::absolute(folder).unwrap_or_else(|_| PathBuf::from(folder));
                let described = format!("in OVH_TS_TOOLS={}", folder.display());
                (
                    TypeScript { tsc: folder.join("tsc"), openapi_typescript: folder.join("openapi-typescript") },
                    described,
                )
            }
            None => (
                TypeScript { tsc: on_path("tsc"), openapi_typescript: on_path("openapi-typescript") },
                "on PATH (OVH_TS_TOOLS is not set)".to_owned(),
            ),
        };
        output_of(&tools.tsc, &["--version"], &format!("tsc {described}"))?;
        output_of(&tools.openapi_typescript, &["--version"], &format!("openapi-typescript {described}"))?;
        Ok(tools)
    }))
}
