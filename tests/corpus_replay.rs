//! The captured real-world filters of `corpus/` (corpus/capture.sh) against answers
//! recorded from the live kernel, without needing a kernel:
//!
//! * `corpus/answers/NAME.jsonl`: the kernel's verdict on the filter and, for x86_64
//!   filters, the exact 32-bit value the kernel's filter returned on a few hundred inputs
//!   derived from the filter's constants. secbpf's checker and `vm::run` must give the
//!   same answers.
//! * `corpus/disasm/NAME.s`: a golden listing per filter (`BLESS=1` rewrites them).
//! * Filters for other arches (`corpus/cross/`, in their arch's byte order) are also
//!   checked against what their policy (the OCI profile) says.
//!
//! Recording (needs a Linux x86_64 kernel with seccomp; rewrites corpus/answers/):
//! `SECBPF_RECORD=1 cargo test --release --test corpus_replay recorded_corpus_answers`
//!
//! The live `secbpf dump` tests at the end need root (CAP_SYS_ADMIN) and seccomp; they
//! skip without them unless `SECBPF_REQUIRE_KERNEL=1`.

use secbpf::seccomp::data::SeccompData;
use secbpf::{Endian, Insn};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
const AUDIT_ARCH_I386: u32 = 0x4000_0003;
const AUDIT_ARCH_AARCH64: u32 = 0xc000_00b7;
const AUDIT_ARCH_S390X: u32 = 0x8000_0016;
/// Where the oracle places its test syscall (a mappable user address).
const IP: u64 = 0xc0d_e002;
const RECORD_CMD: &str =
    "SECBPF_RECORD=1 cargo test --release --test corpus_replay recorded_corpus_answers";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A captured filter: its name (file stem), path, byte order.
struct Captured {
    name: String,
    path: PathBuf,
    endian: Endian,
    native: bool,
}

/// The filters capture.sh wrote (those listed in corpus/capture.tsv).
fn captured() -> Vec<Captured> {
    let tsv = std::fs::read_to_string(root().join("corpus/capture.tsv")).unwrap();
    let mut out = Vec::new();
    for line in tsv.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (name, arch, endian) = (f[0], f[3], f[4]);
        out.push(Captured {
            name: name.rsplit('/').next().unwrap().to_owned(),
            path: root().join("corpus").join(format!("{name}.bpf")),
            endian: if endian == "big" {
                Endian::Big
            } else {
                Endian::Little
            },
            native: arch == "x86_64",
        });
    }
    assert!(out.len() >= 10, "corpus/capture.tsv lists too few filters");
    out
}

fn decode(path: &Path, endian: Endian) -> Vec<Insn> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(bytes.len() % 8, 0, "{}: not whole records", path.display());
    bytes
        .chunks_exact(8)
        .map(|c| Insn::from_bytes(c.try_into().unwrap(), endian))
        .collect()
}

/// Inputs derived from a filter's constants: every jump constant as nr and as each
/// argument's low and high word, one off, with high bits set; x86_64 and i386.
/// Deterministic (a fixed LCG), at most `max` inputs.
fn derived_inputs(prog: &[Insn], max: usize) -> Vec<SeccompData> {
    let mut ks: Vec<u32> = prog
        .iter()
        .filter(|i| i.code & 0x07 == 0x05 && i.code & 0x08 == 0 && i.code & 0xf0 != 0)
        .map(|i| i.k)
        .collect();
    ks.extend([0, 1, 0x7fff_ffff, 0xffff_ffff, 0x4000_0000]);
    ks.sort_unstable();
    ks.dedup();
    let mut vals: Vec<u32> = Vec::new();
    for &k in &ks {
        vals.extend([k, k.wrapping_add(1), k.wrapping_sub(1)]);
    }
    vals.sort_unstable();
    vals.dedup();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ prog.len() as u64;
    let mut rnd = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let mut out = Vec::new();
    let ok_nr = |arch: u32, nr: u32| !(arch == AUDIT_ARCH_X86_64 && (nr == 335 || nr == 336));
    // Every constant as nr, on x86_64 (and the small ones on i386).
    for &v in &vals {
        for arch in [AUDIT_ARCH_X86_64, AUDIT_ARCH_I386] {
            if ok_nr(arch, v) && (arch == AUDIT_ARCH_X86_64 || v < 512) {
                out.push(SeccompData {
                    nr: v,
                    arch,
                    instruction_pointer: IP,
                    args: [0; 6],
                });
            }
        }
    }
    // Random nr from the constants, arguments from the constants.
    while out.len() < max {
        let arch = if rnd() % 4 == 0 {
            AUDIT_ARCH_I386
        } else {
            AUDIT_ARCH_X86_64
        };
        let nr = vals[rnd() % vals.len()];
        if !ok_nr(arch, nr) {
            continue;
        }
        let mut args = [0u64; 6];
        for a in &mut args {
            let v = u64::from(vals[rnd() % vals.len()]);
            *a = match rnd() % 4 {
                0 => v,
                1 => v << 32,
                2 => v | 0xffff_ffff_0000_0000,
                _ => 0,
            };
        }
        out.push(SeccompData {
            nr,
            arch,
            instruction_pointer: IP,
            args,
        });
    }
    out.truncate(max);
    out
}

