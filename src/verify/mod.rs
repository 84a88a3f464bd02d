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
//! In a stack, every filter after the first is installed by a system call that the
//! filters already installed judge *before* any of these checks run (the seccomp hook on
//! syscall entry, `__secure_computing`, comes before the syscall itself): if they do not
//! allow the `seccomp(2)` or `prctl(2)` call, the call fails with their errno, or the
//! thread is killed or trapped and nothing after it is installed. [`check_stack`] models
//! this with [`install_call`] and [`install_gate`].
//!
//! # Deviations
//!
//! | kernel behaviour | secbpf | why |
//! |---|---|---|
//! | EFAULT for unreadable user memory, ENOMEM on allocation failure | never | there is no user pointer or allocation to fail |
//! | TSYNC returns the tid of a thread that cannot sync | never | secbpf models a single-threaded caller |
//! | EINVAL when the thread is in strict mode, or TSYNC is interrupted | never | secbpf models a caller in mode DISABLED or FILTER |
//! | a longer `prog->len` under JIT hardening (`bpf_jit_harden`) | not modelled | the chain limit assumes hardening off (the default for root) |

#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod classic;
pub mod error;
#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod limits;
#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod memflow;
#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod seccomp;

pub use error::{VerifyError, VerifyErrorKind};

use crate::consts::*;
use crate::insn::Insn;
use crate::program::VerifiedProgram;
use crate::seccomp::action::{Action, Outcome, RetValue};
use crate::seccomp::arch::Arch;
use crate::seccomp::data::{Field, SeccompData};
use crate::seccomp::profile::KernelProfile;

/// Which system call installs a filter. Matters for every filter after the first: the
/// filters already installed judge that call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InstallVia {
    /// `seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog)`: `args[0]` = 1, `args[1]` = flags,
    /// `args[2]` = the `struct sock_fprog` address.
    #[default]
    Seccomp,
    /// `prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)`: `args[0]` = 22, `args[1]` = 2,
    /// `args[2]` = the address; the kernel then installs with flags 0
    /// (`prctl_set_seccomp`), so flags cannot be given this way.
    Prctl,
}

impl InstallVia {
    /// The syscall's name (`seccomp`, `prctl`).
    pub const fn name(self) -> &'static str {
        match self {
            InstallVia::Seccomp => "seccomp",
            InstallVia::Prctl => "prctl",
        }
    }
}

/// How the caller of seccomp(2) is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstallOptions {
    /// `SECCOMP_FILTER_FLAG_*` bits passed to seccomp(2).
    pub flags: u32,
    /// Whether the caller has set no_new_privs (default true).
    pub no_new_privs: bool,
    /// Whether the caller has CAP_SYS_ADMIN in its user namespace (default false).
    pub cap_sys_admin: bool,
    /// The system call that installs each filter (default `seccomp(2)`).
    pub via: InstallVia,
    /// `AUDIT_ARCH_*` of the installing call (default x86_64).
    pub arch: u32,
    /// `instruction_pointer` the older filters see for the installing call (default 0;
    /// a real process has its own, see [`install_gate`]'s `assumed`).
    pub instruction_pointer: u64,
    /// Address of the `struct sock_fprog` passed in `args[2]` (default 0, likewise).
    pub fprog_address: u64,
    /// The kernel release to answer as (default [`KernelProfile::NEWEST`]): which flags
    /// exist, and how the installed filters judge the installing call.
    pub kernel: KernelProfile,
}

impl InstallOptions {
    /// The defaults (no flags, no_new_privs set, no CAP_SYS_ADMIN, through seccomp(2) on
    /// x86_64); change them with the methods below:
    ///
    /// ```
    /// use secbpf::verify::{InstallOptions, InstallVia};
    /// let o = InstallOptions::new().via(InstallVia::Prctl).flags(1);
    /// assert_eq!((o.via, o.flags, o.no_new_privs), (InstallVia::Prctl, 1, true));
    /// ```
    pub fn new() -> InstallOptions {
        InstallOptions::default()
    }

    /// With these `SECCOMP_FILTER_FLAG_*` bits.
    pub fn flags(mut self, flags: u32) -> InstallOptions {
        self.flags = flags;
        self
    }

    /// With no_new_privs set or not.
    pub fn no_new_privs(mut self, on: bool) -> InstallOptions {
        self.no_new_privs = on;
        self
    }

    /// With CAP_SYS_ADMIN or not.
    pub fn cap_sys_admin(mut self, on: bool) -> InstallOptions {
        self.cap_sys_admin = on;
        self
    }

