//! Shared CLI pieces: errors with exit codes, reading filters and inputs.

use clap::ValueEnum;
use secbpf::codec::{self, DecodeOptions, Format};
use secbpf::seccomp::arch::{parse_arch, Arch};
use secbpf::{Endian, Insn};
use std::fmt;
use std::io::{Read, Write};

/// An error the CLI prints as `secbpf: <message>` before exiting with `code`.
#[derive(Debug)]
pub struct CliError {
    pub code: i32,
    msg: String,
    /// Exit with `code` without printing `msg` (standard output is a closed pipe).
    pub quiet: bool,
}

impl CliError {
    /// A usage, I/O or parse error (exit 2).
    pub fn usage(msg: impl Into<String>) -> CliError {
        CliError {
            code: 2,
            msg: msg.into(),
            quiet: false,
        }
    }
}

impl CliError {
    /// An error with a given exit code.
    pub fn with_code(code: i32, msg: impl Into<String>) -> CliError {
        CliError {
            code,
            msg: msg.into(),
            quiet: false,
        }
    }

    /// The answer is "no" (exit 1), e.g. the kernel would refuse the filter.
    pub fn refused(msg: impl Into<String>) -> CliError {
        CliError {
            code: 1,
            msg: msg.into(),
            quiet: false,
        }
    }
}

impl CliError {
    /// Writing to `what` (`<stdout>` or a path) failed: exit 2 with the reason; quietly
    /// when the reader has gone away (EPIPE, a closed pipe), as Unix tools do.
    pub fn write(what: &str, e: &std::io::Error) -> CliError {
        CliError {
            code: 2,
            msg: format!("{what}: cannot write: {}", io_reason(e)),
            quiet: e.kind() == std::io::ErrorKind::BrokenPipe,
        }
    }
}

/// An I/O error as a lowercase reason with its errno name: `no space left on device
/// (ENOSPC)`.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut s: String = text.chars().next().map_or(String::new(), |c| {
        c.to_lowercase().chain(text.chars().skip(1)).collect()
    });
    if let Some(name) = e.raw_os_error().and_then(|n| secbpf::errno::name(n as u32)) {
        s += &format!(" ({name})");
    }
    s
}

/// Write `args` to standard output. Every command prints through this (the [`out!`]
/// and [`outln!`] macros) so that a failing standard output (`> /dev/full`, a closed
/// pipe) is an error with exit 2, never a panic.
pub fn out_fmt(args: fmt::Arguments<'_>) -> Result<(), CliError> {
    std::io::stdout()
        .lock()
        .write_fmt(args)
        .map_err(|e| CliError::write("<stdout>", &e))
}

/// Flush standard output (at exit: output without a final newline is still buffered).
pub fn flush_stdout() -> Result<(), CliError> {
    std::io::stdout()
        .lock()
        .flush()
        .map_err(|e| CliError::write("<stdout>", &e))
}

/// Write `args` to standard error, ignoring failure (there is nowhere left to report
/// it); unlike `eprint!`, never panics.
pub fn err_fmt(args: fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `print!` that returns `Err(CliError)` (exit 2) when standard output fails.
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::common::out_fmt(format_args!($($t)*)) };
}

/// `println!` that returns `Err(CliError)` (exit 2) when standard output fails.
macro_rules! outln {
    () => { $crate::cli::common::out_fmt(format_args!("\n")) };
    ($($t:tt)*) => { $crate::cli::common::out_fmt(format_args!("{}\n", format_args!($($t)*))) };
}

/// `eprint!` that never panics.
macro_rules! errp {
    ($($t:tt)*) => { $crate::cli::common::err_fmt(format_args!($($t)*)) };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    () => { $crate::cli::common::err_fmt(format_args!("\n")) };
    ($($t:tt)*) => { $crate::cli::common::err_fmt(format_args!("{}\n", format_args!($($t)*))) };
}

pub(crate) use {errln, errp, out, outln};

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

/// `--format` values for reading.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum InFormat {
    /// Raw struct sock_filter records, 8 bytes each.
    Raw,
    /// bpf_asm source.
    Asm,
    /// bpf_asm's one-line `N,code jt jf k,...` output.
    Line,
    /// tcpdump -ddd: a count line, then `code jt jf k` per line.
    Ddd,
    /// C: `{ 0x20, 0, 0, 0x00000004 },` arrays or BPF_STMT/BPF_JUMP lists.
    C,
    /// seccomp-tools' disasm listing (` 0000: 0x20 0x00 0x00 0x00000004  A = arch`).
    SeccompTools,
    /// seccomp-tools' asm language (`A = arch`, `if (A == execve) goto kill`).
    SeccompToolsAsm,
    /// ceccomp's text (`$A = $arch`, `if ($A == read) goto 0004`), bare or its listing.
    Ceccomp,
    /// libseccomp's scmp_bpf_disasm listing.
    Scmp,
}

