//! One shape of text for every format. Each extractor leaves its own blemishes — PDFs give ligatures (`ﬁ`), words
//! hyphenated across lines and odd Unicode spaces, Word gives soft hyphens and non-breaking spaces, old exports give
//! mojibake (`â€™` for `’`, `â¢` for `•`) — and the matcher should not have to know any of them. [`normalize`]
//! removes them in five steps, in this order:
//!
//! 1. **Mojibake repair.** UTF-8 that was read as Windows-1252 (or Latin-1) is turned back into what was meant: a
//!    character that could begin a UTF-8 sequence (`Â`…`ô`) followed by the right number of characters that stand
//!    for continuation bytes is decoded, when the result is a character such damage plausibly hides (see
//!    `plausible_repair`). The known damaged forms with a lost byte are repaired too: `â¢` and `â ¢` (the resume
//!    dataset's bullet, its 0x80 dropped) become `•`, and `â€` with no third byte becomes `”` (0x9D is undefined
//!    in Windows-1252, so decoders drop it). Up to three passes undo double encoding. Correct text (`café`,
//!    `naïve`, `Zürich`, `£100`, `€`, `pâte`, `CAFÉ’S`) is never touched: its characters do not form such a sequence.
//! 2. **NFKC** (compatibility composition): ligatures become letters, full-width letters become ASCII, `…` becomes
//!    `...`, decomposed accents compose. `™` and `℠` are kept as they are, because NFKC would turn `Java™` into
//!    `JavaTM` and hide the word.
//! 3. **Invisible and odd characters.** Soft hyphens (U+00AD) and zero-width characters (U+200B, U+200C, U+200D,
//!    U+2060, U+FEFF) are removed, other Unicode spaces become a plain space, line ends (`\r\n`, `\r`, vertical tab,
//!    form feed, U+2028, U+2029) become `\n`. Tabs are kept. A soft hyphen that ends a line is kept for step 4.
//! 4. **Words hyphenated across a line break are rejoined.** A line ending in `letters-` (a hyphen or U+2010 right
//!    after two lower-case letters, or a soft hyphen) followed by a line starting with two lower-case letters is
//!    joined: the second line's text moves up onto the first line and the second line goes. Whether the hyphen
//!    stays is decided by `hyphen_stays`: the document's own spelling first (`self-service` or `selfservice`
//!    elsewhere), then a short list of closed words (`database`), then compound prefixes (`self-`, `cross-`, …)
//!    and heads (`-driven`, `-oriented`, …); otherwise the hyphen was the typesetter's and goes (`infra-structure`
//!    → `infrastructure`). A line whose next line starts with a capital, a digit or a bullet is never joined.
//! 5. **Whitespace.** Runs of spaces and tabs in a line become one space, or one tab when the run held a tab (tables
//!    are tab-separated); trailing whitespace goes; more than two blank lines in a row become one; leading and
//!    trailing blank lines go; non-empty text ends with exactly one `\n`.
//!
//! Evidence is reported as line numbers of the normalised text, so normalisation is deterministic, never reorders
//! lines and keeps one output line per input line, except where step 4 joins two lines and step 5 drops blank lines.
//! It never drops a content word: it only removes invisible characters, whitespace and line-end hyphens.
//!
//! Two diagnostics read the text too: [`unreadable_share`] (garbled text) and [`language_shares`] (the lexicons are
//! English).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use encoding_rs::WINDOWS_1252;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::extract::budget::Budget;
use crate::outcome::Failure;
use crate::swar;

/// Normalises extracted text: see the module docs for each step.
pub fn normalize(text: &str) -> String {
    let text = repair_mojibake(text);
    let text = compatibility_compose(&text);
    let text = clean_characters(&text);
    let text = rejoin_hyphenated_words(&text);
    tidy_whitespace(&text)
}

/// [`normalize`] within a document's budget: the text is taken by value and each step's input is freed as soon
/// as the next step has its output, so at most two copies of the text live at once; the clock is looked at
/// between steps.
pub fn normalize_within(text: String, budget: &Budget) -> Result<String, Failure> {
    let changed = into_owned(repair_mojibake(&text));
    let text = replace(text, changed);
    budget.check_time()?;
    let changed = into_owned(compatibility_compose(&text));
    let text = replace(text, changed);
    budget.check_time()?;
    let changed = Some(clean_characters(&text));
    let text = replace(text, changed);
    budget.check_time()?;
    let changed = Some(rejoin_hyphenated_words(&text));
    let text = replace(text, changed);
    budget.check_time()?;
    Ok(tidy_whitespace(&text))
}

/// What a step changed, if it changed anything.
fn into_owned(step: Cow<'_, str>) -> Option<String> {
    match step {
        Cow::Borrowed(_) => None,
        Cow::Owned(changed) => Some(changed),
    }
}

/// The step's output, the input freed; or the input when the step changed nothing.
fn replace(input: String, changed: Option<String>) -> String {
    changed.unwrap_or(input)
}

/// Whether the text is mostly unreadable: U+FFFD, control characters, private-use glyphs, or leftover mojibake.
/// Returns the unreadable share (0.0–1.0).
///
/// The share is taken over non-whitespace characters. Unreadable are U+FFFD, control characters, private-use
/// characters (U+E000–U+F8FF and planes 15–16), and both characters of a leftover mojibake marker: `Ã` or `Â`
/// followed by a character standing for a UTF-8 continuation byte (`Ã©`, `Â°`), `â€` and `â¢`. Empty text (or
/// text that is all whitespace) gives 0.0.
pub fn unreadable_share(text: &str) -> f64 {
    let mut visible = 0usize;
    let mut unreadable = 0usize;
    // The previous character, and whether it was counted as unreadable.
    let mut previous: Option<(char, bool)> = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if let Some(spaces) = bytes.get(at..at + 8).and_then(plain_ascii_spaces) {
            // Eight printable ASCII characters: all visible but the spaces, none unreadable.
            visible += 8 - spaces;
            previous = Some((char::from(bytes[at + 7]), false));
            at += 8;
            continue;
        }
        if byte.is_ascii() {
            // ASCII never ends a mojibake marker: only its controls are unreadable.
            // `char::is_whitespace` on ASCII (which, unlike `u8::is_ascii_whitespace`, includes vertical tab).
            let whitespace = matches!(byte, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
            let counted = byte.is_ascii_control() && !whitespace;
            visible += usize::from(!whitespace);
            unreadable += usize::from(counted);
            previous = Some((char::from(byte), counted));
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or_default();
        at += c.len_utf8();
        let marker = previous.is_some_and(|(p, _)| is_mojibake_marker(p, c));
        if marker && previous.is_some_and(|(_, counted)| !counted) {
            unreadable += 1; // the marker's first character (`Ã`, `Â`, `â`) is never whitespace
        }
        let whitespace = c.is_whitespace();
        let counted = !whitespace && (marker || is_unreadable(c));
        visible += usize::from(!whitespace);
        unreadable += usize::from(counted);
        previous = Some((c, counted));
    }
    if visible == 0 { 0.0 } else { unreadable as f64 / visible as f64 }
}

/// The number of spaces in `eight` bytes that are all printable ASCII (space to `~`), or `None` when they are
/// not.
fn plain_ascii_spaces(eight: &[u8]) -> Option<usize> {
    let block = swar::ascii_block(eight)?;
    (swar::in_range(block, b' ', b'~') == swar::ALL).then(|| swar::equal_to(block, b' ').count_ones() as usize)
}

/// How English a text reads, from the first ~2,000 words: the share of them that are common English function
/// words, and the share that are function words of other European languages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LanguageShares {
    /// English function words. English prose is ~0.35–0.5; German, Portuguese or French prose < 0.1.
    pub english: f64,
    /// Function words of German, Dutch, French, Spanish, Portuguese, Italian or Polish that are not English words.
    /// Terse English (a resume's skill lists) has few English function words but also none of these; a German
    /// posting has many.
    pub foreign: f64,
}

