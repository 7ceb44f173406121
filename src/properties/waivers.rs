//! A waiver never turns a pass into anything else: with waivers added,
//! every result is what it was without them, except that a fail may
//! become waived (when a live waiver names it). Expired waivers and
//! waivers on `agency/*` are generated too.

use proptest::prelude::*;

use super::{GenAgency, config, inventory, scan, shipped_policies, write_one_per_file};
use crate::scan::{Outcome, ScanResult};

/// Rules of the shipped pack that an offline scan decides (and some it
/// cannot: they stay unknown either way).
const RULES: &[&str] = &[
    "CLOUD-001",
    "CLOUD-002",
    "CLOUD-003",
    "CLOUD-004",
    "CLOUD-005",
    "CLOUD-006",
    "CLOUD-007",
    "CLOUD-008",
    "SVC-001",
    "SVC-002",
    "SVC-003",
    "SEC-001",
    "SEC-002",
    "SEC-003",
    "SEC-004",
    "SEC-005",
    "SEC-006",
    "TLS-001",
    "WEB-001",
];

#[derive(Debug, Clone)]
struct GenWaiver {
    rule: &'static str,
    agency: usize,
    /// `None`: every system of the agency (`agency/*`).
    system: Option<usize>,
    /// Expires before the run's day.
    expired: bool,
}

fn waiver() -> impl Strategy<Value = GenWaiver> {
    (
        prop::sample::select(RULES.to_vec()),
        0usize..8,
        prop::option::of(0usize..6),
        any::<bool>(),
    )
        .prop_map(|(rule, agency, system, expired)| GenWaiver {
            rule,
            agency,
            system,
            expired,
        })
}

/// The waivers as a policy file of their own beside the pack.
fn waivers_yaml(waivers: &[GenWaiver]) -> String {
    let mut text =
        String::from("policy:\n  id: generated-waivers\n  title: Generated waivers\nwaivers:\n");
    for w in waivers {
        let system = w.system.map_or("*".to_string(), |s| format!("s{s}"));
        let expires = if w.expired {
            "2026-01-31"
        } else {
            "2027-12-31"
        };
        text.push_str(&format!(
            "  - rule: {}\n    system: ag-{}/{system}\n    reason: generated\n    expires: {expires}\n",
            w.rule, w.agency
        ));
    }
    text
}

/// A result's identity: rule, system, endpoint.
type Key = (String, String, Option<String>);

/// Each result by rule, system and endpoint.
fn outcomes(scan: &ScanResult) -> Vec<(Key, Outcome)> {
    let mut all: Vec<_> = scan
        .findings
        .iter()
        .map(|f| {
            (
                (
                    f.rule.to_string(),
                    f.system.to_string(),
                    f.endpoint.as_deref().map(str::to_string),
                ),
                f.outcome,
            )
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn scan_both(agencies: &[GenAgency], waivers: &[GenWaiver]) -> (ScanResult, ScanResult) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_one_per_file(&dir.path().join("inventories"), agencies);
    let extra = dir.path().join("waivers");
    std::fs::create_dir_all(&extra).expect("folder");
    std::fs::write(extra.join("waivers.yaml"), waivers_yaml(waivers)).expect("file");
    let without = scan(&dir.path().join("inventories"), &[shipped_policies()]);
    let with = scan(
        &dir.path().join("inventories"),
        &[shipped_policies(), extra],
    );
    (without, with)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_waiver_only_ever_turns_a_fail_into_waived(
        agencies in inventory(),
        waivers in prop::collection::vec(waiver(), 1..10),
    ) {
        let (without, with) = scan_both(&agencies, &waivers);
        let before = outcomes(&without);
        let after = outcomes(&with);
        prop_assert_eq!(before.len(), after.len());
        for ((key, was), (same_key, now)) in before.iter().zip(&after) {
            prop_assert_eq!(key, same_key);
            let allowed = was == now || (*was == Outcome::Fail && *now == Outcome::Waived);
            prop_assert!(allowed, "{key:?}: {was:?} became {now:?}");
        }
        // And a live waiver naming a failing result does excuse it.
        for ((rule, system, _), was) in &before {
            let live = waivers.iter().any(|w| {
                !w.expired
                    && w.rule == rule
                    && match w.system {
                        Some(s) => *system == format!("ag-{}/s{s}", w.agency),
                        None => system.starts_with(&format!("ag-{}/", w.agency)),
                    }
            });
            if live && *was == Outcome::Fail {
                let now = after
                    .iter()
                    .find(|(k, _)| k.0 == *rule && k.1 == *system)
                    .map(|(_, o)| *o);
                prop_assert_eq!(now, Some(Outcome::Waived), "{} on {}", rule, system);
            }
        }
    }
}
