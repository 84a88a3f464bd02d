//! `secbpf oracle`: ask the running kernel.

use super::common::{
    display, errln, flush_stdout, load, load_filter, out, outln, read_bytes, CliError, ReadOpts,
};
use secbpf::kernel::{self, signals, KernelRet};

/// Inputs `oracle run` asks the kernel in one go; SIGINT/SIGTERM are checked between.
const ORACLE_BATCH: usize = 1024;
use secbpf::seccomp::action::{Action, RetValue};
use secbpf::seccomp::input::parse_inputs;
use secbpf::seccomp::Arch;
use secbpf::verify::limits;
use secbpf::{Endian, Insn};
use serde_json::json;

/// Ask the running kernel instead of secbpf's model: install filters in throwaway
/// children and report what seccomp(2) said, or run a filter and report the exact
/// 32-bit values the kernel's filter returned. Same inputs and output shapes as `check`
/// and `run`. Needs Linux x86_64 with seccomp.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Subcommand, Debug)]
enum Cmd {
    /// Install the filter(s) in order in one child: accepted, or the errno.
    Accept(AcceptArgs),
    /// The kernel's exact return value for each case of --inputs.
    Run(RunArgs),
}

#[derive(clap::Args, Debug)]
struct AcceptArgs {
    /// Filter files, oldest first. Each install is itself a seccomp(2) call judged by the
    /// filters installed before it, as in any process.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Print one JSON object (the shape of `check --json`).
    #[arg(long)]
    json: bool,
    /// seccomp(2) flags, comma-separated.
    #[arg(long, value_name = "FLAGS")]
    flags: Option<String>,
    /// Do not set no_new_privs in the child.
    #[arg(long)]
    no_nnp: bool,
    /// Keep root (CAP_SYS_ADMIN) in the child instead of dropping to uid 65534.
    #[arg(long)]
    cap_sys_admin: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    vm: super::vm::KernelOpts,
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// The filter file.
    #[arg(value_name = "FILE")]
    file: String,
    /// Cases: JSON Lines or raw 64-byte struct seccomp_data records (as for `run`).
    /// Only arch x86_64 and i386 can be produced (with --kernel, the guest's: aarch64, and
    /// arm with 32-bit args and ip when the compat agent is set up, or s390x, whose nr has
    /// 16 bits), and ip must be a user address the oracle can map a syscall instruction at
    /// (aligned to the guest's instructions).
    #[arg(long, required = true, value_name = "FILE")]
    inputs: String,
    /// One JSON object per case (the shape of `run --json`).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    vm: super::vm::KernelOpts,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let in_vm = match &a.cmd {
        Cmd::Accept(a) => a.vm.kernel.is_some(),
        Cmd::Run(a) => a.vm.kernel.is_some(),
    };
    if !in_vm {
        kernel::available()
            .map_err(|why| CliError::usage(format!("cannot ask the kernel: {why}")))?;
    }
    // SIGINT/SIGTERM: finish the batch in flight (its children reaped), print what was
    // done, exit 128 + the signal number. Children run with both blocked.
    signals::catch_interrupts()
        .map_err(|e| CliError::usage(format!("cannot catch SIGINT/SIGTERM: {e}")))?;
    match a.cmd {
        Cmd::Accept(a) => accept(a),
        Cmd::Run(a) => run(a),
    }
}

