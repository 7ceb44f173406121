//! The workbook report (`--format xlsx`, `--output report.xlsx`), for the
//! manager who opens a spreadsheet before anything else and sorts the
//! agencies by compliance.
//!
//! Five sheets, from the same tables as the other reports (`tables.rs`):
//! the targets, the agencies (every column the agencies' CSV has, then
//! the total row below a blank one, outside the filter so that sorting
//! leaves it last), the failing findings (a row each), the failing rules
//! with what to fix, and the waivers that need attention. Each sheet has
//! its header row frozen and filtered, and columns as wide as their
//! values (within bounds).
//!
//! Cells are written as what they are: counts and percentages as numbers
//! (a percentage as a fraction with a `0.0%` format, so `=AVERAGE()` and
//! sorting work), dates as dates (shown `2026-11-25` in English,
//! `25/11/2026` in Vietnamese), a percentage with nothing to measure as an
//! empty cell. Severities, outcomes, target statuses and waiver states
//! are words in the reader's language, coloured as Excel's Good, Bad and
//! Neutral styles colour them. Texts from inventories and policies are
//! cleaned as in every report and cut at Excel's 32,767 characters; a
//! text is always a string cell, never a formula, so `=cmd|…` stays text.
//!
//! The workbook's creation time is the scan's start, so that a stored run
//! (`report RUN`) gives the same bytes as the scan did.
//!
//! A sheet holds at most 1,048,576 rows: past that the findings stop with
//! a row saying how many were left out (the CSV and JSON have them all).

use std::io::{self, Write};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::Reporter;
use super::cells::{Cell, Column, Row, Table, capitalized};
use super::i18n::{Labels, Lang};
use super::lines::header_line;
use super::tables::{self, Findings};
use crate::fields::IsoDate;
use crate::scan::{Outcome, ScanResult, Severity, TargetStatus, WaiverState};
use crate::text::plain;

pub struct XlsxReporter {
    pub labels: Labels,
}

impl Reporter for XlsxReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
        // A workbook is a zip archive, written whole at the end: the
        // writer needs to seek, which stdout and a mail body cannot.
        let bytes = self.workbook(scan).map_err(io::Error::other)?;
        out.write_all(&bytes)
    }
}

/// Rows a sheet holds (Excel's limit), the header row included.
const MAX_ROWS: u32 = 1_048_576;

/// Characters a cell holds (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

/// Narrowest and widest a column is made, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// The paper size code of A4, the paper of Vietnamese offices.
const A4: u8 = 9;

/// Room for the filter's drop-down button beside a heading.
const FILTER_BUTTON: usize = 3;

/// How a status-like cell is coloured: Excel's Good, Bad and Neutral cell
/// styles, a calm blue for what is on its way, grey for what says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Good,
    Bad,
    Neutral,
    Calm,
    Muted,
}

impl Tone {
    /// Font and fill.
    fn colours(self) -> (u32, u32) {
        match self {
            Tone::Good => (0x006100, 0xC6EFCE),
            Tone::Bad => (0x9C0006, 0xFFC7CE),
            Tone::Neutral => (0x9C5700, 0xFFEB9C),
            Tone::Calm => (0x1F4E79, 0xDDEBF7),
            Tone::Muted => (0x595959, 0xEDEDED),
        }
    }

    const ALL: [Tone; 5] = [
        Tone::Good,
        Tone::Bad,
        Tone::Neutral,
        Tone::Calm,
        Tone::Muted,
    ];
}

