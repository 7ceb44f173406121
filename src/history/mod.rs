//! Scan history: every run recorded, in an embedded SQLite store of the
//! organisation's own or a PostgreSQL database shared by many
//! ([`store`] is the one interface to both), listed by `cloudcensus runs`
//! and rendered again by `cloudcensus report`.

pub mod baseline;
pub mod diff;
pub mod migrate;
pub mod national;
pub mod national_trend;
pub mod pgpass;
pub mod pgtls;
pub mod place;
pub mod postgres;
pub mod row;
pub mod runs;
pub mod sqlite;
pub mod store;
pub mod trend;
