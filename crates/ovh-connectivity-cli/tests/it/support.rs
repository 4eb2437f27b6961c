//! A mock on 127.0.0.1 in the background, and the binary run against it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Output};

use ovh_connectivity_mock::{FixtureSet, MockConfig, MockServer};

/// A mock running on its own runtime for as long as the value lives.
pub(crate) struct Mock {
    pub(crate) server: Option<MockServer>,
    runtime: tokio::runtime::Runtime,
}

impl Mock {
    /// The built-in fixtures and the world, tasks pending as each fixture says.
    pub(crate) fn start() -> Self {
        Self::with(MockConfig::with_embedded_fixtures().expect("built-in fixtures"))
    }

    pub(crate) fn with(config: MockConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let server = runtime.block_on(MockServer::start(config)).expect("the mock starts");
        Self { server: Some(server), runtime }
    }

    /// Built-in fixtures with `extra` laid over them (file name, JSON).
    pub(crate) fn with_fixtures(extra: &[(&str, String)]) -> Self {
        let folder = std::env::temp_dir().join(format!("ovh-cli-fixtures-{}-{}", std::process::id(), extra.len()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        for (name, json) in extra {
            std::fs::write(folder.join(name), json).unwrap();
        }
        let mine = FixtureSet::load_dir(&folder).expect("the test's fixtures are valid");
        let mut config = MockConfig::with_embedded_fixtures().unwrap();
        config.fixtures = config.fixtures.clone().overlay(mine);
        Self::with(config)
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.server.as_ref().unwrap().addr()
    }

    pub(crate) fn base_url(&self) -> String {
        self.server.as_ref().unwrap().base_url()
    }

    /// Changes the mock's settings (`PUT /__admin/settings`).
    pub(crate) fn settings(&self, json: &str) {
        let (status, body) = http(self.addr(), "PUT", "/__admin/settings", json, "");
        assert_eq!(status, 200, "{body}");
    }

    /// Polls `path` with `body` until its task is not pending; the final answer's text.
    pub(crate) fn task(&self, path: &str, body: &str, session: &str) -> String {
        for _ in 0..20 {
            let (status, text) = http(self.addr(), "POST", &format!("/1.0{path}"), body, session);
            assert_eq!(status, 200, "{text}");
            let answer: serde_json::Value = serde_json::from_str(&text).unwrap();
            if answer["status"] != "pending" {
                return text;
            }
        }
        panic!("{path} stayed pending")
    }
}

/// The `result` of a task's answer, as the API wrote it.
pub(crate) fn raw_result(answer: &str) -> String {
    #[derive(serde::Deserialize)]
    struct Task<'a> {
        #[serde(borrow)]
        result: &'a serde_json::value::RawValue,
    }
    serde_json::from_str::<Task<'_>>(answer).expect("a task with a result").result.get().to_owned()
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

/// One HTTP/1.1 exchange over a plain socket: status and body.
pub(crate) fn http(addr: SocketAddr, method: &str, path: &str, body: &str, session: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let session = if session.is_empty() { String::new() } else { format!("X-Mock-Session: {session}\r\n") };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{session}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body).to_owned();
    (status, body)
}

/// What a run printed, and how it ended.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 on stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 on stderr"),
        }
    }
}

/// The binary with no configuration from this machine, against `base_url`, with the
/// default polling (no `--poll-interval`).
pub(crate) fn bare(base_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ovh-connectivity"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("OVH_") || name == "NO_COLOR" || name == "COLUMNS" {
            command.env_remove(name);
        }
    }
    // No ovh.conf from the machine: the binary runs in an empty folder with no home.
    let folder = std::env::temp_dir().join("ovh-cli-empty");
    std::fs::create_dir_all(&folder).unwrap();
    command.current_dir(&folder).env("HOME", &folder).args(["--base-url", base_url]);
    command
}

/// The binary, with no OVH configuration from this machine and quick polling.
pub(crate) fn cli(mock: &Mock) -> Command {
    let mut command = bare(&mock.base_url());
    command.args(["--poll-interval", "0.05"]);
    command
}

/// A mock whose line 0111111111 answers the guide's line test with no offer eligible.
pub(crate) fn none_eligible_mock() -> Mock {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/test/line/0123456789-active.json"
    ))
    .unwrap()
    .replace("0123456789", "0111111111")
    .replace("\"eligible\": true", "\"eligible\": false");
    Mock::with_fixtures(&[("none-eligible.json", fixture)])
}

pub(crate) fn run(mock: &Mock, args: &[&str]) -> Run {
    cli(mock).args(args).output().expect("the binary runs").into()
}
