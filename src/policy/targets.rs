//! Progress toward each target: what share of systems (or agencies) pass a
//! rule, or a sum over systems such as services fully online out of all
//! services, and what that means against the goal and the deadline.
//!
//! Counting: a system counts toward a rule target when the rule passes on
//! it. A waived failure is excused as a finding but is not progress (the
//! system is still not on cloud), so it counts in the denominator only.
//! Systems whose result is unknown or an error are left out of both sides
//! and reported as `undecided`. A target on a domain rule counts domains
//! (`unit: system`) or agencies by their domains (`unit: agency`; an
//! agency without domains is not measured).

use std::collections::BTreeMap;

use super::domains::DomainEvaluation;
use super::evaluate::{RatioPart, SystemEvaluation};
use super::load::{CompiledTarget, Measure, PolicySet};
use super::model::{AgencyQuorum, Each, TargetUnit};
use super::texts::TextsOf;
use crate::fields::IsoDate;
use crate::scan::{AgencyTarget, Outcome, TargetProgress, TargetStatus, TrendPoint, percent};

/// Each target's value and status. `recorded`: each target's values in
/// the recorded runs of the same scope (absent without history); a target
/// with values today gets its history drawn through them, and one still
/// open its status and the day it is reached from the line through them.
pub fn progress(
    policy: &PolicySet,
    evaluations: &[SystemEvaluation],
    domains: &[DomainEvaluation],
    as_of: IsoDate,
    recorded: &BTreeMap<String, Vec<(IsoDate, f64)>>,
) -> Vec<TargetProgress> {
    policy
        .targets
        .iter()
        .zip(measure(policy, evaluations, domains))
        .map(|(compiled, (numerator, denominator, undecided))| {
            let target = &compiled.target;
            let value = percent(numerator, denominator);
            let mut status = status(value, target.goal.0, as_of, target.deadline);
            let mut reached_by = None;
            let mut history = Vec::new();
            if let (Some(today), Some(recorded)) = (value, recorded.get(target.id.as_str())) {
                let mut points: Vec<(IsoDate, f64)> = recorded
                    .iter()
                    .copied()
                    .filter(|(day, _)| *day < as_of)
                    .collect();
                points.push((as_of, today));
                if status == TargetStatus::NoTrend {
                    let projected = projection(&points, target.goal.0, target.deadline);
                    status = projected.status;
                    reached_by = projected.reached;
                }
                history = points
                    .into_iter()
                    .map(|(as_of, percent)| TrendPoint { as_of, percent })
                    .collect();
            }
            TargetProgress {
                id: target.id.to_string(),
                title: target.title.default_text().to_string(),
                description: target.description.as_ref().map(ToString::to_string),
                unit: target.unit,
                rule: target.rule.as_ref().map(ToString::to_string),
                numerator,
                denominator,
                percent: value,
                goal: target.goal.0,
                deadline: target.deadline,
                days_left: as_of.days_until(target.deadline),
                status,
                undecided,
                source: target.source.as_ref().map(ToString::to_string),
                history,
                reached_by,
                translations: TextsOf {
                    title: Some(&target.title),
                    description: target.description.as_ref(),
                    source: target.source.as_ref(),
                    ..TextsOf::default()
                }
                .translations(),
            }
        })
        .collect()
}

