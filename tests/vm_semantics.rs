//! Execution semantics (kernel-facts §4, §5), stacking and dispatch (§6), and the
//! stepping machine. Every expected value comes from the spec, section cited inline.

use secbpf::consts::*;
use secbpf::seccomp::action::{parse_ret, precedence, Action};
use secbpf::seccomp::data::{Field, SeccompData};
use secbpf::seccomp::stack::run_stack;
use secbpf::seccomp::{Outcome, RetValue};
use secbpf::vm::{self, Machine};
use secbpf::{verify, Endian, Insn, VerifiedProgram};

const ALLOW: u32 = SECCOMP_RET_ALLOW;
const ERRNO: u32 = SECCOMP_RET_ERRNO;
const TRAP: u32 = SECCOMP_RET_TRAP;
const ENOSYS: u32 = 38;

fn ret_k(k: u32) -> Insn {
    Insn::stmt(BPF_RET | BPF_K, k)
}
fn ret_a() -> Insn {
    Insn::stmt(BPF_RET | BPF_A, 0)
}
fn ld_imm(k: u32) -> Insn {
    Insn::stmt(0x00, k)
}
fn ldx_imm(k: u32) -> Insn {
    Insn::stmt(0x01, k)
}
fn ld_abs(k: u32) -> Insn {
    Insn::stmt(0x20, k)
}
const TAX: Insn = Insn::stmt(0x07, 0);
const TXA: Insn = Insn::stmt(0x87, 0);

fn prog(p: &[Insn]) -> VerifiedProgram {
    verify::check(p).unwrap_or_else(|e| panic!("{p:?} refused: {e}"))
}

fn x86(nr: u32) -> SeccompData {
    SeccompData::new(AUDIT_ARCH_X86_64, nr)
}

fn run_on(p: &[Insn], d: &SeccompData) -> u32 {
    vm::run(&prog(p), d).ret.raw()
}

fn run0(p: &[Insn]) -> u32 {
    run_on(p, &x86(0))
}

/// Result of `A op X` with A = a, X = x, for an X-form ALU code.
fn alu_x(code: u16, a: u32, x: u32) -> u32 {
    run0(&[ld_imm(a), ldx_imm(x), Insn::stmt(code, 0), ret_a()])
}
/// Result of `A op #k` with A = a.
fn alu_k(code: u16, a: u32, k: u32) -> u32 {
    run0(&[ld_imm(a), Insn::stmt(code, k), ret_a()])
}
/// 1 if the conditional jump `code` (K form with k, or X form with X = x) is taken.
fn taken(code: u16, a: u32, operand: u32) -> bool {
    let r = run0(&[
        ld_imm(a),
        ldx_imm(operand),
        Insn::jump(code, operand, 0, 1),
        ret_k(1),
        ret_k(0),
    ]);
    r == 1
}

// ---------------------------------------------------------------------------------
// §4 registers and ALU

#[test]
fn a_and_x_start_at_zero() {
    // §4 "Initial state": A = 0, X = 0 (VERIFIED)
    assert_eq!(run0(&[ret_a()]), 0);
    assert_eq!(run0(&[TXA, ret_a()]), 0);
    // even when the data is non-zero
    let d = SeccompData {
        nr: 7,
        arch: AUDIT_ARCH_X86_64,
        instruction_pointer: u64::MAX,
        args: [u64::MAX; 6],
    };
    assert_eq!(run_on(&[ret_a()], &d), 0);
    assert_eq!(run_on(&[TXA, ret_a()], &d), 0);
}

#[test]
fn shifts_by_x_mask_to_five_bits() {
    // §4 Shifts, VERIFIED: 1<<33 = 2, 1<<32 = 1, 0x80000000>>32 = 0x80000000,
    // 0x80000000 >> 0xffffffff = 1.
    assert_eq!(alu_x(0x6c, 1, 33), 2);
    assert_eq!(alu_x(0x6c, 1, 32), 1);
    assert_eq!(alu_x(0x7c, 0x8000_0000, 32), 0x8000_0000);
    assert_eq!(alu_x(0x7c, 0x8000_0000, 0xffff_ffff), 1);
    assert_eq!(alu_x(0x6c, 1, 31), 0x8000_0000);
    assert_eq!(alu_x(0x6c, 3, 0xffff_ffff), 0x8000_0000);
}

