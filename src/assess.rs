//! The verdict: (document, hits, lexicons) → [`Assessment`]. Pure — no I/O, no globals — so every number in a
//! report can be recomputed and tested from its inputs.
//!
//! What the numbers mean (the README repeats this):
//! - a role's *evidence* is the sum, over the role's skills found in the document, of the skill's weight for
//!   the role times the weight of the section it is found in (the best-placed occurrence counts; see
//!   [`crate::section`]). Each skill counts once, however often it is repeated: a tool list that names a
//!   monitoring product seven times is not seven times the evidence;
//! - `scores[role]` = `100 × (1 − e^(−evidence / scale))`, where `scale` is [`SCALE_SHARE`] of the role's total
//!   skill weight: 0–100, comparable across lexicons of different sizes, and more evidence never lowers it;
//! - `fit` is `unclear` when the document's technical evidence (non-`soft` skills, at their highest weight) is
//!   below [`MIN_TECHNICAL_EVIDENCE`], or below [`EVIDENCE_PER_TRADE_PHRASE`] per phrase of other trades' work
//!   when it shows [`MIN_TRADE_PHRASES`] or more, or when it names fewer than [`MIN_TECHNOLOGIES`] technologies
//!   (a posting with enough evidence of design or build work is let off); otherwise
//!   it compares the roles' scores: `hybrid` when the runner-up falls in one of the [`HYBRID_BANDS`] (both at
//!   least 80 and within 10%, or both at least 50 and within 5%); otherwise the role with the highest score (a
//!   close call gets a low confidence);
//! - `confidence` grows with the margin between the two roles' evidence (full at [`CONFIDENT_MARGIN`]) and with
//!   the technical evidence (full at [`CONFIDENT_EVIDENCE`]); a `hybrid` gets at most [`HYBRID_CONFIDENCE`].

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Kind};
use crate::lexicon::Lexicons;
use crate::matcher::Hit;
use crate::outcome::WarningKind;
use crate::section::{Section, line_sections, single_spaced};

/// A role's score reaches 63 (1 − 1/e) when its evidence equals this share of the weight of the role's
/// [`SCALE_SKILLS`] heaviest skills (its *scale*).
pub const SCALE_SHARE: f64 = 0.4;
/// How many of a role's heaviest skills set its scale: about as many as a document strongly of the role shows, so
/// that a role with a long lexicon is not harder to score in than one with a short lexicon, and a six-skill
/// custom role scores high on a document that shows all six.
pub const SCALE_SKILLS: usize = 25;
/// Below this much technical evidence the document is not about cloud or infrastructure work: `unclear`.
pub const MIN_TECHNICAL_EVIDENCE: f64 = 8.0;
/// A document that names fewer distinct technologies than this (skills that are neither `soft` nor `activity`:
/// platforms, tools, infrastructure areas) must show at least [`MIN_EVIDENCE_WITHOUT_TECHNOLOGIES`] of technical
/// evidence (designing, building, operating systems) to be about cloud or infrastructure work.
pub const MIN_TECHNOLOGIES: usize = 2;
/// The technical evidence a posting needs when it names fewer than [`MIN_TECHNOLOGIES`] technologies: a
/// design-heavy solutions posting built on products the lexicons do not name is still a technical role, but
/// "evaluating vendors" and "monitoring progress" happen in every trade. A resume gets no such allowance: people
/// list the tools they did the work with, and the activities of a resume that names none (configuring relays,
/// troubleshooting a process plant, designing a governance framework) are another trade's.
pub const MIN_EVIDENCE_WITHOUT_TECHNOLOGIES: f64 = 10.0;
/// A document that shows this many phrases of other trades' work ([`crate::trades`]: quotas, sourcing candidates,
/// campaigns, payroll, sprint ceremonies …) is perhaps another trade's job: one phrase is incidental (an architect
/// works with sales on the pipeline), two are not.
pub const MIN_TRADE_PHRASES: usize = 2;
/// The technical evidence such a document needs per phrase of other trades' work to be cloud or infrastructure
/// work all the same: a recruiter hiring SREs or an account executive selling a cloud product names the tools of
/// the people they work with, but shows little design or build work of their own. On the corpus, the technical
/// postings that show two such phrases have 30 or more.
pub const EVIDENCE_PER_TRADE_PHRASE: f64 = 12.0;
/// When two roles are close enough to call a document `hybrid`: the runner-up's least score and least share of
/// the best score, one [`HybridBand`] each, in order of rising score. Both strong and within 10% of each other is a posting that asks
/// for both; so is a near tie (within 5%) of two roles that are each well shown, where calling either role is a
/// coin toss: on the title-labelled postings, engineer-titled ones that tie like that are called architect and
/// engineer equally often.
pub const HYBRID_BANDS: [HybridBand; 2] =
    [HybridBand { min_score: 50.0, ratio: 0.95 }, HybridBand { min_score: 80.0, ratio: 0.9 }];
/// The most confidence a `hybrid` verdict gets: two roles this close is also where the choice between them is
/// closest. On the labelled corpus 6 of 14 `hybrid` verdicts are right, fewer than the role verdicts of the
/// lowest confidence band (0–0.33), so a `hybrid` is never more confident than those.
pub const HYBRID_CONFIDENCE: f64 = 0.3;
/// Relative margin `(best − runner-up) / best` at which the margin no longer limits confidence.
pub const CONFIDENT_MARGIN: f64 = 0.4;
/// Technical evidence at which the amount of evidence no longer limits confidence.
pub const CONFIDENT_EVIDENCE: f64 = 30.0;
/// Most evidence snippets kept per skill.
pub const MAX_EVIDENCE: usize = 3;
// A skill found is known by its best-placed hit, so at least one is kept.
const _: () = assert!(MAX_EVIDENCE > 0);
/// Characters of context kept on each side of a hit in a snippet.
pub const SNIPPET_CONTEXT: usize = 40;

/// One band of [`HYBRID_BANDS`].
#[derive(Clone, Copy, Debug)]
pub struct HybridBand {
    /// The runner-up's score must reach this.
    pub min_score: f64,
    /// The runner-up's score must reach this share of the best score.
    pub ratio: f64,
}

impl HybridBand {
    /// Whether a runner-up scoring `second` against a best of `best` falls in the band.
    pub fn holds(&self, best: f64, second: f64) -> bool {
        second >= self.min_score && second >= self.ratio * best
    }
}

/// Settings of the assessment.
#[derive(Clone, Debug)]
pub struct AssessOptions {
    /// Role whose missing skills are listed, instead of the fitted role(s).
    pub target: Option<String>,
    /// Most missing skills listed per role.
    pub max_missing: usize,
}

impl Default for AssessOptions {
    fn default() -> Self {
        AssessOptions { target: None, max_missing: 10 }
    }
}

/// Which role a document fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fit {
    /// This role (its id).
    Role(String),
    /// Two roles, both well shown and close ([`HYBRID_BANDS`]).
    Hybrid,
    /// Not enough cloud/infrastructure evidence, or no role clearly ahead.
    Unclear,
}

impl Fit {
    /// The value written in reports: a role id, `hybrid` or `unclear`.
    pub fn as_str(&self) -> &str {
        match self {
            Fit::Role(id) => id,
            Fit::Hybrid => "hybrid",
            Fit::Unclear => "unclear",
        }
    }
}

