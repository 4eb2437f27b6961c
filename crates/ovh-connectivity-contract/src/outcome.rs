//! What a check found: pass, fail or skip, with a message and drift warnings.

/// How a check ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Verdict {
    /// The server did what the contract says.
    Pass,
    /// It did not; the message says where.
    Fail,
    /// The check could not run here (no credentials, writes not allowed...).
    Skip,
}

/// What one check found.
#[derive(Clone, Debug, serde::Serialize)]
#[non_exhaustive]
pub struct Outcome {
    /// Pass, fail or skip.
    pub verdict: Verdict,
    /// What happened, or what went wrong and where.
    pub message: String,
    /// Drift: fields the wire types do not know (the real API grows). Never a failure.
    pub warnings: Vec<String>,
    /// How many requests the check's async tasks took, when it polled.
    pub polls: Option<u32>,
}

impl Outcome {
    pub(crate) fn pass(message: impl Into<String>) -> Self {
        Self { verdict: Verdict::Pass, message: message.into(), warnings: Vec::new(), polls: None }
    }

    pub(crate) fn fail(message: impl Into<String>) -> Self {
        Self { verdict: Verdict::Fail, message: message.into(), warnings: Vec::new(), polls: None }
    }

    pub(crate) fn skip(message: impl Into<String>) -> Self {
        Self { verdict: Verdict::Skip, message: message.into(), warnings: Vec::new(), polls: None }
    }
}

impl From<Result<Outcome, String>> for Outcome {
    fn from(result: Result<Outcome, String>) -> Self {
        result.unwrap_or_else(Outcome::fail)
    }
}
