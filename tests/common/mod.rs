//! Helpers shared by the integration tests.

/// Says on the terminal that a test checked nothing: written to stderr directly, because the test harness keeps
/// `eprintln!` of a passing test to itself.
pub fn skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}
