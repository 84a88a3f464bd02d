//! `secbpf disasm`: list a filter in bpf_asm syntax, or convert it to another format
//! (also the peers' text: seccomp-tools, ceccomp, scmp_bpf_disasm).

use super::common::{arch_opt, load_filter, write_out, CliError, ReadOpts};
use clap::ValueEnum;
use secbpf::codec::{self, EncodeOptions, Format};
use secbpf::disasm::{self, DisasmOptions};
use serde_json::json;

/// Output formats of `disasm --to` and `asm --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutFormat {
    /// Raw struct sock_filter records.
    Raw,
    /// C array lines as `bpf_asm -c` prints them.
    C,
    /// bpf_asm's one-line `N,code jt jf k,...`.
    Line,
    /// bpf_asm source (the listing).
    Asm,
    /// seccomp-tools' disasm listing.
    SeccompTools,
    /// seccomp-tools' asm language.
    SeccompToolsAsm,
    /// ceccomp's disasm listing (which `ceccomp asm` reads).
    Ceccomp,
    /// libseccomp's scmp_bpf_disasm listing.
    Scmp,
}

impl OutFormat {
    pub fn lib(self) -> Format {
        match self {
            OutFormat::Raw => Format::Raw,
            OutFormat::C => Format::C,
            OutFormat::Line => Format::Line,
            OutFormat::Asm => Format::Asm,
            OutFormat::SeccompTools => Format::SeccompTools,
            OutFormat::SeccompToolsAsm => Format::SeccompToolsAsm,
            OutFormat::Ceccomp => Format::Ceccomp,
            OutFormat::Scmp => Format::Scmp,
        }
    }
}

/// List a filter in bpf_asm syntax that `secbpf asm` turns back into the same bytes,
/// with labels for jump targets and seccomp-aware comments (the field each load reads,
/// syscall names, actions). With `--to`, convert to another format instead.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// Convert to this format instead of listing (raw, c, line, asm, seccomp-tools,
    /// seccomp-tools-asm, ceccomp, scmp; see docs/formats.md). A peer format that cannot
    /// express an instruction is an error (exit 2); where the peer's own tool would read
    /// the text back as other bytes, a warning goes to standard error.
    #[arg(
        long = "to",
        alias = "output-format",
        value_enum,
        value_name = "FORMAT"
    )]
    to: Option<OutFormat>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<String>,
    /// Arch for syscall names when the filter does not check it itself.
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    /// Byte order of raw output (default: this machine's).
    #[arg(long = "out-endian", value_enum, value_name = "ENDIAN")]
    out_endian: Option<super::common::EndianArg>,
    /// Start each line's comment with its pc (`; pc 53: nr`), so a pc named by a trace,
    /// a diagnostic or `step` is found by searching for `pc 53:`. The pcs are comments:
    /// the listing still re-assembles to the same instructions.
    #[arg(long = "pc", conflicts_with = "to")]
    pc: bool,
    /// Print {"insns": [[code, jt, jf, k], ...], "listing": "..."}.
    #[arg(long)]
    json: bool,
    /// Input format: raw, asm, line, ddd, c, seccomp-tools, seccomp-tools-asm, ceccomp,
    /// scmp (default: detected from the content). As in every command, `--format` names
    /// the input; the output is `--to`.
    #[arg(long = "format", alias = "from", value_name = "FORMAT", value_parser = super::common::parse_in_format)]
    from: Option<super::common::InFormat>,
    /// Byte order of a raw input filter (default: this machine's).
    #[arg(long, value_enum)]
    endian: Option<super::common::EndianArg>,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let (_, arch) = arch_opt(a.arch.as_deref())?;
    let read = ReadOpts {
        format: a.from,
        endian: a.endian,
        format_flag: "--format",
    };
    let prog = load_filter(
        &a.file,
        &read,
        arch.unwrap_or(secbpf::seccomp::Arch::x86_64()),
    )?;
    if prog.is_empty() {
        return Err(super::common::refuse_empty(&a.file));
    }
    let dopts = DisasmOptions {
        arch: if a.arch.is_some() { arch } else { None },
        ..DisasmOptions::default()
    };
    if let Some(to) = a.to {
        let eopts = EncodeOptions {
            endian: a.out_endian.map_or(secbpf::Endian::native(), |e| e.lib()),
            ..EncodeOptions::default()
        };
        let (bytes, warnings) = codec::try_encode(&prog, to.lib(), &eopts).map_err(|e| {
            super::common::CliError::usage(format!("{}: cannot write {}: {e}", a.file, to.lib()))
        })?;
        for w in warnings {
            super::common::errln!("warning: {w}");
        }
        write_out(a.output.as_deref(), &bytes)?;
        return Ok(0);
    }
    let listing = if a.pc {
        disasm::disassemble_with_pcs(&prog, &dopts)
    } else {
        disasm::disassemble(&prog, &dopts)
    };
    if a.json {
        let insns = secbpf::codec::json::to_json(&prog);
        let v = json!({"insns": insns, "listing": listing});
        write_out(a.output.as_deref(), format!("{v}\n").as_bytes())?;
    } else if matches!(a.output.as_deref(), None | Some("-")) {
        let painted = super::style::paint(&listing, super::style::Kind::Listing);
        write_out(None, painted.as_bytes())?;
    } else {
        write_out(a.output.as_deref(), listing.as_bytes())?;
    }
    Ok(0)
}
