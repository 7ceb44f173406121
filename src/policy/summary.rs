//! Building the [`ScanResult`] record, the one place it is made: the
//! per-system evaluations folded into totals, per-agency and per-rule
//! counts, sorted findings (marked new against the previous run), target
//! progress (with its trend), the state of every waiver, the probe facts
//! and the timings. Every status is decided here; nothing changes the
//! record afterwards.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::changes;
use super::domains::DomainEvaluation;
use super::evaluate::{SystemEvaluation, waiver_matches};
use super::load::PolicySet;
use super::targets;
use super::texts::{self, TextsOf};
use crate::diagnostics::display_path;
use crate::fields::{IsoDate, Organisation};
use crate::inventory::model::Lifecycle;
use crate::inventory::{Inventory, Selection};
use crate::probe::facts::ProbeFacts;
use crate::probe::mail::facts::MailFacts;
use crate::scan::{
    AgencySummary, AgencyTarget, Baseline, Finding, Inputs, Outcome, OutcomeCounts, RuleSummary,
    SCHEMA_VERSION, ScanMode, ScanResult, Severity, SystemCounts, SystemSummary, Timings, Totals,
    WaiverState, WaiverStatus,
};

pub struct SummaryInput<'a> {
    pub inventory: &'a Inventory,
    pub policy: &'a PolicySet,
    pub selection: &'a Selection,
    pub organisation: &'a Organisation,
    /// Their findings are moved into the record, not copied.
    pub evaluations: &'a mut [SystemEvaluation],
    /// The domain rules' results, likewise.
    pub domains: &'a mut [DomainEvaluation],
    pub as_of: IsoDate,
    pub mode: ScanMode,
    pub started_at: time::OffsetDateTime,
    /// What the history held before this run (empty without history).
    pub baseline: &'a Baseline,
    /// Every probed endpoint's facts, in any order (none offline).
    pub probes: Vec<ProbeFacts>,
    /// Every probed domain's facts, in any order (none offline).
    pub mail: Vec<MailFacts>,
    /// The stages' times; `total_ms` is measured here, from `started`.
    pub timings: Timings,
    pub started: Instant,
}

