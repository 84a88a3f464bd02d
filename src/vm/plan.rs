//! The evaluation plan: what every evaluation of a program would repeat, done once.
//!
//! A seccomp filter is mostly a tree of comparisons of `seccomp_data` words against
//! constants: the arch, then the syscall number, then some argument words. The plan is
//! that tree made explicit. Each node switches on one word: a sorted list of intervals
//! of its value, each leading to a return value (with the instruction count of the path),
//! to the next node, or to a point where the interpreter takes over with known
//! registers. An evaluation is then a few lookups (a direct table for syscall numbers, a
//! binary search elsewhere) instead of a run from pc 0, for every input: syscall numbers
//! in or out of any table, unknown arches, x32 numbers, random 32-bit values alike.
//!
//! It is built by running the prepared program on abstract inputs: every word is known
//! only to lie in an interval. Moves between A, X and the scratch cells carry a word
//! symbolically; an instruction that compares a word against a constant splits its
//! interval into the pieces on which the comparison has one outcome, and each piece
//! is run on. Every decision is taken by [`exec`] itself on a value of the piece, so the
//! plan decides exactly what the interpreter decides; what it cannot follow exactly
//! (arithmetic on a word, `ret A` of a word, a comparison with a word in X, a budget
//! spent) ends in a hand-over to the interpreter at the last point where every register
//! was known, which is exact too.

use super::exec::{exec, Flow, Regs};
use super::op::{Op, Prepared};
use crate::seccomp::data::DATA_WORDS;

/// Largest value switched on by a direct table (syscall numbers).
const DENSE_MAX: u32 = 4096;
/// A node gets a direct table only when it has more intervals than this.
const DENSE_MIN_ENTRIES: usize = 8;
/// Most intervals in all nodes of a plan.
const MAX_EDGES: usize = 1 << 16;
/// Most instructions stepped while building a plan (about 4,096 instructions times
/// 1,024 paths).
const MAX_STEPS: usize = 1 << 22;
/// Most bytes of direct tables in a plan.
const MAX_DENSE_BYTES: usize = 1 << 18;
/// Most nodes nested on one path.
const MAX_DEPTH: usize = 64;
/// Most values a path tracks: the 16 words, then words under an `and` mask.
const MAX_KEYS: usize = 32;
/// Most pieces a `jset` on a word may split an interval into.
const MAX_JSET_PIECES: usize = 64;

/// Where an evaluation goes from a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The filter returned `ret` after `executed` instructions.
    Done {
        /// Return value.
        ret: u32,
        /// Instructions executed on this path, the return included.
        executed: u32,
    },
    /// Switch on another word: index into the plan's nodes.
    Node(u32),
    /// The interpreter goes on from this resume point (index into the plan's states).
    Resume(u32),
}

/// A point where the interpreter takes over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resume {
    /// Next pc (of the prepared form).
    pub pc: u32,
    /// Instructions executed so far.
    pub executed: u32,
    /// Registers and scratch memory.
    pub regs: Regs,
}

/// A [`Target`] in 8 bytes: the tag in the low 2 bits (0 done, 1 node, 2 resume); a
/// return value in the high 32 bits and its instruction count in bits 2..32; an index in
/// bits 2..34.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Packed(u64);

impl Packed {
    fn pack(t: Target) -> Packed {
        Packed(match t {
            Target::Done { ret, executed } => {
                (u64::from(ret) << 32) | (u64::from(executed & 0x3fff_ffff) << 2)
            }
            Target::Node(i) => (u64::from(i) << 2) | 1,
            Target::Resume(i) => (u64::from(i) << 2) | 2,
        })
    }

    #[inline(always)]
    fn unpack(self) -> Target {
        let index = (self.0 >> 2) as u32;
        match self.0 & 3 {
            0 => Target::Done {
                ret: (self.0 >> 32) as u32,
                executed: index & 0x3fff_ffff,
            },
            1 => Target::Node(index),
            _ => Target::Resume(index),
        }
    }
}

/// Intervals a node keeps inline (an arch check has 3; more go to the flat arrays).
const INLINE: usize = 4;

