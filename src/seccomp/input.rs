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
use crate::seccomp::arch::Arch;
use crate::seccomp::data::SeccompData;
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
fn parse_json_case(
    text: &[u8],
    header_ok: bool,
) -> Result<Option<(SeccompData, Option<u32>)>, Fail> {
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
            let (take, found) = match buf.iter().position(|&b| b == b'\n') {
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
            match self.read_line() {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => return Some(Err(e)),
            }
            self.count += 1;
            let at = Position::Line(self.count as usize);
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
