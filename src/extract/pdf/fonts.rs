//! A PDF font as the text layer needs it: how to split a string into character codes, what text each code
//! stands for, and how wide each glyph is.
//!
//! Text comes from `/ToUnicode` first, then from `/Encoding` (`/Differences` glyph names, then the base
//! encoding), as the PDF specification orders them. Widths come from `/Widths` + `/FirstChar` (simple fonts),
//! `/W` + `/DW` (CID fonts), `/MissingWidth`, or approximate standard-14 metrics. A code nothing maps is
//! reported as unmapped, so the caller can tell garbage from text.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::glyphs::{BaseEncoding, glyph_text, standard_width};
use crate::extract::budget::Budget;

/// Most bytes one font stream (CMap, ToUnicode, font program) may decompress to.
const MAX_FONT_STREAM: usize = 16 << 20;
/// Most bytes of a CMap read: its tokens are held at once (~64 bytes each), and real CMaps, even full CJK
/// ones, stay under a megabyte.
const MAX_CMAP: usize = 2 << 20;
/// Width of a glyph nothing describes, in thousandths of an em.
const DEFAULT_WIDTH: f32 = 500.0;

/// One character code of a shown string.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// The text it stands for; `None` when nothing maps it.
    pub text: Option<String>,
    /// Advance width in thousandths of the font size (text space).
    pub width: f32,
    /// The single-byte code 32, to which word spacing (`Tw`) applies.
    pub is_space: bool,
}

/// A font, ready to decode strings.
#[derive(Debug)]
pub struct Font {
    two_byte: bool,
    to_unicode: Option<CMap>,
    encoding_cmap: Option<CMap>,
    simple: Vec<Option<String>>,
    first_char: u32,
    widths: Vec<f32>,
    cid_widths: HashMap<u32, f32>,
    /// CID → text from the embedded font program's own `cmap`, for CID fonts without `/ToUnicode`.
    cid_text: HashMap<u32, String>,
    default_width: f32,
    base_font: String,
    width_scale: f32,
}

impl Font {
    /// Reads the font dictionary `dict` of `doc`, its streams charged to `budget`.
    pub fn new(doc: &Document, dict: &Dictionary, budget: &Budget) -> Font {
        let subtype = name(doc, dict, b"Subtype").unwrap_or_default();
        let two_byte = subtype == b"Type0";
        let base_font =
            name(doc, dict, b"BaseFont").map(|n| String::from_utf8_lossy(&n).into_owned()).unwrap_or_default();
        let to_unicode = cmap(doc, dict.get(b"ToUnicode").ok(), budget).filter(|c| !c.is_empty());
        let mut font = Font {
            two_byte,
            to_unicode,
            encoding_cmap: None,
            simple: Vec::new(),
            first_char: 0,
            widths: Vec::new(),
            cid_widths: HashMap::new(),
            cid_text: HashMap::new(),
            default_width: DEFAULT_WIDTH,
            base_font,
            width_scale: 1.0,
        };
        if two_byte {
            font.read_type0(doc, dict, budget);
        } else {
            font.read_simple(doc, dict, &subtype);
        }
        font
    }

