//! The one place that knows which wire type each operation sends and answers.

use ovh_connectivity_types::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A decode failure, with the JSON path of the field that did not fit.
#[derive(Debug, thiserror::Error)]
#[error("at `{path}`: {source}")]
pub struct TypedError {
    /// JSON path of the failure (`result[0].city`), `.` for the whole document.
    pub path: String,
    /// What serde said.
    #[source]
    pub source: serde_json::Error,
}

fn decode_from_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, TypedError> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| TypedError { path: e.path().to_string(), source: e.into_inner() })
}

fn decode<T: DeserializeOwned>(json: &str) -> Result<T, TypedError> {
    // The fast path; the path-tracking decode runs again only to explain a failure.
    if let Ok(value) = serde_json::from_str(json) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| TypedError { path: e.path().to_string(), source: e.into_inner() })?;
    deserializer.end().map_err(|source| TypedError { path: ".".to_owned(), source })?;
    Ok(value)
}

macro_rules! typed_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident($ty:ty),)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(missing_docs, reason = "each variant is named after the wire type it holds")]
        pub enum $name { $($variant($ty),)+ }
    };
}

typed_enum! {
    /// A request body or query, decoded into its operation's wire type.
    TypedRequest {
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
    }
}

/// Where a request is decoded from: text, or an already parsed value.
enum Source<'a> {
    Text(&'a str),
    Value(&'a serde_json::Value),
}

impl Source<'_> {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, TypedError> {
        match self {
            Source::Text(json) => decode(json),
            Source::Value(value) => decode_from_value(value),
        }
    }
}

impl TypedRequest {
    /// Decodes the JSON body (or, for query operations, the query as a JSON object of strings)
    /// of `operation`. Operations that take neither answer `Ok(None)`.
    pub fn decode(operation: Operation, json: &str) -> Result<Option<Self>, TypedError> {
        Self::decode_source(operation, Source::Text(json))
    }

    /// [`decode`](Self::decode) from an already parsed JSON value (no second parse).
    pub fn decode_value(operation: Operation, value: &serde_json::Value) -> Result<Option<Self>, TypedError> {
        Self::decode_source(operation, Source::Value(value))
    }

    fn decode_source(operation: Operation, source: Source<'_>) -> Result<Option<Self>, TypedError> {
        use Operation as O;
        Ok(Some(match operation {
            O::SearchCities => Self::SearchCities(source.decode()?),
            O::SearchStreets => Self::SearchStreets(source.decode()?),
            O::SearchStreetNumbers | O::SearchStreetNumberDetails => Self::SearchStreetNumbers(source.decode()?),
            O::SearchBuildings => Self::SearchBuildings(source.decode()?),
            O::SearchBuildingsByLine => Self::SearchBuildingsByLine(source.decode()?),
            O::SearchBuildingDetails => Self::SearchBuildingDetails(source.decode()?),
            O::SearchLines => Self::SearchLines(source.decode()?),
            O::SearchMeetings => Self::SearchMeetings(source.decode()?),
            O::SearchAddresses => Self::SearchAddresses(source.decode()?),
            O::TestAddress | O::TestAddressPartners => Self::TestAddress(source.decode()?),
            O::TestBuilding | O::TestBuildingPartners => Self::TestBuilding(source.decode()?),
            O::TestLine | O::TestLinePartners => Self::TestLine(source.decode()?),
            O::TestOtp | O::TestOtpPartners => Self::TestOtp(source.decode()?),
            O::CreateRecall | O::EditRecall => Self::Recall(source.decode()?),
            O::GetEligibilityTest => Self::GetEligibilityTest(source.decode()?),
            O::WorkPlannedPublic => Self::WorkPlanned(source.decode()?),
            O::GenericIncidentPublic | O::GenericIncidentPartners => Self::GenericIncident(source.decode()?),
            O::ListRecalls | O::GetRecall | O::DeleteRecall | O::WorkPlannedPartners => return Ok(None),
            _ => return Ok(None),
        }))
    }
}

/// One enum field of a request whose value this version does not know.
fn check_known<T>(field: &str, value: Option<&T>, known: &[&str], out: &mut Vec<String>)
where
    T: AsRef<str> + ?Sized,
{
    if let Some(value) = value.map(AsRef::as_ref)
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
                let types = OfferProductType::WIRE_NAMES;
                check_known("type", r.product_type.as_ref().map(|v| v.as_str()), types, &mut out);
                let unbundling = UnbundlingType::WIRE_NAMES;
                check_known("unbundlingType", r.unbundling_type.as_ref().map(|v| v.as_str()), unbundling, &mut out);
                let installation = InstallationType::WIRE_NAMES;
                check_known(
                    "installationType",
                    r.installation_type.as_ref().map(|v| v.as_str()),
                    installation,
                    &mut out,
                );
                let visit = TechnicalVisitType::WIRE_NAMES;
                check_known("technicalVisit", r.technical_visit.as_ref().map(|v| v.as_str()), visit, &mut out);
            }
            Self::Recall(r) => {
                check_known("referenceType", Some(r.reference_type.as_str()), ReferenceType::WIRE_NAMES, &mut out)
            }
            Self::GenericIncident(q) => {
                let statuses = GenericIncidentStatus::WIRE_NAMES;
                check_known("status", q.status.as_ref().map(|v| v.as_str()), statuses, &mut out);
            }
            _ => {}
        }
        out
    }
}

typed_enum! {
    /// A 2xx answer body, decoded into its operation's wire type.
    TypedAnswer {
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
    }
}

impl TypedAnswer {
    /// Decodes a 2xx answer of `operation`.
    pub fn decode(operation: Operation, json: &str) -> Result<Self, TypedError> {
        use Operation as O;
        Ok(match operation {
            O::SearchCities => Self::Cities(decode(json)?),
            O::SearchStreets => Self::Streets(decode(json)?),
            O::SearchStreetNumbers => Self::StreetNumbers(decode(json)?),
            O::SearchStreetNumberDetails => Self::StreetNumberDetails(decode(json)?),
            O::SearchBuildings | O::SearchBuildingsByLine => Self::Buildings(decode(json)?),
            O::SearchBuildingDetails => Self::Building(decode(json)?),
            O::SearchLines => Self::Lines(decode(json)?),
            O::SearchMeetings => Self::Meetings(decode(json)?),
            O::SearchAddresses => Self::Addresses(decode(json)?),
            O::TestAddress
            | O::TestAddressPartners
            | O::TestBuilding
            | O::TestBuildingPartners
            | O::TestLine
            | O::TestLinePartners
            | O::TestOtp
            | O::TestOtpPartners => Self::EligibilityTask(decode(json)?),
            O::GetEligibilityTest => Self::EligibilityTest(decode(json)?),
            O::ListRecalls => Self::Recalls(decode(json)?),
            O::CreateRecall | O::GetRecall | O::EditRecall => Self::Recall(decode(json)?),
            O::DeleteRecall => Self::Deleted(decode(json)?),
            O::WorkPlannedPublic | O::WorkPlannedPartners => Self::WorkPlanned(decode(json)?),
            O::GenericIncidentPublic | O::GenericIncidentPartners => Self::Incidents(decode(json)?),
            other => {
                return Err(TypedError {
                    path: ".".to_owned(),
                    source: serde::de::Error::custom(format!("no answer type known for {other}")),
                });
            }
        })
    }
}

/// Decodes a non-2xx answer body.
pub fn decode_error_body(json: &str) -> Result<ErrorBody, TypedError> {
    decode(json)
}
