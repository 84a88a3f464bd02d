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
    /// A = M[k].
    LdMem(u8),
    /// X = M[k].
    LdxMem(u8),
    /// M[k] = A.
    St(u8),
    /// M[k] = X.
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
}