/// Reads [`LanguageShares`] in one pass.
///
/// Words are runs of letters, lower-cased. The English list holds about a hundred words chosen to be rare in
/// German, French, Portuguese and Spanish: `a`, `as`, `no`, `do`, `so`, `me` and `also` are left out, being as
/// common there. Text of fewer than 20 words is too short to judge and reads as all English, nothing foreign, so a
/// short document is never called foreign on such thin evidence.
pub fn language_shares(text: &str) -> LanguageShares {
    let (mut words, mut english, mut foreign) = (0usize, 0usize, 0usize);
    let mut lower = String::new();
    let (ascii_listed, listed_words) = (&*ASCII_LISTED_WORDS, &*LISTED_WORDS);
    for Word { start, end, ascii } in alphabetic_words(text).take(ENGLISH_SAMPLE_WORDS) {
        words += 1;
        if end - start > LONGEST_LISTED_WORD {
            continue;
        }
        let listed = if ascii {
            ascii_listed.get(&ascii_word_key(text.as_bytes(), start, end))
        } else {
            lower.clear();
            lower.extend(text[start..end].chars().flat_map(char::to_lowercase));
            listed_words.get(lower.as_str())
        };
        match listed {
            Some(Language::English) => english += 1,
            Some(Language::Foreign) => foreign += 1,
            None => {}
        }
    }
    if words < ENGLISH_MIN_WORDS {
        return LanguageShares { english: 1.0, foreign: 0.0 };
    }
    LanguageShares { english: english as f64 / words as f64, foreign: foreign as f64 / words as f64 }
}

/// Where each run of alphabetic characters in `text` starts and ends: the words of `text.split(|c: char|
/// !c.is_alphabetic())` that are not empty.
fn alphabetic_words(text: &str) -> AlphabeticWords<'_> {
    AlphabeticWords { text, at: 0, start: None, ascii: true, block: 0, edges: 0 }
}

/// A run of alphabetic characters: `text[start..end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Word {
    start: usize,
    end: usize,
    /// Whether it is all ASCII.
    ascii: bool,
}

/// The iterator of [`alphabetic_words`]. ASCII is read eight bytes at a time: one integer gives the letters of a
/// block, and the letters shifted by a byte the places where a word starts or ends.
struct AlphabeticWords<'t> {
    text: &'t str,
    /// Where reading goes on.
    at: usize,
    /// Where the word being read started.
    start: Option<usize>,
    /// Whether the word being read is ASCII so far.
    ascii: bool,
    /// Where the block of `edges` starts.
    block: usize,
    /// The high bit of each byte of the block where a word starts or ends, not yet handed out.
    edges: u64,
}

