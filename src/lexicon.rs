//! The per-role skill lexicons: data, not code. One TOML file per role (`lexicons/*.toml`), embedded in the binary
//! and replaceable with `--lexicons DIR`. Loading validates everything and names file, line and problem for each
//! mistake, because a lexicon author's typo must never turn silently into a skill that matches nothing.
//!
//! Skills with the same `id` in several role files are one skill with a weight per role. This module never
//! matches text; [`crate::matcher`] compiles what it loads.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::matcher::CheckedPattern;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

/// The lexicons compiled into the binary: `(file name, content)`.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("architect.toml", include_str!("../lexicons/architect.toml")),
    ("engineer.toml", include_str!("../lexicons/engineer.toml")),
];

/// Smallest length of a case-insensitive term: shorter ones (`C`, `R`, `Go`) flood the automaton with hits
/// inside ordinary words and must be `cased` instead.
pub const MIN_TERM_LEN: usize = 3;

/// Highest skill weight.
pub const MAX_WEIGHT: u8 = 3;

/// Fit values that are not roles, so no role may use them as its id.
const RESERVED_ROLE_IDS: &[&str] = &["hybrid", "unclear"];

/// All roles and all their skills, validated.
#[derive(Clone, Debug)]
pub struct Lexicons {
    /// The roles, in file-name order.
    pub roles: Vec<Role>,
    /// The skills of all roles, merged by id, in order of first appearance.
    pub skills: Vec<Skill>,
}

/// One role (one lexicon file).
#[derive(Clone, Debug)]
pub struct Role {
    /// Stable identifier (`architect`), used in reports and `--target`.
    pub id: String,
    /// Display name (`Cloud architect`).
    pub name: String,
    /// Job titles that name this role, lower-case; used only to read a document's own title.
    pub titles: Vec<String>,
    /// The nouns that name the role: the last word of each multi-word title (`architect`). Never skill terms.
    pub nouns: Vec<String>,
    /// Where the file came from: `embedded` or its path.
    pub source: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
}

/// One skill, possibly shared by several roles.
#[derive(Clone, Debug)]
pub struct Skill {
    /// Stable identifier (`terraform`).
    pub id: String,
    /// Display name (`Terraform`).
    pub name: String,
    /// Free-text category (`automation`).
    pub category: String,
    /// A people or business skill: it counts toward a role's score but is not by itself evidence that a
    /// document is about cloud or infrastructure work.
    pub soft: bool,
    /// Something the person does (designing, reviewing, troubleshooting, on-call) rather than a technology
    /// (a platform, a tool, an infrastructure area). Activities are evidence for a role, but a document must
    /// also name technologies to be about cloud or infrastructure work at all: "evaluating vendors" and
    /// "monitoring progress" happen in every trade.
    pub activity: bool,
    /// Weight per role, indexed like [`Lexicons::roles`]; 0 when the skill is not part of that role.
    pub weights: Vec<u8>,
    /// Phrases matched case-insensitively.
    pub terms: Vec<String>,
    /// Phrases matched case-sensitively.
    pub cased: Vec<String>,
    /// Regular expressions, matched case-insensitively.
    pub patterns: Vec<String>,
    /// Skills that showing this one shows too (a tool implies its practice: Terraform → infrastructure as code),
    /// as indices into [`Lexicons::skills`]; never a cycle.
    pub implies: Vec<usize>,
}

impl Lexicons {
    /// The lexicons embedded in the binary.
    pub fn embedded() -> Result<Lexicons, LexiconErrors> {
        let files = EMBEDDED.iter().map(|(name, text)| SourceFile {
            name: (*name).to_string(),
            source: "embedded".to_string(),
            text: (*text).to_string(),
        });
        Lexicons::from_files(files.collect())
    }

