//! Settings that change while the mock runs: latency, `pending` count, injected faults,
//! strictness and the world. They start from [`CoreConfig::settings`](crate::CoreConfig), change through
//! `PUT /__admin/settings` (the dashboard's form), and go back with
//! `POST /__admin/settings/reset`. Each API request reads them once, when it arrives.

use http::StatusCode;
use ovh_connectivity_fixtures::Latency;
use serde::{Deserialize, Serialize};

/// What the API answers with, for new requests: the same type at start (the library's
/// configuration, the binary's flags) and in `PUT /__admin/settings` (its JSON form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Settings {
    /// Latency added to every answer (a fixture's own wins): `300` or `[100, 800]` ms.
    pub latency_ms: Option<Latency>,
    /// `pending` answers before the final one, for every task, instead of each fixture's.
    pub pending: Option<u32>,
    /// A fault injected into API answers.
    pub fault: Option<Fault>,
    /// The share of API requests the fault hits, 0 to 100.
    pub fault_percent: u8,
    /// 404 to requests no fixture covers (the world is then off).
    pub strict: bool,
    /// The world answers what no fixture covers.
    pub world: bool,
}

impl Default for Settings {
    /// No latency, each fixture's own `pending`, no fault (100 % once one is set), not strict,
    /// the world on.
    fn default() -> Self {
        Self { latency_ms: None, pending: None, fault: None, fault_percent: 100, strict: false, world: true }
    }
}

impl Settings {
    /// Whether the world answers (it never does in strict mode).
    pub fn world_answers(&self) -> bool {
        self.world && !self.strict
    }

    /// Reads a `PUT /__admin/settings` body: every field, nothing else.
    ///
    /// # Errors
    ///
    /// The message says what a body must hold, or which value is out of range.
    pub fn from_json(body: &[u8]) -> Result<Self, String> {
        let settings: Self = serde_json::from_slice(body).map_err(|error| {
            format!(
                "Expected every setting: {{\"latencyMs\":null|300|[100,800],\"pending\":null|N,\"fault\":null|\"drop\"|\"slow-body\"|503,\"faultPercent\":0-100,\"strict\":false,\"world\":true}}: {error}"
            )
        })?;
        if settings.fault_percent > 100 {
            return Err(format!("faultPercent is a percentage (0 to 100), not {}", settings.fault_percent));
        }
        if let Some(Latency::Range(low, high)) = settings.latency_ms
            && low > high
        {
            return Err(format!("latencyMs [{low}, {high}]: the minimum is above the maximum"));
        }
        Ok(settings)
    }

    /// One line for the log: what differs from `before`.
    pub(crate) fn changes_from(&self, before: &Self) -> String {
        let mut changes = Vec::new();
        if self.latency_ms != before.latency_ms {
            changes.push(format!("latency {}", latency_text(self.latency_ms)));
        }
        if self.pending != before.pending {
            changes.push(match self.pending {
                Some(count) => format!("pending {count}"),
                None => "pending per fixture".to_owned(),
            });
        }
        if self.fault != before.fault || self.fault_percent != before.fault_percent {
            changes.push(match self.fault {
                Some(fault) => format!("fault {} on {} %", fault.name(), self.fault_percent),
                None => "no fault".to_owned(),
            });
        }
        if self.strict != before.strict {
            changes.push(format!("strict {}", on_off(self.strict)));
        }
        if self.world != before.world {
            changes.push(format!("world {}", on_off(self.world)));
        }
        if changes.is_empty() { "no change".to_owned() } else { changes.join(", ") }
    }
}

fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

fn latency_text(latency: Option<Latency>) -> String {
    match latency {
        None => "none".to_owned(),
        Some(Latency::Fixed(ms)) => format!("{ms} ms"),
        Some(Latency::Range(low, high)) => format!("{low}..{high} ms"),
    }
}

/// A fault asked for with the `X-Mock-Fault` header or the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FaultName", into = "FaultName")]
#[non_exhaustive]
pub enum Fault {
    /// `drop`: close the connection without answering.
    Drop,
    /// `slow-body`: send the answer in small chunks with pauses.
    SlowBody,
    /// A status code (`503`): answer it with an OVH server error.
    Status(StatusCode),
}

