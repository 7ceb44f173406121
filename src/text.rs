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

/// A name cleaned as by [`plain`] and, past `max_chars`, cut at the last
/// space that keeps at least half of it, ending in `…` (at most
/// `max_chars` characters in all): "Trung tâm Giám sát, điều hành…" rather
/// than "Trung tâm Giám sát, điều hành đ…". For names in a narrow place:
/// a chart's labels, a terminal column kept to one line.
pub fn short_name(text: &str, max_chars: usize) -> String {
    let cleaned = plain(text);
    if cleaned.chars().count() <= max_chars {
        return cleaned;
    }
    let keep = max_chars.saturating_sub(1);
    let head: String = cleaned.chars().take(keep).collect();
    let cut = match head.rfind(' ') {
        Some(space) if head[..space].chars().count() >= keep / 2 => &head[..space],
        _ => head.as_str(),
    };
    // A cut after a comma or a dash reads as if the name ended there.
    let cut = cut.trim_end_matches([' ', ',', ';', '-', '–']);
    format!("{cut}…")
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

    #[test]
    fn short_names_are_cut_between_words() {
        assert_eq!(short_name("Sở Y tế", 32), "Sở Y tế");
        let long = "Trung tâm Giám sát, điều hành đô thị thông minh thành phố Huế (HueIOC)";
        assert_eq!(short_name(long, 32), "Trung tâm Giám sát, điều hành…");
        assert!(short_name(long, 32).chars().count() <= 32);
        // One long word is cut inside it.
        assert_eq!(short_name("abcdefghij", 5), "abcd…");
        assert_eq!(short_name("a\u{202E}b  c", 10), "ab c");
    }
}
