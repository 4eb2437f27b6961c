//! The world: a deterministic, seeded answer for every well-formed request no fixture covers.
//!
//! Real places (every French zip code and commune, `places.rs`), synthetic streets, numbers,
//! buildings and lines derived from the seed (`geometry.rs`), eligibility that follows the
//! copper and the fibre (`copper.rs`, `offers.rs`), and references signed with HMAC
//! (`reference.rs`). Nothing is stored: each answer is computed from the request, so the same
//! seed gives the same world, byte for byte, on every run and every machine.

mod answers;
mod copper;
mod geometry;
mod names;
mod offers;
mod places;
mod reference;

use ovh_connectivity_types::{
    LineStatus, Operation, RecallRequest, ReferenceType, SearchAddressesRequest, TypedRequest,
};
use serde::Serialize;

use self::answers::{Task, *};
/// SplitMix64, shared with the query ids and latency draws of [`crate::state`].
pub(crate) use self::geometry::mix;
use self::geometry::{AddressId, BuildingInfo, Geometry, LineInfo, Number};
use self::names::OWNER_INITIALS;
use self::offers::{CopperRequest, Exchange, Reason};
use self::reference::Subject;

/// What the world answers: JSON text, written once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WorldAnswer {
    /// An async task's final body; `ok` says whether it ended `ok` (or `error`). Pending
    /// answers come first.
    Task { body: String, ok: bool },
    /// A plain 200 answer.
    Value(String),
    /// An OVH-shaped 404 with this message.
    NotFound(String),
}

/// The world of one mock: the places, a seed and the secret its references are signed with.
#[derive(Debug)]
pub(crate) struct World {
    geometry: Geometry,
    secret: Vec<u8>,
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("the world's answers serialize")
}

fn ok<T: Serialize>(result: T) -> WorldAnswer {
    WorldAnswer::Task { body: to_json(&Task { status: "ok", result: Some(result), error: None }), ok: true }
}

fn failed(message: &str) -> WorldAnswer {
    WorldAnswer::Task { body: to_json(&Task::<()> { status: "error", result: None, error: Some(message) }), ok: false }
}

impl World {
    /// A world from a seed and a secret. The places are parsed now (about 10 ms), not on the
    /// first request that needs them.
    pub(crate) fn new(seed: u64, secret: &str) -> World {
        World { geometry: Geometry { seed, places: places::Places::get() }, secret: secret.as_bytes().to_vec() }
    }

    /// The world with no place: what the mock answers with the world off. Searches find
    /// nothing, tests end in `error`, lookups are not found, with the world's own messages.
    pub(crate) fn empty(seed: u64, secret: &str) -> World {
        World { geometry: Geometry { seed, places: places::Places::none() }, secret: secret.as_bytes().to_vec() }
    }

