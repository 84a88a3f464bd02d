//! Program formats: reading and writing filters in the forms people have them.
//!
//! | [`Format`] | reads | writes |
//! |---|---|---|
//! | `Raw` | `struct sock_filter` records, 8 bytes each, in [`DecodeOptions::endian`] | same |
//! | `Asm` | bpf_asm source (see [`crate::asm`]) | the [`crate::disasm`] listing |
//! | `Line` | bpf_asm's default output `N,code jt jf k,code jt jf k,...` | same, decimal, trailing comma |
//! | `Ddd` | `tcpdump -ddd`: a count line, then `code jt jf k` per line | same |
//! | `C` | `{ 0x20, 0, 0, 0x00000004 },` entries (`bpf_asm -c`, `tcpdump -dd`) and `BPF_STMT(...)` / `BPF_JUMP(...)` macros, also inside a whole C file | `bpf_asm -c` lines |
//! | `SeccompTools` | seccomp-tools' `disasm` listing (from its hex columns) | same |
//! | `SeccompToolsAsm` | seccomp-tools' `asm` language | same, with labels and hex constants |
//! | `Ceccomp` | ceccomp's text: its `disasm` listing or bare statements (3.x line numbers, 4.x labels) | the listing ceccomp 3.5 prints |
//! | `Scmp` | libseccomp's `scmp_bpf_disasm` listing (from its hex columns) | same |
//!
//! The peers' formats are described with their limits in docs/formats.md. Writing them
//! can fail or warn ([`try_encode`]); reading them can warn ([`decode_with_warnings`]).
//!
//! [`detect`] guesses the format; [`decode`] reads, [`encode`] writes. A program of more
//! than 4096 instructions decodes fine (the checker reports the kernel's refusal); more
//! than 65535 instructions (the kernel's length is 16 bits) is a decode error. Zero bytes
//! are [`DecodeErrorKind::Empty`] (the CLI reads them as the empty program, which the
//! kernel refuses); non-empty text that holds no instruction is
//! [`DecodeErrorKind::NoInstructions`], never an empty program.
//!
//! Reading is bounded: [`read_limited`] stops at [`input_limit`] bytes (the largest raw
//! filter, [`MAX_RAW_BYTES`], or [`MAX_TEXT_BYTES`] of text), so no input can make a
//! reader hold more.

mod c;
mod ceccomp;
#[cfg(feature = "json")]
pub mod json;
mod listing;
mod scmp;
mod seccomp_tools;
pub use c::{eval_c_expr, CValue};
pub(crate) mod symbols;
mod text;

use crate::asm::{AsmError, AsmErrorKind};
use crate::disasm::{disassemble, DisasmOptions};
use crate::insn::{Endian, Insn};
use crate::seccomp::Arch;
use std::fmt;

pub use crate::asm::MAX_PROGRAM_LEN;

/// The largest raw filter that can be valid: [`MAX_PROGRAM_LEN`] records of 8 bytes
/// (524,280 bytes; the kernel's `sock_fprog.len` is 16 bits).
pub const MAX_RAW_BYTES: usize = MAX_PROGRAM_LEN * Insn::SIZE;

/// The largest text filter read (16 MiB). A 65,535-instruction program takes under 5 MB
/// in every text format, even as `BPF_STMT(...)` lines with `offsetof(...)`; the rest is
/// room for comments and the surrounding C.
pub const MAX_TEXT_BYTES: usize = 16 << 20;

/// How many bytes a reader of `format` (`None`: not known yet, so the text limit) needs
/// at most: [`MAX_RAW_BYTES`] for raw, [`MAX_TEXT_BYTES`] otherwise.
pub fn input_limit(format: Option<Format>) -> usize {
    match format {
        Some(Format::Raw) => MAX_RAW_BYTES,
        _ => MAX_TEXT_BYTES.max(MAX_RAW_BYTES),
    }
}

