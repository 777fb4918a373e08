//! Which part of a document a line belongs to, read from the headings that extraction keeps as lines. What a
//! posting says the person will *do* speaks louder than its list of tools, and its "about us", benefits and
//! equal-opportunity text says nothing about the role at all; a resume's experience is what the person did.
//! Assessment weighs evidence by [`Section::weight`].

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::swar;

/// The kind of section a line is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Before any recognised heading, or under one that is none of the others.
    General,
    /// What the person does or did: responsibilities, duties, "what you'll do", experience.
    Duties,
    /// What is required: requirements, qualifications, skills.
    Requirements,
    /// What is merely welcome: nice to have, preferred, bonus.
    Preferred,
    /// Not about the role: about the company, benefits, equal opportunity, how to apply.
    Boilerplate,
}

impl Section {
    /// The name `rolefit text --layout` shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::General => "general",
            Section::Duties => "duties",
            Section::Requirements => "requirements",
            Section::Preferred => "preferred",
            Section::Boilerplate => "boilerplate",
        }
    }

    /// How much evidence found in this section counts, relative to [`Section::General`].
    pub fn weight(self) -> f64 {
        match self {
            Section::Duties => 1.5,
            Section::General | Section::Requirements => 1.0,
            Section::Preferred => 0.75,
            Section::Boilerplate => 0.25,
        }
    }
}

/// Longest line, in characters, that can be a heading.
const MAX_HEADING_CHARS: usize = 60;

/// Markdown and list decoration before a heading or a title line (`### `, `* `, `• `); after it, see
/// [`is_trailing_decoration`] (a title keeps its punctuation, so it has its own).
pub(crate) fn is_leading_decoration(c: char) -> bool {
    c.is_whitespace() || matches!(c, '#' | '>' | '*' | '_' | '`' | '•' | '-' | '–' | '—' | '|')
}

fn is_trailing_decoration(c: char) -> bool {
    c.is_whitespace() || matches!(c, '#' | '*' | '_' | '`' | '|' | ':' | '?' | '!' | '.')
}

/// `text` with its words separated by one space and no space around them (`split_whitespace` joined by spaces),
/// copied only when it is not so already: most lines are.
pub(crate) fn single_spaced(text: &str) -> Cow<'_, str> {
    if is_single_spaced(text) || text.is_empty() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether `text` has no whitespace but single spaces between words: none at either end (so not the empty text),
/// no other whitespace character, no two spaces in a row. ASCII is read eight bytes at a time.
fn is_single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    // As if a space came before the text: a space at its start is one too many.
    let mut previous_space = true;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(block) = bytes.get(at..at + 8).and_then(swar::ascii_block) {
            let spaces = swar::equal_to(block, b' ');
            let doubled = spaces & (spaces << 8 | u64::from(previous_space) << 7);
            if doubled != 0 || swar::in_range(block, b'\t', b'\r') != 0 {
                return false;
            }
            previous_space = spaces >> 63 != 0;
            at += 8;
            continue;
        }
        let Some(c) = text[at..].chars().next() else { break };
        if c.is_whitespace() && (c != ' ' || previous_space) {
            return false;
        }
        previous_space = c == ' ';
        at += c.len_utf8();
    }
    !previous_space
}

