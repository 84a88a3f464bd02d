//! Lint (`secbpf lint`): findings about a verified filter that the kernel accepts but
//! that probably do not do what their author meant, each with a severity, the pc and
//! the kernel behaviour behind it.
//!
//! Claims about what a syscall can get are made only with a witness: the filter is run
//! (with [`crate::vm::run`]) on concrete inputs and the input that got the result is
//! quoted.

use super::graph::{field_name, pc_states};
use crate::consts::*;
use crate::insn::Insn;
use crate::program::VerifiedProgram;
use crate::seccomp::{Action, Arch, RetValue, SeccompData};
use crate::vm;
use std::fmt;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The filter does not protect what it seems to (lint exits 1).
    Error,
    /// Probably a mistake, or fragile.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning`, `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// The instruction it is about, if one.
    pub pc: Option<usize>,
    /// A stable identifier (`errno-capped`, `unknown-action`, ...).
    pub code: &'static str,
    /// What and why, in kernel terms.
    pub message: String,
    /// The syscalls the finding is about, for rules that list them
    /// (`dangerous-allowed`): each name with how the finding shows it (the name, plus
    /// the witness's arguments or result when they are not all-zero and ALLOW).
    pub syscalls: Vec<(String, String)>,
    /// The arch a per-arch finding is about (`dangerous-allowed`), by name.
    pub arch: Option<&'static str>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pc {
            Some(pc) => write!(
                f,
                "{}: pc {pc}: [{}] {}",
                self.severity.name(),
                self.code,
                self.message
            ),
            None => write!(
                f,
                "{}: [{}] {}",
                self.severity.name(),
                self.code,
                self.message
            ),
        }
    }
}

/// Syscalls that widen the kernel attack surface or escape a sandbox when allowed.
pub const DANGEROUS: &[&str] = &[
    "ptrace",
    "process_vm_writev",
    "process_vm_readv",
    "bpf",
    "kexec_load",
    "kexec_file_load",
    "io_uring_setup",
    "init_module",
    "finit_module",
    "delete_module",
    "perf_event_open",
    "userfaultfd",
    "keyctl",
    "add_key",
    "request_key",
    "mount",
    "umount2",
    "pivot_root",
    "swapon",
    "swapoff",
    "reboot",
    "open_by_handle_at",
    "fsopen",
    "move_mount",
    "unshare",
    "setns",
];

fn add(
    out: &mut Vec<Finding>,
    severity: Severity,
    pc: Option<usize>,
    code: &'static str,
    message: String,
) {
    out.push(Finding {
        severity,
        pc,
        code,
        message,
        syscalls: Vec::new(),
        arch: None,
    });
}

fn input_text(d: &SeccompData) -> String {
    let arch = Arch::by_audit(d.arch).map_or(format!("{:#x}", d.arch), |a| a.name.to_string());
    let name = Arch::by_audit(d.arch)
        .and_then(|a| a.syscall_name(d.nr))
        .map_or(String::new(), |n| format!(" ({n})"));
    let mut s = format!("arch={arch} nr={:#x}{name}", d.nr);
    if d.args.iter().any(|&a| a != 0) {
        let a: Vec<String> = d.args.iter().map(|v| format!("{v:#x}")).collect();
        s.push_str(&format!(" args={}", a.join(",")));
    }
    s
}

fn runs(ret: u32) -> bool {
    matches!(Action::of(ret), Action::Allow | Action::Log)
}

/// Every finding for one filter, in pc order (findings without a pc last).
pub fn lint(prog: &VerifiedProgram) -> Vec<Finding> {
    lint_with_arch(prog, None)
}

