//! The official Python client's calls of every fixture's route (`tests/interop/call_every_route.py`)
//! and how their answers are checked: shared by the native mock's tests and the npm package's
//! (which includes this file), so that both servers meet the same client the same way.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use ovh_connectivity_fixtures::{Fixture, FixtureSet, PhaseKind};
use ovh_connectivity_types::AnswerKind;
use serde_json::{Value, json};

/// Runs the Python script `script` of the native mock's `tests/interop` with `input` on its
/// standard input; its output.
pub(crate) fn interop_script(python: &Path, script: &str, input: &Value) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ovh-connectivity-mock/tests/interop").join(script);
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python starts");
    child.stdin.take().expect("stdin").write_all(input.to_string().as_bytes()).expect("write the input");
    child.wait_with_output().expect("python ends")
}

/// One call for `call_every_route.py`: the fixture's request, whether it is signed, whether
/// its answer is an async task to poll.
pub(crate) fn call_of(fixture: &Fixture) -> Value {
    json!({
        "id": fixture.id,
        "method": fixture.request.method.as_str(),
        "path": fixture.request.path,
        "query": fixture.request.query,
        "body": fixture.request.body.as_deref().map(|b| serde_json::from_str::<Value>(b).expect("a JSON body")),
        "auth": fixture.operation.requires_auth(),
        "async": fixture.operation.answer() == AnswerKind::AsyncTask,
    })
}

/// Checks each result line of `call_every_route.py` against its fixture's final phase: the
/// status and python-ovh's exception for an HTTP error, else the answer and the number of
/// polls it took. Returns how many results there were.
pub(crate) fn answers_match_fixtures(output: &std::process::Output, set: &FixtureSet) -> usize {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "python failed: {}\n{stdout}", String::from_utf8_lossy(&output.stderr));
    let mut seen = 0;
    for line in stdout.lines() {
        let result: Value = serde_json::from_str(line).expect("a JSON line");
        let fixture = set.get(result["id"].as_str().expect("an id")).expect("a fixture");
        let last = fixture.final_phase();
        if last.kind == PhaseKind::HttpError {
            assert_eq!(result["status"], last.status, "{}: {result}", fixture.id);
            assert_eq!(result["error"], "ResourceNotFoundError", "{}", fixture.id);
        } else {
            let expected: Value = serde_json::from_str(&last.body).expect("a JSON body");
            assert_eq!(result["answer"], expected, "{}: {result}", fixture.id);
            assert_eq!(result["polls"], fixture.attempts_before_final() + 1, "{}", fixture.id);
        }
        seen += 1;
    }
    seen
}
