//! How good is the fit on labelled documents? `rolefit eval --labels FILE.csv` runs the same pipeline as `scan`
//! on every file the CSV lists (columns `file,gold`; paths relative to the CSV; other columns ignored) and
//! compares the fit with `gold`: a role id, `hybrid`, `none` (not a cloud role: `unclear` is right) or `any`
//! (not scored).
//!
//! With `--mask-role-words` the corpus protocol applies: the role nouns are hidden before matching, so the
//! figures measure what the *content* says.
//!
//! A CSV with a `title_role` column and no `gold` column is a *title-labelled* set (`../shared/corpus/weak/`): its
//! documents are labelled only by what their titles say, which disagrees with the content about one time in
//! seven, so they are not scored; the evaluation reports the share of each fit per title role instead, to show
//! how a change behaves at scale.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::assess::MatchedSkill;
use crate::outcome::Outcome;
use crate::scan::{Pipeline, read_file, worker_pool};

/// `gold` value of documents that are not scored.
pub const NOT_SCORED: &str = "any";
/// `gold` value of documents that are no cloud role.
pub const NO_ROLE: &str = "none";
/// Upper bounds of the confidence bands reported.
pub const CONFIDENCE_BANDS: &[f64] = &[0.33, 0.66, 1.0];

/// One labelled document.
#[derive(Clone, Debug)]
pub struct Label {
    /// The path as written in the CSV (with the CSV's folder in front when several are evaluated together).
    pub file: String,
    /// The path resolved against the CSV's folder.
    pub path: PathBuf,
    /// The expected fit.
    pub gold: String,
    /// The role the document's own title names, when the CSV has a `title_role` column and it is filled.
    pub title_role: Option<String>,
    /// In a title-labelled set (no `gold` column), the `title_role` as written: a role id or `none`.
    pub title_label: Option<String>,
}

/// A problem with the labels file itself.
#[derive(Debug, thiserror::Error)]
pub enum LabelsError {
    /// The CSV could not be read or parsed.
    #[error("{path}: {message}")]
    Csv {
        /// The labels file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads a labels CSV; `roles` are the valid role ids for `gold`.
pub fn read_labels(csv_path: &Path, roles: &[String]) -> Result<Vec<Label>, LabelsError> {
    let fail = |message: String| LabelsError::Csv { path: csv_path.display().to_string(), message };
    let mut reader = csv::Reader::from_path(csv_path).map_err(|e| fail(e.to_string()))?;
    let headers = reader.headers().map_err(|e| fail(e.to_string()))?.clone();
    let column =
        |name: &str| headers.iter().position(|h| h.trim() == name).ok_or_else(|| fail(format!("no `{name}` column")));
    let file_col = column("file")?;
    let title_col = column("title_role").ok();
    // Without `gold`, a `title_role` column makes a title-labelled set.
    let gold_col = match (column("gold"), title_col) {
        (Ok(c), _) => Some(c),
        (Err(_), Some(_)) => None,
        (Err(e), None) => return Err(e),
    };
    let base = csv_path.parent().unwrap_or(Path::new(""));
    let mut labels = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| fail(e.to_string()))?;
        let file = record.get(file_col).unwrap_or("").trim().to_string();
        let title = title_col.and_then(|c| record.get(c)).map(str::trim);
        let (gold, title_label) = match gold_col {
            Some(c) => (record.get(c).unwrap_or("").trim().to_string(), None),
            None => (NOT_SCORED.to_string(), title.filter(|t| !t.is_empty()).map(String::from)),
        };
        let valid = roles.contains(&gold) || ["hybrid", NO_ROLE, NOT_SCORED].contains(&gold.as_str());
        if file.is_empty() || !valid {
            return Err(fail(format!(
                "row {}: need a file and a gold of {}, hybrid, none or any (got {gold:?})",
                i + 2,
                roles.join(", ")
            )));
        }
        let title_role = title.filter(|t| roles.iter().any(|r| r == t)).map(String::from);
        labels.push(Label { path: base.join(&file), file, gold, title_role, title_label });
    }
    Ok(labels)
}

