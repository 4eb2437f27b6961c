//! Output for people: the endpoint in one block, then the offers as a table, eligible first.

use std::fmt::Write as _;

use ovh_connectivity_client::types::{
    Address, Building, City, CopperInfo, EligibilityTest, FiberInfo, Line, Offer, Street,
};

/// Colours, or plain text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Paint {
    pub(crate) colour: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn green(self, text: &str) -> String {
        self.wrap("32", text)
    }

    fn red(self, text: &str) -> String {
        self.wrap("31", text)
    }

    fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }
}

/// A rate in Mb/s, to a tenth at most: `1000 Mb/s`, `0.5 Mb/s`, `8.2 Mb/s` for 8.1738.
fn rate(value: f64) -> String {
    let tenths = format!("{value:.1}");
    format!("{} Mb/s", tenths.strip_suffix(".0").unwrap_or(&tenths))
}

fn address_line(address: &Address) -> String {
    let street = [address.street_number.as_deref(), address.street_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut parts = Vec::new();
    if let Some(building) = address.building.as_deref().filter(|b| !b.is_empty()) {
        parts.push(building.to_owned());
    }
    if !street.is_empty() {
        parts.push(street);
    }
    parts.push(format!("{} {}", address.zip_code, address.city));
    let mut line = parts.join(", ");
    let place: Vec<String> = [("stair", &address.stairs), ("floor", &address.floor), ("door", &address.door)]
        .into_iter()
        .filter_map(|(what, value)| value.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{what} {v}")))
        .collect();
    if !place.is_empty() {
        let _ = write!(line, " ({})", place.join(", "));
    }
    line
}

fn copper_line(copper: &CopperInfo) -> String {
    let length: i64 = copper.sections_lengths.iter().map(|section| section.length).sum();
    let mut text = if copper.sections_lengths.is_empty() {
        "length unknown".to_owned()
    } else {
        format!(
            "{length} m in {} section{}",
            copper.sections_lengths.len(),
            if copper.sections_lengths.len() == 1 { "" } else { "s" }
        )
    };
    match (copper.available_pairs, copper.max_available_pairs) {
        (Some(free), Some(max)) => {
            let _ = write!(text, ", {free} of {max} pairs free");
        }
        (Some(free), None) => {
            let _ = write!(text, ", {free} pairs free");
        }
        (None, _) => {}
    }
    let _ = write!(text, ", line {}", copper.status);
    if let Some(nra) = &copper.nra {
        let _ = write!(text, ", exchange {nra}");
    }
    text
}

fn fibre_line(fibre: &FiberInfo) -> String {
    let mut text = format!("available, operator {}", fibre.operator_name);
    if let Some(reference) = &fibre.building_reference {
        let _ = write!(text, ", building {reference}");
        if let Some(name) = fibre.building_name.as_deref().filter(|n| !n.is_empty()) {
            let _ = write!(text, " ({name})");
        }
    }
    text
}

/// The endpoint block and the offers table of one eligibility test.
pub(crate) fn eligibility(test: &EligibilityTest, paint: Paint) -> String {
    let endpoint = &test.endpoint;
    let mut out = String::new();
    let kind = match endpoint.reference_type.as_str() {
        "lineNumber" => "Line".to_owned(),
        "building" => "Building".to_owned(),
        "otp" => "Optical termination point".to_owned(),
        other => other.to_owned(),
    };
    let _ = writeln!(out, "{}", paint.bold(&format!("{kind} {}", endpoint.reference)));
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "  {:<10}{value}", paint.dim(name));
    };
    if let Some(address) = &endpoint.address {
        field("address", address_line(address));
    }
    field("copper", endpoint.copper_info.as_ref().map_or_else(|| "no line here".to_owned(), copper_line));
    field("fibre", endpoint.fiber_info.as_ref().map_or_else(|| "not available".to_owned(), fibre_line));
    field("reference", test.eligibility_reference.clone());
    out.push('\n');
    out.push_str(&offers(&test.offers, paint));
    out
}

/// Notes of an offer in plain words: why not, or under which conditions.
fn notes(offer: &Offer) -> String {
    let eligibility = &offer.eligibility;
    let messages = if eligibility.eligible { &eligibility.under_conditions } else { &eligibility.reasons };
    messages
        .iter()
        .map(|message| if message.message.is_empty() { message.code.to_string() } else { message.message.clone() })
        .collect::<Vec<_>>()
        .join(" ")
}

