//! The offer catalogue, as the guide prints it (codes, names, providers, rates), with the SDSL
//! offers the 2020 guide and the schema's `SDSL` type still carry, and the eligibility of each
//! from the copper model or the building's fibre.

use std::sync::OnceLock;

use serde_json::value::RawValue;

use super::answers::{Message, Offer, OfferEligibility, Product};
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

fn too_much_attenuation() -> Message {
    Message::new("TOO_MUCH_ATTENUATION", "Too much attenuation to deliver the product.")
}

/// A KOSC copper product.
fn copper_product(code: String, name: String, kind: &'static str, rates: (f64, f64), pairs: u8, full: bool) -> Product {
    let guaranteed = kind == "SDSL";
    Product {
        code,
        name,
        product_type: kind,
        download_rate: rates.0,
        upload_rate: rates.1,
        guaranteed,
        grt: if guaranteed { &["4ho", "4hno"] } else { &[] },
        pairs: Some(pairs),
        provider: "KOSC",
        operator: "KOSC",
        unbundling_type: Some(if full { "full" } else { "partial" }),
    }
}

fn fiber_product(code: &str, name: &str, up: f64, provider: &'static str) -> Product {
    Product {
        code: code.to_owned(),
        name: name.to_owned(),
        product_type: "FTTH",
        download_rate: 1000.0,
        upload_rate: up,
        guaranteed: false,
        grt: &[],
        pairs: None,
        provider,
        operator: provider,
        unbundling_type: None,
    }
}

/// The catalogue, each product written to JSON once.
fn catalogue() -> &'static [(String, Box<RawValue>)] {
    static CATALOGUE: OnceLock<Vec<(String, Box<RawValue>)>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let copper = |code: &str, name: &str, kind, full| {
            copper_product(code.to_owned(), name.to_owned(), kind, (20.0, 1.0), 1, full)
        };
        let mut products = vec![
            copper("ADSL-MAX_SHARED", "ADSL-Max with shared unbundling", "ADSL", false),
            copper("ADSL-MAX_FULL", "ADSL-Max full unbundling", "ADSL", true),
            copper("VDSL-MAX_SHARED", "VDSL-Max with shared unbundling", "VDSL", false),
            copper("VDSL-MAX_FULL", "VDSL-Max with full unbundling", "VDSL", true),
        ];
        for pairs in [1u8, 2, 4] {
            let name = format!("SDSL 1 Mbit/s guaranteed on {pairs} pair{}", if pairs > 1 { "s" } else { "" });
            products.push(copper_product(format!("SDSL-1M-{pairs}P"), name, "SDSL", (1.0, 1.0), pairs, true));
        }
        products.push(fiber_product("FTTH-MAX-1G", "FTTH Max 1G", 300.0, "SFR"));
        products.push(fiber_product("PROFIBER", "PRO FIBER with 1G download and 800M upload", 800.0, "KOSC"));
        products
            .into_iter()
            .map(|product| {
                let json = serde_json::to_string(&product).expect("products serialize");
                (product.code, RawValue::from_string(json).expect("valid JSON"))
            })
            .collect()
    })
}

/// A product of the catalogue, as JSON.
fn product(code: &str) -> &'static RawValue {
    let (_, json) = catalogue().iter().find(|(c, _)| c == code).expect("a product of the catalogue");
    json
}

fn eligibility(
    eligible: bool,
    activation_types: &'static [&'static str],
    rates: Option<copper::Rates>,
    reasons: Vec<Message>,
) -> OfferEligibility {
    OfferEligibility {
        eligible,
        activation_types,
        estimated_download_rate: Some(rates.map_or(0.0, |r| r.down)),
        estimated_upload_rate: Some(rates.map_or(0.0, |r| r.up)),
        reasons,
        under_conditions: Vec::new(),
        multi_otp: None,
    }
}

