//! Replay: a matched request's answer, from its fixture's phases, or (no fixture) the
//! world's (the empty world's when it is off: what the real API would plausibly answer), or
//! in strict mode a 404 naming the closest fixture.

use bytes::Bytes;
use http::StatusCode;
use ovh_connectivity_fixtures::Latency;
use serde_json::Value;

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
            (from_world(state, settings, matched, now), settings.latency_ms)
        }
    }
}

/// The answer to a request no fixture covers: the world's, or the empty world's when it is
/// off (searches find nothing, tests end in `error`, lookups are not found).
fn from_world(state: &Mock, settings: &Settings, matched: &Matched<'_>, now: Now) -> Reply {
    let (world, source, label) = match state.world(settings) {
        Some(world) => (world, Source::World, "world"),
        None => (state.empty_world(), Source::Uncovered, "no fixture"),
    };
    let path_id = matched.operation.path_id(matched.path);
    match world.answer(matched.operation, matched.typed.as_ref(), path_id) {
        WorldAnswer::Task { body, ok } => {
            let phases = task_phases(state, settings, Phase::task_end(Bytes::from(body), ok));
            play(state, matched, &phases, Some(label), now)
        }
        WorldAnswer::Value(value) => {
            let note = if source == Source::World { "world: value" } else { "no fixture: value" };
            Reply::json(StatusCode::OK, value).with_note(note)
        }
        WorldAnswer::NotFound(message) => Reply::not_found(message),
    }
    .with_source(source)
}

/// A task no fixture plays: `pending` as many times as the settings say, or the configured
/// default, then `last`.
fn task_phases(state: &Mock, settings: &Settings, last: Phase) -> Phases<'static> {
    Phases::pending_then(settings.pending.unwrap_or(state.config.default_pending), last)
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
