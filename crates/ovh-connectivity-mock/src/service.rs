//! The host's side of a request: read the body as the core's plan says (within its limit and
//! the body timeout), hand the request to [`Mock::handle`], wait the delay, act out the
//! delivery (a whole answer, a slow body, a dropped connection), and write the log line.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Request, Response, header};
use http_body_util::{BodyExt, Either, Full, Limited};
use hyper::body::Incoming;
use ovh_connectivity_mock_core::{
    BodyPlan, Delivery, Exchange, LineKind, LogRecord, Mock, Now, Unread, Upstream, Written,
};

use crate::slow_body::{MockBody, SlowBody};
use crate::upstream::UpstreamClient;

/// The connection is to be closed without an answer (the `drop` fault).
#[derive(Debug, thiserror::Error)]
#[error("connection dropped on purpose (X-Mock-Fault: drop, or a fixture phase's \"fault\": \"drop\")")]
pub(crate) struct DropConnection;

/// What every connection shares: the core, and what the host adds to it.
#[derive(Debug)]
pub(crate) struct Host {
    pub(crate) mock: Mock,
    pub(crate) body_read_timeout: Duration,
    /// The origin of the core's monotonic clock.
    origin: Instant,
    /// Forwards what the core hands over (`--proxy`).
    pub(crate) upstream: Option<Arc<UpstreamClient>>,
    /// Where recordings go, and whether an earlier one of the same request stays.
    pub(crate) record: Option<(PathBuf, bool)>,
}

impl Host {
    pub(crate) fn new(mock: Mock, body_read_timeout: Duration) -> Self {
        Self { mock, body_read_timeout, origin: Instant::now(), upstream: None, record: None }
    }

    /// Both clocks, read once for the core.
    fn now(&self) -> Now {
        Now::new(SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default(), self.origin.elapsed())
    }
}

/// Answers one request.
pub(crate) async fn handle(host: Arc<Host>, request: Request<Incoming>) -> Result<Response<MockBody>, DropConnection> {
    let (head, body) = request.into_parts();
    let mock = &host.mock;
    let exchange = match mock.body_plan(&head) {
        BodyPlan::Read { limit } => match read_body(&head, body, limit, host.body_read_timeout).await {
            Ok(bytes) => mock.handle(Request::from_parts(head, bytes), host.now()),
            Err(why) => mock.unread(head, why, host.now()),
        },
        // `Skip` (and any plan this host does not know): the answer does not depend on the
        // body, which is left unread.
        _ => mock.handle(Request::from_parts(head, Bytes::new()), host.now()),
    };
    if !exchange.delay.is_zero() {
        tokio::time::sleep(exchange.delay).await;
    }
    write_line(&exchange.log);
    let exchange = match exchange.delivery {
        Delivery::Forward(forward) => {
            let started = Instant::now();
            let outcome = match &host.upstream {
                Some(client) => client.send(&forward).await,
                None => Upstream::Failed("this host was given no upstream client".to_owned()),
            };
            let exchange = mock.forwarded(*forward, outcome, started.elapsed(), host.now());
            record(&host, &exchange).await;
            write_line(&exchange.log);
            exchange
        }
        _ => exchange,
    };
    match exchange.delivery {
        Delivery::Whole(response) => Ok(response.map(|body| Either::Left(Full::new(body)))),
        Delivery::Slow { response, chunk, pause } => {
            Ok(response.map(|body| Either::Right(SlowBody::new(body, chunk, pause))))
        }
        // `Drop`, and any delivery this host cannot act out.
        _ => Err(DropConnection),
    }
}

/// Writes the fixture the core made of a forwarded exchange (`--record`), off the request's
/// thread, tells the core, and logs the file and its drift.
async fn record(host: &Arc<Host>, exchange: &Exchange) {
    let (Some(recording), Some((dir, keep))) = (exchange.record.clone(), host.record.clone()) else { return };
    let written = {
        let recording = recording.clone();
        tokio::task::spawn_blocking(move || recording.write(&dir, keep)).await
    };
    let result = match written {
        Ok(result) => result,
        Err(error) => Err(ovh_connectivity_mock_core::RecordError::Invalid(format!("the writer stopped: {error}"))),
    };
    let drift = host.mock.recorded(&recording, &result, host.now());
    let file = recording.file_name();
    match &result {
        Ok(written @ Written::Kept(_)) => {
            tracing::info!(
                file,
                "not recorded: kept the earlier recording (--record-keep): {}",
                written.path().display()
            )
        }
        Ok(written @ Written::KeptPending(_)) => tracing::info!(
            file,
            "not recorded: kept the earlier recording, which has the pending phases this answer came without: {}",
            written.path().display()
        ),
        Ok(written @ Written::Replaced(_)) => tracing::info!(file, "recorded again: {}", written.path().display()),
        Ok(written) => tracing::info!(file, "recorded: {}", written.path().display()),
        Err(error) => tracing::warn!(file, "not recorded: {error}"),
    }
    for item in drift {
        tracing::warn!(file, operation = recording.operation.name(), "drift: {item}");
    }
}

/// Reads the whole body, refusing one over `limit` or slower than `timeout`.
async fn read_body(
    head: &http::request::Parts,
    body: Incoming,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, Unread> {
    let declared = head
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Unread::TooLarge);
    }
    let mut collect = std::pin::pin!(Limited::new(body, limit).collect());
    // Most bodies arrived with their headers: only a body still on its way needs a timer.
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(collect.as_mut().poll(cx))).await;
    let collected = match first {
        std::task::Poll::Ready(collected) => Ok(collected),
        std::task::Poll::Pending => tokio::time::timeout(timeout, collect).await,
    };
    match collected {
        Err(_) => Err(Unread::TimedOut { after: timeout }),
        Ok(Err(error)) if error.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(Unread::TooLarge),
        Ok(Err(error)) => Err(Unread::Failed(error.to_string())),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

/// The log line of a request, in the shape its kind has.
fn write_line(log: &LogRecord) {
    let method = &log.method;
    let path = log.uri.path();
    let note = &log.note;
    let fixture = log.fixture.as_deref().unwrap_or("-");
    macro_rules! answered {
        ($level:ident) => {
            tracing::$level!(
                query_id = %log.query_id,
                %method,
                %path,
                status = log.status,
                fixture,
                elapsed_ms = log.elapsed_ms,
                "{note}"
            )
        };
    }
    match log.kind {
        LineKind::Preflight => tracing::info!(%method, %path, status = log.status, "preflight"),
        LineKind::RefusedFault => tracing::info!(%method, %path, status = log.status, "{note}"),
        LineKind::Dropped => tracing::info!(%method, %path, fixture, "{note}: dropping the connection"),
        LineKind::DroppedOnRequest => tracing::info!(%method, %path, "{note}: dropping the connection"),
        // Reads of the admin API, every second per dashboard tab, stay out of the info log.
        LineKind::AdminRead => answered!(debug),
        // The forwarded answer gets its own line.
        LineKind::Forwarding => tracing::debug!(%method, %path, "{note}"),
        // `Answered`, and any kind this host does not know.
        _ => answered!(info),
    }
}
