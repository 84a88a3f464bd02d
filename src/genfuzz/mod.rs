//! Differential fuzzing of seccomp **filter generators**: random high-level rule sets are
//! compiled by a generator (seccompiler, libseccomp, or yours), and secbpf checks that
//! (a) the kernel's checker ([`crate::verify::check`]) accepts the program and (b) on inputs
//! derived from the rules' constants, the program returns ([`crate::vm::run`]) what a
//! direct evaluation of the rules says it must.
//!
//! The pieces:
//!
//! - [`RuleSet`]: syscalls by number for one arch, each with zero or more [`Rule`]s (an
//!   [`RuleAction`] and a conjunction of argument [`Cond`]itions), a default action and a
//!   mismatch (wrong-arch) action.
//! - [`Semantics`]: what a generator promises (rule priority, 32-bit comparisons, masked
//!   equality, which rule sets it takes). The generators differ; the reference
//!   [`evaluate`] follows the semantics the compiler declares, and
//!   [`RuleSet::generate`] only makes rule sets the compiler says it accepts.
//! - [`Compiler`]: the trait a generator's adapter implements;
#![cfg_attr(
    feature = "seccompiler",
    doc = "  [`seccompiler::Seccompiler`] (feature `seccompiler`, on by default) and"
)]
#![cfg_attr(
    not(feature = "seccompiler"),
    doc = "  `seccompiler::Seccompiler` (feature `seccompiler`, on by default) and"
)]
#![cfg_attr(
    feature = "libseccomp",
    doc = "  [`libseccomp::Libseccomp`] (feature `libseccomp`) are provided."
)]
#![cfg_attr(
    not(feature = "libseccomp"),
    doc = "  `libseccomp::Libseccomp` (feature `libseccomp`) are provided."
)]
//! - [`check`]: compile, verify, run every input, compare; a failure is a
//!   [`GeneratorFinding`] with a shrunk rule set and input. Generators report their own
//!   failures as a [`GeneratorError`].
//!
//! # Plugging in your own compiler
//!
//! Implement [`Compiler`] and hand it to [`check`]. This toy compiler understands only
//! unconditional rules (its [`Semantics`] says so, so the generator makes nothing else) and
//! emits bpf_asm text that [`crate::asm::assemble`] turns into instructions:
//!
//! ```
//! use secbpf::genfuzz::{self, Compiler, GeneratorError, GeneratorErrorKind, RuleSet, Semantics};
//! use secbpf::Insn;
//!
//! struct Toy;
//! impl Compiler for Toy {
//!     fn name(&self) -> &str { "toy" }
//!     fn semantics(&self) -> Semantics {
//!         Semantics { max_conds_per_rule: 0, ..Semantics::first_match() }
//!     }
//!     fn compile(&self, rules: &RuleSet) -> Result<Vec<Insn>, GeneratorError> {
//!         let mut src = format!("ld [4]\njne #{}, bad\nld [0]\n", rules.arch);
//!         let mut rets = String::new();
//!         for (i, s) in rules.syscalls.iter().enumerate() {
//!             if let Some(rule) = s.rules.first() {
//!                 src += &format!("jeq #{}, r{i}\n", s.nr);
//!                 rets += &format!("r{i}: ret #{}\n", rule.action.ret());
//!             }
//!         }
//!         src += &format!("ret #{}\n{rets}bad: ret #{}\n", rules.default.ret(), rules.mismatch.ret());
//!         secbpf::asm::assemble(&src).map_err(|e| GeneratorError::new(GeneratorErrorKind::Failed, e))
//!     }
//! }
//!
//! // One random rule set from fuzzer bytes (here: fixed bytes), checked on derived inputs.
//! let bytes: Vec<u8> = (0..512u32).map(|i| (i * 37 % 251) as u8).collect();
//! let mut u = arbitrary::Unstructured::new(&bytes);
//! let rules = RuleSet::generate(&mut u, &Toy.semantics())?;
//! genfuzz::check(&Toy, &rules, &genfuzz::derive_inputs(&rules)).map_err(|f| f.to_string())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A mismatch comes back as a [`GeneratorFinding`] whose `Display` shows the shrunk rule set, the
//! input, the expected and actual return values, and the compiled program.

