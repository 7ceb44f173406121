//! Problems found in input files, collected rather than thrown, so that one
//! run reports every broken file at once and picks its exit code at the end.
//!
//! Each diagnostic prints as `file:line:col: error: message`, the form
//! editors and CI annotators recognise, followed by an optional hint.
//!
//! # Messages in the reader's language
//!
//! A diagnostic holds no finished text. Its message and its hint are each a
//! [`Message`]: a Fluent message id (`diag-…`, in `locales/en.ftl` and
//! `locales/vi.ftl`, in the block marked "validate messages") and its
//! arguments. An argument is a text (a name, a value, a path as written in
//! the file), a number, or another [`Message`], rendered in the same
//! language first (a CEL error inside "rule X: `check`: …"). The loaders
//! build messages deep down, with no language at hand; the text is made
//! only when a command prints them, with [`Diagnostic::render`] and the
//! [`Labels`] of the language `options::lang` chose (`--lang`, `[report]
//! lang`, the locale). `Display` renders English, for tests and logs; the
//! English texts are the ones the tool printed before it spoke Vietnamese,
//! byte for byte.
//!
//! The errors that stop a command (`crate::error::Error` and the stage
//! errors it wraps) say their sentence as a [`Message`] too, with `message()`,
//! which `app.rs` renders in the command's language.
//!
//! Text that is not ours stays as it came, inside a sentence of ours: the
//! CEL parser's complaint, the TOML parser's, an operating-system error
//! other than "not found" and "permission denied", a URL parser's reason.
//! serde hands its errors over as English text only. [`Message::recognise`]
//! turns that text back into an id and arguments by matching it against
//! the English patterns of the ids in
//! [`crate::yaml::SERDE_SHAPES`]: serde's own shapes
//! (unknown field or variant with its choices, missing or duplicate field,
//! wrong type, invalid value or length, untagged enums, nesting and alias
//! limits) and our own checks that speak through serde (ids, dates,
//! percentages, grades, URLs, per-language texts). A serde or YAML-parser
//! message of any other shape (a libyaml syntax error, say) is kept as it
//! is, in English, under `diag-yaml-other`, whose Vietnamese says that it
//! is the YAML reader's own message.

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};

use fluent_bundle::FluentValue;

