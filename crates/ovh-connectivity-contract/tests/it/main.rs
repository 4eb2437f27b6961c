//! The contract suite against the mock over 127.0.0.1: it passes on the real fixtures, and
//! each deliberately broken fixture set makes the right checks fail, naming the cause.

mod against_the_mock;
mod binary;
mod broken_servers;
mod record;
