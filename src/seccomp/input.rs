//! Input sets for `run`, `bench` and `cover`: JSON Lines cases, a JSON array of cases, or
//! raw `struct seccomp_data` records, read as a stream.
//!
//! # Detection (`InputFormat::Auto`)
//!
//! Text is never turned into records. The first bytes decide:
//! * a UTF-8 byte order mark, or a first non-blank byte `[`, `{` or `#`: JSON (a `[` opens
//!   an array of cases, anything else is JSON Lines); a NUL byte or invalid UTF-8 later on
//!   is then an error naming the line, never a switch to raw records;
//! * otherwise, a NUL byte among the first 64 bytes: raw 64-byte records (every
//!   AUDIT_ARCH value holds a zero byte, JSON text never does);
//! * otherwise (text, or bytes without a NUL): JSON Lines, so anything that is not valid
//!   JSON is an error naming the line.
//!
//! `InputFormat::Raw` and `InputFormat::Json` force a reading.
//!
//! # Cases
//!
//! `{"arch": 3221225534 | "x86_64", "nr": 59 | "execve", "ip": 0, "args": [0, ...],
//! "ret": 2147418112}`; `"syscall": "execve"` may name the syscall instead of `nr` (not
//! both). Missing fields are 0 and arch defaults to x86_64. Ranges: `nr` is the 32-bit
//! `int` of `struct seccomp_data`, -2147483648..=4294967295 (negative values taken as
//! two's complement); `arch` and `ret` are 0..=4294967295; `ip` is 0..=2^64-1; each of at
//! most six `args` is -2^63..=2^64-1 (negative taken as 64-bit two's complement). Numbers
//! may be JSON integers or strings (`"0x..."`). `ret` is the value a filter is recorded to
//! return for the case (the corpus answers carry it); readers hand it on, they never drop
//! it silently. Any other field, a field given twice, or `null` is an error naming the line.
//!
//! The first line of a JSON Lines file may be a header object holding only the fields
//! `endian`, `filter`, `insns`, `kernel_release`, `note`, `recorded_with` and `verdict`
//! (the header of `corpus/answers/*.jsonl`); it describes the recording and holds no case.

use crate::insn::Endian;
use crate::seccomp::arch::{data_endian, Arch};
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

/// Longest JSON Lines line read (bytes, without the newline); a longer line is an error.
pub const MAX_LINE: usize = 1 << 20;
/// Largest JSON array of cases read (bytes); arrays are read whole, JSON Lines and raw
/// records are streamed.
pub const MAX_ARRAY_BYTES: u64 = 64 << 20;
/// Size of one raw `struct seccomp_data` record.
pub const RECORD: usize = 64;

/// How to read an input set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InputFormat {
    /// Detect from the first bytes (see the module docs).
    #[default]
    Auto,
    /// JSON Lines or a JSON array of cases, with or without a byte order mark.
    Json,
    /// Raw 64-byte `struct seccomp_data` records.
    Raw,
}

/// Where a case (or an error) is in its input set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// 1-based line of a JSON file.
    Line(usize),
    /// 0-based index of a raw record (byte offset `64 * index`).
    Record(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(l) => write!(f, "line {l}"),
            Position::Record(r) => write!(f, "record {r}, byte {}", r * RECORD as u64),
        }
    }
}

/// One case of an input set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    /// The `struct seccomp_data` to run.
    pub data: SeccompData,
    /// The value a filter is recorded to return for it (JSON `ret`), if given.
    pub ret: Option<u32>,
    /// Where the case is.
    pub at: Position,
}

/// What went wrong reading an input set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// The input could not be read.
    Io,
    /// A line is not valid UTF-8 or holds a NUL byte.
    NotText,
    /// A line is not valid JSON, or not a JSON object.
    MalformedJson,
    /// A field no case or header has.
    UnknownField,
    /// A field given twice (or `nr` together with `syscall`).
    DuplicateField,
    /// A header field outside the header line, or mixed with case fields.
    MisplacedHeader,
    /// A value of the wrong type, or a name that does not resolve.
    BadValue,
    /// A number outside its field's range.
    OutOfRange,
    /// A line longer than [`MAX_LINE`] or an array larger than [`MAX_ARRAY_BYTES`].
    TooLong,
    /// Raw input whose size is not a whole number of 64-byte records.
    RawSize,
}

impl InputErrorKind {
    fn category(self) -> &'static str {
        match self {
            InputErrorKind::Io => "cannot read input",
            InputErrorKind::NotText => "not JSON text",
            InputErrorKind::MalformedJson => "malformed JSON",
            InputErrorKind::UnknownField => "unknown field",
            InputErrorKind::DuplicateField => "duplicate field",
            InputErrorKind::MisplacedHeader => "misplaced header",
            InputErrorKind::BadValue => "bad value",
            InputErrorKind::OutOfRange => "out of range",
            InputErrorKind::TooLong => "input too long",
            InputErrorKind::RawSize => "incomplete raw record",
        }
    }
}

/// Why an input set could not be read: a kind, where, and the detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    kind: InputErrorKind,
    at: Option<Position>,
    detail: String,
}

