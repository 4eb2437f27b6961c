//! Request bodies and query parameters of every `/connectivity` operation.
//!
//! Required fields are constructor arguments; optional fields are public and left out of the
//! JSON when `None`. The `partners` variants of the eligibility tests take the same bodies as
//! their public twins (the schema defines identical models for them).

use serde::{Deserialize, Serialize};

use crate::{InstallationType, LineStatus, OfferProductType, ReferenceType, TechnicalVisitType, UnbundlingType};

/// Body of `POST /connectivity/eligibility/search/cities` (`search.Cities`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchCitiesRequest {
    /// Zip code (`"91400"`).
    pub zip_code: String,
}

impl SearchCitiesRequest {
    /// Localities of a zip code.
    pub fn new(zip_code: impl Into<String>) -> Self {
        Self { zip_code: zip_code.into() }
    }
}

/// Body of `POST /connectivity/eligibility/search/streets` (`search.streets.post`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchStreetsRequest {
    /// INSEE code of the locality, from `search/cities`.
    pub insee_code: String,
}

impl SearchStreetsRequest {
    /// Streets of a locality.
    pub fn new(insee_code: impl Into<String>) -> Self {
        Self { insee_code: insee_code.into() }
    }
}

/// Body of `POST /connectivity/eligibility/search/streetNumbers` (`search.streetNumbers.post`)
/// and of `POST .../search/streetNumbers/details` (`search.streetNumbers.details.post`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchStreetNumbersRequest {
    /// Street code, from `search/streets`.
    pub street_code: String,
    /// Alternative street code (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_alt_code: Option<String>,
}

impl SearchStreetNumbersRequest {
    /// Numbers of a street.
    pub fn new(street_code: impl Into<String>) -> Self {
        Self { street_code: street_code.into(), street_alt_code: None }
    }
}

/// Body of `POST /connectivity/eligibility/search/buildings` (`search.buildings.post`).
///
/// The API needs at least a street code and number, or a hexacle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchBuildingsRequest {
    /// Street code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_code: Option<String>,
    /// Street number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_number: Option<String>,
    /// Hexacle, from `search/streetNumbers/details`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hexacle: Option<String>,
    /// Alternative street code (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_alt_code: Option<String>,
}

impl SearchBuildingsRequest {
    /// Buildings at a street code and number.
    pub fn at_street_number(street_code: impl Into<String>, street_number: impl Into<String>) -> Self {
        Self {
            street_code: Some(street_code.into()),
            street_number: Some(street_number.into()),
            hexacle: None,
            street_alt_code: None,
        }
    }

    /// Buildings at a hexacle.
    pub fn at_hexacle(hexacle: impl Into<String>) -> Self {
        Self { street_code: None, street_number: None, hexacle: Some(hexacle.into()), street_alt_code: None }
    }
}

/// Body of `POST /connectivity/eligibility/search/buildingsByLine` (`search.buildingsByLine.post`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchBuildingsByLineRequest {
    /// Line number.
    pub line_number: String,
    /// Line status.
    pub status: LineStatus,
}

impl SearchBuildingsByLineRequest {
    /// Buildings of a copper line.
    pub fn new(line_number: impl Into<String>, status: LineStatus) -> Self {
        Self { line_number: line_number.into(), status }
    }
}

/// Body of `POST /connectivity/eligibility/search/buildingDetails` (`search.buildingDetails.post`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchBuildingDetailsRequest {
    /// Building reference.
    pub building: String,
    /// Force a provider's repository (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_provider: Option<String>,
}

impl SearchBuildingDetailsRequest {
    /// Details of a building.
    pub fn new(building: impl Into<String>) -> Self {
        Self { building: building.into(), force_provider: None }
    }
}

/// Body of `POST /connectivity/eligibility/search/lines` (`search.lines.post`; deprecated
/// upstream since 2026-04-08).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchLinesRequest {
    /// Street code.
    pub street_code: String,
    /// Street number.
    pub street_number: String,
    /// At least the first three characters of the owner's name (active lines only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
}

impl SearchLinesRequest {
    /// Lines at an address.
    pub fn new(street_code: impl Into<String>, street_number: impl Into<String>) -> Self {
        Self { street_code: street_code.into(), street_number: street_number.into(), owner_name: None }
    }
}

/// Body of `POST /connectivity/eligibility/search/meetings` (`search.meetings.post`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchMeetingsRequest {
    /// Reference of an eligibility test.
    pub eligibility_reference: String,
    /// Offer code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_code: Option<String>,
    /// Plan code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_code: Option<String>,
    /// Technology.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub product_type: Option<OfferProductType>,
    /// Unbundling type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unbundling_type: Option<UnbundlingType>,
    /// Installation type (fiber).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation_type: Option<InstallationType>,
    /// Company name on site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_company_name: Option<String>,
    /// Optical termination point (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp: Option<String>,
    /// Technical visit (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_visit: Option<TechnicalVisitType>,
}

