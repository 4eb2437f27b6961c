//! The world's promises, as properties over drawn zip codes, line numbers and seeds: the chain
//! holds, every answer fits the wire types and round-trips, the same seed gives the same
//! world, lines stay in their zone (that no answer contradicts itself is `contradictions.rs`);
//! and a reviewed snapshot of a few flows.

use ovh_connectivity_fixtures::{decode_answer, decode_request_value};
use ovh_connectivity_types::Operation;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::places::{Places, zone_departments};
use super::{World, WorldAnswer};

/// The world's answer to a body or query, given as the matcher gives it: decoded into the
/// operation's wire type.
pub(super) fn ask(world: &World, operation: Operation, request: &Value) -> WorldAnswer {
    let typed = decode_request_value(operation, request).unwrap_or_else(|e| panic!("{operation} {request}: {e}"));
    world.answer(operation, typed.as_ref(), None)
}

/// The answer's JSON, after checking that it decodes into the operation's wire type and
/// writes back unchanged.
pub(super) fn checked(world: &World, operation: Operation, body: Value) -> Value {
    let answer = ask(world, operation, &body);
    let value: Value = match answer {
        WorldAnswer::Task { body: text, ok } => {
            let value: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(value["status"] == "ok", ok);
            value
        }
        WorldAnswer::Value(text) => serde_json::from_str(&text).unwrap(),
        WorldAnswer::NotFound(message) => panic!("{operation} {body}: not found: {message}"),
    };
    let typed =
        decode_answer(operation, &value.to_string()).unwrap_or_else(|e| panic!("{operation} {body}: {e}\n{value}"));
    assert_eq!(serde_json::to_value(&typed).unwrap(), value, "{operation} {body}: does not round-trip");
    value
}

/// Walks zip → cities → streets → numbers → buildings → tests, checking that each step
/// continues the last; returns what it saw.
fn walk(world: &World, zip: &str, pick: usize) -> Value {
    let cities = checked(world, Operation::SearchCities, json!({"zipCode": zip}));
    let cities = cities["result"].as_array().unwrap();
    assert!(!cities.is_empty(), "every real zip code has communes: {zip}");
    let city = &cities[pick % cities.len()];
    assert_eq!(city["zipCode"], zip);
    let streets = checked(world, Operation::SearchStreets, json!({"inseeCode": city["inseeCode"]}));
    let streets = streets["result"].as_array().unwrap();
    assert!(!streets.is_empty());
    let street = &streets[pick % streets.len()];
    let code = street["streetCode"].as_str().unwrap();
    assert!(code.starts_with(city["inseeCode"].as_str().unwrap()) && code.len() == 10, "{code}");
    let mut codes: Vec<&str> = streets.iter().map(|s| s["streetCode"].as_str().unwrap()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), streets.len(), "street codes are unique in a commune");
    let numbers = checked(world, Operation::SearchStreetNumbers, json!({"streetCode": code}));
    let numbers = numbers["result"].as_array().unwrap();
    let details = checked(world, Operation::SearchStreetNumberDetails, json!({"streetCode": code}));
    assert_eq!(details["result"].as_array().unwrap().len(), numbers.len());
    let number = &numbers[pick % numbers.len()];
    let buildings = checked(world, Operation::SearchBuildings, json!({"streetCode": code, "streetNumber": number}));
    let buildings = buildings["result"].as_array().unwrap();
    assert!(!buildings.is_empty());
    let building = &buildings[pick % buildings.len()];
    let details = checked(world, Operation::SearchBuildingDetails, json!({"building": building["reference"]}));
    assert_eq!(&details["result"], building);
    let test = checked(world, Operation::TestBuilding, json!({"building": building["reference"]}));
    let address = &test["result"]["endpoint"]["address"];
    assert_eq!(address["streetName"], street["streetName"]);
    assert_eq!(address["streetNumber"], *number);
    assert_eq!(address["inseeCode"], city["inseeCode"]);
    assert_eq!(address["streetCode"], street["streetCode"]);
    let lines = checked(world, Operation::SearchLines, json!({"streetCode": code, "streetNumber": number}));
    let line_tests: Vec<Value> = lines["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| {
            let status = &line["copperInfo"]["status"];
            let test = checked(world, Operation::TestLine, json!({"lineNumber": line["lineNumber"], "status": status}));
            assert_eq!(test["status"], "ok", "a line tests with the status its search shows: {line}");
            assert_eq!(test["result"]["endpoint"]["address"]["streetCode"], street["streetCode"]);
            assert_eq!(test["result"]["endpoint"]["address"]["streetNumber"], *number);
            test
        })
        .collect();
    let address_test = checked(world, Operation::TestAddress, json!({"streetCode": code, "streetNumber": number}));
    assert_eq!(address_test["result"]["endpoint"]["address"]["streetNumber"], *number);
    let reference = test["result"]["eligibilityReference"].as_str().unwrap();
    let query = json!({"eligibilityReference": reference});
    let WorldAnswer::Value(again) = ask(world, Operation::GetEligibilityTest, &query) else {
        panic!("the reference does not resolve")
    };
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), test["result"]);
    json!({
        "city": city, "street": street, "number": number, "building": building, "test": test["result"],
        "lines": line_tests, "addressTest": address_test["result"],
    })
}

