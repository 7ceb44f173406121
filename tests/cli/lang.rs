//! Issue 12, item 5, "Vietnamese throughout": a policy's texts per
//! language, the shipped pack in Vietnamese, a word for every status id,
//! and the history commands in the reader's language.

use serde_json::Value;

use crate::common::{GOOD_AGENCY, Project, english, repo_root, ten_systems};

/// `scan --offline` of the shipped data from the repository root:
/// (exit code, stdout).
fn shipped(args: &[&str]) -> (Option<i32>, String) {
    let mut command = english(assert_cmd::Command::cargo_bin("cloudcensus").unwrap());
    let output = command
        .current_dir(repo_root())
        .args(["scan", "--offline", "--as-of", "2026-11-25", "--no-history"])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn shipped_record() -> Value {
    serde_json::from_str(&shipped(&["--format", "json"]).1).unwrap()
}

/// The words of a text: runs of letters, digits and hyphens, so that a
/// status id such as `no-trend` is one word.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

const STATUS_IDS: [&str; 7] = [
    "met",
    "on-track",
    "behind",
    "no-progress",
    "missed",
    "no-trend",
    "no-data",
];

/// The Vietnamese name of each status id, as the summary writes it.
fn vietnamese_status(id: &str) -> &'static str {
    match id {
        "met" => "đã đạt",
        "on-track" => "đúng tiến độ",
        "behind" => "chậm tiến độ",
        "no-progress" => "không có tiến triển",
        "missed" => "không đạt",
        "no-trend" => "chưa đạt",
        "no-data" => "chưa có số liệu",
        other => panic!("unknown status {other}"),
    }
}

/// The start of `text` that a table cell wrapped at 48 characters keeps
/// on its first line: whole words, at most 40 characters.
fn first_words(text: &str) -> String {
    let mut prefix = String::new();
    for word in text.split(' ') {
        if prefix.chars().count() + word.chars().count() + 1 > 40 {
            break;
        }
        if !prefix.is_empty() {
            prefix.push(' ');
        }
        prefix.push_str(word);
    }
    prefix
}

fn text<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no text at {pointer} in {value}"))
}

/// Every rule and target of the shipped pack has its Vietnamese title,
/// remediation, references and source, and the record carries them.
#[test]
fn issue_12_the_shipped_pack_is_in_vietnamese_throughout() {
    let scan = shipped_record();
    let rules = scan["rules"].as_array().unwrap();
    assert!(rules.len() >= 29, "{}", rules.len());
    for rule in rules {
        let id = &rule["id"];
        let vi = &rule["translations"]["vi"];
        assert!(vi["title"].is_string(), "{id} has no Vietnamese title");
        assert!(
            rule["remediation"].is_null() || vi["remediation"].is_string(),
            "{id} has no Vietnamese remediation"
        );
        let references = rule["references"].as_array().unwrap();
        if !references.is_empty() {
            let translated = vi["references"].as_array().unwrap();
            assert_eq!(translated.len(), references.len(), "{id}");
            for reference in translated {
                let reference = reference.as_str().unwrap();
                assert!(
                    [
                        "Quyết định số",
                        "Nghị định số",
                        "Công văn số",
                        "Khoản",
                        "Mục tiêu",
                        // Standards: IETF RFCs, NIST, Mozilla, CA/Browser Forum.
                        "Tài liệu",
                        "Hướng dẫn",
                        "Bộ yêu cầu",
                        // CISA's directive, the US federal bar.
                        "Chỉ thị",
                    ]
                    .iter()
                    .any(|start| reference.starts_with(start)),
                    "{id}: {reference}"
                );
            }
        }
    }
    for target in scan["targets"].as_array().unwrap() {
        let vi = &target["translations"]["vi"];
        assert!(
            vi["title"].is_string(),
            "{} has no Vietnamese title",
            target["id"]
        );
        assert!(
            vi["source"].is_string(),
            "{} has no Vietnamese source",
            target["id"]
        );
    }
}