/// Read at most `limit` bytes from `r`: `Ok(None)` if there are more (only one byte past
/// the limit is read to find out), so memory stays bounded whatever the input
/// (`/dev/zero`, a huge file, an endless pipe).
///
/// ```
/// use secbpf::codec::{self, Format};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sshd-preauth.bpf");
/// let limit = codec::input_limit(Some(Format::Raw));
/// let bytes = codec::read_limited(std::fs::File::open(path)?, limit)?;
/// assert!(bytes.is_some_and(|b| b.len() % 8 == 0));
///
/// // An endless input stops one byte past the limit.
/// assert_eq!(codec::read_limited(std::io::repeat(0), limit)?, None);
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
/// The reader's I/O error.
pub fn read_limited<R: std::io::Read>(r: R, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut buf = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    r.take(cap).read_to_end(&mut buf)?;
    Ok((buf.len() <= limit).then_some(buf))
}

/// The error for an input longer than [`input_limit`]`(format)`.
pub fn input_too_long(format: Option<Format>) -> DecodeError {
    let limit = input_limit(format);
    let msg = match format {
        Some(Format::Raw) => format!(
            "more than {limit} bytes: a raw filter holds at most {MAX_PROGRAM_LEN} instructions of {} bytes",
            Insn::SIZE
        ),
        _ => format!(
            "more than {limit} bytes ({} MiB, the limit for text; a raw filter holds at most {MAX_RAW_BYTES} bytes)",
            limit >> 20
        ),
    };
    let mut e = DecodeError::new(DecodeErrorKind::TooLong, msg);
    e.format = format;
    e
}

/// A program format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// seccomp-tools' `disasm` listing: ` 0000: 0x20 0x00 0x00 0x00000004  A = arch`.
    SeccompTools,
    /// seccomp-tools' `asm` language: `A = arch`, `if (A == execve) goto kill`, ...
    SeccompToolsAsm,
    /// ceccomp's text: `$A = $arch`, `if ($A == read) goto 0004`, bare or as its listing.
    Ceccomp,
    /// libseccomp's `scmp_bpf_disasm` listing: ` 0000: 0x20 0x00 0x00 0x00000004   ld  $data[4]`.
    Scmp,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 9] = [
        Format::Raw,
        Format::Asm,
        Format::Line,
        Format::Ddd,
        Format::C,
        Format::SeccompTools,
        Format::SeccompToolsAsm,
        Format::Ceccomp,
        Format::Scmp,
    ];

    /// Lowercase name: `raw`, `asm`, `line`, `ddd`, `c`, `seccomp-tools`,
    /// `seccomp-tools-asm`, `ceccomp`, `scmp`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Raw => "raw",
            Format::Asm => "asm",
            Format::Line => "line",
            Format::Ddd => "ddd",
            Format::C => "c",
            Format::SeccompTools => "seccomp-tools",
            Format::SeccompToolsAsm => "seccomp-tools-asm",
            Format::Ceccomp => "ceccomp",
            Format::Scmp => "scmp",
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
            "seccomp-tools" | "seccomp_tools" => Format::SeccompTools,
            "seccomp-tools-asm" | "seccomp_tools_asm" => Format::SeccompToolsAsm,
            "ceccomp" => Format::Ceccomp,
            "scmp" | "scmp_bpf_disasm" | "libseccomp" => Format::Scmp,
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
    /// Non-empty text that holds no instruction (only comments and blanks, or no
    /// entry the format knows).
    NoInstructions,
    /// Text holding a NUL or other control byte.
    ControlByte,
    /// C input: a construct the reader does not evaluate (refused rather than guessed).
    Unsupported,
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
            DecodeErrorKind::NoInstructions => "no instructions",
            DecodeErrorKind::ControlByte => "control byte in text",
            DecodeErrorKind::Unsupported => "unsupported",
            DecodeErrorKind::Asm(k) => k.name(),
        }
    }
}

/// Why input could not be decoded. Display: `category: detail (at line N)`, or
/// `(at line N, column C)` where the column is known, then which format was tried and
/// whether it was detected or forced: `(read as asm, detected from the content)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    line: Option<usize>,
    col: Option<usize>,
    msg: String,
    format: Option<Format>,
    detected: bool,
}

