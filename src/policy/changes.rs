//! What changed since the previous recorded run of the same scope: which
//! of today's failures are new, which of the previous run's were fixed,
//! and which only came or went with a change of the rules or the
//! inventory; which targets got worse and which rules began to fail to
//! evaluate. Part of building the record (`summary::summarize`), from the
//! [`PreviousRun`] the history gave beforehand.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::model::Rule;

use crate::scan::{
    Changes, Finding, Outcome, PreviousRun, RuleSummary, SystemSummary, TargetChange,
    TargetProgress, owned_key,
};

/// A finding's identity, borrowed: rule, system, endpoint.
type Key<'a> = (&'a str, &'a str, &'a str);

/// Today's side of the comparison, besides the findings.
pub struct Today<'a> {
    pub rules: &'a [RuleSummary],
    /// Sorted by key.
    pub systems: &'a [SystemSummary],
    /// The `agency/domain` keys of the domains judged, sorted.
    pub domains: &'a [String],
    pub targets: &'a [TargetProgress],
    pub inventory_digest: &'a str,
    pub policy_digest: &'a str,
}

/// Marks the failures `previous` did not have (except those that came
/// with a changed rule) and sorts out what became of its failures.
pub fn compare(findings: &mut [Finding], previous: &PreviousRun, today: &Today<'_>) -> Changes {
    let rules_changed = changed_rules(previous, today.rules);
    let rule_changed = |rule: &str| rules_changed.contains(rule);
    let mut changes = Changes::since(previous.id, previous.as_of);

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
    let mut still_failing = vec![false; before.len()];
    let mut next = 0;
    for (index, key) in &now {
        while next < before.len() && before[next] < *key {
            next += 1;
        }
        if next < before.len() && before[next] == *key {
            // A key failing twice now (an endpoint listed twice) matches once.
            still_failing[next] = true;
        } else if rule_changed(key.0) {
            changes.came_with_policy += 1;
        } else {
            is_new[*index] = true;
            changes.new_failing += 1;
        }
    }
    drop(now);

    // The previous failures that are not failures now, and why.
    let mut gone: Vec<(Key<'_>, Option<Outcome>)> = Vec::new();
    for (key, _) in before
        .iter()
        .zip(&still_failing)
        .filter(|(_, still)| !**still)
    {
        if rule_changed(key.0) {
            changes.went_with_policy += 1;
        } else if today
            .systems
            .binary_search_by(|system| system.key.as_str().cmp(key.1))
            .is_err()
            && today
                .domains
                .binary_search_by(|domain| domain.as_str().cmp(key.1))
                .is_err()
        {
            changes.went_with_inventory += 1;
        } else {
            gone.push((*key, None));
        }
    }
    if !gone.is_empty() {
        // `gone` is sorted (as `before` is): one pass over today's findings
        // finds each one's outcome now.
        for finding in findings.iter() {
            let key = finding.identity();
            if let Ok(at) = gone.binary_search_by(|(gone_key, _)| gone_key.cmp(&key)) {
                gone[at].1 = Some(finding.outcome);
            }
        }
    }
    for (key, outcome) in &gone {
        match outcome {
            Some(Outcome::Waived) => changes.newly_waived += 1,
            Some(Outcome::Unknown | Outcome::Error) => {
                changes.now_undecided += 1;
                changes.still_failing_undecided.push(owned_key(*key));
            }
            // Passing now, or the rule no longer applies to the system.
            Some(Outcome::Pass | Outcome::Fail) | None => {
                changes.fixed += 1;
                changes.fixed_keys.push(owned_key(*key));
            }
        }
    }
    drop(before);
    for (finding, new) in findings.iter_mut().zip(&is_new) {
        finding.new = *new;
    }

    if let Some(context) = &previous.context {
        changes.policy_changed = Some(context.policy_digest != today.policy_digest);
        changes.inventory_changed = Some(context.inventory_digest != today.inventory_digest);
        changes.targets_worse = today
            .targets
            .iter()
            .filter_map(|target| {
                let from = *context.targets.get(&target.id)?;
                (target.status.badness() > from.badness()).then(|| TargetChange {
                    id: target.id.clone(),
                    from,
                    to: target.status,
                })
            })
            .collect();
        changes.new_rule_errors = today
            .rules
            .iter()
            .filter(|rule| rule.outcomes.error > 0 && !context.erroring_rules.contains(&rule.id))
            .map(|rule| rule.id.clone())
            .collect();
    }
    changes.rules_changed = rules_changed.into_iter().map(str::to_string).collect();
    changes
}

/// SHA-256 of what decides a rule's outcomes: `each`, `when` and `check`.
/// A new title or remediation leaves it as it was.
pub fn rule_digest(rule: &Rule) -> String {
    crate::digest::of_parts(&[
        rule.each.as_str(),
        rule.when.as_deref().unwrap_or(""),
        &rule.check,
    ])
}

/// The rules added, removed or changed since the previous run; none when
/// the previous run did not record its rules.
fn changed_rules<'a>(previous: &'a PreviousRun, rules: &'a [RuleSummary]) -> BTreeSet<&'a str> {
    let Some(context) = &previous.context else {
        return BTreeSet::new();
    };
    let mut changed: BTreeSet<&str> = rules
        .iter()
        .filter(|rule| context.rules.get(&rule.id) != Some(&rule.digest))
        .map(|rule| rule.id.as_str())
        .collect();
    changed.extend(
        context
            .rules
            .keys()
            .filter(|id| !rules.iter().any(|rule| &rule.id == *id))
            .map(String::as_str),
    );
    changed
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::fields::IsoDate;
    use crate::scan::{FindingKey, RunContext, TargetStatus, owned_key};

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

    fn systems(keys: &[&str]) -> Vec<SystemSummary> {
        let template = crate::report::hostile_scan().systems[0].clone();
        let mut systems: Vec<SystemSummary> = keys
            .iter()
            .map(|key| SystemSummary {
                key: (*key).into(),
                ..template.clone()
            })
            .collect();
        systems.sort_by(|a, b| a.key.cmp(&b.key));
        systems
    }

    fn rules(digests: &[(&str, &str)]) -> Vec<RuleSummary> {
        let template = crate::report::hostile_scan().rules[0].clone();
        digests
            .iter()
            .map(|(id, digest)| RuleSummary {
                id: (*id).into(),
                digest: (*digest).into(),
                ..template.clone()
            })
            .collect()
    }

    fn today<'a>(
        rules: &'a [RuleSummary],
        systems: &'a [SystemSummary],
        targets: &'a [TargetProgress],
    ) -> Today<'a> {
        Today {
            rules,
            systems,
            domains: &[],
            targets,
            inventory_digest: "inventory-1",
            policy_digest: "policy-1",
        }
    }

    /// The sorted walk gives what sets of keys give: new failures marked,
    /// a key failing twice matched once, results that are not failures
    /// left alone, and each previous failure that is gone sorted out:
    /// fixed (no result now) or undecided (unknown now).
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
            context: None,
        };
        let (rules, systems) = (rules(&[]), systems(&["a/x", "a/y", "b/z"]));
        let changes = compare(&mut after, &previous, &today(&rules, &systems, &[]));

        let key_set =
            |f: &[Finding]| -> HashSet<FindingKey> { failing_keys(f).into_iter().collect() };
        let (old, now) = (key_set(&before), key_set(&after));
        let marked: Vec<bool> = after.iter().map(|f| f.new).collect();
        assert_eq!(marked, [false, false, false, true, true, false]);
        assert_eq!(changes.new_failing, 2);
        assert_eq!(
            changes.fixed + changes.now_undecided,
            old.difference(&now).count()
        );
        assert_eq!(changes.fixed, 1, "CLOUD a/x");
        assert_eq!(changes.now_undecided, 1, "WEB y.vn, unknown now");
        assert_eq!(
            (changes.previous_run, changes.previous_as_of),
            (7, previous.as_of)
        );
        assert_eq!(
            (changes.policy_changed, changes.inventory_changed),
            (None, None),
            "a previous run without its context says nothing of the inputs"
        );
    }

    /// A failure that came or went with a changed, added or removed rule,
    /// or went with a system no longer listed, is neither new nor fixed; a
    /// waived one is waived; targets that got worse and rules newly in
    /// error are named.
    #[test]
    fn changes_of_the_rules_and_the_inventory_are_not_fixes() {
        use Outcome::{Error, Fail, Pass, Waived};
        let before = findings(&[
            ("CHANGED", "a/x", None, Fail),
            ("REMOVED", "a/x", None, Fail),
            ("SAME", "a/gone", None, Fail),
            ("SAME", "a/x", None, Fail),
            ("SAME", "a/y", None, Fail),
        ]);
        let mut after = findings(&[
            ("ADDED", "a/x", None, Fail),
            ("CHANGED", "a/y", None, Fail),
            ("CHANGED", "a/x", None, Pass),
            ("SAME", "a/x", None, Waived),
            ("SAME", "a/y", None, Pass),
            ("SAME", "a/z", None, Fail),
            ("ERRING", "a/x", None, Error),
        ]);
        let mut scan = crate::report::hostile_scan();
        let mut targets = vec![scan.targets[0].clone(), scan.targets[0].clone()];
        targets[0].id = "worse".into();
        targets[0].status = TargetStatus::Behind;
        targets[1].id = "better".into();
        targets[1].status = TargetStatus::Met;
        let context = RunContext {
            inventory_digest: "inventory-0".into(),
            policy_digest: "policy-0".into(),
            rules: [
                ("CHANGED", "old"),
                ("REMOVED", "r"),
                ("SAME", "s"),
                ("ERRING", "e"),
            ]
            .into_iter()
            .map(|(id, digest)| (id.to_string(), digest.to_string()))
            .collect(),
            targets: [
                ("worse".to_string(), TargetStatus::OnTrack),
                ("better".to_string(), TargetStatus::Behind),
            ]
            .into_iter()
            .collect(),
            erroring_rules: Vec::new(),
        };
        let previous = PreviousRun {
            id: 7,
            as_of: IsoDate::parse("2026-11-30").unwrap(),
            failing: failing_keys(&before),
            context: Some(context),
        };
        let mut rules = rules(&[
            ("ADDED", "a"),
            ("CHANGED", "new"),
            ("SAME", "s"),
            ("ERRING", "e"),
        ]);
        rules[3].outcomes.error = 1;
        let systems = systems(&["a/x", "a/y", "a/z"]);
        let changes = compare(&mut after, &previous, &today(&rules, &systems, &targets));

        assert_eq!(changes.rules_changed, ["ADDED", "CHANGED", "REMOVED"]);
        assert_eq!(changes.came_with_policy, 2, "ADDED a/x, CHANGED a/y");
        assert_eq!(changes.went_with_policy, 2, "CHANGED a/x, REMOVED a/x");
        assert_eq!(changes.went_with_inventory, 1, "SAME a/gone");
        assert_eq!(changes.newly_waived, 1, "SAME a/x");
        assert_eq!(changes.fixed, 1, "SAME a/y");
        assert_eq!(changes.new_failing, 1, "SAME a/z");
        let marked: Vec<&str> = after.iter().filter(|f| f.new).map(|f| &*f.system).collect();
        assert_eq!(marked, ["a/z"]);
        assert_eq!(
            (changes.policy_changed, changes.inventory_changed),
            (Some(true), Some(true))
        );
        assert_eq!(
            changes.targets_worse,
            [TargetChange {
                id: "worse".into(),
                from: TargetStatus::OnTrack,
                to: TargetStatus::Behind,
            }]
        );
        assert_eq!(changes.new_rule_errors, ["ERRING"]);
        scan.changes = Some(changes);
    }

    /// A rule's digest follows what decides its outcomes, not its texts.
    #[test]
    fn a_rule_digest_ignores_titles_and_follows_the_condition() {
        let rule = |text: &str| -> Rule { serde_yaml::from_str(text).expect("a rule") };
        let plain = rule("{id: R-1, title: before, severity: high, check: 'true'}");
        let retitled = rule(
            "{id: R-1, title: {vi: sau, en: after}, remediation: do this, severity: low, check: 'true'}",
        );
        let rechecked = rule("{id: R-1, title: before, severity: high, check: 'false'}");
        let narrowed =
            rule("{id: R-1, title: before, severity: high, when: 'false', check: 'true'}");
        assert_eq!(rule_digest(&plain), rule_digest(&retitled));
        assert_ne!(rule_digest(&plain), rule_digest(&rechecked));
        assert_ne!(rule_digest(&plain), rule_digest(&narrowed));
    }
}
