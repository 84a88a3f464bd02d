//! Reduced ordered binary decision diagrams over the 32 bits of one `seccomp_data` word:
//! an exact, canonical representation of any set of u32 values. Variable 0 is bit 31
//! (the most significant), variable 31 is bit 0, so intervals and masked equalities take
//! at most a few dozen nodes. Equal sets have equal [`Bdd`] handles.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, non-keyed hash for the analysis' own tables (node handles, abstract
/// registers): their keys come from the program, not from an adversary choosing
/// collisions, and SipHash over them was a large share of the analysis time. Only used
/// for lookups, never for an order that reaches the output.
#[derive(Clone, Copy, Default)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ (rest.len() as u64) << 59);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl FastHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        // The multiply-rotate step of rustc's FxHasher, with a final mix in `finish`
        // left out: hashbrown uses the top bits, which the multiply fills.
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A handle to a set of u32 values in a [`Manager`].
pub type Bdd = u32;

/// The empty set.
pub const EMPTY: Bdd = 0;
/// Every u32.
pub const FULL: Bdd = 1;

const LEAF: u8 = 32;

/// The node store, unique table and operation caches.
#[derive(Debug)]
pub struct Manager {
    nodes: Vec<(u8, Bdd, Bdd)>,
    unique: FastMap<(u8, Bdd, Bdd), Bdd>,
    and_cache: FastMap<(Bdd, Bdd), Bdd>,
    or_cache: FastMap<(Bdd, Bdd), Bdd>,
    not_cache: FastMap<Bdd, Bdd>,
}

impl Default for Manager {
    fn default() -> Self {
        Manager::new()
    }
}

impl Manager {
    /// A manager holding only the empty and full sets.
    pub fn new() -> Manager {
        Manager {
            nodes: vec![(LEAF, 0, 0), (LEAF, 1, 1)],
            unique: FastMap::default(),
            and_cache: FastMap::default(),
            or_cache: FastMap::default(),
            not_cache: FastMap::default(),
        }
    }

