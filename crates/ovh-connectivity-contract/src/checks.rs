//! The catalogue: every check, written once, run against any target.

use std::future::Future;
use std::pin::Pin;

use ovh_connectivity_client::Call;
use ovh_connectivity_fixtures::{Fixture, PhaseKind, RequestKey};
use ovh_connectivity_types::{AnswerKind, Method, Operation};
use serde_json::{Value, json};

use crate::http::{Answer, Http, Session};
use crate::target::{Mode, Target};

/// How a check ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Verdict {
    /// The server did what the contract says.
    Pass,
    /// It did not; the message says where.
    Fail,
    /// The check could not run here (no credentials, writes not allowed...).
    Skip,
}

/// What one check found.
#[derive(Clone, Debug, serde::Serialize)]
#[non_exhaustive]
pub struct Outcome {
    /// Pass, fail or skip.
    pub verdict: Verdict,
    /// What happened, or what went wrong and where.
    pub message: String,
    /// Drift: fields the wire types do not know (the real API grows). Never a failure.
    pub warnings: Vec<String>,
    /// How many requests the check's async tasks took, when it polled.
    pub polls: Option<u32>,
}

impl Outcome {
    fn pass(message: impl Into<String>) -> Self {
        Self { verdict: Verdict::Pass, message: message.into(), warnings: Vec::new(), polls: None }
    }

    fn fail(message: impl Into<String>) -> Self {
        Self { verdict: Verdict::Fail, message: message.into(), warnings: Vec::new(), polls: None }
    }

    fn skip(message: impl Into<String>) -> Self {
        Self { verdict: Verdict::Skip, message: message.into(), warnings: Vec::new(), polls: None }
    }
}

impl From<Result<Outcome, String>> for Outcome {
    fn from(result: Result<Outcome, String>) -> Self {
        result.unwrap_or_else(Outcome::fail)
    }
}

/// What a check needs from the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Needs {
    /// Nothing: read-only, unauthenticated.
    Nothing,
    /// Credentials (signed calls).
    Credentials,
    /// Permission to change data.
    Writes,
}

type CheckFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// One check of the catalogue.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Check {
    /// Stable id (`flow.address-to-fiber`), for filters and reports.
    pub id: &'static str,
    /// What it checks, one sentence.
    pub description: &'static str,
    /// What it needs.
    pub needs: Needs,
    run: for<'a> fn(&'a Ctx<'a>) -> CheckFuture<'a>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("id", &self.id).field("needs", &self.needs).finish()
    }
}

/// What a check runs with.
pub(crate) struct Ctx<'a> {
    pub(crate) target: &'a Target,
    pub(crate) session: Session<'a>,
}

impl Check {
    pub(crate) async fn run(&self, target: &Target, http: &Http) -> Outcome {
        match self.needs {
            Needs::Credentials if target.credentials.is_none() => {
                return Outcome::skip(
                    "needs credentials: set OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY (or ovh.conf)",
                );
            }
            Needs::Writes if !target.allow_writes => {
                return Outcome::skip("changes data: run with --allow-writes to include it");
            }
            _ => {}
        }
        let ctx = Ctx { target, session: http.session(self.id) };
        (self.run)(&ctx).await
    }
}

macro_rules! check {
    ($id:literal, $needs:ident, $description:literal, $function:ident) => {
        Check {
            id: $id,
            description: $description,
            needs: Needs::$needs,
            run: |ctx| Box::pin(async move { Outcome::from($function(ctx).await) }),
        }
    };
}

