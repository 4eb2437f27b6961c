//! `cargo xtask bench --only npm`: the npm package `ovh-connectivity-mock`, measured as its
//! users run it. The `npx` server beside the native mock and Prism 5.16 (pinned in
//! `xtask/bench/prism`) under wrk; `mock.handlers` in MSW beside a static MSW handler; the
//! tarball's size and a cold start. The package and msw come from the scratch project that
//! `cargo xtask test` installs (`target/npm-project`), rebuilt from the tarball here.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::server::{Run, Server, ServerLog, median, met, summarize, wrk};
use super::{Bench, Out, script};
use crate::cmd::{root, spawn_listening};
use crate::http;

/// The guide's request, which every target answers.
const TEST_LINE: &str = "/connectivity/eligibility/test/line";
const LINE: &[u8] = br#"{"lineNumber":"0123456789","status":"active"}"#;
const TARGETS: [&str; 3] = ["native mock", "npx server", "Prism 5.16"];
const CONNECTIONS: usize = 16;

impl Bench {
    /// The npm package: its server beside the native mock and Prism, MSW, size, cold start.
    pub(super) fn npm(&self, out: &mut Out) -> Result<(), String> {
        let project = crate::test::npm_project()?;
        let tarball = tarball()?;
        let prism = crate::test::npm_ci("xtask/bench/prism", "target/bench-prism", "Prism 5.16 (for the bench)")?;
        let server_js = project.join("node_modules/ovh-connectivity-mock/dist/server.js");
        let node = output(Command::new("node").arg("--version"))?;
        let _ = writeln!(out.report, "## The npm package: the npx server beside the native mock and Prism\n");
        let _ = writeln!(
            out.report,
            "Node {}. `POST …{TEST_LINE}` (`{}`), wrk -t1 at {CONNECTIONS} connections, {} s per run after 1 s of warm-up, {} rounds alternating the three targets, each run on a freshly started server pinned to core 0 (wrk on core 1), each as shipped with its log to a file: the native mock (release, `--pending 0`), `npx ovh-connectivity-mock --pending 0` (the installed package's `dist/server.js`) and Prism (`prism mock` of the OpenAPI document the package serves at `/__admin/openapi.json`; Prism answers the path without `/1.0`, with an example it builds from the schema, {{prism_bytes}} bytes against the mock's {} bytes). Medians over rounds; RSS is the largest peak. The machine is shared with other builds: read the ratios, measured in the same run, not the absolute numbers.\n",
            node.trim(),
            String::from_utf8_lossy(LINE),
            self.seconds,
            self.rounds,
            self.answer_len,
        );
        let openapi = root().join("target/bench/openapi.json");
        let prism_bytes = {
            let npx = npx_server(&server_js, "openapi")?;
            let document = http::get(npx.addr, "/__admin/openapi.json")?;
            std::fs::write(&openapi, &document.body).map_err(|e| format!("{}: {e}", openapi.display()))?;
            let server = prism_server(&prism, &openapi)?;
            let answer = http::post_json(server.addr, TEST_LINE, LINE)?;
            if answer.status != 200 {
                return Err(format!("Prism answered {} to test/line", answer.status));
            }
            answer.body.len()
        };
        out.report = out.report.replace("{prism_bytes}", &prism_bytes.to_string());

        let lua = script("post_test_line.lua");
        let mut rows: BTreeMap<&str, Vec<Run>> = BTreeMap::new();
        for round in 0..self.rounds {
            for name in TARGETS {
                let (server, path) = match name {
                    "native mock" => {
                        (Server::start("mock", &self.mock_bin, &["--pending", "0"], ServerLog::AsShipped)?, "/1.0")
                    }
                    "npx server" => (npx_server(&server_js, "npx")?, "/1.0"),
                    _ => (prism_server(&prism, &openapi)?, ""),
                };
                let url = format!("http://{}{path}{TEST_LINE}", server.addr);
                wrk(&lua, &url, CONNECTIONS, 1)?;
                let run = server.measure(&lua, &url, CONNECTIONS, self.seconds)?;
                eprintln!("bench: npm round {round} {name}: {:.0} req/s", run.wrk.requests_per_second);
                rows.entry(name).or_default().push(run);
            }
        }
        let _ = writeln!(
            out.report,
            "| target | req/s | p50 | p99 | failures | server CPU µs/req | peak RSS MiB | throughput / Prism | CPU / Prism |\n|---|---|---|---|---|---|---|---|---|"
        );
        let prism_summary = summarize(&rows["Prism 5.16"]);
        for name in TARGETS {
            let s = summarize(&rows[name]);
            let _ = writeln!(
                out.report,
                "| {name} | {:.0} | {:.0} µs | {:.0} µs | {} | {:.1} | {:.1} | {:.1} | {:.2} |",
                s.rps,
                s.p50_us,
                s.p99_us,
                s.failures,
                s.cpu_us,
                s.rss_kib as f64 / 1024.0,
                s.rps / prism_summary.rps,
                s.cpu_us / prism_summary.cpu_us
            );
        }
        let npx = summarize(&rows["npx server"]);
        let native = summarize(&rows["native mock"]);
        let _ = writeln!(
            out.report,
            "\nThe npx server beside the native mock: {:.2}× its throughput, {:.1}× its CPU per request, {:.1}× its peak RSS.\n",
            npx.rps / native.rps,
            npx.cpu_us / native.cpu_us,
            npx.rss_kib as f64 / native.rss_kib.max(1) as f64
        );
        let ratio = npx.rps / prism_summary.rps;
        let _ = writeln!(
            out.targets,
            "| npx server, {CONNECTIONS} connections: throughput ≥ 10× Prism 5.16 | {ratio:.1}× | {} |",
            met(ratio >= 10.0)
        );
        self.msw(out, &project)?;
        size_and_cold_start(out, &project, &tarball)
    }

