//! What the national view reads from a history shared by many
//! organisations: each organisation's latest whole-inventory run as of a
//! day, every organisation the history knows, every whole-inventory run
//! (for `trend --national`), and of a run's record only the figures the
//! view sums (its totals and its targets' numerators and denominators),
//! the rest of the record skipped as it is read.
//!
//! A run's day here is its `as_of` (the day it measured): a nightly scan's
//! is the night it ran, and `national --as-of DAY` and `trend` read the
//! history by the same day.

use serde::Deserialize;

use super::row::SUMMARY;
use super::store::{RunSummary, Store, StoreError};
use crate::fields::IsoDate;
use crate::policy::national::OrgInput;
use crate::scan::{TargetProgress, Totals};

/// The part of a run's record the national view reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RunFigures {
    pub totals: Totals,
    pub targets: Vec<TargetProgress>,
}

impl Store {
    /// The latest whole-inventory run (no agency or tag filter) of every
    /// organisation that measured on or before `day`, by organisation id.
    pub fn latest_runs_as_of(&mut self, day: IsoDate) -> Result<Vec<RunSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY} FROM runs WHERE id IN
               (SELECT max(id) FROM runs WHERE scope = '' AND as_of <= $1 GROUP BY org_id)
             ORDER BY org_id"
        );
        self.summaries_on(&sql, Some(&day.to_string()))
    }

    /// The latest run of any scope or day of every organisation the
    /// history knows: its name and kind for the national view's
    /// organisations without a run to count.
    pub fn organisations(&mut self) -> Result<Vec<RunSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY} FROM runs WHERE id IN (SELECT max(id) FROM runs GROUP BY org_id)
             ORDER BY org_id"
        );
        self.summaries_on(&sql, None)
    }

    /// Every whole-inventory run of every organisation, oldest first.
    pub fn whole_runs(&mut self) -> Result<Vec<RunSummary>, StoreError> {
        let sql = format!("SELECT {SUMMARY} FROM runs WHERE scope = '' ORDER BY id");
        self.summaries_on(&sql, None)
    }

    /// The totals and targets of run `id`'s record.
    pub fn figures(&mut self, id: i64) -> Result<Option<RunFigures>, StoreError> {
        match self {
            Store::Sqlite(store) => store.record_part(id),
            Store::Postgres(store) => store.record_part(id),
        }
    }

    fn summaries_on(
        &mut self,
        sql: &str,
        day: Option<&str>,
    ) -> Result<Vec<RunSummary>, StoreError> {
        match self {
            Store::Sqlite(store) => store.summaries_on(sql, day),
            Store::Postgres(store) => store.summaries_on(sql, day),
        }
    }
}

/// Every organisation the history knows, with its latest whole-inventory
/// run as of `day` and that run's figures, or without a run (missing):
/// what [`compute`](crate::policy::national::compute) takes. One record
/// is read at a time, and only its figures are kept.
pub fn inputs(store: &mut Store, day: IsoDate) -> Result<Vec<OrgInput>, StoreError> {
    let latest = store.latest_runs_as_of(day)?;
    let mut inputs = Vec::with_capacity(latest.len());
    for summary in latest {
        let figures = store.figures(summary.id)?;
        inputs.push(OrgInput { summary, figures });
    }
    for known in store.organisations()? {
        if !inputs
            .iter()
            .any(|input| input.summary.org_id == known.org_id)
        {
            inputs.push(OrgInput {
                summary: known,
                figures: None,
            });
        }
    }
    Ok(inputs)
}

/// Every whole-inventory run of every organisation with its figures,
/// oldest first: what `trend --national` draws from.
pub fn every_run(store: &mut Store) -> Result<Vec<OrgInput>, StoreError> {
    let mut runs = Vec::new();
    for summary in store.whole_runs()? {
        if let Some(figures) = store.figures(summary.id)? {
            runs.push(OrgInput {
                summary,
                figures: Some(figures),
            });
        }
    }
    Ok(runs)
}