mod eval;
mod generate;
mod inputs;
#[cfg(feature = "libseccomp")]
pub mod libseccomp;
#[cfg(feature = "seccompiler")]
pub mod seccompiler;
mod shrink;

pub use eval::{eval_cond, evaluate, Expected};
pub use generate::BOUNDARY;
pub use inputs::derive_inputs;

use crate::consts::*;
use crate::insn::Insn;
use crate::seccomp::data::SeccompData;
use crate::seccomp::RetValue;
use std::fmt;

/// What a rule (or the default, or the wrong-arch case) makes the filter return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleAction {
    /// `SECCOMP_RET_ALLOW`.
    Allow,
    /// `SECCOMP_RET_ERRNO | n`.
    Errno(u16),
    /// `SECCOMP_RET_TRAP`.
    Trap,
    /// `SECCOMP_RET_KILL_PROCESS`.
    KillProcess,
    /// `SECCOMP_RET_KILL_THREAD`.
    KillThread,
    /// `SECCOMP_RET_LOG`.
    Log,
    /// `SECCOMP_RET_TRACE | n`.
    Trace(u16),
}

impl RuleAction {
    /// The filter's 32-bit return value for this action.
    pub const fn ret(self) -> u32 {
        match self {
            RuleAction::Allow => SECCOMP_RET_ALLOW,
            RuleAction::Errno(n) => SECCOMP_RET_ERRNO | n as u32,
            RuleAction::Trap => SECCOMP_RET_TRAP,
            RuleAction::KillProcess => SECCOMP_RET_KILL_PROCESS,
            RuleAction::KillThread => SECCOMP_RET_KILL_THREAD,
            RuleAction::Log => SECCOMP_RET_LOG,
            RuleAction::Trace(n) => SECCOMP_RET_TRACE | n as u32,
        }
    }
}

impl fmt::Display for RuleAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleAction::Errno(n) => write!(f, "ERRNO({n})"),
            RuleAction::Trace(n) => write!(f, "TRACE({n})"),
            _ => write!(f, "{}", RetValue(self.ret())),
        }
    }
}

/// Width of an argument comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Width {
    /// A 32-bit comparison (seccompiler's `Dword`, libseccomp's `SCMP_CMP32`); what it
    /// means for the argument's high word is the compiler's [`Width32`] semantics.
    W32,
    /// A full 64-bit comparison (`Qword`, `SCMP_CMP64`).
    W64,
}

/// Comparison operator of a condition: `arg OP value`, unsigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `arg == value`.
    Eq,
    /// `arg != value`.
    Ne,
    /// `arg < value`.
    Lt,
    /// `arg <= value`.
    Le,
    /// `arg > value`.
    Gt,
    /// `arg >= value`.
    Ge,
    /// `arg & mask == value` (or `== value & mask`: see [`MaskedEqValue`]).
    MaskedEq(u64),
}

/// One argument condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cond {
    /// Argument index 0..=5.
    pub arg: u8,
    /// 32- or 64-bit comparison.
    pub width: Width,
    /// The operator.
    pub op: CmpOp,
    /// The constant compared with.
    pub value: u64,
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = match self.width {
            Width::W32 => 32,
            Width::W64 => 64,
        };
        let (a, v) = (self.arg, self.value);
        match self.op {
            CmpOp::MaskedEq(m) => write!(f, "arg{a}/{w} & {m:#x} == {v:#x}"),
            op => {
                let s = match op {
                    CmpOp::Eq => "==",
                    CmpOp::Ne => "!=",
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Gt => ">",
                    _ => ">=",
                };
                write!(f, "arg{a}/{w} {s} {v:#x}")
            }
        }
    }
}

/// A rule: when every condition holds (no conditions: always), the action.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    /// What the filter returns when the rule matches.
    pub action: RuleAction,
    /// A conjunction; empty means unconditional.
    pub conds: Vec<Cond>,
}

/// The rules of one syscall.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SyscallRules {
    /// Syscall number on the rule set's arch.
    pub nr: u32,
    /// The rules, in the order they were given (the order matters under
    /// [`Matching::FirstMatch`]). No rules: the syscall gets the default action.
    pub rules: Vec<Rule>,
}

