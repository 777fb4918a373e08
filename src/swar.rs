//! Tests on eight bytes at once, packed in one `u64` (SWAR), for the passes that read every byte of a text.
//! [`ascii_block`] reads eight bytes that are all ASCII; [`in_range`], [`equal_to`] and [`letters`] test such a
//! block, answering with the high bit set in every byte that passes (their arithmetic holds below 0x80, where no
//! sum carries into the next byte); [`first_non_ascii`] finds where ASCII ends; [`any_below`] and [`any_equal`]
//! ask about blocks of any bytes.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte: the answer when all eight bytes pass.
pub(crate) const ALL: u64 = HIGH;

/// `eight` bytes as one little-endian integer, or `None` when there are not eight or one is not ASCII.
pub(crate) fn ascii_block(eight: &[u8]) -> Option<u64> {
    let block = u64::from_le_bytes(eight.try_into().ok()?);
    (block & HIGH == 0).then_some(block)
}

/// Where the first byte outside ASCII is in `bytes`, read eight bytes at a time.
pub(crate) fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(8);
    for (i, eight) in (&mut blocks).enumerate() {
        let high = u64::from_le_bytes(eight.try_into().expect("chunks of eight")) & HIGH;
        if high != 0 {
            return Some(8 * i + (high.trailing_zeros() / 8) as usize);
        }
    }
    let done = bytes.len() - blocks.remainder().len();
    blocks.remainder().iter().position(|b| !b.is_ascii()).map(|i| done + i)
}

/// Whether some byte of `block`, of any value, is below `n` (at most 0x80). The borrows of the subtraction can
/// mark bytes above the first one wrongly, but never when no byte is below `n`, so the answer is exact.
pub(crate) fn any_below(block: u64, n: u8) -> bool {
    debug_assert!(n <= 0x80);
    block.wrapping_sub(ONES * u64::from(n)) & !block & HIGH != 0
}

/// Whether some byte of `block`, of any value, is `byte`.
pub(crate) fn any_equal(block: u64, byte: u8) -> bool {
    any_below(block ^ (ONES * u64::from(byte)), 1)
}

/// The bytes from `lo` to `hi`: adding `0x80 - lo` to a byte sets its high bit from `lo` up, adding `0x7f - hi`
/// from above `hi` up.
pub(crate) fn in_range(block: u64, lo: u8, hi: u8) -> u64 {
    debug_assert!(lo <= hi && hi < 0x80);
    (block + ONES * u64::from(0x80 - lo)) & !(block + ONES * u64::from(0x7f - hi)) & HIGH
}

/// The bytes equal to `byte`.
pub(crate) fn equal_to(block: u64, byte: u8) -> u64 {
    in_range(block, byte, byte)
}

/// The ASCII letters: setting bit 5 lower-cases them.
pub(crate) fn letters(block: u64) -> u64 {
    in_range(block | (ONES * 0x20), b'a', b'z')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every range of ASCII bytes, against every ASCII byte, eight at a time.
    #[test]
    fn in_range_is_the_bytewise_test() {
        for lo in 0..0x80u8 {
            for hi in lo..0x80u8 {
                for first in (0..0x80u8).step_by(8) {
                    let eight: Vec<u8> = (first..first + 8).collect();
                    let block = ascii_block(&eight).unwrap();
                    let expected = eight
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| (lo..=hi).contains(*b))
                        .fold(0, |m, (i, _)| m | 0x80 << (8 * i));
                    assert_eq!(in_range(block, lo, hi), expected, "{lo:#x}..={hi:#x} on {eight:?}");
                }
            }
        }
    }

    #[test]
    fn letters_are_ascii_letters_of_either_case() {
        for first in (0..0x80u8).step_by(8) {
            let eight: Vec<u8> = (first..first + 8).collect();
            let expected = eight
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_alphabetic())
                .fold(0, |m, (i, _)| m | 0x80 << (8 * i));
            assert_eq!(letters(ascii_block(&eight).unwrap()), expected, "{eight:?}");
        }
    }

    #[test]
    fn the_first_non_ascii_byte_is_found_at_every_place() {
        for len in 0..20 {
            let ascii = vec![b'a'; len];
            assert_eq!(first_non_ascii(&ascii), None);
            for place in 0..len {
                let mut bytes = ascii.clone();
                bytes[place] = 0x80;
                bytes[len - 1] |= 0x80;
                assert_eq!(first_non_ascii(&bytes), Some(place), "{bytes:?}");
            }
        }
    }

    /// Every byte value at every place, among fillers of bytes above, below and equal to the bytes tested.
    #[test]
    fn any_below_and_any_equal_are_the_bytewise_tests() {
        for filler in [0x20u8, 0x41, 0x7f, 0x80, 0xff, b'"'] {
            for place in 0..8 {
                for byte in 0..=255u8 {
                    let mut eight = [filler; 8];
                    eight[place] = byte;
                    let block = u64::from_le_bytes(eight);
                    for n in [0x01u8, 0x20, 0x80] {
                        assert_eq!(any_below(block, n), eight.iter().any(|&b| b < n), "{eight:?} below {n:#x}");
                    }
                    for wanted in [b'"', b'\\', 0x00, 0xff] {
                        assert_eq!(any_equal(block, wanted), eight.contains(&wanted), "{eight:?} has {wanted:#x}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_block_is_eight_ascii_bytes() {
        assert_eq!(ascii_block(b"abcdefgh"), Some(u64::from_le_bytes(*b"abcdefgh")));
        assert_eq!(ascii_block(b"abcdefg"), None);
        assert_eq!(ascii_block("abcdefé".as_bytes()), None);
    }
}
