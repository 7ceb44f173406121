//! Wiring: each command calls the stages in order and picks the exit code.
//! No stage logic lives here.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{CommandFactory, ValueEnum};

use crate::cli::{
    Cli, Command, DiffArgs, Generate, HistoryArgs, InitArgs, InputArgs, MailArgs, OutputSpec,
    ProbeArgs, ProbeCommandArgs, ProbeFormat, PruneArgs, ReportArgs, RunsArgs, ScanArgs,
    SchemaKind, TrendArgs,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::fields::IsoDate;
use crate::history::store::{self, Store};
use crate::inventory::model::EndpointUrl;
use crate::inventory::{self, Inventory};
use crate::notify::mail::{self, MailSettings};
use crate::policy::evaluate::ProbeSlots;
use crate::policy::summary::{SummaryInput, summarize};
use crate::policy::{self, PolicySet, Selection};
use crate::probe::dns::ProviderSignature;
use crate::probe::{self, ProbeConfig};
use crate::report::{self, Labels, Lang, ReportFormat, ReportOptions};
use crate::scan::{Outcome, ScanMode, ScanResult, Severity};

/// What the process tells cron and CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The scan ran; nothing at or above `--fail-on` failed and no target is behind or missed.
    Compliant = 0,
    /// The scan ran and found compliance failures.
    Failures = 1,
    /// Bad input or usage: an inventory or policy error, an unknown option.
    BadInput = 2,
    /// The run itself failed: an output file could not be written, and the like.
    Runtime = 3,
}

/// Runs one command. `today` is the local date, read before any thread starts.
pub fn run(cli: Cli, today: IsoDate) -> Exit {
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Validate(args) => Ok(validate(&args.input, quiet)),
        Command::Scan(args) => scan(*args, today, quiet),
        Command::Probe(args) => probe_command(args, quiet),
        Command::Runs(args) => runs_command(&args),
        Command::Report(args) => report_command(&args),
        Command::Trend(args) => trend_command(&args),
        Command::Diff(args) => diff_command(&args),
        Command::Prune(args) => prune_command(&args, today),
        Command::Schema(args) => print(&schema_json(args.kind)),
        Command::Init(args) => init(&args, quiet),
        Command::Generate(args) => generate(args.what),
    };
    match result {
        Ok(exit) => exit,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Exit::Compliant,
        Err(error) => {
            eprintln!("error: {error}");
            Exit::Runtime
        }
    }
}

/// Inventory and policy, loaded and checked together.
struct Loaded {
    inventory: Inventory,
    policy: PolicySet,
    diagnostics: Diagnostics,
}

fn load(input: &InputArgs) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let (inventory, (policy, policy_diagnostics)) = rayon::join(
        || {
            let mut own = Diagnostics::default();
            let inventory = inventory::load(&input.paths, &mut own);
            (inventory, own)
        },
        || {
            let mut own = Diagnostics::default();
            let policy = policy::load(&input.policies, &mut own);
            (policy, own)
        },
    );
    let (inventory, inventory_diagnostics) = inventory;
    diagnostics.extend(inventory_diagnostics);
    diagnostics.extend(policy_diagnostics);
    let provider_ids: Vec<&str> = policy.providers.iter().map(|p| p.id.as_str()).collect();
    let known_providers = policy
        .has_provider_registry
        .then_some(provider_ids.as_slice());
    inventory::validate::validate(&inventory, known_providers, &mut diagnostics);
    diagnostics.sort();
    Loaded {
        inventory,
        policy,
        diagnostics,
    }
}

fn report_diagnostics(diagnostics: &Diagnostics) {
    let mut stderr = io::stderr().lock();
    for diagnostic in diagnostics.iter() {
        let _ = writeln!(stderr, "{}", diagnostic);
    }
    if diagnostics.has_errors() {
        let _ = writeln!(
            stderr,
            "{} error(s), {} warning(s)",
            diagnostics.error_count(),
            diagnostics.warning_count()
        );
    }
}

fn validate(input: &InputArgs, quiet: bool) -> Exit {
    let loaded = load(input);
    report_diagnostics(&loaded.diagnostics);
    if loaded.diagnostics.has_errors() {
        return Exit::BadInput;
    }
    if !quiet {
        println!(
            "ok: {} agencies, {} systems in {} inventory files; {} rules, {} targets, {} waivers, {} providers",
            loaded.inventory.agencies.len(),
            loaded.inventory.system_count(),
            loaded.inventory.sources.len(),
            loaded.policy.rules.len(),
            loaded.policy.targets.len(),
            loaded.policy.waivers.len(),
            loaded.policy.providers.len(),
        );
    }
    Exit::Compliant
}

