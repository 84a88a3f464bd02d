//! Formats, assembler and disassembler: decoding, encoding, round trips, errors.

use proptest::prelude::*;
use secbpf::asm::{assemble, AsmErrorKind};
use secbpf::codec::{
    decode, detect, encode, DecodeErrorKind, DecodeOptions, EncodeOptions, Format,
};
use secbpf::consts::*;
use secbpf::disasm::{disasm_line, disassemble, DisasmOptions};
use secbpf::seccomp::Arch;
use secbpf::{Endian, Insn};

/// The filter all fixtures below spell: allow everything on x86_64 but execve (EPERM).
fn known() -> Vec<Insn> {
    vec![
        Insn::stmt(BPF_LD | BPF_W | BPF_ABS, 4),
        Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        Insn::stmt(BPF_LD | BPF_W | BPF_ABS, 0),
        Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, 59, 0, 1),
        Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
        Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    ]
}

const ASM: &str = "
; deny execve
  ld [4]                 /* arch */
  jeq #0xc000003e, ok
  ret #0x80000000
ok: ld [0]
  jne #59, allow
  ret #0x50001
allow:
  ret #0x7fff0000
";

const LINE: &str = "7,32 0 0 4,21 1 0 3221225534,6 0 0 2147483648,32 0 0 0,21 0 1 59,6 0 0 327681,6 0 0 2147418112,\n";

const DDD: &str = "7\n32 0 0 4\n21 1 0 3221225534\n6 0 0 2147483648\n32 0 0 0\n21 0 1 59\n6 0 0 327681\n6 0 0 2147418112\n";

const C_ARRAY: &str = "{ 0x20,  0,  0, 0x00000004 },
{ 0x15,  1,  0, 0xc000003e },
{ 0x06,  0,  0, 0x80000000 },
{ 0x20,  0,  0, 0000000000 },
{ 0x15,  0,  1, 0x0000003b },
{ 0x06,  0,  0, 0x00050001 },
{ 0x06,  0,  0, 0x7fff0000 },
";

const C_MACROS: &str = r#"
#include <stddef.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define ALLOW_ALL BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

static int install(void)
{
	struct sock_filter filter[] = {
		/* check the arch */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (offsetof(struct seccomp_data, nr))),
		BPF_JUMP(BPF_JMP+BPF_JEQ+BPF_K, __NR_execve, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
		ALLOW_ALL,
	};
	struct sock_fprog prog = {
		.len = (unsigned short)(sizeof(filter) / sizeof(filter[0])),
		.filter = filter,
	};
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}
"#;

fn opts() -> DecodeOptions {
    DecodeOptions::default()
}

#[test]
#[cfg_attr(not(feature = "names"), ignore = "names syscalls (feature names)")]
fn every_format_decodes_the_known_program() {
    let raw = secbpf::insn::encode(&known(), Endian::native());
    for (text, fmt) in [
        (ASM.as_bytes(), Format::Asm),
        (LINE.as_bytes(), Format::Line),
        (DDD.as_bytes(), Format::Ddd),
        (C_ARRAY.as_bytes(), Format::C),
        (C_MACROS.as_bytes(), Format::C),
        (raw.as_slice(), Format::Raw),
    ] {
        assert_eq!(detect(text), fmt, "detect {fmt}");
        assert_eq!(decode(text, None, &opts()).unwrap(), known(), "auto {fmt}");
        assert_eq!(
            decode(text, Some(fmt), &opts()).unwrap(),
            known(),
            "forced {fmt}"
        );
    }
}

#[test]
fn encodings_match_the_tools() {
    let o = EncodeOptions::default();
    assert_eq!(
        String::from_utf8(encode(&known(), Format::Line, &o)).unwrap(),
        LINE
    );
    assert_eq!(
        String::from_utf8(encode(&known(), Format::Ddd, &o)).unwrap(),
        DDD
    );
    assert_eq!(
        String::from_utf8(encode(&known(), Format::C, &o)).unwrap(),
        C_ARRAY
    );
    let big = EncodeOptions {
        endian: Endian::Big,
        ..o
    };
    let b = encode(&known()[..1], Format::Raw, &big);
    assert_eq!(b, [0, 0x20, 0, 0, 0, 0, 0, 4]);
    let o2 = DecodeOptions {
        endian: Endian::Big,
        ..opts()
    };
    assert_eq!(decode(&b, None, &o2).unwrap(), known()[..1]);
}

#[test]
fn round_trip_each_format() {
    for f in Format::ALL {
        let bytes = encode(&known(), f, &EncodeOptions::default());
        assert_eq!(decode(&bytes, Some(f), &opts()).unwrap(), known(), "{f}");
        assert_eq!(
            decode(&bytes, None, &opts()).unwrap(),
            known(),
            "{f} detected"
        );
    }
}

#[test]
fn asm_disasm_asm_gives_identical_bytes() {
    let src = "
        ld [4]
        jeq #0xc000003e, arch_ok, bad
arch_ok: ld [0]
        jeq #0, allow      ; read
        jge #0x40000000, bad
        jset #0x10, allow, next
next:   ldh [2]
        ldb [x + 3]
        ld M[15]
        ldx #5
        ldxi 7
        ldx M[3]
        ldx len
        ldxb 4*([14]&0xf)
        ldi #-1
        ld #len
        ld rand
        ldh #proto
        st M[0]
        stx M[1]
        add #1
        sub x
        mul %x
        div #3
        mod #7
        and #0xff
        or #0b101
        xor #017
        lsh #31
        rsh x
        neg
        tax
        txa
        jlt #10, bad
        jle x, bad
        ja allow
bad:    ret #KILL_PROCESS
allow:  ret #ALLOW
        ret a
        ret %x
        ret #ERRNO(13)
";
    let p = assemble(src).unwrap();
    let bytes = secbpf::insn::encode(&p, Endian::Little);
    let listing = disassemble(&p, &DisasmOptions::default());
    let again = assemble(&listing).unwrap_or_else(|e| panic!("{e}\n{listing}"));
    assert_eq!(secbpf::insn::encode(&again, Endian::Little), bytes);
    // and without comments
    let bare = disassemble(
        &p,
        &DisasmOptions {
            comments: false,
            ..DisasmOptions::default()
        },
    );
    assert!(!bare.contains(';'));
    assert_eq!(assemble(&bare).unwrap(), p);
}

