//! `cloudcensus history migrate`: a province's SQLite history copied into
//! the shared PostgreSQL one, run by run, each in its own transaction. A
//! run already there (the same organisation, start time, scope and mode)
//! is skipped, so the copy can be run again after an interruption, or
//! twice, and copies each run once. Runs recorded before organisations
//! had ids are copied as the organisation's the copy is made for.

use std::path::Path;

use super::place::Target;
use super::postgres::Postgres;
use super::row::RunRow;
use super::sqlite::Sqlite;
use super::store::StoreError;

/// What a copy did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Migrated {
    pub copied: usize,
    /// Runs the PostgreSQL history already had.
    pub skipped: usize,
}

/// Copies every run of the SQLite history at `from` into `to`; runs that
/// name no organisation are copied as `org`'s. `None` when there is no
/// history at `from`.
pub fn copy(from: &Path, to: &Target, org: &str) -> Result<Option<Migrated>, StoreError> {
    let Some(mut source) = Sqlite::open_existing(from)? else {
        return Ok(None);
    };
    let mut target = Postgres::open(to)?;
    let mut done = Migrated::default();
    for run in source.all_runs()? {
        let key = if run.org_id.is_empty() {
            org
        } else {
            run.org_id.as_str()
        };
        if target.has_run(key, &run.started_at, &run.scope, &run.mode)? {
            done.skipped += 1;
            continue;
        }
        let Some((_, scan)) = source.load(&run.org_id, Some(run.id))? else {
            continue;
        };
        let mut row = RunRow::of(&scan, key).map_err(|source| StoreError::Encode { source })?;
        // The row's start as the store has it (the record's own, to the
        // character), so that a second copy finds the run.
        row.started_at = run.started_at;
        target.record(&row)?;
        done.copied += 1;
    }
    Ok(Some(done))
}
