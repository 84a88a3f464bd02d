//! `diff`: compare two filters (or stacks) over the whole input space.
//!
//! Both sides are partitioned by the [`engine`](super::engine); every pair of regions
//! with different values whose intersection is not empty is a difference, reported with
//! its exact condition and a witness input on which running both sides really gives the
//! two values. Equivalent encodings (dead code, merged or reordered returns, reordered
//! checks) partition the space into regions with the same values, so they compare equal.

use super::bdd::Manager;
use super::budget::{Budget, Exhausted, Meter};
use super::engine::{self, data_of_words, Leaf, Region};
use super::explain::{stack_analysis_with, witness_json};
use super::render;
use crate::program::VerifiedProgram;
use crate::seccomp::action::{precedence, Action, RetValue};
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use serde_json::{json, Value};
use std::collections::HashMap;

/// One region where the sides differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The exact condition of the region (over arch, nr, ip and args).
    pub condition: String,
    /// True when the region comes from an approximate side (arithmetic on data): the
    /// condition over-approximates, the witness is still checked.
    pub approx: bool,
    /// An input in the region; running A and B on it gives `a` and `b`.
    pub witness: SeccompData,
    /// A's value on the witness.
    pub a: u32,
    /// B's value on the witness.
    pub b: u32,
}

/// The result of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffResult {
    /// No input gets different values (with `widened_only`: no input gets a more
    /// permissive value from B).
    pub equivalent: bool,
    /// Every differing region.
    pub differences: Vec<Difference>,
    /// Approximate region pairs that might differ but where no witness was found (then
    /// `equivalent` is false: not proven).
    pub unresolved: usize,
    /// The limit that ran out, when the comparison went over its budget (then regions
    /// were joined per value and are approximate).
    pub budget_spent: Option<Exhausted>,
    /// The budget the comparison ran with.
    pub budget: Budget,
}

fn counts(widened_only: bool, a: u32, b: u32) -> bool {
    if widened_only {
        precedence(b) > precedence(a)
    } else {
        a != b
    }
}

/// Compare stacks `a` and `b` (install order, oldest first; an empty stack allows
/// everything). With `widened_only`, only inputs on which B's action is more permissive
/// than A's by the kernel's ordering (`precedence(b) > precedence(a)`) count. Within the
/// default [`Budget`].
pub fn diff(a: &[VerifiedProgram], b: &[VerifiedProgram], widened_only: bool) -> DiffResult {
    diff_with(a, b, widened_only, &Budget::default())
}

type Cand = (Option<u32>, Option<u32>, Region);

/// `__AUDIT_ARCH_LE`: set in the AUDIT_ARCH value of little-endian arches.
const LE_BIT: u32 = 0x4000_0000;

/// Candidate regions: meets of a leaf of A and a leaf of B that may differ, merged when
/// they differ in one word with the same values. `None` when `meter` ran out (unless
/// `coarse`, whose work is bounded by the number of values).
fn candidates(
    m: &mut Manager,
    la: &[Leaf],
    lb: &[Leaf],
    widened_only: bool,
    meter: &mut Meter,
    coarse: bool,
) -> Option<Vec<Cand>> {
    let mut groups: HashMap<(Option<u32>, Option<u32>, bool), Vec<Region>> = HashMap::new();
    let mut order = Vec::new();
    for x in la {
        for y in lb {
            if !coarse && meter.over(m.bytes()) {
                return None;
            }
            // Every input lies in a leaf of each side that gives its true value (exact
            // or approximate), so pairs whose values agree cannot hold a difference.
            if x.ret.is_none() && x.ret_bits.is_some() && x.ret_bits == y.ret_bits {
                continue;
            }
            if let (Some(ra), Some(rb)) = (x.ret, y.ret) {
                if !counts(widened_only, ra, rb) {
                    continue;
                }
            }
            let Some(r) = x.region.meet(&y.region, m) else {
                continue;
            };
            let key = (x.ret, y.ret, r.approx);
            let g = groups.entry(key).or_default();
            if g.is_empty() {
                order.push(key);
            }
            let mut merged = false;
            for c in g.iter_mut() {
                let mut d = (0..DATA_WORDS).filter(|&w| c.words[w] != r.words[w]);
                match (d.next(), d.next()) {
                    (None, _) => merged = true,
                    (Some(w), None) => {
                        c.words[w] = m.or(c.words[w], r.words[w]);
                        merged = true;
                    }
                    _ if coarse => {
                        for w in 0..DATA_WORDS {
                            c.words[w] = m.or(c.words[w], r.words[w]);
                        }
                        c.approx = true;
                        merged = true;
                    }
                    _ => {}
                }
                if merged {
                    break;
                }
            }
            if !merged {
                g.push(r);
            }
        }
    }
    Some(
        order
            .into_iter()
            .flat_map(|k| {
                let v = groups.remove(&k).unwrap_or_default();
                v.into_iter().map(move |r| (k.0, k.1, r))
            })
            .collect(),
    )
}

