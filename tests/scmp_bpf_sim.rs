//! `secbpf scmp-bpf-sim` and `secbpf` run as `scmp_bpf_sim` against outputs recorded from
//! libseccomp 2.5.4's own `tools/scmp_bpf_sim`.
//!
//! The cases and their expected stdout, stderr and exit status are in
//! `tests/conformance/scmp_bpf_sim.golden.jsonl`. They were produced by running the real
//! tool, built from Debian 12's `apt-get source libseccomp` (2.5.4-1+deb12u1) by
//! `tests/conformance/libseccomp.sh` (kept as `tools/scmp_bpf_sim.libseccomp`), on the
//! filter files this test writes, with argv[0] `scmp_bpf_sim`:
//!
//! ```sh
//! cargo test --test scmp_bpf_sim      # writes the filters to target/tmp/scmp_bpf_sim/
//! python3 tests/conformance/record-scmp-bpf-sim.py \
//!     target/conformance/libseccomp/libseccomp-2.5.4/tools/scmp_bpf_sim.libseccomp
//! ```
//!
//! `@name` in a case's arguments is the path of `name.bpf` in that directory. None of the
//! expected values was written by hand.

use secbpf::{asm, Endian};
use serde_json::Value;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const GOLDEN: &str = include_str!("conformance/scmp_bpf_sim.golden.jsonl");

/// Every action the tool prints, and two it refuses (USER_NOTIF and an unknown one).
const ACTIONS: &str = "
    ld [0]
    jeq #0, allow
    jeq #1, kill
    jeq #2, kill_process
    jeq #3, trap
    jeq #4, errno
    jeq #5, trace
    jeq #6, log
    jeq #7, notif
    jeq #8, unknown
    jeq #9, errno0
    ret #0x7fff0000
allow: ret #0x7fff0000
kill: ret #0x0000002a
kill_process: ret #0x80000001
trap: ret #0x00030007
errno: ret #0x0005ffff
trace: ret #0x7ff01234
log: ret #0x7ffc0000
notif: ret #0x7fc00000
unknown: ret #0x12340000
errno0: ret #0x00050000
";

/// Checks the arch, then which word of args[0] holds 1: `[16]` is the high half on
/// big-endian arches and the low half on little-endian ones.
fn args_program(audit: u32) -> String {
    format!(
        "
    ld [4]
    jeq #{audit:#x}, ok
    ret #0x00050063
ok: ld [0]
    jeq #59, args
    ret #0x7fff0000
args: ld [16]
    jeq #1, first
    ld [20]
    jeq #1, second
    ret #0x7ffc0000
first: ret #0x00050001
second: ret #0x00050002
"
    )
}

fn assemble(src: &str, endian: Endian) -> Vec<u8> {
    let prog = asm::assemble(src).unwrap_or_else(|e| panic!("{e}\n{src}"));
    secbpf::insn::encode(&prog, endian)
}

/// The filter files the cases use, written once per test process (tests run in parallel
/// threads, and rewriting a file another test is reading would race).
fn files() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(write_files).clone()
}

fn write_files() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scmp_bpf_sim");
    std::fs::create_dir_all(&dir).unwrap();
    let le = Endian::Little;
    let allow = assemble("ret #0x7fff0000", le);
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("actions", assemble(ACTIONS, le)),
        ("args_x86_64", assemble(&args_program(0xc000_003e), le)),
        (
            "args_s390x",
            assemble(&args_program(0x8000_0016), Endian::Big),
        ),
        (
            "args_ppc64",
            assemble(&args_program(0x8000_0015), Endian::Big),
        ),
        // Programs the kernel would refuse, or with instructions the tool lacks.
        ("fall_off", assemble("ld [0]", le)),
        ("ld64", assemble("ld [64]\nret #0x7fff0000", le)),
        ("ld_imm", assemble("ld #5\nret #0x7fff0000", le)),
        (
            "dead_ld_imm",
            assemble("ja over\nld #5\nover: ret #0x7fff0000", le),
        ),
        (
            "unaligned",
            assemble(
                "ld [2]\njeq #0x3e0001, hit\nret #0x7fff0000\nhit: ret #0x50005",
                le,
            ),
        ),
        ("ret_a", assemble("ld [0]\nret a", le)),
        (
            "notif_late",
            assemble("ld [0]\njeq #1, n\nret #0x7fff0000\nn: ret #0x7fc00000", le),
        ),
        (
            "ja_wrap",
            assemble(".insn 0x05, 0, 0, 0xfffffffe\nret #0x7fff0000", le),
        ),
        (
            "jt_past_end",
            assemble(".insn 0x15, 9, 0, 0\nret #0x7fff0000", le),
        ),
        ("empty", Vec::new()),
        ("partial", [allow.clone(), b"abc".to_vec()].concat()),
        ("max_len", allow.repeat(4095)),
        ("too_long", allow.repeat(4096)),
        ("allow", allow),
    ];
    for name in ["libseccomp-small", "libseccomp-container"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(format!("{name}.bpf"));
        files.push((name, std::fs::read(path).unwrap()));
    }
    for (name, bytes) in files {
        std::fs::write(dir.join(format!("{name}.bpf")), bytes).unwrap();
    }
    dir
}

struct Case {
    args: Vec<String>,
    stdout: String,
    stderr: String,
    exit: i32,
}

