//! A bounded mutation test that runs in every `cargo test`: real documents (samples and, when present, the
//! shared corpus) are damaged in deterministic ways — bytes flipped, cut short, chunks repeated or dropped,
//! noise inserted — and each result goes through the whole pipeline, which must return an outcome, never panic.
//! The open-ended search is `scripts/fuzz` (cargo-fuzz); this keeps its findings from coming back.

use std::path::{Path, PathBuf};

use rolefit::outcome::Outcome;

/// Mutants per seed document.
const MUTANTS: usize = 24;
/// Largest seed used, in bytes (bigger files only slow the test down).
const MAX_SEED: u64 = 400_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(6) {
            0 if len > 0 => {
                let at = rng.below(len);
                data[at] ^= 1 << rng.below(8);
            }
            1 => data.truncate(rng.below(len + 1)),
            2 if len > 0 => {
                let (a, b) = (rng.below(len), rng.below(len));
                let (start, end) = (a.min(b), a.max(b).min(a.min(b) + 4096));
                let chunk = data[start..end].to_vec();
                let at = rng.below(data.len());
                data.splice(at..at, chunk);
            }
            3 if len > 0 => {
                let (a, b) = (rng.below(len), rng.below(len));
                data.drain(a.min(b)..a.max(b).min(a.min(b) + 4096));
            }
            4 => {
                let at = rng.below(len + 1);
                let noise: Vec<u8> = (0..1 + rng.below(64)).map(|_| rng.next() as u8).collect();
                data.splice(at..at, noise);
            }
            _ if len > 0 => {
                // Overwrite with a byte that means something to the parsers.
                let at = rng.below(len);
                data[at] = b"<>[](){}/\\%&;#\0\xff"[rng.below(16)];
            }
            _ => {}
        }
    }
    data
}

fn seeds() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = vec!["samples/resumes".into(), "samples/postings".into()];
    let corpus = Path::new("../shared/corpus");
    for sub in
        ["resumes/pdf", "resumes/docx", "resumes/json", "postings/pdf", "postings/html", "postings/json", "stress_pdfs"]
    {
        dirs.push(corpus.join(sub));
    }
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())))
        .filter(|p| p.metadata().is_ok_and(|m| m.is_file() && m.len() <= MAX_SEED))
        .collect();
    files.sort();
    files
}

#[test]
fn damaged_documents_never_panic() {
    let seeds = seeds();
    assert!(seeds.len() >= 12, "the samples at least");
    let mut rng = Rng(0x5eed_f1e5_u64);
    let mut outcomes = [0usize; 3];
    for path in &seeds {
        let original = std::fs::read(path).expect("seed readable");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for _ in 0..MUTANTS {
            let mutant = mutate(&original, &mut rng);
            let slot = match rolefit::fuzzing::analyse(&mutant, &name) {
                Outcome::Analysed(_) => 0,
                Outcome::Skipped(_) => 1,
                Outcome::Failed(_) => 2,
            };
            outcomes[slot] += 1;
        }
    }
    // Both survivable damage and fatal damage must have been exercised.
    assert!(outcomes[0] > 0 && outcomes[2] > 0, "analysed/skipped/failed: {outcomes:?}");
}

#[test]
fn lexicon_mutants_never_panic() {
    let mut rng = Rng(42);
    for (_, text) in rolefit::lexicon::EMBEDDED {
        for _ in 0..MUTANTS * 4 {
            rolefit::fuzzing::lexicon(&mutate(text.as_bytes(), &mut rng));
        }
    }
}
