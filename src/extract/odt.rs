//! OpenDocument Text (`.odt`): the zip package read with `zip`, its XML with `quick-xml`, in the same way as
//! [`docx`](crate::extract::docx). Headers come first (they usually hold a resume's name and contact line), then the
//! body, then footnotes and endnotes, then footers. Headers and footers live in `styles.xml` master pages; nothing
//! else in `styles.xml` is read, so style definitions never leak in.
//!
//! Paragraphs, headings, list items and table cells become lines, `text:tab` a tab, `text:line-break` a line break
//! and `text:s` spaces; other whitespace collapses as ODF says. It never reads deleted text (`text:tracked-changes`),
//! comments (`office:annotation`), footnote numbers (`text:note-citation`), form controls, image titles and
//! descriptions, index templates or embedded binary data, and it reads a frame's text once, not its alternatives.

use std::collections::HashSet;
use std::io::Cursor;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;

use crate::extract::budget::Budget;
use crate::extract::docx::{XmlGuard, read_part, resolve_entity, xml_failure};
use crate::outcome::{ErrorKind, Failure};

/// Most spaces one `text:s` may stand for: plenty to separate words, and few enough that a part full of `text:s`
/// does not grow the text past twice its own size.
const MAX_SPACES: usize = 32;
/// What the `mimetype` entry of a text document starts with (also matches templates and master documents).
const TEXT_MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// The text of the ODT package in `bytes`.
///
/// # Errors
///
/// `DocxMalformed` when `bytes` are not a readable OpenDocument text package (not a zip, no `content.xml`, another
/// OpenDocument type), `XmlMalformed` when a part is not well-formed UTF-8 XML, and `LimitExceeded` when the parts
/// decompress past the document's budget.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<String, Failure> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| malformed(format!("not a readable OpenDocument (zip) package: {e}")))?;
    check_mimetype(&mut zip, budget)?;
    if zip.index_for_name("content.xml").is_none() {
        return Err(malformed("the OpenDocument package has no content.xml".to_string()));
    }
    let mut found = Collected::default();
    read_xml(&mut zip, "content.xml", &mut found, budget)?;
    if zip.index_for_name("styles.xml").is_some() {
        read_xml(&mut zip, "styles.xml", &mut found, budget)?;
    }
    let mut text = String::new();
    for section in found.in_order().filter(|s| !s.trim().is_empty()) {
        text.push_str(section.trim_end());
        text.push('\n');
    }
    Ok(text)
}

fn malformed(message: String) -> Failure {
    Failure::new(ErrorKind::DocxMalformed, message)
}

/// Refuses spreadsheets, presentations and drawings, whose `content.xml` is not a text document. A package without
/// a `mimetype` entry is read anyway: the entry is often lost when a package is re-zipped by hand.
fn check_mimetype(zip: &mut ZipArchive<Cursor<&[u8]>>, budget: &Budget) -> Result<(), Failure> {
    if zip.index_for_name("mimetype").is_none() {
        return Ok(());
    }
    let mimetype = read_odf_part(zip, "mimetype", budget)?;
    let mimetype = mimetype.trim();
    if mimetype.starts_with(TEXT_MIMETYPE) {
        return Ok(());
    }
    Err(malformed(format!("an OpenDocument package of type {mimetype:?}, not a text document")))
}

/// Reads one part with [`read_part`], saying which kind of package could not be read (its messages name DOCX parts).
fn read_odf_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str, budget: &Budget) -> Result<String, Failure> {
    read_part(zip, name, budget).map_err(|e| match e.kind {
        ErrorKind::DocxMalformed => malformed(format!("not a readable OpenDocument package: {}", e.message)),
        _ => e,
    })
}

/// Reads one XML part of the package into `found`.
fn read_xml(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    found: &mut Collected,
    budget: &Budget,
) -> Result<(), Failure> {
    let xml = read_odf_part(zip, name, budget)?;
    Walker::default().walk(&xml, found, budget).map_err(|e| Failure::new(e.kind, format!("{name}: {}", e.message)))
}

