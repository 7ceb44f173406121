//! A scan of agencies that name mail domains (`domains:`): the domains of
//! `mail_domains.rs` (everything right; SPF `~all`, DMARC p=none and an MX
//! without STARTTLS; nothing at all) judged by the shipped mail rules,
//! online against the test DNS server and MX hosts, and offline; and the
//! inventory's bad domain entries, each at its place.

use std::net::Ipv4Addr;

use serde_json::Value;

use crate::common::{GOOD_AGENCY, Project, repo_root};
use crate::mail_domains::MailWorld;

/// Three agencies: one with the good domain, one with the weak and the
/// bare ones, one sharing the good domain (probed once for both).
const AGENCIES: &[(&str, &str)] = &[
    ("a-good", "[good.test]"),
    ("a-mixed", "[weak.test, Bare.Test.]"),
    ("a-shared", "[good.test]"),
];

fn inventory(project: Project) -> Project {
    let shipped = std::fs::read(repo_root().join("policies/mail.yaml")).unwrap();
    let mut project = project.file("policies/mail.yaml", shipped);
    for (id, domains) in AGENCIES {
        let text = format!(
            "agency:\n  id: {id}\n  name: {id}\n  kind: unit\n  domains: {domains}\n\
             systems:\n  - id: s\n    name: S\n    criticality: low\n    hosting: {{ model: saas }}\n"
        );
        project = project.file(&format!("inventories/{id}.yaml"), text);
    }
    project
}

/// `scan --format json ARGS` in the world's project (recorded in its
/// history): the record.
fn scan(world: &MailWorld, args: &[&str]) -> Value {
    let resolver = world.dns.resolver();
    let mut all = vec![
        "scan",
        "--format",
        "json",
        "--as-of",
        "2026-11-25",
        "--resolver",
        &resolver,
        "--ca-file",
        &world.ca_path,
    ];
    all.extend(args);
    let output = world.project.cmd(&all).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code().is_some_and(|c| c <= 1), "{stderr}");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"))
}

/// The outcome of `rule` on `agency/domain`: its finding's, or `pass`
/// when there is none (the record counts passes, it does not list them).
fn outcome<'a>(scan: &'a Value, rule: &str, key: &str) -> &'a str {
    scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["system"] == key)
        .map_or("pass", |f| f["outcome"].as_str().unwrap())
}

