//! Finds skill terms in text. All lexicons are compiled once into one case-insensitive Aho-Corasick automaton,
//! one small case-sensitive automaton for `cased` terms (`Go`, `R`, `ARM`) and the regex `patterns`; the
//! compiled [`Matcher`] is shared by all threads.
//!
//! Every hit is checked against word boundaries, so `Java` never matches inside `JavaScript` while `C++`,
//! `C#` and `.NET` still match as written. A term ending in a letter also matches its plural in `s`.
//!
//! The matcher returns byte offsets and skill indexes; it knows nothing of files, roles or scores.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use crate::lexicon::Lexicons;

/// One occurrence of a skill in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Lexicons::skills`].
    pub skill: usize,
    /// Byte offset where the match starts.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

/// The compiled lexicons.
#[derive(Debug)]
pub struct Matcher {
    insensitive: Automaton,
    cased: Automaton,
    patterns: Vec<(Regex, usize)>,
}

/// An Aho-Corasick automaton whose pattern `i` stands for the skills `skills[i]`: a term shared by two skills
/// is one pattern that credits both.
#[derive(Debug)]
struct Automaton {
    ac: Option<AhoCorasick>,
    skills: Vec<Vec<usize>>,
}

/// Why a matcher could not be built (the lexicons were validated, so this means an internal limit was hit).
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the lexicons: {0}")]
pub struct BuildError(String);

impl Matcher {
    /// Compiles every term, cased term and pattern of `lexicons`.
    pub fn new(lexicons: &Lexicons) -> Result<Matcher, BuildError> {
        let mut insensitive = Vec::new();
        let mut cased = Vec::new();
        let mut patterns = Vec::new();
        for (idx, skill) in lexicons.skills.iter().enumerate() {
            insensitive.extend(skill.terms.iter().map(|t| (t.to_lowercase(), idx)));
            cased.extend(skill.cased.iter().map(|t| (t.clone(), idx)));
            for p in &skill.patterns {
                let re = Regex::new(&format!("(?i){p}")).map_err(|e| BuildError(e.to_string()))?;
                patterns.push((re, idx));
            }
        }
        Ok(Matcher { insensitive: Automaton::new(insensitive, true)?, cased: Automaton::new(cased, false)?, patterns })
    }

    /// Every boundary-checked hit in `text`, ordered by start offset (then by skill).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.insensitive.find(text, &mut hits);
        self.cased.find(text, &mut hits);
        for (re, skill) in &self.patterns {
            for m in re.find_iter(text) {
                if let Some(end) = accept(text, m.start(), m.end()) {
                    hits.push(Hit { skill: *skill, start: m.start(), end });
                }
            }
        }
        hits.sort_unstable_by_key(|h| (h.start, h.skill, h.end));
        hits.dedup_by_key(|h| (h.start, h.skill));
        hits
    }
}

impl Automaton {
    fn new(terms: Vec<(String, usize)>, case_insensitive: bool) -> Result<Automaton, BuildError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut skills: Vec<Vec<usize>> = Vec::new();
        for (term, skill) in terms {
            match patterns.iter().position(|p| *p == term) {
                Some(i) if !skills[i].contains(&skill) => skills[i].push(skill),
                Some(_) => {}
                None => {
                    patterns.push(term);
                    skills.push(vec![skill]);
                }
            }
        }
        if patterns.is_empty() {
            return Ok(Automaton { ac: None, skills });
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(case_insensitive)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| BuildError(e.to_string()))?;
        Ok(Automaton { ac: Some(ac), skills })
    }

    fn find(&self, text: &str, hits: &mut Vec<Hit>) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_iter(text) {
            if let Some(end) = accept(text, m.start(), m.end()) {
                let skills = &self.skills[m.pattern().as_usize()];
                hits.extend(skills.iter().map(|&skill| Hit { skill, start: m.start(), end }));
            }
        }
    }
}

