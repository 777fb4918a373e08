//! Character data a PDF reader needs and PDFs do not carry: glyph names → Unicode (the Adobe Glyph List for New
//! Fonts, plus the ligatures and legacy names it leaves out, plus `uniXXXX`/`uXXXX[XX]`), the standard 8-bit
//! encodings, and approximate widths of the standard 14 fonts for files that use them without `/Widths`.

use std::collections::HashMap;
use std::sync::LazyLock;

use encoding_rs::{MACINTOSH, WINDOWS_1252};

/// Names the AGLFN leaves out but real fonts use.
const EXTRA_NAMES: &[(&str, &str)] = &[
    ("ff", "ff"),
    ("fi", "fi"),
    ("fl", "fl"),
    ("ffi", "ffi"),
    ("ffl", "ffl"),
    ("st", "st"),
    ("nbspace", " "),
    ("nonbreakingspace", " "),
    ("sfthyphen", "\u{ad}"),
    ("softhyphen", "\u{ad}"),
    ("middot", "·"),
    ("bullet", "•"),
    ("minus", "−"),
    ("apostrophe", "'"),
    ("dotlessj", "ȷ"),
    ("Euro", "€"),
    ("mu", "µ"),
    ("periodcentered", "·"),
    ("quotesingle", "'"),
    ("tab", "\t"),
];

static NAMES: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, String> =
        glyph_names::GLYPH_NAME_PAIRS.iter().map(|(c, name)| (*name, c.to_string())).collect();
    for (name, text) in EXTRA_NAMES {
        map.insert(name, (*text).to_string());
    }
    map
});

/// The text a glyph name stands for: AGL names, `uniXXXX[XXXX…]`, `uXXXX[XX]`, ligature names joined with `_`
/// (`f_i`), and names with a suffix after a dot (`a.sc`). `None` for names that say nothing (`g42`, `cid123`).
pub fn glyph_text(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if let Some(text) = NAMES.get(base) {
        return Some(text.clone());
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(glyph_text).collect();
        return parts;
    }
    if let Some(hex) = base.strip_prefix("uni").filter(|h| h.len() >= 4 && h.len() % 4 == 0) {
        return (0..hex.len() / 4)
            .map(|i| u32::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok().and_then(char::from_u32))
            .collect();
    }
    if let Some(hex) = base.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from);
    }
    let mut chars = base.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_alphanumeric() => Some(c.to_string()),
        _ => None,
    }
}

/// A font's base 8-bit encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseEncoding {
    /// Adobe StandardEncoding (the default of Type 1 fonts).
    Standard,
    /// WinAnsiEncoding (Windows-1252).
    WinAnsi,
    /// MacRomanEncoding.
    MacRoman,
}

impl BaseEncoding {
    /// The encoding named `name`, if it is one of the standard ones.
    pub fn named(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(BaseEncoding::MacRoman),
            _ => None,
        }
    }

    /// The character of `code`, if the encoding defines one.
    pub fn text(self, code: u8) -> Option<String> {
        if code < 0x20 {
            return None;
        }
        match self {
            BaseEncoding::WinAnsi => single_byte(WINDOWS_1252, code),
            BaseEncoding::MacRoman => single_byte(MACINTOSH, code),
            BaseEncoding::Standard => standard(code),
        }
    }
}

fn single_byte(encoding: &'static encoding_rs::Encoding, code: u8) -> Option<String> {
    let bytes = [code];
    let (text, _, malformed) = encoding.decode(&bytes);
    (!malformed && !text.chars().any(char::is_control)).then(|| text.into_owned())
}

