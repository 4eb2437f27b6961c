//! Eligibility tests: a line's copper, an address's neighbour line, a building's or an OTP's
//! fibre, each with its endpoint, portability and offers.

use super::answers::*;
use super::geometry::{BuildingInfo, LineInfo};
use super::offers::{self, CopperRequest, Exchange, Reason};
use super::reference::Subject;
use super::{World, WorldAnswer, failed, ok, status_text};
use crate::hash::Salt;

impl World {
    pub(super) fn test(&self, subject: &Subject) -> WorldAnswer {
        match self.eligibility_test(subject) {
            Ok(test) => ok(test),
            Err(message) => failed(&message),
        }
    }

    /// The eligibility test of a subject, or why there is none (the task's error message).
    pub(super) fn eligibility_test(&self, subject: &Subject) -> Result<EligibilityTest, String> {
        let g = &self.geometry;
        let (endpoint, offers) = match subject {
            Subject::Line { number, active } => {
                // The API tests the line with the status asked: a line of the other status is
                // not found, as an unknown number is not (the fixture
                // `test/line/0987654321-inactive-error`).
                let line = g
                    .line(number)
                    .filter(|line| line.active == *active)
                    .ok_or_else(|| format!("No {} line found for number {number}", status_text(*active)))?;
                let request = if line.active { CopperRequest::ActiveLine } else { CopperRequest::InactiveLine };
                let exchange = self.exchange(&line);
                let endpoint = Endpoint {
                    reference: number.clone(),
                    reference_type: "lineNumber",
                    address: self.line_address(&line, false),
                    copper_info: Some(self.copper_info(&line)),
                    fiber_info: None,
                    portability: Some(self.portability(&line)),
                };
                (endpoint, offers::copper_offers(&line, request, &exchange))
            }
            Subject::Address { street_code, number } => {
                let address = self.address(street_code, number).ok_or_else(|| {
                    format!("No address found for street code {street_code} and street number {number}")
                })?;
                match g.lines_at(address).into_iter().next() {
                    // The neighbour's line: its copper and its own status, at its place in the
                    // tested address (building and stair, as its line test shows them).
                    // Portability is the new line's, and a new line has no number to port (the
                    // guide's answer).
                    Some(line) => {
                        let endpoint = Endpoint {
                            reference: line.number.clone(),
                            reference_type: "lineNumber",
                            address: self.line_address(&line, false),
                            copper_info: Some(self.copper_info(&line)),
                            fiber_info: None,
                            portability: Some(Portability {
                                eligibility: PortabilityEligibility {
                                    eligible: false,
                                    reasons: Vec::new(),
                                    under_conditions: Vec::new(),
                                },
                                quarantine_end_date: None,
                                portability_type: None,
                            }),
                        };
                        (endpoint, offers::copper_offers(&line, CopperRequest::Neighbour, &self.exchange(&line)))
                    }
                    // No copper reaches the address (a new building): the answer of the fixture
                    // `test/address/new-building-no-copper`.
                    None => {
                        let building = g.buildings(address).into_iter().next();
                        let endpoint = Endpoint {
                            reference: format!("{street_code}-{number}"),
                            reference_type: "address",
                            address: self.address_out(address, building.as_ref(), None),
                            copper_info: None,
                            fiber_info: None,
                            portability: None,
                        };
                        (endpoint, offers::no_copper_offers())
                    }
                }
            }
            Subject::Building(reference) => {
                let building =
                    g.parse_building_reference(reference).ok_or_else(|| format!("Building {reference} not found"))?;
                (self.fiber_endpoint(reference, "building", &building), offers::fiber_offers(building.fiber))
            }
            Subject::Otp(otp) => {
                let building =
                    g.otp_building(otp).ok_or_else(|| format!("Optical termination point {otp} not found"))?;
                (self.fiber_endpoint(otp, "otp", &building), offers::fiber_offers(true))
            }
        };
        Ok(EligibilityTest { eligibility_reference: subject.mint(&self.secret), endpoint, offers })
    }

    fn fiber_endpoint(&self, reference: &str, kind: &'static str, building: &BuildingInfo) -> Endpoint {
        Endpoint {
            reference: reference.to_owned(),
            reference_type: kind,
            address: self.address_out(building.id.address, Some(building), None),
            copper_info: None,
            fiber_info: building.fiber.then(|| self.fiber_info(building)),
            portability: None,
        }
    }

    fn portability(&self, line: &LineInfo) -> Portability {
        let portable = !self.geometry.h(&line.number, Salt::Portability, &[]).is_multiple_of(4);
        let reasons = if portable { Vec::new() } else { vec![Reason::OperatorHoldsLine.message()] };
        Portability {
            eligibility: PortabilityEligibility { eligible: portable, reasons, under_conditions: Vec::new() },
            quarantine_end_date: None,
            portability_type: None,
        }
    }

    /// What the line's exchange (NRA) offers, a property of the exchange so that every line of
    /// it agrees: one exchange in twenty is not open yet (opening on the first of a winter month
    /// of 2027, when Paris is at +01:00); seven open ones in ten offer shared unbundling.
    fn exchange(&self, line: &LineInfo) -> Exchange {
        let nra = self.geometry.node_code(line.building.address.street.commune, Salt::CopperExchange);
        let roll = self.geometry.h(&nra, Salt::ExchangeOffer, &[]);
        if (roll >> 32).is_multiple_of(20) {
            let month = [1, 2, 3, 11, 12][((roll >> 40) % 5) as usize];
            Exchange::NotYetOpen { opening: format!("2027-{month:02}-01T00:00:00+01:00") }
        } else {
            Exchange::Open { shared: roll % 10 < 7 }
        }
    }
}
