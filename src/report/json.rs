//! The machine-readable report, `rolefit.report/1`: JSON (one object; documents streamed before the summary)
//! and JSON Lines (one document object per line, no summary). Field names are a contract: add, never rename.

use std::io::{self, Write};

use base64::Engine;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::assess::MatchedSkill;
use crate::lexicon::Lexicons;
use crate::outcome::{Entry, Outcome};
use crate::report::Sink;
use crate::scan::Summary;

/// The report schema version.
pub const SCHEMA: &str = "rolefit.report/1";

/// One document as a JSON object, fields in the documented order.
pub fn document_value(entry: &Entry) -> Value {
    let mut doc = Map::new();
    doc.insert("path".into(), Value::String(entry.path.to_string_lossy().into_owned()));
    if let Some(bytes) = non_utf8_path(&entry.path) {
        // The path as its exact bytes, since `path` had to replace what is not UTF-8 (as ripgrep does).
        doc.insert("path_bytes".into(), Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)));
    }
    match &entry.outcome {
        Outcome::Skipped(skip) => {
            doc.insert("status".into(), "skipped".into());
            doc.insert("reason".into(), to_value(skip));
        }
        Outcome::Failed(failure) => {
            doc.insert("status".into(), "failed".into());
            doc.insert("error".into(), to_value(failure));
        }
        Outcome::Analysed(a) => {
            let verdict = &a.assessment;
            doc.insert("status".into(), "ok".into());
            doc.insert("format".into(), a.format.as_str().into());
            doc.insert("kind".into(), a.kind.as_str().into());
            if let Some(title) = &a.title {
                doc.insert("title".into(), title.as_str().into());
            }
            doc.insert("words".into(), a.words.into());
            doc.insert("warnings".into(), to_value(&a.warnings));
            doc.insert("fit".into(), verdict.fit.as_str().into());
            doc.insert("confidence".into(), verdict.confidence.into());
            doc.insert("fit_reason".into(), verdict.reason.as_str().into());
            doc.insert(
                "scores".into(),
                Value::Object(verdict.scores.iter().map(|(r, s)| (r.clone(), json!(s))).collect()),
            );
            doc.insert("matched".into(), Value::Array(verdict.matched.iter().map(matched_value).collect()));
            doc.insert("missing".into(), to_value(&verdict.missing));
            doc.insert("title_role".into(), verdict.title_role.as_deref().map_or(Value::Null, Value::from));
            doc.insert("title_mismatch".into(), verdict.title_mismatch.into());
        }
    }
    Value::Object(doc)
}

/// One matched skill, fields in the documented order.
fn matched_value(m: &MatchedSkill) -> Value {
    json!({
        "skill": m.skill,
        "name": m.name,
        "roles": m.roles,
        "category": m.category,
        "count": m.count,
        "requirement": m.requirement,
        "contributions": Value::Object(m.contributions.iter().map(|(r, c)| (r.clone(), json!(c))).collect()),
        "evidence": m.evidence,
    })
}

/// The raw bytes of a path that is not valid UTF-8.
fn non_utf8_path(path: &std::path::Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    std::str::from_utf8(bytes).is_err().then_some(bytes)
}

fn to_value(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
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

impl<W: Write> Sink for JsonSink<W> {
    fn entry(&mut self, entry: &Entry) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&document_value(entry)).map_err(io::Error::other)?;
        let sep = if std::mem::take(&mut self.first) { "\n" } else { ",\n" };
        write!(self.out, "{sep}{}", indent(&text, "    "))
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

/// One compact JSON document object per line.
pub struct JsonLinesSink<W: Write> {
    out: W,
}

impl<W: Write> JsonLinesSink<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        JsonLinesSink { out }
    }
}

impl<W: Write> Sink for JsonLinesSink<W> {
    fn entry(&mut self, entry: &Entry) -> io::Result<()> {
        // Serialised first, so a closed pipe surfaces as the write's own io::Error (a quiet exit), not a JSON one.
        let line = serde_json::to_string(&document_value(entry)).map_err(io::Error::other)?;
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
