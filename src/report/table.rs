//! Compliance tables for the terminal: targets, agencies, failing findings,
//! and the rules behind them with their remediation. The tables come from
//! `tables.rs`; this file draws them with tabled, every cell cleaned with
//! [`plain`] (no escape sequences or bidi overrides, one line).

use std::io::Write;

use tabled::builder::Builder;
use tabled::settings::object::{Columns, Object, Rows};
use tabled::settings::{Alignment, Modify, Style, Width};

use super::Reporter;
use super::cells::{Align, Cell, Table, capitalized};
use super::i18n::Labels;
use super::lines::{change_lines, checks_line, header_line, probe_summary, rule_error_lines};
use super::tables;
use crate::scan::ScanResult;
use crate::text::plain;

/// The tables, labelled in the reader's language.
pub struct TableReporter {
    pub labels: Labels,
}

impl Reporter for TableReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        let labels = &self.labels;
        writeln!(out, "{}", header_line(scan, labels))?;
        for line in change_lines(scan, labels) {
            writeln!(out, "{}", plain(&line))?;
        }
        if let Some(line) = probe_summary(scan, labels) {
            writeln!(out, "{line}")?;
        }

        writeln!(out, "\n{}", labels.get("section-targets"))?;
        writeln!(out, "{}", draw(&tables::targets(scan), labels))?;

        writeln!(out, "\n{}", labels.get("section-agencies"))?;
        writeln!(
            out,
            "{}",
            draw(&tables::agencies(scan).for_people(), labels)
        )?;

        let failing = tables::failing(scan);
        if failing.rows.is_empty() {
            writeln!(out, "\n{}", labels.get("no-failing"))?;
        } else {
            writeln!(
                out,
                "\n{}",
                labels.with("section-failing", &[("count", failing.rows.len().into())])
            )?;
            let shown = failing.select(&["severity", "rule", "system", "endpoint", "rule_title"]);
            writeln!(out, "{}", draw(&shown, labels))?;

            writeln!(out, "\n{}", labels.get("section-fix"))?;
            writeln!(out, "{}", draw(&tables::rules_to_fix(scan), labels))?;
        }

        let waivers = tables::waivers_needing_attention(scan);
        if !waivers.rows.is_empty() {
            writeln!(out, "\n{}", labels.get("section-waivers"))?;
            writeln!(out, "{}", draw(&waivers, labels))?;
        }

        writeln!(out, "\n{}", checks_line(scan, labels))?;
        if scan.totals.counts.outcomes.error > 0 {
            writeln!(out, "{}", labels.get("rule-errors"))?;
            for line in rule_error_lines(scan, labels) {
                writeln!(out, "  {line}")?;
            }
        }
        Ok(())
    }
}

/// A cell as the terminal shows it.
fn cell_text(cell: &Cell, labels: &Labels) -> String {
    plain(&cell.text(labels))
}

/// The table with rounded borders: headings capitalised, numbers right
/// aligned under left-aligned headings, long texts wrapped at their
/// column's width. A new finding ends with the "(new)" marker.
fn draw(table: &Table, labels: &Labels) -> String {
    let mut builder = Builder::default();
    builder.push_record(
        table
            .columns
            .iter()
            .map(|column| capitalized(&labels.get(column.heading))),
    );
    for row in &table.rows {
        let mut cells: Vec<String> = row.cells.iter().map(|c| cell_text(c, labels)).collect();
        if row.new
            && let Some(last) = cells.last_mut()
        {
            last.push_str(&format!(" ({})", labels.get("marker-new")));
        }
        builder.push_record(cells);
    }
    if let Some(total) = &table.total {
        builder.push_record(total.iter().map(|c| cell_text(c, labels)));
    }
    let mut drawn = builder.build();
    drawn.with(Style::rounded());
    for (at, column) in table.columns.iter().enumerate() {
        if let Some(width) = column.width {
            drawn.with(
                Modify::new(Columns::new(at..at + 1)).with(Width::wrap(width).keep_words(true)),
            );
        }
        if column.align == Align::Right {
            drawn.with(
                Modify::new(Columns::new(at..at + 1).not(Rows::first())).with(Alignment::right()),
            );
        }
    }
    drawn.to_string()
}
