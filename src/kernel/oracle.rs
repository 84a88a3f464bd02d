//! The oracle: ask the running kernel.
//!
//! Every question is answered by a throwaway child that shares our memory (`CLONE_VM`,
//! much cheaper than `fork`), dies with its parent (`PR_SET_PDEATHSIG`), dumps no core,
//! drops root for uid/gid 65534 unless CAP_SYS_ADMIN is being modelled, and writes its
//! answers into memory before any syscall a filter could judge. The parent waits on a
//! pidfd with a timeout, never without one.

use super::ippage::{self, Code};
use super::rewrite::{self, Half, Seen};
use super::sys::{self, Child, Ended, Stack};
use super::KernelError;
use crate::consts::*;
use crate::insn::Insn;
use crate::seccomp::data::SeccompData;
use crate::verify::{InstallOptions, InstallVia};
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(5);
const NOBODY: u64 = 65534;

#[repr(C)]
struct Fprog {
    len: u16,
    filter: *const Insn,
}

/// Steps a child takes before installing, shared by every mode.
///
/// # Safety
/// Only in a throwaway child.
unsafe fn child_setup(drop_privs: bool, no_new_privs: bool) -> i64 {
    let gate = match sys::gate() {
        Ok(g) => g,
        Err(_) => return -(libc::ENOMEM as i64),
    };
    // SAFETY: plain syscalls on our own process with valid arguments.
    unsafe {
        let r = sys::syscall6(
            libc::SYS_prctl,
            [
                libc::PR_SET_PDEATHSIG as u64,
                libc::SIGKILL as u64,
                0,
                0,
                0,
                0,
            ],
        );
        if r < 0 {
            return r;
        }
        let zero = [0u64; 2];
        let r = sys::syscall6(
            libc::SYS_prlimit64,
            [0, libc::RLIMIT_CORE as u64, zero.as_ptr() as u64, 0, 0, 0],
        );
        if r < 0 {
            return r;
        }
        let r = sys::child_signals(gate);
        if r < 0 {
            return r;
        }
        if drop_privs && libc::geteuid() == 0 {
            for (nr, args) in [
                (libc::SYS_setgroups, [0u64, 0, 0]),
                (libc::SYS_setresgid, [NOBODY, NOBODY, NOBODY]),
                (libc::SYS_setresuid, [NOBODY, NOBODY, NOBODY]),
            ] {
                let r = sys::syscall6(nr, [args[0], args[1], args[2], 0, 0, 0]);
                if r < 0 {
                    return r;
                }
            }
        }
        if no_new_privs {
            let r = sys::syscall6(
                libc::SYS_prctl,
                [libc::PR_SET_NO_NEW_PRIVS as u64, 1, 0, 0, 0, 0],
            );
            if r < 0 {
                return r;
            }
        }
    }
    0
}

/// Shared state of an acceptance child.
#[repr(C)]
struct AcceptCtx {
    progs: *const Fprog,
    n: usize,
    flags: u32,
    no_new_privs: bool,
    cap_sys_admin: bool,
    /// Install with prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) instead of seccomp(2).
    via_prctl: bool,
    results: *const AtomicI64,
    setup: AtomicI64,
    done: AtomicU32,
}

extern "C" fn accept_child(arg: *mut libc::c_void) -> libc::c_int {
    // SAFETY: arg is the AcceptCtx the parent keeps alive until this child is reaped;
    // progs and results point at n elements owned by the parent.
    unsafe {
        let ctx = &*(arg as *const AcceptCtx);
        let r = child_setup(!ctx.cap_sys_admin, ctx.no_new_privs);
        ctx.setup.store(r, Ordering::Release);
        if r == 0 {
            for i in 0..ctx.n {
                let p = ctx.progs.add(i);
                let r = if ctx.via_prctl {
                    sys::syscall6(
                        libc::SYS_prctl,
                        [
                            libc::PR_SET_SECCOMP as u64,
                            libc::SECCOMP_MODE_FILTER as u64,
                            p as u64,
                            0,
                            0,
                            0,
                        ],
                    )
                } else {
                    sys::syscall6(
                        libc::SYS_seccomp,
                        [1, u64::from(ctx.flags), p as u64, 0, 0, 0],
                    )
                };
                (*ctx.results.add(i)).store(r, Ordering::Release);
            }
            ctx.done.store(1, Ordering::Release);
        }
    }
    sys::die()
}

