//! Copper: a line's attenuation from its sections, and the rates that attenuation allows.
//!
//! The model (sources in `../shared/reference/copper-and-fibre-facts.md`):
//! - attenuation at 300 kHz is the sum over sections of length × the diameter's dB/km
//!   (4/10 mm: 15.0, 5/10: 12.4, 6/10: 10.3, 8/10: 7.9; lafibre.info, "Calcul théorique ADSL");
//! - ADSL2+ downstream follows the French Wikipedia "ADSL" table of sync rate against
//!   attenuation, linearly between its points; no ADSL past 70 dB (France Télécom's limit);
//!   upstream is 1 Mbit/s up to 40 dB, then falls to 0.4 at 70 dB (Annex A);
//! - VDSL2 only helps up to about 23 dB (1.5 km of 4/10, ARCEP's 2013–2014 figures): from about
//!   95 Mbit/s down and 50 up on the shortest lines to 30 and 8 at the limit;
//! - SDSL reaches further with more pairs.
//!
//! Every rate is a non-increasing function of attenuation, and attenuation a non-decreasing
//! function of each section's length: a longer line is never faster (a property test says so).

/// One section of a line: its length in metres and its diameter in tenths of a millimetre.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) length_m: u32,
    pub(crate) diameter: u8,
}

/// dB per km at 300 kHz for a diameter in tenths of a millimetre (unknown ones count as the
/// thinnest).
pub(crate) fn db_per_km(diameter: u8) -> f64 {
    match diameter {
        8.. => 7.9,
        6 | 7 => 10.3,
        5 => 12.4,
        _ => 15.0,
    }
}

/// The line's theoretical attenuation in dB.
pub(crate) fn attenuation_db(sections: &[Section]) -> f64 {
    sections.iter().map(|s| f64::from(s.length_m) / 1000.0 * db_per_km(s.diameter)).sum()
}

/// `(attenuation dB, ADSL2+ Mbit/s)`: the Wikipedia table, starting at 0 dB with its first rate.
const ADSL2PLUS: [(f64, f64); 10] = [
    (0.0, 19.4),
    (4.1, 19.4),
    (12.5, 18.2),
    (20.3, 14.2),
    (29.7, 11.3),
    (39.6, 7.4),
    (47.6, 5.4),
    (53.0, 4.3),
    (60.8, 3.0),
    (70.0, 1.0),
];

/// Past this, no ADSL.
pub(crate) const ADSL_LIMIT_DB: f64 = 70.0;
/// Past this, VDSL2 gives nothing more than ADSL2+: not offered.
pub(crate) const VDSL_LIMIT_DB: f64 = 23.0;

fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    let x = x.max(points[0].0);
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    points[points.len() - 1].1
}

/// Estimated rates in Mbit/s, downstream and upstream.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rates {
    pub(crate) down: f64,
    pub(crate) up: f64,
}

/// ADSL2+ rates, or `None` past the ADSL limit.
pub(crate) fn adsl(attenuation: f64) -> Option<Rates> {
    (attenuation <= ADSL_LIMIT_DB).then(|| Rates {
        down: round3(interpolate(&ADSL2PLUS, attenuation)),
        up: round3(interpolate(&[(0.0, 1.0), (40.0, 1.0), (70.0, 0.4)], attenuation)),
    })
}

/// VDSL2 rates, or `None` past the VDSL limit.
pub(crate) fn vdsl(attenuation: f64) -> Option<Rates> {
    (attenuation <= VDSL_LIMIT_DB).then(|| Rates {
        down: round3(interpolate(&[(0.0, 95.0), (VDSL_LIMIT_DB, 30.0)], attenuation)),
        up: round3(interpolate(&[(0.0, 50.0), (VDSL_LIMIT_DB, 8.0)], attenuation)),
    })
}

/// The farthest attenuation at which SDSL on `pairs` pairs carries `rate_mbps` guaranteed.
pub(crate) fn sdsl_reach_db(pairs: u8, rate_mbps: u32) -> f64 {
    let base = match pairs {
        0 | 1 => 40.0,
        2 | 3 => 50.0,
        _ => 60.0,
    };
    // Higher guaranteed rates reach less far: about 3 dB less per doubling.
    base - 3.0 * f64::from(rate_mbps.max(1)).log2()
}

/// Rounded to 3 decimals, as the API shows rates (`8.174`).
fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_guide_and_the_table_agree_on_attenuation() {
        // The guide's 3010 m of 4/10 is about 45 dB.
        let guide = attenuation_db(&[Section { length_m: 3010, diameter: 4 }]);
        assert!((guide - 45.15).abs() < 0.01, "{guide}");
        // Table points are hit exactly.
        assert_eq!(adsl(20.3).unwrap().down, 14.2);
        assert_eq!(adsl(39.6).unwrap().down, 7.4);
        assert!(adsl(70.1).is_none() && vdsl(23.1).is_none());
        assert_eq!(vdsl(0.0).unwrap(), Rates { down: 95.0, up: 50.0 });
    }

    fn sections() -> impl Strategy<Value = Vec<Section>> {
        proptest::collection::vec(
            (1u32..8_000, prop_oneof![Just(4u8), Just(5), Just(6), Just(8)])
                .prop_map(|(length_m, diameter)| Section { length_m, diameter }),
            1..4,
        )
    }

    proptest! {
        #[test]
        fn a_longer_line_is_never_faster(line in sections(), which in 0usize..3, extra in 1u32..3_000) {
            let mut longer = line.clone();
            let index = which % longer.len();
            longer[index].length_m += extra;
            let (short, long) = (attenuation_db(&line), attenuation_db(&longer));
            prop_assert!(long >= short);
            for rates in [adsl, vdsl] {
                match (rates(short), rates(long)) {
                    (Some(s), Some(l)) => prop_assert!(l.down <= s.down && l.up <= s.up, "{s:?} then {l:?}"),
                    (None, Some(_)) => prop_assert!(false, "the longer line gets a service the shorter does not"),
                    (_, None) => {}
                }
            }
            for pairs in [1, 2, 4] {
                prop_assert!(!(long <= sdsl_reach_db(pairs, 1) && short > sdsl_reach_db(pairs, 1)));
            }
        }
    }
}
