//! Scan history: every run recorded in an embedded SQLite store
//! ([`store`]), listed by `cloudcensus runs` and rendered again by
//! `cloudcensus report`.

pub mod baseline;
pub mod diff;
pub mod runs;
pub mod store;
pub mod trend;