fn scan(args: ScanArgs, today: IsoDate, quiet: bool) -> io::Result<Exit> {
    let started = Instant::now();
    let started_at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();

    // Open every output file first: a bad path fails before any work is done.
    let mut outputs = match Outputs::open(&args) {
        Ok(outputs) => outputs,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Exit::Runtime);
        }
    };
    // The history's run lock, held to the end of the scan: two scans never
    // write at once.
    let history_path = if args.no_history {
        None
    } else {
        match history_path(&args.history) {
            Ok(path) => Some(path),
            Err(message) => {
                eprintln!("error: {message}");
                return Ok(Exit::Runtime);
            }
        }
    };
    let _run_lock = match &history_path {
        Some(path) => match store::lock(path, args.wait) {
            Ok(lock) => Some(lock),
            Err(message) => {
                eprintln!("error: {message}");
                return Ok(Exit::Runtime);
            }
        },
        None => None,
    };

    let mut loaded = load(&args.input);
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    check_selection(&loaded.inventory, &args, &mut diagnostics);
    report_diagnostics(&diagnostics);
    if diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    loaded.inventory.release_texts();
    let load_ms = elapsed_ms(started);

    let selection = Selection {
        agencies: args.agency.clone(),
        tags: args.tag.clone(),
    };
    let as_of = args.as_of.unwrap_or(today);

    // Online, systems are evaluated while probing goes on, each as soon as
    // its endpoints' facts are in (see policy::evaluate_as_probed).
    let endpoint_urls = if args.offline {
        Vec::new()
    } else {
        endpoints_in_scope(&loaded.inventory, &selection)
    };
    let url_texts: Vec<&str> = endpoint_urls.iter().map(|u| u.as_str()).collect();
    let slots = ProbeSlots::new(&url_texts);
    let evaluate_started = Instant::now();
    let (mut evaluations, probe_ms) = match probe_and_evaluate(
        &loaded,
        &selection,
        as_of,
        &endpoint_urls,
        &slots,
        &probe_config(&args.probe, !quiet),
    ) {
        Ok(done) => done,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Exit::Runtime);
        }
    };
    let evaluate_ms = elapsed_ms(evaluate_started);
    if !endpoint_urls.is_empty() {
        crate::memory::return_freed_pages_from_now_on();
    }
    let mut result = summarize(SummaryInput {
        inventory: &loaded.inventory,
        policy: &loaded.policy,
        selection: &selection,
        evaluations: &mut evaluations,
        as_of,
        mode: if args.offline {
            ScanMode::Offline
        } else {
            ScanMode::Online
        },
        started_at,
    });
    result.probes = slots.into_facts();
    // URLs are unique here: an unstable sort orders them the same every
    // run and needs no scratch copy.
    result.probes.sort_unstable_by(|a, b| a.url.cmp(&b.url));
    result.timings.load_ms = load_ms;
    result.timings.probe_ms = probe_ms;
    result.timings.evaluate_ms = evaluate_ms;
    result.timings.total_ms = elapsed_ms(started);

    // The store is opened once: it gives the trends and what changed now,
    // and records the run after the reports. An error waits until then.
    let store = history_path.as_deref().map(Store::open);
    if let Some(Ok(store)) = &store {
        crate::history::trend::apply(store, &mut result);
        crate::history::diff::mark_changes(store, &mut result);
    }

    let options = ReportOptions {
        lang: args.lang.unwrap_or_else(Lang::from_env),
        csv_bom: args.csv_bom,
    };
    let exit = exit_code(&result, args.fail_on);
    // `--quiet`: nothing on stdout unless something fails.
    outputs.write(&result, &options, !quiet || exit != Exit::Compliant)?;
    // The history after the reports: a damaged store must not cost the
    // night's reports.
    if let Some(opened) = store
        && let Err(error) = opened.and_then(|mut store| store.record(&result))
    {
        eprintln!("error: {error}");
        return Ok(Exit::Runtime);
    }
    // Mail last: every report is already written, so a failed send loses
    // nothing.
    if !args.mail.email_to.is_empty()
        && let Err(message) = send_mail(&args.mail, &result, &options, args.fail_on)
    {
        eprintln!("error: {message}");
        return Ok(Exit::Runtime);
    }
    // The process ends right after: freeing a large scan's records one
    // allocation at a time would only delay the exit (0.1 s at 30,000
    // systems). The operating system takes the memory back at once.
    std::mem::forget(result);
    std::mem::forget(loaded.inventory);
    std::mem::forget(loaded.policy);
    Ok(exit)
}

