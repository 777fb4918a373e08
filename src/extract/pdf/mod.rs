//! PDF text, on lopdf's parser and our own text layer: [`content`] interprets each page's content stream into
//! positioned runs, with [`fonts`] (and [`cmap`], [`glyphs`]) turning codes into text and widths, and
//! [`layout`] puts the runs into reading order, columns included.
//!
//! Everything goes through [`extract`]. One bad page never loses the others: its error becomes a warning and
//! the rest is read.

pub mod cmap;
pub mod content;
pub mod fonts;
pub mod glyphs;
pub mod layout;
pub mod prescan;
pub mod tokens;

use lopdf::{Document as PdfDocument, LoadOptions};

use crate::extract::budget::Budget;
use crate::outcome::{ErrorKind, Failure, Warning, WarningKind};

/// The text of a PDF and what went wrong on the way.
#[derive(Debug, Default)]
pub struct PdfText {
    /// All pages' text, pages separated by a blank line.
    pub text: String,
    /// Warnings (repaired file, columns, unreadable pages).
    pub warnings: Vec<Warning>,
    /// Glyphs shown, and how many of them no font maps to text.
    pub glyphs: usize,
    /// Glyphs no font maps to text.
    pub unmapped: usize,
    /// Some content could not be read (damaged streams, forms nested too deep): a page without text is then not
    /// known to be a scan.
    pub unreadable: bool,
}

/// Extracts the text of every page of the PDF in `bytes`, opening it with `password` if it is encrypted.
pub fn extract(bytes: &[u8], password: Option<&str>, budget: &Budget) -> Result<PdfText, Failure> {
    let mut options = match password {
        Some(p) => LoadOptions::with_password(p),
        None => LoadOptions::default(),
    };
    // Object and cross-reference streams are inflated while loading: each is held to the document's budget.
    options.max_decompressed_size = Some(budget.left());
    // lopdf holds every value it loads at ~120 bytes each: a file holding too many is refused before loading.
    prescan::check(bytes, budget)?;
    let doc = PdfDocument::load_mem_with_options(bytes, options).map_err(load_failure)?;
    // lopdf opens a document it cannot decrypt and leaves its content as ciphertext.
    if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        let hint = if password.is_some() { "the password given does not open it" } else { "use --password" };
        return Err(Failure::new(
            ErrorKind::NeedsPassword,
            format!("the PDF is encrypted and needs a password ({hint})"),
        ));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Failure::new(ErrorKind::PdfMalformed, "the PDF has no pages"));
    }
    if !pages.values().any(|id| doc.get_dictionary(*id).is_ok()) {
        return Err(Failure::new(
            ErrorKind::PdfMalformed,
            format!("none of the {} page objects can be read (damaged, or nested too deep)", pages.len()),
        ));
    }
    if pages.len() > budget.max_pages() {
        return Err(Failure::new(
            ErrorKind::LimitExceeded,
            format!("{} pages, more than the {} allowed (--max-pages)", pages.len(), budget.max_pages()),
        ));
    }
    let mut out = PdfText::default();
    if doc.xref_recovery.is_some() {
        out.warnings
            .push(Warning::new(WarningKind::Repaired, "the cross-reference table was damaged and has been rebuilt"));
    }
    let mut interpreter = content::Interpreter::new(&doc, budget);
    let mut bad_pages = Vec::new();
    let mut column_pages = 0;
    for (&number, &id) in &pages {
        budget.check_time()?;
        match interpreter.page(id) {
            Ok(page) => {
                if page.truncated {
                    // Text may lie past the limit: such a page is not known to be a scan either.
                    out.unreadable = true;
                    bad_pages.push(format!(
                        "page {number}: over the limit of {} operators or {} text runs",
                        content::MAX_OPERATORS,
                        content::MAX_RUNS
                    ));
                }
                for what in &page.unreadable {
                    out.unreadable = true;
                    bad_pages.push(format!("page {number}: {what}"));
                }
                out.glyphs += page.glyphs;
                out.unmapped += page.unmapped;
                let page = layout::layout(page.runs);
                column_pages += usize::from(page.columns);
                if !out.text.is_empty() && !page.text.trim().is_empty() {
                    out.text.push_str("\n\n");
                }
                out.text.push_str(page.text.trim_end());
            }
            Err(content::PageError::Stop(failure)) => return Err(failure),
            Err(content::PageError::Pdf(e)) => {
                out.unreadable = true;
                bad_pages.push(format!("page {number}: content cannot be decoded ({e})"));
            }
        }
    }
    if !bad_pages.is_empty() {
        let shown = bad_pages.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
        out.warnings
            .push(Warning::new(WarningKind::TruncatedByLimit, format!("part of the PDF could not be read ({shown})")));
    }
    if column_pages > 0 {
        out.warnings.push(Warning::new(
            WarningKind::Columns,
            format!("multi-column layout on {column_pages} page(s); columns are read one after the other"),
        ));
    }
    Ok(out)
}

fn load_failure(e: lopdf::Error) -> Failure {
    match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) | lopdf::Error::UnsupportedSecurityHandler(_) => {
            Failure::new(ErrorKind::NeedsPassword, format!("the PDF is encrypted and cannot be opened: {e}"))
        }
        lopdf::Error::Decompress(_) => {
            Failure::new(ErrorKind::LimitExceeded, format!("cannot open the PDF: {e} (--max-decompressed)"))
        }
        other => Failure::new(
            ErrorKind::PdfMalformed,
            format!("cannot open the PDF: {other} (is the file truncated or damaged?)"),
        ),
    }
}
