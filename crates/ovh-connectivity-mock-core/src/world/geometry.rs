//! Streets, numbers, buildings and lines of a commune, derived from the seed: nothing is
//! stored, every answer is computed from the request (the identifiers are in `ids.rs`, the
//! hash in `crate::hash`).
//!
//! Identifiers carry what they name, so the world can answer from them alone:
//! - a street code is the INSEE code and 5 digits spaced by the commune's street count
//!   (`91471` + `32200`);
//! - a building reference `IMB/91471/C/NT8X` is the INSEE code, `C` (house) or `S` (apartment
//!   building), and 4 base-36 characters that scramble (street, number, building);
//! - a geographic line number `0Z PPPPP SSS` is its zone, the commune's position among the
//!   zone's communes, and a slot that picks a street, a number and a building.

use super::copper::Section;
use super::ids::{AddressId, BuildingId, Number, StreetId, building_code, parse_building_code};
use super::names::{BUILDING_NAMES, STREET_NAMES, STREET_TYPE_WEIGHTS, STREET_TYPES};
use super::places::{Commune, Places, Size, zone_departments};
use crate::hash::{Salt, hash};

/// What the world is made from: the places (every French commune, or none for the empty
/// world) and the seed.
#[derive(Debug)]
pub(crate) struct Geometry {
    pub(crate) seed: u64,
    pub(crate) places: &'static Places,
}

/// What a building is.
#[derive(Clone, Debug)]
pub(crate) struct BuildingInfo {
    pub(crate) id: BuildingId,
    pub(crate) apartments: bool,
    pub(crate) name: &'static str,
    /// Stairs with their floors (`A`: `0`..`4`); none for houses.
    pub(crate) stairs: Vec<(char, u8)>,
    pub(crate) fiber: bool,
}

/// A copper line.
#[derive(Clone, Debug)]
pub(crate) struct LineInfo {
    /// `0123456789`.
    pub(crate) number: String,
    pub(crate) building: BuildingId,
    pub(crate) sections: Vec<Section>,
    pub(crate) available_pairs: u8,
    pub(crate) max_pairs: u8,
    pub(crate) unlisted: bool,
    /// `true` for an active line (Internet access in service), `false` for an inactive one
    /// (a number kept to order on, usually the last occupant's): a line is one or the other,
    /// whatever status a request asks.
    pub(crate) active: bool,
}

/// One line in this many is inactive.
const INACTIVE_ONE_IN: u64 = 8;

/// A line's status from its draw: most lines active, one in [`INACTIVE_ONE_IN`] inactive.
fn line_is_active(roll: u64) -> bool {
    !roll.is_multiple_of(INACTIVE_ONE_IN)
}

/// Street counts stay under this, so that a building reference can hold the street.
const MAX_STREETS: u32 = 1_200;
/// Slots of a line number: its last three digits.
const LINE_SLOTS: u32 = 1_000;

