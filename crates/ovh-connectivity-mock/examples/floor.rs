//! The benchmark floor: a bare hyper server answering the same bytes to every request. It has
//! the mock's connection layer (the same hyper settings, header timeout, graceful-shutdown
//! watch, and body read) and nothing of its per-request work: no routing, no matching, no
//! state, no log. `cargo xtask bench` compares the mock with it.
//!
//! `floor ADDR FILE`: serves the contents of FILE as `application/json` on ADDR.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8090".to_owned());
    let file = args.next().expect("usage: floor ADDR FILE");
    let body = Bytes::from(std::fs::read(&file).expect("answer file"));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("floor listening on http://{}", listener.local_addr().expect("addr"));
    let body = Arc::new(body);
    let graceful = GracefulShutdown::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        let service = service_fn(move |request: Request<hyper::body::Incoming>| {
            let body = body.clone();
            async move {
                // Read the request body, as the mock does.
                let _ = request.into_body().collect().await;
                let mut response = Response::new(Full::new((*body).clone()));
                response.headers_mut().insert("content-type", "application/json; charset=utf-8".parse().unwrap());
                Ok::<_, Infallible>(response)
            }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(std::time::Duration::from_secs(10))
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
}