    /// Every `*.toml` file in `dir` (not recursive), in file-name order.
    pub fn load_dir(dir: &Path) -> Result<Lexicons, LexiconErrors> {
        let fail =
            |message: String| LexiconErrors(vec![LexiconError { file: dir.display().to_string(), line: 0, message }]);
        let entries = std::fs::read_dir(dir).map_err(|e| fail(format!("cannot read lexicon folder: {e}")))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(fail("no *.toml lexicon files in this folder".to_string()));
        }
        let mut files = Vec::new();
        for path in paths {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| fail(format!("cannot read {name}: {e}")))?;
            files.push(SourceFile { source: name.clone(), name, text });
        }
        Lexicons::from_files(files)
    }

    /// Parses and validates role files; all mistakes of all files are reported together.
    pub fn from_files(files: Vec<SourceFile>) -> Result<Lexicons, LexiconErrors> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for file in &files {
            match toml::from_str::<RawRole>(&file.text) {
                Ok(raw) => parsed.push((file, raw)),
                Err(e) => errors.extend(toml_errors(file, &e)),
            }
        }
        let parse_failed = !errors.is_empty();
        let forbidden = forbidden_nouns(&parsed);
        let mut lexicons = Lexicons { roles: Vec::new(), skills: Vec::new() };
        let mut skill_index: BTreeMap<String, usize> = BTreeMap::new();
        // Per merged skill: the file that defined it first and its definition, to check the other files against.
        let mut definitions: Vec<(&SourceFile, Definition)> = Vec::new();
        let mut implications: Vec<(usize, &SourceFile, &Spanned<String>)> = Vec::new();
        let role_count = parsed.len();
        for (role_idx, (file, raw)) in parsed.iter().enumerate() {
            let mut check = Checker { file, errors: &mut errors, role_nouns: &forbidden };
            check.role(raw, &lexicons.roles);
            lexicons.roles.push(Role {
                id: raw.id.get_ref().clone(),
                name: raw.name.get_ref().clone(),
                titles: raw.titles.iter().map(|t| t.get_ref().trim().to_lowercase()).collect(),
                nouns: role_nouns(raw.titles.iter().map(|t| t.get_ref())),
                source: file.source.clone(),
                sha256: sha256_hex(file.text.as_bytes()),
            });
            let mut seen_here = BTreeMap::new();
            for skill in &raw.skills {
                let s = skill.get_ref();
                check.skill(s, &mut seen_here);
                let weight = u8::try_from(*s.weight.get_ref()).unwrap_or(0);
                let definition = Definition::of(s);
                let idx = match skill_index.get(s.id.get_ref()) {
                    Some(&idx) => {
                        let (first, defined) = &definitions[idx];
                        let merged = &lexicons.skills[idx];
                        if (merged.soft, merged.activity) != (s.soft, s.activity) {
                            check.error(
                                &s.id,
                                format!(
                                    "skill {:?}: `soft` and `activity` must be the same in every file",
                                    s.id.get_ref()
                                ),
                            );
                        }
                        if let Some(what) = defined.difference(&definition) {
                            check.error(
                                &s.id,
                                format!(
                                    "skill {:?}: its {what} differ from {}; a skill shared by several files must be \
                                     the same in each (only `weight` differs)",
                                    s.id.get_ref(),
                                    first.name
                                ),
                            );
                        }
                        idx
                    }
                    None => {
                        lexicons.skills.push(Skill {
                            id: s.id.get_ref().clone(),
                            name: s.name.get_ref().clone(),
                            category: s.category.get_ref().clone(),
                            soft: s.soft,
                            activity: s.activity,
                            weights: vec![0; role_count],
                            terms: definition.terms.clone(),
                            cased: definition.cased.clone(),
                            patterns: definition.patterns.clone(),
                            implies: Vec::new(),
                        });
                        implications.extend(s.implies.iter().map(|i| (lexicons.skills.len() - 1, *file, i)));
                        definitions.push((file, definition));
                        skill_index.insert(s.id.get_ref().clone(), lexicons.skills.len() - 1);
                        lexicons.skills.len() - 1
                    }
                };
                lexicons.skills[idx].weights[role_idx] = weight;
            }
        }
        // A skill another file implies may be in a file that did not parse: say nothing rather than something false.
        if !parse_failed {
            resolve_implications(&mut lexicons, &skill_index, &implications, &mut errors);
        }
        if lexicons.roles.is_empty() && errors.is_empty() {
            errors.push(LexiconError { file: "(none)".into(), line: 0, message: "no role lexicons given".into() });
        }
        if errors.is_empty() { Ok(lexicons) } else { Err(LexiconErrors(errors)) }
    }

    /// The index of the role with this id.
    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == id)
    }

    /// Which skills a document shows, given the ones `found` in it: those plus every skill they imply, directly or
    /// through others.
    pub fn with_implied(&self, found: impl IntoIterator<Item = usize>) -> Vec<bool> {
        let mut shown = vec![false; self.skills.len()];
        let mut stack: Vec<usize> = found.into_iter().collect();
        while let Some(skill) = stack.pop() {
            if !std::mem::replace(&mut shown[skill], true) {
                stack.extend(&self.skills[skill].implies);
            }
        }
        shown
    }

    /// Number of skills that belong to role `role` (weight > 0).
    pub fn skill_count(&self, role: usize) -> usize {
        self.skills.iter().filter(|s| s.weights[role] > 0).count()
    }
}

