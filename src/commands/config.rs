//! `cloudcensus config [SCAN FLAGS]`: the settings `scan` would run with,
//! table by table as the config file groups them, and where each came
//! from (a flag, the environment, a line of the file, the locale, a
//! default). The SMTP password is never shown: only whether one is set
//! and from where.

use std::io::{self, BufWriter, Write};
use std::time::Duration;

use crate::cli::{ConfigArgs, Origin};
use crate::config::Found;
use crate::error::{Error, Exit};
use crate::notify::mail::{Attachments, PASSWORD_VARIABLE};
use crate::options::{Layers, ScanSettings, Setting, Source};
use crate::report::Labels;
use crate::scan::FailingTargets;

/// One printed line: the key, its value as text, its source.
struct Row {
    key: &'static str,
    value: String,
    source: Source,
}

pub fn run(args: &ConfigArgs, layers: &Layers<'_>) -> Result<Exit, Error> {
    let settings = ScanSettings::resolve(&args.scan, layers);
    let labels = Labels::new(settings.lang.value);
    let mut out = BufWriter::new(io::stdout().lock());
    match layers.file {
        Some(file) => {
            let how = match &file.found {
                Found::Named(Origin::Flag(by) | Origin::Env(by)) => {
                    labels.with("config-found-named", &[("by", by.as_str().into())])
                }
                Found::WorkingFolder => labels.get("config-found-here"),
                Found::UserFolder => labels.get("config-found-user"),
            };
            let path = file.path.display().to_string();
            writeln!(
                out,
                "{}",
                labels.with("config-file", &[("path", path.into()), ("how", how.into())])
            )?;
        }
        None => writeln!(out, "{}", labels.get("config-none"))?,
    }
    for (table, rows) in tables(&settings, &labels) {
        writeln!(out, "\n[{table}]")?;
        let key_width = rows.iter().map(|r| r.key.len()).max().unwrap_or(0);
        let value_width = rows
            .iter()
            .map(|r| r.value.chars().count())
            .max()
            .unwrap_or(0);
        for row in rows {
            let pad = value_width - row.value.chars().count();
            writeln!(
                out,
                "  {:key_width$}  {}{:pad$}  {}",
                row.key,
                row.value,
                "",
                source_text(&row.source, &labels),
            )?;
        }
    }
    out.flush()?;
    Ok(Exit::Compliant)
}

/// The rows of each table, in the file's order.
fn tables(s: &ScanSettings, labels: &Labels) -> Vec<(&'static str, Vec<Row>)> {
    let none = || "–".to_string();
    let text = |v: &Option<String>| v.clone().unwrap_or_else(none);
    let list = |items: Vec<String>| {
        if items.is_empty() {
            none()
        } else {
            items.join(", ")
        }
    };
    let paths =
        |v: &Vec<std::path::PathBuf>| list(v.iter().map(|p| p.display().to_string()).collect());
    let path =
        |v: &Option<std::path::PathBuf>| v.as_ref().map_or_else(none, |p| p.display().to_string());
    let secs = |d: &Duration| labels.decimal(&d.as_secs_f64().to_string());
    let m = &s.mail;
    let p = &s.probe;
    vec![
        (
            "org",
            vec![
                row("id", &s.org_id, |id| {
                    id.as_ref().map_or_else(none, |id| id.to_string())
                }),
                row("name", &s.org_name, text),
                row("kind", &s.org_kind, |k| {
                    k.map_or_else(none, |k| k.to_string())
                }),
            ],
        ),
        (
            "inputs",
            vec![
                row("inventories", &s.input.inventories, paths),
                row("policies", &s.input.policies, paths),
            ],
        ),
        (
            "history",
            vec![
                row("path", &s.history, |v| {
                    v.as_ref().map_or_else(
                        || labels.get("config-history-none"),
                        |p| p.display().to_string(),
                    )
                }),
                row("password_file", &s.history_password_file, path),
            ],
        ),
        (
            "report",
            vec![
                row("format", &s.format, |f| {
                    f.map_or_else(|| labels.get("config-format-auto"), |f| value_name(&f))
                }),
                row("outputs", &s.outputs, |specs| {
                    list(
                        specs
                            .iter()
                            .map(|spec| match spec.format {
                                Some(format) => {
                                    format!("{}={}", value_name(&format), spec.path.display())
                                }
                                None => spec.path.display().to_string(),
                            })
                            .collect(),
                    )
                }),
                row("lang", &s.lang, |l| l.tag().to_string()),
                row("csv_bom", &s.csv_bom, bool::to_string),
                row("per_agency_dir", &s.per_agency_dir, path),
            ],
        ),
        (
            "mail",
            vec![
                row("email_to", &m.email_to, |v| list(v.clone())),
                row("email_from", &m.email_from, String::clone),
                row("email_attach", &m.email_attach, Attachments::as_text),
                row("smtp_host", &m.smtp_host, String::clone),
                row("smtp_port", &m.smtp_port, |v| {
                    v.map_or_else(none, |p| p.to_string())
                }),
                row("smtp_tls", &m.smtp_tls, value_name),
                row("smtp_user", &m.smtp_user, text),
                row("smtp_password_file", &m.smtp_password_file, path),
                password_row(s, labels),
                row("email_agencies", &m.email_agencies, bool::to_string),
            ],
        ),
        (
            "probe",
            vec![
                row("concurrency", &p.concurrency, u32::to_string),
                row("per_host", &p.per_host, u32::to_string),
                row("timeout", &p.timeout, secs),
                row("connect_timeout", &p.connect_timeout, secs),
                row("retries", &p.retries, u32::to_string),
                row("resolver", &p.resolver, |v| {
                    v.map_or_else(none, |a| a.to_string())
                }),
                row("ca_file", &p.ca_file, path),
                row("tls_depth", &p.tls_depth, value_name),
                row("tls_resweep_days", &p.tls_resweep_days, u32::to_string),
            ],
        ),
        (
            "scan",
            vec![
                row("fail_on", &s.fail_on, |v| v.to_string()),
                row(
                    "fail_on_targets",
                    &s.fail_on_targets,
                    FailingTargets::as_text,
                ),
                row("offline", &s.offline, bool::to_string),
                row("wait", &s.wait, bool::to_string),
            ],
        ),
    ]
}