#[test]
fn rsh_is_logical() {
    // §4: RSH is logical (0x80000000>>31 = 1)
    assert_eq!(alu_k(0x74, 0x8000_0000, 31), 1);
    assert_eq!(alu_k(0x74, 0x8000_0000, 1), 0x4000_0000);
    assert_eq!(alu_x(0x7c, 0xffff_ffff, 31), 1);
    assert_eq!(alu_k(0x64, 0xffff_ffff, 31), 0x8000_0000);
}

#[test]
fn neg_is_32_bit() {
    // §4 NEG: 1 -> 0xffffffff; 0x80000000 -> 0x80000000 (VERIFIED)
    assert_eq!(alu_k(0x84, 1, 0), 0xffff_ffff);
    assert_eq!(alu_k(0x84, 0x8000_0000, 0), 0x8000_0000);
    assert_eq!(alu_k(0x84, 0, 0), 0);
    assert_eq!(alu_k(0x84, 0xffff_ffff, 0), 1);
}

#[test]
fn div_by_x_zero_returns_zero() {
    // §4: DIV X with X == 0 -> the filter returns 0 (KILL_THREAD).
    let p = prog(&[ld_imm(7), Insn::stmt(0x3c, 0), ret_k(ALLOW)]);
    let r = vm::run(&p, &x86(0));
    assert_eq!(r.ret, RetValue::KILL_THREAD);
    assert_eq!(r.insns_executed, 2); // ld, div
    assert_eq!(r.ret.outcome(), Outcome::KillThread);
    let p = prog(&[
        ld_abs(0),
        ldx_imm(0),
        ld_imm(9),
        Insn::stmt(0x3c, 0),
        ret_a(),
    ]);
    let r = vm::run(&p, &x86(5));
    assert_eq!((r.ret, r.insns_executed), (RetValue::KILL_THREAD, 4));
    // X loaded from data: zero only for nr 0
    let p = prog(&[
        ld_abs(0),
        TAX,
        ld_imm(ALLOW),
        Insn::stmt(0x3c, 0),
        ld_imm(ALLOW),
        ret_a(),
    ]);
    assert_eq!(vm::run(&p, &x86(0)).ret, RetValue::KILL_THREAD);
    assert_eq!(vm::run(&p, &x86(1)).ret, RetValue::ALLOW);
}

#[test]
fn div_is_unsigned() {
    // §4: DIV is unsigned 32-bit: 0xffffffff / 0x80000000 = 1 (VERIFIED)
    assert_eq!(alu_k(0x34, 0xffff_ffff, 0x8000_0000), 1);
    assert_eq!(alu_x(0x3c, 0xffff_ffff, 0x8000_0000), 1);
    assert_eq!(alu_k(0x34, 7, 2), 3);
}

#[test]
fn add_sub_mul_wrap_mod_2_32() {
    // §4, VERIFIED: 0xffffffff+2=1, 0-1=0xffffffff, 0x10000*0x10000=0,
    // 0xffffffff*0xffffffff=1.
    assert_eq!(alu_k(0x04, 0xffff_ffff, 2), 1);
    assert_eq!(alu_x(0x0c, 0xffff_ffff, 2), 1);
    assert_eq!(alu_k(0x14, 0, 1), 0xffff_ffff);
    assert_eq!(alu_x(0x1c, 0, 1), 0xffff_ffff);
    assert_eq!(alu_k(0x24, 0x1_0000, 0x1_0000), 0);
    assert_eq!(alu_x(0x2c, 0x1_0000, 0x1_0000), 0);
    assert_eq!(alu_k(0x24, 0xffff_ffff, 0xffff_ffff), 1);
    assert_eq!(alu_x(0x2c, 0xffff_ffff, 0xffff_ffff), 1);
}

#[test]
fn bitwise_ops() {
    // §3/§4: and, or, xor in K and X forms.
    assert_eq!(alu_k(0x54, 0xff0f, 0x0ff0), 0x0f00);
    assert_eq!(alu_x(0x5c, 0xff0f, 0x0ff0), 0x0f00);
    assert_eq!(alu_k(0x44, 0xf000, 0x000f), 0xf00f);
    assert_eq!(alu_x(0x4c, 0xf000, 0x000f), 0xf00f);
    assert_eq!(alu_k(0xa4, 0xffff_ffff, 0x0f0f_0f0f), 0xf0f0_f0f0);
    assert_eq!(alu_x(0xac, 0xffff_ffff, 0x0f0f_0f0f), 0xf0f0_f0f0);
}

