//! The world over real sockets: a new user's zip code, the chain from zip code to eligibility,
//! fixtures that still win, the switches that turn the world off, and the official Python
//! client walking it.

use serde_json::{Value, json};

use crate::support::*;

/// Sends `body` until the task is no longer pending; the final answer and the polls it took.
async fn task(addr: std::net::SocketAddr, route: &str, body: Value) -> (Value, u32) {
    for polls in 1..=5 {
        let answer = post(addr, &format!("{API}/{route}"), &body.to_string()).await;
        assert_eq!(answer.status, 200, "{route} {body}: {}", answer.text());
        if answer.task_status() != "pending" {
            return (answer.json(), polls);
        }
    }
    panic!("{route} {body}: still pending after 5 polls");
}

#[tokio::test]
async fn a_new_users_zip_code_walks_to_an_eligibility_test_of_the_same_address() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let (cities, polls) = task(addr, "search/cities", json!({"zipCode": "75011"})).await;
    assert_eq!(polls, 2, "one pending answer first, as for fixtures");
    assert_eq!(
        cities["result"],
        json!([{"city": "PARIS", "inseeCode": "75111", "locality": "PARIS 11E ARRONDISSEMENT", "zipCode": "75011"}])
    );
    let (streets, _) = task(addr, "search/streets", json!({"inseeCode": "75111"})).await;
    let street = &streets["result"][3];
    assert!(street["streetCode"].as_str().unwrap().starts_with("75111"));
    let (numbers, _) = task(addr, "search/streetNumbers", json!({"streetCode": street["streetCode"]})).await;
    let number = numbers["result"].as_array().unwrap().last().unwrap().clone();
    let (buildings, _) =
        task(addr, "search/buildings", json!({"streetCode": street["streetCode"], "streetNumber": number})).await;
    let building = &buildings["result"][0];
    let (test, _) = task(addr, "test/building", json!({"building": building["reference"]})).await;
    let endpoint = &test["result"]["endpoint"];
    assert_eq!(endpoint["address"]["streetName"], street["streetName"]);
    assert_eq!(endpoint["address"]["streetNumber"], number);
    assert_eq!(endpoint["address"]["inseeCode"], "75111");
    assert_eq!(endpoint["reference"], building["reference"]);

    let reference = test["result"]["eligibilityReference"].as_str().unwrap();
    let again = send(addr, "GET", &format!("{API}/test?eligibilityReference={reference}"), &[], None).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json(), test["result"], "the reference resolves to the same test");
}

#[tokio::test]
async fn a_line_test_and_the_lines_at_its_address_agree() {
    let server = start(embedded()).await;
    let addr = server.addr();
    let (test, _) = task(addr, "test/line", json!({"lineNumber": "0467123456", "status": "active"})).await;
    assert_eq!(test["status"], "ok", "{test}");
    let address = &test["result"]["endpoint"]["address"];
    let department = &address["inseeCode"].as_str().unwrap()[..2];
    let south_east = [
        "01", "03", "04", "05", "06", "07", "11", "13", "15", "26", "2A", "2B", "30", "34", "38", "42", "43", "48",
        "63", "66", "69", "73", "74", "83", "84",
    ];
    assert!(south_east.contains(&department), "a 04 number is in the south-east, not in {department}");
    let body = json!({"streetCode": address["streetCode"], "streetNumber": address["streetNumber"]});
    let (lines, _) = task(addr, "search/lines", body.clone()).await;
    let found = lines["result"].as_array().unwrap();
    for line in found {
        assert_eq!(line["address"]["streetName"], address["streetName"]);
        let number = line["lineNumber"].as_str().unwrap();
        let (again, _) = task(addr, "test/line", json!({"lineNumber": number, "status": "active"})).await;
        assert_eq!(again["result"]["endpoint"]["address"]["streetCode"], address["streetCode"], "{number}");
    }
    let (by_line, _) =
        task(addr, "search/buildingsByLine", json!({"lineNumber": "0467123456", "status": "active"})).await;
    assert_eq!(by_line["result"].as_array().unwrap().len(), 1);
    let (mobile, _) = task(addr, "test/line", json!({"lineNumber": "0612345678", "status": "active"})).await;
    assert_eq!(mobile["status"], "error", "a mobile number has no copper line: {mobile}");
}

