//! Incidents (`/connectivity/monitoring/genericIncident/*`).

use serde::{Deserialize, Serialize};

use crate::{GenericIncidentStatus, Operator};

/// A generic incident (`connectivity.monitoring.GenericIncident`), answered by
/// `GET /connectivity/monitoring/genericIncident/public` and `.../partners`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct GenericIncident {
    /// Identifier.
    pub id: i64,
    /// Creation date.
    pub creation_date: String,
    /// Departments impacted.
    pub departments: Vec<String>,
    /// Copper distribution frames impacted.
    pub nra: Vec<String>,
    /// Operators impacted.
    pub operators: Vec<Operator>,
    /// Status.
    pub status: GenericIncidentStatus,
    /// Technologies impacted (2026 schema; older answers leave it out, and `None` stays
    /// absent when written back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technologies: Option<Vec<String>>,
    /// Comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// Type of fault (2026 schema).
    #[serde(default)]
    pub default: Option<String>,
    /// End date.
    #[serde(default)]
    pub end_date: Option<String>,
    /// Estimated resolution date.
    #[serde(default)]
    pub estimated_resolution_date: Option<String>,
    /// Whether the incident is national.
    #[serde(default)]
    pub is_national: Option<bool>,
    /// Nature (2026 schema).
    #[serde(default)]
    pub nature: Option<String>,
    /// Task id.
    #[serde(default)]
    pub task_id: Option<i64>,
    /// Task reference.
    #[serde(default)]
    pub task_reference: Option<String>,
}
