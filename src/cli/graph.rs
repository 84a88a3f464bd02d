//! `secbpf graph`: the control-flow graph of a filter, in Graphviz dot or SVG.

use super::common::{display, load_filter, write_out, CliError, EndianArg, InFormat, ReadOpts};
use clap::ValueEnum;
use secbpf::analysis::graph;
use std::io::Write;
use std::process::{Command, Stdio};

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz dot text.
    Dot,
    /// SVG, drawn by Graphviz `dot` (must be installed).
    Svg,
}

/// Write the control-flow graph: a box per basic block listing its instructions, edges
/// labelled with their condition (`nr == 0x3b (execve)`), returns with their action.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "dot", value_name = "FORMAT")]
    format: GraphFormat,
    /// Write to OUT instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// Input format (default: detected from the content).
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<InFormat>,
    /// Byte order of raw filters (default: this machine's).
    #[arg(long, value_enum)]
    endian: Option<EndianArg>,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let read = ReadOpts {
        format: a.from,
        endian: a.endian,
        format_flag: "--from",
    };
    let prog = load_filter(&a.file, &read, secbpf::seccomp::Arch::x86_64())?;
    if prog.is_empty() {
        return Err(super::common::refuse_empty(&a.file));
    }
    let name = std::path::Path::new(display(&a.file))
        .file_name()
        .map_or("filter".into(), |n| n.to_string_lossy().into_owned());
    let dot = graph::to_dot(&prog, &name);
    let bytes = match a.format {
        GraphFormat::Dot => dot.into_bytes(),
        GraphFormat::Svg => svg(&dot)?,
    };
    write_out(a.output.as_deref(), &bytes)?;
    Ok(0)
}

fn svg(dot: &str) -> Result<Vec<u8>, CliError> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            CliError::usage(format!(
                "cannot run Graphviz `dot` for SVG ({e}); install graphviz, or use --format dot and render it elsewhere"
            ))
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot.as_bytes())
            .map_err(|e| CliError::usage(format!("dot: cannot write: {e}")))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| CliError::usage(format!("dot: {e}")))?;
    if !out.status.success() {
        return Err(CliError::usage(format!(
            "dot failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}