/// [`lint`], naming `seccomp_data` words for arch `names` (an `AUDIT_ARCH_*` value) on
/// paths where the filter has not checked the arch itself (`secbpf lint --arch`); the
/// rules themselves still see those paths as arch-unchecked.
pub fn lint_with_arch(prog: &VerifiedProgram, names: Option<u32>) -> Vec<Finding> {
    let insns = prog.insns();
    let states = pc_states(insns);
    let mut out = Vec::new();
    returns(insns, &states, &mut out);
    arch_order(insns, &states, &mut out);
    one_word_args(insns, &states, names, &mut out);
    for (pc, i) in insns.iter().enumerate() {
        if states[pc].is_some() && i.code == (BPF_LD | BPF_W | BPF_ABS) && (i.k == 8 || i.k == 12) {
            add(&mut out, Severity::Warning, Some(pc), "reads-ip", "reads instruction_pointer: it is the address after the syscall instruction, which the caller chooses (any executable mapping, and ASLR moves it), so a decision based on it is not a security boundary".into());
        }
    }
    unreachable(insns, &states, &mut out);
    let arches = checked_arches(insns, &states);
    x32(prog, &arches, &mut out);
    dangerous(prog, insns, &arches, &mut out);
    deny_list(prog, insns, &arches, &mut out);
    out.sort_by_key(|f| (f.pc.is_none(), f.pc, f.severity));
    out
}

fn returns(insns: &[Insn], states: &[Option<super::graph::PcState>], out: &mut Vec<Finding>) {
    for (pc, i) in insns.iter().enumerate() {
        if states[pc].is_none() || i.code != (BPF_RET | BPF_K) {
            continue;
        }
        let k = i.k;
        let data = k & SECCOMP_RET_DATA;
        match Action::of(k) {
            Action::Errno if data > MAX_ERRNO => add(out, Severity::Warning, Some(pc), "errno-capped", format!(
                "returns {} but __seccomp_filter caps ERRNO data at MAX_ERRNO: the syscall fails with errno {MAX_ERRNO}, not {data}", RetValue(k))),
            Action::Unknown => add(out, Severity::Error, Some(pc), "unknown-action", format!(
                "returns {k:#010x}, whose action {:#06x} is not a seccomp action: __seccomp_filter treats it as SECCOMP_RET_KILL_PROCESS", k >> 16)),
            Action::KillThread if data != 0 => {
                let hint = crate::errno::name(data).map_or(String::new(), |n| format!(", or `ret #ERRNO({n})`"));
                add(out, Severity::Error, Some(pc), "bare-ret", format!(
                    "returns {k} ({k:#x}), which is KILL_THREAD with data {k}, not an errno: SECCOMP_RET_KILL_THREAD is 0 and the data is ignored, so the thread is killed by SIGSYS (a bare errno such as `ret #EPERM` is this slip; write `ret #ERRNO({k})`{hint} to fail the syscall with errno {k})"))
            }
            Action::Trace => add(out, Severity::Warning, Some(pc), "trace", format!(
                "returns {}: without a ptrace tracer using PTRACE_O_TRACESECCOMP the syscall fails with ENOSYS", RetValue(k))),
            Action::UserNotif => add(out, Severity::Warning, Some(pc), "user-notif", format!(
                "returns {}: without a listener (SECCOMP_FILTER_FLAG_NEW_LISTENER) the syscall fails with ENOSYS", RetValue(k))),
            _ => {}
        }
    }
}

