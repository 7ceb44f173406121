//! A recorded scan narrowed to some of its agencies, for `report
//! --agency`: what an agency's IT officer is sent, or a department head
//! reads, from a night's record without scanning again.
//!
//! What the record holds per agency is kept whole: the agencies' rows,
//! their systems, findings, the waivers written for their systems, the
//! facts of the endpoints their findings name and of the domains they
//! name; the totals are summed again
//! from the agencies kept, and each rule's counts from their findings and
//! systems. Two things are not kept, because the record cannot give them
//! for a part: the targets (a target counts passes per system, which the
//! record keeps only as totals; `scan --agency ID` measures an agency's
//! own), and what changed since the previous scan (it was counted for the
//! whole). A rule's `outcomes.pass` is 0: passes are kept per system,
//! not per rule. The record's `scope` names the agencies, so every report
//! says whose it is.

use std::collections::BTreeSet;

use super::{OutcomeCounts, ScanResult, SystemCounts, Totals};
use crate::diagnostics::Message;

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
    mut scan: ScanResult,
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
    let kept: BTreeSet<String> = agencies.iter().cloned().collect();
    let keeps = |agency: &str| kept.contains(agency);

    scan.agencies.retain(|agency| keeps(&agency.id));
    scan.systems.retain(|system| keeps(&system.agency));
    scan.findings.retain(|finding| keeps(&finding.agency));
    // A waiver names `agency/system` (or a pattern under an agency).
    scan.waivers.retain(|waiver| {
        waiver
            .system
            .split_once('/')
            .is_some_and(|(agency, _)| keeps(agency))
    });
    let endpoints: BTreeSet<&str> = scan
        .findings
        .iter()
        .filter_map(|finding| finding.endpoint.as_deref())
        .collect();
    // The mail facts of the domains the agencies kept name.
    let domains: BTreeSet<&str> = scan
        .agencies
        .iter()
        .flat_map(|agency| agency.domains.iter().map(String::as_str))
        .collect();
    let mail = std::mem::take(&mut scan.mail);
    scan.mail = mail
        .into_iter()
        .filter(|facts| domains.contains(facts.domain.as_str()))
        .collect();
    let probes = std::mem::take(&mut scan.probes);
    scan.probes = probes
        .into_iter()
        .filter(|probe| endpoints.contains(probe.url.as_str()))
        .collect();

    let mut counts = SystemCounts::default();
    for agency in &scan.agencies {
        counts.add(&agency.counts);
    }
    scan.totals = Totals {
        agencies: scan.agencies.len(),
        counts,
    };
    // Each rule's outcomes among the systems kept, from their findings.
    // Passes are kept per system, not per rule, so a rule's `pass` is 0
    // here; `totals` and `systems` have the passes.
    for rule in &mut scan.rules {
        let mut outcomes = OutcomeCounts::default();
        for finding in scan.findings.iter().filter(|f| *f.rule == *rule.id) {
            outcomes.add(finding.outcome);
        }
        rule.outcomes = outcomes;
    }
    scan.targets.clear();
    scan.changes = None;
    let mut scope: Vec<String> = kept.into_iter().collect();
    if !scan.scope.agencies.is_empty() {
        scope.retain(|id| scan.scope.agencies.contains(id));
    }
    scan.scope.agencies = scope;
    Ok(scan)
}
