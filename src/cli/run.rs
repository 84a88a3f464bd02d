//! `secbpf run`: the exact 32-bit result of the filter(s) for given inputs.

use super::check::diagnostic;
use super::common::{
    arch_opt, display, errln, errp, load_filter, nr_arg, syscall_by_name, CliError, ReadOpts,
};
use secbpf::seccomp::action::RetValue;
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::input::{InputFormat, InputReader};
use secbpf::seccomp::stack::{run_stack, StackResult};
use secbpf::seccomp::Arch;
use secbpf::verify::{self, InstallOptions};
use secbpf::{Endian, Insn, VerifiedProgram};
use serde_json::json;
use std::io::{BufWriter, Write};

/// Run the filter(s) over one seccomp_data (from the options) or over every case of
/// `--inputs`, and print the exact 32-bit value, the action, and what the kernel then
/// does. Several files are a stack (oldest first); every filter runs, newest first, and
/// the lowest action wins. Exit 0, or 1 if the kernel would refuse a filter, 2 for
/// usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files (`-` for standard input), oldest first.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Arch of the syscall: a name (x86_64, x86, aarch64, ...) or an AUDIT_ARCH value.
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    /// Syscall number (any 32-bit value, signed or unsigned, decimal or 0x hex).
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
    /// Up to six 64-bit arguments, comma-separated (decimal, 0x hex, or negative).
    #[arg(long, value_name = "A0,A1,...", allow_hyphen_values = true)]
    args: Option<String>,
    /// instruction_pointer (the address after the syscall instruction).
    #[arg(long, value_name = "ADDR")]
    ip: Option<String>,
    /// Cases to run, streamed: JSON Lines ({"arch": .., "nr": .., "ip": .., "args": [..],
    /// "ret": ..}), a JSON array of cases, or raw 64-byte struct seccomp_data records in
    /// native byte order. A case's `ret` is compared with the result (exit 1 if any
    /// differs).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["nr", "syscall", "args", "ip", "arch"])]
    inputs: Option<String>,
    /// How to read --inputs (default auto: text is JSON, raw records only when the first
    /// 64 bytes hold a NUL byte and do not start like JSON).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "inputs")]
    inputs_format: Option<InputsFormat>,
    /// Print one JSON object per case, one per line.
    #[arg(long)]
    json: bool,
    /// Print every executed instruction with A, X and the scratch cells it changed.
    #[arg(long)]
    trace: bool,
    #[command(flatten)]
    read: ReadOpts,
}

/// `--inputs-format` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum InputsFormat {
    /// Detect: JSON for text, raw records only for binary data.
    Auto,
    /// JSON Lines or a JSON array of cases.
    Json,
    /// Raw 64-byte struct seccomp_data records in native byte order.
    Raw,
}

impl InputsFormat {
    fn lib(self) -> InputFormat {
        match self {
            InputsFormat::Auto => InputFormat::Auto,
            InputsFormat::Json => InputFormat::Json,
            InputsFormat::Raw => InputFormat::Raw,
        }
    }
}

/// Refuse reading standard input twice (`run - --inputs -`): the second reader would
/// see nothing and silently run no cases.
pub(super) fn stdin_once<'a>(
    files: impl IntoIterator<Item = &'a String>,
    inputs: Option<&str>,
) -> Result<(), CliError> {
    let n = files.into_iter().filter(|f| *f == "-").count() + usize::from(inputs == Some("-"));
    if n > 1 {
        return Err(CliError::usage(
            "standard input ('-') is named more than once: only one of the filters and --inputs can be read from it (save the other to a file)",
        ));
    }
    Ok(())
}

/// Open an input set as a stream of cases (`-` for standard input).
pub(super) fn open_inputs(
    path: &str,
    format: Option<InputsFormat>,
) -> Result<InputReader<'static>, CliError> {
    let format = format.map_or(InputFormat::Auto, InputsFormat::lib);
    let (src, size): (Box<dyn std::io::Read>, Option<u64>) = if path == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = std::fs::File::open(path)
            .map_err(|e| CliError::usage(format!("{path}: cannot read: {e}")))?;
        let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(f), size)
    };
    InputReader::new(src, size, format, Endian::native())
        .map_err(|e| CliError::usage(format!("{}: {e}", display(path))))
}

/// A failed write to standard output (`> /dev/full`, a closed pipe): exit 2, no panic.
pub(super) fn out_err(e: std::io::Error) -> CliError {
    CliError::write("<stdout>", &e)
}

