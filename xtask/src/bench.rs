//! `cargo xtask bench`: the mock beside a bare hyper floor under wrk, the polling workload, the
//! Rust client beside python-ovh, and the micro benchmarks. Everything on 127.0.0.1, bounded
//! in time; results as a Markdown table on stdout and in `target/bench/results.md`.
//!
//! The machine has 2 cores: the server is pinned to core 0 and the load generator to core 1
//! (`taskset`), and A/B runs alternate so that drift hits both.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::{cargo, interop_python, root, run};

struct Settings {
    seconds: u64,
    rounds: usize,
}

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let mut settings = Settings { seconds: 5, rounds: 3 };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = || iter.next().and_then(|v| v.parse::<u64>().ok()).ok_or(format!("{arg} takes a number"));
        match arg.as_str() {
            "--seconds" => settings.seconds = value()?,
            "--rounds" => settings.rounds = value()? as usize,
            other => return Err(format!("unknown bench option {other} (--seconds N, --rounds N)")),
        }
    }
    if settings.rounds == 0 || settings.seconds == 0 {
        return Err("--rounds and --seconds must be at least 1".to_owned());
    }
    ensure_wrk()?;
    run(
        "release build",
        cargo().args([
            "build",
            "--release",
            "-p",
            "ovh-connectivity-mock",
            "--bin",
            "ovh-connectivity-mock",
            "--example",
            "floor",
        ]),
    )?;
    run(
        "release build",
        cargo().args(["build", "--release", "-p", "ovh-connectivity-hyper", "--example", "calls_per_second"]),
    )?;
    let python = interop_python()?;
    let out_dir = root().join("target/bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let release = root().join("target/release");
    let mock_bin = release.join("ovh-connectivity-mock");
    let floor_bin = release.join("examples/floor");

    // The bytes the floor serves: the mock's own answer to the guide's test/line request.
    let answer = {
        let server = Server::start("mock", &mock_bin, &["--pending", "0"], 18_180, ServerLog::Quiet)?;
        let (status, body) = http_post(
            server.addr,
            "/1.0/connectivity/eligibility/test/line",
            br#"{"lineNumber":"0123456789","status":"active"}"#,
        )?;
        if status != 200 {
            return Err(format!("mock answered {status} to test/line"));
        }
        body
    };
    let answer_file = out_dir.join("test-line-answer.json");
    std::fs::write(&answer_file, &answer).map_err(|e| e.to_string())?;
    let answer_arg = answer_file.to_string_lossy().into_owned();

    let mut report = String::new();
    let _ = writeln!(report, "## Load: the mock beside a bare hyper floor\n");
    let _ = writeln!(
        report,
        "`POST /1.0/connectivity/eligibility/test/line` (answer {} bytes), wrk -t1, {} s per run after 1 s of warm-up, {} rounds alternating mock and floor, each run on a freshly started server. Medians over rounds; RSS is the largest peak.\n",
        answer.len(),
        settings.seconds,
        settings.rounds
    );
    let _ = writeln!(
        report,
        "`mock` is the binary as shipped: its default `info` log writes one line per request to stderr, here redirected to a file. `mock, RUST_LOG=warn` writes none. The floor logs nothing.\n"
    );
    let _ = writeln!(report, "| target | conns | req/s | p50 | p99 | failures | server CPU µs/req | peak RSS MiB |");
    let _ = writeln!(report, "|---|---|---|---|---|---|---|---|");
    let lua = root().join("xtask/bench/post_test_line.lua");
    const TARGETS: [(&str, ServerLog); 3] =
        [("mock", ServerLog::AsShipped), ("mock, RUST_LOG=warn", ServerLog::Quiet), ("floor", ServerLog::Quiet)];
    let mut rows: BTreeMap<(usize, &str), Vec<Run>> = BTreeMap::new();
    let mut lost_lines = Vec::new();
    for round in 0..settings.rounds {
        for connections in [1usize, 16, 64] {
            for (index, (name, log)) in TARGETS.into_iter().enumerate() {
                let (binary, args) = match name {
                    "floor" => (&floor_bin, vec![answer_arg.clone()]),
                    _ => (&mock_bin, vec!["--pending".to_owned(), "0".to_owned()]),
                };
                let port = 18_200 + (round * 200 + connections * 3 + index) as u16;
                let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
                let kind = if name == "floor" { "floor" } else { "mock" };
                let server = Server::start(kind, binary, &arg_refs, port, log)?;
                let url = format!("http://{}/1.0/connectivity/eligibility/test/line", server.addr);
                let warm_up = wrk(&lua, &url, connections, 1)?;
                let run = server.measure(&lua, &url, connections, settings.seconds)?;
                eprintln!("bench: round {round} {name} c={connections}: {:.0} req/s", run.wrk.requests_per_second);
                if let Some(path) = &server.log_file {
                    // wrk counts completed answers only; every answer has its line (plus the
                    // start-up lines). Give the writer thread a moment to drain.
                    sleep(Duration::from_millis(300));
                    let answered = warm_up.requests + run.wrk.requests;
                    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
                    let written = text.iter().filter(|&&b| b == b'\n').count() as u64;
                    if written < answered {
                        lost_lines.push(format!("{name} c={connections}: {written} lines for {answered} answers"));
                    }
                }
                rows.entry((connections, name)).or_default().push(run);
            }
        }
    }
    let mut ratios = String::new();
    let mut targets = String::new();
    for connections in [1usize, 16, 64] {
        let summary = |name: &str| summarize(&rows[&(connections, name)]);
        let (shipped, quiet, floor) = (summary("mock"), summary("mock, RUST_LOG=warn"), summary("floor"));
        for (name, s) in [("mock", &shipped), ("mock, RUST_LOG=warn", &quiet), ("floor", &floor)] {
            let _ = writeln!(
                report,
                "| {name} | {connections} | {:.0} | {:.0} µs | {:.0} µs | {} | {:.2} | {:.1} |",
                s.rps,
                s.p50_us,
                s.p99_us,
                s.failures,
                s.cpu_us,
                s.rss_kib as f64 / 1024.0
            );
        }
        for (name, s) in [("mock (as shipped)", &shipped), ("mock, RUST_LOG=warn", &quiet)] {
            let _ = writeln!(
                ratios,
                "| {name} | {connections} | {:.2} | {:.2} | {:.2} |",
                s.rps / floor.rps,
                s.cpu_us / floor.cpu_us,
                s.p99_us / floor.p99_us
            );
        }
        if connections > 1 {
            let throughput = shipped.rps / floor.rps;
            let cpu = shipped.cpu_us / floor.cpu_us;
            let _ = writeln!(
                targets,
                "| mock as shipped, {connections} connections: throughput ≥ 0.9× floor | {throughput:.2} | {} |",
                met(throughput >= 0.9)
            );
            let _ = writeln!(
                targets,
                "| mock as shipped, {connections} connections: CPU per request ≤ 1.3× floor | {cpu:.2} | {} |",
                met(cpu <= 1.3)
            );
        }
    }
    let peak_rss = rows.iter().filter(|((_, name), _)| *name == "mock").flat_map(|(_, runs)| runs).map(|r| r.rss_kib);
    let peak_rss = peak_rss.max().unwrap_or(0) as f64 / 1024.0;
    let _ = writeln!(targets, "| mock as shipped: peak RSS < 16 MiB | {peak_rss:.1} MiB | {} |", met(peak_rss < 16.0));
    let _ = writeln!(report, "\nRatios to the floor (throughput: higher is better; CPU and p99: lower is better):\n");
    let _ =
        writeln!(report, "| target | conns | throughput | CPU per request | p99 |\n|---|---|---|---|---|\n{ratios}");
    if lost_lines.is_empty() {
        let _ = writeln!(report, "Every answer of the shipped mock had its log line on stderr.\n");
    } else {
        let _ = writeln!(report, "**Log lines missing:** {}\n", lost_lines.join("; "));
    }

    // The world: its answers computed per request, beside fixture replay.
    let _ = writeln!(report, "## The world beside fixture replay\n");
    let _ = writeln!(
        report,
        "`test/line` at 16 connections, `--pending 0`, `RUST_LOG=warn`, {} s per run, alternating on one freshly started mock per round: the guide's line (a fixture replayed) beside 64 lines no fixture covers (`xtask/bench/post_world_line.lua`: the world computes the address, the line's sections and rates, the offers and an HMAC-signed reference for each). Target: a world answer costs at most 2× the CPU of a fixture replay.\n",
        settings.seconds
    );
    let _ = writeln!(
        report,
        "| round | fixture req/s | fixture CPU µs/req | world req/s | world CPU µs/req | CPU world / fixture |\n|---|---|---|---|---|---|"
    );
    let world_lua = root().join("xtask/bench/post_world_line.lua");
    let mut world_ratios = Vec::new();
    for round in 0..settings.rounds {
        let server = Server::start("mock", &mock_bin, &["--pending", "0"], 18_350 + round as u16, ServerLog::Quiet)?;
        let url = format!("http://{}/1.0/connectivity/eligibility/test/line", server.addr);
        wrk(&world_lua, &url, 16, 1)?;
        let fixture = server.measure(&lua, &url, 16, settings.seconds)?;
        let world = server.measure(&world_lua, &url, 16, settings.seconds)?;
        let ratio = world.cpu_us_per_request / fixture.cpu_us_per_request;
        world_ratios.push(ratio);
        let _ = writeln!(
            report,
            "| {} | {:.0} | {:.2} | {:.0} | {:.2} | {ratio:.2} |",
            round + 1,
            fixture.wrk.requests_per_second,
            fixture.cpu_us_per_request,
            world.wrk.requests_per_second,
            world.cpu_us_per_request
        );
        if world.wrk.failures > 0 || fixture.wrk.failures > 0 {
            return Err(format!("world bench: {} and {} failed answers", fixture.wrk.failures, world.wrk.failures));
        }
    }
    let world_ratio = median(world_ratios);
    let _ = writeln!(
        targets,
        "| world answer: CPU ≤ 2× a fixture replay | {world_ratio:.2} | {} |",
        met(world_ratio <= 2.0)
    );
    let _ = writeln!(report);

    // Polling: distinct requests, each sent twice (pending, then ok).
    let _ = writeln!(report, "## Polling workload\n");
    let _ = writeln!(
        report,
        "Distinct `search/cities` requests, each sent twice (the first answers `pending`, the second `ok`), 64 connections, {} s. Task states are capped at 10 000 (the default).\n",
        settings.seconds
    );
    let _ = writeln!(
        report,
        "| round | req/s | p99 | failures | server CPU µs/req | peak RSS MiB | task states kept |\n|---|---|---|---|---|---|---|"
    );
    let polling_lua = root().join("xtask/bench/polling.lua");
    for round in 0..settings.rounds.min(2) {
        let server = Server::start("mock", &mock_bin, &[], 18_300 + round as u16, ServerLog::AsShipped)?;
        let url = format!("http://{}/1.0/connectivity/eligibility/search/cities", server.addr);
        let run = server.measure(&polling_lua, &url, 64, settings.seconds)?;
        let (_, health) = http_get(server.addr, "/__admin/health")?;
        let tasks = String::from_utf8_lossy(&health)
            .split("\"tasks\":")
            .nth(1)
            .and_then(|rest| rest.split([',', '}']).next().map(str::to_owned))
            .unwrap_or_default();
        let _ = writeln!(
            report,
            "| {} | {:.0} | {:.0} µs | {} | {:.2} | {:.1} | {tasks} |",
            round + 1,
            run.wrk.requests_per_second,
            run.wrk.p99_us,
            run.wrk.failures,
            run.cpu_us_per_request,
            run.rss_kib as f64 / 1024.0
        );
    }

    // Clients: completed calls per second against the same mock, alternating.
    let _ = writeln!(report, "\n## Clients against the same mock\n");
    let _ = writeln!(
        report,
        "`search_cities(91400)` calls for {} s each, the mock run with `--pending 0` (one request per call), the client pinned to core 1, alternating. Rust: `ovh-connectivity-hyper` (examples/calls_per_second.rs, release), one call at a time, then 16 tasks sharing one client. Python: python-ovh 1.2.0 (xtask/bench/python_calls.py), one call at a time (it is a blocking client). The wrk column is the loopback floor for one call at a time: a C load generator on one connection.\n",
        settings.seconds
    );
    let _ = writeln!(
        report,
        "| round | Rust, sequential | Rust, 16 in flight | Python | wrk, 1 connection | Rust seq / wrk | Rust seq / Python | Rust 16 / Python |\n|---|---|---|---|---|---|---|---|"
    );
    let rust_bin = release.join("examples/calls_per_second");
    let python_script = root().join("xtask/bench/python_calls.py");
    let cities_lua = root().join("xtask/bench/cities.lua");
    let mut sequential_ratios = Vec::new();
    for round in 0..settings.rounds.min(2) {
        let server = Server::start("mock", &mock_bin, &["--pending", "0"], 18_400 + round as u16, ServerLog::Quiet)?;
        let base = format!("http://{}/1.0", server.addr);
        let seconds = settings.seconds.to_string();
        let on_core_1 = || {
            let mut command = Command::new("taskset");
            command.args(["-c", "1"]);
            command
        };
        let rust = calls_per_second(on_core_1().arg(&rust_bin).args([&base, &seconds]))?;
        let python = calls_per_second(on_core_1().arg(&python).arg(&python_script).args([&base, &seconds]))?;
        let rust16 = calls_per_second(on_core_1().arg(&rust_bin).args([base.as_str(), seconds.as_str(), "16"]))?;
        let floor = wrk(&cities_lua, &format!("{base}/connectivity/eligibility/search/cities"), 1, settings.seconds)?;
        let _ = writeln!(
            report,
            "| {} | {rust:.0} | {rust16:.0} | {python:.0} | {:.0} | {:.2} | {:.1} | {:.1} |",
            round + 1,
            floor.requests_per_second,
            rust / floor.requests_per_second,
            rust / python,
            rust16 / python
        );
        sequential_ratios.push(rust / floor.requests_per_second);
    }

    let sequential = median(sequential_ratios);
    let _ = writeln!(
        targets,
        "| Rust client, one call at a time: ≥ 0.9× wrk on one connection | {sequential:.2} | {} |",
        met(sequential >= 0.9)
    );

    // Micro benchmarks.
    let _ = writeln!(report, "\n## Client and types (micro benchmarks)\n");
    let output = cargo()
        .args(["bench", "-q", "-p", "ovh-connectivity-client", "--bench", "micro"])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("micro benchmarks failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let _ = writeln!(report, "| what | case | baseline | ratio |\n|---|---|---|---|");
    for line in String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| l.strip_prefix("bench ")) {
        let (what, rest) = line.split_once(": ").unwrap_or((line, ""));
        let parts: Vec<&str> = rest.split(" | ").collect();
        if let [case, baseline, ratio] = parts.as_slice() {
            let _ = writeln!(report, "| {what} | {case} | {baseline} | {} |", ratio.trim_start_matches("ratio "));
        }
    }

    let machine = format!(
        "{} logical cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| info.lines().find(|l| l.starts_with("model name")).map(|l| l
                .split(':')
                .nth(1)
                .unwrap_or("")
                .trim()
                .to_owned()))
            .unwrap_or_default()
    );
    let header = format!("Machine: {machine}. Shared and noisy: read the ratios, not the absolute numbers.\n\n");
    let targets = format!("## Targets\n\n| target | measured | |\n|---|---|---|\n{targets}\n");
    let report = header + &targets + &report;
    print!("{report}");
    std::fs::write(out_dir.join("results.md"), &report).map_err(|e| e.to_string())?;
    eprintln!("xtask: bench results in {}", out_dir.join("results.md").display());
    Ok(())
}

