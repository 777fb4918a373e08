//! One self-contained HTML page for people who want to *see* the picture: how many documents fit each role (a
//! chart), a sortable table, and a card per document with a score bar per role, matched and missing skills by
//! category, and evidence snippets. No external scripts, fonts or images: it works offline from a file:// URL.
//!
//! Every piece of document text goes through [`escape`]: a resume containing `<script>` shows that text and
//! runs nothing. The page needs every row for its summary, so it keeps the analyses (never the texts) until the
//! end.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::outcome::{Entry, Outcome};
use crate::report::Sink;
use crate::scan::Summary;

/// Writes the page when the scan ends.
pub struct HtmlSink<'l, W: Write> {
    out: W,
    roles: Vec<String>,
    entries: Vec<Entry<'l>>,
}

impl<W: Write> HtmlSink<'_, W> {
    /// A page with a score per role of `roles`.
    pub fn new(out: W, roles: Vec<String>) -> Self {
        HtmlSink { out, roles, entries: Vec::new() }
    }
}

/// `text` safe inside HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#f7f8fa}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.35rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left}
th{cursor:pointer;user-select:none;background:#eef1f5}.bar{display:inline-block;height:.7rem;background:#4b7bd1;border-radius:2px;vertical-align:middle}
.chart .bar{height:1.1rem}.card{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:1rem;margin:1rem 0}
.fit{font-weight:600}.muted{color:#6b7380}.missing{color:#a14a12}.ev{font-family:ui-monospace,monospace;font-size:12px;color:#39414f}
.chart td{border:0}.status-failed{color:#b00020}";

/// Sorts the table by a clicked column (numbers numerically), locally, with no external code.
const SCRIPT: &str = "document.querySelectorAll('th').forEach((th,i)=>th.addEventListener('click',()=>{
const tb=th.closest('table').tBodies[0];const rows=[...tb.rows];const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
rows.sort((a,b)=>{const x=a.cells[i].dataset.v??a.cells[i].textContent,y=b.cells[i].dataset.v??b.cells[i].textContent;
const n=parseFloat(x)-parseFloat(y);const r=isNaN(n)?x.localeCompare(y):n;return asc?r:-r;});rows.forEach(r=>tb.appendChild(r));}));";

impl<'l, W: Write> Sink<'l> for HtmlSink<'l, W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        self.entries.push(entry.clone());
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let page = self.page(summary);
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

impl<W: Write> HtmlSink<'_, W> {
    fn page(&self, summary: &Summary) -> String {
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>rolefit report</title><style>{STYLE}</style></head><body>\n<h1>rolefit report</h1>\n<p class=\"muted\">{} documents: {} analysed, {} skipped, {} failed</p>\n",
            summary.documents, summary.ok, summary.skipped, summary.failed
        );
        h.push_str(&self.chart(summary));
        h.push_str(&self.table());
        for (i, entry) in self.entries.iter().enumerate() {
            h.push_str(&self.card(i, entry));
        }
        let _ = write!(h, "<script>{SCRIPT}</script>\n</body></html>\n");
        h
    }

    fn chart(&self, summary: &Summary) -> String {
        let most = summary.fits.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        let mut h = String::from("<h2>Fit</h2>\n<table class=\"chart\" id=\"chart\"><tbody>\n");
        for (fit, n) in &summary.fits {
            let width = 300 * n / most;
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td><span class=\"bar\" style=\"width:{width}px\"></span> {n}</td></tr>",
                escape(fit)
            );
        }
        h.push_str("</tbody></table>\n");
        h
    }

    fn table(&self) -> String {
        let mut h = String::from(
            "<h2>Documents</h2>\n<table id=\"documents\"><thead><tr><th>Document</th><th>Status</th><th>Kind</th><th>Fit</th><th>Confidence</th>",
        );
        for role in &self.roles {
            let _ = write!(h, "<th>{}</th>", escape(role));
        }
        h.push_str("</tr></thead><tbody>\n");
        for (i, entry) in self.entries.iter().enumerate() {
            let path = escape(&entry.path.to_string_lossy());
            match &entry.outcome {
                Outcome::Analysed(a) => {
                    let v = &a.assessment;
                    let _ = write!(
                        h,
                        "<tr><td><a href=\"#doc-{i}\">{path}</a></td><td>ok</td><td>{}</td><td class=\"fit\">{}</td><td data-v=\"{:.2}\">{:.2}</td>",
                        a.kind.as_str(),
                        escape(v.fit.as_str()),
                        v.confidence,
                        v.confidence
                    );
                    for (_, score) in &v.scores {
                        let _ = write!(
                            h,
                            "<td data-v=\"{score:.1}\"><span class=\"bar\" style=\"width:{}px\"></span> {score:.1}</td>",
                            (score * 0.8) as u32
                        );
                    }
                    h.push_str("</tr>\n");
                }
                Outcome::Skipped(s) => h.push_str(&settled_row(&path, "skipped", &s.message, self.roles.len())),
                Outcome::Failed(f) => h.push_str(&settled_row(&path, "failed", &f.message, self.roles.len())),
            }
        }
        h.push_str("</tbody></table>\n");
        h
    }

    fn card(&self, i: usize, entry: &Entry) -> String {
        let Outcome::Analysed(a) = &entry.outcome else { return String::new() };
        let v = &a.assessment;
        let mut h =
            format!("<section class=\"card\" id=\"doc-{i}\">\n<h3>{}</h3>\n", escape(&entry.path.to_string_lossy()));
        let title = a.title.as_deref().map(|t| format!(" · {}", escape(t))).unwrap_or_default();
        let _ = writeln!(
            h,
            "<p><span class=\"fit\">{}</span> ({:.2}) · {}{title}<br><span class=\"muted\">{}</span></p>",
            escape(v.fit.as_str()),
            v.confidence,
            a.kind.as_str(),
            escape(&v.reason)
        );
        for warning in &a.warnings {
            let _ = writeln!(h, "<p class=\"missing\">warning: {}</p>", escape(&warning.message));
        }
        for (role, score) in &v.scores {
            let _ = writeln!(
                h,
                "<div>{} <span class=\"bar\" style=\"width:{}px\"></span> {score:.1}</div>",
                escape(role),
                (score * 2.0) as u32
            );
        }
        let mut categories: Vec<&str> =
            v.matched.iter().map(|m| m.category).chain(v.missing.iter().map(|m| m.category)).collect();
        categories.sort_unstable();
        categories.dedup();
        h.push_str(
            "<table><thead><tr><th>Category</th><th>Matched (evidence)</th><th>Missing</th></tr></thead><tbody>\n",
        );
        for category in categories {
            let matched: Vec<String> = v
                .matched
                .iter()
                .filter(|m| m.category == category)
                .map(|m| {
                    let ev = m
                        .evidence
                        .first()
                        .map(|e| format!("<br><span class=\"ev\">line {}: {}</span>", e.line, escape(&e.snippet)))
                        .unwrap_or_default();
                    format!("{}{ev}", escape(m.name))
                })
                .collect();
            let missing: Vec<String> =
                v.missing.iter().filter(|m| m.category == category).map(|m| escape(m.name)).collect();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"missing\">{}</td></tr>",
                escape(category),
                matched.join("<br>"),
                missing.join("<br>")
            );
        }
        h.push_str("</tbody></table>\n</section>\n");
        h
    }
}

fn settled_row(path: &str, status: &str, message: &str, roles: usize) -> String {
    let empty = "<td></td>".repeat(3 + roles);
    format!(
        "<tr><td>{path}</td><td class=\"status-{status}\" title=\"{}\">{status}</td>{empty}</tr>\n",
        escape(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
