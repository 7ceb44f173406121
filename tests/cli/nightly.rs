//! The nightly job's quiet nights (issue 12, item 1): `scan --quiet`
//! prints and mails only on a night that needs attention (the first one,
//! new failing findings, a target that got worse, findings moved by a
//! change of the rules), while the exit code keeps its meaning; and a
//! change of the rules is not counted as fixes (item 10).

use predicates::prelude::*;

use crate::common::{Project, repo_root, ten_systems};
use crate::servers::SmtpSink;

const POLICY: &str = "\
policy: { id: p, title: P }
rules:
  - id: CLOUD
    title: On cloud
    severity: high
    check: system.hosting.model == 'gov-cloud'
targets:
  - id: cloud
    title: Systems on cloud
    rule: CLOUD
    goal: 50%
    deadline: 2030-12-31
";

fn project(on_cloud: usize) -> Project {
    Project::new()
        .file("policies/p.yaml", POLICY)
        .file("inventories/so-a.yaml", ten_systems(on_cloud))
}

/// `scan --offline --quiet --format summary` as of `day`: (exit code, stdout).
fn quiet_night(project: &Project, day: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "scan",
        "--offline",
        "--quiet",
        "--format",
        "summary",
        "--as-of",
        day,
    ];
    args.extend_from_slice(extra);
    let output = project.cmd(&args).output().unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The shipped province, scanned two nights running with mail: the first
/// night speaks and mails, the second prints nothing and sends nothing,
/// and both exit 1 (the province has high-severity failures). The
/// README's promise, "mail only on nights that need attention".
#[test]
fn a_quiet_second_night_prints_and_mails_nothing_on_the_shipped_province() {
    let sink = SmtpSink::start();
    let project = Project::new();
    let inventories = repo_root().join("inventories");
    let policies = repo_root().join("policies");
    let port = sink.port().to_string();
    let night = |day: &str| {
        let args = [
            inventories.to_str().unwrap(),
            "--policies",
            policies.to_str().unwrap(),
            "--email-to",
            "it@example.gov.vn",
            "--email-from",
            "cloudcensus@example.gov.vn",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-tls",
            "none",
            "--smtp-port",
            &port,
        ];
        quiet_night(&project, day, &args)
    };
    let (code, first) = night("2026-11-25");
    assert_eq!(code, 1);
    assert!(
        first.contains("Targets:"),
        "the first night speaks: {first}"
    );
    assert_eq!(sink.messages().len(), 1, "and mails");
    assert!(
        first.contains("Mail sent to it@example.gov.vn"),
        "and says so: {first}"
    );

    let (code, second) = night("2026-11-26");
    assert_eq!(code, 1, "the exit code keeps its meaning");
    assert_eq!(second, "", "nothing new: nothing printed");
    assert_eq!(sink.messages().len(), 1, "and nothing mailed");
}

/// A failure that is new wakes the quiet job; the night after, it is
/// known and the job is quiet again.
#[test]
fn a_new_failure_speaks_once() {
    let project = project(8);
    quiet_night(&project, "2026-11-01", &[]);
    assert_eq!(quiet_night(&project, "2026-11-02", &[]).1, "");
    std::fs::write(project.path("inventories/so-a.yaml"), ten_systems(7)).unwrap();
    let (code, night) = quiet_night(&project, "2026-11-03", &[]);
    assert_eq!(code, 1);
    assert!(
        night.contains("Since the scan of 2026-11-02: 1 new failing, 0 fixed."),
        "{night}"
    );
    assert_eq!(quiet_night(&project, "2026-11-04", &[]).1, "");
    // The HTML page (the mail's HTML part) leads with what changed too.
    project
        .cmd(&["report", "3", "--format", "html"])
        .assert()
        .stdout(predicate::str::contains(
            "Since the scan of 2026-11-02: 1 new failing, 0 fixed.",
        ));
    // A failure below --fail-on is no reason to wake anyone.
    std::fs::write(project.path("inventories/so-a.yaml"), ten_systems(6)).unwrap();
    let (_, night) = quiet_night(&project, "2026-11-05", &["--fail-on", "critical"]);
    assert_eq!(night, "");
}

