//! The command line as clap sees it: raw arguments only. `options.rs`
//! turns them into options once; no clap struct travels past the
//! commands.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::diagnostics::Message;
use crate::fields::{Id, IsoDate, OrgKind};
use crate::notify::mail::{Attachments, SmtpTls};
use crate::probe::TlsDepth;
use crate::report::national::NationalFormat;
use crate::report::{Lang, ReportFormat};
use crate::scan::{FailingTargets, Severity};

#[derive(Debug, Parser)]
#[command(
    name = "cloudcensus",
    version,
    about = "Census of government information systems: cloud adoption and security compliance against policy targets",
    long_about = "cloudcensus reads YAML inventories of agencies' information systems, checks every \
system against cloud-adoption and security policy (YAML rules with CEL conditions), and prints how \
far each agency and the whole organisation stand from their targets.",
    after_help = "Exit codes: 0 compliant, 1 compliance failures, 2 bad input or usage, 3 runtime failure."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print nothing unless it needs attention; problems still go to
    /// stderr. For `scan`: print and mail only on a night with new failing
    /// findings, a target that got worse, a rule newly in error or findings
    /// moved by a change of the rules (the exit code is the same as without).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// The config file [env: CLOUDCENSUS_CONFIG]. Default:
    /// ./cloudcensus.toml, else $XDG_CONFIG_HOME/cloudcensus/config.toml
    /// (~/.config/...), the first that exists. Flags and environment
    /// variables beat it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Colour statuses and severities in the tables on stdout: `auto` when
    /// stdout is a terminal and NO_COLOR is not set. Files and mail are
    /// never coloured.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour the terminal tables (`--color`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal, unless NO_COLOR is set (or CLICOLOR=0,
    /// TERM=dumb; CLICOLOR_FORCE forces colour).
    #[default]
    Auto,
    /// Always, even into a pipe (never into a file or mail).
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and check inventories and policies; report every error at once (no network).
    Validate(ValidateArgs),
    /// Load, evaluate and report: the nightly job.
    Scan(Box<ScanArgs>),
    /// List the scans recorded in the history.
    Runs(RunsArgs),
    /// Render a recorded scan again, in any format (default: the latest).
    Report(ReportArgs),
    /// Each target over the recorded scans, with where the current pace leads.
    Trend(TrendArgs),
    /// What changed between two recorded scans (default: the last two).
    Diff(DiffArgs),
    /// Every organisation's latest run in a shared history read together:
    /// the national targets (ratios of sums), a table of organisations and
    /// the worst per target.
    National(NationalArgs),
    /// Drop recorded scans past a retention window.
    Prune(PruneArgs),
    /// Probe URLs ad hoc and print what was learned (HTTP, TLS, TCP, DNS facts).
    Probe(ProbeCommandArgs),
    /// Print the JSON Schema of inventory, policy, provider or scan-result files.
    Schema(SchemaArgs),
    /// Print the settings in force for `scan` (with these flags) and where
    /// each came from: a flag, the environment, the config file, a default.
    Config(Box<ConfigArgs>),
    /// Create inventories/ with a small example, policies/ with the default
    /// policy pack, and a commented cloudcensus.toml.
    Init(InitArgs),
    /// Write the policy pack built into cloudcensus to a folder, for review or as a start.
    Policies(PoliciesArgs),
    /// Generate shell completions or the man page.
    Generate(GenerateArgs),
    /// Write the workbook agencies fill in: a sheet per part of the
    /// inventory, a note on each header, dropdowns for keywords.
    Template(TemplateArgs),
    /// Read filled workbooks (xlsx, or CSV files one per sheet) into one
    /// YAML inventory per agency; every mistake is placed at its cell.
    Import(ImportArgs),
    /// Write the inventory as a filled template, for agencies to review.
    Export(ExportArgs),
    /// Work on a history store itself: copy an SQLite history into
    /// PostgreSQL.
    History(HistoryCommandArgs),
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Inventory files or folders (searched recursively for *.yaml and
    /// *.yml). Default: inventories/, the whole inventory; files given may
    /// be a part of it (see `validate --strict`).
    pub paths: Vec<PathBuf>,

    /// Policy files or folders. Default: policies/, or the policy pack
    /// built into cloudcensus when there is no such folder.
    #[arg(long, value_name = "PATH")]
    pub policies: Vec<PathBuf>,
}

