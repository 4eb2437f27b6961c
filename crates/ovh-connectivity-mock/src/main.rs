//! `ovh-connectivity-mock`: the Connectivity API mock, with the fixtures built in.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

mod log_format;
mod log_writer;
mod proxy_args;
use ovh_connectivity_mock::{AdminToken, AuthMode, Cors, FixtureSet, Latency, MockConfig, MockServer, WorldSettings};

/// A mock of the OVHcloud /connectivity API: the documented exchanges replayed, async tasks
/// answering `pending` then their result, CORS on, OVH-shaped errors, an admin API at /__admin.
#[derive(Debug, Parser)]
#[command(name = "ovh-connectivity-mock", version)]
struct Args {
    /// Address to listen on, HOST:PORT (repeatable). `localhost` is both loopbacks, 127.0.0.1
    /// and [::1] (where the machine has IPv6); another host name binds what it resolves to.
    /// Loopback by default; 0.0.0.0:8080 to be reachable from others. Port 0: one free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "localhost:8080")]
    addr: Vec<String>,

    /// A folder of your own fixtures (same format as the built-in ones), laid over the
    /// built-in set: a fixture of yours replaces the built-in one for the same request.
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,

    /// Serve only the --fixtures folder, without the built-in set.
    #[arg(long, requires = "fixtures")]
    only: bool,

    /// Reload the --fixtures folder when it changes (task states are dropped, and logged).
    #[arg(long, requires = "fixtures")]
    watch: bool,

    /// Answer `pending` this many times before the final answer, for every task.
    #[arg(long, value_name = "N")]
    pending: Option<u32>,

    /// Answer 404 to requests no fixture covers (naming the closest fixture) instead of the
    /// world's answer. Implies --world off.
    #[arg(long)]
    strict: bool,

    /// The world answers every well-formed request no fixture covers: every French zip code,
    /// with seeded streets, buildings, lines and eligibility. `off`: searches no fixture
    /// covers find nothing and tests end in `error`.
    #[arg(long, value_name = "on|off", default_value = "on", value_parser = ["on", "off"])]
    world: String,

    /// The world's seed: the same seed gives the same world, byte for byte.
    #[arg(long, value_name = "N", default_value_t = 0)]
    world_seed: u64,

    /// The secret eligibility references are signed with (HMAC-SHA256): another mock with the
    /// same secret resolves them.
    #[arg(long, value_name = "TEXT", default_value = ovh_connectivity_mock::WorldSettings::DEFAULT_SECRET, hide_default_value = true)]
    world_secret: String,

    /// Signature checks: `off` (browsers do not sign) or `verify` (needs --credentials).
    #[arg(long, value_name = "MODE", default_value = "off", value_parser = ["off", "verify"])]
    auth: String,

    /// JSON file of accepted credentials for --auth verify: application keys
    /// {"applicationKey":"...","applicationSecret":"...","consumerKey":"..."} and service accounts
    /// {"clientId":"...","clientSecret":"..."} (OAuth2: POST /auth/oauth2/token for a Bearer token).
    #[arg(long, value_name = "FILE")]
    credentials: Option<PathBuf>,

    /// Seconds an OAuth2 access token lives (OVH: 3599); short ones test clients' refreshes.
    #[arg(long, value_name = "SECONDS", default_value_t = 3599)]
    token_lifetime_secs: u64,

    /// Latency added to every answer: milliseconds (`300`) or a range (`100..800`).
    #[arg(long, value_name = "MS|MIN..MAX", value_parser = parse_latency)]
    latency: Option<Latency>,

    /// Allow only this browser origin (repeatable). Default: any origin.
    #[arg(long, value_name = "ORIGIN")]
    cors_origin: Vec<String>,

    /// No CORS headers at all.
    #[arg(long, conflicts_with = "cors_origin")]
    no_cors: bool,

    /// Largest accepted request body, in bytes.
    #[arg(long, default_value_t = 64 * 1024)]
    max_body_bytes: usize,

    /// Seconds an idle task state is kept.
    #[arg(long, default_value_t = 600)]
    task_ttl_secs: u64,

