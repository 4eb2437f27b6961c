use ovh_connectivity_types::*;

#[test]
fn constructors_write_required_fields_only() {
    let cases: Vec<(String, &str)> = vec![
        (serde_json::to_string(&SearchCitiesRequest::new("91400")).unwrap(), r#"{"zipCode":"91400"}"#),
        (serde_json::to_string(&SearchStreetsRequest::new("91471")).unwrap(), r#"{"inseeCode":"91471"}"#),
        (
            serde_json::to_string(&SearchStreetNumbersRequest::new("9147132200")).unwrap(),
            r#"{"streetCode":"9147132200"}"#,
        ),
        (
            serde_json::to_string(&SearchBuildingsRequest::at_street_number("9147132200", "2")).unwrap(),
            r#"{"streetCode":"9147132200","streetNumber":"2"}"#,
        ),
        (
            serde_json::to_string(&SearchBuildingsRequest::at_hexacle("91471100007")).unwrap(),
            r#"{"hexacle":"91471100007"}"#,
        ),
        (
            serde_json::to_string(&SearchBuildingsByLineRequest::new("0123456789", LineStatus::Inactive)).unwrap(),
            r#"{"lineNumber":"0123456789","status":"inactive"}"#,
        ),
        (
            serde_json::to_string(&TestBuildingRequest::new("IMB/91471/C/NT8X")).unwrap(),
            r#"{"building":"IMB/91471/C/NT8X"}"#,
        ),
        (serde_json::to_string(&TestOtpRequest::new("OO-XXXX-XXXX/C")).unwrap(), r#"{"otp":"OO-XXXX-XXXX/C"}"#),
        (
            serde_json::to_string(&TestLineRequest::new("0123456789", LineStatus::Active)).unwrap(),
            r#"{"lineNumber":"0123456789","status":"active"}"#,
        ),
        (
            serde_json::to_string(&RecallRequest::new("IMB/1", ReferenceType::Building)).unwrap(),
            r#"{"reference":"IMB/1","referenceType":"building"}"#,
        ),
        (serde_json::to_string(&GenericIncidentQuery::default()).unwrap(), "{}"),
    ];
    for (actual, expected) in cases {
        assert_eq!(actual, expected);
    }
}

#[test]
fn optional_fields_are_written_when_set() {
    let mut request = SearchMeetingsRequest::new("ref");
    request.product_type = Some(OfferProductType::Ftth);
    request.installation_type = Some(InstallationType::ActivateUndefined);
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"eligibilityReference":"ref","type":"FTTH","installationType":"activate_undefined"}"#
    );
}
