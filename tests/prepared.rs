//! The prepared form `vm::run` executes (the per-(arch, nr) table of partial results,
//! jeq runs answered by lookup, loads fused with the jump after them) must give exactly
//! what stepping one instruction at a time gives
//! (`vm::Machine`, which runs the per-instruction form): the same return value and the
//! same instruction count, on programs built to be full of those patterns.

use proptest::prelude::*;
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::RetValue;
use secbpf::vm::{self, Machine};
use secbpf::{verify, Insn};

/// Programs shaped like generated filters: loads of nr/arch/args words followed by runs
/// of `jeq #k` (false branch falling through, sometimes not), other jumps, ALU ops and
/// returns, always ending in a return. Jump targets stay in range so most programs pass
/// the checker.
fn filter_like() -> impl Strategy<Value = Vec<Insn>> {
    let piece = prop_oneof![
        // ld [w]
        (0u32..16).prop_map(|w| vec![Insn::stmt(0x20, w * 4)]),
        // a run of jeq with small keys (duplicates likely), jt forward by a small amount
        prop::collection::vec((0u32..24, 0u8..12, prop::bool::weighted(0.9)), 1..20).prop_map(
            |v| v
                .into_iter()
                .map(|(k, jt, fall)| Insn::jump(0x15, k, jt, if fall { 0 } else { 1 }))
                .collect()
        ),
        // a run with large keys (no dense table)
        prop::collection::vec(any::<u32>(), 1..10)
            .prop_map(|v| v.into_iter().map(|k| Insn::jump(0x15, k, 1, 0)).collect()),
        // other conditional jumps
        (
            prop::sample::select(vec![0x25u16, 0x35, 0x45, 0x1d]),
            any::<u32>(),
            0u8..5,
            0u8..5
        )
            .prop_map(|(c, k, t, f)| vec![Insn::jump(c, k, t, f)]),
        // ALU and moves
        (
            prop::sample::select(vec![0x04u16, 0x54, 0x44, 0xa4, 0x07, 0x87, 0x84]),
            any::<u32>()
        )
            .prop_map(|(c, k)| vec![Insn::stmt(c, k)]),
        // returns
        prop::sample::select(vec![
            0x7fff_0000u32,
            0x0005_0001,
            0x8000_0000,
            0,
            0x0003_0007
        ])
        .prop_map(|k| vec![Insn::stmt(0x06, k)]),
        Just(vec![Insn::stmt(0x16, 0)]),
    ];
    prop::collection::vec(piece, 1..30).prop_map(|pieces| {
        let mut p: Vec<Insn> = pieces.into_iter().flatten().collect();
        // Enough returns at the end that short forward jumps land inside the program.
        for k in [
            0x7fff_0000u32,
            0x0005_000d,
            0x8000_0000,
            0x7ff0_0001,
            0,
            0x7fc0_0000,
        ] {
            p.extend(std::iter::repeat_n(Insn::stmt(0x06, k), 4));
        }
        p
    })
}

