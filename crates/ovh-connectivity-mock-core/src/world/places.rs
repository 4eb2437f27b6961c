//! The real places: every (zip code, commune) row of `fixtures/world/communes.tsv`, indexed by
//! zip code, INSEE code and département. The index holds only offsets into the text the
//! binary embeds (about 600 KiB for 35,684 rows): rows are read from the text when asked for.

use ovh_connectivity_fixtures::{CommuneRow, commune_row_at, commune_rows};
use std::ops::Range;
use std::sync::OnceLock;

/// One row: a commune under one of its zip codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) zip: &'static str,
    pub(crate) insee: &'static str,
    /// The commune's name, upper case without accents (`PARIS 11E ARRONDISSEMENT`).
    pub(crate) locality: &'static str,
    /// The postal routing name (`PARIS`).
    pub(crate) city: &'static str,
}

/// How big a commune is, guessed from its zip codes (the data has no population): what the
/// number of its streets, its share of apartment buildings, its fibre and its line lengths
/// follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Size {
    /// Shares its zip code with several communes.
    Village,
    /// Shares its zip code with one or two others.
    Town,
    /// Has a zip code of its own.
    City,
    /// A zip code ending in `000`, more than two zip codes, or a Paris, Lyon or Marseille
    /// arrondissement.
    Metropolis,
}

/// One commune (an INSEE code): where its rows are, and its size.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Commune {
    pub(crate) insee: &'static str,
    /// Its rows in `Places::by_insee`.
    first: u32,
    count: u32,
    pub(crate) size: Size,
}

impl Commune {
    /// The département code: `91`, `2A`, `974`.
    pub(crate) fn department(&self) -> &'static str {
        department_of(self.insee)
    }

    /// How many zip codes it has.
    pub(crate) fn row_count(&self) -> u32 {
        self.count
    }

    /// Its row number `index` (in zip order).
    pub(crate) fn row(&self, index: u32) -> Row {
        let places = Places::get();
        places.row_at(places.by_insee[(self.first + index.min(self.count - 1)) as usize])
    }
}

/// The row of `text` starting at byte `start` (an offset the index took from
/// [`commune_rows`], so a row is there).
fn row_in(text: &'static str, start: u32) -> Row {
    let row = commune_row_at(text, start as usize).unwrap_or(CommuneRow {
        zip_code: "",
        insee_code: "",
        locality: "",
        city: "",
    });
    Row { zip: row.zip_code, insee: row.insee_code, locality: row.locality, city: row.city }
}

pub(crate) fn department_of(insee: &str) -> &str {
    let length = if insee.starts_with("97") || insee.starts_with("98") { 3 } else { 2 };
    &insee[..length.min(insee.len())]
}

/// Every place, indexed by offsets into the embedded text.
#[derive(Debug)]
pub(crate) struct Places {
    text: &'static str,
    /// Where each row starts, in zip order (the file's order).
    by_zip: Vec<u32>,
    /// Where each row starts, in INSEE order.
    by_insee: Vec<u32>,
    /// Communes in INSEE order.
    communes: Vec<Commune>,
    /// Each département's communes: a range of `communes` (INSEE order keeps them together).
    departments: Vec<(&'static str, Range<u32>)>,
}

impl Places {
    /// Parses the embedded table once.
    pub(crate) fn get() -> &'static Places {
        static PLACES: OnceLock<Places> = OnceLock::new();
        PLACES.get_or_init(|| Places::parse(ovh_connectivity_fixtures::WORLD_COMMUNES))
    }

