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
    // Signed by the client core, then one hex digit of the signature changed.
    let mut request = ctx.client.prepare(&partner_call()).await.map_err(|e| e.to_string())?;
    let signature = request
        .headers()
        .get("x-ovh-signature")
        .ok_or("the client did not sign the call")?
        .to_str()
        .map_err(|e| e.to_string())?
        .to_owned();
    let last = if signature.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &signature[..signature.len() - 1]);
    request.headers_mut().insert("x-ovh-signature", tampered.parse().map_err(|_| "header")?);
    let answer = ctx.client.transport().exchange(request).await?;
    ctx.client.transport().take_answers();
    expect_ovh_error(&answer, &[400, 401, 403], "tampered signature")
}
