//! `--kernel-version X.Y`: which kernel release `check`, `run`, `explain`, `diff` and
//! `test` answer as (the rules live in `secbpf::seccomp::profile`).

use super::common::{errln, CliError};
use secbpf::seccomp::{KernelProfile, KernelVersion, RetValue};
use serde_json::{json, Value};

/// The option, flattened into each command's arguments.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct KernelOpt {
    /// Answer as Linux X.Y (or X.Y.Z) would: which native x86_64 syscalls never reach a
    /// filter (uretprobe from 6.14 and 6.12.14, uprobe from 6.18), which actions exist
    /// (KILL_PROCESS and LOG from 4.14, USER_NOTIF from 5.0), what an unknown action
    /// kills (the thread before 5.10), and which flags exist. X.Y means the newest
    /// stable release of the series. Default: the running kernel when it is Linux
    /// (SECBPF_KERNEL_VERSION overrides it), else the newest known, 6.18.
    #[arg(long = "kernel-version", value_name = "X.Y")]
    kernel_version: Option<String>,
}

/// The profile chosen, and the kernel it is compared with.
#[derive(Clone, Debug)]
pub struct Chosen {
    /// The rules to answer with.
    pub profile: KernelProfile,
    /// The running kernel, as secbpf takes it (see [`KernelVersion::running`]).
    pub running: Option<KernelVersion>,
}

impl KernelOpt {
    /// The profile to answer with; prints the range warnings (older than the oldest
    /// modeled, newer than the newest known) to standard error.
    pub fn resolve(&self) -> Result<Chosen, CliError> {
        // A stand-in that does not parse is the user's mistake, not "no running kernel".
        KernelVersion::stand_in().map_err(|e| {
            CliError::usage(format!(
                "SECBPF_KERNEL_VERSION: {e} (or unset it to use the running kernel)"
            ))
        })?;
        let running = KernelVersion::running();
        let profile = match &self.kernel_version {
            Some(s) => s
                .parse::<KernelProfile>()
                .map_err(|e| CliError::usage(format!("--kernel-version: {e}")))?,
            None => running.map_or(KernelProfile::NEWEST, KernelProfile::new),
        };
        let c = Chosen { profile, running };
        if let Some(w) = c.profile.range_warning() {
            errln!("secbpf: warning: {w}");
        }
        Ok(c)
    }
}

impl Chosen {
    /// Whether the profile is the running kernel's (the same series, and the same patch
    /// level when the profile names one).
    pub fn is_running(&self) -> bool {
        let p = self.profile.version();
        self.running.is_some_and(|r| {
            r.major == p.major && r.minor == p.minor && p.patch.is_none_or(|x| r.patch == Some(x))
        })
    }

    /// `note: answering as Linux 6.1 (the running kernel is 6.18.44)` when the profile is
    /// not the running kernel; `None` when it is.
    pub fn header(&self) -> Option<String> {
        if self.is_running() {
            return None;
        }
        Some(match self.running {
            Some(r) => format!(
                "note: answering as {} (the running kernel is Linux {r})",
                self.profile
            ),
            None => format!(
                "note: answering as {} (no running Linux kernel to take the version from)",
                self.profile
            ),
        })
    }

    /// How this kernel reads each of `rets` where that differs from the newest known
    /// kernel, one note each (duplicates dropped).
    pub fn notes(&self, rets: impl IntoIterator<Item = RetValue>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in rets {
            if let Some(n) = self.profile.action_note(r) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The `"kernel"` member of a JSON answer: the version, whether it is the running
    /// kernel, the range warning and `notes`. `None` when it would say nothing (the
    /// running kernel, no warning, no notes), so answers for the running kernel keep
    /// their shape.
    pub fn json(&self, notes: &[String]) -> Option<Value> {
        let warning = self.profile.range_warning();
        if self.is_running() && warning.is_none() && notes.is_empty() {
            return None;
        }
        Some(json!({
            "version": self.profile.version().to_string(),
            "running": self.is_running(),
            "warning": warning,
            "notes": notes,
        }))
    }
}