/// The result for one scored document.
#[derive(Clone, Debug)]
pub struct Scored {
    /// The path as named by its [`Label`].
    pub file: String,
    /// The expected fit.
    pub gold: String,
    /// The fit given, or `skipped`/`failed`.
    pub predicted: String,
    /// Confidence of the fit.
    pub confidence: f64,
    /// Scores per role.
    pub scores: Vec<(String, f64)>,
    /// Per role, the skills that added most to its evidence: (name, contribution, line, snippet).
    pub strongest: Vec<(String, Vec<Strongest>)>,
    /// The label's title role.
    pub label_title_role: Option<String>,
    /// Whether the unmasked run flagged a title/content mismatch (`None` without an unmasked run).
    pub title_mismatch: Option<bool>,
}

impl Scored {
    /// Whether the fit is what `gold` asks for (`none` asks for `unclear`).
    pub fn correct(&self) -> bool {
        self.predicted == self.gold || (self.gold == NO_ROLE && self.predicted == "unclear")
    }
}

/// A skill that added much to a role's evidence, with where it was found.
#[derive(Clone, Debug)]
pub struct Strongest {
    /// Skill name.
    pub name: String,
    /// What it added to the role's evidence.
    pub contribution: f64,
    /// Line of its best evidence.
    pub line: usize,
    /// The evidence snippet.
    pub snippet: String,
}

/// All results of an evaluation run.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Role ids, in lexicon order.
    pub roles: Vec<String>,
    /// One per scored label, in CSV order.
    pub results: Vec<Scored>,
    /// Labels not scored (`any`, and the title-labelled ones).
    pub not_scored: usize,
    /// Title-labelled documents: `(title role as labelled, fit given)`, in CSV order.
    pub titled: Vec<(String, String)>,
}

/// For one title role of a title-labelled set: the title role, how many documents have it, and how many of them
/// got each fit, most frequent first.
pub type TitleAgreement = (String, usize, Vec<(String, usize)>);

/// Skills shown per role for each miss.
const STRONGEST_SHOWN: usize = 3;

/// Runs `pipeline` on every scored label. With `unmasked` (a pipeline that keeps the role words), title
/// mismatches are measured on its run, since hiding the role words hides the titles too.
pub fn evaluate(labels: &[Label], pipeline: &Pipeline<'_>, unmasked: Option<&Pipeline<'_>>) -> Evaluation {
    let roles: Vec<String> = pipeline.lexicons.roles.iter().map(|r| r.id.clone()).collect();
    let scored: Vec<&Label> = labels.iter().filter(|l| l.gold != NOT_SCORED).collect();
    let titled: Vec<&Label> = labels.iter().filter(|l| l.title_label.is_some()).collect();
    let analyse = || -> (Vec<Scored>, Vec<(String, String)>) {
        let results = scored.par_iter().map(|label| score(label, pipeline, unmasked)).collect();
        let titled = titled
            .par_iter()
            .map(|label| (label.title_label.clone().unwrap_or_default(), predicted(&outcome(label, pipeline))))
            .collect();
        (results, titled)
    };
    let (results, titled) = match worker_pool(pipeline.options.threads) {
        Ok(pool) => pool.install(analyse),
        Err(_) => analyse(),
    };
    Evaluation { roles, results, not_scored: labels.len() - scored.len(), titled }
}

fn outcome<'l>(label: &Label, pipeline: &Pipeline<'l>) -> Outcome<'l> {
    match read_file(&label.path, pipeline.options.max_file_size) {
        Ok(bytes) => pipeline.analyse(&bytes, &label.path),
        Err(f) => Outcome::Failed(f),
    }
}

/// The fit given, or `skipped`/`failed`.
fn predicted(outcome: &Outcome<'_>) -> String {
    match outcome {
        Outcome::Analysed(a) => a.assessment.fit.as_str().to_string(),
        Outcome::Skipped(_) => "skipped".into(),
        Outcome::Failed(_) => "failed".into(),
    }
}

