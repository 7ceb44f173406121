//! Workbooks out: the template (no rows) and the inventory exported to it
//! (a row per agency, system, endpoint and service), both with headers in
//! the reader's language, a note on each header saying what goes there,
//! a dropdown on every keyword column, date, text and number formats on
//! the columns, and the header row frozen.

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatBorder, Note, Workbook, Worksheet, XlsxError,
};
use serde_yaml::Value as Yaml;

use super::columns::{Facts, Kind, Role, Sheet};
use super::read::MAX_ROWS;
use crate::fields::IsoDate;
use crate::inventory::model::{Agency, System};
use crate::report::Labels;

/// One agency and its systems, as the export writes them.
pub struct AgencyRows<'a> {
    pub agency: &'a Agency,
    pub systems: &'a [System],
}

/// Writes the workbook to `path`: the template when `agencies` is empty.
pub fn save(path: &Path, labels: &Labels, agencies: &[AgencyRows<'_>]) -> Result<(), XlsxError> {
    let mut workbook = build(labels, agencies)?;
    workbook.save(path)
}

pub fn build(labels: &Labels, agencies: &[AgencyRows<'_>]) -> Result<Workbook, XlsxError> {
    let facts = super::columns::all();
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    for sheet in Sheet::ALL {
        let columns: Vec<&Facts> = facts.iter().filter(|f| f.column.sheet == sheet).collect();
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name(labels))?;
        header(worksheet, labels, &columns, &formats)?;
        let mut row = 1u32;
        for entry in agencies {
            let agency = yaml_of(entry.agency);
            match sheet {
                Sheet::Agencies => {
                    write_row(worksheet, row, &columns, &agency, &[], &formats)?;
                    row += 1;
                }
                _ => {
                    for system in entry.systems {
                        let system_yaml = yaml_of(system);
                        let links = [
                            (Role::Agency, entry.agency.id.as_str()),
                            (Role::System, system.id.as_str()),
                        ];
                        let objects: Vec<&Yaml> = match sheet {
                            Sheet::Systems => vec![&system_yaml],
                            Sheet::Endpoints => items(&system_yaml, "endpoints"),
                            _ => items(&system_yaml["public_services"], "services"),
                        };
                        for object in objects {
                            write_row(worksheet, row, &columns, object, &links, &formats)?;
                            row += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(workbook)
}

fn yaml_of<T: serde::Serialize>(value: &T) -> Yaml {
    serde_yaml::to_value(value).unwrap_or(Yaml::Null)
}

fn items<'a>(value: &'a Yaml, key: &str) -> Vec<&'a Yaml> {
    value[key]
        .as_sequence()
        .map(|items| items.iter().collect())
        .unwrap_or_default()
}

struct Formats {
    header: Format,
    text: Format,
    date: Format,
    integer: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color("#DDEBF7")
                .set_border_bottom(FormatBorder::Thin),
            text: Format::new().set_num_format("@"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            integer: Format::new().set_num_format("0"),
        }
    }

    fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Date => &self.date,
            Kind::Integer { .. } => &self.integer,
            _ => &self.text,
        }
    }
}

/// The header row: names, notes, column formats, dropdowns, frozen.
fn header(
    worksheet: &mut Worksheet,
    labels: &Labels,
    columns: &[&Facts],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let last_row = MAX_ROWS - 1;
    for (index, facts) in columns.iter().enumerate() {
        let col = index as u16;
        let name = facts.header(labels);
        worksheet.set_column_width(col, (name.chars().count() as f64 + 4.0).clamp(12.0, 40.0))?;
        if facts.kind != Kind::Bool {
            worksheet.set_column_format(col, formats.of(facts.kind))?;
        }
        worksheet.write_string_with_format(0, col, &name, &formats.header)?;
        let note = Note::new(note_text(facts, labels))
            .set_author("cloudcensus")
            .add_author_prefix(false)
            .set_width(320)
            .set_height(160);
        worksheet.insert_note(0, col, &note)?;
        if let Some(validation) = validation(facts, labels)? {
            worksheet.add_data_validation(1, col, last_row, col, &validation)?;
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// What a cell of the column may take: a dropdown of the keywords, or a
/// whole number in the schema's range (Excel and LibreOffice say no to
/// anything else as it is typed; import checks again).
fn validation(facts: &Facts, labels: &Labels) -> Result<Option<DataValidation>, XlsxError> {
    let (validation, message) = match facts.kind {
        _ if !facts.column.keywords.is_empty() => (
            DataValidation::new().allow_list_strings(facts.column.keywords)?,
            labels.with(
                "wb-dropdown-message",
                &[("choices", facts.column.keywords.join(", ").into())],
            ),
        ),
        Kind::Integer { min, max } => {
            let bound = |n: Option<i64>| n.and_then(|n| i32::try_from(n).ok());
            let rule = match (bound(min), bound(max)) {
                (Some(min), Some(max)) => DataValidationRule::Between(min, max),
                (Some(min), None) => DataValidationRule::GreaterThanOrEqualTo(min),
                _ => return Ok(None),
            };
            (
                DataValidation::new().allow_whole_number(rule),
                note_kind(facts, labels),
            )
        }
        _ => return Ok(None),
    };
    let validation = validation
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title(labels.get("wb-dropdown-title"))?
        .set_error_message(message)?;
    Ok(Some(validation))
}

/// What goes in a column: the field's description (the schema's, or its
/// Vietnamese translation), then whether it is required, and the kind of
/// value with its choices, range or default.
pub fn note_text(facts: &Facts, labels: &Labels) -> String {
    let mut lines = Vec::new();
    match facts.column.role {
        Role::Agency => lines.push(labels.get("wb-note-link-agency")),
        Role::System => lines.push(labels.get("wb-note-link-system")),
        Role::Field => {}
    }
    if let Some(description) = &facts.description {
        lines.push(labels.with(
            &facts.note_id(),
            &[("description", description.as_str().into())],
        ));
    }
    if facts.required {
        lines.push(match facts.nested {
            Some(group) => labels.with("wb-note-required-with", &[("group", group.into())]),
            None => labels.get("wb-note-required"),
        });
    }
    lines.push(note_kind(facts, labels));
    if let Some(default) = &facts.default {
        lines.push(labels.with("wb-note-default", &[("value", default.as_str().into())]));
    }
    lines.join("\n")
}

/// The kind of value a column takes, in a sentence.
fn note_kind(facts: &Facts, labels: &Labels) -> String {
    match facts.kind {
        Kind::Text => labels.get("wb-note-text"),
        Kind::Keyword => labels.with(
            "wb-note-keyword",
            &[("choices", facts.column.keywords.join(", ").into())],
        ),
        Kind::Date => labels.get("wb-note-date"),
        Kind::Integer {
            min: Some(min),
            max: Some(max),
        } => labels.with("wb-note-range", &[("min", min.into()), ("max", max.into())]),
        Kind::Integer { .. } => labels.get("wb-note-integer"),
        Kind::Bool => labels.get("wb-note-bool"),
        Kind::List => labels.get("wb-note-list"),
    }
}

fn write_row(
    worksheet: &mut Worksheet,
    row: u32,
    columns: &[&Facts],
    object: &Yaml,
    links: &[(Role, &str)],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (index, facts) in columns.iter().enumerate() {
        let col = index as u16;
        if facts.column.role != Role::Field {
            if let Some((_, id)) = links.iter().find(|(role, _)| *role == facts.column.role) {
                worksheet.write_string(row, col, *id)?;
            }
            continue;
        }
        let mut value = object;
        for step in facts.column.path.split('.') {
            value = &value[step];
        }
        match value {
            Yaml::String(text) if facts.kind == Kind::Date => match IsoDate::parse(text) {
                Ok(date) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(date.0.year()).unwrap_or(1900),
                        date.0.month() as u8,
                        date.0.day(),
                    )?;
                    worksheet.write_datetime_with_format(row, col, &date, &formats.date)?;
                }
                Err(_) => {
                    worksheet.write_string(row, col, text)?;
                }
            },
            // A default stays empty: the note says what empty means.
            Yaml::String(text) if facts.default.as_deref() != Some(text.as_str()) => {
                worksheet.write_string(row, col, text)?;
            }
            Yaml::Number(number) => {
                worksheet.write_number(row, col, number.as_f64().unwrap_or_default())?;
            }
            Yaml::Bool(b) => {
                worksheet.write_boolean(row, col, *b)?;
            }
            Yaml::Sequence(items) => {
                let texts: Vec<&str> = items.iter().filter_map(Yaml::as_str).collect();
                if !texts.is_empty() {
                    worksheet.write_string(row, col, texts.join(", "))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
