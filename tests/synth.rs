//! The campaign generator and shrinker (`secbpf::synth`): determinism, the oracle's
//! constraints on inputs, coverage of the interesting shapes, and shrinking.

use secbpf::consts::*;
use secbpf::seccomp::stack::run_stack;
use secbpf::synth::{case, case_from_seed, shrink, shrink_with_budget, Case, GenConfig};
use secbpf::{verify, vm, Insn};
use std::collections::BTreeSet;

fn cfg() -> GenConfig {
    GenConfig::new(
        8,
        vec![
            0x0001_0002,
            0x7fff_0000_1002,
            0x0000_0001_0000_0002,
            0xffff_f002,
        ],
    )
}

const N: u64 = 5_000;

fn has(prog: &[Insn], code: u16) -> bool {
    prog.iter().any(|i| i.code == code)
}

#[test]
fn deterministic() {
    let c = cfg();
    for index in [0u64, 1, 7, 1234, u64::MAX] {
        assert_eq!(case_from_seed(99, index, &c), case_from_seed(99, index, &c));
    }
    let distinct: BTreeSet<String> = (0..50)
        .map(|i| format!("{:?}", case_from_seed(5, i, &c)))
        .collect();
    assert!(distinct.len() > 45, "{} distinct of 50", distinct.len());
    assert_ne!(case_from_seed(1, 3, &c), case_from_seed(2, 3, &c));
}

#[test]
fn any_bytes_give_a_case() {
    let c = cfg();
    for len in [0usize, 1, 7, 100, 1000] {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 251) as u8).collect();
        let mut u = arbitrary::Unstructured::new(&bytes);
        let got = case(&mut u, &c).expect("case");
        assert_eq!(got.inputs.len(), 8);
        assert!(!got.filters.is_empty());
    }
    // No instruction pointers configured: still no panic.
    let none = GenConfig::new(3, Vec::new());
    for i in 0..200 {
        let got = case_from_seed(1, i, &none);
        assert!(got.inputs.iter().all(|d| d.instruction_pointer == 0));
    }
}

#[derive(Default, Debug)]
struct Stats {
    programs: usize,
    accepted: usize,
    stacks: usize,
    ret_a: usize,
    div_x: usize,
    div_x_zero: usize,
    shift_x_big: usize,
    ld_ip: usize,
    st_and_ld_mem: usize,
    refused: usize,
    len0: usize,
    len1: usize,
    len4096: usize,
    len4097: usize,
    neg: usize,
    jset: usize,
    len_loads: usize,
    tax_txa: usize,
    high_arg_loads: usize,
    i386: usize,
    inputs: usize,
    actions: BTreeSet<u32>,
    rets: BTreeSet<u32>,
}

#[test]
fn campaign_shape() {
    let c = cfg();
    let mut s = Stats::default();
    for index in 0..N {
        let case = case_from_seed(0x5ecb_f000, index, &c);
        assert_eq!(case.inputs.len(), c.inputs_per_program);
        assert!((1..=4).contains(&case.filters.len()));
        if case.filters.len() > 1 {
            s.stacks += 1;
        }
        for d in &case.inputs {
            s.inputs += 1;
            assert!(c.ips.contains(&d.instruction_pointer), "{d:?}");
            assert!(d.arch == AUDIT_ARCH_X86_64 || d.arch == AUDIT_ARCH_I386);
            if d.arch == AUDIT_ARCH_X86_64 {
                assert!(d.nr != 335 && d.nr != 336, "{d:?}");
            } else {
                s.i386 += 1;
            }
        }
        let mut verified = Vec::new();
        for prog in &case.filters {
            s.programs += 1;
            match prog.len() {
                0 => s.len0 += 1,
                1 => s.len1 += 1,
                4096 => s.len4096 += 1,
                4097 => s.len4097 += 1,
                _ => {}
            }
            s.ret_a += has(prog, 0x16) as usize;
            s.div_x += has(prog, 0x3c) as usize;
            s.neg += has(prog, 0x84) as usize;
            s.jset += (has(prog, 0x45) || has(prog, 0x4d)) as usize;
            s.len_loads += (has(prog, 0x80) || has(prog, 0x81)) as usize;
            s.tax_txa += (has(prog, 0x07) && has(prog, 0x87)) as usize;
            s.ld_ip += prog
                .iter()
                .any(|i| i.code == 0x20 && (i.k == 8 || i.k == 12)) as usize;
            s.high_arg_loads += prog
                .iter()
                .any(|i| i.code == 0x20 && i.k >= 16 && i.k < 64 && i.k % 8 == 4)
                as usize;
            s.st_and_ld_mem += ((has(prog, 0x02) || has(prog, 0x03))
                && (has(prog, 0x60) || has(prog, 0x61))) as usize;
            s.refused += prog
                .iter()
                .any(|i| [0x94, 0x9c, 0x28, 0x30, 0x40, 0x48, 0x50, 0xb1].contains(&i.code))
                as usize;
            let w = prog.windows(2);
            s.shift_x_big += w
                .clone()
                .any(|p| p[0].code == 0x01 && p[0].k >= 32 && [0x6c, 0x7c].contains(&p[1].code))
                as usize;
            s.div_x_zero += prog
                .windows(2)
                .any(|p| p[0].code == 0x01 && p[0].k == 0 && p[1].code == 0x3c)
                as usize;
            if let Ok(v) = verify::check(prog) {
                s.accepted += 1;
                for d in &case.inputs {
                    let r = vm::run(&v, d).ret.raw();
                    s.rets.insert(r);
                    s.actions.insert(r & SECCOMP_RET_ACTION_FULL);
                }
                verified.push(v);
            }
        }
        if verified.len() == case.filters.len() {
            for d in &case.inputs {
                let _ = run_stack(&verified, d);
            }
        }
    }
    let share = s.accepted as f64 / s.programs as f64;
    eprintln!(
        "programs {}, accepted {} ({:.1}%), distinct rets {}, actions {}\n{s:#?}",
        s.programs,
        s.accepted,
        100.0 * share,
        s.rets.len(),
        s.actions.len()
    );
    assert!((0.40..=0.95).contains(&share), "acceptance share {share}");
    assert!(s.stacks >= 100, "stacks {}", s.stacks);
    assert!(s.ret_a >= 500);
    assert!(s.div_x >= 100);
    assert!(s.div_x_zero >= 20);
    assert!(s.shift_x_big >= 20);
    assert!(s.ld_ip >= 100);
    assert!(s.high_arg_loads >= 100);
    assert!(s.st_and_ld_mem >= 100);
    assert!(s.refused >= 50);
    assert!(s.len0 >= 5 && s.len1 >= 20 && s.len4096 >= 5 && s.len4097 >= 5);
    assert!(s.neg >= 50 && s.jset >= 100 && s.len_loads >= 50 && s.tax_txa >= 20);
    assert!(s.i386 * 5 >= s.inputs && s.i386 * 2 <= s.inputs);
    // All eight actions and some unknown ones come back from accepted programs.
    for a in [
        SECCOMP_RET_KILL_PROCESS,
        SECCOMP_RET_KILL_THREAD,
        SECCOMP_RET_TRAP,
        SECCOMP_RET_ERRNO,
        SECCOMP_RET_USER_NOTIF,
        SECCOMP_RET_TRACE,
        SECCOMP_RET_LOG,
        SECCOMP_RET_ALLOW,
    ] {
        assert!(s.actions.contains(&a), "action {a:#x} never returned");
    }
    assert!(s.actions.len() > 20, "{} action values", s.actions.len());
    assert!(
        s.rets.len() > 1000,
        "{} distinct return values",
        s.rets.len()
    );
}

