//! `secbpf bench`: nanoseconds per evaluation.

use super::common::{display, CliError, ReadOpts};
use super::run::{load_stack, open_inputs, out_err, stdin_once, InputsFormat};
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::stack::{eval_stack_words, eval_stack_words_once};
use serde_json::json;
use std::hint::black_box;
use std::io::Write;
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
    /// Inputs: JSON Lines cases, a JSON array of cases, or raw 64-byte struct
    /// seccomp_data records (native byte order), at most 1,048,576 cases, held in memory;
    /// a case's `ret` is not checked (use `run --inputs`). Default: x86_64 syscalls
    /// 0..=511 with zero arguments.
    #[arg(long, value_name = "FILE")]
    inputs: Option<String>,
    /// How to read --inputs (default auto: text is JSON, raw only for binary data).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "inputs")]
    inputs_format: Option<InputsFormat>,
    /// Passes over the inputs, at least 1 (default: enough for about two million
    /// evaluations).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    iters: Option<u64>,
    /// What evaluates: `plan` (what `run` uses: the evaluation plan, built before timing)
    /// or `interpreter` (every instruction from pc 0, the reference the plan is measured
    /// against).
    #[arg(long, value_enum, default_value = "plan", value_name = "ENGINE")]
    engine: Engine,
    /// Print {"ns_per_eval": float, "evals": int, "engine": "plan"|"interpreter"}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    Plan,
    Interpreter,
}

/// The most cases `bench` holds in memory.
pub const MAX_BENCH_CASES: usize = 1 << 20;

/// Read up to `max` cases of an input set into memory; more is an error naming `what`.
pub(super) fn read_cases(
    path: &str,
    format: Option<InputsFormat>,
    max: usize,
    what: &str,
) -> Result<Vec<secbpf::seccomp::input::Case>, CliError> {
    let mut out = Vec::new();
    for c in open_inputs(path, format)? {
        let c = c.map_err(|e| CliError::usage(format!("{}: {e}", display(path))))?;
        if out.len() == max {
            return Err(CliError::usage(format!(
                "{}: more than {max} cases ({what} holds its inputs in memory; split the file)",
                display(path)
            )));
        }
        out.push(c);
    }
    if out.is_empty() {
        return Err(CliError::usage(format!(
            "{}: the input set holds no cases",
            display(path)
        )));
    }
    Ok(out)
}

pub fn main(a: Args) -> Result<i32, CliError> {
    stdin_once(&a.files, a.inputs.as_deref())?;
    let stack = load_stack(&a.files, &a.read)?;
    let cases: Vec<SeccompData> = match &a.inputs {
        Some(p) => read_cases(p, a.inputs_format, MAX_BENCH_CASES, "bench")?
            .into_iter()
            .map(|c| c.data)
            .collect(),
        None => (0..512)
            .map(|nr| SeccompData::new(secbpf::consts::AUDIT_ARCH_X86_64, nr))
            .collect(),
    };
    let iters = a
        .iters
        .unwrap_or_else(|| (2_000_000 / cases.len() as u64).max(1));
    let evals = iters.checked_mul(cases.len() as u64).ok_or_else(|| {
        CliError::usage(format!(
            "--iters {iters} times {} inputs overflows a 64-bit count of evaluations",
            cases.len()
        ))
    })?;
    // The words each filter loads, laid out once per input as the kernel lays out
    // seccomp_data once per syscall (libpcap's side of benches/compare-libpcap.sh is
    // likewise handed its byte-swapped records ready-made).
    let words: Vec<_> = cases.iter().map(SeccompData::words).collect();
    // One warm-up pass (it builds the plans), then the timed ones.
    let eval = |w: &[u32; 16]| match a.engine {
        Engine::Plan => eval_stack_words(&stack, w).raw(),
        Engine::Interpreter => eval_stack_words_once(&stack, w).raw(),
    };
    for w in &words {
        black_box(eval(black_box(w)));
    }
    let start = Instant::now();
    let mut acc = 0u32;
    match a.engine {
        Engine::Plan => {
            for _ in 0..iters {
                for w in &words {
                    acc = acc.wrapping_add(eval_stack_words(&stack, black_box(w)).raw());
                }
            }
        }
        Engine::Interpreter => {
            for _ in 0..iters {
                for w in &words {
                    acc = acc.wrapping_add(eval_stack_words_once(&stack, black_box(w)).raw());
                }
            }
        }
    }
    let elapsed = start.elapsed();
    black_box(acc);
    let ns = elapsed.as_nanos() as f64 / evals as f64;
    let mut w = std::io::stdout().lock();
    if a.json {
        let engine = match a.engine {
            Engine::Plan => "plan",
            Engine::Interpreter => "interpreter",
        };
        writeln!(
            w,
            "{}",
            json!({"ns_per_eval": ns, "evals": evals, "engine": engine})
        )
    } else {
        writeln!(
            w,
            "{ns:.2} ns per evaluation ({evals} evaluations of {} inputs in {:.3} s)",
            cases.len(),
            elapsed.as_secs_f64()
        )
    }
    .and_then(|()| w.flush())
    .map_err(out_err)?;
    Ok(0)
}
