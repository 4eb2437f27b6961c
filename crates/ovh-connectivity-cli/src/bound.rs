//! `--timeout`: the bound on the whole command, counted while the command works (requests,
//! waits between polls) and paused while it waits for the person at a prompt: a person's
//! thinking is not the API being slow.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// The time the command may still use, paused at prompts.
#[derive(Debug)]
pub(crate) struct Bound {
    /// `None`: no bound.
    limit: Option<Duration>,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Time used before the last pause.
    used: Duration,
    /// Running since then; `None` while paused.
    since: Option<Instant>,
}

/// A pause of the [`Bound`], for as long as it lives.
#[must_use = "the bound runs again when the pause is dropped"]
pub(crate) struct Paused<'a>(&'a Bound);

impl Bound {
    /// A bound of `limit` (none with `None`), running from now.
    pub(crate) fn new(limit: Option<Duration>) -> Self {
        Self { limit, state: Mutex::new(State { used: Duration::ZERO, since: Some(Instant::now()) }) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops counting until the returned guard is dropped.
    pub(crate) fn pause(&self) -> Paused<'_> {
        let mut state = self.state();
        if let Some(since) = state.since.take() {
            state.used += since.elapsed();
        }
        Paused(self)
    }

    /// Ends when the command has used its whole bound; never without one.
    pub(crate) async fn run_out(&self) {
        let Some(limit) = self.limit else { return std::future::pending().await };
        loop {
            let wait = {
                let state = self.state();
                match state.since {
                    Some(since) => match limit.checked_sub(state.used + since.elapsed()) {
                        Some(left) if !left.is_zero() => left,
                        _ => return,
                    },
                    // Paused: looked at again shortly.
                    None => Duration::from_millis(50),
                }
            };
            tokio::time::sleep(wait).await;
        }
    }
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        let mut state = self.0.state();
        if state.since.is_none() {
            state.since = Some(Instant::now());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_pause_does_not_count() {
        let bound = Bound::new(Some(Duration::from_secs(3)));
        let started = tokio::time::Instant::now();
        tokio::time::sleep(Duration::from_secs(2)).await;
        {
            let _paused = bound.pause();
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
        bound.run_out().await;
        let took = started.elapsed();
        assert!(took >= Duration::from_secs(13) && took < Duration::from_secs(14), "{took:?}");
    }
}
