//! The listing views line up (issue 9 item 4): `disasm --pc` puts each pc where a search
//! for `pc N:` finds it and still re-assembles; `run --trace` and `step` annotate with
//! the same function as `disasm`; `step` names syscalls by the arch the filter's own
//! checks established, not by the input's arch. The CLI texts are golden files in
//! tests/cli (disasm-pc*, run-trace*, step-two-arch).

use proptest::prelude::*;
use secbpf::analysis::step::Session;
use secbpf::asm::assemble;
use secbpf::consts::*;
use secbpf::disasm::{annotations, disassemble, disassemble_with_pcs, DisasmOptions};
use secbpf::seccomp::{Arch, SeccompData};
use secbpf::Insn;

mod common;
use common::corpus;

#[test]
fn pc_listing_reassembles_and_names_every_pc() {
    for (name, p) in corpus() {
        for opts in [
            DisasmOptions::default(),
            DisasmOptions {
                comments: false,
                ..DisasmOptions::default()
            },
        ] {
            let l = disassemble_with_pcs(&p, &opts);
            assert_eq!(
                assemble(&l).map_err(|e| e.to_string()),
                Ok(p.clone()),
                "{name}"
            );
            let lines: Vec<&str> = l.lines().collect();
            assert_eq!(lines.len(), p.len(), "{name}: one line per instruction");
            for (pc, line) in lines.iter().enumerate() {
                let tag = format!("; pc {pc}:");
                assert!(
                    line.contains(&tag),
                    "{name}: line {pc} lacks `{tag}`: {line}"
                );
            }
        }
    }
}

/// The annotation `run --trace` prints for a pc is the comment `disasm` prints for it.
#[test]
fn trace_annotations_are_the_listing_comments() {
    for (name, p) in corpus() {
        let opts = DisasmOptions::default();
        let notes = annotations(&p, &opts);
        let listing = disassemble(&p, &opts);
        for (pc, line) in listing.lines().enumerate() {
            if line.contains(".insn ") {
                // the listing says why it spells the instruction raw instead
                continue;
            }
            let comment = line.split_once("; ").map(|(_, c)| c);
            assert_eq!(comment, notes[pc].as_deref(), "{name} pc {pc}: {line}");
        }
    }
}

/// x86_64 denies nr 59 (execve), i386 denies nr 11 (execve); on x86_64 nr 11 is munmap.
fn two_arch() -> Vec<Insn> {
    assemble(
        "ld [4]\n\
         jeq #0xc000003e, x86_64, other\n\
         x86_64: ld [0]\n\
         jeq #59, deny\n\
         ret #0x7fff0000\n\
         other: jeq #0x40000003, i386, kill\n\
         i386: ld [0]\n\
         jeq #11, deny\n\
         ret #0x7fff0000\n\
         deny: ret #0x50001\n\
         kill: ret #0\n",
    )
    .unwrap()
}

#[test]
#[cfg_attr(not(feature = "names"), ignore = "names syscalls (feature names)")]
fn step_names_syscalls_by_the_arch_the_path_established() {
    let p = secbpf::verify::check(&two_arch()).unwrap();
    let stack = [p];
    // The input is x86_64, but pc 7 is only reached after `arch == x86` (i386).
    let data = SeccompData {
        nr: 11,
        arch: Arch::x86_64().audit,
        ..SeccompData::default()
    };
    let mut s = Session::new(&stack, vec!["two-arch".into()], data).unwrap();
    let list = s.command("l").text;
    let line7 = list.lines().nth(7).unwrap();
    assert!(line7.ends_with("; nr == 0xb (execve)"), "{list}");
    assert!(!list.contains("munmap"), "{list}");
    let line3 = list.lines().nth(3).unwrap();
    assert!(line3.ends_with("; nr == 0x3b (execve)"), "{list}");
    // The trace's names come from the same facts: pc 7 is execve for any input arch.
    for arch in [Arch::x86_64(), Arch::by_name("x86").unwrap()] {
        let notes = annotations(
            &two_arch(),
            &DisasmOptions {
                arch: Some(arch),
                ..DisasmOptions::default()
            },
        );
        assert_eq!(
            notes[7].as_deref(),
            Some("execve"),
            "input arch {}",
            arch.name
        );
        assert_eq!(
            notes[3].as_deref(),
            Some("execve"),
            "input arch {}",
            arch.name
        );
    }
}

fn any_insn() -> impl Strategy<Value = Insn> {
    let code = prop_oneof![
        4 => prop::sample::select(vec![
            0x00u16, 0x20, 0x28, 0x30, 0x40, 0x48, 0x50, 0x60, 0x80, 0x01, 0x61, 0x81, 0xb1, 0x02,
            0x03, 0x04, 0x0c, 0x14, 0x1c, 0x24, 0x34, 0x44, 0x54, 0x64, 0x74, 0x84, 0x94, 0xa4,
            0x05, 0x15, 0x1d, 0x25, 0x35, 0x45, 0x06, 0x0e, 0x16, 0x07, 0x87,
        ]),
        1 => any::<u16>(),
    ];
    let small = prop_oneof![3 => 0u8..4, 1 => any::<u8>()];
    let k = prop_oneof![2 => 0u32..8, 1 => any::<u32>(), 1 => Just(SKF_AD_OFF + SKF_AD_RANDOM)];
    (code, small.clone(), small, k).prop_map(|(c, t, f, k)| Insn::new(c, t, f, k))
}

proptest! {
    /// Any program, valid or not (`.insn` lines carry a reason comment too), keeps its
    /// bytes through the `--pc` listing.
    #[test]
    fn prop_pc_listing_is_identity(p in prop::collection::vec(any_insn(), 0..50)) {
        let l = disassemble_with_pcs(&p, &DisasmOptions { arch: Some(Arch::x86_64()), ..DisasmOptions::default() });
        prop_assert_eq!(assemble(&l).map_err(|e| format!("{e}\n{l}")), Ok(p));
    }
}
