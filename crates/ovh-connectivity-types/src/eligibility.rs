//! Response models of `/connectivity/eligibility` (namespace `connectivity.eligibility`).
//!
//! Conventions, for every struct here:
//! - a field the schema marks nullable is an `Option` written as `null` when `None`, as the
//!   API does;
//! - a field the schema marks non-null but that real answers are known to leave out is an
//!   `Option` that is left out when `None`, so that such answers round-trip unchanged;
//! - fields this crate does not know are ignored on input;
//! - dates are kept as the strings the API sends.

use serde::{Deserialize, Serialize};

use crate::number::{double, option_double};
use crate::{
    ActivationType, BuildingType, EndpointReferenceType, LineStatus, MessageCode, OfferProductType, PortabilityType,
    UnbundlingType,
};

/// A locality (`connectivity.eligibility.City`), answered by `POST /connectivity/eligibility/search/cities`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct City {
    /// City name.
    pub city: String,
    /// INSEE code, the input of `search/streets`.
    pub insee_code: String,
    /// Locality inside the city.
    #[serde(default)]
    pub locality: Option<String>,
    /// Zip code.
    pub zip_code: String,
}

/// A street (`connectivity.eligibility.Street`), answered by `POST /connectivity/eligibility/search/streets`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Street {
    /// Street code, the input of `search/streetNumbers` and `search/buildings`.
    pub street_code: String,
    /// Street name.
    pub street_name: String,
    /// Alternative street code (2026 schema).
    #[serde(default)]
    pub street_alt_code: Option<String>,
}

/// A street number with its hexacle (`connectivity.eligibility.StreetNumberDetails`),
/// answered by `POST /connectivity/eligibility/search/streetNumbers/details`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct StreetNumberDetails {
    /// Street number (`"2"`, `"1B"`).
    pub number: String,
    /// Hexacle, the French unique address id.
    #[serde(default)]
    pub hexacle: Option<String>,
}

/// A staircase of a building (`connectivity.eligibility.BuildingStair`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct BuildingStair {
    /// Stair identifier (`"_NA_"` when it has none).
    pub stair: String,
    /// Floor identifiers (`"_NA_"` when they have none).
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub floors: Vec<String>,
}

/// A building (`connectivity.eligibility.Building`), answered by `search/buildings`,
/// `search/buildingsByLine` and `search/buildingDetails`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Building {
    /// Building reference (`IMB/91471/C/NT8X`), the input of `test/building`.
    pub reference: String,
    /// Building name, often empty.
    pub name: String,
    /// Optical distribution frame.
    #[serde(default)]
    pub nro: Option<String>,
    /// Staircases and floors.
    #[serde(default)]
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_option_vec()"))]
    pub stairs: Option<Vec<BuildingStair>>,
    /// House or building (nullable since the 2026 schema).
    #[serde(default, rename = "type")]
    pub building_type: Option<BuildingType>,
}

/// A copper line found at an address (`connectivity.eligibility.Line`), answered by the
/// deprecated `POST /connectivity/eligibility/search/lines`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Line {
    /// Line number.
    pub line_number: String,
    /// Address of the line.
    pub address: Address,
    /// Copper details (search answers leave the test-only ones empty).
    pub copper_info: CopperInfo,
}

/// An address (`connectivity.eligibility.Address`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Address {
    /// Building.
    #[serde(default)]
    pub building: Option<String>,
    /// City.
    pub city: String,
    /// Door.
    #[serde(default)]
    pub door: Option<String>,
    /// Floor.
    #[serde(default)]
    pub floor: Option<String>,
    /// Housing complex.
    #[serde(default)]
    pub housing_complex: Option<String>,
    /// INSEE code.
    pub insee_code: String,
    /// Owner name, possibly restricted (`"J*** D**"`).
    #[serde(default)]
    pub owner_name: Option<String>,
    /// Stairs.
    #[serde(default)]
    pub stairs: Option<String>,
    /// Street code (hidden for unlisted numbers).
    #[serde(default)]
    pub street_code: Option<String>,
    /// Street name (hidden for unlisted numbers).
    #[serde(default)]
    pub street_name: Option<String>,
    /// Street number (hidden for unlisted numbers).
    #[serde(default)]
    pub street_number: Option<String>,
    /// Zip code.
    pub zip_code: String,
}