/// Heading patterns, each matched against the whole cleaned heading line, ignoring case; where two match, the
/// first one's section is the line's.
const HEADING_PATTERNS: [(&str, Section); 4] = [
    (
        r"(?:nice|good|great) to have.*|preferred.*|bonus.*|desired.*|(?:additional|desirable|optional) (?:skills|qualifications|experience).*|pluses|it would be great if.*",
        Section::Preferred,
    ),
    (
        r"(?:key |main |primary |essential |core |your |job |role )?(?:responsibilities|duties|accountabilities)(?: and .*)?|what you(?:'|’)?ll (?:do|be doing|work on)|what you will (?:do|be doing)|what will you do|the role|about the role|role overview|the opportunity|your (?:role|impact|mission)|in this role.*|day to day|a day in the life.*|(?:professional |work |relevant |employment )?(?:experience|history)|employment history|career history|(?:job )?description|job summary|position (?:summary|overview|description)|about the (?:job|position)|(?:deine |ihre )?aufgaben.*|dein arbeitsalltag.*|das erwartet (?:dich|sie)|(?:suas |principais )?(?:responsabilidades|atribuições).*|(?:tus |sus )?responsabilidades.*|funciones|(?:votre |vos )?(?:rôle|missions?)(?: et (?:vos |votre )?(?:missions?|rôle))?|description du poste|vos activités|vos responsabilités",
        Section::Duties,
    ),
    (
        r"(?:minimum |basic |required |key |technical |essential )?(?:requirements|qualifications|skills|skills and experience|experience and skills|competencies)(?: and .*)?|what you(?:'|’)?ll (?:need|bring)|what you will (?:need|bring)|who you are|about you|must haves?|required|you have|person specification|technical skills|certifications|(?:dein |ihr )?profil|das bringst du mit|was (?:du|sie) mitbringst|anforderungen|qualifikationen|(?:requisitos|qualificações)(?: e .*)?|requisitos(?: y .*)?|(?:votre )?profil(?: recherché)?|compétences(?: requises| techniques| clés)?|environnement (?:technique|technologique)",
        Section::Requirements,
    ),
    (
        r"(?:about|who) (?:us|we are|the company|the team|our company)|who are we|company (?:description|overview)|our (?:company|mission|values|culture|story|commitment.*)|benefits.*|perks.*|what we offer.*|why (?:join|work).*|compensation.*|salary.*|pay(?: (?:range|rate|scale|band|transparency|and|&)\b.*)?|equal (?:opportunity|employment).*|diversity.*|eeo.*|how to apply|additional information|apply(?: (?:now|today|here|for|to|online|via|if)\b.*)?|location|li-remote|interests|hobbies|references|über uns|wir bieten.*|was wir (?:dir |ihnen )?bieten.*|deine benefits.*|sobre (?:nós|a empresa|nosotros)|o que (?:te )?oferecemos.*|benefícios.*|beneficios.*|(?:les )?avantages.*|description de l'entreprise|qui sommes-nous|informations supplémentaires|pourquoi nous rejoindre.*",
        Section::Boilerplate,
    ),
];

static HEADINGS: LazyLock<Headings> = LazyLock::new(|| {
    Headings::new(
        HEADING_PATTERNS.iter().map(|&(pattern, section)| (format!(r"(?i)^(?:{pattern})$"), section)).collect(),
    )
});

/// The heading patterns as one regex, one pattern per section: a line is read in one search, not one per pattern.
/// Of the patterns that match a whole line, the first wins, as if they were tried in order.
struct Headings {
    regex: regex_automata::meta::Regex,
    sections: Vec<Section>,
}

impl Headings {
    fn new(patterns: Vec<(String, Section)>) -> Headings {
        let regex = regex_automata::meta::Regex::new_many(&patterns.iter().map(|(p, _)| p).collect::<Vec<_>>())
            .expect("static regex");
        Headings { regex, sections: patterns.into_iter().map(|(_, section)| section).collect() }
    }

    /// The section whose heading `cleaned` is, if it is one.
    fn section(&self, cleaned: &str) -> Option<Section> {
        let found = self.regex.search_half(&regex_automata::Input::new(cleaned))?;
        Some(self.sections[found.pattern().as_usize()])
    }
}

/// Words that say which section a heading of any wording opens ("What will you be doing?", "Here's what you'll
/// get:", "Why Acme?"), tried in this order, so "What you'll need" is read as requirements before "you'll" reads it
/// as duties, and "nice-to-have skills" as preferred before "skills" reads it as requirements. Before the words of
/// the company's part come the phrasings that use them about the person: "Who we are looking for", "You should
/// apply if", "What we expect from you" ask for something, and "What you can expect" (not "… from us") and "What
/// do we expect you to do?" are what the job is.
const HEADING_WORDS: [(&str, Section); 7] = [
    (
        r"\b(?:nice|bonus|plus|pluses|prefer\w*|desir\w*|stand out|ideal(?:ly)?|good to have|great if|extra credit|would love|apprécié\w*|wünschenswert|von vorteil|deseable\w*|diferencia\w*|diferenciais)\b",
        Section::Preferred,
    ),
    (r"\bexpect you to (?:do|work on|own|deliver)\b", Section::Duties),
    (
        r"\b(?:who we(?:'|’)?(?: a)?re (?:looking|searching) for|apply if|we expect|expect\w* (?:from|of) you)\b",
        Section::Requirements,
    ),
    (r"\bexpect(?: (?:in|from|of) (?:the|this) (?:role|position|job))?$", Section::Duties),
    (
        r"^about (?:us|our|the (?:company|team|department|organi[sz]ation)|[A-Z\d])|\b(?:benefits?|perks?|offer\w*|compensation|salary|salaries|pay|insurance|paid time|401\(?k\)?|why|who we are|our (?:culture|values|mission|story|people|commitment|team|company)|culture|values|equal|diversity|eeo|apply|applying|application|interview\w*|hiring process|selection process|privacy|disclaimer|what(?:'|’)?s in it|get|expect|how we work|life at|location|travel requirements|physical requirements|avantages|wir bieten|über uns|sobre nós|sobre nosotros|beneficios|benefícios|company|entreprise|unternehmen)\b",
        Section::Boilerplate,
    ),
    (
        r"\b(?:requir\w*|qualif\w*|skills?|experience|you have|you(?:'|’)ll have|need\w*|bring|looking for|look for|must|profile?|who you are|about you|competenc\w*|knowledge|expertise|background|education|certif\w*|anforderung\w*|requisitos|compétences|you are|ideal candidate|technologies|tech stack|stack|tools|mitbringst|erwarten)\b",
        Section::Requirements,
    ),
    (
        r"\b(?:responsib\w*|duty|duties|you will|you(?:'|’)ll|your role|role|job|position|do|doing|work on|tasks?|missions?|impact|day|accountab\w*|projects?|focus\w*|aufgaben|responsabilidades|funciones|summary|opportunity)\b",
        Section::Duties,
    ),
];

