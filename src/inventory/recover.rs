//! Every mistake of a broken agency document, not just the first.
//!
//! serde stops at a document's first error. When that error is about the
//! data (a misspelt key, a bad value) rather than the YAML itself, the
//! document is cut into its `agency:` block and its `systems:` items, and
//! each piece is parsed on its own, again and again: after each error the
//! value at fault is replaced by a good one from `recover_sample.yaml` (a
//! key the format does not have is taken out, a missing one is put in),
//! so the next parse goes past it to the next mistake. An agency that
//! sends a file with six typos hears about all six at once.
//!
//! Each error keeps its place in the file: every line of a piece remembers
//! the file line it came from, and the indentation removed is added back.
//! Only block-style YAML is cut (the way inventories are written);
//! anything else keeps its single error.
//!
//! What parsed cleanly is kept for the checks across files (duplicate ids,
//! parents, counts): the agency, when its block parsed or only fields
//! other than its `id` were at fault, and the systems without a mistake.

use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::model::{Agency, InventoryDocument, System};
use crate::diagnostics::{Diagnostic, Message};
use crate::yaml::{SourceText, at_path, without_path, yaml_error};
use crate::yaml_layout::{
    block_end, document_lines, is_content, key_path, line_shape, sequence_items, top_level_blocks,
};

/// The `agency:` block parsed on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyBlock {
    agency: Agency,
}

const SAMPLE_TEXT: &str = include_str!("recover_sample.yaml");

/// A good value for every field, by place (see the module doc).
static SAMPLE: LazyLock<Value> =
    LazyLock::new(|| serde_yaml::from_str(SAMPLE_TEXT).unwrap_or(Value::Null));

/// Diagnostics for the errors of document `document` of `source` beyond
/// `first`, the one serde reported, and what of the document parsed.
pub fn more_errors(
    source: &SourceText,
    document: usize,
    first: &Diagnostic,
) -> (Vec<Diagnostic>, Option<InventoryDocument>) {
    let lines: Vec<&str> = source.text.lines().collect();
    let Some(range) = document_lines(&lines, document) else {
        return (Vec::new(), None);
    };
    // After a syntax error the pieces cannot be told apart reliably.
    let document_text = lines[range.clone()].join("\n");
    if serde_yaml::from_str::<Value>(&document_text).is_err() {
        return (Vec::new(), None);
    }
    let mut found = Vec::new();
    let mut agency = None;
    let mut systems = Vec::new();
    for (key, block) in top_level_blocks(&lines, range) {
        match key {
            "agency" => {
                let piece = Piece::cut(&lines, block, 0);
                let outcome = piece.check::<AgencyBlock>(source, &SAMPLE, None);
                found.extend(outcome.diagnostics);
                let id_kept = !outcome.replaced.iter().any(|path| {
                    ["agency", "id"]
                        .starts_with(&path.iter().map(String::as_str).collect::<Vec<_>>())
                });
                if id_kept {
                    agency = outcome.value.map(|block| block.agency);
                }
            }
            "systems" => {
                let sample = &SAMPLE["systems"][0];
                for (index, item) in sequence_items(&lines, block.start + 1..block.end)
                    .into_iter()
                    .enumerate()
                {
                    let piece = Piece::cut(&lines, item.lines, item.indent + 2);
                    let prefix = format!("systems[{index}]");
                    let outcome = piece.check::<System>(source, sample, Some(&prefix));
                    if outcome.diagnostics.is_empty() {
                        systems.extend(outcome.value);
                    }
                    found.extend(outcome.diagnostics);
                }
            }
            _ => {}
        }
    }
    found.retain(|d| d != first);
    let parsed = agency.map(|agency| InventoryDocument { agency, systems });
    (found, parsed)
}

/// Lines of a document cut out to be parsed alone, each with the file line
/// it came from.
struct Piece {
    lines: Vec<String>,
    /// The 0-based file line of each line.
    origin: Vec<usize>,
    /// Columns taken off the start of each line.
    strip: usize,
}

struct Outcome<T> {
    diagnostics: Vec<Diagnostic>,
    /// The piece parsed, mistakes replaced.
    value: Option<T>,
    /// The key paths whose values were replaced or taken out.
    replaced: Vec<Vec<String>>,
}