    /// No place at all: the empty world's.
    pub(crate) fn none() -> &'static Places {
        static NONE: OnceLock<Places> = OnceLock::new();
        NONE.get_or_init(|| Places::parse(""))
    }

    fn row_at(&self, start: u32) -> Row {
        row_in(self.text, start)
    }

    pub(crate) fn parse(text: &'static str) -> Places {
        // The table is a few megabytes: offsets fit in u32.
        let by_zip: Vec<u32> = commune_rows(text).map(|(at, _)| at as u32).collect();
        let mut places = Places { text, by_zip, by_insee: Vec::new(), communes: Vec::new(), departments: Vec::new() };
        // The file is written sorted by zip code; the keys are parsed once per row either way.
        let zip_key = |&at: &u32| {
            let row = row_in(text, at);
            (row.zip, row.insee)
        };
        if !places.by_zip.is_sorted_by_key(zip_key) {
            places.by_zip.sort_by_cached_key(zip_key);
        }
        let mut by_insee = places.by_zip.clone();
        by_insee.sort_by_cached_key(|&at| {
            let row = row_in(text, at);
            (row.insee, row.zip)
        });
        places.by_insee = by_insee;
        let mut communes: Vec<Commune> = Vec::new();
        for (index, &at) in places.by_insee.iter().enumerate() {
            let insee = places.row_at(at).insee;
            match communes.last_mut() {
                Some(commune) if commune.insee == insee => commune.count += 1,
                _ => communes.push(Commune { insee, first: index as u32, count: 1, size: Size::Village }),
            }
        }
        // How many communes share each zip code (rows in zip order: runs of the same zip).
        let mut sharing: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for &at in &places.by_zip {
            *sharing.entry(row_in(text, at).zip).or_default() += 1;
        }
        for commune in &mut communes {
            let rows: Vec<Row> =
                (0..commune.count).map(|i| places.row_at(places.by_insee[(commune.first + i) as usize])).collect();
            let arrondissement = ["751", "6938", "132"].iter().any(|p| commune.insee.starts_with(p))
                && rows[0].locality.contains("ARRONDISSEMENT");
            let sharing = rows.iter().map(|row| sharing[row.zip]).min().unwrap_or(1);
            commune.size = if arrondissement || rows.len() > 2 || rows.iter().any(|r| r.zip.ends_with("000")) {
                Size::Metropolis
            } else if sharing == 1 {
                Size::City
            } else if sharing <= 3 {
                Size::Town
            } else {
                Size::Village
            };
        }
        for (index, commune) in communes.iter().enumerate() {
            let code = department_of(commune.insee);
            match places.departments.last_mut() {
                Some((last, range)) if *last == code => range.end = index as u32 + 1,
                _ => places.departments.push((code, index as u32..index as u32 + 1)),
            }
        }
        places.communes = communes;
        places.by_zip.shrink_to_fit();
        places.by_insee.shrink_to_fit();
        places.communes.shrink_to_fit();
        places
    }

    /// The rows of a zip code, in INSEE order (none for an unknown zip code).
    pub(crate) fn zip(&self, zip: &str) -> Vec<Row> {
        let first = self.by_zip.partition_point(|&at| self.row_at(at).zip < zip);
        self.by_zip[first..].iter().map(|&at| self.row_at(at)).take_while(|row| row.zip == zip).collect()
    }

    /// A commune by INSEE code, with its index.
    pub(crate) fn commune(&self, insee: &str) -> Option<(u32, Commune)> {
        let index = self.communes.binary_search_by(|c| c.insee.cmp(insee)).ok()?;
        Some((index as u32, self.communes[index]))
    }

    /// The commune at `index` (INSEE order).
    pub(crate) fn commune_at(&self, index: u32) -> Commune {
        self.communes[index as usize]
    }

    pub(crate) fn commune_count(&self) -> u32 {
        self.communes.len() as u32
    }

    /// A département's communes, as a range of commune indices (empty for an unknown code).
    pub(crate) fn department(&self, code: &str) -> Range<u32> {
        // INSEE order is also the order of département codes (`29` < `2A` < `2B` < `30`).
        match self.departments.binary_search_by(|(c, _)| (*c).cmp(code)) {
            Ok(index) => self.departments[index].1.clone(),
            Err(_) => 0..0,
        }
    }

    /// Every département code of the data.
    #[cfg(test)]
    pub(crate) fn department_codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.departments.iter().map(|(code, _)| *code)
    }
}

/// Approximate centre (the préfecture) of each département: latitude, longitude.
pub(crate) fn department_centre(code: &str) -> (f64, f64) {
    DEPARTMENT_CENTRES.iter().find(|(c, _, _)| *c == code).map_or((46.6, 2.4), |&(_, lat, lon)| (lat, lon))
}

