//! The tidy test (rust-analyzer's habit): conventions of the workspace that no compiler checks,
//! checked over the source tree by `cargo test -p xtask`.
//!
//! - every library crate denies or warns on `missing_docs` (clippy runs with `-D warnings`,
//!   so a public item without docs fails CI), its README is its documentation (so the
//!   README's examples are doctests), and every other source file opens with a `//!` doc;
//! - no `match` over `Operation` has a catch-all arm (`_ =>`, `other =>`): a new operation must be a compile error
//!   wherever it is not handled yet;
//! - every fixture has its reviewed snapshot, and every snapshot its fixture;
//! - every crate, and the xtask, is in ARCHITECTURE.md's code map;
//! - no module of a crate imports (through `crate::`) a module that imports it back;
//! - the types crate depends on serde alone, and the client without features on no runtime
//!   and no HTTP stack (`cargo tree -e normal`);
//! - the mock core does no IO: no runtime, HTTP stack or socket crate in its tree, no clock
//!   read, thread or `std::net` in its source;
//! - no source file of the mock crates is over 450 lines.

use std::path::{Path, PathBuf};

use crate::cmd::root;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    files_with_extension(dir, "rs")
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == extension))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

fn crate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .expect("crates/")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("Cargo.toml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// Why a library root does not make missing docs an error, if it does not.
fn missing_docs_problem(lib_rs: &str) -> Option<&'static str> {
    let enforced =
        lib_rs.lines().map(str::trim).any(|line| line == "#![warn(missing_docs)]" || line == "#![deny(missing_docs)]");
    (!enforced).then_some("lacks #![warn(missing_docs)]: public items could go undocumented")
}

#[test]
fn public_items_are_documented() {
    let mut problems = Vec::new();
    for dir in crate_dirs() {
        let lib = dir.join("src/lib.rs");
        if lib.exists()
            && let Some(problem) = missing_docs_problem(&read(&lib))
        {
            problems.push(format!("{}: {problem}", relative(&lib)));
        }
        for file in rust_files(&dir.join("src")) {
            let text = read(&file);
            let readme_doc = file == lib && text.starts_with("#![doc = include_str!(\"../README.md\")]");
            if !text.starts_with("//!") && !readme_doc {
                problems.push(format!("{}: does not open with a //! doc saying what it is for", relative(&file)));
            }
        }
        if lib.exists() && !read(&lib).starts_with("#![doc = include_str!(\"../README.md\")]") {
            problems
                .push(format!("{}: the crate's README (its registry page) is not its documentation", relative(&lib)));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Removes string and character literals (roughly) so that braces inside them do not count.
fn code_only(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') => in_string = false,
            (true, _) => {}
            (false, '"') => in_string = true,
            (false, '\'') => {
                // A char literal ('{', '\n') or a lifetime ('a): skip a literal only.
                let rest: String = chars.clone().take(3).collect();
                if rest.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                } else if rest.starts_with('\\') && rest.chars().nth(2) == Some('\'') {
                    chars.nth(2);
                } else {
                    out.push(c);
                }
            }
            (false, '/') if chars.peek() == Some(&'/') => break,
            (false, _) => out.push(c),
        }
    }
    out
}

/// Whether `line` starts a catch-all arm: `_ =>`, or a binding (`other =>`), maybe guarded.
fn is_catch_all_arm(line: &str) -> bool {
    let arm = line.trim_start();
    let Some((pattern, _)) = arm.split_once("=>") else { return false };
    let pattern = pattern.split(" if ").next().unwrap_or("").trim();
    let mut chars = pattern.chars();
    let starts = chars.next().is_some_and(|c| c == '_' || c.is_ascii_lowercase());
    starts && chars.all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// The catch-all arms (1-based line numbers) of `match`es whose other arms name `Operation`
/// variants (as `Operation::`, or `O::` where the file aliases it).
fn wildcard_arms_over_operation(source: &str) -> Vec<usize> {
    let lines: Vec<String> = source.lines().map(code_only).collect();
    let aliased = source.contains("use Operation as O;");
    let names_operation = |text: &str| {
        let arm = text.trim_start().trim_start_matches('|').trim_start();
        arm.starts_with("Operation::") || (aliased && arm.starts_with("O::"))
    };
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if !is_catch_all_arm(line) {
            continue;
        }
        // Walk back to the `{` that opens the match this arm belongs to.
        let mut depth = 0i32;
        let mut arms_of_this_match = Vec::new();
        for previous in lines[..index].iter().rev() {
            let opens = previous.matches('{').count() as i32;
            let closes = previous.matches('}').count() as i32;
            depth += closes - opens;
            if depth < 0 {
                if previous.contains("match ") && arms_of_this_match.iter().any(|arm: &&String| names_operation(arm)) {
                    found.push(index + 1);
                }
                break;
            }
            if depth == 0 {
                arms_of_this_match.push(previous);
            }
        }
    }
    found
}

