//! CSV for spreadsheets: a row per finding (`--format csv`) or a row per
//! agency (`--format csv-agencies`).
//!
//! Column names follow the field names of the JSON record, so that a script
//! can move between the two formats. Numbers are written as plain numbers
//! (`66.7`, not `66.7%`) so that a spreadsheet can compute with them; an
//! absent percentage is an empty cell.
//!
//! With `--lang vi` the header and the keyword cells (severity, outcome,
//! waiver state, agency kind) are Vietnamese words, and the policy's texts
//! are its Vietnamese ones; numbers and dates stay as in English (`66.7`,
//! `2026-11-25`, comma-separated, RFC 4180). A decimal comma would need
//! every number quoted, and a spreadsheet set to Vietnamese reads `;` as
//! the separator of its own CSV anyway: the file stays one format that
//! every tool reads the same, and the README says how to open it in Excel
//! (Data → From Text/CSV, delimiter comma, locale English).
//!
//! Texts from inventories and policies are cleaned like in every report
//! (no control characters, no bidi overrides, one line) and a text that a
//! spreadsheet would read as a formula gets a leading `'` (OWASP, "CSV
//! Injection").

use std::borrow::Cow;
use std::io::Write;

use super::Reporter;
use super::cells::{Cell, Column};
use super::i18n::{Labels, Lang};
use super::tables::{self, Findings};
use crate::scan::ScanResult;
use crate::text::plain;

/// Which table the CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    /// A row per finding, in the record's order (most severe first).
    Findings,
    /// A row per agency, sorted by id.
    Agencies,
}

pub struct CsvReporter {
    pub table: CsvTable,
    /// Header names: in English the column names of `tables.rs` (the JSON
    /// record's field names, for scripts), in Vietnamese words a reader knows.
    pub labels: Labels,
    /// Start with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Reporter for CsvReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        if self.bom {
            out.write_all(UTF8_BOM)?;
        }
        // The csv writer keeps a buffer of its own and is generic over its
        // output, so the many small field writes stay out of the `dyn Write`
        // calls (the json.rs reason); its documentation advises against
        // adding a BufWriter on top.
        let mut writer = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(out);
        let labels = &self.labels;
        match self.table {
            CsvTable::Findings => {
                // Row by row: a large record holds hundreds of thousands of
                // findings, and none needs to be kept once written.
                let findings = Findings::new(scan);
                write_header(&Findings::columns(), labels, &mut writer)?;
                for finding in &scan.findings {
                    write_cells(&findings.row(finding).cells, labels, &mut writer)?;
                }
            }
            CsvTable::Agencies => {
                // Every column, and no total row: a spreadsheet sums for
                // itself, and a script would read the total as an agency.
                let table = tables::agencies(scan);
                write_header(&table.columns, labels, &mut writer)?;
                for row in &table.rows {
                    write_cells(&row.cells, labels, &mut writer)?;
                }
            }
        }
        // Dropping the writer would flush too, but would swallow the error.
        writer.flush()
    }
}

/// The header row: each column's name in the reader's language.
pub(super) fn write_header<W: Write>(
    columns: &[Column],
    labels: &Labels,
    writer: &mut csv::Writer<W>,
) -> csv::Result<()> {
    writer.write_record(
        columns
            .iter()
            .map(|column| labels.get(&format!("csv-{}", column.name))),
    )
}

pub(super) fn write_cells<W: Write>(
    cells: &[Cell],
    labels: &Labels,
    writer: &mut csv::Writer<W>,
) -> csv::Result<()> {
    for cell in cells {
        writer.write_field(csv_cell(cell, labels).as_bytes())?;
    }
    // An empty record ends the one whose fields were just written.
    writer.write_record(None::<&[u8]>)
}

