//! `secbpf scmp-bpf-sim`, and `secbpf` invoked as `scmp_bpf_sim`: libseccomp's
//! `tools/scmp_bpf_sim`, with its own option syntax, output and exit codes. The
//! behaviour lives in `secbpf::seccomp::bpfsim`; this file only does the I/O.

use super::common::CliError;
use secbpf::seccomp::bpfsim::{self, Engine, ToolOutput};
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;

const TOOL_HELP: &str = "\
The options are libseccomp's, parsed as its tool parses them (getopt; -h prints its usage):
  -f FILE     the filter: raw struct sock_filter in ARCH's byte order
  -a ARCH     x86 x86_64 x32 arm aarch64 mips mipsel mips64 mipsel64 mips64n32
              mipsel64n32 parisc parisc64 ppc ppc64 ppc64le s390 s390x riscv64
  -s NR       syscall number (strtol: decimal, 0x hex, 0 octal)
  -0 .. -5 A  syscall arguments (strtoull)
  -v          say which errno an ERROR or FAULT carries
Output: ALLOW, KILL, KILL_PROCESS, TRAP, ERRNO(n), TRACE(n) or LOG (exit 0); ERROR
(exit 8) or FAULT (exit 14) on stderr; usage (exit 22). secbpf run under the name
scmp_bpf_sim behaves the same.

Example:
  secbpf scmp-bpf-sim -a x86_64 -f corpus/libseccomp-small.bpf -s 257";

/// Appends `kernel` or `tool` per simulation (which path answered) when set.
const ENGINE_LOG_ENV: &str = "SECBPF_SCMP_BPF_SIM_LOG";

/// libseccomp's scmp_bpf_sim: `-f FILE [-v] [-h] -a ARCH -s NR [-0 A0] ... [-5 A5]`.
///
/// Reads FILE as raw struct sock_filter in ARCH's byte order, simulates the syscall and
/// prints ALLOW, KILL, KILL_PROCESS, TRAP, ERRNO(n), TRACE(n) or LOG (exit 0); ERROR or
/// FAULT on stderr with exit 8 (ENOEXEC) or 14 (EFAULT); usage with exit 22 (EINVAL).
/// The options are parsed as the tool parses them (getopt), not as other secbpf
/// commands do; `secbpf` run under the name `scmp_bpf_sim` behaves the same.
#[derive(clap::Args, Debug)]
#[command(after_help = TOOL_HELP, disable_help_flag = true)]
pub struct Args {
    /// Print this help (-h is the tool's own: its usage, exit 22).
    #[arg(long, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// The tool's options, as for scmp_bpf_sim.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        num_args = 0..,
        value_name = "OPTIONS"
    )]
    argv: Vec<OsString>,
}

/// Run through clap (only reached when the raw dispatch in [`dispatch`] did not apply).
pub fn main(a: Args) -> Result<i32, CliError> {
    let argv0 = std::env::args_os().next().unwrap_or_default();
    Ok(run(&subcommand_name(&argv0), &a.argv))
}

fn subcommand_name(argv0: &OsStr) -> Vec<u8> {
    let mut p = argv0.as_bytes().to_vec();
    p.extend_from_slice(b" scmp-bpf-sim");
    p
}

/// Handle the invocations clap must not parse: `argv[0]` named `scmp_bpf_sim`, and
/// `secbpf scmp-bpf-sim ...` (raw, so `--` and every option keep getopt's meaning;
/// only a lone `--help` goes to clap for secbpf's help text).
pub fn dispatch(argv: &[OsString]) -> Option<i32> {
    let argv0 = argv.first()?;
    let base = std::path::Path::new(argv0).file_name();
    if base == Some(OsStr::new("scmp_bpf_sim")) {
        return Some(run(argv0.as_bytes(), &argv[1..]));
    }
    if argv.get(1).map(OsString::as_os_str) == Some(OsStr::new("scmp-bpf-sim")) {
        let rest = &argv[2..];
        if rest.len() == 1 && rest[0] == "--help" {
            return None;
        }
        return Some(run(&subcommand_name(argv0), rest));
    }
    None
}

/// Read the filter file, at most [`bpfsim::TOOL_MAX_INSNS`] records: the tool answers
/// E2BIG from that many on, so more bytes cannot change the answer (and `/dev/zero`
/// cannot exhaust memory).
fn read_file(path: &OsStr) -> Result<Vec<u8>, i32> {
    let f = std::fs::File::open(path).map_err(|e| e.raw_os_error().unwrap_or(libc::EIO))?;
    let mut bytes = Vec::new();
    let cap = (bpfsim::TOOL_MAX_INSNS * secbpf::Insn::SIZE) as u64;
    // Like fread, a read error ends the file where it happened.
    let _ = f.take(cap).read_to_end(&mut bytes);
    Ok(bytes)
}

fn run(prog: &[u8], args: &[OsString]) -> i32 {
    let posixly_correct = std::env::var_os("POSIXLY_CORRECT").is_some();
    let out: ToolOutput = bpfsim::run_tool(prog, args, posixly_correct, &mut read_file);
    if let (Some(engine), Some(log)) = (out.engine, std::env::var_os(ENGINE_LOG_ENV)) {
        let line: &[u8] = match engine {
            Engine::Kernel => b"kernel\n",
            Engine::Tool => b"tool\n",
        };
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            let _ = f.write_all(line);
        }
    }
    let _ = std::io::stderr().write_all(&out.stderr);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&out.stdout);
    let _ = stdout.flush();
    out.code
}
