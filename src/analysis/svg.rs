//! The control-flow graph drawn as SVG by secbpf itself (no Graphviz): the nodes and
//! edges of [`graph_for_arch`], placed by a simple layered layout.
//!
//! Layout: each node's layer is the length of the longest path to it from a node with
//! no predecessor (cBPF jumps only go forward, so the graph has no cycle); every
//! reachable return goes to the bottom layer, as `graph` asks Graphviz to rank them.
//! Within a layer, nodes are ordered by the mean position of their predecessors (two
//! sweeps), then packed left to right and centred. Edges are curves from the bottom of
//! their source to the top of their target: green for a taken branch, red for not taken,
//! grey when unconditional; the first line of their condition is written beside them
//! (shortened) and all of it is the edge's tooltip.
//!
//! Every node is a `<g class="node" data-pcs="0 1 2">`, so a page can find the node of
//! a pc (the `serve` page highlights the one about to run).

use super::graph::{graph_for_arch, Branch, Graph};
use crate::insn::Insn;
use std::fmt::Write as _;

/// Width of one character of the monospace font, in pixels (12 px font).
const CHAR_W: f64 = 7.3;
/// Height of one line of text.
const LINE_H: f64 = 15.0;
/// Padding inside a node.
const PAD: f64 = 6.0;
/// Horizontal gap between nodes of a layer.
const GAP_X: f64 = 24.0;
/// Vertical gap between layers.
const GAP_Y: f64 = 56.0;
/// Longest node line drawn, in characters (longer ones are shortened with `…`).
const MAX_LINE: usize = 72;
/// Longest edge label drawn, in characters.
const MAX_LABEL: usize = 34;

/// Edge colours: taken, not taken, unconditional.
const TAKEN: &str = "#2e7d32";
const NOT_TAKEN: &str = "#c62828";
const ALWAYS: &str = "#666";

