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
use crate::yaml_layout::{document_lines, sequence_items, top_level_blocks};

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
