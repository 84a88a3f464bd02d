//! `cover`: which instructions and returns a set of inputs reaches, a verified witness
//! input for every instruction they miss that some input reaches, and why the others
//! are unreachable.

use super::bdd::Manager;
use super::budget::{Budget, Exhausted, Meter};
use super::engine::{self, data_of_words, Region};
#[cfg(feature = "json")]
use super::explain::witness_json;
use crate::program::VerifiedProgram;
use crate::seccomp::action::RetValue;
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use crate::vm::op::Op;
use crate::vm::Machine;
#[cfg(feature = "json")]
use serde_json::{json, Value};
use std::collections::HashMap;

/// What the coverage says about one instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Executed by this many of the inputs.
    Reached(usize),
    /// Not executed by any input, but this input (checked by stepping) reaches it.
    Missed(SeccompData),
    /// Not executed; the engine found inputs that may reach it only through arithmetic
    /// it approximates, and no witness among them.
    MissedNoWitness,
    /// No control-flow path from pc 0 leads here (dead code).
    NoPath,
    /// Paths lead here, but no input satisfies the conditions along any of them.
    Blocked,
}

/// Coverage of one instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcCover {
    /// The pc.
    pub pc: usize,
    /// True for `ret`.
    pub is_ret: bool,
    /// The status.
    pub status: Status,
}

/// The pcs the run on `words` executes, one bit per pc.
fn trace(prog: &VerifiedProgram, words: [u32; DATA_WORDS]) -> Vec<u64> {
    let mut seen = vec![0u64; prog.len().div_ceil(64)];
    let mut m = Machine::new(prog, words);
    while let Some(s) = m.step() {
        if let Some(x) = seen.get_mut(s.pc / 64) {
            *x |= 1 << (s.pc % 64);
        }
    }
    seen
}

/// Does `trace` hold `pc`?
fn traced(trace: &[u64], pc: usize) -> bool {
    trace.get(pc / 64).is_some_and(|x| x >> (pc % 64) & 1 == 1)
}

fn reaches(prog: &VerifiedProgram, words: [u32; DATA_WORDS], pc: usize) -> bool {
    let mut m = Machine::new(prog, words);
    while let Some(s) = m.step() {
        if s.pc == pc {
            return true;
        }
    }
    false
}

/// Coverage of `prog` by `inputs`, one entry per instruction, within the default
/// [`Budget`].
pub fn cover(prog: &VerifiedProgram, inputs: &[SeccompData]) -> Vec<PcCover> {
    cover_with(prog, inputs, &Budget::default()).0
}

/// [`cover`] within `budget`, and the limit that ran out if one did. Past the budget the
/// reachability analysis joins states (approximate), which can only turn `Missed` into
/// `MissedNoWitness`: `Blocked` and `NoPath` stay proven.
pub fn cover_with(
    prog: &VerifiedProgram,
    inputs: &[SeccompData],
    budget: &Budget,
) -> (Vec<PcCover>, Option<Exhausted>) {
    let n = prog.len();
    let mut hits = vec![0usize; n];
    for d in inputs {
        let mut m = Machine::new(prog, d.words());
        let mut seen = vec![false; n];
        while let Some(s) = m.step() {
            if !seen[s.pc] {
                seen[s.pc] = true;
                hits[s.pc] += 1;
            }
        }
    }
    let ops = prog.ops();
    let mut cfg = vec![false; n];
    if n > 0 {
        cfg[0] = true;
    }
    for pc in 0..n {
        if cfg[pc] {
            for s in ops[pc].successors(pc) {
                if let Some(c) = cfg.get_mut(s) {
                    *c = true;
                }
            }
        }
    }
    let mut meter = Meter::new(budget);
    let mut mgr = Manager::new();
    let analysis = engine::analyze_with(prog, &mut mgr, Region::full(), &mut meter);
    // The pcs each tried input runs through: regions of many pcs share their smallest
    // member (a chain of tests), so each input is run once, not once per pc.
    let mut traces: HashMap<[u32; DATA_WORDS], Vec<u64>> = HashMap::new();
    let v = (0..n)
        .map(|pc| {
            let tries = if meter.over(mgr.bytes()) { 4 } else { 256 };
            let status = if hits[pc] > 0 {
                Status::Reached(hits[pc])
            } else if !cfg[pc] {
                Status::NoPath
            } else {
                match analysis.reach[pc] {
                    None => Status::Blocked,
                    Some(r) => witness(prog, &mgr, &r, pc, tries, &mut traces)
                        .map_or(Status::MissedNoWitness, |w| {
                            Status::Missed(data_of_words(&w))
                        }),
                }
            };
            PcCover {
                pc,
                is_ret: matches!(ops[pc], Op::RetK(_) | Op::RetA),
                status,
            }
        })
        .collect();
    (v, meter.spent())
}