#[test]
fn tax_and_txa_directions() {
    // §4 register map: TAX is X = A, TXA is A = X.
    // ld #5; tax (X=5); ld #7; txa (A=X=5); ret a -> 5.
    // Swapped semantics would give: A=5; A=X=0; A=7; X=A=7; ret a -> 7.
    assert_eq!(run0(&[ld_imm(5), TAX, ld_imm(7), TXA, ret_a()]), 5);
    // ldx #3; txa; ret a -> 3 (swapped: X = A = 0 -> 0)
    assert_eq!(run0(&[ldx_imm(3), TXA, ret_a()]), 3);
    // ld #4; tax; add x -> 8 (swapped: A = X = 0; 0 + 0 -> 0)
    assert_eq!(run0(&[ld_imm(4), TAX, Insn::stmt(0x0c, 0), ret_a()]), 8);
}

#[test]
fn scratch_memory_round_trip() {
    // §4: M[k] are 32-bit slots; st/stx store A/X, ld/ldx M[k] load them.
    assert_eq!(
        run0(&[
            ld_imm(0xdead_beef),
            Insn::stmt(0x02, 15),
            ldx_imm(0x1234),
            Insn::stmt(0x03, 0),
            ld_imm(0),
            Insn::stmt(0x61, 15),
            Insn::stmt(0x60, 0),
            Insn::stmt(0x0c, 0),
            ret_a(),
        ]),
        0xdead_beef_u32.wrapping_add(0x1234)
    );
}

// ---------------------------------------------------------------------------------
// §4 jumps: unsigned 32-bit compares

#[test]
fn k_compares_with_bit_31_are_unsigned() {
    // §4 Jumps (VERIFIED): jgt #0xffffffff, jeq #0xffffffff, jge #0x80000000,
    // jset #0x80000000 behave as unsigned u32.
    // jgt #0xffffffff: never taken (a signed/sign-extended compare would take it for A=0)
    assert!(!taken(0x25, 0, 0xffff_ffff));
    assert!(!taken(0x25, 0xffff_ffff, 0xffff_ffff));
    assert!(!taken(0x25, 0x7fff_ffff, 0xffff_ffff));
    // jeq #0xffffffff taken exactly for A = 0xffffffff
    assert!(taken(0x15, 0xffff_ffff, 0xffff_ffff));
    assert!(!taken(0x15, 0x7fff_ffff, 0xffff_ffff));
    assert!(!taken(0x15, 0, 0xffff_ffff));
    // jge #0x80000000: taken for A >= 2^31 only
    assert!(taken(0x35, 0x8000_0000, 0x8000_0000));
    assert!(taken(0x35, 0xffff_ffff, 0x8000_0000));
    assert!(!taken(0x35, 0, 0x8000_0000));
    assert!(!taken(0x35, 0x7fff_ffff, 0x8000_0000));
    // jset #0x80000000: tests bit 31 (JSET tests (A & op) != 0)
    assert!(taken(0x45, 0x8000_0000, 0x8000_0000));
    assert!(!taken(0x45, 0x7fff_ffff, 0x8000_0000));
    // ordinary values
    assert!(taken(0x25, 2, 1));
    assert!(!taken(0x25, 1, 1));
    assert!(taken(0x35, 1, 1));
    assert!(!taken(0x45, 0b1010, 0b0101));
}

#[test]
fn x_compares_are_unsigned() {
    // §4: X forms compare A with X unsigned (VERIFIED).
    assert!(!taken(0x2d, 0, 0xffff_ffff));
    assert!(taken(0x2d, 0xffff_ffff, 1));
    assert!(taken(0x2d, 0x8000_0000, 0x7fff_ffff));
    assert!(!taken(0x3d, 0x7fff_ffff, 0x8000_0000));
    assert!(taken(0x3d, 0x8000_0000, 0x8000_0000));
    assert!(taken(0x1d, 0xffff_ffff, 0xffff_ffff));
    assert!(!taken(0x1d, 0xffff_fffe, 0xffff_ffff));
    assert!(taken(0x4d, 0x8000_0000, 0xffff_ffff));
    assert!(!taken(0x4d, 0x8000_0000, 0x7fff_ffff));
}

