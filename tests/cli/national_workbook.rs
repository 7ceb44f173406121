//! `cloudcensus national --format xlsx` (issue 16, item 4): the national
//! view's workbook read back with calamine (its three sheets, numbers as
//! numbers, dates as dates, the words of each language), the same bytes
//! to a file and to a pipe, and every sheet converted to CSV by headless
//! LibreOffice. The view is the same from either store (tests/cli/
//! national.rs runs it on both); these read the SQLite one.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::common::sheets_to_csv;
use crate::national::constructed;
use crate::pg_server::Store;

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).expect("the national view is a workbook")
}

/// The national value is 100 of 120 (see `constructed`); each
/// organisation a row, its systems a count, its last run a date, its
/// status in the reader's words; in English and Vietnamese, written to a
/// file through `--output` and to a pipe, the same bytes.
#[test]
fn the_national_workbook_holds_the_view_as_numbers_in_both_languages() {
    let project = constructed(Store::Sqlite);
    for (lang, sheets, stale) in [
        (
            "en",
            ["National targets", "Organisations", "Lowest per target"],
            "stale",
        ),
        (
            "vi",
            [
                "Chỉ tiêu toàn quốc",
                "Các cơ quan, địa phương",
                "Thấp nhất theo chỉ tiêu",
            ],
            "số liệu cũ",
        ),
    ] {
        let file = format!("national-{lang}.xlsx");
        let args = ["national", "--as-of", "2026-11-25", "--lang", lang];
        project
            .cmd(&[&args[..], &["--output", &file]].concat())
            .assert()
            .code(0);
        let bytes = std::fs::read(project.path(&file)).unwrap();
        let piped = project
            .cmd(&[&args[..], &["--format", "xlsx"]].concat())
            .output()
            .unwrap();
        assert_eq!(piped.status.code(), Some(0));
        assert!(piped.stdout == bytes, "{lang}: the same workbook to a pipe");
        let mut book = open(bytes);
        assert_eq!(book.sheet_names(), sheets, "{lang}");

        let targets = book.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(targets.height(), 3, "{lang}: a heading and two targets");
        let Some(Data::Float(value)) = targets.get_value((1, 1)) else {
            panic!(
                "{lang}: the national value is no number: {:?}",
                targets.get_value((1, 1))
            );
        };
        assert!((value - 100.0 / 120.0).abs() < 1e-12, "{lang}: {value}");
        assert_eq!(
            targets.get_value((2, 1)),
            Some(&Data::Empty),
            "{lang}: nothing measured"
        );
        assert_eq!(targets.get_value((1, 6)), Some(&Data::Float(3.0)), "{lang}");

        let orgs = book.worksheet_range_at(1).unwrap().unwrap();
        let ids: Vec<String> = (1..orgs.height() as u32)
            .map(|row| orgs.get_value((row, 0)).unwrap().to_string())
            .collect();
        assert_eq!(
            ids,
            ["bo-c", "tinh-a", "tinh-d", "tinh-e", "tinh-f", "tp-b"],
            "{lang}"
        );
        assert_eq!(
            orgs.get_value((1, 3)),
            Some(&Data::Float(100.0)),
            "{lang}: bo-c's systems"
        );
        assert!(
            matches!(orgs.get_value((3, 7)), Some(Data::DateTime(_))),
            "{lang}: tinh-d's last run is a date: {:?}",
            orgs.get_value((3, 7))
        );
        assert_eq!(
            orgs.get_value((3, 8)),
            Some(&Data::String(stale.into())),
            "{lang}"
        );
        assert_eq!(
            orgs.get_value((4, 3)),
            Some(&Data::Empty),
            "{lang}: tinh-e has no run"
        );

        let worst = book.worksheet_range_at(2).unwrap().unwrap();
        let lowest = "tinh-a (10%), bo-c (90%), tp-b (90%)";
        assert_eq!(
            worst.get_value((1, 1)),
            Some(&Data::String(lowest.into())),
            "{lang}"
        );
    }
}

/// Headless LibreOffice (installed by `.ci/run`; missing, the test fails)
/// converts each sheet of the national workbook to CSV.
#[test]
fn libreoffice_converts_the_national_workbook_to_csv() {
    let project = constructed(Store::Sqlite);
    project
        .cmd(&[
            "national",
            "--as-of",
            "2026-11-25",
            "--lang",
            "vi",
            "--output",
            "national.xlsx",
        ])
        .assert()
        .code(0);
    let out = project.path("csv");
    let files = sheets_to_csv(
        &project.path("national.xlsx"),
        &out,
        &project.path("profile"),
    );
    assert_eq!(files.len(), 3, "a CSV per sheet: {files:?}");
    let orgs = files
        .iter()
        .find(|name| name.contains("Các cơ quan"))
        .unwrap_or_else(|| panic!("no organisations' sheet in {files:?}"));
    let text = std::fs::read_to_string(out.join(orgs)).unwrap();
    for line in ["\nbo-c,Org bo-c,", "\ntinh-d,Org tinh-d,"] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
}
