//! Filled workbooks to inventory YAML. Each row becomes YAML (written in
//! the house style, `yaml_out`), which is then read and checked exactly
//! as an inventory file is (`inventory::load::entries_of`,
//! `inventory::validate`): the same messages and hints, every mistake at
//! once, each placed back at the cell it came from.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::columns::{self, Facts, Kind, Role, Sheet};
use super::read::{self, Book, Row, Table, Value, number_text};
use super::yaml_out::{self, At, Node, Written};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message, did_you_mean};
use crate::inventory::load::{AgencyEntry, Inventory, entries_of};
use crate::inventory::validate::{Coverage, validate};
use crate::report::{Labels, Lang};
use crate::yaml::{SourceText, without_path};

/// One agency's inventory, ready to be written.
#[derive(Debug)]
pub struct AgencyFile {
    pub id: String,
    pub path: PathBuf,
    pub text: String,
    /// No error concerns it.
    pub ok: bool,
}

/// The columns' facts and the headers that name them, in both languages.
pub struct Headers {
    pub facts: Vec<Facts>,
    by_text: HashMap<(Sheet, String), usize>,
    /// Per sheet, the headers a person may have meant.
    names: HashMap<Sheet, Vec<String>>,
}

impl Headers {
    pub fn new() -> Headers {
        let facts = columns::all();
        let mut by_text = HashMap::new();
        let mut names: HashMap<Sheet, Vec<String>> = HashMap::new();
        for lang in Lang::ALL {
            let labels = Labels::new(lang);
            for (index, facts) in facts.iter().enumerate() {
                let sheet = facts.column.sheet;
                let header = facts.header(&labels);
                names.entry(sheet).or_default().push(header.clone());
                by_text.insert((sheet, normal(&header)), index);
                by_text.insert((sheet, normal(facts.column.path)), index);
            }
        }
        Headers {
            facts,
            by_text,
            names,
        }
    }

    fn find(&self, sheet: Sheet, text: &str) -> Option<usize> {
        self.by_text.get(&(sheet, normal(text))).copied()
    }
}

impl Default for Headers {
    fn default() -> Self {
        Headers::new()
    }
}

fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The sheet whose headers a CSV file's first row names most of.
pub fn sheet_of_headers(texts: &[String]) -> Option<Sheet> {
    let headers = Headers::new();
    Sheet::ALL
        .into_iter()
        .map(|sheet| {
            let found = texts
                .iter()
                .filter(|t| headers.find(sheet, t).is_some())
                .count();
            (found, sheet)
        })
        .filter(|(found, _)| *found > 0)
        .max_by_key(|(found, sheet)| (*found, std::cmp::Reverse(*sheet)))
        .map(|(_, sheet)| sheet)
}

/// Reads `inputs` (xlsx files, and CSV files taken together as one
/// workbook) into one inventory file per agency under `out`. Every
/// problem goes to `diagnostics`, each at its cell; an agency with an
/// error comes back with `ok` false.
pub fn import(inputs: &[PathBuf], out: &Path, diagnostics: &mut Diagnostics) -> Vec<AgencyFile> {
    let headers = Headers::new();
    let mut books = Vec::new();
    let mut csv = Vec::new();
    for input in inputs {
        let extension = input
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("xlsx" | "xlsm") => books.extend(read::read_xlsx(input, diagnostics)),
            Some("csv") => csv.push(input.clone()),
            _ => diagnostics.push(
                Diagnostic::error(Location::file(input), Message::new("wb-err-file-kind"))
                    .with_hint(Some(Message::new("wb-hint-file-kind"))),
            ),
        }
    }
    if !csv.is_empty() {
        books.extend(read::read_csv_files(&csv, diagnostics));
    }

    let mut drafts: Vec<Draft> = Vec::new();
    for (index, book) in books.iter().enumerate() {
        drafts.extend(draft_book(index, book, &headers, out, diagnostics));
    }
    // The rows are in the drafts now; messages need only the headers.
    for table in books.iter_mut().flat_map(|book| book.tables.iter_mut()) {
        table.rows = Vec::new();
    }
    check(&books, drafts, &headers, diagnostics)
}

/// One agency of a workbook, as YAML, and where each line came from.
struct Draft {
    book: usize,
    id: String,
    path: PathBuf,
    written: Written,
    /// An error was found while building it (a bad link, a cell error).
    failed: bool,
}

