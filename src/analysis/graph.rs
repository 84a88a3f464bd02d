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
///
/// `equal` says the value is compared for equality: only then is an x32 number named
/// (`jge #0x40000000` is the x32 bit, not x32's `read`).
pub fn value_text(k: u32, st: &PcState, equal: bool) -> String {
    if st.and.is_some() {
        return format!("{k:#x}");
    }
    match st.a {
        Some(4) => match Arch::by_audit(k) {
            Some(a) => format!("{k:#x} ({})", a.name),
            None => format!("{k:#x}"),
        },
        Some(0) => match st.arch.and_then(|arch| Arch::for_syscall(arch, k)) {
            Some(a) => match a.syscall_name(k) {
                Some(name) if a.name == "x32" && equal => format!("{k:#x} (x32 {name})"),
                Some(_) if a.name == "x32" => format!("{k:#x}"),
                Some(name) => format!("{k:#x} ({name})"),
                None => format!("{k:#x}"),
            },
            None => format!("{k:#x}"),
        },
        _ => format!("{k:#x}"),
    }
}

/// What A holds at a pc, as conditions name it: `nr`, `(args[2] (low word) & 0x4)`, `A`.
fn lhs_text(st: &PcState) -> String {
    match (st.a.and_then(|k| field_name(k, st.arch)), st.and) {
        (Some(f), None) => f.to_string(),
        (Some(f), Some(m)) => format!("({f} & {m:#x})"),
        (None, _) => "A".to_string(),
    }
}

/// The conditions of the two branches of the conditional jump at a pc: (taken, not
/// taken), e.g. `("nr == 0x3b (execve)", "nr != 0x3b (execve)")`.
pub fn branch_conditions(i: &Insn, st: &PcState) -> (String, String) {
    let lhs = lhs_text(st);
    let rhs = if i.src() == BPF_X {
        "X".to_string()
    } else {
        value_text(i.k, st, i.op() == BPF_JEQ)
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

/// Which way control leaves a pc along an edge of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Branch {
    /// Fallthrough of a non-jump, `ja`, or a conditional jump whose two offsets agree.
    Always,
    /// The taken branch (`jt`) of a conditional jump.
    Taken,
    /// The not-taken branch (`jf`) of a conditional jump.
    NotTaken,
}

/// A node of the drawn graph: a basic block, a chain of `jeq` on nr collapsed into one
/// dispatch node, or every reachable block that is only `ret #k` with the same k.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphNode {
    /// Every pc the node stands for, ascending.
    pub pcs: Vec<usize>,
    /// Label lines, top to bottom.
    pub lines: Vec<String>,
    /// The node ends in a return (drawn rounded, ranked at the bottom).
    pub ret: bool,
    /// No path from pc 0 reaches it (drawn dashed).
    pub unreachable: bool,
}

/// An edge of the drawn graph: every program edge `(pc, branch)` from a pc of `from` to
/// the first pc of a block in `to`, with their conditions (empty when unconditional).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphEdge {
    /// Index of the source node.
    pub from: usize,
    /// Index of the target node.
    pub to: usize,
    /// The program edges it stands for.
    pub branches: Vec<(usize, Branch)>,
    /// Label lines (conditions, grouped), empty for an unconditional edge.
    pub lines: Vec<String>,
}

/// The drawn control-flow graph (see [`graph_for_arch`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// Nodes, in order of their first pc.
    pub nodes: Vec<GraphNode>,
    /// Edges, in order of source node then first branch pc.
    pub edges: Vec<GraphEdge>,
}

/// The state at the `jeq #k` on a `seccomp_data` field ending block `b`, if it is one,
/// with its two offsets different.
fn field_jeq(prog: &[Insn], states: &[Option<PcState>], b: &Block) -> Option<PcState> {
    let i = prog[b.end];
    let st = states[b.end]?;
    (i.code == (BPF_JMP | BPF_JEQ | BPF_K) && st.a.is_some() && i.jt != i.jf).then_some(st)
}

