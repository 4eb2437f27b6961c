//! The documented flows, from the guide: address to fiber, line tests, OTP, references.

use ovh_connectivity_client::Call;
use ovh_connectivity_types::{Method, Operation};
use serde_json::{Value, json};

use super::{Ctx, Outcome, shown};
use crate::judge::{compare_with_fixture, decode_into_wire_type};

fn pick<'v>(list: &'v Value, field: &str, preferred: &str) -> Option<&'v Value> {
    let items = list.as_array()?;
    items.iter().find(|item| item[field] == preferred).or_else(|| items.first())
}

pub(super) async fn address_to_fiber(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let cities = ctx.task(Operation::SearchCities, json!({"zipCode": "91400"}), &mut out).await?;
    let city = cities.result.as_ref().and_then(|r| pick(r, "locality", "ORSAY")).ok_or("no city for zip 91400")?;
    let streets = ctx.task(Operation::SearchStreets, json!({"inseeCode": city["inseeCode"]}), &mut out).await?;
    let street = streets.result.as_ref().and_then(|r| pick(r, "streetName", "RUE DU VERGER")).ok_or("no street")?;
    let numbers =
        ctx.task(Operation::SearchStreetNumbers, json!({"streetCode": street["streetCode"]}), &mut out).await?;
    let number = numbers
        .result
        .as_ref()
        .and_then(|r| r.as_array()?.iter().find(|n| *n == "2").or(r.as_array()?.first()).cloned());
    let number = number.ok_or("no street number")?;
    let buildings = ctx
        .task(Operation::SearchBuildings, json!({"streetCode": street["streetCode"], "streetNumber": number}), &mut out)
        .await?;
    let building = buildings.result.as_ref().and_then(|r| r.as_array()?.first().cloned()).ok_or("no building")?;
    let test = ctx.task(Operation::TestBuilding, json!({"building": building["reference"]}), &mut out).await?;
    out.message = format!(
        "{} {}, {}: building {} -> {}",
        shown(&number),
        shown(&street["streetName"]),
        shown(&city["city"]),
        shown(&building["reference"]),
        test.describe()
    );
    Ok(out)
}

async fn single_test(ctx: &Ctx<'_>, operation: Operation, body: Value) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let run = ctx.task(operation, body, &mut out).await?;
    out.message = run.describe();
    Ok(out)
}

pub(super) async fn line_active(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestLine, json!({"lineNumber": "0123456789", "status": "active"})).await
}

pub(super) async fn line_inactive(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestLine, json!({"lineNumber": "0987654321", "status": "inactive"})).await
}

pub(super) async fn otp(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestOtp, json!({"otp": "OO-XXXX-XXXX/C"})).await
}

pub(super) async fn address_neighbour(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestAddress, json!({"streetCode": "94123001234", "streetNumber": "4"})).await
}

pub(super) async fn line_to_fiber(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let buildings = ctx
        .task(Operation::SearchBuildingsByLine, json!({"lineNumber": "0123456789", "status": "inactive"}), &mut out)
        .await?;
    let Some(building) = buildings.result.as_ref().and_then(|r| r.as_array()?.first().cloned()) else {
        out.message = format!("no building for line 0123456789 ({})", buildings.describe());
        return Ok(out);
    };
    let test = ctx.task(Operation::TestBuilding, json!({"building": building["reference"]}), &mut out).await?;
    out.message = format!("building {} -> {}", shown(&building["reference"]), test.describe());
    Ok(out)
}

pub(super) async fn reference_get(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let test = ctx.task(Operation::TestLine, json!({"lineNumber": "0123456789", "status": "active"}), &mut out).await?;
    let Some(reference) = test.result.as_ref().and_then(|r| r["eligibilityReference"].as_str()).map(str::to_owned)
    else {
        return Ok(Outcome::skip(format!("the line test gave no eligibility reference ({})", test.describe())));
    };
    let mut call = Call::new(Operation::GetEligibilityTest);
    call.query = vec![("eligibilityReference".to_owned(), reference.clone())];
    let answer = ctx.send(&call).await?;
    if ctx.exact() {
        let fixture =
            ctx.fixture_for(Method::Get, &call, None).ok_or("GET test: no fixture for this reference (exact mode)")?;
        compare_with_fixture(fixture, std::slice::from_ref(&answer))?;
    }
    if answer.status != 200 {
        return Err(format!("GET test?eligibilityReference={reference}: HTTP {}: {}", answer.status, answer.text()));
    }
    let decoded = decode_into_wire_type(Operation::GetEligibilityTest, &answer, &mut out.warnings)?;
    if decoded["eligibilityReference"] != reference.as_str() {
        return Err(format!("GET test returned reference {} for {reference}", decoded["eligibilityReference"]));
    }
    out.message = format!("reference {}… found again", reference.chars().take(12).collect::<String>());
    Ok(out)
}