fn row<T>(key: &'static str, setting: &Setting<T>, show: impl FnOnce(&T) -> String) -> Row {
    Row {
        key,
        value: show(&setting.value),
        source: setting.source.clone(),
    }
}

/// Whether a password is set, and from where; never the password.
fn password_row(s: &ScanSettings, labels: &Labels) -> Row {
    let in_env = std::env::var_os(PASSWORD_VARIABLE).is_some_and(|v| !v.is_empty());
    let file = &s.mail.smtp_password_file;
    let (value, source) = if in_env {
        ("config-password-set", Source::Env(PASSWORD_VARIABLE.into()))
    } else if file.value.is_some() {
        ("config-password-file", file.source.clone())
    } else {
        ("config-password-not-set", Source::Default)
    };
    Row {
        key: "password",
        value: labels.get(value),
        source,
    }
}

/// A clap value's name, as a flag or the config file writes it.
fn value_name<T: clap::ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

fn source_text(source: &Source, labels: &Labels) -> String {
    match source {
        Source::Flag(flag) => labels.with("config-source-flag", &[("flag", flag.as_str().into())]),
        Source::Env(variable) => labels.with(
            "config-source-env",
            &[("variable", variable.as_str().into())],
        ),
        Source::File(at) => labels.with("config-source-file", &[("place", at.to_string().into())]),
        Source::Locale(variable) => {
            labels.with("config-source-locale", &[("variable", (*variable).into())])
        }
        Source::Default => labels.get("config-source-default"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Command, parse_from};
    use crate::config::{ConfigFile, TABLES};
    use crate::report::Lang;
    use crate::yaml::SourceText;

    const EXAMPLE: &str = include_str!("../../templates/init/cloudcensus.toml");

    /// Each setting's value as `config` prints it, with no flag given
    /// and `file` as the config file.
    fn values(file: Option<&ConfigFile>) -> Vec<(String, String)> {
        let Ok((cli, given)) = parse_from(["cloudcensus", "config"]) else {
            panic!("`config` parses");
        };
        let Command::Config(args) = cli.command else {
            panic!("the config command");
        };
        let layers = Layers {
            given: &given,
            file,
        };
        let settings = ScanSettings::resolve(&args.scan, &layers);
        tables(&settings, &Labels::new(Lang::En))
            .into_iter()
            .flat_map(|(table, rows)| {
                rows.into_iter()
                    .map(move |row| (format!("{table}.{}", row.key), row.value))
            })
            .collect()
    }

    fn example(text: String) -> ConfigFile {
        let source = SourceText {
            path: "cloudcensus.toml".into(),
            text,
        };
        ConfigFile::from_source(&source, Found::WorkingFolder)
            .unwrap_or_else(|errors| panic!("{:?}", errors.iter().collect::<Vec<_>>()))
    }

    /// What `init` writes documents the real defaults: with every
    /// `# key = value` line made a setting, each setting is what it is with
    /// no file (the values the example sets, `[org]`'s, aside); and it
    /// names every key.
    #[test]
    fn the_example_config_documents_the_real_defaults() {
        let set_by_example: Vec<String> = values(Some(&example(EXAMPLE.into())))
            .into_iter()
            .zip(values(None))
            .filter(|(with, without)| with != without)
            .map(|(with, _)| with.0)
            .collect();
        assert_eq!(set_by_example, ["org.name", "org.kind"]);

        let uncommented: String = EXAMPLE
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest)
                    if rest.split_once(" = ").is_some_and(|(key, _)| {
                        key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    }) =>
                {
                    rest
                }
                _ => line,
            })
            .map(|line| format!("{line}\n"))
            .collect();
        assert_ne!(uncommented, EXAMPLE, "the example shows some defaults");
        let defaults = values(Some(&example(uncommented)));
        let mut differ: Vec<_> = defaults
            .iter()
            .zip(values(None))
            .filter(|(with, without)| **with != *without)
            .map(|(with, without)| format!("{} = {} (real default {})", with.0, with.1, without.1))
            .collect();
        differ.retain(|line| !line.starts_with("org."));
        assert!(differ.is_empty(), "{differ:#?}");

        for (table, keys) in TABLES {
            assert!(EXAMPLE.contains(&format!("[{table}]\n")), "[{table}]");
            for key in *keys {
                let named = EXAMPLE.lines().any(|line| {
                    line.trim_start_matches(['#', ' '])
                        .starts_with(&format!("{key} = "))
                });
                assert!(named, "the example explains `{table}.{key}`");
            }
        }
    }
}
