//! One self-contained HTML page for managers and mail: a header, a gauge
//! per target, a bar chart of compliance per agency, the agency table,
//! failing findings by severity with their remediation, and what probing
//! learned per endpoint.
//!
//! Nothing is fetched: the CSS and the SVG charts are inline and there is no
//! JavaScript. Mail clients drop `<style>` (and Gmail drops SVG), so the
//! layout is tables, the important styling sits in `style=` attributes and
//! every number a chart shows is also written as text.
//!
//! Markup comes only from literals in this file. Every text from an
//! inventory, a policy, a server or a stored record goes through
//! [`escape`] (labels too: it is harmless for them and keeps one rule),
//! whether it lands in an element, an attribute or SVG `<text>`.

use std::collections::HashMap;
use std::io::{BufWriter, Write};

use super::Reporter;
use super::cells::{capitalized, severity_name, status_text};
use super::i18n::{Labels, Lang};
use super::lines::{checks_line, header_line, probe_summary};
use crate::probe::facts::{CertProblem, ProbeFacts};
use crate::scan::{
    AgencySummary, Finding, Outcome, ScanResult, Severity, SystemSummary, TargetProgress,
    TargetStatus, WaiverState, percent,
};
use crate::text::{clean_text, plain};

pub struct HtmlReporter {
    pub labels: Labels,
}

impl Reporter for HtmlReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        // Many small writes: a buffer of a concrete type keeps them out of
        // the `dyn Write` calls (see json.rs).
        let mut out = BufWriter::with_capacity(1 << 16, out);
        let labels = &self.labels;
        write_head(scan, labels, &mut out)?;
        write_header(scan, labels, &mut out)?;
        write_targets(scan, labels, &mut out)?;
        write_agency_chart(scan, labels, &mut out)?;
        write_agency_table(scan, labels, &mut out)?;
        write_failing(scan, labels, &mut out)?;
        write_waivers(scan, labels, &mut out)?;
        write_probes(scan, labels, &mut out)?;
        write_foot(scan, labels, &mut out)?;
        out.flush()
    }
}

const AGENCY_SEVERITIES: [Severity; 4] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
];

fn agency_severity_headings(labels: &Labels) -> impl Iterator<Item = String> + '_ {
    AGENCY_SEVERITIES
        .iter()
        .map(|s| capitalized(&severity_name(*s, labels)))
}

/// Text made inert in HTML and SVG, in an element or a quoted attribute:
/// cleaned with [`plain`] (no control characters or bidi overrides,
/// whitespace collapsed), then `& < > " '` written as entities.
pub(crate) fn escape(text: &str) -> String {
    escape_cleaned(&plain(text))
}

/// [`escape`] after cutting the text to `max_chars`, for chart labels that
/// must not run into the bars.
fn escape_short(text: &str, max_chars: usize) -> String {
    escape_cleaned(&clean_text(text, max_chars))
}

fn escape_cleaned(cleaned: &str) -> String {
    let mut escaped = String::with_capacity(cleaned.len() + cleaned.len() / 8);
    for c in cleaned.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// A label, escaped.
fn label(labels: &Labels, id: &str) -> String {
    escape(&labels.get(id))
}

// Colours: dark enough for white text on them, and distinct in grey scale.
const TEXT: &str = "#1f2937";
const MUTED: &str = "#4b5563";
const RULE_LINE: &str = "#d1d5db";
const TRACK: &str = "#e5e7eb";
const HEAD_BG: &str = "#f3f4f6";
const CHART_BAR: &str = "#1d4ed8";
const FONT: &str = "Arial,Helvetica,sans-serif";

/// The colour of a target's status: met green, on track blue, behind amber,
/// missed red, nothing to judge grey.
fn status_colour(status: TargetStatus) -> &'static str {
    match status {
        TargetStatus::Met => "#15803d",
        TargetStatus::OnTrack => "#1d4ed8",
        TargetStatus::Behind | TargetStatus::NoProgress => "#b45309",
        TargetStatus::Missed => "#b91c1c",
        TargetStatus::NoTrend | TargetStatus::NoData => "#6b7280",
    }
}

fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "#7f1d1d",
        Severity::High => "#b91c1c",
        Severity::Medium => "#b45309",
        Severity::Low => "#1d4ed8",
        Severity::Info => "#6b7280",
    }
}

/// A percentage as a fraction of a bar, 0 to 1; a record's odd value (over
/// 100, negative) cannot push a bar out of its chart.
fn bar_fraction(value: f64) -> f64 {
    if value.is_finite() {
        value.clamp(0.0, 100.0) / 100.0
    } else {
        0.0
    }
}

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Vi => "vi",
    }
}

/// A section heading, styled inline so that it survives mail clients.
fn write_heading(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    writeln!(
        out,
        "<h2 style=\"font-family:{FONT};font-size:20px;color:{TEXT};margin:28px 0 10px 0;\
         border-bottom:2px solid {RULE_LINE};padding-bottom:4px\">{text}</h2>"
    )
}