/// Checks the word boundaries of a match at `start..end` and returns its end, extended over a plural `s`.
///
/// An edge that is a word character must not touch another word character; an edge that is punctuation
/// (`C++`, `.NET`) is taken as written.
fn accept(text: &str, start: usize, end: usize) -> Option<usize> {
    let first = text[start..end].chars().next()?;
    let last = text[..end].chars().next_back()?;
    if is_word(first) && text[..start].chars().next_back().is_some_and(is_word) {
        return None;
    }
    if !is_word(last) {
        return Some(end);
    }
    let mut after = text[end..].chars();
    match after.next() {
        Some(c) if !is_word(c) => Some(end),
        None => Some(end),
        Some('s' | 'S') if last.is_alphabetic() && !after.next().is_some_and(is_word) => Some(end + 1),
        Some(_) => None,
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::SourceFile;

    fn lexicons() -> Lexicons {
        let text = r#"
id = "engineer"
name = "Cloud engineer"
titles = ["cloud engineer"]

[[skill]]
id = "java"
name = "Java"
category = "lang"
weight = 1
terms = ["java"]

[[skill]]
id = "javascript"
name = "JavaScript"
category = "lang"
weight = 1
terms = ["javascript"]

[[skill]]
id = "cpp"
name = "C++"
category = "lang"
weight = 1
cased = ["C++", "C#", ".NET"]

[[skill]]
id = "go"
name = "Go"
category = "lang"
weight = 1
cased = ["Go"]

[[skill]]
id = "load-balancers"
name = "Load balancers"
category = "networking"
weight = 1
terms = ["load balancer", "load balancing"]

[[skill]]
id = "aws"
name = "AWS"
category = "cloud"
weight = 1
terms = ["aws"]

[[skill]]
id = "lambda"
name = "AWS Lambda"
category = "cloud"
weight = 1
terms = ["aws lambda", "lambda"]

[[skill]]
id = "feedback"
name = "Design feedback"
category = "design"
weight = 1
patterns = ['(?:solicit|gather)(?:ed|ing)? feedback']
"#;
        Lexicons::from_files(vec![SourceFile { name: "e.toml".into(), source: "e".into(), text: text.into() }])
            .expect("test lexicon is valid")
    }

    fn found(text: &str) -> Vec<(String, &str)> {
        let lex = lexicons();
        let m = Matcher::new(&lex).expect("compiles");
        m.find(text).iter().map(|h| (lex.skills[h.skill].id.clone(), &text[h.start..h.end])).collect()
    }

    #[test]
    fn java_does_not_match_javascript() {
        assert_eq!(found("JavaScript and Java"), vec![("javascript".into(), "JavaScript"), ("java".into(), "Java")]);
        assert!(found("Javanese").is_empty());
    }

    #[test]
    fn punctuation_terms_match_as_written() {
        let hits = found("C++, C# and .NET (ASP.NET) but not C or CC++");
        let texts: Vec<_> = hits.iter().map(|h| h.1).collect();
        assert_eq!(texts, vec!["C++", "C#", ".NET", ".NET"]);
    }

    #[test]
    fn cased_terms_are_case_sensitive_and_bounded() {
        assert_eq!(found("we use Go daily").len(), 1);
        assert!(found("go to market, Google, GOAL").is_empty());
    }

    #[test]
    fn plurals_in_s_match_and_extend_the_hit() {
        assert_eq!(found("two Load Balancers."), vec![("load-balancers".into(), "Load Balancers")]);
        assert!(found("load balancerz").is_empty());
    }

    #[test]
    fn longest_term_wins_at_a_position() {
        assert_eq!(found("AWS Lambda"), vec![("lambda".into(), "AWS Lambda")]);
        assert_eq!(found("AWS, lambda"), vec![("aws".into(), "AWS"), ("lambda".into(), "lambda")]);
    }

    #[test]
    fn patterns_are_case_insensitive_and_bounded() {
        assert_eq!(found("Gathered feedback from").len(), 1);
        assert!(found("ungathered feedbacks").is_empty());
    }

    #[test]
    fn hits_in_non_ascii_text_keep_char_boundaries() {
        assert_eq!(found("Ünïcode — AWS—é"), vec![("aws".into(), "AWS")]);
        assert!(found("éaws").is_empty());
    }
}
