//! Greedy, deterministic shrinking of a failing case.

use super::Case;
use crate::consts::*;
use crate::insn::Insn;

/// How many times [`shrink`] calls its predicate at most.
pub const DEFAULT_SHRINK_BUDGET: usize = 500;

/// Shrink a failing case: [`shrink_with_budget`] with [`DEFAULT_SHRINK_BUDGET`] calls.
pub fn shrink(case: &Case, still_fails: impl FnMut(&Case) -> bool) -> Case {
    shrink_with_budget(case, DEFAULT_SHRINK_BUDGET, still_fails)
}

/// Shrink a failing case greedily while `still_fails` holds, calling it at most
/// `budget` times.
///
/// Steps, repeated until none helps or the budget is spent: keep a single input (or
/// none), drop filters from a stack, remove runs of instructions (halves, quarters, …,
/// single ones; jumps across a removed run are shortened so the rest keeps its
/// meaning), replace instructions by `ret #0x7fff0000`, a `ja` to one branch of a
/// conditional jump, or `ld #0`, reduce constants and jump offsets (to 0, 1, the action
/// part of a return value, or half), then simplify inputs (nr and args towards 0, arch
/// to x86_64). `instruction_pointer` is never changed, and no x86_64 input gets nr
/// 335/336, so every candidate stays something the oracle can run.
///
/// Candidates may be invalid programs: `still_fails` decides. The result is `case`
/// itself or a candidate for which `still_fails` returned true. Deterministic whenever
/// `still_fails` is; never panics on its own.
pub fn shrink_with_budget(
    case: &Case,
    budget: usize,
    still_fails: impl FnMut(&Case) -> bool,
) -> Case {
    let mut s = Shrinker {
        best: case.clone(),
        calls: 0,
        budget,
        f: still_fails,
    };
    loop {
        let mut progress = false;
        progress |= s.inputs();
        progress |= s.filters();
        progress |= s.remove_insns();
        progress |= s.simplify_insns();
        progress |= s.constants();
        progress |= s.input_fields();
        if !progress || s.spent() {
            break;
        }
    }
    s.best
}

struct Shrinker<F> {
    best: Case,
    calls: usize,
    budget: usize,
    f: F,
}

impl<F: FnMut(&Case) -> bool> Shrinker<F> {
    fn spent(&self) -> bool {
        self.calls >= self.budget
    }

    /// Ask the predicate about `c`; adopt it if it still fails.
    fn attempt(&mut self, c: Case) -> bool {
        if self.spent() || c == self.best {
            return false;
        }
        self.calls += 1;
        if (self.f)(&c) {
            self.best = c;
            true
        } else {
            false
        }
    }

    fn with_inputs(&self, inputs: Vec<crate::seccomp::data::SeccompData>) -> Case {
        Case {
            filters: self.best.filters.clone(),
            inputs,
        }
    }

    fn with_filter(&self, fi: usize, prog: Vec<Insn>) -> Case {
        let mut c = self.best.clone();
        c.filters[fi] = prog;
        c
    }

    fn inputs(&mut self) -> bool {
        let n = self.best.inputs.len();
        if n == 0 {
            return false;
        }
        if self.attempt(self.with_inputs(Vec::new())) {
            return true;
        }
        if n == 1 {
            return false;
        }
        for i in 0..n {
            let one = vec![self.best.inputs[i]];
            if self.attempt(self.with_inputs(one)) {
                return true;
            }
        }
        // No single input fails alone: drop them one at a time.
        let mut progress = false;
        let mut i = self.best.inputs.len();
        while i > 0 && !self.spent() {
            i -= 1;
            let mut inputs = self.best.inputs.clone();
            inputs.remove(i);
            progress |= self.attempt(self.with_inputs(inputs));
        }
        progress
    }

    fn filters(&mut self) -> bool {
        let mut progress = false;
        let mut i = self.best.filters.len();
        while i > 0 && self.best.filters.len() > 1 && !self.spent() {
            i -= 1;
            let mut c = self.best.clone();
            c.filters.remove(i);
            progress |= self.attempt(c);
        }
        progress
    }

    fn remove_insns(&mut self) -> bool {
        let mut progress = false;
        for fi in 0..self.best.filters.len() {
            let len = self.best.filters[fi].len();
            let mut chunk = len.div_ceil(2).max(1);
            while len > 0 && !self.spent() {
                let mut end = self.best.filters[fi].len();
                while end > 0 && !self.spent() {
                    let start = end.saturating_sub(chunk);
                    let prog = remove_range(&self.best.filters[fi], start, end - start);
                    progress |= self.attempt(self.with_filter(fi, prog));
                    end = start;
                }
                if chunk == 1 {
                    break;
                }
                chunk /= 2;
            }
        }
        progress
    }

