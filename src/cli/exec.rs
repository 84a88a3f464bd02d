//! `secbpf exec`: install verified filters, then run a command under them.

use super::check::diagnostic;
use super::common::{display, errln, errp, load_filter, CliError, ReadOpts};
use secbpf::kernel::install::{self, Exec};
use secbpf::seccomp::Arch;
use secbpf::verify::{self, limits, InstallOptions};
use secbpf::Insn;
use std::ffi::OsString;

/// Verify the filter(s), set no_new_privs, install exactly the verified instructions,
/// and exec CMD under them; CMD's exit status passes through. A filter the checker
/// refuses is not installed (exit 1 with the diagnostic) unless --force, which lets the
/// kernel decide and reports its errno. Several --filter options are a stack, oldest
/// first. The filters must allow the execve(2) that starts CMD.
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
    let opts = InstallOptions {
        flags,
        no_new_privs: !a.cap_sys_admin,
        cap_sys_admin: a.cap_sys_admin,
    };
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
    let exec = Exec::new(&a.cmd).map_err(|e| CliError::usage(e.to_string()))?;
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
    // Only reached if exec fails; the filters are installed, so even this message may
    // be refused by them (write(2)).
    let e = exec.exec();
    Err(CliError::with_code(126, e.to_string()))
}
