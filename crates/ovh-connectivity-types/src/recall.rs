//! Eligibility recalls (`/connectivity/eligibility/recall`, 2026 schema).

use serde::{Deserialize, Serialize};

use crate::ReferenceType;

/// A request to be called back (`connectivity.eligibility.EligibilityRecall`), answered by
/// `GET`, `POST /connectivity/eligibility/recall` and `GET`, `PUT .../recall/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(any(test, feature = "arbitrary"), derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct EligibilityRecall {
    /// Identifier.
    pub id: i64,
    /// The reference to be recalled about.
    pub reference: String,
    /// What the reference is.
    pub reference_type: ReferenceType,
    /// Customer account.
    pub customer: String,
    /// Creation date.
    pub creation_date: String,
    /// Last update.
    pub updated_date: String,
    /// Whether the recall was done.
    pub completed: bool,
    /// When the recall was done.
    #[serde(default)]
    pub completed_date: Option<String>,
    /// Interested in Pro Fiber.
    pub profiber_request: bool,
    /// Interested in dedicated fiber.
    pub dedicatedfiber_request: bool,
}
