//! Compliance tables for the terminal: targets, agencies, failing findings,
//! and the rules behind them with their remediation.

use std::io::Write;

use tabled::builder::Builder;
use tabled::settings::object::{Columns, Object, Rows};
use tabled::settings::{Alignment, Modify, Style, Width};

use super::Reporter;
use crate::fields::format_percent;
use crate::probe::facts::ErrorClass;
use crate::scan::{Outcome, ScanResult, Severity, TargetStatus, WaiverState};

pub struct TableReporter;

/// "Probed 94 endpoints in 4.1 s: 80 answered, 14 failed (dns 12, timeout 2)".
pub fn probe_summary(scan: &ScanResult) -> Option<String> {
    if scan.probes.is_empty() {
        return None;
    }
    let answered = scan.probes.iter().filter(|p| p.reachable).count();
    let mut by_class: Vec<(ErrorClass, usize)> = ErrorClass::ALL
        .iter()
        .map(|class| {
            let count = scan
                .probes
                .iter()
                .filter(|p| p.error == Some(*class))
                .count();
            (*class, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    by_class.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let failed: usize = by_class.iter().map(|(_, n)| n).sum();
    let mut line = format!(
        "Probed {} endpoints in {:.1} s: {answered} answered",
        scan.probes.len(),
        scan.timings.probe_ms / 1000.0
    );
    if failed > 0 {
        let classes: Vec<String> = by_class.iter().map(|(c, n)| format!("{c} {n}")).collect();
        line.push_str(&format!(", {failed} with errors ({})", classes.join(", ")));
    }
    Some(line)
}

/// Widest a free-text column may grow before it wraps.
const TEXT_WIDTH: usize = 48;

impl Reporter for TableReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        let totals = &scan.totals;
        writeln!(
            out,
            "cloudcensus {} — as of {} ({}): {} agencies, {} systems{}",
            scan.tool_version,
            scan.as_of,
            scan.mode,
            totals.agencies,
            totals.systems,
            if totals.retired_systems > 0 {
                format!(" (+{} retired, not counted)", totals.retired_systems)
            } else {
                String::new()
            }
        )?;

        if let Some(line) = probe_summary(scan) {
            writeln!(out, "{line}")?;
        }

        writeln!(out, "\nTargets")?;
        writeln!(out, "{}", targets_table(scan))?;

        writeln!(out, "\nAgencies")?;
        writeln!(out, "{}", agencies_table(scan))?;

        let failing: Vec<_> = scan
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail)
            .collect();
        if failing.is_empty() {
            writeln!(out, "\nNo failing findings.")?;
        } else {
            writeln!(out, "\nFailing findings ({})", failing.len())?;
            let mut builder = Builder::default();
            builder.push_record(["Severity", "Rule", "System", "Endpoint", "Finding"]);
            for finding in &failing {
                builder.push_record([
                    finding.severity.as_str(),
                    &finding.rule,
                    &finding.system,
                    finding.endpoint.as_deref().unwrap_or(""),
                    &finding.title,
                ]);
            }
            let mut table = builder.build();
            table.with(Style::rounded()).with(
                Modify::new(Columns::new(4..)).with(Width::wrap(TEXT_WIDTH).keep_words(true)),
            );
            writeln!(out, "{table}")?;

            writeln!(out, "\nWhat to fix")?;
            writeln!(out, "{}", remediation_table(scan))?;
        }

        let attention: Vec<_> = scan
            .waivers
            .iter()
            .filter(|w| w.state != WaiverState::Active)
            .collect();
        if !attention.is_empty() {
            writeln!(out, "\nWaivers needing attention")?;
            let mut builder = Builder::default();
            builder.push_record(["State", "Rule", "System", "Expires", "Where"]);
            for waiver in attention {
                builder.push_record([
                    waiver.state.as_str().to_string(),
                    waiver.rule.clone(),
                    waiver.system.clone(),
                    waiver.expires.to_string(),
                    waiver.location.clone(),
                ]);
            }
            writeln!(out, "{}", builder.build().with(Style::rounded()))?;
        }

        let outcomes = &totals.outcomes;
        let failing = &totals.failing;
        writeln!(
            out,
            "\n{} checks: {} pass, {} fail, {} waived, {} unknown, {} error. Failing by severity: {}.",
            outcomes.pass + outcomes.fail + outcomes.waived + outcomes.unknown + outcomes.error,
            outcomes.pass,
            outcomes.fail,
            outcomes.waived,
            outcomes.unknown,
            outcomes.error,
            Severity::DESCENDING
                .iter()
                .map(|s| format!("{} {}", failing.get(*s), s))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        if outcomes.error > 0 {
            writeln!(
                out,
                "Some rules failed to evaluate: see the `error` findings in --format json."
            )?;
        }
        Ok(())
    }
}

fn percent_cell(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{}%", format_percent(v)))
}

/// The status as a manager reads it, e.g. "missed (reached 76%)".
pub fn status_text(status: TargetStatus, percent: Option<f64>) -> String {
    match status {
        TargetStatus::Met => "met".into(),
        TargetStatus::OnTrack => "on track".into(),
        TargetStatus::Behind => "behind".into(),
        TargetStatus::Missed => format!("missed (reached {})", percent_cell(percent)),
        TargetStatus::NoTrend => "not met yet; no trend yet".into(),
        TargetStatus::NoData => "no data".into(),
    }
}

fn targets_table(scan: &ScanResult) -> String {
    let mut builder = Builder::default();
    builder.push_record([
        "Target", "Current", "Goal", "Deadline", "Status", "Measured",
    ]);
    for target in &scan.targets {
        let measured = format!(
            "{} of {} {}{}",
            target.numerator,
            target.denominator,
            if target.rule.is_none() {
                "services"
            } else if target.unit == "agency" {
                "agencies"
            } else {
                "systems"
            },
            if target.undecided > 0 {
                format!(", {} unknown", target.undecided)
            } else {
                String::new()
            }
        );
        builder.push_record([
            target.title.clone(),
            percent_cell(target.percent),
            format!("{}%", format_percent(target.goal)),
            target.deadline.to_string(),
            status_text(target.status, target.percent),
            measured,
        ]);
    }
    let mut table = builder.build();
    table
        .with(Style::rounded())
        .with(Modify::new(Columns::new(0..1)).with(Width::wrap(TEXT_WIDTH).keep_words(true)))
        .with(Modify::new(Columns::new(1..3).not(Rows::first())).with(Alignment::right()));
    table.to_string()
}

fn agencies_table(scan: &ScanResult) -> String {
    let mut builder = Builder::default();
    builder.push_record([
        "Agency",
        "Name",
        "Systems",
        "On cloud",
        "Services online",
        "Critical",
        "High",
        "Medium",
        "Low",
        "Compliance",
    ]);
    for agency in &scan.agencies {
        builder.push_record([
            agency.id.clone(),
            agency.name.clone(),
            agency.systems.to_string(),
            percent_cell(agency.on_cloud_percent()),
            percent_cell(agency.services_percent()),
            agency.failing.critical.to_string(),
            agency.failing.high.to_string(),
            agency.failing.medium.to_string(),
            agency.failing.low.to_string(),
            percent_cell(agency.outcomes.compliance_percent()),
        ]);
    }
    let totals = &scan.totals;
    builder.push_record([
        "all".to_string(),
        String::new(),
        totals.systems.to_string(),
        percent_cell(crate::scan::percent(
            totals.on_cloud as f64,
            totals.systems as f64,
        )),
        percent_cell(crate::scan::percent(
            totals.services_fully_online as f64,
            totals.services_total as f64,
        )),
        totals.failing.critical.to_string(),
        totals.failing.high.to_string(),
        totals.failing.medium.to_string(),
        totals.failing.low.to_string(),
        percent_cell(totals.outcomes.compliance_percent()),
    ]);
    let mut table = builder.build();
    table
        .with(Style::rounded())
        .with(Modify::new(Columns::new(1..2)).with(Width::wrap(32).keep_words(true)))
        .with(Modify::new(Columns::new(2..).not(Rows::first())).with(Alignment::right()));
    table.to_string()
}

fn remediation_table(scan: &ScanResult) -> String {
    let mut rules: Vec<_> = scan.rules.iter().filter(|r| r.outcomes.fail > 0).collect();
    rules.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
    let mut builder = Builder::default();
    builder.push_record(["Rule", "Severity", "Failing", "Rule title", "Remediation"]);
    for rule in rules {
        builder.push_record([
            rule.id.clone(),
            rule.severity.as_str().to_string(),
            rule.outcomes.fail.to_string(),
            rule.title.clone(),
            rule.remediation.clone().unwrap_or_default(),
        ]);
    }
    let mut table = builder.build();
    table
        .with(Style::rounded())
        .with(Modify::new(Columns::new(3..)).with(Width::wrap(TEXT_WIDTH).keep_words(true)))
        .with(Modify::new(Columns::new(2..3).not(Rows::first())).with(Alignment::right()));
    table.to_string()
}
