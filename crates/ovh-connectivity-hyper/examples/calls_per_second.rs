//! Completed client calls per second against a server (the benchmark's Rust side).
//!
//! `calls_per_second BASE_URL SECONDS [CONCURRENCY]`: calls `search_cities(91400)` in a loop
//! for SECONDS, from CONCURRENCY tasks sharing one client (default 1: strictly sequential), and
//! prints `calls=N seconds=S`. Run the mock with `--pending 0`, so that each call is one request.

use std::time::{Duration, Instant};

use ovh_connectivity_hyper::PollPolicy;
use ovh_connectivity_hyper::types::SearchCitiesRequest;
use ovh_connectivity_hyper::{ConfigBuilder, client_with_config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().ok_or("usage: calls_per_second BASE_URL SECONDS")?;
    let seconds: f64 = args.next().ok_or("usage: calls_per_second BASE_URL SECONDS")?.parse()?;
    let concurrency: usize = args.next().map_or(Ok(1), |c| c.parse())?;
    let policy = PollPolicy::new(Duration::from_millis(1), Duration::from_secs(10));
    let client =
        std::sync::Arc::new(client_with_config(ConfigBuilder::new().endpoint(&base_url).poll_policy(policy).build()?)?);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let request = SearchCitiesRequest::new("91400");
            let mut calls = 0u64;
            while started.elapsed().as_secs_f64() < seconds {
                let cities = client.search_cities(&request).await.expect("a call");
                assert_eq!(cities.result.len(), 3);
                calls += 1;
            }
            calls
        }));
    }
    let mut calls = 0;
    for task in tasks {
        calls += task.await?;
    }
    println!("calls={calls} seconds={:.3}", started.elapsed().as_secs_f64());
    Ok(())
}
