//! One accepting and one refusing case per load-time rule of seccomp(2), at the edge
//! values, and the order in which the rules are applied.
//!
//! Every expected value comes from /work/shared/spec/kernel-facts.md (section cited in
//! a comment next to it). Assertions look at the kind, errno name, rule, pc and field of
//! a refusal, never at the message text.

use secbpf::consts::*;
use secbpf::seccomp::data::SeccompData;
use secbpf::verify::{self, InstallOptions, VerifyError, VerifyErrorKind as K};
use secbpf::{vm, Insn};

// ---------------------------------------------------------------------------------
// helpers

const ALLOW: u32 = SECCOMP_RET_ALLOW;

fn ret_k(k: u32) -> Insn {
    Insn::stmt(BPF_RET | BPF_K, k)
}
fn ret_a() -> Insn {
    Insn::stmt(BPF_RET | BPF_A, 0)
}
fn ret_allow() -> Insn {
    ret_k(ALLOW)
}
fn ld_abs(k: u32) -> Insn {
    Insn::stmt(0x20, k)
}

fn refuse(prog: &[Insn]) -> VerifyError {
    match verify::check(prog) {
        Ok(_) => panic!("program {prog:?} was accepted, expected a refusal"),
        Err(e) => e,
    }
}

fn accept(prog: &[Insn]) -> secbpf::VerifiedProgram {
    match verify::check(prog) {
        Ok(v) => v,
        Err(e) => panic!("program {prog:?} was refused ({e}), expected acceptance"),
    }
}

/// Assert a refusal of an instruction: kind, errno name, pc and field.
#[track_caller]
fn assert_insn_err(prog: &[Insn], kind: K, errno: &str, pc: usize, field: &str) {
    let e = refuse(prog);
    assert_eq!(e.kind(), kind, "kind for {prog:?}");
    assert_eq!(e.errno_name(), errno, "errno for {prog:?}");
    assert_eq!(e.pc(), Some(pc), "pc for {prog:?}");
    assert_eq!(e.field(), Some(field), "field for {prog:?}");
}

/// Assert a refusal of the call or program as a whole (no pc).
#[track_caller]
fn assert_whole_err(r: Result<secbpf::VerifiedProgram, VerifyError>, kind: K, errno: &str) {
    let e = r.expect_err("expected a refusal");
    assert_eq!(e.kind(), kind);
    assert_eq!(e.errno_name(), errno);
    assert_eq!(e.pc(), None);
}

fn run_ret(prog: &[Insn]) -> u32 {
    let v = accept(prog);
    vm::run(&v, &SeccompData::new(AUDIT_ARCH_X86_64, 0))
        .ret
        .raw()
}

fn opts(flags: u32) -> InstallOptions {
    InstallOptions::new().flags(flags)
}

/// The 49 opcodes of `chk_code_allowed` (kernel-facts §2.1).
const CLASSIC_49: [u16; 49] = [
    // ALU K/X pairs and NEG
    0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c, 0x74, 0x7c,
    0x94, 0x9c, 0xa4, 0xac, 0x84, // LD
    0x20, 0x28, 0x30, 0x40, 0x48, 0x50, 0x80, 0x00, 0x60, // LDX
    0x81, 0xb1, 0x01, 0x61, // ST STX TAX TXA RET K RET A
    0x02, 0x03, 0x07, 0x87, 0x06, 0x16, // JMP
    0x05, 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d,
];

/// The 8 classic opcodes seccomp refuses (kernel-facts §3): 49 - 8 = 41 remain.
const SECCOMP_REFUSED: [u16; 8] = [0x94, 0x9c, 0x28, 0x30, 0x40, 0x48, 0x50, 0xb1];

// ---------------------------------------------------------------------------------
// §1.3 step 5: length

#[test]
fn length_zero_is_einval() {
    // §1.3.5: len == 0 -> EINVAL
    assert_whole_err(verify::check(&[]), K::EmptyProgram, "EINVAL");
}

#[test]
fn length_one_is_accepted() {
    accept(&[ret_allow()]);
}

#[test]
fn length_4096_accepted_4097_einval() {
    // §1.3.5: len > BPF_MAXINSNS (4096) -> EINVAL; §9 filter_size_limits
    let p = vec![ret_allow(); 4096];
    let v = accept(&p);
    assert_eq!(v.len(), 4096);
    let p = vec![ret_allow(); 4097];
    let e = refuse(&p);
    assert_eq!(e.kind(), K::ProgramTooLong);
    assert_eq!(e.errno_name(), "EINVAL");
    assert_eq!(e.pc(), None);
}

// ---------------------------------------------------------------------------------
// §2.1 chk_code_allowed

#[test]
fn code_allowed_matches_the_49_code_table_exactly() {
    // §2.1: 49 codes; table size 0xb2, anything >= 0xb2 refused.
    for code in 0..=u16::MAX {
        let want = CLASSIC_49.contains(&code);
        assert_eq!(
            verify::classic::code_allowed(code),
            want,
            "code_allowed({code:#06x})"
        );
    }
    assert!(CLASSIC_49.iter().all(|&c| c < 0xb2));
    let mut sorted = CLASSIC_49.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 49);
}

#[test]
fn codes_outside_the_table_are_unknown_opcode() {
    // §2.1 "Not allowed (VERIFIED EINVAL)": RET X 0x0e, 0x08, 0x0a, 0x70, 0x88, 0x8c,
    // 0x0d, 0x0f, 0x17, JNE-style 0x55, kernel-internal 0x21; >= 0xb2 such as 0x8000.
    for code in [
        0x0e, 0x08, 0x0a, 0x70, 0x88, 0x8c, 0x0d, 0x0f, 0x17, 0x55, 0x21, 0xb2, 0xb3, 0xff, 0x100,
        0x8000, 0xffff,
    ] {
        assert_insn_err(
            &[Insn::stmt(code, 0), ret_allow()],
            K::UnknownOpcode,
            "EINVAL",
            0,
            "code",
        );
        assert_eq!(
            refuse(&[ret_allow(), Insn::stmt(code, 0), ret_allow()]).pc(),
            Some(1)
        );
    }
    // A lone RET X: chk_code_allowed (per-insn, §2 (a)) fires before the last-insn rule.
    assert_insn_err(
        &[Insn::stmt(0x0e, 0)],
        K::UnknownOpcode,
        "EINVAL",
        0,
        "code",
    );
    assert_eq!(refuse(&[Insn::stmt(0x0e, 0)]).rule(), "chk_code_allowed");
}

