//! Control-flow graphs of filters in Graphviz dot (`secbpf graph`), and the per-pc facts
//! (what A holds, which arch the path established) that lint and the stepper share.

use crate::consts::*;
use crate::disasm::disasm_line;
use crate::insn::Insn;
use crate::seccomp::{Arch, Field, RetValue};
use std::fmt::Write as _;

/// What is known at the entry of a pc, over every path that reaches it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PcState {
    /// Byte offset of the `seccomp_data` word A holds, when it was loaded by `ld [k]`
    /// and not changed since.
    pub a: Option<u32>,
    /// The mask A was ANDed with since that load (`and #k`), if any.
    pub and: Option<u32>,
    /// The AUDIT_ARCH value a `jeq` on arch established along every path here.
    pub arch: Option<u32>,
}

fn meet(slot: &mut Option<PcState>, s: PcState) {
    *slot = Some(match *slot {
        None => s,
        Some(o) => PcState {
            a: if o.a == s.a && o.and == s.and {
                o.a
            } else {
                None
            },
            and: if o.a == s.a && o.and == s.and {
                o.and
            } else {
                None
            },
            arch: if o.arch == s.arch { o.arch } else { None },
        },
    });
}

/// The pcs a jump or fallthrough at `pc` can go to (empty for returns). Targets outside
/// the program are left out (a verified program has none).
/// A `pc` outside the program has none.
pub fn successors(prog: &[Insn], pc: usize) -> Vec<usize> {
    let Some(&i) = prog.get(pc) else {
        return Vec::new();
    };
    let n = prog.len();
    let t = |off: u64| -> Option<usize> {
        let to = pc as u64 + 1 + off;
        (to < n as u64).then_some(to as usize)
    };
    match i.class() {
        BPF_RET => vec![],
        BPF_JMP if i.op() == BPF_JA => t(u64::from(i.k)).into_iter().collect(),
        BPF_JMP => {
            let mut v: Vec<usize> = t(u64::from(i.jt)).into_iter().collect();
            if let Some(f) = t(u64::from(i.jf)) {
                if !v.contains(&f) {
                    v.push(f);
                }
            }
            v
        }
        _ => t(0).into_iter().collect(),
    }
}

/// Forward dataflow (cBPF only jumps forward): the state at the entry of each pc, `None`
/// where no path from pc 0 reaches it.
pub fn pc_states(prog: &[Insn]) -> Vec<Option<PcState>> {
    pc_states_from(prog, None)
}

/// [`pc_states`] for a caller who states the arch (`--arch`): paths start with `arch`
/// as their arch, until a `jeq` on arch says otherwise (its taken branch has the arch it
/// compares with; its other branch, when it compared with the arch in force, none).
pub fn pc_states_from(prog: &[Insn], arch: Option<u32>) -> Vec<Option<PcState>> {
    let n = prog.len();
    let mut ins: Vec<Option<PcState>> = vec![None; n];
    if n > 0 {
        ins[0] = Some(PcState {
            arch,
            ..PcState::default()
        });
    }
    for pc in 0..n {
        let Some(s) = ins[pc] else { continue };
        let i = prog[pc];
        let send = |to: u64, st: PcState, ins: &mut Vec<Option<PcState>>| {
            let to = pc as u64 + 1 + to;
            if to < n as u64 {
                meet(&mut ins[to as usize], st);
            }
        };
        let mut next = s;
        match i.class() {
            BPF_RET => continue,
            BPF_LD => {
                next.a = (i.code == (BPF_LD | BPF_W | BPF_ABS)).then_some(i.k);
                next.and = None;
            }
            BPF_ALU if i.op() == BPF_AND && i.src() == BPF_K && s.a.is_some() => {
                next.and = Some(s.and.map_or(i.k, |m| m & i.k));
            }
            BPF_ALU => {
                next.a = None;
                next.and = None;
            }
            BPF_MISC if i.miscop() == BPF_TXA => {
                next.a = None;
                next.and = None;
            }
            BPF_JMP if i.op() == BPF_JA => {
                send(u64::from(i.k), s, &mut ins);
                continue;
            }
            BPF_JMP => {
                let mut t = s;
                let mut f = s;
                if i.code == (BPF_JMP | BPF_JEQ | BPF_K) && s.a == Some(4) && s.and.is_none() {
                    t.arch = Some(i.k);
                    if f.arch == Some(i.k) {
                        f.arch = None;
                    }
                }
                send(u64::from(i.jt), t, &mut ins);
                send(u64::from(i.jf), f, &mut ins);
                continue;
            }
            _ => {}
        }
        send(0, next, &mut ins);
    }
    ins
}

/// Name of the field at byte offset `k` for a path whose arch is `arch`.
pub fn field_name(k: u32, arch: Option<u32>) -> Option<Field> {
    Field::for_arch(k, arch)
}

/// `0x3b (execve)`, `0xc000003e (x86_64)` or `0x10`: a compared constant with its
/// meaning when A holds nr or arch.
pub fn value_text(k: u32, st: &PcState) -> String {
    if st.and.is_some() {
        return format!("{k:#x}");
    }
    match st.a {
        Some(4) => match Arch::by_audit(k) {
            Some(a) => format!("{k:#x} ({})", a.name),
            None => format!("{k:#x}"),
        },
        Some(0) => match st
            .arch
            .and_then(Arch::by_audit)
            .and_then(|a| a.syscall_name(k))
        {
            Some(name) => format!("{k:#x} ({name})"),
            None => format!("{k:#x}"),
        },
        _ => format!("{k:#x}"),
    }
}

