//! `secbpf bench`: nanoseconds per evaluation.

use super::common::{display, outln, read_bytes, CliError, ReadOpts};
use super::run::load_stack;
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::input::parse_inputs;
use secbpf::seccomp::stack::eval_stack_words;
use secbpf::Endian;
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

/// Measure how long the interpreter takes per evaluation of the filter (or stack) over
/// an input set, timing `--iters` passes over all inputs. Report the figure as a ratio
/// against a reference measured in the same run (see benches/ for criterion benches and
/// the libpcap comparison).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files (`-` for standard input), oldest first.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Inputs: JSON Lines cases or raw 64-byte struct seccomp_data records (native byte
    /// order). Default: x86_64 syscalls 0..=511 with zero arguments.
    #[arg(long, value_name = "FILE")]
    inputs: Option<String>,
    /// Passes over the inputs (default: enough for about two million evaluations).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    iters: Option<u64>,
    /// Print {"ns_per_eval": float, "evals": int}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let stack = load_stack(&a.files, &a.read)?;
    let cases: Vec<SeccompData> = match &a.inputs {
        Some(p) => parse_inputs(&read_bytes(p)?, Endian::native())
            .map_err(|e| CliError::usage(format!("{}: {e}", display(p))))?,
        None => (0..512)
            .map(|nr| SeccompData::new(secbpf::consts::AUDIT_ARCH_X86_64, nr))
            .collect(),
    };
    if cases.is_empty() {
        return Err(CliError::usage("the input set is empty"));
    }
    let iters = a
        .iters
        .unwrap_or_else(|| (2_000_000 / cases.len() as u64).max(1));
    // The words each filter loads, laid out once per input as the kernel lays out
    // seccomp_data once per syscall (libpcap's side of benches/compare-libpcap.sh is
    // likewise handed its byte-swapped records ready-made).
    let words: Vec<_> = cases.iter().map(SeccompData::words).collect();
    // One warm-up pass, then the timed ones.
    for w in &words {
        black_box(eval_stack_words(&stack, black_box(w)));
    }
    let start = Instant::now();
    let mut acc = 0u32;
    for _ in 0..iters {
        for w in &words {
            if let Some(r) = eval_stack_words(&stack, black_box(w)) {
                acc = acc.wrapping_add(r);
            }
        }
    }
    let elapsed = start.elapsed();
    black_box(acc);
    let evals = iters * cases.len() as u64;
    let ns = elapsed.as_nanos() as f64 / evals as f64;
    if a.json {
        outln!("{}", json!({"ns_per_eval": ns, "evals": evals}))?;
    } else {
        outln!(
            "{ns:.2} ns per evaluation ({evals} evaluations of {} inputs in {:.3} s)",
            cases.len(),
            elapsed.as_secs_f64()
        )?;
    }
    Ok(0)
}