/// Install `filters` in order in one child and give each seccomp(2) (or prctl) return
/// value (0, a listener fd, or `-errno`). A filter already installed judges the call that
/// installs the next one, as it would in any process.
pub(crate) fn accept_raw(
    filters: &[&[Insn]],
    flags: u32,
    no_new_privs: bool,
    cap_sys_admin: bool,
    via_prctl: bool,
) -> Result<Vec<i64>, KernelError> {
    let progs: Vec<Fprog> = filters
        .iter()
        .map(|f| Fprog {
            // Lengths over 65535 cannot be expressed; the decoder refuses them.
            len: u16::try_from(f.len()).unwrap_or(u16::MAX),
            filter: f.as_ptr(),
        })
        .collect();
    let results: Vec<AtomicI64> = filters.iter().map(|_| AtomicI64::new(i64::MIN)).collect();
    let ctx = AcceptCtx {
        progs: progs.as_ptr(),
        n: progs.len(),
        flags,
        no_new_privs,
        cap_sys_admin,
        via_prctl,
        results: results.as_ptr(),
        setup: AtomicI64::new(i64::MIN),
        done: AtomicU32::new(0),
    };
    let mut stack = stack()?;
    // SAFETY: accept_child only makes raw syscalls and writes into ctx/results, which
    // outlive the child (we wait for it below before they drop).
    let child = unsafe { Child::spawn(accept_child, &ctx as *const _ as *mut _, &mut stack) }
        .map_err(|e| KernelError::new(format!("cannot start a child: {e}")))?;
    let ended = child.wait(TIMEOUT);
    drop(stack);
    let setup = ctx.setup.load(Ordering::Acquire);
    if setup != 0 {
        return Err(KernelError::new(match setup {
            i64::MIN => format!("the child ended before setting up ({ended:?})"),
            e => format!(
                "the child could not set up: {}",
                std::io::Error::from_raw_os_error((-e) as i32)
            ),
        }));
    }
    if ctx.done.load(Ordering::Acquire) == 0 {
        return Err(KernelError::new(format!(
            "the child ended while installing ({ended:?}): an earlier filter refused the seccomp(2) call \
             that installs the next one (installing is itself a syscall the filters judge)"
        )));
    }
    Ok(results.iter().map(|r| r.load(Ordering::Acquire)).collect())
}

thread_local! {
    static STACKS: std::cell::RefCell<Vec<Stack>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A child stack, reused per thread.
fn stack() -> Result<StackGuard, KernelError> {
    let s = STACKS.with(|s| s.borrow_mut().pop());
    match s {
        Some(s) => Ok(StackGuard(Some(s))),
        None => Stack::new()
            .map(|s| StackGuard(Some(s)))
            .map_err(|e| KernelError::new(format!("cannot map a child stack: {e}"))),
    }
}

struct StackGuard(Option<Stack>);

impl std::ops::Deref for StackGuard {
    type Target = Stack;
    fn deref(&self) -> &Stack {
        self.0.as_ref().expect("stack present until drop")
    }
}
impl std::ops::DerefMut for StackGuard {
    fn deref_mut(&mut self) -> &mut Stack {
        self.0.as_mut().expect("stack present until drop")
    }
}
impl Drop for StackGuard {
    fn drop(&mut self) {
        if let Some(s) = self.0.take() {
            STACKS.with(|v| v.borrow_mut().push(s));
        }
    }
}

/// The kernel's verdict on installing `filters` (oldest first) in one thread set up as
/// `opts` says (the same options [`crate::verify::check_stack`] models): per filter
/// `Ok(())` or the errno. One child installs them all, so the filters already installed
/// judge each call that installs the next one, as in any process.
///
/// The child installs natively (x86_64), through `opts.via`, with `opts.flags`,
/// no_new_privs and CAP_SYS_ADMIN (root kept, else uid/gid 65534) as given. The
/// instruction pointer and the `sock_fprog` address the older filters see are the child's
/// own, not `opts.instruction_pointer` and `opts.fprog_address`.
///
/// # Errors
/// When the child cannot be run, an earlier filter kills the installing child, `opts.arch`
/// is not x86_64, or flags are asked of prctl (which cannot pass them).
pub fn accept(
    filters: &[&[Insn]],
    opts: &InstallOptions,
) -> Result<Vec<Result<(), i32>>, KernelError> {
    if opts.arch != AUDIT_ARCH_X86_64 {
        return Err(KernelError::new(format!(
            "the oracle installs natively on x86_64; arch {:#x} cannot be asked",
            opts.arch
        )));
    }
    if opts.via == InstallVia::Prctl && opts.flags != 0 {
        return Err(KernelError::new(format!(
            "prctl(PR_SET_SECCOMP) cannot pass flags ({:#x}); install with seccomp(2)",
            opts.flags
        )));
    }
    let raw = accept_raw(
        filters,
        opts.flags,
        opts.no_new_privs,
        opts.cap_sys_admin,
        opts.via == InstallVia::Prctl,
    )?;
    Ok(raw
        .into_iter()
        .map(|r| if r < 0 { Err((-r) as i32) } else { Ok(()) })
        .collect())
}

/// The kernel's answer for one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KernelRet {
    /// The filter's full 32-bit return value.
    Ret(u32),
    /// Native x86_64 nr 335/336: the kernel never runs the filter (kernel facts §6.5).
    Bypassed,
    /// The live kernel cannot be asked this input (why).
    Unaskable(String),
}

