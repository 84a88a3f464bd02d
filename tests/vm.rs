//! secbpf against other kernels, in VMs (issue 11): Debian's 6.1 and 6.12 x86_64 kernels
//! booted under qemu with the secbpf agent, and Debian's 6.1 arm64 and s390x kernels with
//! the C agent (agent/secbpf-agent.c), asked what the host oracle asks.
//!
//! These need qemu, the kernels in the cache (`secbpf vm fetch`) and the static agents
//! (scripts/vm-setup, with --all-arches for arm64 and s390x). Without them they skip and
//! say why, unless SECBPF_REQUIRE_VM=1 (set by .ci/run), under which they fail. The
//! cache is $SECBPF_VM_CACHE, else the default (~/.cache/secbpf).
//!
//! The C agent is also checked with no VM at all: built for this machine with `cc` and
//! run here, it must answer as the host oracle does on the running kernel.
#![cfg(all(
    target_os = "linux",
    target_arch = "x86_64",
    feature = "generators",
    feature = "json"
))]

#[path = "common/pins.rs"]
mod pins;
use secbpf::kernel::cagent;
use secbpf::kernel::campaign::{self, Asker};
use secbpf::kernel::vmhost::{self, BootOptions, VmOracle};
use secbpf::kernel::KernelRet;
use secbpf::seccomp::data::SeccompData;
use secbpf::verify;
use secbpf::{asm, vm, Insn};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

const X86_64: u32 = 0xc000_003e;
const I386: u32 = 0x4000_0003;
const IP: u64 = 0x0c0d_e002;

