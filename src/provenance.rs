//! Where a record comes from: the tool version, the lexicons and the settings that change what a record says.
//! Every record carries it, so records made on many machines (shards, Spark partitions) can be checked to belong
//! together before they are merged. It never holds a time, a host, a user or a shard number: the same inputs
//! give the same records wherever and whenever they are made.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::lexicon::Lexicons;
use crate::scan::ScanOptions;

/// What made a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// `rolefit` and its version.
    pub tool: String,
    /// The first 16 hex digits of a SHA-256 over every role's id and lexicon hash, in lexicon order.
    pub lexicons: String,
    /// The settings that change records, as `name=value` words in a fixed order, only those that differ from
    /// the defaults (empty for a default run). Settings that only choose which records are shown (`--fit`,
    /// `--sort`) or how fast (`-j`) are not here.
    pub options: String,
}

impl Provenance {
    /// The provenance of records made with `lexicons` and `options`.
    pub fn new(lexicons: &Lexicons, options: &ScanOptions) -> Provenance {
        Provenance {
            tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
            lexicons: lexicons_id(lexicons),
            options: options_words(options),
        }
    }
}

/// The identity of a set of lexicons: a hash over each role's id and file hash.
pub fn lexicons_id(lexicons: &Lexicons) -> String {
    let mut hash = Sha256::new();
    for role in &lexicons.roles {
        hash.update(role.id.as_bytes());
        hash.update(b":");
        hash.update(role.sha256.as_bytes());
        hash.update(b"\n");
    }
    hash.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The record-changing settings that differ from the defaults, as words.
fn options_words(options: &ScanOptions) -> String {
    let defaults = ScanOptions::default();
    let mut words: Vec<String> = Vec::new();
    if let Some(kind) = options.kind {
        words.push(format!("kind={}", kind.as_str()));
    }
    if let Some(target) = &options.assess.target {
        words.push(format!("target={target}"));
    }
    if options.assess.max_missing != defaults.assess.max_missing {
        words.push(format!("max-missing={}", options.assess.max_missing));
    }
    if options.redact {
        words.push("redact".into());
    }
    if options.redact_paths {
        words.push("redact-paths".into());
    }
    if options.mask_role_words {
        words.push("mask-role-words".into());
    }
    if options.extract.password.is_some() {
        // Whether a password was given changes which PDFs open; the password itself is never written.
        words.push("password".into());
    }
    let (limits, default_limits) = (&options.extract.limits, &defaults.extract.limits);
    if options.max_file_size != defaults.max_file_size {
        words.push(format!("max-file-size={}", options.max_file_size));
    }
    if limits.max_decompressed != default_limits.max_decompressed {
        words.push(format!("max-decompressed={}", limits.max_decompressed));
    }
    if limits.max_pages != default_limits.max_pages {
        words.push(format!("max-pages={}", limits.max_pages));
    }
    if limits.doc_timeout != default_limits.doc_timeout {
        words.push(format!("doc-timeout={}", limits.doc_timeout.as_secs_f64()));
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::AssessOptions;

    #[test]
    fn a_default_run_has_no_option_words_and_a_changed_one_names_them() {
        let lexicons = Lexicons::embedded().expect("embedded");
        let default = Provenance::new(&lexicons, &ScanOptions::default());
        assert_eq!(default.options, "");
        assert_eq!(default.lexicons.len(), 16);
        assert!(default.tool.starts_with("rolefit "));
        let options = ScanOptions {
            assess: AssessOptions { target: Some("architect".into()), max_missing: 3 },
            redact: true,
            threads: 7,
            ..ScanOptions::default()
        };
        assert_eq!(Provenance::new(&lexicons, &options).options, "target=architect max-missing=3 redact");
    }
}
