//! `secbpf step`: the interactive stepper. The session lives in the library
//! (`secbpf::analysis::step`); this reads command lines and prints its replies.

use super::common::{display, CliError, ReadOpts};
use super::run::load_stack;
use secbpf::analysis::step::{parse_input, Session};
use secbpf::seccomp::SeccompData;
use std::io::{BufRead, IsTerminal, Write};

/// Step through the filter(s) one instruction at a time: the listing with the current
/// instruction marked, A, X, the written scratch cells and what the instruction means.
/// Commands (`h` for help): s/step [n], b/back [n], break PC, c/continue,
/// input nr=.. syscall=.. args=.. ip=.. arch=.., l/list, q. Commands are read from
/// standard input; the prompt is shown only on a terminal.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files, oldest first (a stack runs newest first, as in the kernel).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Arch of the syscall: a name (x86_64, x86, aarch64, ...) or an AUDIT_ARCH value.
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    /// Syscall number.
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        conflicts_with = "syscall"
    )]
    nr: Option<String>,
    /// Syscall name, resolved for --arch.
    #[arg(long, value_name = "NAME")]
    syscall: Option<String>,
    /// Up to six 64-bit arguments, comma-separated.
    #[arg(long, value_name = "A0,A1,...", allow_hyphen_values = true)]
    args: Option<String>,
    /// instruction_pointer.
    #[arg(long, value_name = "ADDR")]
    ip: Option<String>,
    #[command(flatten)]
    read: ReadOpts,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let stack = load_stack(&a.files, &a.read)?;
    let mut words = vec![format!("arch={}", a.arch.as_deref().unwrap_or("x86_64"))];
    for (k, v) in [
        ("nr", &a.nr),
        ("syscall", &a.syscall),
        ("args", &a.args),
        ("ip", &a.ip),
    ] {
        if let Some(v) = v {
            words.push(format!("{k}={v}"));
        }
    }
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let data = parse_input(SeccompData::default(), &refs).map_err(CliError::usage)?;
    let names = a.files.iter().map(|f| display(f).to_string()).collect();
    let mut session =
        Session::new(&stack, names, data).map_err(|e| CliError::usage(e.to_string()))?;
    let tty = std::io::stdin().is_terminal();
    let mut out = std::io::stdout().lock();
    let w = |out: &mut std::io::StdoutLock, s: &str| {
        let s = super::style::paint(s, super::style::Kind::Step);
        out.write_all(s.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| CliError::write("<stdout>", &e))
    };
    w(&mut out, &session.start())?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        if tty {
            w(&mut out, "(step) ")?;
        }
        let Some(line) = lines.next() else { break };
        let line = line.map_err(|e| CliError::usage(format!("<stdin>: cannot read: {e}")))?;
        if !tty && !line.trim().is_empty() {
            w(&mut out, &format!("> {}\n", line.trim()))?;
        }
        let r = session.command(&line);
        w(&mut out, &r.text)?;
        if r.quit {
            break;
        }
    }
    Ok(0)
}
