//! Identifiers and names as people type them: each form gives the answer of the form the API
//! knows, and what is not a French identifier exits 2, naming the expected form, before any
//! request reaches the API.

use serde_json::Value;

use crate::support::*;

/// The bodies of the API requests the mock received, oldest first (`GET /__admin/requests`).
fn request_bodies(mock: &Mock) -> Vec<String> {
    let (status, list) = http(mock.addr(), "GET", "/__admin/requests", "", "");
    assert_eq!(status, 200, "{list}");
    let list: Vec<Value> = serde_json::from_str(&list).unwrap();
    list.iter()
        .map(|entry| {
            let id = entry["queryId"].as_str().unwrap();
            let (_, one) = http(mock.addr(), "GET", &format!("/__admin/requests/{id}"), "", "");
            let one: Value = serde_json::from_str(&one).unwrap();
            one["requestBody"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

#[test]
fn line_numbers_in_every_written_form_are_the_same_line() {
    let mock = Mock::start();
    let canonical = run(&mock, &["eligibility", "line", "0123456789"]);
    assert_eq!(canonical.code, 0, "{}", canonical.stderr);
    for typed in [
        "01 23 45 67 89",
        "01.23.45.67.89",
        "01-23-45-67-89",
        "+33 1 23 45 67 89",
        "+33 (0)1 23 45 67 89",
        "+33123456789",
        "0033 1 23 45 67 89",
        " 0123456789 ",
    ] {
        let typed_run = run(&mock, &["eligibility", "line", typed]);
        assert_eq!((typed_run.code, typed_run.stderr.as_str()), (0, ""), "{typed:?}");
        assert_eq!(typed_run.stdout, canonical.stdout, "{typed:?}");
    }
    let canonical = run(&mock, &["search", "buildings", "--line", "0123456789", "--inactive"]);
    assert_eq!(canonical.code, 0, "{}", canonical.stderr);
    for typed in ["01 23 45 67 89", "+33 1 23 45 67 89", "0033123456789"] {
        let typed_run = run(&mock, &["search", "buildings", "--line", typed, "--inactive"]);
        assert_eq!((typed_run.code, &typed_run.stdout), (0, &canonical.stdout), "{typed:?}: {}", typed_run.stderr);
    }
    assert!(
        request_bodies(&mock).iter().all(|body| !body.contains("lineNumber") || body.contains(r#""0123456789""#)),
        "every request carries the ten digits"
    );
}

#[test]
fn what_is_not_a_french_identifier_exits_2_before_any_request() {
    let mock = Mock::start();
    let refused = |args: &[&str], expected: &str| {
        let result = run(&mock, args);
        assert_eq!(result.code, 2, "{args:?}: {}", result.stderr);
        assert!(result.stderr.contains(expected), "{args:?}: {}", result.stderr);
        assert_eq!(result.stdout, "", "{args:?}");
    };
    let line = "not a French line number: ten digits starting with 0 (`0123456789`, `01 23 45 67 89`, \
                `+33 1 23 45 67 89`)";
    for typed in
        ["abc", "012345678", "01234", "01234567890", "1234567890", "+44 20 7946 0958", "0044 1 23 45 67 89", ""]
    {
        refused(&["eligibility", "line", typed], &format!("error: invalid value '{typed}' for '<NUMBER>': {line}\n"));
        refused(&["search", "buildings", "--line", typed], &format!("for '--line <LINE>': {line}\n"));
    }
    let zip = "not a French zip code: five digits (`91400`, `75 011`)";
    for typed in ["9140", "914000", "abcde", "91 40O"] {
        refused(&["search", "cities", typed], &format!("error: invalid value '{typed}' for '<ZIP>': {zip}\n"));
        let address = ["eligibility", "address", "--zip", typed, "--street", "verger", "--number", "2"];
        refused(&address, &format!("error: invalid value '{typed}' for '--zip <ZIP>': {zip}\n"));
    }
    refused(&["search", "streets", "91'471"], "invalid value '91'471' for '<INSEE>': not a code of the API");
    refused(&["search", "numbers", "9147132200?"], "for '<STREET_CODE>': not a code of the API: letters and digits");
    refused(&["search", "lines", "--street-code", "9147132200", "--number", " - "], "a street number cannot be empty");
    refused(&["eligibility", "building", "  "], "a reference cannot be empty");
    let building = "not a building reference: `IMB/` then its parts separated by `/` (`IMB/91471/C/NT8X`)";
    for typed in ["abc", "IMB", "IMB/91471", "IMB/75111/C/????", "OO-XXXX-XXXX/C"] {
        refused(
            &["eligibility", "building", typed],
            &format!("invalid value '{typed}' for '<REFERENCE>': {building}\n"),
        );
    }
    let otp = "not an optical termination point: two letters, then two groups of four letters or digits";
    for typed in ["abc", "OO-12", "OO-XXXX-XXXXX", "12-XXXX-XXXX", "OO-XXXX-XXXX/CCCCC", "IMB/91471/C/NT8X"] {
        refused(&["eligibility", "otp", typed], &format!("invalid value '{typed}' for '<REFERENCE>': {otp}"));
    }
    assert_eq!(request_bodies(&mock), Vec::<String>::new(), "no request reached the API");
}

#[test]
fn zip_codes_codes_and_references_as_people_type_them() {
    let mock = Mock::start();
    let same = |typed: &[&str], canonical: &[&str]| {
        let (typed_run, canonical_run) = (run(&mock, typed), run(&mock, canonical));
        assert_eq!(canonical_run.code, 0, "{canonical:?}: {}", canonical_run.stderr);
        assert_eq!(typed_run.code, 0, "{typed:?}: {}", typed_run.stderr);
        assert_eq!(typed_run.stdout, canonical_run.stdout, "{typed:?}");
        assert_eq!(typed_run.stderr, canonical_run.stderr, "{typed:?}");
    };
    same(&["search", "cities", "91 400"], &["search", "cities", "91400"]);
    same(&["search", "cities", " 91400 "], &["search", "cities", "91400"]);
    same(&["search", "streets", "91 471"], &["search", "streets", "91471"]);
    same(&["search", "numbers", " 9147132200 "], &["search", "numbers", "9147132200"]);
    same(&["eligibility", "building", "imb/91471/c/nt8x"], &["eligibility", "building", "IMB/91471/C/NT8X"]);
    same(&["eligibility", "building", " Imb/91471/C/nt8X "], &["eligibility", "building", "IMB/91471/C/NT8X"]);
    same(&["eligibility", "otp", "oo-xxxx-xxxx/c"], &["eligibility", "otp", "OO-XXXX-XXXX/C"]);
    same(&["eligibility", "otp", "oo aaaa 0003"], &["eligibility", "otp", "OO-AAAA-0003"]);
    same(&["eligibility", "otp", "OOAAAA0003"], &["eligibility", "otp", "OO-AAAA-0003"]);
    let address = ["eligibility", "address", "--street", "bd des champs", "--number", "1", "--zip"];
    same(&[&address[..], &["35 000"]].concat(), &[&address[..], &["35000"]].concat());
}

#[test]
fn street_numbers_are_written_as_the_api_writes_them_in_every_command() {
    let mock = Mock::start();
    // The address flow: `5 ter` is RENNES' 5T.
    for typed in ["5 ter", "5ter", "5 T", "5t", "5-ter"] {
        let rennes =
            run(&mock, &["eligibility", "address", "--zip", "35000", "--street", "bd des champs", "--number", typed]);
        assert_eq!(rennes.code, 0, "{typed:?}: {}", rennes.stderr);
        assert!(rennes.stdout.contains("5T BOULEVARD DES CHAMPS, 35000 RENNES"), "{typed:?}: {}", rennes.stdout);
    }
    // The searches send the same function's form.
    let canonical = run(&mock, &["search", "buildings", "--street-code", "9147132200", "--number", "2B"]);
    assert_eq!(canonical.code, 0, "{}", canonical.stderr);
    for typed in ["2 bis", "2bis", "2 B", "2b", "2 Bis"] {
        let buildings = run(&mock, &["search", "buildings", "--street-code", "9147132200", "--number", typed]);
        assert_eq!((buildings.code, &buildings.stdout), (0, &canonical.stdout), "{typed:?}: {}", buildings.stderr);
        let lines = run(&mock, &["search", "lines", "--street-code", "9147132200", "--number", typed]);
        assert_eq!(lines.code, 0, "{typed:?}: {}", lines.stderr);
    }
    let lines = run(&mock, &["search", "lines", "--street-code", "9147132200", "--number", "3 ter"]);
    assert_eq!(lines.code, 0, "{}", lines.stderr);
    let bodies = request_bodies(&mock);
    let numbers: Vec<&str> =
        bodies.iter().filter_map(|body| body.split(r#""streetNumber":""#).nth(1)?.split('"').next()).collect();
    assert!(!numbers.is_empty());
    assert!(numbers.iter().all(|number| ["5T", "2B", "3T"].contains(number)), "{numbers:?}");
}

#[test]
fn misspelt_streets_get_suggestions_with_or_without_their_type() {
    let mock = Mock::start();
    let suggested = |street: &str, expected: &str| {
        let result = run(&mock, &["eligibility", "address", "--zip", "69003", "--street", street, "--number", "1"]);
        assert_eq!(result.code, 2, "{street:?}: {}", result.stderr);
        let wanted =
            format!("error: no street of LYON 3E ARRONDISSEMENT matches `{street}`; did you mean:\n{expected}");
        assert_eq!(result.stderr, wanted, "{street:?}");
    };
    suggested("jean moulun", "  RUE JEAN MOULIN\n");
    suggested("rue jaen moulin", "  RUE JEAN MOULIN\n");
    suggested("jaen moulin", "  RUE JEAN MOULIN\n");
    suggested("general de gaule", "  RUE DU GENERAL DE GAULLE\n  BOULEVARD DU GENERAL DE GAULLE\n");
    suggested("r. du generl de gaulle", "  RUE DU GENERAL DE GAULLE\n  BOULEVARD DU GENERAL DE GAULLE\n");
    suggested("bd general de gaule", "  BOULEVARD DU GENERAL DE GAULLE\n  RUE DU GENERAL DE GAULLE\n");
}
