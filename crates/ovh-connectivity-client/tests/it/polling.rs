//! Polling: pending -> ok, pending -> error, the deadline, the poll budget, cancellation.

use std::convert::Infallible;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use ovh_connectivity_client::{Client, Config, ConfigBuilder, Error, HttpRequest, HttpResponse, PollPolicy};
use ovh_connectivity_types::*;

use crate::support::*;

#[test]
fn every_polled_fixture_ends_after_its_pending_phases() {
    let client = client();
    let line = block_on(client.test_line(&TestLineRequest::new("0123456789", LineStatus::Active))).unwrap();
    assert_eq!(line.polls, 3, "pending twice, then ok");
    assert_eq!(line.elapsed, Duration::from_secs(3), "the default backoff: 1 s, then 2 s");
    assert_eq!(client_sleeps(&client), [Duration::from_secs(1), Duration::from_secs(2)]);
    assert_eq!(line.result.offers.len(), 4);

    let cities = block_on(client.search_cities(&SearchCitiesRequest::new("91400"))).unwrap();
    assert_eq!((cities.polls, cities.result.len()), (2, 3));
    let streets = block_on(client.search_streets(&SearchStreetsRequest::new("91471"))).unwrap().result;
    assert_eq!(streets[1].street_name, "RUE DU VERGER");
    let numbers = block_on(client.search_street_numbers(&SearchStreetNumbersRequest::new("9147132200"))).unwrap();
    assert!(numbers.result.contains(&"2".to_owned()));
    let details =
        block_on(client.search_street_number_details(&SearchStreetNumbersRequest::new("9147132200"))).unwrap();
    assert!(details.result[0].hexacle.is_some());
    let buildings =
        block_on(client.search_buildings(&SearchBuildingsRequest::at_street_number("9147132200", "2"))).unwrap();
    assert_eq!(buildings.result[0].reference, "IMB/91471/C/NT8X");
    let by_line = block_on(
        client.search_buildings_by_line(&SearchBuildingsByLineRequest::new("0123456789", LineStatus::Inactive)),
    )
    .unwrap();
    assert_eq!(by_line.result.len(), 1);
    let building =
        block_on(client.search_building_details(&SearchBuildingDetailsRequest::new("IMB/91471/C/NT8X"))).unwrap();
    assert_eq!(building.result.building_type, Some(BuildingType::House));
    let lines = block_on(client.search_lines(&SearchLinesRequest::new("123456789", "2"))).unwrap();
    assert_eq!(lines.result[0].copper_info.status, LineStatus::Inactive);
    let fiber = block_on(client.test_building(&TestBuildingRequest::new("IMB/91471/C/NT8X"))).unwrap();
    assert!(fiber.result.offers[0].eligibility.eligible);
    let otp = block_on(client.test_otp(&TestOtpRequest::new("OO-XXXX-XXXX/C"))).unwrap();
    assert_eq!(otp.result.endpoint.reference_type, EndpointReferenceType::Otp);
    let address = block_on(client.test_address(&TestAddressRequest::at_street_number("94123001234", "4"))).unwrap();
    assert_eq!(address.result.offers[0].eligibility.activation_types, [ActivationType::CreateNeighbour]);
    let mut meetings = SearchMeetingsRequest::new("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01");
    meetings.product_code = Some("FTTH-MAX-1G".to_owned());
    meetings.installation_type = Some(InstallationType::Create);
    assert_eq!(block_on(client.search_meetings(&meetings)).unwrap().result.meeting_slots.len(), 3);
    let mut near = SearchAddressesRequest::new("48.6990", "2.1870");
    near.distance = Some(50);
    assert_eq!(block_on(client.search_addresses(&near)).unwrap().result.len(), 2);
    for partners in [
        block_on(client.test_address_partners(&TestAddressRequest::at_street_number("94123001234", "4"))).unwrap(),
        block_on(client.test_building_partners(&TestBuildingRequest::new("IMB/91471/C/NT8X"))).unwrap(),
        block_on(client.test_otp_partners(&TestOtpRequest::new("OO-XXXX-XXXX/C"))).unwrap(),
    ] {
        assert_eq!(partners.polls, 2);
    }
}

