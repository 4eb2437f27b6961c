//! The world: a deterministic, seeded answer for every well-formed request no fixture covers.
//!
//! Real places (every French zip code and commune, `places.rs`), synthetic streets, numbers,
//! buildings and lines derived from the seed (`geometry.rs`), eligibility that follows the
//! copper and the fibre (`copper.rs`, `offers.rs`), and references signed with HMAC
//! (`reference.rs`). Nothing is stored: each answer is computed from the request, so the same
//! seed gives the same world, byte for byte, on every run and every machine.

mod addresses;
mod answers;
mod copper;
mod eligibility;
mod geometry;
mod ids;
mod names;
mod offers;
mod places;
mod reference;

use ovh_connectivity_types::{LineStatus, Operation, RecallRequest, ReferenceType, TypedRequest};
use serde::Serialize;

use self::answers::{Task, *};
use self::geometry::{BuildingInfo, Geometry, LineInfo};
use self::ids::{AddressId, Number};
use self::names::OWNER_INITIALS;
use self::reference::Subject;
use crate::hash::Salt;

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

/// A line status as the API writes it.
fn status_text(active: bool) -> &'static str {
    if active { "active" } else { "inactive" }
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
                        let code = street.index * 192 + n.code();
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
            O::SearchBuildingsByLine => {
                // A line is found under its own status only, as `test/line` finds it.
                let asked = asked!(SearchBuildingsByLine);
                match g.line(&asked.line_number).filter(|line| line.active == (asked.status == LineStatus::Active)) {
                    Some(line) => ok([self.building(&self.building_of(&line))]),
                    None => ok(Vec::<Building>::new()),
                }
            }
            O::SearchLines => {
                let asked = asked!(SearchLines);
                let address = self.address(&asked.street_code, &asked.street_number);
                let lines = address.map(|a| g.lines_at(a)).unwrap_or_default();
                ok(lines
                    .iter()
                    .map(|line| Line {
                        line_number: line.number.clone(),
                        address: self.line_address(line, true),
                        copper_info: self.copper_info(line),
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
        let roll = self.geometry.h(reference, Salt::Recall, &[]);
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
            nro: g.node_code(building.id.address.street.commune, Salt::FibreNode),
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
            OWNER_INITIALS
                [crate::world::geometry::pick(self.geometry.h(&line.number, Salt::Owner, &[]), OWNER_INITIALS.len())]
        });
        self.address_out(line.building.address, Some(&building), owner)
    }

    /// The line's copper, with its own status (`active` or `inactive`), the same in every
    /// answer that shows the line.
    fn copper_info(&self, line: &LineInfo) -> CopperInfo {
        CopperInfo {
            available_pairs: line.available_pairs,
            max_available_pairs: line.max_pairs,
            nra: self.geometry.node_code(line.building.address.street.commune, Salt::CopperExchange),
            sections_lengths: line
                .sections
                .iter()
                .map(|s| SectionLength { diameter: s.diameter, length: s.length_m })
                .collect(),
            status: status_text(line.active),
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
            nro: g.node_code(commune, Salt::FibreNode),
            operator_code: "FI",
            operator_name: "ORANGE",
            pm_reference: format!("PM-{}", g.node_code(commune, Salt::Cabinet)),
        }
    }

    fn meetings(&self, subject: &Subject) -> Meetings {
        let roll = self.geometry.h(&format!("{subject:?}"), Salt::Meetings, &[]);
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
}

#[cfg(test)]
mod contradictions;
#[cfg(test)]
mod resolved;
#[cfg(test)]
mod tests;
