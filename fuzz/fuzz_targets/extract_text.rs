//! Fuzzes the whole pipeline (extract, match, assess) on bytes named `.text`: it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rolefit::fuzzing::analyse(data, "document.text");
});