/// What a skill is, apart from its weight: a skill shared by several role files must be the same in each.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Definition {
    name: String,
    category: String,
    terms: Vec<String>,
    cased: Vec<String>,
    patterns: Vec<String>,
    implies: Vec<String>,
}

impl Definition {
    fn of(s: &RawSkill) -> Definition {
        let mut unique = Vec::new();
        merge_unique(&mut unique, s.terms.iter().map(|t| t.get_ref().trim().to_lowercase()));
        let mut cased = Vec::new();
        merge_unique(&mut cased, s.cased.iter().map(|t| t.get_ref().trim().to_string()));
        let mut patterns = Vec::new();
        merge_unique(&mut patterns, s.patterns.iter().map(|t| t.get_ref().clone()));
        let mut implies: Vec<String> = s.implies.iter().map(|i| i.get_ref().trim().to_string()).collect();
        implies.sort();
        implies.dedup();
        Definition {
            name: s.name.get_ref().clone(),
            category: s.category.get_ref().clone(),
            terms: unique,
            cased,
            patterns,
            implies,
        }
    }

    /// What differs from `other`, as words for an error message (`terms`, `implies` …), or `None`.
    fn difference(&self, other: &Definition) -> Option<String> {
        let mut differ = Vec::new();
        let sorted = |v: &[String]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        if self.name != other.name {
            differ.push("`name`");
        }
        if self.category != other.category {
            differ.push("`category`");
        }
        if sorted(&self.terms) != sorted(&other.terms) {
            differ.push("`terms`");
        }
        if sorted(&self.cased) != sorted(&other.cased) {
            differ.push("`cased` terms");
        }
        if sorted(&self.patterns) != sorted(&other.patterns) {
            differ.push("`patterns`");
        }
        if self.implies != other.implies {
            differ.push("`implies`");
        }
        (!differ.is_empty()).then(|| differ.join(" and "))
    }
}

/// Turns every skill's `implies` ids into indices, reporting unknown ids and cycles (a skill that implies itself,
/// however indirectly, would make `missing` depend on the order skills are read in).
fn resolve_implications(
    lexicons: &mut Lexicons,
    index: &BTreeMap<String, usize>,
    implications: &[(usize, &SourceFile, &Spanned<String>)],
    errors: &mut Vec<LexiconError>,
) {
    for &(skill, file, implied) in implications {
        let at = || line_of(&file.text, implied.span().start);
        let id = implied.get_ref().trim();
        match index.get(id) {
            Some(&target) if target == skill => errors.push(LexiconError {
                file: file.name.clone(),
                line: at(),
                message: format!("skill {:?} implies itself", lexicons.skills[skill].id),
            }),
            Some(&target) => {
                if !lexicons.skills[skill].implies.contains(&target) {
                    lexicons.skills[skill].implies.push(target);
                }
            }
            None => errors.push(LexiconError {
                file: file.name.clone(),
                line: at(),
                message: format!("skill {:?} implies {id:?}, which no lexicon defines", lexicons.skills[skill].id),
            }),
        }
    }
    if let Some(cycle) = implication_cycle(&lexicons.skills) {
        let names: Vec<&str> = cycle.iter().map(|&s| lexicons.skills[s].id.as_str()).collect();
        let (file, line) = implications
            .iter()
            .find(|(s, _, _)| *s == cycle[0])
            .map_or((String::from("(lexicons)"), 0), |(_, f, i)| (f.name.clone(), line_of(&f.text, i.span().start)));
        errors.push(LexiconError {
            file,
            line,
            message: format!("`implies` goes round in a circle: {}", names.join(" → ")),
        });
    }
}

