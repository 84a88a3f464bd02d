//! The peers' text formats (docs/formats.md): seccomp-tools' listing and asm, ceccomp's
//! text, libseccomp's scmp_bpf_disasm listing. Round trips on every corpus filter,
//! the peers' own outputs (tests/data/peers/, see its README), detection, and the
//! lossy cases, which must warn or fail, never change bytes silently.
//!
//! With ceccomp installed (`SECBPF_CECCOMP=/path/to/ceccomp`, or `ceccomp` on PATH;
//! .ci/run installs it from PyPI and sets SECBPF_REQUIRE_CECCOMP=1), the interop runs
//! live both ways on every corpus filter. Tests that resolve syscall names need the
//! `names` feature.

mod common;

use secbpf::codec::{self, DecodeErrorKind, DecodeOptions, EncodeOptions, Format};
use secbpf::seccomp::Arch;
use secbpf::{Endian, Insn};
use std::path::{Path, PathBuf};
use std::process::Command;

const PEERS: [Format; 4] = [
    Format::SeccompTools,
    Format::SeccompToolsAsm,
    Format::Ceccomp,
    Format::Scmp,
];

fn le() -> EncodeOptions {
    EncodeOptions {
        endian: Endian::Little,
        ..EncodeOptions::default()
    }
}

fn read(
    text: &[u8],
    format: Option<Format>,
) -> Result<(Vec<Insn>, Vec<String>), codec::DecodeError> {
    codec::decode_with_warnings(text, format, &DecodeOptions::default())
}

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/peers")
        .join(p)
}

fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Every corpus filter, written in each peer format, is detected as that format and
/// read back as the same bytes; the one instruction seccomp-tools asm cannot write
/// (firejail-0's `ret` with jf = 1) is an error naming it.
#[test]
fn corpus_round_trips_in_every_peer_format() {
    for (path, prog) in common::corpus() {
        for f in PEERS {
            let (text, _) = match codec::try_encode(&prog, f, &le()) {
                Ok(t) => t,
                Err(e) => {
                    assert_eq!(f, Format::SeccompToolsAsm, "{path} {f}: {e}");
                    assert!(e.detail().contains("jt, jf or k"), "{path}: {e}");
                    assert_eq!(prog[e.pc()].code, 0x06, "{path}: {e}");
                    continue;
                }
            };
            assert_eq!(codec::detect(&text), f, "{path}: detection of {f}");
            let (back, _) = read(&text, None).unwrap_or_else(|e| panic!("{path} {f}: {e}"));
            assert_eq!(back, prog, "{path}: {f} round trip");
        }
    }
}

/// Big-endian filters (s390x): the word order of args follows the arch.
#[test]
fn s390x_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/cross");
    let s390x = Arch::by_name("s390x").unwrap();
    let dopts = DecodeOptions {
        endian: Endian::Big,
        arch: s390x,
    };
    for name in ["docker-s390x.bpf", "podman-s390x.bpf"] {
        let prog = codec::decode_raw(&std::fs::read(dir.join(name)).unwrap(), Endian::Big).unwrap();
        let eopts = EncodeOptions {
            endian: Endian::Big,
            ..EncodeOptions::default()
        };
        for f in PEERS {
            let (text, _) = codec::try_encode(&prog, f, &eopts).unwrap();
            let back = codec::decode(&text, Some(f), &dopts).unwrap();
            assert_eq!(back, prog, "{name} {f}");
        }
        // The high word of args[0] is at offset 16 on a big-endian arch.
        let hi = codec::decode(
            b"A = args[0] >> 32\nreturn A\n",
            Some(Format::SeccompToolsAsm),
            &dopts,
        )
        .unwrap();
        assert_eq!(hi[0], Insn::new(0x20, 0, 0, 16));
    }
}

/// scmp_bpf_disasm's own output (libseccomp 2.5.4) on corpus filters: our writer
/// prints the same text, byte for byte, and our reader gives back the filter.
#[test]
fn scmp_bpf_disasm_output_matches_ours() {
    let corpus = common::corpus();
    let mut n = 0;
    for (path, prog) in &corpus {
        let Ok(theirs) = std::fs::read(data(&format!("scmp/{}.txt", stem(path)))) else {
            continue;
        };
        n += 1;
        let ours = codec::encode(prog, Format::Scmp, &le());
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs),
            "{path}"
        );
        assert_eq!(codec::detect(&theirs), Format::Scmp);
        assert_eq!(&read(&theirs, None).unwrap().0, prog, "{path}");
    }
    assert!(n >= 10, "expected the stored scmp_bpf_disasm outputs");
}