/// A nearby address with coordinates (`connectivity.eligibility.AddressWithCoordinates`,
/// 2026 schema), answered by `POST /connectivity/eligibility/search/addresses`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct AddressWithCoordinates {
    /// Building name.
    #[serde(default)]
    pub building_name: Option<String>,
    /// Building reference.
    #[serde(default)]
    pub building_reference: Option<String>,
    /// City.
    pub city: String,
    /// Distance from the searched point, in meters (a string on the wire).
    #[serde(default)]
    pub distance: Option<String>,
    /// INSEE code.
    pub insee_code: String,
    /// Latitude.
    pub latitude: String,
    /// Longitude.
    pub longitude: String,
    /// Street code.
    #[serde(default)]
    pub street_code: Option<String>,
    /// Street name.
    #[serde(default)]
    pub street_name: Option<String>,
    /// Street number.
    #[serde(default)]
    pub street_number: Option<String>,
    /// Zip code.
    pub zip_code: String,
}

/// Length of a copper section (`connectivity.eligibility.SectionLength`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SectionLength {
    /// Diameter, in millimeters.
    pub diameter: i64,
    /// Length, in meters.
    pub length: i64,
}

/// Copper details of an endpoint (`connectivity.eligibility.CopperInfo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct CopperInfo {
    /// Available pairs (eligibility tests only).
    #[serde(default)]
    pub available_pairs: Option<i64>,
    /// Available pairs using desaturation (eligibility tests only).
    #[serde(default)]
    pub max_available_pairs: Option<i64>,
    /// Copper distribution frame (eligibility tests only).
    #[serde(default)]
    pub nra: Option<String>,
    /// Section lengths (empty outside eligibility tests).
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub sections_lengths: Vec<SectionLength>,
    /// Line status.
    pub status: LineStatus,
    /// Whether the line is under construction (eligibility tests only).
    #[serde(default)]
    pub under_construction: Option<bool>,
    /// Whether the number is unlisted ("liste rouge").
    pub unlisted_number: bool,
}

/// Fiber details of an endpoint (`connectivity.eligibility.FiberInfo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct FiberInfo {
    /// Building name.
    #[serde(default)]
    pub building_name: Option<String>,
    /// Building reference.
    #[serde(default)]
    pub building_reference: Option<String>,
    /// House or building.
    pub building_type: BuildingType,
    /// Latitude (2026 schema).
    #[serde(default)]
    pub latitude: Option<String>,
    /// Longitude (2026 schema).
    #[serde(default)]
    pub longitude: Option<String>,
    /// Optical distribution frame.
    #[serde(default)]
    pub nro: Option<String>,
    /// Operator code (`"FI"`).
    pub operator_code: String,
    /// Operator name (`"ORANGE"`).
    pub operator_name: String,
    /// Mutualisation point reference (2026 schema).
    #[serde(default)]
    pub pm_reference: Option<String>,
}

/// A reason or warning (`connectivity.eligibility.Message`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Message {
    /// Machine-readable code.
    pub code: MessageCode,
    /// Human-readable message.
    pub message: String,
    /// When the thing becomes available (`*_NOT_YET_AVAILABLE` codes).
    #[serde(default)]
    pub availability_date: Option<String>,
}

/// Portability eligibility (`connectivity.eligibility.PortabilityEligibility`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct PortabilityEligibility {
    /// Whether the number can be ported.
    pub eligible: bool,
    /// Why not.
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub reasons: Vec<Message>,
    /// Conditions.
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub under_conditions: Vec<Message>,
}

/// Portability of a copper line (`connectivity.eligibility.Portability`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Portability {
    /// Eligibility to portability.
    pub eligibility: PortabilityEligibility,
    /// End of the quarantine.
    #[serde(default)]
    pub quarantine_end_date: Option<String>,
    /// Portability type.
    #[serde(default, rename = "type")]
    pub portability_type: Option<PortabilityType>,
}

/// What an eligibility test was run on (`connectivity.eligibility.Endpoint`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Endpoint {
    /// The reference tested (line number, building reference, OTP...).
    pub reference: String,
    /// What the reference is.
    pub reference_type: EndpointReferenceType,
    /// Address of the endpoint.
    #[serde(default)]
    pub address: Option<Address>,
    /// Copper details.
    #[serde(default)]
    pub copper_info: Option<CopperInfo>,
    /// Fiber details.
    #[serde(default)]
    pub fiber_info: Option<FiberInfo>,
    /// Portability (copper only).
    #[serde(default)]
    pub portability: Option<Portability>,
}

