//! What one document may cost: decompressed bytes (PDF streams and zip entries together), PDF pages, and time.
//! A hostile file — a decompression bomb, a million-page PDF, a content stream that never ends — meets a limit
//! and fails alone with `limit_exceeded` or `timeout`, while the batch goes on with bounded memory.
//!
//! Time is checked cooperatively wherever rolefit's own code loops (pages, content operators, XML events);
//! the size limits bound what the libraries do between checks.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::outcome::{ErrorKind, Failure};

/// Default for `--max-decompressed`: far above any real resume or posting, and low enough that two documents at
/// the limit at once (`-j 2`) stay far below 256 MB.
pub const DEFAULT_MAX_DECOMPRESSED: u64 = 64 << 20;
/// Default for `--max-pages`.
pub const DEFAULT_MAX_PAGES: usize = 2_000;
/// Default for `--doc-timeout`.
pub const DEFAULT_DOC_TIMEOUT: Duration = Duration::from_secs(30);

/// The limits of one document, as configured.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most bytes all of a document's compressed parts may decompress to, together.
    pub max_decompressed: u64,
    /// Most pages read from a PDF.
    pub max_pages: usize,
    /// Most time spent extracting one document.
    pub doc_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_decompressed: DEFAULT_MAX_DECOMPRESSED,
            max_pages: DEFAULT_MAX_PAGES,
            doc_timeout: DEFAULT_DOC_TIMEOUT,
        }
    }
}

/// What is left of one document's limits while it is being extracted.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    deadline: Instant,
    left: Cell<u64>,
    ticks: Cell<u32>,
}

/// Calls of [`Budget::tick`] between two looks at the clock.
const TICKS_PER_TIME_CHECK: u32 = 1024;

impl Budget {
    /// A fresh budget, its clock started now.
    pub fn new(limits: Limits) -> Budget {
        // A timeout too large to add to the clock is as good as none.
        let deadline = Instant::now().checked_add(limits.doc_timeout).unwrap_or_else(far_future);
        Budget { limits, deadline, left: Cell::new(limits.max_decompressed), ticks: Cell::new(0) }
    }

    /// When the document's time is up (extraction and matching share it).
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// The limits this budget started from.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// One step of a loop over the document: looks at the clock every 1,024 steps (a step should cost at most a
    /// few microseconds, so a loop notices the timeout within milliseconds).
    pub fn tick(&self) -> Result<(), Failure> {
        let ticks = self.ticks.get().wrapping_add(1);
        self.ticks.set(ticks);
        if ticks.is_multiple_of(TICKS_PER_TIME_CHECK) { self.check_time() } else { Ok(()) }
    }

    /// The page limit.
    pub fn max_pages(&self) -> usize {
        self.limits.max_pages
    }

    /// How many more bytes may be decompressed; the next decompression is capped at this.
    pub fn left(&self) -> usize {
        usize::try_from(self.left.get()).unwrap_or(usize::MAX)
    }

    /// Records `bytes` decompressed; fails when that exceeds the budget.
    pub fn spend(&self, bytes: usize) -> Result<(), Failure> {
        let bytes = bytes as u64;
        if bytes > self.left.get() {
            self.left.set(0);
            return Err(self.exhausted());
        }
        self.left.set(self.left.get() - bytes);
        Ok(())
    }

    /// The failure of a document whose parts decompress past the budget.
    pub fn exhausted(&self) -> Failure {
        Failure::new(
            ErrorKind::LimitExceeded,
            format!("decompresses to more than {} MiB (--max-decompressed)", self.limits.max_decompressed >> 20),
        )
    }

    /// Fails once the document's time is up.
    pub fn check_time(&self) -> Result<(), Failure> {
        if Instant::now() > self.deadline {
            return Err(self.timed_out("extraction"));
        }
        Ok(())
    }

    /// The failure of a document whose `stage` (extraction, matching) ran past its time.
    pub fn timed_out(&self, stage: &str) -> Failure {
        Failure::new(
            ErrorKind::Timeout,
            format!("{stage} took longer than {} s (--doc-timeout)", self.limits.doc_timeout.as_secs_f64()),
        )
    }
}

/// An instant no document reaches (a century from now).
fn far_future() -> Instant {
    let now = Instant::now();
    now.checked_add(Duration::from_secs(100 * 365 * 86_400)).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spending_past_the_budget_fails_with_limit_exceeded() {
        let budget = Budget::new(Limits { max_decompressed: 100, ..Limits::default() });
        budget.spend(60).expect("within");
        assert_eq!(budget.left(), 40);
        assert_eq!(budget.spend(41).expect_err("over").kind, ErrorKind::LimitExceeded);
        assert_eq!(budget.left(), 0);
    }

    #[test]
    fn an_expired_clock_fails_with_timeout() {
        let budget = Budget::new(Limits { doc_timeout: Duration::ZERO, ..Limits::default() });
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(budget.check_time().expect_err("late").kind, ErrorKind::Timeout);
    }
}