#[test]
fn one_label_pseudo_ops_use_the_false_branch() {
    let p = assemble("jneq #1, L\njne x, L\njlt #2, L\njle #3, L\nL: ret #0").unwrap();
    assert_eq!(p[0], Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 3));
    assert_eq!(p[1], Insn::jump(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 2));
    assert_eq!(p[2], Insn::jump(BPF_JMP | BPF_JGE | BPF_K, 2, 0, 1));
    assert_eq!(p[3], Insn::jump(BPF_JMP | BPF_JGT | BPF_K, 3, 0, 0));
    // One-label forms of the real ops fall through on false.
    let q = assemble("jeq #1, L1\nL1: ret #0").unwrap();
    assert_eq!(q[0], Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0));
    // The pseudo ops take a single label.
    let e = assemble("jne #1, a1, a2\na1: a2: ret #0").unwrap_err();
    assert_eq!(e.kind(), AsmErrorKind::BadOperand);
}

#[test]
#[cfg_attr(not(feature = "names"), ignore = "names syscalls (feature names)")]
fn bpf_asm_details() {
    // Case-insensitive mnemonics, labels on their own line, all comment styles, numbers.
    let p =
        assemble("# comment line\nLD #0x10 // c\n/* multi\nline */ Ldi #-1\nlab:\n\n RET #010\n")
            .unwrap();
    assert_eq!(
        p,
        vec![
            Insn::stmt(BPF_LD | BPF_IMM, 16),
            Insn::stmt(BPF_LD | BPF_IMM, 0xffff_ffff),
            Insn::stmt(BPF_RET | BPF_K, 8),
        ]
    );
    // Extensions.
    assert_eq!(
        assemble("ld #proto").unwrap()[0].k,
        SKF_AD_OFF + SKF_AD_PROTOCOL
    );
    assert_eq!(
        assemble("ld vlan_avail").unwrap()[0].k,
        SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT
    );
    // Seccomp extras.
    let p = assemble("ld [nr]\nld [arch]\nld [args[1]]\nld [args_hi[1]]\njeq #__NR_execve, a1\na1: ret #ERRNO(13)").unwrap();
    assert_eq!(
        p.iter().map(|i| i.k).collect::<Vec<_>>(),
        [0, 4, 24, 28, 59, 0x5000d]
    );
    // ldxb with anything else than 4*([k]&0xf) is refused, as bpf_asm does.
    assert_eq!(
        assemble("ldxb 2*([1]&0xf)").unwrap_err().kind(),
        AsmErrorKind::Unsupported
    );
    // Empty source is an empty program.
    assert_eq!(assemble("; nothing\n").unwrap(), vec![]);
}

#[test]
fn overlong_jump_names_label_and_distance() {
    let mut src = String::from("jeq #1, far\n");
    for _ in 0..256 {
        src.push_str("ld #0\n");
    }
    src.push_str("far: ret #0\n");
    let e = assemble(&src).unwrap_err();
    assert_eq!(e.kind(), AsmErrorKind::JumpOutOfRange);
    assert_eq!((e.line(), e.col()), (1, 9));
    let msg = e.to_string();
    assert!(msg.contains("'far'") && msg.contains("256"), "{msg}");
    // 255 fits.
    let src = src.replacen("ld #0\n", "", 1);
    assert_eq!(assemble(&src).unwrap()[0].jt, 255);
    // Backward jumps are refused too.
    let e = assemble("top: ld #0\nja top").unwrap_err();
    assert_eq!(e.kind(), AsmErrorKind::JumpOutOfRange);
    assert!(e.to_string().contains("'top'"));
}

#[test]
fn asm_errors_have_kind_and_position() {
    let cases: &[(&str, AsmErrorKind, usize)] = &[
        ("ld #1\nfoo #2\n", AsmErrorKind::UnknownMnemonic, 2),
        (
            "ld #1\n\njeq #1, nowhere\nret #0",
            AsmErrorKind::UndefinedLabel,
            3,
        ),
        ("a1: ld #1\na1: ret #0", AsmErrorKind::DuplicateLabel, 2),
        ("ret #0\nend:\n", AsmErrorKind::DanglingLabel, 2),
        ("ld #0x100000000", AsmErrorKind::BadNumber, 1),
        ("ret #NOPE", AsmErrorKind::UnknownSymbol, 1),
        ("ld\n", AsmErrorKind::BadOperand, 1),
        ("ld [1\n", AsmErrorKind::Syntax, 1),
        (".insn 0x10000, 0, 0, 0", AsmErrorKind::BadNumber, 1),
        ("ld #1 @", AsmErrorKind::Syntax, 1),
    ];
    for (src, kind, line) in cases {
        let e = assemble(src).unwrap_err();
        assert_eq!((e.kind(), e.line()), (*kind, *line), "{src:?}: {e}");
        let s = e.to_string();
        assert!(s.contains(&format!("(at line {line}, column ")), "{s}");
    }
    // Through decode, the kind and line carry over.
    let e = decode(b"ld #1\nbogus\n", Some(Format::Asm), &opts()).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::Asm(AsmErrorKind::UnknownMnemonic)
    );
    assert_eq!(e.line(), Some(2));
}