#[test]
fn jumps_are_relative_to_next_pc() {
    // §4: jt/jf relative to pc+1; JA adds k.
    let p = [
        ld_imm(1),
        Insn::jump(0x15, 1, 2, 0), // taken -> pc 4
        ret_k(10),
        ret_k(11),
        Insn::stmt(0x05, 1), // -> pc 6
        ret_k(12),
        ret_k(13),
    ];
    assert_eq!(run0(&p), 13);
    let r = vm::run(&prog(&p), &x86(0));
    assert_eq!(r.insns_executed, 4);
}

// ---------------------------------------------------------------------------------
// §5 seccomp_data layout

#[test]
fn args_layout_little_endian_x86_64() {
    // §5 VERIFIED on x86-64: args1=0x1122334455667788 gives [24]=0x55667788,
    // [28]=0x11223344.
    let mut d = x86(0);
    d.args[1] = 0x1122_3344_5566_7788;
    assert_eq!(run_on(&[ld_abs(24), ret_a()], &d), 0x5566_7788);
    assert_eq!(run_on(&[ld_abs(28), ret_a()], &d), 0x1122_3344);
    let w = d.words();
    assert_eq!((w[6], w[7]), (0x5566_7788, 0x1122_3344));
    // ip low at 8, high at 12 on little-endian
    d.instruction_pointer = 0xaaaa_bbbb_cccc_dddd;
    assert_eq!(run_on(&[ld_abs(8), ret_a()], &d), 0xcccc_dddd);
    assert_eq!(run_on(&[ld_abs(12), ret_a()], &d), 0xaaaa_bbbb);
    // nr at 0, arch at 4
    d.nr = 59;
    assert_eq!(run_on(&[ld_abs(0), ret_a()], &d), 59);
    assert_eq!(run_on(&[ld_abs(4), ret_a()], &d), AUDIT_ARCH_X86_64);
    // args[5] at 56/60
    d.args[5] = 0x0102_0304_0506_0708;
    assert_eq!(run_on(&[ld_abs(56), ret_a()], &d), 0x0506_0708);
    assert_eq!(run_on(&[ld_abs(60), ret_a()], &d), 0x0102_0304);
}

#[test]
fn args_layout_big_endian_s390x() {
    // §5: on big-endian the low half is at +4. s390x AUDIT_ARCH = 0x80000016.
    assert_eq!(AUDIT_ARCH_S390X, 0x8000_0016);
    let mut d = SeccompData::new(AUDIT_ARCH_S390X, 0);
    d.args[1] = 0x1122_3344_5566_7788;
    assert_eq!(run_on(&[ld_abs(24), ret_a()], &d), 0x1122_3344);
    assert_eq!(run_on(&[ld_abs(28), ret_a()], &d), 0x5566_7788);
    d.instruction_pointer = 0xaaaa_bbbb_cccc_dddd;
    assert_eq!(run_on(&[ld_abs(8), ret_a()], &d), 0xaaaa_bbbb);
    assert_eq!(run_on(&[ld_abs(12), ret_a()], &d), 0xcccc_dddd);
    assert_eq!(run_on(&[ld_abs(4), ret_a()], &d), 0x8000_0016);
}

#[test]
fn field_at_offsets() {
    // §5 table and endianness rule.
    assert_eq!(Field::at(0, Endian::Little), Some(Field::Nr));
    assert_eq!(Field::at(4, Endian::Big), Some(Field::Arch));
    assert_eq!(
        Field::at(24, Endian::Little),
        Some(Field::Arg {
            index: 1,
            high: false
        })
    );
    assert_eq!(
        Field::at(28, Endian::Little),
        Some(Field::Arg {
            index: 1,
            high: true
        })
    );
    assert_eq!(
        Field::at(24, Endian::Big),
        Some(Field::Arg {
            index: 1,
            high: true
        })
    );
    assert_eq!(
        Field::at(8, Endian::Little),
        Some(Field::InstructionPointer { high: false })
    );
    assert_eq!(
        Field::at(8, Endian::Big),
        Some(Field::InstructionPointer { high: true })
    );
    assert_eq!(
        Field::at(60, Endian::Little),
        Some(Field::Arg {
            index: 5,
            high: true
        })
    );
    assert_eq!(Field::at(64, Endian::Little), None);
    assert_eq!(Field::at(2, Endian::Little), None);
}

