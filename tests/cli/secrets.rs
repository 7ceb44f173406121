//! What must never leave a probe: the user name and password of an
//! inventory URL (`https://user:pass@host/`) and the values of the
//! cookies a server sets. A scan of a loopback server that sets cookies,
//! through a URL with credentials, is searched whole: every report
//! format, stdout and stderr, the run read back from the history, the
//! raw store, and `probe`'s own output. The server never sees the
//! credentials either.

use std::sync::{Arc, Mutex};

use crate::common::Project;
use crate::servers::{HttpServer, Request, Response};

const USER: &str = "alice-in-inventory";
const PASSWORD: &str = "hunter2-never-printed";
const COOKIE: &str = "s3ssion-value-never-printed";
const TOKEN: &str = "csrf-token-never-printed";

fn secrets() -> [&'static str; 4] {
    [USER, PASSWORD, COOKIE, TOKEN]
}

/// Fails naming the secret and where it was found.
fn assert_clean(place: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for secret in secrets() {
        assert!(!text.contains(secret), "{secret} in {place}:\n{text}");
    }
}

#[test]
fn url_credentials_and_cookie_values_reach_no_record_report_or_output() {
    let seen: Arc<Mutex<Vec<Request>>> = Arc::default();
    let requests = Arc::clone(&seen);
    let server = HttpServer::start(move |request: &Request| {
        requests.lock().unwrap().push(request.clone());
        Response::html("Portal")
            .header(
                "Set-Cookie",
                &format!("SESSIONID={COOKIE}; Path=/; HttpOnly"),
            )
            .header("Set-Cookie", &format!("csrf={TOKEN}; Path=/; Secure"))
            .into()
    });
    let url = server
        .url("/login")
        .replacen("http://", &format!("http://{USER}:{PASSWORD}@"), 1);
    let inventory = format!(
        "agency: {{ id: so-a, name: A, kind: department }}\nsystems:\n  - id: web\n    name: Web\n    criticality: high\n    hosting: {{ model: gov-cloud }}\n    endpoints:\n      - url: {url}\n"
    );
    let project = crate::common::with_shipped_web_rules(Project::new())
        .file("inventories/so-a.yaml", inventory);
    let outputs = [
        "report.json",
        "report.html",
        "report.md",
        "report.csv",
        "report.sarif",
        "report.xml",
        "report.txt",
        "report.prom",
    ];
    let mut args = vec!["scan", "--history", "h.sqlite", "--details"];
    for output in &outputs {
        args.extend(["--output", output]);
    }
    let scan = project.cmd(&args).output().unwrap();
    assert!(matches!(scan.status.code(), Some(0 | 1)), "{scan:?}");
    assert_clean("the scan's stdout", &scan.stdout);
    assert_clean("the scan's stderr", &scan.stderr);
    for output in outputs {
        let bytes = std::fs::read(project.path(output)).unwrap();
        assert_clean(output, &bytes);
    }
    // The server was probed, and the cookies were seen: their names are
    // in the record, their values nowhere.
    let record = std::fs::read_to_string(project.path("report.json")).unwrap();
    assert!(record.contains("SESSIONID"), "{record}");
    assert!(!seen.lock().unwrap().is_empty(), "the server was probed");

    // The stored run (decompressed by `report`), and the store's bytes.
    for format in ["json", "html"] {
        let stored = project
            .cmd(&["report", "--history", "h.sqlite", "--format", format])
            .output()
            .unwrap();
        assert_eq!(stored.status.code(), Some(0), "{stored:?}");
        assert_clean(&format!("the stored run as {format}"), &stored.stdout);
    }
    assert_clean(
        "the store",
        &std::fs::read(project.path("h.sqlite")).unwrap(),
    );

    // `probe`, for debugging one site, in every format.
    for format in ["table", "json"] {
        let probe = project
            .cmd(&["probe", "--format", format, &url])
            .output()
            .unwrap();
        assert!(probe.status.code().is_some(), "{probe:?}");
        assert_clean(&format!("probe --format {format}"), &probe.stdout);
        assert_clean(&format!("probe --format {format} (stderr)"), &probe.stderr);
    }

    // Nor were they sent: no request carried them, in any header.
    for request in seen.lock().unwrap().iter() {
        assert!(
            request.header("authorization").is_none(),
            "credentials sent: {request:?}"
        );
        let words = format!("{request:?}");
        assert!(
            !words.contains(PASSWORD) && !words.contains(USER),
            "{words}"
        );
    }
}