impl DecodeError {
    pub(crate) fn new(kind: DecodeErrorKind, msg: impl Into<String>) -> DecodeError {
        DecodeError {
            kind,
            line: None,
            col: None,
            msg: msg.into(),
            format: None,
            detected: false,
        }
    }
    fn tried(mut self, format: Format, detected: bool) -> DecodeError {
        self.format = Some(format);
        self.detected = detected;
        self
    }
    /// The format the input was read as, when known.
    pub fn format(&self) -> Option<Format> {
        self.format
    }
    /// True if that format was [`detect`]ed rather than asked for.
    pub fn detected(&self) -> bool {
        self.detected
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
            (Some(l), Some(c)) => write!(f, " (at line {l}, column {c})")?,
            (Some(l), None) => write!(f, " (at line {l})")?,
            _ => {}
        }
        match (self.format, self.detected) {
            (Some(fmt), true) => write!(f, " (read as {fmt}, detected from the content)"),
            (Some(fmt), false) => write!(f, " (read as {fmt}, as asked)"),
            (None, _) => Ok(()),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Guess the format of `bytes`. Detection looks at code, never at comments, and never
/// takes text for raw records.
///
/// - Raw when the bytes are not clean text and do not start as text. Clean text is UTF-8
///   without control characters other than blanks (tab, newline, carriage return,
///   vertical tab, form feed). Starting as text means the first 8 bytes (all of them if
///   fewer) hold no control byte other than blanks: a raw filter the kernel could accept
///   always has a 0 byte in its first two (its first opcode is below 0x100), so such
///   input is text with a bad byte, and decoding it reports that byte. An empty input
///   is raw.
/// - Text (a leading UTF-8 byte order mark is skipped) is C when its code, with `/* */`,
///   `//`, `;` and `#`-line comments and string literals removed, uses `BPF_STMT(` or
///   `BPF_JUMP(`, names `sock_filter`, or has a `{ number` entry; Line when its first
///   token is `N,`; Ddd when a first line holding a lone number is followed by lines of
///   four numbers; Asm otherwise.
///
/// ```
/// use secbpf::codec::{detect, Format};
///
/// assert_eq!(detect(b"ld [0]\nret #0x7fff0000\n"), Format::Asm);
/// assert_eq!(detect(b"2,32 0 0 0,6 0 0 2147418112,"), Format::Line);
/// assert_eq!(detect(b"2\n32 0 0 0\n6 0 0 2147418112\n"), Format::Ddd);
/// assert_eq!(detect(b"BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),"), Format::C);
/// assert_eq!(detect(&[0x06, 0, 0, 0, 0, 0, 0xff, 0x7f]), Format::Raw);
/// ```
pub fn detect(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Raw;
    }
    let text = match clean_text(bytes) {
        Some(s) => s,
        None if !starts_as_text(bytes) => return Format::Raw,
        None => {
            // Text with a bad byte: guess the text format from what comes before it.
            let good = match std::str::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => {
                    let ok = bytes.get(..e.valid_up_to()).unwrap_or_default();
                    std::str::from_utf8(ok).unwrap_or_default()
                }
            };
            let cut = good.find(is_bad_control).unwrap_or(good.len());
            good.get(..cut).unwrap_or_default()
        }
    };
    detect_text(text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn is_bad_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x0b')
}

/// `bytes` as text if it is UTF-8 without control characters other than blanks.
fn clean_text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes)
        .ok()
        .filter(|s| !s.chars().any(is_bad_control))
}

/// True if the first 8 bytes (all, if fewer) hold no control byte other than blanks:
/// no raw filter the kernel accepts starts like that (see [`detect`]).
fn starts_as_text(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(Insn::SIZE)).unwrap_or_default();
    !head.is_empty()
        && head
            .iter()
            .all(|&b| !(b < 0x20 || b == 0x7f) || matches!(b, b'\n' | b'\r' | b'\t' | 0x0b | 0x0c))
}

