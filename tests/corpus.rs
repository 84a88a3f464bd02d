//! The real-world filters of `corpus/`: secbpf must accept them (as Linux did, see
//! corpus/MANIFEST.md) and compute what the policy that produced them says.
//!
//! Expected values come from two independent sources:
//! * the policies written in `corpus/gen/libseccomp-profile.c` (the "POLICY" comments
//!   there), checked case by case below;
//! * libseccomp's own PFC rendering of the same rule database (`corpus/*.pfc`, written
//!   by `seccomp_export_pfc` next to the `seccomp_export_bpf` output), used as an
//!   oracle for sweeps over every syscall number 0..1024 (and the x32 range).

use std::collections::HashMap;
use std::path::PathBuf;

use secbpf::seccomp::data::SeccompData;
use secbpf::{Endian, Insn, VerifiedProgram};

const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
const AUDIT_ARCH_I386: u32 = 0x4000_0003;
const AUDIT_ARCH_AARCH64: u32 = 0xc000_00b7;
const X32_SYSCALL_BIT: u32 = 0x4000_0000;

const ALLOW: u32 = 0x7fff_0000;
const KILL_THREAD: u32 = 0x0000_0000;
const KILL_PROCESS: u32 = 0x8000_0000;
const fn errno(e: u32) -> u32 {
    0x0005_0000 | e
}
const EPERM: u32 = 1;
const EACCES: u32 = 13;
const ENOSYS: u32 = 38;

fn corpus_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

fn decode(name: &str) -> Vec<Insn> {
    let bytes = std::fs::read(corpus_path(name)).unwrap();
    assert_eq!(bytes.len() % 8, 0, "{name}: not a whole number of records");
    bytes
        .chunks_exact(8)
        .map(|c| Insn::from_bytes(c.try_into().unwrap(), Endian::Little))
        .collect()
}

fn load(name: &str) -> VerifiedProgram {
    let prog = decode(name);
    match secbpf::verify::check(&prog) {
        Ok(v) => v,
        Err(e) => panic!("{name}: refused, but Linux accepted it (MANIFEST.md): {e:?}"),
    }
}

fn data(arch: u32, nr: u32, args: [u64; 6]) -> SeccompData {
    SeccompData {
        nr,
        arch,
        instruction_pointer: 0x7f3a_1c2d_4e5f,
        args,
    }
}

fn ret(prog: &VerifiedProgram, arch: u32, nr: u32, args: [u64; 6]) -> u32 {
    secbpf::vm::run(prog, &data(arch, nr, args)).ret.raw()
}

