//! Issue 14 item 1: the word at `seccomp_data` offset 16 is `args[0].lo` on
//! little-endian arches and `args[0].hi` on big-endian ones (`data_endian`, from
//! `__AUDIT_ARCH_LE` in the AUDIT_ARCH value, as the kernel's `syscall_get_arguments`
//! fills the structure). Explain, diff, disasm, lint and the witnesses must agree.

use secbpf::analysis::diff::diff;
use secbpf::analysis::engine;
use secbpf::analysis::explain::{explain, to_text};
use secbpf::analysis::graph::field_name;
use secbpf::seccomp::data::Field;
use secbpf::{asm, verify, Endian, VerifiedProgram};

fn prog(src: &str) -> VerifiedProgram {
    verify::check(&asm::assemble(src).unwrap()).unwrap()
}

/// The issue's program.
const ISSUE: &str = "ld [16]\njset #1, e, a\ne: ret #ERRNO(1)\na: ret #ALLOW";

#[test]
fn explain_names_offset_16_by_the_byte_order_of_each_half() {
    let p = prog(ISSUE);
    let stack = std::slice::from_ref(&p);
    let ex = explain(stack, None);
    // No arch is compared: the other arches split by byte order, little first.
    let orders: Vec<_> = ex.arches.iter().map(|a| (a.arch, a.byte_order)).collect();
    assert_eq!(
        orders,
        [(None, Some(Endian::Little)), (None, Some(Endian::Big))]
    );
    let text = to_text(&ex);
    assert!(text.contains("any other little-endian arch"), "{text}");
    assert!(text.contains("any other big-endian arch"), "{text}");
    for a in &ex.arches {
        let name = match a.byte_order {
            Some(Endian::Little) => "args[0].lo",
            _ => "args[0].hi",
        };
        for r in &a.default.regions {
            assert!(
                r.condition.to_string().contains(name),
                "{}: {}",
                name,
                r.condition
            );
            // The witness is in the half, and the filter gives it the region's value.
            let w = r.witness.unwrap();
            assert_eq!(
                w.arch & 0x4000_0000 != 0,
                a.byte_order == Some(Endian::Little)
            );
            assert_eq!(Some(engine::eval(stack, &w.words())), r.ret);
            // And the word it sets is the one the condition names.
            let set = r.condition.to_string().contains("== 1");
            assert_eq!(w.words()[4] & 1 == 1, set);
        }
    }
}

#[test]
fn explain_for_a_known_arch_uses_its_byte_order() {
    let p = prog(ISSUE);
    // x86_64 (little) and s390x (big, AUDIT_ARCH_S390X = 0x80000016).
    for (arch, name) in [(0xc000_003eu32, "args[0].lo"), (0x8000_0016, "args[0].hi")] {
        let ex = explain(std::slice::from_ref(&p), Some(arch));
        assert_eq!(ex.arches.len(), 1);
        for r in &ex.arches[0].default.regions {
            assert!(
                r.condition.to_string().contains(name),
                "{arch:#x}: {}",
                r.condition
            );
        }
    }
}

#[test]
fn diff_reports_each_byte_order_with_its_names() {
    let p = prog(ISSUE);
    let allow = prog("ret #ALLOW");
    let d = diff(
        std::slice::from_ref(&p),
        std::slice::from_ref(&allow),
        false,
    );
    assert_eq!(d.differences.len(), 2);
    for x in &d.differences {
        let little = x.witness.arch & 0x4000_0000 != 0;
        let name = if little { "args[0].lo" } else { "args[0].hi" };
        assert!(x.condition.to_string().contains(name), "{}", x.condition);
        assert_eq!(x.witness.words()[4] & 1, 1);
    }
}

#[test]
fn every_namer_agrees_with_field_for_arch() {
    for arch in [
        None,
        Some(0xc000_003eu32),
        Some(0x8000_0016),
        Some(0),
        Some(0x4000_0000),
    ] {
        for off in (0..64).step_by(4) {
            assert_eq!(field_name(off, arch), Field::for_arch(off, arch));
        }
    }
    // Offset 16: low word little-endian, high word big-endian; unknown assumes little.
    let lo = Field::Arg {
        index: 0,
        high: false,
    };
    let hi = Field::Arg {
        index: 0,
        high: true,
    };
    assert_eq!(Field::for_arch(16, Some(0xc000_003e)), Some(lo));
    assert_eq!(Field::for_arch(16, Some(0x8000_0016)), Some(hi));
    assert_eq!(Field::for_arch(16, None), Some(lo));
    // The table's byte order is the one the AUDIT_ARCH value says.
    for a in secbpf::seccomp::arch::ARCHES {
        assert_eq!(a.endian, Field::byte_order(Some(a.audit)), "{}", a.name);
    }
}
