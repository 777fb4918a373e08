//! Text shown to a person on a terminal — file names, titles, skill names from a custom lexicon, messages, a
//! document's text — comes from strangers' files, and a terminal obeys what it is sent: an escape sequence can
//! set the window title, clear the screen, hide a link (OSC 8) or write the clipboard (OSC 52), a bidi override
//! can make a name read backwards, and a newline in a file name can print a fake result row. Every
//! human-facing output passes such text through [`terminal_safe`] (names, titles, messages: one line each) or
//! [`terminal_safe_text`] (a document's text, which keeps its lines and tabs), which show those characters
//! escaped, as `\x1b`, `\n` or `\u{202e}`. JSON and CSV are data for programs and are never escaped here.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal as it is; newline and tab pass when `keep_lines`.
fn is_unsafe(c: char, keep_lines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_lines,
        // C0 controls (ESC among them), DEL and the C1 controls (U+009B is a one-character CSI).
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi marks, embeddings, overrides and isolates, and the Unicode line and paragraph separators.
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// `text` for one line of a terminal: every control character (newline and tab too), DEL, C1 control, bidi
/// control and line separator shown escaped (`\n`, `\t`, `\r`, `\x1b`, `\u{9b}`, `\u{202e}`). Borrowed when
/// there is nothing to escape.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Like [`terminal_safe`], but newlines and tabs pass: for a document's text, whose lines must stay lines
/// (evidence line numbers refer to them).
pub fn terminal_safe_text(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, keep_lines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !is_unsafe(c, keep_lines) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_ascii() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for text in ["", "Senior Cloud Engineer", "résumé — Müller 🙂", "a\\x1b is only a backslash"] {
            assert!(matches!(terminal_safe(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
    }

    #[test]
    fn escapes_reach_the_terminal_as_visible_text() {
        assert_eq!(terminal_safe("\u{1b}]0;owned\u{7}title"), "\\x1b]0;owned\\x07title");
        assert_eq!(terminal_safe("\u{1b}[2J"), "\\x1b[2J");
        assert_eq!(terminal_safe("a\u{9b}31mb"), "a\\u{9b}31mb", "C1 CSI");
        assert_eq!(terminal_safe("del\u{7f}"), "del\\x7f");
        assert_eq!(terminal_safe("cv\u{202e}fdp.exe"), "cv\\u{202e}fdp.exe", "bidi override");
        assert_eq!(terminal_safe("\u{2066}x\u{2069}\u{200f}\u{61c}"), "\\u{2066}x\\u{2069}\\u{200f}\\u{61c}");
        assert_eq!(terminal_safe("line\u{2028}sep"), "line\\u{2028}sep");
        assert_eq!(terminal_safe("\0\r"), "\\x00\\r");
    }

    #[test]
    fn a_newline_in_a_name_never_starts_a_line() {
        let name = "cv.txt\nengineer   1.00  fake row";
        assert_eq!(terminal_safe(name), "cv.txt\\nengineer   1.00  fake row");
        assert_eq!(terminal_safe("a\tb"), "a\\tb");
    }

    #[test]
    fn document_text_keeps_its_lines_and_tabs_only() {
        let text = "Title\n\tTerraform\u{1b}[31m\r\nAWS\u{202e}";
        let safe = terminal_safe_text(text);
        assert_eq!(safe, "Title\n\tTerraform\\x1b[31m\\r\nAWS\\u{202e}");
        assert_eq!(safe.lines().count(), text.lines().count(), "line numbers still match");
    }

    #[test]
    fn no_unsafe_character_survives_in_any_text() {
        // Every code point below U+3000 once, in one string: nothing unsafe is left, and the rest is unchanged.
        let all: String = (0..0x3000).filter_map(char::from_u32).collect();
        for (safe, keep) in [(terminal_safe(&all), false), (terminal_safe_text(&all), true)] {
            assert!(!safe.chars().any(|c| is_unsafe(c, keep)));
            let kept: String = all.chars().filter(|c| !is_unsafe(*c, keep)).collect();
            let shown: String = safe.chars().filter(|c| !c.is_ascii()).collect();
            assert_eq!(shown, kept.chars().filter(|c| !c.is_ascii()).collect::<String>());
        }
    }
}
