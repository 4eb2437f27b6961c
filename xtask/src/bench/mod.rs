//! `cargo xtask bench`: the mock beside a bare hyper floor under wrk, the world beside
//! fixture replay, the polling workload, the Rust client beside python-ovh, the micro
//! benchmarks, and the npm package (`npm.rs`), one function per section. Everything on 127.0.0.1 (servers on OS-chosen
//! ports), bounded in time; results as Markdown on stdout and in `target/bench/results.md`.
//!
//! The machine has 2 cores: the server is pinned to core 0 and the load generator to core 1
//! (`taskset`), and A/B runs alternate so that drift hits both.

mod npm;
mod server;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use crate::cmd::{cargo, root, run};
use crate::http;
use server::{Run, Server, ServerLog, calls_per_second, ensure_wrk, median, met, summarize, wrk};

/// What every section needs: the options, the binaries, the answer file the floor serves.
struct Bench {
    seconds: u64,
    rounds: usize,
    release: PathBuf,
    mock_bin: PathBuf,
    floor_bin: PathBuf,
    python: PathBuf,
    /// An earlier build of the mock, for the `baseline` section.
    baseline: Option<PathBuf>,
    /// The mock's own answer to the guide's test/line request, which the floor serves.
    answer_file: String,
    answer_len: usize,
}

/// The report being written: the sections, and the targets table that heads them.
#[derive(Default)]
struct Out {
    report: String,
    targets: String,
}

/// A wrk script of `xtask/bench/`.
fn script(name: &str) -> PathBuf {
    root().join("xtask/bench").join(name)
}

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let Options { seconds, rounds, baseline, only } = options(args)?;
    ensure_wrk()?;
    let needs = |sections: &[&str]| only.iter().any(|name| sections.contains(&name.as_str()));
    let mut build = cargo();
    build.args(["build", "--release", "-p", "ovh-connectivity-mock", "--bin", "ovh-connectivity-mock"]);
    if needs(&["load", "baseline"]) {
        build.args(["--example", "floor"]);
    }
    run("release build", &mut build)?;
    if needs(&["clients"]) {
        run(
            "release build",
            cargo().args(["build", "--release", "-p", "ovh-connectivity-hyper", "--example", "calls_per_second"]),
        )?;
    }
    // The client section's Python (a virtualenv made on first use): only when it runs.
    let python = if needs(&["clients"]) { crate::test::interop_python()? } else { PathBuf::from("python3") };
    let out_dir = root().join("target/bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let release = root().join("target/release");
    let mock_bin = release.join("ovh-connectivity-mock");

    // The bytes the floor serves: the mock's own answer to the guide's test/line request.
    let answer = {
        let server = Server::start("mock", &mock_bin, &["--pending", "0"], ServerLog::Quiet)?;
        let line = br#"{"lineNumber":"0123456789","status":"active"}"#;
        let answer = http::post_json(server.addr, "/1.0/connectivity/eligibility/test/line", line)?;
        if answer.status != 200 {
            return Err(format!("mock answered {} to test/line", answer.status));
        }
        answer.body
    };
    let answer_file = out_dir.join("test-line-answer.json");
    std::fs::write(&answer_file, &answer).map_err(|e| e.to_string())?;
    let bench = Bench {
        seconds,
        rounds,
        floor_bin: release.join("examples/floor"),
        release,
        mock_bin,
        python,
        answer_file: answer_file.to_string_lossy().into_owned(),
        answer_len: answer.len(),
        baseline,
    };

    let mut out = Out::default();
    for section in &only {
        match section.as_str() {
            "load" => bench.load(&mut out)?,
            "baseline" => bench.baseline(&mut out)?,
            "world" => bench.world(&mut out)?,
            "polling" => bench.polling(&mut out)?,
            "clients" => bench.clients(&mut out)?,
            "micro" => bench.micro(&mut out)?,
            "npm" => bench.npm(&mut out)?,
            other => return Err(format!("no bench section `{other}`")),
        }
    }
    let Out { report, targets } = out;
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

/// The sections, in the order they run.
const SECTIONS: [&str; 7] = ["load", "baseline", "world", "polling", "clients", "micro", "npm"];

/// What `cargo xtask bench` was asked.
struct Options {
    seconds: u64,
    rounds: usize,
    /// An earlier build of the mock binary, for the `baseline` section.
    baseline: Option<PathBuf>,
    /// The sections to run (all but `baseline` without `--baseline-mock`).
    only: Vec<String>,
}

const OPTIONS: &str = "--seconds N, --rounds N, --baseline-mock PATH, --only SECTION[,SECTION]";

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options { seconds: 5, rounds: 3, baseline: None, only: Vec::new() };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut text = || iter.next().cloned().ok_or(format!("{arg} takes a value ({OPTIONS})"));
        let number = |text: String| text.parse::<u64>().map_err(|_| format!("{arg} takes a number, not `{text}`"));
        match arg.as_str() {
            "--seconds" => options.seconds = number(text()?)?,
            "--rounds" => options.rounds = number(text()?)? as usize,
            "--baseline-mock" => options.baseline = Some(PathBuf::from(text()?)),
            "--only" => options.only = text()?.split(',').map(str::to_owned).collect(),
            other => return Err(format!("unknown bench option {other} ({OPTIONS})")),
        }
    }
    if options.rounds == 0 || options.seconds == 0 {
        return Err("--rounds and --seconds must be at least 1".to_owned());
    }
    if let Some(unknown) = options.only.iter().find(|name| !SECTIONS.contains(&name.as_str())) {
        return Err(format!("no bench section `{unknown}`: {}", SECTIONS.join(", ")));
    }
    if options.only.is_empty() {
        options.only = SECTIONS.iter().map(|name| (*name).to_owned()).collect();
    }
    match &options.baseline {
        None if options.only.iter().any(|name| name == "baseline") && args.iter().any(|a| a == "--only") => {
            return Err("the baseline section needs --baseline-mock PATH".to_owned());
        }
        None => options.only.retain(|name| name != "baseline"),
        Some(path) if !path.is_file() => return Err(format!("--baseline-mock {}: no such file", path.display())),
        Some(_) => {}
    }
    Ok(options)
}

