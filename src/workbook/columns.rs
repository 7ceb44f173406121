//! The workbook's columns: on which sheet, for which field of the
//! inventory, and what the inventory's JSON Schema says of that field
//! (its description, whether it is required, its kind of value, its
//! default). The schema is the one `cloudcensus schema inventory` prints,
//! made from the model's types, so the template's notes and the importer's
//! reading follow the model without a second list to keep in step; the
//! dropdowns list the model's own keywords (`keyword_enum!`).

use serde_json::Value as Json;

use crate::inventory::model::{
    AgencyKind, Criticality, DataClassification, Expectation, HostingModel, InventoryDocument,
    Lifecycle, MigrationStatus, MigrationStrategy, ServiceLevel,
};
use crate::report::Labels;

/// The sheets of a workbook, in the order the template has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sheet {
    Agencies,
    Systems,
    Endpoints,
    Services,
}

impl Sheet {
    pub const ALL: [Sheet; 4] = [
        Sheet::Agencies,
        Sheet::Systems,
        Sheet::Endpoints,
        Sheet::Services,
    ];

    /// The key of the sheet in message ids (`wb-sheet-systems`).
    pub fn key(self) -> &'static str {
        match self {
            Sheet::Agencies => "agencies",
            Sheet::Systems => "systems",
            Sheet::Endpoints => "endpoints",
            Sheet::Services => "services",
        }
    }

    /// The sheet's name in the language of `labels`.
    pub fn name(self, labels: &Labels) -> String {
        labels.get(&format!("wb-sheet-{}", self.key()))
    }

    /// The schema definition one row of the sheet fills.
    fn definition(self) -> &'static str {
        match self {
            Sheet::Agencies => "Agency",
            Sheet::Systems => "System",
            Sheet::Endpoints => "Endpoint",
            Sheet::Services => "PublicService",
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A field of the row's object, at `path` below it.
    Field,
    /// The id of the agency the row belongs to (sheets below the agency).
    Agency,
    /// The id of the system the row belongs to (endpoints, services).
    System,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub sheet: Sheet,
    /// The field below the row's object, dotted: `hosting.model`.
    pub path: &'static str,
    pub role: Role,
    /// The values the dropdown offers, for a keyword field.
    pub keywords: &'static [&'static str],
}

const fn field(sheet: Sheet, path: &'static str) -> Column {
    Column {
        sheet,
        path,
        role: Role::Field,
        keywords: &[],
    }
}

