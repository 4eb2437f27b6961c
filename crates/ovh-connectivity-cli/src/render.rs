//! Output for people: the endpoint in one block, then the offers as a table, eligible first.
//! Text is styled with `anstyle` and always carries its escapes: the stream it is written to
//! (`anstream`) keeps or strips them, so colour can never change the layout. Widths are
//! measured and padding added on the visible text, before it is styled.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use ovh_connectivity_client::types::{
    Address, Building, City, CopperInfo, EligibilityTest, EndpointReferenceType, FiberInfo, Line, Offer, Street,
};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default();

/// `text` in `style`.
fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// `text` in `style`, then the spaces that make it `width` characters wide on the screen.
fn padded(style: Style, text: &str, width: usize) -> String {
    format!("{}{}", paint(style, text), " ".repeat(width.saturating_sub(text.chars().count())))
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

/// What an endpoint is, in words: `line`, `building`, `optical termination point`.
pub(crate) fn endpoint_kind(kind: &EndpointReferenceType) -> &str {
    match kind {
        EndpointReferenceType::LineNumber => "line",
        EndpointReferenceType::Building => "building",
        EndpointReferenceType::Otp => "optical termination point",
        other => other.as_str(),
    }
}

/// The endpoint block and the offers table of one eligibility test.
///
/// A test answers for what it tests: a line test says nothing of the fibre, a building or
/// OTP test nothing of the copper. What a test left out is said to be untested, never absent,
/// so that a line block and a building block of the same address do not contradict each other.
pub(crate) fn eligibility(test: &EligibilityTest) -> String {
    let endpoint = &test.endpoint;
    let mut out = String::new();
    let what = endpoint_kind(&endpoint.reference_type);
    let mut chars = what.chars();
    let kind: String = chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
    let _ = writeln!(out, "{}", paint(BOLD, &format!("{kind} {}", endpoint.reference)));
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "  {}{value}", padded(DIM, name, 10));
    };
    let untested = || {
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        format!("not tested by {article} {what} test")
    };
    // Only a line test looks at the copper, only a building or OTP test at the fibre.
    let (copper_tested, fibre_tested) = match endpoint.reference_type {
        EndpointReferenceType::LineNumber => (true, false),
        EndpointReferenceType::Building | EndpointReferenceType::Otp => (false, true),
        _ => (false, false),
    };
    if let Some(address) = &endpoint.address {
        field("address", address_line(address));
    }
    field(
        "copper",
        match &endpoint.copper_info {
            Some(copper) => copper_line(copper),
            None if copper_tested => "no line here".to_owned(),
            None => untested(),
        },
    );
    field(
        "fibre",
        match &endpoint.fiber_info {
            Some(fibre) => fibre_line(fibre),
            None if fibre_tested => "not available".to_owned(),
            None => untested(),
        },
    );
    field("reference", test.eligibility_reference.clone());
    out.push('\n');
    out.push_str(&offers(&test.offers));
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

