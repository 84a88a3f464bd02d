//! Interop: programs from libc, seccompiler and libseccomp, and `SeccompData` builders.

use proptest::prelude::*;
use secbpf::interop;
use secbpf::seccomp::data::DataErrorKind;
use secbpf::seccomp::{Arch, SeccompData};
#[cfg(any(feature = "seccompiler", feature = "libseccomp"))]
use secbpf::{seccomp::RetValue, verify, vm};
use secbpf::{Endian, Insn};

fn insn() -> impl Strategy<Value = Insn> {
    (any::<u16>(), any::<u8>(), any::<u8>(), any::<u32>())
        .prop_map(|(c, t, f, k)| Insn::new(c, t, f, k))
}

proptest! {
    /// Raw bytes -> Insn -> libc::sock_filter -> Insn -> raw bytes gives back the bytes,
    /// in both byte orders, and the libc fields are the Insn's.
    #[test]
    fn libc_sock_filter_round_trips(i in insn()) {
        for e in [Endian::Little, Endian::Big] {
            let back = Insn::from_bytes(i.to_bytes(e), e);
            let f = libc::sock_filter::from(back);
            prop_assert_eq!((f.code, f.jt, f.jf, f.k), (i.code, i.jt, i.jf, i.k));
            prop_assert_eq!(Insn::from(f).to_bytes(e), i.to_bytes(e));
        }
    }

    /// Whole programs: Insn <-> libc::sock_filter.
    #[test]
    fn libc_programs_round_trip(p in prop::collection::vec(insn(), 0..40)) {
        prop_assert_eq!(interop::from_sock_filters(&interop::to_sock_filters(&p)), p);
    }
}

#[cfg(feature = "seccompiler")]
mod seccompiler_interop {
    use super::*;

    proptest! {
        /// Insn -> seccompiler sock_filter -> Insn, and libc -> Insn -> seccompiler.
        #[test]
        fn seccompiler_sock_filter_round_trips(p in prop::collection::vec(insn(), 0..40)) {
            let bpf: seccompiler::BpfProgram = interop::to_seccompiler(&p);
            for (s, i) in bpf.iter().zip(&p) {
                prop_assert_eq!((s.code, s.jt, s.jf, s.k), (i.code, i.jt, i.jf, i.k));
            }
            prop_assert_eq!(interop::from_seccompiler(&bpf), p.clone());
            let via_libc: Vec<seccompiler::sock_filter> = interop::to_sock_filters(&p)
                .into_iter()
                .map(|f| seccompiler::sock_filter::from(Insn::from(f)))
                .collect();
            prop_assert_eq!(via_libc, bpf);
        }
    }

    /// A filter seccompiler compiles runs as seccompiler says: openat (x86_64 nr 257) gets
    /// the match action, other syscalls the mismatch action.
    #[test]
    fn a_seccompiler_filter_runs() {
        use seccompiler::{SeccompAction, SeccompFilter, TargetArch};
        let filter = SeccompFilter::new(
            [(257, vec![])].into_iter().collect(),
            SeccompAction::Allow,
            SeccompAction::Errno(13),
            TargetArch::x86_64,
        )
        .unwrap();
        let bpf: seccompiler::BpfProgram = filter.try_into().unwrap();
        let prog = verify::check(&interop::from_seccompiler(&bpf)).unwrap();
        let x86_64 = Arch::x86_64();
        let openat = SeccompData::syscall(x86_64, "openat").unwrap();
        assert_eq!(vm::run(&prog, &openat).ret, RetValue::errno(13));
        let read = SeccompData::syscall(x86_64, "read").unwrap();
        assert_eq!(vm::run(&prog, &read).ret, RetValue::ALLOW);
    }
}