#[test]
fn every_32_bit_nr_reaches_the_filter() {
    // §5/§12: syscall(-1) shows nr = 0xffffffff; x32 bit visible with arch X86_64.
    let p = [
        ld_abs(0),
        Insn::jump(0x15, 0xffff_ffff, 0, 1),
        ret_k(ERRNO | 1),
        ret_k(ALLOW),
    ];
    assert_eq!(run_on(&p, &x86(0xffff_ffff)), ERRNO | 1);
    assert_eq!(run_on(&p, &x86(0xffff_fffe)), ALLOW);
    assert_eq!(
        run_on(&[ld_abs(0), ret_a()], &x86(X32_SYSCALL_BIT | 1)),
        0x4000_0001
    );
    // and the stack does not bypass it (only 335/336 are, §6.5)
    let s = run_stack(&[prog(&p)], &x86(0xffff_ffff));
    assert!(!s.bypassed);
    assert_eq!(s.outcome(), Outcome::FailsWith(1));
}

// ---------------------------------------------------------------------------------
// §6.1/§6.2 stacks

fn filters(rets: &[u32]) -> Vec<VerifiedProgram> {
    rets.iter().map(|&r| prog(&[ret_k(r)])).collect()
}

fn stack(rets: &[u32]) -> (u32, usize) {
    let s = run_stack(&filters(rets), &x86(1));
    let rets: Vec<RetValue> = rets.iter().map(|&r| RetValue(r)).collect();
    assert_eq!(s.rets, rets);
    (s.ret.raw(), s.filter)
}

/// All permutations of `v` (Heap's algorithm).
fn permutations(v: &[u32]) -> Vec<Vec<u32>> {
    fn go(k: usize, a: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
        if k <= 1 {
            out.push(a.clone());
            return;
        }
        for i in 0..k {
            go(k - 1, a, out);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            a.swap(j, k - 1);
        }
    }
    let mut a = v.to_vec();
    let mut out = Vec::new();
    go(a.len(), &mut a, &mut out);
    out
}

#[test]
fn errno_order_tie_keeps_newest() {
    // §6.2 / §9 ERRNO_order: 11, 13, 12 installed in that order -> errno 12, and it
    // is the newest filter (index 2, 0 = oldest).
    let s = run_stack(&filters(&[ERRNO | 11, ERRNO | 13, ERRNO | 12]), &x86(1));
    assert_eq!(s.ret, RetValue::errno(12));
    assert_eq!(s.filter, 2);
    assert_eq!(s.outcome(), Outcome::FailsWith(12));
    // ties between equal actions keep the newest in general
    assert_eq!(stack(&[TRAP | 1, TRAP | 2]), (TRAP | 2, 1));
    assert_eq!(stack(&[TRAP | 2, TRAP | 1]), (TRAP | 1, 1));
}

#[test]
fn precedence_independent_of_install_order() {
    // §6.1 order and §9 precedence.*_in_any_order: the lowest s32 action wins.
    let actions = [
        ALLOW,
        SECCOMP_RET_LOG,
        SECCOMP_RET_TRACE | 3,
        ERRNO | 2,
        TRAP | 1,
        SECCOMP_RET_KILL_THREAD,
    ];
    // drop the winner each time: kill, then trap, errno, trace, log, allow
    for n in (1..=actions.len()).rev() {
        let set = &actions[..n];
        let winner = set[n - 1];
        for perm in permutations(set) {
            let (ret, idx) = stack(&perm);
            assert_eq!(ret, winner, "{perm:x?}");
            if winner != ALLOW {
                assert_eq!(perm[idx], winner);
            }
        }
    }
}

#[test]
fn kill_process_beats_everything() {
    // §6.1: KILL_PROCESS 0x80000000 is the lowest s32 -> highest precedence.
    let set = [
        ALLOW,
        ERRNO | 1,
        TRAP,
        SECCOMP_RET_KILL_THREAD,
        SECCOMP_RET_KILL_PROCESS,
    ];
    for perm in permutations(&set) {
        assert_eq!(stack(&perm).0, SECCOMP_RET_KILL_PROCESS);
    }
    assert_eq!(
        stack(&[SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD]),
        (SECCOMP_RET_KILL_PROCESS, 0)
    );
    assert_eq!(
        stack(&[SECCOMP_RET_KILL_THREAD, SECCOMP_RET_KILL_PROCESS]),
        (SECCOMP_RET_KILL_PROCESS, 1)
    );
    assert_eq!(
        Outcome::of(stack(&[SECCOMP_RET_KILL_THREAD, SECCOMP_RET_KILL_PROCESS]).0),
        Outcome::KillProcess
    );
}

