//! Readable, exact conditions for regions: `args[1] == 0x22 && (args[2] & 0x4) == 0`.
//!
//! A 64-bit field is written as one value when its high word is a single value (or both
//! words are single masked patterns); otherwise its words are written as `args[1].hi` and
//! `args[1].lo`. Each word set is written as the shortest of: intervals, masked patterns,
//! or the negation of either for its complement.

use super::bdd::{Bdd, Manager, EMPTY, FULL};
use super::engine::Region;
use crate::seccomp::data::{Field, DATA_WORDS};

const CAP: usize = 6;

fn hex(v: u64) -> String {
    if v < 10 {
        v.to_string()
    } else {
        format!("{v:#x}")
    }
}

/// Forms of one set over a field of `bits` bits whose high part is `prefix` (values are
/// `prefix << 32 | x`).
fn forms(m: &mut Manager, set: Bdd, name: &str, prefix: Option<u32>) -> Vec<String> {
    let base = prefix.map_or(0u64, |p| u64::from(p) << 32);
    let (dmin, dmax) = match prefix {
        Some(_) => (0u64, u64::MAX),
        None => (0u64, u64::from(u32::MAX)),
    };
    let mask_hi = if prefix.is_some() {
        0xffff_ffff_0000_0000u64
    } else {
        0
    };
    let iv = |(a, b): (u32, u32), neg: bool| {
        let (a, b) = (base | u64::from(a), base | u64::from(b));
        match (a == b, a == dmin, b == dmax, neg) {
            (true, _, _, false) => format!("{name} == {}", hex(a)),
            (true, _, _, true) => format!("{name} != {}", hex(a)),
            (_, true, _, false) => format!("{name} <= {}", hex(b)),
            (_, true, _, true) => format!("{name} > {}", hex(b)),
            (_, _, true, false) => format!("{name} >= {}", hex(a)),
            (_, _, true, true) => format!("{name} < {}", hex(a)),
            (_, _, _, false) => format!("({name} >= {} && {name} <= {})", hex(a), hex(b)),
            (_, _, _, true) => format!("({name} < {} || {name} > {})", hex(a), hex(b)),
        }
    };
    let cube = |(mk, v): (u32, u32), neg: bool| {
        let op = if neg { "!=" } else { "==" };
        let (mk, v) = (mask_hi | u64::from(mk), base | u64::from(v));
        if mk == (mask_hi | 0xffff_ffff) {
            format!("{name} {op} {}", hex(v))
        } else {
            format!("({name} & {}) {op} {}", hex(mk), hex(v))
        }
    };
    let join = |parts: Vec<String>, sep: &str| {
        if parts.len() == 1 {
            parts.into_iter().next().unwrap_or_default()
        } else if sep == " || " {
            format!("({})", parts.join(sep))
        } else {
            parts.join(sep)
        }
    };
    let mut out = Vec::new();
    let not = m.not(set);
    if let Some(v) = m.intervals(set, CAP) {
        out.push(join(v.into_iter().map(|x| iv(x, false)).collect(), " || "));
    }
    if let Some(v) = m.cubes(set, CAP) {
        out.push(join(
            v.into_iter().map(|x| cube(x, false)).collect(),
            " || ",
        ));
    }
    // A negated form would say nothing about the high word: only without a prefix.
    if prefix.is_some() {
        if out.is_empty() {
            out.push(format!("{name}.hi == {}", hex(base >> 32)));
            if let Some(f) = word(m, set, &format!("{name}.lo")) {
                out[0] += &format!(" && {f}");
            }
        }
        return out;
    }
    if let Some(v) = m.intervals(not, CAP) {
        out.push(join(v.into_iter().map(|x| iv(x, true)).collect(), " && "));
    }
    if let Some(v) = m.cubes(not, CAP) {
        out.push(join(v.into_iter().map(|x| cube(x, true)).collect(), " && "));
    }
    if out.is_empty() {
        let v = m.intervals(set, 64).or_else(|| m.cubes(set, 64));
        out.push(match v {
            Some(v) => join(v.into_iter().map(|x| iv(x, false)).collect(), " || "),
            None => format!(
                "{name} in a set of {} masked patterns",
                m.cubes(set, 4096).map_or(4096, |c| c.len())
            ),
        });
    }
    out
}

/// The shortest exact form of `set` for a field `name` (`None` when it holds every
/// value).
pub fn word(m: &mut Manager, set: Bdd, name: &str) -> Option<String> {
    if set == FULL {
        return None;
    }
    if set == EMPTY {
        return Some("false".into());
    }
    forms(m, set, name, None)
        .into_iter()
        .min_by_key(String::len)
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
    name: &str,
) -> Option<String> {
    let inside = m.and(s, care);
    let ncare = m.not(care);
    let wide = m.or(inside, ncare);
    let unknown = m.not(known);
    let mut best: Option<Option<String>> = None;
    for base in [wide, inside, s] {
        let cut = m.and(base, known);
        let grown = m.or(base, unknown);
        for c in [base, cut, grown] {
            let f = word(m, c, name);
            let better = match (&best, &f) {
                (None, _) => true,
                (Some(None), _) => false,
                (Some(Some(_)), None) => true,
                (Some(Some(b)), Some(x)) => x.len() < b.len(),
            };
            if better {
                best = Some(f);
            }
        }
    }
    best.flatten()
}

