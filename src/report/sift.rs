//! For people who sift: keep only the documents that fit a role (`--fit`), or that score at least so much
//! (`--min-score`), and list the best first (`--sort score`). Filtering streams; sorting must wait for the last
//! document, so it holds the analyses (never the texts). The summary still counts every input.

use std::io;

use crate::outcome::{Entry, Outcome};
use crate::report::Sink;
use crate::scan::Summary;

/// The order of the listing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Input order: arguments, then paths sorted within folders.
    #[default]
    Path,
    /// Highest score first (ties in input order).
    Score,
}

/// What to keep and in which order.
#[derive(Clone, Debug, Default)]
pub struct SiftOptions {
    /// Keep only documents with this fit (a role id, `hybrid` or `unclear`).
    pub fit: Option<String>,
    /// Keep only documents scoring at least this (for the `fit` role when it is a role, else their best score).
    pub min_score: Option<f64>,
    /// The order.
    pub sort: SortOrder,
}

impl SiftOptions {
    /// Whether these options change the listing at all.
    pub fn is_active(&self) -> bool {
        self.fit.is_some() || self.min_score.is_some() || self.sort != SortOrder::Path
    }

    /// The score a document is sifted and sorted by, or `None` for documents that were not analysed.
    fn score(&self, entry: &Entry) -> Option<f64> {
        let Outcome::Analysed(a) = &entry.outcome else { return None };
        let scores = &a.assessment.scores;
        let of_fit = self.fit.as_ref().and_then(|f| scores.iter().find(|(r, _)| r == f)).map(|(_, s)| *s);
        Some(of_fit.unwrap_or_else(|| scores.iter().map(|(_, s)| *s).fold(0.0, f64::max)))
    }

    fn keeps(&self, entry: &Entry) -> bool {
        let fits = match (&self.fit, &entry.outcome) {
            (None, _) => true,
            (Some(fit), Outcome::Analysed(a)) => a.assessment.fit.as_str() == fit,
            (Some(_), _) => false,
        };
        fits && self.min_score.is_none_or(|min| self.score(entry).is_some_and(|s| s >= min))
    }
}

/// A sink that sifts what reaches `inner`.
pub struct Sifted<'a, 'l> {
    inner: Box<dyn Sink<'l> + 'a>,
    options: SiftOptions,
    held: Vec<(f64, Entry<'l>)>,
}

impl<'a, 'l> Sifted<'a, 'l> {
    /// Sifts entries for `inner`.
    pub fn new(inner: Box<dyn Sink<'l> + 'a>, options: SiftOptions) -> Self {
        Sifted { inner, options, held: Vec::new() }
    }
}

impl<'l> Sink<'l> for Sifted<'_, 'l> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        if !self.options.keeps(entry) {
            return Ok(());
        }
        match self.options.sort {
            SortOrder::Path => self.inner.entry(entry),
            SortOrder::Score => {
                self.held.push((self.options.score(entry).unwrap_or(-1.0), entry.clone()));
                Ok(())
            }
        }
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        // A stable sort keeps input order among equal scores, so the output stays deterministic.
        self.held.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, entry) in std::mem::take(&mut self.held) {
            self.inner.entry(&entry)?;
        }
        self.inner.finish(summary)
    }
}
