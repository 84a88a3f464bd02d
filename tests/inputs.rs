//! Input sets for `run --inputs`, `cover --inputs` and `bench --inputs`: JSON Lines, JSON
//! arrays and raw records, read as a stream (issue 14 items 2, 3, 6 and 13; issue 9 item 9).
//!
//! Expected values: the `struct seccomp_data` layout and field widths come from the spec
//! (`nr` is an `int`, `arch` a `__u32`, `instruction_pointer` and `args[]` `__u64`);
//! syscall numbers from the kernel's x86_64 table (openat 257, execve 59); the recorded
//! `ret` values of corpus/answers from the live kernel (see each file's header).

use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::input::{
    detect, parse_case, parse_inputs, Case, InputErrorKind, InputFormat, InputReader, Position,
    MAX_LINE,
};
use secbpf::Endian;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn read_all(
    bytes: &[u8],
    format: InputFormat,
) -> Result<Vec<Case>, secbpf::seccomp::input::InputError> {
    InputReader::new(bytes, Some(bytes.len() as u64), format, Endian::Little)?.collect()
}

fn err_of(bytes: &[u8]) -> secbpf::seccomp::input::InputError {
    parse_inputs(bytes, Endian::Little).unwrap_err()
}

#[test]
fn json_lines_with_defaults_names_and_negative_nr() {
    let text = br#"
# a comment
{"nr": 59}
{"arch": "x86", "nr": 11, "ip": 4096, "args": [1, "0xffffffffffffffff"]}
{"arch": 3221225534, "nr": -1}
{"syscall": "openat", "args": [4294967196, 0, 0]}
{"nr": "execve", "args": [-100, "-1"]}
"#;
    let cases = parse_inputs(text, Endian::Little).unwrap();
    assert_eq!(cases.len(), 5);
    assert_eq!(cases[0], SeccompData::new(0xc000_003e, 59));
    assert_eq!(cases[1].arch, 0x4000_0003);
    assert_eq!(cases[1].instruction_pointer, 4096);
    assert_eq!(cases[1].args, [1, u64::MAX, 0, 0, 0, 0]);
    assert_eq!(cases[2].nr, 0xffff_ffff);
    assert_eq!(cases[3].nr, 257);
    assert_eq!(cases[4].nr, 59);
    // Negative args are 64-bit two's complement (AT_FDCWD is -100).
    assert_eq!(cases[4].args[..2], [(-100i64) as u64, u64::MAX]);
}

