//! Hostile inputs, generated at test time (no bombs are checked in): every one appears in the report with the
//! expected outcome, the rest of the batch is intact, and nothing panics.

mod common;
use common::{pdf, skip, stream};

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;
use serde_json::Value;

fn rolefit() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("rolefit"))
}

/// A one-page PDF whose page shows `content` (a content stream, maybe compressed, with its filter entries).
fn one_page_pdf(content: Vec<u8>, wrong_xref: bool) -> Vec<u8> {
    pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        ],
        wrong_xref,
    )
}

fn text_pdf(wrong_xref: bool) -> Vec<u8> {
    one_page_pdf(stream("", b"BT /F1 12 Tf 72 720 Td (Designed landing zones with Terraform on AWS) Tj ET"), wrong_xref)
}

/// `len` zero bytes, zlib-compressed, streamed so the zeros never sit in memory.
fn zlib_zeros(len: usize) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..len / chunk.len() {
        encoder.write_all(&chunk).expect("compress");
    }
    encoder.finish().expect("compress")
}

fn zip_file(path: &Path, entries: &[(&str, &[u8])], zeros: Option<(&str, usize)>) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options = zip::write::SimpleFileOptions::default().large_file(true);
    for (name, data) in entries {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(data).expect("write");
    }
    if let Some((name, len)) = zeros {
        zip.start_file(name, options).expect("entry");
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..len / chunk.len() {
            zip.write_all(&chunk).expect("write");
        }
    }
    zip.finish().expect("finish");
}

/// Deterministic noise.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

const GIB: usize = 1 << 30;
const DOCX_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Builds the hostile tree; returns its root and the expected `status kind[,warning]` per file name.
fn hostile_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut expect = BTreeMap::new();
    let mut put = |name: &str, bytes: &[u8], outcome: &str| {
        std::fs::write(dir.join(name), bytes).expect("write");
        expect.insert(name.to_string(), outcome.to_string());
    };
    put("empty.pdf", b"", "failed pdf_malformed");
    put("not-a-pdf.pdf", b"Dear hiring manager, this is a letter.", "failed pdf_malformed");
    put("truncated.pdf", &text_pdf(false)[..60], "failed pdf_malformed");
    put("random.pdf", &noise(50_000, 7), "failed pdf_malformed");
    put("random.docx", &noise(50_000, 11), "failed docx_malformed");
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let nested_page = format!("<< /Type /Page /Parent 2 0 R /Foo {nested} >>");
    let cycle = pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec(),
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>".to_vec(),
        ],
        false,
    );
    put(
        "nested.pdf",
        &pdf(
            &[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                nested_page.into_bytes(),
            ],
            false,
        ),
        "failed pdf_malformed",
    );
    put("page-tree-cycle.pdf", &cycle, "failed pdf_malformed");
    put("bomb.pdf", &one_page_pdf(stream("/Filter /FlateDecode", &zlib_zeros(GIB)), false), "failed limit_exceeded");
    put("repaired.pdf", &text_pdf(true), "ok -,repaired,little_text");
    put("good.pdf", &text_pdf(false), "ok -,little_text");
    let utf16: Vec<u8> = "Cloud engineer résumé: Terraform, AWS, Linux and on-call.\n"
        .repeat(20)
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    put("utf16-no-bom.txt", &utf16, "ok -");
    put("random.txt", &noise(20_000, 3), "ok -,garbled");
    put("empty.txt", b"", "ok -,little_text");
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document {DOCX_NS}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
    );
    zip_file(&dir.join("laughs.docx"), &[("word/document.xml", laughs.as_bytes())], None);
    expect.insert("laughs.docx".into(), "failed xml_malformed".into());
    zip_file(&dir.join("bomb.docx"), &[], Some(("word/document.xml", GIB)));
    expect.insert("bomb.docx".into(), "failed limit_exceeded".into());
    std::fs::create_dir(dir.join("folder.pdf")).expect("dir");
    std::fs::write(dir.join("folder.pdf/inside.txt"), "Terraform and AWS on Linux.").expect("write");
    expect.insert("inside.txt".into(), "ok -,little_text".into());
    let status = Command::new("mkfifo").arg(dir.join("pipe.fifo")).status().expect("mkfifo runs");
    assert!(status.success());
    expect.insert("pipe.fifo".into(), "skipped not_a_file".into());
    std::os::unix::fs::symlink(dir.join("good.pdf"), dir.join("link.pdf")).expect("symlink");
    expect.insert("link.pdf".into(), "skipped symlink".into());
    std::fs::create_dir(dir.join("loop")).expect("dir");
    std::os::unix::fs::symlink(dir, dir.join("loop/back")).expect("symlink");
    expect.insert("back".into(), "skipped symlink".into());
    expect
}

fn outcome(doc: &Value) -> String {
    let kind = doc["error"]["kind"].as_str().or(doc["reason"]["kind"].as_str()).unwrap_or("-");
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .filter_map(|w| w["kind"].as_str())
                .filter(|k| ["repaired", "garbled", "little_text"].contains(k))
                .collect()
        })
        .unwrap_or_default();
    let mut out = format!("{} {kind}", doc["status"].as_str().unwrap_or("?"));
    for w in warnings {
        out += &format!(",{w}");
    }
    out
}