#[tokio::test]
async fn fixtures_still_win_and_forged_references_are_refused() {
    let server = start(embedded()).await;
    let addr = server.addr();
    // The guide's answer for 91400 has ORSIGNY, a locality the real data does not list.
    let (cities, _) = task(addr, "search/cities", json!({"zipCode": "91400"})).await;
    assert!(cities["result"].as_array().unwrap().iter().any(|c| c["locality"] == "ORSIGNY"), "{cities}");
    let (unknown, _) = task(addr, "search/cities", json!({"zipCode": "00000"})).await;
    assert_eq!(unknown["result"], json!([]));

    let (test, _) = task(addr, "test/otp", json!({"otp": "OO-1A2B-3C4D"})).await;
    let reference = test["result"]["eligibilityReference"].as_str().unwrap().to_owned();
    let mut forged = reference.clone().into_bytes();
    let last = forged.len() - 1;
    forged[last] = if forged[last] == b'0' { b'1' } else { b'0' };
    let forged = String::from_utf8(forged).unwrap();
    let answer = send(addr, "GET", &format!("{API}/test?eligibilityReference={forged}"), &[], None).await;
    answer.assert_ovh_error(404, "not found");
    let meetings =
        post(addr, &format!("{API}/search/meetings"), &json!({"eligibilityReference": forged}).to_string()).await;
    meetings.assert_ovh_error(404, "not found");
    let (slots, _) = task(addr, "search/meetings", json!({"eligibilityReference": reference})).await;
    assert_eq!(slots["result"]["meetingSlots"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn the_same_secret_resolves_references_from_another_mock_and_another_does_not() {
    let first = start(embedded()).await;
    let (test, _) = task(first.addr(), "test/line", json!({"lineNumber": "0298765432", "status": "inactive"})).await;
    let reference = test["result"]["eligibilityReference"].as_str().unwrap().to_owned();
    let path = format!("{API}/test?eligibilityReference={reference}");
    let twin = start(embedded()).await;
    assert_eq!(send(twin.addr(), "GET", &path, &[], None).await.json(), test["result"]);
    let mut config = embedded();
    config.world.secret = "another secret".to_owned();
    let stranger = start(config).await;
    send(stranger.addr(), "GET", &path, &[], None).await.assert_ovh_error(404, "not found");
}

#[tokio::test]
async fn strict_mode_and_world_off_answer_as_without_a_world() {
    let mut config = embedded();
    config.settings.world = false;
    let off = start(config).await;
    let (cities, _) = task(off.addr(), "search/cities", json!({"zipCode": "75011"})).await;
    assert_eq!(cities["result"], json!([]));
    let mut config = embedded();
    config.settings.strict = true;
    let strict = start(config).await;
    let answer = post(strict.addr(), &format!("{API}/search/cities"), r#"{"zipCode":"75011"}"#).await;
    answer.assert_ovh_error(404, "strict mode");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_python_client_walks_the_world() {
    let Some(python) = crate::tools::python() else { return };
    let server = start(embedded()).await;
    let input = json!({
        "endpoint": server.base_url(),
        "zipCodes": ["75011", "29000", "13001", "97400"],
        "lineNumbers": ["0145678901", "0556789012"],
    });
    let output = crate::python::run_script(python, "world_flow.py", input).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "python failed: {}\n{stdout}", String::from_utf8_lossy(&output.stderr));
    let flows: Vec<Value> = stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(flows.len(), 6);
    for flow in &flows[..4] {
        let address = &flow["test"]["result"]["endpoint"]["address"];
        assert_eq!(address["streetName"], flow["street"]["streetName"], "{flow}");
        assert_eq!(address["streetNumber"], flow["number"], "{flow}");
        assert_eq!(address["zipCode"], flow["zipCode"], "{flow}");
        assert_eq!(flow["again"], flow["test"]["result"], "{flow}");
        assert_eq!(flow["polls"], 2, "{flow}");
    }
    for flow in &flows[4..] {
        assert_eq!(flow["test"]["status"], "ok", "{flow}");
        assert!(!flow["test"]["result"]["offers"].as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn recalls_about_a_building_the_world_does_not_have_are_refused() {
    let server = start(embedded()).await;
    let recall = |reference: &str| json!({"reference": reference, "referenceType": "building"}).to_string();
    let path = "/1.0/connectivity/eligibility/recall";
    let forged = post(server.addr(), path, &recall("IMB/75111/C/ZZZZ")).await;
    forged.assert_ovh_error(404, "IMB/75111/C/ZZZZ");
    let (streets, _) = task(server.addr(), "search/streets", json!({"inseeCode": "75111"})).await;
    let code = &streets["result"][0]["streetCode"];
    let (numbers, _) = task(server.addr(), "search/streetNumbers", json!({"streetCode": code})).await;
    let body = json!({"streetCode": code, "streetNumber": numbers["result"][0]});
    let (buildings, _) = task(server.addr(), "search/buildings", body).await;
    let real = post(server.addr(), path, &recall(buildings["result"][0]["reference"].as_str().unwrap())).await;
    assert_eq!(real.status, 200, "{}", real.text());
}

/// A task the mock ends in `error` says what the API would say, in the fixture's words ("No
/// inactive line found for number 0987654321"): the input it could not find, and nothing of
/// the mock's own (no "world", "fixture" or "neighbour-line creation"); with the world on and
/// off.
#[tokio::test]
async fn task_errors_speak_as_the_api_does() {
    let mut off = embedded();
    off.settings.world = false;
    for (config, label) in [(embedded(), "world on"), (off, "world off")] {
        let server = start(config).await;
        let cases = [
            (
                "test/line",
                json!({"lineNumber": "0612345678", "status": "active"}),
                "No active line found for number 0612345678",
            ),
            (
                "test/line/partners",
                json!({"lineNumber": "0712345678", "status": "inactive"}),
                "No inactive line found for number 0712345678",
            ),
            (
                "test/address",
                json!({"streetCode": "7511199999", "streetNumber": "4"}),
                "No address found for street code 7511199999 and street number 4",
            ),
            (
                "test/address/partners",
                json!({"streetCode": "x", "streetNumber": "1B"}),
                "No address found for street code x and street number 1B",
            ),
            ("test/building", json!({"building": "IMB/00000/C/AAAA"}), "Building IMB/00000/C/AAAA not found"),
            ("test/otp", json!({"otp": "not an otp"}), "Optical termination point not an otp not found"),
            ("search/buildingDetails", json!({"building": "IMB/75111/C/????"}), "Building IMB/75111/C/???? not found"),
        ];
        for (route, body, expected) in cases {
            let (answer, _) = task(server.addr(), route, body.clone()).await;
            assert_eq!(answer["status"], "error", "{label} {route} {body}: {answer}");
            let message = answer["error"].as_str().unwrap();
            assert_eq!(message, expected, "{label} {route} {body}");
            for jargon in ["world", "fixture", "mock", "neighbour", "strict"] {
                assert!(!message.to_lowercase().contains(jargon), "{label} {route}: {message}");
            }
        }
    }
}
