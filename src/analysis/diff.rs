//! `diff`: compare two filters (or stacks) over the whole input space.
//!
//! Both sides are partitioned by the [`engine`]; every pair of regions
//! with different values whose intersection is not empty is a difference, reported with
//! its exact condition and a witness input on which running both sides really gives the
//! two values. Equivalent encodings (dead code, merged or reordered returns, reordered
//! checks) partition the space into regions with the same values, so they compare equal.

use super::bdd::{Bdd, Manager, EMPTY, FULL};
use super::budget::{Budget, Exhausted, Meter};
use super::condition::{Condition, Operand};
use super::engine::{self, data_of_words, Leaf, Region};
use super::explain::stack_analysis_with;
#[cfg(feature = "json")]
use super::explain::witness_json;
use super::render;
use crate::consts::{AUDIT_ARCH_X86_64, X32_SYSCALL_BIT};
use crate::program::VerifiedProgram;
use crate::seccomp::action::{precedence, RetValue};
use crate::seccomp::arch::Arch;
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use crate::seccomp::profile::KernelProfile;
#[cfg(feature = "json")]
use serde_json::{json, Value};
use std::collections::HashMap;

/// One region where the sides differ.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Difference {
    /// The exact condition of the region (over arch, nr, ip and args).
    pub condition: Condition,
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

/// A difference for one arch and one syscall (or the rest of an arch, or the arches the
/// filters do not name): the unit `diff` prints, one line each.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// The AUDIT_ARCH value, `None` for arches neither side checks (then `condition`
    /// names them).
    pub arch: Option<u32>,
    /// The arch name for the syscall numbers (`x32` for x32 numbers under
    /// AUDIT_ARCH_X86_64), `None` when unknown.
    pub arch_name: Option<&'static str>,
    /// The syscall number (with `__X32_SYSCALL_BIT` for x32), `None` for the numbers
    /// without a name (then `condition` names them).
    pub nr: Option<u32>,
    /// The syscall name for `arch_name`.
    pub syscall: Option<&'static str>,
    /// What else the change needs (arguments; nr and arch for unnamed ones), `None` when
    /// it holds for every input of the syscall.
    pub condition: Option<Condition>,
    /// As [`Difference::approx`].
    pub approx: bool,
    /// True when the region could not be cut (a piece of it yielded no witness): then
    /// `condition` is the region's whole condition, over arch and nr too.
    pub uncut: bool,
    /// An input in the change; running A and B on it gives `a` and `b`.
    pub witness: SeccompData,
    /// A's value on the witness.
    pub a: u32,
    /// B's value on the witness.
    pub b: u32,
}

/// The result of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiffResult {
    /// The differences per arch and syscall, ordered by arch then nr: every region of
    /// `differences` cut by arch and by named syscall, each piece with its own witness.
    pub changes: Vec<Change>,
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