/// The ODF namespaces whose elements matter here. Elements are matched by namespace, not prefix, so `text:title` (a
/// field showing the document title) is never mistaken for `svg:title`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    Office,
    Style,
    Text,
    Table,
    Draw,
    Svg,
    Form,
    Other,
}

impl Ns {
    /// The namespace of a resolved name. An undeclared prefix falls back to its conventional meaning, so a sloppy
    /// hand-made package missing its `xmlns` declarations is still read.
    fn of(resolved: &ResolveResult<'_>) -> Ns {
        match resolved {
            ResolveResult::Bound(ns) => Ns::from_uri(ns.0),
            ResolveResult::Unknown(prefix) => Ns::from_prefix(prefix),
            ResolveResult::Unbound => Ns::Other,
        }
    }

    fn from_uri(uri: &str) -> Ns {
        match uri.strip_prefix("urn:oasis:names:tc:opendocument:xmlns:") {
            Some("office:1.0") => Ns::Office,
            Some("style:1.0") => Ns::Style,
            Some("text:1.0") => Ns::Text,
            Some("table:1.0") => Ns::Table,
            Some("drawing:1.0") => Ns::Draw,
            Some("svg-compatible:1.0") => Ns::Svg,
            Some("form:1.0") => Ns::Form,
            _ => Ns::Other,
        }
    }

    fn from_prefix(prefix: &str) -> Ns {
        match prefix {
            "office" => Ns::Office,
            "style" => Ns::Style,
            "text" => Ns::Text,
            "table" => Ns::Table,
            "draw" => Ns::Draw,
            "svg" => Ns::Svg,
            "form" => Ns::Form,
            _ => Ns::Other,
        }
    }
}

/// What an element means for the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Neither it nor anything inside it is read.
    Skip,
    /// Its text is a section of the output.
    Section(Section),
    /// A paragraph or heading: one line.
    Paragraph,
    /// A table cell: a line break after its paragraphs, as for DOCX.
    Cell,
    /// A frame: only its first content element is read; the others are alternative renderings of it.
    Frame,
    Tab,
    LineBreak,
    Spaces,
    /// Read for what is inside it, if anything.
    Plain,
}

/// The parts of the output, in the order the package keeps them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Body,
    Note,
    Header,
    Footer,
}

fn role(ns: Ns, name: &str) -> Role {
    match (ns, name) {
        (Ns::Office, "body") => Role::Section(Section::Body),
        (Ns::Text, "note-body") => Role::Section(Section::Note),
        (Ns::Style, "header" | "header-left" | "header-first") => Role::Section(Section::Header),
        (Ns::Style, "footer" | "footer-left" | "footer-first") => Role::Section(Section::Footer),
        (Ns::Text, "p" | "h") => Role::Paragraph,
        (Ns::Table, "table-cell") => Role::Cell,
        (Ns::Draw, "frame") => Role::Frame,
        (Ns::Text, "tab") => Role::Tab,
        (Ns::Text, "line-break") => Role::LineBreak,
        (Ns::Text, "s") => Role::Spaces,
        (
            Ns::Text,
            "tracked-changes" | "note-citation" | "ruby-text" | "bookmark" | "bookmark-start" | "bookmark-end",
        )
        | (Ns::Office, "annotation" | "forms" | "binary-data" | "scripts" | "automatic-styles" | "font-face-decls")
        | (Ns::Svg, "title" | "desc")
        | (Ns::Form, _) => Role::Skip,
        // Index templates (`text:table-of-content-source`, …) repeat the index title; declarations hold no text.
        (Ns::Text, n) if n.ends_with("-source") || n.ends_with("-decls") => Role::Skip,
        _ => Role::Plain,
    }
}

/// What a frame may show; the first one in a frame is its content, the rest are fallbacks (an image for an object).
fn is_frame_content(ns: Ns, name: &str) -> bool {
    ns == Ns::Draw
        && matches!(name, "text-box" | "image" | "object" | "object-ole" | "applet" | "plugin" | "floating-frame")
}