#[test]
fn the_plain_routes_decode() {
    let client = client();
    let reference = GetEligibilityTestQuery::new("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01");
    assert_eq!(block_on(client.get_eligibility_test(&reference)).unwrap().offers.len(), 4);
    assert_eq!(block_on(client.list_recalls()).unwrap()[0].id, 42);
    let mut recall = RecallRequest::new("IMB/91471/C/NT8X", ReferenceType::Building);
    recall.profiber_request = Some(true);
    assert_eq!(block_on(client.create_recall(&recall)).unwrap().id, 42);
    recall.dedicatedfiber_request = Some(true);
    assert!(block_on(client.edit_recall(42, &recall)).unwrap().dedicatedfiber_request);
    block_on(client.delete_recall(42)).unwrap();
    assert_eq!(block_on(client.work_planned(&WorkPlannedQuery::default())).unwrap()[0].id, 1312);
    assert_eq!(block_on(client.work_planned_partners()).unwrap().len(), 2);
    assert_eq!(block_on(client.generic_incidents(&GenericIncidentQuery::default())).unwrap()[0].id, 9001);
    let mut detected = GenericIncidentQuery::default();
    detected.status = Some(GenericIncidentStatus::Detected);
    assert_eq!(
        block_on(client.generic_incidents_partners(&detected)).unwrap()[0].status,
        GenericIncidentStatus::Detected
    );
}

fn client_sleeps(client: &Client<FixtureTransport, VirtualClock>) -> Vec<Duration> {
    client.clock().sleeps()
}

#[test]
fn a_task_that_ends_in_error_is_a_typed_error_with_the_api_message() {
    let client = client();
    let error = block_on(client.test_line(&TestLineRequest::new("0987654321", LineStatus::Inactive))).unwrap_err();
    match error {
        Error::TaskFailed { operation, message, polls } => {
            assert_eq!(operation, Operation::TestLine);
            assert_eq!(message, "No inactive line found for number 0987654321");
            assert_eq!(polls, 2);
        }
        other => panic!("expected TaskFailed, got {other:?}"),
    }
}

fn always_pending() -> impl Fn(HttpRequest) -> std::future::Ready<Result<HttpResponse, Infallible>> + Send + Sync {
    |_request| std::future::ready(Ok(HttpResponse::new(br#"{"status":"pending","result":null,"error":null}"#.to_vec())))
}

#[test]
fn polling_stops_at_the_deadline() {
    let policy = PollPolicy::fixed(Duration::from_secs(5), Duration::from_secs(12));
    let config = ConfigBuilder::new().endpoint(BASE).poll_policy(policy).build().unwrap();
    let client = Client::new(config, always_pending(), virtual_clock());
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("1"))).unwrap_err();
    match &error {
        Error::DeadlineExceeded { polls, waited, deadline, .. } => {
            // Requests at 0, 5, 10 and 12 s: the last one right at the deadline.
            assert_eq!(*polls, 4);
            assert_eq!(*waited, Duration::from_secs(12));
            assert_eq!(*deadline, Duration::from_secs(12));
        }
        other => panic!("expected DeadlineExceeded, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "POST /connectivity/eligibility/search/cities: the task was still pending after 4 request(s) over 12 s, \
         its deadline (PollPolicy); raise the deadline or try again later"
    );
    assert_eq!(client.clock().sleeps(), [5, 5, 2].map(Duration::from_secs));
}

#[test]
fn the_default_policy_backs_off_from_one_second_to_five_until_three_minutes() {
    let client = Client::new(Config::for_base_url(BASE).unwrap(), always_pending(), virtual_clock());
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("1"))).unwrap_err();
    let sleeps = client.clock().sleeps();
    assert_eq!(sleeps[..6], [1, 2, 4, 5, 5, 5].map(Duration::from_secs));
    assert!(sleeps.iter().all(|wait| *wait >= Duration::from_secs(1)), "never faster than once a second");
    assert_eq!(sleeps.iter().sum::<Duration>(), Duration::from_secs(180));
    // 0, 1, 3, 7, 12, 17 ... 177, 180: 7 s of backoff, then 34 waits of 5 s, then the deadline's 3 s.
    assert!(matches!(error, Error::DeadlineExceeded { polls: 39, .. }), "{error:?}");
    assert!(error.to_string().contains("over 3 min"), "{error}");
}

