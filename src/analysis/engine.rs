//! The region engine: a filter's exact partition of the input space.
//!
//! The program is a DAG, so it is run once, in pc order, over *sets* of inputs. A region
//! is a product of one set per `seccomp_data` word (each an exact [`bdd`](super::bdd) set of u32
//! values). Registers and scratch cells hold abstract values: a constant, a *projection*
//! of input bits (what loads, `and`/`or` with constants and constant shifts make: each
//! bit of the value is 0, 1, or one bit of one input word), or "unknown" (arithmetic the
//! engine does not model: add/sub/mul/xor/neg on data, or ops combining two data values).
//!
//! A conditional jump on a projection of one word splits the region exactly (the true
//! and false sets of `jeq`/`jgt`/`jge`/`jset` over a projection are BDDs). A jump on an
//! unknown value sends the region both ways and marks both *approximate*: an approximate
//! region over-approximates the inputs that reach its return, never under-approximates,
//! so every input is in at least one region with its true value, and exact regions are
//! disjoint from each other and exactly the inputs that reach their return.
//!
//! Before the walk, a backward pass finds at every pc which of A, X and `M[k]` can still
//! influence a jump or a return value (`relevance`); the others are reset, so states
//! that differ only in values nobody will look at are equal. States arriving at a pc
//! with equal registers whose regions differ in one word only are merged by uniting that
//! word's set, which keeps chains of `jeq` to one return to one region; when they differ
//! also in register bits that one bit of that word tells apart (the `jset`/`or` diamonds
//! that copy input bits into scratch memory), the merged register takes that input bit.
//!
//! The walk is metered by a [`Meter`]: once its budget is spent, the states at each pc
//! are joined into one approximate state, so the rest of the walk is linear.

use super::bdd::{Bdd, FastMap, Manager, EMPTY, FULL};
use super::budget::{Budget, Meter};
use crate::program::VerifiedProgram;
use crate::seccomp::action::precedence;
use crate::seccomp::arch::data_endian;
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use crate::vm::op::Op;
use crate::Endian;
use std::collections::HashMap;

/// A product of per-word sets: the inputs whose word `w` is in `words[w]` for every w.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Region {
    /// One set per `seccomp_data` word (0 nr, 1 arch, 2.. instruction_pointer and args).
    pub words: [Bdd; DATA_WORDS],
    /// True when the region over-approximates (a branch on arithmetic the engine does not
    /// model was taken both ways on the way here).
    pub approx: bool,
}

impl Region {
    /// Every input.
    pub fn full() -> Region {
        Region {
            words: [FULL; DATA_WORDS],
            approx: false,
        }
    }

    /// Intersection, or `None` if empty.
    pub fn meet(&self, other: &Region, m: &mut Manager) -> Option<Region> {
        let mut words = [FULL; DATA_WORDS];
        for (w, slot) in words.iter_mut().enumerate() {
            *slot = m.and(self.words[w], other.words[w]);
            if *slot == EMPTY {
                return None;
            }
        }
        Some(Region {
            words,
            approx: self.approx || other.approx,
        })
    }

    /// The smallest member of every word (all words are non-empty in a region), with
    /// arch x86_64 when the region allows it.
    pub fn min_words(&self, m: &Manager) -> [u32; DATA_WORDS] {
        let mut out = [0u32; DATA_WORDS];
        for (slot, &set) in out.iter_mut().zip(&self.words) {
            *slot = m.min(set).unwrap_or(0);
        }
        // Prefer x86_64 where the arch is free: witnesses people can run as they are.
        if m.contains(self.words[1], crate::consts::AUDIT_ARCH_X86_64) {
            out[1] = crate::consts::AUDIT_ARCH_X86_64;
        }
        out
    }
}

/// A set of inputs that reaches one return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// The inputs.
    pub region: Region,
    /// The value returned, `None` when it depends on arithmetic the engine does not model
    /// (`ret a` after such arithmetic).
    pub ret: Option<u32>,
    /// pc of the return (of the newest filter deciding, for a stack).
    pub pc: usize,
    /// For `ret a` returning input bits (`ret` is `None`): each bit of the value, as 0,
    /// 1, or `2 + 32 * word + bit`.
    pub ret_bits: Option<[u16; 32]>,
}

impl Leaf {
    /// The value this leaf returns for an input in its region, when the engine knows it.
    pub fn value_at(&self, words: &[u32; DATA_WORDS]) -> Option<u32> {
        if let Some(r) = self.ret {
            return Some(r);
        }
        let bits = self.ret_bits?;
        let mut v = 0u32;
        for (j, &b) in bits.iter().enumerate() {
            let bit = match b {
                0 | 1 => u32::from(b),
                _ => {
                    let (w, i) = (usize::from((b - 2) / 32), (b - 2) % 32);
                    words[w] >> i & 1
                }
            };
            v |= bit << j;
        }
        Some(v)
    }
}

/// One bit of a projection: 0, 1, or `2 + 32 * word + bit`.
type BitSrc = u16;

/// An abstract 32-bit value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Val {
    Const(u32),
    Proj([BitSrc; 32]),
    Unknown,
}

fn norm(bits: [BitSrc; 32]) -> Val {
    if bits.iter().all(|&b| b < 2) {
        Val::Const(
            bits.iter()
                .enumerate()
                .fold(0, |acc, (j, &b)| acc | (u32::from(b) << j)),
        )
    } else {
        Val::Proj(bits)
    }
}

fn word_val(w: u8) -> Val {
    let mut bits = [0u16; 32];
    for (j, b) in bits.iter_mut().enumerate() {
        *b = 2 + 32 * u16::from(w) + j as u16;
    }
    Val::Proj(bits)
}

