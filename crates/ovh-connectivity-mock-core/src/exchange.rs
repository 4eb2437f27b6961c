//! What the core hands its host: an [`Exchange`] per request (the response, the delay before
//! it, the fault to act out, the log record), and, before the body is read, a [`BodyPlan`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, Uri};
use ovh_connectivity_types::Operation;
use serde_json::Value;

use crate::reply::Source;

/// The core's decision for one request: the host waits [`delay`](Self::delay), acts out
/// [`delivery`](Self::delivery), and writes [`log`](Self::log) to its own log. The request log
/// of the admin API already has the request (the core wrote it).
#[derive(Debug)]
#[non_exhaustive]
pub struct Exchange {
    /// What to send, or not.
    pub delivery: Delivery,
    /// How long to wait before acting (the latency of a fixture or of the settings).
    pub delay: Duration,
    /// What the host's log line says.
    pub log: LogRecord,
    /// A fixture to write (`--record`): a forwarded request's final answer, with the task's
    /// pending answers before it; boxed, so that the exchanges without one (nearly all) stay
    /// small. The host writes it
    /// ([`Recording::write`](ovh_connectivity_fixtures::Recording::write)) and tells the core
    /// what became of it ([`Mock::recorded`](crate::Mock::recorded)).
    pub record: Option<Box<ovh_connectivity_fixtures::Recording>>,
}

/// What the host does with the connection once the delay is over.
///
/// More may come: hosts match with a catch-all arm for what they cannot do yet (a host that
/// cannot make outgoing calls drops a [`Delivery::Forward`]; it only happens when its
/// configuration asks for a proxy).
#[derive(Debug)]
#[non_exhaustive]
pub enum Delivery {
    /// Send the response as it is.
    Whole(Response<Bytes>),
    /// Send the response's body `chunk` bytes at a time with `pause` between chunks (the
    /// `slow-body` fault: a slow server, for clients' timeout tests).
    Slow {
        /// The response.
        response: Response<Bytes>,
        /// Bytes per chunk.
        chunk: usize,
        /// Time between chunks.
        pause: Duration,
    },
    /// Close the connection without answering (the `drop` fault).
    Drop,
    /// Send [`Forward::request`](Forward::request) to the upstream (`--proxy`), with no
    /// delay, and answer with what [`Mock::forwarded`](crate::Mock::forwarded) makes of the
    /// outcome.
    Forward(Box<Forward>),
}

/// What the host's log line says about a request. The binary writes it in one of the shapes of
/// [`LineKind`]; the fields are those of the request log.
#[derive(Debug)]
#[non_exhaustive]
pub struct LogRecord {
    /// Which line this is.
    pub kind: LineKind,
    /// `MOCK.<counter>.<hash>`, also in the answer's `X-Ovh-QueryID`.
    pub query_id: String,
    /// The request's method.
    pub method: Method,
    /// The request's target (its path is logged).
    pub uri: Uri,
    /// The status answered; 0 when the connection is dropped.
    pub status: u16,
    /// What answered.
    pub source: Source,
    /// The fixture that answered, if one did.
    pub fixture: Option<Arc<str>>,
    /// What the line says beyond method, path and status (a task transition, an error).
    pub note: Cow<'static, str>,
    /// The time the answer took: the delay chosen (deciding takes microseconds).
    pub elapsed_ms: u64,
}

/// The shapes of the mock's log lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineKind {
    /// An answer: query id, method, path, status, fixture, elapsed time, note.
    Answered,
    /// A read of the admin API (the dashboard's, every second per tab): the fields of
    /// [`LineKind::Answered`], for a level below the API's lines (the binary's debug). It is
    /// not in the request log.
    AdminRead,
    /// A CORS preflight: method, path, status.
    Preflight,
    /// An `X-Mock-Fault` the mock cannot act out: method, path, status, note.
    RefusedFault,
    /// A connection dropped by a fixture's phase or the settings: method, path, fixture, and
    /// the note saying why.
    Dropped,
    /// A connection dropped as `X-Mock-Fault: drop` asked: method and path.
    DroppedOnRequest,
    /// A request handed to the host to forward (`--proxy`): method, path, the upstream. Its
    /// answer gets an [`LineKind::Answered`] line of its own.
    Forwarding,
}

/// Whether the host reads the request's body before [`Mock::handle`](crate::Mock::handle).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyPlan {
    /// Read it, `limit` bytes at most; when it is larger, or does not arrive in time, give
    /// [`Mock::unread`](crate::Mock::unread) the reason instead.
    Read {
        /// The most bytes accepted.
        limit: usize,
    },
    /// The answer is decided without the body (a preflight, an unknown path, a refused
    /// fault): call `handle` with an empty one, and leave the rest unread.
    Skip,
}

/// Why the host could not read a request's body whole.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unread {
    /// Larger than the limit (declared by `Content-Length`, or counted while reading): 413.
    TooLarge,
    /// Not received within the host's body timeout: 408.
    TimedOut {
        /// The timeout.
        after: Duration,
    },
    /// The connection failed while reading it: 400 with this reason.
    Failed(String),
}

/// A request for the host to send to the upstream, and what the core needs to answer once it
/// has: give both to [`Mock::forwarded`](crate::Mock::forwarded).
///
/// `Debug` shows the request's method, target and header names, never their values (a Bearer
/// token among them).
#[non_exhaustive]
pub struct Forward {
    /// What to send: the method, the target relative to the upstream's API base (the path and
    /// the query string as received: `/connectivity/eligibility/search/cities`), the headers
    /// to pass on (content type, `Accept`, the session header, and on signed routes a Bearer
    /// token), the body. Never the caller's OVH signature headers.
    pub request: Request<Bytes>,
    /// Whether the host signs it with its own upstream credentials.
    pub signing: UpstreamSigning,
    pub(crate) ticket: Ticket,
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.request.headers().keys().map(http::HeaderName::as_str).collect();
        f.debug_struct("Forward")
            .field("method", self.request.method())
            .field("target", self.request.uri())
            .field("headers", &names)
            .field("body_bytes", &self.request.body().len())
            .field("signing", &self.signing)
            .finish_non_exhaustive()
    }
}

/// Who authenticates a forwarded request to the upstream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpstreamSigning {
    /// Nobody: a `noAuthentication` route, a caller's Bearer token passed on as it is, or a
    /// signed route called without credentials (the upstream refuses it).
    AsIs,
    /// The host: the caller signed with an application key, which covers the mock's URL; the
    /// host signs again with its upstream credentials (an application key, or a service
    /// account's token).
    Host,
}

/// What became of a forwarded request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Upstream {
    /// The upstream answered (any status, any body).
    Answered(Response<Bytes>),
    /// No answer within the host's upstream timeout.
    TimedOut(Duration),
    /// No answer at all: refused, unreachable, TLS, cut. The reason, in words.
    Failed(String),
}

/// What the core remembers of a forwarded request until its answer.
#[derive(Debug)]
pub(crate) struct Ticket {
    pub(crate) query_number: u64,
    pub(crate) origin: Option<HeaderValue>,
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) operation: Operation,
    pub(crate) kept: (Option<Box<str>>, Bytes),
    pub(crate) record: Option<RecordTicket>,
}

/// The request as a recording writes it, and the task it belongs to.
#[derive(Debug)]
pub(crate) struct RecordTicket {
    pub(crate) path: String,
    pub(crate) query: BTreeMap<String, String>,
    pub(crate) body: Option<Value>,
    /// The request key and session: one task's polls.
    pub(crate) task: String,
}