/// Every corpus filter decodes, is accepted, and every `.bpf` has a `.pfc` and a
/// MANIFEST entry whose instruction count matches.
#[test]
fn corpus_filters_are_accepted() {
    let manifest = std::fs::read_to_string(corpus_path("MANIFEST.md")).unwrap();
    let mut n = 0;
    for entry in std::fs::read_dir(corpus_path("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("bpf") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let v = load(&name);
        assert!(!v.is_empty());
        let heading = format!("## `{name}`");
        let at = manifest
            .find(&heading)
            .unwrap_or_else(|| panic!("{name} has no MANIFEST.md entry"));
        let section = &manifest[at..];
        let count = format!("- **instructions**: {}\n", v.len());
        assert!(
            section.contains(&count),
            "MANIFEST.md instruction count for {name}"
        );
        n += 1;
    }
    assert!(n >= 2, "expected the libseccomp filters in corpus/");
}

#[test]
fn instruction_counts() {
    // Recorded in corpus/MANIFEST.md by corpus/gen/build.sh.
    assert_eq!(load("libseccomp-container.bpf").len(), 979);
    assert_eq!(load("libseccomp-small.bpf").len(), 30);
}

/// libseccomp-small: `small_policy()` in corpus/gen/libseccomp-profile.c.
#[test]
fn small_policy() {
    let p = load("libseccomp-small.bpf");
    let x86_64 = |nr: u32, args: [u64; 6]| ret(&p, AUDIT_ARCH_X86_64, nr, args);
    let none = [0u64; 6];

    // POLICY: allowed unconditionally.
    for (name, nr) in [
        ("read", 0),
        ("write", 1),
        ("close", 3),
        ("fstat", 5),
        ("lseek", 8),
        ("munmap", 11),
        ("brk", 12),
        ("rt_sigprocmask", 14),
        ("rt_sigreturn", 15),
        ("exit", 60),
        ("futex", 202),
        ("clock_gettime", 228),
        ("exit_group", 231),
    ] {
        assert_eq!(x86_64(nr, [3, 0x1000, 4096, 0, 0, 0]), ALLOW, "{name}");
    }
    // POLICY: open / openat -> ERRNO(EACCES) = 0x0005000d, whatever the arguments.
    assert_eq!(
        x86_64(257, [u64::MAX - 99, 0x7ffd_0000, 0, 0, 0, 0]),
        0x0005_000d
    );
    assert_eq!(x86_64(2, none), errno(EACCES));
    // POLICY: mmap only when (prot & PROT_EXEC) == 0 (PROT_EXEC = 4, arg 2).
    let prot_rw = 3;
    assert_eq!(x86_64(9, [0, 4096, prot_rw, 0x22, u64::MAX, 0]), ALLOW);
    assert_eq!(
        x86_64(9, [0, 4096, prot_rw | 4, 0x22, u64::MAX, 0]),
        KILL_PROCESS
    );
    // High word of arg 2 is compared too (libseccomp masks it with 0: always passes).
    assert_eq!(x86_64(9, [0, 4096, 0xffff_ffff_0000_0003, 0, 0, 0]), ALLOW);
    // POLICY: default KILL_PROCESS = 0x80000000 for anything not listed.
    for (name, nr) in [("getpid", 39), ("execve", 59), ("ptrace", 101)] {
        assert_eq!(x86_64(nr, none), KILL_PROCESS, "{name}");
    }
    // x32 numbers (nr | 0x40000000) on the x86_64 arch: x32 is not in this filter, so
    // libseccomp's `nr >= 0x40000000` check sends them to KILL_PROCESS (default and
    // bad-arch action are the same value here; kernel probe in MANIFEST.md: SIGSYS).
    assert_eq!(x86_64(X32_SYSCALL_BIT, none), KILL_PROCESS);
    assert_eq!(x86_64(X32_SYSCALL_BIT | 39, none), KILL_PROCESS);
    assert_eq!(x86_64(u32::MAX, none), KILL_PROCESS);
    // POLICY: bad-arch action KILL_PROCESS (x86_64 is the only arch in the filter).
    assert_eq!(ret(&p, AUDIT_ARCH_I386, 3, none), KILL_PROCESS);
    assert_eq!(ret(&p, AUDIT_ARCH_AARCH64, 63, none), KILL_PROCESS);
    assert_eq!(ret(&p, 0, 0, none), KILL_PROCESS);
}

/// libseccomp-container: `container_policy()` in corpus/gen/libseccomp-profile.c.
#[test]
fn container_policy() {
    let p = load("libseccomp-container.bpf");
    let x86_64 = |nr: u32, args: [u64; 6]| ret(&p, AUDIT_ARCH_X86_64, nr, args);
    let i386 = |nr: u32, args: [u64; 6]| ret(&p, AUDIT_ARCH_I386, nr, args);
    let none = [0u64; 6];

    // POLICY: the unconditional allow list (x86_64 numbers).
    for (name, nr) in [
        ("read", 0),
        ("write", 1),
        ("mmap", 9),
        ("getpid", 39),
        ("execve", 59),
        ("arch_prctl", 158),
        ("futex", 202),
        ("epoll_wait", 232),
        ("openat", 257),
        ("seccomp", 317),
        ("rseq", 334),
        ("pidfd_open", 434),
        ("landlock_create_ruleset", 444),
        ("futex_waitv", 449),
    ] {
        assert_eq!(x86_64(nr, [3, 0x1000, 4096, 0, 0, 0]), ALLOW, "{name}");
    }
    // POLICY: default ERRNO(EPERM) = 0x00050001 for what is not listed.
    for (name, nr) in [
        ("ptrace", 101),
        ("mount", 165),
        ("reboot", 169),
        ("kexec_load", 246),
        ("bpf", 321),
        ("unshare", 272),
        ("setns", 308),
        ("open_tree", 428),
    ] {
        assert_eq!(x86_64(nr, none), errno(EPERM), "{name}");
    }
    assert_eq!(x86_64(1023, none), errno(EPERM));
    assert_eq!(x86_64(u32::MAX, none), errno(EPERM));
    // POLICY: clone3 -> ERRNO(ENOSYS) = 0x00050026.
    assert_eq!(x86_64(435, none), 0x0005_0026);
    assert_eq!(i386(435, none), errno(ENOSYS));

    // POLICY: clone only when (flags & 0x7e020000) == 0.
    let thread_flags = 0x003d_0f00; // what glibc's pthread_create passes
    assert_eq!(x86_64(56, [thread_flags, 0, 0, 0, 0, 0]), ALLOW);
    assert_eq!(x86_64(56, [0x11, 0, 0, 0, 0, 0]), ALLOW); // fork(): SIGCHLD
    for ns in [
        0x0002_0000u64,
        0x0400_0000,
        0x0800_0000,
        0x1000_0000,
        0x2000_0000,
        0x4000_0000,
    ] {
        assert_eq!(
            x86_64(56, [0x11 | ns, 0, 0, 0, 0, 0]),
            errno(EPERM),
            "{ns:#x}"
        );
    }
    // The mask is 64 bits wide with a zero high word: high flag bits are ignored.
    assert_eq!(x86_64(56, [0xffff_ffff_0000_0011, 0, 0, 0, 0, 0]), ALLOW);
    // CLONE_NEWTIME (0x80) is not in Docker's mask.
    assert_eq!(x86_64(56, [0x80, 0, 0, 0, 0, 0]), ALLOW);

    // POLICY: socket only for AF_UNIX 1, AF_INET 2, AF_INET6 10, AF_NETLINK 16.
    for domain in [1u64, 2, 10, 16] {
        assert_eq!(x86_64(41, [domain, 1, 0, 0, 0, 0]), ALLOW, "AF {domain}");
        assert_eq!(
            i386(359, [domain, 1, 0, 0, 0, 0]),
            ALLOW,
            "i386 AF {domain}"
        );
    }
    for domain in [0u64, 3, 17, 38, 40, 44, 0x1_0000_0002] {
        assert_eq!(
            x86_64(41, [domain, 1, 0, 0, 0, 0]),
            errno(EPERM),
            "AF {domain}"
        );
    }
    // On i386 only the low 32 bits of an argument exist: the filter compares only them.
    assert_eq!(i386(359, [0x1_0000_0002, 1, 0, 0, 0, 0]), ALLOW);

    // POLICY: personality only for 0x0, 0x8, 0x20000, 0x20008, 0xffffffff.
    for persona in [0u64, 8, 0x20000, 0x20008, 0xffff_ffff] {
        assert_eq!(x86_64(135, [persona, 0, 0, 0, 0, 0]), ALLOW, "{persona:#x}");
        assert_eq!(i386(136, [persona, 0, 0, 0, 0, 0]), ALLOW, "{persona:#x}");
    }
    for persona in [
        1u64,
        0x0040_0000,
        0x20009,
        0xffff_fffe,
        0xffff_ffff_ffff_ffff,
    ] {
        assert_eq!(
            x86_64(135, [persona, 0, 0, 0, 0, 0]),
            errno(EPERM),
            "{persona:#x}"
        );
    }

    // x86 (i386) part of the filter: i386 numbers.
    for (name, nr) in [
        ("read", 3),
        ("write", 4),
        ("mmap2", 192),
        ("socketcall", 102),
    ] {
        assert_eq!(i386(nr, none), ALLOW, "i386 {name}");
    }
    assert_eq!(i386(26, none), errno(EPERM)); // ptrace on i386
                                              // x32: arch x86_64 with the x32 bit set.
    assert_eq!(x86_64(X32_SYSCALL_BIT, none), ALLOW); // read
    assert_eq!(x86_64(X32_SYSCALL_BIT | 39, none), ALLOW); // getpid (kernel probe)
    assert_eq!(x86_64(X32_SYSCALL_BIT | 512, none), ALLOW); // x32 rt_sigaction
    assert_eq!(x86_64(X32_SYSCALL_BIT | 101, none), errno(EPERM)); // 64-bit-only slot (x32 ptrace is 521)
                                                                   // POLICY: bad-arch action: libseccomp's default SCMP_ACT_KILL = KILL_THREAD 0.
    assert_eq!(ret(&p, AUDIT_ARCH_AARCH64, 63, none), KILL_THREAD);
    assert_eq!(ret(&p, 0x4000_0028, 3, none), KILL_THREAD); // ARM
    assert_eq!(ret(&p, 0, 0, none), KILL_THREAD);
}

/// Action of one PFC rule: a fixed return value, or argument conditions (checked by
/// hand in the tests above).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rule {
    Action(u32),
    Conditional,
}

