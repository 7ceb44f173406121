//! Inventory YAML as a person writes it (the shipped inventories' house
//! style): two-space indents, list items indented under their key, a
//! blank line between systems, plain scalars unless quoting is needed.
//! Each line remembers the cell it came from, so that a mistake the
//! YAML checks find is reported at that cell.

/// Where a line came from: a cell of a table of the workbook, and the
/// object of the row the line's key is in (`migration`; empty for the
/// row's own object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub table: usize,
    pub row: usize,
    /// From 0.
    pub column: usize,
    pub group: &'static str,
}

#[derive(Debug, Clone)]
pub enum Node {
    /// A scalar as it is written (quoted if it must be).
    Scalar(String),
    Map(Vec<(&'static str, Node, At)>),
    Seq(Vec<(Node, At)>),
}

impl Node {
    /// A text value.
    pub fn text(text: &str) -> Node {
        Node::Scalar(scalar(text))
    }

    /// The entry `key` of a map, if the node is one and has it.
    pub fn entry_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Map(entries) => entries
                .iter_mut()
                .find(|(k, _, _)| *k == key)
                .map(|(_, node, _)| node),
            _ => None,
        }
    }

    /// Puts `key` into a map before the first of `before` it has, or last.
    pub fn insert_before(&mut self, key: &'static str, node: Node, at: At, before: &[&str]) {
        if let Node::Map(entries) = self {
            let index = entries
                .iter()
                .position(|(k, _, _)| before.contains(k))
                .unwrap_or(entries.len());
            entries.insert(index, (key, node, at));
        }
    }
}

/// The YAML text, and for each of its lines (from 0) where it came from.
#[derive(Debug, Default)]
pub struct Written {
    pub text: String,
    pub lines: Vec<Option<At>>,
}

impl Written {
    fn line(&mut self, text: &str, at: Option<At>) {
        self.text.push_str(text);
        self.text.push('\n');
        self.lines.push(at);
    }
}

/// Writes `comment` lines (each after `# `), then the document `root`
/// (a map); items of the sequences named in `spaced` are separated by a
/// blank line.
pub fn write(comment: &[String], root: &Node, spaced: &[&str]) -> Written {
    let mut out = Written::default();
    for line in comment {
        out.line(format!("# {line}").trim_end(), None);
    }
    if let Node::Map(entries) = root {
        write_map(entries, 0, false, spaced, &mut out);
    }
    out
}

fn write_map(
    entries: &[(&'static str, Node, At)],
    indent: usize,
    dash: bool,
    spaced: &[&str],
    out: &mut Written,
) {
    for (index, (key, node, at)) in entries.iter().enumerate() {
        let lead = if dash && index == 0 {
            format!("{}- ", " ".repeat(indent - 2))
        } else {
            " ".repeat(indent)
        };
        match node {
            Node::Scalar(text) => out.line(&format!("{lead}{key}: {text}"), Some(*at)),
            Node::Map(children) => {
                out.line(&format!("{lead}{key}:"), Some(*at));
                write_map(children, indent + 2, false, spaced, out);
            }
            Node::Seq(items) => {
                out.line(&format!("{lead}{key}:"), Some(*at));
                let blank = spaced.contains(key);
                for (n, (item, item_at)) in items.iter().enumerate() {
                    if blank && n > 0 {
                        out.line("", Some(*item_at));
                    }
                    match item {
                        Node::Scalar(text) => out.line(
                            &format!("{}- {text}", " ".repeat(indent + 2)),
                            Some(*item_at),
                        ),
                        Node::Map(children) => {
                            write_map(children, indent + 4, true, spaced, out);
                        }
                        // Lists of lists are not in the format.
                        Node::Seq(_) => {}
                    }
                }
            }
        }
    }
}

/// `text` as a YAML scalar: plain when it reads back as the same text,
/// else double-quoted (a JSON string is a YAML double-quoted scalar).
pub fn scalar(text: &str) -> String {
    if plain_is_safe(text) {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
    }
}

fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || text.chars().any(char::is_control) {
        return false;
    }
    // Most texts (names, ids, keywords, URLs, dates) are seen at once:
    // letters first, then letters, digits and punctuation that means
    // nothing to YAML inside a plain scalar (`:` not before a space, `#`
    // not after one). Anything else is asked of the parser.
    let bytes = text.as_bytes();
    let quiet = |(at, c): (usize, char)| {
        c.is_alphanumeric()
            || " .-_/()+@,;=".contains(c)
            || (c == ':' && bytes.get(at + 1).is_some_and(|next| *next != b' '))
            || (c == '#' && at > 0 && bytes[at - 1] != b' ')
    };
    if first.is_alphabetic() && text.char_indices().all(quiet) && !is_keyword(text) {
        return true;
    }
    if is_iso_date(bytes) {
        return true;
    }
    matches!(
        serde_yaml::from_str::<serde_yaml::Value>(text),
        Ok(serde_yaml::Value::String(back)) if back == text
    )
}

/// `YYYY-MM-DD`, which YAML 1.2 (serde_yaml) reads as text.
fn is_iso_date(bytes: &[u8]) -> bool {
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(at, b)| match at {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Words YAML reads as something other than text.
fn is_keyword(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_plain_unless_they_would_read_back_otherwise() {
        for plain in [
            "so-yte",
            "Sở Y tế",
            "2020-04-22",
            "https://syt.hue.gov.vn",
            "tcp://his.syt.hue.gov.vn:1433",
            "968/QĐ-UBND",
            "it@syt.hue.gov.vn",
            "1.001612",
            "Cổng thông tin, điện tử; cấp tỉnh",
            "C#",
            "a=b",
        ] {
            let written = scalar(plain);
            let back: String = serde_yaml::from_str(&written).unwrap();
            assert_eq!(back, plain);
            if plain != "1.001612" {
                assert_eq!(written, plain);
            }
        }
        for quoted in [
            "123",
            "1.5",
            "true",
            "No",
            "null",
            "~",
            "a: b",
            "a #b",
            "- x",
            "[x]",
            "*x",
            "&x",
            "!x",
            "'x",
            "\"x",
            " x",
            "x ",
            "",
            "line\nbreak",
            "%x",
            "@x",
            "`x",
            "{x}",
            "? x",
            "1.001612",
        ] {
            let written = scalar(quoted);
            let back: String = serde_yaml::from_str(&written).unwrap();
            assert_eq!(back, quoted, "{written}");
        }
    }

    #[test]
    fn writes_the_house_style() {
        let at = At {
            table: 0,
            row: 2,
            column: 0,
            group: "",
        };
        let system = |id: &str| {
            Node::Map(vec![
                ("id", Node::text(id), at),
                (
                    "hosting",
                    Node::Map(vec![("model", Node::text("saas"), at)]),
                    at,
                ),
                (
                    "tags",
                    Node::Seq(vec![(Node::text("web"), at), (Node::text("x: y"), at)]),
                    at,
                ),
            ])
        };
        let root = Node::Map(vec![
            ("agency", Node::Map(vec![("id", Node::text("a"), at)]), at),
            (
                "systems",
                Node::Seq(vec![(system("one"), at), (system("two"), at)]),
                at,
            ),
        ]);
        let written = write(&["A title".to_string()], &root, &["systems"]);
        assert_eq!(
            written.text,
            "# A title\nagency:\n  id: a\nsystems:\n  - id: one\n    hosting:\n      model: saas\n    tags:\n      - web\n      - \"x: y\"\n\n  - id: two\n    hosting:\n      model: saas\n    tags:\n      - web\n      - \"x: y\"\n"
        );
        assert_eq!(written.lines.len(), written.text.lines().count());
    }
}