#[test]
fn decode_errors() {
    let e = decode(b"", None, &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Empty);
    let e = decode(&[0u8; 12], None, &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::BadSize);
    assert!(
        e.to_string().contains("12") && e.to_string().contains("4 bytes"),
        "{e}"
    );
    let e = decode(&vec![0u8; 8 * 65536], None, &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::TooLong);
    // 0 < n <= 65535 decodes whatever the kernel would say.
    assert_eq!(
        decode(&vec![0u8; 8 * 65535], None, &opts()).unwrap().len(),
        65535
    );
    assert_eq!(
        decode(&vec![0u8; 8 * 4097], None, &opts()).unwrap().len(),
        4097
    );
    // Non-UTF-8 text when a text format is forced.
    let e = decode(b"ld #1\nret \xff\n", Some(Format::Asm), &opts()).unwrap_err();
    assert_eq!((e.kind(), e.line()), (DecodeErrorKind::NotUtf8, Some(2)));
    // Issue 14 item 13: text with a bad byte is text, never raw records.
    assert_eq!(detect(b"ld #1\nret \xff\n"), Format::Asm);
    // Unknown identifier in C names it and its line.
    let c = "struct sock_filter f[] = {\n BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),\n BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_WHATEVER),\n};";
    let e = decode(c.as_bytes(), None, &opts()).unwrap_err();
    assert_eq!(
        (e.kind(), e.line()),
        (DecodeErrorKind::UnknownIdentifier, Some(3))
    );
    assert!(e.to_string().contains("SECCOMP_RET_WHATEVER"), "{e}");
    assert!(e.to_string().starts_with("unknown identifier: "), "{e}");
    // C fields that do not fit.
    let e = decode(b"{ 0x20, 256, 0, 0 },", None, &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::BadNumber);
    // Line / ddd count mismatches and bad fields.
    let e = decode(b"2,6 0 0 0,\n", None, &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::CountMismatch);
    let e = decode(b"1,6 0 0,\n", None, &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Syntax);
    let e = decode(b"1\n6 0 300 0\n", Some(Format::Ddd), &opts()).unwrap_err();
    assert_eq!((e.kind(), e.line()), (DecodeErrorKind::BadNumber, Some(2)));
}

#[test]
#[cfg_attr(not(feature = "names"), ignore = "names syscalls (feature names)")]
fn c_expressions() {
    let c = "
#if __BYTE_ORDER == __LITTLE_ENDIAN
#define ARG_LO(n) (offsetof(struct seccomp_data, args[n]))
#else
#define ARG_LO(n) (offsetof(struct seccomp_data, args[n]) + 4)
#endif
#ifdef __aarch64__
#define MY_ARCH AUDIT_ARCH_AARCH64
#else
#define MY_ARCH AUDIT_ARCH_X86_64
#endif
#define JEQ(nr, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ ## nr, t, f)
struct sock_filter filter[] = {
  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, HI_ARG(0)),
  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, LO_ARG(5)),
  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, syscall_arg(1)),
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MY_ARCH, 0, 0),
  JEQ(openat, 1, 2),
  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
  BPF_STMT(BPF_RET | BPF_K, (u32)-1),
  BPF_STMT(BPF_RET | BPF_K, 1UL << 31 | 0x10 >> 4 | ~0xfffffffe),
  BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0777),
  { BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ACTION_FULL & ~SECCOMP_RET_ACTION },
};
";
    let p = decode(c.as_bytes(), Some(Format::C), &opts()).unwrap();
    let ks: Vec<u32> = p.iter().map(|i| i.k).collect();
    assert_eq!(
        ks,
        [
            32,
            20,
            56,
            24,
            AUDIT_ARCH_X86_64,
            257,
            0x50026,
            0xffff_ffff,
            0x8000_0001,
            0o777,
            0x8000_0000
        ]
    );
    assert_eq!((p[5].jt, p[5].jf), (1, 2));
    // Another arch: names and conditionals follow it.
    let arm = DecodeOptions {
        arch: Arch::by_name("aarch64").unwrap(),
        ..opts()
    };
    let p = decode(c.as_bytes(), Some(Format::C), &arm).unwrap();
    assert_eq!((p[4].k, p[5].k), (AUDIT_ARCH_AARCH64, 56));
}

#[test]
#[cfg_attr(not(feature = "names"), ignore = "names syscalls (feature names)")]
fn listing_format_is_stable() {
    let l = disassemble(
        &known(),
        &DisasmOptions {
            arch: None,
            comments: true,
        },
    );
    let want = "    ld [4]                    ; arch
    jeq #0xc000003e, L3       ; x86_64
    ret #0x80000000           ; KILL_PROCESS
L3: ld [0]                    ; nr
    jne #0x3b, L6             ; execve
    ret #0x50001              ; ERRNO(1)
L6: ret #0x7fff0000           ; ALLOW
";
    assert_eq!(l, want);
    assert_eq!(disasm_line(&known(), 4), "jeq #0x3b, L5, L6");
    assert_eq!(disasm_line(&known(), 1), "jeq #0xc000003e, L3, L2");
    assert_eq!(disasm_line(&known(), 9), "<no instruction at pc 9>");
    // No arch check: names only from the options.
    let p = vec![
        Insn::stmt(0x20, 0),
        Insn::jump(0x15, 59, 0, 0),
        Insn::stmt(0x20, 24),
        Insn::stmt(6, 0),
    ];
    let l = disassemble(&p, &DisasmOptions::default());
    assert!(!l.contains("execve"), "{l}");
    assert!(l.contains("args[1] (low word)"), "{l}");
    let s390 = DisasmOptions {
        arch: Arch::by_name("s390x"),
        comments: true,
    };
    let l = disassemble(&p, &s390);
    assert!(l.contains("args[1] (high word)"), "{l}");
}