#[test]
fn unknown_actions_take_part_by_signed_value() {
    // §6.3: old filter 0x10000000 + new filter ERRNO|5 -> errno 5 (both orders).
    assert_eq!(stack(&[0x1000_0000, ERRNO | 5]), (ERRNO | 5, 1));
    assert_eq!(stack(&[ERRNO | 5, 0x1000_0000]), (ERRNO | 5, 0));
    // §6.3: 0x7ffe0000 beats ALLOW and kills.
    assert_eq!(stack(&[ALLOW, 0x7ffe_0000]), (0x7ffe_0000, 1));
    assert_eq!(stack(&[0x7ffe_0000, ALLOW]), (0x7ffe_0000, 0));
    assert_eq!(Outcome::of(0x7ffe_0000), Outcome::KillProcess);
    // negative unknown 0x90000000 beats KILL_THREAD (0) but not KILL_PROCESS.
    assert_eq!(
        stack(&[SECCOMP_RET_KILL_THREAD, 0x9000_0000]).0,
        0x9000_0000
    );
    assert_eq!(
        stack(&[0x9000_0000, SECCOMP_RET_KILL_THREAD]).0,
        0x9000_0000
    );
    assert_eq!(
        stack(&[0x9000_0000, SECCOMP_RET_KILL_PROCESS]).0,
        SECCOMP_RET_KILL_PROCESS
    );
    assert_eq!(
        stack(&[SECCOMP_RET_KILL_PROCESS, 0x9000_0000]).0,
        SECCOMP_RET_KILL_PROCESS
    );
}

#[test]
fn every_filter_runs() {
    // §6.2: all filters always run.
    let s = run_stack(
        &[
            prog(&[ret_k(SECCOMP_RET_KILL_PROCESS)]),
            prog(&[ld_imm(1), ld_imm(2), ret_k(ALLOW)]),
        ],
        &x86(1),
    );
    assert_eq!(s.insns_executed, 4);
    assert_eq!(s.rets, vec![RetValue::KILL_PROCESS, RetValue::ALLOW]);
    assert_eq!(s.ret, RetValue::KILL_PROCESS);
    assert_eq!(s.filter, 0);
}

#[test]
fn empty_stack_lets_every_syscall_run() {
    // §6.2: seccomp_run_filters with no filter at all is not a reachable state (it WARNs
    // and kills); a thread without filters is not in filter mode, so its syscalls run
    // without any filter being asked (§1). An empty stack is that thread: ALLOW.
    let s = run_stack(&[], &x86(1));
    assert_eq!(
        (s.ret, s.rets.len(), s.insns_executed),
        (RetValue::ALLOW, 0, 0)
    );
    assert_eq!(s.outcome(), secbpf::seccomp::action::Outcome::Runs);
    assert_eq!(
        secbpf::seccomp::stack::eval_stack(&[], &x86(1)),
        RetValue::ALLOW
    );
}

#[test]
fn all_allow_runs() {
    // §6.2: ALLOW|data never replaces the initial ALLOW; the syscall runs.
    let s = run_stack(&filters(&[ALLOW | 5, ALLOW | 7]), &x86(1));
    assert_eq!(s.outcome(), Outcome::Runs);
    assert_eq!(s.ret.action(), Action::Allow);
}

// ---------------------------------------------------------------------------------
// §6.3 dispatch

#[test]
fn outcome_errno_capping() {
    // §6.3 ERRNO: data capped at 4095 (VERIFIED 0, 1, 4095, 4096->4095, 0xffff->4095).
    assert_eq!(Outcome::of(ERRNO), Outcome::FailsWith(0));
    assert_eq!(Outcome::of(ERRNO | 1), Outcome::FailsWith(1));
    assert_eq!(Outcome::of(ERRNO | 4095), Outcome::FailsWith(4095));
    assert_eq!(Outcome::of(ERRNO | 4096), Outcome::FailsWith(4095));
    assert_eq!(Outcome::of(ERRNO | 0xffff), Outcome::FailsWith(4095));
}

#[test]
fn outcome_trap_data_not_capped() {
    // §6.3 TRAP: si_errno = data, 16 bits, not capped (VERIFIED 0xffff).
    assert_eq!(Outcome::of(TRAP | 0xffff), Outcome::Sigsys(0xffff));
    assert_eq!(Outcome::of(TRAP | 4096), Outcome::Sigsys(4096));
    assert_eq!(Outcome::of(TRAP), Outcome::Sigsys(0));
}