/// A high-level seccomp policy as filter generators take it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RuleSet {
    /// `AUDIT_ARCH_*` the filter is for.
    pub arch: u32,
    /// Syscalls with rules. Entries with the same number act as one entry with their rules
    /// concatenated in order.
    pub syscalls: Vec<SyscallRules>,
    /// The action when no rule matches.
    pub default: RuleAction,
    /// The action when `seccomp_data.arch` is not [`RuleSet::arch`].
    pub mismatch: RuleAction,
}

impl RuleSet {
    /// Number of conditions over all rules (a size measure for shrinking).
    pub fn size(&self) -> usize {
        self.syscalls
            .iter()
            .map(|s| 1 + s.rules.iter().map(|r| 1 + r.conds.len()).sum::<usize>())
            .sum()
    }
}

impl fmt::Display for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "arch {:#x}, default {}, mismatch {}",
            self.arch, self.default, self.mismatch
        )?;
        for s in &self.syscalls {
            if s.rules.is_empty() {
                writeln!(f, "  nr {}: (no rules)", s.nr)?;
            }
            for r in &s.rules {
                let conds: Vec<String> = r.conds.iter().map(|c| c.to_string()).collect();
                let when = if conds.is_empty() {
                    "always".to_string()
                } else {
                    conds.join(" && ")
                };
                writeln!(f, "  nr {}: {} if {}", s.nr, r.action, when)?;
            }
        }
        Ok(())
    }
}

/// Which rule decides when several rules of a syscall match the same input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matching {
    /// The first matching rule in [`SyscallRules::rules`] order (seccompiler: its rules all
    /// share one action, so order never shows; a compiler with per-rule actions and an
    /// if-else chain).
    FirstMatch,
    /// Any matching rule's action is a correct answer: the compiler promises a union of the
    /// rules without saying which action wins on overlap (libseccomp's
    /// `seccomp_rule_add(3)`: "combined into a union, with additional logic to eliminate
    /// redundant syscall filters").
    AnyMatch,
}

/// What a [`Width::W32`] comparison means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width32 {
    /// Only the low 32 bits of the argument are compared with the low 32 bits of the value
    /// (and mask); the high word is ignored (seccompiler's `SeccompCmpArgLen::Dword`).
    LowWord,
    /// The value and mask are truncated to 32 bits and zero-extended, and the comparison is
    /// done on the full 64-bit argument (libseccomp's `SCMP_CMP32` on a 64-bit arch: the
    /// macro only casts the datum to `uint32_t`).
    ZeroExtended,
}

/// What [`CmpOp::MaskedEq`] compares the masked argument with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaskedEqValue {
    /// `arg & mask == value & mask` (seccompiler masks the value; libseccomp's man page:
    /// "the masked argument value is equal to the masked datum value").
    Masked,
    /// `arg & mask == value`: never true when `value` has bits outside `mask`.
    Unmasked,
}

/// What a compiler promises, and which rule sets it takes. [`evaluate`] follows the first
/// group of fields; [`RuleSet::generate`] keeps to the second.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Semantics {
    /// Which rule decides on overlap.
    pub matching: Matching,
    /// 32-bit comparisons.
    pub width32: Width32,
    /// Masked equality.
    pub masked_eq: MaskedEqValue,
    /// Syscall numbers at or above this, except -1 (`u32::MAX`), get the mismatch action
    /// (libseccomp on x86_64 sends x32 numbers, bit 30 set, to the bad-arch action, but
    /// lets -1 through: the number a tracer sets to skip a syscall).
    pub nr_limit: Option<u32>,
    /// Arches the compiler can target (the generator picks one).
    pub arches: Vec<u32>,
    /// The wrong-arch action when the compiler fixes it (seccompiler: `KILL_PROCESS`).
    pub fixed_mismatch: Option<RuleAction>,
    /// All rules must share one action (seccompiler's `match_action`).
    pub single_rule_action: bool,
    /// A rule may have the default action (seccompiler: `IdenticalActions`; libseccomp:
    /// `-EACCES`).
    pub rule_action_may_equal_default: bool,
    /// At most one condition per argument in a rule (libseccomp).
    pub one_cond_per_arg: bool,
    /// Most conditions in one rule.
    pub max_conds_per_rule: usize,
    /// Most rules for one syscall number (over all its entries).
    pub max_rules_per_syscall: usize,
    /// Syscall numbers are drawn from here.
    pub syscall_pool: Vec<u32>,
    /// Actions the compiler supports, for rules and defaults.
    pub actions: Vec<RuleActionKind>,
    /// No two rules of one syscall share an identical ordering or `!=` condition (same
    /// argument, width, operator and value): libseccomp 2.5.4 never returns from
    /// `seccomp_rule_add` on such pairs (docs/generator-findings.md, finding 3).
    pub no_shared_range_conds: bool,
    /// Largest `ERRNO(n)` data the compiler takes (seccompiler: 0xffff, the kernel's
    /// `SECCOMP_RET_DATA`, which the kernel caps at 4095 when it returns; libseccomp
    /// 2.5.4: 4094, it refuses 4095 and up with `-EINVAL`).
    pub max_errno: u16,
}