    fn read_simple(&mut self, doc: &Document, dict: &Dictionary, subtype: &[u8]) {
        let default_base = if subtype == b"TrueType" { BaseEncoding::WinAnsi } else { BaseEncoding::Standard };
        let encoding = dict.get(b"Encoding").ok().and_then(|o| deref(doc, o));
        let (base, differences) = match encoding {
            Some(Object::Name(n)) => (BaseEncoding::named(&n).unwrap_or(default_base), None),
            Some(Object::Dictionary(d)) => {
                let base = name(doc, &d, b"BaseEncoding").and_then(|n| BaseEncoding::named(&n)).unwrap_or(default_base);
                (base, d.get(b"Differences").ok().and_then(|o| deref(doc, o)))
            }
            _ => (default_base, None),
        };
        self.simple = (0..=255u8).map(|code| base.text(code)).collect();
        if let Some(Object::Array(items)) = differences {
            let mut code = 0usize;
            for item in &items {
                match item {
                    Object::Integer(n) => code = usize::try_from(*n).unwrap_or(256),
                    Object::Name(glyph) => {
                        if let Some(slot) = self.simple.get_mut(code) {
                            *slot = glyph_text(&String::from_utf8_lossy(glyph));
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        self.first_char = dict.get(b"FirstChar").ok().and_then(|o| number(doc, o)).map_or(0, |f| f as u32);
        if let Some(Object::Array(ws)) = dict.get(b"Widths").ok().and_then(|o| deref(doc, o)) {
            self.widths = ws.iter().map(|w| number(doc, w).unwrap_or(0.0)).collect();
        }
        if let Some(missing) =
            descriptor(doc, dict).and_then(|d| d.get(b"MissingWidth").ok().and_then(|o| number(doc, o)))
        {
            self.default_width = missing;
        }
        if subtype == b"Type3" {
            let matrix = dict.get(b"FontMatrix").ok().and_then(|o| deref(doc, o));
            if let Some(Object::Array(m)) = matrix {
                self.width_scale = m.first().and_then(|o| number(doc, o)).map_or(1.0, |a| a * 1000.0);
            }
        }
    }

    fn read_type0(&mut self, doc: &Document, dict: &Dictionary, budget: &Budget) {
        if matches!(dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)), Some(Object::Stream(_))) {
            self.encoding_cmap = cmap(doc, dict.get(b"Encoding").ok(), budget);
        }
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|d| d.as_array().ok().and_then(|a| a.first().cloned()))
            .and_then(|d| deref(doc, &d))
            .and_then(|d| d.as_dict().ok().cloned());
        let Some(cid) = descendant else { return };
        self.default_width = cid.get(b"DW").ok().and_then(|o| number(doc, o)).unwrap_or(1000.0);
        if let Some(Object::Array(w)) = cid.get(b"W").ok().and_then(|o| deref(doc, o)) {
            self.cid_widths = cid_widths(doc, &w);
        }
        if self.to_unicode.is_none() {
            self.cid_text = embedded_cid_text(doc, &cid, budget).unwrap_or_default();
        }
    }

    /// The glyphs of the string `bytes`.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Glyph> {
        let codes = match (&self.encoding_cmap, &self.to_unicode) {
            (Some(cmap), _) if cmap.has_codespace() => cmap.split_codes(bytes, 2),
            (_, Some(cmap)) if self.two_byte && cmap.has_codespace() => cmap.split_codes(bytes, 2),
            _ => CMap::default().split_codes(bytes, if self.two_byte { 2 } else { 1 }),
        };
        codes.into_iter().map(|(code, len)| self.glyph(code, len)).collect()
    }

    fn glyph(&self, code: u32, len: u8) -> Glyph {
        let mapped = self.to_unicode.as_ref().and_then(|c| c.text(code, len)).map(str::to_string);
        let text = mapped.or_else(|| {
            if self.two_byte {
                self.cid_text.get(&code).cloned()
            } else {
                self.simple.get(code as usize).cloned().flatten()
            }
        });
        let width = if self.two_byte {
            self.cid_widths.get(&code).copied().unwrap_or(self.default_width)
        } else {
            let listed = code
                .checked_sub(self.first_char)
                .and_then(|i| self.widths.get(i as usize))
                .copied()
                .filter(|w| *w > 0.0);
            let first_char = text.as_deref().and_then(|t| t.chars().next());
            listed.or_else(|| standard_width(&self.base_font, first_char)).unwrap_or(self.default_width)
                * self.width_scale
        };
        Glyph { text, width, is_space: len == 1 && code == 32 }
    }
}

/// CID → text for a CID font without `/ToUnicode`, read backwards from the Unicode `cmap` of its embedded
/// TrueType/OpenType program (CID → glyph by `/CIDToGIDMap`, glyph → code point by the font's own table), as
/// poppler does.
fn embedded_cid_text(doc: &Document, cid_font: &Dictionary, budget: &Budget) -> Option<HashMap<u32, String>> {
    let descriptor = descriptor(doc, cid_font)?;
    let program = [b"FontFile2".as_slice(), b"FontFile3"]
        .iter()
        .find_map(|key| stream_data(doc, descriptor.get(key).ok(), budget))?;
    let face = ttf_parser::RawFace::parse(&program, 0).ok()?;
    let cmap = ttf_parser::cmap::Table::parse(face.table(ttf_parser::Tag::from_bytes(b"cmap"))?)?;
    let mut glyph_text: HashMap<u16, char> = HashMap::new();
    for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        subtable.codepoints(|cp| {
            if let (Some(gid), Some(c)) = (subtable.glyph_index(cp), char::from_u32(cp)) {
                glyph_text.entry(gid.0).or_insert(c);
            }
        });
    }
    let cid_to_gid = stream_data(doc, cid_font.get(b"CIDToGIDMap").ok(), budget);
    let text = match cid_to_gid {
        Some(map) => map
            .chunks_exact(2)
            .enumerate()
            .filter_map(|(cid, gid)| {
                glyph_text.get(&u16::from_be_bytes([gid[0], gid[1]])).map(|c| (cid as u32, c.to_string()))
            })
            .collect(),
        None => glyph_text.into_iter().map(|(gid, c)| (u32::from(gid), c.to_string())).collect(),
    };
    Some(text)
}

