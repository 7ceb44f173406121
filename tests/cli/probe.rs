//! `probe` (and `scan` without `--offline`) against servers the tests start
//! on loopback addresses: HTTP facts, redirects, HSTS, TLS and certificate
//! facts, TCP ports, DNS through a test resolver, provider recognition,
//! and hostile servers that must not hang the probe.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::common::{GOOD_POLICY, Project, scan_outcomes, with_shipped_web_rules};
use crate::servers::{
    DnsServer, HttpServer, HttpsServer, LOOPBACK, Leaf, Reply, Request, Response, SilentPort,
    TLS12_CIPHER, TLS13_CIPHER, TcpServer, TestCa, Validity, Zone, free_port, tls12, tls12_and_13,
    tls13, tls13_all_suites, tls13_h2,
};

/// Flags for hostile servers: a short deadline and a single attempt, so a
/// probe that must give up does so quickly. Tests of servers that answer
/// keep the default deadlines, so a busy machine does not fail them.
const FAST: [&str; 6] = ["--timeout", "2", "--connect-timeout", "2", "--retries", "0"];

/// `args` after [`FAST`].
fn fast<'a>(args: &[&'a str]) -> Vec<&'a str> {
    FAST.iter().copied().chain(args.iter().copied()).collect()
}

/// One ProbeFacts record, with assertions that print the whole record when
/// they fail.
pub struct Facts(pub Value);

