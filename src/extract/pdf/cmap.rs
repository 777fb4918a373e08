//! CMaps: the code-space ranges that say how many bytes each character code takes, and `/ToUnicode` maps
//! (`bfchar`, `bfrange` with a start value or an array) from codes to text. Written by hand because lopdf
//! keeps its parser private and prefers `/Encoding` over `/ToUnicode`, which garbles fonts whose encoding
//! names private glyphs.

use std::collections::HashMap;

/// Most codes one `bfrange` may define: a hostile range must not allocate without bound.
const MAX_RANGE: u32 = 65_536;
/// Most codes one CMap may map (a full CJK font maps ~65,000): many hostile ranges must not add up without bound.
pub const MAX_ENTRIES: usize = 131_072;

/// A parsed CMap.
#[derive(Clone, Debug, Default)]
pub struct CMap {
    /// `(low, high)` byte strings of equal length.
    codespace: Vec<(Vec<u8>, Vec<u8>)>,
    /// `(code, code length)` → text.
    map: HashMap<(u32, u8), String>,
}

impl CMap {
    /// Parses the CMap program in `data`; what cannot be parsed is skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let tokens = tokenize(data);
        let mut cmap = CMap::default();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Keyword(k) if k == b"begincodespacerange" => i = cmap.codespace_section(&tokens, i + 1),
                Token::Keyword(k) if k == b"beginbfchar" => i = cmap.bfchar_section(&tokens, i + 1),
                Token::Keyword(k) if k == b"beginbfrange" => i = cmap.bfrange_section(&tokens, i + 1),
                Token::Keyword(k) if k == b"begincidchar" || k == b"begincidrange" => {}
                _ => {}
            }
            i += 1;
        }
        cmap
    }

    /// Whether the map defines any text.
    /// How many codes are mapped.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Maps `code` to `text` while the map is below [`MAX_ENTRIES`].
    fn insert(&mut self, code: (u32, u8), text: String) {
        if self.map.len() < MAX_ENTRIES {
            self.map.insert(code, text);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Whether code-space ranges were declared.
    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// The text of `code` of `len` bytes, if mapped.
    pub fn text(&self, code: u32, len: u8) -> Option<&str> {
        self.map.get(&(code, len)).map(String::as_str)
    }

    /// Splits `bytes` into codes `(code, length)` by the code-space ranges; bytes that fit no range are taken
    /// one at a time. Without ranges, every code is `default_len` bytes.
    pub fn split_codes(&self, bytes: &[u8], default_len: u8) -> Vec<(u32, u8)> {
        let mut codes = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let len = if self.codespace.is_empty() {
                usize::from(default_len).min(bytes.len() - i)
            } else {
                self.code_len(&bytes[i..]).unwrap_or(1)
            };
            codes.push((bytes[i..i + len].iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)), len as u8));
            i += len;
        }
        codes
    }

    fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        self.codespace
            .iter()
            .filter(|(lo, _)| lo.len() <= bytes.len())
            .find(|(lo, hi)| bytes[..lo.len()].iter().zip(lo.iter().zip(hi)).all(|(b, (l, h))| l <= b && b <= h))
            .map(|(lo, _)| lo.len())
    }

    fn codespace_section(&mut self, tokens: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) = (tokens.get(i), tokens.get(i + 1)) {
            if lo.len() == hi.len() && !lo.is_empty() && lo.len() <= 4 {
                self.codespace.push((lo.clone(), hi.clone()));
            }
            i += 2;
        }
        i
    }

    fn bfchar_section(&mut self, tokens: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(src)), Some(dst)) = (tokens.get(i), tokens.get(i + 1)) {
            if let (Some(code), Some(text)) = (code_of(src), dst_text(dst)) {
                self.insert((code, src.len() as u8), text);
            }
            i += 2;
        }
        i
    }

    fn bfrange_section(&mut self, tokens: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(lo)), Some(Token::Hex(hi)), Some(dst)) =
            (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
        {
            let len = lo.len() as u8;
            if let (Some(lo), Some(hi)) = (code_of(lo), code_of(hi)) {
                let count = hi.saturating_sub(lo).min(MAX_RANGE - 1);
                match dst {
                    Token::Array(items) => {
                        for (k, item) in items.iter().enumerate().take(count as usize + 1) {
                            if let Some(text) = dst_text(item) {
                                self.insert((lo + k as u32, len), text);
                            }
                        }
                    }
                    Token::Hex(start) => {
                        for k in 0..=count {
                            if let Some(text) = utf16_plus(start, k) {
                                self.insert((lo + k, len), text);
                            }
                        }
                    }
                    _ => {}
                }
            }
            i += 3;
        }
        i
    }
}