/// One node: the intervals of one word's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Node {
    /// The word of `seccomp_data` switched on, and the mask applied to it first.
    word: u32,
    mask: u32,
    /// Number of intervals.
    len: u32,
    /// With at most [`INLINE`] intervals: the first value of intervals 1.. (interval 0
    /// starts at the lowest value that reaches the node), and where each interval goes;
    /// unused slots repeat the last interval (starts `u32::MAX`, the same target), so
    /// counting the starts at or below a value gives its interval.
    inline_starts: [u32; INLINE - 1],
    inline_targets: [Packed; INLINE],
    /// Otherwise: `starts[off..off + len]` (the first value of each interval, ascending;
    /// an interval ends where the next begins) and `targets[off..off + len]`.
    off: u32,
    /// For values below `dense_len`: `dense[dense_off + v]` is the interval's index (for
    /// nodes with many intervals among small values, such as a syscall dispatch).
    dense_off: u32,
    dense_len: u32,
    /// The interval of value `dense_len - 1` (0 without a direct table): a value at or
    /// above `dense_len` lies in this one or a later one, so only those are searched.
    search_from: u32,
}

/// The plan of a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The first level, for the common case: for each arch in `arches` and each nr below
    /// `nr_limit`, where the plan leads from the root with only nr and arch known (a
    /// return, a resume point, or the first node on another word): one lookup.
    arches: Vec<u32>,
    nr_limit: u32,
    table: Vec<Packed>,
    /// The same for nr from `nr_limit` up, as intervals: for arch `a`,
    /// `high[high_at[a]..high_at[a + 1]]` holds (first nr, target), ascending.
    high_at: Vec<u32>,
    high_starts: Vec<u32>,
    high_targets: Vec<Packed>,
    root: Packed,
    nodes: Vec<Node>,
    starts: Vec<u32>,
    targets: Vec<Packed>,
    dense: Vec<u16>,
    states: Vec<Resume>,
}

/// Where a lookup that finds no target goes: the interpreter from pc 0 (never taken).
const FALLBACK: Packed = Packed(2);

impl Plan {
    /// Build the plan of `prepared`.
    pub fn new(prepared: &Prepared) -> Plan {
        let mut b = Builder {
            prepared,
            plan: Plan {
                arches: Vec::new(),
                nr_limit: 0,
                table: Vec::new(),
                high_at: Vec::new(),
                high_starts: Vec::new(),
                high_targets: Vec::new(),
                root: FALLBACK,
                nodes: Vec::new(),
                starts: Vec::new(),
                targets: Vec::new(),
                dense: Vec::new(),
                // states[0]: the start of the program (the hand-over of last resort).
                states: vec![Resume {
                    pc: 0,
                    executed: 0,
                    regs: Regs::default(),
                }],
            },
            steps: 0,
            keys: (0..16).map(|w| (w, u32::MAX)).collect(),
        };
        let root = b.walk(Abs::start(), 0);
        b.plan.root = Packed::pack(root);
        let mut plan = b.plan;
        let (arches, nr_limit) = table_keys(prepared);
        let mut table = Vec::with_capacity(arches.len() * nr_limit as usize);
        for &arch in &arches {
            for nr in 0..nr_limit {
                let mut words = [0u32; DATA_WORDS];
                words[0] = nr;
                words[1] = arch;
                let mut t = plan.root;
                while t.0 & 3 == 1 {
                    match plan.nodes.get((t.0 >> 2) as usize) {
                        Some(n) if n.word <= 1 => t = plan.step(t, &words),
                        _ => break,
                    }
                }
                table.push(t);
            }
        }
        let mut high_at = vec![0u32];
        let (mut high_starts, mut high_targets) = (Vec::new(), Vec::new());
        for &arch in &arches {
            let mut out = Vec::new();
            if plan
                .high(plan.root, arch, nr_limit, u32::MAX, &mut out)
                .is_none()
            {
                // Too many intervals: nr from the limit up start at the root.
                out = vec![(nr_limit, plan.root)];
            }
            for (start, t) in out {
                if high_targets.len() > high_at[high_at.len() - 1] as usize
                    && high_targets.last() == Some(&t)
                {
                    continue;
                }
                high_starts.push(start);
                high_targets.push(t);
            }
            high_at.push(high_targets.len() as u32);
        }
        plan.arches = arches;
        plan.nr_limit = nr_limit;
        plan.table = table;
        plan.high_at = high_at;
        plan.high_starts = high_starts;
        plan.high_targets = high_targets;
        plan
    }

