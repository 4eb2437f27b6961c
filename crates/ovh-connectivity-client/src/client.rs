//! The typed client: one method per operation, async tasks polled to their end.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use ovh_connectivity_types::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::{Error, NotSent};
use crate::poll::{Step, next_step};
use crate::transport::{Clock, HttpRequest, Transport};
use crate::wire::{Call, Undecoded, decode, encode};

/// The result of a polled async task, with how it went.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Polled<T> {
    /// The task's result.
    pub result: T,
    /// How many identical requests were sent (1 when the first answer was final).
    pub polls: u32,
    /// Time from the first request to the final answer.
    pub elapsed: Duration,
}

impl<T> Polled<T> {
    /// The result alone.
    pub fn into_result(self) -> T {
        self.result
    }
}

/// A client of the `/connectivity` API over any [`Transport`], with any [`Clock`].
///
/// It performs no IO itself. `ovh-connectivity-hyper` gives a ready one on hyper and tokio.
#[derive(Debug)]
pub struct Client<T, C> {
    config: Config,
    transport: T,
    clock: C,
    /// `server time - local time`, read once from `GET /auth/time` before the first signed call.
    time_offset: Mutex<Option<i64>>,
}

type Result<V, T> = std::result::Result<V, Error<<T as Transport>::Error>>;

