//! Program formats: reading and writing filters in the forms people have them.
//!
//! | [`Format`] | reads | writes |
//! |---|---|---|
//! | `Raw` | `struct sock_filter` records, 8 bytes each, in [`DecodeOptions::endian`] | same |
//! | `Asm` | bpf_asm source (see [`crate::asm`]) | the [`crate::disasm`] listing |
//! | `Line` | bpf_asm's default output `N,code jt jf k,code jt jf k,...` | same, decimal, trailing comma |
//! | `Ddd` | `tcpdump -ddd`: a count line, then `code jt jf k` per line | same |
//! | `C` | `{ 0x20, 0, 0, 0x00000004 },` entries (`bpf_asm -c`, `tcpdump -dd`) and `BPF_STMT(...)` / `BPF_JUMP(...)` macros, also inside a whole C file | `bpf_asm -c` lines |
//!
//! [`detect`] guesses the format; [`decode`] reads, [`encode`] writes. A program of 0 or
//! more than 4096 instructions decodes fine (the checker reports the kernel's refusal);
//! more than 65535 instructions (the kernel's length is 16 bits) is a decode error.

mod c;
pub mod json;
pub(crate) mod symbols;
mod text;

use crate::asm::{AsmError, AsmErrorKind};
use crate::disasm::{disassemble, DisasmOptions};
use crate::insn::{Endian, Insn};
use crate::seccomp::Arch;
use std::fmt;

pub use crate::asm::MAX_PROGRAM_LEN;

/// A program format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Binary `struct sock_filter` array, 8 bytes per instruction.
    Raw,
    /// bpf_asm source text.
    Asm,
    /// bpf_asm's one-line output: `N,code jt jf k,...` in decimal.
    Line,
    /// `tcpdump -ddd` style: instruction count, then one `code jt jf k` line each.
    Ddd,
    /// C initializers: `{ code, jt, jf, k },` entries or `BPF_STMT`/`BPF_JUMP` macros.
    C,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Raw,
        Format::Asm,
        Format::Line,
        Format::Ddd,
        Format::C,
    ];

    /// Lowercase name: `raw`, `asm`, `line`, `ddd`, `c`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Raw => "raw",
            Format::Asm => "asm",
            Format::Line => "line",
            Format::Ddd => "ddd",
            Format::C => "c",
        }
    }

    /// The format with this name (case-insensitive; `bpf_asm`/`bpf` mean asm).
    pub fn by_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "raw" | "bin" | "binary" => Format::Raw,
            "asm" | "bpf_asm" | "bpf" => Format::Asm,
            "line" => Format::Line,
            "ddd" => Format::Ddd,
            "c" => Format::C,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Options for [`decode`].
#[derive(Clone, Copy, Debug)]
pub struct DecodeOptions {
    /// Byte order of raw input (default: the machine's).
    pub endian: Endian,
    /// Arch whose syscall table resolves `__NR_name` / `SYS_name` (default x86_64); its
    /// byte order also places `LO_ARG`/`HI_ARG` words in C input.
    pub arch: &'static Arch,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            endian: Endian::native(),
            arch: Arch::x86_64(),
        }
    }
}

/// Options for [`encode`].
#[derive(Clone, Copy, Debug)]
pub struct EncodeOptions {
    /// Byte order of raw output (default: the machine's).
    pub endian: Endian,
    /// Options of the listing written for [`Format::Asm`].
    pub disasm: DisasmOptions,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            endian: Endian::native(),
            disasm: DisasmOptions::default(),
        }
    }
}

/// What went wrong in a [`DecodeError`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecodeErrorKind {
    /// The input has no bytes (or only blanks, when the format was guessed).
    Empty,
    /// Raw input whose size is not a multiple of 8.
    BadSize,
    /// More than 65535 instructions.
    TooLong,
    /// Text formats: the bytes are not UTF-8.
    NotUtf8,
    /// Malformed text.
    Syntax,
    /// A number that is malformed or does not fit its field.
    BadNumber,
    /// The instruction count of a Line/Ddd header disagrees with the instructions.
    CountMismatch,
    /// C input: an identifier with no known value.
    UnknownIdentifier,
    /// bpf_asm input: the assembler's error.
    Asm(AsmErrorKind),
}

impl DecodeErrorKind {
    /// Lowercase category name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            DecodeErrorKind::Empty => "empty input",
            DecodeErrorKind::BadSize => "bad size",
            DecodeErrorKind::TooLong => "program too long",
            DecodeErrorKind::NotUtf8 => "not utf-8",
            DecodeErrorKind::Syntax => "syntax error",
            DecodeErrorKind::BadNumber => "bad number",
            DecodeErrorKind::CountMismatch => "count mismatch",
            DecodeErrorKind::UnknownIdentifier => "unknown identifier",
            DecodeErrorKind::Asm(k) => k.name(),
        }
    }
}

/// Why input could not be decoded. Display: `category: detail (at line N)`, or
/// `(at line N, column C)` where the column is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    line: Option<usize>,
    col: Option<usize>,
    msg: String,
}

