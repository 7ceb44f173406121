//! Where things are in a YAML text, found by its lines without parsing:
//! the `---` documents, a document's top-level `key:` blocks, a block
//! sequence's `- ` items, and the key a line holds with its path from the
//! top. Used where serde keeps no positions: to parse a broken document
//! piece by piece and go past each mistake (inventory::recover), and to
//! give every system the line it starts on. Only block-style YAML (the way inventories
//! are written) is understood; anything else yields nothing.

use std::ops::Range;

/// The lines (0-based) of document `document`, between `---` markers.
pub fn document_lines(lines: &[&str], document: usize) -> Option<Range<usize>> {
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

pub fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// Top-level `key:` lines with nothing after the colon, and the lines up to
/// the next top-level key.
pub fn top_level_blocks<'a>(
    lines: &[&'a str],
    range: Range<usize>,
) -> Vec<(&'a str, Range<usize>)> {
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

pub struct Item {
    pub lines: Range<usize>,
    /// Spaces before the item's `-`.
    pub indent: usize,
}

/// The items of a block sequence: each starts with `- ` at the indentation
/// of the first one.
pub fn sequence_items(lines: &[&str], range: Range<usize>) -> Vec<Item> {
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

/// The 1-based line on which each item of the top-level block sequence
/// `key` of document `document` starts (e.g. every system of an
/// inventory), in order; empty when the layout is not block style.
pub fn sequence_item_lines(text: &str, document: usize, key: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(range) = document_lines(&lines, document) else {
        return Vec::new();
    };
    top_level_blocks(&lines, range)
        .into_iter()
        .find(|(name, _)| *name == key)
        .map(|(_, block)| {
            sequence_items(&lines, block.start + 1..block.end)
                .into_iter()
                .map(|item| item.lines.start + 1)
                .collect()
        })
        .unwrap_or_default()
}

/// The shape of one block-style line: `  - key: value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineShape<'a> {
    /// Column (from 0) of the last `- ` on the line, if it opens list items.
    pub dash: Option<usize>,
    /// Column (from 0) where the key, or the item's scalar, starts.
    pub column: usize,
    /// The key, when the line holds a plain `key:`.
    pub key: Option<&'a str>,
    /// What follows the key's colon (or the item's scalar), trimmed.
    pub value: &'a str,
}

impl LineShape<'_> {
    /// A `key:` with nothing after it: a block mapping or sequence follows.
    pub fn opens_block(&self) -> bool {
        self.key.is_some() && (self.value.is_empty() || self.value.starts_with('#'))
    }
}

/// The shape of a content line; `None` for blank and comment lines.
pub fn line_shape(line: &str) -> Option<LineShape<'_>> {
    if !is_content(line) {
        return None;
    }
    let mut column = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[column..];
    let mut dash = None;
    while rest == "-" || rest.starts_with("- ") {
        dash = Some(column);
        let after = rest[1..].trim_start_matches(' ');
        column += rest.len() - after.len();
        rest = after;
    }
    let key_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let after_key = &rest[key_end..];
    if key_end > 0 && (after_key == ":" || after_key.starts_with(": ")) {
        return Some(LineShape {
            dash,
            column,
            key: Some(&rest[..key_end]),
            value: after_key[1..].trim(),
        });
    }
    Some(LineShape {
        dash,
        column,
        key: None,
        value: rest.trim(),
    })
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The end (exclusive) of what belongs to the node starting on line
/// `start` at `column`: the following lines indented deeper, and for a
/// `key:` that opens a block, the `- ` items written at its own indentation.
pub fn block_end<S: AsRef<str>>(lines: &[S], start: usize, column: usize) -> usize {
    let opens = line_shape(lines[start].as_ref()).is_some_and(|s| s.opens_block());
    let mut end = start + 1;
    for (index, line) in lines.iter().enumerate().skip(start + 1) {
        let line = line.as_ref();
        if !is_content(line) {
            continue;
        }
        let indent = indent_of(line);
        let item_at_column =
            opens && indent == column && line_shape(line).is_some_and(|s| s.dash == Some(column));
        if indent <= column && !item_at_column {
            break;
        }
        end = index + 1;
    }
    end
}

/// The keys from the top of the text down to the one on line `index`,
/// e.g. `["public_services", "services", "level"]` (list items add no
/// key); empty when the line holds no key.
pub fn key_path<S: AsRef<str>>(lines: &[S], index: usize) -> Vec<String> {
    let Some(LineShape {
        key: Some(key),
        column,
        ..
    }) = line_shape(lines[index].as_ref())
    else {
        return Vec::new();
    };
    let mut path = vec![key.to_string()];
    let mut limit = column;
    for line in lines[..index].iter().rev() {
        if let Some(shape) = line_shape(line.as_ref())
            && shape.column < limit
            && shape.opens_block()
            && let Some(key) = shape.key
        {
            path.push(key.to_string());
            limit = shape.column;
        }
    }
    path.reverse();
    path
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
    fn item_lines_of_a_sequence() {
        let text = "agency:\n  id: a\nsystems:\n  - id: x\n    name: X\n  - id: y\n---\nagency: {}\nsystems:\n- id: z\n";
        assert_eq!(sequence_item_lines(text, 0, "systems"), vec![4, 6]);
        assert_eq!(sequence_item_lines(text, 1, "systems"), vec![10]);
        assert_eq!(
            sequence_item_lines("systems: [a, b]\n", 0, "systems"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn line_shapes_paths_and_blocks() {
        let shape = line_shape("  - url: https://a.vn # c").unwrap();
        assert_eq!(
            (shape.dash, shape.column, shape.key),
            (Some(2), 4, Some("url"))
        );
        assert_eq!(shape.value, "https://a.vn # c");
        let shape = line_shape("    - online").unwrap();
        assert_eq!(
            (shape.dash, shape.key, shape.value),
            (Some(4), None, "online")
        );
        assert!(line_shape("hosting:").unwrap().opens_block());
        assert!(line_shape("  # only a comment").is_none());

        let lines = [
            "id: a",
            "public_services:",
            "  total: 3",
            "  services:",
            "    - code: x",
            "      level: bad",
            "endpoints:",
            "- url: https://a.vn",
            "  expect: open",
            "tags: [a]",
        ];
        assert_eq!(
            key_path(&lines, 5),
            ["public_services", "services", "level"]
        );
        assert_eq!(key_path(&lines, 8), ["endpoints", "expect"]);
        assert_eq!(key_path(&lines, 0), ["id"]);
        assert_eq!(block_end(&lines, 1, 0), 6);
        // The key `code` alone, then its whole list item.
        assert_eq!(block_end(&lines, 4, 6), 5);
        assert_eq!(block_end(&lines, 4, 4), 6);
        // A sequence written at its key's own indentation belongs to it.
        assert_eq!(block_end(&lines, 6, 0), 9);
        assert_eq!(block_end(&lines, 9, 0), 10);
    }
}