/// The colour of a cell that has one.
fn tone(cell: &Cell) -> Option<Tone> {
    Some(match cell {
        Cell::Severity(severity) => match severity {
            Severity::Critical | Severity::High => Tone::Bad,
            Severity::Medium => Tone::Neutral,
            Severity::Low => Tone::Calm,
            Severity::Info => Tone::Muted,
        },
        Cell::Outcome(outcome) => match outcome {
            Outcome::Pass => Tone::Good,
            Outcome::Fail | Outcome::Error => Tone::Bad,
            Outcome::Waived => Tone::Calm,
            Outcome::Unknown => Tone::Muted,
        },
        Cell::Status(status, _) => match status {
            TargetStatus::Met => Tone::Good,
            TargetStatus::OnTrack => Tone::Calm,
            TargetStatus::Behind | TargetStatus::NoProgress => Tone::Neutral,
            TargetStatus::Missed => Tone::Bad,
            TargetStatus::NoTrend | TargetStatus::NoData => Tone::Muted,
        },
        Cell::Waiver(state) => match state {
            WaiverState::Expired => Tone::Bad,
            WaiverState::Orphan => Tone::Neutral,
            WaiverState::Active => return None,
        },
        _ => return None,
    })
}

/// The formats of a workbook, made once.
struct Formats {
    heading: Format,
    /// A row of data's.
    plain: CellFormats,
    /// The total row's: the same, bold.
    bold: CellFormats,
}

/// The format of each kind of cell.
struct CellFormats {
    text: Format,
    count: Format,
    percent: Format,
    date: Format,
    /// One per [`Tone::ALL`].
    tones: [Format; 5],
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        Formats {
            heading: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            plain: CellFormats::new(lang, Format::new()),
            bold: CellFormats::new(lang, Format::new().set_bold()),
        }
    }
}

impl CellFormats {
    fn new(lang: Lang, base: Format) -> CellFormats {
        let date = match lang {
            Lang::En => "yyyy-mm-dd",
            Lang::Vi => "dd/mm/yyyy",
        };
        CellFormats {
            text: base.clone(),
            count: base.clone().set_num_format("#,##0"),
            percent: base.clone().set_num_format("0.0%"),
            date: base.clone().set_num_format(date),
            tones: Tone::ALL.map(|tone| {
                let (font, fill) = tone.colours();
                base.clone()
                    .set_font_color(Color::RGB(font))
                    .set_background_color(Color::RGB(fill))
            }),
        }
    }

    fn tone(&self, tone: Tone) -> &Format {
        let at = Tone::ALL.iter().position(|t| *t == tone).unwrap_or(0);
        &self.tones[at]
    }
}

impl XlsxReporter {
    fn workbook(&self, scan: &ScanResult) -> Result<Vec<u8>, XlsxError> {
        let labels = &self.labels;
        let formats = Formats::new(labels.lang());
        let mut book = Workbook::new();
        let started = ExcelDateTime::from_timestamp(scan.started_at.unix_timestamp())?;
        book.set_properties(
            &DocProperties::new()
                .set_title(plain(&header_line(scan, labels)))
                .set_author("cloudcensus")
                .set_creation_datetime(&started),
        );
        let sheet = |name: &str| -> Result<Sheet<'_>, XlsxError> {
            Sheet::new(labels, &formats, &labels.get(name))
        };
        let whole = |name: &str, table: &Table, frozen: u16| {
            whole_sheet(labels, &formats, name, table, frozen)
        };
        book.push_worksheet(whole("xlsx-sheet-targets", &tables::targets(scan), 0)?);
        // The agency's id stays in sight when scrolling right.
        book.push_worksheet(whole("xlsx-sheet-agencies", &tables::agencies(scan), 1)?);

