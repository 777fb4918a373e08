//! The report of `rolefit match`: per posting, resumes ranked best first, as a table (fitting 100 columns), JSON
//! (`rolefit.match/1`, `schema/match.schema.json`), JSON Lines, CSV, or one self-contained HTML page (one resume:
//! each posting side by side with it; several: the ranking); with several postings, what each resume would gain
//! most by learning. The table shows names, titles and messages through [`crate::report::terminal_safe`]; the
//! page escapes them, and CSV neutralises formula cells.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::assess::Requirement;
use crate::outcome::{Analysis, Entry, Outcome};
use crate::posting_match::{Ask, Fit, Gap};
use crate::report::csv::neutralise;
use crate::report::html::{escape, utc_date};
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
    out: &mut (impl Write + ?Sized),
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

/// One posting of a match run, with its asks and its ranking.
pub struct PostingMatch<'a, 'l> {
    /// The posting as given or found in a folder.
    pub path: PathBuf,
    /// Its analysis.
    pub analysis: &'a Analysis<'l>,
    /// What it asks for, heaviest first.
    pub asks: Vec<Ask>,
    /// The resumes, best first.
    pub ranked: Vec<Fit>,
}

/// A document of a match run that is not in the rankings, and why.
#[derive(Clone, Debug)]
pub struct LeftOut {
    /// Its path.
    pub path: PathBuf,
    /// What it was given as: `resume` or `posting`.
    pub given_as: &'static str,
    /// Why it is left out.
    pub reason: String,
}

/// Everything a match report shows.
pub struct MatchRun<'a, 'l> {
    /// The postings that could be matched.
    pub postings: Vec<PostingMatch<'a, 'l>>,
    /// The resumes (analysed or not), in input order.
    pub resumes: &'a [Entry<'l>],
    /// Documents left out: resumes that are postings, postings that could not be analysed or ask for nothing.
    pub left_out: Vec<LeftOut>,
    /// One resume against several postings: what the postings ask most that it does not show.
    pub learn_next: Vec<(PathBuf, Vec<Gap>)>,
    /// Most missing skills listed per resume.
    pub max_missing: usize,
    /// When the report was made (seconds since 1970), for the HTML page.
    pub date: Option<u64>,
}

/// The schema of the JSON match report.
pub const SCHEMA: &str = "rolefit.match/1";

