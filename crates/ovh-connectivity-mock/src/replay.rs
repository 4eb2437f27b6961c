//! Replay: a matched request's answer, from its fixture's phases, or (no fixture) what the
//! real API would plausibly answer, or in strict mode a 404 naming the closest fixture.

use std::borrow::Cow;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::StatusCode;
use ovh_connectivity_fixtures::{Fault, Latency, PhaseKind};
use ovh_connectivity_types::{AnswerKind, Operation};
use serde_json::{Value, json};

use crate::catalog::{Catalog, Served};
use crate::matching::Matched;
use crate::reply::Reply;
use crate::state::MockState;
use crate::tasks::Forced;
use crate::world::WorldAnswer;

const PENDING_BODY: &[u8] = br#"{"status":"pending","result":null,"error":null}"#;

/// Answers a matched request, after the configured latency.
pub(crate) async fn replay(state: &MockState, catalog: &Catalog, matched: &Matched<'_>, started: Instant) -> Reply {
    let config = &state.config;
    match matched.served {
        Some(served) => {
            let latency = served.fixture.latency.or(config.latency);
            let reply = from_fixture(state, served, &matched.task_key(), started);
            sleep_for(state, latency).await;
            reply
        }
        None if config.strict => strict_miss(catalog, matched),
        None => {
            let world =
                state.world.as_ref().and_then(|w| w.answer(matched.operation, &matched.query, matched.body.as_ref()));
            let reply = match world {
                Some(answer) => from_world(state, matched, answer),
                None => uncovered(state, matched),
            };
            sleep_for(state, config.latency).await;
            reply
        }
    }
}

async fn sleep_for(state: &MockState, latency: Option<Latency>) {
    let millis = match latency {
        None => return,
        Some(Latency::Fixed(ms)) => ms,
        Some(Latency::Range(low, high)) => low.min(high) + state.random_below(high.abs_diff(low) + 1),
    };
    tokio::time::sleep(Duration::from_millis(millis)).await;
}

fn from_fixture(state: &MockState, served: &Served, task_key: &str, now: Instant) -> Reply {
    let fixture = &served.fixture;
    let seen = state.tasks().see(task_key, Some(&fixture.id), now);
    let attempt = seen.attempt;
    let last = served.bodies.len() - 1;
    let (status, body, note) = match (seen.forced, state.config.pending_override) {
        (Some(Forced::Error(message)), _) => {
            let body = serde_json::to_vec(&task_error(message)).expect("json serializes");
            (StatusCode::OK, Bytes::from(body), "forced -> error".into())
        }
        (Some(Forced::Final), _) => {
            (status_of(fixture.final_phase().status), served.bodies[last].clone(), "forced -> final".into())
        }
        (None, Some(pending)) if fixture.operation.answer() == AnswerKind::AsyncTask => {
            let total = u64::from(pending);
            if attempt < total {
                let body = served.pending_body.clone().unwrap_or_else(|| Bytes::from_static(PENDING_BODY));
                (StatusCode::OK, body, format!("pending {}/{total}", attempt + 1).into())
            } else {
                let final_phase = fixture.final_phase();
                let note = transition(attempt, total, final_phase.kind);
                (status_of(final_phase.status), served.bodies[last].clone(), note)
            }
        }
        (None, _) => {
            let total = fixture.attempts_before_final();
            let index = fixture.phase_index_for_attempt(attempt);
            let phase = &fixture.phases[index];
            let note = if attempt < total {
                format!("{} {}/{total}", phase.kind.name(), attempt + 1).into()
            } else {
                transition(attempt, total, phase.kind)
            };
            let reply = Reply::json(status_of(phase.status), served.bodies[index].clone()).with_note(note);
            return Reply {
                fixture: Some(served.id.clone()),
                slow_body: phase.fault == Some(Fault::SlowBody),
                drop_connection: phase.fault == Some(Fault::Drop),
                ..reply
            };
        }
    };
    Reply { fixture: Some(served.id.clone()), ..Reply::json(status, body).with_note(note) }
}