        // Row by row: a large record holds hundreds of thousands of
        // findings, and none needs its table built first.
        let findings = Findings::new(scan);
        let mut columns = Findings::columns();
        let outcome = columns.iter().position(|c| c.name == "outcome");
        if let Some(at) = outcome {
            columns.remove(at);
        }
        // Whether a failing finding, or how many of a rule's failing
        // systems, are new since the previous scan: the other reports
        // mark them in the row, a spreadsheet filters on a column.
        columns.push(Column::text("new", "xlsx-col-new"));
        let rows = scan
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail)
            .map(|finding| {
                let Row { mut cells, new } = findings.row(finding);
                if let Some(at) = outcome {
                    cells.remove(at);
                }
                cells.push(if new {
                    Cell::Label("marker-new")
                } else {
                    Cell::Empty
                });
                cells
            });
        let mut out = sheet("xlsx-sheet-findings")?;
        out.table(&columns, rows)?;
        book.push_worksheet(out.finish(0)?);

        let groups = tables::rule_groups(scan);
        let rules = tables::failing_rules(&groups);
        let mut columns = rules.columns.clone();
        columns.push(Column::number("new_systems", "xlsx-col-new_systems"));
        let rows = rules.rows.iter().map(|row| {
            let mut cells = row.cells.clone();
            let new = cells.iter().find_map(|cell| match cell {
                Cell::Systems { new, .. } => Some(*new),
                _ => None,
            });
            cells.push(new.map_or(Cell::Empty, Cell::Count));
            cells
        });
        let mut out = sheet("xlsx-sheet-rules")?;
        out.table(&columns, rows)?;
        book.push_worksheet(out.finish(0)?);

        let waivers = tables::waivers_needing_attention(scan);
        book.push_worksheet(whole("xlsx-sheet-waivers", &waivers, 0)?);

        book.save_to_buffer()
    }
}

/// A workbook of whole tables, a sheet each: the label of its name, the
/// table, and how many columns stay at the left when scrolling right.
/// Titled `title` and created on `created`, so the same input gives the
/// same bytes (the national view's workbook).
pub(super) fn tables_workbook(
    labels: &Labels,
    title: &str,
    created: IsoDate,
    sheets: &[(&str, Table, u16)],
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new(labels.lang());
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(plain(title))
            .set_author("cloudcensus")
            .set_creation_datetime(&excel_date(created)?),
    );
    for (name, table, frozen) in sheets {
        book.push_worksheet(whole_sheet(labels, &formats, name, table, *frozen)?);
    }
    book.save_to_buffer()
}

/// The sheet named by the label `name` of a table as it is built, with
/// its total row if any.
fn whole_sheet(
    labels: &Labels,
    formats: &Formats,
    name: &str,
    table: &Table,
    frozen: u16,
) -> Result<Worksheet, XlsxError> {
    let mut out = Sheet::new(labels, formats, &labels.get(name))?;
    out.table(&table.columns, table.rows.iter().map(|r| r.cells.clone()))?;
    if let Some(total) = &table.total {
        out.total(total)?;
    }
    out.finish(frozen)
}

/// One sheet being written: a header row, rows of cells, and the widths
/// their texts need.
struct Sheet<'a> {
    labels: &'a Labels,
    formats: &'a Formats,
    sheet: Worksheet,
    /// Widest text of each column so far, in characters.
    widths: Vec<usize>,
    /// The last row of data (0: the header row only).
    last_data_row: u32,
    /// The next row to write.
    next: u32,
    /// Rows the sheet holds: [`MAX_ROWS`], less in a test.
    limit: u32,
}

