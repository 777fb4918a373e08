//! A document as the analysis sees it: its extracted text, format, kind (resume or job posting) and own title.
//!
//! Kind and title are read from the content — a posting talks about "responsibilities" and "what you'll do", a
//! resume lists dated experience and education — never from the file name.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use regex_automata::Input;
use regex_automata::meta::Regex as CueRegex;
use serde::{Deserialize, Serialize};

use crate::outcome::Warning;
use crate::section::{is_leading_decoration, single_spaced};
use crate::swar;

/// The format the bytes were read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text or Markdown.
    Text,
    /// PDF.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// OpenDocument text.
    Odt,
    /// HTML.
    Html,
    /// JSON Resume or a JSON job description.
    Json,
}

impl Format {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A resume or CV.
    Resume,
    /// A job posting or job description.
    Posting,
}

impl Kind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Resume => "resume",
            Kind::Posting => "posting",
        }
    }
}

/// Extracted text plus what the extractor learned about the document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The text, with `\n` line ends; evidence line numbers refer to it.
    pub text: String,
    /// The format it was read as.
    pub format: Format,
    /// A kind stated by the format itself (JSON Resume, schema.org `JobPosting`), before content detection.
    pub declared_kind: Option<Kind>,
    /// A title stated by the format itself (JSON-LD `title`, JSON Resume `basics.label`).
    pub declared_title: Option<String>,
    /// Resume or posting, as decided by [`Document::classify`].
    pub kind: Kind,
    /// The document's own title, as decided by [`Document::classify`].
    pub title: Option<String>,
    /// Extraction warnings.
    pub warnings: Vec<Warning>,
}

impl Document {
    /// A document of `format` with `text` and nothing declared.
    pub fn new(format: Format, text: String) -> Document {
        Document {
            text,
            format,
            declared_kind: None,
            declared_title: None,
            kind: Kind::Resume,
            title: None,
            warnings: Vec::new(),
        }
    }

    /// Decides kind and title: `forced` (from `--kind`) first, then what the format declared, then the content.
    pub fn classify(&mut self, forced: Option<Kind>) {
        self.kind = forced.or(self.declared_kind).unwrap_or_else(|| detect_kind(&self.text));
        self.title = self.declared_title.clone().or_else(|| detect_title(&self.text, self.kind));
    }

    /// Number of words (runs of letters or digits).
    pub fn words(&self) -> usize {
        count_words(&self.text)
    }
}

/// Number of runs of alphanumeric characters in `text`. ASCII is read eight bytes at a time (see [`swar`]);
/// characters are decoded only outside it.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut at) = (0, false, 0);
    while at < bytes.len() {
        if let Some(block) = bytes.get(at..at + 8).and_then(swar::ascii_block) {
            let alphanumeric = ascii_alphanumeric(block);
            // A word starts at each alphanumeric byte whose previous byte is not.
            let previous = alphanumeric << 8 | u64::from(in_word) << 7;
            words += (alphanumeric & !previous).count_ones() as usize;
            in_word = alphanumeric >> 63 != 0;
            at += 8;
            continue;
        }
        let Some(c) = text[at..].chars().next() else { break };
        let alphanumeric = c.is_alphanumeric();
        words += usize::from(alphanumeric & !in_word);
        in_word = alphanumeric;
        at += c.len_utf8();
    }
    words
}

/// The high bit of each of eight ASCII bytes set where the byte is a letter or a digit, with no branch per byte.
fn ascii_alphanumeric(eight: u64) -> u64 {
    swar::letters(eight) | swar::in_range(eight, b'0', b'9')
}

// The cue patterns use ASCII word boundaries: a Unicode `\b` makes the regex engine fall back to its slowest
// matcher on any non-ASCII text (a curly apostrophe is enough), which made kind detection most of a scan's time.

/// Phrases that mark a job posting.
static POSTING_CUES: LazyLock<CueRegex> = LazyLock::new(|| {
    cue_regex(
        r"(?im)(?-u:\b)(?:(?:minimum|basic|preferred|required|desired) qualifications|what you(?:'|’)ll do|what you will do|you will|you'll|we are looking for|we're looking for|the ideal candidate|about the role|about the job|about the team|about us|apply|applicants?|candidates?|equal opportunity|must have|nice to have|preferred|years of experience|reports to|this role|the role|join (?:our|us)|who you are|what we offer|perks)(?-u:\b)",
    )
});