fn and_k(v: Val, k: u32) -> Val {
    match v {
        Val::Const(c) => Val::Const(c & k),
        Val::Proj(mut b) => {
            for (j, s) in b.iter_mut().enumerate() {
                if k >> j & 1 == 0 {
                    *s = 0;
                }
            }
            norm(b)
        }
        Val::Unknown if k == 0 => Val::Const(0),
        Val::Unknown => Val::Unknown,
    }
}

fn or_k(v: Val, k: u32) -> Val {
    match v {
        Val::Const(c) => Val::Const(c | k),
        Val::Proj(mut b) => {
            for (j, s) in b.iter_mut().enumerate() {
                if k >> j & 1 == 1 {
                    *s = 1;
                }
            }
            norm(b)
        }
        Val::Unknown if k == u32::MAX => Val::Const(k),
        Val::Unknown => Val::Unknown,
    }
}

fn shift(v: Val, s: u32, left: bool) -> Val {
    let s = s as usize & 31;
    match v {
        Val::Const(c) => Val::Const(if left { c << s } else { c >> s }),
        Val::Proj(b) => {
            let mut out = [0u16; 32];
            for (j, o) in out.iter_mut().enumerate() {
                *o = if left {
                    if j >= s {
                        b[j - s]
                    } else {
                        0
                    }
                } else if j + s < 32 {
                    b[j + s]
                } else {
                    0
                };
            }
            norm(out)
        }
        Val::Unknown => Val::Unknown,
    }
}

/// `v op k` for an ALU op with a constant operand.
fn alu_k(op: Op, v: Val, k: u32) -> Val {
    use Op::*;
    if let Val::Const(c) = v {
        let r = match op {
            AddK(_) | AddX => c.wrapping_add(k),
            SubK(_) | SubX => c.wrapping_sub(k),
            MulK(_) | MulX => c.wrapping_mul(k),
            DivK(_) | DivX => c.checked_div(k).unwrap_or(0),
            OrK(_) | OrX => c | k,
            AndK(_) | AndX => c & k,
            LshK(_) | LshX => c.wrapping_shl(k & 31),
            RshK(_) | RshX => c.wrapping_shr(k & 31),
            XorK(_) | XorX => c ^ k,
            _ => return Val::Unknown,
        };
        return Val::Const(r);
    }
    match op {
        AndK(_) | AndX => and_k(v, k),
        OrK(_) | OrX => or_k(v, k),
        LshK(_) | LshX => shift(v, k & 31, true),
        RshK(_) | RshX => shift(v, k & 31, false),
        AddK(_) | AddX | SubK(_) | SubX | XorK(_) | XorX if k == 0 => v,
        MulK(_) | MulX | DivK(_) | DivX if k == 1 => v,
        MulK(_) | MulX if k.is_power_of_two() => shift(v, k.trailing_zeros(), true),
        DivK(_) | DivX if k.is_power_of_two() => shift(v, k.trailing_zeros(), false),
        MulK(_) | MulX if k == 0 => Val::Const(0),
        _ => Val::Unknown,
    }
}

/// Abstract registers and scratch memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Regs {
    a: Val,
    x: Val,
    mem: [Val; 16],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    Eq,
    Gt,
    Ge,
    Set,
}

#[derive(Clone, Copy)]
enum Cond {
    Always(bool),
    /// The true set over one word (the false set is its complement).
    Split(usize, Bdd),
    Unknown,
}

fn rel_const(rel: Rel, a: u32, k: u32) -> bool {
    match rel {
        Rel::Eq => a == k,
        Rel::Gt => a > k,
        Rel::Ge => a >= k,
        Rel::Set => a & k != 0,
    }
}

/// The set of words `w` with `f(w) rel k` for a projection `f` of one word.
fn cond_proj(m: &mut Manager, bits: &[BitSrc; 32], rel: Rel, k: u32) -> Cond {
    let mut word = None;
    for &b in bits {
        if b >= 2 {
            let w = usize::from((b - 2) / 32);
            if word.is_some_and(|x| x != w) {
                return Cond::Unknown;
            }
            word = Some(w);
        }
    }
    let Some(word) = word else {
        return Cond::Unknown;
    };
    let mut r = match rel {
        Rel::Gt | Rel::Set => EMPTY,
        Rel::Ge | Rel::Eq => FULL,
    };
    for (j, &b) in bits.iter().enumerate() {
        let kj = k >> j & 1;
        if b < 2 {
            let c = u32::from(b);
            r = match rel {
                Rel::Set if kj == 1 && c == 1 => FULL,
                Rel::Set => r,
                Rel::Eq if c != kj => EMPTY,
                _ if c == kj => r,
                _ if c > kj => FULL,
                _ => EMPTY,
            };
        } else {
            // The inputs whose bit is 1. Value bits may come from input bits in any
            // order, and one input bit may feed several value bits (a symbolic merge
            // makes such values), so the sets are combined by set operations, never by
            // building nodes in variable order.
            let bit = u32::from((b - 2) % 32);
            let one = m.masked(1 << bit, 1 << bit);
            r = match (rel, kj) {
                // Some tested bit is set.
                (Rel::Set, 1) => m.or(r, one),
                (Rel::Set, _) => r,
                // Every bit equals k's.
                (Rel::Eq, 0) => m.diff(r, one),
                (Rel::Eq, _) => m.and(r, one),
                // From the low bits up: greater here, or equal here and greater below.
                (_, 0) => m.or(r, one),
                (_, _) => m.and(r, one),
            };
        }
    }
    Cond::Split(word, r)
}

