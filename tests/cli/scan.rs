//! `scan --offline`: exit codes, outcomes, filters, formats and the tables
//! on the shipped data.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{GOOD_POLICY, Project, english, repo_root};

fn scan_json(project: &Project, extra: &[&str]) -> (i32, Value) {
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
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap_or(-1), json)
}

fn outcome_of<'a>(scan: &'a Value, rule: &str, system: &str) -> Option<&'a str> {
    scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["system"] == system)
        .and_then(|f| f["outcome"].as_str())
}

#[test]
fn failing_high_finding_exits_1_and_lower_threshold_does_not() {
    let project = Project::good();
    let (code, scan) = scan_json(&project, &[]);
    assert_eq!(code, 1);
    assert_eq!(outcome_of(&scan, "CLOUD-001", "so-a/records"), Some("fail"));
    // Only a high failure: raising the bar to critical makes the run compliant.
    let (code, _) = scan_json(&project, &["--fail-on", "critical"]);
    assert_eq!(code, 0);
}

#[test]
fn probe_rules_are_unknown_offline_not_failures() {
    let project = Project::good();
    let (_, scan) = scan_json(&project, &[]);
    let finding = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "TLS-003")
        .expect("TLS-003 result");
    assert_eq!(finding["outcome"], "unknown");
    assert_eq!(finding["endpoint"], "https://portal.a.gov.vn/");
    assert!(
        finding["detail"]
            .as_str()
            .unwrap()
            .contains("no probe facts")
    );
    assert_eq!(scan["rules"][1]["outcomes"]["fail"], 0);
    assert_eq!(scan["schema_version"], 1);
}

#[test]
fn live_waiver_waives_and_expired_waiver_fails_again() {
    let waiver = |expires: &str| {
        format!(
            "{GOOD_POLICY}waivers:\n  - rule: CLOUD-001\n    system: so-a/records\n    reason: contract\n    expires: {expires}\n"
        )
    };
    let project = Project::good().file("policies/test.yaml", waiver("2027-01-01"));
    let (code, scan) = scan_json(&project, &[]);
    assert_eq!(
        outcome_of(&scan, "CLOUD-001", "so-a/records"),
        Some("waived")
    );
    assert_eq!(scan["waivers"][0]["state"], "active");
    assert_eq!(code, 0, "a waived failure does not fail the run");

    let project = Project::good().file("policies/test.yaml", waiver("2026-01-01"));
    let (code, scan) = scan_json(&project, &[]);
    assert_eq!(outcome_of(&scan, "CLOUD-001", "so-a/records"), Some("fail"));
    assert_eq!(scan["waivers"][0]["state"], "expired");
    assert_eq!(code, 1);
}

#[test]
fn waiver_matching_nothing_is_reported_as_orphan() {
    let policy = format!(
        "{GOOD_POLICY}waivers:\n  - rule: CLOUD-001\n    system: so-x/gone\n    reason: old\n    expires: 2030-01-01\n"
    );
    let project = Project::good().file("policies/test.yaml", policy);
    let (_, scan) = scan_json(&project, &[]);
    assert_eq!(scan["waivers"][0]["state"], "orphan");
    project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-25",
            "--format",
            "table",
        ])
        .assert()
        .stdout(
            // The state in words: "orphan" is the record's keyword.
            predicate::str::contains("Waivers needing attention")
                .and(predicate::str::contains("matches nothing")),
        );
}

