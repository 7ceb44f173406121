//! From TOML text to a [`ConfigFile`]: the document is parsed with its
//! spans (`toml::de::DeTable`, every syntax error at once), then walked
//! table by table and key by key, so that every unknown key and every bad
//! value is reported in one run, each at its line and column.

use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ConfigFile, Located, TABLES};
use crate::cli::OutputSpec;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message, did_you_mean};
use crate::fields::OrgKind;
use crate::notify::mail::Attachments;
use crate::scan::{FailingTargets, Severity};
use crate::yaml::{SourceText, line_column};

/// Parses `source` into `file`, every problem into `diagnostics`.
pub(super) fn parse(source: &SourceText, file: &mut ConfigFile, diagnostics: &mut Diagnostics) {
    let reader = Reader {
        source,
        base: source.path.parent().unwrap_or(Path::new("")).to_path_buf(),
    };
    let (document, errors) = DeTable::parse_recoverable(&source.text);
    let mut broken_lines = Vec::new();
    for error in &errors {
        let at = reader.at(error.span().unwrap_or(0..0));
        // The first error of a line says what is wrong; the parser's
        // further ones there follow from it.
        if !broken_lines.contains(&at.line) {
            broken_lines.push(at.line);
            diagnostics.push(Diagnostic::error(
                at,
                Message::new("diag-toml-syntax").arg("text", error.message().trim_end()),
            ));
        }
    }
    // A line the parser could not read has been reported; what recovery
    // made of it is not worth a second message.
    let mut report = |diagnostic: Diagnostic| {
        if !broken_lines.contains(&diagnostic.location.line) {
            diagnostics.push(diagnostic);
        }
    };
    for (name, value) in document.get_ref() {
        let table = name.get_ref().as_ref();
        let Some((_, keys)) = TABLES.iter().find(|(t, _)| *t == table) else {
            report(unknown_table(
                &reader,
                name,
                matches!(value.get_ref(), DeValue::Table(_)),
            ));
            continue;
        };
        let DeValue::Table(entries) = value.get_ref() else {
            report(
                Diagnostic::error(
                    reader.at(name.span()),
                    Message::new("diag-config-table-not-value").arg("table", table),
                )
                .with_hint(Some(
                    Message::new("diag-hint-config-table-header").arg("table", table),
                )),
            );
            continue;
        };
        for (key, value) in entries {
            let key_name = key.get_ref().as_ref();
            if key_name.ends_with("password") {
                report(password_refused(&reader, key));
            } else if keys.contains(&key_name) {
                if let Err(diagnostic) = set(file, &reader, table, key_name, value) {
                    report(diagnostic);
                }
            } else {
                report(unknown_key(&reader, table, keys, key));
            }
        }
    }
}

