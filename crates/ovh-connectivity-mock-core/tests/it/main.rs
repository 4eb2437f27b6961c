//! Integration tests of the mock core through its public API, as a host calls it: no socket,
//! no runtime, both clocks given.

mod forwarding;
mod host;
