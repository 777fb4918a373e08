//! PDF text, on lopdf's parser. This is a first text layer: it follows the text and graphics matrices and glyph
//! widths so that spaces and line breaks come from where glyphs are drawn rather than from how the producer
//! split its strings, but it keeps the content-stream order (no column detection) and does not follow Form
//! XObjects. Everything goes through [`extract`], so a fuller layer can replace it without touching callers.
//!
//! One bad page never loses the others: its error becomes a warning and the rest is read.

use std::collections::BTreeMap;

use lopdf::Encoding;
use lopdf::content::Content;
use lopdf::{Dictionary, Document as PdfDocument, Object};

use crate::outcome::{ErrorKind, Failure, Warning, WarningKind};

/// Most bytes one page's content streams may decompress to.
const MAX_PAGE_CONTENT: usize = 64 << 20;
/// A gap wider than this share of the font size between two glyph runs on one line is a space.
const SPACE_GAP: f32 = 0.15;
/// A baseline move larger than this share of the font size starts a new line.
const LINE_SHIFT: f32 = 0.5;
/// A `TJ` adjustment more negative than this (thousandths of an em) is a space.
const TJ_SPACE: f32 = -200.0;
/// Width assumed for a glyph whose font gives none, in thousandths of an em.
const DEFAULT_WIDTH: f32 = 500.0;

/// The text of a PDF and what went wrong on the way.
#[derive(Debug)]
pub struct PdfText {
    /// All pages' text, pages separated by a blank line.
    pub text: String,
    /// Warnings (repaired file, unreadable pages).
    pub warnings: Vec<Warning>,
}

/// Extracts the text of every page of the PDF in `bytes`.
pub fn extract(bytes: &[u8]) -> Result<PdfText, Failure> {
    let doc = PdfDocument::load_mem(bytes).map_err(load_failure)?;
    // lopdf opens a document it cannot decrypt and leaves its content as ciphertext.
    if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        return Err(Failure::new(ErrorKind::NeedsPassword, "the PDF is encrypted and needs a password to open"));
    }
    let mut warnings = Vec::new();
    if doc.xref_recovery.is_some() {
        warnings
            .push(Warning::new(WarningKind::Repaired, "the cross-reference table was damaged and has been rebuilt"));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Failure::new(ErrorKind::PdfMalformed, "the PDF has no pages"));
    }
    let mut text = String::new();
    let mut bad_pages = Vec::new();
    for (number, id) in pages {
        match page_text(&doc, id) {
            Ok(page) => {
                if !text.is_empty() && !page.trim().is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(page.trim_end());
            }
            Err(e) => bad_pages.push(format!("page {number}: {e}")),
        }
    }
    if !bad_pages.is_empty() {
        let shown = bad_pages.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
        warnings.push(Warning::new(
            WarningKind::TruncatedByLimit,
            format!("{} page(s) could not be read ({shown})", bad_pages.len()),
        ));
    }
    Ok(PdfText { text, warnings })
}

fn load_failure(e: lopdf::Error) -> Failure {
    match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) | lopdf::Error::UnsupportedSecurityHandler(_) => {
            Failure::new(ErrorKind::NeedsPassword, format!("the PDF is encrypted and cannot be opened: {e}"))
        }
        lopdf::Error::Decompress(_) => Failure::new(ErrorKind::LimitExceeded, format!("cannot open the PDF: {e}")),
        other => Failure::new(
            ErrorKind::PdfMalformed,
            format!("cannot open the PDF: {other} (is the file truncated or damaged?)"),
        ),
    }
}

/// A 2-D affine matrix `[a b c d e f]` as in the PDF specification.
#[derive(Clone, Copy, Debug)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// `self × other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// Length of the transformed unit vertical vector: how much a font size is scaled.
    fn vertical_scale(self) -> f32 {
        self.0[2].hypot(self.0[3])
    }
}

/// How to turn a font's codes into widths.
struct FontMetrics {
    two_byte: bool,
    first_char: u32,
    widths: Vec<f32>,
    cid_widths: BTreeMap<u32, f32>,
    default_width: f32,
}

