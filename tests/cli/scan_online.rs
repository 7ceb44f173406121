//! `scan` with probing, end to end: the shipped policy pack's probe rules
//! judged on endpoints served by the test itself (good site, expired
//! certificate, open and closed ports, a dead address), and an endpoint
//! listed by two systems probed once.

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;

use crate::common::{Project, repo_root};
use crate::servers::{
    DnsServer, HttpServer, HttpsServer, LOOPBACK, Request, Response, TcpServer, TestCa, Validity,
    Zone, free_port, tls13,
};

/// The shipped pack, with a provider registry that recognises the test
/// resolver's CDN name as VNPT.
fn project_with_shipped_policies(inventory: &str) -> Project {
    let mut project = Project::new().file("inventories/so-web.yaml", inventory);
    for name in [
        "cloud-adoption.yaml",
        "public-services.yaml",
        "security.yaml",
        "web.yaml",
    ] {
        let text = std::fs::read_to_string(repo_root().join("policies").join(name)).unwrap();
        project = project.file(&format!("policies/{name}"), text);
    }
    project.file(
        "policies/providers.yaml",
        "providers:\n  - id: vnpt\n    name: VNPT\n    domestic: true\n    assessed: true\n    network:\n      cname_suffixes: [.vnpt-cloud.test]\n  - id: viettel\n    name: Viettel\n    domestic: true\n",
    )
}

/// The outcome of `rule` on `endpoint` among a scan's findings; `None`
/// for a pass (findings list what did not pass).
pub fn finding<'a>(scan: &'a Value, rule: &str, endpoint: &str) -> Option<&'a str> {
    scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["endpoint"] == endpoint)
        .map(|f| f["outcome"].as_str().unwrap())
}