impl InputError {
    #[cold]
    fn new(kind: InputErrorKind, at: Option<Position>, detail: String) -> InputError {
        InputError { kind, at, detail }
    }
    /// What went wrong.
    pub fn kind(&self) -> InputErrorKind {
        self.kind
    }
    /// Where, if the error is at one line or record.
    pub fn position(&self) -> Option<Position> {
        self.at
    }
    /// 1-based line of a JSON file, if the error is on one.
    pub fn line(&self) -> Option<usize> {
        match self.at {
            Some(Position::Line(l)) => Some(l),
            _ => None,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.category(), self.detail)?;
        match self.at {
            Some(p) => write!(f, " (at {p})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for InputError {}

/// A JSON object's members in order, duplicates kept (serde_json's `Map` keeps only the
/// last of a duplicated key, which would drop a value silently).
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Members, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object like {\"nr\": 59}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

const CASE_FIELDS: [&str; 6] = ["arch", "nr", "syscall", "ip", "args", "ret"];
const HEADER_FIELDS: [&str; 7] = [
    "endian",
    "filter",
    "insns",
    "kernel_release",
    "note",
    "recorded_with",
    "verdict",
];

type Fail = (InputErrorKind, String);

fn bad(detail: String) -> Fail {
    (InputErrorKind::BadValue, detail)
}

/// An integer in `min..=max` from a JSON number or a numeric string; `range` describes
/// the range in the error.
fn int(v: &Value, what: &str, min: i128, max: i128, range: &str) -> Result<i128, Fail> {
    let x: i128 = match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                i128::from(u)
            } else if let Some(i) = n.as_i64() {
                i128::from(i)
            } else {
                return Err((
                    InputErrorKind::OutOfRange,
                    format!("{what} must be an integer from {range}, not {n}"),
                ));
            }
        }
        Value::String(s) => {
            let t = s.trim();
            let parsed = match t.strip_prefix('-') {
                Some(m) if !m.starts_with(['-', '+']) => {
                    crate::num::parse_u64(m).map(|u| -i128::from(u))
                }
                Some(_) => None,
                None => crate::num::parse_u64(t).map(i128::from),
            };
            parsed.ok_or_else(|| {
                bad(format!(
                    "{what} '{s}' is not a number (expected an integer from {range})"
                ))
            })?
        }
        other => {
            return Err(bad(format!(
                "{what} must be an integer from {range}, not {}",
                short(other)
            )))
        }
    };
    if x < min || x > max {
        return Err((
            InputErrorKind::OutOfRange,
            format!("{what} {x} (expected an integer from {range})"),
        ));
    }
    Ok(x)
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

const NR_RANGE: &str = "-2147483648 to 4294967295, a 32-bit int";
const U32_RANGE: &str = "0 to 4294967295";
const U64_RANGE: &str = "0 to 18446744073709551615";
const ARG_RANGE: &str = "-9223372036854775808 to 18446744073709551615";

fn looks_numeric(s: &str) -> bool {
    s.trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
}

/// The case, or `None` for a header object (only when `header_ok`).
fn case_of(
    members: &[(String, Value)],
    header_ok: bool,
) -> Result<Option<(SeccompData, Option<u32>)>, Fail> {
    for (i, (k, _)) in members.iter().enumerate() {
        if members[..i].iter().any(|(p, _)| p == k) {
            return Err((
                InputErrorKind::DuplicateField,
                format!("field '{k}' is given twice"),
            ));
        }
        if !CASE_FIELDS.contains(&k.as_str()) && !HEADER_FIELDS.contains(&k.as_str()) {
            return Err((
                InputErrorKind::UnknownField,
                format!(
                    "field '{k}' is not a case field (a case has arch, nr or syscall, ip, args and ret)"
                ),
            ));
        }
    }
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let header = members
        .iter()
        .find(|(k, _)| HEADER_FIELDS.contains(&k.as_str()));
    if let Some((hk, _)) = header {
        if let Some((ck, _)) = members
            .iter()
            .find(|(k, _)| CASE_FIELDS.contains(&k.as_str()))
        {
            return Err((
                InputErrorKind::MisplacedHeader,
                format!("header field '{hk}' is mixed with case field '{ck}' (a header line holds only header fields)"),
            ));
        }
        if !header_ok {
            return Err((
                InputErrorKind::MisplacedHeader,
                format!("header field '{hk}' is only allowed on the first line of JSON Lines (a header line like corpus/answers' describes the recording)"),
            ));
        }
        return Ok(None);
    }
    let (arch, known) = match get("arch") {
        None => (Arch::x86_64().audit, Some(Arch::x86_64())),
        Some(Value::String(s)) if !looks_numeric(s) => {
            let a = Arch::by_name(s).ok_or_else(|| {
                bad(format!(
                    "unknown arch '{s}' (expected a name such as x86_64 or a number)"
                ))
            })?;
            (a.audit, Some(a))
        }
        Some(v) => {
            let a = int(v, "arch", 0, i128::from(u32::MAX), U32_RANGE)? as u32;
            (a, Arch::by_audit(a))
        }
    };
    let name_nr = |what: &str, s: &str| -> Result<u32, Fail> {
        let a = known.ok_or_else(|| {
            bad(format!(
                "{what} '{s}': no syscall table for arch {arch:#x} (give nr as a number)"
            ))
        })?;
        a.syscall_nr(s).ok_or_else(|| {
            let near = a.similar_syscalls(s);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", near.join(" or "))
            };
            bad(format!(
                "{what}: unknown syscall '{s}' for arch {}{hint}",
                a.name
            ))
        })
    };
    let nr = match (get("nr"), get("syscall")) {
        (Some(_), Some(_)) => {
            return Err((
                InputErrorKind::DuplicateField,
                "both nr and syscall are given (give one)".to_string(),
            ))
        }
        (Some(Value::String(s)), None) if !looks_numeric(s) => name_nr("nr", s)?,
        (Some(v), None) => {
            let x = int(v, "nr", -(1i128 << 31), i128::from(u32::MAX), NR_RANGE)?;
            (x as i64) as u32
        }
        (None, Some(Value::String(s))) => name_nr("syscall", s)?,
        (None, Some(v)) => {
            return Err(bad(format!(
                "syscall must be a syscall name, not {} (use nr for a number)",
                short(v)
            )))
        }
        (None, None) => 0,
    };
    let ip = match get("ip") {
        Some(v) => int(v, "ip", 0, i128::from(u64::MAX), U64_RANGE)? as u64,
        None => 0,
    };
    let mut args = [0u64; 6];
    match get("args") {
        None => {}
        Some(Value::Array(a)) => {
            if a.len() > 6 {
                return Err(bad(format!(
                    "args has {} values; a syscall has at most 6",
                    a.len()
                )));
            }
            for (i, (slot, v)) in args.iter_mut().zip(a).enumerate() {
                let x = int(
                    v,
                    &format!("args[{i}]"),
                    -(1i128 << 63),
                    i128::from(u64::MAX),
                    ARG_RANGE,
                )?;
                *slot = if x < 0 { (x as i64) as u64 } else { x as u64 };
            }
        }
        Some(other) => {
            return Err(bad(format!(
                "args must be an array of at most 6 numbers, not {}",
                short(other)
            )))
        }
    }
    let ret = match get("ret") {
        Some(v) => Some(int(v, "ret", 0, i128::from(u32::MAX), U32_RANGE)? as u32),
        None => None,
    };
    Ok(Some((
        SeccompData {
            nr,
            arch,
            instruction_pointer: ip,
            args,
        },
        ret,
    )))
}

/// Parse one JSON case: `{"arch": 3221225534 | "x86_64", "nr": 59 | "execve", "ip": 0,
/// "args": [0, 0, 0, 0, 0, 0]}` with the fields and ranges of the module docs (a `ret`
/// is checked but not returned; header objects are refused).
///
/// # Errors
/// The field at fault and what was expected.
pub fn parse_case(v: &Value) -> Result<SeccompData, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| "expected a JSON object like {\"nr\": 59}".to_string())?;
    let members: Vec<(String, Value)> = obj.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    match case_of(&members, false) {
        Ok(Some((d, _))) => Ok(d),
        Ok(None) => Err("a header object is not a case".to_string()),
        Err((_, e)) => Err(e),
    }
}

