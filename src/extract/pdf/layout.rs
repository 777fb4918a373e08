//! Reading order: positioned runs → lines → reading order, so a two-column resume reads its left column,
//! then its right column, each line intact.
//!
//! 1. Runs on one baseline form a line; wide gaps (several ems) split it into *segments*, because a gap that
//!    wide is a column gutter or a tab stop, never a word space.
//! 2. A *gutter* is the widest vertical strip that almost no segment crosses and that has a substantial share
//!    of the text on each side. The few segments that do cross it (a name across the top, a full-width
//!    heading) split the page into bands; in each band the left side is read before the right side, and each
//!    side is searched for gutters again (three columns).
//! 3. Inside a line, a gap wider than a fraction of the font size is a space; adjacent segments of one
//!    baseline in the same column are joined with a tab.

use super::content::Run;

/// Runs whose baselines differ by less than this share of the font size are on one line.
const SAME_LINE: f32 = 0.4;
/// A gap wider than this share of the font size between runs of a line is a word space.
const SPACE_GAP: f32 = 0.15;
/// A gap wider than this many font sizes splits a line into segments.
const SEGMENT_GAP: f32 = 2.0;
/// Narrowest gutter between columns, in PDF units (points).
const MIN_GUTTER: f32 = 6.0;
/// Most segments (as a share of all) that may cross a gutter.
const MAX_BRIDGING_SHARE: f32 = 0.12;
/// Least share of the characters each side of a gutter must hold.
const MIN_SIDE_SHARE: f32 = 0.05;
/// Most share of the smaller side's segments that may sit on a baseline of the other side: beyond it the
/// "columns" are tab stops of one table (dates right of job titles), read row by row.
const MAX_ALIGNED_SHARE: f32 = 0.6;
/// Cells of one table row share their baseline almost exactly (a share of the font size); neighbouring
/// columns of prose line up only by chance and less exactly.
const SAME_ROW: f32 = 0.1;
/// Mean length, in characters, under which segments are table cells rather than lines of prose.
const MAX_CELL_CHARS: f32 = 30.0;
/// Fewest segments each side of a gutter must hold.
const MIN_SIDE_SEGMENTS: usize = 3;
/// How far (points) a segment may reach into a gutter without crossing it: edges computed from glyph widths
/// are a hair off.
const EDGE_TOLERANCE: f32 = 1.0;
/// Deepest recursion of column splitting.
const MAX_SPLITS: usize = 3;
/// Fewest glyph-by-glyph pairs on a line before uniform gaps between them are read as letter spacing.
const LETTER_SPACED_MIN_GLYPHS: usize = 4;
/// A vertical step larger than this many font sizes between consecutive lines leaves a blank line.
const PARAGRAPH_GAP: f32 = 2.0;

/// Part of a line between wide gaps.
#[derive(Clone, Debug)]
struct Segment {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
}

/// The page's text in reading order.
#[derive(Debug, Default)]
pub struct PageText {
    /// Lines separated by `\n`.
    pub text: String,
    /// Whether a multi-column layout was found and read column by column.
    pub columns: bool,
}

/// Lays out the runs of one page.
pub fn layout(runs: Vec<Run>) -> PageText {
    let segments = segments(runs);
    let mut columns = false;
    let ordered = reading_order(segments, 0, &mut columns);
    PageText { text: render(&ordered), columns }
}

fn segments(mut runs: Vec<Run>) -> Vec<Segment> {
    runs.retain(|r| r.x0.is_finite() && r.x1.is_finite() && r.y.is_finite());
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if (line[0].y - run.y).abs() <= SAME_LINE * line[0].size.min(run.size) => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    lines.into_iter().flat_map(line_segments).collect()
}

