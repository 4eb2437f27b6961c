//! `ovh-connectivity`: from a French address, line number, building or optical termination
//! point to the internet offers it can get, through the OVHcloud Connectivity API (or the
//! mock). Built on the client core and its hyper adapter: the requests, their signature, the
//! polling of async tasks and its progress are the library's.

mod args;
mod asked;
mod bound;
mod identifiers;
mod manual;
mod matching;
mod out;
mod progress;
mod render;

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, Parser};
use ovh_connectivity_client::types::{
    AsyncTask, EligibilityTest, GetEligibilityTestQuery, LineStatus, SearchBuildingsByLineRequest,
    SearchBuildingsRequest, SearchCitiesRequest, SearchLinesRequest, SearchStreetNumbersRequest, SearchStreetsRequest,
    TestAddressRequest, TestBuildingRequest, TestLineRequest, TestOtpRequest, TypedOperation, ops,
};
use ovh_connectivity_hyper::{Call, Client, ConfigBuilder, Error, SetupError};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::args::{AddressArgs, Cli, ColorChoice, Command, Global, Search, Target};
use crate::asked::{Asked, mismatch};
use crate::bound::Bound;
use crate::matching::{Found, find, street_number};
use crate::progress::Progress;

/// Why a command did not succeed, by exit code.
#[derive(Debug)]
enum Failure {
    /// Exit 2: usage, ambiguous or unknown input, or input the API refused or did not find.
    Usage(String),
    /// Exit 1: the task ended in `error`.
    TaskFailed(String),
    /// Exit 1: some of the tests a command ran ended in `error` (what each tested, and its
    /// message); the others were printed.
    TestsFailed(Vec<String>),
    /// Exit 1 (`--require-eligible`): no offer is eligible.
    NotEligible,
    /// Exit 3: the API or the network failed.
    Api(String),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Self::TaskFailed(_) | Self::TestsFailed(_) | Self::NotEligible => 1,
            Self::Usage(_) => 2,
            Self::Api(_) => 3,
        }
    }

    fn message(&self) -> String {
        match self {
            Self::Usage(message) => format!("error: {message}"),
            Self::TaskFailed(message) => format!("error: the API's task ended in error: {message}"),
            Self::TestsFailed(failed) => failed
                .iter()
                .map(|failure| format!("error: the API's task ended in error for the {failure}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Self::NotEligible => "error: no offer is eligible (--require-eligible)".to_owned(),
            Self::Api(message) => format!("error: {message}"),
        }
    }

    fn from_client(error: Error) -> Self {
        match error {
            Error::TaskFailed { message, .. } => Self::TaskFailed(message),
            Error::Api(api) if api.status == 400 || api.status == 404 => {
                let status = format!("HTTP {}", api.status);
                Self::Usage(format!("the API refused the input: {}", api.message.as_deref().unwrap_or(&status)))
            }
            Error::NotSent(not_sent) => Self::Usage(not_sent.to_string()),
            Error::DeadlineExceeded { operation, waited, polls, .. } => Self::Api(format!(
                "{operation}: the API was still computing after {} s and {polls} request(s) (--task-timeout)",
                waited.as_secs()
            )),
            other => Self::Api(other.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse().and_then(|cli| args::check(&cli).map(|()| cli)) {
        Ok(cli) => cli,
        Err(error) => {
            // clap's messages (usage errors, --help, --version) in our streams, so that
            // --color and a closed pipe are honoured for them as for ours.
            out::set_colour(colour(args::color_in(std::env::args_os())));
            let text = error.render().ansi().to_string();
            let written = if error.use_stderr() {
                out::show(&text);
                Ok(())
            } else {
                out::answer(&text)
            };
            let code = if written.is_ok() { error.exit_code() } else { 3 };
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
    out::set_colour(colour(cli.global.color));
    let written = match &cli.command {
        Command::Completions { shell } => {
            // Into memory first: the generator panics on a write error (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "ovh-connectivity", &mut script);
            out::bytes(&script)
        }
        Command::Man { dir: None } => manual::page()
            .map_err(|error| format!("cannot render the man page: {error}"))
            .and_then(|page| out::bytes(&page)),
        Command::Man { dir: Some(dir) } => match manual::pages(dir) {
            Ok(written) => {
                out::say(&format!("note: {} pages written into {}", written.len(), dir.display()));
                Ok(())
            }
            Err(error) => Err(format!("cannot write the man pages into {}: {error}", dir.display())),
        },
        Command::Eligibility { .. } | Command::Search(_) | Command::Reference { .. } => return run(&cli),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            out::say(&format!("error: {error}"));
            ExitCode::from(3)
        }
    }
}

fn colour(choice: ColorChoice) -> anstream::ColorChoice {
    match choice {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
    }
}

/// The commands that call the API, on a runtime of their own.
fn run(cli: &Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            out::say(&format!("error: cannot start: {error}"));
            return ExitCode::from(3);
        }
    };
    runtime.block_on(async {
        let app = match App::new(&cli.global) {
            Ok(app) => app,
            Err(failure) => {
                out::say(&failure.message());
                return ExitCode::from(failure.exit_code());
            }
        };
        // --timeout bounds the command: the requests (however the server behaves) and the waits
        // between polls, not the time the person takes at a prompt (`App::prompt` pauses it).
        // Ctrl-C is listened for first, before the command starts: a prompt reads its line on
        // a thread of its own, so that Ctrl-C there ends the command at once too.
        let outcome = tokio::select! {
            biased;
            _ = tokio::signal::ctrl_c() => {
                app.progress.end();
                if app.asking.load(std::sync::atomic::Ordering::Relaxed) {
                    // At a prompt: the terminal shows `^C` after `Choose 1-3: `.
                    out::show("\n");
                }
                out::say("interrupted");
                return ExitCode::from(130);
            }
            () = app.bound.run_out() => Err(Failure::Api(format!(
                "the command did not finish within {} s (--timeout) with the API at {}; try again later, or raise \
                 --timeout",
                cli.global.timeout.unwrap_or_default(),
                app.client.config().base_url,
            ))),
            outcome = app.run(&cli.command) => outcome,
        };
        app.progress.end();
        match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                out::say(&failure.message());
                ExitCode::from(failure.exit_code())
            }
        }
    })
}

/// What every command works with.
struct App {
    client: Client,
    progress: Progress,
    /// `--timeout`, paused at prompts.
    bound: Bound,
    /// A prompt waits for its line now (set again once it is read; left set when Ctrl-C
    /// ends the command there).
    asking: std::sync::atomic::AtomicBool,
    json: bool,
    /// Ask people to choose (stdin and stderr are terminals) rather than fail on ambiguity.
    interactive: bool,
}

impl App {
    fn new(global: &Global) -> Result<Self, Failure> {
        let stderr_terminal = std::io::stderr().is_terminal();
        let config_error = |error: ovh_connectivity_hyper::ConfigError| match error {
            ovh_connectivity_hyper::ConfigError::MissingEndpoint => Failure::Usage(
                "no endpoint configured: give --base-url (the mock's: http://127.0.0.1:8080/1.0), or set \
                 OVH_ENDPOINT (e.g. ovh-eu) or `endpoint` in the [default] section of ovh.conf"
                    .to_owned(),
            ),
            other => Failure::Usage(other.to_string()),
        };
        let mut builder = ConfigBuilder::from_environment().map_err(config_error)?;
        if let Some(url) = &global.base_url {
            builder = builder.endpoint(url.trim_end_matches('/'));
        }
        let config = builder.poll_policy(global.poll_policy()).build().map_err(config_error)?;
        if api_path(&config.base_url).is_none() {
            let url = config.base_url.trim_end_matches('/');
            return Err(Failure::Usage(format!(
                "the base URL {url} has no path: it should end with /1.0 (or /v1), as {url}/1.0"
            )));
        }
        let progress = Progress::new(stderr_terminal);
        let client = ovh_connectivity_hyper::client_with_config(config)
            .map_err(|error| match error {
                // A proxy setting this transport cannot use is the user's to change, as a bad
                // endpoint is.
                SetupError::Proxy { .. } | SetupError::Config(_) => Failure::Usage(error.to_string()),
                _ => Failure::Api(error.to_string()),
            })?
            .with_poll_observer(Arc::new(progress.clone()));
        Ok(Self {
            client,
            progress,
            bound: Bound::new(global.command_timeout()),
            asking: std::sync::atomic::AtomicBool::new(false),
            json: global.json,
            interactive: stderr_terminal && std::io::stdin().is_terminal(),
        })
    }

    async fn run(&self, command: &Command) -> Result<(), Failure> {
        match command {
            Command::Eligibility { target, require_eligible } => {
                let (tests, failed) = match target {
                    Target::Line { number, inactive } => {
                        let request = TestLineRequest::new(number.clone(), line_status(*inactive));
                        let step = format!("testing line {number}");
                        (vec![self.test::<ops::TestLine>(step, &request, Asked::Line(number)).await?], Vec::new())
                    }
                    Target::Address(address) => self.address(address).await?,
                    Target::Building { reference } => {
                        let request = TestBuildingRequest::new(reference.clone());
                        let step = format!("testing building {reference}");
                        let asked = Asked::Building(reference);
                        (vec![self.test::<ops::TestBuilding>(step, &request, asked).await?], Vec::new())
                    }
                    Target::Otp { reference } => {
                        let request = TestOtpRequest::new(reference.clone());
                        let step = format!("testing optical termination point {reference}");
                        (vec![self.test::<ops::TestOtp>(step, &request, Asked::Otp(reference)).await?], Vec::new())
                    }
                };
                // Any test that ended in error makes the command's exit 1, the others printed
                // first.
                let array = matches!(target, Target::Address(_));
                let shown = self.show_tests(&tests, array, *require_eligible);
                if failed.is_empty() {
                    return shown;
                }
                if let Err(failure @ Failure::NotEligible) = shown {
                    out::say(&failure.message());
                }
                Err(Failure::TestsFailed(failed))
            }
            Command::Reference { reference, require_eligible } => {
                let query = GetEligibilityTestQuery::new(reference.clone());
                let call = Call::for_input::<ops::GetEligibilityTest>(&query)
                    .map_err(|error| Failure::Usage(error.to_string()))?;
                self.progress.begin(format!("reading test {reference}"));
                let raw: Box<RawValue> = self.client.send(&call).await.map_err(|error| self.failure(error))?;
                self.progress.end();
                let test = typed(&raw)?;
                self.warn(Asked::Reference(reference), &test);
                self.show_tests(&[(raw, test)], false, *require_eligible)
            }
            Command::Search(search) => self.search(search).await,
            Command::Completions { .. } | Command::Man { .. } => Ok(()),
        }
    }

    /// What a client error means here: [`Failure::from_client`], but an API that refuses or
    /// does not know a route under a base URL that does not end with `/1.0` or `/v1` is that
    /// base URL's fault, not the input's.
    fn failure(&self, error: Error) -> Failure {
        let base_url = &self.client.config().base_url;
        match &error {
            Error::Api(api)
                if (api.status == 400 || api.status == 404)
                    && !api_path(base_url).is_some_and(|path| path.ends_with("/1.0") || path.ends_with("/v1")) =>
            {
                let status = format!("HTTP {}", api.status);
                Failure::Usage(format!(
                    "the API at {} did not take the request ({}): the base URL should end with /1.0 (or /v1)",
                    base_url.trim_end_matches('/'),
                    api.message.as_deref().unwrap_or(&status)
                ))
            }
            _ => Failure::from_client(error),
        }
    }

    /// Calls the async operation `O` and polls its task through the client; the raw result
    /// (for `--json`, unchanged) and its typed reading.
    async fn task<O, R>(&self, step: String, input: &O::Input) -> Result<(Box<RawValue>, R), Failure>
    where
        O: TypedOperation<Answer = AsyncTask<R>>,
        R: DeserializeOwned,
    {
        let call = Call::for_input::<O>(input).map_err(|error| Failure::Usage(error.to_string()))?;
        self.progress.begin(step);
        let polled = self.client.poll::<Box<RawValue>>(&call).await;
        self.progress.end();
        let raw = polled.map_err(|error| self.failure(error))?.result;
        let value = typed(&raw)?;
        Ok((raw, value))
    }

    /// An eligibility test through [`App::task`], with the guide's warning on stderr when its
    /// answer is about something other than what was `asked`.
    async fn test<O>(
        &self,
        step: String,
        input: &O::Input,
        asked: Asked<'_>,
    ) -> Result<(Box<RawValue>, EligibilityTest), Failure>
    where
        O: TypedOperation<Answer = AsyncTask<EligibilityTest>>,
    {
        let (raw, test) = self.task::<O, EligibilityTest>(step, input).await?;
        self.warn(asked, &test);
        Ok((raw, test))
    }

    /// The guide's warning, on stderr (stdout stays the answer).
    fn warn(&self, asked: Asked<'_>, test: &EligibilityTest) {
        if let Some(warning) = mismatch(asked, test) {
            self.progress.end();
            out::say(&warning);
        }
    }

    /// The tests, for people or (`--json`) as the API's results: one result as it is, or
    /// (`array`, an address's) an array of them, however many answered.
    fn show_tests(
        &self,
        tests: &[(Box<RawValue>, EligibilityTest)],
        array: bool,
        require_eligible: bool,
    ) -> Result<(), Failure> {
        let text = if self.json {
            match tests {
                [(raw, _)] if !array => format!("{}\n", raw.get()),
                _ => format!("[{}]\n", tests.iter().map(|(raw, _)| raw.get()).collect::<Vec<_>>().join(",")),
            }
        } else {
            let width = out::width();
            tests.iter().map(|(_, test)| render::eligibility(test, width)).collect::<Vec<_>>().join("\n")
        };
        write_out(&text)?;
        let eligible = tests.iter().any(|(_, test)| test.offers.iter().any(|offer| offer.eligibility.eligible));
        if require_eligible && !eligible { Err(Failure::NotEligible) } else { Ok(()) }
    }

    fn print(&self, raw: &RawValue, human: impl FnOnce() -> String) -> Result<(), Failure> {
        write_out(&if self.json { format!("{}\n", raw.get()) } else { human() })
    }

    /// One search; an empty answer is said in words on stderr (`note: no city has the zip
    /// code 00000`), stdout then empty (or, with `--json`, the API's `[]`).
    async fn search(&self, search: &Search) -> Result<(), Failure> {
        match search {
            Search::Cities { zip } => {
                let request = SearchCitiesRequest::new(zip.clone());
                let (raw, cities) =
                    self.task::<ops::SearchCities, _>(format!("searching cities of {zip}"), &request).await?;
                self.list(
                    &raw,
                    cities.is_empty(),
                    || format!("no city has the zip code {zip}"),
                    || render::cities(&cities),
                )
            }
            Search::Streets { insee } => {
                let request = SearchStreetsRequest::new(insee.clone());
                let (raw, streets) =
                    self.task::<ops::SearchStreets, _>(format!("searching streets of {insee}"), &request).await?;
                let none = || format!("no street is known in the locality with INSEE code {insee}");
                self.list(&raw, streets.is_empty(), none, || render::streets(&streets))
            }
            Search::Numbers { street_code } => {
                let request = SearchStreetNumbersRequest::new(street_code.clone());
                let step = format!("searching numbers of street {street_code}");
                let (raw, numbers) = self.task::<ops::SearchStreetNumbers, Vec<String>>(step, &request).await?;
                let none = || format!("no number is known in the street with code {street_code}");
                self.list(&raw, numbers.is_empty(), none, || render::numbers(&numbers))
            }
            Search::Buildings { street_code, number, line, inactive } => {
                let (raw, buildings, none) = match (street_code, number, line) {
                    (Some(code), Some(number), _) => {
                        let request = SearchBuildingsRequest::at_street_number(code.clone(), number.clone());
                        let step = format!("searching buildings at {number}, street {code}");
                        let (raw, buildings) = self.task::<ops::SearchBuildings, _>(step, &request).await?;
                        (
                            raw,
                            buildings,
                            format!("no building is known at number {number} of the street with code {code}"),
                        )
                    }
                    (_, _, Some(line)) => {
                        let request = SearchBuildingsByLineRequest::new(line.clone(), line_status(*inactive));
                        let step = format!("searching buildings of line {line}");
                        let (raw, buildings) = self.task::<ops::SearchBuildingsByLine, _>(step, &request).await?;
                        let status = if *inactive { "inactive" } else { "active" };
                        (raw, buildings, format!("no building is known for the {status} line {line}"))
                    }
                    _ => return Err(Failure::Usage(args::BUILDINGS_NEED.to_owned())),
                };
                self.list(&raw, buildings.is_empty(), || none, || render::buildings(&buildings))
            }
            Search::Lines { street_code, number, owner } => {
                let mut request = SearchLinesRequest::new(street_code.clone(), number.clone());
                request.owner_name = owner.clone();
                let step = format!("searching lines at {number}, street {street_code}");
                let (raw, lines) = self.task::<ops::SearchLines, _>(step, &request).await?;
                for warning in lines.iter().filter_map(|line| asked::line_elsewhere(street_code, number, line)) {
                    out::say(&warning);
                }
                let none = || {
                    let held = owner.as_ref().map(|owner| format!(" held by `{owner}`")).unwrap_or_default();
                    format!("no line{held} is known at number {number} of the street with code {street_code}")
                };
                self.list(&raw, lines.is_empty(), none, || render::lines(&lines))
            }
        }
    }

    /// A search's answer through [`App::print`]; when it is `empty`, a note on stderr says so
    /// (`none`), and people get no bare table header.
    fn list(
        &self,
        raw: &RawValue,
        empty: bool,
        none: impl FnOnce() -> String,
        human: impl FnOnce() -> String,
    ) -> Result<(), Failure> {
        if !empty {
            return self.print(raw, human);
        }
        out::say(&format!("note: {}", none()));
        if self.json { self.print(raw, String::new) } else { Ok(()) }
    }

    /// Resolves an address step by step, then tests it (its copper line) and its buildings:
    /// the tests that answered, and those that ended in error (what each tested: its message).
    async fn address(
        &self,
        address: &AddressArgs,
    ) -> Result<(Vec<(Box<RawValue>, EligibilityTest)>, Vec<String>), Failure> {
        let zip = address.zip.trim();
        let request = SearchCitiesRequest::new(zip.to_owned());
        let (_, cities) = self.task::<ops::SearchCities, _>(format!("searching cities of {zip}"), &request).await?;
        if cities.is_empty() {
            return Err(Failure::Usage(format!("no city has the zip code {zip}")));
        }
        let labels: Vec<String> = cities
            .iter()
            .map(|c| match c.locality.as_deref().filter(|l| *l != c.city) {
                Some(locality) => format!("{locality} ({}, INSEE {})", c.city, c.insee_code),
                None => format!("{} (INSEE {})", c.city, c.insee_code),
            })
            .collect();
        let city = match &address.city {
            Some(wanted) => {
                let names: Vec<Vec<String>> = cities
                    .iter()
                    .map(|c| vec![c.locality.clone().unwrap_or_else(|| c.city.clone()), c.city.clone()])
                    .collect();
                let kind = Kind { one: "city", many: "cities", hint: "give the city's name with --city" };
                self.choose(kind, wanted, &labels, find(wanted, &names)).await?
            }
            None if cities.len() == 1 => 0,
            None if self.interactive => {
                let question = Question {
                    heading: format!("Several cities have the zip code {zip}:"),
                    one: "city",
                    hint: "give --city to choose one without a prompt",
                };
                self.prompt(&question, &labels, false).await?[0]
            }
            None => {
                let list: Vec<String> = labels.iter().map(|label| format!("  {label}")).collect();
                return Err(Failure::Usage(format!(
                    "the zip code {zip} has {} cities; give --city:\n{}",
                    cities.len(),
                    list.join("\n")
                )));
            }
        };
        let city = &cities[city];

        let request = SearchStreetsRequest::new(city.insee_code.clone());
        let place = city.locality.clone().unwrap_or_else(|| city.city.clone());
        let (_, streets) =
            self.task::<ops::SearchStreets, _>(format!("searching streets of {place}"), &request).await?;
        let names: Vec<Vec<String>> = streets.iter().map(|s| vec![s.street_name.clone()]).collect();
        let labels: Vec<String> = streets.iter().map(|s| s.street_name.clone()).collect();
        let (one, many) = (format!("street of {place}"), format!("streets of {place}"));
        let found = find(&address.street, &names);
        let kind = Kind { one: &one, many: &many, hint: "give the street's name as the list writes it with --street" };
        let street = &streets[self.choose(kind, &address.street, &labels, found).await?];

        let request = SearchStreetNumbersRequest::new(street.street_code.clone());
        let step = format!("searching numbers of {}", street.street_name);
        let (_, numbers) = self.task::<ops::SearchStreetNumbers, Vec<String>>(step, &request).await?;
        let wanted = street_number(&address.number);
        let Some(number) = numbers.iter().find(|n| street_number(n) == wanted) else {
            return Err(Failure::Usage(format!(
                "{} has no number {}{}",
                street.street_name,
                address.number,
                nearby_numbers(&numbers, &wanted)
            )));
        };

        let request = SearchBuildingsRequest::at_street_number(street.street_code.clone(), number.clone());
        let where_ = format!("{number} {}", street.street_name);
        let (_, buildings) =
            self.task::<ops::SearchBuildings, _>(format!("searching buildings at {where_}"), &request).await?;
        let chosen: Vec<usize> = if buildings.len() > 1 && self.interactive {
            let labels: Vec<String> = buildings.iter().map(|b| format!("{} ({})", b.name, b.reference)).collect();
            let question = Question {
                heading: format!("Several buildings are at {where_}:"),
                one: "building",
                hint: "test one with `ovh-connectivity eligibility building REFERENCE`",
            };
            self.prompt(&question, &labels, true).await?
        } else {
            (0..buildings.len()).collect()
        };

        // Each test stands alone: an address whose line the API cannot find does not hide the
        // fibre.
        let mut tests = Vec::new();
        let mut failed = Vec::new();
        let mut keep = |what: String, result: Result<_, Failure>| {
            match result {
                Ok(test) => tests.push(test),
                Err(Failure::TaskFailed(message)) => failed.push(format!("{what}: {message}")),
                Err(other) => return Err(other),
            }
            Ok(())
        };
        let request = TestAddressRequest::at_street_number(street.street_code.clone(), number.clone());
        let step = format!("testing the address {where_}");
        let asked = Asked::Address { street_code: &street.street_code, number };
        keep(format!("test of the address {where_}"), self.test::<ops::TestAddress>(step, &request, asked).await)?;
        for index in chosen {
            let reference = &buildings[index].reference;
            let request = TestBuildingRequest::new(reference.clone());
            let step = format!("testing building {reference}");
            let asked = Asked::Building(reference);
            keep(format!("test of building {reference}"), self.test::<ops::TestBuilding>(step, &request, asked).await)?;
        }
        Ok((tests, failed))
    }

    /// The one candidate `found` names; with several, a choice on a terminal or a usage
    /// error listing them; with none, a usage error with suggestions (on a terminal, a choice
    /// among them).
    async fn choose(&self, kind: Kind<'_>, wanted: &str, labels: &[String], found: Found) -> Result<usize, Failure> {
        let Kind { one, many, hint } = kind;
        let ask = |heading: String| Question { heading, one, hint };
        let several = matches!(found, Found::Several(_));
        match found {
            Found::One(index) => Ok(index),
            Found::Several(indexes) | Found::Nothing(indexes) if self.interactive && !indexes.is_empty() => {
                let shown: Vec<String> = indexes.iter().map(|&i| labels[i].clone()).collect();
                let heading = if several {
                    format!("Several {many} match `{wanted}`:")
                } else {
                    format!("No {one} matches `{wanted}`; did you mean:")
                };
                let picked = self.prompt(&ask(heading), &shown, false).await?;
                Ok(indexes[picked[0]])
            }
            Found::Several(indexes) => {
                const SHOWN: usize = 20;
                let mut list: Vec<String> = indexes.iter().take(SHOWN).map(|&i| format!("  {}", labels[i])).collect();
                if indexes.len() > SHOWN {
                    list.push(format!("  ... and {} more", indexes.len() - SHOWN));
                }
                Err(Failure::Usage(format!(
                    "`{wanted}` matches {} {many}; be more precise:\n{}",
                    indexes.len(),
                    list.join("\n")
                )))
            }
            Found::Nothing(suggestions) if suggestions.is_empty() => {
                Err(Failure::Usage(format!("no {one} matches `{wanted}`")))
            }
            Found::Nothing(suggestions) => Err(Failure::Usage(format!(
                "no {one} matches `{wanted}`; did you mean:\n{}",
                suggestions.iter().map(|&i| format!("  {}", labels[i])).collect::<Vec<_>>().join("\n")
            ))),
        }
    }

    /// Asks on the terminal: one of `labels` (or all of them, when `all` is offered). The
    /// time it waits for the person does not count toward `--timeout`; Ctrl-C ends the
    /// command at once (the line is read on a thread of its own, raced in `run`); the end of
    /// the input, or three answers that are not choices, is a usage error that says so.
    async fn prompt(&self, question: &Question<'_>, labels: &[String], all: bool) -> Result<Vec<usize>, Failure> {
        const TRIES: usize = 3;
        self.progress.end();
        let mut text = format!("{}\n", question.heading);
        for (index, label) in labels.iter().enumerate() {
            text.push_str(&format!("  {}) {label}\n", index + 1));
        }
        if all {
            text.push_str("  a) all of them\n");
        }
        out::show(&text);
        let _paused = self.bound.pause();
        for _ in 0..TRIES {
            out::show(&format!("Choose 1-{}{}: ", labels.len(), if all { " or a" } else { "" }));
            self.asking.store(true, std::sync::atomic::Ordering::Relaxed);
            let line = read_line().await;
            self.asking.store(false, std::sync::atomic::Ordering::Relaxed);
            let Some(answer) = line else {
                out::show("\n");
                return Err(Failure::Usage(format!(
                    "the input ended before a {} was chosen; {}",
                    question.one, question.hint
                )));
            };
            let answer = answer.trim();
            if all && answer.eq_ignore_ascii_case("a") {
                return Ok((0..labels.len()).collect());
            }
            match answer.parse::<usize>() {
                Ok(choice) if (1..=labels.len()).contains(&choice) => return Ok(vec![choice - 1]),
                _ => out::say(&format!("`{answer}` is not one of the choices")),
            }
        }
        Err(Failure::Usage(format!(
            "no {} was chosen: {TRIES} answers were not among the choices; {}",
            question.one, question.hint
        )))
    }
}

/// One line of stdin, read on a thread of its own so that the runtime stays free to see
/// Ctrl-C (a thread left blocked on the terminal does not keep the process alive); `None` at
/// the end of the input.
async fn read_line() -> Option<String> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = std::io::stdin().lock().read_line(&mut line);
        let _ = sender.send(match read {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        });
    });
    receiver.await.ok().flatten()
}