/// Parse one JSON text (a line, or an array element) into a case; `None` for a header.
/// The usual shape of a case is read by [`fast_case`] without allocating; anything else
/// (names, strings, headers, errors) takes the serde path, which alone words the errors.
fn parse_json_case(
    text: &[u8],
    header_ok: bool,
) -> Result<Option<(SeccompData, Option<u32>)>, Fail> {
    if let Some(c) = fast_case(text) {
        return Ok(Some(c));
    }
    serde_case(text, header_ok)
}

/// A byte cursor for [`fast_case`].
struct Scan<'t> {
    t: &'t [u8],
    i: usize,
}

impl Scan<'_> {
    /// JSON white space; `NL`: whether `\n` counts (not when a line is read in place).
    #[inline(always)]
    fn ws<const NL: bool>(&mut self) {
        while let Some(&b) = self.t.get(self.i) {
            // Most bytes met here are not white space: one comparison says so.
            if b > b' ' || !(b == b' ' || b == b'\t' || b == b'\r' || (NL && b == b'\n')) {
                break;
            }
            self.i += 1;
        }
    }
    /// A member's name and its colon, as one of the `KEY_` bits; `None` for any other
    /// name (or a name with escapes), which the serde path reads. The usual `"name":`
    /// is matched eight bytes at a time.
    #[inline(always)]
    fn key<const NL: bool>(&mut self) -> Option<u8> {
        if let Some(c) = self.t.get(self.i..self.i + 8) {
            let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            // The name's first letter picks the one candidate (two for `a`).
            let candidates: &[(u64, u32, u8)] = match (w >> 8) as u8 {
                b'n' => &KEYS[0..1],
                b'a' => &KEYS[1..3],
                b'i' => &KEYS[3..4],
                b'r' => &KEYS[4..5],
                _ => &[],
            };
            for &(pat, len, bit) in candidates {
                let mask = u64::MAX >> (64 - 8 * len);
                if w & mask == pat {
                    self.i += len as usize;
                    return Some(bit);
                }
            }
        }
        self.eat(b'"')?;
        let start = self.i;
        let len = self.t[start..].iter().position(|&b| b == b'"')?;
        let bit = match &self.t[start..start + len] {
            b"arch" => KEY_ARCH,
            b"nr" => KEY_NR,
            b"ip" => KEY_IP,
            b"args" => KEY_ARGS,
            b"ret" => KEY_RET,
            _ => return None,
        };
        self.i = start + len + 1;
        self.ws::<NL>();
        self.eat(b':')?;
        Some(bit)
    }
    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let b = *self.t.get(self.i)?;
        self.i += 1;
        Some(b)
    }
    #[inline(always)]
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }
    /// The digits of a JSON integer without sign: `0` or `[1-9][0-9]*`, at most
    /// u64::MAX. What follows (a fraction, an exponent, a second digit after `0`) is
    /// left to the caller, which accepts only a separator there.
    #[inline(always)]
    fn digits(&mut self) -> Option<u64> {
        let first = self.next()?;
        if !first.is_ascii_digit() {
            return None;
        }
        let mut v = u64::from(first - b'0');
        if v == 0 {
            return Some(0);
        }
        let start = self.i - 1;
        const POW10: [u64; 9] = [
            1,
            10,
            100,
            1_000,
            10_000,
            100_000,
            1_000_000,
            10_000_000,
            100_000_000,
        ];
        // Then up to eight digits at a time, twice: 17 digits at most, which fit in a
        // u64 without a check.
        for _ in 0..2 {
            let Some(chunk) = self.t.get(self.i..self.i + 8) else {
                break;
            };
            let c = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            // A byte below '0' or above '9' sets its high bit in one of these (carries
            // only run towards later bytes, so the first such byte is right).
            let low = c.wrapping_sub(0x3030_3030_3030_3030);
            let high = c.wrapping_add(0x4646_4646_4646_4646);
            let other = (low | high) & 0x8080_8080_8080_8080;
            let n = if other == 0 {
                8
            } else {
                (other.trailing_zeros() / 8) as usize
            };
            if n == 0 {
                return Some(v);
            }
            // The n digits moved to the end of the word, zeros (leading zero digits)
            // before them.
            let part = eight_digits(if n == 8 { low } else { low << (8 * (8 - n)) });
            v = v * POW10[n] + part;
            self.i += n;
            if n < 8 {
                return Some(v);
            }
        }
        // The rest one at a time: up to 19 digits fit without a check, the 20th is
        // checked.
        while let Some(&d) = self.t.get(self.i) {
            if !d.is_ascii_digit() {
                break;
            }
            if self.i - start < 19 {
                v = v * 10 + u64::from(d - b'0');
            } else {
                v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            }
            self.i += 1;
        }
        Some(v)
    }
}

const KEY_ARCH: u8 = 1;
const KEY_NR: u8 = 2;
const KEY_IP: u8 = 4;
const KEY_ARGS: u8 = 8;
const KEY_RET: u8 = 16;

