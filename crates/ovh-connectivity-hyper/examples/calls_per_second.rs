//! Completed client calls per second against a server (the benchmark's Rust side).
//!
//! `calls_per_second BASE_URL SECONDS`: calls `search_cities(91400)` in a loop for SECONDS
//! (run the mock with `--pending 0`, so that each call is one request) and prints
//! `calls=N seconds=S`.

use std::time::{Duration, Instant};

use ovh_connectivity_client::PollPolicy;
use ovh_connectivity_hyper::client_for_base_url_with_policy;
use ovh_connectivity_hyper::types::SearchCitiesRequest;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().ok_or("usage: calls_per_second BASE_URL SECONDS")?;
    let seconds: f64 = args.next().ok_or("usage: calls_per_second BASE_URL SECONDS")?.parse()?;
    let policy = PollPolicy::new(Duration::from_millis(1), Duration::from_secs(10));
    let client = client_for_base_url_with_policy(&base_url, policy)?;
    let request = SearchCitiesRequest::new("91400");
    let started = Instant::now();
    let mut calls = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        let cities = client.search_cities(&request).await?;
        assert_eq!(cities.result.len(), 3);
        calls += 1;
    }
    println!("calls={calls} seconds={:.3}", started.elapsed().as_secs_f64());
    Ok(())
}
