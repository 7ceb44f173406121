//! A target's value is the same however the inventory is split into
//! files (one agency a file, several `---` documents in one, files in
//! sub-folders) and in whatever order the files are read.

use proptest::prelude::*;

use super::{
    GenAgency, agency_yaml, config, inventory, scan, shipped_policies, write_one_per_file,
};
use crate::scan::ScanResult;

/// Agencies in a shuffled order, cut into files of one or more
/// documents; each file named so that the reading order is shuffled too.
#[derive(Debug, Clone)]
struct Layout {
    agencies: Vec<GenAgency>,
    /// Agency indices in the order they are written.
    order: Vec<usize>,
    /// Where each file ends in `order` (the last is `order.len()`).
    cuts: Vec<usize>,
    /// Per file: its name's rank and whether it goes in a sub-folder.
    names: Vec<(u32, bool)>,
}

fn layout() -> impl Strategy<Value = Layout> {
    inventory().prop_flat_map(|agencies| {
        let n = agencies.len();
        (
            Just(agencies),
            Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
            prop::collection::btree_set(1..=n, 0..n),
            prop::collection::vec((any::<u32>(), any::<bool>()), n),
        )
            .prop_map(move |(agencies, order, cuts, names)| {
                let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c < n).collect();
                cuts.push(n);
                Layout {
                    agencies,
                    order,
                    cuts,
                    names,
                }
            })
    })
}

fn write_layout(dir: &std::path::Path, layout: &Layout) {
    let mut start = 0;
    for (file, &end) in layout.cuts.iter().enumerate() {
        let (rank, nested) = layout.names[file];
        let folder = if nested {
            dir.join("sub")
        } else {
            dir.to_path_buf()
        };
        std::fs::create_dir_all(&folder).expect("folder");
        let documents: Vec<String> = layout.order[start..end]
            .iter()
            .map(|&index| agency_yaml(index, &layout.agencies[index]))
            .collect();
        std::fs::write(
            folder.join(format!("f{rank:010}-{file}.yaml")),
            documents.join("---\n"),
        )
        .expect("file");
        start = end;
    }
}

/// What a target's value is: id, counted, out of, percent, status.
fn target_values(scan: &ScanResult) -> Vec<(String, f64, f64, Option<f64>, String)> {
    scan.targets
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                t.numerator,
                t.denominator,
                t.percent,
                format!("{:?}", t.status),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_targets_value_does_not_depend_on_how_the_inventory_is_split(layout in layout()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let policies = [shipped_policies()];
        write_one_per_file(&dir.path().join("one"), &layout.agencies);
        write_layout(&dir.path().join("split"), &layout);
        let one = scan(&dir.path().join("one"), &policies);
        let split = scan(&dir.path().join("split"), &policies);
        prop_assert!(!one.targets.is_empty());
        prop_assert_eq!(target_values(&one), target_values(&split));
        let totals = |s: &ScanResult| serde_json::to_value(&s.totals).expect("totals");
        prop_assert_eq!(totals(&one), totals(&split));
    }
}
