//! Lines made up from pieces, for tests that compare two ways of reading a line on many of them.

/// `count` lines of one to `max_pieces` pieces each, from a fixed pseudo-random walk (xorshift) seeded with
/// `seed`: the same lines on every run. `seed` must not be zero (xorshift would stay at zero), nor `max_pieces`.
pub(crate) fn generated_lines<'a>(
    pieces: &'a [&'a str],
    seed: u64,
    count: usize,
    max_pieces: u64,
) -> impl Iterator<Item = String> + 'a {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let len = 1 + next() % max_pieces;
        (0..len).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect()
    })
}
