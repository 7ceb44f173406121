//! Issue 12, item 5: the errors that stop a command speak the reader's
//! language (`--lang`, `[report] lang`, the locale), with the exit code
//! they have in English; the system's and the libraries' words stay as
//! they wrote them.

use crate::common::{Project, code_and_stderr};

/// (exit code, stderr) of `args` under `--lang vi` and under
/// `LANG=vi_VN.UTF-8`, which must agree.
fn in_vietnamese(project: &Project, args: &[&str]) -> (i32, String) {
    let with_flag = [args, &["--lang", "vi"]].concat();
    let by_flag = code_and_stderr(project.cmd(&with_flag));
    let mut by_locale = project.cmd(args);
    by_locale.env("LANG", "vi_VN.UTF-8");
    let by_locale = code_and_stderr(by_locale);
    assert_eq!(by_flag, by_locale, "--lang vi and LANG=vi_VN differ");
    by_flag
}

/// `scan --offline --no-history` with `extra`, as [`in_vietnamese`].
fn scan_in_vietnamese(project: &Project, extra: &[&str]) -> (i32, String) {
    let args = [&["scan", "--offline", "--no-history"], extra].concat();
    in_vietnamese(project, &args)
}

#[test]
fn issue_12_no_run_in_the_history_in_vietnamese() {
    let project = Project::good();
    assert_eq!(
        in_vietnamese(&project, &["report"]),
        (2, "lỗi: chưa có lần rà soát nào được ghi lại\n".into())
    );
    assert_eq!(
        in_vietnamese(&project, &["diff"]),
        (
            2,
            "lỗi: cần có ít nhất hai lần rà soát đã ghi lại mới so sánh được (xem `cloudcensus runs`)\n"
                .into()
        )
    );
}

#[test]
fn issue_12_a_run_or_an_agency_not_in_the_history_in_vietnamese() {
    let project = Project::good();
    // One recorded run (its findings fail: exit 1).
    project.cmd(&["scan", "--offline"]).assert().code(1);
    assert_eq!(
        in_vietnamese(&project, &["report", "5"]),
        (
            2,
            "lỗi: không có lần rà soát số 5 trong lịch sử (xem `cloudcensus runs`)\n".into()
        )
    );
    assert_eq!(
        in_vietnamese(&project, &["report", "--agency", "so-b"]),
        (
            2,
            "lỗi: lần rà soát số 1 không có đơn vị `so-b`: có thể là `so-a`?\n".into()
        )
    );
    assert_eq!(
        in_vietnamese(&project, &["trend", "--target", "clod"]),
        (
            2,
            "lỗi: không có chỉ tiêu `clod` trong lịch sử; có thể là `cloud`?\n".into()
        )
    );
}

#[test]
fn issue_12_a_report_file_that_cannot_be_written_in_vietnamese() {
    let project = Project::good();
    let (code, stderr) = scan_in_vietnamese(&project, &["--output", "missing/report.html"]);
    assert_eq!(code, 3, "{stderr}");
    // The system's reason as the system words it, in our sentence.
    assert!(
        stderr.starts_with(
            "lỗi: không ghi được báo cáo vào tệp missing/report.html: No such file or directory"
        ),
        "{stderr}"
    );
    std::fs::create_dir(project.path("folder")).unwrap();
    let (code, stderr) = scan_in_vietnamese(&project, &["--output", "html=folder"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            3,
            "lỗi: không ghi được báo cáo vào tệp folder: đường dẫn này là một thư mục\n"
        )
    );
}

#[test]
fn issue_12_a_mail_address_that_does_not_parse_in_vietnamese() {
    let project = Project::good();
    let (code, stderr) = scan_in_vietnamese(&project, &["--email-to", "not an address"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with(
            "lỗi: --email-to `not an address` không phải là địa chỉ thư điện tử hợp lệ: "
        ),
        "{stderr}"
    );
}

#[test]
fn issue_12_the_history_locked_by_another_scan_in_vietnamese() {
    let project = Project::good();
    let store = project.path("history.sqlite").display().to_string();
    let lock = std::fs::File::create(project.path("history.sqlite.lock")).unwrap();
    lock.try_lock().unwrap();
    let (code, stderr) = in_vietnamese(&project, &["scan", "--offline", "--history", &store]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "lỗi: một lần rà soát khác đang ghi vào tệp lịch sử {store} (tệp khóa {store}.lock); hãy chờ"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--wait"), "{stderr}");
}

/// `[report] lang` of the config file says the language of errors too;
/// the reasons the flags' parsers give show in the reader's language in
/// the file's diagnostics (a broken file's `lang` is not to be had: the
/// flag says).
#[test]
fn issue_12_the_config_file_language_holds_for_errors() {
    let project = Project::good().file("cloudcensus.toml", "[report]\nlang = \"vi\"\n");
    let (code, stderr) = code_and_stderr(project.cmd(&["report", "3"]));
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "lỗi: không có lần rà soát số 3 trong lịch sử (xem `cloudcensus runs`)\n"
        )
    );
    let project = project.file(
        "cloudcensus.toml",
        "[report]\nlang = \"vi\"\n[scan]\nfail_on_targets = \"late\"\n",
    );
    let (code, stderr) = code_and_stderr(project.cmd(&["scan", "--offline", "--lang", "vi"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("lỗi: không có tình trạng chỉ tiêu `late`: hãy ghi `none` hoặc"),
        "{stderr}"
    );
}

/// clap's usage errors stay English, reasons included.
#[test]
fn issue_12_usage_errors_stay_english() {
    let project = Project::good();
    let (code, stderr) = in_vietnamese(&project, &["scan", "--fail-on-targets", "late"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("unknown target state `late`: expected `none`"),
        "{stderr}"
    );
}
