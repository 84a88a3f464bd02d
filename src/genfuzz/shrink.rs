//! Greedy shrinking of a failing rule set and input.

use super::{check_once, CmpOp, Compiler, GeneratorFindingKind, RuleSet, Semantics, Width};
use crate::insn::Insn;
use crate::seccomp::data::SeccompData;
use std::mem::discriminant;

/// Smaller variants of `rules`, most aggressive first.
fn variants(rules: &RuleSet) -> Vec<RuleSet> {
    let mut out = Vec::new();
    for i in 0..rules.syscalls.len() {
        let mut r = rules.clone();
        r.syscalls.remove(i);
        out.push(r);
    }
    for (i, s) in rules.syscalls.iter().enumerate() {
        for j in 0..s.rules.len() {
            let mut r = rules.clone();
            r.syscalls[i].rules.remove(j);
            out.push(r);
        }
    }
    for (i, s) in rules.syscalls.iter().enumerate() {
        for (j, rule) in s.rules.iter().enumerate() {
            for k in 0..rule.conds.len() {
                let mut r = rules.clone();
                r.syscalls[i].rules[j].conds.remove(k);
                out.push(r);
            }
        }
    }
    for (i, s) in rules.syscalls.iter().enumerate() {
        for (j, rule) in s.rules.iter().enumerate() {
            for (k, c) in rule.conds.iter().enumerate() {
                let mut simpler = Vec::new();
                if c.arg != 0 {
                    simpler.push(super::Cond { arg: 0, ..*c });
                }
                for v in [0, 1, c.value & 0xffff_ffff, c.value >> 32 << 32] {
                    if v < c.value {
                        simpler.push(super::Cond { value: v, ..*c });
                    }
                }
                if let CmpOp::MaskedEq(m) = c.op {
                    // Strictly smaller masks only, so shrinking cannot cycle.
                    for m2 in [m & 0xffff_ffff, m >> 32 << 32, 0] {
                        if m2 < m {
                            simpler.push(super::Cond {
                                op: CmpOp::MaskedEq(m2),
                                ..*c
                            });
                        }
                    }
                    simpler.push(super::Cond {
                        op: CmpOp::Eq,
                        ..*c
                    });
                }
                if c.width == Width::W64 {
                    simpler.push(super::Cond {
                        width: Width::W32,
                        ..*c
                    });
                }
                for c2 in simpler {
                    let mut r = rules.clone();
                    r.syscalls[i].rules[j].conds[k] = c2;
                    out.push(r);
                }
            }
        }
    }
    out
}

/// Smaller variants of a mismatching input.
fn input_variants(d: &SeccompData) -> Vec<SeccompData> {
    let mut out = Vec::new();
    if d.instruction_pointer != 0 {
        out.push(SeccompData {
            instruction_pointer: 0,
            ..*d
        });
    }
    for i in 0..6 {
        let a = d.args[i];
        for v in [0, a & 0xffff_ffff, a >> 32 << 32] {
            if v < a {
                let mut e = *d;
                e.args[i] = v;
                out.push(e);
            }
        }
    }
    out
}

/// Shrink while `check_once` keeps failing the same way. Returns the rule set, the
/// (shrunk) failure and the program for it.
pub(super) fn shrink(
    compiler: &dyn Compiler,
    sem: &Semantics,
    mut rules: RuleSet,
    mut kind: GeneratorFindingKind,
    mut prog: Vec<Insn>,
) -> (RuleSet, GeneratorFindingKind, Vec<Insn>) {
    // Bounded: every accepted step makes the rule set or the input strictly smaller.
    for _ in 0..10_000 {
        let inputs: Vec<SeccompData> = match &kind {
            GeneratorFindingKind::Mismatch { input, .. } => vec![*input],
            _ => Vec::new(),
        };
        let want = discriminant(&kind);
        let same = |k: &GeneratorFindingKind| discriminant(k) == want;
        let mut progressed = false;
        if let GeneratorFindingKind::Mismatch { input, .. } = &kind {
            for d in input_variants(input) {
                if let Some((k, p)) = check_once(compiler, sem, &rules, &[d]) {
                    if same(&k) {
                        (kind, prog, progressed) = (k, p, true);
                        break;
                    }
                }
            }
        }
        if !progressed {
            for r in variants(&rules) {
                if sem.admits(&r).is_err() {
                    continue;
                }
                if let Some((k, p)) = check_once(compiler, sem, &r, &inputs) {
                    if same(&k) {
                        (rules, kind, prog, progressed) = (r, k, p, true);
                        break;
                    }
                }
            }
        }
        if !progressed {
            break;
        }
    }
    (rules, kind, prog)
}