/// `"name":` of each member as a little-endian word (its bytes from the low end), its
/// length and its bit, for [`Scan::key`].
const KEYS: [(u64, u32, u8); 5] = {
    const fn word(s: &[u8]) -> u64 {
        let mut w = 0u64;
        let mut i = 0;
        while i < s.len() {
            w |= (s[i] as u64) << (8 * i);
            i += 1;
        }
        w
    }
    [
        (word(b"\"nr\":"), 5, KEY_NR),
        (word(b"\"args\":"), 7, KEY_ARGS),
        (word(b"\"arch\":"), 7, KEY_ARCH),
        (word(b"\"ip\":"), 5, KEY_IP),
        (word(b"\"ret\":"), 6, KEY_RET),
    ]
};

/// The value of eight decimal digits, first digit in the low byte, each byte already
/// less `b'0'`.
#[inline(always)]
fn eight_digits(v: u64) -> u64 {
    // pairs, then quads, then the eight
    let v = (v * 10 + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    let v = (v * 100 + (v >> 16)) & 0x0000_ffff_0000_ffff;
    (v * 10_000 + (v >> 32)) & 0xffff_ffff
}

/// The usual case, `{"arch": N, "nr": N, "ip": N, "args": [N, ...], "ret": N}` with
/// plain JSON integers in range (any order, any subset, JSON white space), read without
/// allocating. `None` for anything else, which [`serde_case`] then reads (and words the
/// error for): this accepts a subset of what the serde path accepts, with the same result
/// (a property test in this module holds the two together).
fn fast_case(t: &[u8]) -> Option<(SeccompData, Option<u32>)> {
    let mut s = Scan { t, i: 0 };
    s.ws::<true>();
    let c = fast_object::<true>(&mut s)?;
    s.ws::<true>();
    (s.i == t.len()).then_some(c)
}

/// [`fast_case`] on the first line of `buf`, read in place: the case and the bytes up to
/// and including the line's `\n`. `None` when the line is not the usual shape or its
/// newline is not in `buf` (a last line without one, or a line cut by the buffer's end):
/// the caller then reads the line whole. White space here is JSON's without `\n`, so
/// what it accepts is exactly what [`fast_case`] accepts on the line without its newline.
#[inline]
fn fast_line(buf: &[u8]) -> Option<(SeccompData, Option<u32>, usize)> {
    let mut s = Scan { t: buf, i: 0 };
    s.ws::<false>();
    let (d, ret) = fast_object::<false>(&mut s)?;
    s.ws::<false>();
    s.eat(b'\n')?;
    Some((d, ret, s.i))
}

/// The object of [`fast_case`], from its `{` to its `}`; `NL`: whether `\n` is white
/// space (it is within a line's text, not when reading a line in place from a buffer).
#[inline(always)]
fn fast_object<const NL: bool>(s: &mut Scan) -> Option<(SeccompData, Option<u32>)> {
    let mut d = SeccompData {
        nr: 0,
        arch: crate::consts::AUDIT_ARCH_X86_64,
        instruction_pointer: 0,
        args: [0; 6],
    };
    let mut ret = None;
    let mut seen = 0u8;
    s.eat(b'{')?;
    s.ws::<NL>();
    if s.t.get(s.i) == Some(&b'}') {
        s.i += 1;
        return Some((d, ret));
    }
    loop {
        let bit = s.key::<NL>()?;
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        s.ws::<NL>();
        match bit {
            KEY_ARCH => d.arch = u32::try_from(s.digits()?).ok()?,
            KEY_NR => {
                d.nr = if s.t.get(s.i) == Some(&b'-') {
                    s.i += 1;
                    let m = s.digits()?;
                    if m == 0 || m > 1 << 31 {
                        return None;
                    }
                    (m as u32).wrapping_neg()
                } else {
                    u32::try_from(s.digits()?).ok()?
                }
            }
            KEY_IP => d.instruction_pointer = s.digits()?,
            KEY_RET => ret = Some(u32::try_from(s.digits()?).ok()?),
            _ => {
                s.eat(b'[')?;
                s.ws::<NL>();
                if s.t.get(s.i) == Some(&b']') {
                    s.i += 1;
                } else {
                    let mut n = 0;
                    loop {
                        let slot = d.args.get_mut(n)?;
                        *slot = if s.t.get(s.i) == Some(&b'-') {
                            s.i += 1;
                            let m = s.digits()?;
                            if m == 0 || m > 1 << 63 {
                                return None;
                            }
                            // two's complement of -m, as the i64 the kernel would see
                            m.wrapping_neg()
                        } else {
                            s.digits()?
                        };
                        n += 1;
                        s.ws::<NL>();
                        match s.next()? {
                            b',' => s.ws::<NL>(),
                            b']' => break,
                            _ => return None,
                        }
                    }
                }
            }
        }
        s.ws::<NL>();
        match s.next()? {
            b',' => s.ws::<NL>(),
            b'}' => return Some((d, ret)),
            _ => return None,
        }
    }
}

/// [`parse_json_case`] through serde_json: every syntax and every error message.
fn serde_case(text: &[u8], header_ok: bool) -> Result<Option<(SeccompData, Option<u32>)>, Fail> {
    let m: Members = serde_json::from_slice(text).map_err(|e| {
        let msg = e.to_string();
        // serde_json appends the position within the line; the line is reported by us.
        let msg = match msg.rsplit_once(" at line ") {
            Some((head, _)) if e.line() > 0 => head.to_string(),
            _ => msg,
        };
        (
            InputErrorKind::MalformedJson,
            format!("{msg} (at column {})", e.column()),
        )
    })?;
    case_of(&m.0, header_ok)
}

/// How the reader goes on after detection.
enum Mode {
    Lines,
    Raw,
    /// Cases of a JSON array, parsed up front.
    Array(VecDeque<Result<Case, InputError>>),
}

/// A streaming reader of an input set: an iterator of cases that holds one line or one
/// record at a time (a JSON array is read whole, up to [`MAX_ARRAY_BYTES`]). It stops
/// after the first error.
pub struct InputReader<'a> {
    src: Box<dyn BufRead + 'a>,
    mode: Mode,
    endian: Endian,
    /// Auto-detected JSON: errors before the first case carry a hint to force raw.
    auto: bool,
    /// Whether a case has been returned.
    yielded: bool,
    /// Lines read so far (JSON) or records read so far (raw).
    count: u64,
    /// Whether a case or header has been seen (a header may only come first).
    seen_any: bool,
    done: bool,
    line: Vec<u8>,
}

