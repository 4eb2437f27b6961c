//! The command line, as clap reads it; completions and the man page come from the same
//! definition.

use std::time::Duration;

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use ovh_connectivity_hyper::PollPolicy;

use crate::identifiers::{building, code, line_number, otp, street_number, zip_code};

const EXIT_CODES: &str = "\
Exit codes:
  0    the answer was obtained (a reader that stops early changes nothing)
  1    a test the command ran ended in `error` (the others are still printed), or
       (--require-eligible) no offer is eligible
  2    usage error, ambiguous or unknown input, no choice at a prompt, or input the API
       refused or did not find (HTTP 400, 404)
  3    the API or the network failed (other HTTP errors, --task-timeout or --timeout ran
       out, bad answers), or the answer could not be written
  130  interrupted (Ctrl-C)

Configuration: ovh.conf and OVH_* as the official clients read them (OVH_ENDPOINT,
OVH_APPLICATION_KEY, ...); --base-url for another API, such as the mock:
  ovh-connectivity --base-url http://127.0.0.1:8080/1.0 eligibility line 0123456789";

/// Eligibility of French internet lines (copper ADSL/VDSL/SDSL, fibre FTTH) through the
/// OVHcloud Connectivity API: from an address, a line number, a building or an optical
/// termination point to the offers it can get.
#[derive(Debug, Parser)]
#[command(name = "ovh-connectivity", version, after_long_help = EXIT_CODES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    #[command(flatten)]
    pub(crate) global: Global,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// API base URL instead of ovh.conf / OVH_ENDPOINT (the mock: http://127.0.0.1:8080/1.0).
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) base_url: Option<String>,

    /// Print the API's JSON result unchanged, for scripts.
    #[arg(long, global = true)]
    pub(crate) json: bool,

    /// Give up on the whole command after this many seconds of work, requests and waits
    /// included, the time you take at a prompt not (exit 3). Default: no bound but each task's
    /// (--task-timeout) and each request's (60 s).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds)]
    pub(crate) timeout: Option<f64>,

    /// Give up on one task still pending this many seconds after its first request (exit 3).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds,
          default_value_t = PollPolicy::default().deadline.as_secs_f64())]
    pub(crate) task_timeout: f64,

    /// Longest wait between two requests of a pending task, in seconds (decimals allowed): the
    /// waits start at 1 s (or this, when shorter) and double up to it.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds,
          default_value_t = PollPolicy::default().interval.as_secs_f64())]
    pub(crate) poll_interval: f64,

    /// Colours, of the answer and of the messages: `auto` (each stream on a terminal, unless NO_COLOR
    /// is set or TERM is dumb), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

impl Global {
    /// How pending tasks are polled: the client core's policy with these flags.
    pub(crate) fn poll_policy(&self) -> PollPolicy {
        PollPolicy::default()
            .with_interval(Duration::from_secs_f64(self.poll_interval))
            .with_deadline(Duration::from_secs_f64(self.task_timeout))
    }

    /// The bound on the whole command, if any.
    pub(crate) fn command_timeout(&self) -> Option<Duration> {
        self.timeout.map(Duration::from_secs_f64)
    }
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A number of seconds above 0 (a zero bound or interval would give up, or poll, at once), at
/// most a day; at least a millisecond once read, so that it is never zero in effect.
fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value > 0.0 && value <= 86_400.0 => Ok(value.max(0.001)),
        _ => Err(format!("`{text}` is not a number of seconds above 0 and at most 86400 (a day)")),
    }
}

