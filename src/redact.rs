//! Personal data out of shared reports: `--redact` replaces e-mail addresses, phone numbers and links to
//! personal profiles in the text before anything else sees it, so evidence snippets, titles and `rolefit text`
//! can never show them; `--redact-paths` replaces file names (often a person's name) by stable pseudonyms.
//!
//! Replacements stay on their line, so line numbers keep pointing at the same lines.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
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

/// A stable pseudonym for `path`: `document-` and 10 hex digits of its SHA-256, with its extension kept (the
/// format stays visible, the name does not).
pub fn pseudonym(path: &Path) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let digest: String =
        Sha256::digest(path.as_os_str().as_bytes()).iter().take(5).map(|b| format!("{b:02x}")).collect();
    let extension = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    PathBuf::from(format!("document-{digest}{extension}"))
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
    fn pseudonyms_are_stable_and_hide_the_name() {
        let a = pseudonym(Path::new("inbox/Jane Doe CV.pdf"));
        assert_eq!(a, pseudonym(Path::new("inbox/Jane Doe CV.pdf")));
        assert_ne!(a, pseudonym(Path::new("inbox/John Roe CV.pdf")));
        let shown = a.to_string_lossy();
        assert!(shown.starts_with("document-") && shown.ends_with(".pdf") && !shown.contains("Jane"));
    }
}
