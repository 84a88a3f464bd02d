//! `secbpf run`: the exact 32-bit result of the filter(s) for given inputs.

use super::check::diagnostic;
use super::common::{
    arch_opt, display, errln, errp, load_filter, nr_arg, syscall_by_name, CliError, ReadOpts,
};
use secbpf::seccomp::action::RetValue;
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::input::{InputFormat, InputReader};
use secbpf::seccomp::stack::{eval_stack_words_in, run_stack_in, StackResult};
use secbpf::seccomp::Arch;
use secbpf::seccomp::KernelProfile;
use secbpf::verify::{self, InstallOptions};
use secbpf::{Endian, Insn, VerifiedProgram};
use std::io::Write;

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
    /// Print one JSON object per case, one per line (the same as --to json).
    #[arg(long)]
    json: bool,
    /// What to print per case: text (a line that names the action and what the kernel
    /// does; the default), json (as --json), ret (the deciding 32-bit value alone, one
    /// `0x%08x` line per case) or raw (that value as 4 bytes in native byte order per
    /// case, nothing else: for programs reading the results, not for a terminal).
    #[arg(
        long = "to",
        value_enum,
        value_name = "FORMAT",
        conflicts_with = "trace"
    )]
    to: Option<RunOutput>,
    /// Print every executed instruction with A, X and the scratch cells it changed.
    #[arg(long)]
    trace: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    kernel: super::kernel_opt::KernelOpt,
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

/// `--to` values of `run`.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum RunOutput {
    /// A line per case: the value, the filter that decided, what the kernel does.
    Text,
    /// A JSON object per case, one per line (as --json).
    Json,
    /// The deciding 32-bit value alone, one `0x%08x` line per case.
    Ret,
    /// The deciding 32-bit value as 4 bytes in native byte order per case.
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

fn describe(r: &StackResult, n_filters: usize, data: &SeccompData) -> String {
    let k = &r.kernel;
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
        let name = if data.nr == 335 {
            "uretprobe"
        } else {
            "uprobe"
        };
        s += &format!(
            "; on {k} native x86_64 nr {} ({name}) never reaches a filter: the syscall runs",
            data.nr
        );
    } else if let Some(note) = k.action_note(r.ret) {
        s += &format!("; {note}");
    } else {
        s += &format!("; {}", r.outcome());
    }
    s
}

/// The JSON object of one case, as serde_json renders it (keys sorted; the test below
/// holds the two together), written without building a `serde_json::Value`; `recorded` adds
/// `recorded_ret` and `matches_recorded`.
/// JSON string text: `"`, `\` and control characters escaped as serde_json does.
struct Escaped<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for c in s.chars() {
            match c {
                '"' => self.0.extend_from_slice(b"\\\""),
                '\\' => self.0.extend_from_slice(b"\\\\"),
                c if (c as u32) < 0x20 => self
                    .0
                    .extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
                c => self
                    .0
                    .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
        Ok(())
    }
}

/// The texts of a JSON line that depend on the value alone (the action's name and the
/// outcome, escaped), rendered once per value: a run meets few distinct values. And whole
/// lines of one-filter runs, by what they say: a run meets few distinct lines too. Both
/// hold for one kernel profile: a run has one.
#[derive(Default)]
struct RetTexts {
    values: Vec<RetText>,
    /// A direct-mapped cache of [`LINE_SLOTS`] lines, indexed by a hash of their key.
    lines: Vec<Option<(LineKey, Box<[u8]>)>>,
}

/// One value's texts in [`RetTexts`].
struct RetText {
    ret: u32,
    action: Box<[u8]>,
    outcome: Box<[u8]>,
}

/// Everything a one-filter JSON line depends on.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LineKey {
    ret: u32,
    insns: usize,
    bypassed: bool,
    recorded: Option<u32>,
}

/// Slots of the line cache (a power of two).
const LINE_SLOTS: usize = 256;

impl LineKey {
    fn slot(&self) -> usize {
        let h = (u64::from(self.ret) << 32 | self.insns as u64)
            ^ u64::from(self.recorded.map_or(0, |r| r ^ 0x5bd1_e995)).rotate_left(17)
            ^ u64::from(self.bypassed);
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize % LINE_SLOTS
    }
}

