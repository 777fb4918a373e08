//! The analyser a program builds once and keeps: the lexicons, their compiled matcher and the settings (the
//! per-document limits among them), owned and shared by every thread that uses it. `rolefit scan`, the Python
//! package and the tests all go through it, so a record is the same wherever it is made: the same limits, the same
//! panic guard (a panic while handling one document is that document's `internal` failure, never the caller's),
//! the same content hash and provenance.
//!
//! Cloning is cheap (the parts are shared), and an `Analyzer` is `Send + Sync`: build it once per process or
//! worker, not once per document.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::lexicon::Lexicons;
use crate::matcher::{BuildError, Matcher};
use crate::outcome::Entry;
use crate::provenance::Provenance;
use crate::redact::pseudonym;
use crate::report::json;
use crate::scan::{Input, Pipeline, ScanOptions, Summary};

/// The longest per-document time budget accepted (`--doc-timeout`, the Python package's `doc_timeout`): a day.
/// Far longer than any document needs, and far from the point where adding it to the current time overflows.
pub const MAX_DOC_TIMEOUT: f64 = 86_400.0;

/// A per-document time budget of `seconds`, if it is one: a finite number above 0 and at most
/// [`MAX_DOC_TIMEOUT`]. The CLI and the Python package check it the same way.
pub fn doc_timeout(seconds: f64) -> Result<Duration, String> {
    if seconds.is_finite() && seconds > 0.0 && seconds <= MAX_DOC_TIMEOUT {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(format!("{seconds}: give a number of seconds above 0 and at most {MAX_DOC_TIMEOUT} (a day)"))
    }
}

/// Lexicons, matcher and settings, owned and shared.
#[derive(Clone, Debug)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    lexicons: Lexicons,
    matcher: Matcher,
    options: ScanOptions,
    provenance: Provenance,
}

impl Analyzer {
    /// Compiles `lexicons` for analysing with `options`.
    pub fn new(lexicons: Lexicons, options: ScanOptions) -> Result<Analyzer, BuildError> {
        let matcher = Matcher::new(&lexicons)?;
        let provenance = Provenance::new(&lexicons, &options);
        Ok(Analyzer { inner: Arc::new(Inner { lexicons, matcher, options, provenance }) })
    }

    /// The lexicons.
    pub fn lexicons(&self) -> &Lexicons {
        &self.inner.lexicons
    }

    /// The settings.
    pub fn options(&self) -> &ScanOptions {
        &self.inner.options
    }

    /// What every record this analyser makes carries as its provenance.
    pub fn provenance(&self) -> &Provenance {
        &self.inner.provenance
    }

    /// The stages, borrowed from this analyser.
    pub fn pipeline(&self) -> Pipeline<'_> {
        Pipeline { lexicons: &self.inner.lexicons, matcher: &self.inner.matcher, options: &self.inner.options }
    }

    /// Analyses one document's bytes, named `name` (a path, an object key, a URL: it is only reported and, for
    /// the format, its extension read). Never panics: a document over the file-size limit fails `too_large`,
    /// and a panic while handling it is its `internal` failure.
    pub fn analyse(&self, bytes: &[u8], name: &str) -> Entry<'_> {
        let mut entry = self.pipeline().analyse_bytes(bytes, PathBuf::from(name));
        if self.inner.options.redact_paths {
            entry.path = pseudonym(&entry.path, entry.sha256.as_ref());
        }
        entry
    }

    /// The JSON record of one document: exactly the line `rolefit scan --format jsonl` writes for it, without
    /// `ordinal` (a document analysed on its own has no place in a run) and without the line end.
    pub fn record(&self, bytes: &[u8], name: &str) -> String {
        json::record(&self.analyse(bytes, name), Some(self.provenance()))
    }

    /// Analyses every input in parallel and hands each entry to `sink` in input order (see [`Pipeline::run`]).
    pub fn run<'a>(
        &'a self,
        inputs: &[Input],
        stdin: Option<&[u8]>,
        sink: &mut dyn FnMut(Entry<'a>) -> io::Result<()>,
    ) -> io::Result<Summary> {
        self.pipeline().run(inputs, stdin, sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer(options: ScanOptions) -> Analyzer {
        Analyzer::new(Lexicons::embedded().expect("embedded"), options).expect("compiles")
    }

    #[test]
    fn an_analyzer_is_shared_by_threads_and_gives_the_same_record_in_each() {
        fn shareable<T: Send + Sync + Clone>() {}
        shareable::<Analyzer>();
        let analyzer = analyzer(ScanOptions::default());
        let text = b"Cloud Engineer\nResponsibilities\nWrite Terraform modules, run Kubernetes on AWS, on-call.\n";
        let here = analyzer.record(text, "job.txt");
        let there =
            std::thread::scope(|s| s.spawn(|| analyzer.clone().record(text, "job.txt")).join().expect("thread"));
        assert_eq!(here, there);
        let record: serde_json::Value = serde_json::from_str(&here).expect("JSON");
        assert_eq!(record["fit"], "engineer");
        assert!(record.get("ordinal").is_none());
        assert_eq!(record["sha256"].as_str().map(str::len), Some(64));
        assert_eq!(record["provenance"]["options"], "");
    }

    #[test]
    fn limits_apply_to_bytes_handed_in_directly() {
        let analyzer = analyzer(ScanOptions { max_file_size: 10, ..ScanOptions::default() });
        let record: serde_json::Value =
            serde_json::from_str(&analyzer.record(b"Terraform and AWS, far more than ten bytes", "x.txt"))
                .expect("JSON");
        assert_eq!((record["status"].as_str(), record["error"]["kind"].as_str()), (Some("failed"), Some("too_large")));
        assert_eq!(record["provenance"]["options"], "max-file-size=10");
    }

    #[test]
    fn a_document_over_the_size_limit_has_no_content_hash_as_when_scan_refuses_to_read_it() {
        let analyzer = analyzer(ScanOptions { max_file_size: 4, ..ScanOptions::default() });
        assert_eq!(analyzer.analyse(b"Terraform", "x.txt").sha256, None);
        assert!(analyzer.analyse(b"AWS", "x.txt").sha256.is_some());
    }

    #[test]
    fn doc_timeouts_are_checked_as_the_cli_checks_them() {
        assert_eq!(doc_timeout(2.5), Ok(Duration::from_millis(2500)));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, MAX_DOC_TIMEOUT + 1.0] {
            assert!(doc_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn redacted_paths_come_from_the_content() {
        let analyzer = analyzer(ScanOptions { redact_paths: true, ..ScanOptions::default() });
        let (a, b) = (analyzer.analyse(b"Terraform", "/mnt/a/Jane Doe.txt"), analyzer.analyse(b"Terraform", "b.txt"));
        assert_eq!(a.path, b.path);
        assert!(a.path.to_string_lossy().starts_with("document-"));
    }
}
