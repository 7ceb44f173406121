//! Issue 15, items 4 and 6: the workbook report (`--format xlsx`) read
//! back with calamine (numbers are numbers, percentages numbers with a
//! percent format, every agency there, in both languages), converted to
//! CSV by headless LibreOffice, the same from a stored run, written to a
//! pipe and refused on a terminal.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use crate::common::{Project, english, repo_root, sheets_to_csv};

/// `cloudcensus scan --offline` of the shipped province as of a fixed
/// day, recording nothing, in `lang`, with `extra` arguments; its stdout.
fn shipped(lang: &str, extra: &[&str]) -> Vec<u8> {
    let output = english(assert_cmd::Command::cargo_bin("cloudcensus").unwrap())
        .current_dir(repo_root())
        .args(["scan", "--offline", "--as-of", "2026-11-25", "--no-history"])
        .args(["--lang", lang])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).expect("the report is a workbook")
}

/// The sheet at `index`, its heading row, and the column headed `heading`.
fn column(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    index: usize,
    heading: &str,
) -> (String, calamine::Range<Data>, u32) {
    let name = book.sheet_names()[index].clone();
    let cells = book.worksheet_range(&name).unwrap();
    let headings = cells.headers().unwrap_or_default();
    let at = headings
        .iter()
        .position(|h| h == heading)
        .unwrap_or_else(|| panic!("no {heading} in {headings:?}"));
    (name, cells, at as u32)
}

/// Every agency of the record is a row of the agencies' sheet, its
/// compliance a number with a percent format; every failing finding a row
/// of the findings' sheet. In English and in Vietnamese.
#[test]
fn the_workbook_holds_every_agency_as_numbers_in_both_languages() {
    let record: Value = serde_json::from_slice(&shipped("en", &["--format", "json"])).unwrap();
    let agencies = record["agencies"].as_array().unwrap();
    let failing = record["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["outcome"] == "fail")
        .count();
    for (lang, sheets, compliance) in [
        ("en", ["Targets", "Agencies"], "Compliance"),
        ("vi", ["Chỉ tiêu", "Cơ quan, đơn vị"], "Mức tuân thủ"),
    ] {
        let mut book = open(shipped(lang, &["--format", "xlsx"]));
        assert_eq!(book.sheet_names().len(), 5);
        assert_eq!(book.sheet_names()[..2], sheets);
        let (name, cells, at) = column(&mut book, 1, compliance);
        let styles = book.worksheet_style(&name).unwrap();
        for (row, agency) in agencies.iter().enumerate() {
            let row = row as u32 + 1;
            assert_eq!(
                cells.get_value((row, 0)),
                Some(&Data::String(agency["id"].as_str().unwrap().into())),
                "{lang}: agencies in the record's order"
            );
            let Some(Data::Float(value)) = cells.get_value((row, at)) else {
                panic!("{lang}: compliance of {} is no number", agency["id"]);
            };
            let outcomes = &agency["outcomes"];
            let count = |name: &str| outcomes[name].as_f64().unwrap();
            let decided = count("pass") + count("fail") + count("waived");
            let expected = (count("pass") + count("waived")) / decided;
            assert!(
                (value - expected).abs() < 1e-9,
                "{lang}: {value} {expected}"
            );
            let format = styles
                .get((row, at))
                .and_then(|style| style.number_format.as_ref())
                .map(|format| format.format_code.as_str());
            assert_eq!(format, Some("0.0%"), "{lang}");
        }
        let findings = book.worksheet_range_at(2).unwrap().unwrap();
        assert_eq!(
            findings.height(),
            failing + 1,
            "{lang}: a row per failing finding"
        );
    }
}

/// A stored run renders the same workbook as the scan wrote, to a file
/// and to stdout when stdout is a pipe.
#[test]
fn a_stored_run_renders_the_same_workbook() {
    let project = Project::good();
    project
        .cmd(&["scan", "--offline", "--output", "scan.xlsx"])
        .assert()
        .code(1);
    project
        .cmd(&["report", "--output", "again.xlsx"])
        .assert()
        .code(0);
    let scanned = std::fs::read(project.path("scan.xlsx")).unwrap();
    assert_eq!(scanned, std::fs::read(project.path("again.xlsx")).unwrap());
    let piped = project
        .cmd(&["report", "1", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(piped.stdout, scanned);
}

/// Headless LibreOffice (installed by `.ci/run`; missing, the test fails)
/// converts every sheet of the report, in both languages, to CSV.
#[test]
fn libreoffice_converts_the_workbook_to_csv() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "vi"] {
        let report = dir.path().join(format!("report-{lang}.xlsx"));
        let output = format!("xlsx={}", report.display());
        shipped(lang, &["--output", &output]);
        let csv = dir.path().join(format!("csv-{lang}"));
        let files = sheets_to_csv(&report, &csv, &dir.path().join("profile"));
        assert_eq!(files.len(), 5, "{lang}: a CSV per sheet: {files:?}");
        let agencies = files
            .iter()
            .find(|name| name.contains("Agencies") || name.contains("Cơ quan"))
            .unwrap_or_else(|| panic!("no agencies' sheet in {files:?}"));
        let text = std::fs::read_to_string(csv.join(agencies)).unwrap();
        for id in ["so-yte", "hueioc", "a-luoi"] {
            assert!(text.contains(&format!("\n{id},")), "{lang}: {id} in {text}");
        }
    }
}

/// On a terminal (a pseudo-terminal made by util-linux `script`, which
/// `.ci/run` installs), a workbook for stdout is refused with exit 2 and
/// a pointer to `--output`, by `scan`, `report` and `national`, before
/// any work.
#[test]
fn a_workbook_is_refused_on_a_terminal() {
    let project = Project::good();
    project.cmd(&["scan", "--offline"]).assert().code(1);
    let binary = assert_cmd::cargo::cargo_bin("cloudcensus");
    for command in [
        "scan --offline --no-history --format xlsx",
        "report --format xlsx",
        "national --format xlsx",
    ] {
        let output = std::process::Command::new("script")
            .args(["-qec", &format!("\"$CLOUDCENSUS\" {command}"), "/dev/null"])
            .stdin(std::process::Stdio::null())
            .current_dir(project.dir.path())
            .env("CLOUDCENSUS", &binary)
            .env("XDG_DATA_HOME", project.path(".data"))
            .env("XDG_CONFIG_HOME", project.path(".config"))
            .env_remove("CLOUDCENSUS_HISTORY")
            .env_remove("CLOUDCENSUS_CONFIG")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .expect("util-linux `script` (Debian's bsdutils) makes a terminal");
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(2), "{command}: {text}");
        assert!(
            text.contains("binary file and stdout is a terminal")
                && text.contains("--output report.xlsx"),
            "{command}: {text}"
        );
        assert!(
            !text.contains("PK\u{3}\u{4}"),
            "{command}: no zip on the terminal"
        );
    }
}
