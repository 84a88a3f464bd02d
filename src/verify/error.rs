//! `VerifyError`: why the kernel would refuse a filter, with the pc and the rule.

use crate::insn::Insn;
use std::fmt;

/// Which kernel check refused the filter. Each kind maps to one errno and one kernel
/// function (see [`VerifyError::rule`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifyErrorKind {
    /// A flag bit outside `SECCOMP_FILTER_FLAG_MASK` (EINVAL).
    UnknownFlags,
    /// TSYNC and NEW_LISTENER together without TSYNC_ESRCH (EINVAL).
    TsyncWithListener,
    /// WAIT_KILLABLE_RECV without NEW_LISTENER (EINVAL).
    WaitKillableWithoutListener,
    /// Program length 0 (EINVAL).
    EmptyProgram,
    /// Program longer than `BPF_MAXINSNS` = 4096 (EINVAL).
    ProgramTooLong,
    /// Caller has neither no_new_privs nor CAP_SYS_ADMIN (EACCES).
    NotPrivileged,
    /// Opcode not in the classic-BPF table (`chk_code_allowed`, EINVAL).
    UnknownOpcode,
    /// `div #0` or `mod #0` (EINVAL).
    DivisionByZero,
    /// `lsh`/`rsh` by a constant of 32 or more (EINVAL).
    ShiftTooLarge,
    /// Scratch memory index 16 or more (EINVAL).
    MemIndexOutOfRange,
    /// A jump whose target is past the last instruction (EINVAL).
    JumpOutOfRange,
    /// An ancillary load offset (>= SKF_AD_OFF) that names no extension (EINVAL).
    UnknownAncillary,
    /// The last instruction is not a return (EINVAL).
    LastNotReturn,
    /// A scratch cell read where `check_load_and_stores` cannot prove it written (EINVAL).
    UninitializedMemory,
    /// A valid classic-BPF opcode that seccomp does not allow (EINVAL).
    OpcodeNotAllowedInSeccomp,
    /// `ld [k]` with k not a multiple of 4 below 64 (EINVAL).
    BadDataOffset,
    /// A second filter with a listener in the same chain (EBUSY).
    DuplicateListener,
    /// The chain's summed converted-eBPF length exceeds `MAX_INSNS_PER_PATH` (ENOMEM).
    ChainTooLong,
    /// The filters already installed answer the call that installs this one with ERRNO
    /// (or TRACE/USER_NOTIF with nobody to handle it: ENOSYS); the call fails with that
    /// errno before any check runs ([`VerifyError::errno`] gives it).
    InstallCallFailed,
    /// The filters already installed kill the thread or process, or force SIGSYS, on the
    /// call that installs this one (or make it wait for a listener): the call does not
    /// return and nothing after it is installed. [`VerifyError::errno`] is 0.
    InstallCallStopped,
    /// Not attempted: an earlier install call did not return.
    NotReached,
    /// The install call cannot be modelled (no syscall table for the caller's arch).
    InstallCallUnknown,
}

impl VerifyErrorKind {
    /// The errno seccomp(2) returns for this refusal.
    pub const fn errno(self) -> i32 {
        match self {
            VerifyErrorKind::NotPrivileged => libc::EACCES,
            VerifyErrorKind::DuplicateListener => libc::EBUSY,
            VerifyErrorKind::ChainTooLong => libc::ENOMEM,
            VerifyErrorKind::InstallCallFailed
            | VerifyErrorKind::InstallCallStopped
            | VerifyErrorKind::NotReached
            | VerifyErrorKind::InstallCallUnknown => 0,
            _ => libc::EINVAL,
        }
    }