fn pair(m: &mut Manager, lo: Bdd, hi: Bdd, name: &str) -> Vec<String> {
    if hi == FULL {
        return word(m, lo, &format!("{name}.lo")).into_iter().collect();
    }
    if lo == FULL {
        return word(m, hi, &format!("{name}.hi")).into_iter().collect();
    }
    if let (Some(h), true) = (
        m.min(hi),
        m.intervals(hi, 1).is_some_and(|v| v[0].0 == v[0].1),
    ) {
        if let Some(f) = forms(m, lo, name, Some(h))
            .into_iter()
            .min_by_key(String::len)
        {
            return vec![f];
        }
    }
    if let (Some(ch), Some(cl)) = (m.cubes(hi, 1), m.cubes(lo, 1)) {
        let (mh, vh) = ch[0];
        let (ml, vl) = cl[0];
        let mk = u64::from(mh) << 32 | u64::from(ml);
        let v = u64::from(vh) << 32 | u64::from(vl);
        return vec![format!("({name} & {}) == {}", hex(mk), hex(v))];
    }
    let mut out: Vec<String> = word(m, hi, &format!("{name}.hi")).into_iter().collect();
    out.extend(word(m, lo, &format!("{name}.lo")));
    out
}

/// The condition on words 2..16 (instruction_pointer and args) of `r`, with the words
/// named for the byte order of `arch` (as [`Field::for_arch`] names them), `None` if
/// they are unconstrained.
pub fn data_words(m: &mut Manager, r: &Region, arch: u32) -> Option<String> {
    let endian = Field::byte_order(Some(arch));
    let word = |f: Field| (f.offset(endian) / 4) as usize;
    let mut parts = Vec::new();
    let fields = (0..6u8).map(|index| {
        (
            Field::Arg { index, high: false },
            Field::Arg { index, high: true },
        )
    });
    let ip = (
        Field::InstructionPointer { high: false },
        Field::InstructionPointer { high: true },
    );
    for (name, (lo, hi)) in [
        "ip", "args[0]", "args[1]", "args[2]", "args[3]", "args[4]", "args[5]",
    ]
    .iter()
    .zip(std::iter::once(ip).chain(fields))
    {
        let (lo, hi) = (r.words[word(lo)], r.words[word(hi)]);
        parts.extend(pair(m, lo, hi, name));
    }
    (!parts.is_empty()).then(|| parts.join(" && "))
}

/// True when `r` constrains a word of instruction_pointer or args (whose names depend
/// on the byte order).
pub fn constrains_data(r: &Region) -> bool {
    r.words[2..].iter().any(|&w| w != FULL)
}

/// The fields of 64 bits by name, with the indices of their low and high words for the
/// byte order of `arch`.
fn fields64(arch: u32) -> [(&'static str, usize, usize); 7] {
    let endian = Field::byte_order(Some(arch));
    let w = |f: Field| (f.offset(endian) / 4) as usize;
    let arg = |index: u8| {
        (
            w(Field::Arg { index, high: false }),
            w(Field::Arg { index, high: true }),
        )
    };
    let ip = (
        w(Field::InstructionPointer { high: false }),
        w(Field::InstructionPointer { high: true }),
    );
    let names = [
        "ip", "args[0]", "args[1]", "args[2]", "args[3]", "args[4]", "args[5]",
    ];
    let words = [ip, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5)];
    std::array::from_fn(|i| (names[i], words[i].0, words[i].1))
}

/// The union of `boxes` (regions that agree on every word but the two of one 64-bit
/// field) as one condition on that field, when it is a few 64-bit intervals (or their
/// complement): `(low word, high word, text)`. `None` otherwise.
pub fn union64(
    m: &mut Manager,
    boxes: &[[Bdd; DATA_WORDS]],
    arch: u32,
) -> Option<(usize, usize, String)> {
    let first = boxes.first()?;
    let differ: Vec<usize> = (0..DATA_WORDS)
        .filter(|&w| boxes.iter().any(|b| b[w] != first[w]))
        .collect();
    let (name, lo, hi) = fields64(arch)
        .into_iter()
        .find(|&(_, lo, hi)| differ.iter().all(|&w| w == lo || w == hi))?;
    let merged = union_intervals(m, boxes, lo, hi)?;
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
    let text = |v: &[(u64, u64)], neg: bool| -> Option<String> {
        if v.is_empty() || v.len() > CAP {
            return None;
        }
        let one = |&(a, b): &(u64, u64)| match (a == b, a == 0, b == u64::MAX, neg) {
            (true, _, _, false) => format!("{name} == {}", hex(a)),
            (true, _, _, true) => format!("{name} != {}", hex(a)),
            (_, true, _, false) => format!("{name} <= {}", hex(b)),
            (_, true, _, true) => format!("{name} > {}", hex(b)),
            (_, _, true, false) => format!("{name} >= {}", hex(a)),
            (_, _, true, true) => format!("{name} < {}", hex(a)),
            (_, _, _, false) => format!("({name} >= {} && {name} <= {})", hex(a), hex(b)),
            (_, _, _, true) => format!("({name} < {} || {name} > {})", hex(a), hex(b)),
        };
        let parts: Vec<String> = v.iter().map(one).collect();
        Some(match (parts.len(), neg) {
            (1, _) => parts.join(""),
            (_, false) => format!("({})", parts.join(" || ")),
            (_, true) => parts.join(" && "),
        })
    };
    [text(&merged, false), text(&gaps, true)]
        .into_iter()
        .flatten()
        .min_by_key(String::len)
        .map(|t| (lo, hi, t))
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
        let got = union64(&mut m, &[a, b], crate::consts::AUDIT_ARCH_X86_64);
        assert_eq!(got, Some((lo, hi, "args[2] > 3".to_string())));
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