/// Restrict `d` to what kernel release `kernel` tells apart: changes and regions whose
/// two values it reads alike ([`KernelProfile::effective`]: before 4.14 KILL_PROCESS is
/// KILL_THREAD), or (with `widened_only`) where B is not more permissive by its
/// precedence, and changes on native x86_64 syscalls it never filters
/// ([`KernelProfile::bypasses`]). Returns how many changes were dropped; `d.equivalent`
/// becomes true when nothing is left.
pub fn restrict_to_kernel(d: &mut DiffResult, kernel: &KernelProfile, widened_only: bool) -> usize {
    let keep = |a: u32, b: u32| {
        let (a, b) = (RetValue(a), RetValue(b));
        if widened_only {
            kernel.precedence(b) > kernel.precedence(a)
        } else {
            kernel.effective(a) != kernel.effective(b)
        }
    };
    let unfiltered = |c: &Change| {
        c.arch == Some(AUDIT_ARCH_X86_64)
            && c.nr
                .is_some_and(|nr| kernel.bypasses(&SeccompData::new(AUDIT_ARCH_X86_64, nr)))
    };
    let before = d.changes.len();
    d.changes.retain(|c| keep(c.a, c.b) && !unfiltered(c));
    d.differences.retain(|x| keep(x.a, x.b));
    if d.changes.is_empty() && d.differences.is_empty() && d.unresolved == 0 {
        d.equivalent = true;
    }
    before - d.changes.len()
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
///
/// ```
/// use secbpf::{asm, verify, vm, analysis::diff::{diff, to_text}, seccomp::RetValue};
///
/// // x86_64 only; no ptrace.
/// let v1 = verify::check(&asm::assemble(
///     "ld [arch]\njne #AUDIT_ARCH_X86_64, kill\nld [nr]\njeq #__NR_ptrace, no\nret #ALLOW\n\
///      no: ret #ERRNO(EPERM)\nkill: ret #KILL_PROCESS\n",
/// )?)?;
/// // Version 2 lets ptrace(PTRACE_TRACEME) (request 0) through.
/// let v2 = verify::check(&asm::assemble(
///     "ld [arch]\njne #AUDIT_ARCH_X86_64, kill\nld [nr]\njne #__NR_ptrace, ok\n\
///      ld [args[0]]\njne #0, no\nld [args_hi[0]]\njne #0, no\n\
///      ok: ret #ALLOW\nno: ret #ERRNO(EPERM)\nkill: ret #KILL_PROCESS\n",
/// )?)?;
/// let d = diff(&[v1.clone()], &[v2.clone()], false);
/// assert!(!d.equivalent);
/// let change = &d.changes[0];
/// assert_eq!(change.syscall, Some("ptrace"));
/// let condition = change.condition.as_ref().map(|c| c.to_string());
/// assert_eq!(condition.as_deref(), Some("args[0] == 0"));
/// assert_eq!((RetValue(change.a), RetValue(change.b)), (RetValue::errno(1), RetValue::ALLOW));
/// // The witness is an input on which the two really differ.
/// assert_eq!(vm::run(&v2, &change.witness).ret, RetValue::ALLOW);
/// assert_eq!(
///     to_text(&d, false),
///     "1 change(s) per arch and syscall (A -> B):\n  \
///      x86_64 ptrace: ERRNO(1) -> ALLOW  if args[0] == 0\n    \
///      witness: --arch 0xc000003e --nr 101\n",
/// );
///
/// // Only widenings count with `widened_only`: v1 narrows nothing v2 allows.
/// assert!(diff(&[v2], &[v1], true).equivalent);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    // Only pairs whose syscall numbers meet can hold a difference. Leaves of one number
    // (most leaves of big filters) are indexed by it, so a leaf of one number meets the
    // leaves of B holding that number without a set operation per pair of leaves; the
    // pairs are still taken in the order of B's leaves.
    let single_b: Vec<Option<u32>> = lb.iter().map(|y| m.single(y.region.words[0])).collect();
    let mut by_nr: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut general_b: Vec<usize> = Vec::new();
    for (j, s) in single_b.iter().enumerate() {
        match s {
            Some(v) => by_nr.entry(*v).or_default().push(j),
            None => general_b.push(j),
        }
    }
    for x in la {
        let xnr = x.region.words[0];
        let ys: Vec<usize> = match m.single(xnr) {
            Some(v) => {
                let mut ys: Vec<usize> = general_b
                    .iter()
                    .copied()
                    .filter(|&j| m.contains(lb[j].region.words[0], v))
                    .collect();
                ys.extend(by_nr.get(&v).into_iter().flatten().copied());
                ys.sort_unstable();
                ys
            }
            None => (0..lb.len())
                .filter(|&j| single_b[j].is_none_or(|u| m.contains(xnr, u)))
                .collect(),
        };
        for y in ys.into_iter().map(|j| &lb[j]) {
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
    diff_named(a, b, widened_only, budget, None)
}

/// [`diff_with`], with the changes also cut for `arch` (which names them even when
/// neither side checks it).
pub fn diff_named(
    a: &[VerifiedProgram],
    b: &[VerifiedProgram],
    widened_only: bool,
    budget: &Budget,
    arch: Option<&Arch>,
) -> DiffResult {
    if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.insns() == y.insns()) {
        return DiffResult {
            changes: Vec::new(),
            equivalent: true,
            differences: Vec::new(),
            unresolved: 0,
            budget_spent: None,
            budget: *budget,
        };
    }
    let mut meter = Meter::new(budget);
    let mut m = Manager::new();
    let (la, mut keys, _) = stack_analysis_with(a, &mut m, &mut meter);
    let (lb, kb, _) = stack_analysis_with(b, &mut m, &mut meter);
    for k in kb.into_iter().chain(arch.map(|x| x.audit)) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
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
    // Each change with its region's words when the region is exact with constant values
    // on both sides (then pieces of one syscall may be joined).
    let mut pieces: Vec<(Change, Option<[Bdd; DATA_WORDS]>)> = Vec::new();
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
        let cut = cut(a, b, &mut m, &r, (ra, rb), widened_only, tries, &keys);
        let mut parts: Vec<Condition> = Vec::new();
        parts.extend(render::word(&mut m, r.words[1], Operand::Arch));
        parts.extend(render::word(&mut m, r.words[0], Operand::Nr));
        parts.extend(render::data_words(&mut m, &r, w[1]));
        differences.push(Difference {
            condition: Condition::all(parts),
            approx: r.approx,
            witness: data_of_words(&w),
            a: va,
            b: vb,
        });
        let exact = !r.approx && ra.is_some() && rb.is_some();
        match cut {
            Some(c) => pieces.extend(c.into_iter().map(|(c, w)| (c, exact.then_some(w)))),
            None => {
                let d = differences.last().expect("just pushed");
                pieces.push((
                    Change {
                        arch: None,
                        arch_name: None,
                        nr: None,
                        syscall: None,
                        condition: Some(d.condition.clone()),
                        approx: d.approx,
                        uncut: true,
                        witness: d.witness,
                        a: d.a,
                        b: d.b,
                    },
                    None,
                ));
            }
        }
    }
    let mut changes = join_pieces(&mut m, pieces);
    let rank = |c: &Change| {
        let k = c
            .arch
            .and_then(|x| keys.iter().position(|&y| y == x))
            .unwrap_or(usize::MAX);
        let bias = c.nr.map_or(2, |n| u32::from(n & X32_SYSCALL_BIT != 0));
        (k, bias, c.nr.is_none(), c.nr)
    };
    changes.sort_by_key(rank);
    DiffResult {
        changes,
        equivalent: differences.is_empty() && unresolved == 0,
        differences,
        unresolved,
        budget_spent: meter.spent(),
        budget: *budget,
    }
}

