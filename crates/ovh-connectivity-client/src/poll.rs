//! The polling decision: a pure function of the answer, the attempt and the policy.

use std::time::Duration;

use ovh_connectivity_types::{AsyncTask, TaskOutcome};

use crate::config::PollPolicy;

/// What to do after one answer of an async task.
///
/// Not `#[non_exhaustive]`: a poll loop must decide on every step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step<T> {
    /// The task finished with this result.
    Done(T),
    /// The task ended in `error` with this message.
    Failed(String),
    /// Still pending: wait this long, then send the identical request again.
    Wait(Duration),
    /// Still pending and the deadline has passed: give up.
    GiveUp,
}

/// Decides the next step after answer number `attempt` (1 for the first), `elapsed` after the
/// first request was sent.
pub fn next_step<T>(task: AsyncTask<T>, attempt: u32, elapsed: Duration, policy: &PollPolicy) -> Step<T> {
    match task.into_outcome() {
        TaskOutcome::Done(result) => Step::Done(result),
        TaskOutcome::Failed(message) => Step::Failed(message),
        TaskOutcome::Running(_) if elapsed >= policy.deadline => Step::GiveUp,
        TaskOutcome::Running(_) if policy.max_polls.is_some_and(|max| attempt >= max) => Step::GiveUp,
        // Never wait past the deadline: the last request goes out right at it.
        TaskOutcome::Running(_) => Step::Wait(policy.interval.min(policy.deadline - elapsed)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: PollPolicy =
        PollPolicy { interval: Duration::from_secs(5), deadline: Duration::from_secs(12), max_polls: None };

    #[test]
    fn pending_waits_the_interval_then_what_is_left_then_gives_up() {
        let step = |elapsed| next_step(AsyncTask::<u8>::pending(), 1, Duration::from_secs(elapsed), &POLICY);
        assert_eq!(step(0), Step::Wait(Duration::from_secs(5)));
        assert_eq!(step(10), Step::Wait(Duration::from_secs(2)));
        assert_eq!(step(12), Step::GiveUp);
        assert_eq!(step(60), Step::GiveUp);
    }

    #[test]
    fn a_poll_budget_gives_up_after_that_many_requests() {
        let policy = PollPolicy { max_polls: Some(3), ..POLICY };
        let step = |attempt| next_step(AsyncTask::<u8>::pending(), attempt, Duration::ZERO, &policy);
        assert_eq!(step(2), Step::Wait(Duration::from_secs(5)));
        assert_eq!(step(3), Step::GiveUp);
    }

    #[test]
    fn terminal_answers_end_the_loop_even_past_the_deadline() {
        let late = Duration::from_secs(99);
        assert_eq!(next_step(AsyncTask::ok(7u8), 3, late, &POLICY), Step::Done(7));
        assert_eq!(next_step(AsyncTask::<u8>::error("no"), 3, late, &POLICY), Step::Failed("no".to_owned()));
    }
}
