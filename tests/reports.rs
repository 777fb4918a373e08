//! The reports people look at: the HTML page of `scan` (its map, title mismatches, phone layout, that it loads
//! nothing and escapes everything) and every format of `match`. Assertion messages name files and counts, never
//! document text.

mod common;
use common::skip;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use scraper::{Html, Selector};
use serde_json::Value;

fn rolefit(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("rolefit"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.unwrap_or_default()).expect("stdin written");
    drop(input);
    child.wait_with_output().expect("finishes")
}

fn select(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A scan of the samples plus a document with a hostile title, as HTML.
fn scan_page(extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    let hostile = "Cloud Engineer <img src=x onerror=alert(1)><script>alert(2)</script>\n\
                   Built Terraform modules for AWS VPCs, ran Kubernetes on EKS, on-call, Linux, Bash scripting, \
                   CI/CD pipelines with GitHub Actions, Prometheus monitoring.\n";
    std::fs::write(docs.join("hostile.txt"), hostile).expect("write");
    let out = dir.path().join("report.html");
    let mut args = vec!["scan", "samples", utf8(&docs), "--format", "html", "-o", utf8(&out)];
    args.extend(extra);
    let run = rolefit(&args, None);
    assert_eq!(run.status.code(), Some(0), "scan exits 0");
    let page = std::fs::read_to_string(&out).expect("report written");
    (dir, page)
}

fn translate(transform: &str) -> (f64, f64) {
    let inner = transform.strip_prefix("translate(").and_then(|t| t.strip_suffix(')')).expect("translate(x y)");
    let mut numbers = inner.split_whitespace().map(|n| n.parse::<f64>().expect("number"));
    (numbers.next().expect("x"), numbers.next().expect("y"))
}

#[test]
fn the_map_has_one_point_per_analysed_document_inside_the_plot_linked_to_its_card() {
    let (_dir, page) = scan_page(&[]);
    let html = Html::parse_document(&page);
    assert!(html.errors.is_empty(), "well-formed: {:?}", html.errors);
    let cards: Vec<_> = html.select(&select("section.card")).collect();
    let ok_rows = html.select(&select("table#documents tbody tr a[href^='#doc-']")).count();
    assert_eq!(cards.len(), ok_rows, "a card per analysed document");
    assert_eq!(cards.len(), 13, "12 samples and the hostile document");
    let plot = html.select(&select("#map svg rect")).next().expect("plot area");
    let bound = |name: &str| plot.value().attr(name).expect("attr").parse::<f64>().expect("number");
    let (left, top, width, height) = (bound("x"), bound("y"), bound("width"), bound("height"));
    let points: Vec<_> = html.select(&select("#map svg a.pt")).collect();
    assert_eq!(points.len(), cards.len(), "one point per analysed document");
    let mut targets = std::collections::BTreeSet::new();
    for point in &points {
        let href = point.value().attr("href").expect("href");
        let id = href.strip_prefix('#').expect("a link within the page");
        let card = html.select(&select(&format!("section.card[id='{id}']"))).count();
        assert_eq!(card, 1, "{href} leads to a card");
        assert!(targets.insert(id.to_string()), "{href} is linked once");
        let marker = point.select(&select("path")).next().expect("marker");
        let (x, y) = translate(marker.value().attr("transform").expect("transform"));
        assert!((left..=left + width).contains(&x) && (top..=top + height).contains(&y), "{href} at {x},{y}");
    }
    // Axes: the first role across, the second up; --map swaps them.
    let axis_title = |page: &str| {
        let html = Html::parse_document(page);
        html.select(&select("#map-title")).next().expect("map title").text().collect::<String>()
    };
    assert!(axis_title(&page).contains("Cloud architect score across"));
    let (_dir, swapped) = scan_page(&["--map", "engineer,architect"]);
    assert!(axis_title(&swapped).contains("Cloud engineer score across"));
}

#[test]
fn map_names_roles_that_exist() {
    let run = rolefit(&["scan", "samples/resumes", "--format", "html", "--map", "architect,astronaut"], None);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("astronaut"));
    let run = rolefit(&["scan", "samples/resumes", "--format", "html", "--map", "architect"], None);
    assert_eq!(run.status.code(), Some(2), "two roles are needed");
}

