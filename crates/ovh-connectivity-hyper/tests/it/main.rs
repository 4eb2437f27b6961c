//! The hyper adapter end to end, over real sockets on 127.0.0.1: the mock in-process, a
//! silent server for timeouts, a closed port for connection failures, a forward proxy, and the
//! example.

mod end_to_end;
mod failures;
mod proxy;
mod self_signed;
mod tls;
