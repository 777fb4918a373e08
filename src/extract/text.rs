//! Plain text and Markdown: bytes → `String` in whatever encoding the file was written. BOMs first, then UTF-16
//! without a BOM (recognised by its NUL-byte pattern, which generic detectors misread), then strict UTF-8, then
//! a guess among legacy encodings (chardetng), Windows-1252 being the usual answer for old Office exports.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decodes `bytes` to text; the second value names the encoding when it was not UTF-8.
pub fn decode(bytes: &[u8]) -> (String, Option<&'static str>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), (encoding != UTF_8).then_some(encoding.name()));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return (text.into_owned(), Some(encoding.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Deny);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), Some(encoding.name()))
}

/// UTF-16 text without a BOM: Latin text puts a NUL in every other byte, on the odd side for little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Mostly NULs on one side and almost none on the other.
    let lopsided = |a: usize, b: usize| a * 10 >= pairs * 7 && b * 20 <= pairs;
    if lopsided(odd_nuls, even_nuls) {
        Some(UTF_16LE)
    } else if lopsided(even_nuls, odd_nuls) {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        assert_eq!(decode("Kubernetes — ok".as_bytes()), ("Kubernetes — ok".to_string(), None));
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(decode(b"\xEF\xBB\xBFTerraform").0, "Terraform");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = "Cloud design".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = "Cloud design".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&le), ("Cloud design".to_string(), Some("UTF-16LE")));
        assert_eq!(decode(&be), ("Cloud design".to_string(), Some("UTF-16BE")));
        let with_bom = [&[0xFF, 0xFE][..], &le].concat();
        assert_eq!(decode(&with_bom).0, "Cloud design");
    }

    #[test]
    fn windows_1252_falls_back() {
        let bytes = b"Ren\xE9e \x96 senior cloud role, it\x92s design work and caf\xE9 meetings";
        let (text, encoding) = decode(bytes);
        assert!(text.starts_with("Renée – senior"), "{text}");
        assert!(text.contains("it’s"), "{text}");
        assert_eq!(encoding, Some("windows-1252"));
    }
}
