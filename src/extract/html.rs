//! HTML: parsed with a real HTML5 parser (scraper/html5ever), then walked by hand so that only what a reader
//! sees is kept: no scripts, styles or templates, no site navigation or page chrome. Block elements become line
//! breaks, so headings stay on their own lines for the assessment to weigh.
//!
//! A schema.org `JobPosting` in JSON-LD (also inside `@graph`) is the posting's own statement of its title and
//! text; its `description` is itself HTML and is parsed again.

use ego_tree::NodeRef;
use html5ever::tendril::{StrTendril, TendrilSink};
use scraper::{Html, HtmlTreeSink, Node, Selector};
use serde_json::Value;

use crate::document::{Document, Format, Kind, count_words};
use crate::extract::budget::{Budget, Limits};
use crate::outcome::{ErrorKind, Failure};

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

/// Deepest element nesting accepted. Real pages stay far below it; html5ever's tree building slows down
/// quadratically with depth (100,000 nested `<div>`s take half a minute), so deeper pages are refused.
pub const MAX_DEPTH: usize = 1_000;

/// Elements that never have a closing tag, or whose closing tag is optional: they do not deepen the nesting.
const UNCLOSED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "td", "th", "tr", "dt", "dd", "option", "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "optgroup",
    "html", "head", "body",
];

/// Most attributes on one element. html5ever checks each new attribute against the element's others, so one
/// element with 200,000 attributes took 28 s; real elements carry a handful.
pub const MAX_ATTRIBUTES: usize = 10_000;
/// Bytes handed to the parser between two looks at the clock.
const PARSE_CHUNK: usize = 64 << 10;

/// The document in the HTML `source`.
pub fn extract(source: &str) -> Result<Document, Failure> {
    extract_within(source.to_owned(), &Budget::new(Limits::default()))
}

/// The document in the HTML `source`, within `budget`: refused before parsing when it nests too deep or an
/// element carries too many attributes, parsed a chunk at a time with the clock looked at between chunks, and
/// the source freed once parsed.
pub fn extract_within(source: String, budget: &Budget) -> Result<Document, Failure> {
    let shape = shape(&source);
    if shape.depth > MAX_DEPTH {
        return Err(Failure::new(ErrorKind::LimitExceeded, format!("HTML nested more than {MAX_DEPTH} elements deep")));
    }
    if shape.attributes > MAX_ATTRIBUTES {
        return Err(Failure::new(
            ErrorKind::LimitExceeded,
            format!("an HTML element carries more than {MAX_ATTRIBUTES} attributes"),
        ));
    }
    let html = parse(&source, budget)?;
    drop(source);
    let visible = visible_text(html.tree.root(), budget)?;
    let heading = Selector::parse("h1")
        .ok()
        .and_then(|s| html.select(&s).next())
        .map(|h| collapse(&h.text().collect::<String>()));
    let posting = job_posting(&html, budget);
    // A JSON-LD description that ran out of time left its text empty: the document fails here.
    budget.check_time()?;
    let mut doc = match posting {
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
            return Ok(doc);
        }
    };
    doc.declared_kind = Some(Kind::Posting);
    Ok(doc)
}

/// Parses `source` a chunk at a time, looking at the clock between chunks (html5ever has no deadline of its own).
fn parse(source: &str, budget: &Budget) -> Result<Html, Failure> {
    let mut parser = html5ever::parse_document(HtmlTreeSink::new(Html::new_document()), Default::default());
    let mut rest = source;
    while !rest.is_empty() {
        let mut cut = rest.len().min(PARSE_CHUNK);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        budget.check_time()?;
    }
    Ok(parser.finish())
}

/// What the tags of a page say about its shape, cheaply (no tree).
struct Shape {
    /// An upper estimate of how deep the elements nest.
    depth: usize,
    /// An upper estimate of the most attributes on one element (white-space-separated words in the tag).
    attributes: usize,
}

/// The [`Shape`] of `source`.
fn shape(source: &str) -> Shape {
    let mut attributes = 0usize;
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = source.as_bytes();
    let mut i = 0;
    // Linear: each tag is read up to its `>` once and the scan goes on after it, so a page of `<a<a<a…` or of
    // tags that never close costs one pass, not one pass per tag.
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = bytes[start..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |p| start + p);
        if end == start {
            continue;
        }
        let name = source.get(start..end).unwrap_or("").to_ascii_lowercase();
        let tag_end = memchr::memchr(b'>', &bytes[end..]).map_or(bytes.len(), |p| end + p);
        let words = bytes[end..tag_end]
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty())
            .take(MAX_ATTRIBUTES + 1)
            .count();
        attributes = attributes.max(words);
        i = tag_end.max(end);
        if UNCLOSED.contains(&name.as_str()) {
            continue;
        }
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    Shape { depth: deepest, attributes }
}

/// The visible text under `root`, one line per block, white space collapsed.
fn visible_text(root: NodeRef<'_, Node>, budget: &Budget) -> Result<String, Failure> {
    let mut out = String::new();
    walk(root, &mut out, budget)?;
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(first);
        for word in words {
            text.push(' ');
            text.push_str(word);
        }
    }
    Ok(text)
}

/// What the walk does next: enter a node, or write what closes an element.
enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    Close,
}

