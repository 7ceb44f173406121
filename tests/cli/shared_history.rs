//! The shared PostgreSQL history (issue 16): organisations writing at
//! once, each under its own key; two scans of one organisation racing; a
//! writer killed or cut off mid-transaction; a newer schema; the
//! password's places; the copy of a SQLite history. Against the test
//! server of `pg_server`, a database per test. To hold a writer at a
//! known point of its transaction, the test takes a table lock that its
//! INSERT waits for, and watches it wait in `pg_stat_activity`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::{Project, ten_systems};
use crate::pg_server::{PASSWORD, server};

/// A project whose history is a fresh database; its name and URL.
fn shared_project() -> (Project, String, String) {
    let server = server();
    let database = server.database();
    let url = server.url(&database);
    let project =
        Project::good().file("cloudcensus.toml", format!("[history]\npath = \"{url}\"\n"));
    (project, database, url)
}

/// `cloudcensus ARGS` in `project`, the password in PGPASSWORD.
fn cmd(project: &Project, args: &[&str]) -> assert_cmd::Command {
    let mut command = project.cmd(args);
    command.env("PGPASSWORD", PASSWORD);
    command
}

/// A scan started in the background.
fn spawn_scan(project: &Project, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("cloudcensus"))
        .current_dir(project.path(""))
        .env("XDG_DATA_HOME", project.path(".data"))
        .env("XDG_CONFIG_HOME", project.path(".config"))
        .env_remove("CLOUDCENSUS_HISTORY")
        .env_remove("CLOUDCENSUS_CONFIG")
        .env("PGPASSWORD", PASSWORD)
        .env("LANG", "C.UTF-8")
        .args([&["scan", "--offline"], args].concat())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How long a test waits for a scan to reach a lock. A scan of these
/// projects gets there in well under a second; a minute means it never
/// will (it exited, or waits on something else), and the test says why
/// rather than hanging CI.
const LOCK_DEADLINE: Duration = Duration::from_secs(60);

