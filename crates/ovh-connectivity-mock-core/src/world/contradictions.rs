//! The world never contradicts itself (issue 18 B), as properties over drawn addresses, lines
//! and OTPs: estimates within the offer's rates, reasons that agree with the endpoint beside
//! them, one message per reason code, one status per line (the same in `search/lines`,
//! `test/line` and `test/address`; the other status is the line-status error), the address
//! test's line in the building and stair its line test shows; and a reviewed snapshot of the
//! cases that once did (`resolved.rs`).

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use ovh_connectivity_fixtures::FixtureSet;
use ovh_connectivity_types::Operation;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::tests::{ask, checked, real_zip};
use super::{World, WorldAnswer};

/// A reason's message with its numbers taken out: `Not enough free pairs: # needed, # available.`
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// Every `{code, message}` object in a JSON value.
fn messages_in(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(code)), Some(Value::String(message))) = (map.get("code"), map.get("message")) {
                out.push((code.clone(), message.clone()));
            }
            map.values().for_each(|v| messages_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| messages_in(v, out)),
        _ => {}
    }
}

/// The message shape of each reason code, as the fixtures (the guide) write it, then as the
/// world first wrote it in this test run: a code keeps one message everywhere.
fn shapes_by_code() -> &'static Mutex<BTreeMap<String, (String, &'static str)>> {
    static SHAPES: OnceLock<Mutex<BTreeMap<String, (String, &'static str)>>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut shapes = BTreeMap::new();
        for fixture in FixtureSet::embedded().expect("the fixtures load").iter() {
            for phase in &fixture.phases {
                let Ok(body) = serde_json::from_str::<Value>(&phase.body) else { continue };
                let mut found = Vec::new();
                messages_in(&body, &mut found);
                for (code, message) in found {
                    shapes.entry(code).or_insert((shape(&message), "a fixture"));
                }
            }
        }
        Mutex::new(shapes)
    })
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("a number: {value}"))
}