/// Where a scan's reports go: files (opened before any work) and stdout.
struct Outputs<'a> {
    files: Vec<(ReportFormat, &'a OutputSpec, BufWriter<File>)>,
    stdout: Vec<ReportFormat>,
    /// Every report went to a file: stdout carries the short summary and
    /// where they went.
    summary_on_stdout: bool,
}

impl<'a> Outputs<'a> {
    fn open(args: &'a ScanArgs) -> Result<Self, String> {
        let stdout_format = args.format.unwrap_or(if io::stdout().is_terminal() {
            ReportFormat::Table
        } else {
            ReportFormat::Summary
        });
        let mut files = Vec::new();
        let mut stdout = Vec::new();
        for spec in &args.output {
            if spec.path == Path::new("-") {
                stdout.push(spec.format.unwrap_or(stdout_format));
                continue;
            }
            // A file is read later, in full: the tables unless told otherwise.
            let format = spec.format.or(args.format).unwrap_or(ReportFormat::Table);
            let file = File::create(&spec.path).map_err(|error| {
                format!(
                    "cannot write the report to {}: {error}",
                    spec.path.display()
                )
            })?;
            files.push((format, spec, BufWriter::new(file)));
        }
        let summary_on_stdout = stdout.is_empty() && !files.is_empty();
        if args.output.is_empty() {
            stdout.push(stdout_format);
        }
        Ok(Outputs {
            files,
            stdout,
            summary_on_stdout,
        })
    }

    /// Writes every file, then stdout when `to_stdout`.
    fn write(
        &mut self,
        result: &ScanResult,
        options: &ReportOptions,
        to_stdout: bool,
    ) -> io::Result<()> {
        for (format, _, writer) in &mut self.files {
            report::reporter(*format, options).render(result, writer)?;
            writer.flush()?;
        }
        if !to_stdout {
            return Ok(());
        }
        let mut stdout = BufWriter::new(io::stdout().lock());
        for format in &self.stdout {
            report::reporter(*format, options).render(result, &mut stdout)?;
        }
        if self.summary_on_stdout {
            report::reporter(ReportFormat::Summary, options).render(result, &mut stdout)?;
            let written: Vec<String> = self
                .files
                .iter()
                .map(|(format, spec, _)| {
                    let name = format.to_possible_value().map(|v| v.get_name().to_string());
                    format!("{}={}", name.unwrap_or_default(), spec.path.display())
                })
                .collect();
            let list = written.join(", ");
            let labels = Labels::new(options.lang);
            writeln!(
                stdout,
                "\n{}",
                labels.with("summary-reports", &[("list", list.into())])
            )?;
        }
        stdout.flush()
    }
}

/// Online, probes every endpoint and evaluates each system as soon as its
/// endpoints' facts are in (policy::evaluate_as_probed); offline, just
/// evaluates. Returns the evaluations and the probing time in ms.
fn probe_and_evaluate(
    loaded: &Loaded,
    selection: &Selection,
    as_of: IsoDate,
    endpoint_urls: &[&EndpointUrl],
    slots: &ProbeSlots<'_>,
    config: &ProbeConfig,
) -> Result<(Vec<policy::evaluate::SystemEvaluation>, f64), String> {
    if endpoint_urls.is_empty() {
        let evaluations =
            policy::evaluate(&loaded.inventory, &loaded.policy, selection, as_of, slots);
        return Ok((evaluations, 0.0));
    }
    let urls: Vec<&url::Url> = endpoint_urls.iter().map(|u| &u.url).collect();
    let providers = provider_signatures(&loaded.policy);
    let (sender, arrivals) = std::sync::mpsc::channel();
    let (evaluations, probed) = std::thread::scope(|threads| {
        let prober = threads.spawn(|| {
            let started = Instant::now();
            let outcome = probe::probe_all_into(&urls, config, providers, |slot, facts| {
                // The receiver lives until probing ends; nothing is lost.
                let _ = sender.send((slot, facts));
            });
            drop(sender);
            (outcome, elapsed_ms(started))
        });
        let evaluations = policy::evaluate::evaluate_as_probed(
            &loaded.inventory,
            &loaded.policy,
            selection,
            as_of,
            slots,
            arrivals.iter(),
        );
        (evaluations, prober.join())
    });
    match probed {
        Ok((Ok(()), elapsed)) => Ok((evaluations, elapsed)),
        Ok((Err(error), _)) => Err(error.to_string()),
        Err(_) => Err("probing stopped unexpectedly".into()),
    }
}

