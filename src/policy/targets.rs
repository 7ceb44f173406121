//! Progress toward each target: what share of systems (or agencies) pass a
//! rule, or a sum over systems such as services fully online out of all
//! services, and what that means against the goal and the deadline.
//!
//! Counting: a system counts toward a rule target when the rule passes on
//! it. A waived failure is excused as a finding but is not progress (the
//! system is still not on cloud), so it counts in the denominator only.
//! Systems whose result is unknown or an error are left out of both sides
//! and reported as `undecided`.

use super::evaluate::{RatioPart, SystemEvaluation};
use super::load::{CompiledTarget, Measure, PolicySet};
use super::model::{AgencyQuorum, TargetUnit};
use crate::fields::IsoDate;
use crate::scan::{Outcome, TargetProgress, TargetStatus, percent};

pub fn progress(
    policy: &PolicySet,
    evaluations: &[SystemEvaluation],
    as_of: IsoDate,
) -> Vec<TargetProgress> {
    policy
        .targets
        .iter()
        .enumerate()
        .map(|(target_index, compiled)| {
            let (numerator, denominator, undecided) = match &compiled.measure {
                Measure::Rule(rule) => count_rule(compiled, *rule, evaluations),
                Measure::Ratio(_) => {
                    let mut sums = (0.0, 0.0, 0);
                    for evaluation in evaluations {
                        match evaluation.ratio_parts[target_index] {
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
            };
            let target = &compiled.target;
            let value = percent(numerator, denominator);
            TargetProgress {
                id: target.id.to_string(),
                title: target.title.clone(),
                unit: target.unit.as_str().to_string(),
                rule: target.rule.as_ref().map(ToString::to_string),
                numerator,
                denominator,
                percent: value,
                goal: target.goal.0,
                deadline: target.deadline,
                days_left: as_of.days_until(target.deadline),
                status: status(value, target.goal.0, as_of, target.deadline),
                undecided,
                source: target.source.clone(),
            }
        })
        .collect()
}

/// Status without history: met, missed once the deadline has passed,
/// otherwise no trend to judge the pace by yet.
pub fn status(value: Option<f64>, goal: f64, as_of: IsoDate, deadline: IsoDate) -> TargetStatus {
    match value {
        None => TargetStatus::NoData,
        // Compare at the precision reports show, so 89.96% reads as 90% and met.
        Some(value) if (value * 10.0).round() >= (goal * 10.0).round() => TargetStatus::Met,
        Some(_) if as_of > deadline => TargetStatus::Missed,
        Some(_) => TargetStatus::NoTrend,
    }
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

fn count_rule(
    compiled: &CompiledTarget,
    rule: usize,
    evaluations: &[SystemEvaluation],
) -> (f64, f64, usize) {
    match compiled.target.unit {
        TargetUnit::System => {
            let mut tally = Tally::default();
            for evaluation in evaluations {
                tally.add(evaluation.per_rule[rule]);
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
            for group in evaluations.chunk_by(|a, b| a.agency_index == b.agency_index) {
                let mut tally = Tally::default();
                for evaluation in group {
                    tally.add(evaluation.per_rule[rule]);
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
}
