//! The one task player: a task's phases, played attempt by attempt through the task table.
//! A fixture's phases are its own; the world's and an uncovered request's are `pending` × N,
//! then the final answer; the settings' `pending` makes any async task `pending` × N first.
//! An outcome forced through the admin API wins over the phase of the attempt.

use std::borrow::Cow;

use bytes::Bytes;
use http::StatusCode;
use ovh_connectivity_fixtures::{Fault, PhaseKind};

use crate::Now;
use crate::catalog::Served;
use crate::matching::Matched;
use crate::mock::Mock;
use crate::reply::Reply;
use crate::tasks::Forced;

/// The body of a `pending` answer no fixture wrote.
pub(crate) const PENDING_BODY: &[u8] = br#"{"status":"pending","result":null,"error":null}"#;

/// One answer of a task.
#[derive(Clone, Debug)]
pub(crate) struct Phase {
    pub(crate) kind: PhaseKind,
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    pub(crate) fault: Option<Fault>,
}

impl Phase {
    /// The final answer of a task: `ok` or `error`, 200.
    pub(crate) fn task_end(body: Bytes, ok: bool) -> Self {
        let kind = if ok { PhaseKind::TaskOk } else { PhaseKind::TaskError };
        Self { kind, status: StatusCode::OK, body, fault: None }
    }

    /// A task ended in `error` with `message`.
    fn task_error(message: &str) -> Self {
        let body = serde_json::json!({"status": "error", "result": null, "error": message}).to_string();
        Self::task_end(Bytes::from(body), false)
    }

    fn pending(body: Bytes) -> Self {
        Self { kind: PhaseKind::Pending, status: StatusCode::OK, body, fault: None }
    }

    /// A fixture's phase `index`.
    fn of_fixture(served: &Served, index: usize) -> Self {
        let phase = &served.fixture.phases[index];
        Self {
            kind: phase.kind,
            status: StatusCode::from_u16(phase.status).unwrap_or(StatusCode::OK),
            body: served.bodies[index].clone(),
            fault: phase.fault,
        }
    }
}

/// What each attempt of a task answers.
#[derive(Debug)]
pub(crate) enum Phases<'a> {
    /// A fixture's own phases, `times` each; the last answers every later attempt.
    Fixture(&'a Served),
    /// `pending` `count` times, then `last` on every later attempt.
    PendingThen { count: u64, pending: Bytes, last: Phase },
}

impl Phases<'_> {
    /// A fixture's phases, or `pending` × `pending_override` then its final phase when the
    /// settings say so and the fixture is an async task's.
    pub(crate) fn of_fixture(served: &Served, pending_override: Option<u32>) -> Phases<'_> {
        let fixture = &served.fixture;
        match pending_override {
            Some(count) if fixture.operation.answer() == ovh_connectivity_types::AnswerKind::AsyncTask => {
                Phases::PendingThen {
                    count: u64::from(count),
                    pending: served.pending_body.clone().unwrap_or_else(|| Bytes::from_static(PENDING_BODY)),
                    last: Phase::of_fixture(served, fixture.phases.len() - 1),
                }
            }
            Some(_) | None => Phases::Fixture(served),
        }
    }

    /// `pending` `count` times, then `last`.
    pub(crate) fn pending_then(count: u32, last: Phase) -> Phases<'static> {
        Phases::PendingThen { count: u64::from(count), pending: Bytes::from_static(PENDING_BODY), last }
    }

    /// How many attempts are answered before the last phase.
    fn before_last(&self) -> u64 {
        match self {
            Phases::Fixture(served) => served.fixture.attempts_before_final(),
            Phases::PendingThen { count, .. } => *count,
        }
    }

    fn at(&self, attempt: u64) -> Phase {
        match self {
            Phases::Fixture(served) => Phase::of_fixture(served, served.fixture.phase_index_for_attempt(attempt)),
            Phases::PendingThen { count, pending, .. } if attempt < *count => Phase::pending(pending.clone()),
            Phases::PendingThen { last, .. } => last.clone(),
        }
    }

    fn last(&self) -> Phase {
        match self {
            Phases::Fixture(served) => Phase::of_fixture(served, served.fixture.phases.len() - 1),
            Phases::PendingThen { last, .. } => last.clone(),
        }
    }
}

/// Plays the phase of this attempt of `matched`'s task (`matched.served` names the fixture
/// that answers, if one does); `label` starts the log note of a task no fixture plays
/// (`world`, `no fixture`).
pub(crate) fn play(
    state: &Mock,
    matched: &Matched<'_>,
    phases: &Phases<'_>,
    label: Option<&'static str>,
    now: Now,
) -> Reply {
    let served = matched.served;
    let mut tasks = state.tasks();
    let seen = tasks.see(matched.key.as_str(), matched.session, served.map(|s| s.fixture.id.as_str()), now);
    let (phase, note) = match seen.forced {
        Some(Forced::Error(message)) => (Phase::task_error(&message), Cow::Borrowed("forced -> error")),
        Some(Forced::Final) => (phases.last(), Cow::Borrowed("forced -> final")),
        None => {
            let phase = phases.at(seen.attempt);
            let note = progress(phase.kind, seen.attempt, phases.before_last());
            (phase, note)
        }
    };
    tasks.set_phase(seen.slot, phase.kind);
    drop(tasks);
    let note = match label {
        Some(label) => Cow::Owned(format!("{label}: {note}")),
        None => note,
    };
    Reply {
        fixture: served.map(|served| served.id.clone()),
        slow_body: phase.fault == Some(Fault::SlowBody),
        drop_connection: phase.fault == Some(Fault::Drop),
        ..Reply::json(phase.status, phase.body).with_note(note)
    }
}

/// `pending 1/2` before the last phase, `pending 2/2 -> ok` on the answer that ends the task,
/// `ok (repeat)` after: the poll count of a task is in the admin API; repeats cost no
/// allocation.
fn progress(kind: PhaseKind, attempt: u64, before_last: u64) -> Cow<'static, str> {
    let name = kind.name();
    if attempt < before_last {
        format!("{name} {}/{before_last}", attempt + 1).into()
    } else if before_last == 0 && attempt == 0 {
        name.into()
    } else if attempt == before_last {
        format!("pending {before_last}/{before_last} -> {name}").into()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_count_the_pending_answers_then_the_end() {
        assert_eq!(progress(PhaseKind::Pending, 0, 2), "pending 1/2");
        assert_eq!(progress(PhaseKind::Pending, 1, 2), "pending 2/2");
        assert_eq!(progress(PhaseKind::TaskOk, 2, 2), "pending 2/2 -> ok");
        assert_eq!(progress(PhaseKind::TaskOk, 3, 2), "ok (repeat)");
        assert_eq!(progress(PhaseKind::Value, 0, 0), "value");
    }

    #[test]
    fn pending_then_plays_pending_then_the_last_phase() {
        let phases = Phases::pending_then(2, Phase::task_end(Bytes::from_static(b"{}"), true));
        let kinds: Vec<PhaseKind> = (0..4).map(|attempt| phases.at(attempt).kind).collect();
        assert_eq!(kinds, [PhaseKind::Pending, PhaseKind::Pending, PhaseKind::TaskOk, PhaseKind::TaskOk]);
        assert_eq!(phases.at(0).body, PENDING_BODY);
        assert_eq!(phases.last().body, "{}");
    }
}
