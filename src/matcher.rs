//! Finds skill terms in text. All lexicons are compiled once into a table of case-insensitive terms filed by
//! their first word, one of case-sensitive `cased` terms (`Go`, `R`, `ARM`) and one lazy DFA for all regex
//! `patterns`; the compiled [`Matcher`] is shared by all threads.
//!
//! A term can only count where a word starts, so the scan steps through the text once, hashing each word as it
//! reads it, and at each word start (and each punctuation mark that can begin a term, like the `.` of `.NET`)
//! compares only the terms filed under that word. A pattern is walked with the DFA *anchored* at a word that can
//! open it (a whole first word or a stem of its prefix literals) when a word that can close it follows on the
//! same line (see [`PatternFilter`]). Most words (`the`, `and`, `with`) start or close nothing and cost one
//! filter lookup. Short terms (`C`, `R`, `Go`) are looked up only where a word starts,
//! so they never match inside a word. The README's speed section has the measurements that chose this over an
//! Aho-Corasick DFA over every byte, an anchored Aho-Corasick walk at each word start, and a regex alternation.
//!
//! Every hit is checked against word boundaries, so `Java` never matches inside `JavaScript` while `C++`,
//! `C#` and `.NET` still match as written. A term ending in a letter also matches its plural in `s`. Where
//! several terms start at the same place, the longest one whose boundaries hold wins.
//!
//! The matcher returns byte offsets and skill indexes; it knows nothing of files, roles or scores.

use std::sync::Mutex;
use std::time::Instant;

use regex_automata::hybrid::dfa::{Cache, DFA as PatternDfa};
use regex_automata::{Anchored, Input, MatchKind as ReMatchKind, util::syntax};
use regex_syntax::hir::{Class, Hir, HirKind};

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
    insensitive: Terms,
    cased: Terms,
    patterns: Patterns,
    /// ASCII bytes that are not word characters but begin some term (`.` of `.NET`).
    punctuation_starts: [bool; 128],
    /// Where a pattern can start and what can end it.
    pattern_filter: PatternFilter,
    /// The keys under which a word can start or close anything: a term of either table or a pattern. Most
    /// words are not in it and cost this one lookup.
    word_keys: KeyFilter,
}

/// A set of 64-bit keys as a 64-Ki-bit filter (8 KB, so it stays in the first-level cache): it may say yes
/// wrongly, never no wrongly.
#[derive(Clone, Debug)]
struct KeyFilter {
    bits: Vec<u64>,
}

const FILTER_BITS: u64 = 1 << 16;

impl KeyFilter {
    fn new() -> KeyFilter {
        KeyFilter { bits: vec![0; (FILTER_BITS / 64) as usize] }
    }

    fn insert(&mut self, key: u64) {
        self.bits[(key % FILTER_BITS / 64) as usize] |= 1 << (key % 64);
    }

    fn contains(&self, key: u64) -> bool {
        self.bits[(key % FILTER_BITS / 64) as usize] & (1 << (key % 64)) != 0
    }

    /// The filter of the keys of both.
    fn union(&self, other: &KeyFilter) -> KeyFilter {
        KeyFilter { bits: self.bits.iter().zip(&other.bits).map(|(a, b)| a | b).collect() }
    }
}

/// A set of patterns, a bit each (see [`PatternFilter`]).
type PatternMask = u128;
/// Bits in a [`PatternMask`].
const MASK_BITS: usize = PatternMask::BITS as usize;

/// Which patterns can match where, as masks with a bit per pattern (pattern `n` is bit `n`; the patterns from
/// the last bit on all share it, which only makes the masks wider: each of them is walked wherever any of them
/// could match. The embedded lexicons have 147 patterns, so 20 share the last bit; measured with callgrind on 600
/// postings, that costs about 1% more work per document than 136 patterns did).
///
/// *Openers*: every match of a pattern begins with one of its prefix literals (regex-syntax's prefix
/// extraction). A literal whose first word ends inside it (`design ` of `design(?:s|ed)? …`) can only start at
/// that word; one made only of word characters (`communicat` of `communicat\w*`) at a word it begins. The scan
/// knows both from the hash it builds as it reads a word.
///
/// *Closers*: every match also ends with one of its suffix literals, and the last word of such a literal
/// (`pipelines` of ` ci/cd pipelines`), when the literal has an ASCII non-word character before it, is a whole
/// word of the text after the match's start (or that word plus a plural `s`, since a hit ends at a word's end).
/// Unless some pattern can match a line end (none of the embedded ones can), a match lies within one line. So
/// the scan notes the openers and closers of a line and walks the pattern DFA only at an opener that a closer of
/// one of its patterns follows on the same line (on 10 MB of bench text, 10 thousand walks instead of 138
/// thousand).
///
/// Both rest on ASCII case folding, the DFA's, and on ASCII word bytes. A pattern with a class that reaches outside
/// ASCII (`.`, `[^…]`, or Unicode turned on by `(?u)`, where `s` also matches `ſ`) may start and end anywhere.
#[derive(Debug)]
struct PatternFilter {
    /// Keys of the first words of word-ending literals, and their patterns.
    words: KeyMasks,
    /// Keys of the all-word literals (stems), and their patterns.
    stems: KeyMasks,
    /// Bit `n` is set when some stem is `n` bytes long.
    stem_lengths: u64,
    /// Patterns that may start at every word: no finite set of prefix literals, or a class outside ASCII.
    everywhere: PatternMask,
    /// Keys of the closing words, and their patterns.
    closers: KeyMasks,
    /// Patterns without closing words (or with a class outside ASCII): no closer is needed to walk them.
    unclosed: PatternMask,
    /// Some pattern may match a line end, so a closer counts anywhere after an opener.
    spans_lines: bool,
}

/// 64-bit keys, each with a mask of patterns; a [`KeyFilter`] in front answers most lookups.
#[derive(Debug)]
struct KeyMasks {
    filter: KeyFilter,
    /// Sorted by key.
    masks: Vec<(u64, PatternMask)>,
}

impl KeyMasks {
    fn new() -> KeyMasks {
        KeyMasks { filter: KeyFilter::new(), masks: Vec::new() }
    }

