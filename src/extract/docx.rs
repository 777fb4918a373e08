//! Word documents (Office Open XML): the zip package read with `zip`, its XML with `quick-xml`. Headers come
//! first (they usually hold a resume's name and contact line), then the body, footnotes, endnotes and footers.
//! Paragraphs, table cells and `w:br` become line breaks and `w:tab` a tab. Only `w:t` text is read, so deleted
//! text (`w:delText`) and field codes (`w:instrText`) never leak in; the `mc:Fallback` copy of a text box is
//! skipped so its text is read once.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::outcome::{ErrorKind, Failure};

/// Most bytes one part of the package may decompress to.
const MAX_PART_SIZE: u64 = 64 << 20;

/// The text of the DOCX package in `bytes`.
pub fn extract(bytes: &[u8]) -> Result<String, Failure> {
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
        let xml = read_part(&mut zip, &name)?;
        let part_text = xml_text(&xml).map_err(|e| Failure::new(ErrorKind::XmlMalformed, format!("{name}: {e}")))?;
        if !part_text.trim().is_empty() {
            text.push_str(part_text.trim_end());
            text.push('\n');
        }
    }
    Ok(text)
}

/// Reads one part of the package as UTF-8, refusing to inflate past [`MAX_PART_SIZE`].
pub(crate) fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, Failure> {
    let malformed = |e: String| Failure::new(ErrorKind::DocxMalformed, format!("{name}: {e}"));
    let file = zip.by_name(name).map_err(|e| malformed(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_PART_SIZE + 1).read_to_end(&mut bytes).map_err(|e| malformed(e.to_string()))?;
    if bytes.len() as u64 > MAX_PART_SIZE {
        return Err(Failure::new(
            ErrorKind::LimitExceeded,
            format!("{name} decompresses to more than {} MiB", MAX_PART_SIZE >> 20),
        ));
    }
    String::from_utf8(bytes).map_err(|_| Failure::new(ErrorKind::XmlMalformed, format!("{name} is not UTF-8")))
}

/// The visible text of one WordprocessingML part.
fn xml_text(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut fallback_depth = 0usize;
    loop {
        let event = reader.read_event()?;
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
    use std::io::Write;

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        for (name, content) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).expect("zip entry");
            zip.write_all(content.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip finish");
        buf.into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    #[test]
    fn paragraphs_tables_tabs_breaks_and_header() {
        let body = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>Designed landing zones</w:t><w:tab/><w:t xml:space="preserve">&amp; DNS</w:t><w:br/><w:t>next</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>AWS</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Terraform</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
        );
        let header = format!(r#"<w:hdr {W}><w:p><w:r><w:t>Dana Okafor</w:t></w:r></w:p></w:hdr>"#);
        let text = extract(&docx(&[("word/document.xml", &body), ("word/header1.xml", &header)])).expect("reads");
        assert_eq!(text, "Dana Okafor\nDesigned landing zones\t& DNS\nnext\nAWS\n\nTerraform\n");
    }

    #[test]
    fn deleted_text_field_codes_and_fallback_copies_are_not_read() {
        let body = format!(
            r#"<w:document {W}><w:body><w:p><w:del><w:r><w:delText>old</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK x</w:instrText></w:r><mc:AlternateContent><mc:Choice><w:t>box</w:t></mc:Choice><mc:Fallback><w:t>box</w:t></mc:Fallback></mc:AlternateContent></w:p></w:body></w:document>"#
        );
        assert_eq!(extract(&docx(&[("word/document.xml", &body)])).expect("reads"), "box\n");
    }

    #[test]
    fn a_zip_without_a_document_part_is_malformed() {
        let err = extract(&docx(&[("xl/workbook.xml", "<x/>")])).unwrap_err();
        assert_eq!(err.kind, ErrorKind::DocxMalformed);
        assert_eq!(extract(b"not a zip").unwrap_err().kind, ErrorKind::DocxMalformed);
    }

    #[test]
    fn broken_xml_is_xml_malformed() {
        let err = extract(&docx(&[("word/document.xml", "<w:document><w:body></w:document>")])).unwrap_err();
        assert_eq!(err.kind, ErrorKind::XmlMalformed);
    }
}
