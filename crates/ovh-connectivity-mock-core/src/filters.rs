//! List filters: what a query such as `?status=validated` selects from the list a route's
//! fixtures hold (facts §8, 2026 schema).
//!
//! The list is the route's fixture without a query or, for a route that has none (the
//! partners routes), the union of its fixtures' lists, one entry per `id`. A filter selects
//! from it, bounds inclusive:
//! - `status`: items whose `status` is that value;
//! - incidents' `creationDate`, works' `beginDate` (the item's `dateBegin`): on or after the
//!   parameter;
//! - incidents' `endDate`, works' `endDate` (the item's `dateEnd`): on or before the parameter;
//!   an incident still open (`endDate: null`) is not "closed before" any date.
//!
//! A parameter is an RFC 3339 date-time (`2026-11-26T08:00:00+01:00`), compared as an instant,
//! or a date (`2026-11-26`), compared with the item's date as written. A fixture written for
//! the exact query wins over filtering (the caller only filters when none matched).

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use crate::catalog::Catalog;
use crate::reply::Reply;
use ovh_connectivity_types::Operation;

/// Which way a date filter bounds an item's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bound {
    /// On or after the parameter.
    From,
    /// On or before the parameter.
    Until,
}

/// A date parameter as given.
#[derive(Clone, Copy, Debug)]
enum When {
    Instant(OffsetDateTime),
    Day(Date),
}

/// One filter read from the query.
#[derive(Debug)]
enum Filter<'q> {
    Status(&'q str),
    /// `field` is the item's property the parameter bounds.
    Date {
        field: &'static str,
        bound: Bound,
        when: When,
    },
}

/// The answer to a list route's request that no fixture answers exactly, from the route's
/// fixtures; `None` when the route is not a list with filters, or has no fixture to select
/// from (the caller then answers as for any uncovered request).
///
/// `query` holds the declared parameters only (absent ones, and `null`, already removed).
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
pub(crate) fn select(
    catalog: &Catalog,
    operation: Operation,
    query: &[(String, String)],
) -> Option<Result<Reply, Reply>> {
    let filters = match read_filters(operation, query)? {
        Ok(filters) => filters,
        Err(reply) => return Some(Err(reply)),
    };
    let list = base_list(catalog, operation)?;
    let kept: Vec<&Value> = list.iter().filter(|item| filters.iter().all(|filter| keeps(filter, item))).collect();
    let note = format!("filtered from the route's fixtures: {} of {}", kept.len(), list.len());
    let body = serde_json::to_vec(&kept).unwrap_or_else(|_| b"[]".to_vec());
    Some(Ok(Reply::json(http::StatusCode::OK, body).with_note(note)))
}

/// The filters of a list route's query; `None` when the operation has no list filter.
fn read_filters(operation: Operation, query: &[(String, String)]) -> Option<Result<Vec<Filter<'_>>, Reply>> {
    use Operation as O;
    // The date parameters each list route declares: the item's property each bounds, and how.
    let dates: &[(&str, &'static str, Bound)] = match operation {
        O::GenericIncidentPublic | O::GenericIncidentPartners => {
            &[("creationDate", "creationDate", Bound::From), ("endDate", "endDate", Bound::Until)]
        }
        O::WorkPlannedPublic => &[("beginDate", "dateBegin", Bound::From), ("endDate", "dateEnd", Bound::Until)],
        // A list without filters: every item is selected.
        O::WorkPlannedPartners => &[],
        O::SearchCities
        | O::SearchStreets
        | O::SearchStreetNumbers
        | O::SearchStreetNumberDetails
        | O::SearchBuildings
        | O::SearchBuildingsByLine
        | O::SearchBuildingDetails
        | O::SearchLines
        | O::SearchAddresses
        | O::SearchMeetings
        | O::TestLine
        | O::TestLinePartners
        | O::TestAddress
        | O::TestAddressPartners
        | O::TestBuilding
        | O::TestBuildingPartners
        | O::TestOtp
        | O::TestOtpPartners
        | O::GetEligibilityTest
        | O::ListRecalls
        | O::CreateRecall
        | O::GetRecall
        | O::EditRecall
        | O::DeleteRecall => return None,
    };
    let has_status = matches!(operation, O::GenericIncidentPublic | O::GenericIncidentPartners);
    let mut filters = Vec::new();
    for (name, value) in query {
        if has_status && name == "status" {
            filters.push(Filter::Status(value));
        } else if let Some((_, field, bound)) = dates.iter().find(|(parameter, _, _)| parameter == name) {
            match parse_when(value) {
                Some(when) => filters.push(Filter::Date { field, bound: *bound, when }),
                None => {
                    // `+01:00` sent unencoded arrives as ` 01:00`: a query string's `+` is a space.
                    let hint =
                        if value.contains(' ') { "; a + in a query string is a space: write it %2B" } else { "" };
                    return Some(Err(Reply::bad_request(format!(
                        "Invalid parameter {name}: `{value}` is not a date (2026-11-26) or a date-time \
                         (2026-11-26T08:00:00%2B01:00){hint}"
                    ))));
                }
            }
        }
    }
    Some(Ok(filters))
}

