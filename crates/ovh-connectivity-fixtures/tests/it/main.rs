//! Integration tests of the fixture loader, run over the real `fixtures/` folder.

mod load;
mod roundtrip;
mod snapshots;
mod validation;
