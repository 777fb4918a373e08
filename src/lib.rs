//! rolefit reads resumes and job postings and says which cloud role each one fits — the *architect* who designs
//! end-to-end systems with clients and executives, or the *engineer* who builds and configures them — with the
//! evidence behind that verdict and the skills the document does not show.
//!
//! The library is a one-way pipeline; each module is one stage:
//!
//! ```text
//! inputs ─walk─▶ Source ─extract─▶ Document ─match─▶ Hits ─assess─▶ Assessment ─report─▶ sink
//! ```
//!
//! - [`analyzer`]: the owned lexicons, matcher and settings every caller builds once (CLI, Python, tests);
//! - [`scan`]: walks the inputs and runs the middle stages in parallel, streaming results in input order;
//! - [`extract`]: bytes → [`document::Document`] (PDF, DOCX, HTML, text, JSON Resume);
//! - [`lexicon`]: the per-role skill lists (TOML), loaded and validated;
//! - [`matcher`]: text → [`matcher::Hit`]s, knowing nothing of roles or files;
//! - [`assess`]: hits → [`assess::Assessment`] (scores, fit, evidence, missing skills), pure;
//! - [`section`]: which part of a document (duties, requirements, boilerplate…) a line belongs to;
//! - [`report`]: assessments → table, JSON or JSON Lines;
//! - [`posting_match`]: resumes ranked against a real posting's asks (`rolefit match`);
//! - [`redact`]: contact details and file names out of shared reports;
//! - [`provenance`]: what made a record (tool, lexicons, settings), so records from many machines can be merged;
//! - [`eval`]: accuracy of the whole pipeline on a labelled set of documents;
//! - [`merge`]: the reports of a sharded run back into the report of one run.
//!
//! [`fuzzing`] exposes the same paths to the fuzz targets; `long_path` opens paths longer than the system takes
//! in one call, one folder at a time; `swar` holds the bytewise tests that the passes over
//! every byte of a text share. Nothing here touches the network.

/// This rolefit's version, as records' provenance names it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub mod analyzer;
pub mod assess;
pub mod document;
pub mod eval;
pub mod extract;
pub mod fuzzing;
pub mod lexicon;
mod long_path;
pub mod matcher;
pub mod merge;
pub mod outcome;
pub mod posting_match;
pub mod provenance;
pub mod redact;
pub mod report;
pub mod scan;
pub mod section;
mod swar;
#[cfg(test)]
mod test_lines;
pub mod trades;