    /// Name of the errno (`EINVAL`, `EACCES`, `EBUSY`, `ENOMEM`).
    pub const fn errno_name(self) -> &'static str {
        match self {
            VerifyErrorKind::NotPrivileged => "EACCES",
            VerifyErrorKind::DuplicateListener => "EBUSY",
            VerifyErrorKind::ChainTooLong => "ENOMEM",
            VerifyErrorKind::InstallCallFailed => "ERRNO",
            VerifyErrorKind::InstallCallStopped => "SIGSYS",
            VerifyErrorKind::NotReached => "not reached",
            VerifyErrorKind::InstallCallUnknown => "unknown",
            _ => "EINVAL",
        }
    }

    /// The kernel function whose check this is.
    pub const fn rule(self) -> &'static str {
        match self {
            VerifyErrorKind::UnknownFlags
            | VerifyErrorKind::TsyncWithListener
            | VerifyErrorKind::WaitKillableWithoutListener => "seccomp_set_mode_filter",
            VerifyErrorKind::EmptyProgram
            | VerifyErrorKind::ProgramTooLong
            | VerifyErrorKind::NotPrivileged => "seccomp_prepare_filter",
            VerifyErrorKind::UnknownOpcode => "chk_code_allowed",
            VerifyErrorKind::DivisionByZero
            | VerifyErrorKind::ShiftTooLarge
            | VerifyErrorKind::MemIndexOutOfRange
            | VerifyErrorKind::JumpOutOfRange
            | VerifyErrorKind::UnknownAncillary
            | VerifyErrorKind::LastNotReturn => "bpf_check_classic",
            VerifyErrorKind::UninitializedMemory => "check_load_and_stores",
            VerifyErrorKind::OpcodeNotAllowedInSeccomp | VerifyErrorKind::BadDataOffset => {
                "seccomp_check_filter"
            }
            VerifyErrorKind::DuplicateListener => "has_duplicate_listener",
            VerifyErrorKind::ChainTooLong => "seccomp_attach_filter",
            VerifyErrorKind::InstallCallFailed
            | VerifyErrorKind::InstallCallStopped
            | VerifyErrorKind::NotReached
            | VerifyErrorKind::InstallCallUnknown => "__seccomp_filter",
        }
    }

    /// True for the kinds about the install call itself being judged by the filters
    /// already installed (not about the filter's own checks).
    pub const fn is_install_call(self) -> bool {
        matches!(
            self,
            VerifyErrorKind::InstallCallFailed
                | VerifyErrorKind::InstallCallStopped
                | VerifyErrorKind::NotReached
                | VerifyErrorKind::InstallCallUnknown
        )
    }

    /// The kernel source file holding [`Self::rule`].
    pub const fn source_file(self) -> &'static str {
        match self.rule().as_bytes() {
            b"bpf_check_classic" | b"chk_code_allowed" | b"check_load_and_stores" => {
                "net/core/filter.c"
            }
            _ => "kernel/seccomp.c",
        }
    }

    /// Stable short category used at the start of the message.
    pub const fn category(self) -> &'static str {
        match self {
            VerifyErrorKind::UnknownFlags => "unknown flags",
            VerifyErrorKind::TsyncWithListener => "conflicting flags",
            VerifyErrorKind::WaitKillableWithoutListener => "conflicting flags",
            VerifyErrorKind::EmptyProgram => "empty program",
            VerifyErrorKind::ProgramTooLong => "program too long",
            VerifyErrorKind::NotPrivileged => "not privileged",
            VerifyErrorKind::UnknownOpcode => "unknown opcode",
            VerifyErrorKind::DivisionByZero => "division by zero",
            VerifyErrorKind::ShiftTooLarge => "shift too large",
            VerifyErrorKind::MemIndexOutOfRange => "scratch index out of range",
            VerifyErrorKind::JumpOutOfRange => "jump out of range",
            VerifyErrorKind::UnknownAncillary => "unknown ancillary load",
            VerifyErrorKind::LastNotReturn => "last instruction is not a return",
            VerifyErrorKind::UninitializedMemory => "uninitialized scratch memory",
            VerifyErrorKind::OpcodeNotAllowedInSeccomp => "opcode not allowed in seccomp",
            VerifyErrorKind::BadDataOffset => "bad seccomp_data offset",
            VerifyErrorKind::DuplicateListener => "duplicate listener",
            VerifyErrorKind::ChainTooLong => "filter chain too long",
            VerifyErrorKind::InstallCallFailed => "install call denied",
            VerifyErrorKind::InstallCallStopped => "install call stopped",
            VerifyErrorKind::NotReached => "not reached",
            VerifyErrorKind::InstallCallUnknown => "install call unknown",
        }
    }
}

/// Why the kernel would refuse a filter: the kind (hence errno and kernel rule), the pc
/// and instruction at fault for instruction errors, the field at fault, a message with
/// the concrete values, and a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    kind: VerifyErrorKind,
    pc: Option<usize>,
    insn: Option<Insn>,
    field: Option<&'static str>,
    detail: String,
    hint: Option<&'static str>,
    /// The errno when it is not the kind's own (install calls denied by a filter).
    errno: Option<i32>,
    /// The errno's name when it is not the kind's own.
    errno_name: Option<&'static str>,
}

