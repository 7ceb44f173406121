//! The record and the history: every generated record validates against
//! `cloudcensus schema scan`; `diff` of a run with itself finds nothing;
//! `report` of a stored run renders, in every format, exactly what the
//! fresh run rendered.

use clap::ValueEnum;
use proptest::prelude::*;

use super::{STORE_CASES, cases, config, inventory, scan, shipped_policies, write_one_per_file};
use crate::cli::SchemaKind;
use crate::history::place::Place;
use crate::history::store::Store;
use crate::report::{Labels, Lang, ReportFormat, ReportOptions, reporter};
use crate::scan::ScanResult;

fn generated_scan(agencies: &[super::GenAgency], dir: &std::path::Path) -> ScanResult {
    write_one_per_file(&dir.join("inventories"), agencies);
    scan(&dir.join("inventories"), &[shipped_policies()])
}

fn store(dir: &std::path::Path) -> Store {
    let place = Place::new(&dir.join("history.sqlite"), None).expect("a file place");
    Store::open(&place).expect("a new store")
}

fn rendered(scan: &ScanResult, format: ReportFormat, lang: Lang) -> Vec<u8> {
    let options = ReportOptions {
        lang,
        ..ReportOptions::default()
    }
    .for_file();
    let mut out = Vec::new();
    reporter(format, &options)
        .render(scan, &mut out)
        .expect("renders into memory");
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_json_record_validates_against_the_scan_schema(agencies in inventory()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let scan = generated_scan(&agencies, dir.path());
        let schema: serde_json::Value = serde_json::from_str(
            &crate::commands::schema::schema_json(SchemaKind::Scan).expect("the schema"),
        )
        .expect("JSON");
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let record: serde_json::Value =
            serde_json::from_slice(&rendered(&scan, ReportFormat::Json, Lang::En))
                .expect("the JSON report");
        let problems: Vec<String> = validator
            .iter_errors(&record)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(5)
            .collect();
        prop_assert!(problems.is_empty(), "{problems:#?}");
    }
}

proptest! {
    #![proptest_config(cases(STORE_CASES))]

    #[test]
    fn diff_of_a_stored_run_with_itself_is_empty(agencies in inventory()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let scan = generated_scan(&agencies, dir.path());
        let mut store = store(dir.path());
        let first = store.record(&scan).expect("recorded");
        let second = store.record(&scan).expect("recorded again");
        let org = scan.organisation.key();
        let (_, old) = store.load(org, Some(first)).expect("read").expect("run");
        let (_, new) = store.load(org, Some(second)).expect("read").expect("run");
        let diff = crate::history::diff::diff(&old, &new);
        prop_assert!(diff.new_failures.is_empty(), "{:?}", diff.new_failures);
        prop_assert!(diff.fixed.is_empty(), "{:?}", diff.fixed);
        prop_assert!(diff.systems_added.is_empty() && diff.systems_removed.is_empty());
        prop_assert!(diff.agencies_added.is_empty() && diff.agencies_removed.is_empty());
        prop_assert!(diff.compliance_changed.is_empty(), "{:?}", diff.compliance_changed);
        prop_assert_eq!(diff.still_failing, scan.failing_identities().count());
        // What `cloudcensus diff` prints: the header, no section.
        let mut text = Vec::new();
        crate::history::diff::write(&mut text, (first, &old), (second, &new), &Labels::new(Lang::En))
            .expect("written");
        let text = String::from_utf8(text).expect("UTF-8");
        prop_assert!(!text.contains(":\n  ") && !text.contains("added") && !text.contains("removed"), "{}", text);
    }

    #[test]
    fn report_of_a_stored_run_equals_the_fresh_output(
        agencies in inventory(),
        vietnamese in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let fresh = generated_scan(&agencies, dir.path());
        let mut store = store(dir.path());
        let id = store.record(&fresh).expect("recorded");
        let (_, stored) = store
            .load(fresh.organisation.key(), Some(id))
            .expect("read")
            .expect("the run");
        let lang = if vietnamese { Lang::Vi } else { Lang::En };
        for &format in ReportFormat::value_variants() {
            let (a, b) = (rendered(&fresh, format, lang), rendered(&stored, format, lang));
            prop_assert!(a == b, "{:?} in {:?} differs:\n{}\n---\n{}", format, lang,
                String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        }
    }
}
