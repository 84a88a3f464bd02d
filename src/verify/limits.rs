//! The checks of the seccomp(2) call itself: flags, length, privileges, and the
//! per-thread chain limit (kernel/seccomp.c `seccomp_set_mode_filter`,
//! `seccomp_prepare_filter`, `seccomp_attach_filter`).

use super::error::{VerifyError, VerifyErrorKind as K};
use crate::consts::*;
use crate::seccomp::profile::{KernelProfile, FLAG_RELEASES};

/// Flag names as `--flags` spells them, with their values.
pub const FLAG_NAMES: &[(&str, u32)] = &[
    ("tsync", SECCOMP_FILTER_FLAG_TSYNC),
    ("log", SECCOMP_FILTER_FLAG_LOG),
    ("spec_allow", SECCOMP_FILTER_FLAG_SPEC_ALLOW),
    ("new_listener", SECCOMP_FILTER_FLAG_NEW_LISTENER),
    ("tsync_esrch", SECCOMP_FILTER_FLAG_TSYNC_ESRCH),
    ("wait_killable_recv", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV),
];

/// Parse a comma-separated flag list (`tsync,log`), names case-insensitive, also
/// accepting `SECCOMP_FILTER_FLAG_` prefixes and numbers (`0x40` models an unknown flag).
pub fn parse_flags(s: &str) -> Result<u32, String> {
    let mut flags = 0;
    for part in s.split([',', '|']).map(str::trim).filter(|p| !p.is_empty()) {
        let lower = part.to_ascii_lowercase();
        let name = lower.strip_prefix("seccomp_filter_flag_").unwrap_or(&lower);
        if let Some((_, v)) = FLAG_NAMES.iter().find(|(n, _)| *n == name) {
            flags |= v;
        } else if let Some(v) = crate::num::parse_u32(part) {
            flags |= v;
        } else {
            let known: Vec<&str> = FLAG_NAMES.iter().map(|(n, _)| *n).collect();
            return Err(format!(
                "unknown flag '{part}' (expected one of {} or a number)",
                known.join(", ")
            ));
        }
    }
    Ok(flags)
}

/// The flag checks that come first in `seccomp_set_mode_filter()`, in its order, as the
/// newest known kernel makes them.
pub fn check_flags(flags: u32) -> Result<(), VerifyError> {
    check_flags_in(flags, &KernelProfile::NEWEST)
}

/// [`check_flags`] as kernel release `kernel` makes them: a flag newer than it is an
/// unknown bit (EINVAL), named with the release that introduced it.
pub fn check_flags_in(flags: u32, kernel: &KernelProfile) -> Result<(), VerifyError> {
    let mask = kernel.flag_mask();
    let newer = flags & SECCOMP_FILTER_FLAG_MASK & !mask;
    if newer != 0 {
        let names: Vec<String> = FLAG_RELEASES
            .iter()
            .filter(|(f, _, _)| newer & f != 0)
            .map(|(_, n, since)| format!("{n} (new in {since})"))
            .collect();
        let known: Vec<&str> = FLAG_RELEASES
            .iter()
            .filter(|(f, _, _)| mask & f != 0)
            .map(|(_, n, _)| *n)
            .collect();
        let knows = if known.is_empty() {
            "no filter flags".to_string()
        } else {
            format!("only {}", known.join(", "))
        };
        return Err(VerifyError::whole(
            K::UnknownFlags,
            format!(
                "flags {flags:#x} include {} that {kernel} does not know (it knows {knows})",
                names.join(", ")
            ),
            "drop the flags this kernel release does not have, or check against a newer --kernel-version",
        ));
    }
    if flags & !SECCOMP_FILTER_FLAG_MASK != 0 {
        return Err(VerifyError::whole(
            K::UnknownFlags,
            format!(
                "flags {flags:#x} include bits {:#x} the kernel does not know",
                flags & !SECCOMP_FILTER_FLAG_MASK
            ),
            "use only tsync, log, spec_allow, new_listener, tsync_esrch and wait_killable_recv",
        ));
    }
    let tsync = flags & SECCOMP_FILTER_FLAG_TSYNC != 0;
    let listener = flags & SECCOMP_FILTER_FLAG_NEW_LISTENER != 0;
    let esrch = flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH != 0;
    if tsync && listener && !esrch {
        return Err(VerifyError::whole(
            K::TsyncWithListener,
            "tsync and new_listener together need tsync_esrch".into(),
            if kernel.version().at_least(5, 7) {
                "add tsync_esrch, since the call cannot return both a thread id and a listener fd"
            } else {
                "before 5.7 (tsync_esrch) the two cannot be combined: install the listener filter without tsync"
            },
        ));
    }
    if flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV != 0 && !listener {
        return Err(VerifyError::whole(
            K::WaitKillableWithoutListener,
            "wait_killable_recv needs new_listener".into(),
            "add new_listener, or drop wait_killable_recv",
        ));
    }
    Ok(())
}

/// `seccomp_prepare_filter()`'s length check: 1..=4096 instructions.
pub fn check_len(len: usize) -> Result<(), VerifyError> {
    if len == 0 {
        return Err(VerifyError::whole(
            K::EmptyProgram,
            "the program has no instructions".into(),
            "a filter needs at least one instruction, a ret",
        ));
    }
    if len > BPF_MAXINSNS {
        return Err(VerifyError::whole(
            K::ProgramTooLong,
            format!("the program has {len} instructions; the kernel allows at most {BPF_MAXINSNS}"),
            "split the policy into several stacked filters, or shorten it (e.g. a binary search over nr)",
        ));
    }
    Ok(())
}

/// `seccomp_prepare_filter()`'s privilege check: no_new_privs or CAP_SYS_ADMIN.
pub fn check_privileges(no_new_privs: bool, cap_sys_admin: bool) -> Result<(), VerifyError> {
    if !no_new_privs && !cap_sys_admin {
        return Err(VerifyError::whole(
            K::NotPrivileged,
            "the caller has neither no_new_privs set nor CAP_SYS_ADMIN".into(),
            "call prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) before installing the filter",
        ));
    }
    Ok(())
}

/// `seccomp_attach_filter()`'s per-thread limit: the new filter's eBPF length plus, for
/// every filter already installed, its eBPF length + 4, must not exceed 32768.
pub fn check_chain(new_ebpf_len: usize, installed: &[usize]) -> Result<(), VerifyError> {
    let total = installed.iter().fold(new_ebpf_len, |acc, &l| {
        acc.saturating_add(l.saturating_add(4))
    });
    if total > MAX_INSNS_PER_PATH {
        return Err(VerifyError::whole(
            K::ChainTooLong,
            format!(
                "the chain would hold {total} converted eBPF instructions ({new_ebpf_len} for this filter, \
                 {} for the {} installed before it counting 4 extra each); the limit is {MAX_INSNS_PER_PATH}",
                total - new_ebpf_len,
                installed.len()
            ),
            "install fewer or shorter filters; the kernel counts converted eBPF instructions, not cBPF",
        ));
    }
    Ok(())
}