/// One prepared test syscall.
#[repr(C)]
#[derive(Clone, Copy)]
struct Test {
    ip: u64,
    i386: u64,
    nr: u64,
    args: [u64; 6],
}

#[repr(C)]
struct RunCtx {
    prog: Fprog,
    tests: *const Test,
    n: usize,
    start: usize,
    results: *mut u64,
    drop_privs: bool,
    /// Index + 1 of the test in progress.
    progress: AtomicU32,
    setup: AtomicI64,
    done: AtomicU32,
    /// Whether a TRAP ends the child (the filters might refuse rt_sigreturn).
    die_on_trap: bool,
    /// Filters installed before `prog` (for outcome mode), each a Fprog.
    pre: *const Fprog,
    n_pre: usize,
}

extern "C" fn run_child(arg: *mut libc::c_void) -> libc::c_int {
    // SAFETY: arg is the RunCtx the parent keeps alive until this child is reaped; tests
    // and results have n elements.
    unsafe {
        let ctx = &*(arg as *const RunCtx);
        let r = child_setup(ctx.drop_privs, true);
        if r != 0 {
            ctx.setup.store(r, Ordering::Release);
            sys::die();
        }
        for i in 0..ctx.n_pre {
            let r = sys::syscall6(libc::SYS_seccomp, [1, 0, ctx.pre.add(i) as u64, 0, 0, 0]);
            if r < 0 {
                ctx.setup.store(r, Ordering::Release);
                sys::die();
            }
        }
        let r = sys::syscall6(
            libc::SYS_seccomp,
            [1, 0, &ctx.prog as *const Fprog as u64, 0, 0, 0],
        );
        ctx.setup.store(r, Ordering::Release);
        if r != 0 {
            sys::die();
        }
        for i in ctx.start..ctx.n {
            ctx.progress.store(i as u32 + 1, Ordering::Release);
            let t = &*ctx.tests.add(i);
            let slot = ctx.results.add(i);
            std::ptr::write_volatile(slot, u64::MAX);
            let rax = sys::test_call(
                t.ip,
                t.i386 != 0,
                t.nr as u32,
                t.args,
                slot,
                ctx.die_on_trap,
            );
            std::ptr::write_volatile(slot, rax);
        }
        ctx.done.store(1, Ordering::Release);
    }
    sys::die()
}

