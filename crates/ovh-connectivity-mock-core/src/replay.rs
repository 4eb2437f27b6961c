//! Replay: a matched request's answer, from its fixture's phases, or (no fixture) what the
//! real API would plausibly answer, or in strict mode a 404 naming the closest fixture.

use bytes::Bytes;
use http::StatusCode;
use ovh_connectivity_fixtures::Latency;
use ovh_connectivity_types::Operation;
use serde_json::{Value, json};

use crate::Now;
use crate::catalog::Catalog;
use crate::matching::Matched;
use crate::mock::Mock;
use crate::play::{Phase, Phases, play};
use crate::reply::Reply;
use crate::reply::Source;
use crate::settings::Settings;
use crate::world::WorldAnswer;

/// Answers a matched request; the latency to wait before answering comes with it.
pub(crate) fn replay(
    state: &Mock,
    settings: &Settings,
    catalog: &Catalog,
    matched: &Matched<'_>,
    now: Now,
) -> (Reply, Option<Latency>) {
    match matched.served {
        Some(served) => {
            let latency = served.fixture.latency.or(settings.latency_ms);
            let phases = Phases::of_fixture(served, settings.pending);
            (play(state, matched, &phases, None, now).with_source(Source::Fixture), latency)
        }
        None => {
            // A list route's filters select from its fixtures' list, strict or not: the answer
            // comes from fixtures.
            if let Some(selected) = crate::filters::select(catalog, matched.operation, &matched.query) {
                let reply = selected.map_or_else(|refused| refused, |reply| reply.with_source(Source::Fixture));
                return (reply, settings.latency_ms);
            }
            if settings.strict {
                return (strict_miss(catalog, matched), None);
            }
            let world =
                state.world(settings).and_then(|w| w.answer(matched.operation, &matched.query, matched.body.as_ref()));
            let reply = match world {
                Some(answer) => from_world(state, settings, matched, answer, now),
                None => uncovered(state, settings, matched, now),
            };
            (reply, settings.latency_ms)
        }
    }
}

/// What the real API would plausibly answer to a well-formed request no fixture covers:
/// searches find nothing, tests end in `error`, one object by id or reference is not found.
fn uncovered(state: &Mock, settings: &Settings, matched: &Matched<'_>, now: Now) -> Reply {
    use Operation as O;
    let body = matched.body.as_ref();
    let field = |name: &str| body.and_then(|b| b.get(name)).and_then(Value::as_str).unwrap_or("").to_owned();
    let final_task = match matched.operation {
        O::SearchCities
        | O::SearchStreets
        | O::SearchStreetNumbers
        | O::SearchStreetNumberDetails
        | O::SearchBuildings
        | O::SearchBuildingsByLine
        | O::SearchLines
        | O::SearchAddresses => json!({"status": "ok", "result": [], "error": null}),
        O::SearchBuildingDetails => task_error(format!("Building {} not found", field("building"))),
        O::SearchMeetings => task_error("No meeting slot available for this eligibility reference".to_owned()),
        O::TestLine | O::TestLinePartners => {
            task_error(format!("No {} line found for number {}", field("status"), field("lineNumber")))
        }
        O::TestAddress | O::TestAddressPartners => task_error(format!(
            "No address found for street code {} and street number {}",
            field("streetCode"),
            field("streetNumber")
        )),
        O::TestBuilding | O::TestBuildingPartners => task_error(format!("Building {} not found", field("building"))),
        O::TestOtp | O::TestOtpPartners => task_error(format!("Optical termination point {} not found", field("otp"))),
        O::ListRecalls
        | O::WorkPlannedPublic
        | O::WorkPlannedPartners
        | O::GenericIncidentPublic
        | O::GenericIncidentPartners => {
            return Reply::json(StatusCode::OK, "[]")
                .with_note("no fixture: empty list")
                .with_source(Source::Uncovered);
        }
        O::GetEligibilityTest => {
            let query = &matched.query;
            let reference = query.iter().find(|(n, _)| n == "eligibilityReference").map_or("", |(_, v)| v.as_str());
            return Reply::not_found(format!("Eligibility reference {reference} not found"))
                .with_source(Source::Uncovered);
        }
        O::CreateRecall => {
            let now = now.unix_secs();
            let flag = |name: &str| body.and_then(|b| b.get(name)).and_then(Value::as_bool).unwrap_or(false);
            let recall = json!({
                "id": 1000 + (now % 100_000),
                "reference": field("reference"),
                "referenceType": field("referenceType"),
                "customer": "mock-customer",
                "creationDate": "2026-01-01T00:00:00+01:00",
                "updatedDate": "2026-01-01T00:00:00+01:00",
                "completed": false,
                "completedDate": null,
                "profiberRequest": flag("profiberRequest"),
                "dedicatedfiberRequest": flag("dedicatedfiberRequest"),
            });
            return Reply::json(StatusCode::OK, recall.to_string())
                .with_note("no fixture: recall created")
                .with_source(Source::Uncovered);
        }
        O::GetRecall | O::EditRecall | O::DeleteRecall => {
            let id = matched.operation.path_id(matched.path).unwrap_or("");
            return Reply::not_found(format!("The requested object (id = {id}) does not exist"))
                .with_source(Source::Uncovered);
        }
    };
    let ok = final_task["status"] == "ok";
    let phases = task_phases(state, settings, Phase::task_end(Bytes::from(final_task.to_string()), ok));
    play(state, matched, &phases, Some("no fixture"), now).with_source(Source::Uncovered)
}

/// The world's answer to a request no fixture covers.
fn from_world(state: &Mock, settings: &Settings, matched: &Matched<'_>, answer: WorldAnswer, now: Now) -> Reply {
    match answer {
        WorldAnswer::Task { body, ok } => {
            let phases = task_phases(state, settings, Phase::task_end(Bytes::from(body), ok));
            play(state, matched, &phases, Some("world"), now)
        }
        WorldAnswer::Value(value) => Reply::json(StatusCode::OK, value).with_note("world: value"),
        WorldAnswer::NotFound(message) => Reply::not_found(message),
    }
    .with_source(Source::World)
}

/// A task no fixture plays: `pending` as many times as the settings say, or the configured
/// default, then `last`.
fn task_phases(state: &Mock, settings: &Settings, last: Phase) -> Phases<'static> {
    Phases::pending_then(settings.pending.unwrap_or(state.config.default_pending), last)
}

fn task_error(message: String) -> Value {
    json!({"status": "error", "result": null, "error": message})
}

fn strict_miss(catalog: &Catalog, matched: &Matched<'_>) -> Reply {
    let operation = matched.operation;
    let mut fields: Vec<(String, String)> = matched.query.clone();
    if let Some(Value::Object(map)) = &matched.body {
        fields.extend(map.iter().map(|(name, value)| (name.clone(), ovh_connectivity_fixtures::canonical_json(value))));
    }
    let hint = match catalog.closest(operation, &fields) {
        Some(fixture) => format!(
            "; the closest fixture is `{}` ({}), which answers {}",
            fixture.id,
            fixture.description,
            fixture.request.body.as_deref().map_or_else(
                || format!("{:?}", fixture.request.query),
                |b| serde_json::from_str::<Value>(b).map(|v| v.to_string()).unwrap_or_default()
            )
        ),
        None => format!("; no fixture covers {operation} at all"),
    };
    Reply::not_found(format!("No fixture answers this request (strict mode){hint}"))
}
