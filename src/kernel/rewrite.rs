//! Rewriting a filter so the live kernel reveals its exact 32-bit return value.
//!
//! The kernel does not hand a filter's return value back to user space, but two
//! actions carry data without running the syscall: ERRNO (12 bits, capped at 4095) and
//! TRAP (16 bits in `si_errno`). So:
//!
//! - a prologue lets the oracle child's own bookkeeping syscalls through (those made
//!   from the gate address: `rt_sigreturn` after a SIGSYS handler), then sets A back to
//!   0 so the original program starts as it would;
//! - every `ret #k` at original pc p becomes `ret #(SECCOMP_RET_ERRNO | p)`, in place:
//!   the errno names the return taken, and k is read from the program;
//! - every `ret a` becomes a `ja` to an epilogue that returns TRAP with 16 bits of A
//!   (the low half, or in a second run the high half).
//!
//! In-place rewriting keeps every relative jump. A `ja` instead of a `ret` can only make
//! `check_load_and_stores` more permissive (the next instruction no longer inherits the
//! RET path's cells), and the epilogue reads no scratch memory, so every program the
//! kernel accepts is still accepted after the rewrite.

use crate::consts::*;
use crate::insn::Insn;

/// Which 16 bits of A a `ret a` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    /// A & 0xffff.
    Low,
    /// A >> 16.
    High,
}

/// Instructions the rewrite adds before the program.
pub const PROLOGUE_LEN: usize = 6;

/// The longest program that can be rewritten (with and without `ret a`).
pub fn max_len(has_ret_a: bool) -> usize {
    BPF_MAXINSNS - PROLOGUE_LEN - if has_ret_a { 3 } else { 0 }
}

/// Whether `prog` is short enough to be rewritten.
pub fn rewritable(prog: &[Insn]) -> bool {
    prog.len() <= max_len(prog.iter().any(|i| i.code == BPF_RET | BPF_A))
}

/// Rewrite `prog` (already accepted by the kernel) for exact results; `gate_ip` is the
/// instruction_pointer of the child's bookkeeping syscalls. `None` when the rewritten
/// program would exceed 4096 instructions.
pub fn rewrite(prog: &[Insn], gate_ip: u64, half: Half) -> Option<Vec<Insn>> {
    let has_ret_a = prog.iter().any(|i| i.code == BPF_RET | BPF_A);
    if prog.len() > max_len(has_ret_a) {
        return None;
    }
    let n = prog.len();
    let mut out = Vec::with_capacity(n + PROLOGUE_LEN + 3);
    out.push(Insn::stmt(BPF_LD | BPF_W | BPF_ABS, 8));
    out.push(Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, gate_ip as u32, 0, 3));
    out.push(Insn::stmt(BPF_LD | BPF_W | BPF_ABS, 12));
    out.push(Insn::jump(
        BPF_JMP | BPF_JEQ | BPF_K,
        (gate_ip >> 32) as u32,
        0,
        1,
    ));
    out.push(Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    out.push(Insn::stmt(BPF_LD | BPF_IMM, 0));
    for (pc, insn) in prog.iter().enumerate() {
        out.push(match insn.code {
            c if c == BPF_RET | BPF_K => Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | pc as u32),
            c if c == BPF_RET | BPF_A => Insn::stmt(BPF_JMP | BPF_JA, (n - pc - 1) as u32),
            _ => *insn,
        });
    }
    if has_ret_a {
        out.push(match half {
            Half::Low => Insn::stmt(BPF_ALU | BPF_AND | BPF_K, 0xffff),
            Half::High => Insn::stmt(BPF_ALU | BPF_RSH | BPF_K, 16),
        });
        out.push(Insn::stmt(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_TRAP));
        out.push(Insn::stmt(BPF_RET | BPF_A, 0));
    }
    Some(out)
}

/// What one test syscall under a rewritten filter showed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// ERRNO: the original `ret #k` at this pc was taken.
    RetK(usize),
    /// TRAP: `ret a` was taken; these are 16 bits of A.
    RetA(u16),
    /// Anything else (the rewrite failed to capture the result).
    Other(u64),
}

/// Decode rax after the oracle child's test syscall under the rewritten filter: a TRAP
/// leaves bit 32 set and the 16 bits of `si_errno` below it (the SIGSYS handler puts them
/// there), an ERRNO return leaves `-errno`.
pub fn decode(rax: u64, prog_len: usize) -> Seen {
    if rax & super::sys::TRAPPED != 0 && rax >> 33 == 0 {
        return Seen::RetA(rax as u16);
    }
    let v = rax as i64;
    if (-4095..=0).contains(&v) && ((-v) as usize) < prog_len {
        return Seen::RetK((-v) as usize);
    }
    Seen::Other(rax)
}
