//! The config file, `cloudcensus.toml`: what an operator sets once (the
//! organisation, the inventory and policy paths, the history's place, the
//! reports, the mail settings, the probing defaults, the exit rule) so the
//! nightly command line stays short.
//!
//! The format is TOML, one table per group; each key is its flag's name in
//! snake_case (`--per-host` is `[probe] per_host`), except where the table
//! already says it (`--history` is `[history] path`, the `PATH` arguments
//! are `[inputs] inventories`, `--output` is `[report] outputs`). The
//! tables and keys are listed in [`TABLES`]; `cloudcensus init` writes
//! them all, commented (`templates/init/cloudcensus.toml`).
//!
//! Which file: `--config FILE` or `CLOUDCENSUS_CONFIG` (a file so named
//! must exist), else `./cloudcensus.toml`, else
//! `$XDG_CONFIG_HOME/cloudcensus/config.toml` (an absolute
//! `XDG_CONFIG_HOME` only, as the XDG spec says; else `~/.config`), the
//! first that exists. Relative paths in the file are relative to the
//! file's folder, so a file works from any working folder.
//!
//! Every value is optional ([`Located`] keeps where it was written, for
//! `cloudcensus config`); `options.rs` merges them under the flags and
//! environment variables and over the defaults. Unknown tables and keys,
//! values of the wrong type and a `password` key are errors with file,
//! line and column, all at once, with a did-you-mean where one is close.

mod parse;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{Origin, OutputSpec};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message};
use crate::fields::{Id, OrgKind};
use crate::notify::mail::{Attachments, SmtpTls};
use crate::report::{Lang, ReportFormat};
use crate::scan::{FailingTargets, Severity};
use crate::yaml::SourceText;

/// The file looked for in the working folder.
pub const FILE_NAME: &str = "cloudcensus.toml";

/// The tables of the file and the keys each holds.
pub const TABLES: &[(&str, &[&str])] = &[
    ("org", &["id", "name", "kind"]),
    ("inputs", &["inventories", "policies"]),
    ("history", &["path", "password_file"]),
    (
        "report",
        &["format", "outputs", "lang", "csv_bom", "per_agency_dir"],
    ),
    (
        "mail",
        &[
            "email_to",
            "email_from",
            "email_attach",
            "smtp_host",
            "smtp_port",
            "smtp_tls",
            "smtp_user",
            "smtp_password_file",
            "email_agencies",
        ],
    ),
    (
        "probe",
        &[
            "concurrency",
            "per_host",
            "timeout",
            "connect_timeout",
            "retries",
            "resolver",
            "ca_file",
            "tls_depth",
            "tls_resweep_days",
        ],
    ),
    ("scan", &["fail_on", "fail_on_targets", "offline", "wait"]),
];

/// A value from the file, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub at: Location,
}

impl<T> Located<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Located<U> {
        Located {
            value: f(self.value),
            at: self.at,
        }
    }
}

/// How the file was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Named by `--config` or `CLOUDCENSUS_CONFIG`.
    Named(Origin),
    /// `./cloudcensus.toml`.
    WorkingFolder,
    /// `$XDG_CONFIG_HOME/cloudcensus/config.toml` (or `~/.config/...`).
    UserFolder,
}

/// The settings of one config file; each is `None` when the file does not
/// set it. Paths are already relative to the working folder.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub found: Found,
    // [org]
    pub org_id: Option<Located<Id>>,
    pub org_name: Option<Located<String>>,
    pub org_kind: Option<Located<OrgKind>>,
    // [inputs]
    pub inventories: Option<Located<Vec<PathBuf>>>,
    pub policies: Option<Located<Vec<PathBuf>>>,
    // [history]
    /// A file (SQLite) or a `postgres://` URL, kept as written.
    pub history: Option<Located<PathBuf>>,
    pub history_password_file: Option<Located<PathBuf>>,
    // [report]
    pub format: Option<Located<ReportFormat>>,
    pub outputs: Option<Located<Vec<OutputSpec>>>,
    pub lang: Option<Located<Lang>>,
    pub csv_bom: Option<Located<bool>>,
    pub per_agency_dir: Option<Located<PathBuf>>,
    // [mail]
    pub email_to: Option<Located<Vec<String>>>,
    pub email_from: Option<Located<String>>,
    pub email_attach: Option<Located<Attachments>>,
    pub smtp_host: Option<Located<String>>,
    pub smtp_port: Option<Located<u16>>,
    pub smtp_tls: Option<Located<SmtpTls>>,
    pub smtp_user: Option<Located<String>>,
    pub smtp_password_file: Option<Located<PathBuf>>,
    pub email_agencies: Option<Located<bool>>,
    // [probe]
    pub concurrency: Option<Located<u32>>,
    pub per_host: Option<Located<u32>>,
    pub timeout: Option<Located<Duration>>,
    pub connect_timeout: Option<Located<Duration>>,
    pub retries: Option<Located<u32>>,
    pub resolver: Option<Located<SocketAddr>>,
    pub ca_file: Option<Located<PathBuf>>,
    pub tls_depth: Option<Located<crate::probe::TlsDepth>>,
    pub tls_resweep_days: Option<Located<u32>>,
    // [scan]
    pub fail_on: Option<Located<Severity>>,
    pub fail_on_targets: Option<Located<FailingTargets>>,
    pub offline: Option<Located<bool>>,
    pub wait: Option<Located<bool>>,
}

