//! The scan history: every scan recorded, listed by `runs`, rendered again
//! by `report` exactly as it was; the run lock; damaged and newer stores.
//! The tests of what every history command does run on both stores, the
//! SQLite file and PostgreSQL (`sqlite::NAME`, `postgres::NAME`); those of
//! the SQLite file itself on it alone.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{Project, ten_systems};
use crate::pg_server::{Store, on_both_stores};

on_both_stores!(
    every_scan_is_recorded_and_renders_again_exactly,
    no_history_records_nothing,
    scans_give_targets_a_projected_status,
    trend_shows_each_target_over_the_nights_and_prune_keeps_the_newest,
    diff_names_new_and_fixed_findings_and_moved_agencies,
    reports_lead_with_what_changed_since_the_last_scan,
    a_month_of_nightly_scans,
    trend_says_when_the_goal_is_reached_at_the_current_pace,
    html_report_draws_the_trend,
    issue_12_prune_keeps_what_ran_recently_and_dry_run_drops_nothing,
    report_narrows_a_stored_run_to_an_agency,
);

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

fn every_scan_is_recorded_and_renders_again_exactly(store: Store) {
    let project = store.project(Project::good());
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

fn no_history_records_nothing(store: Store) {
    let project = store.project(Project::good());
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

const TARGET_POLICY: &str = "\
policy: { id: p, title: P }
rules:
  - id: CLOUD
    title: On cloud
    severity: low
    check: system.hosting.model == 'gov-cloud'
targets:
  - id: cloud
    title: Systems on cloud
    rule: CLOUD
    goal: 100%
    deadline: 2026-12-31
";

/// A project with TARGET_POLICY that scans once a night from 1 November,
/// with `on_cloud[n]` systems on cloud on night n; returns each night's record.
fn scan_nights(project: &Project, on_cloud: &[usize]) -> Vec<Value> {
    scan_every(project, 1, on_cloud)
}

/// The day `days` after 1 November 2026, up to the end of January.
fn november_plus(days: usize) -> String {
    match days {
        0..30 => format!("2026-11-{:02}", days + 1),
        30..61 => format!("2026-12-{:02}", days - 29),
        _ => format!("2027-01-{:02}", days - 60),
    }
}

/// As [`scan_nights`], one scan every `gap` days.
fn scan_every(project: &Project, gap: usize, on_cloud: &[usize]) -> Vec<Value> {
    on_cloud
        .iter()
        .enumerate()
        .map(|(night, count)| {
            std::fs::write(project.path("inventories/so-a.yaml"), ten_systems(*count)).unwrap();
            let day = november_plus(night * gap);
            let output = project
                .cmd(&["scan", "--offline", "--as-of", &day, "--format", "json"])
                .output()
                .unwrap();
            serde_json::from_slice(&output.stdout).unwrap()
        })
        .collect()
}

fn target_project(store: Store, policy: &str) -> Project {
    store.project(
        Project::new()
            .file("policies/p.yaml", policy)
            .file("inventories/so-a.yaml", ten_systems(0)),
    )
}

fn status_after_nights(store: Store, on_cloud_by_night: &[usize]) -> String {
    status_after_scans(store, 1, on_cloud_by_night)
}

fn status_after_scans(store: Store, gap: usize, on_cloud: &[usize]) -> String {
    let project = target_project(store, TARGET_POLICY);
    let records = scan_every(&project, gap, on_cloud);
    records.last().map_or(String::new(), |scan| {
        scan["targets"][0]["status"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    })
}

/// A month of scans every five days: the target's status comes from a
/// line through its recorded values, followed to the deadline; with too
/// little history (under four scans, or under two weeks) the pace is not
/// judged at all.
fn scans_give_targets_a_projected_status(store: Store) {
    let after = |gap, on_cloud: &[usize]| status_after_scans(store, gap, on_cloud);
    // One system more on cloud every five days: 100% by mid-December.
    assert_eq!(after(5, &[1, 2, 3, 4, 5, 6, 7]), "on-track");
    // One system in a month: at that pace 100% comes long after 2026-12-31.
    assert_eq!(after(5, &[1, 1, 1, 1, 1, 1, 2]), "behind");
    // No progress at all.
    assert_eq!(after(5, &[3, 3, 3, 3, 3, 3, 3]), "no-progress");
    // Too little history: one scan; two flat nights; a week of flat
    // nights; three scans over ten days.
    assert_eq!(after(1, &[3]), "no-trend");
    assert_eq!(after(1, &[3, 3]), "no-trend");
    assert_eq!(after(1, &[3; 7]), "no-trend");
    assert_eq!(after(5, &[1, 2, 3]), "no-trend");
}

/// A store written by the first layout (runs only) is migrated in place:
/// its runs stay, and their target values feed the trend.
#[test]
fn store_of_the_first_layout_is_migrated() {
    let project = Project::new()
        .file("policies/p.yaml", TARGET_POLICY)
        .file("inventories/so-a.yaml", ten_systems(2));
    let first = project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
            "--no-history",
        ])
        .output()
        .unwrap();
    let record = String::from_utf8(first.stdout).unwrap();
    let connection = rusqlite::Connection::open(project.path("old.sqlite")).unwrap();
    connection
        .execute_batch(
            "CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, as_of TEXT NOT NULL,
               mode TEXT NOT NULL, scope TEXT NOT NULL, agencies INTEGER NOT NULL, systems INTEGER NOT NULL,
               on_cloud INTEGER NOT NULL, failing INTEGER NOT NULL, compliance REAL, record TEXT NOT NULL);
             CREATE INDEX runs_by_start ON runs (started_at);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    connection
        .execute(
            "INSERT INTO runs VALUES (1, '2026-11-01T01:30:00Z', '2026-11-01', 'offline', '', 1, 10, 2, 8, 20.0, ?1)",
            [record.trim()],
        )
        .unwrap();
    drop(connection);

    std::fs::write(project.path("inventories/so-a.yaml"), ten_systems(9)).unwrap();
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-02",
            "--format",
            "json",
            "--history",
            "old.sqlite",
        ])
        .output()
        .unwrap();
    let scan: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        scan["targets"][0]["history"].as_array().map(Vec::len),
        Some(2),
        "the old run is a trend point: {}",
        scan["targets"][0]
    );
    // Its failures, read from its record, are what the new scan is compared with.
    assert_eq!(scan["changes"]["previous_run"], 1, "{}", scan["changes"]);
    // The old run keeps its JSON text, the new one is stored compressed;
    // both render.
    let connection = rusqlite::Connection::open(project.path("old.sqlite")).unwrap();
    let kinds: Vec<String> = connection
        .prepare("SELECT typeof(record) FROM runs ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["text", "blob"]);
    drop(connection);
    for run in ["1", "2"] {
        project
            .cmd(&["report", run, "--history", "old.sqlite", "--format", "json"])
            .assert()
            .stdout(predicate::str::contains("\"schema_version\":1"));
    }
    project
        .cmd(&["runs", "--history", "old.sqlite"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("    1  2026-11-01T01:30:00Z")
                .and(predicate::str::contains("    2  ")),
        );
}

fn trend_shows_each_target_over_the_nights_and_prune_keeps_the_newest(store: Store) {
    let project = target_project(store, TARGET_POLICY);
    scan_nights(&project, &[2, 4, 6, 8, 10]);
    project.cmd(&["trend"]).assert().success().stdout(
        predicate::str::contains("cloud: Systems on cloud")
            .and(predicate::str::contains("▂▄▅▇█"))
            .and(predicate::str::contains(
                "2026-11-01 20% -> 2026-11-05 100%",
            )),
    );
    project
        .cmd(&["prune", "--keep-runs", "2"])
        .assert()
        .success()
        .stdout("dropped 3 recorded scans\n");
    let runs = project.cmd(&["runs"]).output().unwrap();
    let runs = String::from_utf8_lossy(&runs.stdout);
    assert_eq!(runs.lines().count(), 2, "{runs}");
    assert!(runs.contains("as of 2026-11-05"), "{runs}");
    project.cmd(&["prune"]).assert().code(2);
}

fn diff_names_new_and_fixed_findings_and_moved_agencies(store: Store) {
    let project = store.project(
        Project::new()
            .file("policies/p.yaml", TARGET_POLICY)
            .file("inventories/so-a.yaml", ten_systems(3)),
    );
    let scan = |day: &str| {
        project
            .cmd(&["scan", "--offline", "--as-of", day, "--format", "json"])
            .output()
            .unwrap();
    };
    scan("2026-11-01");
    // Overnight: s3 moved to cloud, s1 moved back, a new agency appeared.
    let next = ten_systems(3)
        .replace(
            "id: s3\n    name: S3\n    criticality: low\n    hosting: { model: on-premises }",
            "id: s3\n    name: S3\n    criticality: low\n    hosting: { model: gov-cloud }",
        )
        .replace(
            "id: s1\n    name: S1\n    criticality: low\n    hosting: { model: gov-cloud }",
            "id: s1\n    name: S1\n    criticality: low\n    hosting: { model: on-premises }",
        );
    std::fs::write(project.path("inventories/so-a.yaml"), next).unwrap();
    std::fs::write(
        project.path("inventories/so-b.yaml"),
        "agency: { id: so-b, name: B, kind: unit }\nsystems:\n  - id: x\n    name: X\n    criticality: low\n    hosting: { model: gov-cloud }\n",
    )
    .unwrap();
    scan("2026-11-02");
    project
        .cmd(&["diff"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Run 1 (as of 2026-11-01) -> run 2 (as of 2026-11-02): 1 new failing, 1 fixed, 6 still failing")
                .and(predicate::str::contains("New failing:\n  CLOUD so-a/s1\n"))
                .and(predicate::str::contains("Fixed:\n  CLOUD so-a/s3\n"))
                .and(predicate::str::contains("Systems added: so-b/x"))
                .and(predicate::str::contains("Agencies added: so-b")),
        );
    project.cmd(&["diff", "1", "7"]).assert().code(2);
}

/// The nightly summary leads with what changed, and the record marks the
/// failures that are new since the previous scan.
fn reports_lead_with_what_changed_since_the_last_scan(store: Store) {
    let project = store.project(
        Project::new()
            .file("policies/p.yaml", TARGET_POLICY)
            .file("inventories/so-a.yaml", ten_systems(3)),
    );
    project
        .cmd(&["scan", "--offline", "--as-of", "2026-11-01"])
        .output()
        .unwrap();
    // s1 falls back to on-premises; s3 and s4 move to cloud.
    let next = ten_systems(5).replace(
        "id: s1\n    name: S1\n    criticality: low\n    hosting: { model: gov-cloud }",
        "id: s1\n    name: S1\n    criticality: low\n    hosting: { model: on-premises }",
    );
    std::fs::write(project.path("inventories/so-a.yaml"), next).unwrap();
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-02",
            "--output",
            "json=scan.json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Since the scan of 2026-11-01: 1 new failing, 2 fixed."),
        "{stdout}"
    );
    let scan: Value =
        serde_json::from_slice(&std::fs::read(project.path("scan.json")).unwrap()).unwrap();
    let new: Vec<&str> = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["new"] == true)
        .map(|f| f["system"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["so-a/s1"]);
    assert_eq!(scan["changes"]["fixed"], 2);
    // The tables and the HTML page mark it too: the rule's count of
    // systems says how many are new, and `--details` marks the finding.
    project
        .cmd(&["report", "--format", "table"])
        .assert()
        .stdout(predicate::str::contains("│ 6 (1 new) │"));
    project
        .cmd(&["report", "--format", "table", "--details"])
        .assert()
        .stdout(predicate::str::contains("(new)").and(predicate::str::contains("so-a/s1")));
    project
        .cmd(&["report", "--format", "html"])
        .assert()
        .stdout(
            predicate::str::contains(">new</span>").and(predicate::str::contains(">1 new</span>")),
        );
}

