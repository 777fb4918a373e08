//! Fuzzes lexicon loading and compiling: any text either loads or is rejected with file:line errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rolefit::fuzzing::lexicon(data));
