//! Bytes → [`Document`]. The format is sniffed from the content first (`%PDF-`, a zip holding
//! `word/document.xml`, `<html`, a JSON object, BOMs) and from the extension second, so a PDF named `.txt` is
//! read as a PDF and a text file named `.pdf` fails as "not a PDF" instead of being scored as garbage.
//!
//! Extraction never matches or scores. It does drop what is not the document's content (HTML scripts and
//! navigation) and flags text that cannot be trusted (no text layer, too little text, garbled).

pub mod budget;
pub mod docx;
pub mod html;
pub mod json;
pub mod normalize;
pub mod odt;
pub mod pdf;
pub mod text;

use std::path::Path;

use crate::document::{Document, Format};
use crate::outcome::{ErrorKind, Failure, Skip, SkipKind, Warning, WarningKind};
use budget::{Budget, Limits};

/// Fewer words than this and the verdict cannot be trusted: the document gets a `little_text` warning.
pub const LITTLE_TEXT_WORDS: usize = 40;
/// More than this share of unreadable characters (unmapped glyphs, control codes, private-use glyphs, leftover
/// mojibake) and the text is `garbled`.
pub const GARBLED_SHARE: f64 = 0.1;
/// Below this share of common English words the text is `not_english` (English prose: 0.35–0.5; resumes and
/// postings, terse: 0.15–0.35; German or Portuguese: under 0.05).
pub const ENGLISH_SHARE: f64 = 0.1;

/// Extensions read as plain text when the content is not recognised as anything else.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "rst", ""];
/// Extensions we know and do not read, with what to do instead.
const UNSUPPORTED: &[(&[&str], &str)] = &[
    (&["doc", "xls", "ppt", "msg"], "legacy Microsoft Office format; save it as .docx or PDF"),
    (&["ods", "odp"], "OpenDocument spreadsheet or presentation, not a resume or posting"),
    (&["xlsx", "xlsm", "pptx", "csv", "tsv"], "spreadsheet or presentation, not a resume or posting"),
    (&["rtf"], UNSUPPORTED_RTF),
    (&["zip", "gz", "tgz", "7z", "rar", "tar", "bz2", "xz"], "archive; extract it first"),
    (&["png", "jpg", "jpeg", "gif", "tif", "tiff", "bmp", "webp", "heic"], "image; run OCR first"),
];

/// Settings of extraction.
#[derive(Clone, Debug, Default)]
pub struct ExtractOptions {
    /// Password for encrypted PDFs.
    pub password: Option<String>,
    /// What one document may cost.
    pub limits: Limits,
}

const UNSUPPORTED_RTF: &str =
    "RTF is not supported (no well-kept Rust crate reads it properly); save it as .docx or PDF";

/// Why a document was not turned into text.
#[derive(Debug)]
pub enum Rejection {
    /// Deliberately not read.
    Skipped(Skip),
    /// Could not be read.
    Failed(Failure),
}

impl From<Failure> for Rejection {
    fn from(f: Failure) -> Self {
        Rejection::Failed(f)
    }
}

/// What the first bytes say the content is.
#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    Pdf,
    Zip,
    OleCompound,
    Rtf,
    Html,
    Json,
    Unknown,
}

fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(1024)];
    if memmem(head, b"%PDF-") {
        return Sniffed::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Sniffed::OleCompound;
    }
    if head.starts_with(b"{\\rtf") {
        return Sniffed::Rtf;
    }
    let trimmed =
        String::from_utf8_lossy(head).trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']).to_ascii_lowercase();
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || trimmed.contains("<html")
        || trimmed.contains("<body")
    {
        return Sniffed::Html;
    }
    if trimmed.starts_with('{') {
        return Sniffed::Json;
    }
    Sniffed::Unknown
}

/// An OLE compound file holding an `EncryptedPackage` stream: how Office stores a password-protected DOCX (or
/// XLSX, PPTX). Directory entry names are UTF-16LE.
fn is_encrypted_office(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr::memmem::find(bytes, &name).is_some()
}

