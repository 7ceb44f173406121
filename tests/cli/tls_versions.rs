//! Issue 13: which protocol versions a server accepts, legacy servers seen
//! rather than lost, and weak certificates named rather than failing the
//! probe, against OpenSSL's `s_server` (the peers rustls cannot be) with
//! certificates `openssl` makes. A missing `openssl` fails these tests.

use serde_json::json;

use crate::common::{Project, scan_outcomes, with_shipped_web_rules};
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
    probe_full(&server, &pki)
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
    // (static RSA: no key exchange of the server's own to report)
    facts.expect(
        "/tls/suites",
        json!([
            suite("TLS_RSA_WITH_AES_128_CBC_SHA"),
            suite("TLS_RSA_WITH_AES_256_CBC_SHA")
        ]),
    );
    facts.expect("/tls/suites_complete", true);
    facts.expect("/tls/accepts_weak_suites", false);
    facts.expect("/tls/tls12_forward_secrecy_aead", false);
    // Static RSA with CBC is in Mozilla's old profile, not intermediate.
    facts.expect("/tls/mozilla/profile", "old");
    facts.expect(
        "/tls/mozilla/gaps",
        json!([
            {"criterion": "suite", "found": "TLS_RSA_WITH_AES_128_CBC_SHA"},
            {"criterion": "suite", "found": "TLS_RSA_WITH_AES_256_CBC_SHA"}
        ]),
    );
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
    facts.expect("/cert/weak_key", true);
    assert!(facts.text("/cert/problem_reason").contains("RSA 1024 bits"));
    facts.expect("/tls/mozilla/profile", "none");
    let gaps = facts.get("/tls/mozilla/gaps").cloned().unwrap_or_default();
    let key_gap = json!({"criterion": "key-size", "found": "rsa 1024"});
    assert!(
        gaps.as_array().is_some_and(|g| g.contains(&key_gap)),
        "{gaps:#}"
    );
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
    facts.expect("/cert/weak_signature", "sha1WithRSAEncryption");
    facts.expect("/cert/weak_key", false);
    facts.expect("/cert/chain_signatures/0", "sha1WithRSAEncryption");
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
    let outcome = scan_outcomes(&project, &["--ca-file", &pki.ca_file()]);
    assert_eq!(outcome("WEB-STATUS"), "unknown");
    assert_eq!(outcome("TLS-LEGACY-ONLY"), "fail");
    assert_eq!(outcome("TLS-NO-1-0"), "fail");
    assert_eq!(outcome("CERT-DAYS"), "pass");
}

/// Probes at `probe`'s default depth (full), trusting `pki`'s CA.
fn probe_full(server: &OpensslServer, pki: &OpensslPki) -> Facts {
    probe_one(
        &Project::new(),
        &[&server.url(), "--ca-file", &pki.ca_file()],
    )
}

/// Probes with `--tls-depth quick`, what `scan` does every night.
fn probe_quick(server: &OpensslServer, pki: &OpensslPki) -> Facts {
    probe_one(
        &Project::new(),
        &[
            &server.url(),
            "--ca-file",
            &pki.ca_file(),
            "--tls-depth",
            "quick",
        ],
    )
}

/// A server set up as Mozilla's intermediate profile says (TLS 1.2 with
/// ECDHE and AES-GCM, and TLS 1.3) is judged intermediate at both depths.
/// At quick depth TLS 1.2 is learnt from the hello offering every other
/// suite, which the server refuses for its suites, not its version.
#[test]
fn issue_13_an_intermediate_server_is_judged_intermediate_at_both_depths() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha256");
    let args = [
        "-no_tls1",
        "-no_tls1_1",
        "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
    ];
    let server = OpensslServer::start(&certificate, &key, &args);
    let quick = probe_quick(&server, &pki);
    versions(&quick, &["1.2", "1.3"]);
    quick.expect("/tls/accepts_weak_suites", false);
    quick.expect("/tls/tls12_forward_secrecy_aead", true);
    quick.expect("/tls/mozilla/profile", "intermediate");
    quick.expect(
        "/tls/mozilla/gaps",
        json!([
            {"criterion": "version", "found": "1.2"},
            {"criterion": "certificate-type", "found": "rsa"},
            {"criterion": "signature", "found": "sha256WithRSAEncryption"}
        ]),
    );
    // Nobody asked a DHE suite for its prime at quick depth.
    quick.expect("/tls/mozilla/unchecked", json!(["dh-size"]));
    let full = probe_full(&server, &pki);
    versions(&full, &["1.2", "1.3"]);
    full.expect("/tls/mozilla/profile", "intermediate");
    full.absent("/tls/mozilla/unchecked");
    let suites = full.get("/tls/suites").cloned().unwrap_or_default();
    let tls12: Vec<&serde_json::Value> = suites
        .as_array()
        .map(|s| s.iter().filter(|s| s["version"] == "1.2").collect())
        .unwrap_or_default();
    assert_eq!(tls12.len(), 2, "{suites:#}");
    // Each ECDHE suite with the group its key exchange used.
    assert!(tls12.iter().all(|s| s["group"] == "X25519"), "{suites:#}");
}

