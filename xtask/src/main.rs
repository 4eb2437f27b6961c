//! Project tasks: `cargo xtask <task>`.
//!
//! - `ci`: everything CI checks, in order: formatting, clippy (warnings are errors) on all
//!   targets, the whole test suite, `cargo package` of every crate with verification, and the
//!   docs (warnings are errors).
//! - `test`: the test suite alone, after setting up what it needs beyond cargo: a virtualenv
//!   in `target/interop-venv` with the official OVH Python client pinned in
//!   `xtask/interop-requirements.txt`, for the interoperability tests, and Debian's Chromium
//!   and ChromeDriver for the dashboard's browser tests, and openapi-typescript with tsc
//!   (pinned in `xtask/ts-tools`) for the OpenAPI test.
//!
//! - `bench`: the benchmarks of BENCHMARKS.md (see `bench.rs`).
//! - `world-data`: regenerates `fixtures/world/communes.tsv` from the npm package
//!   `codes-postaux` (see `world_data.rs`).
//!
//! Deliberately dependency-free: it only runs other programs.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
#[cfg(test)]
mod tidy;
mod world_data;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("test") => test(),
        Some("bench") => bench::bench(&args[1..]),
        Some("world-data") => world_data::world_data(),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci|test|bench|world-data>\n  ci          fmt check, clippy -D warnings, tests, docs\n  test        the tests only\n  bench       load, client and micro benchmarks (--seconds N, --rounds N)\n  world-data  regenerate fixtures/world/communes.tsv from npm's codes-postaux"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn cargo() -> Command {
    let mut command = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(root());
    command
}

fn run(what: &str, command: &mut Command) -> Result<(), String> {
    eprintln!("xtask: {what}: {command:?}");
    let status = command.status().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}

