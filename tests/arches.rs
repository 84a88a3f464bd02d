//! Every arch libseccomp knows, end to end: AUDIT_ARCH value and byte order (kernel
//! facts §5 table), syscall names both ways, which word of a 64-bit argument a load
//! reads, and a filter encoded in the arch's byte order, decoded and run with data of
//! that arch.

use secbpf::codec::{self, DecodeOptions, EncodeOptions, Format};
use secbpf::seccomp::arch::{parse_arch, Arch};
use secbpf::seccomp::data::{Field, SeccompData};
use secbpf::{asm, verify, vm, Endian};

/// (libseccomp name, AUDIT_ARCH value from kernel facts §5, byte order).
const ARCHES: &[(&str, u32, Endian)] = &[
    ("x86", 0x4000_0003, Endian::Little),
    ("x86_64", 0xC000_003E, Endian::Little),
    ("x32", 0xC000_003E, Endian::Little),
    ("arm", 0x4000_0028, Endian::Little),
    ("aarch64", 0xC000_00B7, Endian::Little),
    ("loongarch64", 0xC000_0102, Endian::Little),
    ("mips", 0x0000_0008, Endian::Big),
    ("mipsel", 0x4000_0008, Endian::Little),
    ("mips64", 0x8000_0008, Endian::Big),
    ("mipsel64", 0xC000_0008, Endian::Little),
    ("mips64n32", 0xA000_0008, Endian::Big),
    ("mipsel64n32", 0xE000_0008, Endian::Little),
    ("parisc", 0x0000_000F, Endian::Big),
    ("parisc64", 0x8000_000F, Endian::Big),
    ("ppc", 0x0000_0014, Endian::Big),
    ("ppc64", 0x8000_0015, Endian::Big),
    ("ppc64le", 0xC000_0015, Endian::Little),
    ("riscv64", 0xC000_00F3, Endian::Little),
    ("s390", 0x0000_0016, Endian::Big),
    ("s390x", 0x8000_0016, Endian::Big),
];

#[test]
fn every_arch_has_its_audit_value_and_byte_order() {
    for &(name, audit, endian) in ARCHES {
        let a = Arch::by_name(name).unwrap_or_else(|| panic!("{name} unknown"));
        assert_eq!(a.audit, audit, "{name}");
        assert_eq!(a.endian, endian, "{name}");
        assert_eq!(parse_arch(name).map(|p| p.0), Some(audit));
    }
    // x32 calls are x86_64 calls with the x32 bit in nr.
    assert_eq!(Arch::by_name("x32").unwrap().nr_bias, 0x4000_0000);
    assert_eq!(Arch::by_audit(0xC000_003E).unwrap().name, "x86_64");
}

#[test]
fn every_arch_names_its_syscalls_both_ways() {
    for &(name, _, _) in ARCHES {
        let a = Arch::by_name(name).unwrap();
        for call in ["read", "write", "openat", "close", "exit_group"] {
            let nr = a
                .syscall_nr(call)
                .unwrap_or_else(|| panic!("{name}: no {call}"));
            assert_eq!(a.syscall_name(nr), Some(call), "{name}: {call} = {nr}");
        }
    }
    // Numbers from each ABI's table (kernel syscall tables): read.
    let read = |n: &str| Arch::by_name(n).unwrap().syscall_nr("read").unwrap();
    assert_eq!(read("x86_64"), 0);
    assert_eq!(read("x32"), 0x4000_0000);
    assert_eq!(read("x86"), 3);
    assert_eq!(read("aarch64"), 63);
    assert_eq!(read("mips"), 4003);
    assert_eq!(read("mips64"), 5000);
    assert_eq!(read("mips64n32"), 6000);
    assert_eq!(read("s390x"), 3);
    assert_eq!(read("parisc"), 3);
}