/// A target whose status gets worse speaks, with its status before and now.
#[test]
fn a_target_that_gets_worse_speaks() {
    let project = project(6);
    quiet_night(&project, "2026-11-01", &[]);
    std::fs::write(project.path("inventories/so-a.yaml"), ten_systems(5)).unwrap();
    quiet_night(&project, "2026-11-02", &[]);
    // Met (60%) → met (50%) said nothing more than the new failure; now
    // 40% is below the goal.
    std::fs::write(project.path("inventories/so-a.yaml"), ten_systems(4)).unwrap();
    let (_, night) = quiet_night(&project, "2026-11-03", &["--fail-on", "critical"]);
    assert!(
        night.contains("Target worse: Systems on cloud: met → not met yet; no trend yet."),
        "{night}"
    );
}

/// After a rule changes, the findings that went with it are not fixes
/// and the ones that came with it are not regressions; the summary says
/// the rules changed. The night after, all is quiet.
#[test]
fn a_changed_rule_is_not_counted_as_fixes() {
    let project = project(2);
    quiet_night(&project, "2026-11-01", &[]);
    // The rule now accepts every hosting model: its 8 failures go.
    edit(&project, "policies/p.yaml", |policy| {
        policy.replace(
            "check: system.hosting.model == 'gov-cloud'",
            "check: system.hosting.model != ''",
        )
    });
    let (_, night) = quiet_night(&project, "2026-11-02", &[]);
    assert!(
        night.contains("Since the scan of 2026-11-01: 0 new failing, 0 fixed."),
        "{night}"
    );
    assert!(
        night.contains(
            "The rules changed since that scan (CLOUD): failing findings that came with them 0, that went with them 8; not counted as new or fixed."
        ),
        "{night}"
    );
    // `diff` of the two runs counts them as the scan did.
    project.cmd(&["diff", "1", "2"]).assert().success().stdout(
        predicate::str::contains("0 new failing, 0 fixed").and(predicate::str::contains(
            "The rules changed since that scan (CLOUD)",
        )),
    );
    assert_eq!(quiet_night(&project, "2026-11-03", &[]).1, "");
    // A new title changes the policy file, not the rule's outcomes: the
    // summary says so, and the quiet job has nothing to say.
    edit(&project, "policies/p.yaml", |policy| {
        policy.replace("title: On cloud", "title: Hosted on cloud")
    });
    project
        .cmd(&[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-04",
            "--format",
            "summary",
        ])
        .assert()
        .stdout(predicate::str::contains(
            "The policy files changed since that scan; no rule's condition changed.",
        ));
    edit(&project, "policies/p.yaml", |policy| {
        policy.replace("title: Hosted on cloud", "title: On the cloud")
    });
    assert_eq!(quiet_night(&project, "2026-11-05", &[]).1, "");
}

/// Rewrites the project's file at `relative` through `change`.
fn edit(project: &Project, relative: &str, change: impl Fn(&str) -> String) {
    let path = project.path(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, change(&text)).unwrap();
}