/// Run `tests` under `prog` (installed after `pre`), restarting after a test that kills
/// the child. Per test: `Some(rax)` or `None` if the child died on it (by `signal`).
fn run_tests(
    prog: &[Insn],
    pre: &[&[Insn]],
    tests: &[Test],
    drop_privs: bool,
    die_on_trap: bool,
) -> Result<Vec<Result<u64, i32>>, KernelError> {
    let mut results = vec![u64::MAX; tests.len()];
    let mut out: Vec<Result<u64, i32>> = Vec::with_capacity(tests.len());
    let pre_progs: Vec<Fprog> = pre
        .iter()
        .map(|f| Fprog {
            len: u16::try_from(f.len()).unwrap_or(u16::MAX),
            filter: f.as_ptr(),
        })
        .collect();
    let mut start = 0;
    let mut stack = stack()?;
    while start < tests.len() {
        let ctx = RunCtx {
            prog: Fprog {
                len: u16::try_from(prog.len()).unwrap_or(u16::MAX),
                filter: prog.as_ptr(),
            },
            tests: tests.as_ptr(),
            n: tests.len(),
            start,
            results: results.as_mut_ptr(),
            drop_privs,
            progress: AtomicU32::new(0),
            setup: AtomicI64::new(i64::MIN),
            done: AtomicU32::new(0),
            die_on_trap,
            pre: pre_progs.as_ptr(),
            n_pre: pre_progs.len(),
        };
        // SAFETY: run_child only makes raw syscalls and test calls at placed ips, and
        // writes into ctx/results, which outlive the child (waited for below).
        let child = unsafe { Child::spawn(run_child, &ctx as *const _ as *mut _, &mut stack) }
            .map_err(|e| KernelError::new(format!("cannot start a child: {e}")))?;
        let ended = child.wait(TIMEOUT);
        let setup = ctx.setup.load(Ordering::Acquire);
        if setup != 0 {
            return Err(KernelError::new(match setup {
                i64::MIN => format!("the child ended before installing the filter ({ended:?})"),
                e => format!(
                    "the child could not set up or install the filter: {}",
                    std::io::Error::from_raw_os_error((-e) as i32)
                ),
            }));
        }
        if ctx.done.load(Ordering::Acquire) != 0 {
            // SAFETY: the child is gone; results is ours again.
            out.extend(results[start..].iter().map(|&r| Ok(r)));
            break;
        }
        let progress = ctx.progress.load(Ordering::Acquire) as usize;
        if progress == 0 || progress <= start {
            return Err(KernelError::new(format!(
                "the child ended before its first test ({ended:?})"
            )));
        }
        let died_on = progress - 1;
        let sig = match ended {
            Ended::Signal(s) => s,
            Ended::Timeout => {
                return Err(KernelError::new(format!(
                    "test {died_on} did not finish within {TIMEOUT:?}"
                )))
            }
            Ended::Exit(c) => {
                return Err(KernelError::new(format!(
                    "the child exited with status {c}"
                )))
            }
        };
        out.extend(results[start..died_on].iter().map(|&r| Ok(r)));
        let slot = results[died_on];
        // In outcome mode a TRAP writes its slot and then dies on purpose.
        if die_on_trap && slot != u64::MAX && slot & sys::TRAPPED != 0 {
            out.push(Ok(slot));
        } else {
            out.push(Err(sig));
        }
        start = died_on + 1;
    }
    Ok(out)
}

/// Whether native x86_64 nr 335/336 are asked of the kernel instead of taken as never
/// reaching a filter (kernel facts §6.5). The VM agent sets it: older kernels (6.1) run
/// filters for them. An asked input whose syscall ran (it returned a value the rewritten
/// filter cannot give, or died of a signal other than SIGSYS) is [`KernelRet::Bypassed`].
pub static ASK_EXEMPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn exempt(d: &SeccompData) -> bool {
    d.arch == AUDIT_ARCH_X86_64 && (d.nr == 335 || d.nr == 336)
}

fn classify(d: &SeccompData) -> Result<Option<Code>, String> {
    match d.arch {
        AUDIT_ARCH_X86_64 if exempt(d) && !ASK_EXEMPT.load(Ordering::Relaxed) => Ok(None),
        AUDIT_ARCH_X86_64 => Ok(Some(Code::Syscall)),
        AUDIT_ARCH_I386 => Ok(Some(Code::Int80)),
        a => Err(format!(
            "the live x86_64 kernel only produces arch 0xc000003e (x86_64) and 0x40000003 (i386), not {a:#x}"
        )),
    }
}

fn test_of(d: &SeccompData, code: Code) -> Test {
    Test {
        ip: d.instruction_pointer,
        i386: u64::from(code == Code::Int80),
        nr: u64::from(d.nr),
        args: d.args,
    }
}

/// Group askable inputs into batches whose syscall instructions can all be in place at
/// once (no ip with two codes, no overlapping instructions).
fn batches(inputs: &[SeccompData], out: &mut [Option<KernelRet>]) -> Vec<Vec<(usize, Code)>> {
    let mut batches: Vec<Vec<(usize, Code)>> = Vec::new();
    for (i, d) in inputs.iter().enumerate() {
        match classify(d) {
            Err(why) => out[i] = Some(KernelRet::Unaskable(why)),
            Ok(None) => out[i] = Some(KernelRet::Bypassed),
            Ok(Some(code)) => {
                if let Err(why) = ippage::placeable(d.instruction_pointer) {
                    out[i] = Some(KernelRet::Unaskable(why));
                    continue;
                }
                let ip = d.instruction_pointer;
                let fits = |b: &Vec<(usize, Code)>| {
                    b.iter().all(|&(j, c)| {
                        ippage::compatible(inputs[j].instruction_pointer, c, ip, code)
                    })
                };
                match batches.iter_mut().find(|b| fits(b)) {
                    Some(b) => b.push((i, code)),
                    None => batches.push(vec![(i, code)]),
                }
            }
        }
    }
    batches
}