impl InFormat {
    pub fn lib(self) -> Format {
        match self {
            InFormat::Raw => Format::Raw,
            InFormat::Asm => Format::Asm,
            InFormat::Line => Format::Line,
            InFormat::Ddd => Format::Ddd,
            InFormat::C => Format::C,
            InFormat::SeccompTools => Format::SeccompTools,
            InFormat::SeccompToolsAsm => Format::SeccompToolsAsm,
            InFormat::Ceccomp => Format::Ceccomp,
            InFormat::Scmp => Format::Scmp,
        }
    }
}

/// `--endian` values.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum EndianArg {
    /// Least significant byte first (x86_64, aarch64, ...).
    Little,
    /// Most significant byte first (s390x, ppc64, ...).
    Big,
}

impl EndianArg {
    pub fn lib(self) -> Endian {
        match self {
            EndianArg::Little => Endian::Little,
            EndianArg::Big => Endian::Big,
        }
    }
}

/// The values `--format` accepts, for messages.
pub const IN_FORMATS: &str =
    "raw, asm, line, ddd, c, seccomp-tools, seccomp-tools-asm, ceccomp, scmp";

/// The values some command writes (`--to`), which `--format` (the input format) does not
/// take: a clear error instead of a silent change of meaning.
const OUT_ONLY_FORMATS: &[&str] = &["dot", "svg", "json", "listing"];

/// clap value parser for every `--format` (the input format): `raw`, `asm`, `line`,
/// `ddd` or `c`. An output format given here (`--format svg`, from the time `--format`
/// also named the output of some commands) is an error pointing to `--to`.
pub fn parse_in_format(s: &str) -> Result<InFormat, String> {
    if let Ok(f) = <InFormat as ValueEnum>::from_str(s, true) {
        return Ok(f);
    }
    if OUT_ONLY_FORMATS.contains(&s.to_ascii_lowercase().as_str()) {
        return Err(format!(
            "'{s}' is an output format: --format names the input format ({IN_FORMATS}); choose the output with --to {s}"
        ));
    }
    Err(format!(
        "'{s}' is not an input format (expected one of: {IN_FORMATS}; the output format, where a command has one, is --to)"
    ))
}

/// Options for reading filter files, shared by every command that reads filters.
#[derive(clap::Args, Debug, Clone)]
pub struct ReadOpts {
    /// Input format: raw, asm, line, ddd, c, seccomp-tools, seccomp-tools-asm, ceccomp, scmp
    /// (default: detected from the content; see docs/formats.md).
    #[arg(long, value_name = "FORMAT", value_parser = parse_in_format, alias = "from")]
    pub format: Option<InFormat>,
    /// Byte order of raw filters (default: this machine's).
    #[arg(long, value_enum)]
    pub endian: Option<EndianArg>,
    /// The option that forces a format in this command, for hints (`--format` if empty).
    #[arg(skip)]
    pub format_flag: &'static str,
}

/// The longest duration any option accepts: one year, in seconds.
pub const MAX_SECS: f64 = 365.0 * 24.0 * 3600.0;

/// clap value parser for every duration option (`--time`, `--timeout`): a finite,
/// positive number of seconds, at most [`MAX_SECS`] (so `nan`, `inf`, `1e300`, `-1`
/// and `0` are usage errors, never a panic converting them to a `Duration`).
pub fn parse_secs(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number of seconds"))?;
    if !v.is_finite() || v <= 0.0 || v > MAX_SECS {
        return Err(format!(
            "'{s}' is out of range: expected a number of seconds greater than 0 and at most {MAX_SECS} (one year)"
        ));
    }
    Ok(v)
}

/// Read a file, `-` meaning standard input.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::usage(format!("<stdin>: cannot read: {}", io_reason(&e))))?;
    } else {
        buf = std::fs::read(path)
            .map_err(|e| CliError::usage(format!("{path}: cannot read: {}", io_reason(&e))))?;
    }
    Ok(buf)
}

/// Read a filter file (`-`: standard input), at most [`codec::input_limit`] bytes for
/// `format`: a longer input is a "program too long" error (exit 2) after reading one byte
/// past the limit, so `/dev/zero` or a huge file cannot exhaust memory.
pub fn read_filter_bytes(path: &str, format: Option<Format>) -> Result<Vec<u8>, CliError> {
    let limit = codec::input_limit(format);
    let got = if path == "-" {
        codec::read_limited(std::io::stdin().lock(), limit)
    } else {
        std::fs::File::open(path).and_then(|f| codec::read_limited(f, limit))
    };
    match got {
        Ok(Some(b)) => Ok(b),
        Ok(None) => Err(CliError::usage(format!(
            "{}: {}",
            display(path),
            codec::input_too_long(format)
        ))),
        Err(e) => Err(CliError::usage(format!(
            "{}: cannot read: {}",
            display(path),
            io_reason(&e)
        ))),
    }
}

