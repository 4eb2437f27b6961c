use ovh_connectivity_types::*;
use serde_json::{Value, json};

#[test]
fn the_guides_success_example_decodes_and_is_written_canonically() {
    // Verbatim from the French guide: status "success" and the misspelt key "erreur".
    let task: AsyncTask<Value> =
        serde_json::from_str(r#"{"status": "success", "result": {"une clé": "une valeur"}, "erreur": null}"#).unwrap();
    assert_eq!(task.status, AsyncTaskStatus::Ok);
    assert_eq!(
        serde_json::to_value(&task).unwrap(),
        json!({"status": "ok", "result": {"une clé": "une valeur"}, "error": null})
    );
}

#[test]
fn the_guides_other_status_spellings_decode() {
    for (wire, status) in [
        ("pending", AsyncTaskStatus::Pending),
        ("doing", AsyncTaskStatus::Pending),
        ("ok", AsyncTaskStatus::Ok),
        ("done", AsyncTaskStatus::Ok),
        ("success", AsyncTaskStatus::Ok),
        ("error", AsyncTaskStatus::Error),
    ] {
        let decoded: AsyncTaskStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(decoded, status, "{wire}");
        assert!(decoded.is_known());
    }
    let doing: AsyncTask<Value> = serde_json::from_str(r#"{"status":"doing","result":null,"error":null}"#).unwrap();
    assert_eq!(serde_json::to_string(&doing).unwrap(), r#"{"status":"pending","result":null,"error":null}"#);
}

#[test]
fn an_error_message_survives_the_misspelt_key() {
    let task: AsyncTask<Value> =
        serde_json::from_str(r#"{"status":"error","result":null,"erreur":"L'action a échoué"}"#).unwrap();
    assert_eq!(task.into_outcome(), TaskOutcome::Failed("L'action a échoué".to_owned()));
}

#[test]
fn an_unknown_status_is_kept_and_not_terminal() {
    let task: AsyncTask<Value> = serde_json::from_str(r#"{"status":"queued","result":null,"error":null}"#).unwrap();
    assert!(!task.status.is_known());
    assert!(!task.status.is_terminal());
    assert_eq!(task.status.as_str(), "queued");
    assert_eq!(serde_json::to_value(&task).unwrap()["status"], "queued");
}

/// The guide's test/line answer, trimmed to one offer but otherwise verbatim: it has no
/// `operator`, `unbundlingType` or `multiOtp`, which the 2026 schema defines.
const GUIDE_TEST_LINE: &str = r#"{
  "status": "ok", "error": null,
  "result": {
    "offers": [{
      "eligibility": {
        "reasons": [{"message": "Copper not currently available in this area.", "code": "COPPER_NOT_YET_AVAILABLE", "availabilityDate": null}],
        "estimatedUploadRate": 1, "activationTypes": ["activate"], "eligible": false,
        "estimatedDownloadRate": 8.17, "underConditions": []
      },
      "product": {
        "uploadRate": 1, "pairs": 1, "downloadRate": 20, "name": "ADSL-Max with shared unbundling",
        "provider": "KOSC", "code": "ADSL-MAX_SHARED", "guaranteed": false, "type": "ADSL", "grt": []
      }
    }],
    "endpoint": {
      "portability": {"type": null, "eligibility": {"underConditions": [], "eligible": false,
        "reasons": [{"availabilityDate": null, "code": "3049", "message": "L opérateur détient le parc à modifier"}]},
        "quarantineEndDate": null},
      "referenceType": "lineNumber", "fiberInfo": null,
      "copperInfo": {"sectionsLengths": [{"diameter": 4, "length": 3010}], "maxAvailablePairs": 1, "status": "active",
        "underConstruction": false, "unlistedNumber": false, "availablePairs": 1, "nra": "90123ABC"},
      "reference": "0123456789",
      "address": {"door": "00002", "city": "PARIS", "floor": null, "stairs": null, "streetName": "RUE DES JARDINS",
        "housingComplex": "", "zipCode": "94123", "building": null, "streetCode": "9412301234", "streetNumber": "4",
        "ownerName": null, "inseeCode": "94321"}
    },
    "eligibilityReference": "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"
  }
}"#;

#[test]
fn the_guides_answer_without_newer_fields_decodes() {
    let task: AsyncTask<EligibilityTest> = serde_json::from_str(GUIDE_TEST_LINE).unwrap();
    let TaskOutcome::Done(test) = task.into_outcome() else { panic!("ok task") };
    let offer = &test.offers[0];
    assert_eq!(offer.product.operator, None);
    assert_eq!(offer.product.unbundling_type, None);
    assert_eq!(offer.eligibility.multi_otp, None);
    assert_eq!(offer.eligibility.reasons[0].code, MessageCode::CopperNotYetAvailable);
    assert_eq!(test.endpoint.portability.unwrap().eligibility.reasons[0].code, MessageCode::Code3049);
    // Whole doubles are written as the API writes them; others keep their digits.
    let product = serde_json::to_string(&offer.product).unwrap();
    assert!(product.contains(r#""downloadRate":20,"#), "{product}");
    assert!(!product.contains("operator"), "an absent non-null field stays absent: {product}");
    let eligibility = serde_json::to_string(&offer.eligibility).unwrap();
    assert!(eligibility.contains(r#""estimatedDownloadRate":8.17"#), "{eligibility}");
}

#[test]
fn fields_and_values_that_do_not_exist_yet_decode_and_are_kept() {
    let mut answer: Value = serde_json::from_str(GUIDE_TEST_LINE).unwrap();
    let result = &mut answer["result"];
    result["brandNewField"] = json!({"nested": [1, 2, 3]});
    result["endpoint"]["referenceType"] = json!("satellite");
    result["endpoint"]["copperInfo"]["status"] = json!("suspended");
    result["offers"][0]["product"]["type"] = json!("FTTX");
    result["offers"][0]["product"]["unbundlingType"] = json!("virtual");
    result["offers"][0]["product"]["speedTier"] = json!(7);
    result["offers"][0]["eligibility"]["activationTypes"] = json!(["activate", "teleport"]);
    result["offers"][0]["eligibility"]["reasons"][0]["code"] = json!("SOLAR_FLARE");
    answer["status"] = json!("ok");

    let task: AsyncTask<EligibilityTest> = serde_json::from_value(answer).unwrap();
    let test = task.result.unwrap();
    assert!(!test.endpoint.reference_type.is_known());
    let offer = &test.offers[0];
    assert_eq!(offer.product.product_type.as_str(), "FTTX");
    assert_eq!(offer.eligibility.activation_types[0], ActivationType::Activate);
    assert_eq!(offer.eligibility.activation_types[1].as_str(), "teleport");

    // Unknown values are written back exactly; unknown fields are not kept.
    let back = serde_json::to_value(&test).unwrap();
    assert_eq!(back["endpoint"]["referenceType"], "satellite");
    assert_eq!(back["endpoint"]["copperInfo"]["status"], "suspended");
    assert_eq!(back["offers"][0]["product"]["type"], "FTTX");
    assert_eq!(back["offers"][0]["product"]["unbundlingType"], "virtual");
    assert_eq!(back["offers"][0]["eligibility"]["reasons"][0]["code"], "SOLAR_FLARE");
    assert!(back.get("brandNewField").is_none());
}

#[test]
fn a_missing_non_null_field_fails_with_its_name() {
    let error = serde_json::from_str::<City>(r#"{"city":"ORSAY","zipCode":"91400"}"#).unwrap_err();
    assert!(error.to_string().contains("inseeCode"), "{error}");
}

#[test]
fn a_field_of_the_wrong_type_fails() {
    assert!(serde_json::from_str::<SectionLength>(r#"{"diameter":"4","length":3010}"#).is_err());
    assert!(serde_json::from_str::<LineStatus>("1").is_err());
}