const TABLE_OPEN: &str = "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" \
     border=\"0\" width=\"100%\" style=\"border-collapse:collapse;font-family:Arial,Helvetica,\
     sans-serif;font-size:14px;color:#1f2937\">";

/// Header cells of a data table; `right` says which columns hold numbers.
fn write_table_head(out: &mut impl Write, columns: &[&str], right: &[bool]) -> std::io::Result<()> {
    writeln!(
        out,
        "<table class=\"data\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" width=\"100%\" \
         style=\"border-collapse:collapse;font-family:{FONT};font-size:14px;color:{TEXT}\">"
    )?;
    write!(out, "<thead><tr>")?;
    for (i, text) in columns.iter().enumerate() {
        let align = if right.get(i).copied().unwrap_or(false) {
            "right"
        } else {
            "left"
        };
        write!(
            out,
            "<th align=\"{align}\" style=\"text-align:{align};vertical-align:bottom;background:{HEAD_BG};\
             border:1px solid {RULE_LINE};padding:6px 8px;font-weight:bold\">{}</th>",
            escape(text)
        )?;
    }
    writeln!(out, "</tr></thead><tbody>")
}

/// One row of already escaped cells.
fn write_row(out: &mut impl Write, cells: &[String], right: &[bool]) -> std::io::Result<()> {
    write!(out, "<tr>")?;
    for (i, cell) in cells.iter().enumerate() {
        let (align, nowrap) = if right.get(i).copied().unwrap_or(false) {
            ("right", "white-space:nowrap;")
        } else {
            ("left", "")
        };
        write!(
            out,
            "<td align=\"{align}\" valign=\"top\" style=\"text-align:{align};{nowrap}\
             border:1px solid {RULE_LINE};padding:6px 8px\">{cell}</td>"
        )?;
    }
    writeln!(out, "</tr>")
}

fn write_head(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"{}\">", lang_tag(labels.lang()))?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>{} – {}</title>",
        label(labels, "html-title"),
        escape(&labels.date(scan.as_of))
    )?;
    // For browsers only; everything that matters is also inline.
    writeln!(
        out,
        "<style>\n\
         body {{ margin: 0; background: #f3f4f6; }}\n\
         table.data tbody tr:nth-child(even) td {{ background: #f9fafb; }}\n\
         details {{ border: 1px solid {RULE_LINE}; border-radius: 4px; margin: 6px 0; padding: 6px 10px; }}\n\
         details[open] summary {{ margin-bottom: 6px; }}\n\
         summary {{ cursor: pointer; }}\n\
         svg {{ max-width: 100%; height: auto; }}\n\
         td {{ overflow-wrap: break-word; }}\n\
         </style>"
    )?;
    writeln!(out, "</head>")?;
    writeln!(
        out,
        "<body style=\"margin:0;padding:0;background:#f3f4f6\">"
    )?;
    // A centred column of at most 960 pixels: the mail-safe way is a table.
    writeln!(
        out,
        "{TABLE_OPEN}<tr><td align=\"center\" style=\"padding:16px\">"
    )?;
    writeln!(
        out,
        "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
         width=\"960\" style=\"width:100%;max-width:960px;background:#ffffff;\
         border:1px solid {RULE_LINE};font-family:{FONT};color:{TEXT}\">\
         <tr><td align=\"left\" style=\"padding:24px 28px;text-align:left\">"
    )
}

fn write_header(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "<h1 style=\"font-family:{FONT};font-size:26px;color:{TEXT};margin:0 0 8px 0\">{}</h1>",
        label(labels, "html-title")
    )?;
    let header = header_line(scan, labels);
    writeln!(
        out,
        "<p style=\"margin:0 0 4px 0;font-size:14px;color:{MUTED}\">{}</p>",
        escape(&header)
    )?;
    if let Some(line) = probe_summary(scan, labels) {
        writeln!(
            out,
            "<p style=\"margin:0 0 4px 0;font-size:14px;color:{MUTED}\">{}</p>",
            escape(&line)
        )?;
    }
    Ok(())
}

/// Width of a gauge's bar in SVG units.
const GAUGE_WIDTH: f64 = 600.0;