impl SearchMeetingsRequest {
    /// Meeting slots for an eligibility test.
    pub fn new(eligibility_reference: impl Into<String>) -> Self {
        Self {
            eligibility_reference: eligibility_reference.into(),
            product_code: None,
            plan_code: None,
            product_type: None,
            unbundling_type: None,
            installation_type: None,
            site_company_name: None,
            otp: None,
            technical_visit: None,
        }
    }
}

/// Body of `POST /connectivity/eligibility/search/addresses` (`search.addresses.post`, 2026 schema).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SearchAddressesRequest {
    /// Latitude.
    pub latitude: String,
    /// Longitude.
    pub longitude: String,
    /// Search radius in meters (the API defaults to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<i64>,
}

impl SearchAddressesRequest {
    /// Addresses near a point.
    pub fn new(latitude: impl Into<String>, longitude: impl Into<String>) -> Self {
        Self { latitude: latitude.into(), longitude: longitude.into(), distance: None }
    }
}

/// Body of `POST /connectivity/eligibility/test/address` and `.../test/address/partners`
/// (`test.address.post`, `test.address.partners.post`).
///
/// Copper eligibility for a neighbour-line creation. The 2026 schema makes every field
/// optional; give a street code and number, or a hexacle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct TestAddressRequest {
    /// Street code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_code: Option<String>,
    /// Street number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_number: Option<String>,
    /// Hexacle (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hexacle: Option<String>,
    /// Alternative street code (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_alt_code: Option<String>,
}

impl TestAddressRequest {
    /// Test the address at a street code and number.
    pub fn at_street_number(street_code: impl Into<String>, street_number: impl Into<String>) -> Self {
        Self {
            street_code: Some(street_code.into()),
            street_number: Some(street_number.into()),
            hexacle: None,
            street_alt_code: None,
        }
    }

    /// Test the address at a hexacle.
    pub fn at_hexacle(hexacle: impl Into<String>) -> Self {
        Self { street_code: None, street_number: None, hexacle: Some(hexacle.into()), street_alt_code: None }
    }
}

/// Body of `POST /connectivity/eligibility/test/building` and `.../test/building/partners`
/// (`test.building.post`, `test.building.partners.post`). Fiber only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct TestBuildingRequest {
    /// Building reference.
    pub building: String,
}

impl TestBuildingRequest {
    /// Test a building.
    pub fn new(building: impl Into<String>) -> Self {
        Self { building: building.into() }
    }
}

/// Body of `POST /connectivity/eligibility/test/line` and `.../test/line/partners`
/// (`test.line.post`, `test.line.partners.post`). Copper only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct TestLineRequest {
    /// Line number.
    pub line_number: String,
    /// Line status: an active line has an internet access, an inactive one is a former number.
    pub status: LineStatus,
    /// Street code, to disambiguate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_code: Option<String>,
    /// Street number, to disambiguate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_number: Option<String>,
}

impl TestLineRequest {
    /// Test a line.
    pub fn new(line_number: impl Into<String>, status: LineStatus) -> Self {
        Self { line_number: line_number.into(), status, street_code: None, street_number: None }
    }
}

/// Body of `POST /connectivity/eligibility/test/otp` and `.../test/otp/partners`
/// (`test.otp.post`, `test.otp.partners.post`). Fiber only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct TestOtpRequest {
    /// Optical termination point (`"OO-XXXX-XXXX/C"`).
    pub otp: String,
}

impl TestOtpRequest {
    /// Test an optical termination point.
    pub fn new(otp: impl Into<String>) -> Self {
        Self { otp: otp.into() }
    }
}

/// Body of `POST /connectivity/eligibility/recall` and `PUT .../recall/{id}`
/// (`connectivity.eligibility.EligibilityRecall.post`, 2026 schema).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct RecallRequest {
    /// The reference to be recalled about.
    pub reference: String,
    /// What the reference is.
    pub reference_type: ReferenceType,
    /// Interested in Pro Fiber.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiber_request: Option<bool>,
    /// Interested in dedicated fiber.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedicatedfiber_request: Option<bool>,
}

impl RecallRequest {
    /// A recall request.
    pub fn new(reference: impl Into<String>, reference_type: ReferenceType) -> Self {
        Self { reference: reference.into(), reference_type, profiber_request: None, dedicatedfiber_request: None }
    }
}

/// Query of `GET /connectivity/eligibility/test` (`eligibilityReference`, required).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct GetEligibilityTestQuery {
    /// Reference of an earlier eligibility test.
    pub eligibility_reference: String,
}

impl GetEligibilityTestQuery {
    /// Fetch an eligibility test by reference.
    pub fn new(eligibility_reference: impl Into<String>) -> Self {
        Self { eligibility_reference: eligibility_reference.into() }
    }
}

/// Query of `GET /connectivity/maintenance/workPlanned/public` (both optional).
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct WorkPlannedQuery {
    /// Works starting after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_date: Option<String>,
    /// Works ending before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

/// Query of `GET /connectivity/monitoring/genericIncident/public` and `.../partners` (all optional).
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct GenericIncidentQuery {
    /// Incidents created after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    /// Incidents ended before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Incident status (`validated` or `closed`; partners also see `detected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::GenericIncidentStatus>,
}