/// Words that head a posting's sections, each counted at most [`SECTION_WORD_CAP`] times: a resume that lists
/// "Responsibilities:" under every job, or an HR person's resume about salaries and benefits, is still a resume.
const POSTING_SECTION_WORDS: [&str; 7] =
    ["responsibilities", "requirements", "qualifications", "job description", "benefits", "salary", "compensation"];
/// Most times one of the [`POSTING_SECTION_WORDS`] counts.
const SECTION_WORD_CAP: usize = 1;

static POSTING_SECTIONS: LazyLock<CueRegex> = LazyLock::new(|| {
    let patterns: Vec<String> = POSTING_SECTION_WORDS.iter().map(|w| format!(r"(?i)(?-u:\b){w}(?-u:\b)")).collect();
    CueRegex::builder()
        .syntax(regex_automata::util::syntax::Config::new().unicode(false))
        .build_many(&patterns)
        .expect("static regex")
});

/// Phrases and shapes that mark a resume.
static RESUME_CUES: LazyLock<CueRegex> = LazyLock::new(|| {
    cue_regex(
        r"(?im)(?:^\s*(?:professional )?(?:summary|profile|objective|education|work experience|professional experience|employment history|experience|certifications|skills|technical skills|references|projects|languages|interests)\s*:?\s*$|(?-u:\b)(?:résumé|RÉSUMÉ)|(?-u:\b)(?:curriculum vitae|resume|education details|skill details|skills? set|key skills|core competencies|professional summary|career summary|work history|worked on|worked as|roles and responsibilities|(?:19|20)\d\d\s*(?:-|–|—|to|until)\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? )?(?:(?:19|20)\d\d|present|current|now|date)|bachelor|master of|b\.sc|m\.sc|university|gpa|exp(?:e)?rience - [\w ]{1,24} months)(?-u:\b)|company details(?-u:\b)|[\w.+-]+@[\w-]+\.[\w.]+|^\s*(?:(?:-|•|\*|·|▪|●|ï)\s*)?(?:led|built|drove|owned|ran|won|(?:handl|prepar|coordinat|conduct|organi[sz]|supervis|train|perform|administer|support|resolv|achiev|increas|negotiat|process|assist|participat|recruit|manag|design|develop|implement|creat|deliver|migrat|automat|reduc|improv|architect|deploy|configur|maintain|establish|install|upgrad|monitor|analy[sz]|launch|spearhead|streamlin|oversaw|oversee)ed)(?-u:\b))",
    )
});

/// A cue regex with ASCII classes, boundaries and case folding (`\w`, `\s`, `\d`, `\b`; `é` matches only `é`, so
/// `RÉSUMÉ` is spelled out and has no boundary after its last letter, and an e-mail address with accented letters
/// does not count): normalisation has already turned Unicode spaces into spaces, and Unicode classes made the kind
/// cues a tenth of a scan's time.
fn cue_regex(pattern: &str) -> CueRegex {
    CueRegex::builder()
        .syntax(regex_automata::util::syntax::Config::new().unicode(false))
        .build(pattern)
        .expect("static regex")
}

/// Counts the non-overlapping matches of `regex` in `text`, as `find_iter(text).count()` would, but from the
/// match ends alone: a count needs no match starts, and finding them (a reverse search per match) was most of
/// the cost.
fn count_matches(regex: &CueRegex, text: &str) -> usize {
    let mut input = Input::new(text);
    let mut count = 0;
    while let Some(end) = regex.search_half(&input) {
        // The cues never match the empty string; the check keeps a future one from looping.
        if end.offset() == input.start() {
            break;
        }
        count += 1;
        input.set_start(end.offset());
    }
    count
}

/// Matches of each pattern of `regex`, each counted at most `cap` times, found from the match ends alone as in
/// [`count_matches`].
fn count_capped_matches(regex: &CueRegex, text: &str, cap: usize) -> usize {
    let mut counts = vec![0usize; regex.pattern_len()];
    let mut input = Input::new(text);
    while let Some(end) = regex.search_half(&input) {
        if end.offset() == input.start() {
            break;
        }
        counts[end.pattern().as_usize()] += 1;
        input.set_start(end.offset());
    }
    counts.iter().map(|&c| c.min(cap)).sum()
}

