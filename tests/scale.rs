//! Past one machine: a scan split into `--shard K/N` processes and put back together by `rolefit merge` gives
//! exactly the report of one scan (the Kubernetes Indexed Job stand-in), records carry their identity and
//! provenance, and merge refuses shards that do not belong together. Documents are generated at test time, plus
//! `../shared/corpus` when it is beside the checkout.

mod common;
use common::skip;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use sha2::{Digest, Sha256};

fn rolefit() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("rolefit"))
}

/// (exit code, stdout bytes, stderr).
fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = rolefit().args(args).env_remove("ROLEFIT_THREADS").output().expect("runs");
    (out.status.code().unwrap_or(-1), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8")
}

/// A folder of small documents of both roles, one that fails and one that is skipped.
fn documents() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..24 {
        let body = if i % 2 == 0 {
            format!("Cloud Engineer {i}\nResponsibilities\nWrite Terraform, run Kubernetes on AWS, on-call rotation.\n")
        } else {
            format!(
                "Solutions Architect {i}\nResponsibilities\nLead solution design workshops with clients, ROI models.\n"
            )
        };
        let sub = dir.path().join(format!("batch-{}", i % 3));
        fs::create_dir_all(&sub).expect("mkdir");
        fs::write(sub.join(format!("doc-{i:02}.txt")), body).expect("write");
    }
    fs::write(dir.path().join("broken.pdf"), "%PDF-1.7 this is not a real PDF").expect("write");
    fs::write(dir.path().join("notes.xlsx"), "not a document").expect("write");
    dir
}

/// The stand-in for a Kubernetes Indexed Job: N `--shard K/N` processes over the same inputs, written as
/// `shard_format` (JSON Lines or JSON reports) and merged, give byte for byte the report of one scan, in every
/// format, listed with `listing` (`--sort`, `--fit`, … or nothing).
fn assert_shards_merge_into_one_scan(inputs: &[&str], count: usize, shard_format: &str, listing: &[&str]) {
    let work = tempfile::tempdir().expect("tempdir");
    let mut parts = Vec::new();
    for k in 1..=count {
        let part = work.path().join(format!("part-{k}.{shard_format}"));
        let shard = format!("{k}/{count}");
        let mut args = vec!["scan", "--shard", &shard, "--format", shard_format, "-o", part.to_str().expect("utf-8")];
        args.extend(inputs);
        let (code, _, stderr) = run(&args);
        assert!(code == 0 || code == 1, "shard {shard}: {stderr}");
        parts.push(part.to_string_lossy().into_owned());
    }
    let sizes: Vec<usize> =
        parts.iter().map(|p| fs::read_to_string(p).expect("part").matches("\"ordinal\"").count()).collect();
    assert!(sizes.iter().filter(|&&n| n > 0).count() >= 2, "the inputs are spread over the shards: {sizes:?}");
    for format in ["jsonl", "json", "csv", "table"] {
        let mut single = vec!["scan", "--format", format];
        single.extend(listing);
        single.extend(inputs);
        let (_, expected, _) = run(&single);
        let mut merge = vec!["merge", "--format", format];
        merge.extend(listing);
        merge.extend(parts.iter().map(String::as_str));
        let (code, merged, stderr) = run(&merge);
        assert!(code == 0 || code == 1, "merge: {stderr}");
        assert!(
            merged == expected,
            "{format} from {shard_format} {listing:?}: the merged report differs from one scan's"
        );
    }
}

#[test]
fn shards_merge_into_exactly_the_report_of_one_scan() {
    let dir = documents();
    let inputs = [dir.path().to_str().expect("utf-8")];
    // JSON Lines shards merged into JSON Lines are copied line for line; every other way rebuilds the records.
    assert_shards_merge_into_one_scan(&inputs, 4, "jsonl", &[]);
    assert_shards_merge_into_one_scan(&inputs, 4, "json", &[]);
    assert_shards_merge_into_one_scan(&inputs, 4, "jsonl", &["--sort", "score", "--fit", "engineer"]);
}

