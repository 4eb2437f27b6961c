//! The catalogue: every check, written once, run against any target.
//!
//! Checks call the API through the client core ([`CheckClient`]), which signs, reads the clock
//! offset and polls; the suite's transport records every answer so that checks can judge the
//! exact bytes, phase by phase.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use ovh_connectivity_client::{Call, Error};
use ovh_connectivity_fixtures::{Fixture, RequestKey};
use ovh_connectivity_types::{AsyncTask, AsyncTaskStatus, Method, Operation};
use serde_json::Value;

use crate::answer::Answer;
use crate::judge::{compare_with_fixture, decode_into_wire_type};
use crate::outcome::Outcome;
use crate::target::{Mode, Target};
use crate::transport::{CheckClient, ContractTransport, SharedHttp};

mod auth;
mod errors;
mod flows;
mod protocol;
mod shapes;
mod writes;

/// What a check needs from the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Needs {
    /// Nothing: read-only, unauthenticated.
    Nothing,
    /// Credentials (signed calls).
    Credentials,
    /// Permission to change data.
    Writes,
}

impl Needs {
    /// The word for it, as `--list` and the JSON report write it: `nothing`, `credentials`,
    /// `writes`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nothing => "nothing",
            Self::Credentials => "credentials",
            Self::Writes => "writes",
        }
    }
}

type CheckFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// One check of the catalogue.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Check {
    /// Stable id (`flow.address-to-fiber`), for filters and reports.
    pub id: &'static str,
    /// What it checks, one sentence.
    pub description: &'static str,
    /// What it needs.
    pub needs: Needs,
    run: for<'a> fn(&'a Ctx<'a>) -> CheckFuture<'a>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("id", &self.id).field("needs", &self.needs).finish()
    }
}

impl Check {
    pub(crate) async fn run(&self, target: &Target, http: &Arc<SharedHttp>) -> Outcome {
        match self.needs {
            Needs::Credentials if !target.can_sign() => {
                return Outcome::skip(
                    "needs credentials: set OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY, or a service account's OVH_CLIENT_ID and OVH_CLIENT_SECRET (or ovh.conf)",
                );
            }
            Needs::Writes if !target.allow_writes => {
                return Outcome::skip("changes data: run with --allow-writes to include it");
            }
            Needs::Nothing | Needs::Credentials | Needs::Writes => {}
        }
        let client = match http.client_for(target, self.id) {
            Ok(client) => client,
            Err(message) => return Outcome::fail(message),
        };
        let ctx = Ctx { target, client };
        let outcome = (self.run)(&ctx).await;
        http.remember_offset(&ctx.client);
        outcome
    }
}

macro_rules! check {
    ($id:literal, $needs:ident, $description:literal, $function:path) => {
        Check {
            id: $id,
            description: $description,
            needs: Needs::$needs,
            run: |ctx| Box::pin(async move { Outcome::from($function(ctx).await) }),
        }
    };
}