/// Picks an item of a list by a number, the same every run.
fn nth(list: &Value, turn: usize) -> Option<&Value> {
    let items = list.as_array()?;
    (!items.is_empty()).then(|| &items[turn % items.len()])
}

pub(super) async fn sample_addresses(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    if ctx.target.sample.is_empty() {
        return Ok(Outcome::skip("no sample: run with --sample N to walk N drawn zip codes"));
    }
    if ctx.exact() {
        return Ok(Outcome::skip("structural mode only: no fixture documents drawn addresses"));
    }
    let mut out = Outcome::pass("");
    let mut walked = Vec::new();
    for (turn, zip) in ctx.target.sample.iter().enumerate() {
        let at = |step: &str| format!("zip {zip}: {step}");
        let cities = ctx.task(Operation::SearchCities, json!({"zipCode": zip}), &mut out).await?;
        let city =
            cities.result.as_ref().and_then(|r| nth(r, turn)).ok_or_else(|| at("a real zip code found no city"))?;
        let streets = ctx.task(Operation::SearchStreets, json!({"inseeCode": city["inseeCode"]}), &mut out).await?;
        let street = streets
            .result
            .as_ref()
            .and_then(|r| nth(r, turn))
            .ok_or_else(|| at(&format!("commune {} has no street", shown(&city["inseeCode"]))))?;
        let numbers =
            ctx.task(Operation::SearchStreetNumbers, json!({"streetCode": street["streetCode"]}), &mut out).await?;
        let Some(number) = numbers.result.as_ref().and_then(|r| nth(r, turn)).cloned() else {
            walked.push(format!("{zip}: {} has no number (dead end)", shown(&street["streetName"])));
            continue;
        };
        let body = json!({"streetCode": street["streetCode"], "streetNumber": number});
        let buildings = ctx.task(Operation::SearchBuildings, body, &mut out).await?;
        let Some(building) = buildings.result.as_ref().and_then(|r| nth(r, turn)).cloned() else {
            walked.push(format!(
                "{zip}: no building at {} {} (dead end)",
                shown(&number),
                shown(&street["streetName"])
            ));
            continue;
        };
        let test = ctx.task(Operation::TestBuilding, json!({"building": building["reference"]}), &mut out).await?;
        let Some(result) = test.result.as_ref() else {
            walked.push(format!("{zip}: building {} -> {}", shown(&building["reference"]), test.describe()));
            continue;
        };
        let address = &result["endpoint"]["address"];
        for (field, expected) in
            [("streetName", &street["streetName"]), ("streetNumber", &number), ("inseeCode", &city["inseeCode"])]
        {
            if address[field] != *expected {
                return Err(at(&format!(
                    "the test of building {} is about {field} {}, the search said {}",
                    shown(&building["reference"]),
                    address[field],
                    expected
                )));
            }
        }
        let reference = result["eligibilityReference"].as_str().unwrap_or_default().to_owned();
        let mut call = Call::new(Operation::GetEligibilityTest);
        call.query = vec![("eligibilityReference".to_owned(), reference.clone())];
        let again = ctx.send(&call).await?;
        if again.status != 200 {
            return Err(at(&format!("its reference does not resolve: HTTP {}: {}", again.status, again.text())));
        }
        let decoded = decode_into_wire_type(Operation::GetEligibilityTest, &again, &mut out.warnings)?;
        if decoded["eligibilityReference"] != reference.as_str() {
            return Err(at("GET test by reference answered another test"));
        }
        walked.push(format!(
            "{zip}: {} {}, {} -> {}",
            shown(&number),
            shown(&street["streetName"]),
            shown(&city["city"]),
            test.describe()
        ));
    }
    out.message = format!("{} flow(s):\n{}", walked.len(), walked.join("\n"));
    Ok(out)
}
