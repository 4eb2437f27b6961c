//! The route table: every operation of the `/connectivity` API, as data.
//!
//! Paths are relative to the API base (`https://eu.api.ovh.com/1.0`); the client, the mock and
//! the fixtures all read them from here.

use std::fmt;

/// An HTTP method used by the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
pub enum RouteMiss {
    /// No operation has this path.
    UnknownPath,
    /// The path exists, with other methods (the `Allow` list, in table order).
    WrongMethod(Vec<Method>),
}

macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $name:ident => $method:ident $path:literal, auth: $auth:literal, input: $input:ident, answer: $answer:ident;
    )+) => {
        /// One operation of the `/connectivity` API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
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
                match self { $(Self::$name => RequestInput::$input,)+ }
            }

            /// How the API answers.
            pub fn answer(self) -> AnswerKind {
                match self { $(Self::$name => AnswerKind::$answer,)+ }
            }

            /// A stable name, the variant's (`TestLine`).
            pub fn name(self) -> &'static str {
                match self { $(Self::$name => stringify!($name),)+ }
            }
        }
    };
}

operations! {
    /// Localities of a zip code.
    SearchCities => Post "/connectivity/eligibility/search/cities", auth: false, input: JsonBody, answer: AsyncTask;
    /// Streets of a locality.
    SearchStreets => Post "/connectivity/eligibility/search/streets", auth: false, input: JsonBody, answer: AsyncTask;
    /// Numbers of a street.
    SearchStreetNumbers => Post "/connectivity/eligibility/search/streetNumbers", auth: false, input: JsonBody, answer: AsyncTask;
    /// Numbers of a street with their hexacle.
    SearchStreetNumberDetails => Post "/connectivity/eligibility/search/streetNumbers/details", auth: false, input: JsonBody, answer: AsyncTask;
    /// Buildings at an address.
    SearchBuildings => Post "/connectivity/eligibility/search/buildings", auth: false, input: JsonBody, answer: AsyncTask;
    /// Buildings of a copper line.
    SearchBuildingsByLine => Post "/connectivity/eligibility/search/buildingsByLine", auth: false, input: JsonBody, answer: AsyncTask;
    /// Details of one building.
    SearchBuildingDetails => Post "/connectivity/eligibility/search/buildingDetails", auth: false, input: JsonBody, answer: AsyncTask;
    /// Copper lines at an address (deprecated upstream).
    SearchLines => Post "/connectivity/eligibility/search/lines", auth: false, input: JsonBody, answer: AsyncTask;
    /// Meeting slots for an eligibility test.
    SearchMeetings => Post "/connectivity/eligibility/search/meetings", auth: false, input: JsonBody, answer: AsyncTask;
    /// Addresses near a point.
    SearchAddresses => Post "/connectivity/eligibility/search/addresses", auth: false, input: JsonBody, answer: AsyncTask;
    /// An eligibility test by its reference.
    GetEligibilityTest => Get "/connectivity/eligibility/test", auth: false, input: Query, answer: Value;
    /// Copper eligibility of an address (neighbour-line creation).
    TestAddress => Post "/connectivity/eligibility/test/address", auth: false, input: JsonBody, answer: AsyncTask;
    /// Copper eligibility of an address, partners only.
    TestAddressPartners => Post "/connectivity/eligibility/test/address/partners", auth: true, input: JsonBody, answer: AsyncTask;
    /// Fiber eligibility of a building.
    TestBuilding => Post "/connectivity/eligibility/test/building", auth: false, input: JsonBody, answer: AsyncTask;
    /// Fiber eligibility of a building, partners only.
    TestBuildingPartners => Post "/connectivity/eligibility/test/building/partners", auth: true, input: JsonBody, answer: AsyncTask;
    /// Copper eligibility of a line.
    TestLine => Post "/connectivity/eligibility/test/line", auth: false, input: JsonBody, answer: AsyncTask;
    /// Copper eligibility of a line, partners only.
    TestLinePartners => Post "/connectivity/eligibility/test/line/partners", auth: true, input: JsonBody, answer: AsyncTask;
    /// Fiber eligibility of an optical termination point.
    TestOtp => Post "/connectivity/eligibility/test/otp", auth: false, input: JsonBody, answer: AsyncTask;
    /// Fiber eligibility of an optical termination point, partners only.
    TestOtpPartners => Post "/connectivity/eligibility/test/otp/partners", auth: true, input: JsonBody, answer: AsyncTask;
    /// The caller's recalls.
    ListRecalls => Get "/connectivity/eligibility/recall", auth: true, input: Nothing, answer: Value;
    /// Ask to be recalled.
    CreateRecall => Post "/connectivity/eligibility/recall", auth: true, input: JsonBody, answer: Value;
    /// One recall.
    GetRecall => Get "/connectivity/eligibility/recall/{id}", auth: true, input: Nothing, answer: Value;
    /// Change a recall.
    EditRecall => Put "/connectivity/eligibility/recall/{id}", auth: true, input: JsonBody, answer: Value;
    /// Delete a recall.
    DeleteRecall => Delete "/connectivity/eligibility/recall/{id}", auth: true, input: Nothing, answer: Empty;
    /// Planned works, public view.
    WorkPlannedPublic => Get "/connectivity/maintenance/workPlanned/public", auth: false, input: Query, answer: Value;
    /// Planned works, partners view.
    WorkPlannedPartners => Get "/connectivity/maintenance/workPlanned/partners", auth: true, input: Nothing, answer: Value;
    /// Incidents, public view.
    GenericIncidentPublic => Get "/connectivity/monitoring/genericIncident/public", auth: false, input: Query, answer: Value;
    /// Incidents, partners view.
    GenericIncidentPartners => Get "/connectivity/monitoring/genericIncident/partners", auth: true, input: Query, answer: Value;
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

    /// Whether the path template has a parameter (`{id}`): the recall operations on one recall.
    pub fn has_path_parameter(self) -> bool {
        matches!(self, Self::GetRecall | Self::EditRecall | Self::DeleteRecall)
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
