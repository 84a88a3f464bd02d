//! Readable, exact [`Condition`]s for regions: `args[1] == 0x22 && (args[2] & 4) == 0`.
//!
//! A 64-bit field is written as one value when its high word is a single value (or both
//! words are single masked patterns); otherwise its words are written as `args[1].hi` and
//! `args[1].lo`. Each word set is written as the shortest of: intervals, masked patterns,
//! or the negation of either for its complement.

use super::bdd::{Bdd, Manager, EMPTY, FULL};
use super::condition::{Cmp, Condition, Operand};
use super::engine::Region;
use crate::seccomp::data::{Field, DATA_WORDS};

const CAP: usize = 6;

/// `[a, b]` of a field whose values run `dmin..=dmax` as the simplest comparison (its
/// complement with `neg`).
pub(crate) fn interval(
    op: Operand,
    (a, b): (u64, u64),
    (dmin, dmax): (u64, u64),
    neg: bool,
) -> Condition {
    let cmp = |cmp, value| Condition::Compare {
        operand: op,
        cmp,
        value,
    };
    match (a == b, a == dmin, b == dmax, neg) {
        (true, _, _, false) => cmp(Cmp::Eq, a),
        (true, _, _, true) => cmp(Cmp::Ne, a),
        (_, true, _, false) => cmp(Cmp::Le, b),
        (_, true, _, true) => cmp(Cmp::Gt, b),
        (_, _, true, false) => cmp(Cmp::Ge, a),
        (_, _, true, true) => cmp(Cmp::Lt, a),
        (_, _, _, inside) => Condition::Range {
            operand: op,
            lo: a,
            hi: b,
            inside: !inside,
        },
    }
}

fn shortest(v: impl IntoIterator<Item = Condition>) -> Option<Condition> {
    v.into_iter().min_by_key(|c| c.to_string().len())
}

/// Forms of one set over a 32-bit word `op`, or, with `prefix`, over the 64-bit field
/// `op` whose high word is `prefix` (values are `prefix << 32 | x`).
fn forms(m: &mut Manager, set: Bdd, op: Operand, prefix: Option<u32>) -> Vec<Condition> {
    let base = prefix.map_or(0u64, |p| u64::from(p) << 32);
    let domain = match prefix {
        Some(_) => (0u64, u64::MAX),
        None => (0u64, u64::from(u32::MAX)),
    };
    let mask_hi = if prefix.is_some() {
        0xffff_ffff_0000_0000u64
    } else {
        0
    };
    let iv = |(a, b): (u32, u32), neg: bool| {
        interval(op, (base | u64::from(a), base | u64::from(b)), domain, neg)
    };
    let cube = |(mk, v): (u32, u32), neg: bool| {
        let (mk, v) = (mask_hi | u64::from(mk), base | u64::from(v));
        if mk == (mask_hi | 0xffff_ffff) {
            Condition::Compare {
                operand: op,
                cmp: if neg { Cmp::Ne } else { Cmp::Eq },
                value: v,
            }
        } else {
            Condition::Masked {
                operand: op,
                mask: mk,
                value: v,
                equal: !neg,
            }
        }
    };
    let mut out = Vec::new();
    let not = m.not(set);
    if let Some(v) = m.intervals(set, CAP) {
        out.push(Condition::any(v.into_iter().map(|x| iv(x, false))));
    }
    if let Some(v) = m.cubes(set, CAP) {
        out.push(Condition::any(v.into_iter().map(|x| cube(x, false))));
    }
    // A negated form would say nothing about the high word: only without a prefix.
    if prefix.is_some() {
        if out.is_empty() {
            let high = Condition::Compare {
                operand: op.word(true),
                cmp: Cmp::Eq,
                value: base >> 32,
            };
            out.push(Condition::all(std::iter::once(high).chain(word(
                m,
                set,
                op.word(false),
            ))));
        }
        return out;
    }
    if let Some(v) = m.intervals(not, CAP) {
        out.push(Condition::all(v.into_iter().map(|x| iv(x, true))));
    }
    if let Some(v) = m.cubes(not, CAP) {
        out.push(Condition::all(v.into_iter().map(|x| cube(x, true))));
    }
    if out.is_empty() {
        // Longer lists: intervals, else masked patterns (each written as what it is).
        let c = if let Some(v) = m.intervals(set, 64) {
            Condition::any(v.into_iter().map(|x| iv(x, false)))
        } else if let Some(v) = m.cubes(set, 64) {
            Condition::any(v.into_iter().map(|x| cube(x, false)))
        } else {
            Condition::InSet {
                operand: op,
                patterns: m.cubes(set, 4096).map_or(4096, |c| c.len()),
            }
        };
        out.push(c);
    }
    out
}

