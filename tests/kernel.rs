//! secbpf against the live kernel: the oracle itself against answers recorded from a
//! 6.18 kernel, then each quirk of the spec checked on this machine's kernel.
//!
//! These need seccomp. Without it they skip, unless SECBPF_REQUIRE_KERNEL=1 (set by
//! .ci/run), under which they fail.
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

#[path = "common/pins.rs"]
mod pins;
use secbpf::kernel::{self, KernelRet, Observed};
use secbpf::seccomp::action::Outcome;
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::stack::run_stack;
use secbpf::verify::{self, InstallOptions, InstallVia};
use secbpf::{asm, vm, Insn};
use serde_json::Value;

/// True if the kernel can be asked; otherwise skip (or fail under SECBPF_REQUIRE_KERNEL=1).
fn kernel_here() -> bool {
    secbpf::kernel::available_for_tests()
}

const X86_64: u32 = 0xc000_003e;
const I386: u32 = 0x4000_0003;
const IP: u64 = 0x0c0d_e002;

fn a(src: &str) -> Vec<Insn> {
    asm::assemble(src).unwrap()
}

fn data(arch: u32, nr: u32, args: [u64; 6]) -> SeccompData {
    SeccompData {
        nr,
        arch,
        instruction_pointer: IP,
        args,
    }
}

/// The kernel's verdict and secbpf's for one filter.
fn verdicts(prog: &[Insn]) -> (Result<(), i32>, Result<(), i32>) {
    let k = kernel::accept(&[prog], &InstallOptions::default()).unwrap()[0];
    let s = verify::check(prog).map(|_| ()).map_err(|e| e.errno());
    (k, s)
}

/// The kernel's exact results and secbpf's for one accepted filter.
fn results(prog: &[Insn], inputs: &[SeccompData]) -> (Vec<KernelRet>, Vec<KernelRet>) {
    let k = kernel::run(prog, inputs).unwrap();
    let v = verify::check(prog).unwrap();
    let s = inputs
        .iter()
        .map(|d| {
            if secbpf::seccomp::stack::bypasses_filters(d) {
                KernelRet::Bypassed
            } else {
                KernelRet::Ret(vm::run(&v, d).ret.raw())
            }
        })
        .collect();
    (k, s)
}

fn insns(v: &Value) -> Vec<Insn> {
    secbpf::codec::json::from_json(v).unwrap()
}

