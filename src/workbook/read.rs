//! Filled workbooks in: an xlsx file (as Excel or LibreOffice saves it)
//! or CSV files, one per sheet, into rows of cell values. What a
//! workbook declares is checked before it is read: a zip entry bigger
//! than any inventory needs (a zip bomb), too many rows or cells, a cell
//! longer than Excel allows; the sheets are read cell by cell as they
//! stream, so a hostile file is refused before it is held whole.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use calamine::{DataRef, Reader, Xlsx};

use super::columns::Sheet;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message};
use crate::report::{Labels, Lang};

/// Rows of a sheet beyond which a workbook is refused: five times the
/// largest inventory measured (100,000 systems and their endpoints).
pub const MAX_ROWS: u32 = 500_000;
/// Cells of a workbook, all sheets together.
pub const MAX_CELLS: usize = 20_000_000;
/// The uncompressed size a zip entry may declare (a sheet's XML).
pub const MAX_ENTRY_BYTES: u64 = 1 << 30;
/// The shared strings, which calamine holds in memory whole.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;
/// All entries together.
pub const MAX_TOTAL_BYTES: u64 = 2 << 30;
/// Entries in the zip.
pub const MAX_ENTRIES: usize = 10_000;
/// Characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;

/// One cell's value, as the importer reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell, as YYYY-MM-DD.
    Date(String),
    /// What the cell shows instead of a value (`#N/A`, a formula
    /// without its saved result): the message says.
    Error(Message),
}

#[derive(Debug)]
pub struct Row {
    /// From 1, as the spreadsheet numbers it.
    pub number: usize,
    /// By column, from 0.
    pub cells: Vec<Value>,
}

impl Row {
    pub fn get(&self, column: usize) -> &Value {
        self.cells.get(column).unwrap_or(&Value::Empty)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|cell| match cell {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        })
    }
}

/// One sheet: the header row and the rows below it, empty ones left out.
#[derive(Debug)]
pub struct Table {
    pub sheet: Sheet,
    /// The sheet's name as the file has it; empty for a CSV file.
    pub name: String,
    /// The file the sheet is in (each CSV file is a sheet).
    pub file: PathBuf,
    pub header: Row,
    pub rows: Vec<Row>,
}

impl Table {
    /// The location of a cell (`column` from 0).
    pub fn at(&self, row: usize, column: usize) -> Location {
        Location::cell(&self.file, &self.name, row, column + 1)
    }
}

/// The sheets of one workbook (an xlsx file, or the CSV files given
/// together).
#[derive(Debug)]
pub struct Book {
    /// The file named in messages about the workbook as a whole.
    pub file: PathBuf,
    pub tables: Vec<Table>,
    /// Cells were refused (merged ones): which agency they belong to is
    /// not known, so none of the workbook's is written.
    pub refused: bool,
}

impl Book {
    pub fn table(&self, sheet: Sheet) -> Option<&Table> {
        self.tables.iter().find(|t| t.sheet == sheet)
    }
}

/// The sheet a name stands for, in either language (case and spaces
/// aside).
pub fn sheet_named(name: &str) -> Option<Sheet> {
    let wanted = name.trim().to_lowercase();
    Lang::ALL.into_iter().find_map(|lang| {
        let labels = Labels::new(lang);
        Sheet::ALL
            .into_iter()
            .find(|sheet| sheet.name(&labels).to_lowercase() == wanted)
    })
}

/// Reads an xlsx workbook; `None` (with the reason in `diagnostics`) when
/// it cannot be read or is refused.
pub fn read_xlsx(path: &Path, diagnostics: &mut Diagnostics) -> Option<Book> {
    let whole = Location::file(path);
    if let Err(message) = check_zip(path) {
        diagnostics.error(whole, message);
        return None;
    }
    let mut workbook: Xlsx<BufReader<File>> = match calamine::open_workbook(path) {
        Ok(workbook) => workbook,
        Err(error) => {
            diagnostics.error(whole, Message::new("wb-err-unreadable").reason(&error));
            return None;
        }
    };
    let mut book = Book {
        file: path.to_path_buf(),
        tables: Vec::new(),
        refused: false,
    };
    let mut cells = 0usize;
    for name in workbook.sheet_names() {
        let Some(sheet) = sheet_named(&name) else {
            continue;
        };
        if book.table(sheet).is_some() {
            continue;
        }
        let merged = match workbook.merge_cells_by_sheet_name(&name) {
            Ok(merged) => merged,
            Err(error) => {
                diagnostics.error(
                    whole.clone(),
                    Message::new("wb-err-unreadable").reason(&error),
                );
                return None;
            }
        };
        for region in &merged {
            if region.end.0 >= 1 {
                let (row, column) = region.start;
                diagnostics.push(
                    Diagnostic::error(
                        Location::cell(path, &name, row as usize + 1, column as usize + 1),
                        Message::new("wb-err-merged").arg("range", range_text(region)),
                    )
                    .with_hint(Some(Message::new("wb-hint-merged"))),
                );
                book.refused = true;
            }
        }
        match read_sheet(&mut workbook, &name, sheet, path, &mut cells) {
            Ok(table) => book.tables.push(table),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return None;
            }
        }
    }
    Some(book)
}

