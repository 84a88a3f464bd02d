//! `secbpf asm`: assemble bpf_asm source.

use super::common::{
    display, parse_in_format, read_filter_bytes, refuse_empty, write_out, CliError, EndianArg,
    InFormat,
};
use super::disasm::OutFormat;
use clap::ValueEnum;
use secbpf::codec::{self, DecodeErrorKind, DecodeOptions, EncodeOptions, Format};
use serde_json::json;

/// Assemble bpf_asm source (labels, `jeq #k, Lt, Lf`, `jneq/jlt/jle #k, L`, comments)
/// into a filter. A jump that does not fit in 8 bits is an error naming the label and
/// the distance; nothing is silently truncated.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Source file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// Output file (default: standard output).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<String>,
    /// Output format: raw, c, line, asm.
    #[arg(
        long = "to",
        visible_alias = "output-format",
        value_enum,
        default_value = "raw",
        value_name = "FORMAT"
    )]
    to: OutFormat,
    /// Input format: asm (bpf_asm source, the default), or a peer's assembly language:
    /// seccomp-tools-asm, ceccomp (see docs/formats.md); the output format is --to.
    #[arg(long, value_name = "FORMAT", value_parser = parse_in_format)]
    format: Option<InFormat>,
    /// Byte order of raw output (default: this machine's).
    #[arg(long, value_enum)]
    endian: Option<EndianArg>,
    /// Print {"insns": [[code, jt, jf, k], ...]} instead.
    #[arg(long)]
    json: bool,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let accepted = [InFormat::Asm, InFormat::SeccompToolsAsm, InFormat::Ceccomp];
    if let Some(f) = a.format.filter(|f| !accepted.contains(f)) {
        let name = f
            .to_possible_value()
            .map_or(String::new(), |v| v.get_name().to_string());
        return Err(CliError::usage(format!(
            "--format {name}: asm reads assembly source only (--format asm, seccomp-tools-asm or ceccomp); to write {name}, use --to {name}"
        )));
    }
    let in_format = a.format.map_or(Format::Asm, InFormat::lib);
    let bytes = read_filter_bytes(&a.file, Some(in_format))?;
    if bytes.is_empty() {
        return Err(refuse_empty(&a.file));
    }
    let (prog, warnings) =
        codec::decode_with_warnings(&bytes, Some(in_format), &DecodeOptions::default()).map_err(
            |e| {
                let hint = match e.kind() {
                    DecodeErrorKind::NotUtf8 | DecodeErrorKind::ControlByte => {
                        " (to list a raw filter, use `secbpf disasm`)"
                    }
                    _ => "",
                };
                CliError::usage(format!("{}: {e}{hint}", display(&a.file)))
            },
        )?;
    for w in warnings {
        super::common::errln!("warning: {}: {w}", display(&a.file));
    }
    if a.json {
        let insns = secbpf::codec::json::to_json(&prog);
        write_out(
            a.output.as_deref(),
            format!("{}\n", json!({ "insns": insns })).as_bytes(),
        )?;
        return Ok(0);
    }
    let eopts = EncodeOptions {
        endian: a.endian.map_or(secbpf::Endian::native(), EndianArg::lib),
        ..EncodeOptions::default()
    };
    let (out, warnings) = codec::try_encode(&prog, a.to.lib(), &eopts).map_err(|e| {
        CliError::usage(format!(
            "{}: cannot write {}: {e}",
            display(&a.file),
            a.to.lib()
        ))
    })?;
    for w in warnings {
        super::common::errln!("warning: {w}");
    }
    if a.to == OutFormat::Raw
        && a.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(CliError::usage(
            "refusing to write a raw filter to a terminal; use -o FILE, a pipe, or --to c|line|asm",
        ));
    }
    write_out(a.output.as_deref(), &out)?;
    Ok(0)
}