/// A simulated month of nightly scans: the province moves one system in
/// ten nights, so 100% comes in early February; a 31 December deadline is
/// behind, the same pace against a deadline in June is on track.
fn a_month_of_nightly_scans(store: Store) {
    let nights: Vec<usize> = (0..30).map(|night| 1 + night / 10).collect();
    assert_eq!(status_after_nights(store, &nights), "behind");
    let project = store.project(
        Project::new()
            .file(
                "policies/p.yaml",
                TARGET_POLICY.replace("2026-12-31", "2027-06-30"),
            )
            .file("inventories/so-a.yaml", ten_systems(0)),
    );
    scan_nights(&project, &nights);
    project
        .cmd(&["trend"])
        .assert()
        .stdout(predicate::str::contains(
            "on track (at this pace the goal is reached around 2027-02-",
        ));
    project
        .cmd(&["diff", "29", "30"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(
                "Run 29 (as of 2026-11-29) -> run 30 (as of 2026-11-30): 1 new failing",
            )
            .not(),
        );
}

/// A scan killed at any moment (SIGKILL: no cleanup runs) leaves the store
/// as it was or with the run complete, and keeps every earlier run.
#[test]
fn a_scan_killed_at_any_moment_keeps_the_store_whole() {
    let mut inventory = String::from("agency: { id: so-a, name: A, kind: department }\nsystems:\n");
    for i in 0..3000 {
        inventory.push_str(&format!(
            "  - id: s{i}\n    name: S{i}\n    criticality: low\n    hosting: {{ model: on-premises }}\n"
        ));
    }
    let project = Project::new()
        .file("policies/p.yaml", TARGET_POLICY)
        .file("inventories/so-a.yaml", inventory);
    for day in ["2026-11-01", "2026-11-02"] {
        project
            .cmd(&["scan", "--offline", "--as-of", day])
            .output()
            .unwrap();
    }
    let store = project.path(".data/cloudcensus/history.sqlite");
    for delay_ms in [0u64, 10, 30, 60, 100, 150, 250] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cloudcensus"))
            .current_dir(project.path(""))
            .env("XDG_DATA_HOME", project.path(".data"))
            .args([
                "scan",
                "--offline",
                "--as-of",
                "2026-11-03",
                "--format",
                "json",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        let connection = rusqlite::Connection::open(&store).unwrap();
        let check: String = connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok", "after a kill at {delay_ms} ms");
        let runs: i64 = connection
            .query_row("SELECT count(*) FROM runs", [], |row| row.get(0))
            .unwrap();
        assert!(runs >= 2, "earlier runs kept after a kill at {delay_ms} ms");
        // Every run that is there is whole: it renders.
        for id in 1..=runs {
            let output = project
                .cmd(&["report", &id.to_string(), "--format", "json"])
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(0),
                "run {id} after a kill at {delay_ms} ms"
            );
            let _: Value = serde_json::from_slice(&output.stdout).unwrap();
        }
    }
}

fn trend_says_when_the_goal_is_reached_at_the_current_pace(store: Store) {
    let project = store.project(
        Project::new()
            .file("policies/p.yaml", TARGET_POLICY)
            .file("inventories/so-a.yaml", ten_systems(1)),
    );
    // 10% on 1 November, one system (10 points) more every five days.
    scan_every(&project, 5, &[1, 2, 3, 4]);
    project
        .cmd(&["trend"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "on track (at this pace the goal is reached around 2026-12-16)",
        ));
}

/// The HTML report draws each target's recorded values and says where the
/// pace leads; a stored run keeps both.
fn html_report_draws_the_trend(store: Store) {
    let project = store.project(
        Project::new()
            .file("policies/p.yaml", TARGET_POLICY)
            .file("inventories/so-a.yaml", ten_systems(1)),
    );
    scan_every(&project, 5, &[1, 2, 3, 4]);
    let output = project
        .cmd(&["report", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(html.contains("<polyline"), "a trend line");
    assert!(
        html.contains("At the current pace the goal is reached around 2026-12-16."),
        "{html}"
    );
}

/// Issue 12, item 13: the commands that only read the history never
/// create a store (a mistyped `--history` leaves nothing behind), and
/// `trend --target` with a target the history does not know is an error
/// with a hint, not an empty answer.
#[test]
fn issue_12_reading_the_history_creates_nothing_and_unknown_targets_are_errors() {
    let project = Project::good();
    let mistyped = project.path("mistyped.sqlite").display().to_string();
    project
        .cmd(&["runs", "--history", &mistyped])
        .assert()
        .success()
        .stdout(predicate::str::contains("No scans recorded yet."));
    project
        .cmd(&["trend", "--history", &mistyped])
        .assert()
        .success()
        .stdout(predicate::str::contains("No target values recorded yet"));
    project
        .cmd(&["report", "--history", &mistyped])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no scans recorded yet"));
    project
        .cmd(&["report", "3", "--history", &mistyped])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no run 3"));
    project
        .cmd(&["diff", "--history", &mistyped])
        .assert()
        .code(2);
    assert!(!project.path("mistyped.sqlite").exists());

    let store = project.path("h.sqlite").display().to_string();
    project
        .cmd(&["scan", "--offline", "--history", &store])
        .assert()
        .code(1);
    project
        .cmd(&["trend", "--history", &store, "--target", "clod"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no target `clod` in the history; did you mean `cloud`?",
        ));
    project
        .cmd(&["trend", "--history", &store, "--target", "cloud"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("cloud:"));
}

/// Issue 12, item 13: a relative XDG_DATA_HOME is ignored, as the XDG
/// spec says, so a cron job's working folder does not decide where the
/// history goes.
#[test]
fn issue_12_a_relative_xdg_data_home_is_ignored() {
    let project = Project::good();
    project
        .cmd(&["scan", "--offline"])
        .env("XDG_DATA_HOME", "relative-data")
        .env("HOME", project.path("home"))
        .assert()
        .code(1);
    assert!(!project.path("relative-data").exists());
    assert!(
        project
            .path("home/.local/share/cloudcensus/history.sqlite")
            .exists()
    );
}

/// Issue 12, item 13: `prune --keep-days` goes by the day a scan ran, not
/// by its `--as-of` (scans of past dates recorded today are kept), and
/// `--dry-run` lists what would go and drops nothing.
fn issue_12_prune_keeps_what_ran_recently_and_dry_run_drops_nothing(store: Store) {
    let project = store.project(Project::good());
    for as_of in ["2020-01-01", "2020-01-02", "2020-01-03"] {
        project
            .cmd(&["scan", "--offline", "--as-of", as_of])
            .assert()
            .code(1);
    }
    project
        .cmd(&["prune", "--keep-days", "5"])
        .assert()
        .success()
        .stdout("dropped 0 recorded scans\n");
    project
        .cmd(&["prune", "--keep-runs", "1", "--dry-run"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("would drop 2 recorded scans:\n")
                .and(predicate::str::contains("as of 2020-01-01"))
                .and(predicate::str::contains("as of 2020-01-02"))
                .and(predicate::str::contains("as of 2020-01-03").not()),
        );
    let runs = project.cmd(&["runs"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&runs.stdout).lines().count(), 3);
    project
        .cmd(&["prune", "--keep-runs", "1"])
        .assert()
        .success()
        .stdout("dropped 2 recorded scans\n");
}

/// Issue 12, item 13: `report --agency ID` renders one agency's part of a
/// stored run (its row, systems and findings) and says whose it is; an id
/// the run lacks is a usage error with a did-you-mean. One agency is "1
/// agency". Issue 15, item 5: with the targets as they stand for that
/// agency alone, as `scan --agency ID` measures them.
fn report_narrows_a_stored_run_to_an_agency(store: Store) {
    let second = crate::common::GOOD_AGENCY
        .replace("id: so-a", "id: so-b")
        .replace("name: Agency A", "name: Agency B")
        .replace("model: on-premises", "model: saas");
    let project = store.project(Project::good().file("inventories/so-b.yaml", &second));
    project
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
    let output = project
        .cmd(&["report", "--agency", "so-b", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["scope"]["agencies"], json!(["so-b"]));
    assert_eq!(record["totals"]["agencies"], 1);
    let agencies: Vec<&str> = record["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(agencies, ["so-b"]);
    for finding in record["findings"].as_array().unwrap() {
        assert_eq!(finding["agency"], "so-b", "{finding}");
    }
    // so-b runs both its systems on cloud: 2 of 2, where the run counted 3 of 4.
    let cloud = |record: &Value| {
        let target = record["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "cloud")
            .cloned()
            .expect("the cloud target");
        (
            target["numerator"].clone(),
            target["denominator"].clone(),
            target["status"].clone(),
        )
    };
    assert_eq!(cloud(&record), (json!(2.0), json!(2.0), json!("met")));
    let scanned = project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--as-of",
            "2026-11-25",
            "--agency",
            "so-b",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        cloud(&serde_json::from_slice(&scanned.stdout).unwrap()),
        cloud(&record)
    );
    let whole = project
        .cmd(&["report", "--format", "json"])
        .output()
        .unwrap();
    let whole: Value = serde_json::from_slice(&whole.stdout).unwrap();
    assert_eq!(cloud(&whole).0, json!(3.0));

    project
        .cmd(&["report", "--agency", "so-b", "--format", "summary"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("1 agency, ")
                .and(predicate::str::contains("(agencies: so-b)")),
        );
    project
        .cmd(&["report", "--agency", "so-c"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "run 1 has no agency `so-c`: did you mean `so-",
        ));
}