fn range_text(region: &calamine::Dimensions) -> String {
    let cell = |(row, column): (u32, u32)| {
        format!(
            "{}{}",
            crate::diagnostics::column_letters(column as usize + 1),
            row + 1
        )
    };
    format!("{}:{}", cell(region.start), cell(region.end))
}

/// The zip's directory, before anything is decompressed: each entry's
/// declared size against the limits. The zip reader stops an entry that
/// unpacks to more than it declares; the shared strings, which calamine
/// holds whole, are also unpacked here once, counted and dropped, so a
/// lie is refused before calamine reads them.
fn check_zip(path: &Path) -> Result<(), Message> {
    let file = File::open(path).map_err(|error| Message::io(&error))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|error| Message::new("wb-err-not-xlsx").reason(&error))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Message::new("wb-err-too-many-entries")
            .arg("entries", archive.len())
            .arg("limit", MAX_ENTRIES));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|error| Message::new("wb-err-not-xlsx").reason(&error))?;
        let size = entry.size();
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let limit = if name.ends_with("sharedStrings.xml") {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_ENTRY_BYTES
        };
        total = total.saturating_add(size);
        if size > limit || total > MAX_TOTAL_BYTES {
            return Err(too_big(&name, size, limit.min(MAX_TOTAL_BYTES)));
        }
    }
    if let Ok(entry) = archive.by_name("xl/sharedStrings.xml") {
        let mut limited = std::io::Read::take(entry, MAX_SHARED_STRINGS_BYTES + 1);
        let unpacked = std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|error| Message::new("wb-err-not-xlsx").reason(&error))?;
        if unpacked > MAX_SHARED_STRINGS_BYTES {
            return Err(too_big(
                "xl/sharedStrings.xml",
                unpacked,
                MAX_SHARED_STRINGS_BYTES,
            ));
        }
    }
    Ok(())
}

fn too_big(entry: &str, size: u64, limit: u64) -> Message {
    Message::new("wb-err-entry-too-big")
        .arg("entry", entry)
        .arg("size", mebibytes(size))
        .arg("limit", mebibytes(limit))
}