#[test]
fn every_hostile_input_gets_its_outcome_and_the_batch_is_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let expect = hostile_tree(dir.path());
    let non_utf8 = PathBuf::from(std::ffi::OsStr::from_bytes_workaround(b"r\xe9sum\xe9.txt"));
    std::fs::write(dir.path().join(&non_utf8), "Cloud engineer: Terraform, AWS, Linux, Bash scripting and on-call.")
        .expect("write");
    let vanished = dir.path().join("vanished.pdf");
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("{}\n", vanished.display())).expect("write");
    let out = rolefit()
        .args(["scan", "--format", "jsonl", "-j", "2"])
        .arg(dir.path())
        .arg("--files-from")
        .arg(&list)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "no panic text: {stderr}");
    assert_eq!(out.status.code(), Some(1), "something failed, so exit 1");
    let docs: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    let by_name: BTreeMap<String, &Value> = docs
        .iter()
        .map(|d| {
            (Path::new(d["path"].as_str().expect("path")).file_name().expect("name").to_string_lossy().into_owned(), d)
        })
        .collect();
    for (name, want) in &expect {
        let doc = by_name.get(name).unwrap_or_else(|| panic!("{name} missing from the report"));
        assert_eq!(&outcome(doc), want, "{name}");
    }
    let vanished_doc = by_name.get("vanished.pdf").expect("listed");
    assert_eq!(outcome(vanished_doc), "failed io");
    let raw = docs.iter().find(|d| d.get("path_bytes").is_some()).expect("the non-UTF-8 name is reported losslessly");
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(raw["path_bytes"].as_str().expect("base64")).expect("decodes");
    assert!(bytes.ends_with(b"r\xe9sum\xe9.txt"));
    assert_eq!(outcome(raw), "ok -,little_text");
    assert_eq!(
        docs.len(),
        expect.len() + 3,
        "every path accounted for once (plus list.txt, the odd name, the vanished file)"
    );
}

/// `OsStr` from raw bytes (Unix).
trait FromBytes {
    fn from_bytes_workaround(bytes: &[u8]) -> &std::ffi::OsStr;
}

impl FromBytes for std::ffi::OsStr {
    fn from_bytes_workaround(bytes: &[u8]) -> &std::ffi::OsStr {
        std::os::unix::ffi::OsStrExt::from_bytes(bytes)
    }
}

#[test]
fn json_output_escapes_control_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Cloud Engineer\u{1}\u{7}\u{1b}[31m\nTerraform \"quoted\" \\ backslash\u{0} and AWS.\n";
    std::fs::write(dir.path().join("control.txt"), text).expect("write");
    let out = rolefit().args(["scan", "--format", "json"]).arg(dir.path()).output().expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{1}'), "raw control characters never reach the output");
    let report: Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(report["documents"][0]["status"], "ok");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let mut child = rolefit()
        .args(["scan", "samples", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "no broken-pipe message: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_unwritable_output_exits_2_and_leaves_the_old_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("dir");
    let report = locked.join("report.json");
    std::fs::write(&report, "old report").expect("write");
    // An immutable folder refuses new files even to root; where chattr is unavailable the test says so.
    if !Command::new("chattr").arg("+i").arg(&locked).status().is_ok_and(|s| s.success()) {
        skip("chattr +i is not available here");
        return;
    }
    let out = rolefit().args(["scan", "samples", "--format", "json", "-o"]).arg(&report).output().expect("runs");
    let _ = Command::new("chattr").arg("-i").arg(&locked).status();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    assert_eq!(std::fs::read_to_string(&report).expect("still there"), "old report");
}

/// A 16 KiB tmpfs mounted under `dir`, unmounted when dropped; `None` (said on stderr) where mounting is not
/// allowed.
fn tiny_tmpfs(dir: &Path) -> Option<Unmount> {
    let mount = dir.join("tiny");
    std::fs::create_dir(&mount).expect("dir");
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"]).arg(&mount).status();
    if !mounted.is_ok_and(|s| s.success()) {
        skip("cannot mount a small tmpfs here");
        return None;
    }
    Some(Unmount(mount))
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_exits_2_and_leaves_the_old_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(tiny) = tiny_tmpfs(dir.path()) else { return };
    let mount = &tiny.0;
    let report = mount.join("report.json");
    std::fs::write(&report, "old report").expect("write");
    let out = rolefit().args(["scan", "samples", "--format", "json", "-o"]).arg(&report).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&report).expect("still there"), "old report");
    assert_eq!(std::fs::read_dir(mount).expect("list").count(), 1, "no temporary file left behind");
}

/// A hard-linked report is written in place; a disk too full for the new report leaves both names whole.
#[test]
fn a_full_disk_leaves_a_hard_linked_report_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(tiny) = tiny_tmpfs(dir.path()) else { return };
    let report = tiny.0.join("report.json");
    std::fs::write(&report, "old report").expect("write");
    std::fs::hard_link(&report, tiny.0.join("other.json")).expect("link");
    let out = rolefit().args(["scan", "samples", "--format", "json", "-o"]).arg(&report).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&report).expect("still there"), "old report");
    assert_eq!(std::fs::read_to_string(tiny.0.join("other.json")).expect("still there"), "old report");
}