/// The `--color` of arguments clap could not read as a whole (for its own error message):
/// the last one given, `auto` without one, or with one that is not a choice.
pub(crate) fn color_in(args: impl IntoIterator<Item = std::ffi::OsString>) -> ColorChoice {
    let args: Vec<String> = args.into_iter().map(|arg| arg.to_string_lossy().into_owned()).collect();
    let mut choice = ColorChoice::Auto;
    for (index, arg) in args.iter().enumerate() {
        let value = match arg.strip_prefix("--color") {
            Some("") => args.get(index + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(value) = value.and_then(|value| ColorChoice::from_str(value, true).ok()) {
            choice = value;
        }
    }
    choice
}

/// What `search buildings` needs, when it has neither.
pub(crate) const BUILDINGS_NEED: &str = "give --line LINE, or --street-code CODE with --number NUMBER";

/// Checks what clap's definition cannot say: `search buildings` needs `--line`, or
/// `--street-code` with `--number` (each requires the other, and conflicts with `--line`).
pub(crate) fn check(cli: &Cli) -> Result<(), clap::Error> {
    if let Command::Search(Search::Buildings { street_code: None, line: None, .. }) = &cli.command {
        let mut command = Cli::command();
        command.build();
        let buildings =
            command.find_subcommand_mut("search").and_then(|search| search.find_subcommand_mut("buildings"));
        return Err(buildings
            .expect("search buildings is defined")
            .error(ErrorKind::MissingRequiredArgument, BUILDINGS_NEED));
    }
    Ok(())
}

/// What to do.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Which offers an address, a line, a building or an OTP can get.
    Eligibility {
        #[command(subcommand)]
        target: Target,
        /// Exit with 1 when no offer is eligible.
        #[arg(long, global = true)]
        require_eligible: bool,
    },
    /// One search of the API, as a table (or JSON with --json).
    #[command(subcommand)]
    Search(Search),
    /// An earlier eligibility test, by its reference.
    Reference {
        /// The test's `eligibilityReference`.
        reference: String,
        /// Exit with 1 when no offer is eligible.
        #[arg(long)]
        require_eligible: bool,
    },
    /// Shell completions, on stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// The man page (roff), on stdout: every command's usage and options in one page.
    Man {
        /// Write a page per command into this folder instead (`ovh-connectivity.1`,
        /// `ovh-connectivity-eligibility-line.1`, ...), such as `~/.local/share/man/man1`.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// What an eligibility test is about.
#[derive(Debug, Subcommand)]
pub(crate) enum Target {
    /// A copper line, by its number.
    Line {
        /// The line number: ten digits starting with 0, as written in France (`0123456789`,
        /// `01 23 45 67 89`, `01.23.45.67.89`) or from abroad (`+33 1 23 45 67 89`, `0033...`).
        #[arg(value_parser = line_number)]
        number: String,
        /// The line is inactive (cut, or never used).
        #[arg(long)]
        inactive: bool,
    },
    /// An address: resolved through the searches (city, street, number), then the address
    /// (its copper line) and each fibre building there are tested.
    ///
    /// Each test stands alone: one that ends in error is said on stderr and makes the exit
    /// code 1, the others still printed. With --json: an array of the results of the tests
    /// that answered, the address's first.
    Address(AddressArgs),
    /// A fibre building, by its reference (`IMB/...`).
    Building {
        /// The building reference (`IMB/91471/C/NT8X`; case does not matter).
        #[arg(value_parser = building)]
        reference: String,
    },
    /// An optical termination point, by its reference (`OO-XXXX-XXXX`).
    Otp {
        /// The OTP reference (`OO-1234-AB56`, `/` and a letter after it if given; case and
        /// dashes do not matter).
        #[arg(value_parser = otp)]
        reference: String,
    },
}

/// An address as people write it.
#[derive(Debug, Args)]
pub(crate) struct AddressArgs {
    /// Zip code, five digits (`91400`, `75 011`).
    #[arg(long, value_parser = zip_code)]
    pub(crate) zip: String,
    /// City or locality; not needed when the zip code has one. Case, accents and `st` for
    /// `saint` do not matter.
    #[arg(long)]
    pub(crate) city: Option<String>,
    /// Street name: case, accents and abbreviations (`av` for `avenue`) do not matter; a
    /// misspelt one gets suggestions, with or without its type (`rue`, `avenue`).
    #[arg(long)]
    pub(crate) street: String,
    /// Street number, with its suffix if any (`12`, `12B`, `12 bis`, `12 ter`).
    #[arg(long, value_parser = street_number)]
    pub(crate) number: String,
}

/// The searches.
#[derive(Debug, Subcommand)]
pub(crate) enum Search {
    /// Localities of a zip code.
    Cities {
        /// Zip code, five digits (`91400`, `75 011`).
        #[arg(value_parser = zip_code)]
        zip: String,
    },
    /// Streets of a locality.
    Streets {
        /// INSEE code of the locality (from `search cities`).
        #[arg(value_parser = code)]
        insee: String,
    },
    /// Numbers of a street.
    Numbers {
        /// Street code (from `search streets`).
        #[arg(value_parser = code)]
        street_code: String,
    },
    /// Buildings at a street number, or of a line.
    Buildings {
        /// Street code (from `search streets`).
        #[arg(long, requires = "number", conflicts_with = "line", value_parser = code)]
        street_code: Option<String>,
        /// Street number, with its suffix if any (`12`, `12B`, `12 bis`).
        #[arg(long, requires = "street_code", value_parser = street_number)]
        number: Option<String>,
        /// A line number instead of an address (`0123456789`, `01 23 45 67 89`, `+33 1...`).
        #[arg(long, value_parser = line_number)]
        line: Option<String>,
        /// The line is inactive.
        #[arg(long, requires = "line")]
        inactive: bool,
    },
    /// Copper lines at a street number.
    Lines {
        /// Street code (from `search streets`).
        #[arg(long, value_parser = code)]
        street_code: String,
        /// Street number, with its suffix if any (`12`, `12B`, `12 bis`).
        #[arg(long, value_parser = street_number)]
        number: String,
        /// The line holder's name, to narrow the search.
        #[arg(long)]
        owner: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    fn global(flags: &[&str]) -> Global {
        let args = ["ovh-connectivity", "search", "cities", "91400"].iter().chain(flags);
        Cli::try_parse_from(args).unwrap().global
    }

    #[test]
    fn the_poll_flags_default_to_the_client_cores_policy_and_set_it() {
        assert_eq!(global(&[]).poll_policy(), PollPolicy::default());
        assert_eq!(global(&[]).command_timeout(), None);
        let set = global(&["--poll-interval", "0.05", "--task-timeout", "7", "--timeout", "2.5"]);
        let policy = set.poll_policy();
        assert_eq!((policy.interval, policy.deadline), (Duration::from_millis(50), Duration::from_secs(7)));
        assert_eq!(policy.wait_after(1), Duration::from_millis(50), "an interval under a second is honoured");
        assert_eq!(set.command_timeout(), Some(Duration::from_millis(2500)));
    }

    #[test]
    fn the_color_of_arguments_clap_refused() {
        let color = |args: &[&str]| color_in(args.iter().map(std::ffi::OsString::from));
        assert_eq!(color(&["x", "line", "abc", "--color", "always"]), ColorChoice::Always);
        assert_eq!(color(&["x", "--color=never", "line"]), ColorChoice::Never);
        assert_eq!(color(&["x", "--color", "sometimes"]), ColorChoice::Auto);
        assert_eq!(color(&["x", "--color"]), ColorChoice::Auto);
        assert_eq!(color(&["x", "--colors", "always"]), ColorChoice::Auto);
    }

    #[test]
    fn numbers_of_seconds_are_checked() {
        assert_eq!(seconds("0.2"), Ok(0.2));
        assert_eq!(seconds("1e-9"), Ok(0.001), "never zero in effect");
        for refused in ["0", "0.0", "-0", "-1", "NaN", "inf", "1e9", "", "soon"] {
            assert!(seconds(refused).unwrap_err().contains("above 0"), "{refused:?}");
        }
    }
}