impl Iterator for AlphabeticWords<'_> {
    type Item = Word;

    // Inlined into the caller's loop: a call per word cost more than finding the word.
    #[inline]
    fn next(&mut self) -> Option<Word> {
        loop {
            // Starts and ends alternate.
            while self.edges != 0 {
                let edge = self.block + (self.edges.trailing_zeros() / 8) as usize;
                self.edges &= self.edges - 1;
                match self.start.take() {
                    None => (self.start, self.ascii) = (Some(edge), true),
                    Some(start) => return Some(Word { start, end: edge, ascii: self.ascii }),
                }
            }
            if let Some(block) = self.text.as_bytes().get(self.at..self.at + 8).and_then(swar::ascii_block) {
                let letters = swar::letters(block);
                let letter_before = if self.start.is_some() { 0x80 } else { 0 };
                self.edges = letters ^ (letters << 8 | letter_before);
                self.block = self.at;
                self.at += 8;
                continue;
            }
            let Some(c) = self.text[self.at..].chars().next() else {
                return self.start.take().map(|start| Word { start, end: self.at, ascii: self.ascii });
            };
            let here = self.at;
            self.at += c.len_utf8();
            match (c.is_alphabetic(), self.start) {
                (true, None) => (self.start, self.ascii) = (Some(here), c.is_ascii()),
                (true, Some(_)) => self.ascii &= c.is_ascii(),
                (false, Some(start)) => {
                    self.start = None;
                    return Some(Word { start, end: here, ascii: self.ascii });
                }
                (false, None) => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Step 1: mojibake repair

/// Repair passes at most: one per layer of double encoding (`Ã¢â‚¬â„¢` → `â€™` → `’`).
const MAX_REPAIR_PASSES: usize = 3;

/// The characters Windows-1252 gives to bytes 0x80–0x9F, from encoding_rs (the WHATWG table). Bytes 0xA0–0xFF
/// decode to U+00A0–U+00FF, and the five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) to the C1 control of the
/// same number, so only the 27 characters above U+00FF need a table.
static WINDOWS_1252_HIGH: LazyLock<Vec<(char, u8)>> = LazyLock::new(|| {
    let bytes: Vec<u8> = (0x80..=0x9f).collect();
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
    text.chars().zip(bytes.iter().copied()).filter(|&(c, _)| c > '\u{ff}').collect()
});

/// The byte `c` was decoded from, if it came from a single byte read as Windows-1252 or Latin-1 (Latin-1 gives the
/// C1 controls U+0080–U+009F, Windows-1252 gives `€`, `’`, `™`, …).
fn windows_1252_byte(c: char) -> Option<u8> {
    u8::try_from(c).ok().or_else(|| WINDOWS_1252_HIGH.iter().find(|&&(k, _)| k == c).map(|&(_, b)| b))
}

/// Whether `c` could be a UTF-8 lead byte (0xC2–0xF4) read as Windows-1252: `Â` to `ô`.
fn could_start_mojibake(c: char) -> bool {
    ('\u{c2}'..='\u{f4}').contains(&c)
}

/// Whether `c` stands for a UTF-8 continuation byte (0x80–0xBF) read as Windows-1252 or Latin-1.
fn is_continuation(c: char) -> bool {
    windows_1252_byte(c).is_some_and(|b| (0x80..=0xbf).contains(&b))
}

/// Repairs UTF-8 read as Windows-1252 or Latin-1 (step 1).
fn repair_mojibake(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    for _ in 0..MAX_REPAIR_PASSES {
        match repair_pass(&text) {
            Some(repaired) => text = Cow::Owned(repaired),
            None => break,
        }
    }
    text
}

/// Characters a repair reads at most: a four-byte UTF-8 sequence.
const REPAIR_WINDOW: usize = 4;

/// One pass of mojibake repair; `None` when nothing was repaired. Only the characters that can open a sequence
/// are looked at, and the text between repairs is copied in one piece.
fn repair_pass(text: &str) -> Option<String> {
    let mut out = String::new();
    // Bytes of `text` already copied to `out` or replaced by a repair.
    let mut done = 0;
    let mut window = ['\0'; REPAIR_WINDOW];
    // Every character that can open a sequence (U+00C2 to U+00F4) is encoded with the lead byte 0xC3.
    let mut from = 0;
    while let Some(at) = memchr::memchr(0xc3, &text.as_bytes()[from..]).map(|i| from + i) {
        from = at + 1;
        let c = text[at..].chars().next().unwrap_or_default();
        if at < done || !could_start_mojibake(c) {
            continue;
        }
        let mut len = 0;
        for (slot, next) in window.iter_mut().zip(text[at..].chars()) {
            *slot = next;
            len += 1;
        }
        let chars = &window[..len];
        if let Some((repaired, used)) = utf8_sequence_at(chars).or_else(|| damaged_sequence_at(chars)) {
            if done == 0 {
                out.reserve(text.len());
            }
            out.push_str(&text[done..at]);
            out.push(repaired);
            done = at + chars[..used].iter().map(|c| c.len_utf8()).sum::<usize>();
        }
    }
    if done == 0 {
        return None;
    }
    out.push_str(&text[done..]);
    Some(out)
}

/// The character that a UTF-8 sequence read as Windows-1252 at the start of `chars` stood for, and how many
/// characters it took; `None` when the characters do not form a valid sequence or decode to an implausible one.
fn utf8_sequence_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = windows_1252_byte(*chars.first()?)?;
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (slot, &c) in bytes[1..len].iter_mut().zip(chars.get(1..len)?) {
        *slot = windows_1252_byte(c).filter(|b| (0x80..=0xbf).contains(b))?;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    plausible_repair(decoded).then_some((decoded, len))
}

/// Whether `c` is a character that mojibake plausibly hides. The list leaves out what correct text can spell by
/// accident: most capital accented letters before a curly quote or dash (`CAFÉ’S` would read as `CAFɒS`, `AQUÍ”`
/// as a combining mark) decode to IPA, combining marks above U+033F, Armenian, Hebrew, Arabic or CJK, none listed
/// here. Line and paragraph separators are left out too, so that repair never adds a line.
fn plausible_repair(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}'         // C1 controls: a layer of double encoding, repaired by the next pass
        | '\u{a0}'..='\u{17f}'      // Latin-1 Supplement and Latin Extended-A: é, ü, ł, œ, NBSP, °, £
        | '\u{218}'..='\u{21b}'     // Romanian ș ț
        | '\u{300}'..='\u{33f}'     // combining accents of decomposed text (é as e + U+0301)
        | '\u{370}'..='\u{45f}'     // Greek and basic Cyrillic
        | '\u{2000}'..='\u{2027}'   // general punctuation: ’ – • …
        | '\u{202a}'..='\u{27bf}'   // currency, letterlike, arrows, maths, shapes, dingbats: € ™ ✓ (not U+2028/9)
        | '\u{2b00}'..='\u{2bff}'   // more symbols and arrows: ⭐
        | '\u{e000}'..='\u{f8ff}'   // private use: Symbol-font bullets from Word (U+F0B7 = ï‚·)
        | '\u{fb00}'..='\u{fb06}'   // Latin ligatures
        | '\u{feff}' | '\u{fffd}'   // BOM (ï»¿), replacement character (ï¿½)
        | '\u{1f000}'..='\u{1faff}' // emoji
    )
}

/// Known damaged forms that lost a byte: `â¢` and `â ¢` (a bullet `E2 80 A2` whose 0x80 was dropped or turned into
/// a space, as in the public resume dataset) become `•`; `â€` with no third byte (or U+FFFD in its place) becomes
/// `”`, whose last byte 0x9D is undefined in Windows-1252 and often dropped.
fn damaged_sequence_at(chars: &[char]) -> Option<(char, usize)> {
    match chars {
        ['â', '¢', ..] => Some(('•', 2)),
        ['â', ' ', '¢', ..] => Some(('•', 3)),
        ['â', '€', '\u{fffd}', ..] => Some(('”', 3)),
        ['â', '€', next, ..] if !is_continuation(*next) => Some(('”', 2)),
        ['â', '€'] => Some(('”', 2)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Step 2: NFKC

/// Signs NFKC would spell out in letters (`™` → `TM`), gluing them to the word before.
const KEPT_SIGNS: [char; 2] = ['™', '℠'];

/// Applies NFKC, keeping `™` and `℠` (step 2). Line by line, so that only the lines that need it pay for it: a
/// line feed never composes with anything, so this is the same as composing the whole text.
fn compatibility_compose(text: &str) -> Cow<'_, str> {
    if is_nfkc(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if is_nfkc(line) {
            out.push_str(line);
            continue;
        }
        for piece in line.split_inclusive(KEPT_SIGNS) {
            match piece.strip_suffix(KEPT_SIGNS) {
                Some(body) => {
                    out.extend(body.nfkc());
                    out.push_str(&piece[body.len()..]);
                }
                None => out.extend(piece.nfkc()),
            }
        }
    }
    Cow::Owned(out)
}

/// Whether `text` is its own NFKC by the quick check (`Yes`, not `Maybe`). ASCII is its own NFKC and a starter (it
/// resets the check's state), so only the runs of other characters are checked, and ASCII is passed over eight
/// bytes at a time: the check decoding every character was a fifth of normalisation.
fn is_nfkc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(start) = swar::first_non_ascii(&bytes[from..]).map(|i| from + i) {
        let end = bytes[start..].iter().position(u8::is_ascii).map_or(bytes.len(), |i| start + i);
        if is_nfkc_quick(text[start..end].chars()) != IsNormalized::Yes {
            return false;
        }
        from = end;
    }
    true
}

// ---------------------------------------------------------------------------------------------------------------
// Step 3: invisible characters, spaces, line ends

const SOFT_HYPHEN: char = '\u{ad}';

/// Characters removed outright: zero-width space, non-joiner, joiner, word joiner, BOM / zero-width no-break space.
const ZERO_WIDTH: [char; 5] = ['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'];

/// Characters that end a line besides `\n` and `\r`: vertical tab, form feed (a page break in `pdftotext` output),
/// line separator, paragraph separator.
const OTHER_LINE_BREAKS: [char; 4] = ['\u{b}', '\u{c}', '\u{2028}', '\u{2029}'];

/// Removes soft hyphens and zero-width characters, turns Unicode spaces into spaces and line ends into `\n`
/// (step 3). A soft hyphen at the end of a line (before optional spaces) is kept for step 4.
fn clean_characters(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Start of the run of characters kept as they are, copied in one piece when the run ends.
    let mut kept = 0;
    // Only these ASCII bytes change (besides characters outside ASCII): the rest are passed over unread.
    let may_change = |b: &u8| !b.is_ascii() || matches!(b, b'\r' | 0x0b | 0x0c);
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(may_change).map(|n| from + n) {
        let c = text[i..].chars().next().unwrap_or_default();
        from = i + c.len_utf8();
        let replacement = match c {
            '\r' => {
                from += usize::from(bytes.get(from) == Some(&b'\n'));
                Some('\n')
            }
            c if OTHER_LINE_BREAKS.contains(&c) => Some('\n'),
            SOFT_HYPHEN => ends_line(&text[from..]).then_some(SOFT_HYPHEN),
            c if ZERO_WIDTH.contains(&c) => None,
            c if c.is_whitespace() => Some(' '),
            _ => continue,
        };
        out.push_str(&text[kept..i]);
        out.extend(replacement);
        kept = from;
    }
    out.push_str(&text[kept..]);
    out
}

/// Whether `rest` starts with a line end, after optional spaces.
fn ends_line(rest: &str) -> bool {
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() && !is_line_break(c));
    rest.starts_with(is_line_break)
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r') || OTHER_LINE_BREAKS.contains(&c)
}

// ---------------------------------------------------------------------------------------------------------------
// Step 4: words hyphenated across a line break

/// First parts that make hyphenated compounds (`self-service`, `cross-functional`, `real-time`, `data-driven`).
/// Left out on purpose: `re`, `co`, `on`, `end`, `back`, `state` begin too many words a typesetter splits there
/// (`re-sponsible`, `on-tology`, `back-ground`, `state-ment`).
const COMPOUND_PREFIXES: &str =
    "self non cross multi full part long short real third hands well high low cloud data event open fast";

/// Second parts that make hyphenated compound adjectives (`detail-oriented`, `user-friendly`, `cost-effective`).
const COMPOUND_HEADS: &str =
    "driven oriented based focused facing friendly solving making minded native centric specific effective level scale";

/// Closed words that start with a compound prefix, spelled without a hyphen whatever the prefix says.
const CLOSED_WORDS: &str = "multiple multiples partner partners partnership partnerships highlight highlights \
    highlighted highlighting database databases dataset datasets opening openings openness wellness shortage \
    shortages shortlisted lowest fastest";

/// Whether `word` is in `list`, a list of words separated by spaces.
fn listed(list: &str, word: &str) -> bool {
    list.split_ascii_whitespace().any(|w| w == word)
}

/// Longest first part considered: a longer run of letters is not a word, and the cap keeps a chain of joins linear.
const MAX_WORD_CHARS: usize = 64;

/// A line that ends in a word broken by a hyphen.
struct LineEndBreak {
    /// Byte length of the line up to and including the word's first part (the hyphen and what follows go).
    keep: usize,
    /// The word's first part, lower-cased.
    first: String,
    /// The hyphen: `-`, U+2010 or a soft hyphen.
    hyphen: char,
    /// Whether the first part follows another hyphen (`end-to-`), so the word is a compound already.
    in_compound: bool,
}

/// The break at the end of `line`: `letters-` with two lower-case letters before the hyphen, or a soft hyphen
/// after a letter. Trailing spaces are ignored; a first part longer than [`MAX_WORD_CHARS`] is no word.
fn line_end_break(line: &str) -> Option<LineEndBreak> {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let hyphen = trimmed.chars().next_back()?;
    if !matches!(hyphen, '-' | '\u{2010}' | SOFT_HYPHEN) {
        return None;
    }
    let before = &trimmed[..trimmed.len() - hyphen.len_utf8()];
    let mut letters = before.char_indices().rev().take_while(|&(_, c)| c.is_alphabetic()).take(MAX_WORD_CHARS + 1);
    let (start, count) = letters.by_ref().fold((None, 0), |(_, n), (i, _)| (Some(i), n + 1));
    let start = start.filter(|_| count <= MAX_WORD_CHARS)?;
    let first = &before[start..];
    let mut tail = first.chars().rev();
    let lower_tail = tail.next().is_some_and(char::is_lowercase) && tail.next().is_some_and(char::is_lowercase);
    if hyphen != SOFT_HYPHEN && !lower_tail {
        return None;
    }
    Some(LineEndBreak {
        keep: before.len(),
        first: first.to_lowercase(),
        hyphen,
        in_compound: before[..start].ends_with(['-', '\u{2010}']),
    })
}

/// The word that starts `line` (after indentation) when it starts with two lower-case letters, and the byte
/// offset where the line's text starts. Capitals, digits and bullets never continue a broken word.
fn line_start_word(line: &str) -> Option<(&str, usize)> {
    let body = line.trim_start_matches([' ', '\t']);
    let end = body.find(|c: char| !c.is_alphabetic()).unwrap_or(body.len());
    let word = &body[..end];
    let mut head = word.chars();
    let lower_head = head.next().is_some_and(char::is_lowercase) && head.next().is_some_and(char::is_lowercase);
    lower_head.then_some((word, line.len() - body.len()))
}

/// How often each word and each two-part hyphenated compound occurs in the document, lower-cased.
#[derive(Default)]
struct Vocabulary {
    words: HashMap<String, usize>,
    compounds: HashMap<String, usize>,
}

impl Vocabulary {
    fn of(text: &str) -> Self {
        let mut vocabulary = Vocabulary::default();
        for line in text.split('\n') {
            let mut previous: Option<(usize, String)> = None;
            for (start, word) in letter_runs(line) {
                let end = start + word.len();
                let word = word.to_lowercase();
                if let Some((previous_end, first)) = &previous
                    && matches!(&line[*previous_end..start], "-" | "\u{2010}")
                {
                    *vocabulary.compounds.entry(format!("{first}-{word}")).or_default() += 1;
                }
                *vocabulary.words.entry(word.clone()).or_default() += 1;
                previous = Some((end, word));
            }
        }
        vocabulary
    }

    fn word(&self, word: &str) -> usize {
        self.words.get(word).copied().unwrap_or(0)
    }

    fn compound(&self, compound: &str) -> usize {
        self.compounds.get(compound).copied().unwrap_or(0)
    }
}

/// The runs of letters in `line`, with their byte offsets.
fn letter_runs(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + line[from..].find(char::is_alphabetic)?;
        let end = line[start..].find(|c: char| !c.is_alphabetic()).map_or(line.len(), |n| start + n);
        from = end;
        Some((start, &line[start..end]))
    })
}