#[test]
fn every_allowed_code_passes_chk_code_allowed_in_a_program() {
    // §2.1 + §3: each of the 49 codes passes the classic table; the 41 seccomp ones
    // are accepted in a program, the 8 others are refused by seccomp_check_filter.
    for &code in &CLASSIC_49 {
        // k = 4 is valid for every opcode: div/mod non-zero, shift < 32, M[4],
        // ld [4] aligned and inside seccomp_data, ja +... handled below.
        let mut p = vec![Insn::new(code, 0, 0, 4)];
        if code == 0x05 {
            p[0].k = 0; // ja +0
        }
        if matches!(code, 0x60 | 0x61) {
            p.insert(0, Insn::stmt(0x02, 4)); // st M[4] first (§2.4)
        }
        p.push(ret_allow());
        let pc = p.len() - 2;
        if SECCOMP_REFUSED.contains(&code) {
            assert_insn_err(&p, K::OpcodeNotAllowedInSeccomp, "EINVAL", pc, "code");
            assert!(verify::classic::check_classic(&p).is_ok(), "{code:#x}");
        } else {
            accept(&p);
        }
    }
    assert_eq!(CLASSIC_49.len() - SECCOMP_REFUSED.len(), 41);
}

// ---------------------------------------------------------------------------------
// §2.2 per-instruction checks

#[test]
fn div_and_mod_by_constant_zero() {
    // §2.2: DIV K / MOD K with k == 0 -> EINVAL
    assert_insn_err(
        &[Insn::stmt(0x34, 0), ret_a()],
        K::DivisionByZero,
        "EINVAL",
        0,
        "k",
    );
    assert_eq!(
        refuse(&[Insn::stmt(0x34, 0), ret_a()]).rule(),
        "bpf_check_classic"
    );
    accept(&[Insn::stmt(0x34, 1), ret_a()]);
    accept(&[Insn::stmt(0x34, 0xffff_ffff), ret_a()]);
    // mod #0 is a classic error (found before seccomp's MOD refusal, §2 then §3).
    assert_insn_err(
        &[Insn::stmt(0x94, 0), ret_a()],
        K::DivisionByZero,
        "EINVAL",
        0,
        "k",
    );
    // mod #1 passes classic, then seccomp refuses MOD (§3).
    assert_insn_err(
        &[Insn::stmt(0x94, 1), ret_a()],
        K::OpcodeNotAllowedInSeccomp,
        "EINVAL",
        0,
        "code",
    );
    // div x / mod x are never checked for k (§2.2 "no check ... X-source ALU").
    accept(&[Insn::stmt(0x3c, 0), ret_a()]);
}

#[test]
fn constant_shifts_up_to_31() {
    // §2.2: LSH K / RSH K with k >= 32 -> EINVAL (31 ok)
    for code in [0x64u16, 0x74] {
        accept(&[Insn::stmt(code, 0), ret_a()]);
        accept(&[Insn::stmt(code, 31), ret_a()]);
        for k in [32, 33, 0x8000_0000, 0xffff_ffff] {
            assert_insn_err(
                &[Insn::stmt(code, k), ret_a()],
                K::ShiftTooLarge,
                "EINVAL",
                0,
                "k",
            );
        }
        // X forms ignore k (§2.2)
        accept(&[Insn::stmt(code | BPF_X, 32), ret_a()]);
    }
}

#[test]
fn scratch_index_15_ok_16_refused() {
    // §2.2: LD MEM, LDX MEM, ST, STX with k >= 16 -> EINVAL
    accept(&[Insn::stmt(0x02, 15), Insn::stmt(0x60, 15), ret_a()]);
    accept(&[Insn::stmt(0x03, 15), Insn::stmt(0x61, 15), ret_a()]);
    for code in [0x60u16, 0x61, 0x02, 0x03] {
        for k in [16, 17, 0xffff_ffff] {
            assert_insn_err(
                &[Insn::stmt(code, k), ret_a()],
                K::MemIndexOutOfRange,
                "EINVAL",
                0,
                "k",
            );
        }
    }
    // After a valid store, the load at 16 still fails at its own pc.
    assert_insn_err(
        &[Insn::stmt(0x02, 15), Insn::stmt(0x60, 16), ret_a()],
        K::MemIndexOutOfRange,
        "EINVAL",
        1,
        "k",
    );
}

#[test]
fn ja_must_land_inside_the_program() {
    // §2.2: JA: k >= len - pc - 1 -> EINVAL; target pc+1+k must be < len.
    // ja at pc 0 in a 3-insn program: k = 1 lands on pc 2 (the last) -> ok.
    let p = [Insn::stmt(0x05, 1), ret_k(0), ret_allow()];
    accept(&p);
    // ... and really lands there (§4: JA adds k).
    assert_eq!(run_ret(&p), ALLOW);
    // k = 2 is one past -> refused.
    assert_insn_err(
        &[Insn::stmt(0x05, 2), ret_k(0), ret_allow()],
        K::JumpOutOfRange,
        "EINVAL",
        0,
        "k",
    );
    // k = 0xffffffff (u32, no wrap) -> refused.
    assert_insn_err(
        &[Insn::stmt(0x05, 0xffff_ffff), ret_k(0), ret_allow()],
        K::JumpOutOfRange,
        "EINVAL",
        0,
        "k",
    );
    // From the middle: ja at pc 1 of 4, k = 1 -> pc 3 ok; k = 2 -> refused.
    accept(&[ret_k(0), Insn::stmt(0x05, 1), ret_k(1), ret_allow()]);
    assert_insn_err(
        &[ret_k(0), Insn::stmt(0x05, 2), ret_k(1), ret_allow()],
        K::JumpOutOfRange,
        "EINVAL",
        1,
        "k",
    );
    // A JA as the very last insn can land nowhere: k = 0 -> pc len -> refused.
    assert_insn_err(
        &[ret_k(0), Insn::stmt(0x05, 0)],
        K::JumpOutOfRange,
        "EINVAL",
        1,
        "k",
    );
}