impl<'a> InputReader<'a> {
    /// Start reading `src` (whose total size, if known, is `size`) as `format`; raw
    /// records are in `endian` byte order.
    ///
    /// # Errors
    /// The input cannot be read, raw input of a known size that is not a whole number of
    /// records, or a JSON array that is malformed or too large.
    pub fn new(
        src: impl Read + 'a,
        size: Option<u64>,
        format: InputFormat,
        endian: Endian,
    ) -> Result<InputReader<'a>, InputError> {
        let mut src = src;
        let mut head = Vec::with_capacity(RECORD);
        (&mut src)
            .take(RECORD as u64)
            .read_to_end(&mut head)
            .map_err(io_err)?;
        let auto = format == InputFormat::Auto;
        let resolved = match format {
            InputFormat::Auto => detect(&head),
            f => f,
        };
        let mut r = InputReader {
            src: Box::new(BufReader::with_capacity(
                1 << 16,
                std::io::Cursor::new(head).chain(src),
            )),
            mode: Mode::Lines,
            endian,
            auto,
            yielded: false,
            count: 0,
            seen_any: false,
            done: false,
            line: Vec::new(),
        };
        match resolved {
            InputFormat::Raw => {
                if let Some(n) = size.filter(|n| n % RECORD as u64 != 0) {
                    return Err(raw_size(n));
                }
                r.mode = Mode::Raw;
                r.auto = false;
            }
            _ => {
                r.skip_bom()?;
                if r.first_significant()? == Some(b'[') {
                    r.mode = Mode::Array(r.read_array().map_err(|e| hint(e, auto))?);
                }
            }
        }
        Ok(r)
    }

    fn skip_bom(&mut self) -> Result<(), InputError> {
        let buf = self.src.fill_buf().map_err(io_err)?;
        if buf.starts_with(b"\xef\xbb\xbf") {
            self.src.consume(3);
        }
        Ok(())
    }

    /// The first byte that is not ASCII white space; only white space is consumed.
    fn first_significant(&mut self) -> Result<Option<u8>, InputError> {
        loop {
            let buf = self.src.fill_buf().map_err(io_err)?;
            if buf.is_empty() {
                return Ok(None);
            }
            match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) => return Ok(Some(buf[i])),
                None => {
                    // Count the newlines we skip so line numbers stay right.
                    let nl = buf.iter().filter(|&&b| b == b'\n').count() as u64;
                    let n = buf.len();
                    self.count += nl;
                    self.src.consume(n);
                }
            }
        }
    }

    fn read_array(&mut self) -> Result<VecDeque<Result<Case, InputError>>, InputError> {
        let base_line = self.count as usize;
        let mut text = Vec::new();
        (&mut self.src)
            .take(MAX_ARRAY_BYTES + 1)
            .read_to_end(&mut text)
            .map_err(io_err)?;
        if text.len() as u64 > MAX_ARRAY_BYTES {
            return Err(InputError::new(
                InputErrorKind::TooLong,
                None,
                format!("a JSON array of cases is read whole and may hold at most {MAX_ARRAY_BYTES} bytes (write JSON Lines, one case per line, for more)"),
            ));
        }
        let line_at =
            |off: usize| base_line + 1 + text[..off].iter().filter(|&&b| b == b'\n').count();
        let mut out = VecDeque::new();
        if let Some(off) = text.iter().position(|&b| b == 0) {
            out.push_back(Err(InputError::new(
                InputErrorKind::NotText,
                Some(Position::Line(line_at(off))),
                format!("a NUL byte at byte {off} of the array (JSON text holds none)"),
            )));
            return Ok(out);
        }
        // Walk the elements one by one so each case knows its line.
        let mut pos = 1; // after '['
        let skip_ws = |p: &mut usize| {
            while *p < text.len() && text[*p].is_ascii_whitespace() {
                *p += 1;
            }
        };
        skip_ws(&mut pos);
        if text.get(pos) == Some(&b']') {
            pos += 1;
        } else {
            loop {
                skip_ws(&mut pos);
                let at = Position::Line(line_at(pos.min(text.len())));
                let mut it =
                    serde_json::Deserializer::from_slice(&text[pos..]).into_iter::<Value>();
                let start = pos;
                match it.next() {
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        out.push_back(Err(InputError::new(
                            InputErrorKind::MalformedJson,
                            Some(at),
                            format!("array element {}: {}", out.len(), strip_pos(&e)),
                        )));
                        return Ok(out);
                    }
                    None => {
                        out.push_back(Err(InputError::new(
                            InputErrorKind::MalformedJson,
                            Some(at),
                            "the array of cases is not closed with ']'".to_string(),
                        )));
                        return Ok(out);
                    }
                }
                pos = start + it.byte_offset();
                let el = &text[start..pos];
                match parse_json_case(el, false) {
                    Ok(Some((data, ret))) => out.push_back(Ok(Case { data, ret, at })),
                    Ok(None) => {}
                    Err((kind, d)) => {
                        out.push_back(Err(InputError::new(
                            kind,
                            Some(at),
                            format!("array element {}: {d}", out.len()),
                        )));
                        return Ok(out);
                    }
                }
                skip_ws(&mut pos);
                match text.get(pos) {
                    Some(b',') => pos += 1,
                    Some(b']') => {
                        pos += 1;
                        break;
                    }
                    _ => {
                        out.push_back(Err(InputError::new(
                            InputErrorKind::MalformedJson,
                            Some(Position::Line(line_at(pos.min(text.len())))),
                            "expected ',' or ']' after an array element".to_string(),
                        )));
                        return Ok(out);
                    }
                }
            }
        }
        skip_ws(&mut pos);
        if pos < text.len() {
            out.push_back(Err(InputError::new(
                InputErrorKind::MalformedJson,
                Some(Position::Line(line_at(pos))),
                "text after the closing ']' of the array of cases".to_string(),
            )));
        }
        Ok(out)
    }

    /// Read one line (without its newline) into `self.line`; false at end of input.
    fn read_line(&mut self) -> Result<bool, InputError> {
        self.line.clear();
        loop {
            let buf = self.src.fill_buf().map_err(io_err)?;
            if buf.is_empty() {
                return Ok(!self.line.is_empty());
            }
            let (take, found) = match find_newline(buf) {
                Some(i) => (i, true),
                None => (buf.len(), false),
            };
            if self.line.len() + take > MAX_LINE {
                return Err(InputError::new(
                    InputErrorKind::TooLong,
                    Some(Position::Line(self.count as usize + 1)),
                    format!("a line may hold at most {MAX_LINE} bytes (one case is a few hundred)"),
                ));
            }
            self.line.extend_from_slice(&buf[..take]);
            self.src.consume(take + usize::from(found));
            if found {
                return Ok(true);
            }
        }
    }

    fn next_line_case(&mut self) -> Option<Result<Case, InputError>> {
        loop {
            // The usual case straight from the buffer, when its whole line is there.
            if let Ok(buf) = self.src.fill_buf() {
                if let Some((data, ret, used)) = fast_line(buf) {
                    self.src.consume(used);
                    self.count += 1;
                    self.seen_any = true;
                    let at = Position::Line(self.count as usize);
                    return Some(Ok(Case { data, ret, at }));
                }
            }
            match self.read_line() {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => return Some(Err(e)),
            }
            self.count += 1;
            let at = Position::Line(self.count as usize);
            // The usual case first: a line the fast reader takes holds only ASCII JSON
            // (no NUL, valid UTF-8, nothing for trim() but JSON white space), so the
            // checks below would pass and give it the same text.
            if let Some((data, ret)) = fast_case(&self.line) {
                self.seen_any = true;
                return Some(Ok(Case { data, ret, at }));
            }
            let err = |kind, d: String| Some(Err(InputError::new(kind, Some(at), d)));
            if let Some(off) = self.line.iter().position(|&b| b == 0) {
                return err(
                    InputErrorKind::NotText,
                    format!("a NUL byte at column {} (JSON text holds none)", off + 1),
                );
            }
            let text = match std::str::from_utf8(&self.line) {
                Ok(t) => t.trim(),
                Err(e) => {
                    return err(
                        InputErrorKind::NotText,
                        format!("invalid UTF-8 at column {}", e.valid_up_to() + 1),
                    )
                }
            };
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let header_ok = !self.seen_any;
            self.seen_any = true;
            match parse_json_case(text.as_bytes(), header_ok) {
                Ok(Some((data, ret))) => return Some(Ok(Case { data, ret, at })),
                Ok(None) => continue,
                Err((kind, d)) => return err(kind, d),
            }
        }
    }

    fn next_record(&mut self) -> Option<Result<Case, InputError>> {
        let mut rec = [0u8; RECORD];
        let mut got = 0;
        // Fast path: a whole record in the buffer.
        if let Ok(buf) = self.src.fill_buf() {
            if buf.len() >= RECORD {
                rec.copy_from_slice(&buf[..RECORD]);
                self.src.consume(RECORD);
                got = RECORD;
            }
        }
        while got < RECORD {
            match self.src.read(&mut rec[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Some(Err(io_err(e))),
            }
        }
        if got == 0 {
            return None;
        }
        let at = Position::Record(self.count);
        if got < RECORD {
            return Some(Err(InputError::new(
                InputErrorKind::RawSize,
                Some(at),
                format!("the input ends {got} bytes into a 64-byte struct seccomp_data record"),
            )));
        }
        self.count += 1;
        Some(Ok(Case {
            data: SeccompData::from_bytes(&rec, self.endian),
            ret: None,
            at,
        }))
    }
}