impl Piece {
    /// Lines `range` of `lines` with `strip` leading characters taken off
    /// each (the first line's `- ` counting as indentation).
    fn cut(lines: &[&str], range: Range<usize>, strip: usize) -> Piece {
        let mut piece = Piece {
            lines: Vec::new(),
            origin: Vec::new(),
            strip,
        };
        for (n, index) in range.enumerate() {
            let line = lines[index];
            let line = if n == 0 && strip >= 2 {
                // "  - id: x" -> "id: x"
                line.get(strip..).unwrap_or("")
            } else {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                &line[spaces.min(strip)..]
            };
            piece.lines.push(line.to_string());
            piece.origin.push(index);
        }
        piece
    }

    /// Parses the piece as a `T` until it parses, replacing after each
    /// error the value at fault by `sample`'s at the same place. Errors
    /// name their place in `source`, after `prefix` (the piece's path).
    fn check<T: DeserializeOwned>(
        mut self,
        source: &SourceText,
        sample: &Value,
        prefix: Option<&str>,
    ) -> Outcome<T> {
        let mut outcome = Outcome {
            diagnostics: Vec::new(),
            value: None,
            replaced: Vec::new(),
        };
        // Each round mends at least one line; a round more than the lines
        // means a mistake that cannot be mended.
        for _ in 0..=self.lines.len() * 2 {
            let text = self.lines.join("\n") + "\n";
            let parsed = crate::panics::caught_quietly(|| serde_yaml::from_str::<T>(&text));
            let error = match parsed {
                Ok(Ok(value)) => {
                    outcome.value = Some(value);
                    break;
                }
                Ok(Err(error)) => error,
                Err(_) => break,
            };
            let piece_source = SourceText {
                path: source.path.clone(),
                text,
            };
            let diagnostic = yaml_error(&piece_source, &error);
            let index = diagnostic.location.line.wrapping_sub(1);
            if index >= self.lines.len() {
                break;
            }
            let placed = self.placed(diagnostic.clone(), index, prefix);
            if outcome.diagnostics.contains(&placed) {
                break;
            }
            let missing = missing_field(&diagnostic.message);
            // A misspelt key is missing under its right name too: one
            // mistake, already reported with a "did you mean".
            let misspelt = missing.is_some_and(|name| {
                let hint = Message::did_you_mean(name);
                outcome
                    .diagnostics
                    .iter()
                    .any(|d| d.hint.as_deref() == Some(&hint))
            });
            if !misspelt {
                outcome.diagnostics.push(placed);
            }
            let mended = match missing {
                Some(name) => self.put_in(index, name, sample),
                None => self.replace(index, sample, &mut outcome.replaced),
            };
            if !mended {
                break;
            }
        }
        outcome
    }

    /// A diagnostic of the piece at its place in the file.
    fn placed(&self, mut diagnostic: Diagnostic, index: usize, prefix: Option<&str>) -> Diagnostic {
        diagnostic.location.line = self.origin[index] + 1;
        diagnostic.location.column += self.strip;
        if let Some(prefix) = prefix {
            // serde names the path to the bad value first ("hosting.model: ...");
            // the piece's path starts below `systems[i]`.
            let message = &diagnostic.message;
            diagnostic.message = match message.text("path") {
                Some(path) if message.id() == "diag-yaml-at" => {
                    at_path(&format!("{prefix}.{path}"), without_path(message).clone())
                }
                _ => at_path(prefix, message.clone()),
            };
        }
        diagnostic
    }

    /// Replaces the value of the key on line `index` by the sample's, or
    /// takes the key (or the list item) out when the format has no such
    /// key. False when the line holds nothing to mend.
    fn replace(&mut self, index: usize, sample: &Value, replaced: &mut Vec<Vec<String>>) -> bool {
        let Some(shape) = line_shape(&self.lines[index]) else {
            return false;
        };
        let Some(key) = shape.key else {
            // A bad list item (`- pigeon`): take the item out.
            let Some(dash) = shape.dash else {
                return false;
            };
            let end = block_end(&self.lines, index, dash);
            self.blank(index..end);
            return true;
        };
        let path = key_path(&self.lines, index);
        let end = block_end(&self.lines, index, shape.column);
        let head = self.lines[index][..shape.column].to_string();
        match sample_at(sample, &path).and_then(|v| serde_json::to_string(v).ok()) {
            Some(good) => self.lines[index] = format!("{head}{key}: {good}"),
            None => {
                let item_goes_on = self
                    .lines
                    .get(end)
                    .is_some_and(|next| line_shape(next).is_some_and(|s| s.column == shape.column));
                match shape.dash {
                    Some(_) if item_goes_on => self.lines[index] = head.trim_end().to_string(),
                    Some(dash) => {
                        let end = block_end(&self.lines, index, dash);
                        self.blank(index..end);
                    }
                    None => self.lines[index].clear(),
                }
            }
        }
        self.blank(index + 1..end);
        replaced.push(path);
        true
    }

