//! SIGINT and SIGTERM while a scan probes a server that never answers:
//! the scan stops within a second or two, says so on stderr in the
//! reader's language, exits 130 or 143 (the shell's convention), and
//! leaves last night's report and the history as they were, with no
//! temporary file behind.

use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::{Project, assert_holds};
use crate::servers::{HttpServer, Reply, Request};

/// A hang guard only: a stopped scan takes well under a second.
const HANG_GUARD: Duration = Duration::from_secs(20);

/// One agency whose one system's endpoint is `url`.
fn agency(url: &str) -> String {
    format!(
        "agency: {{ id: so-a, name: A, kind: department }}\nsystems:\n  - id: web\n    name: Web\n    criticality: low\n    hosting: {{ model: gov-cloud }}\n    endpoints:\n      - url: {url}\n"
    )
}

/// Waits for `condition`, failing the test past the hang guard.
fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(started.elapsed() < HANG_GUARD, "{what} within 20 s");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for `child` to end (failing past the hang guard), then gives its
/// exit code and stderr.
fn finish(mut child: Child) -> (i32, String) {
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!("the scan did not stop within 20 s of the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file of the project's top folder, by name.
fn files(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project.path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Scans against a server that reads each request and never answers,
/// sends `signal` once the request is in, and checks what the user sees
/// and what is left on disk.
fn stopped_by(signal: &str, lang: &str, code: i32, said: &str) {
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&requests);
    let silent = HttpServer::start(move |_: &Request| {
        seen.fetch_add(1, Ordering::SeqCst);
        Reply::Silence
    });
    let project = Project::good().file("inventories/so-a.yaml", agency(&silent.url("/")));
    let args = [
        "scan",
        "--history",
        "h.sqlite",
        "--output",
        "report.json",
        "--lang",
        lang,
    ];
    // Last night's run, offline: a report on disk and a run recorded.
    let first = project
        .cmd(&[&args[..], &["--offline"]].concat())
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let report = std::fs::read(project.path("report.json")).unwrap();
    let before = files(&project);

    let child = project
        .process(&[&args[..], &["--timeout", "300", "--retries", "0"]].concat())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the server sees the probe", || {
        requests.load(Ordering::SeqCst) > 0
    });
    let killed = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let (exit, stderr) = finish(child);

    assert_eq!(exit, code, "{stderr}");
    assert_holds(&stderr, &[said]);
    assert_eq!(
        std::fs::read(project.path("report.json")).unwrap(),
        report,
        "last night's report is untouched"
    );
    assert_eq!(files(&project), before, "no temporary file is left");
    let runs = project
        .cmd(&["runs", "--history", "h.sqlite"])
        .output()
        .unwrap();
    assert_eq!(runs.status.code(), Some(0), "{runs:?}");
    let listing = String::from_utf8_lossy(&runs.stdout);
    assert_eq!(
        listing.lines().filter(|l| l.contains("offline")).count(),
        1,
        "one run recorded, the first: {listing}"
    );
}

#[test]
fn sigint_mid_probe_stops_at_once_exits_130_and_keeps_everything() {
    stopped_by(
        "INT",
        "en",
        130,
        "error: stopped by SIGINT before writing anything: no report written and no run recorded; the previous reports and the history are as they were",
    );
}

#[test]
fn sigterm_mid_probe_stops_at_once_exits_143_in_vietnamese_too() {
    stopped_by(
        "TERM",
        "vi",
        143,
        "lỗi: đã dừng khi nhận tín hiệu SIGTERM, trước khi ghi kết quả",
    );
}