impl Bench {
    /// This mock beside an earlier build of it (`--baseline-mock`) and the floor, alternating,
    /// as shipped (info log to a file), at 16 and 64 connections: what a change cost.
    fn baseline(&self, out: &mut Out) -> Result<(), String> {
        let Some(before) = &self.baseline else { return Ok(()) };
        let _ = writeln!(out.report, "## This mock beside an earlier build of it\n");
        let _ = writeln!(
            out.report,
            "`test/line` as in the load section; `before` is `{}`, run with the same flags. {} rounds of {} s alternating now, before and the floor, each on a freshly started server; medians.\n",
            before.display(),
            self.rounds,
            self.seconds
        );
        let _ = writeln!(
            out.report,
            "| conns | now req/s | before req/s | now / before | now CPU µs/req | before CPU µs/req | now / before CPU | now / floor req/s | now / floor CPU | before / floor req/s | before / floor CPU |\n|---|---|---|---|---|---|---|---|---|---|---|"
        );
        let lua = script("post_test_line.lua");
        let mut rows: BTreeMap<(usize, &str), Vec<Run>> = BTreeMap::new();
        for _ in 0..self.rounds {
            for connections in [16usize, 64] {
                for name in ["now", "before", "floor"] {
                    let pending = ["--pending", "0"];
                    let floor_args = [self.answer_file.as_str()];
                    let (kind, binary, args, log): (&str, &PathBuf, &[&str], ServerLog) = match name {
                        "now" => ("mock", &self.mock_bin, &pending, ServerLog::AsShipped),
                        "before" => ("mock", before, &pending, ServerLog::AsShipped),
                        _ => ("floor", &self.floor_bin, &floor_args, ServerLog::Quiet),
                    };
                    let server = Server::start(kind, binary, args, log)?;
                    let url = format!("http://{}/1.0/connectivity/eligibility/test/line", server.addr);
                    wrk(&lua, &url, connections, 1)?;
                    let run = server.measure(&lua, &url, connections, self.seconds)?;
                    eprintln!("bench: baseline {name} c={connections}: {:.0} req/s", run.wrk.requests_per_second);
                    rows.entry((connections, name)).or_default().push(run);
                }
            }
        }
        for connections in [16usize, 64] {
            let summary = |name: &str| summarize(&rows[&(connections, name)]);
            let (now, before, floor) = (summary("now"), summary("before"), summary("floor"));
            let _ = writeln!(
                out.report,
                "| {connections} | {:.0} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
                now.rps,
                before.rps,
                now.rps / before.rps,
                now.cpu_us,
                before.cpu_us,
                now.cpu_us / before.cpu_us,
                now.rps / floor.rps,
                now.cpu_us / floor.cpu_us,
                before.rps / floor.rps,
                before.cpu_us / floor.cpu_us
            );
        }
        let _ = writeln!(out.report);
        Ok(())
    }