/// Every département with its approximate centre, for the nearest one to a point.
pub(crate) const DEPARTMENT_CENTRES: &[(&str, f64, f64)] = &[
    ("01", 46.205, 5.225),
    ("02", 49.564, 3.620),
    ("03", 46.566, 3.333),
    ("04", 44.092, 6.236),
    ("05", 44.559, 6.079),
    ("06", 43.710, 7.262),
    ("07", 44.735, 4.599),
    ("08", 49.773, 4.720),
    ("09", 42.965, 1.607),
    ("10", 48.297, 4.074),
    ("11", 43.213, 2.349),
    ("12", 44.350, 2.575),
    ("13", 43.296, 5.370),
    ("14", 49.182, -0.370),
    ("15", 44.927, 2.440),
    ("16", 45.649, 0.156),
    ("17", 46.160, -1.151),
    ("18", 47.081, 2.399),
    ("19", 45.267, 1.770),
    ("21", 47.322, 5.041),
    ("22", 48.514, -2.765),
    ("23", 46.171, 1.871),
    ("24", 45.184, 0.721),
    ("25", 47.238, 6.024),
    ("26", 44.933, 4.892),
    ("27", 49.027, 1.151),
    ("28", 48.446, 1.489),
    ("29", 47.996, -4.102),
    ("2A", 41.919, 8.738),
    ("2B", 42.697, 9.451),
    ("30", 43.837, 4.360),
    ("31", 43.605, 1.444),
    ("32", 43.646, 0.586),
    ("33", 44.838, -0.579),
    ("34", 43.611, 3.877),
    ("35", 48.117, -1.678),
    ("36", 46.811, 1.691),
    ("37", 47.394, 0.685),
    ("38", 45.188, 5.724),
    ("39", 46.675, 5.555),
    ("40", 43.894, -0.500),
    ("41", 47.586, 1.335),
    ("42", 45.440, 4.387),
    ("43", 45.043, 3.885),
    ("44", 47.218, -1.554),
    ("45", 47.903, 1.909),
    ("46", 44.448, 1.441),
    ("47", 44.203, 0.616),
    ("48", 44.518, 3.500),
    ("49", 47.478, -0.563),
    ("50", 49.116, -1.091),
    ("51", 48.957, 4.365),
    ("52", 48.111, 5.139),
    ("53", 48.073, -0.770),
    ("54", 48.692, 6.184),
    ("55", 48.773, 5.160),
    ("56", 47.658, -2.760),
    ("57", 49.119, 6.176),
    ("58", 46.990, 3.159),
    ("59", 50.629, 3.057),
    ("60", 49.430, 2.081),
    ("61", 48.432, 0.092),
    ("62", 50.291, 2.777),
    ("63", 45.778, 3.087),
    ("64", 43.295, -0.370),
    ("65", 43.233, 0.078),
    ("66", 42.699, 2.895),
    ("67", 48.573, 7.752),
    ("68", 48.079, 7.358),
    ("69", 45.764, 4.836),
    ("70", 47.623, 6.155),
    ("71", 46.307, 4.829),
    ("72", 48.006, 0.199),
    ("73", 45.564, 5.918),
    ("74", 45.899, 6.129),
    ("75", 48.857, 2.352),
    ("76", 49.443, 1.099),
    ("77", 48.540, 2.660),
    ("78", 48.801, 2.130),
    ("79", 46.323, -0.459),
    ("80", 49.894, 2.296),
    ("81", 43.929, 2.148),
    ("82", 44.018, 1.355),
    ("83", 43.124, 5.928),
    ("84", 43.949, 4.806),
    ("85", 46.670, -1.426),
    ("86", 46.580, 0.340),
    ("87", 45.834, 1.261),
    ("88", 48.173, 6.451),
    ("89", 47.798, 3.567),
    ("90", 47.638, 6.863),
    ("91", 48.629, 2.441),
    ("92", 48.892, 2.207),
    ("93", 48.908, 2.440),
    ("94", 48.790, 2.455),
    ("95", 49.036, 2.076),
    ("971", 15.998, -61.726),
    ("972", 14.616, -61.059),
    ("973", 4.922, -52.313),
    ("974", -20.882, 55.450),
    ("975", 46.780, -56.177),
    ("976", -12.780, 45.228),
];

/// The départements a geographic number's zone covers: 01 Île-de-France, 02 north-west,
/// 03 north-east, 04 south-east (with Corsica), 05 south-west (with the Antilles and Guyane);
/// ARCEP's numbering plan, La Réunion and Mayotte being in 02.
pub(crate) fn zone_departments(zone: u8) -> &'static [&'static str] {
    match zone {
        1 => &["75", "77", "78", "91", "92", "93", "94", "95"],
        2 => &[
            "14", "18", "22", "27", "28", "29", "35", "36", "37", "41", "44", "45", "49", "50", "53", "56", "61", "72",
            "76", "85", "974", "976",
        ],
        3 => &[
            "02", "08", "10", "21", "25", "39", "51", "52", "54", "55", "57", "58", "59", "60", "62", "67", "68", "70",
            "71", "80", "88", "89", "90",
        ],
        4 => &[
            "01", "03", "04", "05", "06", "07", "11", "13", "15", "26", "2A", "2B", "30", "34", "38", "42", "43", "48",
            "63", "66", "69", "73", "74", "83", "84",
        ],
        5 => &[
            "09", "12", "16", "17", "19", "23", "24", "31", "32", "33", "40", "46", "47", "64", "65", "79", "81", "82",
            "86", "87", "971", "972", "973", "975",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_departement_of_the_data_has_a_centre_and_a_zone() {
        let places = Places::get();
        assert!(places.commune_count() > 34_000, "{}", places.commune_count());
        let codes: Vec<_> = places.department_codes().collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "each département's communes are together, in code order");
        for code in &codes {
            assert!(DEPARTMENT_CENTRES.iter().any(|(c, _, _)| c == code), "no centre for {code}");
            assert!((1..=5).any(|zone| zone_departments(zone).contains(code)), "no zone for {code}");
        }
    }

    #[test]
    fn zip_codes_find_their_communes() {
        let places = Places::get();
        let orsay: Vec<_> = places.zip("91400").iter().map(|r| (r.insee, r.locality, r.city)).collect();
        assert!(orsay.contains(&("91471", "ORSAY", "ORSAY")), "{orsay:?}");
        assert_eq!(places.zip("75011")[0].city, "PARIS");
        assert_eq!(places.zip("75011")[0].locality, "PARIS 11E ARRONDISSEMENT");
        assert!(places.zip("00000").is_empty());
        let (_, paris) = places.commune("75111").unwrap();
        assert_eq!(paris.size, Size::Metropolis);
        assert_eq!(paris.row(0), places.zip("75011")[0]);
        assert_eq!(places.commune("91471").unwrap().1.row(0).locality, "ORSAY");
    }
}