/// `a rel b` over abstract values.
fn cond(m: &mut Manager, a: Val, b: Val, rel: Rel) -> Cond {
    match (a, b) {
        (Val::Const(x), Val::Const(k)) => Cond::Always(rel_const(rel, x, k)),
        (Val::Proj(bits), Val::Const(k)) => cond_proj(m, &bits, rel, k),
        (Val::Const(c), Val::Proj(bits)) => {
            // c == X, c & X: symmetric; c > X is !(X >= c); c >= X is !(X > c).
            let (rel2, neg) = match rel {
                Rel::Eq => (Rel::Eq, false),
                Rel::Set => (Rel::Set, false),
                Rel::Gt => (Rel::Ge, true),
                Rel::Ge => (Rel::Gt, true),
            };
            match cond_proj(m, &bits, rel2, c) {
                Cond::Split(w, t) if neg => Cond::Split(w, m.not(t)),
                other => other,
            }
        }
        _ => Cond::Unknown,
    }
}

/// What the engine learned about one filter.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Every return reached, with the inputs reaching it. Exact leaves are disjoint.
    pub leaves: Vec<Leaf>,
    /// For each pc, a region of inputs reaching it (an exact one when there is one), or
    /// `None` if no input reaches it.
    pub reach: Vec<Option<Region>>,
    /// Arch values the filter compares `arch` with (`jeq`), in order of appearance.
    pub arch_keys: Vec<u32>,
    /// Constants below 4096 the filter compares anything with (for the nr table size).
    pub small_consts: Vec<u32>,
}

impl Analysis {
    /// True when some leaf is approximate.
    pub fn approximate(&self) -> bool {
        self.leaves.iter().any(|l| l.region.approx)
    }
}

fn push_state(
    pending: &mut [Vec<(Region, Regs)>],
    reach: &mut [Option<Region>],
    live: &[u32],
    queued: &mut u64,
    pc: usize,
    r: Region,
    regs: Regs,
) {
    if let Some(slot) = reach.get_mut(pc) {
        if slot.is_none_or(|old| old.approx && !r.approx) {
            *slot = Some(r);
        }
    }
    if let Some(p) = pending.get_mut(pc) {
        p.push((r, canon(regs, live.get(pc).copied().unwrap_or(0))));
        *queued += 1;
    }
}

/// Relevance bit of A.
const REL_A: u32 = 1;
/// Relevance bit of X.
const REL_X: u32 = 2;
/// Relevance bit of `M[k]`.
fn rel_m(k: u8) -> u32 {
    4 << (k & 15)
}

/// For each pc, the registers and scratch cells (bits [`REL_A`], [`REL_X`], `4 << k`)
/// whose value at the entry of the pc can still influence a jump or a return value
/// ("strong liveness": a value that only flows into cells that are themselves never
/// looked at is dead too). One backward pass suffices: classic BPF only jumps forward.
fn relevance(ops: &[Op]) -> Vec<u32> {
    let n = ops.len();
    let mut live_in = vec![0u32; n];
    for pc in (0..n).rev() {
        let at = |t: usize| live_in.get(t).copied().unwrap_or(0);
        let op = ops[pc];
        let out = op.successors(pc).fold(0, |acc, t| acc | at(t));
        let flow = |dst: u32, src: u32| (out & !dst) | if out & dst != 0 { src } else { 0 };
        live_in[pc] = match op {
            Op::RetK(_) => 0,
            Op::RetA => REL_A,
            Op::LdData(_) | Op::LdImm(_) => out & !REL_A,
            Op::LdxImm(_) => out & !REL_X,
            Op::LdMem(k) => flow(REL_A, rel_m(k)),
            Op::LdxMem(k) => flow(REL_X, rel_m(k)),
            Op::St(k) => flow(rel_m(k), REL_A),
            Op::Stx(k) => flow(rel_m(k), REL_X),
            Op::Tax => flow(REL_X, REL_A),
            Op::Txa => flow(REL_A, REL_X),
            // X == 0 ends the filter: X decides control whether or not A matters.
            Op::DivX => out | REL_X,
            Op::AddX
            | Op::SubX
            | Op::MulX
            | Op::OrX
            | Op::AndX
            | Op::LshX
            | Op::RshX
            | Op::XorX => out | if out & REL_A != 0 { REL_X } else { 0 },
            Op::JeqK(..) | Op::JgtK(..) | Op::JgeK(..) | Op::JsetK(..) => out | REL_A,
            Op::JeqX(..) | Op::JgtX(..) | Op::JgeX(..) | Op::JsetX(..) => out | REL_A | REL_X,
            // Ja, Neg and ALU with a constant: A's relevance carries over.
            _ => out,
        };
    }
    live_in
}

/// `regs` with every value not in `live` reset to 0.
fn canon(mut regs: Regs, live: u32) -> Regs {
    if live & REL_A == 0 {
        regs.a = Val::Const(0);
    }
    if live & REL_X == 0 {
        regs.x = Val::Const(0);
    }
    for (k, cell) in regs.mem.iter_mut().enumerate() {
        if live & rel_m(k as u8) == 0 {
            *cell = Val::Const(0);
        }
    }
    regs
}

/// The bits of a value (constants as 0/1), `None` for unknown.
fn bits_of(v: Val) -> Option<[BitSrc; 32]> {
    match v {
        Val::Const(c) => {
            let mut b = [0u16; 32];
            for (j, s) in b.iter_mut().enumerate() {
                *s = (c >> j & 1) as u16;
            }
            Some(b)
        }
        Val::Proj(b) => Some(b),
        Val::Unknown => None,
    }
}

