//! The reference: what a compiled filter must return, computed from the rules directly.

use super::{CmpOp, Cond, MaskedEqValue, Matching, RuleSet, Semantics, Width, Width32};
use crate::seccomp::data::SeccompData;

/// The return values the rules allow for one input: exactly one under
/// [`Matching::FirstMatch`], the actions of every matching rule under [`Matching::AnyMatch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected(Vec<u32>);

impl Expected {
    /// Whether the filter's return value `ret` is a correct answer.
    pub fn admits(&self, ret: u32) -> bool {
        self.0.contains(&ret)
    }

    /// The correct answers (never empty, no duplicates).
    pub fn values(&self) -> &[u32] {
        &self.0
    }
}

/// Whether condition `c` holds for argument value `arg` under `sem`.
///
/// - [`Width::W64`]: an unsigned 64-bit comparison.
/// - [`Width::W32`] with [`Width32::LowWord`]: the low 32 bits of `arg`, `value` and the
///   mask are compared; the argument's high word is ignored.
/// - [`Width::W32`] with [`Width32::ZeroExtended`]: `value` and the mask are truncated to
///   32 bits and zero-extended, and the comparison is 64-bit (an argument with a non-zero
///   high word is never equal to the value, and is greater than it).
/// - [`CmpOp::MaskedEq`]: `arg & mask == value & mask` ([`MaskedEqValue::Masked`]) or
///   `arg & mask == value` ([`MaskedEqValue::Unmasked`]).
pub fn eval_cond(c: &Cond, sem: &Semantics, arg: u64) -> bool {
    let (a, v, m) = match (c.width, sem.width32) {
        (Width::W64, _) => (arg, c.value, mask_of(c)),
        (Width::W32, Width32::LowWord) => (
            u64::from(arg as u32),
            u64::from(c.value as u32),
            u64::from(mask_of(c) as u32),
        ),
        (Width::W32, Width32::ZeroExtended) => {
            (arg, u64::from(c.value as u32), u64::from(mask_of(c) as u32))
        }
    };
    match c.op {
        CmpOp::Eq => a == v,
        CmpOp::Ne => a != v,
        CmpOp::Lt => a < v,
        CmpOp::Le => a <= v,
        CmpOp::Gt => a > v,
        CmpOp::Ge => a >= v,
        CmpOp::MaskedEq(_) => match sem.masked_eq {
            MaskedEqValue::Masked => a & m == v & m,
            MaskedEqValue::Unmasked => a & m == v,
        },
    }
}

fn mask_of(c: &Cond) -> u64 {
    match c.op {
        CmpOp::MaskedEq(m) => m,
        _ => u64::MAX,
    }
}

/// What the filter compiled from `rules` by a compiler with semantics `sem` must return
/// for `data`:
///
/// 1. `data.arch != rules.arch`: the mismatch action;
/// 2. `sem.nr_limit` is set and `limit <= data.nr < u32::MAX`: the mismatch action (nr -1
///    is exempt: it is how a tracer skips a syscall, and libseccomp lets it through);
/// 3. the rules of `data.nr` (all entries with that number, in order) whose conditions all
///    hold: under [`Matching::FirstMatch`] the first one's action, under
///    [`Matching::AnyMatch`] any of their actions;
/// 4. no rule matches: the default action.
pub fn evaluate(rules: &RuleSet, sem: &Semantics, data: &SeccompData) -> Expected {
    if data.arch != rules.arch {
        return Expected(vec![rules.mismatch.ret()]);
    }
    if sem
        .nr_limit
        .is_some_and(|l| data.nr >= l && data.nr != u32::MAX)
    {
        return Expected(vec![rules.mismatch.ret()]);
    }
    let mut out: Vec<u32> = Vec::new();
    let matching = rules
        .syscalls
        .iter()
        .filter(|s| s.nr == data.nr)
        .flat_map(|s| s.rules.iter())
        .filter(|r| {
            r.conds
                .iter()
                .all(|c| eval_cond(c, sem, data.args[usize::from(c.arg.min(5))]))
        });
    for r in matching {
        let ret = r.action.ret();
        if !out.contains(&ret) {
            out.push(ret);
        }
        if sem.matching == Matching::FirstMatch {
            break;
        }
    }
    if out.is_empty() {
        out.push(rules.default.ret());
    }
    Expected(out)
}
