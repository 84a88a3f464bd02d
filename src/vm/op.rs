//! The pre-decoded instruction form the interpreter runs: one variant per seccomp
//! opcode, jump targets already absolute, `ld [k]` already a word index.

/// An absolute instruction index (programs have at most 4096 instructions).
pub type Target = u16;

/// One verified seccomp instruction, decoded once at load time by
/// [`crate::verify::seccomp::check_seccomp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// A = seccomp_data word `w` (`ld [4w]`).
    LdData(u8),
    /// A = k (also `ld len`, rewritten to 64).
    LdImm(u32),
    /// X = k (also `ldx len`, rewritten to 64).
    LdxImm(u32),
    /// A = `M[k]`.
    LdMem(u8),
    /// X = `M[k]`.
    LdxMem(u8),
    /// `M[k]` = A.
    St(u8),
    /// `M[k]` = X.
    Stx(u8),
    /// X = A.
    Tax,
    /// A = X.
    Txa,
    /// return k.
    RetK(u32),
    /// return A.
    RetA,
    /// A += k.
    AddK(u32),
    /// A -= k.
    SubK(u32),
    /// A *= k.
    MulK(u32),
    /// A /= k (k != 0, checked at load).
    DivK(u32),
    /// A |= k.
    OrK(u32),
    /// A &= k.
    AndK(u32),
    /// A <<= k (k < 32, checked at load).
    LshK(u32),
    /// A >>= k (k < 32, checked at load).
    RshK(u32),
    /// A ^= k.
    XorK(u32),
    /// A += X.
    AddX,
    /// A -= X.
    SubX,
    /// A *= X.
    MulX,
    /// A /= X; X == 0 ends the filter returning 0.
    DivX,
    /// A |= X.
    OrX,
    /// A &= X.
    AndX,
    /// A <<= X & 31.
    LshX,
    /// A >>= X & 31.
    RshX,
    /// A ^= X.
    XorX,
    /// A = -A.
    Neg,
    /// Go to target.
    Ja(Target),
    /// A == k ? jt : jf.
    JeqK(u32, Target, Target),
    /// A > k ? jt : jf (unsigned).
    JgtK(u32, Target, Target),
    /// A >= k ? jt : jf (unsigned).
    JgeK(u32, Target, Target),
    /// A & k != 0 ? jt : jf.
    JsetK(u32, Target, Target),
    /// A == X ? jt : jf.
    JeqX(Target, Target),
    /// A > X ? jt : jf (unsigned).
    JgtX(Target, Target),
    /// A >= X ? jt : jf (unsigned).
    JgeX(Target, Target),
    /// A & X != 0 ? jt : jf.
    JsetX(Target, Target),
    /// The start of a run of `jeq #k, Lt` instructions whose false branches each fall
    /// through to the next one (index into [`Prepared::chains`]): the first whose k
    /// equals A jumps, else the run ends. Only in the prepared form, never in the
    /// per-instruction form that [`crate::vm::Machine`] steps through.
    JeqChain(u16),
    /// `ld [4w]` followed by `jeq #k, jt, jf` (prepared form only; counts 2 instructions).
    LdJeqK(u8, u32, Target, Target),
    /// `ld [4w]` followed by `jgt #k, jt, jf` (prepared form only).
    LdJgtK(u8, u32, Target, Target),
    /// `ld [4w]` followed by `jge #k, jt, jf` (prepared form only).
    LdJgeK(u8, u32, Target, Target),
    /// `ld [4w]` followed by `jset #k, jt, jf` (prepared form only).
    LdJsetK(u8, u32, Target, Target),
    /// `ld [4w]` followed by a [`Op::JeqChain`] (prepared form only).
    LdJeqChain(u8, u16),
}

/// A run of chained `jeq #k` instructions, answered by binary search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JeqChain {
    /// pc of the first instruction of the run.
    pub start: Target,
    /// Number of instructions in the run.
    pub len: Target,
    /// The distinct k values, sorted.
    pub keys: Vec<u32>,
    /// For each key: index in the run of the first jeq with that k, and its jt target.
    pub hits: Vec<(Target, Target)>,
    /// When every key is below [`DENSE_LIMIT`]: for each value v of A below the largest
    /// key + 1, 1 + the index into `hits` of key v, or 0 if v is no key.
    pub dense: Vec<u16>,
}

/// Largest key + 1 for which a run gets a direct lookup table (syscall numbers).
pub const DENSE_LIMIT: u32 = 4096;

