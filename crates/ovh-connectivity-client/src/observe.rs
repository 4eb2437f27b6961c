//! Progress of polled tasks, for applications that show it: a terminal spinner, a web
//! backend pushing "still computing, poll 3" to its users. The client's own poll loop reports
//! to a [`PollObserver`]; nobody needs a second loop to know where a task is.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ovh_connectivity_types::{AsyncTaskStatus, Operation};

/// Where a polled task is, after one of its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollProgress {
    /// The operation polled.
    pub operation: Operation,
    /// Answers so far: 1 after the first.
    pub polls: u32,
    /// Time since the first request was sent.
    pub elapsed: Duration,
    /// The status this answer carried (`pending`, `ok`, `error`, or one not known yet).
    pub status: AsyncTaskStatus,
    /// How long the client waits before the identical request again; `None` when this answer
    /// ends the polling (the task finished, or the deadline or poll budget ran out).
    pub next_in: Option<Duration>,
}

/// Sees every answer of every task a [`Client`](crate::Client) polls. Called on the polling
/// task, between answers: keep it quick (store the progress, or send it on a channel).
pub trait PollObserver: Send + Sync {
    /// A polled task is about to send its first request.
    fn started(&self, operation: Operation) {
        let _ = operation;
    }

    /// A polled task got an answer.
    fn answered(&self, progress: &PollProgress);
}

/// The observer a client holds, printable.
#[derive(Clone)]
pub(crate) struct Observer(pub(crate) Arc<dyn PollObserver>);

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PollObserver")
    }
}
