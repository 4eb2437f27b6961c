//! Shapes: every documented request's answer fits the wire types (drift is a warning).

use ovh_connectivity_client::Call;
use ovh_connectivity_fixtures::PhaseKind;
use serde_json::Value;

use super::{Ctx, Outcome};
use crate::judge::{compare_with_fixture, decode_into_wire_type};

pub(super) async fn documented_answers(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let mut failures = Vec::new();
    let mut checked = 0;
    for fixture in ctx.target.fixtures.iter() {
        let operation = fixture.operation;
        if operation.changes_data() && !ctx.target.allow_writes || operation.requires_auth() && !ctx.target.can_sign() {
            continue;
        }
        checked += 1;
        let mut call = Call::new(operation);
        call.path = fixture.request.path.clone();
        call.query = fixture.request.query.iter().map(|(n, v)| (n.clone(), v.clone())).collect();
        call.body = match fixture.request.body.as_deref().map(serde_json::from_str::<Value>).transpose() {
            Ok(body) => body.map(|b| b.to_string().into_bytes()),
            Err(error) => return Err(format!("{}: the fixture's body is not JSON: {error}", fixture.id)),
        };
        let (answers, client_error) = ctx.run_call(&call).await;
        *out.polls.get_or_insert(0) += answers.len() as u32;
        let result = match answers.last() {
            None => Err(client_error.unwrap_or_else(|| "no answer".to_owned())),
            Some(last) => {
                let exact = if ctx.exact() { compare_with_fixture(fixture, &answers) } else { Ok(()) };
                exact.and_then(|()| match last.status {
                    200..=299 => decode_into_wire_type(operation, last, &mut out.warnings).map(drop),
                    400..=499 if fixture.final_phase().kind == PhaseKind::HttpError => {
                        let body = last.json()?;
                        if body.get("message").is_some() {
                            Ok(())
                        } else {
                            Err(format!("not an OVH error: {}", last.text()))
                        }
                    }
                    status => Err(format!("HTTP {status}: {}", last.text())),
                })
            }
        };
        if let Err(error) = result {
            failures.push(format!("{}: {error}", fixture.id));
        }
    }
    if failures.is_empty() {
        out.message = format!("{checked} documented request(s) answered in shape");
        Ok(out)
    } else {
        Err(format!("{} of {checked} answer(s) off contract:\n  {}", failures.len(), failures.join("\n  ")))
    }
}