/// Mails the summary (text part), the HTML report (HTML part) and the JSON
/// record (attached). The subject carries the headline.
fn send_mail(
    args: &MailArgs,
    result: &ScanResult,
    options: &ReportOptions,
    fail_on: Severity,
) -> Result<(), mail::MailError> {
    let password = mail::read_password(args.smtp_password_file.as_deref())?;
    let settings = MailSettings {
        to: args.email_to.clone(),
        from: args.email_from.clone(),
        host: args.smtp_host.clone(),
        port: args.smtp_port,
        tls: args.smtp_tls,
        user: args.smtp_user.clone(),
        password,
        timeout: std::time::Duration::from_secs(30),
    };
    mail::send(&settings, mail::scan_mail(result, options, fail_on)?)
}

fn history_path(args: &HistoryArgs) -> Result<PathBuf, store::StoreError> {
    args.history
        .clone()
        .or_else(store::default_path)
        .ok_or(store::StoreError::NoPlace)
}

/// `cloudcensus runs`: a line per stored run.
fn runs_command(args: &RunsArgs) -> io::Result<Exit> {
    let runs = match history_path(&args.history).and_then(|path| Store::open(&path)?.runs()) {
        Ok(runs) => runs,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Exit::Runtime);
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if runs.is_empty() {
        writeln!(out, "No scans recorded yet.")?;
    }
    for run in runs {
        writeln!(
            out,
            "{:>5}  {}  as of {}  {:<7}  {} agencies, {} systems, {} on cloud, {} failing, compliance {}{}",
            run.id,
            run.started_at,
            run.as_of,
            run.mode,
            run.agencies,
            run.systems,
            run.on_cloud,
            run.failing,
            run.compliance.map_or_else(
                || "–".to_string(),
                |c| format!("{}%", crate::fields::format_percent(c))
            ),
            if run.scope.is_empty() {
                String::new()
            } else {
                format!("  [{}]", run.scope)
            }
        )?;
    }
    out.flush()?;
    Ok(Exit::Compliant)
}

/// `cloudcensus trend`: each target over the recorded whole-inventory scans.
fn trend_command(args: &TrendArgs) -> io::Result<Exit> {
    let mut out = BufWriter::new(io::stdout().lock());
    let written = history_path(&args.history)
        .and_then(|path| Store::open(&path))
        .map_err(crate::history::trend::TrendError::from)
        .and_then(|store| {
            let targets = store
                .load(None)?
                .map(|(_, scan)| scan.targets)
                .unwrap_or_default();
            crate::history::trend::write(&mut out, &store, &targets, args.target.as_deref())
        });
    match written {
        Ok(()) => {
            out.flush()?;
            Ok(Exit::Compliant)
        }
        Err(message) => {
            eprintln!("error: {message}");
            Ok(Exit::Runtime)
        }
    }
}

/// `cloudcensus diff [A] [B]`: what changed between two recorded scans.
fn diff_command(args: &DiffArgs) -> io::Result<Exit> {
    let store = match history_path(&args.history).and_then(|path| Store::open(&path)) {
        Ok(store) => store,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Exit::Runtime);
        }
    };
    let ids: Vec<i64> = match store.runs() {
        Ok(runs) => runs.iter().map(|r| r.id).collect(),
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Exit::Runtime);
        }
    };
    let (before, after) = match (args.before, args.after) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => match ids.last() {
            Some(&b) => (a, b),
            None => (a, a),
        },
        _ => match ids.as_slice() {
            [.., a, b] => (*a, *b),
            _ => {
                eprintln!("error: a diff needs two recorded scans (see `cloudcensus runs`)");
                return Ok(Exit::BadInput);
            }
        },
    };
    let load = |id: i64| match store.load(Some(id)) {
        Ok(Some((_, scan))) => Ok(scan),
        Ok(None) => Err((
            Exit::BadInput,
            format!("no run {id} in the history (see `cloudcensus runs`)"),
        )),
        Err(error) => Err((Exit::Runtime, error.to_string())),
    };
    let (old, new) = match (load(before), load(after)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err((exit, message)), _) | (_, Err((exit, message))) => {
            eprintln!("error: {message}");
            return Ok(exit);
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    crate::history::diff::write(&mut out, (before, &old), (after, &new))?;
    out.flush()?;
    Ok(Exit::Compliant)
}