/// Scores one label. Title mismatches come from `unmasked` when the role words are hidden in `pipeline` (hiding
/// them hides the titles too), else from the same run.
fn score(label: &Label, pipeline: &Pipeline<'_>, unmasked: Option<&Pipeline<'_>>) -> Scored {
    let outcome = outcome(label, pipeline);
    let mut scored = Scored {
        file: label.file.clone(),
        gold: label.gold.clone(),
        predicted: predicted(&outcome),
        confidence: 0.0,
        scores: Vec::new(),
        strongest: Vec::new(),
        label_title_role: label.title_role.clone(),
        title_mismatch: None,
    };
    let flagged = |outcome: &Outcome<'_>| matches!(outcome, Outcome::Analysed(a) if a.assessment.title_mismatch);
    scored.title_mismatch = match unmasked {
        Some(titles) if pipeline.options.mask_role_words => Some(flagged(&self::outcome(label, titles))),
        _ if pipeline.options.mask_role_words => None,
        _ => Some(flagged(&outcome)),
    };
    if let Outcome::Analysed(a) = outcome {
        let verdict = a.assessment;
        scored.confidence = verdict.confidence;
        scored.strongest = strongest(&verdict.matched, &verdict.scores);
        scored.scores = verdict.scores.iter().map(|&(role, s)| (role.to_string(), s)).collect();
    }
    scored
}

/// Per role, the skills with the largest contributions, with their best evidence.
fn strongest(matched: &[MatchedSkill], scores: &[(&str, f64)]) -> Vec<(String, Vec<Strongest>)> {
    scores
        .iter()
        .map(|(role, _)| {
            let mut top: Vec<Strongest> = matched
                .iter()
                .filter_map(|m| {
                    let (_, c) = m.contributions.iter().find(|(r, _)| r == role)?;
                    let e = m.evidence.first()?;
                    Some(Strongest {
                        name: m.name.to_string(),
                        contribution: *c,
                        line: e.line,
                        snippet: e.snippet.clone(),
                    })
                })
                .collect();
            top.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
            top.truncate(STRONGEST_SHOWN);
            (role.to_string(), top)
        })
        .collect()
}

/// `correct / total`, or `None` when there is nothing to count.
fn share(correct: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| correct as f64 / total as f64)
}

impl Evaluation {
    fn role_results(&self) -> impl Iterator<Item = &Scored> {
        self.results.iter().filter(|r| self.roles.contains(&r.gold))
    }

    /// Share of role-labelled documents whose fit is the gold role.
    pub fn accuracy(&self) -> Option<f64> {
        share(self.role_results().filter(|r| r.correct()).count(), self.role_results().count())
    }

    /// Share of documents labelled `role` that fit `role`.
    pub fn recall(&self, role: &str) -> Option<f64> {
        let gold: Vec<_> = self.results.iter().filter(|r| r.gold == role).collect();
        share(gold.iter().filter(|r| r.correct()).count(), gold.len())
    }

    /// Share of documents fitted `role` (among the scored ones) that are labelled `role`.
    pub fn precision(&self, role: &str) -> Option<f64> {
        let predicted: Vec<_> = self.results.iter().filter(|r| r.predicted == role).collect();
        share(predicted.iter().filter(|r| r.correct()).count(), predicted.len())
    }

    /// Share of `none` documents called `unclear`.
    pub fn controls(&self) -> Option<f64> {
        self.recall(NO_ROLE)
    }

    /// Share of `hybrid` documents called `hybrid`.
    pub fn hybrid(&self) -> Option<f64> {
        self.recall("hybrid")
    }

    /// Accuracy of the role-labelled documents per confidence band: `(upper bound, correct, total)`.
    pub fn bands(&self) -> Vec<(f64, usize, usize)> {
        let mut lower = -1.0;
        CONFIDENCE_BANDS
            .iter()
            .map(|&upper| {
                let in_band: Vec<_> =
                    self.role_results().filter(|r| r.confidence > lower && r.confidence <= upper).collect();
                lower = upper;
                (upper, in_band.iter().filter(|r| r.correct()).count(), in_band.len())
            })
            .collect()
    }

