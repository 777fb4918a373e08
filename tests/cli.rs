//! End-to-end tests of the binary on the project's samples, on generated trees, and on the shared real-world
//! corpus. Assertion messages name files and verdicts, never document text: some corpus resumes are real
//! people's.

mod common;
use common::skip;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn rolefit() -> Command {
    Command::cargo_bin("rolefit").expect("binary builds")
}

/// Runs `rolefit ARGS` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = rolefit().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_report(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("invalid JSON ({e}); stderr: {stderr}"));
    (code, report)
}

fn documents(report: &Value) -> &Vec<Value> {
    report["documents"].as_array().expect("documents array")
}

/// Every regular file under `dir`, as paths joined to `dir`.
fn files_under(dir: &Path) -> BTreeSet<String> {
    walk(dir).into_iter().map(|p| p.to_string_lossy().into_owned()).collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

/// Rows of a labels CSV: (file, gold, other columns by name).
fn labels(csv: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(csv).expect("labels CSV");
    let headers = reader.headers().expect("headers").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers.iter().zip(r.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

#[test]
fn every_sample_gets_its_expected_fit_kind_and_title_role() {
    let (code, report) = json_report(&["samples"]);
    assert_eq!(code, 0);
    let docs = documents(&report);
    let mut wrong = Vec::new();
    for row in labels(Path::new("tests/samples-labels.csv")) {
        let path = row["file"].trim_start_matches("../").to_owned();
        let doc = docs
            .iter()
            .find(|d| d["path"] == path.as_str())
            .unwrap_or_else(|| panic!("{path} missing from the report"));
        let expected_fit = if row["gold"] == "none" { "unclear" } else { row["gold"].as_str() };
        let expected_title_role =
            if row["title_role"].is_empty() { Value::Null } else { Value::from(row["title_role"].as_str()) };
        let got = (doc["status"].clone(), doc["fit"].clone(), doc["kind"].clone(), doc["title_role"].clone());
        let want =
            (Value::from("ok"), Value::from(expected_fit), Value::from(row["kind"].as_str()), expected_title_role);
        if got != want {
            wrong.push(format!("{path}: got {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "samples off their expected verdict:\n{}", wrong.join("\n"));
}

#[test]
fn every_input_is_accounted_for_and_summary_adds_up() {
    let (_, report) = json_report(&["samples"]);
    let reported: BTreeSet<String> =
        documents(&report).iter().map(|d| d["path"].as_str().expect("path").to_string()).collect();
    assert_eq!(reported, files_under(Path::new("samples")));
    let summary = &report["summary"];
    assert_eq!(summary["documents"], reported.len());
    let counted = ["ok", "skipped", "failed"].iter().map(|k| summary[k].as_u64().expect("count")).sum::<u64>();
    assert_eq!(counted as usize, reported.len());
    assert_eq!(report["schema"], "rolefit.report/1");
    assert_eq!(report["lexicons"].as_array().expect("lexicons").len(), 2);
}

#[test]
fn evidence_lines_point_at_the_matched_text() {
    let (_, report) = json_report(&["samples/resumes/marcus-lindqvist.docx"]);
    let doc = &documents(&report)[0];
    let (_, text, _) = run(&["text", "samples/resumes/marcus-lindqvist.docx"]);
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for skill in doc["matched"].as_array().expect("matched") {
        for evidence in skill["evidence"].as_array().expect("evidence") {
            let line = evidence["line"].as_u64().expect("line") as usize;
            let snippet = evidence["snippet"].as_str().expect("snippet");
            let collapsed = lines[line - 1].split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(collapsed.contains(snippet), "snippet of {} is not on line {line}", skill["skill"]);
            checked += 1;
        }
    }
    assert!(checked > 10);
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    for format in ["json", "jsonl", "table"] {
        let (_, one, _) = run(&["scan", "samples", "--format", format, "-j", "1"]);
        let (_, two, _) = run(&["scan", "samples", "--format", format, "-j", "2"]);
        assert_eq!(one, two, "{format} differs between -j 1 and -j 2");
    }
}

#[test]
fn jsonl_has_one_document_per_line_in_input_order() {
    let (code, stdout, _) = run(&["scan", "samples/resumes", "samples/postings", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let paths: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON line")["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(paths.len(), 12);
    assert!(paths[..6].iter().all(|p| p.starts_with("samples/resumes/")));
    let mut sorted = paths[..6].to_vec();
    sorted.sort();
    assert_eq!(paths[..6], sorted[..], "a folder is walked in name order");
}

#[test]
fn a_failed_file_exits_1_and_the_report_is_still_complete() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fake.pdf"), "this is not a PDF").expect("write");
    std::fs::write(dir.path().join("empty.pdf"), "").expect("write");
    std::fs::write(dir.path().join("notes.xlsx"), "PK").expect("write");
    std::fs::copy("samples/resumes/ingrid-solberg.txt", dir.path().join("cv.txt")).expect("copy");
    let (code, report) = json_report(&[dir.path().to_str().expect("utf-8 temp path")]);
    assert_eq!(code, 1);
    assert_eq!(
        outcomes(&report),
        vec![
            ("cv.txt".into(), "ok -".into()),
            ("empty.pdf".into(), "failed pdf_malformed".into()),
            ("fake.pdf".into(), "failed pdf_malformed".into()),
            ("notes.xlsx".into(), "skipped unsupported_format".into()),
        ]
    );
    assert_eq!(report["summary"]["failed"], 2);
}

#[test]
fn a_missing_path_is_reported_not_fatal() {
    let (code, report) = json_report(&["samples/resumes/helen-marsh.md", "no/such/file.pdf"]);
    assert_eq!(code, 1);
    assert_eq!(documents(&report)[1]["error"]["kind"], "io");
}

#[test]
fn stdin_is_one_document() {
    let text = std::fs::read("samples/postings/copperline-cloud-engineer.txt").expect("sample");
    let out = rolefit().args(["scan", "-", "--format", "jsonl"]).write_stdin(text).output().expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (doc["path"].as_str(), doc["fit"].as_str(), doc["kind"].as_str()),
        (Some("-"), Some("architect"), Some("posting"))
    );
}

#[test]
fn kind_and_target_flags_apply() {
    let (_, report) = json_report(&[
        "samples/resumes/ingrid-solberg.txt",
        "--kind",
        "posting",
        "--target",
        "engineer",
        "--max-missing",
        "3",
    ]);
    let doc = &documents(&report)[0];
    assert_eq!(doc["kind"], "posting");
    let missing = doc["missing"].as_array().expect("missing");
    assert_eq!(missing.len(), 3);
    assert!(missing.iter().all(|m| m["role"] == "engineer"));
    let (code, _, stderr) = run(&["scan", "samples", "--target", "wizard"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no such role"), "{stderr}");
}

#[test]
fn glob_and_max_depth_filter_folder_walks() {
    let (_, report) = json_report(&["samples", "--glob", "*.pdf"]);
    let paths: Vec<&str> = documents(&report).iter().map(|d| d["path"].as_str().expect("path")).collect();
    assert_eq!(paths, vec!["samples/postings/larkspur-cloud-engineer-aws.pdf", "samples/resumes/dana-okafor.pdf"]);
    let (_, report) = json_report(&["samples", "--max-depth", "1"]);
    assert_eq!(documents(&report).len(), 0, "samples/ holds only folders");
    let (_, report) = json_report(&["samples", "--max-depth", "2", "--glob", "*.md"]);
    assert_eq!(documents(&report).len(), 2, "the Markdown documents one level down");
}

#[test]
fn output_file_is_written_and_unwritable_output_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.json");
    let (code, stdout, _) = run(&["scan", "samples", "--format", "json", "-o", out.to_str().expect("utf-8")]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("valid JSON");
    assert_eq!(report["summary"]["ok"], 12);
    let (code, _, stderr) = run(&["scan", "samples", "-o", "/nonexistent-dir/report.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write"), "{stderr}");
}

#[test]
fn broken_lexicons_exit_2_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ops.toml"),
        "id = \"ops\"\nname = \"Ops\"\n\n[[skill]]\nid = \"x\"\nname = \"X\"\ncategory = \"c\"\nweight = 9\nterms = [\"kubernetes\"]\n",
    )
    .expect("write");
    let lexicons = dir.path().to_str().expect("utf-8");
    let (code, _, stderr) = run(&["lexicon", "check", lexicons]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ops.toml:8: skill \"x\": weight 9"), "{stderr}");
    let (code, _, _) = run(&["scan", "samples", "--lexicons", lexicons]);
    assert_eq!(code, 2);
}

#[test]
fn dumped_lexicons_check_clean_and_load_with_any_number_of_roles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lexicons = dir.path().join("lex");
    let (code, _, _) = run(&["lexicon", "dump", "--to", lexicons.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    let (code, stdout, _) = run(&["lexicon", "check", lexicons.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), 2);
    std::fs::write(
        lexicons.join("data.toml"),
        "id = \"data\"\nname = \"Data\"\ntitles = [\"data scientist\"]\n\n[[skill]]\nid = \"pandas\"\nname = \"pandas\"\ncategory = \"c\"\nweight = 3\nterms = [\"pandas\", \"jupyter\"]\n",
    )
    .expect("write");
    let (_, report) = json_report(&["samples/resumes/helen-marsh.md", "--lexicons", lexicons.to_str().expect("utf-8")]);
    let scores = documents(&report)[0]["scores"].as_object().expect("scores").keys().cloned().collect::<Vec<_>>();
    assert_eq!(scores, vec!["architect", "data", "engineer"]);
}

#[test]
fn text_prints_what_the_analysis_sees() {
    let (code, stdout, _) = run(&["text", "samples/resumes/amelie-fontaine.txt"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Amélie"), "Windows-1252 decoded");
    assert!(!stdout.contains('\r'));
    let (code, stdout, _) = run(&["text", "samples/postings/kestrel-harbor-cloud-solutions-architect.html"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("function") && !stdout.contains("Site Reliability"), "no script or nav text");
}

#[test]
fn table_is_the_default_and_ends_with_a_summary() {
    let (code, stdout, _) = run(&["scan", "samples"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("FIT"));
    assert!(!stdout.contains('\x1b'), "no colour when stdout is not a terminal");
    let last = stdout.lines().last().expect("summary line");
    assert!(last.starts_with("12 documents: 12 ok, 0 skipped, 0 failed"), "{last}");
}

#[test]
fn eval_on_samples_is_perfect() {
    let (code, stdout, _) = run(&["eval", "--labels", "tests/samples-labels.csv", "--format", "json"]);
    assert_eq!(code, 0);
    let eval: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(eval["accuracy"], 1.0);
    assert_eq!(eval["controls"], 1.0);
    assert_eq!(eval["hybrid"], 1.0);
    // Every scored document is listed, with its verdict and scores, in the CSV's order.
    let labels = std::fs::read_to_string("tests/samples-labels.csv").expect("labels");
    let scored: Vec<(&str, &str)> = labels
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(file, gold)| (file, gold.split(',').next().unwrap_or("")))
        .filter(|(_, gold)| *gold != "any")
        .collect();
    let results = eval["results"].as_array().expect("results");
    assert_eq!(results.len(), scored.len());
    assert_eq!(results.len(), eval["documents"].as_u64().expect("count") as usize);
    for (result, (file, gold)) in results.iter().zip(&scored) {
        assert_eq!(result["file"], *file);
        assert_eq!(result["gold"], *gold);
        let expected = if *gold == "none" { "unclear" } else { gold };
        assert_eq!((&result["fit"], &result["correct"]), (&Value::from(expected), &Value::Bool(true)), "{file}");
        assert!(result["scores"]["architect"].is_f64() && result["scores"]["engineer"].is_f64(), "{file}");
    }
}

// ---- the shared real-world corpus ----

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        skip("../shared/corpus is not beside this checkout");
        None
    }
}

#[test]
fn corpus_scan_accounts_for_every_file_without_internal_errors() {
    let Some(corpus) = corpus() else { return };
    let folders: Vec<String> =
        ["postings", "resumes", "stress_pdfs"].iter().map(|f| corpus.join(f).to_string_lossy().into_owned()).collect();
    let mut args: Vec<&str> = folders.iter().map(String::as_str).collect();
    args.extend(["-j", "2"]);
    let (_, report) = json_report(&args);
    let docs = documents(&report);
    let reported: BTreeSet<String> = docs.iter().map(|d| d["path"].as_str().expect("path").to_string()).collect();
    let expected: BTreeSet<String> = folders.iter().flat_map(|f| files_under(Path::new(f))).collect();
    assert_eq!(reported, expected);
    let internal: Vec<&str> =
        docs.iter().filter(|d| d["error"]["kind"] == "internal").map(|d| d["path"].as_str().expect("path")).collect();
    assert!(internal.is_empty(), "internal errors: {internal:?}");
}

/// Every labelled document is analysed with text, and its kind is right: every labelled resume is a `resume`,
/// every labelled posting a `posting` (issue 15: dataset resumes without contact lines were read as postings).
#[test]
fn corpus_labelled_documents_are_analysed_with_text_and_the_right_kind() {
    let Some(corpus) = corpus() else { return };
    let mut total = 0;
    let mut problems = Vec::new();
    for (folder, csvs, kind) in
        [("postings", &["labels.csv", "labels-2.csv"][..], "posting"), ("resumes", &["labels.csv"][..], "resume")]
    {
        let dir = corpus.join(folder);
        let (_, report) = json_report(&[dir.to_str().expect("utf-8")]);
        for row in csvs.iter().flat_map(|csv| labels(&dir.join(csv))) {
            let path = dir.join(&row["file"]).to_string_lossy().into_owned();
            let Some(doc) = documents(&report).iter().find(|d| d["path"] == path.as_str()) else {
                problems.push(format!("{path}: not in the report"));
                continue;
            };
            if doc["status"] != "ok" || doc["words"].as_u64().unwrap_or(0) == 0 {
                problems.push(format!("{path}: status {} with {} words", doc["status"], doc["words"]));
            }
            if doc["kind"] != kind {
                problems.push(format!("{path}: read as a {}, labelled a {kind}", doc["kind"]));
            }
            total += 1;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(total > 300, "{total}");
}

#[test]
fn corpus_stress_pdfs_fail_or_warn_with_the_right_kind() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("stress_pdfs");
    let (_, report) = json_report(&[dir.to_str().expect("utf-8")]);
    let kind_of = |name: &str| -> String {
        let doc =
            documents(&report).iter().find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(name))).expect("listed");
        let warnings: Vec<&str> = doc["warnings"]
            .as_array()
            .map(|w| w.iter().filter_map(|w| w["kind"].as_str()).collect())
            .unwrap_or_default();
        format!(
            "{} {}{}",
            doc["status"].as_str().unwrap_or("?"),
            doc["error"]["kind"].as_str().unwrap_or(""),
            warnings.join(",")
        )
    };
    assert_eq!(kind_of("scorelia_password_protected_aes256.pdf"), "failed needs_password");
    assert_eq!(kind_of("pdfminer_aes-256-r6_userpw.pdf"), "failed needs_password");
    assert_eq!(kind_of("scorelia_empty_file_0_bytes.pdf"), "failed pdf_malformed");
    assert_eq!(kind_of("scorelia_corrupt_file_not_a_pdf.pdf"), "failed pdf_malformed");
    assert_eq!(kind_of("scorelia_scanned_resume_actually_blank.pdf"), "ok image_only");
    assert_eq!(kind_of("pypdf_r2-empty-password.pdf").split(' ').next(), Some("ok"), "an empty user password opens");
    // In the one-line listing a blank scan says so, rather than passing for a non-cloud document.
    let blank = dir.join("scorelia_scanned_resume_actually_blank.pdf");
    let (_, brief, _) = run(&["scan", "--brief", blank.to_str().expect("utf-8")]);
    assert!(brief.lines().nth(1).is_some_and(|l| l.ends_with("[image only: run OCR]")), "{brief}");
}

/// (file name, status and kind) of every document in a report.
fn outcomes(report: &Value) -> Vec<(String, String)> {
    documents(report)
        .iter()
        .map(|d| {
            let path = Path::new(d["path"].as_str().expect("path"));
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            let kind = d["error"]["kind"].as_str().or(d["reason"]["kind"].as_str()).unwrap_or("-");
            (name, format!("{} {kind}", d["status"].as_str().expect("status")))
        })
        .collect()
}

#[test]
fn symlinks_sockets_and_loops_are_skipped_with_a_reason() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::copy("samples/resumes/helen-marsh.md", root.join("a.md")).expect("copy");
    symlink(root.join("a.md"), root.join("b-link.md")).expect("symlink");
    std::fs::create_dir(root.join("c")).expect("dir");
    symlink(root, root.join("c/loop")).expect("loop link");
    let _socket = std::os::unix::net::UnixListener::bind(root.join("d.sock")).expect("socket");
    let root_arg = root.to_str().expect("utf-8");
    let (code, report) = json_report(&[root_arg]);
    assert_eq!(code, 0, "skips are not failures");
    assert_eq!(
        outcomes(&report),
        vec![
            ("a.md".into(), "ok -".into()),
            ("b-link.md".into(), "skipped symlink".into()),
            ("loop".into(), "skipped symlink".into()),
            ("d.sock".into(), "skipped not_a_file".into()),
        ]
    );
    let (_, report) = json_report(&[root_arg, "--follow"]);
    let followed = outcomes(&report);
    assert!(followed.contains(&("b-link.md".into(), "ok -".into())), "{followed:?}");
    assert!(followed.contains(&("loop".into(), "skipped symlink".into())), "{followed:?}");
}

#[test]
fn files_from_reads_paths_one_per_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "samples/resumes/helen-marsh.md\n\nsamples/postings/fernhill-content-designer.txt\n")
        .expect("write");
    let (code, report) = json_report(&["--files-from", list.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    assert_eq!(outcomes(&report).len(), 2);
    let out = rolefit()
        .args(["scan", "--files-from", "-", "--format", "jsonl"])
        .write_stdin("samples/resumes/helen-marsh.md\n")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let (code, _, stderr) = run(&["scan"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("nothing to scan"), "{stderr}");
}

#[test]
fn corpus_password_opens_an_encrypted_pdf() {
    let Some(corpus) = corpus() else { return };
    let pdf = corpus.join("stress_pdfs/pdfminer_aes-256-r6_userpw.pdf");
    let pdf = pdf.to_str().expect("utf-8");
    let (code, report) = json_report(&[pdf]);
    assert_eq!((code, documents(&report)[0]["error"]["kind"].as_str()), (1, Some("needs_password")));
    let (code, report) = json_report(&[pdf, "--password", "usersecret"]);
    assert_eq!((code, documents(&report)[0]["status"].as_str()), (0, Some("ok")));
    assert!(documents(&report)[0]["words"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn corpus_two_column_resume_reads_each_column_contiguously() {
    let Some(corpus) = corpus() else { return };
    let pdf = corpus.join("resumes/pdf/resumematcher_template_two-column.pdf");
    let (code, text, stderr) = run(&["text", pdf.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    assert!(stderr.contains("multi-column"), "the columns warning is given");
    let lines: Vec<&str> = text.lines().collect();
    let at = |heading: &str| {
        lines.iter().position(|l| l.trim() == heading).unwrap_or_else(|| panic!("{heading} is a line of its own"))
    };
    // Left column: SUMMARY, EXPERIENCE, PROJECTS; right column: EDUCATION, SKILLS.
    let (summary, experience, projects) = (at("SUMMARY"), at("EXPERIENCE"), at("PROJECTS"));
    let (education, skills) = (at("EDUCATION"), at("SKILLS"));
    assert!(summary < experience && experience < projects, "left column in order");
    assert!(projects < education && education < skills, "right column after the whole left column");
    let left_lines_between = lines[summary + 1..experience].iter().filter(|l| !l.trim().is_empty()).count();
    assert!(left_lines_between >= 5, "the summary paragraph is not interrupted by the right column");
}

#[test]
fn text_layout_numbers_lines_and_names_sections() {
    let (code, stdout, _) = run(&["text", "--layout", "samples/postings/larkspur-cloud-engineer-aws.pdf"]);
    assert_eq!(code, 0);
    let mut lines = stdout.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("# pdf · posting ·")));
    let numbered: Vec<&str> = lines.collect();
    assert!(numbered[0].trim_start().starts_with("1 general"));
    assert!(numbered.iter().any(|l| l.contains(" duties ")));
    assert!(numbered.iter().any(|l| l.contains(" boilerplate ")));
}

#[test]
fn odt_is_read_and_rtf_is_skipped_with_a_reason() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.path().join("cv.odt")).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", options).expect("entry");
    zip.write_all(b"application/vnd.oasis.opendocument.text").expect("write");
    zip.start_file("content.xml", options).expect("entry");
    zip.write_all(br#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h>Cloud Engineer</text:h><text:p>Wrote Terraform modules and Bash scripts.</text:p></office:text></office:body></office:document-content>"#).expect("write");
    zip.finish().expect("finish");
    std::fs::write(dir.path().join("old.rtf"), r"{\rtf1\ansi Cloud}").expect("write");
    let (code, report) = json_report(&[dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    let docs = documents(&report);
    assert_eq!((docs[0]["format"].as_str(), docs[0]["title"].as_str()), (Some("odt"), Some("Cloud Engineer")));
    assert_eq!(docs[1]["reason"]["kind"], "unsupported_format");
}

#[test]
fn posting_skills_say_required_or_preferred_and_resume_skills_do_not() {
    let (_, report) =
        json_report(&["samples/postings/larkspur-cloud-engineer-aws.pdf", "samples/resumes/marcus-lindqvist.docx"]);
    let docs = documents(&report);
    let requirement = |doc: &Value, skill: &str| {
        let matched = doc["matched"].as_array().expect("matched");
        matched
            .iter()
            .find(|m| m["skill"] == skill)
            .map(|m| m["requirement"].clone())
            .unwrap_or_else(|| panic!("{skill} matched"))
    };
    // Under "NICE TO HAVE" only: preferred. Under responsibilities: required.
    assert_eq!(requirement(&docs[0], "cloudformation"), "preferred");
    assert_eq!(requirement(&docs[0], "on-call"), "required");
    assert!(docs[1]["matched"].as_array().expect("matched").iter().all(|m| m["requirement"].is_null()));
}

#[test]
fn contributions_explain_the_ranking_of_roles() {
    let (_, report) = json_report(&["samples/resumes/ingrid-solberg.txt"]);
    let doc = &documents(&report)[0];
    let evidence = |role: &str| -> f64 {
        doc["matched"].as_array().expect("matched").iter().filter_map(|m| m["contributions"][role].as_f64()).sum()
    };
    assert_eq!(doc["fit"], "architect");
    assert!(evidence("architect") > evidence("engineer"), "the fitted role has the most evidence");
    let scores = &doc["scores"];
    assert!(scores["architect"].as_f64() > scores["engineer"].as_f64());
    let (code, stdout, _) = run(&["scan", "samples/resumes/ingrid-solberg.txt", "--explain"]);
    assert_eq!(code, 0);
    let line = stdout.lines().find(|l| l.trim_start().starts_with("architect: evidence")).expect("explain line");
    assert!(line.contains(" +"), "each skill's contribution is shown: {line}");
}

#[test]
fn title_mismatch_is_flagged_where_title_and_content_disagree() {
    let (_, report) = json_report(&["samples/postings"]);
    let flagged: Vec<&str> = documents(&report)
        .iter()
        .filter(|d| d["title_mismatch"] == true)
        .map(|d| d["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        flagged,
        vec!["samples/postings/copperline-cloud-engineer.txt", "samples/postings/tidewater-senior-cloud-architect.md"]
    );
}

/// Accuracy on every labelled real posting and resume (`postings/labels.csv`, `postings/labels-2.csv`,
/// `resumes/labels.csv`), masked as the corpus protocol says. Issue 15 asks for 95% accuracy with 92% recall per
/// role: that is not reached yet (README, Accuracy), and the floors here are what the rules reach now, rounded
/// down, so that a change that loses ground fails. As the issue asks, every `none` document must be `unclear`, a
/// third of the hybrids `hybrid`, title/content mismatches flagged and the top confidence band right 97% of the
/// time.
#[test]
fn corpus_evaluation_meets_the_accuracy_targets() {
    let Some(corpus) = corpus() else { return };
    let sets = ["postings/labels.csv", "postings/labels-2.csv", "resumes/labels.csv"].map(|s| corpus.join(s));
    let mut args = vec!["eval"];
    for set in &sets {
        args.extend(["--labels", set.to_str().expect("utf-8")]);
    }
    args.extend(["--mask-role-words", "--format", "json"]);
    let (_, stdout, _) = run(&args);
    let eval: Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(eval["accuracy"].as_f64().expect("accuracy") >= 0.91, "accuracy {}", eval["accuracy"]);
    for role in eval["roles"].as_array().expect("roles") {
        let recall = role["recall"].as_f64().expect("recall");
        let floor = if role["role"] == "architect" { 0.85 } else { 0.94 };
        assert!(recall >= floor, "{} recall {recall}", role["role"]);
    }
    assert_eq!(eval["controls"], 1.0, "every `none` document is unclear");
    assert!(eval["hybrid"].as_f64().expect("hybrid") * 3.0 >= 1.0, "a third of the hybrids: {}", eval["hybrid"]);
    let mismatch = &eval["title_mismatch"];
    let (flagged, mismatches) = (mismatch["flagged"].as_u64().expect("n"), mismatch["mismatches"].as_u64().expect("n"));
    let (false_flags, agreements) =
        (mismatch["false_flags"].as_u64().expect("n"), mismatch["agreements"].as_u64().expect("n"));
    assert!(flagged * 3 >= mismatches * 2, "most title/content mismatches flagged: {flagged} of {mismatches}");
    assert!(false_flags * 20 <= agreements, "few false flags: {false_flags} of {agreements}");
    let bands = eval["confidence_bands"].as_array().expect("bands");
    let accuracy = |i: usize| bands[i]["accuracy"].as_f64().unwrap_or(0.0);
    assert!(accuracy(2) > accuracy(1) && accuracy(1) > accuracy(0), "confidence bands rise: {bands:?}");
    assert!(accuracy(2) >= 0.97, "the top band is right 97% of the time: {}", accuracy(2));
}

/// The documents written for checking (`tests/checks`, see its README): resumes of other trades must stay
/// `unclear` and cloud resumes keep their roles; postings of either role, in four languages and many layouts, keep
/// theirs; most postings of other trades, even steeped in cloud words, are `unclear`. Floors are what the rules
/// reach now, rounded down: the near-miss postings are a gap the README states.
#[test]
fn documents_written_for_checking_keep_their_verdicts() {
    let checks = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checks");
    let eval = |set: &str| -> Value {
        let labels = checks.join(set).join("labels.csv");
        let (_, stdout, _) =
            run(&["eval", "--labels", labels.to_str().expect("utf-8"), "--mask-role-words", "--format", "json"]);
        serde_json::from_str(&stdout).expect("JSON")
    };
    let resumes = eval("resumes");
    assert!(resumes["controls"].as_f64().expect("controls") >= 0.95, "other trades unclear: {}", resumes["controls"]);
    assert!(resumes["accuracy"].as_f64().expect("accuracy") >= 0.95, "cloud resumes: {}", resumes["accuracy"]);
    assert!(resumes["hybrid"].as_f64().expect("hybrid") * 3.0 >= 1.0, "hybrid resumes: {}", resumes["hybrid"]);
    let postings = eval("postings");
    assert!(postings["accuracy"].as_f64().expect("accuracy") >= 0.95, "postings: {}", postings["accuracy"]);
    for role in postings["roles"].as_array().expect("roles") {
        assert!(role["recall"].as_f64().expect("recall") >= 0.95, "{} recall {}", role["role"], role["recall"]);
    }
    assert!(postings["hybrid"].as_f64().expect("hybrid") * 3.0 >= 1.0, "hybrid postings: {}", postings["hybrid"]);
    assert!(postings["controls"].as_f64().expect("controls") >= 0.6, "other trades: {}", postings["controls"]);
}

/// On the title-labelled postings (`weak/`, titles disagree with content about one time in seven), few
/// engineer-titled postings are called `architect` and nearly every non-technical one is `unclear`.
#[test]
fn title_labelled_postings_agree_with_their_titles_at_scale() {
    let Some(corpus) = corpus() else { return };
    let weak = corpus.join("weak/labels.csv");
    let (_, stdout, _) =
        run(&["eval", "--labels", weak.to_str().expect("utf-8"), "--mask-role-words", "--format", "json"]);
    let eval: Value = serde_json::from_str(&stdout).expect("JSON");
    let share = |title: &str, fit: &str| {
        let t = &eval["title_agreement"][title];
        t["fits"][fit].as_f64().unwrap_or(0.0) / t["documents"].as_f64().expect("documents")
    };
    assert!(
        share("engineer", "architect") <= 0.10,
        "engineer-titled called architect: {}",
        share("engineer", "architect")
    );
    assert!(share("none", "unclear") >= 0.97, "non-technical called unclear: {}", share("none", "unclear"));
}

/// A report never contradicts itself, on every document of the corpus: no skill is listed missing that a matched
/// skill implies (Terraform matched, "Infrastructure as code" missing), and the fit is never a role that scores
/// below another role.
#[test]
fn corpus_reports_never_contradict_themselves() {
    let Some(corpus) = corpus() else { return };
    let implies = embedded_implications();
    let (_, stdout, _) = run(&["scan", corpus.to_str().expect("utf-8"), "--format", "jsonl", "--max-missing", "1000"]);
    let (mut checked, mut problems) = (0, Vec::new());
    for line in stdout.lines() {
        let doc: Value = serde_json::from_str(line).expect("JSON line");
        if doc["status"] != "ok" {
            continue;
        }
        checked += 1;
        let path = doc["path"].as_str().expect("path");
        let mut shown: BTreeSet<String> = doc["matched"]
            .as_array()
            .expect("matched")
            .iter()
            .map(|m| m["skill"].as_str().expect("id").to_string())
            .collect();
        let mut stack: Vec<String> = shown.iter().cloned().collect();
        while let Some(skill) = stack.pop() {
            for implied in implies.get(&skill).into_iter().flatten() {
                if shown.insert(implied.clone()) {
                    stack.push(implied.clone());
                }
            }
        }
        for missing in doc["missing"].as_array().expect("missing") {
            let id = missing["skill"].as_str().expect("id");
            if shown.contains(id) {
                problems.push(format!("{path}: {id} missing though shown"));
            }
        }
        let scores = doc["scores"].as_object().expect("scores");
        if let Some(fit) = scores.get(doc["fit"].as_str().expect("fit")).and_then(Value::as_f64)
            && scores.values().any(|s| s.as_f64().expect("score") > fit)
        {
            problems.push(format!("{path}: fit {} scores below another role", doc["fit"]));
        }
    }
    assert!(checked > 1_500, "{checked}");
    assert!(problems.is_empty(), "{} contradictions:\n{}", problems.len(), problems.join("\n"));
}

/// `implies` of every embedded skill, read from the lexicon files themselves.
fn embedded_implications() -> std::collections::HashMap<String, Vec<String>> {
    let mut implies = std::collections::HashMap::new();
    for file in ["lexicons/architect.toml", "lexicons/engineer.toml"] {
        let text = std::fs::read_to_string(file).expect("lexicon");
        let lexicon: toml::Value = toml::from_str(&text).expect("TOML");
        for skill in lexicon["skill"].as_array().expect("skills") {
            let ids = skill.get("implies").and_then(toml::Value::as_array).cloned().unwrap_or_default();
            implies.insert(
                skill["id"].as_str().expect("id").to_string(),
                ids.iter().map(|i| i.as_str().expect("id").to_string()).collect(),
            );
        }
    }
    implies
}

#[test]
fn csv_round_trips_through_a_csv_parser() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("odd \"name\", with comma.txt"),
        "Cloud Engineer\nTerraform, \"quoted\" AWS and Linux.\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("sheet.csv"), "a,b\n1,2\n").expect("write");
    let (code, stdout, _) = run(&["scan", "samples", dir.path().to_str().expect("utf-8"), "--format", "csv"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(&headers[0], "path");
    assert!(headers.iter().any(|h| h == "score_architect") && headers.iter().any(|h| h == "score_engineer"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("RFC 4180 row")).collect();
    assert_eq!(rows.len(), 14, "one row per document");
    assert!(rows.iter().all(|r| r.len() == headers.len()));
    assert!(rows.iter().any(|r| r[0].ends_with("odd \"name\", with comma.txt")), "quotes and commas survive");
    assert!(stdout.contains("\r\n") && !stdout.replace("\r\n", "").contains('\n'), "RFC 4180 CRLF line ends");
    let skipped = rows.iter().find(|r| &r[1] == "skipped").expect("sheet.csv is skipped");
    assert!(skipped[headers.len() - 1].contains("spreadsheet"));
    let (_, with_bom, _) = run(&["scan", "samples", "--format", "csv", "--csv-bom"]);
    assert!(with_bom.starts_with("\u{feff}path,"), "--csv-bom puts a byte-order mark first");
}

#[test]
fn fit_min_score_and_sort_sift_the_listing_but_not_the_summary() {
    let (_, report) = json_report(&["samples", "--fit", "engineer", "--sort", "score"]);
    let docs = documents(&report);
    assert_eq!(docs.len(), 5);
    assert!(docs.iter().all(|d| d["fit"] == "engineer"));
    let scores: Vec<f64> = docs.iter().map(|d| d["scores"]["engineer"].as_f64().expect("score")).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "highest first: {scores:?}");
    assert_eq!(report["summary"]["documents"], 12, "the summary counts every input");
    let (_, report) = json_report(&["samples", "--min-score", "97.5"]);
    assert!(
        documents(&report).iter().all(|d| d["scores"]
            .as_object()
            .expect("scores")
            .values()
            .any(|s| s.as_f64() >= Some(97.5)))
    );
    let (code, _, stderr) = run(&["scan", "samples", "--fit", "wizard"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a fit value"), "{stderr}");
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, stdout, _) = run(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(stdout.contains("max-missing"), "{shell} completes scan flags");
    }
    // Values that are not paths (roles, fits, numbers) are not completed with file names.
    let (_, bash, _) = run(&["completions", "bash"]);
    for flag in ["--target", "--fit", "--min-score", "--password"] {
        let case = bash.split(&format!("{flag})")).nth(1).unwrap_or_else(|| panic!("{flag} has a case"));
        let body = &case[..case.find(";;").expect("case ends")];
        assert!(!body.contains("compgen -f"), "{flag} completes file names");
    }
    let (code, stdout, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with(".ie") && stdout.contains(".TH rolefit 1"));
}

#[test]
fn every_command_has_a_man_page_with_flags_examples_and_exit_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = run(&["man", "--to", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{stderr}");
    for (command, page, flag) in [
        (vec![], "rolefit.1", "rolefit\\-scan(1)"),
        (vec!["scan"], "rolefit-scan.1", "max\\-missing"),
        (vec!["text"], "rolefit-text.1", "layout"),
        (vec!["lexicon", "check"], "rolefit-lexicon-check.1", "DIR"),
        (vec!["eval"], "rolefit-eval.1", "mask\\-role\\-words"),
        (vec!["match"], "rolefit-match.1", "posting"),
        (vec!["merge"], "rolefit-merge.1", "manifest"),
    ] {
        let written = std::fs::read_to_string(dir.path().join(page)).unwrap_or_else(|_| panic!("{page} written"));
        for section in ["SYNOPSIS", "OPTIONS", "EXAMPLES", "EXIT STATUS"] {
            assert!(
                written.contains(&format!(".SH {section}")) || written.contains(&format!(".SH \"{section}\"")),
                "{page}: {section}"
            );
        }
        assert!(written.contains(flag), "{page} lists {flag}");
        let mut args = vec!["man"];
        args.extend(&command);
        let (code, printed, _) = run(&args);
        assert_eq!((code, printed), (0, written), "rolefit man {} prints {page}", command.join(" "));
    }
    let (code, _, stderr) = run(&["man", "wizard"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no man page for `wizard`"), "{stderr}");
}

#[test]
fn help_of_every_command_has_examples_and_exit_status() {
    for command in
        [&["scan"][..], &["text"], &["lexicon"], &["lexicon", "check"], &["eval"], &["match"], &["merge"], &["man"]]
    {
        let mut args = command.to_vec();
        args.push("--help");
        let (code, help, _) = run(&args);
        assert_eq!(code, 0);
        assert!(help.contains("Examples:\n  rolefit"), "{command:?}");
        assert!(help.contains("Exit status:\n  0  "), "{command:?}");
    }
}

#[test]
fn a_document_that_cannot_be_read_is_exit_1_in_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.txt");
    let missing = missing.to_str().expect("utf-8");
    let labels = dir.path().join("labels.csv");
    std::fs::write(&labels, "file,gold\nmissing.txt,engineer\n").expect("labels");
    let posting = "samples/postings/kestrel-harbor-cloud-solutions-architect.html";
    for args in [
        vec!["scan", missing],
        vec!["text", missing],
        vec!["match", "--posting", posting, missing],
        vec!["match", "--posting", missing, "samples/resumes"],
        vec!["eval", "--labels", labels.to_str().expect("utf-8")],
    ] {
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
    }
    // Skipped on purpose is fine in a scan, but `text` has nothing to print.
    let skipped = dir.path().join("notes.bin");
    std::fs::write(&skipped, [0u8, 1, 2, 0xff, 0]).expect("write");
    let (scan_code, _, _) = run(&["scan", skipped.to_str().expect("utf-8")]);
    let (text_code, stdout, stderr) = run(&["text", skipped.to_str().expect("utf-8")]);
    assert_eq!((scan_code, text_code, stdout.as_str()), (0, 1, ""), "{stderr}");
    assert!(stderr.contains("skipped"), "{stderr}");
}

#[test]
fn redact_keeps_contact_details_and_names_out_of_every_format() {
    // What the samples contain: e-mail addresses, 555-01xx phone numbers, profile links, and the owners' names
    // (on the first line, in the text and in the file names).
    let leaks = |out: &str| -> Vec<String> {
        let mut found = Vec::new();
        for pattern in [
            "@example.",
            "555-01",
            "555 01",
            "linkedin.com/in",
            "github.com/",
            "okafor",
            "lindqvist",
            "fontaine",
            "solberg",
            "reyes",
            "marsh",
        ] {
            if out.to_lowercase().contains(pattern) {
                found.push(pattern.to_string());
            }
        }
        found
    };
    for format in ["table", "json", "jsonl", "csv"] {
        let (_, out, _) = run(&["scan", "samples/resumes", "--format", format, "--redact", "--redact-paths"]);
        let leaked = leaks(&out);
        assert!(leaked.is_empty(), "{format} leaks {leaked:?}");
        assert!(!out.contains("samples/resumes/"), "{format} shows file names");
    }
    for file in [
        "samples/resumes/dana-okafor.pdf",
        "samples/resumes/marcus-lindqvist.docx",
        "samples/resumes/jordan-reyes.json",
    ] {
        let (_, text, _) = run(&["text", "--redact", file]);
        assert!(leaks(&text).is_empty(), "{file} leaks {:?}", leaks(&text));
        assert!(text.contains("[email]") || text.contains("[phone]"), "{file}: something was redacted");
    }
    let (_, plain, _) = run(&["scan", "samples/resumes", "--format", "json"]);
    assert!(plain.contains("samples/resumes/"), "without the flags nothing is hidden");
}

#[test]
fn match_ranks_engineering_resumes_first_for_an_engineering_posting() {
    let (code, stdout, _) = run(&[
        "match",
        "--posting",
        "samples/postings/larkspur-cloud-engineer-aws.pdf",
        "samples/resumes",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["schema"], "rolefit.match/1");
    let posting = &report["postings"][0];
    assert_eq!(posting["fit"], "engineer");
    let ranked: Vec<&str> = posting["resumes"]
        .as_array()
        .expect("resumes")
        .iter()
        .map(|r| r["resume"].as_str().expect("path").rsplit('/').next().expect("name"))
        .collect();
    let at = |name: &str| ranked.iter().position(|r| r.starts_with(name)).unwrap_or_else(|| panic!("{name} ranked"));
    for engineer in ["marcus-lindqvist", "amelie-fontaine"] {
        for other in ["helen-marsh", "dana-okafor", "ingrid-solberg"] {
            assert!(at(engineer) < at(other), "{engineer} above {other}: {ranked:?}");
        }
    }
    let coverages: Vec<f64> =
        posting["resumes"].as_array().expect("resumes").iter().filter_map(|r| r["coverage"].as_f64()).collect();
    assert!(coverages.windows(2).all(|w| w[0] >= w[1]), "best first");
    let top = &posting["resumes"][0];
    assert!(top["required_shown"].as_u64() <= top["required"].as_u64());
    assert!(
        top["missing"]
            .as_array()
            .expect("missing")
            .iter()
            .all(|m| m["requirement"] == "required" || m["requirement"] == "preferred")
    );
}

#[test]
fn the_table_fits_100_columns_and_shows_score_bars() {
    let (_, stdout, _) = run(&["scan", "samples", "--explain"]);
    for line in stdout.lines().filter(|l| !l.contains("samples/")) {
        assert!(line.chars().count() <= 100, "{} columns: {line}", line.chars().count());
    }
    assert!(stdout.lines().nth(1).is_some_and(|l| l.contains('█') || l.contains("skipped")));
    assert!(stdout.lines().any(|l| l.contains('█')), "score bars");
}

#[test]
fn html_report_is_self_contained_and_escapes_document_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let evil = "Cloud Engineer <script>alert(1)</script>\n<img src=x onerror=alert(2)> Terraform & AWS on Linux, bash scripting, on-call.\n";
    std::fs::write(dir.path().join("<b>evil<i>.txt"), evil).expect("write");
    let out = dir.path().join("report.html");
    let (code, _, _) = run(&[
        "scan",
        "samples",
        dir.path().to_str().expect("utf-8"),
        "--format",
        "html",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(&out).expect("written");
    let html = scraper::Html::parse_document(&page);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    // One inline script (the table sorter), nothing loaded from anywhere.
    let scripts: Vec<_> = html.select(&select("script")).collect();
    assert_eq!(scripts.len(), 1);
    assert!(scripts[0].value().attr("src").is_none());
    assert_eq!(
        html.select(&select("img, link[href], iframe, object, [onerror]")).count(),
        0,
        "no external resources, no injected markup"
    );
    assert!(!page.contains("http://") && !page.contains("https://"), "nothing to fetch");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the resume's text is shown, escaped");
    assert!(page.contains("&lt;b&gt;evil&lt;i&gt;.txt"), "file names are escaped too");
    // Structure: a chart, a sortable table with a row per document, a card per analysed document.
    assert_eq!(html.select(&select("table#chart tr")).count(), 4, "architect, engineer, hybrid, unclear");
    // The samples, the evil file, and the report itself, written into the scanned folder (`report_output`).
    assert_eq!(html.select(&select("table#documents tbody tr")).count(), 14);
    assert!(page.contains("report_output") || page.contains("the report this run is writing"), "the report is listed");
    assert_eq!(html.select(&select("section.card")).count(), 13);
}
