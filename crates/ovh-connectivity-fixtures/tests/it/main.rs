//! Integration tests of the fixture loader, run over the real `fixtures/` folder.

mod load;
mod record;
mod roundtrip;
mod snapshots;
mod validation;
