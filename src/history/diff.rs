//! What changed between two scans: findings new, fixed and still failing,
//! systems and agencies added or removed, agencies whose compliance moved.
//! Reads two stored records and nothing else.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use rayon::prelude::*;

use super::store::{Store, failing_identities, identity, owned_key, scope_text};
use crate::fields::format_percent;
use crate::scan::{Changes, Outcome, ScanResult};

pub use super::store::FindingKey;

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
}

fn failing(scan: &ScanResult) -> BTreeSet<FindingKey> {
    failing_identities(scan).map(owned_key).collect()
}

/// `cloudcensus diff`: the changes from run `before` to run `after`, as
/// text for an operator.
pub fn write(
    out: &mut impl Write,
    (before, old): (i64, &ScanResult),
    (after, new): (i64, &ScanResult),
) -> io::Result<()> {
    let changes = diff(old, new);
    writeln!(
        out,
        "Run {before} (as of {}) -> run {after} (as of {}): {} new failing, {} fixed, {} still failing",
        old.as_of,
        new.as_of,
        changes.new_failures.len(),
        changes.fixed.len(),
        changes.still_failing
    )?;
    let finding = |(rule, system, endpoint): &(String, String, String)| {
        if endpoint.is_empty() {
            format!("{rule} {system}")
        } else {
            format!("{rule} {system} {endpoint}")
        }
    };
    for (title, keys) in [
        ("New failing", &changes.new_failures),
        ("Fixed", &changes.fixed),
    ] {
        if !keys.is_empty() {
            writeln!(out, "\n{title}:")?;
            for key in keys {
                writeln!(out, "  {}", finding(key))?;
            }
        }
    }
    for (title, ids) in [
        ("Systems added", &changes.systems_added),
        ("Systems removed", &changes.systems_removed),
        ("Agencies added", &changes.agencies_added),
        ("Agencies removed", &changes.agencies_removed),
    ] {
        if !ids.is_empty() {
            writeln!(out, "\n{title}: {}", ids.join(", "))?;
        }
    }
    if !changes.compliance_changed.is_empty() {
        writeln!(out, "\nCompliance changed:")?;
        let shown = |v: Option<f64>| {
            v.map_or_else(|| "–".to_string(), |v| format!("{}%", format_percent(v)))
        };
        for (id, old, new) in &changes.compliance_changed {
            writeln!(out, "  {id}: {} -> {}", shown(*old), shown(*new))?;
        }
    }
    Ok(())
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
            .map(|a| (a.id.clone(), a.outcomes.compliance_percent()))
            .collect()
    };
    let (old_systems, new_systems) = (systems(before), systems(after));
    let (old_agencies, new_agencies) = (agencies(before), agencies(after));
    ScanDiff {
        new_failures: new.difference(&old).cloned().collect(),
        fixed: old.difference(&new).cloned().collect(),
        still_failing: new.intersection(&old).count(),
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

/// Marks the failures that the previous recorded scan of the same scope
/// did not have, and counts the fixed ones, so reports lead with what
/// changed.
pub fn mark_changes(store: &Store, result: &mut ScanResult) {
    let scope = scope_text(&result.scope);
    let Some(previous) = store
        .runs()
        .ok()
        .and_then(|runs| runs.into_iter().rev().find(|run| run.scope == scope))
    else {
        return;
    };
    let Ok(Some((previous_as_of, mut before))) = store.failing_keys(previous.id) else {
        return;
    };
    // Both sides sorted and walked side by side: at 100,000 systems, hash
    // sets of the 400,000 keys cost more than the rest of the history.
    before.par_sort_unstable();
    before.dedup();
    let mut now: Vec<(usize, (&str, &str, &str))> = result
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.outcome == Outcome::Fail)
        .map(|(index, f)| (index, identity(f)))
        .collect();
    now.par_sort_unstable_by(|a, b| a.1.cmp(&b.1));
    let mut is_new = vec![false; result.findings.len()];
    let (mut next, mut matched, mut last_match) = (0, 0, None);
    for (index, key) in &now {
        let stored = |i: usize| {
            let (rule, system, endpoint) = &before[i];
            (rule.as_str(), system.as_str(), endpoint.as_str())
        };
        while next < before.len() && stored(next) < *key {
            next += 1;
        }
        if next < before.len() && stored(next) == *key {
            // A key failing twice now (an endpoint listed twice) matches once.
            if last_match != Some(next) {
                matched += 1;
                last_match = Some(next);
            }
        } else {
            is_new[*index] = true;
        }
    }
    drop(now);
    for (finding, new) in result.findings.iter_mut().zip(&is_new) {
        finding.new = *new;
    }
    result.changes = Some(Changes {
        previous_run: previous.id,
        previous_as_of,
        new_failing: is_new.iter().filter(|&&new| new).count(),
        fixed: before.len() - matched,
    });
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::report::hostile_scan;
    use crate::scan::Finding;

    fn scan_failing(keys: &[(&str, &str, Option<&str>, Outcome)]) -> ScanResult {
        let mut scan = hostile_scan();
        let template = scan.findings[0].clone();
        scan.findings = keys
            .iter()
            .map(|(rule, system, endpoint, outcome)| Finding {
                rule: (*rule).into(),
                system: (*system).into(),
                endpoint: endpoint.map(Into::into),
                outcome: *outcome,
                ..template.clone()
            })
            .collect();
        scan
    }

    /// The sorted walk gives what sets of keys give: new failures marked,
    /// fixed ones counted, a key failing twice matched once, and results
    /// that are not failures left alone.
    #[test]
    fn changes_since_the_stored_run_match_a_set_comparison() {
        use Outcome::{Fail, Unknown};
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("h.sqlite")).unwrap();
        let before = scan_failing(&[
            ("WEB", "a/x", Some("https://x.vn/"), Fail),
            ("WEB", "a/x", Some("https://y.vn/"), Fail),
            ("CLOUD", "a/x", None, Fail),
            ("CLOUD", "b/z", None, Fail),
            ("TLS", "a/x", Some("https://x.vn/"), Unknown),
        ]);
        store.record(&before).unwrap();
        let mut after = scan_failing(&[
            ("WEB", "a/x", Some("https://x.vn/"), Fail),
            ("WEB", "a/x", Some("https://x.vn/"), Fail),
            ("CLOUD", "b/z", None, Fail),
            ("CLOUD", "a/y", None, Fail),
            ("TLS", "a/x", Some("https://x.vn/"), Fail),
            ("WEB", "a/x", Some("https://y.vn/"), Unknown),
        ]);
        mark_changes(&store, &mut after);

        let key_set = |scan: &ScanResult| -> HashSet<FindingKey> {
            failing_identities(scan).map(owned_key).collect()
        };
        let (old, now) = (key_set(&before), key_set(&after));
        let marked: Vec<bool> = after.findings.iter().map(|f| f.new).collect();
        assert_eq!(marked, [false, false, false, true, true, false]);
        let changes = after.changes.unwrap();
        assert_eq!(changes.new_failing, 2);
        assert_eq!(changes.fixed, old.difference(&now).count());
        assert_eq!(changes.fixed, 2, "CLOUD a/x and WEB y.vn");
    }
}