/// The checks of one eligibility test result (`result` of a task, or a `GET .../test`): the
/// promises of part B of issue 18.
pub(super) fn never_contradicts_itself(test: &Value) -> Result<(), TestCaseError> {
    let endpoint = &test["endpoint"];
    let copper = &endpoint["copperInfo"];
    let offers = test["offers"].as_array().expect("offers");
    let is_copper = |offer: &Value| ["ADSL", "VDSL", "SDSL"].contains(&offer["product"]["type"].as_str().unwrap());
    let attenuation = copper["sectionsLengths"].as_array().map(|sections| {
        let sections: Vec<super::copper::Section> = sections
            .iter()
            .map(|s| super::copper::Section {
                length_m: s["length"].as_u64().unwrap() as u32,
                diameter: s["diameter"].as_u64().unwrap() as u8,
            })
            .collect();
        super::copper::attenuation_db(&sections)
    });
    let any_eligible_copper = offers.iter().any(|o| is_copper(o) && o["eligibility"]["eligible"] == true);
    let mut messages = Vec::new();
    messages_in(test, &mut messages);
    {
        let mut shapes = shapes_by_code().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for (code, message) in &messages {
            let (known, from) = shapes.entry(code.clone()).or_insert((shape(message), "the world"));
            prop_assert_eq!(&shape(message), known, "{} has another message in {}: {}", code, from, test);
        }
    }
    for offer in offers {
        let (product, eligibility) = (&offer["product"], &offer["eligibility"]);
        let eligible = eligibility["eligible"] == true;
        let reasons = eligibility["reasons"].as_array().unwrap();
        let codes: Vec<&str> = reasons.iter().map(|r| r["code"].as_str().unwrap()).collect();
        let here = format!("{} in {test}", product["code"]);
        prop_assert_eq!(
            eligible,
            reasons.is_empty(),
            "an offer is eligible exactly when nothing is against it: {}",
            here
        );
        // 1. No estimate above the offer's own rate.
        for (estimate, rate) in [("estimatedDownloadRate", "downloadRate"), ("estimatedUploadRate", "uploadRate")] {
            if !eligibility[estimate].is_null() {
                prop_assert!(
                    number(&eligibility[estimate]) <= number(&product[rate]),
                    "{} over {}: {}",
                    estimate,
                    rate,
                    here
                );
            }
        }
        // Every reason that holds is listed: a product needing more pairs than the line has
        // free says so, whatever else is against it.
        if let (Some(needed), Some(free)) = (product["pairs"].as_u64(), copper["availablePairs"].as_u64())
            && product["type"] == "SDSL"
            && needed > free
        {
            prop_assert!(
                reasons.iter().any(|reason| reason["code"] == "PAIRS_SATURATION"),
                "{} pairs needed, {} free, and no PAIRS_SATURATION: {}",
                needed,
                free,
                here
            );
        }
        // 2. No reason that denies the endpoint beside it.
        for reason in reasons {
            let (code, message) = (reason["code"].as_str().unwrap(), reason["message"].as_str().unwrap());
            if message.contains("active telephone line") {
                prop_assert_eq!(&copper["status"], "inactive", "{} beside a line that is not inactive: {}", code, here);
            }
            if code == "COPPER_NOT_AVAILABLE" {
                prop_assert!(copper.is_null(), "no copper here, beside a copper line: {}", here);
            }
            if code == "PAIRS_SATURATION" {
                let counts: Vec<u64> =
                    message.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
                prop_assert_eq!(counts.len(), 2, "{}", here);
                prop_assert_eq!(
                    counts[0],
                    product["pairs"].as_u64().unwrap(),
                    "the pairs needed are the product's: {}",
                    here
                );
                prop_assert_eq!(
                    counts[1],
                    copper["availablePairs"].as_u64().unwrap(),
                    "the pairs free are the line's: {}",
                    here
                );
                prop_assert!(counts[0] > counts[1], "{}", here);
            }
            if code == "FIBER_NOT_YET_DEPLOYED" {
                prop_assert!(endpoint["fiberInfo"].is_null(), "no fibre yet, beside the building's fibre: {}", here);
            }
            // 3. "Not available in this area" never beside an eligible copper offer.
            if code == "COPPER_NOT_YET_AVAILABLE" || message.contains("in this area") {
                prop_assert!(!any_eligible_copper, "{} beside an eligible copper offer: {}", code, here);
                prop_assert!(reason["availabilityDate"].is_string(), "not yet, but from when: {}", here);
            }
        }
        // The line's attenuation is the verdict's (ADSL past 70 dB, VDSL past 23 dB).
        let limit = match product["type"].as_str().unwrap() {
            "ADSL" => Some(super::copper::ADSL_LIMIT_DB),
            "VDSL" => Some(super::copper::VDSL_LIMIT_DB),
            _ => None,
        };
        if let (Some(limit), Some(attenuation)) = (limit, attenuation) {
            prop_assert_eq!(
                codes.contains(&"TOO_MUCH_ATTENUATION"),
                attenuation > limit,
                "{:.1} dB: {}",
                attenuation,
                here
            );
        }
        if codes.contains(&"TOO_MUCH_ATTENUATION") {
            let same_reach =
                |o: &&Value| o["product"]["type"] == product["type"] && o["product"]["pairs"] == product["pairs"];
            prop_assert!(
                !offers.iter().filter(same_reach).any(|o| o["eligibility"]["eligible"] == true),
                "too much attenuation for one offer, not for its twin: {}",
                here
            );
        }
        if eligible && is_copper(offer) {
            prop_assert!(copper.is_object(), "an eligible copper offer without copper: {}", here);
        }
        if eligible && product["type"] == "FTTH" {
            prop_assert!(endpoint["fiberInfo"].is_object(), "an eligible fibre offer without fibre: {}", here);
        }
        // A new line (neighbour-line creation) has no telephone service to share: no verdict on
        // shared unbundling beside the neighbour's active line.
        if eligibility["activationTypes"].as_array().unwrap().iter().any(|t| t == "createNeighbour") {
            prop_assert_ne!(&product["unbundlingType"], "partial", "{}", here);
        }
    }
    if let Some(portability) = endpoint["portability"].as_object() {
        let eligibility = &portability["eligibility"];
        prop_assert!(
            eligibility["eligible"] != true || eligibility["reasons"].as_array().unwrap().is_empty(),
            "portable, with reasons against: {}",
            test
        );
    }
    Ok(())
}

