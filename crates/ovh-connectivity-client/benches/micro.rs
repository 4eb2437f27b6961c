//! Micro benchmarks: each case against a baseline measured in the same run, interleaved
//! (A, B, A, B...) so that machine noise hits both; medians and ratios are printed.
//!
//! `cargo bench -p ovh-connectivity-client --bench micro` (or `cargo xtask bench`).
//!
//! - decode: every fixture answer into its wire type, against into `serde_json::Value`;
//! - encode: a signed request (encode + SHA-1 signature), against the body serialization alone;
//! - lookup: the mock's canonical request key and fixture lookup, against parsing the body.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ovh_connectivity_client::{Call, ConfigBuilder, encode};
use ovh_connectivity_fixtures::{FixtureSet, PhaseKind, RequestKey, decode_answer};
use ovh_connectivity_types::{LineStatus, Method, Operation, TestLineRequest};
use serde_json::Value;

const ROUNDS: usize = 21;
const BATCH: Duration = Duration::from_millis(20);

/// Nanoseconds per call of `f`, one sample: as many calls as fit in about `BATCH`.
fn sample(iterations: u64, f: &mut impl FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..iterations {
        f();
    }
    started.elapsed().as_nanos() as f64 / iterations as f64
}

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

fn compare(label: &str, case: (&str, &mut dyn FnMut()), baseline: (&str, &mut dyn FnMut())) {
    let (case_name, case_fn) = case;
    let (baseline_name, baseline_fn) = baseline;
    let mut case_fn = || case_fn();
    let mut baseline_fn = || baseline_fn();
    let case_iterations = calibrate(&mut case_fn);
    let baseline_iterations = calibrate(&mut baseline_fn);
    let (mut cases, mut baselines) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        cases.push(sample(case_iterations, &mut case_fn));
        baselines.push(sample(baseline_iterations, &mut baseline_fn));
    }
    let (case, baseline) = (median(cases), median(baselines));
    println!(
        "bench {label}: {case_name} {case:.0} ns | {baseline_name} {baseline:.0} ns | ratio {:.2}",
        case / baseline
    );
}

fn main() {
    let set = FixtureSet::embedded().expect("fixtures");

    // Every 2xx answer of the fixtures, with its operation.
    let answers: Vec<(Operation, String)> = set
        .iter()
        .flat_map(|fixture| {
            fixture
                .phases
                .iter()
                .filter(|phase| matches!(phase.kind, PhaseKind::TaskOk | PhaseKind::Value | PhaseKind::Pending))
                .map(move |phase| (fixture.operation, phase.body.clone()))
        })
        .collect();
    compare(
        "decode every fixture answer",
        ("typed", &mut || {
            for (operation, body) in &answers {
                black_box(decode_answer(*operation, black_box(body)).expect("decodes"));
            }
        }),
        ("serde_json::Value", &mut || {
            for (_, body) in &answers {
                black_box(serde_json::from_str::<Value>(black_box(body)).expect("parses"));
            }
        }),
    );
    let test_line = set.get("test/line/0123456789-active").expect("fixture").final_phase().body.clone();
    compare(
        "decode the test/line answer (4 offers)",
        ("typed AsyncTask<EligibilityTest>", &mut || {
            black_box(
                serde_json::from_str::<ovh_connectivity_types::AsyncTask<ovh_connectivity_types::EligibilityTest>>(
                    black_box(&test_line),
                )
                .expect("decodes"),
            );
        }),
        ("serde_json::Value", &mut || {
            black_box(serde_json::from_str::<Value>(black_box(&test_line)).expect("parses"));
        }),
    );

    let config = ConfigBuilder::new()
        .endpoint("ovh-eu")
        .application("TDPKJdwZwAQPwKX2", "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk")
        .consumer_key("5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY")
        .build()
        .expect("config");
    let request = TestLineRequest::new("0123456789", LineStatus::Active);
    compare(
        "encode + sign test/line/partners",
        ("Call::with_body + encode (signed)", &mut || {
            let call = Call::with_body(Operation::TestLinePartners, black_box(&request)).expect("call");
            black_box(encode(&config, &call, Some(1_457_018_875)).expect("encodes"));
        }),
        ("serde_json::to_vec(body)", &mut || {
            black_box(serde_json::to_vec(black_box(&request)).expect("serializes"));
        }),
    );
    compare(
        "encode test/line (unsigned)",
        ("Call::with_body + encode", &mut || {
            let call = Call::with_body(Operation::TestLine, black_box(&request)).expect("call");
            black_box(encode(&config, &call, None).expect("encodes"));
        }),
        ("serde_json::to_vec(body)", &mut || {
            black_box(serde_json::to_vec(black_box(&request)).expect("serializes"));
        }),
    );

    let body = br#"{ "status": "active", "lineNumber": "0123456789" }"#;
    let path = "/connectivity/eligibility/test/line";
    compare(
        "mock request canonicalization + lookup",
        ("parse + RequestKey + find", &mut || {
            let value: Value = serde_json::from_slice(black_box(body)).expect("parses");
            let key = RequestKey::new(Method::Post, path, [], Some(&value));
            black_box(set.find(&key).expect("a fixture"));
        }),
        ("parse only", &mut || {
            black_box(serde_json::from_slice::<Value>(black_box(body)).expect("parses"));
        }),
    );
}