impl VerifyError {
    /// An error about instruction `pc`.
    #[cold]
    pub(crate) fn at(
        pc: usize,
        insn: Insn,
        kind: VerifyErrorKind,
        field: &'static str,
        detail: String,
        hint: &'static str,
    ) -> VerifyError {
        VerifyError {
            kind,
            pc: Some(pc),
            insn: Some(insn),
            field: Some(field),
            detail,
            hint: Some(hint),
            errno: None,
            errno_name: None,
        }
    }

    /// An error about the program or the call as a whole.
    #[cold]
    pub(crate) fn whole(kind: VerifyErrorKind, detail: String, hint: &'static str) -> VerifyError {
        VerifyError {
            kind,
            pc: None,
            insn: None,
            field: None,
            detail,
            hint: Some(hint),
            errno: None,
            errno_name: None,
        }
    }

    /// The filters already installed deny the install call with errno `e`.
    #[cold]
    pub(crate) fn install_call_failed(detail: String, e: u32) -> VerifyError {
        let mut v = VerifyError::whole(
            VerifyErrorKind::InstallCallFailed,
            detail,
            "allow the install call (seccomp, or prctl) in the filters installed before this one, \
             or install this one first",
        );
        v.errno = Some(e as i32);
        v.errno_name = Some(crate::errno::name(e).unwrap_or("ERRNO"));
        v
    }

    /// The filters already installed stop the install call (`how`: `SIGSYS`, `no return`).
    #[cold]
    pub(crate) fn install_call_stopped(detail: String, how: &'static str) -> VerifyError {
        let mut v = VerifyError::whole(
            VerifyErrorKind::InstallCallStopped,
            detail,
            "allow the install call (seccomp, or prctl) in the filters installed before this one, \
             or install this one first",
        );
        v.errno_name = Some(how);
        v
    }

    /// Not attempted after the install call of filter `at` stopped the thread.
    #[cold]
    pub(crate) fn not_reached(at: usize) -> VerifyError {
        VerifyError::whole(
            VerifyErrorKind::NotReached,
            format!("the call that installs filter {at} (counting from 0) does not return, so this one is never installed"),
            "see the error of that filter",
        )
    }

    /// The install call cannot be modelled.
    #[cold]
    pub(crate) fn install_call_unknown(why: String) -> VerifyError {
        VerifyError::whole(
            VerifyErrorKind::InstallCallUnknown,
            why,
            "give the caller's arch with a known syscall table (--arch), or install one filter at a time",
        )
    }

    /// What kind of refusal this is.
    pub fn kind(&self) -> VerifyErrorKind {
        self.kind
    }
    /// The errno seccomp(2) would return; for [`VerifyErrorKind::InstallCallFailed`] the
    /// installed filters' errno, and 0 for calls that do not return.
    pub fn errno(&self) -> i32 {
        self.errno.unwrap_or(self.kind.errno())
    }
    /// The errno's name (`EINVAL`, ...); `SIGSYS` for an install call that kills or
    /// traps, `no return` for one that waits for a listener, `not reached` after those.
    pub fn errno_name(&self) -> &'static str {
        self.errno_name.unwrap_or(self.kind.errno_name())
    }
    /// The kernel function whose check refused the filter.
    pub fn rule(&self) -> &'static str {
        self.kind.rule()
    }
    /// The pc of the instruction at fault, for instruction errors.
    pub fn pc(&self) -> Option<usize> {
        self.pc
    }
    /// The instruction at fault, for instruction errors.
    pub fn insn(&self) -> Option<Insn> {
        self.insn
    }
    /// The instruction field at fault (`code`, `k`, `jt`, `jf`).
    pub fn field(&self) -> Option<&'static str> {
        self.field
    }
    /// The message without location: `category: detail`.
    pub fn message(&self) -> String {
        format!("{}: {}", self.kind.category(), self.detail)
    }
    /// A plain-words suggestion for fixing it.
    pub fn hint(&self) -> Option<&'static str> {
        self.hint
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message())?;
        if let Some(pc) = self.pc {
            write!(f, " (at pc {pc})")?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifyError {}
