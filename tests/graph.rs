//! `secbpf graph` draws the same control flow as the program (issue 9 item 4, the graph
//! part): every pc is in exactly one node, every program edge is represented by exactly
//! one drawn edge (or lies inside a collapsed chain of `jeq` on one field), and every grouped edge
//! carries the condition of each branch it stands for. The texts are golden files in
//! tests/cli (graph-*.t).

use secbpf::analysis::graph::{
    blocks, branch_conditions, graph_for_arch, pc_states, successors, Branch, Graph,
};
use secbpf::consts::*;
use secbpf::seccomp::Arch;
use secbpf::Insn;

mod common;
use common::corpus;

/// The program edges leaving `pc`: (branch, target pc).
fn program_edges(prog: &[Insn], pc: usize) -> Vec<(Branch, usize)> {
    let i = prog[pc];
    let to = |off: u32| pc + 1 + off as usize;
    match i.class() {
        BPF_RET => vec![],
        BPF_JMP if i.op() == BPF_JA => vec![(Branch::Always, to(i.k))],
        BPF_JMP if i.jt == i.jf => vec![(Branch::Always, to(u32::from(i.jt)))],
        BPF_JMP => vec![
            (Branch::Taken, to(u32::from(i.jt))),
            (Branch::NotTaken, to(u32::from(i.jf))),
        ],
        _ => vec![(Branch::Always, pc + 1)],
    }
}

fn check_same_flow(name: &str, prog: &[Insn], g: &Graph) {
    let mut node_of = vec![None; prog.len()];
    for (n, node) in g.nodes.iter().enumerate() {
        for &pc in &node.pcs {
            assert!(node_of[pc].is_none(), "{name}: pc {pc} in two nodes");
            node_of[pc] = Some(n);
        }
    }
    // Block-internal pcs belong to their block's node.
    for b in blocks(prog) {
        for pc in b.start..=b.end {
            if node_of[pc].is_none() {
                node_of[pc] = node_of[b.start];
            }
        }
    }
    assert!(
        node_of.iter().all(Option::is_some),
        "{name}: a pc is in no node"
    );
    let states = pc_states(prog);
    let mut drawn = 0;
    for b in blocks(prog) {
        let pc = b.end;
        let from = node_of[pc].unwrap();
        let dispatch = g.nodes[from].lines.iter().any(|l| l.contains(" x jeq on "));
        for (br, to) in program_edges(prog, pc) {
            assert!(successors(prog, pc).contains(&to));
            let to_node = node_of[to].unwrap();
            let hits: Vec<_> = g
                .edges
                .iter()
                .filter(|e| e.branches.contains(&(pc, br)))
                .collect();
            if hits.is_empty() {
                assert!(
                    dispatch && to_node == from && br == Branch::NotTaken,
                    "{name}: edge pc {pc} {br:?} -> pc {to} not drawn"
                );
                continue;
            }
            assert_eq!(hits.len(), 1, "{name}: pc {pc} {br:?} drawn twice");
            let e = hits[0];
            drawn += 1;
            assert_eq!((e.from, e.to), (from, to_node), "{name}: pc {pc} {br:?}");
            let both_here = e.branches.contains(&(pc, Branch::Taken))
                && e.branches.contains(&(pc, Branch::NotTaken));
            if br == Branch::Always || both_here {
                continue;
            }
            let text = e.lines.join(" ");
            let i = prog[pc];
            let st = states[pc].unwrap_or_default();
            let (t, f) = branch_conditions(&i, &st);
            let lhs = t.split(" == ").next().unwrap_or_default().to_string();
            let want = if dispatch && br == Branch::Taken && lhs == "nr" {
                // x32 numbers under AUDIT_ARCH_X86_64 are named with x32's table.
                let a = st.arch.and_then(|arch| Arch::for_syscall(arch, i.k));
                a.and_then(|a| a.syscall_name(i.k))
                    .map_or(format!("{:#x}", i.k), str::to_string)
            } else if dispatch && br == Branch::Taken {
                format!("{:#x}", i.k)
            } else if dispatch {
                format!("any other {lhs}")
            } else if br == Branch::Taken {
                t
            } else {
                f
            };
            assert!(
                text.contains(&want),
                "{name}: edge for pc {pc} {br:?} lacks {want:?}: {text:?}"
            );
        }
    }
    let total: usize = g.edges.iter().map(|e| e.branches.len()).sum();
    assert_eq!(total, drawn, "{name}: drawn edges stand for extra branches");
}

#[test]
fn every_pc_and_edge_of_the_corpus_is_drawn() {
    for (name, prog) in corpus() {
        let g = graph_for_arch(&prog, None);
        check_same_flow(&name, &prog, &g);
    }
}

/// Readability (issue 9 item 4): on chronyd.bpf (148 instructions, 130 basic blocks
/// before this change) the dispatch on nr and the chains on argument words are single
/// nodes, each action is one return node, no two edges join the same pair of nodes and
/// no label line runs past 70 characters. Figures from `secbpf graph corpus/chronyd.bpf`.
#[test]
fn chronyd_is_drawn_compactly() {
    let (_, prog) = corpus()
        .into_iter()
        .find(|(n, _)| n.ends_with("chronyd.bpf"))
        .expect("corpus/chronyd.bpf");
    let g = graph_for_arch(&prog, None);
    assert_eq!(blocks(&prog).len(), 130);
    assert!(g.nodes.len() <= 25, "{} nodes", g.nodes.len());
    let rets = g.nodes.iter().filter(|n| n.ret).count();
    assert_eq!(rets, 2, "one node for ALLOW, one for KILL_THREAD");
    for (a, e) in g.edges.iter().enumerate() {
        for f in &g.edges[a + 1..] {
            assert!((e.from, e.to) != (f.from, f.to), "two edges {e:?} {f:?}");
        }
        for l in &e.lines {
            assert!(l.len() <= 70, "long label line {l:?}");
        }
    }
}
