//! The short plain summary a cron mail carries: each target and its
//! status, how probing went, the agencies with failing findings, and the
//! failing findings by severity. No table drawing, no colour, a line per
//! fact, stable from night to night so that a mail diff shows what moved.
//! `scan` prints it when stdout is not a terminal (or its reports go to
//! files); `--format table` always draws the full tables.

use std::io::Write;

use super::Reporter;
use super::cells::{severity_name, status_name};
use super::i18n::Labels;
use super::lines::{change_lines, header_args, probe_summary, rule_error_lines, scope_suffix};
use crate::scan::{ScanResult, Severity, TargetStatus};
use crate::text::plain;

pub struct SummaryReporter {
    pub labels: Labels,
}

/// Agencies named in the summary at most; the full list is in the reports.
const AGENCIES_LISTED: usize = 10;

impl Reporter for SummaryReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        let labels = &self.labels;
        let totals = &scan.totals;
        writeln!(
            out,
            "{}",
            labels.with("summary-header", &header_args(scan, labels)) + &scope_suffix(scan, labels)
        )?;
        // What changed leads: the reader of a nightly mail knows the rest.
        for line in change_lines(scan, labels) {
            writeln!(out, "{}", plain(&line))?;
        }
        if let Some(line) = probe_summary(scan, labels) {
            writeln!(out, "{line}")?;
        }

        writeln!(out, "\n{}", labels.get("summary-targets"))?;
        // The status in words (a status id such as `no-trend` is for
        // scripts, in the JSON record), padded to the widest status name of
        // the language, so that the titles line up and stay put from night
        // to night.
        let width = TargetStatus::ALL
            .iter()
            .map(|status| status_name(*status, labels).chars().count())
            .max()
            .unwrap_or(0);
        for target in &scan.targets {
            let status = status_name(target.status, labels);
            let measure = labels.with(
                "summary-target",
                &[
                    ("value", labels.percent_or_dash(target.percent).into()),
                    ("goal", labels.percent(target.goal).into()),
                    ("deadline", labels.date(target.deadline).into()),
                ],
            );
            writeln!(
                out,
                "  {status:<width$}  {}: {measure}",
                plain(target.title_in(labels.lang())),
            )?;
        }

        let failing = &totals.counts.failing;
        let by_severity = |counts: &crate::scan::SeverityCounts| -> String {
            Severity::DESCENDING
                .iter()
                .filter(|s| counts.get(**s) > 0)
                .map(|s| format!("{} {}", counts.get(*s), severity_name(*s, labels)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if failing.total() == 0 {
            writeln!(out, "\n{}", labels.get("no-failing"))?;
        } else {
            writeln!(
                out,
                "\n{}",
                labels.with(
                    "summary-failing",
                    &[
                        ("count", failing.total().into()),
                        ("severities", by_severity(failing).into()),
                    ]
                )
            )?;
            // Agencies with the most serious failures first.
            let mut agencies: Vec<_> = scan
                .agencies
                .iter()
                .filter(|a| a.counts.failing.total() > 0)
                .collect();
            agencies.sort_by_key(|a| {
                std::cmp::Reverse(
                    Severity::DESCENDING
                        .iter()
                        .map(|s| a.counts.failing.get(*s))
                        .collect::<Vec<_>>(),
                )
            });
            writeln!(
                out,
                "{}",
                labels.with("summary-agencies", &[("count", agencies.len().into())])
            )?;
            for agency in agencies.iter().take(AGENCIES_LISTED) {
                writeln!(
                    out,
                    "  {} ({}): {}",
                    agency.id,
                    plain(&agency.name),
                    by_severity(&agency.counts.failing)
                )?;
            }
            if agencies.len() > AGENCIES_LISTED {
                writeln!(
                    out,
                    "  {}",
                    labels.with(
                        "summary-more",
                        &[("count", (agencies.len() - AGENCIES_LISTED).into())]
                    )
                )?;
            }
        }
        let errors = totals.counts.outcomes.error;
        if errors > 0 {
            writeln!(
                out,
                "\n{}",
                labels.with("summary-errors", &[("count", errors.into())])
            )?;
            for line in rule_error_lines(scan, labels) {
                writeln!(out, "  {line}")?;
            }
        }
        Ok(())
    }
}