fn offers(offers: &[Offer]) -> String {
    let mut sorted: Vec<&Offer> = offers.iter().collect();
    sorted.sort_by_key(|offer| !offer.eligibility.eligible);
    let eligible = sorted.iter().filter(|offer| offer.eligibility.eligible).count();
    let mut out = format!("{}\n", paint(BOLD, &format!("Offers: {eligible} of {} eligible", offers.len())));
    if offers.is_empty() {
        return out;
    }
    let estimate = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), rate);
    let rows: Vec<[String; 8]> = sorted
        .iter()
        .map(|offer| {
            let product = &offer.product;
            [
                if offer.eligibility.eligible { "yes".to_owned() } else { "no".to_owned() },
                product.code.clone(),
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
    out.push_str(&table(["ELIGIBLE", "CODE", "OFFER", "TYPE", "DOWN", "UP", "ESTIMATED", "NOTES"], &rows, |row| {
        if row[0] == "yes" { GREEN } else { RED }
    }));
    out
}

/// Columns padded to their widest cell; the first column in the style `first` gives its row.
fn table<const N: usize>(headers: [&str; N], rows: &[[String; N]], first: impl Fn(&[String; N]) -> Style) -> String {
    let mut widths = headers.map(|header| header.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    // The last column is not padded: no spaces at the end of a line.
    let last = |column: usize, width: usize| if column + 1 == N { 0 } else { width };
    let line = |cells: Vec<String>| cells.join("  ").trim_end().to_owned();
    let mut out = String::new();
    let header = headers
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(column, (header, width))| padded(BOLD, header, last(column, width)));
    let _ = writeln!(out, "  {}", line(header.collect()));
    for row in rows {
        let cells = row.iter().zip(widths).enumerate().map(|(column, (cell, width))| {
            let style = if column == 0 { first(row) } else { Style::new() };
            padded(style, cell, last(column, width))
        });
        let _ = writeln!(out, "  {}", line(cells.collect()));
    }
    out
}

fn plain<const N: usize>(headers: [&str; N], rows: &[[String; N]]) -> String {
    table(headers, rows, |_| Style::new())
}

pub(crate) fn cities(cities: &[City]) -> String {
    let rows: Vec<[String; 4]> = cities
        .iter()
        .map(|c| [c.insee_code.clone(), c.locality.clone().unwrap_or_default(), c.city.clone(), c.zip_code.clone()])
        .collect();
    plain(["INSEE", "LOCALITY", "CITY", "ZIP"], &rows)
}

pub(crate) fn streets(streets: &[Street]) -> String {
    let rows: Vec<[String; 2]> = streets.iter().map(|s| [s.street_code.clone(), s.street_name.clone()]).collect();
    plain(["STREET CODE", "NAME"], &rows)
}

pub(crate) fn numbers(numbers: &[String]) -> String {
    let mut out = String::new();
    for chunk in numbers.chunks(12) {
        let _ = writeln!(out, "  {}", chunk.join(" "));
    }
    out
}

pub(crate) fn buildings(buildings: &[Building]) -> String {
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
    plain(["REFERENCE", "NAME", "TYPE", "STAIRS"], &rows)
}

pub(crate) fn lines(lines: &[Line]) -> String {
    let rows: Vec<[String; 3]> = lines
        .iter()
        .map(|line| [line.line_number.clone(), address_line(&line.address), copper_line(&line.copper_info)])
        .collect();
    plain(["LINE", "ADDRESS", "COPPER"], &rows)
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

    /// The copper and fibre fields of a test of `kind` that gave neither.
    fn untested_fields(kind: &str) -> Vec<String> {
        let test: EligibilityTest = serde_json::from_value(serde_json::json!({
            "eligibilityReference": "ref",
            "endpoint": { "reference": "X", "referenceType": kind },
            "offers": []
        }))
        .unwrap();
        let block = anstream::adapter::strip_str(&eligibility(&test)).to_string();
        block
            .lines()
            .filter(|line| line.starts_with("  copper") || line.starts_with("  fibre"))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_field_a_test_does_not_look_at_is_untested_never_absent() {
        assert_eq!(
            untested_fields("lineNumber"),
            ["  copper    no line here", "  fibre     not tested by a line test"]
        );
        assert_eq!(
            untested_fields("building"),
            ["  copper    not tested by a building test", "  fibre     not available"]
        );
        assert_eq!(
            untested_fields("otp"),
            ["  copper    not tested by an optical termination point test", "  fibre     not available"]
        );
        assert_eq!(
            untested_fields("address"),
            ["  copper    not tested by an address test", "  fibre     not tested by an address test"]
        );
        assert_eq!(
            untested_fields("somethingNew"),
            ["  copper    not tested by a somethingNew test", "  fibre     not tested by a somethingNew test"]
        );
    }

    #[test]
    fn styles_wrap_the_visible_text_and_padding_is_counted_on_it() {
        assert_eq!(paint(GREEN, "yes"), "\x1b[32myes\x1b[0m");
        assert_eq!(padded(DIM, "copper", 10), "\x1b[2mcopper\x1b[0m    ");
        assert_eq!(padded(Style::new(), "fibre", 10), "fibre     ", "no style, no escapes");
        let table = table(["A", "B"], &[["yes".to_owned(), "x".to_owned()]], |_| GREEN);
        assert_eq!(
            anstream::adapter::strip_str(&table).to_string(),
            "  A    B\n  yes  x\n",
            "columns line up once the escapes are gone: {table:?}"
        );
    }
}