/// Every check, in the order they run.
pub fn catalogue() -> Vec<Check> {
    vec![
        check!(
            "flow.address-to-fiber",
            Nothing,
            "zip -> cities -> streets -> street numbers -> buildings -> fiber test",
            flows::address_to_fiber
        ),
        check!("flow.line-copper-active", Nothing, "copper test of an active line", flows::line_active),
        check!("flow.line-copper-inactive", Nothing, "copper test of an inactive line", flows::line_inactive),
        check!("flow.line-to-fiber", Nothing, "line -> buildings by line -> fiber test", flows::line_to_fiber),
        check!("flow.otp", Nothing, "fiber test of an optical termination point", flows::otp),
        check!(
            "flow.address-neighbour",
            Nothing,
            "copper test of an address for a neighbour-line creation",
            flows::address_neighbour
        ),
        check!(
            "flow.reference-get",
            Nothing,
            "eligibility reference of a test -> GET test by reference",
            flows::reference_get
        ),
        check!(
            "flow.sample-addresses",
            Nothing,
            "drawn real zip codes -> cities -> streets -> numbers -> buildings -> fiber test: the chain holds, the reference resolves",
            flows::sample_addresses
        ),
        check!(
            "async.first-answer",
            Nothing,
            "an eligibility POST answers HTTP 200 with pending or a terminal status",
            protocol::first_answer
        ),
        check!(
            "async.reaches-terminal",
            Nothing,
            "the identical POST repeated reaches ok or error within the deadline; pending answers carry no result",
            protocol::reaches_terminal
        ),
        check!(
            "async.terminal-is-stable",
            Nothing,
            "a terminal answer stays the same when the request is repeated",
            protocol::terminal_is_stable
        ),
        check!(
            "shape.documented-answers",
            Nothing,
            "every documented request's answer decodes into the wire types",
            shapes::documented_answers
        ),
        check!("error.malformed-body", Nothing, "a malformed JSON body gets an OVH-shaped 400", errors::malformed_body),
        check!(
            "error.missing-field",
            Nothing,
            "a body missing a required field gets an OVH-shaped 400",
            errors::missing_field
        ),
        check!("error.unknown-route", Nothing, "an unknown route gets an OVH-shaped 404", errors::unknown_route),
        check!(
            "error.wrong-method",
            Nothing,
            "a wrong method gets an OVH-shaped 4xx (405 with Allow from the mock)",
            errors::wrong_method
        ),
        check!(
            "auth.signed-partner-call",
            Credentials,
            "a signed call to a partner route is accepted",
            auth::signed_partner_call
        ),
        check!(
            "auth.tampered-signature",
            Credentials,
            "a call whose signature (or Bearer token) was tampered with is refused",
            auth::tampered_signature
        ),
        check!("write.recall-lifecycle", Writes, "create, read, edit and delete a recall", writes::recall_lifecycle),
    ]
}

/// What a check runs with: the target, and a client core whose transport records answers.
pub(crate) struct Ctx<'a> {
    pub(crate) target: &'a Target,
    pub(crate) client: CheckClient,
}

/// The result of running one async operation to its end.
pub(crate) struct TaskRun {
    pub(crate) answers: Vec<Answer>,
    /// The final answer's `result` (ok), or `None` (error).
    pub(crate) result: Option<Value>,
    pub(crate) error: Option<String>,
}

impl TaskRun {
    pub(crate) fn describe(&self) -> String {
        match (&self.result, &self.error) {
            (Some(_), _) => format!("ok after {} request(s)", self.answers.len()),
            (None, Some(message)) => format!("error after {} request(s): {message}", self.answers.len()),
            (None, None) => "no answer".to_owned(),
        }
    }
}

