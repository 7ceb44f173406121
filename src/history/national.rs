//! What the national view reads from a history shared by many
//! organisations: each organisation's latest whole-inventory run as of a
//! day, every organisation the history knows, and of a run's record only
//! the figures the view sums (its totals and its targets' numerators and
//! denominators), the rest of the record skipped as it is read. `trend
//! --national` reads no record but the last night's: every
//! whole-inventory run's target counts come from the target-values table
//! (a run recorded before the table kept counts, store version 6, is read
//! from its record).
//!
//! A run's day here is its `as_of` (the day it measured): a nightly scan's
//! is the night it ran, and `national --as-of DAY` and `trend` read the
//! history by the same day.

use std::collections::BTreeMap;

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

/// A whole-inventory run and its targets' counts: what `trend --national`
/// sums night by night.
#[derive(Debug, Clone)]
pub struct RunCounts {
    pub summary: RunSummary,
    pub targets: Vec<TargetCount>,
}

/// A target's numerator and denominator in one run.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCount {
    pub id: String,
    pub numerator: f64,
    pub denominator: f64,
}

/// Every whole-inventory run's target values: run id, target id,
/// numerator and denominator (absent in runs recorded before store
/// version 6), by run. The same query on both stores.
const WHOLE_RUN_COUNTS: &str = "SELECT run_id, target_id, numerator, denominator
     FROM target_values WHERE scope = '' ORDER BY run_id";

