//! The checker: answers exactly as seccomp(SECCOMP_SET_MODE_FILTER) would.
//!
//! Checks run in the kernel's order (kernel facts §1.3):
//!
//! 1. flags (`seccomp_set_mode_filter`): unknown bits, TSYNC+NEW_LISTENER without
//!    TSYNC_ESRCH, WAIT_KILLABLE_RECV without NEW_LISTENER: EINVAL;
//! 2. length 1..=4096 (`seccomp_prepare_filter`): EINVAL;
//! 3. no_new_privs or CAP_SYS_ADMIN: EACCES;
//! 4. `bpf_check_classic`: `chk_code_allowed` and the per-instruction checks, in one
//!    forward pass, then "the last instruction is a RET", then `check_load_and_stores`:
//!    EINVAL;
//! 5. `seccomp_check_filter`: EINVAL;
//! 6. for stacks, `has_duplicate_listener` (EBUSY) and the per-thread chain limit in
//!    converted-eBPF instructions (`seccomp_attach_filter`, ENOMEM).
//!
//! The first failure is the kernel's answer.
//!
//! # Deviations
//!
//! | kernel behaviour | secbpf | why |
//! |---|---|---|
//! | EFAULT for unreadable user memory, ENOMEM on allocation failure | never | there is no user pointer or allocation to fail |
//! | TSYNC returns the tid of a thread that cannot sync | never | secbpf models a single-threaded caller |
//! | EINVAL when the thread is in strict mode, or TSYNC is interrupted | never | secbpf models a caller in mode DISABLED or FILTER |
//! | a longer `prog->len` under JIT hardening (`bpf_jit_harden`) | not modelled | the chain limit assumes hardening off (the default for root) |

pub mod classic;
pub mod error;
pub mod limits;
pub mod memflow;
pub mod seccomp;

pub use error::{VerifyError, VerifyErrorKind};

use crate::consts::SECCOMP_FILTER_FLAG_NEW_LISTENER;
use crate::insn::Insn;
use crate::program::VerifiedProgram;

/// How the caller of seccomp(2) is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstallOptions {
    /// `SECCOMP_FILTER_FLAG_*` bits passed to seccomp(2).
    pub flags: u32,
    /// Whether the caller has set no_new_privs (default true).
    pub no_new_privs: bool,
    /// Whether the caller has CAP_SYS_ADMIN in its user namespace (default false).
    pub cap_sys_admin: bool,
}

impl Default for InstallOptions {
    fn default() -> Self {
        InstallOptions {
            flags: 0,
            no_new_privs: true,
            cap_sys_admin: false,
        }
    }
}

/// Check one program as a lone filter installed with default options (no flags,
/// no_new_privs set).
///
/// # Errors
/// The kernel's reason for refusing it.
pub fn check(prog: &[Insn]) -> Result<VerifiedProgram, VerifyError> {
    check_with(prog, &InstallOptions::default())
}

/// Check the program itself: `bpf_check_classic` then `seccomp_check_filter`, without
/// the call-level checks (flags, length, privileges).
///
/// # Errors
/// The first rule the program breaks, with its pc.
pub fn check_program(prog: &[Insn]) -> Result<VerifiedProgram, VerifyError> {
    classic::check_classic(prog)?;
    memflow::check_load_and_stores(prog)?;
    let ops = seccomp::check_seccomp(prog)?;
    let prepared = crate::vm::op::Prepared::new(&ops);
    Ok(VerifiedProgram {
        insns: prog.to_vec(),
        ebpf_len: seccomp::ebpf_len(prog),
        presolved: crate::vm::presolve::Presolved::new(&prepared),
        prepared,
        ops,
    })
}

/// Check one program as a lone filter installed with `opts`.
///
/// # Errors
/// The kernel's reason for refusing it.
pub fn check_with(prog: &[Insn], opts: &InstallOptions) -> Result<VerifiedProgram, VerifyError> {
    limits::check_flags(opts.flags)?;
    limits::check_len(prog.len())?;
    limits::check_privileges(opts.no_new_privs, opts.cap_sys_admin)?;
    let v = check_program(prog)?;
    limits::check_chain(v.ebpf_len, &[])?;
    Ok(v)
}

/// The kernel's answers for installing `progs` one after another (oldest first) in one
/// thread, each with `opts`. A refused filter is not installed, so it does not count
/// towards the chain of the filters after it.
pub fn check_stack(
    progs: &[&[Insn]],
    opts: &InstallOptions,
) -> Vec<Result<VerifiedProgram, VerifyError>> {
    let mut installed: Vec<usize> = Vec::new();
    let mut listener = false;
    let wants_listener = opts.flags & SECCOMP_FILTER_FLAG_NEW_LISTENER != 0;
    let mut out = Vec::with_capacity(progs.len());
    for prog in progs {
        let r = (|| {
            limits::check_flags(opts.flags)?;
            limits::check_len(prog.len())?;
            limits::check_privileges(opts.no_new_privs, opts.cap_sys_admin)?;
            let v = check_program(prog)?;
            if wants_listener && listener {
                return Err(VerifyError::whole(
                    VerifyErrorKind::DuplicateListener,
                    "an earlier filter in this thread's chain already has a listener".into(),
                    "only one filter in a chain may use new_listener",
                ));
            }
            limits::check_chain(v.ebpf_len, &installed)?;
            Ok(v)
        })();
        if let Ok(v) = &r {
            installed.push(v.ebpf_len);
            listener |= wants_listener;
        }
        out.push(r);
    }
    out
}