    /// Most task states kept at once.
    #[arg(long, default_value_t = 10_000)]
    max_tasks: usize,

    /// Request header whose value keeps task states apart (one per browser tab or test).
    #[arg(long, default_value = "x-mock-session")]
    session_header: String,

    /// The token that admin routes changing state (settings, tasks) require, in the
    /// X-Mock-Admin-Token header. Made up and printed when --addr is beyond loopback.
    #[arg(long, value_name = "TOKEN")]
    admin_token: Option<String>,

    #[command(flatten)]
    proxy: proxy_args::ProxyArgs,
}

fn parse_latency(text: &str) -> Result<Latency, String> {
    text.parse()
}

/// The socket addresses `HOST:PORT` names: an IP address as it is, `localhost` as 127.0.0.1
/// and ::1 (when the machine has IPv6) whatever the resolver says, another name as resolved.
fn resolve(text: &str) -> Result<Vec<SocketAddr>, String> {
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(vec![addr]);
    }
    let (host, port) =
        text.rsplit_once(':').ok_or_else(|| format!("--addr `{text}`: expected HOST:PORT, such as localhost:8080"))?;
    let port: u16 = port.parse().map_err(|_| format!("--addr `{text}`: `{port}` is not a port number (0 to 65535)"))?;
    if host.eq_ignore_ascii_case("localhost") {
        let mut addrs = vec![SocketAddr::from(([127, 0, 0, 1], port))];
        // A machine without IPv6 cannot bind ::1: localhost is then 127.0.0.1 alone.
        if std::net::TcpListener::bind((std::net::Ipv6Addr::LOCALHOST, 0)).is_ok() {
            addrs.push(SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, port)));
        }
        return Ok(addrs);
    }
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let resolved = std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
        .map_err(|error| format!("--addr `{text}`: cannot resolve `{host}`: {error}"))?;
    let mut addrs: Vec<SocketAddr> = Vec::new();
    for addr in resolved {
        if !addrs.contains(&addr) {
            addrs.push(addr);
        }
    }
    if addrs.is_empty() {
        return Err(format!("--addr `{text}`: `{host}` resolves to no address"));
    }
    Ok(addrs)
}

/// Every address of every `--addr`, once each.
fn resolve_all(texts: &[String]) -> Result<Vec<SocketAddr>, String> {
    let mut addrs: Vec<SocketAddr> = Vec::new();
    for text in texts {
        for addr in resolve(text)? {
            if !addrs.contains(&addr) {
                addrs.push(addr);
            }
        }
    }
    Ok(addrs)
}

fn config(args: Args, addrs: &[SocketAddr]) -> Result<MockConfig, String> {
    let built_in = if args.only {
        FixtureSet::default()
    } else {
        FixtureSet::embedded().map_err(|e| format!("the built-in fixtures are invalid: {e}"))?
    };
    let fixtures = match &args.fixtures {
        Some(dir) => built_in.clone().overlay(FixtureSet::load_dir(dir).map_err(|e| e.to_string())?),
        None => built_in.clone(),
    };
    let mut service_accounts = Vec::new();
    let auth = match (args.auth.as_str(), &args.credentials) {
        ("verify", Some(file)) => {
            let credentials = proxy_args::read_credentials(file)?;
            service_accounts = credentials.service_accounts;
            AuthMode::Verify(credentials.applications)
        }
        ("verify", None) => return Err("--auth verify needs --credentials FILE".to_owned()),
        _ => AuthMode::Off,
    };
    let session_header = http::HeaderName::from_bytes(args.session_header.as_bytes())
        .map_err(|e| format!("--session-header `{}`: {e}", args.session_header))?;
    let mut config = MockConfig::new(fixtures);
    config.addr = addrs[0];
    config.base_fixtures = built_in;
    config.watch_dir = if args.watch { args.fixtures } else { None };
    config.settings.pending = args.pending;
    config.settings.strict = args.strict;
    // The seed and secret are kept even when the world starts off (or strict mode hides it):
    // the dashboard can turn it on later.
    let mut world = WorldSettings::with_seed(args.world_seed);
    world.secret = args.world_secret;
    config.world = world;
    config.settings.world = args.world == "on";
    config.auth = auth;
    config.service_accounts = service_accounts;
    config.token_lifetime = Duration::from_secs(args.token_lifetime_secs);
    config.settings.latency_ms = args.latency;
    config.cors = match (args.no_cors, args.cors_origin.is_empty()) {
        (true, _) => Cors::Off,
        (false, true) => Cors::AnyOrigin,
        (false, false) => Cors::Origins(args.cors_origin),
    };
    config.max_body_bytes = args.max_body_bytes;
    config.task_ttl = Duration::from_secs(args.task_ttl_secs);
    config.max_tasks = args.max_tasks;
    config.session_header = Some(session_header);
    config.admin_token = match args.admin_token {
        Some(token) if token.is_empty() => return Err("--admin-token is empty".to_owned()),
        Some(token) => Some(AdminToken::new(token)),
        // The token rule holds for each address: one beyond loopback is enough to need it.
        None if addrs.iter().any(|addr| !addr.ip().is_loopback()) => Some(AdminToken::new(random_token()?)),
        None => None,
    };
    args.proxy.apply(&mut config)?;
    Ok(config)
}

