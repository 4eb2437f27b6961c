//! The admin API, under `/__admin`: the dashboard, health, fixtures, task states, recent
//! requests, settings.
//!
//! | route | what |
//! |---|---|
//! | `GET /__admin/` | the dashboard (one page, its script and style built in) |
//! | `GET /__admin/health` | `{"status":"ok","fixtures":N,"tasks":N,"uptimeSeconds":N,"world":bool,"adminToken":bool}` |
//! | `GET /__admin/fixtures` | every fixture served: id, description, request, phases |
//! | `GET /__admin/tasks` | task states: id, key, fixture, polls so far, first seen, idle time |
//! | `DELETE /__admin/tasks` | forget every task state |
//! | `DELETE /__admin/tasks/{id}` | forget one |
//! | `POST /__admin/tasks/{id}/force` | `{"outcome":"final"}` or `{"outcome":"error","message":"..."}` |
//! | `GET /__admin/requests` | the most recent requests, oldest first (admin reads left out) |
//! | `GET /__admin/requests/{queryId}` | one request with its query and bodies (16 KiB of each) |
//! | `GET /__admin/settings` | `{"current":{...},"atStart":{...}}`: latency, pending, fault, strict, world |
//! | `PUT /__admin/settings` | every setting: applies to new requests at once |
//! | `POST /__admin/settings/reset` | back to the start-up settings |
//! | `GET /__admin/openapi.json` | OpenAPI 3.1 description of the served API |
//!
//! Routes that change state (every method but `GET`) need the admin token in
//! `X-Mock-Admin-Token` when the mock has one (`--admin-token`, or generated when it listens
//! beyond loopback), and are refused to browsers on another origin (`Origin` must name the
//! mock itself).

use http::{Method, StatusCode};
use ovh_connectivity_types::Method::{Get, Post, Put};
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::Now;
use crate::mock::Mock;
use crate::reply::Reply;
use crate::route::method_not_allowed;
use crate::settings::Settings;
use crate::tasks::Forced;

/// Reserved prefix of the admin API.
pub(crate) const ADMIN_PREFIX: &str = "/__admin";

/// Whether `path` is the admin API's (`/__admin` or under it).
pub(crate) fn is_admin_path(path: &str) -> bool {
    path.strip_prefix(ADMIN_PREFIX).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The header that carries the admin token.
const TOKEN_HEADER: &str = "x-mock-admin-token";

pub(crate) fn handle(shared: &Mock, parts: &http::request::Parts, body: &[u8], now: Now) -> Reply {
    let (method, uri) = (&parts.method, &parts.uri);
    if method != Method::GET
        && let Err(refused) = may_change(shared, parts)
    {
        return refused;
    }
    let path = uri.path().strip_prefix(ADMIN_PREFIX).unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let reply = match (method, segments.as_slice()) {
        (&Method::GET, []) => crate::dashboard::page(),
        (&Method::GET, [asset]) if crate::dashboard::is_asset(asset) => crate::dashboard::asset(asset),
        (&Method::GET, ["health"]) => ok(json!({
            "status": "ok",
            "fixtures": shared.catalog().set.len(),
            "tasks": shared.tasks().len(),
            "uptimeSeconds": now.monotonic.as_secs(),
            "world": shared.settings().world_answers(),
            "adminToken": shared.config.admin_token.is_some(),
        })),
        (&Method::GET, ["fixtures"]) => fixtures(shared),
        (&Method::GET, ["tasks"]) => ok(serde_json::to_value(shared.tasks().list(now.monotonic)).unwrap_or_default()),
        (&Method::DELETE, ["tasks"]) => {
            let removed = shared.tasks().clear();
            tracing::info!(removed, "admin: every task state reset");
            ok(json!({ "removed": removed }))
        }
        (&Method::DELETE, ["tasks", id]) => match id.parse::<u64>() {
            Ok(id) if shared.tasks().remove(id) => ok(json!({ "removed": 1 })),
            _ => Reply::not_found(format!("No task with id {id}")),
        },
        (&Method::POST, ["tasks", id, "force"]) => force(shared, id, body),
        (&Method::GET, ["requests"]) => ok(serde_json::to_value(shared.log().views()).unwrap_or_default()),
        (&Method::GET, ["requests", id]) => match shared.log().detail(id) {
            Some(detail) => ok(serde_json::to_value(detail).unwrap_or_default()),
            None => Reply::not_found(format!("No request `{id}` in the log (it keeps the most recent ones)")),
        },
        (&Method::GET, ["recordings"]) => {
            let folder = shared.config.record.as_ref().map(|record| record.folder.as_str());
            ok(crate::mock::lock(&shared.recordings).view(folder))
        }
        (&Method::GET, ["settings"]) => settings_reply(shared, None),
        (&Method::PUT, ["settings"]) => match Settings::from_json(body) {
            Ok(settings) => change_settings(shared, settings),
            Err(message) => Reply::bad_request(message),
        },
        (&Method::POST, ["settings", "reset"]) => change_settings(shared, shared.config.settings.clone()),
        (&Method::GET, ["openapi.json"]) => Reply::json(StatusCode::OK, crate::openapi::document().to_string()),
        (_, ["health" | "fixtures" | "requests" | "recordings" | "openapi.json"] | ["requests", _]) => {
            method_not_allowed(&[Get])
        }
        (_, ["settings"]) => method_not_allowed(&[Get, Put]),
        (_, ["settings", "reset"]) => method_not_allowed(&[Post]),
        _ => Reply::not_found(format!(
            "No admin route `{method} {}`: see GET {ADMIN_PREFIX}/ (the dashboard), /health, /fixtures, /tasks, /requests, /settings, /openapi.json",
            uri.path()
        )),
    };
    if reply.note.is_empty() { reply.with_note("admin") } else { reply }
}

/// Whether a request that changes state may: not from a browser page on another origin (a
/// page elsewhere must not change the mock behind its user's back; browsers send `Origin`
/// with every such request, other clients send none), and with the admin token if the mock
/// has one.
#[allow(clippy::result_large_err, reason = "the error is the answer, built at most once per request")]
fn may_change(shared: &Mock, parts: &http::request::Parts) -> Result<(), Reply> {
    if let Some(origin) = parts.headers.get(http::header::ORIGIN)
        && !same_origin(origin, parts.headers.get(http::header::HOST))
    {
        let origin = String::from_utf8_lossy(origin.as_bytes());
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            "Client::Forbidden",
            format!(
                "Admin changes from another origin (`{origin}`) are refused: use the dashboard at {ADMIN_PREFIX}/ on this mock, or a client that sends no Origin"
            ),
        ));
    }
    if let Some(expected) = &shared.config.admin_token {
        let given = parts.headers.get(TOKEN_HEADER).map_or(&[][..], |value| value.as_bytes());
        if !bool::from(given.ct_eq(expected.expose().as_bytes())) {
            return Err(Reply::error(
                StatusCode::UNAUTHORIZED,
                "Client::Unauthorized",
                "This admin route changes the mock's state: send the admin token (printed at start-up) in X-Mock-Admin-Token",
            ));
        }
    }
    Ok(())
}

