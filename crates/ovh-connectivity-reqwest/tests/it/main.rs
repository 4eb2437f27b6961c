//! The reqwest adapter over real sockets, against the mock: the documented flows, a signed
//! call the mock verifies, and the failures classified as the hyper adapter classifies them.

mod flows;