/// A cycle of implications, as the skills on it with the first repeated at the end, if there is one.
fn implication_cycle(skills: &[Skill]) -> Option<Vec<usize>> {
    // Depth-first search with colours: 0 unvisited, 1 on the current path, 2 done. Iterative, so a long chain
    // in a hostile lexicon cannot overflow the stack.
    let mut colour = vec![0u8; skills.len()];
    for start in 0..skills.len() {
        if colour[start] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        colour[start] = 1;
        while let Some(&mut (skill, ref mut next)) = path.last_mut() {
            if let Some(&target) = skills[skill].implies.get(*next) {
                *next += 1;
                match colour[target] {
                    0 => {
                        colour[target] = 1;
                        path.push((target, 0));
                    }
                    1 => {
                        let from = path.iter().position(|&(s, _)| s == target).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[from..].iter().map(|&(s, _)| s).collect();
                        cycle.push(target);
                        return Some(cycle);
                    }
                    _ => {}
                }
            } else {
                colour[skill] = 2;
                path.pop();
            }
        }
    }
    None
}

/// One lexicon file's text and where it came from.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Name used in error messages (the path, or the embedded file name).
    pub name: String,
    /// `embedded` or the path, as recorded in reports.
    pub source: String,
    /// The TOML text.
    pub text: String,
}

/// One mistake in a lexicon file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    /// The file.
    pub file: String,
    /// 1-based line, 0 when the mistake concerns the file as a whole.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// All mistakes found while loading lexicons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconErrors(pub Vec<LexiconError>);

impl fmt::Display for LexiconErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LexiconErrors {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    titles: Vec<Spanned<String>>,
    #[serde(default, rename = "skill")]
    skills: Vec<Spanned<RawSkill>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    id: Spanned<String>,
    name: Spanned<String>,
    category: Spanned<String>,
    weight: Spanned<i64>,
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    cased: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    soft: bool,
    #[serde(default)]
    activity: bool,
    #[serde(default)]
    implies: Vec<Spanned<String>>,
}

/// Validation of one file, collecting every mistake with its line.
struct Checker<'a> {
    file: &'a SourceFile,
    errors: &'a mut Vec<LexiconError>,
    role_nouns: &'a [RoleNoun],
}

/// A word no term may contain because a title ends in it: the word (or its plural), and the title that made it
/// one, so an error about a term can say why its word is forbidden.
struct RoleNoun {
    word: String,
    title: String,
    at: String,
}

/// The role nouns of every parsed file's titles, with their plurals.
fn forbidden_nouns(parsed: &[(&SourceFile, RawRole)]) -> Vec<RoleNoun> {
    let mut nouns: Vec<RoleNoun> = Vec::new();
    for (file, raw) in parsed {
        for title in &raw.titles {
            let Some(noun) = role_nouns(std::iter::once(title.get_ref())).pop() else { continue };
            for word in [noun.clone(), format!("{noun}s")] {
                if !nouns.iter().any(|n| n.word == word) {
                    let at = format!("{}:{}", file.name, line_of(&file.text, title.span().start));
                    nouns.push(RoleNoun { word, title: title.get_ref().clone(), at });
                }
            }
        }
    }
    nouns
}