    /// An estimate of the bytes the manager holds (nodes, unique table, caches), for
    /// [`super::budget::Meter`].
    pub fn bytes(&self) -> u64 {
        // Allocated capacity: entry size plus one control byte per hash table slot.
        let n = self.nodes.capacity() as u64 * 12 + self.unique.capacity() as u64 * 17;
        let c = (self.and_cache.capacity() + self.or_cache.capacity()) as u64 * 13;
        n + c + self.not_cache.capacity() as u64 * 9
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn var(&self, b: Bdd) -> u8 {
        self.nodes[b as usize].0
    }

    fn kids(&self, b: Bdd) -> (Bdd, Bdd) {
        let n = self.nodes[b as usize];
        (n.1, n.2)
    }

    /// The node testing variable `v` (bit 31 - v): `lo` where the bit is 0, `hi` where 1.
    pub fn mk(&mut self, v: u8, lo: Bdd, hi: Bdd) -> Bdd {
        if lo == hi {
            return lo;
        }
        if let Some(&b) = self.unique.get(&(v, lo, hi)) {
            return b;
        }
        let b = self.nodes.len() as Bdd;
        self.nodes.push((v, lo, hi));
        self.unique.insert((v, lo, hi), b);
        b
    }

    fn cof(&self, b: Bdd, v: u8) -> (Bdd, Bdd) {
        if self.var(b) == v {
            self.kids(b)
        } else {
            (b, b)
        }
    }

    /// Intersection.
    pub fn and(&mut self, a: Bdd, b: Bdd) -> Bdd {
        if a == EMPTY || b == EMPTY {
            return EMPTY;
        }
        if a == FULL || a == b {
            return b;
        }
        if b == FULL {
            return a;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&r) = self.and_cache.get(&key) {
            return r;
        }
        let v = self.var(a).min(self.var(b));
        let (al, ah) = self.cof(a, v);
        let (bl, bh) = self.cof(b, v);
        let lo = self.and(al, bl);
        let hi = self.and(ah, bh);
        let r = self.mk(v, lo, hi);
        self.and_cache.insert(key, r);
        r
    }

    /// Union.
    pub fn or(&mut self, a: Bdd, b: Bdd) -> Bdd {
        if a == FULL || b == FULL {
            return FULL;
        }
        if a == EMPTY || a == b {
            return b;
        }
        if b == EMPTY {
            return a;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&r) = self.or_cache.get(&key) {
            return r;
        }
        let v = self.var(a).min(self.var(b));
        let (al, ah) = self.cof(a, v);
        let (bl, bh) = self.cof(b, v);
        let lo = self.or(al, bl);
        let hi = self.or(ah, bh);
        let r = self.mk(v, lo, hi);
        self.or_cache.insert(key, r);
        r
    }

    /// Complement.
    pub fn not(&mut self, a: Bdd) -> Bdd {
        if a == EMPTY {
            return FULL;
        }
        if a == FULL {
            return EMPTY;
        }
        if let Some(&r) = self.not_cache.get(&a) {
            return r;
        }
        let (v, (l, h)) = (self.var(a), self.kids(a));
        let lo = self.not(l);
        let hi = self.not(h);
        let r = self.mk(v, lo, hi);
        self.not_cache.insert(a, r);
        r
    }

    /// `a` minus `b`.
    pub fn diff(&mut self, a: Bdd, b: Bdd) -> Bdd {
        let nb = self.not(b);
        self.and(a, nb)
    }

    /// The set `{v}`.
    pub fn point(&mut self, v: u32) -> Bdd {
        self.masked(u32::MAX, v)
    }

    /// The set `{x : x & mask == value & mask}`.
    pub fn masked(&mut self, mask: u32, value: u32) -> Bdd {
        let mut r = FULL;
        for bit in 0..32u8 {
            if mask >> bit & 1 == 1 {
                let var = 31 - bit;
                r = if value >> bit & 1 == 1 {
                    self.mk(var, EMPTY, r)
                } else {
                    self.mk(var, r, EMPTY)
                };
            }
        }
        r
    }

    /// The set `{x : lo <= x <= hi}` (empty if lo > hi).
    pub fn range(&mut self, lo: u32, hi: u32) -> Bdd {
        if lo > hi {
            return EMPTY;
        }
        let ge = self.ge(lo);
        let gt = if hi == u32::MAX {
            EMPTY
        } else {
            self.ge(hi + 1)
        };
        self.diff(ge, gt)
    }

    /// The set `{x : x >= k}`.
    pub fn ge(&mut self, k: u32) -> Bdd {
        let mut r = FULL; // equal so far: x >= k holds
        for bit in 0..32u8 {
            let var = 31 - bit;
            r = if k >> bit & 1 == 1 {
                self.mk(var, EMPTY, r)
            } else {
                self.mk(var, r, FULL)
            };
        }
        r
    }

    /// Does the set contain `x`?
    pub fn contains(&self, mut b: Bdd, x: u32) -> bool {
        while self.var(b) != LEAF {
            let v = self.var(b);
            let (l, h) = self.kids(b);
            b = if x >> (31 - v) & 1 == 1 { h } else { l };
        }
        b == FULL
    }

    /// The only member, when the set has exactly one.
    pub fn single(&self, mut b: Bdd) -> Option<u32> {
        let mut x = 0u32;
        for depth in 0..32u8 {
            // A variable skipped (or a leaf reached early) leaves a bit free: two members
            // or more (reduced diagrams have no empty node but EMPTY).
            if self.var(b) != depth {
                return None;
            }
            let (l, h) = self.kids(b);
            if l == EMPTY {
                x |= 1 << (31 - depth);
                b = h;
            } else if h == EMPTY {
                b = l;
            } else {
                return None;
            }
        }
        (b == FULL).then_some(x)
    }

    /// The smallest member, if any.
    pub fn min(&self, mut b: Bdd) -> Option<u32> {
        if b == EMPTY {
            return None;
        }
        let mut x = 0u32;
        while self.var(b) != LEAF {
            let v = self.var(b);
            let (l, h) = self.kids(b);
            if l != EMPTY {
                b = l;
            } else {
                x |= 1 << (31 - v);
                b = h;
            }
        }
        Some(x)
    }

    /// A member chosen by the bits of `seed` where both branches are non-empty.
    pub fn sample(&self, mut b: Bdd, seed: u64) -> Option<u32> {
        if b == EMPTY {
            return None;
        }
        let mut x = 0u32;
        for depth in 0..32u8 {
            let (l, h) = self.cof(b, depth);
            let one = if l == EMPTY {
                true
            } else if h == EMPTY {
                false
            } else {
                seed >> (depth % 64) & 1 == 1
            };
            if one {
                x |= 1 << (31 - depth);
                b = h;
            } else {
                b = l;
            }
        }
        Some(x)
    }

    /// The members below `limit`, in increasing order.
    pub fn members_below(&self, b: Bdd, limit: u32) -> Vec<u32> {
        self.members_in(b, 0, limit)
    }

    /// The members of `b` in `lo..end`, in increasing order.
    pub fn members_in(&self, b: Bdd, lo: u32, end: u32) -> Vec<u32> {
        let mut out = Vec::new();
        self.walk(b, 0, 0, (lo, end), &mut out);
        out
    }

    fn walk(&self, b: Bdd, depth: u8, prefix: u32, (lo, end): (u32, u32), out: &mut Vec<u32>) {
        if b == EMPTY {
            return;
        }
        let width = 32 - u32::from(depth);
        let base = if width == 32 { 0 } else { prefix << width };
        let last = if width == 32 {
            u32::MAX
        } else {
            base | ((1u32 << width) - 1)
        };
        if base >= end || last < lo {
            return;
        }
        if depth == 32 {
            out.push(prefix);
            return;
        }
        let (l, h) = self.cof(b, depth);
        self.walk(l, depth + 1, prefix << 1, (lo, end), out);
        self.walk(h, depth + 1, prefix << 1 | 1, (lo, end), out);
    }

    /// The set as a list of disjoint cubes `(mask, value)` (one per path to FULL), or
    /// `None` when there are more than `cap`.
    pub fn cubes(&self, b: Bdd, cap: usize) -> Option<Vec<(u32, u32)>> {
        let mut out = Vec::new();
        self.cube_walk(b, 0, 0, cap, &mut out).then_some(out)
    }

    fn cube_walk(&self, b: Bdd, m: u32, v: u32, cap: usize, out: &mut Vec<(u32, u32)>) -> bool {
        if b == EMPTY {
            return true;
        }
        if b == FULL {
            if out.len() >= cap {
                return false;
            }
            out.push((m, v));
            return true;
        }
        let var = self.var(b);
        let bit = 1u32 << (31 - var);
        let (l, h) = self.kids(b);
        self.cube_walk(l, m | bit, v, cap, out) && self.cube_walk(h, m | bit, v | bit, cap, out)
    }

    /// The set as sorted, disjoint, non-adjacent intervals, or `None` when there are
    /// more than `cap`.
    pub fn intervals(&self, b: Bdd, cap: usize) -> Option<Vec<(u32, u32)>> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        self.iv_walk(b, 0, 0, cap, &mut out).then_some(out)
    }