/// The changes, with the exact pieces of one named syscall and one pair of values that
/// differ only in one 64-bit field joined into one line when their union is a few
/// ranges (`args[0] > 0xffff`, not a line for each half-word).
fn join_pieces(m: &mut Manager, pieces: Vec<(Change, Option<[Bdd; DATA_WORDS]>)>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut used = vec![false; pieces.len()];
    let key = |c: &Change| (c.arch, c.arch_name, c.nr, c.a, c.b);
    for i in 0..pieces.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let (c, words) = &pieces[i];
        let mut c = c.clone();
        if let (Some(w), Some(_)) = (words, c.nr) {
            let same: Vec<usize> = (i + 1..pieces.len())
                .filter(|&j| !used[j] && pieces[j].1.is_some() && key(&pieces[j].0) == key(&c))
                .collect();
            let mut boxes = vec![*w];
            boxes.extend(same.iter().filter_map(|&j| pieces[j].1));
            let arch = c.witness.arch;
            if boxes.len() >= 2 {
                if let Some((lo, hi, text)) = render::union64(m, &boxes, arch) {
                    let mut rest = *w;
                    rest[lo] = FULL;
                    rest[hi] = FULL;
                    let region = Region {
                        words: rest,
                        approx: false,
                    };
                    let parts = render::data_words(m, &region, arch).into_iter();
                    let joined = Condition::all(parts.chain([text]));
                    c.condition = (joined != Condition::True).then_some(joined);
                    for j in same {
                        used[j] = true;
                    }
                }
            }
        }
        out.push(c);
    }
    out
}

/// Syscall numbers looked up per arch (every table's numbers are below 8192).
const NR_SPAN: u32 = 8192;

