//! Compliance tables for the terminal: targets, agencies, failing findings,
//! and the rules behind them with their remediation.

use std::io::Write;

use tabled::builder::Builder;
use tabled::settings::object::{Columns, Object, Rows};
use tabled::settings::{Alignment, Modify, Style, Width};

use super::Reporter;
use super::i18n::Labels;
use crate::probe::facts::ErrorClass;
use crate::scan::{Outcome, ScanResult, Severity, TargetStatus, WaiverState};
use crate::text::plain;

/// The tables, labelled in the reader's language.
pub struct TableReporter {
    pub labels: Labels,
}

/// "Probed 94 endpoints in 4.1 s: 80 answered, 14 with errors (dns 12, timeout 2)".
pub fn probe_summary(scan: &ScanResult, labels: &Labels) -> Option<String> {
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
    let seconds = format!("{:.1}", scan.timings.probe_ms / 1000.0);
    let mut line = labels.with(
        "probed",
        &[
            ("endpoints", scan.probes.len().into()),
            ("seconds", labels.decimal(&seconds).into()),
            ("answered", answered.into()),
        ],
    );
    if failed > 0 {
        let classes: Vec<String> = by_class.iter().map(|(c, n)| format!("{c} {n}")).collect();
        line.push_str(&labels.with(
            "probed-errors",
            &[
                ("failed", failed.into()),
                ("classes", classes.join(", ").into()),
            ],
        ));
    }
    Some(line)
}

/// Widest a free-text column may grow before it wraps.
const TEXT_WIDTH: usize = 48;

impl Reporter for TableReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        let totals = &scan.totals;
        let labels = &self.labels;
        let header = header_line(scan, labels);
        writeln!(out, "{header}")?;

        if let Some(line) = probe_summary(scan, labels) {
            writeln!(out, "{line}")?;
        }

        writeln!(out, "\n{}", labels.get("section-targets"))?;
        writeln!(out, "{}", targets_table(scan, labels))?;

        writeln!(out, "\n{}", labels.get("section-agencies"))?;
        writeln!(out, "{}", agencies_table(scan, labels))?;

        let failing: Vec<_> = scan
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail)
            .collect();
        if failing.is_empty() {
            writeln!(out, "\n{}", labels.get("no-failing"))?;
        } else {
            writeln!(
                out,
                "\n{}",
                labels.with("section-failing", &[("count", failing.len().into())])
            )?;
            let mut builder = Builder::default();
            builder.push_record(headers(
                labels,
                &[
                    "col-severity",
                    "col-rule",
                    "col-system",
                    "col-endpoint",
                    "col-finding",
                ],
            ));
            for finding in &failing {
                builder.push_record([
                    severity_name(finding.severity, labels),
                    finding.rule.to_string(),
                    finding.system.to_string(),
                    plain(finding.endpoint.as_deref().unwrap_or("")),
                    if finding.new {
                        format!("{} ({})", plain(&finding.title), labels.get("marker-new"))
                    } else {
                        plain(&finding.title)
                    },
                ]);
            }
            let mut table = builder.build();
            table.with(Style::rounded()).with(
                Modify::new(Columns::new(4..)).with(Width::wrap(TEXT_WIDTH).keep_words(true)),
            );
            writeln!(out, "{table}")?;

            writeln!(out, "\n{}", labels.get("section-fix"))?;
            writeln!(out, "{}", remediation_table(scan, labels))?;
        }

        let attention: Vec<_> = scan
            .waivers
            .iter()
            .filter(|w| w.state != WaiverState::Active)
            .collect();
        if !attention.is_empty() {
            writeln!(out, "\n{}", labels.get("section-waivers"))?;
            let mut builder = Builder::default();
            builder.push_record(headers(
                labels,
                &[
                    "col-state",
                    "col-rule",
                    "col-system",
                    "col-expires",
                    "col-where",
                ],
            ));
            for waiver in attention {
                builder.push_record([
                    waiver.state.as_str().to_string(),
                    waiver.rule.clone(),
                    waiver.system.clone(),
                    labels.date(waiver.expires),
                    waiver.location.clone(),
                ]);
            }
            writeln!(out, "{}", builder.build().with(Style::rounded()))?;
        }

        let outcomes = &totals.outcomes;
        writeln!(out, "\n{}", checks_line(scan, labels))?;
        if outcomes.error > 0 {
            writeln!(out, "{}", labels.get("rule-errors"))?;
        }
        Ok(())
    }
}

