//! The `npx ovh-connectivity-mock` server as a user runs it: `dist/server.js` of the package
//! installed in the scratch project, run by real Node on 127.0.0.1 with an OS-chosen port,
//! its address read from its `listening on http://ADDR` line; and a small HTTP/1.1 client
//! over plain sockets, to send what well-behaved clients never send.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::project::project;

/// The installed package's server script, or `None` (the test skips, and says why).
pub(crate) fn server_js() -> Option<PathBuf> {
    project().map(|project| project.join("node_modules/ovh-connectivity-mock/dist/server.js"))
}

/// A running npx server, killed when dropped.
pub(crate) struct Npx {
    child: Child,
    /// The first address it printed.
    pub(crate) addr: SocketAddr,
    /// Its stdout lines up to the first `listening on`, then each one as it comes.
    pub(crate) printed: Vec<String>,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

impl Npx {
    /// Starts the server with `args` (`--addr 127.0.0.1:0` first unless `args` has an
    /// `--addr`) and waits (at most 20 s) for its first `listening on` line.
    pub(crate) fn start(args: &[&str]) -> Option<Self> {
        let script = server_js()?;
        let mut command = Command::new("node");
        command.arg(&script);
        if !args.contains(&"--addr") {
            command.args(["--addr", "127.0.0.1:0"]);
        }
        let mut child = command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("node {}: {error}", script.display()));
        let (sender, stdout) = channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut err = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        let stderr_reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(read @ 1..) = err.read(&mut buffer) {
                sink.lock().expect("stderr buffer").extend_from_slice(&buffer[..read]);
            }
        });
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        let stderr_reader = Some(stderr_reader);
        let mut npx = Self { child, addr, printed: Vec::new(), stdout, stderr, stderr_reader };
        let line = npx.line_with("listening on http://", Duration::from_secs(20));
        npx.addr = listening(&line);
        Some(npx)
    }

    /// The next stdout line containing `needle` (every line read is kept in `printed`).
    pub(crate) fn line_with(&mut self, needle: &str, limit: Duration) -> String {
        let started = Instant::now();
        loop {
            let left = limit.saturating_sub(started.elapsed());
            match self.stdout.recv_timeout(left) {
                Ok(line) => {
                    self.printed.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no `{needle}` on stdout within {limit:?}; stderr:\n{}", self.stderr()),
            }
        }
    }

    /// Every stdout line so far, without waiting.
    pub(crate) fn stdout_now(&mut self) -> &[String] {
        while let Ok(line) = self.stdout.try_recv() {
            self.printed.push(line);
        }
        &self.printed
    }

    /// Everything it wrote on stderr so far.
    pub(crate) fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().expect("stderr buffer")).into_owned()
    }

    /// Its stderr once it contains `needle` (polled for at most 5 s: its own reader thread
    /// may lag behind the stdout line the test waited for).
    pub(crate) fn stderr_with(&self, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.stderr();
            if text.contains(needle) || started.elapsed() > Duration::from_secs(5) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The root URL, `http://ADDR`.
    pub(crate) fn root(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends SIGTERM and waits (at most `limit`) for the exit: its status and stderr.
    pub(crate) fn terminate(mut self, limit: Duration) -> (ExitStatus, String, Duration) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs").success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(started.elapsed() < limit, "still running {limit:?} after SIGTERM; stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        };
        let took = started.elapsed();
        // The reader thread drains what the process wrote before it exited, to the end.
        if let Some(reader) = self.stderr_reader.take() {
            let _ = reader.join();
        }
        (status, self.stderr(), took)
    }
}

impl Drop for Npx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address of a `listening on http://ADDR` line.
pub(crate) fn listening(line: &str) -> SocketAddr {
    let text = line.split("http://").nth(1).unwrap_or_else(|| panic!("not a listening line: {line}"));
    text.trim().parse().unwrap_or_else(|error| panic!("`{text}`: {error}"))
}

/// An HTTP answer read off a socket.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    /// The head's lines after the status line, as sent.
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text()))
    }

    /// The value of header `name` (case-insensitive), when sent.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    /// An OVH-shaped error of `status` whose message mentions `needle`.
    #[track_caller]
    pub(crate) fn assert_ovh_error(&self, status: u16, needle: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        let body = self.json();
        assert!(body.get("class").is_some(), "not OVH-shaped: {body}");
        let message = body["message"].as_str().expect("message");
        assert!(message.contains(needle), "message `{message}` does not mention `{needle}`");
    }
}

/// Writes `bytes` on a new connection and reads until the server closes it (at most 15 s).
pub(crate) fn raw(addr: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(15))).expect("timeout");
    stream.write_all(bytes).expect("write");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    answer
}

/// Sends one request with `Connection: close`; the answer, its body decoded from chunks.
pub(crate) fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    let bytes = raw(addr, request.as_bytes());
    parse(&bytes).unwrap_or_else(|| panic!("not an HTTP answer: {:?}", String::from_utf8_lossy(&bytes)))
}

/// A JSON POST.
pub(crate) fn post(addr: SocketAddr, path: &str, body: &str) -> Answer {
    send(addr, "POST", path, &[("content-type", "application/json")], body)
}

/// One whole answer of `bytes`: status, head, and body (by Content-Length, chunks or to the end).
pub(crate) fn parse(bytes: &[u8]) -> Option<Answer> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let (status_line, rest) = head.split_once("\r\n").unwrap_or((head, ""));
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let mut answer = Answer { status, head: rest.replace("\r\n", "\n"), body: Vec::new() };
    let mut body = &bytes[end + 4..];
    if answer.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let line_end = body.windows(2).position(|w| w == b"\r\n")?;
            let size = usize::from_str_radix(std::str::from_utf8(&body[..line_end]).ok()?.trim(), 16).ok()?;
            body = &body[line_end + 2..];
            if size == 0 {
                break;
            }
            answer.body.extend_from_slice(body.get(..size)?);
            body = body.get(size + 2..)?;
        }
    } else if let Some(length) = answer.header("content-length") {
        answer.body = body.get(..length.parse::<usize>().ok()?)?.to_vec();
    } else {
        answer.body = body.to_vec();
    }
    Some(answer)
}
