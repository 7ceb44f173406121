//! The fuzz targets: one function per parser of outside input, taking
//! arbitrary bytes. The libFuzzer targets in `fuzz/` and the replay test
//! (`tests/cli/fuzz_corpus.rs`, which runs every file of `fuzz/corpus/`
//! and seeded mutations of them on every `cargo test`) call these same
//! functions, so a crash found once stays fixed without nightly. Each
//! must return (never panic, never hang, never allocate in proportion to
//! a length the input declares) whatever the bytes; see FUZZING.md.
//!
//! Not part of the tool's interface: hidden from its documentation.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use reqwest::StatusCode;
use reqwest::Url;
use reqwest::header::{CONTENT_SECURITY_POLICY, HeaderMap, HeaderName, HeaderValue, SERVER};

use crate::diagnostics::Diagnostics;
use crate::inventory::load::{AgencyEntry, Inventory, entries_of};
use crate::inventory::validate::{Coverage, Providers, validate};
use crate::policy::compile::{Scope, compile};
use crate::policy::evaluate::{context_for, run};
use crate::policy::variables::{
    CelVal, agency_value, domain_value, endpoint_value, mail_value, probe_value, provider_value,
    system_value,
};
use crate::probe::facts::{ProbeFacts, ProtocolVersion, SecurityTxt};
use crate::probe::mail::facts::MailFacts;
use crate::yaml::SourceText;

/// A fuzz target: its name (the folder of its corpus) and its function.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by name.
pub const TARGETS: &[Target] = &[
    ("inventory", inventory),
    ("policy", policy),
    ("cel_eval", cel_eval),
    ("http_response", http_response),
    ("tls_flight", tls_flight),
    ("spf", spf),
    ("dmarc", dmarc),
    ("security_txt", security_txt),
    ("workbook_xlsx", workbook_xlsx),
    ("workbook_csv", workbook_csv),
    ("history", history),
    ("config", config),
];

/// The target named `name`.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

fn source(path: &str, data: &[u8]) -> SourceText {
    SourceText {
        path: PathBuf::from(path),
        text: String::from_utf8_lossy(data).into_owned(),
    }
}

/// Every diagnostic rendered, as `validate` prints them: placing a
/// mistake (line, column, the hint's quote) reads the text again.
fn render(diagnostics: &mut Diagnostics) {
    diagnostics.sort();
    for diagnostic in diagnostics.iter() {
        std::hint::black_box(diagnostic.to_string());
    }
}

/// An inventory file's text through parsing, recovery and the checks
/// across files (against the built-in provider registry), to diagnostics.
pub fn inventory(data: &[u8]) {
    let mut diagnostics = Diagnostics::default();
    let source = Arc::new(source("inventories/fuzz.yaml", data));
    let agencies = entries_of(&source, &mut diagnostics);
    let inventory = Inventory {
        agencies,
        sources: vec![source],
        digest: String::new(),
    };
    let ids: Vec<&str> = BUILT_IN_PROVIDERS.iter().map(String::as_str).collect();
    let providers = Providers {
        ids: &ids,
        built_in: true,
    };
    let coverage = Coverage {
        whole: true,
        strict: false,
    };
    validate(&inventory, Some(providers), coverage, &mut diagnostics);
    render(&mut diagnostics);
}

static BUILT_IN_PROVIDERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut diagnostics = Diagnostics::default();
    crate::policy::load::load_built_in(&mut diagnostics)
        .providers
        .iter()
        .map(|p| p.id.as_str().to_string())
        .collect()
});

/// A policy file's text (or a provider registry's, when a line starts
/// `providers:`) through loading, CEL compilation and the linking of
/// targets and waivers, to diagnostics.
pub fn policy(data: &[u8]) {
    let mut diagnostics = Diagnostics::default();
    let sources = vec![source("policies/fuzz.yaml", data)];
    let names = [PathBuf::from("fuzz.yaml")];
    let set = crate::policy::load::compile_sources(sources, &names, &mut diagnostics);
    std::hint::black_box(set.rules.len());
    render(&mut diagnostics);
}

