//! The disk refusing writes: full while a report is written and while
//! the history commits, and a history folder the scan may not write to.
//! Each says what went wrong, naming the file, exits 3, and loses nothing
//! stored: last night's report stays whole, the history keeps its runs
//! and still reads. And a store this tool creates is its owner's alone.
//!
//! A full disk is a file size limit (RLIMIT_FSIZE, set by the shell's
//! `ulimit -f` with SIGXFSZ ignored, so that a write past it fails with
//! EFBIG as a write to a full disk fails with ENOSPC): it needs no mount,
//! which root in a container may not be allowed.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::{GOOD_POLICY, PROVIDERS, Project, assert_holds, systems, through};

/// 2,000 systems, none on cloud: a JSON report of about half a megabyte
/// and a run of 2,000 failing findings to record.
fn big_project() -> Project {
    Project::new()
        .file("inventories/so-a.yaml", systems(2000, 0))
        .file("policies/test.yaml", GOOD_POLICY)
        .file("policies/providers.yaml", PROVIDERS)
}

/// `cloudcensus ARGS` with files limited to `kib` KiB.
fn with_file_limit(project: &Project, kib: u32, args: &[&str]) -> std::process::Command {
    let script = format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\"");
    through(&["bash", "-c", &script], &project.process(args), None)
}

/// The runs `runs --history h.sqlite` lists (the history still reads).
fn runs(project: &Project, history: &str) -> usize {
    let output = project
        .cmd(&["runs", "--history", history])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8_lossy(&output.stdout).lines().count()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_while_writing_the_report_keeps_last_nights_report_and_the_history() {
    let project = big_project();
    let args = [
        "scan",
        "--offline",
        "--history",
        "h.sqlite",
        "--output",
        "report.json",
    ];
    let first = project.cmd(&args).output().unwrap();
    assert_eq!(first.status.code(), Some(1), "{first:?}");
    let report = std::fs::read(project.path("report.json")).unwrap();
    assert!(report.len() > 128 * 1024, "the report outgrows the limit");
    let before = names(project.dir.path());

    let output = with_file_limit(&project, 64, &args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_holds(
        &stderr,
        &["error: cannot write the report to report.json: File too large"],
    );
    assert_eq!(std::fs::read(project.path("report.json")).unwrap(), report);
    assert_eq!(names(project.dir.path()), before, "no temporary file left");
    // The reports come before the history: the run is not recorded.
    assert_eq!(runs(&project, "h.sqlite"), 1);
}

#[test]
fn a_full_disk_while_committing_the_history_keeps_its_runs_readable() {
    let project = big_project();
    let args = [
        "scan",
        "--offline",
        "--history",
        "h.sqlite",
        "--format",
        "json",
    ];
    let first = project.cmd(&args).output().unwrap();
    assert_eq!(first.status.code(), Some(1), "{first:?}");
    let store = std::fs::read(project.path("h.sqlite")).unwrap();

    // Room for the store as it is and SQLite's shared-memory index
    // (32 KiB), not for the night's run in its write-ahead log.
    let output = with_file_limit(&project, 40, &args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_holds(
        &stderr,
        &[
            "error: cannot record the run in h.sqlite: ",
            "(the disk is full or a file size limit was reached: free some room and run the scan again; tonight's run is not recorded, and the runs before it are as they were)",
        ],
    );
    // The report went out before the history was written.
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["totals"]["systems"], 2000, "{report}");
    // The transaction is gone whole: the store has its one run and reads.
    assert_eq!(std::fs::read(project.path("h.sqlite")).unwrap(), store);
    assert_eq!(runs(&project, "h.sqlite"), 1);
    let again = project.cmd(&args).output().unwrap();
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    assert_eq!(runs(&project, "h.sqlite"), 2);
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A history folder the scan's user may not write to (root ignores file
/// modes: as root the scan runs as `nobody`, through runuser, from a copy
/// of the binary that user can read). The scan stops before it probes:
/// the lock is the first thing it takes, and a night spent probing whose
/// run then cannot be recorded would leave a gap in every trend, found
/// only the next morning. Nothing is written, last night's report stays.
#[test]
fn a_read_only_history_folder_stops_the_scan_before_probing() {
    let project = Project::good();
    chmod(project.dir.path(), 0o755);
    let reports = project.path("reports");
    std::fs::create_dir(&reports).unwrap();
    chmod(&reports, 0o777);
    let args = [
        "scan",
        "--history",
        "history/h.sqlite",
        "--output",
        "reports/report.json",
    ];
    let first = project
        .cmd(&[&args[..], &["--offline"]].concat())
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(1), "{first:?}");
    let report = std::fs::read(reports.join("report.json")).unwrap();

    let root = is_root();
    let binary = tempfile::tempdir().unwrap();
    let copy = binary.path().join("cloudcensus");
    std::fs::copy(assert_cmd::cargo::cargo_bin("cloudcensus"), &copy).unwrap();
    chmod(binary.path(), 0o755);
    chmod(&copy, 0o755);
    let scan = project.process(&args);
    let mut command = if root {
        through(&["runuser", "-u", "nobody", "--"], &scan, Some(&copy))
    } else {
        let history = project.path("history");
        for name in names(&history) {
            chmod(&history.join(name), 0o400);
        }
        chmod(&history, 0o555);
        scan
    };
    // Online, against an endpoint no one would answer for: the error
    // comes first, so nothing is probed.
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_holds(
        &stderr,
        &["error: cannot open the run lock history/h.sqlite.lock: Permission denied"],
    );
    assert_eq!(std::fs::read(reports.join("report.json")).unwrap(), report);
    assert_eq!(names(&reports), ["report.json"]);
    chmod(&project.path("history"), 0o755);
    assert_eq!(runs(&project, "history/h.sqlite"), 1);
}

/// The store holds every system's findings and contacts: created for its
/// owner alone, with its lock, and SQLite gives its write-ahead log and
/// shared-memory index the same mode. A store that exists keeps its mode.
#[test]
fn the_history_store_is_created_readable_by_its_owner_only() {
    let project = Project::good();
    let scan = ["scan", "--offline", "--history", "h.sqlite"];
    let output = project.cmd(&scan).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let mode = |name: &str| {
        std::fs::metadata(project.path(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("h.sqlite"), 0o600);
    assert_eq!(mode("h.sqlite.lock"), 0o600);
    // A reader that holds the store open has its -wal and -shm files.
    let reader = rusqlite::Connection::open(project.path("h.sqlite")).unwrap();
    let runs: i64 = reader
        .query_row("SELECT count(*) FROM runs", [], |row| row.get(0))
        .unwrap();
    assert_eq!(runs, 1);
    assert_eq!(mode("h.sqlite-wal"), 0o600);
    assert_eq!(mode("h.sqlite-shm"), 0o600);
    drop(reader);

    chmod(&project.path("h.sqlite"), 0o640);
    let output = project.cmd(&scan).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(mode("h.sqlite"), 0o640, "an existing store keeps its mode");
}