use crate::report::{Labels, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// A place in a file; line and column count from 1, and 0 means "unknown".
/// In a workbook (`sheet` set) the line is the row and the column the
/// column of a cell, shown as `file.xlsx:Systems!C12` (`file.csv:C12`
/// for a CSV file, whose sheet has no name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    /// Before the line, so that a workbook's messages sort sheet by sheet.
    pub sheet: Option<String>,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            line,
            column,
        }
    }

    /// The cell at `row` and `column` (both from 1) of `sheet` (empty for
    /// a CSV file).
    pub fn cell(file: impl Into<PathBuf>, sheet: &str, row: usize, column: usize) -> Self {
        Location {
            sheet: Some(sheet.to_string()),
            ..Location::new(file, row, column)
        }
    }

    /// A location naming only the file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::new(file, 0, 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            let cell = self.line > 0 || self.column > 0;
            match (sheet.is_empty(), cell) {
                (true, false) => return Ok(()),
                (true, true) => f.write_str(":")?,
                (false, false) => return write!(f, ":{sheet}"),
                (false, true) => write!(f, ":{sheet}!")?,
            }
            if self.column > 0 {
                f.write_str(&column_letters(self.column))?;
            }
            if self.line > 0 {
                write!(f, "{}", self.line)?;
            }
            return Ok(());
        }
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// A spreadsheet's name of column `column` (from 1): A, B, ..., Z, AA...
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Arg {
    /// Shown as given: a name, a value, a path.
    Text(String),
    Number(i64),
    /// Rendered in the reader's language, then put in.
    Message(Message),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Arg {
        Arg::Message(message)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(usize, u64, u32, u16, u8, i64, i32);

/// A sentence to show a person: a Fluent id and its arguments (see the
/// module doc). The id `""` is text shown as it is, in every language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    id: &'static str,
    args: Vec<(Cow<'static, str>, Arg)>,
}

// The English messages, parsed once per thread (a Fluent bundle cannot
// be shared between threads, and loaders run in parallel).
thread_local! {
    static ENGLISH: Labels = Labels::new(Lang::En);
    static VIETNAMESE: Labels = Labels::new(Lang::Vi);
    /// The English pattern of each id recognised so far, cut at its arguments.
    static PATTERNS: RefCell<Vec<(&'static str, Vec<Part>)>> = const { RefCell::new(Vec::new()) };
}

/// A piece of an English pattern: literal text, or an argument's name.
#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Arg(String),
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Text shown as it is: another program's words (the CEL parser's).
    pub fn verbatim(text: impl Into<String>) -> Message {
        Message::new("").arg("text", text.into())
    }

    /// "did you mean `name`?"
    pub fn did_you_mean(name: impl Into<String>) -> Message {
        Message::new("diag-did-you-mean").arg("name", name.into())
    }

    /// An I/O error: "not found" and "permission denied" in the reader's
    /// language, any other as the system words it.
    pub fn io(error: &std::io::Error) -> Message {
        let id = match error.kind() {
            std::io::ErrorKind::NotFound => "diag-io-not-found",
            std::io::ErrorKind::PermissionDenied => "diag-io-permission-denied",
            _ => return Message::verbatim(error.to_string()),
        };
        Message::new(id).arg("text", error.to_string())
    }

    /// The `reason` argument: another program's words, as it wrote them
    /// (an operating-system or library error).
    pub fn reason(self, error: &impl fmt::Display) -> Message {
        self.arg("reason", error.to_string())
    }

    /// A path argument, as the system shows it.
    pub fn path(self, name: &'static str, path: &Path) -> Message {
        self.arg(name, path.display().to_string())
    }

    pub fn arg(self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.named_arg(Cow::Borrowed(name), value.into())
    }

    fn named_arg(mut self, name: Cow<'static, str>, value: Arg) -> Message {
        self.args.retain(|(n, _)| *n != name);
        self.args.push((name, value));
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The argument `name`, if the message has it.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    /// The text argument `name`, if the message has one.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Arg::Text(text)) => Some(text),
            _ => None,
        }
    }

    /// The message argument `name`, if the message has one.
    pub fn inner(&self, name: &str) -> Option<&Message> {
        match self.get(name) {
            Some(Arg::Message(message)) => Some(message),
            _ => None,
        }
    }

    /// The message with the same id and different arguments.
    pub fn with_id(mut self, id: &'static str) -> Message {
        self.id = id;
        self
    }

    /// The text in the language of `labels`.
    pub fn render(&self, labels: &Labels) -> String {
        if self.id.is_empty() {
            return self.text("text").unwrap_or_default().to_string();
        }
        let args: Vec<(&str, FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Message(message) => FluentValue::from(message.render(labels)),
                };
                (name.as_ref(), value)
            })
            .collect();
        labels.with(self.id, &args)
    }

    /// The text in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        let labels = match lang {
            Lang::En => &ENGLISH,
            Lang::Vi => &VIETNAMESE,
        };
        labels.with(|labels| self.render(labels))
    }

    /// The English text, as the tool wrote it before it had languages.
    pub fn english(&self) -> String {
        self.in_lang(Lang::En)
    }

    /// The first of `ids` whose English pattern `text` is written in, with
    /// the arguments read out of it as texts; see the module doc.
    pub fn recognise(text: &str, ids: &[&'static str]) -> Option<Message> {
        ids.iter().find_map(|&id| {
            let parts = pattern(id);
            let mut values = Vec::new();
            if !match_parts(text, &parts, &mut values) {
                return None;
            }
            let message = values
                .into_iter()
                .fold(Message::new(id), |message, (name, value)| {
                    message.named_arg(Cow::Owned(name), Arg::Text(value))
                });
            Some(message)
        })
    }
}

/// The English pattern of `id`, cut at its arguments (`{$name}` is how
/// Fluent writes an argument it was not given).
fn pattern(id: &'static str) -> Vec<Part> {
    if let Some(parts) = PATTERNS.with(|p| {
        p.borrow()
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, parts)| parts.clone())
    }) {
        return parts;
    }
    let bare = ENGLISH.with(|labels| labels.get(id));
    let mut parts = Vec::new();
    let mut rest = bare.as_str();
    while let Some(start) = rest.find("{$") {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(Part::Text(rest[..start].to_string()));
        }
        parts.push(Part::Arg(rest[start + 2..start + end].to_string()));
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    PATTERNS.with(|p| p.borrow_mut().push((id, parts.clone())));
    parts
}

