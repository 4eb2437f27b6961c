//! The listener: one task accepting connections, one per connection, graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use ovh_connectivity_fixtures::FixtureSet;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use ovh_connectivity_mock_core::{Entropy, Mock};

use crate::config::MockConfig;
use crate::service::{Host, handle};
use crate::upstream::UpstreamClient;

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// [`MockServer::start_on`] was given no address.
    #[error("no address to listen on")]
    NoAddress,
    /// The upstream client of `--proxy` could not be made (its TLS settings).
    #[error("cannot call the upstream: {0}")]
    Upstream(String),
    /// The operating system gave no randomness for the mock's secrets (its OAuth2 token key).
    #[error("no randomness from the operating system for the mock's secrets: {0}")]
    Entropy(String),
}

/// A running mock of the Connectivity API.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use ovh_connectivity_mock::{MockConfig, MockServer};
///
/// let server = MockServer::start(MockConfig::with_embedded_fixtures()?).await?;
/// let url = format!("{}/connectivity/eligibility/search/cities", server.base_url());
/// // POST {"zipCode":"91400"} to `url`: `pending` first, then the guide's three localities.
/// server.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct MockServer {
    addrs: Vec<SocketAddr>,
    stop: watch::Sender<bool>,
    accepts: Vec<JoinHandle<()>>,
}

impl MockServer {
    /// Binds `config.addr` (by default 127.0.0.1 with an OS-chosen port) and serves in the
    /// background on the current tokio runtime until [`shutdown`](Self::shutdown) or drop.
    pub async fn start(config: MockConfig) -> Result<Self, StartError> {
        let addr = config.addr;
        Self::start_on(config, &[addr]).await
    }

    /// Like [`start`](Self::start), on every address of `addrs` at once (`127.0.0.1:8080` and
    /// `[::1]:8080` for `localhost`), all sharing one state: tasks, settings and the log. An
    /// OS-chosen port (`0`) is chosen once, by the first address, and used for the others.
    /// `config.addr` is not read.
    pub async fn start_on(config: MockConfig, addrs: &[SocketAddr]) -> Result<Self, StartError> {
        if addrs.is_empty() {
            return Err(StartError::NoAddress);
        }
        // Everything is ready before the port opens: a client that can connect is answered at
        // once (the world's places take a few tens of milliseconds to index).
        let mut random = [0u8; 64];
        getrandom::fill(&mut random).map_err(|error| StartError::Entropy(error.to_string()))?;
        let mock = Mock::new(config.core.clone(), config.fixtures.clone(), Entropy::from_bytes(random));
        let mut host = Host::new(mock, config.body_read_timeout);
        if let Some(proxy) = &config.core.proxy {
            host.upstream =
                Some(UpstreamClient::new(&proxy.upstream, config.upstream.clone()).map_err(StartError::Upstream)?);
        }
        host.record = config.record_dir.clone().map(|dir| (dir, config.record_keep));
        let shared = Arc::new(host);
        let listeners = bind_all(addrs).await?;
        let addrs = listeners
            .iter()
            .zip(addrs)
            .map(|(listener, &addr)| listener.local_addr().map_err(|source| StartError::Bind { addr, source }))
            .collect::<Result<Vec<_>, _>>()?;
        let (stop, stopped) = watch::channel(false);
        if let Some(dir) = config.watch_dir.clone() {
            let watch = Watch { dir, base: config.base_fixtures.clone(), interval: config.watch_interval };
            tokio::spawn(watch_folder(shared.clone(), watch, stopped.clone()));
        }
        let header_read_timeout = config.header_read_timeout;
        let accepts = listeners
            .into_iter()
            .map(|listener| tokio::spawn(accept_loop(listener, shared.clone(), header_read_timeout, stopped.clone())))
            .collect();
        Ok(Self { addrs, stop, accepts })
    }

    /// The address listened on (the first one, with [`start_on`](Self::start_on)).
    pub fn addr(&self) -> SocketAddr {
        self.addrs[0]
    }

    /// Every address listened on, in the order given.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// The API base URL, e.g. `http://127.0.0.1:40123/1.0`.
    pub fn base_url(&self) -> String {
        format!("http://{}/1.0", self.addr())
    }

    /// The server root, e.g. `http://127.0.0.1:40123` (the admin API is at `/__admin`).
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// Stops accepting, lets requests in flight finish (for at most 5 s), and returns.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for accept in std::mem::take(&mut self.accepts) {
            let _ = accept.await;
        }
    }
}

/// Binds every address; a port 0 after the first takes the port the first was given. Tries a
/// few times when that port is taken on another address.
async fn bind_all(addrs: &[SocketAddr]) -> Result<Vec<TcpListener>, StartError> {
    let mut attempt = 0;
    'again: loop {
        attempt += 1;
        let mut listeners: Vec<TcpListener> = Vec::with_capacity(addrs.len());
        let mut chosen_port = None;
        for &asked in addrs {
            let mut addr = asked;
            if addr.port() == 0
                && let Some(port) = chosen_port
            {
                addr.set_port(port);
            }
            match TcpListener::bind(addr).await {
                Ok(listener) => {
                    if asked.port() == 0 && chosen_port.is_none() {
                        chosen_port = listener.local_addr().ok().map(|bound| bound.port());
                    }
                    listeners.push(listener);
                }
                Err(source) if source.kind() == std::io::ErrorKind::AddrInUse && addr != asked && attempt < 8 => {
                    continue 'again;
                }
                Err(source) => return Err(StartError::Bind { addr: asked, source }),
            }
        }
        return Ok(listeners);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Host>,
    header_read_timeout: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                let connection = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_read_timeout)
                    .serve_connection(TokioIo::new(stream), service_fn(move |request| handle(shared.clone(), request)));
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!(%error, "connection closed with an error");
                    }
                });
            }
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight after 5 s: closing anyway");
    }
}

/// A cheap fingerprint of a folder: every JSON file's path, size and modification time.
fn fingerprint(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u64, Option<SystemTime>)> {
    // The loader follows symbolic links; so does the fingerprint, to see what it would load.
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "json"))
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            Some((entry.into_path(), meta.len(), meta.modified().ok()))
        })
        .collect()
}

/// What `--watch` reloads: a folder laid over a base set, checked at an interval.
struct Watch {
    dir: std::path::PathBuf,
    base: FixtureSet,
    interval: Duration,
}

async fn watch_folder(shared: Arc<Host>, watch: Watch, mut stopped: watch::Receiver<bool>) {
    let Watch { dir, base, interval } = watch;
    let mut last = fingerprint(&dir);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stopped.changed() => return,
        }
        let now = fingerprint(&dir);
        if now == last {
            continue;
        }
        last = now;
        match FixtureSet::load_dir(&dir) {
            Ok(set) => {
                let merged = base.clone().overlay(set);
                let count = merged.len();
                let dropped = shared.mock.replace_fixtures(merged);
                tracing::info!(
                    folder = %dir.display(),
                    fixtures = count,
                    "fixtures reloaded; {dropped} task state(s) dropped (their requests start over at phase 1)"
                );
            }
            Err(errors) => {
                let errors: Vec<String> = errors.0.iter().map(|e| format!("{}: {}", e.file, e.message)).collect();
                tracing::warn!(
                    folder = %dir.display(),
                    "fixtures not reloaded, still serving the previous set: {}",
                    errors.join("; ")
                );
            }
        }
    }
}