    /// The mock, as shipped and quiet, beside the bare hyper floor at 1, 16 and 64 connections.
    fn load(&self, out: &mut Out) -> Result<(), String> {
        let _ = writeln!(out.report, "## Load: the mock beside a bare hyper floor\n");
        let _ = writeln!(
            out.report,
            "`POST /1.0/connectivity/eligibility/test/line` (answer {} bytes), wrk -t1, {} s per run after 1 s of warm-up, {} rounds alternating mock and floor, each run on a freshly started server. Medians over rounds; RSS is the largest peak.\n",
            self.answer_len, self.seconds, self.rounds
        );
        let _ = writeln!(
            out.report,
            "`mock` is the binary as shipped: its default `info` log writes one line per request to stderr, here redirected to a file. `mock, RUST_LOG=warn` writes none. The floor logs nothing.\n"
        );
        let _ = writeln!(
            out.report,
            "| target | conns | req/s | p50 | p99 | failures | server CPU µs/req | peak RSS MiB |"
        );
        let _ = writeln!(out.report, "|---|---|---|---|---|---|---|---|");
        let lua = script("post_test_line.lua");
        const TARGETS: [(&str, ServerLog); 3] =
            [("mock", ServerLog::AsShipped), ("mock, RUST_LOG=warn", ServerLog::Quiet), ("floor", ServerLog::Quiet)];
        let mut rows: BTreeMap<(usize, &str), Vec<Run>> = BTreeMap::new();
        let mut lost_lines = Vec::new();
        for round in 0..self.rounds {
            for connections in [1usize, 16, 64] {
                for (name, log) in TARGETS {
                    let (binary, args) = match name {
                        "floor" => (&self.floor_bin, vec![self.answer_file.clone()]),
                        _ => (&self.mock_bin, vec!["--pending".to_owned(), "0".to_owned()]),
                    };
                    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
                    let kind = if name == "floor" { "floor" } else { "mock" };
                    let server = Server::start(kind, binary, &arg_refs, log)?;
                    let url = format!("http://{}/1.0/connectivity/eligibility/test/line", server.addr);
                    let warm_up = wrk(&lua, &url, connections, 1)?;
                    let run = server.measure(&lua, &url, connections, self.seconds)?;
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
        for connections in [1usize, 16, 64] {
            let summary = |name: &str| summarize(&rows[&(connections, name)]);
            let (shipped, quiet, floor) = (summary("mock"), summary("mock, RUST_LOG=warn"), summary("floor"));
            for (name, s) in [("mock", &shipped), ("mock, RUST_LOG=warn", &quiet), ("floor", &floor)] {
                let _ = writeln!(
                    out.report,
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
                    out.targets,
                    "| mock as shipped, {connections} connections: throughput ≥ 0.9× floor | {throughput:.2} | {} |",
                    met(throughput >= 0.9)
                );
                let _ = writeln!(
                    out.targets,
                    "| mock as shipped, {connections} connections: CPU per request ≤ 1.3× floor | {cpu:.2} | {} |",
                    met(cpu <= 1.3)
                );
            }
        }
        let peak_rss =
            rows.iter().filter(|((_, name), _)| *name == "mock").flat_map(|(_, runs)| runs).map(|r| r.rss_kib);
        let peak_rss = peak_rss.max().unwrap_or(0) as f64 / 1024.0;
        let _ = writeln!(
            out.targets,
            "| mock as shipped: peak RSS < 16 MiB | {peak_rss:.1} MiB | {} |",
            met(peak_rss < 16.0)
        );
        let _ = writeln!(
            out.report,
            "\nRatios to the floor (throughput: higher is better; CPU and p99: lower is better):\n"
        );
        let _ = writeln!(
            out.report,
            "| target | conns | throughput | CPU per request | p99 |\n|---|---|---|---|---|\n{ratios}"
        );
        if lost_lines.is_empty() {
            let _ = writeln!(out.report, "Every answer of the shipped mock had its log line on stderr.\n");
        } else {
            let _ = writeln!(out.report, "**Log lines missing:** {}\n", lost_lines.join("; "));
        }
        Ok(())
    }

    /// The world's answers, computed per request, beside fixture replay.
    fn world(&self, out: &mut Out) -> Result<(), String> {
        let _ = writeln!(out.report, "## The world beside fixture replay\n");
        let _ = writeln!(
            out.report,
            "`test/line` at 16 connections, `--pending 0`, `RUST_LOG=warn`, {} s per run, alternating on one freshly started mock per round: the guide's line (a fixture replayed) beside 64 lines no fixture covers (`xtask/bench/post_world_line.lua`: the world computes the address, the line's sections and rates, the offers and an HMAC-signed reference for each). Target: a world answer costs at most 2× the CPU of a fixture replay.\n",
            self.seconds
        );
        let _ = writeln!(
            out.report,
            "| round | fixture req/s | fixture CPU µs/req | world req/s | world CPU µs/req | CPU world / fixture |\n|---|---|---|---|---|---|"
        );
        let world_lua = script("post_world_line.lua");
        let lua = script("post_test_line.lua");
        let mut world_ratios = Vec::new();
        for round in 0..self.rounds {
            let server = Server::start("mock", &self.mock_bin, &["--pending", "0"], ServerLog::Quiet)?;
            let url = format!("http://{}/1.0/connectivity/eligibility/test/line", server.addr);
            wrk(&world_lua, &url, 16, 1)?;
            let fixture = server.measure(&lua, &url, 16, self.seconds)?;
            let world = server.measure(&world_lua, &url, 16, self.seconds)?;
            let ratio = world.cpu_us_per_request / fixture.cpu_us_per_request;
            world_ratios.push(ratio);
            let _ = writeln!(
                out.report,
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
            out.targets,
            "| world answer: CPU ≤ 2× a fixture replay | {world_ratio:.2} | {} |",
            met(world_ratio <= 2.0)
        );
        let _ = writeln!(out.report);
        Ok(())
    }

    /// Distinct requests, each sent twice (pending, then ok).
    fn polling(&self, out: &mut Out) -> Result<(), String> {
        let _ = writeln!(out.report, "## Polling workload\n");
        let _ = writeln!(
            out.report,
            "Distinct `search/cities` requests, each sent twice (the first answers `pending`, the second `ok`), 64 connections, {} s. Task states are capped at 10 000 (the default).\n",
            self.seconds
        );
        let _ = writeln!(
            out.report,
            "| round | req/s | p99 | failures | server CPU µs/req | peak RSS MiB | task states kept |\n|---|---|---|---|---|---|---|"
        );
        let polling_lua = script("polling.lua");
        for round in 0..self.rounds.min(2) {
            let server = Server::start("mock", &self.mock_bin, &[], ServerLog::AsShipped)?;
            let url = format!("http://{}/1.0/connectivity/eligibility/search/cities", server.addr);
            let run = server.measure(&polling_lua, &url, 64, self.seconds)?;
            let health = http::get(server.addr, "/__admin/health")?;
            let tasks = String::from_utf8_lossy(&health.body)
                .split("\"tasks\":")
                .nth(1)
                .and_then(|rest| rest.split([',', '}']).next().map(str::to_owned))
                .unwrap_or_default();
            let _ = writeln!(
                out.report,
                "| {} | {:.0} | {:.0} µs | {} | {:.2} | {:.1} | {tasks} |",
                round + 1,
                run.wrk.requests_per_second,
                run.wrk.p99_us,
                run.wrk.failures,
                run.cpu_us_per_request,
                run.rss_kib as f64 / 1024.0
            );
        }
        Ok(())
    }

    /// Completed calls per second of the Rust client and python-ovh against the same mock.
    fn clients(&self, out: &mut Out) -> Result<(), String> {
        let _ = writeln!(out.report, "\n## Clients against the same mock\n");
        let _ = writeln!(
            out.report,
            "`search_cities(91400)` calls for {} s each, the mock run with `--pending 0` (one request per call), the client pinned to core 1, alternating. Rust: `ovh-connectivity-hyper` (examples/calls_per_second.rs, release), one call at a time, then 16 tasks sharing one client. Python: python-ovh 1.2.0 (xtask/bench/python_calls.py), one call at a time (it is a blocking client). The wrk column is the loopback floor for one call at a time: a C load generator on one connection.\n",
            self.seconds
        );
        let _ = writeln!(
            out.report,
            "| round | Rust, sequential | Rust, 16 in flight | Python | wrk, 1 connection | Rust seq / wrk | Rust seq / Python | Rust 16 / Python |\n|---|---|---|---|---|---|---|---|"
        );
        let rust_bin = self.release.join("examples/calls_per_second");
        let python_script = root().join("xtask/bench/python_calls.py");
        let cities_lua = script("cities.lua");
        let mut sequential_ratios = Vec::new();
        for round in 0..self.rounds.min(2) {
            let server = Server::start("mock", &self.mock_bin, &["--pending", "0"], ServerLog::Quiet)?;
            let base = format!("http://{}/1.0", server.addr);
            let seconds = self.seconds.to_string();
            let on_core_1 = || {
                let mut command = Command::new("taskset");
                command.args(["-c", "1"]);
                command
            };
            let rust = calls_per_second(on_core_1().arg(&rust_bin).args([&base, &seconds]))?;
            let python = calls_per_second(on_core_1().arg(&self.python).arg(&python_script).args([&base, &seconds]))?;
            let rust16 = calls_per_second(on_core_1().arg(&rust_bin).args([base.as_str(), seconds.as_str(), "16"]))?;
            let floor = wrk(&cities_lua, &format!("{base}/connectivity/eligibility/search/cities"), 1, self.seconds)?;
            let _ = writeln!(
                out.report,
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
            out.targets,
            "| Rust client, one call at a time: ≥ 0.9× wrk on one connection | {sequential:.2} | {} |",
            met(sequential >= 0.9)
        );
        Ok(())
    }

    /// The client's and the types' micro benchmarks.
    fn micro(&self, out: &mut Out) -> Result<(), String> {
        let _ = writeln!(out.report, "\n## Client and types (micro benchmarks)\n");
        let output = cargo()
            .args(["bench", "-q", "-p", "ovh-connectivity-client", "--bench", "micro"])
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!("micro benchmarks failed: {}", String::from_utf8_lossy(&output.stderr)));
        }
        let _ = writeln!(out.report, "| what | case | baseline | ratio |\n|---|---|---|---|");
        for line in String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| l.strip_prefix("bench ")) {
            let (what, rest) = line.split_once(": ").unwrap_or((line, ""));
            let parts: Vec<&str> = rest.split(" | ").collect();
            if let [case, baseline, ratio] = parts.as_slice() {
                let _ =
                    writeln!(out.report, "| {what} | {case} | {baseline} | {} |", ratio.trim_start_matches("ratio "));
            }
        }
        Ok(())
    }
}
