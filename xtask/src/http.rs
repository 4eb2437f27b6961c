//! The few HTTP requests the xtask makes itself (the bench's answer file, the installed
//! mock's health and OpenAPI document), through `ureq`: plain HTTP on loopback.

use std::net::SocketAddr;
use std::time::Duration;

/// An answer: status and body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>, url: &str) -> Result<Answer, String> {
    let mut response = result.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_vec().map_err(|e| format!("{url}: {e}"))?;
    Ok(Answer { status, body })
}

/// `GET http://{addr}{path}`.
pub(crate) fn get(addr: SocketAddr, path: &str) -> Result<Answer, String> {
    let url = format!("http://{addr}{path}");
    answer(agent().get(&url).call(), &url)
}

/// `POST http://{addr}{path}` with a JSON body.
pub(crate) fn post_json(addr: SocketAddr, path: &str, body: &[u8]) -> Result<Answer, String> {
    let url = format!("http://{addr}{path}");
    answer(agent().post(&url).header("content-type", "application/json").send(body), &url)
}