/// ceccomp 3.5's own `disasm` output on corpus filters reads back as the filter. The
/// foreign-arch names it prints that our tables spell otherwise (aarch64.newfstatat)
/// are read from the columns, with a warning.
#[test]
fn ceccomp_disasm_output_reads_back() {
    let corpus = common::corpus();
    let mut n = 0;
    for (path, prog) in &corpus {
        let Ok(theirs) = std::fs::read(data(&format!("ceccomp/{}.cec", stem(path)))) else {
            continue;
        };
        n += 1;
        assert_eq!(codec::detect(&theirs), Format::Ceccomp, "{path}");
        let (back, _) = read(&theirs, None).unwrap();
        assert_eq!(&back, prog, "{path}");
    }
    assert!(n >= 10, "expected the stored ceccomp outputs");
    let aarch = std::fs::read(data("ceccomp/docker-aarch64.cec")).unwrap();
    let raw = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/cross/docker-aarch64.bpf"),
    )
    .unwrap();
    let (back, warnings) = read(&aarch, None).unwrap();
    assert_eq!(back, codec::decode_raw(&raw, Endian::Little).unwrap());
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("aarch64.newfstatat") && w.contains("columns")),
        "{warnings:?}"
    );
}

fn ceccomp_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SECBPF_CECCOMP") {
        return Some(PathBuf::from(p));
    }
    let ok = Command::new("ceccomp")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| PathBuf::from("ceccomp"))
}