/// `r` cut per arch of `keys` (and the other arches), then per named syscall of that
/// arch (x32 numbers under AUDIT_ARCH_X86_64 named as x32) and the rest of the numbers;
/// each piece with its own witness. `None` when a piece has no witness (an approximate
/// region): then the region is reported whole.
#[allow(clippy::too_many_arguments)]
fn cut(
    a: &[VerifiedProgram],
    b: &[VerifiedProgram],
    m: &mut Manager,
    r: &Region,
    vals: (Option<u32>, Option<u32>),
    widened_only: bool,
    tries: usize,
    keys: &[u32],
) -> Option<Vec<(Change, [Bdd; DATA_WORDS])>> {
    let mut out = Vec::new();
    let mut push = |m: &mut Manager,
                    p: &Region,
                    arch: Option<u32>,
                    arch_name: Option<&'static str>,
                    nr: Option<u32>,
                    syscall: Option<&'static str>,
                    mut parts: Vec<Condition>|
     -> Option<()> {
        let (w, va, vb) = find(a, b, m, p, vals, widened_only, tries)?;
        parts.extend(render::data_words(m, p, w[1]));
        let change = Change {
            arch,
            arch_name,
            nr,
            syscall,
            condition: (!parts.is_empty()).then(|| Condition::all(parts)),
            approx: p.approx,
            uncut: false,
            witness: data_of_words(&w),
            a: va,
            b: vb,
        };
        out.push((change, p.words));
        Some(())
    };
    let mut named_arches = EMPTY;
    for &k in keys {
        let pt = m.point(k);
        named_arches = m.or(named_arches, pt);
        let set = m.and(r.words[1], pt);
        if set == EMPTY {
            continue;
        }
        let native = Arch::by_audit(k);
        let x32 = (k == Arch::x86_64().audit)
            .then(|| Arch::by_name("x32"))
            .flatten();
        let mut rest = r.words[0];
        for (table, bias) in native
            .map(|x| (x, 0))
            .into_iter()
            .chain(x32.map(|x| (x, X32_SYSCALL_BIT)))
        {
            let span = m.range(bias, bias + (NR_SPAN - 1));
            let inside = m.and(r.words[0], span);
            let nrs = m.intervals(inside, NR_SPAN as usize).unwrap_or_default();
            for nr in nrs.into_iter().flat_map(|(lo, hi)| lo..=hi) {
                let Some(name) = table.syscall_name(nr) else {
                    continue;
                };
                let p = m.point(nr);
                rest = m.diff(rest, p);
                let mut piece = *r;
                piece.words[1] = set;
                piece.words[0] = p;
                push(
                    m,
                    &piece,
                    Some(k),
                    Some(table.name),
                    Some(nr),
                    Some(name.trim_start_matches("r#")),
                    Vec::new(),
                )?;
            }
        }
        // The numbers without a name: the arch's own, then (under x86_64) x32's.
        let high = m.ge(X32_SYSCALL_BIT);
        let halves = match x32 {
            Some(t) => {
                let low = m.not(high);
                vec![
                    (m.and(rest, low), native.map(|x| x.name), 0),
                    (m.and(rest, high), Some(t.name), X32_SYSCALL_BIT),
                ]
            }
            None => vec![(rest, native.map(|x| x.name), 0)],
        };
        for (part, name, bias) in halves {
            if part == EMPTY {
                continue;
            }
            let mut piece = *r;
            piece.words[1] = set;
            piece.words[0] = part;
            let parts = nr_set_text(m, part, bias).into_iter().collect();
            push(m, &piece, Some(k), name, None, None, parts)?;
        }
    }
    let other = m.diff(r.words[1], named_arches);
    if other != EMPTY {
        let mut piece = *r;
        piece.words[1] = other;
        let mut parts: Vec<Condition> = render::word(m, other, Operand::Arch).into_iter().collect();
        parts.extend(nr_text(m, r.words[0]));
        push(m, &piece, None, None, None, None, parts)?;
    }
    Some(out)
}

/// A set of syscall numbers: intervals, or their complement; the masked patterns of
/// [`render::word`] when neither is short. `None` for every number.
fn nr_text(m: &mut Manager, set: Bdd) -> Option<Condition> {
    if set == FULL {
        return None;
    }
    let domain = (0, u64::from(u32::MAX));
    let iv = |(a, b): (u32, u32), neg: bool| {
        render::interval(Operand::Nr, (u64::from(a), u64::from(b)), domain, neg)
    };
    let not = m.not(set);
    let pos = m
        .intervals(set, 6)
        .map(|v| Condition::any(v.into_iter().map(|x| iv(x, false))));
    let neg = m
        .intervals(not, 6)
        .map(|v| Condition::all(v.into_iter().map(|x| iv(x, true))));
    [pos, neg]
        .into_iter()
        .flatten()
        .min_by_key(|c| c.to_string().len())
        .or_else(|| render::word(m, set, Operand::Nr))
}