    /// `mock.handlers` in MSW's setupServer beside a static MSW handler (`xtask/bench/msw_node.mjs`).
    fn msw(&self, out: &mut Out, project: &Path) -> Result<(), String> {
        let copy = project.join(format!("bench-msw-{}.mjs", std::process::id()));
        std::fs::copy(script("msw_node.mjs"), &copy).map_err(|e| format!("{}: {e}", copy.display()))?;
        let requests = 2000;
        let result = output(
            Command::new("taskset")
                .args(["-c", "0", "node"])
                .arg(&copy)
                .args([requests.to_string(), (self.rounds.max(3) * 2 - 1).to_string()])
                .current_dir(project),
        );
        let _ = std::fs::remove_file(&copy);
        let text = result?;
        let field = |name: &str| {
            text.split_whitespace().find_map(|word| word.strip_prefix(name)).and_then(|v| v.parse::<f64>().ok())
        };
        let (Some(mock), Some(floor), Some(bytes), Some(runs)) =
            (field("mockMs="), field("floorMs="), field("answerBytes="), field("rounds="))
        else {
            return Err(format!("cannot read msw_node.mjs's output: {text}"));
        };
        let _ = writeln!(out.report, "### MSW in Node: `mock.handlers` beside a static handler\n");
        let _ = writeln!(
            out.report,
            "`xtask/bench/msw_node.mjs` in the scratch project (msw 2.15, pinned there), pinned to core 0: `setupServer(...mock.handlers)` and sequential `fetch` of the guide's `test/line` (`createMock({{pending: 0}})`), beside `setupServer` with one `http.post` handler returning the same {} answer bytes statically, the floor of MSW itself. {requests} requests per run after 200 of warm-up, {} runs alternating; medians.\n",
            bytes, runs
        );
        let _ = writeln!(
            out.report,
            "| handlers | ms per request | ratio to the floor |\n|---|---|---|\n| mock.handlers | {mock:.3} | {:.2} |\n| static MSW handler (floor) | {floor:.3} | 1.00 |\n",
            mock / floor
        );
        let _ = writeln!(
            out.targets,
            "| MSW in Node: mock.handlers ≤ 1.5× a static handler | {:.2}× | {} |",
            mock / floor,
            met(mock / floor <= 1.5)
        );
        Ok(())
    }
}

