//! The dashboard in a real headless Chromium, driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`, through fantoccini), against the real mock on 127.0.0.1.
//!
//! `cargo xtask test` installs both when missing and passes their paths in `OVH_CHROMIUM` and
//! `OVH_CHROMEDRIVER`; without them, `chromium` and `chromedriver` on `PATH` run these tests,
//! and without those each test skips as a whole and says so (see `tools.rs`).
//!
//! When a test fails, a screenshot of each panel is saved under
//! `target/browser-screenshots/<test>-<panel>.png` (after every test with
//! `OVH_DASHBOARD_SCREENSHOTS=1`, to look at the page).

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use ovh_connectivity_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::chromium::{Driver, browser, driver, wait_for};
use crate::support::*;

const PANELS: [&str; 6] = ["fixtures", "world", "tasks", "requests", "recorded", "settings"];

/// Runs `test` on the dashboard of `server` in a fresh browser of `driver` (which each test
/// gets first: a test without a browser skips as a whole). A failure (a panic in the
/// test) saves a screenshot of each panel first.
async fn on_dashboard<F, Fut>(driver: &Driver, name: &str, server: &MockServer, width: u32, fragment: &str, test: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
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
            // The top of the panel, then its end when it is taller than the window.
            for (part, script) in [("", "window.scrollTo(0, 0); return true"), ("-end", END)] {
                if page.execute(script, vec![]).await.ok() != Some(json!(true)) {
                    continue;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                if let Ok(png) = page.screenshot().await {
                    let file = folder.join(format!("{name}-{panel}{part}.png"));
                    let _ = std::fs::write(&file, png);
                    eprintln!("screenshot: {}", file.display());
                }
            }
        }
    }
}