#[test]
fn expression_failing_at_run_time_is_an_error_result_not_a_crash() {
    let policy = GOOD_POLICY.replace(
        "check: system.hosting.model in ['private-cloud', 'gov-cloud', 'public-cloud', 'saas']",
        "check: 10 / (system.security_level - 3) > 1",
    );
    let project = Project::good().file("policies/test.yaml", policy);
    let (code, scan) = scan_json(&project, &[]);
    assert_eq!(code, 1, "a rule error at or above --fail-on fails the run");
    let finding = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["system"] == "so-a/portal" && f["rule"] == "CLOUD-001")
        .unwrap();
    assert_eq!(finding["outcome"], "error");
    assert!(
        finding["detail"]
            .as_str()
            .unwrap()
            .contains("ivision by zero"),
        "{finding}"
    );
    // The system without a grade lacks the fact: unknown, not error.
    assert_eq!(
        outcome_of(&scan, "CLOUD-001", "so-a/records"),
        Some("unknown")
    );
    // Issue 12, item 9: the summary and the tables name the rule, how many
    // systems, and an example message.
    for format in ["summary", "table"] {
        let output = project
            .cmd(&["scan", "--offline", "--no-history", "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .find(|line| line.contains("CLOUD-001 on one system, e.g."))
            .unwrap_or_else(|| panic!("{format}: {stdout}"));
        assert!(line.contains("ivision by zero"), "{line}");
    }
}

#[test]
fn targets_report_value_goal_and_status() {
    let project = Project::good();
    let (_, scan) = scan_json(&project, &[]);
    let cloud = &scan["targets"][0];
    assert_eq!(cloud["numerator"], 1.0);
    assert_eq!(cloud["denominator"], 2.0);
    assert_eq!(cloud["percent"], 50.0);
    assert_eq!(cloud["status"], "met");
    let online = &scan["targets"][1];
    assert_eq!(online["percent"], 90.0);
    assert_eq!(online["status"], "met");
    // Judged after the deadline with a higher goal, the target is missed.
    let policy = GOOD_POLICY.replace("goal: 50%", "goal: 100%").replace(
        "deadline: 2030-12-31\n  - id: online",
        "deadline: 2025-12-31\n  - id: online",
    );
    let project = Project::good().file("policies/test.yaml", policy);
    let (code, scan) = scan_json(&project, &["--fail-on", "critical"]);
    assert_eq!(scan["targets"][0]["status"], "missed");
    assert_eq!(
        code, 0,
        "a missed deadline does not fail every run for ever"
    );
    let (code, _) = scan_json(
        &project,
        &[
            "--fail-on",
            "critical",
            "--fail-on-targets",
            "behind,missed",
        ],
    );
    assert_eq!(code, 1, "unless the operator asks for it");
    project
        .cmd(&["scan", "--offline", "--fail-on-targets", "met"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown target state `met`"));
}

#[test]
fn agency_targets_count_agencies_by_quorum() {
    let second = crate::common::GOOD_AGENCY
        .replace("id: so-a", "id: so-b")
        .replace("model: gov-cloud", "model: data-center");
    let policy = |quorum: &str| {
        GOOD_POLICY.replace(
            "    rule: CLOUD-001\n    goal: 50%",
            &format!("    rule: CLOUD-001\n    unit: agency\n    agency_counts_when: {quorum}\n    goal: 50%"),
        )
    };
    let project = Project::good()
        .file("inventories/so-b.yaml", &second)
        .file("policies/test.yaml", policy("any"));
    let (_, scan) = scan_json(&project, &[]);
    assert_eq!(
        (
            scan["targets"][0]["numerator"].as_f64(),
            scan["targets"][0]["denominator"].as_f64()
        ),
        (Some(1.0), Some(2.0))
    );
    let project = project.file("policies/test.yaml", policy("all"));
    let (_, scan) = scan_json(&project, &[]);
    assert_eq!(scan["targets"][0]["numerator"], 0.0);
}

/// Every system carries the file and line of its entry, for reports that
/// point at the inventory (SARIF, spreadsheets).
#[test]
fn systems_carry_the_file_and_line_that_declare_them() {
    let (_, scan) = scan_json(&Project::good(), &[]);
    let systems = scan["systems"].as_array().unwrap();
    let place = |key: &str| {
        let system = systems.iter().find(|s| s["key"] == key).unwrap();
        (
            system["file"].as_str().unwrap().to_string(),
            system["line"].as_u64().unwrap(),
        )
    };
    assert_eq!(place("so-a/portal"), ("inventories/so-a.yaml".into(), 6));
    assert_eq!(place("so-a/records"), ("inventories/so-a.yaml".into(), 19));
}

#[test]
fn filters_limit_the_scan_and_unknown_agency_is_bad_input() {
    let second = crate::common::GOOD_AGENCY.replace("id: so-a", "id: so-b");
    let project = Project::good().file("inventories/so-b.yaml", second);
    let (_, scan) = scan_json(&project, &["--agency", "so-b"]);
    assert_eq!(scan["totals"]["agencies"], 1);
    assert_eq!(scan["agencies"][0]["id"], "so-b");
    let (_, scan) = scan_json(&project, &["--tag", "public-portal"]);
    assert_eq!(scan["totals"]["systems"], 2, "one tagged system per agency");
    project
        .cmd(&["scan", "--offline", "--agency", "so-c"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no agency `so-c`"));
}

#[test]
fn bad_input_and_usage_exit_2() {
    let project = Project::good().file("inventories/bad.yaml", "agency: [");
    project.cmd(&["scan", "--offline"]).assert().code(2);
    Project::good()
        .cmd(&["scan", "--fail-on", "severe"])
        .assert()
        .code(2);
    Project::good()
        .cmd(&["scan", "--as-of", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn unwritable_output_exits_3() {
    Project::good()
        .cmd(&[
            "scan",
            "--offline",
            "--output",
            "/nonexistent-dir/report.json",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot write the report"));
}

#[test]
fn output_file_receives_the_report() {
    let project = Project::good();
    project
        .cmd(&[
            "scan",
            "--offline",
            "--format",
            "json",
            "--output",
            "out.json",
            "--quiet",
        ])
        .assert()
        .code(1)
        // --quiet, but something fails: the short summary says so.
        .stdout(
            predicate::str::contains("Failing findings")
                .and(predicate::str::contains("Reports: json=out.json")),
        );
    let json: Value =
        serde_json::from_slice(&std::fs::read(project.path("out.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["systems"], 2);
}

/// `--lang vi` (or a `vi_VN` locale) speaks Vietnamese: labels, statuses,
/// dates and decimal commas.
#[test]
fn reports_speak_vietnamese() {
    let project = Project::good();
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-25",
            "--format",
            "table",
            "--lang",
            "vi",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    for text in [
        "Chỉ tiêu",
        "Cơ quan, đơn vị",
        "Thời hạn",
        "25/11/2026",
        "Mức tuân thủ",
    ] {
        assert!(stdout.contains(text), "missing {text:?}:\n{stdout}");
    }
    assert!(!stdout.contains("Targets"), "{stdout}");
    let summary = project
        .cmd(&["scan", "--offline", "--as-of", "2026-11-25"])
        .env("LANG", "vi_VN.UTF-8")
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&summary.stdout);
    assert!(summary.contains("Nội dung chưa đạt"), "{summary}");
}

/// One scan feeds several readers: each `FORMAT=FILE` gets its own report.
#[test]
fn several_outputs_from_one_scan() {
    let project = Project::good();
    project
        .cmd(&[
            "scan",
            "--offline",
            "--output",
            "json=scan.json",
            "--output",
            "table=tables.txt",
            "--output",
            "summary=-",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Targets:").and(predicate::str::contains("╭").not()));
    let json: Value =
        serde_json::from_slice(&std::fs::read(project.path("scan.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["systems"], 2);
    let tables = std::fs::read_to_string(project.path("tables.txt")).unwrap();
    assert!(
        tables.contains("Agencies") && tables.contains("╭"),
        "{tables}"
    );
}

/// Cron mail: stdout that is not a terminal gets the short plain summary,
/// and `--quiet` prints nothing when nothing fails.
#[test]
fn cron_gets_a_short_summary_and_quiet_is_silent_when_all_pass() {
    let project = Project::good();
    let output = project.cmd(&["scan", "--offline"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Targets:"), "{stdout}");
    assert!(stdout.contains("Failing findings:"), "{stdout}");
    assert!(!stdout.contains('╭'), "no table drawing in mail: {stdout}");
    project
        .cmd(&["scan", "--offline", "--quiet", "--fail-on", "critical"])
        .assert()
        .stdout("");
}

#[test]
fn shipped_data_validates() {
    let mut command = assert_cmd::Command::cargo_bin("cloudcensus").unwrap();
    command
        .current_dir(repo_root())
        .arg("validate")
        .assert()
        .code(0);
}

#[test]
fn shipped_data_tables_snapshot() {
    let mut command = english(assert_cmd::Command::cargo_bin("cloudcensus").unwrap());
    let output = command
        .current_dir(repo_root())
        .args([
            "scan",
            "--offline",
            "--as-of",
            "2026-11-25",
            "--format",
            "table",
            "--no-history",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the shipped province has high-severity failures"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!("shipped_tables", stdout);
}

/// Names an agency sends (terminal escape sequences, right-to-left
/// overrides, HTML) reach the terminal and the cron mail as inert text.
#[test]
fn hostile_names_never_reach_the_terminal_raw() {
    let fixture = repo_root().join("tests/fixtures/hostile");
    let read = |path: &str| std::fs::read_to_string(fixture.join(path)).unwrap();
    let project = Project::new()
        // The agency name, shown by every format, gets an escape sequence
        // that would clear the screen and a right-to-left override.
        .file(
            "inventories/hostile.yaml",
            read("inventories/hostile.yaml").replace("<script>", "\\e[2J\\u202E<script>"),
        )
        .file("policies/hostile.yaml", read("policies/hostile.yaml"))
        .file("policies/providers.yaml", read("policies/providers.yaml"));
    for format in ["table", "summary", "markdown"] {
        let output = project
            .cmd(&["scan", "--offline", "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("so-x"), "{format}: {stdout}");
        assert!(
            !stdout.contains('\u{1b}'),
            "{format}: escape sequence in {stdout:?}"
        );
        assert!(
            !stdout.contains('\u{202E}'),
            "{format}: bidi override in {stdout:?}"
        );
    }
}

/// Issue 12, item 2: a run that fails, before its work or during it,
/// leaves last night's report byte for byte and no temporary file; a run
/// that succeeds replaces it whole.
#[test]
fn issue_12_a_failed_run_leaves_yesterdays_report() {
    let project = Project::good().file("blocker", "a file, not a folder");
    let yesterday = b"{\"yesterday\": true}\n";
    let report = project.path("latest.json");
    std::fs::write(&report, yesterday).unwrap();
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(project.path(""))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect()
    };
    let history = project.path("h.sqlite").display().to_string();
    let lock = std::fs::File::create(project.path("h.sqlite.lock")).unwrap();
    lock.try_lock().unwrap();
    let failing_runs: [(&[&str], i32, &str); 4] = [
        // The history's folder cannot be made.
        (
            &["--offline", "--history", "blocker/h.sqlite"],
            3,
            "cannot create",
        ),
        // Another scan holds the lock.
        (
            &["--offline", "--history", &history],
            3,
            "another scan is writing",
        ),
        // A mistyped address: bad usage, found before any work.
        (
            &["--offline", "--no-history", "--email-to", "not an address"],
            2,
            "not a mail address",
        ),
        // Probing cannot start (its CA file is missing): a failure during
        // the run, after the report files were opened.
        (
            &["--no-history", "--ca-file", "missing-ca.pem"],
            3,
            "missing-ca.pem",
        ),
    ];
    for (flags, code, message) in failing_runs {
        let mut args = vec!["scan", "--output", "json=latest.json"];
        args.extend(flags);
        project
            .cmd(&args)
            .assert()
            .code(code)
            .stderr(predicate::str::contains(message));
        assert_eq!(std::fs::read(&report).unwrap(), yesterday, "{flags:?}");
        assert_eq!(leftovers(), Vec::<String>::new(), "{flags:?}");
    }
    drop(lock);

    project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--output",
            "json=latest.json",
        ])
        .assert()
        .code(1);
    let record: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(record["schema_version"], 1);
    assert!(leftovers().is_empty());
}