impl Facts {
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.0.pointer(pointer)
    }

    #[track_caller]
    pub fn expect(&self, pointer: &str, expected: impl Into<Value>) {
        let expected = expected.into();
        let got = self.get(pointer);
        assert!(
            got == Some(&expected),
            "{pointer}: expected {expected}, got {}\nfacts: {:#}",
            got.map_or("nothing".to_owned(), Value::to_string),
            self.0
        );
    }

    #[track_caller]
    pub fn absent(&self, pointer: &str) {
        assert!(
            self.get(pointer).is_none(),
            "{pointer} should be absent\nfacts: {:#}",
            self.0
        );
    }

    #[track_caller]
    pub fn int(&self, pointer: &str) -> i64 {
        self.get(pointer)
            .and_then(Value::as_i64)
            .unwrap_or_else(|| panic!("{pointer} should be an integer\nfacts: {:#}", self.0))
    }

    #[track_caller]
    pub fn text(&self, pointer: &str) -> &str {
        self.get(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{pointer} should be a string\nfacts: {:#}", self.0))
    }

    #[track_caller]
    pub fn texts(&self, pointer: &str) -> Vec<&str> {
        self.get(pointer)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{pointer} should be an array\nfacts: {:#}", self.0))
            .iter()
            .filter_map(Value::as_str)
            .collect()
    }

    #[track_caller]
    fn int_between(&self, pointer: &str, low: i64, high: i64) {
        let value = self.int(pointer);
        assert!(
            (low..=high).contains(&value),
            "{pointer}: expected {low}..={high}, got {value}\nfacts: {:#}",
            self.0
        );
    }

    #[track_caller]
    fn time(&self, pointer: &str) -> OffsetDateTime {
        let text = self.text(pointer);
        OffsetDateTime::parse(text, &Rfc3339)
            .unwrap_or_else(|e| panic!("{pointer}: `{text}` is not RFC 3339: {e}"))
    }
}

/// Runs `cloudcensus ARGS` in the project; a run that does not finish
/// within a minute is killed and fails the test.
fn run(project: &Project, args: &[&str]) -> (Option<i32>, String, String) {
    let output = project
        .cmd(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `cloudcensus probe ARGS --format json`: one record per URL, in order.
pub fn probe(project: &Project, args: &[&str]) -> Vec<Facts> {
    let mut all = vec!["probe", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(project, &all);
    assert_eq!(
        code,
        Some(0),
        "probe {args:?} did not finish with 0\nstdout: {stdout}\nstderr: {stderr}"
    );
    let json: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\nstderr: {stderr}"));
    json.as_array()
        .unwrap_or_else(|| panic!("a JSON array: {stdout}"))
        .iter()
        .cloned()
        .map(Facts)
        .collect()
}

/// `probe` of one URL (and flags).
pub fn probe_one(project: &Project, args: &[&str]) -> Facts {
    let mut facts = probe(project, args);
    assert_eq!(facts.len(), 1, "one URL, one record");
    facts.remove(0)
}

/// Writes the CA certificate where `--ca-file` will read it.
pub fn ca_file(project: &Project, ca: &TestCa) -> String {
    let path = project.path("ca.pem");
    std::fs::write(&path, ca.pem()).unwrap();
    path.display().to_string()
}

/// Probes `https://127.0.0.1:PORT/` of a [`secure_site`] with `tls`,
/// trusting `ca`.
fn probe_trusting(ca: &TestCa, tls: std::sync::Arc<rustls::ServerConfig>) -> Facts {
    let site = secure_site(tls);
    let project = Project::new();
    let ca_path = ca_file(&project, ca);
    probe_one(
        &project,
        &[&site.url("127.0.0.1", "/"), "--ca-file", &ca_path],
    )
}

/// An HTTPS site answering every path with one page.
fn secure_site(tls: std::sync::Arc<rustls::ServerConfig>) -> HttpsServer {
    HttpsServer::start(tls, |_: &Request| {
        Response::html("Secure page")
            .header("Server", "test-tls")
            .into()
    })
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

#[test]
fn plain_http_page_reports_status_server_title_and_size() {
    let page = "<html><head><title>\n   Cổng  thông\ttin   điện tử\n</title></head><body>hello</body></html>";
    let server = HttpServer::start(move |_: &Request| {
        Response::new(200)
            .header("Server", "nginx/1.24.0")
            .header("Content-Type", "text/html; charset=utf-8")
            .body(page)
            .into()
    });
    let url = server.url("/home");
    let facts = probe_one(&Project::new(), &[&url]);
    facts.expect("/url", url.as_str());
    facts.expect("/scheme", "http");
    facts.expect("/host", "127.0.0.1");
    facts.expect("/port", server.port());
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/attempts", 1);
    facts.expect("/status", 200);
    facts.expect("/final_url", url.as_str());
    facts.expect("/http_version", "HTTP/1.1");
    facts.expect("/server", "nginx/1.24.0");
    facts.expect("/title", "Cổng thông tin điện tử");
    facts.expect("/body_bytes", page.len());
    facts.absent("/redirects");
    facts.absent("/tls");
    facts.absent("/cert");
    facts.absent("/hsts");
    // An IP address needs no name resolution.
    facts.absent("/dns");
    assert!(facts.get("/latency_ms").is_some_and(Value::is_number));
}

#[test]
fn error_status_is_still_a_reachable_endpoint() {
    let failing = HttpServer::start(|_: &Request| Response::new(503).body("busy").into());
    let facts = probe_one(&Project::new(), &[&failing.url("/")]);
    facts.expect("/reachable", true);
    facts.expect("/status", 503);
    facts.absent("/error");
}

#[test]
fn redirects_are_followed_and_listed_hop_by_hop() {
    let server = HttpServer::start(|request: &Request| {
        let host = request.header("host").unwrap_or_default().to_owned();
        match request.path.as_str() {
            "/old" => Response::redirect(301, &format!("http://{host}/middle")).into(),
            "/middle" => Response::redirect(302, "/new").into(),
            "/new" => Response::html("New home").into(),
            _ => Response::new(404).into(),
        }
    });
    let facts = probe_one(&Project::new(), &[&server.url("/old")]);
    facts.expect("/reachable", true);
    facts.expect("/status", 200);
    facts.expect("/title", "New home");
    facts.expect("/final_url", server.url("/new"));
    facts.expect("/https_redirect", false);
    facts.expect(
        "/redirects/0",
        json!({"url": server.url("/old"), "status": 301, "location": server.url("/middle")}),
    );
    facts.expect("/redirects/1/url", server.url("/middle"));
    facts.expect("/redirects/1/status", 302);
    // A relative Location: as sent, or resolved against the hop's URL.
    let location = facts.text("/redirects/1/location");
    assert!(location.ends_with("/new"), "location {location}");
    facts.absent("/redirects/2");
}

/// `/hops/N` redirects to `/hops/N-1`; `/hops/0` is the page.
fn countdown_site() -> HttpServer {
    HttpServer::start(|request: &Request| {
        let left = request
            .path
            .strip_prefix("/hops/")
            .and_then(|n| n.parse::<u32>().ok());
        match left {
            Some(0) => Response::html("Arrived").into(),
            Some(n) => Response::redirect(302, &format!("/hops/{}", n - 1)).into(),
            None => Response::new(404).into(),
        }
    })
}

#[test]
fn ten_redirects_are_followed() {
    let server = countdown_site();
    let facts = probe_one(&Project::new(), &[&server.url("/hops/10")]);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/title", "Arrived");
    facts.expect("/final_url", server.url("/hops/0"));
    assert_eq!(
        facts
            .get("/redirects")
            .and_then(Value::as_array)
            .map(Vec::len),
        Some(10)
    );
}

#[test]
fn eleventh_redirect_is_too_many() {
    let server = countdown_site();
    let facts = probe_one(&Project::new(), &[&server.url("/hops/11")]);
    facts.expect("/error", "too_many_redirects");
    // The endpoint did answer, with redirects.
    facts.expect("/reachable", true);
}

#[test]
fn redirect_loop_is_too_many_redirects() {
    let server = HttpServer::start(|request: &Request| match request.path.as_str() {
        "/ping" => Response::redirect(302, "/pong").into(),
        _ => Response::redirect(302, "/ping").into(),
    });
    let facts = probe_one(&Project::new(), &fast(&[&server.url("/ping")]));
    facts.expect("/error", "too_many_redirects");
}

#[test]
fn http_redirecting_to_https_enforces_https_and_reports_the_https_hsts() {
    let ca = TestCa::root("CloudCensus Test Root");
    let tls = HttpsServer::start(
        tls13(&ca.leaf(&["localhost", "127.0.0.1"], Validity::days_left(90))),
        |_: &Request| {
            Response::html("Secure home")
                .header(
                    "Strict-Transport-Security",
                    "max-age=63072000; includeSubDomains; preload",
                )
                .into()
        },
    );
    let target = tls.url("127.0.0.1", "/");
    let location = target.clone();
    let plain = HttpServer::start(move |_: &Request| {
        Response::redirect(301, &location)
            // Over plain HTTP this header means nothing (RFC 6797 §8.1).
            .header("Strict-Transport-Security", "max-age=1")
            .into()
    });
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let facts = probe_one(&project, &[&plain.url("/"), "--ca-file", &ca_path]);
    facts.absent("/error");
    facts.expect("/https_redirect", true);
    facts.expect("/status", 200);
    facts.expect("/title", "Secure home");
    facts.expect("/final_url", target.as_str());
    facts.expect(
        "/redirects",
        json!([{"url": plain.url("/"), "status": 301, "location": target}]),
    );
    facts.expect(
        "/hsts",
        json!({"max_age": 63072000, "include_subdomains": true, "preload": true}),
    );
}

#[test]
fn http_that_stays_on_http_does_not_enforce_https_and_ignores_its_hsts_header() {
    let server = HttpServer::start(|_: &Request| {
        Response::html("Plain")
            .header(
                "Strict-Transport-Security",
                "max-age=31536000; includeSubDomains; preload",
            )
            .into()
    });
    let facts = probe_one(&Project::new(), &[&server.url("/")]);
    facts.expect("/status", 200);
    facts.expect("/https_redirect", false);
    facts.absent("/hsts");
    facts.absent("/tls");
}

#[test]
fn many_endpoints_on_one_host_all_complete_in_the_order_given() {
    let server = HttpServer::start(|request: &Request| {
        Response::html(&format!(
            "Page {}",
            request.path.trim_start_matches("/page/")
        ))
        .into()
    });
    let urls: Vec<String> = (1..=6).map(|n| server.url(&format!("/page/{n}"))).collect();
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["--concurrency", "2", "--per-host", "1"]);
    let all = probe(&Project::new(), &args);
    assert_eq!(all.len(), 6);
    for (n, facts) in (1..=6).zip(&all) {
        facts.expect("/url", urls[n - 1].as_str());
        facts.expect("/status", 200);
        facts.expect("/title", format!("Page {n}"));
    }
}

#[test]
fn credentials_in_the_url_are_redacted() {
    let server = HttpServer::start(|_: &Request| Response::html("Private").into());
    let url = format!("http://admin:hunter2@127.0.0.1:{}/", server.port());
    let facts = probe_one(&Project::new(), &[&url]);
    facts.expect("/status", 200);
    let reported = facts.text("/url");
    assert!(
        !reported.contains("hunter2"),
        "password printed in {reported}"
    );
    assert!(!facts.0.to_string().contains("hunter2"), "{:#}", facts.0);
}

#[test]
fn table_format_names_each_endpoint() {
    let server = HttpServer::start(|_: &Request| {
        Response::html("Cổng thông tin")
            .header("Server", "test-server/1.0")
            .into()
    });
    let url = server.url("/");
    let (code, stdout, stderr) = run(&Project::new(), &["probe", &url]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains(&url), "{stdout}");
    // Issue 12, item 12: the page title and the Server header are shown,
    // labelled in the reader's language.
    assert!(stdout.contains("Page title"), "{stdout}");
    assert!(stdout.contains("Cổng thông tin"), "{stdout}");
    assert!(stdout.contains("test-server/1.0"), "{stdout}");
    let (_, stdout, _) = run(&Project::new(), &["probe", &url, "--lang", "vi"]);
    assert!(stdout.contains("Tiêu đề trang"), "{stdout}");
}

#[test]
fn bad_url_is_a_usage_error() {
    for bad in ["not a url", "ftp://127.0.0.1/file", "tcp://127.0.0.1"] {
        let (code, stdout, stderr) = run(&Project::new(), &["probe", bad, "--format", "json"]);
        assert_eq!(code, Some(2), "{bad}: stdout {stdout}\nstderr {stderr}");
        assert!(!stderr.is_empty(), "{bad}: an error is explained");
    }
}

// ---------------------------------------------------------------------------
// HSTS
// ---------------------------------------------------------------------------

/// An HTTPS site whose `/hsts/VARIANT` pages send different headers.
fn hsts_site(ca: &TestCa) -> HttpsServer {
    HttpsServer::start(
        tls13(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
        |request: &Request| {
            let header = match request.path.as_str() {
                "/hsts/full" => Some("max-age=31536000; includeSubDomains; preload"),
                "/hsts/max-age-only" => Some("max-age=300"),
                "/hsts/no-max-age" => Some("includeSubDomains; preload"),
                "/hsts/bad-max-age" => Some("max-age=soon; includeSubDomains"),
                _ => None,
            };
            let page = Response::html("HSTS");
            match header {
                Some(value) => page.header("Strict-Transport-Security", value).into(),
                None => page.into(),
            }
        },
    )
}

#[test]
fn hsts_header_is_parsed_into_max_age_subdomains_and_preload() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = hsts_site(&ca);
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let all = probe(
        &project,
        &[
            &site.url("127.0.0.1", "/hsts/full"),
            &site.url("127.0.0.1", "/hsts/max-age-only"),
            "--ca-file",
            &ca_path,
        ],
    );
    all[0].expect(
        "/hsts",
        json!({"max_age": 31536000, "include_subdomains": true, "preload": true}),
    );
    all[1].expect(
        "/hsts",
        json!({"max_age": 300, "include_subdomains": false, "preload": false}),
    );
}

#[test]
fn missing_or_invalid_hsts_is_absent() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = hsts_site(&ca);
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let urls = [
        site.url("127.0.0.1", "/hsts/missing"),
        site.url("127.0.0.1", "/hsts/no-max-age"),
        site.url("127.0.0.1", "/hsts/bad-max-age"),
    ];
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["--ca-file", &ca_path]);
    let all = probe(&project, &args);
    assert_eq!(all.len(), urls.len());
    for (url, facts) in urls.iter().zip(&all) {
        facts.expect("/url", url.as_str());
        facts.expect("/status", 200);
        facts.absent("/hsts");
    }
}

// ---------------------------------------------------------------------------
// TLS and certificates
// ---------------------------------------------------------------------------

#[test]
fn certificate_from_a_trusted_ca_is_valid_by_ip_address_and_by_name() {
    let ca = TestCa::root("CloudCensus Test Root");
    let validity = Validity::days_left(90);
    let site = secure_site(tls13(&ca.leaf(&["localhost", "127.0.0.1"], validity)));
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let by_ip = site.url("127.0.0.1", "/");
    let by_name = site.url("localhost", "/");
    let all = probe(&project, &[&by_ip, &by_name, "--ca-file", &ca_path]);
    assert_eq!(all.len(), 2);
    all[0].expect("/url", by_ip.as_str());
    all[1].expect("/url", by_name.as_str());
    for facts in &all {
        facts.expect("/reachable", true);
        facts.absent("/error");
        facts.expect("/status", 200);
        facts.expect("/server", "test-tls");
        facts.expect("/tls/version", "1.3");
        facts.expect("/tls/cipher", TLS13_CIPHER);
        facts.expect("/cert/valid", true);
        facts.expect("/cert/chain_valid", true);
        facts.expect("/cert/hostname_match", true);
        facts.expect("/cert/self_signed", false);
        facts.expect("/cert/chain_length", 1);
        facts.absent("/cert/problem");
        facts.int_between("/cert/days_left", 89, 90);
        facts.int_between("/cert/chain_days_left", 89, 90);
        let mut sans = facts.texts("/cert/sans");
        sans.sort_unstable();
        assert_eq!(sans, ["127.0.0.1", "localhost"]);
        assert!(facts.text("/cert/subject").contains("CN=localhost"));
        assert!(
            facts
                .text("/cert/issuer")
                .contains("CN=CloudCensus Test Root")
        );
        assert_eq!(facts.time("/cert/not_before"), validity.not_before);
        assert_eq!(facts.time("/cert/not_after"), validity.not_after);
    }
}

#[test]
fn server_following_the_client_order_negotiates_what_browsers_get() {
    // Browsers offer AES-128-GCM first; so does the probe, so the cipher
    // reported is the one a visitor's browser would get.
    let ca = TestCa::root("CloudCensus Test Root");
    let facts = probe_trusting(
        &ca,
        tls13_all_suites(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
    );
    facts.expect("/tls/version", "1.3");
    facts.expect("/tls/cipher", "TLS13_AES_128_GCM_SHA256");
    facts.expect("/tls/versions", json!(["1.3"]));
    facts.expect("/tls/accepts_legacy", false);
    facts.expect("/tls/key_exchange", "X25519");
}

#[test]
fn tls12_only_server_reports_version_1_2_and_its_cipher() {
    let ca = TestCa::root("CloudCensus Test Root");
    let facts = probe_trusting(
        &ca,
        tls12(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
    );
    facts.expect("/status", 200);
    facts.expect("/tls/version", "1.2");
    facts.expect("/tls/cipher", TLS12_CIPHER);
    facts.expect("/cert/valid", true);
    // Issue 13: rustls serves 1.2 only; 1.3 is known refused from the
    // modern handshake, the rest from their own ClientHellos.
    facts.expect("/tls/versions", json!(["1.2"]));
    facts.expect("/tls/version_checks", json!({"ssl3": "refused", "1.0": "refused", "1.1": "refused", "1.2": "accepted", "1.3": "refused"}));
    facts.expect("/tls/accepts_legacy", false);
    facts.expect("/tls/legacy_only", false);
}

/// Issue 13: at quick depth (what `scan` does), a modern server costs two
/// hand-built hellos beyond the probe's own connection: the legacy
/// versions with weak suites, and TLS 1.2 with the suites outside
/// Mozilla's intermediate list, which a rustls server refuses for the
/// version and for the suites, so nothing more is asked. At full depth
/// every version and suite is asked.
#[test]
fn issue_13_quick_depth_costs_a_modern_server_two_more_connections() {
    let ca = TestCa::root("CloudCensus Test Root");
    for (tls, versions) in [
        (
            tls12_and_13(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
            json!(["1.2", "1.3"]),
        ),
        (
            tls13(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
            json!(["1.3"]),
        ),
        (
            tls12(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
            json!(["1.2"]),
        ),
    ] {
        let site = secure_site(tls);
        let project = Project::new();
        let ca_path = ca_file(&project, &ca);
        let url = site.url("127.0.0.1", "/");
        let facts = probe_one(
            &project,
            &[&url, "--ca-file", &ca_path, "--tls-depth", "quick"],
        );
        facts.expect("/tls/versions", versions);
        facts.expect("/tls/accepts_weak_suites", false);
        facts.expect("/tls/accepts_legacy", false);
        facts.expect("/tls/mozilla/profile", "intermediate");
        // The handshake (whose connection the security.txt then takes,
        // issue 14) and two hellos.
        facts.expect("/security_txt/status", 200);
        assert_eq!(site.connections(), 3, "{:#}", facts.0);
        let before = site.connections();
        probe_one(&project, &[&url, "--ca-file", &ca_path]);
        assert!(site.connections() - before > 5);
    }
}

/// Issue 13: a retried HTTPS probe does not ask the versions again once
/// the first attempt had every answer: the second attempt costs its own
/// handshake only.
#[test]
fn issue_13_a_retry_does_not_sweep_the_versions_again() {
    let ca = TestCa::root("CloudCensus Test Root");
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let site = HttpsServer::start(
        tls12_and_13(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
        move |request: &Request| {
            if request.path == "/.well-known/security.txt" {
                return Response::new(404).into();
            }
            if asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Response::new(503).into()
            } else {
                Response::html("Recovered").into()
            }
        },
    );
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let url = site.url("127.0.0.1", "/");
    let facts = probe_one(
        &project,
        &[
            &url,
            "--ca-file",
            &ca_path,
            "--tls-depth",
            "quick",
            "--retries",
            "1",
        ],
    );
    facts.expect("/attempts", 2);
    facts.expect("/status", 200);
    facts.expect("/tls/versions", json!(["1.2", "1.3"]));
    facts.expect("/tls/mozilla/profile", "intermediate");
    // Two handshakes and the first attempt's two hellos; the security.txt
    // asked once for both attempts, over the first one's connection
    // (issue 14).
    facts.expect("/security_txt/status", 404);
    assert_eq!(site.connections(), 4, "{:#}", facts.0);
}

/// Issue 14: over HTTPS the security.txt takes the page's connection once
/// the page is read (a redirect's too), sparing the server a handshake;
/// a server that closes it gets a connection of its own.
#[test]
fn issue_14_the_security_txt_takes_the_pages_connection() {
    let ca = TestCa::root("CloudCensus Test Root");
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let leaf = ca.leaf(&["127.0.0.1"], Validity::days_left(90));
    for (closes, connections) in [(false, 4), (true, 5)] {
        let site = HttpsServer::start(tls13(&leaf), move |request: &Request| {
            let response = match request.path.as_str() {
                "/" => Response::redirect(302, "/home"),
                "/.well-known/security.txt" => Response::new(200)
                    .header("Content-Type", "text/plain")
                    .body("Contact: mailto:security@hue.gov.vn\n"),
                _ => Response::html("Home"),
            };
            if closes {
                response.header("Connection", "close").into()
            } else {
                response.into()
            }
        });
        let url = site.url("127.0.0.1", "/");
        let facts = probe_one(
            &project,
            &[&url, "--ca-file", &ca_path, "--tls-depth", "quick"],
        );
        facts.expect("/title", "Home");
        facts.expect("/security_txt/contacts/0", "mailto:security@hue.gov.vn");
        // The handshake, two hellos, the redirect's target; and the
        // security.txt's own connection when the first was closed.
        assert_eq!(site.connections(), connections, "closes: {closes}");
    }
}

#[test]
fn http2_is_reported_when_the_server_negotiates_it() {
    let ca = TestCa::root("CloudCensus Test Root");
    let facts = probe_trusting(
        &ca,
        tls13_h2(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
    );
    facts.expect("/status", 200);
    facts.expect("/http_version", "HTTP/2");
    facts.expect("/tls/alpn", "h2");
    facts.expect("/title", "Secure page");
}

#[test]
fn expired_certificate_is_a_fact_not_a_failure() {
    let ca = TestCa::root("CloudCensus Test Root");
    let facts = probe_trusting(
        &ca,
        tls13(&ca.leaf(&["localhost", "127.0.0.1"], Validity::expired())),
    );
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/title", "Secure page");
    facts.expect("/cert/valid", false);
    facts.expect("/cert/chain_valid", false);
    facts.expect("/cert/hostname_match", true);
    facts.expect("/cert/problem", "expired");
    assert!(facts.int("/cert/days_left") < -365, "expired in 2021");
    assert_eq!(facts.time("/cert/not_after"), Validity::expired().not_after);
}

#[test]
fn not_yet_valid_certificate_is_a_fact_not_a_failure() {
    let ca = TestCa::root("CloudCensus Test Root");
    let validity = Validity::not_yet();
    let facts = probe_trusting(&ca, tls13(&ca.leaf(&["127.0.0.1"], validity)));
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/cert/valid", false);
    facts.expect("/cert/chain_valid", false);
    facts.expect("/cert/problem", "not-yet-valid");
    assert_eq!(facts.time("/cert/not_before"), validity.not_before);
}

#[test]
fn certificate_for_another_host_is_a_hostname_mismatch() {
    let ca = TestCa::root("CloudCensus Test Root");
    let facts = probe_trusting(
        &ca,
        tls13(&ca.leaf(&["other.example"], Validity::days_left(90))),
    );
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/cert/sans", json!(["other.example"]));
    facts.expect("/cert/chain_valid", true);
    facts.expect("/cert/hostname_match", false);
    facts.expect("/cert/valid", false);
    facts.expect("/cert/problem", "hostname-mismatch");
}

/// Issue 12, item 12: a self-signed certificate made the usual way
/// (`openssl req -x509`, which marks it a CA) is `self-signed` too, not
/// `invalid`.
#[test]
fn issue_12_openssl_style_self_signed_certificate_is_self_signed() {
    let site = secure_site(tls13(&Leaf::self_signed_openssl_style(
        &["localhost", "127.0.0.1"],
        Validity::days_left(90),
    )));
    let facts = probe_one(&Project::new(), &[&site.url("127.0.0.1", "/")]);
    facts.expect("/reachable", true);
    facts.expect("/cert/self_signed", true);
    facts.expect("/cert/chain_valid", false);
    facts.expect("/cert/valid", false);
    facts.expect("/cert/problem", "self-signed");
}

/// Issue 12, item 12: an `invalid` certificate says why.
#[test]
fn an_invalid_certificate_says_why() {
    let ca = TestCa::root("CloudCensus Test Root");
    let facts = probe_trusting(
        &ca,
        tls13(&ca.client_only_leaf(&["127.0.0.1"], Validity::days_left(90))),
    );
    facts.expect("/cert/valid", false);
    facts.expect("/cert/problem", "invalid");
    facts.expect(
        "/cert/problem_reason",
        "the certificate is not for server authentication (extended key usage)",
    );
    // Every problem has its reason, the self-signed one too.
    let site = secure_site(tls13(&Leaf::self_signed(
        &["127.0.0.1"],
        Validity::days_left(90),
    )));
    let facts = probe_one(&Project::new(), &[&site.url("127.0.0.1", "/")]);
    assert!(!facts.text("/cert/problem_reason").is_empty());
}

#[test]
fn self_signed_certificate_is_reported_as_such() {
    let site = secure_site(tls13(&Leaf::self_signed(
        &["localhost", "127.0.0.1"],
        Validity::days_left(90),
    )));
    let facts = probe_one(&Project::new(), &[&site.url("127.0.0.1", "/")]);
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/cert/self_signed", true);
    facts.expect("/cert/chain_length", 1);
    facts.expect("/cert/chain_valid", false);
    facts.expect("/cert/hostname_match", true);
    facts.expect("/cert/valid", false);
    facts.expect("/cert/problem", "self-signed");
    assert_eq!(facts.text("/cert/subject"), facts.text("/cert/issuer"));
}

#[test]
fn certificate_from_an_unknown_ca_is_an_unknown_issuer() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = secure_site(tls13(
        &ca.leaf(&["localhost", "127.0.0.1"], Validity::days_left(90)),
    ));
    // No --ca-file: the test root is trusted by nobody.
    let facts = probe_one(&Project::new(), &[&site.url("127.0.0.1", "/")]);
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/cert/self_signed", false);
    facts.expect("/cert/chain_valid", false);
    facts.expect("/cert/hostname_match", true);
    facts.expect("/cert/valid", false);
    facts.expect("/cert/problem", "unknown-issuer");
}

#[test]
fn chain_days_left_follows_the_certificate_sent_that_expires_first() {
    let root = TestCa::root("CloudCensus Test Root");
    let intermediate = root.intermediate("CloudCensus Test Issuing CA", Validity::days_left(20));
    let site = secure_site(tls13(
        &intermediate.leaf(&["127.0.0.1"], Validity::days_left(90)),
    ));
    let project = Project::new();
    let ca_path = ca_file(&project, &root);
    let facts = probe_one(
        &project,
        &[&site.url("127.0.0.1", "/"), "--ca-file", &ca_path],
    );
    facts.expect("/cert/valid", true);
    facts.expect("/cert/chain_length", 2);
    facts.int_between("/cert/days_left", 89, 90);
    facts.int_between("/cert/chain_days_left", 19, 20);
    assert!(
        facts
            .text("/cert/issuer")
            .contains("CN=CloudCensus Test Issuing CA")
    );
}

/// A URL given twice is asked once and reported at both places.
#[test]
fn url_given_twice_is_probed_once_and_reported_twice() {
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&asked);
    let server = HttpServer::start(move |request: &Request| {
        // The pages, not the origin's security.txt (issue 14).
        if request.path != "/.well-known/security.txt" {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        Response::html("Once").into()
    });
    let url = server.url("/");
    let other = server.url("/other");
    let all = probe(&Project::new(), &[&url, &other, &url]);
    let urls: Vec<&str> = all.iter().map(|f| f.text("/url")).collect();
    assert_eq!(urls, [url.as_str(), other.as_str(), url.as_str()]);
    assert_eq!(all[0].0, all[2].0);
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 2);
}

// ---------------------------------------------------------------------------
// TCP
// ---------------------------------------------------------------------------

#[test]
fn listening_tcp_port_is_open() {
    let server = TcpServer::start_on(LOOPBACK);
    let url = format!("tcp://127.0.0.1:{}", server.port());
    let facts = probe_one(&Project::new(), &[&url]);
    facts.expect("/scheme", "tcp");
    facts.expect("/port", server.port());
    facts.expect("/open", true);
    facts.expect("/port_state", "open");
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.absent("/status");
}

#[test]
fn tcp_port_without_listener_is_closed() {
    let port = free_port(LOOPBACK);
    let url = format!("tcp://127.0.0.1:{port}");
    let facts = probe_one(&Project::new(), &fast(&[&url]));
    facts.expect("/open", false);
    facts.expect("/port_state", "closed");
    facts.expect("/reachable", false);
    facts.expect("/error", "refused");
}

/// No answer at all (a dropped SYN) is `filtered`, told apart from a
/// refusal, and costs the connect deadline, not the run.
#[test]
fn tcp_port_that_never_answers_is_filtered() {
    let silent = SilentPort::start_on(LOOPBACK);
    let url = format!("tcp://127.0.0.1:{}", silent.port());
    let facts = probe_one(
        &Project::new(),
        &[
            "--connect-timeout",
            "1",
            "--timeout",
            "3",
            "--retries",
            "0",
            &url,
        ],
    );
    facts.expect("/open", false);
    facts.expect("/port_state", "filtered");
    facts.expect("/reachable", false);
    facts.expect("/error", "timeout");
}

// ---------------------------------------------------------------------------
// Hostile and broken servers: every probe must finish
// ---------------------------------------------------------------------------

#[test]
fn refused_http_connection_is_unreachable() {
    let port = free_port(LOOPBACK);
    let url = format!("http://127.0.0.1:{port}/");
    let facts = probe_one(&Project::new(), &fast(&[&url]));
    facts.expect("/reachable", false);
    facts.expect("/error", "refused");
    facts.expect("/attempts", 1);
    facts.absent("/status");
}

/// A server that answers its first `failures` requests with `first`, then 200.
fn flaky_site(failures: usize, first: Response) -> HttpServer {
    let asked = std::sync::atomic::AtomicUsize::new(0);
    HttpServer::start(move |_: &Request| {
        if asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < failures {
            first.clone().into()
        } else {
            Response::html("Recovered").into()
        }
    })
}

#[test]
fn transient_status_is_retried_and_the_last_answer_kept() {
    let site = flaky_site(1, Response::new(503));
    let url = site.url("/");
    let facts = probe_one(&Project::new(), &["--retries", "2", &url]);
    facts.expect("/attempts", 2);
    facts.expect("/status", 200);
    facts.expect("/title", "Recovered");

    let site = flaky_site(1, Response::new(502));
    let facts = probe_one(&Project::new(), &["--retries", "0", &site.url("/")]);
    facts.expect("/attempts", 1);
    facts.expect("/status", 502);
}

#[test]
fn too_many_requests_waits_for_retry_after_only_within_the_deadline() {
    let site = flaky_site(1, Response::new(429).header("Retry-After", "1"));
    let facts = probe_one(&Project::new(), &["--retries", "1", &site.url("/")]);
    facts.expect("/attempts", 2);
    facts.expect("/status", 200);

    // An hour's wait does not fit in a 10 s deadline: no second attempt.
    let site = flaky_site(1, Response::new(429).header("Retry-After", "3600"));
    let facts = probe_one(&Project::new(), &["--retries", "3", &site.url("/")]);
    facts.expect("/attempts", 1);
    facts.expect("/status", 429);
}

#[test]
fn lasting_failures_are_not_retried() {
    let port = free_port(LOOPBACK);
    let refused = format!("http://127.0.0.1:{port}/");
    let facts = probe_one(&Project::new(), &["--retries", "3", &refused]);
    facts.expect("/error", "refused");
    facts.expect("/attempts", 1);

    let site = flaky_site(5, Response::new(404));
    let facts = probe_one(&Project::new(), &["--retries", "3", &site.url("/")]);
    facts.expect("/status", 404);
    facts.expect("/attempts", 1);
}

#[test]
fn server_that_never_answers_times_out() {
    let server = HttpServer::start(|_: &Request| Reply::Silence);
    let facts = probe_one(&Project::new(), &fast(&[&server.url("/")]));
    facts.expect("/reachable", false);
    facts.expect("/error", "timeout");
    facts.absent("/status");
}

#[test]
fn headers_trickled_a_byte_a_second_time_out() {
    let server = HttpServer::start(|_: &Request| Reply::TrickleHead);
    let facts = probe_one(&Project::new(), &fast(&[&server.url("/")]));
    facts.expect("/reachable", false);
    facts.expect("/error", "timeout");
}

#[test]
fn endless_body_is_too_large_but_the_endpoint_answered() {
    let server = HttpServer::start(|_: &Request| Reply::EndlessBody);
    let facts = probe_one(&Project::new(), &fast(&[&server.url("/")]));
    facts.expect("/error", "body_too_large");
    facts.expect("/reachable", true);
    facts.expect("/status", 200);
    if let Some(read) = facts.get("/body_bytes") {
        assert!(read.as_u64().is_some_and(|n| n <= 1 << 20), "{read}");
    }
}

#[test]
fn body_is_read_up_to_one_mebibyte() {
    const MIB: usize = 1 << 20;
    let server = HttpServer::start(|request: &Request| {
        let size = match request.path.as_str() {
            "/exactly-1mib" => MIB,
            _ => 2 * MIB,
        };
        Response::new(200).body(vec![b'z'; size]).into()
    });
    let all = probe(
        &Project::new(),
        &[&server.url("/exactly-1mib"), &server.url("/2mib")],
    );
    all[0].absent("/error");
    all[0].expect("/body_bytes", MIB);
    all[1].expect("/error", "body_too_large");
    all[1].expect("/reachable", true);
    all[1].expect("/status", 200);
}

#[test]
fn ten_megabyte_header_is_an_http_error() {
    let server = HttpServer::start(|_: &Request| Reply::HugeHeader(10 * 1024 * 1024));
    let facts = probe_one(&Project::new(), &fast(&[&server.url("/")]));
    facts.expect("/error", "http");
    facts.expect("/reachable", false);
    facts.absent("/status");
}

// ---------------------------------------------------------------------------
// DNS through a test resolver, and provider recognition
// ---------------------------------------------------------------------------

/// The test's DNS.
///
/// Reverse names of loopback addresses never come from this zone: hickory
/// answers PTR queries for 127.0.0.0/8 itself, from /etc/hosts when the
/// address is listed there, else `localhost` (RFC 6761). The zone says the
/// same, and tests rely only on 127.0.0.2 reversing to `localhost` (few
/// machines list 127.0.0.2 in /etc/hosts).
fn test_zone() -> Zone {
    Zone::new()
        .cname("portal.test", "edge.cdn.vnpt-cloud.test")
        .a("edge.cdn.vnpt-cloud.test", Ipv4Addr::LOCALHOST)
        .a("plain.test", Ipv4Addr::LOCALHOST)
        .a("dual.test", Ipv4Addr::LOCALHOST)
        .aaaa("dual.test", Ipv6Addr::LOCALHOST)
        .a("ranged.test", Ipv4Addr::new(127, 0, 0, 2))
        .ptr(IpAddr::V4(Ipv4Addr::LOCALHOST), "localhost")
        .ptr(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), "localhost")
        .servfail("broken.test")
}

/// A provider registry where each provider is recognisable one way.
const NETWORK_PROVIDERS: &str = "\
providers:
  - id: vnpt
    name: VNPT
    domestic: true
    assessed: true
    network:
      cname_suffixes: [.vnpt-cloud.test]
  - id: viettel
    name: Viettel
    domestic: true
    assessed: true
    network:
      ip_ranges: [127.0.0.2/32]
  - id: aws
    name: Amazon Web Services
    domestic: false
    network:
      ip_ranges: [198.51.100.0/24]
      cname_suffixes: [.aws-cloud.test]
      reverse_dns_suffixes: [.compute.aws-cloud.test]
";

/// A project whose `policies/providers.yaml` is `providers`.
fn project_with_providers(providers: &str) -> Project {
    Project::new().file("policies/providers.yaml", providers)
}

/// `probe` through the test DNS with the project's providers.
fn probe_via(dns: &DnsServer, project: &Project, url: &str) -> Facts {
    let resolver = dns.resolver();
    probe_one(
        project,
        &[url, "--resolver", &resolver, "--policies", "policies"],
    )
}

/// Issue 14: HSTS preload from the shipped snapshot of Chromium's list,
/// judged on the host and on its base domain as pshtt does:
/// kiengiang.gov.vn is on the list with its subdomains, hue.gov.vn is not,
/// and a host outside `.vn` gets no preload facts at all.
#[test]
fn issue_14_hsts_preload_is_judged_on_the_host_and_its_base_domain() {
    let names = ["kiengiang.gov.vn", "hue.gov.vn", "dichvucong.hue.gov.vn"];
    let mut zone = Zone::new().a("plain.test", Ipv4Addr::LOCALHOST);
    for name in names {
        zone = zone.a(name, Ipv4Addr::LOCALHOST);
    }
    let dns = DnsServer::start(zone);
    let ca = TestCa::root("CloudCensus Test Root");
    let site = HttpsServer::start(
        tls13(&ca.leaf(&names, Validity::days_left(90))),
        |_: &Request| {
            Response::html("Preloaded?")
                .header(
                    "Strict-Transport-Security",
                    "max-age=31536000; includeSubDomains; preload",
                )
                .into()
        },
    );
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let resolver = dns.resolver();
    let probe = |host: &str| {
        let url = site.url(host, "/");
        probe_one(
            &project,
            &[
                &url,
                "--resolver",
                &resolver,
                "--ca-file",
                &ca_path,
                "--tls-depth",
                "quick",
            ],
        )
    };
    let listed = probe("kiengiang.gov.vn");
    listed.expect("/hsts_preload/base_domain", "kiengiang.gov.vn");
    listed.expect("/hsts_preload/preloaded", true);
    listed.expect("/hsts_preload/base_preloaded", true);
    listed.expect("/hsts_preload/preload_ready", true);
    let snapshot: Value = serde_json::from_slice(
        &std::fs::read(crate::common::repo_root().join("data/hsts-preload.json")).unwrap(),
    )
    .unwrap();
    listed.expect(
        "/hsts_preload/list_date",
        snapshot["preload_list"]["date"].clone(),
    );
    let base = probe("hue.gov.vn");
    base.expect("/hsts_preload/preloaded", false);
    base.expect("/hsts_preload/preload_ready", true);
    // A subdomain is judged by its base domain; readiness is the base's own.
    let under = probe("dichvucong.hue.gov.vn");
    under.expect("/hsts_preload/base_domain", "hue.gov.vn");
    under.expect("/hsts_preload/preloaded", false);
    under.expect("/hsts_preload/base_preloaded", false);
    under.absent("/hsts_preload/preload_ready");
    let outside = probe_via(&dns, &Project::new(), "http://plain.test:9/");
    outside.absent("/hsts_preload");
    // In a scan, the default pack's preload rule (WEB-011) judges portals by it.
    for (host, outcome) in [
        ("kiengiang.gov.vn", "pass"),
        ("dichvucong.hue.gov.vn", "fail"),
    ] {
        let inventory = format!(
            "agency:\n  id: so-a\n  name: A\n  kind: department\nsystems:\n  - id: portal\n    name: Portal\n    criticality: high\n    tags: [public-portal]\n    hosting:\n      model: gov-cloud\n      provider: vnpt\n    endpoints:\n      - url: {}\n",
            site.url(host, "/")
        );
        let project =
            with_shipped_web_rules(Project::new().file("inventories/so-a.yaml", inventory));
        let ca_path = ca_file(&project, &ca);
        let rule = scan_outcomes(&project, &["--resolver", &resolver, "--ca-file", &ca_path]);
        assert_eq!(rule("WEB-011"), outcome, "{host}");
    }
}

#[test]
fn name_is_resolved_through_the_given_resolver_and_fetched() {
    let dns = DnsServer::start(test_zone());
    let server = HttpServer::start(|request: &Request| {
        // Answers only when asked by the test name, proving the probe used it.
        if request
            .header("host")
            .is_some_and(|host| host.starts_with("portal.test"))
        {
            Response::html("Portal via test DNS").into()
        } else {
            Response::new(404).into()
        }
    });
    let url = format!("http://portal.test:{}/", server.port());
    let facts = probe_via(&dns, &project_with_providers(NETWORK_PROVIDERS), &url);
    facts.expect("/host", "portal.test");
    facts.expect("/reachable", true);
    facts.absent("/error");
    facts.expect("/status", 200);
    facts.expect("/title", "Portal via test DNS");
    facts.expect("/dns/a", json!(["127.0.0.1"]));
    facts.expect("/dns/cname", json!(["edge.cdn.vnpt-cloud.test"]));
    // 127.0.0.1 reverses to a name from /etc/hosts (or `localhost`),
    // which depends on the machine: only its presence is checked here.
    assert!(
        facts
            .get("/dns/reverse")
            .and_then(Value::as_str)
            .is_some_and(|name| !name.is_empty()),
        "a reverse name\nfacts: {:#}",
        facts.0
    );
    facts.absent("/dns/error");
}

#[test]
fn ipv4_and_ipv6_addresses_are_both_listed() {
    let dns = DnsServer::start(test_zone());
    let server = TcpServer::start_on(LOOPBACK);
    let url = format!("tcp://dual.test:{}", server.port());
    let facts = probe_via(&dns, &Project::new(), &url);
    facts.expect("/dns/a", json!(["127.0.0.1"]));
    facts.expect("/dns/aaaa", json!(["::1"]));
    facts.expect("/dns/cname", json!([]));
    facts.absent("/dns/error");
}

/// Issue 14: every address family is asked. A site on `::1` only is
/// reachable through its name's AAAA record, after its A address refused,
/// and answers over IPv6 only; one on 127.0.0.1 only answers over IPv4
/// only; a name without AAAA has no IPv6 fact at all.
#[test]
fn issue_14_each_address_family_is_tried_and_told_apart() {
    let v6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
    let zone = Zone::new()
        .a("both.test", Ipv4Addr::LOCALHOST)
        .aaaa("both.test", Ipv6Addr::LOCALHOST)
        .aaaa("only6.test", Ipv6Addr::LOCALHOST)
        .a("only4.test", Ipv4Addr::LOCALHOST);
    let dns = DnsServer::start(zone);
    let on_v6 = HttpServer::start_on(v6, |_: &Request| Response::html("Over IPv6").into());
    let on_v4 = HttpServer::start(|_: &Request| Response::html("Over IPv4").into());
    let probe =
        |host: &str, port: u16| probe_via(&dns, &Project::new(), &format!("http://{host}:{port}/"));
    // A and AAAA, served over IPv6 only: the A address refuses, the AAAA
    // one answers.
    let facts = probe("both.test", on_v6.port());
    facts.expect("/reachable", true);
    facts.expect("/title", "Over IPv6");
    facts.expect("/ipv4", false);
    facts.expect("/ipv6", true);
    let facts = probe("only6.test", on_v6.port());
    facts.expect("/reachable", true);
    facts.absent("/ipv4");
    facts.expect("/ipv6", true);
    // Served over IPv4 only: the AAAA address is asked too, and refuses.
    let facts = probe("both.test", on_v4.port());
    facts.expect("/title", "Over IPv4");
    facts.expect("/ipv4", true);
    facts.expect("/ipv6", false);
    let facts = probe("only4.test", on_v4.port());
    facts.expect("/ipv4", true);
    facts.absent("/ipv6");
    // A port expected closed that is closed over IPv4 and open over IPv6 is open.
    let open6 = TcpServer::start_on(v6);
    let facts = probe_via(
        &dns,
        &Project::new(),
        &format!("tcp://both.test:{}", open6.port()),
    );
    facts.expect("/open", true);
    facts.expect("/ipv4", false);
    facts.expect("/ipv6", true);
    // NET-001 (and so the IPv6 target) judges the answer, not the record:
    // both names have an AAAA record; only the portal served over IPv6
    // passes.
    let resolver = dns.resolver();
    for (port, outcome) in [(on_v6.port(), "pass"), (on_v4.port(), "fail")] {
        let inventory = format!(
            "agency:\n  id: so-a\n  name: A\n  kind: department\nsystems:\n  - id: portal\n    name: Portal\n    criticality: high\n    tags: [public-portal]\n    hosting:\n      model: gov-cloud\n      provider: vnpt\n    endpoints:\n      - url: http://both.test:{port}/\n"
        );
        let project =
            with_shipped_web_rules(Project::new().file("inventories/so-a.yaml", inventory));
        let rule = scan_outcomes(&project, &["--resolver", &resolver]);
        assert_eq!(rule("NET-001"), outcome, "port {port}");
    }
}

/// Issue 14: an AAAA lookup that fails (SERVFAIL) while the A lookup
/// answers is said, and leaves the IPv6 rule `unknown`: an empty list
/// would have failed the portal for its resolver's fault.
#[test]
fn issue_14_a_failed_aaaa_lookup_is_unknown_not_no_ipv6() {
    let zone = Zone::new()
        .a("flaky6.test", Ipv4Addr::LOCALHOST)
        .servfail_aaaa("flaky6.test");
    let dns = DnsServer::start(zone);
    let site = HttpServer::start(|_: &Request| Response::html("Over IPv4").into());
    let url = format!("http://flaky6.test:{}/", site.port());
    let facts = probe_via(&dns, &Project::new(), &url);
    facts.expect("/reachable", true);
    facts.expect("/dns/a/0", "127.0.0.1");
    facts.expect("/dns/aaaa_error", "servfail");
    facts.absent("/dns/error");
    facts.expect("/ipv4", true);
    facts.absent("/ipv6");
    let inventory = format!(
        "agency:\n  id: so-a\n  name: A\n  kind: department\nsystems:\n  - id: portal\n    name: Portal\n    criticality: high\n    tags: [public-portal]\n    hosting:\n      model: gov-cloud\n      provider: vnpt\n    endpoints:\n      - url: {url}\n"
    );
    let project = with_shipped_web_rules(Project::new().file("inventories/so-a.yaml", inventory));
    let rule = scan_outcomes(&project, &["--resolver", &dns.resolver()]);
    assert_eq!(rule("NET-001"), "unknown");
}

#[test]
fn unknown_name_is_a_dns_error_nxdomain() {
    let dns = DnsServer::start(test_zone());
    let port = free_port(LOOPBACK);
    let url = format!("http://missing.test:{port}/");
    let facts = probe_via(&dns, &Project::new(), &url);
    facts.expect("/reachable", false);
    facts.expect("/error", "dns");
    facts.expect("/dns/error", "nxdomain");
    facts.absent("/status");
}

#[test]
fn server_failure_of_the_resolver_is_a_dns_error_servfail() {
    let dns = DnsServer::start(test_zone());
    let port = free_port(LOOPBACK);
    let url = format!("http://broken.test:{port}/");
    let facts = probe_via(&dns, &Project::new(), &url);
    facts.expect("/reachable", false);
    facts.expect("/error", "dns");
    facts.expect("/dns/error", "servfail");
}

#[test]
fn provider_is_recognised_by_cname_suffix() {
    let dns = DnsServer::start(test_zone());
    let server = HttpServer::start(|_: &Request| Response::html("Portal").into());
    let url = format!("http://portal.test:{}/", server.port());
    let facts = probe_via(&dns, &project_with_providers(NETWORK_PROVIDERS), &url);
    facts.expect("/status", 200);
    facts.expect("/observed_provider", "vnpt");
}

#[test]
fn provider_is_recognised_by_ip_range() {
    let dns = DnsServer::start(test_zone());
    let server = TcpServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)));
    let url = format!("tcp://ranged.test:{}", server.port());
    let facts = probe_via(&dns, &project_with_providers(NETWORK_PROVIDERS), &url);
    facts.expect("/dns/a", json!(["127.0.0.2"]));
    facts.expect("/open", true);
    facts.expect("/observed_provider", "viettel");
}

#[test]
fn provider_is_recognised_by_reverse_dns_suffix() {
    // 127.0.0.2 reverses to `localhost` (see `test_zone`).
    let providers = "\
providers:
  - id: fpt
    name: FPT
    domestic: true
    network:
      reverse_dns_suffixes: [localhost]
";
    let dns = DnsServer::start(test_zone());
    let server = TcpServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)));
    let url = format!("tcp://ranged.test:{}", server.port());
    let facts = probe_via(&dns, &project_with_providers(providers), &url);
    facts.expect("/dns/a", json!(["127.0.0.2"]));
    facts.expect("/dns/reverse", "localhost");
    facts.expect("/observed_provider", "fpt");
}