/// The oracle reproduces the verdicts recorded from a live 6.18 kernel
/// (tests/data/vectors/kernel-accept.jsonl).
#[test]
fn oracle_reproduces_recorded_verdicts() {
    if !kernel_here() {
        return;
    }
    let text = include_str!("data/vectors/kernel-accept.jsonl");
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        let prog = insns(&v["insns"]);
        let want = v["kernel"].as_str().unwrap();
        let got = match kernel::accept(&[&prog], &InstallOptions::default()).unwrap()[0] {
            Ok(()) => "ok".to_string(),
            Err(e) => secbpf::errno::name(e as u32).unwrap_or("?").to_string(),
        };
        if got != want {
            bad.push(format!("program {i}: recorded {want}, oracle {got}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The oracle reproduces the exact return values recorded from a live 6.18 kernel
/// (tests/data/vectors/kernel-run.jsonl, ip 0xc0de002, x86_64 and i386 inputs).
#[test]
fn oracle_reproduces_recorded_results() {
    if !kernel_here() {
        return;
    }
    let text = include_str!("data/vectors/kernel-run.jsonl");
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        let prog = insns(&v["insns"]);
        let cases: Vec<(SeccompData, u32)> = v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let mut args = [0u64; 6];
                for (a, x) in args.iter_mut().zip(c["args"].as_array().unwrap()) {
                    *a = x.as_u64().unwrap();
                }
                let d = SeccompData {
                    nr: c["nr"].as_u64().unwrap() as u32,
                    arch: c["arch"].as_u64().unwrap() as u32,
                    instruction_pointer: c["ip"].as_u64().unwrap(),
                    args,
                };
                (d, c["ret"].as_u64().unwrap() as u32)
            })
            .collect();
        let inputs: Vec<SeccompData> = cases.iter().map(|c| c.0).collect();
        let got = kernel::run(&prog, &inputs).unwrap();
        for ((d, want), g) in cases.iter().zip(got) {
            if g != KernelRet::Ret(*want) {
                bad.push(format!(
                    "program {i} nr {:#x} arch {:#x}: recorded {want:#x}, oracle {g:?}",
                    d.nr, d.arch
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} disagreements:\n{}",
        bad.len(),
        bad[..bad.len().min(10)].join("\n")
    );
}

#[test]
fn tax_is_x_equals_a_and_txa_is_a_equals_x() {
    if !kernel_here() {
        return;
    }
    // A = nr; tax (X = A); ld #7; txa (A = X = nr): a swapped TAX/TXA would return 7 or 0.
    let p = a("ld [0]\ntax\nld #7\ntxa\nret a\n");
    let inputs = [data(X86_64, 5, [0; 6]), data(I386, 0x1234_5678, [0; 6])];
    let (k, s) = results(&p, &inputs);
    assert_eq!(k, s);
    assert_eq!(k[0], KernelRet::Ret(5));
}

#[test]
fn shifts_by_x_use_x_and_31() {
    if !kernel_here() {
        return;
    }
    // A = 1 (or 0x80000000) shifted by X = args[0] low word.
    let l = a("ld [16]\ntax\nld #1\nlsh x\nret a\n");
    let r = a("ld [16]\ntax\nld #0x80000000\nrsh x\nret a\n");
    let inputs: Vec<_> = [0u64, 1, 31, 32, 33, 63, 64, 0xffff_ffff]
        .iter()
        .map(|&x| data(X86_64, 1, [x, 0, 0, 0, 0, 0]))
        .collect();
    for p in [l, r] {
        let (k, s) = results(&p, &inputs);
        assert_eq!(k, s);
    }
}

#[test]
fn division_by_x_zero_returns_zero() {
    if !kernel_here() {
        return;
    }
    let p = a("ld [16]\ntax\nld #100\ndiv x\nret a\n");
    let inputs = [
        data(X86_64, 1, [0, 0, 0, 0, 0, 0]),
        data(X86_64, 1, [7, 0, 0, 0, 0, 0]),
        data(I386, 1, [0x1_0000_0000, 0, 0, 0, 0, 0]),
    ];
    let (k, s) = results(&p, &inputs);
    assert_eq!(k, s);
    assert_eq!(k[0], KernelRet::Ret(0));
    assert_eq!(k[1], KernelRet::Ret(14));
}

#[test]
fn ld_len_is_64() {
    if !kernel_here() {
        return;
    }
    for p in [a("ld len\nret a\n"), a("ldx len\ntxa\nret a\n")] {
        let (k, s) = results(&p, &[data(X86_64, 0, [0; 6])]);
        assert_eq!(k, s);
        assert_eq!(k[0], KernelRet::Ret(64));
    }
}

#[test]
fn ret_quirk_in_scratch_memory_check() {
    if !kernel_here() {
        return;
    }
    // kernel facts §2.4: refused with the RET, accepted with a JA in its place.
    let quirk = a("ld [0]\njeq #1, store, skip\nstore: st M[0]\nja load\nskip: ret #0x7fff0000\nload: ld M[0]\nret a\n");
    let (k, s) = verdicts(&quirk);
    assert_eq!(k, s);
    assert_eq!(k, Err(libc::EINVAL));
    let mut fixed = quirk.clone();
    fixed[4] = Insn::stmt(0x05, 0); // ja +0 still hands memvalid to the load via masks
    let (k, s) = verdicts(&fixed);
    assert_eq!(k, s);
    for p in [
        a("ret #0\nld M[3]\nret a\n"),
        a("ld [0]\njeq #1, one, two\none: st M[0]\nja join\ntwo: ld #1\njoin: ld M[0]\nret a\n"),
    ] {
        let (k, s) = verdicts(&p);
        assert_eq!(k, s, "{p:?}");
    }
}

#[test]
fn seccomp_refuses_opcodes_socket_filters_allow() {
    if !kernel_here() {
        return;
    }
    for code in [0x94u16, 0x9c, 0x28, 0x30, 0x40, 0x48, 0x50, 0xb1] {
        let k_operand = if code == 0x94 { 3 } else { 0 };
        let p = [Insn::stmt(code, k_operand), Insn::stmt(0x06, 0x7fff_0000)];
        let (k, s) = verdicts(&p);
        assert_eq!(k, s, "code {code:#x}");
        assert_eq!(k, Err(libc::EINVAL), "code {code:#x}");
    }
    // xor is allowed; loads at 60 ok, 64 and 2 refused; shifts #31 ok, #32 refused.
    for (src, ok) in [
        ("ld [0]\nxor #5\nret a\n", true),
        ("ld [60]\nret a\n", true),
        ("ld [64]\nret a\n", false),
        ("ld [2]\nret a\n", false),
        ("ld [0]\nlsh #31\nret a\n", true),
        ("ld [0]\nrsh #32\nret a\n", false),
        ("ld M[15]\nret a\n", false),
        ("ld #1\nst M[15]\nld M[15]\nret a\n", true),
    ] {
        let (k, s) = verdicts(&a(src));
        assert_eq!(k, s, "{src}");
        assert_eq!(k.is_ok(), ok, "{src}");
    }
}

fn getpid(arch: u32) -> SeccompData {
    data(arch, if arch == X86_64 { 39 } else { 20 }, [0; 6])
}

/// What secbpf predicts a process observes, in the oracle's terms, for the stack as
/// `kernel::outcome` installs it (older filters behind the install guard).
fn predicted(stack: &[Vec<Insn>], d: &SeccompData) -> Outcome {
    let n = stack.len();
    let v: Vec<_> = stack
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let p = if i + 1 < n {
                kernel::guard_install(p)
            } else {
                p.clone()
            };
            verify::check(&p).unwrap()
        })
        .collect();
    run_stack(&v, d).outcome()
}

fn observed_matches(o: Observed, p: Outcome) -> bool {
    kernel::campaign::observed_matches(o, p)
}

#[test]
fn errno_capping_and_action_precedence_on_a_live_stack() {
    if !kernel_here() {
        return;
    }
    let ret = |k: u32| vec![Insn::stmt(0x06, k)];
    let cases: Vec<Vec<Vec<Insn>>> = vec![
        // ERRNO capping: 0, 1, 4095, 4096 -> 4095, 0xffff -> 4095
        vec![ret(0x0005_0000)],
        vec![ret(0x0005_0001)],
        vec![ret(0x0005_0fff)],
        vec![ret(0x0005_1000)],
        vec![ret(0x0005_ffff)],
        // ties keep the newest: 11, 13, 12 installed in that order -> 12
        vec![ret(0x0005_000b), ret(0x0005_000d), ret(0x0005_000c)],
        // TRAP data is not capped
        vec![ret(0x0003_ffff)],
        // signed order: KILL_PROCESS beats all; unknown 0x10000000 loses to ERRNO? no:
        // 0x10000000 > 0x00050000, so ERRNO|5 wins; 0x7ffe0000 beats ALLOW and kills
        vec![ret(0x1000_0000), ret(0x0005_0005)],
        vec![ret(0x0005_0005), ret(0x1000_0000)],
        vec![ret(0x7fff_0000), ret(0x7ffe_0000)],
        vec![ret(0x0005_0001), ret(0x8000_0000)],
        vec![ret(0x8000_0000), ret(0x0003_0001)],
        // TRACE and USER_NOTIF without tracer or listener: ENOSYS; LOG runs
        vec![ret(0x7ff0_0001)],
        vec![ret(0x7fc0_0000)],
        vec![ret(0x7ffc_0000), ret(0x7fff_0000)],
        // ERRNO beats TRACE in either order
        vec![ret(0x7ff0_0000), ret(0x0005_0002)],
        vec![ret(0x0005_0002), ret(0x7ff0_0000)],
    ];
    for stack in &cases {
        let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
        for arch in [X86_64, I386] {
            let d = getpid(arch);
            let o = kernel::outcome(&refs, &d).unwrap();
            let p = predicted(stack, &d);
            assert!(
                observed_matches(o, p),
                "stack {stack:?} arch {arch:#x}: kernel {o:?}, secbpf {p:?}"
            );
        }
    }
}

#[test]
fn chain_limit_counts_converted_ebpf_instructions() {
    if !kernel_here() {
        return;
    }
    // Install the same filter until the kernel says ENOMEM, in one child, and compare
    // every verdict with check_stack. 4096 x `ret #ALLOW` fits 3 times (kernel facts
    // §1.5), `ldx #1; 98 x div x; ret` 65 times.
    let big = vec![Insn::stmt(0x06, 0x7fff_0000); 4096];
    let mut div = vec![Insn::stmt(0x01, 1)];
    div.extend(std::iter::repeat_n(Insn::stmt(0x3c, 0), 98));
    div.push(Insn::stmt(0x06, 0x7fff_0000));
    for (prog, n) in [(big, 5usize), (div, 68)] {
        let stack: Vec<&[Insn]> = std::iter::repeat_n(prog.as_slice(), n).collect();
        let k = kernel::accept(&stack, &InstallOptions::default()).unwrap();
        let s: Vec<Result<(), i32>> = verify::check_stack(&stack, &InstallOptions::default())
            .into_iter()
            .map(|r| r.map(|_| ()).map_err(|e| e.errno()))
            .collect();
        assert_eq!(k, s);
        assert!(k.contains(&Err(libc::ENOMEM)));
    }
}

#[test]
fn flags_and_privileges_match_the_kernel() {
    if !kernel_here() {
        return;
    }
    let allow = [Insn::stmt(0x06, 0x7fff_0000)];
    for (flags, nnp, cap) in [
        (0x40u32, true, false),
        (0x01 | 0x08, true, false),
        (0x01 | 0x08 | 0x10, true, false),
        (0x20, true, false),
        (0x20 | 0x08, true, false),
        (0x02, true, false),
        (0x04, true, false),
        (0, false, false),
        (0, false, true),
    ] {
        let opts = InstallOptions::new()
            .flags(flags)
            .no_new_privs(nnp)
            .cap_sys_admin(cap);
        let k = kernel::accept(&[&allow], &opts).unwrap();
        let s: Vec<Result<(), i32>> = verify::check_stack(&[&allow], &opts)
            .into_iter()
            .map(|r| r.map(|_| ()).map_err(|e| e.errno()))
            .collect();
        assert_eq!(k, s, "flags {flags:#x} nnp {nnp} cap {cap}");
    }
}

/// The oracle and the checker take the same InstallOptions, `via` included: a filter that
/// answers seccomp(2) (x86_64 nr 317) with ERRNO(1) and allows everything else blocks a
/// second filter installed through seccomp(2) (EPERM) but not through prctl (nr 157).
#[test]
fn install_via_prctl_or_seccomp_agrees_with_the_kernel() {
    if !kernel_here() {
        return;
    }
    let gate = a("ld [0]\njeq #317, no\nret #ALLOW\nno: ret #ERRNO(1)\n");
    let allow = a("ret #ALLOW\n");
    let stack = [gate.as_slice(), allow.as_slice()];
    for (via, want) in [
        (InstallVia::Seccomp, vec![Ok(()), Err(libc::EPERM)]),
        (InstallVia::Prctl, vec![Ok(()), Ok(())]),
    ] {
        let opts = InstallOptions::new().via(via);
        let k = kernel::accept(&stack, &opts).unwrap();
        assert_eq!(k, want, "{via:?}");
        let s: Vec<Result<(), i32>> = verify::check_stack(&stack, &opts)
            .into_iter()
            .map(|r| r.map(|_| ()).map_err(|e| e.errno()))
            .collect();
        assert_eq!(s, k, "{via:?}");
    }
    // What the oracle cannot ask is refused, not answered for another setup.
    let arm = InstallOptions::new().arch(0x4000_0028);
    assert!(kernel::accept(&stack[1..], &arm).is_err());
    let prctl_flags = InstallOptions::new().via(InstallVia::Prctl).flags(1);
    assert!(kernel::accept(&stack[1..], &prctl_flags).is_err());
}

/// A bounded differential campaign (the CI one): 20,000 generated programs with 8
/// inputs each, stacks included, and not one disagreement with the kernel.
#[test]
fn bounded_campaign_has_no_disagreements() {
    if !kernel_here() {
        return;
    }
    let cfg = kernel::campaign::Config {
        programs: 20_000,
        inputs_per_program: 8,
        seed: 0x5ecb_f000,
        time: None,
        jobs: 2,
        regressions: None,
        oracle_only: false,
    };
    let sm = kernel::campaign::run(&cfg, &|_, _| {}).unwrap();
    assert_eq!(sm.programs, 20_000);
    assert!(sm.inputs > 100_000, "only {} inputs compared", sm.inputs);
    assert!(sm.disagreements.is_empty(), "{:#?}", sm.disagreements);
}

/// The oracle-only floor (issue 12 goal 4) asks the kernel the same questions: the same
/// programs and the same inputs answered, none compared; the CPU it reports is used.
#[test]
fn oracle_only_asks_the_same_questions() {
    if !kernel_here() {
        return;
    }
    let cfg = |oracle_only| kernel::campaign::Config {
        programs: 300,
        inputs_per_program: 8,
        seed: 7,
        time: None,
        jobs: 1,
        regressions: None,
        oracle_only,
    };
    let full = kernel::campaign::run(&cfg(false), &|_, _| {}).unwrap();
    let floor = kernel::campaign::run(&cfg(true), &|_, _| {}).unwrap();
    assert!(full.disagreements.is_empty(), "{:#?}", full.disagreements);
    assert_eq!(
        (full.programs, full.inputs, full.skipped),
        (floor.programs, floor.inputs, floor.skipped)
    );
    assert!(full.inputs > 1000, "only {} inputs", full.inputs);
    // Hundreds of children ran and were reaped: their time is counted.
    assert!(full.cpu.total() > full.cpu.ours(), "{:?}", full.cpu);
}

fn secbpf_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// `secbpf exec` installs the verified filter and execs the command, whose exit status
/// passes through; a filter that would kill execve is refused up front, and with --force
/// kills the command; a refused filter is
/// not installed (exit 1) unless --force, and then the kernel's errno is reported.
#[test]
fn exec_runs_a_command_under_a_verified_filter() {
    use std::os::unix::process::ExitStatusExt;
    if !kernel_here() {
        return;
    }
    let ok = secbpf_cli(&[
        "exec",
        "--filter",
        "corpus/libseccomp-container.bpf",
        "--",
        "sh",
        "-c",
        "grep -c Seccomp_filters /proc/self/status; grep '^Seccomp:' /proc/self/status; exit 3",
    ]);
    assert_eq!(
        ok.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Seccomp:\t2"));
    // small.s allows only read, write and openat: secbpf sees that execve would be
    // killed and refuses (exit 1, issue 14 item 9); with --force execve dies by SIGSYS.
    let refused_exec = secbpf_cli(&["exec", "--filter", "tests/cli/small.s", "--", "/bin/true"]);
    assert_eq!(refused_exec.status.code(), Some(1));
    let killed = secbpf_cli(&[
        "exec",
        "--force",
        "--filter",
        "tests/cli/small.s",
        "--",
        "/bin/true",
    ]);
    assert_eq!(killed.status.signal(), Some(libc::SIGSYS));
    let refused = secbpf_cli(&["exec", "--filter", "tests/cli/shift32.s", "--", "/bin/true"]);
    assert_eq!(refused.status.code(), Some(1));
    let forced = secbpf_cli(&[
        "exec",
        "--force",
        "--filter",
        "tests/cli/shift32.s",
        "--",
        "/bin/true",
    ]);
    assert_eq!(forced.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&forced.stderr).contains("EINVAL"));
}

/// `secbpf oracle` through the CLI: the shapes of `check --json` and `run --json`.
#[test]
fn oracle_cli_answers_like_check_and_run() {
    if !kernel_here() {
        return;
    }
    let acc = secbpf_cli(&["oracle", "accept", "--json", "tests/cli/shift32.s"]);
    assert_eq!(acc.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&acc.stdout).unwrap();
    assert_eq!(v["errno"], "EINVAL");
    let dir = std::env::temp_dir().join(format!("secbpf-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = dir.join("cases.jsonl");
    std::fs::write(
        &cases,
        "{\"nr\": 0, \"ip\": 202235906}\n{\"nr\": 257, \"ip\": 202235906}\n{\"arch\": \"x86\", \"nr\": 3, \"ip\": 202235906}\n",
    )
    .unwrap();
    let k = secbpf_cli(&[
        "oracle",
        "run",
        "tests/cli/small.s",
        "--inputs",
        cases.to_str().unwrap(),
        "--json",
    ]);
    let s = secbpf_cli(&[
        "run",
        "tests/cli/small.s",
        "--inputs",
        cases.to_str().unwrap(),
        "--json",
    ]);
    assert!(k.status.success() && s.status.success());
    let rets = |o: &[u8]| -> Vec<u64> {
        String::from_utf8_lossy(o)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["ret"]
                    .as_u64()
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(rets(&k.stdout), rets(&s.stdout));
    assert_eq!(rets(&k.stdout), vec![0x7fff_0000, 0x0005_000d, 0]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Syscall instructions for ips one or two bytes apart overlap; they are placed one
/// after the other (and never while another worker's child executes an overlapping
/// one), so each input still sees its own ip.
#[test]
fn overlapping_ips_each_see_their_own_ip() {
    if !kernel_here() {
        return;
    }
    let p = a("ld [8]\nret a\n");
    let base = 0x0123_4002u64;
    let inputs: Vec<SeccompData> = (0..6u64)
        .map(|i| SeccompData {
            nr: 39,
            arch: if i % 2 == 0 { X86_64 } else { I386 },
            instruction_pointer: base + i / 2 + (i % 2),
            args: [0; 6],
        })
        .collect();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..50 {
                    let (k, ours) = results(&p, &inputs);
                    assert_eq!(k, ours);
                }
            });
        }
    });
}

/// `struct sock_fprog` as seccomp(2) and prctl(2) read it.
#[repr(C)]
struct Fprog {
    len: u16,
    filter: *const Insn,
}

#[test]
fn installing_a_stack_is_judged_by_the_filters_already_installed() {
    // Install filter A in a child, then make the call that installs filter B (seccomp(2)
    // or prctl(2), from a known ip, with B's real sock_fprog address) and compare what
    // the kernel did with check_stack's answer for B given the same call.
    if !kernel_here() {
        return;
    }
    use secbpf::verify::{InstallVia, VerifyErrorKind as K};
    let b_ok = a("ld [0]\njeq #257, deny\nret #ALLOW\ndeny: ret #ERRNO(13)\n");
    let b_bad = vec![Insn::stmt(0x06, 0x7fff_0000), Insn::stmt(0x04, 0)]; // last not a ret
    let actions = [
        "ALLOW",
        "LOG",
        "ERRNO(1)",
        "ERRNO(0)",
        "ERRNO(5000)",
        "TRAP(7)",
        "TRACE(3)",
        "USER_NOTIF",
        "KILL_THREAD",
        "KILL_PROCESS",
        "0x10000000",
    ];
    let mut checked = 0;
    for b in [&b_ok, &b_bad] {
        let fprog = Fprog {
            len: b.len() as u16,
            filter: b.as_ptr(),
        };
        let addr = &fprog as *const Fprog as u64;
        for via in [InstallVia::Seccomp, InstallVia::Prctl] {
            let opts = InstallOptions::new()
                .via(via)
                .instruction_pointer(IP)
                .fprog_address(addr);
            let call = verify::install_call(&opts).unwrap();
            // Conditions on each word of the call that a real filter might test.
            let conds = [
                format!("ld [0]\njeq #{}, hit, miss", call.nr),
                "ld [0]\njeq #39, hit, miss".to_string(),
                format!("ld [16]\njeq #{}, hit, miss", call.args[0]),
                format!("ld [24]\njeq #{}, hit, miss", call.args[1]),
                format!("ld [32]\njgt #{}, hit, miss", (addr as u32).wrapping_sub(1)),
                format!("ld [36]\njeq #{}, hit, miss", addr >> 32),
                format!("ld [8]\njeq #{}, hit, miss", IP as u32),
                "ld [40]\njeq #0, hit, miss".to_string(),
            ];
            for cond in &conds {
                for act in actions {
                    for (hit, miss) in [(act, "ALLOW"), ("ALLOW", act)] {
                        let src = format!("{cond}\nhit: ret #{hit}\nmiss: ret #{miss}\n");
                        let gate = a(&src);
                        let observed = kernel::outcome(&[&gate], &call).unwrap();
                        let ours = verify::check_stack(&[&gate, b], &opts);
                        assert!(ours[0].is_ok(), "{src}");
                        let ok = match &ours[1] {
                            Ok(_) => observed == Observed::Returned(0),
                            Err(e) if e.kind() == K::InstallCallStopped => {
                                let installed = [ours[0].as_ref().unwrap().clone()];
                                let g = verify::install_gate(&installed, &opts).unwrap().unwrap();
                                observed_matches(observed, g.outcome)
                            }
                            Err(e) => observed == Observed::Returned(-i64::from(e.errno())),
                        };
                        assert!(
                            ok,
                            "{via:?}, B of {} insns, A:\n{src}kernel {observed:?}, secbpf {:?}",
                            b.len(),
                            ours[1].as_ref().map(|_| ()).map_err(|e| e.to_string())
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 2 * 2 * 8 * 11 * 2);
}

/// The kernel-profile rules (`secbpf::seccomp::profile`) against the running kernel, as
/// tests/vm.rs pins them against Debian's 6.1 and 6.12: native nr 335/336, every flag,
/// and what each action does, by the profile of this kernel's release and of its `X.Y`
/// series. On 6.18 both syscalls are unfiltered.
#[test]
fn kernel_profile_of_the_running_kernel_matches_it() {
    use secbpf::seccomp::{KernelProfile, KernelVersion, RetValue};
    if !kernel_here() {
        return;
    }
    // The kernel's own release, not SECBPF_KERNEL_VERSION.
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let exact = KernelVersion::from_release(&release).unwrap();
    let series = KernelProfile::new(KernelVersion::new(exact.major, exact.minor));
    let exact = KernelProfile::new(exact);
    let ret_nr = a("ld [0]\nret a\n");
    for nr in [335, 336] {
        let d = data(X86_64, nr, [0; 6]);
        let k = kernel::run(&ret_nr, &[d]).unwrap().remove(0);
        let bypassed = k == KernelRet::Bypassed;
        assert!(bypassed || k == KernelRet::Ret(nr), "{k:?}");
        for p in [exact, series] {
            assert_eq!(p.bypasses(&d), bypassed, "nr {nr} on {release} as {p}");
        }
    }
    let allow = a("ret #ALLOW\n");
    for flags in pins::FLAGS {
        for p in [exact, series] {
            let opts = InstallOptions::new().flags(flags).kernel(p);
            let k = kernel::accept(&[&allow], &opts).unwrap()[0];
            let ours = verify::check_with(&allow, &opts)
                .map(|_| ())
                .map_err(|e| e.errno());
            assert_eq!(k, ours, "flags {flags:#x} on {release} as {p}");
        }
    }
    let getpid = data(X86_64, 39, [0; 6]);
    for v in pins::RETS {
        let prog = a(&format!("ret #{v:#x}\n"));
        let seen = kernel::outcome(&[&prog], &getpid).unwrap();
        for p in [exact, series] {
            let want = p.outcome(RetValue(v));
            assert!(
                observed_matches(seen, want),
                "ret {v:#x} on {release}: kernel {seen:?}, {p} says {want:?}"
            );
        }
    }
}