/// Whether `text` is written in `parts`, each argument taking the shortest
/// text that lets the rest match (the last one takes what is left).
fn match_parts(text: &str, parts: &[Part], values: &mut Vec<(String, String)>) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Text(literal), rest)) => text
            .strip_prefix(literal.as_str())
            .is_some_and(|after| match_parts(after, rest, values)),
        Some((Part::Arg(name), rest)) => {
            let ends: Vec<usize> = match rest.first() {
                None => vec![text.len()],
                Some(Part::Text(next)) => {
                    text.match_indices(next.as_str()).map(|(i, _)| i).collect()
                }
                // Two arguments side by side: not written in our patterns.
                Some(Part::Arg(_)) => return false,
            };
            for end in ends.into_iter().filter(|&end| end > 0) {
                let before = values.len();
                values.push((name.clone(), text[..end].to_string()));
                if match_parts(&text[end..], rest, values) {
                    return true;
                }
                values.truncate(before);
            }
            false
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub location: Location,
    pub message: Message,
    /// Boxed: most diagnostics have none, and errors travel in `Result`s.
    pub hint: Option<Box<Message>>,
}

impl Diagnostic {
    pub fn new(level: Level, location: Location, message: Message) -> Self {
        Diagnostic {
            level,
            location,
            message,
            hint: None,
        }
    }

    pub fn error(location: Location, message: Message) -> Self {
        Diagnostic::new(Level::Error, location, message)
    }

    pub fn warning(location: Location, message: Message) -> Self {
        Diagnostic::new(Level::Warning, location, message)
    }

    pub fn with_hint(mut self, hint: Option<Message>) -> Self {
        self.hint = hint.map(Box::new);
        self
    }

    /// `file:line:col: error: message`, and the hint on a line of its own,
    /// in the language of `labels`.
    pub fn render(&self, labels: &Labels) -> String {
        let level = labels.get(match self.level {
            Level::Error => "diag-level-error",
            Level::Warning => "diag-level-warning",
        });
        let mut text = format!(
            "{}: {level}: {}",
            self.location,
            self.message.render(labels)
        );
        if let Some(hint) = &self.hint {
            text.push_str(&format!(
                "\n  {}: {}",
                labels.get("diag-hint"),
                hint.render(labels)
            ));
        }
        text
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&ENGLISH.with(|labels| self.render(labels)))
    }
}

