//! libseccomp, through the `libseccomp` crate (feature `libseccomp`; needs the system
//! library, Debian's `libseccomp-dev`), as a [`Compiler`].
//!
//! What libseccomp promises (`seccomp_rule_add(3)`, `seccomp_attr_set(3)`):
//!
//! - Each rule has its own action; the filter has a default action and a bad-arch action
//!   (`SCMP_FLTATR_ACT_BADARCH`). A rule whose action is the default is refused
//!   (`-EACCES`), and a rule may compare each argument at most once.
//! - "All of the filter rules ... are combined into a union, with additional logic to
//!   eliminate redundant syscall filters": when rules with different actions match the
//!   same call, the man page does not say which wins, so any matching rule's action is a
//!   correct answer ([`Matching::AnyMatch`]).
//! - `SCMP_CMP_MASKED_EQ` "matches when the masked argument value is equal to the masked
//!   datum value" ([`MaskedEqValue::Masked`]).
//! - `SCMP_CMP32` takes a 32-bit datum (and mask); on a 64-bit arch the comparison is
//!   still of the whole argument ([`Width32::ZeroExtended`]).
//! - `SCMP_ACT_ERRNO(uint16_t errno)`: but 2.5.4 refuses 4095 and up with `-EINVAL`
//!   (`max_errno` 4094; the kernel takes data up to 0xffff and caps it at 4095).
//! - Finding 3: `seccomp_rule_add` of 2.5.4 can loop forever when two rules of a syscall
//!   share an identical `<`, `<=`, `>`, `>=` or `!=` condition; the semantics keep such
//!   pairs out (`no_shared_range_conds`), and `compile` gives up after
//!   [`COMPILE_TIMEOUT`] (leaving the stuck thread behind).
//! - The native x86_64 filter sends x32 syscall numbers (bit 30 set) to the bad-arch
//!   action (`nr_limit` 0x40000000).
//!
//! The filter is for the native arch (x86_64 here); it is exported with
//! [`crate::interop::from_libseccomp`].

use super::{
    CmpOp, Compiler, GeneratorError, GeneratorErrorKind, MaskedEqValue, Matching, RuleAction,
    RuleSet, Semantics, Width, Width32, ALL_ACTIONS,
};
use crate::consts::*;
use crate::insn::Insn;
use libseccomp::{
    ScmpAction, ScmpArgCompare, ScmpCompareOp, ScmpFilterAttr, ScmpFilterContext, ScmpSyscall,
};

/// How long [`Libseccomp`]'s `compile` waits for libseccomp before it reports a hang (the
/// thread that called libseccomp is left running: it cannot be stopped).
pub const COMPILE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// libseccomp as a generator under test.
#[derive(Clone, Copy, Debug, Default)]
pub struct Libseccomp {
    /// `SCMP_FLTATR_CTL_OPTIMIZE`: 1 (default, priority-ordered list) or 2 (binary tree of
    /// syscall numbers).
    pub optimize: u32,
}

impl Libseccomp {
    /// The binary-tree layout (`SCMP_FLTATR_CTL_OPTIMIZE` = 2).
    pub fn binary_tree() -> Libseccomp {
        Libseccomp { optimize: 2 }
    }
}

/// libseccomp's action for ours.
pub fn action(a: RuleAction) -> ScmpAction {
    match a {
        RuleAction::Allow => ScmpAction::Allow,
        RuleAction::Errno(n) => ScmpAction::Errno(i32::from(n)),
        RuleAction::Trap => ScmpAction::Trap,
        RuleAction::KillProcess => ScmpAction::KillProcess,
        RuleAction::KillThread => ScmpAction::KillThread,
        RuleAction::Log => ScmpAction::Log,
        RuleAction::Trace(n) => ScmpAction::Trace(n),
    }
}