/// The result of an eligibility test, checked as `checked` does, and by its reference again.
fn tested(world: &World, operation: Operation, body: Value) -> Result<Option<Value>, TestCaseError> {
    let task = checked(world, operation, body);
    if task["status"] != "ok" {
        return Ok(None);
    }
    let result = task["result"].clone();
    never_contradicts_itself(&result)?;
    let query = json!({"eligibilityReference": result["eligibilityReference"]});
    let WorldAnswer::Value(again) = ask(world, Operation::GetEligibilityTest, &query) else {
        panic!("the reference does not resolve: {result}")
    };
    prop_assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), result.clone());
    Ok(Some(result))
}

/// The other line status, as the API writes it.
fn other_status(status: &str) -> &'static str {
    if status == "active" { "inactive" } else { "active" }
}

/// A line is active or inactive, never both (a newcomer found `0405997000` both): tested with
/// `status`, it is found with that status in its `copperInfo`, and `search/buildingsByLine`
/// finds its building; with the other status, the test ends in the task error of the fixture
/// `test/line/0987654321-inactive-error` and `search/buildingsByLine` finds nothing. The line
/// test's result, checked as `tested` does.
fn line_has_one_status(world: &World, number: &str, status: &str) -> Result<Value, TestCaseError> {
    let result = tested(world, Operation::TestLine, json!({"lineNumber": number, "status": status}))?;
    let Some(result) = result else {
        return Err(TestCaseError::fail(format!("line {number} is not found as {status}")));
    };
    prop_assert_eq!(&result["endpoint"]["copperInfo"]["status"], status, "{}", result);
    let other = other_status(status);
    let refused = checked(world, Operation::TestLine, json!({"lineNumber": number, "status": other}));
    prop_assert_eq!(&refused["status"], "error", "{} is {} and {}: {}", number, status, other, refused);
    prop_assert_eq!(&refused["error"], &json!(format!("No {other} line found for number {number}")));
    for (asked, found) in [(status, 1), (other, 0)] {
        let buildings =
            checked(world, Operation::SearchBuildingsByLine, json!({"lineNumber": number, "status": asked}));
        prop_assert_eq!(
            buildings["result"].as_array().unwrap().len(),
            found,
            "{} asked {}: {}",
            number,
            asked,
            buildings
        );
    }
    Ok(result)
}

