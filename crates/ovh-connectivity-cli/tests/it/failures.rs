//! Failures as a person reads them: what failed, named in words, and how long each bound
//! lets the command run (`--timeout` for the whole command, `--task-timeout` for one task).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::*;

/// No text meant for people carries Rust's debug notation.
#[track_caller]
fn assert_words(text: &str) {
    for debug in ["None", "Some(", "Ok(", "Err(", "{ ", "Duration", "Error {", "Kind"] {
        assert!(!text.contains(debug), "`{debug}` in: {text}");
    }
}

#[test]
fn timeout_bounds_the_whole_command_against_a_server_that_never_answers() {
    // Accepts every connection, reads nothing, answers nothing.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let started = Instant::now();
    let output = bare(&format!("http://{addr}/1.0"))
        .args(["eligibility", "line", "0123456789", "--timeout", "5"])
        .output()
        .unwrap();
    let took = started.elapsed();
    let run = Run::from(output);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(took >= Duration::from_secs(5) && took < Duration::from_secs(8), "took {took:?}");
    assert_eq!(
        run.stderr,
        format!(
            "error: the command did not finish within 5 s (--timeout) with the API at http://{addr}/1.0; try again \
             later, or raise --timeout\n"
        )
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_refused_connection_names_the_url_and_says_nothing_was_sent() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let run =
        Run::from(bare(&format!("http://127.0.0.1:{port}/1.0")).args(["search", "cities", "91400"]).output().unwrap());
    assert_eq!(run.code, 3);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot connect to http://127.0.0.1:{port}/1.0/connectivity/eligibility/search/cities: the \
             connection was refused (is the server running there?); the request was not sent\n"
        )
    );
    assert!(!run.stderr.contains("may or may not"));
}

/// A server that answers every request with `answer`, as raw bytes.
fn answering(answer: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0; 8192];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    format!("http://{addr}/1.0")
}

#[test]
fn answers_without_a_query_id_are_reported_in_words() {
    let html = "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 6\r\nconnection: close\r\n\r\n<html>";
    let run = Run::from(bare(&answering(html)).args(["search", "cities", "91400"]).output().unwrap());
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: POST /connectivity/eligibility/search/cities: cannot decode the answer"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with("(the answer has no X-Ovh-QueryID)\n"), "{}", run.stderr);
    assert_words(&run.stderr);

    let unavailable = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\nconnection: close\r\n\r\nbusy";
    let run = Run::from(bare(&answering(unavailable)).args(["search", "cities", "91400"]).output().unwrap());
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stderr, "error: OVH API error (HTTP 503): body is not an OVH error: \"busy\"\n");
    assert_words(&run.stderr);

    let cut = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"status\"";
    let run = Run::from(bare(&answering(cut)).args(["search", "cities", "91400"]).output().unwrap());
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("was cut before the whole answer came"), "{}", run.stderr);
    assert!(run.stderr.ends_with("; the request may have reached the API\n"), "{}", run.stderr);
    assert_words(&run.stderr);
}

#[test]
fn task_timeout_bounds_one_task_and_says_which() {
    let mock = Mock::start();
    mock.settings(r#"{"latencyMs":null,"pending":1000,"fault":null,"faultPercent":100,"strict":false,"world":true}"#);
    let slow = run(&mock, &["eligibility", "line", "0123456789", "--task-timeout", "0.3"]);
    assert_eq!(slow.code, 3);
    assert!(
        slow.stderr
            .starts_with("error: POST /connectivity/eligibility/test/line: the API was still computing after 0 s")
            && slow.stderr.ends_with("(--task-timeout)\n"),
        "{}",
        slow.stderr
    );
    assert_words(&slow.stderr);
}

#[test]
fn the_readmes_address_example_answers_the_mock_in_under_ten_seconds_with_default_polling() {
    let mock = Mock::start();
    let started = Instant::now();
    let output = bare(&mock.base_url())
        .args(["eligibility", "address", "--zip", "35000", "--street", "bd des champs", "--number", "1"])
        .output()
        .unwrap();
    let took = started.elapsed();
    let run = Run::from(output);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // Never faster than once a second: each task's first wait is the default 1 s.
    assert!(took >= Duration::from_secs(1), "took {took:?}");
}

#[test]
fn the_environments_proxy_is_honoured_and_an_unusable_one_is_a_usage_error() {
    // The mock stands in for a forwarding proxy: it answers the absolute-form requests a proxy
    // gets. api.test.invalid resolves nowhere, so only the proxy can answer.
    let mock = Mock::start();
    let proxied = |name: &str, value: &str| {
        let mut command = bare("http://api.test.invalid/1.0");
        for variable in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
            command.env_remove(variable);
        }
        command.env_remove("NO_PROXY").env_remove("no_proxy").env(name, value);
        Run::from(command.args(["--poll-interval", "0.05", "search", "cities", "91400"]).output().unwrap())
    };
    let through = proxied("http_proxy", &format!("http://{}", mock.addr()));
    assert_eq!(through.code, 0, "{}", through.stderr);
    assert!(through.stdout.contains("ORSAY"), "{}", through.stdout);

    let socks = proxied("ALL_PROXY", "socks5://me:s3cret@127.0.0.1:1080");
    assert_eq!(socks.code, 2, "{}", socks.stderr);
    assert_eq!(
        socks.stderr,
        "error: cannot use the proxy socks5://me:[redacted]@127.0.0.1:1080 (from ALL_PROXY): the scheme `socks5` is \
         not supported: use http://\n"
    );
}

#[test]
fn a_base_url_without_the_apis_path_is_named_as_the_fault_not_the_input() {
    // Nothing listens there: the error comes before any request.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    for url in [format!("http://127.0.0.1:{port}"), format!("http://127.0.0.1:{port}/")] {
        let run = Run::from(bare(&url).args(["search", "cities", "91400"]).output().unwrap());
        assert_eq!(run.code, 2, "{url}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "error: the base URL http://127.0.0.1:{port} has no path: it should end with /1.0 (or /v1), as \
                 http://127.0.0.1:{port}/1.0\n"
            ),
            "{url}"
        );
    }
    // Another path: the API's refusal of the route is the base URL's fault.
    let mock = Mock::start();
    let other = mock.base_url().replace("/1.0", "/2.0");
    let run = Run::from(bare(&other).args(["eligibility", "line", "0123456789"]).output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with(&format!("error: the API at {other} did not take the request (")), "{}", run.stderr);
    assert!(run.stderr.ends_with("): the base URL should end with /1.0 (or /v1)\n"), "{}", run.stderr);
    assert!(!run.stderr.contains("refused the input"), "{}", run.stderr);
    // /v1 is the API's too.
    let v1 = Run::from(
        bare(&mock.base_url().replace("/1.0", "/v1"))
            .args(["--poll-interval", "0.05", "search", "cities", "91400"])
            .output()
            .unwrap(),
    );
    assert_eq!(v1.code, 0, "{}", v1.stderr);
}

#[test]
fn no_endpoint_names_base_url_first() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ovh-connectivity"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("OVH_") {
            command.env_remove(name);
        }
    }
    let folder = std::env::temp_dir().join("ovh-cli-empty");
    std::fs::create_dir_all(&folder).unwrap();
    let run = Run::from(
        command.current_dir(&folder).env("HOME", &folder).args(["search", "cities", "91400"]).output().unwrap(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: no endpoint configured: give --base-url (the mock's: "), "{}", run.stderr);
}
