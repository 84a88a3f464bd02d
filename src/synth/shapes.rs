//! Deterministic filters of a given length and shape, for measuring how the analyses
//! (check, explain, cover, diff, graph) grow with the size of a filter
//! (`benches/analysis-growth.sh`, `benches/analysis.rs`, docs/performance.md).
//!
//! Every shape is an x86_64 policy the kernel accepts, exactly `len` instructions long
//! (for `len` from [`MIN_LEN`] to 4096), built the way real generators lay filters out:
//!
//! - `jeq-chain`: one long chain of `jeq nr` whose true edges go to a shared `ret ALLOW`
//!   (one per block of about 200 tests, as jump offsets are 8 bits), default ERRNO;
//! - `pairs`: `jeq nr, 0, 1; ret ALLOW` pairs, no fall-through from a match;
//! - `args`: libseccomp-style argument blocks that fall through: `ld nr; jeq k; ld
//!   args[i] high word; jeq 0; ld args[i] low word; jeq/jge/jset v; ret ALLOW`, a failed
//!   argument test going on to the next block (two blocks per syscall);
//! - `arch8`: dispatch on 8 audit arches (`jeq arch; ja block`), each block a run of
//!   `jeq nr; ret` pairs with a default of its own;
//! - `returns`: `jeq nr, 0, 1; ret ERRNO(i)` pairs with a distinct value per pair.
//!
//! [`variant`] makes a copy that differs from the original in one rule a third of the way
//! in (what `diff` compares it with).

use crate::consts::{
    AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM, AUDIT_ARCH_I386, AUDIT_ARCH_PPC64LE, AUDIT_ARCH_RISCV64,
    AUDIT_ARCH_S390X, AUDIT_ARCH_X86_64, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO,
    SECCOMP_RET_KILL_PROCESS,
};
use crate::insn::Insn;

/// The shapes, by name.
pub const SHAPES: [&str; 5] = ["jeq-chain", "pairs", "args", "arch8", "returns"];

/// The shortest filter every shape can be built at.
pub const MIN_LEN: usize = 64;

const LD_W_ABS: u16 = 0x20;
const JEQ_K: u16 = 0x15;
const JGE_K: u16 = 0x35;
const JSET_K: u16 = 0x45;
const JA: u16 = 0x05;
const RET_K: u16 = 0x06;
const OFF_NR: u32 = 0;
const OFF_ARCH: u32 = 4;

fn ld(off: u32) -> Insn {
    Insn::stmt(LD_W_ABS, off)
}
fn ret(k: u32) -> Insn {
    Insn::stmt(RET_K, k)
}
fn jeq(k: u32, jt: u8, jf: u8) -> Insn {
    Insn::jump(JEQ_K, k, jt, jf)
}
fn errno(e: u32) -> u32 {
    SECCOMP_RET_ERRNO | (e & 0xffff)
}

/// `ld arch; jeq x86_64, 1, 0; ret KILL_PROCESS; ld nr`.
fn prologue(p: &mut Vec<Insn>) {
    p.push(ld(OFF_ARCH));
    p.push(jeq(AUDIT_ARCH_X86_64, 1, 0));
    p.push(ret(SECCOMP_RET_KILL_PROCESS));
    p.push(ld(OFF_NR));
}

/// The syscall number of rule `i` (distinct for distinct `i` below 4096, spread
/// over the table).
fn nr_of(i: usize) -> u32 {
    (i as u32 * 7) % 4099
}

/// The filter of shape `name` with exactly `len` instructions, or `None` for an unknown
/// shape or a length outside `MIN_LEN..=4096`.
pub fn shape(name: &str, len: usize) -> Option<Vec<Insn>> {
    shape_with(name, len, usize::MAX)
}

/// The copy of [`shape`] that differs in one rule a third of the way in (another syscall
/// number, or another return value).
pub fn variant(name: &str, len: usize) -> Option<Vec<Insn>> {
    shape_with(name, len, len / 3)
}