    /// Where each nr in `[lo, hi]` leads from `t` with the arch known: appended to `out`
    /// as (first nr, target), ascending. Follows nodes on the arch and on the unmasked nr;
    /// stops at any other node. None past [`MAX_HIGH`] intervals.
    fn high(
        &self,
        mut t: Packed,
        arch: u32,
        lo: u32,
        hi: u32,
        out: &mut Vec<(u32, Packed)>,
    ) -> Option<()> {
        let mut words = [0u32; DATA_WORDS];
        words[1] = arch;
        while t.0 & 3 == 1 {
            let n = self.nodes.get((t.0 >> 2) as usize)?;
            if n.word == 1 {
                t = self.step(t, &words);
                continue;
            }
            if n.word != 0 || n.mask != u32::MAX {
                break;
            }
            // The node's intervals that meet [lo, hi].
            let (starts, targets): (Vec<u32>, Vec<Packed>) = if n.len as usize <= INLINE {
                let mut st = vec![0u32];
                st.extend_from_slice(&n.inline_starts[..n.len as usize - 1]);
                (st, n.inline_targets[..n.len as usize].to_vec())
            } else {
                let r = n.off as usize..(n.off + n.len) as usize;
                (
                    self.starts.get(r.clone())?.to_vec(),
                    self.targets.get(r)?.to_vec(),
                )
            };
            let first = starts.partition_point(|&s| s <= lo).saturating_sub(1);
            for j in first..starts.len() {
                let s = starts[j].max(lo);
                if s > hi {
                    break;
                }
                let e = starts.get(j + 1).map_or(hi, |&x| (x - 1).min(hi));
                self.high(targets[j], arch, s, e, out)?;
                if out.len() > MAX_HIGH {
                    return None;
                }
            }
            return Some(());
        }
        out.push((lo, t));
        Some(())
    }

    /// Follow the plan for `words` to a return or a resume point.
    #[inline(always)]
    pub fn lookup(&self, words: &[u32; DATA_WORDS]) -> Target {
        let mut t = self.root;
        if t.0 & 3 != 1 {
            // A filter whose answer depends on no input (a constant return).
            return t.unpack();
        }
        let nr = words[0];
        if let Some(a) = self.arches.iter().position(|&x| x == words[1]) {
            if nr < self.nr_limit {
                if let Some(&e) = self.table.get(a * self.nr_limit as usize + nr as usize) {
                    t = e;
                }
            } else if let (Some(&from), Some(&to)) = (self.high_at.get(a), self.high_at.get(a + 1))
            {
                let r = from as usize..to as usize;
                if let (Some(starts), Some(targets)) =
                    (self.high_starts.get(r.clone()), self.high_targets.get(r))
                {
                    let i = starts.partition_point(|&s| s <= nr).saturating_sub(1);
                    if let Some(&e) = targets.get(i) {
                        t = e;
                    }
                }
            }
        }
        while t.0 & 3 == 1 {
            t = self.step(t, words);
        }
        t.unpack()
    }

    #[inline(always)]
    fn step(&self, t: Packed, words: &[u32; DATA_WORDS]) -> Packed {
        let Some(n) = self.nodes.get((t.0 >> 2) as usize) else {
            return FALLBACK;
        };
        let v = words[n.word as usize & 15] & n.mask;
        if n.len as usize <= INLINE {
            let [s1, s2, s3] = n.inline_starts;
            let i = usize::from(v >= s1) + usize::from(v >= s2) + usize::from(v >= s3);
            return n.inline_targets[i];
        }
        let i = if v < n.dense_len {
            match self.dense.get(n.dense_off as usize + v as usize) {
                Some(&i) => usize::from(i),
                None => return FALLBACK,
            }
        } else {
            let (off, from) = (n.off as usize, n.search_from as usize);
            let Some(starts) = self.starts.get(off + from..off + n.len as usize) else {
                return FALLBACK;
            };
            // starts[0] is the lowest value that reaches the node (or, after a direct
            // table, a value below v).
            from + starts.partition_point(|&s| s <= v).saturating_sub(1)
        };
        match self.targets.get(n.off as usize + i) {
            Some(&t) => t,
            None => FALLBACK,
        }
    }