#[test]
fn odd_programs_round_trip_via_insn() {
    let p = vec![
        Insn::new(0x1234, 1, 2, 3),                       // unknown opcode
        Insn::new(BPF_RET | BPF_K, 1, 0, 0),              // non-zero jt on ret
        Insn::new(BPF_MISC | BPF_TAX, 0, 0, 7),           // non-zero k on tax
        Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 200, 0), // target past the end
        Insn::stmt(BPF_JMP | BPF_JA, 0xffff_ffff),        // ja past the end
        Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0),   // falls off the end
    ];
    let l = disassemble(&p, &DisasmOptions::default());
    assert_eq!(l.matches(".insn").count(), 6, "{l}");
    assert_eq!(assemble(&l).unwrap(), p);
    assert_eq!(disasm_line(&p, 4), "jmp L4294967300");
}

fn any_insn() -> impl Strategy<Value = Insn> {
    let code = prop_oneof![
        4 => prop::sample::select(vec![
            0x00u16, 0x20, 0x28, 0x30, 0x40, 0x48, 0x50, 0x60, 0x80, 0x01, 0x61, 0x81, 0xb1, 0x02,
            0x03, 0x04, 0x0c, 0x14, 0x1c, 0x24, 0x34, 0x44, 0x54, 0x64, 0x74, 0x84, 0x94, 0xa4,
            0x05, 0x15, 0x1d, 0x25, 0x35, 0x45, 0x06, 0x0e, 0x16, 0x07, 0x87,
        ]),
        1 => any::<u16>(),
    ];
    let small = prop_oneof![3 => 0u8..4, 1 => any::<u8>()];
    let k = prop_oneof![2 => 0u32..8, 1 => any::<u32>(), 1 => Just(SKF_AD_OFF + SKF_AD_RANDOM)];
    (code, small.clone(), small, k).prop_map(|(c, t, f, k)| Insn::new(c, t, f, k))
}

proptest! {
    #[test]
    fn prop_asm_of_disasm_is_identity(p in prop::collection::vec(any_insn(), 0..50)) {
        let l = disassemble(&p, &DisasmOptions::default());
        prop_assert_eq!(assemble(&l).map_err(|e| format!("{e}\n{l}")), Ok(p.clone()));
        let x86 = DisasmOptions { arch: Some(Arch::x86_64()), comments: true };
        let l = disassemble(&p, &x86);
        prop_assert_eq!(assemble(&l).map_err(|e| e.to_string()), Ok(p));
    }

    #[test]
    fn prop_encode_decode_round_trip(p in prop::collection::vec(any_insn(), 1..50)) {
        for f in [Format::Raw, Format::C, Format::Line, Format::Ddd, Format::Asm] {
            let b = encode(&p, f, &EncodeOptions::default());
            prop_assert_eq!(decode(&b, Some(f), &opts()), Ok(p.clone()), "{}", f);
            let detected = decode(&b, None, &opts());
            if f == Format::Raw && p[0].code > 0xff {
                // Raw whose first 8 bytes read as text (an opcode no kernel accepts):
                // detection may take it for text, but then it must fail, not misread.
                prop_assert!(detected == Ok(p.clone()) || detected.is_err(), "{:?}", detected);
            } else {
                prop_assert_eq!(detected, Ok(p.clone()), "{} detected", f);
            }
        }
    }

    #[test]
    fn prop_disasm_line_never_panics(p in prop::collection::vec(any_insn(), 0..8), pc in 0usize..10) {
        let _ = disasm_line(&p, pc);
    }

    #[test]
    fn prop_decode_never_panics(b in prop::collection::vec(any::<u8>(), 0..200)) {
        for f in [None, Some(Format::Raw), Some(Format::C), Some(Format::Line), Some(Format::Ddd), Some(Format::Asm)] {
            let _ = decode(&b, f, &opts());
        }
    }

    #[test]
    fn prop_c_eval_never_panics(s in "[0-9a-fxulXUL_()~!+*/%<>=&|^?: ,\\-]{0,60}") {
        let _ = secbpf::codec::eval_c_expr(&s, Arch::x86_64());
        let _ = secbpf::codec::eval_c_expr(&format!("(unsigned char){s}"), Arch::x86_64());
    }

    #[test]
    fn prop_text_never_panics(s in "[ -~\\n\\t]{0,120}") {
        let _ = assemble(&s);
        for f in [None, Some(Format::C), Some(Format::Line), Some(Format::Ddd)] {
            let _ = decode(s.as_bytes(), f, &opts());
        }
    }

    #[test]
    fn prop_asmish_never_panics(s in prop::collection::vec(prop::sample::select(vec![
        "ld", "ldx", "ldxb", "jeq", "jne", "ret", "#", "[", "]", "x", "%", "+", "-", ",", ":", "(", ")",
        "*", "&", "4", "0xf", "M", "L1", "L1:", "\n", " ", "len", ".insn", "proto", "ERRNO", "args", "nr",
        "BPF_STMT(", "BPF_JUMP(", "{", "}", "#define", "#if", "##", "offsetof", "\\\n", "/*", "*/",
    ]), 0..40)) {
        let s: String = s.concat();
        let _ = assemble(&s);
        let _ = decode(s.as_bytes(), Some(Format::C), &opts());
        let _ = decode(s.as_bytes(), None, &opts());
    }
}

