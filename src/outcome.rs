//! What happened to one input: analysed, skipped on purpose, or failed — with an enumerated kind, so the report
//! can say *why* for every path and programs can act on it. These kinds are part of the report contract
//! (`rolefit.report/1`): add new ones, never rename.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::assess::Assessment;
use crate::document::{Format, Kind};

/// Why a document could not be analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Reading the file failed (missing, unreadable, vanished).
    Io,
    /// The file is larger than `--max-file-size`.
    TooLarge,
    /// A decompression, page or nesting limit was hit while extracting.
    LimitExceeded,
    /// The per-document time budget ran out.
    Timeout,
    /// Not a readable PDF (corrupt, truncated, not a PDF at all).
    PdfMalformed,
    /// The PDF is encrypted with a password we do not have.
    NeedsPassword,
    /// Not a readable DOCX package.
    DocxMalformed,
    /// XML inside a document package is not well-formed.
    XmlMalformed,
    /// A `.json` file that is not valid JSON.
    JsonMalformed,
    /// The bytes cannot be decoded as text in any supported encoding.
    Encoding,
    /// A bug in rolefit (a panic while handling this document).
    Internal,
}

/// Why a path was deliberately not analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// A format rolefit does not read (`.doc`, `.xlsx`, images, archives, …).
    UnsupportedFormat,
    /// Not a regular file (FIFO, socket, device).
    NotAFile,
    /// A symbolic link that is not followed (`--follow` is off) or that loops.
    Symlink,
    /// A followed symbolic link that leads outside the folders and files given (`--follow-outside` is off).
    SymlinkOutside,
    /// The report this run is writing (`-o` inside a scanned folder), or another report's temporary file.
    ReportOutput,
}

/// Something worth knowing about a document that was analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// No text layer on any page: a scan or an image.
    ImageOnly,
    /// Too little text to judge.
    LittleText,
    /// The text looks like unmapped glyphs or mojibake.
    Garbled,
    /// The file was damaged and had to be repaired to be read.
    Repaired,
    /// A multi-column layout was detected.
    Columns,
    /// The text does not look like English: it is scored, but the lexicons are mostly English, so with half the
    /// confidence.
    NotEnglish,
    /// Part of the document was not read because a limit was reached.
    TruncatedByLimit,
}

/// A kind plus a human-readable message, the shape of every error, skip reason and warning in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note<K> {
    /// The enumerated kind (stable, for programs).
    pub kind: K,
    /// What happened, for people.
    pub message: String,
}

impl<K> Note<K> {
    /// A note of `kind` saying `message`.
    pub fn new(kind: K, message: impl Into<String>) -> Self {
        Note { kind, message: message.into() }
    }
}

impl<K: fmt::Debug> fmt::Display for Note<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A failure: why a document could not be analysed.
pub type Failure = Note<ErrorKind>;
/// A skip: why a path was not analysed.
pub type Skip = Note<SkipKind>;
/// A warning on an analysed document.
pub type Warning = Note<WarningKind>;

/// One input path and what became of it.
#[derive(Clone, Debug)]
pub struct Entry<'l> {
    /// The path as the user gave it or as the walk found it (`-` for stdin).
    pub path: PathBuf,
    /// The result.
    pub outcome: Outcome<'l>,
    /// Its position in the run's input order, from 0: the same in every shard of a sharded run, so shard
    /// reports merge back into the order of one run. `None` for a document analysed on its own.
    pub ordinal: Option<u64>,
    /// SHA-256 of the document's bytes, when they were read: the document's identity wherever it is stored.
    pub sha256: Option<[u8; 32]>,
}

impl<'l> Entry<'l> {
    /// An entry for `path` with `outcome`, no ordinal and no content hash yet.
    pub fn new(path: PathBuf, outcome: Outcome<'l>) -> Entry<'l> {
        Entry { path, outcome, ordinal: None, sha256: None }
    }
}

/// The result for one input.
#[derive(Clone, Debug)]
pub enum Outcome<'l> {
    /// Analysed (possibly with warnings).
    Analysed(Box<Analysis<'l>>),
    /// Deliberately not analysed.
    Skipped(Skip),
    /// Could not be analysed.
    Failed(Failure),
}

/// Everything known about an analysed document, without its text; ids and names are borrowed from the lexicons
/// (`'l`).
#[derive(Clone, Debug)]
pub struct Analysis<'l> {
    /// The format the bytes were read as.
    pub format: Format,
    /// Resume or job posting.
    pub kind: Kind,
    /// The document's own title (a posting's job title, a resume's headline), if one was found.
    pub title: Option<String>,
    /// Number of words in the extracted text.
    pub words: usize,
    /// Extraction warnings.
    pub warnings: Vec<Warning>,
    /// The verdict.
    pub assessment: Assessment<'l>,
}
