//! The admin API, under `/__admin`: health, fixtures, task states, recent requests.
//!
//! | route | what |
//! |---|---|
//! | `GET /__admin/health` | `{"status":"ok","fixtures":N,"tasks":N,"uptimeSeconds":N}` |
//! | `GET /__admin/fixtures` | every fixture served: id, description, request, phases |
//! | `GET /__admin/tasks` | task states: id, key, fixture, polls so far, first seen, idle time |
//! | `DELETE /__admin/tasks` | forget every task state |
//! | `DELETE /__admin/tasks/{id}` | forget one |
//! | `POST /__admin/tasks/{id}/force` | `{"outcome":"final"}` or `{"outcome":"error","message":"..."}` |
//! | `GET /__admin/requests` | the most recent requests, oldest first |
//! | `GET /__admin/openapi.json` | OpenAPI 3.1 description of the served API |

use std::time::Instant;

use http::{Method, StatusCode, Uri};
use serde::Deserialize;
use serde_json::json;

use crate::reply::Reply;
use crate::state::MockState;
use crate::tasks::Forced;

/// Reserved prefix of the admin API.
pub(crate) const ADMIN_PREFIX: &str = "/__admin";

/// Whether `path` is the admin API's (`/__admin` or under it).
pub(crate) fn is_admin_path(path: &str) -> bool {
    path.strip_prefix(ADMIN_PREFIX).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

pub(crate) fn handle(shared: &MockState, method: &Method, uri: &Uri, body: &[u8]) -> Reply {
    let path = uri.path().strip_prefix(ADMIN_PREFIX).unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let reply = match (method, segments.as_slice()) {
        (&Method::GET, ["health"]) => ok(json!({
            "status": "ok",
            "fixtures": shared.catalog().set.len(),
            "tasks": shared.tasks().len(),
            "uptimeSeconds": shared.started.elapsed().as_secs(),
        })),
        (&Method::GET, ["fixtures"]) => fixtures(shared),
        (&Method::GET, ["tasks"]) => ok(serde_json::to_value(shared.tasks().list(Instant::now())).unwrap_or_default()),
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
        (&Method::GET, ["openapi.json"]) => Reply::json(StatusCode::OK, crate::openapi::document().to_string()),
        (_, ["health" | "fixtures" | "requests" | "openapi.json"]) => {
            let mut reply = Reply::error(StatusCode::METHOD_NOT_ALLOWED, "Client::MethodNotAllowed", "Use GET");
            reply.allow = Some("GET".to_owned());
            reply
        }
        _ => Reply::not_found(format!(
            "No admin route `{method} {}`: see GET {ADMIN_PREFIX}/health, /fixtures, /tasks, /requests, /openapi.json",
            uri.path()
        )),
    };
    if reply.note.is_empty() { reply.with_note("admin") } else { reply }
}

fn ok(value: serde_json::Value) -> Reply {
    Reply::json(StatusCode::OK, value.to_string())
}

fn fixtures(shared: &MockState) -> Reply {
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

fn force(shared: &MockState, id: &str, body: &[u8]) -> Reply {
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