fn parse_num(what: &str, s: &str) -> Result<u64, CliError> {
    secbpf::num::parse_u64(s)
        .ok_or_else(|| CliError::usage(format!("--{what}: '{s}' is not a number")))
}

fn single_case(a: &Args) -> Result<SeccompData, CliError> {
    let (arch, known) = arch_opt(a.arch.as_deref())?;
    let nr = match (&a.nr, &a.syscall) {
        (Some(n), _) => nr_arg(n, known)?,
        (None, Some(name)) => {
            let arch_ref = known.ok_or_else(|| {
                CliError::usage(format!(
                    "--syscall: no syscall table for arch {arch:#x}; use --nr"
                ))
            })?;
            syscall_by_name("--syscall", arch_ref, name)?
        }
        (None, None) => {
            // Never a silent default: say which input runs.
            let arch_name = known.map_or(format!("arch {arch:#x}"), |k| k.name.to_string());
            let sys = known
                .and_then(|k| k.syscall_name(0))
                .map_or(String::new(), |n| format!(" ({n})"));
            errln!("secbpf: note: no --nr or --syscall given: running nr 0{sys} on {arch_name}");
            0
        }
    };
    let mut args = [0u64; 6];
    if let Some(list) = &a.args {
        let parts: Vec<&str> = list.split(',').map(str::trim).collect();
        if parts.len() > 6 {
            return Err(CliError::usage(format!(
                "--args: {} values given; a syscall has at most 6",
                parts.len()
            )));
        }
        for (slot, p) in args.iter_mut().zip(parts) {
            *slot = parse_num("args", p)?;
        }
    }
    let ip = match &a.ip {
        Some(s) => parse_num("ip", s)?,
        None => 0,
    };
    Ok(SeccompData {
        nr,
        arch,
        instruction_pointer: ip,
        args,
    })
}

/// Load and verify the stack named by `files`; prints diagnostics and gives exit 1 when
/// the kernel would refuse a filter.
pub fn load_stack(
    files: &[String],
    read: &super::common::ReadOpts,
) -> Result<Vec<VerifiedProgram>, CliError> {
    let progs: Vec<Vec<Insn>> = files
        .iter()
        .map(|f| load_filter(f, read, Arch::x86_64()))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&[Insn]> = progs.iter().map(Vec::as_slice).collect();
    let mut out = Vec::new();
    let mut msg = String::new();
    let opts = InstallOptions::default();
    // A stack whose older filters deny the install call of a newer one cannot be
    // installed in that order; it is still evaluated as given, with a warning.
    let gated = verify::check_stack(&refs, &opts);
    if let Some((f, e)) = files.iter().zip(&gated).find_map(|(f, r)| {
        r.as_ref()
            .err()
            .filter(|e| e.kind().is_install_call())
            .map(|e| (f, e))
    }) {
        errln!(
            "secbpf: warning: {}: {} (`secbpf check` says more); evaluating the stack as if every filter were installed",
            display(f),
            e.message()
        );
    }
    for ((f, p), r) in files
        .iter()
        .zip(&progs)
        .zip(verify::check_stack_programs(&refs, &opts))
    {
        match r {
            Ok(v) => out.push(v),
            Err(e) => msg += &diagnostic(display(f), p, &e),
        }
    }
    if !msg.is_empty() {
        errp!("{msg}");
        return Err(CliError::refused(
            "the kernel would refuse this filter, so it cannot run (see `secbpf check`)",
        ));
    }
    Ok(out)
}

fn describe(r: &StackResult, n_filters: usize) -> String {
    let mut s = format!(
        "{}  [filter {}, {}]",
        r.ret,
        r.filter,
        super::check::executed(r.insns_executed)
    );
    if n_filters > 1 {
        let rets: Vec<String> = r.rets.iter().map(RetValue::to_string).collect();
        s += &format!(" (filters oldest first: {})", rets.join(", "));
    }
    if r.bypassed {
        s += "; native x86_64 nr 335/336 never reach a filter: the syscall runs";
    } else {
        s += &format!("; {}", r.outcome());
    }
    s
}

fn json_line(r: &StackResult) -> serde_json::Value {
    json!({
        "ret": r.ret.raw(),
        "action": r.ret.action().name(),
        "data": r.ret.data(),
        "filter": r.filter,
        "insns_executed": r.insns_executed,
        "rets": r.rets.iter().map(|v| v.raw()).collect::<Vec<u32>>(),
        "bypassed": r.bypassed,
        "outcome": if r.bypassed { "the syscall runs".to_string() } else { r.outcome().to_string() },
    })
}

