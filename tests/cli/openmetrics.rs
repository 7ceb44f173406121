//! Issue 15, items 8 and 6: `--format openmetrics` checked by the
//! Prometheus project's own parser and linter, `promtool check metrics`
//! (Debian's `prometheus` package, which `.ci/run` installs promtool from
//! when missing; missing, the tests fail): it parses the text as the
//! node_exporter textfile collector does and flags names against the
//! Prometheus conventions (units, `_total`, camel case, help texts).

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{GOOD_AGENCY, Project, english, repo_root};

/// `promtool check metrics` of `text`: passes when promtool prints
/// nothing and exits 0 (a lint problem exits 3, a parse error 1).
fn assert_promtool_accepts(text: &[u8]) {
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (Debian's prometheus package; .ci/run installs it)");
    child.stdin.take().unwrap().write_all(text).unwrap();
    let output = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && said.is_empty(),
        "promtool: {said}"
    );
}

/// The shipped province's metrics, written by `--output metrics.prom`.
#[test]
fn promtool_accepts_the_metrics_of_a_scan() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("metrics.prom");
    english(assert_cmd::Command::cargo_bin("cloudcensus").unwrap())
        .current_dir(repo_root())
        .args(["scan", "--offline", "--as-of", "2026-11-25", "--no-history"])
        .arg("--output")
        .arg(&metrics)
        .assert()
        .code(1);
    let text = std::fs::read(&metrics).unwrap();
    assert_promtool_accepts(&text);
    let text = String::from_utf8(text).unwrap();
    assert!(text.ends_with("\n# EOF\n"));
    for line in [
        "cloudcensus_agency_compliance_ratio{agency=\"so-yte\"} ",
        "cloudcensus_agency_on_cloud_ratio{agency=\"hueioc\"} ",
        "cloudcensus_failing_findings{severity=\"high\"} 74\n",
        "cloudcensus_probe_errors{class=\"dns\"} 0\n",
        "cloudcensus_scan_duration_seconds ",
    ] {
        assert!(text.contains(line), "no {line:?} in {text}");
    }
}

/// An agency name with quotes, a backslash and a line break reaches a
/// label value escaped; a stored run gives the same bytes, and so does
/// `--lang vi` (the HELP texts are English, the label values keywords).
#[test]
fn hostile_names_are_escaped_and_every_language_gives_the_same_text() {
    let agency = GOOD_AGENCY.replace(
        "name: Agency A",
        "name: \"Sở \\\"Thử\\\" \\\\ nghiệm\\nhai dòng\"",
    );
    let project = Project::good().file("inventories/so-a.yaml", agency);
    let scanned = project
        .cmd(&["scan", "--offline", "--format", "openmetrics"])
        .output()
        .unwrap();
    assert_eq!(scanned.status.code(), Some(1));
    assert_promtool_accepts(&scanned.stdout);
    let text = String::from_utf8_lossy(&scanned.stdout);
    assert!(
        text.contains(r#"name="Sở \"Thử\" \\ nghiệm hai dòng""#),
        "{text}"
    );
    for lang in ["en", "vi"] {
        let stored = project
            .cmd(&["report", "--format", "openmetrics", "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(stored.stdout, scanned.stdout, "--lang {lang}");
    }
}