#[test]
fn title_mismatches_are_flagged_on_cards_in_the_table_and_counted() {
    let (_dir, page) = scan_page(&[]);
    let json = rolefit(&["scan", "samples", "--format", "json"], None);
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let expected = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| d["title_mismatch"] == Value::Bool(true))
        .count();
    assert!(expected > 0, "the samples have title mismatches");
    let html = Html::parse_document(&page);
    let count: usize = html
        .select(&select("#mismatches b"))
        .next()
        .expect("count in the summary")
        .text()
        .collect::<String>()
        .parse()
        .expect("a number");
    assert_eq!(count, expected);
    assert_eq!(html.select(&select("section.card.mismatch")).count(), expected);
    assert_eq!(html.select(&select("section.card.mismatch p.flag")).count(), expected);
    assert_eq!(html.select(&select("table#documents td .flag")).count(), expected);
    assert_eq!(html.select(&select("#map a.pt.mm")).count(), expected);
}

#[test]
fn the_page_fits_a_phone_loads_nothing_and_escapes_a_hostile_title() {
    let (_dir, page) = scan_page(&[]);
    let html = Html::parse_document(&page);
    let viewport = html.select(&select("meta[name=viewport]")).next().expect("viewport meta");
    assert!(viewport.value().attr("content").expect("content").contains("width=device-width"));
    assert!(page.contains("@media (max-width:"), "a narrow-screen layout");
    let csp = html.select(&select("meta[http-equiv=Content-Security-Policy]")).next().expect("CSP");
    assert!(csp.value().attr("content").expect("content").starts_with("default-src 'none'"));
    for element in html.select(&select("[src], [href]")) {
        for attr in ["src", "href"] {
            if let Some(url) = element.value().attr(attr) {
                let url = url.trim().to_ascii_lowercase();
                assert!(
                    !(url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//")),
                    "<{} {attr}> loads {url}",
                    element.value().name()
                );
                assert!(url.starts_with('#'), "only links within the page: {url}");
            }
        }
    }
    assert!(!page.contains("http://") && !page.contains("https://"), "no URL at all");
    assert_eq!(html.select(&select("img, iframe, object, embed, link, [onerror]")).count(), 0, "no injected markup");
    assert_eq!(html.select(&select("script")).count(), 1, "only the sorter");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), "shown, escaped");
    // Contents, back-to-top links, date and versions.
    for id in ["summary", "map", "list", "cards"] {
        assert_eq!(html.select(&select(&format!("nav a[href='#{id}']"))).count(), 1, "contents link to #{id}");
        assert_eq!(html.select(&select(&format!("[id='{id}']"))).count(), 1, "#{id} exists");
    }
    assert_eq!(html.select(&select("section.card a[href='#top']")).count(), 13);
    assert!(page.contains("Made 1970-01-01 00:00 UTC"), "SOURCE_DATE_EPOCH sets the date");
    assert!(page.contains(concat!("rolefit ", env!("CARGO_PKG_VERSION"))));
    // Readable categories and sortable headers.
    assert!(!page.contains(">ci-cd<") && !page.contains(">cloud-aws<") && !page.contains(">os<"));
    assert!(html.select(&select("table#documents th button")).count() >= 7);
}

#[test]
fn the_page_is_the_same_every_time_with_source_date_epoch() {
    let (_a, one) = scan_page(&[]);
    let (_b, two) = scan_page(&[]);
    // The temporary folder's name is in the "Scanned:" line; everything else is byte for byte the same.
    let strip = |p: &str| p.lines().filter(|l| !l.contains("Scanned:")).collect::<Vec<_>>().join("\n");
    assert!(strip(&one) == strip(&two), "reproducible");
}

const ENGINEER_POSTING: &str = "samples/postings/larkspur-cloud-engineer-aws.pdf";
const RESUME: &str = "samples/resumes/amelie-fontaine.txt";

