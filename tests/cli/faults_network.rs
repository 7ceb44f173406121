//! The network failing under a scan: the DNS server dying halfway, and
//! servers that reset the connection (RST, by SO_LINGER 0) in the middle
//! of the TLS handshake or of the body. The run completes; each endpoint
//! gets one result, an `error` fact for those that failed, and nothing
//! panics or hangs.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Project, with_shipped_web_rules};
use crate::servers::{DnsServer, HttpServer, Request, Response, Zone};

/// One agency whose system `web` lists `urls`.
fn agency(urls: &[String]) -> String {
    let mut text = String::from(
        "agency: { id: so-a, name: A, kind: department }\nsystems:\n  - id: web\n    name: Web\n    criticality: low\n    hosting: { model: gov-cloud }\n    endpoints:\n",
    );
    for url in urls {
        text.push_str(&format!("      - url: {url}\n"));
    }
    text
}

/// The record's probes, by URL, as (URL, error kind or `None`).
fn probe_errors(record: &Value) -> Vec<(String, Option<String>)> {
    record["probes"]
        .as_array()
        .expect("probes")
        .iter()
        .map(|probe| {
            (
                probe["url"].as_str().unwrap_or_default().to_string(),
                probe["error"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// Starts `command` with its output piped.
fn spawn(mut command: std::process::Command) -> std::process::Child {
    command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child` to end, failing past a hang guard of 60 s.
fn finish(child: std::process::Child) -> std::process::Output {
    let id = child.id();
    let started = Instant::now();
    let (done, waiting) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    loop {
        if let Ok(output) = waiting.recv_timeout(Duration::from_millis(100)) {
            return output.unwrap();
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &id.to_string()])
                .status();
            panic!("the scan did not finish within 60 s");
        }
    }
}

#[test]
fn the_dns_server_dying_mid_run_gives_dns_errors_for_the_rest_and_the_run_completes() {
    const NAMES: usize = 6;
    let pages = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&pages);
    let web = HttpServer::start(move |request: &Request| {
        if request.path == "/" {
            counted.fetch_add(1, Ordering::SeqCst);
            // Slow enough for the test to stop the DNS server between two.
            std::thread::sleep(Duration::from_millis(150));
        }
        Response::html("Site").into()
    });
    let mut zone = Zone::new();
    let mut urls = Vec::new();
    for n in 0..NAMES {
        zone = zone.a(&format!("h{n}.test"), Ipv4Addr::LOCALHOST);
        urls.push(format!("http://h{n}.test:{}/", web.port()));
    }
    let dns = DnsServer::start(zone);
    let project =
        with_shipped_web_rules(Project::new()).file("inventories/so-a.yaml", agency(&urls));
    let scan = spawn(project.process(&[
        "scan",
        "--no-history",
        "--format",
        "json",
        "--concurrency",
        "1",
        "--resolver",
        &dns.resolver(),
        "--timeout",
        "5",
        "--connect-timeout",
        "1",
    ]));
    let started = Instant::now();
    while pages.load(Ordering::SeqCst) < 2 {
        assert!(started.elapsed() < Duration::from_secs(30), "probing began");
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(dns);
    let output = finish(scan);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors = probe_errors(&record);
    assert_eq!(errors.len(), NAMES, "one result per endpoint: {errors:?}");
    let answered = errors.iter().filter(|(_, error)| error.is_none()).count();
    let dns_errors = errors
        .iter()
        .filter(|(_, error)| error.as_deref() == Some("dns"))
        .count();
    assert!(answered >= 2, "the first names resolved: {errors:?}");
    assert!(dns_errors >= 1, "the rest are DNS errors: {errors:?}");
    assert_eq!(answered + dns_errors, NAMES, "{errors:?}");
}

/// A listener whose every connection reads what the client sends first,
/// writes `reply`, then resets (SO_LINGER 0: the close sends RST).
fn resetting_server(reply: &'static [u8]) -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || reset_after(stream, reply));
        }
    });
    port
}

fn reset_after(mut stream: TcpStream, reply: &[u8]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut first = [0u8; 4096];
    let _ = stream.read(&mut first);
    let _ = stream.write_all(reply);
    let _ = stream.flush();
    std::thread::sleep(Duration::from_millis(20));
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
}

#[test]
fn servers_resetting_mid_handshake_and_mid_body_are_error_facts_never_a_panic() {
    // Mid-handshake: the ClientHello is read, then RST instead of a
    // ServerHello (a TLS record header promising more, cut short).
    let handshake = resetting_server(b"\x16\x03\x03\x00\x7a\x02\x00\x00");
    // Mid-body: a head promising 100,000 bytes, 11 of them, then RST.
    let body = resetting_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><titl",
    );
    let fine = HttpServer::start(|_: &Request| Response::html("Fine").into());
    let urls = [
        format!("https://127.0.0.1:{handshake}/"),
        format!("http://127.0.0.1:{body}/"),
        fine.url("/"),
    ];
    let project =
        with_shipped_web_rules(Project::new()).file("inventories/so-a.yaml", agency(&urls));
    let output = finish(spawn(project.process(&[
        "scan",
        "--history",
        "h.sqlite",
        "--format",
        "json",
        "--timeout",
        "5",
    ])));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors = probe_errors(&record);
    assert_eq!(errors.len(), 3, "one result per endpoint: {errors:?}");
    let error_of = |url: &str| {
        errors
            .iter()
            .find(|(probed, _)| probed == url)
            .unwrap_or_else(|| panic!("{url} in {errors:?}"))
            .1
            .clone()
    };
    assert_eq!(error_of(&urls[0]).as_deref(), Some("tls"), "{errors:?}");
    assert_eq!(error_of(&urls[1]).as_deref(), Some("http"), "{errors:?}");
    assert_eq!(error_of(&urls[2]), None, "{errors:?}");
    // The run was recorded whole, every endpoint with it.
    let stored = project
        .cmd(&["report", "--history", "h.sqlite", "--format", "json"])
        .output()
        .unwrap();
    let stored: Value = serde_json::from_slice(&stored.stdout).unwrap();
    assert_eq!(probe_errors(&stored), errors);
}