/// Build libseccomp's filter context for `rules`.
///
/// # Errors
/// libseccomp refuses the context, an attribute or a rule ([`GeneratorErrorKind::Failed`]),
/// or a syscall number does not fit its `int` ([`GeneratorErrorKind::Unsupported`]).
pub fn context(rules: &RuleSet, optimize: u32) -> Result<ScmpFilterContext, GeneratorError> {
    let err = |what: &str, e: libseccomp::error::SeccompError| {
        GeneratorError::new(GeneratorErrorKind::Failed, format!("{what}: {e}"))
    };
    let mut ctx = ScmpFilterContext::new(action(rules.default)).map_err(|e| err("init", e))?;
    ctx.set_act_badarch(action(rules.mismatch))
        .map_err(|e| err("badarch", e))?;
    if optimize > 1 {
        ctx.set_filter_attr(ScmpFilterAttr::CtlOptimize, optimize)
            .map_err(|e| err("optimize", e))?;
    }
    for s in &rules.syscalls {
        for r in &s.rules {
            let cmps: Vec<ScmpArgCompare> = r
                .conds
                .iter()
                .map(|c| {
                    let narrow = |v: u64| match c.width {
                        Width::W32 => v & 0xffff_ffff,
                        Width::W64 => v,
                    };
                    let op = match c.op {
                        CmpOp::Eq => ScmpCompareOp::Equal,
                        CmpOp::Ne => ScmpCompareOp::NotEqual,
                        CmpOp::Lt => ScmpCompareOp::Less,
                        CmpOp::Le => ScmpCompareOp::LessOrEqual,
                        CmpOp::Gt => ScmpCompareOp::Greater,
                        CmpOp::Ge => ScmpCompareOp::GreaterEqual,
                        CmpOp::MaskedEq(m) => ScmpCompareOp::MaskedEqual(narrow(m)),
                    };
                    ScmpArgCompare::new(u32::from(c.arg), op, narrow(c.value))
                })
                .collect();
            let nr = i32::try_from(s.nr).map_err(|_| {
                GeneratorError::new(
                    GeneratorErrorKind::Unsupported,
                    format!("syscall {} does not fit libseccomp's int", s.nr),
                )
            })?;
            match ctx.add_rule_conditional(action(r.action), ScmpSyscall::from(nr), &cmps) {
                Ok(_) => {}
                // An identical rule (same conditions) was added before: under the union
                // semantics the earlier one already covers it.
                Err(e) if e.errno() == Some(libseccomp::error::SeccompErrno::EEXIST) => {}
                Err(e) => return Err(err(&format!("rule for nr {}", s.nr), e)),
            }
        }
    }
    Ok(ctx)
}

impl Compiler for Libseccomp {
    fn name(&self) -> &str {
        if self.optimize > 1 {
            "libseccomp-bintree"
        } else {
            "libseccomp"
        }
    }

    fn compile(&self, rules: &RuleSet) -> Result<Vec<Insn>, GeneratorError> {
        if rules.arch != AUDIT_ARCH_X86_64 {
            return Err(GeneratorError::new(
                GeneratorErrorKind::Unsupported,
                format!("only the native arch (x86_64), not {:#x}", rules.arch),
            ));
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let (owned, optimize) = (rules.clone(), self.optimize);
        std::thread::spawn(move || {
            let _ = tx.send(context(&owned, optimize).and_then(|ctx| {
                crate::interop::from_libseccomp(&ctx)
                    .map_err(|e| GeneratorError::new(GeneratorErrorKind::Output, e))
            }));
        });
        match rx.recv_timeout(COMPILE_TIMEOUT) {
            Ok(r) => r,
            Err(_) => Err(GeneratorError::new(
                GeneratorErrorKind::Timeout,
                format!(
                    "libseccomp did not return within {} s (finding 3)",
                    COMPILE_TIMEOUT.as_secs()
                ),
            )),
        }
    }

    fn semantics(&self) -> Semantics {
        Semantics {
            matching: Matching::AnyMatch,
            width32: Width32::ZeroExtended,
            masked_eq: MaskedEqValue::Masked,
            nr_limit: Some(0x4000_0000),
            arches: vec![AUDIT_ARCH_X86_64],
            fixed_mismatch: None,
            single_rule_action: false,
            rule_action_may_equal_default: false,
            one_cond_per_arg: true,
            max_conds_per_rule: 4,
            max_rules_per_syscall: 4,
            syscall_pool: super::DEFAULT_SYSCALLS.to_vec(),
            actions: ALL_ACTIONS.to_vec(),
            // 2.5.4 refuses ERRNO(4095) and up (EINVAL): docs/generator-findings.md.
            max_errno: 4094,
            // 2.5.4 can hang on these: docs/generator-findings.md, finding 3.
            no_shared_range_conds: true,
        }
    }
}
