//! `cargo xtask test`: the whole test suite, after setting up what it needs beyond cargo,
//! each installed once and kept while its pinned version stands: a virtualenv in
//! `target/interop-venv` with the official OVH Python client and schemathesis
//! (`xtask/interop-requirements.txt`), Debian's Chromium and ChromeDriver (apt-get), and
//! openapi-typescript with tsc (`xtask/ts-tools`, in `target/ts-tools`).

use std::env;
use std::path::PathBuf;
use std::process::Command;

use crate::cmd::{cargo, root, run};

pub(crate) fn test() -> Result<(), String> {
    let python = interop_python()?;
    let (chromium, chromedriver) = browser()?;
    let ts_tools = ts_tools()?;
    let npm_project = npm_project()?;
    // Snapshots are checked, never written, in CI: a changed snapshot fails the run.
    run(
        "tests",
        cargo()
            .args(["test", "--workspace", "--all-features"])
            .env("INSTA_UPDATE", "no")
            .env("OVH_PYTHON", &python)
            .env("OVH_CHROMIUM", &chromium)
            .env("OVH_CHROMEDRIVER", &chromedriver)
            .env("OVH_TS_TOOLS", &ts_tools)
            .env("OVH_NPM_PROJECT", &npm_project)
            .env("OVH_INTEROP_REQUIRED", "1"),
    )
}

/// openapi-typescript, tsc and esbuild, pinned in `xtask/ts-tools` (package.json and its
/// lock), installed with `npm ci` in `target/ts-tools` on first use; their `.bin` folder.
pub(crate) fn ts_tools() -> Result<PathBuf, String> {
    let folder = npm_ci("xtask/ts-tools", "target/ts-tools", "TypeScript tools (openapi-typescript, tsc, esbuild)")?;
    Ok(folder.join("node_modules/.bin"))
}

/// A frontend developer's project with the npm package installed from its tarball: msw,
/// Vitest, Jest and Vite pinned in `crates/ovh-connectivity-mock-wasm/tests/project`
/// (`npm ci` in `target/npm-project` when the lock changes), then the package that
/// `cargo xtask npm` packs, installed with `npm install` as a user would.
pub(crate) fn npm_project() -> Result<PathBuf, String> {
    let tarball = crate::npm::npm()?;
    let folder = npm_ci(
        "crates/ovh-connectivity-mock-wasm/tests/project",
        "target/npm-project",
        "the npm package's test project (msw, vitest, jest, vite)",
    )?;
    run(
        "install the npm package from its tarball",
        Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error"])
            .arg(&tarball)
            .current_dir(&folder),
    )?;
    Ok(folder)
}

/// The npm packages pinned in `pinned` (a package.json and its lock, relative to the root),
/// installed with `npm ci` in `folder` when missing or when the lock changed; the folder.
pub(crate) fn npm_ci(pinned: &str, folder: &str, what: &str) -> Result<PathBuf, String> {
    let pinned = root().join(pinned);
    let folder = root().join(folder);
    let lock = std::fs::read_to_string(pinned.join("package-lock.json")).map_err(|e| format!("{what} lock: {e}"))?;
    let stamp = folder.join("installed-lock.json");
    if folder.join("node_modules").exists() && std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == lock)
    {
        return Ok(folder);
    }
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(pinned.join(file), folder.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    run(what, Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&folder))?;
    std::fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(folder)
}

/// Debian's Chromium and ChromeDriver, for the dashboard's browser tests: installed with
/// apt-get when missing (`OVH_CHROMIUM` and `OVH_CHROMEDRIVER` name others).
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = env::var_os("OVH_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let driver = env::var_os("OVH_CHROMEDRIVER").map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from);
    if chromium.exists() && driver.exists() {
        return Ok((chromium, driver));
    }
    let install = || {
        let mut command = Command::new("apt-get");
        command.args(["install", "-y", "-q", "chromium", "chromium-driver"]).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    // The package lists of a fresh machine may be missing or stale: refreshed once on failure.
    if run("install Chromium (apt-get)", &mut install()).is_err() {
        run("apt-get update", Command::new("apt-get").args(["update", "-q"]))?;
        run("install Chromium (apt-get)", &mut install())?;
    }
    if chromium.exists() && driver.exists() {
        Ok((chromium, driver))
    } else {
        Err(format!("{} or {} is still missing after apt-get", chromium.display(), driver.display()))
    }
}

/// The interpreter of a virtualenv holding the official OVH Python client, made on first use.
pub(crate) fn interop_python() -> Result<PathBuf, String> {
    let venv = root().join("target/interop-venv");
    let python = venv.join("bin/python");
    let requirements = root().join("xtask/interop-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    let stamp = venv.join("installed-requirements.txt");
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == wanted) {
        return Ok(python);
    }
    let host_python = env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    run("virtualenv", Command::new(&host_python).args(["-m", "venv", "--clear"]).arg(&venv))?;
    run(
        "interop Python packages (python-ovh, schemathesis)",
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(python)
}