/// nr loaded on a path before any check of arch, or arch never checked.
fn arch_order(insns: &[Insn], states: &[Option<super::graph::PcState>], out: &mut Vec<Finding>) {
    // Forward "arch compared on every path here" (must analysis).
    let n = insns.len();
    let mut checked: Vec<Option<bool>> = vec![None; n];
    if n > 0 {
        checked[0] = Some(false);
    }
    let mut ever = false;
    for pc in 0..n {
        let Some(c) = checked[pc] else { continue };
        let i = insns[pc];
        let mut next = c;
        if i.class() == BPF_JMP && i.op() != BPF_JA && states[pc].is_some_and(|s| s.a == Some(4)) {
            next = true;
            ever = true;
        }
        if i.code == (BPF_LD | BPF_W | BPF_ABS) && i.k == 0 && !c {
            add(out, Severity::Error, Some(pc), "nr-before-arch", "loads nr on a path where arch has not been checked: syscall numbers differ per arch (x86 and x32 callers reach an x86_64 filter with their own numbers), so compare arch first".into());
        }
        for s in super::graph::successors(insns, pc) {
            checked[s] = Some(checked[s].map_or(next, |o| o && next));
        }
    }
    if !ever {
        add(out, Severity::Error, None, "arch-unchecked", "never compares arch: a caller using another calling convention (int 0x80 on x86_64, x32) gets the same filter with different syscall numbers".into());
    }
}

/// Arg words compared where no path through the compare loads the other word of the
/// same argument (libseccomp's high-then-low chains are not flagged).
fn one_word_args(
    insns: &[Insn],
    states: &[Option<super::graph::PcState>],
    names: Option<u32>,
    out: &mut Vec<Finding>,
) {
    let n = insns.len();
    let word_bit = |i: &Insn| -> u32 {
        if i.code == (BPF_LD | BPF_W | BPF_ABS) && (16..64).contains(&i.k) && i.k.is_multiple_of(4)
        {
            1 << (i.k / 4)
        } else {
            0
        }
    };
    // may_before[pc]: words loaded on some path from 0 to pc (exclusive).
    let mut before: Vec<Option<u32>> = vec![None; n];
    if n > 0 {
        before[0] = Some(0);
    }
    for pc in 0..n {
        let Some(b) = before[pc] else { continue };
        let next = b | word_bit(&insns[pc]);
        for s in super::graph::successors(insns, pc) {
            before[s] = Some(before[s].map_or(next, |o| o | next));
        }
    }
    // may_after[pc]: words loaded on some path from pc (inclusive) to a return.
    let mut after = vec![0u32; n];
    for pc in (0..n).rev() {
        let succ = super::graph::successors(insns, pc);
        let rest = succ.iter().fold(0, |a, &s| a | after[s]);
        after[pc] = rest | word_bit(&insns[pc]);
    }
    // A holds an arg word (possibly masked) at a compare.
    let mut holds: Vec<Option<u32>> = vec![None; n];
    for pc in 0..n {
        let i = insns[pc];
        let Some(st) = states[pc] else { continue };
        let a = match i.class() {
            BPF_LD if i.code == (BPF_LD | BPF_W | BPF_ABS) => Some(i.k),
            BPF_LD => None,
            BPF_ALU
                if i.src() == BPF_K && matches!(i.op(), BPF_AND | BPF_OR | BPF_RSH | BPF_LSH) =>
            {
                holds[pc].or(st.a)
            }
            BPF_ALU => None,
            BPF_MISC if i.miscop() == BPF_TXA => None,
            _ => holds[pc].or(st.a),
        };
        let cur = holds[pc].or(st.a);
        if i.class() == BPF_JMP && i.op() != BPF_JA {
            if let Some(k) = cur.filter(|k| (16..64).contains(k)) {
                let is64 = st.arch.is_none_or(|a| a & 0x8000_0000 != 0);
                let other = k ^ 4;
                let bit = 1u32 << (other / 4);
                let b = before[pc].unwrap_or(0);
                if is64 && b & bit == 0 && after[pc] & bit == 0 {
                    let arch = st.arch.or(names);
                    let f = field_name(k, arch).map_or(format!("[{k}]"), |f| f.to_string());
                    let g = field_name(other, arch).map_or(format!("[{other}]"), |f| f.to_string());
                    add(out, Severity::Warning, Some(pc), "one-word-arg", format!(
                        "compares {f} but no path through here loads {g}: on a 64-bit arch the kernel passes all 64 bits, so values that differ only in the other word take this branch too"));
                }
            }
        }
        if i.class() != BPF_RET && i.class() != BPF_JMP {
            for s in super::graph::successors(insns, pc) {
                holds[s] = match holds[s] {
                    None if pc + 1 == s => a,
                    _ => None,
                };
            }
        }
    }
}

