//! `secbpf fuzz-kernel`: the differential campaign against the live kernel.

use super::common::CliError;
use super::common::{errln, outln};
use secbpf::kernel::{self, campaign};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Generate programs and inputs, ask both secbpf and the running kernel, and compare
/// every verdict and every exact result. A disagreement is shrunk to a small program and
/// input and written with the kernel's answer to corpus/kernel-regressions/ (or
/// --regressions DIR); the exit status is then 1. Ends with the line
/// `programs N, inputs M, disagreements D, P programs/s`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Programs to generate (a stack counts as one).
    #[arg(long, default_value_t = 10_000)]
    programs: u64,
    /// Inputs per program.
    #[arg(long, default_value_t = 8)]
    inputs_per_program: usize,
    /// Generator seed (the same seed gives the same programs).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECS")]
    time: Option<f64>,
    /// Worker threads (default: the number of CPUs).
    #[arg(long)]
    jobs: Option<usize>,
    /// Where to write reproducers.
    #[arg(long, value_name = "DIR", default_value = "corpus/kernel-regressions")]
    regressions: String,
    /// Print a JSON summary instead of the final line.
    #[arg(long)]
    json: bool,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    kernel::available().map_err(|why| CliError::usage(format!("cannot ask the kernel: {why}")))?;
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let cfg = campaign::Config {
        programs: a.programs,
        inputs_per_program: a.inputs_per_program,
        seed: a.seed,
        time: a.time.map(Duration::from_secs_f64),
        jobs,
        regressions: Some(a.regressions.clone().into()),
    };
    let tty = std::io::stderr().is_terminal();
    let start = Instant::now();
    let total = a.programs;
    let progress = move |done: u64, bad: u64| {
        if !tty {
            return;
        }
        let frac = done as f64 / total.max(1) as f64;
        let width = 30;
        let fill = ((frac * width as f64) as usize).min(width);
        let rate = done as f64 / start.elapsed().as_secs_f64().max(1e-9);
        let mut e = std::io::stderr().lock();
        let _ = write!(
            e,
            "\r[{}{}] {done}/{total} programs, {bad} disagreements, {rate:.0} programs/s ",
            "#".repeat(fill),
            " ".repeat(width - fill)
        );
        let _ = e.flush();
    };
    let sm = campaign::run(&cfg, &progress).map_err(|e| CliError::usage(e.to_string()))?;
    if tty {
        errln!();
    }
    for d in &sm.disagreements {
        errln!("disagreement: {d}");
    }
    if !sm.disagreements.is_empty() {
        errln!("reproducers written to {}/", a.regressions);
    }
    if a.json {
        outln!(
            "{}",
            json!({
                "programs": sm.programs,
                "inputs": sm.inputs,
                "skipped_inputs": sm.skipped,
                "disagreements": sm.disagreements.len(),
                "programs_per_second": sm.rate(),
                "seconds": sm.elapsed.as_secs_f64(),
                "seed": a.seed,
                "kernel_release": campaign::kernel_release(),
            })
        )?;
    } else {
        outln!(
            "programs {}, inputs {}, disagreements {}, {:.0} programs/s",
            sm.programs,
            sm.inputs,
            sm.disagreements.len(),
            sm.rate()
        )?;
    }
    Ok(if sm.disagreements.is_empty() { 0 } else { 1 })
}