impl RetTexts {
    fn get(&mut self, ret: RetValue, k: &KernelProfile) -> (&[u8], &[u8]) {
        use std::fmt::Write as _;
        let i = match self.values.iter().position(|e| e.ret == ret.raw()) {
            Some(i) => i,
            None => {
                let (mut action, mut outcome) = (Vec::new(), Vec::new());
                let _ = Escaped(&mut action).write_str(k.action_of(ret).name());
                let _ = write!(Escaped(&mut outcome), "{}", k.outcome(ret));
                if self.values.len() >= 64 {
                    self.values.clear();
                }
                self.values.push(RetText {
                    ret: ret.raw(),
                    action: action.into(),
                    outcome: outcome.into(),
                });
                self.values.len() - 1
            }
        };
        (&self.values[i].action, &self.values[i].outcome)
    }
}

/// What a JSON line says about one case.
struct JsonCase<'a> {
    ret: RetValue,
    filter: usize,
    insns: usize,
    rets: &'a [RetValue],
    bypassed: bool,
    recorded: Option<u32>,
    /// The profile's rules, and its version to name when it is not the running kernel.
    kernel: (&'a KernelProfile, Option<&'a str>),
}

/// One case's JSON line; a one-filter line written before comes from the cache.
fn write_json_line(out: &mut Vec<u8>, texts: &mut RetTexts, c: &JsonCase) {
    let [only] = c.rets else {
        return render_json_line(out, texts, c);
    };
    let key = LineKey {
        ret: only.raw(),
        insns: c.insns,
        bypassed: c.bypassed,
        recorded: c.recorded,
    };
    let slot = key.slot();
    if let Some(Some((k, line))) = texts.lines.get(slot) {
        if *k == key && c.filter == 0 && c.ret == *only {
            out.extend_from_slice(line);
            return;
        }
    }
    let start = out.len();
    render_json_line(out, texts, c);
    if c.filter == 0 && c.ret == *only {
        if texts.lines.is_empty() {
            texts.lines.resize(LINE_SLOTS, None);
        }
        texts.lines[slot] = Some((key, out[start..].into()));
    }
}

/// [`write_json_line`] without the cache.
fn render_json_line(out: &mut Vec<u8>, texts: &mut RetTexts, c: &JsonCase) {
    let JsonCase {
        ret,
        filter,
        insns,
        rets,
        bypassed,
        recorded,
        kernel: (k, named),
    } = *c;
    let (action, outcome) = texts.get(ret, k);
    out.extend_from_slice(b"{\"action\":\"");
    out.extend_from_slice(action);
    out.extend_from_slice(b"\",\"bypassed\":");
    out.extend_from_slice(if bypassed { b"true" } else { b"false" });
    out.extend_from_slice(b",\"data\":");
    push_u64(out, u64::from(ret.data()));
    out.extend_from_slice(b",\"filter\":");
    push_u64(out, filter as u64);
    out.extend_from_slice(b",\"insns_executed\":");
    push_u64(out, insns as u64);
    if let Some(v) = named {
        out.extend_from_slice(b",\"kernel\":\"");
        out.extend_from_slice(v.as_bytes());
        out.push(b'"');
    }
    if let Some(rec) = recorded {
        out.extend_from_slice(b",\"matches_recorded\":");
        out.extend_from_slice(if rec == ret.raw() { b"true" } else { b"false" });
    }
    out.extend_from_slice(b",\"outcome\":\"");
    if bypassed {
        out.extend_from_slice(b"the syscall runs");
    } else {
        out.extend_from_slice(outcome);
    }
    out.push(b'"');
    if let Some(rec) = recorded {
        out.extend_from_slice(b",\"recorded_ret\":");
        push_u64(out, u64::from(rec));
    }
    out.extend_from_slice(b",\"ret\":");
    push_u64(out, u64::from(ret.raw()));
    out.extend_from_slice(b",\"rets\":[");
    for (i, r) in rets.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_u64(out, u64::from(r.raw()));
    }
    out.extend_from_slice(b"]}\n");
}

/// `v` in decimal.
fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    // Two digits at a time from a table of "00".."99".
    const PAIRS: [u8; 200] = {
        let mut t = [0u8; 200];
        let mut i = 0;
        while i < 100 {
            t[2 * i] = b'0' + (i / 10) as u8;
            t[2 * i + 1] = b'0' + (i % 10) as u8;
            i += 1;
        }
        t
    };
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while v >= 100 {
        let p = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[p..p + 2]);
    }
    if v >= 10 {
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[v as usize * 2..v as usize * 2 + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + v as u8;
    }
    out.extend_from_slice(&buf[i..]);
}