    fn insert(&mut self, key: u64, mask: PatternMask) {
        self.filter.insert(key);
        match self.masks.binary_search_by_key(&key, |&(k, _)| k) {
            Ok(i) => self.masks[i].1 |= mask,
            Err(i) => self.masks.insert(i, (key, mask)),
        }
    }

    /// The patterns filed under `key` (none when it is not there).
    fn get(&self, key: u64) -> PatternMask {
        if !self.filter.contains(key) {
            return 0;
        }
        self.masks.binary_search_by_key(&key, |&(k, _)| k).map_or(0, |i| self.masks[i].1)
    }
}

impl PatternFilter {
    fn new(patterns: &[&str]) -> PatternFilter {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        let mut filter = PatternFilter {
            words: KeyMasks::new(),
            stems: KeyMasks::new(),
            stem_lengths: 0,
            everywhere: 0,
            closers: KeyMasks::new(),
            unclosed: 0,
            spans_lines: false,
        };
        let parse = |pattern: &str, case_insensitive: bool| {
            let mut parser = regex_syntax::ParserBuilder::new();
            parser.unicode(false).utf8(false).case_insensitive(case_insensitive).build().parse(pattern).ok()
        };
        for (n, pattern) in patterns.iter().enumerate() {
            let bit: PatternMask = 1 << n.min(MASK_BITS - 1);
            // `folded` as the DFA reads it: ASCII classes, ASCII case folding (unless the pattern turns Unicode
            // on). `hir` with the literals as written; the keys fold their ASCII case as the DFA does.
            let folded = parse(pattern, true).filter(|hir| !any_leaf(hir, &is_non_ascii_class));
            let (Some(folded), Some(hir)) = (folded, parse(pattern, false)) else {
                filter.everywhere |= bit;
                filter.unclosed |= bit;
                continue;
            };
            filter.spans_lines |= any_leaf(&folded, &may_match_newline);
            match Extractor::new().kind(ExtractKind::Prefix).extract(&hir).literals() {
                Some(literals) if !literals.is_empty() => {
                    literals.iter().for_each(|l| filter.add_opener(l.as_bytes(), bit))
                }
                _ => filter.everywhere |= bit,
            }
            let suffixes = Extractor::new().kind(ExtractKind::Suffix).extract(&hir);
            let words =
                suffixes.literals().filter(|l| !l.is_empty()).map(|l| l.iter().map(|l| closing_word(l.as_bytes())));
            match words.map(|words| words.collect::<Option<Vec<&[u8]>>>()) {
                Some(Some(words)) => words.iter().for_each(|w| filter.closers.insert(first_word_key(w), bit)),
                _ => filter.unclosed |= bit,
            }
        }
        filter
    }

    fn add_opener(&mut self, literal: &[u8], bit: PatternMask) {
        let word = literal.iter().take_while(|&&b| is_word_byte(b)).count();
        if word == literal.len() {
            // All word characters: a stem, found by the hash of a word's first `len` bytes. Longer stems than
            // the mask holds are cut, which only widens the filter.
            let len = literal.len().min(63);
            if len == 0 {
                self.everywhere |= bit;
            }
            self.stems.insert(first_word_key(&literal[..len]), bit);
            self.stem_lengths |= 1 << len;
        } else {
            self.words.insert(first_word_key(literal), bit);
        }
    }

    /// Whether the first `len` bytes of a word, whose key is `prefix`, may be a stem.
    fn may_be_stem(&self, len: usize, prefix: u64) -> bool {
        len < 64 && self.stem_lengths >> len & 1 != 0 && self.stems.filter.contains(prefix)
    }

    /// The patterns that can start at the ASCII word run `word` (at a word start), whose key is `key`;
    /// `may_have_stem` when some prefix of it may be a stem.
    fn openers(&self, word: &[u8], key: u64, may_have_stem: bool) -> PatternMask {
        let mut mask = self.everywhere | self.words.get(key);
        if may_have_stem {
            let mut prefix = FNV_OFFSET;
            let longest_stem = self.stem_lengths.checked_ilog2().unwrap_or(0) as usize;
            for (i, &b) in word.iter().take(longest_stem).enumerate() {
                prefix = fnv(prefix, b);
                if self.stem_lengths >> (i + 1) & 1 != 0 {
                    mask |= self.stems.get(prefix);
                }
            }
        }
        mask
    }

    /// The patterns that a word with `key` (and `stem`, its singular) can close.
    fn closed_by(&self, key: u64, stem: Option<u64>) -> PatternMask {
        self.closers.get(key) | stem.map_or(0, |stem| self.closers.get(stem))
    }
}

/// The last word of a suffix literal, if it is a whole word of every text the literal ends: an ASCII
/// non-word byte comes before it.
fn closing_word(literal: &[u8]) -> Option<&[u8]> {
    let start = literal.len() - literal.iter().rev().take_while(|&&b| is_word_byte(b)).count();
    let before = *literal[..start].last()?;
    (start < literal.len() && before.is_ascii() && !is_word_byte(before)).then_some(&literal[start..])
}

/// Whether `leaf` holds for some leaf of `hir` (a literal, class, look-around or the empty regex).
fn any_leaf(hir: &Hir, leaf: &impl Fn(&HirKind) -> bool) -> bool {
    match hir.kind() {
        HirKind::Repetition(repetition) => any_leaf(&repetition.sub, leaf),
        HirKind::Capture(capture) => any_leaf(&capture.sub, leaf),
        HirKind::Concat(hirs) | HirKind::Alternation(hirs) => hirs.iter().any(|hir| any_leaf(hir, leaf)),
        kind => leaf(kind),
    }
}

/// Whether a line end can be matched by this leaf.
fn may_match_newline(leaf: &HirKind) -> bool {
    match leaf {
        HirKind::Literal(literal) => literal.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        _ => false,
    }
}

/// Whether this leaf is a class reaching outside ASCII (`.`; `(?iu)s`, which is `[Ssſ]`).
fn is_non_ascii_class(leaf: &HirKind) -> bool {
    match leaf {
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(|r| !r.end().is_ascii()),
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().any(|r| !r.end().is_ascii()),
        _ => false,
    }
}

