//! A downstream library that uses the types crate alone (serde only): it builds requests and
//! reads answers; its callers bring the HTTP and the JSON.

use ovh_connectivity_types::{EligibilityTest, LineStatus, TestLineRequest};

/// The request that tests an active line.
pub fn line_request(number: &str) -> TestLineRequest {
    TestLineRequest::new(number, LineStatus::Active)
}

/// The codes of the offers a test found eligible.
pub fn eligible_codes(test: &EligibilityTest) -> Vec<&str> {
    test.offers.iter().filter(|offer| offer.eligibility.eligible).map(|offer| offer.product.code.as_str()).collect()
}