/// The CID `/W` array: `c [w1 w2 …]` or `c_first c_last w`.
fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(doc, &w[i]) else { break };
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    if let Some(width) = number(doc, width) {
                        out.insert(first as u32 + k as u32, width);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) = (number(doc, &last), w.get(i + 2).and_then(|o| number(doc, o))) else {
                    break;
                };
                // A hostile range must not allocate without bound.
                for code in (first as u32..=last as u32).take(65_536) {
                    out.insert(code, width);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// `object` with references followed, cloned.
pub fn deref(doc: &Document, object: &Object) -> Option<Object> {
    doc.dereference(object).ok().map(|(_, o)| o.clone())
}

fn number(doc: &Document, object: &Object) -> Option<f32> {
    match deref(doc, object)? {
        Object::Integer(i) => Some(i as f32),
        Object::Real(r) => Some(r),
        _ => None,
    }
}

fn name(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
    match deref(doc, dict.get(key).ok()?)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn descriptor(doc: &Document, dict: &Dictionary) -> Option<Dictionary> {
    match deref(doc, dict.get(b"FontDescriptor").ok()?)? {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The CMap in the stream `object` refers to. Its map is charged to `budget` too (at about its memory cost), so
/// that many fonts with large maps stop the document instead of filling the memory.
fn cmap(doc: &Document, object: Option<&Object>, budget: &Budget) -> Option<CMap> {
    let data = stream_data(doc, object, budget).filter(|d| d.len() <= MAX_CMAP)?;
    let cmap = CMap::parse(&data);
    budget.spend(cmap.len() * CMAP_ENTRY_COST).ok()?;
    Some(cmap)
}

/// Memory of one CMap entry, roughly (key, text, hash table slack).
const CMAP_ENTRY_COST: usize = 64;

/// The decoded bytes of the stream `object` refers to, charged to `budget` (`None` past it).
fn stream_data(doc: &Document, object: Option<&Object>, budget: &Budget) -> Option<Vec<u8>> {
    match doc.dereference(object?).ok()?.1 {
        Object::Stream(s) => {
            let data = s.decompressed_content_with_limit(MAX_FONT_STREAM.min(budget.left())).ok()?;
            budget.spend(data.len()).ok()?;
            Some(data)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::budget::Limits;
    use lopdf::{Stream, dictionary};

    fn texts(font: &Font, bytes: &[u8]) -> Vec<Option<String>> {
        font.decode(bytes).into_iter().map(|g| g.text).collect()
    }

    #[test]
    fn differences_override_the_base_encoding_and_widths_come_from_the_dict() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Foo",
            "Encoding" => dictionary! { "BaseEncoding" => "WinAnsiEncoding", "Differences" => vec![65.into(), Object::Name(b"fi".to_vec()), Object::Name(b"g7".to_vec())] },
            "FirstChar" => 65, "Widths" => vec![556.into(), 600.into()],
        };
        let font = Font::new(&doc, &dict, &Budget::new(Limits::default()));
        assert_eq!(texts(&font, b"AB'"), vec![Some("fi".into()), None, Some("'".into())]);
        let glyphs = font.decode(b"A ");
        assert_eq!((glyphs[0].width, glyphs[1].is_space), (556.0, true));
    }

    #[test]
    fn to_unicode_wins_over_encoding() {
        let mut doc = Document::with_version("1.5");
        let cmap = b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <0058> endbfchar".to_vec();
        let id = doc.add_object(Stream::new(dictionary! {}, cmap));
        let dict =
            dictionary! { "Type" => "Font", "Subtype" => "Type3", "Encoding" => "WinAnsiEncoding", "ToUnicode" => id };
        assert_eq!(
            texts(&Font::new(&doc, &dict, &Budget::new(Limits::default())), b"AB"),
            vec![Some("X".into()), Some("B".into())]
        );
    }

    #[test]
    fn type0_identity_fonts_take_two_bytes_per_code_and_cid_widths() {
        let mut doc = Document::with_version("1.5");
        let cmap =
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0010> <0012> <0061> endbfrange"
                .to_vec();
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap));
        let cid = dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 1000, "W" => vec![16.into(), vec![250.into(), 300.into()].into()] };
        let dict = dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()], "ToUnicode" => to_unicode };
        let font = Font::new(&doc, &dict, &Budget::new(Limits::default()));
        let glyphs = font.decode(&[0, 0x10, 0, 0x11, 0, 0x20]);
        assert_eq!(
            glyphs.iter().map(|g| g.text.clone()).collect::<Vec<_>>(),
            vec![Some("a".into()), Some("b".into()), None]
        );
        assert_eq!(glyphs.iter().map(|g| g.width).collect::<Vec<_>>(), vec![250.0, 300.0, 1000.0]);
    }

    #[test]
    fn standard_fonts_without_widths_get_approximate_metrics() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier" };
        assert_eq!(Font::new(&doc, &dict, &Budget::new(Limits::default())).decode(b"i")[0].width, 600.0);
    }
}
