//! Finds the internet offers for the guide's address and line number, printed as tables.
//!
//! Against the mock (start it with `cargo run -p ovh-connectivity-mock`):
//!
//! ```sh
//! cargo run -p ovh-connectivity-hyper --example eligibility -- http://127.0.0.1:8080/1.0
//! ```
//!
//! Against the real API, with your ovh.conf / OVH_* (read-only, unauthenticated routes):
//!
//! ```sh
//! cargo run -p ovh-connectivity-hyper --example eligibility
//! ```

use std::time::Duration;

use ovh_connectivity_hyper::PollPolicy;
use ovh_connectivity_hyper::types::*;
use ovh_connectivity_hyper::{Client, ConfigBuilder, client_from_env, client_with_config};

type Failure = Box<dyn std::error::Error>;

fn print_offers(title: &str, test: &EligibilityTest) {
    println!("\n{title} (reference {}…)", &test.eligibility_reference[..12.min(test.eligibility_reference.len())]);
    println!("  {:<18} {:<5} {:>9} {:>7}  eligible", "offer", "type", "down Mb/s", "up Mb/s");
    for offer in &test.offers {
        let product = &offer.product;
        let eligibility = &offer.eligibility;
        let why = eligibility.reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(", ");
        println!(
            "  {:<18} {:<5} {:>9.1} {:>7.1}  {}",
            product.code,
            product.product_type.as_str(),
            eligibility.estimated_download_rate.unwrap_or(product.download_rate),
            eligibility.estimated_upload_rate.unwrap_or(product.upload_rate),
            if eligibility.eligible { "yes".to_owned() } else { format!("no ({why})") }
        );
    }
}

async fn by_address(client: &Client) -> Result<(), Failure> {
    let cities = client.search_cities(&SearchCitiesRequest::new("91400")).await?.result;
    let orsay = cities.iter().find(|c| c.locality.as_deref() == Some("ORSAY")).ok_or("ORSAY not found in 91400")?;
    let streets = client.search_streets(&SearchStreetsRequest::new(&orsay.insee_code)).await?.result;
    let street = streets.iter().find(|s| s.street_name == "RUE DU VERGER").ok_or("RUE DU VERGER not found")?;
    let numbers = client.search_street_numbers(&SearchStreetNumbersRequest::new(&street.street_code)).await?.result;
    let number = numbers.iter().find(|n| *n == "2").ok_or("number 2 not found")?;
    let buildings =
        client.search_buildings(&SearchBuildingsRequest::at_street_number(&street.street_code, number)).await?.result;
    let building = buildings.first().ok_or("no building at this address")?;
    let test = client.test_building(&TestBuildingRequest::new(&building.reference)).await?;
    print_offers(
        &format!(
            "{number} {}, {} {}: building {} ({} polls)",
            street.street_name, orsay.zip_code, orsay.city, building.reference, test.polls
        ),
        &test.result,
    );
    Ok(())
}

async fn by_line(client: &Client) -> Result<(), Failure> {
    let test = client.test_line(&TestLineRequest::new("0123456789", LineStatus::Active)).await?;
    print_offers(&format!("Line 0123456789, active ({} polls)", test.polls), &test.result);
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // The error's own words (`Display`), not Rust's `Debug` of it, which `main` returning an
    // `Err` would print.
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Failure> {
    let client = match std::env::args().nth(1) {
        // The mock answers fast: poll every 200 ms instead of backing off from 1 s to 5 s.
        Some(base_url) => client_with_config(
            ConfigBuilder::new()
                .endpoint(&base_url)
                .poll_policy(PollPolicy::new(Duration::from_millis(200), Duration::from_secs(30)))
                .build()?,
        )?,
        None => client_from_env()?,
    };
    println!("Connectivity API at {}", client.config().base_url);
    by_address(&client).await?;
    by_line(&client).await?;
    Ok(())
}
