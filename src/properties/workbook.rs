//! Import after export is the identity: a generated inventory exported to
//! the workbook agencies fill in and imported back is the same inventory,
//! document for document, in either language of the workbook.

use std::path::Path;

use proptest::prelude::*;

use super::{config, inventory, write_one_per_file};
use crate::diagnostics::Diagnostics;
use crate::inventory::model::InventoryDocument;
use crate::report::{Labels, Lang};
use crate::workbook::write::{AgencyRows, save};

/// Every inventory document under `dir`, as the model reads it, by
/// agency id.
fn documents(dir: &Path) -> Vec<(String, serde_yaml::Value)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("file");
        for document in serde_yaml::Deserializer::from_str(&text) {
            let document: InventoryDocument =
                serde::Deserialize::deserialize(document).expect("an inventory document");
            all.push((
                document.agency.id.as_str().to_string(),
                serde_yaml::to_value(&document).expect("YAML"),
            ));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn import_after_export_gives_the_inventory_back(
        agencies in inventory(),
        vietnamese in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let original = dir.path().join("inventories");
        write_one_per_file(&original, &agencies);
        let mut diagnostics = Diagnostics::default();
        let inventory = crate::inventory::load(std::slice::from_ref(&original), &mut diagnostics);
        prop_assert!(!diagnostics.has_errors());
        let rows: Vec<AgencyRows<'_>> = inventory
            .agencies
            .iter()
            .map(|entry| AgencyRows { agency: &entry.agency, systems: &entry.systems })
            .collect();
        let lang = if vietnamese { Lang::Vi } else { Lang::En };
        let book = dir.path().join("all.xlsx");
        save(&book, &Labels::new(lang), &rows).expect("the workbook is written");

        let back = dir.path().join("back");
        let files = crate::workbook::import::import(&[book], &back, &mut diagnostics);
        let labels = Labels::new(Lang::En);
        prop_assert!(!diagnostics.has_errors(), "{}", diagnostics.render(&labels));
        prop_assert_eq!(files.len(), agencies.len());
        // As `cloudcensus import` writes them.
        std::fs::create_dir_all(&back).expect("folder");
        for file in &files {
            prop_assert!(file.ok);
            std::fs::write(&file.path, &file.text).expect("file");
        }
        prop_assert_eq!(documents(&back), documents(&original));
    }
}
