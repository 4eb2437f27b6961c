//! The route table: every operation of the `/connectivity` API, as data.
//!
//! Paths are relative to the API base (`https://eu.api.ovh.com/1.0`); the client, the mock and
//! the fixtures all read them from here.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::typed::{TypedAnswer, TypedRequest};

/// An HTTP method used by the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method name, upper-case.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    /// Parses an upper-case method name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "GET" => Some(Self::Get),
            "POST" => Some(Self::Post),
            "PUT" => Some(Self::Put),
            "DELETE" => Some(Self::Delete),
            _ => None,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an operation's request carries besides its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestInput {
    /// Nothing.
    Nothing,
    /// A JSON body.
    JsonBody,
    /// Query parameters.
    Query,
}

/// How an operation answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// An [`AsyncTask`](crate::AsyncTask): poll by sending the identical request again.
    AsyncTask,
    /// A plain JSON value.
    Value,
    /// No content (`void`).
    Empty,
}

/// Why a method and path do not name an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteMiss {
    /// No operation has this path.
    UnknownPath,
    /// The path exists, with other methods (the `Allow` list, in table order).
    WrongMethod(Vec<Method>),
}

/// The wire types of one operation, fixed by the route table: what its request carries and
/// what a 2xx answer decodes into.
///
/// Each operation has a zero-sized type in [`ops`] implementing this trait; generic code over
/// `O: TypedOperation` (a client method, a decoder, a mock) gets the request and answer types
/// from the table instead of naming them again. [`Operation::visit`] turns a runtime
/// [`Operation`] into a call of such generic code, with no `match` to keep in step.
///
/// ```
/// use ovh_connectivity_types::{AsyncTask, City, Operation, TypedOperation, ops};
///
/// fn answer_of<O: TypedOperation>() -> &'static str { std::any::type_name::<O::Answer>() }
/// assert_eq!(answer_of::<ops::SearchCities>(), std::any::type_name::<AsyncTask<Vec<City>>>());
/// assert_eq!(<ops::SearchCities as TypedOperation>::OPERATION, Operation::SearchCities);
/// ```
pub trait TypedOperation: Send + Sync + 'static {
    /// The operation this type stands for.
    const OPERATION: Operation;
    /// The request body (JSON body operations) or query (query operations); [`NoInput`] for
    /// operations that take neither.
    type Input: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + Send + Sync + 'static;
    /// A 2xx answer's body: [`AsyncTask<T>`](crate::AsyncTask) for async operations, `()` for
    /// `void` ones.
    type Answer: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + Send + Sync + 'static;

    /// The input as a [`TypedRequest`]; `None` for [`NoInput`].
    fn typed_request(input: Self::Input) -> Option<TypedRequest>;

    /// The answer as a [`TypedAnswer`].
    fn typed_answer(answer: Self::Answer) -> TypedAnswer;
}

/// Generic code run for one operation's [`TypedOperation`] type, by [`Operation::visit`].
pub trait OperationVisitor {
    /// What the visit gives.
    type Output;

    /// Runs for the operation `O`.
    fn visit<O: TypedOperation>(self) -> Self::Output;
}

/// The input of an operation that takes no body and no query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoInput;

/// What the request path asks of an operation on every request, computed once.
struct Facts {
    has_path_parameter: bool,
}

const fn contains_byte(text: &str, byte: u8) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == byte {
            return true;
        }
        index += 1;
    }
    false
}

