//! One self-contained HTML page for people who want to *see* the batch: a summary, a **map** (each analysed
//! document a point whose axes are two roles' scores — the fit is the role with the highest score, so the
//! diagonal is the decision line), a sortable table, and a card per document with its score per role, matched
//! and missing skills by category, evidence snippets and, where the document's own title names another role
//! than its content, a `title_mismatch` flag. No external scripts, fonts or images, and a Content-Security-Policy
//! that forbids loading any: it works offline from a file:// URL, and at 420 px on a phone.
//!
//! Every piece of document text goes through [`escape`]: a resume containing `<script>` shows that text and
//! runs nothing.
//!
//! Memory: a card is rendered when its document arrives and streamed to an anonymous temporary file (the page
//! must open with the summary, the map and the table, which need every document, and stdout cannot be rewound);
//! only a compact [`Row`] per document (path, title, fit, scores, mismatch) is held. At the end the page is
//! written head first and the cards are copied in after the table. It never holds a document's evidence past
//! its own card.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::assess::{Fit, HYBRID_BANDS};
use crate::lexicon::Lexicons;
use crate::outcome::{Entry, Outcome};
use crate::provenance::Provenance;
use crate::report::Sink;
use crate::scan::Summary;

/// What the page shows beyond the entries themselves.
#[derive(Clone, Debug, Default)]
pub struct HtmlOptions {
    /// The two roles (ids) whose scores are the map's axes, x then y; default the first two roles.
    pub map: Option<(String, String)>,
    /// The folders and files the run was given: paths are shown relative to them.
    pub roots: Vec<PathBuf>,
    /// When the report was made, seconds since 1970 (UTC); `None` leaves the date out. The binary takes it from
    /// `SOURCE_DATE_EPOCH` when set, so a report can be made byte for byte again.
    pub date: Option<u64>,
}

/// Okabe–Ito colours, distinguishable with every common colour-vision deficiency: blue, vermilion, reddish
/// purple, sky blue, orange — one per role, in lexicon order.
const ROLE_COLOURS: [&str; 5] = ["#0072B2", "#D55E00", "#CC79A7", "#56B4E9", "#E69F00"];
/// Okabe–Ito bluish green, for `hybrid`.
const HYBRID_COLOUR: &str = "#009E73";
/// A mid grey, for `unclear`.
const UNCLEAR_COLOUR: &str = "#767676";

/// The corner of the chart where a document is `hybrid` ([`HYBRID_BANDS`]), as polygon points in scores: the
/// edge above the diagonal, band by band as the scores rise (each band wider than the one before), then its
/// mirror image below.
fn hybrid_region() -> Vec<(f64, f64)> {
    let mut upper = vec![(HYBRID_BANDS[0].min_score, HYBRID_BANDS[0].min_score)];
    for (i, band) in HYBRID_BANDS.iter().enumerate() {
        let from = band.min_score;
        let to = HYBRID_BANDS.get(i + 1).map_or(100.0 * band.ratio, |next| next.min_score);
        upper.push((from, (from / band.ratio).min(100.0)));
        upper.push((to, (to / band.ratio).min(100.0)));
    }
    upper.push((100.0, 100.0));
    let lower: Vec<(f64, f64)> = upper.iter().rev().skip(1).map(|&(x, y)| (y, x)).collect();
    upper.extend(lower);
    upper
}

/// What is kept of one document for the table and the map: never its evidence or its text.
struct Row {
    /// The path as shown (relative to its root), escaped.
    path: String,
    /// The document's own title, escaped.
    title: Option<String>,
    /// `ok`, `skipped` or `failed`.
    status: &'static str,
    /// Why it was skipped or failed, escaped.
    problem: Option<String>,
    kind: &'static str,
    /// Fit value (role id, `hybrid`, `unclear`).
    fit: String,
    confidence: f32,
    /// Score per role, in lexicon order.
    scores: Vec<f32>,
    /// The role the title names, when it differs from the fit.
    mismatch: Option<String>,
}

/// Writes the page: cards as entries arrive (to a temporary file), everything else when the scan ends.
pub struct HtmlSink<W: Write> {
    out: W,
    page: Page,
}

