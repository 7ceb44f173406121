//! The scan history: every scan recorded, listed by `runs`, rendered again
//! by `report` exactly as it was; the run lock; damaged and newer stores.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::Project;

fn scan_json(project: &Project, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec![
        "scan",
        "--offline",
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let output = project.cmd(&args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn every_scan_is_recorded_and_renders_again_exactly() {
    let project = Project::good();
    let (_, first) = scan_json(&project, &[]);
    let (_, second) = scan_json(&project, &["--agency", "so-a"]);
    project.cmd(&["runs"]).assert().success().stdout(
        predicate::str::contains("    1  ")
            .and(predicate::str::contains("    2  "))
            .and(predicate::str::contains("[agency=so-a]")),
    );
    for (run, fresh) in [("1", &first), ("2", &second)] {
        let output = project
            .cmd(&["report", run, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let stored: Value = serde_json::from_slice(&output.stdout).unwrap();
        let fresh: Value = serde_json::from_str(fresh).unwrap();
        assert_eq!(stored, fresh, "run {run} renders exactly as it was scanned");
    }
    // Without a run id: the latest.
    let latest = project
        .cmd(&["report", "--format", "json"])
        .output()
        .unwrap();
    let latest: Value = serde_json::from_slice(&latest.stdout).unwrap();
    assert_eq!(latest["scope"]["agencies"][0], "so-a");
    project
        .cmd(&["report", "9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no run 9"));
}

#[test]
fn no_history_records_nothing() {
    let project = Project::good();
    scan_json(&project, &["--no-history"]);
    project
        .cmd(&["runs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No scans recorded yet."));
}

#[test]
fn a_second_scan_while_one_holds_the_lock_exits_3() {
    let project = Project::good();
    let store = project.path("history.sqlite");
    let lock = std::fs::File::create(project.path("history.sqlite.lock")).unwrap();
    lock.try_lock().unwrap();
    let store_flag = store.display().to_string();
    project
        .cmd(&["scan", "--offline", "--history", &store_flag])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("another scan is writing"));
    drop(lock);
    project
        .cmd(&["scan", "--offline", "--history", &store_flag])
        .assert()
        .code(1);
}

#[test]
fn damaged_store_is_a_clear_error_and_the_reports_are_still_written() {
    let project = Project::good().file(
        "history.sqlite",
        "this is not a database, just text\n".repeat(200),
    );
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--history",
            "history.sqlite",
            "--output",
            "json=scan.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("history.sqlite"), "{stderr}");
    assert!(stderr.contains("move it aside"), "{stderr}");
    let json: Value =
        serde_json::from_slice(&std::fs::read(project.path("scan.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["systems"], 2);
}

#[test]
fn store_from_a_newer_version_is_refused() {
    let project = Project::good();
    let path = project.path("history.sqlite");
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.pragma_update(None, "user_version", 99).unwrap();
    drop(connection);
    project
        .cmd(&["runs", "--history", "history.sqlite"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("newer cloudcensus"));
}