#[test]
fn outcome_trace_and_user_notif_without_tracer_or_listener() {
    // §6.3: TRACE without tracer -> -ENOSYS; USER_NOTIF without listener -> -ENOSYS.
    assert_eq!(Outcome::of(SECCOMP_RET_TRACE), Outcome::FailsWith(ENOSYS));
    assert_eq!(
        Outcome::of(SECCOMP_RET_TRACE | 0x1234),
        Outcome::FailsWith(ENOSYS)
    );
    assert_eq!(
        Outcome::of(SECCOMP_RET_USER_NOTIF),
        Outcome::FailsWith(ENOSYS)
    );
}

#[test]
fn outcome_kills_and_allows() {
    // §6.3: KILL_THREAD, KILL_PROCESS and every unknown action.
    assert_eq!(Outcome::of(SECCOMP_RET_KILL_THREAD), Outcome::KillThread);
    assert_eq!(Outcome::of(SECCOMP_RET_KILL_PROCESS), Outcome::KillProcess);
    // VERIFIED unknown values that kill with SIGSYS
    for r in [
        0x7ffe_0000,
        0x1000_0000,
        0x0004_0000,
        0x0001_0000,
        0x9000_0000,
        0xffff_0000,
        0xAAAA_0000,
        0xAAAA_AAAA,
    ] {
        assert_eq!(Outcome::of(r), Outcome::KillProcess, "{r:#x}");
        assert_eq!(Action::of(r), Action::Unknown, "{r:#x}");
    }
    assert_eq!(Outcome::of(ALLOW), Outcome::Runs);
    assert_eq!(Outcome::of(ALLOW | 0xffff), Outcome::Runs);
    assert_eq!(Outcome::of(SECCOMP_RET_LOG), Outcome::Runs);
}

#[test]
fn action_values_and_precedence() {
    // §6.1 table
    assert_eq!(Action::of(0x8000_0000), Action::KillProcess);
    assert_eq!(Action::of(0x8000_ffff), Action::KillProcess);
    assert_eq!(Action::of(0), Action::KillThread);
    assert_eq!(Action::of(0x0003_0000), Action::Trap);
    assert_eq!(Action::of(0x0005_0000), Action::Errno);
    assert_eq!(Action::of(0x7fc0_0000), Action::UserNotif);
    assert_eq!(Action::of(0x7ff0_0000), Action::Trace);
    assert_eq!(Action::of(0x7ffc_0000), Action::Log);
    assert_eq!(Action::of(0x7fff_0000), Action::Allow);
    let order = [
        0x8000_0000u32,
        0,
        0x0003_0000,
        0x0005_0000,
        0x7fc0_0000,
        0x7ff0_0000,
        0x7ffc_0000,
        0x7fff_0000,
    ];
    for w in order.windows(2) {
        assert!(
            precedence(w[0]) < precedence(w[1]),
            "{:#x} {:#x}",
            w[0],
            w[1]
        );
    }
    // data does not affect precedence
    assert_eq!(precedence(ERRNO | 1), precedence(ERRNO | 0xffff));
    // names
    assert_eq!(parse_ret("ALLOW"), Some(0x7fff_0000));
    assert_eq!(parse_ret("ERRNO(13)"), Some(0x0005_000d));
    assert_eq!(parse_ret("KILL_PROCESS"), Some(0x8000_0000));
    assert_eq!(parse_ret("kill"), Some(0));
    assert_eq!(parse_ret("TRAP(1)"), Some(0x0003_0001));
    assert_eq!(parse_ret("USER_NOTIF"), Some(0x7fc0_0000));
    assert_eq!(parse_ret("0x10000000"), Some(0x1000_0000));
}

// ---------------------------------------------------------------------------------
// §6.5 uprobe passthrough

