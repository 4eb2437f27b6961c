//! Micro benchmark of `Mock::handle`: each case against a baseline measured in the same run,
//! interleaved (A, B, A, B...) so that machine noise hits both; medians and ratios are printed.
//!
//! `cargo bench -p ovh-connectivity-mock-core --bench handle`
//!
//! The baseline is what any mock must do: build the request, route it (`Operation::find`) and
//! look its canonical key up among the fixtures. The cases are whole answers of
//! `Mock::handle`: a fixture replayed (task table, request log, headers), and two answers of
//! the world (a city search, a line's eligibility test with its offers).

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use ovh_connectivity_fixtures::{FixtureSet, RequestKey};
use ovh_connectivity_mock_core::{CoreConfig, Delivery, Entropy, Mock, Now};
use ovh_connectivity_types::{Method, Operation};

const ROUNDS: usize = 21;
const BATCH: Duration = Duration::from_millis(20);

/// Nanoseconds per call of `f`, one sample: `iterations` calls.
fn sample(iterations: u64, f: &mut impl FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..iterations {
        f();
    }
    started.elapsed().as_nanos() as f64 / iterations as f64
}

/// How many calls fill about `BATCH`.
fn calibrate(f: &mut impl FnMut()) -> u64 {
    let mut iterations = 1;
    loop {
        let started = Instant::now();
        for _ in 0..iterations {
            f();
        }
        if started.elapsed() >= BATCH / 4 || iterations > 1 << 30 {
            return (iterations * 4).max(1);
        }
        iterations *= 2;
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn compare(label: &str, case: &mut dyn FnMut(), baseline: &mut dyn FnMut()) {
    let mut case = || case();
    let mut baseline = || baseline();
    let (case_iterations, baseline_iterations) = (calibrate(&mut case), calibrate(&mut baseline));
    let (mut cases, mut baselines) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        cases.push(sample(case_iterations, &mut case));
        baselines.push(sample(baseline_iterations, &mut baseline));
    }
    let (case, baseline) = (median(cases), median(baselines));
    println!(
        "bench {label}: Mock::handle {case:.0} ns | routing and key {baseline:.0} ns | ratio {:.2}",
        case / baseline
    );
}

fn request(path: &str, body: &'static str) -> http::Request<Bytes> {
    http::Request::post(path)
        .header("host", "127.0.0.1:8080")
        .header("content-type", "application/json")
        .body(Bytes::from_static(body.as_bytes()))
        .expect("a request")
}

fn main() {
    let set = FixtureSet::embedded().expect("fixtures");
    let mock = Mock::new(CoreConfig::default(), set.clone(), Entropy::from_bytes([5; 64]));
    let now = Now::new(Duration::from_secs(1_800_000_000), Duration::from_secs(1));
    let cases = [
        (
            "fixture replay (search/cities 91400)",
            "/1.0/connectivity/eligibility/search/cities",
            r#"{"zipCode":"91400"}"#,
        ),
        ("world answer (search/cities 29000)", "/1.0/connectivity/eligibility/search/cities", r#"{"zipCode":"29000"}"#),
        (
            "world answer (test/line, 4 offers)",
            "/1.0/connectivity/eligibility/test/line",
            r#"{"lineNumber":"0202322335","status":"active"}"#,
        ),
    ];
    for (label, path, body) in cases {
        // The task is past its pending phase: every later call answers the final phase.
        for _ in 0..3 {
            mock.handle(request(path, body), now);
        }
        let Delivery::Whole(response) = mock.handle(request(path, body), now).delivery else { panic!("{label}") };
        assert_eq!(response.status(), 200, "{label}");
        compare(
            label,
            &mut || {
                black_box(mock.handle(black_box(request(path, body)), now));
            },
            &mut || {
                let (parts, body) = black_box(request(path, body)).into_parts();
                let path = parts.uri.path().strip_prefix("/1.0").expect("an API path");
                let operation = Operation::find(Method::Post, path).expect("a route");
                let text = std::str::from_utf8(&body).expect("UTF-8");
                let key = RequestKey::assume_canonical(operation.method(), path, text);
                black_box(set.find(&key));
            },
        );
    }
}