impl Command {
    /// The command's `--lang`, if it has the flag and it was given.
    pub fn lang(&self) -> Option<Lang> {
        match self {
            Command::Validate(args) => args.lang,
            Command::Scan(args) => args.lang,
            Command::Runs(args) => args.lang,
            Command::Report(args) => args.lang,
            Command::Trend(args) => args.lang,
            Command::Diff(args) => args.lang,
            Command::National(args) => args.lang,
            Command::Prune(args) => args.lang,
            Command::Probe(args) => args.lang,
            Command::Config(args) => args.scan.lang,
            Command::Template(args) => args.lang,
            Command::Import(args) => args.lang,
            Command::Export(args) => args.lang,
            Command::History(args) => match &args.what {
                HistoryCommand::Migrate(args) => args.lang,
            },
            Command::Schema(_) | Command::Init(_) | Command::Policies(_) | Command::Generate(_) => {
                None
            }
        }
    }
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// With PATHs given, a `parent` agency or a provider not among the
    /// files is an error, as when the whole inventory is validated (by
    /// default a warning).
    #[arg(long)]
    pub strict: bool,

    /// Language of the messages. Default: `[report] lang` of the config
    /// file, else from LC_ALL / LC_MESSAGES / LANG (`vi*` gives
    /// Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Do not probe endpoints: rules that need probe facts are `unknown`.
    #[arg(long)]
    pub offline: bool,

    #[command(flatten)]
    pub probe: ProbeArgs,

    /// Report format on stdout, and for an `--output FILE` whose extension
    /// names no format (or, of those it names, which: `--format
    /// csv-agencies` for a .csv). Default: the tables on a terminal, a
    /// short plain summary otherwise (cron mail).
    #[arg(long, short, value_enum)]
    pub format: Option<ReportFormat>,

    /// Write a report to a file instead of stdout (`-` is stdout), in the
    /// format its extension names (.html, .json, .csv, .md, .sarif, .xml
    /// for JUnit, .txt for the tables, .xlsx, .prom for OpenMetrics) or
    /// FORMAT=FILE; repeat to write several from one scan, e.g. `--output
    /// scan.json --output csv-agencies=agencies.csv`. With reports in
    /// files, stdout gets the short summary.
    #[arg(long, short, value_name = "[FORMAT=]FILE", value_parser = english(parse_output))]
    pub output: Vec<OutputSpec>,

    /// In the tables and Markdown, a row per failing finding besides the
    /// findings grouped by rule, and agency names in full.
    #[arg(long)]
    pub details: bool,

    /// Start CSV reports with a UTF-8 byte-order mark, so Excel reads
    /// Vietnamese text correctly.
    #[arg(long)]
    pub csv_bom: bool,

    /// Language of the reports. Default: from LC_ALL / LC_MESSAGES / LANG
    /// (`vi*` gives Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    #[command(flatten)]
    pub mail: MailArgs,

    #[command(flatten)]
    pub per_agency: PerAgencyArgs,

    #[command(flatten)]
    pub history: HistoryArgs,

    /// Do not record this scan in the history.
    #[arg(long)]
    pub no_history: bool,

    /// When another scan holds the history's lock, wait for it instead of
    /// exiting with status 3.
    #[arg(long)]
    pub wait: bool,

    /// Exit 1 when a failing finding has this severity or higher.
    #[arg(long, value_name = "SEVERITY", default_value = "high", value_parser = parse_severity)]
    pub fail_on: Severity,

    /// Exit 1 when a target is in one of these states: a comma-separated
    /// list of behind, no-progress, missed, no-trend, no-data, or `none`.
    /// A missed deadline stays missed for ever; add `missed` to keep
    /// failing on it.
    #[arg(long, value_name = "STATES", default_value = "behind,no-progress", value_parser = english(FailingTargets::parse))]
    pub fail_on_targets: FailingTargets,

    /// Scan only this agency (repeatable).
    #[arg(long, value_name = "ID")]
    pub agency: Vec<String>,