/// Each target's counts over `evaluations` and `domains`: (numerator,
/// denominator, undecided), in policy order.
fn measure(
    policy: &PolicySet,
    evaluations: &[SystemEvaluation],
    domains: &[DomainEvaluation],
) -> Vec<(f64, f64, usize)> {
    policy
        .targets
        .iter()
        .enumerate()
        .map(|(target_index, compiled)| match &compiled.measure {
            Measure::Rule(rule) => {
                // A domain rule's target counts domains, or agencies by
                // their domains.
                let outcomes: Vec<(usize, Option<Outcome>)> =
                    if policy.rules[*rule].rule.each == Each::Domain {
                        domains
                            .iter()
                            .map(|d| (d.agency_index, d.per_rule[*rule]))
                            .collect()
                    } else {
                        evaluations
                            .iter()
                            .map(|e| (e.agency_index, e.per_rule[*rule]))
                            .collect()
                    };
                count_rule(compiled, &outcomes)
            }
            Measure::Ratio(_) => {
                // Systems keep parts for ratio targets only.
                let position = policy.targets[..target_index]
                    .iter()
                    .filter(|t| matches!(t.measure, Measure::Ratio(_)))
                    .count();
                let mut sums = (0.0, 0.0, 0);
                for evaluation in evaluations {
                    match evaluation.ratio_parts.get(position) {
                        Some(RatioPart::Counted {
                            numerator,
                            denominator,
                        }) => {
                            sums.0 += numerator;
                            sums.1 += denominator;
                        }
                        Some(RatioPart::Undecided) => sums.2 += 1,
                        Some(RatioPart::Excluded) | None => {}
                    }
                }
                sums
            }
        })
        .collect()
}

/// Each target counted over each agency's own systems and domains, by
/// agency index: what an agency's own report shows. Evaluations and
/// domains are grouped by agency, in inventory order.
pub fn per_agency(
    policy: &PolicySet,
    evaluations: &[SystemEvaluation],
    domains: &[DomainEvaluation],
) -> BTreeMap<usize, Vec<AgencyTarget>> {
    let mut ranges: BTreeMap<usize, (&[SystemEvaluation], &[DomainEvaluation])> = BTreeMap::new();
    for group in evaluations.chunk_by(|a, b| a.agency_index == b.agency_index) {
        ranges.entry(group[0].agency_index).or_default().0 = group;
    }
    for group in domains.chunk_by(|a, b| a.agency_index == b.agency_index) {
        ranges.entry(group[0].agency_index).or_default().1 = group;
    }
    ranges
        .into_iter()
        .map(|(agency, (evaluations, domains))| {
            let targets = policy
                .targets
                .iter()
                .zip(measure(policy, evaluations, domains))
                .map(
                    |(compiled, (numerator, denominator, undecided))| AgencyTarget {
                        id: compiled.target.id.to_string(),
                        numerator,
                        denominator,
                        undecided,
                    },
                )
                .collect();
            (agency, targets)
        })
        .collect()
}

/// Status without history: met, missed once the deadline has passed,
/// otherwise no trend to judge the pace by yet (see
/// [`TargetStatus::without_history`]).
pub fn status(value: Option<f64>, goal: f64, as_of: IsoDate, deadline: IsoDate) -> TargetStatus {
    TargetStatus::without_history(value, goal, as_of, deadline)
}

/// Passes and decided results of one rule over a group of systems.
#[derive(Default)]
struct Tally {
    passed: usize,
    decided: usize,
    undecided: usize,
}

impl Tally {
    fn add(&mut self, outcome: Option<Outcome>) {
        match outcome {
            Some(Outcome::Pass) => {
                self.passed += 1;
                self.decided += 1;
            }
            Some(Outcome::Fail | Outcome::Waived) => self.decided += 1,
            Some(Outcome::Unknown | Outcome::Error) => self.undecided += 1,
            None => {}
        }
    }
}

