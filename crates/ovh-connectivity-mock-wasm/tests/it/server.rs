//! `npx ovh-connectivity-mock` as a user runs it (the installed package's `dist/server.js`):
//! what it prints, its flags beside the Rust binary's, the bad ones refused with exit code 2,
//! SIGTERM, and what the server decides while reading (413, 408, malformed HTTP, faults).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::npx::{Npx, parse, post, raw, send, server_js};
use crate::project::run_within;

const TEST_LINE: &str = "/1.0/connectivity/eligibility/test/line";
const LINE: &str = r#"{"lineNumber":"0123456789","status":"active"}"#;

#[test]
fn it_prints_its_address_and_the_binarys_start_up_line_and_serves_the_guide() {
    let Some(mut npx) = Npx::start(&[]) else { return };
    assert_ne!(npx.addr.port(), 0, "the port the OS chose");
    assert_eq!(npx.printed, [format!("listening on http://{}", npx.addr)]);
    let answer = post(npx.addr, TEST_LINE, LINE);
    assert_eq!((answer.status, answer.json()["status"].as_str()), (200, Some("pending")), "{}", answer.text());
    assert!(answer.header("x-ovh-queryid").is_some(), "{}", answer.head);
    assert_eq!(answer.header("content-length"), Some(answer.body.len().to_string().as_str()), "{}", answer.head);
    let start_up = format!("serving the Connectivity API at http://{}/1.0", npx.addr);
    let stderr = npx.stderr_with(&start_up);
    assert!(stderr.contains(&start_up), "no `{start_up}` in:\n{stderr}");
    // Loopback only: no admin token is made up.
    std::thread::sleep(Duration::from_millis(200));
    assert!(npx.stdout_now().iter().all(|line| !line.contains("admin token")), "{:?}", npx.printed);
}

#[test]
fn localhost_port_0_is_one_port_on_every_loopback() {
    let Some(mut npx) = Npx::start(&["--addr", "localhost:0"]) else { return };
    let ipv6 = std::net::TcpListener::bind("[::1]:0").is_ok();
    if ipv6 {
        let second = crate::npx::listening(&npx.line_with("listening on http://", Duration::from_secs(5)));
        assert!(second.is_ipv6() && second.port() == npx.addr.port(), "{second} beside {}", npx.addr);
        assert_eq!(send(second, "GET", "/1.0/auth/time", &[], "").status, 200);
    }
    assert!(npx.addr.ip().is_loopback(), "{}", npx.addr);
    assert_eq!(send(npx.addr, "GET", "/1.0/auth/time", &[], "").status, 200);
}

/// Runs the server script with `args` to its end (at most 30 s).
fn run(args: &[&str]) -> Option<std::process::Output> {
    let script = server_js()?;
    Some(run_within(Command::new("node").arg(script).args(args), Duration::from_secs(30)))
}

#[test]
fn help_and_version_name_the_package() {
    let Some(help) = run(&["--help"]) else { return };
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success() && text.contains("Usage: ovh-connectivity-mock [OPTIONS]"), "{text}");
    let version = run(&["--version"]).expect("found above");
    let installed =
        crate::project::project().expect("found above").join("node_modules/ovh-connectivity-mock/package.json");
    let package: serde_json::Value = serde_json::from_slice(&std::fs::read(installed).expect("package.json")).unwrap();
    let expected = format!("ovh-connectivity-mock {}\n", package["version"].as_str().expect("a version"));
    assert_eq!(String::from_utf8_lossy(&version.stdout), expected);
    assert!(version.status.success());
    // As a user types it: npx finds the package's bin in the project.
    let project = crate::project::project().expect("found above");
    let npx = run_within(
        Command::new("npx").args(["--no-install", "ovh-connectivity-mock", "--version"]).current_dir(project),
        Duration::from_secs(60),
    );
    assert_eq!(String::from_utf8_lossy(&npx.stdout), expected, "{}", String::from_utf8_lossy(&npx.stderr));
}

/// Each long flag of a `--help` text, with its `[default: …]` when it shows one.
fn flags(help: &str) -> BTreeMap<String, Option<String>> {
    let mut flags = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in help.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('-') && line.starts_with(' ') {
            let long = trimmed.split_whitespace().find_map(|word| word.strip_prefix("--"));
            if let Some(name) = long {
                let name = name.split(['=', '<']).next().unwrap_or(name).trim_end_matches(',').to_owned();
                flags.insert(name.clone(), None);
                current = Some(name);
            }
        }
        if let (Some(name), Some(at)) = (&current, line.find("[default: ")) {
            let value = line[at + "[default: ".len()..].split(']').next().unwrap_or("").to_owned();
            flags.insert(name.clone(), Some(value));
        }
    }
    flags
}