/// Appends the visible text under `root`. Iterative, so a page nested 100,000 elements deep cannot overflow
/// the stack.
fn walk(root: NodeRef<'_, Node>, out: &mut String, budget: &Budget) -> Result<(), Failure> {
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        budget.tick()?;
        let node = match step {
            Step::Close => {
                out.push('\n');
                continue;
            }
            Step::Enter(node) => node,
        };
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) => {
                let name = el.name();
                let chrome = CHROME.contains(&name) || (HEADER_FOOTER.contains(&name) && !has_h1(node));
                let hidden = el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true");
                if INVISIBLE.contains(&name) || chrome || hidden {
                    continue;
                }
                if BLOCKS.contains(&name) {
                    out.push('\n');
                    stack.push(Step::Close);
                } else if follows_element(node) && !out.ends_with(char::is_whitespace) {
                    // `<span>Kubernetes</span><span>Docker</span>`: two elements side by side are two words.
                    out.push(' ');
                }
                stack.extend(children_last_first(node));
            }
            Node::Document | Node::Fragment => stack.extend(children_last_first(node)),
            _ => {}
        }
    }
    Ok(())
}

/// The children of `node` in reverse, so that popping them from a stack visits them in order.
fn children_last_first(node: NodeRef<'_, Node>) -> impl Iterator<Item = Step<'_>> {
    node.children().collect::<Vec<_>>().into_iter().rev().map(Step::Enter)
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

fn job_posting(html: &Html, budget: &Budget) -> Option<Posting> {
    let selector = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    html.select(&selector)
        .map(|s| s.text().collect::<String>())
        .filter(|source| super::json::check_size(source).is_ok())
        .filter_map(|source| serde_json::from_str::<Value>(&source).ok())
        .find_map(|v| find_job_posting(&v).map(|p| posting_text(p, budget)))
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

fn posting_text(posting: &Value, budget: &Budget) -> Posting {
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
            let part_text = fragment_text(&part, budget);
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
/// A fragment that nests too deep or carries too many attributes is not parsed: its text is left out. So is one
/// that runs out of time (the caller then fails the document).
fn fragment_text(fragment: &str, budget: &Budget) -> String {
    let text = |fragment: &str| {
        let shape = shape(fragment);
        if shape.depth > MAX_DEPTH || shape.attributes > MAX_ATTRIBUTES || budget.check_time().is_err() {
            return String::new();
        }
        visible_text(Html::parse_fragment(fragment).tree.root(), budget).unwrap_or_default()
    };
    let once = text(fragment);
    if once.contains('<') && once.contains('>') { text(&once) } else { once }
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
        )
        .expect("reads");
        assert_eq!(doc.text, "Cloud Engineer\nBuild Terraform modules.\nKubernetes\nLinux");
        assert_eq!(doc.declared_title.as_deref(), Some("Cloud Engineer"));
        assert_eq!(doc.declared_kind, None);
    }

    #[test]
    fn regression_deeply_nested_page_does_not_overflow_the_stack() {
        let page = |n: usize| format!("<html><body>{}deep{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
        assert!(extract(&page(MAX_DEPTH - 10)).expect("within the limit").text.contains("deep"));
        assert_eq!(extract(&page(100_000)).expect_err("too deep").kind, ErrorKind::LimitExceeded);
    }

    #[test]
    fn unclosed_and_void_elements_do_not_count_as_nesting() {
        let page = format!("<html><body>{}</body></html>", "<p>line<br><img src=x>".repeat(5_000));
        assert!(shape(&page).depth < 5);
    }

    #[test]
    fn an_element_with_too_many_attributes_is_refused_before_parsing() {
        let page = format!("<html><body><p {}>x</p></body></html>", "a=1 ".repeat(MAX_ATTRIBUTES + 1));
        assert_eq!(extract(&page).expect_err("refused").kind, ErrorKind::LimitExceeded);
        let page = format!("<html><body><p {}>fine</p></body></html>", "a=1 ".repeat(100));
        assert!(extract(&page).expect("read").text.contains("fine"));
    }

    #[test]
    fn a_page_past_its_time_fails_with_timeout() {
        let budget = Budget::new(Limits { doc_timeout: std::time::Duration::ZERO, ..Limits::default() });
        std::thread::sleep(std::time::Duration::from_millis(2));
        let page = format!("<html><body>{}</body></html>", "<p>words</p>".repeat(20_000));
        assert_eq!(extract_within(page, &budget).expect_err("late").kind, ErrorKind::Timeout);
    }

    #[test]
    fn adjacent_inline_elements_are_separate_words() {
        let doc = extract("<p><span>Kubernetes</span><span>Docker</span><b>Terra</b>form</p>").expect("reads");
        assert_eq!(doc.text, "Kubernetes Docker Terraform");
    }

    #[test]
    fn json_ld_job_posting_in_graph_gives_title_and_decoded_description() {
        let page = r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"Example"},
             {"@type":"JobPosting","title":"Solutions Architect",
              "description":"&lt;p&gt;Lead design workshops&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Present to executives&lt;/li&gt;&lt;/ul&gt;"}]}
            </script></head><body><p>Apply now</p></body></html>"#;
        let doc = extract(page).expect("reads");
        assert_eq!(doc.declared_title.as_deref(), Some("Solutions Architect"));
        assert_eq!(doc.declared_kind, Some(Kind::Posting));
        assert_eq!(doc.text, "Solutions Architect\nLead design workshops\nPresent to executives");
    }
}
