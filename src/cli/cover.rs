//! `secbpf cover`: instruction and return coverage of a filter by a set of inputs.

use super::common::{display, read_bytes, CliError, ReadOpts};
use super::run::load_stack;
use secbpf::analysis::cover;
use secbpf::seccomp::input::parse_inputs;
use secbpf::Endian;

/// Run the inputs (JSON Lines as `secbpf run --inputs` reads them) through the filter and
/// report which instructions and returns they reached; for each one they missed, an
/// input that reaches it (checked by running it), or why no input can. Exit 0, 1 if the
/// kernel would refuse the filter, 2 for usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The filter file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// The cases: JSON Lines ({"arch", "nr", "ip", "args"}) or raw seccomp_data records.
    #[arg(long, value_name = "CASES")]
    inputs: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let stack = load_stack(std::slice::from_ref(&a.file), &a.read)?;
    let cases = parse_inputs(&read_bytes(&a.inputs)?, Endian::native())
        .map_err(|e| CliError::usage(format!("{}: {e}", display(&a.inputs))))?;
    let prog = &stack[0];
    let c = cover::cover(prog, &cases);
    let out = if a.json {
        cover::to_json(prog, &c, cases.len()).to_string() + "\n"
    } else {
        cover::to_text(prog, &c, cases.len())
    };
    super::common::write_out(None, out.as_bytes())?;
    Ok(0)
}
