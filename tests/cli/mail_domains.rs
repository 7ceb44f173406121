//! `probe --mail-domain` against a test DNS server holding three mail
//! domains (everything right; SPF `~all`, DMARC p=none and an MX without
//! STARTTLS; nothing at all) and SMTP servers on port 25 of two loopback
//! addresses, one offering STARTTLS with a certificate from the test CA.
//!
//! (`mail.rs` is the other mail: the reports `scan --email-to` sends.)

use std::net::{IpAddr, Ipv4Addr};

use serde_json::{Value, json};

use crate::common::Project;
use crate::probe::Facts;
use crate::servers::{DnsServer, MxServer, TLS13_CIPHER, TestCa, Validity, Zone, tls13};

/// The domains' DNS. Each test puts its MX hosts on addresses of its own,
/// so that tests running at once do not fight over port 25.
fn mail_zone(good_mx: Ipv4Addr, weak_mx: Ipv4Addr) -> Zone {
    Zone::new()
        .mx("good.test", 10, "mx.good.test")
        .a("mx.good.test", good_mx)
        .txt("good.test", &["v=spf1 mx include:_spf.good.test -all"])
        .txt("good.test", &["google-site-verification=abc"])
        // Two character strings, joined by a reader.
        .txt("_spf.good.test", &["v=spf1 ip4:192.0.2.0/24 ", "-all"])
        .txt(
            "_dmarc.good.test",
            &["v=DMARC1; p=reject; sp=reject; pct=100; rua=mailto:dmarc@good.test"],
        )
        .txt("_mta-sts.good.test", &["v=STSv1; id=20260101"])
        .txt(
            "_smtp._tls.good.test",
            &["v=TLSRPTv1; rua=mailto:tls@good.test"],
        )
        .mx("weak.test", 10, "mx.weak.test")
        .a("mx.weak.test", weak_mx)
        .txt("weak.test", &["v=spf1 a mx ~all"])
        .txt("_dmarc.weak.test", &["v=DMARC1; p=none"])
        .a("bare.test", Ipv4Addr::new(127, 0, 0, 9))
        .mx("nomail.test", 0, ".")
        .servfail("_dmarc.broken.test")
        .a("broken.test", Ipv4Addr::new(127, 0, 0, 9))
        // One MX host whose address lookup fails, one that does not exist.
        .mx("broken.test", 10, "mx.broken.test")
        .servfail("mx.broken.test")
        .mx("broken.test", 20, "gone.broken.test")
}

/// The servers of one test: DNS, the two MX hosts, the CA to trust.
pub struct MailWorld {
    pub dns: DnsServer,
    pub project: Project,
    pub ca_path: String,
    _good: MxServer,
    _weak: MxServer,
}

impl MailWorld {
    pub fn start(good_mx: Ipv4Addr, weak_mx: Ipv4Addr) -> Self {
        let ca = TestCa::root("CloudCensus Mail Test Root");
        let leaf = ca.leaf(&["mx.good.test"], Validity::days_left(90));
        let good = MxServer::start_on(IpAddr::V4(good_mx), Some(tls13(&leaf)));
        let weak = MxServer::start_on(IpAddr::V4(weak_mx), None);
        let project = Project::new();
        let ca_path = project.path("ca.pem");
        std::fs::write(&ca_path, ca.pem()).unwrap();
        MailWorld {
            dns: DnsServer::start(mail_zone(good_mx, weak_mx)),
            project,
            ca_path: ca_path.display().to_string(),
            _good: good,
            _weak: weak,
        }
    }

    /// `probe --mail-domain D... --resolver ... --ca-file ... EXTRA`.
    fn probe(&self, domains: &[&str], extra: &[&str]) -> std::process::Output {
        let resolver = self.dns.resolver();
        let mut args: Vec<&str> =
            vec!["probe", "--resolver", &resolver, "--ca-file", &self.ca_path];
        for domain in domains {
            args.extend(["--mail-domain", domain]);
        }
        args.extend(extra);
        self.project.cmd(&args).output().unwrap()
    }