/// What the page knows between entries.
struct Page {
    cards: BufWriter<File>,
    rows: Vec<Row>,
    /// Role ids and display names, in lexicon order.
    roles: Vec<(String, String)>,
    /// Indices of the roles on the map's x and y axes.
    axes: (usize, usize),
    options: HtmlOptions,
    tool: String,
    lexicons_line: String,
}

impl<W: Write> HtmlSink<W> {
    /// A page for entries assessed with `lexicons`. Fails if the temporary file for the cards cannot be made, or
    /// if `options.map` names roles that are not in `lexicons`.
    pub fn new(out: W, lexicons: &Lexicons, provenance: &Provenance, options: HtmlOptions) -> io::Result<Self> {
        let roles: Vec<(String, String)> = lexicons.roles.iter().map(|r| (r.id.clone(), r.name.clone())).collect();
        let axes = match &options.map {
            Some((x, y)) => {
                let find = |id: &str| {
                    lexicons
                        .role_index(id)
                        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("--map: no role {id:?}")))
                };
                (find(x)?, find(y)?)
            }
            None => (0, usize::from(roles.len() > 1)),
        };
        let lexicons_line = lexicons
            .roles
            .iter()
            .map(|r| {
                let hash: String = r.sha256.chars().take(12).collect();
                format!("{} ({}, sha256 {hash})", escape(&r.id), escape(&r.source))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let page = Page {
            cards: BufWriter::new(tempfile::tempfile()?),
            rows: Vec::new(),
            roles,
            axes,
            options,
            tool: escape(&provenance.tool),
            lexicons_line: format!("lexicons {} — {lexicons_line}", escape(&provenance.lexicons)),
        };
        Ok(HtmlSink { out, page })
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

/// A category id as people read it (`ci-cd` → `CI/CD`, `cloud-aws` → `AWS`); ids not known here get their
/// dashes turned into spaces and a capital letter.
pub fn category_name(id: &str) -> Cow<'_, str> {
    let known = match id {
        "ci-cd" => "CI/CD",
        "cloud" => "Cloud platforms",
        "cloud-aws" => "AWS",
        "cloud-azure" => "Azure",
        "cloud-gcp" => "Google Cloud",
        "cloud-ops" => "Cloud operations",
        "os" => "Operating systems",
        "devops" => "DevOps",
        "cost" => "Cost management",
        "data" => "Data",
        "people" => "People",
        "sales" => "Sales and pre-sales",
        "tooling" => "Tooling",
        _ => "",
    };
    if !known.is_empty() {
        return Cow::Borrowed(known);
    }
    let spaced = id.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => Cow::Owned(first.to_uppercase().chain(chars).collect()),
        None => Cow::Borrowed(id),
    }
}

/// `path` as shown: relative to the root it was found under (with the root's own name in front when the run
/// had several roots), else as given.
fn shown_path(path: &Path, roots: &[PathBuf]) -> String {
    for root in roots {
        if let Ok(relative) = path.strip_prefix(root) {
            if relative.as_os_str().is_empty() {
                break;
            }
            let name = root.file_name().filter(|_| roots.len() > 1);
            return match name {
                Some(name) => Path::new(name).join(relative).to_string_lossy().into_owned(),
                None => relative.to_string_lossy().into_owned(),
            };
        }
    }
    path.to_string_lossy().into_owned()
}