#[test]
fn conditional_jumps_must_land_inside_the_program() {
    // §2.2: JEQ/JGT/JGE/JSET (K and X): pc+1+jt >= len or pc+1+jf >= len -> EINVAL.
    for code in [0x15u16, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d] {
        // jt = 1 lands on the last insn (pc 2) -> ok; the same for jf.
        accept(&[Insn::jump(code, 0, 1, 0), ret_k(0), ret_allow()]);
        accept(&[Insn::jump(code, 0, 0, 1), ret_k(0), ret_allow()]);
        accept(&[Insn::jump(code, 0, 1, 1), ret_k(0), ret_allow()]);
        // one past the end
        assert_insn_err(
            &[Insn::jump(code, 0, 2, 0), ret_k(0), ret_allow()],
            K::JumpOutOfRange,
            "EINVAL",
            0,
            "jt",
        );
        assert_insn_err(
            &[Insn::jump(code, 0, 0, 2), ret_k(0), ret_allow()],
            K::JumpOutOfRange,
            "EINVAL",
            0,
            "jf",
        );
        assert_insn_err(
            &[Insn::jump(code, 0, 255, 0), ret_k(0), ret_allow()],
            K::JumpOutOfRange,
            "EINVAL",
            0,
            "jt",
        );
        assert_insn_err(
            &[Insn::jump(code, 0, 0, 255), ret_k(0), ret_allow()],
            K::JumpOutOfRange,
            "EINVAL",
            0,
            "jf",
        );
    }
    // The longest possible forward offset, 255, landing exactly on the last insn.
    let mut p = vec![Insn::jump(0x15, 0, 255, 255)];
    p.extend(std::iter::repeat_n(ret_k(0), 255));
    p.push(ret_allow());
    assert_eq!(p.len(), 257);
    accept(&p);
    assert_eq!(run_ret(&p), ALLOW);
}

#[test]
fn jt_jf_of_non_jumps_and_k_of_ignoring_insns_are_not_checked() {
    // §2.2 "No check at all on": jt/jf of non-conditional insns (jt=jf=200 accepted),
    // k of TAX, TXA, NEG, RET A and X-source ALU/JMP.
    accept(&[
        Insn::new(0x00, 200, 200, 1),
        Insn::new(0x06, 200, 200, ALLOW),
    ]);
    accept(&[
        Insn::new(0x02, 200, 200, 0),
        Insn::new(0x07, 0, 0, 0xdead_beef),
        Insn::new(0x87, 0, 0, 0xdead_beef),
        Insn::new(0x84, 0, 0, 0xdead_beef),
        Insn::new(0x2c, 0, 0, 0xdead_beef),
        Insn::new(0x1d, 0, 0, 0xdead_beef),
        Insn::new(0x16, 9, 9, 0xdead_beef),
    ]);
}

#[test]
fn ancillary_offsets() {
    // §2.2: LD ABS with k >= SKF_AD_OFF and k not a known ancillary -> EINVAL;
    // known ancillaries pass bpf_check_classic but §3 rejects them (ld [k], k >= 64).
    let known = SKF_AD_OFF + SKF_AD_PKTTYPE; // SKF_AD_OFF + 4
    let p = [ld_abs(known), ret_a()];
    assert!(verify::classic::check_classic(&p).is_ok());
    assert!(verify::memflow::check_load_and_stores(&p).is_ok());
    assert_insn_err(&p, K::BadDataOffset, "EINVAL", 0, "k");
    assert_eq!(refuse(&p).rule(), "seccomp_check_filter");
    // every known ancillary: 0, 4, ..., 60
    for off in (0..SKF_AD_MAX).step_by(4) {
        let p = [ld_abs(SKF_AD_OFF + off), ret_a()];
        assert!(verify::classic::check_classic(&p).is_ok(), "anc {off}");
        assert_eq!(refuse(&p).kind(), K::BadDataOffset, "anc {off}");
    }
    // unknown ancillaries: misaligned, and at/after SKF_AD_MAX
    for k in [
        0xffff_f002,
        SKF_AD_OFF + 1,
        SKF_AD_OFF + SKF_AD_MAX,
        0xffff_fffc,
        0xffff_ffff,
    ] {
        let p = [ld_abs(k), ret_a()];
        assert_insn_err(&p, K::UnknownAncillary, "EINVAL", 0, "k");
        assert_eq!(refuse(&p).rule(), "bpf_check_classic");
    }
    // ldh/ldb ABS also go through the ancillary check (§2.2 "LD W/H/B ABS")...
    for code in [0x28u16, 0x30] {
        assert_insn_err(
            &[Insn::stmt(code, 0xffff_f002), ret_a()],
            K::UnknownAncillary,
            "EINVAL",
            0,
            "k",
        );
        // ...and a known one passes classic, then seccomp refuses the opcode (§3).
        assert_insn_err(
            &[Insn::stmt(code, known), ret_a()],
            K::OpcodeNotAllowedInSeccomp,
            "EINVAL",
            0,
            "code",
        );
    }
    // IND loads are not ABS: no ancillary check, seccomp refuses the opcode.
    assert_insn_err(
        &[Insn::stmt(0x40, 0xffff_f002), ret_a()],
        K::OpcodeNotAllowedInSeccomp,
        "EINVAL",
        0,
        "code",
    );
}

// ---------------------------------------------------------------------------------
// §2.3 last instruction

#[test]
fn last_instruction_must_be_ret() {
    // §2.3: filter[len-1].code must be 0x06 or 0x16.
    accept(&[ret_allow()]);
    accept(&[ret_a()]);
    for last in [
        Insn::stmt(0x00, 0),
        Insn::stmt(0x07, 0),
        Insn::stmt(0x04, 1),
        Insn::stmt(0x02, 0),
    ] {
        let e = refuse(&[last]);
        assert_eq!(e.kind(), K::LastNotReturn);
        assert_eq!(e.errno_name(), "EINVAL");
        assert_eq!(e.rule(), "bpf_check_classic");
        assert_eq!(e.pc(), Some(0));
        let e = refuse(&[ret_allow(), ret_allow(), last]);
        assert_eq!(e.kind(), K::LastNotReturn);
        assert_eq!(e.pc(), Some(2));
    }
}