    /// Installing through this system call.
    pub fn via(mut self, via: InstallVia) -> InstallOptions {
        self.via = via;
        self
    }

    /// The installing call's `AUDIT_ARCH_*` value.
    pub fn arch(mut self, arch: u32) -> InstallOptions {
        self.arch = arch;
        self
    }

    /// The `instruction_pointer` older filters see for the installing call.
    pub fn instruction_pointer(mut self, ip: u64) -> InstallOptions {
        self.instruction_pointer = ip;
        self
    }

    /// The address of the `struct sock_fprog` in the installing call's `args[2]`.
    pub fn fprog_address(mut self, address: u64) -> InstallOptions {
        self.fprog_address = address;
        self
    }

    /// Answering as kernel release `kernel` would (flags it does not know are EINVAL).
    ///
    /// ```
    /// use secbpf::{asm, verify::{self, InstallOptions, VerifyErrorKind}};
    /// use secbpf::consts::SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
    ///
    /// let prog = asm::assemble("ret #ALLOW\n")?;
    /// let opts = InstallOptions::new().flags(SECCOMP_FILTER_FLAG_TSYNC_ESRCH);
    /// assert!(verify::check_with(&prog, &opts).is_ok()); // 6.18
    /// let err = verify::check_with(&prog, &opts.kernel("5.4".parse()?)).unwrap_err();
    /// assert_eq!((err.kind(), err.errno_name()), (VerifyErrorKind::UnknownFlags, "EINVAL"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kernel(mut self, kernel: KernelProfile) -> InstallOptions {
        self.kernel = kernel;
        self
    }
}

impl Default for InstallOptions {
    fn default() -> Self {
        InstallOptions {
            flags: 0,
            no_new_privs: true,
            cap_sys_admin: false,
            via: InstallVia::Seccomp,
            arch: AUDIT_ARCH_X86_64,
            instruction_pointer: 0,
            fprog_address: 0,
            kernel: KernelProfile::NEWEST,
        }
    }
}

/// The `seccomp_data` of the system call that installs a filter with `opts`: the input
/// the filters already installed run on. Arguments the call does not pass (`args[3..]`)
/// are 0.
///
/// # Errors
/// The arch has no syscall table to find the call's number in, or the call cannot carry
/// the options (flags through `prctl`).
pub fn install_call(opts: &InstallOptions) -> Result<SeccompData, String> {
    let arch = Arch::by_audit(opts.arch)
        .filter(|a| a.has_syscall_names())
        .ok_or_else(|| {
            format!(
                "no syscall table for arch {:#x}: cannot tell the number of the {} call that installs a filter",
                opts.arch,
                opts.via.name()
            )
        })?;
    let nr = arch.syscall_nr(opts.via.name()).ok_or_else(|| {
        format!(
            "arch {} has no {} syscall in its table",
            arch.name,
            opts.via.name()
        )
    })?;
    let (a0, a1) = match opts.via {
        InstallVia::Seccomp => (1, u64::from(opts.flags)),
        InstallVia::Prctl if opts.flags != 0 => {
            return Err(format!(
                "prctl(PR_SET_SECCOMP) cannot pass flags ({:#x}); install with seccomp(2)",
                opts.flags
            ))
        }
        InstallVia::Prctl => (22, 2),
    };
    Ok(SeccompData {
        nr,
        arch: opts.arch,
        instruction_pointer: opts.instruction_pointer,
        args: [a0, a1, opts.fprog_address, 0, 0, 0],
    })
}

/// How the filters already installed answer the call that installs the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstallGate {
    /// The combined return value of the installed filters for the call.
    pub ret: RetValue,
    /// Index (0 = oldest) of the installed filter whose value decided.
    pub filter: usize,
    /// What the kernel then does with the call (see [`Outcome::of`]; USER_NOTIF with a
    /// listener on the chain waits for the supervisor and is reported as
    /// [`Outcome::FailsWith`] ENOSYS only when no listener exists).
    pub outcome: Outcome,
    /// Fields of the call the deciding paths read that the caller did not state: the
    /// instruction pointer, the `sock_fprog` address, unused argument registers. When not
    /// empty, the answer holds for the values in [`InstallOptions`] and may differ for the
    /// real ones.
    pub assumed: Vec<Field>,
}