fn match_schema_errors(report: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("schema/match.schema.json").expect("schema")).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator.iter_errors(report).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn match_html_puts_one_resume_beside_the_posting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("match.html");
    let run = rolefit(&["match", "--posting", ENGINEER_POSTING, RESUME, "--format", "html", "-o", utf8(&out)], None);
    assert_eq!(run.status.code(), Some(0));
    assert!(run.stdout.is_empty(), "-o writes the file, not stdout");
    let page = std::fs::read_to_string(&out).expect("written");
    let html = Html::parse_document(&page);
    assert!(html.errors.is_empty(), "well-formed: {:?}", html.errors);
    assert!(html.select(&select("meta[name=viewport]")).next().is_some());
    let rows: Vec<_> = html.select(&select("table.side tbody tr")).collect();
    assert!(rows.len() > 10, "a row per skill the posting asks for");
    let found = html.select(&select("table.side .yes")).count();
    let missing = html.select(&select("table.side .no")).count();
    assert_eq!(found + missing, rows.len(), "each skill found or missing");
    assert!(found > 0 && missing > 0);
    assert!(html.select(&select("table.side .req.required")).count() > 0);
    assert!(html.select(&select("table.side .ev")).count() >= found, "lines that show them");
    assert!(page.contains("coverage"));
    for element in html.select(&select("[src], [href]")) {
        let url = element.value().attr("href").or(element.value().attr("src")).unwrap_or("");
        assert!(url.starts_with('#'), "nothing loaded: {url}");
    }
}

#[test]
fn match_csv_ranks_a_folder_of_resumes() {
    let run = rolefit(&["match", "--posting", ENGINEER_POSTING, "samples/resumes", "--format", "csv"], None);
    assert_eq!(run.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(run.stdout.as_slice());
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[0], "posting");
    assert!(header.iter().any(|h| h == "coverage") && header.iter().any(|h| h == "missing_required"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 6, "one row per resume");
    let ranks: Vec<&str> = rows.iter().map(|r| &r[3]).collect();
    assert_eq!(ranks, ["1", "2", "3", "4", "5", "6"]);
}

#[test]
fn match_reads_a_folder_of_postings_and_says_what_to_learn_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in
        ["larkspur-cloud-engineer-aws.pdf", "quayside-azure-cloud-engineer.docx", "copperline-cloud-engineer.txt"]
    {
        std::fs::copy(Path::new("samples/postings").join(name), dir.path().join(name)).expect("copy");
    }
    let run = rolefit(&["match", "--posting", utf8(dir.path()), RESUME, "--format", "json"], None);
    assert_eq!(run.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let errors = match_schema_errors(&report);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report["postings"].as_array().expect("postings").len(), 3);
    let learn = &report["learn_next"][0];
    assert_eq!(learn["postings"], 3);
    let skills = learn["skills"].as_array().expect("skills");
    assert!(!skills.is_empty());
    let key = |s: &Value| (s["asked"].as_u64().expect("asked"), s["required"].as_u64().expect("required"));
    assert!(skills.windows(2).all(|w| key(&w[0]) >= key(&w[1])), "most asked first, then most required");
    assert!(skills.iter().all(|s| s["asked"].as_u64() <= Some(3) && s["required"].as_u64() <= s["asked"].as_u64()));
    // Nothing it lists is shown by the resume.
    let scan = rolefit(&["scan", RESUME, "--format", "json"], None);
    let resume: Value = serde_json::from_slice(&scan.stdout).expect("JSON");
    let shown: Vec<&str> = resume["documents"][0]["matched"]
        .as_array()
        .expect("matched")
        .iter()
        .filter_map(|m| m["skill"].as_str())
        .collect();
    assert!(skills.iter().all(|s| !shown.contains(&s["skill"].as_str().expect("id"))));
    // The table says it too.
    let table = rolefit(&["match", "--posting", utf8(dir.path()), RESUME], None);
    assert!(String::from_utf8_lossy(&table.stdout).contains("LEARN NEXT"));
}

