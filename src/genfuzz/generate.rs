//! Random rule sets from fuzzer bytes, biased to the constants where comparisons split
//! into 32-bit words go wrong.

use super::{
    CmpOp, Cond, Rule, RuleAction, RuleActionKind, RuleSet, Semantics, SyscallRules, Width,
};
use arbitrary::{Arbitrary, Result, Unstructured};

/// The boundary constants values and masks are mostly drawn from: zero and one, the 32-bit
/// limits, the first value with a high word, values with only a high word, the signed and
/// unsigned 64-bit limits.
pub const BOUNDARY: [u64; 20] = [
    0,
    1,
    2,
    0x7f,
    0xff,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_fffe,
    0xffff_ffff,
    0x1_0000_0000,
    0x1_0000_0001,
    0x1_ffff_ffff,
    0xffff_ffff_0000_0000,
    0x8000_0000_0000_0000,
    0x7fff_ffff_ffff_ffff,
    0xffff_ffff_ffff_fffe,
    u64::MAX,
    0xdead_beef_0000_0000,
    0x0000_0001_0000_0000 | 0x8000_0000,
    0xffff_ffff_8000_0000,
];

fn constant(u: &mut Unstructured) -> Result<u64> {
    Ok(match u.int_in_range(0u8..=9)? {
        0..=5 => *u.choose(&BOUNDARY)?,
        6 => u64::from(u.arbitrary::<u8>()?),
        7 => u64::from(u.arbitrary::<u32>()?),
        8 => u64::from(u.arbitrary::<u32>()?) << 32,
        _ => u.arbitrary::<u64>()?,
    })
}

fn action(u: &mut Unstructured, sem: &Semantics) -> Result<RuleAction> {
    let data = |u: &mut Unstructured| -> Result<u16> {
        Ok(match u.int_in_range(0u8..=3)? {
            0 => *u.choose(&[0u16, 1, 13, 4095, 4096, 0xffff])?,
            _ => u.int_in_range(1u16..=40)?,
        })
    };
    Ok(match u.choose(&sem.actions)? {
        RuleActionKind::Allow => RuleAction::Allow,
        RuleActionKind::Errno => RuleAction::Errno(data(u)?.min(sem.max_errno)),
        RuleActionKind::Trap => RuleAction::Trap,
        RuleActionKind::KillProcess => RuleAction::KillProcess,
        RuleActionKind::KillThread => RuleAction::KillThread,
        RuleActionKind::Log => RuleAction::Log,
        RuleActionKind::Trace => RuleAction::Trace(data(u)?),
    })
}

fn action_not(u: &mut Unstructured, sem: &Semantics, not: RuleAction) -> Result<RuleAction> {
    for _ in 0..8 {
        let a = action(u, sem)?;
        if a != not {
            return Ok(a);
        }
    }
    // Deterministic fallback once the bytes run out.
    Ok(if not == RuleAction::Allow {
        RuleAction::Errno(1)
    } else {
        RuleAction::Allow
    })
}

fn cond(u: &mut Unstructured, avoid_args: &[u8]) -> Result<Option<Cond>> {
    let free: Vec<u8> = (0..6).filter(|a| !avoid_args.contains(a)).collect();
    if free.is_empty() {
        return Ok(None);
    }
    // Low argument indexes more often, so rules overlap on the same argument.
    let arg = if u.ratio(2u8, 3)? {
        *u.choose(&free[..free.len().min(2)])?
    } else {
        *u.choose(&free)?
    };
    let width = if u.arbitrary()? {
        Width::W32
    } else {
        Width::W64
    };
    let op = match u.int_in_range(0u8..=6)? {
        0 => CmpOp::Eq,
        1 => CmpOp::Ne,
        2 => CmpOp::Lt,
        3 => CmpOp::Le,
        4 => CmpOp::Gt,
        5 => CmpOp::Ge,
        _ => CmpOp::MaskedEq(constant(u)?),
    };
    let mut value = constant(u)?;
    if width == Width::W32 && u.ratio(3u8, 4)? {
        // Mostly values that fit, sometimes ones the compiler must truncate.
        value &= 0xffff_ffff;
    }
    Ok(Some(Cond {
        arg,
        width,
        op,
        value,
    }))
}

impl RuleSet {
    /// A random rule set that `sem` admits ([`Semantics::admits`]), drawn from `u`:
    /// up to 6 syscalls from `sem.syscall_pool` (repeats allowed), up to 4 rules each
    /// (and `sem.max_rules_per_syscall` per number), up
    /// to `sem.max_conds_per_rule` conditions per rule, values and masks biased to
    /// [`BOUNDARY`]. Runs out of bytes gracefully (shorter rule sets).
    pub fn generate(u: &mut Unstructured, sem: &Semantics) -> Result<RuleSet> {
        let arch = *u.choose(&sem.arches)?;
        let default = action(u, sem)?;
        let mismatch = match sem.fixed_mismatch {
            Some(m) => m,
            None => action(u, sem)?,
        };
        let pick_rule_action = |u: &mut Unstructured| -> Result<RuleAction> {
            if sem.rule_action_may_equal_default {
                action(u, sem)
            } else {
                action_not(u, sem, default)
            }
        };
        let shared = pick_rule_action(u)?;
        let n_sys = u.int_in_range(0u8..=6)?;
        let mut syscalls: Vec<SyscallRules> = Vec::new();
        for _ in 0..n_sys {
            let nr = *u.choose(&sem.syscall_pool)?;
            let used: usize = syscalls
                .iter()
                .filter(|s| s.nr == nr)
                .map(|s| s.rules.len())
                .sum();
            let room = sem.max_rules_per_syscall.saturating_sub(used).min(4);
            let n_rules = u.int_in_range(0..=room)?;
            let mut rules = Vec::new();
            for _ in 0..n_rules {
                let action = if sem.single_rule_action {
                    shared
                } else {
                    pick_rule_action(u)?
                };
                let n_conds = u.int_in_range(0..=sem.max_conds_per_rule)?;
                let mut conds: Vec<Cond> = Vec::new();
                for _ in 0..n_conds {
                    let avoid: Vec<u8> = if sem.one_cond_per_arg {
                        conds.iter().map(|c| c.arg).collect()
                    } else {
                        Vec::new()
                    };
                    if let Some(mut c) = cond(u, &avoid)? {
                        if sem.no_shared_range_conds && Semantics::is_range_cond(&c) {
                            let earlier = syscalls
                                .iter()
                                .filter(|s| s.nr == nr)
                                .flat_map(|s| s.rules.iter())
                                .chain(rules.iter());
                            if earlier.flat_map(|r| r.conds.iter()).any(|d| *d == c) {
                                c.op = CmpOp::Eq;
                            }
                        }
                        conds.push(c);
                    }
                }
                rules.push(Rule { action, conds });
            }
            syscalls.push(SyscallRules { nr, rules });
        }
        Ok(RuleSet {
            arch,
            syscalls,
            default,
            mismatch,
        })
    }
}

impl<'a> Arbitrary<'a> for RuleSet {
    /// A rule set for [`Semantics::first_match`] (every action, per-rule actions).
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        RuleSet::generate(u, &Semantics::first_match())
    }
}
