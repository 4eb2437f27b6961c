//! The offer catalogue, as the guide prints it (codes, names, providers, rates), with the SDSL
//! offers the 2020 guide and the schema's `SDSL` type still carry, and the eligibility of each
//! from the copper model or the building's fibre.
//!
//! The world never contradicts itself (`fixtures/world/README.md` says how, the property tests
//! in `contradictions.rs` check it): an estimate never exceeds its product's rate, a reason never denies
//! what the endpoint beside it shows, and each reason code has one message.

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

/// What a line's exchange (NRA) offers: a property of the exchange, so every line of it agrees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Exchange {
    /// KOSC's copper is there, with or without shared unbundling.
    Open { shared: bool },
    /// KOSC's copper is not there yet: every copper offer waits for this date (RFC 3339).
    NotYetOpen { opening: String },
}

/// Every reason and condition the world gives, each with its one code and one message.
///
/// Codes are the schema's `MessageCodeEnum`. Where a fixture (the guide) uses a code, the world
/// uses it with the fixture's text and meaning; a world reason of another meaning takes another
/// code of the enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The line is too long for the product (the guide's text).
    TooMuchAttenuation,
    /// The line's exchange does not have KOSC's copper yet: no copper offer there, until the
    /// date (the guide's text).
    CopperNotYetAvailable { from: String },
    /// No copper reaches the address: a new building (the text of the fixture
    /// `test/address/new-building-no-copper`).
    NoCopper,
    /// Shared unbundling rides on the line's telephone service, which an inactive line lacks.
    SharedNeedsActiveLine,
    /// The line's exchange (NRA) does not offer shared unbundling; full unbundling is decided
    /// on its own.
    SharedNotAtExchange,
    /// The product needs more free pairs than the line has.
    PairsSaturation { needed: u8, available: u8 },
    /// The building has no fibre yet.
    FiberNotYetDeployed,
    /// A condition of a fibre offer.
    InstallationWithin7Days,
    /// Portability: the current operator holds the line (the guide's text, in French).
    OperatorHoldsLine,
}

impl Reason {
    /// The schema's code.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Reason::TooMuchAttenuation => "TOO_MUCH_ATTENUATION",
            Reason::CopperNotYetAvailable { .. } => "COPPER_NOT_YET_AVAILABLE",
            Reason::NoCopper => "COPPER_NOT_AVAILABLE",
            Reason::SharedNeedsActiveLine => "INCOMPATIBLE_LOCAL_LOOP",
            Reason::SharedNotAtExchange => "PRODUCT_NOT_AVAILABLE",
            Reason::PairsSaturation { .. } => "PAIRS_SATURATION",
            Reason::FiberNotYetDeployed => "FIBER_NOT_YET_DEPLOYED",
            Reason::InstallationWithin7Days => "DELAY_7",
            Reason::OperatorHoldsLine => "3049",
        }
    }

    /// The message, as the API words it.
    pub(crate) fn message(self) -> Message {
        let code = self.code();
        let text = match &self {
            Reason::TooMuchAttenuation => "Too much attenuation to deliver the product.".into(),
            Reason::CopperNotYetAvailable { .. } => "Copper not currently available in this area.".into(),
            Reason::NoCopper => "Copper is not available at this address.".into(),
            Reason::SharedNeedsActiveLine => "Shared unbundling needs an active telephone line.".into(),
            Reason::SharedNotAtExchange => "Shared unbundling is not offered at this line's exchange.".into(),
            Reason::PairsSaturation { needed, available } => {
                format!("Not enough free pairs: {needed} needed, {available} available.")
            }
            Reason::FiberNotYetDeployed => "Fiber is not yet deployed in this building.".into(),
            Reason::InstallationWithin7Days => "Installation within 7 days.".into(),
            Reason::OperatorHoldsLine => "L opérateur détient le parc à modifier".into(),
        };
        let availability_date = match self {
            Reason::CopperNotYetAvailable { from } => Some(from),
            _ => None,
        };
        Message { availability_date, ..Message::new(code, text) }
    }
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

/// A product of the catalogue: its code, its rates and its JSON.
struct Listed {
    code: String,
    rates: copper::Rates,
    json: Box<RawValue>,
}

/// The catalogue, each product written to JSON once.
fn catalogue() -> &'static [Listed] {
    static CATALOGUE: OnceLock<Vec<Listed>> = OnceLock::new();
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
                Listed {
                    rates: copper::Rates { down: product.download_rate, up: product.upload_rate },
                    code: product.code,
                    json: RawValue::from_string(json).expect("valid JSON"),
                }
            })
            .collect()
    })
}

/// A product of the catalogue.
fn listed(code: &str) -> &'static Listed {
    catalogue().iter().find(|listed| listed.code == code).expect("a product of the catalogue")
}