#[test]
fn largest_programs_round_trip_in_every_format() {
    let p: Vec<Insn> = (0..65535u32)
        .map(|i| match i % 3 {
            0 => Insn::stmt(BPF_LD | BPF_W | BPF_ABS, (i % 16) * 4),
            1 => Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, i, 1, 0),
            _ => Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (i & 0xfff)),
        })
        .collect();
    for f in Format::ALL {
        let b = encode(&p, f, &EncodeOptions::default());
        assert_eq!(decode(&b, None, &opts()).unwrap(), p, "{f}");
    }
    // One more is too many, in every format.
    let mut q = p.clone();
    q.push(Insn::stmt(6, 0));
    for f in Format::ALL {
        let b = encode(&q, f, &EncodeOptions::default());
        let e = decode(&b, Some(f), &opts()).unwrap_err();
        let kind = e.kind();
        assert!(
            kind == DecodeErrorKind::TooLong || kind == DecodeErrorKind::Asm(AsmErrorKind::TooLong),
            "{f}: {e}"
        );
    }
}

#[test]
fn c_snippets_and_pathological_inputs() {
    // Macros inside a brace with no sock_filter declaration.
    let s = "filter = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), };";
    assert_eq!(
        decode(s.as_bytes(), None, &opts()).unwrap(),
        vec![Insn::stmt(6, SECCOMP_RET_ALLOW)]
    );
    // Deep nesting and self-referential macros finish quickly, without panicking.
    let deep = "{".repeat(50_000) + &"}".repeat(50_000);
    assert_eq!(
        decode(deep.as_bytes(), Some(Format::C), &opts())
            .unwrap_err()
            .kind(),
        DecodeErrorKind::NoInstructions
    );
    let rec = "#define A A A\n#define B A A A A\n{ B, 0, 0, 0 }";
    assert!(decode(rec.as_bytes(), Some(Format::C), &opts()).is_err());
    let bomb = "#define A0 1\n#define A1 A0 A0\n#define A2 A1 A1\n#define A3 A2 A2\n#define A4 A3 A3\n#define A5 A4 A4\n#define A6 A5 A5\n#define A7 A6 A6\n#define A8 A7 A7\n#define A9 A8 A8\n#define B0 A9 A9\n#define B1 B0 B0\n#define B2 B1 B1\n#define B3 B2 B2\n#define B4 B3 B3\n#define B5 B4 B4\n#define B6 B5 B5\n#define B7 B6 B6\n#define B8 B7 B7\n#define B9 B8 B8\n#define C0 B9 B9\n#define C1 C0 C0\n#define C2 C1 C1\n{ C2, 0, 0, 0 }";
    assert!(decode(bomb.as_bytes(), Some(Format::C), &opts()).is_err());
}

#[test]
fn deep_expressions_are_errors_not_crashes() {
    for e in [
        "(".repeat(20_000),
        "~".repeat(20_000),
        "-".repeat(20_000),
        "1 ? ".repeat(10_000),
        "-(".repeat(10_000),
        "!(1 + ".repeat(10_000),
        "(int)(unsigned char)".repeat(10_000),
        "0 ? 1 : ".repeat(10_000),
        "0 && (".repeat(10_000),
    ] {
        let s = format!("{{ 6, 0, 0, {e} }}");
        assert!(decode(s.as_bytes(), Some(Format::C), &opts()).is_err());
        let s = format!("#if {e}\n#endif\n{{ 6, 0, 0, 0 }}");
        let r = decode(s.as_bytes(), Some(Format::C), &opts());
        assert!(r.is_err(), "{:?} {r:?}", e.get(..4));
    }
}

// ---- Issue 9 item 1: detection looks at code, never at comments; no silent empty program.

/// Comments that mention other formats' keywords, in every comment syntax.
const MISLEADING: &[&str] = &[
    "BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),",
    "BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),",
    "struct sock_filter filter[] = {",
    "{ 0x06, 0, 0, 0x7fff0000 },",
    "2,6 0 0 0,6 0 0 0,",
    "1",
    "6 0 0 2147418112",
    "ret #ALLOW",
    "ld [nr]",
];

#[test]
fn detection_ignores_keywords_in_comments() {
    // The issue's case: a valid bpf_asm file whose comment mentions BPF_STMT/sock_filter.
    let src = "; from a C file: BPF_STMT(BPF_RET|BPF_K, 0) in a struct sock_filter\nld [nr]\nret #ALLOW\n";
    assert_eq!(detect(src.as_bytes()), Format::Asm);
    let p = decode(src.as_bytes(), None, &opts()).unwrap();
    assert_eq!(
        p,
        vec![Insn::stmt(0x20, 0), Insn::stmt(6, SECCOMP_RET_ALLOW)]
    );
    // Forcing C on that text is an error (the comment's macro is not a list entry), never
    // a program made of the comment, and never an empty program.
    let e = decode(src.as_bytes(), Some(Format::C), &opts()).unwrap_err();
    assert_eq!(
        (e.kind(), e.format(), e.detected()),
        (DecodeErrorKind::Syntax, Some(Format::C), false)
    );
    assert!(e.to_string().contains("(read as c, as asked)"), "{e}");
    // The same text with the comment's macro made a list entry: bpf_asm's '#' is not C.
    let src2 = "; BPF_STMT(BPF_RET|BPF_K, 0),\nld [nr]\nret #ALLOW\n";
    let e = decode(src2.as_bytes(), Some(Format::C), &opts()).unwrap_err();
    assert_eq!((e.kind(), e.line()), (DecodeErrorKind::Syntax, Some(3)));
    assert!(
        e.to_string()
            .contains("'#' outside a preprocessor directive"),
        "{e}"
    );
    let e = decode(b"; BPF_STMT sock_filter\nret a\n", Some(Format::C), &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::NoInstructions);
    // C with a comment holding asm and line text is C.
    let c = "/* ld [nr]\n   2,6 0 0 0, */\n// ret #0\nstruct sock_filter f[] = {\n  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ; ret #KILL */\n};\n";
    assert_eq!(detect(c.as_bytes()), Format::C);
    assert_eq!(
        decode(c.as_bytes(), None, &opts()).unwrap(),
        vec![Insn::stmt(6, SECCOMP_RET_ALLOW)]
    );
    // A macro in a string literal is not code either.
    let s = "; printf(\"BPF_STMT(\")\nret #0\n";
    assert_eq!(detect(s.as_bytes()), Format::Asm);
}