/// "2961 checks: 2300 pass, 307 fail, ... Failing by severity: ...": the
/// closing line of the tables and the HTML page.
pub fn checks_line(scan: &ScanResult, labels: &Labels) -> String {
    let outcomes = &scan.totals.outcomes;
    let failing = &scan.totals.failing;
    let severities = Severity::DESCENDING
        .iter()
        .map(|s| format!("{} {}", failing.get(*s), severity_name(*s, labels)))
        .collect::<Vec<_>>()
        .join(", ");
    labels.with(
        "checks",
        &[
            ("total", outcomes.total().into()),
            ("pass", outcomes.pass.into()),
            ("fail", outcomes.fail.into()),
            ("waived", outcomes.waived.into()),
            ("unknown", outcomes.unknown.into()),
            ("error", outcomes.error.into()),
            ("severities", severities.into()),
        ],
    )
}

/// "cloudcensus 0.1.0 — as of 2026-11-25 (online): 27 agencies, 115
/// systems (+4 retired, not counted)": the first line of every report for
/// people.
pub fn header_line(scan: &ScanResult, labels: &Labels) -> String {
    let totals = &scan.totals;
    let mut header = labels.with(
        "header",
        &[
            ("version", scan.tool_version.as_str().into()),
            ("date", labels.date(scan.as_of).into()),
            ("mode", labels.get(mode_id(scan)).into()),
            ("agencies", totals.agencies.into()),
            ("systems", totals.systems.into()),
        ],
    );
    if totals.retired_systems > 0 {
        header.push(' ');
        header.push_str(&labels.with(
            "header-retired",
            &[("retired", totals.retired_systems.into())],
        ));
    }
    header
}

/// The message id of the scan's mode.
pub fn mode_id(scan: &ScanResult) -> &'static str {
    match scan.mode {
        crate::scan::ScanMode::Online => "mode-online",
        crate::scan::ScanMode::Offline => "mode-offline",
    }
}

/// A severity's name in the reader's language.
/// The failing counts every agency table shows, most severe first; `info`
/// findings are advice and stay out of the per-agency columns.
pub const AGENCY_SEVERITIES: [Severity; 4] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
];

/// The headings of those columns ("Critical", ...), in the report's language.
pub fn agency_severity_headings(labels: &Labels) -> impl Iterator<Item = String> + '_ {
    AGENCY_SEVERITIES
        .iter()
        .map(|s| capitalized(&severity_name(*s, labels)))
}

pub fn severity_name(severity: Severity, labels: &Labels) -> String {
    labels.get(&format!("severity-{}", severity.as_str()))
}

/// `text` with its first letter upper case, for a column header.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Column headers from their message ids.
fn headers(labels: &Labels, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| labels.get(id)).collect()
}

/// The status as a manager reads it, e.g. "missed (reached 76%)".
pub fn status_text(status: TargetStatus, percent: Option<f64>, labels: &Labels) -> String {
    match status {
        TargetStatus::Met => labels.get("status-met"),
        TargetStatus::OnTrack => labels.get("status-on-track"),
        TargetStatus::Behind => labels.get("status-behind"),
        TargetStatus::NoProgress => labels.get("status-no-progress"),
        TargetStatus::Missed => labels.with(
            "status-missed",
            &[("value", labels.percent_or_dash(percent).into())],
        ),
        TargetStatus::NoTrend => labels.get("status-no-trend"),
        TargetStatus::NoData => labels.get("status-no-data"),
    }
}

