//! The typed client: one method per operation, async tasks polled to their end.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;
use std::time::Duration;

use ovh_connectivity_types::*;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::{ConnectorError, Error, NotSent};
use crate::observe::{Observer, PollObserver, PollProgress};
use crate::poll::{Step, next_step};
use crate::secret::Secret;
use crate::token::{Claim, FetchGuard, TokenSlot, parse_token_answer, token_request};
use crate::transport::{Clock, HttpRequest, HttpResponse, Transport};
use crate::wire::{AnswerError, Call, decode, encode, encode_bearer};

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
    /// A service account's current access token; one fetch at a time.
    token: TokenSlot,
    /// Told about every answer of a polled task.
    observer: Option<Observer>,
}

type Result<V> = std::result::Result<V, Error>;

impl<T: Transport, C: Clock> Client<T, C> {
    /// A client with this configuration, transport and clock.
    pub fn new(config: Config, transport: T, clock: C) -> Self {
        Self { config, transport, clock, time_offset: Mutex::new(None), token: TokenSlot::default(), observer: None }
    }

    /// This client, reporting every answer of the tasks it polls to `observer` (progress for
    /// a user interface; see [`PollObserver`]).
    pub fn with_poll_observer(mut self, observer: Arc<dyn PollObserver>) -> Self {
        self.observer = Some(Observer(observer));
        self
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

    async fn timestamp(&self) -> Result<u64> {
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

    /// Sends `request` through the transport, within the configured request timeout: the send
    /// is raced against [`Clock::sleep`], so the core bounds every exchange on any transport
    /// and stays without IO. A failure names the request's URL.
    async fn send_within(&self, request: HttpRequest) -> Result<HttpResponse> {
        let url = request.uri().to_string();
        let failed = |error: ConnectorError| {
            let error = if error.url().is_some() { error } else { error.with_url(url.clone()) };
            Error::Transport(error)
        };
        let send = self.transport.send(request);
        let Some(timeout) = self.config.request_timeout else {
            return send.await.map_err(|e| failed(e.into()));
        };
        let mut send = pin!(send);
        // The timer starts only if the answer is not there at once, so transports that answer
        // at once (fakes, closures) never start one.
        let mut timer: Option<Pin<Box<_>>> = None;
        let raced = std::future::poll_fn(|context| {
            if let Poll::Ready(answer) = send.as_mut().poll(context) {
                return Poll::Ready(Some(answer));
            }
            let timer = timer.get_or_insert_with(|| Box::pin(self.clock.sleep(timeout)));
            match timer.as_mut().poll(context) {
                Poll::Ready(()) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            }
        })
        .await;
        match raced {
            Some(answer) => answer.map_err(|e| failed(e.into())),
            None => Err(failed(ConnectorError::timed_out(timeout))),
        }
    }

    async fn exchange<R: DeserializeOwned>(
        &self,
        what: &(dyn std::fmt::Display + Sync),
        request: HttpRequest,
    ) -> Result<R> {
        let response = self.send_within(request).await?;
        decode(what, &response).map_err(|e| match e {
            AnswerError::Api(api) => Error::Api(*api),
            AnswerError::Decode(decode) => Error::Decode(*decode),
        })
    }

    /// A service account's access token: the cached one while fresh, else one fetch that
    /// every concurrent caller waits for. A pre-issued token is used as it is.
    async fn bearer(&self) -> Result<Option<Secret>> {
        if let Some(token) = &self.config.access_token {
            return Ok(Some(token.clone()));
        }
        let Some(account) = &self.config.service_account else { return Ok(None) };
        loop {
            match self.token.claim(self.clock.monotonic()) {
                Claim::Fresh(token) => return Ok(Some(token)),
                Claim::Wait => self.token.fetched().await,
                Claim::Fetch => {
                    // Released when dropped, fetched or not (a cancelled call frees the others).
                    let mut guard = FetchGuard { slot: &self.token, token: None };
                    let request = token_request(account)?;
                    let response = self.send_within(request).await?;
                    let token = parse_token_answer(&response, self.clock.monotonic()).map_err(Error::TokenRefused)?;
                    let value = token.value.clone();
                    guard.token = Some(token);
                    return Ok(Some(value));
                }
            }
        }
    }

    /// The request for `call`, and the access token it carries if any.
    async fn authorized(&self, call: &Call) -> Result<(HttpRequest, Option<Secret>)> {
        if call.operation.requires_auth() {
            let signable = self.config.credentials.as_ref().is_some_and(|c| c.consumer_key.is_some());
            if !signable && let Some(token) = self.bearer().await? {
                return Ok((encode_bearer(&self.config, call, &token)?, Some(token)));
            }
            // The clock offset is read only when the call will be signed.
            let timestamp = if signable { Some(self.timestamp().await?) } else { None };
            return Ok((encode(&self.config, call, timestamp)?, None));
        }
        Ok((encode(&self.config, call, None)?, None))
    }

    /// The HTTP request `send` would send for `call`: encoded and, when the operation requires
    /// it, signed (reading the clock offset from `/auth/time` first if it is not known yet) or
    /// given a service account's Bearer token (fetching one first if needed). For callers who
    /// send it themselves, or alter it to test a server.
    pub async fn prepare(&self, call: &Call) -> Result<HttpRequest> {
        Ok(self.authorized(call).await?.0)
    }

    /// Sends `call` once and decodes the answer as `R`. With a service account, a 401 (the
    /// token expired early or was revoked) fetches a new token and sends the call once more.
    pub async fn send<R: DeserializeOwned>(&self, call: &Call) -> Result<R> {
        let (request, token) = self.authorized(call).await?;
        match self.exchange(&call.operation, request).await {
            Err(Error::Api(refused))
                if refused.status == 401 && token.is_some() && self.config.service_account.is_some() =>
            {
                if let Some(token) = token {
                    self.token.forget(&token);
                }
                let (request, _) = self.authorized(call).await?;
                self.exchange(&call.operation, request).await
            }
            answer => answer,
        }
    }

    /// Sends the identical `call` until its async task is `ok` or `error`, waiting
    /// `poll.interval` between requests, within `poll.deadline`. Dropping the future stops.
    pub async fn poll<R: DeserializeOwned>(&self, call: &Call) -> Result<Polled<R>> {
        let policy = self.config.poll;
        let started = self.clock.monotonic();
        let mut polls = 0;
        if let Some(Observer(observer)) = &self.observer {
            observer.started(call.operation);
        }
        loop {
            let task: AsyncTask<R> = self.send(call).await?;
            polls += 1;
            let elapsed = self.clock.monotonic().saturating_sub(started);
            let status = self.observer.as_ref().map(|_| task.status.clone());
            let step = next_step(task, polls, elapsed, &policy);
            if let (Some(Observer(observer)), Some(status)) = (&self.observer, status) {
                let next_in = match &step {
                    Step::Wait(wait) => Some(*wait),
                    Step::Done(_) | Step::Failed(_) | Step::GiveUp => None,
                };
                observer.answered(&PollProgress { operation: call.operation, polls, elapsed, status, next_in });
            }
            match step {
                Step::Done(result) => return Ok(Polled { result, polls, elapsed }),
                Step::Failed(message) => return Err(Error::TaskFailed { operation: call.operation, message, polls }),
                Step::Wait(wait) => self.clock.sleep(wait).await,
                Step::GiveUp => {
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

    /// Calls the async operation `O` with `input` and polls its task to the end. The request
    /// and result types are the route table's ([`TypedOperation`]).
    pub async fn polled<O, R>(&self, input: &O::Input) -> Result<Polled<R>>
    where
        O: TypedOperation<Answer = AsyncTask<R>>,
        R: DeserializeOwned,
    {
        self.poll(&Call::for_input::<O>(input)?).await
    }

    /// Calls the plain operation `O` (no async task) once; `id` fills the `{id}` path
    /// parameter. The request and answer types are the route table's ([`TypedOperation`]).
    pub async fn once<O: TypedOperation>(&self, input: &O::Input, id: Option<i64>) -> Result<O::Answer> {
        let call = Call::for_input::<O>(input)?;
        self.send(&match id {
            Some(id) => call.with_id(id),
            None => call,
        })
        .await
    }
}

/// One typed method per operation, each typed by the route table through [`TypedOperation`]:
/// a method whose request or result type differs from the table's does not compile.
impl<T: Transport, C: Clock> Client<T, C> {
    /// Localities of a zip code (`POST /connectivity/eligibility/search/cities`), polled.
    pub async fn search_cities(&self, request: &SearchCitiesRequest) -> Result<Polled<Vec<City>>> {
        self.polled::<ops::SearchCities, _>(request).await
    }

    /// Streets of a locality (`POST .../search/streets`), polled.
    pub async fn search_streets(&self, request: &SearchStreetsRequest) -> Result<Polled<Vec<Street>>> {
        self.polled::<ops::SearchStreets, _>(request).await
    }

    /// Numbers of a street (`POST .../search/streetNumbers`), polled.
    pub async fn search_street_numbers(&self, request: &SearchStreetNumbersRequest) -> Result<Polled<Vec<String>>> {
        self.polled::<ops::SearchStreetNumbers, _>(request).await
    }

    /// Numbers of a street with their hexacle (`POST .../search/streetNumbers/details`), polled.
    pub async fn search_street_number_details(
        &self,
        request: &SearchStreetNumbersRequest,
    ) -> Result<Polled<Vec<StreetNumberDetails>>> {
        self.polled::<ops::SearchStreetNumberDetails, _>(request).await
    }

    /// Buildings at an address (`POST .../search/buildings`), polled.
    pub async fn search_buildings(&self, request: &SearchBuildingsRequest) -> Result<Polled<Vec<Building>>> {
        self.polled::<ops::SearchBuildings, _>(request).await
    }

    /// Buildings of a copper line (`POST .../search/buildingsByLine`), polled.
    pub async fn search_buildings_by_line(
        &self,
        request: &SearchBuildingsByLineRequest,
    ) -> Result<Polled<Vec<Building>>> {
        self.polled::<ops::SearchBuildingsByLine, _>(request).await
    }

    /// Details of a building (`POST .../search/buildingDetails`), polled.
    pub async fn search_building_details(&self, request: &SearchBuildingDetailsRequest) -> Result<Polled<Building>> {
        self.polled::<ops::SearchBuildingDetails, _>(request).await
    }

    /// Copper lines at an address (`POST .../search/lines`, deprecated upstream), polled.
    pub async fn search_lines(&self, request: &SearchLinesRequest) -> Result<Polled<Vec<Line>>> {
        self.polled::<ops::SearchLines, _>(request).await
    }

    /// Meeting slots for an eligibility test (`POST .../search/meetings`), polled.
    pub async fn search_meetings(&self, request: &SearchMeetingsRequest) -> Result<Polled<Meetings>> {
        self.polled::<ops::SearchMeetings, _>(request).await
    }

    /// Addresses near a point (`POST .../search/addresses`), polled.
    pub async fn search_addresses(
        &self,
        request: &SearchAddressesRequest,
    ) -> Result<Polled<Vec<AddressWithCoordinates>>> {
        self.polled::<ops::SearchAddresses, _>(request).await
    }

    /// An earlier eligibility test by its reference (`GET /connectivity/eligibility/test`).
    pub async fn get_eligibility_test(&self, query: &GetEligibilityTestQuery) -> Result<EligibilityTest> {
        self.once::<ops::GetEligibilityTest>(query, None).await
    }

    /// Copper eligibility of an address, for a neighbour-line creation (`POST .../test/address`),
    /// polled.
    pub async fn test_address(&self, request: &TestAddressRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestAddress, _>(request).await
    }

    /// Partners variant of [`test_address`](Self::test_address) (signed), polled.
    pub async fn test_address_partners(&self, request: &TestAddressRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestAddressPartners, _>(request).await
    }

    /// Fiber eligibility of a building (`POST .../test/building`), polled.
    pub async fn test_building(&self, request: &TestBuildingRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestBuilding, _>(request).await
    }

    /// Partners variant of [`test_building`](Self::test_building) (signed), polled.
    pub async fn test_building_partners(&self, request: &TestBuildingRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestBuildingPartners, _>(request).await
    }

    /// Copper eligibility of a line (`POST .../test/line`), polled.
    pub async fn test_line(&self, request: &TestLineRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestLine, _>(request).await
    }

    /// Partners variant of [`test_line`](Self::test_line) (signed), polled.
    pub async fn test_line_partners(&self, request: &TestLineRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestLinePartners, _>(request).await
    }

    /// Fiber eligibility of an optical termination point (`POST .../test/otp`), polled.
    pub async fn test_otp(&self, request: &TestOtpRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestOtp, _>(request).await
    }

    /// Partners variant of [`test_otp`](Self::test_otp) (signed), polled.
    pub async fn test_otp_partners(&self, request: &TestOtpRequest) -> Result<Polled<EligibilityTest>> {
        self.polled::<ops::TestOtpPartners, _>(request).await
    }

    /// The caller's recalls (`GET /connectivity/eligibility/recall`, signed).
    pub async fn list_recalls(&self) -> Result<Vec<EligibilityRecall>> {
        self.once::<ops::ListRecalls>(&NoInput, None).await
    }

    /// Asks to be recalled (`POST /connectivity/eligibility/recall`, signed).
    pub async fn create_recall(&self, request: &RecallRequest) -> Result<EligibilityRecall> {
        self.once::<ops::CreateRecall>(request, None).await
    }

    /// One recall (`GET /connectivity/eligibility/recall/{id}`, signed).
    pub async fn get_recall(&self, id: i64) -> Result<EligibilityRecall> {
        self.once::<ops::GetRecall>(&NoInput, Some(id)).await
    }

    /// Changes a recall (`PUT /connectivity/eligibility/recall/{id}`, signed).
    pub async fn edit_recall(&self, id: i64, request: &RecallRequest) -> Result<EligibilityRecall> {
        self.once::<ops::EditRecall>(request, Some(id)).await
    }

    /// Deletes a recall (`DELETE /connectivity/eligibility/recall/{id}`, signed).
    pub async fn delete_recall(&self, id: i64) -> Result<()> {
        self.once::<ops::DeleteRecall>(&NoInput, Some(id)).await
    }

    /// Planned works (`GET /connectivity/maintenance/workPlanned/public`).
    pub async fn work_planned(&self, query: &WorkPlannedQuery) -> Result<Vec<WorkPlanned>> {
        self.once::<ops::WorkPlannedPublic>(query, None).await
    }

    /// Planned works, partners view (`GET /connectivity/maintenance/workPlanned/partners`, signed).
    pub async fn work_planned_partners(&self) -> Result<Vec<WorkPlanned>> {
        self.once::<ops::WorkPlannedPartners>(&NoInput, None).await
    }

    /// Incidents (`GET /connectivity/monitoring/genericIncident/public`).
    pub async fn generic_incidents(&self, query: &GenericIncidentQuery) -> Result<Vec<GenericIncident>> {
        self.once::<ops::GenericIncidentPublic>(query, None).await
    }

    /// Incidents, partners view (`GET /connectivity/monitoring/genericIncident/partners`, signed).
    pub async fn generic_incidents_partners(&self, query: &GenericIncidentQuery) -> Result<Vec<GenericIncident>> {
        self.once::<ops::GenericIncidentPartners>(query, None).await
    }
}

/// The typed method of each operation. Exhaustive: a new operation does not compile until it
/// has a method here, and each arm names the method, so the method must exist.
#[allow(dead_code, reason = "a compile-time check: never called")]
fn typed_method<T: Transport, C: Clock>(operation: Operation) -> &'static str {
    use Operation as O;
    macro_rules! method {
        ($name:ident) => {{
            let _ = Client::<T, C>::$name;
            stringify!($name)
        }};
    }
    match operation {
        O::SearchCities => method!(search_cities),
        O::SearchStreets => method!(search_streets),
        O::SearchStreetNumbers => method!(search_street_numbers),
        O::SearchStreetNumberDetails => method!(search_street_number_details),
        O::SearchBuildings => method!(search_buildings),
        O::SearchBuildingsByLine => method!(search_buildings_by_line),
        O::SearchBuildingDetails => method!(search_building_details),
        O::SearchLines => method!(search_lines),
        O::SearchMeetings => method!(search_meetings),
        O::SearchAddresses => method!(search_addresses),
        O::GetEligibilityTest => method!(get_eligibility_test),
        O::TestAddress => method!(test_address),
        O::TestAddressPartners => method!(test_address_partners),
        O::TestBuilding => method!(test_building),
        O::TestBuildingPartners => method!(test_building_partners),
        O::TestLine => method!(test_line),
        O::TestLinePartners => method!(test_line_partners),
        O::TestOtp => method!(test_otp),
        O::TestOtpPartners => method!(test_otp_partners),
        O::ListRecalls => method!(list_recalls),
        O::CreateRecall => method!(create_recall),
        O::GetRecall => method!(get_recall),
        O::EditRecall => method!(edit_recall),
        O::DeleteRecall => method!(delete_recall),
        O::WorkPlannedPublic => method!(work_planned),
        O::WorkPlannedPartners => method!(work_planned_partners),
        O::GenericIncidentPublic => method!(generic_incidents),
        O::GenericIncidentPartners => method!(generic_incidents_partners),
    }
}
