//! The work of other trades. A recruiter hiring SREs, an account executive selling a cloud product or a scrum
//! master for platform teams names the tools and practices of the people they work with; what shows that the job
//! is theirs, not a cloud architect's or engineer's, is the work of their own trade: quotas and prospecting,
//! campaigns, sourcing candidates, payroll, sprint ceremonies. Assessment asks a document that shows two or more
//! such phrases for more technical evidence ([`crate::assess::EVIDENCE_PER_TRADE_PHRASE`] per phrase).

use std::sync::LazyLock;

use regex_automata::Input;
use regex_automata::meta::Regex;

use crate::section::Section;

/// Each trade and the phrases that show its work. A phrase is here only if cloud architects and engineers do not
/// do that work themselves: "negotiation", "workshops", "discovery", "enablement" and "go-to-market" are an
/// architect's too, and "test cases", "release notes" and "recruiting" (for one's own team) an engineer's.
pub const TRADES: [(&str, &str); 20] = [
    (
        "selling",
        r"(?:sales|revenue) quotas?|quota attainment|(?:carry|carrying|exceed|exceeding|hit|hitting|achieve|achieving|meet|meeting) (?:a |your |the )?(?:sales |revenue )?quotas?|prospecting|cold call\w*|outbound prospecting|book\w* (?:qualified )?meetings|sales development representatives?|new logos?|clos(?:e|es|ed|ing) (?:new business|deals|sales)|(?:sales|revenue) pipeline|pipeline generation|territor(?:y|ies) (?:plan|management)",
    ),
    (
        "marketing",
        r"(?:marketing|email|advertising|paid|digital|demand generation|integrated) campaigns?|demand generation|lead generation|search engine optimi[sz]ation|seo (?:strategy|audits?|rankings|content)|keyword research|content marketing|brand awareness|co-marketing|field marketing|partner marketing|marketing qualified leads|(?-i:MQLs?)|(?:positioning and messaging|messaging and positioning)",
    ),
    (
        "recruiting",
        r"sourc(?:e|es|ed|ing) (?:candidates|talent)|full[- ]cycle recruit\w*|talent acquisition|interview scheduling|offer negotiations|closing placements|intake meetings",
    ),
    (
        "account management",
        r"upsell\w*|cross-sell\w*|(?:customer|contract|subscription) renewals|renewals? and expansion|expansion and renewals?|renewal rates|net revenue retention|churn",
    ),
    (
        "payroll and HR",
        r"payroll|employee relations|benefits administration|(?-i:HRIS)|onboarding new (?:hires|employees|joiners)",
    ),
    (
        "agile delivery",
        r"scrum master|sprint ceremonies|agile coach\w*|facilitat\w* (?:the )?(?:daily )?(?:stand-?ups|sprint planning|sprint reviews|retrospectives|ceremonies)|backlog refinement",
    ),
    (
        "manual testing",
        r"manual testing|exploratory testing|test scripts|defect (?:triage|tracking|logging|reports?)|test execution",
    ),
    (
        "finance",
        r"month-end close|financial planning and analysis|(?-i:FP&A)|budgeting and forecasting|forecasting and budgeting|revenue recognition|accounts (?:payable|receivable)|general ledger|variance analysis|reconciliations",
    ),
    ("product management", r"product requirements documents?|(?-i:PRDs?)|customer interviews|product discovery"),
    (
        "law",
        r"litigation|legal research|legal advice|contract drafting|drafting contracts|commercial contracts|data processing agreements",
    ),
    (
        "teaching",
        r"curriculum (?:design|development)|lesson plans|lesson planning|classroom|grading|instructional design|learning objectives",
    ),
    ("technical writing", r"style guides?|docs-as-code"),
    (
        "customer support",
        r"live chat|(?-i:CSAT)|customer satisfaction scores?|average handle time|first[- ]contact resolution",
    ),
    (
        "user research",
        r"usability (?:testing|studies|sessions|tests)|user interviews|research participants|diary studies|card sorting",
    ),
    (
        "events and assistance",
        r"event logistics|event planning|calendar management|travel arrangements|expense reports",
    ),
    ("business analysis", r"business requirements documents?|functional requirements documents?|(?-i:BRDs?|FRDs?)"),
    ("construction", r"general contractors?|building permits|site inspections|construction schedules?"),
    ("security awareness", r"security awareness (?:training|programmes?|programs?|campaigns)|phishing simulations?"),
    ("risk and audit", r"risk registers?|audit evidence|vendor risk assessments"),
    (
        "procurement",
        r"purchase orders|licen[cs]e (?:true-ups|compliance|renewals)|software asset management|supplier onboarding",
    ),
];

/// Every phrase of [`TRADES`] as one alternation of whole words, case ignored: it is run over every document, and
/// one pattern takes two thirds of the instructions a pattern per trade took (callgrind, 600 postings).
static PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    let phrases: Vec<&str> = TRADES.iter().map(|&(_, phrases)| phrases).collect();
    Regex::builder()
        .syntax(regex_automata::util::syntax::Config::new().unicode(false).case_insensitive(true))
        .build(&format!(r"(?-u:\b)(?:{})(?-u:\b)", phrases.join("|")))
        .expect("static regex")
});

/// The phrases of other trades' work the document shows outside its boilerplate (a benefits section's
/// "commission" or an about-us "brand" is not the person's work), each once, lower-cased, in text order.
/// `section_at` gives the section of the line a byte offset of `text` is on.
pub fn shown(text: &str, section_at: impl Fn(usize) -> Section) -> Vec<String> {
    // "quota" and "quotas" are one phrase.
    let singular = |p: &str| p.strip_suffix('s').unwrap_or(p).len();
    let mut found: Vec<String> = Vec::new();
    for m in PHRASES.find_iter(Input::new(text)) {
        let phrase = text[m.range()].to_lowercase();
        let seen = found.iter().any(|f| f[..singular(f)] == phrase[..singular(&phrase)]);
        if !seen && section_at(m.start()) != Section::Boilerplate {
            found.push(phrase);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::section::line_sections;

    fn shown_in(text: &str) -> Vec<String> {
        let sections = line_sections(text);
        shown(text, |at| sections[text[..at].matches('\n').count()])
    }

    #[test]
    fn each_phrase_of_other_trades_work_is_shown_once_in_text_order() {
        let text = "Responsibilities\n- Prospecting into new logos, carrying a quota\n- More prospecting, a new logo a month\n";
        assert_eq!(shown_in(text), ["prospecting", "new logos", "carrying a quota"]);
        assert!(
            shown_in("Duties\nSet resource quotas on Kubernetes namespaces").is_empty(),
            "a quota that is not a sale"
        );
    }

    #[test]
    fn boilerplate_and_the_work_of_architects_and_engineers_are_not_other_trades() {
        let benefits = "Benefits\n- Generous payroll perks and marketing campaigns for our brand\n";
        assert!(shown_in(benefits).is_empty(), "{:?}", shown_in(benefits));
        let architect = "Responsibilities\n- Lead discovery workshops, negotiate with vendors, support the sales \
                         team with proposals and go-to-market plans\n- Write test cases and release notes\n";
        assert!(shown_in(architect).is_empty(), "{:?}", shown_in(architect));
    }

    #[test]
    fn a_phrase_inside_a_longer_word_is_not_shown() {
        assert!(shown_in("Duties\nunpayrolled quotations").is_empty());
    }
}