/// Whether a word broken across lines keeps its hyphen when rejoined. In order: a soft hyphen never stays; a word
/// already in a compound (`end-to-` + `end`) keeps it; the document's own spelling decides (the more frequent of
/// `first-second` and `firstsecond` elsewhere); a known closed word drops it; a compound prefix or head keeps it;
/// otherwise it goes, since a hyphen at a line end is most often the typesetter's.
fn hyphen_stays(line_break: &LineEndBreak, second: &str, vocabulary: &Vocabulary) -> bool {
    if line_break.hyphen == SOFT_HYPHEN {
        return false;
    }
    if line_break.in_compound {
        return true;
    }
    let first = line_break.first.as_str();
    let second = second.to_lowercase();
    let closed = format!("{first}{second}");
    let (closed_count, hyphenated_count) =
        (vocabulary.word(&closed), vocabulary.compound(&format!("{first}-{second}")));
    if closed_count > hyphenated_count {
        return false;
    }
    if hyphenated_count > 0 {
        return true;
    }
    if listed(CLOSED_WORDS, &closed) {
        return false;
    }
    listed(COMPOUND_PREFIXES, first) || listed(COMPOUND_HEADS, &second)
}

/// Rejoins words hyphenated across a line break (step 4); then drops soft hyphens that were not used.
fn rejoin_hyphenated_words(text: &str) -> String {
    let mut lines = split_lines(text);
    let Some(first) = lines.next() else {
        return String::new();
    };
    let mut vocabulary: Option<Vocabulary> = None;
    let mut out = String::with_capacity(text.len());
    let mut current = first.to_owned();
    for next in lines {
        let join = line_end_break(&current).zip(line_start_word(next));
        match join {
            Some((line_break, (second, indent))) => {
                let vocabulary = vocabulary.get_or_insert_with(|| Vocabulary::of(text));
                let keep_hyphen = hyphen_stays(&line_break, second, vocabulary);
                current.truncate(line_break.keep);
                if keep_hyphen {
                    current.push(line_break.hyphen);
                }
                current.push_str(&next[indent..]);
            }
            None => {
                out.push_str(&current);
                out.push('\n');
                current.clear();
                current.push_str(next);
            }
        }
    }
    out.push_str(&current);
    if out.contains(SOFT_HYPHEN) { out.replace(SOFT_HYPHEN, "") } else { out }
}

// ---------------------------------------------------------------------------------------------------------------
// Step 5: whitespace

/// Collapses spaces and tabs in each line, strips trailing whitespace, collapses long runs of blank lines and
/// removes leading and trailing ones (step 5).
fn tidy_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut blank_run = 0usize;
    let mut line = String::new();
    for raw in split_lines(text) {
        collapse_spaces(raw, &mut line);
        if line.is_empty() {
            blank_run += usize::from(!out.is_empty());
            continue;
        }
        let blanks = if blank_run > 2 { 1 } else { blank_run };
        out.extend(std::iter::repeat_n('\n', blanks));
        out.push_str(&line);
        out.push('\n');
        blank_run = 0;
    }
    out
}

/// Two spaces, searched for in every line.
static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("  "));

/// The lines of `text` split at `\n` as `text.split('\n')` gives them, found with `memchr`: the standard library's
/// search, called once per line, was a fifth of normalisation.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        match ends.next() {
            Some(end) => {
                start = Some(end + 1);
                Some(&text[from..end])
            }
            None => {
                start = None;
                Some(&text[from..])
            }
        }
    })
}