fn accept(a: AcceptArgs) -> Result<i32, CliError> {
    let flags = match &a.flags {
        Some(f) => limits::parse_flags(f).map_err(|e| CliError::usage(format!("--flags: {e}")))?,
        None => 0,
    };
    let progs: Vec<Vec<Insn>> = a
        .files
        .iter()
        .map(|f| load(f, &a.read, Arch::x86_64()))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&[Insn]> = progs.iter().map(Vec::as_slice).collect();
    let caller = secbpf::verify::InstallOptions::new()
        .flags(flags)
        .no_new_privs(!a.no_nnp)
        .cap_sys_admin(a.cap_sys_admin);
    let res = match a.vm.oracle()? {
        Some(vm) => vm.accept_with(
            &refs,
            flags,
            !a.no_nnp,
            a.cap_sys_admin,
            caller.via == secbpf::verify::InstallVia::Prctl,
        ),
        None => signals::with_interrupts_blocked(|| kernel::accept(&refs, &caller)),
    }
    .map_err(|e| CliError::usage(e.to_string()))?;
    let name = |e: i32| secbpf::errno::name(e as u32).map_or(format!("errno {e}"), str::to_string);
    let first = res.iter().find_map(|r| r.err());
    if a.json {
        let filters: Vec<_> = a
            .files
            .iter()
            .zip(&progs)
            .zip(&res)
            .map(|((f, p), r)| {
                json!({
                    "file": display(f),
                    "insns": p.len(),
                    "accepted": r.is_ok(),
                    "errno": r.err().map(name),
                    "error": null,
                })
            })
            .collect();
        outln!(
            "{}",
            json!({"accepted": first.is_none(), "errno": first.map(name), "filters": filters})
        )?;
    } else {
        for ((f, p), r) in a.files.iter().zip(&progs).zip(&res) {
            match r {
                Ok(()) => outln!(
                    "{}: the kernel accepted it ({} instructions)",
                    display(f),
                    p.len()
                )?,
                Err(e) => outln!("{}: the kernel refused it with {}", display(f), name(*e))?,
            }
        }
    }
    Ok(match signals::interrupted() {
        Some(sig) => 128 + sig,
        None if first.is_none() => 0,
        None => 1,
    })
}

fn run(a: RunArgs) -> Result<i32, CliError> {
    let prog = load_filter(&a.file, &a.read, Arch::x86_64())?;
    let cases = parse_inputs(&read_bytes(&a.inputs)?, Endian::native())
        .map_err(|e| CliError::usage(format!("{}: {e}", display(&a.inputs))))?;
    // Each batch's answers are printed as soon as the kernel gave them.
    let mut done = 0;
    let mut unaskable = 0;
    let vm = a.vm.oracle()?;
    for chunk in cases.chunks(ORACLE_BATCH) {
        if signals::interrupted().is_some() {
            break;
        }
        let res = match &vm {
            Some(vm) => vm.run(&prog, chunk),
            None => signals::with_interrupts_blocked(|| kernel::run(&prog, chunk)),
        }
        .map_err(|e| {
            if e.os_errno().is_some() {
                CliError::refused(format!("{}: {e}", display(&a.file)))
            } else {
                CliError::usage(format!("{}: {e}", display(&a.file)))
            }
        })?;
        let mut out = String::new();
        for r in &res {
            let line = match (r, a.json) {
                (KernelRet::Ret(v), true) => json!({
                    "ret": v,
                    "action": Action::of(*v).name(),
                    "data": v & 0xffff,
                    "filter": 0,
                    "bypassed": false,
                })
                .to_string(),
                (KernelRet::Ret(v), false) => format!("{}  [kernel]", RetValue(*v)),
                (KernelRet::Bypassed, true) => json!({"ret": null, "bypassed": true}).to_string(),
                (KernelRet::Bypassed, false) => {
                    "the kernel never runs the filter for native x86_64 nr 335/336: the syscall runs"
                        .into()
                }
                (KernelRet::Unaskable(why), true) => {
                    unaskable += 1;
                    json!({"ret": null, "error": why}).to_string()
                }
                (KernelRet::Unaskable(why), false) => {
                    unaskable += 1;
                    format!("cannot ask: {why}")
                }
            };
            out += &line;
            out.push('\n');
        }
        out!("{out}")?;
        flush_stdout()?;
        done += res.len();
    }
    if let Some(sig) = signals::interrupted() {
        errln!(
            "secbpf: interrupted by {} after {done} of {} inputs",
            signals::signal_name(sig),
            cases.len()
        );
        return Ok(128 + sig);
    }
    Ok(if unaskable == 0 { 0 } else { 2 })
}
