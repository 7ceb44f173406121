//! Issue 12, item 8: the terminal view fits a screen or two (findings
//! grouped by rule, `--details` for every one), colour on a terminal only,
//! the report format from the output file's extension, and the HTML
//! report's agency chart by name.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Project, english, repo_root};

/// `cloudcensus scan --offline` on the shipped province, as of a fixed day,
/// recording nothing, with `extra` arguments.
fn shipped(extra: &[&str]) -> Output {
    let mut command = english(assert_cmd::Command::cargo_bin("cloudcensus").unwrap());
    command
        .current_dir(repo_root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(["scan", "--offline", "--as-of", "2026-11-25", "--no-history"])
        .args(extra);
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The shipped scan's failing findings: per rule, the systems that fail it.
fn failing_by_rule() -> (usize, BTreeMap<String, BTreeSet<String>>) {
    let record: Value = serde_json::from_str(&stdout(&shipped(&["--format", "json"]))).unwrap();
    let mut rules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut findings = 0;
    for finding in record["findings"].as_array().unwrap() {
        if finding["outcome"] == "fail" {
            findings += 1;
            rules
                .entry(finding["rule"].as_str().unwrap().to_string())
                .or_default()
                .insert(finding["system"].as_str().unwrap().to_string());
        }
    }
    (findings, rules)
}

/// The tables on the shipped data fit two screens: the failing findings
/// are a row per rule with how many systems fail it, not a row per
/// finding; `--details` brings every finding back.
#[test]
fn shipped_tables_fit_and_details_show_every_finding() {
    let (findings, rules) = failing_by_rule();
    assert!(findings > 300 && rules.len() > 10, "{findings} findings");

    let tables = stdout(&shipped(&["--format", "table"]));
    let lines: Vec<&str> = tables.lines().collect();
    // The header and closing lines, the targets and agencies (27 agencies
    // and the total, a line each) and two short lines per failing rule:
    // nothing that grows with the number of findings.
    assert!(lines.len() < 150, "{} lines:\n{tables}", lines.len());
    assert!(tables.contains(&format!("Failing findings ({findings}) by rule")));
    assert!(tables.contains("│ whole city "), "the total row");
    for (rule, systems) in &rules {
        // The rule's row: its id and how many systems fail it (the
        // "Systems" column, right-aligned under its heading).
        let count = format!("│ {:>7} │", systems.len());
        assert!(
            lines
                .iter()
                .any(|line| line.contains(&format!(" {rule} ")) && line.contains(&count)),
            "{rule} on {} systems:\n{tables}",
            systems.len()
        );
    }
    // The agencies with the most failing systems, and the remediation.
    assert!(tables.contains("Most failing in"));
    assert!(tables.contains("so-yte (6), hueioc (5), so-gddt (5), +23 more"));
    assert!(tables.contains("Schedule the system in a migration wave"));
    assert!(tables.contains("add --details"));
    // A system failing a single rule is not listed.
    assert!(!tables.contains("a-luoi/qlvb"));

    let details = stdout(&shipped(&["--format", "table", "--details"]));
    assert!(details.contains(&format!("Every failing finding ({findings})")));
    for (rule, systems) in &rules {
        for system in systems {
            assert!(
                details
                    .lines()
                    .any(|line| line.contains(&format!(" {rule} ")) && line.contains(system)),
                "{rule} on {system}"
            );
        }
    }
    // Agency names in full.
    assert!(details.contains("thị thông minh thành phố Huế"));
    assert!(!details.contains("add --details"));
}

/// Issue 12, item 8: colour for statuses and severities, on a terminal or
/// with `--color always`; never with `never`, in a pipe, in a file or
/// with NO_COLOR.
#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let always = stdout(&shipped(&["--format", "table", "--color", "always"]));
    assert!(always.contains("\u{1b}[31mhigh\u{1b}[0m"), "{always}");
    assert!(always.contains("\u{1b}[32mmet\u{1b}[0m"));
    for flags in [&["--color", "never"][..], &[], &["--color", "auto"]] {
        let mut args = vec!["--format", "table"];
        args.extend(flags);
        assert!(!stdout(&shipped(&args)).contains('\u{1b}'), "{flags:?}");
    }
    // A flag beats the environment, as no-color.org asks.
    let mut command = english(assert_cmd::Command::cargo_bin("cloudcensus").unwrap());
    command.current_dir(repo_root()).env("NO_COLOR", "1").args([
        "scan",
        "--offline",
        "--no-history",
        "--format",
        "table",
    ]);
    command.arg("--color").arg("always");
    assert!(stdout(&command.output().unwrap()).contains('\u{1b}'));

    // Files never: not the tables, not the HTML.
    let project = Project::good();
    project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--color",
            "always",
            "--output",
            "tables.txt",
            "--output",
            "table=-",
        ])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    let file = std::fs::read_to_string(project.path("tables.txt")).unwrap();
    assert!(file.contains("╭") && !file.contains('\u{1b}'), "{file}");
}