/// Build the shape; the rule whose first instruction is the first at or after
/// `changed` is altered.
fn shape_with(name: &str, len: usize, changed: usize) -> Option<Vec<Insn>> {
    if !(MIN_LEN..=4096).contains(&len) {
        return None;
    }
    let mut p = Vec::with_capacity(len);
    let mut done = false;
    // Returns true once for the rule that starts at or after `changed`.
    let mut alter = |at: usize| {
        let hit = !done && at >= changed;
        done |= hit;
        hit
    };
    match name {
        "jeq-chain" => {
            prologue(&mut p);
            // Blocks of up to 200 `jeq nr, to_allow, 0`, then `ja +1; ret ALLOW`; the
            // last block ends in the default `ret ERRNO(1)` after its ALLOW.
            let mut i = 0;
            while p.len() < len {
                let room = len - p.len();
                let b = 200.min(room.saturating_sub(2)).max(1);
                let last = room <= 205;
                let b = if last { room - 2 } else { b };
                for j in 0..b {
                    let k = if alter(p.len()) { 5000 } else { nr_of(i) };
                    // To the ALLOW after this block: past the other tests and the ja.
                    let to_allow = (b - j) as u8;
                    p.push(jeq(k, to_allow, 0));
                    i += 1;
                }
                if last {
                    p.push(ret(errno(1)));
                    p.push(ret(SECCOMP_RET_ALLOW));
                } else {
                    p.push(Insn::stmt(JA, 1));
                    p.push(ret(SECCOMP_RET_ALLOW));
                }
            }
        }
        "pairs" | "returns" => {
            prologue(&mut p);
            let mut i = 0;
            while p.len() + 2 < len {
                let a = alter(p.len());
                let k = if a && name == "pairs" { 5000 } else { nr_of(i) };
                p.push(jeq(k, 0, 1));
                let r = match (name, a) {
                    ("pairs", _) => SECCOMP_RET_ALLOW,
                    (_, true) => errno(9999),
                    _ => errno(i as u32 + 1),
                };
                p.push(ret(r));
                i += 1;
            }
            while p.len() < len {
                p.push(ret(errno(0xffff)));
            }
        }
        "args" => {
            prologue(&mut p);
            p.pop(); // every block loads nr itself
                     // 7 instructions per block, 2 blocks per syscall.
            let mut i = 0;
            while p.len() + 7 < len {
                // The first block of a syscall: no earlier block decides its inputs.
                let a = i % 2 == 0 && alter(p.len());
                let arg = (i / 2) % 6;
                let lo = 16 + 8 * arg as u32;
                let v = i as u32 * 3 + 1;
                p.push(ld(OFF_NR));
                p.push(jeq(nr_of(i / 2), 0, 5));
                p.push(ld(lo + 4));
                p.push(jeq(0, 0, 3));
                p.push(ld(lo));
                p.push(match i % 3 {
                    0 => jeq(v, 0, 1),
                    1 => Insn::jump(JGE_K, v, 0, 1),
                    _ => Insn::jump(JSET_K, v, 0, 1),
                });
                p.push(ret(if a { errno(7) } else { SECCOMP_RET_ALLOW }));
                i += 1;
            }
            while p.len() < len {
                p.push(ret(errno(1)));
            }
        }
        "arch8" => {
            const ARCHES: [u32; 8] = [
                AUDIT_ARCH_X86_64,
                AUDIT_ARCH_I386,
                AUDIT_ARCH_AARCH64,
                AUDIT_ARCH_ARM,
                AUDIT_ARCH_RISCV64,
                AUDIT_ARCH_S390X,
                AUDIT_ARCH_PPC64LE,
                0x4000_003e, // another little-endian arch value
            ];
            // ld arch; 8 x (jeq a, 0, 1; ja block); ret KILL_PROCESS
            let head = 1 + 2 * ARCHES.len() + 1;
            let body = len - head;
            let mut sizes = [body / ARCHES.len(); 8];
            sizes[0] += body % ARCHES.len();
            p.push(ld(OFF_ARCH));
            let mut start = head;
            for (a, &arch) in ARCHES.iter().enumerate() {
                p.push(jeq(arch, 0, 1));
                let at = p.len();
                p.push(Insn::stmt(JA, (start - at - 1) as u32));
                start += sizes[a];
            }
            p.push(ret(SECCOMP_RET_KILL_PROCESS));
            // Block: ld nr; pairs; padding with the default.
            let mut i = 0;
            for (a, &size) in sizes.iter().enumerate() {
                let end = p.len() + size;
                p.push(ld(OFF_NR));
                while p.len() + 2 < end {
                    let k = if alter(p.len()) { 5000 } else { nr_of(i) };
                    p.push(jeq(k, 0, 1));
                    p.push(ret(if i % 2 == 0 {
                        SECCOMP_RET_ALLOW
                    } else {
                        errno(a as u32 + 1)
                    }));
                    i += 1;
                }
                while p.len() < end {
                    p.push(ret(errno(100 + a as u32)));
                }
            }
        }
        _ => return None,
    }
    debug_assert_eq!(p.len(), len);
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_has_its_length_and_is_accepted() {
        for name in SHAPES {
            for len in [
                MIN_LEN,
                MIN_LEN + 1,
                100,
                203,
                206,
                207,
                404,
                1000,
                4095,
                4096,
            ] {
                for p in [shape(name, len).unwrap(), variant(name, len).unwrap()] {
                    assert_eq!(p.len(), len, "{name} {len}");
                    let v = crate::verify::check(&p);
                    assert!(v.is_ok(), "{name} {len}: {:?}", v.err());
                }
                assert_ne!(shape(name, len), variant(name, len), "{name} {len}");
            }
        }
        assert!(shape("jeq-chain", MIN_LEN - 1).is_none());
        assert!(shape("jeq-chain", 4097).is_none());
        assert!(shape("nope", 100).is_none());
    }

    /// The analyses on every shape (the code paths the growth work added: one-value
    /// words, the indexed merge, the nr index of diff, cover's traces) give exact answers
    /// whose witnesses the interpreter confirms.
    #[test]
    fn analyses_of_every_shape_are_exact_and_witnessed() {
        use crate::analysis::{cover, diff, explain};
        use crate::seccomp::data::SeccompData;
        use crate::vm;
        for name in SHAPES {
            for len in [MIN_LEN, 150, 420] {
                let p = crate::verify::check(&shape(name, len).unwrap()).unwrap();
                let v = crate::verify::check(&variant(name, len).unwrap()).unwrap();
                let stack = [p.clone()];
                let ex = explain::explain(&stack, None);
                assert!(!ex.approximate, "{name} {len}");
                let mut regions = 0;
                for a in &ex.arches {
                    for s in a.syscalls.iter().chain([&a.default]) {
                        for r in &s.regions {
                            let w = r.witness.expect("exact regions have a witness");
                            assert_eq!(Some(vm::run(&p, &w).ret.raw()), r.ret, "{name} {len}");
                            regions += 1;
                        }
                    }
                }
                assert!(regions > 2, "{name} {len}");
                let d = diff::diff(&stack, std::slice::from_ref(&v), false);
                assert!(!d.equivalent && d.unresolved == 0, "{name} {len}");
                assert!(!d.differences.is_empty(), "{name} {len}");
                for x in &d.differences {
                    assert!(!x.approx, "{name} {len}");
                    assert_eq!(vm::run(&p, &x.witness).ret.raw(), x.a, "{name} {len}");
                    assert_eq!(vm::run(&v, &x.witness).ret.raw(), x.b, "{name} {len}");
                    assert_ne!(x.a, x.b, "{name} {len}");
                }
                assert!(diff::diff(&stack, &stack, false).equivalent);
                let one = SeccompData {
                    nr: 1,
                    arch: AUDIT_ARCH_X86_64,
                    ..SeccompData::default()
                };
                for c in cover::cover(&p, &[one]) {
                    if let cover::Status::Missed(w) = c.status {
                        let mut m = vm::Machine::new(&p, w.words());
                        let mut hit = false;
                        while let Some(s) = m.step() {
                            hit |= s.pc == c.pc;
                        }
                        assert!(hit, "{name} {len}: pc {}", c.pc);
                    }
                    assert!(
                        !matches!(c.status, cover::Status::MissedNoWitness),
                        "{name} {len}: pc {}",
                        c.pc
                    );
                }
            }
        }
    }
}