#[test]
fn match_reads_a_posting_from_stdin() {
    let posting = std::fs::read("samples/postings/copperline-cloud-engineer.txt").expect("read");
    let run = rolefit(&["match", "--posting", "-", RESUME, "--format", "json"], Some(&posting));
    assert_eq!(run.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert_eq!(report["postings"][0]["path"], "-");
    assert_eq!(report["postings"][0]["resumes"].as_array().expect("resumes").len(), 1);
}

#[test]
fn a_posting_among_the_resumes_is_left_out_with_a_note() {
    let run =
        rolefit(&["match", "--posting", ENGINEER_POSTING, "samples/resumes", ENGINEER_POSTING, "-f", "json"], None);
    assert_eq!(run.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let ranked: Vec<&str> = report["postings"][0]["resumes"]
        .as_array()
        .expect("resumes")
        .iter()
        .filter_map(|r| r["resume"].as_str())
        .collect();
    assert_eq!(ranked.len(), 6, "the six resumes");
    assert!(!ranked.contains(&ENGINEER_POSTING), "the posting is not ranked as a resume");
    assert_eq!(report["left_out"][0]["path"], ENGINEER_POSTING);
    assert_eq!(report["left_out"][0]["given_as"], "resume");
    assert!(String::from_utf8_lossy(&run.stderr).contains("reads as a job posting"));
    let errors = match_schema_errors(&report);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_posting_with_nothing_to_match_says_so_and_exits_1() {
    let run = rolefit(&["match", "--posting", "samples/postings/fernhill-content-designer.txt", RESUME], None);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("nothing to match"));
    let json = rolefit(
        &["match", "--posting", "samples/postings/fernhill-content-designer.txt", RESUME, "--format", "json"],
        None,
    );
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(report["postings"].as_array().expect("postings").len(), 0);
    assert!(report["left_out"][0]["reason"].as_str().expect("reason").starts_with("nothing to match"));
}

#[test]
fn match_output_is_not_written_over_an_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let resume = dir.path().join("cv.txt");
    std::fs::copy(RESUME, &resume).expect("copy");
    let run =
        rolefit(&["match", "--posting", ENGINEER_POSTING, utf8(&resume), "-f", "html", "-o", utf8(&resume)], None);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read(&resume).expect("read"), std::fs::read(RESUME).expect("read"), "untouched");
}

#[test]
fn with_three_roles_map_picks_the_axes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lexicons = dir.path().join("lex");
    let dumped = rolefit(&["lexicon", "dump", "--to", utf8(&lexicons)], None);
    assert_eq!(dumped.status.code(), Some(0));
    std::fs::write(
        lexicons.join("data.toml"),
        "id = \"data\"\nname = \"Data scientist\"\ntitles = [\"data scientist\"]\n\n[[skill]]\nid = \"pandas\"\n\
         name = \"pandas\"\ncategory = \"c\"\nweight = 3\nterms = [\"pandas\", \"jupyter\"]\n",
    )
    .expect("write");
    let out = dir.path().join("report.html");
    let args = ["scan", "samples/resumes", "--lexicons", utf8(&lexicons), "--format", "html", "-o", utf8(&out)];
    let title = |extra: &[&str]| {
        let run = rolefit(&[&args[..], extra].concat(), None);
        assert_eq!(run.status.code(), Some(0));
        let page = std::fs::read_to_string(&out).expect("written");
        let html = Html::parse_document(&page);
        assert_eq!(html.select(&select("#map a.pt")).count(), html.select(&select("section.card")).count());
        assert!(page.contains("--map ROLE,ROLE"), "the page says how to pick the axes");
        html.select(&select("#map-title")).next().expect("map title").text().collect::<String>()
    };
    assert!(title(&[]).contains("Cloud architect score across, Data scientist score up"), "the first two roles");
    assert!(title(&["--map", "engineer,data"]).contains("Cloud engineer score across, Data scientist score up"));
}

#[test]
fn a_match_report_written_into_the_resume_folder_is_not_read_as_a_resume() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(RESUME, dir.path().join("cv.txt")).expect("copy");
    let out = dir.path().join("match.json");
    for _ in 0..2 {
        let run =
            rolefit(&["match", "--posting", ENGINEER_POSTING, utf8(dir.path()), "-f", "json", "-o", utf8(&out)], None);
        assert_eq!(run.status.code(), Some(0));
        let report: Value = serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("JSON");
        assert_eq!(report["postings"][0]["resumes"].as_array().expect("resumes").len(), 1, "only the resume");
    }
}

#[test]
fn corpus_match_password_opens_an_encrypted_resume() {
    let pdf = Path::new("../shared/corpus/stress_pdfs/pdfminer_aes-256-r6_userpw.pdf");
    if !pdf.exists() {
        skip("../shared/corpus is not here");
        return;
    }
    let ranked = |extra: &[&str]| {
        let run = rolefit(&[&["match", "--posting", ENGINEER_POSTING, utf8(pdf), "-f", "json"], extra].concat(), None);
        let report: Value = serde_json::from_slice(&run.stdout).expect("JSON");
        (run.status.code(), report["postings"][0]["resumes"][0].clone())
    };
    let (code, locked) = ranked(&[]);
    assert_eq!(code, Some(1), "a resume that cannot be read is a failed input");
    assert!(locked["coverage"].is_null() && locked["problem"].as_str().is_some_and(|p| p.contains("password")));
    let (code, opened) = ranked(&["--password", "usersecret"]);
    assert_eq!(code, Some(0));
    assert!(opened["coverage"].is_number(), "analysed");
}
