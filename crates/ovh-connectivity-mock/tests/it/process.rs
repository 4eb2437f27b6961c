//! The binary, as a user runs it: starts, serves, reloads a watched folder, stops on SIGTERM.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::support::*;

struct Running {
    child: Child,
    addr: std::net::SocketAddr,
    lines: tokio::sync::mpsc::UnboundedReceiver<String>,
    /// Lines read up to the start-up line, which is the last (stdout and stderr interleave in
    /// any order).
    early: Vec<String>,
}

impl Running {
    /// The first line with `needle`, among those read at start-up, then the next ones.
    async fn line_with(&mut self, needle: &str) -> String {
        match self.early.iter().position(|line| line.contains(needle)) {
            Some(index) => self.early.remove(index),
            None => wait_for_line(&mut self.lines, needle).await,
        }
    }
}

/// Starts the binary on an OS-chosen port of loopback and reads its address from the log.
async fn run(args: &[&str]) -> Running {
    run_at("127.0.0.1:0", args).await
}

/// Starts the binary on `addr` and reads its address from the log (loopback for `0.0.0.0`).
async fn run_at(addr: &str, args: &[&str]) -> Running {
    run_logging("info", addr, args).await
}

/// Starts the binary on `addr` with `RUST_LOG=log` and reads its address from the log.
async fn run_logging(log: &str, addr: &str, args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ovh-connectivity-mock"))
        .args(["--addr", addr])
        .args(args)
        .env("RUST_LOG", log)
        .env("NO_COLOR", "1")
        // The tests' upstreams are local: a proxy of the machine's is not for them.
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let (sender, mut lines) = tokio::sync::mpsc::unbounded_channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    for stream in [Box::new(stdout) as Box<dyn tokio::io::AsyncRead + Unpin + Send>, Box::new(stderr)] {
        let sender = sender.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stream).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                let _ = sender.send(line);
            }
        });
    }
    let mut early = Vec::new();
    let addr = loop {
        let line =
            tokio::time::timeout(Duration::from_secs(20), lines.recv()).await.expect("a log line").expect("output");
        if let Some(rest) = line.split("at http://").nth(1) {
            let addr: std::net::SocketAddr = rest.split('/').next().unwrap().parse().expect("an address");
            early.push(line);
            break std::net::SocketAddr::from(([127, 0, 0, 1], addr.port()));
        }
        early.push(line);
    };
    Running { child, addr, lines, early }
}

async fn wait_for_line(lines: &mut tokio::sync::mpsc::UnboundedReceiver<String>, needle: &str) -> String {
    loop {
        let line = tokio::time::timeout(Duration::from_secs(10), lines.recv())
            .await
            .unwrap_or_else(|_| panic!("no log line with `{needle}`"))
            .expect("output");
        if line.contains(needle) {
            return line;
        }
    }
}

#[tokio::test]
async fn the_binary_serves_logs_and_stops_on_sigterm() {
    let mut running = run(&[]).await;
    let answer = post(running.addr, &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await;
    assert_eq!(answer.task_status(), "pending");
    let line = wait_for_line(&mut running.lines, "/connectivity/eligibility/search/cities").await;
    assert!(line.contains("pending 1/1") && line.contains("search/cities/91400"), "{line}");

    let pid = running.child.id().expect("running");
    let killed = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(10), running.child.wait()).await.expect("stops").unwrap();
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn bad_arguments_are_refused_with_a_message() {
    let output =
        Command::new(env!("CARGO_BIN_EXE_ovh-connectivity-mock")).args(["--auth", "verify"]).output().await.unwrap();
    assert!(!output.status.success());
    let text = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("--credentials"), "{text}");
}

