//! Files and folders in, [`Inventory`] out. Files are read and parsed in
//! parallel; every problem becomes a diagnostic and the good files are kept,
//! so one careless agency never hides the errors of the others.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::model::{Agency, InventoryDocument, System};
use crate::diagnostics::Diagnostics;
use crate::yaml::{SourceText, collect_yaml_files, parse_documents_with, read_source};
use crate::yaml_layout::sequence_item_lines;

/// Every agency read from the inventory files, in file order.
#[derive(Debug, Default)]
pub struct Inventory {
    pub agencies: Vec<AgencyEntry>,
    /// The files read, in the order their agencies appear.
    pub sources: Vec<Arc<SourceText>>,
    /// SHA-256 over the files' paths and contents: identifies the input of a run.
    pub digest: String,
}

#[derive(Debug)]
pub struct AgencyEntry {
    pub agency: Agency,
    pub systems: Vec<System>,
    /// The file the agency was read from.
    pub source: Arc<SourceText>,
    /// Which `---` document of that file.
    pub document: usize,
    /// Per system, the 1-based line its entry starts on (0 when the file's
    /// layout does not tell, e.g. flow style).
    pub system_lines: Vec<usize>,
}

impl Inventory {
    pub fn system_count(&self) -> usize {
        self.agencies.iter().map(|a| a.systems.len()).sum()
    }
}

/// Reads every inventory file under `paths`.
pub fn load(paths: &[PathBuf], diagnostics: &mut Diagnostics) -> Inventory {
    let files = collect_yaml_files(paths, diagnostics);
    let parsed: Vec<(Option<Arc<SourceText>>, Vec<AgencyEntry>, Diagnostics)> = files
        .par_iter()
        .map(|path| {
            let mut file_diagnostics = Diagnostics::default();
            let source = match read_source(path) {
                Ok(source) => Arc::new(source),
                Err(diagnostic) => {
                    file_diagnostics.push(diagnostic);
                    return (None, Vec::new(), file_diagnostics);
                }
            };
            let entries = parse_documents_with::<InventoryDocument>(
                &source,
                &mut file_diagnostics,
                super::recover::more_errors,
            )
            .into_iter()
            .map(|document| {
                // Parsing grew the vector by doubling; the inventory is kept
                // for the whole run, so give the spare room back.
                let mut systems = document.value.systems;
                systems.shrink_to_fit();
                let mut system_lines = sequence_item_lines(&source.text, document.index, "systems");
                if system_lines.len() != systems.len() {
                    system_lines = vec![0; systems.len()];
                }
                AgencyEntry {
                    agency: document.value.agency,
                    systems,
                    source: Arc::clone(&source),
                    document: document.index,
                    system_lines,
                }
            })
            .collect();
            (Some(source), entries, file_diagnostics)
        })
        .collect();

    let mut inventory = Inventory::default();
    for (source, entries, file_diagnostics) in parsed {
        diagnostics.extend(file_diagnostics);
        inventory.sources.extend(source);
        inventory.agencies.extend(entries);
    }
    inventory.digest = digest_of(&inventory.sources);
    inventory
}

/// SHA-256 over each file's path and text, in order.
pub fn digest_of(sources: &[Arc<SourceText>]) -> String {
    let mut hasher = Sha256::new();
    for source in sources {
        hasher.update(source.path.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(source.text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