fn offers(offers: &[Offer], paint: Paint) -> String {
    let mut sorted: Vec<&Offer> = offers.iter().collect();
    sorted.sort_by_key(|offer| !offer.eligibility.eligible);
    let eligible = sorted.iter().filter(|offer| offer.eligibility.eligible).count();
    let mut out = format!("{}\n", paint.bold(&format!("Offers: {eligible} of {} eligible", offers.len())));
    if offers.is_empty() {
        return out;
    }
    let estimate = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), rate);
    let rows: Vec<[String; 7]> = sorted
        .iter()
        .map(|offer| {
            let product = &offer.product;
            [
                if offer.eligibility.eligible { "yes".to_owned() } else { "no".to_owned() },
                product.name.clone(),
                product.product_type.to_string(),
                rate(product.download_rate),
                rate(product.upload_rate),
                match (offer.eligibility.estimated_download_rate, offer.eligibility.estimated_upload_rate) {
                    (None, None) => "-".to_owned(),
                    (Some(down), Some(up)) if down == 0.0 && up == 0.0 => "-".to_owned(),
                    (down, up) => format!("{} / {}", estimate(down), estimate(up)),
                },
                notes(offer),
            ]
        })
        .collect();
    out.push_str(&table(
        ["ELIGIBLE", "OFFER", "TYPE", "DOWN", "UP", "ESTIMATED", "NOTES"],
        &rows,
        paint,
        |row, text| match row[0].as_str() {
            "yes" => paint.green(text),
            _ => paint.red(text),
        },
    ));
    out
}

/// Columns padded to their widest cell; the first column coloured by `first`.
fn table<const N: usize>(
    headers: [&str; N],
    rows: &[[String; N]],
    paint: Paint,
    first: impl Fn(&[String; N], &str) -> String,
) -> String {
    let mut widths = headers.map(|header| header.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let pad = |text: &str, width: usize| format!("{text}{}", " ".repeat(width.saturating_sub(text.chars().count())));
    let mut out = String::new();
    let header: Vec<String> = headers.iter().zip(widths).map(|(header, width)| pad(header, width)).collect();
    let _ = writeln!(out, "  {}", paint.bold(header.join("  ").trim_end()));
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(column, (cell, width))| {
                let padded = pad(cell, if column + 1 == N { 0 } else { width });
                if column == 0 { first(row, &padded) } else { padded }
            })
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
    out
}

fn plain<const N: usize>(headers: [&str; N], rows: &[[String; N]], paint: Paint) -> String {
    table(headers, rows, paint, |_, text| text.to_owned())
}

pub(crate) fn cities(cities: &[City], paint: Paint) -> String {
    let rows: Vec<[String; 4]> = cities
        .iter()
        .map(|c| [c.insee_code.clone(), c.locality.clone().unwrap_or_default(), c.city.clone(), c.zip_code.clone()])
        .collect();
    plain(["INSEE", "LOCALITY", "CITY", "ZIP"], &rows, paint)
}

pub(crate) fn streets(streets: &[Street], paint: Paint) -> String {
    let rows: Vec<[String; 2]> = streets.iter().map(|s| [s.street_code.clone(), s.street_name.clone()]).collect();
    plain(["STREET CODE", "NAME"], &rows, paint)
}

pub(crate) fn numbers(numbers: &[String]) -> String {
    let mut out = String::new();
    for chunk in numbers.chunks(12) {
        let _ = writeln!(out, "  {}", chunk.join(" "));
    }
    out
}

pub(crate) fn buildings(buildings: &[Building], paint: Paint) -> String {
    let rows: Vec<[String; 4]> = buildings
        .iter()
        .map(|b| {
            let stairs = b.stairs.as_ref().map_or(0, Vec::len);
            [
                b.reference.clone(),
                b.name.clone(),
                b.building_type.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string),
                if stairs == 0 { "-".to_owned() } else { stairs.to_string() },
            ]
        })
        .collect();
    plain(["REFERENCE", "NAME", "TYPE", "STAIRS"], &rows, paint)
}

pub(crate) fn lines(lines: &[Line], paint: Paint) -> String {
    let rows: Vec<[String; 3]> = lines
        .iter()
        .map(|line| [line.line_number.clone(), address_line(&line.address), copper_line(&line.copper_info)])
        .collect();
    plain(["LINE", "ADDRESS", "COPPER"], &rows, paint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_drop_needless_decimals() {
        assert_eq!(rate(1000.0), "1000 Mb/s");
        assert_eq!(rate(0.5), "0.5 Mb/s");
        assert_eq!(rate(8.173828125), "8.2 Mb/s");
        assert_eq!(rate(0.99707), "1 Mb/s");
    }

    #[test]
    fn colour_only_when_asked() {
        assert_eq!(Paint { colour: false }.green("yes"), "yes");
        assert_eq!(Paint { colour: true }.green("yes"), "\x1b[32myes\x1b[0m");
    }
}