#[test]
fn corpus_shards_merge_into_exactly_the_report_of_one_scan() {
    let corpus = Path::new("../shared/corpus");
    if !corpus.is_dir() {
        skip("../shared/corpus is not beside this checkout");
        return;
    }
    assert_shards_merge_into_one_scan(
        &["../shared/corpus/postings", "../shared/corpus/resumes", "samples"],
        8,
        "jsonl",
        &[],
    );
}

/// The paths each shard analyses, relative to the scanned folder.
fn shard_members(root: &Path, shard: &str) -> BTreeSet<String> {
    let (_, out, _) = run(&["scan", root.to_str().expect("utf-8"), "--shard", shard, "--format", "jsonl"]);
    text(&out)
        .lines()
        .map(|l| {
            let record: Value = serde_json::from_str(l).expect("record");
            let path = PathBuf::from(record["path"].as_str().expect("path"));
            path.strip_prefix(root).expect("under the root").to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn a_shard_holds_the_same_files_whatever_the_mount_point() {
    let first = documents();
    let second = tempfile::tempdir().expect("tempdir");
    let copy = second.path().join("mounted").join("elsewhere");
    fs::create_dir_all(&copy).expect("mkdir");
    let status = Command::new("cp").arg("-r").arg(format!("{}/.", first.path().display())).arg(&copy).status();
    assert!(status.expect("cp").success());
    let mut union = BTreeSet::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let here = shard_members(first.path(), &shard);
        assert_eq!(here, shard_members(&copy, &shard), "shard {shard}");
        assert!(union.is_disjoint(&here), "an input in two shards");
        union.extend(here);
    }
    assert_eq!(union.len(), 26, "every input in one shard");
}

#[test]
fn records_carry_their_content_hash_ordinal_and_provenance() {
    let dir = documents();
    let (_, out, _) = run(&["scan", dir.path().to_str().expect("utf-8"), "--format", "jsonl"]);
    let records: Vec<Value> = text(&out).lines().map(|l| serde_json::from_str(l).expect("record")).collect();
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record["ordinal"], i, "input order");
        assert_eq!(record["provenance"]["options"], "");
        assert!(record["provenance"]["tool"].as_str().is_some_and(|t| t.starts_with("rolefit ")));
        let bytes = fs::read(record["path"].as_str().expect("path")).expect("file");
        let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(record["sha256"].as_str(), Some(hex.as_str()));
    }
    let (_, out, _) = run(&["scan", dir.path().to_str().expect("utf-8"), "--format", "jsonl", "--max-missing", "2"]);
    let record: Value = serde_json::from_str(text(&out).lines().next().expect("a line")).expect("record");
    assert_eq!(record["provenance"]["options"], "max-missing=2", "settings that change records are recorded");
}

#[test]
fn redacted_paths_are_the_same_for_the_same_content_anywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("Jane Doe.txt"), "Cloud Engineer: Terraform, AWS, Kubernetes").expect("write");
    fs::create_dir(dir.path().join("copy")).expect("mkdir");
    fs::write(dir.path().join("copy/renamed.txt"), "Cloud Engineer: Terraform, AWS, Kubernetes").expect("write");
    let (_, out, _) = run(&["scan", dir.path().to_str().expect("utf-8"), "--format", "jsonl", "--redact-paths"]);
    let paths: Vec<String> = text(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("record")["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(paths.len(), 2);
    assert_eq!(paths[0], paths[1], "one content, one pseudonym");
    assert!(paths[0].starts_with("document-") && !paths[0].contains("Jane"));
}

fn shard_reports(dir: &Path, count: usize, extra: &[&str]) -> Vec<String> {
    let docs = dir.join("docs").to_string_lossy().into_owned();
    (1..=count)
        .map(|k| {
            let part = dir.join(format!("part-{k}-{}.jsonl", extra.join(""))).to_string_lossy().into_owned();
            let shard = format!("{k}/{count}");
            let mut args = vec!["scan", "--shard", &shard, "--format", "jsonl", "-o", &part, &docs];
            args.extend(extra);
            run(&args);
            part
        })
        .collect()
}

fn work_dir() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    let docs = documents();
    let status = Command::new("cp").arg("-r").arg(docs.path()).arg(work.path().join("docs")).status();
    assert!(status.expect("cp").success());
    work
}

