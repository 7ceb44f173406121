//! A clock far in the past or the future: `--as-of` from 1970 to 9999
//! judges deadlines by that day (days left counted from it, negative once
//! past), runs recorded out of order are listed, trended and diffed in the
//! order they measured, and a day that cannot be is refused with a clear
//! error and exit 2. The system clock is moved too (libfaketime): a run
//! without `--as-of` is dated by it, and certificates are judged by it.

use serde_json::Value;

use crate::common::{Project, assert_holds, code_and_stderr};

fn scan(project: &Project, as_of: &str) -> Value {
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--history",
            "h.sqlite",
            "--as-of",
            as_of,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn as_of_1970_2100_and_9999_judge_the_deadline_from_that_day() {
    let project = Project::good();
    // The small policy's targets are due 2030-12-31.
    for (as_of, days_left) in [
        ("2100-01-01", -25_203),
        ("1970-01-01", 22_279),
        ("9999-12-31", -2_910_617),
    ] {
        let record = scan(&project, as_of);
        assert_eq!(record["as_of"], as_of);
        let target = &record["targets"][0];
        assert_eq!(target["deadline"], "2030-12-31");
        assert_eq!(target["days_left"], days_left, "{as_of}: {target}");
    }
    // Recorded 2100, 1970, 9999: listed, trended and diffed all the same.
    let runs = project
        .cmd(&["runs", "--history", "h.sqlite"])
        .output()
        .unwrap();
    assert_eq!(runs.status.code(), Some(0), "{runs:?}");
    let listing = String::from_utf8_lossy(&runs.stdout);
    assert_holds(
        &listing,
        &["as of 1970-01-01", "as of 2100-01-01", "as of 9999-12-31"],
    );
    for command in [&["trend"][..], &["diff"][..], &["report"][..]] {
        let output = project
            .cmd(&[command, &["--history", "h.sqlite"]].concat())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{command:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{command:?}: {stderr}");
    }
}

#[test]
fn a_day_that_cannot_be_is_refused_with_exit_2() {
    let project = Project::good();
    for (as_of, said) in [
        ("2026-02-30", "that day does not exist"),
        ("10000-01-01", "write it as YYYY-MM-DD"),
        ("yesterday", "write it as YYYY-MM-DD"),
        ("2026-13-01", "invalid date `2026-13-01`"),
    ] {
        let (code, stderr) =
            code_and_stderr(project.cmd(&["scan", "--offline", "--no-history", "--as-of", as_of]));
        assert_eq!(code, 2, "{as_of}: {stderr}");
        assert_holds(
            &stderr,
            &[
                &format!("invalid value '{as_of}' for '--as-of <DATE>'"),
                said,
            ],
        );
    }
}

/// Debian's libfaketime, which `.ci/run` installs: it makes the binary
/// (not the test's own servers) see another system time.
const LIBFAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

/// `args` run with the system clock set to `when` (timers keep the real
/// monotonic clock, as a machine whose wall clock is wrong does).
fn under_clock(project: &Project, when: &str, args: &[&str]) -> std::process::Output {
    assert!(
        std::path::Path::new(LIBFAKETIME).exists(),
        "libfaketime is missing: apt-get install libfaketime (.ci/run does)"
    );
    project
        .cmd(args)
        .env("LD_PRELOAD", LIBFAKETIME)
        .env("FAKETIME", format!("@{when}"))
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

/// A machine whose system clock says 2099 (a dead CMOS battery, a wrong
/// NTP server): without `--as-of` the run is dated that day and judged
/// from it, and a certificate valid today is a fact of expiry, not a
/// failed probe; one that says 1999 sees it as not yet valid.
#[test]
fn a_system_clock_in_2099_or_1999_dates_the_run_and_judges_certificates_by_it() {
    use crate::servers::{HttpsServer, Request, Response, TestCa, Validity, tls13};

    let project = Project::good();
    let output = under_clock(
        &project,
        "2099-06-01 12:00:00",
        &["scan", "--offline", "--no-history", "--format", "json"],
    );
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["as_of"], "2099-06-01", "{record:#}");
    // The small policy's targets were due 2030-12-31.
    let days_left = record["targets"][0]["days_left"].as_i64().unwrap();
    assert!(days_left < -24_000, "{days_left}");

    let ca = TestCa::root("cloudcensus clock test root");
    let site = HttpsServer::start(
        tls13(&ca.leaf(&["127.0.0.1"], Validity::days_left(200))),
        |_: &Request| Response::html("Cổng thông tin").into(),
    );
    std::fs::write(project.path("ca.pem"), ca.pem()).unwrap();
    let url = site.url("127.0.0.1", "/");
    for (when, problem) in [
        ("2099-06-01 12:00:00", "expired"),
        ("1999-06-01 12:00:00", "not-yet-valid"),
    ] {
        let output = under_clock(
            &project,
            when,
            &[
                "probe",
                &url,
                "--ca-file",
                "ca.pem",
                "--format",
                "json",
                "--retries",
                "0",
            ],
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let facts: Value =
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{output:?}"));
        let facts = &facts[0];
        assert_eq!(facts["reachable"], true, "{when}: {facts:#}");
        assert_eq!(facts["status"], 200, "{when}: {facts:#}");
        assert_eq!(facts["cert"]["valid"], false, "{when}: {facts:#}");
        assert_eq!(facts["cert"]["problem"], problem, "{when}: {facts:#}");
    }
}
