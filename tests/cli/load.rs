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

/// The benchmark server, started inside the test (see its module doc).
#[path = "../../examples/probe_bench.rs"]
#[allow(dead_code, reason = "the example's `main` and CLI-only parts")]
mod probe_bench;

/// Endpoints in the soak, sized for CI (a few seconds in a debug build);
/// `CLOUDCENSUS_SOAK_ENDPOINTS=100000` for the full one (BENCHMARKS.md,
/// "Soak").
const SOAK_DEFAULT_ENDPOINTS: usize = 4_000;
/// The soak's settings: the scan's concurrency and per-host limit, the
/// probe deadline (s), the server's latency (ms), endpoints per address,
/// and the percent of each hostile kind.
const SOAK_CONCURRENCY: usize = 1024;
const SOAK_PER_HOST: u64 = 2;
const SOAK_TIMEOUT_S: f64 = 2.0;
const SOAK_LATENCY_MS: f64 = 50.0;
const SOAK_PER_ADDRESS: usize = 8;
const SOAK_SILENT: usize = 4;
const SOAK_TRICKLE: usize = 4;
const SOAK_RESET: usize = 4;

/// Runs `command` to its end and gives its exit code and peak resident
/// memory in KiB, from the kernel's accounting of that child alone.
fn run_measured(mut command: std::process::Command) -> (i32, u64) {
    let child = command.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct.
    #[allow(unsafe_code, reason = "wait4 is C; the calls say why they are sound")]
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing only into the two values
    // we own; `child` is never waited for again (it is forgotten).
    #[allow(unsafe_code, reason = "wait4 is C; the calls say why they are sound")]
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    assert_eq!(waited, pid, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss as u64)
}

/// 100,000 endpoints in one scan at C = 1,024 (by default a CI-sized
/// share of them, see SOAK_DEFAULT_ENDPOINTS), 12% of them hostile:
/// silent, trickling and resetting. Every endpoint gets exactly one
/// result, of the class its behaviour calls for; the per-host limit holds
/// on every address. Wall time against the deadline arithmetic and peak
/// memory are printed (`--nocapture`), not asserted: a test does not
/// time itself on a shared machine.
#[test]
fn soak_of_hostile_endpoints_at_a_thousand_in_flight() {
    let count: usize = std::env::var("CLOUDCENSUS_SOAK_ENDPOINTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(SOAK_DEFAULT_ENDPOINTS);
    // The server's listeners (one per address) live in this process.
    cloudcensus::open_files::raise_to_hard();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench");
    let text = |n: usize| n.to_string();
    let running = probe_bench::start_with(&[
        "--count",
        &text(count),
        "--per-address",
        &text(SOAK_PER_ADDRESS),
        "--silent",
        &text(SOAK_SILENT),
        "--trickle",
        &text(SOAK_TRICKLE),
        "--reset",
        &text(SOAK_RESET),
        "--latency-ms",
        &(SOAK_LATENCY_MS as u64).to_string(),
        "--bind",
        "per-address",
        "--out",
        out.to_str().unwrap(),
    ])
    .unwrap();

    let record = dir.path().join("record.json");
    // CLOUDCENSUS_SOAK_BIN: another build to soak (a release binary from
    // a debug test run, see BENCHMARKS.md).
    let binary = std::env::var_os("CLOUDCENSUS_SOAK_BIN")
        .map_or_else(|| assert_cmd::cargo::cargo_bin("cloudcensus"), Into::into);
    let mut scan = std::process::Command::new(binary);
    scan.current_dir(dir.path())
        .env("XDG_DATA_HOME", dir.path().join(".data"))
        .env("XDG_CONFIG_HOME", dir.path().join(".config"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .arg("scan")
        .arg(out.join("inventory"))
        .arg("--policies")
        .arg(crate::common::repo_root().join("policies"))
        .args(["--no-history", "--quiet", "--format", "json", "--output"])
        .arg(&record)
        .args(["--concurrency", &text(SOAK_CONCURRENCY)])
        .args(["--per-host", &SOAK_PER_HOST.to_string()])
        .args(["--timeout", &SOAK_TIMEOUT_S.to_string()])
        // One attempt each, as benches/probe.sh: a reset costs nothing,
        // and every endpoint's class is its behaviour's alone.
        .args(["--retries", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("stderr")).unwrap());
    let started = std::time::Instant::now();
    let (code, peak_kib) = run_measured(scan);
    let wall = started.elapsed().as_secs_f64();
    let stderr = std::fs::read_to_string(dir.path().join("stderr")).unwrap();
    assert_eq!(code, 1, "findings, not a broken run: {stderr}");

    // Exactly one result per endpoint, each of the class its behaviour
    // calls for.
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    let probes = record["probes"].as_array().unwrap();
    assert_eq!(probes.len(), count, "one result per endpoint");
    let mut by_url = std::collections::HashMap::new();
    for probe in probes {
        let url = probe["url"].as_str().unwrap().to_string();
        assert!(by_url.insert(url, probe).is_none(), "an endpoint twice");
    }
    let mut kinds = std::collections::BTreeMap::new();
    for (index, url) in running.urls.iter().enumerate() {
        let probe = by_url
            .get(url)
            .unwrap_or_else(|| panic!("no result for {url}"));
        let bucket = index * 37 % 100;
        let (kind, expected) = if bucket < SOAK_SILENT {
            ("silent", Some("timeout"))
        } else if bucket < SOAK_SILENT + SOAK_TRICKLE {
            ("trickle", Some("timeout"))
        } else if bucket < SOAK_SILENT + SOAK_TRICKLE + SOAK_RESET {
            ("reset", Some("http"))
        } else {
            ("answer", None)
        };
        assert_eq!(
            probe["error"].as_str(),
            expected,
            "{kind} endpoint {url}: {}",
            probe["error_message"]
        );
        if expected.is_none() {
            assert_eq!(probe["status"], 200, "{url}");
        }
        *kinds.entry(kind).or_insert(0usize) += 1;
    }

    // The per-host limit on every address.
    let stats = running.server.stats.json();
    let peak_per_host = stats["peak_in_flight_per_address"].as_u64().unwrap();
    assert!(
        (1..=SOAK_PER_HOST).contains(&peak_per_host),
        "at most {SOAK_PER_HOST} requests in progress per address: {stats:#}"
    );
    for kind in ["silent_requests", "trickled_requests", "reset_requests"] {
        assert!(stats[kind].as_u64().unwrap() > 0, "{kind}: {stats:#}");
    }

    // The deadline arithmetic: C slots, each answering endpoint holding
    // one for L, each silent or trickling one for the deadline T, a reset
    // one for next to nothing; the last probe started may take T.
    let slot_seconds = kinds["answer"] as f64 * SOAK_LATENCY_MS / 1000.0
        + (kinds["silent"] + kinds["trickle"]) as f64 * SOAK_TIMEOUT_S;
    let bound = slot_seconds / SOAK_CONCURRENCY as f64 + SOAK_TIMEOUT_S;
    println!(
        "SOAK endpoints={count} kinds={kinds:?} concurrency={SOAK_CONCURRENCY} \
         per_host={SOAK_PER_HOST} timeout_s={SOAK_TIMEOUT_S} wall_s={wall:.2} \
         bound_s={bound:.2} ratio={:.2} peak_rss_mib={:.1} peak_per_host={peak_per_host} \
         results={} server={stats}",
        wall / bound,
        peak_kib as f64 / 1024.0,
        probes.len(),
    );
}
