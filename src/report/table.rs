//! The report for people: one row per document (fit, confidence, a score per role, kind, path), then — unless
//! `--brief` — the strongest evidence and the top missing skills under it, and a one-line summary at the end.
//! Colour only when asked for or on a terminal, never with `NO_COLOR`. Every name, title and message is shown
//! through [`crate::report::terminal_safe`]: no control character from a file reaches the terminal.

use std::io::{self, Write};

use crate::assess::{Fit, MatchedSkill, Requirement};
use crate::lexicon::Lexicons;
use crate::outcome::{Analysis, Entry, Outcome, WarningKind};
use crate::report::Sink;
use crate::report::terminal::terminal_safe as safe;
use crate::scan::Summary;

/// Columns the table fits in.
pub const WIDTH: usize = 100;
/// Characters of a score bar.
const BAR_WIDTH: usize = 5;

/// A score 0–100 as a bar of eighth blocks, [`BAR_WIDTH`] characters wide.
fn bar(score: f64) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let eighths = ((score.clamp(0.0, 100.0) / 100.0) * (BAR_WIDTH * 8) as f64).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    format!("{out:<BAR_WIDTH$}")
}

/// `text` wrapped at word boundaries to `width` characters; continuation lines indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let current = lines.last_mut().map_or(0, |l| l.chars().count());
        if current > 0 && current + 1 + word.chars().count() > width {
            lines.push(" ".repeat(indent));
        }
        let line = lines.last_mut().expect("one line at least");
        if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines
}

/// How many skills the evidence and missing lines name.
const LINE_ITEMS: usize = 6;
/// Width of the fit column.
const FIT_WIDTH: usize = 10;

/// Settings of the table.
#[derive(Clone, Copy, Debug)]
pub struct TableStyle {
    /// Columns to fit in: the terminal's width, or [`WIDTH`] when the table goes to a file or a pipe.
    pub width: usize,
    /// Use ANSI colours.
    pub color: bool,
    /// One line per document, no evidence or missing lines.
    pub brief: bool,
    /// Show each skill's contribution to each role's evidence.
    pub explain: bool,
}

impl Default for TableStyle {
    fn default() -> TableStyle {
        TableStyle { width: WIDTH, color: false, brief: false, explain: false }
    }
}

/// Writes the table.
pub struct TableSink<W: Write> {
    out: W,
    style: TableStyle,
    roles: Vec<String>,
    header_written: bool,
}

impl<W: Write> TableSink<W> {
    /// A table with a score column per role of `lexicons`.
    pub fn new(out: W, lexicons: &Lexicons, style: TableStyle) -> Self {
        TableSink { out, style, roles: lexicons.roles.iter().map(|r| r.id.clone()).collect(), header_written: false }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.style.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }

    fn score_width(&self, role: &str) -> usize {
        role.len().max(BAR_WIDTH + 6)
    }

    /// Writes a detail line under a document, wrapped at the table's width with a hanging indent.
    fn detail(&mut self, text: &str) -> io::Result<()> {
        let pad = " ".repeat(FIT_WIDTH + 1);
        for line in wrap(text, self.style.width.saturating_sub(pad.len()).max(20), 2) {
            writeln!(self.out, "{pad}{line}")?;
        }
        Ok(())
    }

    /// The width of a document line up to its path: fit, confidence, a score per role, kind.
    fn columns_before_path(&self) -> usize {
        FIT_WIDTH + 5 + self.roles.iter().map(|r| 2 + self.score_width(r)).sum::<usize>() + 2 + 7 + 2
    }

    fn header(&mut self) -> io::Result<()> {
        let mut line = format!("{:<FIT_WIDTH$} {:>4}", "FIT", "CONF");
        for role in &self.roles {
            line += &format!("  {:>w$}", role.to_uppercase(), w = self.score_width(role));
        }
        line += "  KIND     PATH";
        writeln!(self.out, "{}", self.paint(&line, "1"))
    }