// ---------------------------------------------------------------------------------
// §3 seccomp_check_filter

#[test]
fn data_offsets() {
    // §3: LD W ABS with k >= 64 or k & 3 != 0 -> EINVAL; valid k in {0,4,...,60}.
    for k in (0..64).step_by(4) {
        accept(&[ld_abs(k), ret_a()]);
    }
    for k in [64, 68, 2, 1, 3, 61, 63, 0x7fff_fffc, 0xffff_efff] {
        assert_insn_err(&[ld_abs(k), ret_a()], K::BadDataOffset, "EINVAL", 0, "k");
    }
}

#[test]
fn ld_len_and_ldx_len_are_64() {
    // §3: LD W LEN -> A = 64, LDX W LEN -> X = 64 (VERIFIED), whatever k says.
    assert_eq!(run_ret(&[Insn::stmt(0x80, 0), ret_a()]), 64);
    assert_eq!(run_ret(&[Insn::stmt(0x80, 5), ret_a()]), 64);
    assert_eq!(
        run_ret(&[Insn::stmt(0x81, 0), Insn::stmt(0x87, 0), ret_a()]),
        64
    );
    assert_eq!(
        run_ret(&[Insn::stmt(0x81, 0xffff), Insn::stmt(0x87, 0), ret_a()]),
        64
    );
}

#[test]
fn seccomp_refused_opcodes() {
    // §3: MOD K/X, LD H/B ABS, LD W/H/B IND, LDX B MSH -> EINVAL (all VERIFIED).
    for code in SECCOMP_REFUSED {
        let p = [ret_k(0), Insn::stmt(code, 1), ret_a()];
        assert!(verify::classic::check_classic(&p).is_ok());
        assert_insn_err(&p, K::OpcodeNotAllowedInSeccomp, "EINVAL", 1, "code");
        assert_eq!(refuse(&p).rule(), "seccomp_check_filter");
    }
}

#[test]
fn xor_is_allowed() {
    // §3: XOR is allowed (VERIFIED).
    assert_eq!(
        run_ret(&[Insn::stmt(0x00, 0xf0), Insn::stmt(0xa4, 0xff), ret_a()]),
        0x0f
    );
    assert_eq!(
        run_ret(&[
            Insn::stmt(0x00, 0xf0),
            Insn::stmt(0x01, 0x0f),
            Insn::stmt(0xac, 0),
            ret_a()
        ]),
        0xff
    );
}

// ---------------------------------------------------------------------------------
// §2.4 check_load_and_stores

/// `ld [0]; jeq #1,0,2; st M[0]; ja +1; <pc4>; ld M[0]; ret a` (§2.4).
fn ret_quirk(pc4: Insn) -> Vec<Insn> {
    vec![
        ld_abs(0),
        Insn::jump(0x15, 1, 0, 2),
        Insn::stmt(0x02, 0),
        Insn::stmt(0x05, 1),
        pc4,
        Insn::stmt(0x60, 0),
        ret_a(),
    ]
}

#[test]
fn ret_quirk_rejected_at_the_load() {
    // §2.4: rejected (the RET path's empty memvalid falls through into pc 5).
    assert_insn_err(
        &ret_quirk(ret_allow()),
        K::UninitializedMemory,
        "EINVAL",
        5,
        "k",
    );
    assert_eq!(
        refuse(&ret_quirk(ret_allow())).rule(),
        "check_load_and_stores"
    );
}

#[test]
fn ret_quirk_with_ja_accepted() {
    // §2.4: "same program with the RET replaced by a JA is accepted". Tracing the
    // algorithm of §2.4: at pc 4 memvalid = masks[4] = 0; a `ja +1` ANDs 0 into
    // masks[6] and resets memvalid to 0xffff, so pc 5 sees masks[5] = {M0} (from the
    // ja at pc 3) and the load passes.
    accept(&ret_quirk(Insn::stmt(0x05, 1)));
}

#[test]
fn load_after_ret_on_empty_path_rejected() {
    // §2.4: `ret; ld M[3]; ret` -> EINVAL
    assert_insn_err(
        &[ret_allow(), Insn::stmt(0x60, 3), ret_a()],
        K::UninitializedMemory,
        "EINVAL",
        1,
        "k",
    );
    assert_insn_err(
        &[ret_allow(), Insn::stmt(0x61, 3), ret_a()],
        K::UninitializedMemory,
        "EINVAL",
        1,
        "k",
    );
    // After a store on the fall-through path, the same load after a RET passes.
    accept(&[
        Insn::stmt(0x02, 3),
        ret_allow(),
        Insn::stmt(0x60, 3),
        ret_a(),
    ]);
}

#[test]
fn unreachable_load_after_ja_passes() {
    // §2.4: code after JA that nothing targets is "everything initialised".
    accept(&[Insn::stmt(0x05, 1), Insn::stmt(0x60, 3), ret_allow()]);
    accept(&[Insn::stmt(0x05, 1), Insn::stmt(0x61, 15), ret_allow()]);
    // ... also after a conditional jump whose branches both skip it.
    accept(&[Insn::jump(0x15, 0, 1, 1), Insn::stmt(0x60, 7), ret_allow()]);
    // §2.2: any valid insn, e.g. `div x`, may sit unreachable after a JA.
    accept(&[Insn::stmt(0x05, 1), Insn::stmt(0x3c, 0), ret_allow()]);
}