impl InputReader<'_> {
    /// Whether the input is read as raw `struct seccomp_data` records.
    pub fn is_raw(&self) -> bool {
        matches!(self.mode, Mode::Raw)
    }

    /// Raw input: the next records, at most `max` of them, as the 16 words a filter
    /// loads ([`SeccompData::words`]), into `out` (cleared first); empty at the end. The
    /// same records, in the same order, as the iterator gives, without a [`Case`] each
    /// (raw records carry no recorded `ret`); for JSON input, nothing.
    ///
    /// # Errors
    /// As the iterator: the input cannot be read, or ends inside a record.
    pub fn next_raw_words(
        &mut self,
        out: &mut Vec<[u32; DATA_WORDS]>,
        max: usize,
    ) -> Result<(), InputError> {
        out.clear();
        if !self.is_raw() || self.done {
            return Ok(());
        }
        let endian = self.endian;
        while out.len() < max {
            let buf = match self.src.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                // The records read so far first; the next call meets the error again.
                Err(_) if !out.is_empty() => break,
                Err(e) => {
                    self.done = true;
                    return Err(io_err(e));
                }
            };
            let n = (buf.len() / RECORD).min(max - out.len());
            if n == 0 {
                // The end, or a record split across reads: records read so far first, so
                // that the caller has them before an error.
                if !out.is_empty() {
                    break;
                }
                match self.next_record() {
                    None => break,
                    Some(Ok(c)) => out.push(c.data.words()),
                    Some(Err(e)) => {
                        self.done = true;
                        return Err(e);
                    }
                }
                continue;
            }
            out.extend(buf[..n * RECORD].chunks_exact(RECORD).map(|rec| {
                let word = |i: usize| {
                    let b = [rec[4 * i], rec[4 * i + 1], rec[4 * i + 2], rec[4 * i + 3]];
                    match endian {
                        Endian::Little => u32::from_le_bytes(b),
                        Endian::Big => u32::from_be_bytes(b),
                    }
                };
                let w: [u32; DATA_WORDS] = std::array::from_fn(word);
                // Laid out as the arch's kernel lays it out: the words as they are.
                if data_endian(w[1]) == endian {
                    w
                } else {
                    let rec: &[u8; RECORD] = rec.try_into().unwrap_or(&[0; RECORD]);
                    SeccompData::from_bytes(rec, endian).words()
                }
            }));
            self.src.consume(n * RECORD);
            self.count += n as u64;
        }
        self.yielded |= !out.is_empty();
        Ok(())
    }
}

