#![doc = include_str!("../README.md")]
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
pub use open_enum::{UnknownEnumValue, UnknownValue, collect_unknown_values};
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