/// Every check, in the order they run.
pub fn catalogue() -> Vec<Check> {
    vec![
        check!(
            "flow.address-to-fiber",
            Nothing,
            "zip -> cities -> streets -> street numbers -> buildings -> fiber test",
            flow_address_to_fiber
        ),
        check!("flow.line-copper-active", Nothing, "copper test of an active line", flow_line_active),
        check!("flow.line-copper-inactive", Nothing, "copper test of an inactive line", flow_line_inactive),
        check!("flow.line-to-fiber", Nothing, "line -> buildings by line -> fiber test", flow_line_to_fiber),
        check!("flow.otp", Nothing, "fiber test of an optical termination point", flow_otp),
        check!(
            "flow.address-neighbour",
            Nothing,
            "copper test of an address for a neighbour-line creation",
            flow_address_neighbour
        ),
        check!(
            "flow.reference-get",
            Nothing,
            "eligibility reference of a test -> GET test by reference",
            flow_reference_get
        ),
        check!(
            "async.first-answer",
            Nothing,
            "an eligibility POST answers HTTP 200 with pending or a terminal status",
            async_first_answer
        ),
        check!(
            "async.reaches-terminal",
            Nothing,
            "the identical POST repeated reaches ok or error within the deadline; pending answers carry no result",
            async_reaches_terminal
        ),
        check!(
            "async.terminal-is-stable",
            Nothing,
            "a terminal answer stays the same when the request is repeated",
            async_terminal_stable
        ),
        check!(
            "shape.documented-answers",
            Nothing,
            "every documented request's answer decodes into the wire types",
            shape_documented_answers
        ),
        check!("error.malformed-body", Nothing, "a malformed JSON body gets an OVH-shaped 400", error_malformed_body),
        check!(
            "error.missing-field",
            Nothing,
            "a body missing a required field gets an OVH-shaped 400",
            error_missing_field
        ),
        check!("error.unknown-route", Nothing, "an unknown route gets an OVH-shaped 404", error_unknown_route),
        check!(
            "error.wrong-method",
            Nothing,
            "a wrong method gets an OVH-shaped 4xx (405 with Allow from the mock)",
            error_wrong_method
        ),
        check!(
            "auth.signed-partner-call",
            Credentials,
            "a signed call to a partner route is accepted",
            auth_signed_partner_call
        ),
        check!(
            "auth.tampered-signature",
            Credentials,
            "a call whose signature was tampered with is refused",
            auth_tampered_signature
        ),
        check!("write.recall-lifecycle", Writes, "create, read, edit and delete a recall", write_recall_lifecycle),
    ]
}

// ---------------------------------------------------------------------------------------
// Helpers

fn fixture_for<'a>(
    target: &'a Target,
    method: Method,
    path: &str,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Option<&'a Fixture> {
    let key = RequestKey::new(method, path, query.iter().map(|(n, v)| (n.as_str(), v.as_str())), body);
    target.fixtures.find(&key)
}

/// Fields of `server` that `typed` (the same answer through the wire types) lacks.
fn unknown_fields(server: &Value, typed: &Value, path: &str, out: &mut Vec<String>) {
    match (server, typed) {
        (Value::Object(server), Value::Object(typed)) => {
            for (key, value) in server {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match typed.get(key) {
                    Some(twin) => unknown_fields(value, twin, &here, out),
                    None => out.push(format!("unknown field `{here}`")),
                }
            }
        }
        (Value::Array(server), Value::Array(typed)) => {
            for (index, (value, twin)) in server.iter().zip(typed).enumerate() {
                unknown_fields(value, twin, &format!("{path}[{index}]"), out);
            }
        }
        _ => {}
    }
}

/// Decodes a 2xx answer into the operation's wire type; drift goes into `warnings`.
fn decode_answer(operation: Operation, answer: &Answer, warnings: &mut Vec<String>) -> Result<Value, String> {
    let text = String::from_utf8_lossy(&answer.body);
    let typed = ovh_connectivity_fixtures::decode_answer(operation, &text)
        .map_err(|e| format!("{operation}: the answer does not fit the wire types: {e}; body: {}", answer.text()))?;
    let server = answer.json()?;
    let typed = serde_json::to_value(typed).map_err(|e| e.to_string())?;
    let mut drift = Vec::new();
    unknown_fields(&server, &typed, "", &mut drift);
    warnings.extend(drift.into_iter().map(|d| format!("{operation}: {d}")));
    Ok(server)
}

/// The result of running one async operation to its end.
struct TaskRun {
    answers: Vec<Answer>,
    /// The final answer's `result` (ok), or `None` (error).
    result: Option<Value>,
    error: Option<String>,
}

impl<'a> Ctx<'a> {
    fn exact(&self) -> bool {
        self.target.mode == Mode::Exact
    }