#[test]
fn a_poll_budget_stops_earlier() {
    let mut policy = PollPolicy::new(Duration::from_secs(1), Duration::from_secs(3600));
    policy.max_polls = Some(3);
    let config = ConfigBuilder::new().endpoint(BASE).poll_policy(policy).build().unwrap();
    let client = Client::new(config, always_pending(), virtual_clock());
    let error = block_on(client.search_cities(&SearchCitiesRequest::new("1"))).unwrap_err();
    assert!(matches!(error, Error::DeadlineExceeded { polls: 3, .. }), "{error:?}");
}

/// A clock whose sleeps never end: polling is parked in its wait.
struct FrozenClock;

impl ovh_connectivity_client::Clock for FrozenClock {
    fn unix_time(&self) -> u64 {
        API_TIME
    }
    fn monotonic(&self) -> Duration {
        Duration::ZERO
    }
    fn sleep(&self, _duration: Duration) -> impl std::future::Future<Output = ()> + Send {
        std::future::pending()
    }
}

#[test]
fn dropping_the_future_stops_polling() {
    let sent = std::sync::Arc::new(AtomicU32::new(0));
    let counter = sent.clone();
    let transport = move |_request: HttpRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        std::future::ready(Ok::<_, Infallible>(HttpResponse::new(
            br#"{"status":"pending","result":null,"error":null}"#.to_vec(),
        )))
    };
    let client = Client::new(ovh_connectivity_client::Config::for_base_url(BASE).unwrap(), transport, FrozenClock);
    let request = SearchCitiesRequest::new("1");
    {
        let mut future = Box::pin(client.search_cities(&request));
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        for _ in 0..10 {
            assert!(future.as_mut().poll(&mut context).is_pending());
        }
        assert_eq!(sent.load(Ordering::SeqCst), 1, "one request, then waiting");
    }
    // Dropped: nothing is left to send another request.
    assert_eq!(sent.load(Ordering::SeqCst), 1);
}

/// Records what a poll observer is told.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<String>>);

impl ovh_connectivity_client::PollObserver for Recorder {
    fn started(&self, operation: Operation) {
        self.0.lock().unwrap().push(format!("start {operation}"));
    }

    fn answered(&self, progress: &ovh_connectivity_client::PollProgress) {
        self.0.lock().unwrap().push(format!(
            "{} {} after {:?}, next in {:?}",
            progress.polls, progress.status, progress.elapsed, progress.next_in
        ));
    }
}

#[test]
fn a_poll_observer_sees_every_answer_of_the_one_poll_loop() {
    let recorder = std::sync::Arc::new(Recorder::default());
    let client = client().with_poll_observer(recorder.clone());
    block_on(client.test_line(&TestLineRequest::new("0123456789", LineStatus::Active))).unwrap();
    let failed = block_on(client.test_line(&TestLineRequest::new("0987654321", LineStatus::Inactive)));
    assert!(matches!(failed, Err(Error::TaskFailed { .. })));
    // Plain routes are not polled: nothing to report.
    block_on(client.list_recalls()).unwrap();
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            "start POST /connectivity/eligibility/test/line",
            "1 pending after 0ns, next in Some(1s)",
            "2 pending after 1s, next in Some(2s)",
            "3 ok after 3s, next in None",
            "start POST /connectivity/eligibility/test/line",
            "1 pending after 0ns, next in Some(1s)",
            "2 error after 1s, next in None",
        ]
    );
}
