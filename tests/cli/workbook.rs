//! Workbooks in and out (issue 15): the template, a workbook filled by
//! the test, import with every mistake at its cell, export and import
//! again, limits, and LibreOffice converting and re-saving our files.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::common::{ALL_SHEETS_CSV, Project, assert_holds, code_and_stderr, repo_root};

/// A cell the test writes.
#[derive(Clone)]
enum Cell {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    B(bool),
    /// A formula and the result saved with it.
    F(&'static str, &'static str),
}
use Cell::{B, D, F, N, S};

/// The sheet names and header rows of a workbook, read back.
fn sheets_and_headers(path: &Path) -> Vec<(String, Vec<String>)> {
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let headers = range
                .rows()
                .next()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .unwrap_or_default();
            (name, headers)
        })
        .collect()
}

/// Writes a workbook: per sheet, its name, header row, and rows given by
/// header (cells under headers not named stay empty).
fn write_workbook(
    path: &Path,
    template: &[(String, Vec<String>)],
    rows: &[(&str, Vec<Cells>)],
    merge: Option<(&str, u32, u16, u32, u16)>,
) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, headers) in template {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        for (col, header) in headers.iter().enumerate() {
            sheet.write_string(0, col as u16, header).unwrap();
        }
        let Some((_, sheet_rows)) = rows.iter().find(|(n, _)| n == name) else {
            continue;
        };
        for (r, cells) in sheet_rows.iter().enumerate() {
            let row = r as u32 + 1;
            for (header, cell) in cells {
                let col = headers
                    .iter()
                    .position(|h| h == header)
                    .unwrap_or_else(|| panic!("no header {header} on {name}"))
                    as u16;
                match cell {
                    S(text) => {
                        sheet.write_string(row, col, *text).unwrap();
                    }
                    N(n) => {
                        sheet.write_number(row, col, *n).unwrap();
                    }
                    D(y, m, d) => {
                        let value = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet
                            .write_datetime_with_format(row, col, &value, &date)
                            .unwrap();
                    }
                    B(b) => {
                        sheet.write_boolean(row, col, *b).unwrap();
                    }
                    F(formula, result) => {
                        sheet
                            .write_formula(row, col, Formula::new(*formula).set_result(*result))
                            .unwrap();
                    }
                }
            }
        }
        if let Some((merged_sheet, r1, c1, r2, c2)) = merge
            && merged_sheet == name
        {
            sheet
                .merge_range(r1, c1, r2, c2, "merged", &Format::new())
                .unwrap();
        }
    }
    workbook.save(path).unwrap();
}