#[test]
fn default_pack_probe_rules_judge_what_the_servers_show() {
    let ca = TestCa::root("cloudcensus scan test root");
    let portal = HttpsServer::start(
        tls13(&ca.leaf(&["portal.test"], Validity::days_left(200))),
        |_: &Request| {
            Response::html("Cổng dịch vụ công")
                .header("Strict-Transport-Security", "max-age=31536000")
                .into()
        },
    );
    let expired = HttpsServer::start(
        tls13(&ca.leaf(&["127.0.0.1"], Validity::expired())),
        |_: &Request| Response::html("Old portal").into(),
    );
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&hits);
    let shared = HttpServer::start(move |request: &Request| {
        // The page, not the origin's security.txt (issue 14).
        if request.path == "/" {
            counted.fetch_add(1, Ordering::SeqCst);
        }
        Response::html("Shared gateway").into()
    });
    let database = TcpServer::start_on(LOOPBACK);
    let closed_port = free_port(LOOPBACK);
    let dead_port = free_port(LOOPBACK);
    let dns = DnsServer::start(
        Zone::new()
            .cname("portal.test", "edge.vnpt-cloud.test")
            .a("edge.vnpt-cloud.test", Ipv4Addr::LOCALHOST),
    );

    let portal_url = portal.url("portal.test", "/");
    let expired_url = expired.url("127.0.0.1", "/");
    let shared_url = shared.url("/");
    let open_db = format!("tcp://127.0.0.1:{}", database.port());
    let closed_db = format!("tcp://127.0.0.1:{closed_port}");
    let dead_url = format!("http://127.0.0.1:{dead_port}/");
    let inventory = format!(
        "\
agency:
  id: so-web
  name: Sở Web
  kind: department
systems:
  - id: portal
    name: Portal
    criticality: high
    security_level: 2
    hosting: {{ model: gov-cloud, provider: vnpt }}
    endpoints:
      - url: {portal_url}
      - url: {closed_db}
        expect: closed
      - url: {shared_url}
    tags: [public-portal]
  - id: legacy
    name: Legacy
    criticality: medium
    security_level: 2
    hosting: {{ model: gov-cloud, provider: viettel }}
    endpoints:
      - url: {expired_url}
      - url: {open_db}
        expect: closed
      - url: {dead_url}
      - url: {shared_url}
"
    );
    let project = project_with_shipped_policies(&inventory);
    std::fs::write(project.path("ca.pem"), ca.pem()).unwrap();
    let output = project
        .cmd(&[
            "scan",
            "--format",
            "json",
            "--ca-file",
            "ca.pem",
            "--resolver",
            &dns.resolver(),
            "--timeout",
            "5",
            "--retries",
            "0",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let scan: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(scan["mode"], "online");

    // The endpoint both systems list was asked once, and recorded once.
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let probes = scan["probes"].as_array().unwrap();
    assert_eq!(probes.len(), 6, "{probes:#?}");

    // Reachability: the dead address fails, the others answer.
    assert_eq!(finding(&scan, "WEB-001", &dead_url), Some("fail"));
    assert_eq!(finding(&scan, "WEB-001", &portal_url), None);
    assert_eq!(finding(&scan, "WEB-001", &expired_url), None);
    // Plain HTTP that stays on HTTP does not enforce HTTPS.
    assert_eq!(finding(&scan, "WEB-003", &shared_url), Some("fail"));
    // HSTS: a year on the portal, none on the old site.
    assert_eq!(finding(&scan, "WEB-004", &portal_url), None);
    assert_eq!(finding(&scan, "WEB-004", &expired_url), Some("fail"));
    // TLS 1.3 everywhere; the certificate is valid on the portal only.
    assert_eq!(finding(&scan, "TLS-001", &portal_url), None);
    assert_eq!(finding(&scan, "TLS-002", &portal_url), None);
    assert_eq!(finding(&scan, "TLS-003", &portal_url), None);
    assert_eq!(finding(&scan, "TLS-002", &expired_url), Some("fail"));
    assert_eq!(finding(&scan, "TLS-003", &expired_url), Some("fail"));
    // A port that must be closed: closed passes, open fails.
    assert_eq!(finding(&scan, "NET-002", &closed_db), None);
    assert_eq!(finding(&scan, "NET-002", &open_db), Some("fail"));
    // IPv6: the portal's name has no AAAA record.
    assert_eq!(finding(&scan, "NET-001", &portal_url), Some("fail"));
    // Declared VNPT, and DNS shows VNPT's CDN name; the old site's address
    // matches no provider, so its hosting cannot be told (unknown).
    assert_eq!(finding(&scan, "NET-003", &portal_url), None);
    assert_eq!(finding(&scan, "NET-003", &expired_url), Some("unknown"));

    // Every NET-003 pass is counted, so the rule was decided, not skipped.
    let net3 = scan["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "NET-003")
        .unwrap();
    assert!(net3["outcomes"]["pass"].as_u64().unwrap() >= 1, "{net3}");
}

#[test]
fn offline_scan_leaves_probe_rules_unknown_and_records_no_probes() {
    let project = project_with_shipped_policies(
        "\
agency: { id: so-web, name: Sở Web, kind: department }
systems:
  - id: portal
    name: Portal
    criticality: high
    hosting: { model: gov-cloud, provider: vnpt }
    endpoints:
      - url: https://portal.example.gov.vn
",
    );
    let output = project
        .cmd(&["scan", "--offline", "--format", "json"])
        .output()
        .unwrap();
    let scan: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scan["mode"], "offline");
    assert_eq!(scan["probes"].as_array().unwrap().len(), 0);
    let url = "https://portal.example.gov.vn/";
    for rule in ["WEB-001", "TLS-002", "TLS-003", "WEB-004"] {
        assert_eq!(finding(&scan, rule, url), Some("unknown"), "{rule}");
    }
}

/// Issue 13: a nightly scan with history asks a server its TLS versions
/// again about once a week, on a night of its own, and on the other
/// nights keeps the previous answers (dated) while the handshake and the
/// certificate are what they were; `--tls-resweep-days 1` asks every
/// night. A night that asks costs the handshake and two hellos, one that
/// keeps costs the handshake alone (its connection also serves the
/// security.txt).
#[test]
fn issue_13_a_nightly_scan_asks_the_tls_versions_again_once_a_week() {
    let ca = TestCa::root("cloudcensus sweep memory root");
    let site = HttpsServer::start(
        tls13(&ca.leaf(&["127.0.0.1"], Validity::days_left(200))),
        |_: &Request| Response::html("Cổng thông tin").into(),
    );
    let url = site.url("127.0.0.1", "/");
    let inventory = format!(
        "agency:\n  id: so-web\n  name: Sở Web\n  kind: department\nsystems:\n  - id: portal\n    name: Portal\n    criticality: high\n    security_level: 2\n    hosting: {{ model: gov-cloud, provider: vnpt }}\n    endpoints:\n      - url: {url}\n"
    );
    let project = project_with_shipped_policies(&inventory);
    std::fs::write(project.path("ca.pem"), ca.pem()).unwrap();
    let night = |date: &str, extra: &[&str]| {
        let before = site.connections();
        let mut args = vec![
            "scan",
            "--format",
            "json",
            "--ca-file",
            "ca.pem",
            "--history",
            "h.sqlite",
            "--as-of",
            date,
            "--timeout",
            "5",
            "--retries",
            "0",
        ];
        args.extend_from_slice(extra);
        let output = project
            .cmd(&args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let scan: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr))
        });
        let tls = scan["probes"][0]["tls"].clone();
        assert_eq!(
            tls["versions"],
            serde_json::json!(["1.3"]),
            "{date}: {tls:#}"
        );
        assert_eq!(tls["mozilla"]["profile"], "intermediate", "{date}: {tls:#}");
        (
            site.connections() - before,
            tls["swept_on"].as_str().unwrap().to_string(),
        )
    };
    let dates: Vec<String> = (1..=8).map(|day| format!("2026-03-{day:02}")).collect();
    let nights: Vec<(usize, String)> = dates.iter().map(|date| night(date, &[])).collect();
    // The first night has nothing to keep.
    assert_eq!(nights[0], (3, dates[0].clone()), "{nights:?}");
    // Of the next seven, exactly one asks again (its own night, or the
    // eighth when the first was its own night), and each night that keeps
    // says when the answers were asked.
    let asked: Vec<usize> = (1..8).filter(|&n| nights[n].0 == 3).collect();
    assert_eq!(asked.len(), 1, "{nights:?}");
    let resweep = asked[0];
    for (n, (connections, swept_on)) in nights.iter().enumerate().skip(1) {
        let (expected_connections, expected_date) = match n {
            n if n == resweep => (3, &dates[n]),
            n if n < resweep => (1, &dates[0]),
            _ => (1, &dates[resweep]),
        };
        assert_eq!(
            (*connections, swept_on),
            (expected_connections, expected_date),
            "night {n}: {nights:?}"
        );
    }
    // Every night when told so.
    assert_eq!(night("2026-03-09", &["--tls-resweep-days", "1"]).0, 3);
}