pub(super) fn real_zip(index: usize) -> &'static str {
    let places = Places::get();
    let commune = places.commune_at(index as u32 % places.commune_count());
    commune.row(index as u32 % commune.row_count()).zip
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_chain_holds_and_every_answer_fits_the_wire_types(index in 0usize..40_000, pick in 0usize..50, seed in any::<u64>()) {
        walk(&World::new(seed, "secret"), real_zip(index), pick);
    }

    #[test]
    fn the_same_seed_gives_the_same_world(index in 0usize..40_000, pick in 0usize..50, seed in any::<u64>()) {
        let zip = real_zip(index);
        prop_assert_eq!(walk(&World::new(seed, "secret"), zip, pick), walk(&World::new(seed, "secret"), zip, pick));
    }

    #[test]
    fn every_geographic_number_has_a_line_in_its_zone(zone in 1u8..=5, digits in 0u64..100_000_000) {
        let world = World::new(7, "secret");
        let number = format!("0{zone}{digits:08}");
        // The line is active or inactive: tested with its own status, it is found.
        let [active, inactive] = ["active", "inactive"]
            .map(|status| checked(&world, Operation::TestLine, json!({"lineNumber": number, "status": status})));
        let test = if active["status"] == "ok" { active } else { inactive };
        prop_assert_eq!(&test["status"], "ok");
        let insee = test["result"]["endpoint"]["address"]["inseeCode"].as_str().unwrap();
        let department = super::places::department_of(insee);
        prop_assert!(zone_departments(zone).contains(&department), "{} is in {}", number, department);
        let offers = test["result"]["offers"].as_array().unwrap();
        // Eligible offers come first.
        let eligible: Vec<bool> = offers.iter().map(|o| o["eligibility"]["eligible"].as_bool().unwrap()).collect();
        prop_assert!(eligible.windows(2).all(|w| w[0] || !w[1]), "{:?}", eligible);
    }

    #[test]
    fn well_formed_otps_find_fibre_buildings(otp in "[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}") {
        let world = World::new(3, "secret");
        let test = checked(&world, Operation::TestOtp, json!({"otp": otp}));
        prop_assert_eq!(&test["status"], "ok");
        prop_assert!(test["result"]["endpoint"]["fiberInfo"].is_object());
    }
}

#[test]
fn different_seeds_draw_different_streets() {
    let streets = |seed| checked(&World::new(seed, "secret"), Operation::SearchStreets, json!({"inseeCode": "75111"}));
    assert_ne!(streets(1), streets(2));
}