/// The copper offers of a line: ADSL, VDSL and SDSL, eligible first, with the reasons of the
/// others.
pub(crate) fn copper_offers(line: &LineInfo, request: CopperRequest, shared_available: bool) -> Vec<Offer> {
    let attenuation = copper::attenuation_db(&line.sections);
    let adsl = copper::adsl(attenuation);
    let vdsl = copper::vdsl(attenuation);
    let full_activation: &'static [&'static str] = match request {
        CopperRequest::ActiveLine => &["create", "activate"],
        CopperRequest::InactiveLine => &["create"],
        CopperRequest::Neighbour => &["createNeighbour"],
    };
    let shared = |rates: Option<copper::Rates>| match (request, rates) {
        (CopperRequest::ActiveLine, Some(rates)) if shared_available => {
            eligibility(true, &["activate"], Some(rates), vec![])
        }
        (CopperRequest::ActiveLine, Some(_)) => eligibility(
            false,
            &["activate"],
            None,
            vec![Message::new("COPPER_NOT_YET_AVAILABLE", "Copper not currently available in this area.")],
        ),
        (CopperRequest::ActiveLine, None) => eligibility(false, &["activate"], None, vec![too_much_attenuation()]),
        (CopperRequest::InactiveLine | CopperRequest::Neighbour, _) => eligibility(
            false,
            &["activate"],
            None,
            vec![Message::new("COPPER_NOT_AVAILABLE", "Shared unbundling needs an active telephone line.")],
        ),
    };
    let full = |rates: Option<copper::Rates>| match rates {
        Some(rates) => eligibility(true, full_activation, Some(rates), vec![]),
        None => eligibility(false, full_activation, None, vec![too_much_attenuation()]),
    };
    let mut offers = vec![
        Offer { product: product("ADSL-MAX_SHARED"), eligibility: shared(adsl) },
        Offer { product: product("ADSL-MAX_FULL"), eligibility: full(adsl) },
        Offer { product: product("VDSL-MAX_SHARED"), eligibility: shared(vdsl) },
        Offer { product: product("VDSL-MAX_FULL"), eligibility: full(vdsl) },
    ];
    for pairs in [1u8, 2, 4] {
        let eligibility = if attenuation > copper::sdsl_reach_db(pairs, 1) {
            eligibility(false, full_activation, None, vec![too_much_attenuation()])
        } else if line.available_pairs < pairs {
            let message = format!("Not enough free pairs: {pairs} needed, {} available.", line.available_pairs);
            eligibility(false, full_activation, None, vec![Message::new("PAIRS_SATURATION", message)])
        } else {
            eligibility(true, full_activation, Some(copper::Rates { down: 1.0, up: 1.0 }), vec![])
        };
        let code = ["SDSL-1M-1P", "SDSL-1M-2P", "SDSL-1M-4P"][usize::from(pairs / 2)];
        offers.push(Offer { product: product(code), eligibility });
    }
    // Eligible offers first, as the answer is read (a stable sort keeps the catalogue order).
    offers.sort_by_key(|offer| !offer.eligibility.eligible);
    offers
}

/// The fibre offers of a building: eligible where it has FTTH, not yet deployed elsewhere.
pub(crate) fn fiber_offers(fiber: bool) -> Vec<Offer> {
    let fiber_eligibility = |conditions: Vec<Message>| OfferEligibility {
        eligible: fiber,
        activation_types: &[],
        estimated_download_rate: None,
        estimated_upload_rate: None,
        reasons: if fiber {
            Vec::new()
        } else {
            vec![Message::new("FIBER_NOT_YET_DEPLOYED", "Fiber is not yet deployed in this building.")]
        },
        under_conditions: if fiber { conditions } else { Vec::new() },
        multi_otp: Some(false),
    };
    vec![
        Offer {
            product: product("FTTH-MAX-1G"),
            eligibility: fiber_eligibility(vec![Message::new("DELAY_7", "Installation within 7 days.")]),
        },
        Offer { product: product("PROFIBER"), eligibility: fiber_eligibility(Vec::new()) },
    ]
}
