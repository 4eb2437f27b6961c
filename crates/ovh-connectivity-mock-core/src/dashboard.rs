//! The dashboard at `/__admin/`: one page, its script and its style, built into the binary
//! (no build step, no CDN: it works offline). The script reads and changes the mock through
//! the admin API only, and writes every text it shows with `textContent`, never as HTML; the
//! content security policy forbids inline scripts besides.

use http::{HeaderName, HeaderValue, StatusCode, header};

use crate::reply::Reply;

const PAGE: &str = include_str!("../dashboard/index.html");
const SCRIPT: &str = include_str!("../dashboard/app.js");
const STYLE: &str = include_str!("../dashboard/app.css");

/// Scripts and styles from the mock only, no inline code, no framing, no plugins.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                      img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub(crate) fn page() -> Reply {
    served(PAGE, "text/html; charset=utf-8")
}

pub(crate) fn is_asset(name: &str) -> bool {
    matches!(name, "app.js" | "app.css")
}

pub(crate) fn asset(name: &str) -> Reply {
    match name {
        "app.js" => served(SCRIPT, "text/javascript; charset=utf-8"),
        _ => served(STYLE, "text/css; charset=utf-8"),
    }
}

fn served(text: &'static str, content_type: &'static str) -> Reply {
    let mut reply = Reply::json(StatusCode::OK, text);
    reply.content_type = content_type;
    reply.extra_headers = vec![
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY)),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (HeaderName::from_static("referrer-policy"), HeaderValue::from_static("no-referrer")),
    ];
    reply.with_note("dashboard")
}
