//! The async-task protocol: first answer, reaching a terminal status, staying there.

use ovh_connectivity_client::Call;
use ovh_connectivity_types::Operation;
use serde_json::Value;

use super::{Ctx, Outcome};
use crate::judge::first_difference;

const PROTOCOL_BODY: &str = r#"{"zipCode":"91400"}"#;

fn cities_call() -> Call {
    let mut call = Call::new(Operation::SearchCities);
    call.body = Some(PROTOCOL_BODY.as_bytes().to_vec());
    call
}

fn cities_body() -> Value {
    serde_json::from_str(PROTOCOL_BODY).expect("a JSON constant")
}

pub(super) async fn first_answer(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.send(&cities_call()).await?;
    if answer.status != 200 {
        return Err(format!("HTTP {}: {}", answer.status, answer.text()));
    }
    let status = answer.task_status()?;
    match status.as_str() {
        "pending" | "ok" | "error" => Ok(Outcome::pass(format!("first answer: {status}"))),
        other => Err(format!("first answer has status `{other}`: {}", answer.text())),
    }
}

pub(super) async fn reaches_terminal(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let run = ctx.task(Operation::SearchCities, cities_body(), &mut out).await?;
    let pending = run.answers.len() - 1;
    out.message = format!("{pending} pending answer(s), then {}", run.describe());
    Ok(out)
}

pub(super) async fn terminal_is_stable(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let run = ctx.task(Operation::SearchCities, cities_body(), &mut out).await?;
    let terminal = run.answers.last().ok_or("no answer")?.json()?;
    for repeat in 1..=2 {
        let again = ctx.send(&cities_call()).await?.json()?;
        if let Some(difference) = first_difference(&terminal, &again) {
            return Err(format!("repeat {repeat} after the terminal answer differs: {difference}"));
        }
    }
    out.message = "the terminal answer was repeated twice unchanged".to_owned();
    Ok(out)
}
