//! A stepping machine: execute one instruction, inspect the state, step back.

use super::exec::{exec, Flow, Regs};
use crate::insn::Insn;
use crate::program::VerifiedProgram;
use crate::seccomp::action::RetValue;
use crate::seccomp::data::DATA_WORDS;

/// What one [`Machine::step`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Step {
    /// The pc of the instruction that ran.
    pub pc: usize,
    /// That instruction, as the user wrote it.
    pub insn: Insn,
    /// Registers before it ran.
    pub before: Regs,
    /// Registers after it ran.
    pub after: Regs,
    /// Bit `i` set if it wrote scratch cell `M[i]`.
    pub mem_written: u16,
    /// The return value, if it was a return (or a `div x` by zero).
    pub ret: Option<RetValue>,
}

#[derive(Clone, Copy, Debug)]
struct Snapshot {
    pc: usize,
    regs: Regs,
    written: u16,
    ret: Option<RetValue>,
}

/// An interpreter that runs one instruction at a time and can step back, for tracing
/// and interactive stepping. Results are those of [`super::run`].
///
/// ```
/// use secbpf::{asm, verify, vm::Machine, seccomp::{Arch, RetValue, SeccompData}};
///
/// let filter = verify::check(&asm::assemble(
///     "ld [nr]\nst M[0]\njeq #__NR_execve, no\nret #ALLOW\nno: ret #ERRNO(1)\n",
/// )?)?;
/// let execve = SeccompData::syscall(Arch::x86_64(), "execve")?;
/// let mut m = Machine::new(&filter, execve.words());
/// let mut trace = Vec::new();
/// while let Some(step) = m.step() {
///     trace.push((step.pc, step.after.a, step.ret));
/// }
/// let no = Some(RetValue::errno(1));
/// assert_eq!(trace, [(0, 59, None), (1, 59, None), (2, 59, None), (4, 59, no)]);
/// assert_eq!((m.finished(), m.executed(), m.mem_written()), (Some(RetValue::errno(1)), 4, 0b1));
/// assert_eq!(m.regs().mem[0], 59);
///
/// // Back two steps, to the jeq, and on to the end again.
/// assert!(m.step_back() && m.step_back());
/// assert_eq!((m.pc(), m.finished()), (2, None));
/// assert_eq!(m.run_to_end(), RetValue::errno(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Machine<'p> {
    prog: &'p VerifiedProgram,
    data: [u32; DATA_WORDS],
    cur: Snapshot,
    history: Vec<Snapshot>,
}

impl<'p> Machine<'p> {
    /// A machine at pc 0 with A = X = 0, about to run `prog` over `data` words.
    pub fn new(prog: &'p VerifiedProgram, data: [u32; DATA_WORDS]) -> Machine<'p> {
        Machine {
            prog,
            data,
            cur: Snapshot {
                pc: 0,
                regs: Regs::default(),
                written: 0,
                ret: None,
            },
            history: Vec::new(),
        }
    }

    /// The pc of the next instruction to run.
    pub fn pc(&self) -> usize {
        self.cur.pc
    }
    /// Current registers and scratch memory.
    pub fn regs(&self) -> &Regs {
        &self.cur.regs
    }
    /// Bit `i` set if `M[i]` has been written so far.
    pub fn mem_written(&self) -> u16 {
        self.cur.written
    }
    /// The return value once the filter has returned.
    pub fn finished(&self) -> Option<RetValue> {
        self.cur.ret
    }
    /// Instructions executed so far.
    pub fn executed(&self) -> usize {
        self.history.len()
    }
    /// The program being run.
    pub fn program(&self) -> &'p VerifiedProgram {
        self.prog
    }

    /// Run one instruction. Returns `None` once the filter has returned.
    pub fn step(&mut self) -> Option<Step> {
        if self.cur.ret.is_some() {
            return None;
        }
        let pc = self.cur.pc;
        let op = *self.prog.ops().get(pc)?;
        let insn = *self.prog.insns().get(pc)?;
        let before = self.cur.regs;
        let mut regs = before;
        let flow = exec(op, pc, &mut regs, &self.data, &[]);
        let mut mem_written = 0u16;
        for i in 0..16 {
            if regs.mem[i] != before.mem[i]
                || matches!(op, super::op::Op::St(k) | super::op::Op::Stx(k) if usize::from(k) == i)
            {
                mem_written |= 1 << i;
            }
        }
        self.history.push(self.cur);
        let (next_pc, ret) = match flow {
            Flow::Next(n) | Flow::Chain { next: n, .. } => (n, None),
            Flow::Return(r) => (pc, Some(RetValue(r))),
        };
        self.cur = Snapshot {
            pc: next_pc,
            regs,
            written: self.cur.written | mem_written,
            ret,
        };
        Some(Step {
            pc,
            insn,
            before,
            after: regs,
            mem_written,
            ret,
        })
    }

    /// Undo the last step. Returns false at the start.
    pub fn step_back(&mut self) -> bool {
        match self.history.pop() {
            Some(prev) => {
                self.cur = prev;
                true
            }
            None => false,
        }
    }

    /// Step until the filter returns; gives the return value.
    pub fn run_to_end(&mut self) -> RetValue {
        while self.cur.ret.is_none() {
            if self.step().is_none() {
                break;
            }
        }
        self.cur.ret.unwrap_or(RetValue::KILL_THREAD)
    }
}
