//! `rolefit merge`: the reports of a sharded run (`--shard K/N`, or any set of runs over disjoint inputs) back into
//! exactly the report one run over all inputs gives. Every record carries its position in the run's input order
//! (`ordinal`), so the shards are merged k-way on it, reading one record of each at a time: memory does not grow
//! with the number of documents.
//!
//! Before a record is used it is checked: every record must come from the same tool, lexicons and settings
//! (`provenance`), the lexicons given to `merge` must be those (names and categories are read from them), and
//! every position must be there exactly once — a missing or doubled input is an error that names it, never a
//! silently short or padded report.
//!
//! A shard is JSON Lines (read as it is) or a JSON report (`--format json`), whose documents are first copied to
//! a temporary JSON Lines file by a streaming parser, so both kinds merge the same way.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::assess::{Assessment, Evidence, Fit, MatchedSkill, MissingSkill, Requirement};
use crate::document::{Format, Kind};
use crate::lexicon::Lexicons;
use crate::outcome::{Analysis, Entry, Failure, Outcome, Skip, Warning};
use crate::provenance::{Provenance, lexicons_id};
use crate::scan::Summary;

/// Why shards could not be merged.
#[derive(Debug)]
pub enum MergeError {
    /// A shard could not be read.
    Io(PathBuf, io::Error),
    /// A shard is not a rolefit report, or a record in it is not a rolefit record.
    Malformed(PathBuf, String),
    /// Two records were made differently (another version, other lexicons or other settings).
    Provenance {
        /// One shard and its records' provenance.
        first: Box<(PathBuf, Provenance)>,
        /// A shard whose records differ.
        other: Box<(PathBuf, Provenance)>,
    },
    /// The records were made with other lexicons than the ones `merge` was given.
    Lexicons {
        /// The lexicons of the records.
        records: String,
        /// The lexicons given.
        given: String,
    },
    /// Inputs missing or present twice.
    Inputs(Vec<String>),
    /// The merged report could not be written.
    Sink(io::Error),
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::Io(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            MergeError::Sink(e) => write!(f, "{e}"),
            MergeError::Malformed(path, why) => write!(f, "{}: {why}", path.display()),
            MergeError::Provenance { first, other } => write!(
                f,
                "the shards were not made the same way: {} has records of {} (lexicons {}, options {:?}), {} of {} \
                 (lexicons {}, options {:?})",
                first.0.display(),
                first.1.tool,
                first.1.lexicons,
                first.1.options,
                other.0.display(),
                other.1.tool,
                other.1.lexicons,
                other.1.options
            ),
            MergeError::Lexicons { records, given } => write!(
                f,
                "the records were made with lexicons {records}, not the ones given ({given}): give the same files \
                 with --lexicons"
            ),
            MergeError::Inputs(problems) => {
                write!(f, "the shards do not account for every input exactly once:")?;
                for problem in problems.iter().take(MAX_PROBLEMS_SHOWN) {
                    write!(f, "\n  {problem}")?;
                }
                if problems.len() > MAX_PROBLEMS_SHOWN {
                    write!(f, "\n  … and {} more", problems.len() - MAX_PROBLEMS_SHOWN)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for MergeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MergeError::Io(_, e) | MergeError::Sink(e) => Some(e),
            _ => None,
        }
    }
}

/// Problems listed in one error message; the rest are counted.
const MAX_PROBLEMS_SHOWN: usize = 20;

/// Shards being merged: each shard's next record, and the provenance they share.
pub struct Merge<'l> {
    lexicons: &'l Lexicons,
    readers: Vec<ShardReader>,
    /// Per shard, its next record (a hundred parsed records would take several times the room).
    pending: Vec<Option<Pending>>,
    /// (ordinal of the next record, shard), smallest first.
    heads: BinaryHeap<Reverse<(u64, usize)>>,
    /// The provenance of the records read so far, and the shard of the first.
    provenance: Option<(PathBuf, Provenance)>,
}

/// A shard's next record as written, with what the merge checks and counts of it.
struct Pending {
    line: String,
    path: PathBuf,
    status: String,
    fit: Option<String>,
}