fn mebibytes(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

/// One sheet, cell by cell, stopped at the first cell past the limits.
fn read_sheet(
    workbook: &mut Xlsx<BufReader<File>>,
    name: &str,
    sheet: Sheet,
    path: &Path,
    cells: &mut usize,
) -> Result<Table, Diagnostic> {
    let whole = || Location::cell(path, name, 0, 0);
    let unreadable = |error: &calamine::XlsxError| {
        Diagnostic::error(whole(), Message::new("wb-err-unreadable").reason(error))
    };
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(|error| unreadable(&error))?;
    let too_many_rows = |rows: u64| {
        Diagnostic::error(
            whole(),
            Message::new("wb-err-too-many-rows")
                .arg("rows", rows)
                .arg("limit", MAX_ROWS),
        )
    };
    let declared = reader.dimensions();
    if declared.end.0 >= MAX_ROWS && declared.end.0 >= declared.start.0 {
        return Err(too_many_rows(u64::from(declared.end.0) + 1));
    }
    let mut rows: Vec<Row> = Vec::new();
    while let Some(cell) = reader
        .next_cell_with_formula()
        .map_err(|error| unreadable(&error))?
    {
        let (row, column) = cell.pos;
        if row >= MAX_ROWS {
            return Err(too_many_rows(u64::from(row) + 1));
        }
        *cells += 1;
        if *cells > MAX_CELLS {
            return Err(Diagnostic::error(
                whole(),
                Message::new("wb-err-too-many-cells").arg("limit", MAX_CELLS),
            ));
        }
        let value = value_of(&cell.value, cell.formula.is_some());
        if matches!(value, Value::Empty) {
            continue;
        }
        if let Value::Text(text) = &value
            && text.chars().count() > MAX_CELL_CHARS
        {
            return Err(Diagnostic::error(
                Location::cell(path, name, row as usize + 1, column as usize + 1),
                Message::new("wb-err-cell-too-long").arg("limit", MAX_CELL_CHARS),
            ));
        }
        let number = row as usize + 1;
        if rows.last().is_none_or(|last| last.number != number) {
            rows.push(Row {
                number,
                cells: Vec::new(),
            });
        }
        if let Some(last) = rows.last_mut() {
            let column = column as usize;
            if last.cells.len() <= column {
                last.cells.resize(column + 1, Value::Empty);
            }
            last.cells[column] = value;
        }
    }
    Ok(table_of(sheet, name, path, rows))
}

/// The header (row 1) and the rows under it that hold something.
fn table_of(sheet: Sheet, name: &str, path: &Path, rows: Vec<Row>) -> Table {
    let mut rows = rows.into_iter().peekable();
    let header = match rows.peek() {
        Some(first) if first.number == 1 => rows.next(),
        _ => None,
    }
    .unwrap_or(Row {
        number: 1,
        cells: Vec::new(),
    });
    Table {
        sheet,
        name: name.to_string(),
        file: path.to_path_buf(),
        header,
        rows: rows.filter(|row| !row.is_empty()).collect(),
    }
}

fn value_of(data: &DataRef<'_>, formula: bool) -> Value {
    match data {
        DataRef::Empty if formula => Value::Error(Message::new("wb-err-formula-no-value")),
        DataRef::Empty => Value::Empty,
        DataRef::Int(n) => Value::Number(*n as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(text) => Value::Text(text.clone()),
        DataRef::SharedString(text) => Value::Text((*text).to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(date) if date.is_datetime() => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            Value::Date(format!("{year:04}-{month:02}-{day:02}"))
        }
        DataRef::DateTime(date) => Value::Number(date.as_f64()),
        DataRef::DateTimeIso(text) => Value::Date(text.chars().take(10).collect()),
        DataRef::DurationIso(text) => Value::Text(text.clone()),
        DataRef::Error(error) => {
            Value::Error(Message::new("wb-err-cell-error").arg("error", error.to_string()))
        }
    }
}

/// Reads CSV files, each one sheet, recognised by its header row; the
/// files given together are one workbook.
pub fn read_csv_files(paths: &[PathBuf], diagnostics: &mut Diagnostics) -> Option<Book> {
    let mut book = Book {
        file: paths.first().cloned().unwrap_or_default(),
        tables: Vec::new(),
        refused: false,
    };
    let mut cells = 0usize;
    let mut failed = false;
    for path in paths {
        match read_csv(path, &mut cells) {
            Ok(table) => {
                if let Some(other) = book.table(table.sheet) {
                    diagnostics.error(
                        Location::file(path),
                        Message::new("wb-err-csv-same-sheet")
                            .path("other", &other.file)
                            .arg("sheet", table.sheet.key()),
                    );
                    failed = true;
                } else {
                    book.tables.push(table);
                }
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                failed = true;
            }
        }
    }
    (!failed).then_some(book)
}

fn read_csv(path: &Path, cells: &mut usize) -> Result<Table, Diagnostic> {
    let whole = || Location::file(path);
    let bytes =
        std::fs::read(path).map_err(|error| Diagnostic::error(whole(), Message::io(&error)))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        Err(_) => {
            return Err(Diagnostic::error(whole(), Message::new("wb-err-csv-utf8"))
                .with_hint(Some(Message::new("wb-hint-csv-utf8"))));
        }
    };
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let number = index + 1;
        if number > MAX_ROWS as usize {
            return Err(Diagnostic::error(
                whole(),
                Message::new("wb-err-too-many-rows")
                    .arg("rows", number)
                    .arg("limit", MAX_ROWS),
            ));
        }
        let record = record.map_err(|error| {
            Diagnostic::error(
                Location::cell(path, "", number, 0),
                Message::new("wb-err-csv").reason(&error),
            )
        })?;
        *cells += record.len();
        if *cells > MAX_CELLS {
            return Err(Diagnostic::error(
                whole(),
                Message::new("wb-err-too-many-cells").arg("limit", MAX_CELLS),
            ));
        }
        let cells = record
            .iter()
            .map(|field| {
                if field.trim().is_empty() {
                    Value::Empty
                } else {
                    Value::Text(field.to_string())
                }
            })
            .collect();
        rows.push(Row { number, cells });
    }
    let header_texts: Vec<String> = rows
        .first()
        .map(|row| row.cells.iter().map(text_of).collect())
        .unwrap_or_default();
    let sheet = super::import::sheet_of_headers(&header_texts).ok_or_else(|| {
        Diagnostic::error(
            Location::cell(path, "", 1, 0),
            Message::new("wb-err-csv-which-sheet"),
        )
        .with_hint(Some(Message::new("wb-hint-csv-which-sheet")))
    })?;
    Ok(table_of(sheet, "", path, rows))
}

/// A cell as text (a header).
pub fn text_of(value: &Value) -> String {
    match value {
        Value::Text(text) | Value::Date(text) => text.trim().to_string(),
        Value::Number(n) => number_text(*n),
        Value::Bool(b) => b.to_string(),
        Value::Empty | Value::Error(_) => String::new(),
    }
}

/// A number as a person typed it: `12`, not `12.0`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_a_person_typed_them() {
        assert_eq!(
            value_of(&DataRef::Empty, true),
            Value::Error(Message::new("wb-err-formula-no-value"))
        );
        assert_eq!(value_of(&DataRef::Empty, false), Value::Empty);
        assert_eq!(value_of(&DataRef::Float(3.0), true), Value::Number(3.0));
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(2.5), "2.5");
        let date =
            calamine::ExcelDateTime::new(46203.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(
            value_of(&DataRef::DateTime(date), false),
            Value::Date("2026-06-30".to_string())
        );
    }
}
