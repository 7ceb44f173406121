//! Load: the open-file limit a scan at high concurrency needs (raised to
//! the hard limit at start-up, a warning when even that is too low), and
//! the soak of `examples/probe_bench.rs` (see `soak`).

use crate::common::{Project, english};

/// One system with one endpoint on a closed loopback port: probing it is
/// instant, and the scan is online.
const ONE_ENDPOINT: &str = "\
agency: { id: so-a, name: A, kind: department }
systems:
  - id: s
    name: S
    criticality: low
    hosting: { model: on-premises }
    endpoints:
      - url: tcp://127.0.0.1:9
";

/// `cloudcensus scan --concurrency C` under `ulimit -Sn SOFT -Hn HARD`;
/// gives stderr.
fn scan_under_limits(soft: &str, hard: &str, concurrency: &str, lang: &str) -> String {
    let project = Project::new().file("inventories/a.yaml", ONE_ENDPOINT);
    let binary = assert_cmd::cargo::cargo_bin("cloudcensus");
    let script = format!(
        "ulimit -Sn {soft} && ulimit -Hn {hard} && exec \"$0\" scan --no-history \
         --concurrency {concurrency} --lang {lang} --format json --output /dev/null"
    );
    let mut command = english(assert_cmd::Command::new("sh"));
    command
        .current_dir(project.dir.path())
        .env("XDG_DATA_HOME", project.path(".data"))
        .env("XDG_CONFIG_HOME", project.path(".config"))
        .args(["-c", &script])
        .arg(binary);
    let output = command.output().unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_hard_limit_too_low_for_the_concurrency_is_said_with_the_fix() {
    let stderr = scan_under_limits("600", "600", "1024", "en");
    assert!(
        stderr.contains(
            "warning: at most 600 files may be open at once (hard limit 600), and \
             --concurrency 1024 needs about 8256"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("hint: raise the hard limit"), "{stderr}");
    let stderr = scan_under_limits("600", "600", "1024", "vi");
    assert!(
        stderr.contains("cảnh báo: chỉ được mở tối đa 600 tệp cùng lúc"),
        "{stderr}"
    );
}

#[test]
fn a_low_soft_limit_is_raised_to_the_hard_one_without_a_word() {
    // 256 open files are too few for 64 probes (576), 4096 are enough:
    // the scan raises its soft limit itself and says nothing.
    let stderr = scan_under_limits("256", "4096", "64", "en");
    assert!(!stderr.contains("files may be open"), "{stderr}");
}
