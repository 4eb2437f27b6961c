//! The dashboard in a real headless Chromium, driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`, through fantoccini), against the real mock on 127.0.0.1.
//!
//! `cargo xtask test` installs both when missing and passes their paths in `OVH_CHROMIUM` and
//! `OVH_CHROMEDRIVER`, with `OVH_INTEROP_REQUIRED=1` so that a missing browser fails the run. A
//! bare `cargo test` without them skips these tests and says so.
//!
//! When a test fails, a screenshot of each panel is saved under
//! `target/browser-screenshots/<test>-<panel>.png` (after every test with
//! `OVH_DASHBOARD_SCREENSHOTS=1`, to look at the page).

use std::future::Future;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use ovh_connectivity_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::support::*;

const PANELS: [&str; 5] = ["fixtures", "world", "tasks", "requests", "settings"];

/// The browser's paths, or `None` (and a note) when the tests are to be skipped.
fn browser_paths() -> Option<(String, String)> {
    match (std::env::var("OVH_CHROMIUM"), std::env::var("OVH_CHROMEDRIVER")) {
        (Ok(chromium), Ok(driver)) => Some((chromium, driver)),
        _ if std::env::var_os("OVH_INTEROP_REQUIRED").is_some() => {
            panic!("OVH_INTEROP_REQUIRED is set but OVH_CHROMIUM or OVH_CHROMEDRIVER is not: run `cargo xtask test`")
        }
        _ => {
            println!(
                "SKIPPED: OVH_CHROMIUM and OVH_CHROMEDRIVER are not set; `cargo xtask test` installs Chromium and runs this test"
            );
            None
        }
    }
}

/// One ChromeDriver for the whole test binary; each test opens its own browser session.
struct Driver {
    port: u16,
    chromium: String,
    _process: Mutex<Child>,
}

fn driver() -> Option<&'static Driver> {
    static DRIVER: OnceLock<Option<Driver>> = OnceLock::new();
    DRIVER
        .get_or_init(|| {
            let (chromium, chromedriver) = browser_paths()?;
            let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
            let process = Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| panic!("{chromedriver}: {error}"));
            let started = Instant::now();
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not listen on {port}");
                std::thread::sleep(Duration::from_millis(50));
            }
            Some(Driver { port, chromium, _process: Mutex::new(process) })
        })
        .as_ref()
}

/// A headless Chromium with a fresh profile, `width` pixels wide.
async fn browser(driver: &Driver, width: u32) -> Client {
    // Headless windows are at least 500 px wide: narrower pages are emulated, as a phone.
    let mobile = (width < 500).then(|| json!({"deviceMetrics": {"width": width, "height": 844, "pixelRatio": 1.0}}));
    let profile = std::env::temp_dir().join(format!("ovh-mock-chromium-{}-{}", std::process::id(), rand_suffix()));
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": driver.chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                format!("--window-size={width},900"),
                format!("--user-data-dir={}", profile.display()),
            ],
        }
    });
    let mut capabilities = capabilities;
    if let Some(mobile) = mobile {
        capabilities["goog:chromeOptions"]["mobileEmulation"] = mobile;
    }
    let capabilities = match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("an object literal"),
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(Instant::now())
}

/// Runs `test` on the dashboard of `server` in a fresh browser. A failure (a panic in the
/// test) saves a screenshot of each panel first.
async fn on_dashboard<F, Fut>(name: &str, server: &MockServer, width: u32, fragment: &str, test: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(driver) = driver() else { return };
    let page = browser(driver, width).await;
    page.goto(&format!("{}/__admin/{fragment}", server.root_url())).await.expect("the dashboard loads");
    wait_for(&page, "body[data-ready=true]").await;
    let outcome = tokio::spawn(test(page.clone(), server.root_url())).await;
    if let Err(failure) = outcome {
        screenshots(&page, name).await;
        let _ = page.close().await;
        std::panic::resume_unwind(failure.into_panic());
    }
    if std::env::var_os("OVH_DASHBOARD_SCREENSHOTS").is_some() {
        screenshots(&page, name).await;
    }
    page.close().await.expect("the browser closes");
}

async fn screenshots(page: &Client, name: &str) {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-screenshots");
    let _ = std::fs::create_dir_all(&folder);
    for panel in PANELS {
        let Ok(tab) = page.find(Locator::Id(&format!("tab-{panel}"))).await else { continue };
        if tab.click().await.is_ok() {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if let Ok(png) = page.screenshot().await {
                let file = folder.join(format!("{name}-{panel}.png"));
                let _ = std::fs::write(&file, png);
                eprintln!("screenshot: {}", file.display());
            }
        }
    }
}

