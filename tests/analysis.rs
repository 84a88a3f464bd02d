//! The analysis engine against the interpreter: explain's regions, their witnesses, and
//! diff, on random accepted filters and inputs.

use proptest::prelude::*;
use secbpf::analysis::bdd::Manager;
use secbpf::analysis::diff::diff;
use secbpf::analysis::engine::{analyze, Region};
use secbpf::analysis::explain::explain;
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::RetValue;
use secbpf::vm;
use secbpf::{verify, Insn, VerifiedProgram};

/// Programs shaped like generated filters (as tests/prepared.rs builds them), with
/// masks, shifts, X compares and a little arithmetic.
fn filter_like() -> impl Strategy<Value = Vec<Insn>> {
    let piece = prop_oneof![
        4 => (0u32..16).prop_map(|w| vec![Insn::stmt(0x20, w * 4)]),
        4 => prop::collection::vec((prop_oneof![8 => 0u32..24, 1 => 0x4000_0000u32..0x4000_0008], 0u8..12, prop::bool::weighted(0.9)), 1..10).prop_map(
            |v| v
                .into_iter()
                .map(|(k, jt, fall)| Insn::jump(0x15, k, jt, if fall { 0 } else { 1 }))
                .collect()
        ),
        2 => (
            prop::sample::select(vec![0x25u16, 0x35, 0x45, 0x1d, 0x2d, 0x3d, 0x4d]),
            prop_oneof![0u32..40, any::<u32>(), 0x4000_0000u32..0x4000_0010],
            0u8..5,
            0u8..5
        )
            .prop_map(|(c, k, t, f)| vec![Insn::jump(c, k, t, f)]),
        2 => (
            prop::sample::select(vec![0x54u16, 0x44, 0x64, 0x74, 0x00, 0x01, 0x07, 0x87]),
            0u32..32
        )
            .prop_map(|(c, k)| vec![Insn::stmt(c, k)]),
        1 => (
            prop::sample::select(vec![0x04u16, 0xa4, 0x84, 0x24, 0x14]),
            any::<u32>()
        )
            .prop_map(|(c, k)| vec![Insn::stmt(c, k)]),
        1 => prop::sample::select(vec![0x7fff_0000u32, 0x0005_0001, 0x8000_0000, 0, 0x0003_0007])
            .prop_map(|k| vec![Insn::stmt(0x06, k)]),
        1 => Just(vec![Insn::stmt(0x16, 0)]),
    ];
    prop::collection::vec(piece, 1..25).prop_map(|pieces| {
        let mut p: Vec<Insn> = pieces.into_iter().flatten().collect();
        for k in [0x7fff_0000u32, 0x0005_000d, 0x8000_0000, 0x7ff0_0001, 0] {
            p.extend(std::iter::repeat_n(Insn::stmt(0x06, k), 4));
        }
        p
    })
}

fn data() -> impl Strategy<Value = SeccompData> {
    (
        prop_oneof![0u32..30, any::<u32>(), 0x4000_0000u32..0x4000_0010],
        prop_oneof![
            prop::sample::select(vec![0xc000_003eu32, 0x4000_0003, 0x8000_0016]),
            0u32..24,
        ],
        prop_oneof![0u64..30, any::<u64>()],
        prop::array::uniform6(prop_oneof![0u64..30, any::<u64>()]),
    )
        .prop_map(|(nr, arch, ip, args)| SeccompData {
            nr,
            arch,
            instruction_pointer: ip,
            args,
        })
}

