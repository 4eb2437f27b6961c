//! `search/addresses`: the addresses near a point, placed around it at their distance from
//! their commune's spot.

use ovh_connectivity_types::SearchAddressesRequest;

use super::World;
use super::answers::AddressWithCoordinates;
use super::ids::AddressId;
use super::places;

impl World {
    /// Addresses near a point: the nearest commune's addresses, placed around the point at
    /// their distance from the commune's spot, within `distance` metres (at most 2 km), nearest
    /// first, at most 20.
    pub(super) fn addresses(&self, asked: &SearchAddressesRequest) -> Vec<AddressWithCoordinates> {
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