fn status_of(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::OK)
}

/// `pending 2/2 -> ok` on the answer that ends the task, `ok (repeat)` after: the poll count
/// of a task is in the admin API; repeats cost no allocation.
fn transition(attempt: u64, pending: u64, kind: PhaseKind) -> Cow<'static, str> {
    let name = kind.name();
    if pending == 0 && attempt == 0 {
        name.into()
    } else if attempt == pending {
        format!("pending {pending}/{pending} -> {name}").into()
    } else {
        match kind {
            PhaseKind::TaskOk => "ok (repeat)".into(),
            PhaseKind::TaskError => "error (repeat)".into(),
            PhaseKind::Value => "value (repeat)".into(),
            PhaseKind::Pending => "pending (repeat)".into(),
            PhaseKind::HttpError => "http error (repeat)".into(),
            PhaseKind::Dropped => "dropped (repeat)".into(),
        }
    }
}

/// What the real API would plausibly answer to a well-formed request no fixture covers:
/// searches find nothing, tests end in `error`, one object by id or reference is not found.
fn uncovered(state: &MockState, matched: &Matched<'_>) -> Reply {
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
        O::TestAddress | O::TestAddressPartners => {
            task_error("No copper line found near this address for a neighbour-line creation".to_owned())
        }
        O::TestBuilding | O::TestBuildingPartners => task_error(format!("Building {} not found", field("building"))),
        O::TestOtp | O::TestOtpPartners => task_error(format!("Optical termination point {} not found", field("otp"))),
        O::ListRecalls
        | O::WorkPlannedPublic
        | O::WorkPlannedPartners
        | O::GenericIncidentPublic
        | O::GenericIncidentPartners => {
            return Reply::json(StatusCode::OK, "[]").with_note("no fixture: empty list");
        }
        O::GetEligibilityTest => {
            let query = &matched.query;
            let reference = query.iter().find(|(n, _)| n == "eligibilityReference").map_or("", |(_, v)| v.as_str());
            return Reply::not_found(format!("Eligibility reference {reference} not found"));
        }
        O::CreateRecall => {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
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
            return Reply::json(StatusCode::OK, recall.to_string()).with_note("no fixture: recall created");
        }
        O::GetRecall | O::EditRecall | O::DeleteRecall => {
            let id = matched.operation.path_id(matched.path).unwrap_or("");
            return Reply::not_found(format!("The requested object (id = {id}) does not exist"));
        }
    };
    let ok = final_task["status"] == "ok";
    task_reply(state, matched, Bytes::from(final_task.to_string()), ok, "no fixture")
}

/// A task no fixture plays: `pending` as many times as configured, then `final_task`.
fn task_reply(state: &MockState, matched: &Matched<'_>, final_task: Bytes, ok: bool, source: &'static str) -> Reply {
    let seen = state.tasks().see(&matched.task_key(), None, Instant::now());
    let config = &state.config;
    let pending = u64::from(config.pending_override.unwrap_or(config.default_pending));
    if let Some(Forced::Error(message)) = seen.forced {
        return Reply::json(StatusCode::OK, task_error(message).to_string()).with_note("forced -> error");
    }
    if seen.attempt < pending && seen.forced.is_none() {
        return Reply::json(StatusCode::OK, Bytes::from_static(PENDING_BODY))
            .with_note(format!("{source}: pending {}/{pending}", seen.attempt + 1));
    }
    let kind = if ok { "ok" } else { "error" };
    Reply::json(StatusCode::OK, final_task).with_note(format!("{source}: -> {kind}"))
}

/// The world's answer to a request no fixture covers.
fn from_world(state: &MockState, matched: &Matched<'_>, answer: WorldAnswer) -> Reply {
    match answer {
        WorldAnswer::Task { body, ok } => task_reply(state, matched, Bytes::from(body), ok, "world"),
        WorldAnswer::Value(value) => Reply::json(StatusCode::OK, value).with_note("world: value"),
        WorldAnswer::NotFound(message) => Reply::not_found(message),
    }
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