/// Literal terms, found by their first word: each term is filed under the hash of its first word (its leading
/// run of ASCII word characters, lower-cased; empty for `.NET` or `Übersicht`), longest first. At a word start the
/// scan looks up the word it has just hashed and compares the few terms filed under it byte by byte. The table
/// is a few tens of kilobytes and stays in the CPU cache, where an Aho-Corasick DFA of the same terms is 6 MB
/// and cost a cache miss per byte walked. An entry credits the skills `skills[entry.id]` (a term shared by two
/// skills is one entry that credits both).
#[derive(Debug)]
struct Terms {
    case_insensitive: bool,
    /// The keys present: four words in ten fall in a non-empty bucket of the table, but only a few in a hundred
    /// pass this.
    filter: KeyFilter,
    /// Per bucket (`key % TERM_BUCKETS`), where its entries start in `entries`; one more for the end.
    buckets: Vec<u32>,
    /// Sorted by bucket, then longest term first.
    entries: Vec<TermEntry>,
    skills: Vec<Vec<usize>>,
}

#[derive(Debug)]
struct TermEntry {
    /// Hash of the term's first word.
    key: u64,
    /// Up to four bytes that follow the first word (` arc` of `cloud architecture`), little-endian: compared
    /// as one integer before the whole term, since common first words (`cloud`) start dozens of terms.
    tail: u32,
    /// Mask of the bytes of `tail` that the term has.
    tail_mask: u32,
    /// The term's bytes (lower-cased when matched case-insensitively).
    term: Box<[u8]>,
    /// Index into [`Terms::skills`].
    id: usize,
}

/// Buckets of the term table: a power of two several times the number of distinct first words.
const TERM_BUCKETS: u64 = 1 << 12;

/// Every regex pattern of every skill as one lazy DFA that reports all patterns matching at a start.
#[derive(Debug)]
struct Patterns {
    dfa: Option<PatternDfa>,
    /// Skill of each pattern, by pattern id.
    skills: Vec<usize>,
    /// Lazy-DFA caches, one per concurrent search, reused across documents.
    caches: Mutex<Vec<Cache>>,
}

/// Why a matcher could not be built (the lexicons were validated, so this means an internal limit was hit).
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the lexicons: {0}")]
pub struct BuildError(String);

/// One pattern compiled the way the matcher compiles it, so lexicon validation can check it with the engine that
/// will run it (and compile it once, not once per check).
pub struct CheckedPattern(Patterns);

impl CheckedPattern {
    /// Compiles `pattern`, or says why it does not compile.
    pub fn new(pattern: &str) -> Result<CheckedPattern, String> {
        Patterns::new(&[(pattern, 0)]).map(CheckedPattern).map_err(|e| e.0)
    }

    /// Whether the pattern can match the whole of `text` (the empty string included), ignoring case.
    pub fn matches_whole(&self, text: &str) -> bool {
        let Some(mut cache) = self.0.take_cache() else { return false };
        let mut ends = Vec::new();
        self.0.all_at(&mut cache, text, 0, &mut ends, &mut Clock::unbounded());
        self.0.put_cache(cache);
        ends.iter().any(|&(end, _)| end == text.len())
    }
}

/// Lazy-DFA cache per search. With Unicode classes the patterns made so many states that the default 2 MB
/// cache was rebuilt over and over; with ASCII classes it is not, but the headroom costs nothing until used.
const PATTERN_CACHE_BYTES: usize = 32 << 20;

/// The patterns as one lazy DFA. Classes are ASCII (`\w` is `[0-9A-Za-z_]`): compiling Unicode `\w` in
/// every `(?:[\w-]+ ){0,3}` took 0.1 s at each start, ten times the rest of it, for patterns that are English
/// activity phrases. Literal text outside ASCII still matches as written.
fn pattern_dfa(patterns: &[&str]) -> Result<PatternDfa, BuildError> {
    PatternDfa::builder()
        .configure(PatternDfa::config().match_kind(ReMatchKind::All).cache_capacity(PATTERN_CACHE_BYTES))
        .syntax(syntax::Config::new().case_insensitive(true).unicode(false))
        .build_many(patterns)
        .map_err(|e| BuildError(with_causes(&e)))
}

/// An error with the errors under it: the regex engine's own message is only "error building NFA", and the
/// reason (a syntax error, a repetition too large) is its source.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        message = format!("{message}: {e}");
        cause = e.source();
    }
    message
}

impl Matcher {
    /// Compiles every term, cased term and pattern of `lexicons`.
    pub fn new(lexicons: &Lexicons) -> Result<Matcher, BuildError> {
        let mut insensitive = Vec::new();
        let mut cased = Vec::new();
        let mut patterns = Vec::new();
        for (idx, skill) in lexicons.skills.iter().enumerate() {
            insensitive.extend(skill.terms.iter().map(|t| (t.to_lowercase(), idx)));
            cased.extend(skill.cased.iter().map(|t| (t.clone(), idx)));
            patterns.extend(skill.patterns.iter().map(|p| (p.as_str(), idx)));
        }
        let mut punctuation_starts = [false; 128];
        for (term, _) in insensitive.iter().chain(&cased) {
            if let Some(&b) = term.as_bytes().first().filter(|b| b.is_ascii() && !is_word_byte(**b)) {
                punctuation_starts[usize::from(b)] = true;
            }
        }
        let pattern_texts: Vec<&str> = patterns.iter().map(|&(p, _)| p).collect();
        let pattern_filter = PatternFilter::new(&pattern_texts);
        let insensitive = Terms::new(insensitive, true)?;
        let cased = Terms::new(cased, false)?;
        let word_keys = [&cased.filter, &pattern_filter.words.filter, &pattern_filter.closers.filter]
            .iter()
            .fold(insensitive.filter.clone(), |keys, filter| keys.union(filter));
        Ok(Matcher {
            pattern_filter,
            insensitive,
            cased,
            patterns: Patterns::new(&patterns)?,
            punctuation_starts,
            word_keys,
        })
    }