    /// A resume point.
    #[inline(always)]
    pub fn state(&self, i: u32) -> Option<&Resume> {
        self.states.get(i as usize)
    }

    /// Bytes the plan takes.
    pub fn size_bytes(&self) -> usize {
        self.table.len() * 8
            + self.arches.len() * 4
            + self.high_at.len() * 4
            + self.high_starts.len() * 12
            + self.nodes.len() * std::mem::size_of::<Node>()
            + self.starts.len() * 4
            + self.targets.len() * 8
            + self.dense.len() * 2
            + self.states.len() * std::mem::size_of::<Resume>()
    }

    /// (nodes, intervals, resume points): for tests and `bench`.
    pub fn shape(&self) -> (usize, usize, usize) {
        let edges = self.nodes.iter().map(|n| n.len as usize).sum();
        (self.nodes.len(), edges, self.states.len())
    }
}

/// Largest nr the first-level table covers (every nr below the smallest, 512, covers
/// the x86_64 and i386 syscall tables).
const NR_LIMIT_MAX: u32 = 4096;
/// Most intervals of nr from the first-level table's limit up, per arch.
const MAX_HIGH: usize = 1024;
/// Most arch values given a first-level table.
const MAX_ARCHES: usize = 8;

/// The arch values the first-level table covers (x86_64, i386, and those the program
/// compares the arch word with) and its nr limit (past the largest small constant the
/// program compares with, 512 to 4,096).
fn table_keys(prepared: &Prepared) -> (Vec<u32>, u32) {
    let ops = &prepared.ops;
    let mut arches = vec![
        crate::consts::AUDIT_ARCH_X86_64,
        crate::consts::AUDIT_ARCH_I386,
    ];
    let mut max_small = 0u32;
    for (pc, op) in ops.iter().enumerate() {
        let k = match *op {
            Op::JeqK(k, ..) | Op::JgtK(k, ..) | Op::JgeK(k, ..) => Some(k),
            Op::LdJeqK(w, k, ..) | Op::LdJgtK(w, k, ..) | Op::LdJgeK(w, k, ..) => {
                if w == 1 && !arches.contains(&k) && arches.len() < MAX_ARCHES {
                    arches.push(k);
                }
                Some(k)
            }
            _ => None,
        };
        if let Some(k) = k.filter(|&k| k < NR_LIMIT_MAX) {
            max_small = max_small.max(k);
        }
        // An arch compared right after `ld [4]` (not fused when the jeq is a target).
        if let (Op::LdData(1), Some(Op::JeqK(k, ..))) = (*op, ops.get(pc + 1)) {
            if !arches.contains(k) && arches.len() < MAX_ARCHES {
                arches.push(*k);
            }
        }
    }
    for chain in &prepared.chains {
        if let Some(&k) = chain.keys.iter().rev().find(|&&k| k < NR_LIMIT_MAX) {
            max_small = max_small.max(k);
        }
    }
    (arches, (max_small + 2).clamp(512, NR_LIMIT_MAX))
}

/// An abstract value: a constant, or exactly the value of a key: key `i < 16` is word
/// `i` of `seccomp_data`, a higher key a word under an `and` mask ([`Builder::keys`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Val {
    K(u32),
    W(u8),
}

/// The abstract state on one path: pc, instruction count, registers (constants or
/// words), the interval each word is known to lie in, and the last point on the path
/// where every register was a constant.
#[derive(Clone, Debug)]
struct Abs {
    pc: usize,
    n: u32,
    a: Val,
    x: Val,
    mem: [Val; 16],
    /// The interval each key's value is known to lie in.
    dom: [(u32, u32); MAX_KEYS],
    last: Resume,
}

impl Abs {
    fn start() -> Abs {
        Abs {
            pc: 0,
            n: 0,
            a: Val::K(0),
            x: Val::K(0),
            mem: [Val::K(0); 16],
            dom: [(0, u32::MAX); MAX_KEYS],
            last: Resume {
                pc: 0,
                executed: 0,
                regs: Regs::default(),
            },
        }
    }