#[test]
fn uprobe_numbers_bypass_on_x86_64_only() {
    // §6.5: native nr 335 and 336 bypass every filter, even ret #KILL_PROCESS;
    // compat (i386) numbers are not exempt. §7: x32 numbers are never cached.
    let kill = [prog(&[ret_k(SECCOMP_RET_KILL_PROCESS)])];
    for nr in [335, 336] {
        let s = run_stack(&kill, &x86(nr));
        assert!(s.bypassed, "nr {nr}");
        assert_eq!(s.outcome(), Outcome::Runs);
        let s = run_stack(&kill, &SeccompData::new(AUDIT_ARCH_I386, nr));
        assert!(!s.bypassed, "i386 nr {nr}");
        assert_eq!(s.outcome(), Outcome::KillProcess);
    }
    for nr in [334, 337, X32_SYSCALL_BIT | 335] {
        let s = run_stack(&kill, &x86(nr));
        assert!(!s.bypassed, "nr {nr:#x}");
        assert_eq!(s.outcome(), Outcome::KillProcess);
    }
}

// ---------------------------------------------------------------------------------
// the stepping machine agrees with run

fn sample_programs() -> Vec<Vec<Insn>> {
    vec![
        vec![ret_k(ALLOW)],
        vec![ld_imm(5), TAX, ld_imm(7), TXA, ret_a()],
        vec![
            ld_abs(4),
            Insn::jump(0x15, AUDIT_ARCH_X86_64, 1, 0),
            ret_k(SECCOMP_RET_KILL_PROCESS),
            ld_abs(0),
            Insn::jump(0x25, 100, 0, 2),
            Insn::stmt(0x02, 3),
            ret_k(ERRNO | 1),
            ld_abs(16),
            Insn::stmt(0x02, 3),
            Insn::stmt(0x60, 3),
            Insn::stmt(0x54, 0xff),
            ret_a(),
        ],
        vec![ld_abs(0), TAX, ld_imm(1000), Insn::stmt(0x3c, 0), ret_a()],
        vec![
            ld_abs(24),
            ldx_imm(3),
            Insn::stmt(0x6c, 0),
            Insn::stmt(0x84, 0),
            Insn::stmt(0x03, 0),
            Insn::stmt(0x02, 1),
            Insn::stmt(0x61, 1),
            Insn::stmt(0x60, 0),
            Insn::jump(0x2d, 0, 1, 0),
            ret_k(ALLOW),
            ret_a(),
        ],
    ]
}

fn sample_data() -> Vec<SeccompData> {
    let mut v = vec![
        x86(0),
        x86(1),
        x86(200),
        SeccompData::new(AUDIT_ARCH_I386, 3),
    ];
    let mut d = x86(59);
    d.args = [0xff, 1 << 40, 0x1122_3344_5566_7788, 3, 4, 5];
    v.push(d);
    v
}

#[test]
fn machine_agrees_with_run() {
    for p in sample_programs() {
        let v = prog(&p);
        for d in sample_data() {
            let r = vm::run(&v, &d);
            let mut m = Machine::new(&v, d.words());
            assert_eq!(m.pc(), 0);
            assert_eq!((m.regs().a, m.regs().x), (0, 0));
            assert_eq!(m.finished(), None);
            assert_eq!(m.run_to_end(), r.ret);
            assert_eq!(m.finished(), Some(r.ret));
            assert_eq!(m.executed(), r.insns_executed);
            // also by single steps
            let mut m = Machine::new(&v, d.words());
            let mut n = 0;
            let mut last = None;
            while let Some(s) = m.step() {
                n += 1;
                last = s.ret;
            }
            assert_eq!(n, r.insns_executed);
            assert_eq!(last, Some(r.ret));
            assert!(m.step().is_none());
            // run_words is run on the words
            assert_eq!(vm::run_words(&v, &d.words()), r);
        }
    }
}

#[test]
fn step_back_restores_state() {
    for p in sample_programs() {
        let v = prog(&p);
        for d in sample_data() {
            let mut m = Machine::new(&v, d.words());
            assert!(!m.step_back());
            let mut states = vec![(m.pc(), *m.regs(), m.mem_written(), m.finished())];
            while let Some(s) = m.step() {
                assert_eq!(s.before, states.last().unwrap().1);
                assert_eq!(s.after, *m.regs());
                states.push((m.pc(), *m.regs(), m.mem_written(), m.finished()));
            }
            let end = m.finished();
            while states.len() > 1 {
                states.pop();
                assert!(m.step_back());
                let want = *states.last().unwrap();
                assert_eq!((m.pc(), *m.regs(), m.mem_written(), m.finished()), want);
            }
            assert!(!m.step_back());
            assert_eq!(m.executed(), 0);
            // and forward again to the same result
            assert_eq!(Some(m.run_to_end()), end);
        }
    }
}