#[test]
fn text_with_no_instruction_is_an_error_naming_the_format() {
    for (src, fmt) in [
        ("; only a comment\n", Format::Asm),
        ("\n  \n", Format::Asm),
        ("/* nothing */\n// at all\n", Format::Asm),
    ] {
        let e = decode(src.as_bytes(), None, &opts()).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::NoInstructions, "{src:?}: {e}");
        assert_eq!((e.format(), e.detected()), (Some(fmt), true), "{src:?}");
        assert!(e.to_string().contains("detected from the content"), "{e}");
    }
    // Forced C on text with no entry, and a C file whose entries sit in a disabled #if.
    let e = decode(b"ld [nr]\ntax\nret a\n", Some(Format::C), &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::NoInstructions);
    let c = "#if 0\nstruct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, 0) };\n#endif\n";
    let e = decode(c.as_bytes(), None, &opts()).unwrap_err();
    assert_eq!(
        (e.kind(), e.format()),
        (DecodeErrorKind::NoInstructions, Some(Format::C))
    );
    // An explicit count of 0 states the empty program (the checker then refuses it).
    assert_eq!(decode(b"0,\n", None, &opts()).unwrap(), vec![]);
    assert_eq!(decode(b"0\n", Some(Format::Ddd), &opts()).unwrap(), vec![]);
    // Zero bytes: Empty, whatever the format.
    for f in [None, Some(Format::Raw), Some(Format::Asm), Some(Format::C)] {
        assert_eq!(
            decode(b"", f, &opts()).unwrap_err().kind(),
            DecodeErrorKind::Empty
        );
    }
}

fn comment_for(f: Format, text: &str) -> String {
    match f {
        Format::C => format!("/* {text} */\n// {text}\n#if 0\n{text}\n#endif\n"),
        _ => format!("; {text}\n// {text}\n/* {text} */\n# {text}\n"),
    }
}

proptest! {
    /// Every format that has comments (asm and C), with comments that mention other
    /// formats' keywords before, between and after the code: detected as itself and
    /// decoded to the same program.
    #[test]
    fn prop_comments_never_change_the_format(
        p in prop::collection::vec(any_insn(), 1..20),
        picks in prop::collection::vec(0..MISLEADING.len(), 1..4),
        at in 0usize..3,
    ) {
        for f in [Format::Asm, Format::C] {
            let body = String::from_utf8(encode(&p, f, &EncodeOptions::default())).unwrap();
            let comments: String = picks.iter().map(|&i| comment_for(f, MISLEADING[i])).collect();
            let lines: Vec<&str> = body.lines().collect();
            let cut = (at * lines.len() / 2).min(lines.len());
            let mut src = lines[..cut].join("\n");
            src.push('\n');
            src.push_str(&comments);
            src.push_str(&lines[cut..].join("\n"));
            src.push('\n');
            prop_assert_eq!(detect(src.as_bytes()), f, "{}", src);
            prop_assert_eq!(decode(src.as_bytes(), None, &opts()), Ok(p.clone()), "{}", src);
        }
    }
}

// ---- Issue 14 item 13 (filter files): bad bytes in text, action data over 16 bits.

#[test]
fn text_with_nul_or_bad_utf8_is_text_not_raw() {
    // 16 bytes (two records' worth) of text with a NUL: an error naming the byte and
    // its line, never 2 raw instructions.
    let b = b"ld #1\nret #0\0\0\0\n";
    assert_eq!(b.len(), 16);
    assert_eq!(detect(b), Format::Asm);
    let e = decode(b, None, &opts()).unwrap_err();
    assert_eq!(
        (e.kind(), e.line(), e.col()),
        (DecodeErrorKind::ControlByte, Some(2), Some(7))
    );
    let m = e.to_string();
    assert!(
        m.contains("NUL byte") && m.contains("read it as raw") && m.contains("read as asm"),
        "{m}"
    );
    let b = b"ld #1\nret #\xff\n\n\n\n";
    assert_eq!(b.len(), 16);
    let e = decode(b, None, &opts()).unwrap_err();
    assert_eq!((e.kind(), e.line()), (DecodeErrorKind::NotUtf8, Some(2)));
    // Forcing raw still reads the records.
    assert_eq!(decode(b, Some(Format::Raw), &opts()).unwrap().len(), 2);
    // A real raw filter (first opcode below 0x100) is still raw.
    let raw = encode(&known(), Format::Raw, &EncodeOptions::default());
    assert_eq!(detect(&raw), Format::Raw);
    let big = encode(
        &known(),
        Format::Raw,
        &EncodeOptions {
            endian: Endian::Big,
            ..EncodeOptions::default()
        },
    );
    assert_eq!(detect(&big), Format::Raw);
    // A leading UTF-8 byte order mark is skipped.
    assert_eq!(
        decode("\u{feff}ret #0\n".as_bytes(), None, &opts()).unwrap(),
        vec![Insn::stmt(6, 0)]
    );
}

