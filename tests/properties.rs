//! Property tests over arbitrary instruction sequences: the checker never panics, an
//! accepted program always runs to a return within its length, the stepping machine
//! agrees with the fast interpreter, and accepted programs only contain what the spec
//! (kernel-facts §2, §3) lets through.

use proptest::prelude::*;
use secbpf::consts::*;
use secbpf::seccomp::data::SeccompData;
use secbpf::verify::{self, VerifyErrorKind as K};
use secbpf::vm::{self, Machine};
use secbpf::Insn;

/// The 41 opcodes seccomp accepts (kernel-facts §3: the 49 of §2.1 minus 8).
const SECCOMP_41: [u16; 41] = [
    0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c, 0x74, 0x7c,
    0xa4, 0xac, 0x84, 0x20, 0x80, 0x00, 0x60, 0x81, 0x01, 0x61, 0x02, 0x03, 0x07, 0x87, 0x06, 0x16,
    0x05, 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d,
];
/// Classic opcodes seccomp refuses (§3).
const SECCOMP_REFUSED: [u16; 8] = [0x94, 0x9c, 0x28, 0x30, 0x40, 0x48, 0x50, 0xb1];
/// Edge values of k for the rules of §2.2 and §3.
const EDGE_K: [u32; 11] = [
    0,
    1,
    31,
    32,
    15,
    16,
    60,
    64,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
];
const ARCHES: [u32; 5] = [
    AUDIT_ARCH_X86_64,
    AUDIT_ARCH_I386,
    AUDIT_ARCH_S390X,
    AUDIT_ARCH_AARCH64,
    AUDIT_ARCH_PPC64,
];

fn code() -> impl Strategy<Value = u16> {
    prop_oneof![
        12 => proptest::sample::select(&SECCOMP_41[..]),
        2 => proptest::sample::select(&SECCOMP_REFUSED[..]),
        1 => 0u16..0xb2,
        1 => any::<u16>(),
    ]
}

fn small_u8() -> impl Strategy<Value = u8> {
    prop_oneof![6 => 0u8..4, 1 => any::<u8>()]
}

fn k() -> impl Strategy<Value = u32> {
    prop_oneof![
        4 => proptest::sample::select(&EDGE_K[..]),
        3 => (0u32..16).prop_map(|w| w * 4),
        2 => 0u32..8,
        2 => any::<u32>(),
        1 => (0u32..64).prop_map(|o| SKF_AD_OFF.wrapping_add(o)),
    ]
}

fn insn() -> impl Strategy<Value = Insn> {
    (code(), small_u8(), small_u8(), k()).prop_map(|(c, jt, jf, k)| Insn::new(c, jt, jf, k))
}

/// Raw programs of 0..64 instructions; half of them end in a `ret`.
fn raw_program() -> impl Strategy<Value = Vec<Insn>> {
    (
        proptest::collection::vec(insn(), 0..64),
        any::<bool>(),
        prop_oneof![Just(0x06u16), Just(0x16u16)],
        k(),
    )
        .prop_map(|(mut p, end_with_ret, rc, rk)| {
            if end_with_ret && !p.is_empty() {
                let n = p.len() - 1;
                p[n] = Insn::stmt(rc, rk);
            }
            p
        })
}

/// Make instruction `pc` of a `len`-long program satisfy the rules of §2.2 and §3
/// (keeping its kind of operation), so that random programs are often accepted and
/// reach the interpreter. Scratch-memory dataflow (§2.4) is left to chance.
fn repair(i: Insn, pc: usize, len: usize) -> Insn {
    let mut i = i;
    if !SECCOMP_41.contains(&i.code) {
        i.code = SECCOMP_41[usize::from(i.code) % SECCOMP_41.len()];
    }
    let left = len - pc - 1; // instructions after this one
    if pc + 1 == len {
        return Insn::new(
            if i.k.is_multiple_of(2) { 0x06 } else { 0x16 },
            i.jt,
            i.jf,
            i.k,
        );
    }
    match i.code {
        0x20 => i.k = (i.k % 16) * 4,
        0x34 if i.k == 0 => i.k = 1,
        0x64 | 0x74 => i.k %= 32,
        0x60 | 0x61 | 0x02 | 0x03 => i.k %= 16,
        0x05 => i.k %= left as u32,
        0x15 | 0x1d | 0x25 | 0x2d | 0x35 | 0x3d | 0x45 | 0x4d => {
            i.jt = (usize::from(i.jt) % left) as u8;
            i.jf = (usize::from(i.jf) % left) as u8;
        }
        _ => {}
    }
    i
}