    /// Gold labels and predicted values, in a stable order, for the confusion matrix.
    fn axes(&self) -> (Vec<String>, Vec<String>) {
        let mut gold: Vec<String> = self.roles.clone();
        gold.extend(["hybrid", NO_ROLE].map(String::from));
        gold.retain(|g| self.results.iter().any(|r| &r.gold == g));
        let mut predicted: Vec<String> = self.roles.clone();
        predicted.extend(["hybrid", "unclear", "skipped", "failed"].map(String::from));
        predicted.retain(|p| self.roles.contains(p) || self.results.iter().any(|r| &r.predicted == p));
        (gold, predicted)
    }

    fn count(&self, gold: &str, predicted: &str) -> usize {
        self.results.iter().filter(|r| r.gold == gold && r.predicted == predicted).count()
    }

    /// Title/content mismatches measured on the unmasked run: `(flagged, total)` over documents whose labelled
    /// title role differs from their gold role, and `(flagged, total)` over those where the two agree (false
    /// flags). `None` when the labels have no title roles.
    pub fn title_mismatches(&self) -> Option<((usize, usize), (usize, usize))> {
        let titled: Vec<(&Scored, bool)> = self
            .results
            .iter()
            .filter(|r| self.roles.contains(&r.gold))
            .filter_map(|r| Some((r, r.label_title_role.as_ref()? != &r.gold)))
            .filter(|(r, _)| r.title_mismatch.is_some())
            .collect();
        if titled.is_empty() {
            return None;
        }
        let count = |mismatch: bool| {
            let group: Vec<_> = titled.iter().filter(|(_, m)| *m == mismatch).collect();
            (group.iter().filter(|(r, _)| r.title_mismatch == Some(true)).count(), group.len())
        };
        Some((count(true), count(false)))
    }

    /// For the title-labelled documents, per title role as labelled (in order of first appearance): how many there
    /// are and how many got each fit, most frequent first.
    pub fn title_agreement(&self) -> Vec<TitleAgreement> {
        let mut titles: Vec<String> = Vec::new();
        for (title, _) in &self.titled {
            if !titles.contains(title) {
                titles.push(title.clone());
            }
        }
        titles
            .into_iter()
            .map(|title| {
                let fits: Vec<&String> = self.titled.iter().filter(|(t, _)| *t == title).map(|(_, f)| f).collect();
                let mut counts: Vec<(String, usize)> = Vec::new();
                for fit in &fits {
                    match counts.iter_mut().find(|(f, _)| f == *fit) {
                        Some(slot) => slot.1 += 1,
                        None => counts.push(((*fit).clone(), 1)),
                    }
                }
                counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                (title, fits.len(), counts)
            })
            .collect()
    }

    /// The results that are wrong, in CSV order.
    pub fn misses(&self) -> Vec<&Scored> {
        self.results.iter().filter(|r| !r.correct()).collect()
    }