/// Every eligibility test at a drawn address: each line `search/lines` lists, with the status
/// it shows (and refused with the other), each building's, and the address's own
/// (neighbour-line creation), whose line has the status and the place (building, stair) its
/// line test shows.
fn tests_at_an_address(world: &World, zip: &str, pick: usize) -> Result<Vec<Value>, TestCaseError> {
    let cities = checked(world, Operation::SearchCities, json!({"zipCode": zip}));
    let city = &cities["result"][pick % cities["result"].as_array().unwrap().len()];
    let streets = checked(world, Operation::SearchStreets, json!({"inseeCode": city["inseeCode"]}));
    let street = &streets["result"][pick % streets["result"].as_array().unwrap().len()];
    let code = &street["streetCode"];
    let numbers = checked(world, Operation::SearchStreetNumbers, json!({"streetCode": code}));
    let number = &numbers["result"][(pick * 7) % numbers["result"].as_array().unwrap().len()];
    let address = json!({"streetCode": code, "streetNumber": number});
    let mut results = Vec::new();
    let mut line_tests = BTreeMap::new();
    for line in checked(world, Operation::SearchLines, address.clone())["result"].as_array().unwrap() {
        let number = line["lineNumber"].as_str().unwrap();
        let status = line["copperInfo"]["status"].as_str().unwrap();
        let result = line_has_one_status(world, number, status)?;
        for field in ["building", "stairs", "streetCode", "streetNumber"] {
            prop_assert_eq!(&result["endpoint"]["address"][field], &line["address"][field], "{}: {}", field, result);
        }
        line_tests.insert(number.to_owned(), result.clone());
        results.push(result);
    }
    for building in checked(world, Operation::SearchBuildings, address.clone())["result"].as_array().unwrap() {
        results.extend(tested(world, Operation::TestBuilding, json!({"building": building["reference"]}))?);
    }
    let address_test = tested(world, Operation::TestAddress, address)?;
    let Some(address_test) = address_test else {
        return Err(TestCaseError::fail("an address the search lists has a test"));
    };
    let endpoint = &address_test["endpoint"];
    if endpoint["referenceType"] == "lineNumber" {
        let number = endpoint["reference"].as_str().unwrap();
        let Some(line_test) = line_tests.get(number) else {
            return Err(TestCaseError::fail(format!("the neighbour line {number} is not in search/lines")));
        };
        let line_endpoint = &line_test["endpoint"];
        prop_assert_eq!(
            &endpoint["copperInfo"]["status"],
            &line_endpoint["copperInfo"]["status"],
            "the neighbour line's status: {}",
            address_test
        );
        for field in ["building", "stairs"] {
            prop_assert_eq!(
                &endpoint["address"][field],
                &line_endpoint["address"][field],
                "the neighbour line's {} in the address test and in its line test: {}",
                field,
                address_test
            );
        }
    } else {
        prop_assert!(line_tests.is_empty(), "no neighbour line, beside lines at the address: {}", address_test);
    }
    results.push(address_test);
    Ok(results)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn answers_at_an_address_never_contradict_themselves(index in 0usize..40_000, pick in 0usize..50, seed in any::<u64>()) {
        let results = tests_at_an_address(&World::new(seed, "secret"), real_zip(index), pick)?;
        prop_assert!(!results.is_empty(), "an address always has an eligibility test");
    }

    #[test]
    fn line_answers_never_contradict_themselves(zone in 1u8..=5, digits in 0u64..100_000_000, seed in any::<u64>()) {
        let world = World::new(seed, "secret");
        let number = format!("0{zone}{digits:08}");
        // Every geographic number has a line, active or inactive: found with its own status.
        let found = ["active", "inactive"]
            .into_iter()
            .filter(|status| checked(&world, Operation::TestLine, json!({"lineNumber": number, "status": status}))["status"] == "ok")
            .collect::<Vec<_>>();
        prop_assert_eq!(found.len(), 1, "{} is found as {:?}", number, found);
        let result = line_has_one_status(&world, &number, found[0])?;
        // Where `search/lines` lists it at its address, it shows the same status.
        let address = &result["endpoint"]["address"];
        let lines = checked(&world, Operation::SearchLines, json!({"streetCode": address["streetCode"], "streetNumber": address["streetNumber"]}));
        for line in lines["result"].as_array().unwrap().iter().filter(|line| line["lineNumber"] == number.as_str()) {
            prop_assert_eq!(&line["copperInfo"]["status"], found[0], "{}", line);
        }
    }

    #[test]
    fn otp_answers_never_contradict_themselves(otp in "[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}", seed in any::<u64>()) {
        tested(&World::new(seed, "secret"), Operation::TestOtp, json!({"otp": otp}))?;
    }
}

/// The properties above see every reason the world gives: a scan of one world finds each, so
/// none of their checks is idle.
#[test]
fn the_property_tests_meet_every_reason() {
    let world = World::new(0, "secret");
    let mut seen = BTreeMap::new();
    let mut note = |result: Option<Value>| {
        let mut found = Vec::new();
        messages_in(&result.unwrap_or_default(), &mut found);
        for (code, _) in found {
            *seen.entry(code).or_insert(0) += 1;
        }
    };
    for i in 0..400u64 {
        let number = format!("0{}{:08}", 1 + i % 5, crate::hash::mix(i) % 100_000_000);
        for status in ["active", "inactive"] {
            note(tested(&world, Operation::TestLine, json!({"lineNumber": number, "status": status})).unwrap());
        }
    }
    for index in (0..40_000).step_by(400) {
        for result in tests_at_an_address(&world, real_zip(index), index / 400).unwrap() {
            note(Some(result));
        }
    }
    let expected = [
        "TOO_MUCH_ATTENUATION",
        "COPPER_NOT_YET_AVAILABLE",
        "COPPER_NOT_AVAILABLE",
        "INCOMPATIBLE_LOCAL_LOOP",
        "PRODUCT_NOT_AVAILABLE",
        "PAIRS_SATURATION",
        "FIBER_NOT_YET_DEPLOYED",
        "DELAY_7",
        "3049",
    ];
    for code in expected {
        assert!(seen.contains_key(code), "{code} never drawn: {seen:?}");
    }
    assert_eq!(seen.len(), expected.len(), "a reason the list above does not know: {seen:?}");
}
