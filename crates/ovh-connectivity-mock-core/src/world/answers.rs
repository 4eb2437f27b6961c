//! The world's answers as plain serializable structs, written straight to JSON: field names
//! and nullability are the wire's (the tests decode every answer into the wire types), and no
//! intermediate `serde_json::Value` is built (that cost ten times a fixture replay).

use serde::{Serialize, Serializer};

/// A rate as the API writes it: whole numbers without a fraction (`20`, not `20.0`).
pub(crate) fn whole<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

fn whole_option<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => whole(value, serializer),
        None => serializer.serialize_none(),
    }
}

/// `{"status":"ok","result":...,"error":null}` or `{"status":"error","result":null,"error":"..."}`.
#[derive(Serialize)]
pub(crate) struct Task<'a, T: Serialize> {
    pub(crate) status: &'static str,
    pub(crate) result: Option<T>,
    pub(crate) error: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct City {
    pub(crate) city: &'static str,
    pub(crate) insee_code: &'static str,
    pub(crate) locality: &'static str,
    pub(crate) zip_code: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Street {
    pub(crate) street_code: String,
    pub(crate) street_name: String,
    pub(crate) street_alt_code: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct NumberDetails {
    pub(crate) number: String,
    pub(crate) hexacle: String,
}

#[derive(Serialize)]
pub(crate) struct Stair {
    pub(crate) stair: String,
    pub(crate) floors: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Building {
    pub(crate) reference: String,
    pub(crate) name: &'static str,
    pub(crate) nro: String,
    pub(crate) stairs: Vec<Stair>,
    #[serde(rename = "type")]
    pub(crate) building_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Address {
    pub(crate) building: Option<&'static str>,
    pub(crate) city: &'static str,
    pub(crate) door: Option<String>,
    pub(crate) floor: Option<String>,
    pub(crate) housing_complex: &'static str,
    pub(crate) insee_code: &'static str,
    pub(crate) owner_name: Option<&'static str>,
    pub(crate) stairs: Option<String>,
    pub(crate) street_code: String,
    pub(crate) street_name: String,
    pub(crate) street_number: String,
    pub(crate) zip_code: &'static str,
}

#[derive(Serialize)]
pub(crate) struct SectionLength {
    pub(crate) diameter: u8,
    pub(crate) length: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CopperInfo {
    pub(crate) available_pairs: u8,
    pub(crate) max_available_pairs: u8,
    pub(crate) nra: String,
    pub(crate) sections_lengths: Vec<SectionLength>,
    pub(crate) status: &'static str,
    pub(crate) under_construction: bool,
    pub(crate) unlisted_number: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Line {
    pub(crate) line_number: String,
    pub(crate) address: Address,
    pub(crate) copper_info: CopperInfo,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FiberInfo {
    pub(crate) building_name: &'static str,
    pub(crate) building_reference: String,
    pub(crate) building_type: &'static str,
    pub(crate) latitude: String,
    pub(crate) longitude: String,
    pub(crate) nro: String,
    pub(crate) operator_code: &'static str,
    pub(crate) operator_name: &'static str,
    pub(crate) pm_reference: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Message {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) availability_date: Option<String>,
}

impl Message {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), availability_date: None }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PortabilityEligibility {
    pub(crate) eligible: bool,
    pub(crate) reasons: Vec<Message>,
    pub(crate) under_conditions: Vec<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Portability {
    pub(crate) eligibility: PortabilityEligibility,
    pub(crate) quarantine_end_date: Option<String>,
    #[serde(rename = "type")]
    pub(crate) portability_type: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Endpoint {
    pub(crate) reference: String,
    pub(crate) reference_type: &'static str,
    pub(crate) address: Address,
    pub(crate) copper_info: Option<CopperInfo>,
    pub(crate) fiber_info: Option<FiberInfo>,
    pub(crate) portability: Option<Portability>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Product {
    pub(crate) code: String,
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) product_type: &'static str,
    #[serde(serialize_with = "whole")]
    pub(crate) download_rate: f64,
    #[serde(serialize_with = "whole")]
    pub(crate) upload_rate: f64,
    pub(crate) guaranteed: bool,
    pub(crate) grt: &'static [&'static str],
    pub(crate) pairs: Option<u8>,
    pub(crate) provider: &'static str,
    pub(crate) operator: &'static str,
    pub(crate) unbundling_type: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OfferEligibility {
    pub(crate) eligible: bool,
    pub(crate) activation_types: &'static [&'static str],
    #[serde(serialize_with = "whole_option")]
    pub(crate) estimated_download_rate: Option<f64>,
    #[serde(serialize_with = "whole_option")]
    pub(crate) estimated_upload_rate: Option<f64>,
    pub(crate) reasons: Vec<Message>,
    pub(crate) under_conditions: Vec<Message>,
    pub(crate) multi_otp: Option<bool>,
}

#[derive(Serialize)]
pub(crate) struct Offer {
    /// Products never change: each is written once (`offers::product`).
    pub(crate) product: &'static serde_json::value::RawValue,
    pub(crate) eligibility: OfferEligibility,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EligibilityTest {
    pub(crate) eligibility_reference: String,
    pub(crate) endpoint: Endpoint,
    pub(crate) offers: Vec<Offer>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MeetingSlot {
    pub(crate) start_date: String,
    pub(crate) end_date: String,
    pub(crate) ui_code: String,
    pub(crate) slot_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Capacities {
    pub(crate) e_rdv: bool,
    pub(crate) phone_call: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Meetings {
    pub(crate) can_book_fake_meeting: bool,
    pub(crate) capacities: Capacities,
    pub(crate) meeting_slots: Vec<MeetingSlot>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AddressWithCoordinates {
    pub(crate) building_name: Option<&'static str>,
    pub(crate) building_reference: Option<String>,
    pub(crate) city: &'static str,
    pub(crate) distance: String,
    pub(crate) insee_code: &'static str,
    pub(crate) latitude: String,
    pub(crate) longitude: String,
    pub(crate) street_code: String,
    pub(crate) street_name: String,
    pub(crate) street_number: String,
    pub(crate) zip_code: &'static str,
}