/// Live interop with ceccomp: our ceccomp text assembled by `ceccomp asm` gives the
/// filter's bytes, and `ceccomp disasm` read by us gives them too, on every corpus
/// filter (except what our writer warned about: firejail-0's `ret` with jf = 1).
#[test]
fn ceccomp_interop_live() {
    let Some(bin) = ceccomp_bin() else {
        assert!(
            std::env::var_os("SECBPF_REQUIRE_CECCOMP").is_none(),
            "SECBPF_REQUIRE_CECCOMP is set but ceccomp was not found (set SECBPF_CECCOMP)"
        );
        eprintln!("skipped: ceccomp not installed (pip install ceccomp; SECBPF_CECCOMP=path)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("secbpf-ceccomp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for (path, prog) in common::corpus() {
        let raw = secbpf::insn::encode(&prog, Endian::Little);
        let (text, warnings) = codec::try_encode(&prog, Format::Ceccomp, &le()).unwrap();
        let t = dir.join("ours.cec");
        std::fs::write(&t, &text).unwrap();
        let out = Command::new(&bin)
            .args(["asm", "-f", "raw"])
            .arg(&t)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{path}: ceccomp asm: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if warnings.is_empty() {
            assert_eq!(out.stdout, raw, "{path}: ceccomp asm of our text");
        } else {
            assert_ne!(
                out.stdout, raw,
                "{path}: warned, yet ceccomp reads the same bytes: {warnings:?}"
            );
        }
        let r = dir.join("in.bpf");
        std::fs::write(&r, &raw).unwrap();
        let out = Command::new(&bin).arg("disasm").arg(&r).output().unwrap();
        if !out.status.success() {
            // ceccomp refuses some filters (jumps past the end in podman-x86_64).
            eprintln!(
                "{path}: ceccomp disasm refused: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            continue;
        }
        let (back, _) = read(&out.stdout, None).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(back, prog, "{path}: our reading of ceccomp disasm");
        checked += 1;
    }
    assert!(checked >= 10);
    let _ = std::fs::remove_dir_all(&dir);
}

/// seccomp-tools (1.7.1) prints this listing for its spec/data/libseccomp.bpf (its
/// README, MIT); we read it from the hex columns.
#[cfg(feature = "names")]
#[test]
fn seccomp_tools_listing_from_the_tool() {
    let listing = " line  CODE  JT   JF      K
=================================
 0000: 0x20 0x00 0x00 0x00000004  A = arch
 0001: 0x15 0x00 0x08 0xc000003e  if (A != ARCH_X86_64) goto 0010
 0002: 0x20 0x00 0x00 0x00000000  A = sys_number
 0003: 0x35 0x06 0x00 0x40000000  if (A >= 0x40000000) goto 0010
 0004: 0x15 0x04 0x00 0x00000001  if (A == write) goto 0009
 0005: 0x15 0x03 0x00 0x00000003  if (A == close) goto 0009
 0006: 0x15 0x02 0x00 0x00000020  if (A == dup) goto 0009
 0007: 0x15 0x01 0x00 0x0000003c  if (A == exit) goto 0009
 0008: 0x06 0x00 0x00 0x00050005  return ERRNO(5)
 0009: 0x06 0x00 0x00 0x7fff0000  return ALLOW
 0010: 0x06 0x00 0x00 0x00000000  return KILL
";
    assert_eq!(codec::detect(listing.as_bytes()), Format::SeccompTools);
    let prog = read(listing.as_bytes(), None).unwrap().0;
    assert_eq!(prog.len(), 11);
    assert_eq!(prog[1], Insn::new(0x15, 0, 8, 0xc000_003e));
    // The same program in seccomp-tools asm, with names, `next`, `? :` and labels.
    let asm = "# check the arch
A = arch
A == ARCH_X86_64 ? next : dead
A = sys_number
if (A >= 0x40000000) goto dead
if (A == write) goto ok
A == close ? ok : next
if (A == dup)
  goto ok
if (!(A != exit)) goto ok else goto next
return ERRNO(5)
ok:
return ALLOW
dead: return KILL
";
    assert_eq!(codec::detect(asm.as_bytes()), Format::SeccompToolsAsm);
    assert_eq!(read(asm.as_bytes(), None).unwrap().0, prog);
    // Our asm of it reads back the same.
    let ours = codec::try_encode(&prog, Format::SeccompToolsAsm, &le())
        .unwrap()
        .0;
    assert_eq!(read(&ours, None).unwrap().0, prog);
}

#[cfg(feature = "names")]
#[test]
fn seccomp_tools_asm_forms() {
    let cases: &[(&str, Insn)] = &[
        ("A = args[1]", Insn::new(0x20, 0, 0, 24)),
        ("A = args[1] >> 32", Insn::new(0x20, 0, 0, 28)),
        ("A = args_h[1]", Insn::new(0x20, 0, 0, 28)),
        ("A = instruction_pointer >> 32", Insn::new(0x20, 0, 0, 12)),
        ("A = data[4]", Insn::new(0x20, 0, 0, 4)),
        ("X = A", Insn::new(0x07, 0, 0, 0)),
        ("A = X", Insn::new(0x87, 0, 0, 0)),
        ("mem[3] = X", Insn::new(0x03, 0, 0, 3)),
        ("X = mem[15]", Insn::new(0x61, 0, 0, 15)),
        ("A = -A", Insn::new(0x84, 0, 0, 0)),
        ("A >>= 4", Insn::new(0x74, 0, 0, 4)),
        ("A &= X", Insn::new(0x5c, 0, 0, 0)),
        ("A = len", Insn::new(0x80, 0, 0, 0)),
        ("return 0x7fff0001", Insn::new(0x06, 0, 0, 0x7fff_0001)),
        ("return TRACE(3)", Insn::new(0x06, 0, 0, 0x7ff0_0003)),
        ("return A", Insn::new(0x16, 0, 0, 0)),
        ("A = (-1)", Insn::new(0x00, 0, 0, 0xffff_ffff)),
    ];
    for (text, want) in cases {
        let got = read(
            format!("{text}\n").as_bytes(),
            Some(Format::SeccompToolsAsm),
        )
        .unwrap()
        .0;
        assert_eq!(got, [*want], "{text}");
    }
    // i386 names with a prefix; a comparison whose two branches agree is a goto, as in
    // seccomp-tools.
    let p = read(
        b"A = sys_number\nif (A == i386.socket) goto next\nreturn ALLOW\n",
        Some(Format::SeccompToolsAsm),
    )
    .unwrap()
    .0;
    assert_eq!(p[1], Insn::new(0x05, 0, 0, 0));
    let p = read(
        b"if (A == i386.socket) goto a else goto b\na: return KILL\nb: return ALLOW\n",
        Some(Format::SeccompToolsAsm),
    )
    .unwrap()
    .0;
    assert_eq!(p[0], Insn::new(0x15, 0, 1, 359));
}

/// A conditional jump over more than 255 instructions is an error (older seccomp-tools
/// silently kept the low 8 bits), and so are backward and undefined labels.
#[test]
fn seccomp_tools_asm_refuses_what_it_cannot_encode() {
    let mut long = String::from("A = sys_number\nif (A == 1) goto far\n");
    for _ in 0..256 {
        long.push_str("A = 0\n");
    }
    long.push_str("far: return ALLOW\n");
    let e = read(long.as_bytes(), Some(Format::SeccompToolsAsm)).unwrap_err();
    assert!(e.detail().contains("255"), "{e}");
    assert_eq!(e.line(), Some(2));
    let e = read(
        b"a: A = 0\nif (A == 1) goto a\nreturn KILL\n",
        Some(Format::SeccompToolsAsm),
    )
    .unwrap_err();
    assert!(e.detail().contains("forward"), "{e}");
    let e = read(
        b"goto nowhere\nreturn KILL\n",
        Some(Format::SeccompToolsAsm),
    )
    .unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::UnknownIdentifier);
    let e = read(
        b"A = sys_number\nif (A == frobnicate) goto next\nreturn KILL\n",
        Some(Format::SeccompToolsAsm),
    )
    .unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::UnknownIdentifier);
    // Writing: an instruction seccomp-tools has no words for.
    let e = codec::try_encode(
        &[Insn::new(0x28, 0, 0, 0), Insn::new(0x06, 0, 0, 0)],
        Format::SeccompToolsAsm,
        &le(),
    )
    .unwrap_err();
    assert_eq!(e.pc(), 0);
}

/// ceccomp resolves i386 socket-family names to libseccomp pseudo-numbers; we read the
/// kernel's number and say so.
#[cfg(feature = "names")]
#[test]
fn ceccomp_multiplexed_names_warn() {
    let text = b"$A = $syscall_nr\nif ($A == i386.socket) goto 3\nreturn ALLOW\n";
    let (prog, warnings) = read(text, None).unwrap();
    assert_eq!(prog[1], Insn::new(0x15, 0, 0, 359));
    assert!(
        warnings.iter().any(|w| w.contains("pseudo-number")),
        "{warnings:?}"
    );
    let (_, warnings) = read(
        b"$A = $syscall_nr\nif ($A == i386.read) goto 3\nreturn ALLOW\n",
        None,
    )
    .unwrap();
    assert!(warnings.is_empty());
}

/// A ceccomp listing whose statement was edited: the statement wins (as in ceccomp
/// asm), with a warning naming both readings.
#[cfg(feature = "names")]
#[test]
fn ceccomp_listing_columns_disagreeing_warn() {
    let text = b" Line  CODE  JT   JF      K
---------------------------------
 0001: 0x20 0x00 0x00 0x00000000 $A = $syscall_nr
 0002: 0x15 0x00 0x01 0x00000000 if ($A != write) goto 0004
 0003: 0x06 0x00 0x00 0x7fff0000 return ALLOW
 0004: 0x06 0x00 0x00 0x00000000 return KILL
---------------------------------
";
    let (prog, warnings) = read(text, None).unwrap();
    assert_eq!(prog[1], Insn::new(0x15, 0, 1, 1));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("line 4") && w.contains("columns")),
        "{warnings:?}"
    );
}

