//! Issue 13: which protocol versions a server accepts, legacy servers seen
//! rather than lost, and weak certificates named rather than failing the
//! probe, against OpenSSL's `s_server` (the peers rustls cannot be) with
//! certificates `openssl` makes. A missing `openssl` fails these tests.

use serde_json::json;

use crate::common::Project;
use crate::probe::{Facts, probe_one};
use crate::servers::{OpensslPki, OpensslServer};

/// What legacy versions need of Debian's OpenSSL 3 (see [`OpensslServer`]).
const LEGACY: &str = "DEFAULT:@SECLEVEL=0";

/// Probes an s_server with `args` and a leaf of an RSA key of `bits`
/// signed with `digest` by a CA made for the test, which the probe trusts.
fn probe_openssl(bits: u32, digest: &str, args: &[&str]) -> Facts {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", bits, digest);
    let server = OpensslServer::start(&certificate, &key, args);
    probe_one(
        &Project::new(),
        &[&server.url(), "--ca-file", &pki.ca_file()],
    )
}

#[track_caller]
fn versions(facts: &Facts, expected: &[&str]) {
    facts.expect("/tls/versions", json!(expected));
    for version in ["ssl3", "1.0", "1.1", "1.2", "1.3"] {
        let verdict = if expected.contains(&version) {
            "accepted"
        } else {
            "refused"
        };
        facts.expect(&format!("/tls/version_checks/{version}"), verdict);
    }
}

/// A legacy-only server is reachable, with its version, suite and a
/// certificate read from the first flight; what needs a finished handshake
/// is absent (so its rules are `unknown`).
#[track_caller]
fn legacy_only(facts: &Facts, version: &str) {
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/tls/legacy_only", true);
    facts.expect("/tls/version", version);
    facts.expect("/tls/accepts_legacy", version != "1.2");
    facts.absent("/status");
    facts.absent("/hsts");
    facts.absent("/title");
    facts.expect("/cert/valid", true);
    facts.expect("/cert/sans", json!(["127.0.0.1"]));
    facts.expect("/cert/key_type", "rsa");
    facts.expect("/cert/key_bits", 2048);
    assert!(facts.int("/cert/days_left") >= 28, "{:#}", facts.0);
}