#[tokio::test]
async fn a_watched_folder_is_served_over_the_built_in_set_and_reloaded() {
    let dir = std::env::temp_dir().join(format!("ovh-mock-watch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = |zip_result: &str| {
        format!(
            r#"{{"description":"mine","request":{{"method":"POST","path":"/connectivity/eligibility/search/cities","body":{{"zipCode":"91400"}}}},
               "phases":[{{"body":{{"status":"ok","result":[{zip_result}],"error":null}}}}]}}"#
        )
    };
    std::fs::write(
        dir.join("cities.json"),
        fixture(r#"{"city":"MINE","inseeCode":"1","locality":null,"zipCode":"91400"}"#),
    )
    .unwrap();
    let mut running = run(&["--fixtures", dir.to_str().unwrap(), "--watch"]).await;
    let cities = format!("{API}/search/cities");
    let mine = post(running.addr, &cities, r#"{"zipCode":"91400"}"#).await;
    assert_eq!(mine.json()["result"][0]["city"], "MINE");
    // The built-in set is still there.
    assert_eq!(post(running.addr, &format!("{API}/search/streets"), r#"{"inseeCode":"91471"}"#).await.status, 200);

    std::fs::write(
        dir.join("cities.json"),
        fixture(r#"{"city":"CHANGED","inseeCode":"1","locality":null,"zipCode":"91400"}"#),
    )
    .unwrap();
    let line = wait_for_line(&mut running.lines, "fixtures reloaded").await;
    assert!(line.contains("task state(s) dropped"), "{line}");
    let changed = post(running.addr, &cities, r#"{"zipCode":"91400"}"#).await;
    assert_eq!(changed.json()["result"][0]["city"], "CHANGED");

    std::fs::write(dir.join("cities.json"), "{ broken").unwrap();
    let line = wait_for_line(&mut running.lines, "not reloaded").await;
    assert!(line.contains("cities.json"), "{line}");
    let still = post(running.addr, &cities, r#"{"zipCode":"91400"}"#).await;
    assert_eq!(still.json()["result"][0]["city"], "CHANGED");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn every_request_line_is_written_before_a_clean_exit() {
    // The log is written by a background thread: a SIGTERM right after a burst of requests
    // must still find every line on stderr once the process has exited.
    let mut running = run(&[]).await;
    const REQUESTS: usize = 300;
    for _ in 0..REQUESTS {
        let answer = post(running.addr, &format!("{API}/search/cities"), r#"{"zipCode":"75011"}"#).await;
        assert_eq!(answer.status, 200);
    }
    let pid = running.child.id().expect("running");
    assert!(std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(10), running.child.wait()).await.expect("stops").unwrap();
    assert!(status.success(), "{status}");
    let mut request_lines = 0;
    let mut shutdown_line = false;
    while let Some(line) = tokio::time::timeout(Duration::from_secs(10), running.lines.recv()).await.expect("output") {
        request_lines += usize::from(line.contains("path=/1.0/connectivity/eligibility/search/cities"));
        shutdown_line |= line.contains("shutting down");
    }
    assert_eq!(request_lines, REQUESTS);
    assert!(shutdown_line, "the last line, written after the server stopped, is there too");
}

#[tokio::test]
async fn world_off_and_strict_are_switches_of_the_binary() {
    let cities = format!("{API}/search/cities");
    for (args, expected_status) in
        [(&["--world", "off", "--pending", "0"][..], 200), (&["--strict", "--pending", "0"][..], 404)]
    {
        let running = run(args).await;
        let answer = post(running.addr, &cities, r#"{"zipCode":"75011"}"#).await;
        assert_eq!(answer.status, expected_status, "{args:?}: {}", answer.text());
        if expected_status == 200 {
            assert_eq!(answer.json()["result"], serde_json::json!([]), "{args:?}");
        }
    }
    let running = run(&["--pending", "0", "--world-seed", "7"]).await;
    let answer = post(running.addr, &cities, r#"{"zipCode":"75011"}"#).await;
    assert_eq!(answer.json()["result"][0]["city"], "PARIS");
}

#[tokio::test]
async fn beyond_loopback_admin_changes_need_the_token_printed_at_start_up() {
    let settings = r#"{"latencyMs":null,"pending":0,"fault":null,"faultPercent":100,"strict":false,"world":true}"#;
    let mut running = run_at("0.0.0.0:0", &[]).await;
    let printed = running.line_with("admin token (X-Mock-Admin-Token): ").await;
    let token = printed.rsplit(' ').next().unwrap().to_owned();
    assert_eq!(token.len(), 32, "{printed}");
    let link = running.line_with("/__admin/#token=").await;
    assert!(link.ends_with(&token), "{link}");
    let addr = running.addr;
    send(addr, "PUT", "/__admin/settings", &[], Some(settings)).await.assert_ovh_error(401, "admin token");
    send(addr, "DELETE", "/__admin/tasks", &[], None).await.assert_ovh_error(401, "admin token");
    let with_token = [("x-mock-admin-token", token.as_str())];
    assert_eq!(send(addr, "PUT", "/__admin/settings", &with_token, Some(settings)).await.status, 200);
    // The token is printed once, on stdout, and never in the request log lines.
    let line = wait_for_line(&mut running.lines, "settings changed").await;
    assert!(line.contains("pending 0") && !line.contains(&token), "{line}");

    // On loopback, no token is needed unless one is given.
    let mut local = run(&["--admin-token", "given"]).await;
    send(local.addr, "PUT", "/__admin/settings", &[], Some(settings)).await.assert_ovh_error(401, "admin token");
    let given = [("x-mock-admin-token", "given")];
    assert_eq!(send(local.addr, "PUT", "/__admin/settings", &given, Some(settings)).await.status, 200);
    wait_for_line(&mut local.lines, "settings changed").await;
}

/// The address of a `listening on http://ADDR` line of stdout.
fn listening(line: &str) -> std::net::SocketAddr {
    line.split("listening on http://").nth(1).expect("a listening line").trim().parse().expect("an address")
}

#[tokio::test]
async fn localhost_is_both_loopbacks_and_every_address_shares_one_state() {
    let mut running = run_at("localhost:0", &[]).await;
    let v4 = listening(&running.line_with("listening on http://127.0.0.1:").await);
    let v6 = listening(&running.line_with("listening on http://[::1]:").await);
    assert_eq!(v4.port(), v6.port(), "one port for both loopbacks");
    assert_eq!(v4.port(), running.addr.port());
    let cities = format!("{API}/search/cities");
    // A task begun over IPv4 goes on over IPv6: one mock, not two.
    assert_eq!(post_as(v4, &cities, r#"{"zipCode":"91400"}"#, "s").await.task_status(), "pending");
    assert_eq!(post_as(v6, &cities, r#"{"zipCode":"91400"}"#, "s").await.task_status(), "ok");
    // The start-up line names every address.
    let started = running.early.iter().find(|line| line.contains("serving the Connectivity API")).cloned();
    let started = started.unwrap_or_else(|| "(not seen)".to_owned());
    assert!(
        started.contains(&format!("http://{v4}/1.0")) && started.contains(&format!("http://{v6}/1.0")),
        "{started}"
    );

    // --addr repeated, each with its own port.
    let mut repeated = run_at("127.0.0.1:0", &["--addr", "[::1]:0"]).await;
    let v6 = listening(&repeated.line_with("listening on http://[::1]:").await);
    assert_eq!(send(v6, "GET", "/1.0/auth/time", &[], None).await.status, 200);
    assert_eq!(send(repeated.addr, "GET", "/1.0/auth/time", &[], None).await.status, 200);
}

#[tokio::test]
async fn addresses_that_cannot_be_listened_on_are_refused_with_a_message() {
    for (addr, needle) in [
        ("localhost", "HOST:PORT"),
        ("localhost:http", "not a port number"),
        ("127.0.0.1:99999", "not a port number"),
        ("no-such-host.invalid:0", "cannot resolve"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_ovh-connectivity-mock"))
            .args(["--addr", addr])
            .env("NO_COLOR", "1")
            .output()
            .await
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{addr}");
        let text = String::from_utf8_lossy(&output.stderr);
        assert!(text.contains(needle) && text.contains(addr), "{addr}: {text}");
    }
    let help = Command::new(env!("CARGO_BIN_EXE_ovh-connectivity-mock")).arg("--help").output().await.unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("[default: localhost:8080]"));
}

#[tokio::test]
async fn the_dashboards_own_reads_are_logged_at_debug_and_the_api_at_info() {
    let settings = r#"{"latencyMs":null,"pending":0,"fault":null,"faultPercent":100,"strict":false,"world":true}"#;
    let reads =
        ["/__admin/", "/__admin/app.js", "/__admin/health", "/__admin/tasks", "/__admin/requests", "/__admin/settings"];
    for log in ["info", "debug"] {
        let mut running = run_logging(log, "127.0.0.1:0", &[]).await;
        let addr = running.addr;
        // What a dashboard tab does every second, then a change from it, then an application's call.
        for path in reads {
            assert_eq!(send(addr, "GET", path, &[], None).await.status, 200, "{path}");
        }
        assert_eq!(send(addr, "PUT", "/__admin/settings", &[], Some(settings)).await.status, 200);
        post(addr, &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await;
        // Lines are written in order: every line before the application's is read by then.
        let mut before = Vec::new();
        loop {
            let line = wait_for_line(&mut running.lines, "").await;
            if line.contains("path=/1.0/connectivity/eligibility/search/cities") {
                assert!(line.contains(" INFO "), "{line}");
                break;
            }
            before.push(line);
        }
        let change = before.iter().find(|line| line.contains("path=/__admin/settings") && line.contains("PUT"));
        assert!(change.is_some_and(|line| line.contains(" INFO ")), "the change, at info: {before:#?}");
        for path in reads {
            let read = before.iter().find(|line| line.contains("GET") && line.contains(&format!("path={path} ")));
            match log {
                "info" => assert!(read.is_none(), "{path} logged at info: {read:?}"),
                _ => assert!(read.is_some_and(|line| line.contains(" DEBUG ")), "{path} not at debug: {before:#?}"),
            }
        }
    }
}

/// The binary's flags: `--proxy URL --record DIR --record-pending 2` records what it forwards
/// and logs each file; `--fixtures DIR --only --strict` replays it; flags that cannot work
/// together or URLs that are not one are refused with a message.
#[tokio::test]
async fn the_binary_records_through_its_proxy_and_replays_the_recording() {
    let upstream = crate::proxy::world_upstream(2).await;
    let dir = crate::proxy::temp_dir("binary");
    let dir_text = dir.display().to_string();
    let base = upstream.base_url();
    let args = ["--proxy", base.as_str(), "--record", dir_text.as_str(), "--record-pending", "2"];
    let mut proxy = run(&args).await;
    let path = format!("{API}/search/cities");
    let proxied = crate::proxy::polled(proxy.addr, &path, r#"{"zipCode":"44000"}"#, "a").await;
    assert_eq!(proxied.len(), 3);
    let line = proxy.line_with("recorded:").await;
    assert!(line.contains("search/cities/44000.json"), "{line}");

    let replay = run(&["--fixtures", dir_text.as_str(), "--only", "--strict"]).await;
    let replayed = crate::proxy::polled(replay.addr, &path, r#"{"zipCode":"44000"}"#, "b").await;
    let shown = |answers: &[crate::support::Answer]| answers.iter().map(|a| (a.status, a.text())).collect::<Vec<_>>();
    assert_eq!(shown(&replayed), shown(&proxied));
    let _ = std::fs::remove_dir_all(&dir);

    for (args, needle) in [
        (&["--record", "x"][..], "--proxy"),
        (&["--proxy-all"][..], "--proxy"),
        (&["--proxy", "ftp://example.com"][..], "http:// or https://"),
        // A newcomer's first try: the upstream's root, not its API base.
        (&["--proxy", "http://127.0.0.1:9"][..], "ending in /1.0 or /v1"),
        (
            &["--proxy", base.as_str(), "--upstream-credentials", "/nonexistent.json", "--upstream-token-url", "nope"]
                [..],
            "--upstream-token-url `nope`",
        ),
        (&["--proxy", base.as_str(), "--redact", "owner"][..], "--record"),
        (&["--proxy", base.as_str(), "--record", "x", "--redact", "names"][..], "owner"),
        (&["--proxy", base.as_str(), "--upstream-credentials", "/nonexistent.json"][..], "/nonexistent.json"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_ovh-connectivity-mock")).args(args).output().await.unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
        assert!(text.contains(needle), "{args:?}: {text}");
    }
}

/// The binary logs each recorded answer's drift from the wire types, one line per item.
#[tokio::test]
async fn the_binary_logs_the_drift_of_what_it_records() {
    let (upstream, request) = crate::proxy::drifting_upstream("newField").await;
    let dir = crate::proxy::temp_dir("binary-drift");
    let dir_text = dir.display().to_string();
    let base = upstream.base_url();
    let mut proxy = run(&["--proxy", base.as_str(), "--proxy-all", "--record", dir_text.as_str()]).await;
    let answer = post(proxy.addr, &format!("{API}/search/lines"), &request).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let field = proxy.line_with("unknown field `newField`").await;
    assert!(field.contains("drift") && field.contains("search/lines/"), "{field}");
    let value = proxy.line_with("unknown LineStatus value `frozen`").await;
    assert!(value.contains("result[0].copperInfo.status"), "{value}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--upstream-ca FILE`: an https:// upstream with a certificate made for the test, trusted
/// through the flag; without it, Mozilla's roots refuse it (502); a file with no certificate
/// is refused at start.
#[tokio::test]
async fn the_binary_trusts_the_upstream_certificates_it_is_given() {
    use base64::Engine;
    let upstream = crate::proxy::world_upstream(0).await;
    let (port, cert) = crate::proxy_failures::https_front(upstream.addr(), "localhost").await;
    let dir = crate::proxy::temp_dir("binary-ca");
    std::fs::create_dir_all(&dir).unwrap();
    let pem = dir.join("ca.pem");
    let encoded = base64::engine::general_purpose::STANDARD.encode(cert.as_ref());
    let lines: Vec<&str> = encoded.as_bytes().chunks(64).map(|chunk| std::str::from_utf8(chunk).unwrap()).collect();
    std::fs::write(&pem, format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n")))
        .unwrap();
    let base = format!("https://localhost:{port}/1.0");
    let pem_text = pem.display().to_string();
    let path = format!("{API}/search/cities");

    let trusting = run(&["--proxy", base.as_str(), "--upstream-ca", pem_text.as_str()]).await;
    let answers = crate::proxy::polled(trusting.addr, &path, r#"{"zipCode":"44000"}"#, "a").await;
    assert_eq!(answers.last().unwrap().status, 200, "{}", answers.last().unwrap().text());
    let default = run(&["--proxy", base.as_str()]).await;
    post(default.addr, &path, r#"{"zipCode":"44000"}"#).await.assert_ovh_error(502, "certificate");

    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "nothing here\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ovh-connectivity-mock"))
        .args(["--proxy", base.as_str(), "--upstream-ca", &empty.display().to_string()])
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no certificate"), "{output:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