/// Mostly valid programs of 1..64 instructions: each instruction is repaired with
/// probability 15/16, the last one is always made a `ret`.
fn repaired_program() -> impl Strategy<Value = Vec<Insn>> {
    proptest::collection::vec((insn(), 0u8..16), 1..64).prop_map(|v| {
        let len = v.len();
        v.into_iter()
            .enumerate()
            .map(|(pc, (i, dice))| {
                if dice == 0 && pc + 1 != len {
                    i
                } else {
                    repair(i, pc, len)
                }
            })
            .collect()
    })
}

fn program() -> impl Strategy<Value = Vec<Insn>> {
    prop_oneof![1 => raw_program(), 2 => repaired_program()]
}

fn data() -> impl Strategy<Value = SeccompData> {
    (
        prop_oneof![
            3 => proptest::sample::select(&ARCHES[..]),
            1 => any::<u32>()
        ],
        prop_oneof![0u32..512, any::<u32>()],
        any::<u64>(),
        proptest::array::uniform6(prop_oneof![
            Just(0u64),
            Just(u64::MAX),
            0u64..0x1_0000_0000,
            any::<u64>()
        ]),
    )
        .prop_map(|(arch, nr, ip, args)| SeccompData {
            nr,
            arch,
            instruction_pointer: ip,
            args,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn check_never_panics_and_accepted_programs_run(p in program(), ds in proptest::collection::vec(data(), 1..4)) {
        let r = verify::check(&p);
        match r {
            Ok(v) => {
                prop_assert_eq!(v.len(), p.len());
                prop_assert_eq!(v.insns(), &p[..]);
                // §1.5: 3 prologue insns + at least 1 per cBPF insn
                prop_assert!(v.ebpf_len() >= 3 + p.len());
                prop_assert_eq!(v.ebpf_len(), verify::seccomp::ebpf_len(&p));
                for d in &ds {
                    let rr = vm::run(&v, d);
                    // §2.3: forward jumps only -> at most len insns run, at least one
                    prop_assert!(rr.insns_executed >= 1);
                    prop_assert!(rr.insns_executed <= p.len());
                    let mut m = Machine::new(&v, d.words());
                    prop_assert_eq!(m.run_to_end(), rr.ret);
                    prop_assert_eq!(m.executed(), rr.insns_executed);
                    prop_assert_eq!(vm::run_words(&v, &d.words()), rr);
                }
            }
            Err(e) => {
                // lone filter, default options, <= 64 insns: only program errors, EINVAL
                prop_assert_eq!(e.errno_name(), "EINVAL");
                if let Some(pc) = e.pc() {
                    prop_assert!(pc < p.len());
                }
                if p.is_empty() {
                    prop_assert_eq!(e.kind(), K::EmptyProgram);
                }
            }
        }
    }

    #[test]
    fn accepted_programs_obey_the_spec_rules(p in program()) {
        if let Ok(_v) = verify::check(&p) {
            let len = p.len();
            // §2.3 last insn is RET K or RET A
            prop_assert!(matches!(p[len - 1].code, 0x06 | 0x16));
            for (pc, i) in p.iter().enumerate() {
                // §3: only the 41 seccomp codes
                prop_assert!(SECCOMP_41.contains(&i.code), "pc {} code {:#x}", pc, i.code);
                match i.code {
                    // §3: ld [k] with k in 0,4,..,60
                    0x20 => prop_assert!(i.k < 64 && i.k.is_multiple_of(4)),
                    // §2.2
                    0x34 => prop_assert!(i.k != 0),
                    0x64 | 0x74 => prop_assert!(i.k < 32),
                    0x60 | 0x61 | 0x02 | 0x03 => prop_assert!(i.k < 16),
                    0x05 => prop_assert!((pc as u64) + 1 + u64::from(i.k) < len as u64),
                    0x15 | 0x1d | 0x25 | 0x2d | 0x35 | 0x3d | 0x45 | 0x4d => {
                        prop_assert!(pc + 1 + usize::from(i.jt) < len);
                        prop_assert!(pc + 1 + usize::from(i.jf) < len);
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn a_program_with_an_unknown_code_is_refused(p in program(), pos in any::<prop::sample::Index>(), bad in 0xb2u16..=u16::MAX) {
        // §2.1: any code >= 0xb2 is refused by chk_code_allowed; the refusal is at
        // that pc or earlier (first failure wins, §2).
        let mut p = p;
        if p.is_empty() {
            p.push(Insn::stmt(0x06, 0));
        }
        let at = pos.index(p.len());
        p[at].code = bad;
        let e = verify::check(&p).unwrap_err();
        prop_assert!(e.pc().is_some_and(|pc| pc <= at));
        if e.pc() == Some(at) {
            prop_assert_eq!(e.kind(), K::UnknownOpcode);
        }
    }
}