fn cache() -> PathBuf {
    std::env::var_os("SECBPF_VM_CACHE")
        .filter(|c| !c.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(vmhost::default_cache_dir)
}

fn skip(why: String) -> Option<VmOracle> {
    if std::env::var("SECBPF_REQUIRE_VM").as_deref() == Ok("1") {
        panic!("SECBPF_REQUIRE_VM=1 but {why}");
    }
    eprintln!(
        "skipping: {why} (run scripts/vm-setup --fetch; set SECBPF_REQUIRE_VM=1 to fail instead)"
    );
    None
}

/// The VM oracle for `name`, or `None` (the test skips) when it cannot run here.
fn guest(name: &str, answer_timeout: Option<Duration>) -> Option<VmOracle> {
    let qemu = if name.ends_with("-arm64") {
        "qemu-system-aarch64"
    } else if name.ends_with("-s390x") {
        "qemu-system-s390x"
    } else {
        "qemu-system-x86_64"
    };
    if std::process::Command::new(qemu)
        .arg("--version")
        .output()
        .map_or(true, |o| !o.status.success())
    {
        return skip(format!("{qemu} is not installed"));
    }
    let cache = cache();
    let img = match vmhost::resolve(name, &cache) {
        Ok(i) => i,
        Err(e) => return skip(e.to_string()),
    };
    if let Err(e) = vmhost::find_agent(img.arch, &cache) {
        return skip(e.to_string());
    }
    let mut opts = BootOptions::new(cache);
    if let Some(t) = answer_timeout {
        opts.answer_timeout = t;
    }
    Some(VmOracle::new(img, opts))
}

/// A campaign of `programs` programs (8 inputs each, one worker) from `seed` against `o`.
fn bounded_campaign(o: &dyn Asker, programs: u64, seed: u64) -> campaign::Summary {
    let cfg = campaign::Config {
        programs,
        inputs_per_program: 8,
        seed,
        time: None,
        jobs: 1,
        regressions: None,
        oracle_only: false,
    };
    campaign::run_until_with(&cfg, &|_, _| {}, &|| None, o).unwrap()
}

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

/// What every x86_64 guest must answer as secbpf does, plus a bounded campaign; then
/// the native nr 335/336 answers, which differ by kernel.
fn common_checks(o: &VmOracle, release_prefix: &str, exempt: [bool; 2]) {
    let (hello, _) = o.start().unwrap();
    let release = hello["release"].as_str().unwrap();
    assert!(release.starts_with(release_prefix), "{release}");
    assert_eq!(hello["machine"], "x86_64");

    // Verdicts: a refused program (RET with a bad source: EINVAL) and an accepted one,
    // each as secbpf's checker says.
    // ret with X as its source (BPF_RET | BPF_X): not in seccomp's list, EINVAL.
    let refused = vec![Insn::new(0x20, 0, 0, 0), Insn::new(0x0e, 0, 0, 0)];
    let ok = a("ld [0]\njeq #39, deny\nret #0x7fff0000\ndeny: ret #0x50005\n");
    let k = o.accept_with(&[&refused], 0, true, false, false).unwrap();
    assert_eq!(k, vec![Err(libc::EINVAL)]);
    for p in [&refused, &ok] {
        let ours = verify::check(p).map(|_| ()).map_err(|e| e.errno());
        assert_eq!(o.accept_with(&[p], 0, true, false, false).unwrap()[0], ours);
    }
    // Without no_new_privs and as uid 65534: EACCES, as on the host.
    assert_eq!(
        o.accept_with(&[&ok], 0, false, false, false).unwrap(),
        vec![Err(libc::EACCES)]
    );

    // Exact results, native and i386 (int 0x80), against secbpf's interpreter; the
    // recorded host answers of tests/cli/answers-small.jsonl too.
    let small = a(&std::fs::read_to_string("tests/cli/small.s").unwrap());
    let mut inputs = Vec::new();
    let mut recorded = Vec::new();
    for line in std::fs::read_to_string("tests/cli/answers-small.jsonl")
        .unwrap()
        .lines()
        .skip(1)
    {
        let v: Value = serde_json::from_str(line).unwrap();
        let args: Vec<u64> = v["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect();
        inputs.push(SeccompData {
            arch: v["arch"].as_u64().unwrap() as u32,
            nr: v["nr"].as_u64().unwrap() as u32,
            instruction_pointer: v["ip"].as_u64().unwrap(),
            args: args.try_into().unwrap(),
        });
        recorded.push(KernelRet::Ret(v["ret"].as_u64().unwrap() as u32));
    }
    inputs.push(data(I386, 20, [0; 6]));
    inputs.push(data(X86_64, 0x4000_0001, [u64::MAX; 6]));
    let got = o.run(&small, &inputs).unwrap();
    assert_eq!(got[..recorded.len()], recorded[..]);
    let v = verify::check(&small).unwrap();
    for (d, k) in inputs.iter().zip(&got) {
        assert_eq!(*k, KernelRet::Ret(vm::run(&v, d).ret.raw()), "{d:?}");
    }

    // Native nr 335 (uretprobe) and 336 (uprobe): whether a filter sees them at all.
    let ret_nr = a("ld [0]\nret a\n");
    let got = o
        .run(
            &ret_nr,
            &[data(X86_64, 335, [0; 6]), data(X86_64, 336, [0; 6])],
        )
        .unwrap();
    for (nr, (k, ex)) in [335, 336].iter().zip(got.iter().zip(exempt)) {
        let want = if ex {
            KernelRet::Bypassed
        } else {
            KernelRet::Ret(*nr)
        };
        assert_eq!(*k, want, "nr {nr} on {release}");
    }
    // Through int 0x80 they are ordinary i386 numbers everywhere.
    assert_eq!(
        o.run(&ret_nr, &[data(I386, 335, [0; 6])]).unwrap(),
        vec![KernelRet::Ret(335)]
    );

    // A bounded campaign: no disagreement.
    let sm = bounded_campaign(o, 300, 0x05ec_bf11);
    assert_eq!(sm.programs, 300);
    assert!(sm.inputs > 1000, "only {} inputs compared", sm.inputs);
    assert!(sm.disagreements.is_empty(), "{:#?}", sm.disagreements);
    assert!(o.release().contains(release));
}

/// Debian 12's 6.1: filters see native nr 335 and 336 (no uprobe exemption yet; kernel
/// facts §10 recorded the same on 6.1.170).
#[test]
fn debian_6_1_amd64_agrees_and_runs_filters_for_335_336() {
    if let Some(o) = guest("debian-6.1-amd64", None) {
        common_checks(&o, "6.1.", [false, false]);
    }
}

/// 6.12: native nr 335 (uretprobe) never reaches a filter, 336 (no uprobe syscall yet)
/// does; the running 6.18 exempts both.
#[test]
fn debian_6_12_amd64_agrees_and_exempts_only_335() {
    if let Some(o) = guest("debian-6.12-amd64", None) {
        common_checks(&o, "6.12.", [true, false]);
    }
}

/// A guest that hangs is killed after its deadline, one that dies is noticed at once,
/// and either way the next question boots a fresh guest that answers.
#[test]
fn a_hung_or_dead_guest_is_reported_and_restarted() {
    let Some(o) = guest("debian-6.1-amd64", Some(Duration::from_secs(20))) else {
        return;
    };
    let ok = a("ret #0x7fff0000\n");
    assert_eq!(
        o.accept_with(&[&ok], 0, true, false, false).unwrap(),
        vec![Ok(())]
    );
    assert_eq!(o.boots(), 1);
    let e = o
        .raw(&json!({"op": "sleep", "secs": 600}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no answer within 20s"), "{e}");
    assert_eq!(
        o.accept_with(&[&ok], 0, true, false, false).unwrap(),
        vec![Ok(())]
    );
    assert_eq!(o.boots(), 2);
    let e = o
        .raw(&json!({"op": "exit", "status": 3}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("closed the line"), "{e}");
    assert_eq!(
        o.accept_with(&[&ok], 0, true, false, false).unwrap(),
        vec![Ok(())]
    );
    assert_eq!(o.boots(), 3);
    // The agent's own errors are answers, not failures: the guest stays.
    let e = o.raw(&json!({"op": "nonsense"})).unwrap_err().to_string();
    assert!(e.contains("unknown op"), "{e}");
    assert_eq!(o.boots(), 3);
}

/// `secbpf vm list` and `oracle run --kernel` (same output as on the host).
#[test]
fn cli_lists_kernels_and_asks_one() {
    if guest("debian-6.1-amd64", None).is_none() {
        return;
    }
    let cache = cache();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_secbpf"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let c = cache.to_str().unwrap();
    let out = run(&["vm", "list", "--cache-dir", c, "--json"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["name"] == "debian-6.1-amd64"));
    let out = run(&[
        "oracle",
        "run",
        "tests/cli/small.s",
        "--inputs",
        "tests/cli/answers-small.jsonl",
        "--kernel",
        "debian-6.1-amd64",
        "--cache-dir",
        c,
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ALLOW  [kernel]\nERRNO(13)  [kernel]\nKILL_THREAD  [kernel]\nKILL_PROCESS  [kernel]\n"
    );
    assert!(out.status.success());
    let out = run(&["vm", "boot", "debian-9.9-amd64", "--cache-dir", c]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("secbpf vm fetch debian-9.9-amd64"));
    // A kernel file qemu cannot boot: the error says what qemu said.
    let out = run(&[
        "fuzz-kernel",
        "--kernel",
        "Cargo.toml",
        "--programs",
        "1",
        "--cache-dir",
        c,
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("Cargo.toml did not boot to the agent") && err.contains("qemu's log: qemu"),
        "{err}"
    );
}

/// The kernel-profile rules (`secbpf::seccomp::profile`) against one guest kernel:
/// whether native nr 335/336 reach a filter, which flags it takes, and what each action
/// and an unknown one do, as the profile of the guest's own release and of its `X.Y`
/// series say (`X.Y` means the newest stable release of the series, which Debian's
/// package is). `secbpf run --kernel-version X.Y` must say the same as the guest.
fn profile_pins(o: &VmOracle, series: &str) {
    use secbpf::kernel::campaign::observed_matches;
    use secbpf::seccomp::{KernelProfile, KernelVersion, RetValue};
    let (hello, _) = o.start().unwrap();
    let release = hello["release"].as_str().unwrap().to_string();
    let exact = KernelProfile::new(KernelVersion::from_release(&release).unwrap());
    let by_series: KernelProfile = series.parse().unwrap();
    assert!(release.starts_with(&format!("{series}.")), "{release}");

    // 1. Native nr 335 (uretprobe) and 336 (uprobe).
    let ret_nr = a("ld [0]\nret a\n");
    let inputs = [data(X86_64, 335, [0; 6]), data(X86_64, 336, [0; 6])];
    let got = o.run(&ret_nr, &inputs).unwrap();
    let file = std::env::temp_dir().join(format!("secbpf-profile-{}.s", std::process::id()));
    std::fs::write(&file, "ld [0]\nret a\n").unwrap();
    for (d, k) in inputs.iter().zip(&got) {
        let bypassed = *k == KernelRet::Bypassed;
        assert!(bypassed || *k == KernelRet::Ret(d.nr), "{k:?}");
        for p in [exact, by_series] {
            assert_eq!(p.bypasses(d), bypassed, "nr {} on {release} as {p}", d.nr);
        }
        for v in [series, &exact.version().to_string()] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_secbpf"))
                .args([
                    "run",
                    file.to_str().unwrap(),
                    "--json",
                    "--kernel-version",
                    v,
                ])
                .args(["--nr", &d.nr.to_string()])
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
            let line: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(
                line["bypassed"],
                json!(bypassed),
                "nr {} as {v}: {line}",
                d.nr
            );
        }
    }
    let _ = std::fs::remove_file(&file);

    // 2. Filter flags, one call each: the profile's verdict is the guest's.
    let allow = a("ret #0x7fff0000\n");
    for flags in pins::FLAGS {
        let k = o.accept_with(&[&allow], flags, true, false, false).unwrap()[0];
        for p in [exact, by_series] {
            let opts = verify::InstallOptions::new().flags(flags).kernel(p);
            let ours = verify::check_with(&allow, &opts)
                .map(|_| ())
                .map_err(|e| e.errno());
            assert_eq!(k, ours, "flags {flags:#x} on {release} as {p}");
        }
    }

    // 3. What each action (and unknown ones) does to getpid (39).
    let getpid = data(X86_64, 39, [0; 6]);
    for v in pins::RETS {
        let prog = a(&format!("ret #{v:#x}\n"));
        let seen = o.outcome(&[&prog], &getpid).unwrap();
        for p in [exact, by_series] {
            let want = p.outcome(RetValue(v));
            assert!(
                observed_matches(seen, want),
                "ret {v:#x} on {release}: kernel {seen:?}, {p} says {want:?}"
            );
        }
    }
}

/// The profiles of 6.1 (Debian 12) pinned against its kernel.
#[test]
fn kernel_profile_6_1_matches_the_debian_6_1_kernel() {
    if let Some(o) = guest("debian-6.1-amd64", None) {
        profile_pins(&o, "6.1");
    }
}

/// The profiles of 6.12 (Debian 13's 6.12.117: uretprobe exempt by the stable
/// backport, uprobe not) pinned against its kernel.
#[test]
fn kernel_profile_6_12_matches_the_debian_6_12_kernel() {
    if let Some(o) = guest("debian-6.12-amd64", None) {
        profile_pins(&o, "6.12");
    }
}

/// Debian 11's 5.10 (5.10.223; fetched from the bullseye suite of the same archive, see
/// docs/kernel-agreement.md): the one kernel Debian still serves from before
/// WAIT_KILLABLE_RECV (5.19), which it refuses with EINVAL as the 5.10 profile says.
#[test]
fn kernel_profile_5_10_matches_the_debian_5_10_kernel() {
    if let Some(o) = guest("debian-5.10-amd64", None) {
        profile_pins(&o, "5.10");
    }
}

const AARCH64: u32 = 0xc000_00b7;
const S390X: u32 = 0x8000_0016;

/// What an arm64 or s390x guest (the C agent) must answer as secbpf does: verdicts,
/// exact values with the guest's byte order and syscall numbers, a stack's outcome,
/// inputs it cannot produce reported as such, and a bounded campaign.
fn c_agent_checks(o: &VmOracle, arch: u32, machine: &str, ip: u64, programs: u64) {
    let (hello, _) = o.start().unwrap();
    assert_eq!(hello["machine"], machine);
    assert!(hello["release"].as_str().unwrap().starts_with("6.1."));
    assert_eq!(hello["agent"], "c");

    let refused = vec![Insn::new(0x20, 0, 0, 0), Insn::new(0x0e, 0, 0, 0)];
    let ok = a("ld [0]\njeq #20, deny\nret #0x7fff0000\ndeny: ret #0x50005\n");
    assert_eq!(
        o.accept_with(&[&refused], 0, true, false, false).unwrap(),
        vec![Err(libc::EINVAL)]
    );
    assert_eq!(
        o.accept_with(&[&ok], 0, true, false, false).unwrap(),
        vec![Ok(())]
    );
    assert_eq!(
        o.accept_with(&[&ok], 0, false, false, false).unwrap(),
        vec![Err(libc::EACCES)]
    );

    // Every seccomp_data word through `ld [k]; ret a`, against secbpf's interpreter,
    // which lays the words out in the arch's byte order: on s390x `ld [16]` is the high
    // half of args[0]. The values are the kernel's, compared with secbpf's, never typed in.
    let d = SeccompData {
        nr: 20,
        arch,
        instruction_pointer: ip,
        args: [
            0x1122_3344_5566_7788,
            0x99aa_bbcc_ddee_ff00,
            u64::MAX,
            1,
            1 << 32,
            0x8000_0000_0000_0001,
        ],
    };
    let inputs = [d, SeccompData { nr: 0xffff, ..d }];
    for k in (0..64).step_by(4) {
        let p = a(&format!("ld [{k}]\nret a\n"));
        let v = verify::check(&p).unwrap();
        let got = o.run(&p, &inputs).unwrap();
        for (d, g) in inputs.iter().zip(&got) {
            assert_eq!(
                *g,
                KernelRet::Ret(vm::run(&v, d).ret.raw()),
                "ld [{k}] on {d:?}"
            );
        }
    }
    let big = arch == S390X;
    let hi16 = o.run(&a("ld [16]\nret a\n"), &[d]).unwrap();
    assert_eq!(
        hi16,
        vec![KernelRet::Ret(if big { 0x1122_3344 } else { 0x5566_7788 })],
        "the kernel's ld [16] must be the {} half of args[0]",
        if big { "high" } else { "low" }
    );
    // Inputs this guest cannot produce are reported, not guessed.
    let bad_ip = SeccompData {
        instruction_pointer: ip + 1,
        ..d
    };
    let compat = SeccompData { arch: X86_64, ..d };
    for r in o.run(&a("ret #0\n"), &[bad_ip, compat]).unwrap() {
        assert!(matches!(r, KernelRet::Unaskable(_)), "{r:?}");
    }
    if big {
        let wide = SeccompData { nr: 0x1_0000, ..d };
        assert!(matches!(
            o.run(&a("ret #0\n"), &[wide]).unwrap()[0],
            KernelRet::Unaskable(_)
        ));
    }
    // A stack's outcome: the older filter (behind the install guard, which must let this
    // arch's seccomp(2) through) traps getpid with data 7, the newer one allows it.
    let getpid = campaign::getpid_nr(arch);
    let trap = a(&format!(
        "ld [0]\njeq #{getpid}, t\nret #0x7fff0000\nt: ret #0x30007\n"
    ));
    let allow = a("ret #0x7fff0000\n");
    let g = SeccompData { nr: getpid, ..d };
    assert_eq!(
        o.outcome(&[&trap, &allow], &g).unwrap(),
        secbpf::kernel::Observed::Trapped(7)
    );
    // The newest filter of a stack runs as given (no rewrite, so no gate), here killing
    // every syscall but getpid: the agent may make no syscall of its own between
    // installing it and the test call.
    let only_getpid = a(&format!(
        "ld [0]\njeq #{getpid}, ok\nret #0\nok: ret #0x7fff0000\n"
    ));
    let got = o.outcome(&[&allow, &only_getpid], &g).unwrap();
    assert!(
        matches!(got, secbpf::kernel::Observed::Returned(pid) if pid > 0),
        "getpid under a filter that kills all else: {got:?}"
    );

    let sm = bounded_campaign(o, programs, 0x05ec_bf11);
    assert_eq!(sm.programs, programs);
    assert!(
        sm.inputs > programs * 4,
        "only {} inputs compared",
        sm.inputs
    );
    assert!(sm.disagreements.is_empty(), "{:#?}", sm.disagreements);
}

/// Debian 12's 6.1 on s390x: big-endian seccomp_data, 16-bit syscall numbers.
#[test]
fn debian_6_1_s390x_agrees_big_endian() {
    if let Some(o) = guest("debian-6.1-s390x", None) {
        c_agent_checks(&o, S390X, "s390x", IP, 200);
    }
}

/// Debian 12's 6.1 cloud kernel on arm64 (instructions 4-byte aligned: ips end in 4).
#[test]
fn debian_6_1_arm64_agrees() {
    if let Some(o) = guest("debian-6.1-arm64", None) {
        c_agent_checks(&o, AARCH64, "aarch64", IP + 2, 100);
    }
}

const ARM: u32 = 0x4000_0028;

/// Arm32 (compat) inputs on Debian 12's 6.1 arm64 kernel, asked of the compat agent
/// (`CACHE/agents/secbpf-arm`, the C agent built for 32-bit ARM) through the arm64
/// agent: every word against secbpf's `run`, which lays AUDIT_ARCH_ARM data out
/// little-endian with the kernel's zero-extension of the 32-bit registers (`ld [20]` of
/// args[0] = 0x80000001 is 0), inputs no arm32 task can produce reported as such, a stack's
/// outcome behind arm's seccomp(2) guard, and a campaign with arm32 inputs.
#[test]
fn debian_6_1_arm64_compat_arm32_agrees() {
    let Some(o) = guest("debian-6.1-arm64", None) else {
        return;
    };
    if vmhost::find_compat_agent(vmhost::GuestArch::Arm64, &cache()).is_none() {
        skip("no compat agent secbpf-arm in the cache (scripts/vm-setup --all-arches)".into());
        return;
    }
    let (hello, _) = o.start().unwrap();
    assert_eq!(hello["machine"], "aarch64");
    assert_eq!(hello["compat"]["machine"], "arm", "{hello}");
    assert_eq!(hello["compat"]["gate"], hello["gate"]);
    assert_eq!(o.gen_config(8).arches, vec![AARCH64, ARM]);

    let d = SeccompData {
        nr: 20,
        arch: ARM,
        instruction_pointer: IP + 2,
        args: [
            0x8000_0001,
            0xffff_fffe,
            0x1234_5678,
            0,
            0x7fff_ffff,
            0xdead_beef,
        ],
    };
    let native = SeccompData {
        arch: AARCH64,
        nr: 172,
        args: [0x1122_3344_5566_7788, 1 << 32, u64::MAX, 1, 2, 3],
        ..d
    };
    // Native and compat inputs in one request, numbers the arm syscall table lacks, and
    // an ip that is 2 mod 4 (after a Thumb svc, which the agent makes in Thumb state).
    let inputs = [
        d,
        native,
        SeccompData {
            instruction_pointer: IP,
            nr: 0x8000_0014,
            ..d
        },
        SeccompData { nr: 0xffff, ..d },
        SeccompData {
            nr: 400,
            instruction_pointer: 0x8000_0004,
            ..d
        },
    ];
    for k in (0..64).step_by(4) {
        let p = a(&format!("ld [{k}]\nret a\n"));
        let v = verify::check(&p).unwrap();
        let got = o.run(&p, &inputs).unwrap();
        for (d, g) in inputs.iter().zip(&got) {
            assert_eq!(
                *g,
                KernelRet::Ret(vm::run(&v, d).ret.raw()),
                "ld [{k}] on {d:?}"
            );
        }
    }
    // A filter that kills every other syscall: the 32-bit agent's cache flush (a syscall
    // there, made from the gate) must not be one the filter sees.
    let p = a("ld [0]\njeq #20, ok\ndiv x\nok: ret #5\n");
    let v = verify::check(&p).unwrap();
    let other = SeccompData { nr: 21, ..d };
    let got = o.run(&p, &[d, other]).unwrap();
    assert_eq!(got, vec![KernelRet::Ret(5), KernelRet::Ret(0)]);
    assert_eq!(got[0], KernelRet::Ret(vm::run(&v, &d).ret.raw()));
    let words = |src: &str| o.run(&a(src), &[d]).unwrap();
    assert_eq!(words("ld [4]\nret a\n"), vec![KernelRet::Ret(ARM)]);
    assert_eq!(words("ld [16]\nret a\n"), vec![KernelRet::Ret(0x8000_0001)]);
    assert_eq!(
        words("ld [20]\nret a\n"),
        vec![KernelRet::Ret(0)],
        "a compat task's args are zero-extended"
    );
    assert_eq!(words("ld [8]\nret a\n"), vec![KernelRet::Ret(0x0c0d_e004)]);
    // After a Thumb svc (2 bytes) the ip is the address after it, as after an ARM one.
    let thumb = SeccompData {
        instruction_pointer: IP,
        ..d
    };
    assert_eq!(
        o.run(&a("ld [8]\nret a\n"), &[thumb]).unwrap(),
        vec![KernelRet::Ret(0x0c0d_e002)]
    );
    assert_eq!(
        o.outcome(
            &[
                &a("ret #0x7fff0000\n"),
                &a("ld [8]\njeq #0x0c0de002, t\nret #0\nt: ret #0x30009\n")
            ],
            &thumb
        )
        .unwrap(),
        secbpf::kernel::Observed::Trapped(9),
        "a stack's outcome from a Thumb svc"
    );
    // Inputs no arm32 task produces are reported, not guessed.
    let wide_arg = SeccompData {
        args: [1 << 32, 0, 0, 0, 0, 0],
        ..d
    };
    let wide_ip = SeccompData {
        instruction_pointer: 0x1_0000_0004,
        ..d
    };
    let odd_ip = SeccompData {
        instruction_pointer: IP + 1,
        ..d
    };
    for r in o.run(&a("ret #0\n"), &[wide_arg, wide_ip, odd_ip]).unwrap() {
        assert!(matches!(r, KernelRet::Unaskable(_)), "{r:?}");
    }
    // A stack's outcome from the compat agent: the older filter (behind a guard letting
    // arm's seccomp(2), 383, through) traps getpid (20) with data 7.
    let trap = a("ld [0]\njeq #20, t\nret #0x7fff0000\nt: ret #0x30007\n");
    let allow = a("ret #0x7fff0000\n");
    assert_eq!(
        o.outcome(&[&trap, &allow], &d).unwrap(),
        secbpf::kernel::Observed::Trapped(7)
    );
    // The newest filter of a stack runs as given (no rewrite, so no gate), here killing
    // every syscall but getpid: the compat agent's cache flush, a syscall on arm32, is made
    // before any filter is installed. (The seed-201 campaign's program 888 found it: the
    // flush was killed and the outcome reported as SIGSYS.)
    let only_getpid = a("ld [0]\njeq #20, ok\nret #0\nok: ret #0x7fff0000\n");
    let got = o.outcome(&[&allow, &only_getpid], &d).unwrap();
    assert!(
        matches!(got, secbpf::kernel::Observed::Returned(pid) if pid > 0),
        "getpid under a filter that kills all else: {got:?}"
    );

    let programs = 300;
    let sm = bounded_campaign(&o, programs, 0x0a32_0001);
    assert_eq!(sm.programs, programs);
    eprintln!(
        "arm64 + arm32 campaign: {} programs, {} inputs compared, {} skipped",
        sm.programs, sm.inputs, sm.skipped
    );
    assert!(
        sm.inputs > programs * 4,
        "only {} inputs compared",
        sm.inputs
    );
    assert!(sm.disagreements.is_empty(), "{:#?}", sm.disagreements);
}

/// The C agent built for this machine with `cc` and run here, no VM: its answers through
/// the host side (`kernel::cagent`: rewrite and decoding) must be the host oracle's, on
/// the running kernel; and a hung or dead agent is reported and started again.
#[test]
fn c_agent_answers_as_the_host_oracle_on_the_running_kernel() {
    if let Err(why) = secbpf::kernel::available() {
        eprintln!("skipping: the running kernel cannot be asked: {why}");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let bin = dir.join("secbpf-agent-host");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let built = std::process::Command::new(&cc)
        .args(["-O2", "-Wall", "-Wextra", "-Werror", "-mno-red-zone", "-o"])
        .arg(&bin)
        .arg("agent/secbpf-agent.c")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status();
    match built {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("{cc} failed to build agent/secbpf-agent.c ({s})"),
        Err(e) => {
            eprintln!("skipping: no C compiler ({cc}: {e})");
            return;
        }
    }
    let img = vmhost::Image {
        name: "local".into(),
        arch: vmhost::GuestArch::X86_64,
        package: String::new(),
        version: String::new(),
        kernel: bin.clone(),
    };
    let mut opts = BootOptions::new(dir.join("local-agent"));
    opts.agent = Some(bin);
    opts.local = true;
    opts.answer_timeout = Duration::from_secs(20);
    let o = VmOracle::new(img, opts);
    assert!(o.c_agent());

    // Exact values of every word and of a filter with every action, as the host oracle.
    let d = data(
        X86_64,
        39,
        [0x1122_3344_5566_7788, 0, u64::MAX, 1 << 32, 7, 0x8000_0000],
    );
    let small = a(&std::fs::read_to_string("tests/cli/small.s").unwrap());
    let mut progs = vec![small, a("ld [0]\njgt #100, k\nret a\nk: div x\nret a\n")];
    for k in (0..64).step_by(4) {
        progs.push(a(&format!("ld [{k}]\nret a\n")));
    }
    let inputs = [
        d,
        SeccompData { nr: 0, ..d },
        SeccompData { nr: 200, ..d },
        SeccompData {
            instruction_pointer: 0x7000_dead_b002,
            ..d
        },
    ];
    for p in &progs {
        assert_eq!(
            o.run(p, &inputs).unwrap(),
            secbpf::kernel::run(p, &inputs).unwrap(),
            "{p:?}"
        );
    }
    let refused = vec![Insn::new(0x20, 0, 0, 0), Insn::new(0x0e, 0, 0, 0)];
    assert_eq!(
        o.accept_with(&[&refused], 0, true, false, false).unwrap(),
        vec![Err(libc::EINVAL)]
    );

    // A campaign through the same host side: no disagreement.
    let sm = bounded_campaign(&o, 400, 0x05ec_bf11);
    assert_eq!(sm.programs, 400);
    assert!(sm.inputs > 1600, "only {} inputs compared", sm.inputs);
    assert!(sm.disagreements.is_empty(), "{:#?}", sm.disagreements);

    // Hung, then dead: each reported, and the next question starts a new agent.
    let boots = o.boots();
    let ok = a("ret #0x7fff0000\n");
    let e = o.raw_bin(&cagent::sleep_req(600)).unwrap_err().to_string();
    assert!(e.contains("no answer within 20s"), "{e}");
    assert_eq!(
        o.accept_with(&[&ok], 0, true, false, false).unwrap(),
        vec![Ok(())]
    );
    assert_eq!(o.boots(), boots + 1);
    let e = o.raw_bin(&cagent::exit_req(3)).unwrap_err().to_string();
    assert!(e.contains("closed the line"), "{e}");
    assert_eq!(
        o.accept_with(&[&ok], 0, true, false, false).unwrap(),
        vec![Ok(())]
    );
    assert_eq!(o.boots(), boots + 2);
    // The agent's own errors are answers: it stays.
    let e = o.raw_bin(b"?").unwrap_err().to_string();
    assert!(e.contains("unknown op"), "{e}");
    assert_eq!(o.boots(), boots + 2);
}
