//! The interpreter: runs a [`VerifiedProgram`] over `struct seccomp_data` exactly as the
//! kernel does, fast ([`run`]) or one instruction at a time ([`Machine`]).

pub(crate) mod exec;
mod machine;
pub(crate) mod op;
pub(crate) mod plan;

pub use exec::Regs;
pub use machine::{Machine, Step};

use crate::program::VerifiedProgram;
use crate::seccomp::action::RetValue;
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use exec::{exec, Flow};

/// Result of one filter run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunResult {
    /// The filter's 32-bit return value (`.ret.action()`, `.ret.outcome()`,
    /// `u32::from(.ret)`, ...).
    pub ret: RetValue,
    /// How many instructions ran, the return included.
    pub insns_executed: usize,
}

/// Run `prog` over `data` (laid out in the byte order of `data.arch`).
///
/// ```
/// use secbpf::{asm, verify, vm, seccomp::{Arch, Outcome, RetValue, SeccompData}};
///
/// // ERRNO(EACCES) for openat with O_CREAT (0x40) in its flags, ALLOW otherwise.
/// let filter = verify::check(&asm::assemble(
///     "ld [nr]\njne #__NR_openat, ok\nld [args[2]]\njset #0x40, no\n\
///      ok: ret #ALLOW\nno: ret #ERRNO(EACCES)\n",
/// )?)?;
/// let create = SeccompData::syscall(Arch::x86_64(), "openat")?.arg(2, 0x41)?;
/// let r = vm::run(&filter, &create);
/// assert_eq!(r.ret, RetValue::errno(13));
/// assert_eq!(r.ret.to_string(), "ERRNO(13)");
/// assert_eq!(r.ret.outcome(), Outcome::FailsWith(13));
/// assert_eq!(r.insns_executed, 5);
///
/// let read_only = SeccompData::syscall(Arch::x86_64(), "openat")?.arg(2, 0)?;
/// assert_eq!(vm::run(&filter, &read_only).ret, RetValue::ALLOW);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(prog: &VerifiedProgram, data: &SeccompData) -> RunResult {
    run_words(prog, &data.words())
}

/// Run `prog` over the 16 words of a `struct seccomp_data` as the filter loads them.
#[inline]
pub fn run_words(prog: &VerifiedProgram, words: &[u32; DATA_WORDS]) -> RunResult {
    // The plan answers most inputs with a few lookups; the rest resume in the
    // interpreter with the registers the plan knows.
    match prog.plan().lookup(words) {
        plan::Target::Done { ret, executed } => RunResult {
            ret: RetValue(ret),
            insns_executed: executed as usize,
        },
        plan::Target::Resume(i) => run_from(prog, words, prog.plan().state(i)),
        plan::Target::Node(_) => run_from(prog, words, None),
    }
}

/// The result for `words` if the evaluation plan gives it without the interpreter, and
/// the plan's (nodes, intervals, resume points). For tests and benchmarks.
#[doc(hidden)]
pub fn run_planned(
    prog: &VerifiedProgram,
    words: &[u32; DATA_WORDS],
) -> (Option<RunResult>, (usize, usize, usize)) {
    let r = match prog.plan().lookup(words) {
        plan::Target::Done { ret, executed } => Some(RunResult {
            ret: RetValue(ret),
            insns_executed: executed as usize,
        }),
        _ => None,
    };
    (r, prog.plan().shape())
}

/// Run `prog` over `words` with the interpreter alone, from pc 0, without building or
/// using the evaluation plan. The result is that of [`run_words`]; use it for a
/// program evaluated on a handful of inputs (a fuzzing campaign), where building the
/// plan would cost more than it saves.
pub fn run_words_once(prog: &VerifiedProgram, words: &[u32; DATA_WORDS]) -> RunResult {
    run_from(prog, words, None)
}

/// The interpreter proper, from a resume point of the plan (or pc 0).
#[inline(never)]
fn run_from(
    prog: &VerifiedProgram,
    words: &[u32; DATA_WORDS],
    from: Option<&plan::Resume>,
) -> RunResult {
    let prepared = prog.prepared();
    let (ops, chains) = (&prepared.ops[..], &prepared.chains[..]);
    let (mut regs, mut pc, mut n) = match from {
        Some(s) => (s.regs, s.pc as usize, s.executed as usize),
        None => (Regs::default(), 0, 0),
    };
    // The checker guarantees forward jumps in range and a final return, so this ends
    // within ops.len() steps; `get` keeps it panic-free regardless.
    while let Some(&op) = ops.get(pc) {
        n += 1;
        match exec(op, pc, &mut regs, words, chains) {
            Flow::Next(next) => pc = next,
            Flow::Chain { next, executed } => {
                n += executed - 1;
                pc = next;
            }
            Flow::Return(ret) => {
                return RunResult {
                    ret: RetValue(ret),
                    insns_executed: n,
                }
            }
        }
    }
    debug_assert!(false, "verified program fell off its end");
    RunResult {
        ret: RetValue::KILL_THREAD,
        insns_executed: n,
    }
}