/// libseccomp's exported BPF runs as its rules say (native x86_64: openat ERRNO(13),
/// the default ALLOW; another arch gets the bad-arch action, by default `SCMP_ACT_KILL`,
/// i.e. KILL_THREAD: seccomp_attr_set(3), `SCMP_FLTATR_ACT_BADARCH`).
#[cfg(all(feature = "libseccomp", target_arch = "x86_64"))]
#[test]
fn a_libseccomp_filter_exports_and_runs() {
    use libseccomp::{ScmpAction, ScmpFilterContext, ScmpSyscall};
    let mut ctx = ScmpFilterContext::new(ScmpAction::Allow).unwrap();
    ctx.add_rule(
        ScmpAction::Errno(13),
        ScmpSyscall::from_name("openat").unwrap(),
    )
    .unwrap();
    let prog = verify::check(&interop::from_libseccomp(&ctx).unwrap()).unwrap();
    let x86_64 = Arch::x86_64();
    let run = |d: &SeccompData| vm::run(&prog, d).ret;
    assert_eq!(
        run(&SeccompData::syscall(x86_64, "openat").unwrap()),
        RetValue::errno(13)
    );
    assert_eq!(
        run(&SeccompData::syscall(x86_64, "read").unwrap()),
        RetValue::ALLOW
    );
    let aarch64 = Arch::by_name("aarch64").unwrap();
    assert_eq!(
        run(&SeccompData::syscall(aarch64, "openat").unwrap()),
        RetValue::KILL_THREAD
    );
}

/// The builder cannot swap arch and nr, and names resolve per arch (openat: x86_64 257,
/// aarch64 56; arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h).
#[test]
#[cfg_attr(
    not(feature = "names"),
    ignore = "syscall names need the names feature"
)]
fn seccomp_data_builder_resolves_names_per_arch() {
    let x86_64 = Arch::x86_64();
    let aarch64 = Arch::by_name("aarch64").unwrap();
    let d = SeccompData::syscall(x86_64, "openat").unwrap();
    assert_eq!((d.arch, d.nr), (0xc000_003e, 257));
    let d = SeccompData::syscall(aarch64, "openat").unwrap();
    assert_eq!((d.arch, d.nr), (0xc000_00b7, 56));
    let d = SeccompData::syscall(aarch64, "openat")
        .unwrap()
        .arg(2, 0o100)
        .unwrap()
        .arg(5, u64::MAX)
        .unwrap()
        .ip(0x1000);
    assert_eq!(d.args, [0, 0, 0o100, 0, 0, u64::MAX]);
    assert_eq!(d.instruction_pointer, 0x1000);
    assert_eq!(
        SeccompData::for_arch(aarch64, 56),
        SeccompData::new(0xc000_00b7, 56)
    );
    // x32 numbers carry the x32 bit (0x40000000) as the filter sees them.
    let x32 = Arch::by_name("x32").unwrap();
    assert_eq!(SeccompData::syscall(x32, "read").unwrap().nr, 0x4000_0000);
}

#[test]
#[cfg_attr(
    not(feature = "names"),
    ignore = "syscall names need the names feature"
)]
fn seccomp_data_builder_errors_are_typed() {
    let x86_64 = Arch::x86_64();
    let e = SeccompData::syscall(x86_64, "opnat").unwrap_err();
    assert_eq!(e.kind(), DataErrorKind::UnknownSyscall);
    assert_eq!(e.suggestions(), ["openat"]);
    assert_eq!(
        e.to_string(),
        "unknown syscall 'opnat' for arch x86_64 (did you mean openat?)"
    );
    let e = SeccompData::syscall(x86_64, "zzzzzzzzzz").unwrap_err();
    assert_eq!(
        (e.kind(), e.suggestions().len()),
        (DataErrorKind::UnknownSyscall, 0)
    );
    // A name of another arch's table only: aarch64 has no open(2).
    let aarch64 = Arch::by_name("aarch64").unwrap();
    assert_eq!(
        SeccompData::syscall(aarch64, "open").unwrap_err().kind(),
        DataErrorKind::UnknownSyscall
    );
    let riscv32 = Arch::by_name("riscv32").unwrap();
    assert_eq!(
        SeccompData::syscall(riscv32, "read").unwrap_err().kind(),
        DataErrorKind::NoSyscallTable
    );
    let e = SeccompData::for_arch(x86_64, 0).arg(6, 1).unwrap_err();
    assert_eq!(e.kind(), DataErrorKind::ArgIndex);
    assert!(SeccompData::for_arch(x86_64, 0).arg(usize::MAX, 1).is_err());
}