    /// Scan only systems with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Judge dates (waiver expiry, deadlines, overdue migrations) as of this
    /// day instead of today, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<IsoDate>,

    /// The organisation's name, for the reports and the shared history.
    /// Default: `[org] name` of the config file.
    #[arg(long, value_name = "NAME")]
    pub org_name: Option<String>,

    /// What the organisation is: province, city or ministry. Default:
    /// `[org] kind` of the config file.
    #[arg(long, value_name = "KIND", value_parser = parse_org_kind)]
    pub org_kind: Option<OrgKind>,
}

// The ranges of the probing counts, for the flags and the config file alike.
pub(crate) const CONCURRENCY: std::ops::RangeInclusive<i64> = 1..=100_000;
pub(crate) const PER_HOST: std::ops::RangeInclusive<i64> = 1..=10_000;
pub(crate) const RETRIES: std::ops::RangeInclusive<i64> = 0..=10;
pub(crate) const RESWEEP_DAYS: std::ops::RangeInclusive<i64> = 1..=366;

/// How endpoints are probed (shared by `scan` and `probe`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Probing")]
pub struct ProbeArgs {
    /// Probes in flight at once.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(CONCURRENCY))]
    pub concurrency: u32,

    /// Probes in flight at once against one host, so a shared server is not hammered.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(PER_HOST))]
    pub per_host: u32,

    /// Deadline of one endpoint's probe, retries included, in seconds.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = english(parse_seconds))]
    pub timeout: Duration,

    /// Deadline of one TCP connection attempt, in seconds.
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = english(parse_seconds))]
    pub connect_timeout: Duration,

    /// Extra attempts after a transient failure (timeout, reset, 429, 502-504).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(RETRIES))]
    pub retries: u32,

    /// DNS server to ask instead of the system's, IP:PORT.
    #[arg(long, value_name = "IP:PORT")]
    pub resolver: Option<SocketAddr>,

    /// Trust the CA certificates in this PEM file too (e.g. a government CA).
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// TLS facts: quick (the versions accepted, and whether a weak suite is)
    /// or full (also every suite of every version). Default: full for
    /// `probe`, quick for `scan`.
    #[arg(long, value_name = "DEPTH", value_enum)]
    pub tls_depth: Option<TlsDepth>,

    /// A scan with history asks each server's TLS versions and suites again
    /// at least once in this many days (each endpoint on a day of its own),
    /// and otherwise keeps the previous run's answers while the handshake and
    /// the certificate are unchanged; 1 asks every night.
    #[arg(long, value_name = "DAYS", default_value_t = crate::probe::sweep_memory::DEFAULT_RESWEEP_DAYS, value_parser = clap::value_parser!(u32).range(RESWEEP_DAYS))]
    pub tls_resweep_days: u32,
}