/// Whether `origin` (`http://127.0.0.1:8080`) names the host the request was sent to.
fn same_origin(origin: &http::HeaderValue, host: Option<&http::HeaderValue>) -> bool {
    let (Ok(origin), Some(Ok(host))) = (origin.to_str(), host.map(|host| host.to_str())) else { return false };
    origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host)
}

fn settings_reply(shared: &Mock, changed: Option<String>) -> Reply {
    let mut value = json!({"current": *shared.settings(), "atStart": shared.config.settings});
    if let Some(changed) = changed {
        value["changed"] = json!(changed);
    }
    ok(value)
}

fn change_settings(shared: &Mock, settings: Settings) -> Reply {
    let before = shared.set_settings(settings);
    let changed = shared.settings().changes_from(&before);
    tracing::info!("admin: settings changed for new requests: {changed}");
    settings_reply(shared, Some(changed.clone())).with_note(format!("settings: {changed}"))
}

fn ok(value: serde_json::Value) -> Reply {
    Reply::json(StatusCode::OK, value.to_string())
}

fn fixtures(shared: &Mock) -> Reply {
    let catalog = shared.catalog();
    let list: Vec<serde_json::Value> = catalog
        .set
        .iter()
        .map(|fixture| {
            json!({
                "id": fixture.id,
                "description": fixture.description,
                "operation": fixture.operation.name(),
                "method": fixture.request.method.as_str(),
                "path": fixture.request.path,
                "query": fixture.request.query,
                "body": fixture.request.body.as_deref().and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok()),
                "phases": fixture.phases.iter().map(|p| json!({
                    "kind": format!("{:?}", p.kind),
                    "times": p.times,
                    "status": p.status,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    ok(serde_json::Value::Array(list))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForceRequest {
    outcome: String,
    #[serde(default)]
    message: Option<String>,
}

fn force(shared: &Mock, id: &str, body: &[u8]) -> Reply {
    let Ok(id) = id.parse::<u64>() else {
        return Reply::bad_request(format!("Task id `{id}` is not a number"));
    };
    let request: ForceRequest = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(error) => {
            return Reply::bad_request(format!(
                "Expected {{\"outcome\":\"final\"}} or {{\"outcome\":\"error\",\"message\":\"...\"}}: {error}"
            ));
        }
    };
    let forced = match (request.outcome.as_str(), request.message) {
        ("final", None) => Forced::Final,
        ("error", Some(message)) if !message.is_empty() => Forced::Error(message),
        ("error", _) => return Reply::bad_request("An error outcome needs a non-empty `message`"),
        (other, _) => return Reply::bad_request(format!("Unknown outcome `{other}`: use `final` or `error`")),
    };
    if shared.tasks().force(id, forced) {
        tracing::info!(id, "admin: task outcome forced");
        ok(json!({ "forced": id }))
    } else {
        Reply::not_found(format!("No task with id {id}"))
    }
}
