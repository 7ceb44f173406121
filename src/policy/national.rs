//! The national view: every organisation's latest run read together.
//!
//! Each national target is a ratio of sums: the organisations' numerators
//! summed over their denominators summed (systems on cloud over systems,
//! agencies over agencies), never an average of their percentages, so a
//! ministry of 2,000 systems weighs as its systems do and a city of 40 as
//! its own.
//!
//! Only the organisations whose run is fresh (measured within
//! `max_age_days` of the day of the view) and judged by the majority's
//! policy pack are counted: a stale run is another day's figure, and a
//! run of another pack measured other rules (its figures are shown, and
//! flagged, but not comparable). The majority's pack is the digest most of
//! the fresh runs have; a tie goes to the one counting more systems, then
//! to the smaller digest, so the choice never depends on order.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::fields::IsoDate;
use crate::history::national::{RunCounts, RunFigures};
use crate::history::store::RunSummary;
use crate::policy::targets::status;
use crate::scan::TargetProgress;

/// How many organisations the view names as the worst of a target.
pub const WORST: usize = 3;

/// Whether an organisation's latest run counts as current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Freshness {
    /// Measured within the maximum age.
    Fresh,
    /// Measured earlier.
    Stale,
    /// Known to the history, with no whole-inventory run on or before the day.
    Missing,
}

impl Freshness {
    pub fn as_str(self) -> &'static str {
        match self {
            Freshness::Fresh => "fresh",
            Freshness::Stale => "stale",
            Freshness::Missing => "missing",
        }
    }
}

/// One organisation as the history has it: its latest run as of the day
/// (with the figures of its record), or only its name when it has none.
#[derive(Debug, Clone)]
pub struct OrgInput {
    pub summary: RunSummary,
    /// `None`: no whole-inventory run on or before the day (missing).
    pub figures: Option<RunFigures>,
}

/// An organisation's line in the view.
#[derive(Debug, Clone, Serialize)]
pub struct OrgRow {
    pub id: String,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub status: Freshness,
    /// Its run's id in the history and the day it measured; absent when missing.
    pub run_id: Option<i64>,
    pub as_of: Option<String>,
    pub policy_digest: Option<String>,
    /// Its policy pack is not the majority's: its figures are not comparable.
    pub other_pack: bool,
    /// Counted in the national targets: fresh, and of the majority's pack.
    pub counted: bool,
    pub systems: Option<u64>,
    pub on_cloud_percent: Option<f64>,
    pub services_online_percent: Option<f64>,
    pub compliance_percent: Option<f64>,
    /// Each target's percent in this organisation's run.
    #[serde(skip)]
    pub targets: BTreeMap<String, Option<f64>>,
}

/// An organisation among the worst of a target.
#[derive(Debug, Clone, Serialize)]
pub struct Worst {
    pub id: String,
    pub percent: f64,
}

/// A national target: its progress summed over the counted organisations.
#[derive(Debug, Clone, Serialize)]
pub struct NationalTarget {
    /// Title, goal and deadline as the pack gives them; numerator and
    /// denominator the sums, percent their ratio, status judged on it.
    #[serde(flatten)]
    pub progress: TargetProgress,
    /// Organisations whose run measured it.
    pub organisations: usize,
    /// The counted organisations with the lowest values, lowest first.
    pub worst: Vec<Worst>,
}

/// The whole view.
#[derive(Debug, Clone, Serialize)]
pub struct National {
    pub as_of: IsoDate,
    pub max_age_days: u32,
    /// The majority's policy pack; absent when no run is fresh.
    pub policy_digest: Option<String>,
    pub counted: usize,
    pub stale: usize,
    pub missing: usize,
    pub other_pack: usize,
    pub targets: Vec<NationalTarget>,
    pub organisations: Vec<OrgRow>,
}

/// Whether a run measured on `run_as_of` is fresh on `day`.
pub fn is_fresh(run_as_of: &str, day: IsoDate, max_age_days: u32) -> bool {
    IsoDate::parse(run_as_of)
        .is_ok_and(|run| run <= day && run.days_until(day) <= i64::from(max_age_days))
}