/// Where the scan history lives, and whose runs are read and written.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The history store: a file (SQLite), or a PostgreSQL database shared
    /// by many organisations, postgres://USER@HOST:PORT/DB (the password
    /// from PGPASSWORD, ~/.pgpass or --history-password-file, never in the
    /// URL; `?sslmode=disable|prefer|require|verify-full`). Default:
    /// $XDG_DATA_HOME/cloudcensus/history.sqlite, else
    /// ~/.local/share/cloudcensus/history.sqlite.
    #[arg(long, value_name = "PATH|URL", env = "CLOUDCENSUS_HISTORY")]
    pub history: Option<PathBuf>,

    /// The organisation whose runs these are, by id (e.g. `hue`): part of
    /// the history's key, so organisations sharing one history never see
    /// each other's runs. Default: `[org] id` of the config file, else
    /// none (a history of one organisation).
    #[arg(long = "org", value_name = "ID", env = "CLOUDCENSUS_ORG", value_parser = parse_org_id)]
    pub org: Option<Id>,

    /// File holding the PostgreSQL history's password (its first line);
    /// else PGPASSWORD, else ~/.pgpass (or PGPASSFILE).
    #[arg(long, value_name = "FILE", env = "CLOUDCENSUS_HISTORY_PASSWORD_FILE")]
    pub history_password_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryCommandArgs {
    #[command(subcommand)]
    pub what: HistoryCommand,
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Copy every run of an SQLite history into a PostgreSQL one; runs
    /// already there are skipped, so it is safe to run again.
    Migrate(MigrateArgs),
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The SQLite history to copy from, sqlite:PATH.
    #[arg(long, value_name = "sqlite:PATH")]
    pub from: String,

    /// The PostgreSQL history to copy into, postgres://USER@HOST:PORT/DB.
    #[arg(long, value_name = "URL")]
    pub to: String,

    /// The organisation the copied runs that name none belong to (runs
    /// recorded before organisations had ids). Default: `[org] id` of the
    /// config file.
    #[arg(long = "org", value_name = "ID", env = "CLOUDCENSUS_ORG", value_parser = parse_org_id)]
    pub org: Option<Id>,

    /// File holding the PostgreSQL password (its first line); else
    /// PGPASSWORD, else ~/.pgpass (or PGPASSFILE).
    #[arg(long, value_name = "FILE", env = "CLOUDCENSUS_HISTORY_PASSWORD_FILE")]
    pub history_password_file: Option<PathBuf>,

    /// Language of the output. Default: from LC_ALL / LC_MESSAGES / LANG
    /// (`vi*` gives Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct RunsArgs {
    #[command(flatten)]
    pub history: HistoryArgs,

    /// Language of the output. Default: from LC_ALL / LC_MESSAGES / LANG
    /// (`vi*` gives Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier run's id (default: the one before the latest).
    pub before: Option<i64>,
    /// The later run's id (default: the latest).
    pub after: Option<i64>,

    /// Language of the output. Default: from LC_ALL / LC_MESSAGES / LANG
    /// (`vi*` gives Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Only this target.
    #[arg(long, value_name = "ID")]
    pub target: Option<String>,

    /// The national values over time: each day a run measured, the ratio
    /// of sums over every organisation's latest run as of that day (as
    /// `national --as-of DAY` counts them), not one organisation's.
    #[arg(long)]
    pub national: bool,

    /// With --national: a run older than DAYS on a day is not counted on it.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_MAX_AGE_DAYS, requires = "national")]
    pub max_age: u32,

    /// Language of the output. Default: from LC_ALL / LC_MESSAGES / LANG
    /// (`vi*` gives Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    #[command(flatten)]
    pub history: HistoryArgs,
}

/// How old (in days before the day of the view) an organisation's latest
/// run may be and still count: the night before last still does, so one
/// failed night does not drop a province from the national figures.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 2;

#[derive(Debug, Args)]
pub struct NationalArgs {
    /// An organisation's latest run measured more than DAYS days before
    /// the day of the view is stale: listed, not counted.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_MAX_AGE_DAYS)]
    pub max_age: u32,

    /// The day of the view: each organisation's latest run measured on or
    /// before it. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<IsoDate>,

    /// Output format; default: the format `--output`'s extension names,
    /// else the tables.
    #[arg(long, short, value_enum)]
    pub format: Option<NationalFormat>,

    /// Write the view to FILE instead of stdout (its format from
    /// --format, else its extension: .txt, .json, .csv, .html, .xlsx).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Language of the output (default from LC_ALL / LC_MESSAGES / LANG).
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Start the CSV with a UTF-8 byte-order mark.
    #[arg(long)]
    pub csv_bom: bool,

    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("keep").required(true).multiple(true)))]
pub struct PruneArgs {
    /// Keep the scans that ran in the last N days (by the day they ran,
    /// whatever their --as-of).
    #[arg(long, value_name = "N", group = "keep")]
    pub keep_days: Option<u32>,

    /// Keep the newest N scans.
    #[arg(long, value_name = "N", group = "keep")]
    pub keep_runs: Option<u32>,

    /// List the scans that would be dropped, and drop nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Language of the output. Default: from LC_ALL / LC_MESSAGES / LANG
    /// (`vi*` gives Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The run's id (see `cloudcensus runs`); default: the latest.
    pub run: Option<i64>,

    /// Report format (as for `scan`); default: the format `--output`'s
    /// extension names, else the tables.
    #[arg(long, short, value_enum)]
    pub format: Option<ReportFormat>,