/// Eligibility of an endpoint to one offer (`connectivity.eligibility.OfferEligibility`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct OfferEligibility {
    /// Whether the endpoint is eligible.
    pub eligible: bool,
    /// How the offer would be activated (empty for fiber).
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub activation_types: Vec<ActivationType>,
    /// Estimated download rate, in Mb/s (copper, non-guaranteed offers).
    #[serde(default, serialize_with = "option_double")]
    pub estimated_download_rate: Option<f64>,
    /// Estimated upload rate, in Mb/s.
    #[serde(default, serialize_with = "option_double")]
    pub estimated_upload_rate: Option<f64>,
    /// Several optical termination points (fiber, 2024 schema).
    #[serde(default)]
    pub multi_otp: Option<bool>,
    /// Why not eligible.
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub reasons: Vec<Message>,
    /// Warnings when eligible.
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub under_conditions: Vec<Message>,
}

/// An offer (`connectivity.eligibility.OfferProduct`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct OfferProduct {
    /// Offer code (`ADSL-MAX_FULL`, `FTTH-MAX-1G`, `PROFIBER`...).
    pub code: String,
    /// Offer name.
    pub name: String,
    /// Technology.
    #[serde(rename = "type")]
    pub product_type: OfferProductType,
    /// Download rate, in Mb/s.
    #[serde(serialize_with = "double")]
    pub download_rate: f64,
    /// Upload rate, in Mb/s.
    #[serde(serialize_with = "double")]
    pub upload_rate: f64,
    /// Whether the rates are guaranteed.
    pub guaranteed: bool,
    /// Guaranteed restoration time options (`4ho`, `4hno`).
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub grt: Vec<String>,
    /// Pairs (copper only).
    #[serde(default)]
    pub pairs: Option<i64>,
    /// Provider (an enum until the 2024 schema, a plain string since 2026).
    pub provider: String,
    /// Operator. Non-null in the schema, but the guide's answers leave it out: `None` means
    /// absent, and stays absent when written back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Unbundling type (copper).
    #[serde(default)]
    pub unbundling_type: Option<UnbundlingType>,
}

/// One offer and the endpoint's eligibility to it (`connectivity.eligibility.Offer`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Offer {
    /// Eligibility.
    pub eligibility: OfferEligibility,
    /// The offer.
    pub product: OfferProduct,
}

/// The answer of an eligibility test (`connectivity.eligibility.EligibilityTest`),
/// from every `POST /connectivity/eligibility/test/*` and from
/// `GET /connectivity/eligibility/test`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct EligibilityTest {
    /// Opaque reference of this test, for `GET test`, `search/meetings` and orders.
    pub eligibility_reference: String,
    /// What was tested.
    pub endpoint: Endpoint,
    /// Every offer, eligible or not.
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub offers: Vec<Offer>,
}

/// Meeting booking capacities (`connectivity.eligibility.MeetingCapacities`, 2024 schema).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct MeetingCapacities {
    /// Online booking.
    pub e_rdv: bool,
    /// Booking by phone call.
    pub phone_call: bool,
}

/// A meeting time slot (`connectivity.eligibility.MeetingSlot`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct MeetingSlot {
    /// Start of the slot.
    pub start_date: String,
    /// End of the slot.
    pub end_date: String,
    /// Intervention unit.
    #[serde(default)]
    pub ui_code: Option<String>,
    /// Fiber collect operator meeting id.
    #[serde(default)]
    pub slot_id: Option<String>,
}

/// Meeting time slots (`connectivity.eligibility.Meetings`), answered by
/// `POST /connectivity/eligibility/search/meetings`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct Meetings {
    /// Whether a fake meeting can be booked.
    pub can_book_fake_meeting: bool,
    /// Booking capacities. Non-null since the 2024 schema; older answers leave it out, and
    /// `None` stays absent when written back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacities: Option<MeetingCapacities>,
    /// Slots.
    #[cfg_attr(any(test, feature = "arbitrary"), proptest(strategy = "crate::arbitrary::small_vec()"))]
    pub meeting_slots: Vec<MeetingSlot>,
}
