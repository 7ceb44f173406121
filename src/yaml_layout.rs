//! Where things are in a YAML text, found by its lines without parsing:
//! the `---` documents, a document's top-level `key:` blocks and a block
//! sequence's `- ` items. Used where serde keeps no positions: to parse a
//! broken document piece by piece (inventory::recover), and to give every
//! system the line it starts on. Only block-style YAML (the way inventories
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
}