    fn analysed(&mut self, entry: &Entry, a: &Analysis) -> io::Result<()> {
        let verdict = &a.assessment;
        let fit = format!("{:<FIT_WIDTH$}", verdict.fit.as_str());
        let mut line =
            format!("{} {:>4.2}", self.paint(&fit, fit_colour(verdict.fit.as_str(), &self.roles)), verdict.confidence);
        for (role, score) in &verdict.scores {
            let cell = format!("{} {score:>5.1}", bar(*score));
            line += &format!("  {cell:>w$}", w = self.score_width(role));
        }
        line += &format!("  {:<7}", a.kind.as_str());
        let path = safe(&entry.path.to_string_lossy()).into_owned();
        let tags: String = a.warnings.iter().filter_map(|w| brief_tag(w.kind)).map(|t| format!("  [{t}]")).collect();
        let tags = if self.style.brief { tags } else { String::new() };
        if self.style.brief || self.columns_before_path() + path.chars().count() <= self.style.width {
            writeln!(self.out, "{line}  {path}{}", self.paint(&tags, "33"))?;
        } else {
            // Too narrow for the path on the same line: it gets one of its own, so no line wraps.
            writeln!(self.out, "{}", line.trim_end())?;
            self.detail(&path)?;
        }
        if self.style.brief {
            return Ok(());
        }
        if let Some(title) = &a.title {
            let note = match (&verdict.title_role, verdict.title_mismatch) {
                (Some(role), true) => {
                    self.paint(&format!("  (title says {role}; content says {})", verdict.fit.as_str()), "33")
                }
                _ => String::new(),
            };
            self.detail(&format!("title: {}{note}", safe(title)))?;
        }
        for warning in &a.warnings {
            let line = self.paint(&format!("warning: {}", safe(&warning.message)), "33");
            self.detail(&line)?;
        }
        if !verdict.matched.is_empty() {
            // The fitted role's evidence first, largest contribution first: the line says why *this* role.
            let mut matched: Vec<&MatchedSkill> = verdict.matched.iter().collect();
            if let Fit::Role(role) = &verdict.fit {
                let for_fit =
                    |m: &MatchedSkill| m.contributions.iter().find(|(r, _)| r == role).map_or(0.0, |(_, c)| *c);
                matched.sort_by(|a, b| for_fit(b).total_cmp(&for_fit(a)));
            }
            let items: Vec<String> = matched
                .into_iter()
                .take(LINE_ITEMS)
                .map(|m| {
                    let line = m.evidence.first().map_or(String::new(), |e| format!(" (line {})", e.line));
                    let name = safe(m.name);
                    if m.count > 1 { format!("{name} ×{}{line}", m.count) } else { format!("{name}{line}") }
                })
                .collect();
            let more = more(verdict.matched.len());
            self.detail(&format!("why: {}{more}  [{}]", items.join(", "), safe(&verdict.reason)))?;
        } else {
            self.detail(&format!("why: {}", safe(&verdict.reason)))?;
        }
        if self.style.explain {
            self.explain(a)?;
        }
        let mut roles: Vec<&str> = verdict.missing.iter().map(|m| m.role).collect();
        roles.dedup();
        for role in roles {
            let names: Vec<_> = verdict.missing.iter().filter(|m| m.role == role).map(|m| safe(m.name)).collect();
            let shown = names.iter().take(LINE_ITEMS).map(|n| n.as_ref()).collect::<Vec<_>>().join(", ");
            self.detail(&format!("missing for {role}: {shown}{}", more(names.len())))?;
        }
        Ok(())
    }

