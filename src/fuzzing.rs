//! Entry points for the fuzz targets (`fuzz/`) and the mutation test (`tests/mutation.rs`): the same code paths
//! as a real run, with the embedded lexicons compiled once. A panic here is a bug.

use std::path::Path;
use std::sync::LazyLock;

use crate::lexicon::{Lexicons, SourceFile};
use crate::matcher::{Matcher, Unfiltered};
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

/// Loads `data` as a role lexicon file and, if it is valid, compiles it and matches it against its own text
/// (where its terms and the literal parts of its patterns are written) and two sample documents: the hits must
/// be those of the matcher without its filters.
pub fn lexicon(data: &[u8]) {
    const SAMPLES: [&str; 2] = [
        include_str!("../samples/postings/tidewater-senior-cloud-architect.md"),
        include_str!("../samples/resumes/helen-marsh.md"),
    ];
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile { name: "fuzz.toml".into(), source: "fuzz".into(), text: text.into() };
    let Ok(lexicons) = Lexicons::from_files(vec![file]) else { return };
    if let (Ok(matcher), Ok(unfiltered)) = (Matcher::new(&lexicons), Unfiltered::new(&lexicons)) {
        for text in [text].into_iter().chain(SAMPLES) {
            assert_eq!(matcher.find(text), unfiltered.find(text).0, "the filters lost or added a hit");
        }
    }
}

#[cfg(test)]
mod tests {
    /// The fuzz target's check on its seeds, the embedded lexicons: they compile, and their hits in the samples
    /// are those of the matcher without its filters.
    #[test]
    fn the_lexicon_target_passes_on_the_embedded_lexicons() {
        super::lexicon(include_bytes!("../lexicons/architect.toml"));
        super::lexicon(include_bytes!("../lexicons/engineer.toml"));
    }
}