/// The view of `inputs` (one per organisation, in id order) on `day`.
pub fn compute(inputs: &[OrgInput], day: IsoDate, max_age_days: u32) -> National {
    let freshness = |input: &OrgInput| match &input.figures {
        None => Freshness::Missing,
        Some(_) if is_fresh(&input.summary.as_of, day, max_age_days) => Freshness::Fresh,
        Some(_) => Freshness::Stale,
    };
    let digest = |input: &OrgInput| input.summary.policy_digest.clone();
    let majority = majority_pack(
        inputs
            .iter()
            .filter(|input| freshness(input) == Freshness::Fresh)
            .map(|input| (digest(input), input.summary.systems)),
    );

    let mut organisations: Vec<OrgRow> = inputs
        .iter()
        .map(|input| {
            let status = freshness(input);
            let other_pack = status != Freshness::Missing && digest(input) != majority;
            let counts = input.figures.as_ref().map(|f| &f.totals.counts);
            OrgRow {
                id: input.summary.org_id.clone(),
                name: input.summary.org_name.clone(),
                kind: input.summary.org_kind.clone(),
                status,
                run_id: (status != Freshness::Missing).then_some(input.summary.id),
                as_of: (status != Freshness::Missing).then(|| input.summary.as_of.clone()),
                policy_digest: digest(input).filter(|_| status != Freshness::Missing),
                other_pack,
                counted: status == Freshness::Fresh && !other_pack,
                systems: counts.map(|c| c.systems as u64),
                on_cloud_percent: counts.and_then(|c| c.on_cloud_percent()),
                services_online_percent: counts.and_then(|c| c.services_percent()),
                compliance_percent: counts.and_then(|c| c.outcomes.compliance_percent()),
                targets: input
                    .figures
                    .iter()
                    .flat_map(|f| &f.targets)
                    .map(|t| (t.id.clone(), t.percent))
                    .collect(),
            }
        })
        .collect();

    let counted: Vec<&RunFigures> = inputs
        .iter()
        .zip(&organisations)
        .filter(|(_, row)| row.counted)
        .filter_map(|(input, _)| input.figures.as_ref())
        .collect();
    let targets = national_targets(&counted, day)
        .into_iter()
        .map(|(progress, measured)| {
            let mut worst: Vec<Worst> = organisations
                .iter()
                .filter(|row| row.counted)
                .filter_map(|row| {
                    let percent = (*row.targets.get(&progress.id)?)?;
                    Some(Worst {
                        id: row.id.clone(),
                        percent,
                    })
                })
                .collect();
            worst.sort_by(|a, b| a.percent.total_cmp(&b.percent).then(a.id.cmp(&b.id)));
            worst.truncate(WORST);
            NationalTarget {
                progress,
                organisations: measured,
                worst,
            }
        })
        .collect();

    organisations.sort_by(|a, b| a.id.cmp(&b.id));
    let count = |status: Freshness| organisations.iter().filter(|r| r.status == status).count();
    National {
        as_of: day,
        max_age_days,
        policy_digest: majority.filter(|_| !counted.is_empty()),
        counted: organisations.iter().filter(|r| r.counted).count(),
        stale: count(Freshness::Stale),
        missing: count(Freshness::Missing),
        other_pack: organisations.iter().filter(|r| r.other_pack).count(),
        targets,
        organisations,
    }
}

/// Each target of the counted runs, in the pack's order, its numerator
/// and denominator summed (and its undecided systems), its percent the
/// ratio of the sums and its status judged on `day`; with how many runs
/// measured it.
pub fn national_targets(runs: &[&RunFigures], day: IsoDate) -> Vec<(TargetProgress, usize)> {
    let mut sums: Vec<(TargetProgress, usize)> = Vec::new();
    for target in runs.iter().flat_map(|run| &run.targets) {
        match sums.iter_mut().find(|(sum, _)| sum.id == target.id) {
            Some((sum, measured)) => {
                sum.numerator += target.numerator;
                sum.denominator += target.denominator;
                sum.undecided += target.undecided;
                *measured += 1;
            }
            None => {
                let mut sum = target.clone();
                sum.history.clear();
                sum.reached_by = None;
                sums.push((sum, 1));
            }
        }
    }
    for (sum, _) in &mut sums {
        sum.percent = ratio(sum.numerator, sum.denominator);
        sum.days_left = day.days_until(sum.deadline);
        sum.status = status(sum.percent, sum.goal, day, sum.deadline);
    }
    sums
}

/// A target's (day, percent) values, oldest first.
pub type Points = Vec<(IsoDate, f64)>;

/// The national values over time: for each day a run measured (`runs`:
/// every whole-inventory run of every organisation with its targets'
/// counts, oldest first), each target's value as `national --as-of DAY`
/// computes it from the records: the ratio of the sums over each
/// organisation's latest run as of that day, counted as [`compute`]
/// counts it. The last day, and each target's (day, percent) points, in
/// the order the targets first appear, days without a value left out.
pub fn over_time(
    runs: &[RunCounts],
    max_age_days: u32,
) -> (Option<IsoDate>, Vec<(String, Points)>) {
    let mut days: Vec<IsoDate> = runs
        .iter()
        .filter_map(|run| IsoDate::parse(&run.summary.as_of).ok())
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut points: Vec<(String, Points)> = Vec::new();
    for &day in &days {
        let day_text = day.to_string();
        // Each organisation's latest run (by id: runs are oldest first)
        // measured on or before the day, in organisation order.
        let mut latest: BTreeMap<&str, &RunCounts> = BTreeMap::new();
        for run in runs.iter().filter(|run| run.summary.as_of <= day_text) {
            latest.insert(&run.summary.org_id, run);
        }
        let fresh: Vec<&RunCounts> = latest
            .into_values()
            .filter(|run| is_fresh(&run.summary.as_of, day, max_age_days))
            .collect();
        let majority = majority_pack(
            fresh
                .iter()
                .map(|run| (run.summary.policy_digest.clone(), run.summary.systems)),
        );
        let mut sums: Vec<(&str, f64, f64)> = Vec::new();
        for target in fresh
            .iter()
            .filter(|run| run.summary.policy_digest == majority)
            .flat_map(|run| &run.targets)
        {
            match sums.iter_mut().find(|(id, _, _)| *id == target.id) {
                Some((_, numerator, denominator)) => {
                    *numerator += target.numerator;
                    *denominator += target.denominator;
                }
                None => sums.push((&target.id, target.numerator, target.denominator)),
            }
        }
        for (id, numerator, denominator) in sums {
            let Some(percent) = ratio(numerator, denominator) else {
                continue;
            };
            match points.iter_mut().find(|(known, _)| known == id) {
                Some((_, line)) => line.push((day, percent)),
                None => points.push((id.to_string(), vec![(day, percent)])),
            }
        }
    }
    (days.last().copied(), points)
}