#[test]
fn argument_words_follow_the_arch_byte_order() {
    for &(name, _, endian) in ARCHES {
        let (lo, hi) = match endian {
            Endian::Little => (16, 20),
            Endian::Big => (20, 16),
        };
        assert_eq!(
            Field::at(lo, endian),
            Some(Field::Arg {
                index: 0,
                high: false
            }),
            "{name}"
        );
        assert_eq!(
            Field::at(hi, endian),
            Some(Field::Arg {
                index: 0,
                high: true
            }),
            "{name}"
        );
    }
}

/// A filter for each arch, written in that arch's byte order: ERRNO(1) for openat with
/// args[1] == 0x1122334455667788 (both words compared), ALLOW for read, KILL for the
/// rest and for other arches.
#[test]
fn a_filter_in_each_arch_byte_order_runs_with_that_arch_data() {
    for &(name, audit, endian) in ARCHES {
        let a = Arch::by_name(name).unwrap();
        let (lo, hi) = match endian {
            Endian::Little => (24, 28),
            Endian::Big => (28, 24),
        };
        let openat = a.syscall_nr("openat").unwrap();
        let read = a.syscall_nr("read").unwrap();
        let src = format!(
            "ld [4]\njeq #{audit:#x}, good, kill\n\
             good: ld [0]\njeq #{read:#x}, allow\njeq #{openat:#x}, lowword, kill\n\
             lowword: ld [{lo}]\njeq #0x55667788, highword, kill\n\
             highword: ld [{hi}]\njeq #0x11223344, deny, kill\n\
             allow: ret #0x7fff0000\ndeny: ret #0x00050001\nkill: ret #0x80000000\n"
        );
        let prog = asm::assemble(&src).unwrap();
        let raw = codec::encode(
            &prog,
            Format::Raw,
            &EncodeOptions {
                endian,
                ..Default::default()
            },
        );
        let back =
            codec::decode(&raw, Some(Format::Raw), &DecodeOptions { endian, arch: a }).unwrap();
        assert_eq!(back, prog, "{name}");
        let v = verify::check(&back).unwrap();
        let run = |nr: u32, arch: u32, arg1: u64| {
            let mut d = SeccompData::new(arch, nr);
            d.args[1] = arg1;
            vm::run(&v, &d).ret.raw()
        };
        assert_eq!(
            run(openat, audit, 0x1122_3344_5566_7788),
            0x0005_0001,
            "{name}"
        );
        assert_eq!(
            run(openat, audit, 0x5566_7788_1122_3344),
            0x8000_0000,
            "{name}"
        );
        assert_eq!(run(read, audit, 0), 0x7fff_0000, "{name}");
        assert_eq!(
            run(read, audit ^ 0x4000_0000, 0),
            0x8000_0000,
            "{name}: other byte order"
        );
    }
}

/// "Did you mean" for syscall names (issue 9 item 8): the nearest names of the arch's own
/// table (Levenshtein), x32 named as x32, else the names a prefix begins. Expected names
/// are those of the syscalls crate's tables (the kernel's syscall tables).
#[test]
fn similar_syscalls_come_from_the_arch_table() {
    let by = |a: &str| Arch::by_name(a).unwrap();
    assert_eq!(by("x86_64").similar_syscalls("opnat"), ["openat"]);
    assert_eq!(by("x86_64").similar_syscalls("OPNAT"), ["openat"]);
    assert_eq!(by("x32").similar_syscalls("reed"), ["read"]);
    assert_eq!(by("x86").similar_syscalls("mmap3"), ["mmap", "mmap2"]);
    // aarch64 has no open(2): the prefix finds openat first.
    assert_eq!(by("aarch64").similar_syscalls("open")[0], "openat");
    assert_eq!(
        by("x86_64").similar_syscalls("exec"),
        ["execve", "execveat"]
    );
    assert!(by("x86_64").similar_syscalls("zzzzzzzz").is_empty());
    assert!(by("riscv32").similar_syscalls("read").is_empty());
    // Every listed name resolves to a number and back.
    for a in secbpf::seccomp::arch::ARCHES {
        for n in a.syscall_names().into_iter().step_by(37) {
            assert_eq!(
                a.syscall_nr(n).and_then(|nr| a.syscall_name(nr)),
                Some(n),
                "{}",
                a.name
            );
        }
    }
}