/// ceccomp 4 syntax: labels, `#` comments, `return` of a number, `$scmp_data_len`.
#[cfg(feature = "names")]
#[test]
fn ceccomp_4_labels_and_comments() {
    let text = b"# blocks execve
$A = $syscall_nr
if ($A == execve) goto forbid   # by name
if ($A == execveat) goto forbid, else goto ok
ok: return ALLOW
forbid:
return 0x13371337
";
    assert_eq!(codec::detect(text), Format::Ceccomp);
    let (prog, _) = read(text, None).unwrap();
    assert_eq!(
        prog,
        [
            Insn::new(0x20, 0, 0, 0),
            Insn::new(0x15, 2, 0, 59),
            Insn::new(0x15, 1, 0, 322),
            Insn::new(0x06, 0, 0, 0x7fff_0000),
            Insn::new(0x06, 0, 0, 0x1337_1337),
        ]
    );
}

/// Detection looks at code, not comments, and does not take the existing formats for
/// the peers' (nor the reverse).
#[test]
fn detection_is_not_fooled() {
    let cases: &[(&[u8], Format)] = &[
        // bpf_asm whose comments hold peer text.
        (
            b"; 0000: 0x20 0x00 0x00 0x00000004  A = arch\nld [4]\nret #0\n",
            Format::Asm,
        ),
        (
            b"; if (A == execve) goto kill\nld [0]\nret #0x7fff0000\n",
            Format::Asm,
        ),
        (b"# $A = $arch\nld [0]\nret #0\n", Format::Asm),
        (b"ld [0] ; A = sys_number\nret #0\n", Format::Asm),
        (
            b"; line  CODE  JT   JF      K\nld [0]\nret #0\n",
            Format::Asm,
        ),
        // labels in bpf_asm.
        (b"l1: ld [0]\njeq #1, l2\nl2: ret #0\n", Format::Asm),
        // C whose comment is a ceccomp line.
        (
            b"/* if ($A == read) goto 0004 */ { 0x06, 0, 0, 0x7fff0000 },",
            Format::C,
        ),
        // peers whose comments look like bpf_asm.
        (
            b"# ld [0]\nA = sys_number\nreturn ALLOW\n",
            Format::SeccompToolsAsm,
        ),
        (b"$A = $arch # ld [4]\nreturn KILL\n", Format::Ceccomp),
        // Line and Ddd still win over everything.
        (b"1,6 0 0 2147418112,", Format::Line),
        (b"1\n6 0 0 2147418112\n", Format::Ddd),
    ];
    for (text, want) in cases {
        assert_eq!(
            codec::detect(text),
            *want,
            "{}",
            String::from_utf8_lossy(text)
        );
        // and they decode as that format
        read(text, None).unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(text)));
    }
}