struct PfcSection {
    name: String,
    arch: u32,
    rules: HashMap<u32, Rule>,
    default: u32,
}

fn pfc_action(line: &str) -> u32 {
    let a = line
        .trim()
        .strip_prefix("action ")
        .and_then(|a| a.strip_suffix(';'))
        .unwrap_or_else(|| panic!("not an action line: {line:?}"));
    match a {
        "ALLOW" => ALLOW,
        "KILL" => KILL_THREAD,
        "KILL_PROCESS" => KILL_PROCESS,
        "TRAP" => 0x0003_0000,
        "LOG" => 0x7ffc_0000,
        _ => {
            let e = a
                .strip_prefix("ERRNO(")
                .and_then(|e| e.strip_suffix(')'))
                .unwrap_or_else(|| panic!("unknown PFC action {a:?}"));
            errno(e.parse().unwrap())
        }
    }
}

/// Parse libseccomp's PFC text: per-arch sections of `if ($syscall == N)` rules, each
/// arch's default action, and the invalid-architecture action.
fn parse_pfc(name: &str) -> (Vec<PfcSection>, u32) {
    let text = std::fs::read_to_string(corpus_path(name)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut sections: Vec<PfcSection> = Vec::new();
    let mut bad_arch = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = line.strip_prefix("# filter for arch ") {
            let (arch_name, num) = rest.split_once(" (").unwrap();
            sections.push(PfcSection {
                name: arch_name.to_owned(),
                arch: num.trim_end_matches(')').parse().unwrap(),
                rules: HashMap::new(),
                default: u32::MAX,
            });
        } else if let Some(rest) = line.strip_prefix("  # filter for syscall \"") {
            let num = rest
                .split_once("\" (")
                .unwrap()
                .1
                .split_once(')')
                .unwrap()
                .0;
            let nr: u64 = num.parse().unwrap();
            assert_eq!(lines[i + 1].trim(), format!("if ($syscall == {nr})"));
            let body = lines[i + 2];
            let rule = if body.starts_with("    action ") {
                Rule::Action(pfc_action(body))
            } else {
                Rule::Conditional
            };
            sections.last_mut().unwrap().rules.insert(nr as u32, rule);
        } else if *line == "  # default action" {
            sections.last_mut().unwrap().default = pfc_action(lines[i + 1]);
        } else if *line == "# invalid architecture action" {
            bad_arch = Some(pfc_action(lines[i + 1]));
        }
    }
    (sections, bad_arch.expect("no invalid architecture action"))
}