/// The shortest exact form of `set` for the 32-bit operand `op` (`None` when it holds
/// every value).
pub fn word(m: &mut Manager, set: Bdd, op: Operand) -> Option<Condition> {
    if set == FULL {
        return None;
    }
    if set == EMPTY {
        return Some(Condition::False);
    }
    shortest(forms(m, set, op, None))
}

/// The shortest form of a set `s` where only members of `care` matter: the candidates
/// are `s`, `s ∩ care` and `s ∪ ¬care`, each also cut to `known` (what the reader is
/// already told holds, e.g. a block's `nr < 0x40000000`; pass [`FULL`] for nothing)
/// and widened by its complement.
pub fn word_dont_care(
    m: &mut Manager,
    s: Bdd,
    care: Bdd,
    known: Bdd,
    op: Operand,
) -> Option<Condition> {
    let inside = m.and(s, care);
    let ncare = m.not(care);
    let wide = m.or(inside, ncare);
    let unknown = m.not(known);
    let mut best: Option<Option<Condition>> = None;
    for base in [wide, inside, s] {
        let cut = m.and(base, known);
        let grown = m.or(base, unknown);
        for c in [base, cut, grown] {
            let f = word(m, c, op);
            let better = match (&best, &f) {
                (None, _) => true,
                (Some(None), _) => false,
                (Some(Some(_)), None) => true,
                (Some(Some(b)), Some(x)) => x.to_string().len() < b.to_string().len(),
            };
            if better {
                best = Some(f);
            }
        }
    }
    best.flatten()
}

/// The condition on the 64-bit field `field` whose words hold `lo` and `hi`.
fn pair(m: &mut Manager, lo: Bdd, hi: Bdd, field: Operand) -> Vec<Condition> {
    if hi == FULL {
        return word(m, lo, field.word(false)).into_iter().collect();
    }
    if lo == FULL {
        return word(m, hi, field.word(true)).into_iter().collect();
    }
    if let (Some(h), true) = (
        m.min(hi),
        m.intervals(hi, 1).is_some_and(|v| v[0].0 == v[0].1),
    ) {
        if let Some(f) = shortest(forms(m, lo, field, Some(h))) {
            return vec![f];
        }
    }
    if let (Some(ch), Some(cl)) = (m.cubes(hi, 1), m.cubes(lo, 1)) {
        let (mh, vh) = ch[0];
        let (ml, vl) = cl[0];
        return vec![Condition::Masked {
            operand: field,
            mask: u64::from(mh) << 32 | u64::from(ml),
            value: u64::from(vh) << 32 | u64::from(vl),
            equal: true,
        }];
    }
    let mut out: Vec<Condition> = word(m, hi, field.word(true)).into_iter().collect();
    out.extend(word(m, lo, field.word(false)));
    out
}

/// The condition on words 2..16 (instruction_pointer and args) of `r`, with the words
/// named for the byte order of `arch` (as [`Field::for_arch`] names them), `None` if
/// they are unconstrained.
pub fn data_words(m: &mut Manager, r: &Region, arch: u32) -> Option<Condition> {
    let mut parts = Vec::new();
    for (field, lo, hi) in fields64(arch) {
        parts.extend(pair(m, r.words[lo], r.words[hi], field));
    }
    (!parts.is_empty()).then(|| Condition::all(parts))
}