/// The spaces a `text:s` stands for: `text:c` of them, one when the count is absent or unreadable.
fn spaces(e: &BytesStart<'_>) -> String {
    let count = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "c")
        .and_then(|a| a.value.trim().parse::<usize>().ok())
        .unwrap_or(1);
    " ".repeat(count.min(MAX_SPACES))
}

/// The text found so far, kept apart by section.
#[derive(Default)]
struct Collected {
    headers: Vec<String>,
    body: String,
    notes: String,
    footers: Vec<String>,
}

impl Collected {
    fn add(&mut self, section: Section, text: String) {
        match section {
            Section::Body => self.body.push_str(&text),
            Section::Note => self.notes.push_str(&text),
            Section::Header => self.headers.push(text),
            Section::Footer => self.footers.push(text),
        }
    }

    /// The sections in reading order: headers, body, notes, footers. Several master pages (first page, left pages)
    /// often repeat one header or footer: each distinct one is kept once.
    fn in_order(&self) -> impl Iterator<Item = &String> {
        distinct(&self.headers).chain([&self.body, &self.notes]).chain(distinct(&self.footers))
    }
}

/// `texts` without repeats, in their first order.
fn distinct(texts: &[String]) -> impl Iterator<Item = &String> {
    let mut seen = HashSet::new();
    texts.iter().filter(move |t| seen.insert(t.as_str()))
}

/// One open section's text, with ODF whitespace collapsing: a run of spaces, tabs and newlines in the XML is one
/// space, and none at the start or end of a paragraph.
struct SectionText {
    /// The element depth of the section's element.
    depth: usize,
    section: Section,
    text: String,
    /// Whether whitespace in the XML is dropped here: at a paragraph's start or after a collapsed space.
    at_space: bool,
}

impl SectionText {
    fn push_xml_text(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !self.at_space {
                    self.text.push(' ');
                    self.at_space = true;
                }
            } else {
                self.text.push(c);
                self.at_space = false;
            }
        }
    }

    /// Text from an element (`text:tab`, `text:s`, …), which never collapses.
    fn push_literal(&mut self, s: &str) {
        self.text.push_str(s);
        self.at_space = false;
    }

    /// Starts a paragraph on a line of its own, also when it sits inside another (a text box in a paragraph).
    fn start_paragraph(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.end_paragraph();
        }
        self.at_space = true;
    }

    fn end_paragraph(&mut self) {
        if self.at_space && self.text.ends_with(' ') {
            self.text.pop();
        }
        self.text.push('\n');
        self.at_space = true;
    }
}

/// The walk through one XML part: which elements are open and what is being read.
#[derive(Default)]
struct Walker {
    /// How many elements are open.
    depth: usize,
    /// How deep inside a skipped element the walk is; 0 when reading.
    skip_depth: usize,
    /// Paragraphs open (they nest through text boxes and notes); text outside them is layout whitespace.
    paragraphs: usize,
    /// Open sections, innermost last; text goes to the innermost.
    sections: Vec<SectionText>,
    /// Open frames, innermost last: their depth and whether their content element was already read.
    frames: Vec<(usize, bool)>,
}