    fn iv_walk(
        &self,
        b: Bdd,
        depth: u8,
        prefix: u32,
        cap: usize,
        out: &mut Vec<(u32, u32)>,
    ) -> bool {
        if b == EMPTY {
            return true;
        }
        if b == FULL {
            let width = 32 - u32::from(depth);
            let (lo, hi) = if width == 32 {
                (0, u32::MAX)
            } else {
                (prefix << width, prefix << width | ((1u32 << width) - 1))
            };
            if let Some(last) = out.last_mut() {
                if last.1 != u32::MAX && last.1 + 1 == lo {
                    last.1 = hi;
                    return true;
                }
            }
            if out.len() >= cap {
                return false;
            }
            out.push((lo, hi));
            return true;
        }
        let (l, h) = self.cof(b, depth);
        self.iv_walk(l, depth + 1, prefix << 1, cap, out)
            && self.iv_walk(h, depth + 1, prefix << 1 | 1, cap, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        let mut m = Manager::new();
        let a = m.range(10, 20);
        assert!(m.contains(a, 10) && m.contains(a, 20) && !m.contains(a, 21));
        assert_eq!(m.intervals(a, 4), Some(vec![(10, 20)]));
        let p = m.point(15);
        let d = m.diff(a, p);
        assert_eq!(m.intervals(d, 4), Some(vec![(10, 14), (16, 20)]));
        assert_eq!(m.members_below(d, 12), vec![10, 11]);
        assert_eq!(m.members_in(d, 11, 12), vec![11]);
        let x = m.range(0x4000_0000, 0x4000_0005);
        assert_eq!(
            m.members_in(x, 0x4000_0004, 0x4000_0010),
            vec![0x4000_0004, 0x4000_0005]
        );
        let k = m.masked(0x4, 0);
        assert_eq!(m.cubes(k, 4), Some(vec![(0x4, 0)]));
        let g = m.ge(7);
        assert_eq!(m.min(g), Some(7));
        let na = m.not(a);
        let all = m.or(a, na);
        assert_eq!(all, FULL);
        for v in [0, 1, 15, 0x8000_0000, u32::MAX] {
            let p = m.point(v);
            assert_eq!(m.single(p), Some(v));
        }
        let two = m.range(4, 5);
        assert_eq!(m.single(two), None);
        assert_eq!(m.single(EMPTY), None);
        assert_eq!(m.single(FULL), None);
        assert_eq!(m.single(d), None);
    }
}
