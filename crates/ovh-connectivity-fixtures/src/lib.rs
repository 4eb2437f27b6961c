//! The documented exchanges of the OVHcloud `/connectivity` API: the single source of truth
//! for the mock server, the snapshot tests and the contract suite.
//!
//! This crate is the only code that knows where the `fixtures/` folder is. It loads every
//! file, validates it (the request fits its operation, a pending phase has no result, an ok
//! result decodes into the operation's wire type, an error phase carries a message, no two
//! fixtures answer the same request), and embeds the whole folder at build time so that a
//! binary works without the source tree. `fixtures/README.md` documents the file format.
//!
//! ```
//! use ovh_connectivity_fixtures::FixtureSet;
//!
//! let set = FixtureSet::embedded().expect("the built-in fixtures are valid");
//! let cities = set.get("search/cities/91400").expect("documented in the guide");
//! assert_eq!(cities.request.body.as_deref(), Some("{\n      \"zipCode\": \"91400\"\n    }"));
//! ```

#![warn(missing_docs)]

mod canonical;
mod set;
mod typed;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The real places of the mock's world: one line per (zip code, commune),
/// `zipCode TAB inseeCode TAB locality TAB city`, from the npm package `codes-postaux` 4.1.2
/// (MIT, Base Adresse Nationale). `fixtures/world/README.md` says how it is made.
pub const WORLD_COMMUNES: &str = WORLD_COMMUNES_TEXT;

pub use canonical::{RequestKey, canonical_json};
pub use ovh_connectivity_types::{TypedAnswer, TypedRequest};
pub use set::{
    Fault, Fixture, FixtureRequest, FixtureSet, Latency, LoadError, LoadErrors, LoadOptions, Phase, PhaseKind,
};
pub use typed::{TypedError, decode_answer, decode_error_body, decode_request, decode_request_value};
