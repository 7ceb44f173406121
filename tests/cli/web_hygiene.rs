//! Issue 14, items 1 to 3: the security headers, cookies and security.txt
//! of sites the tests serve on loopback (every header, none, an unsafe
//! policy; cookies with and without flags; security.txt valid, expired,
//! missing, over plain HTTP), read from `probe --format json`, and the
//! shipped pack's rules judging them in a `scan`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::common::Project;
use crate::probe::{Facts, ca_file, probe, probe_one};
use crate::scan_online::finding;
use crate::servers::{HttpServer, HttpsServer, Request, Response, TestCa, Validity, tls13};

const SECURITY_TXT: &str = "/.well-known/security.txt";
const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'nonce-r4nd0m'; frame-ancestors 'none'";

/// A security.txt whose `Expires` is `days` from now.
fn security_txt(days: i64) -> Response {
    let expires = (OffsetDateTime::now_utc() + Duration::days(days))
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap();
    Response::new(200)
        .header("Content-Type", "text/plain; charset=utf-8")
        .body(format!(
            "# Báo cáo lỗ hổng\nContact: mailto:security@example.gov.vn\nContact: https://example.gov.vn/bao-mat\nExpires: {expires}\n"
        ))
}

/// A page sending every header, with flagged cookies.
fn every_header() -> Response {
    Response::html("Every header")
        .header("Content-Security-Policy", STRICT_CSP)
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "strict-origin-when-cross-origin")
        .header("Permissions-Policy", "geolocation=(), camera=()")
        .header(
            "Set-Cookie",
            "session=s3cr3t-value; Path=/; Secure; HttpOnly; SameSite=Strict",
        )
        .header("Set-Cookie", "lang=vi; Path=/; Secure; SameSite=Lax")
}

/// A page with a policy that lets any script run, and a cookie without
/// flags.
fn unsafe_page() -> Response {
    Response::html("Unsafe")
        .header(
            "Content-Security-Policy",
            "default-src * 'unsafe-inline' 'unsafe-eval'",
        )
        .header("Set-Cookie", "tracking=abc123; Path=/")
}

/// The routes of a test site: `page` everywhere, `file` at
/// `/.well-known/security.txt` (404 without one); `asked` counts the
/// requests for the file.
fn routes(
    page: Response,
    file: Option<Response>,
    asked: Arc<AtomicUsize>,
) -> impl Fn(&Request) -> crate::servers::Reply + Send + Sync + 'static {
    move |request: &Request| {
        if request.path == SECURITY_TXT {
            asked.fetch_add(1, Ordering::SeqCst);
            return file.clone().unwrap_or_else(|| Response::new(404)).into();
        }
        page.clone().into()
    }
}

struct Site {
    server: HttpsServer,
    asked: Arc<AtomicUsize>,
}