/// An action without its data, for [`Semantics::actions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleActionKind {
    /// [`RuleAction::Allow`].
    Allow,
    /// [`RuleAction::Errno`].
    Errno,
    /// [`RuleAction::Trap`].
    Trap,
    /// [`RuleAction::KillProcess`].
    KillProcess,
    /// [`RuleAction::KillThread`].
    KillThread,
    /// [`RuleAction::Log`].
    Log,
    /// [`RuleAction::Trace`].
    Trace,
}

/// Every [`RuleActionKind`].
pub const ALL_ACTIONS: [RuleActionKind; 7] = [
    RuleActionKind::Allow,
    RuleActionKind::Errno,
    RuleActionKind::Trap,
    RuleActionKind::KillProcess,
    RuleActionKind::KillThread,
    RuleActionKind::Log,
    RuleActionKind::Trace,
];

/// Syscall numbers the generators draw from by default: small numbers, a few x86_64
/// syscalls people filter on, and neighbours (so "other syscall" inputs are close).
pub const DEFAULT_SYSCALLS: [u32; 12] = [0, 1, 2, 3, 9, 16, 41, 59, 60, 231, 257, 435];

impl Semantics {
    /// The plainest semantics: per-rule actions, first match wins, 32-bit comparisons on
    /// the low word, masked equality against the masked value, x86_64, anything goes.
    pub fn first_match() -> Semantics {
        Semantics {
            matching: Matching::FirstMatch,
            width32: Width32::LowWord,
            masked_eq: MaskedEqValue::Masked,
            nr_limit: None,
            arches: vec![AUDIT_ARCH_X86_64],
            fixed_mismatch: None,
            single_rule_action: false,
            rule_action_may_equal_default: true,
            one_cond_per_arg: false,
            max_conds_per_rule: 4,
            max_rules_per_syscall: 4,
            syscall_pool: DEFAULT_SYSCALLS.to_vec(),
            actions: ALL_ACTIONS.to_vec(),
            no_shared_range_conds: false,
            max_errno: u16::MAX,
        }
    }

    /// Whether `c` is an ordering or `!=` condition (what
    /// [`Semantics::no_shared_range_conds`] is about).
    pub fn is_range_cond(c: &Cond) -> bool {
        !matches!(c.op, CmpOp::Eq | CmpOp::MaskedEq(_))
    }

    /// Whether `rules` keeps to this semantics' constraints (the generator's side).
    ///
    /// # Errors
    /// A [`GeneratorErrorKind::Unsupported`] error saying which constraint `rules` breaks.
    pub fn admits(&self, rules: &RuleSet) -> Result<(), GeneratorError> {
        self.admits_text(rules)
            .map_err(|e| GeneratorError::new(GeneratorErrorKind::Unsupported, e))
    }

