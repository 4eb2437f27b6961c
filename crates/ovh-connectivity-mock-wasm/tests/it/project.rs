//! The scratch project holding the installed package: `OVH_NPM_PROJECT`, else
//! `target/npm-project`; it counts as found when the package and msw are installed in it.
//! Missing, the tests that need it skip as a whole (they fail under `OVH_INTEROP_REQUIRED`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::tools::required_or_skip;

/// The project folder, or `None` after saying why the test is skipped.
pub(crate) fn project() -> Option<&'static PathBuf> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    required_or_skip(FOUND.get_or_init(find))
}

fn find() -> Result<PathBuf, String> {
    let (folder, described) = match std::env::var_os("OVH_NPM_PROJECT").filter(|v| !v.is_empty()) {
        Some(folder) => (PathBuf::from(&folder), format!("OVH_NPM_PROJECT={}", Path::new(&folder).display())),
        None => {
            let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/npm-project");
            (folder, "target/npm-project (OVH_NPM_PROJECT is not set)".to_owned())
        }
    };
    for package in ["ovh-connectivity-mock", "msw"] {
        if !folder.join("node_modules").join(package).join("package.json").is_file() {
            return Err(format!("no npm project with {package} installed in {described}"));
        }
    }
    Ok(std::path::absolute(&folder).unwrap_or(folder))
}

/// The repository's JavaScript test files (`tests/js`), copied into a folder of the project of
/// their own (bare imports resolve from the project's `node_modules`, as in a user's project).
pub(crate) fn with_tests(project: &Path, name: &str) -> PathBuf {
    let folder = project.join(format!("it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("test folder");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    for entry in std::fs::read_dir(&source).expect("tests/js") {
        let entry = entry.expect("tests/js entry");
        std::fs::copy(entry.path(), folder.join(entry.file_name())).expect("copy a test file");
    }
    folder
}

/// Runs `command` to its end within `limit` (killed past it: a test never hangs); its output.
pub(crate) fn run_within(command: &mut Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let read = |mut stream: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stream.read_to_end(&mut bytes);
            bytes
        })
    };
    let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output { status, stdout: out.join().unwrap_or_default(), stderr: err.join().unwrap_or_default() }
}
