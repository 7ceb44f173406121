//! GitHub-flavoured Markdown for wiki and Git-hosting pages: the same
//! sections as the terminal tables (targets, agencies, failing findings by
//! severity, what to fix), with the same labels and number formats.
//!
//! Every text is escaped with [`escape`] (labels too: escaping is harmless
//! for them and keeps one rule for the whole file), so an inventory cannot
//! add HTML, links, emphasis or table cells to the page; markup comes only
//! from this file.

use std::io::{BufWriter, Write};

use super::Reporter;
use super::i18n::Labels;
use super::table::{AGENCY_SEVERITIES, header_line, probe_summary, severity_name, status_text};
use crate::scan::{Outcome, ScanResult, Severity, SystemSummary, percent};
use crate::text::plain;

pub struct MarkdownReporter {
    pub labels: Labels,
}

impl Reporter for MarkdownReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        let labels = &self.labels;
        // Many small writes per row: a buffer of a concrete type keeps them
        // out of the `dyn Write` calls (see json.rs).
        let mut out = BufWriter::with_capacity(1 << 16, out);
        write_title(scan, labels, &mut out)?;
        write_targets(scan, labels, &mut out)?;
        write_agencies(scan, labels, &mut out)?;
        write_failing(scan, labels, &mut out)?;
        out.flush()
    }
}