    /// Sends `body` to an async `operation` until terminal, checking the protocol on the way,
    /// and (exact mode) every answer against the fixture.
    async fn task(&self, operation: Operation, body: Value, out: &mut Outcome) -> Result<TaskRun, String> {
        let mut call = Call::new(operation);
        call.body = Some(serde_json::to_vec(&body).map_err(|e| e.to_string())?);
        let request = self.session.call(&call, self.target.credentials.as_ref()).await?;
        let answers = self.session.poll(&request, self.target.poll_interval, self.target.task_deadline).await?;
        let polls = answers.len() as u32;
        *out.polls.get_or_insert(0) += polls;
        let fixture = fixture_for(self.target, operation.method(), operation.path_template(), &[], Some(&body));
        if self.exact() {
            let fixture =
                fixture.ok_or_else(|| format!("{operation} {body}: no fixture answers this request (exact mode)"))?;
            compare_with_fixture(fixture, &answers)?;
        }
        for (index, answer) in answers.iter().enumerate() {
            if answer.status != 200 {
                return Err(format!(
                    "{operation} {body}: answer {} is HTTP {}: {}",
                    index + 1,
                    answer.status,
                    answer.text()
                ));
            }
            let json = answer.json()?;
            if json["status"] == "pending" && !json["result"].is_null() {
                return Err(format!("{operation}: pending answer {} carries a result: {}", index + 1, answer.text()));
            }
        }
        let last = answers.last().expect("at least one answer");
        let json = last.json()?;
        match json["status"].as_str() {
            Some("ok") => {
                let decoded = decode_answer(operation, last, &mut out.warnings)?;
                Ok(TaskRun { result: Some(decoded["result"].clone()), error: None, answers })
            }
            Some("error") => {
                let message = json["error"].as_str().unwrap_or_default().to_owned();
                if message.is_empty() {
                    return Err(format!("{operation}: an error task without a message: {}", last.text()));
                }
                Ok(TaskRun { result: None, error: Some(message), answers })
            }
            Some("pending") => Err(format!(
                "{operation} {body}: still pending after {polls} request(s) over {:?}",
                self.target.task_deadline
            )),
            other => Err(format!("{operation}: status {other:?} is not pending, ok or error: {}", last.text())),
        }
    }
}

fn compare_with_fixture(fixture: &Fixture, answers: &[Answer]) -> Result<(), String> {
    for (attempt, answer) in answers.iter().enumerate() {
        let phase = fixture.phase_for_attempt(attempt as u64);
        if phase.kind == PhaseKind::Dropped {
            continue;
        }
        let expected: Value = serde_json::from_str(&phase.body).map_err(|e| e.to_string())?;
        let got = answer.json().unwrap_or(Value::Null);
        if answer.status != phase.status || got != expected {
            return Err(format!(
                "answer {} differs from fixture `{}`: expected HTTP {} {}, got HTTP {} {}",
                attempt + 1,
                fixture.id,
                phase.status,
                abbreviate(&expected.to_string()),
                answer.status,
                answer.text()
            ));
        }
    }
    let expected_polls = fixture.attempts_before_final() + 1;
    if answers.len() as u64 != expected_polls && fixture.final_phase().kind != PhaseKind::Pending {
        return Err(format!(
            "fixture `{}` ends after {expected_polls} request(s), the server after {}",
            fixture.id,
            answers.len()
        ));
    }
    Ok(())
}

pub(crate) fn abbreviate(text: &str) -> String {
    const SHOWN: usize = 200;
    if text.chars().count() > SHOWN {
        format!("{}…", text.chars().take(SHOWN).collect::<String>())
    } else {
        text.to_owned()
    }
}

fn describe(run: &TaskRun) -> String {
    match (&run.result, &run.error) {
        (Some(_), _) => format!("ok after {} request(s)", run.answers.len()),
        (_, Some(message)) => format!("error after {} request(s): {message}", run.answers.len()),
        _ => "no answer".to_owned(),
    }
}

/// A JSON value for a message: strings without their quotes.
fn shown(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

fn pick<'v>(list: &'v Value, field: &str, preferred: &str) -> Option<&'v Value> {
    let items = list.as_array()?;
    items.iter().find(|item| item[field] == preferred).or_else(|| items.first())
}

// ---------------------------------------------------------------------------------------
// Flows

