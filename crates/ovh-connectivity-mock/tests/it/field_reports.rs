//! What real clients send, replayed from public reports (facts §8), each with others of its
//! class: query strings on POSTs, list filters, `null` in a query, authentication errors,
//! schemes in any case, credentialed CORS, HEAD, injected faults of every class.

use std::time::{SystemTime, UNIX_EPOCH};

use ovh_connectivity_mock::{AuthMode, Cors, Credential, MockServer, ServiceAccount};
use serde_json::Value;

use crate::support::*;

const INCIDENTS: &str = "/1.0/connectivity/monitoring/genericIncident/public";
const PARTNER_INCIDENTS: &str = "/1.0/connectivity/monitoring/genericIncident/partners";
const WORKS: &str = "/1.0/connectivity/maintenance/workPlanned/public";

/// Polls a POST until its task ends; the final answer.
async fn until_done(addr: std::net::SocketAddr, path: &str, body: &str, session: &str) -> Answer {
    for _ in 0..10 {
        let answer = post_as(addr, path, body, session).await;
        if answer.status != 200 || answer.task_status() != "pending" {
            return answer;
        }
    }
    panic!("{path} still pending after 10 polls");
}

fn ids(answer: &Answer) -> Vec<i64> {
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json().as_array().expect("a list").iter().map(|item| item["id"].as_i64().expect("an id")).collect()
}

async fn get(addr: std::net::SocketAddr, path: &str) -> Answer {
    send(addr, "GET", path, &[], None).await
}

/// The request log's newest entry.
async fn last_logged(addr: std::net::SocketAddr) -> Value {
    let entries = get(addr, "/__admin/requests").await.json();
    entries.as_array().and_then(|entries| entries.last()).cloned().expect("an entry")
}