/// Detects resume vs posting from the text: whichever set of cues is denser wins; a tie reads as a resume
/// (most people point the tool at their own resume).
pub fn detect_kind(text: &str) -> Kind {
    // A posting addresses its reader or speaks for the employer ("you will", "apply", "the ideal candidate"); section
    // words alone ("salary", "requirements") are what an HR person's or a consultant's resume talks about too.
    let addressing = count_matches(&POSTING_CUES, text);
    let posting = addressing + count_capped_matches(&POSTING_SECTIONS, text, SECTION_WORD_CAP);
    let resume = count_matches(&RESUME_CUES, text);
    if addressing > 0 && posting > resume { Kind::Posting } else { Kind::Resume }
}

/// Words that make a short line look like a job title.
static TITLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:architect|engineer|developer|administrator|manager|analyst|consultant|specialist|designer|scientist|director|lead|officer|accountant|advocate|researcher|technician|programmer|devops|sre|head of|vp|president|intern|associate|coordinator|generalist|recruiter)s?(?-u:\b)",
    )
    .expect("static regex")
});

/// Whether `line` reads like a job title (it names a job: engineer, manager, analyst…).
pub fn looks_like_title(line: &str) -> bool {
    TITLE_WORDS.is_match(line)
}

/// Markdown decoration after a title line (`**`, ` |`); before it, the headings' own
/// ([`is_leading_decoration`]).
fn is_trailing_decoration(c: char) -> bool {
    c.is_whitespace() || matches!(c, '#' | '*' | '_' | '`' | '|')
}

/// A Markdown link `[text](url)`, reduced to its text.
static MD_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("static regex"));

/// Longest title we accept, in characters: longer lines are sentences, not titles.
const MAX_TITLE_CHARS: usize = 120;
/// How many non-empty lines from the top are searched for a title.
const TITLE_SEARCH_LINES: usize = 8;

/// The document's own title: a posting's job title, a resume's headline. The first short line near the top that
/// reads like a job title; for a posting whose first line is short, that line.
pub fn detect_title(text: &str, kind: Kind) -> Option<String> {
    let candidates: Vec<Cow<'_, str>> =
        text.lines().map(clean_title).filter(|l| !l.is_empty()).take(TITLE_SEARCH_LINES).collect();
    let short = |l: &&Cow<'_, str>| l.chars().count() <= MAX_TITLE_CHARS;
    if let Some(title) = candidates.iter().filter(short).find(|l| TITLE_WORDS.is_match(l)) {
        return Some(title.to_string());
    }
    match kind {
        Kind::Posting => {
            candidates.first().filter(|l| short(l) && l.split_whitespace().count() <= 12).map(|l| l.to_string())
        }
        Kind::Resume => None,
    }
}

/// A line as a title: Markdown links reduced to their text, decoration trimmed, one space between words. An
/// icon glyph (an icon font's private-use character, or one no font mapping could name) ends it: what follows an
/// icon on a resume's top line is a contact detail, not part of the title.
fn clean_title(line: &str) -> Cow<'_, str> {
    let line = line.split(is_icon).map(str::trim).find(|part| !part.is_empty()).unwrap_or("");
    // A link needs a `[`; most lines have none and skip the regex.
    match line.contains('[').then(|| MD_LINK.replace_all(line, "$1")) {
        Some(Cow::Owned(linked)) => Cow::Owned(single_spaced(trim_title(&linked)).into_owned()),
        _ => single_spaced(trim_title(line)),
    }
}

/// Whether `c` is an icon glyph: Unicode's private-use areas (where icon fonts put their pictures) or the
/// replacement character an unmapped glyph becomes.
fn is_icon(c: char) -> bool {
    matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}' | '\u{fffd}')
}