/// Stores one known key's value, or says why it cannot be.
fn set(
    file: &mut ConfigFile,
    r: &Reader<'_>,
    table: &str,
    key: &str,
    value: &Spanned<DeValue<'_>>,
) -> Result<(), Diagnostic> {
    let v = Value {
        name: format!("{table}.{key}"),
        value,
    };
    match (table, key) {
        ("org", "id") => file.org_id = Some(r.id(&v)?),
        ("org", "name") => file.org_name = Some(r.string(&v)?),
        ("org", "kind") => {
            file.org_kind = Some(r.choice(&v, keywords(OrgKind::ALL, |k| k.as_str()))?)
        }
        ("inputs", "inventories") => file.inventories = Some(r.paths(&v)?),
        ("inputs", "policies") => file.policies = Some(r.paths(&v)?),
        ("history", "path") => file.history = Some(r.history_place(&v)?),
        ("history", "password_file") => file.history_password_file = Some(r.path(&v)?),
        ("report", "format") => file.format = Some(r.choice(&v, value_enum())?),
        ("report", "outputs") => file.outputs = Some(r.outputs(&v)?),
        ("report", "lang") => file.lang = Some(r.choice(&v, value_enum())?),
        ("report", "csv_bom") => file.csv_bom = Some(r.boolean(&v)?),
        ("report", "per_agency_dir") => file.per_agency_dir = Some(r.path(&v)?),
        ("mail", "email_to") => file.email_to = Some(r.strings(&v)?),
        ("mail", "email_from") => file.email_from = Some(r.string(&v)?),
        ("mail", "email_attach") => file.email_attach = Some(r.word_list(&v, Attachments::parse)?),
        ("mail", "smtp_host") => file.smtp_host = Some(r.string(&v)?),
        ("mail", "smtp_port") => {
            file.smtp_port = Some(r.integer(&v, 1..=i64::from(u16::MAX))?.map(|n| n as u16));
        }
        ("mail", "smtp_tls") => file.smtp_tls = Some(r.choice(&v, value_enum())?),
        ("mail", "smtp_user") => file.smtp_user = Some(r.string(&v)?),
        ("mail", "smtp_password_file") => file.smtp_password_file = Some(r.path(&v)?),
        ("mail", "email_agencies") => file.email_agencies = Some(r.boolean(&v)?),
        ("probe", "concurrency") => {
            file.concurrency = Some(r.integer(&v, crate::cli::CONCURRENCY)?.map(|n| n as u32));
        }
        ("probe", "per_host") => {
            file.per_host = Some(r.integer(&v, crate::cli::PER_HOST)?.map(|n| n as u32));
        }
        ("probe", "timeout") => file.timeout = Some(r.seconds(&v)?),
        ("probe", "connect_timeout") => file.connect_timeout = Some(r.seconds(&v)?),
        ("probe", "retries") => {
            file.retries = Some(r.integer(&v, crate::cli::RETRIES)?.map(|n| n as u32));
        }
        ("probe", "resolver") => file.resolver = Some(r.socket_address(&v)?),
        ("probe", "ca_file") => file.ca_file = Some(r.path(&v)?),
        ("probe", "tls_depth") => file.tls_depth = Some(r.choice(&v, value_enum())?),
        ("probe", "tls_resweep_days") => {
            file.tls_resweep_days =
                Some(r.integer(&v, crate::cli::RESWEEP_DAYS)?.map(|n| n as u32));
        }
        ("scan", "fail_on") => {
            file.fail_on = Some(r.choice(&v, keywords(Severity::ALL, |s| s.as_str()))?);
        }
        ("scan", "fail_on_targets") => {
            file.fail_on_targets = Some(r.word_list(&v, FailingTargets::parse)?);
        }
        ("scan", "offline") => file.offline = Some(r.boolean(&v)?),
        ("scan", "wait") => file.wait = Some(r.boolean(&v)?),
        // TABLES lists no other key, and `parse` checked against it.
        _ => {
            return Err(Diagnostic::error(
                r.at(value.span()),
                Message::new("diag-config-not-read").arg("key", format!("{table}.{key}")),
            ));
        }
    }
    Ok(())
}

/// The choices of a clap value enum, by their flag names.
fn value_enum<T: ValueEnum>() -> Vec<(String, T)> {
    T::value_variants()
        .iter()
        .filter_map(|v| Some((v.to_possible_value()?.get_name().to_string(), v.clone())))
        .collect()
}

/// The choices of a keyword enum, by their texts.
fn keywords<T: Copy>(all: &[T], text: impl Fn(T) -> &'static str) -> Vec<(String, T)> {
    all.iter().map(|v| (text(*v).to_string(), *v)).collect()
}

/// A top-level name that is no table: a mistyped table, or a key written
/// before any table header.
fn unknown_table(
    r: &Reader<'_>,
    name: &Spanned<std::borrow::Cow<'_, str>>,
    is_table: bool,
) -> Diagnostic {
    let found = name.get_ref().as_ref();
    let what = if is_table {
        Message::new("diag-config-unknown-table").arg("name", found)
    } else {
        Message::new("diag-config-key-outside").arg("name", found)
    };
    let hint = if let Some((table, _)) = TABLES.iter().find(|(_, keys)| keys.contains(&found)) {
        belongs_in(found, table)
    } else {
        match did_you_mean(found, TABLES.iter().map(|(t, _)| *t)) {
            Some(best) => Message::did_you_mean(best),
            None => Message::new("diag-hint-config-tables").arg("tables", table_list()),
        }
    };
    Diagnostic::error(r.at(name.span()), what).with_hint(Some(hint))
}

fn unknown_key(
    r: &Reader<'_>,
    table: &str,
    keys: &[&str],
    key: &Spanned<std::borrow::Cow<'_, str>>,
) -> Diagnostic {
    let found = key.get_ref().as_ref();
    let hint = match did_you_mean(found, keys.iter().copied()) {
        Some(best) => Message::did_you_mean(best),
        None => match TABLES.iter().find(|(_, keys)| keys.contains(&found)) {
            Some((other, _)) => belongs_in(found, other),
            None => Message::new("diag-hint-config-table-holds")
                .arg("table", table)
                .arg("keys", quoted(keys)),
        },
    };
    Diagnostic::error(
        r.at(key.span()),
        Message::new("diag-config-unknown-key")
            .arg("name", found)
            .arg("table", table),
    )
    .with_hint(Some(hint))
}