fn parse_when(text: &str) -> Option<When> {
    if let Ok(instant) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(When::Instant(instant));
    }
    let day = time::format_description::parse_borrowed::<2>("[year]-[month]-[day]").ok()?;
    Date::parse(text, &day).ok().map(When::Day)
}

/// Whether `item` passes `filter`.
fn keeps(filter: &Filter<'_>, item: &Value) -> bool {
    match filter {
        Filter::Status(status) => item.get("status").and_then(Value::as_str) == Some(status),
        Filter::Date { field, bound, when } => {
            // A missing or null date (an incident still open) passes no date filter.
            let Some(text) = item.get(*field).and_then(Value::as_str) else { return false };
            let ordering = match when {
                When::Instant(instant) => match OffsetDateTime::parse(text, &Rfc3339) {
                    Ok(date) => date.cmp(instant),
                    Err(_) => return false,
                },
                When::Day(day) => match parse_when(text.get(..10).unwrap_or(text)) {
                    Some(When::Day(date)) => date.cmp(day),
                    Some(When::Instant(_)) | None => return false,
                },
            };
            match bound {
                Bound::From => ordering.is_ge(),
                Bound::Until => ordering.is_le(),
            }
        }
    }
}

/// The list a filter selects from: the route's fixture without a query, or the union of the
/// route's fixtures' lists, one entry per `id` (the first fixture in id order wins).
fn base_list(catalog: &Catalog, operation: Operation) -> Option<Vec<Value>> {
    let final_list = |fixture: &ovh_connectivity_fixtures::Fixture| -> Option<Vec<Value>> {
        let phase = fixture.final_phase();
        if !(200..300).contains(&phase.status) {
            return None;
        }
        match serde_json::from_str(&phase.body) {
            Ok(Value::Array(items)) => Some(items),
            Ok(_) | Err(_) => None,
        }
    };
    let mut fixtures: Vec<_> = catalog.set.iter().filter(|fixture| fixture.operation == operation).collect();
    if fixtures.is_empty() {
        return None;
    }
    fixtures.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(plain) = fixtures.iter().find(|fixture| fixture.request.query.is_empty()) {
        return final_list(plain);
    }
    let mut union: Vec<Value> = Vec::new();
    for items in fixtures.into_iter().filter_map(final_list) {
        for item in items {
            let id = item.get("id");
            if id.is_none() || !union.iter().any(|kept| kept.get("id") == id) {
                union.push(item);
            }
        }
    }
    Some(union)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(status: &str, created: &str, end: Option<&str>) -> Value {
        serde_json::json!({"id": 1, "status": status, "creationDate": created, "endDate": end})
    }

    fn date(field: &'static str, bound: Bound, text: &str) -> Filter<'static> {
        Filter::Date { field, bound, when: parse_when(text).expect("a date") }
    }

    #[test]
    fn bounds_are_inclusive_for_instants_and_days() {
        let item = incident("closed", "2026-11-26T07:42:00+01:00", Some("2026-11-27T18:00:00+01:00"));
        assert!(keeps(&date("creationDate", Bound::From, "2026-11-26T07:42:00+01:00"), &item));
        assert!(keeps(&date("creationDate", Bound::From, "2026-11-26T06:42:00Z"), &item), "the same instant in UTC");
        assert!(!keeps(&date("creationDate", Bound::From, "2026-11-26T06:43:00Z"), &item));
        assert!(keeps(&date("creationDate", Bound::From, "2026-11-26"), &item));
        assert!(!keeps(&date("creationDate", Bound::From, "2026-11-27"), &item));
        assert!(keeps(&date("endDate", Bound::Until, "2026-11-27"), &item), "closed on that day");
        assert!(!keeps(&date("endDate", Bound::Until, "2026-11-26"), &item));
        assert!(keeps(&Filter::Status("closed"), &item));
        assert!(!keeps(&Filter::Status("validated"), &item));
    }

    #[test]
    fn an_open_incident_is_not_closed_before_any_date() {
        let open = incident("validated", "2026-11-26T07:42:00+01:00", None);
        assert!(!keeps(&date("endDate", Bound::Until, "2999-01-01"), &open));
    }

    #[test]
    fn malformed_dates_are_refused() {
        for text in ["yesterday", "2026-13-01", "26/11/2026", "2026-11-26T07:42:00", ""] {
            assert!(parse_when(text).is_none(), "{text}");
        }
    }
}
