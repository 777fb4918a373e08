//! The content-stream interpreter: follows the graphics and text state (`q/Q`, `cm`, `BT/ET`, `Tf`, `Td`, `TD`,
//! `Tm`, `T*`, `TL`, `Tc`, `Tw`, `Tz`, `Ts`, `Tj`, `TJ`, `'`, `"`) and Form XObjects (`Do`, with their
//! `/Matrix` and resources, to a bounded depth), and turns every shown string into a positioned [`Run`].
//! It places text; it never decides reading order (that is [`super::layout`]'s job).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::{Font, deref};
use super::tokens::Operations;
use crate::extract::budget::Budget;
use crate::outcome::Failure;

/// Deepest nesting of Form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// Most content operators interpreted per page, forms included.
pub const MAX_OPERATORS: usize = 2_000_000;
/// Deepest `q` nesting kept; deeper saves are counted, not stored, so that their `Q`s still pair up.
const MAX_SAVED_STATES: usize = 1_024;
/// Most runs (shown strings) kept per page; a real page has a few thousand.
pub const MAX_RUNS: usize = 200_000;
/// Operators between two looks at the clock.
const OPERATORS_PER_TIME_CHECK: usize = 4096;
/// A `TJ` adjustment more negative than this (thousandths of an em) stands for a space.
const TJ_SPACE: f32 = -250.0;

/// A string shown on the page, in device space (PDF units, y upwards).
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Where the first glyph starts.
    pub x0: f32,
    /// Where the last glyph ends.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Font size on the page.
    pub size: f32,
    /// The text; unmapped glyphs are U+FFFD.
    pub text: String,
}

/// What interpreting one page produced.
#[derive(Debug, Default)]
pub struct PageContent {
    /// Every shown string.
    pub runs: Vec<Run>,
    /// Glyphs whose font maps them to no text.
    pub unmapped: usize,
    /// Glyphs in all.
    pub glyphs: usize,
    /// The operator or run limit was reached.
    pub truncated: bool,
    /// What could not be read on the page (damaged content streams, Form XObjects nested too deep), in words.
    pub unreadable: Vec<String>,
}

/// A 2-D affine matrix `[a b c d e f]`.
#[derive(Clone, Copy, Debug)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// `self × other`: apply `self` first.
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

    fn of(operands: &[Object]) -> Option<Matrix> {
        let v: Vec<f32> = operands.iter().filter_map(num).collect();
        let m: [f32; 6] = v.try_into().ok()?;
        m.iter().all(|x| x.is_finite()).then_some(Matrix(m))
    }
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The parts of the graphics state that affect text; saved and restored by `q`/`Q`.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

/// Why a page was not read.
#[derive(Debug)]
pub enum PageError {
    /// The page is damaged: its text is lost, the other pages are read.
    Pdf(lopdf::Error),
    /// The document's budget ran out (bytes or time): the whole document fails.
    Stop(Failure),
}

impl From<lopdf::Error> for PageError {
    fn from(e: lopdf::Error) -> Self {
        PageError::Pdf(e)
    }
}

impl From<Failure> for PageError {
    fn from(f: Failure) -> Self {
        PageError::Stop(f)
    }
}

/// Interprets pages, caching fonts across them.
pub struct Interpreter<'a> {
    doc: &'a Document,
    budget: &'a Budget,
    fonts: HashMap<ObjectId, Rc<Font>>,
}

impl<'a> Interpreter<'a> {
    /// An interpreter for the pages of `doc`, within `budget`.
    pub fn new(doc: &'a Document, budget: &'a Budget) -> Self {
        Interpreter { doc, budget, fonts: HashMap::new() }
    }

    /// Decoded content, charged to the budget; a stream past the budget stops the document.
    fn charge(&self, decoded: Result<Vec<u8>, lopdf::Error>) -> Result<Vec<u8>, PageError> {
        match decoded {
            Ok(data) => {
                self.budget.spend(data.len())?;
                Ok(data)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                Err(PageError::Stop(self.budget.exhausted()))
            }
            Err(e) => Err(PageError::Pdf(e)),
        }
    }

