//! A clock far in the past or the future: `--as-of` from 1970 to 9999
//! judges deadlines by that day (days left counted from it, negative once
//! past), runs recorded out of order are listed, trended and diffed in the
//! order they measured, and a day that cannot be is refused with a clear
//! error and exit 2.

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
