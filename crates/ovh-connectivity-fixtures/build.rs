//! Embeds every fixture file of the workspace's `fixtures/` folder, and the world's places, so that a binary built from this
//! crate serves the fixtures without the source tree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // `fixtures` here is a symbolic link to the workspace's `fixtures/`: one folder to edit, and
    // `cargo package` copies what it points to, so the packaged crate carries every file.
    let root = manifest.join("fixtures");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if root.is_dir() {
        collect(&root, &root, &mut files);
    } else {
        // Outside the workspace (a packaged crate) there is nothing to embed: say so.
        println!("cargo:warning=no fixtures folder at {}: FixtureSet::embedded() will be empty", root.display());
    }
    files.sort();
    let mut out = String::from("/// Every fixture file, as (path relative to `fixtures/`, contents).\n");
    out.push_str("pub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
    for (relative, absolute) in &files {
        println!("cargo:rerun-if-changed={}", absolute.display());
        writeln!(out, "    ({relative:?}, include_str!({:?})),", absolute.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let communes = root.join("world/communes.tsv");
    out.push_str("/// The world's places (`fixtures/world/communes.tsv`), empty when it is missing.\n");
    if communes.is_file() {
        println!("cargo:rerun-if-changed={}", communes.display());
        let path = communes.canonicalize().expect("canonical path");
        writeln!(out, "pub(crate) const WORLD_COMMUNES_TEXT: &str = include_str!({:?});", path.display().to_string())
            .unwrap();
    } else {
        println!("cargo:warning=no {}: the mock's world will have no places", communes.display());
        out.push_str("pub(crate) const WORLD_COMMUNES_TEXT: &str = \"\";\n");
    }
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).expect("read fixtures dir");
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            files.push((relative, path.canonicalize().expect("canonical path")));
        }
    }
}