fn write_targets(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    write_heading(out, &label(labels, "section-targets"))?;
    if scan.targets.is_empty() {
        writeln!(out, "<p>{}</p>", label(labels, "status-no-data"))?;
        return Ok(());
    }
    writeln!(out, "{TABLE_OPEN}")?;
    for target in &scan.targets {
        let colour = status_colour(target.status);
        let status = status_text(target.status, target.percent, labels);
        writeln!(
            out,
            "<tr><td style=\"padding:10px 0 14px 0;border-bottom:1px solid {TRACK}\">"
        )?;
        writeln!(
            out,
            "<div style=\"font-size:16px;font-weight:bold;margin-bottom:6px\">{}</div>",
            escape(&target.title)
        )?;
        write_gauge(out, target, labels)?;
        write_trend(out, target, labels)?;
        // The same facts as text: mail clients without SVG show only this.
        writeln!(
            out,
            "<div style=\"font-size:14px;margin-top:4px\">\
             <span style=\"display:inline-block;background:{colour};color:#ffffff;\
             font-weight:bold;padding:2px 8px;border-radius:3px\">{}</span> \
             {}: <b>{}</b> · {}: <b>{}</b> · {}: <b>{}</b></div>",
            escape(&status),
            label(labels, "col-current"),
            escape(&labels.percent_or_dash(target.percent)),
            label(labels, "col-goal"),
            escape(&labels.percent(target.goal)),
            label(labels, "col-deadline"),
            escape(&labels.date(target.deadline)),
        )?;
        writeln!(out, "</td></tr>")?;
    }
    writeln!(out, "</table>")
}

/// The target's recorded values as a line over time, with the goal as a
/// dashed line; under it, where the current pace leads. Nothing with fewer
/// than two values.
fn write_trend(
    out: &mut impl Write,
    target: &TargetProgress,
    labels: &Labels,
) -> std::io::Result<()> {
    let history = &target.history;
    let (Some(first), Some(last)) = (history.first(), history.last()) else {
        return Ok(());
    };
    if history.len() < 2 {
        return Ok(());
    }
    const HEIGHT: f64 = 60.0;
    let span = first.as_of.days_until(last.as_of).max(1) as f64;
    let x =
        |day: crate::fields::IsoDate| 1.0 + first.as_of.days_until(day) as f64 / span * GAUGE_WIDTH;
    let y = |percent: f64| 4.0 + (1.0 - bar_fraction(percent)) * (HEIGHT - 8.0);
    let points: Vec<String> = history
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.as_of), y(p.percent)))
        .collect();
    let colour = status_colour(target.status);
    let width = GAUGE_WIDTH + 2.0;
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{h}\" \
         viewBox=\"0 0 {width} {h}\" role=\"img\" aria-label=\"{}\" \
         style=\"display:block;font-family:{FONT};margin-top:4px\">",
        escape(&label(labels, "html-trend")),
        h = HEIGHT + 14.0,
    )?;
    writeln!(
        out,
        "<rect x=\"1\" y=\"4\" width=\"{GAUGE_WIDTH}\" height=\"{:.1}\" fill=\"#f9fafb\" stroke=\"{TRACK}\"/>",
        HEIGHT - 8.0
    )?;
    writeln!(
        out,
        "<line x1=\"1\" x2=\"{:.1}\" y1=\"{g:.1}\" y2=\"{g:.1}\" stroke=\"{TEXT}\" stroke-dasharray=\"4 3\"/>",
        GAUGE_WIDTH + 1.0,
        g = y(target.goal)
    )?;
    writeln!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
        points.join(" ")
    )?;
    for (day, anchor, at) in [
        (first.as_of, "start", 1.0),
        (last.as_of, "end", GAUGE_WIDTH + 1.0),
    ] {
        writeln!(
            out,
            "<text x=\"{at:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-size=\"11\" fill=\"{TEXT}\">{}</text>",
            HEIGHT + 10.0,
            escape(&labels.date(day))
        )?;
    }
    writeln!(out, "</svg>")?;
    if let Some(day) = target.reached_by {
        writeln!(
            out,
            "<div style=\"font-size:13px;margin-top:2px\">{}</div>",
            escape(&labels.with("html-reached-by", &[("date", labels.date(day).into())]))
        )?;
    }
    Ok(())
}