/// The Rust binary's flags that the npx server leaves out, by the issue: `--watch` (reload
/// of a watched folder, a host feature the package does not have).
const HOST_ONLY: [&str; 11] = [
    "watch",
    // Forwarding and recording (issue 22) need an HTTP client and files: the Rust host's.
    "proxy",
    "proxy-all",
    "record",
    "record-keep",
    "record-pending",
    "redact",
    "upstream-ca",
    "upstream-credentials",
    "upstream-timeout",
    "upstream-token-url",
];

#[test]
fn every_flag_of_the_rust_binary_is_taken_with_its_default() {
    let Some(npx_help) = run(&["--help"]) else { return };
    // The Rust binary as cargo builds it from this workspace: a flag added there fails here.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let rust = run_within(
        Command::new(cargo)
            .args(["run", "-q", "-p", "ovh-connectivity-mock", "--bin", "ovh-connectivity-mock", "--", "--help"])
            .current_dir(root),
        Duration::from_secs(600),
    );
    let rust_help = String::from_utf8_lossy(&rust.stdout);
    assert!(rust.status.success(), "{rust_help}{}", String::from_utf8_lossy(&rust.stderr));
    let mut expected = flags(&rust_help);
    assert!(expected.len() >= 20 && expected.contains_key("max-tasks"), "{expected:?} from:\n{rust_help}");
    for name in HOST_ONLY {
        assert!(expected.remove(name).is_some(), "--{name} is no longer a flag of the Rust binary");
    }
    assert_eq!(flags(&String::from_utf8_lossy(&npx_help.stdout)), expected);
    // Each of those is refused by name, pointing at the Rust binary, not as an unknown option.
    for name in HOST_ONLY {
        let Some(output) = run(&[&format!("--{name}")]) else { return };
        let text = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "--{name}: {text}");
        assert!(text.contains(&format!("--{name} is the Rust binary's")), "--{name}: {text}");
    }
}