fn detect_text(s: &str) -> Format {
    let code = detection_code(s);
    if let Some(f) = detect_peer_listing(&code) {
        return f;
    }
    if c::has_c_signal(&code) {
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
    if ceccomp::looks_like(&code) {
        return Format::Ceccomp;
    }
    // The first code line decides between bpf_asm and seccomp-tools asm.
    for line in code.lines() {
        let mut t = line.trim();
        while let Some((l, rest)) = t.split_once(':') {
            if !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                t = rest.trim_start();
            } else {
                break;
            }
        }
        if t.is_empty() || !seccomp_tools::is_decisive(t) {
            continue;
        }
        return if seccomp_tools::first_token_is_asm(t) {
            Format::SeccompToolsAsm
        } else {
            Format::Asm
        };
    }
    Format::Asm
}

/// A peers' listing: a header of seccomp-tools, ceccomp 3 or scmp_bpf_disasm, or rows
/// `NNNN: 0xCC 0xJT 0xJF 0xKKKKKKKK text` whose text says which.
fn detect_peer_listing(code: &str) -> Option<Format> {
    for line in code.lines() {
        let t = line.trim();
        if seccomp_tools::is_header(t) {
            return Some(Format::SeccompTools);
        }
        if ceccomp::is_header(t) {
            return Some(Format::Ceccomp);
        }
        if scmp::is_header(t) {
            return Some(Format::Scmp);
        }
        if let Some(r) = listing::row(line) {
            if !r.label.bytes().all(|b| b.is_ascii_digit())
                || r.text.contains('$') && !scmp::looks_like(r.text, false)
            {
                return Some(Format::Ceccomp);
            }
            if scmp::looks_like(r.text, false) {
                return Some(Format::Scmp);
            }
            return Some(Format::SeccompTools);
        }
    }
    None
}

/// The code of `s` for detection: comments of C (`/* */`, `//`) and of bpf_asm (`;` to the
/// end of the line, lines starting with `#`) and string and character literals replaced
/// by blanks. A C statement's `;` also starts such a "comment", which only hides code
/// after a statement on the same line.
fn detection_code(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let mut line_start = true;
    while let Some(&c) = b.get(i) {
        let next = b.get(i + 1).copied();
        if c == b'\n' {
            out.push(b'\n');
            line_start = true;
            i += 1;
            continue;
        }
        if c == b'/' && next == Some(b'*') {
            i += 2;
            while i < b.len() && !(b.get(i) == Some(&b'*') && b.get(i + 1) == Some(&b'/')) {
                if b.get(i) == Some(&b'\n') {
                    out.push(b'\n');
                }
                i += 1;
            }
            i += 2;
            out.push(b' ');
            continue;
        }
        let to_eol = (c == b'/' && next == Some(b'/')) || c == b';' || (c == b'#' && line_start);
        if to_eol {
            while i < b.len() && b.get(i) != Some(&b'\n') {
                i += 1;
            }
            continue;
        }
        if c == b'"' || c == b'\'' {
            i += 1;
            while let Some(&d) = b.get(i) {
                if d == b'\\' {
                    i += 2;
                    continue;
                }
                if d == c || d == b'\n' {
                    break;
                }
                i += 1;
            }
            i += 1;
            out.push(b' ');
            continue;
        }
        if !c.is_ascii_whitespace() {
            line_start = false;
        }
        out.push(c);
        i += 1;
    }
    // Only ASCII bytes were removed, so the rest is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Decode a program. With `format` `None` the format is [`detect`]ed. The error says
/// which format was tried and whether it was detected ([`DecodeError::format`]).
///
/// # Errors
/// Zero bytes are [`DecodeErrorKind::Empty`]; non-empty text with no instruction is
/// [`DecodeErrorKind::NoInstructions`] (except a Line or Ddd count of 0, which states
/// the empty program); see [`DecodeErrorKind`] for the rest.
///
/// ```
/// use secbpf::{asm::AsmErrorKind, codec::{self, DecodeErrorKind, DecodeOptions, Format}, Insn};
///
/// let allow = Insn::new(0x06, 0, 0, 0x7fff_0000); // ret #ALLOW
/// let opts = DecodeOptions::default();
/// // Every format of the same program, detected.
/// for text in [
///     &b"ret #0x7fff0000\n"[..],
///     b"1,6 0 0 2147418112,",
///     b"1\n6 0 0 2147418112\n",
///     b"{ 0x06, 0, 0, 0x7fff0000 },",
///     b"struct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };",
/// ] {
///     assert_eq!(codec::decode(text, None, &opts)?, [allow]);
/// }
/// // Raw records, from a file.
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/libseccomp-small.bpf");
/// let prog = codec::decode(&std::fs::read(path)?, None, &opts)?;
/// assert_eq!(prog.len(), 30);
///
/// // An error names the format tried, whether it was detected, and the line.
/// let err = codec::decode(b"ld [0]\nfrobnicate\n", None, &opts).unwrap_err();
/// assert_eq!((err.format(), err.detected(), err.line()), (Some(Format::Asm), true, Some(2)));
/// assert_eq!(err.kind(), DecodeErrorKind::Asm(AsmErrorKind::UnknownMnemonic));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode(
    bytes: &[u8],
    format: Option<Format>,
    opts: &DecodeOptions,
) -> Result<Vec<Insn>, DecodeError> {
    decode_with_warnings(bytes, format, opts).map(|(prog, _)| prog)
}

