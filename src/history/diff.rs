//! What changed between two scans: findings new, fixed and still failing,
//! systems and agencies added or removed, agencies whose compliance moved.
//! Reads two stored records and nothing else. New and fixed are counted
//! as a scan counts them against the previous one (`policy::changes`):
//! what came or went with a changed rule, a removed system, a waiver or
//! an unknown result is said apart, not counted as new or fixed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use crate::policy::changes::{self, Today};
use crate::report::Labels;
use crate::report::lines::changes_lines;
use crate::scan::{Changes, FindingKey, PreviousRun, RunContext, ScanResult, owned_key};

#[derive(Debug, Default, PartialEq)]
pub struct ScanDiff {
    pub new_failures: Vec<FindingKey>,
    pub fixed: Vec<FindingKey>,
    pub still_failing: usize,
    pub systems_added: Vec<String>,
    pub systems_removed: Vec<String>,
    pub agencies_added: Vec<String>,
    pub agencies_removed: Vec<String>,
    /// Agency id, compliance before and after (percent), for those that moved.
    pub compliance_changed: Vec<(String, Option<f64>, Option<f64>)>,
    /// The counts behind `new_failures` and `fixed`, and what is neither.
    pub changes: Option<Changes>,
}

fn failing(scan: &ScanResult) -> BTreeSet<FindingKey> {
    scan.failing_identities().map(owned_key).collect()
}

/// `cloudcensus diff`: the changes from run `before` to run `after`, as
/// text for an operator.
pub fn write(
    out: &mut impl Write,
    (before, old): (i64, &ScanResult),
    (after, new): (i64, &ScanResult),
    labels: &Labels,
) -> io::Result<()> {
    let changes = diff(old, new);
    writeln!(
        out,
        "{}",
        labels.with(
            "diff-header",
            &[
                ("before", before.into()),
                ("before_date", labels.date(old.as_of).into()),
                ("after", after.into()),
                ("after_date", labels.date(new.as_of).into()),
                ("new", changes.new_failures.len().into()),
                ("fixed", changes.fixed.len().into()),
                ("still", changes.still_failing.into()),
            ]
        )
    )?;
    // What is neither new nor fixed (the first line is the header's).
    if let Some(counted) = &changes.changes {
        for line in changes_lines(counted, new, labels).iter().skip(1) {
            writeln!(out, "{line}")?;
        }
    }
    let finding = |(rule, system, endpoint): &(String, String, String)| {
        if endpoint.is_empty() {
            format!("{rule} {system}")
        } else {
            format!("{rule} {system} {endpoint}")
        }
    };
    for (title, keys) in [
        ("diff-new-failing", &changes.new_failures),
        ("diff-fixed", &changes.fixed),
    ] {
        if !keys.is_empty() {
            writeln!(out, "\n{}:", labels.get(title))?;
            for key in keys {
                writeln!(out, "  {}", finding(key))?;
            }
        }
    }
    for (title, ids) in [
        ("diff-systems-added", &changes.systems_added),
        ("diff-systems-removed", &changes.systems_removed),
        ("diff-agencies-added", &changes.agencies_added),
        ("diff-agencies-removed", &changes.agencies_removed),
    ] {
        if !ids.is_empty() {
            writeln!(out, "\n{}: {}", labels.get(title), ids.join(", "))?;
        }
    }
    if !changes.compliance_changed.is_empty() {
        writeln!(out, "\n{}:", labels.get("diff-compliance-changed"))?;
        for (id, old, new) in &changes.compliance_changed {
            writeln!(
                out,
                "  {id}: {} -> {}",
                labels.percent_or_dash(*old),
                labels.percent_or_dash(*new)
            )?;
        }
    }
    Ok(())
}

/// Which two runs `cloudcensus diff [A] [B]` compares, given the recorded
/// run ids oldest first: both as given; A and the latest; else the last
/// two. `None` when there are not two runs to compare.
pub fn runs_to_compare(ids: &[i64], before: Option<i64>, after: Option<i64>) -> Option<(i64, i64)> {
    match (before, after) {
        (Some(a), Some(b)) => Some((a, b)),
        (Some(a), None) => Some((a, ids.last().copied().unwrap_or(a))),
        _ => match ids {
            [.., a, b] => Some((*a, *b)),
            _ => None,
        },
    }
}

/// The changes from `before` to `after`.
pub fn diff(before: &ScanResult, after: &ScanResult) -> ScanDiff {
    let (old, new) = (failing(before), failing(after));
    let systems = |scan: &ScanResult| -> BTreeSet<String> {
        scan.systems.iter().map(|s| s.key.clone()).collect()
    };
    let agencies = |scan: &ScanResult| -> BTreeMap<String, Option<f64>> {
        scan.agencies
            .iter()
            .map(|a| (a.id.clone(), a.counts.outcomes.compliance_percent()))
            .collect()
    };
    let (old_systems, new_systems) = (systems(before), systems(after));
    let (old_agencies, new_agencies) = (agencies(before), agencies(after));
    // Counted as the scan `after` would have counted them against
    // `before`. A record made before rules had digests cannot tell a
    // changed rule: then nothing is put down to the rules.
    let previous = PreviousRun {
        id: 0,
        as_of: before.as_of,
        failing: old.iter().cloned().collect(),
        context: before
            .rules
            .iter()
            .all(|rule| !rule.digest.is_empty())
            .then(|| RunContext::of(before)),
    };
    let mut findings = after.findings.clone();
    let domains = after.domain_keys();
    let counted = changes::compare(
        &mut findings,
        &previous,
        &Today {
            rules: &after.rules,
            systems: &after.systems,
            domains: &domains,
            targets: &after.targets,
            inventory_digest: &after.inputs.inventory_digest,
            policy_digest: &after.inputs.policy_digest,
        },
    );
    let new_failures: BTreeSet<FindingKey> = findings
        .iter()
        .filter(|finding| finding.new)
        .map(|finding| owned_key(finding.identity()))
        .collect();
    let mut fixed = counted.fixed_keys.clone();
    fixed.sort();
    ScanDiff {
        new_failures: new_failures.into_iter().collect(),
        fixed,
        still_failing: new.intersection(&old).count(),
        changes: Some(counted),
        systems_added: new_systems.difference(&old_systems).cloned().collect(),
        systems_removed: old_systems.difference(&new_systems).cloned().collect(),
        agencies_added: new_agencies
            .keys()
            .filter(|id| !old_agencies.contains_key(*id))
            .cloned()
            .collect(),
        agencies_removed: old_agencies
            .keys()
            .filter(|id| !new_agencies.contains_key(*id))
            .cloned()
            .collect(),
        compliance_changed: new_agencies
            .iter()
            .filter_map(|(id, after)| {
                let before = *old_agencies.get(id)?;
                let moved = match (before, *after) {
                    (Some(b), Some(a)) => (a - b).abs() >= 0.05,
                    (b, a) => b.is_some() != a.is_some(),
                };
                moved.then(|| (id.clone(), before, *after))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_compares_the_runs_asked_for_else_the_last_two() {
        assert_eq!(runs_to_compare(&[1, 2, 3], None, None), Some((2, 3)));
        assert_eq!(runs_to_compare(&[1, 2, 3], Some(1), None), Some((1, 3)));
        assert_eq!(runs_to_compare(&[], Some(4), None), Some((4, 4)));
        assert_eq!(runs_to_compare(&[1, 2, 3], Some(3), Some(1)), Some((3, 1)));
        assert_eq!(runs_to_compare(&[1], None, None), None);
        assert_eq!(runs_to_compare(&[], None, Some(2)), None);
    }
}