fn targets_table(scan: &ScanResult, labels: &Labels) -> String {
    let mut builder = Builder::default();
    builder.push_record(headers(
        labels,
        &[
            "col-target",
            "col-current",
            "col-goal",
            "col-deadline",
            "col-status",
            "col-measured",
        ],
    ));
    for target in &scan.targets {
        let unit = if target.rule.is_none() {
            "unit-services"
        } else if target.unit == "agency" {
            "unit-agencies"
        } else {
            "unit-systems"
        };
        let mut measured = labels.with(
            "measured",
            &[
                ("numerator", target.numerator.into()),
                ("denominator", target.denominator.into()),
                ("unit", labels.get(unit).into()),
            ],
        );
        if target.undecided > 0 {
            measured
                .push_str(&labels.with("measured-unknown", &[("count", target.undecided.into())]));
        }
        builder.push_record([
            plain(&target.title),
            labels.percent_or_dash(target.percent),
            labels.percent(target.goal),
            labels.date(target.deadline),
            status_text(target.status, target.percent, labels),
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

fn agencies_table(scan: &ScanResult, labels: &Labels) -> String {
    let mut builder = Builder::default();
    builder.push_record(
        headers(
            labels,
            &[
                "col-agency",
                "col-name",
                "col-systems",
                "col-on-cloud",
                "col-services-online",
            ],
        )
        .into_iter()
        .chain(agency_severity_headings(labels))
        .chain([labels.get("col-compliance")]),
    );
    for agency in &scan.agencies {
        builder.push_record(
            [
                agency.id.clone(),
                plain(&agency.name),
                agency.systems.to_string(),
                labels.percent_or_dash(agency.on_cloud_percent()),
                labels.percent_or_dash(agency.services_percent()),
            ]
            .into_iter()
            .chain(AGENCY_SEVERITIES.map(|s| agency.failing.get(s).to_string()))
            .chain([labels.percent_or_dash(agency.outcomes.compliance_percent())]),
        );
    }
    let totals = &scan.totals;
    builder.push_record(
        [
            labels.get("row-all"),
            String::new(),
            totals.systems.to_string(),
            labels.percent_or_dash(crate::scan::percent(
                totals.on_cloud as f64,
                totals.systems as f64,
            )),
            labels.percent_or_dash(crate::scan::percent(
                totals.services_fully_online as f64,
                totals.services_total as f64,
            )),
        ]
        .into_iter()
        .chain(AGENCY_SEVERITIES.map(|s| totals.failing.get(s).to_string()))
        .chain([labels.percent_or_dash(totals.outcomes.compliance_percent())]),
    );
    let mut table = builder.build();
    table
        .with(Style::rounded())
        .with(Modify::new(Columns::new(1..2)).with(Width::wrap(32).keep_words(true)))
        .with(Modify::new(Columns::new(2..).not(Rows::first())).with(Alignment::right()));
    table.to_string()
}

fn remediation_table(scan: &ScanResult, labels: &Labels) -> String {
    let mut rules: Vec<_> = scan.rules.iter().filter(|r| r.outcomes.fail > 0).collect();
    rules.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
    let mut builder = Builder::default();
    builder.push_record(headers(
        labels,
        &[
            "col-rule",
            "col-severity",
            "col-failing",
            "col-rule-title",
            "col-remediation",
        ],
    ));
    for rule in rules {
        builder.push_record([
            rule.id.clone(),
            severity_name(rule.severity, labels),
            rule.outcomes.fail.to_string(),
            plain(&rule.title),
            plain(rule.remediation.as_deref().unwrap_or_default()),
        ]);
    }
    let mut table = builder.build();
    table
        .with(Style::rounded())
        .with(Modify::new(Columns::new(3..)).with(Width::wrap(TEXT_WIDTH).keep_words(true)))
        .with(Modify::new(Columns::new(2..3).not(Rows::first())).with(Alignment::right()));
    table.to_string()
}
