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
//! The markup is in askama templates (`templates/report/`, compiled into
//! the binary); this file computes what they show: texts, the tables of
//! `tables.rs` and the charts' geometry. Escaping is by construction:
//! askama passes every value a template prints through [`HtmlText`]
//! (`askama.toml` maps `.html` templates to it), which cleans it and writes
//! it as inert text, whether it lands in an element, an attribute or SVG
//! `<text>`. No template marks anything `|safe`.

use std::fmt;
use std::io::{BufWriter, Write};

use askama::Template;

use super::Reporter;
use super::cells::{Align, Cell, Column, Table, capitalized, status_text};
use super::i18n::Labels;
use super::lines::{change_lines, checks_line, header_line, probe_error_name, probe_summary};
use super::tables::{self, RuleGroup, by_severity};
use crate::fields::IsoDate;
use crate::probe::facts::{CertProblem, ProbeFacts};
use crate::probe::mail::facts::MailFacts;
use crate::scan::{AgencySummary, ScanResult, Severity, TargetProgress, TargetStatus};
use crate::text::{is_bidi_control, plain, short_name};

pub struct HtmlReporter {
    pub labels: Labels,
    /// Without each rule's list of systems and the probe facts: the mail's
    /// HTML part. Mail clients cannot fold `<details>` away (Outlook shows
    /// them open), and the list would make a province's mail twice the
    /// size; the full page is a file, or `--email-attach html`.
    pub compact: bool,
}

impl Reporter for HtmlReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        // Many small writes: a buffer of a concrete type keeps them out of
        // the `dyn Write` calls (see json.rs).
        let mut out = BufWriter::with_capacity(1 << 16, out);
        let mut page = Page::new(scan, &self.labels);
        page.compact = self.compact;
        page.write_into(&mut out)?;
        out.flush()
    }
}

/// The escaper of the report's templates: every value is cleaned with
/// [`plain`] (no control characters or bidi overrides, whitespace
/// collapsed), then `& < > " '` are written as entities, so that it is
/// inert text in an element or a quoted attribute.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HtmlText;

impl askama::filters::Escaper for HtmlText {
    // askama hands a value's text over in one piece (a `str` in one write),
    // so cleaning a write cleans the whole value.
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        write_entities(&mut dest, &plain(text))
    }

    // Only a `char` value comes one character at a time: it is cleaned
    // alone.
    fn write_escaped_char<W: fmt::Write>(&self, mut dest: W, c: char) -> fmt::Result {
        if c.is_whitespace() {
            dest.write_char(' ')
        } else if c.is_control() || is_bidi_control(c) {
            Ok(())
        } else {
            write_entities(&mut dest, c.encode_utf8(&mut [0; 4]))
        }
    }
}

fn write_entities(dest: &mut impl fmt::Write, cleaned: &str) -> fmt::Result {
    for c in cleaned.chars() {
        match c {
            '&' => dest.write_str("&amp;")?,
            '<' => dest.write_str("&lt;")?,
            '>' => dest.write_str("&gt;")?,
            '"' => dest.write_str("&quot;")?,
            '\'' => dest.write_str("&#39;")?,
            _ => dest.write_char(c)?,
        }
    }
    Ok(())
}

/// Text as the templates write it (see [`HtmlText`]).
#[cfg(test)]
fn escape(text: &str) -> String {
    let mut escaped = String::new();
    let _ = askama::filters::Escaper::write_escaped_str(&HtmlText, &mut escaped, text);
    escaped
}

/// The whole page (`templates/report/page.html`).
#[derive(Template)]
#[template(path = "report/page.html")]
struct Page<'a> {
    labels: &'a Labels,
    lang: &'static str,
    date: String,
    header: String,
    /// What changed since the previous scan, a sentence each.
    changes: Vec<String>,
    probe_line: Option<String>,
    targets: Vec<TargetView>,
    /// None when there are no agencies to chart.
    chart: Option<AgencyChart>,
    agencies: HtmlTable,
    /// "Failing findings (3)".
    failing_heading: String,
    failing: Vec<SeverityGroup>,
    /// None when no waiver needs attention.
    waivers: Option<HtmlTable>,
    probes: Vec<ProbeView>,
    /// Each mail domain the agencies name, as an endpoint is shown.
    mail_domains: Vec<ProbeView>,
    /// See [`HtmlReporter::compact`].
    compact: bool,
    checks: String,
    footer: String,
}