    fn facts(&self, domains: &[&str]) -> Vec<Facts> {
        let output = self.probe(domains, &["--format", "json"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let all: Value = serde_json::from_slice(&output.stdout).unwrap();
        all.as_array().unwrap().iter().cloned().map(Facts).collect()
    }
}

#[test]
fn mail_domain_facts_are_exact_for_the_three_domains() {
    let world = MailWorld::start(Ipv4Addr::new(127, 0, 0, 2), Ipv4Addr::new(127, 0, 0, 3));
    let facts = world.facts(&["good.test", "weak.test", "bare.test", "Good.Test."]);
    assert_eq!(facts.len(), 4, "each domain given, the repeated one too");
    let [good, weak, bare, again] = &facts[..] else {
        unreachable!()
    };
    assert_eq!(good.0, again.0, "a domain given twice is the same domain");

    good.expect("/domain", "good.test");
    good.absent("/error");
    good.absent("/lookup_errors");
    good.expect("/mx/null_mx", false);
    good.expect("/mx/all_starttls_valid", true);
    good.expect("/mx/hosts/0/host", "mx.good.test");
    good.expect("/mx/hosts/0/preference", 10);
    good.expect("/mx/hosts/0/addresses", json!(["127.0.0.2"]));
    good.expect("/mx/hosts/0/smtp/address", "127.0.0.2");
    good.expect("/mx/hosts/0/smtp/banner", "220 mx.test ESMTP");
    good.expect("/mx/hosts/0/smtp/starttls", true);
    good.expect("/mx/hosts/0/smtp/tls_version", "1.3");
    good.expect("/mx/hosts/0/smtp/cipher", TLS13_CIPHER);
    good.expect("/mx/hosts/0/smtp/cert/valid", true);
    good.expect("/mx/hosts/0/smtp/cert/hostname_match", true);
    good.expect("/mx/hosts/0/smtp/cert/sans", json!(["mx.good.test"]));
    assert!((88..=90).contains(&good.int("/mx/hosts/0/smtp/cert/days_left")));
    good.absent("/mx/hosts/0/smtp/error");
    good.expect(
        "/spf",
        json!({
            "records": ["v=spf1 mx include:_spf.good.test -all"],
            "mechanisms": ["mx", "include:_spf.good.test", "-all"],
            "all": "-all",
            "dns_lookups": 2,
            "valid": true
        }),
    );
    good.expect(
        "/dmarc",
        json!({
            "records": ["v=DMARC1; p=reject; sp=reject; pct=100; rua=mailto:dmarc@good.test"],
            "p": "reject",
            "sp": "reject",
            "pct": 100,
            "rua": ["mailto:dmarc@good.test"],
            "compliant": true
        }),
    );
    good.expect(
        "/mta_sts",
        json!({"present": true, "records": ["v=STSv1; id=20260101"]}),
    );
    good.expect(
        "/tls_rpt",
        json!({"present": true, "records": ["v=TLSRPTv1; rua=mailto:tls@good.test"]}),
    );

    weak.expect("/mx/hosts/0/host", "mx.weak.test");
    weak.expect("/mx/hosts/0/addresses", json!(["127.0.0.3"]));
    weak.expect("/mx/hosts/0/smtp/starttls", false);
    weak.absent("/mx/hosts/0/smtp/tls_version");
    weak.absent("/mx/hosts/0/smtp/cert");
    weak.absent("/mx/hosts/0/smtp/error");
    weak.expect("/mx/all_starttls_valid", false);
    weak.expect("/spf/all", "~all");
    weak.expect("/spf/dns_lookups", 2);
    weak.expect("/spf/valid", true);
    weak.expect("/dmarc/p", "none");
    weak.absent("/dmarc/sp");
    weak.absent("/dmarc/pct");
    weak.expect("/dmarc/compliant", false);
    weak.expect("/mta_sts", json!({"present": false}));
    weak.expect("/tls_rpt", json!({"present": false}));

    // Nothing at all: every part learned, and empty; nothing made up.
    let mut record = bare.0.clone();
    record.as_object_mut().unwrap().remove("elapsed_ms");
    Facts(record).expect(
        "",
        json!({
            "domain": "bare.test",
            "mx": {"hosts": [], "null_mx": false},
            "spf": {"records": [], "valid": false},
            "dmarc": {"records": [], "compliant": false},
            "mta_sts": {"present": false},
            "tls_rpt": {"present": false}
        }),
    );
}

/// A domain that does not exist, a null MX, and a lookup that fails: each
/// named, the failed part absent rather than "none".
#[test]
fn missing_domains_null_mx_and_failed_lookups_are_named() {
    let world = MailWorld::start(Ipv4Addr::new(127, 0, 0, 4), Ipv4Addr::new(127, 0, 0, 5));
    let facts = world.facts(&["missing.test", "nomail.test", "broken.test"]);
    let [missing, nomail, broken] = &facts[..] else {
        panic!("three records, got {}", facts.len());
    };
    missing.expect("/error", "nxdomain");
    missing.expect("/mx/hosts", json!([]));
    missing.expect("/dmarc/compliant", false);

    nomail.absent("/error");
    nomail.expect("/mx", json!({"hosts": [], "null_mx": true}));

    broken.absent("/dmarc");
    broken.expect(
        "/lookup_errors",
        json!([
            {"name": "_dmarc.broken.test", "record_type": "TXT", "error": "servfail"},
            {"name": "mx.broken.test", "record_type": "A/AAAA", "error": "servfail"}
        ]),
    );
    broken.expect("/spf/records", json!([]));
    // Both hosts' dialogues fail for want of an address; only the failed
    // lookup is a lookup error.
    broken.expect("/mx/hosts/0/smtp/error", "dns");
    broken.expect("/mx/hosts/1/host", "gone.broken.test");
    broken.expect("/mx/hosts/1/smtp/error", "dns");
}

#[test]
fn the_mail_table_speaks_both_languages() {
    let world = MailWorld::start(Ipv4Addr::new(127, 0, 0, 6), Ipv4Addr::new(127, 0, 0, 7));
    let output = world.probe(&["good.test", "weak.test"], &["--lang", "en"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "good.test\n",
        "mx.good.test (10, 127.0.0.6): STARTTLS; TLS 1.3, TLS13_AES_128_GCM_SHA256; valid;",
        "v=spf1 mx include:_spf.good.test -all — ends -all; 2 DNS lookups",
        "p=reject; sp=reject; pct=100; rua=mailto:dmarc@good.test — compliant (p=reject)",
        "MTA-STS  v=STSv1; id=20260101",
        "mx.weak.test (10, 127.0.0.7): no STARTTLS",
        "not compliant",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let output = world.probe(&["weak.test"], &["--lang", "vi"]);
    let text = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "không hỗ trợ STARTTLS",
        "kết thúc bằng ~all",
        "chưa đạt yêu cầu",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn a_bad_mail_domain_is_refused_with_a_hint() {
    let project = Project::new();
    let output = project
        .cmd(&[
            "probe",
            "--mail-domain",
            "https://hue.gov.vn",
            "--mail-domain",
            "127.0.0.1",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: `https://hue.gov.vn` is not a domain name"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: `127.0.0.1` is not a domain name"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: give the mail domain alone"),
        "{stderr}"
    );
    // URLs and mail domains are not mixed.
    let output = project
        .cmd(&["probe", "https://hue.gov.vn", "--mail-domain", "hue.gov.vn"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