impl ConfigFile {
    fn empty(path: PathBuf, found: Found) -> ConfigFile {
        ConfigFile {
            path,
            found,
            org_id: None,
            org_name: None,
            org_kind: None,
            inventories: None,
            policies: None,
            history: None,
            history_password_file: None,
            format: None,
            outputs: None,
            lang: None,
            csv_bom: None,
            per_agency_dir: None,
            email_to: None,
            email_from: None,
            email_attach: None,
            smtp_host: None,
            smtp_port: None,
            smtp_tls: None,
            smtp_user: None,
            smtp_password_file: None,
            email_agencies: None,
            concurrency: None,
            per_host: None,
            timeout: None,
            connect_timeout: None,
            retries: None,
            resolver: None,
            ca_file: None,
            tls_depth: None,
            tls_resweep_days: None,
            fail_on: None,
            fail_on_targets: None,
            offline: None,
            wait: None,
        }
    }

    /// Reads and checks the config file at `path`: every problem at once.
    pub fn read(path: &Path, found: Found) -> Result<ConfigFile, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let source = match crate::yaml::read_source(path) {
            Ok(source) => source,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return Err(diagnostics);
            }
        };
        ConfigFile::from_source(&source, found)
    }

    /// Checks the text of a config file: every problem at once.
    pub fn from_source(source: &SourceText, found: Found) -> Result<ConfigFile, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let mut file = ConfigFile::empty(source.path.clone(), found);
        parse::parse(source, &mut file, &mut diagnostics);
        if diagnostics.has_errors() {
            diagnostics.sort();
            Err(diagnostics)
        } else {
            Ok(file)
        }
    }
}

/// The environment variable that names the config file.
pub const ENV_VARIABLE: &str = "CLOUDCENSUS_CONFIG";

/// Finds the config file and reads it; `None` when there is none. A file
/// named by `--config` (`flag`) or CLOUDCENSUS_CONFIG must exist.
pub fn load(flag: Option<&Path>) -> Result<Option<ConfigFile>, Diagnostics> {
    let named = match flag {
        Some(path) => Some((path.to_path_buf(), Origin::Flag("--config".into()))),
        None => std::env::var_os(ENV_VARIABLE)
            .filter(|value| !value.is_empty())
            .map(|value| (PathBuf::from(value), Origin::Env(ENV_VARIABLE.into()))),
    };
    let found = match named {
        Some((path, origin)) => {
            if !path.exists() {
                let (Origin::Flag(by) | Origin::Env(by)) = &origin;
                let mut diagnostics = Diagnostics::default();
                diagnostics.push(
                    Diagnostic::error(Location::file(&path), Message::new("diag-no-config-file"))
                        .with_hint(Some(
                            Message::new("diag-hint-config-named-by")
                                .arg("by", by.as_str())
                                .arg("file", FILE_NAME),
                        )),
                );
                return Err(diagnostics);
            }
            Some((path, Found::Named(origin)))
        }
        None => lookup(),
    };
    match found {
        Some((path, found)) => ConfigFile::read(&path, found).map(Some),
        None => Ok(None),
    }
}

/// `./cloudcensus.toml`, else the user's config folder's, if either exists.
fn lookup() -> Option<(PathBuf, Found)> {
    let here = PathBuf::from(FILE_NAME);
    if here.exists() {
        return Some((here, Found::WorkingFolder));
    }
    let user = user_config_path(|name| std::env::var_os(name))?;
    user.exists().then_some((user, Found::UserFolder))
}

/// `$XDG_CONFIG_HOME/cloudcensus/config.toml`, the variable ignored unless
/// absolute (the XDG spec), else `$HOME/.config/cloudcensus/config.toml`.
fn user_config_path(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let base = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| var("HOME").map(|home| Path::new(&home).join(".config")))?;
    Some(base.join("cloudcensus").join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_folder_follows_xdg_only_when_absolute() {
        let env = |xdg: &'static str| {
            move |name: &str| match name {
                "XDG_CONFIG_HOME" => Some(xdg.into()),
                "HOME" => Some("/home/ops".into()),
                _ => None,
            }
        };
        assert_eq!(
            user_config_path(env("/etc/xdg")),
            Some(PathBuf::from("/etc/xdg/cloudcensus/config.toml"))
        );
        assert_eq!(
            user_config_path(env("relative")),
            Some(PathBuf::from("/home/ops/.config/cloudcensus/config.toml"))
        );
    }
}