/// Run the installed filters (oldest first) on the call that installs the next filter,
/// as the kernel's syscall-entry hook does (`__secure_computing` then
/// `seccomp_run_filters`, kernel/seccomp.c). `None` when nothing is installed.
///
/// # Errors
/// As [`install_call`].
pub fn install_gate(
    installed: &[VerifiedProgram],
    opts: &InstallOptions,
) -> Result<Option<InstallGate>, String> {
    if installed.is_empty() {
        return Ok(None);
    }
    let data = install_call(opts)?;
    // The value and the deciding filter: the stack rules, from their one place (one
    // input per filter: no evaluation plans; `check` builds none either).
    let r = crate::seccomp::stack::run_stack_once_in(installed, &data, &opts.kernel);
    // Which words each filter's path read (every filter runs, kernel facts §6.2).
    let words = data.words();
    let mut read = [false; crate::seccomp::data::DATA_WORDS];
    for f in installed {
        let mut m = crate::vm::Machine::new(f, words);
        while let Some(step) = m.step() {
            if step.insn.code == BPF_LD | BPF_W | BPF_ABS {
                if let Some(w) = read.get_mut(step.insn.k as usize / 4) {
                    *w = true;
                }
            }
        }
    }
    // Words the caller does not state: ip (2, 3), args[2] (the address) and args[3..].
    let stated = |f: Field| match f {
        Field::Nr | Field::Arch => true,
        Field::InstructionPointer { .. } => false,
        Field::Arg { index, .. } => index < 2,
    };
    let assumed = (0..read.len())
        .filter(|&w| read[w])
        .filter_map(|w| Field::for_arch(w as u32 * 4, Some(opts.arch)))
        .filter(|&f| !stated(f))
        .collect();
    Ok(Some(InstallGate {
        ret: r.ret,
        filter: r.filter,
        outcome: r.outcome(),
        assumed,
    }))
}

/// Check one program as a lone filter installed with default options (no flags,
/// no_new_privs set).
///
/// ```
/// use secbpf::{asm, verify::{self, VerifyErrorKind}};
///
/// let ok = verify::check(&asm::assemble("ld [nr]\nret #ALLOW\n")?)?;
/// assert_eq!(ok.len(), 2);
///
/// // Scratch cell M[0] is read before anything wrote it: the kernel says EINVAL at pc 0.
/// let err = verify::check(&asm::assemble("ld M[0]\nret a\n")?).unwrap_err();
/// assert_eq!(err.kind(), VerifyErrorKind::UninitializedMemory);
/// assert_eq!((err.errno_name(), err.pc()), ("EINVAL", Some(0)));
/// println!("{err}"); // the kernel rule, the field at fault and a hint
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
        plan: std::sync::OnceLock::new(),
        prepared,
        ops,
    })
}

/// Check one program as a lone filter installed with `opts`.
///
/// # Errors
/// The kernel's reason for refusing it.
pub fn check_with(prog: &[Insn], opts: &InstallOptions) -> Result<VerifiedProgram, VerifyError> {
    limits::check_flags_in(opts.flags, &opts.kernel)?;
    limits::check_len(prog.len())?;
    limits::check_privileges(opts.no_new_privs, opts.cap_sys_admin)?;
    let v = check_program(prog)?;
    limits::check_chain(v.ebpf_len, &[])?;
    Ok(v)
}

/// The kernel's answers for installing `progs` one after another (oldest first) in one
/// thread, each with `opts`. A refused filter is not installed, so it does not count
/// towards the chain of the filters after it.
///
/// Each filter after the first is installed by a system call that the filters already
/// installed judge first ([`install_gate`]): when they answer ERRNO (or TRACE/USER_NOTIF
/// with no tracer or listener: ENOSYS) the filter is refused with
/// [`VerifyErrorKind::InstallCallFailed`]; when they kill the thread or process or
/// force SIGSYS (TRAP), with [`VerifyErrorKind::InstallCallStopped`], and every later
/// filter with [`VerifyErrorKind::NotReached`].
///
/// ```
/// use secbpf::{asm, verify::{self, InstallOptions, VerifyErrorKind}};
///
/// // The first filter allows read and write only: it kills the seccomp(2) call that would
/// // install the second, so the second is never installed.
/// let read_write = asm::assemble(
///     "ld [nr]\njeq #__NR_read, ok\njeq #__NR_write, ok\nret #KILL_THREAD\nok: ret #ALLOW\n",
/// )?;
/// let no_openat = asm::assemble(
///     "ld [nr]\njeq #__NR_openat, no\nret #ALLOW\nno: ret #ERRNO(13)\n",
/// )?;
/// let verdicts = verify::check_stack(&[&read_write, &no_openat], &InstallOptions::default());
/// assert!(verdicts[0].is_ok());
/// let err = verdicts[1].as_ref().unwrap_err();
/// assert_eq!(err.kind(), VerifyErrorKind::InstallCallStopped);
///
/// // In the other order both are installed.
/// let verdicts = verify::check_stack(&[&no_openat, &read_write], &InstallOptions::default());
/// assert!(verdicts.iter().all(Result::is_ok));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_stack(
    progs: &[&[Insn]],
    opts: &InstallOptions,
) -> Vec<Result<VerifiedProgram, VerifyError>> {
    stack_verdicts(progs, opts, true)
}