/// Polls `reached` every 20 ms until it gives a value; past
/// [`LOCK_DEADLINE`], kills `children` and panics with what each of them
/// said and with every session of `database`.
fn poll_until<T>(
    what: &str,
    database: &str,
    children: &mut [&mut Child],
    mut reached: impl FnMut(&mut postgres::Client) -> Option<T>,
) -> T {
    let mut admin = server().admin(database);
    let deadline = std::time::Instant::now() + LOCK_DEADLINE;
    loop {
        if let Some(value) = reached(&mut admin) {
            return value;
        }
        if std::time::Instant::now() > deadline {
            let sessions: Vec<String> = admin
                .query(
                    "SELECT pid, application_name, state, wait_event_type, wait_event, query
                     FROM pg_stat_activity WHERE datname = $1",
                    &[&database],
                )
                .unwrap()
                .iter()
                .map(|row| {
                    let text = |i: usize| row.get::<_, Option<String>>(i).unwrap_or_default();
                    format!(
                        "  pid {} {} {} {}/{}: {}",
                        row.get::<_, i32>(0),
                        text(1),
                        text(2),
                        text(3),
                        text(4),
                        text(5)
                    )
                })
                .collect();
            let said: Vec<String> = children
                .iter_mut()
                .enumerate()
                .map(|(i, child)| {
                    let status = child.try_wait().unwrap();
                    let _ = child.kill();
                    let _ = child.wait();
                    let mut stderr = String::new();
                    if let Some(pipe) = child.stderr.as_mut() {
                        let _ = std::io::Read::read_to_string(pipe, &mut stderr);
                    }
                    format!("  scan {i}: {status:?} (None: still running)\n{stderr}")
                })
                .collect();
            panic!(
                "{what} not reached in {LOCK_DEADLINE:?}\nsessions of {database}:\n{}\nscans:\n{}",
                sessions.join("\n"),
                said.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until `count` cloudcensus sessions of `database` wait for a
/// lock of this kind (`relation`: a table; `advisory`: a run lock); the
/// process ids of their backends. `children` are the scans started.
fn wait_for_waiters(
    database: &str,
    kind: &str,
    count: usize,
    children: &mut [&mut Child],
) -> Vec<i32> {
    let what = format!("{count} session(s) waiting for a {kind} lock");
    poll_until(&what, database, children, |admin| {
        let pids: Vec<i32> = admin
            .query(
                "SELECT pid FROM pg_stat_activity
                 WHERE datname = $1 AND application_name = 'cloudcensus'
                   AND wait_event_type = 'Lock' AND wait_event = $2",
                &[&database, &kind],
            )
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        (pids.len() >= count).then_some(pids)
    })
}

/// Waits until no cloudcensus session of `database` is left.
fn wait_for_no_sessions(database: &str) {
    poll_until("no cloudcensus session", database, &mut [], |admin| {
        let left: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE datname = $1 AND application_name = 'cloudcensus'",
                &[&database],
            )
            .unwrap()
            .get(0);
        (left == 0).then_some(())
    })
}

fn count(database: &str, sql: &str) -> i64 {
    server().admin(database).query_one(sql, &[]).unwrap().get(0)
}

fn finish(child: Child) -> (i32, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// 34 organisations, each a process per night, all at once: every run is
/// there, each under its organisation, and each night compared with the
/// same organisation's night before.
#[test]
fn many_organisations_write_many_nights_at_once() {
    const ORGS: usize = 34;
    const NIGHTS: usize = 3;
    let (project, database, _) = shared_project();
    let project = (0..ORGS).fold(project, |project, org| {
        project.file(&format!("orgs/org-{org}/so-a.yaml"), ten_systems(org % 11))
    });
    std::thread::scope(|threads| {
        for org in 0..ORGS {
            let project = &project;
            threads.spawn(move || {
                for night in 1..=NIGHTS {
                    let id = format!("org-{org}");
                    let path = format!("orgs/{id}/so-a.yaml");
                    let day = format!("2026-11-{night:02}");
                    let output = cmd(
                        project,
                        &[
                            "scan",
                            "--offline",
                            "--org",
                            &id,
                            "--org-name",
                            &id,
                            "--org-kind",
                            "province",
                            "--as-of",
                            &day,
                            "--wait",
                            &path,
                        ],
                    )
                    .output()
                    .unwrap();
                    assert!(
                        matches!(output.status.code(), Some(0 | 1)),
                        "{id} night {night}: {}",
                        String::from_utf8_lossy(&output.stderr)
                    );
                }
            });
        }
    });
    assert_eq!(
        count(&database, "SELECT count(*) FROM runs"),
        (ORGS * NIGHTS) as i64
    );
    assert_eq!(
        count(
            &database,
            "SELECT count(*) FROM target_values t JOIN runs r ON r.id = t.run_id
             WHERE t.org_id <> r.org_id"
        ),
        0
    );
    // Each value keeps the counts it is the ratio of, for the national view.
    assert_eq!(
        count(
            &database,
            "SELECT count(*) FROM target_values
             WHERE denominator IS NULL OR round(percent * denominator / 100) <> numerator"
        ),
        0
    );
    for org in 0..ORGS {
        let id = format!("org-{org}");
        let runs = cmd(&project, &["runs", "--org", &id]).output().unwrap();
        let runs = String::from_utf8_lossy(&runs.stdout).into_owned();
        let ids: Vec<i64> = runs
            .lines()
            .map(|line| line.split_whitespace().next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(ids.len(), NIGHTS, "{id}: {runs}");
        let latest = cmd(&project, &["report", "--org", &id, "--format", "json"])
            .output()
            .unwrap();
        let record: Value = serde_json::from_slice(&latest.stdout).unwrap();
        assert_eq!(record["organisation"]["id"], id.as_str());
        assert_eq!(record["organisation"]["kind"], "province");
        assert_eq!(record["as_of"], format!("2026-11-{NIGHTS:02}"));
        assert_eq!(record["totals"]["on_cloud"], org % 11, "{id}");
        assert_eq!(
            record["changes"]["previous_run"],
            ids[NIGHTS - 2],
            "{id} is compared with its own night before"
        );
    }
}

/// Two scans of one organisation: the second exits 3 at once, or waits
/// with --wait; another organisation's scan is not held up by the lock.
#[test]
fn two_scans_of_one_organisation_race_one_waits_or_exits_3() {
    let (project, database, _) = shared_project();
    let mut admin = server().admin(&database);
    cmd(&project, &["scan", "--offline", "--org", "hue"])
        .assert()
        .code(1);
    // The scan gave its run lock back before it exited, not when the
    // server noticed its connection closed: the next scan, started at
    // once, finds it free (it would exit 3 otherwise).
    let held: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
             WHERE l.locktype = 'advisory' AND d.datname = $1",
            &[&database],
        )
        .unwrap()
        .get(0);
    assert_eq!(held, 0, "the run lock outlived its scan");
    let mut hold = admin.transaction().unwrap();
    hold.batch_execute("LOCK TABLE runs IN EXCLUSIVE MODE")
        .unwrap();
    let mut first = spawn_scan(&project, &["--org", "hue"]);
    wait_for_waiters(&database, "relation", 1, &mut [&mut first]);

    let (code, stderr) =
        crate::common::code_and_stderr(cmd(&project, &["scan", "--offline", "--org", "hue"]));
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("another scan of organisation hue is writing to the history"),
        "{stderr}"
    );
    let mut waiting = spawn_scan(&project, &["--org", "hue", "--wait"]);
    wait_for_waiters(&database, "advisory", 1, &mut [&mut first, &mut waiting]);
    let mut other = spawn_scan(&project, &["--org", "da-nang"]);
    // Past its own run lock, at the table like the first.
    wait_for_waiters(
        &database,
        "relation",
        2,
        &mut [&mut first, &mut waiting, &mut other],
    );
    hold.rollback().unwrap();

    for child in [first, waiting, other] {
        let (code, stderr) = finish(child);
        assert_eq!(code, 1, "{stderr}");
    }
    assert_eq!(
        count(&database, "SELECT count(*) FROM runs WHERE org_id = 'hue'"),
        3
    );
    assert_eq!(
        count(
            &database,
            "SELECT count(*) FROM runs WHERE org_id = 'da-nang'"
        ),
        1
    );
}

/// A writer killed (SIGKILL) halfway through its transaction: no part
/// of its run is left, and the earlier run is whole.
#[test]
fn a_writer_killed_mid_transaction_leaves_no_partial_run() {
    let (project, database, _) = shared_project();
    cmd(&project, &["scan", "--offline"]).assert().code(1);
    let mut admin = server().admin(&database);
    let mut hold = admin.transaction().unwrap();
    // Its run's row is written; its target values wait.
    hold.batch_execute("LOCK TABLE target_values IN EXCLUSIVE MODE")
        .unwrap();
    let mut writer = spawn_scan(&project, &[]);
    wait_for_waiters(&database, "relation", 1, &mut [&mut writer]);
    writer.kill().unwrap();
    let _ = writer.wait();
    hold.rollback().unwrap();
    wait_for_no_sessions(&database);
    assert_eq!(count(&database, "SELECT count(*) FROM runs"), 1);
    assert_eq!(count(&database, "SELECT count(*) FROM failing_keys"), 1);
    assert_eq!(
        count(
            &database,
            "SELECT count(*) FROM target_values WHERE run_id NOT IN (SELECT id FROM runs)"
        ),
        0
    );
    cmd(&project, &["report", "1", "--format", "json"])
        .assert()
        .success();
}

/// A connection lost while the run is written is made again once, and
/// the run written; when the second try fails too, the scan exits 3 and
/// its reports are on disk already.
#[test]
fn a_lost_connection_is_retried_once_then_exits_3_with_the_reports_on_disk() {
    let (project, database, _) = shared_project();
    cmd(&project, &["scan", "--offline"]).assert().code(1);
    let mut admin = server().admin(&database);
    let mut postgres = server().admin("postgres");

    // Cut off once: the retry writes the run.
    let mut hold = admin.transaction().unwrap();
    hold.batch_execute("LOCK TABLE runs IN EXCLUSIVE MODE")
        .unwrap();
    let mut scan = spawn_scan(&project, &["--output", "json=first.json"]);
    let pids = wait_for_waiters(&database, "relation", 1, &mut [&mut scan]);
    postgres
        .execute("SELECT pg_terminate_backend($1)", &[&pids[0]])
        .unwrap();
    hold.rollback().unwrap();
    let (code, stderr) = finish(scan);
    assert_eq!(code, 1, "retried and recorded: {stderr}");
    assert_eq!(count(&database, "SELECT count(*) FROM runs"), 2);

    // Cut off, and no connection to be had: exit 3, the report written.
    let mut hold = admin.transaction().unwrap();
    hold.batch_execute("LOCK TABLE runs IN EXCLUSIVE MODE")
        .unwrap();
    let mut scan = spawn_scan(&project, &["--output", "json=second.json"]);
    let pids = wait_for_waiters(&database, "relation", 1, &mut [&mut scan]);
    postgres
        .batch_execute(&format!(
            "ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false"
        ))
        .unwrap();
    postgres
        .execute("SELECT pg_terminate_backend($1)", &[&pids[0]])
        .unwrap();
    hold.rollback().unwrap();
    let (code, stderr) = finish(scan);
    postgres
        .batch_execute(&format!(
            "ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true"
        ))
        .unwrap();
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("cannot connect to the history postgres://"),
        "{stderr}"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(project.path("second.json")).unwrap()).unwrap();
    assert_eq!(report["totals"]["systems"], 2);
    assert_eq!(count(&database, "SELECT count(*) FROM runs"), 2);
}

/// A database written by a newer cloudcensus is refused, and the
/// commands that only read create no tables in an empty one.
#[test]
fn a_newer_schema_is_refused_and_reading_creates_nothing() {
    let (project, database, _) = shared_project();
    cmd(&project, &["runs"])
        .assert()
        .success()
        .stdout("No scans recorded yet.\n");
    cmd(&project, &["trend"]).assert().success();
    assert_eq!(
        count(
            &database,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        0
    );
    cmd(&project, &["scan", "--offline"]).assert().code(1);
    server()
        .admin(&database)
        .batch_execute("UPDATE cloudcensus_version SET version = 99")
        .unwrap();
    let (code, stderr) = crate::common::code_and_stderr(cmd(&project, &["runs"]));
    assert_eq!(code, 3);
    assert!(
        stderr.contains("was written by a newer cloudcensus (store version 99"),
        "{stderr}"
    );
}

/// The password comes from PGPASSWORD, a private .pgpass or the password
/// file, never from the URL; TLS that the server does not offer is no
/// connection under sslmode=require.
#[test]
fn the_password_comes_from_the_environment_pgpass_or_a_file_never_the_url() {
    let (project, database, url) = shared_project();
    let port = server().port;
    let runs = |history: &str| {
        let mut command = project.cmd(&["runs", "--history", history]);
        command
            .env("HOME", project.path("home"))
            .env_remove("PGPASSWORD");
        crate::common::code_and_stderr(command)
    };
    let with_password = format!("postgres://cloudcensus:{PASSWORD}@127.0.0.1:{port}/{database}");
    let (code, stderr) = runs(&with_password);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("holds a password"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "never printed: {stderr}");

    let (code, stderr) = runs(&url);
    assert_eq!(code, 3, "no password anywhere: {stderr}");
    assert!(stderr.contains("cannot connect to the history"), "{stderr}");

    let pgpass = project.path("home/.pgpass");
    std::fs::create_dir_all(project.path("home")).unwrap();
    std::fs::write(&pgpass, format!("127.0.0.1:*:*:cloudcensus:{PASSWORD}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, stderr) = runs(&url);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("can be read by other users"), "{stderr}");
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, stderr) = runs(&url);
    assert_eq!(code, 0, "from .pgpass: {stderr}");
    std::fs::remove_file(&pgpass).unwrap();

    let mut command = project.cmd(&["runs", "--history", &url]);
    command
        .env("HOME", project.path("home"))
        .env_remove("PGPASSWORD")
        .env("CLOUDCENSUS_HISTORY_PASSWORD_FILE", project.path("pw"));
    std::fs::write(project.path("pw"), format!("{PASSWORD}\n")).unwrap();
    let (code, stderr) = crate::common::code_and_stderr(command);
    assert_eq!(code, 0, "from the password file: {stderr}");

    let mut command = project.cmd(&["runs", "--history", &format!("{url}?sslmode=require")]);
    command.env("PGPASSWORD", PASSWORD);
    let (code, stderr) = crate::common::code_and_stderr(command);
    assert_eq!(code, 3, "the test server speaks no TLS: {stderr}");
    assert!(stderr.contains("cannot connect to the history"), "{stderr}");
}

/// `history migrate` copies a SQLite history's runs into PostgreSQL,
/// under the organisation given for runs that name none; run again, it
/// copies nothing twice. The copies render as the originals, and the next
/// scan on PostgreSQL is compared with the last copied run.
#[test]
fn history_migrate_copies_a_sqlite_history_once() {
    let server = server();
    let database = server.database();
    let url = server.url(&database);
    let project = Project::good();
    for (day, extra) in [
        ("2026-11-01", None),
        ("2026-11-02", Some("so-a")),
        ("2026-11-03", None),
    ] {
        let mut args = vec!["scan", "--offline", "--as-of", day];
        if let Some(agency) = extra {
            args.extend(["--agency", agency]);
        }
        project.cmd(&args).assert().code(1);
    }
    let sqlite = project.path(".data/cloudcensus/history.sqlite");
    let from = format!("sqlite:{}", sqlite.display());
    let migrate = || {
        cmd(
            &project,
            &[
                "history", "migrate", "--from", &from, "--to", &url, "--org", "hue",
            ],
        )
        .output()
        .unwrap()
    };
    let first = migrate();
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        "copied 3 recorded scans; 0 already there\n",
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let again = migrate();
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "copied 0 recorded scans; 3 already there\n"
    );
    for run in ["1", "2", "3"] {
        let original = project
            .cmd(&["report", run, "--format", "json"])
            .output()
            .unwrap();
        let copy = cmd(
            &project,
            &[
                "report",
                run,
                "--format",
                "json",
                "--history",
                &url,
                "--org",
                "hue",
            ],
        )
        .output()
        .unwrap();
        let original: Value = serde_json::from_slice(&original.stdout).unwrap();
        let copy: Value = serde_json::from_slice(&copy.stdout).unwrap();
        assert_eq!(original, copy, "run {run}");
    }
    let next = cmd(
        &project,
        &[
            "scan",
            "--offline",
            "--as-of",
            "2026-11-04",
            "--format",
            "json",
            "--history",
            &url,
            "--org",
            "hue",
        ],
    )
    .output()
    .unwrap();
    let next: Value = serde_json::from_slice(&next.stdout).unwrap();
    assert_eq!(next["changes"]["previous_run"], 3);
    assert_eq!(
        next["targets"][0]["history"].as_array().map(Vec::len),
        Some(3)
    );

    let (code, stderr) = crate::common::code_and_stderr(cmd(
        &project,
        &["history", "migrate", "--from", "h.sqlite", "--to", &url],
    ));
    assert_eq!(code, 2);
    assert!(stderr.contains("sqlite:PATH"), "{stderr}");
}
