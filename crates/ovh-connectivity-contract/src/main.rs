//! `ovh-connectivity-contract --base-url URL`: runs the catalogue, prints a report, exits 1 if
//! any check failed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use ovh_connectivity_client::ConfigBuilder;
use ovh_connectivity_contract::{Mode, Target, catalogue, run, sample_zip_codes};
use ovh_connectivity_fixtures::FixtureSet;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Table,
    Json,
    Junit,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ModeArg {
    /// Answers must equal the fixtures (for a mock serving them).
    Exact,
    /// Shapes and protocol only (for the real API).
    Structural,
}

/// Checks that a server speaks the OVHcloud /connectivity API: documented flows, the async
/// task protocol, answer shapes, errors, and (with credentials) signatures.
#[derive(Debug, Parser)]
#[command(name = "ovh-connectivity-contract", version)]
struct Args {
    /// API base URL: https://eu.api.ovh.com/1.0, or a mock's http://127.0.0.1:8080/1.0.
    #[arg(long, value_name = "URL", required_unless_present = "list")]
    base_url: Option<String>,
    /// `exact` compares every answer with the fixtures; `structural` checks shapes only.
    #[arg(long, value_enum, default_value = "structural")]
    mode: ModeArg,
    /// Run only the checks whose id contains this text (repeatable).
    #[arg(long, value_name = "TEXT")]
    filter: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Also write the report to this file (in the chosen format).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// A fixture folder to use instead of the built-in fixtures.
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,
    /// Include the checks that change data (recalls).
    #[arg(long)]
    allow_writes: bool,
    /// Most requests per second; 0 for no limit (a local mock). OVH's fair use is about 1.
    #[arg(long, default_value_t = 1.0)]
    rate: f64,
    /// Wait between two polls of a pending task, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    poll_interval_ms: u64,
    /// Give up on a task still pending after this many seconds.
    #[arg(long, default_value_t = 120)]
    task_deadline_secs: u64,
    /// Walk this many real zip codes, drawn from the table of French places, from city to
    /// eligibility test (`flow.sample-addresses`, structural mode).
    #[arg(long, value_name = "N", default_value_t = 0)]
    sample: usize,
    /// The seed of the drawn zip codes.
    #[arg(long, value_name = "N", default_value_t = 1)]
    sample_seed: u64,
    /// List the checks and exit.
    #[arg(long)]
    list: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.list {
        print!("{}", list(&catalogue()));
        return ExitCode::SUCCESS;
    }
    match execute(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("ovh-connectivity-contract: {message}");
            ExitCode::from(2)
        }
    }
}

async fn execute(args: Args) -> Result<bool, String> {
    let base_url = args.base_url.clone().ok_or("--base-url is required")?;
    let fixtures = match &args.fixtures {
        Some(dir) => FixtureSet::load_dir(dir).map_err(|e| e.to_string())?,
        None => FixtureSet::embedded().map_err(|e| e.to_string())?,
    };
    // Credentials as the official clients read them; only the checks that need them use them.
    let config = ConfigBuilder::from_environment()
        .and_then(|builder| builder.endpoint(base_url.clone()).build())
        .map_err(|e| format!("credentials: {e}"))?;
    let mut target = Target::new(base_url, fixtures);
    target.mode = match args.mode {
        ModeArg::Exact => Mode::Exact,
        ModeArg::Structural => Mode::Structural,
    };
    target.credentials = config.credentials.filter(|c| c.consumer_key.is_some());
    target.service_account = config.service_account;
    target.allow_writes = args.allow_writes;
    if !(args.rate >= 0.0 && args.rate.is_finite()) {
        return Err(format!("--rate {} is not a rate", args.rate));
    }
    target.min_interval = if args.rate == 0.0 { Duration::ZERO } else { Duration::from_secs_f64(1.0 / args.rate) };
    target.poll_interval = Duration::from_millis(args.poll_interval_ms);
    target.task_deadline = Duration::from_secs(args.task_deadline_secs);
    target.sample = sample_zip_codes(args.sample, args.sample_seed);

    let report = run(&target, &args.filter).await.map_err(|e| e.to_string())?;
    let text = match args.format {
        Format::Table => report.to_table(),
        Format::Json => report.to_json(),
        Format::Junit => report.to_junit(),
    };
    print!("{text}");
    if let Some(path) = &args.output {
        std::fs::write(path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(report.failed() == 0)
}

/// The catalogue as `--list` prints it: a header, then one check a line, in columns.
fn list(checks: &[ovh_connectivity_contract::Check]) -> String {
    let rows: Vec<[&str; 3]> = checks.iter().map(|check| [check.id, check.needs.as_str(), check.description]).collect();
    let widths = rows.iter().fold([5, 5], |[id, needs], [check, what, _]| [id.max(check.len()), needs.max(what.len())]);
    std::iter::once(["CHECK", "NEEDS", "DESCRIPTION"])
        .chain(rows)
        .map(|[id, needs, description]| format!("{id:<0$}  {needs:<1$}  {description}\n", widths[0], widths[1]))
        .collect()
}
