//! Talking to the running kernel: the oracle, and installing verified filters.
//!
//! The only module with `unsafe` code; every block says why it is sound. Linux x86_64
//! only. Filters are installed only in throwaway children (the oracle) or, by
//! [`install::install`], in the calling process just before it execs a command
//! (`secbpf exec`).
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

#[cfg(all(feature = "generators", feature = "json"))]
pub mod cagent;
#[cfg(all(feature = "generators", feature = "json"))]
pub mod campaign;
pub mod dump;
pub mod install;
mod ippage;
pub mod oracle;
pub mod rewrite;
pub mod signals;
pub(crate) mod sys;
pub mod tool;
#[cfg(all(feature = "generators", feature = "json"))]
pub mod vmagent;
#[cfg(all(feature = "generators", feature = "json"))]
pub mod vmhost;
#[cfg(feature = "json")]
pub mod vmproto;

pub use oracle::{accept, guard_install, outcome, run, run_accepted, KernelRet, Observed};

use std::fmt;

/// Why the kernel could not be asked, or refused to do something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelError {
    errno: Option<i32>,
    detail: String,
}

impl KernelError {
    #[cold]
    pub(crate) fn new(detail: String) -> KernelError {
        KernelError {
            errno: None,
            detail,
        }
    }
    #[cold]
    pub(crate) fn errno(errno: i32, detail: String) -> KernelError {
        KernelError {
            errno: Some(errno),
            detail,
        }
    }
    /// The errno the kernel returned, when the error is one.
    pub fn os_errno(&self) -> Option<i32> {
        self.errno
    }
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kernel: {}", self.detail)
    }
}

impl std::error::Error for KernelError {}

/// For tests that need the kernel: `true` if it can be asked; otherwise `false` (the
/// test skips), or a panic when the environment sets `SECBPF_REQUIRE_KERNEL=1` (CI does,
/// so there a kernel test that cannot reach seccomp fails instead of skipping).
pub fn available_for_tests() -> bool {
    match available() {
        Ok(()) => true,
        Err(why) => {
            if std::env::var("SECBPF_REQUIRE_KERNEL").as_deref() == Ok("1") {
                panic!("SECBPF_REQUIRE_KERNEL=1 but seccomp cannot be used here: {why}");
            }
            eprintln!("skipping: seccomp cannot be used here: {why}");
            false
        }
    }
}

/// Whether this process can ask the kernel: Linux on x86_64 with seccomp filters
/// available. `Err` says why not.
pub fn available() -> Result<(), String> {
    sys::seccomp_available()
}