/// What a table's header row says: per column of the sheet, the facts.
fn map_header(
    table: &Table,
    headers: &Headers,
    diagnostics: &mut Diagnostics,
) -> Vec<Option<usize>> {
    let mut mapped = Vec::new();
    for (column, cell) in table.header.cells.iter().enumerate() {
        let text = read::text_of(cell);
        if text.is_empty() {
            mapped.push(None);
            continue;
        }
        let found = headers.find(table.sheet, &text);
        if found.is_none() {
            let names = headers.names.get(&table.sheet).cloned().unwrap_or_default();
            let hint =
                did_you_mean(&text, names.iter().map(String::as_str)).map(Message::did_you_mean);
            diagnostics.push(
                Diagnostic::error(
                    table.at(table.header.number, column),
                    Message::new("wb-err-unknown-column").arg("header", text),
                )
                .with_hint(hint),
            );
        }
        mapped.push(found);
    }
    mapped
}

/// The agencies of one workbook, each with its systems, endpoints and
/// services, written as YAML.
fn draft_book(
    book_index: usize,
    book: &Book,
    headers: &Headers,
    out: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<Draft> {
    let labels_en = Labels::new(Lang::En);
    let labels_vi = Labels::new(Lang::Vi);
    let mut missing = false;
    for sheet in [Sheet::Agencies, Sheet::Systems] {
        if book.table(sheet).is_none() {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&book.file),
                    Message::new("wb-err-missing-sheet")
                        .arg("sheet", sheet.name(&labels_en))
                        .arg("vi", sheet.name(&labels_vi)),
                )
                .with_hint(Some(Message::new("wb-hint-missing-sheet"))),
            );
            missing = true;
        }
    }
    if missing {
        return Vec::new();
    }
    // A mistake no agency can be blamed for (a column, a row of no
    // known agency, merged cells) leaves out every agency of the workbook.
    let before = diagnostics.error_count();
    let mut header_maps: Vec<Vec<Option<usize>>> = Vec::new();
    for table in &book.tables {
        header_maps.push(map_header(table, headers, diagnostics));
    }
    let mut book_failed = book.refused || diagnostics.error_count() > before;
    let table_index = |sheet: Sheet| book.tables.iter().position(|t| t.sheet == sheet);

    // The agencies, by id in row order.
    let mut agencies: Vec<(String, Node, bool)> = Vec::new();
    let mut systems: Vec<Vec<(String, Node)>> = Vec::new();
    if let Some(t) = table_index(Sheet::Agencies) {
        let table = &book.tables[t];
        for row in &table.rows {
            let (node, id, ok) = row_node(t, table, row, &header_maps[t], headers, diagnostics);
            let id = id.unwrap_or_else(|| format!("row-{}", row.number));
            agencies.push((id, node, ok));
            systems.push(Vec::new());
        }
    }
    let agency_ids: Vec<String> = agencies.iter().map(|(id, _, _)| id.clone()).collect();
    let mut failed = vec![false; agencies.len()];

    // The agency a row of a lower sheet belongs to: its agency column, or
    // the one agency of the workbook.
    let owner = |t: usize, row: &Row, diagnostics: &mut Diagnostics| -> Option<usize> {
        let table = &book.tables[t];
        let column = link_column(&header_maps[t], headers, Role::Agency);
        let text = column
            .map(|c| read::text_of(row.get(c)))
            .unwrap_or_default();
        if text.is_empty() {
            if agency_ids.len() == 1 {
                return Some(0);
            }
            diagnostics.error(
                table.at(row.number, column.unwrap_or(0)),
                Message::new("wb-err-which-agency"),
            );
            return None;
        }
        let found = agency_ids.iter().position(|id| *id == text);
        if found.is_none() {
            let hint = did_you_mean(&text, agency_ids.iter().map(String::as_str))
                .map(Message::did_you_mean);
            diagnostics.push(
                Diagnostic::error(
                    table.at(row.number, column.unwrap_or(0)),
                    Message::new("wb-err-no-such-agency")
                        .arg("id", text)
                        .arg("sheet", Message::new("wb-sheet-agencies")),
                )
                .with_hint(hint),
            );
        }
        found
    };

    if let Some(t) = table_index(Sheet::Systems) {
        let table = &book.tables[t];
        for row in &table.rows {
            let (node, id, ok) = row_node(t, table, row, &header_maps[t], headers, diagnostics);
            match owner(t, row, diagnostics) {
                Some(agency) => {
                    failed[agency] |= !ok;
                    systems[agency].push((id.unwrap_or_default(), node));
                }
                None => book_failed = true,
            }
        }
    }

    for sheet in [Sheet::Services, Sheet::Endpoints] {
        let Some(t) = table_index(sheet) else {
            continue;
        };
        let table = &book.tables[t];
        let system_column = link_column(&header_maps[t], headers, Role::System);
        for row in &table.rows {
            let Some(agency) = owner(t, row, diagnostics) else {
                book_failed = true;
                continue;
            };
            let (node, _, ok) = row_node(t, table, row, &header_maps[t], headers, diagnostics);
            failed[agency] |= !ok;
            let wanted = system_column
                .map(|c| read::text_of(row.get(c)))
                .unwrap_or_default();
            let at = At {
                table: t,
                row: row.number,
                column: system_column.unwrap_or(0),
                group: "",
            };
            let Some((_, system)) = systems[agency].iter_mut().find(|(id, _)| *id == wanted) else {
                let known: Vec<&str> = systems[agency].iter().map(|(id, _)| id.as_str()).collect();
                let hint = did_you_mean(&wanted, known.iter().copied()).map(Message::did_you_mean);
                diagnostics.push(
                    Diagnostic::error(
                        table.at(row.number, at.column),
                        Message::new("wb-err-no-such-system")
                            .arg("id", wanted)
                            .arg("agency", agency_ids[agency].as_str())
                            .arg("sheet", Message::new("wb-sheet-systems")),
                    )
                    .with_hint(hint),
                );
                failed[agency] = true;
                continue;
            };
            let system_at = match system {
                Node::Map(entries) => entries.first().map(|e| e.2),
                _ => None,
            };
            attach(system, sheet, node, at, system_at);
        }
    }

    agencies
        .into_iter()
        .zip(systems)
        .zip(failed)
        .map(|(((id, agency, ok), systems), failed)| {
            let mut root = Node::Map(Vec::new());
            let first = At {
                table: table_index(Sheet::Agencies).unwrap_or(0),
                row: 0,
                column: 0,
                group: "",
            };
            let agency_at = match &agency {
                Node::Map(entries) => entries.first().map_or(first, |(_, _, at)| *at),
                _ => first,
            };
            root.insert_before("agency", agency, agency_at, &[]);
            if !systems.is_empty() {
                let items: Vec<(Node, At)> = systems
                    .into_iter()
                    .map(|(_, node)| {
                        let at = match &node {
                            Node::Map(entries) => entries.first().map_or(agency_at, |e| e.2),
                            _ => agency_at,
                        };
                        (node, at)
                    })
                    .collect();
                let at = items[0].1;
                root.insert_before("systems", Node::Seq(items), at, &[]);
            }
            let comment = vec![format!(
                "cloudcensus import: {}",
                book.file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )];
            let written = yaml_out::write(&comment, &root, &["systems"]);
            Draft {
                book: book_index,
                path: out.join(format!("{}.yaml", file_stem(&id))),
                id,
                written,
                failed: failed || !ok || book_failed,
            }
        })
        .collect()
}

fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Puts an endpoint or a service row under its system. `system_at` is
/// the system's row: a `public_services` the service rows call for, and
/// the row does not fill, is missing there.
fn attach(system: &mut Node, sheet: Sheet, node: Node, at: At, system_at: Option<At>) {
    let (parent, key, list_at) = match sheet {
        Sheet::Services => {
            let here = system_at.map_or(at, |a| At {
                group: "public_services",
                ..a
            });
            if system.entry_mut("public_services").is_none() {
                system.insert_before(
                    "public_services",
                    Node::Map(Vec::new()),
                    here,
                    &["endpoints", "tags"],
                );
            }
            (system.entry_mut("public_services"), "services", here)
        }
        _ => (Some(system), "endpoints", at),
    };
    let Some(parent) = parent else { return };
    if parent.entry_mut(key).is_none() {
        parent.insert_before(key, Node::Seq(Vec::new()), list_at, &["tags"]);
    }
    if let Some(Node::Seq(items)) = parent.entry_mut(key) {
        items.push((node, at));
    }
}

fn link_column(map: &[Option<usize>], headers: &Headers, role: Role) -> Option<usize> {
    map.iter()
        .position(|f| f.is_some_and(|f| headers.facts[f].column.role == role))
}

/// One row as a YAML map, its fields in the model's order; the text of
/// its `id` cell; whether every cell could be read.
fn row_node(
    t: usize,
    table: &Table,
    row: &Row,
    map: &[Option<usize>],
    headers: &Headers,
    diagnostics: &mut Diagnostics,
) -> (Node, Option<String>, bool) {
    let mut cells: Vec<(usize, usize)> = map
        .iter()
        .enumerate()
        .filter_map(|(column, f)| f.map(|f| (f, column)))
        .filter(|(f, _)| headers.facts[*f].column.role == Role::Field)
        .collect();
    cells.sort();
    let mut root = Node::Map(Vec::new());
    let mut id = None;
    let mut ok = true;
    for (f, column) in cells {
        let facts = &headers.facts[f];
        let value = row.get(column);
        if let Value::Error(message) = value {
            diagnostics.error(table.at(row.number, column), message.clone());
            ok = false;
            continue;
        }
        let Some(node) = node_of(facts, value) else {
            continue;
        };
        let path = facts.column.path;
        if path == "id" {
            id = Some(read::text_of(value));
        }
        let (group, key) = match path.split_once('.') {
            Some((group, key)) => (group, key),
            None => ("", path),
        };
        let at = At {
            table: t,
            row: row.number,
            column,
            group,
        };
        // `path` is 'static: so are its pieces.
        let (group, key) = split_static(facts.column.path, group.len(), key.len());
        if group.is_empty() {
            root.insert_before(key, node, at, &[]);
        } else {
            if root.entry_mut(group).is_none() {
                root.insert_before(group, Node::Map(Vec::new()), at, &[]);
            }
            if let Some(Node::Map(entries)) = root.entry_mut(group) {
                entries.push((key, node, at));
            }
        }
    }
    (root, id, ok)
}

