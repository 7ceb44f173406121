//! Every bad-input case of an inventory: exit 2 and a message naming the
//! file, line and column, never a panic or a hang.

use crate::common::{GOOD_AGENCY, Project, assert_holds, code_and_stderr};

/// Asserts exit 2 and that stderr holds `needle` (typically `file:line:col: error: ...`).
fn assert_error(project: &Project, needles: &[&str]) -> String {
    let (code, stderr) = project.validate();
    assert_eq!(code, 2, "stderr: {stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn good_inventory_validates() {
    let project = Project::good();
    let (code, stderr) = project.validate();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn unknown_key_names_line_and_suggests_the_right_one() {
    let text = GOOD_AGENCY.replace(
        "    hosting:\n      model: gov-cloud",
        "    hostng:\n      model: gov-cloud",
    );
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:10:5: error: systems[0]: unknown field `hostng`",
            "hint: did you mean `hosting`?",
        ],
    );
}

#[test]
fn wrong_enum_value_lists_or_suggests_values() {
    let text = GOOD_AGENCY.replace("model: gov-cloud", "model: gov-clod");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:11:14: error:",
            "unknown variant `gov-clod`",
            "did you mean `gov-cloud`?",
        ],
    );
}

#[test]
fn wrong_type_is_reported_with_its_line() {
    let text = GOOD_AGENCY.replace("security_level: 3", "security_level: three");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &["inventories/so-a.yaml:9:21: error:", "invalid type"],
    );
}

#[test]
fn out_of_range_grade_is_explained() {
    let text = GOOD_AGENCY.replace("security_level: 3", "security_level: 7");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:9:21: error:",
            "grades run from 1 to 5",
        ],
    );
}

#[test]
fn bad_date_is_reported_with_the_expected_form() {
    let text = GOOD_AGENCY.replace(
        "    criticality: medium\n",
        "    criticality: medium\n    last_reviewed: 2025-13-01\n",
    );
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:22:20: error:",
            "invalid date `2025-13-01`",
            "YYYY-MM-DD",
        ],
    );
}

#[test]
fn unsupported_url_scheme_is_refused() {
    let text = GOOD_AGENCY.replace("https://portal.a.gov.vn", "ftp://files.a.gov.vn");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:17:14:",
            "unsupported scheme `ftp`; use http, https or tcp",
        ],
    );
}

#[test]
fn tcp_endpoint_needs_a_port() {
    let text = GOOD_AGENCY.replace("https://portal.a.gov.vn", "tcp://db.a.gov.vn");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(&project, &["inventories/so-a.yaml:17:14:", "has no port"]);
}

#[test]
fn counts_that_do_not_add_up_point_at_the_field() {
    let text = GOOD_AGENCY.replace("fully_online: 9", "fully_online: 12");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &["inventories/so-a.yaml:15:7: error: fully_online (12) is more than total (10)"],
    );
}

#[test]
fn duplicate_agency_ids_name_both_files() {
    let project = Project::good().file("inventories/copy.yaml", GOOD_AGENCY);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:2:3: error: duplicate agency id `so-a`",
            "also defined at inventories/copy.yaml:2:3",
        ],
    );
}

#[test]
fn duplicate_system_ids_name_both_lines() {
    let text = GOOD_AGENCY.replace("  - id: records", "  - id: portal");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:19:5: error: duplicate system id `portal` in agency `so-a`",
            "also defined at inventories/so-a.yaml:6:5",
        ],
    );
}

#[test]
fn unknown_provider_suggests_a_registered_one() {
    let text = GOOD_AGENCY.replace("provider: vnpt", "provider: vnptt");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:12:7: error: unknown hosting provider `vnptt`",
            "did you mean `vnpt`?",
        ],
    );
}