/// [`diff`] within `budget`: past it, regions are joined per value (approximate), pairs
/// without a witness count as `unresolved`, and the result is never `equivalent` unless
/// proven.
pub fn diff_with(
    a: &[VerifiedProgram],
    b: &[VerifiedProgram],
    widened_only: bool,
    budget: &Budget,
) -> DiffResult {
    if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.insns() == y.insns()) {
        return DiffResult {
            equivalent: true,
            differences: Vec::new(),
            unresolved: 0,
            budget_spent: None,
            budget: *budget,
        };
    }
    let mut meter = Meter::new(budget);
    let mut m = Manager::new();
    let (la, _, _) = stack_analysis_with(a, &mut m, &mut meter);
    let (lb, _, _) = stack_analysis_with(b, &mut m, &mut meter);
    let cands = match candidates(&mut m, &la, &lb, widened_only, &mut meter, false) {
        Some(c) => c,
        None => {
            let (ca, cb) = (
                engine::coarsen_leaves(&mut m, la),
                engine::coarsen_leaves(&mut m, lb),
            );
            candidates(&mut m, &ca, &cb, widened_only, &mut meter, true).unwrap_or_default()
        }
    };
    // Word names depend on the byte order: a region over arches of both orders that
    // names ip or args words is reported as its little- and big-endian halves.
    let mut split = Vec::with_capacity(cands.len());
    for (ra, rb, r) in cands {
        if !render::constrains_data(&r) {
            split.push((ra, rb, r));
            continue;
        }
        for bit in [LE_BIT, 0] {
            let half = m.masked(LE_BIT, bit);
            let set = m.and(r.words[1], half);
            if set != super::bdd::EMPTY {
                let mut h = r;
                h.words[1] = set;
                split.push((ra, rb, h));
            }
        }
    }
    let cands = split;
    let tries = if meter.spent().is_some() { 16 } else { 256 };
    let mut differences = Vec::new();
    let mut unresolved = 0;
    for (ra, rb, r) in cands {
        let found = find(a, b, &m, &r, (ra, rb), widened_only, tries);
        let Some((w, va, vb)) = found else {
            unresolved += 1;
            continue;
        };
        if !r.approx && ra.is_some() && rb.is_some() {
            debug_assert_eq!((Some(va), Some(vb)), (ra, rb));
        }
        let mut parts: Vec<String> = Vec::new();
        parts.extend(render::word(&mut m, r.words[1], "arch"));
        parts.extend(render::word(&mut m, r.words[0], "nr"));
        parts.extend(render::data_words(&mut m, &r, w[1]));
        differences.push(Difference {
            condition: if parts.is_empty() {
                "true".into()
            } else {
                parts.join(" && ")
            },
            approx: r.approx,
            witness: data_of_words(&w),
            a: va,
            b: vb,
        });
    }
    DiffResult {
        equivalent: differences.is_empty() && unresolved == 0,
        differences,
        unresolved,
        budget_spent: meter.spent(),
        budget: *budget,
    }
}

/// A member of `r` on which the sides really differ (as counted).
fn find(
    a: &[VerifiedProgram],
    b: &[VerifiedProgram],
    m: &Manager,
    r: &Region,
    (ra, rb): (Option<u32>, Option<u32>),
    widened_only: bool,
    tries: usize,
) -> Option<([u32; DATA_WORDS], u32, u32)> {
    let check = |w: &[u32; DATA_WORDS]| {
        let (va, vb) = (engine::eval(a, w), engine::eval(b, w));
        counts(widened_only, va, vb).then_some((*w, va, vb))
    };
    if let Some(x) = check(&r.min_words(m)) {
        return Some(x);
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..if r.approx || ra.is_none() || rb.is_none() {
        tries
    } else {
        0
    } {
        let mut w = [0u32; DATA_WORDS];
        for (i, slot) in w.iter_mut().enumerate() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *slot = m.sample(r.words[i], seed).unwrap_or(0);
        }
        if let Some(x) = check(&w) {
            return Some(x);
        }
    }
    None
}

fn side(v: u32) -> Value {
    json!({"ret": v, "action": Action::of(v).name(), "value": RetValue(v).to_string()})
}

/// The result as the JSON of issue 6.
pub fn to_json(d: &DiffResult) -> Value {
    json!({
        "equivalent": d.equivalent,
        "unresolved": d.unresolved,
        "budget_spent": d.budget_spent.map(|e| e.name()),
        "differences": d.differences.iter().map(|x| json!({
            "condition": x.condition,
            "approximate": x.approx,
            "witness": witness_json(&x.witness),
            "a": side(x.a),
            "b": side(x.b),
        })).collect::<Vec<_>>(),
    })
}

/// The result as text.
pub fn to_text(d: &DiffResult, widened_only: bool) -> String {
    if d.equivalent {
        return if widened_only {
            "not widened: no input gets a more permissive action from B\n".into()
        } else {
            "equivalent\n".into()
        };
    }
    let mut out = format!(
        "{} {}\n",
        d.differences.len(),
        if widened_only {
            "region(s) where B is more permissive than A:"
        } else {
            "region(s) differ:"
        }
    );
    for x in &d.differences {
        let w = &x.witness;
        out += &format!(
            "  {} -> {}  if {}{}\n    witness: --arch {:#x} --nr {} --ip {:#x} --args {}\n",
            RetValue(x.a),
            RetValue(x.b),
            x.condition,
            if x.approx {
                " (approximate condition)"
            } else {
                ""
            },
            w.arch,
            w.nr,
            w.instruction_pointer,
            w.args
                .iter()
                .map(|v| format!("{v:#x}"))
                .collect::<Vec<_>>()
                .join(",")
        );
    }
    if d.unresolved > 0 {
        out += &format!(
            "  {} region(s) computed with arithmetic might differ; no witness found (not proven equivalent)\n",
            d.unresolved
        );
    }
    if let Some(spent) = d.budget_spent {
        out += &format!(
            "  note: {}; past it, regions with the same values were joined (approximate)\n",
            super::budget::note(spent, &d.budget)
        );
    }
    out
}