impl Serialize for Fit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The verdict on one document. Ids and names are borrowed from the lexicons it was assessed with (`'l`): a
/// scan assesses thousands of documents against one set, and copying them was a fifth of its allocations.
#[derive(Clone, Debug)]
pub struct Assessment<'l> {
    /// The fit.
    pub fit: Fit,
    /// How sure the fit is, 0–1.
    pub confidence: f64,
    /// Why the fit came out as it did, in one sentence.
    pub reason: String,
    /// Score per role, 0–100, in lexicon order: `(role id, score)`.
    pub scores: Vec<(&'l str, f64)>,
    /// Skills found, strongest first.
    pub matched: Vec<MatchedSkill<'l>>,
    /// Skills of the target role(s) not found, heaviest first.
    pub missing: Vec<MissingSkill<'l>>,
    /// The role named by the document's own title.
    pub title_role: Option<String>,
    /// The title names a role other than the fit.
    pub title_mismatch: bool,
}

/// A skill found in the document.
#[derive(Clone, Debug)]
pub struct MatchedSkill<'l> {
    /// Skill id.
    pub skill: &'l str,
    /// Display name.
    pub name: &'l str,
    /// Category.
    pub category: &'l str,
    /// Number of occurrences.
    pub count: usize,
    /// In a posting, whether the skill is asked for as required or only preferred; `None` for resumes.
    pub requirement: Option<Requirement>,
    /// What the skill adds to each role's evidence: its weight for the role times the weight of the section
    /// of its best-placed occurrence. Roles the skill does not belong to are left out.
    pub contributions: Vec<(&'l str, f64)>,
    /// Where it was found, best-placed first (at most [`MAX_EVIDENCE`]).
    pub evidence: Vec<Evidence>,
}

impl<'l> MatchedSkill<'l> {
    /// Ids of the roles the skill belongs to: those it contributes to.
    pub fn roles(&self) -> impl Iterator<Item = &'l str> + '_ {
        self.contributions.iter().map(|&(role, _)| role)
    }
}

/// How strongly a posting asks for a skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Under requirements or responsibilities, or with "must"/"required"; the default in a posting.
    Required,
    /// Only under "nice to have"/"preferred", or with such a cue on its line.
    Preferred,
}

/// One occurrence of a skill, checkable in the text `rolefit text` prints.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Evidence {
    /// 1-based line number.
    pub line: usize,
    /// The words around the occurrence, on that line.
    pub snippet: String,
}

/// A skill of a target role that the document does not show.
#[derive(Clone, Debug, Serialize)]
pub struct MissingSkill<'l> {
    /// Skill id.
    pub skill: &'l str,
    /// Display name.
    pub name: &'l str,
    /// The role it is missing for.
    pub role: &'l str,
    /// Category.
    pub category: &'l str,
    /// The skill's weight for that role.
    pub weight: u8,
}

/// Confidence is scaled by this for a document with a `not_english` warning.
pub const NOT_ENGLISH_CONFIDENCE: f64 = 0.5;

/// Warnings that mean the text cannot be assessed as if it were the document's content.
const UNUSABLE: &[WarningKind] = &[WarningKind::ImageOnly, WarningKind::Garbled];

/// Assesses `doc` from its `hits` against `lexicons`.
pub fn assess<'l>(doc: &Document, hits: &[Hit], lexicons: &'l Lexicons, options: &AssessOptions) -> Assessment<'l> {
    if let Some(warning) = doc.warnings.iter().find(|w| UNUSABLE.contains(&w.kind)) {
        return unusable(doc, lexicons, &warning.message);
    }
    let lines = LineIndex::new(&doc.text);
    let sections = line_sections(&doc.text);
    let found = FoundSkills::collect(hits, lexicons, &doc.text, &lines, &sections);
    let section_at = |at: usize| sections.get(lines.line_of(at) - 1).copied().unwrap_or(Section::General);
    let trades = crate::trades::shown(&doc.text, section_at);
    // The decision quantity: each role's evidence on its own scale, of which `scores` are a monotone function, so
    // the fit is never a role that scores below another.
    let strength: Vec<f64> =
        (0..lexicons.roles.len()).map(|r| role_evidence(&found, lexicons, r) / scale(lexicons, r)).collect();
    let technical = Technical::of(&found, lexicons);
    let scores: Vec<f64> = strength.iter().map(|&x| 100.0 * (1.0 - (-x).exp())).collect();
    let (fit, mut confidence, mut reason) =
        decide(&strength, &scores, technical, &trades, lexicons, doc.kind, doc.text.trim().is_empty());
    if doc.warnings.iter().any(|w| w.kind == WarningKind::NotEnglish) {
        // Scored all the same: tools are named in English everywhere, and the lexicons carry some German,
        // Portuguese and Spanish phrasings of the work; but most of what the person will do goes unread.
        confidence *= NOT_ENGLISH_CONFIDENCE;
        reason.push_str("; the text is not English, so much of it was not read");
    }
    let title_role = doc.title.as_deref().and_then(|t| title_role(t, lexicons));
    let title_mismatch = matches!((&fit, &title_role), (Fit::Role(f), Some(t)) if f != t);
    Assessment {
        matched: matched_skills(doc, &found, lexicons, &lines),
        missing: missing_skills(&found, lexicons, &fit, options),
        scores: lexicons.roles.iter().zip(&scores).map(|(role, &s)| (role.id.as_str(), round(s, 1))).collect(),
        fit,
        confidence: round(confidence, 2),
        reason,
        title_role,
        title_mismatch,
    }
}

/// The verdict on a document whose text cannot be trusted: `unclear`, nothing scored, the reason said.
fn unusable<'l>(doc: &Document, lexicons: &'l Lexicons, why: &str) -> Assessment<'l> {
    Assessment {
        fit: Fit::Unclear,
        confidence: 0.0,
        reason: format!("not assessed: {why}"),
        scores: lexicons.roles.iter().map(|r| (r.id.as_str(), 0.0)).collect(),
        matched: Vec::new(),
        missing: Vec::new(),
        title_role: doc.title.as_deref().and_then(|t| title_role(t, lexicons)),
        title_mismatch: false,
    }
}

/// A hit and how much it counts where it stands.
#[derive(Clone, Copy, Debug)]
struct PlacedHit {
    hit: Hit,
    /// The weight of its section, lowered to the preferred weight on a line that says "nice to have".
    weight: f64,
    /// In a "preferred" section or on a line with a preferred cue.
    preferred: bool,
}

/// Hits grouped by skill, each with its placement.
struct FoundSkills {
    /// Per skill index: what its hits add up to.
    hits: Vec<SkillHits>,
}

/// What a report needs of one skill's hits, kept without the hits themselves: a document that repeats a phrase
/// a million times must not hold a million placed copies of it.
#[derive(Clone, Debug, Default)]
struct SkillHits {
    /// The [`MAX_EVIDENCE`] best-placed hits, best first, then in text order.
    best: Vec<PlacedHit>,
    /// How many hits there are.
    count: usize,
    /// Whether every hit is in a preferred section or on a line with a preferred cue.
    all_preferred: bool,
    /// Where the first hit in the text starts.
    first_start: usize,
}

impl SkillHits {
    /// Adds a hit; hits come in text order, so among equally placed hits the earlier ones stay.
    fn add(&mut self, placed: PlacedHit) {
        if self.count == 0 {
            self.first_start = placed.hit.start;
            self.all_preferred = true;
        }
        self.count += 1;
        self.all_preferred &= placed.preferred;
        if self.best.len() < MAX_EVIDENCE || self.best.last().is_some_and(|worst| placed.weight > worst.weight) {
            let at = self.best.partition_point(|kept| kept.weight >= placed.weight);
            self.best.insert(at, placed);
            self.best.truncate(MAX_EVIDENCE);
        }
    }
}