/// StandardEncoding: ASCII with curly quotes at 0x27/0x60, and its own upper half.
fn standard(code: u8) -> Option<String> {
    let c = match code {
        0x27 => '’',
        0x60 => '‘',
        0x20..=0x7e => char::from(code),
        0xa1 => '¡',
        0xa2 => '¢',
        0xa3 => '£',
        0xa4 => '⁄',
        0xa5 => '¥',
        0xa6 => 'ƒ',
        0xa7 => '§',
        0xa8 => '¤',
        0xa9 => '\'',
        0xaa => '“',
        0xab => '«',
        0xac => '‹',
        0xad => '›',
        0xae => 'ﬁ',
        0xaf => 'ﬂ',
        0xb1 => '–',
        0xb2 => '†',
        0xb3 => '‡',
        0xb4 => '·',
        0xb6 => '¶',
        0xb7 => '•',
        0xb8 => '‚',
        0xb9 => '„',
        0xba => '”',
        0xbb => '»',
        0xbc => '…',
        0xbd => '‰',
        0xbf => '¿',
        0xc1 => '`',
        0xc2 => '´',
        0xc3 => 'ˆ',
        0xc4 => '˜',
        0xc5 => '¯',
        0xc6 => '˘',
        0xc7 => '˙',
        0xc8 => '¨',
        0xca => '˚',
        0xcb => '¸',
        0xcd => '˝',
        0xce => '˛',
        0xcf => 'ˇ',
        0xd0 => '—',
        0xe1 => 'Æ',
        0xe3 => 'ª',
        0xe8 => 'Ł',
        0xe9 => 'Ø',
        0xea => 'Œ',
        0xeb => 'º',
        0xf1 => 'æ',
        0xf5 => 'ı',
        0xf8 => 'ł',
        0xf9 => 'ø',
        0xfa => 'œ',
        0xfb => 'ß',
        _ => return None,
    };
    Some(c.to_string())
}

/// Approximate width (thousandths of an em) of `c` in a standard-14 font named `base_font`, for PDFs that use
/// such a font without `/Widths`. Exact metrics are not needed: widths only decide where spaces fall, and a
/// per-class approximation of Helvetica, Times and Courier is well within that tolerance.
pub fn standard_width(base_font: &str, c: Option<char>) -> Option<f32> {
    let family = if base_font.contains("Courier") {
        return Some(600.0);
    } else if base_font.contains("Times") {
        Family::Times
    } else if base_font.contains("Helvetica") || base_font.contains("Arial") {
        Family::Helvetica
    } else {
        return None;
    };
    let c = c?;
    let (narrow, space, regular, wide, capital) = match family {
        Family::Helvetica => (222.0, 278.0, 556.0, 833.0, 667.0),
        Family::Times => (278.0, 250.0, 500.0, 778.0, 667.0),
    };
    Some(match c {
        ' ' => space,
        'i' | 'j' | 'l' | 'I' | '\'' | '.' | ',' | ':' | ';' | '|' | '!' => narrow,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => (narrow + regular) / 2.0,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => wide,
        c if c.is_ascii_uppercase() => capital,
        _ => regular,
    })
}

enum Family {
    Helvetica,
    Times,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_map_to_text() {
        assert_eq!(glyph_text("A").as_deref(), Some("A"));
        assert_eq!(glyph_text("bullet").as_deref(), Some("•"));
        assert_eq!(glyph_text("fi").as_deref(), Some("fi"));
        assert_eq!(glyph_text("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_text("uni00660069").as_deref(), Some("fi"));
        assert_eq!(glyph_text("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_text("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_text("quoteright").as_deref(), Some("’"));
        assert_eq!(glyph_text("g42"), None);
        assert_eq!(glyph_text(".notdef"), None);
    }

    #[test]
    fn base_encodings_differ_where_they_should() {
        assert_eq!(BaseEncoding::Standard.text(0x27).as_deref(), Some("’"));
        assert_eq!(BaseEncoding::WinAnsi.text(0x27).as_deref(), Some("'"));
        assert_eq!(BaseEncoding::WinAnsi.text(0x95).as_deref(), Some("•"));
        assert_eq!(BaseEncoding::MacRoman.text(0xa5).as_deref(), Some("•"));
        assert_eq!(BaseEncoding::Standard.text(0xae).as_deref(), Some("ﬁ"));
        assert_eq!(BaseEncoding::WinAnsi.text(0x05), None);
    }

    #[test]
    fn standard_fonts_have_plausible_widths() {
        assert_eq!(standard_width("Courier-Bold", Some('m')), Some(600.0));
        assert!(standard_width("Helvetica", Some('i')) < standard_width("Helvetica", Some('m')));
        assert_eq!(standard_width("ABCDEF+Calibri", Some('a')), None);
    }
}