fn errno_name(e: i32) -> String {
    secbpf::errno::name(e as u32)
        .map(str::to_owned)
        .unwrap_or_else(|| e.to_string())
}

/// Ask the live kernel again for every captured filter and compare with the answers
/// recorded in corpus/answers/ (with SECBPF_RECORD=1: record them anew). Without seccomp
/// this skips, unless SECBPF_REQUIRE_KERNEL=1.
#[test]
fn recorded_corpus_answers_are_the_live_kernels() {
    let record = std::env::var_os("SECBPF_RECORD").is_some();
    if let Err(why) = secbpf::kernel::available() {
        if record || std::env::var("SECBPF_REQUIRE_KERNEL").as_deref() == Ok("1") {
            panic!("the live kernel cannot be asked: {why}");
        }
        eprintln!("skipping: the live kernel cannot be asked: {why}");
        return;
    }
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .unwrap()
        .trim()
        .to_owned();
    let dir = root().join("corpus/answers");
    std::fs::create_dir_all(&dir).unwrap();
    for c in captured() {
        let prog = decode(&c.path, c.endian);
        let verdict = secbpf::kernel::accept(&[&prog], &secbpf::verify::InstallOptions::default())
            .unwrap()[0]
            .map_or_else(errno_name, |()| "accepted".to_owned());
        let mut lines = vec![json!({
            "filter": c.path.strip_prefix(root()).unwrap().display().to_string(),
            "endian": c.endian.name(),
            "insns": prog.len(),
            "verdict": verdict,
            "recorded_with": RECORD_CMD,
            "kernel_release": release,
            "note": if c.native { "results: the exact value the kernel's filter returned (secbpf::kernel::run)" }
                    else { "verdict only: this kernel cannot run another arch's filter on that arch's data" },
        })
        .to_string()];
        if c.native && verdict == "accepted" {
            let inputs = derived_inputs(&prog, 300);
            let rets = secbpf::kernel::run(&prog, &inputs).unwrap();
            for (d, r) in inputs.iter().zip(rets) {
                let secbpf::kernel::KernelRet::Ret(ret) = r else {
                    panic!("{}: the kernel could not answer {d:?}: {r:?}", c.name);
                };
                lines.push(
                    json!({"arch": d.arch, "nr": d.nr, "ip": d.instruction_pointer, "args": d.args, "ret": ret})
                        .to_string(),
                );
            }
        }
        let path = dir.join(format!("{}.jsonl", c.name));
        if record {
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
            eprintln!("{}: {verdict}, {} results", c.name, lines.len() - 1);
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (record with {RECORD_CMD})", path.display()));
        let recorded: Vec<&str> = text.lines().collect();
        let head: Value = serde_json::from_str(recorded[0]).unwrap();
        assert_eq!(
            head["verdict"],
            json!(verdict),
            "{}: the kernel's verdict changed",
            c.name
        );
        assert_eq!(recorded.len(), lines.len(), "{}", c.name);
        for (want, got) in recorded[1..].iter().zip(&lines[1..]) {
            assert_eq!(want, got, "{}: the kernel's answer changed", c.name);
        }
    }
}

/// secbpf's checker and interpreter give the answers the kernel gave.
#[test]
fn replay_recorded_kernel_answers() {
    let mut results = 0;
    let mut filters = 0;
    for c in captured() {
        let path = root().join(format!("corpus/answers/{}.jsonl", c.name));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (record with {RECORD_CMD})", path.display()));
        let mut lines = text.lines();
        let head: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
        let prog = decode(&c.path, c.endian);
        assert_eq!(head["insns"], json!(prog.len()), "{}", c.name);
        let checked = secbpf::verify::check(&prog);
        let ours = match &checked {
            Ok(_) => "accepted".to_owned(),
            Err(e) => e.errno_name().to_owned(),
        };
        assert_eq!(
            json!(ours),
            head["verdict"],
            "{}: secbpf's verdict differs from the kernel's",
            c.name
        );
        filters += 1;
        let Ok(v) = checked else { continue };
        let mut n = 0;
        for line in lines {
            let r: Value = serde_json::from_str(line).unwrap();
            let args: Vec<u64> = serde_json::from_value(r["args"].clone()).unwrap();
            let d = SeccompData {
                arch: r["arch"].as_u64().unwrap() as u32,
                nr: r["nr"].as_u64().unwrap() as u32,
                instruction_pointer: r["ip"].as_u64().unwrap(),
                args: args.try_into().unwrap(),
            };
            let want = r["ret"].as_u64().unwrap() as u32;
            assert_eq!(
                secbpf::vm::run(&v, &d).ret.raw(),
                want,
                "{}: input {d:?}: kernel returned {want:#x}",
                c.name
            );
            n += 1;
        }
        if c.native {
            assert!(n >= 200, "{}: only {n} recorded results", c.name);
        }
        results += n;
    }
    assert!(
        filters >= 10 && results >= 3000,
        "{filters} filters, {results} results"
    );
}

/// A golden listing per captured filter.
#[test]
fn golden_disassembly() {
    let bless = std::env::var_os("BLESS").is_some();
    let dir = root().join("corpus/disasm");
    let mut stale = Vec::new();
    for c in captured() {
        let prog = decode(&c.path, c.endian);
        let got = secbpf::disasm::disassemble(&prog, &secbpf::disasm::DisasmOptions::default());
        // The listing assembles back into the same program.
        assert_eq!(
            secbpf::asm::assemble(&got).unwrap(),
            prog,
            "{}: listing does not round-trip",
            c.name
        );
        let path = dir.join(format!("{}.s", c.name));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            _ => stale.push(path.display().to_string()),
        }
    }
    assert!(
        stale.is_empty(),
        "listings differ (BLESS=1 cargo test --test corpus_replay rewrites them): {stale:?}"
    );
}