/// `outcomes`: the rule's outcome on each system (or domain), with its
/// agency's index, grouped by agency.
fn count_rule(
    compiled: &CompiledTarget,
    outcomes: &[(usize, Option<Outcome>)],
) -> (f64, f64, usize) {
    match compiled.target.unit {
        TargetUnit::System => {
            let mut tally = Tally::default();
            for (_, outcome) in outcomes {
                tally.add(*outcome);
            }
            (tally.passed as f64, tally.decided as f64, tally.undecided)
        }
        TargetUnit::Agency => {
            let quorum = compiled
                .target
                .agency_counts_when
                .unwrap_or(AgencyQuorum::All);
            let (mut counting, mut measured, mut undecided) = (0usize, 0usize, 0usize);
            // Evaluations arrive grouped by agency, in inventory order.
            for group in outcomes.chunk_by(|a, b| a.0 == b.0) {
                let mut tally = Tally::default();
                for (_, outcome) in group {
                    tally.add(*outcome);
                }
                undecided += tally.undecided;
                if tally.decided == 0 {
                    continue;
                }
                measured += 1;
                let counts = match quorum {
                    AgencyQuorum::All => tally.passed == tally.decided,
                    AgencyQuorum::Any => tally.passed > 0,
                    AgencyQuorum::AtLeast(share) => {
                        tally.passed as f64 * 100.0 >= share.0 * tally.decided as f64
                    }
                };
                counting += usize::from(counts);
            }
            (counting as f64, measured as f64, undecided)
        }
    }
}

/// Days a projection looks back over at most, counted back from the
/// latest point: a window of days, not of runs, so that a job run several
/// times a day sees as much time as a nightly one.
pub const TREND_DAYS: i64 = 30;

/// The history a target needs before its pace is judged: points on at
/// least this many days, spanning at least this many days. A line through
/// two nights says nothing about a goal years away; two weeks of nightly
/// scans do, and a weekly scan gets there in a month.
pub const MIN_TREND_POINTS: usize = 4;
pub const MIN_TREND_SPAN_DAYS: i64 = 14;

/// Where a target's recorded values lead at their current pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub status: TargetStatus,
    /// The day the line through the values reaches the goal; absent when
    /// it does not rise or there is no line yet.
    pub reached: Option<IsoDate>,
}