    fn admits_text(&self, rules: &RuleSet) -> Result<(), String> {
        if !self.arches.contains(&rules.arch) {
            return Err(format!("arch {:#x} not supported", rules.arch));
        }
        if let Some(m) = self.fixed_mismatch {
            if rules.mismatch != m {
                return Err(format!("the mismatch action must be {m}"));
            }
        }
        let errno_ok = |a: RuleAction| !matches!(a, RuleAction::Errno(n) if n > self.max_errno);
        if !errno_ok(rules.default) || !errno_ok(rules.mismatch) {
            return Err("ERRNO data above max_errno".into());
        }
        let mut first_action = None;
        for s in &rules.syscalls {
            let n: usize = rules
                .syscalls
                .iter()
                .filter(|t| t.nr == s.nr)
                .map(|t| t.rules.len())
                .sum();
            if n > self.max_rules_per_syscall {
                return Err(format!("{n} rules for syscall {}", s.nr));
            }
            for r in &s.rules {
                if self.single_rule_action && *first_action.get_or_insert(r.action) != r.action {
                    return Err("rules must share one action".into());
                }
                if !self.rule_action_may_equal_default && r.action == rules.default {
                    return Err("a rule has the default action".into());
                }
                if !errno_ok(r.action) {
                    return Err("ERRNO data above max_errno".into());
                }
                if r.conds.len() > self.max_conds_per_rule {
                    return Err("too many conditions".into());
                }
                for (i, c) in r.conds.iter().enumerate() {
                    if self.no_shared_range_conds && Semantics::is_range_cond(c) {
                        let shared = rules
                            .syscalls
                            .iter()
                            .filter(|t| t.nr == s.nr)
                            .flat_map(|t| t.rules.iter())
                            .filter(|q| q.conds.contains(c))
                            .count();
                        if shared > 1 {
                            return Err(format!("{c} in two rules of syscall {}", s.nr));
                        }
                    }
                    if c.arg > 5 {
                        return Err(format!("argument index {}", c.arg));
                    }
                    if self.one_cond_per_arg && r.conds[..i].iter().any(|d| d.arg == c.arg) {
                        return Err(format!("two conditions on arg{} in one rule", c.arg));
                    }
                }
            }
        }
        Ok(())
    }
}

/// A filter generator under test.
///
/// `compile` turns a [`RuleSet`] into classic-BPF instructions; `semantics` says what the
/// result must do (and which rule sets `compile` is given). An `Err` from `compile` for a
/// rule set the semantics admits is reported as a [`GeneratorFinding`].
pub trait Compiler {
    /// A short name for reports (`seccompiler`, `libseccomp`).
    fn name(&self) -> &str;
    /// Compile the rule set to a filter program.
    fn compile(&self, rules: &RuleSet) -> Result<Vec<Insn>, GeneratorError>;
    /// What the compiler promises.
    fn semantics(&self) -> Semantics;
}

/// What kind of failure a [`GeneratorError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GeneratorErrorKind {
    /// The rule set is outside what the generator takes (its arch, rule shapes or limits;
    /// also what [`Semantics::admits`] reports).
    Unsupported,
    /// The generator refused the rule set or failed building the filter.
    Failed,
    /// The generator did not return within its time limit.
    Timeout,
    /// The generator's output could not be read back as instructions.
    Output,
}

impl GeneratorErrorKind {
    fn category(self) -> &'static str {
        match self {
            GeneratorErrorKind::Unsupported => "unsupported rule set",
            GeneratorErrorKind::Failed => "generator failed",
            GeneratorErrorKind::Timeout => "generator timed out",
            GeneratorErrorKind::Output => "unreadable generator output",
        }
    }
}

/// Why a generator gave no program for a rule set (or why a rule set is outside a
/// [`Semantics`]): a kind and the detail, e.g. `generator failed: rule for nr 3: ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratorError {
    kind: GeneratorErrorKind,
    detail: String,
}

impl GeneratorError {
    /// An error of `kind` with `detail` (the generator's own message, for example).
    pub fn new(kind: GeneratorErrorKind, detail: impl fmt::Display) -> GeneratorError {
        GeneratorError {
            kind,
            detail: detail.to_string(),
        }
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> GeneratorErrorKind {
        self.kind
    }

    /// The detail, without the kind.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for GeneratorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.category(), self.detail)
    }
}

impl std::error::Error for GeneratorError {}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeneratorFindingKind {
    /// The compiler failed on a rule set its semantics admit.
    CompileError(GeneratorError),
    /// The kernel's checker refuses the program.
    Refused(crate::verify::VerifyError),
    /// The program's result differs from the direct evaluation.
    Mismatch {
        /// The input.
        input: SeccompData,
        /// What the program returned.
        got: RetValue,
        /// What the rules allow (one value, or several under [`Matching::AnyMatch`]).
        expected: Vec<RetValue>,
    },
}