async fn flow_address_to_fiber(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let cities = ctx.task(Operation::SearchCities, json!({"zipCode": "91400"}), &mut out).await?;
    let city = cities.result.as_ref().and_then(|r| pick(r, "locality", "ORSAY")).ok_or("no city for zip 91400")?;
    let streets = ctx.task(Operation::SearchStreets, json!({"inseeCode": city["inseeCode"]}), &mut out).await?;
    let street = streets.result.as_ref().and_then(|r| pick(r, "streetName", "RUE DU VERGER")).ok_or("no street")?;
    let numbers =
        ctx.task(Operation::SearchStreetNumbers, json!({"streetCode": street["streetCode"]}), &mut out).await?;
    let number = numbers
        .result
        .as_ref()
        .and_then(|r| r.as_array()?.iter().find(|n| *n == "2").or(r.as_array()?.first()).cloned());
    let number = number.ok_or("no street number")?;
    let buildings = ctx
        .task(Operation::SearchBuildings, json!({"streetCode": street["streetCode"], "streetNumber": number}), &mut out)
        .await?;
    let building = buildings.result.as_ref().and_then(|r| r.as_array()?.first().cloned()).ok_or("no building")?;
    let test = ctx.task(Operation::TestBuilding, json!({"building": building["reference"]}), &mut out).await?;
    out.message = format!(
        "{} {}, {}: building {} -> {}",
        shown(&number),
        shown(&street["streetName"]),
        shown(&city["city"]),
        shown(&building["reference"]),
        describe(&test)
    );
    Ok(out)
}

async fn single_test(ctx: &Ctx<'_>, operation: Operation, body: Value) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let run = ctx.task(operation, body, &mut out).await?;
    out.message = describe(&run);
    Ok(out)
}

async fn flow_line_active(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestLine, json!({"lineNumber": "0123456789", "status": "active"})).await
}

async fn flow_line_inactive(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestLine, json!({"lineNumber": "0987654321", "status": "inactive"})).await
}

async fn flow_otp(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestOtp, json!({"otp": "OO-XXXX-XXXX/C"})).await
}

async fn flow_address_neighbour(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    single_test(ctx, Operation::TestAddress, json!({"streetCode": "94123001234", "streetNumber": "4"})).await
}

async fn flow_line_to_fiber(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let buildings = ctx
        .task(Operation::SearchBuildingsByLine, json!({"lineNumber": "0123456789", "status": "inactive"}), &mut out)
        .await?;
    let Some(building) = buildings.result.as_ref().and_then(|r| r.as_array()?.first().cloned()) else {
        out.message = format!("no building for line 0123456789 ({})", describe(&buildings));
        return Ok(out);
    };
    let test = ctx.task(Operation::TestBuilding, json!({"building": building["reference"]}), &mut out).await?;
    out.message = format!("building {} -> {}", shown(&building["reference"]), describe(&test));
    Ok(out)
}