static HEADING_WORD_SETS: LazyLock<Vec<(Regex, Section)>> = LazyLock::new(|| {
    HEADING_WORDS
        .iter()
        .map(|&(words, section)| (Regex::new(&format!("(?i){words}")).expect("static regex"), section))
        .collect()
});

/// Longest line, in characters, that can be a heading of any wording (a posting's title line with its link is
/// longer).
const MAX_MARKED_HEADING_CHARS: usize = 80;
/// Most words a heading of any wording may have.
const MAX_HEADING_WORDS: usize = 12;
/// Most characters before the colon of a label that opens a line (`Requirements: five years of …`).
const MAX_LABEL_CHARS: usize = 40;

/// The section of every line of `text`, by line index (0-based). A line in the company's own voice ("We build…",
/// "Our platform…") that does not address the reader is about the company, whatever section it stands in.
pub fn line_sections(text: &str) -> Vec<Section> {
    let mut current = Section::General;
    text.lines()
        .map(|line| {
            if let Some(section) = heading(line) {
                current = section;
            }
            if current != Section::Boilerplate && company_voice(line) {
                Section::Boilerplate
            } else if current == Section::General && DUTY_SENTENCE.is_match(line) {
                Section::Duties
            } else {
                current
            }
        })
        .collect()
}

/// The section a heading line opens, if the line is a heading: a known heading ([`HEADING_PATTERNS`]); a line
/// that looks like a heading (ending in a colon or a question mark, a Markdown heading, a bold line) of any wording
/// whose words say which section it opens ([`HEADING_WORDS`]); or a known heading used as the label of a line
/// (`Requirements: five years of …`). A heading whose words say nothing keeps the section it is in: it is most
/// often a sub-heading ("Cloud infrastructure:").
fn heading(line: &str) -> Option<Section> {
    if let Some(section) = known_heading(line) {
        return Some(section);
    }
    let unlinked = without_link_targets(line);
    let trimmed = unlinked.trim();
    let marked = trimmed.ends_with(':') || trimmed.ends_with('?') || trimmed.starts_with('#') || emphasised(trimmed);
    if marked && trimmed.len() <= 4 * MAX_MARKED_HEADING_CHARS && trimmed.chars().count() <= MAX_MARKED_HEADING_CHARS {
        let cleaned = cleaned_heading(trimmed);
        if (1..=MAX_HEADING_WORDS).contains(&cleaned.split(' ').count()) && !cleaned.is_empty() {
            return HEADING_WORD_SETS.iter().find(|(words, _)| words.is_match(&cleaned)).map(|&(_, section)| section);
        }
    }
    labelled(trimmed)
}

/// Whether the whole line is bold or italic (`**Skills**`, `*Why Acme?*`, `_Duties_`) and not a list item (`* Build
/// pipelines*`).
fn emphasised(line: &str) -> bool {
    let wrapped = |mark: &str| line.len() > 2 * mark.len() && line.starts_with(mark) && line.ends_with(mark);
    wrapped("**")
        || wrapped("__")
        || ((wrapped("*") || wrapped("_")) && !line.starts_with("* ") && !line.starts_with("_ "))
}