    /// The evaluation as readable text.
    pub fn to_text(&self) -> String {
        let pct = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{:.1}%", v * 100.0));
        let mut out = String::new();
        let role_total = self.role_results().count();
        let _ = writeln!(out, "documents scored: {} ({} not scored)", self.results.len(), self.not_scored);
        let _ = writeln!(out, "accuracy on {}: {} of {role_total}", self.roles.join("/"), pct(self.accuracy()));
        for role in &self.roles {
            let _ = writeln!(
                out,
                "  {role:<12} recall {:>6}  precision {:>6}",
                pct(self.recall(role)),
                pct(self.precision(role))
            );
        }
        let _ = writeln!(out, "controls (none → unclear): {}", pct(self.controls()));
        let _ = writeln!(out, "hybrid (hybrid → hybrid):  {}", pct(self.hybrid()));
        if let Some(((flagged, mismatches), (false_flags, agreements))) = self.title_mismatches() {
            let _ = writeln!(
                out,
                "title_mismatch (unmasked): {flagged} of {mismatches} title/content mismatches flagged; {false_flags} false flags of {agreements}"
            );
        }
        let _ = writeln!(out, "\nconfidence band   accuracy");
        let mut lower = 0.0;
        for (upper, correct, total) in self.bands() {
            let _ = writeln!(out, "  {lower:.2}–{upper:.2}       {:>6} of {total}", pct(share(correct, total)));
            lower = upper;
        }
        let agreement = self.title_agreement();
        if !agreement.is_empty() {
            let _ = writeln!(
                out,
                "\ntitle-labelled documents (fit per title role; titles disagree with content about one time in seven)"
            );
            for (title, total, fits) in &agreement {
                let shares: Vec<String> =
                    fits.iter().map(|(fit, n)| format!("{fit} {}", pct(share(*n, *total)))).collect();
                let _ = writeln!(out, "  title {title:<10} {total:>5}   {}", shares.join("  "));
            }
        }
        let (gold, predicted) = self.axes();
        let _ = write!(out, "\nconfusion (rows gold, columns fit)\n  {:<12}", "");
        for p in &predicted {
            let _ = write!(out, "{p:>10}");
        }
        for g in &gold {
            let _ = write!(out, "\n  {g:<12}");
            for p in &predicted {
                let _ = write!(out, "{:>10}", self.count(g, p));
            }
        }
        let misses = self.misses();
        let _ = writeln!(out, "\n\nmisclassified ({}):", misses.len());
        for m in misses {
            let scores: Vec<String> = m.scores.iter().map(|(r, s)| format!("{r} {s:.1}")).collect();
            let _ = writeln!(
                out,
                "  {}  gold {} → {} ({:.2}; {})",
                m.file,
                m.gold,
                m.predicted,
                m.confidence,
                scores.join(", ")
            );
            for (role, top) in &m.strongest {
                let items: Vec<String> = top
                    .iter()
                    .map(|t| format!("{} +{} (line {}: \"{}\")", t.name, t.contribution, t.line, t.snippet))
                    .collect();
                if !items.is_empty() {
                    let _ = writeln!(out, "      for {role}: {}", items.join("; "));
                }
            }
        }
        out
    }