/// Merge two values that differ only in constant bits, each told apart by one bit of
/// word `w`: `sel[b]` is `Some(c)` when input bit `b` is `c` all over the first region
/// and `1 - c` all over the second.
fn merge_val(x: Val, y: Val, w: usize, sel: &[Option<u16>; 32]) -> Option<Val> {
    if x == y {
        return Some(x);
    }
    let (bx, by) = (bits_of(x)?, bits_of(y)?);
    let mut out = bx;
    for j in 0..32 {
        if bx[j] == by[j] {
            continue;
        }
        if bx[j] >= 2 || by[j] >= 2 {
            return None;
        }
        let b = (0..32).find(|&b| sel[b] == Some(bx[j]))?;
        out[j] = 2 + 32 * w as u16 + b as u16;
    }
    Some(norm(out))
}

/// Merge two states whose regions differ in exactly word `w` and whose registers differ
/// in constant bits that bits of `w` tell apart; `None` if they cannot be merged exactly.
fn merge_symbolic(
    m: &mut Manager,
    (r1, g1): &(Region, Regs),
    (r2, g2): &(Region, Regs),
) -> Option<(Region, Regs)> {
    if r1.approx != r2.approx {
        return None;
    }
    let mut diff = (0..DATA_WORDS).filter(|&w| r1.words[w] != r2.words[w]);
    let w = diff.next()?;
    if diff.next().is_some() {
        return None;
    }
    let (s1, s2) = (r1.words[w], r2.words[w]);
    let mut sel = [None; 32];
    for (b, slot) in sel.iter_mut().enumerate() {
        let one = m.masked(1 << b, 1 << b);
        let zero = m.not(one);
        if m.and(s1, zero) == EMPTY && m.and(s2, one) == EMPTY {
            *slot = Some(1);
        } else if m.and(s1, one) == EMPTY && m.and(s2, zero) == EMPTY {
            *slot = Some(0);
        }
    }
    if sel.iter().all(Option::is_none) {
        return None;
    }
    let mut g = *g1;
    g.a = merge_val(g1.a, g2.a, w, &sel)?;
    g.x = merge_val(g1.x, g2.x, w, &sel)?;
    for k in 0..16 {
        g.mem[k] = merge_val(g1.mem[k], g2.mem[k], w, &sel)?;
    }
    let mut r = *r1;
    r.words[w] = m.or(s1, s2);
    Some((r, g))
}

/// Join values: equal ones stay, others become unknown.
fn join_val(x: Val, y: Val) -> Val {
    if x == y {
        x
    } else {
        Val::Unknown
    }
}

/// One state that over-approximates all of `states` (the product of per-word unions,
/// marked approximate when more than one state was joined).
fn join_all(m: &mut Manager, states: Vec<(Region, Regs)>) -> Vec<(Region, Regs)> {
    let mut it = states.into_iter();
    let Some(mut acc) = it.next() else {
        return Vec::new();
    };
    for (r, g) in it {
        for w in 0..DATA_WORDS {
            acc.0.words[w] = m.or(acc.0.words[w], r.words[w]);
        }
        acc.0.approx = true;
        acc.1.a = join_val(acc.1.a, g.a);
        acc.1.x = join_val(acc.1.x, g.x);
        for k in 0..16 {
            acc.1.mem[k] = join_val(acc.1.mem[k], g.mem[k]);
        }
    }
    vec![acc]
}

/// Merge states with equal registers whose regions differ in at most one word, then
/// states that [`merge_symbolic`] can merge.
fn merge(m: &mut Manager, states: Vec<(Region, Regs)>, meter: &mut Meter) -> Vec<(Region, Regs)> {
    if states.len() < 2 {
        return states;
    }
    let (out, all) = merge_same_regs(m, states, meter);
    if !all.is_empty() {
        let mut out = out;
        out.extend(all);
        return join_all(m, out);
    }
    merge_pairs(m, out, meter)
}

/// Type of a list of states.
type States = Vec<(Region, Regs)>;

