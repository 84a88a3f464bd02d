//! `secbpf cover`: instruction and return coverage of a filter by a set of inputs.

use super::bench::read_cases;
use super::common::{display, errln, CliError, ReadOpts};
use super::run::{load_stack, stdin_once, InputsFormat};
use secbpf::analysis::cover;
use secbpf::seccomp::action::RetValue;
use secbpf::seccomp::data::SeccompData;

/// Run the inputs (JSON Lines as `secbpf run --inputs` reads them) through the filter and
/// report which instructions and returns they reached; for each one they missed, an
/// input that reaches it (checked by running it), or why no input can. Exit 0, 1 if the
/// kernel would refuse the filter, 2 for usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The filter file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// The cases: JSON Lines ({"arch", "nr", "ip", "args", "ret"}), a JSON array of
    /// cases, or raw seccomp_data records; at most 1,048,576 cases. A case's `ret` is
    /// compared with the filter's result and differences are reported on standard error.
    #[arg(long, value_name = "CASES")]
    inputs: String,
    /// How to read --inputs (default auto: text is JSON, raw only for binary data).
    #[arg(long, value_enum, value_name = "FORMAT")]
    inputs_format: Option<InputsFormat>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    budget: super::budget_opts::BudgetOpts,
}

/// The most cases `cover` holds in memory.
pub const MAX_COVER_CASES: usize = 1 << 20;

pub fn main(a: Args) -> Result<i32, CliError> {
    let budget = a.budget.budget()?;
    stdin_once([&a.file], Some(&a.inputs))?;
    let stack = load_stack(std::slice::from_ref(&a.file), &a.read)?;
    let read = read_cases(&a.inputs, a.inputs_format, MAX_COVER_CASES, "cover")?;
    let prog = &stack[0];
    // Recorded results are checked, never dropped silently.
    let differ: Vec<_> = read
        .iter()
        .filter_map(|c| {
            let rec = RetValue(c.ret?);
            let got = secbpf::vm::run(prog, &c.data).ret;
            (rec != got).then_some((c.at, rec, got))
        })
        .collect();
    if let Some((at, rec, got)) = differ.first() {
        errln!(
            "secbpf: warning: {}: {} of {} cases differ from their recorded ret (the first at {at}: recorded {} ({rec:#x}), the filter returns {} ({got:#x}))",
            display(&a.inputs),
            differ.len(),
            read.len(),
            rec,
            got
        );
    }
    let cases: Vec<SeccompData> = read.iter().map(|c| c.data).collect();
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