/// True when `r` constrains a word of instruction_pointer or args (whose names depend
/// on the byte order).
pub fn constrains_data(r: &Region) -> bool {
    r.words[2..].iter().any(|&w| w != FULL)
}

/// The fields of 64 bits, with the indices of their low and high words for the byte
/// order of `arch`.
fn fields64(arch: u32) -> [(Operand, usize, usize); 7] {
    let endian = Field::byte_order(Some(arch));
    let w = |f: Field| (f.offset(endian) / 4) as usize;
    let ip = (
        Operand::Ip,
        w(Field::InstructionPointer { high: false }),
        w(Field::InstructionPointer { high: true }),
    );
    let arg = |index: u8| {
        (
            Operand::Arg(index),
            w(Field::Arg { index, high: false }),
            w(Field::Arg { index, high: true }),
        )
    };
    [ip, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5)]
}

/// The union of `boxes` (regions that agree on every word but the two of one 64-bit
/// field) as one condition on that field, when it is a few 64-bit intervals (or their
/// complement): `(low word, high word, condition)`. `None` otherwise.
pub fn union64(
    m: &mut Manager,
    boxes: &[[Bdd; DATA_WORDS]],
    arch: u32,
) -> Option<(usize, usize, Condition)> {
    let first = boxes.first()?;
    let differ: Vec<usize> = (0..DATA_WORDS)
        .filter(|&w| boxes.iter().any(|b| b[w] != first[w]))
        .collect();
    let (field, lo, hi) = fields64(arch)
        .into_iter()
        .find(|&(_, lo, hi)| differ.iter().all(|&w| w == lo || w == hi))?;
    let merged = union_intervals(m, boxes, lo, hi)?;
    // Every value: the field is no condition at all (`args[0] <= 0xffffffffffffffff`
    // would be true but says nothing).
    if merged == [(0, u64::MAX)] {
        return Some((lo, hi, Condition::True));
    }
    let mut gaps: Vec<(u64, u64)> = Vec::new();
    let mut next = Some(0u64);
    for &(a, z) in &merged {
        if let Some(n) = next {
            if a > n {
                gaps.push((n, a - 1));
            }
        }
        next = z.checked_add(1);
    }
    if let Some(n) = next {
        gaps.push((n, u64::MAX));
    }
    let form = |v: &[(u64, u64)], neg: bool| -> Option<Condition> {
        if v.is_empty() || v.len() > CAP {
            return None;
        }
        let parts = v.iter().map(|&x| interval(field, x, (0, u64::MAX), neg));
        Some(if neg {
            Condition::all(parts)
        } else {
            Condition::any(parts)
        })
    };
    shortest(
        [form(&merged, false), form(&gaps, true)]
            .into_iter()
            .flatten(),
    )
    .map(|c| (lo, hi, c))
}

