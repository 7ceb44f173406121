//! Reading YAML input files into typed documents, turning every problem
//! into a [`Diagnostic`] with file, line and column.
//!
//! serde_yaml keeps no positions after parsing, so checks made later
//! (duplicate ids, dangling references) find their line with
//! [`SourceText::find_key`], a cheap scan of the text used on the error
//! path only.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message, did_you_mean};

/// Input files larger than this are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The text of one input file, as read, with its display path.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
}

/// Reads a file as UTF-8, dropping a leading byte-order mark. Refuses
/// anything that is not a regular file, so a FIFO named `x.yaml` cannot hang
/// the run.
pub fn read_source(path: &Path) -> Result<SourceText, Diagnostic> {
    let location = || Location::file(path);
    let metadata = std::fs::metadata(path).map_err(|e| cannot_read(location(), &e))?;
    if !metadata.is_file() {
        return Err(Diagnostic::error(
            location(),
            Message::new("diag-not-regular-file"),
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            location(),
            Message::new("diag-file-too-large")
                .arg("size", metadata.len() >> 20)
                .arg("limit", MAX_FILE_BYTES >> 20),
        )
        .with_hint(Some(Message::new("diag-hint-split-inventory"))));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    File::open(path)
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .map_err(|e| cannot_read(location(), &e))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            // Safe to decode: these bytes were just checked.
            let prefix = String::from_utf8_lossy(valid);
            let (line, column) = line_column(&prefix, prefix.len());
            return Err(Diagnostic::error(
                Location::new(path, line, column),
                Message::new("diag-not-utf8"),
            )
            .with_hint(Some(Message::new("diag-hint-save-utf8"))));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(SourceText {
        path: path.to_path_buf(),
        text,
    })
}

fn cannot_read(location: Location, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        location,
        Message::new("diag-cannot-read-file").arg("error", Message::io(error)),
    )
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A YAML document parsed from a file, with its place among the file's documents.
pub struct Document<T> {
    pub value: T,
    /// Index of the document in its file, from 0.
    pub index: usize,
}

/// Parses every `---`-separated document of `source` as a `T`. A document
/// that fails is reported and skipped; the others are still returned.
pub fn parse_documents<T: DeserializeOwned>(
    source: &SourceText,
    diagnostics: &mut Diagnostics,
) -> Vec<Document<T>> {
    parse_documents_with(source, diagnostics, |_, _, _| (Vec::new(), None))
}

/// [`parse_documents`], asking `more_errors(source, document, first)` for
/// the errors of a failed document beyond the first, which is all serde
/// reports, and for what of it could be read despite them (kept, so the
/// checks across files see it; the errors stop any scan).
pub fn parse_documents_with<T: DeserializeOwned>(
    source: &SourceText,
    diagnostics: &mut Diagnostics,
    more_errors: impl Fn(&SourceText, usize, &Diagnostic) -> (Vec<Diagnostic>, Option<T>),
) -> Vec<Document<T>> {
    let mut documents = Vec::new();
    if is_blank(&source.text) {
        diagnostics.push(
            Diagnostic::error(
                Location::file(&source.path),
                Message::new("diag-file-empty"),
            )
            .with_hint(Some(Message::new("diag-hint-file-empty"))),
        );
        return documents;
    }
    let mut last_error: Option<Diagnostic> = None;
    for (index, deserializer) in serde_yaml::Deserializer::from_str(&source.text).enumerate() {
        // serde_yaml 0.9 can panic on some malformed event streams
        // ("unexpected end of mapping": an alias as a key, found by the
        // fuzzer); a careless file must not crash the run, nor print a
        // panic and its backtrace beside the diagnostic.
        let parsed = crate::panics::caught_quietly(|| T::deserialize(deserializer));
        let Ok(parsed) = parsed else {
            diagnostics.push(Diagnostic::error(
                Location::file(&source.path),
                Message::new("diag-yaml-gave-up"),
            ));
            break;
        };
        match parsed {
            Ok(value) => documents.push(Document { value, index }),
            Err(error) => {
                // An empty document (a stray `---` at the end) is harmless.
                if is_end_of_stream(&error) && index > 0 {
                    continue;
                }
                let diagnostic = yaml_error(source, &error);
                // After a syntax error serde_yaml hands out the same error for
                // every further "document": the rest of the file is unreadable.
                if last_error.as_ref() == Some(&diagnostic) {
                    break;
                }
                diagnostics.push(diagnostic.clone());
                let (more, partial) = more_errors(source, index, &diagnostic);
                for more in more {
                    diagnostics.push(more);
                }
                if let Some(value) = partial {
                    documents.push(Document { value, index });
                }
                last_error = Some(diagnostic);
            }
        }
    }
    documents
}

/// Whether a file holds nothing but whitespace, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

fn is_end_of_stream(error: &serde_yaml::Error) -> bool {
    error.to_string().starts_with("EOF while parsing")
}

/// Converts a serde_yaml error into a diagnostic: the position, the message
/// without its trailing "at line L column C", and a hint where one helps.
pub fn yaml_error(source: &SourceText, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error
        .location()
        .map_or((0, 0), |mark| (mark.line(), mark.column()));
    let mut text = error.to_string();
    let suffix = format!(" at line {line} column {column}");
    if let Some(at) = text.find(&suffix) {
        text.replace_range(at..at + suffix.len(), "");
    }
    let (line, column) = refine_position(source, &text, line, column);
    let message = serde_message(&text);
    let hint = hint_for(&message, &text, source, line);
    Diagnostic::error(Location::new(&source.path, line, column), message).with_hint(hint)
}

/// The shapes of serde's (and serde_yaml's) messages, and of the messages
/// of our own values' checks that reach us through serde, in the order
/// they are tried: see the module doc of `diagnostics`.
pub const SERDE_SHAPES: &[&str] = &[
    "diag-yaml-unknown-field-one-of",
    "diag-yaml-unknown-field-expected",
    "diag-yaml-unknown-field-none",
    "diag-yaml-unknown-variant-one-of",
    "diag-yaml-unknown-variant-expected",
    "diag-yaml-unknown-variant-none",
    "diag-yaml-missing-field",
    "diag-yaml-duplicate-field",
    "diag-yaml-duplicate-key",
    "diag-yaml-invalid-type",
    "diag-yaml-invalid-value",
    "diag-yaml-invalid-length",
    "diag-yaml-untagged",
    "diag-yaml-recursion",
    "diag-yaml-repetition",
    "diag-yaml-unknown-anchor",
    "diag-field-id",
    "diag-field-date-format",
    "diag-field-no-such-day",
    "diag-field-percent",
    "diag-field-security-level",
    "diag-field-agency-quorum",
    "diag-url-invalid",
    "diag-url-no-port",
    "diag-url-scheme",
    "diag-url-no-host",
    "diag-text-twice",
    "diag-text-no-language",
    "diag-field-domain",
    "diag-field-contact",
];

/// What serde says a value was ("string \"x\"", "sequence").
const FOUND_SHAPES: &[&str] = &[
    "diag-found-string",
    "diag-found-integer",
    "diag-found-float",
    "diag-found-boolean",
    "diag-found-unit",
    "diag-found-sequence",
    "diag-found-map",
];

/// What serde says a value should have been ("u64", "a string").
const EXPECTED_SHAPES: &[&str] = &[
    "diag-expected-u8",
    "diag-expected-u16",
    "diag-expected-u32",
    "diag-expected-u64",
    "diag-expected-i64",
    "diag-expected-f64",
    "diag-expected-string",
    "diag-expected-boolean",
    "diag-expected-sequence",
    "diag-expected-map",
    "diag-expected-struct",
    "diag-expected-policy-text",
    "diag-expected-language",
];

/// serde's text as a message: the path to the value split off, the rest
/// recognised (see [`SERDE_SHAPES`]) or kept as it is.
pub fn serde_message(text: &str) -> Message {
    let (path, rest) = match text.split_once(": ") {
        Some((head, rest)) if is_value_path(head) => (Some(head), rest),
        _ => (None, text),
    };
    let message = match Message::recognise(rest, SERDE_SHAPES) {
        Some(message) => translate_kinds(message),
        None => Message::new("diag-yaml-other").arg("text", rest),
    };
    match path {
        Some(path) => at_path(path, message),
        None => message,
    }
}

/// Whether serde's text starts with a path to the value (`systems[0].hosting`).
fn is_value_path(head: &str) -> bool {
    !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'))
}

/// `message` about the value at `path` ("systems[0].criticality: ...");
/// an unknown choice then names its field.
pub fn at_path(path: &str, message: Message) -> Message {
    let field = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .split('[')
        .next()
        .unwrap_or_default()
        .to_string();
    let message = match message.id() {
        "diag-yaml-unknown-variant-one-of" | "diag-yaml-field-one-of" => message
            .with_id("diag-yaml-field-one-of")
            .arg("field", field),
        "diag-yaml-unknown-variant-expected" | "diag-yaml-field-expected" => message
            .with_id("diag-yaml-field-expected")
            .arg("field", field),
        _ => message,
    };
    Message::new("diag-yaml-at")
        .arg("path", path)
        .arg("message", message)
}

/// The message of `message` once its path is taken off.
pub fn without_path(message: &Message) -> &Message {
    match message.id() {
        "diag-yaml-at" => message.inner("message").unwrap_or(message),
        _ => message,
    }
}

/// Puts the kinds of value serde names ("string", "u64") into the reader's
/// language, where they are among the known ones.
fn translate_kinds(message: Message) -> Message {
    let mut message = message;
    for (name, shapes) in [("found", FOUND_SHAPES), ("expected", EXPECTED_SHAPES)] {
        let kind = message
            .text(name)
            .and_then(|text| Message::recognise(text, shapes));
        if let Some(kind) = kind {
            message = message.arg(name, kind);
        }
    }
    message
}

/// Errors raised by a value's own check (a bad date, grade or URL) carry
/// the position of the enclosing mapping. When the message quotes the bad
/// value in backticks, point at the line that holds it instead.
fn refine_position(
    source: &SourceText,
    message: &str,
    line: usize,
    column: usize,
) -> (usize, usize) {
    let Some(value) = message.split('`').nth(1).filter(|v| !v.is_empty()) else {
        return (line, column);
    };
    for (index, text) in source
        .text
        .lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .take(200)
    {
        let Some((_, after)) = text.split_once(": ").or_else(|| text.split_once("- ")) else {
            continue;
        };
        if scalar_text(after) == value {
            let start = text.len() - after.trim_start().len();
            return (index + 1, text[..start].chars().count() + 1);
        }
    }
    (line, column)
}

/// The plain text of a scalar written after `key:` or `- `: without a
/// trailing comment, surrounding spaces or quotes.
fn scalar_text(after: &str) -> &str {
    after
        .split(" #")
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
}

/// Hints for the mistakes people make most in hand-written YAML; `text`
/// is serde's, as it came.
fn hint_for(message: &Message, text: &str, source: &SourceText, line: usize) -> Option<Message> {
    let inner = without_path(message);
    if let (Some(found), Some(expected)) = (inner.text("name"), inner.text("expected"))
        && (inner.id().starts_with("diag-yaml-unknown-")
            || inner.id().starts_with("diag-yaml-field-"))
    {
        let choices: Vec<&str> = expected.split(", ").map(|s| s.trim_matches('`')).collect();
        return Some(match did_you_mean(found, choices.iter().copied()) {
            Some(best) => Message::did_you_mean(best),
            None => Message::new("diag-hint-allowed").arg("choices", choices.join(", ")),
        });
    }
    let line_text = source
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("");
    if line_text.contains('\t') || text.contains("tab") {
        return Some(Message::new("diag-hint-tabs"));
    }
    match inner.id() {
        "diag-yaml-recursion" => Some(Message::new("diag-hint-nesting")),
        "diag-yaml-repetition" => Some(Message::new("diag-hint-aliases")),
        "diag-yaml-missing-field" => Some(Message::new("diag-hint-add-field")),
        _ => None,
    }
}

impl SourceText {
    /// The line and column of the first `key: value` (or `- key: value`)
    /// at or after line `from` (1-based), where the value matches if given.
    /// Used to point later checks at the right line; falls back to `from`.
    pub fn find_key(&self, key: &str, value: Option<&str>, from: usize) -> (usize, usize) {
        for (index, line) in self.text.lines().enumerate().skip(from.saturating_sub(1)) {
            let trimmed = line.trim_start();
            let trimmed = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
            let Some(rest) = trimmed.strip_prefix(key) else {
                continue;
            };
            let Some(rest) = rest.trim_start().strip_prefix(':') else {
                continue;
            };
            if value.is_none_or(|v| v == scalar_text(rest)) {
                let column = line.len() - line.trim_start().len() + 1;
                let column = column + (line.trim_start().len() - trimmed.len());
                return (index + 1, column);
            }
        }
        (from.max(1), 1)
    }

    /// Location of the `n`th (from 0) `key: value` line in the file.
    pub fn locate_nth(&self, key: &str, value: &str, n: usize) -> Location {
        let mut from = 1;
        let mut found = (1, 1);
        for _ in 0..=n {
            found = self.find_key(key, Some(value), from);
            from = found.0 + 1;
        }
        Location::new(&self.path, found.0, found.1)
    }
}

/// Expands files and folders into the YAML files they hold (`*.yaml`,
/// `*.yml`, recursively, sorted), reporting paths that cannot be walked.
pub fn collect_yaml_files(paths: &[PathBuf], diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() && path.symlink_metadata().is_err() {
            diagnostics.push(
                Diagnostic::error(Location::file(path), Message::new("diag-no-such-path"))
                    .with_hint(Some(Message::new("diag-hint-run-init"))),
            );
            continue;
        }
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        for entry in walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(entry) => {
                    let is_yaml = entry
                        .path()
                        .extension()
                        .is_some_and(|ext| ext == "yaml" || ext == "yml");
                    if is_yaml && !entry.file_type().is_dir() {
                        files.push(entry.into_path());
                    }
                }
                Err(error) => {
                    let at = error.path().unwrap_or(path);
                    diagnostics.error(
                        Location::file(at),
                        Message::new("diag-cannot-walk").arg("error", error.to_string()),
                    );
                }
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceText {
        SourceText {
            path: "t.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn finds_keys_in_block_and_list_items() {
        let s =
            source("agency:\n  id: a\nsystems:\n  - id: x\n    name: X\n  - id: y\n    name: Y\n");
        assert_eq!(s.find_key("id", Some("y"), 1), (6, 5));
        assert_eq!(s.find_key("name", None, 6).0, 7);
        assert_eq!(s.locate_nth("id", "x", 0).line, 4);
    }

    #[test]
    fn serde_messages_become_ids_with_their_arguments() {
        let message =
            serde_message("systems[0]: unknown field `hostng`, expected one of `hosting`, `id`");
        assert_eq!(message.id(), "diag-yaml-at");
        assert_eq!(message.text("path"), Some("systems[0]"));
        let inner = without_path(&message);
        assert_eq!(inner.id(), "diag-yaml-unknown-field-one-of");
        assert_eq!(inner.text("name"), Some("hostng"));
        assert_eq!(inner.text("expected"), Some("`hosting`, `id`"));

        let variant =
            serde_message("systems[1].criticality: unknown variant `hgh`, expected `low`");
        assert_eq!(without_path(&variant).id(), "diag-yaml-field-expected");
        assert_eq!(without_path(&variant).text("field"), Some("criticality"));

        let kinds = serde_message("invalid type: string \"many\", expected u64");
        assert_eq!(
            kinds.inner("found").map(Message::id),
            Some("diag-found-string")
        );
        assert_eq!(
            kinds.inner("expected").map(Message::id),
            Some("diag-expected-u64")
        );

        let other = serde_message("did not find expected key");
        assert_eq!(other.id(), "diag-yaml-other");
        for text in [
            "systems[0]: unknown field `hostng`, expected one of `hosting`, `id`",
            "systems[1].criticality: unknown variant `hgh`, expected `low`",
            "invalid type: string \"many\", expected u64",
            "did not find expected key",
        ] {
            assert_eq!(serde_message(text).english(), text);
        }
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\nxyž", 7), (2, 4));
    }
}