impl Iterator for InputReader<'_> {
    type Item = Result<Case, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = match &mut self.mode {
            Mode::Raw => self.next_record(),
            Mode::Lines => self.next_line_case(),
            Mode::Array(q) => q.pop_front(),
        };
        match r {
            Some(Err(e)) => {
                self.done = true;
                Some(Err(hint(e, self.auto && !self.yielded)))
            }
            Some(Ok(c)) => {
                self.yielded = true;
                Some(Ok(c))
            }
            None => None,
        }
    }
}

/// The first `\n` in `b`, eight bytes at a time.
fn find_newline(b: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const NL: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_ne_bytes(chunk.try_into().unwrap_or([0; 8])) ^ NL;
        // A zero byte in x (a newline in the chunk) sets its high bit here.
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            break;
        }
        i += 8;
    }
    b[i..].iter().position(|&c| c == b'\n').map(|p| p + i)
}

fn hint(mut e: InputError, on: bool) -> InputError {
    if on
        && matches!(
            e.kind,
            InputErrorKind::NotText | InputErrorKind::MalformedJson
        )
    {
        e.detail += "; the input was read as JSON because it starts like text or JSON (pass --inputs-format raw for raw struct seccomp_data records)";
    }
    e
}

fn strip_pos(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rsplit_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => msg,
    }
}

fn io_err(e: std::io::Error) -> InputError {
    InputError::new(InputErrorKind::Io, None, e.to_string())
}

fn raw_size(n: u64) -> InputError {
    InputError::new(
        InputErrorKind::RawSize,
        None,
        format!(
            "{n} bytes is not a whole number of 64-byte struct seccomp_data records ({} left over)",
            n % RECORD as u64
        ),
    )
}