/// The whole run as JSON (`rolefit.match/1`).
pub fn json(run: &MatchRun) -> Value {
    let postings: Vec<Value> = run
        .postings
        .iter()
        .map(|p| {
            serde_json::json!({
                "path": p.path.to_string_lossy(),
                "title": p.analysis.title,
                "fit": p.analysis.assessment.fit.as_str(),
                "asks": p.asks.iter().map(ask_value).collect::<Vec<_>>(),
                "resumes": p.ranked.iter().enumerate()
                    .map(|(i, fit)| value(&p.path, p.analysis, i + 1, fit, run.max_missing)).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "schema": SCHEMA,
        "postings": postings,
        "left_out": run.left_out.iter().map(|l| serde_json::json!({
            "path": l.path.to_string_lossy(), "given_as": l.given_as, "reason": l.reason,
        })).collect::<Vec<_>>(),
        "learn_next": run.learn_next.iter().map(|(resume, gaps)| serde_json::json!({
            "resume": resume.to_string_lossy(),
            "postings": run.postings.len(),
            "skills": gaps.iter().map(gap_value).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn gap_value(gap: &Gap) -> Value {
    serde_json::json!({ "skill": gap.skill, "name": gap.name, "asked": gap.asked, "required": gap.required })
}

/// The rankings as CSV, one row per posting and resume (RFC 4180); unless `raw`, cells a spreadsheet would
/// evaluate get a `'` in front, as in `scan --format csv`.
pub fn csv(out: impl Write, run: &MatchRun, raw: bool) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let header = [
        "posting",
        "posting_title",
        "posting_fit",
        "rank",
        "resume",
        "resume_fit",
        "coverage",
        "required_shown",
        "required",
        "missing_required",
        "missing_preferred",
        "problem",
    ];
    let mut write = |row: &[String]| -> io::Result<()> {
        let cells: Vec<Cow<str>> =
            row.iter().map(|c| if raw { Cow::Borrowed(c.as_str()) } else { neutralise(c) }).collect();
        w.write_record(cells.iter().map(|c| c.as_bytes())).map_err(io::Error::other)
    };
    write(&header.map(String::from))?;
    for p in &run.postings {
        for (i, fit) in p.ranked.iter().enumerate() {
            let missing = |r: Requirement| {
                let names: Vec<&str> =
                    fit.missing.iter().filter(|a| a.requirement == r).map(|a| a.name.as_str()).collect();
                names.join("; ")
            };
            write(&[
                p.path.to_string_lossy().into_owned(),
                p.analysis.title.clone().unwrap_or_default(),
                p.analysis.assessment.fit.as_str().to_string(),
                (i + 1).to_string(),
                fit.resume.to_string_lossy().into_owned(),
                fit.resume_fit.clone().unwrap_or_default(),
                fit.coverage.map(|c| format!("{c:.1}")).unwrap_or_default(),
                fit.required_shown.0.to_string(),
                fit.required_shown.1.to_string(),
                missing(Requirement::Required),
                missing(Requirement::Preferred),
                fit.problem.clone().unwrap_or_default(),
            ])?;
        }
    }
    w.flush()
}

/// "What to learn next" as a table for people.
pub fn learn_next_table(out: &mut (impl Write + ?Sized), run: &MatchRun, max: usize) -> io::Result<()> {
    for (resume, gaps) in &run.learn_next {
        writeln!(
            out,
            "LEARN NEXT for {} — skills the {} postings ask for that it does not show",
            safe(&resume.to_string_lossy()),
            run.postings.len()
        )?;
        writeln!(out, "{:>6}  {:>8}  SKILL", "ASKED", "REQUIRED")?;
        for gap in gaps.iter().take(max) {
            writeln!(out, "{:>6}  {:>8}  {}", gap.asked, gap.required, safe(&gap.name))?;
        }
        if gaps.is_empty() {
            writeln!(out, "        (none: it shows every skill they ask for)")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

const MATCH_STYLE: &str = "*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;padding:1rem 1.5rem 3rem;max-width:1200px;color:#1d2330;background:#f7f8fa}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-top:.4rem;border-top:2px solid #e3e6eb;overflow-wrap:anywhere}
a{color:#0b5cab}.muted,.meta{color:#5b6370}.meta{font-size:.85rem;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.4rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}
thead th{background:#eef1f5}.num{text-align:right;font-variant-numeric:tabular-nums}.path{overflow-wrap:anywhere}
.scroll{overflow-x:auto;border:1px solid #e3e6eb;border-radius:6px}
.cover{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}.stat{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:.4rem .9rem}
.stat b{display:block;font-size:1.5rem}.meter{height:.6rem;background:#e3e6eb;border-radius:3px;overflow:hidden;margin-top:.3rem;min-width:8rem}
.meter span{display:block;height:100%;background:#0072B2}
.req{font-size:.8rem;font-weight:600;border-radius:3px;padding:0 .35rem;white-space:nowrap}.req.required{background:#fbe3d6;color:#8a3a00}.req.preferred{background:#e6eef7;color:#0b4a82}
.yes{color:#00704f;font-weight:600}.no{color:#a03c00;font-weight:600}.ev{font-family:ui-monospace,Menlo,monospace;font-size:12px;color:#39414f;overflow-wrap:anywhere;display:block}
.note{background:#fff8e6;border:1px solid #f0d9a0;border-radius:6px;padding:.5rem .8rem}
@media (max-width:640px){body{padding:.6rem .7rem 2rem;font-size:14px}
table.stack thead{display:none}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tr{border-bottom:2px solid #e3e6eb;padding:.3rem 0}table.stack td{border:0;padding:.1rem .6rem;text-align:left}
table.stack td[data-label]::before{content:attr(data-label) ': ';font-weight:600;color:#5b6370}.scroll{overflow-x:visible}}";

/// The run as one self-contained HTML page: for one resume, each posting side by side with it (coverage,
/// required and preferred asks, each found or missing with the lines that show it); for several, each
/// posting's ranking; with several postings, what to learn next. Every piece of document text is escaped.
pub fn html(out: &mut (impl Write + ?Sized), run: &MatchRun) -> io::Result<()> {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>rolefit match</title><style>{MATCH_STYLE}</style></head><body>\n<header id=\"top\">\
         <h1>rolefit match</h1>\n<p class=\"meta\">"
    );
    if let Some(date) = run.date {
        let _ = write!(h, "Made {} · ", utc_date(date));
    }
    let analysed: Vec<&Entry> = run.resumes.iter().filter(|e| matches!(e.outcome, Outcome::Analysed(_))).collect();
    let _ = writeln!(
        h,
        "{} {} · {} posting{}, {} resume{}</p></header>",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        run.postings.len(),
        if run.postings.len() == 1 { "" } else { "s" },
        run.resumes.len(),
        if run.resumes.len() == 1 { "" } else { "s" }
    );
    if !run.left_out.is_empty() {
        h.push_str("<div class=\"note\" id=\"left-out\"><b>Left out</b><ul>");
        for l in &run.left_out {
            let _ = write!(
                h,
                "<li><span class=\"path\">{}</span> (given as a {}): {}</li>",
                escape(&l.path.to_string_lossy()),
                l.given_as,
                escape(&l.reason)
            );
        }
        h.push_str("</ul></div>\n");
    }
    if run.postings.len() > 1 || !run.learn_next.is_empty() {
        h.push_str("<nav aria-label=\"Contents\"><ul>");
        if !run.learn_next.is_empty() {
            h.push_str("<li><a href=\"#learn-next\">What to learn next</a></li>");
        }
        for (i, p) in run.postings.iter().enumerate() {
            let _ = write!(h, "<li><a href=\"#posting-{i}\">{}</a></li>", escape(&posting_name(p)));
        }
        h.push_str("</ul></nav>\n");
    }
    for (resume, gaps) in &run.learn_next {
        let _ = write!(
            h,
            "<section id=\"learn-next\"><h2>What to learn next: {}</h2>\n<p class=\"muted\">Skills the {} postings \
             ask for that this resume does not show, the most asked first (then the most often required).</p>\n\
             <div class=\"scroll\"><table class=\"stack\"><thead><tr><th>Skill</th><th class=\"num\">Postings asking</th>\
             <th class=\"num\">Of them requiring</th></tr></thead><tbody>\n",
            escape(&resume.to_string_lossy()),
            run.postings.len()
        );
        for gap in gaps {
            let _ = writeln!(
                h,
                "<tr><td data-label=\"Skill\"><b>{}</b></td><td class=\"num\" data-label=\"Postings asking\">{} of {}</td>\
                 <td class=\"num\" data-label=\"Requiring\">{}</td></tr>",
                escape(&gap.name),
                gap.asked,
                run.postings.len(),
                gap.required
            );
        }
        if gaps.is_empty() {
            h.push_str("<tr><td colspan=\"3\">None: the resume shows every skill the postings ask for.</td></tr>\n");
        }
        h.push_str("</tbody></table></div>\n</section>\n");
    }
    for (i, p) in run.postings.iter().enumerate() {
        let required = p.asks.iter().filter(|a| a.requirement == Requirement::Required).count();
        let _ = write!(
            h,
            "<section id=\"posting-{i}\"><h2>{}</h2>\n<p class=\"meta\">{} · fit {} · {} skills asked ({required} \
             required, {} preferred)</p>\n",
            escape(&posting_name(p)),
            escape(&p.path.to_string_lossy()),
            escape(p.analysis.assessment.fit.as_str()),
            p.asks.len(),
            p.asks.len() - required
        );
        if analysed.len() == 1 && run.resumes.len() == 1 {
            if let (Some(fit), Outcome::Analysed(resume)) = (p.ranked.first(), &analysed[0].outcome) {
                side_by_side(&mut h, p, fit, resume);
            }
        } else {
            ranking(&mut h, p, run.max_missing);
        }
        h.push_str("<a href=\"#top\">↑ back to top</a></section>\n");
    }
    h.push_str("</body></html>\n");
    out.write_all(h.as_bytes())?;
    out.flush()
}

fn posting_name(p: &PostingMatch) -> String {
    p.analysis.title.clone().unwrap_or_else(|| p.path.to_string_lossy().into_owned())
}

fn side_by_side(h: &mut String, p: &PostingMatch, fit: &Fit, resume: &Analysis) {
    let count = |r: Requirement| p.asks.iter().filter(|a| a.requirement == r).count();
    let missing = |r: Requirement| fit.missing.iter().filter(|a| a.requirement == r).count();
    let (req, pref) = (count(Requirement::Required), count(Requirement::Preferred));
    let coverage = fit.coverage.unwrap_or(0.0);
    let _ = write!(
        h,
        "<div class=\"cover\"><div class=\"stat\"><b>{coverage:.0}%</b>coverage<div class=\"meter\"><span style=\"width:{coverage:.0}%\"></span></div></div>\
         <div class=\"stat\"><b>{} of {req}</b>required skills shown</div><div class=\"stat\"><b>{} of {pref}</b>preferred skills shown</div></div>\n\
         <p class=\"muted\">Resume: {} — {}. Coverage is the weighted share of the posting's skills the resume shows; a \
         required skill weighs twice a preferred one.</p>\n",
        req - missing(Requirement::Required),
        pref - missing(Requirement::Preferred),
        escape(&fit.resume.to_string_lossy()),
        escape(resume.title.as_deref().unwrap_or("no title")),
    );
    h.push_str(
        "<div class=\"scroll\"><table class=\"stack side\"><thead><tr><th>Skill</th><th>The posting asks</th>\
         <th>The resume</th></tr></thead><tbody>\n",
    );
    for ask in &p.asks {
        let posting_line = evidence_cell(p.analysis, &ask.skill).unwrap_or_default();
        let shown = !fit.missing.iter().any(|m| m.skill == ask.skill);
        let resume_cell = if shown {
            let line = evidence_cell(resume, &ask.skill)
                .unwrap_or_else(|| "<span class=\"ev\">through a skill that implies it</span>".into());
            format!("<span class=\"yes\">✓ found</span>{line}")
        } else {
            "<span class=\"no\">✗ missing</span>".into()
        };
        let kind = match ask.requirement {
            Requirement::Required => "required",
            Requirement::Preferred => "preferred",
        };
        let _ = writeln!(
            h,
            "<tr><td data-label=\"Skill\"><b>{}</b></td><td data-label=\"Posting\"><span class=\"req {kind}\">{kind}</span>{posting_line}</td>\
             <td data-label=\"Resume\">{resume_cell}</td></tr>",
            escape(&ask.name)
        );
    }
    h.push_str("</tbody></table></div>\n");
}

/// The first line that shows `skill` in a document, as a cell of the side-by-side table.
fn evidence_cell(analysis: &Analysis, skill: &str) -> Option<String> {
    let evidence = analysis.assessment.matched.iter().find(|m| m.skill == skill)?.evidence.first()?;
    Some(format!("<span class=\"ev\">line {}: {}</span>", evidence.line, escape(&evidence.snippet)))
}

fn ranking(h: &mut String, p: &PostingMatch, max_missing: usize) {
    h.push_str(
        "<div class=\"scroll\"><table class=\"stack ranking\"><thead><tr><th class=\"num\">Rank</th><th>Resume</th>\
         <th class=\"num\">Coverage</th><th class=\"num\">Required shown</th><th>Fit</th><th>Missing</th></tr></thead><tbody>\n",
    );
    for (i, fit) in p.ranked.iter().enumerate() {
        match fit.coverage {
            Some(coverage) => {
                let missing: Vec<String> = fit
                    .missing
                    .iter()
                    .take(max_missing)
                    .map(|a| match a.requirement {
                        Requirement::Required => escape(&a.name),
                        Requirement::Preferred => {
                            format!("{} <span class=\"muted\">(preferred)</span>", escape(&a.name))
                        }
                    })
                    .collect();
                let _ = writeln!(
                    h,
                    "<tr><td class=\"num\" data-label=\"Rank\">{}</td><td class=\"path\" data-label=\"Resume\">{}</td>\
                     <td class=\"num\" data-label=\"Coverage\">{coverage:.1}%<div class=\"meter\"><span style=\"width:{coverage:.0}%\"></span></div></td>\
                     <td class=\"num\" data-label=\"Required shown\">{} of {}</td><td data-label=\"Fit\">{}</td><td data-label=\"Missing\">{}</td></tr>",
                    i + 1,
                    escape(&fit.resume.to_string_lossy()),
                    fit.required_shown.0,
                    fit.required_shown.1,
                    escape(fit.resume_fit.as_deref().unwrap_or("")),
                    missing.join(", ")
                );
            }
            None => {
                let _ = writeln!(
                    h,
                    "<tr><td class=\"num\">–</td><td class=\"path\" data-label=\"Resume\">{}</td><td colspan=\"4\" data-label=\"Not analysed\">{}</td></tr>",
                    escape(&fit.resume.to_string_lossy()),
                    escape(fit.problem.as_deref().unwrap_or(""))
                );
            }
        }
    }
    h.push_str("</tbody></table></div>\n");
}
