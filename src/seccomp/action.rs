//! Seccomp return values: actions, their data, precedence, and what the kernel does next.

use crate::consts::*;
use std::fmt;

/// The action part of a filter's 32-bit return value (`ret & SECCOMP_RET_ACTION_FULL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// `SECCOMP_RET_KILL_PROCESS` (0x80000000).
    KillProcess,
    /// `SECCOMP_RET_KILL_THREAD` (0).
    KillThread,
    /// `SECCOMP_RET_TRAP` (0x00030000).
    Trap,
    /// `SECCOMP_RET_ERRNO` (0x00050000).
    Errno,
    /// `SECCOMP_RET_USER_NOTIF` (0x7fc00000).
    UserNotif,
    /// `SECCOMP_RET_TRACE` (0x7ff00000).
    Trace,
    /// `SECCOMP_RET_LOG` (0x7ffc0000).
    Log,
    /// `SECCOMP_RET_ALLOW` (0x7fff0000).
    Allow,
    /// Any other action value; the kernel kills the process (kernel/seccomp.c
    /// `__seccomp_filter`, default case).
    Unknown,
}

impl Action {
    /// Decode the action of a return value.
    pub const fn of(ret: u32) -> Action {
        match ret & SECCOMP_RET_ACTION_FULL {
            SECCOMP_RET_KILL_PROCESS => Action::KillProcess,
            SECCOMP_RET_KILL_THREAD => Action::KillThread,
            SECCOMP_RET_TRAP => Action::Trap,
            SECCOMP_RET_ERRNO => Action::Errno,
            SECCOMP_RET_USER_NOTIF => Action::UserNotif,
            SECCOMP_RET_TRACE => Action::Trace,
            SECCOMP_RET_LOG => Action::Log,
            SECCOMP_RET_ALLOW => Action::Allow,
            _ => Action::Unknown,
        }
    }

    /// The action's name as secbpf prints it (`ALLOW`, `KILL_PROCESS`, ..., `UNKNOWN`).
    pub const fn name(self) -> &'static str {
        match self {
            Action::KillProcess => "KILL_PROCESS",
            Action::KillThread => "KILL_THREAD",
            Action::Trap => "TRAP",
            Action::Errno => "ERRNO",
            Action::UserNotif => "USER_NOTIF",
            Action::Trace => "TRACE",
            Action::Log => "LOG",
            Action::Allow => "ALLOW",
            Action::Unknown => "UNKNOWN",
        }
    }

    /// The constant of a named action (`None` for `Unknown`).
    pub const fn value(self) -> Option<u32> {
        Some(match self {
            Action::KillProcess => SECCOMP_RET_KILL_PROCESS,
            Action::KillThread => SECCOMP_RET_KILL_THREAD,
            Action::Trap => SECCOMP_RET_TRAP,
            Action::Errno => SECCOMP_RET_ERRNO,
            Action::UserNotif => SECCOMP_RET_USER_NOTIF,
            Action::Trace => SECCOMP_RET_TRACE,
            Action::Log => SECCOMP_RET_LOG,
            Action::Allow => SECCOMP_RET_ALLOW,
            Action::Unknown => return None,
        })
    }
}

/// Precedence key of a return value: lower wins. The kernel compares the top 16 bits
/// as a signed 32-bit number (kernel/seccomp.c `seccomp_run_filters`).
pub const fn precedence(ret: u32) -> i32 {
    (ret & SECCOMP_RET_ACTION_FULL) as i32
}

/// A return value shown the way people write it: `ALLOW`, `ERRNO(13)`, `TRAP(1)`,
/// `KILL_PROCESS`, `UNKNOWN(0x10000000)`. Data is shown only where it is non-zero or
/// the action uses it (ERRNO, TRAP, TRACE).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetValue(pub u32);

impl fmt::Display for RetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ret = self.0;
        let data = ret & SECCOMP_RET_DATA;
        let action = Action::of(ret);
        match action {
            Action::Unknown => write!(f, "UNKNOWN({ret:#010x})"),
            Action::Errno | Action::Trap | Action::Trace => {
                write!(f, "{}({})", action.name(), data)
            }
            _ if data != 0 => write!(f, "{}({})", action.name(), data),
            _ => f.write_str(action.name()),
        }
    }
}