/// A copper offer: the product, and its eligibility from the line's rates for its technology
/// (`None`: out of reach) and the other reasons against it. Eligible when nothing is against
/// it; the estimate is what the line carries, capped at the product's own rates (a product
/// sold at 20/1 Mbit/s never delivers more).
fn copper_offer(
    code: &str,
    activation_types: &'static [&'static str],
    line_rates: Option<copper::Rates>,
    mut reasons: Vec<Reason>,
) -> Offer {
    let listed = listed(code);
    if line_rates.is_none() {
        reasons.push(Reason::TooMuchAttenuation);
    }
    let estimate = match line_rates {
        Some(rates) if reasons.is_empty() => {
            copper::Rates { down: rates.down.min(listed.rates.down), up: rates.up.min(listed.rates.up) }
        }
        _ => copper::Rates { down: 0.0, up: 0.0 },
    };
    Offer {
        product: &listed.json,
        eligibility: OfferEligibility {
            eligible: reasons.is_empty(),
            activation_types,
            estimated_download_rate: Some(estimate.down),
            estimated_upload_rate: Some(estimate.up),
            reasons: reasons.into_iter().map(Reason::message).collect(),
            under_conditions: Vec::new(),
            multi_otp: None,
        },
    }
}

/// The copper offers of a line: ADSL, VDSL and SDSL, eligible first, with the reasons of the
/// others, as the line's exchange allows.
///
/// A neighbour-line creation (`test/address`) gets no shared-unbundling offer: the line it
/// creates carries no telephone service to share, and the guide's own address answers list
/// full unbundling only.
pub(crate) fn copper_offers(line: &LineInfo, request: CopperRequest, exchange: &Exchange) -> Vec<Offer> {
    let attenuation = copper::attenuation_db(&line.sections);
    let adsl = copper::adsl(attenuation);
    let vdsl = copper::vdsl(attenuation);
    let full_activation: &'static [&'static str] = match request {
        CopperRequest::ActiveLine => &["create", "activate"],
        CopperRequest::InactiveLine => &["create"],
        CopperRequest::Neighbour => &["createNeighbour"],
    };
    // Against every copper offer: an exchange KOSC has not opened yet.
    let area: Vec<Reason> = match exchange {
        Exchange::Open { .. } => vec![],
        Exchange::NotYetOpen { opening } => vec![Reason::CopperNotYetAvailable { from: opening.clone() }],
    };
    let shared_reason = match (request, exchange) {
        (CopperRequest::ActiveLine, Exchange::Open { shared: false }) => Some(Some(Reason::SharedNotAtExchange)),
        (CopperRequest::ActiveLine, _) => Some(None),
        (CopperRequest::InactiveLine, _) => Some(Some(Reason::SharedNeedsActiveLine)),
        (CopperRequest::Neighbour, _) => None,
    };
    let mut offers = Vec::with_capacity(7);
    for (technology, rates) in [("ADSL", adsl), ("VDSL", vdsl)] {
        if let Some(reason) = &shared_reason {
            let reasons = area.iter().cloned().chain(reason.clone()).collect();
            offers.push(copper_offer(&format!("{technology}-MAX_SHARED"), &["activate"], rates, reasons));
        }
        offers.push(copper_offer(&format!("{technology}-MAX_FULL"), full_activation, rates, area.clone()));
    }
    for pairs in [1u8, 2, 4] {
        let reach = (attenuation <= copper::sdsl_reach_db(pairs, 1)).then_some(copper::Rates { down: 1.0, up: 1.0 });
        let mut reasons = area.clone();
        // Every reason that holds is listed: a line too long for the product and short of
        // pairs says both.
        if line.available_pairs < pairs {
            reasons.push(Reason::PairsSaturation { needed: pairs, available: line.available_pairs });
        }
        offers.push(copper_offer(&format!("SDSL-1M-{pairs}P"), full_activation, reach, reasons));
    }
    // Eligible offers first, as the answer is read (a stable sort keeps the catalogue order).
    offers.sort_by_key(|offer| !offer.eligibility.eligible);
    offers
}

/// The copper offers of an address no copper reaches (a new building): the offers a
/// neighbour-line creation could give, none eligible, as the fixture
/// `test/address/new-building-no-copper` answers.
pub(crate) fn no_copper_offers() -> Vec<Offer> {
    ["ADSL-MAX_FULL", "VDSL-MAX_FULL", "SDSL-1M-1P", "SDSL-1M-2P", "SDSL-1M-4P"]
        .into_iter()
        .map(|code| Offer {
            product: &listed(code).json,
            eligibility: OfferEligibility {
                eligible: false,
                activation_types: &["createNeighbour"],
                estimated_download_rate: None,
                estimated_upload_rate: None,
                reasons: vec![Reason::NoCopper.message()],
                under_conditions: Vec::new(),
                multi_otp: None,
            },
        })
        .collect()
}

/// The fibre offers of a building: eligible where it has FTTH, not yet deployed elsewhere.
pub(crate) fn fiber_offers(fiber: bool) -> Vec<Offer> {
    let fiber_eligibility = |conditions: Vec<Reason>| OfferEligibility {
        eligible: fiber,
        activation_types: &[],
        estimated_download_rate: None,
        estimated_upload_rate: None,
        reasons: if fiber { Vec::new() } else { vec![Reason::FiberNotYetDeployed.message()] },
        under_conditions: if fiber { conditions.into_iter().map(Reason::message).collect() } else { Vec::new() },
        multi_otp: Some(false),
    };
    vec![
        Offer {
            product: &listed("FTTH-MAX-1G").json,
            eligibility: fiber_eligibility(vec![Reason::InstallationWithin7Days]),
        },
        Offer { product: &listed("PROFIBER").json, eligibility: fiber_eligibility(Vec::new()) },
    ]
}
