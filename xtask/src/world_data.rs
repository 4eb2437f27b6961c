//! `cargo xtask world-data`: regenerates `fixtures/world/communes.tsv`, the mock world's real
//! places, from the npm package `codes-postaux` 4.1.2 (MIT, Base Adresse Nationale).
//!
//! It runs `npm pack` (the npm registry), unpacks the tarball with `tar`, and has Node.js turn
//! `codes-postaux.json` into one line per (zip code, commune):
//!
//! `zipCode TAB inseeCode TAB locality TAB city`
//!
//! where `locality` is the commune's name (`nomCommune`) and `city` its postal routing name
//! (`libelleAcheminement`), both upper case without accents, as the guide writes them
//! (`ORSAY`; `PARIS 11E ARRONDISSEMENT` in `PARIS`). Nothing is fetched when building or
//! running: the file is committed, and binaries embed it.

use std::path::Path;
use std::process::Command;

use crate::cmd::{root, run};

const PACKAGE: &str = "codes-postaux@4.1.2";

/// Node.js: JSON rows to sorted, deduplicated TSV lines on stdout.
const CONVERT: &str = r#"
const rows = require(process.argv[1]);
const plain = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’']/g, ' ')
  .replace(/Œ/g, 'OE').replace(/œ/g, 'oe').replace(/Æ/g, 'AE').replace(/æ/g, 'ae').toUpperCase()
  .replace(/\s+/g, ' ').trim();
const lines = new Set();
for (const row of rows) {
  for (const field of ['codePostal', 'codeCommune', 'nomCommune', 'libelleAcheminement']) {
    if (typeof row[field] !== 'string' || /[\t\n]/.test(row[field])) throw new Error('bad row ' + JSON.stringify(row));
  }
  lines.add([row.codePostal, row.codeCommune, plain(row.nomCommune), plain(row.libelleAcheminement)].join('\t'));
}
process.stdout.write([...lines].sort().join('\n') + '\n');
"#;

pub(crate) fn world_data() -> Result<(), String> {
    let work = root().join("target/world-data");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    run("npm pack", Command::new("npm").args(["pack", "--silent", PACKAGE]).current_dir(&work))?;
    let tarball = std::fs::read_dir(&work)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|e| e == "tgz"))
        .ok_or("npm pack made no tarball")?;
    run("unpack", Command::new("tar").arg("xzf").arg(&tarball).current_dir(&work))?;
    let package = work.join("package");
    let output = Command::new("node")
        .args(["-e", CONVERT])
        .arg(package.join("codes-postaux.json"))
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !output.status.success() {
        return Err(format!("node failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let table = String::from_utf8(output.stdout).map_err(|e| e.to_string())?;
    let out = root().join("fixtures/world");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    std::fs::write(out.join("communes.tsv"), &table).map_err(|e| e.to_string())?;
    copy(&package.join("LICENSE"), &out.join("LICENSE-codes-postaux"))?;
    eprintln!("xtask: fixtures/world/communes.tsv: {} lines from {PACKAGE}", table.lines().count());
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to).map(drop).map_err(|e| format!("{}: {e}", from.display()))
}