#[test]
fn every_bad_file_is_reported_in_one_run() {
    let first = GOOD_AGENCY.replace("model: on-premises", "model: mainframe");
    let second = GOOD_AGENCY
        .replace("id: so-a", "id: so-b")
        .replace("criticality: high", "criticality: extreme");
    let project = Project::good()
        .file("inventories/so-a.yaml", first)
        .file("inventories/nested/so-b.yml", second);
    let stderr = assert_error(
        &project,
        &[
            "inventories/so-a.yaml:23:14:",
            "inventories/nested/so-b.yml:8:18:",
        ],
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn later_documents_of_a_file_keep_their_own_line_numbers() {
    let second = GOOD_AGENCY
        .replace("id: so-a", "id: so-b")
        .replace("name: Records", "nam: Records");
    let project = Project::good().file(
        "inventories/so-a.yaml",
        format!("{GOOD_AGENCY}---\n{second}"),
    );
    // The second document starts on line 25; its `nam:` is its 20th line.
    assert_error(
        &project,
        &["inventories/so-a.yaml:44:5: error: systems[1]: unknown field `nam`"],
    );
}

#[test]
fn empty_file_is_an_error_with_a_hint() {
    let project = Project::good().file("inventories/empty.yaml", "");
    assert_error(
        &project,
        &[
            "inventories/empty.yaml: error: file is empty",
            "cloudcensus init",
        ],
    );
    let project = Project::good().file("inventories/blank.yaml", "# only a comment\n\n");
    assert_error(&project, &["inventories/blank.yaml: error: file is empty"]);
}

#[test]
fn byte_order_mark_is_accepted() {
    let project = Project::good().file("inventories/so-a.yaml", format!("\u{feff}{GOOD_AGENCY}"));
    let (code, stderr) = project.validate();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn tabs_get_a_hint_about_spaces() {
    let text = GOOD_AGENCY.replace("  name: Agency A", "\tname: Agency A");
    let project = Project::good().file("inventories/so-a.yaml", text);
    assert_error(&project, &["inventories/so-a.yaml:3:", "replace the tabs"]);
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    let mut bytes = GOOD_AGENCY.as_bytes().to_vec();
    let at = GOOD_AGENCY.find("Agency A").unwrap() + 7;
    bytes[at] = 0xff;
    let project = Project::good().file("inventories/so-a.yaml", bytes);
    assert_error(
        &project,
        &[
            "inventories/so-a.yaml:3:16: error: file is not valid UTF-8",
            "TCVN3",
        ],
    );
}

#[test]
fn fifty_megabyte_file_is_read_without_trouble() {
    let big = format!(
        "agency:\n  id: big\n  name: {}\n",
        "x".repeat(50 * 1024 * 1024)
    );
    let project = Project::good().file("inventories/big.yaml", big);
    assert_error(&project, &["inventories/big.yaml:", "missing field `kind`"]);
}

#[test]
fn alias_bomb_is_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    let project = Project::good().file("inventories/bomb.yaml", bomb);
    assert_error(&project, &["inventories/bomb.yaml:"]);
}

#[test]
fn deep_nesting_is_refused_cleanly() {
    let deep = format!("agency: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let project = Project::good().file("inventories/deep.yaml", deep);
    // Strict types refuse the first nested list before any depth limit is
    // reached; what matters is a clean error instead of a stack overflow.
    assert_error(&project, &["inventories/deep.yaml:1:9: error:"]);
}

#[test]
fn unreadable_file_is_reported_and_the_others_still_checked() {
    let project = Project::good().file(
        "inventories/so-b.yaml",
        GOOD_AGENCY
            .replace("id: so-a", "id: so-b")
            .replace("kind: department", "kind: ministry"),
    );
    std::os::unix::fs::symlink(
        "/nonexistent/target.yaml",
        project.path("inventories/broken.yaml"),
    )
    .unwrap();
    assert_error(
        &project,
        &["inventories/broken.yaml", "inventories/so-b.yaml:4:9:"],
    );
}

#[test]
fn a_fifo_is_refused_instead_of_hanging() {
    let project = Project::good();
    let path = project.path("inventories/pipe.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    assert_error(&project, &["inventories/pipe.yaml", "not a regular file"]);
}

#[test]
fn missing_inventory_folder_suggests_init() {
    let project = Project::good();
    std::fs::remove_dir_all(project.path("inventories")).unwrap();
    assert_error(
        &project,
        &[
            "inventories: error: no such file or folder",
            "cloudcensus init",
        ],
    );
}

/// serde stops at a document's first error; the loader then checks the
/// agency block and each system on its own, so every mistake is reported.
#[test]
fn every_mistake_of_a_document_is_reported_with_its_place() {
    let text = GOOD_AGENCY
        .replace("kind: department", "kind: departmen")
        .replace(
            "    hosting:\n      model: gov-cloud",
            "    hostng:\n      model: gov-cloud",
        )
        .replace("model: on-premises", "model: mainframe");
    // A second document in the same file keeps its own line numbers.
    let second = GOOD_AGENCY
        .replace("id: so-a", "id: so-b")
        .replace("criticality: high", "criticality: extreme")
        .replace("total: 10", "total: ten");
    let project = Project::good().file("inventories/so-a.yaml", format!("{text}---\n{second}"));
    let stderr = assert_error(
        &project,
        &[
            "inventories/so-a.yaml:4:9: error: agency.kind: unknown variant `departmen`",
            "inventories/so-a.yaml:10:5: error: systems[0]: unknown field `hostng`",
            "hint: did you mean `hosting`?",
            "inventories/so-a.yaml:23:14: error: systems[1].hosting.model: unknown variant `mainframe`",
            "inventories/so-a.yaml:32:18: error: systems[0].criticality: unknown variant `extreme`",
            "inventories/so-a.yaml:38:14: error: systems[0].public_services.total: invalid type: string \"ten\", expected u32",
        ],
    );
    assert!(stderr.contains("5 error(s), 0 warning(s)"), "{stderr}");
}

/// Issue 12, item 3: six mistakes in two systems of one file, three in
/// each (a misspelt key, bad values, a missing field, nested ones), all in
/// one run, each at its line and column.
#[test]
fn issue_12_six_mistakes_in_two_systems_in_one_run() {
    let text = GOOD_AGENCY
        .replace("criticality: high", "criticality: hihg")
        .replace("security_level: 3", "security_levl: 3")
        .replace("url: https://portal.a.gov.vn", "url: ftp://portal.a.gov.vn")
        .replace(
            "    criticality: medium\n",
            "    criticality: medium\n    last_reviewed: 2025-13-01\n",
        )
        .replace(
            "      model: on-premises\n",
            "      region: hue\n    endpoints:\n      - expect: closed\n      - url: tcp://db.a.gov.vn:5432\n        expect: shut\n",
        );
    let project = Project::good().file("inventories/so-a.yaml", text);
    let stderr = assert_error(
        &project,
        &[
            "inventories/so-a.yaml:8:18: error: systems[0].criticality: unknown variant `hihg`",
            "inventories/so-a.yaml:9:5: error: systems[0]: unknown field `security_levl`",
            "hint: did you mean `security_level`?",
            "inventories/so-a.yaml:17:14: error: systems[0].endpoints[0]: `ftp://portal.a.gov.vn`: unsupported scheme `ftp`",
            "inventories/so-a.yaml:22:20: error: systems[1]: invalid date `2025-13-01`",
            "inventories/so-a.yaml:24:7: error: systems[1].hosting: missing field `model`",
            "inventories/so-a.yaml:26:9: error: systems[1].endpoints[0]: missing field `url`",
            "inventories/so-a.yaml:28:17: error: systems[1].endpoints[1].expect: unknown variant `shut`",
        ],
    );
    assert!(stderr.contains("7 error(s), 0 warning(s)"), "{stderr}");
}

/// Issue 12, item 3: the checks across files run on what parsed, in the
/// same run as the parse errors.
#[test]
fn issue_12_checks_across_files_run_beside_parse_errors() {
    // A broken system in a file whose agency id is taken: the duplicate
    // is found all the same.
    let taken = GOOD_AGENCY.replace("criticality: medium", "criticality: mediun");
    // An agency whose own block is broken (not its id) is still a parent.
    let broken_parent = GOOD_AGENCY
        .replace("id: so-a", "id: so-d")
        .replace("kind: department", "kind: departmnt");
    let child = GOOD_AGENCY
        .replace("id: so-a", "id: so-c")
        .replace("kind: department\n", "kind: department\n  parent: so-d\n");
    let project = Project::good()
        .file("inventories/so-b.yaml", taken)
        .file("inventories/so-c.yaml", child)
        .file("inventories/so-d.yaml", broken_parent);
    let stderr = assert_error(
        &project,
        &[
            "inventories/so-b.yaml:2:3: error: duplicate agency id `so-a`",
            "hint: also defined at inventories/so-a.yaml:2:3",
            "inventories/so-b.yaml:21:18: error: systems[1].criticality: unknown variant `mediun`",
            "inventories/so-d.yaml:4:9: error: agency.kind: unknown variant `departmnt`",
        ],
    );
    assert!(!stderr.contains("parent"), "{stderr}");
    assert!(stderr.contains("3 error(s), 0 warning(s)"), "{stderr}");
}

/// Flow-style YAML cannot be cut into systems: its first error stands alone.
#[test]
fn flow_style_document_keeps_its_single_error() {
    let project = Project::good().file(
        "inventories/so-a.yaml",
        "agency: { id: so-a, name: A, kind: departmen }\nsystems: [ { id: x, name: X, criticality: extreme, hosting: { model: saas } } ]\n",
    );
    let stderr = assert_error(&project, &["inventories/so-a.yaml:1:"]);
    assert!(stderr.contains("1 error(s)"), "{stderr}");
}

/// An agency file with a misspelt key, a wrong choice, a bad date, a
/// missing field, an agency id another file uses and a parent outside the
/// files given: one agency officer's typical first attempt.
fn officer_project() -> Project {
    Project::new()
        .file("policies/test.yaml", crate::common::GOOD_POLICY)
        .file("policies/providers.yaml", crate::common::PROVIDERS)
        .file(
            "inventories/so-a.yaml",
            "\
agency:
  id: so-a
  name: Sở A
  kind: department
  parent: ubnd-tinh
systems:
  - id: portal
    name: Cổng thông tin
    criticality: hgh
    hostng:
      model: gov-cloud
  - id: records
    criticality: medium
    commissioned: 2025-13-01
    hosting:
      model: on-premises
",
        )
        .file(
            "inventories/so-a-copy.yaml",
            "agency:\n  id: so-a\n  name: Sở A (bản sao)\n  kind: department\nsystems:\n  - id: web\n    name: Web\n    criticality: low\n    hosting:\n      model: on-premises\n",
        )
}

const OFFICER_FILES: [&str; 2] = ["inventories/so-a.yaml", "inventories/so-a-copy.yaml"];

/// Every message, its label and the count line in Vietnamese, each at its
/// file:line:col, under `--lang vi` and under a Vietnamese locale alike.
#[test]
fn issue_12_validate_messages_in_vietnamese() {
    let project = officer_project();
    let by_flag = code_and_stderr(project.cmd(&[
        "validate",
        "--lang",
        "vi",
        OFFICER_FILES[0],
        OFFICER_FILES[1],
    ]));
    let mut by_locale = project.cmd(&["validate", OFFICER_FILES[0], OFFICER_FILES[1]]);
    by_locale.env("LANG", "vi_VN.UTF-8");
    let by_locale = code_and_stderr(by_locale);
    assert_eq!(by_flag, by_locale);
    let (code, stderr) = by_flag;
    assert_eq!(code, 2, "{stderr}");
    assert_holds(
        &stderr,
        &[
            "inventories/so-a.yaml:5:3: cảnh báo: cơ quan cấp trên `ubnd-tinh` không có trong các tệp được kiểm tra",
            "inventories/so-a.yaml:9:18: lỗi: systems[0].criticality: giá trị `hgh` không hợp lệ; trường `criticality` phải là một trong: `low`, `medium`, `high`, `critical`\n  gợi ý: có thể là `high`?",
            "inventories/so-a.yaml:10:5: lỗi: systems[0]: trường `hostng` không có trong mẫu kê khai; các trường hợp lệ: `id`,",
            "  gợi ý: có thể là `hosting`?",
            "inventories/so-a.yaml:12:5: lỗi: systems[1]: thiếu trường bắt buộc `name`\n  gợi ý: bổ sung trường này",
            "inventories/so-a.yaml:14:19: lỗi: systems[1]: ngày `2025-13-01` không hợp lệ: ghi theo dạng YYYY-MM-DD (ISO 8601), ví dụ 2025-12-31",
            "inventories/so-a.yaml:2:3: lỗi: mã cơ quan, đơn vị `so-a` bị trùng\n  gợi ý: đã khai báo tại inventories/so-a-copy.yaml:2:3; mã cơ quan, đơn vị phải là duy nhất trong toàn bộ danh mục",
            "\n5 lỗi, 1 cảnh báo\n",
        ],
    );
    for english in ["error", "warning", "hint", "unknown", "expected", "invalid"] {
        assert!(!stderr.contains(english), "{english:?} in:\n{stderr}");
    }
}

/// The same mistakes in English, word for word as before.
#[test]
fn issue_12_validate_messages_in_english_unchanged() {
    let project = officer_project();
    let (_, stderr) =
        code_and_stderr(project.cmd(&["validate", OFFICER_FILES[0], OFFICER_FILES[1]]));
    assert_holds(
        &stderr,
        &[
            "inventories/so-a.yaml:5:3: warning: parent agency `ubnd-tinh` is not among the files given; it is checked when the whole inventory is validated",
            "inventories/so-a.yaml:9:18: error: systems[0].criticality: unknown variant `hgh`, expected one of `low`, `medium`, `high`, `critical`\n  hint: did you mean `high`?",
            "inventories/so-a.yaml:12:5: error: systems[1]: missing field `name`\n  hint: add the field; `cloudcensus schema` lists every field",
            "inventories/so-a.yaml:14:19: error: systems[1]: invalid date `2025-13-01`: write it as YYYY-MM-DD (ISO 8601), e.g. 2025-12-31",
            "\n5 error(s), 1 warning(s)\n",
        ],
    );
}

/// An alias as a key at another indentation makes serde_yaml 0.9 panic
/// ("unexpected end of mapping"); found by the inventory fuzz target in
/// its first minute (FUZZING.md). The file is an error of its own, and no
/// panic message or backtrace reaches stderr.
#[test]
fn a_yaml_file_that_makes_the_parser_panic_is_an_error_without_a_panic_message() {
    let project = Project::good().file(
        "inventories/broken.yaml",
        "    criticality: *igh\n   *security_level: 2\n",
    );
    let stderr = assert_error(
        &project,
        &["inventories/broken.yaml: error: the YAML parser gave up on this file"],
    );
    assert!(!stderr.contains("unexpected end of mapping"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
}
