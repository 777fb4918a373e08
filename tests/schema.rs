//! The report contract: real output validates against `schema/report.schema.json`, and the schema enumerates
//! every error, skip and warning kind the code can produce.

use std::process::Command;

use rolefit::outcome::{ErrorKind, SkipKind, WarningKind};
use serde_json::Value;

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string("schema/report.schema.json").expect("schema file"))
        .expect("schema is JSON")
}

fn validate(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

fn scan(args: &[&str]) -> String {
    let out = Command::new(assert_cmd::cargo::cargo_bin("rolefit")).arg("scan").args(args).output().expect("runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn json_reports_validate_against_the_schema() {
    let schema = schema();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("broken.pdf"), "not a pdf").expect("write");
    std::fs::write(dir.path().join("sheet.xlsx"), "PK").expect("write");
    let mut args = vec!["samples", dir.path().to_str().expect("utf-8"), "--format", "json"];
    let report: Value = serde_json::from_str(&scan(&args)).expect("JSON");
    let errors = validate(&schema, &report);
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = report.clone();
    broken["documents"][1]["fit"] = Value::from(3);
    broken["documents"][0]["status"] = Value::from("maybe");
    assert_eq!(validate(&schema, &broken).len(), 2, "the schema can fail");
    let statuses: Vec<&str> =
        report["documents"].as_array().expect("docs").iter().filter_map(|d| d["status"].as_str()).collect();
    assert!(["ok", "skipped", "failed"].iter().all(|s| statuses.contains(s)), "all three shapes were checked");
    // JSON Lines: each line is one document of the same shape.
    args[2] = "--format";
    args[3] = "jsonl";
    let document_schema = serde_json::json!({ "$ref": "#/$defs/document", "$defs": schema["$defs"].clone() });
    for line in scan(&args).lines() {
        let errors = validate(&document_schema, &serde_json::from_str(line).expect("JSON line"));
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn the_schema_enumerates_every_kind() {
    let schema = schema();
    let listed = |path: &[&str]| -> Vec<String> {
        let mut v = &schema["$defs"];
        for key in path {
            v = &v[*key];
        }
        v.as_array().expect("enum").iter().filter_map(|k| k.as_str().map(String::from)).collect()
    };
    let name = |v: &dyn erased::Kind| v.name();
    // Exhaustive matches: a new variant does not compile until it is listed here, and then must be in the schema.
    let errors = [
        ErrorKind::Io,
        ErrorKind::TooLarge,
        ErrorKind::LimitExceeded,
        ErrorKind::Timeout,
        ErrorKind::PdfMalformed,
        ErrorKind::NeedsPassword,
        ErrorKind::DocxMalformed,
        ErrorKind::XmlMalformed,
        ErrorKind::JsonMalformed,
        ErrorKind::Encoding,
        ErrorKind::Internal,
    ];
    for k in errors {
        match k {
            ErrorKind::Io
            | ErrorKind::TooLarge
            | ErrorKind::LimitExceeded
            | ErrorKind::Timeout
            | ErrorKind::PdfMalformed
            | ErrorKind::NeedsPassword
            | ErrorKind::DocxMalformed
            | ErrorKind::XmlMalformed
            | ErrorKind::JsonMalformed
            | ErrorKind::Encoding
            | ErrorKind::Internal => {}
        }
    }
    let skips = [
        SkipKind::UnsupportedFormat,
        SkipKind::NotAFile,
        SkipKind::Symlink,
        SkipKind::SymlinkOutside,
        SkipKind::ReportOutput,
    ];
    for k in skips {
        match k {
            SkipKind::UnsupportedFormat
            | SkipKind::NotAFile
            | SkipKind::Symlink
            | SkipKind::SymlinkOutside
            | SkipKind::ReportOutput => {}
        }
    }
    let warnings = [
        WarningKind::ImageOnly,
        WarningKind::LittleText,
        WarningKind::Garbled,
        WarningKind::Repaired,
        WarningKind::Columns,
        WarningKind::NotEnglish,
        WarningKind::TruncatedByLimit,
    ];
    for k in warnings {
        match k {
            WarningKind::ImageOnly
            | WarningKind::LittleText
            | WarningKind::Garbled
            | WarningKind::Repaired
            | WarningKind::Columns
            | WarningKind::NotEnglish
            | WarningKind::TruncatedByLimit => {}
        }
    }
    let errors_listed = listed(&["failed", "properties", "error", "properties", "kind", "enum"]);
    let skips_listed = listed(&["skipped", "properties", "reason", "properties", "kind", "enum"]);
    let warnings_listed = listed(&["analysed", "properties", "warnings", "items", "properties", "kind", "enum"]);
    for (kinds, listed) in [
        (errors.iter().map(|k| name(k)).collect::<Vec<_>>(), errors_listed),
        (skips.iter().map(|k| name(k)).collect(), skips_listed),
        (warnings.iter().map(|k| name(k)).collect(), warnings_listed),
    ] {
        let mut kinds = kinds;
        let mut listed = listed;
        kinds.sort();
        listed.sort();
        assert_eq!(kinds, listed);
    }
}

/// The serialized name of a kind, whatever its enum.
mod erased {
    pub trait Kind {
        fn name(&self) -> String;
    }

    impl<T: serde::Serialize> Kind for T {
        fn name(&self) -> String {
            serde_json::to_value(self).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
        }
    }
}