/// ceccomp cannot write every return value: an unknown one is written in ceccomp 4's
/// number form, which 3.5 refuses, with a warning; ERRNO data above 32767 too
/// (ceccomp 3.5 sign-extends it).
#[test]
fn ceccomp_writer_warns_when_lossy() {
    for k in [0x1234_5678u32, 0x0005_8000, 0x7fff_0001] {
        let prog = [Insn::new(0x06, 0, 0, k)];
        let (text, warnings) = codec::try_encode(&prog, Format::Ceccomp, &le()).unwrap();
        assert!(!warnings.is_empty(), "{k:#x}");
        assert_eq!(read(&text, None).unwrap().0, prog, "{k:#x}");
    }
    let prog = [Insn::new(0x06, 0, 0, 0x0005_0001)];
    assert!(codec::try_encode(&prog, Format::Ceccomp, &le())
        .unwrap()
        .1
        .is_empty());
}

proptest::proptest! {
    /// The peers' readers never panic, whatever the text.
    #[test]
    fn prop_peer_readers_never_panic(s in proptest::collection::vec(proptest::sample::select(vec![
        "A", "X", "$A", "$X", "=", "==", "!=", "<", "<=", ">>", "32", "args", "[", "]", "(", ")", "!", "&",
        "if", "goto", "else", "return", "ALLOW", "ERRNO", "mem", "$mem[", "0x", "0001:", " 0x20", " 0x00",
        " 0xc000003e", "next", "L1:", "L1", ":", "?", ",", "#", "\n", " ", "é", "i386.socket", "$arch",
        "$low_args[", "line  CODE  JT   JF      K", "Line  CODE  JT   JF      K", "-----", "=====",
        "999999999999", "-", "ld", "jeq",
    ]), 0..40)) {
        let s: String = s.concat();
        for f in [None, Some(Format::SeccompTools), Some(Format::SeccompToolsAsm), Some(Format::Ceccomp), Some(Format::Scmp)] {
            let _ = read(s.as_bytes(), f);
        }
    }
}