/// `cloudcensus prune`: retention.
fn prune_command(args: &PruneArgs, today: IsoDate) -> io::Result<Exit> {
    let pruned = history_path(&args.history).and_then(|path| {
        let _lock = store::lock(&path, true)?;
        Store::open(&path)?.prune(&today.to_string(), args.keep_days, args.keep_runs)
    });
    match pruned {
        Ok(count) => {
            println!("dropped {count} recorded scans");
            Ok(Exit::Compliant)
        }
        Err(message) => {
            eprintln!("error: {message}");
            Ok(Exit::Runtime)
        }
    }
}

/// `cloudcensus report [RUN]`: a stored run rendered as a fresh scan would be.
fn report_command(args: &ReportArgs) -> io::Result<Exit> {
    let loaded = history_path(&args.history).and_then(|path| Store::open(&path)?.load(args.run));
    let (_, scan) = match loaded {
        Ok(Some(run)) => run,
        Ok(None) => {
            eprintln!(
                "error: {}",
                match args.run {
                    Some(id) => format!("no run {id} in the history (see `cloudcensus runs`)"),
                    None => "no scans recorded yet".to_string(),
                }
            );
            return Ok(Exit::BadInput);
        }
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Exit::Runtime);
        }
    };
    let options = ReportOptions {
        lang: args.lang.unwrap_or_else(Lang::from_env),
        csv_bom: args.csv_bom,
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => match File::create(path) {
            Ok(file) => Box::new(BufWriter::new(file)),
            Err(error) => {
                eprintln!(
                    "error: cannot write the report to {}: {error}",
                    path.display()
                );
                return Ok(Exit::Runtime);
            }
        },
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    report::reporter(args.format, &options).render(&scan, &mut out)?;
    out.flush()?;
    Ok(Exit::Compliant)
}

/// Every endpoint of the systems in scope, each once, in inventory order.
fn endpoints_in_scope<'a>(inventory: &'a Inventory, selection: &Selection) -> Vec<&'a EndpointUrl> {
    let mut seen = std::collections::HashSet::new();
    policy::evaluate::systems_in_scope(inventory, selection)
        .into_iter()
        .flat_map(|(a, s)| &inventory.agencies[a].systems[s].endpoints)
        .map(|endpoint| &endpoint.url)
        .filter(|url| seen.insert(url.as_str()))
        .collect()
}

fn probe_config(args: &ProbeArgs, progress: bool) -> ProbeConfig {
    ProbeConfig {
        concurrency: args.concurrency as usize,
        per_host: args.per_host as usize,
        timeout: args.timeout,
        connect_timeout: args.connect_timeout.min(args.timeout),
        retries: args.retries,
        resolver: args.resolver,
        ca_file: args.ca_file.clone(),
        progress,
    }
}

/// What tells providers apart on the network, from `providers.yaml`.
fn provider_signatures(policy: &PolicySet) -> Vec<ProviderSignature> {
    policy
        .providers
        .iter()
        .map(|p| ProviderSignature {
            id: p.id.to_string(),
            ip_ranges: p.network.ip_ranges.clone(),
            cname_suffixes: p.network.cname_suffixes.clone(),
            reverse_dns_suffixes: p.network.reverse_dns_suffixes.clone(),
        })
        .collect()
}

