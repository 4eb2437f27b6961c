#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod canonical;
mod communes;
mod drift;
mod mix;
mod record;
mod set;
mod typed;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The real places of the mock's world: one line per (zip code, commune),
/// `zipCode TAB inseeCode TAB locality TAB city`, from the npm package `codes-postaux` 4.1.2
/// (MIT, Base Adresse Nationale). `fixtures/world/README.md` says how it is made;
/// [`commune_rows`] reads it.
pub const WORLD_COMMUNES: &str = WORLD_COMMUNES_TEXT;

pub use canonical::{RequestKey, canonical_json};
pub use communes::{CommuneRow, commune_row_at, commune_rows};
pub use drift::{DriftItem, answer_drift};
pub use mix::split_mix64;
pub use ovh_connectivity_types::{TypedAnswer, TypedRequest};
pub use record::{RecordError, Recording, Written};
pub use set::{
    Fault, Fixture, FixtureRequest, FixtureSet, Latency, LoadError, LoadErrors, LoadOptions, Phase, PhaseKind,
};
pub use typed::{TypedError, decode_answer, decode_error_body, decode_request, decode_request_value};