    /// A word whose interval is one value is that constant.
    fn norm(&self, v: Val) -> Val {
        match v {
            Val::W(w) => {
                let (lo, hi) = self.dom[usize::from(w) % MAX_KEYS];
                if lo == hi {
                    Val::K(lo)
                } else {
                    v
                }
            }
            k => k,
        }
    }

    fn konst(&self, v: Val) -> Option<u32> {
        match self.norm(v) {
            Val::K(k) => Some(k),
            Val::W(_) => None,
        }
    }

    /// The registers, if every one is a constant.
    fn concrete(&self) -> Option<Regs> {
        let mut regs = Regs {
            a: self.konst(self.a)?,
            x: self.konst(self.x)?,
            mem: [0; 16],
        };
        for (m, v) in regs.mem.iter_mut().zip(self.mem) {
            *m = self.konst(v)?;
        }
        Some(regs)
    }
}

/// What one abstract step did.
enum Out {
    Continue,
    Done(u32),
    /// The next step cannot be followed exactly: hand over to the interpreter.
    Bail,
    /// The next step has different outcomes within the interval of this word.
    Split(u8),
}

struct Builder<'p> {
    prepared: &'p Prepared,
    plan: Plan,
    steps: usize,
    /// What each key stands for: (word, mask); keys 0..16 are the words unmasked.
    keys: Vec<(u8, u32)>,
}

/// The word an op compares, when that is a fused load's word.
fn fused_word(op: Op) -> Option<u8> {
    match op {
        Op::LdJeqK(w, ..)
        | Op::LdJgtK(w, ..)
        | Op::LdJgeK(w, ..)
        | Op::LdJsetK(w, ..)
        | Op::LdJeqChain(w, _) => Some(w),
        _ => None,
    }
}

fn is_compare(op: Op) -> bool {
    matches!(
        op,
        Op::JeqK(..)
            | Op::JgtK(..)
            | Op::JgeK(..)
            | Op::JsetK(..)
            | Op::JeqX(..)
            | Op::JgtX(..)
            | Op::JgeX(..)
            | Op::JsetX(..)
            | Op::JeqChain(_)
    ) || fused_word(op).is_some()
}

/// Split `[lo, hi]` before `b`.
fn split_before(lo: u32, hi: u32, b: Option<u32>, out: &mut Vec<(u32, u32)>) {
    match b {
        Some(b) if lo < b && b <= hi => {
            out.push((lo, b - 1));
            out.push((b, hi));
        }
        _ => out.push((lo, hi)),
    }
}

/// The pieces of `[lo, hi]` on which `v & k != 0` has one value, or None if more than
/// [`MAX_JSET_PIECES`].
fn jset_pieces(lo: u32, hi: u32, k: u32, out: &mut Vec<(u32, u32)>) -> Option<()> {
    let mut work = vec![(lo, hi)];
    while let Some((lo, hi)) = work.pop() {
        if out.len() + work.len() > MAX_JSET_PIECES {
            return None;
        }
        if lo == hi {
            out.push((lo, hi));
            continue;
        }
        // Bits above the highest one where lo and hi differ are the same for every value
        // in between; below it, every combination occurs.
        let m = 31 - (lo ^ hi).leading_zeros();
        let low = ((2u64 << m) - 1) as u32;
        if lo & !low & k != 0 || k & low == 0 {
            out.push((lo, hi));
            continue;
        }
        let mid = (hi >> m) << m;
        work.push((mid, hi));
        work.push((lo, mid - 1));
    }
    out.sort_unstable();
    Some(())
}

