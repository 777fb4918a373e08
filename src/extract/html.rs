//! HTML: parsed with a real HTML5 parser (scraper/html5ever), then walked by hand so that only what a reader
//! sees is kept: no scripts, styles or templates, no site navigation or page chrome. Block elements become line
//! breaks, so headings stay on their own lines for the assessment to weigh.
//!
//! A schema.org `JobPosting` in JSON-LD (also inside `@graph`) is the posting's own statement of its title and
//! text; its `description` is itself HTML and is parsed again.

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};
use serde_json::Value;

use crate::document::{Document, Format, Kind, count_words};

/// Elements whose content is never visible text.
const INVISIBLE: &[&str] = &["script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"];
/// Page chrome around the content.
const CHROME: &[&str] = &["nav", "aside"];
/// Page header and footer: chrome unless they carry the page's main heading.
const HEADER_FOOTER: &[&str] = &["header", "footer"];
/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "summary",
    "details",
    "caption",
    "option",
    "label",
];

/// A JSON-LD posting whose text has fewer words than this share of the page's visible text is a summary: the
/// page itself is then read.
const JSON_LD_MIN_SHARE: f64 = 0.5;

/// The document in the HTML `source`.
pub fn extract(source: &str) -> Document {
    let html = Html::parse_document(source);
    let visible = visible_text(html.tree.root());
    let heading = Selector::parse("h1")
        .ok()
        .and_then(|s| html.select(&s).next())
        .map(|h| collapse(&h.text().collect::<String>()));
    let mut doc = match job_posting(&html) {
        Some(posting) if count_words(&posting.text) as f64 >= JSON_LD_MIN_SHARE * count_words(&visible) as f64 => {
            let mut doc = Document::new(Format::Html, posting.text);
            doc.declared_title = posting.title;
            doc
        }
        Some(posting) => {
            let mut doc = Document::new(Format::Html, visible);
            doc.declared_title = posting.title.or(heading);
            doc
        }
        None => {
            let mut doc = Document::new(Format::Html, visible);
            doc.declared_title = heading.filter(|h| !h.is_empty());
            return doc;
        }
    };
    doc.declared_kind = Some(Kind::Posting);
    doc
}

/// The visible text under `root`, one line per block.
fn visible_text(root: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    walk(root, &mut out);
    out.lines().map(collapse).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn walk(node: NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(text) => out.push_str(text),
        Node::Element(el) => {
            let name = el.name();
            let chrome = CHROME.contains(&name) || (HEADER_FOOTER.contains(&name) && !has_h1(node));
            if INVISIBLE.contains(&name)
                || chrome
                || el.attr("hidden").is_some()
                || el.attr("aria-hidden") == Some("true")
            {
                return;
            }
            let block = BLOCKS.contains(&name);
            if block {
                out.push('\n');
            } else if follows_element(node) && !out.ends_with(char::is_whitespace) {
                // `<span>Kubernetes</span><span>Docker</span>`: two elements side by side are two words.
                out.push(' ');
            }
            for child in node.children() {
                walk(child, out);
            }
            if block {
                out.push('\n');
            } else if matches!(name, "td" | "th") {
                out.push('\t');
            }
        }
        Node::Document | Node::Fragment => node.children().for_each(|c| walk(c, out)),
        _ => {}
    }
}

fn follows_element(node: NodeRef<'_, Node>) -> bool {
    node.prev_sibling().is_some_and(|p| matches!(p.value(), Node::Element(_)))
}

fn has_h1(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| matches!(d.value(), Node::Element(e) if e.name() == "h1"))
}

/// Whitespace runs collapsed to one space, as a browser renders them.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A schema.org `JobPosting` found in the page's JSON-LD.
struct Posting {
    title: Option<String>,
    text: String,
}

fn job_posting(html: &Html) -> Option<Posting> {
    let selector = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    html.select(&selector)
        .filter_map(|s| serde_json::from_str::<Value>(&s.text().collect::<String>()).ok())
        .find_map(|v| find_job_posting(&v).map(posting_text))
}

fn find_job_posting(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(items) => items.iter().find_map(find_job_posting),
        Value::Object(map) => {
            let is_posting = match map.get("@type") {
                Some(Value::String(t)) => t == "JobPosting",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "JobPosting"),
                _ => false,
            };
            if is_posting { Some(value) } else { map.get("@graph").and_then(find_job_posting) }
        }
        _ => None,
    }
}

fn posting_text(posting: &Value) -> Posting {
    let title = posting.get("title").and_then(Value::as_str).map(collapse).filter(|t| !t.is_empty());
    let mut text = title.clone().unwrap_or_default();
    for field in [
        "description",
        "responsibilities",
        "qualifications",
        "skills",
        "experienceRequirements",
        "educationRequirements",
    ] {
        for part in strings(posting.get(field)) {
            let part_text = fragment_text(&part);
            if !part_text.is_empty() {
                text.push('\n');
                text.push_str(&part_text);
            }
        }
    }
    Posting { title, text }
}

/// The text of an HTML fragment; one that was escaped (`&lt;p&gt;`, as many sites write JSON-LD) is parsed
/// again once its entities are decoded.
fn fragment_text(fragment: &str) -> String {
    let text = visible_text(Html::parse_fragment(fragment).tree.root());
    if text.contains('<') && text.contains('>') { visible_text(Html::parse_fragment(&text).tree.root()) } else { text }
}

/// Every string in a JSON-LD value (a string, a list, or objects with a `name`/`description`).
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().flat_map(|v| strings(Some(v))).collect(),
        Some(Value::Object(map)) => ["name", "description"].iter().flat_map(|k| strings(map.get(*k))).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_text_with_blocks_as_lines() {
        let doc = extract(
            "<html><head><title>x</title><style>.a{}</style></head><body><nav>Home Jobs Architect roles</nav>\
             <h1>Cloud Engineer</h1><p>Build <b>Terraform</b> modules.</p><script>var aws=1</script>\
             <ul><li>Kubernetes</li><li>Linux</li></ul><footer>© Example</footer></body></html>",
        );
        assert_eq!(doc.text, "Cloud Engineer\nBuild Terraform modules.\nKubernetes\nLinux");
        assert_eq!(doc.declared_title.as_deref(), Some("Cloud Engineer"));
        assert_eq!(doc.declared_kind, None);
    }

    #[test]
    fn adjacent_inline_elements_are_separate_words() {
        let doc = extract("<p><span>Kubernetes</span><span>Docker</span><b>Terra</b>form</p>");
        assert_eq!(doc.text, "Kubernetes Docker Terraform");
    }

    #[test]
    fn json_ld_job_posting_in_graph_gives_title_and_decoded_description() {
        let page = r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"Example"},
             {"@type":"JobPosting","title":"Solutions Architect",
              "description":"&lt;p&gt;Lead design workshops&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Present to executives&lt;/li&gt;&lt;/ul&gt;"}]}
            </script></head><body><p>Apply now</p></body></html>"#;
        let doc = extract(page);
        assert_eq!(doc.declared_title.as_deref(), Some("Solutions Architect"));
        assert_eq!(doc.declared_kind, Some(Kind::Posting));
        assert_eq!(doc.text, "Solutions Architect\nLead design workshops\nPresent to executives");
    }
}
