//! Inputs derived from a rule set's constants: each condition's value exactly, one off,
//! with the other word flipped, and the mask's edges; each rule's conditions satisfied
//! together; other syscalls; x32 numbers; another arch.

use super::{CmpOp, Cond, RuleSet};
use crate::consts::*;
use crate::seccomp::data::SeccompData;
use std::collections::HashSet;

/// Most inputs derived for one rule set.
pub const MAX_INPUTS: usize = 4096;

/// Argument values around a condition's constant.
fn candidates(c: &Cond) -> Vec<u64> {
    let v = c.value;
    let lo = v & 0xffff_ffff;
    let mut out = vec![
        v,
        v.wrapping_sub(1),
        v.wrapping_add(1),
        lo,
        lo.wrapping_sub(1),
        lo + 1,
        lo | 0x1_0000_0000,
        lo | 0xffff_ffff_0000_0000,
        v ^ 0xffff_ffff_0000_0000,
        v ^ 0x8000_0000,
        v ^ 0x8000_0000_0000_0000,
        !v,
        0,
        u64::MAX,
        0xffff_ffff,
        0x1_0000_0000,
    ];
    if let CmpOp::MaskedEq(m) = c.op {
        out.extend([v & m, (v & m) | !m, m, !m, (v & m) ^ (m & m.wrapping_neg())]);
    }
    out
}

/// The inputs [`super::check`] is normally given for `rules` (deduplicated, at most
/// 4096, deterministic).
pub fn derive_inputs(rules: &RuleSet) -> Vec<SeccompData> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut push = |d: SeccompData| {
        if out.len() < MAX_INPUTS && seen.insert(d) {
            out.push(d);
        }
    };
    let arch = rules.arch;
    let data = |nr: u32, args: [u64; 6]| SeccompData {
        nr,
        arch,
        instruction_pointer: 0,
        args,
    };
    for s in &rules.syscalls {
        push(data(s.nr, [0; 6]));
        push(data(s.nr, [u64::MAX; 6]));
        // Each rule with its conditions' constants in place, then each condition's
        // candidates with the others kept.
        for r in &s.rules {
            let mut base = [0u64; 6];
            for c in &r.conds {
                base[usize::from(c.arg.min(5))] = match c.op {
                    CmpOp::MaskedEq(m) => c.value & m,
                    _ => c.value,
                };
            }
            push(data(s.nr, base));
            for c in &r.conds {
                for x in candidates(c) {
                    let mut args = base;
                    args[usize::from(c.arg.min(5))] = x;
                    push(data(s.nr, args));
                }
            }
        }
        // Every condition of the syscall alone, across rules (overlaps between rules).
        for c in s.rules.iter().flat_map(|r| r.conds.iter()) {
            for x in candidates(c) {
                let mut args = [0u64; 6];
                args[usize::from(c.arg.min(5))] = x;
                push(data(s.nr, args));
                let mut args = [u64::MAX; 6];
                args[usize::from(c.arg.min(5))] = x;
                push(data(s.nr, args));
            }
        }
    }
    // Other syscalls: neighbours, x32 numbers, the extremes.
    let nrs: Vec<u32> = rules.syscalls.iter().map(|s| s.nr).collect();
    for &nr in &nrs {
        for other in [nr.wrapping_add(1), nr.wrapping_sub(1), nr | 0x4000_0000] {
            push(data(other, [0; 6]));
        }
    }
    for nr in [0, 1, 0x3fff_ffff, 0x4000_0000, 0x7fff_ffff, u32::MAX] {
        push(data(nr, [0; 6]));
    }
    // Another arch, with a syscall and arguments the rules name.
    let first = rules.syscalls.first().map_or(0, |s| s.nr);
    for other in [AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, arch ^ 0x8000_0000, 0] {
        if other != arch {
            push(SeccompData {
                arch: other,
                ..data(first, [0; 6])
            });
        }
    }
    out
}