/// `v` as `0x%08x` and a newline.
fn push_ret_line(out: &mut Vec<u8>, v: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut line = *b"0x00000000\n";
    for i in 0..8 {
        line[2 + i] = HEX[(v >> (28 - 4 * i)) as usize & 15];
    }
    out.extend_from_slice(&line);
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
    let to = match (a.json, a.to) {
        (true, None | Some(RunOutput::Json)) => RunOutput::Json,
        (true, Some(t)) => {
            return Err(CliError::usage(format!(
                "--json and --to {} both choose the output; give one",
                clap::ValueEnum::to_possible_value(&t)
                    .map_or(String::new(), |v| v.get_name().to_string())
            )))
        }
        (false, t) => t.unwrap_or(RunOutput::Text),
    };
    if to == RunOutput::Raw && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(CliError::usage(
            "refusing to write raw 4-byte results to a terminal; redirect standard output to a file or a pipe, or use --to ret",
        ));
    }
    let kernel = a.kernel.resolve()?;
    let stack = load_stack(&a.files, &a.read)?;
    let mut w = std::io::stdout().lock();
    // Cases are written to `out`, which goes to standard output in 64 KiB pieces.
    let mut out: Vec<u8> = Vec::with_capacity(1 << 17);
    // Not the running kernel: text names it first; JSON lines carry it; bare values
    // (ret, raw) have no room for it, so it goes to standard error.
    let named = (!kernel.is_running()).then(|| kernel.profile.version().to_string());
    if let Some(h) = kernel.header() {
        match to {
            RunOutput::Text => writeln!(out, "{h}").map_err(out_err)?,
            RunOutput::Json => {}
            RunOutput::Ret | RunOutput::Raw => errln!("secbpf: {h}"),
        }
    }
    let ctx = Ctx {
        kernel: &kernel.profile,
        named: named.as_deref(),
    };
    let Some(path) = &a.inputs else {
        let data = single_case(&a)?;
        run_one(
            &mut out,
            &mut RetTexts::default(),
            &a,
            to,
            &stack,
            &data,
            None,
            &ctx,
        )?;
        w.write_all(&out)
            .and_then(|()| w.flush())
            .map_err(out_err)?;
        return Ok(0);
    };
    let mut cases = 0u64;
    let mut differ = 0u64;
    let mut first_differ = None;
    let mut reader = open_inputs(path, a.inputs_format)?;
    if reader.is_raw() && matches!(to, RunOutput::Raw | RunOutput::Ret) && !a.trace {
        // Raw records to bare values: records in batches, no per-case work but the
        // evaluation (raw records carry no recorded ret).
        let mut batch = Vec::with_capacity(4096);
        loop {
            if let Err(e) = reader.next_raw_words(&mut batch, 4096) {
                let _ = w.write_all(&out).and_then(|()| w.flush());
                return Err(CliError::usage(format!("{}: {e}", display(path))));
            }
            if batch.is_empty() {
                break;
            }
            cases += batch.len() as u64;
            for words in &batch {
                let ret = eval_stack_words_in(&stack, words, ctx.kernel).raw();
                if to == RunOutput::Raw {
                    out.extend_from_slice(&ret.to_ne_bytes());
                } else {
                    push_ret_line(&mut out, ret);
                }
            }
            w.write_all(&out).map_err(out_err)?;
            out.clear();
        }
    }
    let mut texts = RetTexts::default();
    for case in reader {
        let case = match case {
            Ok(c) => c,
            Err(e) => {
                let _ = w.write_all(&out).and_then(|()| w.flush());
                return Err(CliError::usage(format!("{}: {e}", display(path))));
            }
        };
        cases += 1;
        let ret = run_one(
            &mut out,
            &mut texts,
            &a,
            to,
            &stack,
            &case.data,
            case.ret.map(|r| (r, case.at)),
            &ctx,
        )?;
        if case.ret.is_some_and(|r| r != ret) {
            differ += 1;
            first_differ.get_or_insert(case.at);
        }
        if out.len() >= 1 << 16 {
            w.write_all(&out).map_err(out_err)?;
            out.clear();
        }
    }
    w.write_all(&out)
        .and_then(|()| w.flush())
        .map_err(out_err)?;
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

/// The kernel profile a run answers with.
struct Ctx<'a> {
    kernel: &'a KernelProfile,
    /// Its version, when it is not the running kernel (JSON lines name it).
    named: Option<&'a str>,
}