/// `[scan] fail_on_targets` in the config file chooses the target states
/// that fail the run, as `--fail-on-targets` does; a state it does not
/// know is placed at its line.
#[test]
fn the_config_file_chooses_which_target_states_fail() {
    // 20% against a 50% goal whose deadline has passed: missed.
    let policy = POLICY.replace("deadline: 2030-12-31", "deadline: 2025-12-31");
    let project = project(2).file(
        "policies/p.yaml",
        policy.replace("severity: high", "severity: low"),
    );
    let scan = |project: &Project| {
        project
            .cmd(&["scan", "--offline", "--no-history", "--format", "summary"])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(scan(&project), Some(0), "missed is not failing by default");
    let project = project.file(
        "cloudcensus.toml",
        "[scan]\nfail_on_targets = [\"behind\", \"missed\"]\n",
    );
    assert_eq!(scan(&project), Some(1));
    project
        .cmd(&["config"])
        .assert()
        .stdout(predicate::str::contains("behind,missed"));
    // An empty list is `none`, as for the flag.
    let project = project.file(
        "cloudcensus.toml",
        "[scan]\nfail_on_targets = []\n[mail]\nemail_attach = []\n",
    );
    assert_eq!(scan(&project), Some(0));
    let project = project.file("cloudcensus.toml", "[scan]\nfail_on_targets = \"late\"\n");
    project
        .cmd(&["scan", "--offline", "--no-history"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("cloudcensus.toml:2:")
                .and(predicate::str::contains("unknown target state `late`")),
        );
}

/// A failure that turned `unknown` while its site was down is still a
/// failure as far as anyone knows: the night the site is back it is not
/// new, and the quiet job says nothing (review of issue 12, item 1).
#[test]
fn a_failure_hidden_by_an_outage_is_not_new_when_the_site_is_back() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use crate::servers::{HttpServer, Reply, Request, Response};

    let down = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&down);
    // Down: the request is read and never answered, until the client
    // gives up at its deadline.
    let server = HttpServer::start(move |_: &Request| {
        if flag.load(Ordering::SeqCst) {
            Reply::Silence
        } else {
            Response::new(503).into()
        }
    });
    let inventory = format!(
        "agency: {{ id: so-a, name: A, kind: department }}\nsystems:\n  - id: web\n    name: Web\n    criticality: low\n    hosting: {{ model: gov-cloud }}\n    endpoints:\n      - url: {}\n",
        server.url("/")
    );
    let policy = "\
policy: { id: p, title: P }
rules:
  - id: WEB
    title: The site answers
    severity: high
    each: endpoint
    check: probe.status == 200
";
    let project = Project::new()
        .file("policies/p.yaml", policy)
        .file("inventories/so-a.yaml", inventory);
    let night = |day: &str| {
        let output = project
            .cmd(&[
                "scan",
                "--quiet",
                "--format",
                "summary",
                "--as-of",
                day,
                "--timeout",
                "1",
                "--retries",
                "0",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let first = night("2026-11-01");
    assert!(first.contains("1 high"), "the first night speaks: {first}");
    down.store(true, Ordering::SeqCst);
    assert_eq!(night("2026-11-03"), "", "the site down: nothing new");
    down.store(false, Ordering::SeqCst);
    assert_eq!(
        night("2026-11-04"),
        "",
        "the site back, failing as before: nothing new"
    );
}

/// A warning known for weeks (here an endpoint listed twice) is printed
/// on a night that speaks, and not on a quiet one: cron mails stderr too.
#[test]
fn warnings_wait_for_a_night_that_speaks() {
    let twice = ten_systems(8).replace(
        "  - id: s0\n    name: S0\n",
        "  - id: s0\n    name: S0\n    endpoints:\n      - url: https://a.example.vn\n      - url: https://a.example.vn\n",
    );
    let project = project(8).file("inventories/so-a.yaml", twice);
    let night = |day: &str| {
        project
            .cmd(&[
                "scan",
                "--offline",
                "--quiet",
                "--format",
                "summary",
                "--as-of",
                day,
            ])
            .output()
            .unwrap()
    };
    let first = night("2026-11-01");
    let warned = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(warned.contains("warning"), "the first night: {warned}");
    let second = night("2026-11-02");
    assert_eq!(String::from_utf8_lossy(&second.stderr), "", "a quiet night");
    assert_eq!(String::from_utf8_lossy(&second.stdout), "");
}

/// The inventory's digest does not depend on how its folder is written,
/// so `./inventories/` one night and `inventories` the next is no change.
#[test]
fn the_inventory_digest_does_not_depend_on_how_the_folder_is_written() {
    let project = project(3);
    let digest = |folder: &str| {
        let output = project
            .cmd(&[
                "scan",
                folder,
                "--offline",
                "--no-history",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        record["inputs"]["inventory_digest"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let absolute = project.path("inventories");
    assert_eq!(digest("inventories"), digest("./inventories/"));
    assert_eq!(digest("inventories"), digest(absolute.to_str().unwrap()));
}