#[test]
fn join_is_intersection() {
    // §2.4: merge at a join is AND; a cell stored on one branch only is invalid after.
    // 0 ld [0]; 1 jeq #1, jt 0 (pc 2), jf 1 (pc 3); 2 st M[0]; 3 ld M[0]; 4 ret a
    assert_insn_err(
        &[
            ld_abs(0),
            Insn::jump(0x15, 1, 0, 1),
            Insn::stmt(0x02, 0),
            Insn::stmt(0x60, 0),
            ret_a(),
        ],
        K::UninitializedMemory,
        "EINVAL",
        3,
        "k",
    );
    // M[0] stored before the branch, M[1] on one branch only.
    let both = |load: u32| {
        vec![
            ld_abs(0),
            Insn::stmt(0x02, 0),
            Insn::jump(0x15, 1, 0, 1),
            Insn::stmt(0x02, 1),
            Insn::stmt(0x60, load),
            ret_a(),
        ]
    };
    accept(&both(0));
    assert_insn_err(&both(1), K::UninitializedMemory, "EINVAL", 4, "k");
    // Stored on both branches -> valid at the join.
    accept(&[
        ld_abs(0),
        Insn::jump(0x15, 1, 0, 2),
        Insn::stmt(0x02, 2),
        Insn::stmt(0x05, 1),
        Insn::stmt(0x02, 2),
        Insn::stmt(0x60, 2),
        ret_a(),
    ]);
}

// ---------------------------------------------------------------------------------
// order of checks (§2 "first failure wins", §1.3 step 11)

#[test]
fn earlier_pc_wins_within_the_classic_pass() {
    // §2: single forward pass; first failure wins.
    assert_insn_err(
        &[Insn::stmt(0x34, 0), Insn::stmt(0x64, 32), ret_a()],
        K::DivisionByZero,
        "EINVAL",
        0,
        "k",
    );
    assert_insn_err(
        &[Insn::stmt(0x64, 32), Insn::stmt(0x34, 0), ret_a()],
        K::ShiftTooLarge,
        "EINVAL",
        0,
        "k",
    );
    assert_insn_err(
        &[Insn::stmt(0x05, 9), Insn::stmt(0x0e, 0), ret_a()],
        K::JumpOutOfRange,
        "EINVAL",
        0,
        "k",
    );
}

#[test]
fn classic_pass_runs_over_the_whole_program_before_seccomp() {
    // §1.3 step 11: bpf_check_classic over the whole program, then seccomp_check_filter.
    // ldh [0] (seccomp-refused at pc 0) then RET X (classic-refused at pc 1): pc 1.
    assert_insn_err(
        &[Insn::stmt(0x28, 0), Insn::stmt(0x0e, 0), ret_a()],
        K::UnknownOpcode,
        "EINVAL",
        1,
        "code",
    );
    // ld [64] (seccomp) then div #0 (classic): pc 1.
    assert_insn_err(
        &[ld_abs(64), Insn::stmt(0x34, 0), ret_a()],
        K::DivisionByZero,
        "EINVAL",
        1,
        "k",
    );
    // mod x (seccomp) then M[16] (classic).
    assert_insn_err(
        &[Insn::stmt(0x9c, 0), Insn::stmt(0x02, 16), ret_a()],
        K::MemIndexOutOfRange,
        "EINVAL",
        1,
        "k",
    );
    // The last-insn rule (§2 (c)) and check_load_and_stores (§2 (d)) are also part
    // of bpf_check_classic, so they beat an earlier seccomp refusal.
    let e = refuse(&[Insn::stmt(0x28, 0), Insn::stmt(0x00, 0)]);
    assert_eq!(e.kind(), K::LastNotReturn);
    assert_insn_err(
        &[Insn::stmt(0x28, 0), Insn::stmt(0x60, 0), ret_a()],
        K::UninitializedMemory,
        "EINVAL",
        1,
        "k",
    );
}

#[test]
fn last_insn_rule_after_per_insn_checks_before_memflow() {
    // §2: (a)+(b) per insn, then (c) last insn RET, then (d) check_load_and_stores.
    // Per-insn fault in the last insn beats LastNotReturn:
    assert_insn_err(
        &[Insn::stmt(0x00, 1), Insn::stmt(0x64, 32)],
        K::ShiftTooLarge,
        "EINVAL",
        1,
        "k",
    );
    assert_insn_err(
        &[ret_allow(), Insn::stmt(0x0e, 0)],
        K::UnknownOpcode,
        "EINVAL",
        1,
        "code",
    );
    // LastNotReturn beats an earlier uninitialised load:
    let e = refuse(&[Insn::stmt(0x60, 0), Insn::stmt(0x00, 0)]);
    assert_eq!(e.kind(), K::LastNotReturn);
    assert_eq!(e.pc(), Some(1));
}

// ---------------------------------------------------------------------------------
// §1.2 / §1.3 flags, length and privileges, in order

#[test]
fn flags() {
    let p = [ret_allow()];
    // §1.2: each known flag alone is fine, except WAIT_KILLABLE_RECV (§1.3.3).
    for f in [0x01, 0x02, 0x04, 0x08, 0x10] {
        verify::check_with(&p, &opts(f)).unwrap();
    }
    // §1.3.1: unknown bits -> EINVAL
    for f in [0x40, 0x80, 0x100, 0x8000_0000, 0xffff_ffff, 0x41] {
        assert_whole_err(verify::check_with(&p, &opts(f)), K::UnknownFlags, "EINVAL");
    }
    // §1.3.2: TSYNC | NEW_LISTENER without TSYNC_ESRCH -> EINVAL; with it ok.
    assert_whole_err(
        verify::check_with(&p, &opts(0x01 | 0x08)),
        K::TsyncWithListener,
        "EINVAL",
    );
    verify::check_with(&p, &opts(0x01 | 0x08 | 0x10)).unwrap();
    // §1.3.3: WAIT_KILLABLE_RECV without NEW_LISTENER -> EINVAL; with it ok.
    assert_whole_err(
        verify::check_with(&p, &opts(0x20)),
        K::WaitKillableWithoutListener,
        "EINVAL",
    );
    verify::check_with(&p, &opts(0x20 | 0x08)).unwrap();
    // the whole mask 0x3f is consistent
    verify::check_with(&p, &opts(SECCOMP_FILTER_FLAG_MASK)).unwrap();
    // §1.3 order 1 < 2 < 3
    assert_whole_err(
        verify::check_with(&p, &opts(0x40 | 0x01 | 0x08 | 0x20)),
        K::UnknownFlags,
        "EINVAL",
    );
    assert_whole_err(
        verify::check_with(&p, &opts(0x01 | 0x08 | 0x20 | 0x04)),
        K::TsyncWithListener,
        "EINVAL",
    );
}

