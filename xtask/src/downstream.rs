//! `cargo xtask ci`'s last checks, on the crates as other projects get them: `cargo package`
//! of every crate (verified against each other through a local registry), a project outside
//! the workspace (`xtask/downstream`) tested on the packaged crates, and the mock and the
//! command line installed from their packages, the contract suite passing against that mock.

use std::collections::BTreeSet;
use std::env;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{cargo, root, run, spawn_listening};
use crate::http;

/// Where `cargo package` builds and unpacks: `package/` in it holds the `.crate` files and
/// their unpacked sources.
fn package_target() -> PathBuf {
    root().join("target/package-verify")
}

/// Packages every crate but the xtask, verified, into its own emptied target folder.
pub(crate) fn package() -> Result<(), String> {
    forget_unpacked_packages();
    // Its own target folder, emptied first: cargo trusts a built registry crate by name and
    // version, so a crate changed at the same version would be verified against its old build.
    let verify = package_target();
    let _ = std::fs::remove_dir_all(&verify);
    run(
        "package every crate",
        cargo()
            // The wasm crate is not published: its home is npm (`cargo xtask npm`).
            .args([
                "package",
                "--quiet",
                "--workspace",
                "--exclude",
                "xtask",
                "--exclude",
                "ovh-connectivity-mock-wasm",
            ])
            .args(["--allow-dirty", "--target-dir"])
            .arg(&verify),
    )
}

/// `cargo package` verifies each crate against the others through a local registry, whose
/// crates cargo unpacks once into `$CARGO_HOME/registry/src/-<hash>/` and then trusts by name
/// and version: after a change at the same version (0.1.0), it would verify against the old
/// sources (the unpacked crates themselves stay in `package_target()`, which the downstream
/// checks use). Our crates' unpacked copies there are removed first (local registries only:
/// their folder names start with `-`; crates.io's are left alone).
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

/// The unpacked sources of one of our packaged crates.
fn unpacked(krate: &str) -> PathBuf {
    package_target().join("package").join(format!("{krate}-0.1.0"))
}

/// Our crates a manifest depends on (normal, build, and dev dependencies when asked),
/// whatever the form: `name = "..."`, `name = { ... }` or `[dependencies.name]`.
fn our_dependencies(manifest: &str, with_dev: bool) -> Vec<String> {
    let mut section = String::new();
    let mut found = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            section = header.to_owned();
            if let Some((table, name)) = header.split_once('.')
                && name.starts_with("ovh-connectivity-")
                && wanted(table, with_dev)
            {
                found.push(name.to_owned());
            }
            continue;
        }
        if wanted(&section, with_dev)
            && let Some(name) = line.split(['=', ' ']).next().filter(|name| name.starts_with("ovh-connectivity-"))
        {
            found.push(name.to_owned());
        }
    }
    found
}

fn wanted(table: &str, with_dev: bool) -> bool {
    matches!(table, "dependencies" | "build-dependencies") || (with_dev && table == "dev-dependencies")
}

/// `--config patch.crates-io.<crate>.path=...` for each of our crates `roots` reach, so that
/// they come from the packaged sources, never the workspace's folders, and no patch goes
/// unused (cargo warns about each).
fn patched_to_packages<'c>(command: &'c mut Command, roots: &[String]) -> Result<&'c mut Command, String> {
    let mut reached = BTreeSet::new();
    let mut todo: Vec<String> = roots.to_vec();
    while let Some(krate) = todo.pop() {
        if !reached.insert(krate.clone()) {
            continue;
        }
        let manifest = unpacked(&krate).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
        todo.extend(our_dependencies(&text, false));
    }
    for krate in reached {
        command
            .arg("--config")
            .arg(format!("patch.crates-io.{krate}.path={:?}", unpacked(&krate).display().to_string()));
    }
    Ok(command)
}

/// A project outside the workspace (`xtask/downstream`) tests the packaged crates, and the
/// mock installed from its package serves every fixture (the contract suite, exact mode).
pub(crate) fn downstream() -> Result<(), String> {
    let manifest = root().join("xtask/downstream/Cargo.toml");
    let roots = our_dependencies(&std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?, true);
    let target = root().join("target/downstream");
    run(
        "downstream project on the packaged crates",
        patched_to_packages(
            cargo().args(["test", "--quiet", "--manifest-path"]).arg(&manifest).arg("--target-dir").arg(&target),
            &roots,
        )?,
    )?;
    let install = root().join("target/downstream-install");
    for (what, krate) in [("the mock", "ovh-connectivity-mock"), ("the command line", "ovh-connectivity-cli")] {
        let manifest = std::fs::read_to_string(unpacked(krate).join("Cargo.toml")).map_err(|e| e.to_string())?;
        run(
            &format!("install {what} from its package"),
            patched_to_packages(
                cargo()
                    .args(["install", "--quiet", "--force", "--path"])
                    .arg(unpacked(krate))
                    .arg("--root")
                    .arg(&install)
                    .arg("--target-dir")
                    .arg(&target),
                &our_dependencies(&manifest, false),
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
    let mut mock = Command::new(install.join("bin/ovh-connectivity-mock"));
    mock.args(["--addr", "127.0.0.1:0", "--auth", "verify", "--credentials"]).arg(&credentials).env("RUST_LOG", "warn");
    let (mut mock, addr) = spawn_listening(&mut mock)?;
    let result = against_installed_mock(&install, addr, (key, secret, consumer));
    let _ = mock.kill();
    let _ = mock.wait();
    result
}

fn against_installed_mock(
    install: &Path,
    addr: SocketAddr,
    (key, secret, consumer): (&str, &str, &str),
) -> Result<(), String> {
    let openapi = http::get(addr, "/__admin/openapi.json")?;
    if openapi.status != 200 || !String::from_utf8_lossy(&openapi.body).contains("\"openapi\"") {
        return Err(format!("the installed mock has no OpenAPI document (HTTP {})", openapi.status));
    }
    let base = format!("http://{addr}/1.0");
    // The installed command, on the installed mock: a line's offers as JSON.
    let cli = Command::new(install.join("bin/ovh-connectivity"))
        .args(["--base-url", &base, "--poll-interval", "0.05", "--json"])
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
            .args(["run", "-q", "-p", "ovh-connectivity-contract", "--", "--base-url", &base])
            .args(["--mode", "exact", "--rate", "0", "--poll-interval", "0.02", "--allow-writes"])
            .env("OVH_APPLICATION_KEY", key)
            .env("OVH_APPLICATION_SECRET", secret)
            .env("OVH_CONSUMER_KEY", consumer),
    )
}

#[cfg(test)]
mod tests {
    use super::our_dependencies;

    #[test]
    fn dependencies_are_read_in_every_form() {
        let manifest = r#"
[package]
name = "ovh-connectivity-cli"

[dependencies]
ovh-connectivity-types = "0.1.0"
serde = "1"

[dependencies.ovh-connectivity-client]
version = "0.1.0"

[dev-dependencies]
ovh-connectivity-mock = { version = "0.1.0" }

[build-dependencies.ovh-connectivity-fixtures]
version = "0.1.0"
"#;
        assert_eq!(
            our_dependencies(manifest, false),
            ["ovh-connectivity-types", "ovh-connectivity-client", "ovh-connectivity-fixtures"]
        );
        assert_eq!(our_dependencies(manifest, true).len(), 4);
    }
}