impl Ctx<'_> {
    pub(crate) fn exact(&self) -> bool {
        self.target.mode == Mode::Exact
    }

    fn transport(&self) -> &ContractTransport {
        self.client.transport()
    }

    /// A raw request: any method, path (with query) and body bytes; for what no client sends.
    pub(crate) async fn raw(&self, method: &str, path: &str, body: Option<&[u8]>) -> Result<Answer, String> {
        let mut builder =
            http::Request::builder().method(method).uri(format!("{}{path}", self.client.config().base_url));
        if body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        let request = builder.body(body.map(<[u8]>::to_vec).unwrap_or_default()).map_err(|e| e.to_string())?;
        let answer = self.transport().exchange(request).await;
        self.transport().take_answers();
        answer
    }

    /// Sends `call` once, as the client core encodes and signs it; the answer as received.
    pub(crate) async fn send(&self, call: &Call) -> Result<Answer, String> {
        let request = self.client.prepare(call).await.map_err(|e| format!("{}: {e}", call.operation))?;
        let answer = self.transport().exchange(request).await;
        self.transport().take_answers();
        answer
    }

    /// The fixture documenting `call`, if any.
    pub(crate) fn fixture_for(&self, method: Method, call: &Call, body: Option<&Value>) -> Option<&Fixture> {
        let query = call.query.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        self.target.fixtures.find(&RequestKey::new(method, &call.path, query, body))
    }

    /// Runs `call` as the client core does (polled to its end for async operations, once for
    /// the others) and returns every answer it took, in order, with the client's verdict.
    pub(crate) async fn run_call(&self, call: &Call) -> (Vec<Answer>, Option<String>) {
        let outcome = if call.operation.answer() == ovh_connectivity_types::AnswerKind::AsyncTask {
            self.client.poll::<Value>(call).await.map(drop)
        } else {
            self.client.send::<Value>(call).await.map(drop)
        };
        let error = match outcome {
            Ok(()) => None,
            // The answers say these better than the client's error.
            Err(Error::Api(_) | Error::TaskFailed { .. }) => None,
            Err(error) => Some(error.to_string()),
        };
        let answers = self.transport().take_answers();
        if let Some(dir) = &self.target.record {
            crate::record::record(dir, &self.target.base_url, call, &answers);
        }
        (answers, error)
    }

    /// Sends `body` to an async `operation` until terminal (the client core polls), checking the
    /// protocol on every answer and (exact mode) every answer against the fixture.
    pub(crate) async fn task(&self, operation: Operation, body: Value, out: &mut Outcome) -> Result<TaskRun, String> {
        let call = Call::with_body(operation, &body).map_err(|e| e.to_string())?;
        let (answers, client_error) = self.run_call(&call).await;
        *out.polls.get_or_insert(0) += answers.len() as u32;
        if self.exact() {
            let fixture = self
                .fixture_for(operation.method(), &call, Some(&body))
                .ok_or_else(|| format!("{operation} {body}: no fixture answers this request (exact mode)"))?;
            compare_with_fixture(fixture, &answers)?;
        }
        for (index, answer) in answers.iter().enumerate() {
            if answer.status != 200 {
                return Err(format!(
                    "{operation} {body}: answer {} is HTTP {}: {}",
                    index + 1,
                    answer.status,
                    answer.text()
                ));
            }
            let task: AsyncTask<Value> = serde_json::from_slice(&answer.body).map_err(|e| {
                format!("{operation}: answer {} is not an async task ({e}): {}", index + 1, answer.text())
            })?;
            match &task.status {
                AsyncTaskStatus::Pending if task.result.is_some() => {
                    return Err(format!(
                        "{operation}: pending answer {} carries a result: {}",
                        index + 1,
                        answer.text()
                    ));
                }
                AsyncTaskStatus::Unknown(status) => {
                    return Err(format!(
                        "{operation}: status `{}` is not pending, ok or error: {}",
                        status.as_str(),
                        answer.text()
                    ));
                }
                _ => {}
            }
        }
        if let Some(error) = client_error {
            return Err(format!("{operation} {body}: {error}"));
        }
        let last = answers.last().ok_or_else(|| format!("{operation}: no answer"))?;
        let task: AsyncTask<Value> = serde_json::from_slice(&last.body).map_err(|e| e.to_string())?;
        match task.status {
            AsyncTaskStatus::Ok => {
                let decoded = decode_into_wire_type(operation, last, &mut out.warnings)?;
                Ok(TaskRun { result: Some(decoded["result"].clone()), error: None, answers })
            }
            AsyncTaskStatus::Error => match task.error.filter(|message| !message.is_empty()) {
                Some(message) => Ok(TaskRun { result: None, error: Some(message), answers }),
                None => Err(format!("{operation}: an error task without a message: {}", last.text())),
            },
            _ => Err(format!("{operation} {body}: the last answer is not terminal: {}", last.text())),
        }
    }
}

/// A JSON value for a message: strings without their quotes.
pub(crate) fn shown(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}