fn https_site(ca: &TestCa, page: Response, file: Option<Response>) -> Site {
    let asked = Arc::new(AtomicUsize::new(0));
    let server = HttpsServer::start(
        tls13(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
        routes(page, file, Arc::clone(&asked)),
    );
    Site { server, asked }
}

fn probe_site(ca: &TestCa, site: &Site) -> Facts {
    let project = Project::new();
    let ca_path = ca_file(&project, ca);
    probe_one(
        &project,
        &[&site.server.url("127.0.0.1", "/"), "--ca-file", &ca_path],
    )
}

#[test]
fn issue_14_every_security_header_is_a_fact_and_cookie_values_are_never_kept() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = https_site(&ca, every_header(), Some(security_txt(100)));
    let facts = probe_site(&ca, &site);
    facts.expect(
        "/headers",
        json!({
            "csp": {
                "value": STRICT_CSP,
                "directives": ["default-src", "script-src", "frame-ancestors"],
                "script_restricted": true,
                "script_unsafe_inline": false,
                "script_unsafe_eval": false,
                "script_wildcard": false,
                "frame_ancestors": "'none'"
            },
            "x_frame_options": "DENY",
            "x_content_type_options": "nosniff",
            "nosniff": true,
            "referrer_policy": "strict-origin-when-cross-origin",
            "permissions_policy": "geolocation=(), camera=()",
            "frame_protection": true
        }),
    );
    facts.expect(
        "/cookies",
        json!({
            "set": [
                {"name": "session", "secure": true, "http_only": true, "same_site": "Strict"},
                {"name": "lang", "secure": true, "http_only": false, "same_site": "Lax"}
            ],
            "count": 2,
            "insecure_over_https": false
        }),
    );
    assert!(!facts.0.to_string().contains("s3cr3t"), "{}", facts.0);
    let file = site.server.url("127.0.0.1", SECURITY_TXT);
    facts.expect("/security_txt/url", file.as_str());
    facts.expect("/security_txt/status", 200);
    facts.expect("/security_txt/present", true);
    facts.expect("/security_txt/https", true);
    facts.expect(
        "/security_txt/contacts",
        json!([
            "mailto:security@example.gov.vn",
            "https://example.gov.vn/bao-mat"
        ]),
    );
    facts.expect("/security_txt/expired", false);
    let days = facts.int("/security_txt/days_left");
    assert!((99..=100).contains(&days), "{days}");
}

#[test]
fn issue_14_a_bare_site_has_no_header_no_cookie_and_no_security_txt() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = https_site(&ca, Response::html("Bare"), None);
    let facts = probe_site(&ca, &site);
    facts.expect(
        "/headers",
        json!({"nosniff": false, "frame_protection": false}),
    );
    facts.expect(
        "/cookies",
        json!({"set": [], "count": 0, "insecure_over_https": false}),
    );
    facts.expect(
        "/security_txt",
        json!({
            "url": site.server.url("127.0.0.1", SECURITY_TXT),
            "status": 404,
            "present": false,
            "https": true
        }),
    );
}

#[test]
fn issue_14_an_unsafe_policy_an_unflagged_cookie_and_an_expired_security_txt() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = https_site(&ca, unsafe_page(), Some(security_txt(-10)));
    let facts = probe_site(&ca, &site);
    facts.expect(
        "/headers/csp",
        json!({
            "value": "default-src * 'unsafe-inline' 'unsafe-eval'",
            "directives": ["default-src"],
            "script_restricted": true,
            "script_unsafe_inline": true,
            "script_unsafe_eval": true,
            "script_wildcard": true
        }),
    );
    facts.expect("/headers/frame_protection", false);
    facts.expect(
        "/cookies",
        json!({
            "set": [{"name": "tracking", "secure": false, "http_only": false}],
            "count": 1,
            "insecure_over_https": true
        }),
    );
    facts.expect("/security_txt/present", true);
    facts.expect("/security_txt/expired", true);
    let days = facts.int("/security_txt/days_left");
    assert!((-11..=-10).contains(&days), "{days}");
}

#[test]
fn issue_14_over_plain_http_a_cookie_is_not_judged_and_security_txt_is_asked_over_https() {
    let asked = Arc::new(AtomicUsize::new(0));
    let server = HttpServer::start(routes(
        unsafe_page(),
        Some(security_txt(30)),
        Arc::clone(&asked),
    ));
    let project = Project::new();
    let facts = probe_one(&project, &[&server.url("/")]);
    facts.expect("/cookies/insecure_over_https", false);
    // RFC 9116 (3): the file is asked at the host's HTTPS origin, never
    // over plain HTTP; nothing answers HTTPS on 127.0.0.1 here.
    assert_eq!(asked.load(Ordering::SeqCst), 0);
    facts.expect(
        "/security_txt",
        json!({
            "url": "https://127.0.0.1/.well-known/security.txt",
            "present": false,
            "https": true
        }),
    );
    for (lang, words) in [
        ("en", "not found: nothing answered over HTTPS"),
        ("vi", "không có: máy chủ không trả lời qua HTTPS"),
    ] {
        let output = project
            .cmd(&["probe", &server.url("/"), "--lang", lang])
            .output()
            .unwrap();
        crate::common::assert_holds(&String::from_utf8_lossy(&output.stdout), &[words]);
    }
}