impl<T: Transport, C: Clock> Client<T, C> {
    /// A client with this configuration, transport and clock.
    pub fn new(config: Config, transport: T, clock: C) -> Self {
        Self { config, transport, clock, time_offset: Mutex::new(None) }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The offset of the API's clock from the local one, in seconds, once known.
    pub fn time_offset(&self) -> Option<i64> {
        *self.time_offset.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the clock offset instead of reading it from `/auth/time`.
    pub fn set_time_offset(&self, offset: i64) {
        *self.time_offset.lock().unwrap_or_else(PoisonError::into_inner) = Some(offset);
    }

    async fn timestamp(&self) -> Result<u64, T> {
        let offset = match self.time_offset() {
            Some(offset) => offset,
            None => {
                let request = http::Request::builder()
                    .method("GET")
                    .uri(format!("{}/auth/time", self.config.base_url))
                    .body(Vec::new())
                    .map_err(|e| Error::NotSent(NotSent::Encode(e.to_string())))?;
                let local = self.clock.unix_time();
                let server: i64 = self.exchange(&"GET /auth/time", request).await?;
                let offset = server - local as i64;
                self.set_time_offset(offset);
                offset
            }
        };
        Ok(self.clock.unix_time().saturating_add_signed(offset))
    }

    async fn exchange<R: DeserializeOwned>(
        &self,
        what: &(dyn std::fmt::Display + Sync),
        request: HttpRequest,
    ) -> Result<R, T> {
        let response = self.transport.send(request).await.map_err(Error::Transport)?;
        decode(what, &response).map_err(|e| match e {
            Undecoded::Api(api) => Error::Api(*api),
            Undecoded::Decode(decode) => Error::Decode(*decode),
        })
    }

    /// Sends `call` once and decodes the answer as `R`.
    pub async fn send<R: DeserializeOwned>(&self, call: &Call) -> Result<R, T> {
        // The clock offset is read only when the call will be signed (encode refuses the others).
        let signable = self.config.credentials.as_ref().is_some_and(|c| c.consumer_key.is_some());
        let timestamp = if call.operation.requires_auth() && signable { Some(self.timestamp().await?) } else { None };
        let request = encode(&self.config, call, timestamp)?;
        self.exchange(&call.operation, request).await
    }

    /// Sends the identical `call` until its async task is `ok` or `error`, waiting
    /// `poll.interval` between requests, within `poll.deadline`. Dropping the future stops.
    pub async fn poll<R: DeserializeOwned>(&self, call: &Call) -> Result<Polled<R>, T> {
        let policy = self.config.poll;
        let started = self.clock.monotonic();
        let mut polls = 0;
        loop {
            let task: AsyncTask<R> = self.send(call).await?;
            polls += 1;
            let elapsed = self.clock.monotonic().saturating_sub(started);
            match next_step(task, polls, elapsed, &policy) {
                Step::Done(result) => return Ok(Polled { result, polls, elapsed }),
                Step::Failed(message) => return Err(Error::TaskFailed { operation: call.operation, message, polls }),
                Step::Wait(wait) => self.clock.sleep(wait).await,
                _ => {
                    return Err(Error::DeadlineExceeded {
                        operation: call.operation,
                        polls,
                        waited: elapsed,
                        deadline: policy.deadline,
                    });
                }
            }
        }
    }

    /// One exchange of an async operation, for callers who poll by hand: the raw task.
    pub async fn task_once<R: DeserializeOwned>(
        &self,
        operation: Operation,
        body: &impl Serialize,
    ) -> Result<AsyncTask<R>, T> {
        self.send(&Call::with_body(operation, body)?).await
    }

    async fn task<R: DeserializeOwned>(&self, operation: Operation, body: &impl Serialize) -> Result<Polled<R>, T> {
        self.poll(&Call::with_body(operation, body)?).await
    }
}

macro_rules! polled_methods {
    ($($(#[$doc:meta])* $name:ident($request:ty) -> $output:ty = $operation:ident;)+) => {
        impl<T: Transport, C: Clock> Client<T, C> {
            $(
                $(#[$doc])*
                #[doc = concat!("\n\n`", stringify!($operation), "`: the task is polled to its end.")]
                pub async fn $name(&self, request: &$request) -> Result<Polled<$output>, T> {
                    self.task(Operation::$operation, request).await
                }
            )+
        }
    };
}

polled_methods! {
    /// Localities of a zip code (`POST /connectivity/eligibility/search/cities`).
    search_cities(SearchCitiesRequest) -> Vec<City> = SearchCities;
    /// Streets of a locality (`POST .../search/streets`).
    search_streets(SearchStreetsRequest) -> Vec<Street> = SearchStreets;
    /// Numbers of a street (`POST .../search/streetNumbers`).
    search_street_numbers(SearchStreetNumbersRequest) -> Vec<String> = SearchStreetNumbers;
    /// Numbers of a street with their hexacle (`POST .../search/streetNumbers/details`).
    search_street_number_details(SearchStreetNumbersRequest) -> Vec<StreetNumberDetails> = SearchStreetNumberDetails;
    /// Buildings at an address (`POST .../search/buildings`).
    search_buildings(SearchBuildingsRequest) -> Vec<Building> = SearchBuildings;
    /// Buildings of a copper line (`POST .../search/buildingsByLine`).
    search_buildings_by_line(SearchBuildingsByLineRequest) -> Vec<Building> = SearchBuildingsByLine;
    /// Details of a building (`POST .../search/buildingDetails`).
    search_building_details(SearchBuildingDetailsRequest) -> Building = SearchBuildingDetails;
    /// Copper lines at an address (`POST .../search/lines`, deprecated upstream).
    search_lines(SearchLinesRequest) -> Vec<Line> = SearchLines;
    /// Meeting slots for an eligibility test (`POST .../search/meetings`).
    search_meetings(SearchMeetingsRequest) -> Meetings = SearchMeetings;
    /// Addresses near a point (`POST .../search/addresses`).
    search_addresses(SearchAddressesRequest) -> Vec<AddressWithCoordinates> = SearchAddresses;
    /// Copper eligibility of an address, for a neighbour-line creation (`POST .../test/address`).
    test_address(TestAddressRequest) -> EligibilityTest = TestAddress;
    /// Partners variant of [`test_address`](Self::test_address) (signed).
    test_address_partners(TestAddressRequest) -> EligibilityTest = TestAddressPartners;
    /// Fiber eligibility of a building (`POST .../test/building`).
    test_building(TestBuildingRequest) -> EligibilityTest = TestBuilding;
    /// Partners variant of [`test_building`](Self::test_building) (signed).
    test_building_partners(TestBuildingRequest) -> EligibilityTest = TestBuildingPartners;
    /// Copper eligibility of a line (`POST .../test/line`).
    test_line(TestLineRequest) -> EligibilityTest = TestLine;
    /// Partners variant of [`test_line`](Self::test_line) (signed).
    test_line_partners(TestLineRequest) -> EligibilityTest = TestLinePartners;
    /// Fiber eligibility of an optical termination point (`POST .../test/otp`).
    test_otp(TestOtpRequest) -> EligibilityTest = TestOtp;
    /// Partners variant of [`test_otp`](Self::test_otp) (signed).
    test_otp_partners(TestOtpRequest) -> EligibilityTest = TestOtpPartners;
}

impl<T: Transport, C: Clock> Client<T, C> {
    /// An earlier eligibility test by its reference (`GET /connectivity/eligibility/test`).
    pub async fn get_eligibility_test(&self, query: &GetEligibilityTestQuery) -> Result<EligibilityTest, T> {
        self.send(&Call::with_query(Operation::GetEligibilityTest, query)?).await
    }

    /// The caller's recalls (`GET /connectivity/eligibility/recall`, signed).
    pub async fn list_recalls(&self) -> Result<Vec<EligibilityRecall>, T> {
        self.send(&Call::new(Operation::ListRecalls)).await
    }

    /// Asks to be recalled (`POST /connectivity/eligibility/recall`, signed).
    pub async fn create_recall(&self, request: &RecallRequest) -> Result<EligibilityRecall, T> {
        self.send(&Call::with_body(Operation::CreateRecall, request)?).await
    }

    /// One recall (`GET /connectivity/eligibility/recall/{id}`, signed).
    pub async fn get_recall(&self, id: i64) -> Result<EligibilityRecall, T> {
        self.send(&Call::new(Operation::GetRecall).with_id(id)).await
    }

    /// Changes a recall (`PUT /connectivity/eligibility/recall/{id}`, signed).
    pub async fn edit_recall(&self, id: i64, request: &RecallRequest) -> Result<EligibilityRecall, T> {
        self.send(&Call::with_body(Operation::EditRecall, request)?.with_id(id)).await
    }

    /// Deletes a recall (`DELETE /connectivity/eligibility/recall/{id}`, signed).
    pub async fn delete_recall(&self, id: i64) -> Result<(), T> {
        self.send(&Call::new(Operation::DeleteRecall).with_id(id)).await
    }

    /// Planned works (`GET /connectivity/maintenance/workPlanned/public`).
    pub async fn work_planned(&self, query: &WorkPlannedQuery) -> Result<Vec<WorkPlanned>, T> {
        self.send(&Call::with_query(Operation::WorkPlannedPublic, query)?).await
    }

    /// Planned works, partners view (`GET /connectivity/maintenance/workPlanned/partners`, signed).
    pub async fn work_planned_partners(&self) -> Result<Vec<WorkPlanned>, T> {
        self.send(&Call::new(Operation::WorkPlannedPartners)).await
    }

    /// Incidents (`GET /connectivity/monitoring/genericIncident/public`).
    pub async fn generic_incidents(&self, query: &GenericIncidentQuery) -> Result<Vec<GenericIncident>, T> {
        self.send(&Call::with_query(Operation::GenericIncidentPublic, query)?).await
    }

    /// Incidents, partners view (`GET /connectivity/monitoring/genericIncident/partners`, signed).
    pub async fn generic_incidents_partners(&self, query: &GenericIncidentQuery) -> Result<Vec<GenericIncident>, T> {
        self.send(&Call::with_query(Operation::GenericIncidentPartners, query)?).await
    }
}