#[test]
fn issue_13_tls_1_0_only_server_is_reachable_over_tls_1_0() {
    let facts = probe_openssl(2048, "sha256", &["-tls1", "-cipher", LEGACY]);
    versions(&facts, &["1.0"]);
    legacy_only(&facts, "1.0");
    facts.expect("/tls/cipher", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
}

#[test]
fn issue_13_tls_1_1_only_server_is_reachable_over_tls_1_1() {
    let facts = probe_openssl(2048, "sha256", &["-tls1_1", "-cipher", LEGACY]);
    versions(&facts, &["1.1"]);
    legacy_only(&facts, "1.1");
}

#[test]
fn issue_13_a_server_of_every_version_lists_them_all() {
    let facts = probe_openssl(2048, "sha256", &["-cipher", LEGACY]);
    versions(&facts, &["1.0", "1.1", "1.2", "1.3"]);
    facts.expect("/tls/accepts_legacy", true);
    facts.expect("/tls/accepts_weak_suites", false);
    facts.absent("/tls/weak_suite");
    facts.expect("/tls/legacy_only", false);
    facts.expect("/tls/version", "1.3");
    facts.expect("/status", 200);
    facts.expect("/cert/valid", true);
}

#[test]
fn issue_13_tls_1_3_only_server_accepts_no_legacy_version() {
    let facts = probe_openssl(2048, "sha256", &["-tls1_3"]);
    versions(&facts, &["1.3"]);
    facts.expect("/tls/accepts_legacy", false);
    facts.expect("/tls/accepts_weak_suites", false);
    facts.expect("/tls/legacy_only", false);
    facts.expect("/status", 200);
}

/// RSA key exchange with CBC only: suites rustls lacks, so no modern
/// handshake, and the server is still seen over TLS 1.2.
#[test]
fn issue_13_static_rsa_cbc_server_is_reachable_over_its_suite() {
    let facts = probe_openssl(
        2048,
        "sha256",
        &["-tls1_2", "-cipher", "AES128-SHA:AES256-SHA"],
    );
    versions(&facts, &["1.2"]);
    legacy_only(&facts, "1.2");
    facts.expect("/tls/cipher", "TLS_RSA_WITH_AES_128_CBC_SHA");
    // `probe` goes to full depth: each suite, classed.
    let suite = |name: &str| json!({"version": "1.2", "name": name, "forward_secrecy": false, "aead": false, "weak": false});
    facts.expect(
        "/tls/suites",
        json!([
            suite("TLS_RSA_WITH_AES_128_CBC_SHA"),
            suite("TLS_RSA_WITH_AES_256_CBC_SHA")
        ]),
    );
    facts.expect("/tls/suites_complete", true);
    facts.expect("/tls/accepts_weak_suites", false);
}

/// Full depth lists every suite of every version, as sslyze 6 does for the
/// same server (checked by hand: the same 6 + 6 + 20 + 3 suites).
#[test]
fn issue_13_full_depth_lists_every_suite_of_every_version() {
    let facts = probe_openssl(2048, "sha256", &["-cipher", LEGACY]);
    let suites = facts
        .get("/tls/suites")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    let count = |version: &str| suites.iter().filter(|s| s["version"] == version).count();
    assert_eq!(
        [count("1.0"), count("1.1"), count("1.2"), count("1.3")],
        [6, 6, 20, 3],
        "{:#}",
        facts.0
    );
    let names_13: Vec<&str> = suites
        .iter()
        .filter(|s| s["version"] == "1.3")
        .filter_map(|s| s["name"].as_str())
        .collect();
    let mut sorted = names_13.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "TLS13_AES_128_GCM_SHA256",
            "TLS13_AES_256_GCM_SHA384",
            "TLS13_CHACHA20_POLY1305_SHA256"
        ]
    );
    assert!(suites.iter().all(|s| s["weak"] == false));
    facts.expect("/tls/suites_complete", true);
}

/// Quick depth (what `scan` does every night) learns the versions and the
/// weak classes, not the suites.
#[test]
fn issue_13_quick_depth_leaves_the_suites_out() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha256");
    let server = OpensslServer::start(&certificate, &key, &["-cipher", LEGACY]);
    let facts = probe_one(
        &Project::new(),
        &[
            &server.url(),
            "--ca-file",
            &pki.ca_file(),
            "--tls-depth",
            "quick",
        ],
    );
    versions(&facts, &["1.0", "1.1", "1.2", "1.3"]);
    facts.expect("/tls/accepts_weak_suites", false);
    facts.absent("/tls/suites");
    // At quick depth one hello asks for the three legacy versions at once:
    // a server of 1.2 and 1.0 answers it with 1.0, and 1.1 is refused.
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha256");
    let args = ["-no_tls1_1", "-no_tls1_3", "-cipher", LEGACY];
    let server = OpensslServer::start(&certificate, &key, &args);
    let facts = probe_one(
        &Project::new(),
        &[
            &server.url(),
            "--ca-file",
            &pki.ca_file(),
            "--tls-depth",
            "quick",
        ],
    );
    versions(&facts, &["1.0", "1.2"]);
    facts.expect("/tls/accepts_legacy", true);
    facts.expect("/tls/accepts_weak_suites", false);
}

/// A NULL suite (no encryption) among the ones offered is a weak suite,
/// found with one more hello offering only weak ones.
#[test]
fn issue_13_a_server_accepting_a_null_suite_accepts_a_weak_suite() {
    let facts = probe_openssl(
        2048,
        "sha256",
        &[
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES128-GCM-SHA256:NULL-SHA256:@SECLEVEL=0",
        ],
    );
    versions(&facts, &["1.2"]);
    facts.expect("/tls/legacy_only", false);
    facts.expect("/tls/accepts_weak_suites", true);
    facts.expect("/tls/weak_suite", "TLS_RSA_WITH_NULL_SHA256");
}