/// The conditions of the two branches of the conditional jump at a pc: (taken, not
/// taken), e.g. `("nr == 0x3b (execve)", "nr != 0x3b (execve)")`.
pub fn branch_conditions(i: &Insn, st: &PcState) -> (String, String) {
    let lhs = match (st.a.and_then(|k| field_name(k, st.arch)), st.and) {
        (Some(f), None) => f.to_string(),
        (Some(f), Some(m)) => format!("({f} & {m:#x})"),
        (None, _) => "A".to_string(),
    };
    let rhs = if i.src() == BPF_X {
        "X".to_string()
    } else {
        value_text(i.k, st)
    };
    match i.op() {
        BPF_JEQ => (format!("{lhs} == {rhs}"), format!("{lhs} != {rhs}")),
        BPF_JGT => (format!("{lhs} > {rhs}"), format!("{lhs} <= {rhs}")),
        BPF_JGE => (format!("{lhs} >= {rhs}"), format!("{lhs} < {rhs}")),
        BPF_JSET => (format!("{lhs} & {rhs} != 0"), format!("{lhs} & {rhs} == 0")),
        _ => ("true".into(), "false".into()),
    }
}

/// A basic block: pcs `start..=end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// First pc.
    pub start: usize,
    /// Last pc (a jump, a return, or the instruction before a jump target).
    pub end: usize,
}

/// The basic blocks of a program, in pc order (unreachable code included).
pub fn blocks(prog: &[Insn]) -> Vec<Block> {
    let n = prog.len();
    let mut leader = vec![false; n];
    if n > 0 {
        leader[0] = true;
    }
    for (pc, i) in prog.iter().enumerate() {
        if i.class() == BPF_JMP || i.class() == BPF_RET {
            if pc + 1 < n {
                leader[pc + 1] = true;
            }
            for s in successors(prog, pc) {
                leader[s] = true;
            }
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for pc in 0..n {
        if pc + 1 == n || leader[pc + 1] {
            out.push(Block { start, end: pc });
            start = pc + 1;
        }
    }
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A one-line listing of pc with seccomp meaning: `3: jeq #0x0, L7, L4`.
fn node_line(prog: &[Insn], pc: usize, st: Option<&PcState>) -> String {
    let i = prog[pc];
    let mut s = format!("{pc}: {}", disasm_line(prog, pc));
    if i.code == (BPF_LD | BPF_W | BPF_ABS) {
        if let Some(f) = field_name(i.k, st.and_then(|s| s.arch)) {
            let _ = write!(s, "  ; {f}");
        }
    } else if i.code == (BPF_RET | BPF_K) {
        let _ = write!(s, "  ; {}", RetValue(i.k));
    }
    s
}

/// The control-flow graph in Graphviz dot: one box per basic block listing its
/// instructions, edges labelled with the branch condition, return blocks labelled with
/// their action; unreachable blocks are drawn dashed.
pub fn to_dot(prog: &[Insn], name: &str) -> String {
    to_dot_for_arch(prog, name, None)
}

/// [`to_dot`] with names (fields, syscalls) for `arch` on paths where the filter has not
/// checked the arch itself (see [`pc_states_from`]).
pub fn to_dot_for_arch(prog: &[Insn], name: &str, arch: Option<u32>) -> String {
    let states = pc_states_from(prog, arch);
    let bl = blocks(prog);
    let block_of = |pc: usize| bl.iter().position(|b| b.start == pc);
    let mut o = String::new();
    let _ = writeln!(o, "digraph \"{}\" {{", dot_escape(name));
    o.push_str("  node [shape=box, fontname=\"monospace\"];\n");
    for (bi, b) in bl.iter().enumerate() {
        let mut label = String::new();
        for (pc, st) in states.iter().enumerate().take(b.end + 1).skip(b.start) {
            label.push_str(&dot_escape(&node_line(prog, pc, st.as_ref())));
            label.push_str("\\l");
        }
        let last = prog[b.end];
        let mut attrs = format!("label=\"{label}\"");
        if last.code == (BPF_RET | BPF_K) {
            let _ = write!(
                attrs,
                ", xlabel=\"{}\"",
                dot_escape(&RetValue(last.k).to_string())
            );
            attrs.push_str(", style=rounded");
        }
        if states[b.start].is_none() {
            attrs.push_str(", style=dashed, color=gray");
        }
        let _ = writeln!(o, "  b{bi} [{attrs}];");
    }
    for (bi, b) in bl.iter().enumerate() {
        let pc = b.end;
        let i = prog[pc];
        let st = states[pc].unwrap_or_default();
        let edge = |to: u64, label: Option<String>, o: &mut String| {
            let to = pc as u64 + 1 + to;
            if let Some(t) = usize::try_from(to).ok().and_then(block_of) {
                match label {
                    Some(l) => {
                        let _ = writeln!(o, "  b{bi} -> b{t} [label=\"{}\"];", dot_escape(&l));
                    }
                    None => {
                        let _ = writeln!(o, "  b{bi} -> b{t};");
                    }
                }
            }
        };
        match i.class() {
            BPF_RET => {}
            BPF_JMP if i.op() == BPF_JA => edge(u64::from(i.k), None, &mut o),
            BPF_JMP => {
                let (t, f) = branch_conditions(&i, &st);
                if i.jt == i.jf {
                    edge(u64::from(i.jt), None, &mut o);
                } else {
                    edge(u64::from(i.jt), Some(t), &mut o);
                    edge(u64::from(i.jf), Some(f), &mut o);
                }
            }
            _ => edge(0, None, &mut o),
        }
    }
    o.push_str("}\n");
    o
}
