//! Issue 15, item 5: each agency its own report. `--per-agency-dir` writes
//! one file per agency (its systems and findings only); `--email-agencies`
//! mails each agency with a `contact` its own report, after the
//! organisation's mail, all through one SMTP connection; an agency
//! without a contact is listed (an error with `--strict`); a refused
//! address for one agency does not stop the next and exits 3;
//! `--dry-run` sends nothing.

use mail_parser::MessageParser;

use crate::common::{GOOD_AGENCY, Project};
use crate::servers::{SinkRules, SmtpMessage, SmtpSink};

/// so-a (contact it@a.gov.vn), so-b (two contacts, as a list; its systems
/// named apart) and so-c (no contact).
fn three_agencies() -> Project {
    let agency = |id: &str, name: &str, contact: &str| {
        GOOD_AGENCY
            .replace("id: so-a", &format!("id: {id}{contact}"))
            .replace("name: Agency A", &format!("name: {name}"))
            .replace("name: Portal", &format!("name: Portal of {name}"))
    };
    Project::good()
        .file(
            "inventories/so-a.yaml",
            agency("so-a", "Agency A", "\n  contact: it@a.gov.vn"),
        )
        .file(
            "inventories/so-b.yaml",
            agency(
                "so-b",
                "Agency B",
                "\n  contact:\n    - it@b.gov.vn\n    - boss@b.gov.vn",
            ),
        )
        .file("inventories/so-c.yaml", agency("so-c", "Agency C", ""))
}

fn smtp_flags(port: u16) -> Vec<String> {
    [
        "--email-from",
        "cloudcensus@hue.gov.vn",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-tls",
        "none",
        "--smtp-port",
        &port.to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn scan(project: &Project, extra: &[&str], port: u16) -> std::process::Output {
    let mut args = vec!["scan", "--offline", "--no-history", "--as-of", "2026-11-25"];
    args.extend_from_slice(extra);
    let flags = smtp_flags(port);
    args.extend(flags.iter().map(String::as_str));
    project.cmd(&args).output().unwrap()
}

/// The mail whose envelope goes to `address`.
fn mail_to<'a>(messages: &'a [SmtpMessage], address: &str) -> &'a SmtpMessage {
    let bracketed = format!("<{address}>");
    messages
        .iter()
        .find(|m| m.to.contains(&bracketed))
        .unwrap_or_else(|| panic!("no mail to {address}: {messages:?}"))
}

fn html_of(message: &SmtpMessage) -> String {
    let parsed = MessageParser::default().parse(&message.data).unwrap();
    parsed.body_html(0).unwrap_or_default().into_owned()
}

