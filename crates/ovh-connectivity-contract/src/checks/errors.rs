//! Errors: malformed bodies, missing fields, unknown routes and wrong methods get OVH errors.

use super::{Ctx, Outcome};
use crate::judge::expect_ovh_error;

pub(super) async fn malformed_body(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.raw("POST", "/connectivity/eligibility/search/cities", Some(br#"{"zipCode":"#)).await?;
    expect_ovh_error(&answer, &[400], "malformed JSON")
}

pub(super) async fn missing_field(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer =
        ctx.raw("POST", "/connectivity/eligibility/test/line", Some(br#"{"lineNumber":"0123456789"}"#)).await?;
    expect_ovh_error(&answer, &[400], "missing `status`")
}

pub(super) async fn unknown_route(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.raw("GET", "/connectivity/eligibility/doesNotExist", None).await?;
    expect_ovh_error(&answer, &[404], "unknown route")
}

pub(super) async fn wrong_method(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.raw("GET", "/connectivity/eligibility/test/line", None).await?;
    if ctx.exact() {
        let outcome = expect_ovh_error(&answer, &[405], "GET on a POST route")?;
        return match answer.allow.as_deref() {
            Some("POST") => Ok(outcome),
            other => Err(format!("405 without `Allow: POST` (got {other:?})")),
        };
    }
    expect_ovh_error(&answer, &[400, 404, 405], "GET on a POST route")
}
