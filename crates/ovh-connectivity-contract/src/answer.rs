//! One answer as the suite saw it: status, the headers checks read, and the exact body.

use serde_json::Value;

/// One answer, as received.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) allow: Option<String>,
    pub(crate) query_id: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body)
            .map_err(|e| format!("HTTP {} answer is not JSON ({e}): {}", self.status, self.text()))
    }

    /// The body for a message, cut to a readable length.
    pub(crate) fn text(&self) -> String {
        abbreviate(&String::from_utf8_lossy(&self.body))
    }

    /// The task status of an async answer.
    pub(crate) fn task_status(&self) -> Result<String, String> {
        let json = self.json()?;
        json.get("status")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("not an async task (no `status`): {}", self.text()))
    }
}

/// `text` cut to 200 characters, for messages.
pub(crate) fn abbreviate(text: &str) -> String {
    const SHOWN: usize = 200;
    if text.chars().count() > SHOWN {
        format!("{}…", text.chars().take(SHOWN).collect::<String>())
    } else {
        text.to_owned()
    }
}