/// What the PFC says for (arch, nr); x86_64 and x32 share AUDIT_ARCH_X86_64 and are
/// told apart by the x32 syscall bit.
fn pfc_expect(sections: &[PfcSection], bad_arch: u32, arch: u32, nr: u32) -> Rule {
    let mut cands = sections.iter().filter(|s| s.arch == arch).peekable();
    if cands.peek().is_none() {
        return Rule::Action(bad_arch);
    }
    let all: Vec<&PfcSection> = cands.collect();
    let s = if all.len() == 1 {
        all[0]
    } else {
        let want_x32 = nr & X32_SYSCALL_BIT != 0 && nr != u32::MAX;
        all.iter()
            .find(|s| (s.name == "x32") == want_x32)
            .expect("x86_64/x32 pair")
    };
    s.rules.get(&nr).copied().unwrap_or(Rule::Action(s.default))
}

/// Sweep syscall numbers for several arches and compare the interpreter with what
/// libseccomp's PFC rendering of the same policy says.
fn sweep_against_pfc(bpf: &str, pfc: &str) -> usize {
    let p = load(bpf);
    let (sections, bad_arch) = parse_pfc(pfc);
    let mut checked = 0;
    let args = [3, 0x7ffd_1234_5000, 4096, 0x22, u64::MAX, 0];
    for arch in [AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64] {
        let nrs = (0..1024u32)
            .chain(X32_SYSCALL_BIT..X32_SYSCALL_BIT + 1024)
            .chain([0x3fff_ffff, 0x7fff_ffff, 0x8000_0000, u32::MAX]);
        for nr in nrs {
            match pfc_expect(&sections, bad_arch, arch, nr) {
                Rule::Action(want) => {
                    let got = ret(&p, arch, nr, args);
                    assert_eq!(
                        got, want,
                        "{bpf}: arch {arch:#x} nr {nr:#x}: got {got:#010x}, PFC says {want:#010x}"
                    );
                    checked += 1;
                }
                Rule::Conditional => {}
            }
        }
    }
    checked
}

