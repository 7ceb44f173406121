//! A recorded scan narrowed to some of its agencies, for `report
//! --agency`: what an agency's IT officer is sent, or a department head
//! reads, from a night's record without scanning again.
//!
//! What the record holds per agency is kept whole: the agencies' rows,
//! their systems, findings, the waivers written for their systems, the
//! facts of the endpoints their findings name and of the domains they
//! name; the totals are summed again
//! from the agencies kept, and each rule's counts from their findings and
//! systems. The targets are those the agencies kept count on their own
//! (each agency's row keeps its count of every target: see
//! [`super::AgencySummary::targets`]), judged against the goal and the
//! deadline without a trend (the history holds the whole's); a record made
//! before the rows kept them has no targets for a part. What changed since
//! the previous scan is left out (it was counted for the whole). A rule's
//! `outcomes.pass` is 0: passes are kept per system, not per rule. The
//! record's `scope` names the agencies, so every report says whose it is.
//!
//! The view is built from a borrowed record, so a scan writes each
//! agency's own report (`--per-agency-dir`, `--email-agencies`) without
//! copying the whole record once per agency.

use std::collections::BTreeSet;

use super::{
    AgencySummary, Finding, OutcomeCounts, ScanResult, SystemCounts, TargetProgress, TargetStatus,
    Totals, percent,
};
use crate::diagnostics::Message;
use crate::inventory::Selection;

/// An agency id the record does not have.
#[derive(Debug, thiserror::Error)]
#[error("run {run} has no agency `{id}`{}", hint.as_ref().map(|h| format!(": did you mean `{h}`?")).unwrap_or_default())]
pub struct UnknownAgency {
    pub run: i64,
    pub id: String,
    pub hint: Option<String>,
}

impl UnknownAgency {
    /// The sentence a user reads, in any language; `Display` is its English.
    pub fn message(&self) -> Message {
        match &self.hint {
            Some(hint) => Message::new("err-report-unknown-agency-hint").arg("hint", hint),
            None => Message::new("err-report-unknown-agency"),
        }
        .arg("run", self.run)
        .arg("id", &self.id)
    }
}

/// `scan` narrowed to `agencies` (ids, in any order); `run` names it in
/// the error for an id it does not have.
pub fn to_agencies(
    scan: &ScanResult,
    agencies: &[String],
    run: i64,
) -> Result<ScanResult, UnknownAgency> {
    let known: BTreeSet<&str> = scan.agencies.iter().map(|a| a.id.as_str()).collect();
    if let Some(id) = agencies.iter().find(|id| !known.contains(id.as_str())) {
        return Err(UnknownAgency {
            run,
            id: id.clone(),
            hint: crate::diagnostics::did_you_mean(id, known.iter().copied()).map(str::to_string),
        });
    }
    Ok(view(scan, &agencies.iter().map(String::as_str).collect()))
}

/// The part of `scan` that is `kept`'s (agency ids the record has).
pub fn view(scan: &ScanResult, kept: &BTreeSet<&str>) -> ScanResult {
    let keeps = |agency: &str| kept.contains(agency);
    let agencies: Vec<AgencySummary> = scan
        .agencies
        .iter()
        .filter(|agency| keeps(&agency.id))
        .cloned()
        .collect();
    let systems = scan
        .systems
        .iter()
        .filter(|system| keeps(&system.agency))
        .cloned()
        .collect();
    let findings: Vec<Finding> = scan
        .findings
        .iter()
        .filter(|finding| keeps(&finding.agency))
        .cloned()
        .collect();
    // A waiver names `agency/system` (or a pattern under an agency).
    let waivers = scan
        .waivers
        .iter()
        .filter(|waiver| {
            waiver
                .system
                .split_once('/')
                .is_some_and(|(agency, _)| keeps(agency))
        })
        .cloned()
        .collect();
    let endpoints: BTreeSet<&str> = findings
        .iter()
        .filter_map(|finding| finding.endpoint.as_deref())
        .collect();
    // The mail facts of the domains the agencies kept name.
    let domains: BTreeSet<&str> = agencies
        .iter()
        .flat_map(|agency| agency.domains.iter().map(String::as_str))
        .collect();
    let mail = scan
        .mail
        .iter()
        .filter(|facts| domains.contains(facts.domain.as_str()))
        .cloned()
        .collect();
    let probes = scan
        .probes
        .iter()
        .filter(|probe| endpoints.contains(probe.url.as_str()))
        .cloned()
        .collect();

    let mut counts = SystemCounts::default();
    for agency in &agencies {
        counts.add(&agency.counts);
    }
    // Each rule's outcomes among the systems kept, from their findings.
    // Passes are kept per system, not per rule, so a rule's `pass` is 0
    // here; `totals` and `systems` have the passes.
    let mut rules = scan.rules.clone();
    for rule in &mut rules {
        let mut outcomes = OutcomeCounts::default();
        for finding in findings.iter().filter(|f| *f.rule == *rule.id) {
            outcomes.add(finding.outcome);
        }
        rule.outcomes = outcomes;
    }
    let mut scope: Vec<String> = kept.iter().map(|id| id.to_string()).collect();
    if !scan.scope.agencies.is_empty() {
        scope.retain(|id| scan.scope.agencies.contains(id));
    }
    ScanResult {
        schema_version: scan.schema_version,
        tool_version: scan.tool_version.clone(),
        started_at: scan.started_at,
        as_of: scan.as_of,
        mode: scan.mode,
        scope: Selection {
            agencies: scope,
            tags: scan.scope.tags.clone(),
        },
        organisation: scan.organisation.clone(),
        inputs: scan.inputs.clone(),
        timings: scan.timings.clone(),
        totals: Totals {
            agencies: agencies.len(),
            counts,
        },
        targets: own_targets(scan, &agencies),
        agencies,
        rules,
        systems,
        findings,
        waivers,
        probes,
        mail,
        changes: None,
    }
}

/// The whole's targets as `agencies` stand on them together: their own
/// counts summed (a share of systems, of agencies or a ratio all sum), the
/// value and the status judged again. None when an agency's row has no
/// counts (a record made before the rows kept them).
fn own_targets(scan: &ScanResult, agencies: &[AgencySummary]) -> Vec<TargetProgress> {
    let same_targets = |agency: &AgencySummary| {
        agency
            .targets
            .iter()
            .map(|t| &t.id)
            .eq(scan.targets.iter().map(|t| &t.id))
    };
    if !agencies.iter().all(same_targets) {
        return Vec::new();
    }
    scan.targets
        .iter()
        .enumerate()
        .map(|(index, whole)| {
            let (mut numerator, mut denominator, mut undecided) = (0.0, 0.0, 0);
            for own in agencies.iter().map(|a| &a.targets[index]) {
                numerator += own.numerator;
                denominator += own.denominator;
                undecided += own.undecided;
            }
            let value = percent(numerator, denominator);
            TargetProgress {
                numerator,
                denominator,
                undecided,
                percent: value,
                status: TargetStatus::without_history(
                    value,
                    whole.goal,
                    scan.as_of,
                    whole.deadline,
                ),
                history: Vec::new(),
                reached_by: None,
                ..whole.clone()
            }
        })
        .collect()
}