    /// Write the report to FILE instead of stdout, in the format its
    /// extension names (as for `scan`) or FORMAT=FILE.
    #[arg(long, short, value_name = "[FORMAT=]FILE", value_parser = english(parse_output))]
    pub output: Option<OutputSpec>,

    /// In the tables and Markdown, a row per failing finding besides the
    /// findings grouped by rule, and agency names in full.
    #[arg(long)]
    pub details: bool,

    /// Only this agency's part of the run (repeatable): its row, systems,
    /// findings and waivers, and the targets as they stand for it alone
    /// (without a trend: the history holds the whole's).
    #[arg(long, value_name = "ID")]
    pub agency: Vec<String>,

    /// Language of the report (default from LC_ALL / LC_MESSAGES / LANG).
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Start CSV reports with a UTF-8 byte-order mark.
    #[arg(long)]
    pub csv_bom: bool,

    /// Also write each agency's own report into this folder (created if
    /// missing), one file per agency and format, named by the agency's id.
    #[arg(long, value_name = "DIR")]
    pub per_agency_dir: Option<PathBuf>,

    #[command(flatten)]
    pub history: HistoryArgs,
}

/// Sending the reports by mail (SMTP). The password is read from
/// CLOUDCENSUS_SMTP_PASSWORD or --smtp-password-file, never from a flag.
#[derive(Debug, Args)]
#[command(next_help_heading = "Mail")]
pub struct MailArgs {
    /// Mail the summary, the HTML report and the JSON record to this
    /// address (repeatable), after the reports are written.
    #[arg(long, value_name = "ADDRESS")]
    pub email_to: Vec<String>,

    /// Sender address.
    #[arg(
        long,
        value_name = "ADDRESS",
        env = "CLOUDCENSUS_EMAIL_FROM",
        default_value = "cloudcensus@localhost"
    )]
    pub email_from: String,

    /// SMTP server.
    #[arg(
        long,
        value_name = "HOST",
        env = "CLOUDCENSUS_SMTP_HOST",
        default_value = "localhost"
    )]
    pub smtp_host: String,

    /// SMTP port. Default: 25, 587 or 465 for --smtp-tls none, starttls, tls.
    #[arg(long, value_name = "PORT", env = "CLOUDCENSUS_SMTP_PORT")]
    pub smtp_port: Option<u16>,

    /// Connection security: none (a local relay only), starttls or tls.
    #[arg(
        long,
        value_enum,
        value_name = "MODE",
        env = "CLOUDCENSUS_SMTP_TLS",
        default_value = "starttls"
    )]
    pub smtp_tls: SmtpTls,

    /// SMTP user name (the password comes from CLOUDCENSUS_SMTP_PASSWORD or
    /// --smtp-password-file).
    #[arg(long, value_name = "USER", env = "CLOUDCENSUS_SMTP_USER")]
    pub smtp_user: Option<String>,

    /// File holding the SMTP password (its first line).
    #[arg(long, value_name = "FILE", env = "CLOUDCENSUS_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<PathBuf>,

    /// Reports to attach, comma-separated: csv-agencies, csv, json, html,
    /// markdown, junit, sarif, xlsx, openmetrics; or `none`. The summary is the mail's text
    /// and the HTML report its HTML part either way.
    #[arg(long, value_name = "REPORTS", default_value = "csv-agencies", value_parser = english(Attachments::parse))]
    pub email_attach: Attachments,
}

/// Each agency its own report: in files, and by mail to the agency's
/// `contact`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Each agency its own report")]
pub struct PerAgencyArgs {
    /// Write each agency's own report (its systems, findings and the
    /// targets as they stand for it) into this folder, created if missing:
    /// one file per agency and format, named by the agency's id, e.g.
    /// DIR/so-khcn.html.
    #[arg(long, value_name = "DIR")]
    pub per_agency_dir: Option<PathBuf>,

    /// After the province's own mail, send each agency its own report at
    /// the `contact` of its inventory entry. An agency without a contact
    /// is listed in the summary (an error with --strict).
    #[arg(long)]
    pub email_agencies: bool,

