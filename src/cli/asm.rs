//! `secbpf asm`: assemble bpf_asm source.

use super::common::{display, read_bytes, write_out, CliError, EndianArg};
use super::disasm::OutFormat;
use secbpf::codec::{self, EncodeOptions};
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
    /// Output format.
    #[arg(long, value_enum, default_value = "raw")]
    format: OutFormat,
    /// Byte order of raw output (default: this machine's).
    #[arg(long, value_enum)]
    endian: Option<EndianArg>,
    /// Print {"insns": [[code, jt, jf, k], ...]} instead.
    #[arg(long)]
    json: bool,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let bytes = read_bytes(&a.file)?;
    let src = std::str::from_utf8(&bytes).map_err(|e| {
        CliError::usage(format!(
            "{}: not UTF-8 text (invalid byte at offset {}); is this a raw filter? use `secbpf disasm`",
            display(&a.file),
            e.valid_up_to()
        ))
    })?;
    let prog = secbpf::asm::assemble(src)
        .map_err(|e| CliError::usage(format!("{}: {e}", display(&a.file))))?;
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
    let out = codec::encode(&prog, a.format.lib(), &eopts);
    if a.format == OutFormat::Raw
        && a.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(CliError::usage(
            "refusing to write a raw filter to a terminal; use -o FILE, a pipe, or --format c|line|asm",
        ));
    }
    write_out(a.output.as_deref(), &out)?;
    Ok(0)
}