fn split_static(path: &'static str, group: usize, key: usize) -> (&'static str, &'static str) {
    (&path[..group], &path[path.len() - key..])
}

/// A cell as the YAML value of its column's kind; `None` for an empty
/// cell, or one holding the field's default.
fn node_of(facts: &Facts, value: &Value) -> Option<Node> {
    let text = read::text_of(value);
    if text.is_empty() || facts.default.as_deref() == Some(text.as_str()) {
        return None;
    }
    Some(match (facts.kind, value) {
        (Kind::Integer { .. }, Value::Number(n)) => Node::Scalar(number_text(*n)),
        (Kind::Integer { .. }, Value::Text(t)) if t.trim().parse::<i64>().is_ok() => {
            Node::Scalar(t.trim().to_string())
        }
        (Kind::Bool, Value::Bool(b)) => Node::Scalar(b.to_string()),
        (Kind::Bool, Value::Text(t))
            if matches!(t.trim().to_lowercase().as_str(), "true" | "false") =>
        {
            Node::Scalar(t.trim().to_lowercase())
        }
        (Kind::Date, Value::Number(n)) => Node::Scalar(number_text(*n)),
        (Kind::List, _) => {
            let items: Vec<(Node, At)> = text
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| (Node::text(item), NOWHERE))
                .collect();
            Node::Seq(items)
        }
        _ => Node::text(&text),
    })
}

/// Placeholder for list items: `check` places them at their list's cell.
const NOWHERE: At = At {
    table: usize::MAX,
    row: 0,
    column: 0,
    group: "",
};

/// Reads every draft as an inventory file is read and checks them all
/// together; each diagnostic is moved to its cell.
fn check(
    books: &[Book],
    mut drafts: Vec<Draft>,
    headers: &Headers,
    diagnostics: &mut Diagnostics,
) -> Vec<AgencyFile> {
    let mut inventory = Inventory::default();
    let mut origin: HashMap<PathBuf, usize> = HashMap::new();
    let mut parse_diagnostics = Vec::new();
    for (index, draft) in drafts.iter_mut().enumerate() {
        fill_list_items(&mut draft.written);
        let source = Arc::new(SourceText {
            path: draft.path.clone(),
            text: draft.written.text.clone(),
        });
        let mut found = Diagnostics::default();
        let entries: Vec<AgencyEntry> = entries_of(&source, &mut found);
        parse_diagnostics.push(found);
        origin.insert(draft.path.clone(), index);
        inventory.sources.push(Arc::clone(&source));
        inventory.agencies.extend(entries);
    }
    let mut across = Diagnostics::default();
    validate(
        &inventory,
        None,
        Coverage {
            whole: false,
            strict: false,
        },
        &mut across,
    );
    let mut bad = vec![false; drafts.len()];
    let all = parse_diagnostics
        .into_iter()
        .flat_map(|d| d.iter().cloned().collect::<Vec<_>>())
        .chain(across.iter().cloned());
    for diagnostic in all {
        let owner = origin.get(&diagnostic.location.file).copied();
        let placed = match owner {
            Some(index) => place(diagnostic, &drafts[index], books, &drafts, &origin, headers),
            None => diagnostic,
        };
        if placed.level == crate::diagnostics::Level::Error
            && let Some(index) = owner
        {
            bad[index] = true;
        }
        diagnostics.push(placed);
    }
    drafts
        .into_iter()
        .zip(bad)
        .map(|(draft, bad)| AgencyFile {
            ok: !bad && !draft.failed,
            id: draft.id,
            path: draft.path,
            text: draft.written.text,
        })
        .collect()
}

