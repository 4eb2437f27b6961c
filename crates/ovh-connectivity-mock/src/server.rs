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

use crate::catalog::Catalog;
use crate::config::MockConfig;
use crate::service::handle;
use crate::state::MockState;

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
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    accept: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Binds `config.addr` (by default 127.0.0.1 with an OS-chosen port) and serves in the
    /// background on the current tokio runtime until [`shutdown`](Self::shutdown) or drop.
    pub async fn start(config: MockConfig) -> Result<Self, StartError> {
        // Everything is ready before the port opens: a client that can connect is answered at
        // once (the world's places take a few tens of milliseconds to index).
        let bind_addr = config.addr;
        let shared = Arc::new(MockState::new(config));
        let listener =
            TcpListener::bind(bind_addr).await.map_err(|source| StartError::Bind { addr: bind_addr, source })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: bind_addr, source })?;
        let (stop, stopped) = watch::channel(false);
        if let Some(dir) = shared.config.watch_dir.clone() {
            tokio::spawn(watch_folder(shared.clone(), dir, stopped.clone()));
        }
        let accept = tokio::spawn(accept_loop(listener, shared, stopped));
        Ok(Self { addr, stop, accept: Some(accept) })
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base URL, e.g. `http://127.0.0.1:40123/1.0`.
    pub fn base_url(&self) -> String {
        format!("http://{}/1.0", self.addr)
    }

    /// The server root, e.g. `http://127.0.0.1:40123` (the admin API is at `/__admin`).
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish (for at most 5 s), and returns.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(accept) = self.accept.take() {
            let _ = accept.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<MockState>, mut stopped: watch::Receiver<bool>) {
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
                    .header_read_timeout(shared.config.header_read_timeout)
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
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

async fn watch_folder(shared: Arc<MockState>, dir: std::path::PathBuf, mut stopped: watch::Receiver<bool>) {
    let mut last = fingerprint(&dir);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(shared.config.watch_interval) => {}
            _ = stopped.changed() => return,
        }
        let now = fingerprint(&dir);
        if now == last {
            continue;
        }
        last = now;
        match FixtureSet::load_dir(&dir) {
            Ok(set) => {
                let merged = shared.config.base_fixtures.clone().overlay(set);
                let count = merged.len();
                let dropped = shared.replace_catalog(Catalog::new(merged));
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