/// A set of syscall numbers as ranges (`nr in {337-423, 470}`), relative to `bias` when
/// it is not 0 (`nr in 0x40000000 + {13, 15-16}`); [`nr_text`] when there are many
/// ranges. `None` for every number.
fn nr_set_text(m: &mut Manager, set: Bdd, bias: u32) -> Option<Condition> {
    if set == FULL {
        return None;
    }
    let Some(v) = m.intervals(set, 64) else {
        return nr_text(m, set);
    };
    Some(Condition::InRanges {
        operand: Operand::Nr,
        offset: u64::from(bias),
        ranges: v
            .iter()
            .map(|&(a, b)| (u64::from(a - bias), u64::from(b - bias)))
            .collect(),
    })
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

#[cfg(feature = "json")]
fn side(v: u32) -> Value {
    json!({"ret": v, "action": crate::seccomp::Action::of(v).name(), "value": RetValue(v).to_string()})
}

#[cfg(feature = "json")]
fn arch_json(c: &Change) -> Value {
    json!({"name": c.arch_name.or_else(|| c.arch.and_then(Arch::by_audit).map(|x| x.name)), "audit": c.arch})
}

#[cfg(feature = "json")]
/// The result as JSON: per change, the arch (name and AUDIT_ARCH value), the syscall
/// (name and nr), the rest of the condition, both values and a witness; `regions` holds
/// the uncut regions.
pub fn to_json(d: &DiffResult) -> Value {
    json!({
        "equivalent": d.equivalent,
        "unresolved": d.unresolved,
        "budget_spent": d.budget_spent.map(|e| e.name()),
        "differences": d.changes.iter().map(|x| json!({
            "arch": arch_json(x),
            "syscall": {"name": x.syscall, "nr": x.nr},
            "condition": x.condition.as_ref().map(Condition::to_string),
            "condition_tree": x.condition.as_ref().map(Condition::to_json),
            "approximate": x.approx,
            "uncut": x.uncut,
            "widened": precedence(x.b) > precedence(x.a),
            "witness": witness_json(&x.witness),
            "a": side(x.a),
            "b": side(x.b),
        })).collect::<Vec<_>>(),
        "regions": d.differences.iter().map(|x| json!({
            "condition": x.condition.to_string(),
            "condition_tree": x.condition.to_json(),
            "approximate": x.approx,
            "witness": witness_json(&x.witness),
            "a": side(x.a),
            "b": side(x.b),
        })).collect::<Vec<_>>(),
    })
}

/// How to print a result.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOpts<'a> {
    /// The comparison counted only widened inputs.
    pub widened_only: bool,
    /// Only the widened changes, one line each, without witnesses.
    pub summary: bool,
    /// Only the changes of this arch (x32: its numbers under AUDIT_ARCH_X86_64).
    pub arch: Option<&'a Arch>,
}

/// True when `c` is about `arch` (for x32, its numbers; for another arch sharing an
/// AUDIT_ARCH value with x32, the others), or may be (an uncut region).
pub fn in_arch(c: &Change, arch: &Arch) -> bool {
    c.uncut
        || c.arch == Some(arch.audit)
            && match c.nr {
                Some(n) => (n & X32_SYSCALL_BIT != 0) == (arch.nr_bias != 0),
                None => arch.nr_bias == 0,
            }
}

fn change_head(c: &Change) -> String {
    if c.uncut {
        return "region".to_string();
    }
    let arch = match (c.arch_name, c.arch) {
        (Some(n), _) => n.to_string(),
        (None, Some(v)) => format!("arch {v:#x}"),
        (None, None) => "other arches".to_string(),
    };
    match (c.syscall, c.nr, c.arch) {
        (Some(s), _, _) => format!("{arch} {s}"),
        (None, Some(n), _) => format!("{arch} nr {n}"),
        (None, None, Some(_)) => format!("{arch} other nrs"),
        (None, None, None) => arch,
    }
}