impl Checker<'_> {
    fn error<T>(&mut self, at: &Spanned<T>, message: String) {
        let line = line_of(&self.file.text, at.span().start);
        self.errors.push(LexiconError { file: self.file.name.clone(), line, message });
    }

    /// Names, titles and categories are printed in tables and terminals: no control characters or bidi overrides.
    fn printable(&mut self, at: &Spanned<String>, what: &str) {
        if let Some(c) = at.get_ref().chars().find(|&c| is_unprintable(c)) {
            self.error(at, format!("{what} {:?} contains the control character U+{:04X}", at.get_ref(), u32::from(c)));
        }
    }

    fn role(&mut self, raw: &RawRole, earlier: &[Role]) {
        self.printable(&raw.name, "role name");
        let id = raw.id.get_ref();
        if !is_identifier(id) {
            self.error(&raw.id, format!("role id {id:?} must be lower-case letters, digits and '-'"));
        } else if RESERVED_ROLE_IDS.contains(&id.as_str()) {
            self.error(&raw.id, format!("role id {id:?} is reserved (it is a fit value)"));
        } else if let Some(other) = earlier.iter().find(|r| &r.id == id) {
            self.error(&raw.id, format!("role id {id:?} is already defined by {}", other.source));
        }
        for title in &raw.titles {
            self.printable(title, "title");
            if title.get_ref().trim().is_empty() {
                self.error(title, "empty title".to_string());
            }
        }
    }

    fn skill(&mut self, s: &RawSkill, seen: &mut BTreeMap<String, ()>) {
        self.printable(&s.name, "skill name");
        self.printable(&s.category, "category");
        let id = s.id.get_ref();
        if !is_identifier(id) {
            self.error(&s.id, format!("skill id {id:?} must be lower-case letters, digits and '-'"));
        } else if seen.insert(id.clone(), ()).is_some() {
            self.error(&s.id, format!("duplicate skill id {id:?} in this file"));
        }
        let weight = *s.weight.get_ref();
        if !(1..=i64::from(MAX_WEIGHT)).contains(&weight) {
            self.error(&s.weight, format!("skill {id:?}: weight {weight} is not between 1 and {MAX_WEIGHT}"));
        }
        if s.terms.is_empty() && s.cased.is_empty() && s.patterns.is_empty() {
            self.error(&s.id, format!("skill {id:?} has no terms, cased terms or patterns"));
        }
        for term in &s.terms {
            let t = term.get_ref().trim();
            if t.chars().count() < MIN_TERM_LEN {
                self.error(
                    term,
                    format!(
                        "skill {id:?}: term {t:?} is shorter than {MIN_TERM_LEN} characters; put short terms in `cased`"
                    ),
                );
            }
            self.no_role_noun(id, term);
        }
        for term in &s.cased {
            if term.get_ref().trim().is_empty() {
                self.error(term, format!("skill {id:?}: empty cased term"));
            }
            self.no_role_noun(id, term);
        }
        for pattern in &s.patterns {
            self.pattern(id, pattern);
        }
    }

    fn no_role_noun(&mut self, id: &str, term: &Spanned<String>) {
        let lower = term.get_ref().to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
        if let Some(noun) = self.role_nouns.iter().find(|n| words.contains(&n.word.as_str())) {
            self.error(
                term,
                format!(
                    "skill {id:?}: term {:?} contains the role noun {:?} (a role noun because {} has the title {:?}); \
                     fit must come from content: change the term or that title",
                    term.get_ref(),
                    noun.word,
                    noun.at,
                    noun.title
                ),
            );
        }
    }

    fn pattern(&mut self, id: &str, pattern: &Spanned<String>) {
        let checked = match CheckedPattern::new(pattern.get_ref()) {
            Ok(checked) => checked,
            Err(e) => return self.error(pattern, format!("skill {id:?}: bad pattern: {e}")),
        };
        if can_match_empty(pattern.get_ref()) {
            // An empty match shows nothing in the document; `\b` alone or `(cloud)?` would be evidence everywhere.
            self.error(pattern, format!("skill {id:?}: pattern {:?} can match the empty string", pattern.get_ref()));
        } else if let Some(noun) = self.role_nouns.iter().find(|n| checked.matches_whole(&n.word)) {
            self.error(
                pattern,
                format!(
                    "skill {id:?}: pattern matches the role noun {:?} (a role noun because {} has the title {:?})",
                    noun.word, noun.at, noun.title
                ),
            );
        }
    }
}