const fn keyword(sheet: Sheet, path: &'static str, keywords: &'static [&'static str]) -> Column {
    Column {
        sheet,
        path,
        role: Role::Field,
        keywords,
    }
}

const fn link(sheet: Sheet, role: Role) -> Column {
    Column {
        sheet,
        path: match role {
            Role::System => "system",
            _ => "agency",
        },
        role,
        keywords: &[],
    }
}

use Sheet::{Agencies, Endpoints, Services, Systems};

/// Every column, sheet by sheet, each sheet's fields in the order the
/// model declares them (the order imported YAML writes them in).
pub const COLUMNS: &[Column] = &[
    field(Agencies, "id"),
    field(Agencies, "name"),
    keyword(Agencies, "kind", AgencyKind::KEYWORDS),
    field(Agencies, "contact"),
    field(Agencies, "parent"),
    field(Agencies, "tags"),
    field(Agencies, "domains"),
    link(Systems, Role::Agency),
    field(Systems, "id"),
    field(Systems, "name"),
    field(Systems, "description"),
    keyword(Systems, "criticality", Criticality::KEYWORDS),
    field(Systems, "security_level"),
    field(Systems, "security_approval.decision"),
    field(Systems, "security_approval.date"),
    field(Systems, "last_security_assessment"),
    keyword(Systems, "data_classification", DataClassification::KEYWORDS),
    field(Systems, "personal_data_users"),
    keyword(Systems, "lifecycle", Lifecycle::KEYWORDS),
    field(Systems, "commissioned"),
    field(Systems, "last_reviewed"),
    keyword(Systems, "hosting.model", HostingModel::KEYWORDS),
    field(Systems, "hosting.provider"),
    field(Systems, "hosting.region"),
    keyword(Systems, "migration.strategy", MigrationStrategy::KEYWORDS),
    keyword(Systems, "migration.status", MigrationStatus::KEYWORDS),
    field(Systems, "migration.wave"),
    field(Systems, "migration.target_date"),
    field(Systems, "migration.note"),
    field(Systems, "public_services.total"),
    field(Systems, "public_services.fully_online"),
    field(Systems, "public_services.mobile_ready"),
    field(Systems, "tags"),
    link(Endpoints, Role::Agency),
    link(Endpoints, Role::System),
    field(Endpoints, "url"),
    keyword(Endpoints, "expect", Expectation::KEYWORDS),
    link(Services, Role::Agency),
    link(Services, Role::System),
    field(Services, "code"),
    field(Services, "name"),
    keyword(Services, "level", ServiceLevel::KEYWORDS),
    field(Services, "online_payment"),
    // Several values in one cell; no dropdown, which offers one.
    field(Services, "result_delivery"),
    field(Services, "national_portal_id"),
];

/// Fields that are not columns: lists of objects that have a sheet of
/// their own.
#[cfg(test)]
pub const OWN_SHEETS: &[&str] = &[
    "systems",
    "systems.endpoints",
    "systems.public_services.services",
];

/// The kind of value a column takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    Date,
    Keyword,
    Bool,
    /// Several texts, separated by commas, semicolons or new lines.
    List,
}

/// What the schema says of a column's field.
#[derive(Debug, Clone)]
pub struct Facts {
    pub column: Column,
    pub kind: Kind,
    /// Required in its object (with `nested`, when that object is given).
    pub required: bool,
    /// The object the field is in is optional (`migration.status`).
    pub nested: Option<&'static str>,
    pub description: Option<String>,
    /// The value an empty cell means, as the model writes it.
    pub default: Option<String>,
}

impl Facts {
    /// The header of the column in the language of `labels`.
    pub fn header(&self, labels: &Labels) -> String {
        labels.get(&self.label_id())
    }

    pub fn label_id(&self) -> String {
        format!(
            "wb-col-{}-{}",
            self.column.sheet.key(),
            self.column.path.replace(['.', '_'], "-")
        )
    }

    pub fn note_id(&self) -> String {
        self.label_id().replacen("wb-col-", "wb-note-", 1)
    }
}

/// The facts of every column, read from the inventory's JSON Schema.
pub fn all() -> Vec<Facts> {
    let schema = schema();
    COLUMNS
        .iter()
        .map(|column| facts(&schema, *column))
        .collect()
}

pub fn schema() -> Json {
    serde_json::to_value(schemars::schema_for!(InventoryDocument)).unwrap_or_default()
}

fn facts(schema: &Json, column: Column) -> Facts {
    if column.role != Role::Field {
        return Facts {
            column,
            kind: Kind::Text,
            required: false,
            nested: None,
            description: None,
            default: None,
        };
    }
    let mut object = definition(schema, column.sheet.definition());
    let mut required = true;
    let mut nested = None;
    let mut leaf = &Json::Null;
    let mut property = &Json::Null;
    let steps: Vec<&str> = column.path.split('.').collect();
    for (index, step) in steps.iter().enumerate() {
        let here_required = object["required"]
            .as_array()
            .is_some_and(|names| names.iter().any(|n| n == step));
        property = &object["properties"][step];
        leaf = resolve(schema, property);
        if index + 1 < steps.len() {
            if !here_required {
                nested = Some(&column.path[..column.path.find('.').unwrap_or(0)]);
            }
            object = leaf;
        } else {
            required = here_required;
        }
    }
    // Doc comments break their lines; a note flows.
    let description = property["description"]
        .as_str()
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "));
    let default = property["default"].as_str().map(str::to_string);
    Facts {
        column,
        kind: kind_of(schema, leaf),
        required,
        nested,
        description,
        default,
    }
}

