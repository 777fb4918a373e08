//! Resume-to-posting matching (`rolefit match`): how much of a real posting's asks a resume shows, required
//! skills weighing more than preferred ones, and which of the posting's skills the resume lacks. It compares the
//! skills the one pipeline found in both documents — there is no second matcher.

use std::path::PathBuf;

use crate::assess::{MatchedSkill, Requirement};
use crate::lexicon::Lexicons;
use crate::outcome::{Analysis, Entry, Outcome};

/// How much more a required skill weighs than a preferred one.
pub const REQUIRED_FACTOR: f64 = 2.0;

/// A skill a posting asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    /// Skill id.
    pub skill: String,
    /// Display name.
    pub name: String,
    /// Required or preferred.
    pub requirement: Requirement,
    /// Its weight here: the skill's highest lexicon weight, doubled when required.
    pub weight: f64,
}

/// What a posting asks for, heaviest first.
pub fn asks(matched: &[MatchedSkill], lexicons: &Lexicons) -> Vec<Ask> {
    let mut asks: Vec<Ask> = matched
        .iter()
        .map(|m| {
            let requirement = m.requirement.unwrap_or(Requirement::Required);
            let lexicon_weight = lexicons
                .skills
                .iter()
                .find(|s| s.id == m.skill)
                .map_or(1, |s| s.weights.iter().copied().max().unwrap_or(1));
            let factor = if requirement == Requirement::Required { REQUIRED_FACTOR } else { 1.0 };
            Ask {
                skill: m.skill.to_string(),
                name: m.name.to_string(),
                requirement,
                weight: f64::from(lexicon_weight) * factor,
            }
        })
        .collect();
    asks.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.skill.cmp(&b.skill)));
    asks
}

/// How one resume meets one posting.
#[derive(Clone, Debug)]
pub struct Fit {
    /// The resume.
    pub resume: PathBuf,
    /// The resume's own role fit (`None` when it was not analysed).
    pub resume_fit: Option<String>,
    /// Share of the posting's weighted asks the resume shows, 0–100; `None` when it was not analysed.
    pub coverage: Option<f64>,
    /// Required asks shown, of all required asks.
    pub required_shown: (usize, usize),
    /// Asks the resume does not show, heaviest first.
    pub missing: Vec<Ask>,
    /// Why the resume was not analysed.
    pub problem: Option<String>,
}

/// Scores every resume against the posting's `asks` and ranks them best first (ties in input order; resumes
/// that could not be analysed last). A resume shows an ask when it shows the skill or one that implies it
/// (Terraform shows infrastructure as code).
pub fn rank(asks: &[Ask], resumes: &[Entry], lexicons: &Lexicons) -> Vec<Fit> {
    let total: f64 = asks.iter().map(|a| a.weight).sum();
    let required = asks.iter().filter(|a| a.requirement == Requirement::Required).count();
    let mut fits: Vec<Fit> = resumes
        .iter()
        .map(|entry| match &entry.outcome {
            Outcome::Analysed(a) => {
                let shows = Shows::new(a, lexicons);
                let shown = |ask: &&Ask| shows.ask(ask);
                // max(0): an empty f64 sum is -0.0.
                let got: f64 = asks.iter().filter(shown).map(|a| a.weight).sum::<f64>().max(0.0);
                let required_shown =
                    asks.iter().filter(|a| a.requirement == Requirement::Required).filter(shown).count();
                Fit {
                    resume: entry.path.clone(),
                    resume_fit: Some(a.assessment.fit.as_str().to_string()),
                    coverage: Some(if total > 0.0 { (100.0 * got / total * 10.0).round() / 10.0 } else { 0.0 }),
                    required_shown: (required_shown, required),
                    missing: asks.iter().filter(|ask| !shown(ask)).cloned().collect(),
                    problem: None,
                }
            }
            Outcome::Skipped(s) => unanalysed(entry, &s.message),
            Outcome::Failed(f) => unanalysed(entry, &f.message),
        })
        .collect();
    fits.sort_by(|a, b| b.coverage.unwrap_or(-1.0).total_cmp(&a.coverage.unwrap_or(-1.0)));
    fits
}

fn unanalysed(entry: &Entry, why: &str) -> Fit {
    Fit {
        resume: entry.path.clone(),
        resume_fit: None,
        coverage: None,
        required_shown: (0, 0),
        missing: Vec::new(),
        problem: Some(why.to_string()),
    }
}

/// Which skills one resume shows: the skills found in it and those they imply.
pub struct Shows<'a> {
    lexicons: &'a Lexicons,
    shown: Vec<bool>,
}

impl<'a> Shows<'a> {
    /// What `resume` shows.
    pub fn new(resume: &Analysis, lexicons: &'a Lexicons) -> Shows<'a> {
        let index = |id: &str| lexicons.skills.iter().position(|s| s.id == id);
        let shown = lexicons.with_implied(resume.assessment.matched.iter().filter_map(|m| index(m.skill)));
        Shows { lexicons, shown }
    }

    /// Whether the resume shows the skill `id` (itself, or through a skill that implies it).
    pub fn skill(&self, id: &str) -> bool {
        self.lexicons.skills.iter().position(|s| s.id == id).is_some_and(|i| self.shown[i])
    }

    /// Whether the resume shows what `ask` asks for.
    pub fn ask(&self, ask: &Ask) -> bool {
        self.skill(&ask.skill)
    }
}

/// A skill that postings ask for and a resume does not show: what to learn next.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Skill id.
    pub skill: String,
    /// Display name.
    pub name: String,
    /// How many postings ask for it.
    pub asked: usize,
    /// How many of them require it (the others prefer it).
    pub required: usize,
}

/// The skills that the postings (each given by its asks) ask for and `resume` does not show, the most asked
/// first, then the most often required, then by id: what this resume would gain most by showing.
pub fn learn_next(postings: &[&[Ask]], resume: &Analysis, lexicons: &Lexicons) -> Vec<Gap> {
    let shows = Shows::new(resume, lexicons);
    let mut gaps: Vec<Gap> = Vec::new();
    for asks in postings {
        for ask in asks.iter().filter(|a| !shows.ask(a)) {
            let required = usize::from(ask.requirement == Requirement::Required);
            match gaps.iter_mut().find(|g| g.skill == ask.skill) {
                Some(gap) => {
                    gap.asked += 1;
                    gap.required += required;
                }
                None => gaps.push(Gap { skill: ask.skill.clone(), name: ask.name.clone(), asked: 1, required }),
            }
        }
    }
    gaps.sort_by(|a, b| b.asked.cmp(&a.asked).then(b.required.cmp(&a.required)).then(a.skill.cmp(&b.skill)));
    gaps
}