    /// The runs of page `page`.
    pub fn page(&mut self, page: ObjectId) -> Result<PageContent, PageError> {
        let resources = page_resources(self.doc, page);
        let mut out = PageContent::default();
        let data = self.page_content(page, &mut out)?;
        let mut ops = 0usize;
        let state = State {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut visiting = Vec::new();
        self.run(&data, resources.as_ref(), state, 0, &mut visiting, &mut ops, &mut out)?;
        Ok(out)
    }

    /// The page's content streams, decoded and joined. lopdf's own `get_page_content` puts a stream's raw
    /// (still compressed) bytes in when it cannot decode it, which reads as a page without text ("a scan?"):
    /// here such a stream is left out and recorded as unreadable.
    fn page_content(&self, page: ObjectId, out: &mut PageContent) -> Result<Vec<u8>, PageError> {
        let mut content = Vec::new();
        for id in self.doc.get_page_contents(page) {
            let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else {
                note(out, format!("content stream {} {} R is missing or not a stream", id.0, id.1));
                continue;
            };
            match self.charge(stream.decompressed_content_with_limit(self.budget.left())) {
                // An empty stream compresses to about 8 bytes; more that decodes to nothing is damaged.
                Ok(data) if data.is_empty() && stream.content.len() > 32 => {
                    note(out, format!("content stream {} {} R decodes to nothing", id.0, id.1));
                }
                Ok(data) => {
                    content.extend_from_slice(&data);
                    content.push(b'\n');
                }
                Err(PageError::Pdf(e)) => {
                    note(out, format!("content stream {} {} R cannot be decoded ({e})", id.0, id.1))
                }
                Err(stop) => return Err(stop),
            }
        }
        Ok(content)
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = resources?.get(b"Font").ok().and_then(|o| deref(self.doc, o))?;
        let entry = fonts.as_dict().ok()?.get(name).ok()?;
        if let Object::Reference(id) = entry {
            if let Some(font) = self.fonts.get(id) {
                return Some(font.clone());
            }
            let dict = self.doc.get_dictionary(*id).ok()?;
            let font = Rc::new(Font::new(self.doc, dict, self.budget));
            self.fonts.insert(*id, font.clone());
            return Some(font);
        }
        Some(Rc::new(Font::new(self.doc, entry.as_dict().ok()?, self.budget)))
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        &mut self,
        data: &[u8],
        resources: Option<&Dictionary>,
        mut st: State,
        depth: usize,
        visiting: &mut Vec<ObjectId>,
        ops: &mut usize,
        out: &mut PageContent,
    ) -> Result<(), PageError> {
        let mut stack: Vec<State> = Vec::new();
        let mut unsaved = 0usize;
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        for op in Operations::new(data) {
            let op = match op {
                Ok(op) => op,
                Err(e) => {
                    // What was read before the damage is kept.
                    note(out, format!("damaged content stream ({e})"));
                    return Ok(());
                }
            };
            *ops += 1;
            if *ops > MAX_OPERATORS || out.runs.len() >= MAX_RUNS {
                out.truncated = true;
                return Ok(());
            }
            if ops.is_multiple_of(OPERATORS_PER_TIME_CHECK) {
                self.budget.check_time()?;
            }
            let n = |i: usize| op.operands.get(i).and_then(num).unwrap_or(0.0);
            match op.operator.as_str() {
                // A real page nests a few levels; a stream of `q` must not hold millions of states.
                "q" if stack.len() < MAX_SAVED_STATES => stack.push(st.clone()),
                "q" => unsaved += 1,
                "Q" if unsaved > 0 => unsaved -= 1,
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        st = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::of(&op.operands) {
                        st.ctm = m.then(st.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    st.font =
                        op.operands.first().and_then(|o| o.as_name().ok()).and_then(|name| self.font(resources, name));
                    st.size = n(1);
                }
                "Tc" => st.char_spacing = n(0),
                "Tw" => st.word_spacing = n(0),
                "Tz" => st.scale = n(0) / 100.0,
                "TL" => st.leading = n(0),
                "Ts" => st.rise = n(0),
                "Td" => next_line(&mut tm, &mut tlm, n(0), n(1)),
                "TD" => {
                    st.leading = -n(1);
                    next_line(&mut tm, &mut tlm, n(0), n(1));
                }
                "Tm" => {
                    if let Some(m) = Matrix::of(&op.operands) {
                        tm = m;
                        tlm = m;
                    }
                }
                "T*" => next_line(&mut tm, &mut tlm, 0.0, -st.leading),
                "Tj" => show(&st, &mut tm, op.operands.first(), out),
                "'" => {
                    next_line(&mut tm, &mut tlm, 0.0, -st.leading);
                    show(&st, &mut tm, op.operands.first(), out);
                }
                "\"" => {
                    st.word_spacing = n(0);
                    st.char_spacing = n(1);
                    next_line(&mut tm, &mut tlm, 0.0, -st.leading);
                    show(&st, &mut tm, op.operands.get(2), out);
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = op.operands.first() {
                        for item in items {
                            match num(item) {
                                Some(adjust) => kern(&st, &mut tm, adjust, out),
                                None => show(&st, &mut tm, Some(item), out),
                            }
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(resources, name, &st, depth, visiting, ops, out)?;
                    }
                }
                "Do" => {
                    let name = op.operands.first().and_then(|o| o.as_name().ok());
                    if name.is_some_and(|name| self.is_form(resources, name)) {
                        note(out, format!("Form XObjects nested more than {MAX_FORM_DEPTH} deep (not followed)"));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether the XObject `name` of `resources` is a Form.
    fn is_form(&self, resources: Option<&Dictionary>, name: &[u8]) -> bool {
        let xobjects = resources.and_then(|r| r.get(b"XObject").ok()).and_then(|o| deref(self.doc, o));
        let Some(Ok(Object::Reference(id))) = xobjects.as_ref().map(|x| x.as_dict().and_then(|d| d.get(name))) else {
            return false;
        };
        matches!(self.doc.get_object(*id), Ok(Object::Stream(s))
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice()))
    }

    /// Follows the Form XObject `name`: its content runs with its own resources (or the caller's) under its
    /// `/Matrix`. Forms already being followed are skipped, so a cycle of forms ends.
    #[allow(clippy::too_many_arguments)]
    fn form(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        st: &State,
        depth: usize,
        visiting: &mut Vec<ObjectId>,
        ops: &mut usize,
        out: &mut PageContent,
    ) -> Result<(), PageError> {
        let Some(xobjects) = resources.and_then(|r| r.get(b"XObject").ok()).and_then(|o| deref(self.doc, o)) else {
            return Ok(());
        };
        let Ok(Object::Reference(id)) = xobjects.as_dict().and_then(|d| d.get(name)) else { return Ok(()) };
        if visiting.contains(id) {
            return Ok(());
        }
        let Ok(Object::Stream(stream)) = self.doc.get_object(*id) else { return Ok(()) };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        // A form whose content cannot be decoded loses its own text only; one past the budget stops the document.
        let data = match self.charge(stream.decompressed_content_with_limit(self.budget.left())) {
            Ok(data) => data,
            Err(PageError::Pdf(e)) => {
                note(out, format!("a Form XObject's content cannot be decoded ({e})"));
                return Ok(());
            }
            Err(stop) => return Err(stop),
        };
        let own =
            stream.dict.get(b"Resources").ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok().cloned());
        let matrix = stream.dict.get(b"Matrix").ok().and_then(|o| deref(self.doc, o));
        let matrix =
            matrix.as_ref().and_then(|m| m.as_array().ok()).and_then(|a| Matrix::of(a)).unwrap_or(Matrix::IDENTITY);
        let mut inner = st.clone();
        inner.ctm = matrix.then(st.ctm);
        visiting.push(*id);
        let result = self.run(&data, own.as_ref().or(resources), inner, depth + 1, visiting, ops, out);
        visiting.pop();
        match result {
            Err(PageError::Pdf(e)) => {
                note(out, format!("a Form XObject cannot be read ({e})"));
                Ok(())
            }
            other => other,
        }
    }
}

/// Records what could not be read on the page, once each and a few at most.
fn note(out: &mut PageContent, what: String) {
    if out.unreadable.len() < 4 && !out.unreadable.contains(&what) {
        out.unreadable.push(what);
    }
}

fn next_line(tm: &mut Matrix, tlm: &mut Matrix, tx: f32, ty: f32) {
    *tlm = Matrix::translate(tx, ty).then(*tlm);
    *tm = *tlm;
}

/// The text rendering matrix: where the next glyph lands on the page and how big it is.
fn rendering(st: &State, tm: Matrix) -> Matrix {
    Matrix([st.size * st.scale, 0.0, 0.0, st.size, 0.0, st.rise]).then(tm).then(st.ctm)
}

/// Shows one string: a run from the current position to where its glyphs end.
fn show(st: &State, tm: &mut Matrix, operand: Option<&Object>, out: &mut PageContent) {
    let (Some(Object::String(bytes, _)), Some(font)) = (operand, &st.font) else { return };
    let start = rendering(st, *tm);
    let mut text = String::new();
    let mut advance = 0.0;
    for glyph in font.decode(bytes) {
        out.glyphs += 1;
        match &glyph.text {
            Some(t) => text.push_str(t),
            None => {
                out.unmapped += 1;
                text.push('\u{fffd}');
            }
        }
        let spacing = st.char_spacing + if glyph.is_space { st.word_spacing } else { 0.0 };
        advance += (glyph.width / 1000.0 * st.size + spacing) * st.scale;
    }
    *tm = Matrix::translate(advance, 0.0).then(*tm);
    let end = rendering(st, *tm);
    let size = start.0[2].hypot(start.0[3]);
    if !text.is_empty() && size.is_finite() && size > 0.0 {
        out.runs.push(Run { x0: start.0[4], x1: end.0[4], y: start.0[5], size, text });
    }
}

/// A number in a `TJ` array: moves left (positive) or right (negative) by thousandths of an em. A large move
/// right is where producers put word spaces, so it becomes a space run.
fn kern(st: &State, tm: &mut Matrix, adjust: f32, out: &mut PageContent) {
    let start = rendering(st, *tm);
    *tm = Matrix::translate(-adjust / 1000.0 * st.size * st.scale, 0.0).then(*tm);
    if adjust < TJ_SPACE {
        let end = rendering(st, *tm);
        let size = start.0[2].hypot(start.0[3]);
        if size.is_finite() && size > 0.0 {
            out.runs.push(Run { x0: start.0[4], x1: end.0[4], y: start.0[5], size, text: " ".into() });
        }
    }
}

/// The page's resource dictionary, inherited from the page tree when the page has none.
fn page_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Some(Object::Dictionary(res)) = node.get(b"Resources").ok().and_then(|o| deref(doc, o)) {
            return Some(res);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}
