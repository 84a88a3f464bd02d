//! `--budget-time` and `--budget-memory`, shared by the analyses (explain, diff, cover).

use super::common::CliError;
use secbpf::analysis::budget::{Budget, DEFAULT_MEMORY_MB, DEFAULT_TIME_SECS};

/// How long and how much memory the analysis may use before it degrades (soundly: regions
/// past the budget are marked approximate, diff says `unresolved`).
#[derive(clap::Args, Debug, Clone)]
pub struct BudgetOpts {
    /// Time budget of the analysis, in seconds (0 < SECS <= 86400; default 2).
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub budget_time: Option<f64>,
    /// Memory budget of the analysis state, in MB (1 <= MB <= 1048576; default 512).
    #[arg(long, value_name = "MB", allow_negative_numbers = true)]
    pub budget_memory: Option<f64>,
}

impl BudgetOpts {
    /// The validated budget.
    pub fn budget(&self) -> Result<Budget, CliError> {
        let t = self.budget_time.unwrap_or(DEFAULT_TIME_SECS);
        let mb = self.budget_memory.unwrap_or(DEFAULT_MEMORY_MB);
        Budget::new(t, mb).map_err(|e| {
            let opt = match e.kind {
                secbpf::analysis::budget::BudgetErrorKind::Time => "--budget-time",
                secbpf::analysis::budget::BudgetErrorKind::Memory => "--budget-memory",
            };
            CliError::usage(format!("{opt}: {e}"))
        })
    }
}