    fn simplify_insns(&mut self) -> bool {
        let mut progress = false;
        for fi in 0..self.best.filters.len() {
            let mut pc = self.best.filters[fi].len();
            while pc > 0 && !self.spent() {
                pc -= 1;
                let Some(&insn) = self.best.filters[fi].get(pc) else {
                    break;
                };
                let mut cands = vec![Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)];
                if insn.is_cond_jump() {
                    cands.push(Insn::stmt(BPF_JMP | BPF_JA, u32::from(insn.jt)));
                    cands.push(Insn::stmt(BPF_JMP | BPF_JA, u32::from(insn.jf)));
                }
                cands.push(Insn::stmt(BPF_LD | BPF_IMM, 0));
                for cand in cands {
                    if cand == insn {
                        break; // already as simple as this candidate or simpler
                    }
                    let mut prog = self.best.filters[fi].clone();
                    prog[pc] = cand;
                    if self.attempt(self.with_filter(fi, prog)) {
                        progress = true;
                        break;
                    }
                }
            }
        }
        progress
    }

    fn constants(&mut self) -> bool {
        let mut progress = false;
        for fi in 0..self.best.filters.len() {
            let mut pc = 0;
            while pc < self.best.filters[fi].len() && !self.spent() {
                let insn = self.best.filters[fi][pc];
                let k = insn.k;
                for cand in [0, 1, k & SECCOMP_RET_ACTION_FULL, k >> 1] {
                    if cand >= k {
                        continue; // only ever smaller: guarantees termination
                    }
                    let mut prog = self.best.filters[fi].clone();
                    prog[pc].k = cand;
                    if self.attempt(self.with_filter(fi, prog)) {
                        progress = true;
                        break;
                    }
                }
                for field in 0..2 {
                    let cur = self.best.filters[fi][pc];
                    let v = if field == 0 { cur.jt } else { cur.jf };
                    for cand in [0, v >> 1] {
                        if cand >= v {
                            continue;
                        }
                        let mut prog = self.best.filters[fi].clone();
                        if field == 0 {
                            prog[pc].jt = cand;
                        } else {
                            prog[pc].jf = cand;
                        }
                        if self.attempt(self.with_filter(fi, prog)) {
                            progress = true;
                            break;
                        }
                    }
                }
                pc += 1;
            }
        }
        progress
    }

    fn input_fields(&mut self) -> bool {
        let mut progress = false;
        for ii in 0..self.best.inputs.len() {
            // nr: 3 candidates, arch: 1, each arg: 3.
            for step in 0..(3 + 1 + 6 * 3) {
                if self.spent() {
                    break;
                }
                let cur = self.best.inputs[ii];
                let mut c = cur;
                match step {
                    0 => c.nr = 0,
                    1 => c.nr = c.nr.min(1),
                    2 => c.nr >>= 1,
                    3 => c.arch = AUDIT_ARCH_X86_64,
                    _ => {
                        let (i, how) = ((step - 4) / 3, (step - 4) % 3);
                        let a = c.args[i];
                        c.args[i] = match how {
                            0 => 0,
                            1 => a & 0xffff_ffff,
                            _ => a >> 1,
                        };
                    }
                }
                // Only inputs the oracle can produce.
                if c == cur || (c.arch == AUDIT_ARCH_X86_64 && (c.nr == 335 || c.nr == 336)) {
                    continue;
                }
                let mut inputs = self.best.inputs.clone();
                inputs[ii] = c;
                progress |= self.attempt(self.with_inputs(inputs));
            }
        }
        progress
    }
}

/// `prog` without `prog[start..start + len]`, with jumps from before the removed run
/// to after it shortened by `len`, and jumps into it redirected to what follows it.
pub(crate) fn remove_range(prog: &[Insn], start: usize, len: usize) -> Vec<Insn> {
    let end = start.saturating_add(len).min(prog.len());
    let start = start.min(end);
    let len = end - start;
    let mut out = Vec::with_capacity(prog.len() - len);
    let fix = |p: usize, off: u64| -> u64 {
        let t = p as u64 + 1 + off;
        if t >= end as u64 {
            off - len as u64
        } else if t >= start as u64 {
            (start - p - 1) as u64
        } else {
            off
        }
    };
    for (p, insn) in prog.iter().enumerate() {
        if p >= start && p < end {
            continue;
        }
        let mut i = *insn;
        if p < start {
            if i.class() == BPF_JMP && i.op() == BPF_JA {
                i.k = fix(p, u64::from(i.k)) as u32;
            } else if i.is_cond_jump() {
                i.jt = fix(p, u64::from(i.jt)) as u8;
                i.jf = fix(p, u64::from(i.jf)) as u8;
            }
        }
        out.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_range_fixes_jumps() {
        let ja = |k| Insn::stmt(BPF_JMP | BPF_JA, k);
        let ld = |k| Insn::stmt(BPF_LD | BPF_IMM, k);
        let ret = Insn::stmt(BPF_RET | BPF_K, 0);
        // 0: jeq 0,3 (->1, ->4); 1: ja 2 (->4); 2: ld 2; 3: ld 3; 4: ret
        let prog = vec![
            Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3),
            ja(2),
            ld(2),
            ld(3),
            ret,
        ];
        let out = remove_range(&prog, 2, 2);
        assert_eq!(
            out,
            vec![Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), ja(0), ret]
        );
        // A jump into the removed run lands on what follows it.
        let out = remove_range(&prog, 3, 2);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].jf, 2);
        assert_eq!(out[1].k, 1);
    }
}