/// `cloudcensus probe URL...`: facts for ad-hoc URLs.
fn probe_command(args: ProbeCommandArgs, quiet: bool) -> io::Result<Exit> {
    let mut urls = Vec::new();
    let mut bad = false;
    for text in &args.urls {
        match EndpointUrl::parse(text) {
            Ok(url) => urls.push(url.url),
            Err(message) => {
                eprintln!("error: {message}");
                bad = true;
            }
        }
    }
    // The providers registry is optional here: without it nothing is
    // matched, and a missing default folder is not an error.
    let folders: Vec<PathBuf> = args
        .policies
        .iter()
        .filter(|p| p.exists())
        .cloned()
        .collect();
    let mut diagnostics = Diagnostics::default();
    let providers = if folders.is_empty() {
        Vec::new()
    } else {
        provider_signatures(&policy::load(&folders, &mut diagnostics))
    };
    report_diagnostics(&diagnostics);
    if bad || diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    let config = probe_config(&args.probe, !quiet);
    let facts = match probe::probe_all(&urls, &config, providers) {
        Ok(facts) => facts,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Exit::Runtime);
        }
    };
    let mut stdout = BufWriter::new(io::stdout().lock());
    match args.format {
        ProbeFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &facts)?;
            writeln!(stdout)?;
        }
        ProbeFormat::Table => report::render_probes(&facts, &mut stdout)?,
    }
    stdout.flush()?;
    Ok(Exit::Compliant)
}

/// `--agency` must name agencies that exist; a typo would otherwise scan nothing.
fn check_selection(inventory: &Inventory, args: &ScanArgs, diagnostics: &mut Diagnostics) {
    let ids: Vec<&str> = inventory
        .agencies
        .iter()
        .map(|a| a.agency.id.as_str())
        .collect();
    for agency in &args.agency {
        if !ids.contains(&agency.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    Location::file("--agency"),
                    format!("no agency `{agency}` in the inventories"),
                )
                .with_hint(
                    did_you_mean(agency, ids.iter().copied())
                        .map(|b| format!("did you mean `{b}`?")),
                ),
            );
        }
    }
}

/// 1 when a failing (or erroring) result reaches the threshold or a target
/// is behind or missed; 0 otherwise.
pub fn exit_code(result: &ScanResult, fail_on: Severity) -> Exit {
    let failing = result
        .findings
        .iter()
        .any(|f| matches!(f.outcome, Outcome::Fail | Outcome::Error) && f.severity >= fail_on);
    let behind = result.targets.iter().any(|t| t.status.is_failing());
    if failing || behind {
        Exit::Failures
    } else {
        Exit::Compliant
    }
}

fn elapsed_ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn print(text: &str) -> io::Result<Exit> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(Exit::Compliant)
}

pub fn schema_json(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Inventory => schemars::schema_for!(crate::inventory::model::InventoryDocument),
        SchemaKind::Policy => schemars::schema_for!(crate::policy::model::PolicyFile),
        SchemaKind::Providers => schemars::schema_for!(crate::policy::model::ProvidersFile),
        SchemaKind::Scan => schemars::schema_for!(crate::scan::ScanResult),
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The example `init` writes: small, valid, and showing every part of the format.
const INIT_FILES: &[(&str, &str)] = &[
    (
        "inventories/example-agency.yaml",
        include_str!("../templates/init/inventories/example-agency.yaml"),
    ),
    (
        "policies/example-policy.yaml",
        include_str!("../templates/init/policies/example-policy.yaml"),
    ),
    (
        "policies/providers.yaml",
        include_str!("../templates/init/policies/providers.yaml"),
    ),
];

fn init(args: &InitArgs, quiet: bool) -> io::Result<Exit> {
    let targets: Vec<(PathBuf, &str)> = INIT_FILES
        .iter()
        .map(|(path, text)| (args.dir.join(path), *text))
        .collect();
    if !args.force {
        let existing: Vec<_> = targets.iter().filter(|(path, _)| path.exists()).collect();
        if !existing.is_empty() {
            for (path, _) in existing {
                eprintln!(
                    "error: {} already exists (use --force to overwrite)",
                    path.display()
                );
            }
            return Ok(Exit::BadInput);
        }
    }
    for (path, text) in &targets {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        if !quiet {
            println!("created {}", path.display());
        }
    }
    if !quiet {
        println!(
            "next: cd {} && cloudcensus validate && cloudcensus scan --offline",
            args.dir.display()
        );
    }
    Ok(Exit::Compliant)
}

fn generate(what: Generate) -> io::Result<Exit> {
    let mut command = Cli::command();
    let mut stdout = io::stdout().lock();
    match what {
        Generate::Completions { shell } => {
            clap_complete::generate(shell, &mut command, "cloudcensus", &mut stdout);
        }
        Generate::Man => clap_mangen::Man::new(command).render(&mut stdout)?,
    }
    Ok(Exit::Compliant)
}