fn data() -> impl Strategy<Value = SeccompData> {
    (
        prop_oneof![0u32..30, any::<u32>()],
        // Real arches, and small values that the programs' own `ld [4]; jeq #k` compare
        // against (so the per-arch tables of the prepared form are used).
        prop_oneof![
            prop::sample::select(vec![0xc000_003eu32, 0x4000_0003, 0x8000_0016]),
            0u32..24,
        ],
        any::<u64>(),
        prop::array::uniform6(prop_oneof![0u64..30, any::<u64>()]),
    )
        .prop_map(|(nr, arch, ip, args)| SeccompData {
            nr,
            arch,
            instruction_pointer: ip,
            args,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn prepared_form_equals_stepping(prog in filter_like(), inputs in prop::collection::vec(data(), 1..8)) {
        // The generator keeps every jump in range, so the checker accepts every program.
        let v = verify::check(&prog).expect("filter_like programs are valid");
        for d in &inputs {
            let fast = vm::run(&v, d);
            let mut m = Machine::new(&v, d.words());
            let slow = m.run_to_end();
            prop_assert_eq!(fast.ret, slow);
            prop_assert_eq!(fast.insns_executed, m.executed());
        }
    }
}

#[test]
fn a_run_of_jeq_keeps_the_first_match_and_counts_instructions() {
    // ld [0]; jeq #5 -> pc 9; jeq #7 -> pc 10; jeq #5 -> pc 11 (shadowed); jeq #1..#3; ret...
    let mut p = vec![Insn::stmt(0x20, 0)];
    p.push(Insn::jump(0x15, 5, 7, 0)); // pc 1 -> 9
    p.push(Insn::jump(0x15, 7, 7, 0)); // pc 2 -> 10
    p.push(Insn::jump(0x15, 5, 7, 0)); // pc 3 -> 11 (never: pc 1 matches 5 first)
    p.push(Insn::jump(0x15, 1, 7, 0)); // pc 4 -> 12
    p.push(Insn::jump(0x15, 2, 6, 0)); // pc 5 -> 12
    p.push(Insn::jump(0x15, 3, 5, 0)); // pc 6 -> 12
    p.push(Insn::jump(0x15, 4, 4, 0)); // pc 7 -> 12
    p.push(Insn::stmt(0x06, 0x8000_0000)); // pc 8: no key matched
    p.push(Insn::stmt(0x06, 0x0005_0005)); // pc 9
    p.push(Insn::stmt(0x06, 0x0005_0007)); // pc 10
    p.push(Insn::stmt(0x06, 0x0005_00ff)); // pc 11
    p.push(Insn::stmt(0x06, 0x7fff_0000)); // pc 12
    let v = verify::check(&p).unwrap();
    let run = |nr| vm::run(&v, &SeccompData::new(0xc000_003e, nr));
    // nr 5: ld, jeq(pc1) taken, ret = 3 instructions
    assert_eq!((run(5).ret.raw(), run(5).insns_executed), (0x0005_0005, 3));
    // nr 7: ld, pc1, pc2 taken, ret = 4
    assert_eq!((run(7).ret.raw(), run(7).insns_executed), (0x0005_0007, 4));
    // nr 4: ld, pc1..pc7 (pc7 taken), ret = 9
    assert_eq!((run(4).ret, run(4).insns_executed), (RetValue::ALLOW, 9));
    // nr 100: ld, all 7 jeq, ret at pc 8 = 9
    assert_eq!(
        (run(100).ret, run(100).insns_executed),
        (RetValue::KILL_PROCESS, 9)
    );
}

/// Issue 5's budget for preparing a real 1,000-instruction filter: under 1 MiB.
#[test]
fn preparing_the_container_filter_takes_under_a_mebibyte() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/libseccomp-container.bpf"
    ))
    .unwrap();
    let prog = secbpf::codec::decode_raw(&bytes, secbpf::Endian::Little).unwrap();
    assert_eq!(prog.len(), 979);
    let v = verify::check(&prog).unwrap();
    assert!(
        v.prepared_size_bytes() < 1 << 20,
        "{} bytes",
        v.prepared_size_bytes()
    );
}

/// Programs with everything the evaluation plan must follow or hand over: loads of every
/// word, moves through X and scratch memory, comparisons with K and with X (`jeq`,
/// `jgt`, `jge`, `jset`), arithmetic on loaded words, `ret A`, and long `jeq` runs.
fn plan_like() -> impl Strategy<Value = Vec<Insn>> {
    let key = prop_oneof![0u32..8, Just(0x4000_0000u32), Just(u32::MAX), any::<u32>()];
    let piece = prop_oneof![
        3 => (0u32..16).prop_map(|w| vec![Insn::stmt(0x20, w * 4)]),
        // jeq/jgt/jge/jset #k and their X forms, short forward jumps
        4 => (
            prop::sample::select(vec![0x15u16, 0x25, 0x35, 0x45, 0x1d, 0x2d, 0x3d, 0x4d]),
            key.clone(),
            0u8..6,
            0u8..6
        )
            .prop_map(|(c, k, t, f)| vec![Insn::jump(c, k, t, f)]),
        // a run of jeq (a chain in the prepared form)
        1 => prop::collection::vec((key.clone(), 0u8..8), 6..12).prop_map(|v| v
            .into_iter()
            .map(|(k, t)| Insn::jump(0x15, k, t, 0))
            .collect()),
        // moves: tax, txa, st M[i], ld M[i] right after (so the cell is written), ldx #k
        2 => (0u32..4, key.clone()).prop_map(|(i, k)| vec![
            Insn::stmt(0x02, i), // st M[i]
            Insn::stmt(0x60, i), // ld M[i]
            Insn::stmt(0x01, k), // ldx #k
        ]),
        1 => Just(vec![Insn::stmt(0x07, 0)]), // tax
        1 => Just(vec![Insn::stmt(0x87, 0)]), // txa
        // arithmetic on whatever A holds
        1 => (prop::sample::select(vec![0x04u16, 0x54, 0x44, 0x74, 0x84]), 0u32..5)
            .prop_map(|(c, k)| vec![Insn::stmt(c, k)]),
        // masks (libseccomp's masked comparisons: ld; and #m; jeq #v), nested too
        2 => (key.clone(), key.clone(), 0u8..4)
            .prop_map(|(m, v, t)| vec![Insn::stmt(0x54, m), Insn::jump(0x15, v & m, t, 0)]),
        1 => prop::sample::select(vec![0x7fff_0000u32, 0x0005_0001, 0x8000_0000, 0, 0xc000_0000])
            .prop_map(|k| vec![Insn::stmt(0x06, k)]),
        1 => Just(vec![Insn::stmt(0x16, 0)]), // ret A
    ];
    prop::collection::vec(piece, 1..24).prop_map(|pieces| {
        let mut p: Vec<Insn> = pieces.into_iter().flatten().collect();
        for k in [
            0x7fff_0000u32,
            0x0005_000d,
            0x8000_0000,
            0x7ff0_0001,
            0,
            0x7fc0_0000,
        ] {
            p.extend(std::iter::repeat_n(Insn::stmt(0x06, k), 2));
        }
        p
    })
}