#[test]
fn merge_refuses_shards_made_with_other_settings_and_names_them() {
    let work = work_dir();
    let mut parts = shard_reports(work.path(), 2, &[]);
    let other = shard_reports(work.path(), 2, &["--max-missing", "3"]);
    parts[1] = other[1].clone();
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(String::as_str));
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not made the same way") && stderr.contains("max-missing=3"), "{stderr}");
}

#[test]
fn merge_names_inputs_missing_or_present_twice() {
    let work = work_dir();
    let parts = shard_reports(work.path(), 3, &[]);
    let (code, _, stderr) = run(&["merge", &parts[0], &parts[1]]);
    assert_eq!(code, 2, "a shard left out: {stderr}");
    assert!(stderr.contains("missing"), "{stderr}");
    let (code, _, stderr) = run(&["merge", &parts[0], &parts[1], &parts[2], &parts[1]]);
    assert_eq!(code, 2, "a shard twice: {stderr}");
    assert!(stderr.contains("twice"), "{stderr}");
    // With a manifest, an input missing at the very end is named by its path too.
    let manifest = work.path().join("manifest.txt");
    let (_, out, _) = run(&["scan", work.path().join("docs").to_str().expect("utf-8"), "--format", "jsonl"]);
    let mut paths: Vec<String> = text(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("record")["path"].as_str().expect("path").to_string())
        .collect();
    paths.push(work.path().join("docs/never-scanned.txt").to_string_lossy().into_owned());
    fs::write(&manifest, paths.join("\n")).expect("write");
    let (code, _, stderr) =
        run(&["merge", &parts[0], &parts[1], &parts[2], "--manifest", manifest.to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("never-scanned.txt missing"), "{stderr}");
}

#[test]
fn an_empty_shard_is_not_an_error_and_failed_documents_can_be_data() {
    let work = work_dir();
    let empty = work.path().join("empty.txt");
    fs::write(&empty, "").expect("write");
    let (code, out, stderr) =
        run(&["scan", "--files-from", empty.to_str().expect("utf-8"), "--shard", "1/2", "--format", "jsonl"]);
    assert_eq!((code, out.len()), (0, 0), "{stderr}");
    let (code, _, _) = run(&["scan", "--files-from", empty.to_str().expect("utf-8")]);
    assert_eq!(code, 2, "without --shard, nothing to scan is still a usage error");
    let docs = work.path().join("docs");
    let (code, _, _) = run(&["scan", docs.to_str().expect("utf-8"), "--format", "jsonl"]);
    assert_eq!(code, 1, "broken.pdf fails");
    let (code, out, _) = run(&["scan", docs.to_str().expect("utf-8"), "--format", "jsonl", "--failed-ok"]);
    assert_eq!(code, 0, "--failed-ok: a failed document is data");
    assert!(text(&out).contains("\"status\":\"failed\""));
}

#[test]
fn threads_can_come_from_the_environment() {
    let dir = documents();
    let with_env = |threads: &str| {
        let out = rolefit()
            .args(["scan", dir.path().to_str().expect("utf-8"), "--format", "jsonl"])
            .env("ROLEFIT_THREADS", threads)
            .output()
            .expect("runs");
        (out.status.code(), out.stdout)
    };
    let (one, three) = (with_env("1"), with_env("3"));
    assert_eq!(one.0, Some(1));
    assert_eq!(one, three, "the output is the same for any number of threads");
    assert_eq!(with_env("many").0, Some(2), "the variable is read and checked like -j");
}
