//! The shared PostgreSQL history over TLS for real (issue 16, item 2):
//! a server with `ssl = on` and a certificate of a CA made for the test
//! (pg_server's `tls_server`), its databases reachable over TLS only.
//! `sslmode=require` stores a run; `verify-full` with the CA in
//! `sslrootcert=FILE` does too; with another CA it is refused, naming the
//! server; and no OpenSSL is linked into the binary.

use crate::common::Project;
use crate::pg_server::{PASSWORD, tls_server};

/// A project and the URL of a fresh database of the TLS server, with
/// `query` after the `?`.
fn database(query: &str) -> (Project, String) {
    let server = &tls_server().server;
    let url = format!("{}?{query}", server.url(&server.database()));
    (Project::good(), url)
}

/// `cloudcensus ARGS --history URL`, the password from PGPASSWORD.
fn run(project: &Project, url: &str, args: &[&str]) -> (i32, String, String) {
    let output = project
        .cmd(args)
        .args(["--history", url])
        .env("PGPASSWORD", PASSWORD)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A scan stored in the history at `url`, then listed from it: one run.
fn scan_and_list(project: &Project, url: &str) {
    let (code, _, stderr) = run(project, url, &["scan", "--offline", "--format", "summary"]);
    assert!(matches!(code, 0 | 1), "{url}: {stderr}");
    assert!(!stderr.contains("error"), "{url}: {stderr}");
    let (code, runs, stderr) = run(project, url, &["runs"]);
    assert_eq!(code, 0, "{url}: {stderr}");
    assert_eq!(
        runs.lines().filter(|l| l.contains("offline")).count(),
        1,
        "{url}: {runs}"
    );
}

#[test]
fn sslmode_require_stores_a_run_over_tls() {
    let (project, url) = database("sslmode=require");
    scan_and_list(&project, &url);
    // Without TLS the server refuses this database: the run above went
    // over TLS.
    let plain = url.replace("sslmode=require", "sslmode=disable");
    let (code, _, stderr) = run(&project, &plain, &["runs"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("no encryption"), "{stderr}");
}

#[test]
fn verify_full_with_the_servers_ca_stores_a_run() {
    let (project, _) = database("");
    std::fs::write(project.path("ca.pem"), &tls_server().ca_pem).unwrap();
    let ca = project.path("ca.pem");
    let (_, url) = database(&format!("sslmode=verify-full&sslrootcert={}", ca.display()));
    scan_and_list(&project, &url);
}

#[test]
fn verify_full_with_another_ca_is_refused_naming_the_server() {
    let (project, _) = database("");
    let other = crate::servers::TestCa::root("some other CA");
    std::fs::write(project.path("other-ca.pem"), other.pem()).unwrap();
    let ca = project.path("other-ca.pem");
    let (_, url) = database(&format!("sslmode=verify-full&sslrootcert={}", ca.display()));
    let (code, _, stderr) = run(
        &project,
        &url,
        &["scan", "--offline", "--format", "summary"],
    );
    assert_eq!(code, 3, "{stderr}");
    let server = format!("127.0.0.1:{}", tls_server().server.port);
    assert!(
        stderr.contains("cannot connect to the history")
            && stderr.contains(&server)
            && stderr.contains("certificate"),
        "{stderr}"
    );
    assert!(stderr.contains("UnknownIssuer"), "{stderr}");
}

/// TLS is rustls throughout: `cargo tree -i openssl-sys` finds nothing.
#[test]
fn no_openssl_is_linked() {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--locked",
            "--offline",
            "-e",
            "normal,build",
            "-i",
            "openssl-sys",
        ])
        .current_dir(crate::common::repo_root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.trim().is_empty(), "openssl-sys is linked:\n{stdout}");
    // cargo says the package is not in the graph at all.
    assert!(
        stderr.contains("did not match any packages") || output.status.success(),
        "{stderr}"
    );
}