#[test]
fn flags_before_length() {
    // §1.3: steps 1-3 precede step 5 (bad flag + empty program -> the flag error).
    assert_whole_err(
        verify::check_with(&[], &opts(0x40)),
        K::UnknownFlags,
        "EINVAL",
    );
    assert_whole_err(
        verify::check_with(&[], &opts(0x09)),
        K::TsyncWithListener,
        "EINVAL",
    );
    assert_whole_err(
        verify::check_with(&[], &opts(0x20)),
        K::WaitKillableWithoutListener,
        "EINVAL",
    );
    let long = vec![ret_allow(); 4097];
    assert_whole_err(
        verify::check_with(&long, &opts(0x40)),
        K::UnknownFlags,
        "EINVAL",
    );
    assert_whole_err(
        verify::check_with(&[], &opts(0x3f)),
        K::EmptyProgram,
        "EINVAL",
    );
}

#[test]
fn privileges() {
    let p = [ret_allow()];
    let unpriv = InstallOptions::new()
        .flags(0)
        .no_new_privs(false)
        .cap_sys_admin(false);
    // §1.3.6: neither NNP nor CAP_SYS_ADMIN -> EACCES
    let e = verify::check_with(&p, &unpriv).unwrap_err();
    assert_eq!(e.kind(), K::NotPrivileged);
    assert_eq!(e.errno_name(), "EACCES");
    assert_eq!(e.pc(), None);
    // ... but the length check (step 5) comes first
    assert_whole_err(verify::check_with(&[], &unpriv), K::EmptyProgram, "EINVAL");
    assert_whole_err(
        verify::check_with(&vec![ret_allow(); 4097], &unpriv),
        K::ProgramTooLong,
        "EINVAL",
    );
    // ... and so do the flags (step 1)
    assert_whole_err(
        verify::check_with(&p, &unpriv.flags(0x40)),
        K::UnknownFlags,
        "EINVAL",
    );
    // ... while an invalid program (checked at step 11) gives EACCES (step 6).
    let e = verify::check_with(&[Insn::stmt(0x0e, 0)], &unpriv).unwrap_err();
    assert_eq!(e.errno_name(), "EACCES");
    // CAP_SYS_ADMIN alone, NNP alone, and both are fine.
    for (nnp, cap) in [(false, true), (true, false), (true, true)] {
        verify::check_with(
            &p,
            &InstallOptions::new()
                .flags(0)
                .no_new_privs(nnp)
                .cap_sys_admin(cap),
        )
        .unwrap();
    }
}

#[test]
fn parse_flags_names_and_numbers() {
    // §1.2 values
    use verify::limits::parse_flags;
    assert_eq!(parse_flags("tsync").unwrap(), 0x01);
    assert_eq!(parse_flags("log").unwrap(), 0x02);
    assert_eq!(parse_flags("spec_allow").unwrap(), 0x04);
    assert_eq!(parse_flags("new_listener").unwrap(), 0x08);
    assert_eq!(parse_flags("tsync_esrch").unwrap(), 0x10);
    assert_eq!(parse_flags("wait_killable_recv").unwrap(), 0x20);
    assert_eq!(parse_flags("tsync,new_listener").unwrap(), 0x09);
    assert_eq!(parse_flags("SECCOMP_FILTER_FLAG_TSYNC").unwrap(), 0x01);
    assert_eq!(parse_flags("0x40").unwrap(), 0x40);
    assert_eq!(parse_flags("").unwrap(), 0);
    assert!(parse_flags("bogus").is_err());
}

// ---------------------------------------------------------------------------------
// §1.5 chain limit and §1.3.16 duplicate listener

/// Install `prog` repeatedly; return how many were accepted before the first refusal,
/// checking that refusal (and every later one) is ENOMEM.
fn installs_before_enomem(prog: &[Insn], expected: usize) -> usize {
    let progs: Vec<&[Insn]> = vec![prog; expected + 3];
    let results = verify::check_stack(&progs, &InstallOptions::default());
    assert_eq!(results.len(), progs.len());
    let ok = results.iter().take_while(|r| r.is_ok()).count();
    for r in &results[ok..] {
        let e = r.as_ref().expect_err("refused after the first refusal");
        assert_eq!(e.kind(), K::ChainTooLong);
        assert_eq!(e.errno_name(), "ENOMEM");
        assert_eq!(e.rule(), "seccomp_attach_filter");
    }
    ok
}

fn chain_row(prog: Vec<Insn>, ebpf: usize, installs: usize) {
    // §1.5 eBPF length model
    assert_eq!(verify::seccomp::ebpf_len(&prog), ebpf, "ebpf_len");
    assert_eq!(accept(&prog).ebpf_len(), ebpf, "VerifiedProgram::ebpf_len");
    // §1.5 table, installs before ENOMEM
    assert_eq!(installs_before_enomem(&prog, installs), installs);
    // sanity of the table arithmetic: ebpf + (n-1)(ebpf+4) <= 32768 < ebpf + n(ebpf+4)
    assert!(ebpf + (installs - 1) * (ebpf + 4) <= MAX_INSNS_PER_PATH);
    assert!(ebpf + installs * (ebpf + 4) > MAX_INSNS_PER_PATH);
}

#[test]
fn chain_limit_one_ret() {
    // §1.5 row 1: 1 x ret #ALLOW, eBPF 5, 3641 installs
    chain_row(vec![ret_allow()], 5, 3641);
}

#[test]
fn chain_limit_4096_rets() {
    // §1.5 row 2: 4096 x ret #ALLOW, eBPF 8195, 3 installs
    chain_row(vec![ret_allow(); 4096], 8195, 3);
}

#[test]
fn chain_limit_ld_imm() {
    // §1.5 row 3: 99 x ld #5 + ret, eBPF 104, 303 installs
    let mut p = vec![Insn::stmt(0x00, 5); 99];
    p.push(ret_allow());
    chain_row(p, 104, 303);
}

