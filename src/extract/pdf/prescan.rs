//! A count of a PDF's values before lopdf loads it. lopdf parses every object, object streams included, when it
//! opens a file, at ~120 bytes of memory per value: an object stream holding a 30-million-element array (a 59 KB
//! file) took 3.6 GB before any of our code ran. lopdf has no limit for this, so the values are counted first,
//! cheaply (one pass over the file and over each object stream, inflated in chunks), and a file holding more
//! than [`MAX_VALUES`] fails with `limit_exceeded` before it is loaded.
//!
//! The count is an upper estimate: every token outside stream data (numbers, names, strings, brackets) counts,
//! and so does every token of an object stream. Content streams are not counted here: they are read one
//! operation at a time later (see [`super::tokens`]).

use std::io::Read;

use crate::extract::budget::Budget;
use crate::outcome::{ErrorKind, Failure};

/// Most values (objects, numbers, names, strings, array and dictionary brackets) a PDF may hold outside its
/// content streams. A 2,000-page report holds a few hundred thousand; at lopdf's cost per value this bounds
/// loading to ~150 MB.
pub const MAX_VALUES: u64 = 1_200_000;
/// How far before a `stream` keyword its dictionary is looked for.
const DICT_WINDOW: usize = 1024;

/// Counts tokens across chunks: a token starts at a delimiter or at a regular byte after white space.
#[derive(Default)]
struct Counter {
    tokens: u64,
    in_word: bool,
}

impl Counter {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0' => self.in_word = false,
                b'[' | b']' | b'<' | b'>' | b'(' | b')' | b'/' | b'{' | b'}' | b'%' => {
                    self.tokens += 1;
                    self.in_word = b == b'/';
                }
                _ => {
                    if !self.in_word {
                        self.tokens += 1;
                        self.in_word = true;
                    }
                }
            }
        }
    }
}

/// Fails a PDF that holds more values than lopdf can load within bounded memory.
pub fn check(bytes: &[u8], budget: &Budget) -> Result<(), Failure> {
    let mut counter = Counter::default();
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&bytes[at..], b"stream") {
        let keyword = at + found;
        counter.feed(&bytes[at..keyword]);
        at = keyword + b"stream".len();
        if keyword >= 3 && &bytes[keyword - 3..keyword] == b"end" {
            continue;
        }
        let data_start = match bytes.get(at..at + 2) {
            Some(b"\r\n") => at + 2,
            Some([b'\n' | b'\r', _]) => at + 1,
            _ => at,
        };
        let data_end = memchr::memmem::find(&bytes[data_start..], b"endstream").map_or(bytes.len(), |p| data_start + p);
        let dict = &bytes[keyword.saturating_sub(DICT_WINDOW)..keyword];
        // Only the dictionary of this stream: what follows the last `obj` keyword before it.
        let dict = memchr::memmem::rfind(dict, b"obj").map_or(dict, |p| &dict[p..]);
        if memchr::memmem::find(dict, b"/ObjStm").is_some() {
            count_object_stream(&bytes[data_start..data_end], dict, budget, &mut counter);
        }
        at = data_end;
        if counter.tokens > MAX_VALUES {
            break;
        }
    }
    counter.feed(&bytes[at..]);
    if counter.tokens > MAX_VALUES {
        return Err(Failure::new(
            ErrorKind::LimitExceeded,
            format!(
                "the PDF holds more than {MAX_VALUES} values (numbers, names, arrays…) outside its pages' content; \
                 loading it would take too much memory"
            ),
        ));
    }
    Ok(())
}

/// Counts the tokens of an object stream: inflated in chunks when it is Flate-compressed (up to the document's
/// decompression budget, which lopdf applies too), counted byte for byte when it is not compressed, and
/// estimated at four tokens per byte under any other filter.
fn count_object_stream(data: &[u8], dict: &[u8], budget: &Budget, counter: &mut Counter) {
    let filtered = memchr::memmem::find(dict, b"/Filter").is_some();
    // `/FlateDecode`, or its abbreviation `/Fl`.
    let flate = memchr::memmem::find(dict, b"/Fl").is_some();
    if !filtered {
        counter.feed(data);
        return;
    }
    let chained = memchr::memmem::find_iter(dict, b"Decode").count() > 1;
    if !flate || chained {
        counter.tokens += data.len() as u64 * 4;
        return;
    }
    let mut inflater = flate2::read::ZlibDecoder::new(data).take(budget.left() as u64);
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        match inflater.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => counter.feed(&chunk[..n]),
        }
        if counter.tokens > MAX_VALUES {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::extract::budget::Limits;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(data).expect("deflate");
        z.finish().expect("deflate")
    }

    #[test]
    fn a_huge_array_in_an_object_stream_is_refused_before_loading() {
        let body = format!("[{}]", "0 ".repeat(MAX_VALUES as usize + 10));
        let stream = deflate(body.as_bytes());
        let mut pdf = b"%PDF-1.7\n5 0 obj\n<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length 9>>\nstream\n".to_vec();
        pdf.extend_from_slice(&stream);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        let budget = Budget::new(Limits::default());
        assert_eq!(check(&pdf, &budget).expect_err("refused").kind, ErrorKind::LimitExceeded);
    }

    #[test]
    fn an_ordinary_pdf_passes() {
        let pdf = b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Length 5>>\nstream\n\x00\x01[[[\nendstream\nendobj\ntrailer <</Root 1 0 R>>";
        assert!(check(pdf, &Budget::new(Limits::default())).is_ok());
    }
}