/// Every problem found so far, in the order of the files they concern.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error(&mut self, location: Location, message: Message) {
        self.push(Diagnostic::error(location, message));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Orders diagnostics by file, line and column so output is stable
    /// whatever order parallel loading finished in; two at one place by
    /// their English text, in every language.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.location, a.level)
                .cmp(&(&b.location, b.level))
                .then_with(|| match a.message.cmp(&b.message) {
                    Ordering::Equal => Ordering::Equal,
                    _ => a.message.english().cmp(&b.message.english()),
                })
        });
    }

    /// Every diagnostic in the language of `labels`, one to a line (a
    /// hint on a line of its own), and "N error(s), M warning(s)" when any
    /// is an error.
    pub fn render(&self, labels: &Labels) -> String {
        let mut text = String::new();
        for diagnostic in &self.items {
            text.push_str(&diagnostic.render(labels));
            text.push('\n');
        }
        if self.has_errors() {
            let summary = Message::new("diag-summary")
                .arg("errors", self.error_count())
                .arg("warnings", self.warning_count());
            text.push_str(&summary.render(labels));
            text.push('\n');
        }
        text
    }
}
/// Suggests the closest of `candidates` to a misspelt `word`, if one is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Shows paths relative to the working directory when they are below it,
/// so messages stay short and clickable.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["hosting", "migration", "endpoints"];
        assert_eq!(did_you_mean("hostng", keys), Some("hosting"));
        assert_eq!(did_you_mean("endpoint", keys), Some("endpoints"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn cells_print_as_a_spreadsheet_names_them() {
        assert_eq!(
            Location::cell("a.xlsx", "Systems", 12, 3).to_string(),
            "a.xlsx:Systems!C12"
        );
        assert_eq!(Location::cell("a.csv", "", 2, 28).to_string(), "a.csv:AB2");
        assert_eq!(
            Location::cell("a.xlsx", "Hệ thống", 0, 0).to_string(),
            "a.xlsx:Hệ thống"
        );
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(702), "ZZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn prints_file_line_column_and_hint() {
        let message = Message::new("diag-yaml-missing-field").arg("name", "x");
        let d = Diagnostic::error(Location::new("a.yaml", 3, 5), message)
            .with_hint(Some(Message::did_you_mean("y")));
        assert_eq!(
            d.to_string(),
            "a.yaml:3:5: error: missing field `x`\n  hint: did you mean `y`?"
        );
    }

    /// Every message id the code names (a `"diag-…"` literal, or the first
    /// argument of `Message::new`, `Labels::with` or `Labels::get` in the
    /// files that print diagnostics), in both locale files.
    #[test]
    fn every_message_id_in_the_code_is_in_both_languages() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut ids = std::collections::BTreeSet::new();
        for entry in walkdir::WalkDir::new(root.join("src")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (at, _) in text.match_indices("\"diag-") {
                let id: String = text[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !id.ends_with('-') {
                    ids.insert(id);
                }
            }
            for call in ["Message::new(\"", ".with(\"", ".get(\""] {
                for (at, _) in text.match_indices(call) {
                    let id: String = text[at + call.len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    if id.contains('-') && text[at + call.len() + id.len()..].starts_with('"') {
                        ids.insert(id);
                    }
                }
            }
        }
        assert!(ids.len() > 100, "{ids:?}");
        for lang in Lang::ALL {
            let labels = Labels::new(lang);
            let missing: Vec<&String> = ids.iter().filter(|id| labels.get(id) == **id).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    /// The texts of our own checks that reach the loaders through serde are
    /// recognised, and read back to the same English.
    #[test]
    fn texts_through_serde_are_recognised() {
        use crate::fields::{Id, IsoDate, Percent};
        use crate::inventory::model::EndpointUrl;
        let texts = [
            Id::parse("-x").unwrap_err().to_string(),
            IsoDate::parse("2025-6-1").unwrap_err().to_string(),
            IsoDate::parse("2025-02-30").unwrap_err().to_string(),
            Percent::parse("lots").unwrap_err().to_string(),
            EndpointUrl::parse("tcp://a.vn").unwrap_err().to_string(),
            EndpointUrl::parse("ftp://a.vn").unwrap_err().to_string(),
            EndpointUrl::parse("not a url").unwrap_err().to_string(),
        ];
        fn serde_text<T: serde::de::DeserializeOwned + fmt::Debug>(yaml: &str) -> String {
            let text = serde_yaml::from_str::<T>(yaml).unwrap_err().to_string();
            text.split(" at line ").next().unwrap().to_string()
        }
        let through_serde = [
            serde_text::<crate::inventory::model::SecurityLevel>("9"),
            serde_text::<crate::policy::model::AgencyQuorum>("most"),
            serde_text::<crate::policy::model::PolicyText>("{vi: a, vi: b}"),
            serde_text::<crate::policy::model::PolicyText>("{}"),
        ];
        for text in texts.into_iter().chain(through_serde) {
            let message = crate::yaml::serde_message(&text);
            assert!(
                [
                    "diag-field-",
                    "diag-url-",
                    "diag-text-",
                    "diag-yaml-duplicate-"
                ]
                .iter()
                .any(|prefix| message.id().starts_with(prefix)),
                "{text}: {message:?}"
            );
            assert_eq!(message.english(), text);
            assert_ne!(message.in_lang(Lang::Vi), text);
        }
    }

    #[test]
    fn messages_render_in_the_reader_language() {
        let d = Diagnostic::warning(
            Location::new("a.yaml", 2, 3),
            Message::new("diag-no-systems").arg("id", "so-a"),
        )
        .with_hint(Some(Message::did_you_mean("vi")));
        assert_eq!(
            d.render(&Labels::new(Lang::Vi)),
            "a.yaml:2:3: cảnh báo: đơn vị `so-a` chưa kê khai hệ thống nào\n  gợi ý: có thể là `vi`?"
        );
        let cel = Message::new("diag-rule-expression")
            .arg("rule", "R1")
            .arg("key", "check")
            .arg(
                "problem",
                Message::new("diag-cel-syntax-detail")
                    .arg("detail", Message::verbatim("Syntax error: x")),
            );
        assert_eq!(
            cel.english(),
            "rule R1: `check`: CEL syntax error: Syntax error: x"
        );
        assert_eq!(
            cel.in_lang(Lang::Vi),
            "quy tắc R1: `check`: lỗi cú pháp CEL (thông báo của bộ phân tích): Syntax error: x"
        );
    }
}