fn run_arch(prog: &[Insn], arch: u32, name: &str, args: [u64; 6]) -> u32 {
    let a = secbpf::seccomp::Arch::by_audit(arch).unwrap();
    let nr = a
        .syscall_nr(name)
        .unwrap_or_else(|| panic!("{name} on {arch:#x}"));
    let v = secbpf::verify::check(prog).unwrap();
    secbpf::vm::run(
        &v,
        &SeccompData {
            nr,
            arch,
            instruction_pointer: IP,
            args,
        },
    )
    .ret
    .raw()
}

/// The cross-arch profiles do what the OCI profiles say, on their own arch's data: the
/// unconditional allow list, personality only for the listed personas, the
/// capability-gated syscalls refused with EPERM, anything else the default action
/// (podman: ERRNO(ENOSYS), Docker: ERRNO(EPERM)), another arch killed (libseccomp's
/// default bad-arch action, KILL_THREAD).
#[test]
fn cross_arch_profiles_follow_their_policy() {
    const ALLOW: u32 = 0x7fff_0000;
    let actions = [ALLOW, 0, 0x0005_0001, 0x0005_0016, 0x0005_0026];
    for (file, audit, endian, default) in [
        (
            "podman-aarch64",
            AUDIT_ARCH_AARCH64,
            Endian::Little,
            0x0005_0026,
        ),
        ("podman-s390x", AUDIT_ARCH_S390X, Endian::Big, 0x0005_0026),
        (
            "docker-aarch64",
            AUDIT_ARCH_AARCH64,
            Endian::Little,
            0x0005_0001,
        ),
        ("docker-s390x", AUDIT_ARCH_S390X, Endian::Big, 0x0005_0001),
    ] {
        let raw = decode(&root().join(format!("corpus/cross/{file}.bpf")), endian);
        // libseccomp 2.5.4 running on x86_64 writes some `ret` operands of a big-endian
        // filter in host (little-endian) byte order (MANIFEST.md, "cross-endian export").
        // Those returns are wrong as the s390x kernel reads them; the policy is checked on
        // the program with exactly those operands swapped back, and the raw program is
        // checked to return the swapped values (what an s390x kernel would do with it).
        let swapped = |i: &Insn| {
            i.code == 0x06 && !actions.contains(&i.k) && actions.contains(&i.k.swap_bytes())
        };
        let prog: Vec<Insn> = raw
            .iter()
            .map(|i| {
                let mut j = *i;
                if swapped(i) {
                    j.k = i.k.swap_bytes();
                }
                j
            })
            .collect();
        let n_swapped = raw.iter().filter(|i| swapped(i)).count();
        assert_eq!(
            n_swapped > 0,
            endian == Endian::Big,
            "{file}: {n_swapped} ret operands in the wrong byte order"
        );
        if endian == Endian::Big {
            let bad = |name| run_arch(&raw, audit, name, [0; 6]);
            assert_eq!(
                bad("read"),
                ALLOW.swap_bytes(),
                "{file}: raw libseccomp output"
            );
        }
        let r = |name, args| run_arch(&prog, audit, name, args);
        let z = [0u64; 6];
        for name in [
            "read",
            "write",
            "openat",
            "getpid",
            "execve",
            "futex",
            "exit_group",
        ] {
            assert_eq!(r(name, z), ALLOW, "{file}: {name}");
        }
        assert_eq!(r("personality", [8, 0, 0, 0, 0, 0]), ALLOW, "{file}");
        assert_eq!(r("personality", [0xffff_ffff, 0, 0, 0, 0, 0]), ALLOW);
        assert_ne!(r("personality", [1, 0, 0, 0, 0, 0]), ALLOW, "{file}");
        for name in ["init_module", "bpf", "acct", "kexec_load"] {
            let got = r(name, z);
            assert!(
                got == 0x0005_0001 || got == default,
                "{file}: {name} -> {got:#x}"
            );
        }
        // A syscall number no profile knows.
        let v = secbpf::verify::check(&prog).unwrap();
        let unknown = SeccompData {
            nr: 0xffff,
            arch: audit,
            instruction_pointer: IP,
            args: z,
        };
        assert_eq!(secbpf::vm::run(&v, &unknown).ret.raw(), default, "{file}");
        let x86 = SeccompData {
            nr: 0,
            arch: AUDIT_ARCH_X86_64,
            instruction_pointer: IP,
            args: z,
        };
        assert_eq!(secbpf::vm::run(&v, &x86).ret.raw(), 0, "{file}: bad arch");
    }
}

