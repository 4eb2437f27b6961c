//! Chromium driven over WebDriver for the tests: a ChromeDriver of the test's own, a headless
//! Chromium with a fresh profile, and a wait for an element. Shared with the npm package's
//! tests (`ovh-connectivity-mock-wasm`, by `#[path]`), which load the npx server's dashboard.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::tools::{self, Browser};

/// A ChromeDriver of the test's own, stopped when the test ends, passed or failed (one shared
/// by the test binary was never stopped: statics are not dropped at exit).
pub(crate) struct Driver {
    port: u16,
    chromium: PathBuf,
    process: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A ChromeDriver; `None` (the test is skipped, and says so) when Chromium or ChromeDriver is
/// missing. Each test asks first, before anything it would check.
pub(crate) fn driver() -> Option<Driver> {
    let Browser { chromium, chromedriver } = tools::browser()?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let process = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("ChromeDriver {}: {error}", chromedriver.display()));
    let driver = Driver { port, chromium: chromium.clone(), process };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(driver)
}

/// A headless Chromium with a fresh profile, `width` pixels wide.
pub(crate) async fn browser(driver: &Driver, width: u32) -> Client {
    // Headless windows are at least 500 px wide: narrower pages are emulated, as a phone.
    let mobile = (width < 500).then(|| json!({"deviceMetrics": {"width": width, "height": 844, "pixelRatio": 1.0}}));
    let profile = std::env::temp_dir().join(format!("ovh-mock-chromium-{}-{}", std::process::id(), rand_suffix()));
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": driver.chromium.display().to_string(),
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

pub(crate) fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(Instant::now())
}

/// Waits (at most 15 s) for an element matching `css`.
pub(crate) async fn wait_for(page: &Client, css: &str) -> fantoccini::elements::Element {
    page.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("no `{css}` within 15 s: {error}"))
}