fn trace(
    w: &mut impl Write,
    stack: &[VerifiedProgram],
    files: &[String],
    data: &SeccompData,
) -> std::io::Result<()> {
    let words = data.words();
    // Names as `disasm` gives them: syscalls for the arch the filter's own checks
    // established on the path, else the input's arch.
    let opts = secbpf::disasm::DisasmOptions {
        arch: Arch::by_audit(data.arch),
        ..Default::default()
    };
    for (i, prog) in stack.iter().enumerate().rev() {
        let head = format!("filter {i} ({}):", display(&files[i]));
        writeln!(
            w,
            "{}",
            super::style::paint(&head, super::style::Kind::Trace)
        )?;
        let notes = secbpf::disasm::annotations(prog.insns(), &opts);
        let mut m = secbpf::vm::Machine::new(prog, words);
        while let Some(step) = m.step() {
            let text = secbpf::disasm::disasm_line(prog.insns(), step.pc);
            let mut line = format!(
                "  {:>4}  {:<28} A={:#010x} X={:#010x}",
                step.pc, text, step.after.a, step.after.x
            );
            for cell in 0..16 {
                if step.mem_written & (1 << cell) != 0 {
                    line += &format!(" M[{cell}]={:#010x}", step.after.mem[cell]);
                }
            }
            if let Some(ret) = step.ret {
                // the action is named here, for `ret a` too
                line += &format!("  -> {ret:#010x} {ret}");
            } else if let Some(note) = notes.get(step.pc).and_then(Option::as_ref) {
                line += &format!("  ; {note}");
            }
            writeln!(
                w,
                "{}",
                super::style::paint(&line, super::style::Kind::Trace)
            )?;
        }
    }
    Ok(())
}

pub fn main(a: Args) -> Result<i32, CliError> {
    stdin_once(&a.files, a.inputs.as_deref())?;
    let stack = load_stack(&a.files, &a.read)?;
    let mut w = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let Some(path) = &a.inputs else {
        let data = single_case(&a)?;
        run_one(&mut w, &a, &stack, &data, None)?;
        w.flush().map_err(out_err)?;
        return Ok(0);
    };
    let mut cases = 0u64;
    let mut differ = 0u64;
    let mut first_differ = None;
    for case in open_inputs(path, a.inputs_format)? {
        let case = case.map_err(|e| {
            let _ = w.flush();
            CliError::usage(format!("{}: {e}", display(path)))
        })?;
        cases += 1;
        let ret = run_one(
            &mut w,
            &a,
            &stack,
            &case.data,
            case.ret.map(|r| (r, case.at)),
        )?;
        if case.ret.is_some_and(|r| r != ret) {
            differ += 1;
            first_differ.get_or_insert(case.at);
        }
    }
    w.flush().map_err(out_err)?;
    if cases == 0 {
        return Err(CliError::usage(format!(
            "{}: the input set holds no cases",
            display(path)
        )));
    }
    if let Some(at) = first_differ {
        return Err(CliError::refused(format!(
            "{}: {differ} of {cases} cases differ from their recorded ret (the first at {at})",
            display(path)
        )));
    }
    Ok(0)
}

/// Run one case, print its line; returns the stack's value.
fn run_one(
    w: &mut impl Write,
    a: &Args,
    stack: &[VerifiedProgram],
    data: &SeccompData,
    recorded: Option<(u32, secbpf::seccomp::input::Position)>,
) -> Result<u32, CliError> {
    if a.trace {
        trace(w, stack, &a.files, data).map_err(out_err)?;
    }
    let r = run_stack(stack, data);
    if a.json {
        let mut v = json_line(&r);
        if let Some((rec, _)) = recorded {
            v["recorded_ret"] = json!(rec);
            v["matches_recorded"] = json!(rec == r.ret.raw());
        }
        writeln!(w, "{v}").map_err(out_err)?;
    } else {
        let mut line = describe(&r, stack.len());
        if let Some((rec, at)) = recorded.filter(|(rec, _)| *rec != r.ret.raw()) {
            line += &format!(
                "; differs from the recorded ret {} ({rec:#x}) at {at}",
                RetValue(rec)
            );
        }
        let line = super::style::paint(&line, super::style::Kind::Trace);
        writeln!(w, "{line}").map_err(out_err)?;
    }
    Ok(r.ret.raw())
}