/// The record of a run, complete.
pub fn summarize(input: SummaryInput<'_>) -> ScanResult {
    let SummaryInput {
        inventory,
        policy,
        selection,
        evaluations,
        domains,
        as_of,
        baseline,
        mut probes,
        mut mail,
        mut timings,
        ..
    } = input;

    let mut rule_counts = vec![OutcomeCounts::default(); policy.rules.len()];
    let mut agencies: BTreeMap<&str, AgencySummary> = BTreeMap::new();
    let mut waivers_used = vec![0usize; policy.waivers.len()];
    let mut totals = Totals::default();

    // Each inventory entry's file, as messages show it.
    let files: Vec<Arc<str>> = inventory
        .agencies
        .iter()
        .map(|entry| Arc::from(display_path(&entry.source.path).display().to_string()))
        .collect();
    // Ids every row and finding of an agency shares.
    let agency_ids: Vec<Arc<str>> = inventory
        .agencies
        .iter()
        .map(|a| Arc::from(a.agency.id.as_str()))
        .collect();
    // Every agency in scope gets a row, even one whose systems are all retired.
    for (entry, file) in inventory.agencies.iter().zip(&files) {
        let id = entry.agency.id.as_str();
        if !selection.includes_agency(id) {
            continue;
        }
        let retired = entry
            .systems
            .iter()
            .filter(|s| s.lifecycle == Lifecycle::Retired && selection.includes(id, s))
            .count();
        agencies.entry(id).or_insert_with(|| AgencySummary {
            id: id.to_string(),
            name: entry.agency.name.clone(),
            kind: entry.agency.kind,
            counts: SystemCounts {
                retired_systems: retired,
                ..SystemCounts::default()
            },
            file: file.to_string(),
            domains: entry.agency.domains.iter().map(|d| d.to_string()).collect(),
            targets: Vec::new(),
        });
    }

    // The per-system rows are built on every core; the sums below only add.
    let mut systems: Vec<SystemSummary> = evaluations
        .par_iter()
        .map(|evaluation| system_summary(inventory, evaluation, &files, &agency_ids))
        .collect();
    // Each finding with the position of its system in `systems`; the
    // number becomes the finding's sort key in `sort_findings`.
    let mut tagged: Vec<(u64, Finding)> =
        Vec::with_capacity(evaluations.iter().map(|e| e.findings.len()).sum());
    // Texts every finding of a rule shares.
    let rule_texts: Vec<(Arc<str>, Arc<str>)> = policy
        .rules
        .iter()
        .map(|c| {
            (
                Arc::from(c.rule.id.as_str()),
                Arc::from(c.rule.title.default_text()),
            )
        })
        .collect();
    for (position, evaluation) in evaluations.iter_mut().enumerate() {
        let entry = &inventory.agencies[evaluation.agency_index];
        let system = &entry.systems[evaluation.system_index];
        let Some(agency) = agencies.get_mut(entry.agency.id.as_str()) else {
            continue;
        };
        for (counts, &passed) in rule_counts.iter_mut().zip(&evaluation.passes) {
            counts.pass += passed as usize;
        }
        for finding in &evaluation.findings {
            rule_counts[finding.rule as usize].add(finding.outcome);
        }
        for finding in &evaluation.findings {
            if finding.outcome == Outcome::Fail {
                let severity = policy.rules[finding.rule as usize].rule.severity;
                agency.counts.failing.add(severity);
            }
        }
        for &waiver in &evaluation.waivers_used {
            waivers_used[waiver] += 1;
        }
        let summary = &systems[position];
        let counts = &mut agency.counts;
        counts.systems += 1;
        if system.is_retiring() {
            counts.retiring_systems += 1;
        } else {
            counts.on_cloud += usize::from(summary.on_cloud);
        }
        counts.outcomes.merge(&summary.outcomes);
        if let Some(services) = &system.public_services {
            counts.services_total += u64::from(services.total);
            counts.services_fully_online += u64::from(services.fully_online);
        }
        // The record's findings, sharing one text per system, endpoint,
        // rule and agency. Taken, not drained: each system's buffer is
        // freed as it empties.
        let key: Arc<str> = Arc::from(summary.key.as_str());
        let mut endpoint_urls: Vec<Option<Arc<str>>> = vec![None; system.endpoints.len()];
        for raw in std::mem::take(&mut evaluation.findings) {
            let (rule_id, title) = &rule_texts[raw.rule as usize];
            let endpoint = raw.endpoint.map(|e| {
                let url = &mut endpoint_urls[e as usize];
                Arc::clone(
                    url.get_or_insert_with(|| Arc::from(system.endpoints[e as usize].url.as_str())),
                )
            });
            let finding = Finding {
                rule: Arc::clone(rule_id),
                severity: policy.rules[raw.rule as usize].rule.severity,
                outcome: raw.outcome,
                system: Arc::clone(&key),
                agency: Arc::clone(&agency_ids[evaluation.agency_index]),
                endpoint,
                domain: None,
                title: Arc::clone(title),
                detail: raw.detail,
                new: false,
            };
            tagged.push((position as u64, finding));
        }
    }

    // The domain rules' results: counted with the agency's, their
    // findings keyed `agency/domain` and placed after the systems'.
    let domain_keys: Vec<String> = domains
        .iter()
        .map(|d| {
            let agency = &inventory.agencies[d.agency_index].agency;
            format!("{}/{}", agency.id, agency.domains[d.domain_index])
        })
        .collect();
    for (position, evaluation) in domains.iter_mut().enumerate() {
        let entry = &inventory.agencies[evaluation.agency_index];
        let Some(agency) = agencies.get_mut(entry.agency.id.as_str()) else {
            continue;
        };
        for (counts, &passed) in rule_counts.iter_mut().zip(&evaluation.passes) {
            counts.pass += passed as usize;
            agency.counts.outcomes.pass += passed as usize;
        }
        for &waiver in &evaluation.waivers_used {
            waivers_used[waiver] += 1;
        }
        let key: Arc<str> = Arc::from(domain_keys[position].as_str());
        let domain: Arc<str> = Arc::from(entry.agency.domains[evaluation.domain_index].as_str());
        for raw in std::mem::take(&mut evaluation.findings) {
            let compiled = &policy.rules[raw.rule as usize];
            rule_counts[raw.rule as usize].add(raw.outcome);
            agency.counts.outcomes.add(raw.outcome);
            if raw.outcome == Outcome::Fail {
                agency.counts.failing.add(compiled.rule.severity);
            }
            let (rule_id, title) = &rule_texts[raw.rule as usize];
            tagged.push((
                (systems.len() + position) as u64,
                Finding {
                    rule: Arc::clone(rule_id),
                    severity: compiled.rule.severity,
                    outcome: raw.outcome,
                    system: Arc::clone(&key),
                    agency: Arc::clone(&agency_ids[evaluation.agency_index]),
                    endpoint: None,
                    domain: Some(Arc::clone(&domain)),
                    title: Arc::clone(title),
                    detail: raw.detail,
                    new: false,
                },
            ));
        }
    }

    for agency in agencies.values() {
        totals.agencies += 1;
        totals.counts.add(&agency.counts);
    }

    let mut findings = sort_findings(tagged, &systems, &domain_keys, policy);
    let mut domain_keys = domain_keys;
    domain_keys.sort_unstable();
    systems.par_sort_unstable_by(|a, b| a.key.cmp(&b.key));

    let rules = policy
        .rules
        .iter()
        .zip(rule_counts)
        .map(|(compiled, outcomes)| RuleSummary {
            id: compiled.rule.id.to_string(),
            title: compiled.rule.title.default_text().to_string(),
            description: compiled.rule.description.as_ref().map(ToString::to_string),
            severity: compiled.rule.severity,
            policy: compiled.policy.to_string(),
            each: compiled.rule.each,
            basis: compiled.rule.basis,
            remediation: compiled.rule.remediation.as_ref().map(ToString::to_string),
            references: texts::defaults(&compiled.rule.references),
            outcomes,
            digest: changes::rule_digest(&compiled.rule),
            translations: TextsOf {
                title: Some(&compiled.rule.title),
                description: compiled.rule.description.as_ref(),
                remediation: compiled.rule.remediation.as_ref(),
                source: None,
                references: &compiled.rule.references,
            }
            .translations(),
        })
        .collect::<Vec<_>>();

    let target_progress =
        targets::progress(policy, evaluations, domains, as_of, &baseline.target_points);
    // Each agency's own count of every target, for its own report; an
    // agency with nothing measured (every system retired) counts zeros.
    let mut own_targets = targets::per_agency(policy, evaluations, domains);
    for (index, entry) in inventory.agencies.iter().enumerate() {
        if let Some(agency) = agencies.get_mut(entry.agency.id.as_str()) {
            agency.targets = own_targets.remove(&index).unwrap_or_else(|| {
                target_progress
                    .iter()
                    .map(|t| AgencyTarget {
                        id: t.id.clone(),
                        numerator: 0.0,
                        denominator: 0.0,
                        undecided: 0,
                    })
                    .collect()
            });
        }
    }
    let changes = baseline.previous.as_ref().map(|previous| {
        let today = changes::Today {
            rules: &rules,
            systems: &systems,
            domains: &domain_keys,
            targets: &target_progress,
            inventory_digest: &inventory.digest,
            policy_digest: &policy.digest,
        };
        changes::compare(&mut findings, previous, &today)
    });

    let waivers = policy
        .waivers
        .iter()
        .zip(waivers_used)
        .map(|(entry, matched)| {
            let waiver = &entry.waiver;
            let exists = inventory.agencies.iter().any(|a| {
                let systems = a
                    .systems
                    .iter()
                    .map(|s| format!("{}/{}", a.agency.id, s.id));
                let domains = a
                    .agency
                    .domains
                    .iter()
                    .map(|d| format!("{}/{d}", a.agency.id));
                systems
                    .chain(domains)
                    .any(|key| waiver_matches(waiver, waiver.rule.as_str(), &key))
            }) && policy.rule_index(waiver.rule.as_str()).is_some();
            let state = if !exists {
                WaiverState::Orphan
            } else if waiver.expires < as_of {
                WaiverState::Expired
            } else {
                WaiverState::Active
            };
            WaiverStatus {
                rule: waiver.rule.to_string(),
                system: waiver.system.clone(),
                reason: waiver.reason.clone(),
                expires: waiver.expires,
                state,
                matched,
                location: format!(
                    "{}:{}",
                    display_path(&entry.location.file).display(),
                    entry.location.line
                ),
            }
        })
        .collect();

    // URLs are unique: an unstable sort orders them the same every run
    // and needs no scratch copy.
    probes.sort_unstable_by(|a, b| a.url.cmp(&b.url));
    mail.sort_unstable_by(|a, b| a.domain.cmp(&b.domain));
    timings.total_ms = input.started.elapsed().as_secs_f64() * 1000.0;
    ScanResult {
        probes,
        mail,
        changes,
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at: input.started_at,
        as_of,
        mode: input.mode,
        scope: selection.clone(),
        organisation: input.organisation.clone(),
        inputs: Inputs {
            inventory_files: inventory.sources.len(),
            inventory_digest: inventory.digest.clone(),
            policy_files: policy.files,
            policy_digest: policy.digest.clone(),
            policies: policy.policies.iter().map(|p| p.id.to_string()).collect(),
        },
        timings,
        totals,
        targets: target_progress,
        agencies: agencies.into_values().collect(),
        rules,
        systems,
        findings,
        waivers,
    }
}

