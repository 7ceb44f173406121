//! Every mistake of a broken agency document, not just the first.
//!
//! serde stops at a document's first error. When that error is about the
//! data (a misspelt key, a bad value) rather than the YAML itself, the
//! document is cut into its `agency:` block and its `systems:` items, and
//! each piece is parsed on its own, so an agency that sends a file with
//! three typos hears about all three at once. Each piece's errors keep their
//! place in the file: the piece's first line and the indentation removed
//! are added back. Only block-style YAML is cut (the way inventories are
//! written); anything else keeps its single error.

use std::ops::Range;

use serde::Deserialize;

use super::model::{Agency, System};
use crate::diagnostics::Diagnostic;
use crate::yaml::{SourceText, yaml_error};

/// The `agency:` block parsed on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyBlock {
    #[allow(dead_code)] // parsed for its errors only
    agency: Agency,
}

/// Diagnostics for the errors of document `document` of `source` beyond
/// `first`, the one serde reported.
pub fn more_errors(source: &SourceText, document: usize, first: &Diagnostic) -> Vec<Diagnostic> {
    let lines: Vec<&str> = source.text.lines().collect();
    let Some(range) = document_lines(&lines, document) else {
        return Vec::new();
    };
    // After a syntax error the pieces cannot be told apart reliably.
    let document_text = lines[range.clone()].join("\n");
    if serde_yaml::from_str::<serde_yaml::Value>(&document_text).is_err() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (key, block) in top_level_blocks(&lines, range) {
        match key {
            "agency" => {
                if let Err(error) =
                    serde_yaml::from_str::<AgencyBlock>(&piece(&lines, block.clone(), 0))
                {
                    found.push(placed(source, &lines, block.start, 0, &error, None));
                }
            }
            "systems" => {
                for (index, item) in sequence_items(&lines, block.start + 1..block.end)
                    .into_iter()
                    .enumerate()
                {
                    let text = piece(&lines, item.lines.clone(), item.indent + 2);
                    if let Err(error) = serde_yaml::from_str::<System>(&text) {
                        let prefix = format!("systems[{index}]");
                        found.push(placed(
                            source,
                            &lines,
                            item.lines.start,
                            item.indent + 2,
                            &error,
                            Some(&prefix),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    found.retain(|d| d.message != first.message);
    found
}

/// The lines (0-based) of document `document`, between `---` markers.
fn document_lines(lines: &[&str], document: usize) -> Option<Range<usize>> {
    let mut current = 0;
    let mut start = 0;
    let mut has_content = false;
    for (index, line) in lines.iter().enumerate() {
        if *line == "---" || line.starts_with("--- ") {
            if has_content {
                if current == document {
                    return Some(start..index);
                }
                current += 1;
                has_content = false;
            }
            start = index + 1;
        } else if is_content(line) {
            has_content = true;
        }
    }
    (current == document && has_content).then_some(start..lines.len())
}

fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// Top-level `key:` lines with nothing after the colon, and the lines up to
/// the next top-level key.
fn top_level_blocks<'a>(lines: &[&'a str], range: Range<usize>) -> Vec<(&'a str, Range<usize>)> {
    let starts: Vec<(usize, &str, bool)> = range
        .clone()
        .filter_map(|index| {
            let line = lines[index];
            if line.starts_with([' ', '#', '-']) || !is_content(line) {
                return None;
            }
            let (key, rest) = line.split_once(':')?;
            let rest = rest.trim();
            let block = rest.is_empty() || rest.starts_with('#');
            Some((index, key.trim(), block))
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .filter(|(_, (_, _, block))| *block)
        .map(|(n, (index, key, _))| {
            let end = starts.get(n + 1).map_or(range.end, |next| next.0);
            (*key, *index..end)
        })
        .collect()
}

struct Item {
    lines: Range<usize>,
    /// Spaces before the item's `-`.
    indent: usize,
}

/// The items of a block sequence: each starts with `- ` at the indentation
/// of the first one.
fn sequence_items(lines: &[&str], range: Range<usize>) -> Vec<Item> {
    let Some(first) = range.clone().find(|&i| is_content(lines[i])) else {
        return Vec::new();
    };
    let indent = lines[first].len() - lines[first].trim_start_matches(' ').len();
    if !is_item_start(lines[first], indent) {
        return Vec::new();
    }
    let starts: Vec<usize> = range
        .clone()
        .filter(|&i| is_item_start(lines[i], indent))
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| Item {
            lines: start..starts.get(n + 1).copied().unwrap_or(range.end),
            indent,
        })
        .collect()
}

fn is_item_start(line: &str, indent: usize) -> bool {
    // Bytes, not characters: Vietnamese text before `indent` must not split
    // a character.
    let bytes = line.as_bytes();
    bytes.len() > indent
        && bytes[..indent].iter().all(|b| *b == b' ')
        && (bytes[indent..].starts_with(b"- ") || &bytes[indent..] == b"-")
}

/// The lines of a piece with `strip` leading characters taken off each (the
/// first line's `- ` counting as indentation), as a YAML text of its own.
fn piece(lines: &[&str], range: Range<usize>, strip: usize) -> String {
    let mut text = String::new();
    for (n, line) in lines[range].iter().enumerate() {
        let line = if n == 0 && strip >= 2 {
            // "  - id: x" -> "id: x"
            line.get(strip..).unwrap_or("")
        } else {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            &line[spaces.min(strip)..]
        };
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// A piece's error as a diagnostic at its place in the whole file.
fn placed(
    source: &SourceText,
    lines: &[&str],
    first_line: usize,
    removed_columns: usize,
    error: &serde_yaml::Error,
    prefix: Option<&str>,
) -> Diagnostic {
    let piece_source = SourceText {
        path: source.path.clone(),
        text: piece(lines, first_line..lines.len(), removed_columns),
    };
    let mut diagnostic = yaml_error(&piece_source, error);
    if diagnostic.location.line > 0 {
        diagnostic.location.line += first_line;
        diagnostic.location.column += removed_columns;
    }
    if let Some(prefix) = prefix {
        // serde names the path to the bad value first ("hosting.model: ...");
        // the piece's path starts below `systems[i]`.
        let has_path = diagnostic
            .message
            .split_once(": ")
            .is_some_and(|(head, _)| !head.contains([' ', '`']));
        diagnostic.message = if has_path {
            format!("{prefix}.{}", diagnostic.message)
        } else {
            format!("{prefix}: {}", diagnostic.message)
        };
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_found_between_markers() {
        let lines: Vec<&str> = "---\na: 1\n---\n# c\nb: 2\n---\n".lines().collect();
        assert_eq!(document_lines(&lines, 0), Some(1..2));
        assert_eq!(document_lines(&lines, 1), Some(3..5));
        assert_eq!(document_lines(&lines, 2), None);
    }

    #[test]
    fn vietnamese_text_never_splits_a_character() {
        let lines: Vec<&str> = "systems:\n  - id: a\nắ: Sở\n   ờ\n  - id: b\n"
            .lines()
            .collect();
        assert_eq!(sequence_items(&lines, 1..5).len(), 2);
    }

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
            piece(&lines, items[0].lines.clone(), 4),
            "id: a\nx:\n  - 1\n"
        );
    }
}