/// Where a target's value over time leads: the least-squares line
/// through the recent points (`(day, percent)`, oldest first, today's
/// last), followed to the goal. `on-track` when it reaches the goal by the
/// deadline, `behind` when later, `no-progress` when the value is not
/// rising; `no-trend` until the points cover [`MIN_TREND_POINTS`] days
/// over at least [`MIN_TREND_SPAN_DAYS`]. Only for targets
/// that are neither met nor past their deadline (those keep their status).
pub fn projection(points: &[(IsoDate, f64)], goal: f64, deadline: IsoDate) -> Projection {
    let no_trend = Projection {
        status: TargetStatus::NoTrend,
        reached: None,
    };
    let start = points.last().map_or(0, |(last, _)| {
        points.partition_point(|(day, _)| day.days_until(*last) > TREND_DAYS)
    });
    let recent = &points[start..];
    let (Some(&(first_day, _)), Some(&(last_day, _))) = (recent.first(), recent.last()) else {
        return no_trend;
    };
    let mut days: Vec<IsoDate> = recent.iter().map(|(day, _)| *day).collect();
    days.dedup();
    if days.len() < MIN_TREND_POINTS || first_day.days_until(last_day) < MIN_TREND_SPAN_DAYS {
        return no_trend;
    }
    let xs: Vec<f64> = recent
        .iter()
        .map(|(day, _)| first_day.days_until(*day) as f64)
        .collect();
    let n = xs.len() as f64;
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = recent.iter().map(|(_, v)| v).sum::<f64>() / n;
    let spread: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    if spread == 0.0 {
        return no_trend; // every point on the same day
    }
    let slope = xs
        .iter()
        .zip(recent)
        .map(|(x, (_, y))| (x - mean_x) * (y - mean_y))
        .sum::<f64>()
        / spread;
    if slope <= 0.0 {
        return Projection {
            status: TargetStatus::NoProgress,
            reached: None,
        };
    }
    let intercept = mean_y - slope * mean_x;
    let day_reached = ((goal - intercept) / slope).ceil();
    // Beyond a century the date says nothing more than "behind".
    let reached = (day_reached < 36_500.0).then(|| first_day.plus_days(day_reached as i64));
    let deadline_day = first_day.days_until(deadline) as f64;
    Projection {
        status: if day_reached <= deadline_day {
            TargetStatus::OnTrack
        } else {
            TargetStatus::Behind
        },
        reached,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    #[test]
    fn status_follows_goal_and_deadline() {
        let deadline = date("2025-12-31");
        assert_eq!(
            status(Some(100.0), 100.0, date("2026-11-25"), deadline),
            TargetStatus::Met
        );
        assert_eq!(
            status(Some(89.96), 90.0, date("2026-11-25"), deadline),
            TargetStatus::Met
        );
        assert_eq!(
            status(Some(76.0), 90.0, date("2026-11-25"), deadline),
            TargetStatus::Missed
        );
        assert_eq!(
            status(Some(76.0), 90.0, date("2025-12-31"), deadline),
            TargetStatus::NoTrend
        );
        assert_eq!(
            status(None, 90.0, date("2026-11-25"), deadline),
            TargetStatus::NoData
        );
    }

    fn day(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    #[test]
    fn projection_follows_the_pace_to_the_deadline() {
        let deadline = day("2026-12-31");
        // Two weeks of nightly runs, +1 point a day from 60%: 90% by mid-December.
        let week: Vec<(IsoDate, f64)> = (0..15)
            .map(|i| (day(&format!("2026-11-{:02}", 10 + i)), 60.0 + f64::from(i)))
            .collect();
        assert_eq!(
            projection(&week, 90.0, deadline).status,
            TargetStatus::OnTrack
        );
        // The same pace cannot reach 100% from 60% in time.
        let slow: Vec<(IsoDate, f64)> = (0..15)
            .map(|i| {
                (
                    day(&format!("2026-11-{:02}", 10 + i)),
                    20.0 + 0.1 * f64::from(i),
                )
            })
            .collect();
        assert_eq!(
            projection(&slow, 100.0, deadline).status,
            TargetStatus::Behind
        );
        // Flat or falling: no progress.
        let flat: Vec<(IsoDate, f64)> = (0..15)
            .map(|i| (day(&format!("2026-11-{:02}", 10 + i)), 70.0))
            .collect();
        assert_eq!(
            projection(&flat, 90.0, deadline).status,
            TargetStatus::NoProgress
        );
        // The day the goal is reached: 60% on 10 Nov, +1 a day, 90% on 10 Dec.
        assert_eq!(
            projection(&week, 90.0, deadline).reached,
            Some(day("2026-12-10"))
        );
        // Too little history: no trend yet. One day; a flat week (seven
        // points, six days apart: short of the span); a fortnight in
        // three points (short of the points).
        assert_eq!(
            projection(&week[..1], 90.0, deadline).status,
            TargetStatus::NoTrend
        );
        assert_eq!(
            projection(&flat[..7], 90.0, deadline).status,
            TargetStatus::NoTrend
        );
        let sparse = [week[0], week[7], week[14]];
        assert_eq!(
            projection(&sparse, 90.0, deadline).status,
            TargetStatus::NoTrend
        );
        // A job run every hour for three weeks: the window is of days, so
        // its pace is judged as a nightly job's is.
        let hourly: Vec<(IsoDate, f64)> = (0..21 * 24)
            .map(|hour| {
                let day = day("2026-11-01").plus_days(hour / 24);
                (day, 60.0 + (hour / 24) as f64)
            })
            .collect();
        assert_eq!(
            projection(&hourly, 90.0, deadline).status,
            TargetStatus::OnTrack
        );
        // The same points as four nights over two weeks: judged.
        let enough = [week[0], week[5], week[10], week[14]];
        assert_eq!(
            projection(&enough, 90.0, deadline).status,
            TargetStatus::OnTrack
        );
        assert_eq!(
            projection(&[], 90.0, deadline).status,
            TargetStatus::NoTrend
        );
    }
}