/// Run one case and append its output to `out`; returns the stack's value.
#[allow(clippy::too_many_arguments)]
fn run_one(
    out: &mut Vec<u8>,
    texts: &mut RetTexts,
    a: &Args,
    to: RunOutput,
    stack: &[VerifiedProgram],
    data: &SeccompData,
    recorded: Option<(u32, secbpf::seccomp::input::Position)>,
    ctx: &Ctx,
) -> Result<u32, CliError> {
    let k = ctx.kernel;
    if a.trace {
        trace(out, stack, &a.files, data).map_err(out_err)?;
    }
    match to {
        RunOutput::Raw | RunOutput::Ret => {
            let ret = eval_stack_words_in(stack, &data.words(), k).raw();
            if to == RunOutput::Raw {
                out.extend_from_slice(&ret.to_ne_bytes());
            } else {
                push_ret_line(out, ret);
            }
            return Ok(ret);
        }
        RunOutput::Json => {
            let bypassed = k.bypasses(data);
            let rec = recorded.map(|(r, _)| r);
            if let [only] = stack {
                // One filter: no per-case allocation.
                let r = secbpf::vm::run_words(only, &data.words());
                write_json_line(
                    out,
                    texts,
                    &JsonCase {
                        ret: r.ret,
                        filter: 0,
                        insns: r.insns_executed,
                        rets: &[r.ret],
                        bypassed,
                        recorded: rec,
                        kernel: (k, ctx.named),
                    },
                );
                return Ok(r.ret.raw());
            }
            let r = run_stack_in(stack, data, k);
            write_json_line(
                out,
                texts,
                &JsonCase {
                    ret: r.ret,
                    filter: r.filter,
                    insns: r.insns_executed,
                    rets: &r.rets,
                    bypassed,
                    recorded: rec,
                    kernel: (k, ctx.named),
                },
            );
            return Ok(r.ret.raw());
        }
        RunOutput::Text => {}
    }
    let r = run_stack_in(stack, data, k);
    let mut line = describe(&r, stack.len(), data);
    if let Some((rec, at)) = recorded.filter(|(rec, _)| *rec != r.ret.raw()) {
        line += &format!(
            "; differs from the recorded ret {} ({rec:#x}) at {at}",
            RetValue(rec)
        );
    }
    let line = super::style::paint(&line, super::style::Kind::Trace);
    writeln!(out, "{line}").map_err(out_err)?;
    Ok(r.ret.raw())
}

#[cfg(test)]
mod tests {
    use super::*;
    use secbpf::seccomp::stack::run_stack;
    use serde_json::json;

    /// The object as serde_json renders it: the reference for [`write_json_line`].
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

    /// The JSON line written by hand is serde_json's rendering of the same object, for
    /// every action, with and without a recorded ret, for one filter and a stack.
    #[test]
    fn json_line_by_hand_is_serde_jsons() {
        let progs: Vec<VerifiedProgram> = [
            "ld [nr]\njeq #1, a\njeq #2, b\njeq #3, c\njeq #4, d\nret #ALLOW\na: ret #ERRNO(13)\nb: ret #TRAP(5)\nc: ret #KILL_PROCESS\nd: ret #0x00012345\n",
            "ld [nr]\njeq #2, k\nret #LOG\nk: ret #TRACE(9)\n",
        ]
        .iter()
        .map(|s| secbpf::verify::check(&secbpf::asm::assemble(s).unwrap()).unwrap())
        .collect();
        // One cache of texts for every value, as in a run.
        let mut texts = RetTexts::default();
        for stack in [&progs[..1], &progs[..]] {
            for nr in [0, 1, 2, 3, 4, 335] {
                let d = SeccompData::new(secbpf::consts::AUDIT_ARCH_X86_64, nr);
                let r = run_stack(stack, &d);
                for rec in [None, Some(0), Some(r.ret.raw())] {
                    let mut v = json_line(&r);
                    if let Some(rec) = rec {
                        v["recorded_ret"] = json!(rec);
                        v["matches_recorded"] = json!(rec == r.ret.raw());
                    }
                    // Twice: the second one-filter line comes from the line cache.
                    for _ in 0..2 {
                        let mut out = Vec::new();
                        write_json_line(
                            &mut out,
                            &mut texts,
                            &JsonCase {
                                ret: r.ret,
                                filter: r.filter,
                                insns: r.insns_executed,
                                rets: &r.rets,
                                bypassed: r.bypassed,
                                recorded: rec,
                                kernel: (&KernelProfile::NEWEST, None),
                            },
                        );
                        assert_eq!(String::from_utf8(out).unwrap(), format!("{v}\n"));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for v in [0, 0x7fff_0000, u32::MAX, 0x50001] {
            push_ret_line(&mut out, v);
        }
        assert_eq!(out, b"0x00000000\n0x7fff0000\n0xffffffff\n0x00050001\n");
        let mut out = Vec::new();
        for v in [0, 7, 10, 99, 100, 12345, u64::MAX] {
            push_u64(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(out, b"0 7 10 99 100 12345 18446744073709551615 ");
    }
}