/// Phrases on a line that make what it asks for optional.
const PREFERRED_CUES: [&str; 12] = [
    "nice to have",
    "nice-to-have",
    "preferred",
    "preferably",
    "a plus",
    "is a bonus",
    "bonus points",
    "desirable",
    "ideally",
    "advantageous",
    "an advantage",
    "good to have",
];

/// The cues as one automaton, case ignored as the `regex` crate ignores it: ASCII case, and `ſ` (long s), the one
/// other character whose case folds onto a letter of a cue. It is asked about every line with a hit: the `regex`
/// crate took 1.3 µs a line there (its prefilter checked many case variants of the cues), this takes 0.2 µs.
static PREFERRED_CUE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(PREFERRED_CUES.iter().flat_map(|cue| long_s_spellings(cue)))
        .expect("static automaton")
});

/// `cue` with each `s` written either way, `s` or `ſ`.
fn long_s_spellings(cue: &str) -> Vec<String> {
    cue.chars().fold(vec![String::new()], |spellings, c| {
        let ways: &[char] = if c == 's' { &['s', 'ſ'] } else { &[c] };
        spellings.iter().flat_map(|s| ways.iter().map(move |&w| format!("{s}{w}"))).collect()
    })
}

/// Whether `line` has a preferred cue as whole words: a cue inside a longer word (`unpreferred`) does not count.
/// Every occurrence is tried, overlapping ones included, so a cue cut off by a word character does not hide one
/// that starts inside it. Word boundaries are ASCII ones, as the regex had them: a byte outside ASCII is not a
/// word byte.
fn has_preferred_cue(line: &str) -> bool {
    let bytes = line.as_bytes();
    let is_word_at = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let boundary_at = |i: usize| (i > 0 && is_word_at(i - 1)) != is_word_at(i);
    PREFERRED_CUE.find_overlapping_iter(line).any(|m| boundary_at(m.start()) && boundary_at(m.end()))
}

impl FoundSkills {
    fn collect(hits: &[Hit], lexicons: &Lexicons, text: &str, lines: &LineIndex, sections: &[Section]) -> FoundSkills {
        // The matcher gives its hits in text order; `SkillHits` keeps the earlier of equally placed hits by it.
        debug_assert!(hits.windows(2).all(|w| w[0].start <= w[1].start), "hits in text order");
        let mut grouped: Vec<SkillHits> = vec![SkillHits::default(); lexicons.skills.len()];
        // Hits come in text order: the cue is looked for once per line, not once per hit.
        let mut cue_line = (0, false);
        for hit in hits {
            if names_something(text, hit, &lexicons.skills[hit.skill]) {
                continue;
            }
            let line = lines.line_of(hit.start);
            let section = sections.get(line - 1).copied().unwrap_or(Section::General);
            if cue_line.0 != line {
                cue_line = (line, has_preferred_cue(lines.line_text(text, line)));
            }
            let cue = cue_line.1;
            let preferred = section == Section::Preferred || cue;
            let weight = if cue { section.weight().min(Section::Preferred.weight()) } else { section.weight() };
            grouped[hit.skill].add(PlacedHit { hit: *hit, weight, preferred });
        }
        FoundSkills { hits: grouped }
    }

    /// `(skill index, weight of its best-placed hit)` for every skill found.
    fn found(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.hits.iter().enumerate().filter_map(|(i, h)| h.best.first().map(|best| (i, best.weight)))
    }
}

/// What follows a hit that makes it the name of a team ("the Platform Engineering team", "our SRE group"): who
/// the person works with, not what they do.
static TEAM_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ +(?:[A-Z][\w&-]* +){0,2}(?i:teams?|groups?|departments?|org|organi[sz]ations?|divisions?|practices?|squads?|tribes?)\b")
        .expect("static regex")
});
/// What follows a capitalised hit that makes it part of a product's or a company's name ("Home Automation
/// System", "Copperline Advisory Group").
static PRODUCT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ +(?:[A-Z][\w&-]* +){0,2}(?:System|Systems|Platform|Suite|Software|Inc|LLC|Ltd|GmbH|Group|Partners|Corp|Corporation|Company|Technologies|Labs)\b")
        .expect("static regex")
});

