//! `seccomp_check_filter` (kernel/seccomp.c): seccomp's opcode allowlist and load rules.

use super::error::{VerifyError, VerifyErrorKind as K};
use crate::consts::*;
use crate::insn::Insn;
use crate::seccomp::data::DATA_WORDS;
use crate::vm::op::{Op, Target};

/// Check a program that passed `bpf_check_classic` against seccomp's own rules and turn
/// it into the form the interpreter runs.
///
/// Mirrors `seccomp_check_filter()` in kernel/seccomp.c: `ld [k]` must read an aligned
/// word inside `struct seccomp_data` (k in 0, 4, ..., 60); `ld len`/`ldx len` become
/// immediates of 64 (the size of `struct seccomp_data`); RET K/A, the ALU operations but
/// MOD (K and X forms), NEG, LD/LDX IMM and MEM, ST, STX, TAX, TXA, JA and the
/// JEQ/JGT/JGE/JSET jumps pass unchanged; every other opcode is EINVAL (MOD, byte and
/// half-word loads, indirect loads, LDX MSH). All EINVAL.
pub fn check_seccomp(prog: &[Insn]) -> Result<Vec<Op>, VerifyError> {
    let mut ops = Vec::with_capacity(prog.len());
    for (pc, &insn) in prog.iter().enumerate() {
        let k = insn.k;
        let tgt = |off: u8| (pc + 1 + usize::from(off)) as Target;
        let op = match insn.code {
            0x20 => {
                if k >= SECCOMP_DATA_SIZE || k % 4 != 0 {
                    return Err(VerifyError::at(
                        pc,
                        insn,
                        K::BadDataOffset,
                        "k",
                        if k >= SECCOMP_DATA_SIZE {
                            format!("ld [{k}] reads past the 64-byte struct seccomp_data")
                        } else {
                            format!("ld [{k}] is not aligned to a 32-bit word")
                        },
                        "seccomp filters load whole words at offsets 0, 4, ..., 60 \
                         (nr 0, arch 4, instruction_pointer 8, args[i] 16+8i)",
                    ));
                }
                debug_assert!((k / 4) < DATA_WORDS as u32);
                Op::LdData((k / 4) as u8)
            }
            0x80 => Op::LdImm(SECCOMP_DATA_SIZE),
            0x81 => Op::LdxImm(SECCOMP_DATA_SIZE),
            0x00 => Op::LdImm(k),
            0x01 => Op::LdxImm(k),
            0x60 => Op::LdMem(k as u8),
            0x61 => Op::LdxMem(k as u8),
            0x02 => Op::St(k as u8),
            0x03 => Op::Stx(k as u8),
            0x07 => Op::Tax,
            0x87 => Op::Txa,
            0x06 => Op::RetK(k),
            0x16 => Op::RetA,
            0x04 => Op::AddK(k),
            0x14 => Op::SubK(k),
            0x24 => Op::MulK(k),
            0x34 => Op::DivK(k),
            0x44 => Op::OrK(k),
            0x54 => Op::AndK(k),
            0x64 => Op::LshK(k),
            0x74 => Op::RshK(k),
            0xa4 => Op::XorK(k),
            0x0c => Op::AddX,
            0x1c => Op::SubX,
            0x2c => Op::MulX,
            0x3c => Op::DivX,
            0x4c => Op::OrX,
            0x5c => Op::AndX,
            0x6c => Op::LshX,
            0x7c => Op::RshX,
            0xac => Op::XorX,
            0x84 => Op::Neg,
            0x05 => Op::Ja((pc + 1 + k as usize) as Target),
            0x15 => Op::JeqK(k, tgt(insn.jt), tgt(insn.jf)),
            0x25 => Op::JgtK(k, tgt(insn.jt), tgt(insn.jf)),
            0x35 => Op::JgeK(k, tgt(insn.jt), tgt(insn.jf)),
            0x45 => Op::JsetK(k, tgt(insn.jt), tgt(insn.jf)),
            0x1d => Op::JeqX(tgt(insn.jt), tgt(insn.jf)),
            0x2d => Op::JgtX(tgt(insn.jt), tgt(insn.jf)),
            0x3d => Op::JgeX(tgt(insn.jt), tgt(insn.jf)),
            0x4d => Op::JsetX(tgt(insn.jt), tgt(insn.jf)),
            code => {
                let what = match code {
                    0x94 | 0x9c => "mod",
                    0x28 => "ldh [k] (half-word load)",
                    0x30 => "ldb [k] (byte load)",
                    0x40 | 0x48 | 0x50 => "an indirect load [x + k]",
                    0xb1 => "ldxb 4*([k]&0xf)",
                    _ => "this instruction",
                };
                return Err(VerifyError::at(
                    pc,
                    insn,
                    K::OpcodeNotAllowedInSeccomp,
                    "code",
                    format!("opcode {code:#04x} ({what}) is valid classic BPF but seccomp refuses it"),
                    "seccomp allows only word loads from seccomp_data, immediates, scratch memory, \
                     ALU ops other than mod, tax/txa, jumps and ret",
                ));
            }
        };
        ops.push(op);
    }
    Ok(ops)
}

/// Length of the eBPF program the kernel converts a seccomp filter into, which is what
/// the per-thread chain limit counts.
///
/// Mirrors the instruction counts of `bpf_convert_filter()` in net/core/filter.c for
/// programs that passed `seccomp_check_filter` (kernel facts §1.5): 3 prologue
/// instructions, then per instruction: `ret #k` 2, `ret a` 1, `div x` 5 (the
/// divide-by-zero guard), any other ALU op, load, store, tax/txa or ja 1; a conditional
/// jump 1 when jf is 0, or when jt is 0 and it is jeq/jgt/jge (the kernel inverts it),
/// else 2; plus 1 for a K-operand jump whose k has bit 31 set (moved through a temporary
/// register to keep the compare unsigned).
pub fn ebpf_len(prog: &[Insn]) -> usize {
    let mut n = 3;
    for insn in prog {
        n += match insn.code {
            0x06 => 2,
            0x3c => 5,
            c if Insn::new(c, 0, 0, 0).is_cond_jump() => {
                let one = insn.jf == 0
                    || (insn.jt == 0 && matches!(insn.op(), BPF_JEQ | BPF_JGT | BPF_JGE));
                let base = if one { 1 } else { 2 };
                base + usize::from(insn.src() == BPF_K && insn.k >= 0x8000_0000)
            }
            _ => 1,
        };
    }
    n
}
