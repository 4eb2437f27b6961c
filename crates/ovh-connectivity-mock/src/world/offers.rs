//! The offer catalogue, as the guide prints it (codes, names, providers, rates), with the SDSL
//! offers the 2020 guide and the schema's `SDSL` type still carry, and the eligibility of each
//! from the copper model or the building's fibre.

use serde_json::{Value, json};

use super::copper;
use super::geometry::LineInfo;

/// How a copper test is asked: for an existing line (`test/line`), or for a new line next to
/// an address (`test/address`, "createNeighbour").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CopperRequest {
    ActiveLine,
    InactiveLine,
    Neighbour,
}

/// A rate as the API writes it: whole numbers without a fraction (`20`, not `20.0`).
fn rate(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 { json!(value as i64) } else { json!(value) }
}

fn reason(code: &str, message: &str) -> Value {
    json!({"code": code, "message": message, "availabilityDate": null})
}

fn too_much_attenuation() -> Value {
    reason("TOO_MUCH_ATTENUATION", "Too much attenuation to deliver the product.")
}

fn product(
    code: &str,
    name: &str,
    kind: &str,
    down: f64,
    up: f64,
    pairs: Option<u8>,
    unbundling: Option<&str>,
) -> Value {
    let guaranteed = kind == "SDSL";
    json!({
        "code": code,
        "name": name,
        "type": kind,
        "downloadRate": rate(down),
        "uploadRate": rate(up),
        "guaranteed": guaranteed,
        "grt": if guaranteed { json!(["4ho", "4hno"]) } else { json!([]) },
        "pairs": pairs,
        "provider": "KOSC",
        "operator": "KOSC",
        "unbundlingType": unbundling,
    })
}

fn eligibility(eligible: bool, activation: &[&str], rates: Option<copper::Rates>, reasons: Vec<Value>) -> Value {
    json!({
        "eligible": eligible,
        "activationTypes": activation,
        "estimatedDownloadRate": rates.map_or(json!(0), |r| rate(r.down)),
        "estimatedUploadRate": rates.map_or(json!(0), |r| rate(r.up)),
        "reasons": reasons,
        "underConditions": [],
        "multiOtp": null,
    })
}

/// The copper offers of a line: ADSL, VDSL and SDSL, eligible or not, with the reasons.
pub(crate) fn copper_offers(line: &LineInfo, request: CopperRequest, shared_available: bool) -> Vec<Value> {
    let attenuation = copper::attenuation_db(&line.sections);
    let adsl = copper::adsl(attenuation);
    let vdsl = copper::vdsl(attenuation);
    let full_activation: &[&str] = match request {
        CopperRequest::ActiveLine => &["create", "activate"],
        CopperRequest::InactiveLine => &["create"],
        CopperRequest::Neighbour => &["createNeighbour"],
    };
    let shared = |rates: Option<copper::Rates>| -> Value {
        match (request, rates) {
            (CopperRequest::ActiveLine, Some(rates)) if shared_available => {
                eligibility(true, &["activate"], Some(rates), vec![])
            }
            (CopperRequest::ActiveLine, Some(_)) => eligibility(
                false,
                &["activate"],
                None,
                vec![reason("COPPER_NOT_YET_AVAILABLE", "Copper not currently available in this area.")],
            ),
            (CopperRequest::ActiveLine, None) => eligibility(false, &["activate"], None, vec![too_much_attenuation()]),
            (CopperRequest::InactiveLine | CopperRequest::Neighbour, _) => eligibility(
                false,
                &["activate"],
                None,
                vec![reason("COPPER_NOT_AVAILABLE", "Shared unbundling needs an active telephone line.")],
            ),
        }
    };
    let full = |rates: Option<copper::Rates>| -> Value {
        match rates {
            Some(rates) => eligibility(true, full_activation, Some(rates), vec![]),
            None => eligibility(false, full_activation, None, vec![too_much_attenuation()]),
        }
    };
    let mut offers = vec![
        json!({"product": product("ADSL-MAX_SHARED", "ADSL-Max with shared unbundling", "ADSL", 20.0, 1.0, Some(1), Some("partial")), "eligibility": shared(adsl)}),
        json!({"product": product("ADSL-MAX_FULL", "ADSL-Max full unbundling", "ADSL", 20.0, 1.0, Some(1), Some("full")), "eligibility": full(adsl)}),
        json!({"product": product("VDSL-MAX_SHARED", "VDSL-Max with shared unbundling", "VDSL", 20.0, 1.0, Some(1), Some("partial")), "eligibility": shared(vdsl)}),
        json!({"product": product("VDSL-MAX_FULL", "VDSL-Max with full unbundling", "VDSL", 20.0, 1.0, Some(1), Some("full")), "eligibility": full(vdsl)}),
    ];
    for pairs in [1u8, 2, 4] {
        let reach = copper::sdsl_reach_db(pairs, 1);
        let rates = copper::Rates { down: 1.0, up: 1.0 };
        let eligibility = if attenuation > reach {
            eligibility(false, full_activation, None, vec![too_much_attenuation()])
        } else if line.available_pairs < pairs {
            eligibility(
                false,
                full_activation,
                None,
                vec![reason(
                    "PAIRS_SATURATION",
                    &format!("Not enough free pairs: {pairs} needed, {} available.", line.available_pairs),
                )],
            )
        } else {
            eligibility(true, full_activation, Some(rates), vec![])
        };
        let code = format!("SDSL-1M-{pairs}P");
        let name = format!("SDSL 1 Mbit/s guaranteed on {pairs} pair{}", if pairs > 1 { "s" } else { "" });
        offers.push(json!({"product": product(&code, &name, "SDSL", 1.0, 1.0, Some(pairs), Some("full")), "eligibility": eligibility}));
    }
    // Eligible offers first, as the answer is read.
    offers.sort_by_key(|offer| !offer["eligibility"]["eligible"].as_bool().unwrap_or(false));
    offers
}

/// The fibre offers of a building: eligible where it has FTTH, not yet deployed elsewhere.
pub(crate) fn fiber_offers(fiber: bool) -> Vec<Value> {
    let fiber_eligibility = |conditions: Vec<Value>| {
        if fiber {
            json!({"eligible": true, "activationTypes": [], "estimatedDownloadRate": null, "estimatedUploadRate": null, "reasons": [], "underConditions": conditions, "multiOtp": false})
        } else {
            json!({"eligible": false, "activationTypes": [], "estimatedDownloadRate": null, "estimatedUploadRate": null, "reasons": [reason("FIBER_NOT_YET_DEPLOYED", "Fiber is not yet deployed in this building.")], "underConditions": [], "multiOtp": false})
        }
    };
    vec![
        json!({
            "product": {"code": "FTTH-MAX-1G", "name": "FTTH Max 1G", "type": "FTTH", "downloadRate": 1000, "uploadRate": 300, "guaranteed": false, "grt": [], "pairs": null, "provider": "SFR", "operator": "SFR", "unbundlingType": null},
            "eligibility": fiber_eligibility(vec![reason("DELAY_7", "Installation within 7 days.")]),
        }),
        json!({
            "product": {"code": "PROFIBER", "name": "PRO FIBER with 1G download and 800M upload", "type": "FTTH", "downloadRate": 1000, "uploadRate": 800, "guaranteed": false, "grt": [], "pairs": null, "provider": "KOSC", "operator": "KOSC", "unbundlingType": null},
            "eligibility": fiber_eligibility(vec![]),
        }),
    ]
}