impl Fault {
    /// What a fault may be, for error messages.
    pub const ACCEPTED: &'static str = "\"drop\", \"slow-body\" or an error status from 400 to 599";

    /// Reads `drop`, `slow-body` or an error status (400 to 599).
    pub fn parse(text: &str) -> Option<Self> {
        // Names in any case, as header values are often typed (`DROP`).
        match text.trim().to_ascii_lowercase().as_str() {
            "drop" => Some(Self::Drop),
            "slow-body" => Some(Self::SlowBody),
            other => other.parse::<u16>().ok().and_then(Self::status),
        }
    }

    fn status(code: u16) -> Option<Self> {
        (400..=599).contains(&code).then(|| StatusCode::from_u16(code).ok().map(Self::Status)).flatten()
    }

    fn name(self) -> String {
        match self {
            Self::Drop => "drop".to_owned(),
            Self::SlowBody => "slow-body".to_owned(),
            Self::Status(status) => status.as_u16().to_string(),
        }
    }
}

/// How a fault is written in JSON: `"drop"`, `"slow-body"` or a number.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum FaultName {
    Name(String),
    Status(u16),
}

impl TryFrom<FaultName> for Fault {
    type Error = String;

    fn try_from(name: FaultName) -> Result<Self, String> {
        let fault = match &name {
            FaultName::Name(text) => Self::parse(text),
            FaultName::Status(code) => Self::status(*code),
        };
        fault.ok_or_else(|| format!("a fault is {}", Fault::ACCEPTED))
    }
}

impl From<Fault> for FaultName {
    fn from(fault: Fault) -> Self {
        match fault {
            Fault::Drop => Self::Name("drop".to_owned()),
            Fault::SlowBody => Self::Name("slow-body".to_owned()),
            Fault::Status(status) => Self::Status(status.as_u16()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_refuse_what_they_cannot_mean() {
        let text = br#"{"latencyMs":[100,800],"pending":3,"fault":503,"faultPercent":50,"strict":false,"world":true}"#;
        let settings = Settings::from_json(text).unwrap();
        assert_eq!(settings.fault, Some(Fault::Status(StatusCode::SERVICE_UNAVAILABLE)));
        assert_eq!(serde_json::to_vec(&settings).unwrap(), text);
        let slow =
            br#"{"latencyMs":300,"pending":null,"fault":"slow-body","faultPercent":100,"strict":true,"world":true}"#;
        let slow = Settings::from_json(slow).unwrap();
        assert!(!slow.world_answers());
        assert_eq!(
            slow.changes_from(&settings),
            "latency 300 ms, pending per fixture, fault slow-body on 100 %, strict on"
        );
        for bad in [
            r#"{"latencyMs":null,"pending":null,"fault":null,"faultPercent":101,"strict":false,"world":true}"#,
            r#"{"latencyMs":[9,1],"pending":null,"fault":null,"faultPercent":0,"strict":false,"world":true}"#,
            r#"{"latencyMs":null,"pending":null,"fault":200,"faultPercent":0,"strict":false,"world":true}"#,
            r#"{"latencyMs":null,"pending":null,"fault":"boom","faultPercent":0,"strict":false,"world":true}"#,
            r#"{"latencyMs":null,"pending":-1,"fault":null,"faultPercent":0,"strict":false,"world":true}"#,
            r#"{"latencyMs":null,"pending":null,"fault":null,"faultPercent":0,"strict":false}"#,
            r#"{"latencyMs":null,"pending":null,"fault":null,"faultPercent":0,"strict":false,"world":true,"x":1}"#,
        ] {
            assert!(Settings::from_json(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn header_faults_are_drop_slow_body_or_an_error_status() {
        assert_eq!(Fault::parse(" drop "), Some(Fault::Drop));
        assert_eq!(Fault::parse("slow-body"), Some(Fault::SlowBody));
        assert_eq!(Fault::parse("502"), Some(Fault::Status(StatusCode::BAD_GATEWAY)));
        assert_eq!(Fault::parse("200"), None);
        assert_eq!(Fault::parse("x"), None);
    }
}