/// Every captured file's MANIFEST entry has its instruction count and sha256.
#[test]
fn manifest_lists_every_captured_filter() {
    let manifest = std::fs::read_to_string(root().join("corpus/MANIFEST.md")).unwrap();
    for c in captured() {
        let rel = c.path.strip_prefix(root().join("corpus")).unwrap();
        let heading = format!("## `{}`", rel.display());
        let at = manifest
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} missing"));
        let section = &manifest[at..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
        let prog = decode(&c.path, c.endian);
        assert!(section.contains(&format!("- **instructions**: {}\n", prog.len())));
        let bytes = std::fs::read(&c.path).unwrap();
        let sha = sha256_hex(&bytes);
        assert!(section.contains(&sha), "{}: sha256 {sha}", c.name);
    }
}

/// A small SHA-256 (FIPS 180-4), to check the MANIFEST's digests without a dependency.
fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes(block[i * 4..i * 4 + 4].try_into().unwrap());
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

// ---- secbpf dump on live processes -------------------------------------------------

/// Whether the live dump tests can run here (root and seccomp); panics instead of
/// skipping under SECBPF_REQUIRE_KERNEL=1.
fn can_dump() -> bool {
    // The effective uid, from /proc.
    let root = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("Uid:")
                    .map(|v| v.split_whitespace().nth(1) == Some("0"))
            })
        })
        .unwrap_or(false);
    let why = if !root {
        Some("not root (PTRACE_SECCOMP_GET_FILTER needs CAP_SYS_ADMIN)".to_owned())
    } else {
        secbpf::kernel::available().err()
    };
    match why {
        None => true,
        Some(w) if std::env::var_os("SECBPF_REQUIRE_KERNEL").is_some() => {
            panic!("SECBPF_REQUIRE_KERNEL=1 but dump cannot run: {w}")
        }
        Some(w) => {
            eprintln!("skipping: {w}");
            false
        }
    }
}