/// Where merged records go.
pub enum Records<'a, 'l> {
    /// Rebuilt as entries, for any report.
    Entries(&'a mut dyn FnMut(Entry<'l>) -> io::Result<()>),
    /// As the JSON Lines the shards hold (each line with its newline): exactly what one scan writes, without
    /// parsing each record again. Only when [`Merge::lines_are_records`].
    Lines(&'a mut dyn FnMut(&str) -> io::Result<()>),
}

impl<'l> Merge<'l> {
    /// Whether every shard is JSON Lines, so that its lines are the records one scan writes.
    pub fn lines_are_records(&self) -> bool {
        self.readers.iter().all(|r| !r.spooled)
    }

    /// Opens `shards` and reads each one's first record, checking that they come from the same tool, settings and
    /// lexicons (those of `lexicons`).
    pub fn open(shards: &[PathBuf], lexicons: &'l Lexicons) -> Result<Merge<'l>, MergeError> {
        let mut merge = Merge {
            lexicons,
            readers: Vec::with_capacity(shards.len()),
            pending: Vec::with_capacity(shards.len()),
            heads: BinaryHeap::new(),
            provenance: None,
        };
        for (i, path) in shards.iter().enumerate() {
            merge.readers.push(ShardReader::open(path)?);
            merge.pending.push(None);
            merge.advance(i, None)?;
        }
        Ok(merge)
    }

    /// The provenance every record has (`None` when the shards hold no record at all).
    pub fn provenance(&self) -> Option<&Provenance> {
        self.provenance.as_ref().map(|(_, p)| p)
    }

    /// Reads shard `i`'s next record into `pending`, checking its provenance and that it comes after `after`.
    fn advance(&mut self, i: usize, after: Option<u64>) -> Result<(), MergeError> {
        let reader = &mut self.readers[i];
        let Some(line) = reader.next_record()? else { return Ok(()) };
        let head: Head = serde_json::from_str(&line)
            .map_err(|e| MergeError::Malformed(reader.path.clone(), format!("not a JSON record: {e}")))?;
        let position = head.ordinal.ok_or_else(|| {
            MergeError::Malformed(
                reader.path.clone(),
                "a record has no `ordinal`: was it made by rolefit 0.2 or later?".into(),
            )
        })?;
        if after.is_some_and(|after| position <= after) {
            return Err(MergeError::Malformed(
                reader.path.clone(),
                format!(
                    "records out of input order ({} before {position}): a shard must be written in input order, \
                     without --sort score",
                    after.unwrap_or_default()
                ),
            ));
        }
        let shard = reader.path.clone();
        let malformed = |why: String| MergeError::Malformed(shard.clone(), why);
        let path = record_path(head.path.as_deref(), head.path_bytes.as_deref()).map_err(malformed)?;
        let status = head.status.ok_or_else(|| malformed("a record has no `status`".into()))?;
        check_provenance(head.provenance, &shard, &mut self.provenance, self.lexicons)?;
        self.heads.push(Reverse((position, i)));
        self.pending[i] = Some(Pending { line, path, status, fit: head.fit });
        Ok(())
    }

    /// Hands every record to `records`, in input order, checking that every input is there exactly once (and,
    /// with `manifest`, that the inputs are the paths it lists).
    pub fn run(mut self, manifest: Option<&[PathBuf]>, mut records: Records<'_, 'l>) -> Result<Summary, MergeError> {
        let mut summary = Summary::new(self.lexicons);
        let mut problems = Vec::new();
        let mut seen_paths: BTreeSet<PathBuf> = BTreeSet::new();
        // The last record's position, path and shard.
        let mut previous: Option<(u64, PathBuf, usize)> = None;
        while let Some(Reverse((position, i))) = self.heads.pop() {
            let Some(record) = self.pending[i].take() else { break };
            let next = previous.as_ref().map_or(0, |(p, _, _)| p + 1);
            match &previous {
                Some((p, path, shard)) if *p == position => problems.push(format!(
                    "input {position} twice: {} in {} and {} in {}",
                    path.display(),
                    self.readers[*shard].path.display(),
                    record.path.display(),
                    self.readers[i].path.display()
                )),
                _ if position > next => problems.push(missing_positions(next, position)),
                _ => {}
            }
            if manifest.is_some() {
                seen_paths.insert(record.path.clone());
            }
            if problems.is_empty() {
                summary.count(&record.status, record.fit.as_deref());
                match &mut records {
                    Records::Lines(write) => write(&record.line).map_err(MergeError::Sink)?,
                    Records::Entries(sink) => {
                        let malformed = |why: String| MergeError::Malformed(self.readers[i].path.clone(), why);
                        let value: Value = serde_json::from_str(&record.line)
                            .map_err(|e| malformed(format!("not a JSON record: {e}")))?;
                        sink(entry(&value, self.lexicons).map_err(malformed)?).map_err(MergeError::Sink)?;
                    }
                }
            }
            previous = Some((position, record.path, i));
            self.advance(i, Some(position))?;
        }
        if let Some(manifest) = manifest {
            let listed: BTreeSet<&Path> = manifest.iter().map(PathBuf::as_path).collect();
            problems.extend(
                listed.iter().filter(|p| !seen_paths.contains(**p)).map(|p| format!("{} missing", p.display())),
            );
            problems.extend(
                seen_paths
                    .iter()
                    .filter(|p| !listed.contains(p.as_path()))
                    .map(|p| format!("{} not in the manifest", p.display())),
            );
        }
        if problems.is_empty() { Ok(summary) } else { Err(MergeError::Inputs(problems)) }
    }
}

fn missing_positions(from: u64, to: u64) -> String {
    if to - from == 1 {
        format!("input {from} missing (no shard has it)")
    } else {
        format!("inputs {from} to {} missing (no shard has them)", to - 1)
    }
}

/// What the merge needs of a record before its turn: where it goes, and how it was made.
#[derive(Deserialize)]
struct Head {
    ordinal: Option<u64>,
    provenance: Option<Provenance>,
    path: Option<String>,
    path_bytes: Option<String>,
    status: Option<String>,
    fit: Option<String>,
}

fn check_provenance(
    provenance: Option<Provenance>,
    shard: &Path,
    expected: &mut Option<(PathBuf, Provenance)>,
    lexicons: &Lexicons,
) -> Result<(), MergeError> {
    let provenance =
        provenance.ok_or_else(|| MergeError::Malformed(shard.to_path_buf(), "a record has no `provenance`".into()))?;
    match expected {
        Some((first, wanted)) if *wanted != provenance => Err(MergeError::Provenance {
            first: Box::new((first.clone(), wanted.clone())),
            other: Box::new((shard.to_path_buf(), provenance)),
        }),
        Some(_) => Ok(()),
        None => {
            let given = lexicons_id(lexicons);
            if provenance.lexicons != given {
                return Err(MergeError::Lexicons { records: provenance.lexicons, given });
            }
            *expected = Some((shard.to_path_buf(), provenance));
            Ok(())
        }
    }
}

/// One shard's records, in its order.
struct ShardReader {
    path: PathBuf,
    lines: BufReader<File>,
    /// The lines are a JSON report's documents written out again, not the records as a scan writes them.
    spooled: bool,
}

impl ShardReader {
    /// Opens a shard: JSON Lines as they are, a JSON report through a temporary JSON Lines copy of its documents.
    fn open(path: &Path) -> Result<ShardReader, MergeError> {
        let io = |e| MergeError::Io(path.to_path_buf(), e);
        let mut file = BufReader::new(File::open(path).map_err(io)?);
        let spooled = is_json_report(&mut file).map_err(io)?;
        let lines = if spooled {
            let mut spool = tempfile::tempfile().map_err(io)?;
            copy_documents(file, &mut spool).map_err(|why| MergeError::Malformed(path.to_path_buf(), why))?;
            spool.rewind().map_err(io)?;
            BufReader::new(spool)
        } else {
            file
        };
        Ok(ShardReader { path: path.to_path_buf(), lines, spooled })
    }