#[test]
fn malformed_and_unknown_inputs_find_nothing() {
    let world = World::new(0, "secret");
    for (operation, body) in [
        (Operation::SearchCities, json!({"zipCode": "00000"})),
        (Operation::SearchStreets, json!({"inseeCode": "99999"})),
        (Operation::SearchStreetNumbers, json!({"streetCode": "75111"})),
        (Operation::SearchBuildings, json!({"streetCode": "7511199999", "streetNumber": "1"})),
        (Operation::SearchLines, json!({"streetCode": "x", "streetNumber": "1"})),
    ] {
        assert_eq!(checked(&world, operation, body.clone())["result"], json!([]), "{operation} {body}");
    }
    for (operation, body) in [
        (Operation::TestLine, json!({"lineNumber": "0812345678", "status": "active"})),
        (Operation::TestLine, json!({"lineNumber": "01234", "status": "active"})),
        (Operation::TestOtp, json!({"otp": "not an otp"})),
        (Operation::TestBuilding, json!({"building": "IMB/75111/C/????"})),
        (Operation::SearchBuildingDetails, json!({"building": "IMB/00000/C/AAAA"})),
    ] {
        assert_eq!(checked(&world, operation, body.clone())["status"], "error", "{operation} {body}");
    }
}

#[test]
fn the_empty_world_finds_nothing_with_the_worlds_messages() {
    let (world, empty) = (World::new(0, "secret"), World::empty(0, "secret"));
    let line = json!({"lineNumber": "0123456789", "status": "active"});
    assert_eq!(checked(&empty, Operation::SearchCities, json!({"zipCode": "91400"}))["result"], json!([]));
    assert_ne!(checked(&world, Operation::SearchCities, json!({"zipCode": "91400"}))["result"], json!([]));
    assert_eq!(checked(&world, Operation::TestLine, line.clone())["status"], "ok");
    let refused = checked(&empty, Operation::TestLine, line);
    assert_eq!(refused["error"], "No active line found for number 0123456789");
    let building = checked(&empty, Operation::TestBuilding, json!({"building": "IMB/91471/C/AAAA"}));
    assert_eq!(building["error"], "Building IMB/91471/C/AAAA not found");
    assert_eq!(checked(&empty, Operation::TestOtp, json!({"otp": "FI-1234-5678"}))["status"], "error");
    let recall = json!({"reference": "IMB/91471/C/AAAA", "referenceType": "building"});
    assert_eq!(
        ask(&empty, Operation::CreateRecall, &recall),
        WorldAnswer::NotFound("Building IMB/91471/C/AAAA not found".into())
    );
    for list in [Operation::ListRecalls, Operation::WorkPlannedPartners] {
        assert_eq!(empty.answer(list, None, None), WorldAnswer::Value("[]".into()), "{list}");
    }
    let missing = empty.answer(Operation::GetRecall, None, Some("7"));
    assert_eq!(missing, WorldAnswer::NotFound("The requested object (id = 7) does not exist".into()));
}

#[test]
fn the_same_recall_request_creates_the_same_recall() {
    let world = World::new(0, "secret");
    let recall = json!({"reference": "0123456789", "referenceType": "address", "profiberRequest": true});
    let created = checked(&world, Operation::CreateRecall, recall.clone());
    assert_eq!(created, checked(&world, Operation::CreateRecall, recall));
    assert_eq!((created["profiberRequest"].clone(), created["referenceType"].clone()), (json!(true), json!("address")));
}

#[test]
fn a_sample_of_the_world_is_reviewed() {
    let world = World::new(0, super::super::config::WorldSettings::DEFAULT_SECRET);
    for zip in ["75011", "29000", "13001", "05100"] {
        insta::with_settings!({ snapshot_suffix => zip, omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!("world", walk(&world, zip, 1));
        });
    }
}