/// The nouns that name roles: the last word of every multi-word title.
fn role_nouns<'a>(titles: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut nouns = Vec::new();
    for title in titles {
        let words: Vec<_> = title.split_whitespace().collect();
        if let [_, .., last] = words.as_slice() {
            merge_unique(&mut nouns, [last.to_lowercase()]);
        }
    }
    nouns
}

/// Appends the `items` not in `into` yet, in order. A set remembers what is there: a skill may have tens of
/// thousands of terms, and comparing each with all before it took seconds.
fn merge_unique(into: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    let mut seen: std::collections::HashSet<String> = into.iter().cloned().collect();
    for item in items {
        if seen.insert(item.clone()) {
            into.push(item);
        }
    }
}

/// Control characters (C0, DEL, C1) and the bidi controls that reorder what a terminal shows.
fn is_unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `pattern` can match the empty string (its shortest match is empty); a pattern that does not parse is
/// reported by the compiler instead.
fn can_match_empty(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| hir.properties().minimum_len() == Some(0))
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The first line of a TOML error message (the rest repeats the source with a caret).
fn toml_message(e: &toml::de::Error) -> String {
    e.message().trim().to_string()
}

/// The mistakes of a file that does not parse. A TOML parser stops at the first one, so the file is parsed again
/// a part at a time (the role's header, then each `[[skill]]` block) and the first mistake of each part is
/// reported; `whole` is the error of the whole file, reported alone when no part shows one.
fn toml_errors(file: &SourceFile, whole: &toml::de::Error) -> Vec<LexiconError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SkillBlock {
        #[serde(rename = "skill")]
        _skill: Vec<RawSkill>,
    }
    let text = &file.text;
    let mut starts: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| text[i..].trim_start_matches([' ', '\t']).starts_with("[[skill]]"))
        .collect();
    starts.insert(0, 0);
    let mut errors = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let part = &text[start..end];
        let result = if i == 0 {
            toml::from_str::<RawRole>(part).map(drop)
        } else {
            toml::from_str::<SkillBlock>(part).map(drop)
        };
        if let Err(e) = result {
            let line = e.span().map_or(0, |s| line_of(text, start + s.start));
            errors.push(LexiconError { file: file.name.clone(), line, message: toml_message(&e) });
        }
    }
    if errors.is_empty() {
        let line = whole.span().map_or(0, |s| line_of(text, s.start));
        errors.push(LexiconError { file: file.name.clone(), line, message: toml_message(whole) });
    }
    errors
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)]) -> Result<Lexicons, LexiconErrors> {
        Lexicons::from_files(
            files
                .iter()
                .map(|(n, t)| SourceFile { name: n.to_string(), source: n.to_string(), text: t.to_string() })
                .collect(),
        )
    }

    const GOOD: &str = r#"
id = "architect"
name = "Cloud architect"
titles = ["cloud architect"]