impl Builder<'_> {
    fn resume(&mut self, st: &Abs) -> Target {
        self.plan.states.push(st.last);
        Target::Resume(self.plan.states.len() as u32 - 1)
    }

    /// Run from `st` to a return, a hand-over, or a switch on a word (built here).
    fn walk(&mut self, mut st: Abs, depth: usize) -> Target {
        loop {
            match self.step(&mut st) {
                Out::Continue => {}
                Out::Done(ret) => {
                    return Target::Done {
                        ret,
                        executed: st.n,
                    }
                }
                Out::Bail => return self.resume(&st),
                Out::Split(w) => {
                    if depth >= MAX_DEPTH
                        || self.plan.nodes.len() * INLINE + self.plan.targets.len() >= MAX_EDGES
                    {
                        return self.resume(&st);
                    }
                    return self.switch(st, w, depth);
                }
            }
        }
    }

    /// Build the node switching on `w` for a state at a comparison of `w`: each piece of
    /// the word's interval is run on; a piece that comes to another comparison of the
    /// same word is split further within the same node.
    fn switch(&mut self, st: Abs, w: u8, depth: usize) -> Target {
        let wi = usize::from(w) % MAX_KEYS;
        let mut entries: Vec<(u32, Target)> = Vec::new();
        let mut work = vec![st];
        let mut pieces = Vec::new();
        while let Some(s) = work.pop() {
            pieces.clear();
            if self.pieces(&s, &mut pieces).is_none() {
                entries.push((s.dom[wi].0, self.resume(&s)));
                continue;
            }
            for &(lo, hi) in &pieces {
                let mut p = s.clone();
                p.dom[wi] = (lo, hi);
                let t = loop {
                    if self.plan.nodes.len() * INLINE
                        + self.plan.targets.len()
                        + entries.len()
                        + work.len()
                        >= MAX_EDGES
                    {
                        break self.resume(&p);
                    }
                    match self.step(&mut p) {
                        Out::Continue => {}
                        Out::Done(ret) => break Target::Done { ret, executed: p.n },
                        Out::Bail => break self.resume(&p),
                        Out::Split(w2) if w2 == w => {
                            work.push(p);
                            break Target::Node(u32::MAX);
                        }
                        Out::Split(w2) => {
                            break if depth + 1 >= MAX_DEPTH {
                                self.resume(&p)
                            } else {
                                self.switch(p, w2, depth + 1)
                            }
                        }
                    }
                };
                if t != Target::Node(u32::MAX) {
                    entries.push((lo, t));
                }
            }
        }
        entries.sort_unstable_by_key(|e| e.0);
        if entries.is_empty() {
            // Never: an interval always has at least one piece.
            return Target::Resume(0);
        }
        let (word, mask) = self.keys.get(wi).copied().unwrap_or((0, 0));
        let plan = &mut self.plan;
        let mut node = Node {
            word: u32::from(word),
            mask,
            len: entries.len() as u32,
            inline_starts: [u32::MAX; INLINE - 1],
            inline_targets: [FALLBACK; INLINE],
            off: 0,
            dense_off: 0,
            dense_len: 0,
            search_from: 0,
        };
        if entries.len() <= INLINE {
            for i in 0..INLINE {
                // Unused slots repeat the last interval.
                let e = entries[i.min(entries.len() - 1)];
                node.inline_targets[i] = Packed::pack(e.1);
                if i > 0 && i < entries.len() {
                    node.inline_starts[i - 1] = e.0;
                }
            }
        } else {
            let off = plan.starts.len();
            node.off = off as u32;
            plan.starts.extend(entries.iter().map(|e| e.0));
            plan.targets
                .extend(entries.iter().map(|e| Packed::pack(e.1)));
            let starts = &plan.starts[off..];
            let small = starts.partition_point(|&s| s < DENSE_MAX);
            if small > DENSE_MIN_ENTRIES && starts.first() == Some(&0) && starts.len() <= 1 << 16 {
                let len = starts[small - 1] as usize + 1;
                if plan.dense.len() + len <= MAX_DENSE_BYTES / 2 {
                    let dense_off = plan.dense.len();
                    for i in 0..small {
                        let end = starts.get(i + 1).map_or(len, |&e| (e as usize).min(len));
                        plan.dense.resize(dense_off + end, i as u16);
                    }
                    node.dense_off = dense_off as u32;
                    node.dense_len = len as u32;
                    node.search_from = u32::from(plan.dense[dense_off + len - 1]);
                }
            }
        }
        plan.nodes.push(node);
        Target::Node(plan.nodes.len() as u32 - 1)
    }

    /// The pieces of the compared word's interval on which the comparison at `st.pc`
    /// has one outcome; None when it cannot be split exactly (too many `jset` pieces).
    fn pieces(&self, st: &Abs, out: &mut Vec<(u32, u32)>) -> Option<()> {
        let op = *self.prepared.ops.get(st.pc)?;
        let w = match fused_word(op) {
            Some(w) => w,
            None => match st.norm(st.a) {
                Val::W(w) => w,
                Val::K(_) => return None,
            },
        };
        let (lo, hi) = st.dom[usize::from(w) % MAX_KEYS];
        let x = st.konst(st.x);
        match op {
            Op::JeqK(k, ..) | Op::LdJeqK(_, k, ..) => {
                let mut tmp = Vec::new();
                split_before(lo, hi, Some(k), &mut tmp);
                for (l, h) in tmp {
                    split_before(l, h, k.checked_add(1), out);
                }
            }
            Op::JeqX(..) => {
                let k = x?;
                let mut tmp = Vec::new();
                split_before(lo, hi, Some(k), &mut tmp);
                for (l, h) in tmp {
                    split_before(l, h, k.checked_add(1), out);
                }
            }
            Op::JgtK(k, ..) | Op::LdJgtK(_, k, ..) => split_before(lo, hi, k.checked_add(1), out),
            Op::JgtX(..) => split_before(lo, hi, x?.checked_add(1), out),
            Op::JgeK(k, ..) | Op::LdJgeK(_, k, ..) => split_before(lo, hi, Some(k), out),
            Op::JgeX(..) => split_before(lo, hi, Some(x?), out),
            Op::JsetK(k, ..) | Op::LdJsetK(_, k, ..) => jset_pieces(lo, hi, k, out)?,
            Op::JsetX(..) => jset_pieces(lo, hi, x?, out)?,
            Op::JeqChain(c) | Op::LdJeqChain(_, c) => {
                let ch = self.prepared.chains.get(usize::from(c))?;
                let from = ch.keys.partition_point(|&k| k < lo);
                let to = ch.keys.partition_point(|&k| k <= hi);
                // Keys are sorted and distinct: each is a piece, and so is each gap.
                let mut at = Some(lo);
                for &k in ch.keys.get(from..to)? {
                    let a = at?;
                    if k > a {
                        out.push((a, k - 1));
                    }
                    out.push((k, k));
                    at = k.checked_add(1);
                }
                if let Some(a) = at.filter(|&a| a <= hi) {
                    out.push((a, hi));
                }
            }
            _ => return None,
        }
        Some(())
    }

    /// The key of `key`'s word under `mask` too, made if new (its values lie in
    /// `[0, mask]`); None when the table of keys is full.
    fn masked(&mut self, st: &mut Abs, key: u8, mask: u32) -> Option<u8> {
        let &(word, old) = self.keys.get(usize::from(key))?;
        let want = (word, old & mask);
        let k = match self.keys.iter().position(|&x| x == want) {
            Some(k) => k,
            None if self.keys.len() < MAX_KEYS => {
                self.keys.push(want);
                self.keys.len() - 1
            }
            None => return None,
        };
        // Every path's interval for a new key is the full range; this one knows more.
        let d = &mut st.dom[k];
        d.1 = d.1.min(want.1);
        if d.0 > d.1 {
            d.0 = d.1;
        }
        Some(k as u8)
    }

    /// One abstract step at `st.pc`.
    fn step(&mut self, st: &mut Abs) -> Out {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Out::Bail;
        }
        let prepared = self.prepared;
        let Some(&op) = prepared.ops.get(st.pc) else {
            return Out::Bail;
        };
        if let Some(regs) = st.concrete() {
            st.last = Resume {
                pc: st.pc as u32,
                executed: st.n,
                regs,
            };
        }
        // Moves carry words symbolically.
        let moved = match op {
            Op::LdData(w) => {
                st.a = st.norm(Val::W(w & 15));
                true
            }
            Op::LdImm(k) => {
                st.a = Val::K(k);
                true
            }
            Op::LdxImm(k) => {
                st.x = Val::K(k);
                true
            }
            Op::LdMem(k) => {
                st.a = st.mem[usize::from(k) & 15];
                true
            }
            Op::LdxMem(k) => {
                st.x = st.mem[usize::from(k) & 15];
                true
            }
            Op::St(k) => {
                st.mem[usize::from(k) & 15] = st.a;
                true
            }
            Op::Stx(k) => {
                st.mem[usize::from(k) & 15] = st.x;
                true
            }
            Op::Tax => {
                st.x = st.a;
                true
            }
            Op::Txa => {
                st.a = st.x;
                true
            }
            _ => false,
        };
        if moved {
            st.pc += 1;
            st.n += 1;
            return Out::Continue;
        }
        // Everything else is decided by `exec` on constants: A (or the fused load's word)
        // may be a word whose interval gives the comparison one outcome, then any value
        // of the interval stands for all of them.
        let mut data = [0u32; DATA_WORDS];
        let mut regs = Regs {
            a: 0,
            x: 0,
            mem: [0; 16],
        };
        let operand = match fused_word(op) {
            Some(w) => Val::W(w & 15),
            None => st.a,
        };
        let operand = st.norm(operand);
        let x = st.norm(st.x);
        let uses_x = matches!(
            op,
            Op::AddX
                | Op::SubX
                | Op::MulX
                | Op::DivX
                | Op::OrX
                | Op::AndX
                | Op::LshX
                | Op::RshX
                | Op::XorX
                | Op::JeqX(..)
                | Op::JgtX(..)
                | Op::JgeX(..)
                | Op::JsetX(..)
        );
        if uses_x {
            match x {
                Val::K(k) => regs.x = k,
                Val::W(_) => return Out::Bail,
            }
        }
        let uses_operand = !matches!(op, Op::RetK(_) | Op::Ja(_));
        if uses_operand {
            match operand {
                Val::K(v) => {
                    regs.a = v;
                    if let Some(w) = fused_word(op) {
                        data[usize::from(w) & 15] = v;
                    }
                }
                Val::W(w) => {
                    if let Op::AndK(k) = op {
                        // A masked word: a key of its own (exact: `and` is all it does).
                        let Some(key) = self.masked(st, w, k) else {
                            return Out::Bail;
                        };
                        st.a = st.norm(Val::W(key));
                        st.pc += 1;
                        st.n += 1;
                        return Out::Continue;
                    }
                    if !is_compare(op) {
                        return Out::Bail;
                    }
                    let mut pieces = Vec::new();
                    if self.pieces(st, &mut pieces).is_none() {
                        return Out::Bail;
                    }
                    if pieces.len() > 1 {
                        return Out::Split(w);
                    }
                    let v = st.dom[usize::from(w) % MAX_KEYS].0;
                    regs.a = v;
                    if let Some(fw) = fused_word(op) {
                        data[usize::from(fw) & 15] = v;
                    }
                }
            }
        }
        let flow = exec(op, st.pc, &mut regs, &data, &prepared.chains);
        // A comparison leaves A as it was (a fused load leaves the loaded word);
        // arithmetic, only ever run on constants here, leaves a constant.
        if fused_word(op).is_some() {
            st.a = operand;
        } else if !is_compare(op) && uses_operand {
            st.a = Val::K(regs.a);
        }
        match flow {
            Flow::Next(next) => {
                st.n += 1;
                st.pc = next;
                Out::Continue
            }
            Flow::Chain { next, executed } => {
                st.n += executed as u32;
                st.pc = next;
                Out::Continue
            }
            Flow::Return(ret) => {
                st.n += 1;
                Out::Done(ret)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(lo: u32, hi: u32, k: u32) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for v in lo..=hi {
            let c = v & k != 0;
            match out.last_mut() {
                Some(last) if (last.1 & k != 0) == c && last.1 + 1 == v => last.1 = v,
                _ => out.push((v, v)),
            }
        }
        out
    }

    #[test]
    fn jset_pieces_are_uniform_and_cover() {
        let mut rng = 0x1234_5678_9abc_def0u64;
        for _ in 0..3000 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let lo = (rng % 300) as u32;
            let hi = lo + ((rng >> 20) % 300) as u32;
            let k = ((rng >> 40) % 512) as u32;
            let mut got = Vec::new();
            if jset_pieces(lo, hi, k, &mut got).is_none() {
                continue;
            }
            // Every piece uniform, pieces contiguous and covering [lo, hi].
            assert_eq!(got.first().map(|p| p.0), Some(lo));
            assert_eq!(got.last().map(|p| p.1), Some(hi));
            for w in got.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0);
            }
            for &(l, h) in &got {
                assert!((l..=h).all(|v| (v & k != 0) == (l & k != 0)));
            }
            // Not more pieces than needed by a factor beyond the block decomposition.
            assert!(got.len() >= brute(lo, hi, k).len());
        }
    }
}