/// A generator bug (or a reference mistake): the shrunk rule set and input, and the program.
/// (Named apart from [`crate::analysis::lint::Finding`], a lint's finding in a filter.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratorFinding {
    /// The compiler's name.
    pub compiler: String,
    /// What went wrong (with the shrunk input for a mismatch).
    pub kind: GeneratorFindingKind,
    /// The shrunk rule set.
    pub rules: RuleSet,
    /// The program the compiler made for [`GeneratorFinding::rules`] (empty on a compile
    /// error).
    pub program: Vec<Insn>,
    /// Size ([`RuleSet::size`]) of the rule set before shrinking.
    pub original_size: usize,
}

impl fmt::Display for GeneratorFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: finding (rule set shrunk from size {} to {})",
            self.compiler,
            self.original_size,
            self.rules.size()
        )?;
        write!(f, "{}", self.rules)?;
        match &self.kind {
            GeneratorFindingKind::CompileError(e) => writeln!(f, "compile error: {e}")?,
            GeneratorFindingKind::Refused(e) => writeln!(f, "the kernel refuses the program: {e}")?,
            GeneratorFindingKind::Mismatch {
                input,
                got,
                expected,
            } => {
                writeln!(
                    f,
                    "input: arch {:#x}, nr {}, args {:#x?}",
                    input.arch, input.nr, input.args
                )?;
                let exp: Vec<String> = expected
                    .iter()
                    .map(|r| format!("{r} ({r:#010x})"))
                    .collect();
                writeln!(
                    f,
                    "filter returned {got} ({got:#010x}), the rules say {}",
                    exp.join(" or ")
                )?;
            }
        }
        if !self.program.is_empty() {
            writeln!(f, "program:")?;
            let opts = crate::disasm::DisasmOptions::default();
            write!(f, "{}", crate::disasm::disassemble(&self.program, &opts))?;
        }
        Ok(())
    }
}

impl std::error::Error for GeneratorFinding {}

/// One unshrunk failure of `rules` under `compiler` on `inputs`.
fn check_once(
    compiler: &dyn Compiler,
    sem: &Semantics,
    rules: &RuleSet,
    inputs: &[SeccompData],
) -> Option<(GeneratorFindingKind, Vec<Insn>)> {
    let prog = match compiler.compile(rules) {
        Ok(p) => p,
        Err(e) => return Some((GeneratorFindingKind::CompileError(e), Vec::new())),
    };
    let verified = match crate::verify::check(&prog) {
        Ok(v) => v,
        Err(e) => return Some((GeneratorFindingKind::Refused(e), prog)),
    };
    for input in inputs {
        let got = crate::vm::run(&verified, input).ret;
        let expected = evaluate(rules, sem, input);
        if !expected.admits(got.raw()) {
            let kind = GeneratorFindingKind::Mismatch {
                input: *input,
                got,
                expected: expected.values().iter().map(|&v| RetValue(v)).collect(),
            };
            return Some((kind, prog));
        }
    }
    None
}

/// Compile `rules` with `compiler`, check that the kernel would accept the program, and
/// that on every input it returns what [`evaluate`] says under the compiler's
/// [`Semantics`]. [`derive_inputs`] gives the standard inputs for a rule set.
///
/// On failure the rule set and the input are shrunk (while the same kind of failure stays)
/// and returned in a (boxed) [`GeneratorFinding`].
pub fn check(
    compiler: &dyn Compiler,
    rules: &RuleSet,
    inputs: &[SeccompData],
) -> Result<(), Box<GeneratorFinding>> {
    check_with(compiler, rules, inputs, true)
}

