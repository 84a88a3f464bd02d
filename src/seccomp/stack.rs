//! Stacks of filters: how the kernel combines several filters' results.

use crate::program::VerifiedProgram;
use crate::seccomp::action::{Outcome, RetValue};
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use crate::seccomp::profile::KernelProfile;
use crate::vm;

/// The result of running a stack of filters over one `seccomp_data`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StackResult {
    /// The deciding 32-bit value: that of the filter with the lowest action by signed
    /// comparison of the top 16 bits, the newest one on ties. When every filter allows,
    /// the newest filter's value (the kernel then discards ALLOW's data).
    pub ret: RetValue,
    /// Index (in install order, 0 = oldest) of the filter whose value decided (0, with
    /// `rets` empty, for an empty stack).
    pub filter: usize,
    /// Each filter's own return value, in install order.
    pub rets: Vec<RetValue>,
    /// Instructions executed over all filters.
    pub insns_executed: usize,
    /// True when the kernel never runs the filters for this input: native x86_64
    /// `uretprobe` (335) and `uprobe` (336) pass every filter on kernels that exempt them
    /// (kernel facts §6.5, [`KernelProfile::bypasses`]).
    pub bypassed: bool,
    /// The kernel whose rules combined the filters and decide [`StackResult::outcome`].
    pub kernel: KernelProfile,
}

impl StackResult {
    /// What the kernel then does with the syscall (no tracer, no listener attached), by
    /// the rules of [`StackResult::kernel`] ([`KernelProfile::outcome`]).
    pub fn outcome(&self) -> Outcome {
        if self.bypassed {
            Outcome::Runs
        } else {
            self.kernel.outcome(self.ret)
        }
    }
}

/// True for inputs the newest known x86_64 kernel lets through before any filter runs:
/// `seccomp_is_const_allow` exempts native nr 335 and 336 (kernel facts §6.5). Other
/// releases: [`KernelProfile::bypasses`].
pub fn bypasses_filters(data: &SeccompData) -> bool {
    KernelProfile::NEWEST.bypasses(data)
}

/// Run every filter of a stack (install order, oldest first) over `data` and combine
/// the results as `seccomp_run_filters()` in kernel/seccomp.c does: every filter runs,
/// newest first; a result replaces the current one only if its action is strictly lower
/// as a signed 32-bit number, so ties keep the newest filter's full value.
///
/// An empty stack is a thread with no filter: it is not in filter mode, so the kernel asks
/// no filter and every syscall runs (`seccomp_run_filters` never sees an empty chain; it
/// would WARN and kill, kernel facts §6.2). The result is
/// `SECCOMP_RET_ALLOW` with no per-filter values, the one meaning "no filter" has in every
/// part of secbpf (the analyses, `secbpf test`).
///
/// ```
/// use secbpf::{asm, verify, seccomp::{stack::run_stack, Arch, Outcome, RetValue, SeccompData}};
///
/// let trace_all = verify::check(&asm::assemble("ret #TRACE(7)\n")?)?;
/// let no_ptrace = verify::check(&asm::assemble(
///     "ld [nr]\njeq #__NR_ptrace, no\nret #ALLOW\nno: ret #ERRNO(EPERM)\n",
/// )?)?;
/// let stack = [trace_all, no_ptrace]; // oldest first
///
/// // ERRNO is lower than TRACE: the newer filter decides.
/// let ptrace = SeccompData::syscall(Arch::x86_64(), "ptrace")?;
/// let r = run_stack(&stack, &ptrace);
/// assert_eq!((r.ret, r.filter, r.outcome()), (RetValue::errno(1), 1, Outcome::FailsWith(1)));
/// assert_eq!(r.rets, [RetValue::trace(7), RetValue::errno(1)]);
///
/// // TRACE is lower than ALLOW: the older filter decides.
/// let read = SeccompData::syscall(Arch::x86_64(), "read")?;
/// assert_eq!(run_stack(&stack, &read).ret, RetValue::trace(7));
///
/// // No filter: every syscall runs.
/// assert_eq!(run_stack(&[], &read).outcome(), Outcome::Runs);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_stack(filters: &[VerifiedProgram], data: &SeccompData) -> StackResult {
    run_stack_with(filters, data, vm::run_words, &KernelProfile::NEWEST)
}

/// [`run_stack`] as the kernel `kernel` would: which inputs bypass the filters, how the
/// results combine (before 4.14 bit 31 is not part of the action) and what the kernel
/// then does ([`StackResult::outcome`]). `ret` and `rets` stay the filters' own values.
///
/// ```
/// use secbpf::{asm, verify, KernelProfile};
/// use secbpf::seccomp::{stack::run_stack_in, Arch, Outcome, SeccompData};
///
/// let kill = verify::check(&asm::assemble("ret #KILL_PROCESS\n")?)?;
/// let uretprobe = SeccompData::new(Arch::x86_64().audit, 335);
/// let on_6_1 = run_stack_in(std::slice::from_ref(&kill), &uretprobe, &"6.1".parse()?);
/// assert_eq!(on_6_1.outcome(), Outcome::KillProcess); // 6.1 runs the filter
/// let on_6_18 = run_stack_in(std::slice::from_ref(&kill), &uretprobe, &"6.18".parse()?);
/// assert_eq!(on_6_18.outcome(), Outcome::Runs); // 6.18 never does
/// let on_4_9 = run_stack_in(&[kill], &SeccompData::new(Arch::x86_64().audit, 0), &"4.9".parse()?);
/// assert_eq!(on_4_9.outcome(), Outcome::KillThread); // no KILL_PROCESS before 4.14
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_stack_in(
    filters: &[VerifiedProgram],
    data: &SeccompData,
    kernel: &KernelProfile,
) -> StackResult {
    run_stack_with(filters, data, vm::run_words, kernel)
}

