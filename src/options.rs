//! Options made once from the command line and the config file.
//! `cli.rs` holds clap's raw arguments and says which were given;
//! `config` reads the file; this file merges them into the values the
//! stages take (the prober's config, the reporters' options, the output
//! plan, the mail settings, the history's place), the way ripgrep turns
//! its low-level arguments into high-level ones. Nothing past the
//! commands sees a clap type.
//!
//! Each setting is taken from the first layer that has it: a flag, its
//! environment variable, the config file, the default. The defaults are
//! clap's (`default_value` in `cli.rs`, shown by `--help`), the one place
//! they are written; a setting remembers its [`Source`] for `cloudcensus
//! config`.

use std::io::{self, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{
    ColorChoice, Given, HistoryArgs, InputArgs, MailArgs, Origin, OutputSpec, PerAgencyArgs,
    ProbeArgs, ReportArgs, ScanArgs,
};
use crate::config::{ConfigFile, Located};
use crate::diagnostics::Location;
use crate::error::Error;
use crate::fields::{Id, IsoDate, OrgKind, Organisation};
use crate::history::place::Place;
use crate::history::store;
use crate::inventory::Selection;
use crate::inventory::validate::Coverage;
use crate::notify::mail::{self, Attachments, MailSettings, SmtpTls};
use crate::probe::{ProbeConfig, ProgressText, TlsDepth};
use crate::report::outputs::{OutputPlan, refuse_binary_on_terminal};
use crate::report::{Lang, ReportFormat, ReportOptions};
use crate::scan::{FailingTargets, ScanMode, Severity};

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A flag on the command line, e.g. `--email-from`.
    Flag(String),
    /// An environment variable, e.g. `CLOUDCENSUS_HISTORY`.
    Env(String),
    /// A line of the config file.
    File(Location),
    /// The locale variable the language was read from, e.g. `LANG`.
    Locale(&'static str),
    Default,
}

impl From<&Origin> for Source {
    fn from(origin: &Origin) -> Self {
        match origin {
            Origin::Flag(flag) => Source::Flag(flag.clone()),
            Origin::Env(variable) => Source::Env(variable.clone()),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// The layers a setting is looked for in: what clap gave (a flag, its
/// environment variable or its default) and the config file.
#[derive(Debug, Clone, Copy)]
pub struct Layers<'a> {
    pub given: &'a Given,
    pub file: Option<&'a ConfigFile>,
}

impl<'a> Layers<'a> {
    /// The argument `id` when given (flag or environment), else the
    /// file's value, else `cli`, which then holds clap's default.
    fn pick<T: Clone>(
        &self,
        id: &str,
        cli: &T,
        file: impl FnOnce(&'a ConfigFile) -> Option<Located<T>>,
    ) -> Setting<T> {
        if let Some(origin) = self.given.origin(id) {
            return Setting {
                value: cli.clone(),
                source: origin.into(),
            };
        }
        self.file_or(file, cli.clone())
    }

    /// A setting with no flag: the file's, else `default`.
    fn file_or<T>(
        &self,
        file: impl FnOnce(&'a ConfigFile) -> Option<Located<T>>,
        default: T,
    ) -> Setting<T> {
        match self.file.and_then(file) {
            Some(located) => Setting {
                value: located.value,
                source: Source::File(located.at),
            },
            None => Setting {
                value: default,
                source: Source::Default,
            },
        }
    }
}

/// `Located<T>` as the `Option<T>` of a flag without a default.
fn some<T>(located: Option<Located<T>>) -> Option<Located<Option<T>>> {
    located.map(|l| l.map(Some))
}

/// The inventory and policy files to read.
#[derive(Debug, Clone)]
pub struct InputPaths {
    pub inventories: Vec<PathBuf>,
    /// Empty: `policies/`, else the built-in pack (policy::load).
    pub policies: Vec<PathBuf>,
    /// How a reference to an agency or provider that is not among the
    /// files read is reported.
    pub coverage: Coverage,
}

/// The folder read when no inventory PATH is given: the whole inventory.
pub const DEFAULT_INVENTORIES: &str = "inventories";

/// `[inputs]`: the `PATH` arguments and `--policies`.
#[derive(Debug, Clone)]
pub struct InputSettings {
    pub inventories: Setting<Vec<PathBuf>>,
    pub policies: Setting<Vec<PathBuf>>,
}

impl InputSettings {
    /// The inventory files or folders of a command without policies
    /// (`export`): `paths` when given, else the config file's, else
    /// inventories/.
    pub fn inventories_only(paths: &[PathBuf], layers: &Layers<'_>) -> Vec<PathBuf> {
        let chosen = layers.pick("paths", &paths.to_vec(), |f| f.inventories.clone());
        if chosen.value.is_empty() {
            vec![PathBuf::from(DEFAULT_INVENTORIES)]
        } else {
            chosen.value
        }
    }

    pub fn resolve(args: &InputArgs, layers: &Layers<'_>) -> Self {
        InputSettings {
            inventories: layers.pick("paths", &args.paths, |f| f.inventories.clone()),
            policies: policies(&args.policies, layers),
        }
    }

    /// The files to read. Without PATH arguments, the config file's
    /// inventories or else `inventories/`: the whole inventory, whose
    /// references must all resolve. PATH arguments may name a part.
    pub fn paths(&self) -> InputPaths {
        let whole = !matches!(self.inventories.source, Source::Flag(_));
        InputPaths {
            inventories: if self.inventories.value.is_empty() {
                vec![PathBuf::from(DEFAULT_INVENTORIES)]
            } else {
                self.inventories.value.clone()
            },
            policies: self.policies.value.clone(),
            coverage: Coverage {
                whole,
                strict: false,
            },
        }
    }
}

/// `--policies`, else `[inputs] policies` (for `scan`, `validate` and `probe`).
pub fn policies(cli: &[PathBuf], layers: &Layers<'_>) -> Setting<Vec<PathBuf>> {
    layers.pick("policies", &cli.to_vec(), |f| f.policies.clone())
}

/// `[probe]`: how endpoints are probed.
#[derive(Debug, Clone)]
pub struct ProbeSettings {
    pub concurrency: Setting<u32>,
    pub per_host: Setting<u32>,
    pub timeout: Setting<Duration>,
    pub connect_timeout: Setting<Duration>,
    pub retries: Setting<u32>,
    pub resolver: Setting<Option<SocketAddr>>,
    pub ca_file: Setting<Option<PathBuf>>,
    pub tls_depth: Setting<TlsDepth>,
    pub tls_resweep_days: Setting<u32>,
}

impl ProbeSettings {
    /// `depth`: the command's own default TLS depth (`probe` full, `scan`
    /// quick).
    pub fn resolve(args: &ProbeArgs, layers: &Layers<'_>, depth: TlsDepth) -> Self {
        let tls_depth = layers.pick("tls_depth", &args.tls_depth, |f| some(f.tls_depth.clone()));
        ProbeSettings {
            concurrency: layers.pick("concurrency", &args.concurrency, |f| f.concurrency.clone()),
            per_host: layers.pick("per_host", &args.per_host, |f| f.per_host.clone()),
            timeout: layers.pick("timeout", &args.timeout, |f| f.timeout.clone()),
            connect_timeout: layers.pick("connect_timeout", &args.connect_timeout, |f| {
                f.connect_timeout.clone()
            }),
            retries: layers.pick("retries", &args.retries, |f| f.retries.clone()),
            resolver: layers.pick("resolver", &args.resolver, |f| some(f.resolver.clone())),
            ca_file: layers.pick("ca_file", &args.ca_file, |f| some(f.ca_file.clone())),
            tls_depth: Setting {
                value: tls_depth.value.unwrap_or(depth),
                source: tls_depth.source,
            },
            tls_resweep_days: layers.pick("tls_resweep_days", &args.tls_resweep_days, |f| {
                f.tls_resweep_days.clone()
            }),
        }
    }

    /// The prober's settings; `progress`: the progress bar's words, `None`
    /// for no bar.
    pub fn config(&self, progress: Option<ProgressText>) -> ProbeConfig {
        ProbeConfig {
            concurrency: self.concurrency.value as usize,
            per_host: self.per_host.value as usize,
            timeout: self.timeout.value,
            connect_timeout: self.connect_timeout.value.min(self.timeout.value),
            retries: self.retries.value,
            resolver: self.resolver.value,
            ca_file: self.ca_file.value.clone(),
            tls_depth: self.tls_depth.value,
            progress,
            sweep_memory: None,
            tls_resweep_days: self.tls_resweep_days.value,
        }
    }
}

/// `[mail]`: the mail settings, the password aside.
#[derive(Debug, Clone)]
pub struct MailLayers {
    pub email_to: Setting<Vec<String>>,
    pub email_from: Setting<String>,
    pub smtp_host: Setting<String>,
    pub smtp_port: Setting<Option<u16>>,
    pub smtp_tls: Setting<SmtpTls>,
    pub smtp_user: Setting<Option<String>>,
    pub smtp_password_file: Setting<Option<PathBuf>>,
    pub email_attach: Setting<Attachments>,
    /// `--email-agencies`: each agency its own report at its `contact`.
    pub email_agencies: Setting<bool>,
}

impl MailLayers {
    pub fn resolve(args: &MailArgs, per_agency: &PerAgencyArgs, layers: &Layers<'_>) -> Self {
        MailLayers {
            email_to: layers.pick("email_to", &args.email_to, |f| f.email_to.clone()),
            email_from: layers.pick("email_from", &args.email_from, |f| f.email_from.clone()),
            smtp_host: layers.pick("smtp_host", &args.smtp_host, |f| f.smtp_host.clone()),
            smtp_port: layers.pick("smtp_port", &args.smtp_port, |f| some(f.smtp_port.clone())),
            smtp_tls: layers.pick("smtp_tls", &args.smtp_tls, |f| f.smtp_tls.clone()),
            smtp_user: layers.pick("smtp_user", &args.smtp_user, |f| some(f.smtp_user.clone())),
            smtp_password_file: layers.pick("smtp_password_file", &args.smtp_password_file, |f| {
                some(f.smtp_password_file.clone())
            }),
            email_attach: layers.pick("email_attach", &args.email_attach, |f| {
                f.email_attach.clone()
            }),
            email_agencies: layers.pick("email_agencies", &per_agency.email_agencies, |f| {
                f.email_agencies.clone()
            }),
        }
    }

    /// The mail settings when someone is to get the mail, the password
    /// read from CLOUDCENSUS_SMTP_PASSWORD or its file, the addresses
    /// checked.
    fn settings(&self) -> Result<Option<MailSettings>, Error> {
        if self.email_to.value.is_empty() && !self.email_agencies.value {
            return Ok(None);
        }
        let settings = MailSettings {
            to: self.email_to.value.clone(),
            from: self.email_from.value.clone(),
            host: self.smtp_host.value.clone(),
            port: self.smtp_port.value,
            tls: self.smtp_tls.value,
            user: self.smtp_user.value.clone(),
            password: mail::read_password(self.smtp_password_file.value.as_deref())?,
            timeout: Duration::from_secs(30),
            attach: self.email_attach.value.clone(),
        };
        settings.check_addresses()?;
        Ok(Some(settings))
    }
}

/// Everything `scan` takes from the layers, each with its source: what
/// `cloudcensus config` prints and what [`ScanOptions`] is made from.
#[derive(Debug, Clone)]
pub struct ScanSettings {
    pub org_id: Setting<Option<Id>>,
    pub org_name: Setting<Option<String>>,
    pub org_kind: Setting<Option<OrgKind>>,
    pub input: InputSettings,
    /// `None` when there is no default place (no HOME).
    pub history: Setting<Option<PathBuf>>,
    pub history_password_file: Setting<Option<PathBuf>>,
    pub format: Setting<Option<ReportFormat>>,
    pub outputs: Setting<Vec<OutputSpec>>,
    pub lang: Setting<Lang>,
    pub csv_bom: Setting<bool>,
    /// `--per-agency-dir`, else `[report] per_agency_dir`.
    pub per_agency_dir: Setting<Option<PathBuf>>,
    pub mail: MailLayers,
    pub probe: ProbeSettings,
    pub fail_on: Setting<Severity>,
    pub fail_on_targets: Setting<FailingTargets>,
    pub offline: Setting<bool>,
    pub wait: Setting<bool>,
}

impl ScanSettings {
    pub fn resolve(args: &ScanArgs, layers: &Layers<'_>) -> Self {
        ScanSettings {
            org_id: org_id(&args.history, layers),
            org_name: layers.pick("org_name", &args.org_name, |f| some(f.org_name.clone())),
            org_kind: layers.pick("org_kind", &args.org_kind, |f| some(f.org_kind.clone())),
            input: InputSettings::resolve(&args.input, layers),
            history: history_setting(&args.history, layers),
            history_password_file: history_password_file(&args.history, layers),
            format: layers.pick("format", &args.format, |f| some(f.format.clone())),
            outputs: layers.pick("output", &args.output, |f| f.outputs.clone()),
            lang: lang(args.lang, layers),
            csv_bom: layers.pick("csv_bom", &args.csv_bom, |f| f.csv_bom.clone()),
            per_agency_dir: layers.pick("per_agency_dir", &args.per_agency.per_agency_dir, |f| {
                some(f.per_agency_dir.clone())
            }),
            mail: MailLayers::resolve(&args.mail, &args.per_agency, layers),
            probe: ProbeSettings::resolve(&args.probe, layers, TlsDepth::Quick),
            fail_on: layers.pick("fail_on", &args.fail_on, |f| f.fail_on.clone()),
            fail_on_targets: layers.pick("fail_on_targets", &args.fail_on_targets, |f| {
                f.fail_on_targets.clone()
            }),
            offline: layers.pick("offline", &args.offline, |f| f.offline.clone()),
            wait: layers.pick("wait", &args.wait, |f| f.wait.clone()),
        }
    }

    fn organisation(&self) -> Organisation {
        Organisation {
            id: self.org_id.value.clone(),
            name: self.org_name.value.clone(),
            kind: self.org_kind.value,
        }
    }
}

/// What one scan covers and how it learns the facts: the part of the
/// options the pipeline reads.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub selection: Selection,
    /// `[org]` of the config file, for the record.
    pub organisation: Organisation,
    /// The day rules, waivers and deadlines are judged against.
    pub as_of: IsoDate,
    pub mode: ScanMode,
    /// How endpoints are probed (not used offline).
    pub probe: ProbeConfig,
}

/// `cloudcensus scan`, made once from its arguments and the config file.
pub struct ScanOptions {
    pub input: InputPaths,
    pub run: RunOptions,
    pub outputs: OutputPlan,
    pub report: ReportOptions,
    /// Set when `--email-to` names someone.
    pub mail: Option<MailSettings>,
    /// The history store; `None` with `--no-history`.
    pub history: Option<Place>,
    /// Wait for another scan's lock instead of exiting 3.
    pub wait_for_lock: bool,
    pub fail_on: Severity,
    /// The target states that fail the run.
    pub fail_on_targets: FailingTargets,
    /// Print and mail only on a night that needs attention.
    pub quiet: bool,
    /// Each agency its own report: in files, by mail.
    pub per_agency: PerAgencyPlan,
}

/// Each agency its own report (`--per-agency-dir`, `--email-agencies`).
#[derive(Debug, Clone, Default)]
pub struct PerAgencyPlan {
    /// The folder each agency's report files go in.
    pub dir: Option<PathBuf>,
    /// Mail each agency its own report at its `contact`.
    pub email: bool,
    /// An agency in scope without a contact is an error.
    pub strict: bool,
    /// Print who would get which mail; send none.
    pub dry_run: bool,
}

impl ScanOptions {
    /// Everything that can be checked before any work: the history's
    /// place, the SMTP password and the mail addresses are settled here,
    /// so a run that cannot finish fails before it touches a file.
    pub fn from_args(
        args: &ScanArgs,
        layers: &Layers<'_>,
        today: IsoDate,
        quiet: bool,
        color: ColorChoice,
    ) -> Result<Self, Error> {
        let settings = ScanSettings::resolve(args, layers);
        let requested: Vec<(Option<ReportFormat>, PathBuf)> = settings
            .outputs
            .value
            .iter()
            .map(|spec| (spec.format, spec.path.clone()))
            .collect();
        let stdout_default = if io::stdout().is_terminal() {
            ReportFormat::Table
        } else {
            ReportFormat::Summary
        };
        let outputs = OutputPlan::new(&requested, settings.format.value, stdout_default)?;
        refuse_binary_on_terminal(outputs.stdout.iter().copied())?;
        Ok(ScanOptions {
            input: settings.input.paths(),
            run: RunOptions {
                selection: Selection {
                    agencies: args.agency.clone(),
                    tags: args.tag.clone(),
                },
                organisation: settings.organisation(),
                as_of: args.as_of.unwrap_or(today),
                mode: if settings.offline.value {
                    ScanMode::Offline
                } else {
                    ScanMode::Online
                },
                probe: settings
                    .probe
                    .config((!quiet).then(|| progress_text(settings.lang.value))),
            },
            outputs,
            report: ReportOptions {
                lang: settings.lang.value,
                csv_bom: settings.csv_bom.value,
                org: settings.organisation(),
                details: args.details,
                color: use_color(color),
                width: terminal_width(),
                compact_html: false,
            },
            mail: settings.mail.settings()?,
            history: if args.no_history {
                None
            } else {
                let path = settings
                    .history
                    .value
                    .ok_or(Error::History(store::StoreError::NoPlace))?;
                Some(Place::new(&path, settings.history_password_file.value)?)
            },
            wait_for_lock: settings.wait.value,
            fail_on: settings.fail_on.value,
            fail_on_targets: settings.fail_on_targets.value.clone(),
            quiet,
            per_agency: PerAgencyPlan {
                dir: settings.per_agency_dir.value.clone(),
                email: settings.mail.email_agencies.value,
                strict: args.per_agency.strict,
                dry_run: args.per_agency.dry_run,
            },
        })
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

/// The progress bar's words in `lang`.
pub fn progress_text(lang: Lang) -> ProgressText {
    let labels = crate::report::Labels::new(lang);
    ProgressText {
        probing: labels.get("progress-probing"),
        endpoints: labels.get("progress-endpoints"),
        failed: labels.with("progress-failed", &[("count", ProgressText::COUNT.into())]),
    }
}

/// `--lang`, else `[report] lang`, else the locale (LC_ALL, LC_MESSAGES,
/// LANG), else English.
pub fn lang(cli: Option<Lang>, layers: &Layers<'_>) -> Setting<Lang> {
    let chosen = layers.pick("lang", &cli, |f| some(f.lang.clone()));
    match chosen.value {
        Some(value) => Setting {
            value,
            source: chosen.source,
        },
        None => {
            let (value, variable) = Lang::from_env_variable();
            Setting {
                value,
                source: variable.map_or(Source::Default, Source::Locale),
            }
        }
    }
}

/// `report`'s format (`None`: from the output file's extension, else the
/// tables) and options: its flags, else the config file's `[report]`, else
/// the defaults.
pub fn report_command_options(
    args: &ReportArgs,
    layers: &Layers<'_>,
) -> (Option<ReportFormat>, ReportOptions) {
    let format = layers.pick("format", &args.format, |f| some(f.format.clone()));
    let options = ReportOptions {
        lang: lang(args.lang, layers).value,
        csv_bom: layers
            .pick("csv_bom", &args.csv_bom, |f| f.csv_bom.clone())
            .value,
        org: Organisation {
            id: org_id(&args.history, layers).value,
            name: layers.file_or(|f| some(f.org_name.clone()), None).value,
            kind: layers.file_or(|f| some(f.org_kind.clone()), None).value,
        },
        ..ReportOptions::default()
    };
    (format.value, options)
}

/// `--history` (or CLOUDCENSUS_HISTORY), else `[history] path`, else the
/// default place under the user's data folder (`None`: there is none).
pub fn history_setting(args: &HistoryArgs, layers: &Layers<'_>) -> Setting<Option<PathBuf>> {
    let chosen = layers.pick("history", &args.history, |f| some(f.history.clone()));
    match chosen.value {
        Some(_) => chosen,
        None => Setting {
            value: store::default_path(),
            source: Source::Default,
        },
    }
}

/// The history's place, for the commands that read it.
pub fn history_path(args: &HistoryArgs, layers: &Layers<'_>) -> Result<Place, Error> {
    let path = history_setting(args, layers)
        .value
        .ok_or(Error::History(store::StoreError::NoPlace))?;
    Ok(Place::new(
        &path,
        history_password_file(args, layers).value,
    )?)
}

/// `--history-password-file` (or CLOUDCENSUS_HISTORY_PASSWORD_FILE), else
/// `[history] password_file`.
pub fn history_password_file(args: &HistoryArgs, layers: &Layers<'_>) -> Setting<Option<PathBuf>> {
    password_file(&args.history_password_file, layers)
}

/// A command's `--history-password-file`, else `[history] password_file`.
pub fn password_file(flag: &Option<PathBuf>, layers: &Layers<'_>) -> Setting<Option<PathBuf>> {
    layers.pick("history_password_file", flag, |f| {
        some(f.history_password_file.clone())
    })
}

/// `--org` (or CLOUDCENSUS_ORG), else `[org] id`: the organisation whose
/// runs are read and written.
pub fn org_id(args: &HistoryArgs, layers: &Layers<'_>) -> Setting<Option<Id>> {
    org_id_of(&args.org, layers)
}

/// A command's `--org`, else `[org] id`.
pub fn org_id_of(flag: &Option<Id>, layers: &Layers<'_>) -> Setting<Option<Id>> {
    layers.pick("org", flag, |f| some(f.org_id.clone()))
}

/// The organisation's part of the history's key (see
/// [`Organisation::key`]): the id in force, or empty.
pub fn org_key(args: &HistoryArgs, layers: &Layers<'_>) -> String {
    org_id(args, layers)
        .value
        .map(|id| id.as_str().to_string())
        .unwrap_or_default()
}