/// Display name of a path (`<stdin>` for `-`).
pub fn display(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// Read and decode one filter file. An empty file (0 bytes) is the program of 0
/// instructions, which the kernel refuses with EINVAL: commands that verify report
/// that refusal (exit 1); the others call [`refuse_empty`].
pub fn load_filter(
    path: &str,
    opts: &ReadOpts,
    arch: &'static Arch,
) -> Result<Vec<Insn>, CliError> {
    load(path, opts, arch)
}

/// Read and decode one filter file (see [`load_filter`]). A decode error (exit 2) names
/// the file, the format tried, whether it was detected, and how to force another.
pub fn load(path: &str, opts: &ReadOpts, arch: &'static Arch) -> Result<Vec<Insn>, CliError> {
    let format = opts.format.map(InFormat::lib);
    let bytes = read_filter_bytes(path, format)?;
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let dopts = DecodeOptions {
        endian: opts.endian.map_or(Endian::native(), EndianArg::lib),
        arch,
    };
    let (prog, warnings) = codec::decode_with_warnings(&bytes, format, &dopts).map_err(|e| {
        let flag = if opts.format_flag.is_empty() {
            "--format"
        } else {
            opts.format_flag
        };
        let hint = if e.detected() {
            format!("; force a format with {flag} raw|asm|line|ddd|c|seccomp-tools|seccomp-tools-asm|ceccomp|scmp")
        } else {
            format!("; force another with {flag} raw|asm|line|ddd|c|seccomp-tools|seccomp-tools-asm|ceccomp|scmp, or leave {flag} out to detect the format")
        };
        CliError::usage(format!("{}: {e}{hint}", display(path)))
    })?;
    for w in warnings {
        errln!("warning: {}: {w}", display(path));
    }
    Ok(prog)
}

/// The error of a command that does not verify (disasm, graph, asm) for an empty
/// program: exit 1, as `check` answers for it.
pub fn refuse_empty(path: &str) -> CliError {
    CliError::refused(format!(
        "{}: empty program: 0 instructions (an empty file, or a count of 0), and the kernel refuses a program of 0 instructions (seccomp_prepare_filter: seccomp(2) returns EINVAL)",
        display(path)
    ))
}

/// Resolve `--arch` (name or number) to a known arch for syscall names.
pub fn arch_opt(s: Option<&str>) -> Result<(u32, Option<&'static Arch>), CliError> {
    match s {
        None => Ok((Arch::x86_64().audit, Some(Arch::x86_64()))),
        Some(s) => parse_arch(s).ok_or_else(|| {
            let names: Vec<&str> = secbpf::seccomp::arch::ARCHES
                .iter()
                .map(|a| a.name)
                .collect();
            CliError::usage(format!(
                "unknown arch '{s}' (expected a number such as 0xc000003e or one of: {})",
                names.join(", ")
            ))
        }),
    }
}

/// Resolve the syscall `name` given to `flag` (`--syscall`) on `arch`: every option that
/// takes a syscall name goes through here, so a typo gets the same "did you mean".
pub fn syscall_by_name(flag: &str, arch: &Arch, name: &str) -> Result<u32, CliError> {
    if let Some(nr) = arch.syscall_nr(name) {
        return Ok(nr);
    }
    let near = arch.similar_syscalls(name);
    let hint = if near.is_empty() {
        format!("names are those of the kernel's table for {}, such as openat; or give a number with --nr", arch.name)
    } else {
        format!("did you mean {}?", near.join(" or "))
    };
    Err(CliError::usage(format!(
        "{flag}: unknown syscall '{name}' for arch {} ({hint})",
        arch.name
    )))
}

/// Parse the syscall number given to `--nr` (any 32-bit value, signed or unsigned,
/// decimal or 0x hex); a syscall name there is an error pointing to `--syscall`.
pub fn nr_arg(s: &str, arch: Option<&Arch>) -> Result<u32, CliError> {
    if let Some(n) = secbpf::num::parse_u32(s) {
        return Ok(n);
    }
    let is_name = s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if is_name {
        let known = arch.and_then(|a| a.syscall_nr(s).map(|nr| (a, nr)));
        return Err(CliError::usage(match known {
            Some((a, nr)) => format!(
                "--nr: '{s}' is a syscall name, not a number; use --syscall {s} (nr {nr} on {})",
                a.name
            ),
            None => format!("--nr: '{s}' is not a number; a syscall name goes to --syscall NAME"),
        }));
    }
    Err(CliError::usage(format!(
        "--nr: '{s}' is not a 32-bit number (decimal, 0x hex, or negative)"
    )))
}

/// Write bytes to a file, or to standard output for `-` or no path.
pub fn write_out(path: Option<&str>, bytes: &[u8]) -> Result<(), CliError> {
    match path {
        None | Some("-") => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| CliError::write("<stdout>", &e))
        }
        Some(p) => std::fs::write(p, bytes).map_err(|e| CliError::write(p, &e)),
    }
}