/// [`check`], shrinking the finding only when `shrink` is true (shrinking recompiles the
/// rule set many times; campaigns with many findings skip it after the first few).
pub fn check_with(
    compiler: &dyn Compiler,
    rules: &RuleSet,
    inputs: &[SeccompData],
    shrink: bool,
) -> Result<(), Box<GeneratorFinding>> {
    let sem = compiler.semantics();
    let Some((kind, prog)) = check_once(compiler, &sem, rules, inputs) else {
        return Ok(());
    };
    let (rules_min, kind, prog) = if shrink {
        shrink::shrink(compiler, &sem, rules.clone(), kind, prog)
    } else {
        (rules.clone(), kind, prog)
    };
    Err(Box::new(GeneratorFinding {
        compiler: compiler.name().to_string(),
        kind,
        rules: rules_min,
        program: prog,
        original_size: rules.size(),
    }))
}

/// The compilers this build has: seccompiler (feature `seccompiler`) and libseccomp
/// (feature `libseccomp`, in its default and binary-tree layouts).
#[allow(clippy::vec_init_then_push)]
pub fn compilers() -> Vec<Box<dyn Compiler>> {
    #[allow(unused_mut)]
    let mut v: Vec<Box<dyn Compiler>> = Vec::new();
    #[cfg(feature = "seccompiler")]
    v.push(Box::new(seccompiler::Seccompiler));
    #[cfg(feature = "libseccomp")]
    {
        v.push(Box::new(libseccomp::Libseccomp::default()));
        v.push(Box::new(libseccomp::Libseccomp::binary_tree()));
    }
    v
}

/// Counters of a campaign ([`run_campaign`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CampaignStats {
    /// Rule sets generated and checked.
    pub rule_sets: u64,
    /// Inputs run (over all rule sets).
    pub inputs: u64,
    /// Rule sets with a finding.
    pub failed: u64,
    /// Of those: the compiler failed (or, for libseccomp, hung).
    pub compile_errors: u64,
    /// Of those: the checker refused the program.
    pub refused: u64,
    /// Of those: a result differed from the rules.
    pub mismatches: u64,
    /// The first findings of each kind (at most the campaign's `keep` each), mismatches
    /// and refusals shrunk (compile errors are not: a hang would be retried many times).
    pub findings: Vec<GeneratorFinding>,
}

/// Generate `n` rule sets for `compiler` (with semantics `sem`, normally
/// `compiler.semantics()` or a narrowing of it) from a seeded pseudo-random byte stream
/// and check each on its derived inputs; keep and shrink the first `keep` findings.
/// Deterministic for a seed.
pub fn run_campaign(
    compiler: &dyn Compiler,
    sem: &Semantics,
    n: u64,
    seed: u64,
    keep: usize,
) -> CampaignStats {
    let mut stats = CampaignStats::default();
    let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
    let mut bytes = vec![0u8; 1024];
    for _ in 0..n {
        for b in bytes.iter_mut() {
            // splitmix64, one byte per step
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *b = (z ^ (z >> 31)) as u8;
        }
        let mut u = arbitrary::Unstructured::new(&bytes);
        let Ok(rules) = RuleSet::generate(&mut u, sem) else {
            continue;
        };
        let inputs = derive_inputs(&rules);
        stats.rule_sets += 1;
        stats.inputs += inputs.len() as u64;
        let Err(f) = check_with(compiler, &rules, &inputs, false) else {
            continue;
        };
        stats.failed += 1;
        let counter = match f.kind {
            GeneratorFindingKind::CompileError(_) => &mut stats.compile_errors,
            GeneratorFindingKind::Refused(_) => &mut stats.refused,
            GeneratorFindingKind::Mismatch { .. } => &mut stats.mismatches,
        };
        *counter += 1;
        if *counter as usize <= keep {
            if matches!(f.kind, GeneratorFindingKind::CompileError(_)) {
                stats.findings.push(*f);
            } else if let Err(f) = check_with(compiler, &rules, &inputs, true) {
                stats.findings.push(*f);
            }
        }
    }
    stats
}

/// The property behind the `generators` fuzz target: for every compiler of this build,
/// a rule set drawn from `data` for its semantics passes [`check`]. Panics with the
/// finding otherwise.
pub fn fuzz(data: &[u8]) {
    for c in compilers() {
        let mut u = arbitrary::Unstructured::new(data);
        let Ok(rules) = RuleSet::generate(&mut u, &c.semantics()) else {
            continue;
        };
        if let Err(f) = check(c.as_ref(), &rules, &derive_inputs(&rules)) {
            panic!("{f}");
        }
    }
}