/// [`decode`], also returning the warnings of the peers' formats: text that reads
/// unambiguously here but that the peer itself would read otherwise (a ceccomp name it
/// resolves to a pseudo-number, a listing whose columns disagree with its text).
///
/// # Errors
/// As [`decode`].
pub fn decode_with_warnings(
    bytes: &[u8],
    format: Option<Format>,
    opts: &DecodeOptions,
) -> Result<(Vec<Insn>, Vec<String>), DecodeError> {
    let (format, detected) = match format {
        Some(f) => (f, false),
        None => (detect(bytes), true),
    };
    if bytes.is_empty() {
        return Err(
            DecodeError::new(DecodeErrorKind::Empty, "the input is empty (0 bytes)")
                .tried(format, detected),
        );
    }
    let mut w = Vec::new();
    let prog = decode_as(bytes, format, opts, &mut w).map_err(|e| e.tried(format, detected))?;
    Ok((prog, w))
}

fn decode_as(
    bytes: &[u8],
    format: Format,
    opts: &DecodeOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<Insn>, DecodeError> {
    if format == Format::Raw {
        return decode_raw(bytes, opts.endian);
    }
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(input_too_long(Some(format)));
    }
    let s = as_text(bytes)?;
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
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
        Format::SeccompTools => seccomp_tools::decode_listing(s)?,
        Format::SeccompToolsAsm => seccomp_tools::decode_asm(s, opts.arch)?,
        Format::Ceccomp => ceccomp::decode(s, opts.arch, warnings)?,
        Format::Scmp => scmp::decode(s)?,
    };
    if prog.is_empty() {
        let why = match format {
            Format::Asm | Format::SeccompToolsAsm | Format::Ceccomp => {
                Some("the text holds only comments and blanks")
            }
            Format::SeccompTools | Format::Scmp => Some("the listing has no row"),
            Format::C => Some(
                "no `{ code, jt, jf, k }` entry and no BPF_STMT/BPF_JUMP outside comments and disabled #if blocks",
            ),
            // Line and Ddd: a count of 0 says so explicitly.
            _ => None,
        };
        if let Some(why) = why {
            return Err(DecodeError::new(DecodeErrorKind::NoInstructions, why));
        }
    }
    if prog.len() > MAX_PROGRAM_LEN {
        return Err(DecodeError::new(
            DecodeErrorKind::TooLong,
            format!("{} instructions, more than {MAX_PROGRAM_LEN}", prog.len()),
        ));
    }
    Ok(prog)
}