/// A cell as a spreadsheet reads it: numbers as plain numbers with a
/// decimal point, dates in ISO 8601, in every language (see the module
/// doc); keywords (severity, outcome, waiver state, agency kind) as the
/// JSON record writes them in English and as words in Vietnamese, like the
/// header row; texts through [`text_cell`], the policy's in the reader's
/// language.
fn csv_cell<'a>(cell: &Cell<'a>, labels: &Labels) -> Cow<'a, str> {
    let keyword = |keyword: &'static str| -> Cow<'a, str> {
        match labels.lang() {
            Lang::En => Cow::Borrowed(keyword),
            Lang::Vi => text_cell(&cell.text(labels)).into_owned().into(),
        }
    };
    match *cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) | Cell::Key(text) => text_cell(text),
        Cell::Policy(text) => text_cell(text.text(labels.lang())),
        Cell::Count(n) => n.to_string().into(),
        Cell::Percent(value) => percent_cell(value).into(),
        Cell::Date(date) => date.to_string().into(),
        Cell::Severity(severity) => keyword(severity.as_str()),
        Cell::Outcome(outcome) => keyword(outcome.as_str()),
        Cell::Waiver(state) => keyword(state.as_str()),
        Cell::Kind(kind) => keyword(kind.as_str()),
        Cell::Systems { count, .. } => count.to_string().into(),
        Cell::Label(_)
        | Cell::Status(..)
        | Cell::Measured { .. }
        | Cell::Agencies(_)
        | Cell::MailPosture { .. } => text_cell(&cell.text(labels)).into_owned().into(),
    }
}

/// A percentage as a spreadsheet reads a number: one decimal, no `%`, the
/// decimal point whatever the language; empty when there is nothing to measure.
fn percent_cell(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v:.1}"))
}

/// A text from the record, made safe for a spreadsheet cell: cleaned with
/// [`plain`], then defused if a spreadsheet would run it as a formula.
/// Borrows when the text needs neither (ids, keys, most URLs).
fn text_cell(text: &str) -> Cow<'_, str> {
    // Cleaning comes first: it may drop what hid a leading `=` (an escape
    // sequence, a bidi override, spaces).
    let cleaned = if is_plain_ascii(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(plain(text))
    };
    if starts_formula(&cleaned) {
        Cow::Owned(format!("'{cleaned}"))
    } else {
        cleaned
    }
}