    /// The next non-blank line.
    fn next_record(&mut self) -> Result<Option<String>, MergeError> {
        loop {
            let mut line = String::new();
            if self.lines.read_line(&mut line).map_err(|e| MergeError::Io(self.path.clone(), e))? == 0 {
                return Ok(None);
            }
            if !line.trim().is_empty() {
                return Ok(Some(line));
            }
        }
    }
}

/// Whether the stream is a JSON report (an object whose first key is `schema`) rather than JSON Lines.
fn is_json_report(file: &mut BufReader<File>) -> io::Result<bool> {
    let head = file.fill_buf()?;
    let text = String::from_utf8_lossy(&head[..head.len().min(256)]);
    let rest = text.trim_start().strip_prefix('{').map(str::trim_start);
    Ok(rest.is_some_and(|r| r.starts_with("\"schema\"")))
}

/// Copies the `documents` of a JSON report, one compact object per line, into `out`, reading the report as a
/// stream (a report of a million documents is never held whole).
fn copy_documents(report: impl Read, out: &mut File) -> Result<(), String> {
    let mut out = BufWriter::new(out);
    let mut reader = serde_json::Deserializer::from_reader(report);
    let schema = (&mut reader).deserialize_map(ReportVisitor { out: &mut out }).map_err(|e| e.to_string())?;
    if schema.as_deref() != Some(crate::report::json::SCHEMA) {
        return Err(format!("not a {} report (schema {schema:?})", crate::report::json::SCHEMA));
    }
    out.flush().map_err(|e| e.to_string())
}

/// Reads a report's top-level fields, writing each document out as it is read.
struct ReportVisitor<'a, W: Write> {
    out: &'a mut W,
}

