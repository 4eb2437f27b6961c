//! The cases issue 18 found contradicting themselves, as the default world answers them now:
//! each checked by the properties of `contradictions.rs`, and a reviewed snapshot of them
//! (`snapshots/contradictions-resolved.snap`).

use ovh_connectivity_types::Operation;
use serde_json::json;

use super::World;
use super::contradictions::never_contradicts_itself;
use super::tests::checked;

/// The cases issue 18 found contradicting themselves, as the default world answers them now:
/// line 0202608000 (VDSL estimates; active, so asked as inactive it is not found), the first
/// inactive line of the scan above with an eligible offer (shared unbundling refused beside
/// it), an address no copper reaches (a new
/// building in Paris), the first line of the scan whose exchange is not open yet ("not
/// available in this area", and nothing eligible beside it), and the newcomer's address in
/// Lyon (69003, street 6938310264, number 1): its line 0405997000 with one status in
/// `search/lines`, `test/line` and `test/address`, in the same building and stair.
#[test]
fn the_cases_that_contradicted_themselves_are_reviewed() {
    let world = World::new(0, super::super::config::WorldSettings::DEFAULT_SECRET);
    let line = |number: &str, status: &str| {
        checked(&world, Operation::TestLine, json!({"lineNumber": number, "status": status}))
    };
    let streets = checked(&world, Operation::SearchStreets, json!({"inseeCode": "75111"}));
    let no_copper = streets["result"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|street| {
            let code = &street["streetCode"];
            let numbers = checked(&world, Operation::SearchStreetNumbers, json!({"streetCode": code}));
            numbers["result"].as_array().unwrap().iter().find_map(|number| {
                let address = json!({"streetCode": code, "streetNumber": number});
                let lines = checked(&world, Operation::SearchLines, address.clone());
                lines["result"].as_array().unwrap().is_empty().then_some(address)
            })
        })
        .expect("Paris has addresses without copper");
    let address = checked(&world, Operation::TestAddress, no_copper)["result"].clone();
    let scan = || (0..400u64).map(|i| format!("0{}{:08}", 1 + i % 5, crate::hash::mix(i) % 100_000_000));
    let not_yet_open = scan()
        .map(|number| line(&number, "active")["result"].clone())
        .find(|result| result.to_string().contains("COPPER_NOT_YET_AVAILABLE"))
        .expect("an exchange not open yet");
    let inactive = scan()
        .map(|number| line(&number, "inactive")["result"].clone())
        .find(|result| {
            result["offers"].as_array().is_some_and(|o| o.iter().any(|o| o["eligibility"]["eligible"] == true))
        })
        .expect("an inactive line with an eligible offer");
    let lyon = json!({"streetCode": "6938310264", "streetNumber": "1"});
    let lyon_lines = checked(&world, Operation::SearchLines, lyon.clone())["result"].clone();
    let lyon_address = checked(&world, Operation::TestAddress, lyon)["result"].clone();
    assert_eq!(lyon_address["endpoint"]["reference"], "0405997000", "the newcomer's line");
    let lyon_line = line("0405997000", "active")["result"].clone();
    for result in
        [line("0202608000", "active")["result"].clone(), inactive.clone(), address.clone(), not_yet_open.clone()]
    {
        never_contradicts_itself(&result).unwrap();
    }
    for result in [&lyon_line, &lyon_address] {
        never_contradicts_itself(result).unwrap();
    }
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_json_snapshot!(
            "contradictions-resolved",
            json!({
                "active": line("0202608000", "active")["result"], "activeAskedInactive": line("0202608000", "inactive"),
                "inactive": inactive, "noCopper": address, "notYetOpen": not_yet_open,
                "lyon": {
                    "searchLines": lyon_lines,
                    "testLine": lyon_line["endpoint"],
                    "testLineAskedInactive": line("0405997000", "inactive"),
                    "testAddress": lyon_address["endpoint"],
                },
            })
        );
    });
}
