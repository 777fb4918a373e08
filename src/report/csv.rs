//! The report for spreadsheets: one row per document — path, status, kind, fit, confidence, one score column per
//! role, the top missing skills, and the error or skip reason — RFC 4180 quoted by the `csv` crate.

use std::io::{self, Write};

use crate::lexicon::Lexicons;
use crate::outcome::{Entry, Outcome};
use crate::report::Sink;
use crate::scan::Summary;

/// Missing skills listed in the `missing` column.
const MISSING_SHOWN: usize = 5;

/// Writes CSV rows as entries arrive.
pub struct CsvSink<W: Write> {
    out: csv::Writer<W>,
    roles: Vec<String>,
}

impl<W: Write> CsvSink<W> {
    /// A CSV report with a score column per role of `lexicons`; writes the header row.
    pub fn new(out: W, lexicons: &Lexicons) -> io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        let roles: Vec<String> = lexicons.roles.iter().map(|r| r.id.clone()).collect();
        let mut header: Vec<String> =
            ["path", "status", "format", "kind", "title", "fit", "confidence"].map(String::from).to_vec();
        header.extend(roles.iter().map(|r| format!("score_{r}")));
        header.extend(["title_role", "title_mismatch", "missing", "problem"].map(String::from));
        out.write_record(&header).map_err(csv_io)?;
        Ok(CsvSink { out, roles })
    }
}

impl<'l, W: Write> Sink<'l> for CsvSink<W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        let path = entry.path.to_string_lossy().into_owned();
        let blank_scores = || vec![String::new(); self.roles.len()];
        let row: Vec<String> = match &entry.outcome {
            Outcome::Analysed(a) => {
                let verdict = &a.assessment;
                let mut row = vec![
                    path,
                    "ok".into(),
                    a.format.as_str().into(),
                    a.kind.as_str().into(),
                    a.title.clone().unwrap_or_default(),
                    verdict.fit.as_str().into(),
                    format!("{:.2}", verdict.confidence),
                ];
                row.extend(verdict.scores.iter().map(|(_, s)| format!("{s:.1}")));
                let missing: Vec<&str> = verdict.missing.iter().take(MISSING_SHOWN).map(|m| m.name).collect();
                row.extend([
                    verdict.title_role.clone().unwrap_or_default(),
                    verdict.title_mismatch.to_string(),
                    missing.join("; "),
                    a.warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>().join("; "),
                ]);
                row
            }
            Outcome::Skipped(skip) => settled(path, "skipped", blank_scores(), &skip.message),
            Outcome::Failed(failure) => settled(path, "failed", blank_scores(), &failure.message),
        };
        self.out.write_record(&row).map_err(csv_io)
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}

/// A skipped or failed document's row: its status and why, the analysis columns empty.
fn settled(path: String, status: &str, scores: Vec<String>, why: &str) -> Vec<String> {
    let mut row = vec![path, status.into(), String::new(), String::new(), String::new(), String::new(), String::new()];
    row.extend(scores);
    row.extend([String::new(), String::new(), String::new(), why.to_string()]);
    row
}

/// A CSV error as the io::Error under it, so a closed pipe stays a closed pipe.
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}