impl<'de, W: Write> Visitor<'de> for ReportVisitor<'_, W> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a rolefit report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut schema = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema" => schema = Some(map.next_value::<String>()?),
                "documents" => map.next_value_seed(Documents { out: &mut *self.out })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(schema)
    }
}

/// The `documents` array, each element written out as one line.
struct Documents<'a, W: Write> {
    out: &'a mut W,
}

impl<'de, W: Write> DeserializeSeed<'de> for Documents<'_, W> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, W: Write> Visitor<'de> for Documents<'_, W> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use serde::de::Error;
        while let Some(document) = seq.next_element::<Value>()? {
            serde_json::to_writer(&mut *self.out, &document).map_err(A::Error::custom)?;
            self.out.write_all(b"\n").map_err(A::Error::custom)?;
        }
        Ok(())
    }
}

/// The entry a record describes, its names borrowed from `lexicons`.
pub fn entry<'l>(record: &Value, lexicons: &'l Lexicons) -> Result<Entry<'l>, String> {
    let text = |field: &str| record[field].as_str().ok_or_else(|| format!("a record has no `{field}`"));
    let path = record_path(record["path"].as_str(), record["path_bytes"].as_str())?;
    let outcome = match text("status")? {
        "skipped" => Outcome::Skipped(parse::<Skip>(&record["reason"])?),
        "failed" => Outcome::Failed(parse::<Failure>(&record["error"])?),
        "ok" => Outcome::Analysed(Box::new(analysis(record, lexicons)?)),
        other => return Err(format!("unknown status {other:?}")),
    };
    let sha256 = match record["sha256"].as_str() {
        Some(hex) => Some(unhex(hex).ok_or_else(|| format!("bad sha256 {hex:?}"))?),
        None => None,
    };
    Ok(Entry { ordinal: record["ordinal"].as_u64(), sha256, ..Entry::new(path, outcome) })
}

/// A part of a record as its type, read from the parsed value in place (no copy of it).
/// A record's path: its exact bytes when the name is not UTF-8 (`path_bytes`, base64), else `path`.
fn record_path(path: Option<&str>, path_bytes: Option<&str>) -> Result<PathBuf, String> {
    match path_bytes {
        Some(encoded) => {
            use std::os::unix::ffi::OsStringExt;
            let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|e| e.to_string())?;
            Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
        }
        None => path.map(PathBuf::from).ok_or_else(|| "a record has no `path`".to_string()),
    }
}

fn parse<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| e.to_string())
}

