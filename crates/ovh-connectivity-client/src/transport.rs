//! The transport trait: the only way bytes leave the client.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::error::ConnectorError;

/// A request as the transport sends it.
pub type HttpRequest = http::Request<Vec<u8>>;
/// An answer as the transport returns it.
pub type HttpResponse = http::Response<Vec<u8>>;

/// Sends one HTTP request and returns its answer. Nothing else crosses this boundary.
///
/// A failure becomes a [`ConnectorError`] (what failed, and whether the request was sent):
/// adapters classify their own errors into it; an `std::io::Error` is classified by its kind.
///
/// Closures implement it, so a test can answer without any server:
///
/// ```
/// use ovh_connectivity_client::{HttpRequest, HttpResponse, Transport};
///
/// let transport = |_request: HttpRequest| async {
///     Ok::<_, std::io::Error>(HttpResponse::new(br#"{"status":"pending","result":null,"error":null}"#.to_vec()))
/// };
/// fn assert_transport(_: &impl Transport) {}
/// assert_transport(&transport);
/// ```
pub trait Transport: Send + Sync {
    /// What the transport fails with: a [`ConnectorError`], or anything that becomes one.
    type Error: Into<ConnectorError> + Send + 'static;

    /// Sends the request.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, Self::Error>> + Send;
}

impl<F, Fut, E> Transport for F
where
    F: Fn(HttpRequest) -> Fut + Send + Sync,
    Fut: Future<Output = Result<HttpResponse, E>> + Send,
    E: Into<ConnectorError> + Send + 'static,
{
    type Error = E;

    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, E>> + Send {
        self(request)
    }
}

/// Time, as the client needs it: the wall clock for signatures, a monotonic clock for
/// deadlines, and a way to wait between polls. The adapter provides the real one; tests use a
/// virtual one.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch, by the local clock.
    fn unix_time(&self) -> u64;
    /// Monotonic time since an arbitrary origin.
    fn monotonic(&self) -> Duration;
    /// Waits `duration`.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}

/// A [`Clock`] on the standard library's clocks (`SystemTime` for signatures, `Instant` for
/// deadlines) that waits with the sleep function you give: any runtime's timer will do.
///
/// ```
/// use std::time::Duration;
/// use ovh_connectivity_client::{Clock, SystemClock};
///
/// // With tokio: SystemClock::new(tokio::time::sleep); with smol: |d| async move { smol::Timer::after(d).await; }
/// let clock = SystemClock::new(|_wait: Duration| std::future::ready(()));
/// assert!(clock.unix_time() > 1_700_000_000);
/// ```
pub struct SystemClock<S> {
    origin: Instant,
    sleep: S,
}

impl<S, F> SystemClock<S>
where
    S: Fn(Duration) -> F + Send + Sync,
    F: Future<Output = ()> + Send,
{
    /// A clock whose monotonic origin is now, waiting with `sleep`.
    pub fn new(sleep: S) -> Self {
        Self { origin: Instant::now(), sleep }
    }
}

impl<S> std::fmt::Debug for SystemClock<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemClock").field("origin", &self.origin).finish_non_exhaustive()
    }
}

impl<S, F> Clock for SystemClock<S>
where
    S: Fn(Duration) -> F + Send + Sync,
    F: Future<Output = ()> + Send,
{
    fn unix_time(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
    }

    fn monotonic(&self) -> Duration {
        self.origin.elapsed()
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        (self.sleep)(duration)
    }
}
