//! Micro-benchmarks of the hot paths (divan): `cargo bench --bench pipeline`.
//!
//! - `matcher`: the compiled embedded lexicons over a large text of real postings and resumes (MB/s per core);
//! - `extract`: each bundled sample, by format (per document), and a multi-page corpus PDF (per page);
//! - `assess`: the verdict on each sample, from its extracted text and hits (per document);
//! - `analyse`: extract → match → assess, what a scan does per document once the file is read.
//!
//! The large text is built from `../shared/corpus` (postings and resumes as text) and `samples/`, repeated to
//! about 8 MB; without the corpus it is built from the samples alone. Whole-corpus figures against the Unix
//! pipeline come from `scripts/bench`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use rolefit::assess::{AssessOptions, assess};
use rolefit::lexicon::Lexicons;
use rolefit::matcher::Matcher;
use rolefit::scan::{Pipeline, ScanOptions};

fn main() {
    divan::main();
}

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Size of the matcher's bench text.
const TEXT_BYTES: usize = 8 << 20;

static LEXICONS: LazyLock<Lexicons> = LazyLock::new(|| Lexicons::embedded().expect("embedded lexicons are valid"));
static MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(&LEXICONS).expect("embedded lexicons compile"));
static OPTIONS: LazyLock<ScanOptions> = LazyLock::new(ScanOptions::default);

fn pipeline() -> Pipeline<'static> {
    Pipeline { lexicons: &LEXICONS, matcher: &MATCHER, options: &OPTIONS }
}

/// Real postings and resumes as plain text, repeated to [`TEXT_BYTES`].
static TEXT: LazyLock<String> = LazyLock::new(|| {
    let root = Path::new(ROOT);
    let folders = [root.join("../shared/corpus/postings/txt"), root.join("../shared/corpus/resumes/txt")];
    let mut files: Vec<PathBuf> = folders.iter().flat_map(|f| files_in(f)).collect();
    files.extend(samples().into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md")));
    let one: String = files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect::<Vec<_>>().join("\n");
    one.repeat(TEXT_BYTES / one.len().max(1) + 1)
});

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(folder).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

/// Every bundled sample document.
fn samples() -> Vec<PathBuf> {
    let root = Path::new(ROOT).join("samples");
    let mut files = files_in(&root.join("postings"));
    files.extend(files_in(&root.join("resumes")));
    files
}

/// Sample file names, for divan's `args`.
const SAMPLES: &[&str] = &[
    "postings/copperline-cloud-engineer.txt",
    "postings/kestrel-harbor-cloud-solutions-architect.html",
    "postings/larkspur-cloud-engineer-aws.pdf",
    "postings/quayside-azure-cloud-engineer.docx",
    "postings/tidewater-senior-cloud-architect.md",
    "resumes/dana-okafor.pdf",
    "resumes/jordan-reyes.json",
    "resumes/marcus-lindqvist.docx",
];

fn sample(name: &str) -> (PathBuf, Vec<u8>) {
    let path = Path::new(ROOT).join("samples").join(name);
    let bytes = std::fs::read(&path).expect("bundled sample is readable");
    (path, bytes)
}

#[divan::bench(sample_count = 20)]
fn matcher(bencher: Bencher) {
    let text = TEXT.as_str();
    bencher.counter(BytesCount::of_str(text)).bench(|| MATCHER.find(black_box(text)).len());
}

#[divan::bench(args = SAMPLES)]
fn extract(bencher: Bencher, name: &str) {
    let (path, bytes) = sample(name);
    bencher.bench(|| pipeline().document(black_box(&bytes), &path).is_ok());
}

/// A three-page real resume, counted per page.
#[divan::bench]
fn extract_pdf_per_page(bencher: Bencher) {
    let path = Path::new(ROOT).join("../shared/corpus/resumes/pdf/rendercv_John_Doe_ModerncvTheme_CV.pdf");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("extract_pdf_per_page: {} not found; skipped", path.display());
        return;
    };
    bencher.counter(ItemsCount::new(3usize)).bench(|| pipeline().document(black_box(&bytes), &path).is_ok());
}

#[divan::bench(args = SAMPLES)]
fn assess_document(bencher: Bencher, name: &str) {
    let (path, bytes) = sample(name);
    let doc = pipeline().document(&bytes, &path).expect("sample extracts");
    let hits = MATCHER.find(&doc.text);
    let options = AssessOptions::default();
    bencher.bench(|| assess(black_box(&doc), black_box(&hits), &LEXICONS, &options).confidence);
}

#[divan::bench(args = SAMPLES)]
fn analyse(bencher: Bencher, name: &str) {
    let (path, bytes) = sample(name);
    bencher.bench(|| pipeline().analyse(black_box(&bytes), &path));
}