    /// Every boundary-checked hit in `text`, ordered by start offset (then by skill).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.search(text, Clock::unbounded()).unwrap_or_default()
    }

    /// [`Matcher::find`] that gives up at `deadline` (`None` then): a user pattern such as `(?:[a-z]+ )+cloudy`
    /// walks each line from every word, quadratic in the line's length, so matching shares the document's time.
    pub fn find_before(&self, text: &str, deadline: Instant) -> Option<Vec<Hit>> {
        self.search(text, Clock { deadline: Some(deadline), work: 0, late: false })
    }

    fn search(&self, text: &str, clock: Clock) -> Option<Vec<Hit>> {
        let mut search = Search::new(self, text, clock);
        let bytes = text.as_bytes();
        let mut previous_is_word = false;
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if is_word_byte(b) {
                // A run of ASCII word characters, hashed as it is read.
                let start = at;
                let mut key = FNV_OFFSET;
                // The key without the last byte: a plural's singular (`APIs` → `api`).
                let mut previous_key = key;
                let filter = &self.pattern_filter;
                let mut may_have_stem = false;
                while let Some(&folded) = bytes.get(at).map(|&b| &WORD_FOLD[usize::from(b)]).filter(|&&f| f != 0) {
                    previous_key = key;
                    key = fnv_folded(key, folded);
                    at += 1;
                    may_have_stem |= filter.may_be_stem(at - start, key);
                }
                if !previous_is_word {
                    // A plural also looks up what is filed under its singular.
                    let stem = (at - start > 1 && bytes[at - 1] | 0x20 == b's').then_some(previous_key);
                    if may_have_stem
                        || filter.everywhere != 0
                        || self.word_keys.contains(key)
                        || stem.is_some_and(|stem| self.word_keys.contains(stem))
                    {
                        search.word_start(start, key, at, stem, may_have_stem);
                    }
                }
                previous_is_word = true;
            } else if b.is_ascii() {
                if self.punctuation_starts[usize::from(b)] {
                    search.literals_at(at, FNV_OFFSET, at, None);
                }
                if b == b'\n' {
                    if !self.pattern_filter.spans_lines {
                        search.end_line();
                    }
                    if search.clock.late {
                        search.finish();
                        return None;
                    }
                }
                previous_is_word = false;
                at += 1;
            } else {
                let c = text[at..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                let is_word = is_word(c);
                if is_word && !previous_is_word {
                    // A word that starts outside ASCII has an empty leading ASCII run.
                    search.word_start(at, FNV_OFFSET, at, None, false);
                }
                previous_is_word = is_word;
                at += c.len_utf8();
            }
        }
        search.finish()
    }
}

/// Bytes walked by the pattern automaton between two looks at the clock.
const WORK_PER_TIME_CHECK: usize = 1 << 16;

/// The time a search may take, and the work done since the clock was last looked at.
struct Clock {
    deadline: Option<Instant>,
    work: usize,
    late: bool,
}

impl Clock {
    fn unbounded() -> Clock {
        Clock { deadline: None, work: 0, late: false }
    }

    /// Records `bytes` walked; false once the deadline has passed.
    fn spend(&mut self, bytes: usize) -> bool {
        self.work += bytes;
        if self.work >= WORK_PER_TIME_CHECK {
            self.work = 0;
            self.late |= self.deadline.is_some_and(|d| Instant::now() > d);
        }
        !self.late
    }
}

/// 64-bit FNV-1a over ASCII-lower-cased bytes.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(hash: u64, byte: u8) -> u64 {
    fnv_folded(hash, byte.to_ascii_lowercase())
}

fn fnv_folded(hash: u64, folded: u8) -> u64 {
    (hash ^ u64::from(folded)).wrapping_mul(0x0100_0000_01b3)
}