/// A national value: the summed numerator over the summed denominator,
/// in percent; none when nothing was measured.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then(|| 100.0 * numerator / denominator)
}

/// The digest most runs have; a tie to the one counting more systems,
/// then to the smaller digest. `None` without runs, or when the most have
/// no digest recorded.
fn majority_pack(runs: impl Iterator<Item = (Option<String>, i64)>) -> Option<String> {
    let mut packs: BTreeMap<Option<String>, (usize, i64)> = BTreeMap::new();
    for (digest, systems) in runs {
        let entry = packs.entry(digest).or_default();
        entry.0 += 1;
        entry.1 += systems;
    }
    // BTreeMap order is digest order: `max_by` keeps the last of equals,
    // so compare with the digest reversed to keep the smaller.
    packs
        .into_iter()
        .max_by(|(da, a), (db, b)| a.cmp(b).then_with(|| db.cmp(da)))
        .and_then(|(digest, _)| digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::scan::TargetUnit;

    fn target(id: &str, numerator: f64, denominator: f64) -> TargetProgress {
        let mut scan = crate::report::hostile_scan();
        let mut target = scan.targets.remove(0);
        target.id = id.to_string();
        target.unit = TargetUnit::System;
        target.numerator = numerator;
        target.denominator = denominator;
        target.percent = Some(100.0 * numerator / denominator);
        target.goal = 70.0;
        target.deadline = IsoDate::parse("2030-12-31").unwrap();
        target
    }

    fn org(id: &str, as_of: &str, digest: &str, targets: Vec<TargetProgress>) -> OrgInput {
        OrgInput {
            summary: RunSummary {
                id: 1,
                org_id: id.to_string(),
                org_name: Some(format!("Org {id}")),
                org_kind: Some("province".into()),
                started_at: format!("{as_of}T01:30:00Z"),
                as_of: as_of.to_string(),
                mode: "offline".into(),
                scope: String::new(),
                agencies: 1,
                systems: 10,
                on_cloud: 1,
                failing: 0,
                compliance: None,
                policy_digest: Some(digest.to_string()),
            },
            figures: Some(RunFigures {
                totals: Default::default(),
                targets,
            }),
        }
    }

    #[test]
    fn targets_are_ratios_of_sums_not_averages_of_percentages() {
        let day = IsoDate::parse("2026-11-25").unwrap();
        // 1/10, 9/10 and 90/100: the mean of percentages is 60%, the
        // national value 100/120.
        let inputs = [
            org("a", "2026-11-25", "p", vec![target("t", 1.0, 10.0)]),
            org("b", "2026-11-24", "p", vec![target("t", 9.0, 10.0)]),
            org("c", "2026-11-25", "p", vec![target("t", 90.0, 100.0)]),
            org("d", "2026-11-01", "p", vec![target("t", 0.0, 1000.0)]),
            org("e", "2026-11-25", "other", vec![target("t", 0.0, 1000.0)]),
        ];
        let view = compute(&inputs, day, 2);
        let t = &view.targets[0];
        assert_eq!(
            (t.progress.numerator, t.progress.denominator),
            (100.0, 120.0)
        );
        assert_eq!(t.progress.percent, Some(100.0 * 100.0 / 120.0));
        assert_eq!(t.organisations, 3);
        let worst: Vec<&str> = t.worst.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(worst, ["a", "b", "c"]);
        assert_eq!((view.counted, view.stale, view.other_pack), (3, 1, 1));
        assert_eq!(view.policy_digest.as_deref(), Some("p"));
        assert_eq!(view.organisations[3].status, Freshness::Stale);
        assert!(view.organisations[4].other_pack && !view.organisations[4].counted);
    }

    #[test]
    fn a_tie_of_packs_goes_to_more_systems_then_the_smaller_digest() {
        let pack = |runs: &[(&str, i64)]| {
            majority_pack(runs.iter().map(|(d, s)| (Some(d.to_string()), *s)))
        };
        assert_eq!(pack(&[("b", 5), ("a", 5)]).as_deref(), Some("a"));
        assert_eq!(pack(&[("b", 6), ("a", 5)]).as_deref(), Some("b"));
        assert_eq!(pack(&[("b", 1), ("a", 5), ("b", 1)]).as_deref(), Some("b"));
        assert_eq!(pack(&[]), None);
    }
}