fn code_of(bytes: &[u8]) -> Option<u32> {
    (!bytes.is_empty() && bytes.len() <= 4).then(|| bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)))
}

/// The text of a `bfchar`/array destination: UTF-16BE bytes, or a glyph name.
fn dst_text(token: &Token) -> Option<String> {
    match token {
        Token::Hex(bytes) => utf16_plus(bytes, 0),
        Token::Name(name) => super::glyphs::glyph_text(&String::from_utf8_lossy(name)),
        _ => None,
    }
}

/// UTF-16BE `bytes` with `offset` added to the last code unit (how `bfrange` numbers its destinations).
fn utf16_plus(bytes: &[u8], offset: u32) -> Option<String> {
    if bytes.is_empty() {
        return None;
    }
    if bytes.len() == 1 {
        return char::from_u32(u32::from(bytes[0]) + offset).map(String::from);
    }
    let mut units: Vec<u16> = bytes.chunks(2).map(|c| c.iter().fold(0u16, |acc, &b| acc << 8 | u16::from(b))).collect();
    let last = units.last_mut()?;
    *last = u16::try_from(u32::from(*last) + offset).ok()?;
    let text: String = char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')).collect();
    (!text.is_empty()).then_some(text)
}

/// The tokens a CMap program is made of.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Name(Vec<u8>),
    Keyword(Vec<u8>),
    Array(Vec<Token>),
    Other,
}

fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut stack: Vec<Vec<Token>> = vec![Vec::new()];
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                i += 1;
                push(&mut stack, Token::Other);
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                i += 1;
                push(&mut stack, Token::Other);
            }
            b'<' => {
                let end = data[i..].iter().position(|&c| c == b'>').map_or(data.len(), |p| i + p);
                push(&mut stack, Token::Hex(hex_bytes(&data[i + 1..end])));
                i = end;
            }
            b'[' => stack.push(Vec::new()),
            b']' => {
                if stack.len() > 1 {
                    let items = stack.pop().unwrap_or_default();
                    push(&mut stack, Token::Array(items));
                }
            }
            b'(' => {
                // Literal strings do not occur in the parts we read; skip them, nested parentheses included.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                push(&mut stack, Token::Other);
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                push(&mut stack, Token::Name(data[start..i].to_vec()));
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            _ => {
                let start = i;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                // A stray delimiter (`)`, `}`, a lone `>`) is one token of its own: always move on.
                i = i.max(start + 1);
                push(&mut stack, Token::Keyword(data[start..i].to_vec()));
                continue;
            }
        }
        i += 1;
    }
    while stack.len() > 1 {
        let items = stack.pop().unwrap_or_default();
        push(&mut stack, Token::Array(items));
    }
    stack.pop().unwrap_or_default()
}

fn push(stack: &mut [Vec<Token>], token: Token) {
    if let Some(top) = stack.last_mut() {
        top.push(token);
    }
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b)
}

fn hex_bytes(hex: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = hex.iter().filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8)).collect();
    digits.chunks(2).map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0011> <00660069>
<0012> /bullet
endbfchar
2 beginbfrange
<0020> <0022> <0041>
<0030> <0031> [<0078> <D83DDE00>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_and_arrays_map_codes_to_text() {
        let cmap = CMap::parse(CMAP);
        assert_eq!(cmap.text(0x0003, 2), Some(" "));
        assert_eq!(cmap.text(0x0011, 2), Some("fi"));
        assert_eq!(cmap.text(0x0012, 2), Some("•"));
        assert_eq!(cmap.text(0x0021, 2), Some("B"));
        assert_eq!(cmap.text(0x0022, 2), Some("C"));
        assert_eq!(cmap.text(0x0031, 2), Some("😀"));
        assert_eq!(cmap.text(0x0023, 2), None);
    }

    #[test]
    fn codes_split_by_codespace_ranges() {
        let cmap = CMap::parse(b"2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange");
        assert_eq!(cmap.split_codes(&[0x41, 0x81, 0x02, 0x42], 1), vec![(0x41, 1), (0x8102, 2), (0x42, 1)]);
        assert_eq!(CMap::default().split_codes(&[0, 1, 0, 2], 2), vec![(1, 2), (2, 2)]);
    }

    #[test]
    fn regression_stray_delimiters_do_not_loop_forever() {
        // Found by tests/mutation.rs: a lone `>` or `)` never advanced the tokenizer, which pushed tokens until
        // memory ran out.
        let cmap = CMap::parse(b"1 beginbfchar <41> <0042> > ) } { endbfchar");
        assert_eq!(cmap.text(0x41, 1), Some("B"));
    }

    #[test]
    fn hostile_ranges_are_bounded() {
        let cmap = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(cmap.map.len() <= MAX_RANGE as usize);
    }
}
