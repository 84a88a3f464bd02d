//! Input sets for `run --inputs` and `bench --inputs`: JSON Lines and raw records.

use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::input::parse_inputs;
use secbpf::Endian;

#[test]
fn json_lines_with_defaults_names_and_negative_nr() {
    let text = br#"
# a comment
{"nr": 59}
{"arch": "x86", "nr": 11, "ip": 4096, "args": [1, "0xffffffffffffffff"]}
{"arch": 3221225534, "nr": -1}
{"syscall": "openat", "args": [4294967196, 0, 0]}
"#;
    let cases = parse_inputs(text, Endian::Little).unwrap();
    assert_eq!(cases.len(), 4);
    assert_eq!(cases[0], SeccompData::new(0xc000_003e, 59));
    assert_eq!(cases[1].arch, 0x4000_0003);
    assert_eq!(cases[1].instruction_pointer, 4096);
    assert_eq!(cases[1].args, [1, u64::MAX, 0, 0, 0, 0]);
    assert_eq!(cases[2].nr, 0xffff_ffff);
    assert_eq!(cases[3].nr, 257);
}

#[test]
fn malformed_lines_name_the_line() {
    for (text, line) in [
        (&b"{\"nr\": 1}\n{\"nr\": \n"[..], 2),
        (b"{\"nr\": 1, \"bogus\": 2}\n", 1),
        (b"\n\n{\"arch\": \"vax\"}\n", 3),
        (b"{\"args\": [1,2,3,4,5,6,7]}\n", 1),
        (b"{\"nr\": 4294967296}\n", 1),
        (b"{\"syscall\": \"no_such_call\"}\n", 1),
    ] {
        let e = parse_inputs(text, Endian::Little).unwrap_err();
        assert_eq!(e.line(), Some(line), "{}", String::from_utf8_lossy(text));
    }
}

#[test]
fn raw_records_round_trip_even_when_they_look_like_text() {
    // nr 123 is '{' and an i386 arch with zero fields is otherwise valid UTF-8: the NUL
    // bytes still mark it as raw.
    let d = [
        SeccompData::new(0x4000_0003, 123),
        SeccompData {
            nr: 1,
            arch: 0xc000_003e,
            instruction_pointer: 0x1122_3344_5566_7788,
            args: [1, 2, 3, 4, 5, u64::MAX],
        },
    ];
    for endian in [Endian::Little, Endian::Big] {
        let bytes: Vec<u8> = d.iter().flat_map(|x| x.to_bytes(endian)).collect();
        assert_eq!(parse_inputs(&bytes, endian).unwrap(), d);
    }
    assert!(parse_inputs(&[0u8; 65], Endian::Little).is_err());
}