fn unreachable(insns: &[Insn], states: &[Option<super::graph::PcState>], out: &mut Vec<Finding>) {
    let mut pc = 0;
    while pc < insns.len() {
        if states[pc].is_none() {
            let start = pc;
            while pc < insns.len() && states[pc].is_none() {
                pc += 1;
            }
            let what = if pc - start == 1 {
                format!("instruction {start} is")
            } else {
                format!("instructions {start}..={} are", pc - 1)
            };
            add(out, Severity::Info, Some(start), "unreachable", format!(
                "{what} unreachable: no jump or fallthrough from pc 0 leads here (the kernel accepts dead code in classic BPF but it never runs)"));
        } else {
            pc += 1;
        }
    }
}

/// The arches the filter compares against (known ones), or x86_64 when none.
fn checked_arches(insns: &[Insn], states: &[Option<super::graph::PcState>]) -> Vec<&'static Arch> {
    let mut v: Vec<&'static Arch> = Vec::new();
    for (pc, i) in insns.iter().enumerate() {
        if i.class() == BPF_JMP
            && i.op() != BPF_JA
            && i.src() == BPF_K
            && states[pc].is_some_and(|s| s.a == Some(4))
        {
            if let Some(a) = Arch::by_audit(i.k) {
                if a.has_syscall_names() && !v.contains(&a) {
                    v.push(a);
                }
            }
        }
    }
    if v.is_empty() {
        v.push(Arch::x86_64());
    }
    v
}

