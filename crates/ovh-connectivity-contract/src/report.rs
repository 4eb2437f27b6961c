//! Running the catalogue and writing what it found: a table, JSON, or JUnit XML.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::checks::catalogue;
use crate::outcome::{Outcome, Verdict};
use crate::target::{Mode, Target};
use crate::transport::SharedHttp;

/// One check's result.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct CheckResult {
    /// The check's id.
    pub id: &'static str,
    /// What it checks.
    pub description: &'static str,
    /// What it found.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// How long it took, in milliseconds.
    pub elapsed_ms: u128,
}

/// Everything a run found.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The base URL checked.
    pub base_url: String,
    /// How answers were judged.
    pub mode: Mode,
    /// One result per check run, in catalogue order.
    pub results: Vec<CheckResult>,
    /// Requests sent.
    pub requests: u32,
    /// Total time, in milliseconds.
    pub elapsed_ms: u128,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The HTTP client could not be built.
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
    /// The filter matched no check.
    #[error("no check matches {0:?}; ids are listed by --list")]
    NothingSelected(Vec<String>),
}

/// Runs the checks whose id contains one of `filters` (all when empty), one after the other.
pub async fn run(target: &Target, filters: &[String]) -> Result<Report, RunError> {
    let selected: Vec<_> = catalogue()
        .into_iter()
        .filter(|check| filters.is_empty() || filters.iter().any(|filter| check.id.contains(filter.as_str())))
        .collect();
    if selected.is_empty() {
        return Err(RunError::NothingSelected(filters.to_vec()));
    }
    let http = SharedHttp::new(target).map_err(RunError::Setup)?;
    let started = Instant::now();
    let mut results = Vec::with_capacity(selected.len());
    for check in selected {
        let check_started = Instant::now();
        let outcome = check.run(target, &http).await;
        results.push(CheckResult {
            id: check.id,
            description: check.description,
            outcome,
            elapsed_ms: check_started.elapsed().as_millis(),
        });
    }
    Ok(Report {
        base_url: target.base_url.clone(),
        mode: target.mode,
        results,
        requests: http.requests(),
        elapsed_ms: started.elapsed().as_millis(),
    })
}

impl Report {
    fn count(&self, verdict: Verdict) -> usize {
        self.results.iter().filter(|r| r.outcome.verdict == verdict).count()
    }

    /// How many checks failed.
    pub fn failed(&self) -> usize {
        self.count(Verdict::Fail)
    }

    /// A readable table, ending with `N passed, N failed, N skipped`.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let mode = match self.mode {
            Mode::Exact => "exact: every answer compared with the fixtures",
            Mode::Structural => "structural: shapes and protocol only, real data differ",
        };
        let _ = writeln!(out, "Contract of {} (mode {mode})\n", self.base_url);
        let width = self.results.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for result in &self.results {
            let verdict = match result.outcome.verdict {
                Verdict::Pass => "PASS",
                Verdict::Fail => "FAIL",
                Verdict::Skip => "SKIP",
            };
            let polls = result.outcome.polls.map_or(String::new(), |p| format!(", {p} requests"));
            let mut lines = result.outcome.message.lines();
            let _ = writeln!(
                out,
                "{verdict}  {:<width$}  {}  ({:.1} s{polls})",
                result.id,
                lines.next().unwrap_or(""),
                Duration::from_millis(result.elapsed_ms as u64).as_secs_f64()
            );
            for line in lines {
                let _ = writeln!(out, "      {:<width$}  {line}", "");
            }
            for warning in &result.outcome.warnings {
                let _ = writeln!(out, "      {:<width$}  drift: {warning}", "");
            }
        }
        let _ = writeln!(
            out,
            "\n{} requests in {:.1} s",
            self.requests,
            Duration::from_millis(self.elapsed_ms as u64).as_secs_f64()
        );
        let _ = writeln!(
            out,
            "{} passed, {} failed, {} skipped",
            self.count(Verdict::Pass),
            self.failed(),
            self.count(Verdict::Skip)
        );
        out
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("reports serialize")
    }

    /// The report as JUnit XML, for CI systems.
    pub fn to_junit(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuite name=\"ovh-connectivity-contract\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
            self.results.len(),
            self.failed(),
            self.count(Verdict::Skip),
            self.elapsed_ms as f64 / 1000.0
        );
        let _ = writeln!(
            out,
            "  <properties><property name=\"base_url\" value=\"{}\"/><property name=\"mode\" value=\"{}\"/></properties>",
            xml(&self.base_url),
            self.mode.as_str()
        );
        for result in &self.results {
            let _ = write!(
                out,
                "  <testcase classname=\"contract\" name=\"{}\" time=\"{:.3}\">",
                xml(result.id),
                result.elapsed_ms as f64 / 1000.0
            );
            match result.outcome.verdict {
                Verdict::Fail => {
                    let first = result.outcome.message.lines().next().unwrap_or("");
                    let _ =
                        write!(out, "<failure message=\"{}\">{}</failure>", xml(first), xml(&result.outcome.message));
                }
                Verdict::Skip => {
                    let _ = write!(out, "<skipped message=\"{}\"/>", xml(&result.outcome.message));
                }
                Verdict::Pass => {}
            }
            if !result.outcome.warnings.is_empty() {
                let _ = write!(out, "<system-out>{}</system-out>", xml(&result.outcome.warnings.join("\n")));
            }
            out.push_str("</testcase>\n");
        }
        out.push_str("</testsuite>\n");
        out
    }
}

fn xml(text: &str) -> String {
    text.chars().filter(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control()).fold(
        String::with_capacity(text.len()),
        |mut out, c| {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                c => out.push(c),
            }
            out
        },
    )
}