/// [`run_stack`] with the interpreter alone ([`vm::run_words_once`]): the same result,
/// without building each filter's evaluation plan, for filters run on a handful of
/// inputs (the kernel campaign).
pub fn run_stack_once(filters: &[VerifiedProgram], data: &SeccompData) -> StackResult {
    run_stack_with(filters, data, vm::run_words_once, &KernelProfile::NEWEST)
}

/// [`run_stack_once`] as the kernel `kernel` would (see [`run_stack_in`]).
pub fn run_stack_once_in(
    filters: &[VerifiedProgram],
    data: &SeccompData,
    kernel: &KernelProfile,
) -> StackResult {
    run_stack_with(filters, data, vm::run_words_once, kernel)
}

fn run_stack_with(
    filters: &[VerifiedProgram],
    data: &SeccompData,
    run: fn(&VerifiedProgram, &[u32; DATA_WORDS]) -> vm::RunResult,
    kernel: &KernelProfile,
) -> StackResult {
    let words = data.words();
    let mut rets = vec![RetValue::KILL_THREAD; filters.len()];
    let mut best: Option<(RetValue, usize)> = None;
    let mut n = 0;
    for (i, f) in filters.iter().enumerate().rev() {
        let r = run(f, &words);
        rets[i] = r.ret;
        n += r.insns_executed;
        match best {
            Some((b, _)) if kernel.precedence(r.ret) >= kernel.precedence(b) => {}
            _ => best = Some((r.ret, i)),
        }
    }
    let (ret, filter) = best.unwrap_or((RetValue::ALLOW, 0));
    StackResult {
        ret,
        filter,
        rets,
        insns_executed: n,
        bypassed: kernel.bypasses(data),
        kernel: *kernel,
    }
}

/// The deciding return value of a stack (as [`run_stack`]'s `ret`) without the
/// per-filter details; allocation-free, for hot loops. ALLOW for an empty stack.
pub fn eval_stack(filters: &[VerifiedProgram], data: &SeccompData) -> RetValue {
    eval_stack_words(filters, &data.words())
}

/// [`eval_stack`] over the 16 words of a `seccomp_data` as the filters load them
/// ([`SeccompData::words`]), for callers that evaluate the same inputs many times.
#[inline]
pub fn eval_stack_words(filters: &[VerifiedProgram], words: &[u32; DATA_WORDS]) -> RetValue {
    if let [only] = filters {
        return vm::run_words(only, words).ret;
    }
    combine(filters, |f| vm::run_words(f, words).ret)
}

/// [`eval_stack_words`] combining the values as the kernel `kernel` does (before 4.14
/// bit 31 is not part of the action, [`KernelProfile::precedence`]). Filters only: the
/// inputs a kernel lets through unfiltered are [`KernelProfile::bypasses`].
#[inline]
pub fn eval_stack_words_in(
    filters: &[VerifiedProgram],
    words: &[u32; DATA_WORDS],
    kernel: &KernelProfile,
) -> RetValue {
    if kernel.signed_precedence() {
        return eval_stack_words(filters, words);
    }
    let mut best: Option<RetValue> = None;
    for f in filters.iter().rev() {
        let r = vm::run_words(f, words).ret;
        match best {
            Some(b) if kernel.precedence(r) >= kernel.precedence(b) => {}
            _ => best = Some(r),
        }
    }
    best.unwrap_or(RetValue::ALLOW)
}

/// [`eval_stack_words`] with the interpreter alone ([`vm::run_words_once`]): the
/// reference `secbpf bench --engine interpreter` measures the plan against.
#[doc(hidden)]
pub fn eval_stack_words_once(filters: &[VerifiedProgram], words: &[u32; DATA_WORDS]) -> RetValue {
    combine(filters, |f| vm::run_words_once(f, words).ret)
}

/// The deciding value of a stack from each filter's own (kernel facts 6.2).
#[inline(always)]
fn combine(filters: &[VerifiedProgram], run: impl Fn(&VerifiedProgram) -> RetValue) -> RetValue {
    let mut best: Option<RetValue> = None;
    for f in filters.iter().rev() {
        let r = run(f);
        match best {
            Some(b) if r.precedence() >= b.precedence() => {}
            _ => best = Some(r),
        }
        // Early exit: KILL_PROCESS has the lowest action of all, and an older filter's
        // result replaces the kept one only when strictly lower, so once one is kept no
        // later filter can change the answer.
        if r.precedence() == i32::MIN {
            break;
        }
    }
    best.unwrap_or(RetValue::ALLOW)
}
