//! The progress line on stderr while the API computes, only on a terminal:
//! `⠹ testing line 0123456789... pending, poll 3, 10 s`. Where the task is comes from the
//! client's own poll loop, through its [`PollObserver`]; a ticker redraws the line ten times
//! a second, and the line is erased before anything else is printed.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use ovh_connectivity_client::types::Operation;
use ovh_connectivity_client::{PollObserver, PollProgress};

const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// What the line says now.
#[derive(Debug, Default)]
struct Line {
    /// What is being done (`testing line 0123456789`); `None` when no line is shown.
    step: Option<String>,
    started: Option<Instant>,
    /// The last answer's status and poll count.
    status: Option<(String, u32)>,
    /// Whether something is drawn on the terminal now.
    drawn: bool,
    frame: usize,
}

/// The progress line; does nothing when stderr is not a terminal.
#[derive(Clone, Debug)]
pub(crate) struct Progress {
    line: Option<Arc<Mutex<Line>>>,
}

impl Progress {
    /// A progress line on stderr when `enabled` (stderr is a terminal), with its ticker.
    pub(crate) fn new(enabled: bool) -> Self {
        if !enabled {
            return Self { line: None };
        }
        let line = Arc::new(Mutex::new(Line::default()));
        let ticking = Arc::downgrade(&line);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tick.tick().await;
                let Some(line) = ticking.upgrade() else { return };
                draw(&mut line.lock().unwrap_or_else(PoisonError::into_inner));
            }
        });
        Self { line: Some(line) }
    }

    /// Starts showing `step`.
    pub(crate) fn begin(&self, step: impl Into<String>) {
        if let Some(line) = &self.line {
            let mut line = line.lock().unwrap_or_else(PoisonError::into_inner);
            *line =
                Line { step: Some(step.into()), started: Some(Instant::now()), drawn: line.drawn, ..Line::default() };
            draw(&mut line);
        }
    }

    /// Erases the line: call before printing anything else.
    pub(crate) fn end(&self) {
        if let Some(line) = &self.line {
            let mut line = line.lock().unwrap_or_else(PoisonError::into_inner);
            line.step = None;
            erase(&mut line);
        }
    }
}

fn erase(line: &mut Line) {
    if line.drawn {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
        line.drawn = false;
    }
}

fn draw(line: &mut Line) {
    let Some(step) = &line.step else { return };
    let seconds = line.started.map_or(0, |started| started.elapsed().as_secs());
    let state = match &line.status {
        None => "sending".to_owned(),
        Some((status, polls)) => format!("{status}, poll {polls}"),
    };
    let text = format!("{} {step}... {state}, {seconds} s", FRAMES[line.frame % FRAMES.len()]);
    line.frame += 1;
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r\x1b[2K{text}");
    let _ = err.flush();
    line.drawn = true;
}

impl PollObserver for Progress {
    fn started(&self, _operation: Operation) {
        if let Some(line) = &self.line {
            line.lock().unwrap_or_else(PoisonError::into_inner).status = None;
        }
    }

    fn answered(&self, progress: &PollProgress) {
        if let Some(line) = &self.line {
            let mut line = line.lock().unwrap_or_else(PoisonError::into_inner);
            line.status = Some((progress.status.to_string(), progress.polls));
            draw(&mut line);
        }
    }
}
