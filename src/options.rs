//! Options made once from the command line. `cli.rs` holds clap's raw
//! arguments; this file turns them into the values the stages take (the
//! prober's config, the reporters' options, the output plan, the mail
//! settings, the history's place), the way ripgrep turns its low-level
//! arguments into high-level ones. Nothing past the commands sees a clap
//! type.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use crate::cli::{ColorChoice, HistoryArgs, InputArgs, MailArgs, ProbeArgs, ScanArgs};
use crate::error::Error;
use crate::fields::IsoDate;
use crate::history::store;
use crate::inventory::Selection;
use crate::notify::mail::{self, MailSettings};
use crate::probe::ProbeConfig;
use crate::report::outputs::OutputPlan;
use crate::report::{Lang, ReportFormat, ReportOptions};
use crate::scan::{ScanMode, Severity};

/// The inventory and policy files to read.
#[derive(Debug, Clone)]
pub struct InputPaths {
    pub inventories: Vec<PathBuf>,
    pub policies: Vec<PathBuf>,
}

impl From<&InputArgs> for InputPaths {
    fn from(args: &InputArgs) -> Self {
        InputPaths {
            inventories: args.paths.clone(),
            policies: args.policies.clone(),
        }
    }
}

/// What one scan covers and how it learns the facts: the part of the
/// options the pipeline reads.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub selection: Selection,
    /// The day rules, waivers and deadlines are judged against.
    pub as_of: IsoDate,
    pub mode: ScanMode,
    /// How endpoints are probed (not used offline).
    pub probe: ProbeConfig,
}

/// `cloudcensus scan`, made once from its arguments.
pub struct ScanOptions {
    pub input: InputPaths,
    pub run: RunOptions,
    pub outputs: OutputPlan,
    pub report: ReportOptions,
    /// Set when `--email-to` names someone.
    pub mail: Option<MailSettings>,
    /// The history store; `None` with `--no-history`.
    pub history: Option<PathBuf>,
    /// Wait for another scan's lock instead of exiting 3.
    pub wait_for_lock: bool,
    pub fail_on: Severity,
    pub quiet: bool,
}

impl ScanOptions {
    /// Everything that can be checked before any work: the history's
    /// place, the SMTP password and the mail addresses are settled here,
    /// so a run that cannot finish fails before it touches a file.
    pub fn from_args(
        args: &ScanArgs,
        today: IsoDate,
        quiet: bool,
        color: ColorChoice,
    ) -> Result<Self, Error> {
        let requested: Vec<(Option<ReportFormat>, PathBuf)> = args
            .output
            .iter()
            .map(|spec| (spec.format, spec.path.clone()))
            .collect();
        let stdout_default = if io::stdout().is_terminal() {
            ReportFormat::Table
        } else {
            ReportFormat::Summary
        };
        Ok(ScanOptions {
            input: InputPaths::from(&args.input),
            run: RunOptions {
                selection: Selection {
                    agencies: args.agency.clone(),
                    tags: args.tag.clone(),
                },
                as_of: args.as_of.unwrap_or(today),
                mode: if args.offline {
                    ScanMode::Offline
                } else {
                    ScanMode::Online
                },
                probe: probe_config(&args.probe, !quiet),
            },
            outputs: OutputPlan::new(&requested, args.format, stdout_default)?,
            report: ReportOptions {
                details: args.details,
                color: use_color(color),
                width: terminal_width(),
                ..report_options(args.lang, args.csv_bom)
            },
            mail: mail_settings(&args.mail)?,
            history: if args.no_history {
                None
            } else {
                Some(history_path(&args.history)?)
            },
            wait_for_lock: args.wait,
            fail_on: args.fail_on,
            quiet,
        })
    }
}

/// The reporters' options: the language (flag, else the locale) and the
/// CSV byte-order mark.
pub fn report_options(lang: Option<Lang>, csv_bom: bool) -> ReportOptions {
    ReportOptions {
        lang: lang.unwrap_or_else(Lang::from_env),
        csv_bom,
        ..ReportOptions::default()
    }
}

/// Whether stdout's tables are coloured: `--color always` or `never` as
/// said; `auto` as anstream (clap's terminal layer) decides for stdout:
/// never when NO_COLOR is set and not empty (https://no-color.org) or
/// CLICOLOR=0, always with CLICOLOR_FORCE, else when stdout is a terminal
/// that shows colour (not TERM=dumb). A flag beats the environment, as
/// no-color.org asks. Files and mail are never coloured
/// ([`ReportOptions::for_file`]).
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// The width of the terminal stdout is, if it is one: the tables fit it.
pub fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size_of(io::stdout()).map(|(width, _)| usize::from(width.0))
}

/// The prober's settings from `--concurrency`, `--timeout` and the rest.
pub fn probe_config(args: &ProbeArgs, progress: bool) -> ProbeConfig {
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

/// `--history`, else the default place under the user's data folder.
pub fn history_path(args: &HistoryArgs) -> Result<PathBuf, Error> {
    args.history
        .clone()
        .or_else(store::default_path)
        .ok_or(Error::History(store::StoreError::NoPlace))
}

/// The mail settings when `--email-to` is given, the password read from
/// CLOUDCENSUS_SMTP_PASSWORD or its file.
fn mail_settings(args: &MailArgs) -> Result<Option<MailSettings>, Error> {
    if args.email_to.is_empty() {
        return Ok(None);
    }
    let settings = MailSettings {
        to: args.email_to.clone(),
        from: args.email_from.clone(),
        host: args.smtp_host.clone(),
        port: args.smtp_port,
        tls: args.smtp_tls,
        user: args.smtp_user.clone(),
        password: mail::read_password(args.smtp_password_file.as_deref())?,
        timeout: std::time::Duration::from_secs(30),
    };
    settings.check_addresses()?;
    Ok(Some(settings))
}