#[test]
fn each_agency_with_a_contact_gets_its_own_mail_over_one_connection() {
    let sink = SmtpSink::start();
    let project = three_agencies();
    let output = scan(
        &project,
        &[
            "--email-to",
            "it-team@hue.gov.vn",
            "--email-agencies",
            "--email-attach",
            "csv",
            "--output",
            "json=scan.json",
        ],
        sink.port(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");

    let messages = sink.messages();
    assert_eq!(messages.len(), 3, "the organisation's, so-a's, so-b's");
    assert_eq!(sink.connections(), 1, "one SMTP connection for the run");
    // The organisation's mail first, then the agencies' in id order.
    assert_eq!(messages[0].to, ["<it-team@hue.gov.vn>"]);
    let a = mail_to(&messages, "it@a.gov.vn");
    assert_eq!(a.to, ["<it@a.gov.vn>"]);
    let b = mail_to(&messages, "boss@b.gov.vn");
    assert_eq!(b.to, ["<it@b.gov.vn>", "<boss@b.gov.vn>"]);

    // Each agency's mail holds its own findings and targets, no other's:
    // its page, and the findings' CSV attached.
    let html_a = html_of(a);
    assert!(html_a.contains("Agency A"), "{html_a}");
    assert!(html_a.contains("Systems on cloud"), "its targets");
    for other in ["Agency B", "Agency C", "so-b", "so-c"] {
        assert!(!html_a.contains(other), "{other} in so-a's mail");
    }
    let findings = |message: &SmtpMessage| {
        let parsed = MessageParser::default().parse(&message.data).unwrap();
        let csv = parsed.attachment(0).expect("the findings' CSV");
        String::from_utf8_lossy(csv.contents()).into_owned()
    };
    let csv_a = findings(a);
    assert!(csv_a.contains("so-a/records"), "{csv_a}");
    assert!(
        !csv_a.contains("so-b/") && !csv_a.contains("so-c/"),
        "{csv_a}"
    );
    let csv_b = findings(b);
    assert!(csv_b.contains("so-b/records") && !csv_b.contains("so-a/"));
    assert!(
        findings(&messages[0]).contains("so-c/records"),
        "the whole's"
    );
    let subject = MessageParser::default()
        .parse(&a.data)
        .unwrap()
        .subject()
        .unwrap_or_default()
        .to_string();
    assert!(subject.starts_with("[cloudcensus] Agency A: "), "{subject}");

    assert!(
        stdout.contains("Mail sent to agency so-a at it@a.gov.vn"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "NO REPORT MAILED to 1 agency without a contact: so-c (inventories/so-c.yaml)"
        ),
        "{stdout}"
    );
    // Without --strict the missing contact is a warning where it is written.
    assert!(
        stderr.contains("inventories/so-c.yaml:2:") && stderr.contains("has no `contact`"),
        "{stderr}"
    );
}

#[test]
fn a_refused_address_fails_that_agency_only_and_exits_3() {
    let sink = SmtpSink::refusing(&["it@a.gov.vn"]);
    let project = three_agencies();
    let output = scan(
        &project,
        &[
            "--email-agencies",
            "--output",
            "json=scan.json",
            "--lang",
            "vi",
        ],
        sink.port(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stdout}{stderr}");
    assert!(
        stderr.contains("không gửi được thư cho cơ quan, đơn vị `so-a`")
            && stderr.contains("it@a.gov.vn"),
        "{stderr}"
    );
    // so-b, after so-a, still got its report, over the same connection.
    let messages = sink.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].to, ["<it@b.gov.vn>", "<boss@b.gov.vn>"]);
    assert_eq!(sink.connections(), 1);
    assert!(
        stdout.contains("Đã gửi thư tới cơ quan, đơn vị so-b"),
        "{stdout}"
    );
    assert!(stdout.contains("CHƯA GỬI ĐƯỢC BÁO CÁO"), "{stdout}");
    assert!(
        project.path("scan.json").exists(),
        "the reports are on disk"
    );
}

/// A server that hangs up after each mail (as one does after so many, or
/// an idle while): each next mail connects again, once, and every mail
/// still goes.
#[test]
fn a_server_that_hangs_up_gets_each_mail_over_a_new_connection() {
    let sink = SmtpSink::with(SinkRules {
        hang_up_after_message: true,
        ..SinkRules::default()
    });
    let project = three_agencies();
    let output = scan(
        &project,
        &["--email-to", "it-team@hue.gov.vn", "--email-agencies"],
        sink.port(),
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(sink.messages().len(), 3, "the whole's, so-a's and so-b's");
    assert_eq!(sink.connections(), 3);
}

/// A mail whose data the server refuses fails alone: the transaction is
/// reset, and the next agency's mail goes over the same connection.
#[test]
fn a_refused_message_is_reset_and_the_next_agency_still_gets_its_own() {
    let sink = SmtpSink::with(SinkRules {
        data_refused: vec!["it@a.gov.vn".into()],
        ..SinkRules::default()
    });
    let project = three_agencies();
    let output = scan(&project, &["--email-agencies"], sink.port());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the mail to agency `so-a` failed"),
        "{stderr}"
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    mail_to(&messages, "it@b.gov.vn");
    assert_eq!(sink.connections(), 1);
}

/// A login the server refuses is tried once a run, not once per agency
/// (which would lock the account): the other mails are not tried, each
/// said, and the run exits 3.
#[test]
fn a_refused_login_is_tried_once_per_run() {
    let sink = SmtpSink::with(SinkRules {
        refuse_login: true,
        ..SinkRules::default()
    });
    let project = three_agencies();
    let mut args = vec!["scan", "--offline", "--no-history", "--as-of", "2026-11-25"];
    args.extend(["--email-to", "it-team@hue.gov.vn", "--email-agencies"]);
    args.extend(["--smtp-user", "cloudcensus"]);
    let flags = smtp_flags(sink.port());
    args.extend(flags.iter().map(String::as_str));
    let output = project
        .cmd(&args)
        .env("CLOUDCENSUS_SMTP_PASSWORD", "not-the-password")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_eq!(sink.connections(), 1, "{stderr}");
    assert!(sink.messages().is_empty());
    assert_eq!(
        stderr.matches("failed earlier in this run").count(),
        2,
        "so-a's and so-b's mails not tried: {stderr}"
    );
    assert!(
        !stderr.contains("not-the-password")
            && !String::from_utf8_lossy(&output.stdout).contains("not-the-password")
    );
}

/// Beside a report for a program on stdout, what the run did goes to
/// stderr, so that the report stays whole.
#[test]
fn status_lines_keep_out_of_a_json_report_on_stdout() {
    let sink = SmtpSink::start();
    let project = three_agencies();
    let output = scan(
        &project,
        &[
            "--email-agencies",
            "--per-agency-dir",
            "agencies",
            "--format",
            "json",
        ],
        sink.port(),
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let record: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON alone");
    assert!(record["agencies"].is_array());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Each agency's own report: 6 files"),
        "{stderr}"
    );
    assert!(stderr.contains("Mail sent to agency so-a"), "{stderr}");
}

#[test]
fn dry_run_says_who_would_get_what_and_sends_nothing() {
    let sink = SmtpSink::start();
    let project = three_agencies();
    let output = scan(
        &project,
        &[
            "--email-to",
            "it-team@hue.gov.vn",
            "--email-agencies",
            "--dry-run",
        ],
        sink.port(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(sink.messages().is_empty());
    assert_eq!(sink.connections(), 0, "no connection either");
    assert!(stdout.contains("Dry run: no mail sent."), "{stdout}");
    assert!(
        stdout.contains(
            "agency so-b: to it@b.gov.vn, boss@b.gov.vn, subject \"[cloudcensus] Agency B: "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("attached cloudcensus-so-b-2026-11-25.agencies.csv ("),
        "{stdout}"
    );
    assert!(
        stdout.contains("the organisation's mail: to it-team@hue.gov.vn"),
        "{stdout}"
    );
    assert!(stdout.contains("without a contact: so-c"), "{stdout}");
}

#[test]
fn strict_makes_a_missing_contact_an_error_before_any_work() {
    let sink = SmtpSink::start();
    let project = three_agencies();
    let output = scan(
        &project,
        &["--email-agencies", "--strict", "--output", "json=scan.json"],
        sink.port(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("inventories/so-c.yaml:2:3: error: agency `so-c` has no `contact`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: add `contact: it@example.gov.vn`"),
        "{stderr}"
    );
    assert!(!project.path("scan.json").exists());
    assert_eq!(sink.connections(), 0);
    // Scoped to agencies that have one, --strict is satisfied.
    let output = scan(
        &project,
        &["--email-agencies", "--strict", "--agency", "so-a"],
        sink.port(),
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(sink.messages().len(), 1);
}

#[test]
fn per_agency_dir_writes_each_agencys_own_report() {
    let project = three_agencies();
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-25",
            "--per-agency-dir",
            "reports/agencies",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("Each agency's own report: 6 files in reports/agencies."),
        "{stdout}"
    );
    let page = |id: &str| {
        std::fs::read_to_string(project.path(&format!("reports/agencies/{id}.html"))).unwrap()
    };
    let a = page("so-a");
    assert!(a.contains("so-a/records") && a.contains("Agency A"), "{a}");
    // Its total row is its own, not named after the whole.
    assert!(a.contains(">total<") && !a.contains("all agencies"), "{a}");
    assert!(!a.contains("so-b/") && !a.contains("Portal of Agency B"));
    assert!(page("so-c").contains("so-c/records"));
    // Its workbook too, with its own systems only.
    let workbook = workbook_text(&project.path("reports/agencies/so-a.xlsx"));
    assert!(workbook.contains("Agency A"), "{workbook}");
    assert!(!workbook.contains("so-b/") && !workbook.contains("Agency B"));
    // No temporary file is left beside them.
    let names: Vec<String> = std::fs::read_dir(project.path("reports/agencies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");

    // The same from the recorded run, in Vietnamese, for one agency.
    let output = project
        .cmd(&[
            "report",
            "--agency",
            "so-b",
            "--lang",
            "vi",
            "--per-agency-dir",
            "again",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.trim(),
        "Báo cáo riêng của từng cơ quan, đơn vị: 2 tệp trong thư mục again."
    );
    let b = std::fs::read_to_string(project.path("again/so-b.html")).unwrap();
    assert!(b.contains("<html lang=\"vi\"") && !b.contains("so-a/"));

    // A file in the way of the folder fails the run before any work.
    let project = project.file("taken", "x");
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--per-agency-dir",
            "taken",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
}

#[test]
fn a_contact_takes_several_addresses_and_each_is_checked() {
    let project = Project::good().file(
        "inventories/so-a.yaml",
        GOOD_AGENCY.replace(
            "kind: department",
            "kind: department\n  contact: it@a.gov.vn, nope",
        ),
    );
    let output = project.cmd(&["validate", "--lang", "vi"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("inventories/so-a.yaml:5:")
            && stderr.contains("địa chỉ thư điện tử `nope` tại trường `contact` không hợp lệ"),
        "{stderr}"
    );
    let good = Project::good().file(
        "inventories/so-a.yaml",
        GOOD_AGENCY.replace(
            "kind: department",
            "kind: department\n  contact: it@a.gov.vn; boss@a.gov.vn",
        ),
    );
    assert_eq!(good.validate().0, 0);
}

/// Every cell of every sheet of a workbook, one line per row.
fn workbook_text(path: &std::path::Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let mut text = String::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
            text.push_str(&cells.join("\t"));
            text.push('\n');
        }
    }
    text
}