#[test]
fn errno_data_over_16_bits_says_so() {
    let e = assemble("ret #ERRNO(65536)").unwrap_err();
    assert_eq!(
        (e.kind(), e.line(), e.col()),
        (AsmErrorKind::BadNumber, 1, 12)
    );
    assert!(e.to_string().contains("over 16 bits"), "{e}");
    let e = assemble("ret #TRACE(0x10000)").unwrap_err();
    assert_eq!(e.kind(), AsmErrorKind::BadNumber);
    assert_eq!(assemble("ret #ERRNO(65535)").unwrap()[0].k, 0x5_ffff);
}

// ---- Issue 14 item 6 (filter files): reading is bounded.

#[test]
fn reading_stops_at_the_limit() {
    use secbpf::codec::{input_limit, read_limited, MAX_RAW_BYTES, MAX_TEXT_BYTES};
    assert_eq!(MAX_RAW_BYTES, 65535 * 8);
    assert_eq!(input_limit(Some(Format::Raw)), MAX_RAW_BYTES);
    assert_eq!(input_limit(None), MAX_TEXT_BYTES);
    // An endless reader (like /dev/zero) ends after limit + 1 bytes.
    let mut r = std::io::repeat(0);
    assert_eq!(read_limited(&mut r, 1000).unwrap(), None);
    // The rest of the stream is left unread: only one byte past the limit was taken.
    let data = vec![7u8; 100];
    let mut cur = std::io::Cursor::new(&data);
    assert_eq!(read_limited(&mut cur, 10).unwrap(), None);
    assert_eq!(cur.position(), 11);
    assert_eq!(
        read_limited(std::io::Cursor::new(&data), 100).unwrap(),
        Some(data.clone())
    );
    // Text over the limit is refused even when handed over whole.
    // Token caps bound the text readers' memory under the byte limit.
    let many = "1,".repeat(1_600_000);
    let e = decode(many.as_bytes(), Some(Format::C), &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::TooLong, "{e}");
    assert!(e.to_string().contains("tokens"), "{e}");
    let many = "+".repeat(2_200_000);
    let e = decode(many.as_bytes(), Some(Format::Asm), &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Asm(AsmErrorKind::TooLong), "{e}");
    let big = vec![b' '; MAX_TEXT_BYTES + 1];
    assert_eq!(
        decode(&big, Some(Format::Asm), &opts()).unwrap_err().kind(),
        DecodeErrorKind::TooLong
    );
}

// ---- Issue 14 item 4: C integer expressions follow C's rules, as gcc evaluates them.

/// Every expression of tests/data/c-expr/expected.tsv (random, from gen.py's seed)
/// evaluates to gcc's value, type width and signedness, or is an error where gcc reports
/// division by zero, a bad shift count or a constant too large for its type. With gcc on
/// PATH, exprs.c is compiled and run again to confirm the recorded values.
#[test]
fn c_expressions_match_gcc() {
    use secbpf::codec::eval_c_expr;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/c-expr");
    let tsv = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let (mut values, mut errors, mut bad) = (Vec::new(), 0, Vec::new());
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let got = eval_c_expr(f[0], Arch::x86_64());
        if f[1] == "error" {
            errors += 1;
            if let Ok(v) = got {
                bad.push(format!("{}: gcc says {}, we give {v:?}", f[0], f[2]));
            }
            continue;
        }
        values.push(format!("{} {} {}", f[1], f[2], f[3]));
        let want = (
            u64::from_str_radix(f[1], 16).unwrap(),
            f[2].parse::<u32>().unwrap(),
            f[3] == "1",
        );
        match got {
            Ok(v) if (v.value, v.bits, v.signed) == want => {}
            other => bad.push(format!("{}: gcc gives {want:x?}, we give {other:x?}", f[0])),
        }
    }
    assert!(
        values.len() + errors >= 200,
        "only {} cases",
        values.len() + errors
    );
    assert!(
        bad.is_empty(),
        "{} of {} differ:\n{}",
        bad.len(),
        values.len() + errors,
        bad.join("\n")
    );
    // Confirm the recorded values with gcc itself when it is there.
    let tmp = std::env::temp_dir().join(format!("secbpf-c-expr-{}", std::process::id()));
    let built = std::process::Command::new("gcc")
        .args(["-std=gnu11", "-fwrapv", "-o"])
        .arg(&tmp)
        .arg(dir.join("exprs.c"))
        .status();
    if let Ok(st) = built {
        assert!(st.success(), "gcc could not build exprs.c");
        let out = std::process::Command::new(&tmp).output().unwrap();
        let _ = std::fs::remove_file(&tmp);
        let ran: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(
            ran, values,
            "gcc's output differs from expected.tsv: regenerate with gen.py"
        );
    }
}

