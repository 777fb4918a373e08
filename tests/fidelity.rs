//! Extraction fidelity against poppler's `pdftotext` on every PDF of `../shared/corpus`: bag-of-words recall
//! and precision per file (NFKC, lower case, `[^\W_]+` words, the same on both sides). `pdftotext` is a test
//! oracle only, never a runtime dependency; `.ci/run` installs it, and in CI its absence fails this test.
//!
//! `cargo test --release --test fidelity -- --nocapture` (or `scripts/extract-fidelity`) prints the table.
//! Only file names and figures are printed, never document text.

mod common;
use common::skip;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use unicode_normalization::UnicodeNormalization;

/// Target for every resume and posting PDF.
const DOCUMENT_TARGET: f64 = 0.98;
/// Target for the mean F1 over stress PDFs where pdftotext finds text.
const STRESS_TARGET: f64 = 0.95;
/// Stress PDFs with fewer reference words than this are not scored (the threshold).
const STRESS_MIN_WORDS: usize = 20;

fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    let normal: String = text.nfkc().collect::<String>().to_lowercase();
    for w in normal.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        *bag.entry(w.to_string()).or_insert(0) += 1;
    }
    bag
}

/// When the reference spells a heading letter by letter (`C O N TAC T`), words cannot be compared; letters
/// can. True when the reference has three or more one-letter words in a row.
fn letter_spaced(text: &str) -> bool {
    text.lines().any(|l| {
        let tokens: Vec<&str> = l.split_whitespace().collect();
        tokens.windows(3).any(|w| w.iter().all(|t| t.chars().count() == 1 && t.chars().all(char::is_alphabetic)))
    })
}

fn letters(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for c in text.nfkc().collect::<String>().to_lowercase().chars().filter(|c| c.is_alphanumeric()) {
        *bag.entry(c.to_string()).or_insert(0) += 1;
    }
    bag
}

/// (recall, precision) of `ours` against `reference`.
fn compare(reference: &HashMap<String, usize>, ours: &HashMap<String, usize>) -> (f64, f64) {
    let total = |b: &HashMap<String, usize>| b.values().sum::<usize>();
    let common: usize = reference.iter().map(|(w, n)| (*n).min(ours.get(w).copied().unwrap_or(0))).sum();
    let share = |of: usize| if of == 0 { 1.0 } else { common as f64 / of as f64 };
    (share(total(reference)), share(total(ours)))
}

struct Row {
    file: String,
    reference_words: usize,
    recall: f64,
    precision: f64,
    by_letters: bool,
}

impl Row {
    fn f1(&self) -> f64 {
        if self.recall + self.precision == 0.0 {
            0.0
        } else {
            2.0 * self.recall * self.precision / (self.recall + self.precision)
        }
    }
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn measure(pdf: &Path) -> Row {
    let reference = Command::new("pdftotext").args(["-q"]).arg(pdf).arg("-").output().expect("pdftotext runs");
    let reference = String::from_utf8_lossy(&reference.stdout).into_owned();
    let ours =
        assert_cmd::Command::cargo_bin("rolefit").expect("binary").arg("text").arg(pdf).output().expect("rolefit runs");
    let ours = String::from_utf8_lossy(&ours.stdout).into_owned();
    let by_letters = letter_spaced(&reference);
    let (recall, precision) = if by_letters {
        compare(&letters(&reference), &letters(&ours))
    } else {
        compare(&words(&reference), &words(&ours))
    };
    let file = pdf.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Row { file, reference_words: words(&reference).values().sum(), recall, precision, by_letters }
}

fn print(rows: &[Row]) {
    for r in rows {
        let note = if r.by_letters { "  (letters: the reference spells words letter by letter)" } else { "" };
        println!("{:>6.3} {:>6.3} {:>6.3} {:>6}  {}{note}", r.recall, r.precision, r.f1(), r.reference_words, r.file);
    }
}

fn pdftotext_available() -> bool {
    if Command::new("pdftotext").arg("-v").output().is_ok() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "pdftotext is missing in CI: .ci/run must install poppler-utils");
    skip("pdftotext is not installed (apt-get install poppler-utils)");
    false
}

#[test]
fn resume_and_posting_pdfs_match_pdftotext() {
    let corpus = Path::new("../shared/corpus");
    if !corpus.is_dir() || !pdftotext_available() {
        return;
    }
    let files: Vec<PathBuf> = ["resumes/pdf", "postings/pdf"].iter().flat_map(|d| pdfs(&corpus.join(d))).collect();
    assert!(files.len() >= 20);
    let mut rows: Vec<Row> = files.iter().map(|f| measure(f)).collect();
    rows.sort_by(|a, b| a.f1().total_cmp(&b.f1()));
    println!("recall precision  F1  words  resume/posting PDF (worst first)");
    print(&rows);
    let below: Vec<&str> = rows
        .iter()
        .filter(|r| r.recall < DOCUMENT_TARGET || r.precision < DOCUMENT_TARGET)
        .map(|r| r.file.as_str())
        .collect();
    assert!(below.is_empty(), "below {DOCUMENT_TARGET} recall or precision: {below:?}");
}

#[test]
fn stress_pdfs_match_pdftotext_where_it_finds_text() {
    let corpus = Path::new("../shared/corpus");
    if !corpus.is_dir() || !pdftotext_available() {
        return;
    }
    let mut rows: Vec<Row> = pdfs(&corpus.join("stress_pdfs")).iter().map(|f| measure(f)).collect();
    rows.retain(|r| r.reference_words >= STRESS_MIN_WORDS);
    rows.sort_by(|a, b| a.f1().total_cmp(&b.f1()));
    println!("recall precision  F1  words  stress PDF with >= {STRESS_MIN_WORDS} reference words");
    print(&rows);
    let mean = rows.iter().map(Row::f1).sum::<f64>() / rows.len() as f64;
    println!("mean F1 {mean:.3} over {} files", rows.len());
    assert!(mean >= STRESS_TARGET, "mean F1 {mean:.3}");
    let garbage: Vec<&str> = rows.iter().filter(|r| r.f1() < 0.5).map(|r| r.file.as_str()).collect();
    assert!(garbage.is_empty(), "garbage where pdftotext found text: {garbage:?}");
}