    /// The evaluation as JSON.
    pub fn to_json(&self) -> Value {
        let (gold, predicted) = self.axes();
        let confusion: serde_json::Map<String, Value> = gold
            .iter()
            .map(|g| {
                (g.clone(), Value::Object(predicted.iter().map(|p| (p.clone(), json!(self.count(g, p)))).collect()))
            })
            .collect();
        json!({
            "documents": self.results.len(),
            "not_scored": self.not_scored,
            "accuracy": self.accuracy(),
            "roles": self.roles.iter().map(|r| json!({"role": r, "recall": self.recall(r), "precision": self.precision(r)})).collect::<Vec<_>>(),
            "controls": self.controls(),
            "hybrid": self.hybrid(),
            "confidence_bands": self.bands().iter().map(|(u, c, t)| json!({"up_to": u, "correct": c, "total": t, "accuracy": share(*c, *t)})).collect::<Vec<_>>(),
            "confusion": confusion,
            "title_mismatch": self.title_mismatches().map(|((f, m), (ff, a))| json!({
                "flagged": f, "mismatches": m, "false_flags": ff, "agreements": a,
            })),
            "title_agreement": Value::Object(self.title_agreement().into_iter().map(|(title, total, fits)| (title, json!({
                "documents": total,
                "fits": Value::Object(fits.into_iter().map(|(f, n)| (f, json!(n))).collect()),
            }))).collect()),
            "results": self.results.iter().map(|r| json!({
                "file": r.file, "gold": r.gold, "fit": r.predicted, "correct": r.correct(), "confidence": r.confidence,
                "scores": Value::Object(r.scores.iter().map(|(role, s)| (role.clone(), json!(s))).collect()),
                "title_mismatch": r.title_mismatch,
            })).collect::<Vec<_>>(),
            "misclassified": self.misses().iter().map(|m| json!({
                "file": m.file, "gold": m.gold, "fit": m.predicted, "confidence": m.confidence,
                "scores": Value::Object(m.scores.iter().map(|(r, s)| (r.clone(), json!(s))).collect()),
                "strongest": Value::Object(m.strongest.iter().map(|(role, top)| (role.clone(), Value::Array(top.iter().map(|t| json!({
                    "name": t.name, "contribution": t.contribution, "line": t.line, "snippet": t.snippet,
                })).collect()))).collect()),
            })).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(gold: &str, predicted: &str, confidence: f64) -> Scored {
        Scored {
            file: format!("{gold}-{predicted}"),
            gold: gold.into(),
            predicted: predicted.into(),
            confidence,
            scores: Vec::new(),
            strongest: Vec::new(),
            label_title_role: Some("engineer".into()),
            title_mismatch: Some(predicted == "architect"),
        }
    }

    #[test]
    fn metrics_follow_the_corpus_protocol() {
        let eval = Evaluation {
            roles: vec!["architect".into(), "engineer".into()],
            results: vec![
                scored("architect", "architect", 0.9),
                scored("architect", "engineer", 0.2),
                scored("engineer", "engineer", 0.8),
                scored("engineer", "engineer", 0.5),
                scored("none", "unclear", 0.0),
                scored("hybrid", "engineer", 0.1),
            ],
            not_scored: 3,
            titled: vec![
                ("engineer".into(), "engineer".into()),
                ("engineer".into(), "architect".into()),
                ("none".into(), "unclear".into()),
                ("engineer".into(), "engineer".into()),
            ],
        };
        assert_eq!(eval.accuracy(), Some(0.75));
        assert_eq!(eval.recall("architect"), Some(0.5));
        assert_eq!(eval.recall("engineer"), Some(1.0));
        assert_eq!(eval.precision("engineer"), Some(2.0 / 4.0));
        assert_eq!(eval.controls(), Some(1.0));
        assert_eq!(eval.hybrid(), Some(0.0));
        assert_eq!(eval.bands(), vec![(0.33, 0, 1), (0.66, 1, 1), (1.0, 2, 2)]);
        assert_eq!(eval.misses().len(), 2);
        assert_eq!(eval.count("architect", "engineer"), 1);
        // Titles say engineer: the architect documents are mismatches (one flagged), the engineer ones agree.
        assert_eq!(eval.title_mismatches(), Some(((1, 2), (0, 2))));
        assert_eq!(
            eval.title_agreement(),
            vec![
                ("engineer".into(), 3, vec![("engineer".into(), 2), ("architect".into(), 1)]),
                ("none".into(), 1, vec![("unclear".into(), 1)]),
            ]
        );
    }

    #[test]
    fn a_csv_without_gold_but_with_title_roles_is_title_labelled() {
        let dir = tempfile::tempdir().expect("tempdir");
        let csv = dir.path().join("labels.csv");
        std::fs::write(
            &csv,
            "file,title_role,title
a.txt,engineer,Cloud Engineer
b.txt,none,Accountant
",
        )
        .expect("write");
        let roles = vec!["architect".to_string(), "engineer".to_string()];
        let labels = read_labels(&csv, &roles).expect("valid");
        assert!(labels.iter().all(|l| l.gold == NOT_SCORED));
        let titles: Vec<_> = labels.iter().map(|l| l.title_label.as_deref()).collect();
        assert_eq!(titles, vec![Some("engineer"), Some("none")]);
        std::fs::write(
            &csv,
            "file,title
a.txt,Cloud Engineer
",
        )
        .expect("write");
        assert!(read_labels(&csv, &roles).unwrap_err().to_string().contains("no `gold` column"));
    }

    #[test]
    fn labels_resolve_relative_to_the_csv_and_reject_bad_gold() {
        let dir = tempfile::tempdir().expect("tempdir");
        let csv = dir.path().join("labels.csv");
        std::fs::write(&csv, "file,gold,notes\ntxt/a.txt,architect,\"x, y\"\nb.txt,any,\n").expect("write");
        let roles = vec!["architect".to_string(), "engineer".to_string()];
        let labels = read_labels(&csv, &roles).expect("valid");
        assert_eq!(labels[0].path, dir.path().join("txt/a.txt"));
        assert_eq!(labels[1].gold, "any");
        std::fs::write(&csv, "file,gold\na.txt,wizard\n").expect("write");
        assert!(read_labels(&csv, &roles).unwrap_err().to_string().contains("row 2"));
    }
}