/// Inputs whose words sit on and next to the program's constants (the plan's interval
/// boundaries), or anywhere.
fn boundary_inputs(prog: &[Insn], picks: &[(u8, u32)]) -> SeccompData {
    let ks: Vec<u32> = prog.iter().map(|i| i.k).collect();
    let mut w = [0u32; 16];
    for (slot, &(how, r)) in w.iter_mut().zip(picks) {
        let k = ks[r as usize % ks.len()];
        *slot = match how % 4 {
            0 => k,
            1 => k.wrapping_sub(1),
            2 => k.wrapping_add(1),
            _ => r,
        };
    }
    SeccompData {
        nr: w[0],
        arch: w[1],
        instruction_pointer: u64::from(w[2]) | (u64::from(w[3]) << 32),
        args: std::array::from_fn(|i| u64::from(w[4 + 2 * i]) | (u64::from(w[5 + 2 * i]) << 32)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20000))]

    /// The evaluation plan (`vm::run`) against one-instruction stepping, on and next to
    /// every constant of the program.
    #[test]
    fn plan_equals_stepping_at_the_boundaries(
        prog in plan_like(),
        picks in prop::collection::vec(prop::collection::vec((any::<u8>(), any::<u32>()), 16), 1..12),
    ) {
        let Ok(v) = verify::check(&prog) else { return Ok(()) };
        for p in &picks {
            let d = boundary_inputs(&prog, p);
            let fast = vm::run(&v, &d);
            let mut m = Machine::new(&v, d.words());
            let slow = m.run_to_end();
            prop_assert_eq!(fast.ret, slow);
            prop_assert_eq!(fast.insns_executed, m.executed());
        }
    }
}

/// Numbers no table covers are answered by the plan alone: a real filter's answer for
/// nr 0x7fffffff, an x32 number, -1, and an arch it does not know, is a lookup.
#[test]
fn the_plan_answers_numbers_outside_any_table() {
    for name in [
        "docker-x86_64.bpf",
        "firejail-1.bpf",
        "sshd-preauth.bpf",
        "libseccomp-container.bpf",
    ] {
        let bytes = std::fs::read(format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let prog = secbpf::codec::decode_raw(&bytes, secbpf::Endian::Little).unwrap();
        let v = verify::check(&prog).unwrap();
        for (arch, nr) in [
            (0xc000_003e, 0x7fff_ffff),
            (0xc000_003e, 0x4000_0000 + 59),
            (0xc000_003e, u32::MAX),
            (0x4000_0003, 70_000),
            (0x1234_5678, 3),
        ] {
            let d = SeccompData::new(arch, nr);
            let (planned, shape) = vm::run_planned(&v, &d.words());
            let mut m = Machine::new(&v, d.words());
            let slow = m.run_to_end();
            let planned = planned.unwrap_or_else(|| {
                panic!("{name}: arch {arch:#x} nr {nr:#x} not planned; {shape:?}")
            });
            assert_eq!(
                (planned.ret, planned.insns_executed),
                (slow, m.executed()),
                "{name} {arch:#x} {nr:#x}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// `eval_stack` (prepared forms, early exit at KILL_PROCESS) gives `run_stack`'s value,
    /// which is kernel facts 6.2's rule applied to every filter's own result: newest
    /// first, a result replaces the kept one only when its action is strictly lower (as a
    /// signed 32-bit number).
    #[test]
    fn eval_stack_with_early_exit_equals_run_stack(
        progs in prop::collection::vec(plan_like(), 1..5),
        picks in prop::collection::vec(prop::collection::vec((any::<u8>(), any::<u32>()), 16), 1..6),
    ) {
        let stack: Vec<_> = progs.iter().filter_map(|p| verify::check(p).ok()).collect();
        let all: Vec<Insn> = progs.concat();
        for p in &picks {
            let d = boundary_inputs(&all, p);
            let full = secbpf::seccomp::stack::run_stack(&stack, &d);
            let mut expect: Option<RetValue> = None;
            for f in stack.iter().rev() {
                let r = Machine::new(f, d.words()).run_to_end();
                if expect.is_none_or(|e| ((r.raw() & 0xffff_0000) as i32) < ((e.raw() & 0xffff_0000) as i32)) {
                    expect = Some(r);
                }
            }
            let expect = expect.unwrap_or(RetValue::ALLOW);
            prop_assert_eq!(full.ret, expect);
            prop_assert_eq!(secbpf::seccomp::stack::eval_stack(&stack, &d), expect);
        }
    }
}
