//! The report of `rolefit match`: per posting, resumes ranked best first, as a table (fitting 100 columns) or as
//! JSON (`rolefit.match/1`) and JSON Lines. The table shows names, titles and messages through
//! [`crate::report::terminal_safe`].

use std::io::{self, Write};
use std::path::Path;

use serde_json::Value;

use crate::assess::Requirement;
use crate::outcome::Analysis;
use crate::posting_match::{Ask, Fit};
use crate::report::table::{WIDTH, wrap};
use crate::report::terminal::terminal_safe as safe;

/// One posting ask as JSON.
pub fn ask_value(ask: &Ask) -> Value {
    serde_json::json!({ "skill": ask.skill, "name": ask.name, "requirement": ask.requirement, "weight": ask.weight })
}

/// One ranked resume of one posting as JSON (`rolefit.match/1`).
pub fn value(posting: &Path, analysis: &Analysis, rank: usize, fit: &Fit, max_missing: usize) -> Value {
    serde_json::json!({
        "posting": posting.to_string_lossy(),
        "posting_fit": analysis.assessment.fit.as_str(),
        "rank": rank,
        "resume": fit.resume.to_string_lossy(),
        "resume_fit": fit.resume_fit,
        "coverage": fit.coverage,
        "required_shown": fit.required_shown.0,
        "required": fit.required_shown.1,
        "missing": fit.missing.iter().take(max_missing).map(ask_value).collect::<Vec<_>>(),
        "problem": fit.problem,
    })
}

/// Where the lines under a ranked resume start.
const MATCH_INDENT: usize = 32;

/// One posting's ranking as a table for people, fitting 100 columns.
pub fn table(
    out: &mut impl Write,
    path: &Path,
    posting: &Analysis,
    asks: &[Ask],
    ranked: &[Fit],
    max_missing: usize,
) -> io::Result<()> {
    let required = asks.iter().filter(|a| a.requirement == Requirement::Required).count();
    writeln!(
        out,
        "POSTING {}\n        {}  ·  fit {}  ·  {} skills asked ({required} required)",
        safe(&path.to_string_lossy()),
        safe(posting.title.as_deref().unwrap_or("(no title)")),
        posting.assessment.fit.as_str(),
        asks.len()
    )?;
    writeln!(out, "{:>4}  {:>6}  {:>8}  {:<10} RESUME", "RANK", "COVER", "REQUIRED", "FIT")?;
    for (i, fit) in ranked.iter().enumerate() {
        match (fit.coverage, &fit.problem) {
            (Some(coverage), _) => {
                let (shown, of) = fit.required_shown;
                let resume_fit = fit.resume_fit.as_deref().unwrap_or("");
                writeln!(
                    out,
                    "{:>4}  {coverage:>5.1}%  {:>8}  {resume_fit:<10} {}",
                    i + 1,
                    format!("{shown}/{of}"),
                    safe(&fit.resume.to_string_lossy())
                )?;
                if !fit.missing.is_empty() {
                    let names: Vec<String> = fit
                        .missing
                        .iter()
                        .take(max_missing)
                        .map(|a| match a.requirement {
                            Requirement::Required => safe(&a.name).into_owned(),
                            Requirement::Preferred => format!("{} (preferred)", safe(&a.name)),
                        })
                        .collect();
                    let pad = " ".repeat(MATCH_INDENT);
                    for line in wrap(&format!("missing: {}", names.join(", ")), WIDTH - MATCH_INDENT, 2) {
                        writeln!(out, "{pad}{line}")?;
                    }
                }
            }
            (None, problem) => writeln!(
                out,
                "{:>4}  {:>6}  {:>8}  {:<10} {}  ({})",
                "-",
                "-",
                "-",
                "-",
                safe(&fit.resume.to_string_lossy()),
                safe(problem.as_deref().unwrap_or(""))
            )?,
        }
    }
    writeln!(out)
}
