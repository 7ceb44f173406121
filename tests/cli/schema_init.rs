//! `schema`, `init` and the generated completions and man page.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Project, repo_root};

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

/// Every record the tool writes validates against the schema it prints:
/// the shipped province offline on three nights with history (trends and
/// changes), scoped to one agency, and the hostile fixture with its probes.
#[test]
fn scan_records_validate_against_the_scan_schema() {
    let project = Project::new();
    let schema = project.cmd(&["schema", "scan"]).output().unwrap();
    let schema: Value = serde_json::from_slice(&schema.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let check = |record: &Value, what: &str| {
        let problems: Vec<String> = validator
            .iter_errors(record)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .take(5)
            .collect();
        assert!(problems.is_empty(), "{what}: {problems:#?}");
    };

    let (inventories, policies) = (
        repo_root().join("inventories"),
        repo_root().join("policies"),
    );
    let history = project.path("h.sqlite");
    let mut records = Vec::new();
    for (as_of, agency) in [
        ("2026-10-01", None),
        ("2026-11-01", None),
        ("2026-12-01", None),
        ("2026-12-01", Some("so-yte")),
    ] {
        let mut args = vec!["scan", "--offline", "--format", "json", "--as-of", as_of];
        args.extend(["--history", history.to_str().unwrap()]);
        args.extend([
            "--policies",
            policies.to_str().unwrap(),
            inventories.to_str().unwrap(),
        ]);
        if let Some(agency) = agency {
            args.extend(["--agency", agency]);
        }
        let output = project.cmd(&args).output().unwrap();
        assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
        records.push(serde_json::from_slice::<Value>(&output.stdout).unwrap());
    }
    assert!(records[2]["changes"].is_object() && records[2]["targets"][0]["history"].is_array());
    for (night, record) in records.iter().enumerate() {
        check(record, &format!("shipped scan {night}"));
    }
    let hostile: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("tests/fixtures/scan-hostile.json")).unwrap(),
    )
    .unwrap();
    assert!(!hostile["probes"].as_array().unwrap().is_empty());
    check(&hostile, "hostile fixture");

    // And the check can fail: a keyword the schema does not allow.
    let mut broken = records[0].clone();
    broken["systems"][0]["criticality"] = Value::from("extreme");
    assert!(!validator.is_valid(&broken));
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

/// Issue 12, item 13: `generate` is listed in `--help`.
#[test]
fn issue_12_generate_is_in_the_help() {
    Project::new()
        .cmd(&["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("generate"));
}