/// The sample system every field of the format is set on, its agency and
/// its first endpoint: what `cel_eval` evaluates against.
static SAMPLE: LazyLock<AgencyEntry> = LazyLock::new(|| {
    let mut diagnostics = Diagnostics::default();
    let source = Arc::new(source(
        "sample.yaml",
        include_str!("inventory/recover_sample.yaml").as_bytes(),
    ));
    let mut entries = entries_of(&source, &mut diagnostics);
    assert!(
        !diagnostics.has_errors() && entries.len() == 1,
        "recover_sample.yaml must parse"
    );
    entries.remove(0)
});

/// Rule evaluation on arbitrary facts: the first line is a CEL
/// expression, the rest JSON facts. Facts that read as an endpoint's
/// (`probe`) are evaluated in an endpoint rule, as a mail domain's
/// (`mail`) in a domain rule, else the expression is a system rule's.
pub fn cel_eval(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (expression, facts) = text.split_once('\n').unwrap_or((&text, ""));
    let probe: Option<ProbeFacts> = serde_json::from_str(facts).ok();
    let mail: Option<MailFacts> = match probe {
        Some(_) => None,
        None => serde_json::from_str(facts).ok(),
    };
    let scope = match (&probe, &mail) {
        (Some(_), _) => Scope::Endpoint,
        (None, Some(_)) => Scope::Domain,
        (None, None) => Scope::System,
    };
    let Ok(program) = compile(expression, scope) else {
        return;
    };
    let sample = &*SAMPLE;
    let Some(system) = sample.systems.first() else {
        return;
    };
    let today: CelVal<'static> = Box::new(cel::common::types::CelString::from("2026-01-01"));
    let bindings = FactBindings {
        system: system_value(&sample.agency, system),
        agency: agency_value(&sample.agency),
        provider: provider_value(None),
        today,
        endpoint: system.endpoints.first().map(endpoint_value),
        probe: probe.as_ref().map(probe_value),
        domain: mail.as_ref().map(|_| domain_value("example.gov.vn")),
        mail: mail.as_ref().map(mail_value),
    };
    let context = context_for(&bindings);
    std::hint::black_box(run(&program, &context));
}

/// The variables of `cel_eval`, every one owned.
struct FactBindings<'v> {
    system: CelVal<'v>,
    agency: CelVal<'v>,
    provider: CelVal<'v>,
    today: CelVal<'static>,
    endpoint: Option<CelVal<'v>>,
    probe: Option<CelVal<'v>>,
    domain: Option<CelVal<'v>>,
    mail: Option<CelVal<'v>>,
}

impl cel::context::VariableResolver for FactBindings<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<cel::common::value::CowVal<'b, 'b>> {
        let value: &CelVal<'_> = match variable {
            "system" => &self.system,
            "agency" => &self.agency,
            "provider" => &self.provider,
            "today" => &self.today,
            "endpoint" => self.endpoint.as_ref()?,
            "probe" => self.probe.as_ref()?,
            "domain" => self.domain.as_ref()?,
            "mail" => self.mail.as_ref()?,
            _ => return None,
        };
        Some(cel::common::value::CowVal::Borrowed(&**value))
    }
}