/// Text from an inventory, a policy or a stored record, made inert in a
/// Markdown table cell or paragraph: cleaned with [`plain`] (no control
/// characters or bidi overrides, newlines become spaces), then
/// - `|` escaped so that it cannot end the cell, and `\` so that it cannot
///   undo that (`\|` would become `\\|`, an escaped backslash and a cell end);
/// - `<`, `>`, `&` written as entities, since renderers pass raw HTML through;
/// - `` ` ``, `*`, `_`, `~`, `[`, `]` escaped, so that the text shows no code,
///   emphasis, strike-through or links.
pub(crate) fn escape(text: &str) -> String {
    let cleaned = plain(text);
    let mut escaped = String::with_capacity(cleaned.len() + cleaned.len() / 8);
    for c in cleaned.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '~' | '[' | ']' => {
                escaped.push('\\');
                escaped.push(c);
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

/// How a column's cells line up; numbers right, texts left.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// A table's header and alignment rows; the cells of `columns` are labels,
/// escaped here.
fn write_table_header(
    out: &mut impl Write,
    labels: &Labels,
    columns: &[(&str, Align)],
) -> std::io::Result<()> {
    let names: Vec<String> = columns
        .iter()
        .map(|(id, _)| escape(&labels.get(id)))
        .collect();
    write_row(out, &names)?;
    let rules: Vec<String> = columns
        .iter()
        .map(|(_, align)| match align {
            Align::Left => ":---".to_string(),
            Align::Right => "---:".to_string(),
        })
        .collect();
    write_row(out, &rules)
}

/// A table row of cells that are already escaped (or are numbers).
fn write_row(out: &mut impl Write, cells: &[String]) -> std::io::Result<()> {
    write!(out, "|")?;
    for cell in cells {
        write!(out, " {cell} |")?;
    }
    writeln!(out)
}

fn write_title(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    let title = header_line(scan, labels);
    writeln!(out, "# {}", escape(&title))?;
    if let Some(line) = probe_summary(scan, labels) {
        writeln!(out, "\n{}", escape(&line))?;
    }
    Ok(())
}

fn write_targets(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", escape(&labels.get("section-targets")))?;
    write_table_header(
        out,
        labels,
        &[
            ("col-target", Align::Left),
            ("col-current", Align::Right),
            ("col-goal", Align::Right),
            ("col-deadline", Align::Left),
            ("col-status", Align::Left),
        ],
    )?;
    for target in &scan.targets {
        write_row(
            out,
            &[
                escape(&target.title),
                escape(&labels.percent_or_dash(target.percent)),
                escape(&labels.percent(target.goal)),
                escape(&labels.date(target.deadline)),
                escape(&status_text(target.status, target.percent, labels)),
            ],
        )?;
    }
    Ok(())
}

fn write_agencies(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", escape(&labels.get("section-agencies")))?;
    let mut columns = vec![
        ("col-agency", Align::Left),
        ("col-name", Align::Left),
        ("col-systems", Align::Right),
        ("col-on-cloud", Align::Right),
        ("col-services-online", Align::Right),
    ];
    // The failing counts are headed by the severity names, as in the
    // terminal table (info left out there too).
    let severities = AGENCY_SEVERITIES;
    let severity_ids: Vec<String> = severities
        .iter()
        .map(|s| format!("severity-{}", s.as_str()))
        .collect();
    columns.extend(severity_ids.iter().map(|id| (id.as_str(), Align::Right)));
    columns.push(("col-compliance", Align::Right));
    write_table_header(out, labels, &columns)?;

    let percent_cell = |value: Option<f64>| escape(&labels.percent_or_dash(value));
    for agency in &scan.agencies {
        let mut cells = vec![
            escape(&agency.id),
            escape(&agency.name),
            agency.systems.to_string(),
            percent_cell(agency.on_cloud_percent()),
            percent_cell(agency.services_percent()),
        ];
        cells.extend(
            severities
                .iter()
                .map(|s| agency.failing.get(*s).to_string()),
        );
        cells.push(percent_cell(agency.outcomes.compliance_percent()));
        write_row(out, &cells)?;
    }

    let totals = &scan.totals;
    let mut cells = vec![
        escape(&labels.get("row-all")),
        String::new(),
        totals.systems.to_string(),
        percent_cell(percent(totals.on_cloud as f64, totals.systems as f64)),
        percent_cell(percent(
            totals.services_fully_online as f64,
            totals.services_total as f64,
        )),
    ];
    cells.extend(
        severities
            .iter()
            .map(|s| totals.failing.get(*s).to_string()),
    );
    cells.push(percent_cell(totals.outcomes.compliance_percent()));
    write_row(out, &cells)
}

/// The failing findings, a table per severity, most severe first; then the
/// rules behind them with their remediation.
fn write_failing(scan: &ScanResult, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    let failing_count = scan
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail)
        .count();
    if failing_count == 0 {
        writeln!(out, "\n{}", escape(&labels.get("no-failing")))?;
        return Ok(());
    }
    writeln!(
        out,
        "\n## {}",
        escape(&labels.with("section-failing", &[("count", failing_count.into())]))
    )?;

    // Built once: a large record has hundreds of thousands of findings.
    let systems: std::collections::HashMap<&str, &SystemSummary> = scan
        .systems
        .iter()
        .map(|system| (system.key.as_str(), system))
        .collect();
    for severity in Severity::DESCENDING {
        let findings: Vec<_> = scan
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail && f.severity == severity)
            .collect();
        if findings.is_empty() {
            continue;
        }
        writeln!(
            out,
            "\n### {} ({})\n",
            escape(&severity_name(severity, labels)),
            findings.len()
        )?;
        write_table_header(
            out,
            labels,
            &[
                ("col-rule", Align::Left),
                ("col-system", Align::Left),
                ("col-name", Align::Left),
                ("col-endpoint", Align::Left),
                ("col-finding", Align::Left),
            ],
        )?;
        for finding in findings {
            let name = systems
                .get(&*finding.system)
                .map_or(String::new(), |system| escape(&system.name));
            write_row(
                out,
                &[
                    escape(&finding.rule),
                    escape(&finding.system),
                    name,
                    escape(finding.endpoint.as_deref().unwrap_or_default()),
                    escape(&finding.title),
                ],
            )?;
        }
    }

    writeln!(out, "\n## {}\n", escape(&labels.get("section-fix")))?;
    write_table_header(
        out,
        labels,
        &[
            ("col-rule", Align::Left),
            ("col-severity", Align::Left),
            ("col-failing", Align::Right),
            ("col-rule-title", Align::Left),
            ("col-remediation", Align::Left),
        ],
    )?;
    // The order of the terminal's "What to fix": most severe, then by id.
    let mut rules: Vec<_> = scan.rules.iter().filter(|r| r.outcomes.fail > 0).collect();
    rules.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
    for rule in rules {
        write_row(
            out,
            &[
                escape(&rule.id),
                escape(&severity_name(rule.severity, labels)),
                rule.outcomes.fail.to_string(),
                escape(&rule.title),
                escape(rule.remediation.as_deref().unwrap_or_default()),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::hostile_scan;

    fn render(scan: &ScanResult) -> String {
        let mut out = Vec::new();
        MarkdownReporter {
            labels: Labels::new(crate::report::Lang::En),
        }
        .render(scan, &mut out)
        .expect("rendering to memory succeeds");
        String::from_utf8(out).expect("Markdown is UTF-8")
    }

    /// The cell delimiters of a table line as GFM finds them: a `|` not
    /// taken by a backslash escape.
    fn cell_delimiters(line: &str) -> usize {
        let mut count = 0;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '|' => count += 1,
                _ => {}
            }
        }
        count
    }

    #[test]
    fn markdown_of_the_hostile_record() {
        insta::assert_snapshot!(render(&hostile_scan()));
    }

    /// The hostile record with every finding failing, plus one on the
    /// system whose name holds a tab and a newline, so that every hostile
    /// system name reaches the page.
    fn all_failing_scan() -> ScanResult {
        let mut scan = hostile_scan();
        let mut extra = scan.findings[0].clone();
        extra.system = "so-x/plain".into();
        scan.findings.push(extra);
        for finding in &mut scan.findings {
            finding.outcome = Outcome::Fail;
        }
        scan
    }

    #[test]
    fn hostile_texts_are_shown_but_inert() {
        let markdown = render(&all_failing_scan());
        // No HTML at all: this file writes none, and every `<`, `>` from
        // the record became an entity.
        assert!(!markdown.contains('<') && !markdown.contains('>'));
        assert!(markdown.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
        assert!(markdown.contains("&lt;a href=\"javascript:alert(1)\"&gt;plan&lt;/a&gt; &amp;"));
        // No escape sequences, bidi overrides or other control characters.
        assert!(!markdown.contains('\u{1b}') && !markdown.contains('\u{202E}'));
        assert!(
            !markdown
                .chars()
                .any(|c| (c.is_control() && c != '\n')
                    || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        );
        assert!(markdown.contains("\\[31mred\\[0m and gnp.exe"));
        // The formula texts are shown as text (Markdown has no formulas).
        assert!(markdown.contains("=HYPERLINK(\"http://evil.example\",\"click\")"));
        // The tab and newline became single spaces inside the cell.
        assert!(markdown.contains("| Cổng dịch vụ công; tab here, newline there |"));
    }

    #[test]
    fn every_table_row_has_the_cells_of_its_header() {
        let markdown = render(&all_failing_scan());
        let mut header_cells = None;
        let mut tables = 0;
        for line in markdown.lines() {
            if !line.starts_with('|') {
                header_cells = None;
                continue;
            }
            let cells = cell_delimiters(line);
            match header_cells {
                None => {
                    header_cells = Some(cells);
                    tables += 1;
                }
                Some(expected) => assert_eq!(cells, expected, "{line}"),
            }
        }
        // Targets, agencies, the high, medium and low findings, what to fix.
        assert_eq!(tables, 6);
    }

    #[test]
    fn escape_defuses_markdown_and_html() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("a\\|b"), "a\\\\\\|b");
        assert_eq!(escape("<b>&amp;</b>"), "&lt;b&gt;&amp;amp;&lt;/b&gt;");
        assert_eq!(
            escape("`x` *y* _z_ ~~s~~"),
            "\\`x\\` \\*y\\* \\_z\\_ \\~\\~s\\~\\~"
        );
        assert_eq!(escape("![img](javascript:x)"), "!\\[img\\](javascript:x)");
        assert_eq!(escape("two\nlines\r\n\there"), "two lines here");
        assert_eq!(escape("\u{1b}[31mred\u{202E}txt\u{200F}"), "\\[31mredtxt");
        assert_eq!(escape("Sở Thử nghiệm"), "Sở Thử nghiệm");
    }

    #[test]
    fn no_failing_findings_says_so() {
        let mut scan = hostile_scan();
        scan.findings.retain(|f| f.outcome != Outcome::Fail);
        let markdown = render(&scan);
        assert!(markdown.contains("\nNo failing findings.\n"));
        assert!(!markdown.contains("## What to fix"));
    }
}
