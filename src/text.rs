//! Text from outside (servers, inventories) made safe to show: no
//! terminal escape sequences, no bidirectional overrides that reorder what
//! a reader sees, no line breaks inside a table cell; and, for the reports
//! that keep line breaks (JUnit bodies, SARIF help), nothing XML 1.0
//! forbids.

/// Text made safe for a terminal and a table cell (from a remote server,
/// or an inventory):
/// control characters (escape sequences, bidi overrides) dropped,
/// whitespace collapsed, length capped.
pub fn clean_text(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars));
    let mut count = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        if count >= max_chars {
            out.push('…');
            break;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Characters that reorder how text is displayed (bidirectional marks,
/// embeddings, overrides and isolates): a name can hide what it says.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// [`clean_text`] without a length cap: for names shown in reports.
pub fn plain(text: &str) -> String {
    clean_text(text, usize::MAX)
}

/// Text for a body: line breaks and tabs kept (a lone CR becomes a line
/// break), other control characters and bidirectional overrides dropped,
/// nothing XML 1.0 forbids. For JUnit failure bodies and SARIF help texts.
pub fn multi_line(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_bidi_control(c)))
        .filter(|&c| is_xml_char(c))
        .collect()
}

/// The `Char` production of XML 1.0: what may appear in a document at all,
/// even escaped.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_drops_controls_and_bidi_overrides() {
        assert_eq!(clean_text("a\u{202E}b\tc\r\nd", 100), "ab c d");
        assert_eq!(clean_text("abcdef", 3), "abc…");
    }
}