/// Whether a spreadsheet could read the cell as a formula (or a DDE
/// command): OWASP's list of leading characters.
fn starts_formula(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Whether `plain` would return the text unchanged, decided cheaply for the
/// common case: printable ASCII with single spaces and none at either end.
/// `false` only means "ask `plain`".
fn is_plain_ascii(text: &str) -> bool {
    // Starting as if after a space rejects a leading space.
    let mut after_space = true;
    for &byte in text.as_bytes() {
        match byte {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'!'..=b'~' => after_space = false,
            _ => return false,
        }
    }
    text.is_empty() || !after_space
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::hostile_scan;

    // The column names scripts rely on (the JSON record's field names),
    // pinned here: a change to the tables shows up as a changed contract.

    const FINDING_COLUMNS: [&str; 13] = [
        "severity",
        "outcome",
        "rule",
        "rule_title",
        "agency",
        "agency_name",
        "system",
        "system_name",
        "endpoint",
        "detail",
        "remediation",
        "file",
        "line",
    ];

    const AGENCY_COLUMNS: [&str; 18] = [
        "id",
        "name",
        "kind",
        "systems",
        "retired_systems",
        "retiring_systems",
        "on_cloud",
        "on_cloud_percent",
        "services_total",
        "services_fully_online",
        "services_online_percent",
        "failing_critical",
        "failing_high",
        "failing_medium",
        "failing_low",
        "failing_info",
        "compliance_percent",
        "file",
    ];

    fn render(scan: &ScanResult, table: CsvTable, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        CsvReporter {
            table,
            bom,
            labels: Labels::new(crate::report::Lang::En),
        }
        .render(scan, &mut out)
        .expect("rendering to memory succeeds");
        out
    }

    fn render_text(scan: &ScanResult, table: CsvTable) -> String {
        String::from_utf8(render(scan, table, false)).expect("CSV is UTF-8")
    }

    /// The header and the rows, as a spreadsheet would read them.
    fn parse(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_reader(bytes);
        let header = reader
            .headers()
            .expect("a header row")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|record| {
                record
                    .expect("a well-formed row")
                    .iter()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        (header, rows)
    }

    fn column(header: &[String], name: &str) -> usize {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    /// Every cell of every row, header included, is inert in a spreadsheet
    /// and free of control and bidi characters.
    fn assert_all_cells_safe(header: &[String], rows: &[Vec<String>]) {
        for cell in header.iter().chain(rows.iter().flatten()) {
            assert!(!starts_formula(cell), "formula cell {cell:?}");
            assert!(
                !cell.chars().any(|c| c.is_control()
                    || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
                "control or bidi character in {cell:?}"
            );
        }
    }

    #[test]
    fn findings_csv_of_the_hostile_record() {
        let csv = render_text(&hostile_scan(), CsvTable::Findings);
        insta::assert_snapshot!(csv);
    }

    #[test]
    fn agencies_csv_of_the_hostile_record() {
        let csv = render_text(&hostile_scan(), CsvTable::Agencies);
        insta::assert_snapshot!(csv);
    }

    #[test]
    fn findings_parse_back_a_row_per_finding_with_every_cell_defused() {
        let scan = hostile_scan();
        let (header, rows) = parse(&render(&scan, CsvTable::Findings, false));
        assert_eq!(header, FINDING_COLUMNS);
        assert_eq!(rows.len(), scan.findings.len());
        assert!(rows.iter().all(|row| row.len() == FINDING_COLUMNS.len()));
        assert_all_cells_safe(&header, &rows);

        // The hostile texts are still there, defused rather than dropped.
        let formula = &rows[0];
        assert_eq!(formula[column(&header, "system")], "so-x/formula");
        assert_eq!(
            formula[column(&header, "system_name")],
            "'=HYPERLINK(\"http://evil.example\",\"click\")"
        );
        assert_eq!(
            formula[column(&header, "file")],
            "tests/fixtures/hostile/inventories/hostile.yaml"
        );
        assert_eq!(formula[column(&header, "line")], "9");
        assert!(formula[column(&header, "agency_name")].starts_with("<script>"));
        assert!(formula[column(&header, "remediation")].starts_with("Move it"));
        let waived = &rows[2];
        assert_eq!(waived[column(&header, "rule_title")], "'-Services online");
        // The escape sequences and the right-to-left override are gone.
        assert_eq!(
            waived[column(&header, "system_name")],
            "[31mred[0m and gnp.exe"
        );
    }

    #[test]
    fn agencies_parse_back_with_numbers_a_spreadsheet_can_compute() {
        let scan = hostile_scan();
        let (header, rows) = parse(&render(&scan, CsvTable::Agencies, false));
        assert_eq!(header, AGENCY_COLUMNS);
        assert_eq!(rows.len(), scan.agencies.len());
        assert_all_cells_safe(&header, &rows);
        let agency = &rows[0];
        assert_eq!(agency[column(&header, "on_cloud_percent")], "66.7");
        assert_eq!(agency[column(&header, "services_online_percent")], "60.0");
        assert_eq!(agency[column(&header, "compliance_percent")], "80.0");
        assert_eq!(agency[column(&header, "failing_high")], "1");
    }

    #[test]
    fn absent_percentages_are_empty_cells() {
        let mut scan = hostile_scan();
        for agency in &mut scan.agencies {
            agency.counts.systems = 0;
            agency.counts.services_total = 0;
            agency.counts.outcomes = Default::default();
        }
        let (header, rows) = parse(&render(&scan, CsvTable::Agencies, false));
        for name in [
            "on_cloud_percent",
            "services_online_percent",
            "compliance_percent",
        ] {
            assert_eq!(rows[0][column(&header, name)], "", "{name}");
        }
    }

    #[test]
    fn the_byte_order_mark_is_written_only_when_asked() {
        let scan = hostile_scan();
        for table in [CsvTable::Findings, CsvTable::Agencies] {
            let with_bom = render(&scan, table, true);
            let without = render(&scan, table, false);
            assert!(!without.starts_with(UTF8_BOM), "{table:?}");
            assert_eq!(with_bom[..UTF8_BOM.len()], *UTF8_BOM, "{table:?}");
            assert_eq!(with_bom[UTF8_BOM.len()..], without[..], "{table:?}");
            // The csv reader, like Excel, skips the mark.
            assert_eq!(parse(&with_bom), parse(&without), "{table:?}");
        }
    }

    #[test]
    fn formula_starts_get_a_quote_whatever_hides_them() {
        let defused = [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(1+1)", "'@SUM(1+1)"),
            // Cleaning drops what stood before the `=`.
            ("\t=1+1", "'=1+1"),
            ("\r\n=1+1", "'=1+1"),
            ("  =1+1", "'=1+1"),
            ("\u{202E}=1+1", "'=1+1"),
            ("\u{1b}=1+1", "'=1+1"),
        ];
        for (text, expected) in defused {
            assert_eq!(text_cell(text), expected, "{text:?}");
        }
        for text in ["so-x/formula", "1+1", "a=b", "Sở Thử nghiệm", ""] {
            assert_eq!(text_cell(text), text, "{text:?}");
        }
        assert!(matches!(
            text_cell("https://a.example/?b=1"),
            Cow::Borrowed(_)
        ));
        // The rule itself, for cells that were not cleaned.
        assert!(starts_formula("\t1") && starts_formula("\r1") && !starts_formula("1"));
    }

    #[test]
    fn the_ascii_shortcut_agrees_with_plain() {
        let samples = [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\nb",
            "~!",
            "\u{7f}",
            "é",
            "a\u{202E}b",
        ];
        for text in samples {
            if is_plain_ascii(text) {
                assert_eq!(plain(text), text, "{text:?}");
            }
        }
        assert!(is_plain_ascii("so-x/formula") && is_plain_ascii("a b c"));
    }

    /// In Vietnamese the keyword cells are words too, and the numbers stay
    /// as every spreadsheet and script reads them: a decimal point.
    #[test]
    fn vietnamese_keywords_are_words_and_numbers_stay_neutral() {
        let render_vi = |table| {
            let mut out = Vec::new();
            CsvReporter {
                table,
                bom: false,
                labels: Labels::new(Lang::Vi),
            }
            .render(&hostile_scan(), &mut out)
            .expect("rendering to memory succeeds");
            parse(&out)
        };
        let (header, rows) = render_vi(CsvTable::Agencies);
        let agency = &rows[0];
        assert_eq!(
            agency[column(&header, "Tỷ lệ trên điện toán đám mây (%)")],
            "66.7"
        );
        assert_eq!(agency[column(&header, "Loại hình")], "sở, ban, ngành");
        let (header, rows) = render_vi(CsvTable::Findings);
        let severity = column(&header, "Mức độ");
        let outcome = column(&header, "Kết quả");
        assert_eq!(rows[0][severity], "cao");
        for row in &rows {
            assert!(!["high", "medium", "low", "fail", "waived"].contains(&row[severity].as_str()));
            assert!(!["fail", "waived", "unknown", "error"].contains(&row[outcome].as_str()));
        }
        // English keeps the record's keywords, for scripts.
        let (header, rows) = parse(&render(&hostile_scan(), CsvTable::Findings, false));
        assert_eq!(rows[0][column(&header, "severity")], "high");
    }

    #[test]
    fn vietnamese_headers_name_the_same_columns() {
        let mut out = Vec::new();
        CsvReporter {
            table: CsvTable::Agencies,
            bom: false,
            labels: Labels::new(crate::report::Lang::Vi),
        }
        .render(&hostile_scan(), &mut out)
        .expect("rendering to memory succeeds");
        let text = String::from_utf8(out).expect("UTF-8");
        let header = text.lines().next().unwrap_or_default();
        assert!(
            header.starts_with("Mã đơn vị,Tên cơ quan, đơn vị")
                || header.starts_with("Mã đơn vị,\"Tên cơ quan, đơn vị\""),
            "{header}"
        );
        let columns = csv::Reader::from_reader(text.as_bytes())
            .headers()
            .map(|h| h.len())
            .unwrap_or(0);
        assert_eq!(columns, AGENCY_COLUMNS.len());
    }
}