impl Walker {
    /// Walks `xml`, adding what it reads to `found`; the error says why the XML is not well-formed.
    fn walk(mut self, xml: &str, found: &mut Collected, budget: &Budget) -> Result<(), Failure> {
        let mut reader = NsReader::from_str(xml);
        let mut guard = XmlGuard::new(budget);
        loop {
            let (resolved, event) = reader.read_resolved_event().map_err(xml_failure)?;
            guard.check(&event)?;
            let ns = Ns::of(&resolved);
            match event {
                Event::Start(e) => self.start(ns, &e),
                Event::Empty(e) => self.empty(ns, &e),
                Event::End(e) => self.end(role(ns, e.local_name().as_ref()), found),
                Event::Text(t) => self.text(&t),
                Event::CData(t) => self.text(&t),
                Event::GeneralRef(r) => self.text(&resolve_entity(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
        // quick-xml stops quietly at the end of the input; a truncated part must not pass for a complete one.
        if self.depth > 0 {
            return Err(Failure::new(
                ErrorKind::XmlMalformed,
                format!("the XML ends with {} elements still open", self.depth),
            ));
        }
        Ok(())
    }

    /// The role of an element that starts here, with a frame's alternative renderings turned into skips.
    fn role_here(&mut self, ns: Ns, e: &BytesStart<'_>) -> Role {
        let name = e.local_name();
        let role = role(ns, name.as_ref());
        match self.frames.last_mut() {
            Some((depth, seen)) if *depth == self.depth && is_frame_content(ns, name.as_ref()) => {
                if *seen {
                    return Role::Skip;
                }
                *seen = true;
                role
            }
            _ => role,
        }
    }

    fn start(&mut self, ns: Ns, e: &BytesStart<'_>) {
        if self.skip_depth > 0 {
            self.skip_depth += 1;
            self.depth += 1;
            return;
        }
        let role = self.role_here(ns, e);
        self.depth += 1;
        match role {
            Role::Skip => self.skip_depth = 1,
            Role::Section(section) => {
                self.sections.push(SectionText { depth: self.depth, section, text: String::new(), at_space: true })
            }
            Role::Paragraph => {
                self.paragraphs += 1;
                self.with_section(SectionText::start_paragraph);
            }
            Role::Frame => self.frames.push((self.depth, false)),
            Role::Tab | Role::LineBreak | Role::Spaces => self.inline(role, e),
            Role::Cell | Role::Plain => {}
        }
    }

    /// An element with no content: `<text:tab/>`, `<text:s text:c="3"/>`, an empty paragraph.
    fn empty(&mut self, ns: Ns, e: &BytesStart<'_>) {
        if self.skip_depth > 0 {
            return;
        }
        match self.role_here(ns, e) {
            Role::Paragraph => self.with_section(|s| {
                s.start_paragraph();
                s.end_paragraph();
            }),
            role => self.inline(role, e),
        }
    }

    fn inline(&mut self, role: Role, e: &BytesStart<'_>) {
        let literal = match role {
            Role::Tab => "\t".to_string(),
            Role::LineBreak => "\n".to_string(),
            Role::Spaces => spaces(e),
            _ => return,
        };
        self.with_section(|s| s.push_literal(&literal));
    }

    fn end(&mut self, role: Role, found: &mut Collected) {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
        } else {
            match role {
                Role::Paragraph => {
                    self.paragraphs = self.paragraphs.saturating_sub(1);
                    self.with_section(SectionText::end_paragraph);
                }
                Role::Cell => self.with_section(|s| s.push_literal("\n")),
                Role::Section(_) if self.sections.last().is_some_and(|s| s.depth == self.depth) => {
                    if let Some(done) = self.sections.pop() {
                        found.add(done.section, done.text);
                    }
                }
                Role::Frame if self.frames.last().is_some_and(|(depth, _)| *depth == self.depth) => {
                    self.frames.pop();
                }
                _ => {}
            }
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn text(&mut self, s: &str) {
        if self.skip_depth == 0 && self.paragraphs > 0 {
            self.with_section(|section| section.push_xml_text(s));
        }
    }

    /// Applies `f` to the innermost open section; outside every section nothing is read.
    fn with_section(&mut self, f: impl FnOnce(&mut SectionText)) {
        if let Some(section) = self.sections.last_mut() {
            f(section);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::budget::Limits;

    fn extract_unlimited(bytes: &[u8]) -> Result<String, Failure> {
        extract(bytes, &Budget::new(Limits::default()))
    }
    use crate::extract::zip_package as odt;
    use std::io::Write;

    const NS: &str = concat!(
        r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
        r#"xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" "#,
        r#"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" "#,
        r#"xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/""#
    );

    /// A content.xml whose `office:text` holds `body`.
    fn content(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3"><office:font-face-decls><style:font-face style:name="Liberation Serif"/></office:font-face-decls><office:automatic-styles><style:style style:name="P1" style:family="paragraph"/></office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        )
    }

    /// The text of a package holding `body` as its content and nothing else.
    fn body_text(body: &str) -> String {
        extract_unlimited(&odt(&[("mimetype", TEXT_MIMETYPE), ("content.xml", &content(body))])).expect("reads")
    }

    #[test]
    fn paragraphs_and_headings_are_lines_and_entities_are_resolved() {
        let text = body_text(
            r#"<text:h text:outline-level="1">Dana Okafor</text:h><text:p text:style-name="P1">Cloud <text:span>engineer</text:span> &amp; SRE, Montr&#233;al</text:p><text:p/><text:p>AWS</text:p>"#,
        );
        assert_eq!(text, "Dana Okafor\nCloud engineer & SRE, Montréal\n\nAWS\n");
    }

    #[test]
    fn list_items_are_lines() {
        let text = body_text(
            r#"<text:list><text:list-item><text:p>Terraform</text:p></text:list-item><text:list-item><text:p>Kubernetes</text:p><text:list><text:list-item><text:p>Helm</text:p></text:list-item></text:list></text:list-item></text:list>"#,
        );
        assert_eq!(text, "Terraform\nKubernetes\nHelm\n");
    }

    #[test]
    fn table_cells_are_separated_by_line_breaks() {
        let text = body_text(
            r#"<table:table><table:table-column table:number-columns-repeated="2"/><table:table-row><table:table-cell office:value-type="string"><text:p>AWS</text:p></table:table-cell><table:table-cell><text:p>Terraform</text:p><text:p>Ansible</text:p></table:table-cell></table:table-row></table:table><text:p>After</text:p>"#,
        );
        assert_eq!(text, "AWS\n\nTerraform\nAnsible\n\nAfter\n");
    }

    #[test]
    fn tabs_line_breaks_and_counted_spaces_are_kept() {
        let text = body_text(
            r#"<text:p>Skills:<text:tab/>Go<text:line-break/>Rust<text:s text:c="3"/>Python<text:s/>SQL<text:soft-page-break/></text:p>"#,
        );
        assert_eq!(text, "Skills:\tGo\nRust   Python SQL\n");
    }

    #[test]
    fn whitespace_in_the_xml_collapses_and_layout_whitespace_is_ignored() {
        let text = body_text("\n  <text:p>\n    Site   reliability\n    engineer  </text:p>\n  <text:p>Go</text:p>\n");
        assert_eq!(text, "Site reliability engineer\nGo\n");
    }

    #[test]
    fn a_huge_space_count_is_capped() {
        let text = body_text(r#"<text:p>a<text:s text:c="4000000000"/>b</text:p>"#);
        assert_eq!(text.len(), MAX_SPACES + 3);
    }

    #[test]
    fn header_and_footer_come_from_master_pages_around_the_body() {
        let styles = format!(
            r#"<office:document-styles {NS}><office:styles><style:style style:name="Standard" style:family="paragraph"><style:text-properties fo:font-size="12pt" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"/></style:style><text:outline-style style:name="Outline"/></office:styles><office:automatic-styles><style:page-layout style:name="pm1"><style:header-style/></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Dana Okafor · dana@example.com</text:p></style:header><style:header-left><text:p>Dana Okafor · dana@example.com</text:p></style:header-left><style:footer><text:p>Page <text:page-number>1</text:page-number></text:p></style:footer></style:master-page></office:master-styles></office:document-styles>"#
        );
        let package = odt(&[("content.xml", &content("<text:p>Body</text:p>")), ("styles.xml", &styles)]);
        assert_eq!(extract_unlimited(&package).expect("reads"), "Dana Okafor · dana@example.com\nBody\nPage 1\n");
    }

    #[test]
    fn footnote_body_is_read_after_the_body_without_its_number() {
        let text = body_text(
            r#"<text:p>Cut costs by 40%<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Measured over 2023.</text:p></text:note-body></text:note> across teams.</text:p><text:p>Next</text:p>"#,
        );
        assert_eq!(text, "Cut costs by 40% across teams.\nNext\nMeasured over 2023.\n");
    }

    #[test]
    fn deleted_text_and_comments_are_not_read() {
        let text = body_text(
            r#"<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Ann</dc:creator></office:change-info><text:p>COBOL</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p><text:bookmark-start text:name="b"/>Java<text:change text:change-id="ct1"/><office:annotation><dc:creator>Ann</dc:creator><text:p>remove this?</text:p></office:annotation> developer<office:annotation-end/><text:bookmark-end text:name="b"/></text:p>"#,
        );
        assert_eq!(text, "Java developer\n");
    }

    #[test]
    fn text_box_is_read_once_and_image_titles_are_not_read() {
        let text = body_text(
            r#"<text:p>Intro<draw:frame draw:name="Box"><draw:text-box><text:p>Boxed skills</text:p></draw:text-box><draw:image xlink:href="Pictures/1.png" xmlns:xlink="http://www.w3.org/1999/xlink"><text:p>Boxed skills</text:p></draw:image><svg:title>Logo</svg:title><svg:desc>A logo</svg:desc></draw:frame>after</text:p>"#,
        );
        assert_eq!(text, "Intro\nBoxed skills\nafter\n");
    }

    #[test]
    fn forms_sequence_declarations_and_index_templates_are_not_read() {
        let text = body_text(
            r#"<office:forms><form:form><form:text form:name="x">typed</form:text></form:form></office:forms><text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls><text:table-of-content><text:table-of-content-source><text:index-title-template>Contents</text:index-title-template></text:table-of-content-source><text:index-body><text:index-title><text:p>Contents</text:p></text:index-title></text:index-body></text:table-of-content><text:p>Experience</text:p>"#,
        );
        assert_eq!(text, "Contents\nExperience\n");
    }

    #[test]
    fn undeclared_conventional_prefixes_are_still_read() {
        let xml = "<office:document-content><office:body><office:text><text:p>Go<text:tab/>Rust</text:p></office:text></office:body></office:document-content>";
        assert_eq!(extract_unlimited(&odt(&[("content.xml", xml)])).expect("reads"), "Go\tRust\n");
    }

    #[test]
    fn a_package_without_content_xml_is_malformed() {
        let err = extract_unlimited(&odt(&[("mimetype", TEXT_MIMETYPE), ("styles.xml", "<x/>")])).unwrap_err();
        assert_eq!(err.kind, ErrorKind::DocxMalformed);
        assert!(err.message.contains("OpenDocument"), "{}", err.message);
        let err = extract_unlimited(b"not a zip").unwrap_err();
        assert_eq!(err.kind, ErrorKind::DocxMalformed);
        assert!(err.message.contains("OpenDocument"), "{}", err.message);
    }

    #[test]
    fn a_spreadsheet_package_is_not_read_as_text() {
        let package = odt(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", &content("<text:p>cell</text:p>")),
        ]);
        assert_eq!(extract_unlimited(&package).unwrap_err().kind, ErrorKind::DocxMalformed);
    }

    #[test]
    fn broken_xml_is_xml_malformed() {
        let broken = "<office:document-content><office:body><text:p>x</office:body></office:document-content>";
        assert_eq!(extract_unlimited(&odt(&[("content.xml", broken)])).unwrap_err().kind, ErrorKind::XmlMalformed);
        let truncated = "<office:document-content><office:body><text:p>x</text:p>";
        assert_eq!(extract_unlimited(&odt(&[("content.xml", truncated)])).unwrap_err().kind, ErrorKind::XmlMalformed);
        let bad_styles = odt(&[("content.xml", &content("<text:p>x</text:p>")), ("styles.xml", "<a><b></a>")]);
        assert_eq!(extract_unlimited(&bad_styles).unwrap_err().kind, ErrorKind::XmlMalformed);
    }

    #[test]
    fn a_part_larger_than_64_mib_is_refused() {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("content.xml", stored).expect("zip entry");
        zip.write_all(&vec![b' '; (64 << 20) + 1]).expect("zip write");
        zip.finish().expect("zip finish");
        let package = buf.into_inner();
        assert_eq!(extract_unlimited(&package).unwrap_err().kind, ErrorKind::LimitExceeded);
    }
}