/// Per byte: 0 when it is not an ASCII word character, else the byte lower-cased; one lookup for the scan's
/// two questions about each byte.
static WORD_FOLD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() || byte == b'_' {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// The state of one [`Matcher::find`].
struct Search<'m, 't> {
    matcher: &'m Matcher,
    text: &'t str,
    hits: Vec<Hit>,
    /// Where the next hit of each term table may start: a table's hits do not overlap.
    next_insensitive: usize,
    next_cased: usize,
    /// Per pattern, where its next hit may start.
    next_pattern: Vec<usize>,
    cache: Option<Cache>,
    /// Scratch: `(end, pattern)` of every pattern match at the current start.
    ends: Vec<(usize, usize)>,
    /// Where patterns can start on the current line, with the mask of those patterns.
    line_openers: Vec<(usize, PatternMask)>,
    /// Where words that can close patterns start on the current line, with the mask of those patterns.
    line_closers: Vec<(usize, PatternMask)>,
    clock: Clock,
}

impl<'m, 't> Search<'m, 't> {
    fn new(matcher: &'m Matcher, text: &'t str, clock: Clock) -> Search<'m, 't> {
        Search {
            clock,
            matcher,
            text,
            hits: Vec::new(),
            next_insensitive: 0,
            next_cased: 0,
            next_pattern: vec![0; matcher.patterns.skills.len()],
            cache: matcher.patterns.take_cache(),
            ends: Vec::new(),
            line_openers: Vec::new(),
            line_closers: Vec::new(),
        }
    }

    /// A word starts at `at`; `key` is the hash of its leading ASCII word characters, which end at `end`;
    /// `stem` that of its singular, for a plural; `may_have_stem` when a prefix of it may be a pattern's stem.
    fn word_start(&mut self, at: usize, key: u64, end: usize, stem: Option<u64>, may_have_stem: bool) {
        self.literals_at(at, key, end, stem);
        let filter = &self.matcher.pattern_filter;
        let opens = filter.openers(&self.text.as_bytes()[at..end], key, may_have_stem);
        if opens != 0 {
            self.line_openers.push((at, opens));
        }
        let closes = filter.closed_by(key, stem);
        if closes != 0 {
            self.line_closers.push((at, closes));
        }
    }

    /// The line ends: walks the patterns at each opener that a closer of one of its patterns follows.
    fn end_line(&mut self) {
        let mut openers = std::mem::take(&mut self.line_openers);
        let mut later = self.matcher.pattern_filter.unclosed;
        let mut closers = self.line_closers.iter().rev().peekable();
        for (at, mask) in openers.iter_mut().rev() {
            while let Some(&(_, closes)) = closers.next_if(|&&(closer, _)| closer > *at) {
                later |= closes;
            }
            *mask &= later;
        }
        for &(at, mask) in &openers {
            if mask != 0 {
                self.patterns_at(at);
            }
        }
        openers.clear();
        self.line_openers = openers;
        self.line_closers.clear();
    }

    fn literals_at(&mut self, at: usize, key: u64, end: usize, stem: Option<u64>) {
        let both = [(key, end), (stem.unwrap_or(key), end.saturating_sub(1))];
        let keys = &both[..1 + usize::from(stem.is_some())];
        let (insensitive, cased) = (&self.matcher.insensitive, &self.matcher.cased);
        if at >= self.next_insensitive
            && keys.iter().any(|&(k, _)| insensitive.may_start(k))
            && let Some(end) = insensitive.longest_at(self.text, at, keys, &mut self.hits)
        {
            self.next_insensitive = end;
        }
        if at >= self.next_cased
            && keys.iter().any(|&(k, _)| cased.may_start(k))
            && let Some(end) = cased.longest_at(self.text, at, keys, &mut self.hits)
        {
            self.next_cased = end;
        }
    }

    fn patterns_at(&mut self, at: usize) {
        let Some(cache) = self.cache.as_mut() else { return };
        if self.clock.late {
            return;
        }
        self.matcher.patterns.all_at(cache, self.text, at, &mut self.ends, &mut self.clock);
        // Per pattern, the longest end whose boundaries hold (ends come in increasing order).
        self.ends.sort_unstable_by_key(|&(end, pattern)| (pattern, std::cmp::Reverse(end)));
        let mut last_pattern = None;
        for &(end, pattern) in &self.ends {
            if last_pattern == Some(pattern) || at < self.next_pattern[pattern] {
                continue;
            }
            if let Some(end) = accept(self.text, at, end) {
                last_pattern = Some(pattern);
                self.next_pattern[pattern] = end;
                self.hits.push(Hit { skill: self.matcher.patterns.skills[pattern], start: at, end });
            }
        }
    }

    /// The hits, or `None` when the search ran out of time.
    fn finish(mut self) -> Option<Vec<Hit>> {
        self.end_line();
        if let Some(cache) = self.cache.take() {
            self.matcher.patterns.put_cache(cache);
        }
        if self.clock.late {
            return None;
        }
        let mut hits = self.hits;
        hits.sort_unstable_by_key(|h| (h.start, h.skill, h.end));
        hits.dedup_by_key(|h| (h.start, h.skill));
        Some(hits)
    }
}

impl Terms {
    fn new(terms: Vec<(String, usize)>, case_insensitive: bool) -> Result<Terms, BuildError> {
        let mut unique: Vec<String> = Vec::new();
        let mut skills: Vec<Vec<usize>> = Vec::new();
        // Index of each term in `unique`: a lexicon may have tens of thousands of terms.
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (term, skill) in terms {
            match index.get(&term) {
                Some(&i) if !skills[i].contains(&skill) => skills[i].push(skill),
                Some(_) => {}
                None => {
                    index.insert(term.clone(), unique.len());
                    unique.push(term);
                    skills.push(vec![skill]);
                }
            }
        }
        let bucket_of = |key: u64| (key % TERM_BUCKETS) as usize;
        let mut entries: Vec<TermEntry> = unique
            .into_iter()
            .enumerate()
            .map(|(id, term)| {
                let bytes = term.as_bytes();
                let first = bytes.iter().take_while(|&&b| is_word_byte(b)).count();
                // The byte prefilter cannot fold non-ASCII letters (`Ü` against `ü`): such terms skip it.
                let (tail, tail_mask) = if bytes.is_ascii() { tail_at(&bytes[first..], false) } else { (0, 0) };
                TermEntry { key: first_word_key(bytes), tail, tail_mask, term: term.into_bytes().into(), id }
            })
            .collect();
        u32::try_from(entries.len()).map_err(|_| BuildError("too many terms".into()))?;
        entries.sort_by_key(|e| (bucket_of(e.key), std::cmp::Reverse(e.term.len()), e.id));
        let mut buckets = vec![0u32; TERM_BUCKETS as usize + 1];
        for e in &entries {
            buckets[bucket_of(e.key) + 1] += 1;
        }
        for i in 1..buckets.len() {
            buckets[i] += buckets[i - 1];
        }
        let mut filter = KeyFilter::new();
        entries.iter().for_each(|e| filter.insert(e.key));
        Ok(Terms { case_insensitive, filter, buckets, entries, skills })
    }

    /// Whether some term may be filed under `key`: most words are not, and are passed over at once.
    fn may_start(&self, key: u64) -> bool {
        self.filter.contains(key)
    }

    /// Records the longest term starting at `at` whose boundaries hold, and returns its end. `words` are the
    /// keys to look up, each with where its word ends: the word itself, and its singular for a plural.
    fn longest_at(&self, text: &str, at: usize, words: &[(u64, usize)], hits: &mut Vec<Hit>) -> Option<usize> {
        let bytes = text.as_bytes();
        let (end, id) = words
            .iter()
            .filter_map(|&(key, word_end)| {
                let bucket = (key % TERM_BUCKETS) as usize;
                let entries = &self.entries[self.buckets[bucket] as usize..self.buckets[bucket + 1] as usize];
                let (tail, _) = tail_at(&bytes[word_end..], self.case_insensitive);
                // Longest first, so the first that is there and whose boundaries hold is the longest one.
                entries.iter().filter(|e| e.key == key && tail & e.tail_mask == e.tail).find_map(|e| {
                    let len = self.len_at(text, at, &e.term)?;
                    accept(text, at, at + len).map(|end| (end, e.id))
                })
            })
            // The word as written wins a tie with its singular (`APIs`: the term `apis` over `api`).
            .reduce(|best, next| if next.0 > best.0 { next } else { best })?;
        hits.extend(self.skills[id].iter().map(|&skill| Hit { skill, start: at, end }));
        Some(end)
    }
}

impl Terms {
    /// The length in `text` of `term` if it is written at `at`: byte for byte, or ignoring case (ASCII case
    /// byte for byte; other letters character by character, so `Überwachung` is `überwachung`).
    fn len_at(&self, text: &str, at: usize, term: &[u8]) -> Option<usize> {
        let here = &text.as_bytes()[at..];
        if !self.case_insensitive {
            return here.starts_with(term).then_some(term.len());
        }
        if term.is_ascii() {
            return here.get(..term.len()).filter(|h| h.eq_ignore_ascii_case(term)).map(|_| term.len());
        }
        let mut chars = text[at..].char_indices();
        for wanted in std::str::from_utf8(term).ok()?.chars() {
            let (_, c) = chars.next()?;
            if c != wanted && !c.to_lowercase().eq(std::iter::once(wanted)) {
                return None;
            }
        }
        Some(chars.next().map_or(text.len() - at, |(i, _)| i))
    }
}

/// The first four bytes of `bytes` (fewer at its end) as a little-endian integer, ASCII-lower-cased when
/// `fold`, and the mask of the bytes present.
fn tail_at(bytes: &[u8], fold: bool) -> (u32, u32) {
    let mut tail = [0u8; 4];
    let n = bytes.len().min(4);
    tail[..n].copy_from_slice(&bytes[..n]);
    if fold {
        tail.make_ascii_lowercase();
    }
    let mask = if n == 4 { u32::MAX } else { (1u32 << (8 * n)) - 1 };
    (u32::from_le_bytes(tail), mask)
}

/// The key a term is filed under and a word is looked up by: the hash of its leading run of ASCII word
/// characters, lower-cased.
fn first_word_key(bytes: &[u8]) -> u64 {
    bytes.iter().take_while(|&&b| is_word_byte(b)).fold(FNV_OFFSET, |hash, &b| fnv(hash, b))
}

impl Patterns {
    fn new(patterns: &[(&str, usize)]) -> Result<Patterns, BuildError> {
        let skills = patterns.iter().map(|&(_, skill)| skill).collect();
        let dfa = if patterns.is_empty() {
            None
        } else {
            Some(pattern_dfa(&patterns.iter().map(|&(p, _)| p).collect::<Vec<_>>())?)
        };
        Ok(Patterns { dfa, skills, caches: Mutex::new(Vec::new()) })
    }

    fn take_cache(&self) -> Option<Cache> {
        let dfa = self.dfa.as_ref()?;
        let pooled = self.caches.lock().ok().and_then(|mut caches| caches.pop());
        Some(pooled.unwrap_or_else(|| dfa.create_cache()))
    }

    fn put_cache(&self, cache: Cache) {
        if let Ok(mut caches) = self.caches.lock() {
            caches.push(cache);
        }
    }

    /// Every `(end, pattern)` of the patterns that match starting exactly at `at`.
    fn all_at(&self, cache: &mut Cache, text: &str, at: usize, ends: &mut Vec<(usize, usize)>, clock: &mut Clock) {
        ends.clear();
        let Some(dfa) = &self.dfa else { return };
        let input = Input::new(text).anchored(Anchored::Yes).range(at..);
        let Ok(mut state) = dfa.start_state_forward(cache, &input) else { return };
        // Each walk costs something, however short, so many short walks also reach the clock.
        if !clock.spend(64) {
            return;
        }
        let bytes = text.as_bytes();
        // A lazy DFA reports a match one byte late: a match state reached on the byte at `i` ends at `i`.
        for (i, &b) in bytes.iter().enumerate().skip(at) {
            if (i - at) % 4096 == 4095 && !clock.spend(4096) {
                return;
            }
            let Ok(next) = dfa.next_state(cache, state, b) else { return };
            state = next;
            if state.is_match() {
                ends.extend(
                    (0..dfa.match_len(cache, state)).map(|k| (i, dfa.match_pattern(cache, state, k).as_usize())),
                );
            } else if state.is_dead() || state.is_quit() {
                return;
            }
        }
        if let Ok(eoi) = dfa.next_eoi_state(cache, state)
            && eoi.is_match()
        {
            ends.extend(
                (0..dfa.match_len(cache, eoi)).map(|k| (bytes.len(), dfa.match_pattern(cache, eoi, k).as_usize())),
            );
        }
    }
}

/// Checks the word boundaries of a match at `start..end` and returns its end, extended over a plural `s`.
///
/// An edge that is a word character must not touch another word character; an edge that is punctuation
/// (`C++`, `.NET`) is taken as written.
fn accept(text: &str, start: usize, end: usize) -> Option<usize> {
    if !text.is_char_boundary(end) {
        return None;
    }
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

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The matcher without its filters, for tests and fuzzing to check [`Matcher::find`] against: the pattern DFA is
/// walked at every word start, with no openers, closers or lines, and every word looks up its terms.
#[doc(hidden)]
pub struct Unfiltered {
    matcher: Matcher,
    /// The same without its patterns, and with a first filter that lets every word through.
    literal_only: Matcher,
}

impl Unfiltered {
    /// Compiles `lexicons` twice, as [`Matcher::new`] does.
    pub fn new(lexicons: &Lexicons) -> Result<Unfiltered, BuildError> {
        let mut literal_only = Matcher::new(lexicons)?;
        literal_only.patterns.dfa = None;
        literal_only.word_keys = KeyFilter { bits: vec![u64::MAX; (FILTER_BITS / 64) as usize] };
        Ok(Unfiltered { matcher: Matcher::new(lexicons)?, literal_only })
    }

    /// What [`Matcher::find`] must find in `text`: the hits of the terms and those of the walks, merged as
    /// [`Search::finish`] merges them; and how many hits the walks gave.
    pub fn find(&self, text: &str) -> (Vec<Hit>, usize) {
        let mut search = Search::new(&self.matcher, text, Clock::unbounded());
        let mut previous_is_word = false;
        for (at, c) in text.char_indices() {
            if is_word(c) && !previous_is_word {
                search.patterns_at(at);
            }
            previous_is_word = is_word(c);
        }
        let walked = std::mem::take(&mut search.hits);
        drop(search.finish());
        let walk_hits = walked.len();
        let mut hits = self.literal_only.find(text);
        hits.extend(walked);
        hits.sort_unstable_by_key(|h| (h.start, h.skill, h.end));
        hits.dedup_by_key(|h| (h.start, h.skill));
        (hits, walk_hits)
    }
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
id = "solution-design"
name = "Solution design"
category = "design"
weight = 1
terms = ["lösungsdesign", "design de soluções", "über-design"]

[[skill]]
id = "apis-product"
name = "An APIs product"
category = "cloud"
weight = 1
terms = ["apis"]

[[skill]]
id = "api"
name = "API"
category = "cloud"
weight = 1
terms = ["api"]

[[skill]]
id = "feedback"
name = "Design feedback"
category = "design"
weight = 1
patterns = ['(?:solicit|gather)(?:ed|ing)? feedback', 'revisões (?:de )?design', 'communicat\w* with clients', 'lead\w* \w*teams']
"#;
        Lexicons::from_files(vec![SourceFile { name: "e.toml".into(), source: "e".into(), text: text.into() }])
            .expect("test lexicon is valid")
    }

    fn found(text: &str) -> Vec<(String, &str)> {
        let lex = lexicons();
        let m = Matcher::new(&lex).expect("compiles");
        m.find(text).iter().map(|h| (lex.skills[h.skill].id.clone(), &text[h.start..h.end])).collect()
    }

    fn embedded_with_and_without_filters() -> (Matcher, Unfiltered) {
        let lex = Lexicons::embedded().expect("embedded lexicons");
        (Matcher::new(&lex).expect("compiles"), Unfiltered::new(&lex).expect("compiles"))
    }

    #[test]
    fn the_pattern_filter_loses_no_hit() {
        let (matcher, unfiltered) = embedded_with_and_without_filters();
        let filter = &matcher.pattern_filter;
        assert!(!filter.spans_lines && filter.unclosed == 0 && filter.everywhere == 0, "every pattern is filtered");
        let pieces = [
            "design ",
            "Designed ",
            "designs ",
            "document ",
            "documented ",
            "and ",
            "& ",
            "lead ",
            "Led ",
            "leading ",
            "teams",
            "teams ",
            "team ",
            "wrote ",
            "developing ",
            "maintains ",
            "terraform ",
            "Terraform modules",
            "module",
            "scripts",
            "ci/cd ",
            "CI ",
            "pipelines",
            "pipeline",
            "build ",
            "work ",
            "closely ",
            "with ",
            "clients",
            "customers",
            "Customers ",
            "present ",
            "presented ",
            "to ",
            "executives",
            "c-level",
            "non-technical",
            "communicated ",
            "explain ",
            "migrated ",
            "the ",
            "public ",
            "cloud",
            "cloud ",
            "experience ",
            "selling",
            "in ",
            "workshops",
            "workshop ",
            "discovery ",
            "for ",
            "secure ",
            "designs cloud, ",
            "scalable ",
            "solutions",
            "architectures",
            "architecture ",
            "respond ",
            "incidents",
            "meet ",
            "gathered ",
            "requirements",
            "translate ",
            "into ",
            "evaluate ",
            "technologies",
            "review ",
            "against ",
            "feedback ",
            "on ",
            "proposals",
            "advise ",
            "relationships ",
            "deals",
            "win ",
            ", ",
            ". ",
            "\n",
            "s ",
            "é",
            "x",
            "-",
            "big ",
            "new ",
            "sales ",
            "opportunities",
            "remediate ",
            "vulnerabilities",
        ];
        let lines: Vec<String> =
            crate::test_lines::generated_lines(&pieces, 0x243f_6a88_85a3_08d3, 40_000, 8).collect();
        let mut walk_hits = 0;
        for text in lines.chunks(10).map(|lines| lines.join("\n")) {
            let (expected, walked) = unfiltered.find(&text);
            assert_eq!(matcher.find(&text), expected, "text: {text:?}");
            walk_hits += walked;
        }
        assert!(walk_hits > 300, "{walk_hits} pattern hits");
    }

    #[test]
    fn the_pattern_filter_loses_no_hit_in_the_samples() {
        let (matcher, unfiltered) = embedded_with_and_without_filters();
        let (mut texts, mut walk_hits) = (0, 0);
        for kind in ["postings", "resumes"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(kind);
            for entry in std::fs::read_dir(dir).expect("samples").flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    let (expected, walked) = unfiltered.find(&text);
                    assert_eq!(matcher.find(&text), expected, "{}", entry.path().display());
                    (texts, walk_hits) = (texts + 1, walk_hits + walked);
                }
            }
        }
        assert!(texts >= 5 && walk_hits >= 5, "{texts} sample texts, {walk_hits} pattern hits");
    }

    #[test]
    fn patterns_past_the_64th_share_a_bit_and_are_still_found() {
        let mut toml = String::from("id = \"engineer\"\nname = \"Cloud engineer\"\ntitles = [\"cloud engineer\"]\n");
        for n in 0..70 {
            toml += &format!(
                "[[skill]]\nid = \"s{n}\"\nname = \"S{n}\"\ncategory = \"c\"\nweight = 1\n\
                 patterns = ['open{n}\\w* (?:[\\w-]+ ){{0,2}}close{n}s?']\n"
            );
        }
        let lex = Lexicons::from_files(vec![SourceFile { name: "e.toml".into(), source: "e".into(), text: toml }])
            .expect("test lexicon is valid");
        let matcher = Matcher::new(&lex).expect("compiles");
        let text = "open66ed a b close66s\nopen65 close68\nopen69 close69 open3 x close3\nopen67 and\nclose67";
        let found: Vec<_> =
            matcher.find(text).iter().map(|h| (lex.skills[h.skill].id.as_str(), &text[h.start..h.end])).collect();
        assert_eq!(found, [("s66", "open66ed a b close66s"), ("s69", "open69 close69"), ("s3", "open3 x close3")]);
    }

    /// What a lexicon of one skill with `patterns` finds in `text`.
    fn found_by_patterns<'t>(patterns: &[&str], text: &'t str) -> Vec<&'t str> {
        let patterns: Vec<String> = patterns.iter().map(|p| format!("'{p}'")).collect();
        let toml = format!(
            "id = \"e\"\nname = \"E\"\ntitles = [\"e\"]\n[[skill]]\nid = \"s\"\nname = \"S\"\ncategory = \"c\"\n\
             weight = 1\npatterns = [{}]\n",
            patterns.join(", ")
        );
        let lex = Lexicons::from_files(vec![SourceFile { name: "e.toml".into(), source: "e".into(), text: toml }])
            .expect("test lexicon is valid");
        Matcher::new(&lex).expect("compiles").find(text).iter().map(|h| &text[h.start..h.end]).collect()
    }

    #[test]
    fn patterns_that_match_across_lines_or_anywhere_are_still_found() {
        assert_eq!(found_by_patterns(&[r"lead\s+teams"], "we lead\nteams"), ["lead\nteams"]);
        assert_eq!(found_by_patterns(&[r"\w+ing teams"], "managing teams"), ["managing teams"], "no prefix literal");
        assert_eq!(found_by_patterns(&[r"lead (?:\w+ )?teams", r"(?su)x.y"], "lead\nx\ny lead big teams").len(), 2);
    }

    #[test]
    fn patterns_in_unicode_mode_are_still_found() {
        // Unicode case folding matches `ſ` for `s` and the Kelvin sign for `k`, which ASCII keys do not fold.
        assert_eq!(found_by_patterns(&["(?u)lead teams"], "lead team\u{17f}"), ["lead team\u{17f}"]);
        assert_eq!(found_by_patterns(&["lead (?u:work)"], "lead wor\u{212a}"), ["lead wor\u{212a}"]);
        assert_eq!(found_by_patterns(&[r"(?u)solicit\w* feedback"], "\u{17f}olicited feedback").len(), 1);
    }

    #[test]
    fn a_closing_word_is_a_whole_word_of_the_literal() {
        assert_eq!(closing_word(b" ci/cd pipelines"), Some(&b"pipelines"[..]));
        assert_eq!(closing_word(b"experience selling"), Some(&b"selling"[..]));
        assert_eq!(closing_word(b" c-level"), Some(&b"level"[..]));
        assert_eq!(closing_word(b"selling"), None, "may be the end of a longer word");
        assert_eq!(closing_word("ação".as_bytes()), None);
        assert_eq!(closing_word("soluçãodesign".as_bytes()), None, "a letter outside ASCII may come before it");
        assert_eq!(closing_word(b"c++"), None);
    }

    #[test]
    fn patterns_that_can_match_a_line_end_turn_off_the_line_rule() {
        let filter = |pattern: &str| PatternFilter::new(&[pattern]);
        assert!(!filter(r"lead(?:s|ing)? (?:[\w-]+ ){0,2}teams").spans_lines);
        assert!(filter(r"lead\s+teams").spans_lines);
        for any_byte in [r"(?s)lead.teams", r"lead[^x]teams", r"(?u)lead.teams"] {
            let filter = filter(any_byte);
            assert_eq!((filter.everywhere, filter.unclosed), (1, 1), "a class outside ASCII: {any_byte}");
        }
        assert!(filter("lead\nteams").spans_lines);
        assert_eq!(filter(r"lead\w* (?:[\w-]+ ){0,2}teams").unclosed, 0);
        assert_eq!(filter(r"lead\w* \w*teams").unclosed, 1, "`teams` may end a longer word");
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
    fn a_shorter_term_counts_where_the_longest_one_is_cut_off() {
        assert_eq!(found("AWS Lambdaless"), vec![("aws".into(), "AWS")]);
    }

    #[test]
    fn terms_after_non_ascii_text_and_at_the_very_end_are_found() {
        assert_eq!(found("naïve café, then java"), vec![("java".into(), "java")]);
        assert_eq!(found("Java"), vec![("java".into(), "Java")]);
    }

    #[test]
    fn terms_with_non_ascii_letters_are_found_in_any_case() {
        let hits = found("Lösungsdesign, DESIGN DE SOLUÇÕES und Über-Design; nicht Lösungsdesignteam");
        let texts: Vec<_> = hits.iter().map(|h| h.1).collect();
        assert_eq!(texts, vec!["Lösungsdesign", "DESIGN DE SOLUÇÕES", "Über-Design"]);
    }

    #[test]
    fn a_word_as_written_wins_over_its_singular() {
        assert_eq!(found("APIs and an API"), vec![("apis-product".into(), "APIs"), ("api".into(), "API")]);
    }

    #[test]
    fn a_plural_first_word_does_not_open_the_singulars_longer_terms() {
        assert_eq!(found("AWSs lambda"), vec![("aws".into(), "AWSs"), ("lambda".into(), "lambda")]);
        assert_eq!(
            found("Load Balancers and load balancing"),
            vec![("load-balancers".into(), "Load Balancers"), ("load-balancers".into(), "load balancing")]
        );
    }

    #[test]
    fn patterns_are_case_insensitive_and_bounded() {
        assert_eq!(found("Gathered feedback from").len(), 1);
        assert_eq!(found("Revisões de DESIGN").len(), 1, "non-ASCII literal text matches as written");
        assert_eq!(found("Communicates with clients; communicating with clients").len(), 2, "a stem opens words");
        assert!(found("miscommunicates with clients").is_empty());
        assert!(found("ungathered feedbacks").is_empty());
    }

    #[test]
    fn a_pattern_without_closing_words_is_walked_without_one() {
        assert_eq!(found("Leading superteams"), vec![("feedback".into(), "Leading superteams")]);
    }

    #[test]
    fn hits_in_non_ascii_text_keep_char_boundaries() {
        assert_eq!(found("Ünïcode — AWS—é"), vec![("aws".into(), "AWS")]);
        assert!(found("éaws").is_empty());
    }
}