/// Inputs follow the programs' constants: for programs that compare nr with a
/// constant, some inputs carry exactly that nr.
#[test]
fn inputs_follow_constants() {
    let c = cfg();
    let (mut compares, mut hit) = (0, 0);
    for index in 0..2000 {
        let case = case_from_seed(7, index, &c);
        let prog = &case.filters[0];
        let Some(p) = prog
            .windows(2)
            .position(|w| w[0].code == 0x20 && w[0].k == 0 && w[1].code == 0x15)
        else {
            continue;
        };
        let k = prog[p + 1].k;
        if k == 335 || k == 336 {
            continue; // x86_64 inputs never carry these
        }
        compares += 1;
        if case.inputs.iter().any(|d| d.nr == k) {
            hit += 1;
        }
    }
    assert!(compares >= 10, "{compares}");
    assert!(hit * 2 >= compares, "{hit} of {compares}");
}

fn first_case(pred: impl Fn(&Case) -> bool) -> Case {
    let c = cfg();
    (0..N)
        .map(|i| case_from_seed(11, i, &c))
        .find(|k| pred(k))
        .expect("a matching case")
}

#[test]
fn shrink_to_div_x() {
    let pred = |k: &Case| k.filters.iter().any(|p| has(p, 0x3c));
    let big = first_case(|k| pred(k) && k.filters.iter().map(Vec::len).sum::<usize>() > 10);
    let mut calls = 0;
    let small = shrink(&big, |k| {
        calls += 1;
        pred(k)
    });
    assert!(pred(&small));
    assert!(calls <= 500);
    assert_eq!(small.filters.len(), 1);
    assert_eq!(small.filters[0], vec![Insn::stmt(0x3c, 0)]);
    assert!(small.inputs.is_empty());
    // Deterministic.
    assert_eq!(shrink(&big, pred), small);
}

#[test]
fn shrink_keeps_meaning() {
    // Accepted, and some input gets an ERRNO from the first filter.
    let pred = |k: &Case| {
        let Some(prog) = k.filters.first() else {
            return false;
        };
        let Ok(v) = verify::check(prog) else {
            return false;
        };
        k.inputs
            .iter()
            .any(|d| vm::run(&v, d).ret.raw() & SECCOMP_RET_ACTION_FULL == SECCOMP_RET_ERRNO)
    };
    let big = first_case(|k| pred(k) && k.filters[0].len() > 12 && k.filters.len() > 1);
    let small = shrink(&big, pred);
    assert!(pred(&small));
    assert_eq!(small.inputs.len(), 1);
    assert_eq!(small.filters.len(), 1);
    assert!(small.filters[0].len() <= 2, "{:?}", small.filters[0]);
    for d in &small.inputs {
        assert!(cfg().ips.contains(&d.instruction_pointer));
    }
}

#[test]
fn shrink_long_program_within_budget() {
    let pred = |k: &Case| k.filters.iter().any(|p| p.len() > 100 && has(p, 0x16));
    let big = first_case(|k| k.filters.iter().any(|p| p.len() >= 4096 && has(p, 0x16)));
    let mut calls = 0;
    let small = shrink_with_budget(&big, 200, |k| {
        calls += 1;
        pred(k)
    });
    assert!(calls <= 200);
    assert!(pred(&small));
    assert!(small.filters.iter().map(Vec::len).sum::<usize>() < 300);
}

#[test]
fn shrink_never_fails_on_odd_cases() {
    let empty = Case::default();
    assert_eq!(shrink(&empty, |_| true), empty);
    let c = case_from_seed(3, 3, &cfg());
    assert_eq!(shrink(&c, |_| false), c);
    let all = shrink(&c, |_| true);
    assert!(all.inputs.is_empty() && all.filters.iter().all(Vec::is_empty));
}