fn ensure_wrk() -> Result<(), String> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    eprintln!("xtask: installing wrk (Debian package)");
    let install = || Command::new("apt-get").args(["install", "-y", "-q", "wrk"]).status();
    if install().is_ok_and(|s| s.success()) {
        return Ok(());
    }
    run("apt-get update", Command::new("apt-get").args(["update", "-q"]))?;
    run("apt-get install wrk", Command::new("apt-get").args(["install", "-y", "-q", "wrk"]))
}

struct Server {
    child: Child,
    addr: SocketAddr,
    /// Where the server writes its log, when it runs with its default log.
    log_file: Option<std::path::PathBuf>,
}

/// How a server under test logs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ServerLog {
    /// `RUST_LOG=warn`, stderr discarded: no line per request.
    Quiet,
    /// As shipped: the default `info` log, one line per request, to stderr redirected to a
    /// file (as `mock 2> mock.log` or a service manager would; no reader process competes
    /// for the cores).
    AsShipped,
}

impl Server {
    fn start(name: &str, binary: &Path, args: &[&str], port: u16, log: ServerLog) -> Result<Self, String> {
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let mut command = Command::new("taskset");
        command.args(["-c", "0"]).arg(binary);
        if name == "floor" {
            command.arg(addr.to_string()).args(args);
        } else {
            command.args(["--addr", &addr.to_string()]).args(args);
        }
        command.stdout(Stdio::null());
        let log_file = match log {
            ServerLog::Quiet => {
                command.env("RUST_LOG", "warn").stderr(Stdio::null());
                None
            }
            ServerLog::AsShipped => {
                let path = root().join(format!("target/bench/{name}-{port}.log"));
                let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                command.env_remove("RUST_LOG").env("NO_COLOR", "1").stderr(file);
                Some(path)
            }
        };
        let child = command.spawn().map_err(|e| format!("{name}: {e}"))?;
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("{name} did not listen on {addr}"));
            }
            sleep(Duration::from_millis(20));
        }
        Ok(Self { child, addr, log_file })
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
    fn measure(&self, script: &Path, url: &str, connections: usize, seconds: u64) -> Result<Run, String> {
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
struct WrkResult {
    requests: u64,
    requests_per_second: f64,
    p50_us: f64,
    p99_us: f64,
    failures: u64,
}

struct Run {
    wrk: WrkResult,
    cpu_us_per_request: f64,
    rss_kib: u64,
}

struct Summary {
    rps: f64,
    p50_us: f64,
    p99_us: f64,
    failures: u64,
    cpu_us: f64,
    rss_kib: u64,
}

fn met(yes: bool) -> &'static str {
    if yes { "met" } else { "missed" }
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn summarize(runs: &[Run]) -> Summary {
    Summary {
        rps: median(runs.iter().map(|r| r.wrk.requests_per_second).collect()),
        p50_us: median(runs.iter().map(|r| r.wrk.p50_us).collect()),
        p99_us: median(runs.iter().map(|r| r.wrk.p99_us).collect()),
        failures: runs.iter().map(|r| r.wrk.failures).sum(),
        cpu_us: median(runs.iter().map(|r| r.cpu_us_per_request).collect()),
        rss_kib: runs.iter().map(|r| r.rss_kib).max().unwrap_or(0),
    }
}

fn wrk(script: &Path, url: &str, connections: usize, seconds: u64) -> Result<WrkResult, String> {
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

fn calls_per_second(command: &mut Command) -> Result<f64, String> {
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

fn http_exchange(addr: SocketAddr, request: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
    stream.write_all(request).map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no HTTP header end")?;
    let head = String::from_utf8_lossy(&answer[..split]);
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("no status")?;
    Ok((status, answer[split + 4..].to_vec()))
}

fn http_post(addr: SocketAddr, path: &str, body: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    http_exchange(addr, &request)
}

pub(crate) fn http_get(addr: SocketAddr, path: &str) -> Result<(u16, Vec<u8>), String> {
    http_exchange(addr, format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
}