/// A horizontal bar: the current value filled in the status colour over a
/// grey track, a dark marker at the goal with its label under it.
fn write_gauge(
    out: &mut impl Write,
    target: &TargetProgress,
    labels: &Labels,
) -> std::io::Result<()> {
    let colour = status_colour(target.status);
    let value_text = escape(&labels.percent_or_dash(target.percent));
    let goal_text = escape(&labels.with(
        "html-gauge-goal",
        &[("goal", labels.percent(target.goal).into())],
    ));
    let filled = target.percent.map_or(0.0, bar_fraction) * GAUGE_WIDTH;
    let goal_x = bar_fraction(target.goal) * GAUGE_WIDTH;
    // The goal label hangs from the marker toward the middle of the bar, so
    // it stays inside the picture at either end.
    let goal_anchor = if goal_x > GAUGE_WIDTH / 2.0 {
        "end"
    } else {
        "start"
    };
    let width = GAUGE_WIDTH + 2.0;
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"46\" \
         viewBox=\"0 0 {width} 46\" role=\"img\" aria-label=\"{}: {value_text}, {goal_text}\" \
         style=\"display:block;font-family:{FONT}\">",
        escape(&target.title)
    )?;
    writeln!(
        out,
        "<rect x=\"1\" y=\"4\" width=\"{GAUGE_WIDTH}\" height=\"22\" rx=\"3\" fill=\"{TRACK}\"/>"
    )?;
    if filled > 0.0 {
        writeln!(
            out,
            "<rect x=\"1\" y=\"4\" width=\"{filled:.1}\" height=\"22\" rx=\"3\" fill=\"{colour}\"/>"
        )?;
    }
    // The value inside the bar's end when it fits, else just after it.
    if filled >= 70.0 {
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"20\" text-anchor=\"end\" font-size=\"13\" \
             font-weight=\"bold\" fill=\"#ffffff\">{value_text}</text>",
            filled - 6.0
        )?;
    } else {
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"20\" text-anchor=\"start\" font-size=\"13\" \
             font-weight=\"bold\" fill=\"{TEXT}\">{value_text}</text>",
            filled + 6.0
        )?;
    }
    writeln!(
        out,
        "<line x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"30\" stroke=\"{TEXT}\" stroke-width=\"3\"/>",
        x = (goal_x + 1.0).clamp(2.5, GAUGE_WIDTH - 0.5)
    )?;
    writeln!(
        out,
        "<text x=\"{:.1}\" y=\"43\" text-anchor=\"{goal_anchor}\" font-size=\"12\" \
         fill=\"{TEXT}\">{goal_text}</text>",
        goal_x + 1.0
    )?;
    writeln!(out, "</svg>")
}

/// Agencies by compliance, lowest first; those with nothing decided last.
fn agencies_worst_first(scan: &ScanResult) -> Vec<&AgencySummary> {
    let mut agencies: Vec<&AgencySummary> = scan.agencies.iter().collect();
    agencies.sort_by(|a, b| {
        let key = |agency: &AgencySummary| agency.outcomes.compliance_percent();
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.id.cmp(&b.id))
    });
    agencies
}

// The agency chart's geometry: a label column, then the bars.
const CHART_LABEL_WIDTH: f64 = 170.0;
const CHART_BAR_WIDTH: f64 = 560.0;
const CHART_ROW: f64 = 26.0;
/// Longest agency id drawn in full; longer ones end in `…`.
const CHART_LABEL_CHARS: usize = 22;

fn write_agency_chart(
    scan: &ScanResult,
    labels: &Labels,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if scan.agencies.is_empty() {
        return Ok(());
    }
    write_heading(out, &label(labels, "html-chart-title"))?;
    writeln!(
        out,
        "<p style=\"margin:0 0 8px 0;font-size:13px;color:{MUTED}\">{}</p>",
        label(labels, "html-compliance-note")
    )?;
    let agencies = agencies_worst_first(scan);
    let top = 22.0;
    let height = top + CHART_ROW * agencies.len() as f64 + 6.0;
    let width = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 70.0;
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" \
         style=\"display:block;font-family:{FONT}\">",
        label(labels, "html-chart-title")
    )?;
    // Grid lines and their percentages at 0, 25, 50, 75 and 100.
    for step in 0..=4 {
        let value = f64::from(step) * 25.0;
        let x = CHART_LABEL_WIDTH + bar_fraction(value) * CHART_BAR_WIDTH;
        writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{RULE_LINE}\" \
             stroke-width=\"1\"/>",
            top - 4.0,
            height - 4.0
        )?;
        writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"12\" text-anchor=\"middle\" font-size=\"11\" \
             fill=\"{MUTED}\">{}</text>",
            escape(&labels.percent(value))
        )?;
    }
    for (row, agency) in agencies.iter().enumerate() {
        let y = top + CHART_ROW * row as f64;
        let compliance = agency.outcomes.compliance_percent();
        let bar = compliance.map_or(0.0, bar_fraction) * CHART_BAR_WIDTH;
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" \
             fill=\"{TEXT}\">{}</text>",
            CHART_LABEL_WIDTH - 8.0,
            y + 17.0,
            escape_short(&agency.id, CHART_LABEL_CHARS)
        )?;
        if bar > 0.0 {
            writeln!(
                out,
                "<rect x=\"{CHART_LABEL_WIDTH}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"18\" \
                 fill=\"{CHART_BAR}\"/>",
                y + 4.0
            )?;
        }
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" \
             fill=\"{TEXT}\">{}</text>",
            CHART_LABEL_WIDTH + bar + 6.0,
            y + 17.0,
            escape(&labels.percent_or_dash(compliance))
        )?;
    }
    writeln!(out, "</svg>")
}

