//! Progress toward each target: what share of systems (or agencies) pass a
//! rule, or a sum over systems such as services fully online out of all
//! services, and what that means against the goal and the deadline.
//!
//! Counting: a system counts toward a rule target when the rule passes on
//! it. A waived failure is excused as a finding but is not progress (the
//! system is still not on cloud), so it counts in the denominator only.
//! Systems whose result is unknown or an error are left out of both sides
//! and reported as `undecided`.

use super::evaluate::{SystemEvaluation, SystemValues, run_number, run_selector};
use super::load::{CompiledTarget, Measure, PolicySet, RatioPrograms};
use super::model::{AgencyQuorum, TargetUnit};
use super::variables::CelVal;
use crate::fields::IsoDate;
use crate::inventory::Inventory;
use crate::scan::{Outcome, TargetProgress, TargetStatus, percent};

pub fn progress(
    inventory: &Inventory,
    policy: &PolicySet,
    evaluations: &[SystemEvaluation],
    as_of: IsoDate,
    today: &CelVal<'_>,
) -> Vec<TargetProgress> {
    policy
        .targets
        .iter()
        .map(|compiled| {
            let (numerator, denominator, undecided) = match &compiled.measure {
                Measure::Rule(rule) => count_rule(compiled, *rule, evaluations),
                Measure::Ratio(ratio) => {
                    let RatioPrograms {
                        numerator,
                        denominator,
                        when,
                    } = &**ratio;
                    let mut sums = (0.0, 0.0, 0);
                    for evaluation in evaluations {
                        let values = SystemValues::new(
                            inventory,
                            policy,
                            evaluation.agency_index,
                            evaluation.system_index,
                            today,
                        );
                        if let Some(when) = when {
                            match run_selector(when, &values) {
                                Some(true) => {}
                                Some(false) => continue,
                                None => {
                                    sums.2 += 1;
                                    continue;
                                }
                            }
                        }
                        match (
                            run_number(numerator, &values),
                            run_number(denominator, &values),
                        ) {
                            (Ok(n), Ok(d)) => {
                                sums.0 += n;
                                sums.1 += d;
                            }
                            _ => sums.2 += 1,
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

fn count_rule(
    compiled: &CompiledTarget,
    rule: usize,
    evaluations: &[SystemEvaluation],
) -> (f64, f64, usize) {
    let mut undecided = 0;
    match compiled.target.unit {
        TargetUnit::System => {
            let (mut passed, mut decided) = (0usize, 0usize);
            for evaluation in evaluations {
                match evaluation.per_rule[rule] {
                    Some(Outcome::Pass) => {
                        passed += 1;
                        decided += 1;
                    }
                    Some(Outcome::Fail | Outcome::Waived) => decided += 1,
                    Some(Outcome::Unknown | Outcome::Error) => undecided += 1,
                    None => {}
                }
            }
            (passed as f64, decided as f64, undecided)
        }
        TargetUnit::Agency => {
            // evaluations arrive grouped by agency, in inventory order.
            let quorum = compiled
                .target
                .agency_counts_when
                .unwrap_or(AgencyQuorum::All);
            let (mut counting, mut measured) = (0usize, 0usize);
            let mut index = 0;
            while index < evaluations.len() {
                let agency = evaluations[index].agency_index;
                let (mut passed, mut decided) = (0usize, 0usize);
                while index < evaluations.len() && evaluations[index].agency_index == agency {
                    match evaluations[index].per_rule[rule] {
                        Some(Outcome::Pass) => {
                            passed += 1;
                            decided += 1;
                        }
                        Some(Outcome::Fail | Outcome::Waived) => decided += 1,
                        Some(Outcome::Unknown | Outcome::Error) => undecided += 1,
                        None => {}
                    }
                    index += 1;
                }
                if decided == 0 {
                    continue;
                }
                measured += 1;
                let counts = match quorum {
                    AgencyQuorum::All => passed == decided,
                    AgencyQuorum::Any => passed > 0,
                    AgencyQuorum::AtLeast(share) => {
                        passed as f64 * 100.0 >= share.0 * decided as f64
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
