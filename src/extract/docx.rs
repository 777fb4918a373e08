//! Word documents (Office Open XML): the zip package read with `zip`, its XML with `quick-xml`. Headers come
//! first (they usually hold a resume's name and contact line), then the body, footnotes, endnotes and footers.
//! Paragraphs, table cells and `w:br` become line breaks and `w:tab` a tab. Only `w:t` text is read, so deleted
//! text (`w:delText`) and field codes (`w:instrText`) never leak in; the `mc:Fallback` copy of a text box is
//! skipped so its text is read once.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::extract::budget::Budget;
use crate::outcome::{ErrorKind, Failure};

/// XML events between two looks at the clock.
const EVENTS_PER_TIME_CHECK: usize = 1024;

/// The text of the DOCX package in `bytes`, within `budget`.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<String, Failure> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Failure::new(ErrorKind::DocxMalformed, format!("not a readable DOCX (zip) package: {e}")))?;
    let mut names: Vec<String> = zip.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    names.sort();
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(Failure::new(ErrorKind::DocxMalformed, "the package has no word/document.xml"));
    }
    let part = |prefix: &str| -> Vec<String> {
        names.iter().filter(|n| n.starts_with(prefix) && n.ends_with(".xml")).cloned().collect()
    };
    let order: Vec<String> = [
        part("word/header"),
        vec!["word/document.xml".to_string()],
        part("word/footnotes"),
        part("word/endnotes"),
        part("word/footer"),
    ]
    .concat();
    let mut text = String::new();
    for name in order {
        let xml = read_part(&mut zip, &name, budget)?;
        let part_text = xml_text(&xml, budget).map_err(|e| Failure::new(e.kind, format!("{name}: {}", e.message)))?;
        if !part_text.trim().is_empty() {
            text.push_str(part_text.trim_end());
            text.push('\n');
        }
    }
    Ok(text)
}

/// Reads one part of the package as UTF-8, inflating no more than what is left of `budget`.
pub(crate) fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str, budget: &Budget) -> Result<String, Failure> {
    let malformed = |e: String| Failure::new(ErrorKind::DocxMalformed, format!("{name}: {e}"));
    let file = zip.by_name(name).map_err(|e| malformed(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(budget.left() as u64 + 1).read_to_end(&mut bytes).map_err(|e| malformed(e.to_string()))?;
    budget.spend(bytes.len())?;
    String::from_utf8(bytes).map_err(|_| Failure::new(ErrorKind::XmlMalformed, format!("{name} is not UTF-8")))
}

/// Checks the events of one XML part: a DTD is refused outright (so no entity is ever expanded: no billion
/// laughs), and the time budget is looked at every [`EVENTS_PER_TIME_CHECK`] events.
pub(crate) struct XmlGuard<'a> {
    budget: &'a Budget,
    events: usize,
}

impl<'a> XmlGuard<'a> {
    /// A guard for one part.
    pub(crate) fn new(budget: &'a Budget) -> Self {
        XmlGuard { budget, events: 0 }
    }

    /// Checks one event.
    pub(crate) fn check(&mut self, event: &Event<'_>) -> Result<(), Failure> {
        if matches!(event, Event::DocType(_)) {
            return Err(Failure::new(
                ErrorKind::XmlMalformed,
                "a DTD (<!DOCTYPE …>) is not allowed in a document package",
            ));
        }
        self.events += 1;
        if self.events.is_multiple_of(EVENTS_PER_TIME_CHECK) {
            self.budget.check_time()?;
        }
        Ok(())
    }
}

/// A quick-xml error as this document's failure.
pub(crate) fn xml_failure(e: quick_xml::Error) -> Failure {
    Failure::new(ErrorKind::XmlMalformed, e.to_string())
}

/// The visible text of one WordprocessingML part.
fn xml_text(xml: &str, budget: &Budget) -> Result<String, Failure> {
    let mut reader = Reader::from_str(xml);
    let mut guard = XmlGuard::new(budget);
    let mut out = String::new();
    let mut in_text = false;
    let mut fallback_depth = 0usize;
    loop {
        let event = reader.read_event().map_err(xml_failure)?;
        guard.check(&event)?;
        match &event {
            Event::Start(_) if fallback_depth > 0 => fallback_depth += 1,
            Event::End(_) if fallback_depth > 0 => fallback_depth -= 1,
            _ if fallback_depth > 0 => {}
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "Fallback" => fallback_depth = 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" | "tc" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(t),
            Event::CData(t) if in_text => out.push_str(t),
            Event::GeneralRef(r) if in_text => out.push_str(&resolve_entity(r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The text of an XML entity reference (`&amp;`, `&#233;`); unknown entities are dropped.
pub(crate) fn resolve_entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &**r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::budget::Limits;

    use crate::extract::zip_package as docx;

    fn extract_unlimited(bytes: &[u8]) -> Result<String, Failure> {
        extract(bytes, &Budget::new(Limits::default()))
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    #[test]
    fn paragraphs_tables_tabs_breaks_and_header() {
        let body = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>Designed landing zones</w:t><w:tab/><w:t xml:space="preserve">&amp; DNS</w:t><w:br/><w:t>next</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>AWS</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Terraform</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
        );
        let header = format!(r#"<w:hdr {W}><w:p><w:r><w:t>Dana Okafor</w:t></w:r></w:p></w:hdr>"#);
        let text =
            extract_unlimited(&docx(&[("word/document.xml", &body), ("word/header1.xml", &header)])).expect("reads");
        assert_eq!(text, "Dana Okafor\nDesigned landing zones\t& DNS\nnext\nAWS\n\nTerraform\n");
    }

    #[test]
    fn deleted_text_field_codes_and_fallback_copies_are_not_read() {
        let body = format!(
            r#"<w:document {W}><w:body><w:p><w:del><w:r><w:delText>old</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK x</w:instrText></w:r><mc:AlternateContent><mc:Choice><w:t>box</w:t></mc:Choice><mc:Fallback><w:t>box</w:t></mc:Fallback></mc:AlternateContent></w:p></w:body></w:document>"#
        );
        assert_eq!(extract_unlimited(&docx(&[("word/document.xml", &body)])).expect("reads"), "box\n");
    }

    #[test]
    fn a_zip_without_a_document_part_is_malformed() {
        let err = extract_unlimited(&docx(&[("xl/workbook.xml", "<x/>")])).unwrap_err();
        assert_eq!(err.kind, ErrorKind::DocxMalformed);
        assert_eq!(extract_unlimited(b"not a zip").unwrap_err().kind, ErrorKind::DocxMalformed);
    }

    #[test]
    fn a_dtd_is_refused_so_no_entity_is_ever_expanded() {
        let laughs = format!(
            r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document {W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
        );
        let err = extract_unlimited(&docx(&[("word/document.xml", &laughs)])).expect_err("refused");
        assert_eq!(err.kind, ErrorKind::XmlMalformed);
        assert!(err.message.contains("DTD"), "{}", err.message);
    }

    #[test]
    fn a_part_past_the_budget_is_limit_exceeded() {
        let body = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>"#,
            "x".repeat(10_000)
        );
        let budget = Budget::new(Limits { max_decompressed: 1_000, ..Limits::default() });
        assert_eq!(
            extract(&docx(&[("word/document.xml", &body)]), &budget).expect_err("over").kind,
            ErrorKind::LimitExceeded
        );
    }

    #[test]
    fn broken_xml_is_xml_malformed() {
        let err = extract_unlimited(&docx(&[("word/document.xml", "<w:document><w:body></w:document>")])).unwrap_err();
        assert_eq!(err.kind, ErrorKind::XmlMalformed);
    }
}
