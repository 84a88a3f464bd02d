//! A crate that depends on secbpf with `default-features = false` (.ci/lib-only.sh builds
//! and runs it): check, run, step, explain and diff a filter with libc as the only
//! dependency, using only items re-exported at the crate root, with typed results.
use secbpf::{
    Arch, Condition, Machine, RetValue, SeccompData, assemble, check, diff, explain, run,
    run_stack,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // check
    let deny = check(&assemble(
        "ld [4]\njne #0xc000003e, kill\nld [0]\njeq #59, deny\nret #ALLOW\n\
         deny: ret #ERRNO(1)\nkill: ret #KILL_PROCESS\n",
    )?)?;
    let allow = check(&assemble("ret #ALLOW\n")?)?;
    // run
    let execve = SeccompData::for_arch(Arch::x86_64(), 59);
    assert_eq!(run(&deny, &execve).ret, RetValue::errno(1));
    assert_eq!(
        run_stack(&[allow.clone(), deny.clone()], &execve).ret,
        RetValue::errno(1)
    );
    // step
    let mut m = Machine::new(&deny, execve.words());
    while m.step().is_some() {}
    assert_eq!(m.finished(), Some(RetValue::errno(1)));
    // explain
    let ex = explain(std::slice::from_ref(&deny), None);
    let x86_64 = &ex.arches[0];
    let nr59 = x86_64.syscalls.iter().find(|s| s.nr == Some(59)).ok_or("no nr 59")?;
    assert_eq!(nr59.actions, [RetValue::errno(1)]);
    assert_eq!(nr59.regions[0].condition, Condition::True);
    // diff
    let d = diff(&[deny], &[allow], false);
    assert!(!d.equivalent);
    assert!(d.changes.iter().any(|c| c.witness.nr == 59));
    println!("downstream crate (secbpf without default features): ok");
    Ok(())
}