type Cells = Vec<(&'static str, Cell)>;

/// An agency row of the English template.
fn agency(id: &'static str, name: &'static str, kind: &'static str) -> Cells {
    vec![
        ("Agency id", S(id)),
        ("Agency name", S(name)),
        ("Kind", S(kind)),
    ]
}

/// A system row of the English template, with its required fields only.
fn system(
    agency: &'static str,
    id: &'static str,
    name: &'static str,
    criticality: &'static str,
    model: &'static str,
) -> Cells {
    vec![
        ("Agency id", S(agency)),
        ("System id", S(id)),
        ("System name", S(name)),
        ("Criticality", S(criticality)),
        ("Hosting model", S(model)),
    ]
}

fn template(project: &Project, lang: &str) -> Vec<(String, Vec<String>)> {
    let path = project.path(&format!("template-{lang}.xlsx"));
    project
        .cmd(&["template", path.to_str().unwrap(), "--lang", lang])
        .assert()
        .success();
    sheets_and_headers(&path)
}

/// A good agency with two systems, an endpoint and a service, in the
/// English template's words.
fn good_rows() -> Vec<(&'static str, Vec<Cells>)> {
    vec![
        (
            "Agencies",
            vec![vec![
                ("Agency id", S("so-x")),
                ("Agency name", S("Sở X")),
                ("Kind", S("department")),
                ("Contact e-mail", S("it@x.gov.vn")),
                ("Domains", S("x.gov.vn, mail.x.gov.vn")),
            ]],
        ),
        (
            "Systems",
            vec![
                vec![
                    ("Agency id", S("so-x")),
                    ("System id", S("portal")),
                    ("System name", S("Cổng thông tin: điện tử")),
                    ("Criticality", S("high")),
                    ("Security level", N(3.0)),
                    ("Last reviewed", D(2026, 6, 30)),
                    ("Commissioned", S("2020-01-15")),
                    ("Hosting model", S("gov-cloud")),
                    ("Hosting provider", S("vnpt")),
                    ("Public services", N(10.0)),
                    ("Fully online services", F("=5+4", "9")),
                    ("Tags", S("public-portal; citizen-data")),
                ],
                vec![],
                vec![
                    ("System id", S("records")),
                    ("System name", S("Records")),
                    ("Criticality", S("medium")),
                    ("Hosting model", S("on-premises")),
                    ("Migration strategy", S("rehost")),
                    ("Migration status", S("planned")),
                    ("Migration wave", N(2.0)),
                ],
            ],
        ),
        (
            "Endpoints",
            vec![vec![
                ("System id", S("portal")),
                ("URL", S("https://x.gov.vn")),
            ]],
        ),
        (
            "Public services",
            vec![vec![
                ("Agency id", S("so-x")),
                ("System id", S("portal")),
                ("Procedure code", S("1.001612")),
                ("Service name", S("Cấp phép")),
                ("Level", S("full")),
                ("Online payment", B(true)),
                ("Result delivery", S("online, post")),
            ]],
        ),
    ]
}

const EXPECTED_SO_X: &str = "\
# cloudcensus import: filled.xlsx
agency:
  id: so-x
  name: Sở X
  kind: department
  contact: it@x.gov.vn
  domains:
    - x.gov.vn
    - mail.x.gov.vn
systems:
  - id: portal
    name: \"Cổng thông tin: điện tử\"
    criticality: high
    security_level: 3
    commissioned: 2020-01-15
    last_reviewed: 2026-06-30
    hosting:
      model: gov-cloud
      provider: vnpt
    public_services:
      total: 10
      fully_online: 9
      services:
        - code: \"1.001612\"
          name: Cấp phép
          level: full
          online_payment: true
          result_delivery:
            - online
            - post
    endpoints:
      - url: https://x.gov.vn
    tags:
      - public-portal
      - citizen-data

  - id: records
    name: Records
    criticality: medium
    hosting:
      model: on-premises
    migration:
      strategy: rehost
      status: planned
      wave: 2
";

fn import(project: &Project, args: &[&str]) -> (i32, String) {
    code_and_stderr(project.cmd(&[&["import"], args].concat()))
}

#[test]
fn the_template_has_a_sheet_per_part_notes_dropdowns_and_frozen_headers() {
    let project = Project::new();
    let en = template(&project, "en");
    let names: Vec<&str> = en.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Agencies", "Systems", "Endpoints", "Public services"]
    );
    assert_holds(
        &en[1].1.join("|"),
        &[
            "System id",
            "Hosting model",
            "Migration strategy",
            "Last reviewed",
        ],
    );
    let vi = template(&project, "vi");
    let names: Vec<&str> = vi.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Đơn vị", "Hệ thống", "Địa chỉ truy cập", "Dịch vụ công"]
    );
    assert_holds(&vi[1].1.join("|"), &["Mã hệ thống", "Hình thức lưu trữ"]);

    // The parts of the file: notes on headers, list validation with the
    // model's keywords, the header row frozen, dates formatted as dates.
    let file = std::fs::File::open(project.path("template-vi.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let systems = read("xl/worksheets/sheet2.xml");
    assert_holds(
        &systems,
        &[
            "<pane ySplit=\"1\"",
            "type=\"list\"",
            "\"on-premises,data-center,private-cloud,gov-cloud,public-cloud,saas\"",
            "\"rehost,replatform,refactor,repurchase,retire,retain\"",
            "\"low,medium,high,critical\"",
            // The security level: a whole number from 1 to 5.
            "type=\"whole\"",
            "<formula1>1</formula1><formula2>5</formula2>",
        ],
    );
    let comments = read("xl/comments2.xml");
    assert_holds(
        &comments,
        &[
            "Nghị định 85/2016/NĐ-CP",
            "Bắt buộc.",
            "Số nguyên từ 1 đến 5.",
        ],
    );
    let styles = read("xl/styles.xml");
    assert_holds(&styles, &["yyyy-mm-dd"]);
}

#[test]
fn a_filled_template_imports_to_yaml_that_validates() {
    let project = Project::good();
    let headers = template(&project, "en");
    let filled = project.path("filled.xlsx");
    write_workbook(&filled, &headers, &good_rows(), None);
    std::fs::remove_file(project.path("inventories/so-a.yaml")).unwrap();

    let (code, stderr) = import(&project, &["filled.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(project.path("inventories/so-x.yaml")).unwrap();
    assert_eq!(text, EXPECTED_SO_X);
    let (code, stderr) = project.validate();
    assert_eq!(code, 0, "{stderr}");

    // Twice: the same bytes, nothing rewritten.
    let output = project.cmd(&["import", "filled.xlsx"]).output().unwrap();
    assert!(output.status.success());
    assert_holds(
        &String::from_utf8_lossy(&output.stdout),
        &["Wrote 0 inventories", "(1 unchanged)"],
    );
    assert_eq!(
        std::fs::read_to_string(project.path("inventories/so-x.yaml")).unwrap(),
        EXPECTED_SO_X
    );

    // A file changed by hand is not overwritten without --force.
    std::fs::write(project.path("inventories/so-x.yaml"), "# mine\n").unwrap();
    let (code, stderr) = import(&project, &["filled.xlsx"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "so-x.yaml: error: the inventory of `so-x` already exists with a different text",
            "hint: review the difference, then import again with --force",
            "Nothing written",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(project.path("inventories/so-x.yaml")).unwrap(),
        "# mine\n"
    );
    let (code, stderr) = import(&project, &["filled.xlsx", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(project.path("inventories/so-x.yaml")).unwrap(),
        EXPECTED_SO_X
    );
}

#[test]
fn the_vietnamese_template_imports_too() {
    let project = Project::good();
    let headers = template(&project, "vi");
    let rows = vec![
        (
            "Đơn vị",
            vec![vec![
                ("Mã đơn vị", S("so-y")),
                ("Tên đơn vị", S("Sở Y")),
                ("Loại đơn vị", S("department")),
            ]],
        ),
        (
            "Hệ thống",
            vec![vec![
                ("Mã hệ thống", S("hs")),
                ("Tên hệ thống", S("Hồ sơ")),
                ("Mức độ quan trọng", S("low")),
                ("Hình thức lưu trữ", S("saas")),
            ]],
        ),
    ];
    write_workbook(&project.path("y.xlsx"), &headers, &rows, None);
    let (code, stderr) = import(&project, &["y.xlsx", "--lang", "vi"]);
    assert_eq!(code, 0, "{stderr}");
    assert_holds(
        &std::fs::read_to_string(project.path("inventories/so-y.yaml")).unwrap(),
        &["  - id: hs\n    name: Hồ sơ\n    criticality: low\n    hosting:\n      model: saas\n"],
    );
    // A mistake, told in Vietnamese at the Vietnamese sheet's cell.
    let mut rows = rows;
    rows[1].1[0][3].1 = S("gov-clod");
    write_workbook(&project.path("y.xlsx"), &headers, &rows, None);
    let (code, stderr) = import(&project, &["y.xlsx", "--lang", "vi"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "y.xlsx:Hệ thống!O2: lỗi: systems[0].hosting.model: giá trị `gov-clod` không hợp lệ; trường `model` phải là một trong:",
            "gợi ý: có thể là `gov-cloud`?",
            "Chưa ghi tệp nào",
        ],
    );
}

#[test]
fn every_mistake_is_placed_at_its_cell_and_nothing_is_written() {
    let project = Project::new();
    let headers = template(&project, "en");
    let rows = vec![
        (
            "Agencies",
            vec![
                agency("so-x", "Sở X", "departmnt"),
                agency("so-z", "Sở Z", "unit"),
            ],
        ),
        (
            "Systems",
            vec![
                vec![
                    ("Agency id", S("so-x")),
                    ("System id", S("portal")),
                    ("System name", S("Portal")),
                    ("Criticality", S("urgent")),
                    ("Security level", S("high")),
                    ("Hosting model", S("gov-clod")),
                    ("Last reviewed", S("30/06/2026")),
                    ("Commissioned", S("2026-02-30")),
                    ("Public services", N(2.5)),
                ],
                vec![],
                vec![],
                system("so-xx", "lost", "Lost", "low", "saas"),
                vec![
                    ("Agency id", S("so-z")),
                    ("System id", S("noname")),
                    ("Criticality", S("low")),
                    ("Hosting model", S("saas")),
                    ("Migration status", S("done")),
                ],
                system("so-z", "twice", "One", "low", "saas"),
                system("so-z", "twice", "Two", "low", "saas"),
            ],
        ),
        (
            "Endpoints",
            vec![vec![
                ("Agency id", S("so-x")),
                ("System id", S("portl")),
                ("URL", S("https://x.gov.vn")),
            ]],
        ),
        (
            "Public services",
            vec![vec![
                ("Agency id", S("so-z")),
                ("System id", S("noname")),
                ("Procedure code", S("1.1")),
                ("Service name", S("S")),
                ("Level", S("full")),
                ("Online payment", S("maybe")),
            ]],
        ),
    ];
    write_workbook(
        &project.path("bad.xlsx"),
        &headers,
        &rows,
        Some(("Endpoints", 3, 1, 5, 1)),
    );
    let (code, stderr) = import(&project, &["bad.xlsx"]);
    assert_eq!(code, 2, "{stderr}");
    assert_holds(
        &stderr,
        &[
            // A typo in a keyword, with the same hint as in YAML.
            "bad.xlsx:Agencies!C2: error: agency.kind: unknown variant `departmnt`, expected one of",
            "hint: did you mean `department`?",
            // A value the dropdown does not offer.
            "bad.xlsx:Systems!E2: error: systems[0].criticality: unknown variant `urgent`",
            "hint: allowed: low, medium, high, critical",
            // Wrong types.
            "bad.xlsx:Systems!F2: error: systems[0].security_level: invalid type: string \"high\", expected u64",
            "bad.xlsx:Systems!W2: error: systems[0].public_services.total: invalid type: floating point `2.5`, expected u32",
            // Dates typed as text: ISO is read, anything else refused.
            "bad.xlsx:Systems!N2: error: systems[0]: invalid date `30/06/2026`: write it as YYYY-MM-DD",
            "hint: type the date as a date, or as text YYYY-MM-DD (e.g. 2026-06-30)",
            "bad.xlsx:Systems!M2: error: systems[0]: invalid date `2026-02-30`: that day does not exist",
            "bad.xlsx:Systems!O2: error: systems[0].hosting.model: unknown variant `gov-clod`",
            "hint: did you mean `gov-cloud`?",
            // A field missing is placed at its column.
            "bad.xlsx:Systems!X2: error: systems[0].public_services: missing field `fully_online`",
            "bad.xlsx:Systems!C6: error: systems[0]: missing field `name`",
            "bad.xlsx:Systems!R6: error: systems[0].migration: missing field `strategy`",
            "bad.xlsx:Systems!W6: error: systems[0].public_services: missing field `total`",
            // Rows after empty ones keep their numbers.
            "bad.xlsx:Systems!A5: error: no agency `so-xx` on the sheet Agencies",
            "hint: did you mean `so-x`?",
            // The checks across systems, at the second row and naming the first.
            "bad.xlsx:Systems!B8: error: duplicate system id `twice` in agency `so-z`",
            "hint: also defined at bad.xlsx:Systems!B7",
            "bad.xlsx:Endpoints!B2: error: agency `so-x` has no system `portl` on the sheet Systems",
            "hint: did you mean `portal`?",
            "bad.xlsx:Endpoints!B4: error: merged cells B4:B6: each row needs its own value",
            "bad.xlsx:Public services!F2: error: systems[0].public_services.services[0].online_payment: invalid type: string \"maybe\", expected a boolean",
            "Nothing written",
        ],
    );
    assert!(!project.path("inventories/so-x.yaml").exists());
    assert!(!project.path("inventories/so-z.yaml").exists());
    insta::assert_snapshot!(stderr);
}

#[test]
fn partial_writes_the_good_agencies_and_names_the_others() {
    let project = Project::new();
    let headers = template(&project, "en");
    let rows = vec![
        (
            "Agencies",
            vec![
                agency("so-good", "Good", "unit"),
                agency("so-bad", "Bad", "unit"),
            ],
        ),
        (
            "Systems",
            vec![
                system("so-good", "a", "A", "low", "saas"),
                system("so-bad", "b", "B", "lowest", "saas"),
            ],
        ),
    ];
    write_workbook(&project.path("two.xlsx"), &headers, &rows, None);
    let (code, stderr) = import(&project, &["two.xlsx", "--partial"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "two.xlsx:Systems!E3: error: systems[0].criticality: unknown variant `lowest`",
            "Left out, with errors (1): so-bad",
        ],
    );
    assert!(project.path("inventories/so-good.yaml").exists());
    assert!(!project.path("inventories/so-bad.yaml").exists());
}

#[test]
fn a_missing_sheet_an_unknown_column_and_other_files_are_named() {
    let project = Project::new();
    let mut headers = template(&project, "en");
    headers.retain(|(name, _)| name == "Agencies");
    headers[0].1.push("Colour".to_string());
    headers[0].1.push("Kindd".to_string());
    write_workbook(&project.path("one.xlsx"), &headers, &[], None);
    std::fs::write(project.path("notes.txt"), "x").unwrap();
    std::fs::write(project.path("fake.xlsx"), "not a zip").unwrap();
    let (code, stderr) = import(&project, &["one.xlsx", "notes.txt", "fake.xlsx"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "one.xlsx: error: the workbook has no sheet `Systems` (in Vietnamese `Hệ thống`)",
            "hint: start from `cloudcensus template`",
            "notes.txt: error: not a workbook: import reads .xlsx and .csv files",
            "fake.xlsx: error: not an xlsx workbook (a zip file)",
        ],
    );
    let mut headers = template(&project, "en");
    headers[1].1.push("Hostng model".to_string());
    write_workbook(&project.path("col.xlsx"), &headers, &[], None);
    let (code, stderr) = import(&project, &["col.xlsx"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "col.xlsx:Systems!AA1: error: unknown column `Hostng model`",
            "hint: did you mean `Hosting model`?",
        ],
    );
}

#[test]
fn csv_files_one_per_sheet_import_as_one_workbook() {
    let project = Project::good();
    let agencies = "Agency id,Agency name,Kind\nso-c,Sở C,unit\n";
    // Excel's "CSV UTF-8" starts with a byte-order mark; a European Excel
    // separates with semicolons.
    let systems = "\u{feff}System id;System name;Criticality;Hosting model;Security level;Last reviewed\n\
                   web;Web;low;saas;2;2026-01-31\n;;;;;\napp;App;low;saas;x;31/01/2026\n";
    std::fs::write(project.path("a.csv"), agencies).unwrap();
    std::fs::write(project.path("s.csv"), systems).unwrap();
    let (code, stderr) = import(&project, &["a.csv", "s.csv"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "s.csv:E4: error: systems[1].security_level: invalid type: string \"x\"",
            "s.csv:F4: error: systems[1]: invalid date `31/01/2026`",
        ],
    );
    let systems = systems.replace("app;App;low;saas;x;31/01/2026\n", "");
    std::fs::write(project.path("s.csv"), systems).unwrap();
    let (code, stderr) = import(&project, &["a.csv", "s.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_holds(
        &std::fs::read_to_string(project.path("inventories/so-c.yaml")).unwrap(),
        &[
            "  - id: web\n    name: Web\n    criticality: low\n    security_level: 2\n    last_reviewed: 2026-01-31\n",
        ],
    );
}

/// The shipped inventories, read as the model reads them, one document
/// per agency id, as YAML values (URLs as the model writes them).
fn documents(dir: &Path) -> Vec<(String, serde_yaml::Value)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for document in serde_yaml::Deserializer::from_str(&text) {
            let document: cloudcensus::inventory::model::InventoryDocument =
                serde::Deserialize::deserialize(document).unwrap();
            all.push((
                document.agency.id.as_str().to_string(),
                serde_yaml::to_value(&document).unwrap(),
            ));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn read_dir_texts(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut texts: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            (PathBuf::from(path.file_name().unwrap()), text)
        })
        .collect();
    texts.sort();
    texts
}

#[test]
fn export_then_import_gives_the_shipped_inventories_back() {
    let project = Project::new();
    let shipped = repo_root().join("inventories");
    project
        .cmd(&[
            "export",
            shipped.to_str().unwrap(),
            "--format",
            "xlsx",
            "--output",
            "all.xlsx",
        ])
        .assert()
        .success();
    let (code, stderr) = import(&project, &["all.xlsx", "--out", "back"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(documents(&project.path("back")), documents(&shipped));
    project
        .cmd(&["validate", "back", "--policies"])
        .arg(repo_root().join("policies"))
        .assert()
        .success();

    // And again from what was imported: the same bytes.
    project
        .cmd(&["export", "back", "--output", "again.xlsx"])
        .assert()
        .success();
    let (code, stderr) = import(&project, &["again.xlsx", "--out", "again"]);
    assert_eq!(code, 0, "{stderr}");
    let first = read_dir_texts(&project.path("back"));
    let second: Vec<(PathBuf, String)> = read_dir_texts(&project.path("again"))
        .into_iter()
        .map(|(p, t)| (p, t.replace("again.xlsx", "all.xlsx")))
        .collect();
    assert_eq!(first, second);
}

/// `soffice --headless ARGS` in the project, with a profile of its own.
fn soffice(project: &Project, args: &[&str]) {
    crate::common::soffice(project.dir.path(), &project.path("lo-profile"), args);
}

#[test]
fn libreoffice_converts_our_workbooks_and_its_files_import_the_same() {
    let project = Project::new();
    template(&project, "vi");
    soffice(
        &project,
        &[
            "--convert-to",
            ALL_SHEETS_CSV,
            "--outdir",
            "csv-template",
            "template-vi.xlsx",
        ],
    );
    let systems =
        std::fs::read_to_string(project.path("csv-template/template-vi-Hệ thống.csv")).unwrap();
    assert!(
        systems.starts_with("Mã đơn vị,Mã hệ thống,Tên hệ thống"),
        "{systems}"
    );

    let shipped = repo_root().join("inventories");
    project
        .cmd(&["export", shipped.to_str().unwrap(), "--output", "all.xlsx"])
        .assert()
        .success();
    let (code, stderr) = import(&project, &["all.xlsx", "--out", "ours"]);
    assert_eq!(code, 0, "{stderr}");
    let ours = read_dir_texts(&project.path("ours"));

    // Re-saved by LibreOffice as xlsx: the same YAML.
    soffice(
        &project,
        &["--convert-to", "xlsx", "--outdir", "lo", "all.xlsx"],
    );
    let (code, stderr) = import(&project, &["lo/all.xlsx", "--out", "from-lo"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(read_dir_texts(&project.path("from-lo")), ours);

    // Each sheet saved as CSV by LibreOffice: the same YAML.
    soffice(
        &project,
        &[
            "--convert-to",
            ALL_SHEETS_CSV,
            "--outdir",
            "csv",
            "all.xlsx",
        ],
    );
    let csv: Vec<String> = ["Agencies", "Systems", "Endpoints", "Public services"]
        .iter()
        .map(|sheet| format!("csv/all-{sheet}.csv"))
        .collect();
    let mut args: Vec<&str> = csv.iter().map(String::as_str).collect();
    args.extend(["--out", "from-csv"]);
    let (code, stderr) = import(&project, &args);
    assert_eq!(code, 0, "{stderr}");
    let from_csv: Vec<(PathBuf, String)> = read_dir_texts(&project.path("from-csv"))
        .into_iter()
        .map(|(p, t)| (p, t.replace("all-Agencies.csv", "all.xlsx")))
        .collect();
    assert_eq!(from_csv, ours);
}

/// A zip whose one entry declares a size far past the limit.
fn zip_with_entry(path: &Path, name: &str, declared: u64) {
    // A stored entry's local header and central directory, written by
    // hand: the declared size is what a bomb lies about.
    let data = b"<x/>";
    let crc = crc32(data);
    let mut out = Vec::new();
    let name = name.as_bytes();
    let size = u32::try_from(declared.min(u64::from(u32::MAX))).unwrap();
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name);
    out.extend_from_slice(data);
    let directory = out.len() as u32;
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0; 12]);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(name);
    let directory_size = out.len() as u32 - directory;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend_from_slice(&directory_size.to_le_bytes());
    out.extend_from_slice(&directory.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    std::fs::File::create(path)
        .unwrap()
        .write_all(&out)
        .unwrap();
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn hostile_workbooks_are_refused_before_they_are_read() {
    let project = Project::new();
    zip_with_entry(
        &project.path("bomb.xlsx"),
        "xl/worksheets/sheet1.xml",
        4 << 30,
    );
    zip_with_entry(
        &project.path("strings.xlsx"),
        "xl/sharedStrings.xml",
        300 << 20,
    );
    let (code, stderr) = import(&project, &["bomb.xlsx", "strings.xlsx"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "bomb.xlsx: error: the workbook's part `xl/worksheets/sheet1.xml` would unpack to 4096 MiB, more than 1024 MiB: refused before reading it",
            "strings.xlsx: error: the workbook's part `xl/sharedStrings.xml` would unpack to 300 MiB, more than 256 MiB: refused before reading it",
        ],
    );

    // A million rows: refused at the first row past the limit.
    let headers = template(&project, "en");
    let mut workbook = Workbook::new();
    for (name, columns) in &headers {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        for (col, header) in columns.iter().enumerate() {
            sheet.write_string(0, col as u16, header).unwrap();
        }
        if name == "Endpoints" {
            for row in 1..1_000_000u32 {
                sheet.write_number(row, 2, f64::from(row)).unwrap();
            }
        }
    }
    workbook.save(project.path("rows.xlsx")).unwrap();
    let (code, stderr) = import(&project, &["rows.xlsx"]);
    assert_eq!(code, 2);
    assert_holds(
        &stderr,
        &[
            "rows.xlsx:Endpoints: error: the sheet has 1000000 rows, more than 500000: refused before reading it whole",
        ],
    );
}

/// Shared strings that unpack to more than they declare (a lying zip):
/// refused all the same, before calamine holds them.
#[test]
fn shared_strings_that_lie_about_their_size_are_refused() {
    use std::io::Seek as _;
    let project = Project::new();
    let path = project.path("liar.xlsx");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..257 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    // The declared uncompressed size, in the local header and in the
    // central directory, set to 1,000 bytes.
    let mut bytes = std::fs::read(&path).unwrap();
    let lie = 1000u32.to_le_bytes();
    bytes[22..26].copy_from_slice(&lie);
    let central = bytes
        .windows(4)
        .rposition(|w| w == 0x0201_4b50u32.to_le_bytes())
        .unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&lie);
    let mut file = std::fs::File::create(&path).unwrap();
    file.rewind().unwrap();
    file.write_all(&bytes).unwrap();
    drop(file);

    let (code, stderr) = import(&project, &["liar.xlsx"]);
    assert_eq!(code, 2, "{stderr}");
    assert_holds(
        &stderr,
        &[
            "liar.xlsx: error: not an xlsx workbook (a zip file): File is larger than its declared uncompressed size",
        ],
    );
}