fn definition<'a>(schema: &'a Json, name: &str) -> &'a Json {
    &schema["$defs"][name]
}

/// The schema a property stands for: its `$ref`, or the one not-null
/// choice of an `anyOf` (an `Option`).
pub fn resolve<'a>(schema: &'a Json, property: &'a Json) -> &'a Json {
    if let Some(reference) = property["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return resolve(schema, definition(schema, name));
    }
    if let Some(choices) = property["anyOf"].as_array()
        && let Some(choice) = choices.iter().find(|c| c["type"] != "null")
    {
        return resolve(schema, choice);
    }
    property
}

fn types(leaf: &Json) -> Vec<&str> {
    match &leaf["type"] {
        Json::String(name) => vec![name.as_str()],
        Json::Array(names) => names.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

fn kind_of(schema: &Json, leaf: &Json) -> Kind {
    if leaf.get("enum").is_some() || leaf.get("oneOf").is_some() || leaf.get("const").is_some() {
        return Kind::Keyword;
    }
    let types = types(leaf);
    if types.contains(&"array") {
        let items = resolve(schema, &leaf["items"]);
        return match kind_of(schema, items) {
            Kind::Text | Kind::Keyword => Kind::List,
            other => other,
        };
    }
    if leaf["format"] == "date" {
        return Kind::Date;
    }
    if types.contains(&"integer") {
        return Kind::Integer {
            min: leaf["minimum"].as_i64(),
            max: leaf["maximum"].as_i64(),
        };
    }
    if types.contains(&"boolean") {
        return Kind::Bool;
    }
    Kind::Text
}

/// The values of a keyword field as the schema lists them.
#[cfg(test)]
pub fn schema_keywords(leaf: &Json) -> Vec<String> {
    let mut words = Vec::new();
    let mut add = |value: &Json| {
        if let Some(word) = value.as_str() {
            words.push(word.to_string());
        }
    };
    for value in leaf["enum"].as_array().into_iter().flatten() {
        add(value);
    }
    add(&leaf["const"]);
    for choice in leaf["oneOf"].as_array().into_iter().flatten() {
        for word in schema_keywords(choice) {
            words.push(word);
        }
    }
    words
}

/// Every leaf field of the inventory, dotted from the document
/// (`systems.hosting.model`), lists of objects walked into.
#[cfg(test)]
pub fn schema_leaves(schema: &Json) -> Vec<String> {
    fn walk(schema: &Json, object: &Json, prefix: &str, out: &mut Vec<String>) {
        let Some(properties) = object["properties"].as_object() else {
            return;
        };
        for (name, property) in properties {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            let leaf = resolve(schema, property);
            if leaf.get("properties").is_some() {
                walk(schema, leaf, &path, out);
            } else if types(leaf).contains(&"array") {
                let items = resolve(schema, &leaf["items"]);
                if items.get("properties").is_some() {
                    out.push(path.clone());
                    walk(schema, items, &path, out);
                } else {
                    out.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(schema, schema, "", &mut out);
    out
}

/// The leaf path of a column, dotted from the document.
#[cfg(test)]
pub fn document_path(column: &Column) -> String {
    let above = match column.sheet {
        Sheet::Agencies => "agency",
        Sheet::Systems => "systems",
        Sheet::Endpoints => "systems.endpoints",
        Sheet::Services => "systems.public_services.services",
    };
    format!("{above}.{}", column.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Lang;

    /// A field the model gains must get a column (or a sheet), and every
    /// column must name a field of the model.
    #[test]
    fn every_field_of_the_model_has_a_column() {
        let schema = schema();
        let leaves = schema_leaves(&schema);
        let columns: Vec<String> = COLUMNS
            .iter()
            .filter(|c| c.role == Role::Field)
            .map(document_path)
            .collect();
        let uncovered: Vec<&String> = leaves
            .iter()
            .filter(|leaf| !columns.contains(leaf) && !OWN_SHEETS.contains(&leaf.as_str()))
            .collect();
        assert!(uncovered.is_empty(), "no column for {uncovered:?}");
        let unknown: Vec<&String> = columns.iter().filter(|c| !leaves.contains(c)).collect();
        assert!(unknown.is_empty(), "columns for no field: {unknown:?}");
    }

    /// The dropdowns offer what the schema allows, and every keyword field
    /// has one.
    #[test]
    fn dropdowns_are_the_schema_choices() {
        let schema = schema();
        for facts in all() {
            let column = facts.column;
            if facts.kind == Kind::Keyword {
                let mut object = definition(&schema, column.sheet.definition());
                let mut leaf = &Json::Null;
                for step in column.path.split('.') {
                    leaf = resolve(&schema, &object["properties"][step]);
                    object = leaf;
                }
                let mut allowed = schema_keywords(leaf);
                let mut offered: Vec<String> =
                    column.keywords.iter().map(|k| k.to_string()).collect();
                allowed.sort();
                offered.sort();
                assert_eq!(offered, allowed, "{}", column.path);
            } else if column.path != "result_delivery" {
                assert!(column.keywords.is_empty(), "{}", column.path);
            }
        }
        let delivery = all()
            .into_iter()
            .find(|f| f.column.path == "result_delivery")
            .unwrap();
        assert_eq!(delivery.kind, Kind::List);
        assert_eq!(
            crate::inventory::model::ResultDelivery::KEYWORDS,
            ["online", "post", "in-person"]
        );
    }

    #[test]
    fn facts_follow_the_schema() {
        let facts = all();
        let find = |sheet: Sheet, path: &str| {
            facts
                .iter()
                .find(|f| f.column.sheet == sheet && f.column.path == path)
                .unwrap()
        };
        let level = find(Systems, "security_level");
        assert_eq!(
            level.kind,
            Kind::Integer {
                min: Some(1),
                max: Some(5)
            }
        );
        assert!(!level.required);
        assert!(level.description.as_deref().unwrap().contains("Decree 85"));
        assert!(find(Systems, "hosting.model").required);
        assert_eq!(find(Systems, "hosting.model").nested, None);
        assert_eq!(find(Systems, "migration.status").nested, Some("migration"));
        assert!(find(Systems, "migration.status").required);
        assert_eq!(find(Systems, "last_reviewed").kind, Kind::Date);
        assert_eq!(
            find(Systems, "lifecycle").default.as_deref(),
            Some("production")
        );
        assert_eq!(find(Agencies, "domains").kind, Kind::List);
        assert_eq!(find(Services, "online_payment").kind, Kind::Bool);
    }

    /// Every header and every note has its text in both languages; the
    /// English note is the schema's description itself (en.ftl only
    /// passes it on), the Vietnamese one its translation.
    #[test]
    fn headers_and_notes_in_both_languages() {
        for lang in Lang::ALL {
            let labels = Labels::new(lang);
            for sheet in Sheet::ALL {
                assert_ne!(sheet.name(&labels), format!("wb-sheet-{}", sheet.key()));
            }
            for facts in all() {
                assert_ne!(facts.header(&labels), facts.label_id(), "{lang:?}");
                let note = labels.get(&facts.note_id());
                if facts.description.is_some() {
                    assert_ne!(note, facts.note_id(), "{lang:?} lacks the note");
                } else {
                    assert_eq!(note, facts.note_id(), "a note the schema does not have");
                }
            }
        }
        let en = Labels::new(Lang::En);
        for facts in all() {
            if let Some(description) = &facts.description {
                let id = facts.note_id();
                assert_eq!(
                    en.with(&id, &[("description", description.as_str().into())]),
                    *description
                );
            }
        }
    }
}