fn witness(
    prog: &VerifiedProgram,
    m: &Manager,
    r: &Region,
    pc: usize,
    tries: usize,
    traces: &mut HashMap<[u32; DATA_WORDS], Vec<u64>>,
) -> Option<[u32; DATA_WORDS]> {
    let first = r.min_words(m);
    let trace = traces.entry(first).or_insert_with(|| trace(prog, first));
    if traced(trace, pc) {
        return Some(first);
    }
    let mut seed = 0x51_7cc1_b727_220au64;
    for _ in 0..if r.approx { tries } else { 0 } {
        let mut w = [0u32; DATA_WORDS];
        for (i, slot) in w.iter_mut().enumerate() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *slot = m.sample(r.words[i], seed).unwrap_or(0);
        }
        if reaches(prog, w, pc) {
            return Some(w);
        }
    }
    None
}

fn input_args(d: &SeccompData) -> String {
    format!(
        "--arch {:#x} --nr {} --ip {:#x} --args {}",
        d.arch,
        crate::num::nr_text(d.nr),
        d.instruction_pointer,
        d.args
            .iter()
            .map(|v| format!("{v:#x}"))
            .collect::<Vec<_>>()
            .join(",")
    )
}

/// Coverage as text: a summary line, then one line per instruction not reached.
pub fn to_text(prog: &VerifiedProgram, c: &[PcCover], n_inputs: usize) -> String {
    let reached = c
        .iter()
        .filter(|x| matches!(x.status, Status::Reached(_)))
        .count();
    let rets = c.iter().filter(|x| x.is_ret).count();
    let rets_reached = c
        .iter()
        .filter(|x| x.is_ret && matches!(x.status, Status::Reached(_)))
        .count();
    let mut out = format!(
        "{reached}/{} instructions and {rets_reached}/{rets} returns reached by {n_inputs} input(s)\n",
        c.len()
    );
    for x in c {
        let text = crate::disasm::disasm_line(prog.insns(), x.pc);
        let what = match (&x.status, prog.insns()[x.pc].code == 0x06) {
            (_, true) => format!("{text}  ; {}", RetValue(prog.insns()[x.pc].k)),
            _ => text,
        };
        let why = match &x.status {
            Status::Reached(_) => continue,
            Status::Missed(d) => format!("not reached; reached by {}", input_args(d)),
            Status::MissedNoWitness => {
                "not reached; may be reachable through arithmetic on data (no witness found)".into()
            }
            Status::NoPath => "unreachable: no path from pc 0 leads here (dead code)".into(),
            Status::Blocked => {
                "unreachable: every path here needs conditions no input satisfies".into()
            }
        };
        out += &format!("  {:>4}  {what:<36} {why}\n", x.pc);
    }
    out
}

#[cfg(feature = "json")]
/// Coverage as JSON.
pub fn to_json(prog: &VerifiedProgram, c: &[PcCover], n_inputs: usize) -> Value {
    let pcs: Vec<Value> = c
        .iter()
        .map(|x| {
            let (status, hits, w) = match &x.status {
                Status::Reached(h) => ("reached", *h, None),
                Status::Missed(d) => ("missed", 0, Some(witness_json(d))),
                Status::MissedNoWitness => ("missed_no_witness", 0, None),
                Status::NoPath => ("no_path", 0, None),
                Status::Blocked => ("blocked", 0, None),
            };
            json!({
                "pc": x.pc,
                "insn": crate::disasm::disasm_line(prog.insns(), x.pc),
                "ret": x.is_ret,
                "status": status,
                "hits": hits,
                "witness": w,
            })
        })
        .collect();
    json!({
        "inputs": n_inputs,
        "instructions": c.len(),
        "reached": c.iter().filter(|x| matches!(x.status, Status::Reached(_))).count(),
        "returns": c.iter().filter(|x| x.is_ret).count(),
        "returns_reached": c.iter().filter(|x| x.is_ret && matches!(x.status, Status::Reached(_))).count(),
        "pcs": pcs,
    })
}