/// `line` without the targets of its links (`[Title](https://…/apply/…)` → `[Title]`, bare `https://…` → ``): the
/// words of an address are not the words of a heading, and a posting's title line often links to where to apply.
fn without_link_targets(line: &str) -> Cow<'_, str> {
    static LINK_TARGET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\]\([^)\s]*\)|\bhttps?://\S+").expect("static regex"));
    if line.contains("://") || line.contains("](") {
        LINK_TARGET.replace_all(line, |c: &regex::Captures| if c[0].starts_with(']') { "]" } else { "" })
    } else {
        Cow::Borrowed(line)
    }
}

/// The section of a known heading used as a line's label: `Requirements: …`, `_Job Duties_ : …`. Only the parts
/// about the role are read from labels: `Location: remote` at the top of a posting opens nothing.
fn labelled(line: &str) -> Option<Section> {
    let label = &line[..line.find(':')?];
    if label.chars().count() > MAX_LABEL_CHARS || label.split_whitespace().count() > 4 {
        return None;
    }
    known_heading(label).filter(|&section| section != Section::Boilerplate)
}

/// The section a line opens when it is one of the [`HEADING_PATTERNS`].
fn known_heading(line: &str) -> Option<Section> {
    // A character is at most four bytes: most long lines are passed over without counting.
    if line.len() > 4 * MAX_HEADING_CHARS || line.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    HEADINGS.section(&cleaned_heading(line))
}

fn cleaned_heading(line: &str) -> Cow<'_, str> {
    single_spaced(line.trim_start_matches(is_leading_decoration).trim_end_matches(is_trailing_decoration))
}

/// A sentence that tells the reader what they will do ("You will design…", "In this role, you'll…"), not what
/// they need or get.
static DUTY_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:you will|you(?:'|’)ll|you are going to|you(?:'|’)re going to)\b(?: [a-z]+ly)? (?:be )?(?:responsible|design|build|lead|own|work|help|drive|develop|create|implement|deploy|manage|maintain|operate|support|partner|collaborate|contribute|define|architect|specialist|engineer|advise|guide|shape|run|automate|configure|migrate|plan|deliver|play|join|act|serve|ensure|focus)")
        .expect("static regex")
});

/// A line that speaks as the company ("We are…", "Our platform…", "At Acme, we…") and does not address the reader.
static COMPANY_VOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s*•·\-–—>#_]*(?:we|our|us|at [\w&.-]+(?: [\w&.-]+)?,? we)\b").expect("static regex")
});
static READER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:you|your|you(?:'|’)(?:ll|re|d|ve)|candidates?|this (?:role|position|job)|the (?:role|position))\b",
    )
    .expect("static regex")
});

