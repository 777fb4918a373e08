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
use crate::provenance::Provenance;
use crate::report::Sink;
use crate::scan::Summary;
use crate::swar;

/// The report schema version.
pub const SCHEMA: &str = "rolefit.report/1";

/// One document as a JSON object, fields in the documented order. Serialised straight from the entry: building
/// a `serde_json::Value` first was a tenth of a scan's time. JSON Lines write analysed documents with
/// `write_compact` instead, which must stay byte for byte the same (a test compares them): a field added here is
/// added there.
/// `provenance`, when given, is written last in every record.
pub struct DocumentJson<'a>(pub &'a Entry<'a>, pub Option<&'a Provenance>);

impl Serialize for DocumentJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entry = self.0;
        let mut doc = serializer.serialize_map(None)?;
        doc.serialize_entry("path", &entry.path.to_string_lossy())?;
        if let Some(bytes) = non_utf8_path(&entry.path) {
            // The path as its exact bytes, since `path` had to replace what is not UTF-8 (as ripgrep does).
            doc.serialize_entry("path_bytes", &base64::engine::general_purpose::STANDARD.encode(bytes))?;
        }
        if let Some(ordinal) = entry.ordinal {
            doc.serialize_entry("ordinal", &ordinal)?;
        }
        if let Some(sha256) = &entry.sha256 {
            doc.serialize_entry("sha256", &hex(sha256))?;
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
        if let Some(provenance) = self.1 {
            doc.serialize_entry("provenance", provenance)?;
        }
        doc.end()
    }
}

/// Bytes as lower-case hex digits.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Role-keyed numbers (scores, contributions) as one JSON object, in their order.
struct Pairs<'a>(&'a [(&'a str, f64)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(role, value)| (role, value)))
    }
}

/// A matched skill's roles, as a list.
struct Roles<'a>(&'a MatchedSkill<'a>);

impl Serialize for Roles<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.roles())
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
                roles: Roles(m),
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

/// Writes `entry` as one compact JSON object: byte for byte what `serde_json::to_writer(&DocumentJson(entry))`
/// writes. An analysed document is written here field by field, each string copied whole when it needs no escaping,
/// which almost none do: serde_json escapes strings a byte at a time, which was a third of the work of the thread
/// that writes the report, and that thread's share is what bounds the gain from a second worker. Numbers, warnings
/// and missing skills still go through serde_json, and so do skipped and failed documents and paths that are not
/// UTF-8.
fn write_compact(out: &mut Vec<u8>, entry: &Entry<'_>, provenance: Option<&Provenance>) -> serde_json::Result<()> {
    let (Outcome::Analysed(a), Some(path)) = (&entry.outcome, entry.path.to_str()) else {
        return serde_json::to_writer(out, &DocumentJson(entry, provenance));
    };
    let verdict = &a.assessment;
    out.extend_from_slice(b"{\"path\":");
    json_str(out, path)?;
    if let Some(ordinal) = entry.ordinal {
        out.extend_from_slice(b",\"ordinal\":");
        serde_json::to_writer(&mut *out, &ordinal)?;
    }
    if let Some(sha256) = &entry.sha256 {
        out.extend_from_slice(b",\"sha256\":\"");
        out.extend_from_slice(hex(sha256).as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b",\"status\":\"ok\",\"format\":");
    json_str(out, a.format.as_str())?;
    out.extend_from_slice(b",\"kind\":");
    json_str(out, a.kind.as_str())?;
    if let Some(title) = &a.title {
        out.extend_from_slice(b",\"title\":");
        json_str(out, title)?;
    }
    out.extend_from_slice(b",\"words\":");
    serde_json::to_writer(&mut *out, &a.words)?;
    out.extend_from_slice(b",\"warnings\":");
    serde_json::to_writer(&mut *out, &a.warnings)?;
    out.extend_from_slice(b",\"fit\":");
    json_str(out, verdict.fit.as_str())?;
    out.extend_from_slice(b",\"confidence\":");
    serde_json::to_writer(&mut *out, &verdict.confidence)?;
    out.extend_from_slice(b",\"fit_reason\":");
    json_str(out, &verdict.reason)?;
    out.extend_from_slice(b",\"scores\":");
    json_pairs(out, &verdict.scores)?;
    out.extend_from_slice(b",\"matched\":[");
    for (i, m) in verdict.matched.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"{\"skill\":" } else { b",{\"skill\":" });
        json_str(out, m.skill)?;
        out.extend_from_slice(b",\"name\":");
        json_str(out, m.name)?;
        out.extend_from_slice(b",\"roles\":[");
        for (j, role) in m.roles().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            json_str(out, role)?;
        }
        out.extend_from_slice(b"],\"category\":");
        json_str(out, m.category)?;
        out.extend_from_slice(b",\"count\":");
        serde_json::to_writer(&mut *out, &m.count)?;
        out.extend_from_slice(b",\"requirement\":");
        serde_json::to_writer(&mut *out, &m.requirement)?;
        out.extend_from_slice(b",\"contributions\":");
        json_pairs(out, &m.contributions)?;
        out.extend_from_slice(b",\"evidence\":[");
        for (j, e) in m.evidence.iter().enumerate() {
            out.extend_from_slice(if j == 0 { b"{\"line\":" } else { b",{\"line\":" });
            serde_json::to_writer(&mut *out, &e.line)?;
            out.extend_from_slice(b",\"snippet\":");
            json_str(out, &e.snippet)?;
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
    out.extend_from_slice(b"],\"missing\":");
    serde_json::to_writer(&mut *out, &verdict.missing)?;
    out.extend_from_slice(b",\"title_role\":");
    serde_json::to_writer(&mut *out, &verdict.title_role)?;
    out.extend_from_slice(b",\"title_mismatch\":");
    serde_json::to_writer(&mut *out, &verdict.title_mismatch)?;
    if let Some(provenance) = provenance {
        out.extend_from_slice(b",\"provenance\":");
        serde_json::to_writer(&mut *out, provenance)?;
    }
    out.push(b'}');
    Ok(())
}

