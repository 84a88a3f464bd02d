//! `check_load_and_stores` (net/core/filter.c): the scratch-memory pass.

use super::error::{VerifyError, VerifyErrorKind as K};
use crate::insn::Insn;

/// Reject reads of scratch cells the kernel cannot prove written.
///
/// Mirrors `check_load_and_stores()` in net/core/filter.c, including its quirks (kernel
/// facts §2.4): a single forward pass where a jump ANDs the current set of written
/// cells into its targets and then resets the set to "all written"; every other
/// instruction, RET included, hands its set to the next instruction. So code after a
/// RET inherits the RET path's set, and code after a jump that nothing targets counts
/// as fully initialised. Must run after [`super::classic::check_classic`] (jumps in range).
pub fn check_load_and_stores(prog: &[Insn]) -> Result<(), VerifyError> {
    let mut masks = vec![0xffffu16; prog.len()];
    let mut memvalid: u16 = 0;
    for (pc, &insn) in prog.iter().enumerate() {
        memvalid &= masks[pc];
        let cell = |k: u32| 1u16.checked_shl(k).unwrap_or(0);
        match insn.code {
            // ST, STX
            0x02 | 0x03 => memvalid |= cell(insn.k),
            // LD MEM, LDX MEM
            0x60 | 0x61 if memvalid & cell(insn.k) == 0 => {
                return Err(VerifyError::at(
                    pc,
                    insn,
                    K::UninitializedMemory,
                    "k",
                    format!(
                        "M[{}] is read but not written on every path to pc {pc}",
                        insn.k
                    ),
                    "store to the cell on every path before reading it; note the kernel also \
                     counts a path through a ret just before this instruction as reaching it",
                ));
            }
            // JA
            0x05 => {
                let target = pc + 1 + insn.k as usize;
                if let Some(m) = masks.get_mut(target) {
                    *m &= memvalid;
                }
                memvalid = 0xffff;
            }
            // conditional jumps
            0x15 | 0x1d | 0x25 | 0x2d | 0x35 | 0x3d | 0x45 | 0x4d => {
                for off in [insn.jt, insn.jf] {
                    if let Some(m) = masks.get_mut(pc + 1 + usize::from(off)) {
                        *m &= memvalid;
                    }
                }
                memvalid = 0xffff;
            }
            _ => {}
        }
    }
    Ok(())
}