/// `seconds` since 1970 as `YYYY-MM-DD HH:MM UTC` (the proleptic Gregorian calendar; Howard Hinnant's
/// `civil_from_days`).
pub fn utc_date(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let (hour, minute) = ((seconds % 86_400) / 3600, (seconds % 3600) / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

const STYLE: &str = "*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;padding:1rem 1.5rem 3rem;max-width:1200px;color:#1d2330;background:#f7f8fa}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-top:.4rem;border-top:2px solid #e3e6eb}h3{font-size:1.05rem;margin:0 0 .2rem;overflow-wrap:anywhere}
a{color:#0b5cab}.muted{color:#5b6370}.meta{font-size:.85rem;color:#5b6370;overflow-wrap:anywhere}
nav.toc ol{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;margin:.4rem 0;list-style:none}
.stats{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}.stat{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:.4rem .8rem}.stat b{font-size:1.2rem;display:block}
.stat.flag{border-color:#D55E00}
table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.35rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}
thead th{background:#eef1f5;vertical-align:bottom}#documents{font-size:.9rem}th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:' \\25B2'}th[aria-sort=descending] button::after{content:' \\25BC'}th:not([aria-sort]) button::after{content:' \\21C5';color:#8a919c}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #e3e6eb;border-radius:6px}
.num{text-align:right;font-variant-numeric:tabular-nums}.path{overflow-wrap:anywhere;min-width:10rem}
.bar{display:inline-block;height:.7rem;border-radius:2px;vertical-align:middle;margin-right:.3rem}
.fit{font-weight:600;white-space:nowrap}.dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;margin-right:.3rem;vertical-align:baseline}
.flag{color:#a03c00;font-weight:600}.card{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:1rem;margin:1rem 0}
.card.mismatch{border-left:4px solid #D55E00}.missing{color:#8a3a00}.ev{font-family:ui-monospace,Menlo,monospace;font-size:12px;color:#39414f;overflow-wrap:anywhere}
.status-failed{color:#b00020}.top{font-size:.85rem;display:inline-block;margin-top:.6rem}
.chart{max-width:640px}.chart td{border:0;padding:.15rem .6rem;white-space:nowrap}.chart td.wide{width:100%}
figure{margin:0}.map svg{width:100%;max-width:560px;height:auto;background:#fff;border:1px solid #e3e6eb;border-radius:6px}
.map .pt path{stroke:#fff;stroke-width:.8;opacity:.85}.map .pt:hover path,.map .pt:focus path{stroke:#000;stroke-width:2;opacity:1}
.map .pt.f-unclear path{fill:none;stroke:#767676;stroke-width:1.6}.map .pt.mm path{stroke:#000;stroke-width:1.6}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;list-style:none;font-size:.9rem}
.legend svg{width:14px;height:14px;vertical-align:-2px;margin-right:.25rem}
@media (max-width:640px){body{padding:.6rem .7rem 2rem;font-size:14px}h1{font-size:1.25rem}
.card{padding:.7rem}.card table,.card tbody,.card tr,.card td{display:block;width:100%}.card thead{display:none}
.card tr{border-bottom:1px solid #e3e6eb;padding:.3rem 0}.card td{border:0;padding:.1rem 0}
.card td[data-label]::before,#documents td[data-label]::before{content:attr(data-label) ': ';font-weight:600;color:#5b6370}
#documents thead{display:none}#documents,#documents tbody,#documents tr,#documents td{display:block;width:100%}
#documents tr{border-bottom:2px solid #e3e6eb;padding:.4rem 0}#documents td{border:0;padding:.05rem .6rem;text-align:left}
#documents td:empty{display:none}.scroll{overflow-x:visible}.hint{display:none}}";

/// Sorts a table by a clicked column header (numbers numerically), locally, with no external code; the header
/// says how the table is sorted (`aria-sort`, shown as ▲/▼).
const SCRIPT: &str = "document.querySelectorAll('table.sortable').forEach(t=>t.querySelectorAll('th').forEach((th,i)=>{
const b=th.querySelector('button');if(!b)return;b.addEventListener('click',()=>{const tb=t.tBodies[0];const rows=[...tb.rows];
const asc=th.getAttribute('aria-sort')!=='ascending';t.querySelectorAll('th').forEach(h=>h.removeAttribute('aria-sort'));
th.setAttribute('aria-sort',asc?'ascending':'descending');const v=c=>c?(c.dataset.v??c.textContent.trim()):'';
rows.sort((a,b)=>{const x=v(a.cells[i]),y=v(b.cells[i]);const n=parseFloat(x)-parseFloat(y);
const r=isNaN(n)?x.localeCompare(y):n;return asc?r:-r;});rows.forEach(r=>tb.appendChild(r));});}));";

impl<'l, W: Write> Sink<'l> for HtmlSink<W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        let page = &mut self.page;
        let id = page.rows.len();
        let path = escape(&shown_path(&entry.path, &page.options.roots));
        let row = match &entry.outcome {
            Outcome::Analysed(a) => {
                let v = &a.assessment;
                let mismatch = v.title_mismatch.then(|| v.title_role.clone()).flatten();
                let row = Row {
                    path,
                    title: a.title.as_deref().map(escape),
                    status: "ok",
                    problem: None,
                    kind: a.kind.as_str(),
                    fit: v.fit.as_str().to_string(),
                    confidence: v.confidence as f32,
                    scores: v.scores.iter().map(|(_, s)| *s as f32).collect(),
                    mismatch,
                };
                let card = page.card(id, &row, entry);
                page.cards.write_all(card.as_bytes())?;
                row
            }
            Outcome::Skipped(s) => settled(path, "skipped", &s.message),
            Outcome::Failed(f) => settled(path, "failed", &f.message),
        };
        page.rows.push(row);
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.page.head(summary, &mut self.out)?;
        self.page.cards.flush()?;
        let cards = self.page.cards.get_mut();
        cards.rewind()?;
        io::copy(cards, &mut self.out)?;
        write!(self.out, "</section>\n<script>{SCRIPT}</script>\n</body></html>\n")?;
        self.out.flush()
    }
}

fn settled(path: String, status: &'static str, message: &str) -> Row {
    Row {
        path,
        title: None,
        status,
        problem: Some(escape(message)),
        kind: "",
        fit: String::new(),
        confidence: 0.0,
        scores: Vec::new(),
        mismatch: None,
    }
}

/// The SHA-256 of `script` as a CSP source (`'sha256-…'`): the page runs its own sorter and nothing else.
fn script_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Map geometry: the plot area inside the SVG's view box, in its units.
const PLOT_LEFT: f64 = 56.0;
const PLOT_TOP: f64 = 14.0;
const PLOT_SIZE: f64 = 440.0;
const VIEW_SIZE: f64 = 520.0;

fn map_x(score: f64) -> f64 {
    PLOT_LEFT + score.clamp(0.0, 100.0) * PLOT_SIZE / 100.0
}

fn map_y(score: f64) -> f64 {
    PLOT_TOP + PLOT_SIZE - score.clamp(0.0, 100.0) * PLOT_SIZE / 100.0
}

/// Bytes of page held before they are written out: the table and the map of a large batch are written in pieces.
const CHUNK: usize = 1 << 16;

/// Writes `h` to `out` and empties it once it holds [`CHUNK`] bytes.
fn spill(h: &mut String, out: &mut impl Write) -> io::Result<()> {
    if h.len() >= CHUNK {
        out.write_all(h.as_bytes())?;
        h.clear();
    }
    Ok(())
}

impl Page {
    /// The colour of a fit value.
    fn colour(&self, fit: &str) -> &'static str {
        match fit {
            "hybrid" => HYBRID_COLOUR,
            "unclear" => UNCLEAR_COLOUR,
            role => self
                .roles
                .iter()
                .position(|(id, _)| id == role)
                .map_or(UNCLEAR_COLOUR, |i| ROLE_COLOURS[i % ROLE_COLOURS.len()]),
        }
    }

    /// An SVG path for a fit's marker centred on 0,0: a circle, a square, a triangle… per role (shape as well
    /// as colour tells them apart), a diamond for `hybrid`, a ring for `unclear`.
    fn marker(&self, fit: &str) -> &'static str {
        const CIRCLE: &str = "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0z";
        const SHAPES: [&str; 3] = [CIRCLE, "M-4.5-4.5h9v9h-9z", "M0-5.5L5 4H-5z"];
        match fit {
            "hybrid" => "M0-6L6 0L0 6L-6 0z",
            "unclear" => "M-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0z",
            role => self.roles.iter().position(|(id, _)| id == role).map_or(CIRCLE, |i| SHAPES[i % SHAPES.len()]),
        }
    }

    /// A fit value as people read it: the role's name, `hybrid`, `unclear`.
    fn fit_name(&self, fit: &str) -> String {
        let name = self.roles.iter().find(|(id, _)| id == fit).map_or(fit, |(_, name)| name.as_str());
        escape(name)
    }

    fn fit_badge(&self, fit: &str) -> String {
        format!(
            "<span class=\"fit\"><span class=\"dot\" style=\"background:{}\"></span>{}</span>",
            self.colour(fit),
            self.fit_name(fit)
        )
    }

    /// Everything before the cards: head, summary, map, table.
    fn head(&self, summary: &Summary, out: &mut impl Write) -> io::Result<()> {
        let mut h = String::new();
        let csp =
            format!("default-src 'none'; style-src 'unsafe-inline'; script-src {}; img-src data:", script_hash(SCRIPT));
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\
             <title>rolefit report</title><style>{STYLE}</style></head><body>\n\
             <header id=\"top\"><h1>rolefit report</h1>\n<p class=\"meta\">"
        );
        if let Some(date) = self.options.date {
            let _ = write!(h, "Made {} · ", utc_date(date));
        }
        let _ = write!(h, "{} · {}", self.tool, self.lexicons_line);
        if !self.options.roots.is_empty() {
            let roots: Vec<String> = self.options.roots.iter().map(|r| escape(&r.to_string_lossy())).collect();
            let _ = write!(h, "<br>Scanned: {}", roots.join(", "));
        }
        h.push_str("</p></header>\n");
        let analysed = self.rows.iter().filter(|r| r.status == "ok").count();
        let _ = writeln!(
            h,
            "<nav class=\"toc\" aria-label=\"Contents\"><ol><li><a href=\"#summary\">Summary</a></li>\
             <li><a href=\"#map\">Map</a></li><li><a href=\"#list\">Documents ({})</a></li>\
             <li><a href=\"#cards\">Cards ({analysed})</a></li></ol></nav>",
            self.rows.len()
        );
        h.push_str(&self.summary(summary));
        out.write_all(h.as_bytes())?;
        self.map(out)?;
        self.table(out)?;
        out.write_all(b"<section id=\"cards\"><h2>Cards</h2>\n")
    }

    fn summary(&self, summary: &Summary) -> String {
        let mismatches = self.rows.iter().filter(|r| r.mismatch.is_some()).count();
        let mut h = String::from("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"stats\">");
        for (label, n) in [
            ("documents", summary.documents),
            ("analysed", summary.ok),
            ("skipped", summary.skipped),
            ("failed", summary.failed),
        ] {
            let _ = write!(h, "<div class=\"stat\"><b>{n}</b>{label}</div>");
        }
        let _ = writeln!(
            h,
            "<div class=\"stat{}\" id=\"mismatches\"><b>{mismatches}</b>title mismatch{}</div></div>",
            if mismatches > 0 { " flag" } else { "" },
            if mismatches == 1 { "" } else { "es" }
        );
        if mismatches > 0 {
            h.push_str(
                "<p class=\"muted\">A title mismatch is a document whose own title names one role while its content \
                 reads as another (marked ⚑ in the table and on the cards, outlined in black on the map).</p>\n",
            );
        }
        let most = summary.fits.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        h.push_str("<table class=\"chart\" id=\"chart\" aria-label=\"Documents per fit\"><tbody>\n");
        for (fit, n) in &summary.fits {
            let width = 85 * n / most;
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"wide\"><span class=\"bar\" style=\"width:{width}%;background:{}\"></span>{n}</td></tr>",
                self.fit_badge(fit),
                self.colour(fit)
            );
        }
        h.push_str("</tbody></table>\n</section>\n");
        h
    }

    fn map(&self, out: &mut impl Write) -> io::Result<()> {
        let (ax, ay) = self.axes;
        let (x_name, y_name) = (escape(&self.roles[ax].1), escape(&self.roles[ay].1));
        let mut h = format!(
            "<section id=\"map\" class=\"map\"><h2>Map</h2>\n<p class=\"muted\">Each analysed document is a point: \
             its {x_name} score across, its {y_name} score up. The fit is the role with the highest score, so the \
             dashed diagonal is the decision line; the green band is where both roles are well shown and close \
             (hybrid). Unclear documents (too little technical evidence) are rings. Click a point for its card.</p>\n\
             <figure><svg viewBox=\"0 0 {VIEW_SIZE} {VIEW_SIZE}\" role=\"img\" aria-labelledby=\"map-title\">\
             <title id=\"map-title\">Map of the documents: {x_name} score across, {y_name} score up</title>\n"
        );
        // Grid and axes.
        for tick in (0..=100).step_by(20) {
            let (x, y) = (map_x(f64::from(tick)), map_y(f64::from(tick)));
            let _ = write!(
                h,
                "<line x1=\"{x}\" y1=\"{PLOT_TOP}\" x2=\"{x}\" y2=\"{}\" stroke=\"#eef1f5\"/>\
                 <line x1=\"{PLOT_LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#eef1f5\"/>\
                 <text x=\"{x}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6370\">{tick}</text>\
                 <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6370\">{tick}</text>",
                PLOT_TOP + PLOT_SIZE,
                PLOT_LEFT + PLOT_SIZE,
                PLOT_TOP + PLOT_SIZE + 16.0,
                PLOT_LEFT - 6.0,
                y + 4.0
            );
        }
        let _ = write!(
            h,
            "\n<rect x=\"{PLOT_LEFT}\" y=\"{PLOT_TOP}\" width=\"{PLOT_SIZE}\" height=\"{PLOT_SIZE}\" fill=\"none\" \
             stroke=\"#c9ced6\"/>\n<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1d2330\">\
             {x_name} score →</text>\n<text transform=\"translate(16 {}) rotate(-90)\" font-size=\"13\" \
             text-anchor=\"middle\" fill=\"#1d2330\">{y_name} score →</text>\n",
            PLOT_LEFT + PLOT_SIZE / 2.0,
            VIEW_SIZE - 8.0,
            PLOT_TOP + PLOT_SIZE / 2.0
        );
        let points = hybrid_region();
        let polygon: Vec<String> = points.iter().map(|(x, y)| format!("{:.1},{:.1}", map_x(*x), map_y(*y))).collect();
        let _ = writeln!(
            h,
            "<polygon points=\"{}\" fill=\"{HYBRID_COLOUR}\" fill-opacity=\".15\"/>\
             <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1d2330\" stroke-dasharray=\"6 4\" stroke-width=\"1.2\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\" text-anchor=\"end\">{x_name} ahead</text>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">{y_name} ahead</text>",
            polygon.join(" "),
            map_x(0.0),
            map_y(0.0),
            map_x(100.0),
            map_y(100.0),
            map_x(97.0),
            map_y(4.0),
            self.colour(&self.roles[ax].0),
            map_x(3.0),
            map_y(94.0),
            self.colour(&self.roles[ay].0)
        );
        for (i, row) in self.rows.iter().enumerate() {
            if row.status != "ok" {
                continue;
            }
            let (sx, sy) = (f64::from(row.scores[ax]), f64::from(row.scores[ay]));
            let name = row.title.as_deref().unwrap_or(&row.path);
            let flag = if row.mismatch.is_some() { " mm" } else { "" };
            let _ = writeln!(
                h,
                "<a href=\"#doc-{i}\" class=\"pt f-{}{flag}\"><path transform=\"translate({:.1} {:.1})\" d=\"{}\" \
                 fill=\"{}\"><title>{name} — {} ({sx:.1}, {sy:.1})</title></path></a>",
                escape(&row.fit),
                map_x(sx),
                map_y(sy),
                self.marker(&row.fit),
                self.colour(&row.fit),
                self.fit_name(&row.fit),
            );
            spill(&mut h, out)?;
        }
        h.push_str("</svg></figure>\n<ul class=\"legend\">");
        let fits = self.roles.iter().map(|(id, _)| id.as_str()).chain(["hybrid", "unclear"]);
        for fit in fits {
            let style = if fit == "unclear" {
                format!("fill=\"none\" stroke=\"{UNCLEAR_COLOUR}\" stroke-width=\"1.6\"")
            } else {
                format!("fill=\"{}\"", self.colour(fit))
            };
            let _ = write!(
                h,
                "<li><svg viewBox=\"-7 -7 14 14\" aria-hidden=\"true\"><path d=\"{}\" {style}/></svg>{}</li>",
                self.marker(fit),
                self.fit_name(fit)
            );
        }
        h.push_str("</ul>\n");
        if self.roles.len() > 2 {
            h.push_str("<p class=\"muted\">With more than two roles, the map shows two of them (choose with <code>--map ROLE,ROLE</code>); a document fitting another role may sit anywhere.</p>\n");
        }
        h.push_str("</section>\n");
        out.write_all(h.as_bytes())
    }

    fn table(&self, out: &mut impl Write) -> io::Result<()> {
        let mut h = String::from(
            "<section id=\"list\"><h2>Documents</h2>\n<p class=\"muted hint\">Click a column heading to sort.</p>\
             <div class=\"scroll\"><table id=\"documents\" class=\"sortable\"><thead><tr>\
             <th><button type=\"button\">Document</button></th><th><button type=\"button\">Title</button></th>\
             <th><button type=\"button\">Fit</button></th><th><button type=\"button\">Title mismatch</button></th>\
             <th class=\"num\"><button type=\"button\">Confidence</button></th>",
        );
        for (_, name) in &self.roles {
            let _ = write!(h, "<th class=\"num\"><button type=\"button\">{}</button></th>", escape(name));
        }
        h.push_str("<th><button type=\"button\">Kind</button></th><th><button type=\"button\">Status</button></th></tr></thead><tbody>\n");
        for (i, row) in self.rows.iter().enumerate() {
            let title = row.title.as_deref().unwrap_or("");
            if row.status == "ok" {
                let mismatch = match &row.mismatch {
                    Some(role) => format!("<span class=\"flag\">⚑ title: {}</span>", self.fit_name(role)),
                    None => String::new(),
                };
                let _ = write!(
                    h,
                    "<tr><td class=\"path\" data-label=\"Document\"><a href=\"#doc-{i}\">{}</a></td>\
                     <td data-label=\"Title\">{title}</td><td data-label=\"Fit\" data-v=\"{}\">{}</td>\
                     <td data-label=\"Title mismatch\" data-v=\"{}\">{mismatch}</td>\
                     <td class=\"num\" data-label=\"Confidence\" data-v=\"{:.2}\">{:.2}</td>",
                    row.path,
                    escape(&row.fit),
                    self.fit_badge(&row.fit),
                    u8::from(row.mismatch.is_some()),
                    row.confidence,
                    row.confidence
                );
                for (r, score) in row.scores.iter().enumerate() {
                    let _ = write!(
                        h,
                        "<td class=\"num\" data-label=\"{}\" data-v=\"{score:.1}\">{score:.1}<span class=\"bar\" \
                         style=\"width:{}px;margin:0 0 0 .3rem;background:{}\"></span></td>",
                        escape(&self.roles[r].1),
                        (score * 0.4) as u32,
                        ROLE_COLOURS[r % ROLE_COLOURS.len()]
                    );
                }
                let _ = writeln!(h, "<td data-label=\"Kind\">{}</td><td data-label=\"Status\">ok</td></tr>", row.kind);
            } else {
                let empty = "<td></td>".repeat(3 + self.roles.len());
                let _ = writeln!(
                    h,
                    "<tr><td class=\"path\" data-label=\"Document\">{}</td><td class=\"status-{}\" data-label=\"Why\">{}</td>\
                     {empty}<td></td><td class=\"status-{}\" data-label=\"Status\">{}</td></tr>",
                    row.path,
                    row.status,
                    row.problem.as_deref().unwrap_or(""),
                    row.status,
                    row.status,
                );
            }
            spill(&mut h, out)?;
        }
        h.push_str("</tbody></table></div>\n</section>\n");
        out.write_all(h.as_bytes())
    }

    fn card(&self, i: usize, row: &Row, entry: &Entry) -> String {
        let Outcome::Analysed(a) = &entry.outcome else { return String::new() };
        let v = &a.assessment;
        let heading = row.title.clone().unwrap_or_else(|| row.path.clone());
        let class = if row.mismatch.is_some() { "card mismatch" } else { "card" };
        let mut h = format!(
            "<section class=\"{class}\" id=\"doc-{i}\">\n<h3>{heading}</h3>\n<p class=\"meta\">{} · {} · {} words</p>\n",
            row.path,
            a.kind.as_str(),
            a.words
        );
        let _ = writeln!(
            h,
            "<p>{} <span class=\"muted\">confidence {:.2} — {}</span></p>",
            self.fit_badge(v.fit.as_str()),
            v.confidence,
            escape(&v.reason)
        );
        if let Some(role) = &row.mismatch {
            let _ = writeln!(
                h,
                "<p class=\"flag\">⚑ Title mismatch: the title names a {} role, the content reads as {}.</p>",
                self.fit_name(role),
                self.fit_name(v.fit.as_str())
            );
        }
        for warning in &a.warnings {
            let _ = writeln!(h, "<p class=\"missing\">warning: {}</p>", escape(&warning.message));
        }
        for (r, (role, score)) in v.scores.iter().enumerate() {
            let _ = writeln!(
                h,
                "<div>{} <span class=\"bar\" style=\"width:{}px;background:{}\"></span>{score:.1}</div>",
                self.fit_name(role),
                (score * 1.6) as u32,
                ROLE_COLOURS[r % ROLE_COLOURS.len()]
            );
        }
        let mut categories: Vec<&str> =
            v.matched.iter().map(|m| m.category).chain(v.missing.iter().map(|m| m.category)).collect();
        categories.sort_unstable_by_key(|c| category_name(c).into_owned());
        categories.dedup();
        if !categories.is_empty() {
            h.push_str(
                "<table><thead><tr><th>Category</th><th>Matched (evidence)</th><th>Missing</th></tr></thead><tbody>\n",
            );
        }
        for category in &categories {
            let matched: Vec<String> = v
                .matched
                .iter()
                .filter(|m| m.category == *category)
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
                v.missing.iter().filter(|m| m.category == *category).map(|m| escape(m.name)).collect();
            let cell = |label: &str, class: &str, items: &[String]| {
                if items.is_empty() {
                    format!("<td{class}></td>")
                } else {
                    format!("<td{class} data-label=\"{label}\">{}</td>", items.join("<br>"))
                }
            };
            let _ = writeln!(
                h,
                "<tr><td><b>{}</b></td>{}{}</tr>",
                escape(&category_name(category)),
                cell("Matched", "", &matched),
                cell("Missing", " class=\"missing\"", &missing)
            );
        }
        if !categories.is_empty() {
            h.push_str("</tbody></table>\n");
        }
        if matches!(v.fit, Fit::Unclear) && v.matched.is_empty() {
            h.push_str("<p class=\"muted\">No skill of the lexicons was found.</p>\n");
        }
        h.push_str("<a class=\"top\" href=\"#top\">↑ back to top</a>\n</section>\n");
        h
    }
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

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(utc_date(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_date(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_date(1_796_671_881), "2026-12-07 19:31 UTC");
    }

    #[test]
    fn the_shaded_hybrid_corner_is_where_the_hybrid_bands_hold() {
        let region = hybrid_region();
        // Even-odd ray casting: a point is inside when a ray to its right crosses the edges an odd number of times.
        let inside = |x: f64, y: f64| {
            let edges = region.iter().zip(region.iter().cycle().skip(1));
            edges
                .filter(|((x1, y1), (x2, y2))| (y1 > &y) != (y2 > &y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1))
                .count()
                % 2
                == 1
        };
        // Off-grid points, so that none lies on an edge.
        for i in 0..140 {
            for j in 0..140 {
                let (a, b) = (0.33 + i as f64 * 0.71, 0.41 + j as f64 * 0.71);
                let hybrid = HYBRID_BANDS.iter().any(|band| band.holds(a.max(b), a.min(b)));
                assert_eq!(inside(a, b), hybrid, "({a}, {b})");
            }
        }
    }

    #[test]
    fn category_ids_read_as_names() {
        assert_eq!(category_name("ci-cd"), "CI/CD");
        assert_eq!(category_name("cloud-aws"), "AWS");
        assert_eq!(category_name("os"), "Operating systems");
        assert_eq!(category_name("data-platform"), "Data platform");
    }

    #[test]
    fn paths_are_shown_relative_to_their_root() {
        let one = [PathBuf::from("/data/cvs")];
        assert_eq!(shown_path(Path::new("/data/cvs/a/b.pdf"), &one), "a/b.pdf");
        let two = [PathBuf::from("/data/cvs"), PathBuf::from("jobs")];
        assert_eq!(shown_path(Path::new("jobs/x.html"), &two), "jobs/x.html");
        assert_eq!(shown_path(Path::new("/data/cvs/a.pdf"), &two), "cvs/a.pdf");
        assert_eq!(shown_path(Path::new("jobs"), &[PathBuf::from("jobs")]), "jobs", "a file given as itself");
    }
}