    /// The answer to a well-formed request no fixture covers: `request` is its body or query
    /// as the operation's wire type (`None` for an operation that takes neither), `path_id`
    /// the id in its path.
    pub(crate) fn answer(
        &self,
        operation: Operation,
        request: Option<&TypedRequest>,
        path_id: Option<&str>,
    ) -> WorldAnswer {
        use Operation as O;
        use TypedRequest as R;
        let g = &self.geometry;
        // The matcher decoded `request` as `operation`'s type: another variant cannot come.
        let mismatch = || WorldAnswer::NotFound(format!("No {operation} request to answer"));
        macro_rules! asked {
            ($variant:ident) => {
                match request {
                    Some(R::$variant(asked)) => asked,
                    _ => return mismatch(),
                }
            };
        }
        let text = |value: &Option<String>| value.as_deref().unwrap_or("").to_owned();
        match operation {
            O::SearchCities => ok(self.cities(&asked!(SearchCities).zip_code)),
            O::SearchStreets => ok(self.streets(&asked!(SearchStreets).insee_code)),
            O::SearchStreetNumbers => {
                let street = g.parse_street_code(&asked!(SearchStreetNumbers).street_code);
                let numbers = street.map(|s| g.numbers(s)).unwrap_or_default();
                ok(numbers.iter().map(|n| n.text()).collect::<Vec<_>>())
            }
            O::SearchStreetNumberDetails => {
                let Some(street) = g.parse_street_code(&asked!(SearchStreetNumbers).street_code) else {
                    return ok(Vec::<NumberDetails>::new());
                };
                let insee = g.commune(street.commune).insee;
                let details: Vec<NumberDetails> = g
                    .numbers(street)
                    .iter()
                    .map(|n| {
                        let code = street.index * 192 + u32::from(n.value) * 3 + u32::from(n.repeat);
                        NumberDetails { number: n.text(), hexacle: format!("{insee}{:06}", code % 1_000_000) }
                    })
                    .collect();
                ok(details)
            }
            O::SearchBuildings => {
                let asked = asked!(SearchBuildings);
                let address = self.address(&text(&asked.street_code), &text(&asked.street_number));
                let buildings = address.map(|a| g.buildings(a)).unwrap_or_default();
                ok(buildings.iter().map(|b| self.building(b)).collect::<Vec<_>>())
            }
            O::SearchBuildingDetails => {
                let reference = &asked!(SearchBuildingDetails).building;
                match g.parse_building_reference(reference) {
                    Some(building) => ok(self.building(&building)),
                    None => failed(&format!("Building {reference} not found")),
                }
            }
            O::SearchBuildingsByLine => match g.line(&asked!(SearchBuildingsByLine).line_number) {
                Some(line) => ok([self.building(&self.building_of(&line))]),
                None => ok(Vec::<Building>::new()),
            },
            O::SearchLines => {
                let asked = asked!(SearchLines);
                let address = self.address(&asked.street_code, &asked.street_number);
                let lines = address.map(|a| g.lines_at(a)).unwrap_or_default();
                ok(lines
                    .iter()
                    .map(|line| Line {
                        line_number: line.number.clone(),
                        address: self.line_address(line, true),
                        copper_info: self.copper_info(line, true),
                    })
                    .collect::<Vec<_>>())
            }
            O::SearchAddresses => ok(self.addresses(asked!(SearchAddresses))),
            O::SearchMeetings => {
                let reference = &asked!(SearchMeetings).eligibility_reference;
                match Subject::resolve(reference, &self.secret) {
                    Some(subject) => ok(self.meetings(&subject)),
                    None => self.unknown_reference(reference),
                }
            }
            O::TestLine | O::TestLinePartners => {
                let asked = asked!(TestLine);
                let active = asked.status == LineStatus::Active;
                self.test(&Subject::Line { number: asked.line_number.clone(), active })
            }
            O::TestAddress | O::TestAddressPartners => {
                let asked = asked!(TestAddress);
                self.test(&Subject::Address {
                    street_code: text(&asked.street_code),
                    number: text(&asked.street_number),
                })
            }
            O::TestBuilding | O::TestBuildingPartners => {
                self.test(&Subject::Building(asked!(TestBuilding).building.clone()))
            }
            O::TestOtp | O::TestOtpPartners => self.test(&Subject::Otp(asked!(TestOtp).otp.clone())),
            O::GetEligibilityTest => {
                let reference = &asked!(GetEligibilityTest).eligibility_reference;
                match Subject::resolve(reference, &self.secret).map(|subject| self.eligibility_test(&subject)) {
                    Some(Ok(test)) => WorldAnswer::Value(to_json(&test)),
                    Some(Err(_)) | None => self.unknown_reference(reference),
                }
            }
            O::CreateRecall => self.create_recall(asked!(Recall)),
            // The world stores nothing: no recall exists to read, change or delete.
            O::GetRecall | O::EditRecall | O::DeleteRecall => {
                WorldAnswer::NotFound(format!("The requested object (id = {}) does not exist", path_id.unwrap_or("")))
            }
            // Nothing planned, nothing broken.
            O::ListRecalls
            | O::WorkPlannedPublic
            | O::WorkPlannedPartners
            | O::GenericIncidentPublic
            | O::GenericIncidentPartners => WorldAnswer::Value("[]".to_owned()),
        }
    }