/// "`key` belongs in the [table] table"
fn belongs_in(key: &str, table: &str) -> Message {
    Message::new("diag-hint-config-belongs-in")
        .arg("name", key)
        .arg("table", table)
}

fn password_refused(r: &Reader<'_>, key: &Spanned<std::borrow::Cow<'_, str>>) -> Diagnostic {
    Diagnostic::error(
        r.at(key.span()),
        Message::new("diag-config-password").arg("name", key.get_ref().as_ref()),
    )
    .with_hint(Some(Message::new("diag-hint-config-password")))
}

/// "`name`: why", the why as the flags' parsers give it.
fn about(name: &str, why: Message) -> Message {
    Message::new("diag-config-about")
        .arg("name", name)
        .arg("why", why)
}

fn table_list() -> String {
    TABLES
        .iter()
        .map(|(t, _)| format!("[{t}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One value and its key's full name, `table.key`, for messages.
struct Value<'a, 'i> {
    name: String,
    value: &'a Spanned<DeValue<'i>>,
}

/// Turns TOML values into settings, with their places.
struct Reader<'a> {
    source: &'a SourceText,
    /// The file's folder: relative paths start there.
    base: PathBuf,
}

impl Reader<'_> {
    fn at(&self, span: Range<usize>) -> Location {
        let (line, column) = line_column(&self.source.text, span.start);
        Location::new(&self.source.path, line, column)
    }

    fn located<T>(&self, v: &Value<'_, '_>, value: T) -> Located<T> {
        Located {
            value,
            at: self.at(v.value.span()),
        }
    }

    fn wrong_type(&self, v: &Value<'_, '_>, expected: Message) -> Diagnostic {
        let found = match v.value.get_ref() {
            DeValue::String(_) => Message::new("diag-toml-a-string"),
            DeValue::Integer(_) => Message::new("diag-toml-an-integer"),
            DeValue::Float(_) => Message::new("diag-toml-a-float"),
            DeValue::Boolean(_) => Message::new("diag-toml-a-boolean"),
            DeValue::Datetime(_) => Message::new("diag-toml-a-datetime"),
            DeValue::Array(_) => Message::new("diag-toml-an-array"),
            DeValue::Table(_) => Message::new("diag-toml-a-table"),
        };
        Diagnostic::error(
            self.at(v.value.span()),
            Message::new("diag-config-wrong-type")
                .arg("name", &v.name)
                .arg("expected", expected)
                .arg("found", found),
        )
    }

    fn string(&self, v: &Value<'_, '_>) -> Result<Located<String>, Diagnostic> {
        match v.value.get_ref() {
            DeValue::String(text) => Ok(self.located(v, text.to_string())),
            _ => Err(self.wrong_type(v, Message::new("diag-toml-a-string"))),
        }
    }

    fn boolean(&self, v: &Value<'_, '_>) -> Result<Located<bool>, Diagnostic> {
        match v.value.get_ref() {
            DeValue::Boolean(b) => Ok(self.located(v, *b)),
            _ => Err(self.wrong_type(v, Message::new("diag-config-true-or-false"))),
        }
    }

    /// A list of strings; one string alone is a list of one.
    /// A list of words read as its flag reads them: a string
    /// ("behind,no-progress"), a list (["behind", "missed"]), "none", or
    /// an empty list, which is "none" too.
    fn word_list<T>(
        &self,
        v: &Value<'_, '_>,
        parse: impl Fn(&str) -> Result<T, crate::diagnostics::Message>,
    ) -> Result<Located<T>, Diagnostic> {
        let words = self.strings(v)?;
        let text = if words.value.is_empty() {
            "none".to_string()
        } else {
            words.value.join(",")
        };
        let parsed =
            parse(&text).map_err(|message| Diagnostic::error(words.at.clone(), message))?;
        Ok(words.map(|_| parsed))
    }

    fn strings(&self, v: &Value<'_, '_>) -> Result<Located<Vec<String>>, Diagnostic> {
        let expected = || Message::new("diag-config-strings");
        match v.value.get_ref() {
            DeValue::String(text) => Ok(self.located(v, vec![text.to_string()])),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item.get_ref() {
                        DeValue::String(text) => out.push(text.to_string()),
                        _ => {
                            let item = Value {
                                name: v.name.clone(),
                                value: item,
                            };
                            return Err(self.wrong_type(&item, expected()));
                        }
                    }
                }
                Ok(self.located(v, out))
            }
            _ => Err(self.wrong_type(v, expected())),
        }
    }

    /// A path, relative to the file's folder unless absolute.
    fn path(&self, v: &Value<'_, '_>) -> Result<Located<PathBuf>, Diagnostic> {
        Ok(self.string(v)?.map(|text| self.base.join(text)))
    }

    /// The history's place: a PostgreSQL URL as written, a file relative
    /// to the file's folder.
    fn history_place(&self, v: &Value<'_, '_>) -> Result<Located<PathBuf>, Diagnostic> {
        let text = self.string(v)?;
        if crate::history::place::is_postgres_url(&text.value) {
            Ok(text.map(PathBuf::from))
        } else {
            Ok(text.map(|text| self.base.join(text)))
        }
    }

    /// An id, as `--org` takes it.
    fn id(&self, v: &Value<'_, '_>) -> Result<Located<crate::fields::Id>, Diagnostic> {
        let text = self.string(v)?;
        match crate::fields::Id::parse(&text.value) {
            Ok(id) => Ok(text.map(|_| id)),
            Err(_) => Err(Diagnostic::error(
                text.at,
                about(
                    &v.name,
                    Message::new("diag-field-id")
                        .arg("value", text.value.as_str())
                        .arg("max", crate::fields::Id::MAX_LEN),
                ),
            )),
        }
    }

    fn paths(&self, v: &Value<'_, '_>) -> Result<Located<Vec<PathBuf>>, Diagnostic> {
        Ok(self
            .strings(v)?
            .map(|list| list.iter().map(|text| self.base.join(text)).collect()))
    }

    /// `--output`'s `[FORMAT=]FILE`s, the files relative to the file's
    /// folder (`-` stays stdout).
    fn outputs(&self, v: &Value<'_, '_>) -> Result<Located<Vec<OutputSpec>>, Diagnostic> {
        let list = self.strings(v)?;
        let mut specs = Vec::new();
        for text in &list.value {
            let mut spec = crate::cli::parse_output(text)
                .map_err(|message| Diagnostic::error(list.at.clone(), about(&v.name, message)))?;
            if spec.path != Path::new("-") {
                spec.path = self.base.join(&spec.path);
            }
            specs.push(spec);
        }
        Ok(Located {
            value: specs,
            at: list.at,
        })
    }

    fn integer(
        &self,
        v: &Value<'_, '_>,
        range: RangeInclusive<i64>,
    ) -> Result<Located<i64>, Diagnostic> {
        let expected = Message::new("diag-config-whole-number")
            .arg("min", *range.start())
            .arg("max", *range.end());
        let DeValue::Integer(number) = v.value.get_ref() else {
            return Err(self.wrong_type(v, expected));
        };
        match i64::from_str_radix(number.as_str(), number.radix()) {
            Ok(n) if range.contains(&n) => Ok(self.located(v, n)),
            _ => Err(Diagnostic::error(
                self.at(v.value.span()),
                Message::new("diag-config-must-be")
                    .arg("name", &v.name)
                    .arg("expected", expected),
            )),
        }
    }

    fn seconds(&self, v: &Value<'_, '_>) -> Result<Located<std::time::Duration>, Diagnostic> {
        let secs = match v.value.get_ref() {
            DeValue::Integer(number) => i64::from_str_radix(number.as_str(), number.radix())
                .map(|n| n as f64)
                .unwrap_or(f64::NAN),
            DeValue::Float(number) => number.as_str().parse::<f64>().unwrap_or(f64::NAN),
            _ => return Err(self.wrong_type(v, Message::new("diag-config-seconds"))),
        };
        crate::cli::seconds(secs)
            .map(|duration| self.located(v, duration))
            .map_err(|message| Diagnostic::error(self.at(v.value.span()), about(&v.name, message)))
    }

    fn socket_address(
        &self,
        v: &Value<'_, '_>,
    ) -> Result<Located<std::net::SocketAddr>, Diagnostic> {
        let text = self.string(v)?;
        match text.value.parse() {
            Ok(address) => Ok(text.map(|_| address)),
            Err(_) => Err(Diagnostic::error(
                text.at,
                Message::new("diag-config-socket").arg("name", &v.name),
            )),
        }
    }

    /// One of `choices`, by name.
    fn choice<T: Clone>(
        &self,
        v: &Value<'_, '_>,
        choices: Vec<(String, T)>,
    ) -> Result<Located<T>, Diagnostic> {
        let text = self.string(v)?;
        if let Some((_, choice)) = choices.iter().find(|(name, _)| *name == text.value) {
            return Ok(text.map(|_| choice.clone()));
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| name.as_str()).collect();
        let hint = match did_you_mean(&text.value, names.iter().copied()) {
            Some(best) => Message::did_you_mean(best),
            None => Message::new("diag-hint-config-use-one-of").arg("choices", names.join(", ")),
        };
        Err(Diagnostic::error(
            text.at,
            Message::new("diag-config-unknown-value")
                .arg("name", &v.name)
                .arg("value", &text.value),
        )
        .with_hint(Some(hint)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Found;
    use super::*;

    fn parse_text(text: &str) -> (ConfigFile, Vec<String>) {
        let source = SourceText {
            path: "conf/cloudcensus.toml".into(),
            text: text.into(),
        };
        let mut file = ConfigFile::empty(source.path.clone(), Found::WorkingFolder);
        let mut diagnostics = Diagnostics::default();
        parse(&source, &mut file, &mut diagnostics);
        diagnostics.sort();
        (file, diagnostics.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_every_kind_of_value_and_resolves_paths_from_the_file() {
        let (file, errors) = parse_text(
            "[inputs]\ninventories = [\"inv\", \"/abs\"]\n\
             [report]\noutputs = [\"json=out/scan.json\", \"-\"]\nlang = \"vi\"\n\
             [probe]\ntimeout = 2.5\nper_host = 2\nresolver = \"127.0.0.1:5353\"\n\
             [mail]\nemail_to = \"it@example.gov.vn\"\n[org]\nkind = \"city\"\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let inventories = file.inventories.unwrap();
        assert_eq!(
            inventories.value,
            [PathBuf::from("conf/inv"), PathBuf::from("/abs")]
        );
        assert_eq!((inventories.at.line, inventories.at.column), (2, 15));
        let outputs = file.outputs.unwrap().value;
        assert_eq!(outputs[0].path, PathBuf::from("conf/out/scan.json"));
        assert_eq!(outputs[1].path, PathBuf::from("-"));
        assert_eq!(file.timeout.unwrap().value.as_millis(), 2500);
        assert_eq!(file.email_to.unwrap().value, ["it@example.gov.vn"]);
        assert_eq!(file.org_kind.unwrap().value, OrgKind::City);
    }

    #[test]
    fn every_mistake_at_once_with_its_place_and_a_suggestion() {
        let (_, errors) = parse_text(
            "[probe]\nconcurency = 8\nretries = 99\ntimeout = \"ten\"\n\
             [report]\nformat = \"jsonn\"\n[mail]\nsmtp_password = \"x\"\n\
             [histroy]\npath = \"h\"\n[scan]\nlang = \"vi\"\n",
        );
        assert_eq!(
            errors,
            [
                "conf/cloudcensus.toml:2:1: error: unknown key `concurency` in [probe]\n  hint: did you mean `concurrency`?",
                "conf/cloudcensus.toml:3:11: error: `probe.retries` must be a whole number from 0 to 10",
                "conf/cloudcensus.toml:4:11: error: `probe.timeout` must be a number of seconds, e.g. 10 or 2.5, not a string",
                "conf/cloudcensus.toml:6:10: error: `report.format`: unknown value `jsonn`\n  hint: did you mean `json`?",
                "conf/cloudcensus.toml:8:1: error: `smtp_password`: the SMTP password is never read from the config file\n  hint: put it in a file only the scan's user can read and name that file with `smtp_password_file` in [mail], or set CLOUDCENSUS_SMTP_PASSWORD",
                "conf/cloudcensus.toml:9:2: error: unknown table `histroy`\n  hint: did you mean `history`?",
                "conf/cloudcensus.toml:12:1: error: unknown key `lang` in [scan]\n  hint: `lang` belongs in the [report] table",
            ]
        );
    }

    #[test]
    fn a_key_before_any_table_is_sent_to_its_table() {
        let (_, errors) = parse_text("lang = \"vi\"\nhistory = \"h.sqlite\"\n");
        assert_eq!(
            errors,
            [
                "conf/cloudcensus.toml:1:1: error: unknown key `lang` outside any table\n  hint: `lang` belongs in the [report] table",
                "conf/cloudcensus.toml:2:1: error: `history` is a table, not a value\n  hint: write `[history]` on a line of its own and its keys below it",
            ]
        );
    }

    #[test]
    fn syntax_errors_are_placed_too() {
        let (_, errors) = parse_text("[probe]\nretries = = 2\n[mail]\nsmtp_host = 3\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with("conf/cloudcensus.toml:2:"),
            "{errors:?}"
        );
        assert_eq!(
            errors[1],
            "conf/cloudcensus.toml:4:13: error: `mail.smtp_host` must be a string, not an integer"
        );
    }
}