macro_rules! operations {
    (@input_kind Nothing) => { RequestInput::Nothing };
    (@input_kind JsonBody($ty:ty)) => { RequestInput::JsonBody };
    (@input_kind Query($ty:ty)) => { RequestInput::Query };
    (@input_type Nothing) => { NoInput };
    (@input_type JsonBody($ty:ty)) => { $ty };
    (@input_type Query($ty:ty)) => { $ty };
    (@typed_request Nothing, $input:ident) => { { let NoInput = $input; None } };
    (@typed_request $kind:ident($ty:ty), $input:ident) => { Some(TypedRequest::from($input)) };
    (@answer_kind AsyncTask($ty:ty)) => { AnswerKind::AsyncTask };
    (@answer_kind Value($ty:ty)) => { AnswerKind::Value };
    (@answer_kind Empty) => { AnswerKind::Empty };
    (@answer_type AsyncTask($ty:ty)) => { crate::AsyncTask<$ty> };
    (@answer_type Value($ty:ty)) => { $ty };
    (@answer_type Empty) => { () };
    ($(
        $(#[$doc:meta])*
        $name:ident => $method:ident $path:literal,
            auth: $auth:literal,
            input: $input_kind:ident $(($input:ty))?,
            answer: $answer_kind:ident $(($answer:ty))?;
    )+) => {
        /// One operation of the `/connectivity` API.
        ///
        /// Not `#[non_exhaustive]`: the workspace must handle every operation, and a new one
        /// is a compile error everywhere it is not handled yet.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation {
            $(
                $(#[$doc])*
                #[doc = concat!("\n\n`", stringify!($method), " ", $path, "`")]
                $name,
            )+
        }

        impl Operation {
            /// Every operation, in schema order.
            pub const ALL: &'static [Operation] = &[$(Operation::$name),+];

            /// The HTTP method.
            pub fn method(self) -> Method {
                match self { $(Self::$name => Method::$method,)+ }
            }

            /// The path template, relative to the API base (`{id}` marks a path parameter).
            pub fn path_template(self) -> &'static str {
                match self { $(Self::$name => $path,)+ }
            }

            /// Whether the API requires a signed (authenticated) call: the `partners` routes and
            /// the recall routes. The others are `noAuthentication` and are sent unsigned.
            pub fn requires_auth(self) -> bool {
                match self { $(Self::$name => $auth,)+ }
            }

            /// What the request carries.
            pub fn input(self) -> RequestInput {
                match self { $(Self::$name => operations!(@input_kind $input_kind $(($input))?),)+ }
            }

            /// How the API answers.
            pub fn answer(self) -> AnswerKind {
                match self { $(Self::$name => operations!(@answer_kind $answer_kind $(($answer))?),)+ }
            }

            /// Facts computed from the table at compile time.
            fn facts(self) -> &'static Facts {
                match self {
                    $(Self::$name => {
                        const FACTS: Facts = Facts { has_path_parameter: contains_byte($path, b'{') };
                        &FACTS
                    })+
                }
            }

            /// A stable name, the variant's (`TestLine`).
            pub fn name(self) -> &'static str {
                match self { $(Self::$name => stringify!($name),)+ }
            }

            /// Runs `visitor` for this operation's [`TypedOperation`] type.
            pub fn visit<V: OperationVisitor>(self, visitor: V) -> V::Output {
                match self { $(Self::$name => visitor.visit::<ops::$name>(),)+ }
            }
        }

        /// One zero-sized type per operation, carrying its wire types ([`TypedOperation`]).
        pub mod ops {
            use super::*;
            use crate::*;

            $(
                #[doc = concat!("[`Operation::", stringify!($name), "`]: `", stringify!($method), " ", $path, "`.")]
                #[derive(Clone, Copy, Debug, PartialEq, Eq)]
                pub struct $name;

                impl TypedOperation for $name {
                    const OPERATION: Operation = Operation::$name;
                    type Input = operations!(@input_type $input_kind $(($input))?);
                    type Answer = operations!(@answer_type $answer_kind $(($answer))?);

                    fn typed_request(input: Self::Input) -> Option<TypedRequest> {
                        operations!(@typed_request $input_kind $(($input))?, input)
                    }

                    fn typed_answer(answer: Self::Answer) -> TypedAnswer {
                        TypedAnswer::from(answer)
                    }
                }
            )+
        }
    };
}