fn write_agency_table(
    scan: &ScanResult,
    labels: &Labels,
    out: &mut impl Write,
) -> std::io::Result<()> {
    write_heading(out, &label(labels, "section-agencies"))?;
    let mut columns: Vec<String> = [
        "col-agency",
        "col-name",
        "col-systems",
        "col-on-cloud",
        "col-services-online",
    ]
    .iter()
    .map(|id| labels.get(id))
    .collect();
    columns.extend(agency_severity_headings(labels));
    columns.push(labels.get("col-compliance"));
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let right = [false, false, true, true, true, true, true, true, true, true];
    write_table_head(out, &names, &right)?;
    for agency in &scan.agencies {
        write_row(
            out,
            &[
                format!(
                    "<span style=\"white-space:nowrap\">{}</span>",
                    escape(&agency.id)
                ),
                escape(&agency.name),
                agency.systems.to_string(),
                escape(&labels.percent_or_dash(agency.on_cloud_percent())),
                escape(&labels.percent_or_dash(agency.services_percent())),
            ]
            .into_iter()
            .chain(AGENCY_SEVERITIES.map(|s| agency.failing.get(s).to_string()))
            .chain([escape(
                &labels.percent_or_dash(agency.outcomes.compliance_percent()),
            )])
            .collect::<Vec<_>>(),
            &right,
        )?;
    }
    let totals = &scan.totals;
    let bold = |text: String| format!("<b>{text}</b>");
    write_row(
        out,
        &[
            bold(label(labels, "row-all")),
            String::new(),
            bold(totals.systems.to_string()),
            bold(escape(&labels.percent_or_dash(percent(
                totals.on_cloud as f64,
                totals.systems as f64,
            )))),
            bold(escape(&labels.percent_or_dash(percent(
                totals.services_fully_online as f64,
                totals.services_total as f64,
            )))),
        ]
        .into_iter()
        .chain(AGENCY_SEVERITIES.map(|s| bold(totals.failing.get(s).to_string())))
        .chain([bold(escape(
            &labels.percent_or_dash(totals.outcomes.compliance_percent()),
        ))])
        .collect::<Vec<_>>(),
        &right,
    )?;
    writeln!(out, "</tbody></table>")
}

fn write_failing(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    let failing: Vec<&Finding> = scan
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail)
        .collect();
    if failing.is_empty() {
        write_heading(
            out,
            &escape(&labels.with("section-failing", &[("count", 0.into())])),
        )?;
        writeln!(out, "<p>{}</p>", label(labels, "no-failing"))?;
        return Ok(());
    }
    write_heading(
        out,
        &escape(&labels.with("section-failing", &[("count", failing.len().into())])),
    )?;
    let systems: HashMap<&str, &SystemSummary> = scan
        .systems
        .iter()
        .map(|system| (system.key.as_str(), system))
        .collect();
    for severity in Severity::DESCENDING {
        let group: Vec<&Finding> = failing
            .iter()
            .copied()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        writeln!(
            out,
            "<h3 style=\"font-family:{FONT};font-size:17px;margin:20px 0 6px 0;color:{}\">{} ({})</h3>",
            severity_colour(severity),
            escape(&capitalized(&severity_name(severity, labels))),
            group.len()
        )?;
        // One block per rule: its title and remediation once, then the
        // systems it fails on (a rule often fails on dozens of systems).
        let mut by_rule: Vec<(&str, Vec<&Finding>)> = Vec::new();
        for finding in group {
            match by_rule.iter_mut().find(|(rule, _)| *rule == &*finding.rule) {
                Some((_, findings)) => findings.push(finding),
                None => by_rule.push((&finding.rule, vec![finding])),
            }
        }
        for (rule_id, findings) in by_rule {
            write_rule_block(out, scan, labels, &systems, rule_id, &findings)?;
        }
    }
    Ok(())
}

fn write_rule_block(
    out: &mut impl Write,
    scan: &ScanResult,
    labels: &Labels,
    systems: &HashMap<&str, &SystemSummary>,
    rule_id: &str,
    findings: &[&Finding],
) -> std::io::Result<()> {
    let rule = scan.rules.iter().find(|rule| rule.id == rule_id);
    let title = findings.first().map_or("", |f| &*f.title);
    writeln!(
        out,
        "<p style=\"margin:14px 0 4px 0;font-size:15px\"><b style=\"white-space:nowrap\">{}</b> · {} \
         <span style=\"color:{MUTED}\">({})</span></p>",
        escape(rule_id),
        escape(title),
        findings.len()
    )?;
    if let Some(remediation) = rule.and_then(|rule| rule.remediation.as_deref()) {
        writeln!(
            out,
            "<p style=\"margin:0 0 6px 0;font-size:14px;background:#eff6ff;\
             border-left:4px solid {CHART_BAR};padding:6px 10px\"><b>{}:</b> {}</p>",
            label(labels, "col-remediation"),
            escape(remediation)
        )?;
    }
    // The endpoint column only for rules checked per endpoint.
    let with_endpoint = findings.iter().any(|f| f.endpoint.is_some());
    let mut columns = vec![labels.get("col-system")];
    if with_endpoint {
        columns.push(labels.get("col-endpoint"));
    }
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    write_table_head(out, &names, &[])?;
    for finding in findings {
        // The key, and beside it the name a manager knows.
        let mut system_cell = match systems.get(&*finding.system) {
            Some(system) => format!(
                "<span style=\"white-space:nowrap\">{}</span> \
                 <span style=\"color:{MUTED}\">– {}</span>",
                escape(&finding.system),
                escape(&system.name)
            ),
            None => escape(&finding.system),
        };
        if finding.new {
            // Failing since the previous scan: what the reader looks for first.
            system_cell.push_str(&format!(
                " <span style=\"background:#b91c1c;color:#ffffff;font-size:12px;\
                 font-weight:bold;padding:1px 6px;border-radius:3px\">{}</span>",
                label(labels, "marker-new")
            ));
        }
        let mut cells = vec![system_cell];
        if with_endpoint {
            cells.push(escape(finding.endpoint.as_deref().unwrap_or_default()));
        }
        write_row(out, &cells, &[])?;
    }
    writeln!(out, "</tbody></table>")
}