[[skill]]
id = "dns"
name = "DNS"
category = "networking"
weight = 2
cased = ["DNS"]
terms = ["domain name system"]
"#;

    #[test]
    fn embedded_lexicons_are_valid() {
        let lex = Lexicons::embedded().expect("embedded lexicons must load");
        assert_eq!(lex.roles.len(), 2);
        assert!(lex.skill_count(0) >= 30 && lex.skill_count(1) >= 30);
    }

    #[test]
    fn a_good_file_loads_with_hash_and_weights() {
        let lex = load(&[("a.toml", GOOD)]).expect("valid");
        assert_eq!(lex.roles[0].sha256.len(), 64);
        assert_eq!(lex.skills[0].weights, vec![2]);
        assert_eq!(lex.skills[0].terms, vec!["domain name system"]);
    }

    #[test]
    fn shared_skill_ids_merge_with_a_weight_per_role() {
        let other = GOOD.replace("architect", "builder").replace("weight = 2", "weight = 1");
        let lex = load(&[("a.toml", GOOD), ("b.toml", &other)]).expect("valid");
        assert_eq!(lex.skills.len(), 1);
        assert_eq!(lex.skills[0].weights, vec![2, 1]);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let bad = GOOD.replace("category = \"networking\"", "category = \"networking\"\ncolour = \"red\"");
        let err = load(&[("bad.toml", &bad)]).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].file, "bad.toml");
        assert_eq!(err.0[0].line, 10, "{err}");
        assert!(err.0[0].message.contains("colour"), "{err}");
    }

    #[test]
    fn every_mistake_is_reported_with_its_line() {
        let bad = format!(
            "{GOOD}\n[[skill]]\nid = \"dns\"\nname = \"x\"\ncategory = \"x\"\nweight = 7\nterms = [\"ab\", \"cloud architect\"]\npatterns = [\"(unclosed\"]\n"
        );
        let err = load(&[("bad.toml", &bad)]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("bad.toml:15: duplicate skill id \"dns\""), "{text}");
        assert!(text.contains("bad.toml:18: skill \"dns\": weight 7"), "{text}");
        assert!(text.contains("shorter than 3"), "{text}");
        assert!(text.contains("role noun \"architect\""), "{text}");
        assert!(text.contains("bad.toml:20: skill \"dns\": bad pattern"), "{text}");
    }

    #[test]
    fn control_characters_in_names_are_rejected() {
        let bad = GOOD.replacen("name = \"", "name = \"\\u001b[2J", 1);
        let err = load(&[("bad.toml", &bad)]).unwrap_err();
        assert!(err.to_string().contains("control character U+001B"), "{err}");
    }

    #[test]
    fn every_block_with_a_syntax_error_is_reported() {
        let bad = GOOD.replacen("weight = 2", "weight = two", 1) + "\n[[skill]]\nid = \"x\"\nname = unquoted\n";
        let err = load(&[("bad.toml", &bad)]).unwrap_err();
        assert_eq!(err.0.len(), 2, "{err}");
    }

    #[test]
    fn a_role_noun_error_names_the_title_that_made_it_one() {
        let other = "id = \"data\"\nname = \"Data\"\ntitles = [\"etl dns\"]\n\n[[skill]]\nid = \"etl\"\nname = \"ETL\"\ncategory = \"data\"\nweight = 1\nterms = [\"extract transform load\"]\n";
        let err = load(&[("a.toml", GOOD), ("data.toml", other)]).unwrap_err();
        assert!(err.to_string().contains("because data.toml:3 has the title \"etl dns\""), "{err}");
    }

    #[test]
    fn a_pattern_matching_a_role_noun_is_rejected() {
        let bad = GOOD.replace("cased = [\"DNS\"]", "patterns = ['architects?']");
        let err = load(&[("bad.toml", &bad)]).unwrap_err();
        assert!(err.to_string().contains("pattern matches the role noun"), "{err}");
    }

    #[test]
    fn a_pattern_matching_the_empty_string_is_rejected() {
        let bad = GOOD.replace("cased = [\"DNS\"]", "patterns = ['(?:dns)?']");
        let err = load(&[("bad.toml", &bad)]).unwrap_err();
        assert!(err.to_string().contains("can match the empty string"), "{err}");
        let only_empty = GOOD.replace("cased = [\"DNS\"]", "patterns = ['\\b']");
        let err = load(&[("bad.toml", &only_empty)]).unwrap_err();
        assert!(err.to_string().contains("can match the empty string"), "{err}");
        let good = GOOD.replace("cased = [\"DNS\"]", "patterns = ['dns (?:zones?)?']");
        assert!(load(&[("good.toml", &good)]).is_ok());
    }

    #[test]
    fn a_shared_skill_is_an_activity_in_every_file_or_in_none() {
        let activity = |text: &str| text.replace("weight = 2\n", "weight = 2\nactivity = true\n");
        let engineer = GOOD.replace("architect", "builder");
        let err = load(&[("a.toml", &activity(GOOD)), ("e.toml", &engineer)]).unwrap_err();
        assert!(err.to_string().contains("`soft` and `activity` must be the same"), "{err}");
        let lexicons = load(&[("a.toml", &activity(GOOD)), ("e.toml", &activity(&engineer))]).expect("valid");
        assert!(lexicons.skills.iter().any(|s| s.activity));
    }

    #[test]
    fn reserved_and_duplicate_role_ids_are_rejected() {
        let hybrid = GOOD.replace("id = \"architect\"", "id = \"hybrid\"");
        assert!(load(&[("h.toml", &hybrid)]).unwrap_err().to_string().contains("reserved"));
        let err = load(&[("a.toml", GOOD), ("b.toml", GOOD)]).unwrap_err();
        assert!(err.to_string().contains("already defined by a.toml"), "{err}");
    }

    #[test]
    fn a_skill_without_terms_is_rejected() {
        let bad = GOOD.replace("cased = [\"DNS\"]\nterms = [\"domain name system\"]\n", "");
        let err = load(&[("bad.toml", &bad)]).unwrap_err();
        assert!(err.to_string().contains("has no terms"), "{err}");
    }

    const TWO_SKILLS: &str = r#"