/// An `http://` endpoint's security.txt is its host's, at `https://host/`
/// (port 443), shared with an `https://` endpoint of that host; and a
/// file that is HTML is not a security.txt.
#[test]
fn issue_14_an_http_endpoints_security_txt_is_its_hosts_over_https() {
    let ip: IpAddr = "127.0.14.43".parse().unwrap();
    let ca = TestCa::root("CloudCensus Test Root");
    let asked = Arc::new(AtomicUsize::new(0));
    let https = HttpsServer::start_at(
        SocketAddr::new(ip, 443),
        tls13(&ca.leaf(&["127.0.14.43"], Validity::days_left(90))),
        routes(every_header(), Some(security_txt(100)), Arc::clone(&asked)),
    );
    let plain_asked = Arc::new(AtomicUsize::new(0));
    let plain = HttpServer::start_on(
        ip,
        routes(Response::html("plain"), None, Arc::clone(&plain_asked)),
    );
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let all = probe(
        &project,
        &[
            &plain.url("/"),
            &https.url("127.0.14.43", "/"),
            "--ca-file",
            &ca_path,
        ],
    );
    for facts in &all {
        facts.expect(
            "/security_txt/url",
            "https://127.0.14.43/.well-known/security.txt",
        );
        facts.expect("/security_txt/status", 200);
        facts.expect("/security_txt/present", true);
        facts.expect("/security_txt/https", true);
    }
    assert_eq!(asked.load(Ordering::SeqCst), 1, "asked once for the host");
    assert_eq!(
        plain_asked.load(Ordering::SeqCst),
        0,
        "never over plain HTTP"
    );
    drop(https);

    let html_file = Response::html("Not a security.txt");
    let ip: IpAddr = "127.0.14.44".parse().unwrap();
    let _html = HttpsServer::start_at(
        SocketAddr::new(ip, 443),
        tls13(&ca.leaf(&["127.0.14.44"], Validity::days_left(90))),
        routes(
            Response::html("page"),
            Some(html_file),
            Arc::new(AtomicUsize::new(0)),
        ),
    );
    let plain = HttpServer::start_on(ip, routes(Response::html("plain"), None, plain_asked));
    let facts = probe_one(&project, &[&plain.url("/"), "--ca-file", &ca_path]);
    // Answered 200, but as HTML: not a security.txt.
    facts.expect("/security_txt/status", 200);
    facts.expect("/security_txt/present", false);
    facts.absent("/security_txt/contacts");
}

#[test]
fn issue_14_security_txt_is_asked_once_per_origin() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = https_site(&ca, every_header(), Some(security_txt(100)));
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let all = probe(
        &project,
        &[
            &site.server.url("127.0.0.1", "/"),
            &site.server.url("127.0.0.1", "/tin-tuc"),
            &site.server.url("127.0.0.1", "/lien-he"),
            "--ca-file",
            &ca_path,
        ],
    );
    assert_eq!(site.asked.load(Ordering::SeqCst), 1);
    for facts in &all {
        facts.expect("/security_txt/present", true);
    }
}

/// A redirect is followed to where the file is: an HTTPS origin's file
/// may live on another host.
#[test]
fn issue_14_a_security_txt_redirected_elsewhere_is_followed() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = https_site(&ca, every_header(), Some(security_txt(100)));
    let target = site.server.url("127.0.0.1", SECURITY_TXT);
    let redirecting = HttpsServer::start(
        tls13(&ca.leaf(&["127.0.0.1"], Validity::days_left(90))),
        move |request: &Request| {
            if request.path == SECURITY_TXT {
                Response::redirect(301, &target).into()
            } else {
                Response::html("elsewhere").into()
            }
        },
    );
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let facts = probe_one(
        &project,
        &[&redirecting.url("127.0.0.1", "/"), "--ca-file", &ca_path],
    );
    facts.expect(
        "/security_txt/url",
        site.server.url("127.0.0.1", SECURITY_TXT),
    );
    facts.expect("/security_txt/https", true);
    facts.expect("/security_txt/present", true);
}