    /// Puts the missing key `name` into the mapping whose first key is on
    /// line `index`, with the sample's value.
    fn put_in(&mut self, index: usize, name: &str, sample: &Value) -> bool {
        let Some(shape) = line_shape(&self.lines[index]) else {
            return false;
        };
        let mut path = key_path(&self.lines, index);
        path.pop();
        path.push(name.to_string());
        let Some(good) = sample_at(sample, &path).and_then(|v| serde_json::to_string(v).ok())
        else {
            return false;
        };
        let end = block_end(&self.lines, index, shape.column);
        let line = format!("{}{name}: {good}", " ".repeat(shape.column));
        self.lines.insert(end, line);
        self.origin.insert(end, self.origin[index]);
        true
    }

    fn blank(&mut self, range: Range<usize>) {
        for line in &mut self.lines[range] {
            if is_content(line) {
                line.clear();
            }
        }
    }
}

/// The sample's value at `path`, the first item of each list on the way.
fn sample_at<'a>(sample: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut here = sample;
    for key in path {
        if let Value::Sequence(items) = here {
            here = items.first()?;
        }
        here = here.get(key.as_str())?;
    }
    Some(here)
}

/// `x` from serde's "missing field `x`" (after any path).
fn missing_field(message: &Message) -> Option<&str> {
    let message = without_path(message);
    (message.id() == "diag-yaml-missing-field")
        .then(|| message.text("name"))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_items_start_at_the_first_dash_indentation() {
        let lines: Vec<&str> = "systems:\n  - id: a\n    x:\n      - 1\n  - id: b\n"
            .lines()
            .collect();
        let items = sequence_items(&lines, 1..5);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].lines, 1..4);
        assert_eq!(items[1].lines, 4..5);
        assert_eq!(
            Piece::cut(&lines, items[0].lines.clone(), 4).lines,
            ["id: a", "x:", "  - 1"]
        );
    }

    /// The sample parses, and names every field of the format (but an
    /// agency's `parent`, which a stand-in would make a false reference),
    /// so a mistake in any field can be mended.
    #[test]
    fn the_sample_holds_every_field() {
        let parsed: Result<InventoryDocument, _> = serde_yaml::from_str(SAMPLE_TEXT);
        assert!(parsed.is_ok(), "{parsed:?}");
        let schema = serde_json::to_value(schemars::schema_for!(InventoryDocument)).unwrap();
        let sample = serde_json::to_value(&*SAMPLE).unwrap();
        fn walk(
            schema: &serde_json::Value,
            node: &serde_json::Value,
            at: &serde_json::Value,
            path: &str,
        ) {
            let node = match node.get("$ref").and_then(|r| r.as_str()) {
                Some(reference) => {
                    let name = reference.rsplit('/').next().unwrap();
                    &schema["$defs"][name]
                }
                None => node,
            };
            if let Some(items) = node.get("items") {
                walk(schema, items, &at[0], &format!("{path}[0]"));
            }
            for choice in node
                .get("anyOf")
                .and_then(|a| a.as_array())
                .into_iter()
                .flatten()
            {
                if choice.get("type") != Some(&serde_json::json!("null")) {
                    walk(schema, choice, at, path);
                }
            }
            let Some(properties) = node.get("properties").and_then(|p| p.as_object()) else {
                return;
            };
            for (name, property) in properties {
                let here = format!("{path}.{name}");
                if here == ".agency.parent" {
                    continue;
                }
                assert!(!at[name].is_null(), "recover_sample.yaml lacks {here}");
                walk(schema, property, &at[name], &here);
            }
        }
        walk(&schema, &schema, &sample, "");
    }
}