/// List items carry no cell of their own: each takes its list's.
fn fill_list_items(written: &mut Written) {
    let mut last = None;
    for at in &mut written.lines {
        match at {
            Some(a) if a.table == usize::MAX => *at = last,
            Some(a) => last = Some(*a),
            None => {}
        }
    }
}

/// `diagnostic`, found in a draft's YAML, at the cell its line came from.
fn place(
    diagnostic: Diagnostic,
    draft: &Draft,
    books: &[Book],
    drafts: &[Draft],
    origin: &HashMap<PathBuf, usize>,
    headers: &Headers,
) -> Diagnostic {
    let Some(at) = line_origin(draft, diagnostic.location.line) else {
        return Diagnostic {
            location: Location::file(&book_of(books, draft).file),
            ..diagnostic
        };
    };
    let book = book_of(books, draft);
    let Some(table) = book.tables.get(at.table) else {
        return diagnostic;
    };
    let mut column = at.column;
    // A missing field is reported at the object that lacks it: point at
    // the field's own cell in the row when the sheet has the column.
    let inner = without_path(&diagnostic.message);
    if inner.id() == "diag-yaml-missing-field"
        && let Some(name) = inner.text("name")
    {
        let name = name.trim_matches('`');
        let wanted = if at.group.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", at.group)
        };
        let header = table.header.cells.iter().position(|cell| {
            let text = read::text_of(cell);
            headers.find(table.sheet, &text).is_some_and(|f| {
                let path = headers.facts[f].column.path;
                path == wanted || path.starts_with(&format!("{wanted}."))
            })
        });
        if let Some(header) = header {
            column = header;
        }
    }
    let mut hint = diagnostic.hint.map(|h| *h);
    if hint.is_none() && is_date_problem(inner) {
        hint = Some(Message::new("wb-hint-date"));
    }
    // "also defined at FILE:LINE:COL" names a draft's line: name its cell.
    if let Some(h) = &hint
        && let Some(text) = h.text("at")
        && let Some(cell) = cell_of_text(text, books, drafts, origin)
    {
        hint = Some(h.clone().arg("at", cell.to_string()));
    }
    Diagnostic::new(
        diagnostic.level,
        table.at(at.row, column),
        diagnostic.message,
    )
    .with_hint(hint)
}

fn is_date_problem(message: &Message) -> bool {
    message.id() == "diag-field-date-format"
        || (message.id() == "diag-yaml-invalid-type"
            && message.text("expected").is_some_and(|e| e.contains("date")))
}

fn book_of<'a>(books: &'a [Book], draft: &Draft) -> &'a Book {
    &books[draft.book.min(books.len().saturating_sub(1))]
}

fn line_origin(draft: &Draft, line: usize) -> Option<At> {
    let lines = &draft.written.lines;
    let index = line.checked_sub(1)?;
    // Past the end (an error at the end of the text): the last line's.
    lines
        .get(index.min(lines.len().saturating_sub(1)))
        .copied()
        .flatten()
        .or_else(|| lines.iter().rev().find_map(|at| *at))
}

/// The cell a `FILE:LINE:COL` text of a draft stands for.
fn cell_of_text(
    text: &str,
    books: &[Book],
    drafts: &[Draft],
    origin: &HashMap<PathBuf, usize>,
) -> Option<Location> {
    let mut parts = text.rsplitn(3, ':');
    let _column = parts.next()?;
    let line: usize = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    let index = *origin.get(Path::new(file))?;
    let draft = &drafts[index];
    let at = line_origin(draft, line)?;
    let book = book_of(books, draft);
    Some(book.tables.get(at.table)?.at(at.row, at.column))
}
