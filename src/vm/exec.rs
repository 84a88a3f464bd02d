//! Execution semantics of one instruction: the single place where secbpf decides what
//! each seccomp opcode does at run time.
//!
//! These follow what the kernel runs after `bpf_convert_filter()` turns the classic
//! program into eBPF (net/core/filter.c) and the eBPF interpreter or JIT executes it
//! (kernel/bpf/core.c `___bpf_prog_run`, arch/x86/net/bpf_jit_comp.c); kernel facts §4.

use super::op::{JeqChain, Op};

/// Registers and scratch memory of one filter run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Regs {
    /// The accumulator (eBPF R0, zeroed by the prologue).
    pub a: u32,
    /// The index register (eBPF R7, zeroed by the prologue).
    pub x: u32,
    /// Scratch memory M[0..16] (on the eBPF stack; the checker guarantees every read
    /// cell was written, so its initial content is never observable).
    pub mem: [u32; 16],
}

/// What one instruction did to control flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Go on at this pc.
    Next(usize),
    /// The filter returned this value.
    Return(u32),
    /// A run of chained jeq ran `executed` instructions and goes on at `next`.
    Chain {
        /// Where execution goes on.
        next: usize,
        /// Instructions the run executed.
        executed: usize,
    },
}

/// Execute `op` at `pc` on `regs` with the seccomp_data words `data`; `chains` are the
/// jeq runs of the prepared form (empty for the per-instruction form).
#[inline(always)]
pub fn exec(op: Op, pc: usize, regs: &mut Regs, data: &[u32; 16], chains: &[JeqChain]) -> Flow {
    use Flow::{Next, Return};
    let next = pc + 1;
    let jump = |c: bool, t: u16, f: u16| Next(usize::from(if c { t } else { f }));
    match op {
        // The checker limits w to 0..16.
        Op::LdData(w) => regs.a = data[usize::from(w) & 15],
        Op::LdImm(k) => regs.a = k,
        Op::LdxImm(k) => regs.x = k,
        Op::LdMem(k) => regs.a = regs.mem[usize::from(k) & 15],
        Op::LdxMem(k) => regs.x = regs.mem[usize::from(k) & 15],
        Op::St(k) => regs.mem[usize::from(k) & 15] = regs.a,
        Op::Stx(k) => regs.mem[usize::from(k) & 15] = regs.x,
        // TAX copies A into X and TXA copies X into A (bpf_convert_filter), whatever
        // some peers do.
        Op::Tax => regs.x = regs.a,
        Op::Txa => regs.a = regs.x,
        Op::RetK(k) => return Return(k),
        Op::RetA => return Return(regs.a),
        // 32-bit eBPF ALU: wrapping arithmetic on u32.
        Op::AddK(k) => regs.a = regs.a.wrapping_add(k),
        Op::SubK(k) => regs.a = regs.a.wrapping_sub(k),
        Op::MulK(k) => regs.a = regs.a.wrapping_mul(k),
        // k != 0 is guaranteed by bpf_check_classic; checked_div keeps this panic-free.
        Op::DivK(k) => regs.a = regs.a.checked_div(k).unwrap_or(0),
        Op::OrK(k) => regs.a |= k,
        Op::AndK(k) => regs.a &= k,
        // k < 32 is guaranteed by bpf_check_classic.
        Op::LshK(k) => regs.a = regs.a.wrapping_shl(k),
        Op::RshK(k) => regs.a = regs.a.wrapping_shr(k),
        Op::XorK(k) => regs.a ^= k,
        Op::AddX => regs.a = regs.a.wrapping_add(regs.x),
        Op::SubX => regs.a = regs.a.wrapping_sub(regs.x),
        Op::MulX => regs.a = regs.a.wrapping_mul(regs.x),
        // The conversion guards `div x`: X == 0 makes the filter return 0 (KILL_THREAD).
        Op::DivX => match regs.a.checked_div(regs.x) {
            Some(q) => regs.a = q,
            None => return Return(0),
        },
        Op::OrX => regs.a |= regs.x,
        Op::AndX => regs.a &= regs.x,
        // Shifts by X use the count X & 31: the interpreter masks it, and the x86-64
        // JIT's 32-bit shifts are masked by the CPU. wrapping_shl/shr mask the same way.
        Op::LshX => regs.a = regs.a.wrapping_shl(regs.x),
        Op::RshX => regs.a = regs.a.wrapping_shr(regs.x),
        Op::XorX => regs.a ^= regs.x,
        Op::Neg => regs.a = regs.a.wrapping_neg(),
        Op::Ja(t) => return Next(usize::from(t)),
        // Jumps compare zero-extended 32-bit values: unsigned.
        Op::JeqK(k, t, f) => return jump(regs.a == k, t, f),
        Op::JgtK(k, t, f) => return jump(regs.a > k, t, f),
        Op::JgeK(k, t, f) => return jump(regs.a >= k, t, f),
        Op::JsetK(k, t, f) => return jump(regs.a & k != 0, t, f),
        Op::JeqX(t, f) => return jump(regs.a == regs.x, t, f),
        Op::JgtX(t, f) => return jump(regs.a > regs.x, t, f),
        Op::JgeX(t, f) => return jump(regs.a >= regs.x, t, f),
        Op::JsetX(t, f) => return jump(regs.a & regs.x != 0, t, f),
        // A load and the conditional jump after it: the two instructions in one step.
        Op::LdJeqK(w, k, t, f) => {
            regs.a = data[usize::from(w) & 15];
            return both(regs.a == k, t, f);
        }
        Op::LdJgtK(w, k, t, f) => {
            regs.a = data[usize::from(w) & 15];
            return both(regs.a > k, t, f);
        }
        Op::LdJgeK(w, k, t, f) => {
            regs.a = data[usize::from(w) & 15];
            return both(regs.a >= k, t, f);
        }
        Op::LdJsetK(w, k, t, f) => {
            regs.a = data[usize::from(w) & 15];
            return both(regs.a & k != 0, t, f);
        }
        Op::LdJeqChain(w, c) => {
            regs.a = data[usize::from(w) & 15];
            return match chain(regs.a, c, chains) {
                Flow::Chain { next, executed } => Flow::Chain {
                    next,
                    executed: executed + 1,
                },
                other => other,
            };
        }
        Op::JeqChain(c) => return chain(regs.a, c, chains),
    }
    Next(next)
}

/// A conditional jump that ran together with the load before it.
#[inline(always)]
fn both(c: bool, t: u16, f: u16) -> Flow {
    Flow::Chain {
        next: usize::from(if c { t } else { f }),
        executed: 2,
    }
}

/// A run of chained `jeq`: the first whose k equals A takes its jt branch; if none
/// does, execution falls out of the run.
#[inline(always)]
fn chain(a: u32, c: u16, chains: &[JeqChain]) -> Flow {
    let Some(ch) = chains.get(usize::from(c)) else {
        debug_assert!(false, "prepared op names a missing chain");
        return Flow::Return(0);
    };
    match ch.find(a).and_then(|i| ch.hits.get(i)) {
        Some(&(idx, target)) => Flow::Chain {
            next: usize::from(target),
            executed: usize::from(idx) + 1,
        },
        None => Flow::Chain {
            next: usize::from(ch.start) + usize::from(ch.len),
            executed: usize::from(ch.len),
        },
    }
}