/// The exact 32-bit value the live kernel's filter returns for each input, for a
/// program the kernel accepts (checked first: a refused program is an error).
///
/// # Errors
/// The kernel refuses the program, a child cannot run, or the program is too long to
/// rewrite (see [`rewrite::max_len`]).
pub fn run(prog: &[Insn], inputs: &[SeccompData]) -> Result<Vec<KernelRet>, KernelError> {
    match accept(&[prog], &InstallOptions::default())?.first() {
        Some(Err(e)) => Err(KernelError::errno(
            *e,
            format!(
                "the kernel refuses this filter ({}), so it cannot run",
                crate::errno::name(*e as u32).unwrap_or("?")
            ),
        )),
        _ => run_accepted(prog, inputs),
    }
}

/// [`run`] for a program already known to be accepted by the kernel.
///
/// # Errors
/// See [`run`].
pub fn run_accepted(prog: &[Insn], inputs: &[SeccompData]) -> Result<Vec<KernelRet>, KernelError> {
    let gate = sys::gate().map_err(|e| KernelError::new(format!("cannot map the gate: {e}")))?;
    let low = rewrite::rewrite(prog, gate.ip(), Half::Low).ok_or_else(|| {
        KernelError::new(format!(
            "the program has {} instructions; at most {} can be rewritten to reveal exact results",
            prog.len(),
            rewrite::max_len(prog.iter().any(|i| i.code == BPF_RET | BPF_A))
        ))
    })?;
    let mut out: Vec<Option<KernelRet>> = vec![None; inputs.len()];
    for batch in batches(inputs, &mut out) {
        let mut wants: Vec<(u64, Code)> = batch
            .iter()
            .map(|&(i, c)| (inputs[i].instruction_pointer, c))
            .collect();
        wants.sort();
        wants.dedup();
        let (_lease, errs) = ippage::lease(&wants);
        let mut idx = Vec::new();
        for &(i, c) in &batch {
            let ip = inputs[i].instruction_pointer;
            let k = wants.binary_search(&(ip, c)).unwrap_or(0);
            match errs.get(k).cloned().flatten() {
                Some(why) => out[i] = Some(KernelRet::Unaskable(why)),
                None if ip == gate.ip() => {
                    out[i] = Some(KernelRet::Unaskable(format!(
                        "ip {ip:#x} is the oracle's own gate"
                    )))
                }
                None => idx.push((i, c)),
            }
        }
        if idx.is_empty() {
            continue;
        }
        let tests: Vec<Test> = idx.iter().map(|&(i, c)| test_of(&inputs[i], c)).collect();
        let lows = run_tests(&low, &[], &tests, true, false)?;
        let mut need_high = Vec::new();
        for (j, r) in lows.iter().enumerate() {
            let i = idx[j].0;
            out[i] = Some(match r {
                // The kernel killed the thread: only `div x` by zero ends a rewritten
                // filter without going through a rewritten return: the value is 0.
                Err(s) if *s == libc::SIGSYS => KernelRet::Ret(0),
                // An asked nr 335/336 whose syscall ran: no filter saw it.
                Err(_) if exempt(&inputs[i]) => KernelRet::Bypassed,
                Ok(rax)
                    if exempt(&inputs[i])
                        && matches!(rewrite::decode(*rax, prog.len()), Seen::Other(_)) =>
                {
                    KernelRet::Bypassed
                }
                Err(s) => {
                    return Err(KernelError::new(format!(
                        "the child died of signal {s} on input {i}"
                    )))
                }
                Ok(rax) => match rewrite::decode(*rax, prog.len()) {
                    Seen::RetK(pc) => KernelRet::Ret(prog[pc].k),
                    Seen::RetA(lo) => {
                        need_high.push((j, lo));
                        KernelRet::Ret(u32::from(lo))
                    }
                    Seen::Other(v) => {
                        return Err(KernelError::new(format!(
                            "input {i}: unexpected result {v:#x} from the rewritten filter"
                        )))
                    }
                },
            });
        }
        if need_high.is_empty() {
            continue;
        }
        let high = rewrite::rewrite(prog, gate.ip(), Half::High)
            .ok_or_else(|| KernelError::new("the program cannot be rewritten".to_string()))?;
        let htests: Vec<Test> = need_high.iter().map(|&(j, _)| tests[j]).collect();
        let highs = run_tests(&high, &[], &htests, true, false)?;
        for ((j, lo), r) in need_high.iter().zip(highs) {
            let i = idx[*j].0;
            match r.map(|rax| rewrite::decode(rax, prog.len())) {
                Ok(Seen::RetA(hi)) => {
                    out[i] = Some(KernelRet::Ret(u32::from(hi) << 16 | u32::from(*lo)))
                }
                other => {
                    return Err(KernelError::new(format!(
                        "input {i}: the high-half run disagrees with the low-half run ({other:?})"
                    )))
                }
            }
        }
    }
    Ok(out
        .into_iter()
        .map(|o| o.unwrap_or_else(|| KernelRet::Unaskable("not asked".into())))
        .collect())
}