fn write_waivers(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    let attention: Vec<_> = scan
        .waivers
        .iter()
        .filter(|w| w.state != WaiverState::Active)
        .collect();
    if attention.is_empty() {
        return Ok(());
    }
    write_heading(out, &label(labels, "section-waivers"))?;
    let columns = [
        labels.get("col-state"),
        labels.get("col-rule"),
        labels.get("col-system"),
        labels.get("col-expires"),
        labels.get("col-where"),
    ];
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    write_table_head(out, &names, &[])?;
    for waiver in attention {
        let state = match waiver.state {
            WaiverState::Expired => "html-waiver-expired",
            WaiverState::Orphan | WaiverState::Active => "html-waiver-orphan",
        };
        write_row(
            out,
            &[
                label(labels, state),
                escape(&waiver.rule),
                escape(&waiver.system),
                escape(&labels.date(waiver.expires)),
                escape(&waiver.location),
            ],
            &[],
        )?;
    }
    writeln!(out, "</tbody></table>")
}

fn write_probes(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    write_heading(out, &label(labels, "html-probe-facts"))?;
    if scan.probes.is_empty() {
        writeln!(
            out,
            "<p style=\"font-size:14px;color:{MUTED}\">{}</p>",
            label(labels, "html-no-probes")
        )?;
        return Ok(());
    }
    for probe in &scan.probes {
        let result = probe_result(probe, labels);
        let colour = if probe.reachable {
            "#15803d"
        } else {
            "#b91c1c"
        };
        writeln!(
            out,
            "<details style=\"font-family:{FONT};font-size:14px\"><summary>\
             <span style=\"font-family:Consolas,Menlo,monospace\">{}</span> \
             <span style=\"color:{colour};font-weight:bold\">{}</span></summary>",
            escape(&probe.url),
            escape(&result)
        )?;
        let rows = probe_rows(probe, labels);
        if rows.is_empty() {
            writeln!(out, "</details>")?;
            continue;
        }
        writeln!(out, "{TABLE_OPEN}")?;
        for (id, value) in rows {
            writeln!(
                out,
                "<tr><td width=\"220\" style=\"padding:3px 8px 3px 0;color:{MUTED};\
                 vertical-align:top\">{}</td><td style=\"padding:3px 0\">{}</td></tr>",
                label(labels, id),
                escape(&value)
            )?;
        }
        writeln!(out, "</table></details>")?;
    }
    Ok(())
}

/// "reachable", or "unreachable: tls (handshake failed)".
fn probe_result(probe: &ProbeFacts, labels: &Labels) -> String {
    let mut text = if probe.reachable {
        labels.get("html-reachable")
    } else {
        labels.get("html-unreachable")
    };
    if let Some(class) = probe.error {
        text.push_str(&format!(": {class}"));
        if let Some(message) = &probe.error_message {
            text.push_str(&format!(" ({message})"));
        }
    }
    text
}

/// The label id and value of each fact the probe learned; facts it did not
/// learn are left out rather than shown empty.
fn probe_rows(probe: &ProbeFacts, labels: &Labels) -> Vec<(&'static str, String)> {
    let yes_no = |value: bool| labels.get(if value { "html-yes" } else { "html-no" });
    // The address and the result are in the summary line above the rows.
    let mut rows = Vec::new();
    if let Some(dns) = &probe.dns {
        let mut text = dns
            .a
            .iter()
            .chain(&dns.aaaa)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if !dns.cname.is_empty() {
            text.push_str(&format!(" (CNAME {})", dns.cname.join(" → ")));
        }
        if let Some(error) = dns.error {
            text.push_str(&format!(" ({error})"));
        }
        rows.push(("html-probe-dns", text.trim().to_string()));
    }
    if let Some(status) = probe.status {
        rows.push(("html-probe-status", status.to_string()));
    }
    if let Some(tls) = &probe.tls {
        rows.push(("html-probe-tls", tls.version.to_string()));
    }
    if let Some(cert) = &probe.cert {
        let text = match cert.problem {
            None => labels.with("html-cert-valid", &[("days", cert.days_left.into())]),
            Some(problem) => labels.with(
                "html-cert-problem",
                &[
                    ("problem", labels.get(cert_problem_id(problem)).into()),
                    ("days", cert.days_left.into()),
                ],
            ),
        };
        rows.push(("html-probe-cert", text));
    }
    match &probe.hsts {
        Some(hsts) => {
            let mut text = labels.with("html-hsts-max-age", &[("seconds", hsts.max_age.into())]);
            if hsts.include_subdomains {
                text.push_str("; includeSubDomains");
            }
            if hsts.preload {
                text.push_str("; preload");
            }
            rows.push(("html-probe-hsts", text));
        }
        None if probe.scheme == "https" && probe.reachable => {
            rows.push(("html-probe-hsts", labels.get("html-none")));
        }
        None => {}
    }
    if let Some(redirect) = probe.https_redirect {
        rows.push(("html-probe-redirect", yes_no(redirect)));
    }
    if let Some(provider) = &probe.observed_provider {
        rows.push(("html-probe-provider", provider.clone()));
    }
    if let Some(title) = &probe.title {
        rows.push(("html-probe-title", title.clone()));
    }
    rows
}