/// Issue 14 item 3: no field is ignored, no number wraps; the error names the line and
/// the field.
#[test]
fn fields_are_never_ignored_nor_wrapped() {
    for (text, line, kind, needle) in [
        (
            &b"{\"nr\": 1}\n{\"nr\": \n"[..],
            2,
            InputErrorKind::MalformedJson,
            "EOF",
        ),
        (
            b"{\"nr\": 1, \"bogus\": 2}\n",
            1,
            InputErrorKind::UnknownField,
            "'bogus'",
        ),
        (
            b"\n\n{\"arch\": \"vax\"}\n",
            3,
            InputErrorKind::BadValue,
            "'vax'",
        ),
        (
            b"{\"args\": [1,2,3,4,5,6,7]}\n",
            1,
            InputErrorKind::BadValue,
            "at most 6",
        ),
        (
            b"{\"syscall\": \"no_such_call\"}\n",
            1,
            InputErrorKind::BadValue,
            "no_such_call",
        ),
        // The issue's cases: a number as `syscall`, and `nr` together with `syscall`.
        (
            b"{\"syscall\": 257}\n",
            1,
            InputErrorKind::BadValue,
            "use nr",
        ),
        (
            b"{\"nr\": 0, \"syscall\": \"openat\"}\n",
            1,
            InputErrorKind::DuplicateField,
            "both nr and syscall",
        ),
        (
            b"{\"nr\": 1, \"nr\": 2}\n",
            1,
            InputErrorKind::DuplicateField,
            "'nr' is given twice",
        ),
        // nr is a 32-bit int: -2^31..=2^32-1.
        (
            b"{\"nr\": 18446744073709551615}\n",
            1,
            InputErrorKind::OutOfRange,
            "18446744073709551615",
        ),
        (
            b"{\"nr\": \"0xffffffffffffffff\"}\n",
            1,
            InputErrorKind::OutOfRange,
            "18446744073709551615",
        ),
        (
            b"{\"nr\": 4294967296}\n",
            1,
            InputErrorKind::OutOfRange,
            "4294967296",
        ),
        (
            b"{\"nr\": -2147483649}\n",
            1,
            InputErrorKind::OutOfRange,
            "-2147483649",
        ),
        (b"{\"nr\": 1.5}\n", 1, InputErrorKind::OutOfRange, "1.5"),
        (b"{\"nr\": null}\n", 1, InputErrorKind::BadValue, "null"),
        (b"{\"nr\": true}\n", 1, InputErrorKind::BadValue, "true"),
        // arch and ret are __u32, ip __u64: no negatives.
        (
            b"{\"arch\": -1}\n",
            1,
            InputErrorKind::OutOfRange,
            "arch -1",
        ),
        (
            b"{\"arch\": 4294967296}\n",
            1,
            InputErrorKind::OutOfRange,
            "arch",
        ),
        (b"{\"ip\": -1}\n", 1, InputErrorKind::OutOfRange, "ip -1"),
        (
            b"{\"ret\": 4294967296}\n",
            1,
            InputErrorKind::OutOfRange,
            "ret",
        ),
        // args beyond 64 bits (serde reads them as floats).
        (
            b"{\"args\": [18446744073709551616]}\n",
            1,
            InputErrorKind::OutOfRange,
            "args[0]",
        ),
        (
            b"{\"args\": [\"-9223372036854775809\"]}\n",
            1,
            InputErrorKind::OutOfRange,
            "args[0]",
        ),
        (
            b"{\"args\": 5}\n",
            1,
            InputErrorKind::BadValue,
            "args must be an array",
        ),
        (
            b"[1]\n",
            1,
            InputErrorKind::MalformedJson,
            "array element 0",
        ),
        (
            b"{\"nr\": 1}\n\"text\"\n",
            2,
            InputErrorKind::MalformedJson,
            "a JSON object",
        ),
        // A header only on the first line, and never mixed with a case.
        (
            b"{\"nr\": 1}\n{\"verdict\": \"accepted\"}\n",
            2,
            InputErrorKind::MisplacedHeader,
            "'verdict'",
        ),
        (
            b"{\"verdict\": \"accepted\", \"nr\": 1}\n",
            1,
            InputErrorKind::MisplacedHeader,
            "'nr'",
        ),
        (
            b"{\"endian\": \"little\"}\n{\"endian\": \"little\"}\n",
            2,
            InputErrorKind::MisplacedHeader,
            "first line",
        ),
    ] {
        let e = err_of(text);
        let shown = String::from_utf8_lossy(text);
        assert_eq!(e.line(), Some(line), "{shown}: {e}");
        assert_eq!(e.kind(), kind, "{shown}: {e}");
        let msg = e.to_string();
        assert!(msg.contains(needle), "{shown}: '{msg}' lacks '{needle}'");
        assert!(msg.ends_with(&format!("(at line {line})")), "{msg}");
    }
}

