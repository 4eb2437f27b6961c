//! Any operation's request or answer as one value, by wire type: what generic code (the
//! fixture loader, the mock, snapshot tests) holds once [`TypedOperation`](crate::TypedOperation)
//! has decoded it.

use serde::Serialize;

use crate::*;

/// A request body or query, as its operation's wire type.
///
/// [`TypedOperation::typed_request`](crate::TypedOperation::typed_request) builds it; the
/// `From` impls below are the whole mapping from request types to variants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum TypedRequest {
    /// `search/cities`.
    SearchCities(SearchCitiesRequest),
    /// `search/streets`.
    SearchStreets(SearchStreetsRequest),
    /// `search/streetNumbers` and `search/streetNumbers/details`.
    SearchStreetNumbers(SearchStreetNumbersRequest),
    /// `search/buildings`.
    SearchBuildings(SearchBuildingsRequest),
    /// `search/buildingsByLine`.
    SearchBuildingsByLine(SearchBuildingsByLineRequest),
    /// `search/buildingDetails`.
    SearchBuildingDetails(SearchBuildingDetailsRequest),
    /// `search/lines`.
    SearchLines(SearchLinesRequest),
    /// `search/meetings`.
    SearchMeetings(SearchMeetingsRequest),
    /// `search/addresses`.
    SearchAddresses(SearchAddressesRequest),
    /// `test/address` and its partners twin.
    TestAddress(TestAddressRequest),
    /// `test/building` and its partners twin.
    TestBuilding(TestBuildingRequest),
    /// `test/line` and its partners twin.
    TestLine(TestLineRequest),
    /// `test/otp` and its partners twin.
    TestOtp(TestOtpRequest),
    /// Creating or editing a recall.
    Recall(RecallRequest),
    /// `GET test?eligibilityReference=...`.
    GetEligibilityTest(GetEligibilityTestQuery),
    /// `GET workPlanned/public`.
    WorkPlanned(WorkPlannedQuery),
    /// `GET genericIncident/*`.
    GenericIncident(GenericIncidentQuery),
}

/// A 2xx answer body, as its operation's wire type.
///
/// [`TypedOperation::typed_answer`](crate::TypedOperation::typed_answer) builds it; the `From`
/// impls below are the whole mapping from answer types to variants.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum TypedAnswer {
    /// `search/cities`.
    Cities(AsyncTask<Vec<City>>),
    /// `search/streets`.
    Streets(AsyncTask<Vec<Street>>),
    /// `search/streetNumbers`.
    StreetNumbers(AsyncTask<Vec<String>>),
    /// `search/streetNumbers/details`.
    StreetNumberDetails(AsyncTask<Vec<StreetNumberDetails>>),
    /// `search/buildings` and `search/buildingsByLine`.
    Buildings(AsyncTask<Vec<Building>>),
    /// `search/buildingDetails`.
    Building(AsyncTask<Building>),
    /// `search/lines`.
    Lines(AsyncTask<Vec<Line>>),
    /// `search/meetings`.
    Meetings(AsyncTask<Meetings>),
    /// `search/addresses`.
    Addresses(AsyncTask<Vec<AddressWithCoordinates>>),
    /// Every eligibility test (`test/*`).
    EligibilityTask(AsyncTask<EligibilityTest>),
    /// `GET test?eligibilityReference=...`.
    EligibilityTest(EligibilityTest),
    /// `GET recall`.
    Recalls(Vec<EligibilityRecall>),
    /// One recall (created, read or edited).
    Recall(EligibilityRecall),
    /// `DELETE recall/{id}` (`void`).
    Deleted(()),
    /// Planned works.
    WorkPlanned(Vec<WorkPlanned>),
    /// Incidents.
    Incidents(Vec<GenericIncident>),
}

macro_rules! from_wire_type {
    ($enum:ident { $($variant:ident($ty:ty),)+ }) => {
        $(
            impl From<$ty> for $enum {
                fn from(value: $ty) -> Self {
                    Self::$variant(value)
                }
            }
        )+
    };
}