impl FontMetrics {
    fn of(doc: &PdfDocument, font: &Dictionary) -> FontMetrics {
        let number = |o: &Object| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32));
        let deref = |o: &'_ Object| -> Option<Object> {
            match o {
                Object::Reference(id) => doc.get_object(*id).ok().cloned(),
                other => Some(other.clone()),
            }
        };
        let two_byte = font.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Type0");
        let mut metrics = FontMetrics {
            two_byte,
            first_char: 0,
            widths: Vec::new(),
            cid_widths: BTreeMap::new(),
            default_width: DEFAULT_WIDTH,
        };
        if !two_byte {
            metrics.first_char = font.get(b"FirstChar").ok().and_then(number).map_or(0, |f| f as u32);
            if let Some(Object::Array(ws)) = font.get(b"Widths").ok().and_then(deref) {
                metrics.widths =
                    ws.iter().map(|w| deref(w).as_ref().and_then(number).unwrap_or(DEFAULT_WIDTH)).collect();
            }
            return metrics;
        }
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(deref)
            .and_then(|d| d.as_array().ok().and_then(|a| a.first().cloned()))
            .and_then(|d| deref(&d))
            .and_then(|d| d.as_dict().ok().cloned());
        if let Some(cid) = descendant {
            metrics.default_width = cid.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
            if let Some(Object::Array(w)) = cid.get(b"W").ok().and_then(deref) {
                metrics.cid_widths = parse_cid_widths(&w, &|o| deref(o).as_ref().and_then(number), &deref);
            }
        }
        metrics
    }

    /// Widths (thousandths of an em) of each code in `bytes`, and whether the code is a single-byte space.
    fn glyphs(&self, bytes: &[u8]) -> Vec<(f32, bool)> {
        if self.two_byte {
            bytes
                .chunks(2)
                .map(|c| {
                    let code = c.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
                    (self.cid_widths.get(&code).copied().unwrap_or(self.default_width), false)
                })
                .collect()
        } else {
            bytes
                .iter()
                .map(|&b| {
                    let idx = u32::from(b).checked_sub(self.first_char);
                    let width = idx.and_then(|i| self.widths.get(i as usize)).copied().filter(|w| *w > 0.0);
                    (width.unwrap_or(DEFAULT_WIDTH), b == b' ')
                })
                .collect()
        }
    }
}

/// The CID `/W` array: `c [w1 w2 …]` or `c_first c_last w`.
fn parse_cid_widths(
    w: &[Object],
    number: &dyn Fn(&Object) -> Option<f32>,
    deref: &dyn Fn(&Object) -> Option<Object>,
) -> BTreeMap<u32, f32> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(&w[i]) else { break };
        match w.get(i + 1).and_then(deref) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    if let Some(width) = number(width) {
                        out.insert(first as u32 + k as u32, width);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) = (number(&last), w.get(i + 2).and_then(number)) else { break };
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

/// Text state while interpreting one page.
struct TextState<'a> {
    out: String,
    ctm: Matrix,
    stack: Vec<Matrix>,
    tm: Matrix,
    tlm: Matrix,
    font: Option<&'a (Encoding<'a>, FontMetrics)>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
    /// Device position where the last glyph run ended, and its baseline.
    pen: Option<(f32, f32)>,
}