    /// A recall as created, refused for a building the world does not have. Its id is drawn
    /// from the request, so that the same request gets the same recall.
    fn create_recall(&self, asked: &RecallRequest) -> WorldAnswer {
        let reference = &asked.reference;
        if asked.reference_type == ReferenceType::Building
            && self.geometry.parse_building_reference(reference).is_none()
        {
            return WorldAnswer::NotFound(format!("Building {reference} not found"));
        }
        let roll = geometry::hash(self.geometry.seed, reference, &[20]);
        let recall = serde_json::json!({
            "id": 1000 + roll % 100_000,
            "reference": reference,
            "referenceType": asked.reference_type.as_str(),
            "customer": "mock-customer",
            "creationDate": "2026-01-01T00:00:00+01:00",
            "updatedDate": "2026-01-01T00:00:00+01:00",
            "completed": false,
            "completedDate": null,
            "profiberRequest": asked.profiber_request.unwrap_or(false),
            "dedicatedfiberRequest": asked.dedicatedfiber_request.unwrap_or(false),
        });
        WorldAnswer::Value(recall.to_string())
    }

    fn unknown_reference(&self, reference: &str) -> WorldAnswer {
        WorldAnswer::NotFound(format!("Eligibility reference {reference} not found"))
    }

    fn cities(&self, zip: &str) -> Vec<City> {
        let rows = self.geometry.places().zip(zip);
        rows.iter().map(|r| City { city: r.city, insee_code: r.insee, locality: r.locality, zip_code: r.zip }).collect()
    }

    fn streets(&self, insee: &str) -> Vec<Street> {
        let g = &self.geometry;
        let Some((commune, _)) = g.places().commune(insee) else { return Vec::new() };
        g.streets(commune)
            .into_iter()
            .map(|(street, name)| Street {
                street_code: g.street_code(street),
                street_name: name,
                street_alt_code: None,
            })
            .collect()
    }

    fn address(&self, street_code: &str, number: &str) -> Option<AddressId> {
        let street = self.geometry.parse_street_code(street_code)?;
        self.geometry.address(street, Number::parse(number)?)
    }

    fn building(&self, building: &BuildingInfo) -> Building {
        let g = &self.geometry;
        Building {
            reference: g.building_reference(building),
            name: building.name,
            nro: g.node_code(building.id.address.street.commune, 9),
            stairs: building
                .stairs
                .iter()
                .map(|&(stair, floors)| Stair {
                    stair: stair.to_string(),
                    floors: (0..=floors).map(|f| f.to_string()).collect(),
                })
                .collect(),
            building_type: if building.apartments { "BUILDING" } else { "HOUSE" },
        }
    }

    fn building_of(&self, line: &LineInfo) -> BuildingInfo {
        let buildings = self.geometry.buildings(line.building.address);
        let index = usize::from(line.building.index).min(buildings.len() - 1);
        buildings[index].clone()
    }

    /// The guide's `Address`: the same street name, number and INSEE code the searches show.
    fn address_out(&self, address: AddressId, building: Option<&BuildingInfo>, owner: Option<&'static str>) -> Address {
        let g = &self.geometry;
        let row = g.street_row(address.street);
        Address {
            building: building.filter(|b| !b.name.is_empty()).map(|b| b.name),
            city: row.city,
            door: None,
            floor: None,
            housing_complex: "",
            insee_code: row.insee,
            owner_name: owner,
            stairs: building.and_then(|b| b.stairs.first()).map(|(stair, _)| stair.to_string()),
            street_code: g.street_code(address.street),
            street_name: g.street_name(address.street),
            street_number: address.number.text(),
            zip_code: row.zip,
        }
    }