#[test]
fn every_flag_is_taken_and_does_what_it_says() {
    let Some(help) = run(&["--help"]) else { return };
    let folder = std::env::temp_dir().join(format!("ovh-npx-every-flag-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let credentials = folder.join("credentials.json");
    std::fs::write(&credentials, r#"[{"applicationKey":"a","applicationSecret":"b","consumerKey":"c"}]"#).unwrap();
    let fixtures = folder.join("fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    let every = [
        "--fixtures",
        fixtures.to_str().unwrap(),
        "--only",
        "--pending",
        "1",
        "--strict",
        "--world",
        "off",
        "--world-seed",
        "7",
        "--world-secret",
        "s3",
        "--auth",
        "verify",
        "--credentials",
        credentials.to_str().unwrap(),
        "--token-lifetime-secs",
        "60",
        "--latency",
        "0..5",
        "--cors-origin",
        "http://app.example",
        "--max-body-bytes",
        "1000",
        "--task-ttl-secs",
        "60",
        "--max-tasks",
        "10",
        "--session-header",
        "x-tab",
        "--admin-token",
        "given",
    ];
    // A flag added to the help and not given here fails: each must be tried (--no-cors apart,
    // --addr by `Npx::start`).
    let given: Vec<&str> =
        every.iter().filter_map(|arg| arg.strip_prefix("--")).chain(["addr", "no-cors", "help", "version"]).collect();
    let missing: Vec<String> =
        flags(&String::from_utf8_lossy(&help.stdout)).into_keys().filter(|f| !given.contains(&f.as_str())).collect();
    assert!(missing.is_empty(), "flags this test does not try: {missing:?}");
    let Some(npx) = Npx::start(&every) else { return };
    let settings = send(npx.addr, "GET", "/__admin/settings", &[], "").json();
    assert_eq!(
        settings["current"],
        serde_json::json!({"fault": null, "faultPercent": 100, "latencyMs": [0, 5], "pending": 1, "strict": true, "world": false})
    );
    let health = send(npx.addr, "GET", "/__admin/health", &[], "").json();
    assert_eq!((health["fixtures"].as_u64(), health["adminToken"].as_bool()), (Some(0), Some(true)), "{health}");
    let big = format!(r#"{{"lineNumber":"{}"}}"#, "9".repeat(2000));
    post(npx.addr, TEST_LINE, &big).assert_ovh_error(413, "1000 bytes");
    let allowed = send(npx.addr, "GET", "/1.0/auth/time", &[("origin", "http://app.example")], "");
    assert_eq!(allowed.header("access-control-allow-origin"), Some("http://app.example"), "{}", allowed.head);
    let other = send(npx.addr, "GET", "/1.0/auth/time", &[("origin", "http://other.example")], "");
    assert_eq!(other.header("access-control-allow-origin"), None, "{}", other.head);
    // Signatures are checked: an unsigned partner call is refused.
    let unsigned = post(npx.addr, "/1.0/connectivity/eligibility/test/otp/partners", r#"{"otp":"OO-XXXX-XXXX/C"}"#);
    unsigned.assert_ovh_error(401, "You must login first");
    drop(npx);
    let Some(npx) = Npx::start(&["--no-cors"]) else { return };
    let none = send(npx.addr, "GET", "/1.0/auth/time", &[("origin", "http://app.example")], "");
    assert!(none.status == 200 && none.header("access-control-allow-origin").is_none(), "{}", none.head);
    let _ = std::fs::remove_dir_all(&folder);
}

/// Runs the server with `args`; it must exit with code 2, saying `needle`, listening nowhere.
#[track_caller]
fn refused(args: &[&str], needle: &str) {
    let Some(output) = run(args) else { return };
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
    assert!(!stdout.contains("listening"), "{args:?} listened: {stdout}");
    assert!(stderr.starts_with("error: ") && stderr.contains(needle), "{args:?}: no `{needle}` in:\n{stderr}");
    assert!(!stderr.contains("    at "), "a stack trace for {args:?}:\n{stderr}");
}

#[test]
fn an_unknown_flag_is_refused() {
    refused(&["--port", "8080"], "Unknown option '--port'");
}

#[test]
fn a_bad_number_is_refused() {
    refused(&["--max-body-bytes", "64k"], "'--max-body-bytes <N>'");
    refused(&["--pending", "-1"], "--pending");
    refused(&["--world-seed", "seed"], "--world-seed");
}

#[test]
fn only_without_fixtures_is_refused() {
    refused(&["--only"], "'--only' requires '--fixtures <DIR>'");
}

#[test]
fn verify_without_credentials_is_refused() {
    refused(&["--auth", "verify"], "--auth verify needs --credentials FILE");
    refused(&["--auth", "sometimes"], "possible values: off, verify");
}

#[test]
fn an_unreadable_fixtures_folder_is_refused() {
    refused(&["--fixtures", "/nonexistent/ovh-fixtures"], "/nonexistent/ovh-fixtures: no such folder");
}

#[test]
fn a_broken_fixture_file_is_refused_by_name() {
    let folder = std::env::temp_dir().join(format!("ovh-npx-broken-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("broken.json"), "{\"id\": ").unwrap();
    refused(&["--fixtures", folder.to_str().unwrap()], "broken.json");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn sigterm_stops_it_cleanly_past_open_keep_alive_connections() {
    let Some(npx) = Npx::start(&[]) else { return };
    // A kept-alive connection, after one answer, and one that never sent a byte.
    let mut kept = TcpStream::connect(npx.addr).unwrap();
    kept.write_all(b"GET /1.0/auth/time HTTP/1.1\r\nHost: a\r\n\r\n").unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut first = [0u8; 512];
    let read = kept.read(&mut first).unwrap();
    assert!(first[..read].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&first[..read]));
    let _idle = TcpStream::connect(npx.addr).unwrap();
    let (status, stderr, took) = npx.terminate(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("shutting down"), "{stderr}");
    assert!(took < Duration::from_secs(3), "the open connections kept it {took:?}");
}

#[test]
fn bodies_over_the_limit_are_413_declared_or_chunked() {
    let Some(npx) = Npx::start(&["--max-body-bytes", "100"]) else { return };
    let big = format!(r#"{{"lineNumber":"{}"}}"#, "9".repeat(200));
    post(npx.addr, TEST_LINE, &big).assert_ovh_error(413, "100 bytes");
    let chunk = "x".repeat(300);
    let request = format!(
        "POST {TEST_LINE} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    let answer = parse(&raw(npx.addr, request.as_bytes())).expect("an answer");
    answer.assert_ovh_error(413, "100 bytes");
    // Within the limit, served.
    assert_eq!(post(npx.addr, TEST_LINE, LINE).status, 200);
}

/// Reads what `stream` gets until the server closes it (at most 14 s): the answer, and when.
fn answer_to_stalled(mut stream: TcpStream, started: Instant) -> (crate::npx::Answer, Duration) {
    stream.set_read_timeout(Some(Duration::from_secs(14))).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let took = started.elapsed();
    (parse(&answer).unwrap_or_else(|| panic!("no answer within {took:?}: {answer:?}")), took)
}

#[test]
fn stalled_headers_or_body_are_408_after_the_timeout_and_others_are_served_meanwhile() {
    let Some(npx) = Npx::start(&[]) else { return };
    let mut stalled_headers = TcpStream::connect(npx.addr).unwrap();
    stalled_headers.write_all(b"POST /1.0/connectivity/elig").unwrap();
    let mut stalled = TcpStream::connect(npx.addr).unwrap();
    let head = format!(
        "POST {TEST_LINE} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"line"
    );
    stalled.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    assert_eq!(post(npx.addr, TEST_LINE, LINE).status, 200, "served beside the stalled ones");
    let headers = std::thread::spawn(move || answer_to_stalled(stalled_headers, started));
    let (answer, took) = answer_to_stalled(stalled, started);
    answer.assert_ovh_error(408, "Request body not received within 10 s");
    // The Rust host's timeouts: 10 s for the headers, 10 s for the body.
    assert!(took >= Duration::from_secs(9) && took < Duration::from_secs(14), "408 after {took:?}");
    let (answer, took) = headers.join().expect("the headers' reader");
    answer.assert_ovh_error(408, "Request headers not received within 10 s");
    assert!(took >= Duration::from_secs(9) && took < Duration::from_secs(14), "408 after {took:?}");
    assert_eq!(send(npx.addr, "GET", "/1.0/auth/time", &[], "").status, 200);
}

#[test]
fn malformed_http_is_400_and_the_server_keeps_serving() {
    let Some(npx) = Npx::start(&[]) else { return };
    for garbage in [
        &b"\x00\x01\x02 not http at all\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nHost a\r\n\r\n",
        b"GET /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    ] {
        let bytes = raw(npx.addr, garbage);
        let answer = parse(&bytes).unwrap_or_else(|| panic!("{:?}", String::from_utf8_lossy(&bytes)));
        answer.assert_ovh_error(400, "");
    }
    assert_eq!(send(npx.addr, "GET", "/1.0/auth/time", &[], "").status, 200);
}

#[test]
fn the_drop_fault_closes_the_connection_and_slow_body_trickles() {
    let Some(npx) = Npx::start(&[]) else { return };
    let dropped = raw(
        npx.addr,
        format!("POST {TEST_LINE} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nX-Mock-Fault: drop\r\nContent-Length: {}\r\n\r\n{LINE}", LINE.len()).as_bytes(),
    );
    assert!(dropped.is_empty(), "{:?}", String::from_utf8_lossy(&dropped));
    let started = Instant::now();
    let slow =
        send(npx.addr, "POST", TEST_LINE, &[("content-type", "application/json"), ("x-mock-fault", "slow-body")], LINE);
    assert_eq!(slow.json()["status"], "pending", "{}", slow.text());
    // 16 bytes every 100 ms: the answer's 47 bytes are 3 chunks, 2 pauses apart.
    assert!(started.elapsed() >= Duration::from_millis(200), "not slow: {:?}", started.elapsed());
    assert_eq!(send(npx.addr, "GET", "/1.0/auth/time", &[], "").status, 200);
}

/// Started with `npx`, a SIGTERM to npx stops the server too: npm does not pass the signal
/// on, and the server, orphaned, stops by itself (a newcomer found it serving on).
#[test]
fn a_sigterm_to_npx_stops_the_server_it_started() {
    let Some(project) = crate::project::project() else { return };
    let mut npx = Command::new("npx")
        .args(["--no-install", "ovh-connectivity-mock", "--addr", "127.0.0.1:0"])
        .current_dir(project)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("npx");
    let stdout = npx.stdout.take().expect("stdout");
    let line = std::io::BufRead::lines(std::io::BufReader::new(stdout))
        .map_while(Result::ok)
        .find(|line| line.starts_with("listening on http://"))
        .expect("the server's `listening on` line");
    let addr = crate::npx::listening(&line);
    assert_eq!(send(addr, "GET", "/1.0/auth/time", &[], "").status, 200);
    let killed = Command::new("kill").args(["-TERM", &npx.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let _ = npx.wait();
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(addr).is_ok() {
        assert!(started.elapsed() < Duration::from_secs(10), "the server still listens on {addr} after npx ended");
        std::thread::sleep(Duration::from_millis(100));
    }
}
