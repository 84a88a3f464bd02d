//! Budgets for the analyses (`explain`, `diff`, `cover`): a time limit and a memory
//! limit, so that every program the kernel accepts is analysed in bounded time and space.
//!
//! The analyses stay exact while they are within budget. When a [`Meter`] reports the
//! budget spent, they switch to a coarse mode whose remaining work is linear in the
//! program size: states at a pc are joined (regions widened to the product of their
//! per-word unions, differing register values forgotten) and marked approximate, so
//! results stay sound (an approximate region over-approximates, a diff with regions it
//! could not decide says `unresolved`, never `equivalent`). Memory is a proxy: the bytes
//! the analysis holds in BDD nodes, caches and pending states, as the analysis counts
//! them, not the process's resident size.

use std::fmt;
use std::time::{Duration, Instant};

/// Default time budget, seconds.
pub const DEFAULT_TIME_SECS: f64 = 2.0;
/// Default memory budget, MB (2^20 bytes).
pub const DEFAULT_MEMORY_MB: f64 = 512.0;
/// Largest accepted time budget, seconds (one day).
pub const MAX_TIME_SECS: f64 = 86_400.0;
/// Largest accepted memory budget, MB (1 TiB).
pub const MAX_MEMORY_MB: f64 = 1_048_576.0;

/// How much time and memory an analysis may use before it degrades (soundly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Budget {
    /// Wall-clock time from the start of the analysis.
    pub time: Duration,
    /// Bytes of analysis state (BDD nodes, caches, pending states).
    pub memory: u64,
}

impl Budget {
    /// With this wall-clock time; start from [`Budget::default`] (2 s, 512 MB):
    ///
    /// ```
    /// use secbpf::analysis::budget::Budget;
    /// let b = Budget::default().time(std::time::Duration::from_secs(10)).memory(1 << 30);
    /// assert_eq!(b.memory, 1 << 30);
    /// ```
    pub fn time(mut self, time: Duration) -> Budget {
        self.time = time;
        self
    }

    /// With this many bytes of analysis state.
    pub fn memory(mut self, bytes: u64) -> Budget {
        self.memory = bytes;
        self
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            time: Duration::from_secs_f64(DEFAULT_TIME_SECS),
            memory: (DEFAULT_MEMORY_MB as u64) << 20,
        }
    }
}

/// What is wrong with a budget value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BudgetErrorKind {
    /// The time is NaN, infinite, zero or negative, or over [`MAX_TIME_SECS`].
    Time,
    /// The memory is NaN, infinite, below 1 MB or over [`MAX_MEMORY_MB`].
    Memory,
}

/// A rejected budget value.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetError {
    /// Which value.
    pub kind: BudgetErrorKind,
    /// The value given.
    pub value: f64,
}

/// `nan`, `inf`, `-inf`, `1e300` or `2.5`: a value as a user would type it.
fn number(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else if v != 0.0 && !(1e-4..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

impl fmt::Display for BudgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            BudgetErrorKind::Time => write!(
                f,
                "time budget {} is not a number of seconds in (0, {MAX_TIME_SECS}]",
                number(self.value)
            ),
            BudgetErrorKind::Memory => write!(
                f,
                "memory budget {} is not a number of MB in [1, {MAX_MEMORY_MB}]",
                number(self.value)
            ),
        }
    }
}

impl std::error::Error for BudgetError {}

impl Budget {
    /// A budget of `time_secs` seconds and `memory_mb` MB, validated: both finite, time
    /// in (0, 86400], memory in [1, 1048576].
    pub fn new(time_secs: f64, memory_mb: f64) -> Result<Budget, BudgetError> {
        if !(time_secs.is_finite() && time_secs > 0.0 && time_secs <= MAX_TIME_SECS) {
            return Err(BudgetError {
                kind: BudgetErrorKind::Time,
                value: time_secs,
            });
        }
        if !(memory_mb.is_finite() && (1.0..=MAX_MEMORY_MB).contains(&memory_mb)) {
            return Err(BudgetError {
                kind: BudgetErrorKind::Memory,
                value: memory_mb,
            });
        }
        Ok(Budget {
            time: Duration::from_secs_f64(time_secs),
            memory: (memory_mb * f64::from(1u32 << 20)) as u64,
        })
    }
}

/// Which limit ran out first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exhausted {
    /// The time budget.
    Time,
    /// The memory budget.
    Memory,
}

impl Exhausted {
    /// `time` or `memory`.
    pub fn name(self) -> &'static str {
        match self {
            Exhausted::Time => "time",
            Exhausted::Memory => "memory",
        }
    }
}

/// The running account of one analysis against its [`Budget`]. Once spent it stays
/// spent.
#[derive(Clone, Debug)]
pub struct Meter {
    start: Instant,
    budget: Budget,
    spent: Option<Exhausted>,
    ticks: u32,
}

impl Meter {
    /// Start counting now.
    pub fn new(budget: &Budget) -> Meter {
        Meter {
            start: Instant::now(),
            budget: *budget,
            spent: None,
            ticks: 0,
        }
    }

    /// Account for `bytes` of analysis state held now; true once the budget is spent
    /// (the clock is read every 64 calls).
    pub fn over(&mut self, bytes: u64) -> bool {
        if self.spent.is_some() {
            return true;
        }
        if bytes > self.budget.memory {
            self.spent = Some(Exhausted::Memory);
            return true;
        }
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(64) && self.start.elapsed() > self.budget.time {
            self.spent = Some(Exhausted::Time);
        }
        self.spent.is_some()
    }

    /// The limit that ran out, if one did.
    pub fn spent(&self) -> Option<Exhausted> {
        self.spent
    }

    /// The budget counted against.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// Time since the start.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }
}

/// The sentence the commands print when a budget ran out.
pub fn note(spent: Exhausted, budget: &Budget) -> String {
    match spent {
        Exhausted::Time => format!(
            "the analysis ran out of its time budget ({} s; raise it with --budget-time SECS)",
            budget.time.as_secs_f64()
        ),
        Exhausted::Memory => format!(
            "the analysis ran out of its memory budget ({} MB; raise it with --budget-memory MB)",
            budget.memory >> 20
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        assert!(Budget::new(2.0, 512.0).is_ok());
        for t in [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e300] {
            assert_eq!(
                Budget::new(t, 512.0).map_err(|e| e.kind),
                Err(BudgetErrorKind::Time)
            );
        }
        for mb in [f64::NAN, f64::INFINITY, -1.0, 0.0, 0.5, 1e300] {
            assert_eq!(
                Budget::new(1.0, mb).map_err(|e| e.kind),
                Err(BudgetErrorKind::Memory)
            );
        }
        assert_eq!(Budget::default(), Budget::new(2.0, 512.0).unwrap());
        let msg = |t: f64| Budget::new(t, 512.0).unwrap_err().to_string();
        assert_eq!(
            msg(1e300),
            "time budget 1e300 is not a number of seconds in (0, 86400]"
        );
        assert_eq!(
            msg(f64::NAN),
            "time budget nan is not a number of seconds in (0, 86400]"
        );
        assert_eq!(
            msg(-1.0),
            "time budget -1 is not a number of seconds in (0, 86400]"
        );
    }

    #[test]
    fn memory_is_sticky() {
        let mut m = Meter::new(&Budget::new(100.0, 1.0).unwrap());
        assert!(!m.over(1000));
        assert!(m.over(2 << 20));
        assert!(m.over(0));
        assert_eq!(m.spent(), Some(Exhausted::Memory));
    }
}