/// Scrolls to the end of the page when it is taller than the window; whether it did.
const END: &str = "const end = document.documentElement.scrollHeight - window.innerHeight; \
                   if (end <= 0) return false; window.scrollTo(0, end); return true";

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
async fn the_page_loads_filters_and_moves_with_the_keyboard() {
    let Some(driver) = driver() else { return };
    let server = start(embedded()).await;
    on_dashboard(&driver, "loads", &server, 1280, "", |page, _| async move {
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
}

/// What of the page is wider than the screen: the page's overflow in pixels, and every shown
/// element that reaches past either edge (inside a scrolling box too: off screen is off
/// screen) or whose text sticks out of it.
async fn off_screen(page: &Client) -> Value {
    page.execute(
        r##"const width = document.documentElement.clientWidth;
           const name = (e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className ? "." + e.className : ""}`;
           const out = [];
           for (const e of document.querySelectorAll("body *")) {
             const r = e.getBoundingClientRect();
             if (r.width === 0 || r.height === 0) continue;
             if (r.left < -0.5 || r.right > width + 0.5) out.push(`${name(e)} at ${Math.round(r.left)}..${Math.round(r.right)}`);
             // Text sticking out of a box that does not scroll.
             else if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible") out.push(`${name(e)} holds ${e.scrollWidth} px in ${e.clientWidth}`);
           }
           return [document.documentElement.scrollWidth - width, out];"##,
        vec![],
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_a_phones_width_every_panel_fits_and_settings_is_reachable() {
    let Some(driver) = driver() else { return };
    let server = start(config_with_pending(Some(5))).await;
    let addr = server.addr();
    // Live tasks and requests to show.
    let long = r#"{"streetCode":"94123001234","streetNumber":"4"}"#;
    post_as(addr, &format!("{API}/test/address"), long, "phone").await;
    post_as(addr, &format!("{API}/test/line"), r#"{"lineNumber":"0123456789","status":"active"}"#, "phone").await;
    on_dashboard(&driver, "narrow", &server, 390, "", |page, _| async move {
        assert_eq!(page.execute("return window.innerWidth", vec![]).await.unwrap(), json!(390));
        // Every tab is on screen and on top, Settings included: the tabs wrap.
        let tabs = page
            .execute(
                r##"return Array.from(document.querySelectorAll('[role="tab"]')).filter((tab) => {
                     const r = tab.getBoundingClientRect();
                     const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                     return r.left >= 0 && r.right <= window.innerWidth && top !== null && tab.contains(top);
                   }).map((tab) => tab.id)"##,
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(tabs, json!(PANELS.map(|panel| format!("tab-{panel}"))), "tabs visible and on top at 390 px");
        for panel in PANELS {
            open_panel(&page, panel).await;
            if panel == "tasks" {
                wait_for_text(&page, "#task-table tbody", |t| t.contains("0123456789")).await;
            }
            if panel == "requests" {
                wait_for_text(&page, "#request-table tbody", |t| t.contains("test/address")).await;
            }
            assert_eq!(off_screen(&page).await, json!([0, []]), "the {panel} panel at 390 px");
        }
        // A task is a card: each column labelled on its own line, its request across the screen.
        open_panel(&page, "tasks").await;
        let card = page
            .execute(
                r##"const row = Array.from(document.querySelectorAll("#task-table tr[data-task]")).find((r) => r.textContent.includes("94123001234"));
                   const key = row.querySelector("td.key");
                   return [Array.from(row.cells).map((c) => c.dataset.label), Math.round(key.getBoundingClientRect().width),
                           Array.from(row.cells).every((c) => { const r = c.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth; })]"##,
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(card[0], json!(["Id", "Request", "Session", "Fixture", "Phase", "Polls", "Age", "Actions"]), "{card}");
        assert!(card[1].as_u64().unwrap() >= 300, "the request is {} px wide", card[1]);
        assert_eq!(card[2], json!(true), "{card}");
        let key = wait_for_text(&page, "#task-table tr[data-task] td.key", |t| !t.is_empty()).await;
        assert!(key.contains("\"streetCode\":\"94123001234\""), "{key}");
        // Its buttons work there.
        click_live(&page, "Array.from(document.querySelectorAll('#task-table tr[data-task] button.force-ok'))").await;
        wait_for_text(&page, "#task-table tbody", |t| t.contains("forced final")).await;
        // Settings is usable at this width.
        open_panel(&page, "settings").await;
        let latency = page.find(Locator::Id("set-latency")).await.unwrap();
        latency.clear().await.unwrap();
        latency.send_keys("120").await.unwrap();
        click(&page, "#settings-form button[type=submit]").await;
        wait_for_text(&page, "#settings-message", |t| t == "Applied: latency 120 ms").await;
        assert_eq!(off_screen(&page).await, json!([0, []]), "the settings panel at 390 px");
    })
    .await;
    let now: Value = send(addr, "GET", "/__admin/settings", &[], None).await.json();
    assert_eq!(now["current"]["latencyMs"], 120);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_tab_has_a_link_and_the_start_up_token_works_beside_it() {
    let Some(driver) = driver() else { return };
    let mut config = embedded();
    config.admin_token = Some(ovh_connectivity_mock::AdminToken::new("s3cret-token"));
    let server = start(config).await;
    let addr = server.addr();
    on_dashboard(&driver, "deep-link", &server, 1280, "#world", |page, _| async move {
        wait_for(&page, "#world:not([hidden])").await;
        assert_eq!(
            page.find(Locator::Id("tab-world")).await.unwrap().attr("aria-selected").await.unwrap().as_deref(),
            Some("true")
        );
        // Choosing a tab names it in the address bar, a link to copy.
        open_panel(&page, "tasks").await;
        assert!(page.current_url().await.unwrap().as_str().ends_with("/__admin/#tasks"));
        // A link followed within the page, or a fragment typed in the address bar.
        page.execute("location.hash = '#requests'", vec![]).await.unwrap();
        wait_for(&page, "#requests:not([hidden])").await;
        // Without the token, a change is refused.
        open_panel(&page, "settings").await;
        click(&page, "#set-strict").await;
        click(&page, "#settings-form button[type=submit]").await;
        wait_for_text(&page, "#settings-message", |t| t.contains("admin token")).await;
    })
    .await;
    // The start-up link's token with a tab, in either order: the tab opens, the token is used
    // and leaves the address bar, the tab stays in it.
    for (fragment, panel, strict) in
        [("#settings&token=s3cret-token", "settings", true), ("#token=s3cret-token&settings", "settings", false)]
    {
        on_dashboard(&driver, "deep-link-token", &server, 1280, fragment, move |page, _| async move {
            wait_for(&page, &format!("#{panel}:not([hidden])")).await;
            let url = page.current_url().await.unwrap();
            assert!(!url.as_str().contains("s3cret") && url.as_str().ends_with(&format!("/__admin/#{panel}")), "{url}");
            click(&page, "#set-strict").await;
            click(&page, "#settings-form button[type=submit]").await;
            wait_for_text(&page, "#settings-message", |t| {
                t == format!("Applied: strict {}", if strict { "on" } else { "off" })
            })
            .await;
        })
        .await;
        let now: Value = send(addr, "GET", "/__admin/settings", &[], None).await.json();
        assert_eq!(now["current"]["strict"], strict, "{fragment}");
    }
}

/// Pastes the clipboard into a text area made for it, as a user would (Ctrl+V); what it got.
async fn paste(page: &Client) -> String {
    page.execute(
        "const area = document.createElement('textarea'); area.id = 'paste-here'; area.setAttribute('aria-label', 'paste'); document.body.append(area);",
        vec![],
    )
    .await
    .unwrap();
    let area = page.find(Locator::Id("paste-here")).await.unwrap();
    area.send_keys("\u{E009}v\u{E000}").await.unwrap(); // Control+V, then release Control
    let pasted = area.prop("value").await.unwrap().unwrap_or_default();
    page.execute("document.getElementById('paste-here').remove()", vec![]).await.unwrap();
    pasted
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_request_snippet_has_a_copy_button() {
    let Some(driver) = driver() else { return };
    let server = start(config_with_pending(Some(0))).await;
    on_dashboard(&driver, "copy", &server, 1280, "", |page, _| async move {
        page.find(Locator::Id("fixture-filter")).await.unwrap().send_keys("search/cities/91400").await.unwrap();
        click(&page, r#"#fixture-list button[data-fixture="search/cities/91400"]"#).await;
        click(&page, "#fixture-detail details.snippets summary").await;
        for (kind, start) in [("curl", "curl -X POST"), ("fetch", "const answer = await fetch(")] {
            let snippet = wait_for(&page, &format!("#fixture-detail .snippet pre.{kind}")).await;
            let text = snippet.prop("textContent").await.unwrap().unwrap_or_default();
            assert!(text.starts_with(start), "{text}");
            let button = format!("#fixture-detail .snippet:has(pre.{kind}) button.copy");
            assert_eq!(wait_for(&page, &button).await.text().await.unwrap(), "Copy");
            click(&page, &button).await;
            // A visible "copied" state, then back.
            wait_for_text(&page, &button, |t| t == "Copied").await;
            let colour = page
                .execute("return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", vec![json!(button)])
                .await
                .unwrap();
            assert_eq!(colour, "rgb(30, 122, 60)", "the copied state is green");
            assert_eq!(paste(&page).await, text, "the {kind} snippet, pasted");
            wait_for_text(&page, &button, |t| t == "Copy").await;
        }
        // Where the asynchronous clipboard is missing (a page on a LAN address over plain
        // HTTP is no secure context), the button copies through the selection.
        page.execute("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })", vec![])
            .await
            .unwrap();
        let curl = page.find(Locator::Css("#fixture-detail pre.curl")).await.unwrap().prop("textContent").await.unwrap();
        click(&page, "#fixture-detail .snippet:has(pre.curl) button.copy").await;
        wait_for_text(&page, "#fixture-detail .snippet:has(pre.curl) button.copy", |t| t == "Copied").await;
        assert_eq!(Some(paste(&page).await), curl, "copied without navigator.clipboard");
        // The world explorer's snippets have their buttons too: one per snippet.
        open_panel(&page, "world").await;
        page.find(Locator::Id("world-zip")).await.unwrap().send_keys("35000").await.unwrap();
        click(&page, "#world-form button[type=submit]").await;
        wait_for(&page, "#world-steps > li:nth-child(1) ul.picks").await;
        let counts = page
            .execute("return [document.querySelectorAll('#world .snippet pre').length, document.querySelectorAll('#world .snippet button.copy').length]", vec![])
            .await
            .unwrap();
        assert_eq!(counts, json!([2, 2]));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_world_explorer_shows_every_poll_of_each_step() {
    let Some(driver) = driver() else { return };
    let server = start(config_with_pending(Some(2))).await;
    on_dashboard(&driver, "world-polls", &server, 1280, "#world", |page, _| async move {
        page.find(Locator::Id("world-zip")).await.unwrap().send_keys("35000").await.unwrap();
        click(&page, "#world-form button[type=submit]").await;
        for step in [1, 2] {
            let polls = format!("#world-steps > li:nth-child({step}) ol.answers");
            let shown = wait_for_text(&page, &polls, |t| t.contains(": ok")).await;
            let lines: Vec<&str> = shown.lines().collect();
            assert_eq!(lines.len(), 3, "{shown}");
            assert!(lines[0].starts_with("poll 1: pending · HTTP 200"), "{shown}");
            assert!(lines[1].starts_with("poll 2: pending · HTTP 200"), "{shown}");
            assert!(lines[2].starts_with("poll 3: ok · HTTP 200"), "{shown}");
            if step == 1 {
                click(&page, "#world-steps > li:nth-child(1) ul.picks li:first-child button").await;
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sending_a_fixture_shows_pending_then_ok() {
    let Some(driver) = driver() else { return };
    let server = start(config_with_pending(Some(2))).await;
    on_dashboard(&driver, "send-fixture", &server, 1280, "", |page, _| async move {
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
    let Some(driver) = driver() else { return };
    let server = start(config_with_pending(Some(50))).await;
    let addr = server.addr();
    let body = r#"{"lineNumber":"0123456789","status":"active"}"#;
    // The application's first poll: pending.
    assert_eq!(post_as(addr, &format!("{API}/test/line"), body, "frontend-app").await.task_status(), "pending");
    on_dashboard(&driver, "force-error", &server, 1280, "", move |page, _| async move {
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
    let Some(driver) = driver() else { return };
    let server = start(config_with_pending(Some(0))).await;
    let addr = server.addr();
    on_dashboard(&driver, "latency", &server, 1280, "", move |page, _| async move {
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
    let Some(driver) = driver() else { return };
    let server = start(config_with_pending(Some(0))).await;
    for (name, width) in [("world", 1280), ("world-narrow", 390)] {
        on_dashboard(&driver, name, &server, width, "", move |page, _| async move {
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
            assert_rates_as_the_cli_writes_them(&page).await;
            if width < 500 {
                assert_eq!(off_screen(&page).await, json!([0, []]), "the offers at {width} px");
            }
            // The copper line at the same address instead: estimated rates, computed.
            click(&page, "#world-steps > li:nth-child(4) button.secondary").await;
            let title = wait_for_text(&page, "#world-steps > li:nth-child(5) h3", |t| t.contains("copper")).await;
            assert!(title.starts_with("Eligibility of the copper line at "), "{title}");
            wait_for(&page, "#world-steps > li:nth-child(5) table.offers").await;
            let decimals = assert_rates_as_the_cli_writes_them(&page).await;
            assert!(decimals > 0, "no computed rate with a decimal to check");
            if width < 500 {
                assert_eq!(off_screen(&page).await, json!([0, []]), "the offers at {width} px");
            }
        })
        .await;
    }
}

/// Checks each rate of the offers table as the command line writes it (to a tenth at most,
/// no needless `.0`); how many have a decimal.
async fn assert_rates_as_the_cli_writes_them(page: &Client) -> usize {
    let cells = "#world-steps table.offers tbody td:nth-child(n+4):nth-child(-n+7)";
    let rates = page
        .execute(
            &format!("return Array.from(document.querySelectorAll('{cells}')).map((td) => td.textContent)"),
            vec![],
        )
        .await
        .unwrap();
    let rates = rates.as_array().unwrap();
    assert!(rates.len() >= 4, "{rates:?}");
    let mut decimals = 0;
    for shown in rates {
        let shown = shown.as_str().unwrap();
        if shown == "—" {
            continue;
        }
        let number = shown.strip_suffix(" Mb/s").unwrap_or_else(|| panic!("{shown}"));
        let fraction = number.split_once('.').map_or("", |(_, fraction)| fraction);
        assert!(fraction.len() <= 1 && fraction != "0" && number.parse::<f64>().is_ok(), "{shown} in {rates:?}");
        decimals += usize::from(!fraction.is_empty());
    }
    decimals
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rates_are_rounded_as_the_command_line_rounds_them() {
    let Some(driver) = driver() else { return };
    let server = start(embedded()).await;
    on_dashboard(&driver, "rates", &server, 1280, "", |page, _| async move {
        // The command line's `rate` (render.rs, Rust's `{:.1}`): its unit test's values, the
        // issue's 13.005, and ties, which Rust rounds to the even tenth.
        let cases = [
            (1000.0, "1000 Mb/s"),
            (0.5, "0.5 Mb/s"),
            (8.173828125, "8.2 Mb/s"),
            (0.99707, "1 Mb/s"),
            (13.005, "13 Mb/s"),
            (20.04, "20 Mb/s"),
            (99.95, "100 Mb/s"),
            (13.05, "13.1 Mb/s"),
            (0.25, "0.2 Mb/s"),
            (0.75, "0.8 Mb/s"),
            (1.25, "1.2 Mb/s"),
            (2.75, "2.8 Mb/s"),
            (0.0, "0 Mb/s"),
        ];
        let values: Vec<f64> = cases.iter().map(|(value, _)| *value).collect();
        let shown =
            page.execute("return arguments[0].map(rate).concat([rate(null)])", vec![json!(values)]).await.unwrap();
        let expected: Vec<&str> = cases.iter().map(|(_, text)| *text).chain(["—"]).collect();
        assert_eq!(shown, json!(expected));
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
    let Some(driver) = driver() else { return };
    let server = start(embedded()).await;
    let addr = server.addr();
    // What a browser sends for <script> in a path, a body and a session header holding markup.
    let script_path = "/1.0/connectivity/%3Cscript%3Ewindow.__xss=1%3C/script%3E";
    send(addr, "GET", script_path, &[], None).await.assert_ovh_error(404, "invalid");
    let body = r#"{"zipCode":"<script>window.__xss=2</script><img src=x onerror=\"window.__xss=3\">"}"#;
    let session = "<img src=x onerror=window.__xss=4>";
    post_as(addr, &format!("{API}/search/cities"), body, session).await;
    on_dashboard(&driver, "xss", &server, 1280, "", |page, _| async move {
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
    let Some(driver) = driver() else { return };
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
    on_dashboard(&driver, "token", &server, 1280, "#token=s3cret-token", |page, _| async move {
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

/// Serves `page` as `text/html` at `/` on an OS-chosen port of 127.0.0.1 (another origin than
/// the mock's), until the test ends.
async fn page_server(page: String) -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let page = page.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request).await;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_on_another_origin_calls_the_mock_with_credentials() {
    let Some(driver) = driver() else { return };
    // What an app does with `fetch(url, {credentials: 'include'})` (axios' withCredentials):
    // a preflighted POST (JSON and a header of its own), then a GET.
    let script = r#"
        window.call = async (base) => {
            try {
                const cities = await fetch(base + '/1.0/connectivity/eligibility/search/cities', {
                    method: 'POST', credentials: 'include',
                    headers: {'Content-Type': 'application/json', 'X-Mock-Session': 'cors', 'X-Requested-With': 'XMLHttpRequest'},
                    body: JSON.stringify({zipCode: '91400'}),
                });
                const incidents = await fetch(base + '/1.0/connectivity/monitoring/genericIncident/public?status=validated', {credentials: 'include'});
                return [cities.status, (await cities.json()).status, incidents.status, (await incidents.json()).length];
            } catch (error) {
                return 'blocked: ' + error;
            }
        };
    "#;
    let app = page_server(format!("<!doctype html><title>app</title><script>{script}</script>")).await;
    let mock = start(embedded()).await;
    let mut restricted = embedded();
    restricted.cors = ovh_connectivity_mock::Cors::Origins(vec!["http://app.example".to_owned()]);
    let restricted = start(restricted).await;

    let page = browser(&driver, 1280).await;
    page.goto(&format!("http://{app}/")).await.expect("the app's page loads");
    let call = |base: String| {
        let page = page.clone();
        async move {
            page.execute_async("window.call(arguments[0]).then(arguments[1])", vec![json!(base)])
                .await
                .expect("the page's script ran")
        }
    };
    assert_eq!(call(mock.root_url()).await, json!([200, "pending", 200, 1]), "the default policy lets the app in");
    // Another origin than the listed one: the browser refuses the answer.
    let blocked = call(restricted.root_url()).await;
    assert!(blocked.as_str().is_some_and(|text| text.starts_with("blocked")), "{blocked}");
    page.close().await.expect("the browser closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recorded_panel_lists_each_file_and_its_drift_as_text() {
    let Some(driver) = driver() else { return };
    // A field named with markup: drift names it, and the page shows it as text.
    let (upstream, request) = crate::proxy::drifting_upstream("<img src=x onerror=window.__xss=5>").await;
    let dir = crate::proxy::temp_dir("dashboard");
    let proxy = start(crate::proxy::proxy_config(&upstream.base_url(), Some(&dir), 1)).await;
    post(proxy.addr(), &format!("{API}/search/lines"), &request).await;
    on_dashboard(&driver, "recorded", &proxy, 1280, "#recorded", |page, _| async move {
        wait_for(&page, "#recorded:not([hidden])").await;
        let summary = wait_for_text(&page, "#recorded-summary", |t| t.contains("1 written")).await;
        assert!(summary.contains("1 with drift"), "{summary}");
        let row = wait_for_text(&page, "#recorded-table tbody", |t| t.contains("search/lines/")).await;
        assert!(row.contains("SearchLines") && row.contains("created"), "{row}");
        assert!(row.contains("unknown field <img src=x onerror=window.__xss=5>"), "{row}");
        assert!(row.contains("unknown LineStatus value “frozen” at result[0].copperInfo.status"), "{row}");
        let ran = page
            .execute("return [window.__xss === undefined, document.querySelectorAll('main img').length]", vec![])
            .await
            .unwrap();
        assert_eq!(ran, json!([true, 0]), "a field name became part of the page");
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}