/// The values in `ks` (syscall names for `arch` when A holds nr, hex otherwise), wrapped
/// into lines of at most about 60 characters, the first starting with `prefix`.
fn value_lines(prefix: &str, ks: &[u32], st: &PcState) -> Vec<String> {
    let nr = st.a == Some(0) && st.and.is_none();
    let mut lines = Vec::new();
    let mut cur = prefix.to_string();
    let mut x32 = false;
    for (n, &k) in ks.iter().enumerate() {
        let a = st
            .arch
            .filter(|_| nr)
            .and_then(|arch| Arch::for_syscall(arch, k));
        let name = a.and_then(|a| a.syscall_name(k));
        let mut w = match name {
            Some(name) => name.to_string(),
            None => format!("{k:#x}"),
        };
        // x32 numbers (sorted after the native ones) are named with x32's table, after
        // a marker.
        if name.is_some() && a.is_some_and(|a| a.name == "x32") && !x32 {
            x32 = true;
            w = format!("x32: {w}");
        }
        let sep = if n + 1 < ks.len() { ", " } else { "}" };
        if cur.len() + w.len() > 60 && cur.len() > prefix.len() {
            lines.push(std::mem::take(&mut cur).trim_end().to_string());
        }
        cur.push_str(&w);
        cur.push_str(sep);
    }
    lines.push(cur);
    lines
}

