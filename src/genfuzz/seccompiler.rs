//! The rust-vmm `seccompiler` crate (0.5) as a [`Compiler`].
//!
//! What seccompiler promises (its docs, and `src/backend/*.rs` of 0.5.0):
//!
//! - One filter has **one match action** for every rule and a `mismatch_action` for
//!   everything else (our [`RuleSet::default`]); the two must differ (`IdenticalActions`).
//!   A syscall's rules are ORed, a rule's conditions ANDed; a syscall mapped to an empty
//!   rule list matches unconditionally; a rule with no conditions is refused (`EmptyRule`),
//!   so an unconditional rule here becomes the empty list.
//! - The wrong-arch case always returns `KILL_PROCESS` (its arch check), for x86_64,
//!   aarch64 and riscv64 (all little-endian).
//! - `SeccompCmpArgLen::Dword` compares the low 32 bits of the argument with the low 32 bits
//!   of the value and ignores the high word ([`Width32::LowWord`]); `Qword` compares all 64.
//! - `MaskedEq(mask)` matches `arg & mask == value & mask` ([`MaskedEqValue::Masked`]).
//! - With one action, the order of matching never shows ([`Matching::FirstMatch`]).

use super::{
    CmpOp, Compiler, GeneratorError, GeneratorErrorKind, MaskedEqValue, Matching, RuleAction,
    RuleSet, Semantics, Width, Width32, ALL_ACTIONS,
};
use crate::consts::*;
use crate::insn::Insn;
use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};
use std::collections::BTreeMap;

/// seccompiler as a generator under test.
#[derive(Clone, Copy, Debug, Default)]
pub struct Seccompiler;

/// seccompiler's action for ours.
pub fn action(a: RuleAction) -> SeccompAction {
    match a {
        RuleAction::Allow => SeccompAction::Allow,
        RuleAction::Errno(n) => SeccompAction::Errno(u32::from(n)),
        RuleAction::Trap => SeccompAction::Trap,
        RuleAction::KillProcess => SeccompAction::KillProcess,
        RuleAction::KillThread => SeccompAction::KillThread,
        RuleAction::Log => SeccompAction::Log,
        RuleAction::Trace(n) => SeccompAction::Trace(u32::from(n)),
    }
}

fn target(arch: u32) -> Result<TargetArch, GeneratorError> {
    match arch {
        AUDIT_ARCH_X86_64 => Ok(TargetArch::x86_64),
        AUDIT_ARCH_AARCH64 => Ok(TargetArch::aarch64),
        AUDIT_ARCH_RISCV64 => Ok(TargetArch::riscv64),
        _ => Err(GeneratorError::new(
            GeneratorErrorKind::Unsupported,
            format!("seccompiler has no target for arch {arch:#x}"),
        )),
    }
}

/// Build seccompiler's `SeccompFilter` for `rules` (which [`Seccompiler`]'s semantics
/// admit: one rule action, different from the default).
///
/// # Errors
/// The arch has no seccompiler target ([`GeneratorErrorKind::Unsupported`]) or
/// seccompiler refuses a condition, rule or the filter ([`GeneratorErrorKind::Failed`]).
pub fn filter(rules: &RuleSet) -> Result<SeccompFilter, GeneratorError> {
    let failed = |e: seccompiler::BackendError| GeneratorError::new(GeneratorErrorKind::Failed, e);
    let match_action = rules
        .syscalls
        .iter()
        .flat_map(|s| s.rules.iter())
        .map(|r| r.action)
        .next()
        // No rules at all: any action other than the default will do.
        .unwrap_or(if rules.default == RuleAction::Allow {
            RuleAction::KillProcess
        } else {
            RuleAction::Allow
        });
    let mut map: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    let mut unconditional = Vec::new();
    for s in &rules.syscalls {
        if s.rules.is_empty() {
            continue;
        }
        let entry = map.entry(i64::from(s.nr)).or_default();
        for r in &s.rules {
            if r.conds.is_empty() {
                unconditional.push(i64::from(s.nr));
                continue;
            }
            let mut conds = Vec::new();
            for c in &r.conds {
                let len = match c.width {
                    Width::W32 => SeccompCmpArgLen::Dword,
                    Width::W64 => SeccompCmpArgLen::Qword,
                };
                let op = match c.op {
                    CmpOp::Eq => SeccompCmpOp::Eq,
                    CmpOp::Ne => SeccompCmpOp::Ne,
                    CmpOp::Lt => SeccompCmpOp::Lt,
                    CmpOp::Le => SeccompCmpOp::Le,
                    CmpOp::Gt => SeccompCmpOp::Gt,
                    CmpOp::Ge => SeccompCmpOp::Ge,
                    CmpOp::MaskedEq(m) => SeccompCmpOp::MaskedEq(m),
                };
                conds.push(SeccompCondition::new(c.arg, len, op, c.value).map_err(failed)?);
            }
            entry.push(SeccompRule::new(conds).map_err(failed)?);
        }
    }
    // A syscall with an unconditional rule matches whatever its other rules say.
    for nr in unconditional {
        map.insert(nr, Vec::new());
    }
    SeccompFilter::new(
        map,
        action(rules.default),
        action(match_action),
        target(rules.arch)?,
    )
    .map_err(failed)
}

impl Compiler for Seccompiler {
    fn name(&self) -> &str {
        "seccompiler"
    }

    fn compile(&self, rules: &RuleSet) -> Result<Vec<Insn>, GeneratorError> {
        let prog: BpfProgram = filter(rules)?
            .try_into()
            .map_err(|e| GeneratorError::new(GeneratorErrorKind::Failed, e))?;
        Ok(prog
            .iter()
            .map(|f| Insn::new(f.code, f.jt, f.jf, f.k))
            .collect())
    }

    fn semantics(&self) -> Semantics {
        Semantics {
            matching: Matching::FirstMatch,
            width32: Width32::LowWord,
            masked_eq: MaskedEqValue::Masked,
            nr_limit: None,
            arches: vec![AUDIT_ARCH_X86_64, AUDIT_ARCH_AARCH64, AUDIT_ARCH_RISCV64],
            fixed_mismatch: Some(RuleAction::KillProcess),
            single_rule_action: true,
            rule_action_may_equal_default: false,
            one_cond_per_arg: false,
            max_conds_per_rule: 4,
            max_rules_per_syscall: 4,
            syscall_pool: super::DEFAULT_SYSCALLS.to_vec(),
            actions: ALL_ACTIONS.to_vec(),
            no_shared_range_conds: false,
            max_errno: u16::MAX,
        }
    }
}
