//! What changed since the previous recorded run of the same scope: which
//! of today's failures are new, and how many of the previous run's were
//! fixed. Part of building the record (`summary::summarize`), from the
//! [`PreviousRun`] the history gave beforehand.

use rayon::prelude::*;

use crate::scan::{Changes, Finding, Outcome, PreviousRun};

/// Marks the failures `previous` did not have and counts the fixed ones.
pub fn mark_new_failures(findings: &mut [Finding], previous: &PreviousRun) -> Changes {
    // Both sides sorted and walked side by side: at 100,000 systems, hash
    // sets of the 400,000 keys cost more than the rest of the history.
    let mut before: Vec<(&str, &str, &str)> = previous
        .failing
        .iter()
        .map(|(rule, system, endpoint)| (rule.as_str(), system.as_str(), endpoint.as_str()))
        .collect();
    before.par_sort_unstable();
    before.dedup();
    let mut now: Vec<(usize, (&str, &str, &str))> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.outcome == Outcome::Fail)
        .map(|(index, f)| (index, f.identity()))
        .collect();
    now.par_sort_unstable_by(|a, b| a.1.cmp(&b.1));
    let mut is_new = vec![false; findings.len()];
    let (mut next, mut matched, mut last_match) = (0, 0, None);
    for (index, key) in &now {
        while next < before.len() && before[next] < *key {
            next += 1;
        }
        if next < before.len() && before[next] == *key {
            // A key failing twice now (an endpoint listed twice) matches once.
            if last_match != Some(next) {
                matched += 1;
                last_match = Some(next);
            }
        } else {
            is_new[*index] = true;
        }
    }
    let fixed = before.len() - matched;
    drop(now);
    drop(before);
    for (finding, new) in findings.iter_mut().zip(&is_new) {
        finding.new = *new;
    }
    Changes {
        previous_run: previous.id,
        previous_as_of: previous.as_of,
        new_failing: is_new.iter().filter(|&&new| new).count(),
        fixed,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::fields::IsoDate;
    use crate::scan::{FindingKey, owned_key};

    fn findings(keys: &[(&str, &str, Option<&str>, Outcome)]) -> Vec<Finding> {
        let template = crate::report::hostile_scan().findings[0].clone();
        keys.iter()
            .map(|(rule, system, endpoint, outcome)| Finding {
                rule: (*rule).into(),
                system: (*system).into(),
                endpoint: endpoint.map(Into::into),
                outcome: *outcome,
                ..template.clone()
            })
            .collect()
    }

    fn failing_keys(findings: &[Finding]) -> Vec<FindingKey> {
        findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail)
            .map(|f| owned_key(f.identity()))
            .collect()
    }

    /// The sorted walk gives what sets of keys give: new failures marked,
    /// fixed ones counted, a key failing twice matched once, and results
    /// that are not failures left alone.
    #[test]
    fn the_sorted_walk_matches_a_set_comparison() {
        use Outcome::{Fail, Unknown};
        let before = findings(&[
            ("WEB", "a/x", Some("https://x.vn/"), Fail),
            ("WEB", "a/x", Some("https://y.vn/"), Fail),
            ("CLOUD", "a/x", None, Fail),
            ("CLOUD", "b/z", None, Fail),
            ("TLS", "a/x", Some("https://x.vn/"), Unknown),
        ]);
        let mut after = findings(&[
            ("WEB", "a/x", Some("https://x.vn/"), Fail),
            ("WEB", "a/x", Some("https://x.vn/"), Fail),
            ("CLOUD", "b/z", None, Fail),
            ("CLOUD", "a/y", None, Fail),
            ("TLS", "a/x", Some("https://x.vn/"), Fail),
            ("WEB", "a/x", Some("https://y.vn/"), Unknown),
        ]);
        let previous = PreviousRun {
            id: 7,
            as_of: IsoDate::parse("2026-11-30").unwrap(),
            failing: failing_keys(&before),
        };
        let changes = mark_new_failures(&mut after, &previous);

        let key_set =
            |f: &[Finding]| -> HashSet<FindingKey> { failing_keys(f).into_iter().collect() };
        let (old, now) = (key_set(&before), key_set(&after));
        let marked: Vec<bool> = after.iter().map(|f| f.new).collect();
        assert_eq!(marked, [false, false, false, true, true, false]);
        assert_eq!(changes.new_failing, 2);
        assert_eq!(changes.fixed, old.difference(&now).count());
        assert_eq!(changes.fixed, 2, "CLOUD a/x and WEB y.vn");
        assert_eq!(
            (changes.previous_run, changes.previous_as_of),
            (7, previous.as_of)
        );
    }
}
