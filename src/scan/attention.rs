//! Whether a night needs a person: what `--quiet` prints and mails for,
//! and nothing else. A night needs attention when there is no previous
//! scan of the same scope to compare with, when failures at or above
//! `--fail-on` appeared that the previous scan did not have (under rules
//! that did not change), when a target's status got worse, when a rule
//! began to fail to evaluate, or when a change of the rules moved
//! findings. Failures that were there yesterday, and a deadline missed
//! long ago, are known: they do not wake anyone again. A run that breaks
//! exits 2 or 3 and says why on stderr, which cron mails in any case.

use super::{ScanResult, Severity};

/// One reason a night needs attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// No previous scan of this scope to compare with.
    FirstScan,
    /// Failing findings at or above `--fail-on` that are new.
    NewFailing(usize),
    /// Targets whose status got worse.
    TargetsWorse(usize),
    /// Rules whose results are errors now and were not before.
    NewRuleErrors(usize),
    /// The rules changed, and findings came or went with them.
    PolicyChanged(usize),
}

/// Why this scan needs attention; empty on a quiet night.
pub fn reasons(scan: &ScanResult, fail_on: Severity) -> Vec<Reason> {
    let Some(changes) = &scan.changes else {
        return vec![Reason::FirstScan];
    };
    let new_failing = scan
        .findings
        .iter()
        .filter(|finding| finding.new && finding.severity >= fail_on)
        .count();
    let moved_by_policy = changes.came_with_policy + changes.went_with_policy;
    [
        (new_failing > 0).then_some(Reason::NewFailing(new_failing)),
        (!changes.targets_worse.is_empty())
            .then_some(Reason::TargetsWorse(changes.targets_worse.len())),
        (!changes.new_rule_errors.is_empty())
            .then_some(Reason::NewRuleErrors(changes.new_rule_errors.len())),
        (moved_by_policy > 0).then_some(Reason::PolicyChanged(moved_by_policy)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{Changes, TargetChange, TargetStatus};

    /// Each reason on its own, and none on a night like the one before.
    #[test]
    fn a_night_needs_attention_only_for_something_new() {
        let mut scan = crate::report::hostile_scan();
        scan.changes = None;
        assert_eq!(reasons(&scan, Severity::High), [Reason::FirstScan]);

        for finding in &mut scan.findings {
            finding.new = false;
        }
        scan.changes = Some(Changes::since(1, scan.as_of));
        assert_eq!(reasons(&scan, Severity::High), []);

        scan.findings[0].new = true;
        scan.findings[0].severity = Severity::Medium;
        assert_eq!(
            reasons(&scan, Severity::High),
            [],
            "below --fail-on: not a reason"
        );
        assert_eq!(reasons(&scan, Severity::Medium), [Reason::NewFailing(1)]);
        scan.findings[0].new = false;

        let mut changes = Changes::since(1, scan.as_of);
        changes.targets_worse.push(TargetChange {
            id: "t".into(),
            from: TargetStatus::OnTrack,
            to: TargetStatus::Behind,
        });
        changes.new_rule_errors.push("R".into());
        changes.went_with_policy = 3;
        scan.changes = Some(changes);
        assert_eq!(
            reasons(&scan, Severity::High),
            [
                Reason::TargetsWorse(1),
                Reason::NewRuleErrors(1),
                Reason::PolicyChanged(3)
            ]
        );
    }
}
