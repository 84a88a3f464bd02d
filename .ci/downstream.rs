//! A crate that depends on secbpf with `default-features = false` (.ci/lib-only.sh builds
//! and runs it): check, run, explain and diff a filter with libc as the only dependency.
use secbpf::analysis::{diff::diff, explain::explain};
use secbpf::{asm, seccomp::SeccompData, verify, vm};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let deny = verify::check(&asm::assemble(
        "ld [0]\njeq #59, deny\nret #ALLOW\ndeny: ret #ERRNO(1)\n",
    )?)?;
    let allow = verify::check(&asm::assemble("ret #ALLOW\n")?)?;
    let execve = SeccompData::new(0xc000_003e, 59);
    assert_eq!(vm::run(&deny, &execve).ret, 0x0005_0001);
    let ex = explain(std::slice::from_ref(&deny), None);
    assert!(ex.arches[0].syscalls.iter().any(|s| s.nr == Some(59)));
    assert!(!diff(&[deny], &[allow], false).changes.is_empty());
    println!("downstream crate (secbpf without default features): ok");
    Ok(())
}