impl<'a> Page<'a> {
    fn new(scan: &ScanResult, labels: &'a Labels) -> Page<'a> {
        let failing = tables::failing(scan);
        let failing_count = failing.rows.len();
        let groups = tables::rule_groups(scan);
        let waivers = tables::waivers_needing_attention(scan);
        Page {
            labels,
            lang: labels.lang().tag(),
            date: labels.date(scan.as_of),
            header: header_line(scan, labels),
            changes: change_lines(scan, labels),
            probe_line: probe_summary(scan, labels),
            targets: scan
                .targets
                .iter()
                .map(|target| TargetView::new(target, labels))
                .collect(),
            chart: AgencyChart::new(scan, labels),
            agencies: HtmlTable::new(&tables::agencies(scan).for_people(), labels),
            failing_heading: labels.with("section-failing", &[("count", failing_count.into())]),
            failing: by_severity(failing)
                .into_iter()
                .map(|(severity, group)| SeverityGroup::new(severity, group, &groups, labels))
                .collect(),
            waivers: (!waivers.rows.is_empty()).then(|| HtmlTable::new(&waivers, labels)),
            probes: scan
                .probes
                .iter()
                .map(|probe| ProbeView::new(probe, labels))
                .collect(),
            mail_domains: scan
                .mail
                .iter()
                .map(|facts| ProbeView::mail_domain(facts, scan, labels))
                .collect(),
            compact: false,
            checks: checks_line(scan, labels),
            footer: labels.with(
                "html-footer",
                &[
                    ("version", scan.tool_version.as_str().into()),
                    ("date", labels.date(scan.as_of).into()),
                ],
            ),
        }
    }
}

/// The colour of a target's status: met green, on track blue, behind amber,
/// missed red, nothing to judge grey. Dark enough for white text on it.
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

/// Width of a gauge's bar (and of a trend chart) in SVG units.
const GAUGE_WIDTH: f64 = 600.0;

/// A target: its gauge, its trend and the same facts as text, for mail
/// clients without SVG.
struct TargetView {
    title: String,
    /// The policy's description of the target, when it gives one.
    description: Option<String>,
    colour: &'static str,
    status: String,
    current: String,
    goal: String,
    deadline: String,
    gauge: Gauge,
    trend: Option<Trend>,
}

impl TargetView {
    fn new(target: &TargetProgress, labels: &Labels) -> TargetView {
        TargetView {
            title: target.title_in(labels.lang()).to_string(),
            description: target.description_in(labels.lang()).map(str::to_string),
            colour: status_colour(target.status),
            status: status_text(target.status, target.percent, labels),
            current: labels.percent_or_dash(target.percent),
            goal: labels.percent(target.goal),
            deadline: labels.date(target.deadline),
            gauge: Gauge::new(target, labels),
            trend: Trend::new(target, labels),
        }
    }
}

/// The colour of the page's text, and of the chart texts and lines on white.
const TEXT: &str = "#1f2937";

/// A horizontal bar: the current value filled in the status colour over a
/// grey track, a dark marker at the goal with its label under it.
struct Gauge {
    /// The bar's width, and the picture's (a unit of margin either side).
    bar_width: f64,
    width: f64,
    value: String,
    goal_label: String,
    filled: f64,
    /// The value sits inside the bar's end when it fits (white on the
    /// colour), else just after it.
    value_x: f64,
    value_anchor: &'static str,
    value_fill: &'static str,
    marker_x: f64,
    goal_x: f64,
    goal_anchor: &'static str,
}

impl Gauge {
    fn new(target: &TargetProgress, labels: &Labels) -> Gauge {
        let filled = target.percent.map_or(0.0, bar_fraction) * GAUGE_WIDTH;
        let goal_x = bar_fraction(target.goal) * GAUGE_WIDTH;
        let inside = filled >= 70.0;
        Gauge {
            bar_width: GAUGE_WIDTH,
            width: GAUGE_WIDTH + 2.0,
            value: labels.percent_or_dash(target.percent),
            goal_label: labels.with(
                "html-gauge-goal",
                &[("goal", labels.percent(target.goal).into())],
            ),
            filled,
            value_x: if inside { filled - 6.0 } else { filled + 6.0 },
            value_anchor: if inside { "end" } else { "start" },
            value_fill: if inside { "#ffffff" } else { TEXT },
            marker_x: (goal_x + 1.0).clamp(2.5, GAUGE_WIDTH - 0.5),
            goal_x: goal_x + 1.0,
            // The goal label hangs from the marker toward the middle of the
            // bar, so it stays inside the picture at either end.
            goal_anchor: if goal_x > GAUGE_WIDTH / 2.0 {
                "end"
            } else {
                "start"
            },
        }
    }
}

/// Height of a trend chart's plot area in SVG units.
const TREND_HEIGHT: f64 = 60.0;

/// The target's recorded values as a line over time, with the goal as a
/// dashed line; under it, where the current pace leads.
struct Trend {
    label: String,
    bar_width: f64,
    /// Where the goal's dashed line ends.
    line_end: f64,
    width: f64,
    height: f64,
    plot_height: f64,
    goal_y: f64,
    colour: &'static str,
    points: Vec<(f64, f64)>,
    /// The first and last dates under the line: text, anchor, x.
    ends: [(String, &'static str, f64); 2],
    dates_y: f64,
    reached_by: Option<String>,
}

impl Trend {
    /// Nothing with fewer than two values.
    fn new(target: &TargetProgress, labels: &Labels) -> Option<Trend> {
        let history = &target.history;
        let (Some(first), Some(last)) = (history.first(), history.last()) else {
            return None;
        };
        if history.len() < 2 {
            return None;
        }
        let span = first.as_of.days_until(last.as_of).max(1) as f64;
        let x = |day: IsoDate| 1.0 + first.as_of.days_until(day) as f64 / span * GAUGE_WIDTH;
        let y = |percent: f64| 4.0 + (1.0 - bar_fraction(percent)) * (TREND_HEIGHT - 8.0);
        Some(Trend {
            label: labels.get("html-trend"),
            bar_width: GAUGE_WIDTH,
            line_end: GAUGE_WIDTH + 1.0,
            width: GAUGE_WIDTH + 2.0,
            height: TREND_HEIGHT + 14.0,
            plot_height: TREND_HEIGHT - 8.0,
            goal_y: y(target.goal),
            colour: status_colour(target.status),
            points: history.iter().map(|p| (x(p.as_of), y(p.percent))).collect(),
            ends: [
                (labels.date(first.as_of), "start", 1.0),
                (labels.date(last.as_of), "end", GAUGE_WIDTH + 1.0),
            ],
            dates_y: TREND_HEIGHT + 10.0,
            reached_by: target
                .reached_by
                .map(|day| labels.with("html-reached-by", &[("date", labels.date(day).into())])),
        })
    }
}

/// Agencies by compliance, lowest first; those with nothing decided last.
fn agencies_worst_first(scan: &ScanResult) -> Vec<&AgencySummary> {
    let mut agencies: Vec<&AgencySummary> = scan.agencies.iter().collect();
    agencies.sort_by(|a, b| {
        let key = |agency: &AgencySummary| agency.counts.outcomes.compliance_percent();
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
const CHART_LABEL_WIDTH: f64 = 250.0;
const CHART_BAR_WIDTH: f64 = 520.0;
const CHART_ROW: f64 = 26.0;
/// Room above the first bar for the grid's percentages.
const CHART_TOP: f64 = 22.0;
/// Longest agency name drawn in full; longer ones are cut between words
/// and end in `…` (the tooltip has the whole name). 34 characters of
/// 13-pixel Arial fill the label column: "Ủy ban nhân dân thị xã Hương Thủy"
/// fits.
const CHART_LABEL_CHARS: usize = 34;

/// Compliance per agency as bars, over grid lines at 0, 25, 50, 75 and 100%.
struct AgencyChart {
    width: f64,
    height: f64,
    grid_top: f64,
    grid_bottom: f64,
    /// x and label of each grid line.
    grid: Vec<(f64, String)>,
    label_x: f64,
    bar_x: f64,
    rows: Vec<ChartRow>,
}

struct ChartRow {
    /// The agency's name, cut to fit ([`CHART_LABEL_CHARS`]); its id for
    /// an agency without one.
    label: String,
    /// The tooltip: the whole name and the id.
    full: String,
    /// Baseline of the row's texts, and top of its bar.
    text_y: f64,
    bar_y: f64,
    bar: f64,
    value_x: f64,
    value: String,
}

impl AgencyChart {
    fn new(scan: &ScanResult, labels: &Labels) -> Option<AgencyChart> {
        if scan.agencies.is_empty() {
            return None;
        }
        let agencies = agencies_worst_first(scan);
        let height = CHART_TOP + CHART_ROW * agencies.len() as f64 + 6.0;
        let rows = agencies
            .iter()
            .enumerate()
            .map(|(row, agency)| {
                let y = CHART_TOP + CHART_ROW * row as f64;
                let compliance = agency.counts.outcomes.compliance_percent();
                let bar = compliance.map_or(0.0, bar_fraction) * CHART_BAR_WIDTH;
                let named = !plain(&agency.name).is_empty();
                let name = if named { &agency.name } else { &agency.id };
                ChartRow {
                    // Cut so that it cannot run into the bars.
                    label: short_name(name, CHART_LABEL_CHARS),
                    full: if named {
                        format!("{} ({})", plain(name), plain(&agency.id))
                    } else {
                        plain(&agency.id)
                    },
                    text_y: y + 17.0,
                    bar_y: y + 4.0,
                    bar,
                    value_x: CHART_LABEL_WIDTH + bar + 6.0,
                    value: labels.percent_or_dash(compliance),
                }
            })
            .collect();
        Some(AgencyChart {
            width: CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 70.0,
            height,
            grid_top: CHART_TOP - 4.0,
            grid_bottom: height - 4.0,
            grid: (0..=4)
                .map(|step| {
                    let value = f64::from(step) * 25.0;
                    let x = CHART_LABEL_WIDTH + bar_fraction(value) * CHART_BAR_WIDTH;
                    (x, labels.percent(value))
                })
                .collect(),
            label_x: CHART_LABEL_WIDTH - 8.0,
            bar_x: CHART_LABEL_WIDTH,
            rows,
        })
    }
}

/// A table of `tables.rs` as the page shows it: headings capitalised,
/// numbers right aligned and kept on one line, identifiers too, and the
/// total row in bold.
pub(super) struct HtmlTable {
    pub(super) headings: Vec<(&'static str, String)>,
    pub(super) rows: Vec<Vec<HtmlCell>>,
}

pub(super) struct HtmlCell {
    pub(super) align: &'static str,
    /// A number, kept on one line.
    pub(super) number: bool,
    /// An identifier, kept on one line too.
    pub(super) key: bool,
    pub(super) bold: bool,
    pub(super) text: String,
}

impl HtmlTable {
    pub(super) fn new(table: &Table, labels: &Labels) -> HtmlTable {
        let cells = |cells: &[Cell], total: bool| -> Vec<HtmlCell> {
            cells
                .iter()
                .zip(&table.columns)
                .map(|(cell, column)| HtmlCell {
                    align: align(column.align),
                    number: column.align == Align::Right,
                    key: matches!(cell, Cell::Key(_)),
                    bold: total && *cell != Cell::Empty,
                    text: cell.text(labels).into_owned(),
                })
                .collect()
        };
        let mut rows: Vec<Vec<HtmlCell>> = table
            .rows
            .iter()
            .map(|row| cells(&row.cells, false))
            .collect();
        rows.extend(table.total.as_deref().map(|total| cells(total, true)));
        HtmlTable {
            headings: headings(&table.columns, labels),
            rows,
        }
    }
}

/// Each column's alignment and capitalised heading.
fn headings<'c>(
    columns: impl IntoIterator<Item = &'c Column>,
    labels: &Labels,
) -> Vec<(&'static str, String)> {
    columns
        .into_iter()
        .map(|column| {
            (
                align(column.align),
                capitalized(&labels.get(column.heading)),
            )
        })
        .collect()
}

/// The value of HTML's `align` attribute and `text-align` property.
fn align(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Right => "right",
    }
}

/// The failing findings of one severity, a block per rule.
struct SeverityGroup {
    colour: &'static str,
    heading: String,
    count: usize,
    rules: Vec<RuleBlock>,
}

impl SeverityGroup {
    fn new(
        severity: Severity,
        findings: Table,
        groups: &[RuleGroup],
        labels: &Labels,
    ) -> SeverityGroup {
        SeverityGroup {
            colour: severity_colour(severity),
            heading: capitalized(&Cell::Severity(severity).text(labels)),
            count: findings.rows.len(),
            // One block per rule: its title and remediation once, then the
            // systems it fails on (a rule often fails on dozens of systems).
            rules: findings
                .group_by("rule")
                .into_iter()
                .map(|(rule, findings)| {
                    let group = groups.iter().find(|g| Cell::Key(g.rule) == rule);
                    RuleBlock::new(rule, &findings, group, labels)
                })
                .collect(),
        }
    }
}

struct RuleBlock {
    id: String,
    title: String,
    /// How many systems fail the rule.
    count: usize,
    /// "2 new" when some of them fail since the previous scan.
    new: Option<String>,
    /// The agencies with the most failing systems, "so-yte (5), …".
    worst: String,
    /// The heading of the list of systems, behind a `<details>`.
    list_heading: String,
    remediation: Option<String>,
    headings: Vec<(&'static str, String)>,
    systems: Vec<SystemRow>,
}

/// A system a rule fails on: the key, and beside it the name a manager
/// knows (when the record lists the system).
struct SystemRow {
    key: String,
    name: Option<String>,
    /// Failing since the previous scan: what the reader looks for first.
    new: bool,
    /// Only for rules checked per endpoint.
    endpoint: Option<String>,
}

impl RuleBlock {
    fn new(rule: Cell, findings: &Table, group: Option<&RuleGroup>, labels: &Labels) -> RuleBlock {
        let text = |cell: Cell| cell.text(labels).into_owned();
        // Empty cells are what the record does not have.
        let known = |cell: Cell| (cell != Cell::Empty).then(|| text(cell));
        let first = findings.rows.first();
        let with_endpoint = findings
            .rows
            .iter()
            .any(|row| findings.cell(row, "endpoint") != Cell::Empty);
        let shown: &[&str] = if with_endpoint {
            &["system", "endpoint"]
        } else {
            &["system"]
        };
        let (systems, new) = group.map_or((findings.rows.len(), 0), |g| (g.systems, g.new_systems));
        RuleBlock {
            id: text(rule),
            count: systems,
            new: (new > 0).then(|| labels.with("html-new-systems", &[("count", new.into())])),
            worst: group.map_or_else(String::new, |g| text(Cell::Agencies(&g.agencies))),
            list_heading: labels.with("html-failing-list", &[("count", systems.into())]),
            title: first.map_or_else(String::new, |row| text(findings.cell(row, "rule_title"))),
            remediation: first.and_then(|row| known(findings.cell(row, "remediation"))),
            headings: headings(
                shown.iter().filter_map(|name| findings.column(name)),
                labels,
            ),
            systems: findings
                .rows
                .iter()
                .map(|row| SystemRow {
                    key: text(findings.cell(row, "system")),
                    name: known(findings.cell(row, "system_name")),
                    new: row.new,
                    endpoint: with_endpoint.then(|| text(findings.cell(row, "endpoint"))),
                })
                .collect(),
        }
    }
}

/// An endpoint: its address and result always, the facts it learned behind
/// a `<details>`.
struct ProbeView {
    url: String,
    /// Green when the endpoint answered, red when not.
    colour: &'static str,
    result: String,
    /// Label and value; facts not learned are left out rather than shown empty.
    facts: Vec<(String, String)>,
}

impl ProbeView {
    fn new(probe: &ProbeFacts, labels: &Labels) -> ProbeView {
        ProbeView {
            url: probe.url.clone(),
            colour: if probe.reachable {
                "#15803d"
            } else {
                "#b91c1c"
            },
            result: probe_result(probe, labels),
            facts: probe_rows(probe, labels)
                .into_iter()
                .map(|(id, value)| (labels.get(id), value))
                .collect(),
        }
    }
}

impl ProbeView {
    /// A mail domain: its DMARC verdict in the summary (green at p=reject,
    /// red below it, grey when the lookup failed), the agencies that name
    /// it and the facts of `probe --mail-domain` behind the `<details>`.
    fn mail_domain(facts: &MailFacts, scan: &ScanResult, labels: &Labels) -> ProbeView {
        let (colour, result) = match &facts.dmarc {
            Some(dmarc) if dmarc.compliant => ("#15803d", labels.get("mail-dmarc-compliant")),
            Some(_) => ("#b91c1c", labels.get("html-mail-not-protected")),
            None => ("#4b5563", labels.get("mail-lookup-failed")),
        };
        let agencies: Vec<&str> = scan
            .agencies
            .iter()
            .filter(|agency| agency.domains.iter().any(|d| d.as_str() == facts.domain))
            .map(|agency| agency.name.as_str())
            .collect();
        let mut rows = vec![(labels.get("html-mail-agencies"), agencies.join(", "))];
        rows.extend(super::mail::lines(facts, labels));
        ProbeView {
            url: facts.domain.clone(),
            colour,
            result,
            facts: rows
                .into_iter()
                .filter(|(_, value)| !value.is_empty())
                .collect(),
        }
    }
}

/// "reachable", or "unreachable: tls (handshake failed)".
fn probe_result(probe: &ProbeFacts, labels: &Labels) -> String {
    let mut text = if probe.reachable {
        labels.get("html-reachable")
    } else {
        labels.get("html-unreachable")
    };
    if let Some(class) = probe.error {
        text.push_str(&format!(": {}", probe_error_name(class, labels)));
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
        for (kind, _, error) in dns.families() {
            if let Some(error) = error {
                text.push_str(&format!(" ({kind}: {})", labels.dns_error(error)));
            }
        }
        if let Some(error) = dns.error {
            text.push_str(&format!(" ({})", labels.dns_error(error)));
        }
        rows.push(("html-probe-dns", text.trim().to_string()));
    }
    if let Some(status) = probe.status {
        rows.push(("html-probe-status", status.to_string()));
    }
    if let Some(tls) = &probe.tls {
        rows.push(("html-probe-tls", tls.version.to_string()));
        let mut versions = super::probes::versions_text(tls);
        if tls.legacy_only {
            versions.push_str(&format!("; {}", labels.get("probe-tls-legacy-only")));
        }
        if !versions.is_empty() {
            rows.push(("html-probe-tls-versions", versions));
        }
        if let Some(verdict) = &tls.mozilla {
            rows.push((
                "probe-tls-profile",
                super::probes::profile_text(verdict, labels),
            ));
        }
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
    if let Some(text) = super::probes::families_text(probe, labels) {
        rows.push(("probe-families", text));
    }
    if let Some(preload) = &probe.hsts_preload {
        rows.push((
            "probe-hsts-preload",
            super::probes::preload_text(preload, labels),
        ));
    }
    if let Some(redirect) = probe.https_redirect {
        rows.push(("html-probe-redirect", yes_no(redirect)));
    }
    rows.extend(super::web_facts::web_lines(probe, labels));
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
        CertProblem::WeakKey => "html-cert-weak-key",
        CertProblem::WeakSignature => "html-cert-weak-signature",
        CertProblem::Invalid => "html-cert-invalid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::{Lang, hostile_scan};
    use crate::text::clean_text;

    /// A text cut by [`clean_text`]: cut by [`AgencyChart`], then
    /// escaped by the template.
    fn escape_short(text: &str, max_chars: usize) -> String {
        escape(&clean_text(text, max_chars))
    }

    fn render(scan: &ScanResult, lang: Lang) -> String {
        let mut out = Vec::new();
        HtmlReporter {
            labels: Labels::new(lang),
            compact: false,
        }
        .render(scan, &mut out)
        .expect("rendering to memory succeeds");
        String::from_utf8(out).expect("HTML is UTF-8")
    }

    /// The hostile record with every finding failing, plus one on the
    /// system whose name holds a tab and a newline, and probe facts with
    /// hostile server texts in every field the page shows.
    fn all_failing_scan() -> ScanResult {
        let mut scan = crate::report::hostile_scan_all_failing();
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
        good.counts.outcomes = crate::scan::OutcomeCounts {
            pass: 9,
            fail: 1,
            ..Default::default()
        };
        let mut empty = good.clone();
        empty.id = "0-empty".into();
        empty.counts.outcomes = Default::default();
        scan.agencies.extend([good, empty]);
        let order: Vec<&str> = agencies_worst_first(&scan)
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(order, ["so-x", "a-good", "0-empty"]);
    }

    /// Issue 12, item 8: the chart labels agencies by name, cut between
    /// words to fit, with the whole name and the id as a tooltip.
    #[test]
    fn the_agency_chart_names_agencies() {
        let mut scan = hostile_scan();
        let mut long = scan.agencies[0].clone();
        long.id = "hueioc".into();
        long.name = "Trung tâm Giám sát, điều hành đô thị thông minh thành phố Huế (HueIOC)".into();
        let mut unnamed = long.clone();
        unnamed.id = "no-name".into();
        unnamed.name = " ".into();
        scan.agencies.extend([long, unnamed]);
        let html = render(&scan, Lang::En);
        let chart = &html[html.find("<svg").expect("a chart")..];
        let chart = &chart[chart
            .find("Compliance by agency")
            .expect("the agency chart")..];
        let chart = &chart[..chart.find("</svg>").expect("the chart ends")];
        assert!(
            chart.contains(">Trung tâm Giám sát, điều hành đô…</text>"),
            "{chart}"
        );
        assert!(chart.contains(
            "<title>Trung tâm Giám sát, điều hành đô thị thông minh thành phố Huế (HueIOC) (hueioc): "
        ));
        // The hostile name, escaped, as the label: no raw markup.
        assert!(
            chart.contains(">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Sở…</text>"),
            "{chart}"
        );
        // An agency without a name is labelled by its id.
        assert!(chart.contains("<title>no-name: ") && chart.contains(">no-name</text>"));
        assert!(!chart.contains(">hueioc</text>") && !chart.contains(">so-x</text>"));
        assert_well_formed(&html);
    }

    #[test]
    fn findings_are_grouped_by_severity_with_remediation() {
        let html = render(&all_failing_scan(), Lang::En);
        let high = html.find(">High (2)</h3>").expect("a high group");
        let medium = html.find(">Medium (1)</h3>").expect("a medium group");
        let low = html.find(">Low (1)</h3>").expect("a low group");
        assert!(high < medium && medium < low);
        assert!(html.contains("Move it: see &lt;a href"));
        // Each rule says how many systems and where, and lists the systems
        // behind a <details>.
        let rules = html.matches("<div class=\"rule-head\">").count();
        assert!(rules >= 3, "{rules} rules");
        assert_eq!(html.matches("><summary>Failing systems (").count(), rules);
        assert!(html.contains("Most failing in: so-x (2)"), "{html}");
    }

    #[test]
    fn probe_facts_sit_behind_details() {
        let html = render(&all_failing_scan(), Lang::En);
        let probe_details = "<summary><span style=\"font-family:Consolas";
        assert_eq!(html.matches(probe_details).count(), 2);
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
        assert!(!offline.contains(probe_details));
        assert!(offline.contains("Endpoints were not checked online in this scan."));
    }

    /// Issue 14: an endpoint's headers, cookies and security.txt are among
    /// its facts, escaped like the rest.
    #[test]
    fn web_facts_are_among_an_endpoints_facts() {
        let mut scan = hostile_scan();
        let mut probe = scan.probes[0].clone();
        probe.headers = Some(Box::new(crate::probe::facts::SecurityHeaders {
            csp: Some(crate::probe::headers::csp("script-src 'self' <b>")),
            ..Default::default()
        }));
        probe.security_txt = Some(Box::new(crate::probe::facts::SecurityTxt {
            status: Some(404),
            ..Default::default()
        }));
        scan.probes = vec![probe];
        let html = render(&scan, Lang::En);
        assert!(
            html.contains("script-src &#39;self&#39; &lt;b&gt;"),
            "{html}"
        );
        assert!(html.contains("not found (HTTP 404)"));
        let html = render(&scan, Lang::Vi);
        assert!(html.contains("Chính sách bảo mật nội dung (CSP)"));
    }

    /// Issue 14: each mail domain has its block, with its DMARC verdict,
    /// the agencies that name it and its facts, in both languages.
    #[test]
    fn mail_domains_have_their_block() {
        use crate::probe::mail::facts::DmarcFacts;
        let mut scan = hostile_scan();
        scan.agencies[0].domains = vec!["hue.gov.vn".into()];
        let agency = scan.agencies[0].name.clone();
        let domain = |name: &str, compliant: bool| MailFacts {
            domain: name.into(),
            dmarc: Some(DmarcFacts {
                records: vec!["v=DMARC1; p=<b>none".into()],
                compliant,
                ..Default::default()
            }),
            ..Default::default()
        };
        scan.mail = vec![domain("hue.gov.vn", true), domain("weak.vn", false)];
        let html = render(&scan, Lang::En);
        assert!(html.contains("Mail domain checks"));
        assert!(html.contains(">hue.gov.vn</span> <span style=\"color:#15803d;font-weight:bold\">compliant (p=reject)"), "{html}");
        assert!(html.contains(">weak.vn</span> <span style=\"color:#b91c1c;font-weight:bold\">not protected by DMARC p=reject"));
        assert!(html.contains(&format!(
            "Named by</td><td style=\"padding:3px 0\">{}",
            escape(&agency)
        )));
        assert!(html.contains("v=DMARC1; p=&lt;b&gt;none"));
        let html = render(&scan, Lang::Vi);
        assert!(html.contains("Kết quả kiểm tra tên miền thư điện tử"));
        assert!(html.contains("chưa áp dụng DMARC p=reject"));
        let offline = render(&hostile_scan(), Lang::En);
        assert!(!offline.contains("Mail domain checks"));
    }

    /// Escaping is by construction: no template lets a value through
    /// unescaped.
    #[test]
    fn templates_mark_nothing_safe() {
        for template in [
            include_str!("../../templates/report/page.html"),
            include_str!("../../templates/report/macros.html"),
            include_str!("../../templates/report/charts.html"),
        ] {
            let filters: String = template.split_whitespace().collect();
            assert!(!filters.contains("|safe"), "a template marks a value safe");
            assert!(
                !template.contains("escape("),
                "a template picks another escaper"
            );
        }
    }

    #[test]
    fn single_characters_are_cleaned_too() {
        let mut out = String::new();
        for c in ['<', '\u{202E}', '\t', 'ở'] {
            askama::filters::Escaper::write_escaped_char(&HtmlText, &mut out, c)
                .expect("writing to a String succeeds");
        }
        assert_eq!(out, "&lt; ở");
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