#[test]
fn chain_limit_div_x() {
    // §1.5 row 4: ldx #1, 98 x div x, ret, eBPF 496, 65 installs
    let mut p = vec![Insn::stmt(0x01, 1)];
    p.extend(std::iter::repeat_n(Insn::stmt(0x3c, 0), 98));
    p.push(ret_allow());
    chain_row(p, 496, 65);
}

#[test]
fn chain_limit_jeq_high_k() {
    // §1.5 row 5: 99 x jeq #0x80000000,0,0 + ret, eBPF 203, 158 installs
    let mut p = vec![Insn::jump(0x15, 0x8000_0000, 0, 0); 99];
    p.push(ret_allow());
    chain_row(p, 203, 158);
}

#[test]
fn chain_limit_jset_jf() {
    // §1.5 row 6: 98 x jset #1,jt=0,jf=1 + 3 x ret, eBPF 205, 156 installs
    let mut p = vec![Insn::jump(0x45, 1, 0, 1); 98];
    p.extend([ret_allow(); 3]);
    chain_row(p, 205, 156);
}

#[test]
fn chain_limit_jeq_jf() {
    // §1.5 row 7: 98 x jeq #1,jt=0,jf=1 + 3 x ret, eBPF 107, 295 installs
    let mut p = vec![Insn::jump(0x15, 1, 0, 1); 98];
    p.extend([ret_allow(); 3]);
    chain_row(p, 107, 295);
}

#[test]
fn ebpf_len_model_details() {
    // §1.5: 3 prologue + per insn counts.
    use verify::seccomp::ebpf_len;
    assert_eq!(ebpf_len(&[ret_a()]), 4); // ret a 1
    assert_eq!(ebpf_len(&[ret_allow()]), 5); // ret #k 2
    assert_eq!(ebpf_len(&[Insn::stmt(0x84, 0), ret_a()]), 5); // neg 1
    assert_eq!(ebpf_len(&[Insn::stmt(0x34, 3), ret_a()]), 5); // div #k 1
    assert_eq!(ebpf_len(&[Insn::stmt(0x3c, 0), ret_a()]), 9); // div x 5
    assert_eq!(ebpf_len(&[Insn::stmt(0x80, 0), ret_a()]), 5); // ld len 1
    assert_eq!(ebpf_len(&[ld_abs(0), ret_a()]), 5); // ld [k] 1
    assert_eq!(ebpf_len(&[Insn::stmt(0x05, 0), ret_a()]), 5); // ja 1
    let j = |code: u16, k: u32, jt: u8, jf: u8| {
        ebpf_len(&[Insn::jump(code, k, jt, jf), ret_a(), ret_a()]) - 5
    };
    // jf == 0 -> 1
    assert_eq!(j(0x15, 1, 1, 0), 1);
    assert_eq!(j(0x45, 1, 1, 0), 1);
    // jt == 0, jf != 0: JEQ/JGT/JGE inverted -> 1, JSET -> 2
    assert_eq!(j(0x15, 1, 0, 1), 1);
    assert_eq!(j(0x25, 1, 0, 1), 1);
    assert_eq!(j(0x35, 1, 0, 1), 1);
    assert_eq!(j(0x45, 1, 0, 1), 2);
    assert_eq!(j(0x4d, 1, 0, 1), 2);
    // both non-zero -> 2
    assert_eq!(j(0x15, 1, 1, 1), 2);
    assert_eq!(j(0x1d, 1, 1, 1), 2);
    // +1 for K with k >= 0x80000000, not for X
    assert_eq!(j(0x15, 0x8000_0000, 1, 0), 2);
    assert_eq!(j(0x15, 0x7fff_ffff, 1, 0), 1);
    assert_eq!(j(0x45, 0xffff_ffff, 0, 1), 3);
    assert_eq!(j(0x1d, 0x8000_0000, 1, 0), 1);
}

#[test]
fn refused_filters_do_not_count_towards_the_chain() {
    // §1.3: a refused filter is not installed. 3 x 8195-long filters fill the chain
    // (§1.5 row 2); a 4th is refused, but a 1-insn filter still fits:
    // 5 + 3 * (8195 + 4) = 24602 <= 32768.
    let big = vec![ret_allow(); 4096];
    let small = vec![ret_allow()];
    let bad = vec![Insn::stmt(0x0e, 0)];
    let progs: Vec<&[Insn]> = vec![&big, &bad, &big, &big, &big, &small];
    let r = verify::check_stack(&progs, &InstallOptions::default());
    assert!(r[0].is_ok());
    assert_eq!(r[1].as_ref().unwrap_err().kind(), K::UnknownOpcode);
    assert!(r[2].is_ok());
    assert!(r[3].is_ok());
    assert_eq!(r[4].as_ref().unwrap_err().errno_name(), "ENOMEM");
    assert!(r[5].is_ok());
}

#[test]
fn second_listener_is_ebusy() {
    // §1.3.16: a second filter with a listener in the chain -> EBUSY (VERIFIED).
    let p = vec![ret_allow()];
    for flags in [0x08, 0x08 | 0x20, 0x08 | 0x01 | 0x10] {
        let r = verify::check_stack(&[&p, &p, &p], &opts(flags));
        assert!(r[0].is_ok());
        for e in &r[1..] {
            let e = e.as_ref().unwrap_err();
            assert_eq!(e.kind(), K::DuplicateListener);
            assert_eq!(e.errno_name(), "EBUSY");
            assert_eq!(e.rule(), "has_duplicate_listener");
        }
    }
    // Without the flag any number of filters is fine.
    let r = verify::check_stack(&[&p, &p, &p], &opts(0));
    assert!(r.iter().all(|r| r.is_ok()));
    // A refused first filter installs no listener, so the second one gets it.
    let bad = vec![Insn::stmt(0x34, 0), ret_a()];
    let r = verify::check_stack(&[&bad, &p, &p], &opts(0x08));
    assert_eq!(r[0].as_ref().unwrap_err().kind(), K::DivisionByZero);
    assert!(r[1].is_ok());
    assert_eq!(r[2].as_ref().unwrap_err().errno_name(), "EBUSY");
    // Program checks (step 11) come before the listener check (step 16).
    let r = verify::check_stack(&[&p, &bad], &opts(0x08));
    assert_eq!(r[1].as_ref().unwrap_err().kind(), K::DivisionByZero);
}

