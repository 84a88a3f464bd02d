//! `secbpf graph`: the control-flow graph of a filter, in Graphviz dot or SVG.

use super::common::{
    arch_opt, display, io_reason, load_filter, parse_secs, write_out, CliError, ReadOpts,
};
use clap::ValueEnum;
use secbpf::analysis::graph;
use secbpf::kernel::tool::{self, ToolEnd};
use std::process::Command;
use std::time::Duration;

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
    /// Output format (`--format` names the input format).
    #[arg(
        long = "to",
        visible_alias = "output-format",
        value_enum,
        default_value = "dot",
        value_name = "FORMAT"
    )]
    to: GraphFormat,
    /// Write to OUT instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// Arch for field and syscall names on paths where the filter does not check it
    /// itself: a name (x86_64, aarch64, ...) or an AUDIT_ARCH value.
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    #[command(flatten)]
    read: ReadOpts,
    /// With --to svg: kill Graphviz `dot` if it has not finished after SECS.
    #[arg(long, value_name = "SECS", default_value_t = 10.0, value_parser = parse_secs)]
    timeout: f64,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let (audit, known) = arch_opt(a.arch.as_deref())?;
    let prog = load_filter(
        &a.file,
        &a.read,
        known.unwrap_or(secbpf::seccomp::Arch::x86_64()),
    )?;
    if prog.is_empty() {
        return Err(super::common::refuse_empty(&a.file));
    }
    let name = std::path::Path::new(display(&a.file))
        .file_name()
        .map_or("filter".into(), |n| n.to_string_lossy().into_owned());
    let dot = graph::to_dot_for_arch(&prog, &name, a.arch.is_some().then_some(audit));
    let bytes = match a.to {
        GraphFormat::Dot => dot.into_bytes(),
        GraphFormat::Svg => svg(&dot, Duration::from_secs_f64(a.timeout))?,
    };
    write_out(a.output.as_deref(), &bytes)?;
    Ok(0)
}

/// Render with Graphviz `dot`, killed after `timeout` and whenever secbpf dies.
fn svg(dot: &str, timeout: Duration) -> Result<Vec<u8>, CliError> {
    let end = tool::run_with_timeout(Command::new("dot").arg("-Tsvg"), dot.as_bytes(), timeout)
        .map_err(|e| {
            CliError::usage(format!(
                "cannot run Graphviz `dot` for SVG ({}); install graphviz, or use --to dot and render it elsewhere",
                io_reason(&e)
            ))
        })?;
    match end {
        ToolEnd::TimedOut => Err(CliError::usage(format!(
            "Graphviz `dot` did not finish within {} s and was killed; raise --timeout, or use --to dot",
            timeout.as_secs_f64()
        ))),
        ToolEnd::Finished { status, stderr, .. } if !status.success() => Err(CliError::usage(
            format!("dot failed ({status}): {}", String::from_utf8_lossy(&stderr).trim()),
        )),
        ToolEnd::Finished { stdout, .. } => Ok(stdout),
    }
}