/// Ascending pcs as ranges: `5-82, 90, 98, 115`.
fn pc_ranges(pcs: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pcs.len() {
        let mut j = i;
        while j + 1 < pcs.len() && pcs[j + 1] == pcs[j] + 1 {
            j += 1;
        }
        out.push(if j == i {
            pcs[i].to_string()
        } else {
            format!("{}-{}", pcs[i], pcs[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// The control-flow graph of `prog` as it is drawn: basic blocks, with each chain of
/// two or more `jeq #k` on one field (nr: a syscall dispatch; or an argument word) linked by their not-taken branches
/// collapsed into one node whose edges list the syscalls (named for the arch the path
/// checked, or `arch` where it did not) going to each target, every reachable block
/// that is only `ret #k` merged with the others returning the same k, and the program
/// edges between the same two nodes grouped into one edge carrying all their conditions.
pub fn graph_for_arch(prog: &[Insn], arch: Option<u32>) -> Graph {
    let states = pc_states_from(prog, arch);
    let bl = blocks(prog);
    let block_at = |pc: usize| bl.iter().position(|b| b.start == pc);
    // Predecessor counts of blocks (program edges, not counting unreachable sources).
    let mut preds = vec![0usize; bl.len()];
    for b in &bl {
        for s in successors(prog, b.end) {
            if let Some(t) = block_at(s) {
                preds[t] += 1;
            }
        }
    }
    // node_of[block] = node index.
    let mut node_of: Vec<Option<usize>> = vec![None; bl.len()];
    let mut nodes: Vec<GraphNode> = Vec::new();
    let mut ret_node: Vec<(u32, usize)> = Vec::new();
    // Dispatch chains: per node, the member blocks after the head.
    let mut chain_of_node: Vec<Vec<usize>> = Vec::new();
    for (bi, b) in bl.iter().enumerate() {
        if node_of[bi].is_some() {
            continue;
        }
        let reach = states[b.start].is_some();
        let i = prog[b.end];
        if reach && b.start == b.end && i.code == (BPF_RET | BPF_K) {
            if let Some(&(_, n)) = ret_node.iter().find(|(k, _)| *k == i.k) {
                nodes[n].pcs.push(b.start);
                node_of[bi] = Some(n);
                continue;
            }
            ret_node.push((i.k, nodes.len()));
        }
        // Follow a dispatch chain from this block.
        let mut chain = vec![bi];
        if let Some(head) = field_jeq(prog, &states, b).filter(|_| reach) {
            loop {
                let last = bl[*chain.last().unwrap_or(&bi)];
                let nf = last.end as u64 + 1 + u64::from(prog[last.end].jf);
                let Some(nb) = usize::try_from(nf).ok().and_then(block_at) else {
                    break;
                };
                let c = bl[nb];
                if c.start != c.end
                    || preds[nb] != 1
                    || node_of[nb].is_some()
                    || field_jeq(prog, &states, &c) != Some(head)
                {
                    break;
                }
                chain.push(nb);
            }
        }
        let n = nodes.len();
        let mut pcs: Vec<usize> = (b.start..=b.end).collect();
        let mut lines: Vec<String> = (b.start..=b.end)
            .map(|pc| node_line(prog, pc, states[pc].as_ref()))
            .collect();
        if chain.len() > 1 {
            let first = b.end;
            pcs.extend(chain[1..].iter().map(|&c| bl[c].start));
            lines.pop();
            let st = states[first].unwrap_or_default();
            let an = st
                .arch
                .and_then(Arch::by_audit)
                .map_or(String::new(), |a| format!(" ({})", a.name));
            let lhs = lhs_text(&st);
            let what = if lhs == "nr" {
                ": syscall dispatch"
            } else {
                ""
            };
            let jeqs: Vec<usize> = chain.iter().map(|&c| bl[c].end).collect();
            lines.push(format!(
                "{}: {} x jeq on {lhs}{an}{what}",
                pc_ranges(&jeqs),
                chain.len()
            ));
        }
        for &c in &chain {
            node_of[c] = Some(n);
        }
        chain_of_node.push(chain);
        let ret = i.class() == BPF_RET;
        nodes.push(GraphNode {
            pcs,
            lines,
            ret,
            unreachable: !reach,
        });
    }
    // Merged return nodes: one line listing their pcs.
    for &(k, n) in &ret_node {
        let node = &mut nodes[n];
        node.pcs.sort_unstable();
        let pcs: Vec<String> = node.pcs.iter().map(usize::to_string).collect();
        node.lines = vec![format!(
            "{}: ret #{k:#x}  ; {}",
            pcs.join(", "),
            RetValue(k)
        )];
    }
    // Program edges, grouped by (from node, to node).
    let mut edges: Vec<GraphEdge> = Vec::new();
    let mut nr_groups: Vec<(usize, usize, Vec<u32>)> = Vec::new();
    for (bi, b) in bl.iter().enumerate() {
        let Some(from) = node_of[bi] else { continue };
        let pc = b.end;
        let i = prog[pc];
        let st = states[pc].unwrap_or_default();
        let in_chain = chain_of_node[from].len() > 1;
        let target = |off: u32| {
            usize::try_from(pc as u64 + 1 + u64::from(off))
                .ok()
                .and_then(block_at)
                .and_then(|t| node_of[t])
        };
        let mut add = |to: Option<usize>, br: Branch, cond: Option<String>| {
            let Some(to) = to else { return };
            let e = match edges.iter_mut().position(|e| e.from == from && e.to == to) {
                Some(p) => &mut edges[p],
                None => {
                    edges.push(GraphEdge {
                        from,
                        to,
                        branches: vec![],
                        lines: vec![],
                    });
                    let l = edges.len() - 1;
                    &mut edges[l]
                }
            };
            e.branches.push((pc, br));
            if let Some(c) = cond {
                if !e.lines.contains(&c) {
                    e.lines.push(c);
                }
            }
        };
        match i.class() {
            BPF_RET => {}
            BPF_JMP if i.op() == BPF_JA => add(target(i.k), Branch::Always, None),
            BPF_JMP if i.jt == i.jf => add(target(u32::from(i.jt)), Branch::Always, None),
            BPF_JMP if in_chain => {
                let tt = target(u32::from(i.jt));
                let tf = target(u32::from(i.jf));
                if let Some(t) = tt {
                    match nr_groups.iter_mut().find(|g| g.0 == from && g.1 == t) {
                        Some(g) => g.2.push(i.k),
                        None => nr_groups.push((from, t, vec![i.k])),
                    }
                }
                add(tt, Branch::Taken, None);
                if tf != Some(from) {
                    add(
                        tf,
                        Branch::NotTaken,
                        Some(format!("any other {}", lhs_text(&st))),
                    );
                }
            }
            BPF_JMP => {
                let (t, f) = branch_conditions(&i, &st);
                add(target(u32::from(i.jt)), Branch::Taken, Some(t));
                add(target(u32::from(i.jf)), Branch::NotTaken, Some(f));
            }
            _ => add(
                block_at(pc + 1).and_then(|t| node_of[t]),
                Branch::Always,
                None,
            ),
        }
    }
    for e in &mut edges {
        // Both branches of one jump into the same node: unconditional from there.
        let mut pcs: Vec<usize> = e.branches.iter().map(|b| b.0).collect();
        pcs.dedup();
        if let Some((_, _, ks)) = nr_groups.iter().find(|g| g.0 == e.from && g.1 == e.to) {
            let Some(&(last, _)) = e.branches.last() else {
                continue;
            };
            let st = states[last].unwrap_or_default();
            let mut ks = ks.clone();
            ks.sort_unstable();
            ks.dedup();
            let mut l = value_lines(&format!("{} in {{", lhs_text(&st)), &ks, &st);
            l.append(&mut e.lines);
            e.lines = l;
        } else if pcs.len() == 1 && e.branches.len() == 2 {
            e.lines.clear();
        }
    }
    edges.sort_by_key(|e| (e.from, e.branches[0].0, e.branches[0].1));
    Graph { nodes, edges }
}

/// The control-flow graph in Graphviz dot, as [`graph_for_arch`] shapes it: a box per
/// node listing its instructions, edges labelled with their conditions, returns rounded
/// and at the bottom, unreachable blocks dashed.
pub fn to_dot(prog: &[Insn], name: &str) -> String {
    to_dot_for_arch(prog, name, None)
}

/// [`to_dot`] with names (fields, syscalls) for `arch` on paths where the filter has not
/// checked the arch itself (see [`pc_states_from`]).
pub fn to_dot_for_arch(prog: &[Insn], name: &str, arch: Option<u32>) -> String {
    let g = graph_for_arch(prog, arch);
    let mut o = String::new();
    let _ = writeln!(o, "digraph \"{}\" {{", dot_escape(name));
    o.push_str("  graph [rankdir=TB, nodesep=0.25, ranksep=0.35];\n");
    o.push_str("  node [shape=box, fontname=\"monospace\"];\n");
    o.push_str("  edge [fontname=\"monospace\", fontsize=10];\n");
    for (n, node) in g.nodes.iter().enumerate() {
        let label: String = node
            .lines
            .iter()
            .map(|l| format!("{}\\l", dot_escape(l)))
            .collect();
        let mut attrs = format!("label=\"{label}\"");
        if node.unreachable {
            attrs.push_str(", style=dashed, color=gray");
        } else if node.ret {
            attrs.push_str(", style=rounded");
        }
        let _ = writeln!(o, "  n{n} [{attrs}];");
    }
    let rets: Vec<String> = (0..g.nodes.len())
        .filter(|&n| g.nodes[n].ret && !g.nodes[n].unreachable)
        .map(|n| format!("n{n}"))
        .collect();
    if rets.len() > 1 {
        let _ = writeln!(o, "  {{ rank=same; {}; }}", rets.join("; "));
    }
    for e in &g.edges {
        if e.lines.is_empty() {
            let _ = writeln!(o, "  n{} -> n{};", e.from, e.to);
        } else {
            let label: String = e
                .lines
                .iter()
                .map(|l| format!("{}\\l", dot_escape(l)))
                .collect();
            let _ = writeln!(o, "  n{} -> n{} [label=\"{label}\"];", e.from, e.to);
        }
    }
    o.push_str("}\n");
    o
}
