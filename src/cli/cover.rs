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
    #[command(flatten)]
    budget: super::budget_opts::BudgetOpts,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let budget = a.budget.budget()?;
    let stack = load_stack(std::slice::from_ref(&a.file), &a.read)?;
    let cases = parse_inputs(&read_bytes(&a.inputs)?, Endian::native())
        .map_err(|e| CliError::usage(format!("{}: {e}", display(&a.inputs))))?;
    let prog = &stack[0];
    let (c, spent) = cover::cover_with(prog, &cases, &budget);
    let out = if a.json {
        let mut v = cover::to_json(prog, &c, cases.len());
        v["budget_spent"] = serde_json::json!(spent.map(|e| e.name()));
        v.to_string() + "\n"
    } else {
        let mut t = cover::to_text(prog, &c, cases.len());
        if let Some(e) = spent {
            t += &format!(
                "note: {}; past it, reachability was approximated (missed instructions may lack a witness)\n",
                secbpf::analysis::budget::note(e, &budget)
            );
        }
        t
    };
    super::common::write_out(None, out.as_bytes())?;
    Ok(0)
}
