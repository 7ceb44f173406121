//! GitHub-flavoured Markdown for wiki and Git-hosting pages: the same
//! sections as the terminal tables (targets, agencies, failing findings by
//! severity, what to fix), from the same tables (`tables.rs`), with the same
//! labels and number formats.
//!
//! Every text is escaped with [`escape`] (labels and numbers too: escaping
//! is harmless for them and keeps one rule for the whole file), so an
//! inventory cannot add HTML, links, emphasis or table cells to the page;
//! markup comes only from this file.

use std::io::{BufWriter, Write};

use super::Reporter;
use super::cells::{Align, Cell, Table, severity_name};
use super::i18n::Labels;
use super::lines::{header_line, probe_summary};
use super::tables::{self, by_severity};
use crate::scan::ScanResult;
use crate::text::plain;

pub struct MarkdownReporter {
    pub labels: Labels,
    /// A table per severity with a row per failing finding, after the
    /// findings grouped by rule (`--details`).
    pub details: bool,
}

impl Reporter for MarkdownReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        let labels = &self.labels;
        // Many small writes per row: a buffer of a concrete type keeps them
        // out of the `dyn Write` calls (see json.rs).
        let mut out = BufWriter::with_capacity(1 << 16, out);
        write_title(scan, labels, &mut out)?;

        writeln!(out, "\n## {}\n", escape(&labels.get("section-targets")))?;
        // The counts behind each percentage stay in the terminal table.
        let targets = tables::targets(scan);
        let targets = targets.select(&["title", "percent", "goal", "deadline", "status"]);
        write_table(&targets, labels, &mut out)?;

        writeln!(out, "\n## {}\n", escape(&labels.get("section-agencies")))?;
        write_table(&tables::agencies(scan).for_people(), labels, &mut out)?;

        write_failing(scan, labels, self.details, &mut out)?;
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

/// A GFM table: the headings as labelled (severity names stay lower case
/// here), the alignment row, a row per table row and the total last.
fn write_table(table: &Table, labels: &Labels, out: &mut impl Write) -> std::io::Result<()> {
    let headings: Vec<String> = table
        .columns
        .iter()
        .map(|column| escape(&labels.get(column.heading)))
        .collect();
    write_row(out, &headings)?;
    let rules: Vec<String> = table
        .columns
        .iter()
        .map(|column| match column.align {
            Align::Left => ":---".to_string(),
            Align::Right => "---:".to_string(),
        })
        .collect();
    write_row(out, &rules)?;
    let escaped = |cells: &[Cell]| -> Vec<String> {
        cells
            .iter()
            .map(|cell| escape(&cell.text(labels)))
            .collect()
    };
    for row in &table.rows {
        write_row(out, &escaped(&row.cells))?;
    }
    if let Some(total) = &table.total {
        write_row(out, &escaped(total))?;
    }
    Ok(())
}

/// A table row of cells that are already escaped.
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

/// The failing findings grouped by rule, most severe first: a row per rule
/// with how many systems fail it, where most of them are, and what to do
/// (a page in a wiki or an issue stays readable however many systems
/// fail). With `details`, then a table per severity with a row per
/// finding.
fn write_failing(
    scan: &ScanResult,
    labels: &Labels,
    details: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let groups = tables::rule_groups(scan);
    if groups.is_empty() {
        writeln!(out, "\n{}", escape(&labels.get("no-failing")))?;
        return Ok(());
    }
    let count: usize = groups.iter().map(|group| group.findings).sum();
    writeln!(
        out,
        "\n## {}\n",
        escape(&labels.with("section-failing-rules", &[("count", count.into())]))
    )?;
    write_table(&tables::failing_rules(&groups), labels, out)?;
    if !details {
        return Ok(());
    }

    writeln!(
        out,
        "\n## {}",
        escape(&labels.with("section-failing-each", &[("count", count.into())]))
    )?;
    for (severity, group) in by_severity(tables::failing(scan)) {
        writeln!(
            out,
            "\n### {} ({})\n",
            escape(&severity_name(severity, labels)),
            group.rows.len()
        )?;
        let shown = group.select(&["rule", "system", "system_name", "endpoint", "rule_title"]);
        write_table(&shown, labels, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::hostile_scan;
    use crate::scan::Outcome;

    /// The page with `--details`: both the findings grouped by rule and a
    /// row per finding.
    fn render(scan: &ScanResult) -> String {
        render_with(scan, true)
    }

    fn render_with(scan: &ScanResult, details: bool) -> String {
        let mut out = Vec::new();
        MarkdownReporter {
            labels: Labels::new(crate::report::Lang::En),
            details,
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

    #[test]
    fn hostile_texts_are_shown_but_inert() {
        let markdown = render(&crate::report::hostile_scan_all_failing());
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
        let markdown = render(&crate::report::hostile_scan_all_failing());
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
        // Targets, agencies, the failing rules, then (with details) the
        // high, medium and low findings.
        assert_eq!(tables, 6);
    }

    /// Without `--details`, the failing findings are a row per rule, with
    /// its remediation; with it, also a row per finding.
    #[test]
    fn findings_are_grouped_by_rule_unless_details() {
        let scan = crate::report::hostile_scan_all_failing();
        let short = render_with(&scan, false);
        assert!(short.contains("## Failing findings (4) by rule"), "{short}");
        assert!(
            short.contains(
                "| Severity | Rule | Systems | Finding | Most failing in | Remediation |"
            )
        );
        assert!(!short.contains("Every failing finding") && !short.contains("### high"));
        let long = render_with(&scan, true);
        assert!(long.contains("## Every failing finding (4)") && long.contains("### high (2)"));
        assert!(long.starts_with(&short));
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
        assert!(!markdown.contains("## Failing findings"));
    }
}