/// A question at the prompt.
#[derive(Debug)]
struct Question<'a> {
    /// What is asked, ending in `:` (`Several cities have the zip code 91400:`).
    heading: String,
    /// One of the candidates, for the error when none is chosen (`city`).
    one: &'a str,
    /// How to choose without the prompt (`give --city ...`).
    hint: &'a str,
}

/// The answer, on stdout, with its styles or without; a reader that stopped early is not a
/// failure ([`out::answer`]).
fn write_out(text: &str) -> Result<(), Failure> {
    out::answer(text).map_err(Failure::Api)
}

fn line_status(inactive: bool) -> LineStatus {
    if inactive { LineStatus::Inactive } else { LineStatus::Active }
}

/// What is being chosen: its name for one, and for several, and how to choose it without a
/// prompt.
#[derive(Clone, Copy, Debug)]
struct Kind<'a> {
    one: &'a str,
    many: &'a str,
    hint: &'a str,
}

/// `; numbers near it: 10, 12, 14` for a number the street does not have.
fn nearby_numbers(numbers: &[String], wanted: &str) -> String {
    let value = |text: &str| text.chars().take_while(char::is_ascii_digit).collect::<String>().parse::<i64>().ok();
    let Some(target) = value(wanted) else { return String::new() };
    let mut near: Vec<&String> = numbers.iter().filter(|n| value(n).is_some()).collect();
    near.sort_by_key(|n| (value(n).unwrap_or(0) - target).abs());
    near.truncate(5);
    if near.is_empty() {
        return String::new();
    }
    near.sort_by_key(|n| value(n).unwrap_or(0));
    format!("; numbers near it: {}", near.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", "))
}

/// The path of a base URL without its trailing `/` (`/1.0` of `http://host:8080/1.0/`);
/// `None` when it has none.
fn api_path(base_url: &str) -> Option<&str> {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let after_scheme = after_scheme.split(['?', '#']).next().unwrap_or_default();
    let path = after_scheme.find('/').map(|start| &after_scheme[start..])?.trim_end_matches('/');
    (!path.is_empty()).then_some(path)
}

/// The typed reading of a raw result, for people.
fn typed<R: DeserializeOwned>(raw: &RawValue) -> Result<R, Failure> {
    serde_json::from_str(raw.get())
        .map_err(|error| Failure::Api(format!("the API's answer is not what its schema says: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_a_base_url() {
        assert_eq!(api_path("http://127.0.0.1:8080/1.0"), Some("/1.0"));
        assert_eq!(api_path("https://eu.api.ovh.com/v1/"), Some("/v1"));
        assert_eq!(api_path("http://proxy/ovh/1.0"), Some("/ovh/1.0"));
        for none in ["http://127.0.0.1:18520", "http://127.0.0.1:18520/", "http://host//", "http://host?x=/1.0"] {
            assert_eq!(api_path(none), None, "{none}");
        }
    }
}