#[test]
fn stack_applies_call_checks_to_every_filter() {
    // §1.3: flags/len/privileges are per call.
    let p = vec![ret_allow()];
    let r = verify::check_stack(&[&p, &[][..]], &opts(0));
    assert!(r[0].is_ok());
    assert_eq!(r[1].as_ref().unwrap_err().kind(), K::EmptyProgram);
    let r = verify::check_stack(&[&p, &p], &opts(0x40));
    assert!(r
        .iter()
        .all(|r| r.as_ref().unwrap_err().kind() == K::UnknownFlags));
}

// ---------------------------------------------------------------------------------
// Installing a stack: the install call is judged by the filters already installed
// (kernel facts §1.1 entry points; the syscall-entry hook runs before do_seccomp).
// `installing_a_stack_is_judged_by_the_filters_already_installed` in tests/kernel.rs
// checks the same model against the live kernel.

fn asm_prog(src: &str) -> Vec<Insn> {
    secbpf::asm::assemble(src).unwrap()
}

#[test]
fn an_allow_list_without_seccomp_stops_the_next_install() {
    let rw = asm_prog("ld [0]\njeq #0, ok\njeq #1, ok\nret #KILL\nok: ret #ALLOW\n");
    let openat = asm_prog("ld [0]\njeq #257, deny\nret #ALLOW\ndeny: ret #ERRNO(13)\n");
    let r = verify::check_stack(&[&rw, &openat, &openat], &InstallOptions::default());
    assert!(r[0].is_ok());
    let e = r[1].as_ref().unwrap_err();
    assert_eq!(e.kind(), K::InstallCallStopped);
    assert_eq!(e.errno_name(), "SIGSYS");
    assert_eq!(e.errno(), 0);
    assert!(e.message().contains("KILL_THREAD"), "{e}");
    assert_eq!(r[2].as_ref().unwrap_err().kind(), K::NotReached);
    // Each alone is fine, and without judging install calls so is the stack.
    let r = verify::check_stack_programs(&[&rw, &openat, &openat], &InstallOptions::default());
    assert!(r.iter().all(Result::is_ok));
}

#[test]
fn an_errno_for_the_install_call_refuses_with_that_errno_and_installs_nothing() {
    let deny = asm_prog("ld [0]\njeq #317, deny\nret #ALLOW\ndeny: ret #ERRNO(1)\n");
    let p = [ret_allow()];
    let r = verify::check_stack(&[&deny, &p, &p], &InstallOptions::default());
    for e in r[1..].iter().map(|r| r.as_ref().unwrap_err()) {
        // Not installed, so the next call is judged by the same filter again.
        assert_eq!(e.kind(), K::InstallCallFailed);
        assert_eq!((e.errno(), e.errno_name()), (1, "EPERM"));
    }
    // Through prctl (nr 157 on x86_64) the same filter lets it through.
    let via_prctl = InstallOptions::new().via(verify::InstallVia::Prctl);
    assert!(verify::check_stack(&[&deny, &p, &p], &via_prctl)
        .iter()
        .all(Result::is_ok));
    // ... but prctl cannot carry flags.
    let bad = via_prctl.flags(0x02);
    let r = verify::check_stack(&[&deny, &p], &bad);
    assert_eq!(r[1].as_ref().unwrap_err().kind(), K::InstallCallUnknown);
}

#[test]
fn the_install_call_is_judged_before_the_filters_own_checks() {
    // ERRNO(0): the call "succeeds" with 0 but nothing is installed, and the program's
    // own defect (a shift by 32) is never looked at.
    let zero = asm_prog("ret #ERRNO(0)\n");
    let bad = asm_prog("ld [0]\nlsh #32\nret a\n");
    let r = verify::check_stack(&[&zero, &bad], &InstallOptions::default());
    let e = r[1].as_ref().unwrap_err();
    assert_eq!((e.kind(), e.errno()), (K::InstallCallFailed, 0));
    assert!(e.message().contains("not installed"), "{e}");
    // TRACE and USER_NOTIF with nobody attached: ENOSYS (kernel facts §6).
    for act in ["TRACE(1)", "USER_NOTIF"] {
        let gate = asm_prog(&format!("ret #{act}\n"));
        let r = verify::check_stack(&[&gate, &[ret_allow()]], &InstallOptions::default());
        let e = r[1].as_ref().unwrap_err();
        assert_eq!(
            (e.kind(), e.errno_name()),
            (K::InstallCallFailed, "ENOSYS"),
            "{act}"
        );
    }
    // USER_NOTIF from a filter with a listener: the call waits for the supervisor.
    let notif = asm_prog("ret #USER_NOTIF\n");
    let r = verify::check_stack(&[&notif, &[ret_allow()]], &opts(0x08));
    let e = r[1].as_ref().unwrap_err();
    assert_eq!(
        (e.kind(), e.errno_name()),
        (K::InstallCallStopped, "no return")
    );
}

#[test]
fn install_gate_names_the_unstated_fields_it_rests_on() {
    let by_ip = asm_prog("ld [8]\njeq #0, ok\nret #TRAP\nok: ret #ALLOW\n");
    let installed = verify::check(&by_ip).unwrap();
    let g = verify::install_gate(std::slice::from_ref(&installed), &InstallOptions::default())
        .unwrap()
        .unwrap();
    assert_eq!(g.ret, secbpf::seccomp::RetValue::ALLOW);
    assert_eq!(
        g.assumed,
        vec![secbpf::seccomp::Field::InstructionPointer { high: false }]
    );
    let other_ip = InstallOptions::new().instruction_pointer(0x1000);
    let g = verify::install_gate(std::slice::from_ref(&installed), &other_ip)
        .unwrap()
        .unwrap();
    assert_eq!(g.ret, secbpf::seccomp::RetValue::trap(0));
    // i386 callers install with nr 354.
    let call = verify::install_call(&InstallOptions::new().arch(0x4000_0003)).unwrap();
    assert_eq!((call.nr, call.args[0]), (354, 1));
}
