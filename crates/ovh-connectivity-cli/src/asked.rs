//! The guide's warning, built in: "always check that the address an answer returns is the
//! installation's". An eligibility answer names what it is about; when that is not what was
//! asked (the guide's own building test answers for `IMB/91234/A/NT6Z` when
//! `IMB/91471/C/NT8X` was asked), the command says so on stderr, naming both; so does a
//! search of lines at an address that answers with a line elsewhere. Pure: the caller prints.

use ovh_connectivity_client::types::{Address, EligibilityTest, Line};

use crate::identifiers;
use crate::matching::street_number;
use crate::render::endpoint_kind;

/// What an eligibility test asked about, as the request named it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Asked<'a> {
    /// A line, by its number (ten digits).
    Line(&'a str),
    /// A building, by its reference.
    Building(&'a str),
    /// An optical termination point, by its reference.
    Otp(&'a str),
    /// An address, by its street code and number: its test answers with a line (expected),
    /// whose address must be the one asked.
    Address {
        /// The street code asked.
        street_code: &'a str,
        /// The street number asked.
        number: &'a str,
    },
    /// An earlier test, by its eligibility reference.
    Reference(&'a str),
}

/// A warning, when `test` is about something other than `asked`: what was asked and what the
/// answer is about, both named. `None` when they agree, or when the answer does not say.
pub(crate) fn mismatch(asked: Asked<'_>, test: &EligibilityTest) -> Option<String> {
    let endpoint = &test.endpoint;
    let same_reference =
        |asked: &str, answered: &str| identifiers::reference(asked).ok() == identifiers::reference(answered).ok();
    let (asked, answered) = match asked {
        Asked::Line(number) => {
            let answered = identifiers::line_number(&endpoint.reference).unwrap_or_else(|_| endpoint.reference.clone());
            if answered == number {
                return None;
            }
            (format!("line {number}"), format!("line {}", endpoint.reference))
        }
        Asked::Building(reference) | Asked::Otp(reference) => {
            if same_reference(reference, &endpoint.reference) {
                return None;
            }
            let kind = if matches!(asked, Asked::Building(_)) { "building" } else { "optical termination point" };
            (
                format!("{kind} {reference}"),
                format!("{} {}", endpoint_kind(&endpoint.reference_type), endpoint.reference),
            )
        }
        Asked::Address { street_code, number } => (
            format!("number {number} of street {street_code}"),
            elsewhere(street_code, number, endpoint.address.as_ref()?)?,
        ),
        Asked::Reference(reference) => {
            if test.eligibility_reference == reference.trim() {
                return None;
            }
            (format!("test {reference}"), format!("test {}", test.eligibility_reference))
        }
    };
    Some(warning(&asked, &answered))
}

/// A warning when `line`, found by a search of lines at `number` of `street_code`, is
/// elsewhere.
pub(crate) fn line_elsewhere(street_code: &str, number: &str, line: &Line) -> Option<String> {
    let answered = elsewhere(street_code, number, &line.address)?;
    Some(warning(
        &format!("number {number} of street {street_code}"),
        &format!("line {} at {answered}", line.line_number),
    ))
}

/// `address` when it is not at `number` of `street_code` (`number 4 of street 9412301234 (4
/// RUE DES JARDINS)`); `None` when it is, or does not say.
fn elsewhere(street_code: &str, number: &str, address: &Address) -> Option<String> {
    let (code, answered) = (address.street_code.as_deref()?, address.street_number.as_deref()?);
    if code.trim() == street_code.trim() && street_number(answered) == street_number(number) {
        return None;
    }
    let street = address.street_name.as_deref().map(|name| format!(" ({answered} {name})"));
    Some(format!("number {answered} of street {code}{}", street.unwrap_or_default()))
}

fn warning(asked: &str, answered: &str) -> String {
    format!(
        "warning: {asked} was asked, but the API's answer is about {answered}: check that it is the installation you mean"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(reference_type: &str, reference: &str, address: Option<(&str, &str)>) -> EligibilityTest {
        let address = address.map(|(code, number)| {
            serde_json::json!({
                "city": "ORSAY", "zipCode": "91400", "inseeCode": "91471",
                "streetCode": code, "streetNumber": number, "streetName": "RUE DU VERGER"
            })
        });
        serde_json::from_value(serde_json::json!({
            "eligibilityReference": "ref-1",
            "endpoint": { "reference": reference, "referenceType": reference_type, "address": address },
            "offers": []
        }))
        .expect("a test")
    }

    #[test]
    fn the_same_thing_is_no_warning() {
        assert_eq!(mismatch(Asked::Line("0123456789"), &test("lineNumber", "0123456789", None)), None);
        assert_eq!(mismatch(Asked::Building("IMB/91471/C/NT8X"), &test("building", "imb/91471/c/nt8x", None)), None);
        assert_eq!(mismatch(Asked::Otp("OO-1234-5678/C"), &test("otp", "OO-1234-5678/C", None)), None);
        let at = Asked::Address { street_code: "9147132200", number: "2B" };
        assert_eq!(mismatch(at, &test("lineNumber", "0123456789", Some(("9147132200", "2 bis")))), None);
        assert_eq!(mismatch(at, &test("lineNumber", "0123456789", None)), None, "an answer without an address");
        assert_eq!(mismatch(Asked::Reference("ref-1"), &test("lineNumber", "0123456789", None)), None);
    }

    #[test]
    fn another_thing_is_named_beside_what_was_asked() {
        let building = mismatch(Asked::Building("IMB/91471/C/NT8X"), &test("building", "IMB/91234/A/NT6Z", None));
        assert_eq!(
            building.as_deref(),
            Some(
                "warning: building IMB/91471/C/NT8X was asked, but the API's answer is about building \
                 IMB/91234/A/NT6Z: check that it is the installation you mean"
            )
        );
        let line = mismatch(Asked::Line("0123456789"), &test("lineNumber", "0987654321", None)).unwrap();
        assert!(line.contains("line 0123456789 was asked") && line.contains("about line 0987654321"), "{line}");
        let otp = mismatch(Asked::Otp("OO-1234-5678/C"), &test("otp", "OO-1234-5678/D", None)).unwrap();
        assert!(otp.contains("optical termination point OO-1234-5678/C was asked"), "{otp}");
        assert!(otp.contains("about optical termination point OO-1234-5678/D"), "{otp}");
        let at = Asked::Address { street_code: "9147132200", number: "2" };
        let number = mismatch(at, &test("lineNumber", "0123456789", Some(("9147132200", "4")))).unwrap();
        assert!(
            number.contains("number 2 of street 9147132200 was asked")
                && number.contains("about number 4 of street 9147132200 (4 RUE DU VERGER)"),
            "{number}"
        );
        let street = mismatch(at, &test("lineNumber", "0123456789", Some(("9447132200", "2"))));
        assert!(street.is_some_and(|warning| warning.contains("of street 9447132200")));
        let line: Line = serde_json::from_value(serde_json::json!({
            "lineNumber": "0123456789",
            "address": { "city": "ROUBAIX", "zipCode": "94123", "inseeCode": "94123", "streetCode": "123456789",
                         "streetNumber": "4", "streetName": "RUE DES JARDINS" },
            "copperInfo": { "sectionsLengths": [], "status": "inactive", "unlistedNumber": false }
        }))
        .unwrap();
        assert_eq!(line_elsewhere("123456789", "4", &line), None);
        assert_eq!(
            line_elsewhere("123456789", "2", &line).as_deref(),
            Some(
                "warning: number 2 of street 123456789 was asked, but the API's answer is about line 0123456789 at \
                 number 4 of street 123456789 (4 RUE DES JARDINS): check that it is the installation you mean"
            )
        );
        let reference = mismatch(Asked::Reference("ref-2"), &test("lineNumber", "0123456789", None)).unwrap();
        assert!(reference.contains("test ref-2 was asked") && reference.contains("about test ref-1"), "{reference}");
    }
}
