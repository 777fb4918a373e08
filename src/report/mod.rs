//! Renders entries as they arrive: a table for people, JSON or JSON Lines for programs, CSV for spreadsheets,
//! and a self-contained HTML page (which alone waits for the last entry, for its summary). Sinks stream — they
//! never hold the documents — and a report written to a file appears there whole or not at all
//! ([`AtomicFile`]).

pub mod csv;
pub mod html;
pub mod json;
pub mod matches;
pub mod sift;
pub mod table;
pub mod terminal;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::lexicon::Lexicons;
use crate::outcome::Entry;
use crate::scan::Summary;

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

/// A sink of `format` writing to `out`; `csv_raw` turns off the neutralising of formula cells in CSV.
pub fn sink<'a, 'l: 'a, W: Write + 'a>(
    format: ReportFormat,
    out: W,
    lexicons: &Lexicons,
    style: TableStyle,
    csv_raw: bool,
) -> io::Result<Box<dyn Sink<'l> + 'a>> {
    Ok(match format {
        ReportFormat::Table => Box::new(table::TableSink::new(out, lexicons, style)),
        ReportFormat::Json => Box::new(json::JsonSink::new(out, lexicons)?),
        ReportFormat::Jsonl => Box::new(json::JsonLinesSink::new(out)),
        ReportFormat::Csv => Box::new(csv::CsvSink::new(out, lexicons, csv_raw)?),
        ReportFormat::Html => Box::new(html::HtmlSink::new(out, lexicons.roles.iter().map(|r| r.id.clone()).collect())),
    })
}

/// Name prefix of the temporary file a report is written to: a scan of the report's own folder skips it.
pub const TEMP_PREFIX: &str = ".rolefit-report-";

/// A file written through a temporary file beside it and renamed into place by [`AtomicFile::commit`]: until
/// then, an existing file of that name is untouched, and if the report cannot be finished it never changes.
pub struct AtomicFile {
    temp: NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `target`.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
        Ok(AtomicFile { temp, target: target.to_path_buf() })
    }

    /// Makes the written content the content of the target file.
    pub fn commit(self) -> io::Result<()> {
        self.temp.as_file().sync_all()?;
        self.temp.persist(&self.target).map(|_| ()).map_err(|e| e.error)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_file_leaves_the_old_file_until_commit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("report.json");
        std::fs::write(&target, "old").expect("write");
        let mut file = AtomicFile::create(&target).expect("create");
        file.write_all(b"new").expect("write");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
        file.commit().expect("commit");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        let abandoned = AtomicFile::create(&target).expect("create");
        drop(abandoned);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "no temp files left");
    }
}