/// Splits one line's runs (sorted by x) at wide gaps and joins each part's text with the spaces its gaps imply.
fn line_segments(mut line: Vec<Run>) -> Vec<Segment> {
    line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let letter_spacing = letter_spacing(&line);
    let mut out: Vec<Segment> = Vec::new();
    let mut previous: Option<&Run> = None;
    for run in &line {
        let size = run.size;
        let gap = previous.map(|p| run.x0 - p.x1 - letter_spacing);
        // Fake bold: the same text drawn again a hair to the side.
        if previous.is_some_and(|p| p.text == run.text && (run.x0 - p.x0).abs() < 0.3 * (p.x1 - p.x0).max(0.01)) {
            continue;
        }
        match (out.last_mut(), gap) {
            (Some(seg), Some(gap)) if gap <= SEGMENT_GAP * size => {
                if gap > SPACE_GAP * size && !seg.text.ends_with(' ') && !run.text.starts_with(' ') {
                    seg.text.push(' ');
                }
                seg.text.push_str(&run.text);
                seg.x1 = seg.x1.max(run.x1);
            }
            _ => out.push(Segment { x0: run.x0, x1: run.x1.max(run.x0), y: run.y, size, text: run.text.clone() }),
        }
        previous = Some(run);
    }
    for seg in &mut out {
        seg.text = seg.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.retain(|s| !s.text.is_empty());
    out
}

/// The gap letter-spaced text (`S E N I O R`, drawn one glyph at a time) puts between all its letters, or 0.
/// Only a gap wider than this plus a word space is then a space.
fn letter_spacing(line: &[Run]) -> f32 {
    let single: Vec<f32> = line
        .windows(2)
        .filter(|w| w[0].text.chars().count() == 1 && w[1].text.chars().count() == 1)
        .map(|w| w[1].x0 - w[0].x1)
        .collect();
    if single.len() < LETTER_SPACED_MIN_GLYPHS || single.len() * 2 < line.len() {
        return 0.0;
    }
    let mut sorted = single;
    sorted.sort_by(f32::total_cmp);
    let median = sorted[sorted.len() / 2];
    let size = line[0].size;
    if median > SPACE_GAP * size && median < SEGMENT_GAP * size { median } else { 0.0 }
}

fn top_down(segments: &mut [Segment]) {
    segments.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
}

fn reading_order(mut segments: Vec<Segment>, depth: usize, columns: &mut bool) -> Vec<Segment> {
    top_down(&mut segments);
    if depth >= MAX_SPLITS || segments.len() < 2 * MIN_SIDE_SEGMENTS {
        return segments;
    }
    let Some((left_edge, right_edge)) = gutter(&segments) else { return segments };
    *columns = true;
    // A segment over the middle of the gutter spans the columns (a name across the top, a full-width
    // heading): it ends one band of columns and starts the next.
    let middle = (left_edge + right_edge) / 2.0;
    let mut out = Vec::with_capacity(segments.len());
    let mut band: Vec<Segment> = Vec::new();
    for seg in segments {
        if seg.x0 < middle && seg.x1 > middle {
            out.extend(split_band(std::mem::take(&mut band), middle, depth, columns));
            out.push(seg);
        } else {
            band.push(seg);
        }
    }
    out.extend(split_band(band, middle, depth, columns));
    out
}

/// One band of a column layout: the left side, then the right side, each ordered on its own.
fn split_band(band: Vec<Segment>, middle: f32, depth: usize, columns: &mut bool) -> Vec<Segment> {
    let (left, right): (Vec<Segment>, Vec<Segment>) = band.into_iter().partition(|s| s.x1 <= middle);
    let mut out = reading_order(left, depth + 1, columns);
    out.extend(reading_order(right, depth + 1, columns));
    out
}

/// The widest strip `(left, right)` few segments cross, with enough text on both sides.
fn gutter(segments: &[Segment]) -> Option<(f32, f32)> {
    let mut edges: Vec<f32> = segments.iter().flat_map(|s| [s.x0, s.x1]).collect();
    edges.sort_by(f32::total_cmp);
    edges.dedup();
    let max_bridging = ((segments.len() as f32 * MAX_BRIDGING_SHARE) as usize).max(1);
    let total_chars: usize = segments.iter().map(|s| s.text.chars().count()).sum();
    let mut best: Option<(f32, f32)> = None;
    let mut i = 0;
    while i + 1 < edges.len() {
        // Grow a strip over consecutive elementary intervals while few segments cross it.
        let mut j = i;
        while j + 1 < edges.len() && crossing(segments, edges[i], edges[j + 1]) <= max_bridging {
            j += 1;
        }
        if j > i {
            let (a, b) = (edges[i], edges[j]);
            let wider = best.is_none_or(|(l, r)| b - a > r - l);
            if b - a >= MIN_GUTTER && wider && sides_are_substantial(segments, a, b, total_chars) {
                best = Some((a, b));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    best
}

fn crossing(segments: &[Segment], a: f32, b: f32) -> usize {
    segments.iter().filter(|s| crosses(s, a, b)).count()
}

/// Whether `s` reaches into the strip `a..b` by more than [`EDGE_TOLERANCE`].
fn crosses(s: &Segment, a: f32, b: f32) -> bool {
    s.x0 < b - EDGE_TOLERANCE && s.x1 > a + EDGE_TOLERANCE
}

fn sides_are_substantial(segments: &[Segment], a: f32, b: f32, total_chars: usize) -> bool {
    let left: Vec<&Segment> = segments.iter().filter(|s| s.x1 <= a + EDGE_TOLERANCE).collect();
    let right: Vec<&Segment> = segments.iter().filter(|s| s.x0 >= b - EDGE_TOLERANCE).collect();
    let chars = |side: &[&Segment]| side.iter().map(|s| s.text.chars().count()).sum::<usize>();
    let enough = |side: &[&Segment]| {
        side.len() >= MIN_SIDE_SEGMENTS && chars(side) as f32 >= MIN_SIDE_SHARE * total_chars as f32
    };
    enough(&left) && enough(&right) && !tab_stops(&left, &right)
}

/// Whether the side with less text is short cells (dates, amounts) most of which share a baseline with the other
/// side: a table's tab stops rather than a column of prose.
fn tab_stops(left: &[&Segment], right: &[&Segment]) -> bool {
    let chars = |side: &[&Segment]| side.iter().map(|s| s.text.chars().count()).sum::<usize>();
    let (small, large) = if chars(left) <= chars(right) { (left, right) } else { (right, left) };
    let mean_chars = chars(small) as f32 / small.len().max(1) as f32;
    let aligned =
        small.iter().filter(|s| large.iter().any(|o| (o.y - s.y).abs() <= SAME_ROW * s.size.min(o.size))).count();
    mean_chars < MAX_CELL_CHARS && aligned as f32 > MAX_ALIGNED_SHARE * small.len() as f32
}

/// Segments in reading order → text: one line per segment, segments of one baseline joined by a tab, a blank
/// line where the text jumps down by more than a paragraph gap.
fn render(segments: &[Segment]) -> String {
    let mut text = String::new();
    let mut previous: Option<&Segment> = None;
    for seg in segments {
        if let Some(p) = previous {
            let same_line = (p.y - seg.y).abs() <= SAME_LINE * p.size.min(seg.size) && seg.x0 > p.x0;
            if same_line {
                text.push('\t');
            } else {
                text.push('\n');
                if p.y - seg.y > PARAGRAPH_GAP * p.size.max(seg.size) {
                    text.push('\n');
                }
            }
        }
        text.push_str(&seg.text);
        previous = Some(seg);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x0: f32, y: f32, text: &str) -> Run {
        Run { x0, x1: x0 + 5.0 * text.chars().count() as f32, y, size: 10.0, text: text.into() }
    }

    #[test]
    fn runs_on_a_baseline_form_a_line_with_spaces_from_gaps() {
        let runs = vec![
            run(100.0, 700.0, "Kuber"),
            run(125.2, 700.0, "netes"),
            run(152.0, 700.0, "and"),
            run(100.0, 686.0, "Terraform"),
        ];
        assert_eq!(layout(runs).text, "Kubernetes and\nTerraform");
    }

    #[test]
    fn two_columns_read_left_then_right_each_line_intact() {
        let mut runs = vec![run(50.0, 760.0, "Dana Okafor Principal Cloud Architect across the whole page width")];
        for i in 0..8 {
            let y = 700.0 - 14.0 * i as f32;
            runs.push(run(50.0, y, &format!("left column line {i} with prose")));
            runs.push(run(320.0, y + 3.0, &format!("right column line {i} with prose")));
        }
        let page = layout(runs);
        assert!(page.columns);
        let lines: Vec<&str> = page.text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], "Dana Okafor Principal Cloud Architect across the whole page width");
        assert_eq!(
            &lines[1..9],
            (0..8).map(|i| format!("left column line {i} with prose")).collect::<Vec<_>>().as_slice()
        );
        assert_eq!(
            &lines[9..],
            (0..8).map(|i| format!("right column line {i} with prose")).collect::<Vec<_>>().as_slice()
        );
    }

    #[test]
    fn a_right_aligned_date_column_is_not_a_text_column() {
        let mut runs = Vec::new();
        for i in 0..8 {
            let y = 700.0 - 14.0 * i as f32;
            runs.push(run(50.0, y, &format!("Built landing zones and pipelines for client number {i}")));
            runs.push(run(480.0, y, "2021"));
        }
        let page = layout(runs);
        assert!(!page.columns);
        assert_eq!(page.text.lines().next(), Some("Built landing zones and pipelines for client number 0\t2021"));
    }

    #[test]
    fn letter_spaced_headings_read_as_words() {
        let mut runs = Vec::new();
        let mut x = 100.0;
        for c in "SENIOR DEV".chars() {
            if c == ' ' {
                x += 6.0;
                continue;
            }
            runs.push(Run { x0: x, x1: x + 6.0, y: 700.0, size: 10.0, text: c.to_string() });
            x += 9.0;
        }
        assert_eq!(layout(runs).text, "SENIOR DEV");
    }

    #[test]
    fn glyph_by_glyph_text_keeps_double_letters() {
        let runs: Vec<Run> = "fellow"
            .chars()
            .enumerate()
            .map(|(i, c)| Run {
                x0: 100.0 + 5.0 * i as f32,
                x1: 105.0 + 5.0 * i as f32,
                y: 700.0,
                size: 10.0,
                text: c.to_string(),
            })
            .collect();
        assert_eq!(layout(runs).text, "fellow");
    }

    #[test]
    fn fake_bold_is_read_once() {
        let runs = vec![run(100.0, 700.0, "Skills"), run(100.4, 700.0, "Skills")];
        assert_eq!(layout(runs).text, "Skills");
    }
}