/// The tarball's size, and `createMock()` in a fresh Node process (median of 9).
fn size_and_cold_start(out: &mut Out, project: &Path, tarball: &Path) -> Result<(), String> {
    let size = std::fs::metadata(tarball).map_err(|e| format!("{}: {e}", tarball.display()))?.len();
    let program = "const t = performance.now(); const { createMock } = await import('ovh-connectivity-mock'); \
                   const mock = await createMock(); const ms = performance.now() - t; \
                   if (!mock.handlers.length) throw new Error('no handlers'); console.log(ms)";
    let (mut in_process, mut whole) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        let started = Instant::now();
        let text = output(Command::new("node").args(["--input-type=module", "-e", program]).current_dir(project))?;
        whole.push(started.elapsed().as_secs_f64() * 1000.0);
        in_process.push(text.trim().parse::<f64>().map_err(|e| format!("cold start printed `{text}`: {e}"))?);
    }
    // msw's own import, which `createMock()` includes when msw is installed (for `handlers`).
    let msw_only = "const t = performance.now(); await import('msw'); console.log(performance.now() - t)";
    let mut msw = Vec::new();
    for _ in 0..9 {
        let text = output(Command::new("node").args(["--input-type=module", "-e", msw_only]).current_dir(project))?;
        msw.push(text.trim().parse::<f64>().map_err(|e| format!("msw import printed `{text}`: {e}"))?);
    }
    let msw = median(msw);
    let (cold, process) = (median(in_process), median(whole));
    let _ = writeln!(out.report, "### Tarball and cold start\n");
    let _ = writeln!(
        out.report,
        "| what | measured |\n|---|---|\n| `{}` | {:.2} MiB ({size} bytes) |\n| cold start: `import` + `await createMock()` (instantiate, fixtures, world index) in a fresh Node process, median of 9 | {cold:.0} ms |\n| the whole process (`node -e`, start to exit), median of 9 | {process:.0} ms |\n| of the cold start: `import('msw')` alone in a fresh process, median of 9 | {msw:.0} ms |\n",
        tarball.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        size as f64 / 1024.0 / 1024.0
    );
    let mib = size as f64 / 1024.0 / 1024.0;
    let _ = writeln!(out.targets, "| npm tarball ≤ 2 MiB | {mib:.2} MiB | {} |", met(mib <= 2.0));
    let _ = writeln!(out.targets, "| npm cold start (createMock) ≤ 200 ms | {cold:.0} ms | {} |", met(cold <= 200.0));
    Ok(())
}

/// The installed package's npx server, pinned to core 0, its log (stderr) to a file.
fn npx_server(server_js: &Path, name: &str) -> Result<Server, String> {
    let log = root().join(format!("target/bench/npx-{name}-{}.log", std::process::id()));
    let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut command = Command::new("taskset");
    command.args(["-c", "0", "node"]).arg(server_js).args(["--addr", "127.0.0.1:0", "--pending", "0"]).stderr(file);
    let (child, addr) = spawn_listening(&mut command).map_err(|e| format!("npx server: {e}"))?;
    Ok(Server::adopt(child, addr, Some(log)))
}

/// Prism serving `openapi` on a free port of 127.0.0.1, pinned to core 0, its log to a file.
fn prism_server(prism: &Path, openapi: &Path) -> Result<Server, String> {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let log = root().join(format!("target/bench/prism-{}.log", std::process::id()));
    let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let child = Command::new("taskset")
        .args(["-c", "0"])
        .arg(prism.join("node_modules/.bin/prism"))
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(openapi)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(file.try_clone().map_err(|e| e.to_string())?)
        .stderr(file)
        .spawn()
        .map_err(|e| format!("prism: {e}"))?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let server = Server::adopt(child, addr, Some(log));
    let started = Instant::now();
    while TcpStream::connect(addr).is_err() {
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("Prism did not listen on {addr} within 30 s"));
        }
        sleep(Duration::from_millis(100));
    }
    Ok(server)
}

/// The tarball `cargo xtask npm` packed (and `npm_project` installed): the one in `target/npm`.
fn tarball() -> Result<std::path::PathBuf, String> {
    let folder = root().join("target/npm");
    let entries = std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut found: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "tgz"))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!("{n} tarballs in {}, expected one", folder.display())),
    }
}

/// What `command` prints on stdout when it succeeds.
fn output(command: &mut Command) -> Result<String, String> {
    let done = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if !done.status.success() {
        return Err(format!("{command:?} failed: {}", String::from_utf8_lossy(&done.stderr)));
    }
    Ok(String::from_utf8_lossy(&done.stdout).into_owned())
}