#[test]
fn no_provider_is_observed_when_nothing_matches() {
    let dns = DnsServer::start(test_zone());
    let server = HttpServer::start(|_: &Request| Response::html("Plain").into());
    let url = format!("http://plain.test:{}/", server.port());
    let facts = probe_via(&dns, &project_with_providers(NETWORK_PROVIDERS), &url);
    facts.expect("/status", 200);
    facts.expect("/dns/a", json!(["127.0.0.1"]));
    facts.absent("/observed_provider");
}

// ---------------------------------------------------------------------------
// scan without --offline
// ---------------------------------------------------------------------------

#[test]
fn scan_probes_every_endpoint_and_feeds_the_facts_to_endpoint_rules() {
    let ca = TestCa::root("CloudCensus Test Root");
    let fresh = secure_site(tls13(
        &ca.leaf(&["localhost", "127.0.0.1"], Validity::days_left(90)),
    ));
    let expired = secure_site(tls13(
        &ca.leaf(&["localhost", "127.0.0.1"], Validity::expired()),
    ));
    let database = TcpServer::start_on(LOOPBACK);
    let fresh_url = fresh.url("127.0.0.1", "/");
    let expired_url = expired.url("127.0.0.1", "/");
    let database_url = format!("tcp://127.0.0.1:{}", database.port());
    let inventory = format!(
        "\
agency:
  id: so-probe
  name: Probe agency
  kind: department
systems:
  - id: portal
    name: Portal
    criticality: high
    hosting:
      model: gov-cloud
      provider: vnpt
    endpoints:
      - url: {fresh_url}
      - url: {database_url}
  - id: legacy
    name: Legacy
    criticality: medium
    hosting:
      model: gov-cloud
      provider: vnpt
    endpoints:
      - url: {expired_url}
"
    );
    let project = Project::new()
        .file("inventories/so-probe.yaml", inventory)
        .file("policies/test.yaml", GOOD_POLICY)
        .file(
            "policies/providers.yaml",
            "providers:\n  - id: vnpt\n    name: VNPT\n    domestic: true\n",
        );
    let ca_path = ca_file(&project, &ca);
    let (code, stdout, stderr) = run(
        &project,
        &[
            "scan",
            "--format",
            "json",
            "--ca-file",
            &ca_path,
            "--timeout",
            "5",
        ],
    );
    let scan: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    // TLS-003 (certificate valid 30 days) is medium: below the default bar.
    assert_eq!(code, Some(0), "{stderr}");

    let probes = scan["probes"].as_array().expect("a probes array");
    let urls: Vec<&str> = probes.iter().filter_map(|p| p["url"].as_str()).collect();
    let mut sorted = vec![
        fresh_url.as_str(),
        expired_url.as_str(),
        database_url.as_str(),
    ];
    sorted.sort_unstable();
    assert_eq!(urls, sorted, "probes sorted by url");
    let facts_of = |url: &str| {
        Facts(
            probes
                .iter()
                .find(|p| p["url"] == url)
                .cloned()
                .unwrap_or_default(),
        )
    };
    facts_of(&fresh_url).expect("/cert/valid", true);
    facts_of(&expired_url).expect("/cert/problem", "expired");
    facts_of(&database_url).expect("/open", true);

    // Findings list what did not pass: only the expired certificate.
    let tls_findings: Vec<&Value> = scan["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "TLS-003")
        .collect();
    assert_eq!(tls_findings.len(), 1, "{stdout}");
    assert_eq!(tls_findings[0]["endpoint"], expired_url.as_str());
    assert_eq!(tls_findings[0]["outcome"], "fail");
    let tls_rule = scan["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "TLS-003")
        .expect("TLS-003 in rules");
    assert_eq!(tls_rule["outcomes"]["pass"], 1, "{stdout}");
    assert_eq!(tls_rule["outcomes"]["fail"], 1, "{stdout}");
}