/// Escape text for SVG/XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Position and size of a node.
#[derive(Clone, Copy, Debug, Default)]
struct Place {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The layer of each node (see the module docs).
fn layers(g: &Graph) -> Vec<usize> {
    let n = g.nodes.len();
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &g.edges {
        if e.from < n && e.to < n && e.from != e.to {
            succ[e.from].push(e.to);
            indeg[e.to] += 1;
        }
    }
    // Kahn's order; a node left over (there should be none) keeps layer 0.
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let u = queue[head];
        head += 1;
        for &v in &succ[u] {
            layer[v] = layer[v].max(layer[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push(v);
            }
        }
    }
    let bottom = (0..n)
        .filter(|&i| g.nodes[i].ret && !g.nodes[i].unreachable)
        .map(|i| layer[i])
        .max();
    if let Some(b) = bottom {
        for (l, node) in layer.iter_mut().zip(&g.nodes) {
            if node.ret && !node.unreachable {
                *l = b;
            }
        }
    }
    layer
}

/// The control-flow graph of `prog` as a standalone SVG document, names for `arch`
/// where the filter does not check the arch itself (as [`graph_for_arch`]).
pub fn to_svg(prog: &[Insn], arch: Option<u32>) -> String {
    let g = graph_for_arch(prog, arch);
    let n = g.nodes.len();
    let layer = layers(&g);
    let nlayers = layer.iter().copied().max().map_or(0, |m| m + 1);
    let mut place = vec![Place::default(); n];
    for (i, node) in g.nodes.iter().enumerate() {
        let chars = node
            .lines
            .iter()
            .map(|l| l.chars().count().min(MAX_LINE))
            .max()
            .unwrap_or(1);
        place[i].w = chars as f64 * CHAR_W + 2.0 * PAD;
        place[i].h = node.lines.len().max(1) as f64 * LINE_H + 2.0 * PAD;
    }
    // Order within layers: by node index, then by the mean order of predecessors.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); nlayers];
    for i in 0..n {
        rows[layer[i]].push(i);
    }
    let mut order = vec![0.0f64; n];
    for row in &rows {
        for (k, &i) in row.iter().enumerate() {
            order[i] = k as f64;
        }
    }
    for _ in 0..2 {
        for row in rows.iter_mut().skip(1) {
            let key = |i: usize| {
                let preds: Vec<f64> = g
                    .edges
                    .iter()
                    .filter(|e| e.to == i && e.from != i)
                    .map(|e| order[e.from])
                    .collect();
                if preds.is_empty() {
                    order[i]
                } else {
                    preds.iter().sum::<f64>() / preds.len() as f64
                }
            };
            let mut keyed: Vec<(f64, usize)> = row.iter().map(|&i| (key(i), i)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *row = keyed.into_iter().map(|(_, i)| i).collect();
            for (k, &i) in row.iter().enumerate() {
                order[i] = k as f64;
            }
        }
    }
    // Coordinates.
    let widths: Vec<f64> = rows
        .iter()
        .map(|r| {
            r.iter().map(|&i| place[i].w).sum::<f64>() + GAP_X * r.len().saturating_sub(1) as f64
        })
        .collect();
    let total_w = widths.iter().copied().fold(0.0, f64::max) + 2.0 * GAP_X;
    let mut y = 16.0;
    for (l, row) in rows.iter().enumerate() {
        let mut x = (total_w - widths[l]) / 2.0;
        let h = row.iter().map(|&i| place[i].h).fold(0.0, f64::max);
        for &i in row {
            place[i].x = x;
            place[i].y = y;
            x += place[i].w + GAP_X;
        }
        y += h + GAP_Y;
    }
    let total_h = y - GAP_Y + 16.0;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cfg\" width=\"{total_w:.0}\" height=\"{total_h:.0}\" viewBox=\"0 0 {total_w:.0} {total_h:.0}\" font-family=\"monospace\" font-size=\"12\">"
    );
    o.push_str("<defs>");
    for (kind, color) in [
        ("taken", TAKEN),
        ("not-taken", NOT_TAKEN),
        ("always", ALWAYS),
    ] {
        let _ = write!(
            o,
            "<marker id=\"arrow-{kind}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{color}\"/></marker>"
        );
    }
    o.push_str("</defs>\n");
    // Where each edge leaves its source: the node's out edges spread along its bottom,
    // ordered by where their targets are.
    let mut start = vec![(0.5f64, 0usize); g.edges.len()];
    for u in 0..n {
        let mut out: Vec<usize> = (0..g.edges.len())
            .filter(|&k| g.edges[k].from == u)
            .collect();
        out.sort_by(|&a, &b| {
            let ca = place.get(g.edges[a].to).map_or(0.0, |p| p.x + p.w / 2.0);
            let cb = place.get(g.edges[b].to).map_or(0.0, |p| p.x + p.w / 2.0);
            ca.total_cmp(&cb)
        });
        let m = out.len();
        for (j, &k) in out.iter().enumerate() {
            start[k] = ((j as f64 + 1.0) / (m as f64 + 1.0), j);
        }
    }
    // Edges first, so nodes are drawn over them.
    for (ei, e) in g.edges.iter().enumerate() {
        let (Some(a), Some(b)) = (place.get(e.from), place.get(e.to)) else {
            continue;
        };
        let kind = if e.lines.is_empty() {
            "always"
        } else {
            match e.branches.first().map(|b| b.1) {
                Some(Branch::Taken) => "taken",
                Some(Branch::NotTaken) => "not-taken",
                _ => "always",
            }
        };
        let color = match kind {
            "taken" => TAKEN,
            "not-taken" => NOT_TAKEN,
            _ => ALWAYS,
        };
        let (frac, slot) = start[ei];
        let x1 = a.x + a.w * frac;
        let y1 = a.y + a.h;
        let x2 = b.x + b.w / 2.0;
        let y2 = b.y;
        let dy = ((y2 - y1).abs() / 2.0).max(20.0);
        let pcs: Vec<String> = e.branches.iter().map(|b| b.0.to_string()).collect();
        let _ = write!(
            o,
            "<g class=\"edge {kind}\" data-from=\"{}\" data-to=\"{}\" data-pcs=\"{}\"><title>{}</title><path d=\"M {x1:.1} {y1:.1} C {x1:.1} {:.1}, {x2:.1} {:.1}, {x2:.1} {y2:.1}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.3\" marker-end=\"url(#arrow-{kind})\"/>",
            e.from,
            e.to,
            pcs.join(" "),
            escape(&e.lines.join("\n")),
            y1 + dy,
            y2 - dy,
        );
        if let Some(first) = e.lines.first() {
            let more = if e.lines.len() > 1 || first.chars().count() > MAX_LABEL {
                " …"
            } else {
                ""
            };
            let label = shorten(first, MAX_LABEL);
            let label = if more.is_empty() || label.ends_with('…') {
                label
            } else {
                label + more
            };
            // Near the source end, where edges are still apart; staggered.
            let lx = x1 + (x2 - x1) * 0.2 + 3.0;
            let ly = y1 + 12.0 + 11.0 * (slot % 3) as f64;
            let _ = write!(
                o,
                "<text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"10\" fill=\"{color}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                escape(&label)
            );
        }
        o.push_str("</g>\n");
    }
    for (i, node) in g.nodes.iter().enumerate() {
        let p = place[i];
        let mut class = String::from("node");
        if node.ret {
            class.push_str(" ret");
        }
        if node.unreachable {
            class.push_str(" unreachable");
        }
        let pcs: Vec<String> = node.pcs.iter().map(usize::to_string).collect();
        let (rx, dash, stroke) = match (node.ret, node.unreachable) {
            (_, true) => (0.0, " stroke-dasharray=\"4 3\"", "#999"),
            (true, false) => (8.0, "", "#333"),
            (false, false) => (0.0, "", "#333"),
        };
        let _ = write!(
            o,
            "<g class=\"{class}\" id=\"node{i}\" data-pcs=\"{}\"><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rx}\" fill=\"#fff\" stroke=\"{stroke}\"{dash}/>",
            pcs.join(" "),
            escape(&node.lines.join("\n")),
            p.x,
            p.y,
            p.w,
            p.h
        );
        for (k, line) in node.lines.iter().enumerate() {
            let _ = write!(
                o,
                "<text x=\"{:.1}\" y=\"{:.1}\" xml:space=\"preserve\">{}</text>",
                p.x + PAD,
                p.y + PAD + LINE_H * (k as f64 + 1.0) - 3.0,
                escape(&shorten(line, MAX_LINE))
            );
        }
        o.push_str("</g>\n");
    }
    o.push_str("</svg>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consts::*;

    fn stmt(code: u16, k: u32) -> Insn {
        Insn {
            code,
            jt: 0,
            jf: 0,
            k,
        }
    }

    #[test]
    fn every_node_and_edge_is_drawn_and_text_is_escaped() {
        // ld [0]; jeq #2, allow, kill
        let prog = [
            stmt(BPF_LD | BPF_W | BPF_ABS, 0),
            Insn {
                code: BPF_JMP | BPF_JEQ | BPF_K,
                jt: 0,
                jf: 1,
                k: 2,
            },
            stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD),
        ];
        let g = graph_for_arch(&prog, None);
        let svg = to_svg(&prog, None);
        assert_eq!(svg.matches("<g class=\"node").count(), g.nodes.len());
        assert_eq!(svg.matches("<g class=\"edge").count(), g.edges.len());
        assert!(svg.contains("data-pcs=\"0 1\""), "{svg}");
        assert!(svg.contains("class=\"edge taken\""), "{svg}");
        assert!(svg.contains("class=\"edge not-taken\""), "{svg}");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    /// Any program, even one the kernel refuses (jumps past the end, unknown opcodes),
    /// is drawn without a panic: `serve` draws refused uploads too.
    #[test]
    fn any_program_is_drawn() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let codes = [
            BPF_LD | BPF_W | BPF_ABS,
            BPF_JMP | BPF_JEQ | BPF_K,
            BPF_JMP | BPF_JA,
            BPF_JMP | BPF_JSET | BPF_X,
            BPF_RET | BPF_K,
            BPF_RET | BPF_A,
            BPF_ALU | BPF_AND | BPF_K,
            BPF_ST,
            0xffff,
        ];
        for _ in 0..2000 {
            let n = (next() % 24 + 1) as usize;
            let prog: Vec<Insn> = (0..n)
                .map(|_| {
                    let r = next();
                    Insn {
                        code: codes[(r % codes.len() as u64) as usize],
                        jt: (r >> 8) as u8 % 6,
                        jf: (r >> 16) as u8 % 6,
                        k: match (r >> 24) % 4 {
                            0 => 0,
                            1 => 4,
                            2 => (r >> 32) as u32 % 8,
                            _ => (r >> 32) as u32,
                        },
                    }
                })
                .collect();
            let svg = to_svg(&prog, None);
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        }
    }

    #[test]
    fn returns_share_the_bottom_layer() {
        let prog = [
            stmt(BPF_LD | BPF_W | BPF_ABS, 0),
            Insn {
                code: BPF_JMP | BPF_JEQ | BPF_K,
                jt: 0,
                jf: 3,
                k: 2,
            },
            stmt(BPF_LD | BPF_W | BPF_ABS, 16),
            Insn {
                code: BPF_JMP | BPF_JEQ | BPF_K,
                jt: 1,
                jf: 0,
                k: 0,
            },
            stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD),
        ];
        let g = graph_for_arch(&prog, None);
        let l = layers(&g);
        let rets: Vec<usize> = (0..g.nodes.len())
            .filter(|&i| g.nodes[i].ret)
            .map(|i| l[i])
            .collect();
        assert!(rets.len() >= 2);
        assert!(rets.iter().all(|&x| x == rets[0]), "{rets:?}");
        assert!(l.iter().all(|&x| x <= rets[0]));
    }
}