/// Parse an action as secbpf prints it (case-insensitive): `ALLOW`, `ERRNO(13)`,
/// `ERRNO(EACCES)` (an errno name where ERRNO's number goes), `TRAP(1)`, `KILL`,
/// `KILL_PROCESS`, or a number. Returns the full return value. This is the one parser
/// of actions: `run`, `test` specs and the assembler's `ret #ACTION` all use it.
pub fn parse_ret(s: &str) -> Option<u32> {
    let t = s.trim();
    if let Some(v) = crate::num::parse_u32(t) {
        return Some(v);
    }
    let upper = t.to_ascii_uppercase();
    let upper = upper.strip_prefix("SECCOMP_RET_").unwrap_or(&upper);
    let (name, data) = match upper.find('(') {
        Some(i) => {
            let inner = upper[i + 1..].strip_suffix(')')?.trim();
            let name = &upper[..i];
            let data = match crate::num::parse_u32(inner) {
                Some(v) => v,
                // An errno name is ERRNO's data only: `ERRNO(EPERM)` is `ERRNO(1)`.
                None if name.trim() == "ERRNO" => crate::errno::value(inner)?,
                None => return None,
            };
            (name, data)
        }
        None => (upper, 0),
    };
    if data > SECCOMP_RET_DATA {
        return None;
    }
    let base = match name.trim() {
        "KILL_PROCESS" => SECCOMP_RET_KILL_PROCESS,
        "KILL_THREAD" | "KILL" => SECCOMP_RET_KILL_THREAD,
        "TRAP" => SECCOMP_RET_TRAP,
        "ERRNO" => SECCOMP_RET_ERRNO,
        "USER_NOTIF" => SECCOMP_RET_USER_NOTIF,
        "TRACE" => SECCOMP_RET_TRACE,
        "LOG" => SECCOMP_RET_LOG,
        "ALLOW" => SECCOMP_RET_ALLOW,
        _ => return None,
    };
    Some(base | data)
}

/// What the kernel does with a syscall once the filters have decided
/// (kernel/seccomp.c `__seccomp_filter`), for a process with no tracer and no listener.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The syscall runs (ALLOW, LOG, or a number the filters never see).
    Runs,
    /// The syscall is skipped and returns `-errno` (ERRNO data capped at `MAX_ERRNO`;
    /// 0 means it "succeeds" with 0).
    FailsWith(u32),
    /// SIGSYS is forced on the thread with `si_errno` = data (TRAP).
    Sigsys(u16),
    /// Only the calling thread is killed by SIGSYS (KILL_THREAD with other threads alive;
    /// the whole process when it is the last thread).
    KillThread,
    /// The whole process is killed by SIGSYS (KILL_PROCESS and every unknown action).
    KillProcess,
}

impl Outcome {
    /// What the kernel does for combined return value `ret`, assuming no tracer is
    /// attached and no listener exists: TRACE and USER_NOTIF then fail with ENOSYS.
    pub fn of(ret: u32) -> Outcome {
        let data = ret & SECCOMP_RET_DATA;
        match Action::of(ret) {
            Action::Allow | Action::Log => Outcome::Runs,
            Action::Errno => Outcome::FailsWith(data.min(MAX_ERRNO)),
            Action::Trap => Outcome::Sigsys(data as u16),
            Action::Trace | Action::UserNotif => Outcome::FailsWith(libc::ENOSYS as u32),
            Action::KillThread => Outcome::KillThread,
            Action::KillProcess | Action::Unknown => Outcome::KillProcess,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Outcome::Runs => f.write_str("the syscall runs"),
            Outcome::FailsWith(0) => f.write_str("the syscall is skipped and returns 0"),
            Outcome::FailsWith(e) => match crate::errno::name(e) {
                Some(n) => write!(f, "the syscall fails with errno {e} ({n})"),
                None => write!(f, "the syscall fails with errno {e}"),
            },
            Outcome::Sigsys(d) => write!(f, "SIGSYS is forced on the thread (si_errno {d})"),
            Outcome::KillThread => f.write_str(
                "the thread is killed by SIGSYS (the process, if it is the last thread)",
            ),
            Outcome::KillProcess => f.write_str("the process is killed by SIGSYS"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Errno names work wherever ERRNO's number does (errno values from Linux
    /// include/uapi/asm-generic/errno-base.h: EPERM 1, EACCES 13, ENOSYS 38).
    #[test]
    fn errno_names_parse_as_their_numbers() {
        assert_eq!(parse_ret("ERRNO(EPERM)"), Some(SECCOMP_RET_ERRNO | 1));
        assert_eq!(parse_ret("errno(eacces)"), Some(SECCOMP_RET_ERRNO | 13));
        assert_eq!(parse_ret("ERRNO( ENOSYS )"), Some(SECCOMP_RET_ERRNO | 38));
        assert_eq!(parse_ret("ERRNO(ENOTSUP)"), Some(SECCOMP_RET_ERRNO | 95));
        assert_eq!(parse_ret("ERRNO(EBOGUS)"), None);
        // Only ERRNO's data is an errno.
        assert_eq!(parse_ret("TRAP(EPERM)"), None);
    }
}