/// The union of `boxes` over the 64-bit field whose words are `lo` and `hi`, as sorted
/// disjoint, non-adjacent 64-bit intervals; `None` when a box is not a few intervals.
fn union_intervals(
    m: &mut Manager,
    boxes: &[[Bdd; DATA_WORDS]],
    lo: usize,
    hi: usize,
) -> Option<Vec<(u64, u64)>> {
    let mut iv: Vec<(u64, u64)> = Vec::new();
    for b in boxes {
        let (hs, ls) = (m.intervals(b[hi], CAP)?, b[lo]);
        for (a, z) in hs {
            if ls == FULL {
                iv.push((u64::from(a) << 32, u64::from(z) << 32 | 0xffff_ffff));
            } else if z - a < 4 {
                for h in a..=z {
                    for (c, d) in m.intervals(ls, CAP)? {
                        iv.push((
                            u64::from(h) << 32 | u64::from(c),
                            u64::from(h) << 32 | u64::from(d),
                        ));
                    }
                }
            } else {
                return None;
            }
        }
    }
    iv.sort_unstable();
    let mut merged: Vec<(u64, u64)> = Vec::new();
    for (a, z) in iv {
        match merged.last_mut() {
            Some(last) if last.1.checked_add(1).is_some_and(|n| n >= a) || last.1 >= a => {
                last.1 = last.1.max(z);
            }
            _ => merged.push((a, z)),
        }
    }
    Some(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_64_bit_comparison_split_in_half_words_is_one_condition() {
        let mut m = Manager::new();
        let (lo, hi) = (8, 9); // args[2] on a little-endian arch
        let mut a = [FULL; DATA_WORDS];
        a[hi] = m.ge(1);
        let mut b = [FULL; DATA_WORDS];
        b[hi] = m.point(0);
        b[lo] = m.ge(4);
        // With the rest (hi == 0, lo <= 3) the field holds every value: no condition.
        let mut c = [FULL; DATA_WORDS];
        c[hi] = m.point(0);
        c[lo] = m.range(0, 3);
        let all = union64(&mut m, &[a, b, c], crate::consts::AUDIT_ARCH_X86_64);
        assert_eq!(all, Some((lo, hi, Condition::True)));
        let got = union64(&mut m, &[a, b], crate::consts::AUDIT_ARCH_X86_64);
        let got = got.map(|(lo, hi, c)| (lo, hi, c.to_string()));
        assert_eq!(got, Some((lo, hi, "args[2] > 3".to_string())));
    }

    /// A set that is neither a few intervals nor a few patterns, nor is its complement,
    /// is written as its masked patterns, each as a pattern (they were once written as
    /// if they were intervals: `(nr >= 0xff && nr <= 1)`, a wrong condition).
    #[test]
    fn many_masked_patterns_are_written_as_patterns() {
        let mut m = Manager::new();
        let mut set = EMPTY;
        for v in [1u32, 3, 5, 7, 9, 11, 13] {
            let c = m.masked(0xff, v);
            set = m.or(set, c);
        }
        let c = word(&mut m, set, Operand::Nr).expect("a condition");
        for x in (0..600u32).chain([u32::MAX, 0x4000_0105, 0x8000_0007]) {
            let d = crate::seccomp::data::SeccompData::new(0, x);
            assert_eq!(c.holds(&d), Some(m.contains(set, x)), "{c} at {x}");
        }
    }

    /// The intervals hold exactly the values of the boxes, on random boxes.
    #[test]
    fn union_intervals_are_exact() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (lo, hi) = (8, 9);
        for _ in 0..300 {
            let mut m = Manager::new();
            let small = |x: u64| (x % 6) as u32;
            let boxes: Vec<[Bdd; DATA_WORDS]> = (0..1 + next() % 3)
                .map(|_| {
                    let mut w = [FULL; DATA_WORDS];
                    let (h1, h2) = (small(next()), small(next()));
                    w[hi] = m.range(h1.min(h2), h1.max(h2));
                    if next() % 2 == 0 {
                        let (l1, l2) = (small(next()), small(next()));
                        w[lo] = m.range(l1.min(l2), l1.max(l2));
                    }
                    w
                })
                .collect();
            let Some(iv) = union_intervals(&mut m, &boxes, lo, hi) else {
                continue;
            };
            for h in 0..7u32 {
                for l in [0u32, 1, 2, 3, 4, 5, 6, u32::MAX] {
                    let v = u64::from(h) << 32 | u64::from(l);
                    let want = boxes
                        .iter()
                        .any(|b| m.contains(b[hi], h) && m.contains(b[lo], l));
                    let got = iv.iter().any(|&(a, z)| a <= v && v <= z);
                    assert_eq!(got, want, "{boxes:?} {iv:?} at {v:#x}");
                }
            }
        }
    }
}