impl DecodeError {
    pub(crate) fn new(kind: DecodeErrorKind, msg: impl Into<String>) -> DecodeError {
        DecodeError {
            kind,
            line: None,
            col: None,
            msg: msg.into(),
        }
    }
    pub(crate) fn at(mut self, line: usize, col: Option<usize>) -> DecodeError {
        self.line = Some(line);
        self.col = col;
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }
    /// 1-based line of the problem, for text formats.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
    /// 1-based column of the problem, where known.
    pub fn col(&self) -> Option<usize> {
        self.col
    }
    /// The detail, without category and position.
    pub fn detail(&self) -> &str {
        &self.msg
    }
}

impl From<AsmError> for DecodeError {
    fn from(e: AsmError) -> Self {
        DecodeError::new(DecodeErrorKind::Asm(e.kind()), e.detail()).at(e.line(), Some(e.col()))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.msg)?;
        match (self.line, self.col) {
            (Some(l), Some(c)) => write!(f, " (at line {l}, column {c})"),
            (Some(l), None) => write!(f, " (at line {l})"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Guess the format of `bytes`.
///
/// Raw when the bytes are not UTF-8 or contain NUL or control bytes other than
/// whitespace (an empty input is raw too). Otherwise: `BPF_STMT`/`BPF_JUMP`,
/// `sock_filter` or a `{ number,` entry → C; a first token `N,` → Line; a first line
/// holding a lone number followed by lines of four numbers → Ddd; anything else → Asm.
pub fn detect(bytes: &[u8]) -> Format {
    let Ok(s) = std::str::from_utf8(bytes) else {
        return Format::Raw;
    };
    if s.is_empty()
        || s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x0b'))
    {
        return Format::Raw;
    }
    if s.contains("BPF_STMT")
        || s.contains("BPF_JUMP")
        || s.contains("sock_filter")
        || c::has_brace_entry(s)
    {
        return Format::C;
    }
    let t = s.trim_start();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && t.chars().nth(digits) == Some(',') {
        return Format::Line;
    }
    if text::looks_like_ddd(s) {
        return Format::Ddd;
    }
    Format::Asm
}

/// Decode a program. With `format` `None` the format is [`detect`]ed.
pub fn decode(
    bytes: &[u8],
    format: Option<Format>,
    opts: &DecodeOptions,
) -> Result<Vec<Insn>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::new(
            DecodeErrorKind::Empty,
            "the input is empty",
        ));
    }
    let format = match format {
        Some(f) => f,
        None => {
            let f = detect(bytes);
            if f != Format::Raw && bytes.iter().all(|b| b.is_ascii_whitespace()) {
                return Err(DecodeError::new(
                    DecodeErrorKind::Empty,
                    "the input holds only blanks",
                ));
            }
            f
        }
    };
    if format == Format::Raw {
        return decode_raw(bytes, opts.endian);
    }
    let s = as_text(bytes)?;
    let prog = match format {
        Format::Raw => return decode_raw(bytes, opts.endian),
        Format::Asm => {
            let aopts = crate::asm::AsmOptions {
                arch: opts.arch,
                endian: opts.arch.endian,
            };
            crate::asm::assemble_with(s, &aopts)?
        }
        Format::Line => text::decode_line(s)?,
        Format::Ddd => text::decode_ddd(s)?,
        Format::C => c::decode_c(s, opts.arch)?,
    };
    if prog.len() > MAX_PROGRAM_LEN {
        return Err(DecodeError::new(
            DecodeErrorKind::TooLong,
            format!("{} instructions, more than {MAX_PROGRAM_LEN}", prog.len()),
        ));
    }
    Ok(prog)
}

fn as_text(bytes: &[u8]) -> Result<&str, DecodeError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = good.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        DecodeError::new(
            DecodeErrorKind::NotUtf8,
            format!("invalid UTF-8 at byte offset {}", e.valid_up_to()),
        )
        .at(line, Some(col))
    })
}

/// Decode raw `struct sock_filter` records.
pub fn decode_raw(bytes: &[u8], endian: Endian) -> Result<Vec<Insn>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::new(
            DecodeErrorKind::Empty,
            "the input is empty",
        ));
    }
    let rem = bytes.len() % Insn::SIZE;
    if rem != 0 {
        return Err(DecodeError::new(
            DecodeErrorKind::BadSize,
            format!(
                "size {} is not a multiple of {} ({rem} bytes left over)",
                bytes.len(),
                Insn::SIZE
            ),
        ));
    }
    let n = bytes.len() / Insn::SIZE;
    if n > MAX_PROGRAM_LEN {
        return Err(DecodeError::new(
            DecodeErrorKind::TooLong,
            format!("{n} instructions, more than {MAX_PROGRAM_LEN}"),
        ));
    }
    Ok(bytes
        .chunks_exact(Insn::SIZE)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            Insn::from_bytes(b, endian)
        })
        .collect())
}

/// Encode a program in `format`.
pub fn encode(prog: &[Insn], format: Format, opts: &EncodeOptions) -> Vec<u8> {
    match format {
        Format::Raw => crate::insn::encode(prog, opts.endian),
        Format::Asm => disassemble(prog, &opts.disasm).into_bytes(),
        Format::Line => text::encode_line(prog).into_bytes(),
        Format::Ddd => text::encode_ddd(prog).into_bytes(),
        Format::C => text::encode_c(prog).into_bytes(),
    }
}