/// Whether a hit is part of a name rather than a statement about the work: a skill (other than a soft one, whose
/// terms are about working with teams) named as a team, or an activity or soft skill written with capitals inside
/// a product's or a company's name.
fn names_something(text: &str, hit: &Hit, skill: &crate::lexicon::Skill) -> bool {
    let mut end = (hit.end + NAME_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let after = text[hit.end..end].split('\n').next().unwrap_or("");
    if !skill.soft && TEAM_NAME.is_match(after) {
        return true;
    }
    let capitalised = || text[hit.start..hit.end].split([' ', '-']).all(|w| w.starts_with(|c: char| c.is_uppercase()));
    (skill.activity || skill.soft) && capitalised() && PRODUCT_NAME.is_match(after)
}

/// Bytes after a hit read to tell whether it is part of a name: three words and a noun.
const NAME_WINDOW: usize = 64;

fn role_evidence(found: &FoundSkills, lexicons: &Lexicons, role: usize) -> f64 {
    found.found().map(|(s, placed)| f64::from(lexicons.skills[s].weights[role]) * placed).sum()
}

/// A role's scale: [`SCALE_SHARE`] of the weight of its [`SCALE_SKILLS`] heaviest skills (at least 1).
pub fn scale(lexicons: &Lexicons, role: usize) -> f64 {
    let mut weights: Vec<u8> = lexicons.skills.iter().map(|s| s.weights[role]).filter(|&w| w > 0).collect();
    weights.sort_unstable_by(|a, b| b.cmp(a));
    let heaviest: f64 = weights.iter().take(SCALE_SKILLS).map(|&w| f64::from(w)).sum();
    (SCALE_SHARE * heaviest).max(1.0)
}

/// How much a document is about cloud or infrastructure work at all, whichever role.
struct Technical {
    /// Evidence from non-soft skills at their highest weight.
    evidence: f64,
    /// Distinct technologies found: skills that are neither soft nor activities.
    technologies: usize,
}

impl Technical {
    fn of(found: &FoundSkills, lexicons: &Lexicons) -> Technical {
        let skill = |s: usize| &lexicons.skills[s];
        let evidence = found
            .found()
            .filter(|&(s, _)| !skill(s).soft)
            .map(|(s, placed)| f64::from(*skill(s).weights.iter().max().unwrap_or(&0)) * placed)
            .sum();
        let technologies = found.found().filter(|&(s, _)| !skill(s).soft && !skill(s).activity).count();
        Technical { evidence, technologies }
    }
}

fn decide(
    strength: &[f64],
    scores: &[f64],
    technical: Technical,
    trades: &[String],
    lexicons: &Lexicons,
    kind: Kind,
    empty: bool,
) -> (Fit, f64, String) {
    if empty {
        return (Fit::Unclear, 0.0, "no text to assess".into());
    }
    let Technical { evidence: technical, technologies } = technical;
    if technical < MIN_TECHNICAL_EVIDENCE {
        let sure = 1.0 - technical / MIN_TECHNICAL_EVIDENCE;
        // An empty sum is -0.0, which would read "-0.0 < 8".
        let technical = if technical > 0.0 { technical } else { 0.0 };
        return (
            Fit::Unclear,
            sure,
            format!("little cloud/infrastructure evidence ({technical:.1} < {MIN_TECHNICAL_EVIDENCE})"),
        );
    }
    if trades.len() >= MIN_TRADE_PHRASES && technical < EVIDENCE_PER_TRADE_PHRASE * trades.len() as f64 {
        return (
            Fit::Unclear,
            0.5,
            format!(
                "the work of other trades ({}) outweighs the cloud/infrastructure evidence ({technical:.1} < {:.0})",
                trades.join(", "),
                EVIDENCE_PER_TRADE_PHRASE * trades.len() as f64
            ),
        );
    }
    if technologies < MIN_TECHNOLOGIES && (kind == Kind::Resume || technical < MIN_EVIDENCE_WITHOUT_TECHNOLOGIES) {
        // Never sure: the activities it names do speak for a role; less sure the more technologies it names.
        let sure = 0.5 * (1.0 - technologies as f64 / MIN_TECHNOLOGIES as f64);
        let why = if kind == Kind::Resume {
            format!("too few cloud/infrastructure technologies named in a resume ({technologies} < {MIN_TECHNOLOGIES})")
        } else {
            format!(
                "too few cloud/infrastructure technologies named ({technologies} < {MIN_TECHNOLOGIES}) for so little \
                 technical evidence ({technical:.1} < {MIN_EVIDENCE_WITHOUT_TECHNOLOGIES})"
            )
        };
        return (Fit::Unclear, sure, why);
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| strength[b].total_cmp(&strength[a]).then(a.cmp(&b)));
    let best = order[0];
    let (d1, d2) = (strength[best], order.get(1).map_or(0.0, |&r| strength[r]));
    let s2 = order.get(1).map_or(0.0, |&r| scores[r]);
    let ratio = if d1 > 0.0 { d2 / d1 } else { 1.0 };
    let sure_of_evidence = (technical / CONFIDENT_EVIDENCE).min(1.0);
    let name = |r: usize| lexicons.roles[r].id.as_str();
    if let Some(band) = HYBRID_BANDS.iter().rev().find(|b| b.holds(scores[best], s2)) {
        let second = name(order[1]);
        let within = (1.0 - band.ratio) * 100.0;
        return (
            Fit::Hybrid,
            HYBRID_CONFIDENCE * sure_of_evidence * ratio,
            format!("{} and {second} both score {:.0}+ and are within {within:.0}%", name(best), band.min_score),
        );
    }
    let margin = 1.0 - ratio;
    let confidence = sure_of_evidence * (margin / CONFIDENT_MARGIN).min(1.0);
    (Fit::Role(name(best).to_string()), confidence, format!("{} ahead by {:.0}%", name(best), margin * 100.0))
}

fn matched_skills<'l>(
    doc: &Document,
    found: &FoundSkills,
    lexicons: &'l Lexicons,
    lines: &LineIndex,
) -> Vec<MatchedSkill<'l>> {
    let mut matched: Vec<(f64, usize, MatchedSkill)> = found
        .found()
        .map(|(s, placed)| {
            let skill = &lexicons.skills[s];
            let hits = &found.hits[s];
            let contributions: Vec<(&str, f64)> = lexicons
                .roles
                .iter()
                .zip(&skill.weights)
                .filter(|(_, w)| **w > 0)
                .map(|(r, &w)| (r.id.as_str(), round(f64::from(w) * placed, 2)))
                .collect();
            let strength = contributions.iter().map(|(_, c)| *c).fold(0.0, f64::max);
            let requirement = (doc.kind == Kind::Posting).then_some(if hits.all_preferred {
                Requirement::Preferred
            } else {
                Requirement::Required
            });
            let entry = MatchedSkill {
                skill: &skill.id,
                name: &skill.name,
                category: &skill.category,
                count: hits.count,
                requirement,
                contributions,
                evidence: hits.best.iter().map(|h| lines.evidence(&doc.text, &h.hit)).collect(),
            };
            (strength, hits.first_start, entry)
        })
        .collect();
    matched.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    matched.into_iter().map(|(_, _, m)| m).collect()
}

fn missing_skills<'l>(
    found: &FoundSkills,
    lexicons: &'l Lexicons,
    fit: &Fit,
    options: &AssessOptions,
) -> Vec<MissingSkill<'l>> {
    let targets: Vec<usize> = match (&options.target, fit) {
        (Some(t), _) => lexicons.role_index(t).into_iter().collect(),
        (None, Fit::Role(r)) => lexicons.role_index(r).into_iter().collect(),
        (None, Fit::Hybrid) => (0..lexicons.roles.len()).collect(),
        (None, Fit::Unclear) => Vec::new(),
    };
    // A skill that a found one implies is shown too: Terraform shows infrastructure as code.
    let shown = lexicons.with_implied(found.found().map(|(s, _)| s));
    let mut missing = Vec::new();
    for role in targets {
        let mut absent: Vec<(usize, u8)> = lexicons
            .skills
            .iter()
            .enumerate()
            .filter(|(s, skill)| skill.weights[role] > 0 && !shown[*s])
            .map(|(s, skill)| (s, skill.weights[role]))
            .collect();
        absent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        missing.extend(absent.into_iter().take(options.max_missing).map(|(s, weight)| {
            let skill = &lexicons.skills[s];
            MissingSkill {
                skill: &skill.id,
                name: &skill.name,
                role: &lexicons.roles[role].id,
                category: &skill.category,
                weight,
            }
        }));
    }
    missing
}

/// The role a document's own title names: the role whose `titles` appear in it as whole words (the longest
/// wins); failing that, the role whose noun starts a word of the title, earliest first (`Staff Engineer (AWS
/// Cloud Infrastructure)`, `Azure DevOps Architecture`).
pub fn title_role(title: &str, lexicons: &Lexicons) -> Option<String> {
    let lower = title.to_lowercase();
    // A title is only searched for when the title's last word is in the line: there are about a hundred titles
    // and a handful of last words (`architect`, `engineer`), and each search builds a substring searcher.
    let mut last_words = Vec::new();
    let mut best: Option<(usize, &str)> = None;
    for role in &lexicons.roles {
        for t in &role.titles {
            let longer = best.is_none_or(|(len, _)| t.len() > len);
            if longer
                && t.len() <= lower.len()
                && has_last_word(&lower, t, &mut last_words)
                && contains_words(&lower, t)
            {
                best = Some((t.len(), &role.id));
            }
        }
    }
    if let Some((_, id)) = best {
        return Some(id.to_string());
    }
    lower
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|word| lexicons.roles.iter().find(|r| r.nouns.iter().any(|n| word.starts_with(n.as_str()))))
        .map(|r| r.id.clone())
}

/// Whether the last word of `title` is in `line`, remembered in `seen` for the other titles that end with it.
fn has_last_word<'t>(line: &str, title: &'t str, seen: &mut Vec<(&'t str, bool)>) -> bool {
    let word = title.rsplit(' ').next().unwrap_or(title);
    if let Some(&(_, present)) = seen.iter().find(|(w, _)| *w == word) {
        return present;
    }
    let present = line.contains(word);
    seen.push((word, present));
    present
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, m)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(|c| c.is_alphanumeric() && c != 's')
    })
}

/// Byte offsets of line starts, for turning hit offsets into line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect())
    }

    /// 1-based line number of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }

    /// The text of 1-based line `line`.
    fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.0[line - 1];
        let end = self.0.get(line).map_or(text.len(), |&next| next - 1);
        &text[start..end.max(start)]
    }

    fn evidence(&self, text: &str, hit: &Hit) -> Evidence {
        let line = self.line_of(hit.start);
        let line_start = self.0[line - 1];
        let snippet = snippet(self.line_text(text, line), hit.start - line_start, hit.end - line_start);
        Evidence { line, snippet }
    }
}