operations! {
    /// Localities of a zip code.
    SearchCities => Post "/connectivity/eligibility/search/cities",
        auth: false, input: JsonBody(SearchCitiesRequest), answer: AsyncTask(Vec<City>);
    /// Streets of a locality.
    SearchStreets => Post "/connectivity/eligibility/search/streets",
        auth: false, input: JsonBody(SearchStreetsRequest), answer: AsyncTask(Vec<Street>);
    /// Numbers of a street.
    SearchStreetNumbers => Post "/connectivity/eligibility/search/streetNumbers",
        auth: false, input: JsonBody(SearchStreetNumbersRequest), answer: AsyncTask(Vec<String>);
    /// Numbers of a street with their hexacle.
    SearchStreetNumberDetails => Post "/connectivity/eligibility/search/streetNumbers/details",
        auth: false, input: JsonBody(SearchStreetNumbersRequest), answer: AsyncTask(Vec<StreetNumberDetails>);
    /// Buildings at an address.
    SearchBuildings => Post "/connectivity/eligibility/search/buildings",
        auth: false, input: JsonBody(SearchBuildingsRequest), answer: AsyncTask(Vec<Building>);
    /// Buildings of a copper line.
    SearchBuildingsByLine => Post "/connectivity/eligibility/search/buildingsByLine",
        auth: false, input: JsonBody(SearchBuildingsByLineRequest), answer: AsyncTask(Vec<Building>);
    /// Details of one building.
    SearchBuildingDetails => Post "/connectivity/eligibility/search/buildingDetails",
        auth: false, input: JsonBody(SearchBuildingDetailsRequest), answer: AsyncTask(Building);
    /// Copper lines at an address (deprecated upstream).
    SearchLines => Post "/connectivity/eligibility/search/lines",
        auth: false, input: JsonBody(SearchLinesRequest), answer: AsyncTask(Vec<Line>);
    /// Meeting slots for an eligibility test.
    SearchMeetings => Post "/connectivity/eligibility/search/meetings",
        auth: false, input: JsonBody(SearchMeetingsRequest), answer: AsyncTask(Meetings);
    /// Addresses near a point.
    SearchAddresses => Post "/connectivity/eligibility/search/addresses",
        auth: false, input: JsonBody(SearchAddressesRequest), answer: AsyncTask(Vec<AddressWithCoordinates>);
    /// An eligibility test by its reference.
    GetEligibilityTest => Get "/connectivity/eligibility/test",
        auth: false, input: Query(GetEligibilityTestQuery), answer: Value(EligibilityTest);
    /// Copper eligibility of an address (neighbour-line creation).
    TestAddress => Post "/connectivity/eligibility/test/address",
        auth: false, input: JsonBody(TestAddressRequest), answer: AsyncTask(EligibilityTest);
    /// Copper eligibility of an address, partners only.
    TestAddressPartners => Post "/connectivity/eligibility/test/address/partners",
        auth: true, input: JsonBody(TestAddressRequest), answer: AsyncTask(EligibilityTest);
    /// Fiber eligibility of a building.
    TestBuilding => Post "/connectivity/eligibility/test/building",
        auth: false, input: JsonBody(TestBuildingRequest), answer: AsyncTask(EligibilityTest);
    /// Fiber eligibility of a building, partners only.
    TestBuildingPartners => Post "/connectivity/eligibility/test/building/partners",
        auth: true, input: JsonBody(TestBuildingRequest), answer: AsyncTask(EligibilityTest);
    /// Copper eligibility of a line.
    TestLine => Post "/connectivity/eligibility/test/line",
        auth: false, input: JsonBody(TestLineRequest), answer: AsyncTask(EligibilityTest);
    /// Copper eligibility of a line, partners only.
    TestLinePartners => Post "/connectivity/eligibility/test/line/partners",
        auth: true, input: JsonBody(TestLineRequest), answer: AsyncTask(EligibilityTest);
    /// Fiber eligibility of an optical termination point.
    TestOtp => Post "/connectivity/eligibility/test/otp",
        auth: false, input: JsonBody(TestOtpRequest), answer: AsyncTask(EligibilityTest);
    /// Fiber eligibility of an optical termination point, partners only.
    TestOtpPartners => Post "/connectivity/eligibility/test/otp/partners",
        auth: true, input: JsonBody(TestOtpRequest), answer: AsyncTask(EligibilityTest);
    /// The caller's recalls.
    ListRecalls => Get "/connectivity/eligibility/recall",
        auth: true, input: Nothing, answer: Value(Vec<EligibilityRecall>);
    /// Ask to be recalled.
    CreateRecall => Post "/connectivity/eligibility/recall",
        auth: true, input: JsonBody(RecallRequest), answer: Value(EligibilityRecall);
    /// One recall.
    GetRecall => Get "/connectivity/eligibility/recall/{id}",
        auth: true, input: Nothing, answer: Value(EligibilityRecall);
    /// Change a recall.
    EditRecall => Put "/connectivity/eligibility/recall/{id}",
        auth: true, input: JsonBody(RecallRequest), answer: Value(EligibilityRecall);
    /// Delete a recall.
    DeleteRecall => Delete "/connectivity/eligibility/recall/{id}",
        auth: true, input: Nothing, answer: Empty;
    /// Planned works, public view.
    WorkPlannedPublic => Get "/connectivity/maintenance/workPlanned/public",
        auth: false, input: Query(WorkPlannedQuery), answer: Value(Vec<WorkPlanned>);
    /// Planned works, partners view.
    WorkPlannedPartners => Get "/connectivity/maintenance/workPlanned/partners",
        auth: true, input: Nothing, answer: Value(Vec<WorkPlanned>);
    /// Incidents, public view.
    GenericIncidentPublic => Get "/connectivity/monitoring/genericIncident/public",
        auth: false, input: Query(GenericIncidentQuery), answer: Value(Vec<GenericIncident>);
    /// Incidents, partners view.
    GenericIncidentPartners => Get "/connectivity/monitoring/genericIncident/partners",
        auth: true, input: Query(GenericIncidentQuery), answer: Value(Vec<GenericIncident>);
}

