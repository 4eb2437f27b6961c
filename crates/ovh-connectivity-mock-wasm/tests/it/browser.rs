//! The package in a real browser: a page served by Vite's dev server (which pre-bundles the
//! package with esbuild) or built by `vite build`, with no configuration for the package,
//! registers MSW's service worker with `mock.handlers`, calls the API's real URL with `fetch`
//! and shows the offers at an address; Debian's Chromium runs it (WebDriver), with msw 2 and
//! with msw 3 (which needs Node ≥ 22.12 in Node, so it is tested here only).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::chromium::{browser, driver};
use crate::project::{project, run_within};

/// How Vite serves the page.
#[derive(Clone, Copy, Debug)]
enum Serve {
    /// `vite`: the dev server, dependencies pre-bundled by esbuild.
    Dev,
    /// `vite build`, then `vite preview` of the build.
    Built,
}

/// The Vite server, stopped when the test ends.
struct Preview(Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn the_page_shows_offers_with(msw: &str, serve: Serve) {
    let Some(driver) = driver() else { return };
    let Some(project) = project() else { return };
    let folder = project.join(format!("it-browser-msw{msw}-{serve:?}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(folder.join("public")).expect("page folder");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    for file in ["index.html", "main.js", "vite.config.mjs"] {
        std::fs::copy(source.join(file), folder.join(file)).expect("copy the page");
    }
    // What `npx msw init public/` does: MSW's worker script, of the version the page runs.
    let package = if msw == "3" { "msw3" } else { "msw" };
    std::fs::copy(
        project.join("node_modules").join(package).join("lib/mockServiceWorker.js"),
        folder.join("public/mockServiceWorker.js"),
    )
    .expect("MSW's worker script");
    let vite = project.join("node_modules/.bin/vite");
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let listen = ["--host", "127.0.0.1", "--strictPort", "--port", &port.to_string()].map(str::to_owned);
    let mut server = Command::new(&vite);
    match serve {
        Serve::Dev => server.args(&listen),
        Serve::Built => {
            let built = run_within(
                Command::new(&vite).args(["build", "--outDir", "dist"]).current_dir(&folder).env("MSW", msw),
                Duration::from_secs(120),
            );
            assert!(built.status.success(), "vite build: {}", String::from_utf8_lossy(&built.stderr));
            server.args(["preview", "--outDir", "dist"]).args(&listen)
        }
    };
    let _server = Preview(
        server.current_dir(&folder).env("MSW", msw).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("vite"),
    );
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "vite preview did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }

    let page = browser(&driver, 1280).await;
    page.goto(&format!("http://127.0.0.1:{port}/")).await.expect("the page loads");
    let started = Instant::now();
    let status = loop {
        let status = page.find(Locator::Id("status")).await.expect("#status").text().await.expect("text");
        if status.starts_with("done") || status.starts_with("error") {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the page still says `{status}` after 60 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.starts_with("done"), "msw {msw}, {serve:?}: {status}");
    let city = page.find(Locator::Id("city")).await.expect("#city").text().await.expect("text");
    assert_eq!(city, "ORSAY (91471) after 2 polls", "the guide's answer, pending first");
    let offers = page.find_all(Locator::Css("#offers li")).await.expect("offers");
    assert!(!offers.is_empty(), "msw {msw}: no offer shown ({status})");
    let first = offers[0].text().await.expect("text");
    assert!(first.contains("eligible"), "{first}");
    let _ = page.close().await;
    let _ = std::fs::remove_dir_all(&folder);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vite_dev_server_page_with_msw_2_shows_the_offers_at_an_address() {
    the_page_shows_offers_with("2", Serve::Dev).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vite_built_page_with_msw_2_shows_the_offers_at_an_address() {
    the_page_shows_offers_with("2", Serve::Built).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vite_dev_server_page_with_msw_3_shows_the_offers_at_an_address() {
    the_page_shows_offers_with("3", Serve::Dev).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vite_built_page_with_msw_3_shows_the_offers_at_an_address() {
    the_page_shows_offers_with("3", Serve::Built).await;
}
