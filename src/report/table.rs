//! Compliance tables for the terminal, sized to fit a screen or two
//! whatever the number of findings: targets, agencies (a line each), the
//! failing findings grouped by rule (how many systems, which agencies have
//! the most), the rules' remediation and the waivers that need attention.
//! `--details` adds a row per failing finding and the agencies' full names.
//!
//! The tables come from `tables.rs`; this file draws them with tabled,
//! every cell cleaned with [`plain`] (no escape sequences or bidi
//! overrides, one line). With colour on (a terminal, or `--color always`),
//! statuses and severities are coloured through tabled's per-cell colour
//! settings: the escape codes are added when the table is printed, around
//! each line of a cell, so the widths are measured on the plain text and
//! a wrapped cell never carries an open escape into a border.

use std::io::Write;

use anstyle::{AnsiColor, Style as Ansi};
use tabled::builder::Builder;
use tabled::settings::object::{Cell as At, Columns, Object, Rows};
use tabled::settings::{Alignment, Color, Modify, Style};
use unicode_width::UnicodeWidthStr;

use super::Reporter;
use super::cells::{Align, Cell, Table, capitalized};
use super::i18n::Labels;
use super::lines::{change_lines, checks_line, header_line, probe_summary, rule_error_lines};
use super::tables;
use crate::scan::{ScanResult, Severity, TargetStatus, WaiverState};
use crate::text::{plain, short_name};

/// The tables, labelled in the reader's language.
pub struct TableReporter {
    pub labels: Labels,
    /// A row per failing finding, and agency names in full (`--details`).
    pub details: bool,
    /// Colour statuses and severities (only ever for a terminal).
    pub color: bool,
    /// The terminal's width: a table wider than it has its widest columns
    /// wrapped narrower until it fits. `None` for a pipe or a file.
    pub width: Option<usize>,
}

/// Widest the remediation column grows in the table of what to fix: it
/// stands beside the rule id only.
const REMEDIATION_WIDTH: usize = 110;

/// Widest an agency name is shown in the agency table without
/// `--details`: longer ones end in `…`, so that every agency takes one
/// line (the full name is in `--details`, the HTML, Markdown and CSV).
const NAME_CHARS: usize = 32;

/// Widest a system's name grows in the table of every finding.
const SYSTEM_NAME_WIDTH: usize = 48;

impl Reporter for TableReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        let labels = &self.labels;
        let draw = |table: &Table| draw(table, labels, self.color, self.width);
        writeln!(out, "{}", header_line(scan, labels))?;
        for line in change_lines(scan, labels) {
            writeln!(out, "{}", plain(&line))?;
        }
        if let Some(line) = probe_summary(scan, labels) {
            writeln!(out, "{line}")?;
        }

        writeln!(out, "\n{}", labels.get("section-targets"))?;
        writeln!(out, "{}", draw(&tables::targets(scan)))?;

        writeln!(out, "\n{}", labels.get("section-agencies"))?;
        let mut agencies = tables::agencies(scan).for_people();
        if !self.details {
            agencies.truncate("name", NAME_CHARS);
        }
        writeln!(out, "{}", draw(&agencies))?;

        let groups = tables::rule_groups(scan);
        let failing: usize = groups.iter().map(|group| group.findings).sum();
        if groups.is_empty() {
            writeln!(out, "\n{}", labels.get("no-failing"))?;
        } else {
            writeln!(
                out,
                "\n{}",
                labels.with("section-failing-rules", &[("count", failing.into())])
            )?;
            let rules = tables::failing_rules(&groups);
            let shown = rules
                .clone()
                .select(&["severity", "rule", "systems", "title", "agencies"]);
            writeln!(out, "{}", draw(&shown))?;

            if self.details {
                writeln!(
                    out,
                    "\n{}",
                    labels.with("section-failing-each", &[("count", failing.into())])
                )?;
                let mut each = tables::failing(scan).select(&[
                    "severity",
                    "rule",
                    "system",
                    "system_name",
                    "endpoint",
                ]);
                each.wrap("system_name", SYSTEM_NAME_WIDTH);
                writeln!(out, "{}", draw(&each))?;
            }

            writeln!(out, "\n{}", labels.get("section-fix"))?;
            let mut fixes = rules.select(&["rule", "remediation"]);
            fixes.wrap("remediation", REMEDIATION_WIDTH);
            writeln!(out, "{}", draw(&fixes))?;
        }

        let waivers = tables::waivers_needing_attention(scan);
        if !waivers.rows.is_empty() {
            writeln!(out, "\n{}", labels.get("section-waivers"))?;
            writeln!(out, "{}", draw(&waivers))?;
        }

        writeln!(out, "\n{}", checks_line(scan, labels))?;
        if scan.totals.counts.outcomes.error > 0 {
            writeln!(out, "{}", labels.get("rule-errors"))?;
            for line in rule_error_lines(scan, labels) {
                writeln!(out, "  {line}")?;
            }
        }
        if !self.details && failing > 0 {
            writeln!(out, "{}", labels.get("details-hint"))?;
        }
        Ok(())
    }
}