impl Operation {
    /// Whether `path` (relative to the API base, without query string) fits this operation's
    /// template. A `{id}` segment matches any non-empty segment.
    pub fn matches_path(self, path: &str) -> bool {
        let template = self.path_template();
        if !self.has_path_parameter() {
            return template == path;
        }
        let mut template = template.split('/');
        let mut actual = path.split('/');
        loop {
            match (template.next(), actual.next()) {
                (None, None) => return true,
                (Some(t), Some(a)) if t.starts_with('{') => {
                    if a.is_empty() {
                        return false;
                    }
                }
                (Some(t), Some(a)) if t == a => {}
                _ => return false,
            }
        }
    }

    /// Whether a call changes data on the server (creates, edits or deletes a recall). The
    /// eligibility `POST`s only compute; a contract run against the real API skips writers
    /// unless asked.
    pub fn changes_data(self) -> bool {
        match self {
            Self::CreateRecall | Self::EditRecall | Self::DeleteRecall => true,
            Self::SearchCities
            | Self::SearchStreets
            | Self::SearchStreetNumbers
            | Self::SearchStreetNumberDetails
            | Self::SearchBuildings
            | Self::SearchBuildingsByLine
            | Self::SearchBuildingDetails
            | Self::SearchLines
            | Self::SearchMeetings
            | Self::SearchAddresses
            | Self::GetEligibilityTest
            | Self::TestAddress
            | Self::TestAddressPartners
            | Self::TestBuilding
            | Self::TestBuildingPartners
            | Self::TestLine
            | Self::TestLinePartners
            | Self::TestOtp
            | Self::TestOtpPartners
            | Self::ListRecalls
            | Self::GetRecall
            | Self::WorkPlannedPublic
            | Self::WorkPlannedPartners
            | Self::GenericIncidentPublic
            | Self::GenericIncidentPartners => false,
        }
    }

    /// Whether the path template has a parameter (`{id}`): the recall operations on one recall.
    pub fn has_path_parameter(self) -> bool {
        self.facts().has_path_parameter
    }

    /// The value of the `{id}` path parameter in `path`, for the recall operations.
    pub fn path_id(self, path: &str) -> Option<&str> {
        if !self.has_path_parameter() {
            return None;
        }
        let index = self.path_template().split('/').position(|segment| segment == "{id}")?;
        path.split('/').nth(index)
    }

    /// The operation a method and path name, or why there is none.
    pub fn find(method: Method, path: &str) -> Result<Operation, RouteMiss> {
        let mut allowed = Vec::new();
        for &operation in Self::ALL {
            if operation.matches_path(path) {
                if operation.method() == method {
                    return Ok(operation);
                }
                allowed.push(operation.method());
            }
        }
        if allowed.is_empty() { Err(RouteMiss::UnknownPath) } else { Err(RouteMiss::WrongMethod(allowed)) }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method(), self.path_template())
    }
}