/// The first step of [`merge`]: each state, in order, merged into the first earlier
/// state with equal registers and approximation whose region differs from its own in at
/// most one word (that word's sets united), else kept. Returns the states, grouped by
/// registers in order of first appearance, and the states left over once `meter` is
/// spent (to be joined).
fn merge_same_regs(m: &mut Manager, states: States, meter: &mut Meter) -> (States, States) {
    let n_states = states.len() as u64;
    let mut all = Vec::new();
    // Groups of equal registers, in order of first appearance.
    let mut gid_of: FastMap<Regs, usize> = FastMap::default();
    let mut gregs: Vec<Regs> = Vec::new();
    let mut gregions: Vec<Vec<Region>> = Vec::new();
    // Two regions that differ in at most one word agree on all of words 0..8 or on all of
    // words 8..16: each region of a group is indexed by both halves, so the first earlier
    // region it merges with is found among a few candidates, not by comparing it with
    // every region of its group (what made long fall-through chains quadratic here).
    // Entries whose half has changed since are checked and skipped.
    type HalfKey = (usize, bool, bool, [Bdd; DATA_WORDS / 2]);
    let half = |r: &Region, hi: bool| -> [Bdd; DATA_WORDS / 2] {
        let mut h = [EMPTY; DATA_WORDS / 2];
        let at = if hi { DATA_WORDS / 2 } else { 0 };
        h.copy_from_slice(&r.words[at..at + DATA_WORDS / 2]);
        h
    };
    let mut index: FastMap<HalfKey, Vec<usize>> = FastMap::default();
    for (r, regs) in states {
        if meter.over(m.bytes() + n_states * STATE_BYTES) {
            all.push((r, regs));
            continue;
        }
        let gid = *gid_of.entry(regs).or_insert_with(|| {
            gregs.push(regs);
            gregions.push(Vec::new());
            gregs.len() - 1
        });
        let g = &mut gregions[gid];
        // The first region of the group (in order) with r's approximation that differs
        // from r in at most one word, and that word.
        let mut best: Option<(usize, Option<usize>)> = None;
        for hi in [false, true] {
            let Some(slots) = index.get(&(gid, r.approx, hi, half(&r, hi))) else {
                continue;
            };
            for &slot in slots {
                if best.is_some_and(|(b, _)| b <= slot) {
                    continue;
                }
                let old = &g[slot];
                if old.approx != r.approx {
                    continue;
                }
                let mut diff = None;
                let mut n = 0;
                for w in 0..DATA_WORDS {
                    if old.words[w] != r.words[w] {
                        n += 1;
                        diff = Some(w);
                    }
                }
                if n <= 1 {
                    best = Some((slot, diff));
                }
            }
        }
        match best {
            Some((_, None)) => {}
            Some((slot, Some(w))) => {
                let old = &mut g[slot];
                old.words[w] = m.or(old.words[w], r.words[w]);
                let hi = w >= DATA_WORDS / 2;
                let key = (gid, old.approx, hi, half(old, hi));
                index.entry(key).or_default().push(slot);
            }
            None => {
                let slot = g.len();
                g.push(r);
                for hi in [false, true] {
                    index
                        .entry((gid, r.approx, hi, half(&r, hi)))
                        .or_default()
                        .push(slot);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (regs, regions) in gregs.into_iter().zip(gregions) {
        for r in regions {
            out.push((r, regs));
        }
    }
    (out, all)
}

/// The second step of [`merge`]: pairs of states that [`merge_symbolic`] can merge.
fn merge_pairs(m: &mut Manager, mut out: States, meter: &mut Meter) -> States {
    // Pairs whose registers differ: quadratic, so only for a moderate number of states.
    if out.len() < 2 || out.len() > 64 {
        return out;
    }
    let mut i = 0;
    while i < out.len() {
        let mut j = i + 1;
        let mut changed = false;
        while j < out.len() {
            if meter.over(m.bytes()) {
                return out;
            }
            if out[i].1 != out[j].1 {
                if let Some(s) = merge_symbolic(m, &out[i], &out[j]) {
                    out[i] = s;
                    out.remove(j);
                    changed = true;
                    continue;
                }
            }
            j += 1;
        }
        if !changed {
            i += 1;
        }
    }
    out
}

/// Bytes counted per pending state: twice its size, for the growth of the lists that
/// hold them and the copies merging makes.
const STATE_BYTES: u64 = 2 * std::mem::size_of::<(Region, Regs)>() as u64;

/// Run the engine over `prog` starting from every input in `start`, within the default
/// [`Budget`].
pub fn analyze(prog: &VerifiedProgram, m: &mut Manager, start: Region) -> Analysis {
    analyze_with(prog, m, start, &mut Meter::new(&Budget::default()))
}

/// Run the engine over `prog` starting from every input in `start`, counting against
/// `meter`: once it is spent, the states at each pc are joined into one approximate state.
pub fn analyze_with(
    prog: &VerifiedProgram,
    m: &mut Manager,
    start: Region,
    meter: &mut Meter,
) -> Analysis {
    let ops = prog.ops();
    let n = ops.len();
    let live = relevance(ops);
    let mut pending: Vec<Vec<(Region, Regs)>> = vec![Vec::new(); n];
    let mut queued = 0u64;
    let mut reach = vec![None; n];
    let mut out = Analysis::default();
    let init = Regs {
        a: Val::Const(0),
        x: Val::Const(0),
        mem: [Val::Const(0); 16],
    };
    // Queue a state at a pc (see push_state).
    macro_rules! push {
        ($pc:expr, $region:expr, $regs:expr) => {
            push_state(
                &mut pending,
                &mut reach,
                &live,
                &mut queued,
                $pc,
                $region,
                $regs,
            )
        };
    }
    push!(0, start, init);
    for (pc, &op) in ops.iter().enumerate() {
        if let Op::JeqK(k, ..) | Op::JgtK(k, ..) | Op::JgeK(k, ..) = op {
            if k < 4096 {
                out.small_consts.push(k);
            }
        }
        let taken = std::mem::take(&mut pending[pc]);
        let bytes = m.bytes() + queued * STATE_BYTES;
        queued -= taken.len() as u64;
        let states = if meter.over(bytes) {
            join_all(m, taken)
        } else {
            merge(m, taken, meter)
        };
        let mut conds: Vec<(Val, Val, Cond)> = Vec::new();
        for (region, mut regs) in states {
            let next = pc + 1;
            let jump = |t: u16| usize::from(t);
            let (rel, rhs, jt, jf) = match op {
                Op::LdData(w) => {
                    regs.a = word_val(w & 15);
                    push!(next, region, regs);
                    continue;
                }
                Op::LdImm(k) => {
                    regs.a = Val::Const(k);
                    push!(next, region, regs);
                    continue;
                }
                Op::LdxImm(k) => {
                    regs.x = Val::Const(k);
                    push!(next, region, regs);
                    continue;
                }
                Op::LdMem(k) => {
                    regs.a = regs.mem[usize::from(k) & 15];
                    push!(next, region, regs);
                    continue;
                }
                Op::LdxMem(k) => {
                    regs.x = regs.mem[usize::from(k) & 15];
                    push!(next, region, regs);
                    continue;
                }
                Op::St(k) => {
                    regs.mem[usize::from(k) & 15] = regs.a;
                    push!(next, region, regs);
                    continue;
                }
                Op::Stx(k) => {
                    regs.mem[usize::from(k) & 15] = regs.x;
                    push!(next, region, regs);
                    continue;
                }
                Op::Tax => {
                    regs.x = regs.a;
                    push!(next, region, regs);
                    continue;
                }
                Op::Txa => {
                    regs.a = regs.x;
                    push!(next, region, regs);
                    continue;
                }
                Op::RetK(k) => {
                    out.leaves.push(Leaf {
                        region,
                        ret: Some(k),
                        pc,
                        ret_bits: None,
                    });
                    continue;
                }
                Op::RetA => {
                    let (ret, ret_bits) = match regs.a {
                        Val::Const(c) => (Some(c), None),
                        Val::Proj(b) => (None, Some(b)),
                        Val::Unknown => (None, None),
                    };
                    out.leaves.push(Leaf {
                        region,
                        ret,
                        pc,
                        ret_bits,
                    });
                    continue;
                }
                Op::Neg => {
                    regs.a = match regs.a {
                        Val::Const(c) => Val::Const(c.wrapping_neg()),
                        _ => Val::Unknown,
                    };
                    push!(next, region, regs);
                    continue;
                }
                Op::AddK(k)
                | Op::SubK(k)
                | Op::MulK(k)
                | Op::DivK(k)
                | Op::OrK(k)
                | Op::AndK(k)
                | Op::LshK(k)
                | Op::RshK(k)
                | Op::XorK(k) => {
                    regs.a = alu_k(op, regs.a, k);
                    push!(next, region, regs);
                    continue;
                }
                Op::DivX => {
                    // X == 0 ends the filter returning 0.
                    let c = cond(m, regs.x, Val::Const(0), Rel::Eq);
                    let (zero, nonzero) = split(m, &region, c);
                    if let Some(r) = zero {
                        out.leaves.push(Leaf {
                            region: r,
                            ret: Some(0),
                            pc,
                            ret_bits: None,
                        });
                    }
                    if let Some(r) = nonzero {
                        regs.a = match regs.x {
                            Val::Const(k) => alu_k(op, regs.a, k),
                            _ => Val::Unknown,
                        };
                        push!(next, r, regs);
                    }
                    continue;
                }
                Op::AddX
                | Op::SubX
                | Op::MulX
                | Op::OrX
                | Op::AndX
                | Op::LshX
                | Op::RshX
                | Op::XorX => {
                    regs.a = match (regs.a, regs.x) {
                        (a, Val::Const(k)) => alu_k(op, a, k),
                        (Val::Const(c), x) if matches!(op, Op::OrX | Op::AndX) => alu_k(op, x, c),
                        _ => Val::Unknown,
                    };
                    push!(next, region, regs);
                    continue;
                }
                Op::Ja(t) => {
                    push!(jump(t), region, regs);
                    continue;
                }
                Op::JeqK(k, t, f) => (Rel::Eq, Val::Const(k), t, f),
                Op::JgtK(k, t, f) => (Rel::Gt, Val::Const(k), t, f),
                Op::JgeK(k, t, f) => (Rel::Ge, Val::Const(k), t, f),
                Op::JsetK(k, t, f) => (Rel::Set, Val::Const(k), t, f),
                Op::JeqX(t, f) => (Rel::Eq, regs.x, t, f),
                Op::JgtX(t, f) => (Rel::Gt, regs.x, t, f),
                Op::JgeX(t, f) => (Rel::Ge, regs.x, t, f),
                Op::JsetX(t, f) => (Rel::Set, regs.x, t, f),
                // Only in the prepared form.
                Op::JeqChain(_)
                | Op::LdJeqK(..)
                | Op::LdJgtK(..)
                | Op::LdJgeK(..)
                | Op::LdJsetK(..)
                | Op::LdJeqChain(..) => unreachable!("per-instruction form only"),
            };
            if rel == Rel::Eq {
                if let (Val::Proj(bits), Val::Const(k)) = (regs.a, rhs) {
                    if word_val(1) == Val::Proj(bits) && !out.arch_keys.contains(&k) {
                        out.arch_keys.push(k);
                    }
                }
            }
            // States at one pc mostly compare the same value: build its sets once.
            let c = match conds.iter().find(|(a, b, _)| *a == regs.a && *b == rhs) {
                Some(&(_, _, c)) => c,
                None => {
                    let c = cond(m, regs.a, rhs, rel);
                    conds.push((regs.a, rhs, c));
                    c
                }
            };
            let (t, f) = split(m, &region, c);
            if let Some(r) = t {
                push!(jump(jt), r, regs);
            }
            if let Some(r) = f {
                push!(jump(jf), r, regs);
            }
        }
    }
    out.reach = reach;
    out
}

fn split(m: &mut Manager, region: &Region, c: Cond) -> (Option<Region>, Option<Region>) {
    match c {
        Cond::Always(true) => (Some(*region), None),
        Cond::Always(false) => (None, Some(*region)),
        Cond::Unknown => {
            let r = Region {
                approx: true,
                ..*region
            };
            (Some(r), Some(r))
        }
        Cond::Split(w, set) => {
            // Fast paths with the same answer as the set operations below, without their
            // cache entries: a word known to one value goes one way whole (what the
            // states of other rules falling through a chain of tests are), and a test
            // for one value the word does not hold sends the region to the false side.
            //
            // The complement is still built here (once per set; a cache hit after), so
            // the BDD nodes are numbered as by the set operations: anything that orders
            // sets by handle sees the same order.
            let cur = region.words[w];
            if let Some(v) = m.single(cur) {
                m.not(set);
                return if m.contains(set, v) {
                    (Some(*region), None)
                } else {
                    (None, Some(*region))
                };
            }
            if let Some(k) = m.single(set) {
                if !m.contains(cur, k) {
                    m.not(set);
                    return (None, Some(*region));
                }
            }
            let side = |m: &mut Manager, s: Bdd| {
                let x = m.and(region.words[w], s);
                (x != EMPTY).then(|| {
                    let mut r = *region;
                    r.words[w] = x;
                    r
                })
            };
            let t = side(m, set);
            let ns = m.not(set);
            (t, side(m, ns))
        }
    }
}

/// The leaves of a stack (install order, oldest first): every product of one leaf per
/// filter that is not empty, with the value the kernel's precedence picks (newest
/// filter first, replaced only by a strictly lower action). An empty stack lets every
/// syscall run: one leaf, ALLOW everywhere. Within the default [`Budget`].
pub fn stack_leaves(analyses: &[Analysis], m: &mut Manager) -> Vec<Leaf> {
    stack_leaves_with(analyses, m, &mut Meter::new(&Budget::default()))
}

/// [`stack_leaves`] counting against `meter`. Leaves with the same value whose regions
/// differ in one word are merged after each filter (exact); once the meter is spent,
/// all leaves with the same value are joined into one approximate leaf.
pub fn stack_leaves_with(analyses: &[Analysis], m: &mut Manager, meter: &mut Meter) -> Vec<Leaf> {
    let mut acc: Vec<Leaf> = match analyses.last() {
        Some(a) => merge_leaves(m, a.leaves.clone(), meter),
        None => {
            return vec![Leaf {
                region: Region::full(),
                ret: Some(crate::consts::SECCOMP_RET_ALLOW),
                pc: 0,
                ret_bits: None,
            }]
        }
    };
    for a in analyses.iter().rev().skip(1) {
        let mut older = a.leaves.clone();
        if meter.spent().is_some() {
            older = coarsen_leaves(m, older);
        }
        let mut next = Vec::new();
        let mut restart = false;
        'outer: for cur in &acc {
            for l in &older {
                let bytes = m.bytes() + (next.len() as u64) * LEAF_BYTES;
                if meter.over(bytes) {
                    // Start this filter again with joined leaves on both sides.
                    next.clear();
                    restart = true;
                    break 'outer;
                }
                if let Some(region) = cur.region.meet(&l.region, m) {
                    let ret = match (cur.ret, l.ret) {
                        (Some(b), Some(r)) if precedence(r) < precedence(b) => Some(r),
                        (Some(b), Some(_)) => Some(b),
                        _ => None,
                    };
                    let ret_bits = match (cur.ret_bits, l.ret_bits) {
                        (Some(x), Some(y)) if x == y => Some(x),
                        _ => None,
                    };
                    next.push(Leaf {
                        region,
                        ret,
                        pc: cur.pc,
                        ret_bits: if ret.is_some() { None } else { ret_bits },
                    });
                }
            }
        }
        if restart {
            let (cur, older) = (coarsen_leaves(m, acc), coarsen_leaves(m, older));
            for c in &cur {
                for l in &older {
                    if let Some(region) = c.region.meet(&l.region, m) {
                        let ret = match (c.ret, l.ret) {
                            (Some(b), Some(r)) if precedence(r) < precedence(b) => Some(r),
                            (Some(b), Some(_)) => Some(b),
                            _ => None,
                        };
                        next.push(Leaf {
                            region,
                            ret,
                            pc: c.pc,
                            ret_bits: None,
                        });
                    }
                }
            }
        }
        acc = merge_leaves(m, next, meter);
    }
    acc
}

/// Bytes counted per leaf.
const LEAF_BYTES: u64 = std::mem::size_of::<Leaf>() as u64;

/// Merge leaves with the same value (and approximation) whose regions differ in at most
/// one word; once `meter` is spent, [`coarsen_leaves`] instead.
pub fn merge_leaves(m: &mut Manager, leaves: Vec<Leaf>, meter: &mut Meter) -> Vec<Leaf> {
    type K = (Option<u32>, Option<[u16; 32]>, bool);
    let mut groups: HashMap<K, Vec<Leaf>> = HashMap::new();
    let mut order: Vec<K> = Vec::new();
    let n = leaves.len() as u64;
    for l in leaves.iter() {
        if meter.over(m.bytes() + n * LEAF_BYTES) {
            return coarsen_leaves(m, leaves);
        }
        let key = (l.ret, l.ret_bits, l.region.approx);
        let g = groups.entry(key).or_default();
        if g.is_empty() {
            order.push(key);
        }
        let mut merged = false;
        for old in g.iter_mut() {
            let mut diff = (0..DATA_WORDS).filter(|&w| old.region.words[w] != l.region.words[w]);
            match (diff.next(), diff.next()) {
                (None, _) => merged = true,
                (Some(w), None) => {
                    old.region.words[w] = m.or(old.region.words[w], l.region.words[w]);
                    merged = true;
                }
                _ => {}
            }
            if merged {
                break;
            }
        }
        if !merged {
            g.push(*l);
        }
    }
    order
        .into_iter()
        .flat_map(|k| groups.remove(&k).unwrap_or_default())
        .collect()
}

/// One leaf per value: the product of the per-word unions of the leaves with that value,
/// approximate when more than one leaf was joined.
pub fn coarsen_leaves(m: &mut Manager, leaves: Vec<Leaf>) -> Vec<Leaf> {
    let mut out: Vec<Leaf> = Vec::new();
    let mut index: HashMap<(Option<u32>, Option<[u16; 32]>), usize> = HashMap::new();
    for l in leaves {
        let slot = index.get(&(l.ret, l.ret_bits)).copied();
        match slot.and_then(|i| out.get_mut(i)) {
            Some(o) => {
                if o.region != l.region {
                    for w in 0..DATA_WORDS {
                        o.region.words[w] = m.or(o.region.words[w], l.region.words[w]);
                    }
                    o.region.approx = true;
                }
            }
            None => {
                index.insert((l.ret, l.ret_bits), out.len());
                out.push(l);
            }
        }
    }
    out
}

/// Turn 16 words into a `seccomp_data` whose [`SeccompData::words`] gives them back.
pub fn data_of_words(w: &[u32; DATA_WORDS]) -> SeccompData {
    let endian = data_endian(w[1]);
    let join = |i: usize| {
        let (a, b) = (u64::from(w[i]), u64::from(w[i + 1]));
        match endian {
            Endian::Little => b << 32 | a,
            Endian::Big => a << 32 | b,
        }
    };
    SeccompData {
        nr: w[0],
        arch: w[1],
        instruction_pointer: join(2),
        args: [join(4), join(6), join(8), join(10), join(12), join(14)],
    }
}

/// The value the stack returns for `words` (as `secbpf run` computes it).
/// An empty stack lets every syscall run (ALLOW).
pub fn eval(stack: &[VerifiedProgram], words: &[u32; DATA_WORDS]) -> u32 {
    crate::seccomp::stack::eval_stack_words(stack, words).raw()
}

/// A member of `region` on which `stack` returns `ret`: the smallest member first, then a
/// few pseudo-random ones (for approximate regions). `None` if none was found.
pub fn witness(
    stack: &[VerifiedProgram],
    m: &Manager,
    region: &Region,
    ret: Option<u32>,
) -> Option<[u32; DATA_WORDS]> {
    witness_tries(stack, m, region, ret, 64)
}

/// [`witness`] with at most `tries` pseudo-random members after the smallest.
pub fn witness_tries(
    stack: &[VerifiedProgram],
    m: &Manager,
    region: &Region,
    ret: Option<u32>,
    tries: usize,
) -> Option<[u32; DATA_WORDS]> {
    let first = region.min_words(m);
    if ret.is_none_or(|r| eval(stack, &first) == r) {
        return Some(first);
    }
    if !region.approx {
        return None;
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..tries {
        let mut w = [0u32; DATA_WORDS];
        for (i, slot) in w.iter_mut().enumerate() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *slot = m.sample(region.words[i], seed).unwrap_or(0);
        }
        if ret.is_none_or(|r| eval(stack, &w) == r) {
            return Some(w);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first step of [`merge`] as it was written before it was indexed: each state
    /// compared with every earlier state of its group.
    fn merge_same_regs_reference(m: &mut Manager, states: States) -> States {
        let mut groups: Vec<(Regs, Vec<Region>)> = Vec::new();
        for (r, regs) in states {
            let gi = match groups.iter().position(|(g, _)| *g == regs) {
                Some(i) => i,
                None => {
                    groups.push((regs, Vec::new()));
                    groups.len() - 1
                }
            };
            let g = &mut groups[gi].1;
            let mut merged = false;
            for old in g.iter_mut() {
                if old.approx != r.approx {
                    continue;
                }
                let diff: Vec<usize> = (0..DATA_WORDS)
                    .filter(|&w| old.words[w] != r.words[w])
                    .collect();
                match diff[..] {
                    [] => merged = true,
                    [w] => {
                        old.words[w] = m.or(old.words[w], r.words[w]);
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
        groups
            .into_iter()
            .flat_map(|(regs, rs)| rs.into_iter().map(move |r| (r, regs)))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The indexed merge gives exactly the states the pairwise merge gave, in the
        /// same order (regions that differ in zero, one or more words, in a few groups of
        /// registers, exact and approximate).
        #[test]
        fn indexed_merge_is_the_pairwise_merge(
            states in proptest::collection::vec(
                (0..3usize, any::<bool>(),
                 proptest::collection::vec((0..DATA_WORDS, 0..5usize), 0..4)),
                0..40,
            )
        ) {
            let mut m = Manager::new();
            let sets = [FULL, m.point(1), m.point(2), m.range(0, 5), m.ge(7)];
            let regs = [
                Regs { a: Val::Const(0), x: Val::Const(0), mem: [Val::Const(0); 16] },
                Regs { a: Val::Const(1), x: Val::Const(0), mem: [Val::Const(0); 16] },
                Regs { a: word_val(0), x: Val::Const(0), mem: [Val::Const(0); 16] },
            ];
            let states: States = states
                .into_iter()
                .map(|(g, approx, words)| {
                    let mut r = Region { approx, ..Region::full() };
                    for (w, s) in words {
                        r.words[w] = sets[s];
                    }
                    (r, regs[g])
                })
                .collect();
            let want = merge_same_regs_reference(&mut m, states.clone());
            let mut meter = Meter::new(&Budget::default());
            let (got, rest) = merge_same_regs(&mut m, states, &mut meter);
            prop_assert!(rest.is_empty());
            prop_assert_eq!(got, want);
        }
    }
}
