//! Testing a seccomp policy from your own `cargo test`, before it ships: the policy is built
//! with seccompiler, as the program that installs it builds it, and secbpf says whether the
//! kernel will accept it and what it returns for the syscalls that matter.
//!
//! In your crate, put the `#[test]` functions below in `tests/policy.rs` and add
//!
//! ```toml
//! [dependencies]
//! seccompiler = "0.5" # the seccompiler secbpf::interop converts from
//! libc = "0.2"
//!
//! [dev-dependencies]
//! secbpf = { path = "../secbpf" } # from_seccompiler needs its feature `seccompiler` (default)
//!
//! [profile.dev.package.secbpf]
//! opt-level = 3 # explain and diff run about 7x faster optimised
//! ```
//!
//! Here the same checks run both ways: `cargo run --example policy_test` calls them from
//! `main`, and `cargo test` runs them as tests (the example is declared with `test = true`
//! in Cargo.toml, so cargo builds it with the test harness).

use secbpf::analysis::{diff, explain};
use secbpf::seccomp::{Arch, Outcome, RetValue, SeccompData};
use secbpf::{interop, verify, VerifiedProgram};
use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};
use std::collections::BTreeMap;

type Error = Box<dyn std::error::Error>;

/// The policy under test, as the service builds it: read, write, close and exit_group;
/// openat read-only; mmap without PROT_EXEC; EPERM for every other syscall, and
/// seccompiler's KILL_PROCESS for any other arch.
fn policy(extra_allowed: &[i64]) -> Result<BpfProgram, Error> {
    let arg_masked = |index, mask: i32, value| {
        SeccompCondition::new(
            index,
            SeccompCmpArgLen::Dword,
            SeccompCmpOp::MaskedEq(mask as u64),
            value,
        )
    };
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for nr in [
        libc::SYS_read,
        libc::SYS_write,
        libc::SYS_close,
        libc::SYS_exit_group,
    ] {
        rules.insert(nr, vec![]); // unconditional
    }
    for &nr in extra_allowed {
        rules.insert(nr, vec![]);
    }
    let read_only = arg_masked(2, libc::O_ACCMODE, libc::O_RDONLY as u64)?;
    rules.insert(libc::SYS_openat, vec![SeccompRule::new(vec![read_only])?]);
    let no_exec = arg_masked(2, libc::PROT_EXEC, 0)?;
    rules.insert(libc::SYS_mmap, vec![SeccompRule::new(vec![no_exec])?]);
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Errno(libc::EPERM as u32), // mismatch: every other syscall
        SeccompAction::Allow,                     // match
        TargetArch::x86_64,
    )?;
    Ok(filter.try_into()?)
}

/// The policy as the kernel would take it: `verify::check` gives the kernel's refusal
/// (errno, pc, rule) as an error.
fn checked(extra_allowed: &[i64]) -> Result<VerifiedProgram, Error> {
    Ok(verify::check(&interop::from_seccompiler(&policy(
        extra_allowed,
    )?))?)
}

fn x86_64(name: &str) -> Result<SeccompData, Error> {
    Ok(SeccompData::syscall(Arch::x86_64(), name)?)
}

/// The kernel accepts the filter as a lone filter.
fn accepted() -> Result<(), Error> {
    let prog = checked(&[])?;
    println!("accepted: {} instructions", prog.len());
    Ok(())
}

/// What it returns for the syscalls that matter, as typed return values.
fn returns() -> Result<(), Error> {
    let prog = checked(&[])?;
    let run = |data: SeccompData| secbpf::vm::run(&prog, &data).ret;
    let eperm = RetValue::errno(libc::EPERM as u16);

    assert_eq!(run(x86_64("read")?), RetValue::ALLOW);
    let o_rdonly = libc::O_RDONLY as u64;
    let o_wronly = libc::O_WRONLY as u64;
    assert_eq!(run(x86_64("openat")?.arg(2, o_rdonly)?), RetValue::ALLOW);
    assert_eq!(run(x86_64("openat")?.arg(2, o_wronly)?), eperm);
    assert_eq!(
        run(x86_64("openat")?.arg(2, o_wronly)?).outcome(),
        Outcome::FailsWith(1)
    );
    // A Dword condition reads the low 32 bits only: the high word of flags is not checked.
    assert_eq!(run(x86_64("openat")?.arg(2, 1 << 32)?), RetValue::ALLOW);
    let prot_exec = libc::PROT_EXEC as u64;
    assert_eq!(run(x86_64("mmap")?.arg(2, prot_exec)?), eperm);
    assert_eq!(run(x86_64("execve")?), eperm);
    // Another arch (i386 read, nr 3) is killed by seccompiler's arch check.
    let i386 = Arch::by_name("i386").ok_or("no i386")?;
    let i386_read = SeccompData::syscall(i386, "read")?;
    assert_eq!(run(i386_read).outcome(), Outcome::KillProcess);
    println!("returns: as the policy says");
    Ok(())
}

/// Over every input, not only the ones tried above: the syscalls that can be allowed on
/// x86_64 are exactly these, and openat and mmap only on a condition.
fn explained() -> Result<(), Error> {
    let prog = checked(&[])?;
    let ex = explain::explain(std::slice::from_ref(&prog), Some(Arch::x86_64().audit));
    assert!(!ex.approximate);
    let block = ex.arches.first().ok_or("no x86_64 block")?;
    let allowed: Vec<(&str, usize)> = block
        .syscalls
        .iter()
        .filter(|s| s.actions.contains(&RetValue::ALLOW))
        .map(|s| (s.name.unwrap_or("?"), s.actions.len()))
        .collect();
    // (name, how many actions it can get): 1 = always allowed, 2 = allowed on a condition.
    let expected = [
        ("read", 1),
        ("write", 1),
        ("close", 1),
        ("mmap", 2),
        ("exit_group", 1),
        ("openat", 2),
    ];
    assert_eq!(allowed, expected);
    assert!(!block.default.actions.contains(&RetValue::ALLOW));
    print!("{}", explain::to_text(&ex));
    Ok(())
}

/// A review gate: compared with the approved policy, a change may narrow what is allowed
/// but must not widen it. Here a change that also allows execve is caught.
fn reviewed() -> Result<(), Error> {
    let approved = checked(&[])?;
    let changed = checked(&[libc::SYS_execve])?;
    let widened = diff::diff(
        std::slice::from_ref(&approved),
        std::slice::from_ref(&changed),
        true,
    );
    assert!(!widened.equivalent);
    let names: Vec<_> = widened.changes.iter().map(|c| c.syscall).collect();
    assert_eq!(names, [Some("execve")]);
    print!("{}", diff::to_text(&widened, true));
    Ok(())
}

fn main() -> Result<(), Error> {
    accepted()?;
    returns()?;
    explained()?;
    reviewed()
}

#[test]
fn the_kernel_accepts_the_policy() -> Result<(), Error> {
    accepted()
}

#[test]
fn the_policy_returns_what_it_should() -> Result<(), Error> {
    returns()
}

#[test]
fn only_these_syscalls_are_ever_allowed() -> Result<(), Error> {
    explained()
}

#[test]
fn a_widening_change_is_caught() -> Result<(), Error> {
    reviewed()
}