#[tokio::test]
async fn query_parameters_a_route_does_not_declare_change_nothing() {
    for strict in [false, true] {
        let mut config = embedded();
        config.settings.strict = strict;
        let server = start(config).await;
        let addr = server.addr();
        // The OVH console copies body fields into the query string of eligibility POSTs.
        let cities = format!("{API}/search/cities?zipCode=91400");
        let answer = until_done(addr, &cities, r#"{"zipCode":"91400"}"#, "console").await;
        assert_eq!(answer.task_status(), "ok", "strict {strict}: {}", answer.text());
        let result = answer.json()["result"].clone();
        let names: Vec<&str> = result.as_array().unwrap().iter().map(|c| c["locality"].as_str().unwrap()).collect();
        assert_eq!(names, ["ORSAY", "ORSIGNY", "SACLAY"], "the guide's fixture answers, strict {strict}");
        let entry = last_logged(addr).await;
        assert_eq!(entry["fixture"], "search/cities/91400", "{entry}");
        assert!(entry["note"].as_str().unwrap().contains("ignored: zipCode"), "{entry}");

        // Others of the class: any parameter on a body route, a query route's extra parameter.
        let line = format!("{API}/test/line?lineNumber=0123456789&status=active&_=1732872000");
        let answer = until_done(addr, &line, r#"{"lineNumber":"0123456789","status":"active"}"#, "jquery").await;
        assert_eq!(answer.task_status(), "ok", "{}", answer.text());
        assert_eq!(ids(&get(addr, &format!("{INCIDENTS}?status=validated&lang=fr")).await), [9001]);
        // A query string that is not even pairs is no reason to refuse a request either.
        let odd = format!("{API}/search/cities?%zz&=&zipCode");
        let answer = until_done(addr, &odd, r#"{"zipCode":"91400"}"#, "odd").await;
        assert_eq!(answer.task_status(), "ok", "{}", answer.text());
    }
}

#[tokio::test]
async fn list_filters_select_from_the_list_with_inclusive_bounds() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let ask = |query: &str| format!("{INCIDENTS}?{query}");
    // The unfiltered list holds 9001, validated, created 2026-11-26T07:42+01:00, still open.
    assert_eq!(ids(&get(addr, INCIDENTS).await), [9001]);
    for (query, expected) in [
        ("status=validated", &[9001][..]),
        ("status=closed", &[]),
        ("status=detected", &[]),
        ("creationDate=2026-11-26", &[9001]),
        ("creationDate=2026-11-27", &[]),
        ("creationDate=2026-11-26T06:42:00Z", &[9001]),
        ("creationDate=2026-11-26T07:42:00%2B01:00", &[9001]),
        ("creationDate=2026-11-26T06:42:01Z", &[]),
        ("creationDate=2026-11-26&status=validated", &[9001]),
        // Still open: not "closed before" any date.
        ("endDate=2999-12-31", &[]),
        ("endDate=2999-12-31T00:00:00Z", &[]),
    ] {
        assert_eq!(ids(&get(addr, &ask(query)).await), expected, "{query}");
    }
    let entry = last_logged(addr).await;
    assert_eq!(entry["source"], "fixture", "{entry}");

    // Planned works: beginDate on or after, endDate on or before.
    let works = get(addr, WORKS).await.json();
    let work = &works.as_array().expect("a list")[0];
    let id = work["id"].as_i64().unwrap();
    let begin = &work["dateBegin"].as_str().unwrap()[..10];
    let end = &work["dateEnd"].as_str().unwrap()[..10];
    assert_eq!(ids(&get(addr, &format!("{WORKS}?beginDate={begin}&endDate={end}")).await), [id]);
    assert_eq!(ids(&get(addr, &format!("{WORKS}?beginDate={end}T23:59:59Z")).await), Vec::<i64>::new());
    assert_eq!(ids(&get(addr, &format!("{WORKS}?endDate={begin}T00:00:00Z")).await), Vec::<i64>::new());
}

#[tokio::test]
async fn partners_lists_are_the_union_of_their_fixtures_and_an_exact_fixture_wins() {
    let server = start(embedded()).await;
    let addr = server.addr();
    // No fixture without a query: the union of the route's fixtures.
    assert_eq!(ids(&get(addr, PARTNER_INCIDENTS).await), [9002]);
    assert_eq!(ids(&get(addr, &format!("{PARTNER_INCIDENTS}?status=validated")).await), Vec::<i64>::new());
    assert_eq!(ids(&get(addr, &format!("{PARTNER_INCIDENTS}?creationDate=2026-01-01")).await), [9002]);
    // The fixture written for this exact query answers, not the filter.
    assert_eq!(ids(&get(addr, &format!("{PARTNER_INCIDENTS}?status=detected")).await), [9002]);
    assert_eq!(last_logged(addr).await["fixture"], "monitoring/genericIncident/partners-detected");
}

#[tokio::test]
async fn malformed_filters_get_a_400_naming_the_parameter() {
    let server = start(embedded()).await;
    for (query, parameter) in [
        ("creationDate=yesterday", "creationDate"),
        ("creationDate=2026-02-30", "creationDate"),
        ("endDate=26%2F11%2F2026", "endDate"),
        ("endDate=2026-11-26T07:42:00", "endDate"),
        ("status=bogus", "status"),
        ("status=", "status"),
    ] {
        let answer = get(server.addr(), &format!("{INCIDENTS}?{query}")).await;
        answer.assert_ovh_error(400, parameter);
    }
    let answer = get(server.addr(), &format!("{WORKS}?beginDate=soon")).await;
    answer.assert_ovh_error(400, "beginDate");
}

#[tokio::test]
async fn null_in_a_query_string_means_the_parameter_is_absent() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let all = get(addr, INCIDENTS).await;
    // python-ovh sends a `None` argument as `null`.
    for query in ["status=null", "creationDate=null&endDate=null&status=null"] {
        let answer = get(addr, &format!("{INCIDENTS}?{query}")).await;
        assert_eq!(answer.status, 200, "{query}: {}", answer.text());
        assert_eq!(answer.body, all.body, "{query}");
    }
    assert_eq!(ids(&get(addr, &format!("{INCIDENTS}?status=null&creationDate=2026-11-27")).await), Vec::<i64>::new());
    assert_eq!(ids(&get(addr, &format!("{WORKS}?beginDate=null")).await), ids(&get(addr, WORKS).await));
}

fn verifying_config() -> ovh_connectivity_mock::MockConfig {
    let mut config = embedded();
    config.auth = AuthMode::Verify(vec![Credential::new(AK, AS, CK)]);
    config.service_accounts = vec![ServiceAccount::new("partner-app", "s3cret")];
    config
}

async fn verifying() -> MockServer {
    start(verifying_config()).await
}

#[tokio::test]
async fn missing_credentials_get_you_must_login_first() {
    let server = verifying().await;
    let line = r#"{"lineNumber":"0123456789","status":"active"}"#;
    let json = ("content-type", "application/json");
    for headers in [
        vec![json],
        vec![json, ("x-ovh-application", AK)],
        vec![json, ("x-ovh-application", AK), ("x-ovh-consumer", CK)],
        vec![json, ("x-ovh-application", AK), ("x-ovh-consumer", CK), ("x-ovh-timestamp", "1")],
    ] {
        let answer = send(server.addr(), "POST", &format!("{API}/test/line/partners"), &headers, Some(line)).await;
        answer.assert_ovh_error(401, "You must login first");
        assert_eq!(answer.json()["class"], "Client::Unauthorized", "{headers:?}");
        assert!(!answer.text().contains("granted"), "{}", answer.text());
    }
    let read = send(server.addr(), "GET", PARTNER_INCIDENTS, &[("x-ovh-application", AK)], None).await;
    read.assert_ovh_error(401, "You must login first");
}

#[tokio::test]
async fn every_unauthenticated_route_applies_one_signature_rule() {
    let server = verifying().await;
    let addr = server.addr();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let ts = now.to_string();
    let cities_body = r#"{"zipCode":"91400"}"#;
    let routes = [
        ("GET", "/1.0/auth/time".to_owned(), None),
        ("GET", INCIDENTS.to_owned(), None),
        ("POST", format!("{API}/search/cities"), Some(cities_body)),
    ];
    for (method, path, body) in routes {
        let url = format!("http://{addr}{path}");
        let plain: Vec<(&str, &str)> =
            if body.is_some() { vec![("content-type", "application/json")] } else { Vec::new() };
        let with = |more: &[(&'static str, &str)]| -> Vec<(&str, String)> {
            let mut all: Vec<(&str, String)> = plain.iter().map(|(n, v)| (*n, (*v).to_owned())).collect();
            all.extend([("x-ovh-application", AK.to_owned()), ("x-ovh-consumer", CK.to_owned())]);
            all.push(("x-ovh-timestamp", ts.clone()));
            all.extend(more.iter().map(|(n, v)| (*n, (*v).to_owned())));
            all
        };
        let call = |headers: Vec<(&'static str, String)>| {
            let path = path.clone();
            async move {
                let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
                send(addr, method, &path, &headers, body).await
            }
        };
        // No credentials: answered.
        let bare = send(addr, method, &path, &plain, body).await;
        assert_eq!(bare.status, 200, "{method} {path}: {}", bare.text());
        // Credentials given but invalid: refused alike, /auth/time included.
        let refused = call(with(&[("x-ovh-signature", "$1$0000000000000000000000000000000000000000")])).await;
        refused.assert_ovh_error(400, "Invalid signature");
        assert_eq!(refused.json()["errorCode"], "INVALID_SIGNATURE", "{method} {path}");
        // A valid signature: answered.
        let good = sign(method, &url, body.unwrap_or(""), now);
        let accepted = call(with(&[("x-ovh-signature", &good)])).await;
        assert_eq!(accepted.status, 200, "{method} {path}: {}", accepted.text());
        // A Bearer token this server did not issue: refused alike.
        let mut forged = plain.clone();
        forged.push(("authorization", "Bearer forged"));
        send(addr, method, &path, &forged, body).await.assert_ovh_error(401, "token");
    }
}

#[tokio::test]
async fn authorization_schemes_are_case_insensitive() {
    let server = verifying().await;
    let addr = server.addr();
    let form = ("content-type", "application/x-www-form-urlencoded");
    let grant = "grant_type=client_credentials&scope=all";
    use base64::Engine;
    let pair = base64::engine::general_purpose::STANDARD.encode("partner-app:s3cret");
    for scheme in ["Basic", "basic", "BASIC"] {
        let authorization = format!("{scheme} {pair}");
        let answer =
            send(addr, "POST", "/auth/oauth2/token", &[form, ("authorization", &authorization)], Some(grant)).await;
        assert_eq!(answer.status, 200, "{scheme}: {}", answer.text());
    }
    let token =
        send(addr, "POST", "/auth/oauth2/token", &[form, ("authorization", &format!("Basic {pair}"))], Some(grant))
            .await
            .json();
    let token = token["access_token"].as_str().unwrap().to_owned();
    let line = r#"{"lineNumber":"0123456789","status":"active"}"#;
    // As copied from the token answer's `token_type`, or typed.
    for (session, authorization) in
        [format!("Bearer {token}"), format!("bearer {token}"), format!("BEARER  {token}")].iter().enumerate()
    {
        let session = session.to_string();
        let headers = [
            ("content-type", "application/json"),
            ("authorization", authorization.as_str()),
            ("x-mock-session", session.as_str()),
        ];
        let answer = send(addr, "POST", &format!("{API}/test/line/partners"), &headers, Some(line)).await;
        assert_eq!(answer.status, 200, "{authorization}: {}", answer.text());
        assert_eq!(answer.task_status(), "pending");
    }
}

#[tokio::test]
async fn credentialed_cors_gets_the_origin_back_with_credentials() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let cities = format!("{API}/search/cities");
    let preflight = [
        ("origin", "http://localhost:3000"),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "content-type,x-requested-with"),
    ];
    let answer = send(addr, "OPTIONS", &cities, &preflight, None).await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.header("access-control-allow-origin"), Some("http://localhost:3000"));
    assert_eq!(answer.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(answer.header("vary"), Some("Origin"));
    let allowed = answer.header("access-control-allow-headers").unwrap();
    assert!(allowed.contains("X-Ovh-Signature") && allowed.ends_with("content-type,x-requested-with"), "{allowed}");
    let headers = [("origin", "http://localhost:3000"), ("content-type", "application/json")];
    let answer = send(addr, "POST", &cities, &headers, Some(r#"{"zipCode":"91400"}"#)).await;
    assert_eq!(answer.header("access-control-allow-origin"), Some("http://localhost:3000"));
    assert_eq!(answer.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(answer.header("vary"), Some("Origin"));
    // Without Origin (curl, a server): any origin, no credentials.
    let answer = get(addr, INCIDENTS).await;
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    assert_eq!(answer.header("access-control-allow-credentials"), None);

    // --cors-origin: only the listed origins.
    let mut config = embedded();
    config.cors = Cors::Origins(vec!["https://app.example".to_owned()]);
    let listed = start(config).await;
    for (origin, allowed) in [("https://app.example", true), ("https://evil.example", false)] {
        let headers = [("origin", origin), ("access-control-request-method", "GET")];
        let answer = send(listed.addr(), "OPTIONS", INCIDENTS, &headers, None).await;
        assert_eq!(answer.header("access-control-allow-origin"), allowed.then_some(origin), "{origin}");
        assert_eq!(answer.header("access-control-allow-credentials"), allowed.then_some("true"), "{origin}");
        let answer = send(listed.addr(), "GET", INCIDENTS, &[("origin", origin)], None).await;
        assert_eq!(answer.header("access-control-allow-credentials"), allowed.then_some("true"), "{origin}");
    }
}

#[tokio::test]
async fn head_works_wherever_get_does() {
    let server = start(embedded()).await;
    let addr = server.addr();
    for path in [
        "/1.0/auth/time",
        "/v1/auth/time",
        INCIDENTS,
        &format!("{INCIDENTS}?status=validated"),
        WORKS,
        "/1.0/connectivity/eligibility/recall/1",
        "/1.0/connectivity/eligibility/test?eligibilityReference=nope",
        "/__admin/",
        "/__admin/health",
        "/__admin/openapi.json",
    ] {
        let get = get(addr, path).await;
        let request = format!("HEAD {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        let head = String::from_utf8(raw(addr, request.as_bytes()).await).expect("text");
        let (head_lines, head_body) = head.split_once("\r\n\r\n").expect("a head");
        assert!(head_lines.starts_with(&format!("HTTP/1.1 {}", get.status)), "{path}: {head_lines}");
        assert_eq!(head_body, "", "{path}: HEAD answers no body");
        for name in ["content-type", "content-length"] {
            if let Some(value) = get.header(name).filter(|_| !path.contains("time")) {
                let line = format!("{name}: {value}");
                assert!(head_lines.to_ascii_lowercase().contains(&line), "{path}: no `{line}` in {head_lines}");
            }
        }
    }
    // Allow lists HEAD wherever it lists GET.
    let refused = send(addr, "POST", INCIDENTS, &[], None).await;
    assert_eq!(refused.status, 405);
    assert_eq!(refused.header("allow"), Some("GET, HEAD"));
    assert_eq!(send(addr, "DELETE", "/1.0/auth/time", &[], None).await.header("allow"), Some("GET, HEAD"));
    assert_eq!(send(addr, "PUT", "/__admin/health", &[], None).await.header("allow"), Some("GET, HEAD"));
    assert_eq!(send(addr, "GET", &format!("{API}/search/cities"), &[], None).await.header("allow"), Some("POST"));
}

#[tokio::test]
async fn injected_faults_carry_the_class_of_their_status_and_say_where_they_came_from() {
    let server = start(embedded()).await;
    let addr = server.addr();
    for (status, class) in [
        (400, "Client::BadRequest"),
        (401, "Client::Unauthorized"),
        (403, "Client::Forbidden"),
        (404, "Client::NotFound"),
        (409, "Client::Conflict"),
        (429, "Client::TooManyRequests"),
        (500, "Server::InternalServerError"),
        (502, "Server::BadGateway"),
        (503, "Server::ServiceUnavailable"),
        (504, "Server::GatewayTimeout"),
    ] {
        let answer = send(addr, "GET", INCIDENTS, &[("x-mock-fault", &status.to_string())], None).await;
        answer.assert_ovh_error(status, "X-Mock-Fault");
        assert_eq!(answer.json()["class"], class, "{status}");
        let retry = answer.header("retry-after");
        assert_eq!(retry.is_some(), matches!(status, 429 | 503), "{status}: Retry-After {retry:?}");
    }
    let settings = r#"{"latencyMs":null,"pending":null,"fault":429,"faultPercent":100,"strict":false,"world":true}"#;
    let changed = send(addr, "PUT", "/__admin/settings", &[], Some(settings)).await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    let answer = get(addr, INCIDENTS).await;
    answer.assert_ovh_error(429, "settings");
    assert_eq!(answer.json()["class"], "Client::TooManyRequests");
    assert!(!answer.text().contains("X-Mock-Fault"), "{}", answer.text());
    assert_eq!(answer.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn unknown_fault_values_are_refused_naming_the_accepted_ones() {
    let server = start(embedded()).await;
    for value in ["200", "slow", "600", "399", "", "drop-it", "5O3"] {
        let answer = send(server.addr(), "GET", INCIDENTS, &[("x-mock-fault", value)], None).await;
        answer.assert_ovh_error(400, "slow-body");
        assert!(answer.text().contains(&format!("`{value}`")), "{value}: {}", answer.text());
    }
    // Nothing of the refused requests reached a task: the fixture still starts at its first phase.
    let first = post(server.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await;
    assert_eq!(first.task_status(), "pending");
}

#[tokio::test]
async fn an_injected_error_or_drop_never_moves_a_task_on() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let cities = format!("{API}/search/cities");
    let body = r#"{"zipCode":"91400"}"#;
    let with = |fault: &'static str| {
        [("content-type", "application/json"), ("x-mock-session", "retry"), ("x-mock-fault", fault)]
    };
    // A client retrying after a 503, a 429 or a dropped connection still sees the task from
    // its start: the refused requests never reached the API.
    send(addr, "POST", &cities, &with("503"), Some(body)).await.assert_ovh_error(503, "Injected fault");
    send(addr, "POST", &cities, &with("429"), Some(body)).await.assert_ovh_error(429, "Injected fault");
    let dropped = raw(
        addr,
        format!(
            "POST {cities} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nX-Mock-Session: retry\r\nX-Mock-Fault: DROP\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await;
    assert!(dropped.is_empty(), "DROP in capitals drops too: {}", String::from_utf8_lossy(&dropped));
    let settings = r#"{"latencyMs":null,"pending":null,"fault":"drop","faultPercent":100,"strict":false,"world":true}"#;
    assert_eq!(send(addr, "PUT", "/__admin/settings", &[], Some(settings)).await.status, 200);
    let request = format!(
        "POST {cities} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nX-Mock-Session: retry\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    assert!(raw(addr, request.as_bytes()).await.is_empty(), "the settings' drop");
    assert_eq!(send(addr, "POST", "/__admin/settings/reset", &[], None).await.status, 200);
    assert_eq!(post_as(addr, &cities, body, "retry").await.task_status(), "pending", "the task starts over");
    assert_eq!(post_as(addr, &cities, body, "retry").await.task_status(), "ok");
}

#[tokio::test]
async fn a_page_can_read_what_it_backs_off_and_retries_by() {
    let server = start(embedded()).await;
    let headers = [("origin", "http://localhost:3000"), ("x-mock-fault", "429")];
    let answer = send(server.addr(), "GET", INCIDENTS, &headers, None).await;
    let exposed = answer.header("access-control-expose-headers").unwrap_or("").to_ascii_lowercase();
    for name in ["x-ovh-queryid", "retry-after", "allow"] {
        assert!(exposed.split(", ").any(|exposed| exposed == name), "{name} not exposed: {exposed}");
    }
}

#[tokio::test]
async fn slips_get_a_message_that_names_the_fix() {
    let server = start(verifying_config()).await;
    let addr = server.addr();
    // A token request sent as JSON.
    let json = [("content-type", "application/json")];
    let body = r#"{"grant_type":"client_credentials","client_id":"partner-app","client_secret":"s3cret"}"#;
    let answer = send(addr, "POST", "/auth/oauth2/token", &json, Some(body)).await;
    assert_eq!(answer.status, 400, "{}", answer.text());
    assert_eq!(answer.json()["error"], "invalid_request");
    assert!(answer.json()["error_description"].as_str().unwrap().contains("x-www-form-urlencoded"));
    // A date-time whose `+` was not encoded.
    let answer = get(addr, &format!("{INCIDENTS}?creationDate=2026-11-26T07:42:00+01:00")).await;
    answer.assert_ovh_error(400, "%2B");
    // The server's root is not the API: the message says where the API and the dashboard are.
    get(addr, "/").await.assert_ovh_error(404, "/__admin/");
}