/// An HTTP response as it comes off the wire: the status line and the
/// header block (read by httparse, as hyper reads them), then the body;
/// through what the prober takes from it: the redirect target, HSTS, the
/// security headers, CSP, cookies, `Retry-After` and the `<title>`.
pub fn http_response(data: &[u8]) {
    let mut slots = [httparse::EMPTY_HEADER; 100];
    let mut response = httparse::Response::new(&mut slots);
    let Ok(httparse::Status::Complete(head)) = response.parse(data) else {
        return;
    };
    let Some(status) = response.code.and_then(|c| StatusCode::from_u16(c).ok()) else {
        return;
    };
    let mut headers = HeaderMap::new();
    for header in response.headers.iter() {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(header.name.as_bytes()),
            HeaderValue::from_bytes(header.value),
        ) {
            headers.append(name, value);
        }
    }
    let body = data.get(head..).unwrap_or_default();
    use crate::probe::{headers as web, http, retry};
    static CURRENT: LazyLock<Option<Url>> =
        LazyLock::new(|| Url::parse("https://portal.example.gov.vn/a/b?c").ok());
    if let Some(current) = CURRENT.as_ref() {
        std::hint::black_box(http::redirect_target(current, status, &headers));
    }
    std::hint::black_box(http::hsts(&headers));
    let security = web::security_headers(&headers);
    if let Some(policy) = headers
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
    {
        std::hint::black_box(web::csp(policy));
    }
    std::hint::black_box(security);
    std::hint::black_box(web::cookies(&headers, true));
    std::hint::black_box(retry::retry_after(status, &headers));
    if let Some(server) = headers.get(SERVER) {
        let text = String::from_utf8_lossy(server.as_bytes());
        std::hint::black_box(crate::text::clean_text(&text, 200));
    }
    std::hint::black_box(http::title(body));
}

/// A server's first flight in answer to a ClientHello (records, then
/// handshake messages: ServerHello, Certificate, ServerKeyExchange,
/// alerts): the first byte picks the versions offered, the rest is what
/// the server said. An accepted flight's certificate chain is judged as
/// a probe judges it.
pub fn tls_flight(data: &[u8]) {
    use crate::probe::tls_scan::flight::{Answer, read_answer};
    use ProtocolVersion::{Ssl3, Tls10, Tls11, Tls12, Tls13};
    let Some((&pick, mut flight)) = data.split_first() else {
        return;
    };
    let offered = match pick % 5 {
        0 => Tls13..=Tls13,
        1 => Tls12..=Tls12,
        2 => Tls10..=Tls12,
        3 => Ssl3..=Tls11,
        _ => Ssl3..=Tls13,
    };
    let Some(runtime) = RUNTIME.as_ref() else {
        return;
    };
    let until = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    let answer = runtime.block_on(read_answer(&mut flight, offered, until));
    if let (Some(Answer::Accepted { chain, .. }), Some(setup)) = (answer, TLS.as_ref()) {
        let host = "portal.example.gov.vn";
        if let Ok(name) = crate::probe::tls::server_name(host) {
            let chain: Vec<_> = chain.into_iter().map(Into::into).collect();
            std::hint::black_box(setup.judge(&chain, &name, host).is_ok());
        }
    }
}

/// A runtime for the targets that read through tokio's traits.
static RUNTIME: LazyLock<Option<tokio::runtime::Runtime>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .ok()
});

static TLS: LazyLock<Option<crate::probe::tls::TlsSetup>> =
    LazyLock::new(|| crate::probe::tls::TlsSetup::new(None).ok());

/// TXT records as DNS hands them over, one per line: the SPF records
/// among them selected, cleaned and parsed.
pub fn spf(data: &[u8]) {
    use crate::probe::mail::{records, spf};
    let texts = txt_records(data);
    let found = records::version_records(&texts, spf::is_spf);
    std::hint::black_box(records::cleaned(&found));
    for record in &found {
        if let Ok(parsed) = spf::parse(record) {
            std::hint::black_box((parsed.own_lookups(), parsed.followed_redirect()));
        }
    }
}

/// TXT records at `_dmarc.DOMAIN`, one per line: selected, parsed and
/// judged.
pub fn dmarc(data: &[u8]) {
    use crate::probe::mail::{dmarc, records};
    let texts = txt_records(data);
    let found = records::version_records(&texts, dmarc::is_dmarc);
    for record in &found {
        std::hint::black_box(dmarc::parse(record).is_ok());
    }
    std::hint::black_box(dmarc::facts(found));
}

fn txt_records(data: &[u8]) -> Vec<String> {
    data.split(|&b| b == b'\n')
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect()
}