    /// Per role: its evidence and every skill's contribution to it, largest first.
    fn explain(&mut self, a: &Analysis) -> io::Result<()> {
        for (role, score) in &a.assessment.scores {
            let mut parts: Vec<(f64, String)> = a
                .assessment
                .matched
                .iter()
                .filter_map(|m| m.contributions.iter().find(|(r, _)| r == role).map(|(_, c)| (*c, m)))
                .map(|(c, m)| {
                    let requirement = match m.requirement {
                        Some(Requirement::Preferred) => " (preferred)",
                        _ => "",
                    };
                    (c, format!("{} +{c}{requirement}", safe(m.name)))
                })
                .collect();
            parts.sort_by(|x, y| y.0.total_cmp(&x.0));
            let evidence: f64 = parts.iter().map(|(c, _)| c).sum();
            let items: Vec<String> = parts.into_iter().map(|(_, p)| p).collect();
            self.detail(&format!("{role}: evidence {evidence:.2} → score {score:.1} = {}", items.join(", ")))?;
        }
        Ok(())
    }

    fn settled(&mut self, entry: &Entry, status: &str, message: &str, colour: &str) -> io::Result<()> {
        let status = self.paint(&format!("{status:<FIT_WIDTH$}"), colour);
        writeln!(self.out, "{status} {}  ({})", safe(&entry.path.to_string_lossy()), safe(message))
    }
}

/// What `--brief` adds after the path for a warning that changes how its line reads (a zero score from an
/// image-only scan is not a non-cloud document).
fn brief_tag(kind: WarningKind) -> Option<&'static str> {
    match kind {
        WarningKind::ImageOnly => Some("image only: run OCR"),
        WarningKind::LittleText => Some("little text"),
        WarningKind::Garbled => Some("garbled text"),
        WarningKind::TruncatedByLimit => Some("partly read"),
        WarningKind::Repaired | WarningKind::Columns | WarningKind::NotEnglish => None,
    }
}

fn more(total: usize) -> String {
    if total > LINE_ITEMS { format!(", … {} more", total - LINE_ITEMS) } else { String::new() }
}

/// ANSI colour per fit: one per role, then hybrid and unclear.
fn fit_colour(fit: &str, roles: &[String]) -> &'static str {
    const ROLE_COLOURS: &[&str] = &["1;34", "1;32", "1;36", "1;35"];
    match fit {
        "hybrid" => "1;35",
        "unclear" => "2",
        role => roles.iter().position(|r| r == role).map_or("1", |i| ROLE_COLOURS[i % ROLE_COLOURS.len()]),
    }
}

impl<'l, W: Write> Sink<'l> for TableSink<W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        if !std::mem::replace(&mut self.header_written, true) {
            self.header()?;
        }
        match &entry.outcome {
            Outcome::Analysed(a) => self.analysed(entry, a),
            Outcome::Skipped(s) => self.settled(entry, "skipped", &s.message, "2"),
            Outcome::Failed(f) => self.settled(entry, "FAILED", &f.message, "1;31"),
        }
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let fits: Vec<String> = summary.fits.iter().map(|(f, n)| format!("{f} {n}")).collect();
        let line = format!(
            "{} document{}: {} ok, {} skipped, {} failed · {}",
            summary.documents,
            if summary.documents == 1 { "" } else { "s" },
            summary.ok,
            summary.skipped,
            summary.failed,
            fits.join(" · ")
        );
        writeln!(self.out, "\n{}", self.paint(&line, "1"))?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_grow_with_the_score_in_eighths() {
        assert_eq!(bar(0.0), "     ");
        assert_eq!(bar(100.0), "█████");
        assert_eq!(bar(50.0), "██▌  ");
        assert_eq!(bar(150.0), "█████", "clamped");
    }

    #[test]
    fn long_detail_lines_wrap_at_word_boundaries_with_a_hanging_indent() {
        let lines = wrap("why: alpha beta gamma delta epsilon", 16, 2);
        assert_eq!(lines, vec!["why: alpha beta", "  gamma delta", "  epsilon"]);
        assert!(lines.iter().all(|l| l.chars().count() <= 16));
    }
}