impl Geometry {
    pub(crate) fn places(&self) -> &'static Places {
        self.places
    }

    /// The world's hash of `text` for the derivation `salt`, with `numbers`.
    pub(crate) fn h(&self, text: &str, salt: Salt, numbers: &[u64]) -> u64 {
        hash(self.seed, text, salt, numbers)
    }

    pub(crate) fn commune(&self, index: u32) -> Commune {
        self.places().commune_at(index)
    }

    /// How many streets a commune has: more in bigger communes.
    pub(crate) fn street_count(&self, commune: u32) -> u32 {
        let c = self.commune(commune);
        let roll = self.h(c.insee, Salt::StreetCount, &[]) as u32;
        let zips = c.row_count();
        let count = match c.size {
            Size::Village => 4 + roll % 14,
            Size::Town => 12 + roll % 30,
            Size::City => 30 + roll % 90,
            Size::Metropolis => 150 + roll % 250 + 80 * zips.saturating_sub(1),
        };
        count.min(MAX_STREETS)
    }

    fn street_stride(&self, commune: u32) -> (u32, u32) {
        let stride = (89_999 / self.street_count(commune)).max(1);
        let offset = self.h(self.commune(commune).insee, Salt::StreetOffset, &[]) as u32 % stride;
        (stride, offset)
    }

    /// `9147132200`: the INSEE code and 5 digits.
    pub(crate) fn street_code(&self, street: StreetId) -> String {
        let (stride, offset) = self.street_stride(street.commune);
        format!("{}{:05}", self.commune(street.commune).insee, 10_000 + street.index * stride + offset)
    }

    pub(crate) fn parse_street_code(&self, code: &str) -> Option<StreetId> {
        if code.len() != 10 || !code.is_ascii() {
            return None;
        }
        let (insee, digits) = code.split_at(5);
        let (commune, _) = self.places().commune(insee)?;
        let suffix: u32 = digits.parse().ok()?;
        let (stride, offset) = self.street_stride(commune);
        let shifted = suffix.checked_sub(10_000 + offset)?;
        let index = shifted / stride;
        (shifted % stride == 0 && index < self.street_count(commune)).then_some(StreetId { commune, index })
    }

    /// The (type, name) pairs of the first `upto + 1` streets: drawn from the seed, distinct.
    fn street_names(&self, commune: u32, upto: u32) -> Vec<(u16, u16)> {
        let insee = self.commune(commune).insee;
        let total_weight: u32 = STREET_TYPE_WEIGHTS.iter().sum();
        let mut used = vec![0u64; (STREET_TYPES.len() * STREET_NAMES.len()).div_ceil(64)];
        let mut out = Vec::with_capacity(upto as usize + 1);
        let mut draw = 0u64;
        while out.len() <= upto as usize {
            let roll = self.h(insee, Salt::StreetName, &[draw]);
            draw += 1;
            let mut pick = (roll % u64::from(total_weight)) as u32;
            let mut kind = 0;
            while pick >= STREET_TYPE_WEIGHTS[kind] {
                pick -= STREET_TYPE_WEIGHTS[kind];
                kind += 1;
            }
            let name = ((roll >> 32) % STREET_NAMES.len() as u64) as usize;
            let slot = kind * STREET_NAMES.len() + name;
            if used[slot / 64] & (1 << (slot % 64)) == 0 {
                used[slot / 64] |= 1 << (slot % 64);
                out.push((kind as u16, name as u16));
            }
        }
        out
    }

    /// `RUE DU VERGER`.
    pub(crate) fn street_name(&self, street: StreetId) -> String {
        let (kind, name) = self.street_names(street.commune, street.index)[street.index as usize];
        format!("{} {}", STREET_TYPES[kind as usize], STREET_NAMES[name as usize])
    }

    /// Every street of a commune, with its name.
    pub(crate) fn streets(&self, commune: u32) -> Vec<(StreetId, String)> {
        let count = self.street_count(commune);
        let names = self.street_names(commune, count - 1);
        (0..count)
            .map(|index| {
                let (kind, name) = names[index as usize];
                let street = StreetId { commune, index };
                (street, format!("{} {}", STREET_TYPES[kind as usize], STREET_NAMES[name as usize]))
            })
            .collect()
    }

    /// The zip-code row an address of this street uses (communes with several zip codes spread
    /// their streets over them).
    pub(crate) fn street_row(&self, street: StreetId) -> super::places::Row {
        let commune = self.commune(street.commune);
        commune.row(street.index % commune.row_count())
    }

    /// The numbers of a street, in order: `1`, `1B`, `2`, `4`...
    pub(crate) fn numbers(&self, street: StreetId) -> Vec<Number> {
        let c = self.commune(street.commune);
        let most = match c.size {
            Size::Village => 12,
            Size::Town => 25,
            Size::City => 40,
            Size::Metropolis => 60,
        };
        let last = 2 + (self.h(c.insee, Salt::NumberCount, &[u64::from(street.index)]) % most) as u8;
        let mut out = Vec::new();
        for value in 1..=last.min(63) {
            let roll = self.h(c.insee, Salt::NumberRepeat, &[u64::from(street.index), u64::from(value)]);
            if value > 1 && roll.is_multiple_of(6) {
                continue;
            }
            out.push(Number { value, repeat: 0 });
            if roll % 11 == 1 {
                out.push(Number { value, repeat: 1 });
            }
            if roll % 47 == 2 {
                out.push(Number { value, repeat: 2 });
            }
        }
        out
    }

    pub(crate) fn address(&self, street: StreetId, number: Number) -> Option<AddressId> {
        self.numbers(street).contains(&number).then_some(AddressId { street, number })
    }

    /// The buildings at an address: one house, or one or two apartment buildings.
    pub(crate) fn buildings(&self, address: AddressId) -> Vec<BuildingInfo> {
        let c = self.commune(address.street.commune);
        let key = [u64::from(address.street.index), u64::from(address.number.code())];
        let roll = self.h(c.insee, Salt::Buildings, &key);
        let apartments_share = match c.size {
            Size::Village => 5,
            Size::Town => 15,
            Size::City => 40,
            Size::Metropolis => 80,
        };
        let fiber_share = match c.size {
            Size::Village => 70,
            Size::Town => 85,
            Size::City => 92,
            Size::Metropolis => 97,
        };
        let apartments = roll % 100 < apartments_share;
        let count = if apartments && roll.is_multiple_of(5) { 2 } else { 1 };
        (0..count)
            .map(|index| {
                let roll = self.h(c.insee, Salt::Building, &[key[0], key[1], u64::from(index)]);
                let stairs = if apartments {
                    (0..1 + (roll % 3) as u8)
                        .map(|s| (char::from(b'A' + s), 2 + ((roll >> (8 + s)) % 7) as u8))
                        .collect()
                } else {
                    Vec::new()
                };
                BuildingInfo {
                    id: BuildingId { address, index },
                    apartments,
                    name: if apartments { BUILDING_NAMES[pick(roll >> 20, BUILDING_NAMES.len())] } else { "" },
                    stairs,
                    fiber: (roll >> 40) % 100 < fiber_share,
                }
            })
            .collect()
    }

    /// `IMB/91471/C/NT8X`.
    pub(crate) fn building_reference(&self, building: &BuildingInfo) -> String {
        let id = building.id;
        let insee = self.commune(id.address.street.commune).insee;
        let code = building_code(id, self.h(insee, Salt::BuildingCode, &[]));
        let kind = if building.apartments { 'S' } else { 'C' };
        format!("IMB/{insee}/{kind}/{code}")
    }

    /// The building a reference names, if the world has it.
    pub(crate) fn parse_building_reference(&self, reference: &str) -> Option<BuildingInfo> {
        let mut parts = reference.split('/');
        let (Some("IMB"), Some(insee), Some(kind), Some(code), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let (commune, _) = self.places().commune(insee)?;
        let id = parse_building_code(code, commune, self.h(insee, Salt::BuildingCode, &[]))?;
        if id.address.street.index >= self.street_count(commune) {
            return None;
        }
        let address = self.address(id.address.street, id.address.number)?;
        let building = self.buildings(address).into_iter().find(|b| b.id.index == id.index)?;
        (kind == if building.apartments { "S" } else { "C" }).then_some(building)
    }

    /// `91122BUR`: the fibre node, copper exchange or street cabinet (`salt`) of a commune.
    pub(crate) fn node_code(&self, commune: u32, salt: Salt) -> String {
        let c = self.commune(commune);
        let roll = self.h(c.insee, salt, &[]);
        let letters: String = (0..3).map(|i| char::from(b'A' + ((roll >> (20 + 5 * i)) % 26) as u8)).collect();
        format!("{}{:03}{letters}", &c.insee[..2], 100 + roll % 900)
    }

    /// How many communes a zone has.
    fn zone_len(&self, zone: u8) -> usize {
        zone_departments(zone).iter().map(|d| self.places().department(d).len()).sum()
    }

    /// The commune at `position` of a zone's communes (in its département order).
    fn zone_commune(&self, zone: u8, mut position: usize) -> Option<u32> {
        for department in zone_departments(zone) {
            let communes = self.places().department(department);
            if position < communes.len() {
                return Some(communes.start + position as u32);
            }
            position -= communes.len();
        }
        None
    }

    /// A commune's zone and position among the zone's communes.
    fn zone_of(&self, commune: u32) -> Option<(u8, u32)> {
        let department = self.commune(commune).department();
        let zone = (1..=5).find(|&z| zone_departments(z).contains(&department))?;
        let mut position = 0;
        for code in zone_departments(zone) {
            let communes = self.places().department(code);
            if *code == department {
                return communes
                    .contains(&commune)
                    .then(|| (zone, (position + (commune - communes.start) as usize) as u32));
            }
            position += communes.len();
        }
        None
    }

    fn slot_building(&self, commune: u32, slot: u32) -> Option<BuildingInfo> {
        let count = self.street_count(commune);
        let street = StreetId { commune, index: slot % count };
        let numbers = self.numbers(street);
        let number = numbers[pick(u64::from(slot / count), numbers.len())];
        let buildings = self.buildings(AddressId { street, number });
        let turn = (slot / count / numbers.len() as u32) as usize;
        Some(buildings[turn % buildings.len()].clone())
    }

    /// The copper lines at an address (none in some addresses of big communes: new buildings
    /// without copper).
    pub(crate) fn lines_at(&self, address: AddressId) -> Vec<LineInfo> {
        let commune = address.street.commune;
        let Some((zone, position)) = self.zone_of(commune) else { return Vec::new() };
        let count = self.street_count(commune);
        let numbers = self.numbers(address.street);
        let Some(k) = numbers.iter().position(|n| *n == address.number) else { return Vec::new() };
        let per_turn = count * numbers.len() as u32;
        (0..)
            .map(|turn| address.street.index + count * k as u32 + per_turn * turn)
            .take_while(|&slot| slot < LINE_SLOTS)
            .take(2)
            .filter_map(|slot| self.line(&format!("0{zone}{position:05}{slot:03}")))
            .collect()
    }

    /// The line a well-formed geographic number (`01` to `05`) names: every such number has one.
    pub(crate) fn line(&self, number: &str) -> Option<LineInfo> {
        let bytes = number.as_bytes();
        if bytes.len() != 10 || bytes[0] != b'0' || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let zone = bytes[1] - b'0';
        let communes = self.zone_len(zone);
        if communes == 0 {
            return None;
        }
        let position: usize = number[2..7].parse().ok()?;
        let slot: u32 = number[7..].parse().ok()?;
        let commune = self.zone_commune(zone, position % communes)?;
        let building = self.slot_building(commune, slot)?;
        let roll = self.h(number, Salt::Line, &[]);
        let size = self.commune(commune).size;
        let (shortest, spread) = match size {
            Size::Metropolis => (250, 1_800),
            Size::City => (400, 3_200),
            Size::Town => (700, 4_500),
            Size::Village => (1_200, 6_000),
        };
        let total = shortest + (roll % spread) as u32;
        let parts = 1 + (roll >> 16) % 3;
        let mut sections = Vec::new();
        let mut left = total;
        for part in 0..parts {
            // Thick cable near the exchange, thin near the subscriber.
            let diameter = [8u8, 6, 4][(3 - parts + part) as usize];
            let length =
                if part + 1 == parts { left } else { left * (30 + ((roll >> (24 + 4 * part)) % 40) as u32) / 100 };
            left -= length;
            sections.push(Section { length_m: length, diameter });
        }
        let max_pairs = [1u8, 2, 2, 4, 6][((roll >> 40) % 5) as usize];
        Some(LineInfo {
            number: number.to_owned(),
            building: building.id,
            sections,
            available_pairs: 1 + ((roll >> 44) % u64::from(max_pairs)) as u8,
            max_pairs,
            unlisted: (roll >> 50).is_multiple_of(20),
            active: line_is_active(self.h(number, Salt::LineStatus, &[])),
        })
    }

    /// A fibre building for any well-formed OTP reference (`OO-XXXX-XXXX`, with an optional
    /// `/X` suffix): the same building every time.
    pub(crate) fn otp_building(&self, otp: &str) -> Option<BuildingInfo> {
        let core = otp.split_once('/').map_or(otp, |(core, suffix)| {
            if suffix.len() == 1 && suffix.bytes().all(|b| b.is_ascii_alphanumeric()) { core } else { "" }
        });
        let parts: Vec<&str> = core.split('-').collect();
        let well_formed = parts.len() == 3
            && parts[0].len() == 2
            && parts[1..].iter().all(|p| p.len() == 4)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        if !well_formed {
            return None;
        }
        let communes = u64::from(self.places().commune_count());
        if communes == 0 {
            return None;
        }
        for attempt in 0..64 {
            let roll = self.h(core, Salt::Otp, &[attempt]);
            let commune = (roll % communes) as u32;
            let building = self.slot_building(commune, ((roll >> 32) % u64::from(LINE_SLOTS)) as u32)?;
            if building.fiber {
                return Some(building);
            }
        }
        None
    }

    /// Where a commune's addresses gather: within about 25 km of its département's centre.
    pub(crate) fn commune_spot(&self, commune: u32) -> (f64, f64) {
        let c = self.commune(commune);
        let (lat, lon) = super::places::department_centre(c.department());
        let spot = self.h(c.insee, Salt::CommuneSpot, &[]);
        (lat + 0.45 * unit(spot), lon + 0.6 * unit(spot >> 16))
    }

    /// An address's offset from its commune's spot, in degrees (latitude, longitude): within a
    /// few hundred metres in a village, about 2 km in a big city.
    pub(crate) fn address_offset(&self, address: AddressId) -> (f64, f64) {
        let c = self.commune(address.street.commune);
        let spread = match c.size {
            Size::Village => 0.004,
            Size::Town => 0.008,
            Size::City => 0.015,
            Size::Metropolis => 0.03,
        };
        let here =
            self.h(c.insee, Salt::AddressOffset, &[u64::from(address.street.index), u64::from(address.number.code())]);
        (spread * unit(here), spread * 1.4 * unit(here >> 16))
    }
}

/// A number in `[-0.5, 0.5)` from 14 bits.
fn unit(bits: u64) -> f64 {
    (bits % 10_000) as f64 / 10_000.0 - 0.5
}

/// An index below `len` drawn from `roll`, the same on every target: the remainder is taken
/// in 64 bits, then narrowed (`roll as usize % len` keeps only 32 bits of `roll` in
/// WebAssembly, whose `usize` is 32 bits wide, and drew other names there).
pub(crate) fn pick(roll: u64, len: usize) -> usize {
    (roll % len as u64) as usize
}
