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
/// first request was sent. Pure: the same answer, attempt, time and policy give the same step.
///
/// A pending task waits [`PollPolicy::wait_after`]`(attempt)` (1 s, 2 s, 4 s, then the
/// interval, 5 s, with the defaults), cut short so that the last request goes out right at the
/// deadline; past the deadline, or once `max_polls` requests were sent, it gives up.
pub fn next_step<T>(task: AsyncTask<T>, attempt: u32, elapsed: Duration, policy: &PollPolicy) -> Step<T> {
    match task.into_outcome() {
        TaskOutcome::Done(result) => Step::Done(result),
        TaskOutcome::Failed(message) => Step::Failed(message),
        TaskOutcome::Running(_) if elapsed >= policy.deadline => Step::GiveUp,
        TaskOutcome::Running(_) if policy.max_polls.is_some_and(|max| attempt >= max) => Step::GiveUp,
        // Never wait past the deadline: the last request goes out right at it.
        TaskOutcome::Running(_) => Step::Wait(policy.wait_after(attempt).min(policy.deadline - elapsed)),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const POLICY: PollPolicy = PollPolicy::fixed(Duration::from_secs(5), Duration::from_secs(12));

    fn pending(attempt: u32, elapsed: Duration, policy: &PollPolicy) -> Step<u8> {
        next_step(AsyncTask::<u8>::pending(), attempt, elapsed, policy)
    }

    #[test]
    fn pending_waits_the_interval_then_what_is_left_then_gives_up() {
        let step = |elapsed| pending(1, Duration::from_secs(elapsed), &POLICY);
        assert_eq!(step(0), Step::Wait(Duration::from_secs(5)));
        assert_eq!(step(10), Step::Wait(Duration::from_secs(2)));
        assert_eq!(step(12), Step::GiveUp);
        assert_eq!(step(60), Step::GiveUp);
    }

    #[test]
    fn the_default_backs_off_from_one_second_to_five() {
        let policy = PollPolicy::default();
        let waits: Vec<_> = (1..=6).map(|attempt| pending(attempt, Duration::ZERO, &policy)).collect();
        let expected = [1, 2, 4, 5, 5, 5].map(|s| Step::Wait(Duration::from_secs(s)));
        assert_eq!(waits, expected);
    }

    #[test]
    fn an_interval_under_the_first_wait_is_every_wait() {
        let policy = PollPolicy::new(Duration::from_millis(50), Duration::from_secs(10));
        for attempt in [1, 2, 3, 40, u32::MAX] {
            assert_eq!(pending(attempt, Duration::ZERO, &policy), Step::Wait(Duration::from_millis(50)));
        }
    }

    #[test]
    fn a_poll_budget_gives_up_after_that_many_requests() {
        let policy = POLICY.with_max_polls(Some(3));
        assert_eq!(pending(2, Duration::ZERO, &policy), Step::Wait(Duration::from_secs(5)));
        assert_eq!(pending(3, Duration::ZERO, &policy), Step::GiveUp);
    }

    #[test]
    fn terminal_answers_end_the_loop_even_past_the_deadline() {
        let late = Duration::from_secs(99);
        assert_eq!(next_step(AsyncTask::ok(7u8), 3, late, &POLICY), Step::Done(7));
        assert_eq!(next_step(AsyncTask::<u8>::error("no"), 3, late, &POLICY), Step::Failed("no".to_owned()));
    }

    fn millis(max: u64) -> impl Strategy<Value = Duration> {
        (0..=max).prop_map(Duration::from_millis)
    }

    proptest! {
        /// The schedule's promises, for any policy: no wait under the first (or the interval,
        /// when shorter), none over the interval, none shorter than the one before, none past
        /// the deadline; and the default's never under a second.
        #[test]
        fn waits_stay_between_the_first_wait_and_the_interval(
            interval in millis(600_000),
            first_wait in millis(600_000),
            deadline in millis(3_600_000),
            elapsed in millis(3_600_000),
            attempt in 1u32..10_000,
        ) {
            let policy = PollPolicy::new(interval, deadline).with_first_wait(first_wait);
            let wait = policy.wait_after(attempt);
            prop_assert!(wait >= first_wait.min(interval));
            prop_assert!(wait <= interval);
            prop_assert!(wait >= policy.wait_after(attempt - 1));
            match pending(attempt, elapsed, &policy) {
                Step::Wait(step) => {
                    prop_assert!(elapsed < deadline);
                    prop_assert_eq!(step, wait.min(deadline - elapsed));
                }
                Step::GiveUp => prop_assert!(elapsed >= deadline),
                other => prop_assert!(false, "{:?}", other),
            }
            let default = PollPolicy::default().with_deadline(deadline);
            if let Step::Wait(step) = pending(attempt, elapsed, &default) {
                prop_assert!(step >= Duration::from_secs(1) || elapsed + step == deadline);
            }
        }

        /// The waits add up: after enough pending answers the backoff reaches the interval.
        #[test]
        fn the_backoff_reaches_the_interval(interval in millis(600_000), first_wait in 1u64..600_000) {
            let policy = PollPolicy::new(interval, Duration::MAX).with_first_wait(Duration::from_millis(first_wait));
            prop_assert_eq!(policy.wait_after(40), interval);
        }
    }
}
