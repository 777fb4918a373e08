//! A content-stream reader that yields one operation at a time. lopdf's `Content::decode` turns a whole stream
//! into operations first (~565 bytes of memory per operator: a 20 KB stream of `q Q` compressed took 5.65 GB),
//! so the interpreter's operator limit came too late. Here memory is bounded by one operation: its operands are
//! capped in number, in nesting and in total elements, and an operation past a cap is an error of the stream.
//!
//! It reads what content streams hold: numbers, names (with `#xx` escapes), literal and hex strings, arrays,
//! dictionaries (marked-content properties), `true`/`false`/`null`, comments, and inline images (`BI … ID
//! data EI`), whose binary data is skipped.

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// Most operands before one operator (real operators take at most a handful; `TJ` takes one array).
pub const MAX_OPERANDS: usize = 1_024;
/// Most values inside the operands of one operator, arrays and dictionaries included.
pub const MAX_OPERAND_VALUES: usize = 100_000;
/// Deepest nesting of arrays and dictionaries in an operand.
const MAX_NESTING: usize = 32;

/// Reads `data` one operation at a time.
pub struct Operations<'a> {
    data: &'a [u8],
    pos: usize,
    /// Values read for the operation in progress.
    values: usize,
}

impl<'a> Operations<'a> {
    /// A reader of the content stream `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Operations { data, pos: 0, values: 0 }
    }

    fn error(&self, what: &str) -> lopdf::Error {
        lopdf::Error::Syntax(format!("content stream at byte {}: {what}", self.pos))
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.data.get(self.pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next value, or the operator that ends the operation (`Err` of the keyword's bytes).
    fn value(&mut self, depth: usize) -> Result<Option<Result<Object, &'a [u8]>>, lopdf::Error> {
        self.skip_space();
        // A stray delimiter is skipped, as readers do.
        while self.data.get(self.pos).is_some_and(|&b| matches!(b, b']' | b'>' | b')' | b'{' | b'}')) {
            self.pos += 1;
            self.skip_space();
        }
        let Some(&b) = self.data.get(self.pos) else { return Ok(None) };
        self.values += 1;
        if self.values > MAX_OPERAND_VALUES {
            return Err(self.error(&format!("more than {MAX_OPERAND_VALUES} values in one operation")));
        }
        if depth > MAX_NESTING {
            return Err(self.error(&format!("arrays or dictionaries nested more than {MAX_NESTING} deep")));
        }
        let value = match b {
            b'/' => {
                self.pos += 1;
                Object::Name(self.name())
            }
            b'(' => {
                self.pos += 1;
                Object::String(self.literal(), StringFormat::Literal)
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Object::Dictionary(self.dictionary(depth)?)
            }
            b'<' => {
                self.pos += 1;
                Object::String(self.hex(), StringFormat::Hexadecimal)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.data.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => {}
                    }
                    match self.value(depth + 1)? {
                        Some(Ok(item)) => items.push(item),
                        // An operator inside an array: the array is damaged; keep what was read.
                        Some(Err(_)) | None => break,
                    }
                }
                Object::Array(items)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let word = self.word();
                match number(word) {
                    Some(n) => n,
                    None => return Ok(Some(Err(word))),
                }
            }
            _ => {
                let word = self.word();
                match word {
                    b"true" => Object::Boolean(true),
                    b"false" => Object::Boolean(false),
                    b"null" => Object::Null,
                    _ => return Ok(Some(Err(word))),
                }
            }
        };
        Ok(Some(Ok(value)))
    }

    /// A run of regular characters (a keyword or a number).
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| !is_space(b) && !is_delimiter(b)) {
            self.pos += 1;
        }
        if self.pos == start {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn name(&mut self) -> Vec<u8> {
        let raw = self.word_after_slash();
        let mut name = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#'
                && let Some(byte) = raw.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok())
                && let Ok(byte) = u8::from_str_radix(byte, 16)
            {
                name.push(byte);
                i += 3;
                continue;
            }
            name.push(raw[i]);
            i += 1;
        }
        name
    }

    fn word_after_slash(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| !is_space(b) && !is_delimiter(b)) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut code = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        code = code * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(code as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(digit) = (b as char).to_digit(16) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | digit as u8),
                None => high = Some(digit as u8),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn dictionary(&mut self, depth: usize) -> Result<Dictionary, lopdf::Error> {
        let mut dict = Dictionary::new();
        loop {
            self.skip_space();
            match self.data.get(self.pos) {
                None => break,
                Some(b'>') => {
                    self.pos += usize::from(self.data.get(self.pos + 1) == Some(&b'>')) + 1;
                    break;
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name();
                    match self.value(depth + 1)? {
                        Some(Ok(value)) => dict.set(key, value),
                        Some(Err(_)) | None => break,
                    }
                }
                Some(_) => {
                    // Not a key: skip one value (or word) to make progress.
                    if !matches!(self.value(depth + 1)?, Some(Ok(_))) {
                        break;
                    }
                }
            }
        }
        Ok(dict)
    }

    /// Skips an inline image's binary data: from after `ID` and one white-space byte to `EI` standing alone.
    fn skip_inline_image(&mut self) {
        self.pos += 1;
        let data = self.data;
        let mut from = self.pos.min(data.len());
        while let Some(found) = memchr::memmem::find(&data[from..], b"EI") {
            let at = from + found;
            let before = at == 0 || is_space(data[at - 1]);
            let after = data.get(at + 2).is_none_or(|&b| is_space(b) || is_delimiter(b));
            if before && after {
                self.pos = at + 2;
                return;
            }
            from = at + 2;
        }
        self.pos = data.len();
    }
}

