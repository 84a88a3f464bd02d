//! `secbpf exec`: install verified filters, then run a command under them.

use super::check::diagnostic;
use super::common::{display, errln, errp, load_filter, CliError, ReadOpts};
use secbpf::kernel::install::{self, Exec};
use secbpf::seccomp::action::Outcome;
use secbpf::seccomp::stack::run_stack;
use secbpf::seccomp::Arch;
use secbpf::verify::{self, limits, InstallOptions};
use secbpf::Insn;
use std::ffi::OsString;

/// Verify the filter(s), set no_new_privs, install exactly the verified instructions,
/// and exec CMD under them; CMD's exit status passes through. A filter the checker
/// refuses is not installed (exit 1 with the diagnostic) unless --force, which lets the
/// kernel decide and reports its errno. Several --filter options are a stack, oldest
/// first. The filters must allow the execve(2) that starts CMD: secbpf runs them over
/// that call first and refuses (exit 1) if they would not, unless --force. A command
/// not found in PATH exits 127, one that is not executable 126, as a shell does.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A filter file; repeat for a stack (oldest first).
    #[arg(long = "filter", required = true, value_name = "FILE")]
    filters: Vec<String>,
    /// seccomp(2) flags, comma-separated (tsync, log, spec_allow, new_listener, ...).
    #[arg(long, value_name = "FLAGS")]
    flags: Option<String>,
    /// The caller holds CAP_SYS_ADMIN: do not set no_new_privs.
    #[arg(long)]
    cap_sys_admin: bool,
    /// Install even if the checker refuses, and report what the kernel says.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    read: ReadOpts,
    /// The command and its arguments.
    #[arg(last = true, required = true, value_name = "CMD")]
    cmd: Vec<OsString>,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let flags = match &a.flags {
        Some(f) => limits::parse_flags(f).map_err(|e| CliError::usage(format!("--flags: {e}")))?,
        None => 0,
    };
    let progs: Vec<Vec<Insn>> = a
        .filters
        .iter()
        .map(|f| load_filter(f, &a.read, Arch::x86_64()))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&[Insn]> = progs.iter().map(Vec::as_slice).collect();
    let opts = InstallOptions::new()
        .flags(flags)
        .no_new_privs(!a.cap_sys_admin)
        .cap_sys_admin(a.cap_sys_admin);
    let results = verify::check_stack(&refs, &opts);
    let mut verified = Vec::new();
    let mut refused = String::new();
    for ((f, p), r) in a.filters.iter().zip(&progs).zip(results) {
        match r {
            Ok(v) => verified.push(v),
            Err(e) => refused += &diagnostic(display(f), p, &e),
        }
    }
    if !refused.is_empty() && !a.force {
        errp!("{refused}");
        return Err(CliError::refused(
            "not installing a filter the kernel would refuse (--force to try anyway)",
        ));
    }
    // Everything execve(2) needs is prepared now: nothing after installing may depend on
    // a system call the filters could deny.
    let exec = Exec::new(&a.cmd).map_err(|e| CliError::with_code(e.exit_code(), e.to_string()))?;
    if refused.is_empty() {
        // The execve(2) that starts CMD is itself judged by the filters.
        let data = exec.execve_data();
        if !verified.is_empty() {
            let r = run_stack(&verified, &data);
            let outcome = r.outcome();
            if outcome != Outcome::Runs {
                let why = format!(
                    "the filters would not let secbpf start the command: its execve(2) (x86_64 nr 59, path {}) gets {} from filter {} ({}): {outcome}",
                    exec.path().to_string_lossy(),
                    r.ret,
                    r.filter,
                    display(&a.filters[r.filter]),
                );
                if !a.force {
                    return Err(CliError::refused(format!(
                        "{why}; not installing (allow execve, or --force to install anyway)"
                    )));
                }
                errln!("secbpf: --force: {why}; installing anyway");
            }
        }
    }
    exec.prepare()
        .map_err(|e| CliError::refused(e.to_string()))?;
    if !a.cap_sys_admin {
        install::set_no_new_privs().map_err(|e| CliError::refused(e.to_string()))?;
    }
    let installed = if refused.is_empty() {
        install::install(&verified, flags)
    } else {
        errp!("{refused}");
        errln!("secbpf: --force: installing anyway");
        install::install_unverified(&refs, flags)
    };
    if let Err(e) = installed {
        return Err(CliError::refused(e.to_string()));
    }
    // From here on every system call is judged by the filters: exec() makes execve(2)
    // and, only if it fails, a write(2) and exit_group(2) prepared in advance.
    exec.exec()
}
