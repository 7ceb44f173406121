//! `cloudcensus schema KIND`: the JSON Schema of a file format, for
//! editors.

use std::io::{self, Write};

use crate::cli::SchemaKind;
use crate::error::{Error, Exit};

pub fn run(kind: SchemaKind) -> Result<Exit, Error> {
    let text = schema_json(kind)?;
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(Exit::Compliant)
}

/// The schema of `kind`, pretty-printed, with a final newline.
pub fn schema_json(kind: SchemaKind) -> Result<String, Error> {
    let schema = match kind {
        SchemaKind::Inventory => schemars::schema_for!(crate::inventory::model::InventoryDocument),
        SchemaKind::Policy => schemars::schema_for!(crate::policy::model::PolicyFile),
        SchemaKind::Providers => schemars::schema_for!(crate::policy::model::ProvidersFile),
        SchemaKind::Scan => schemars::schema_for!(crate::scan::ScanResult),
    };
    let mut text = serde_json::to_string_pretty(&schema).map_err(Error::Schema)?;
    text.push('\n');
    Ok(text)
}
