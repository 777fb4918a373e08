//! Entry points for the fuzz targets (`fuzz/`) and the mutation test (`tests/mutation.rs`): the same code paths
//! as a real run, with the embedded lexicons compiled once. A panic here is a bug.

use std::path::Path;
use std::sync::LazyLock;

use crate::lexicon::{Lexicons, SourceFile};
use crate::matcher::Matcher;
use crate::outcome::Outcome;
use crate::scan::{Pipeline, ScanOptions};

static COMPILED: LazyLock<(Lexicons, Matcher, ScanOptions)> = LazyLock::new(|| {
    let lexicons = Lexicons::embedded().expect("embedded lexicons are valid");
    let matcher = Matcher::new(&lexicons).expect("embedded lexicons compile");
    (lexicons, matcher, ScanOptions::default())
});

/// Extracts, matches and assesses `data` as a file named `name`.
pub fn analyse(data: &[u8], name: &str) -> Outcome<'static> {
    let (lexicons, matcher, options) = &*COMPILED;
    Pipeline { lexicons, matcher, options }.analyse(data, Path::new(name))
}

/// Loads `data` as a role lexicon file and, if it is valid, compiles it.
pub fn lexicon(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile { name: "fuzz.toml".into(), source: "fuzz".into(), text: text.into() };
    if let Ok(lexicons) = Lexicons::from_files(vec![file]) {
        let _ = Matcher::new(&lexicons);
    }
}