fn cases() -> Vec<Case> {
    GOLDEN
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            Case {
                args: v["args"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect(),
                stdout: s("stdout"),
                stderr: s("stderr"),
                exit: v["exit"].as_i64().unwrap() as i32,
            }
        })
        .collect()
}

fn resolve(args: &[String], dir: &Path) -> Vec<String> {
    args.iter()
        .map(|a| match a.strip_prefix('@') {
            Some(name) => dir.join(format!("{name}.bpf")).display().to_string(),
            None => a.clone(),
        })
        .collect()
}

fn check(mut cmd: Command, case: &Case, prog: &str, failures: &mut Vec<String>) {
    let out = cmd.env_remove("POSIXLY_CORRECT").output().unwrap();
    let got = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    );
    let want = (
        case.stdout.clone(),
        case.stderr.replace("scmp_bpf_sim", prog),
        case.exit,
    );
    if got != want {
        failures.push(format!(
            "{prog} {:?}\n  want {want:?}\n  got  {got:?}",
            case.args
        ));
    }
}

#[test]
fn golden_cases_match_libseccomp_tool() {
    let dir = files();
    let bin = env!("CARGO_BIN_EXE_secbpf");
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let args = resolve(&case.args, &dir);
        // argv[0] mode: secbpf run under the tool's name.
        let mut c = Command::new(bin);
        c.arg0("scmp_bpf_sim").args(&args);
        check(c, case, "scmp_bpf_sim", &mut failures);
        // The subcommand: the same, with "secbpf scmp-bpf-sim" as the program name;
        // except a lone `--help`, which is secbpf's help there (the tool's usage error
        // in argv[0] mode).
        if case.args == ["--help"] {
            continue;
        }
        let mut c = Command::new(bin);
        c.arg0("secbpf").arg("scmp-bpf-sim").args(&args);
        check(c, case, "secbpf scmp-bpf-sim", &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs differ from libseccomp's scmp_bpf_sim:\n{}",
        failures.len(),
        2 * cases.len(),
        failures.join("\n")
    );
}

#[test]
fn symlink_named_scmp_bpf_sim() {
    let dir = files();
    let link = dir.join("bin").join("scmp_bpf_sim");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_secbpf"), &link).unwrap();
    let out = Command::new(&link)
        .args(["-a", "s390x", "-s", "59", "-0", "0x100000000", "-f"])
        .arg(dir.join("args_s390x.bpf"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ERRNO(1)\n");
    assert_eq!(out.status.code(), Some(0));
    // Usage names the program as invoked, as the tool does.
    let out = Command::new(&link).output().unwrap();
    let usage = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(usage.starts_with(&format!("usage: {} -f <bpf_file>", link.display())));
    assert_eq!(out.status.code(), Some(22));
}

#[test]
fn subcommand_help_is_secbpf_help() {
    let out = Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(["scmp-bpf-sim", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("scmp_bpf_sim"));
}

/// Every case the kernel path answers gives what the tool's own rules give: the two
/// interpreters in `bpfsim` agree wherever both apply.
#[test]
fn kernel_path_agrees_with_tool_rules() {
    use secbpf::seccomp::bpfsim::{load_program, simulate, simulate_tool, Engine};
    use secbpf::seccomp::SeccompData;
    let dir = files();
    let mut kernel_path = 0;
    for (name, audit) in [
        ("libseccomp-small", 0xc000_003e),
        ("libseccomp-container", 0xc000_003e),
        ("libseccomp-container", 0x4000_0003),
        ("actions", 0xc000_003e),
        ("args_s390x", 0x8000_0016),
        ("args_ppc64", 0x8000_0015),
    ] {
        let bytes = std::fs::read(dir.join(format!("{name}.bpf"))).unwrap();
        let prog = load_program(&bytes, audit).unwrap();
        for nr in (0..520).chain([0x4000_0000, 0x4000_0001, u32::MAX]) {
            for a0 in [0, 1, 0x1_0000_0000, u64::MAX] {
                let mut d = SeccompData::new(audit, nr);
                d.args = [a0, a0 >> 1, 0, 1, 2, a0];
                let (r, engine) = simulate(&prog, &d);
                if engine == Engine::Kernel {
                    kernel_path += 1;
                    let tool = simulate_tool(&prog, &d);
                    // The pc of a printable action is not reported, so compare results.
                    let strip = |r| match r {
                        secbpf::seccomp::bpfsim::SimResult::Ret { ret, .. } => Some(ret),
                        _ => None,
                    };
                    assert_eq!(strip(r), strip(tool), "{name} {d:?}");
                }
            }
        }
    }
    assert!(kernel_path > 10_000);
}

/// Documented deviation: a `ja` that wraps the pc back makes libseccomp's tool loop
/// forever; secbpf reports an error (ELOOP) instead.
#[test]
fn ja_wrapping_backwards_is_an_error_not_a_hang() {
    let dir = files();
    let path = dir.join("ja_loop.bpf");
    std::fs::write(
        &path,
        assemble(
            ".insn 0x05, 0, 0, 0xffffffff\nret #0x7fff0000",
            Endian::Little,
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(["scmp-bpf-sim", "-v", "-f"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("ERROR: errno = {}, line = 0\n", libc::ELOOP)
    );
    assert_eq!(out.status.code(), Some(8));
}
