//! The machine-readable report, `rolefit.report/1`: JSON (one object; documents streamed before the summary)
//! and JSON Lines (one document object per line, no summary). Field names are a contract: add, never rename.

use std::io::{self, Write};

use base64::Engine;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};

use crate::assess::{Evidence, MatchedSkill, Requirement};
use crate::lexicon::Lexicons;
use crate::outcome::{Entry, Outcome};
use crate::report::Sink;
use crate::scan::Summary;

/// The report schema version.
pub const SCHEMA: &str = "rolefit.report/1";

/// One document as a JSON object, fields in the documented order. Serialised straight from the entry: building
/// a `serde_json::Value` first was a tenth of a scan's time.
pub struct DocumentJson<'a>(pub &'a Entry<'a>);

impl Serialize for DocumentJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entry = self.0;
        let mut doc = serializer.serialize_map(None)?;
        doc.serialize_entry("path", &entry.path.to_string_lossy())?;
        if let Some(bytes) = non_utf8_path(&entry.path) {
            // The path as its exact bytes, since `path` had to replace what is not UTF-8 (as ripgrep does).
            doc.serialize_entry("path_bytes", &base64::engine::general_purpose::STANDARD.encode(bytes))?;
        }
        match &entry.outcome {
            Outcome::Skipped(skip) => {
                doc.serialize_entry("status", "skipped")?;
                doc.serialize_entry("reason", skip)?;
            }
            Outcome::Failed(failure) => {
                doc.serialize_entry("status", "failed")?;
                doc.serialize_entry("error", failure)?;
            }
            Outcome::Analysed(a) => {
                let verdict = &a.assessment;
                doc.serialize_entry("status", "ok")?;
                doc.serialize_entry("format", a.format.as_str())?;
                doc.serialize_entry("kind", a.kind.as_str())?;
                if let Some(title) = &a.title {
                    doc.serialize_entry("title", title)?;
                }
                doc.serialize_entry("words", &a.words)?;
                doc.serialize_entry("warnings", &a.warnings)?;
                doc.serialize_entry("fit", verdict.fit.as_str())?;
                doc.serialize_entry("confidence", &verdict.confidence)?;
                doc.serialize_entry("fit_reason", &verdict.reason)?;
                doc.serialize_entry("scores", &Pairs(&verdict.scores))?;
                doc.serialize_entry("matched", &Matched(&verdict.matched))?;
                doc.serialize_entry("missing", &verdict.missing)?;
                doc.serialize_entry("title_role", &verdict.title_role)?;
                doc.serialize_entry("title_mismatch", &verdict.title_mismatch)?;
            }
        }
        doc.end()
    }
}

/// Role-keyed numbers (scores, contributions) as one JSON object, in their order.
struct Pairs<'a>(&'a [(&'a str, f64)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(role, value)| (role, value)))
    }
}

/// The roles of `(role, value)` pairs, as a list.
struct Roles<'a>(&'a [(&'a str, f64)]);

impl Serialize for Roles<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|(role, _)| role))
    }
}

/// The matched skills, each with its fields in the documented order.
struct Matched<'a>(&'a [MatchedSkill<'a>]);

impl Serialize for Matched<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut skills = serializer.serialize_seq(Some(self.0.len()))?;
        for m in self.0 {
            skills.serialize_element(&MatchedJson {
                skill: m.skill,
                name: m.name,
                roles: Roles(&m.contributions),
                category: m.category,
                count: m.count,
                requirement: m.requirement,
                contributions: Pairs(&m.contributions),
                evidence: &m.evidence,
            })?;
        }
        skills.end()
    }
}

#[derive(Serialize)]
struct MatchedJson<'a> {
    skill: &'a str,
    name: &'a str,
    roles: Roles<'a>,
    category: &'a str,
    count: usize,
    requirement: Option<Requirement>,
    contributions: Pairs<'a>,
    evidence: &'a [Evidence],
}

/// The raw bytes of a path that is not valid UTF-8.
fn non_utf8_path(path: &std::path::Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    std::str::from_utf8(bytes).is_err().then_some(bytes)
}

/// The report's header fields: schema, tool and lexicons.
fn header(lexicons: &Lexicons) -> Value {
    let roles: Vec<Value> = lexicons
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| json!({ "role": r.id, "name": r.name, "skills": lexicons.skill_count(i), "source": r.source, "sha256": r.sha256 }))
        .collect();
    json!({
        "schema": SCHEMA,
        "tool": { "name": env!("CARGO_PKG_NAME"), "version": env!("CARGO_PKG_VERSION") },
        "lexicons": roles,
    })
}

/// The summary object.
pub fn summary_value(summary: &Summary) -> Value {
    json!({
        "documents": summary.documents,
        "ok": summary.ok,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "fits": Value::Object(summary.fits.iter().map(|(f, n)| (f.clone(), json!(n))).collect()),
    })
}

/// Streams one pretty-printed JSON object: header, then `documents` one by one, then `summary`.
pub struct JsonSink<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> JsonSink<W> {
    /// Writes the header fields and opens the `documents` array.
    pub fn new(mut out: W, lexicons: &Lexicons) -> io::Result<Self> {
        let head = serde_json::to_string_pretty(&header(lexicons)).map_err(io::Error::other)?;
        // The header object without its closing brace; the documents and summary follow inside it.
        let open = head.trim_end().strip_suffix('}').unwrap_or(&head).trim_end();
        write!(out, "{open},\n  \"documents\": [")?;
        Ok(JsonSink { out, first: true })
    }
}

impl<'l, W: Write> Sink<'l> for JsonSink<W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&DocumentJson(entry)).map_err(io::Error::other)?;
        let sep = if std::mem::take(&mut self.first) { "\n" } else { ",\n" };
        self.out.write_all(sep.as_bytes())?;
        for (i, line) in text.lines().enumerate() {
            self.out.write_all(if i == 0 { b"    " } else { b"\n    " })?;
            self.out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&summary_value(summary)).map_err(io::Error::other)?;
        let close = if self.first { "]" } else { "\n  ]" };
        write!(self.out, "{close},\n  \"summary\": {}\n}}\n", indent(&text, "  ").trim_start())?;
        self.out.flush()
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}")).collect::<Vec<_>>().join("\n")
}

/// A serialisation error as the I/O error it wraps, if any, so a closed pipe still reads as one (a quiet exit).
fn into_io_error(error: serde_json::Error) -> io::Error {
    match error.io_error_kind() {
        Some(kind) => io::Error::new(kind, error),
        None => io::Error::other(error),
    }
}

/// One compact JSON document object per line.
pub struct JsonLinesSink<W: Write> {
    out: W,
    /// The line being written: serialised into memory and written out in one call, since the serialiser writes
    /// token by token and `out` is often a writer behind a `dyn` reference.
    line: Vec<u8>,
}

impl<W: Write> JsonLinesSink<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        JsonLinesSink { out, line: Vec::new() }
    }
}

impl<'l, W: Write> Sink<'l> for JsonLinesSink<W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, &DocumentJson(entry)).map_err(into_io_error)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