from_wire_type!(TypedRequest {
    SearchCities(SearchCitiesRequest),
    SearchStreets(SearchStreetsRequest),
    SearchStreetNumbers(SearchStreetNumbersRequest),
    SearchBuildings(SearchBuildingsRequest),
    SearchBuildingsByLine(SearchBuildingsByLineRequest),
    SearchBuildingDetails(SearchBuildingDetailsRequest),
    SearchLines(SearchLinesRequest),
    SearchMeetings(SearchMeetingsRequest),
    SearchAddresses(SearchAddressesRequest),
    TestAddress(TestAddressRequest),
    TestBuilding(TestBuildingRequest),
    TestLine(TestLineRequest),
    TestOtp(TestOtpRequest),
    Recall(RecallRequest),
    GetEligibilityTest(GetEligibilityTestQuery),
    WorkPlanned(WorkPlannedQuery),
    GenericIncident(GenericIncidentQuery),
});

from_wire_type!(TypedAnswer {
    Cities(AsyncTask<Vec<City>>),
    Streets(AsyncTask<Vec<Street>>),
    StreetNumbers(AsyncTask<Vec<String>>),
    StreetNumberDetails(AsyncTask<Vec<StreetNumberDetails>>),
    Buildings(AsyncTask<Vec<Building>>),
    Building(AsyncTask<Building>),
    Lines(AsyncTask<Vec<Line>>),
    Meetings(AsyncTask<Meetings>),
    Addresses(AsyncTask<Vec<AddressWithCoordinates>>),
    EligibilityTask(AsyncTask<EligibilityTest>),
    EligibilityTest(EligibilityTest),
    Recalls(Vec<EligibilityRecall>),
    Recall(EligibilityRecall),
    Deleted(()),
    WorkPlanned(Vec<WorkPlanned>),
    Incidents(Vec<GenericIncident>),
});

/// One enum field of a request whose value this version does not know.
fn check_known(field: &str, value: Option<&str>, known: &[&str], out: &mut Vec<String>) {
    if let Some(value) = value
        && !known.contains(&value)
    {
        out.push(format!("`{field}`: `{value}` is not one of {}", known.join(", ")));
    }
}

impl TypedRequest {
    /// The enum fields whose value is not one the API accepts (`status: "actif"`), as messages.
    ///
    /// The wire types keep unknown values (the API's answers may grow), so decoding a request
    /// accepts them; a server checking requests, as the API does, refuses them with this.
    pub fn unknown_enum_values(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            Self::SearchBuildingsByLine(r) => {
                check_known("status", Some(r.status.as_str()), LineStatus::WIRE_NAMES, &mut out)
            }
            Self::TestLine(r) => check_known("status", Some(r.status.as_str()), LineStatus::WIRE_NAMES, &mut out),
            Self::SearchMeetings(r) => {
                let product_type = r.product_type.as_ref().map(|v| v.as_str());
                check_known("type", product_type, OfferProductType::WIRE_NAMES, &mut out);
                let unbundling = r.unbundling_type.as_ref().map(|v| v.as_str());
                check_known("unbundlingType", unbundling, UnbundlingType::WIRE_NAMES, &mut out);
                let installation = r.installation_type.as_ref().map(|v| v.as_str());
                check_known("installationType", installation, InstallationType::WIRE_NAMES, &mut out);
                let visit = r.technical_visit.as_ref().map(|v| v.as_str());
                check_known("technicalVisit", visit, TechnicalVisitType::WIRE_NAMES, &mut out);
            }
            Self::Recall(r) => {
                check_known("referenceType", Some(r.reference_type.as_str()), ReferenceType::WIRE_NAMES, &mut out)
            }
            Self::GenericIncident(q) => {
                let status = q.status.as_ref().map(|v| v.as_str());
                check_known("status", status, GenericIncidentStatus::WIRE_NAMES, &mut out);
            }
            // No enum field in these requests: listed so that a new request type is decided on.
            Self::SearchCities(_)
            | Self::SearchStreets(_)
            | Self::SearchStreetNumbers(_)
            | Self::SearchBuildings(_)
            | Self::SearchBuildingDetails(_)
            | Self::SearchLines(_)
            | Self::SearchAddresses(_)
            | Self::TestAddress(_)
            | Self::TestBuilding(_)
            | Self::TestOtp(_)
            | Self::GetEligibilityTest(_)
            | Self::WorkPlanned(_) => {}
        }
        out
    }
}
