//! Renders entries as they arrive: a table for people, JSON or JSON Lines for programs, CSV for spreadsheets,
//! and a self-contained HTML page (which streams its cards to a temporary file and holds only a compact row per
//! document for its summary, map and table). Sinks stream — they
//! never hold the documents — and a report written to a file is written through to what the path is: a regular
//! file appears whole or not at all, a device or FIFO is written as it is ([`output`]).

pub mod csv;
pub mod html;
pub mod json;
pub mod matches;
pub mod output;
pub mod sift;
pub mod table;
pub mod terminal;

use std::io::{self, Write};

use crate::lexicon::Lexicons;
use crate::outcome::Entry;
use crate::provenance::Provenance;
use crate::scan::Summary;

pub use html::HtmlOptions;
pub use output::{OutputPlan, ReportFile, TEMP_PREFIX};
pub use table::TableStyle;
pub use terminal::{terminal_safe, terminal_safe_text};

/// Receives entries in input order, then the summary. `'l` is the lexicons' lifetime: entries borrow ids and
/// names from them.
pub trait Sink<'l> {
    /// Renders one entry.
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()>;
    /// Renders the summary and flushes.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// The report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned text for people.
    Table,
    /// One JSON object (`rolefit.report/1`).
    Json,
    /// One JSON object per document per line.
    Jsonl,
    /// One CSV row per document.
    Csv,
    /// One self-contained HTML page.
    Html,
}

/// A sink of `format` writing to `out`; `style`, `csv` and `html` say how the table, the CSV and the HTML page
/// are written (the page's map axes, roots and date).
pub fn sink<'a, 'l: 'a, W: Write + 'a>(
    format: ReportFormat,
    out: W,
    lexicons: &Lexicons,
    style: TableStyle,
    csv: csv::CsvStyle,
    provenance: &Provenance,
    html: HtmlOptions,
) -> io::Result<Box<dyn Sink<'l> + 'a>> {
    Ok(match format {
        ReportFormat::Table => Box::new(table::TableSink::new(out, lexicons, style)),
        ReportFormat::Json => Box::new(json::JsonSink::new(out, lexicons, provenance.clone())?),
        ReportFormat::Jsonl => Box::new(json::JsonLinesSink::new(out, provenance.clone())),
        ReportFormat::Csv => Box::new(csv::CsvSink::new(out, lexicons, csv)?),
        ReportFormat::Html => Box::new(html::HtmlSink::new(out, lexicons, provenance, html)?),
    })
}
