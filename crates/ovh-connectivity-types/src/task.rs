//! The asynchronous task wrappers (`xdsl.AsyncTask_*` and `xdsl.AsyncTaskArray_*`).

use serde::{Deserialize, Serialize};

use crate::AsyncTaskStatus;

/// An asynchronous task, as every eligibility `POST` answers it.
///
/// Mirrors `xdsl.AsyncTask_<T>` (single result) and, with `T = Vec<U>`,
/// `xdsl.AsyncTaskArray_<U>`. There is no task id: to poll, send the identical request again
/// until [`status`](Self::status) is terminal.
///
/// All three keys are always written, with `null` for the unused ones, as the API does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct AsyncTask<T> {
    /// Where the task is.
    pub status: AsyncTaskStatus,
    /// The answer, when `status` is `ok`.
    #[serde(default = "none")]
    pub result: Option<T>,
    /// Why the task failed, when `status` is `error`. The French guide's misspelt `erreur` key
    /// is accepted on input.
    #[serde(default, alias = "erreur")]
    pub error: Option<String>,
}

// `#[serde(default)]` on a generic `Option<T>` would require `T: Default`.
fn none<T>() -> Option<T> {
    None
}

impl<T> AsyncTask<T> {
    /// A task still running: `{"status":"pending","result":null,"error":null}`.
    pub fn pending() -> Self {
        Self { status: AsyncTaskStatus::Pending, result: None, error: None }
    }

    /// A task that finished with `result`.
    pub fn ok(result: T) -> Self {
        Self { status: AsyncTaskStatus::Ok, result: Some(result), error: None }
    }

    /// A task that failed with `message`.
    pub fn error(message: impl Into<String>) -> Self {
        Self { status: AsyncTaskStatus::Error, result: None, error: Some(message.into()) }
    }

    /// What the task says, as a value a program can act on.
    pub fn into_outcome(self) -> TaskOutcome<T> {
        match (self.status, self.result) {
            (AsyncTaskStatus::Ok, Some(result)) => TaskOutcome::Done(result),
            (AsyncTaskStatus::Ok, None) => {
                TaskOutcome::Failed(self.error.unwrap_or_else(|| "task is ok but carries no result".to_owned()))
            }
            (AsyncTaskStatus::Error, _) => {
                TaskOutcome::Failed(self.error.unwrap_or_else(|| "task failed without a message".to_owned()))
            }
            (status, _) => TaskOutcome::Running(status),
        }
    }
}

/// What an [`AsyncTask`] means for the caller.
///
/// Not `#[non_exhaustive]`: pollers must decide on every case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskOutcome<T> {
    /// Finished with a result.
    Done(T),
    /// Finished with an error message (an `ok` task without a result counts as failed).
    Failed(String),
    /// Not finished: `pending`, or a status this crate does not know yet.
    Running(AsyncTaskStatus),
}
