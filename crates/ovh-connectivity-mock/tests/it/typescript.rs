//! Frontend types from the served OpenAPI document, as a frontend developer makes them:
//! openapi-typescript 7 on `/__admin/openapi.json`, then `tsc --strict` on a frontend file
//! (`tests/typescript/app.ts`) that walks a test/line answer to its offers and rates without
//! `!` or `?.`, and on one with a misspelt request field, which must not compile.
//!
//! `cargo xtask test` installs the pinned tools (`xtask/ts-tools`) in `target/ts-tools` and
//! passes their folder in `OVH_TS_TOOLS`; without it, `tsc` and `openapi-typescript` on `PATH`
//! run this test, and without them it skips and says so (see `tools.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;
use crate::tools::{TypeScript, typescript};

/// `tsc --strict` on `file` in `folder`: its exit status and what it printed.
fn tsc(tools: &TypeScript, folder: &Path, file: &str) -> (bool, String) {
    let output = Command::new(&tools.tsc)
        .args(["--strict", "--noEmit", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler"])
        .arg(file)
        .current_dir(folder)
        .output()
        .expect("tsc runs");
    (
        output.status.success(),
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
    )
}

#[tokio::test]
async fn generated_types_need_no_assertion_where_answers_always_carry_a_property() {
    let Some(tools) = typescript() else { return };
    let server = start(embedded()).await;
    let document = send(server.addr(), "GET", "/__admin/openapi.json", &[], None).await;
    assert_eq!(document.status, 200);

    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typescript");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("openapi.json"), &document.body).unwrap();
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/typescript");
    for file in ["app.ts", "misspelt.ts"] {
        std::fs::copy(sources.join(file), folder.join(file)).unwrap();
    }
    let generated = Command::new(&tools.openapi_typescript)
        .args(["openapi.json", "-o", "api.d.ts"])
        .current_dir(&folder)
        .output()
        .expect("openapi-typescript runs");
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));

    let app = std::fs::read_to_string(folder.join("app.ts")).unwrap();
    let code: String = app.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    assert!(!code.contains("?.") && !code.contains("!.") && !code.contains("!;"), "app.ts asserts or chains");
    let (compiled, output) = tsc(tools, &folder, "app.ts");
    assert!(compiled, "the frontend file does not compile against the generated types:\n{output}");

    let (compiled, output) = tsc(tools, &folder, "misspelt.ts");
    assert!(!compiled, "a misspelt request field compiled");
    assert!(output.contains("'lineNumbre' does not exist"), "{output}");
}