fn x32(prog: &VerifiedProgram, arches: &[&'static Arch], out: &mut Vec<Finding>) {
    if !arches.iter().any(|a| a.audit == AUDIT_ARCH_X86_64) {
        return;
    }
    let x32 = Arch::by_name("x32");
    for base in [0u32, 1, 2, 3, 39, 60, 231, 257, 0x3fff_ffff] {
        let d = SeccompData::new(AUDIT_ARCH_X86_64, 0x4000_0000 | base);
        let r = vm::run(prog, &d).ret.raw();
        if runs(r) {
            let name = x32
                .and_then(|a| a.syscall_name(d.nr))
                .map_or(String::new(), |n| format!(" (x32 {n})"));
            add(out, Severity::Warning, None, "x32-not-refused", format!(
                "x32 syscall numbers are not refused: {}{name} gets {} under AUDIT_ARCH_X86_64; x32 callers share that arch value and set bit 30 (__X32_SYSCALL_BIT) in nr, so refuse nr >= 0x40000000", input_text(&d), RetValue(r)));
            return;
        }
    }
}

/// Compared constants of the filter, used as candidate argument values.
fn constants(insns: &[Insn]) -> Vec<u64> {
    let mut v: Vec<u64> = insns
        .iter()
        .filter(|i| i.class() == BPF_JMP && i.op() != BPF_JA && i.src() == BPF_K)
        .map(|i| u64::from(i.k))
        .collect();
    v.sort_unstable();
    v.dedup();
    v.truncate(64);
    v
}

fn candidate_args(insns: &[Insn]) -> Vec<[u64; 6]> {
    let mut c = vec![[0u64; 6], [1; 6], [u64::MAX; 6], [0xffff_ffff; 6]];
    for k in constants(insns) {
        c.push([k; 6]);
    }
    c
}

fn dangerous(
    prog: &VerifiedProgram,
    insns: &[Insn],
    arches: &[&'static Arch],
    out: &mut Vec<Finding>,
) {
    let cands = candidate_args(insns);
    for a in arches {
        let mut found: Vec<(String, String)> = Vec::new();
        for name in DANGEROUS {
            let Some(nr) = a.syscall_nr(name) else {
                continue;
            };
            for args in &cands {
                let d = SeccompData {
                    nr,
                    arch: a.audit,
                    instruction_pointer: 0,
                    args: *args,
                };
                let r = vm::run(prog, &d).ret.raw();
                if runs(r) {
                    let mut text = format!("{name} (nr {nr})");
                    if args.iter().any(|&v| v != 0) {
                        let a: Vec<String> = args.iter().map(|v| format!("{v:#x}")).collect();
                        text = format!("{name} (nr {nr}, args={})", a.join(","));
                    }
                    if r != SECCOMP_RET_ALLOW {
                        text.push_str(&format!(" gets {}", RetValue(r)));
                    }
                    found.push(((*name).to_string(), text));
                    break;
                }
            }
        }
        if !found.is_empty() {
            out.push(Finding {
                severity: Severity::Warning,
                pc: None,
                code: "dangerous-allowed",
                message: dangerous_message(a.name, &found),
                syscalls: found,
                arch: Some(a.name),
            });
        }
    }
}

/// The `dangerous-allowed` message for arch `arch` and its (name, shown) list.
fn dangerous_message(arch: &str, found: &[(String, String)]) -> String {
    let list: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
    let n = found.len();
    let what = if n == 1 {
        "1 dangerous syscall".to_string()
    } else {
        format!("{n} dangerous syscalls")
    };
    format!(
        "{what} can be allowed on {arch} (run with arch={arch} and all-zero arguments unless shown, each gets ALLOW unless shown): {}",
        list.join(", ")
    )
}

fn deny_list(
    prog: &VerifiedProgram,
    insns: &[Insn],
    arches: &[&'static Arch],
    out: &mut Vec<Finding>,
) {
    let mentioned = constants(insns);
    for a in arches {
        // The first few numbers the filter never compares against, all args zero.
        let mut found = None;
        let mut count = 0;
        for base in 0..1024u32 {
            if mentioned.contains(&u64::from(base | a.nr_bias)) {
                continue;
            }
            let d = SeccompData::new(a.audit, base | a.nr_bias);
            let r = vm::run(prog, &d).ret.raw();
            count += 1;
            if runs(r) {
                found.get_or_insert((d, r));
            } else {
                found = None;
                break;
            }
            if count >= 64 {
                break;
            }
        }
        if let Some((d, r)) = found {
            add(out, Severity::Warning, None, "deny-list", format!(
                "deny-list style: syscalls the filter does not name get {} on {} (e.g. {}); new syscalls added to the kernel will be allowed too", RetValue(r), a.name, input_text(&d)));
        }
    }
}

#[cfg(feature = "json")]
/// Findings as JSON values (`{"severity", "pc", "code", "message", "syscalls"}`;
/// `syscalls` lists the names a grouped finding is about, empty for the others).
pub fn to_json(findings: &[Finding]) -> Vec<serde_json::Value> {
    findings
        .iter()
        .map(|f| {
            let names: Vec<&str> = f.syscalls.iter().map(|(n, _)| n.as_str()).collect();
            serde_json::json!({"severity": f.severity.name(), "pc": f.pc, "code": f.code, "message": f.message, "syscalls": names})
        })
        .collect()
}

/// Every rule [`lint`] applies, by its code.
pub const RULES: &[&str] = &[
    "arch-unchecked",
    "bare-ret",
    "dangerous-allowed",
    "deny-list",
    "errno-capped",
    "nr-before-arch",
    "one-word-arg",
    "reads-ip",
    "trace",
    "unknown-action",
    "unreachable",
    "user-notif",
    "x32-not-refused",
];

/// A known finding a team accepts (`--allow RULE` or `--allow RULE:syscall`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The rule's code (one of [`RULES`]).
    pub rule: &'static str,
    /// For `dangerous-allowed`, the one syscall accepted; `None` accepts every finding
    /// of the rule.
    pub syscall: Option<&'static str>,
}

/// Parse `RULE` or `RULE:syscall`. The rule must be one of [`RULES`] and a syscall is
/// only meaningful for `dangerous-allowed` (one of [`DANGEROUS`]), so that a typo does
/// not silently accept nothing.
pub fn parse_allow(s: &str) -> Result<Allow, String> {
    let (rule, sys) = match s.split_once(':') {
        Some((r, y)) => (r.trim(), Some(y.trim())),
        None => (s.trim(), None),
    };
    let rule = RULES.iter().find(|&&r| r == rule).ok_or_else(|| {
        format!(
            "unknown lint rule '{rule}' (the rules: {})",
            RULES.join(", ")
        )
    })?;
    let syscall = match sys {
        None => None,
        Some(y) if *rule == "dangerous-allowed" => {
            Some(*DANGEROUS.iter().find(|&&d| d == y).ok_or_else(|| {
                format!(
                    "'{y}' is not one of the syscalls dangerous-allowed reports ({})",
                    DANGEROUS.join(", ")
                )
            })?)
        }
        Some(y) => {
            return Err(format!(
                "rule {rule} is not about a syscall, so '{rule}:{y}' cannot be accepted (write `--allow {rule}` to accept every {rule} finding; only dangerous-allowed takes :syscall)"
            ))
        }
    };
    Ok(Allow { rule, syscall })
}

#[cfg(feature = "spec")]
#[derive(serde::Deserialize)]
struct AllowFile {
    lint: Option<AllowTable>,
}

#[cfg(feature = "spec")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowTable {
    #[serde(default)]
    allow: Vec<toml::Spanned<String>>,
}

#[cfg(feature = "spec")]
/// The accepted findings of a TOML file's `[lint]` table (`allow = ["RULE",
/// "dangerous-allowed:SYSCALL", ...]`), such as a `secbpf test` spec file; other keys of
/// the file are ignored. Errors name the 1-based line.
pub fn parse_allow_file(text: &str) -> Result<Vec<Allow>, String> {
    let line = |off: usize| text[..off.min(text.len())].matches('\n').count() + 1;
    let f: AllowFile = toml::from_str(text).map_err(|e| match e.span() {
        Some(s) => format!("line {}: {}", line(s.start), e.message().trim()),
        None => e.message().trim().to_string(),
    })?;
    let Some(t) = f.lint else {
        return Err("no [lint] table: add `[lint]` with `allow = [\"RULE\", \"dangerous-allowed:SYSCALL\"]`".into());
    };
    t.allow
        .iter()
        .map(|a| {
            parse_allow(a.get_ref())
                .map_err(|e| format!("line {}: [lint] allow: {e}", line(a.span().start)))
        })
        .collect()
}

/// Drop the findings `allows` accept. Returns the findings left and how many were
/// accepted: one for each finding dropped whole, and one for each syscall taken out of
/// a `dangerous-allowed` group (a group whose syscalls are all accepted is dropped).
pub fn accept(findings: Vec<Finding>, allows: &[Allow]) -> (Vec<Finding>, usize) {
    let mut accepted = 0;
    let mut kept = Vec::with_capacity(findings.len());
    for mut f in findings {
        if allows
            .iter()
            .any(|a| a.rule == f.code && a.syscall.is_none())
        {
            accepted += 1;
            continue;
        }
        if f.code == "dangerous-allowed" {
            let before = f.syscalls.len();
            f.syscalls.retain(|(n, _)| {
                !allows
                    .iter()
                    .any(|a| a.rule == f.code && a.syscall == Some(n.as_str()))
            });
            accepted += before - f.syscalls.len();
            if f.syscalls.is_empty() {
                continue;
            }
            if f.syscalls.len() != before {
                f.message = dangerous_message(f.arch.unwrap_or("?"), &f.syscalls);
            }
        }
        kept.push(f);
    }
    (kept, accepted)
}