#[test]
fn issue_14_the_probe_table_shows_headers_cookies_and_security_txt() {
    let ca = TestCa::root("CloudCensus Test Root");
    let site = https_site(&ca, unsafe_page(), Some(security_txt(-10)));
    let project = Project::new();
    let ca_path = ca_file(&project, &ca);
    let url = site.server.url("127.0.0.1", "/");
    let table_holds = |lang: &str, needles: &[&str]| {
        let output = project
            .cmd(&["probe", &url, "--ca-file", &ca_path, "--lang", lang])
            .output()
            .unwrap();
        crate::common::assert_holds(&String::from_utf8_lossy(&output.stdout), needles);
    };
    table_holds(
        "en",
        &[
            "Content-Security-Policy  default-src * 'unsafe-inline' 'unsafe-eval' (scripts allowed: inline, eval, from any source)",
            "Framing by other sites   allowed",
            "X-Content-Type-Options   none",
            "Cookies                  tracking (no flags); some set over HTTPS without Secure",
            "security.txt             expired on ",
        ],
    );
    table_holds(
        "vi",
        &[
            "cho phép mã script nhúng trong trang",
            "có cookie gửi qua HTTPS thiếu thuộc tính Secure",
            "Tệp security.txt",
            "đã hết hạn từ ngày",
        ],
    );
}

#[test]
fn issue_14_scan_judges_headers_cookies_and_security_txt_with_the_shipped_rules() {
    let ca = TestCa::root("CloudCensus Test Root");
    let good = https_site(&ca, every_header(), Some(security_txt(100)));
    let bad = https_site(&ca, unsafe_page(), Some(security_txt(-10)));
    let bare = https_site(&ca, Response::html("Bare"), None);
    let dead = format!(
        "https://127.0.0.1:{}/",
        crate::servers::free_port(crate::servers::LOOPBACK)
    );
    let urls = [
        good.server.url("127.0.0.1", "/"),
        bad.server.url("127.0.0.1", "/"),
        bare.server.url("127.0.0.1", "/"),
        dead,
    ];
    let mut inventory =
        String::from("agency:\n  id: so-web\n  name: Web agency\n  kind: department\nsystems:\n");
    for (index, url) in urls.iter().enumerate() {
        inventory.push_str(&format!(
            "  - id: portal-{index}\n    name: Portal {index}\n    criticality: high\n    hosting:\n      model: gov-cloud\n    endpoints:\n      - url: {url}\n    tags: [public-portal]\n"
        ));
    }
    // The shipped pack: no policies/ folder, so the built-in copy is read.
    let project = Project::new().file("inventories/so-web.yaml", inventory);
    std::fs::remove_dir(project.path("policies")).unwrap();
    let ca_path = ca_file(&project, &ca);
    let output = project
        .cmd(&[
            "scan",
            "--format",
            "json",
            "--ca-file",
            &ca_path,
            "--timeout",
            "5",
            "--retries",
            "0",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let scan: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    let outcomes = |url: &str| -> Vec<Option<&str>> {
        ["WEB-006", "WEB-007", "WEB-008", "WEB-009", "WEB-010"]
            .iter()
            .map(|rule| finding(&scan, rule, url))
            .collect()
    };
    // No finding is a pass.
    assert_eq!(outcomes(&urls[0]), [None; 5], "{stdout}");
    assert_eq!(outcomes(&urls[1]), [Some("fail"); 5], "{stdout}");
    assert_eq!(
        outcomes(&urls[2]),
        [Some("fail"), Some("fail"), Some("fail"), None, Some("fail")],
        "{stdout}"
    );
    // What an endpoint that did not answer shows is unknown, not a failure.
    assert_eq!(outcomes(&urls[3]), [Some("unknown"); 5], "{stdout}");
}