fn ci() -> Result<(), String> {
    run("format", cargo().args(["fmt", "--all", "--check"]))?;
    run("clippy", cargo().args(["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]))?;
    // --all-features hides the default configurations (webpki roots, types without proptest).
    run("default features", cargo().args(["clippy", "--workspace", "--lib", "--bins", "--", "-D", "warnings"]))?;
    test()?;
    // Every crate builds from its packaged sources alone (the fixtures travel with theirs).
    forget_unpacked_packages();
    // Its own target folder, emptied first: cargo trusts a built registry crate by name and
    // version, so a crate changed at the same version would be verified against its old build.
    let verify = package_target();
    let _ = std::fs::remove_dir_all(&verify);
    run(
        "package",
        cargo().args(["package", "--workspace", "--exclude", "xtask", "--allow-dirty", "--target-dir"]).arg(&verify),
    )?;
    downstream()?;
    run("docs", cargo().args(["doc", "--workspace", "--no-deps", "--all-features"]).env("RUSTDOCFLAGS", "-D warnings"))
}

/// Where `cargo package` builds and unpacks: `package/` in it holds the `.crate` files and
/// their unpacked sources.
fn package_target() -> PathBuf {
    root().join("target/package-verify")
}

/// `cargo package` verifies each crate against the others through a local registry, whose
/// crates cargo unpacks once into `$CARGO_HOME/registry/src/-<hash>/` and then trusts by name
/// and version: after a change at the same version (0.1.0), it would verify against the old
/// sources (the unpacked crates themselves stay in `package_target()`, which the downstream
/// checks use). Our crates' unpacked copies there are removed first (local registries only: their
/// folder names start with `-`; crates.io's are left alone).
fn forget_unpacked_packages() {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(sources) = home.map(|home| home.join("registry/src")) else { return };
    for registry in std::fs::read_dir(&sources).into_iter().flatten().flatten() {
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for krate in std::fs::read_dir(registry.path()).into_iter().flatten().flatten() {
            if krate.file_name().to_string_lossy().starts_with("ovh-connectivity-") {
                let _ = std::fs::remove_dir_all(krate.path());
            }
        }
    }
}

/// The crates as other projects get them: every `ovh-connectivity-*` dependency patched to the
/// sources `cargo package` unpacked under `target/package-verify/package/`, never to the
/// workspace's folders.
fn patched_to_packages(command: &mut Command) -> Result<&mut Command, String> {
    let packages = package_target().join("package");
    for entry in std::fs::read_dir(&packages).map_err(|e| format!("{}: {e}", packages.display()))?.flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if path.is_dir()
            && let Some(krate) = name.strip_suffix("-0.1.0").filter(|k| k.starts_with("ovh-connectivity-"))
        {
            command.arg("--config").arg(format!("patch.crates-io.{krate}.path={:?}", path.display().to_string()));
        }
    }
    Ok(command)
}

/// A project outside the workspace (`xtask/downstream`) tests the packaged crates, and the
/// mock installed from its package serves every fixture (the contract suite, exact mode).
fn downstream() -> Result<(), String> {
    let manifest = root().join("xtask/downstream/Cargo.toml");
    let target = root().join("target/downstream");
    run(
        "downstream project on the packaged crates",
        patched_to_packages(cargo().args(["test", "--manifest-path"]).arg(&manifest).arg("--target-dir").arg(&target))?,
    )?;
    let install = root().join("target/downstream-install");
    for (what, package) in
        [("the mock", "ovh-connectivity-mock-0.1.0"), ("the command line", "ovh-connectivity-cli-0.1.0")]
    {
        run(
            &format!("install {what} from its package"),
            patched_to_packages(
                cargo()
                    .args(["install", "--force", "--path"])
                    .arg(package_target().join("package").join(package))
                    .arg("--root")
                    .arg(&install)
                    .arg("--target-dir")
                    .arg(&target),
            )?,
        )?;
    }
    // Signatures verified, writes allowed: the contract suite then calls every fixture.
    let (key, secret, consumer) = ("downstreamAK", "downstreamAS", "downstreamCK");
    let credentials = root().join("target/downstream-credentials.json");
    std::fs::write(
        &credentials,
        format!(r#"[{{"applicationKey":"{key}","applicationSecret":"{secret}","consumerKey":"{consumer}"}}]"#),
    )
    .map_err(|e| e.to_string())?;
    let mut mock = Command::new(install.join("bin/ovh-connectivity-mock"))
        .args(["--addr", "127.0.0.1:18799", "--auth", "verify", "--credentials"])
        .arg(&credentials)
        .env("RUST_LOG", "warn")
        .spawn()
        .map_err(|e| format!("the installed mock: {e}"))?;
    let result = (|| {
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect("127.0.0.1:18799").is_err() {
            if started.elapsed() > std::time::Duration::from_secs(10) {
                return Err("the installed mock did not listen".to_owned());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let (status, openapi) =
            bench::http_get("127.0.0.1:18799".parse().map_err(|_| "address")?, "/__admin/openapi.json")?;
        if status != 200 || !String::from_utf8_lossy(&openapi).contains("\"openapi\"") {
            return Err(format!("the installed mock has no OpenAPI document (HTTP {status})"));
        }
        // The installed command, on the installed mock: a line's offers as JSON.
        let cli = Command::new(install.join("bin/ovh-connectivity"))
            .args(["--base-url", "http://127.0.0.1:18799/1.0", "--poll-interval", "0.05", "--json"])
            .args(["eligibility", "line", "0123456789", "--require-eligible"])
            .output()
            .map_err(|e| format!("the installed command: {e}"))?;
        let printed = String::from_utf8_lossy(&cli.stdout);
        if !cli.status.success() || !printed.starts_with('{') || !printed.contains("\"offers\"") {
            return Err(format!(
                "the installed command failed ({}): {printed}{}",
                cli.status,
                String::from_utf8_lossy(&cli.stderr)
            ));
        }
        eprintln!("xtask: the installed command answered the installed mock");
        run(
            "the contract suite against the installed mock (exact mode: every fixture)",
            cargo()
                .args([
                    "run",
                    "-q",
                    "-p",
                    "ovh-connectivity-contract",
                    "--",
                    "--base-url",
                    "http://127.0.0.1:18799/1.0",
                ])
                .args(["--mode", "exact", "--rate", "0", "--poll-interval-ms", "20", "--allow-writes"])
                .env("OVH_APPLICATION_KEY", key)
                .env("OVH_APPLICATION_SECRET", secret)
                .env("OVH_CONSUMER_KEY", consumer),
        )
    })();
    let _ = mock.kill();
    let _ = mock.wait();
    result
}

fn test() -> Result<(), String> {
    let python = interop_python()?;
    let (chromium, chromedriver) = browser()?;
    let ts_tools = ts_tools()?;
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
            .env("OVH_INTEROP_REQUIRED", "1"),
    )
}

/// openapi-typescript and tsc, pinned in `xtask/ts-tools` (package.json and its lock),
/// installed with `npm ci` in `target/ts-tools` on first use; their `.bin` folder.
fn ts_tools() -> Result<PathBuf, String> {
    let pinned = root().join("xtask/ts-tools");
    let folder = root().join("target/ts-tools");
    let bin = folder.join("node_modules/.bin");
    let lock = std::fs::read_to_string(pinned.join("package-lock.json")).map_err(|e| format!("ts-tools lock: {e}"))?;
    let stamp = folder.join("installed-lock.json");
    if bin.join("tsc").exists() && std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(bin);
    }
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(pinned.join(file), folder.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    run(
        "TypeScript tools (openapi-typescript, tsc)",
        Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&folder),
    )?;
    std::fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(bin)
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
fn interop_python() -> Result<PathBuf, String> {
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
