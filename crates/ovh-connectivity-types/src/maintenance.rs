//! Planned works (`/connectivity/maintenance/workPlanned/*`).

use serde::{Deserialize, Serialize};

use crate::{InterventionType, Operator};

/// A planned work (`connectivity.maintenance.WorkPlanned`), answered by
/// `GET /connectivity/maintenance/workPlanned/public` and `.../partners`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct WorkPlanned {
    /// Identifier.
    pub id: i64,
    /// Start.
    pub date_begin: String,
    /// End.
    pub date_end: String,
    /// Kind of work.
    pub intervention_type: InterventionType,
    /// Operator.
    pub operator: Operator,
    /// Technology.
    pub technology: String,
    /// Departments impacted.
    #[serde(default)]
    pub departments: Option<Vec<String>>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Duration.
    #[serde(default)]
    pub duration: Option<String>,
    /// Whether a fallback date exists.
    #[serde(default)]
    pub fallback: Option<bool>,
    /// Fallback start.
    #[serde(default)]
    pub fallback_date_begin: Option<String>,
    /// Fallback end.
    #[serde(default)]
    pub fallback_date_end: Option<String>,
    /// Impact.
    #[serde(default)]
    pub impact: Option<String>,
    /// Copper distribution frames impacted.
    #[serde(default)]
    pub nras: Option<Vec<String>>,
    /// Zone.
    #[serde(default)]
    pub zone: Option<String>,
}
