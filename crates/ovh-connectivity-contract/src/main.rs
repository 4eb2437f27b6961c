//! `ovh-connectivity-contract --base-url URL`: runs the catalogue, prints a report, exits 1 if
//! any check failed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use ovh_connectivity_client::{ConfigBuilder, PollPolicy};
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
    #[command(flatten)]
    poll: PollArgs,
    /// Walk this many real zip codes, drawn from the table of French places, from city to
    /// eligibility test (`flow.sample-addresses`, structural mode).
    #[arg(long, value_name = "N", default_value_t = 0)]
    sample: usize,
    /// The seed of the drawn zip codes.
    #[arg(long, value_name = "N", default_value_t = 1)]
    sample_seed: u64,
    /// Write every call the checks walk (a task polled to its end, or one request) into this
    /// folder as a fixture, in the built-in layout (search/cities/91400.json); a mock replays
    /// it with --fixtures DIR --only --strict. Headers and credentials are never written.
    #[arg(long, value_name = "DIR")]
    record: Option<PathBuf>,
    /// List the checks and exit.
    #[arg(long)]
    list: bool,
}

/// How pending tasks are polled: the same flags as the `ovh-connectivity` command, for the
/// client core's one `PollPolicy`.
#[derive(Debug, clap::Args)]
struct PollArgs {
    /// Longest wait between two requests of a pending task, in seconds (decimals allowed); the
    /// waits start at 1 s (or this, when shorter) and double up to it.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value_t = PollPolicy::default().interval.as_secs_f64())]
    poll_interval: f64,
    /// Give up on one task still pending this many seconds after its first request.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value_t = PollPolicy::default().deadline.as_secs_f64())]
    task_timeout: f64,
    /// Old spelling of --poll-interval, in milliseconds.
    #[arg(long, value_name = "MS", conflicts_with = "poll_interval")]
    poll_interval_ms: Option<u64>,
    /// Old spelling of --task-timeout, in whole seconds.
    #[arg(long, value_name = "SECONDS", conflicts_with = "task_timeout")]
    task_deadline_secs: Option<u64>,
}

impl PollArgs {
    /// The policy these flags describe.
    fn policy(&self) -> PollPolicy {
        let interval = self.poll_interval_ms.map_or(Duration::from_secs_f64(self.poll_interval), Duration::from_millis);
        let deadline = self.task_deadline_secs.map_or(Duration::from_secs_f64(self.task_timeout), Duration::from_secs);
        PollPolicy::default().with_interval(interval).with_deadline(deadline)
    }
}

/// A number of seconds, decimals allowed, between 0 and a day.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=86_400.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a number of seconds between 0 and 86400")),
    }
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
    target.poll = args.poll.policy();
    target.sample = sample_zip_codes(args.sample, args.sample_seed);
    if let Some(dir) = &args.record {
        std::fs::create_dir_all(dir).map_err(|e| format!("--record {}: {e}", dir.display()))?;
        target.record = Some(dir.clone());
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(flags: &[&str]) -> Result<PollPolicy, clap::Error> {
        let args =
            Args::try_parse_from(["ovh-connectivity-contract", "--base-url", "http://x/1.0"].iter().chain(flags))?;
        Ok(args.poll.policy())
    }

    #[test]
    fn the_poll_flags_and_their_old_spellings_make_one_policy() {
        assert_eq!(policy(&[]).unwrap(), PollPolicy::default());
        let new = policy(&["--poll-interval", "0.05", "--task-timeout", "7"]).unwrap();
        let old = policy(&["--poll-interval-ms", "50", "--task-deadline-secs", "7"]).unwrap();
        assert_eq!(new, old);
        assert_eq!((new.interval, new.deadline), (Duration::from_millis(50), Duration::from_secs(7)));
        assert_eq!(new.wait_after(1), Duration::from_millis(50), "an interval under a second is honoured");
        assert!(policy(&["--poll-interval", "1", "--poll-interval-ms", "10"]).is_err(), "one spelling at a time");
        assert!(policy(&["--task-timeout", "1", "--task-deadline-secs", "1"]).is_err());
        assert!(policy(&["--poll-interval", "-1"]).is_err() && policy(&["--task-timeout", "soon"]).is_err());
    }
}