/// The campaign reproducers' reader (`parse_case`) is as strict.
#[test]
fn parse_case_is_strict_too() {
    let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(parse_case(&v(r#"{"nr": 257}"#)).unwrap().nr, 257);
    assert!(parse_case(&v(r#"{"syscall": 257}"#)).is_err());
    assert!(parse_case(&v(r#"{"nr": 18446744073709551615}"#)).is_err());
    assert!(parse_case(&v(r#"{"verdict": "accepted"}"#)).is_err());
}

/// Issue 14 item 2: text is never turned into raw records.
#[test]
fn text_is_never_read_as_raw_records() {
    // A JSON array padded to 64 bytes: one case, nr 257 on x86_64.
    let mut arr = br#"[{"nr": 257, "arch": "x86_64"}]"#.to_vec();
    arr.resize(64, b' ');
    assert_eq!(detect(&arr), InputFormat::Json);
    let cases = parse_inputs(&arr, Endian::Little).unwrap();
    assert_eq!(cases, [SeccompData::new(0xc000_003e, 257)]);

    // JSON Lines behind a UTF-8 byte order mark, 128 bytes long.
    let mut bom = b"\xef\xbb\xbf{\"nr\": 257}\n".to_vec();
    bom.resize(127, b' ');
    bom.extend_from_slice(b"\n");
    assert_eq!(bom.len() % 64, 0);
    let cases = parse_inputs(&bom, Endian::Little).unwrap();
    assert_eq!(cases, [SeccompData::new(0xc000_003e, 257)]);

    // A BOM then an array; an array over several lines, with a ret.
    let text =
        b"\xef\xbb\xbf[\n {\"nr\": 1, \"ret\": 2147418112},\n {\"syscall\": \"openat\"}\n]\n";
    let cases = read_all(text, InputFormat::Auto).unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(
        (cases[0].at, cases[0].ret),
        (Position::Line(2), Some(0x7fff_0000))
    );
    assert_eq!((cases[1].at, cases[1].data.nr), (Position::Line(3), 257));
    assert_eq!(read_all(b"[]", InputFormat::Auto).unwrap(), []);

    // Printable text that is not JSON, 64 bytes: an error at line 1, not a record.
    let e = err_of(&[b'A'; 64]);
    assert_eq!(
        (e.kind(), e.line()),
        (InputErrorKind::MalformedJson, Some(1))
    );
    assert!(e.to_string().contains("--inputs-format raw"), "{e}");
    // Latin-1 text (invalid UTF-8, no NUL): an error, not a record.
    let mut latin = b"caf\xe9 ".repeat(16);
    latin.truncate(64);
    let e = err_of(&latin);
    assert_eq!((e.kind(), e.line()), (InputErrorKind::NotText, Some(1)));
    // JSON broken by a NUL byte (here padding): an error, not records.
    let mut nul = br#"{"nr": 257}"#.to_vec();
    nul.resize(64, 0);
    let e = err_of(&nul);
    assert_eq!((e.kind(), e.line()), (InputErrorKind::NotText, Some(1)));
    let mut nul = br#"[{"nr": 257}]"#.to_vec();
    nul.resize(128, 0);
    assert_eq!(err_of(&nul).kind(), InputErrorKind::NotText);
    // Arrays: unclosed, trailing text, a bad element names its line.
    assert_eq!(
        err_of(b"[{\"nr\": 1},\n").kind(),
        InputErrorKind::MalformedJson
    );
    assert_eq!(
        err_of(b"[{\"nr\": 1}] x").kind(),
        InputErrorKind::MalformedJson
    );
    let e = err_of(b"[{\"nr\": 1},\n\n{\"nr\": 1, \"x\": 0}]");
    assert_eq!(
        (e.kind(), e.line()),
        (InputErrorKind::UnknownField, Some(3))
    );
    // Forcing JSON on raw records is an error too.
    let raw = SeccompData::new(0xc000_003e, 1).to_bytes(Endian::Little);
    assert!(read_all(&raw, InputFormat::Json).is_err());
}

#[test]
fn raw_records_round_trip_and_can_be_forced() {
    let d = [
        SeccompData::new(0xc000_003e, 9),
        SeccompData {
            nr: 1,
            arch: 0xc000_003e,
            instruction_pointer: 0x1122_3344_5566_7788,
            args: [1, 2, 3, 4, 5, u64::MAX],
        },
    ];
    for endian in [Endian::Little, Endian::Big] {
        let bytes: Vec<u8> = d.iter().flat_map(|x| x.to_bytes(endian)).collect();
        assert_eq!(detect(&bytes), InputFormat::Raw);
        let got = InputReader::new(&bytes[..], None, InputFormat::Auto, endian).unwrap();
        let got: Vec<Case> = got.collect::<Result<_, _>>().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].data, got[0].at, got[0].ret),
            (d[0], Position::Record(0), None)
        );
        assert_eq!((got[1].data, got[1].at), (d[1], Position::Record(1)));
    }
    // nr 123 is '{': detected as JSON, so an error with the way out; forced raw reads it.
    let brace: Vec<u8> = SeccompData::new(0x4000_0003, 123)
        .to_bytes(Endian::Little)
        .to_vec();
    let e = err_of(&brace);
    assert!(e.to_string().contains("--inputs-format raw"), "{e}");
    let got = read_all(&brace, InputFormat::Raw).unwrap();
    assert_eq!(got[0].data, SeccompData::new(0x4000_0003, 123));
    // A size that is not a whole number of records: refused up front when the size is
    // known, at the incomplete record when streaming.
    let e = err_of(&[0u8; 65]);
    assert_eq!((e.kind(), e.position()), (InputErrorKind::RawSize, None));
    let r = InputReader::new(&[0u8; 65][..], None, InputFormat::Auto, Endian::Little).unwrap();
    let got: Vec<_> = r.collect();
    assert_eq!(got.len(), 2);
    let e = got[1].as_ref().unwrap_err();
    assert_eq!(
        (e.kind(), e.position()),
        (InputErrorKind::RawSize, Some(Position::Record(1)))
    );
}

/// A reader that counts the bytes handed out.
struct Counting<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// Issue 14 item 6: input sets are streamed; a case is available after one buffer, not
/// after the whole input, and an endless line is cut at `MAX_LINE`.
#[test]
fn inputs_are_streamed_with_bounded_lines() {
    let rec = SeccompData::new(0xc000_003e, 1).to_bytes(Endian::Little);
    let endless_raw = std::iter::repeat(rec).flatten();
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    struct Iter<I>(I);
    impl<I: Iterator<Item = u8>> Read for Iter<I> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let mut n = 0;
            for (slot, b) in buf.iter_mut().zip(&mut self.0) {
                *slot = b;
                n += 1;
            }
            Ok(n)
        }
    }
    let src = Counting {
        inner: Iter(endless_raw),
        read: read.clone(),
    };
    let mut r = InputReader::new(src, None, InputFormat::Auto, Endian::Little).unwrap();
    for _ in 0..10_000 {
        assert_eq!(r.next().unwrap().unwrap().data.nr, 1);
    }
    // 10,000 records (640,000 bytes) came through a buffer of at most 64 KiB.
    assert!(
        read.get() < 640_000 + (64 << 10) + 64,
        "read {} bytes",
        read.get()
    );

    let lines = std::iter::repeat(*b"{\"nr\": 2}\n").flatten();
    let mut r = InputReader::new(Iter(lines), None, InputFormat::Auto, Endian::Little).unwrap();
    let c = r.nth(99_999).unwrap().unwrap();
    assert_eq!((c.data.nr, c.at), (2, Position::Line(100_000)));

    let long = std::io::repeat(b'{').take(MAX_LINE as u64 * 3);
    let mut r = InputReader::new(long, None, InputFormat::Auto, Endian::Little).unwrap();
    let e = r.next().unwrap().unwrap_err();
    assert_eq!((e.kind(), e.line()), (InputErrorKind::TooLong, Some(1)));
    assert!(r.next().is_none());
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Issue 9 item 9: the case files of corpus/answers are read: the header line is a
/// header, `ret` is kept, and `run --inputs` agrees with every recorded value.
#[test]
fn corpus_answers_are_input_sets() {
    let mut files = 0;
    for e in std::fs::read_dir(root().join("corpus/answers")).unwrap() {
        let path = e.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let cases = read_all(&bytes, InputFormat::Auto).unwrap();
        let lines = bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        assert_eq!(cases.len(), lines - 1, "{}", path.display());
        assert!(cases.iter().all(|c| c.ret.is_some()));
        if let Some(c) = cases.first() {
            assert_eq!(c.at, Position::Line(2));
        }
        files += 1;
    }
    assert!(files >= 18);
    let out = secbpf(&[
        "run",
        "corpus/chronyd.bpf",
        "--inputs",
        "corpus/answers/chronyd.jsonl",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 300);
    assert!(text
        .lines()
        .all(|l| l.contains("\"matches_recorded\":true")));
    let out = secbpf(&[
        "cover",
        "corpus/chronyd.bpf",
        "--inputs",
        "corpus/answers/chronyd.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn secbpf(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Write errors are an exit 2 with a message, never a panic (exit 101): `> /dev/full`.
#[test]
fn write_errors_exit_2_in_run_and_bench() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        &["run", "tests/cli/small.s", "--nr", "1"][..],
        &["run", "tests/cli/small.s", "--nr", "1", "--trace"],
        &[
            "run",
            "tests/cli/small.s",
            "--inputs",
            "tests/cli/cases.jsonl",
            "--json",
        ],
        &["bench", "tests/cli/small.s", "--iters", "1"],
        &[
            "cover",
            "tests/cli/small.s",
            "--inputs",
            "tests/cli/cases.jsonl",
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_secbpf"))
            .args(args)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(full())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("<stdout>: cannot write"), "{args:?}: {err}");
    }
}

/// A closed pipe: `secbpf run --inputs BIG | head -1` ends with exit 2, quietly (as every
/// command does on EPIPE, like Unix tools), never a panic.
#[test]
fn closed_pipe_is_not_a_panic() {
    let dir = std::env::temp_dir().join(format!("secbpf-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = dir.join("many.jsonl");
    std::fs::write(&cases, "{\"nr\": 1}\n".repeat(200_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(["run", "tests/cli/small.s", "--inputs"])
        .arg(&cases)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is closed here.
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.is_empty(), "{err}");
}

mod props {
    use proptest::prelude::*;

    /// Bytes made of JSON-ish pieces, so the JSON paths are reached often.
    fn jsonish() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(&b"{"[..]),
            Just(&b"}"[..]),
            Just(&b"["[..]),
            Just(&b"]"[..]),
            Just(&b","[..]),
            Just(&b"\n"[..]),
            Just(&b" "[..]),
            Just(&b"#"[..]),
            Just(&b"\"nr\": "[..]),
            Just(&b"\"syscall\": \"openat\""[..]),
            Just(&b"\"arch\": \"x86\""[..]),
            Just(&b"\"args\": [1, -1, \"0x10\"]"[..]),
            Just(&b"\"ret\": 0"[..]),
            Just(&b"\"verdict\": \"accepted\""[..]),
            Just(&b"-2147483648"[..]),
            Just(&b"4294967295"[..]),
            Just(&b"18446744073709551615"[..]),
            Just(&b"1e3"[..]),
            Just(&b"\xef\xbb\xbf"[..]),
            Just(&b"\0"[..]),
            Just(&b"\xff"[..]),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// The `inputs` fuzz target's properties on random bytes and JSON-ish text.
        #[test]
        fn reader_properties_hold(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            secbpf::fuzzing::inputs(&bytes);
        }

        #[test]
        fn reader_properties_hold_on_jsonish_text(bytes in jsonish()) {
            secbpf::fuzzing::inputs(&bytes);
        }
    }
}

/// Issue 14 item 6: `run --inputs` holds one record at a time. 1,000,000 raw records
/// (64 MB) come through standard input while the address space is limited to 60 MB
/// (`ulimit -v 60000`, one malloc arena so a helper thread would not reserve 64 MB more);
/// reading the input whole, as before, needs more than 64 MB and aborts.
#[test]
fn run_inputs_streams_under_a_memory_limit() {
    use std::io::Write;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 60000 && exec \"$0\" run tests/cli/small.s --inputs - --inputs-format raw")
        .arg(env!("CARGO_BIN_EXE_secbpf"))
        .current_dir(root())
        .env("MALLOC_ARENA_MAX", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let mut chunk = Vec::with_capacity(1000 * 64);
        for block in 0..1000u32 {
            chunk.clear();
            for i in 0..1000u32 {
                let d = SeccompData::new(0xc000_003e, (block * 1000 + i) % 300);
                chunk.extend_from_slice(&d.to_bytes(Endian::native()));
            }
            if stdin.write_all(&chunk).is_err() {
                return false;
            }
        }
        true
    });
    let out = child.wait_with_output().unwrap();
    let fed = feeder.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(fed, "secbpf stopped reading: {err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// `--inputs-format` through the CLI: a raw record whose nr is 123 (`{`) is refused with
/// the way out when detected, read when forced raw; raw bytes forced as JSON are refused.
#[test]
fn inputs_format_option_forces_a_reading() {
    let dir = std::env::temp_dir().join(format!("secbpf-inputs-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let brace = dir.join("brace.raw");
    std::fs::write(
        &brace,
        SeccompData::new(0xc000_003e, 123).to_bytes(Endian::native()),
    )
    .unwrap();
    let p = brace.to_str().unwrap();
    let auto = secbpf(&["run", "tests/cli/small.s", "--inputs", p]);
    let raw = secbpf(&[
        "run",
        "tests/cli/small.s",
        "--inputs",
        p,
        "--inputs-format",
        "raw",
    ]);
    let json = secbpf(&[
        "run",
        "tests/cli/small.s",
        "--inputs",
        "tests/cli/cases.jsonl",
        "--inputs-format",
        "raw",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(auto.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&auto.stderr).contains("--inputs-format raw"));
    assert_eq!(
        raw.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&raw.stderr)
    );
    // small.s kills the process for x86_64 nr 123 (not read, write or openat).
    assert!(String::from_utf8_lossy(&raw.stdout).starts_with("KILL_PROCESS"));
    // cases.jsonl is 86 bytes: not a whole number of records, refused before any case.
    assert_eq!(json.status.code(), Some(2));
    assert!(json.stdout.is_empty());
    assert!(String::from_utf8_lossy(&json.stderr).contains("64-byte"));
}

/// `bench` and `cover` hold their cases in memory, so they stop at 1,048,576 with an
/// error instead of growing without bound.
#[test]
fn bench_and_cover_cap_the_cases_they_hold() {
    use std::io::Write;
    for cmd in ["bench", "cover"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_secbpf"))
            .args([cmd, "tests/cli/small.s", "--inputs", "-"])
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            let text = "{}\n".repeat((1 << 20) + 1);
            let _ = stdin.write_all(text.as_bytes());
        });
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(err.contains("more than 1048576 cases"), "{cmd}: {err}");
        assert!(out.stdout.is_empty());
    }
}

/// `bench --engine` times the evaluation plan (the default) or the interpreter alone, and
/// says which in its JSON; both evaluate the same inputs without error.
#[test]
fn bench_names_its_engine() {
    for (engine, expect) in [
        (None, "plan"),
        (Some("plan"), "plan"),
        (Some("interpreter"), "interpreter"),
    ] {
        let mut args = vec![
            "bench",
            "corpus/docker-x86_64.bpf",
            "--iters",
            "1",
            "--json",
        ];
        if let Some(e) = engine {
            args.extend(["--engine", e]);
        }
        let out = Command::new(env!("CARGO_BIN_EXE_secbpf"))
            .args(&args)
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["engine"], expect);
        assert_eq!(v["evals"], 512);
        assert!(v["ns_per_eval"].as_f64().is_some_and(|ns| ns > 0.0));
    }
}

/// Issue 12 goal 3: `run --to ret` and `--to raw` give the values `--json` gives, for JSON
/// Lines and for raw records (the batched path), and those are the values the live kernel
/// returned (corpus/answers, recorded with the kernel).
#[test]
fn run_to_ret_and_raw_give_the_kernels_values() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    for name in ["chronyd", "docker-x86_64", "firejail-0", "qemu", "tor"] {
        let filter = format!("corpus/{name}.bpf");
        let answers = format!("corpus/answers/{name}.jsonl");
        let bytes = std::fs::read(root().join(&answers)).unwrap();
        let cases = read_all(&bytes, InputFormat::Auto).unwrap();
        let recorded: Vec<u32> = cases.iter().map(|c| c.ret.unwrap()).collect();
        assert!(!recorded.is_empty(), "{answers}");
        // The same cases as raw records (no recorded ret there).
        let raw_path = tmp.join(format!("{name}.raw"));
        let raw: Vec<u8> = cases
            .iter()
            .flat_map(|c| c.data.to_bytes(Endian::native()))
            .collect();
        std::fs::write(&raw_path, &raw).unwrap();
        let raw_path = raw_path.to_str().unwrap();
        let ok = |args: &[&str]| {
            let out = secbpf(args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let hex = |out: Vec<u8>| -> Vec<u32> {
            String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| u32::from_str_radix(l.strip_prefix("0x").unwrap(), 16).unwrap())
                .collect()
        };
        let words = |out: Vec<u8>| -> Vec<u32> {
            assert_eq!(out.len() % 4, 0);
            out.chunks(4)
                .map(|c| u32::from_ne_bytes(c.try_into().unwrap()))
                .collect()
        };
        let json = |out: Vec<u8>| -> Vec<u32> {
            String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["ret"].as_u64().unwrap() as u32
                })
                .collect()
        };
        let run = ["run", filter.as_str(), "--inputs"];
        let with = |extra: &[&str], path: &str| -> Vec<String> {
            run.iter()
                .copied()
                .chain([path])
                .chain(extra.iter().copied())
                .map(String::from)
                .collect()
        };
        let call = |v: Vec<String>| ok(&v.iter().map(String::as_str).collect::<Vec<_>>());
        let from_json = json(call(with(&["--json"], &answers)));
        assert_eq!(from_json, recorded, "{name}");
        assert_eq!(hex(call(with(&["--to", "ret"], &answers))), recorded);
        assert_eq!(words(call(with(&["--to", "raw"], &answers))), recorded);
        let raw_in = ["--inputs-format", "raw"];
        let both = |to: &str| with(&[raw_in[0], raw_in[1], "--to", to], raw_path);
        assert_eq!(hex(call(both("ret"))), recorded);
        assert_eq!(words(call(both("raw"))), recorded);
        assert_eq!(json(call(both("json"))), recorded);
    }
}

/// `--to` with a stack, a recorded ret that differs, options that do not go together,
/// and a raw record cut short: the batched raw path prints the values before the error,
/// and the error is the one the per-case path gives.
#[test]
fn run_to_keeps_every_rule_of_run_inputs() {
    let stack = [
        "run",
        "tests/cli/errno-stack-a.s",
        "tests/cli/errno-stack-b.s",
        "tests/cli/errno-stack-c.s",
        "--inputs",
        "tests/cli/cases.jsonl",
    ];
    let json: Vec<u32> = String::from_utf8(secbpf(&[&stack[..], &["--json"]].concat()).stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["ret"]
                .as_u64()
                .unwrap() as u32
        })
        .collect();
    let ret = secbpf(&[&stack[..], &["--to", "ret"]].concat());
    let want: String = json.iter().map(|v| format!("{v:#010x}\n")).collect();
    assert_eq!(String::from_utf8(ret.stdout).unwrap(), want);
    assert_eq!(json.len(), 4);

    let stale = secbpf(&[
        "run",
        "tests/cli/small.s",
        "--inputs",
        "tests/cli/answers-stale.jsonl",
        "--to",
        "ret",
    ]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("differ from their recorded ret"));

    for (args, needle) in [
        (&["--json", "--to", "ret"][..], "--json and --to ret"),
        (&["--to", "raw", "--trace"][..], "--trace"),
        (&["--to", "bogus"][..], "bogus"),
    ] {
        let out = secbpf(
            &[
                &[
                    "run",
                    "tests/cli/small.s",
                    "--inputs",
                    "tests/cli/cases.jsonl",
                ][..],
                args,
            ]
            .concat(),
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needle),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // 5,000 whole records, then 10 bytes: through a pipe (no size known up front).
    let mut raw: Vec<u8> = (0..5000u32)
        .flat_map(|nr| SeccompData::new(0xc000_003e, nr % 400).to_bytes(Endian::native()))
        .collect();
    raw.extend_from_slice(&[1; 10]);
    let piped = |to: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_secbpf"))
            .args([
                "run",
                "tests/cli/small.s",
                "--inputs",
                "-",
                "--inputs-format",
                "raw",
                "--to",
                to,
            ])
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let data = raw.clone();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(&data);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        out
    };
    let (r, j) = (piped("raw"), piped("json"));
    assert_eq!((r.status.code(), j.status.code()), (Some(2), Some(2)));
    assert_eq!(r.stderr, j.stderr);
    assert!(String::from_utf8_lossy(&r.stderr).contains("record 5000"));
    let rets: Vec<u32> = r
        .stdout
        .chunks(4)
        .map(|c| u32::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    let from_json: Vec<u32> = String::from_utf8(j.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["ret"]
                .as_u64()
                .unwrap() as u32
        })
        .collect();
    assert_eq!(rets.len(), 5000);
    assert_eq!(rets, from_json);
}