fn memmem(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The extension of `path`, lower-case, or "" when it has none.
fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// Turns the bytes of the file at `path` into a document (the path is only used for its extension).
pub fn extract(bytes: &[u8], path: &Path, options: &ExtractOptions) -> Result<Document, Rejection> {
    extract_within(bytes, path, options, &Budget::new(options.limits))
}

/// [`extract`] within `budget`, which the caller may go on spending (matching shares the document's time).
pub fn extract_within(
    bytes: &[u8],
    path: &Path,
    options: &ExtractOptions,
    budget: &Budget,
) -> Result<Document, Rejection> {
    let ext = extension(path);
    let mut doc = match sniff(bytes) {
        Sniffed::Pdf => from_pdf(bytes, options.password.as_deref(), budget)?,
        Sniffed::Zip => from_zip(bytes, &ext, budget)?,
        Sniffed::OleCompound if is_encrypted_office(bytes) => {
            return Err(Failure::new(
                ErrorKind::NeedsPassword,
                "a password-protected Office document (encrypted package); save it without a password",
            )
            .into());
        }
        Sniffed::OleCompound => return Err(unsupported("legacy Microsoft Office (OLE) file; save it as .docx or PDF")),
        Sniffed::Rtf => return Err(unsupported(UNSUPPORTED_RTF)),
        Sniffed::Html => html::extract_within(text::decode(bytes).0, budget)?,
        Sniffed::Json if ext == "json" || ext.is_empty() => from_json(bytes, budget)?,
        _ => by_extension(bytes, &ext, budget)?,
    };
    budget.check_time()?;
    finish(&mut doc, budget)?;
    Ok(doc)
}

/// Content not recognised: the extension decides.
fn by_extension(bytes: &[u8], ext: &str, budget: &Budget) -> Result<Document, Rejection> {
    match ext {
        "pdf" if bytes.is_empty() => Err(Failure::new(ErrorKind::PdfMalformed, "empty file (0 bytes)").into()),
        "pdf" => Err(Failure::new(ErrorKind::PdfMalformed, "not a PDF (no %PDF- header)").into()),
        "docx" | "odt" => {
            Err(Failure::new(ErrorKind::DocxMalformed, format!("not a .{ext} (not a zip package)")).into())
        }
        "json" => from_json(bytes, budget),
        "html" | "htm" | "xhtml" => Ok(html::extract_within(text::decode(bytes).0, budget)?),
        e if TEXT_EXTENSIONS.contains(&e) => Ok(from_text(bytes)),
        e => {
            let why = UNSUPPORTED
                .iter()
                .find(|(exts, _)| exts.contains(&e))
                .map_or("not a format rolefit reads", |(_, why)| why);
            Err(unsupported(&format!(".{e}: {why}")))
        }
    }
}

fn unsupported(message: &str) -> Rejection {
    Rejection::Skipped(Skip::new(SkipKind::UnsupportedFormat, message))
}

fn from_pdf(bytes: &[u8], password: Option<&str>, budget: &Budget) -> Result<Document, Rejection> {
    let pdf = pdf::extract(bytes, password, budget)?;
    let mut doc = Document::new(Format::Pdf, pdf.text);
    doc.warnings = pdf.warnings;
    // A PDF whose content could not be read is not known to be a scan: its warning says what was not read.
    if doc.words() == 0 && !pdf.unreadable {
        doc.warnings.push(Warning::new(WarningKind::ImageOnly, "no text layer on any page (a scan?); run OCR first"));
    }
    Ok(doc)
}

fn from_zip(bytes: &[u8], ext: &str, budget: &Budget) -> Result<Document, Rejection> {
    let names = zip_names(bytes);
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("word/document.xml") || ext == "docx" {
        Ok(Document::new(Format::Docx, docx::extract(bytes, budget)?))
    } else if has("content.xml") && (ext == "odt" || !matches!(ext, "ods" | "odp")) {
        match odt::extract(bytes, budget) {
            Ok(text) => Ok(Document::new(Format::Odt, text)),
            Err(e) if e.kind == ErrorKind::DocxMalformed && ext != "odt" => Err(unsupported(&e.message)),
            Err(e) => Err(e.into()),
        }
    } else if ext == "odt" {
        Err(Failure::new(ErrorKind::DocxMalformed, "not an OpenDocument text (no content.xml)").into())
    } else {
        let what = UNSUPPORTED.iter().find(|(exts, _)| exts.contains(&ext)).map_or("zip archive", |(_, why)| why);
        Err(unsupported(&format!("a zip package that is not a DOCX or ODT ({what})")))
    }
}

/// The entry names of a zip package (empty when it cannot be read: the extractor then says why).
fn zip_names(bytes: &[u8]) -> Vec<String> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map(|z| z.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect())
        .unwrap_or_default()
}