/// A 1024-bit RSA leaf fails the handshake's signature check; the site is
/// still fetched and the certificate named `weak-key`.
#[test]
fn issue_13_a_1024_bit_rsa_leaf_is_a_weak_key_not_a_failed_probe() {
    let facts = probe_openssl(1024, "sha256", &["-cipher", LEGACY]);
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/cert/key_bits", 1024);
    facts.expect("/cert/chain_valid", true);
    facts.expect("/cert/valid", false);
    facts.expect("/cert/problem", "weak-key");
    assert!(facts.text("/cert/problem_reason").contains("RSA 1024 bits"));
}

#[test]
fn issue_13_a_sha1_signed_leaf_is_a_weak_signature() {
    let facts = probe_openssl(2048, "sha1", &["-cipher", LEGACY]);
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/cert/signature_algorithm", "sha1WithRSAEncryption");
    facts.expect("/cert/valid", false);
    facts.expect("/cert/problem", "weak-signature");
    assert!(
        facts
            .text("/cert/problem_reason")
            .contains("sha1WithRSAEncryption")
    );
}

/// `openssl req -x509`, served over TLS 1.0 only: self-signed, and seen.
#[test]
fn issue_13_a_self_signed_legacy_server_is_seen_with_its_certificate() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.self_signed();
    let server = OpensslServer::start(&certificate, &key, &["-tls1", "-cipher", LEGACY]);
    let facts = probe_one(&Project::new(), &[&server.url()]);
    versions(&facts, &["1.0"]);
    facts.expect("/reachable", true);
    facts.expect("/tls/legacy_only", true);
    facts.expect("/cert/self_signed", true);
    facts.expect("/cert/problem", "self-signed");
}

/// In a scan, a legacy-only server's facts feed the rules: one reading the
/// HTTP status is `unknown` (no finished handshake), one reading
/// `legacy_only` fails, one reading the certificate passes.
#[test]
fn issue_13_rules_judge_a_legacy_only_server_from_what_was_seen() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha256");
    let server = OpensslServer::start(&certificate, &key, &["-tls1", "-cipher", LEGACY]);
    let inventory = format!(
        "\
agency:
  id: so-legacy
  name: Legacy agency
  kind: department
systems:
  - id: old-portal
    name: Old portal
    criticality: high
    hosting:
      model: gov-cloud
      provider: vnpt
    endpoints:
      - url: {}
",
        server.url()
    );
    let policy = "\
policy:
  id: legacy-tls
  title: Legacy TLS
rules:
  - id: WEB-STATUS
    title: The site answers
    severity: low
    each: endpoint
    check: probe.status == 200
  - id: TLS-LEGACY-ONLY
    title: Not legacy TLS only
    severity: low
    each: endpoint
    check: '!probe.tls.legacy_only'
  - id: TLS-NO-1-0
    title: No TLS 1.0
    severity: low
    each: endpoint
    check: '!(\"1.0\" in probe.tls.versions)'
  - id: CERT-DAYS
    title: Certificate valid 14 days
    severity: low
    each: endpoint
    check: probe.cert.days_left >= 14
";
    let project = Project::new()
        .file("inventories/so-legacy.yaml", inventory)
        .file("policies/test.yaml", policy);
    let output = project
        .cmd(&["scan", "--format", "json", "--ca-file", &pki.ca_file()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let scan: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    let outcome = |rule: &str| {
        let rules = scan["rules"].as_array().expect("rules");
        let rule = rules.iter().find(|r| r["id"] == rule).expect("the rule");
        let outcomes = &rule["outcomes"];
        ["pass", "fail", "unknown"]
            .into_iter()
            .find(|o| outcomes[o] == 1)
            .unwrap_or_else(|| panic!("{outcomes}"))
    };
    assert_eq!(outcome("WEB-STATUS"), "unknown", "{stdout}");
    assert_eq!(outcome("TLS-LEGACY-ONLY"), "fail", "{stdout}");
    assert_eq!(outcome("TLS-NO-1-0"), "fail", "{stdout}");
    assert_eq!(outcome("CERT-DAYS"), "pass", "{stdout}");
}