/// On a real terminal (a pseudo-terminal made by util-linux `script`,
/// which `.ci/run` installs when missing: a missing one fails the test),
/// `auto` gives colour and the tables by default; NO_COLOR turns the
/// colour off.
#[test]
fn a_terminal_gets_colour_unless_no_color() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        has_script,
        "no `script` (util-linux, Debian's bsdutils) to make a terminal"
    );
    let binary = assert_cmd::cargo::cargo_bin("cloudcensus");
    let on_a_terminal = |no_color: Option<&str>| -> String {
        let mut command = std::process::Command::new("script");
        command
            .args([
                "-qec",
                "\"$CLOUDCENSUS\" scan --offline --as-of 2026-11-25 --no-history",
            ])
            .arg("/dev/null")
            // Nothing of the test's terminal, if it has one, reaches the
            // pseudo-terminal, nor the other way round.
            .stdin(std::process::Stdio::null())
            .current_dir(repo_root())
            .env("CLOUDCENSUS", &binary)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        String::from_utf8_lossy(&command.output().unwrap().stdout).into_owned()
    };
    let coloured = on_a_terminal(None);
    assert!(
        coloured.contains("Failing findings (307) by rule"),
        "{coloured}"
    );
    assert!(coloured.contains("\u{1b}[31mhigh"), "{coloured}");
    let plain = on_a_terminal(Some("1"));
    assert!(plain.contains("Failing findings (307) by rule"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain}");
    // An empty NO_COLOR does not count (no-color.org).
    assert!(on_a_terminal(Some("")).contains('\u{1b}'));
}

/// `--output report.html` takes the format from the extension; an
/// extension that names no format is refused, with exit 2, before any
/// work: no file, no history.
#[test]
fn the_output_format_comes_from_the_extension() {
    let project = Project::good();
    project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--output",
            "report.html",
            "--output",
            "scan.json",
            "--output",
            "page.md",
            "--output",
            "junit.xml",
            "--output",
            "results.sarif",
            "--output",
            "findings.csv",
            // FORMAT= still wins.
            "--output",
            "csv-agencies=agencies.txt",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("html=report.html"));
    let read = |name: &str| std::fs::read_to_string(project.path(name)).unwrap();
    assert!(read("report.html").starts_with("<!DOCTYPE html>"));
    assert!(serde_json::from_str::<Value>(&read("scan.json")).unwrap()["schema_version"] == 1);
    assert!(read("page.md").starts_with("# cloudcensus"));
    assert!(read("junit.xml").contains("<testsuites"));
    assert!(read("results.sarif").contains("\"version\":\"2.1.0\""));
    assert!(read("findings.csv").starts_with("severity,outcome,rule"));
    assert!(read("agencies.txt").starts_with("id,name,kind"));

    let history = project.path("history.sqlite");
    project
        .cmd(&[
            "scan",
            "--offline",
            "--history",
            history.to_str().unwrap(),
            "--output",
            "report.html",
            "--output",
            "x.weird",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("x.weird")
                .and(predicate::str::contains(".html, .htm, .json, .csv, .md"))
                .and(predicate::str::contains(".sarif"))
                .and(predicate::str::contains(".xml"))
                .and(predicate::str::contains("FORMAT=FILE")),
        );
    assert!(!project.path("x.weird").exists());
    assert!(!history.exists(), "nothing was done");
    let leftovers: Vec<_> = std::fs::read_dir(project.path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A name without an extension needs a format too; `--format` gives it.
    project
        .cmd(&["scan", "--offline", "--no-history", "--output", "latest"])
        .assert()
        .code(2);
    project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--format",
            "json",
            "--output",
            "latest",
        ])
        .assert()
        .code(1);
    assert!(read("latest").starts_with('{'));
}

/// `report --output` does the same with a recorded scan.
#[test]
fn report_takes_the_format_from_the_extension_too() {
    let project = Project::good();
    project.cmd(&["scan", "--offline"]).assert().code(1);
    project
        .cmd(&["report", "--output", "again.md"])
        .assert()
        .code(0);
    let page = std::fs::read_to_string(project.path("again.md")).unwrap();
    assert!(page.starts_with("# cloudcensus"), "{page}");
    project
        .cmd(&["report", "--output", "again.weird"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FORMAT=FILE"));
    assert!(!project.path("again.weird").exists());
}

/// The HTML report's agency chart names the agencies (cut to fit, the
/// whole name and the id as a tooltip), not their ids.
#[test]
fn the_html_chart_names_agencies() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let output = shipped(&["--output", page.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let html = std::fs::read_to_string(&page).unwrap();
    let chart = chart_of(&html);
    for (id, label) in [
        ("so-yte", ">Sở Y tế</text>"),
        ("a-luoi", ">Ủy ban nhân dân huyện A Lưới</text>"),
        // Cut between words; the tooltip has it all.
        ("hueioc", ">Trung tâm Giám sát, điều hành đô…</text>"),
    ] {
        assert!(chart.contains(label), "{label}");
        assert!(!chart.contains(&format!(">{id}</text>")), "{id}");
    }
    assert!(chart.contains(
        "<title>Trung tâm Giám sát, điều hành đô thị thông minh thành phố Huế (HueIOC) (hueioc): "
    ));
    assert_eq!(chart.matches("<title>").count(), 27);
    // Every failing system is still on the page, behind a <details> per rule.
    assert!(html.contains("<summary>Failing systems (38)</summary>"));
    assert!(html.contains("a-luoi/qlvb"));
    assert!(html.contains("@media print"));
}

/// The agency chart's `<svg>`: the one after its heading.
fn chart_of(html: &str) -> &str {
    let start = html
        .find("Compliance by agency")
        .expect("the chart's heading");
    let chart = &html[start..];
    let chart = &chart[chart.find("<svg").expect("the chart")..];
    &chart[..chart.find("</svg>").expect("the chart ends")]
}

/// `--output /dev/null` writes to the device: renaming a temporary file
/// over it would put a plain file in the system's place (as root, it did).
#[test]
fn output_to_dev_null_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let project = Project::good();
    project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--format",
            "json",
            "--output",
            "/dev/null",
        ])
        .assert()
        .code(1);
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is no longer a device");
    assert!(
        std::fs::read_dir("/dev")
            .unwrap()
            .flatten()
            .all(|entry| !entry.file_name().to_string_lossy().starts_with(".null.")),
        "no temporary file left in /dev"
    );
}