fn page_text(doc: &PdfDocument, page: lopdf::ObjectId) -> Result<String, lopdf::Error> {
    let fonts: BTreeMap<Vec<u8>, (Encoding<'_>, FontMetrics)> = doc
        .get_page_fonts(page)?
        .into_iter()
        .filter_map(|(name, font)| Some((name, (font.get_font_encoding(doc).ok()?, FontMetrics::of(doc, font)))))
        .collect();
    let content = Content::decode(&doc.get_page_content_with_limit(page, MAX_PAGE_CONTENT)?)?;
    let mut st = TextState {
        out: String::new(),
        ctm: Matrix::IDENTITY,
        stack: Vec::new(),
        tm: Matrix::IDENTITY,
        tlm: Matrix::IDENTITY,
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        horizontal_scale: 1.0,
        leading: 0.0,
        rise: 0.0,
        pen: None,
    };
    for op in &content.operations {
        let num = |i: usize| {
            op.operands
                .get(i)
                .and_then(|o| o.as_float().ok().or_else(|| o.as_i64().ok().map(|v| v as f32)))
                .unwrap_or(0.0)
        };
        match op.operator.as_str() {
            "q" => st.stack.push(st.ctm),
            "Q" => st.ctm = st.stack.pop().unwrap_or(Matrix::IDENTITY),
            "cm" => st.ctm = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]).then(st.ctm),
            "BT" => {
                st.tm = Matrix::IDENTITY;
                st.tlm = Matrix::IDENTITY;
            }
            "Tf" => {
                st.font = op.operands.first().and_then(|o| o.as_name().ok()).and_then(|n| fonts.get(n));
                st.size = num(1);
            }
            "Tc" => st.char_spacing = num(0),
            "Tw" => st.word_spacing = num(0),
            "Tz" => st.horizontal_scale = num(0) / 100.0,
            "TL" => st.leading = num(0),
            "Ts" => st.rise = num(0),
            "Td" => st.next_line(num(0), num(1)),
            "TD" => {
                st.leading = -num(1);
                st.next_line(num(0), num(1));
            }
            "Tm" => {
                st.tm = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]);
                st.tlm = st.tm;
            }
            "T*" => st.next_line(0.0, -st.leading),
            "Tj" => st.show(op.operands.first()),
            "'" => {
                st.next_line(0.0, -st.leading);
                st.show(op.operands.first());
            }
            "\"" => {
                st.word_spacing = num(0);
                st.char_spacing = num(1);
                st.next_line(0.0, -st.leading);
                st.show(op.operands.get(2));
            }
            "TJ" => {
                if let Some(Object::Array(items)) = op.operands.first() {
                    for item in items {
                        match item {
                            Object::String(..) => st.show(Some(item)),
                            other => st.adjust(
                                other.as_float().ok().or_else(|| other.as_i64().ok().map(|v| v as f32)).unwrap_or(0.0),
                            ),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(st.out)
}

impl TextState<'_> {
    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = Matrix::translate(tx, ty).then(self.tlm);
        self.tm = self.tlm;
    }

    fn device(&self) -> Matrix {
        Matrix([self.size * self.horizontal_scale, 0.0, 0.0, self.size, 0.0, self.rise]).then(self.tm).then(self.ctm)
    }

    /// Shows one string operand: decodes it, places it after the pen with a space or line break as the
    /// positions say, and advances the text matrix by the glyph widths.
    fn show(&mut self, operand: Option<&Object>) {
        let (Some(Object::String(bytes, _)), Some((encoding, metrics))) = (operand, self.font) else { return };
        let Ok(decoded) = PdfDocument::decode_text(encoding, bytes.as_slice()) else { return };
        let start = self.device();
        let (x, y, em) = (start.0[4], start.0[5], start.vertical_scale().max(0.1));
        if let Some((pen_x, pen_y)) = self.pen {
            if (y - pen_y).abs() > LINE_SHIFT * em {
                self.newline();
            } else if x - pen_x > SPACE_GAP * em || pen_x - x > em {
                self.space();
            }
        }
        self.out.push_str(&decoded.replace(['\r', '\n'], " "));
        let advance: f32 = metrics
            .glyphs(bytes)
            .iter()
            .map(|&(w, is_space)| {
                (w / 1000.0 * self.size + self.char_spacing + if is_space { self.word_spacing } else { 0.0 })
                    * self.horizontal_scale
            })
            .sum();
        self.tm = Matrix::translate(advance, 0.0).then(self.tm);
        let end = self.device();
        self.pen = Some((end.0[4], y));
    }

    /// A number in a `TJ` array: moves left (positive) or right (negative) by thousandths of an em.
    fn adjust(&mut self, amount: f32) {
        if amount < TJ_SPACE {
            self.space();
        }
        self.tm = Matrix::translate(-amount / 1000.0 * self.size * self.horizontal_scale, 0.0).then(self.tm);
        if let Some((_, y)) = self.pen {
            self.pen = Some((self.device().0[4], y));
        }
    }

    fn space(&mut self) {
        if !self.out.ends_with([' ', '\n']) && !self.out.is_empty() {
            self.out.push(' ');
        }
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }
}