/// One row of [`WHOLE_RUN_COUNTS`].
pub type CountRow = (i64, String, Option<f64>, Option<f64>);

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

    /// The target values of every whole-inventory run (see
    /// [`WHOLE_RUN_COUNTS`]).
    fn whole_run_counts(&mut self) -> Result<Vec<CountRow>, StoreError> {
        match self {
            Store::Sqlite(store) => store.counts_on(WHOLE_RUN_COUNTS),
            Store::Postgres(store) => store.counts_on(WHOLE_RUN_COUNTS),
        }
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

/// Every whole-inventory run of every organisation with its targets'
/// counts, oldest first: what `trend --national` draws from. The counts
/// are the target-values table's; a run with a value recorded without
/// them (before store version 6) has its record read instead.
pub fn every_run_counts(store: &mut Store) -> Result<Vec<RunCounts>, StoreError> {
    // The runs first: each is committed whole, its values with it, so a
    // run recorded meanwhile only leaves values unread.
    let summaries = store.whole_runs()?;
    let mut by_run: BTreeMap<i64, Option<Vec<TargetCount>>> = BTreeMap::new();
    for (run, id, numerator, denominator) in store.whole_run_counts()? {
        let counts = by_run.entry(run).or_insert_with(|| Some(Vec::new()));
        match (counts.as_mut(), numerator, denominator) {
            (Some(counts), Some(numerator), Some(denominator)) => counts.push(TargetCount {
                id,
                numerator,
                denominator,
            }),
            _ => *counts = None,
        }
    }
    let mut runs = Vec::new();
    for summary in summaries {
        let targets = match by_run.remove(&summary.id) {
            Some(Some(counts)) => counts,
            // No value at all (nothing measured) sums as nothing.
            None => Vec::new(),
            Some(None) => match store.figures(summary.id)? {
                Some(figures) => figures
                    .targets
                    .into_iter()
                    .map(|t| TargetCount {
                        id: t.id,
                        numerator: t.numerator,
                        denominator: t.denominator,
                    })
                    .collect(),
                // Pruned meanwhile.
                None => continue,
            },
        };
        runs.push(RunCounts { summary, targets });
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::history::place::Place;
    use crate::policy::national::{compute, over_time};
    use crate::report::hostile_scan;

    /// Organisation `org`'s whole-inventory run as of `day`: `cloud`
    /// counts `on` of `of`, `online` nothing (no value, no stored row).
    fn run(store: &mut Store, org: &str, day: &str, pack: &str, (on, of): (f64, f64)) -> i64 {
        let mut scan = hostile_scan();
        scan.as_of = IsoDate::parse(day).unwrap();
        scan.inputs.policy_digest = pack.to_string();
        scan.totals.counts.systems = of as usize;
        let mut online = scan.targets[0].clone();
        online.id = "online".into();
        (online.numerator, online.denominator, online.percent) = (0.0, 0.0, None);
        let cloud = &mut scan.targets[0];
        (cloud.numerator, cloud.denominator) = (on, of);
        cloud.percent = crate::scan::percent(on, of);
        scan.targets.push(online);
        store.record_as(&scan, org).unwrap()
    }

    fn store(dir: &tempfile::TempDir) -> Store {
        Store::open(&Place::Sqlite(dir.path().join("h.sqlite"))).unwrap()
    }

    /// Each night's value summed from the stored counts is the ratio of
    /// sums `national --as-of` computes from the records that night, for
    /// every maximum age: stale runs, runs of another pack, a night an
    /// organisation skipped, a value with nothing measured, an agency's
    /// run, and a run recorded before the counts were kept.
    #[test]
    fn the_stored_counts_give_what_the_records_give() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(&dir);
        let mut old = 0;
        for (n, day) in ["2026-11-20", "2026-11-21", "2026-11-23", "2026-11-24"]
            .into_iter()
            .enumerate()
        {
            let n = n as f64;
            run(&mut store, "a", day, "p", (1.0 + n, 10.0));
            run(&mut store, "b", day, "p", (90.0 - n, 100.0 + n));
            if n < 2.0 {
                old = run(&mut store, "c", day, "p", (3.0, 7.0));
            }
            let pack = if n == 1.0 { "q" } else { "p" };
            run(&mut store, "d", day, pack, (0.0, 1000.0));
        }
        let mut part = hostile_scan();
        part.scope.agencies = vec!["so-a".into()];
        store.record_as(&part, "a").unwrap();
        let Store::Sqlite(sqlite) = &mut store else {
            unreachable!()
        };
        sqlite.forget_counts(old);

        let runs = every_run_counts(&mut store).unwrap();
        assert_eq!(runs.len(), 14);
        for max_age in [0, 1, 2, 30] {
            let (last, points) = over_time(&runs, max_age);
            assert_eq!(last, IsoDate::parse("2026-11-24").ok());
            let days = [
                "2026-11-20",
                "2026-11-21",
                "2026-11-22",
                "2026-11-23",
                "2026-11-24",
            ];
            for day in days.map(|d| IsoDate::parse(d).unwrap()) {
                let view = compute(&inputs(&mut store, day).unwrap(), day, max_age);
                for target in &view.targets {
                    let drawn = points
                        .iter()
                        .find(|(id, _)| *id == target.progress.id)
                        .and_then(|(_, line)| line.iter().find(|(d, _)| *d == day))
                        .map(|(_, value)| *value);
                    let measured = days.contains(&day.to_string().as_str())
                        && runs.iter().any(|r| r.summary.as_of == day.to_string());
                    let expected = target.progress.percent.filter(|_| measured);
                    assert_eq!(
                        drawn, expected,
                        "{} on {day}, max age {max_age}",
                        target.progress.id
                    );
                }
            }
        }
    }

    /// What the national view reads: each organisation's latest run of
    /// its whole inventory as of the day, with its organisation and pack.
    #[test]
    fn the_latest_whole_run_of_each_organisation_as_of_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(&dir);
        let ids = [
            run(&mut store, "hue", "2026-11-24", "p", (1.0, 2.0)),
            run(&mut store, "da-nang", "2026-11-24", "p", (1.0, 2.0)),
            run(&mut store, "hue", "2026-11-25", "q", (1.0, 2.0)),
        ];
        let mut part = hostile_scan();
        part.scope.agencies = vec!["so-a".into()];
        store.record_as(&part, "hue").unwrap();
        let latest = |store: &mut Store, day: &str| -> Vec<(String, i64, Option<String>)> {
            store
                .latest_runs_as_of(IsoDate::parse(day).unwrap())
                .unwrap()
                .into_iter()
                .map(|r| (r.org_id, r.id, r.policy_digest))
                .collect()
        };
        let pack = |p: &str| Some(p.to_string());
        assert_eq!(
            latest(&mut store, "2026-11-25"),
            [
                ("da-nang".into(), ids[1], pack("p")),
                ("hue".into(), ids[2], pack("q"))
            ]
        );
        assert_eq!(
            latest(&mut store, "2026-11-24"),
            [
                ("da-nang".into(), ids[1], pack("p")),
                ("hue".into(), ids[0], pack("p"))
            ]
        );
        assert!(latest(&mut store, "2026-11-23").is_empty());
    }
}
