//! JSON documents: a JSON Resume (<https://jsonresume.org>, `basics`, `work`, `skills`…) or a JSON job
//! description (`title` with `description`/`responsibilities`/`qualifications`, or a schema.org `JobPosting`).
//! Every text value becomes a line, in the file's order, under a heading line per top-level section; links,
//! images and codes are left out because they are not prose.

use serde_json::Value;

use crate::document::{Document, Format, Kind};
use crate::extract::budget::{Budget, Limits};
use crate::outcome::{ErrorKind, Failure};

/// Most values (strings, numbers, arrays, objects…) a JSON document may hold. serde_json keeps ~100 bytes per
/// value: a 48 MB array of small numbers took 1.8 GB. A JSON Resume holds a few thousand.
pub const MAX_VALUES: usize = 500_000;

/// Keys whose values are not prose.
const NOT_TEXT: &[&str] =
    &["url", "image", "picture", "countryCode", "postalCode", "@context", "@type", "$schema", "meta"];
/// Top-level keys that make a JSON Resume.
const RESUME_KEYS: &[&str] = &["basics", "work"];
/// Keys that, next to `title`, make a job description.
const POSTING_KEYS: &[&str] = &["description", "responsibilities", "qualifications"];

/// What became of a JSON file.
pub enum JsonOutcome {
    /// A resume or posting.
    Document(Document),
    /// Valid JSON that is neither (the message says what it is).
    Unsupported(String),
}

/// Reads the JSON `source`.
pub fn extract(source: &str) -> Result<JsonOutcome, Failure> {
    extract_within(source.to_owned(), &Budget::new(Limits::default()))
}

/// Fails JSON holding more than [`MAX_VALUES`] values, counted without parsing (an upper estimate: every `[`,
/// `{`, `,` and `:` outside strings, and one for the whole).
pub fn check_size(source: &str) -> Result<(), Failure> {
    let (mut values, mut in_string, mut escaped) = (1usize, false, false);
    for &b in source.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' | b',' | b':' => values += 1,
            _ => {}
        }
    }
    if values > MAX_VALUES {
        return Err(Failure::new(
            ErrorKind::LimitExceeded,
            format!("the JSON holds more than {MAX_VALUES} values; reading it would take too much memory"),
        ));
    }
    Ok(())
}

/// Reads the JSON `source` within `budget`: its size is checked before parsing and the source is freed once
/// parsed.
pub fn extract_within(source: String, budget: &Budget) -> Result<JsonOutcome, Failure> {
    check_size(&source)?;
    let value: Value = serde_json::from_str(&source)
        .map_err(|e| Failure::new(ErrorKind::JsonMalformed, format!("not valid JSON: {e}")))?;
    drop(source);
    budget.check_time()?;
    let Value::Object(map) = &value else {
        return Ok(JsonOutcome::Unsupported("JSON that is not an object".into()));
    };
    let is_job_posting_type = map.get("@type").is_some_and(|t| t == "JobPosting");
    let kind = if RESUME_KEYS.iter().any(|k| map.contains_key(*k)) {
        Kind::Resume
    } else if is_job_posting_type || (map.contains_key("title") && POSTING_KEYS.iter().any(|k| map.contains_key(*k))) {
        Kind::Posting
    } else {
        return Ok(JsonOutcome::Unsupported("JSON that is neither a JSON Resume nor a job description".into()));
    };
    let mut lines = String::new();
    for (key, item) in map {
        if NOT_TEXT.contains(&key.as_str()) {
            continue;
        }
        if matches!(item, Value::Object(_) | Value::Array(_)) && key != "basics" {
            push_line(&mut lines, &heading(key));
        }
        collect(item, &mut lines, budget)?;
    }
    let title = match kind {
        Kind::Resume => map.get("basics").and_then(|b| b.get("label")),
        Kind::Posting => map.get("title"),
    };
    let mut doc = Document::new(Format::Json, lines);
    doc.declared_kind = Some(kind);
    doc.declared_title = title.and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    Ok(JsonOutcome::Document(doc))
}

/// `camelCase` section key → `Camel case` heading.
fn heading(key: &str) -> String {
    let mut out = String::new();
    for (i, c) in key.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Appends `line` to `lines`, a newline between lines.
fn push_line(lines: &mut String, line: &str) {
    if !lines.is_empty() {
        lines.push('\n');
    }
    lines.push_str(line);
}

/// Appends the text in `value`: strings as lines, lists of short strings (keywords) on one line.
fn collect(value: &Value, lines: &mut String, budget: &Budget) -> Result<(), Failure> {
    budget.tick()?;
    match value {
        Value::String(s) => s.lines().map(str::trim).filter(|l| !l.is_empty()).for_each(|l| push_line(lines, l)),
        Value::Array(items) if items.iter().all(|i| i.as_str().is_some_and(|s| s.len() < 40)) && !items.is_empty() => {
            push_line(lines, &items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
        }
        Value::Array(items) => {
            for item in items {
                collect(item, lines, budget)?;
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if !NOT_TEXT.contains(&key.as_str()) {
                    collect(item, lines, budget)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(source: &str) -> Document {
        match extract(source).expect("valid JSON") {
            JsonOutcome::Document(d) => d,
            JsonOutcome::Unsupported(why) => panic!("unsupported: {why}"),
        }
    }

    #[test]
    fn json_resume_becomes_lines_with_label_as_title() {
        let doc = document(
            r#"{"basics":{"name":"Dana","label":"Cloud Engineer","url":"https://x.example"},
                "work":[{"name":"Acme","highlights":["Built Terraform modules"]}],
                "skills":[{"name":"AWS","keywords":["EC2","S3"]}]}"#,
        );
        assert_eq!(doc.declared_kind, Some(Kind::Resume));
        assert_eq!(doc.declared_title.as_deref(), Some("Cloud Engineer"));
        assert_eq!(doc.text, "Dana\nCloud Engineer\nWork\nAcme\nBuilt Terraform modules\nSkills\nAWS\nEC2, S3");
    }

    #[test]
    fn a_job_description_is_a_posting() {
        let doc =
            document(r#"{"title":"Platform role","description":"Run Kubernetes","responsibilities":["On-call"]}"#);
        assert_eq!(doc.declared_kind, Some(Kind::Posting));
        assert_eq!(doc.declared_title.as_deref(), Some("Platform role"));
    }

    #[test]
    fn other_json_is_unsupported_and_broken_json_fails() {
        assert!(matches!(extract(r#"{"dependencies":{}}"#), Ok(JsonOutcome::Unsupported(_))));
        assert_eq!(extract("{oops").err().map(|e| e.kind), Some(ErrorKind::JsonMalformed));
    }

    #[test]
    fn a_flood_of_values_is_refused_before_parsing() {
        let flood = format!("{{\"basics\":[{}0]}}", "0,".repeat(MAX_VALUES));
        assert_eq!(extract(&flood).err().map(|e| e.kind), Some(ErrorKind::LimitExceeded));
        assert!(check_size(&format!("{{\"a\":\"{}\"}}", ",".repeat(MAX_VALUES * 2))).is_ok(), "commas in strings");
    }
}
