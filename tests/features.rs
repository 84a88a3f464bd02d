//! What the library does in every feature set, `--no-default-features` (libc only)
//! included: syscall names without the `syscalls` crate (feature `names`).
use secbpf::analysis::explain::{explain, to_text};
use secbpf::verify::{self, InstallOptions, InstallVia, VerifyErrorKind};
use secbpf::{asm, VerifiedProgram};

fn prog(src: &str) -> VerifiedProgram {
    verify::check(&asm::assemble(src).unwrap()).unwrap()
}

/// Without `names` a syscall outside secbpf's own few is shown by number (`nr 59`);
/// with it, by name.
#[test]
fn explain_names_execve_or_says_its_number() {
    let p = prog("ld [4]\njeq #0xc000003e, ok\nret #KILL\nok: ld [0]\njeq #59, deny\nret #ALLOW\ndeny: ret #ERRNO(1)\n");
    let ex = explain(&[p], None);
    let execve = ex.arches[0]
        .syscalls
        .iter()
        .find(|s| s.nr == Some(59))
        .unwrap();
    let text = to_text(&ex);
    if cfg!(feature = "names") {
        assert_eq!(execve.name, Some("execve"));
        assert!(text.contains("execve"), "{text}");
    } else {
        assert_eq!(execve.name, None);
        assert!(text.contains("nr 59: ERRNO(1)"), "{text}");
    }
}

/// check_stack judges the call that installs the second filter in every feature set:
/// the numbers of seccomp(2) and prctl(2) are known without the `syscalls` crate (here
/// taken from libc's `SYS_*` constants for this target).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn install_call_numbers_without_the_syscalls_crate() {
    for (via, nr) in [
        (InstallVia::Seccomp, libc::SYS_seccomp),
        (InstallVia::Prctl, libc::SYS_prctl),
    ] {
        let opts = InstallOptions::new().via(via);
        assert_eq!(i64::from(verify::install_call(&opts).unwrap().nr), nr);
        let first = asm::assemble(&format!(
            "ld [0]\njeq #{nr}, deny\nret #ALLOW\ndeny: ret #ERRNO(1)\n"
        ))
        .unwrap();
        let second = asm::assemble("ret #ALLOW\n").unwrap();
        let v = verify::check_stack(&[&first, &second], &opts);
        assert!(v[0].is_ok());
        assert_eq!(
            v[1].as_ref().unwrap_err().kind(),
            VerifyErrorKind::InstallCallFailed,
            "{via:?}"
        );
    }
}
