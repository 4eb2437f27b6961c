//! Writes: a recall created, read, edited and deleted (only with --allow-writes).

use ovh_connectivity_client::Call;
use ovh_connectivity_types::Operation;
use serde_json::json;

use super::{Ctx, Outcome};
use crate::judge::decode_into_wire_type;

pub(super) async fn recall_lifecycle(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    if !ctx.target.can_sign() {
        return Ok(Outcome::skip("recalls need credentials"));
    }
    let mut out = Outcome::pass("");
    let body = json!({"reference": "IMB/91471/C/NT8X", "referenceType": "building", "profiberRequest": true});
    let create = Call::with_body(Operation::CreateRecall, &body).map_err(|e| e.to_string())?;
    let created = ctx.send(&create).await?;
    if created.status != 200 {
        return Err(format!("create: HTTP {}: {}", created.status, created.text()));
    }
    let recall = decode_into_wire_type(Operation::CreateRecall, &created, &mut out.warnings)?;
    let id = recall["id"].as_i64().ok_or("created recall has no id")?;
    let mut edited = body.clone();
    edited["dedicatedfiberRequest"] = json!(true);
    for (operation, body) in
        [(Operation::GetRecall, None), (Operation::EditRecall, Some(&edited)), (Operation::DeleteRecall, None)]
    {
        let call = match body {
            Some(body) => Call::with_body(operation, body).map_err(|e| e.to_string())?,
            None => Call::new(operation),
        };
        let answer = ctx.send(&call.with_id(id)).await?;
        if answer.status != 200 {
            return Err(format!("{operation} (id {id}): HTTP {}: {}", answer.status, answer.text()));
        }
        decode_into_wire_type(operation, &answer, &mut out.warnings)?;
    }
    out.message = format!("recall {id} created, read, edited and deleted");
    Ok(out)
}