fn cert_problem_id(problem: CertProblem) -> &'static str {
    match problem {
        CertProblem::Expired => "html-cert-expired",
        CertProblem::NotYetValid => "html-cert-not-yet-valid",
        CertProblem::SelfSigned => "html-cert-self-signed",
        CertProblem::UnknownIssuer => "html-cert-unknown-issuer",
        CertProblem::HostnameMismatch => "html-cert-hostname-mismatch",
        CertProblem::Invalid => "html-cert-invalid",
    }
}

fn write_foot(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    let checks = checks_line(scan, labels);
    writeln!(
        out,
        "<p style=\"margin:24px 0 0 0;font-size:13px;color:{MUTED}\">{}</p>",
        escape(&checks)
    )?;
    writeln!(
        out,
        "<p style=\"margin:8px 0 0 0;font-size:12px;color:{MUTED}\">{}</p>",
        escape(&labels.with(
            "html-footer",
            &[
                ("version", scan.tool_version.as_str().into()),
                ("date", labels.date(scan.as_of).into()),
            ],
        ))
    )?;
    writeln!(out, "</td></tr></table>")?;
    writeln!(out, "</td></tr></table>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::hostile_scan;

    fn render(scan: &ScanResult, lang: Lang) -> String {
        let mut out = Vec::new();
        HtmlReporter {
            labels: Labels::new(lang),
        }
        .render(scan, &mut out)
        .expect("rendering to memory succeeds");
        String::from_utf8(out).expect("HTML is UTF-8")
    }

    /// The hostile record with every finding failing, plus one on the
    /// system whose name holds a tab and a newline, and probe facts with
    /// hostile server texts in every field the page shows.
    fn all_failing_scan() -> ScanResult {
        let mut scan = hostile_scan();
        let mut extra = scan.findings[0].clone();
        extra.system = "so-x/plain".into();
        scan.findings.push(extra);
        for finding in &mut scan.findings {
            finding.outcome = Outcome::Fail;
        }
        let mut probe = scan.probes[0].clone();
        probe.url = "https://x.example/\"><script>alert(1)</script>".into();
        probe.reachable = true;
        probe.title = Some("<img src=x onerror=alert(1)>\u{202E}txt".into());
        probe.observed_provider = Some("'><svg onload=alert(1)>".into());
        scan.probes.push(probe);
        scan
    }

    /// Checks that every opened element is closed in order. Void elements
    /// and `<… />` need no end tag; text is skipped.
    fn assert_well_formed(html: &str) {
        const VOID: [&str; 4] = ["meta", "br", "hr", "!doctype"];
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>').expect("every tag ends with `>`");
            let tag = &after[..end];
            rest = &after[end + 1..];
            // Raw text elements: skip to their end tag.
            if tag == "style" {
                let close = rest.find("</style>").expect("style is closed");
                rest = &rest[close + "</style>".len()..];
                continue;
            }
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect::<String>()
                .to_lowercase();
            assert!(!name.is_empty(), "empty tag near {rest:.40}");
            if let Some(closing) = tag.strip_prefix('/') {
                let closing = closing.trim().to_lowercase();
                let open = stack.pop().unwrap_or_default();
                assert_eq!(open, closing, "mismatched end tag");
            } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
                stack.push(name);
            }
        }
        assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    }

    #[test]
    fn html_of_the_hostile_record() {
        insta::assert_snapshot!(render(&hostile_scan(), Lang::En));
    }

    #[test]
    fn hostile_texts_are_shown_but_inert() {
        let html = render(&all_failing_scan(), Lang::En);
        // Markup from the record arrives as text only.
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<a "));
        assert!(!html.contains("<i>") && !html.contains("<b>alert"));
        assert!(!html.contains("<svg onload"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(html.contains(
            "&lt;a href=&quot;javascript:alert(1)&quot;&gt;plan&lt;/a&gt; &amp; &quot;wave&quot;"
        ));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;txt"));
        assert!(html.contains("&#39;&gt;&lt;svg onload=alert(1)&gt;"));
        // An attribute value cannot be closed by the record: a quote in
        // the aria-label of a gauge is an entity.
        assert!(!html.contains("javascript:alert(1)\""));
        // No escape sequences, bidi overrides or other control characters.
        assert!(!html.contains('\u{1b}') && !html.contains('\u{202E}'));
        assert!(
            !html
                .chars()
                .any(|c| (c.is_control() && c != '\n') || crate::text::is_bidi_control(c))
        );
        assert!(html.contains("[31mred[0m and gnp.exe"));
        assert!(html.contains("Cổng dịch vụ công; tab here, newline there"));
        assert_well_formed(&html);
    }

    #[test]
    fn nothing_is_fetched_and_nothing_runs() {
        let html = render(&all_failing_scan(), Lang::En);
        for attribute in ["src=\"", "href=\"", "src='", "href='", "url("] {
            assert!(!html.contains(attribute), "{attribute}");
        }
        assert!(!html.contains("<link") && !html.contains("@import"));
        // Event handlers only ever appear escaped, after a `&lt;`-tag.
        assert!(!html.contains(" onerror=\"") && !html.contains(" onload=\""));
    }

    #[test]
    fn one_gauge_per_target_and_one_agency_chart() {
        let mut scan = hostile_scan();
        let mut second = scan.targets[0].clone();
        second.id = "second".into();
        second.status = TargetStatus::Met;
        second.percent = Some(100.0);
        scan.targets.push(second);
        let html = render(&scan, Lang::En);
        assert_eq!(html.matches("<svg").count(), scan.targets.len() + 1);
        // Missed is red, met green.
        assert!(html.contains("fill=\"#b91c1c\"") && html.contains("fill=\"#15803d\""));
        // Values are also text, for mail clients without SVG.
        assert!(
            html.contains(
                "Current: <b>66.7%</b> · Goal: <b>100%</b> · Deadline: <b>2025-12-31</b>"
            )
        );
        assert_well_formed(&html);
    }

    #[test]
    fn vietnamese_page_is_labelled_vietnamese() {
        let html = render(&all_failing_scan(), Lang::Vi);
        assert!(html.contains("<html lang=\"vi\">"));
        assert!(html.contains("Báo cáo rà soát chuyển đổi lên điện toán đám mây"));
        assert!(html.contains("Kết quả kiểm tra các địa chỉ"));
        assert!(html.contains("66,7%") && html.contains("31/12/2025"));
        assert!(!html.contains("Compliance by agency"));
        assert_well_formed(&html);
        assert!(render(&hostile_scan(), Lang::En).contains("<html lang=\"en\">"));
    }

    #[test]
    fn agencies_are_charted_worst_first() {
        let mut scan = hostile_scan();
        let mut good = scan.agencies[0].clone();
        good.id = "a-good".into();
        good.outcomes = crate::scan::OutcomeCounts {
            pass: 9,
            fail: 1,
            ..Default::default()
        };
        let mut empty = good.clone();
        empty.id = "0-empty".into();
        empty.outcomes = Default::default();
        scan.agencies.extend([good, empty]);
        let order: Vec<&str> = agencies_worst_first(&scan)
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(order, ["so-x", "a-good", "0-empty"]);
    }

    #[test]
    fn findings_are_grouped_by_severity_with_remediation() {
        let html = render(&all_failing_scan(), Lang::En);
        let high = html.find(">High (2)</h3>").expect("a high group");
        let medium = html.find(">Medium (1)</h3>").expect("a medium group");
        let low = html.find(">Low (1)</h3>").expect("a low group");
        assert!(high < medium && medium < low);
        assert!(html.contains("Move it: see &lt;a href"));
    }

    #[test]
    fn probe_facts_sit_behind_details() {
        let html = render(&all_failing_scan(), Lang::En);
        assert_eq!(html.matches("<details").count(), 2);
        assert!(
            html.contains("unreachable: tls (TLS handshake failed: &lt;b&gt;alert&lt;/b&gt; =1+1)")
        );
        let offline = render(
            &ScanResult {
                probes: Vec::new(),
                ..hostile_scan()
            },
            Lang::En,
        );
        assert!(!offline.contains("<details"));
        assert!(offline.contains("Endpoints were not checked online in this scan."));
    }

    #[test]
    fn escape_covers_text_and_attributes() {
        assert_eq!(
            escape("<a href=\"x\" title='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("two\nlines\r\n\there"), "two lines here");
        assert_eq!(escape("\u{1b}[31mred\u{202E}txt\u{200F}"), "[31mredtxt");
        assert_eq!(escape("Sở Thử nghiệm"), "Sở Thử nghiệm");
        assert_eq!(escape_short("<abcdef", 3), "&lt;ab…");
    }
}
