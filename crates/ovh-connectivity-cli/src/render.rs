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
///
/// The offers table fits `width` columns as well as it can ([`offers`]); without one, each
/// row is one line.
pub(crate) fn eligibility(test: &EligibilityTest, width: Option<usize>) -> String {
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
    out.push_str(&offers(&test.offers, width));
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

/// The offers table, as narrow as `width` columns allows: NOTES, OFFER then ESTIMATED wrap
/// (down to 16, 10 and 10 columns, never inside a word), once ESTIMATED is left out when no
/// offer has an estimate and the table would not fit with it. Past that, it stays wider than
/// `width` (a copper table with estimates needs about 92 columns).
fn offers(offers: &[Offer], width: Option<usize>) -> String {
    let mut sorted: Vec<&Offer> = offers.iter().collect();
    sorted.sort_by_key(|offer| !offer.eligibility.eligible);
    let eligible = sorted.iter().filter(|offer| offer.eligibility.eligible).count();
    let mut out = format!("{}\n", paint(BOLD, &format!("Offers: {eligible} of {} eligible", offers.len())));
    if offers.is_empty() {
        return out;
    }
    let estimate = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), rate);
    let mut headers = vec!["ELIGIBLE", "CODE", "OFFER", "TYPE", "DOWN", "UP", "ESTIMATED", "NOTES"];
    let mut rows: Vec<Vec<String>> = sorted
        .iter()
        .map(|offer| {
            let product = &offer.product;
            vec![
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
    let style = |row: &[String]| if row[0] == "yes" { GREEN } else { RED };
    let whole = table(&headers, &rows, style, None);
    let Some(width) = width else {
        out.push_str(&whole);
        return out;
    };
    let fits =
        |table: &str| anstream::adapter::strip_str(table).to_string().lines().all(|line| line.chars().count() <= width);
    // Too wide: first without ESTIMATED when no offer has an estimate, then wrapping.
    const ESTIMATED: usize = 6;
    if !fits(&whole) && rows.iter().all(|row| row[ESTIMATED] == "-") {
        headers.remove(ESTIMATED);
        for row in &mut rows {
            row.remove(ESTIMATED);
        }
    }
    // NOTES wrap first (sentences), then OFFER (names), then ESTIMATED if it is still there.
    let notes = headers.len() - 1;
    let wrap = [(notes, 16), (2, 10), (ESTIMATED, 10)];
    let wrap = if notes == ESTIMATED { &wrap[..2] } else { &wrap[..] };
    out.push_str(&table(&headers, &rows, style, Some(Fit { width, wrap })));
    out
}

/// How a table fits a width: the columns that may wrap (index, narrowest width).
#[derive(Clone, Copy, Debug)]
struct Fit<'a> {
    width: usize,
    wrap: &'a [(usize, usize)],
}

/// `text`'s words in lines of at most `width` characters; a longer word on a line of its own.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Columns padded to their widest cell; the first column in the style `first` gives its row.
/// With a `fit`, the columns it names are narrowed in its order (each down to its narrowest
/// width or its longest word before the next is touched) until the table fits its width, and
/// their cells wrap onto lines of their own, the other cells blank there.
fn table(headers: &[&str], rows: &[Vec<String>], first: impl Fn(&[String]) -> Style, fit: Option<Fit<'_>>) -> String {
    let columns = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|header| header.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let total = |widths: &[usize]| 2 + widths.iter().sum::<usize>() + 2 * (columns - 1);
    if let Some(fit) = fit {
        // The narrowest each wrapping column may be: its floor, its header, its longest word.
        let floors: Vec<(usize, usize)> = fit
            .wrap
            .iter()
            .map(|&(column, least)| {
                let word = rows
                    .iter()
                    .flat_map(|row| row[column].split_whitespace())
                    .chain([headers[column]])
                    .map(|word| word.chars().count())
                    .max()
                    .unwrap_or(0);
                (column, least.max(word))
            })
            .collect();
        for (column, floor) in floors {
            let over = total(&widths).saturating_sub(fit.width);
            widths[column] -= over.min(widths[column].saturating_sub(floor));
        }
    }
    // The last column is not padded: no spaces at the end of a line.
    let last = |column: usize, width: usize| if column + 1 == columns { 0 } else { width };
    let line = |cells: Vec<String>| cells.join("  ").trim_end().to_owned();
    let mut out = String::new();
    let header = headers
        .iter()
        .zip(&widths)
        .enumerate()
        .map(|(column, (header, &width))| padded(BOLD, header, last(column, width)));
    let _ = writeln!(out, "  {}", line(header.collect()));
    for row in rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| if cell.chars().count() > width { wrapped(cell, width) } else { vec![cell.clone()] })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for index in 0..height {
            let parts = cells.iter().zip(&widths).enumerate().map(|(column, (lines, &width))| {
                let style = if column == 0 && index == 0 { first(row) } else { Style::new() };
                padded(style, lines.get(index).map_or("", String::as_str), last(column, width))
            });
            let _ = writeln!(out, "  {}", line(parts.collect()));
        }
    }
    out
}

fn plain<const N: usize>(headers: [&str; N], rows: &[[String; N]]) -> String {
    let rows: Vec<Vec<String>> = rows.iter().map(|row| row.to_vec()).collect();
    table(&headers, &rows, |_| Style::new(), None)
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
        let block = anstream::adapter::strip_str(&eligibility(&test, None)).to_string();
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
    fn words_wrap_at_spaces_and_a_long_word_keeps_its_own_line() {
        assert_eq!(wrapped("Too much attenuation to deliver", 14), ["Too much", "attenuation to", "deliver"]);
        assert_eq!(wrapped("a unbreakable-word b", 5), ["a", "unbreakable-word", "b"]);
        assert_eq!(wrapped("", 5), [""]);
    }

    #[test]
    fn styles_wrap_the_visible_text_and_padding_is_counted_on_it() {
        assert_eq!(paint(GREEN, "yes"), "\x1b[32myes\x1b[0m");
        assert_eq!(padded(DIM, "copper", 10), "\x1b[2mcopper\x1b[0m    ");
        assert_eq!(padded(Style::new(), "fibre", 10), "fibre     ", "no style, no escapes");
        let table = table(&["A", "B"], &[vec!["yes".to_owned(), "x".to_owned()]], |_| GREEN, None);
        assert_eq!(
            anstream::adapter::strip_str(&table).to_string(),
            "  A    B\n  yes  x\n",
            "columns line up once the escapes are gone: {table:?}"
        );
    }
}