/// `entry` as the compact JSON object a JSON Lines report writes for it (without the line end).
pub fn record(entry: &Entry<'_>, provenance: Option<&Provenance>) -> String {
    let mut out = Vec::new();
    // Writing into memory fails only on a serialisation error, which these types never produce.
    let _ = write_compact(&mut out, entry, provenance);
    String::from_utf8(out).unwrap_or_default()
}

/// Role-keyed numbers as a JSON object, as [`Pairs`] serialises them.
fn json_pairs(out: &mut Vec<u8>, pairs: &[(&str, f64)]) -> serde_json::Result<()> {
    out.push(b'{');
    for (i, (role, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, role)?;
        out.push(b':');
        serde_json::to_writer(&mut *out, value)?;
    }
    out.push(b'}');
    Ok(())
}

/// `text` as a JSON string: copied whole between quotes when it has nothing to escape (no control character, quote
/// or backslash; serde_json escapes nothing else), else written by serde_json.
fn json_str(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(8);
    let block_escapes = blocks.any(|eight| {
        let block = u64::from_le_bytes(eight.try_into().expect("chunks of eight"));
        swar::any_below(block, 0x20) || swar::any_equal(block, b'"') || swar::any_equal(block, b'\\')
    });
    if block_escapes || blocks.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\') {
        return serde_json::to_writer(out, text);
    }
    out.push(b'"');
    out.extend_from_slice(bytes);
    out.push(b'"');
    Ok(())
}

/// The raw bytes of a path that is not valid UTF-8.
fn non_utf8_path(path: &std::path::Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    std::str::from_utf8(bytes).is_err().then_some(bytes)
}

/// The report's header fields: schema, tool, lexicons and the provenance every record carries.
fn header(lexicons: &Lexicons, provenance: &Provenance) -> Value {
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
        "provenance": provenance,
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
    provenance: Provenance,
}

impl<W: Write> JsonSink<W> {
    /// Writes the header fields and opens the `documents` array.
    pub fn new(mut out: W, lexicons: &Lexicons, provenance: Provenance) -> io::Result<Self> {
        let head = serde_json::to_string_pretty(&header(lexicons, &provenance)).map_err(io::Error::other)?;
        // The header object without its closing brace; the documents and summary follow inside it.
        let open = head.trim_end().strip_suffix('}').unwrap_or(&head).trim_end();
        write!(out, "{open},\n  \"documents\": [")?;
        Ok(JsonSink { out, first: true, provenance })
    }
}