#[test]
fn c_reader_follows_c_in_filters() {
    let k = |e: &str| -> Result<u32, secbpf::codec::DecodeError> {
        let s = format!("struct sock_filter f[] = {{ BPF_STMT(BPF_RET | BPF_K, {e}) }};");
        decode(s.as_bytes(), None, &opts()).map(|p| p[0].k)
    };
    // The issue's case: ~0U >> 16 is an unsigned shift (gcc: 0xffff).
    assert_eq!(k("~0U >> 16").unwrap(), 0xffff);
    // ~0 is a signed int: -1, which a __u32 initializer makes 0xffffffff; >> keeps the sign.
    assert_eq!(k("~0 >> 16").unwrap(), 0xffff_ffff);
    assert_eq!(k("-1").unwrap(), 0xffff_ffff);
    assert_eq!(k("(unsigned char)-1").unwrap(), 0xff);
    assert_eq!(k("1 << 31 >> 31").unwrap(), 0xffff_ffff); // int: arithmetic shift
    assert_eq!(k("1u << 31 >> 31").unwrap(), 1);
    assert_eq!(k("-1 < 0u").unwrap(), 0); // -1 converts to unsigned
    assert_eq!(k("-1 < 0L").unwrap(), 1); // long holds every unsigned int... and -1
    assert_eq!(k("1 ? -1 : 0u").unwrap(), 0xffff_ffff);
    assert_eq!(k("0 && 1 / 0").unwrap(), 0); // not evaluated, as in C
    assert_eq!(
        k("SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)").unwrap(),
        0x50001
    );
    // Conversions gcc warns about (-Woverflow) are refused, not silently truncated.
    for e in ["1UL << 32", "~0UL", "-2147483649L", "0x100000000"] {
        let err = k(e).unwrap_err();
        assert_eq!(err.kind(), DecodeErrorKind::BadNumber, "{e}: {err}");
        assert!(err.to_string().contains("-Woverflow"), "{err}");
    }
    let jt = decode(b"{ 0x15, 256, 0, 0 },", None, &opts()).unwrap_err();
    assert_eq!(jt.kind(), DecodeErrorKind::BadNumber);
    assert_eq!(
        decode(b"{ 0x15, -1, 0, 0 },", None, &opts()).unwrap()[0].jt,
        255
    );
    // Undefined operations are errors naming the line.
    for e in ["1 << 32", "1 >> -1", "5 / 0", "5 % (1 - 1)"] {
        let err = k(e).unwrap_err();
        assert_eq!(
            (err.kind(), err.line()),
            (DecodeErrorKind::Syntax, Some(1)),
            "{e}: {err}"
        );
    }
    // Unbalanced brackets are an error naming the line and the brackets.
    let s = "struct sock_filter f[] = {\n  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),\n  BPF_STMT(BPF_RET|BPF_K, 2 ]\n};";
    let e = decode(s.as_bytes(), None, &opts()).unwrap_err();
    assert_eq!(
        (e.kind(), e.line()),
        (DecodeErrorKind::Syntax, Some(3)),
        "{e}"
    );
    assert!(e.to_string().contains("']' closes the '('"), "{e}");
    let e = decode(b"BPF_STMT(BPF_RET|BPF_K, (2),\n", Some(Format::C), &opts()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
}

#[test]
fn c_if_uses_intmax_t() {
    // gcc -E gives B, C, F for these three (C11 6.10.1: #if computes in intmax_t and
    // uintmax_t).
    let src = "#if -1 < 0u\n{ 6, 0, 0, 1 },\n#else\n{ 6, 0, 0, 2 },\n#endif\n#if (1 << 40) >> 40\n{ 6, 0, 0, 3 },\n#else\n{ 6, 0, 0, 4 },\n#endif\n#if 0x80000000 < 0\n{ 6, 0, 0, 5 },\n#else\n{ 6, 0, 0, 6 },\n#endif\n";
    let p = decode(src.as_bytes(), Some(Format::C), &opts()).unwrap();
    assert_eq!(p.iter().map(|i| i.k).collect::<Vec<_>>(), [2, 3, 6]);
}

#[test]
fn c_long_is_32_bits_on_ilp32_arches() {
    // `int x[(-1L < 0u) ? 1 : -1];` compiles with gcc (LP64: long holds every unsigned
    // int) and fails with gcc -m32 (ILP32: both are 32 bits, so -1L becomes unsigned).
    let x86 = secbpf::seccomp::arch::parse_arch("x86").unwrap().1.unwrap();
    let e = "-1L < 0u";
    assert_eq!(
        secbpf::codec::eval_c_expr(e, Arch::x86_64()).unwrap().value,
        1
    );
    assert_eq!(secbpf::codec::eval_c_expr(e, x86).unwrap().value, 0);
    assert_eq!(secbpf::codec::eval_c_expr("1L", x86).unwrap().bits, 32);
    assert_eq!(secbpf::codec::eval_c_expr("1LL", x86).unwrap().bits, 64);
}

#[test]
fn c_macros_nest_and_take_variadic_arguments() {
    let one = |src: &str| decode(src.as_bytes(), Some(Format::C), &opts());
    // Arguments are expanded before substitution: P(P(1)).
    let p = one("#define P(x) ((x) + 1)\nBPF_STMT(BPF_RET | BPF_K, P(P(1))),\n").unwrap();
    assert_eq!(p[0].k, 3);
    // Named plus variadic parameters.
    let p = one("#define J(c, ...) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, c, __VA_ARGS__)\nJ(59, 0, 1),\nBPF_STMT(BPF_RET | BPF_K, 0),\nBPF_STMT(BPF_RET | BPF_K, 1),\n").unwrap();
    assert_eq!(p[0], Insn::jump(0x15, 59, 0, 1));
    let p = one("#define S(...) BPF_STMT(__VA_ARGS__)\nS(BPF_RET | BPF_K, 7),\n").unwrap();
    assert_eq!(p[0].k, 7);
    // Wrong argument counts, GNU named variadics and # are refused with a reason.
    let e = one("#define P(x, y) x\nBPF_STMT(BPF_RET | BPF_K, P(1)),\n").unwrap_err();
    assert!(e.to_string().contains("takes 2 arguments, found 1"), "{e}");
    let e = one("#define V(args...) args\nBPF_STMT(BPF_RET | BPF_K, V(1)),\n").unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Unsupported);
    assert!(e.to_string().contains("GNU extension"), "{e}");
    let e = one("#define S(x) #x\nBPF_STMT(BPF_RET | BPF_K, S(1)),\n").unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Unsupported);
}
