//! `schema`, `init` and the generated completions and man page.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::Project;

#[test]
fn schema_describes_each_file_kind() {
    for (kind, field) in [
        ("inventory", "agency"),
        ("policy", "rules"),
        ("providers", "providers"),
        ("scan", "findings"),
    ] {
        let output = Project::new().cmd(&["schema", kind]).output().unwrap();
        assert!(output.status.success());
        let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(
            schema["properties"][field].is_object(),
            "{kind} schema lacks {field}"
        );
    }
}

#[test]
fn init_writes_an_example_that_validates_and_scans() {
    let project = Project::new();
    std::fs::remove_dir_all(project.path("inventories")).unwrap();
    project
        .cmd(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains("created"));
    project.cmd(&["validate"]).assert().code(0);
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let scan: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scan["totals"]["systems"], 2);
    assert_eq!(scan["waivers"][0]["state"], "active");
    // A second init refuses to overwrite.
    project
        .cmd(&["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn completions_and_man_page_are_generated() {
    Project::new()
        .cmd(&["generate", "completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cloudcensus"));
    Project::new()
        .cmd(&["generate", "man"])
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH cloudcensus"));
}