fn accepted() -> impl Strategy<Value = (Vec<Insn>, VerifiedProgram)> {
    filter_like().prop_filter_map("accepted", |p| verify::check(&p).ok().map(|v| (p, v)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// The exact leaf containing an input returns what `run` returns; every input is in
    /// some leaf; exact leaves are disjoint.
    #[test]
    fn leaves_partition_the_inputs((_p, v) in accepted(), inputs in prop::collection::vec(data(), 1..6)) {
        let mut m = Manager::new();
        let a = analyze(&v, &mut m, Region::full());
        for d in &inputs {
            let words = d.words();
            let want = vm::run(&v, d).ret.raw();
            let inside: Vec<_> = a.leaves.iter().filter(|l| {
                (0..16).all(|w| m.contains(l.region.words[w], words[w]))
            }).collect();
            prop_assert!(!inside.is_empty(), "input in no region");
            let exact: Vec<_> = inside.iter().filter(|l| !l.region.approx).collect();
            prop_assert!(exact.len() <= 1, "exact regions overlap");
            if let Some(l) = exact.first() {
                if l.ret.is_some() || l.ret_bits.is_some() {
                    prop_assert_eq!(l.value_at(&words), Some(want));
                }
            } else {
                // Sound: some approximate leaf allows the true value.
                prop_assert!(inside.iter().any(|l| l.value_at(&words).is_none_or(|r| r == want)));
            }
        }
    }

    /// Every exact region of explain has a witness that reproduces its value, and the
    /// entry an input falls in lists the action `run` gives.
    #[test]
    fn explain_witnesses_and_actions((_p, v) in accepted(), inputs in prop::collection::vec(data(), 1..6)) {
        let stack = std::slice::from_ref(&v);
        let ex = explain(stack, None);
        for a in &ex.arches {
            for s in a.syscalls.iter().chain([&a.default]) {
                for r in &s.regions {
                    match (&r.witness, r.ret) {
                        (Some(w), Some(ret)) => {
                            prop_assert_eq!(vm::run(&v, w).ret.raw(), ret, "witness of {}", r.condition);
                            if let Some(nr) = s.nr { prop_assert_eq!(w.nr, nr); }
                            if let Some(arch) = a.arch { prop_assert_eq!(w.arch, arch); }
                        }
                        (None, _) => prop_assert!(r.approx, "exact region without witness: {}", r.condition),
                        _ => {}
                    }
                }
            }
        }
        for d in &inputs {
            let want = vm::run(&v, d).ret;
            // "Any other arch" may be split by byte order (the words at offsets 8.. are
            // named per byte order): take the class of the input's.
            let order = secbpf::seccomp::arch::data_endian(d.arch);
            // x86_64 may be split at the x32 bit (x32 numbers named with x32's table).
            let split = ex.arches.iter().any(|a| a.x32 && a.arch == Some(d.arch));
            let class = ex.arches.iter()
                .find(|a| a.arch == Some(d.arch) && (!split || a.x32 == (d.nr >= 0x4000_0000)))
                .or_else(|| ex.arches.iter().find(|a| {
                    a.arch.is_none() && a.byte_order.is_none_or(|o| o == order)
                })).unwrap();
            let entry = class.syscalls.iter().find(|s| s.nr == Some(d.nr)).unwrap_or(&class.default);
            if !entry.regions.iter().any(|r| r.approx || r.ret.is_none()) {
                prop_assert!(entry.actions.contains(&want), "{} not in {:?}", want, entry.actions);
            }
            // The written conditions are exact: on an input, exactly one region of its
            // entry holds, and it is the one with the value the filter returns (which is
            // also why the text may write the last action as "otherwise").
            if !entry.regions.iter().any(|r| r.approx) {
                let holds: Vec<Option<bool>> = entry.regions.iter().map(|r| r.condition.holds(d)).collect();
                let held: Vec<_> = entry.regions.iter().zip(&holds).filter(|(_, h)| **h == Some(true)).map(|(r, _)| r).collect();
                if holds.iter().all(Option::is_some) {
                    prop_assert_eq!(held.len(), 1, "{:?} on {:?}", entry.regions.iter().map(|r| r.condition.to_string()).collect::<Vec<_>>(), d);
                    if let Some(ret) = held[0].ret {
                        prop_assert_eq!(vm::run(&v, d).ret.raw(), ret, "{} on {:?}", held[0].condition, d);
                    }
                }
            }
        }
    }

    /// A filter is equivalent to itself and to itself with dead code appended.
    #[test]
    fn diff_with_itself_and_dead_code((p, v) in accepted()) {
        let d = diff(std::slice::from_ref(&v), std::slice::from_ref(&v), false);
        prop_assert!(d.equivalent, "{:?}", d.differences);
        let mut q = p.clone();
        q.push(Insn::stmt(0x06, 0x1234_5678));
        q.push(Insn::stmt(0x06, 0));
        let w = verify::check(&q).unwrap();
        let d = diff(std::slice::from_ref(&v), std::slice::from_ref(&w), false);
        prop_assert!(d.equivalent || d.unresolved > 0 && d.differences.is_empty(), "{:?}", d.differences);
    }

    /// A one-instruction mutant: every reported difference really differs on its witness,
    /// and when diff says equivalent, random inputs agree.
    #[test]
    fn diff_with_a_mutant((p, v) in accepted(), at in any::<prop::sample::Index>(), k in prop_oneof![0u32..30, any::<u32>()],
                          inputs in prop::collection::vec(data(), 1..20)) {
        let mut q = p.clone();
        let i = at.index(q.len());
        q[i].k = k;
        let Ok(w) = verify::check(&q) else { return Ok(()); };
        let (a, b) = (std::slice::from_ref(&v), std::slice::from_ref(&w));
        let d = diff(a, b, false);
        for x in &d.differences {
            let (ra, rb) = (vm::run(&v, &x.witness).ret.raw(), vm::run(&w, &x.witness).ret.raw());
            prop_assert_eq!((ra, rb), (x.a, x.b));
            prop_assert_ne!(ra, rb);
            // The written condition holds on the witness.
            prop_assert_ne!(x.condition.holds(&x.witness), Some(false), "{}", x.condition);
        }
        // The per-arch, per-syscall changes diff prints: each witness really gets both
        // values, lies in its arch and syscall, and no change without a region.
        prop_assert_eq!(d.changes.is_empty(), d.differences.is_empty());
        for c in &d.changes {
            let (ra, rb) = (vm::run(&v, &c.witness).ret.raw(), vm::run(&w, &c.witness).ret.raw());
            prop_assert_eq!((ra, rb), (c.a, c.b));
            prop_assert_ne!(ra, rb);
            if let Some(a) = c.arch { prop_assert_eq!(c.witness.arch, a); }
            if let Some(n) = c.nr { prop_assert_eq!(c.witness.nr, n); }
            if let Some(cond) = &c.condition {
                prop_assert_ne!(cond.holds(&c.witness), Some(false), "{}", cond);
            }
        }
        if d.equivalent {
            for x in &inputs {
                prop_assert_eq!(vm::run(&v, x).ret, vm::run(&w, x).ret);
            }
        }
        let wide = diff(a, b, true);
        for x in &wide.differences {
            prop_assert!(secbpf::seccomp::action::precedence(x.b) > secbpf::seccomp::action::precedence(x.a));
        }
    }
}

/// A budget far above what the corpus needs (about 1 s in a debug build on a loaded
/// machine for the largest filter).
fn ample() -> secbpf::analysis::budget::Budget {
    secbpf::analysis::budget::Budget::default().time(std::time::Duration::from_secs(600))
}

fn load(path: &str) -> VerifiedProgram {
    let bytes = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let opts = secbpf::codec::DecodeOptions {
        endian: secbpf::Endian::native(),
        arch: secbpf::seccomp::Arch::x86_64(),
    };
    verify::check(&secbpf::codec::decode(&bytes, None, &opts).unwrap()).unwrap()
}

/// Every corpus filter: witnesses reproduce their regions, no region is approximate
/// where the filter has no arithmetic, and the filter is equivalent to itself.
#[test]
fn corpus_filters() {
    let dir = format!("{}/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "bpf") {
            continue;
        }
        let rel = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
        let v = load(&rel);
        // Exactness is what is tested here, not speed (benches measure that): a budget
        // no loaded machine runs out of, so the answer cannot depend on the load.
        let ex = secbpf::analysis::explain::explain_with(std::slice::from_ref(&v), None, &ample());
        assert!(ex.budget_spent.is_none(), "{rel}");
        for a in &ex.arches {
            for s in a.syscalls.iter().chain([&a.default]) {
                for r in &s.regions {
                    let w = r
                        .witness
                        .as_ref()
                        .unwrap_or_else(|| panic!("{rel}: no witness for {}", r.condition));
                    if let Some(ret) = r.ret {
                        assert_eq!(vm::run(&v, w).ret.raw(), ret, "{rel}: {}", r.condition);
                    }
                    // The written conditions are exact on real filters too: on the
                    // witness and on inputs near it (each argument and ip set to values
                    // filters test), exactly the region holding gives the filter's value.
                    if s.regions.iter().any(|r| r.approx) {
                        continue;
                    }
                    let near = [0u64, 1, 2, 3, 4, 8, 0x10, 0xffff_ffff, 1 << 32, u64::MAX];
                    let mut inputs = vec![*w];
                    for i in 0..7 {
                        for &x in &near {
                            let mut d = *w;
                            match i {
                                6 => d.instruction_pointer = x,
                                _ => d.args[i] = x,
                            }
                            inputs.push(d);
                        }
                    }
                    for d in &inputs {
                        let holds: Vec<Option<bool>> =
                            s.regions.iter().map(|r| r.condition.holds(d)).collect();
                        if holds.iter().any(Option::is_none) {
                            continue;
                        }
                        let held: Vec<_> = s
                            .regions
                            .iter()
                            .zip(&holds)
                            .filter(|(_, h)| **h == Some(true))
                            .map(|(r, _)| r)
                            .collect();
                        assert_eq!(held.len(), 1, "{rel}: {d:?}");
                        if let Some(ret) = held[0].ret {
                            let got = vm::run(&v, d).ret.raw();
                            assert_eq!(got, ret, "{rel}: {} on {d:?}", held[0].condition);
                        }
                    }
                }
            }
        }
        assert!(
            diff(std::slice::from_ref(&v), std::slice::from_ref(&v), false).equivalent,
            "{rel}"
        );
        n += 1;
    }
    assert!(n >= 3);
}

#[test]
#[cfg_attr(not(feature = "names"), ignore = "names syscalls (feature names)")]
fn mmap_condition_is_exact() {
    let v = load("corpus/libseccomp-small.bpf");
    let ex = secbpf::analysis::explain::explain_with(
        std::slice::from_ref(&v),
        Some(0xc000_003e),
        &ample(),
    );
    let mmap = ex.arches[0]
        .syscalls
        .iter()
        .find(|s| s.name == Some("mmap"))
        .unwrap();
    assert_eq!(mmap.actions, [RetValue::KILL_PROCESS, RetValue::ALLOW]);
    let conds: Vec<String> = mmap
        .regions
        .iter()
        .map(|r| r.condition.to_string())
        .collect();
    assert!(
        conds.iter().any(|c| c == "(args[2].lo & 4) == 0"),
        "{conds:?}"
    );
}

/// `SyscallExplain::actions` are typed values in the kernel's precedence order; the JSON
/// lists them as secbpf prints them, with `COMPUTED` for `ret a` regions where it always
/// was (the precedence key of 0xffffffff: after KILL_PROCESS, before everything else).
#[test]
fn explain_actions_are_typed_in_precedence_order() {
    let src = "ld [4]\njne #0xc000003e, kp\nld [0]\njne #5, ok\nld [16]\njeq #0, kp\njeq #1, ok\njeq #2, err\nret a\nkp: ret #KILL_PROCESS\nerr: ret #ERRNO(1)\nok: ret #ALLOW\n";
    let v = verify::check(&secbpf::asm::assemble(src).unwrap()).unwrap();
    let ex = explain(std::slice::from_ref(&v), Some(0xc000_003e));
    let five = ex.arches[0]
        .syscalls
        .iter()
        .find(|s| s.nr == Some(5))
        .unwrap();
    assert_eq!(
        five.actions,
        [RetValue::KILL_PROCESS, RetValue::errno(1), RetValue::ALLOW]
    );
    assert!(five.regions.iter().any(|r| r.ret.is_none()));
    #[cfg(feature = "json")]
    json_lists_computed_in_place(&ex);
}

#[cfg(feature = "json")]
fn json_lists_computed_in_place(ex: &secbpf::analysis::explain::Explanation) {
    let json = secbpf::analysis::explain::to_json(ex);
    let names = json["arches"][0]["syscalls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["nr"] == 5)
        .unwrap()["actions"]
        .clone();
    assert_eq!(
        names,
        serde_json::json!(["KILL_PROCESS", "COMPUTED", "ERRNO(1)", "ALLOW"])
    );
}

/// docker vs podman (x86_64 profiles): diff's per-arch, per-syscall changes each carry a
/// witness on which both filters really give the two values (checked with the VM), name
/// x86_64, x32 and x86 numbers by their own tables, and print as short lines (before
/// the cut, one line was 1,302 characters). Expected names from the profiles: Docker
/// refuses syslog with EPERM, podman allows it (`secbpf run` on both with --nr 103).
#[test]
#[cfg_attr(not(feature = "names"), ignore = "names syscalls (feature names)")]
fn diff_docker_podman_changes_named_per_arch_and_syscall() {
    use secbpf::analysis::diff::{diff_with, to_text_with, TextOpts};
    let (a, b) = (
        load("corpus/docker-x86_64.bpf"),
        load("corpus/podman-x86_64.bpf"),
    );
    let d = diff_with(
        std::slice::from_ref(&a),
        std::slice::from_ref(&b),
        false,
        &ample(),
    );
    assert!(!d.changes.is_empty());
    for c in &d.changes {
        let (ra, rb) = (
            vm::run(&a, &c.witness).ret.raw(),
            vm::run(&b, &c.witness).ret.raw(),
        );
        assert_eq!((ra, rb), (c.a, c.b), "{c:?}");
        if let Some(n) = c.nr {
            assert_eq!(c.witness.nr, n);
            let x32 = n & 0x4000_0000 != 0;
            assert_eq!(c.arch_name == Some("x32"), x32, "{c:?}");
        }
    }
    let syslog = d
        .changes
        .iter()
        .find(|c| c.arch_name == Some("x86_64") && c.syscall == Some("syslog"))
        .expect("syslog changes");
    assert_eq!(
        (syslog.a, syslog.b, syslog.nr),
        (0x0005_0001, 0x7fff_0000, Some(103))
    );
    assert!(d
        .changes
        .iter()
        .any(|c| c.arch_name == Some("x32") && c.syscall == Some("syslog")));
    let text = to_text_with(&d, &TextOpts::default());
    assert!(
        text.contains("  x86_64 syslog: ERRNO(1) -> ALLOW\n"),
        "{text}"
    );
    let longest = text.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 400, "longest line {longest}");
    let summary = to_text_with(
        &d,
        &TextOpts {
            summary: true,
            ..TextOpts::default()
        },
    );
    assert!(summary.lines().all(|l| l.contains("-> ALLOW")), "{summary}");
    assert!(
        summary.contains("x86 clone3: ERRNO(38) -> ALLOW\n"),
        "{summary}"
    );
}

/// A regression from the property test above: states merged symbolically (X is 0 for
/// nr 0 and 14 for nr 14, so its bits 1..3 all follow nr's bit 1) made a value whose bits
/// repeat one input bit; comparing it built an invalid set, and explain printed
/// "nr 0, nr 1: ERRNO(13) if true" for a filter that allows everything.
#[test]
fn symbolic_merges_with_repeated_bits_compare_exactly() {
    let src = "ld [0]\njeq #0, L3\nldx #14\nL3: jne x, L5\nld [4]\nL5: txa\n\
               jeq #2, bad, ok\nok: ret #ALLOW\nbad: ret #ERRNO(13)\n";
    let v = verify::check(&secbpf::asm::assemble(src).unwrap()).unwrap();
    let ex = explain(std::slice::from_ref(&v), None);
    for a in &ex.arches {
        assert!(
            a.syscalls.is_empty(),
            "{}",
            secbpf::analysis::explain::to_text(&ex)
        );
        assert_eq!(a.default.actions, [RetValue::ALLOW]);
    }
    for nr in [0, 1, 2, 14, 15] {
        let d = SeccompData::new(0xc000_003e, nr);
        assert_eq!(vm::run(&v, &d).ret, RetValue::ALLOW);
    }
}