#[test]
fn container_matches_libseccomp_pfc() {
    let (sections, bad_arch) = parse_pfc("libseccomp-container.pfc");
    assert_eq!(bad_arch, KILL_THREAD);
    let names: Vec<&str> = sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["x86_64", "x86", "x32"]);
    let x86_64 = &sections[0];
    assert_eq!(x86_64.default, errno(EPERM));
    let allowed = x86_64
        .rules
        .values()
        .filter(|r| **r == Rule::Action(ALLOW))
        .count();
    // 357 x86_64 rules: 353 unconditional ALLOW, clone3 ERRNO, and the argument
    // rules of clone, socket and personality.
    assert_eq!((x86_64.rules.len(), allowed), (357, 353));
    let checked = sweep_against_pfc("libseccomp-container.bpf", "libseccomp-container.pfc");
    assert!(checked > 6000, "{checked}");
}

#[test]
fn small_matches_libseccomp_pfc() {
    let checked = sweep_against_pfc("libseccomp-small.bpf", "libseccomp-small.pfc");
    assert!(checked > 6000, "{checked}");
}

/// The kernel probes recorded in corpus/MANIFEST.md (syscalls really made under the
/// installed filter on Linux) agree with the interpreter.
#[test]
fn agrees_with_recorded_kernel_probes() {
    let c = load("libseccomp-container.bpf");
    let s = load("libseccomp-small.bpf");
    let x = AUDIT_ARCH_X86_64;
    let a0 = |v: u64| [v, 0, 0, 0, 0, 0];
    // container: getpid ok, ptrace EPERM, clone3 ENOSYS, clone(CLONE_NEWUSER|SIGCHLD)
    // EPERM, socket(AF_PACKET) EPERM, personality(1) EPERM, x32 getpid let through.
    assert_eq!(ret(&c, x, 39, a0(0)), ALLOW);
    assert_eq!(ret(&c, x, 101, a0(0)), errno(EPERM));
    assert_eq!(ret(&c, x, 435, a0(0)), errno(ENOSYS));
    assert_eq!(ret(&c, x, 56, a0(0x1000_0011)), errno(EPERM));
    assert_eq!(ret(&c, x, 41, [17, 3, 0, 0, 0, 0]), errno(EPERM));
    assert_eq!(ret(&c, x, 135, a0(1)), errno(EPERM));
    assert_eq!(ret(&c, x, 0x4000_0027, a0(0)), ALLOW);
    // small: openat EACCES; getpid, mmap(PROT_EXEC), x32 getpid killed (SIGSYS).
    assert_eq!(ret(&s, x, 257, a0(0)), errno(EACCES));
    assert_eq!(ret(&s, x, 39, a0(0)), KILL_PROCESS);
    assert_eq!(ret(&s, x, 9, [0, 4096, 4, 0x22, u64::MAX, 0]), KILL_PROCESS);
    assert_eq!(ret(&s, x, 0x4000_0027, a0(0)), KILL_PROCESS);
}