/// A cell as the terminal shows it.
fn cell_text(cell: &Cell, labels: &Labels) -> String {
    match cell {
        // "so-yte (5)" and "+4 more" each stay on one line when the list
        // wraps.
        Cell::Agencies(_) => plain(&cell.text(labels))
            .split(", ")
            .map(|part| part.replace(' ', "\u{a0}"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => plain(&cell.text(labels)),
    }
}

/// `text` (one line) wrapped at spaces into lines of at most `width`
/// columns as a terminal shows them; a word wider than that is split. A
/// no-break space joins words and shows as a space.
fn wrap_words(text: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(1)).break_words(true);
    textwrap::wrap(text, options)
        .join("\n")
        .replace('\u{a0}', " ")
}

/// The colour of a cell that has one: severities from red (critical, in
/// bold) to dim (info), target statuses green when met, cyan on track,
/// yellow behind, red missed and dim with nothing to judge, as the HTML
/// report colours them; waivers red when expired, yellow when they match
/// nothing.
fn colour(cell: &Cell) -> Option<Ansi> {
    let fg = |colour: AnsiColor| Some(Ansi::new().fg_color(Some(colour.into())));
    match cell {
        Cell::Severity(severity) => match severity {
            Severity::Critical => fg(AnsiColor::Red).map(Ansi::bold),
            Severity::High => fg(AnsiColor::Red),
            Severity::Medium => fg(AnsiColor::Yellow),
            Severity::Low => fg(AnsiColor::Cyan),
            Severity::Info => Some(Ansi::new().dimmed()),
        },
        Cell::Status(status, _) => match status {
            TargetStatus::Met => fg(AnsiColor::Green),
            TargetStatus::OnTrack => fg(AnsiColor::Cyan),
            TargetStatus::Behind | TargetStatus::NoProgress => fg(AnsiColor::Yellow),
            TargetStatus::Missed => fg(AnsiColor::Red),
            TargetStatus::NoTrend | TargetStatus::NoData => Some(Ansi::new().dimmed()),
        },
        Cell::Waiver(state) => match state {
            WaiverState::Expired => fg(AnsiColor::Red),
            WaiverState::Orphan => fg(AnsiColor::Yellow),
            WaiverState::Active => None,
        },
        _ => None,
    }
}

/// The table with rounded borders: headings capitalised, numbers right
/// aligned under left-aligned headings, long texts wrapped between words
/// at their column's width (or cut, for a column kept to one line). A new
/// finding ends with the "(new)" marker. With `color`, the cells that have
/// a colour get it. With a terminal's `width`, a wider table has its
/// widest columns wrapped until it fits.
pub(super) fn draw(table: &Table, labels: &Labels, color: bool, width: Option<usize>) -> String {
    let headings: Vec<String> = table
        .columns
        .iter()
        .map(|column| capitalized(&labels.get(column.heading)))
        .collect();
    // Each cell's text on one line, before wrapping.
    let mut texts: Vec<Vec<String>> = Vec::with_capacity(table.rows.len() + 1);
    for row in &table.rows {
        let mut cells: Vec<String> = row.cells.iter().map(|c| cell_text(c, labels)).collect();
        if row.new
            && !row.cells.iter().any(|c| matches!(c, Cell::Systems { .. }))
            && let Some(last) = cells.last_mut()
        {
            last.push_str(&format!(" ({})", labels.get("marker-new")));
        }
        texts.push(cells);
    }
    let rows = texts.len();
    if let Some(total) = &table.total {
        texts.push(total.iter().map(|c| cell_text(c, labels)).collect());
    }

    let mut widths: Vec<Option<usize>> = table.columns.iter().map(|c| c.width).collect();
    let mut headings = headings;
    if let Some(terminal) = width
        && let Some(fitted) = fit(&widths, &headings, &texts, terminal)
    {
        for (at, fitted) in fitted.into_iter().enumerate() {
            if widths[at].is_some() {
                widths[at] = Some(fitted);
            }
            headings[at] = wrap_words(&headings[at], fitted);
        }
    }
    let mut builder = Builder::default();
    builder.push_record(headings);
    for (at, cells) in texts.into_iter().enumerate() {
        // The total row is short values: it is never wrapped.
        let total = at >= rows;
        builder.push_record(cells.into_iter().zip(&table.columns).zip(&widths).map(
            |((text, column), width)| match width {
                Some(width) if !total && column.one_line => short_name(&text, *width),
                Some(width) if !total => wrap_words(&text, *width),
                _ => text,
            },
        ));
    }
    let mut drawn = builder.build();
    drawn.with(Style::rounded());
    for (at, column) in table.columns.iter().enumerate() {
        if column.align == Align::Right {
            drawn.with(
                Modify::new(Columns::new(at..at + 1).not(Rows::first())).with(Alignment::right()),
            );
        }
    }
    if color {
        for (row, cells) in table.rows.iter().map(|row| &row.cells).enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                if let Some(style) = colour(cell) {
                    let paint =
                        Color::new(style.render().to_string(), style.render_reset().to_string());
                    // Row 0 is the headings.
                    drawn.with(Modify::new(At::new(row + 1, column)).with(paint));
                }
            }
        }
    }
    drawn.to_string()
}