fn rule_counts(scan: &Value, rule: &str) -> Value {
    let rule = scan["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rule)
        .unwrap();
    rule["outcomes"].clone()
}

#[test]
fn a_scan_judges_each_agencys_mail_domains_and_measures_the_dmarc_target() {
    let mut world = MailWorld::start(Ipv4Addr::new(127, 0, 0, 10), Ipv4Addr::new(127, 0, 0, 11));
    // A waiver names a domain as `agency/domain`.
    let waiver = "policy: { id: local, title: Local }\nwaivers:\n  - { rule: MAIL-002, \
                  system: a-mixed/bare.test, reason: moving the zone, expires: 2027-01-01 }\n";
    world.project = inventory(std::mem::replace(&mut world.project, Project::new()))
        .file("policies/local.yaml", waiver);
    let scan = scan(&world, &[]);

    // Each domain probed once, its facts in the record, sorted.
    let mail = scan["mail"].as_array().unwrap();
    let domains: Vec<&str> = mail.iter().map(|m| m["domain"].as_str().unwrap()).collect();
    assert_eq!(domains, ["bare.test", "good.test", "weak.test"]);
    assert_eq!(mail[1]["dmarc"]["compliant"], true);
    assert_eq!(mail[1]["mx"]["all_starttls_valid"], true);
    assert_eq!(mail[2]["spf"]["all"], "~all");
    assert_eq!(mail[0]["mx"]["hosts"], serde_json::json!([]));
    let agency = |id: &str| {
        scan["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        agency("a-mixed")["domains"],
        serde_json::json!(["weak.test", "bare.test"])
    );

    for key in ["a-good/good.test", "a-shared/good.test"] {
        for rule in ["MAIL-001", "MAIL-002", "MAIL-003"] {
            assert_eq!(outcome(&scan, rule, key), "pass", "{rule} on {key}");
        }
    }
    for rule in ["MAIL-001", "MAIL-002", "MAIL-003"] {
        assert_eq!(outcome(&scan, rule, "a-mixed/weak.test"), "fail", "{rule}");
    }
    assert_eq!(outcome(&scan, "MAIL-001", "a-mixed/bare.test"), "fail");
    assert_eq!(outcome(&scan, "MAIL-002", "a-mixed/bare.test"), "waived");
    assert_eq!(scan["waivers"][0]["state"], "active");
    assert_eq!(scan["waivers"][0]["matched"], 1);
    // No MX host: the STARTTLS rule does not apply (neither pass nor fail).
    assert_eq!(
        rule_counts(&scan, "MAIL-003"),
        serde_json::json!({"pass": 2, "fail": 1, "waived": 0, "unknown": 0, "error": 0})
    );
    assert_eq!(
        rule_counts(&scan, "MAIL-001"),
        serde_json::json!({"pass": 2, "fail": 2, "waived": 0, "unknown": 0, "error": 0})
    );
    let finding = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["system"] == "a-mixed/weak.test")
        .unwrap();
    assert_eq!(finding["domain"], "weak.test");
    assert_eq!(finding["agency"], "a-mixed");
    assert!(finding.get("endpoint").is_none());
    assert_eq!(agency("a-mixed")["failing"]["high"], 2);

    // Two agencies of three have every domain at p=reject.
    let target = &scan["targets"][0];
    assert_eq!(target["id"], "dmarc-reject-agencies");
    assert_eq!(
        (target["numerator"].as_f64(), target["denominator"].as_f64()),
        (Some(2.0), Some(3.0))
    );
    assert_eq!(target["undecided"], 0);

    // The history keeps the record whole, mail facts and domain findings too.
    let json = |args: &[&str]| -> Value {
        let output = world.project.cmd(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    };
    assert_eq!(json(&["report", "1", "--format", "json"]), scan);
    // The agency table says how many of each agency's domains are at
    // p=reject, in both languages.
    for (lang, expected) in [
        (
            "en",
            [
                "1/1 at DMARC p=reject",
                "0/2 at DMARC p=reject",
                "2/4 at DMARC p=reject",
            ],
        ),
        (
            "vi",
            [
                "1/1 đạt DMARC p=reject",
                "0/2 đạt DMARC p=reject",
                "2/4 đạt DMARC p=reject",
            ],
        ),
    ] {
        let output = world
            .project
            .cmd(&["report", "1", "--lang", lang, "--format", "table"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        for needle in expected {
            assert!(text.contains(needle), "{needle:?} in\n{text}");
        }
    }
    // One agency's report keeps its own domains' facts and findings.
    let narrowed = json(&["report", "1", "--agency", "a-mixed", "--format", "json"]);
    let kept: Vec<&str> = narrowed["mail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["domain"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["bare.test", "weak.test"]);
    assert!(
        narrowed["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["agency"] == "a-mixed")
    );
    assert_eq!(narrowed["findings"].as_array().unwrap().len(), 5);
    assert_eq!(narrowed["waivers"].as_array().unwrap().len(), 1);

    // The next night, the same failures are neither new nor fixed.
    let again = self::scan(&world, &[]);
    let changes = &again["changes"];
    assert_eq!(
        (changes["new_failing"].as_u64(), changes["fixed"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(changes["went_with_inventory"], 0);
    assert!(
        again["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("new").is_none())
    );
}

#[test]
fn offline_the_domain_rules_are_unknown_and_nothing_is_probed() {
    let project = inventory(Project::new());
    let output = project
        .cmd(&["scan", "--offline", "--no-history", "--format", "json"])
        .output()
        .unwrap();
    let scan: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scan["mail"], serde_json::json!([]));
    for rule in ["MAIL-001", "MAIL-002", "MAIL-003"] {
        let counts = rule_counts(&scan, rule);
        assert_eq!(counts["unknown"], 4, "{rule}: {counts}");
        assert_eq!(counts["pass"], 0, "{rule}: {counts}");
    }
    let finding = &scan["findings"][0];
    assert_eq!(finding["outcome"], "unknown");
    assert_eq!(
        finding["detail"],
        "no mail facts (offline, or the domain was not probed)"
    );
    assert_eq!(scan["targets"][0]["status"], "no-data");
}

/// A malformed domain, one listed twice by an agency (errors), and one
/// another agency lists too (a warning): each at its line and column, all
/// in one run.
#[test]
fn bad_domain_entries_are_placed() {
    let text = GOOD_AGENCY.replace(
        "  kind: department\n",
        "  kind: department\n  domains:\n    - https://a.gov.vn\n    - a.gov.vn\n    - mail.a.gov.vn\n    - a.gov.vn\n",
    );
    let other = GOOD_AGENCY.replace("id: so-a", "id: so-b").replace(
        "  kind: department\n",
        "  kind: department\n  domains: [x.vn, mail.a.gov.vn]\n",
    );
    let project = Project::good()
        .file("inventories/so-a.yaml", &text)
        .file("inventories/so-b.yaml", other);
    // Every mistake at once: the malformed entry does not hide the others.
    let (code, stderr) = project.validate();
    assert_eq!(code, 2, "{stderr}");
    for needle in [
        "inventories/so-a.yaml:6:7: error: agency.domains: invalid domain `https://a.gov.vn`: \
         write a domain name such as hue.gov.vn",
        "inventories/so-a.yaml:9:7: error: domain `a.gov.vn` is listed twice by agency `so-a`",
        "hint: also defined at inventories/so-a.yaml:7:7",
        "inventories/so-b.yaml:5:19: warning: domain `mail.a.gov.vn` is also listed by agency `so-a`",
        "hint: list a domain under the agency that runs it (inventories/so-a.yaml:8:7)",
    ] {
        assert!(stderr.contains(needle), "{needle:?} in\n{stderr}");
    }
}