fn analysis<'l>(record: &Value, lexicons: &'l Lexicons) -> Result<Analysis<'l>, String> {
    let role = |id: &str| -> Result<&'l str, String> {
        lexicons.roles.iter().find(|r| r.id == id).map(|r| r.id.as_str()).ok_or_else(|| format!("unknown role {id:?}"))
    };
    let skill = |id: &str| lexicons.skills.iter().find(|s| s.id == id).ok_or_else(|| format!("unknown skill {id:?}"));
    let pairs = |value: &Value| -> Result<Vec<(&'l str, f64)>, String> {
        let object = value.as_object().ok_or("expected an object of numbers per role")?;
        object.iter().map(|(r, v)| Ok((role(r)?, v.as_f64().ok_or("expected a number")?))).collect()
    };
    let fit = match record["fit"].as_str().ok_or("no `fit`")? {
        "hybrid" => Fit::Hybrid,
        "unclear" => Fit::Unclear,
        id => Fit::Role(role(id)?.to_string()),
    };
    let mut matched = Vec::new();
    for m in record["matched"].as_array().ok_or("no `matched`")? {
        let s = skill(m["skill"].as_str().ok_or("a matched skill without `skill`")?)?;
        matched.push(MatchedSkill {
            skill: &s.id,
            name: &s.name,
            category: &s.category,
            count: m["count"].as_u64().ok_or("a matched skill without `count`")? as usize,
            requirement: parse::<Option<Requirement>>(&m["requirement"])?,
            contributions: pairs(&m["contributions"])?,
            evidence: parse::<Vec<Evidence>>(&m["evidence"])?,
        });
    }
    let mut missing = Vec::new();
    for m in record["missing"].as_array().ok_or("no `missing`")? {
        let s = skill(m["skill"].as_str().ok_or("a missing skill without `skill`")?)?;
        missing.push(MissingSkill {
            skill: &s.id,
            name: &s.name,
            role: role(m["role"].as_str().ok_or("a missing skill without `role`")?)?,
            category: &s.category,
            weight: u8::try_from(m["weight"].as_u64().ok_or("a missing skill without `weight`")?)
                .map_err(|e| e.to_string())?,
        });
    }
    Ok(Analysis {
        format: parse::<Format>(&record["format"])?,
        kind: parse::<Kind>(&record["kind"])?,
        title: record["title"].as_str().map(String::from),
        words: record["words"].as_u64().ok_or("no `words`")? as usize,
        warnings: parse::<Vec<Warning>>(&record["warnings"])?,
        assessment: Assessment {
            fit,
            confidence: record["confidence"].as_f64().ok_or("no `confidence`")?,
            reason: record["fit_reason"].as_str().ok_or("no `fit_reason`")?.to_string(),
            scores: pairs(&record["scores"])?,
            matched,
            missing,
            title_role: record["title_role"].as_str().map(String::from),
            title_mismatch: record["title_mismatch"].as_bool().ok_or("no `title_mismatch`")?,
        },
    })
}

fn unhex(hex: &str) -> Option<[u8; 32]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::Analyzer;
    use crate::report::json::record;
    use crate::scan::ScanOptions;

    /// Every sample, as a record and back: the entry written again is the same record, byte for byte.
    #[test]
    fn records_read_back_into_the_same_entries() {
        let analyzer =
            Analyzer::new(Lexicons::embedded().expect("embedded"), ScanOptions::default()).expect("compiles");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut checked = 0;
        for folder in ["postings", "resumes"] {
            for file in std::fs::read_dir(samples.join(folder)).expect("samples").flatten() {
                let bytes = std::fs::read(file.path()).expect("sample");
                let mut entry = analyzer.analyse(&bytes, &file.path().to_string_lossy());
                entry.ordinal = Some(checked);
                let line = record(&entry, Some(analyzer.provenance()));
                let value: Value = serde_json::from_str(&line).expect("JSON");
                let back = super::entry(&value, analyzer.lexicons()).expect("a record");
                assert_eq!(record(&back, Some(analyzer.provenance())), line, "{}", file.path().display());
                checked += 1;
            }
        }
        assert!(checked >= 12);
    }

    #[test]
    fn hashes_read_back() {
        let hash: [u8; 32] = std::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(unhex(&crate::report::json::hex(&hash)), Some(hash));
        assert_eq!(unhex("xyz"), None);
    }
}