impl JeqChain {
    /// Index into `hits` of the key equal to `a`, if any.
    #[inline(always)]
    pub fn find(&self, a: u32) -> Option<usize> {
        if !self.dense.is_empty() {
            return match self.dense.get(a as usize) {
                Some(&i) if i != 0 => Some(usize::from(i) - 1),
                _ => None,
            };
        }
        self.keys.binary_search(&a).ok()
    }
}

/// The form [`crate::vm::run`] executes: the decoded instructions with long `jeq` runs
/// replaced by lookups. Built once when a program is verified.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prepared {
    /// One op per instruction; a run's first instruction is a [`Op::JeqChain`].
    pub ops: Vec<Op>,
    /// The runs.
    pub chains: Vec<JeqChain>,
}

/// Shortest run of chained `jeq` worth a lookup.
const MIN_CHAIN: usize = 6;

impl Prepared {
    /// Prepare `ops` (the per-instruction form). Exactly equivalent: a run of
    /// `jeq #k_i, t_i` at pcs p, p+1, ..., each with its false branch at the next pc, goes
    /// to t_i for the first i with A == k_i and executes i + 1 instructions, else falls
    /// out of the run after executing all of them; A does not change inside a run.
    pub fn new(ops: &[Op]) -> Prepared {
        let mut out = ops.to_vec();
        let mut chains = Vec::new();
        let falls_through =
            |pc: usize| matches!(ops.get(pc), Some(Op::JeqK(_, _, f)) if usize::from(*f) == pc + 1);
        let mut pc = 0;
        while pc < ops.len() {
            let mut end = pc;
            while falls_through(end) {
                end += 1;
            }
            let len = end - pc;
            if len >= MIN_CHAIN && chains.len() < usize::from(u16::MAX) {
                let mut pairs: Vec<(u32, Target, Target)> = (pc..end)
                    .filter_map(|p| match ops[p] {
                        Op::JeqK(k, t, _) => Some((k, (p - pc) as Target, t)),
                        _ => None,
                    })
                    .collect();
                // Sort by k, then by position, and keep the first jeq of each k.
                pairs.sort_unstable_by_key(|&(k, i, _)| (k, i));
                pairs.dedup_by_key(|&mut (k, _, _)| k);
                out[pc] = Op::JeqChain(chains.len() as u16);
                let keys: Vec<u32> = pairs.iter().map(|p| p.0).collect();
                let mut dense = Vec::new();
                if let Some(&max) = keys.last().filter(|&&m| m < DENSE_LIMIT) {
                    dense = vec![0u16; max as usize + 1];
                    for (i, &k) in keys.iter().enumerate() {
                        dense[k as usize] = i as u16 + 1;
                    }
                }
                chains.push(JeqChain {
                    start: pc as Target,
                    len: len as Target,
                    keys,
                    hits: pairs.iter().map(|p| (p.1, p.2)).collect(),
                    dense,
                });
            }
            pc = end.max(pc + 1);
        }
        // Fuse a load of seccomp_data with the jump after it: one dispatch instead of
        // two. The jump keeps its own op too, for jumps that land on it.
        for pc in 0..out.len().saturating_sub(1) {
            let Op::LdData(w) = out[pc] else { continue };
            let fused = match out[pc + 1] {
                Op::JeqK(k, t, f) => Op::LdJeqK(w, k, t, f),
                Op::JgtK(k, t, f) => Op::LdJgtK(w, k, t, f),
                Op::JgeK(k, t, f) => Op::LdJgeK(w, k, t, f),
                Op::JsetK(k, t, f) => Op::LdJsetK(w, k, t, f),
                Op::JeqChain(c) => Op::LdJeqChain(w, c),
                _ => continue,
            };
            out[pc] = fused;
        }
        Prepared { ops: out, chains }
    }
}

impl Op {
    /// The pcs control can go to after this op at `pc`: none for returns, the target of
    /// `ja`, both targets of a conditional jump (the same pc twice when they agree), and
    /// `pc + 1` otherwise. The one control-flow rule the analyses share.
    pub fn successors(self, pc: usize) -> impl Iterator<Item = usize> {
        let (a, b) = match self {
            Op::RetK(_) | Op::RetA => (None, None),
            Op::Ja(t) => (Some(usize::from(t)), None),
            Op::JeqK(_, t, f)
            | Op::JgtK(_, t, f)
            | Op::JgeK(_, t, f)
            | Op::JsetK(_, t, f)
            | Op::JeqX(t, f)
            | Op::JgtX(t, f)
            | Op::JgeX(t, f)
            | Op::JsetX(t, f) => (Some(usize::from(t)), Some(usize::from(f))),
            _ => (Some(pc + 1), None),
        };
        a.into_iter().chain(b)
    }
}