/// One system's row: what it is and how its rules came out.
fn system_summary(
    inventory: &Inventory,
    evaluation: &SystemEvaluation,
    files: &[Arc<str>],
    agency_ids: &[Arc<str>],
) -> SystemSummary {
    let entry = &inventory.agencies[evaluation.agency_index];
    let system = &entry.systems[evaluation.system_index];
    let mut outcomes = OutcomeCounts {
        pass: evaluation.passes.iter().map(|&p| p as usize).sum(),
        ..OutcomeCounts::default()
    };
    for finding in &evaluation.findings {
        outcomes.add(finding.outcome);
    }
    SystemSummary {
        key: format!("{}/{}", entry.agency.id, system.id),
        agency: Arc::clone(&agency_ids[evaluation.agency_index]),
        name: system.name.clone(),
        criticality: system.criticality,
        lifecycle: system.lifecycle,
        hosting_model: system.hosting.model,
        provider: system.hosting.provider.as_ref().map(ToString::to_string),
        on_cloud: system.hosting.model.is_cloud(),
        outcomes,
        file: Some(Arc::clone(&files[evaluation.agency_index])),
        line: entry.system_lines.get(evaluation.system_index).copied(),
    }
}

/// Findings most severe first, then by rule id, system key and endpoint.
/// A finding's tag is its system's position in `systems`, or for a domain
/// rule `systems.len()` plus its domain's position in `domain_keys`.
/// Rules and systems are ranked once, so the sort of hundreds of thousands
/// of findings compares integers, not strings; the sort keys are unique (or
/// the findings identical), so an unstable sort, which needs no scratch
/// copy, gives the same order every run.
fn sort_findings(
    mut tagged: Vec<(u64, Finding)>,
    systems: &[SystemSummary],
    domain_keys: &[String],
    policy: &PolicySet,
) -> Vec<Finding> {
    let key_of = |position: u32| {
        let position = position as usize;
        match systems.get(position) {
            Some(system) => system.key.as_str(),
            None => domain_keys[position - systems.len()].as_str(),
        }
    };
    let mut by_key: Vec<u32> = (0..(systems.len() + domain_keys.len()) as u32).collect();
    by_key.par_sort_unstable_by(|&a, &b| key_of(a).cmp(key_of(b)));
    let mut system_rank = vec![0u64; by_key.len()];
    for (rank, &position) in by_key.iter().enumerate() {
        system_rank[position as usize] = rank as u64;
    }
    let mut rule_ids: Vec<&str> = policy.rules.iter().map(|r| r.rule.id.as_str()).collect();
    rule_ids.sort_unstable();
    let rule_rank: HashMap<&str, u64> = rule_ids
        .iter()
        .enumerate()
        .map(|(rank, id)| (*id, rank as u64))
        .collect();
    // The system's position becomes the whole key, in place.
    for (key, finding) in &mut tagged {
        let severity = (Severity::Critical as u64) - (finding.severity as u64);
        let rule = rule_rank
            .get(&*finding.rule)
            .copied()
            .unwrap_or(u64::from(u16::MAX));
        *key = severity << 56 | rule << 32 | system_rank[*key as usize];
    }
    tagged.par_sort_unstable_by(|(a, fa), (b, fb)| {
        a.cmp(b).then_with(|| fa.endpoint.cmp(&fb.endpoint))
    });
    // Serial on purpose: it reuses the vector's memory in place.
    tagged.into_iter().map(|(_, finding)| finding).collect()
}