    fn line_address(&self, line: &LineInfo, with_owner: bool) -> Address {
        let building = self.building_of(line);
        let owner = (with_owner && !line.unlisted).then(|| {
            OWNER_INITIALS[geometry::hash(self.geometry.seed, &line.number, &[15]) as usize % OWNER_INITIALS.len()]
        });
        self.address_out(line.building.address, Some(&building), owner)
    }

    fn copper_info(&self, line: &LineInfo, active: bool) -> CopperInfo {
        CopperInfo {
            available_pairs: line.available_pairs,
            max_available_pairs: line.max_pairs,
            nra: self.geometry.node_code(line.building.address.street.commune, 10),
            sections_lengths: line
                .sections
                .iter()
                .map(|s| SectionLength { diameter: s.diameter, length: s.length_m })
                .collect(),
            status: if active { "active" } else { "inactive" },
            under_construction: false,
            unlisted_number: line.unlisted,
        }
    }

    fn fiber_info(&self, building: &BuildingInfo) -> FiberInfo {
        let g = &self.geometry;
        let commune = building.id.address.street.commune;
        let (lat, lon) = g.commune_spot(commune);
        let (dlat, dlon) = g.address_offset(building.id.address);
        FiberInfo {
            building_name: building.name,
            building_reference: g.building_reference(building),
            building_type: if building.apartments { "BUILDING" } else { "HOUSE" },
            latitude: format!("{:.5}", lat + dlat),
            longitude: format!("{:.5}", lon + dlon),
            nro: g.node_code(commune, 9),
            operator_code: "FI",
            operator_name: "ORANGE",
            pm_reference: format!("PM-{}", g.node_code(commune, 16)),
        }
    }

    fn test(&self, subject: &Subject) -> WorldAnswer {
        match self.eligibility_test(subject) {
            Ok(test) => ok(test),
            Err(message) => failed(&message),
        }
    }

