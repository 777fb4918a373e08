//! Personal data out of shared reports: `--redact` replaces e-mail addresses, phone numbers and links to
//! personal profiles in the text before anything else sees it, so evidence snippets, titles and `rolefit text`
//! can never show them; `--redact-paths` replaces file names (often a person's name) by stable pseudonyms.
//!
//! Replacements stay on their line, so line numbers keep pointing at the same lines.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::document::looks_like_title;
use sha2::{Digest, Sha256};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+").expect("static regex"));

static PROFILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:https?://)?(?:[\w-]+\.)?(?:linkedin\.com/(?:in|pub)|github\.com|gitlab\.com|bitbucket\.org|twitter\.com|x\.com|facebook\.com|instagram\.com|medium\.com|stackoverflow\.com/users|about\.me|behance\.net|dribbble\.com|kaggle\.com|xing\.com/profile)/[^\s,;)\]>]+",
    )
    .expect("static regex")
});

/// Digits with the separators phone numbers use; how many digits makes a phone number is checked apart.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,4}(?:[\s.\-]\d{2,5}){1,4}").expect("static regex")
});

/// Fewest digits in a phone number: fewer is a year range, a date or an amount.
const MIN_PHONE_DIGITS: usize = 9;

/// Any web address or bare domain (`dana-okafor.example.com`).
static WEB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s,;)\]>]*)?").expect("static regex")
});

/// `text` with e-mail addresses, profile links and phone numbers replaced by `[email]`, `[profile]`, `[phone]`;
/// on a line that held any of them (a contact line) any other web address is a personal site and goes too.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let redacted = redact_line(line);
        if redacted != line {
            out.push_str(&WEB.replace_all(&redacted, "[profile]"));
        } else {
            out.push_str(line);
        }
    }
    out
}

fn redact_line(line: &str) -> String {
    let line = PROFILE.replace_all(line, "[profile]");
    let line = EMAIL.replace_all(&line, "[email]");
    PHONE
        .replace_all(&line, |caps: &regex::Captures<'_>| {
            let found = &caps[0];
            if found.chars().filter(char::is_ascii_digit).count() >= MIN_PHONE_DIGITS {
                "[phone]".to_string()
            } else {
                found.to_string()
            }
        })
        .into_owned()
}

/// The person a resume belongs to, when its first line starts with a name (alone, or before a contact line's
/// `|`, `•`, `·` or dash): two to four capitalised words of letters (hyphens and apostrophes allowed).
pub fn resume_name(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let first = line.split(['|', '•', '·', '—', '–', ',']).next()?.trim();
    let words: Vec<&str> = first.split_whitespace().collect();
    let is_name_word = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
    };
    let name = (2..=4).contains(&words.len()) && words.iter().all(is_name_word) && !looks_like_title(first);
    name.then(|| first.to_string())
}

/// `text` with every occurrence of the person's `name` (and of each of its words of three letters or more) replaced
/// by `[name]`.
pub fn hide_name(text: &str, name: &str) -> String {
    let mut out = text.replace(name, "[name]");
    for word in name.split_whitespace().filter(|w| w.chars().count() >= 3) {
        let pattern = Regex::new(&format!(r"\b{}\b", regex::escape(word))).expect("escaped word is a valid pattern");
        out = pattern.replace_all(&out, "[name]").into_owned();
    }
    out
}

/// A stable pseudonym for a document: `document-` and the first 16 hex digits (64 bits) of the SHA-256 of its
/// content, with its extension kept (the format stays visible, the name does not). The same document has the same
/// pseudonym on every machine, under any name or mount point; two documents share one only when their contents
/// do or, for a million documents, about once in 40 million runs. A document whose bytes could not be read is
/// named from its path instead (`unread-…`).
pub fn pseudonym(path: &Path, content: Option<&[u8; 32]>) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let extension = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    let hex = |digest: &[u8]| digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>();
    match content {
        Some(sha256) => PathBuf::from(format!("document-{}{extension}", hex(sha256))),
        None => PathBuf::from(format!("unread-{}{extension}", hex(&Sha256::digest(path.as_os_str().as_bytes())))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_details_are_replaced_on_their_line() {
        let text = "Dana Okafor\ndana.okafor@example.com | +1 (303) 555-0142 | linkedin.com/in/dana-okafor | https://github.com/danao | dana.example.org\nAWS 2019-2021 at acme.example.com, 3 years";
        assert_eq!(
            redact(text),
            "Dana Okafor\n[email] | [phone] | [profile] | [profile] | [profile]\nAWS 2019-2021 at acme.example.com, 3 years"
        );
    }

    #[test]
    fn years_dates_and_amounts_are_not_phone_numbers() {
        for kept in ["2019 - 2023", "2019-05-12", "$130,000 – $155,000", "99.95% uptime", "10 000 users"] {
            assert_eq!(redact(kept), kept);
        }
        assert_eq!(redact("call 020 7946 0018 today"), "call [phone] today");
    }

    #[test]
    fn a_resume_owner_named_on_the_first_line_is_hidden() {
        let text = "Dana Okafor\nPrincipal Cloud Architect\nDana led the migration; contact Okafor.\n";
        let name = resume_name(text).expect("a name");
        assert_eq!(
            hide_name(text, &name),
            "[name]\nPrincipal Cloud Architect\n[name] led the migration; contact [name].\n"
        );
        assert_eq!(resume_name("Marcus Lindqvist | Seattle, WA | [email]\n").as_deref(), Some("Marcus Lindqvist"));
        assert_eq!(resume_name("Senior Cloud Engineer with AWS\n"), None);
        assert_eq!(resume_name("# Cloud Engineer\n"), None);
        assert_eq!(resume_name("Cloud Architect\nDana Okafor\n"), None, "a headline first is not a name");
    }

    #[test]
    fn pseudonyms_come_from_the_content_and_hide_the_name() {
        let content: [u8; 32] = Sha256::digest(b"Terraform and AWS").into();
        let other: [u8; 32] = Sha256::digest(b"Solution design").into();
        let a = pseudonym(Path::new("inbox/Jane Doe CV.pdf"), Some(&content));
        assert_eq!(a, pseudonym(Path::new("/mnt/x/renamed.pdf"), Some(&content)), "same content, same pseudonym");
        assert_ne!(a, pseudonym(Path::new("inbox/Jane Doe CV.pdf"), Some(&other)));
        let shown = a.to_string_lossy();
        assert!(shown.starts_with("document-") && shown.ends_with(".pdf") && !shown.contains("Jane"));
        assert_eq!(shown.len(), "document-".len() + 16 + ".pdf".len(), "64 bits of the hash");
        let unread = pseudonym(Path::new("inbox/Jane Doe CV.pdf"), None).to_string_lossy().into_owned();
        assert!(unread.starts_with("unread-") && !unread.contains("Jane"));
    }
}