impl<'a> Sheet<'a> {
    fn new(labels: &'a Labels, formats: &'a Formats, name: &str) -> Result<Sheet<'a>, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        Ok(Sheet {
            labels,
            formats,
            sheet,
            widths: Vec::new(),
            last_data_row: 0,
            next: 0,
            limit: MAX_ROWS,
        })
    }

    /// The header row, then a row per item of `rows` (cells in the order
    /// of `columns`), up to the sheet's limit, then a row saying how many
    /// were left out.
    fn table<'c>(
        &mut self,
        columns: &[Column],
        rows: impl Iterator<Item = Vec<Cell<'c>>>,
    ) -> Result<(), XlsxError> {
        for (at, column) in columns.iter().enumerate() {
            let text = capitalized(&heading(column, self.labels));
            self.widths.push(text.chars().count() + FILTER_BUTTON);
            self.sheet
                .write_string_with_format(0, col(at), text, &self.formats.heading)?;
        }
        self.next = 1;
        let mut left_out = 0u64;
        for cells in rows {
            // The last row is kept for the note.
            if self.next >= self.limit - 1 {
                left_out += 1;
                continue;
            }
            self.row(&cells, false)?;
        }
        self.last_data_row = self.next - 1;
        if left_out > 0 {
            let note = self
                .labels
                .with("xlsx-rows-left-out", &[("count", left_out.into())]);
            self.sheet
                .write_string_with_format(self.next, 0, note, &self.formats.bold.text)?;
            self.next += 1;
        }
        Ok(())
    }

    /// The total row, below a blank one: outside the filter, so that
    /// sorting the agencies leaves it where it is.
    fn total(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        self.next += 1;
        self.row(cells, true)
    }

    fn row(&mut self, cells: &[Cell], bold: bool) -> Result<(), XlsxError> {
        let formats = if bold {
            &self.formats.bold
        } else {
            &self.formats.plain
        };
        let row = self.next;
        for (at, cell) in cells.iter().enumerate() {
            let width = write_cell(&mut self.sheet, row, col(at), cell, self.labels, formats)?;
            if let Some(widest) = self.widths.get_mut(at) {
                *widest = (*widest).max(width);
            }
        }
        self.next += 1;
        Ok(())
    }

    /// The sheet with its header frozen (and `frozen_columns` at the
    /// left), the filter over header and data, and the column widths.
    fn finish(mut self, frozen_columns: u16) -> Result<Worksheet, XlsxError> {
        self.sheet.set_freeze_panes(1, frozen_columns)?;
        let last_column = self.widths.len().saturating_sub(1);
        self.sheet
            .autofilter(0, 0, self.last_data_row, col(last_column))?;
        for (at, width) in self.widths.iter().enumerate() {
            let width = (*width).clamp(MIN_WIDTH, MAX_WIDTH) + 1;
            self.sheet.set_column_width(col(at), width as f64)?;
        }
        // Printed, as managers do: A4 across, as wide as one page, the
        // header row on every page.
        self.sheet
            .set_paper_size(A4)
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_repeat_rows(0, 0)?;
        Ok(self.sheet)
    }
}

/// A column's index as the writer takes it; a table has a few dozen.
fn col(at: usize) -> u16 {
    u16::try_from(at).unwrap_or(u16::MAX)
}

/// A column's heading as people read it: the workbook's own where it has
/// one (`xlsx-col-NAME`: the data-only columns, whose heading elsewhere is
/// the CSV's field name, and a few the workbook tells apart), else the
/// heading the other reports show.
fn heading(column: &Column, labels: &Labels) -> String {
    let own = format!("xlsx-col-{}", column.name);
    // A message that does not exist comes back as its id.
    match labels.get(&own) {
        text if text != own => text,
        _ => labels.get(column.heading),
    }
}

/// Writes one cell as what it is; returns the characters it shows, for
/// the column's width.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    labels: &Labels,
    formats: &CellFormats,
) -> Result<usize, XlsxError> {
    let number = |sheet: &mut Worksheet, value: f64, format: &Format| {
        sheet
            .write_number_with_format(row, col, value, format)
            .map(|_| ())
    };
    match *cell {
        Cell::Empty | Cell::Percent(None) => Ok(0),
        Cell::Count(n) | Cell::Systems { count: n, .. } => {
            number(sheet, n as f64, &formats.count)?;
            Ok(n.to_string().len())
        }
        Cell::Percent(Some(value)) => {
            number(sheet, value / 100.0, &formats.percent)?;
            Ok("100.0%".len())
        }
        Cell::Date(date) => {
            sheet.write_datetime_with_format(row, col, excel_date(date)?, &formats.date)?;
            Ok("2026-11-25".len())
        }
        _ => {
            let text = text_cell(&cell.text(labels));
            let format = tone(cell).map_or(&formats.text, |tone| formats.tone(tone));
            let width = text.chars().count();
            sheet.write_string_with_format(row, col, text, format)?;
            Ok(width)
        }
    }
}