fn exe() -> &'static str {
    env!("CARGO_BIN_EXE_secbpf")
}

fn corpus_file(name: &str) -> String {
    root().join("corpus").join(name).display().to_string()
}

/// `dump_command` reads a stack installed by `secbpf exec` in install order (index 0 =
/// oldest), byte for byte.
#[test]
fn dump_command_reads_a_stack_in_install_order() {
    if !can_dump() {
        return;
    }
    use secbpf::kernel::dump::{dump_command, CommandOptions};
    let (a, b) = ("libseccomp-container.bpf", "docker-x86_64.bpf");
    let argv: Vec<std::ffi::OsString> = [
        exe(),
        "exec",
        "--filter",
        &corpus_file(a),
        "--filter",
        &corpus_file(b),
        "--",
        "/bin/true",
    ]
    .iter()
    .map(Into::into)
    .collect();
    let d = dump_command(&argv, &CommandOptions::default()).unwrap();
    assert_eq!(d.installs, 2);
    assert_eq!(d.ended, secbpf::kernel::dump::CommandEnd::Exited(0));
    let want = vec![
        decode(&root().join("corpus").join(a), Endian::Little),
        decode(&root().join("corpus").join(b), Endian::Little),
    ];
    assert_eq!(d.distinct_filters(), want);
    assert_eq!(d.tasks.last().unwrap().filters, want);
}

/// `dump_pid` reads a running process's filter and leaves it running; its errors say why.
#[test]
fn dump_pid_reads_a_live_process_and_explains_failures() {
    if !can_dump() {
        return;
    }
    use secbpf::kernel::dump::dump_pid;
    let f = corpus_file("libseccomp-container.bpf");
    let mut child = std::process::Command::new(exe())
        .args(["exec", "--filter", &f, "--", "sleep", "20"])
        .spawn()
        .unwrap();
    let pid = child.id() as i32;
    // Wait until the filter is in place (exec of sleep done).
    let t0 = std::time::Instant::now();
    while std::fs::read_link(format!("/proc/{pid}/exe"))
        .map(|p| !p.ends_with("sleep"))
        .unwrap_or(true)
    {
        assert!(t0.elapsed().as_secs() < 10, "sleep did not start");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let chain = dump_pid(pid).unwrap();
    assert_eq!(chain, vec![decode(Path::new(&f), Endian::Little)]);
    // Still alive and not traced after the dump.
    assert!(child.try_wait().unwrap().is_none());
    let tracer = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    assert!(tracer.contains("TracerPid:\t0"));
    child.kill().unwrap();
    child.wait().unwrap();

    // A process without filters: EINVAL, said in words.
    let mut plain = std::process::Command::new("sleep")
        .arg("20")
        .spawn()
        .unwrap();
    let e = dump_pid(plain.id() as i32).unwrap_err();
    plain.kill().unwrap();
    plain.wait().unwrap();
    assert_eq!(e.os_errno(), Some(libc_einval()));
    assert!(e.to_string().contains("not in seccomp filter mode"), "{e}");
    // No such process.
    let e = dump_pid(0x3fff_fff0).unwrap_err();
    assert!(e.to_string().contains("no such process"), "{e}");
}

fn libc_einval() -> i32 {
    22
}

/// The CLI: `-o DIR` writes 0.bpf (oldest), 1.bpf; `--json` lists them.
#[test]
fn dump_cli_writes_files_and_json() {
    if !can_dump() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("secbpf-dump-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = std::process::Command::new(exe())
        .args(["dump", "--json", "-o"])
        .arg(&dir)
        .args(["--", exe(), "exec", "--filter"])
        .arg(corpus_file("qemu.bpf"))
        .args(["--filter"])
        .arg(corpus_file("libseccomp-container.bpf"))
        .args(["--", "/bin/true"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["filters"][0]["insns"], json!(27));
    assert_eq!(v["filters"][1]["insns"], json!(979));
    assert_eq!(
        std::fs::read(dir.join("0.bpf")).unwrap(),
        std::fs::read(corpus_file("qemu.bpf")).unwrap()
    );
    assert_eq!(
        std::fs::read(dir.join("1.bpf")).unwrap(),
        std::fs::read(corpus_file("libseccomp-container.bpf")).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