    /// With --email-agencies: an agency in scope without a `contact` is an
    /// error (exit 2, before any work) instead of a line in the summary.
    #[arg(long)]
    pub strict: bool,

    /// Send no mail: print who would get what (agency, addresses, subject,
    /// attachments). The reports are written and the scan recorded as
    /// usual.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ProbeCommandArgs {
    /// URLs to probe: https://host/path, http://host or tcp://host:port.
    #[arg(required_unless_present = "mail_domains", value_name = "URL")]
    pub urls: Vec<String>,

    /// A mail domain to probe instead of URLs (repeatable): its MX hosts
    /// and STARTTLS on their port 25, its SPF, DMARC, MTA-STS and TLS-RPT
    /// records.
    #[arg(long = "mail-domain", value_name = "DOMAIN", conflicts_with = "urls")]
    pub mail_domains: Vec<String>,

    /// Output format: a table, or the facts as a JSON array.
    #[arg(long, short, value_enum, default_value_t = ProbeFormat::Table)]
    pub format: ProbeFormat,

    /// Policy folder whose providers.yaml tells providers apart (skipped if
    /// absent). Default: policies/, else the built-in pack's.
    #[arg(long, value_name = "PATH")]
    pub policies: Vec<PathBuf>,

    /// Language of the table and the progress bar. Default: from LC_ALL /
    /// LC_MESSAGES / LANG (`vi*` gives Vietnamese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    #[command(flatten)]
    pub probe: ProbeArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProbeFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum, default_value_t = SchemaKind::Inventory)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// An inventory file (one agency and its systems).
    Inventory,
    /// A policy file (rules, targets, waivers).
    Policy,
    /// The provider registry, policies/providers.yaml.
    Providers,
    /// The JSON scan result (`scan --format json`).
    Scan,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The flags of `scan`: what they change shows as coming from a flag.
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create inventories/ and policies/ in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Overwrite example files that already exist.
    #[arg(long)]
    pub force: bool,
}

// --- Workbooks: template, import, export (issue 15, items 1 to 3) ---------

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The workbook to write (.xlsx).
    pub file: PathBuf,

    /// Language of the sheet names, headers and notes. Default: `[report]
    /// lang` of the config file, else the locale, else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Filled workbooks (.xlsx), or CSV files, one per sheet (the CSV
    /// files given are read together as one workbook).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Folder to write the inventories in, one `AGENCY-ID.yaml` each.
    #[arg(long, value_name = "DIR", default_value = "inventories")]
    pub out: PathBuf,

    /// Overwrite inventory files whose text differs.
    #[arg(long)]
    pub force: bool,

    /// With errors, still write the agencies that have none, and name
    /// those left out (the exit is 2 all the same).
    #[arg(long)]
    pub partial: bool,

    /// Language of the messages.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The template, filled in.
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Inventory files or folders. Default: inventories/ (or the config
    /// file's `[input] inventories`).
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: ExportFormat,

    /// The workbook to write.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,

    /// Language of the sheet names, headers, notes and messages.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

// --- end of workbooks (issue 15) -------------------------------------------

#[derive(Debug, Args)]
pub struct PoliciesArgs {
    /// Folder to write the pack's files in.
    #[arg(default_value = "policies")]
    pub dir: PathBuf,

    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub what: Generate,
}

#[derive(Debug, Subcommand)]
pub enum Generate {
    /// Shell completion script, e.g. `cloudcensus generate completions bash`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The man page, in roff.
    Man,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            let names: Vec<_> = Severity::ALL.iter().map(|s| s.as_str()).collect();
            format!("use one of: {}", names.join(", "))
        })
}

/// One `--output`: a file, and the format to write it in when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Option<ReportFormat>,
    pub path: PathBuf,
}

/// A flag's parser whose reason is a [`Message`], for clap: clap writes
/// its usage errors in English only, so the reason is English too. The
/// config file's diagnostics show the same reasons in the reader's
/// language.
fn english<T>(
    parse: impl Fn(&str) -> Result<T, Message> + Clone + Send + Sync + 'static,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |text| parse(text).map_err(|reason| reason.english())
}