/// Narrowest a text column is wrapped to when the table is fitted to a
/// terminal.
const MIN_FITTED_WIDTH: usize = 10;

/// The widths that make a table fit a `terminal` that it is wider than:
/// first headings wider than their column's values wrap, then the widest
/// text column is narrowed, one character at a time. A text
/// column (one with a width) narrows down to [`MIN_FITTED_WIDTH`], any
/// column to the longest word of its heading (headings then wrap); a
/// column of short values (keys, numbers, dates, addresses) keeps its
/// widest value. `None` when the table fits already, or cannot fit: then
/// it is drawn as it is, as the terminal would wrap every line anyway.
fn fit(
    widths: &[Option<usize>],
    headings: &[String],
    texts: &[Vec<String>],
    terminal: usize,
) -> Option<Vec<usize>> {
    let longest_word = |text: &str| text.split(' ').map(|w| w.width()).max().unwrap_or(0);
    // What each column takes now, what its values take, and the least it
    // can take.
    let mut used = Vec::with_capacity(headings.len());
    let mut values = Vec::with_capacity(headings.len());
    let mut floors = Vec::with_capacity(headings.len());
    for (at, heading) in headings.iter().enumerate() {
        let widest = texts
            .iter()
            .filter_map(|cells| cells.get(at))
            .map(|text| text.width())
            .max()
            .unwrap_or(0);
        let content = widest.min(widths[at].unwrap_or(usize::MAX));
        used.push(heading.width().max(content));
        values.push(longest_word(heading).max(content));
        let least = match widths[at] {
            Some(_) => content.min(MIN_FITTED_WIDTH),
            None => content,
        };
        floors.push(longest_word(heading).max(least));
    }
    // "│ " before each column, " " after, and the closing "│".
    let total = |widths: &[usize]| widths.iter().map(|w| w + 3).sum::<usize>() + 1;
    if total(&used) <= terminal || total(&floors) > terminal {
        return None;
    }
    // Headings wider than their values wrap first: that costs no value a
    // line. Then the widest text column narrows.
    for limits in [&values, &floors] {
        while total(&used) > terminal {
            let Some(widest) = (0..used.len())
                .filter(|&at| used[at] > limits[at])
                .max_by_key(|&at| (used[at], at))
            else {
                break;
            };
            used[widest] -= 1;
        }
    }
    Some(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::{Lang, hostile_scan_all_failing};

    fn render(details: bool, color: bool) -> String {
        render_at(details, color, None)
    }

    fn render_at(details: bool, color: bool, width: Option<usize>) -> String {
        let mut out = Vec::new();
        TableReporter {
            labels: Labels::new(Lang::En),
            details,
            color,
            width,
        }
        .render(&hostile_scan_all_failing(), &mut out)
        .expect("rendering to memory succeeds");
        String::from_utf8(out).expect("the tables are UTF-8")
    }

    /// `text` without its SGR escape sequences (`ESC [ … m`).
    fn strip_sgr(text: &str) -> String {
        let mut plain = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('\u{1b}') {
            plain.push_str(&rest[..start]);
            let after = &rest[start..];
            let end = after.find('m').expect("an SGR sequence ends with m");
            rest = &after[end + 1..];
        }
        plain.push_str(rest);
        plain
    }

    #[test]
    fn colour_adds_escapes_and_changes_no_width() {
        let plain = render(true, false);
        let coloured = render(true, true);
        assert!(!plain.contains('\u{1b}'));
        assert!(coloured.contains("\u{1b}[31m"), "high is red: {coloured}");
        // Only the escape codes differ: every border stays where it was.
        assert_eq!(strip_sgr(&coloured), plain);
    }

    #[test]
    fn details_add_a_row_per_finding() {
        let scan = hostile_scan_all_failing();
        let short = render(false, false);
        let long = render(true, false);
        assert!(short.contains("add --details") && !long.contains("add --details"));
        assert!(long.contains(&format!("Every failing finding ({})", scan.findings.len())));
        for finding in &scan.findings {
            assert!(long.contains(&plain(&finding.system)), "{}", finding.system);
        }
    }

    /// Each table fits a terminal of 120 columns, or, when its short
    /// values alone are wider (a long address), is drawn as without one.
    #[test]
    fn tables_fit_the_terminal() {
        let blocks =
            |text: &str| -> Vec<String> { text.split("\n\n").map(str::to_string).collect() };
        let wide = blocks(&render_at(true, false, None));
        for color in [false, true] {
            let narrow = blocks(&strip_sgr(&render_at(true, color, Some(120))));
            assert_eq!(narrow.len(), wide.len());
            let mut fitted = 0;
            for (narrow, wide) in narrow.iter().zip(&wide) {
                let table = |block: &str| -> Vec<String> {
                    block
                        .lines()
                        .filter(|l| l.starts_with(['│', '╭', '├', '╰']))
                        .map(str::to_string)
                        .collect()
                };
                let (narrow, wide) = (table(narrow), table(wide));
                if narrow.iter().all(|line| line.width() <= 120) {
                    fitted += usize::from(wide.iter().any(|line| line.width() > 120));
                } else {
                    assert_eq!(narrow, wide, "a table that cannot fit is left as it is");
                }
            }
            assert!(fitted >= 1, "no table was narrowed to fit");
        }
    }

    #[test]
    fn words_wrap_at_spaces_and_no_break_spaces_hold() {
        assert_eq!(wrap_words("one two three", 7), "one two\nthree");
        assert_eq!(wrap_words("a\u{a0}(1), b\u{a0}(2)", 6), "a (1),\nb (2)");
        assert_eq!(wrap_words("abcdefgh", 3), "abc\ndef\ngh");
        assert_eq!(wrap_words("Sở Y tế", 4), "Sở Y\ntế");
    }
}
