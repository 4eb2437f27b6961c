//! The bench's servers and load: a server under test pinned to core 0 and started on an
//! OS-chosen port (its `listening on http://ADDR` line read from stdout), wrk pinned to core
//! 1, and the numbers read from both.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::cmd::{root, run, spawn_listening};

pub(crate) fn ensure_wrk() -> Result<(), String> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    eprintln!("xtask: installing wrk (Debian package)");
    // Quiet: apt's progress would land in the report, which goes to stdout.
    let install = || Command::new("apt-get").args(["install", "-y", "-qq", "wrk"]).stdout(Stdio::null()).status();
    if install().is_ok_and(|s| s.success()) {
        return Ok(());
    }
    run("apt-get update", Command::new("apt-get").args(["update", "-q"]))?;
    run("apt-get install wrk", Command::new("apt-get").args(["install", "-y", "-qq", "wrk"]).stdout(Stdio::null()))
}

pub(crate) struct Server {
    child: Child,
    pub(crate) addr: SocketAddr,
    /// Where the server writes its log, when it runs with its default log.
    pub(crate) log_file: Option<std::path::PathBuf>,
}

/// How a server under test logs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ServerLog {
    /// `RUST_LOG=warn`, stderr discarded: no line per request.
    Quiet,
    /// As shipped: the default `info` log, one line per request, to stderr redirected to a
    /// file (as `mock 2> mock.log` or a service manager would; no reader process competes
    /// for the cores).
    AsShipped,
}

impl Server {
    /// Starts `binary` (the mock, or the floor with `args` after its address) on an OS-chosen
    /// port of 127.0.0.1, pinned to core 0.
    pub(crate) fn start(name: &str, binary: &Path, args: &[&str], log: ServerLog) -> Result<Self, String> {
        let mut command = Command::new("taskset");
        command.args(["-c", "0"]).arg(binary);
        if name == "floor" {
            command.arg("127.0.0.1:0").args(args);
        } else {
            command.args(["--addr", "127.0.0.1:0"]).args(args);
        }
        let log_file = match log {
            ServerLog::Quiet => {
                command.env("RUST_LOG", "warn").stderr(Stdio::null());
                None
            }
            ServerLog::AsShipped => {
                let path = root().join(format!("target/bench/{name}-{}.log", std::process::id()));
                let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                command.env_remove("RUST_LOG").env("NO_COLOR", "1").stderr(file);
                Some(path)
            }
        };
        let (child, addr) = spawn_listening(&mut command).map_err(|e| format!("{name}: {e}"))?;
        Ok(Self { child, addr, log_file })
    }

    /// A server started elsewhere (pinned to core 0 by its command), listening on `addr`;
    /// its log file, if any, is removed with it.
    pub(crate) fn adopt(child: Child, addr: SocketAddr, log_file: Option<std::path::PathBuf>) -> Self {
        Self { child, addr, log_file }
    }

    fn proc_file(&self, file: &str) -> Result<String, String> {
        std::fs::read_to_string(format!("/proc/{}/{file}", self.child.id())).map_err(|e| e.to_string())
    }

    /// User + system CPU time, in clock ticks (1/100 s).
    fn cpu_ticks(&self) -> Result<u64, String> {
        let stat = self.proc_file("stat")?;
        let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
        let number = |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok()).ok_or("bad /proc stat");
        Ok(number(11)? + number(12)?)
    }

    /// One wrk run against this server, with the server's CPU time per request (from
    /// `/proc`, 10 ms ticks) and its peak resident memory.
    pub(crate) fn measure(&self, script: &Path, url: &str, connections: usize, seconds: u64) -> Result<Run, String> {
        let before = self.cpu_ticks()?;
        let wrk = wrk(script, url, connections, seconds)?;
        let after = self.cpu_ticks()?;
        Ok(Run {
            cpu_us_per_request: (after - before) as f64 * 10_000.0 / wrk.requests.max(1) as f64,
            rss_kib: self.peak_rss_kib()?,
            wrk,
        })
    }

    fn peak_rss_kib(&self) -> Result<u64, String> {
        let status = self.proc_file("status")?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| "no VmHWM".to_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(path) = &self.log_file {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct WrkResult {
    pub(crate) requests: u64,
    pub(crate) requests_per_second: f64,
    pub(crate) p50_us: f64,
    pub(crate) p99_us: f64,
    pub(crate) failures: u64,
}

pub(crate) struct Run {
    pub(crate) wrk: WrkResult,
    pub(crate) cpu_us_per_request: f64,
    pub(crate) rss_kib: u64,
}

pub(crate) struct Summary {
    pub(crate) rps: f64,
    pub(crate) p50_us: f64,
    pub(crate) p99_us: f64,
    pub(crate) failures: u64,
    pub(crate) cpu_us: f64,
    pub(crate) rss_kib: u64,
}

pub(crate) fn met(yes: bool) -> &'static str {
    if yes { "met" } else { "missed" }
}

pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

pub(crate) fn summarize(runs: &[Run]) -> Summary {
    Summary {
        rps: median(runs.iter().map(|r| r.wrk.requests_per_second).collect()),
        p50_us: median(runs.iter().map(|r| r.wrk.p50_us).collect()),
        p99_us: median(runs.iter().map(|r| r.wrk.p99_us).collect()),
        failures: runs.iter().map(|r| r.wrk.failures).sum(),
        cpu_us: median(runs.iter().map(|r| r.cpu_us_per_request).collect()),
        rss_kib: runs.iter().map(|r| r.rss_kib).max().unwrap_or(0),
    }
}

pub(crate) fn wrk(script: &Path, url: &str, connections: usize, seconds: u64) -> Result<WrkResult, String> {
    let output = Command::new("taskset")
        .args(["-c", "1", "wrk", "-t1", "--latency", "-c"])
        .arg(connections.to_string())
        .arg("-d")
        .arg(format!("{seconds}s"))
        .arg("-s")
        .arg(script)
        .arg(url)
        .output()
        .map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("wrk failed: {text}{}", String::from_utf8_lossy(&output.stderr)));
    }
    parse_wrk(&text).ok_or_else(|| format!("cannot read wrk's output:\n{text}"))
}

fn parse_wrk(text: &str) -> Option<WrkResult> {
    let mut result = WrkResult::default();
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", value] => result.requests_per_second = value.parse().ok()?,
            [count, "requests", "in", ..] => result.requests = count.parse().ok()?,
            ["50%", value] => result.p50_us = duration_us(value)?,
            ["99%", value] => result.p99_us = duration_us(value)?,
            ["Non-2xx", "or", "3xx", "responses:", count] => result.failures += count.parse::<u64>().ok()?,
            ["Socket", "errors:", ..] => {
                result.failures += line.split([',', ' ']).filter_map(|word| word.parse::<u64>().ok()).sum::<u64>();
            }
            _ => {}
        }
    }
    (result.requests > 0).then_some(result)
}

fn duration_us(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1000.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1_000_000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

pub(crate) fn calls_per_second(command: &mut Command) -> Result<f64, String> {
    let output = command.output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("client failed: {text}{}", String::from_utf8_lossy(&output.stderr)));
    }
    let field =
        |name: &str| text.split_whitespace().find_map(|w| w.strip_prefix(name)).and_then(|v| v.parse::<f64>().ok());
    match (field("calls="), field("seconds=")) {
        (Some(calls), Some(seconds)) if seconds > 0.0 => Ok(calls / seconds),
        _ => Err(format!("cannot read the client's output: {text}")),
    }
}