fn as_text(bytes: &[u8]) -> Result<&str, DecodeError> {
    let pos = |off: usize| {
        let good = bytes.get(..off).unwrap_or_default();
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let last = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(good.get(last..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        (line, col)
    };
    let s = std::str::from_utf8(bytes).map_err(|e| {
        let off = e.valid_up_to();
        let (line, col) = pos(off);
        DecodeError::new(
            DecodeErrorKind::NotUtf8,
            format!(
                "invalid UTF-8 byte {:#04x} at byte offset {off} (if this is a raw filter, read it as raw)",
                bytes.get(off).copied().unwrap_or(0)
            ),
        )
        .at(line, Some(col))
    })?;
    if let Some((off, c)) = s.char_indices().find(|&(_, c)| is_bad_control(c)) {
        let (line, col) = pos(off);
        let name = if c == '\0' {
            "NUL byte"
        } else {
            "control character"
        };
        return Err(DecodeError::new(
            DecodeErrorKind::ControlByte,
            format!(
                "{name} {:#04x} at byte offset {off} (if this is a raw filter, read it as raw)",
                u32::from(c)
            ),
        )
        .at(line, Some(col)));
    }
    Ok(s)
}

/// Decode raw `struct sock_filter` records.
///
/// ```
/// use secbpf::{codec, Endian, Insn};
///
/// let bytes = [0x06, 0x00, 0, 0, 0x00, 0x00, 0xff, 0x7f]; // ret #ALLOW, little-endian
/// assert_eq!(codec::decode_raw(&bytes, Endian::Little)?, [Insn::new(6, 0, 0, 0x7fff_0000)]);
/// assert!(codec::decode_raw(&bytes[..7], Endian::Little).is_err()); // not a multiple of 8
/// # Ok::<(), codec::DecodeError>(())
/// ```
///
/// # Errors
/// An empty input, a size that is not a multiple of 8, more than
/// [`MAX_PROGRAM_LEN`] records.
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

/// Why a program cannot be written in a peer's format: the instruction (pc) its syntax
/// cannot express. Display: `pc N: detail`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError {
    pc: usize,
    msg: String,
}

impl EncodeError {
    pub(crate) fn new(pc: usize, msg: impl Into<String>) -> EncodeError {
        EncodeError {
            pc,
            msg: msg.into(),
        }
    }
    /// The instruction that has no form in the format.
    pub fn pc(&self) -> usize {
        self.pc
    }
    /// The detail, without the pc.
    pub fn detail(&self) -> &str {
        &self.msg
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pc {}: {}", self.pc, self.msg)
    }
}

impl std::error::Error for EncodeError {}

/// Encode a program in `format`, with warnings where the peer's own tool would read the
/// text back as other bytes (see docs/formats.md).
///
/// # Errors
/// An instruction the format's syntax cannot express (seccomp-tools asm and ceccomp
/// write only what seccomp accepts); the other formats never fail.
pub fn try_encode(
    prog: &[Insn],
    format: Format,
    opts: &EncodeOptions,
) -> Result<(Vec<u8>, Vec<String>), EncodeError> {
    Ok(match format {
        Format::SeccompToolsAsm => (
            seccomp_tools::encode_asm(prog, opts.endian)?.into_bytes(),
            Vec::new(),
        ),
        Format::Ceccomp => {
            let (s, w) = ceccomp::encode(prog, opts.endian)?;
            (s.into_bytes(), w)
        }
        _ => (encode(prog, format, opts), Vec::new()),
    })
}

/// Encode a program in `format`. For seccomp-tools asm and ceccomp, which cannot
/// express every instruction, an instruction without a form makes the output a single
/// `# error: ...` comment line, which no reader takes for a program: use [`try_encode`]
/// to get the error and the warnings.
pub fn encode(prog: &[Insn], format: Format, opts: &EncodeOptions) -> Vec<u8> {
    match format {
        Format::SeccompTools => seccomp_tools::encode_listing(prog, opts.endian).into_bytes(),
        Format::Scmp => scmp::encode(prog).into_bytes(),
        Format::SeccompToolsAsm | Format::Ceccomp => match try_encode(prog, format, opts) {
            Ok((b, _)) => b,
            Err(e) => format!("# error: {e}\n").into_bytes(),
        },
        Format::Raw => crate::insn::encode(prog, opts.endian),
        Format::Asm => disassemble(prog, &opts.disasm).into_bytes(),
        Format::Line => text::encode_line(prog).into_bytes(),
        Format::Ddd => text::encode_ddd(prog).into_bytes(),
        Format::C => text::encode_c(prog).into_bytes(),
    }
}