/// Writes `line` into `out` with each run of spaces and tabs collapsed to one space (one tab when the run held a
/// tab) and trailing whitespace removed.
fn collapse_spaces(line: &str, out: &mut String) {
    out.clear();
    let line = line.trim_end();
    if memchr::memchr(b'\t', line.as_bytes()).is_none() && DOUBLE_SPACE.find(line.as_bytes()).is_none() {
        out.push_str(line);
        return;
    }
    let mut run: Option<char> = None;
    for c in line.chars() {
        if matches!(c, ' ' | '\t') {
            run = Some(if c == '\t' || run == Some('\t') { '\t' } else { ' ' });
            continue;
        }
        if let Some(space) = run.take() {
            out.push(space);
        }
        out.push(c);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics

/// Whether `c` alone is unreadable: U+FFFD, a control character other than `\n` and `\t`, or private use.
fn is_unreadable(c: char) -> bool {
    c == '\u{fffd}'
        || (c.is_control() && !matches!(c, '\n' | '\t'))
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
        || c >= '\u{f0000}'
}

/// Whether `first` followed by `second` is a mojibake marker left in the text: `Ã`/`Â` before a character standing
/// for a continuation byte, `â€`, `â¢`.
fn is_mojibake_marker(first: char, second: char) -> bool {
    match first {
        'Ã' | 'Â' => is_continuation(second),
        'â' => matches!(second, '€' | '¢'),
        _ => false,
    }
}

/// Words read by [`language_shares`].
const ENGLISH_SAMPLE_WORDS: usize = 2_000;
/// Fewer words than this and [`language_shares`] does not judge.
const ENGLISH_MIN_WORDS: usize = 20;

/// Which list a function word is on.
#[derive(Clone, Copy)]
enum Language {
    English,
    Foreign,
}

/// The words of both lists, for words with letters outside ASCII (lower-cased by Unicode's rules first).
static LISTED_WORDS: LazyLock<HashMap<&'static str, Language>> = LazyLock::new(|| listed_words().collect());

/// The ASCII words of both lists by [`ascii_word_key`]: an ASCII word can only be one of them. Looking words up by
/// one integer read in place, and finding them eight bytes at a time, took the language check from 44 to 26 ms on
/// 10 MB of bench texts, against `str::split` and a table of lower-cased strings.
static ASCII_LISTED_WORDS: LazyLock<HashMap<u128, Language, BuildHasherDefault<WordKeyHasher>>> = LazyLock::new(|| {
    listed_words().filter(|(w, _)| w.is_ascii()).map(|(w, l)| (ascii_word_key(w.as_bytes(), 0, w.len()), l)).collect()
});

fn listed_words() -> impl Iterator<Item = (&'static str, Language)> {
    let english = FUNCTION_WORD_LIST.split_ascii_whitespace().map(|w| (w, Language::English));
    english.chain(FOREIGN_WORD_LIST.split_ascii_whitespace().map(|w| (w, Language::Foreign)))
}

/// Longest word on either list, in bytes: longer words need no lookup.
const LONGEST_LISTED_WORD: usize = 12;

/// The ASCII word of letters `bytes[start..end]`, at most [`LONGEST_LISTED_WORD`] bytes, as one integer,
/// lower-cased: its bytes, little-endian, each with the lower-case bit set, which is lower-casing for ASCII
/// letters. Read in one load where sixteen bytes follow the start: copying a word out first cost a stalled load.
fn ascii_word_key(bytes: &[u8], start: usize, end: usize) -> u128 {
    let len = end - start;
    debug_assert!(len > 0 && len <= LONGEST_LISTED_WORD && bytes[start..end].iter().all(u8::is_ascii_alphabetic));
    let sixteen = match bytes.get(start..start + 16) {
        Some(sixteen) => sixteen.try_into().unwrap_or([0; 16]),
        None => {
            let mut sixteen = [0u8; 16];
            sixteen[..len].copy_from_slice(&bytes[start..end]);
            sixteen
        }
    };
    let word_bytes = u128::MAX >> (8 * (16 - len));
    (u128::from_le_bytes(sixteen) | u128::from_le_bytes([0x20; 16])) & word_bytes
}

/// Hashes a word key with one multiply, folding the full 128-bit product so every bit of the hash depends on
/// every byte of the word.
#[derive(Default)]
struct WordKeyHasher(u64);

const WORD_KEY_MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hasher for WordKeyHasher {
    fn finish(&self) -> u64 {
        let product = u128::from(self.0) * u128::from(WORD_KEY_MULTIPLIER);
        (product as u64) ^ ((product >> 64) as u64)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u128` is called for the keys; this is here for completeness.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(WORD_KEY_MULTIPLIER);
        }
    }

    fn write_u128(&mut self, key: u128) {
        // The high half holds at most the word's last four bytes.
        self.0 = (key as u64) ^ ((key >> 64) as u64).rotate_left(32);
    }
}

/// The foreign function words.
const FOREIGN_WORD_LIST: &str = "\
    der die das und ist mit für wir ich du sie ein eine einen dem den des von zu auf bei nicht oder auch sind \
    wird werden unsere unser ihre dich dein deine het een voor niet zijn wij ook les des et pour avec nous vous \
    une est dans sur qui que du au aux las los el y con para por una del se su sus em da do dos das não uma \
    com ao na nas nos il lo gli della per che sono nel oraz jest dla nie się jako oraz";

/// The English function words.
const FUNCTION_WORD_LIST: &str = "\
    the and of to in for with on is are was were be been being you we our your us my he she his her it its they \
    them their will would should could can may must shall at by this that these those from or an have has had \
    having who whom whose what when where why how which all not more most about into through across over under \
    within while other such any each both than then there here if but does did only new well work working team \
    experience skills years ability strong including using responsible join help looking";

#[cfg(test)]
mod tests {
    use super::*;

    // --- step 1: mojibake ---------------------------------------------------------------------------------------

    /// `text` as it looks after its UTF-8 bytes were read as Windows-1252.
    fn as_windows_1252(text: &str) -> String {
        WINDOWS_1252.decode_without_bom_handling(text.as_bytes()).0.into_owned()
    }

    /// `text` as it looks after its UTF-8 bytes were read as Latin-1.
    fn as_latin_1(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    #[test]
    fn utf8_read_as_windows_1252_is_repaired() {
        let cases = [
            ("Itâ€™s", "It’s"),
            ("â€œcloudâ€\u{9d}", "“cloud”"),
            ("2019â€“2023", "2019–2023"),
            ("AWS â€” GCP", "AWS — GCP"),
            ("â€¢ Kubernetes", "• Kubernetes"),
            ("cafÃ©", "café"),
            ("ZÃ¼rich", "Zürich"),
            ("SÃ£o Paulo", "São Paulo"),
            ("Ã‰cole", "École"),
            ("Â£100", "£100"),
            ("â‚¬50", "€50"),
            ("Javaâ„¢", "Java™"),
            ("Å\u{81}Ã³dÅº", "Łódź"),
            ("ÅÃ³dÅº", "Åódź"), // Ł lost its 0x81: the rest is still repaired
            ("BraÈ™ov", "Brașov"),
            ("â€¦", "…"),
        ];
        for (damaged, meant) in cases {
            assert_eq!(repair_mojibake(damaged), meant, "{damaged}");
        }
    }

    #[test]
    fn repair_never_adds_a_line() {
        for separator in ["\u{2028}", "\u{2029}"] {
            let damaged = as_windows_1252(&format!("a{separator}b"));
            assert_eq!(repair_mojibake(&damaged), damaged);
        }
    }

    #[test]
    fn every_damaged_sample_round_trips() {
        let meant = "It’s “quoted” – — • café naïve Zürich São Paulo Łódź Brașov Ελλάδα Москва £100 €5 ™ ✓ ★ 🚀 ﬁ ½ °C";
        assert_eq!(repair_mojibake(&as_windows_1252(meant)), meant);
        assert_eq!(repair_mojibake(&as_latin_1(meant)), meant);
    }

    #[test]
    fn utf8_read_as_latin_1_is_repaired() {
        assert_eq!(repair_mojibake("it\u{e2}\u{80}\u{99}s"), "it’s");
        assert_eq!(repair_mojibake(&as_latin_1("naïve – résumé")), "naïve – résumé");
    }

    #[test]
    fn double_encoded_text_is_repaired() {
        let twice = as_windows_1252(&as_windows_1252("It’s “done” – café"));
        assert_ne!(twice, as_windows_1252("It’s “done” – café"));
        assert_eq!(repair_mojibake(&twice), "It’s “done” – café");
    }

    #[test]
    fn resume_dataset_bullet_is_repaired() {
        assert_eq!(repair_mojibake("â¢ Python\nâ¢ SQL"), "• Python\n• SQL");
        assert_eq!(repair_mojibake("Skills â ¢ Java"), "Skills • Java");
        assert_eq!(repair_mojibake("â\u{80}¢ Go"), "• Go");
    }

    #[test]
    fn right_quote_that_lost_its_last_byte_is_repaired() {
        assert_eq!(repair_mojibake("â€œcloudâ€ native"), "“cloud” native");
        assert_eq!(repair_mojibake("said â€œyesâ€"), "said “yes”");
        assert_eq!(repair_mojibake("â€œyesâ€\u{fffd}."), "“yes”.");
        assert_eq!(repair_mojibake("â€œyesâ€\u{9d}."), "“yes”.");
    }

    #[test]
    fn correct_accents_are_left_alone() {
        for text in [
            "café",
            "naïve",
            "Zürich",
            "£100",
            "€",
            "€100 – €200",
            "Ã",
            "â",
            "pâte à choux",
            "São Paulo",
            "ÃO",
            "Ãx",
            "Â",
            "Straße",
            "Ñandú",
            "Größe: 5 °C",
            "déjà vu",
            "«Bonjour»",
            "Æsir ø å",
            "½ ¼ ¾ ± × ÷",
            "© ® ™ § ¶",
            "Łódź Brașov",
            "Ελλάδα Москва",
            "日本語",
            "emoji 🚀",
            "ô",
            "ï",
            "é’’ née”…",
        ] {
            assert_eq!(repair_mojibake(text), text, "{text}");
        }
    }

    #[test]
    fn capital_accent_before_curly_punctuation_is_left_alone() {
        for text in
            ["CAFÉ’S MENU", "JOSÉ’S", "AQUÍ”", "MÜ–NCHEN", "ÉCOLE”", "Ç’est", "Ø–", "Ö”", "Ü•", "Ó”", "ß–", "È”"]
        {
            assert_eq!(repair_mojibake(text), text, "{text}");
        }
    }

    #[test]
    fn mojibake_next_to_correct_accents_is_repaired_alone() {
        assert_eq!(repair_mojibake("café and cafÃ© â€“ naïve"), "café and café – naïve");
    }

    #[test]
    fn symbol_font_and_emoji_mojibake_is_repaired() {
        assert_eq!(repair_mojibake("ðŸš€ launch"), "🚀 launch");
        assert_eq!(repair_mojibake("ï‚· item"), "\u{f0b7} item");
        assert_eq!(repair_mojibake("ï»¿Resume"), "\u{feff}Resume");
    }

    #[test]
    fn text_without_mojibake_is_returned_as_is() {
        assert_eq!(repair_pass("plain ASCII - with “quotes”"), None);
        assert_eq!(repair_pass("Zürich café"), None);
    }

    // --- step 2: NFKC -------------------------------------------------------------------------------------------

    #[test]
    fn ligatures_become_letters() {
        assert_eq!(compatibility_compose("eﬃcient ﬁles ﬂow ﬀ"), "efficient files flow ff");
    }

    #[test]
    fn full_width_letters_become_ascii() {
        assert_eq!(compatibility_compose("Ｋｕｂｅｒｎｅｔｅｓ １２３"), "Kubernetes 123");
    }

    #[test]
    fn ellipsis_becomes_three_dots() {
        assert_eq!(compatibility_compose("and more…"), "and more...");
    }

    #[test]
    fn decomposed_accents_compose() {
        assert_eq!(compatibility_compose("cafe\u{301}"), "café");
    }

    #[test]
    fn trademark_signs_stay_signs() {
        assert_eq!(compatibility_compose("Java™ and ﬁle℠ and Go"), "Java™ and file℠ and Go");
        assert_eq!(compatibility_compose("™"), "™");
    }

    // --- step 3: invisible characters, spaces, line ends --------------------------------------------------------

    #[test]
    fn soft_hyphens_and_zero_width_characters_are_removed() {
        assert_eq!(clean_characters("Kuber\u{ad}netes"), "Kubernetes");
        assert_eq!(clean_characters("Type\u{200b}Script\u{200c}\u{200d}\u{2060}\u{feff}"), "TypeScript");
    }

    #[test]
    fn soft_hyphen_ending_a_line_is_kept_for_rejoining() {
        assert_eq!(clean_characters("infra\u{ad}\nstructure"), "infra\u{ad}\nstructure");
        assert_eq!(clean_characters("infra\u{ad} \nstructure"), "infra\u{ad} \nstructure");
        assert_eq!(clean_characters("end\u{ad}"), "end");
    }

    #[test]
    fn unicode_spaces_become_plain_spaces() {
        assert_eq!(clean_characters("a\u{a0}b\u{2009}c\u{202f}d\u{3000}e\u{205f}f\u{1680}g\u{85}h"), "a b c d e f g h");
    }

    #[test]
    fn line_ends_become_newlines() {
        assert_eq!(clean_characters("a\r\nb\rc\nd\u{c}e\u{b}f\u{2028}g\u{2029}h"), "a\nb\nc\nd\ne\nf\ng\nh");
        assert_eq!(clean_characters("a\r\n\r\nb"), "a\n\nb");
    }

    #[test]
    fn tabs_are_kept() {
        assert_eq!(clean_characters("Skill\tYears\n"), "Skill\tYears\n");
    }

    // --- step 4: hyphenated words ----------------------------------------------------------------------------

    #[test]
    fn hyphenated_words_rejoin_when_plausible() {
        assert_eq!(rejoin_hyphenated_words("built the infra-\nstructure team"), "built the infrastructure team");
        assert_eq!(rejoin_hyphenated_words("Kuber-\nnetes and Terra-\nform"), "Kubernetes and Terraform");
        assert_eq!(rejoin_hyphenated_words("net-\nwork"), "network");
        assert_eq!(rejoin_hyphenated_words("team-\nwork"), "teamwork");
    }

    #[test]
    fn rejoined_line_takes_up_the_rest_of_the_next_line() {
        let text = "Designed infra-\nstructure for payments.\nNext line";
        assert_eq!(rejoin_hyphenated_words(text), "Designed infrastructure for payments.\nNext line");
    }

    #[test]
    fn joined_spelling_used_elsewhere_wins() {
        let text = "data-\nbase tuning\nWe love our database and data";
        assert_eq!(rejoin_hyphenated_words(text), "database tuning\nWe love our database and data");
    }

    #[test]
    fn hyphen_is_kept_when_the_hyphenated_form_occurs_elsewhere() {
        let text = "the on-\ncall rota\nBe on-call weekly";
        assert_eq!(rejoin_hyphenated_words(text), "the on-call rota\nBe on-call weekly");
    }

    #[test]
    fn more_frequent_spelling_elsewhere_decides() {
        let text = "e-mail: web-\nsite\nwebsite and website and web-site";
        assert_eq!(rejoin_hyphenated_words(text), "e-mail: website\nwebsite and website and web-site");
    }

    #[test]
    fn hyphen_is_kept_after_a_compound_prefix_or_before_a_compound_head() {
        assert_eq!(rejoin_hyphenated_words("a self-\nservice portal"), "a self-service portal");
        assert_eq!(rejoin_hyphenated_words("Cross-\nfunctional"), "Cross-functional");
        assert_eq!(rejoin_hyphenated_words("real-\ntime data"), "real-time data");
        assert_eq!(rejoin_hyphenated_words("detail-\noriented"), "detail-oriented");
        assert_eq!(rejoin_hyphenated_words("results-\ndriven"), "results-driven");
    }

    #[test]
    fn closed_words_lose_the_hyphen_despite_their_prefix() {
        assert_eq!(rejoin_hyphenated_words("data-\nbases"), "databases");
        assert_eq!(rejoin_hyphenated_words("multi-\nple teams"), "multiple teams");
        assert_eq!(rejoin_hyphenated_words("high-\nlights"), "highlights");
    }

    #[test]
    fn hyphen_inside_a_compound_chain_is_kept() {
        assert_eq!(rejoin_hyphenated_words("end-to-\nend tests"), "end-to-end tests");
        assert_eq!(rejoin_hyphenated_words("state-of-the-\nart"), "state-of-the-art");
    }

    #[test]
    fn unicode_hyphen_breaks_like_a_hyphen() {
        assert_eq!(rejoin_hyphenated_words("infra\u{2010}\nstructure"), "infrastructure");
        assert_eq!(rejoin_hyphenated_words("self\u{2010}\nservice"), "self\u{2010}service");
    }

    #[test]
    fn soft_hyphen_at_a_line_end_always_joins() {
        assert_eq!(rejoin_hyphenated_words("self\u{ad}\nservice"), "selfservice");
        assert_eq!(rejoin_hyphenated_words("Infra\u{ad}\n  structure"), "Infrastructure");
        assert_eq!(rejoin_hyphenated_words("dangling\u{ad}\nNext"), "dangling\nNext");
    }

    #[test]
    fn no_join_before_a_capital_a_digit_or_a_bullet() {
        for text in ["full-\nStack", "multi-\n2023", "micro-\n• services", "micro-\n- services", "infra-\nStructure"]
        {
            assert_eq!(rejoin_hyphenated_words(text), text);
        }
    }

    #[test]
    fn no_join_without_two_lower_case_letters_on_each_side() {
        for text in [
            "e-\nmail",
            "C-\nlevel",
            "x86-\nbased",
            "pre -\nsales",
            "well-\nx",
            "well-\n",
            "well-\n\nknown",
            "AWS-\nhosted",
            "-\nfoo",
        ] {
            assert_eq!(rejoin_hyphenated_words(text), text);
        }
    }

    #[test]
    fn indentation_and_trailing_spaces_do_not_block_a_join() {
        assert_eq!(rejoin_hyphenated_words("infra-  \n   structure"), "infrastructure");
    }

    #[test]
    fn chained_breaks_rejoin_onto_one_line() {
        assert_eq!(rejoin_hyphenated_words("con-\ntainer-\nisation\nnext"), "containerisation\nnext");
    }

    #[test]
    fn lines_without_breaks_are_unchanged() {
        let text = "one\ntwo - three\nfour-\n\nfive\n";
        assert_eq!(rejoin_hyphenated_words(text), text);
        assert_eq!(rejoin_hyphenated_words(""), "");
    }

    #[test]
    fn word_lists_are_lower_case_letters_without_repeats() {
        for list in [COMPOUND_PREFIXES, COMPOUND_HEADS, CLOSED_WORDS, FUNCTION_WORD_LIST] {
            let words: Vec<&str> = list.split_ascii_whitespace().collect();
            let unique: std::collections::HashSet<&str> = words.iter().copied().collect();
            assert_eq!(unique.len(), words.len(), "{list}");
            assert!(words.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase())), "{list}");
        }
        let english = FUNCTION_WORD_LIST.split_ascii_whitespace().count();
        assert!((90..=120).contains(&english));
        let on_both = FOREIGN_WORD_LIST.split_ascii_whitespace().filter(|w| listed(FUNCTION_WORD_LIST, w));
        assert_eq!(on_both.count(), 0, "a word on both lists would count as foreign only");
    }

    #[test]
    fn vocabulary_counts_words_and_two_part_compounds() {
        let vocabulary = Vocabulary::of("Self-service and self service\nend-to-end");
        assert_eq!(vocabulary.word("self"), 2);
        assert_eq!(vocabulary.compound("self-service"), 1);
        assert_eq!(vocabulary.compound("end-to"), 1);
        assert_eq!(vocabulary.compound("to-end"), 1);
        assert_eq!(vocabulary.compound("and-self"), 0);
    }

    // --- step 5: whitespace ---------------------------------------------------------------------------------

    #[test]
    fn runs_of_spaces_collapse_and_tabs_survive() {
        assert_eq!(tidy_whitespace("a    b\t\tc  \t d"), "a b\tc\td\n");
        assert_eq!(tidy_whitespace("  indented"), " indented\n");
    }

    #[test]
    fn trailing_whitespace_is_stripped() {
        assert_eq!(tidy_whitespace("a  \t\nb \n"), "a\nb\n");
    }

    #[test]
    fn more_than_two_blank_lines_become_one() {
        assert_eq!(tidy_whitespace("a\n\nb"), "a\n\nb\n");
        assert_eq!(tidy_whitespace("a\n\n\nb"), "a\n\n\nb\n");
        assert_eq!(tidy_whitespace("a\n\n\n\nb"), "a\n\nb\n");
        assert_eq!(tidy_whitespace("a\n \n\t\n  \n\nb"), "a\n\nb\n");
    }

    #[test]
    fn leading_and_trailing_blank_lines_are_removed() {
        assert_eq!(tidy_whitespace("\n\n  \nfirst\nlast\n\n\n"), "first\nlast\n");
    }

    #[test]
    fn text_ends_with_exactly_one_newline() {
        assert_eq!(tidy_whitespace("x"), "x\n");
        assert_eq!(tidy_whitespace("x\n"), "x\n");
        assert_eq!(tidy_whitespace(""), "");
        assert_eq!(tidy_whitespace(" \n\t\n"), "");
    }

    // --- normalize --------------------------------------------------------------------------------------------

    #[test]
    fn all_steps_run_in_order() {
        let text = "\r\n\r\nâ€¢  Built  eﬃcient infra-\r\nstructure\u{a0}for   Kuber\u{ad}netes\u{200b}  \r\n\
                    â¢ Javaâ„¢\tSpring \r\n\r\n\r\n\r\nNext";
        assert_eq!(normalize(text), "• Built efficient infrastructure for Kubernetes\n• Java™\tSpring\n\nNext\n");
    }

    #[test]
    fn lines_stay_lines_without_joins_or_blank_runs() {
        let text = "Name\nSkills: Pythonâ€™s\u{a0}stdlib\n\nﬁne-\nTuning\r\nlast";
        let normalized = normalize(text);
        assert_eq!(normalized.lines().count(), text.lines().count());
        assert_eq!(normalized, "Name\nSkills: Python’s stdlib\n\nfine-\nTuning\nlast\n");
    }

    #[test]
    fn correct_text_passes_unchanged() {
        let text = "José Müller — Zürich, £100/day\n\tSenior Engineer\tcafé naïve pâte\n";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn normalizing_twice_changes_nothing() {
        for text in [
            "â€¢  Built  eﬃcient infra-\nstructure\n\n\n\n\nâ¢ x",
            "self-\nservice\r\n  \t spaced\tout  ",
            "\u{feff}Résumé\u{2028}line\u{c}page",
            "Ã¢â‚¬â„¢ twice",
        ] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once, "{text:?}");
        }
    }

    #[test]
    fn empty_or_blank_text_normalizes_to_nothing() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \n\r\n\t\u{200b}\n"), "");
    }

    #[test]
    fn a_megabyte_of_text_normalizes() {
        let paragraph = "â€¢ Designed eﬃcient infra-\nstructure for Kubernetes  clusters at cafÃ© scale\u{a0}–\n\
                         self-\nservice\tplatform\r\nwith data-\nbase tuning and naïve Zürich £100 ﬁxes.\n\n\n\n";
        let text = paragraph.repeat(1_000_000 / paragraph.len() + 1);
        assert!(text.len() >= 1_000_000);
        let normalized = normalize(&text);
        assert!(!normalized.contains("â€") && !normalized.contains('ﬁ') && !normalized.contains('\r'));
        assert_eq!(normalized.matches("infrastructure").count(), text.matches("infra-\n").count());
        // Joins chain only while the first part is a plausible word, so this stays linear: four words per line.
        let long_words = "supercalifragilistic-\n".repeat(50_000);
        assert_eq!(normalize(&long_words).lines().count(), 12_500);
    }

    // --- diagnostics --------------------------------------------------------------------------------------------

    /// `language_shares` against the plain way of reading the same shares (split at non-letters, lower-case
    /// by Unicode's rules, look the word up among the listed words), on made-up texts long enough to be judged.
    #[test]
    fn language_shares_are_those_of_the_plain_reading() {
        let pieces = [
            "the ",
            "THE ",
            "und ",
            "Für ",
            "não ",
            "with ",
            "Responsible ",
            "Kubernetes ",
            "é",
            "İ",
            "\n",
            "werden ",
            "-",
            "7",
        ];
        let plain = |text: &str| {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .take(ENGLISH_SAMPLE_WORDS)
                .map(|w| w.chars().flat_map(char::to_lowercase).collect())
                .collect();
            let share = |language: fn(&Language) -> bool| {
                let listed = |w: &String| listed_words().any(|(l, lang)| l == w && language(&lang));
                words.iter().filter(|w| listed(w)).count() as f64 / words.len() as f64
            };
            let english = share(|l| matches!(l, Language::English));
            let foreign = share(|l| matches!(l, Language::Foreign));
            if words.len() < ENGLISH_MIN_WORDS { (1.0, 0.0) } else { (english, foreign) }
        };
        for text in crate::test_lines::generated_lines(&pieces, 0x243f_6a88_85a3_08d3, 500, 80) {
            let shares = language_shares(&text);
            assert_eq!((shares.english, shares.foreign), plain(&text), "{text:?}");
        }
    }

    #[test]
    fn lines_are_split_as_split_splits_them() {
        let pieces = ["\n", "a", "\n\n", "é", " ", "\r"];
        for text in crate::test_lines::generated_lines(&pieces, 0x9b05_688c_2b3e_6c1f, 5_000, 10) {
            assert_eq!(split_lines(&text).collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
        assert_eq!(split_lines("").collect::<Vec<_>>(), [""]);
    }

    /// The quick check on the runs outside ASCII against the quick check on every character, on made-up lines of
    /// ASCII, combining marks (in and out of order), ligatures, spaces NFKC changes and characters it keeps.
    #[test]
    fn the_nfkc_check_by_runs_is_the_check_of_every_character() {
        let pieces =
            ["a", "e", " ", "\u{301}", "\u{316}", "ﬁ", "\u{a0}", "…", "•", "é", "ä", "한", "\u{1100}", "’", "x7"];
        let (mut yes, mut not) = (0, 0);
        for line in crate::test_lines::generated_lines(&pieces, 0x510e_527f_ade6_82d1, 20_000, 8) {
            let expected = is_nfkc_quick(line.chars()) == IsNormalized::Yes;
            assert_eq!(is_nfkc(&line), expected, "{line:?}");
            if expected { yes += 1 } else { not += 1 }
        }
        assert!(yes > 1_000 && not > 1_000, "{yes} yes, {not} not");
    }

    /// Every byte value at every place among printable characters and spaces, against a test of each byte.
    #[test]
    fn plain_ascii_spaces_is_the_bytewise_test() {
        for filler in [*b"a b~c d ", *b"        ", *b"~~~~~~~~"] {
            for place in 0..8 {
                for byte in 0..=255u8 {
                    let mut eight = filler;
                    eight[place] = byte;
                    let expected = eight
                        .iter()
                        .all(|b| (0x20..=0x7e).contains(b))
                        .then(|| eight.iter().filter(|&&b| b == b' ').count());
                    assert_eq!(plain_ascii_spaces(&eight), expected, "{eight:?}");
                }
            }
        }
    }

    #[test]
    fn clean_text_has_no_unreadable_share() {
        assert_eq!(unreadable_share("Senior engineer — Zürich, café.\n\tPython"), 0.0);
        assert_eq!(unreadable_share(""), 0.0);
        assert_eq!(unreadable_share(" \n\t "), 0.0);
        assert_eq!(unreadable_share("a\r\n\u{b}\u{c}b"), 0.0, "every ASCII whitespace character");
    }

    #[test]
    fn replacement_and_private_use_characters_are_unreadable() {
        assert_eq!(unreadable_share("ab\u{fffd}\u{fffd}"), 0.5);
        assert_eq!(unreadable_share("a\u{f0b7}"), 0.5);
        assert_eq!(unreadable_share("a\u{f0000}b\u{10fffd}"), 0.5);
    }

    #[test]
    fn control_characters_are_unreadable_but_newlines_and_tabs_are_not() {
        assert_eq!(unreadable_share("ab\u{1}\u{7f}"), 0.5);
        assert_eq!(unreadable_share("ab\ncd\t"), 0.0);
        assert_eq!(unreadable_share("a\u{0}\u{1b}b"), 0.5);
    }

    #[test]
    fn leftover_mojibake_is_unreadable() {
        assert_eq!(unreadable_share("cafÃ©"), 2.0 / 5.0);
        assert_eq!(unreadable_share("â€™s"), 2.0 / 4.0);
        assert_eq!(unreadable_share("xâ¢"), 2.0 / 3.0);
        assert_eq!(unreadable_share("Ã\u{80}"), 1.0);
        assert_eq!(unreadable_share("Â°C"), 2.0 / 3.0);
    }

    #[test]
    fn correct_accents_are_readable() {
        assert_eq!(unreadable_share("São Paulo, pâte, Ã alone, Â"), 0.0);
    }

    #[test]
    fn unreadable_share_stays_between_zero_and_one() {
        for text in ["\u{fffd}", "Ã©Ã©Ã©", "Ã\u{80}\u{80}", "â€\u{9d}", "\u{1}\u{2}"] {
            let share = unreadable_share(text);
            assert!((0.0..=1.0).contains(&share), "{text:?}: {share}");
        }
        assert_eq!(unreadable_share("Ã\u{80}\u{80}"), 1.0);
    }

    #[test]
    fn normalized_mojibake_becomes_readable() {
        let damaged = "Itâ€™s a cafÃ© â¢ with â€œquotesâ€ and Â°";
        assert!(unreadable_share(damaged) > 0.2);
        assert_eq!(unreadable_share(&normalize(damaged)), 0.0);
    }

    const ENGLISH: &str = "We are looking for a senior platform engineer to join our infrastructure team. You will \
        design and run the systems that our developers use every day, work closely with product teams, and help us \
        scale the platform as the company grows. The ideal candidate has experience with Kubernetes and Terraform, \
        is comfortable on call, and cares about the reliability of the services that they build.";
    const GERMAN: &str = "Wir suchen eine erfahrene Plattform-Ingenieurin für unser Infrastruktur-Team. Du \
        entwirfst und betreibst die Systeme, die unsere Entwicklerinnen jeden Tag nutzen, arbeitest eng mit den \
        Produktteams zusammen und hilfst uns, die Plattform mit dem Wachstum des Unternehmens zu skalieren. \
        Idealerweise hast du Erfahrung mit Kubernetes und Terraform und legst Wert auf zuverlässige Dienste in der Cloud.";
    const PORTUGUESE: &str = "Procuramos um engenheiro de plataforma sênior para a nossa equipe de infraestrutura. \
        Você vai projetar e operar os sistemas que os nossos desenvolvedores usam todos os dias, trabalhar junto com \
        as equipes de produto e ajudar a escalar a plataforma conforme a empresa cresce. O candidato ideal tem \
        experiência com Kubernetes e Terraform e se preocupa com a confiabilidade dos serviços que constrói.";
    const FRENCH: &str = "Nous recherchons un ingénieur plateforme expérimenté pour rejoindre notre équipe \
        infrastructure. Vous concevrez et exploiterez les systèmes que nos développeurs utilisent chaque jour, \
        travaillerez avec les équipes produit et aiderez à faire évoluer la plateforme avec la croissance de \
        l'entreprise. Le candidat idéal a une expérience de Kubernetes et Terraform et tient à la fiabilité.";

    #[test]
    fn english_prose_scores_high() {
        let share = language_shares(ENGLISH).english;
        assert!((0.3..=0.6).contains(&share), "{share}");
    }

    #[test]
    fn german_portuguese_and_french_prose_score_low() {
        for (language, text) in [("German", GERMAN), ("Portuguese", PORTUGUESE), ("French", FRENCH)] {
            let shares = language_shares(text);
            assert!(shares.english < 0.1, "{language}: {shares:?}");
            assert!(shares.foreign > shares.english, "{language}: {shares:?}");
        }
    }

    #[test]
    fn short_text_is_not_judged() {
        let unjudged = LanguageShares { english: 1.0, foreign: 0.0 };
        assert_eq!(language_shares("Kubernetes Terraform AWS"), unjudged);
        assert_eq!(language_shares(""), unjudged);
        assert_eq!(language_shares("die Systeme und die Teams"), unjudged);
    }

    #[test]
    fn only_the_first_two_thousand_words_count() {
        let text = format!("{} {}", "Kubernetes ".repeat(ENGLISH_SAMPLE_WORDS), ENGLISH.repeat(50));
        assert_eq!(language_shares(&text).english, 0.0);
    }

    #[test]
    fn no_listed_word_is_longer_than_the_lookup_allows() {
        let longest = FUNCTION_WORD_LIST.split_ascii_whitespace().chain(FOREIGN_WORD_LIST.split_ascii_whitespace());
        assert!(longest.map(str::len).max().is_some_and(|n| n <= LONGEST_LISTED_WORD));
    }

    /// The words and their lookups against the plain way: `str::split` on non-letters, Unicode lower-casing and a
    /// table of strings, on made-up lines of listed words in any case, other words, and letters, digits and marks
    /// inside and outside ASCII; short lines read the words near their end, long ones far from it.
    #[test]
    fn words_and_lookups_are_those_of_splitting_and_lower_casing() {
        let pieces = [
            "the",
            "THE",
            "The",
            "und",
            "Für",
            "FÜR",
            "não",
            "się",
            "with",
            "WiTh",
            "because",
            "Kubernetes",
            "é",
            "ß",
            "İ",
            "Σ",
            "x",
            " ",
            "  ",
            "-",
            "’",
            "7",
            "_",
            "—",
            "🙂",
            "\n",
            "a",
            "über",
            "werden",
            "and",
            "@[`{",
            "Zz",
        ];
        let plain = |text: &str| -> Vec<(String, Option<bool>)> {
            let words = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty());
            words
                .map(|w| {
                    let lower: String = w.chars().flat_map(char::to_lowercase).collect();
                    let listed = listed_words().find(|(l, _)| *l == lower).map(|(_, l)| matches!(l, Language::English));
                    (w.to_owned(), listed.filter(|_| w.len() <= LONGEST_LISTED_WORD))
                })
                .collect()
        };
        let (mut words, mut listed) = (0, 0);
        for line in crate::test_lines::generated_lines(&pieces, 0x2f6b_3c1d_9a4e_8b71, 10_000, 16) {
            let fast: Vec<(String, Option<bool>)> = alphabetic_words(&line)
                .map(|Word { start, end, ascii }| {
                    let word = &line[start..end];
                    assert_eq!(ascii, word.is_ascii(), "{word:?} in {line:?}");
                    let found = if end - start > LONGEST_LISTED_WORD {
                        None
                    } else if word.is_ascii() {
                        ASCII_LISTED_WORDS.get(&ascii_word_key(line.as_bytes(), start, end))
                    } else {
                        LISTED_WORDS.get(word.chars().flat_map(char::to_lowercase).collect::<String>().as_str())
                    };
                    (word.to_owned(), found.map(|l| matches!(l, Language::English)))
                })
                .collect();
            let expected = plain(&line);
            assert_eq!(fast, expected, "{line:?}");
            words += expected.len();
            listed += expected.iter().filter(|(_, l)| l.is_some()).count();
        }
        assert!(listed > 1_000 && words - listed > 1_000, "{listed} listed of {words}");
    }

    #[test]
    fn english_words_count_whatever_their_case() {
        let text = "THE AND OF TO WITH FOR ".repeat(5);
        assert_eq!(language_shares(&text).english, 1.0);
    }
}
