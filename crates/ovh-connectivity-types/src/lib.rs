//! Serde wire types for the OVHcloud `/connectivity` API: eligibility of French internet lines
//! (copper ADSL/VDSL/SDSL, fiber FTTH) by address, line, building or optical termination point,
//! plus meetings, recalls, planned works and incidents.
//!
//! This crate is data only: it performs no IO, depends on `serde` alone, and knows nothing of
//! HTTP clients. The types mirror the newest schema (2026) and stay usable as the API grows:
//!
//! - **Tolerant.** Fields this crate does not know are ignored. Non-null fields that real
//!   answers leave out (`operator`, `capacities`, `technologies`) are `Option`s.
//! - **Lossless.** Every enum is open: an unknown value lands in an `Unknown` variant that keeps
//!   the exact string and serializes it back unchanged. Known values round-trip exactly.
//! - **Wire-exact.** Rust names are snake_case; the wire keeps the schema's camelCase. Nullable
//!   fields are written as `null`, as the API writes them; whole `double`s are written without
//!   a fraction, as the API writes them.
//!
//! The eligibility `POST`s answer an [`AsyncTask`]: `pending` until the identical request,
//! sent again, gets `ok` (with a result) or `error` (with a message). [`AsyncTaskStatus`]
//! documents how the guide's non-schema spellings (`doing`, `done`, `success`) decode.
//!
//! [`Operation`] is the route table: method, path, authentication, request type and answer
//! type of each of the 28 operations. Each has a [`TypedOperation`] type in [`ops`] that
//! carries its wire types, and [`TypedRequest`] / [`TypedAnswer`] hold any operation's request
//! or answer as one value.
//!
//! ```
//! use ovh_connectivity_types::{AsyncTask, EligibilityTest, LineStatus, TestLineRequest};
//!
//! let request = TestLineRequest::new("0123456789", LineStatus::Active);
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"lineNumber":"0123456789","status":"active"}"#
//! );
//!
//! let task: AsyncTask<EligibilityTest> =
//!     serde_json::from_str(r#"{"status":"pending","result":null,"error":null}"#).unwrap();
//! assert!(!task.status.is_terminal());
//! ```

#![warn(missing_docs)]

#[cfg(any(test, feature = "arbitrary"))]
mod arbitrary;
mod eligibility;
mod enums;
mod error_body;
mod maintenance;
mod monitoring;
mod number;
mod open_enum;
mod operation;
mod recall;
mod request;
mod task;
mod typed;

#[cfg(test)]
mod roundtrip_tests;

pub use eligibility::{
    Address, AddressWithCoordinates, Building, BuildingStair, City, CopperInfo, EligibilityTest, Endpoint, FiberInfo,
    Line, MeetingCapacities, MeetingSlot, Meetings, Message, Offer, OfferEligibility, OfferProduct, Portability,
    PortabilityEligibility, SectionLength, Street, StreetNumberDetails,
};
pub use enums::{
    ActivationType, AsyncTaskStatus, BuildingType, EndpointReferenceType, GenericIncidentStatus, InstallationType,
    InterventionType, LineStatus, MessageCode, OfferProductType, Operator, PortabilityType, ReferenceType,
    TechnicalVisitType, UnbundlingType,
};
pub use error_body::ErrorBody;
pub use maintenance::WorkPlanned;
pub use monitoring::GenericIncident;
pub use open_enum::UnknownValue;
pub use operation::{
    AnswerKind, Method, NoInput, Operation, OperationVisitor, RequestInput, RouteMiss, TypedOperation, ops,
};
pub use recall::EligibilityRecall;
pub use request::{
    GenericIncidentQuery, GetEligibilityTestQuery, RecallRequest, SearchAddressesRequest, SearchBuildingDetailsRequest,
    SearchBuildingsByLineRequest, SearchBuildingsRequest, SearchCitiesRequest, SearchLinesRequest,
    SearchMeetingsRequest, SearchStreetNumbersRequest, SearchStreetsRequest, TestAddressRequest, TestBuildingRequest,
    TestLineRequest, TestOtpRequest, WorkPlannedQuery,
};
pub use task::{AsyncTask, TaskOutcome};
pub use typed::{TypedAnswer, TypedRequest};