fn change_line(c: &Change) -> String {
    let mut s = format!("{}: {} -> {}", change_head(c), RetValue(c.a), RetValue(c.b));
    if let Some(cond) = &c.condition {
        s += &format!("  if {cond}");
    }
    if c.approx {
        s += " (approximate condition)";
    }
    s
}

fn witness_args(w: &SeccompData) -> String {
    let mut s = format!("--arch {:#x} --nr {}", w.arch, crate::num::nr_text(w.nr));
    if w.instruction_pointer != 0 {
        s += &format!(" --ip {:#x}", w.instruction_pointer);
    }
    if w.args.iter().any(|&v| v != 0) {
        s += &format!(
            " --args {}",
            w.args
                .iter()
                .map(|v| format!("{v:#x}"))
                .collect::<Vec<_>>()
                .join(",")
        );
    }
    s
}

/// The result as text.
pub fn to_text(d: &DiffResult, widened_only: bool) -> String {
    to_text_with(
        d,
        &TextOpts {
            widened_only,
            ..TextOpts::default()
        },
    )
}

/// The result as text: one line per arch, syscall and change, then its witness (with
/// `summary`, only the widened changes, without witnesses).
pub fn to_text_with(d: &DiffResult, o: &TextOpts) -> String {
    let shown: Vec<&Change> = d
        .changes
        .iter()
        .filter(|c| o.arch.is_none_or(|a| in_arch(c, a)))
        .filter(|c| !o.summary || precedence(c.b) > precedence(c.a))
        .collect();
    let widened = o.widened_only || o.summary;
    if shown.is_empty() && d.unresolved == 0 {
        let scope = o
            .arch
            .map_or(String::new(), |a| format!(" for arch {}", a.name));
        return if widened {
            format!("not widened{scope}: no input gets a more permissive action from B\n")
        } else if d.equivalent {
            "equivalent\n".into()
        } else {
            format!("no difference{scope}\n")
        };
    }
    let mut out = String::new();
    if !o.summary {
        out += &format!(
            "{} change(s){} {}\n",
            shown.len(),
            o.arch
                .map_or(String::new(), |a| format!(" for arch {}", a.name)),
            if widened {
                "where B is more permissive than A, per arch and syscall:"
            } else {
                "per arch and syscall (A -> B):"
            }
        );
    }
    for c in shown {
        if o.summary {
            out += &format!("{}\n", change_line(c));
        } else {
            out += &format!(
                "  {}\n    witness: {}\n",
                change_line(c),
                witness_args(&c.witness)
            );
        }
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

#[cfg(test)]
mod tests {
    use super::super::condition::Cmp;
    use super::*;

    /// A region that could not be cut is printed whole, labelled as a region (not as
    /// "other arches"), and is kept under every --arch: never dropped silently.
    #[test]
    fn uncut_region_is_printed_whole_and_kept_under_arch() {
        let c = Change {
            arch: None,
            arch_name: None,
            nr: None,
            syscall: None,
            condition: Some(Condition::all([
                Condition::Compare {
                    operand: Operand::Arch,
                    cmp: Cmp::Eq,
                    value: 0xc000_003e,
                },
                Condition::Compare {
                    operand: Operand::Nr,
                    cmp: Cmp::Eq,
                    value: 2,
                },
                Condition::Compare {
                    operand: Operand::Arg(0),
                    cmp: Cmp::Gt,
                    value: 3,
                },
            ])),
            approx: true,
            uncut: true,
            witness: SeccompData::default(),
            a: 0,
            b: 0x7fff_0000,
        };
        let d = DiffResult {
            changes: vec![c.clone()],
            equivalent: false,
            differences: Vec::new(),
            unresolved: 0,
            budget_spent: None,
            budget: Budget::default(),
        };
        let x32 = Arch::by_name("x32").expect("x32");
        assert!(in_arch(&c, x32));
        let t = to_text_with(
            &d,
            &TextOpts {
                summary: true,
                ..TextOpts::default()
            },
        );
        assert_eq!(
            t,
            "region: KILL_THREAD -> ALLOW  if arch == 0xc000003e && nr == 2 && args[0] > 3 (approximate condition)\n"
        );
    }
}