/// Whether `line` is in the company's own voice and does not address the reader: what the company is or does,
/// not what the person will do.
pub fn company_voice(line: &str) -> bool {
    let start = line.trim_start_matches(|c: char| c.is_whitespace() || "*•·-–—>#_".contains(c));
    let first = start.as_bytes().first().map(u8::to_ascii_lowercase);
    matches!(first, Some(b'w' | b'o' | b'u' | b'a')) && COMPANY_VOICE.is_match(line) && !READER.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against splitting at whitespace and joining with spaces, on made-up lines of words, spaces, tabs, no-break
    /// spaces and line ends; a line that is single-spaced already is not copied.
    #[test]
    fn single_spaced_is_split_and_joined_at_whitespace() {
        let pieces = ["a", "Bé", " ", "  ", "\t", "\u{a0}", "\u{2003}", "\n", "-", "x y"];
        let mut borrowed = 0;
        for line in crate::test_lines::generated_lines(&pieces, 0x3c6e_f372_fe94_f82b, 20_000, 16) {
            let expected = line.split_whitespace().collect::<Vec<_>>().join(" ");
            let spaced = single_spaced(&line);
            assert_eq!(spaced, expected, "{line:?}");
            assert_eq!(matches!(spaced, Cow::Borrowed(_)), line == expected, "{line:?}");
            borrowed += usize::from(matches!(spaced, Cow::Borrowed(_)));
        }
        assert!(borrowed > 500, "{borrowed}");
    }

    #[test]
    fn job_description_and_german_portuguese_spanish_headings_are_read() {
        use Section::*;
        let cases = [
            ("### **Job Description**", Duties),
            ("### Description", Duties),
            ("Who are we?", Boilerplate),
            ("Deine Aufgaben:", Duties),
            ("**Das bringst Du mit**", Requirements),
            ("Dein Profil", Requirements),
            ("Was wir bieten", Boilerplate),
            ("Suas responsabilidades e atribuições:", Duties),
            ("### Requisitos e Qualificações:", Requirements),
            ("O que te oferecemos", Boilerplate),
            ("Responsabilidades", Duties),
        ];
        for (line, section) in cases {
            assert_eq!(heading(line), Some(section), "{line}");
        }
    }

    #[test]
    fn headings_open_sections_until_the_next_heading() {
        let text = "Cloud role\n### Company Description\nWe sell things.\n**Responsibilities:**\n* Build pipelines\nRequirements\n- AWS\nNice to have\n- Go\n## Benefits\nDental\n";
        use Section::*;
        assert_eq!(
            line_sections(text),
            vec![
                General,
                Boilerplate,
                Boilerplate,
                Duties,
                Duties,
                Requirements,
                Requirements,
                Preferred,
                Preferred,
                Boilerplate,
                Boilerplate
            ]
        );
    }

    /// Before any heading, a sentence that says what the reader will do is a duty; what they will need is not,
    /// and under a heading the heading decides.
    #[test]
    fn a_sentence_about_what_the_reader_will_do_is_a_duty_before_any_heading() {
        let text = "As our first hire, you will design the landing zone.
You'll need five years of AWS.
Requirements:
* You will own the budget
";
        use Section::*;
        assert_eq!(line_sections(text), vec![Duties, General, Requirements, Requirements]);
    }

    /// Where two patterns match a line, the first one's section is the line's, as when they were tried in order.
    #[test]
    fn the_first_pattern_that_matches_a_line_wins() {
        let both = |first: Section, second: Section| {
            Headings::new(vec![(r"(?i)^a.*$".to_string(), first), (r"(?i)^ab$".to_string(), second)])
        };
        assert_eq!(both(Section::Preferred, Section::Duties).section("AB"), Some(Section::Preferred));
        assert_eq!(both(Section::Duties, Section::Preferred).section("ab"), Some(Section::Duties));
        assert_eq!(both(Section::Duties, Section::Preferred).section("b"), None);
    }

    /// The headings read as one regex against each pattern tried in turn with a regex of its own, on made-up
    /// lines of heading words.
    #[test]
    fn headings_read_as_when_each_pattern_was_tried_in_turn() {
        let separate: Vec<(regex::Regex, Section)> = HEADING_PATTERNS
            .iter()
            .map(|&(p, section)| (regex::Regex::new(&format!(r"(?i)^(?:{p})$")).expect("regex"), section))
            .collect();
        let pieces = [
            "nice to have",
            "preferred",
            "bonus",
            "additional",
            "skills",
            "experience",
            "and",
            " and ",
            " ",
            "key ",
            "responsibilities",
            "requirements",
            "qualifications",
            "benefits",
            "about us",
            "what you’ll do",
            "the role",
            "technical",
            "salary",
            "Aufgaben",
            "über uns",
            "x",
        ];
        let mut headings = 0;
        for line in crate::test_lines::generated_lines(&pieces, 0x1f83_d9ab_fb41_bd6b, 20_000, 3) {
            let expected = separate.iter().find(|(re, _)| re.is_match(&line)).map(|(_, section)| *section);
            assert_eq!(HEADINGS.section(&line), expected, "{line:?}");
            headings += usize::from(expected.is_some());
        }
        assert!(headings > 1_000, "{headings}");
    }

    #[test]
    fn decoration_and_uneven_spacing_around_a_heading_are_ignored() {
        assert_eq!(heading("  • **Nice  to\thave** :"), Some(Section::Preferred));
        assert_eq!(heading("— Responsibilities —"), None, "a trailing dash is not decoration");
        assert_eq!(heading("#:"), None);
        assert_eq!(heading(&format!("Requirements{}", " ".repeat(MAX_HEADING_CHARS))), None, "too long a line");
    }

    /// The decoration was once stripped by the regex `^[\s#>*_`•\-–—|]+|[\s#*_`|:?!.]+$` and the spaces
    /// evened out by splitting on whitespace: the trimming that replaced them must read every line the same.
    #[test]
    fn trimming_reads_lines_as_the_decoration_regex_did() {
        let decoration = regex::Regex::new(r"^[\s#>*_`•\-–—|]+|[\s#*_`|:?!.]+$").expect("regex");
        let by_regex = |line: &str| {
            let cleaned = decoration.replace_all(line, "").split_whitespace().collect::<Vec<_>>().join(" ");
            HEADINGS.section(&cleaned)
        };
        let pieces = [
            "#",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "*",
            "**",
            "_",
            "`",
            "•",
            "-",
            "–",
            "—",
            "|",
            ">",
            ":",
            "?",
            "!",
            ".",
            "a",
            "Requirements",
            "nice",
            "to",
            "have",
            "About",
            "us",
            "Responsibilities",
            "What",
            "you'll",
            "do",
            "Über",
        ];
        let mut headings = 0;
        for line in crate::test_lines::generated_lines(&pieces, 0x2545_f491_4f6c_dd1d, 20_000, 7) {
            let read = known_heading(&line);
            assert_eq!(read, by_regex(&line), "{line:?}");
            headings += usize::from(read.is_some());
        }
        assert!(headings > 100, "the lines include headings: {headings}");
    }

    #[test]
    fn sentences_are_not_headings() {
        assert_eq!(heading("Our benefits are great and we offer a lot of things to everyone who joins us today"), None);
        assert_eq!(heading("You will design the landing zone"), None);
        // Duties that start with a word of a boilerplate heading ("Apply now", "Pay range") are not headings.
        assert_eq!(heading("* Apply security patches to the fleet"), None);
        assert_eq!(heading("- Pay attention to cost"), None);
        assert_eq!(heading("Apply now"), Some(Section::Boilerplate));
        assert_eq!(heading("**Pay range:**"), Some(Section::Boilerplate));
        assert_eq!(heading("What you'll do:"), Some(Section::Duties));
    }

    /// Headings of any wording are read from their words: lines ending in a colon or a question mark, Markdown
    /// and bold headings (issue 15).
    #[test]
    fn headings_of_any_wording_are_read_from_their_words() {
        use Section::*;
        let cases = [
            ("What will you be doing?", Some(Duties)),
            ("What do we need from you?", Some(Requirements)),
            ("Why Acme?", Some(Boilerplate)),
            ("In this role, you will:", Some(Duties)),
            ("Here's what you'll get:", Some(Boilerplate)),
            ("You'll thrive if you have:", Some(Requirements)),
            ("What will make you stand out:", Some(Preferred)),
            ("### About Rackspace Technology", Some(Boilerplate)),
            ("**Your main responsibilities will include:**", Some(Duties)),
            ("Votre rôle et vos missions :", Some(Duties)),
            ("Votre profil", Some(Requirements)),
            ("Les avantages à nous rejoindre :", Some(Boilerplate)),
            ("Who we are looking for:", Some(Requirements)),
            ("You should apply if:", Some(Requirements)),
            ("What we expect from you:", Some(Requirements)),
            ("What do we expect?", Some(Requirements)),
            ("What do we expect you to do?", Some(Duties)),
            ("What you can expect:", Some(Duties)),
            ("What can you expect from the role?", Some(Duties)),
            ("What you can expect from us:", Some(Boilerplate)),
            ("**What you can expect when you join us**", Some(Boilerplate)),
            ("What to Expect During the Interview Process:", Some(Boilerplate)),
            ("Cloud infrastructure:", None),
            ("*Position Overview/Responsibilities For The Role*", Some(Duties)),
            ("*Why Acme?*", Some(Boilerplate)),
            ("_Required Skills_", Some(Requirements)),
            ("* Build the pipelines the teams need*", None),
            // A link's address says nothing about the section: this title links to where to apply.
            ("# [DevOps Specialist](https://www.example.com/apply/devops-specialist-57295)", None),
            (
                "# [Lead Platform Engineer](https://example.com/apply/lead-platform-engineer-php-developer-experience)",
                None,
            ),
        ];
        for (line, section) in cases {
            assert_eq!(heading(line), section, "{line}");
        }
    }

    #[test]
    fn a_known_heading_used_as_a_label_opens_its_section_but_location_does_not() {
        let text = "Cloud role\nJob Duties: design landing zones\nmore duties\nLocation: remote\nRequirements: AWS\n";
        use Section::*;
        assert_eq!(line_sections(text), vec![General, Duties, Duties, Duties, Requirements]);
    }

    #[test]
    fn lines_in_the_company_voice_are_boilerplate_where_they_stand() {
        let text = "Responsibilities\nDesign landing zones\nWe are the multicloud solutions experts.\nOur team will support you as you design.\nAt Acme, we advise hundreds of clients.\nLead reviews\n";
        use Section::*;
        assert_eq!(line_sections(text), vec![Duties, Duties, Boilerplate, Duties, Boilerplate, Duties]);
    }
}
