//! Files and folders in, [`Inventory`] out. Files are read and parsed in
//! parallel; every problem becomes a diagnostic and the good files are kept,
//! so one careless agency never hides the errors of the others.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

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
    /// Systems with mistakes were left out (inventory::recover): the
    /// entry is there for the checks across files only.
    pub partial: bool,
}

impl Inventory {
    pub fn system_count(&self) -> usize {
        self.agencies.iter().map(|a| a.systems.len()).sum()
    }

    /// Frees the files' texts once validation has placed its messages: a
    /// scan keeps the inventory to the end, and the texts are as large as
    /// the files (16 MB for 100,000 systems). Paths stay; reports name the
    /// file each system is declared in.
    pub fn release_texts(&mut self) {
        let mut without_text: HashMap<*const SourceText, Arc<SourceText>> = HashMap::new();
        for source in &mut self.sources {
            let bare = Arc::new(SourceText {
                path: source.path.clone(),
                text: String::new(),
            });
            without_text.insert(Arc::as_ptr(source), Arc::clone(&bare));
            *source = bare;
        }
        for entry in &mut self.agencies {
            if let Some(bare) = without_text.get(&Arc::as_ptr(&entry.source)) {
                entry.source = Arc::clone(bare);
            }
        }
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
            let entries = entries_of(&source, &mut file_diagnostics);
            (Some(source), entries, file_diagnostics)
        })
        .collect();

    let mut inventory = Inventory::default();
    for (source, entries, file_diagnostics) in parsed {
        diagnostics.extend(file_diagnostics);
        inventory.sources.extend(source);
        inventory.agencies.extend(entries);
    }
    inventory.digest = digest_of(&inventory.sources, paths);
    inventory
}

/// The agencies of one inventory text, each mistake in `diagnostics`
/// (also used for the YAML `cloudcensus import` makes, before it is
/// written).
pub fn entries_of(source: &Arc<SourceText>, diagnostics: &mut Diagnostics) -> Vec<AgencyEntry> {
    parse_documents_with::<InventoryDocument>(source, diagnostics, super::recover::more_errors)
        .into_iter()
        .map(|document| {
            // Parsing grew the vectors by doubling (a one-endpoint list
            // holds room for four); the inventory is kept for the whole
            // run, so give the spare room back.
            let mut systems = document.value.systems;
            systems.shrink_to_fit();
            for system in &mut systems {
                system.endpoints.shrink_to_fit();
                system.tags.shrink_to_fit();
            }
            let mut system_lines = sequence_item_lines(&source.text, document.index, "systems");
            let partial = system_lines.len() > systems.len();
            if system_lines.len() != systems.len() {
                system_lines = vec![0; systems.len()];
            }
            AgencyEntry {
                agency: document.value.agency,
                systems,
                source: Arc::clone(source),
                document: document.index,
                system_lines,
                partial,
            }
        })
        .collect()
}

/// SHA-256 over each inventory file's name and text, named by its path
/// below the folder it was found in (see [`crate::digest`]), so writing
/// `./inventories`, or moving the path into the config file, changes
/// nothing.
pub fn digest_of(sources: &[Arc<SourceText>], roots: &[PathBuf]) -> String {
    crate::digest::of_files(sources.iter().map(|source| {
        (
            crate::digest::name_below(&source.path, roots),
            &*source.text,
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loaded_lists_are_tight_and_released_texts_keep_paths() {
        let folder = tempfile::tempdir().unwrap();
        for (file, id) in [("a.yaml", "a"), ("b.yaml", "b")] {
            let text = format!(
                "agency: {{id: {id}, name: Agency {id}, kind: unit}}\n\
                 systems:\n  - {{id: s1, name: One, criticality: low, hosting: {{model: on-premises}},\n      endpoints: [{{url: 'https://{id}.example/'}}], tags: [web]}}\n\
                 ---\n\
                 agency: {{id: {id}2, name: Second {id}, kind: unit}}\n"
            );
            std::fs::write(folder.path().join(file), text).unwrap();
        }
        let mut diagnostics = Diagnostics::default();
        let mut inventory = load(&[folder.path().to_path_buf()], &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        assert_eq!(inventory.agencies.len(), 4);
        // No spare room is kept in the lists parsing grew.
        let system = &inventory.agencies[0].systems[0];
        assert_eq!(system.endpoints.capacity(), 1);
        assert_eq!(system.tags.capacity(), 1);
        assert_eq!(system.endpoints[0].url.as_str(), "https://a.example/");
        let digest = inventory.digest.clone();

        inventory.release_texts();

        assert_eq!(inventory.digest, digest);
        assert!(inventory.sources.iter().all(|s| s.text.is_empty()));
        for entry in &inventory.agencies {
            assert!(entry.source.text.is_empty());
            // Each entry points at its own file's (new) source.
            let file = inventory
                .sources
                .iter()
                .find(|s| Arc::ptr_eq(s, &entry.source))
                .expect("entry shares a source of the inventory");
            let expected = if entry.agency.id.as_str().starts_with('a') {
                "a.yaml"
            } else {
                "b.yaml"
            };
            assert!(file.path.ends_with(expected), "{}", file.path.display());
        }
        // Each file's new source is shared by its two agencies and nothing
        // else: no entry was left on an old source, with its text.
        assert!(inventory.sources.iter().all(|s| Arc::strong_count(s) == 3));
    }
}
