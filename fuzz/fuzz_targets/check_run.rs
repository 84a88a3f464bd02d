//! Raw `struct sock_filter` bytes -> `verify::check` -> if accepted, run on a
//! `seccomp_data` made of the remaining bytes; the fast interpreter, the stepping
//! machine and a one-filter stack must agree, and the run must end within the
//! program's length (jumps are forward-only, kernel-facts §2.3).
//!
//! Input layout: byte 0 = instruction count n (0..=255), then n * 8 bytes of
//! little-endian `struct sock_filter` (fewer if the input is short), then the bytes
//! the `seccomp_data` fields and install flags are drawn from.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use secbpf::consts::*;
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::stack::run_stack;
use secbpf::verify::{self, InstallOptions};
use secbpf::vm::{self, Machine};
use secbpf::{Endian, Insn};

const ARCHES: [u32; 4] = [
    AUDIT_ARCH_X86_64,
    AUDIT_ARCH_I386,
    AUDIT_ARCH_S390X,
    AUDIT_ARCH_AARCH64,
];

fuzz_target!(|bytes: &[u8]| {
    let Some((&n, rest)) = bytes.split_first() else {
        return;
    };
    let n = usize::from(n).min(rest.len() / Insn::SIZE);
    let (code, rest) = rest.split_at(n * Insn::SIZE);
    let prog: Vec<Insn> = code
        .chunks_exact(Insn::SIZE)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            Insn::from_bytes(b, Endian::Little)
        })
        .collect();

    let mut u = Unstructured::new(rest);
    let arch = match u.int_in_range(0u8..=4).unwrap_or(0) {
        i @ 0..=3 => ARCHES[usize::from(i)],
        _ => u.arbitrary().unwrap_or(0),
    };
    let data = SeccompData {
        nr: u.arbitrary().unwrap_or(0),
        arch,
        instruction_pointer: u.arbitrary().unwrap_or(0),
        args: u.arbitrary().unwrap_or([0; 6]),
    };
    let opts = InstallOptions {
        flags: u.arbitrary().unwrap_or(0),
        no_new_privs: u.arbitrary().unwrap_or(true),
        cap_sys_admin: u.arbitrary().unwrap_or(false),
    };

    // The call-level checks must never panic either, and a program refused on its
    // own is refused under any options.
    let with = verify::check_with(&prog, &opts);
    let v = match verify::check(&prog) {
        Ok(v) => v,
        Err(e) => {
            assert!(with.is_err());
            if let Some(pc) = e.pc() {
                assert!(pc < prog.len());
            }
            return;
        }
    };
    assert_eq!(v.len(), prog.len());
    assert!(v.ebpf_len() >= 3 + prog.len());

    let r = vm::run(&v, &data);
    assert!(r.insns_executed >= 1 && r.insns_executed <= prog.len());
    assert_eq!(vm::run_words(&v, &data.words()), r);

    let mut m = Machine::new(&v, data.words());
    assert_eq!(m.run_to_end(), r.ret);
    assert_eq!(m.executed(), r.insns_executed);
    // stepping back all the way returns to the initial state
    while m.step_back() {}
    assert_eq!(m.pc(), 0);
    assert_eq!(m.finished(), None);
    assert_eq!(m.run_to_end(), r.ret);

    let s = run_stack(std::slice::from_ref(&v), &data).expect("one filter");
    assert_eq!(s.ret, r.ret);
    assert_eq!(s.rets, vec![r.ret]);
    assert_eq!(s.insns_executed, r.insns_executed);
});