/// A server of TLS 1.3 alone refuses the quick depth's TLS 1.2 hello for
/// its version (`protocol_version`), so TLS 1.2 is refused, not unknown.
#[test]
fn issue_13_quick_depth_sees_a_tls_1_3_only_server_refuse_tls_1_2() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha256");
    let server = OpensslServer::start(&certificate, &key, &["-tls1_3"]);
    let facts = probe_quick(&server, &pki);
    versions(&facts, &["1.3"]);
    facts.expect("/tls/accepts_legacy", false);
    facts.expect("/tls/accepts_weak_suites", false);
    facts.absent("/tls/tls12_forward_secrecy_aead");
    facts.expect("/tls/mozilla/profile", "intermediate");
    facts.absent("/tls/mozilla/unchecked");
}

/// OpenSSL's DEFAULT with every version: `old` at quick depth (its TLS
/// 1.0 and 1.1 and a CBC suite keep it from intermediate), and at full
/// depth not even that: its DHE suites with CBC are outside `old`'s list.
/// Each DHE suite gives its prime's size.
#[test]
fn issue_13_the_profile_of_a_server_of_every_version() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha256");
    let server = OpensslServer::start(&certificate, &key, &["-cipher", LEGACY]);
    let quick = probe_quick(&server, &pki);
    quick.expect("/tls/mozilla/profile", "old");
    quick.expect(
        "/tls/mozilla/gaps/0",
        json!({"criterion": "version", "found": "1.0"}),
    );
    quick.expect(
        "/tls/mozilla/gaps/1",
        json!({"criterion": "version", "found": "1.1"}),
    );
    quick.expect("/tls/mozilla/gaps/2/criterion", "suite");
    quick.expect("/tls/tls12_forward_secrecy_aead", true);
    let full = probe_full(&server, &pki);
    full.expect("/tls/mozilla/profile", "none");
    full.expect(
        "/tls/mozilla/gaps/0",
        json!({"criterion": "suite", "found": "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"}),
    );
    full.expect("/tls/dh_bits", 2048);
    let suites = full.get("/tls/suites").cloned().unwrap_or_default();
    assert!(
        suites
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["dh_bits"] == 2048)),
        "{suites:#}"
    );
}

/// A DHE-only server with a 1,024-bit prime (rustls speaks no DHE, so it
/// is seen through its first flight): the prime is read from its
/// ServerKeyExchange at both depths, and keeps it from intermediate.
#[test]
fn issue_13_a_1024_bit_dh_prime_is_seen_and_named() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha256");
    let dh = pki.dh_1024();
    let args = [
        "-tls1_2",
        "-cipher",
        "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0",
        "-dhparam",
        &dh,
    ];
    let server = OpensslServer::start(&certificate, &key, &args);
    for facts in [probe_quick(&server, &pki), probe_full(&server, &pki)] {
        versions(&facts, &["1.2"]);
        facts.expect("/tls/legacy_only", true);
        facts.expect("/tls/cipher", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        facts.expect("/tls/dh_bits", 1024);
        facts.expect("/tls/tls12_forward_secrecy_aead", true);
        facts.expect("/tls/mozilla/profile", "old");
        facts.expect(
            "/tls/mozilla/gaps",
            json!([{"criterion": "dh-size", "found": "1024"}]),
        );
    }
}

/// The default pack's TLS rules judge what the sweep saw, in a scan: a
/// server of every version with a SHA-1 leaf fails the legacy-version,
/// strength and profile rules, passes the weak-suite and TLS 1.2 ones.
#[test]
fn issue_13_the_default_packs_tls_rules_judge_a_scan() {
    let pki = OpensslPki::new();
    let (certificate, key) = pki.leaf("leaf", 2048, "sha1");
    let server = OpensslServer::start(&certificate, &key, &["-cipher", LEGACY]);
    let inventory = format!(
        "\
agency:
  id: so-tls
  name: TLS agency
  kind: department
systems:
  - id: portal
    name: Portal
    criticality: high
    lifecycle: production
    hosting:
      model: gov-cloud
      provider: vnpt
    endpoints:
      - url: {}
",
        server.url()
    );
    let project = with_shipped_web_rules(Project::new().file("inventories/so-tls.yaml", inventory));
    let outcome = scan_outcomes(&project, &["--ca-file", &pki.ca_file()]);
    assert_eq!(outcome("TLS-001"), "fail", "accepts TLS 1.0 and 1.1");
    assert_eq!(outcome("TLS-004"), "pass", "no weak suite");
    assert_eq!(outcome("TLS-005"), "pass", "ECDHE with AES-GCM at TLS 1.2");
    assert_eq!(outcome("TLS-006"), "fail", "SHA-1 signature");
    assert_eq!(outcome("TLS-007"), "fail", "old at best");
}