/// `FORMAT=FILE` when the part before `=` names a format, else a file name
/// (also for `[report] outputs` in the config file).
pub(crate) fn parse_output(text: &str) -> Result<OutputSpec, Message> {
    if let Some((name, path)) = text.split_once('=')
        && let Ok(format) = ReportFormat::from_str(name, true)
    {
        if path.is_empty() {
            return Err(Message::new("err-flag-output-no-file").arg("name", name));
        }
        return Ok(OutputSpec {
            format: Some(format),
            path: PathBuf::from(path),
        });
    }
    if text.is_empty() {
        return Err(Message::new("err-flag-output-empty"));
    }
    Ok(OutputSpec {
        format: None,
        path: PathBuf::from(text),
    })
}

fn parse_seconds(text: &str) -> Result<Duration, Message> {
    seconds(text.parse::<f64>().unwrap_or(f64::NAN))
}

/// A timeout in seconds, as `--timeout` and `[probe] timeout` take it.
pub(crate) fn seconds(secs: f64) -> Result<Duration, Message> {
    if secs > 0.0 && secs <= 3600.0 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(Message::new("err-flag-seconds"))
    }
}

fn parse_date(text: &str) -> Result<IsoDate, String> {
    IsoDate::parse(text).map_err(|e| e.to_string())
}

fn parse_org_id(text: &str) -> Result<Id, String> {
    Id::parse(text).map_err(|e| e.to_string())
}

fn parse_org_kind(text: &str) -> Result<OrgKind, String> {
    OrgKind::ALL
        .iter()
        .copied()
        .find(|kind| kind.as_str() == text)
        .ok_or_else(|| {
            let names: Vec<_> = OrgKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("use one of: {}", names.join(", "))
        })
}

/// How an argument was given, when it was: on the command line or by
/// its environment variable. An argument absent from [`Given`] holds
/// clap's default, which a config file may override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The flag as typed, e.g. `--email-from` (`PATH` for a positional).
    Flag(String),
    /// The environment variable, e.g. `CLOUDCENSUS_EMAIL_FROM`.
    Env(String),
}

/// Which of the command's arguments were given, and how: what tells a
/// flag from a default, so that the config file beats only defaults.
/// Plain data: no clap type travels past this file.
#[derive(Debug, Clone, Default)]
pub struct Given {
    given: BTreeMap<String, Origin>,
    /// Every argument id of the command, to catch a mistyped id in tests.
    known: BTreeSet<String>,
}

impl Given {
    /// How the argument with this id (the field's name) was given, if it was.
    pub fn origin(&self, id: &str) -> Option<&Origin> {
        debug_assert!(
            self.known.is_empty() || self.known.contains(id),
            "no argument `{id}` in this command"
        );
        self.given.get(id)
    }

    fn from_matches(command: &clap::Command, matches: &ArgMatches) -> Given {
        let mut given = Given::default();
        if let Some((name, sub_matches)) = matches.subcommand()
            && let Some(sub) = command.find_subcommand(name)
        {
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                given.known.insert(id.to_string());
                if let Some(origin) = origin_of(sub, sub_matches, id) {
                    given.given.insert(id.to_string(), origin);
                }
            }
        }
        given
    }
}

fn origin_of(command: &clap::Command, matches: &ArgMatches, id: &str) -> Option<Origin> {
    let arg = command.get_arguments().find(|a| a.get_id() == id)?;
    match matches.value_source(id)? {
        ValueSource::CommandLine => Some(Origin::Flag(match arg.get_long() {
            Some(long) => format!("--{long}"),
            None => arg
                .get_value_names()
                .and_then(|names| names.first())
                .map_or_else(|| id.to_uppercase(), ToString::to_string),
        })),
        ValueSource::EnvVariable => {
            Some(Origin::Env(arg.get_env().map_or_else(String::new, |v| {
                v.to_string_lossy().into_owned()
            })))
        }
        _ => None,
    }
}

/// Parses the command line: the arguments, and which of them were given.
pub fn parse_from<I, T>(args: I) -> Result<(Cli, Given), clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let command = Cli::command();
    let matches = command.clone().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    let given = Given::from_matches(&command, &matches);
    Ok((cli, given))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