#[test]
fn no_wildcard_arm_over_operation() {
    let mut problems = Vec::new();
    let this_file = root().join("xtask/src/tidy.rs");
    for file in rust_files(&root().join("crates")).into_iter().chain(rust_files(&root().join("xtask/src"))) {
        if file == this_file {
            continue;
        }
        for line in wildcard_arms_over_operation(&read(&file)) {
            problems.push(format!(
                "{}:{line}: a catch-all arm in a match over Operation: name every operation, so that a new one does not slip through",
                relative(&file)
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_wildcard_finder_finds_what_it_must_and_nothing_else() {
    let flagged = r#"
fn f(operation: Operation) -> u8 {
    match operation {
        Operation::SearchCities => 1,
        Operation::TestLine
        | Operation::TestOtp => 2,
        _ => 0,
    }
}
fn g(op: Operation) -> &'static str {
    use Operation as O;
    match op {
        O::SearchCities => "{",
        _ if true => "}",
    }
}
fn h(op: Operation) -> u8 {
    match op {
        Operation::TestLine => 1,
        other => other as u8,
    }
}
"#;
    assert_eq!(wildcard_arms_over_operation(flagged), [7, 14, 20]);
    let fine = r#"
fn f(operation: Operation, method: &Method) -> u8 {
    let allowed = match method {
        &Method::GET => {
            match operation {
                Operation::SearchCities => 1,
                Operation::TestLine => 2,
            }
        }
        _ => 0,
    };
    match (operation, 3) {
        (Operation::SearchCities, _) => 1,
        (other, n) => n,
    }
}
"#;
    assert_eq!(wildcard_arms_over_operation(fine), Vec::<usize>::new());
}

#[test]
fn every_fixture_has_its_snapshot() {
    let fixtures = root().join("fixtures");
    let snapshots = root().join("crates/ovh-connectivity-fixtures/tests/it/snapshots");
    let ids: Vec<String> = files_with_extension(&fixtures, "json")
        .iter()
        .map(|file| file.strip_prefix(&fixtures).unwrap().with_extension("").to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(!ids.is_empty(), "no fixture under {}", fixtures.display());
    let snapshot_of = |id: &str| format!("fixture@{}.snap", id.replace('/', "__"));
    let mut problems: Vec<String> = ids
        .iter()
        .filter(|id| !snapshots.join(snapshot_of(id)).exists())
        .map(|id| format!("fixture {id} has no snapshot {} (run the fixtures tests, then review it)", snapshot_of(id)))
        .collect();
    for snapshot in files_with_extension(&snapshots, "snap") {
        let name = snapshot.file_name().unwrap().to_string_lossy().into_owned();
        if !ids.iter().any(|id| snapshot_of(id) == name) {
            problems.push(format!("snapshot {name} has no fixture: delete it"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The names of the crates (and `xtask`) that the code map of `architecture` lacks.
fn missing_from_code_map(architecture: &str, names: &[String]) -> Vec<String> {
    let map = architecture.split("## Code Map").nth(1).map_or("", |rest| rest.split("\n## ").next().unwrap_or(""));
    let headings: Vec<&str> = map.lines().filter(|line| line.starts_with("### ")).collect();
    names
        .iter()
        .filter(|name| {
            !headings
                .iter()
                .any(|heading| heading.contains(&format!("`{name}`")) || heading.contains(&format!("crates/{name}`")))
        })
        .cloned()
        .collect()
}

#[test]
fn every_crate_is_in_the_code_map() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let mut names: Vec<String> =
        crate_dirs().iter().map(|dir| dir.file_name().unwrap().to_string_lossy().into_owned()).collect();
    names.push("xtask".to_owned());
    let missing = missing_from_code_map(&architecture, &names);
    assert!(missing.is_empty(), "ARCHITECTURE.md's code map has no `### ` heading for: {missing:?}");
    assert_eq!(
        missing_from_code_map("## Code Map\n\n### `crates/a`\n\n## Other\n### `crates/b`\n", &["a".into(), "b".into()]),
        ["b"],
        "a heading outside the code map does not count"
    );
}

#[test]
fn a_library_without_the_docs_lint_is_refused() {
    assert!(missing_docs_problem("//! A crate.\n\n#![warn(missing_docs)]\n").is_none());
    assert!(missing_docs_problem("//! A crate.\n\n#![allow(missing_docs)]\n").is_some());
}

/// The modules of one crate's `src` (a folder module counts as one) and the modules each
/// names through `crate::`. The crate root (`main` or `lib`) is a module too: it reaches every
/// module it declares, and a `crate::` name that is not a module (a function or a constant
/// of the root) is an arrow to the root, so that no module can depend back on it.
fn module_graph(src: &Path) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let module_of = |file: &Path| {
        let relative = file.strip_prefix(src).unwrap();
        relative.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned()
    };
    let files = rust_files(src);
    let modules: std::collections::BTreeSet<String> = files.iter().map(|file| module_of(file)).collect();
    let root = if modules.contains("lib") { "lib" } else { "main" };
    let mut graph = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
    for file in files {
        let module = module_of(&file);
        let is_root = module == "lib" || module == "main";
        let names = graph.entry(module.clone()).or_default();
        for line in read(&file).lines().map(code_only) {
            if is_root
                && let Some(declared) =
                    line.trim().trim_start_matches("pub ").trim_start_matches("pub(crate) ").strip_prefix("mod ")
            {
                names.insert(declared.trim_end_matches(';').trim().to_owned());
            }
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                let listed: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                    None => vec![rest],
                };
                for item in listed {
                    let name: String =
                        item.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    if name.is_empty() || name == module || !name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    {
                        continue;
                    }
                    let target = if modules.contains(&name) { name } else { root.to_owned() };
                    if target != module {
                        names.insert(target);
                    }
                }
            }
        }
    }
    graph
}

/// A cycle of the graph, as the modules along it, if there is one.
fn find_cycle(graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|seen| seen == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mut problems = Vec::new();
    for dir in crate_dirs() {
        if let Some(cycle) = find_cycle(&module_graph(&dir.join("src"))) {
            problems.push(format!("{}: modules import each other: {}", relative(&dir), cycle.join(" -> ")));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    let graph = |edges: &[(&str, &str)]| {
        let mut graph = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
        for (from, to) in edges {
            graph.entry((*from).to_owned()).or_default().insert((*to).to_owned());
        }
        graph
    };
    assert_eq!(find_cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).unwrap(), ["a", "b", "c", "a"]);
}

#[test]
fn a_module_that_depends_back_on_main_is_a_cycle() {
    let src = std::env::temp_dir().join(format!("xtask-tidy-main-{}", std::process::id()));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("main.rs"), "//! Root.\nmod a;\nmod b;\nfn helper() {}\nfn main() { a::run() }\n").unwrap();
    std::fs::write(src.join("b.rs"), "//! B.\npub(crate) fn two() {}\n").unwrap();
    std::fs::write(src.join("a.rs"), "//! A.\nuse crate::b::two;\npub(crate) fn run() { two() }\n").unwrap();
    assert_eq!(find_cycle(&module_graph(&src)), None, "main -> a -> b is no cycle");
    std::fs::write(src.join("a.rs"), "//! A.\npub(crate) fn run() { crate::helper() }\n").unwrap();
    let cycle = find_cycle(&module_graph(&src));
    std::fs::remove_dir_all(&src).unwrap();
    assert_eq!(cycle.unwrap(), ["a", "main", "a"]);
}

/// The crates (name only) that `cargo tree -e normal` lists for a package and its features.
fn normal_dependencies(package: &str, features: &[&str]) -> Vec<String> {
    let mut command = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(root()).args(["tree", "-q", "-p", package, "-e", "normal", "--prefix", "none"]);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    let output = command.output().expect("cargo tree runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_types_need_serde_alone_and_the_client_no_runtime() {
    let serde_only = [
        "ovh-connectivity-types",
        "proc-macro2",
        "quote",
        "serde",
        "serde_core",
        "serde_derive",
        "syn",
        "unicode-ident",
    ];
    for name in normal_dependencies("ovh-connectivity-types", &[]) {
        assert!(serde_only.contains(&name.as_str()), "ovh-connectivity-types depends on {name}: serde only, please");
    }
    for name in normal_dependencies("ovh-connectivity-client", &[]) {
        assert!(
            !["tokio", "hyper", "hyper-util", "reqwest", "ovh-connectivity-fixtures"].contains(&name.as_str()),
            "the client without features depends on {name}"
        );
    }
}

/// What the mock core's code must not name: it reads no clock, starts no thread and opens no
/// socket (its host does).
const IO_IN_THE_CORE: [&str; 4] = ["SystemTime::now", "Instant::now", "thread::spawn", "std::net"];

/// The lines (1-based) of `source` whose code (not comments or strings) names IO, with what.
fn io_calls(source: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = code_only(line);
        for name in IO_IN_THE_CORE {
            if code.contains(name) {
                found.push((index + 1, name));
            }
        }
    }
    found
}

#[test]
fn the_io_finder_finds_code_and_not_comments() {
    let source = "let t = std::time::SystemTime::now();\n// Instant::now() is the host's\nlet s = \"std::net\";\nuse std::net::TcpStream;";
    assert_eq!(io_calls(source), [(1, "SystemTime::now"), (4, "std::net")]);
}

#[test]
fn the_mock_core_does_no_io() {
    for name in normal_dependencies("ovh-connectivity-mock-core", &[]) {
        assert!(
            !["tokio", "hyper", "hyper-util", "mio", "socket2"].contains(&name.as_str()),
            "ovh-connectivity-mock-core depends on {name}: the core decides, the host does IO"
        );
    }
    let mut problems = Vec::new();
    for file in rust_files(&root().join("crates/ovh-connectivity-mock-core/src")) {
        for (line, name) in io_calls(&read(&file)) {
            problems.push(format!(
                "{}:{line}: {name} (the host reads clocks and does IO; the core takes `Now`)",
                relative(&file)
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The core draws the same world on every target: a 64-bit draw is reduced before it is
/// narrowed (`world::geometry::pick`), never `roll as usize % len`, which keeps 32 bits of the
/// draw in WebAssembly (the npm package drew other building names until the parity test
/// compared it with the native mock).
#[test]
fn the_mock_core_reduces_draws_before_narrowing_them() {
    let mut problems = Vec::new();
    for file in rust_files(&root().join("crates/ovh-connectivity-mock-core/src")) {
        for (index, line) in read(&file).lines().enumerate() {
            if narrows_before_reducing(&code_only(line)) {
                problems.push(format!(
                    "{}:{}: narrowed to usize, then `%`: use world::geometry::pick",
                    relative(&file),
                    index + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Whether `code` reduces a value after narrowing it to `usize`: `x as usize % n`, with or
/// without parentheses around the cast (`(x as usize) % n`).
fn narrows_before_reducing(code: &str) -> bool {
    code.match_indices("as usize")
        .any(|(at, cast)| code[at + cast.len()..].trim_start_matches([' ', ')']).starts_with('%'))
}

#[test]
fn the_narrowing_finder_finds_both_spellings() {
    assert!(narrows_before_reducing("let i = roll as usize % len;"));
    assert!(narrows_before_reducing("let i = (roll as usize) % len;"));
    assert!(narrows_before_reducing("let i = ((roll) as usize ) % len;"));
    assert!(!narrows_before_reducing("let i = (roll % len as u64) as usize;"));
    assert!(!narrows_before_reducing("let i = count as usize + 1;"));
}

/// The mock's files stay short enough to hold one concern each (issue 20 split the four that
/// mixed several).
const MOCK_FILE_LINES: usize = 450;

#[test]
fn no_mock_source_file_is_over_450_lines() {
    let mut long = Vec::new();
    for krate in ["ovh-connectivity-mock", "ovh-connectivity-mock-core"] {
        for file in rust_files(&root().join("crates").join(krate).join("src")) {
            let lines = read(&file).lines().count();
            if lines > MOCK_FILE_LINES {
                long.push(format!(
                    "{}: {lines} lines (at most {MOCK_FILE_LINES}: split it by concern)",
                    relative(&file)
                ));
            }
        }
    }
    assert!(long.is_empty(), "\n{}", long.join("\n"));
}
