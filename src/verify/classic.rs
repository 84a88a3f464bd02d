//! `bpf_check_classic` and `chk_code_allowed` (net/core/filter.c): the socket-filter
//! checks every classic program passes before seccomp looks at it.

use super::error::{VerifyError, VerifyErrorKind as K};
use crate::consts::*;
use crate::insn::Insn;

/// True if `code` is one of the 49 opcodes classic BPF knows.
///
/// Mirrors `chk_code_allowed()` in net/core/filter.c: a table indexed by opcode, so
/// anything at or above 0xb2 is refused.
pub fn code_allowed(code: u16) -> bool {
    matches!(
        code,
        // ALU, K and X forms, and NEG
        0x04 | 0x0c | 0x14 | 0x1c | 0x24 | 0x2c | 0x34 | 0x3c | 0x44 | 0x4c | 0x54 | 0x5c
            | 0x64 | 0x6c | 0x74 | 0x7c | 0x94 | 0x9c | 0xa4 | 0xac | 0x84
            // LD
            | 0x20 | 0x28 | 0x30 | 0x40 | 0x48 | 0x50 | 0x80 | 0x00 | 0x60
            // LDX
            | 0x81 | 0xb1 | 0x01 | 0x61
            // ST, STX, TAX, TXA, RET K, RET A
            | 0x02 | 0x03 | 0x07 | 0x87 | 0x06 | 0x16
            // JMP
            | 0x05 | 0x15 | 0x1d | 0x25 | 0x2d | 0x35 | 0x3d | 0x45 | 0x4d
    )
}

fn ancillary_known(k: u32) -> bool {
    let off = k.wrapping_sub(SKF_AD_OFF);
    k >= SKF_AD_OFF && off < SKF_AD_MAX && off.is_multiple_of(4)
}

/// The per-instruction checks of `bpf_check_classic()` (net/core/filter.c), in its order,
/// followed by the last-instruction-is-RET rule. All failures are EINVAL.
///
/// `check_load_and_stores` (the scratch-memory pass that follows in the kernel) is
/// [`super::memflow::check_load_and_stores`].
pub fn check_classic(prog: &[Insn]) -> Result<(), VerifyError> {
    let len = prog.len();
    for (pc, &insn) in prog.iter().enumerate() {
        let code = insn.code;
        if !code_allowed(code) {
            return Err(VerifyError::at(
                pc,
                insn,
                K::UnknownOpcode,
                "code",
                format!("opcode {code:#04x} is not a classic-BPF instruction"),
                "the kernel only knows the 49 classic opcodes; check the encoding and byte order",
            ));
        }
        let k = insn.k;
        match code {
            // DIV K, MOD K
            0x34 | 0x94 if k == 0 => {
                return Err(VerifyError::at(
                    pc,
                    insn,
                    K::DivisionByZero,
                    "k",
                    format!("{} by the constant 0", if code == 0x34 { "div" } else { "mod" }),
                    "a constant divisor must be non-zero (division by X == 0 is allowed and returns 0)",
                ));
            }
            // LSH K, RSH K
            0x64 | 0x74 if k >= 32 => {
                return Err(VerifyError::at(
                    pc,
                    insn,
                    K::ShiftTooLarge,
                    "k",
                    format!(
                        "{} by k={k} (a constant shift must be 0..31)",
                        if code == 0x64 { "lsh" } else { "rsh" }
                    ),
                    "shift by 31 at most, or shift by X, whose count the kernel masks to X & 31",
                ));
            }
            // LD MEM, LDX MEM, ST, STX
            0x60 | 0x61 | 0x02 | 0x03 if k >= BPF_MEMWORDS => {
                return Err(VerifyError::at(
                    pc,
                    insn,
                    K::MemIndexOutOfRange,
                    "k",
                    format!("M[{k}] does not exist (scratch memory is M[0]..M[15])"),
                    "use a scratch index from 0 to 15",
                ));
            }
            // JA
            0x05 => {
                let left = (len - pc - 1) as u64;
                if u64::from(k) >= left {
                    return Err(VerifyError::at(
                        pc,
                        insn,
                        K::JumpOutOfRange,
                        "k",
                        format!(
                            "ja +{k} targets pc {} but the program has {len} instructions",
                            pc as u64 + 1 + u64::from(k)
                        ),
                        "jumps go forward and must land on an instruction of the program",
                    ));
                }
            }
            // conditional jumps, K and X forms
            0x15 | 0x1d | 0x25 | 0x2d | 0x35 | 0x3d | 0x45 | 0x4d => {
                for (field, off) in [("jt", insn.jt), ("jf", insn.jf)] {
                    let target = pc + 1 + usize::from(off);
                    if target >= len {
                        return Err(VerifyError::at(
                            pc,
                            insn,
                            K::JumpOutOfRange,
                            field,
                            format!(
                                "{field}={off} targets pc {target} but the program has {len} instructions"
                            ),
                            "jumps go forward and must land on an instruction of the program",
                        ));
                    }
                }
            }
            // LD W/H/B ABS into the ancillary area
            0x20 | 0x28 | 0x30 if k >= SKF_AD_OFF && !ancillary_known(k) => {
                return Err(VerifyError::at(
                    pc,
                    insn,
                    K::UnknownAncillary,
                    "k",
                    format!("load offset {k:#x} is in the ancillary area but names no extension"),
                    "seccomp filters can only load from struct seccomp_data at offsets 0..60",
                ));
            }
            _ => {}
        }
    }
    match prog.last() {
        Some(last) if last.code == BPF_RET | BPF_K || last.code == BPF_RET | BPF_A => Ok(()),
        Some(&last) => Err(VerifyError::at(
            len - 1,
            last,
            K::LastNotReturn,
            "code",
            format!("the program ends with opcode {:#04x}, not ret", last.code),
            "end every path with `ret #k` or `ret a`",
        )),
        None => Err(VerifyError::whole(
            K::EmptyProgram,
            "the program has no instructions".into(),
            "a filter needs at least one instruction, a ret",
        )),
    }
}
