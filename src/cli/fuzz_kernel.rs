//! `secbpf fuzz-kernel`: the differential campaign against the live kernel.

use super::common::{errln, outln};
use super::common::{parse_secs, CliError};
use secbpf::kernel::{self, campaign, signals};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The largest `--inputs-per-program`: 100,000 inputs are 6.4 MB per worker.
const MAX_INPUTS_PER_PROGRAM: u64 = 100_000;

/// Generate programs and inputs, ask both secbpf and the running kernel, and compare
/// every verdict and every exact result. A disagreement is shrunk to a small program and
/// input and written with the kernel's answer to corpus/kernel-regressions/ (or
/// --regressions DIR); the exit status is then 1. Ends with the line
/// `programs N, inputs M, disagreements D, P programs/s`. Progress goes to standard
/// error: a bar on a terminal, else a line every --progress-every seconds (for logs and
/// background runs).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Programs to generate (a stack counts as one).
    #[arg(long, default_value_t = 10_000)]
    programs: u64,
    /// Inputs per program (at most 100000: each program's inputs are held in memory
    /// by every worker).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(0..=MAX_INPUTS_PER_PROGRAM))]
    inputs_per_program: u64,
    /// Generator seed (the same seed gives the same programs).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Stop after this many seconds (checked between programs and between batches of
    /// inputs within one).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    time: Option<f64>,
    /// Worker threads (default: the number of CPUs; at most 1024).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    jobs: Option<u64>,
    /// Where to write reproducers.
    #[arg(long, value_name = "DIR", default_value = "corpus/kernel-regressions")]
    regressions: String,
    /// Print a JSON summary instead of the final line.
    #[arg(long)]
    json: bool,
    /// When standard error is not a terminal, a progress line every SECS seconds (a
    /// terminal gets a bar instead); 0: none.
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_every)]
    progress_every: f64,
    /// Ask the kernel only (the same children and syscalls, nothing of secbpf's side, no
    /// comparison): the floor fuzz-kernel's rate is measured against (benches/fuzz-kernel.sh).
    #[arg(long, hide = true)]
    oracle_only: bool,
    #[command(flatten)]
    vm: super::vm::KernelOpts,
}

/// `--progress-every`: seconds as `--time` takes them, or 0 for no lines.
fn parse_every(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(0.0) => Ok(0.0),
        _ => parse_secs(s).map_err(|e| format!("{e} (0: no progress lines)")),
    }
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let vm = a.vm.oracle()?;
    if vm.is_none() {
        kernel::available()
            .map_err(|why| CliError::usage(format!("cannot ask the kernel: {why}")))?;
    }
    // One guest answers in order: one worker (secbpf's side is not the bottleneck).
    let jobs = a.jobs.map(|j| j as usize).unwrap_or_else(|| {
        if vm.is_some() {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    });
    if a.oracle_only && vm.is_some() {
        return Err(CliError::usage(
            "--oracle-only times the running kernel's side alone; it cannot be combined with --kernel",
        ));
    }
    let cfg = campaign::Config {
        programs: a.programs,
        inputs_per_program: a.inputs_per_program as usize,
        seed: a.seed,
        time: a.time.map(Duration::from_secs_f64),
        jobs,
        regressions: Some(a.regressions.clone().into()),
        oracle_only: a.oracle_only,
    };
    let tty = std::io::stderr().is_terminal();
    let start = Instant::now();
    let total = a.programs;
    // Off a terminal: a line when --progress-every has passed since the last one.
    let last_line = AtomicU64::new(0);
    let every = a.progress_every;
    let progress = move |done: u64, bad: u64| {
        if !tty {
            if every <= 0.0 {
                return;
            }
            let elapsed = start.elapsed().as_secs_f64();
            let due = (elapsed / every) as u64;
            // Only the caller that moves `last_line` up prints.
            if last_line.fetch_max(due, Ordering::Relaxed) < due {
                let secs = elapsed as u64;
                let rate = done as f64 / elapsed.max(1e-9);
                errln!(
                    "fuzz-kernel: {done}/{total} programs, {bad} disagreements, {rate:.0} programs/s, {}m{:02}s",
                    secs / 60,
                    secs % 60
                );
            }
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
    // SIGINT/SIGTERM: stop at the next batch, reap the children, print the summary so
    // far and exit 128 + the signal number.
    signals::catch_interrupts()
        .map_err(|e| CliError::usage(format!("cannot catch SIGINT/SIGTERM: {e}")))?;
    let sm = match &vm {
        Some(vm) => campaign::run_until_with(&cfg, &progress, &signals::interrupted, vm),
        None => campaign::run_until(&cfg, &progress, &signals::interrupted),
    }
    .map_err(|e| CliError::usage(e.to_string()))?;
    let release = match &vm {
        Some(vm) => campaign::Asker::release(vm),
        None => campaign::kernel_release(),
    };
    let stopped = match (sm.interrupted, sm.timed_out) {
        (Some(sig), _) => Some(format!("interrupted by {}", signals::signal_name(sig))),
        (None, true) => Some("time limit reached".to_string()),
        (None, false) => None,
    };
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
        let mut v = json!({
            "programs": sm.programs,
            "inputs": sm.inputs,
            "skipped_inputs": sm.skipped,
            "disagreements": sm.disagreements.len(),
            "programs_per_second": sm.rate(),
            "seconds": sm.elapsed.as_secs_f64(),
            "seed": a.seed,
            "kernel_release": release,
            "stopped": stopped,
            "cpu_seconds": {
                "user": sm.cpu.user.as_secs_f64(),
                "system": sm.cpu.system.as_secs_f64(),
                "children_user": sm.cpu.children_user.as_secs_f64(),
                "children_system": sm.cpu.children_system.as_secs_f64(),
            },
        });
        if a.oracle_only {
            v["oracle_only"] = json!(true);
        }
        outln!("{v}")?;
    } else {
        outln!(
            "programs {}, inputs {}, disagreements {}, {:.0} programs/s{}",
            sm.programs,
            sm.inputs,
            sm.disagreements.len(),
            sm.rate(),
            stopped.map_or(String::new(), |s| format!(" ({s})"))
        )?;
    }
    Ok(match sm.interrupted {
        Some(sig) => 128 + sig,
        None if sm.disagreements.is_empty() => 0,
        None => 1,
    })
}