/// 128 random bits in hex, from the operating system.
fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| format!("no randomness for the admin token: {error}"))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[tokio::main]
async fn main() -> ExitCode {
    // One line per request, written off the request path: the request formats its line into
    // a shared buffer, and a thread writes the buffer to stderr in batches (log_writer.rs).
    // `_log_writer` writes what is left when `main` returns.
    let (log, _log_writer) = match log_writer::batch_writer(std::io::stderr(), "ovh-connectivity-mock-log") {
        Ok(writer) => writer,
        Err(error) => {
            eprintln!("ovh-connectivity-mock: cannot start the log writer thread: {error}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_target(false)
        .with_ansi(false)
        .event_format(log_format::LogLine)
        .with_writer(log)
        .init();
    let args = Args::parse();
    let configured = resolve_all(&args.addr).and_then(|addrs| Ok((config(args, &addrs)?, addrs)));
    let (config, addrs) = match configured {
        Ok(configured) => configured,
        Err(message) => {
            tracing::error!("{message}");
            return ExitCode::from(2);
        }
    };
    let fixtures = config.fixtures.len();
    let admin_token = config.admin_token.clone();
    // What the mock does beyond its fixtures and world, said once at start.
    let forwarding = config.proxy.as_ref().map(|proxy| {
        let what = if proxy.all { "every API request" } else { "what no fixture covers" };
        format!("forwarding {what} to {}", proxy.upstream)
    });
    let recording = config.record_dir.as_ref().map(|dir| format!("recording into {}", dir.display()));
    let server = match MockServer::start_on(config, &addrs).await {
        Ok(server) => server,
        Err(error) => {
            tracing::error!("{error}");
            return ExitCode::from(1);
        }
    };
    let bases: Vec<String> = server.addrs().iter().map(|addr| format!("http://{addr}/1.0")).collect();
    tracing::info!(
        fixtures,
        "serving the Connectivity API at {} (also under /v1); dashboard at {}/__admin/",
        bases.join(" and "),
        server.root_url()
    );
    for what in forwarding.iter().chain(recording.iter()) {
        tracing::info!("{what}");
    }
    // On stdout, one line per address, in a fixed form that scripts and tests read (with
    // `--addr 127.0.0.1:0`, the port the OS chose).
    for addr in server.addrs() {
        println!("listening on http://{addr}");
    }
    if let Some(token) = admin_token {
        // On stdout, once, never in the log: the dashboard reads it from the link's fragment,
        // which browsers do not send to servers.
        println!("admin token (X-Mock-Admin-Token): {}", token.expose());
        println!("dashboard: {}/__admin/#token={}", server.root_url(), token.expose());
    }
    shutdown_signal().await;
    tracing::info!("shutting down");
    server.shutdown().await;
    ExitCode::SUCCESS
}
