//! The config file, `cloudcensus.toml` (issue 12, item 7): found by
//! `--config`, CLOUDCENSUS_CONFIG, the working folder or the user's config
//! folder; honoured by `scan` and the history commands; beaten by flags
//! and environment variables; every mistake placed at its line; shown
//! with each setting's source by `cloudcensus config`.

use mail_parser::MessageParser;
use predicates::prelude::*;

use crate::common::{Project, assert_holds, code_and_stderr};
use crate::servers::SmtpSink;

/// A config file in `etc/` that mails through the sink and keeps the
/// history in `state/`, both relative to `etc/`.
fn mailing_config(port: u16) -> String {
    format!(
        r#"[org]
name = "Sở TT&TT Huế"
kind = "city"

[inputs]
inventories = ["../inventories"]
policies = ["../policies"]

[history]
path = "../state/history.sqlite"

[mail]
email_to = ["it@example.gov.vn"]
email_from = "cloudcensus@hue.gov.vn"
smtp_host = "127.0.0.1"
smtp_port = {port}
smtp_tls = "none"

[scan]
offline = true
"#
    )
}

#[test]
fn config_file_sets_the_mail_sender_and_the_history_location() {
    let sink = SmtpSink::start();
    let project = Project::good().file("etc/cloudcensus.toml", mailing_config(sink.port()));
    let output = project
        .cmd(&[
            "scan",
            "--config",
            "etc/cloudcensus.toml",
            "--as-of",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].from, "<cloudcensus@hue.gov.vn>");
    assert_eq!(messages[0].to, ["<it@example.gov.vn>"]);
    let parsed = MessageParser::default().parse(&messages[0].data).unwrap();
    let subject = parsed.subject().unwrap_or_default();
    assert!(subject.ends_with("— Sở TT&TT Huế"), "[org] name: {subject}");
    assert!(
        project.path("state/history.sqlite").exists(),
        "the history lives where the file says, relative to the file"
    );
    assert!(!project.path(".data").exists(), "not in the default place");

    // The history commands read the same file: the run is there.
    project
        .cmd(&["runs"])
        .env("CLOUDCENSUS_CONFIG", project.path("etc/cloudcensus.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("as of 2026-11-25"));
}

#[test]
fn flags_and_environment_beat_the_file() {
    let project = Project::good().file(
        "cloudcensus.toml",
        "[history]\npath = \"from-file.sqlite\"\n[report]\nlang = \"vi\"\nformat = \"summary\"\n",
    );
    project
        .cmd(&["scan", "--offline", "--history", "from-flag.sqlite"])
        .assert()
        .code(1)
        // The file's language and format, as no flag says otherwise.
        .stdout(predicate::str::contains("Chỉ tiêu:"));
    assert!(project.path("from-flag.sqlite").exists());
    assert!(!project.path("from-file.sqlite").exists());

    project
        .cmd(&["scan", "--offline", "--lang", "en"])
        .env("CLOUDCENSUS_HISTORY", project.path("from-env.sqlite"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Targets:"));
    assert!(project.path("from-env.sqlite").exists());
    assert!(!project.path("from-file.sqlite").exists());
}

#[test]
fn unknown_key_is_placed_with_a_suggestion_and_stops_the_run() {
    let project = Project::good().file(
        "cloudcensus.toml",
        "[probe]\nconcurency = 8\ntimeout = \"soon\"\n[histroy]\npath = \"h.sqlite\"\n",
    );
    project
        .cmd(&["scan", "--offline"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cloudcensus.toml:2:1: error: unknown key `concurency` in [probe]\n  hint: did you mean `concurrency`?",
        ))
        // Every mistake in one run.
        .stderr(predicate::str::contains(
            "cloudcensus.toml:3:11: error: `probe.timeout` must be a number of seconds",
        ))
        .stderr(predicate::str::contains(
            "cloudcensus.toml:4:2: error: unknown table `histroy`\n  hint: did you mean `history`?",
        ))
        .stderr(predicate::str::contains("3 error(s)"));
    assert!(!project.path(".data").exists(), "nothing was scanned");
}

#[test]
fn a_password_key_is_refused() {
    let project = Project::good().file(
        "cloudcensus.toml",
        "[mail]\nsmtp_user = \"ops\"\npassword = \"hunter2\"\n",
    );
    project
        .cmd(&["config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cloudcensus.toml:3:1: error: `password`: the SMTP password is never read from the config file",
        ))
        .stderr(predicate::str::contains("smtp_password_file"))
        .stderr(predicate::str::contains("hunter2").not());
}

#[test]
fn a_named_file_must_exist() {
    let project = Project::good();
    project
        .cmd(&["validate", "--config", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.toml: error: no such config file",
        ));
    project
        .cmd(&["runs"])
        .env("CLOUDCENSUS_CONFIG", "gone.toml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("named by CLOUDCENSUS_CONFIG"));
}

/// The line of `config`'s output that shows `key`.
fn line_of<'a>(stdout: &'a str, key: &str) -> &'a str {
    stdout
        .lines()
        .find(|line| line.trim_start().starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no `{key}` in:\n{stdout}"))
}

#[test]
fn config_shows_each_setting_and_where_it_came_from() {
    let project = Project::good().file(
        "cloudcensus.toml",
        "[mail]\nemail_from = \"ops@hue.gov.vn\"\nsmtp_password_file = \"secret\"\n\n[probe]\nper_host = 8\n",
    );
    let output = project
        .cmd(&["config", "--per-host", "2"])
        .env("CLOUDCENSUS_SMTP_HOST", "mail.hue.gov.vn")
        .env("CLOUDCENSUS_SMTP_PASSWORD", "hunter2")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("Config file: cloudcensus.toml (found in the working folder)"),
        "{stdout}"
    );
    let email_from = line_of(&stdout, "email_from");
    assert!(email_from.contains("ops@hue.gov.vn"), "{email_from}");
    assert!(
        email_from.ends_with("file cloudcensus.toml:2:14"),
        "{email_from}"
    );
    let per_host = line_of(&stdout, "per_host");
    assert!(per_host.contains(" 2 "), "{per_host}");
    assert!(per_host.ends_with("flag --per-host"), "{per_host}");
    let smtp_host = line_of(&stdout, "smtp_host");
    assert!(
        smtp_host.ends_with("environment CLOUDCENSUS_SMTP_HOST"),
        "{smtp_host}"
    );
    let concurrency = line_of(&stdout, "concurrency");
    assert!(
        concurrency.contains(" 64 ") && concurrency.ends_with("  default"),
        "{concurrency}"
    );
    // `scan`'s TLS depth (`probe` defaults to full).
    assert!(line_of(&stdout, "tls_depth").contains(" quick "));
    assert!(line_of(&stdout, "lang").ends_with("locale (LANG)"));
    // The password: whether it is set and from where, never its text.
    let password = line_of(&stdout, "password");
    assert!(
        password.contains("set") && password.ends_with("environment CLOUDCENSUS_SMTP_PASSWORD"),
        "{password}"
    );
    assert!(!stdout.contains("hunter2"));

    // Without the variable, the password comes from the file the config names.
    let output = project.cmd(&["config", "--lang", "vi"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let password = line_of(&stdout, "password");
    assert!(
        password.contains("đọc từ tệp smtp_password_file")
            && password.ends_with("tệp cloudcensus.toml:3:22"),
        "{password}"
    );
    assert!(line_of(&stdout, "lang").ends_with("tham số --lang"));
}

#[test]
fn the_user_config_folder_is_read_and_the_working_folder_wins() {
    let project = Project::good().file(
        ".config/cloudcensus/config.toml",
        "[scan]\nfail_on = \"medium\"\n",
    );
    let output = project.cmd(&["config"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("(found in the user's config folder)"),
        "{stdout}"
    );
    assert!(line_of(&stdout, "fail_on").contains("medium"));

    let project = project.file("cloudcensus.toml", "[scan]\nfail_on = \"low\"\n");
    let output = project.cmd(&["config"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(line_of(&stdout, "fail_on").contains("low"), "{stdout}");
}

#[test]
fn init_writes_a_config_file_that_config_reads_back() {
    let project = Project::new();
    std::fs::remove_dir_all(project.path("inventories")).unwrap();
    std::fs::remove_dir_all(project.path("policies")).unwrap();
    project.cmd(&["init"]).assert().success();
    let text = std::fs::read_to_string(project.path("cloudcensus.toml")).unwrap();
    assert!(
        text.contains("# concurrency = 64"),
        "defaults commented out"
    );
    let output = project.cmd(&["config"]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        line_of(&stdout, "name").ends_with("file cloudcensus.toml:16:8"),
        "{stdout}"
    );
    assert!(line_of(&stdout, "concurrency").ends_with("default"));
}

/// Issue 12, item 5: the name of the whole comes from data. With `[org]
/// kind = "city"` the total row says "toàn thành phố", not "toàn tỉnh",
/// and a stored run still says so; without it, the neutral "toàn bộ".
#[test]
fn the_total_row_names_the_whole_from_the_config_file() {
    let project = Project::good();
    let total_row = |project: &Project, args: &[&str]| {
        let output = project.cmd(args).output().unwrap();
        let table = String::from_utf8_lossy(&output.stdout).into_owned();
        table
            .lines()
            .find(|line| line.contains("│ toàn"))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no total row in\n{table}"))
    };
    let scan = ["scan", "--offline", "--format", "table", "--lang", "vi"];
    assert!(total_row(&project, &scan).contains("toàn bộ"));
    let project = project.file(
        "cloudcensus.toml",
        "[org]\nname = \"Huế\"\nkind = \"city\"\n",
    );
    assert!(total_row(&project, &scan).contains("toàn thành phố"));
    let report = ["report", "--format", "table", "--lang", "vi"];
    let project = project.file("cloudcensus.toml", "");
    assert!(
        total_row(&project, &report).contains("toàn thành phố"),
        "the stored run keeps its organisation"
    );
}

/// A broken config file is reported in the language of `--lang`, the
/// config file itself being unreadable.
#[test]
fn issue_12_config_mistakes_in_vietnamese() {
    let project = Project::good().file(
        "cloudcensus.toml",
        "[probe]\nconcurency = 8\nretries = \"3\"\n[report]\nformat = \"jsonn\"\n",
    );
    let (code, stderr) = code_and_stderr(project.cmd(&["validate", "--lang", "vi"]));
    assert_eq!(code, 2, "{stderr}");
    assert_holds(
        &stderr,
        &[
            "cloudcensus.toml:2:1: lỗi: không có khóa `concurency` trong mục [probe]\n  gợi ý: có thể là `concurrency`?",
            "cloudcensus.toml:3:11: lỗi: `probe.retries` phải là một số nguyên từ 0 đến 10, không phải chuỗi ký tự",
            "cloudcensus.toml:5:10: lỗi: `report.format`: giá trị `jsonn` không hợp lệ\n  gợi ý: có thể là `json`?",
            "3 lỗi, 0 cảnh báo",
        ],
    );
}