async fn flow_reference_get(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let test = ctx.task(Operation::TestLine, json!({"lineNumber": "0123456789", "status": "active"}), &mut out).await?;
    let Some(reference) = test.result.as_ref().and_then(|r| r["eligibilityReference"].as_str()).map(str::to_owned)
    else {
        return Ok(Outcome::skip(format!("the line test gave no eligibility reference ({})", describe(&test))));
    };
    let query = vec![("eligibilityReference".to_owned(), reference.clone())];
    let mut call = Call::new(Operation::GetEligibilityTest);
    call.query = query.clone();
    let answer = ctx.session.send(ctx.session.call(&call, None).await?).await?;
    if ctx.exact() {
        let fixture = fixture_for(ctx.target, Method::Get, Operation::GetEligibilityTest.path_template(), &query, None)
            .ok_or("GET test: no fixture for this reference (exact mode)")?;
        compare_with_fixture(fixture, std::slice::from_ref(&answer))?;
    }
    if answer.status != 200 {
        return Err(format!("GET test?eligibilityReference={reference}: HTTP {}: {}", answer.status, answer.text()));
    }
    let decoded = decode_answer(Operation::GetEligibilityTest, &answer, &mut out.warnings)?;
    if decoded["eligibilityReference"] != reference.as_str() {
        return Err(format!("GET test returned reference {} for {reference}", decoded["eligibilityReference"]));
    }
    out.message = format!("reference {}… found again", reference.chars().take(12).collect::<String>());
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Async protocol

const PROTOCOL_BODY: &str = r#"{"zipCode":"91400"}"#;

async fn cities_request(ctx: &Ctx<'_>) -> Result<ovh_connectivity_client::HttpRequest, String> {
    let mut call = Call::new(Operation::SearchCities);
    call.body = Some(PROTOCOL_BODY.as_bytes().to_vec());
    ctx.session.call(&call, None).await
}

async fn async_first_answer(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.session.send(cities_request(ctx).await?).await?;
    if answer.status != 200 {
        return Err(format!("HTTP {}: {}", answer.status, answer.text()));
    }
    let status = answer.task_status()?;
    match status.as_str() {
        "pending" | "ok" | "error" => Ok(Outcome::pass(format!("first answer: {status}"))),
        other => Err(format!("first answer has status `{other}`: {}", answer.text())),
    }
}

async fn async_reaches_terminal(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let run = ctx.task(Operation::SearchCities, serde_json::from_str(PROTOCOL_BODY).expect("json"), &mut out).await?;
    let pending = run.answers.len() - 1;
    out.message = format!("{pending} pending answer(s), then {}", describe(&run));
    Ok(out)
}

async fn async_terminal_stable(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let run = ctx.task(Operation::SearchCities, serde_json::from_str(PROTOCOL_BODY).expect("json"), &mut out).await?;
    let terminal = run.answers.last().expect("one answer").json()?;
    for repeat in 1..=2 {
        let again = ctx.session.send(cities_request(ctx).await?).await?.json()?;
        if again != terminal {
            return Err(format!(
                "repeat {repeat} after the terminal answer differs: {} then {}",
                abbreviate(&terminal.to_string()),
                abbreviate(&again.to_string())
            ));
        }
    }
    out.message = "the terminal answer was repeated twice unchanged".to_owned();
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Shapes

async fn shape_documented_answers(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let mut failures = Vec::new();
    let mut checked = 0;
    for fixture in ctx.target.fixtures.iter() {
        let operation = fixture.operation;
        let writes = matches!(operation, Operation::CreateRecall | Operation::EditRecall | Operation::DeleteRecall);
        if writes && !ctx.target.allow_writes || operation.requires_auth() && ctx.target.credentials.is_none() {
            continue;
        }
        checked += 1;
        let mut call = Call::new(operation);
        call.path = fixture.request.path.clone();
        call.query = fixture.request.query.iter().map(|(n, v)| (n.clone(), v.clone())).collect();
        call.body = fixture.request.body.as_deref().map(|b| {
            serde_json::to_vec(&serde_json::from_str::<Value>(b).expect("fixture bodies are JSON")).expect("serializes")
        });
        let request = ctx.session.call(&call, ctx.target.credentials.as_ref()).await?;
        let answers = if operation.answer() == AnswerKind::AsyncTask {
            ctx.session.poll(&request, ctx.target.poll_interval, ctx.target.task_deadline).await?
        } else {
            vec![ctx.session.send(request).await?]
        };
        *out.polls.get_or_insert(0) += answers.len() as u32;
        let last = answers.last().expect("one answer");
        let result = if ctx.exact() { compare_with_fixture(fixture, &answers) } else { Ok(()) };
        let result = result.and_then(|()| match last.status {
            200..=299 => decode_answer(operation, last, &mut out.warnings).map(drop),
            400..=499 if fixture.final_phase().kind == PhaseKind::HttpError => {
                let body = last.json()?;
                if body.get("message").is_some() { Ok(()) } else { Err(format!("not an OVH error: {}", last.text())) }
            }
            status => Err(format!("HTTP {status}: {}", last.text())),
        });
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

// ---------------------------------------------------------------------------------------
// Errors

fn expect_ovh_error(answer: &Answer, statuses: &[u16], what: &str) -> Result<Outcome, String> {
    if !statuses.contains(&answer.status) {
        return Err(format!("{what}: expected HTTP {statuses:?}, got {}: {}", answer.status, answer.text()));
    }
    let body = answer.json()?;
    let shaped = (body.get("class").is_some() || body.get("errorCode").is_some()) && body["message"].is_string();
    if !shaped {
        return Err(format!("{what}: HTTP {} but not an OVH error body: {}", answer.status, answer.text()));
    }
    let query_id = answer.query_id.as_deref().map_or(String::new(), |id| format!(" (X-Ovh-QueryID {id})"));
    Ok(Outcome::pass(format!("HTTP {}: {}{query_id}", answer.status, body["message"].as_str().unwrap_or_default())))
}

async fn error_malformed_body(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.session.raw("POST", "/connectivity/eligibility/search/cities", Some(br#"{"zipCode":"#)).await?;
    expect_ovh_error(&answer, &[400], "malformed JSON")
}

async fn error_missing_field(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer =
        ctx.session.raw("POST", "/connectivity/eligibility/test/line", Some(br#"{"lineNumber":"0123456789"}"#)).await?;
    expect_ovh_error(&answer, &[400], "missing `status`")
}

async fn error_unknown_route(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.session.raw("GET", "/connectivity/eligibility/doesNotExist", None).await?;
    expect_ovh_error(&answer, &[404], "unknown route")
}

async fn error_wrong_method(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let answer = ctx.session.raw("GET", "/connectivity/eligibility/test/line", None).await?;
    if ctx.exact() {
        let outcome = expect_ovh_error(&answer, &[405], "GET on a POST route")?;
        return match answer.allow.as_deref() {
            Some("POST") => Ok(outcome),
            other => Err(format!("405 without `Allow: POST` (got {other:?})")),
        };
    }
    expect_ovh_error(&answer, &[400, 404, 405], "GET on a POST route")
}

// ---------------------------------------------------------------------------------------
// Authentication

const PARTNER_BODY: &str = r#"{"lineNumber":"0123456789","status":"active"}"#;

async fn auth_signed_partner_call(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut out = Outcome::pass("");
    let run =
        ctx.task(Operation::TestLinePartners, serde_json::from_str(PARTNER_BODY).expect("json"), &mut out).await?;
    out.message = format!("signed call accepted: {}", describe(&run));
    Ok(out)
}

async fn auth_tampered_signature(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let mut call = Call::new(Operation::TestLinePartners);
    call.body = Some(PARTNER_BODY.as_bytes().to_vec());
    let mut request = ctx.session.call(&call, ctx.target.credentials.as_ref()).await?;
    let signature = request.headers()["x-ovh-signature"].to_str().map_err(|e| e.to_string())?.to_owned();
    let last = if signature.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &signature[..signature.len() - 1]);
    request.headers_mut().insert("x-ovh-signature", tampered.parse().map_err(|_| "header")?);
    let answer = ctx.session.send(request).await?;
    expect_ovh_error(&answer, &[400, 401, 403], "tampered signature")
}

// ---------------------------------------------------------------------------------------
// Writes

async fn write_recall_lifecycle(ctx: &Ctx<'_>) -> Result<Outcome, String> {
    let credentials = ctx.target.credentials.as_ref();
    if credentials.is_none() {
        return Ok(Outcome::skip("recalls need credentials"));
    }
    let mut out = Outcome::pass("");
    let body = json!({"reference": "IMB/91471/C/NT8X", "referenceType": "building", "profiberRequest": true});
    let mut create = Call::new(Operation::CreateRecall);
    create.body = Some(serde_json::to_vec(&body).map_err(|e| e.to_string())?);
    let created = ctx.session.send(ctx.session.call(&create, credentials).await?).await?;
    if created.status != 200 {
        return Err(format!("create: HTTP {}: {}", created.status, created.text()));
    }
    let recall = decode_answer(Operation::CreateRecall, &created, &mut out.warnings)?;
    let id = recall["id"].as_i64().ok_or("created recall has no id")?;
    let mut edited = body.clone();
    edited["dedicatedfiberRequest"] = json!(true);
    for (operation, body) in
        [(Operation::GetRecall, None), (Operation::EditRecall, Some(&edited)), (Operation::DeleteRecall, None)]
    {
        let mut call = Call::new(operation).with_id(id);
        call.body = body.map(|b| serde_json::to_vec(b).expect("json"));
        let answer = ctx.session.send(ctx.session.call(&call, credentials).await?).await?;
        if answer.status != 200 {
            return Err(format!("{operation} (id {id}): HTTP {}: {}", answer.status, answer.text()));
        }
        decode_answer(operation, &answer, &mut out.warnings)?;
    }
    out.message = format!("recall {id} created, read, edited and deleted");
    Ok(out)
}