/// `--lang vi`: the summary and the tables show the shipped pack's
/// Vietnamese titles and remediations, and none of the English ones.
#[test]
fn issue_12_shipped_titles_show_in_vietnamese_under_lang_vi() {
    let scan = shipped_record();
    let (_, summary) = shipped(&["--format", "summary", "--lang", "vi"]);
    let (_, table) = shipped(&["--format", "table", "--lang", "vi"]);
    for target in scan["targets"].as_array().unwrap() {
        let (vi, en) = (
            text(target, "/translations/vi/title"),
            text(target, "/title"),
        );
        assert!(summary.contains(vi), "{vi:?} not in:\n{summary}");
        assert!(!summary.contains(en), "{en:?} in:\n{summary}");
        assert!(table.contains(&first_words(vi)), "{vi:?} not in:\n{table}");
        assert!(!table.contains(&first_words(en)), "{en:?} in:\n{table}");
    }
    let failing = scan["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|rule| rule["outcomes"]["fail"].as_u64() > Some(0));
    for rule in failing {
        for (vi, en) in [
            ("/translations/vi/title", "/title"),
            ("/translations/vi/remediation", "/remediation"),
        ] {
            let (vi, en) = (text(rule, vi), text(rule, en));
            assert!(table.contains(&first_words(vi)), "{vi:?} not in:\n{table}");
            assert!(!table.contains(&first_words(en)), "{en:?} in:\n{table}");
        }
    }
    // The total row is named by the whole: the shipped cloudcensus.toml
    // says the sample is a city, so "toàn thành phố", not "toàn tỉnh".
    assert!(table.contains("│ toàn thành phố "), "{table}");
    assert!(!table.contains("toàn tỉnh"), "{table}");
}

/// A policy whose targets reach every status, scanned on five nights.
const STATUS_POLICY: &str = "\
policy: { id: p, title: { vi: Chính sách thử, en: Test policy } }
rules:
  - id: CLOUD
    title: { vi: Hệ thống trên nền tảng điện toán đám mây, en: On cloud }
    severity: high
    check: system.hosting.model == 'gov-cloud'
  - id: FLAT
    title: Flat
    severity: low
    check: system.criticality == 'high'
  - id: NONE
    title: None
    severity: low
    when: system.criticality == 'critical'
    check: 'true'
targets:
  - { id: on-pace, title: { vi: Chỉ tiêu A, en: Target A }, rule: CLOUD, goal: 100%, deadline: 2026-12-31 }
  - { id: late, title: { vi: Chỉ tiêu B, en: Target B }, rule: CLOUD, goal: 100%, deadline: 2026-11-06 }
  - { id: flat, title: { vi: Chỉ tiêu C, en: Target C }, rule: FLAT, goal: 50%, deadline: 2026-12-31 }
  - { id: past, title: { vi: Chỉ tiêu D, en: Target D }, rule: CLOUD, goal: 100%, deadline: 2026-01-01 }
  - { id: done, title: { vi: Chỉ tiêu E, en: Target E }, rule: CLOUD, goal: 10%, deadline: 2026-12-31 }
  - { id: empty, title: { vi: Chỉ tiêu F, en: Target F }, rule: NONE, goal: 10%, deadline: 2026-12-31 }
";

/// The project of STATUS_POLICY after nights 1 to 5 of November, one
/// system more on cloud each night, recorded in its history.
fn five_nights() -> Project {
    let project = Project::new().file("policies/p.yaml", STATUS_POLICY);
    for night in 1..=5 {
        std::fs::create_dir_all(project.path("inventories")).unwrap();
        std::fs::write(project.path("inventories/so-a.yaml"), ten_systems(night)).unwrap();
        let day = format!("2026-11-{night:02}");
        let output = project
            .cmd(&["scan", "--offline", "--as-of", &day, "--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    }
    project
}

/// No raw status id in the summary, the cron mail's body: in Vietnamese
/// not one of them as a word, in English none of the hyphenated ids, and
/// each target's line leads with its status in words.
#[test]
fn issue_12_no_raw_status_id_in_the_summary() {
    let (_, summary) = shipped(&["--format", "summary", "--lang", "vi"]);
    let found: Vec<&str> = words(&summary)
        .into_iter()
        .filter(|w| STATUS_IDS.contains(w))
        .collect();
    assert!(found.is_empty(), "{found:?} in:\n{summary}");
    for severity in ["critical", "high", "medium", "low", "info"] {
        assert!(
            !words(&summary).contains(&severity),
            "{severity} in:\n{summary}"
        );
    }

    let project = five_nights();
    let sixth = |lang: &str| {
        let output = project
            .cmd(&[
                "scan",
                "--offline",
                "--as-of",
                "2026-11-05",
                "--format",
                "summary",
            ])
            .args(["--lang", lang, "--output", "json=record.json"])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let (vi, en) = (sixth("vi"), sixth("en"));
    let record: Value =
        serde_json::from_slice(&std::fs::read(project.path("record.json")).unwrap()).unwrap();
    let mut statuses: Vec<&str> = Vec::new();
    for target in record["targets"].as_array().unwrap() {
        let status = text(target, "/status");
        statuses.push(status);
        let title = text(target, "/translations/vi/title");
        let line = vi
            .lines()
            .find(|line| line.contains(title))
            .unwrap_or_else(|| panic!("no line for {title}:\n{vi}"));
        assert!(
            line.trim_start().starts_with(vietnamese_status(status)),
            "{status}: {line}"
        );
    }
    statuses.sort_unstable();
    statuses.dedup();
    assert!(statuses.len() >= 4, "{statuses:?}");
    for (lang, summary) in [("vi", &vi), ("en", &en)] {
        for word in words(summary) {
            let raw = match lang {
                "vi" => STATUS_IDS.contains(&word),
                _ => STATUS_IDS.contains(&word) && word.contains('-'),
            };
            assert!(!raw, "{word} in:\n{summary}");
        }
    }
}

/// Texts given per language show in each; a text given in one language
/// shows in the other too; a plain text shows in both. Every format.
#[test]
fn issue_12_policy_texts_per_language_show_in_each_language() {
    let policy = "\
policy: { id: p, title: P }
rules:
  - id: CLOUD-001
    title:
      vi: Hệ thống trên nền tảng điện toán đám mây
      en: System on cloud
    remediation:
      vi: Cơ quan, đơn vị chuyển hệ thống lên nền tảng điện toán đám mây.
    severity: high
    check: system.hosting.model in ['private-cloud', 'gov-cloud', 'public-cloud', 'saas']
targets:
  - id: cloud
    title: { en: Systems on cloud, vi: Tỷ lệ hệ thống trên nền tảng điện toán đám mây }
    rule: CLOUD-001
    goal: 50%
    deadline: 2030-12-31
  - id: plain
    title: Plain title for everyone
    rule: CLOUD-001
    goal: 50%
    deadline: 2030-12-31
";
    let project = Project::new()
        .file("inventories/so-a.yaml", GOOD_AGENCY)
        .file("policies/p.yaml", policy);
    let run = |lang: &str, format: &str| -> String {
        let output = project
            .cmd(&["scan", "--offline", "--as-of", "2026-11-25", "--no-history"])
            .args(["--lang", lang, "--format", format])
            .output()
            .unwrap();
        assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let remediation = "Cơ quan, đơn vị chuyển hệ thống lên";
    for format in [
        "table", "summary", "markdown", "html", "csv", "sarif", "junit",
    ] {
        let (vi, en) = (run("vi", format), run("en", format));
        let (shows_rule, shows_target, shows_remediation) = match format {
            "summary" => (false, true, false),
            "csv" | "sarif" | "junit" => (true, false, true),
            _ => (true, true, true),
        };
        if shows_rule {
            assert!(
                vi.contains("Hệ thống trên nền tảng điện toán đám mây"),
                "{format} vi:\n{vi}"
            );
            assert!(!vi.contains("System on cloud"), "{format} vi:\n{vi}");
            assert!(en.contains("System on cloud"), "{format} en:\n{en}");
            assert!(!en.contains("Hệ thống trên nền tảng"), "{format} en:\n{en}");
        }
        if shows_remediation {
            // Given in Vietnamese only: shown in English too.
            for out in [&vi, &en] {
                assert!(out.contains(remediation), "{format}:\n{out}");
            }
        }
        if shows_target {
            assert!(
                vi.contains("Tỷ lệ hệ thống trên nền tảng"),
                "{format} vi:\n{vi}"
            );
            assert!(en.contains("Systems on cloud"), "{format} en:\n{en}");
            assert!(!en.contains("Tỷ lệ hệ thống"), "{format} en:\n{en}");
            for out in [&vi, &en] {
                assert!(out.contains("Plain title for everyone"), "{format}:\n{out}");
            }
        }
    }
    // The record holds both languages whatever the report's.
    let json = run("vi", "json");
    let record: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(text(&record, "/targets/0/title"), "Systems on cloud");
    assert_eq!(
        text(&record, "/targets/0/translations/vi/title"),
        "Tỷ lệ hệ thống trên nền tảng điện toán đám mây"
    );
    assert!(record["targets"][1].get("translations").is_none());
    assert_eq!(
        text(&record, "/rules/0/remediation"),
        "Cơ quan, đơn vị chuyển hệ thống lên nền tảng điện toán đám mây."
    );
    // A stored run renders in either language.
    let stored = project
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
    assert!(stored.status.code().is_some_and(|c| c <= 1));
    for (lang, title) in [("vi", "Tỷ lệ hệ thống"), ("en", "Systems on cloud")] {
        let report = project.cmd(&["report", "--lang", lang]).output().unwrap();
        let report = String::from_utf8(report.stdout).unwrap();
        assert!(report.contains(title), "{lang}:\n{report}");
    }
}

/// A language a policy text does not know is an error at its key, with a
/// did-you-mean, like any unknown key; an empty map is refused too.
#[test]
fn issue_12_an_unknown_language_key_is_an_error_with_its_place() {
    let policy = "\
policy: { id: p, title: P }
rules:
  - id: CLOUD-001
    title:
      en: On cloud
      vn: Trên nền tảng điện toán đám mây
    severity: high
    check: system.hosting.model == 'gov-cloud'
";
    let project = Project::new()
        .file("inventories/so-a.yaml", GOOD_AGENCY)
        .file("policies/p.yaml", policy);
    let (code, stderr) = project.validate();
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "policies/p.yaml:6:7: error: rules[0].title: unknown field `vn`, expected one of `vi`, `en`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `vi`?"), "{stderr}");

    let empty = policy.replace(
        "    title:\n      en: On cloud\n      vn: Trên nền tảng điện toán đám mây\n",
        "    title: {}\n",
    );
    let project = project.file("policies/p.yaml", empty);
    let (code, stderr) = project.validate();
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "policies/p.yaml:4:12: error: rules[0].title: the text is given in no language"
        ),
        "{stderr}"
    );
}

/// `runs`, `trend` and `diff` follow `--lang` and the locale: their words,
/// dates, percentages, statuses and the targets' titles.
#[test]
fn issue_12_history_commands_follow_the_language() {
    let project = five_nights();
    let vietnamese = |args: &[&str]| {
        let output = project
            .cmd(args)
            .env("LANG", "vi_VN.UTF-8")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let runs = vietnamese(&["runs"]);
    assert!(
        runs.contains("số liệu ngày 01/11/2026  không kiểm tra trực tuyến"),
        "{runs}"
    );
    assert!(runs.contains("cơ quan, đơn vị; 10 hệ thống"), "{runs}");
    assert!(runs.contains("mức tuân thủ"), "{runs}");
    assert!(!runs.contains("as of"), "{runs}");

    let trend = vietnamese(&["trend"]);
    assert!(trend.contains("on-pace: Chỉ tiêu A"), "{trend}");
    assert!(trend.contains("01/11/2026 10%"), "{trend}");
    assert!(
        trend.contains("mục tiêu 100%, thời hạn 31/12/2026"),
        "{trend}"
    );
    for word in words(&trend) {
        assert!(!STATUS_IDS.contains(&word), "{word} in:\n{trend}");
    }
    assert!(!trend.contains("goal"), "{trend}");

    let diff = vietnamese(&["diff"]);
    assert!(
        diff.starts_with(
            "Lần 4 (số liệu ngày 04/11/2026) -> lần 5 (số liệu ngày 05/11/2026): 0 nội dung mới chưa đạt, 1 nội dung đã khắc phục"
        ),
        "{diff}"
    );
    assert!(
        diff.contains("\nĐã khắc phục:\n  CLOUD so-a/s4\n"),
        "{diff}"
    );
    assert!(diff.contains("Mức tuân thủ thay đổi:"), "{diff}");

    // The flag beats the locale.
    let output = project
        .cmd(&["trend", "--lang", "en"])
        .env("LANG", "vi_VN.UTF-8")
        .output()
        .unwrap();
    let english = String::from_utf8(output.stdout).unwrap();
    assert!(english.contains("on-pace: Target A"), "{english}");
    assert!(english.contains("goal 100% by 2026-12-31"), "{english}");
}
