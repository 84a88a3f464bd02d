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
}

impl CliError {
    /// A usage, I/O or parse error (exit 2).
    pub fn usage(msg: impl Into<String>) -> CliError {
        CliError {
            code: 2,
            msg: msg.into(),
        }
    }
}

impl CliError {
    /// An error with a given exit code.
    pub fn with_code(code: i32, msg: impl Into<String>) -> CliError {
        CliError {
            code,
            msg: msg.into(),
        }
    }

    /// The answer is "no" (exit 1), e.g. the kernel would refuse the filter.
    pub fn refused(msg: impl Into<String>) -> CliError {
        CliError {
            code: 1,
            msg: msg.into(),
        }
    }
}

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
}

impl InFormat {
    pub fn lib(self) -> Format {
        match self {
            InFormat::Raw => Format::Raw,
            InFormat::Asm => Format::Asm,
            InFormat::Line => Format::Line,
            InFormat::Ddd => Format::Ddd,
            InFormat::C => Format::C,
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

/// Options for reading filter files, shared by every command that reads filters.
#[derive(clap::Args, Debug, Clone)]
pub struct ReadOpts {
    /// Input format (default: detected from the content).
    #[arg(long, value_enum)]
    pub format: Option<InFormat>,
    /// Byte order of raw filters (default: this machine's).
    #[arg(long, value_enum)]
    pub endian: Option<EndianArg>,
    /// The option that forces a format in this command, for hints (`--format` if empty).
    #[arg(skip)]
    pub format_flag: &'static str,
}

/// Read a file, `-` meaning standard input.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::usage(format!("<stdin>: cannot read: {e}")))?;
    } else {
        buf = std::fs::read(path)
            .map_err(|e| CliError::usage(format!("{path}: cannot read: {e}")))?;
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
            "{}: cannot read: {e}",
            display(path)
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
    codec::decode(&bytes, format, &dopts).map_err(|e| {
        let flag = if opts.format_flag.is_empty() {
            "--format"
        } else {
            opts.format_flag
        };
        let hint = if e.detected() {
            format!("; force a format with {flag} raw|asm|line|ddd|c")
        } else {
            format!("; force another with {flag} raw|asm|line|ddd|c, or leave {flag} out to detect the format")
        };
        CliError::usage(format!("{}: {e}{hint}", display(path)))
    })
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

/// Write bytes to a file, or to standard output for `-` or no path.
pub fn write_out(path: Option<&str>, bytes: &[u8]) -> Result<(), CliError> {
    match path {
        None | Some("-") => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| CliError::usage(format!("<stdout>: cannot write: {e}")))
        }
        Some(p) => {
            std::fs::write(p, bytes).map_err(|e| CliError::usage(format!("{p}: cannot write: {e}")))
        }
    }
}