fn trim_title(line: &str) -> &str {
    line.trim_start_matches(is_leading_decoration).trim_end_matches(is_trailing_decoration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icon_glyphs_end_a_title() {
        let text = "Product Manager \u{fffd} apennyworth\nExperience\n";
        assert_eq!(detect_title(text, Kind::Resume).as_deref(), Some("Product Manager"));
        let text = "\u{f0e0} Site Reliability Engineer \u{f095} 555 0100\n";
        assert_eq!(detect_title(text, Kind::Resume).as_deref(), Some("Site Reliability Engineer"));
    }

    #[test]
    fn word_counts_agree_with_a_count_by_characters() {
        let pieces = [" ", "a", "Z", "0", "9", "_", "@", "[", "`", "{", "/", ":", "é", "—", "ß", "\u{a0}", "x1"];
        for line in crate::test_lines::generated_lines(&pieces, 0x1234_5678_9abc_def1, 20_000, 40) {
            let by_chars = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count();
            assert_eq!(count_words(&line), by_chars, "{line:?}");
        }
    }

    #[test]
    fn words_are_runs_of_letters_or_digits_in_any_script() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("  --  "), 0);
        assert_eq!(count_words("AWS, GCP & Azure: 3 clouds."), 5);
        assert_eq!(count_words("Zürich—São Paulo ci/cd"), 5);
    }

    #[test]
    fn a_posting_is_detected_by_its_sections() {
        let text = "Cloud Engineer\nAbout the role\nYou will build pipelines.\nRequirements\n- 3 years of experience\nBenefits\n";
        assert_eq!(detect_kind(text), Kind::Posting);
    }

    #[test]
    fn a_resume_is_detected_by_dates_education_and_verbs() {
        let text = "Dana Okafor\ndana@example.com\nExperience\nAcme, 2019 - present\n- Built landing zones\n- Led migrations\nEducation\nBSc, University of Leeds\n";
        assert_eq!(detect_kind(text), Kind::Resume);
    }

    /// Resumes flattened by a scraper glue their sections to the words before them ("36 monthsCompany Details") and
    /// list skills with months of experience; an HR person's resume talks of candidates and salaries.
    #[test]
    fn a_flattened_resume_with_a_skill_table_is_a_resume() {
        let text = "Skills * Recruitment * Onboarding\nEducation Details \n2016 MBA Indore\nSkill Details \n\
                    Recruitment- Exprience - 60 months\nOnboarding- Exprience - Less than 1 year monthsCompany Details \n\
                    company - Acme\ndescription - Sourcing candidates, screening each candidate, salary negotiation.";
        assert_eq!(detect_kind(text), Kind::Resume);
        assert_eq!(count_matches(&RESUME_CUES, "12 monthsCompany Details"), 1);
    }

    #[test]
    fn resume_in_any_spelling_is_a_resume_cue() {
        for word in ["Resume", "Résumé", "RÉSUMÉ"] {
            assert_eq!(count_matches(&RESUME_CUES, &format!("My {word}: cloud work")), 1, "{word}");
        }
    }

    #[test]
    fn posting_title_strips_markdown_links_and_headings() {
        let text = "# [Principal Cloud Architect](https://example.com/apply)  \n### Example Corp\n";
        assert_eq!(detect_title(text, Kind::Posting).as_deref(), Some("Principal Cloud Architect"));
    }

    /// Title lines were once cleaned by the regex `^[\s#>*_`•\-–—|]+|[\s#*_`|]+$`: the trimming that replaced it
    /// must clean every line the same.
    #[test]
    fn trimming_cleans_titles_as_the_decoration_regex_did() {
        let decoration = Regex::new(r"^[\s#>*_`•\-–—|]+|[\s#*_`|]+$").expect("regex");
        let by_regex = |line: &str| {
            let line = MD_LINK.replace_all(line, "$1");
            decoration.replace_all(&line, "").split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let pieces = [
            "#", " ", "  ", "\t", "\u{a0}", "*", "**", "_", "`", "•", "-", "–", "—", "|", ">", ":", ".", "[", "]", "(",
            ")", "](x)", "Cloud", "Engineer", "Über",
        ];
        for line in crate::test_lines::generated_lines(&pieces, 0x9e37_79b9_7f4a_7c15, 20_000, 8) {
            assert_eq!(clean_title(&line), by_regex(&line), "{line:?}");
        }
    }

    #[test]
    fn resume_headline_is_the_title_like_line_under_the_name() {
        let text = "Dana Okafor\nSenior Cloud Engineer | AWS | Terraform\ndana@example.com\n";
        assert_eq!(detect_title(text, Kind::Resume).as_deref(), Some("Senior Cloud Engineer | AWS | Terraform"));
        assert_eq!(detect_title("Dana Okafor\ndana@example.com\n", Kind::Resume), None);
    }
}
