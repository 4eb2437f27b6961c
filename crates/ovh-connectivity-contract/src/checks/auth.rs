//! Authentication: a signed partner call is accepted, a tampered signature is refused.

use ovh_connectivity_client::Call;
use ovh_connectivity_types::Operation;

use super::{Ctx, Outcome};
use crate::judge::expect_ovh_error;

const PARTNER_BODY: &str = r#"{"lineNumber":"0123456789","status":"active"}"#;

fn partner_call() -> Call {
    let mut call = Call::new(Operation::TestLinePartners);
    call.body = Some(PARTNER_BODY.as_bytes().to_vec());
    call
}

pub(super) async fn signed_partner_call(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let body = serde_json::from_str(PARTNER_BODY).map_err(|e| e.to_string())?;
    let run = ctx.task(Operation::TestLinePartners, body, &mut out).await?;
    out.message = format!("signed call accepted: {}", run.describe());
    Ok(out)
}

pub(super) async fn tampered_signature(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    // Signed (or given a Bearer token) by the client core, then one character changed.
    let mut request = ctx.client.prepare(&partner_call()).await.map_err(|e| e.to_string())?;
    let (name, value) = match (request.headers().get("x-ovh-signature"), request.headers().get("authorization")) {
        (Some(signature), _) => ("x-ovh-signature", signature.to_str().map_err(|e| e.to_string())?.to_owned()),
        (None, Some(bearer)) => ("authorization", bearer.to_str().map_err(|e| e.to_string())?.to_owned()),
        (None, None) => return Err("the client neither signed the call nor gave it a token".to_owned()),
    };
    let last = if value.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &value[..value.len() - 1]);
    request.headers_mut().insert(name, tampered.parse().map_err(|_| "header")?);
    let answer = ctx.client.transport().exchange(request).await?;
    ctx.client.transport().take_answers();
    expect_ovh_error(
        &answer,
        &[400, 401, 403],
        if name == "authorization" { "tampered token" } else { "tampered signature" },
    )
}