fn from_json(bytes: &[u8], budget: &Budget) -> Result<Document, Rejection> {
    match json::extract_within(text::decode(bytes).0, budget)? {
        json::JsonOutcome::Document(doc) => Ok(doc),
        json::JsonOutcome::Unsupported(why) => Err(unsupported(&why)),
    }
}

fn from_text(bytes: &[u8]) -> Document {
    let (text, _encoding) = text::decode(bytes);
    Document::new(Format::Text, text)
}

/// Normalises the text (see [`normalize`]) and adds the warnings every format shares.
fn finish(doc: &mut Document, budget: &Budget) -> Result<(), Failure> {
    let unreadable = normalize::unreadable_share(&doc.text);
    doc.text = normalize::normalize_within(std::mem::take(&mut doc.text), budget)?;
    let words = doc.words();
    let image_only = doc.warnings.iter().any(|w| w.kind == WarningKind::ImageOnly);
    if !image_only && words < LITTLE_TEXT_WORDS {
        doc.warnings.push(Warning::new(
            WarningKind::LittleText,
            format!("only {words} words of text; the verdict cannot be trusted"),
        ));
    }
    if unreadable > GARBLED_SHARE {
        doc.warnings.push(Warning::new(
            WarningKind::Garbled,
            format!(
                "{:.0}% of the characters are unreadable (unmapped glyphs, binary or badly encoded text)",
                unreadable * 100.0
            ),
        ));
    } else if words >= LITTLE_TEXT_WORDS && !looks_english(&doc.text) {
        doc.warnings.push(Warning::new(
            WarningKind::NotEnglish,
            "the text does not look like English; the lexicons are mostly English, so the verdict is less sure",
        ));
    }
    Ok(())
}

/// Few English function words, and either more foreign ones or almost no English at all.
fn looks_english(text: &str) -> bool {
    let shares = normalize::language_shares(text);
    shares.english >= ENGLISH_SHARE || (shares.foreign <= shares.english && shares.english >= ENGLISH_SHARE / 3.0)
}

/// A zip package holding `parts` (name, content), for the extractors' tests.
#[cfg(test)]
pub(crate) fn zip_package(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    for (name, content) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish");
    buf.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(bytes: &[u8], name: &str) -> Result<Format, String> {
        match extract(bytes, Path::new(name), &ExtractOptions::default()) {
            Ok(doc) => Ok(doc.format),
            Err(Rejection::Skipped(s)) => Err(format!("skipped {:?}", s.kind)),
            Err(Rejection::Failed(f)) => Err(format!("failed {:?}", f.kind)),
        }
    }

    #[test]
    fn content_wins_over_extension() {
        assert_eq!(kind_of(b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "a.txt"), Ok(Format::Html));
        assert_eq!(kind_of(b"plain words", "a.pdf"), Err("failed PdfMalformed".into()));
        assert_eq!(kind_of(b"", "a.pdf"), Err("failed PdfMalformed".into()));
        assert_eq!(kind_of(b"plain words", "a.docx"), Err("failed DocxMalformed".into()));
    }

    #[test]
    fn known_unsupported_formats_are_skipped() {
        assert_eq!(kind_of(b"a,b\n1,2\n", "x.csv"), Err("skipped UnsupportedFormat".into()));
        assert_eq!(kind_of(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], "cv.doc"), Err("skipped UnsupportedFormat".into()));
        assert_eq!(kind_of(b"\x89PNG\r\n", "x.png"), Err("skipped UnsupportedFormat".into()));
    }

    #[test]
    fn text_without_extension_is_read_and_short_text_is_flagged() {
        let doc = extract(b"Terraform and AWS\r\n", Path::new("README"), &ExtractOptions::default()).expect("text");
        assert_eq!(doc.text, "Terraform and AWS\n");
        assert_eq!(doc.format, Format::Text);
        assert!(doc.warnings.iter().any(|w| w.kind == WarningKind::LittleText));
    }

    #[test]
    fn binary_bytes_named_txt_are_garbled() {
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let doc = extract(&bytes, Path::new("noise.txt"), &ExtractOptions::default()).expect("read as text");
        assert!(doc.warnings.iter().any(|w| w.kind == WarningKind::Garbled), "{:?}", doc.warnings);
    }
}
