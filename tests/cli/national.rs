//! `cloudcensus national` (issue 16, item 4): every organisation's latest
//! run in one history read together, on constructed runs whose national
//! values are known by hand; and `trend --national`. On both stores.

use serde_json::Value;

use crate::common::{GOOD_POLICY, Project, systems};
use crate::pg_server::{Store, on_both_stores};

on_both_stores!(
    national_targets_are_ratios_of_sums_with_stale_missing_and_other_packs,
    national_view_speaks_both_languages_in_every_format,
    trend_national_draws_the_national_values_night_by_night,
);

/// Organisation `org` of `kind` scans `systems` systems (`on_cloud` on
/// cloud) as of `day` into the project's history, with `extra` flags.
fn scan(
    project: &Project,
    org: &str,
    kind: &str,
    day: &str,
    counts: (usize, usize),
    extra: &[&str],
) {
    std::fs::write(
        project.path("inventories/so-a.yaml"),
        systems(counts.0, counts.1),
    )
    .unwrap();
    let name = format!("Org {org}");
    let mut args = vec![
        "scan",
        "--offline",
        "--as-of",
        day,
        "--org",
        org,
        "--org-name",
        &name,
        "--org-kind",
        kind,
        "--format",
        "summary",
    ];
    args.extend_from_slice(extra);
    let output = project.cmd(&args).output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Three organisations counted: 1 of 10, 9 of 10 and 90 of 100 systems on
/// cloud. The national value is 100 of 120 (83.3%); the mean of their
/// percentages would be 60%. Beside them: one whose latest run is three
/// weeks old (stale), one with only an agency's run (missing), one judged
/// by another policy pack (flagged, not counted).
pub(crate) fn constructed(store: Store) -> Project {
    let project = store
        .project(Project::good())
        .file(
            "other/test.yaml",
            GOOD_POLICY.replace("goal: 50%", "goal: 60%"),
        )
        .file("other/providers.yaml", crate::common::PROVIDERS);
    std::fs::remove_file(project.path("inventories/so-a.yaml")).unwrap();
    scan(&project, "tinh-a", "province", "2026-11-25", (10, 1), &[]);
    scan(&project, "tp-b", "city", "2026-11-24", (10, 9), &[]);
    scan(&project, "bo-c", "ministry", "2026-11-25", (100, 90), &[]);
    scan(&project, "tinh-d", "province", "2026-11-04", (10, 0), &[]);
    scan(
        &project,
        "tinh-e",
        "province",
        "2026-11-25",
        (10, 0),
        &["--agency", "so-a"],
    );
    scan(
        &project,
        "tinh-f",
        "province",
        "2026-11-25",
        (10, 0),
        &["--policies", "other"],
    );
    project
}

pub(crate) fn national(project: &Project, args: &[&str]) -> String {
    let day: &[&str] = if args.contains(&"--as-of") {
        &[]
    } else {
        &["--as-of", "2026-11-25"]
    };
    stdout_of(project, &[&["national"], day, args].concat())
}

/// What `cloudcensus ARGS` prints, having exited 0.
fn stdout_of(project: &Project, args: &[&str]) -> String {
    let output = project.cmd(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn national_targets_are_ratios_of_sums_with_stale_missing_and_other_packs(store: Store) {
    let project = constructed(store);
    let view: Value = serde_json::from_str(&national(&project, &["--format", "json"])).unwrap();
    let cloud = &view["targets"][0];
    assert_eq!(cloud["id"], "cloud");
    assert_eq!(cloud["numerator"], 100.0);
    assert_eq!(cloud["denominator"], 120.0);
    assert_eq!(cloud["percent"], 100.0 * 100.0 / 120.0);
    let mean: f64 = (10.0 + 90.0 + 90.0) / 3.0;
    assert_ne!(
        cloud["percent"].as_f64(),
        Some(mean),
        "not the mean of percentages"
    );
    assert_eq!(cloud["status"], "met");
    assert_eq!(cloud["organisations"], 3);
    let worst: Vec<&str> = cloud["worst"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(worst, ["tinh-a", "bo-c", "tp-b"]);
    assert_eq!(cloud["worst"][0]["percent"], 10.0);
    // Nothing measured by the services target: no value, not 0%.
    assert_eq!(view["targets"][1]["id"], "online");
    assert_eq!(view["targets"][1]["percent"], Value::Null);

    assert_eq!(view["as_of"], "2026-11-25");
    assert_eq!(view["max_age_days"], 2);
    assert_eq!(
        (
            &view["counted"],
            &view["stale"],
            &view["missing"],
            &view["other_pack"]
        ),
        (
            &Value::from(3),
            &Value::from(1),
            &Value::from(1),
            &Value::from(1)
        )
    );
    let rows = view["organisations"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["bo-c", "tinh-a", "tinh-d", "tinh-e", "tinh-f", "tp-b"]
    );
    assert_eq!(row("bo-c")["kind"], "ministry");
    assert_eq!(row("bo-c")["name"], "Org bo-c");
    assert_eq!(row("bo-c")["systems"], 100);
    assert_eq!(row("bo-c")["on_cloud_percent"], 90.0);
    assert_eq!(row("tp-b")["as_of"], "2026-11-24");
    assert_eq!(row("tp-b")["status"], "fresh");
    assert_eq!(row("tinh-d")["status"], "stale");
    assert_eq!(row("tinh-d")["counted"], false);
    assert_eq!(row("tinh-e")["status"], "missing");
    assert_eq!(row("tinh-e")["systems"], Value::Null);
    assert_eq!(row("tinh-f")["other_pack"], true);
    assert_eq!(row("tinh-f")["counted"], false);
    assert_ne!(row("tinh-f")["policy_digest"], view["policy_digest"]);
    assert_eq!(row("tinh-a")["policy_digest"], view["policy_digest"]);

    // A longer maximum age counts the stale one: 100 of 130.
    let wide: Value = serde_json::from_str(&national(
        &project,
        &["--format", "json", "--max-age", "30"],
    ))
    .unwrap();
    assert_eq!(wide["targets"][0]["denominator"], 130.0);
    assert_eq!(wide["stale"], 0);
    // As of an earlier day, a later run is not there yet: tp-b alone.
    let earlier: Value = serde_json::from_str(&national(
        &project,
        &["--format", "json", "--as-of", "2026-11-24"],
    ))
    .unwrap();
    assert_eq!(earlier["targets"][0]["numerator"], 9.0);
    assert_eq!(earlier["missing"], 4);
}

fn national_view_speaks_both_languages_in_every_format(store: Store) {
    let project = constructed(store);
    let table = national(&project, &["--lang", "en"]);
    for needle in [
        "National view as of 2026-11-25: 3 of 6 organisations counted",
        "Left out: 1 stale (latest run more than 2 days old), 1 missing (no run), 1 with a different policy pack.",
        "tinh-f ran a different policy pack",
        "National targets",
        "83.3%",
        "100 of 120 systems",
        "Organisations",
        "ministry",
        "fresh",
        "stale",
        "missing",
        "different, not comparable",
        "Lowest organisations per target",
        "tinh-a (10%), bo-c (90%), tp-b (90%)",
    ] {
        assert!(table.contains(needle), "{needle:?} in:\n{table}");
    }
    let vi = national(&project, &["--lang", "vi"]);
    for needle in [
        "Tổng hợp toàn quốc tính đến ngày 25/11/2026: số liệu của 3/6 cơ quan, địa phương",
        "Chỉ tiêu toàn quốc",
        "83,3%",
        "100/120 hệ thống",
        "bộ, cơ quan ngang bộ",
        "cập nhật",
        "số liệu cũ",
        "chưa có số liệu",
        "khác, không so sánh được",
        "tinh-f áp dụng bộ quy tắc khác",
        "tinh-a (10%), bo-c (90%), tp-b (90%)",
    ] {
        assert!(vi.contains(needle), "{needle:?} in:\n{vi}");
    }
    for english in ["fresh", "stale", "missing", "National", "Organisations"] {
        assert!(!vi.contains(english), "{english:?} in:\n{vi}");
    }
    let summary = national(&project, &["--lang", "vi", "--format", "summary"]);
    assert!(summary.contains("Systems on cloud: 83,3% (100/120 hệ thống), mục tiêu 50% trước 31/12/2030: đã đạt; thấp nhất: tinh-a (10%)"), "{summary}");

    let csv = national(&project, &["--lang", "en", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,name,kind,systems,on_cloud_percent,services_online_percent,compliance_percent,last_run,status,policy_pack,policy_digest"
        )
    );
    assert!(csv.contains("\nbo-c,Org bo-c,ministry,100,90.0,,"), "{csv}");
    assert!(csv.contains(",2026-11-04,stale,"), "{csv}");

    national(&project, &["--lang", "vi", "--output", "national.html"]);
    let html = std::fs::read_to_string(project.path("national.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"vi\">"));
    for needle in ["Chỉ tiêu toàn quốc", "83,3%", "số liệu cũ", "Org bo-c"] {
        assert!(html.contains(needle), "{needle:?} in the page");
    }
    let (code, stderr) =
        crate::common::code_and_stderr(project.cmd(&["national", "--output", "national.weird"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--format table, summary, json, csv, html or xlsx"),
        "{stderr}"
    );
}

/// Three nights: 1+5 of 20 systems (30%), then 2+6 of 20 (40%), then
/// tinh-a's 3 with tp-b's run of the night before (still fresh) and a
/// ministry's first, 90 of 100: 99 of 120 (82.5%).
fn trend_national_draws_the_national_values_night_by_night(store: Store) {
    let project = store.project(Project::good());
    std::fs::remove_file(project.path("inventories/so-a.yaml")).unwrap();
    scan(&project, "tinh-a", "province", "2026-11-23", (10, 1), &[]);
    scan(&project, "tp-b", "city", "2026-11-23", (10, 5), &[]);
    scan(&project, "tinh-a", "province", "2026-11-24", (10, 2), &[]);
    scan(&project, "tp-b", "city", "2026-11-24", (10, 6), &[]);
    scan(&project, "tinh-a", "province", "2026-11-25", (10, 3), &[]);
    scan(&project, "bo-c", "ministry", "2026-11-25", (100, 90), &[]);
    let trend = |args: &[&str]| {
        stdout_of(
            &project,
            &[&["trend", "--national", "--target", "cloud"], args].concat(),
        )
    };
    let en = trend(&[]);
    assert!(en.contains("National values, night by night"), "{en}");
    assert!(
        en.contains("cloud: Systems on cloud\n  ▃▄▇  2026-11-23 30% -> 2026-11-25 82.5%  goal 50% by 2030-12-31"),
        "{en}"
    );
    // The last night is what `national` says of that day.
    let view: Value = serde_json::from_str(&national(&project, &["--format", "json"])).unwrap();
    assert_eq!(view["targets"][0]["percent"], 82.5);
    // Without tp-b's run of the night before: 93 of 110.
    let strict = trend(&["--max-age", "0", "--lang", "vi"]);
    assert!(
        strict.contains("Giá trị toàn quốc theo từng ngày"),
        "{strict}"
    );
    assert!(
        strict.contains("23/11/2026 30% -> 25/11/2026 84,5%"),
        "{strict}"
    );
    // --max-age is for --national only.
    let (code, _) = crate::common::code_and_stderr(project.cmd(&["trend", "--max-age", "3"]));
    assert_eq!(code, 2);
}