id = "engineer"
name = "Cloud engineer"
titles = ["cloud engineer"]

[[skill]]
id = "terraform"
name = "Terraform"
category = "automation"
weight = 2
terms = ["terraform"]
implies = ["iac"]

[[skill]]
id = "iac"
name = "Infrastructure as code"
category = "automation"
weight = 3
terms = ["infrastructure as code"]
implies = ["automation"]

[[skill]]
id = "automation"
name = "Automation"
category = "automation"
weight = 2
terms = ["automation"]
"#;

    #[test]
    fn implications_resolve_and_are_followed_to_their_end() {
        let lex = load(&[("e.toml", TWO_SKILLS)]).expect("valid");
        let index = |id: &str| lex.skills.iter().position(|s| s.id == id).expect("skill");
        assert_eq!(lex.skills[index("terraform")].implies, vec![index("iac")]);
        let shown = lex.with_implied([index("terraform")]);
        assert!(shown.iter().all(|&s| s), "terraform shows iac, and iac shows automation: {shown:?}");
        assert_eq!(lex.with_implied([index("iac")]), vec![false, true, true]);
    }

    #[test]
    fn an_unknown_or_circular_implication_is_rejected_with_its_line() {
        let unknown = TWO_SKILLS.replace("implies = [\"automation\"]", "implies = [\"ansible\"]");
        let err = load(&[("e.toml", &unknown)]).unwrap_err().to_string();
        assert!(err.contains("e.toml:20: skill \"iac\" implies \"ansible\", which no lexicon defines"), "{err}");
        let circle = format!("{TWO_SKILLS}implies = [\"terraform\"]\n");
        let err = load(&[("e.toml", &circle)]).unwrap_err().to_string();
        assert!(err.contains("goes round in a circle: terraform → iac → automation → terraform"), "{err}");
        let itself = TWO_SKILLS.replace("implies = [\"iac\"]", "implies = [\"terraform\"]");
        assert!(load(&[("e.toml", &itself)]).unwrap_err().to_string().contains("implies itself"));
    }

    #[test]
    fn a_shared_skill_must_be_the_same_in_every_file_but_its_weight() {
        let other = GOOD.replace("architect", "builder").replace("weight = 2", "weight = 1");
        assert!(load(&[("a.toml", GOOD), ("b.toml", &other)]).is_ok());
        let more_terms =
            other.replace("terms = [\"domain name system\"]", "terms = [\"domain name system\", \"name servers\"]");
        let err = load(&[("a.toml", GOOD), ("b.toml", &more_terms)]).unwrap_err().to_string();
        assert!(err.contains("b.toml:7: skill \"dns\": its `terms` differ from a.toml"), "{err}");
        let implies = format!("{other}implies = [\"dns\"]\n");
        let err = load(&[("a.toml", GOOD), ("b.toml", &implies)]).unwrap_err().to_string();
        assert!(err.contains("`implies` differ"), "{err}");
    }
}
