//! Replay: a matched request's answer, from its fixture's phases, or (no fixture) what the
//! real API would plausibly answer, or in strict mode a 404 naming the closest fixture.

use std::borrow::Cow;

use bytes::Bytes;
use http::StatusCode;
use ovh_connectivity_fixtures::{Fault, Latency, PhaseKind};
use ovh_connectivity_types::{AnswerKind, Operation};
use serde_json::{Value, json};

use crate::Now;
use crate::catalog::{Catalog, Served};
use crate::matching::Matched;
use crate::mock::Mock;
use crate::reply::Reply;
use crate::reply::Source;
use crate::settings::Settings;
use crate::tasks::Forced;
use crate::world::WorldAnswer;

const PENDING_BODY: &[u8] = br#"{"status":"pending","result":null,"error":null}"#;

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
            (from_fixture(state, settings, served, matched, now), latency)
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

fn from_fixture(state: &Mock, settings: &Settings, served: &Served, matched: &Matched<'_>, now: Now) -> Reply {
    let fixture = &served.fixture;
    let mut tasks = state.tasks();
    let seen = tasks.see(matched.key.as_str(), matched.session, Some(&fixture.id), now);
    let attempt = seen.attempt;
    let last = served.bodies.len() - 1;
    let (status, body, note, phase) = match (seen.forced, settings.pending) {
        (Some(Forced::Error(message)), _) => {
            let body = serde_json::to_vec(&task_error(message)).expect("json serializes");
            (StatusCode::OK, Bytes::from(body), "forced -> error".into(), PhaseKind::TaskError)
        }
        (Some(Forced::Final), _) => {
            let final_phase = fixture.final_phase();
            (status_of(final_phase.status), served.bodies[last].clone(), "forced -> final".into(), final_phase.kind)
        }
        (None, Some(pending)) if fixture.operation.answer() == AnswerKind::AsyncTask => {
            let total = u64::from(pending);
            if attempt < total {
                let body = served.pending_body.clone().unwrap_or_else(|| Bytes::from_static(PENDING_BODY));
                (StatusCode::OK, body, format!("pending {}/{total}", attempt + 1).into(), PhaseKind::Pending)
            } else {
                let final_phase = fixture.final_phase();
                let note = transition(attempt, total, final_phase.kind);
                (status_of(final_phase.status), served.bodies[last].clone(), note, final_phase.kind)
            }
        }
        (None, _) => {
            let total = fixture.attempts_before_final();
            let index = fixture.phase_index_for_attempt(attempt);
            let phase = &fixture.phases[index];
            tasks.set_phase(seen.slot, phase.kind.name());
            drop(tasks);
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
                ..reply.with_source(Source::Fixture)
            };
        }
    };
    tasks.set_phase(seen.slot, phase.name());
    drop(tasks);
    Reply { fixture: Some(served.id.clone()), ..Reply::json(status, body).with_note(note).with_source(Source::Fixture) }
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
    let task = Task { final_body: Bytes::from(final_task.to_string()), ok, label: "no fixture" };
    task_reply(state, settings, matched, task, now).with_source(Source::Uncovered)
}

/// The final answer of a task no fixture plays.
struct Task {
    final_body: Bytes,
    ok: bool,
    /// What the log note starts with.
    label: &'static str,
}

/// A task no fixture plays: `pending` as many times as set, then its final answer; the
/// caller says what answered (`Source`).
fn task_reply(state: &Mock, settings: &Settings, matched: &Matched<'_>, task: Task, now: Now) -> Reply {
    let pending = u64::from(settings.pending.unwrap_or(state.config.default_pending));
    let label = task.label;
    let mut tasks = state.tasks();
    let seen = tasks.see(matched.key.as_str(), matched.session, None, now);
    let (reply, phase) = if let Some(Forced::Error(message)) = seen.forced {
        (Reply::json(StatusCode::OK, task_error(message).to_string()).with_note("forced -> error"), "error")
    } else if seen.attempt < pending && seen.forced.is_none() {
        let note = format!("{label}: pending {}/{pending}", seen.attempt + 1);
        (Reply::json(StatusCode::OK, Bytes::from_static(PENDING_BODY)).with_note(note), "pending")
    } else {
        let kind = if task.ok { "ok" } else { "error" };
        (Reply::json(StatusCode::OK, task.final_body).with_note(format!("{label}: -> {kind}")), kind)
    };
    tasks.set_phase(seen.slot, phase);
    reply
}

/// The world's answer to a request no fixture covers.
fn from_world(state: &Mock, settings: &Settings, matched: &Matched<'_>, answer: WorldAnswer, now: Now) -> Reply {
    match answer {
        WorldAnswer::Task { body, ok } => {
            task_reply(state, settings, matched, Task { final_body: Bytes::from(body), ok, label: "world" }, now)
        }
        WorldAnswer::Value(value) => Reply::json(StatusCode::OK, value).with_note("world: value"),
        WorldAnswer::NotFound(message) => Reply::not_found(message),
    }
    .with_source(Source::World)
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