/// [`check_stack`] as if the filters already installed allowed every install call: the
/// checks of each filter and the chain limit only. For evaluating a stack that is given
/// (a stack of filters that deny seccomp(2) cannot be installed in one thread in that
/// order, which [`check_stack`] reports).
pub fn check_stack_programs(
    progs: &[&[Insn]],
    opts: &InstallOptions,
) -> Vec<Result<VerifiedProgram, VerifyError>> {
    stack_verdicts(progs, opts, false)
}

fn stack_verdicts(
    progs: &[&[Insn]],
    opts: &InstallOptions,
    judge_install_calls: bool,
) -> Vec<Result<VerifiedProgram, VerifyError>> {
    let mut installed: Vec<usize> = Vec::new();
    let mut listener = false;
    let wants_listener = opts.flags & SECCOMP_FILTER_FLAG_NEW_LISTENER != 0;
    let mut out: Vec<Result<VerifiedProgram, VerifyError>> = Vec::with_capacity(progs.len());
    let mut stopped: Option<usize> = None;
    // The filters installed so far (a copy each, for the install gate).
    let mut before: Vec<VerifiedProgram> = Vec::new();
    for (index, prog) in progs.iter().enumerate() {
        if let Some(at) = stopped {
            out.push(Err(VerifyError::not_reached(at)));
            continue;
        }
        let gate = if judge_install_calls {
            gate_error(&before, opts, listener)
        } else {
            None
        };
        if let Some(gate) = gate {
            if gate.kind() == VerifyErrorKind::InstallCallStopped {
                stopped = Some(index);
            }
            out.push(Err(gate));
            continue;
        }
        let r = (|| {
            limits::check_flags_in(opts.flags, &opts.kernel)?;
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
            if judge_install_calls {
                before.push(v.clone());
            }
        }
        out.push(r);
    }
    out
}

/// The refusal, if any, of the call that installs the next filter by the filters in
/// `before` (`listener`: one of them was installed with NEW_LISTENER).
fn gate_error(
    before: &[VerifiedProgram],
    opts: &InstallOptions,
    listener: bool,
) -> Option<VerifyError> {
    let gate = match install_gate(before, opts) {
        Ok(Some(g)) => g,
        Ok(None) => return None,
        Err(why) => return Some(VerifyError::install_call_unknown(why)),
    };
    let call = match opts.via {
        InstallVia::Seccomp => "seccomp(SECCOMP_SET_MODE_FILTER)",
        InstallVia::Prctl => "prctl(PR_SET_SECCOMP)",
    };
    let by = format!(
        "the filters already installed answer the {call} call that installs this one with {} (filter {}, counting from 0 = oldest)",
        gate.ret,
        gate.filter
    );
    let assumed = if gate.assumed.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = gate.assumed.iter().map(Field::to_string).collect();
        format!(
            "; this assumes {} = 0 as given, which a real caller's values may change",
            names.join(", ")
        )
    };
    match gate.outcome {
        Outcome::Runs => None,
        Outcome::FailsWith(e) if opts.kernel.action_of(gate.ret) == Action::UserNotif && listener => {
            let _ = e;
            Some(VerifyError::install_call_stopped(
                format!(
                    "{by}: the call waits for the listener's answer, from the process that holds the notification fd{assumed}"
                ),
                "no return",
            ))
        }
        Outcome::FailsWith(0) => Some(VerifyError::install_call_failed(
            format!("{by}: the call is skipped and returns 0 as if it succeeded, but the filter is not installed{assumed}"),
            0,
        )),
        Outcome::FailsWith(e) => Some(VerifyError::install_call_failed(
            format!("{by}: the call fails with errno {e}{}{assumed}", crate::errno::name(e).map(|n| format!(" ({n})")).unwrap_or_default()),
            e,
        )),
        o => Some(VerifyError::install_call_stopped(
            format!("{by}: {o}, and nothing after it is installed{assumed}"),
            "SIGSYS",
        )),
    }
}