/// A date of the record as a spreadsheet date.
fn excel_date(date: IsoDate) -> Result<ExcelDateTime, XlsxError> {
    let day = date.0;
    // The record's dates are years 1900 to 9999 (`IsoDate::parse`); one
    // outside Excel's range fails the report rather than being shifted.
    let year =
        u16::try_from(day.year()).map_err(|_| XlsxError::DateTimeRangeError(day.to_string()))?;
    ExcelDateTime::from_ymd(year, u8::from(day.month()), day.day())
}

/// A text from the record, cleaned as every report cleans it and cut at
/// the characters a cell holds.
fn text_cell(text: &str) -> String {
    let cleaned = plain(text);
    match cleaned.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => cleaned[..end].to_string(),
        None => cleaned,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, DataType, Reader, Xlsx};

    use super::*;
    use crate::report::hostile_scan_all_failing;

    fn render(scan: &ScanResult, lang: Lang) -> Vec<u8> {
        let mut out = Vec::new();
        XlsxReporter {
            labels: Labels::new(lang),
        }
        .render(scan, &mut out)
        .expect("rendering to memory succeeds");
        out
    }

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes)).expect("the workbook opens")
    }

    /// A sheet's cells, and where each heading is.
    struct Read {
        cells: calamine::Range<Data>,
        styles: calamine::StyleRange,
        headings: Vec<String>,
    }

    impl Read {
        fn new(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Read {
            let cells = book.worksheet_range(sheet).expect("the sheet exists");
            let styles = book.worksheet_style(sheet).expect("its styles");
            let headings = cells.headers().unwrap_or_default();
            Read {
                cells,
                styles,
                headings,
            }
        }

        /// The cell's value, number format and fill colour.
        fn at(&self, row: u32, heading: &str) -> (Data, Option<String>, Option<(u8, u8, u8)>) {
            let column = self
                .headings
                .iter()
                .position(|h| h == heading)
                .unwrap_or_else(|| panic!("no {heading} in {:?}", self.headings))
                as u32;
            let value = self
                .cells
                .get_value((row, column))
                .cloned()
                .unwrap_or(Data::Empty);
            let style = self.styles.get((row, column));
            let format = style
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.clone());
            let fill = style
                .and_then(|s| s.fill.as_ref())
                .and_then(|f| f.get_color())
                .map(|c| (c.red, c.green, c.blue));
            (value, format, fill)
        }
    }

    #[test]
    fn numbers_are_numbers_and_percentages_have_a_percent_format() {
        let scan = hostile_scan_all_failing();
        let mut book = open(render(&scan, Lang::En));
        assert_eq!(
            book.sheet_names(),
            [
                "Targets",
                "Agencies",
                "Failing findings",
                "Rules to fix",
                "Waivers to review"
            ]
        );
        let agencies = Read::new(&mut book, "Agencies");
        assert_eq!(agencies.at(1, "Agency").0, Data::String("so-x".into()));
        assert_eq!(agencies.at(1, "Systems").0, Data::Float(3.0));
        let (compliance, format, _) = agencies.at(1, "Compliance");
        let expected = scan.agencies[0].counts.outcomes.compliance_percent();
        assert_eq!(compliance.as_f64(), expected.map(|p| p / 100.0));
        assert_eq!(format.as_deref(), Some("0.0%"));
        // The total row, below a blank one.
        let whole = agencies.at(3, "Agency").0;
        assert_eq!(whole, Data::String("all agencies".into()));
        assert_eq!(agencies.at(2, "Agency").0, Data::Empty);

        let targets = Read::new(&mut book, "Targets");
        let (goal, format, _) = targets.at(1, "Goal");
        assert_eq!((goal, format.as_deref()), (Data::Float(1.0), Some("0.0%")));
        let (deadline, format, _) = targets.at(1, "Deadline");
        let Data::DateTime(deadline) = deadline else {
            panic!("{deadline:?} is no date");
        };
        assert_eq!(format.as_deref(), Some("yyyy-mm-dd"));
        // 2025-12-31 is day 46022 of Excel's calendar.
        assert_eq!(deadline.as_f64(), 46022.0);
        // Missed: Excel's Bad fill.
        let (status, _, fill) = targets.at(1, "Status");
        assert!(status.to_string().starts_with("missed"), "{status}");
        assert_eq!(fill, Some((0xFF, 0xC7, 0xCE)));

        let findings = Read::new(&mut book, "Failing findings");
        assert_eq!(findings.cells.height(), 1 + scan.findings.len());
        let line = findings.at(1, "Line").0;
        assert!(matches!(line, Data::Float(_)), "{line:?}");
    }

    /// A text a spreadsheet would run as a formula is a string cell.
    #[test]
    fn hostile_texts_stay_text() {
        let mut book = open(render(&hostile_scan_all_failing(), Lang::En));
        let findings = Read::new(&mut book, "Failing findings");
        let names: Vec<String> = (1..findings.cells.height() as u32)
            .map(|row| findings.at(row, "System name").0.to_string())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("=HYPERLINK")),
            "{names:?}"
        );
        for sheet in book.sheet_names() {
            let formulas = book.worksheet_formula(&sheet).expect("the sheet");
            assert!(
                formulas.used_cells().next().is_none(),
                "a formula in {sheet}"
            );
        }
    }

    #[test]
    fn vietnamese_sheets_headings_and_dates() {
        let mut book = open(render(&hostile_scan_all_failing(), Lang::Vi));
        assert_eq!(book.sheet_names()[1], "Cơ quan, đơn vị");
        let agencies = Read::new(&mut book, "Cơ quan, đơn vị");
        assert_eq!(agencies.at(1, "Số hệ thống").0, Data::Float(3.0));
        assert_eq!(
            agencies.at(3, "Mã đơn vị").0,
            Data::String("toàn bộ".into())
        );
        let targets = Read::new(&mut book, "Chỉ tiêu");
        assert_eq!(targets.at(1, "Thời hạn").1.as_deref(), Some("dd/mm/yyyy"));
    }

    /// No heading is a message id: every column has words in both languages.
    #[test]
    fn every_heading_has_words() {
        for lang in [Lang::En, Lang::Vi] {
            let mut book = open(render(&hostile_scan_all_failing(), lang));
            for sheet in book.sheet_names() {
                let read = Read::new(&mut book, &sheet);
                for heading in &read.headings {
                    let id = heading.to_lowercase();
                    assert!(
                        !id.starts_with("xlsx-")
                            && !id.starts_with("col-")
                            && !id.starts_with("csv-"),
                        "{sheet}: {heading}"
                    );
                }
            }
        }
    }

    /// The same record gives the same bytes: a stored run renders as the
    /// scan did.
    #[test]
    fn the_same_record_gives_the_same_bytes() {
        let scan = hostile_scan_all_failing();
        assert_eq!(render(&scan, Lang::En), render(&scan, Lang::En));
    }

    /// Past a sheet's rows, a last row says how many were left out.
    #[test]
    fn rows_past_the_limit_are_counted() {
        let labels = Labels::new(Lang::En);
        let formats = Formats::new(Lang::En);
        let mut sheet = Sheet::new(&labels, &formats, "s").expect("a sheet");
        sheet.limit = 4;
        let columns = [Column::number("n", "col-systems")];
        let rows = (0..10u64).map(|n| vec![Cell::Count(n)]);
        sheet.table(&columns, rows).expect("written");
        let mut book = Workbook::new();
        book.push_worksheet(sheet.finish(0).expect("finished"));
        let mut read = open(book.save_to_buffer().expect("saved"));
        let cells = read.worksheet_range("s").expect("the sheet");
        assert_eq!(cells.height(), 4);
        assert_eq!(cells.get((2, 0)), Some(&Data::Float(1.0)));
        let note = cells.get((3, 0)).map(Data::to_string).unwrap_or_default();
        assert!(note.starts_with("8 more failing findings"), "{note}");
    }

    #[test]
    fn long_texts_are_cut_at_a_cells_size() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(text_cell(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(text_cell("a\u{202e}b"), "ab");
    }
}