impl Iterator for Operations<'_> {
    type Item = Result<Operation, lopdf::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut operands = Vec::new();
        self.values = 0;
        loop {
            match self.value(0) {
                Err(e) => {
                    // Past the error the stream cannot be trusted: stop after reporting it.
                    self.pos = self.data.len();
                    return Some(Err(e));
                }
                Ok(None) => return None,
                Ok(Some(Ok(value))) => {
                    if operands.len() == MAX_OPERANDS {
                        self.pos = self.data.len();
                        return Some(Err(self.error(&format!("more than {MAX_OPERANDS} operands before an operator"))));
                    }
                    operands.push(value);
                }
                Ok(Some(Err(keyword))) => {
                    let operator = String::from_utf8_lossy(keyword).into_owned();
                    if operator == "BI" {
                        // The image dictionary's pairs, then `ID`, then binary data up to `EI`.
                        loop {
                            match self.value(1) {
                                Ok(Some(Err(b"ID"))) => {
                                    self.skip_inline_image();
                                    break;
                                }
                                Ok(Some(_)) => {}
                                Ok(None) | Err(_) => break,
                            }
                            if self.values > MAX_OPERAND_VALUES {
                                break;
                            }
                        }
                        return Some(Ok(Operation { operator, operands: Vec::new() }));
                    }
                    return Some(Ok(Operation { operator, operands }));
                }
            }
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn number(word: &[u8]) -> Option<Object> {
    let text = std::str::from_utf8(word).ok()?;
    if !word.contains(&b'.')
        && let Ok(i) = text.parse::<i64>()
    {
        return Some(Object::Integer(i));
    }
    // Producers write `1.` and `-.5`; a number with two signs or dots is not one.
    let r: f32 =
        text.parse().ok().or_else(|| if text == "-" || text == "+" || text == "." { Some(0.0) } else { None })?;
    Some(Object::Real(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Object>)> {
        Operations::new(data).map(|op| op.expect("valid")).map(|op| (op.operator, op.operands)).collect()
    }

    #[test]
    fn reads_operators_with_their_operands() {
        let read = ops(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (Cloud \\(design\\)\\101) Tj [(A) -250 <4142>] TJ ET");
        let names: Vec<_> = read.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "TJ", "ET"]);
        assert_eq!(read[1].1, vec![Object::Name(b"F1".to_vec()), Object::Integer(12)]);
        assert_eq!(read[2].1[4], Object::Real(72.5));
        assert_eq!(read[2].1[5], Object::Real(-0.5));
        assert_eq!(read[3].1[0], Object::String(b"Cloud (design)A".to_vec(), StringFormat::Literal));
        let Object::Array(items) = &read[4].1[0] else { panic!("array") };
        assert_eq!(items[2], Object::String(b"AB".to_vec(), StringFormat::Hexadecimal));
    }

    #[test]
    fn inline_images_and_marked_content_are_read_past() {
        let read =
            ops(b"/Span <</ActualText (x) /MCID 3>> BDC BI /W 2 /H 2 ID \x00EI\xffEI EI (after) Tj EMC % note\nQ");
        let names: Vec<_> = read.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BDC", "BI", "Tj", "EMC", "Q"]);
    }

    #[test]
    fn operand_floods_are_errors_not_memory() {
        let flood = "0 ".repeat(MAX_OPERANDS + 1);
        assert!(Operations::new(flood.as_bytes()).next().expect("one").is_err());
        let array = format!("[{}] TJ", "0 ".repeat(MAX_OPERAND_VALUES + 1));
        assert!(Operations::new(array.as_bytes()).next().expect("one").is_err());
        let nested = "[".repeat(1000);
        assert!(Operations::new(nested.as_bytes()).next().expect("one").is_err());
    }

    #[test]
    fn a_stream_of_q_is_read_one_operator_at_a_time() {
        let data = "q Q ".repeat(1000);
        assert_eq!(Operations::new(data.as_bytes()).count(), 2000);
    }
}