/// A security.txt body, as the prober reads it (lossy UTF-8, cut at its
/// cap).
pub fn security_txt(data: &[u8]) {
    use crate::probe::security_txt::{BODY_CAP, read_fields};
    let body = &data[..data.len().min(BODY_CAP)];
    let mut facts = SecurityTxt::default();
    let now = time::macros::datetime!(2026-01-01 0:00 UTC);
    read_fields(&String::from_utf8_lossy(body), now, &mut facts);
    std::hint::black_box(facts);
}

/// The bytes of a filled workbook through `cloudcensus import`: the zip
/// checks, calamine, rows to YAML and the inventory checks.
pub fn workbook_xlsx(data: &[u8]) {
    import_files(&[("fuzz.xlsx", data)]);
}

/// CSV sheets through `cloudcensus import`, taken together as one
/// workbook: one file per part of the input between form feeds (the
/// header row of each says which sheet it is).
pub fn workbook_csv(data: &[u8]) {
    const NAMES: [&str; 5] = ["0.csv", "1.csv", "2.csv", "3.csv", "4.csv"];
    let files: Vec<(&str, &[u8])> = NAMES.into_iter().zip(data.split(|&b| b == 0x0c)).collect();
    import_files(&files);
}

fn import_files(files: &[(&str, &[u8])]) {
    let Some(folder) = scratch() else {
        return;
    };
    let mut paths = Vec::new();
    for (name, data) in files {
        let path = folder.join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        paths.push(path);
    }
    let mut diagnostics = Diagnostics::default();
    let written = crate::workbook::import::import(&paths, &folder.join("out"), &mut diagnostics);
    std::hint::black_box(written.len());
    render(&mut diagnostics);
}

/// A folder of this thread's own for the targets that read files (the
/// replay test runs targets on several threads at once).
fn scratch() -> Option<PathBuf> {
    let folder = thread_folder();
    std::fs::create_dir_all(&folder).ok().map(|()| folder)
}

fn thread_folder() -> PathBuf {
    thread_local! {
        static N: usize = {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            NEXT.fetch_add(1, Ordering::Relaxed)
        };
    }
    let process = format!("cloudcensus-fuzz-{}", std::process::id());
    // In memory where there is a tmpfs: SQLite syncs the history on each
    // commit, which on a disk costs more than the rest of the target.
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(process).join(N.with(|n| n.to_string()))
}

/// Removes the files the targets wrote on this thread.
pub fn clean_up_thread() {
    let folder = thread_folder();
    let _ = std::fs::remove_dir_all(&folder);
    if let Some(process) = folder.parent() {
        // Only once the last thread's folder is gone.
        let _ = std::fs::remove_dir(process);
    }
}

/// A history file's bytes, damaged as they may be: opened (the
/// migrations), listed, and every run's record and baseline read. Any
/// damage must come back as an error.
pub fn history(data: &[u8]) {
    use crate::history::sqlite::Sqlite;
    let Some(folder) = scratch() else {
        return;
    };
    let path = folder.join("history.db");
    for stale in ["history.db-wal", "history.db-shm"] {
        let _ = std::fs::remove_file(folder.join(stale));
    }
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(Some(mut store)) = Sqlite::open_existing(&path) else {
        return;
    };
    let Ok(runs) = store.all_runs() else {
        return;
    };
    for summary in runs.iter().take(8) {
        let org = summary.org_id.as_str();
        let _ = store.load::<crate::scan::ScanResult>(org, Some(summary.id));
        let _ = store.baseline_of(org, summary.id);
        let _ = store.target_ids(org, &summary.scope);
        let _ = store.runs(org);
    }
    // What the national view and its trend read.
    let mut store = crate::history::store::Store::Sqlite(store);
    if let Ok(day) = crate::fields::IsoDate::parse("9999-12-31") {
        let _ = store.latest_runs_as_of(day);
    }
    let _ = crate::history::national::every_run_counts(&mut store);
    drop(store);
}

/// A config file's text, every key and value checked.
pub fn config(data: &[u8]) {
    use crate::config::{ConfigFile, Found};
    let source = source("cloudcensus.toml", data);
    if let Err(mut diagnostics) = ConfigFile::from_source(&source, Found::WorkingFolder) {
        render(&mut diagnostics);
    }
}