/// `prog` behind a guard that allows x86_64 seccomp(2) calls (nr 317) and otherwise
/// runs `prog` from the start with A = 0: `ld [0]; jeq #317, 0, 1; ret #ALLOW; ld #0`.
///
/// Installing a filter is itself a syscall judged by every filter installed before it,
/// so stacks whose older filters would refuse seccomp(2) cannot be installed at all.
/// The guard leaves every other input's result unchanged, and the scratch-memory check
/// sees the program start with no cell written, as before.
pub fn guard_install(prog: &[Insn]) -> Vec<Insn> {
    guard_install_nr(prog, libc::SYS_seccomp as u32)
}

/// [`guard_install`] for an arch whose seccomp(2) is `seccomp_nr` (arm64 277, s390x 348;
/// see [`super::campaign::seccomp_nr`]).
pub fn guard_install_nr(prog: &[Insn], seccomp_nr: u32) -> Vec<Insn> {
    let mut out = vec![
        Insn::stmt(BPF_LD | BPF_W | BPF_ABS, 0),
        Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, seccomp_nr, 0, 1),
        Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        Insn::stmt(BPF_LD | BPF_IMM, 0),
    ];
    out.extend_from_slice(prog);
    out
}

/// What a process observed after one syscall under a stack of unmodified filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observed {
    /// The syscall returned this value (ERRNO gives `-errno`; ALLOW/LOG run it).
    Returned(i64),
    /// SIGSYS from TRAP, with `si_errno`.
    Trapped(u16),
    /// The process was killed by this signal (KILL_*, unknown actions: SIGSYS).
    Killed(i32),
}

/// Install `stack` (oldest first) in a child and make one syscall with `data`, then
/// report what happened. Every action really happens, so `data.nr` must be a syscall
/// that is harmless when it runs (for example getpid, 39 on x86_64, 20 on i386): this is
/// for the precedence and dispatch rules, not for arbitrary inputs. The newest filter is
/// installed as given; older ones behind [`guard_install`], so that installing the
/// newer ones is possible (their results for `data` are unchanged unless `data.nr` is
/// 317).
///
/// # Errors
/// An arch or ip that cannot be produced, or a child that cannot run.
pub fn outcome(stack: &[&[Insn]], data: &SeccompData) -> Result<Observed, KernelError> {
    let code = match classify(data) {
        Ok(Some(c)) => c,
        Ok(None) => return Err(KernelError::new("nr 335/336 never reach a filter".into())),
        Err(why) => return Err(KernelError::new(why)),
    };
    let Some((last, pre)) = stack.split_last() else {
        return Err(KernelError::new("no filter given".into()));
    };
    let (_lease, errs) = ippage::lease(&[(data.instruction_pointer, code)]);
    if let Some(Some(why)) = errs.first() {
        return Err(KernelError::new(why.clone()));
    }
    let tests = [test_of(data, code)];
    let guarded: Vec<Vec<Insn>> = pre.iter().map(|p| guard_install(p)).collect();
    let pre: Vec<&[Insn]> = guarded.iter().map(Vec::as_slice).collect();
    let r = run_tests(last, &pre, &tests, true, true)?;
    Ok(match r.first() {
        Some(Ok(v)) if v & sys::TRAPPED != 0 && v >> 33 == 0 => Observed::Trapped(*v as u16),
        Some(Ok(v)) => Observed::Returned(*v as i64),
        Some(Err(sig)) => Observed::Killed(*sig),
        None => return Err(KernelError::new("no result".into())),
    })
}