/// Waits (at most 15 s) for an element matching `css`.
async fn wait_for(page: &Client, css: &str) -> fantoccini::elements::Element {
    page.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("no `{css}` within 15 s: {error}"))
}

/// Waits (at most 15 s) until the text of `css` satisfies `check`; the last text seen.
async fn wait_for_text(page: &Client, css: &str, check: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let mut last = String::new();
    while started.elapsed() < Duration::from_secs(15) {
        if let Ok(element) = page.find(Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if check(&text) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("`{css}` never showed the expected text; last: {last:?}")
}

async fn click(page: &Client, css: &str) {
    wait_for(page, css).await.click().await.unwrap_or_else(|error| panic!("click `{css}`: {error}"));
}

/// Clicks the first element of `list` (a script expression giving an array), looked up and
/// clicked in one step: the live tables are redrawn every second, so an element found over
/// WebDriver may be gone by the time it is clicked.
async fn click_live(page: &Client, list: &str) {
    let clicked = page
        .execute(
            &format!("const found = {list}; if (!found.length) return false; found[0].click(); return true;"),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(clicked, json!(true), "nothing to click in {list}");
}

async fn open_panel(page: &Client, panel: &str) {
    click(page, &format!("#tab-{panel}")).await;
    wait_for(page, &format!("#{panel}:not([hidden])")).await;
}

/// A config whose tasks stay pending `pending` times.
fn config_with_pending(pending: Option<u32>) -> MockConfig {
    let mut config = embedded();
    config.settings.pending = pending;
    config
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_loads_reads_well_narrow_and_moves_with_the_keyboard() {
    let server = start(embedded()).await;
    on_dashboard("loads", &server, 1280, "", |page, _| async move {
        assert_eq!(page.title().await.unwrap(), "ovh-connectivity-mock · dashboard");
        let status = wait_for_text(&page, "#status", |text| text.contains("fixtures ·")).await;
        assert!(status.contains("world on"), "{status}");
        let fixtures = page.find_all(Locator::Css("#fixture-list button")).await.unwrap();
        assert!(fixtures.len() >= 30, "{} fixtures listed", fixtures.len());
        // Filtering.
        page.find(Locator::Id("fixture-filter")).await.unwrap().send_keys("91400").await.unwrap();
        let shown = page.find_all(Locator::Css("#fixture-list button")).await.unwrap();
        assert!(!shown.is_empty() && shown.len() < fixtures.len(), "{} of {} shown", shown.len(), fixtures.len());
        for button in shown {
            assert!(button.text().await.unwrap().contains("91400"));
        }
        // Tabs follow the arrow keys, and every control has a label.
        page.find(Locator::Id("tab-fixtures")).await.unwrap().send_keys("\u{E014}").await.unwrap(); // ArrowRight
        wait_for(&page, "#world:not([hidden])").await;
        let focused = page.execute("return document.activeElement.id", vec![]).await.unwrap();
        assert_eq!(focused, "tab-world");
        let unlabelled = page
            .execute(
                "return Array.from(document.querySelectorAll('input, select')).filter(e => !e.labels || !e.labels.length).map(e => e.id)",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(unlabelled, json!([]), "controls without a label");
    })
    .await;
    // At a phone's width, nothing is wider than the screen.
    on_dashboard("narrow", &server, 390, "", |page, _| async move {
        assert_eq!(page.execute("return window.innerWidth", vec![]).await.unwrap(), json!(390));
        for panel in PANELS {
            open_panel(&page, panel).await;
            let overflow = page
                .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
                .await
                .unwrap();
            assert_eq!(overflow, json!(0), "the {panel} panel is wider than 390 px");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sending_a_fixture_shows_pending_then_ok() {
    let server = start(config_with_pending(Some(2))).await;
    on_dashboard("send-fixture", &server, 1280, "", |page, _| async move {
        page.find(Locator::Id("fixture-filter")).await.unwrap().send_keys("search/cities/91400").await.unwrap();
        click(&page, r#"#fixture-list button[data-fixture="search/cities/91400"]"#).await;
        let curl = wait_for(&page, "#fixture-detail pre.curl").await.prop("textContent").await.unwrap();
        assert!(curl.unwrap_or_default().contains("curl -X POST"), "the request to copy");
        click(&page, "#fixture-send").await;
        let steps = wait_for_text(&page, "#fixture-steps", |text| text.contains("poll 3: ok")).await;
        let lines: Vec<&str> = steps.lines().collect();
        assert!(lines[0].starts_with("poll 1: pending · HTTP 200"), "{steps}");
        assert!(lines[1].starts_with("poll 2: pending · HTTP 200"), "{steps}");
        assert_eq!(lines.len(), 3, "{steps}");
        let answer = wait_for_text(&page, "#fixture-answer", |text| !text.is_empty()).await;
        assert!(answer.contains("ORSAY") && answer.contains("\"status\": \"ok\""), "{answer}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forcing_a_pending_task_to_error_changes_what_the_app_gets() {
    let server = start(config_with_pending(Some(50))).await;
    let addr = server.addr();
    let body = r#"{"lineNumber":"0123456789","status":"active"}"#;
    // The application's first poll: pending.
    assert_eq!(post_as(addr, &format!("{API}/test/line"), body, "frontend-app").await.task_status(), "pending");
    on_dashboard("force-error", &server, 1280, "", move |page, _| async move {
        open_panel(&page, "tasks").await;
        // Read through `wait_for_text`, which finds the row again on every try: the table is
        // redrawn every second.
        wait_for_text(&page, "#task-table tbody tr[data-task]", |t| {
            t.contains("frontend-app") && t.contains("pending")
        })
        .await;
        // The table is redrawn every second; a keyboard user's focus stays on its button.
        page.execute("document.querySelector('#task-table tr[data-task] button.force-error').focus()", vec![])
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let focused = page
            .execute("const e = document.activeElement; return [e.className, e.closest('tr').dataset.task]", vec![])
            .await
            .unwrap();
        assert_eq!(focused, json!(["force-error", "1"]), "the focus moved when the table was redrawn");
        let message = page.find(Locator::Id("force-message")).await.unwrap();
        message.clear().await.unwrap();
        message.send_keys("Line cut from the dashboard").await.unwrap();
        // Live tables are redrawn every second: find and click in one step, in the page.
        click_live(&page, "Array.from(document.querySelectorAll('#task-table tr[data-task] button.force-error'))")
            .await;
        wait_for_text(&page, "#task-table tbody tr[data-task] td.phase", |t| t.contains("forced error")).await;
    })
    .await;
    // The application's next poll ends in the forced error.
    let answer = post_as(addr, &format!("{API}/test/line"), body, "frontend-app").await.json();
    assert_eq!(answer["status"], "error");
    assert_eq!(answer["error"], "Line cut from the dashboard");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_latency_set_in_the_page_shows_in_the_request_log() {
    let server = start(config_with_pending(Some(0))).await;
    let addr = server.addr();
    on_dashboard("latency", &server, 1280, "", move |page, _| async move {
        open_panel(&page, "settings").await;
        let latency = page.find(Locator::Id("set-latency")).await.unwrap();
        latency.clear().await.unwrap();
        latency.send_keys("300").await.unwrap();
        click(&page, "#settings-form button[type=submit]").await;
        wait_for_text(&page, "#settings-message", |t| t == "Applied: latency 300 ms").await;
        // The application's next request waits 300 ms, and the log says why.
        let started = Instant::now();
        post(addr, &format!("{API}/search/cities"), r#"{"zipCode":"91400"}"#).await;
        assert!(started.elapsed() >= Duration::from_millis(300));
        open_panel(&page, "requests").await;
        let log = wait_for_text(&page, "#request-table tbody", |t| t.contains("search/cities")).await;
        let change = log.lines().find(|l| l.contains("settings: latency 300 ms")).unwrap_or_else(|| panic!("{log}"));
        assert!(change.contains("PUT") && change.contains("/__admin/settings"), "{change}");
        let cities = page
            .execute(
                "return Array.from(document.querySelectorAll('#request-table tbody tr')).filter(r => r.textContent.includes('search/cities')).map(r => Number(r.lastChild.textContent))",
                vec![],
            )
            .await
            .unwrap();
        assert!(cities[0].as_f64().unwrap() >= 300.0, "elapsed ms shown: {cities}");
        // Back to the start-up settings.
        open_panel(&page, "settings").await;
        click(&page, "#settings-reset").await;
        wait_for_text(&page, "#settings-message", |t| t == "Applied: latency none").await;
        let value = page.find(Locator::Id("set-latency")).await.unwrap().prop("value").await.unwrap();
        assert_eq!(value.as_deref(), Some(""));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_world_explorer_walks_from_a_zip_code_to_offers() {
    let server = start(config_with_pending(Some(0))).await;
    on_dashboard("world", &server, 1280, "", |page, _| async move {
        open_panel(&page, "world").await;
        page.find(Locator::Id("world-zip")).await.unwrap().send_keys("35000").await.unwrap();
        click(&page, "#world-form button[type=submit]").await;
        click(&page, "#world-steps > li:nth-child(1) ul.picks li:first-child button").await;
        // A city's streets are many: the list has a filter.
        let filter = wait_for(&page, "#world-steps > li:nth-child(2) input.pick-filter").await;
        filter.send_keys("champs").await.unwrap();
        click(&page, "#world-steps > li:nth-child(2) ul.picks li:not([hidden]) button").await;
        let title = wait_for_text(&page, "#world-steps > li:nth-child(3) h3", |t| !t.is_empty()).await;
        assert!(title.starts_with("Numbers in ") && title.contains("CHAMPS"), "{title}");
        for step in 3..=4 {
            click(&page, &format!("#world-steps > li:nth-child({step}) ul.picks li:first-child button")).await;
        }
        let table = wait_for(&page, "#world-steps > li:nth-child(5) table.offers").await;
        let caption = table.find(Locator::Css("caption")).await.unwrap().text().await.unwrap();
        assert!(caption.contains("offers eligible"), "{caption}");
        let rows = table.find_all(Locator::Css("tbody tr")).await.unwrap();
        assert!(!rows.is_empty());
        // Eligible offers come first.
        let eligible: Vec<bool> = futures_eligible(&rows).await;
        assert!(eligible.windows(2).all(|w| w[0] >= w[1]), "{eligible:?}");
        // Each step shows the request to copy.
        let curl = page.find(Locator::Css("#world-steps > li:nth-child(5) pre.curl")).await.unwrap();
        let text = curl.prop("textContent").await.unwrap().unwrap_or_default();
        assert!(text.contains("/test/building") && text.contains("IMB/35238/"), "{text}");
    })
    .await;
}

async fn futures_eligible(rows: &[fantoccini::elements::Element]) -> Vec<bool> {
    let mut eligible = Vec::new();
    for row in rows {
        eligible.push(row.attr("class").await.unwrap().as_deref() == Some("eligible"));
    }
    eligible
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_from_requests_is_shown_never_run() {
    let server = start(embedded()).await;
    let addr = server.addr();
    // What a browser sends for <script> in a path, a body and a session header holding markup.
    let script_path = "/1.0/connectivity/%3Cscript%3Ewindow.__xss=1%3C/script%3E";
    send(addr, "GET", script_path, &[], None).await.assert_ovh_error(404, "invalid");
    let body = r#"{"zipCode":"<script>window.__xss=2</script><img src=x onerror=\"window.__xss=3\">"}"#;
    let session = "<img src=x onerror=window.__xss=4>";
    post_as(addr, &format!("{API}/search/cities"), body, session).await;
    on_dashboard("xss", &server, 1280, "", |page, _| async move {
        open_panel(&page, "tasks").await;
        let row = wait_for_text(&page, "#task-table tbody", |t| t.contains("<img src=x")).await;
        assert!(row.contains("<script>window.__xss=2</script>"), "{row}");
        open_panel(&page, "requests").await;
        wait_for_text(&page, "#request-table tbody", |t| t.contains("%3Cscript%3E")).await;
        click_live(
            &page,
            "Array.from(document.querySelectorAll('#request-table tbody tr')).filter(r => r.textContent.includes('search/cities')).map(r => r.querySelector('button'))",
        )
        .await;
        let shown = wait_for_text(&page, "#request-detail pre.request-body", |t| t.contains("<script>")).await;
        assert!(shown.contains("onerror"), "{shown}");
        let ran = page
            .execute(
                "return [window.__xss === undefined, document.querySelectorAll('main script, main img').length]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(ran, json!([true, 0]), "markup from a request became part of the page");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_changes_need_the_token_when_the_mock_has_one() {
    let mut config = config_with_pending(Some(5));
    config.admin_token = Some(ovh_connectivity_mock::AdminToken::new("s3cret-token"));
    let server = start(config).await;
    let addr = server.addr();
    let settings = r#"{"latencyMs":null,"pending":null,"fault":null,"faultPercent":100,"strict":true,"world":true}"#;
    send(addr, "PUT", "/__admin/settings", &[], Some(settings)).await.assert_ovh_error(401, "admin token");
    let wrong = [("x-mock-admin-token", "s3cret-tokem")];
    send(addr, "DELETE", "/__admin/tasks", &wrong, None).await.assert_ovh_error(401, "X-Mock-Admin-Token");
    assert_eq!(send(addr, "GET", "/__admin/settings", &[], None).await.status, 200, "reading needs no token");
    // The page takes the token from the link printed at start-up, and drops it from the URL.
    on_dashboard("token", &server, 1280, "#token=s3cret-token", |page, _| async move {
        assert!(!page.current_url().await.unwrap().as_str().contains("s3cret"));
        open_panel(&page, "settings").await;
        click(&page, "#set-strict").await;
        click(&page, "#settings-form button[type=submit]").await;
        wait_for_text(&page, "#settings-message", |t| t == "Applied: strict on").await;
    })
    .await;
    let now: Value = send(addr, "GET", "/__admin/settings", &[], None).await.json();
    assert_eq!(now["current"]["strict"], true);
}