    /// The eligibility test of a subject, or why there is none (the task's error message).
    fn eligibility_test(&self, subject: &Subject) -> Result<EligibilityTest, String> {
        let g = &self.geometry;
        let (endpoint, offers) = match subject {
            Subject::Line { number, active } => {
                let status = if *active { "active" } else { "inactive" };
                let line = g.line(number).ok_or_else(|| format!("No {status} line found for number {number}"))?;
                let request = if *active { CopperRequest::ActiveLine } else { CopperRequest::InactiveLine };
                let exchange = self.exchange(&line);
                let endpoint = Endpoint {
                    reference: number.clone(),
                    reference_type: "lineNumber",
                    address: self.line_address(&line, false),
                    copper_info: Some(self.copper_info(&line, *active)),
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
                    // The neighbour's line: its copper, at the tested address. Portability is
                    // the new line's, and a new line has no number to port (the guide's answer).
                    Some(line) => {
                        let endpoint = Endpoint {
                            reference: line.number.clone(),
                            reference_type: "lineNumber",
                            address: self.address_out(address, None, None),
                            copper_info: Some(self.copper_info(&line, true)),
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
        let portable = !geometry::hash(self.geometry.seed, &line.number, &[18]).is_multiple_of(4);
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
        let nra = self.geometry.node_code(line.building.address.street.commune, 10);
        let roll = geometry::hash(self.geometry.seed, &nra, &[17]);
        if (roll >> 32).is_multiple_of(20) {
            let month = [1, 2, 3, 11, 12][((roll >> 40) % 5) as usize];
            Exchange::NotYetOpen { opening: format!("2027-{month:02}-01T00:00:00+01:00") }
        } else {
            Exchange::Open { shared: roll % 10 < 7 }
        }
    }

    fn meetings(&self, subject: &Subject) -> Meetings {
        let roll = geometry::hash(self.geometry.seed, &format!("{subject:?}"), &[19]);
        // Fixed dates: the same answer on every run (2027-01-04 is a Monday).
        let meeting_slots = (0..4u64)
            .map(|i| {
                let day = 4 + (roll >> (8 * i)) % 4 + 7 * i;
                let morning = (roll >> (4 * i)).is_multiple_of(2);
                let (start, end) = if morning { ("08:00", "12:00") } else { ("13:00", "17:00") };
                MeetingSlot {
                    start_date: format!("2027-01-{day:02}T{start}:00+01:00"),
                    end_date: format!("2027-01-{day:02}T{end}:00+01:00"),
                    ui_code: format!("{:05}", roll % 100_000),
                    slot_id: format!("SLOT-{:04}", (roll >> 16) % 10_000 + i),
                }
            })
            .collect();
        Meetings {
            can_book_fake_meeting: false,
            capacities: Capacities { e_rdv: true, phone_call: roll.is_multiple_of(3) },
            meeting_slots,
        }
    }

    /// Addresses near a point: the nearest commune's addresses, placed around the point at
    /// their distance from the commune's spot, within `distance` metres (at most 2 km), nearest
    /// first, at most 20.
    fn addresses(&self, asked: &SearchAddressesRequest) -> Vec<AddressWithCoordinates> {
        let g = &self.geometry;
        let degrees = |text: &str| text.trim().parse::<f64>().ok();
        let (Some(lat), Some(lon), Some(radius)) =
            (degrees(&asked.latitude), degrees(&asked.longitude), asked.distance.map(|metres| metres as f64))
        else {
            return Vec::new();
        };
        let radius = radius.clamp(0.0, 2_000.0);
        let nearest_department = places::DEPARTMENT_CENTRES
            .iter()
            .min_by(|a, b| squared(a.1 - lat, a.2 - lon).total_cmp(&squared(b.1 - lat, b.2 - lon)))
            .map(|d| d.0);
        let Some(department) = nearest_department else { return Vec::new() };
        let Some(commune) = g.places().department(department).min_by(|&a, &b| {
            let (sa, sb) = (g.commune_spot(a), g.commune_spot(b));
            squared(sa.0 - lat, sa.1 - lon).total_cmp(&squared(sb.0 - lat, sb.1 - lon))
        }) else {
            return Vec::new();
        };
        let metres_per_degree_lat = 111_320.0;
        let metres_per_degree_lon = 111_320.0 * lat.to_radians().cos().abs().max(0.01);
        let mut found: Vec<(f64, AddressWithCoordinates)> = Vec::new();
        for (street, street_name) in g.streets(commune).into_iter().take(400) {
            for number in g.numbers(street) {
                let address = AddressId { street, number };
                let (dlat, dlon) = g.address_offset(address);
                let distance = squared(dlat * metres_per_degree_lat, dlon * metres_per_degree_lon).sqrt();
                if distance > radius {
                    continue;
                }
                let building = g.buildings(address).into_iter().next();
                let row = g.street_row(street);
                found.push((
                    distance,
                    AddressWithCoordinates {
                        building_name: building.as_ref().map(|b| b.name).filter(|n| !n.is_empty()),
                        building_reference: building.as_ref().map(|b| g.building_reference(b)),
                        city: row.city,
                        distance: format!("{}", distance.round() as u64),
                        insee_code: row.insee,
                        latitude: format!("{:.5}", lat + dlat),
                        longitude: format!("{:.5}", lon + dlon),
                        street_code: g.street_code(street),
                        street_name: street_name.clone(),
                        street_number: number.text(),
                        zip_code: row.zip,
                    },
                ));
            }
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        found.into_iter().take(20).map(|(_, address)| address).collect()
    }
}

fn squared(a: f64, b: f64) -> f64 {
    a * a + b * b
}

#[cfg(test)]
mod tests;