/// The format `InputFormat::Auto` picks for input starting with `head` (its first 64
/// bytes, or all of it if shorter); see the module docs.
pub fn detect(head: &[u8]) -> InputFormat {
    if head.starts_with(b"\xef\xbb\xbf") {
        return InputFormat::Json;
    }
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[' | b'{' | b'#') | None => InputFormat::Json,
        Some(_) if head.contains(&0) => InputFormat::Raw,
        Some(_) => InputFormat::Json,
    }
}

/// Read a whole input set held in memory, detecting its format; only the data of each
/// case is returned (a recorded `ret` is read and range-checked but not returned: use
/// [`InputReader`] to compare it).
///
/// # Errors
/// The line or record and the reason for the first malformed case.
pub fn parse_inputs(bytes: &[u8], endian: Endian) -> Result<Vec<SeccompData>, InputError> {
    InputReader::new(bytes, Some(bytes.len() as u64), InputFormat::Auto, endian)?
        .map(|c| c.map(|c| c.data))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast reader's answer must be the serde path's, whenever it gives one, on the
    /// line as the reader hands it to serde: checked for NUL and UTF-8, then trimmed
    /// (the fast reader sees the line before those checks).
    fn agree(line: impl AsRef<[u8]>) -> Result<(), TestCaseError> {
        let line = line.as_ref();
        if let Some(fast) = fast_case(line) {
            prop_assert!(!line.contains(&0), "{:?}", line);
            let text = std::str::from_utf8(line);
            prop_assert!(text.is_ok(), "{:?}", line);
            let text = text.unwrap_or_default().trim();
            for header_ok in [false, true] {
                prop_assert_eq!(
                    serde_case(text.as_bytes(), header_ok),
                    Ok(Some(fast)),
                    "{}",
                    text
                );
            }
        }
        Ok(())
    }

    /// The fast path is taken for the usual shapes (else the agreement above would be
    /// checked on nothing), and gives the documented values.
    #[test]
    fn usual_cases_take_the_fast_path() {
        let lines = [
            r#"{"arch":3221225534,"nr":59,"ip":0,"args":[1,2,3,4,5,6],"ret":2147418112}"#,
            r#"{"arch": 1073741827, "args": [0, 18446744073709551615, -1], "nr": -1}"#,
            "{}",
            " { \"nr\" : 4294967295 , \"ip\":18446744073709551615 } ",
            r#"{"args":[],"nr":-2147483648,"args2":1}"#,
        ];
        let got: Vec<_> = lines.iter().map(|l| fast_case(l.as_bytes())).collect();
        let d = |arch, nr, ip, args| SeccompData {
            nr,
            arch,
            instruction_pointer: ip,
            args,
        };
        assert_eq!(
            got[0],
            Some((d(0xc000_003e, 59, 0, [1, 2, 3, 4, 5, 6]), Some(0x7fff_0000)))
        );
        assert_eq!(
            got[1],
            Some((
                d(0x4000_0003, u32::MAX, 0, [0, u64::MAX, u64::MAX, 0, 0, 0]),
                None
            ))
        );
        assert_eq!(got[2], Some((d(0xc000_003e, 0, 0, [0; 6]), None)));
        assert_eq!(
            got[3],
            Some((d(0xc000_003e, u32::MAX, u64::MAX, [0; 6]), None))
        );
        // an unknown field is the serde path's to word
        assert_eq!(got[4], None);
        for l in lines {
            agree(l).unwrap();
        }
        // str::trim takes more than JSON white space: those lines are serde's.
        for l in ["\u{b}{}", "{}\u{c}", "\u{a0}{}", "{\"nr\":1}\u{2028}"] {
            assert_eq!(fast_case(l.as_bytes()), None, "{l:?}");
        }
    }

    /// What the fast path leaves to serde: names, strings, floats, exponents, leading
    /// zeros, `-0`, out-of-range values, duplicates, headers, seven args, trailing text.
    #[test]
    fn unusual_cases_take_the_serde_path() {
        for l in [
            r#"{"arch":"x86_64"}"#,
            r#"{"nr":"0x3b"}"#,
            r#"{"syscall":"read"}"#,
            r#"{"nr":1.0}"#,
            r#"{"nr":1e2}"#,
            r#"{"nr":01}"#,
            r#"{"nr":-0}"#,
            r#"{"nr":4294967296}"#,
            r#"{"nr":-2147483649}"#,
            r#"{"arch":-1}"#,
            r#"{"ret":4294967296}"#,
            r#"{"args":[-9223372036854775809]}"#,
            r#"{"args":[18446744073709551616]}"#,
            r#"{"nr":1,"nr":2}"#,
            r#"{"note":"x"}"#,
            r#"{"args":[1,2,3,4,5,6,7]}"#,
            r#"{"args":[1,]}"#,
            r#"{"nr":1,}"#,
            r#"{"nr":1} x"#,
            r#"{"nr":null}"#,
            r#"{"n\u0072":1}"#,
            r#"[{"nr":1}]"#,
        ] {
            assert_eq!(fast_case(l.as_bytes()), None, "{l}");
        }
    }

    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<u64>().prop_map(|v| v.to_string()),
            any::<i64>().prop_map(|v| v.to_string()),
            (0u64..5000).prop_map(|v| v.to_string()),
            any::<u32>().prop_map(|v| v.to_string()),
            any::<i32>().prop_map(|v| v.to_string()),
            Just("4294967296".to_string()),
            Just("-2147483649".to_string()),
            Just("18446744073709551616".to_string()),
            Just("-9223372036854775808".to_string()),
            Just("-9223372036854775809".to_string()),
            Just("-0".to_string()),
            Just("00".to_string()),
            Just("1.5".to_string()),
            Just("1e3".to_string()),
            Just("\"0x10\"".to_string()),
            Just("\"read\"".to_string()),
            Just("\"x86_64\"".to_string()),
            Just("null".to_string()),
            Just("true".to_string()),
        ]
    }

    fn ws() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just(String::new()),
            1 => Just(" ".to_string()),
            1 => "[ \t\r\n]{0,3}",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => number(),
            1 => (prop::collection::vec((number(), ws()), 0..8), ws()).prop_map(|(v, w)| {
                let items: Vec<String> = v.into_iter().map(|(n, w)| format!("{n}{w}")).collect();
                format!("[{w}{}]", items.join(","))
            }),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            4 => prop::sample::select(vec!["arch", "nr", "ip", "args", "ret"]),
            1 => prop::sample::select(vec!["syscall", "note", "verdict", "x", "Nr", ""]),
        ];
        (
            prop::collection::vec((key, ws(), ws(), value(), ws()), 0..7),
            ws(),
            ws(),
        )
            .prop_map(|(members, a, b)| {
                let m: Vec<String> = members
                    .into_iter()
                    .map(|(k, w1, w2, v, w3)| format!("{w1}\"{k}\"{w2}:{w3}{v}"))
                    .collect();
                format!("{a}{{{}}}{b}", m.join(","))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Numbers read eight digits at a time are the numbers.
        #[test]
        fn digits_read_as_written(v in any::<u64>(), short in 0u64..100_000_000_000, tail in "[,x.}\\]/ ]{0,12}") {
            for v in [v, short] {
                let t = format!("{v}{tail}");
                let mut s = Scan { t: t.as_bytes(), i: 0 };
                prop_assert_eq!(s.digits(), Some(v));
                prop_assert_eq!(s.i, v.to_string().len());
            }
        }

        /// The word-at-a-time newline search is the byte-by-byte one.
        #[test]
        fn find_newline_is_position(b in prop::collection::vec(
            prop::sample::select(vec![b'\n', b'a', 0, 0x8a, 0x0b, 0xff]), 0..40)) {
            prop_assert_eq!(find_newline(&b), b.iter().position(|&c| c == b'\n'));
        }

        /// Generated lines of the case shape, well-formed or not.
        #[test]
        fn fast_path_agrees_with_serde(l in line()) {
            agree(&l)?;
        }

        /// Any bytes at all.
        #[test]
        fn fast_path_agrees_with_serde_on_any_bytes(
            b in prop::collection::vec(any::<u8>(), 0..40),
            digits in "\\{\"nr\":[0-9]{0,22}\\}",
        ) {
            agree(&b)?;
            agree(&digits)?;
        }

        /// Reading a line in place from a buffer is reading the text before the
        /// buffer's first newline, whatever follows it (the next lines, or nothing).
        #[test]
        fn fast_line_is_fast_case_on_the_first_line(
            l in line(),
            noise in prop::collection::vec(prop::sample::select(vec![b'\n', b' ', b'\r', b'{', b'}', b'1', b'"', 0]), 0..6),
            next in line(),
            b in prop::collection::vec(prop::sample::select(vec![b'\n', b' ', b'{', b'}', b'1', b'"', b':', b',', b'[', b']', b'n', b'r']), 0..30),
        ) {
            let mut with_next = l.clone().into_bytes();
            with_next.extend_from_slice(&noise);
            with_next.push(b'\n');
            with_next.extend_from_slice(next.as_bytes());
            for buf in [l.as_bytes(), &with_next[..], &b[..]] {
                let want = find_newline(buf)
                    .and_then(|nl| fast_case(&buf[..nl]).map(|(d, r)| (d, r, nl + 1)));
                prop_assert_eq!(fast_line(buf), want, "{:?}", String::from_utf8_lossy(buf));
            }
        }

        /// The same lines with a byte deleted, inserted or replaced (malformed JSON,
        /// truncated numbers, broken keys).
        #[test]
        fn fast_path_agrees_with_serde_on_mutated_lines(
            l in line(),
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), 0u8..3,
                 prop::sample::select(b"{}[]\",:-.0123456789e \tnx\\\0\x0b\x0c\x80\xff".to_vec())),
                1..4,
            ),
        ) {
            let mut b = l.into_bytes();
            for (at, op, byte) in edits {
                let i = at.index(b.len() + 1);
                match op {
                    0 if i < b.len() => { b.remove(i); }
                    1 => b.insert(i, byte),
                    _ if i < b.len() => b[i] = byte,
                    _ => b.push(byte),
                }
            }
            // NUL, vertical tab, form feed and bytes that are not UTF-8 included.
            agree(&b)?;
        }
    }
}
