//! The `ovh-connectivity` binary as people and scripts run it: a real process against the
//! mock on 127.0.0.1, on its fixtures and on its world.

mod answers;
mod commands;
mod failures;
mod input;
mod pipes;
mod support;
mod terminal;