/// The words around `line[start..end]`, at most [`SNIPPET_CONTEXT`] characters each side, cut at spaces.
fn snippet(line: &str, start: usize, end: usize) -> String {
    let before = &line[..start];
    let after = &line[end.min(line.len())..];
    let mut left = last_chars_start(before);
    if left > 0 {
        left = before[left..].find(' ').map_or(left, |i| left + i + 1);
    }
    let mut right = first_chars_end(after);
    if right < after.len() {
        right = after[..right].rfind(' ').unwrap_or(right);
    }
    single_spaced(&line[left..end.min(line.len()) + right]).into_owned()
}

/// Where the last [`SNIPPET_CONTEXT`] characters of `text` start (0 when it has fewer). Where those bytes are
/// ASCII, each is a character and no decoding is needed.
fn last_chars_start(text: &str) -> usize {
    let from = text.len().saturating_sub(SNIPPET_CONTEXT);
    if text.as_bytes()[from..].is_ascii() {
        return from;
    }
    text.char_indices().rev().nth(SNIPPET_CONTEXT - 1).map_or(0, |(i, _)| i)
}

/// Where the first [`SNIPPET_CONTEXT`] characters of `text` end (its length when it has fewer).
fn first_chars_end(text: &str) -> usize {
    let to = text.len().min(SNIPPET_CONTEXT);
    if text.as_bytes()[..to].is_ascii() {
        return to;
    }
    text.char_indices().nth(SNIPPET_CONTEXT).map_or(text.len(), |(i, _)| i)
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, Kind};
    use crate::lexicon::SourceFile;
    use crate::matcher::Matcher;

    fn role(id: &str, skills: &[(&str, u8, &str, bool)]) -> String {
        let mut s = format!("id = \"{id}\"\nname = \"{id}\"\ntitles = [\"cloud {id}\"]\n");
        for (sid, w, term, soft) in skills {
            s += &format!(
                "[[skill]]\nid = \"{sid}\"\nname = \"{sid}\"\ncategory = \"c\"\nweight = {w}\nterms = [\"{term}\"]\nsoft = {soft}\n"
            );
        }
        s
    }

    fn lexicons() -> Lexicons {
        let a = role(
            "architect",
            &[
                ("design", 3, "solution design", false),
                ("roi", 3, "roi modelling", false),
                ("talk", 2, "presenting", true),
                ("net", 2, "networking", false),
            ],
        );
        let e = role(
            "engineer",
            &[
                ("tf", 3, "terraform", false),
                ("bash", 3, "bash scripting", false),
                ("linux", 2, "linux", false),
                ("net", 1, "networking", false),
            ],
        );
        Lexicons::from_files(vec![
            SourceFile { name: "a".into(), source: "a".into(), text: a },
            SourceFile { name: "e".into(), source: "e".into(), text: e },
        ])
        .expect("valid")
    }

    static LEXICONS: LazyLock<Lexicons> = LazyLock::new(lexicons);

    fn run(text: &str, title: Option<&str>) -> Assessment<'static> {
        let lex = &*LEXICONS;
        let mut doc = Document::new(Format::Text, text.to_string());
        doc.kind = Kind::Resume;
        doc.title = title.map(str::to_string);
        let hits = Matcher::new(lex).expect("compiles").find(text);
        assess(&doc, &hits, lex, &AssessOptions::default())
    }

    #[test]
    fn engineering_content_fits_engineer_with_evidence_and_missing() {
        let a =
            run("Wrote terraform daily.\nbash scripting and linux and terraform.\n", Some("Senior Cloud Architect"));
        assert_eq!(a.fit, Fit::Role("engineer".into()));
        assert!(a.confidence > 0.0);
        assert_eq!(a.matched[0].skill, "tf");
        assert_eq!(a.matched[0].count, 2);
        assert_eq!(a.matched[0].evidence[1].line, 2);
        assert_eq!(a.matched[0].evidence[1].snippet, "bash scripting and linux and terraform.");
        assert!(a.missing.iter().all(|m| m.role == "engineer"));
        assert_eq!(a.missing.iter().map(|m| m.skill).collect::<Vec<_>>(), vec!["net"]);
        assert_eq!(a.title_role.as_deref(), Some("architect"));
        assert!(a.title_mismatch);
    }

    #[test]
    fn soft_skills_alone_are_unclear() {
        let a = run("presenting presenting presenting to the board", None);
        assert_eq!(a.fit, Fit::Unclear);
        assert!(a.missing.is_empty());
        assert!(a.scores[0].1 > 0.0, "soft skills still count toward the score");
    }

    #[test]
    fn the_work_of_other_trades_asks_for_more_technical_evidence() {
        let tools = "Responsibilities\n- terraform, bash scripting and linux\n";
        assert_eq!(run(tools, None).fit, Fit::Role("engineer".into()));
        let one = run(&format!("{tools}- carry a quota\n"), None);
        assert_eq!(one.fit, Fit::Role("engineer".into()), "one phrase is incidental: {}", one.reason);
        let two = run(&format!("{tools}- carry a quota and own prospecting\n"), None);
        assert_eq!(two.fit, Fit::Unclear);
        assert!(two.reason.contains("quota, prospecting"), "{}", two.reason);
        assert!(two.scores[1].1 > 0.0, "the tools still count toward the score");
        let more_tools = run(
            &format!("{tools}- networking, solution design, roi modelling\n- carry a quota and own prospecting\n"),
            None,
        );
        // 24 of technical evidence: as much as two phrases of other trades ask for.
        assert_ne!(more_tools.fit, Fit::Unclear, "enough technical evidence: {}", more_tools.reason);
    }

    #[test]
    fn both_strong_and_close_is_hybrid() {
        let a = run("solution design, roi modelling, networking, presenting\nterraform, bash scripting, linux\n", None);
        assert_eq!(a.fit, Fit::Hybrid, "{:?}", a.scores);
        assert!(a.confidence > 0.0 && a.confidence <= HYBRID_CONFIDENCE, "{}", a.confidence);
        let roles: Vec<_> = a.missing.iter().map(|m| m.role).collect();
        assert!(roles.is_empty() || roles.contains(&"architect") || roles.contains(&"engineer"));
    }

    #[test]
    fn a_near_tie_of_two_well_shown_roles_is_hybrid_and_a_wider_gap_needs_stronger_roles() {
        let lexicons = lexicons();
        let fit = |architect: f64, engineer: f64| {
            let strength = [architect, engineer].map(|s: f64| -(1.0 - s / 100.0).ln());
            let technical = Technical { evidence: 20.0, technologies: 3 };
            decide(&strength, &[architect, engineer], technical, &[], &lexicons, Kind::Posting, false).0
        };
        let engineer = Fit::Role("engineer".into());
        assert_eq!(fit(60.0, 62.0), Fit::Hybrid, "within 5%, both above 50");
        assert_eq!(fit(48.0, 49.0), engineer, "a tie of two weakly shown roles is not both roles");
        assert_eq!(fit(60.0, 66.0), engineer, "within 10% needs both strong");
        assert_eq!(fit(84.0, 92.0), Fit::Hybrid, "within 10%, both strong");
        assert_eq!(fit(75.0, 92.0), engineer);
    }

    #[test]
    fn a_skill_keeps_its_best_placed_hits_and_counts_the_rest() {
        let placed = |start: usize, weight: f64, preferred: bool| PlacedHit {
            hit: Hit { skill: 0, start, end: start + 1 },
            weight,
            preferred,
        };
        let mut hits = SkillHits::default();
        for (start, weight) in [(10, 1.0), (20, 0.75), (30, 1.5), (40, 1.0), (50, 1.5), (60, 0.25), (70, 1.5)] {
            hits.add(placed(start, weight, weight < 1.0));
        }
        // Best placed first; among equals, the earlier in the text.
        let kept: Vec<(usize, f64)> = hits.best.iter().map(|p| (p.hit.start, p.weight)).collect();
        assert_eq!(kept, [(30, 1.5), (50, 1.5), (70, 1.5)]);
        assert_eq!((hits.count, hits.first_start, hits.all_preferred), (7, 10, false));
        let mut optional = SkillHits::default();
        optional.add(placed(5, 0.75, true));
        optional.add(placed(9, 0.75, true));
        assert!(optional.all_preferred);
        assert_eq!(optional.best.len(), 2);
    }

    #[test]
    fn more_evidence_never_lowers_a_score() {
        let few = run("terraform and linux", None);
        let more = run("terraform and linux and bash scripting and terraform", None);
        assert!(more.scores[1].1 > few.scores[1].1);
    }

    #[test]
    fn unusable_text_is_never_scored() {
        let lex = lexicons();
        let mut doc = Document::new(Format::Pdf, "terraform bash scripting linux".into());
        doc.warnings.push(crate::outcome::Warning::new(WarningKind::Garbled, "80% unreadable"));
        let hits = Matcher::new(&lex).expect("compiles").find(&doc.text);
        let a = assess(&doc, &hits, &lex, &AssessOptions::default());
        assert_eq!((a.fit, a.confidence, a.matched.len()), (Fit::Unclear, 0.0, 0));
        assert!(a.scores.iter().all(|(_, s)| *s == 0.0));
        assert!(a.reason.contains("80% unreadable"));
    }

    fn load(architect: String, engineer: String) -> Lexicons {
        Lexicons::from_files(vec![
            SourceFile { name: "a".into(), source: "a".into(), text: architect },
            SourceFile { name: "e".into(), source: "e".into(), text: engineer },
        ])
        .expect("valid")
    }

    #[test]
    fn activities_without_technologies_need_more_evidence() {
        let activities = [
            ("design", 3, "solution design", false),
            ("review", 3, "design reviews", false),
            ("decide", 3, "architecture decisions", false),
        ];
        let lex = load(
            role("architect", &activities).replace("soft = false", "soft = false\nactivity = true"),
            role("engineer", &[("tf", 3, "terraform", false), ("linux", 2, "linux", false)]),
        );
        let assessed_as = |kind: Kind, text: &str| {
            let mut doc = Document::new(Format::Text, text.to_string());
            doc.kind = kind;
            let hits = Matcher::new(&lex).expect("compiles").find(text);
            assess(&doc, &hits, &lex, &AssessOptions::default())
        };
        let assessed = |text: &str| assessed_as(Kind::Posting, text);
        // 9 of technical evidence, no technology: under MIN_EVIDENCE_WITHOUT_TECHNOLOGIES.
        let few_activities = assessed("solution design, design reviews and architecture decisions, every day");
        assert_eq!(few_activities.fit, Fit::Unclear);
        assert!(few_activities.reason.contains("technologies"), "{}", few_activities.reason);
        assert!(few_activities.scores[0].1 > 0.0, "activities still count toward the score");
        // The same activities as duties (×1.5): enough to be a technical design role without naming a tool.
        let duties = assessed("Responsibilities\nsolution design, design reviews and architecture decisions");
        assert_eq!(duties.fit, Fit::Role("architect".into()), "{}", duties.reason);
        let with_technologies = assessed("solution design, design reviews and architecture decisions on terraform");
        assert_eq!(with_technologies.fit, Fit::Role("architect".into()));
        // A resume of this work names the tools it was done with: activities alone are another trade's.
        let resume =
            assessed_as(Kind::Resume, "Experience\nsolution design, design reviews and architecture decisions");
        assert_eq!(resume.fit, Fit::Unclear);
        assert!(resume.reason.contains("resume"), "{}", resume.reason);
        let resume_with_tools = assessed_as(
            Kind::Resume,
            "Experience\nsolution design, design reviews and architecture decisions on linux, terraform",
        );
        assert_ne!(resume_with_tools.fit, Fit::Unclear, "{}", resume_with_tools.reason);
    }

    #[test]
    fn text_not_in_english_is_scored_with_less_confidence() {
        let lex = lexicons();
        let text = "terraform, bash scripting und linux";
        let hits = Matcher::new(&lex).expect("compiles").find(text);
        let english = Document::new(Format::Text, text.into());
        let mut foreign = english.clone();
        foreign.warnings.push(crate::outcome::Warning::new(WarningKind::NotEnglish, "not English"));
        let (english, foreign) = (
            assess(&english, &hits, &lex, &AssessOptions::default()),
            assess(&foreign, &hits, &lex, &AssessOptions::default()),
        );
        assert_eq!(foreign.fit, english.fit);
        assert_eq!(foreign.scores, english.scores);
        assert!(english.confidence > 0.0);
        assert!((foreign.confidence - english.confidence * NOT_ENGLISH_CONFIDENCE).abs() < 0.01);
        assert!(foreign.reason.contains("not English"), "{}", foreign.reason);
    }

    #[test]
    fn empty_text_is_unclear_with_zero_confidence() {
        let a = run("", None);
        assert_eq!((a.fit, a.confidence), (Fit::Unclear, 0.0));
    }

    #[test]
    fn snippets_are_cut_at_spaces_and_keep_the_hit() {
        let line = "one two three four five six seven eight nine ten Terraform eleven twelve thirteen fourteen fifteen sixteen seventeen";
        let start = line.find("Terraform").expect("present");
        let s = snippet(line, start, start + 9);
        assert!(s.contains("Terraform"));
        assert!(!s.starts_with("one"), "{s}");
        assert!(s.split(' ').all(|w| line.split(' ').any(|x| x == w)), "words are never cut: {s}");
    }

    /// The context bounds against counting characters, on made-up lines of ASCII and wider characters around the
    /// context's length.
    #[test]
    fn snippet_context_is_counted_in_characters() {
        let pieces = ["a", "bc ", "é", "—", "🙂", "x y z", "0123456789", " "];
        for line in crate::test_lines::generated_lines(&pieces, 0x6a09_e667_f3bc_c909, 5_000, 30) {
            let from_end = line.char_indices().rev().nth(SNIPPET_CONTEXT - 1).map_or(0, |(i, _)| i);
            let from_start = line.char_indices().nth(SNIPPET_CONTEXT).map_or(line.len(), |(i, _)| i);
            assert_eq!(last_chars_start(&line), from_end, "{line:?}");
            assert_eq!(first_chars_end(&line), from_start, "{line:?}");
        }
    }

    /// The cue test against the regex it replaced, `(?i)\b(?:cue|…)\b` with ASCII boundaries, on made-up lines of
    /// cues in every case, cut-off cues and what can stand next to a cue.
    #[test]
    fn preferred_cues_are_found_as_the_regex_found_them() {
        let regex = regex::Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", PREFERRED_CUES.join("|"))).unwrap();
        let pieces = [
            "deſirable",
            "pluſ",
            "ſ",
            "Nice to have",
            "NICE-TO-HAVE",
            "preferred",
            "Preferably",
            "a plus",
            "A PLUS",
            "is a bonus",
            "bonus points",
            "desirable",
            "Ideally",
            "advantageous",
            "an advantage",
            "good to have",
            "prefer",
            "a plu",
            "nice to",
            "un",
            "an",
            "s",
            "d",
            "_",
            "1",
            " ",
            "  ",
            "-",
            ".",
            ",",
            "é",
            "’",
            "AWS",
            "(",
            ")",
        ];
        let (mut lines, mut with_cue) = (0, 0);
        for line in crate::test_lines::generated_lines(&pieces, 0x5851_f42d_4c95_7f2d, 20_000, 6) {
            let expected = regex.is_match(&line);
            assert_eq!(has_preferred_cue(&line), expected, "{line:?}");
            lines += 1;
            with_cue += usize::from(expected);
        }
        // Both answers are well represented.
        assert!(with_cue > 2_000 && lines - with_cue > 2_000, "{with_cue} of {lines}");
    }

    #[test]
    fn a_preferred_cue_makes_optional_only_what_is_on_its_own_line() {
        let lex = lexicons();
        let text = "Terraform is a plus\nlinux daily, preferred\nbash scripting\nnetworking (nice to have)";
        let mut doc = Document::new(Format::Text, text.to_string());
        doc.kind = Kind::Posting;
        let hits = Matcher::new(&lex).expect("compiles").find(text);
        let assessment = assess(&doc, &hits, &lex, &AssessOptions::default());
        let requirement =
            |skill: &str| assessment.matched.iter().find(|m| m.skill == skill).and_then(|m| m.requirement);
        assert_eq!(requirement("tf"), Some(Requirement::Preferred));
        assert_eq!(requirement("linux"), Some(Requirement::Preferred));
        assert_eq!(requirement("bash"), Some(Requirement::Required), "the cue on the line before does not count");
        assert_eq!(requirement("net"), Some(Requirement::Preferred));
    }

    #[test]
    fn title_role_prefers_the_longest_title_and_whole_words() {
        let lex = lexicons();
        assert_eq!(title_role("Lead Cloud Engineer", &lex).as_deref(), Some("engineer"));
        assert_eq!(title_role("Senior Cloud Architect", &lex).as_deref(), Some("architect"));
        assert_eq!(title_role("Staff Engineer (AWS Cloud Infrastructure)", &lex).as_deref(), Some("engineer"));
        assert_eq!(title_role("Azure DevOps Architecture", &lex).as_deref(), Some("architect"));
        assert_eq!(title_role("Content Designer", &lex), None);
    }

    /// The fit follows the scores whatever the lexicons' sizes: a six-skill custom role shown in full beats a big
    /// role shown in part (issue 15: a "data engineer" role scoring 99.9 lost to architect at 59.8).
    #[test]
    fn the_fit_is_never_a_role_that_scores_below_another() {
        let data: Vec<(String, u8, String, bool)> = ["spark", "airflow", "dbt", "kafka", "snowflake", "bigquery"]
            .iter()
            .map(|t| (t.to_string(), 2, t.to_string(), false))
            .collect();
        let data: Vec<(&str, u8, &str, bool)> =
            data.iter().map(|(i, w, t, s)| (i.as_str(), *w, t.as_str(), *s)).collect();
        let architect: Vec<(String, u8, String, bool)> =
            (0..40).map(|i| (format!("a{i}"), 3, format!("design practice {i}"), false)).collect();
        let architect: Vec<(&str, u8, &str, bool)> =
            architect.iter().map(|(i, w, t, s)| (i.as_str(), *w, t.as_str(), *s)).collect();
        let lex = load(role("architect", &architect), role("data", &data));
        let text = "spark, airflow, dbt, kafka, snowflake and bigquery; design practice 1, design practice 2, design practice 3, design practice 4, design practice 5";
        let doc = Document::new(Format::Text, text.to_string());
        let hits = Matcher::new(&lex).expect("compiles").find(text);
        let a = assess(&doc, &hits, &lex, &AssessOptions::default());
        let score = |id: &str| a.scores.iter().find(|(r, _)| *r == id).map(|(_, s)| *s).expect("role");
        assert!(score("data") > score("architect"), "{:?}", a.scores);
        assert_eq!(a.fit, Fit::Role("data".into()), "{}", a.reason);
    }

    #[test]
    fn team_and_product_names_are_not_evidence() {
        let lex = load(
            role("architect", &[("advice", 3, "advisory", true), ("net", 2, "networking", false)]),
            role("engineer", &[("sre", 3, "site reliability", false), ("auto", 2, "automation", false)])
                .replace("soft = false", "soft = false\nactivity = true"),
        );
        let found = |text: &str| {
            let doc = Document::new(Format::Text, text.to_string());
            let hits = Matcher::new(&lex).expect("compiles").find(text);
            assess(&doc, &hits, &lex, &AssessOptions::default()).matched.iter().map(|m| m.skill).collect::<Vec<_>>()
        };
        assert!(found("You will join our Site Reliability team and the networking group.").is_empty());
        assert!(found("You will build our Home Automation System for Copperline Advisory Group.").is_empty());
        assert_eq!(found("You will own site reliability and automation of networking."), vec!["sre", "auto", "net"]);
    }

    static EMBEDDED: LazyLock<Lexicons> = LazyLock::new(|| Lexicons::embedded().expect("embedded lexicons"));
    static EMBEDDED_MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(&EMBEDDED).expect("compiles"));

    /// `text`, as a plain-text document, assessed with the embedded lexicons.
    fn assess_embedded(text: &str) -> Assessment<'static> {
        let doc = Document::new(Format::Text, text.to_string());
        assess(&doc, &EMBEDDED_MATCHER.find(text), &EMBEDDED, &AssessOptions::default())
    }

    /// Each role's work said in plain words, in the languages the lexicons carry, is read as that work; the same
    /// verbs about other trades are not.
    #[test]
    fn the_embedded_lexicons_read_each_roles_work_in_plain_words() {
        let skills = |text: &str| assess_embedded(text).matched.iter().map(|m| m.skill.to_string()).collect::<Vec<_>>();
        let said = [
            ("Own the architecture of the platform.", "cloud-architecture"),
            ("Lead the design of distributed systems.", "system-design"),
            ("Design integration solutions and data platforms.", "system-design"),
            ("Make build-versus-buy decisions.", "technology-evaluation"),
            ("Guide customers through their cloud journey.", "cloud-strategy"),
            ("Estimate effort and cost for proposals.", "rfp-proposals"),
            ("Own the technical relationship with key accounts.", "trusted-advisor"),
            ("Vous concevez l'architecture des solutions.", "cloud-architecture"),
            ("Du konzipierst Cloud-Architekturen.", "system-design"),
            ("Usted diseña arquitecturas de soluciones.", "cloud-architecture"),
            ("Sie beraten unsere Kunden.", "trusted-advisor"),
            ("Du führst Workshops mit Kunden durch.", "workshops"),
            ("Develop REST APIs and build data pipelines.", "implementation"),
            ("Build and maintain infrastructure in Azure.", "configure-provision"),
            ("Monitor system health and performance.", "production-operations"),
            ("Upgrade database versions.", "patching"),
            ("Build ETL pipelines on Snowflake and Airflow.", "data-pipelines"),
            ("Vous administrez les serveurs.", "sysadmin"),
            ("Du administrierst Linux-Server.", "sysadmin"),
            ("Du behebst Störungen.", "troubleshooting"),
            ("Vous déployez les applications.", "deployments"),
            ("Educate partners and customers on best practices.", "partner-enablement"),
            ("Develop proofs of value for prospects.", "proof-of-concept"),
            ("Run discovery sessions with the customer.", "workshops"),
            ("Vous animez des ateliers avec les équipes métier.", "workshops"),
            ("Définir les standards d'architecture.", "governance-standards"),
            ("Du übersetzt fachliche Anforderungen in Konzepte.", "requirements-gathering"),
            ("Du bewertest neue Technologien.", "technology-evaluation"),
            ("Asesorar a los clientes en su estrategia.", "trusted-advisor"),
            ("Elaborar documentación de arquitectura.", "design-documentation"),
            ("Investigate performance regressions.", "performance-capacity"),
            ("Resolver incidencias de producción.", "troubleshooting"),
            ("Aplicar parches de seguridad.", "patching"),
            ("Design how our platform integrates with their CRM through our APIs.", "app-architecture"),
            ("Answer security questionnaires.", "rfp-proposals"),
            ("Map business processes to the product's capabilities.", "requirements-gathering"),
            ("Own the canonical data model.", "cloud-architecture"),
            ("Maintain the business capability map.", "enterprise-architecture"),
            ("Review designs produced by the delivery teams.", "architecture-review"),
            ("Hand over designs to operations.", "design-documentation"),
            ("Optimise slow queries.", "performance-capacity"),
            ("Fix failures in the nightly jobs.", "troubleshooting"),
            ("Helped enterprises move to the cloud.", "cloud-migration"),
            ("Designed the hybrid network between two data centres.", "networking"),
            ("Define the data strategy for the group.", "cloud-strategy"),
            ("Resolve production issues and outages.", "troubleshooting"),
            ("Responsible for the overall design of the platform.", "system-design"),
            ("Define the target-state architecture.", "cloud-architecture"),
            ("Publish reference designs for common workloads.", "reference-architecture"),
            ("Write architecture documents.", "design-documentation"),
            ("Provide feedback on solution designs.", "architecture-review"),
            ("Assess new technologies.", "technology-evaluation"),
            ("Meet regularly with clients.", "client-meetings"),
            ("Tune performance and plan capacity.", "performance-capacity"),
            ("Chair the design review board.", "architecture-review"),
            ("Contribute to bids and tenders.", "rfp-proposals"),
            ("Quantify the business value of proposed solutions.", "roi-tco"),
            ("Lead data centre exit programmes.", "cloud-migration"),
            ("Build threat models for new products.", "security-architecture"),
            ("Stand up new AWS accounts and services.", "configure-provision"),
            ("Roll out new releases safely.", "deployments"),
            ("Scan container images for vulnerabilities.", "devsecops"),
            ("Operate production services around the clock.", "production-operations"),
            ("Defined the AWS architecture for the group.", "cloud-architecture"),
            ("Led the evaluation of three vendors.", "technology-evaluation"),
            ("Advised CIOs on modernisation options.", "trusted-advisor"),
            ("Briefed the executive board on cloud risks.", "executive-presence"),
            ("Mapped business capabilities to applications.", "enterprise-architecture"),
            ("Spoke at industry conferences.", "thought-leadership"),
            ("Automated environment builds.", "automation"),
            ("Administered RHEL servers.", "sysadmin"),
            ("Managed changes through ServiceNow.", "itsm"),
            ("Review and approve designs before they are built.", "architecture-review"),
            ("Plan the evolution of the platform.", "roadmap"),
            ("Estimate the savings of the move.", "roi-tco"),
            ("Design scalable and secure platforms.", "system-design"),
            ("Lead workshops with client teams.", "workshops"),
            ("Engage with CIOs and CTOs.", "executive-presence"),
            ("Write and test code for the platform.", "implementation"),
            ("Develop automation tools in Go.", "implementation"),
            ("Implement the event-driven architecture the team designed.", "implementation"),
            ("Apply operating system updates across the fleet.", "patching"),
            ("Push releases to production daily.", "deployments"),
            ("Look after our Linux servers.", "sysadmin"),
            ("Keep the platform healthy.", "production-operations"),
            ("Maintain the pipelines that build every commit.", "ci-cd"),
            ("Manage infrastructure using code.", "iac"),
            ("Du entwirfst skalierbare Lösungen.", "system-design"),
            ("Du nimmst Anforderungen der Fachbereiche auf.", "requirements-gathering"),
            ("Du evaluierst neue Technologien.", "technology-evaluation"),
            ("Du richtest Cloud-Umgebungen ein.", "configure-provision"),
            ("Du sorgst für den stabilen Betrieb.", "production-operations"),
            ("Vous concevez des solutions sur Azure.", "system-design"),
            ("Vous recueillez les besoins des métiers.", "requirements-gathering"),
            ("Vous diagnostiquez et résolvez les incidents.", "troubleshooting"),
            ("Diseñarás soluciones escalables.", "system-design"),
            ("Configurarás entornos en la nube.", "configure-provision"),
            ("Atuar como consultor técnico dos clientes.", "trusted-advisor"),
            ("Vous administrez l’infrastructure.", "sysadmin"),
            ("Du gestaltest die Datenstrategie mit.", "cloud-strategy"),
            // Governing the engineering practices others carry out.
            ("Define the CI/CD strategy for all product teams.", "cloud-strategy"),
            ("Own the infrastructure as code standards.", "governance-standards"),
            ("Set the organisation's IAM standards.", "governance-standards"),
            ("Standardise the release process across squads.", "governance-standards"),
            ("Govern the use of Terraform across business units.", "governance-standards"),
            ("Guide engineering teams as they adopt Kubernetes.", "leadership-mentoring"),
            ("Evaluate and select security tooling.", "technology-evaluation"),
            ("Sign off the DR designs for critical systems.", "architecture-review"),
            ("Oversee the architecture of our data pipelines.", "cloud-architecture"),
            ("Drive adoption of infrastructure as code.", "cloud-strategy"),
            ("Provide technical direction on the container platform.", "cloud-strategy"),
            ("Experience designing and delivering large-scale solutions.", "system-design"),
            ("Translate business needs into secure, scalable technical designs.", "requirements-gathering"),
        ];
        for (text, skill) in said {
            assert!(skills(text).iter().any(|s| s == skill), "{text:?} should show {skill}: {:?}", skills(text));
        }
        let other_trades = [
            "Lead the design of compensation programs.",
            "Build talent pipelines and develop training modules.",
            "Join a leading architecture firm.",
            "Build inclusive environments.",
            "Write grant applications.",
            "Weigh the trade-offs of each marketing channel.",
            "Enable our clients to make better decisions.",
            "Resolve issues for our advertisers.",
            "Designed power distribution networks for solar farms.",
            "Led the change management of the reorganisation.",
            "Promote a strong culture of feedback.",
            "Establish high standards of customer service.",
            "Drive adoption of our app among new users.",
            "Creation of sales scripts for the team.",
        ];
        for text in other_trades {
            assert!(skills(text).is_empty(), "{text:?} is not cloud work: {:?}", skills(text));
        }
    }

    /// Issue 15: a customer-facing solutions posting built on a SaaS product and its APIs, naming no cloud tool,
    /// is technical design work; a salesperson's posting at a software company is not.
    #[test]
    fn a_solutions_posting_without_cloud_tools_is_design_work_and_a_sales_posting_is_unclear() {
        let fit = |text: &str| assess_embedded(text).fit;
        let solutions = "What you'll do:\n\
            * Partner with account executives through the sales cycle, from discovery to technical close.\n\
            * Deliver tailored product demonstrations to technical and business audiences.\n\
            * Design how our platform integrates with the customer's CRM and data warehouse through our APIs.\n\
            * Answer security questionnaires and RFPs.\n\
            * Scope and lead proofs of concept.\n\
            * Hand over the agreed solution to the implementation team.\n";
        assert_eq!(fit(solutions), Fit::Role("architect".into()));
        let sales = "What you'll do:\n\
            * Own a territory of mid-market accounts and exceed your quota.\n\
            * Run the sales cycle from first call to signed contract.\n\
            * Negotiate pricing and close deals.\n\
            * Keep the CRM up to date and forecast accurately.\n";
        assert_eq!(fit(sales), Fit::Unclear);
    }
}
