//! Helpers shared by the integration tests; each test crate uses some of them.
#![allow(dead_code)]

/// Says on the terminal that a test checked nothing: written to stderr directly, because the test harness keeps
/// `eprintln!` of a passing test to itself.
pub fn skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// A PDF made of `objects` (numbered from 1), with a correct cross-reference table unless `wrong_xref`.
pub fn pdf(objects: &[Vec<u8>], wrong_xref: bool) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let start = if wrong_xref { xref + 7 } else { xref };
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A stream object: `dict`'s entries, its length, `data`.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}