impl<'l, W: Write> Sink<'l> for JsonSink<W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        let text =
            serde_json::to_string_pretty(&DocumentJson(entry, Some(&self.provenance))).map_err(io::Error::other)?;
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
    provenance: Provenance,
    /// The line being written: serialised into memory and written out in one call, since the serialiser writes
    /// token by token and `out` is often a writer behind a `dyn` reference.
    line: Vec<u8>,
}

impl<W: Write> JsonLinesSink<W> {
    /// A sink writing to `out`, every record with `provenance`.
    pub fn new(out: W, provenance: Provenance) -> Self {
        JsonLinesSink { out, provenance, line: Vec::new() }
    }
}

impl<'l, W: Write> Sink<'l> for JsonLinesSink<W> {
    fn entry(&mut self, entry: &Entry<'l>) -> io::Result<()> {
        self.line.clear();
        write_compact(&mut self.line, entry, Some(&self.provenance)).map_err(into_io_error)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::ffi::OsStrExt;
    use std::path::PathBuf;

    use super::*;

    /// Documents whose title, evidence and path hold what JSON must escape, and the bundled samples.
    fn entries() -> Vec<Entry<'static>> {
        let tricky = [
            "Senior \"Cloud\" Engineer \\ AWS\n\nWe need Terraform, Kubernetes, \"AWS\" and C:\\tools.\n\
             Requirements\n- Python\tand Bash scripting \u{7f} on Linux\n- Design of \u{2028}landing zones, CI/CD\n",
            "Cloud Architect — ✓ “quotes” 🙂\nSolution design, stakeholder workshops, TOGAF, networking and DNS.\n",
            "",
        ];
        let mut entries: Vec<Entry<'static>> = tricky
            .iter()
            .zip(["a \"quoted\" name.txt", "back\\slash\tand\nnewline.md", "empty.txt"])
            .map(|(text, name)| Entry {
                ordinal: Some(7),
                sha256: Some([0xab; 32]),
                ..Entry::new(PathBuf::from(name), crate::fuzzing::analyse(text.as_bytes(), name))
            })
            .collect();
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for folder in ["postings", "resumes"] {
            for file in std::fs::read_dir(samples.join(folder)).expect("samples").flatten() {
                let path = file.path();
                let bytes = std::fs::read(&path).expect("sample");
                let outcome = crate::fuzzing::analyse(&bytes, &path.to_string_lossy());
                entries.push(Entry::new(path, outcome));
            }
        }
        let not_utf8 = PathBuf::from(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
        entries.push(Entry::new(not_utf8, crate::fuzzing::analyse(tricky[0].as_bytes(), "cafe.txt")));
        entries
    }

    #[test]
    fn compact_lines_are_what_serde_json_writes() {
        let entries = entries();
        assert!(entries.iter().filter(|e| matches!(e.outcome, Outcome::Analysed(_))).count() > 10);
        let provenance = Provenance {
            tool: "rolefit 9.9.9".into(),
            lexicons: "0123456789abcdef".into(),
            options: "target=architect \"quoted\"".into(),
        };
        for (entry, provenance) in entries.iter().flat_map(|e| [(e, None), (e, Some(&provenance))]) {
            let mut ours = Vec::new();
            write_compact(&mut ours, entry, provenance).expect("written");
            let theirs = serde_json::to_vec(&DocumentJson(entry, provenance)).expect("written");
            assert!(
                ours == theirs,
                "{}: {} against {}",
                entry.path.display(),
                ours.escape_ascii(),
                theirs.escape_ascii()
            );
        }
    }

    #[test]
    fn strings_are_copied_whole_only_when_nothing_needs_escaping() {
        let cases = [
            "",
            "plain",
            "a longer plain string",
            "tab\there",
            "quote\"",
            "back\\slash",
            "é and 🙂",
            "\u{1f}x",
            "abcdefgh\"",
            "abcdefgh\\x",
            "\u{7f}abcdefgh",
            "ééééé\"",
            "line\u{2028}separator",
        ];
        for text in cases {
            let mut ours = Vec::new();
            json_str(&mut ours, text).expect("written");
            assert_eq!(ours, serde_json::to_vec(text).expect("written"), "{text:?}");
        }
    }
}
