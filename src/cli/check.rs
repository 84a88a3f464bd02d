//! `secbpf check`: the kernel's verdict on installing the filter(s).

use super::common::{arch_opt, display, load, out, outln, CliError, ReadOpts};
use secbpf::verify::{self, limits, InstallOptions, InstallVia, VerifyError, VerifyErrorKind};
use secbpf::Insn;
use serde_json::json;

/// Answer exactly as seccomp(SECCOMP_SET_MODE_FILTER) would.
///
/// One file is one filter; several files are a stack installed in the order given
/// (oldest first) by one thread. With `--programs`, many independent programs, one verdict
/// each. Exit 0 if the kernel would accept every filter, 1 if it would refuse one, 2 for
/// usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files (`-` for standard input), oldest first.
    #[arg(required_unless_present = "programs", value_name = "FILE")]
    files: Vec<String>,
    /// Check many independent programs in one call (for generator pipelines): a JSON
    /// Lines file (`-` for standard input), one program a line, as `[[code, jt, jf, k],
    /// ...]` or an object whose `insns` is that array (its other fields are not read).
    /// Each is checked as a lone filter with the other options; one verdict a line.
    #[arg(long, value_name = "FILE", conflicts_with = "files")]
    programs: Option<String>,
    /// Print one JSON object instead of diagnostics.
    #[arg(long)]
    json: bool,
    /// seccomp(2) flags, comma-separated: tsync, log, spec_allow, new_listener,
    /// tsync_esrch, wait_killable_recv (or a number, e.g. 0x40 for an unknown flag).
    #[arg(long, value_name = "FLAGS")]
    flags: Option<String>,
    /// Model a caller that has not set no_new_privs (EACCES unless --cap-sys-admin).
    #[arg(long)]
    no_nnp: bool,
    /// Model a caller with CAP_SYS_ADMIN.
    #[arg(long)]
    cap_sys_admin: bool,
    /// The caller's arch: the arch of the call that installs each filter after the first
    /// (judged by the filters before it), and for syscall names in C sources (`__NR_x`).
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    /// The call that installs each filter after the first, which the filters installed
    /// before it judge: `seccomp` (seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog)) or
    /// `prctl` (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)).
    #[arg(long, value_name = "CALL", default_value = "seccomp", value_parser = ["seccomp", "prctl"])]
    install_via: String,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    kernel: super::kernel_opt::KernelOpt,
}

/// True if `argv` (the program name first) runs `check` with `--json`: a usage error
/// that clap finds is then printed as JSON too.
pub fn wants_json(argv: &[std::ffi::OsString]) -> bool {
    argv.get(1).is_some_and(|c| c == "check")
        && argv
            .iter()
            .skip(2)
            .take_while(|a| *a != "--")
            .any(|a| a == "--json")
}

/// With `--json`, a usage, I/O or parse error is a JSON object on standard output too
/// (`{"accepted": null, "file": .., "error": .., "exit": 2}`, the file null when the error
/// is not about one), with the same message on standard error and the same exit code.
pub fn main(a: Args) -> Result<i32, CliError> {
    let json = a.json;
    let mut failed_file = None;
    match check(a, &mut failed_file) {
        Err(e) if json && !e.quiet => {
            let v = json!({
                "accepted": null,
                "file": failed_file.as_deref().map(display),
                "error": e.to_string(),
                "exit": e.code,
            });
            outln!("{v}")?;
            Err(e)
        }
        r => r,
    }
}

fn check(a: Args, failed_file: &mut Option<String>) -> Result<i32, CliError> {
    let kernel = a.kernel.resolve()?;
    let flags = match &a.flags {
        Some(f) => limits::parse_flags(f).map_err(|e| CliError::usage(format!("--flags: {e}")))?,
        None => 0,
    };
    let (_, arch) = arch_opt(a.arch.as_deref())?;
    let arch = arch.unwrap_or(secbpf::seccomp::Arch::x86_64());
    let via = if a.install_via == "prctl" {
        InstallVia::Prctl
    } else {
        InstallVia::Seccomp
    };
    if via == InstallVia::Prctl && flags != 0 {
        return Err(CliError::usage(
            "--install-via prctl cannot pass --flags (prctl(PR_SET_SECCOMP) installs with flags 0); use seccomp",
        ));
    }
    let opts = InstallOptions::new()
        .flags(flags)
        .no_new_privs(!a.no_nnp)
        .cap_sys_admin(a.cap_sys_admin)
        .via(via)
        .arch(arch.audit)
        .kernel(kernel.profile);
    if let Some(path) = &a.programs {
        *failed_file = Some(path.clone());
        return check_programs(path, &opts, a.json);
    }
    let progs: Vec<Vec<Insn>> = a
        .files
        .iter()
        .map(|f| load(f, &a.read, arch).inspect_err(|_| *failed_file = Some(f.clone())))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&[Insn]> = progs.iter().map(Vec::as_slice).collect();
    let results = verify::check_stack(&refs, &opts);
    let first_err = results.iter().find_map(|r| r.as_ref().err());
    // For each accepted filter after the first: how the filters before it answered its
    // install call, and which unstated fields of that call the answer rests on.
    let mut before: Vec<secbpf::VerifiedProgram> = Vec::new();
    let mut gates: Vec<Option<verify::InstallGate>> = Vec::new();
    for r in &results {
        gates.push(match r {
            Ok(v) => {
                let g = verify::install_gate(&before, &opts).ok().flatten();
                before.push(v.clone());
                g
            }
            Err(_) => None,
        });
    }
    let accepted = first_err.is_none();
    // The constant values the filters return, as this kernel reads them where that
    // differs from the newest (KILL_PROCESS before 4.14, ...): the kernel accepts any
    // value at install time and acts on it at run time.
    let notes: Vec<Vec<String>> = progs
        .iter()
        .map(|p| {
            kernel.notes(
                p.iter()
                    .filter(|i| i.code == secbpf::consts::BPF_RET | secbpf::consts::BPF_K)
                    .map(|i| secbpf::seccomp::RetValue(i.k)),
            )
        })
        .collect();

    if a.json {
        let filters: Vec<_> = a
            .files
            .iter()
            .zip(&progs)
            .zip(&results)
            .zip(&gates)
            .map(|(((f, p), r), g)| {
                let err = r.as_ref().err();
                json!({
                    "file": display(f),
                    "insns": p.len(),
                    "accepted": r.is_ok(),
                    "errno": err.map(|e| e.errno_name()),
                    "errno_value": err.map(|e| e.errno()),
                    "ebpf_insns": r.as_ref().ok().map(|v| v.ebpf_len()),
                    "install_call": g.as_ref().map(|g| json!({
                        "via": opts.via.name(),
                        "ret": g.ret.to_string(),
                        "decided_by": g.filter,
                        "assumed": g.assumed.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
                    })),
                    "error": err.map(error_json),
                })
            })
            .collect();
        let mut out = json!({
            "accepted": accepted,
            "errno": first_err.map(|e| e.errno_name()),
            "filters": filters,
        });
        let all: Vec<String> = notes.iter().flatten().cloned().collect();
        if let (Some(k), Some(o)) = (kernel.json(&all), out.as_object_mut()) {
            o.insert("kernel".into(), k);
        }
        outln!("{out}")?;
    } else {
        if let Some(h) = kernel.header() {
            outln!("{h}")?;
        }
        for (((f, p), r), g) in a.files.iter().zip(&progs).zip(&results).zip(&gates) {
            if let Some(g) = g.as_ref().filter(|g| !g.assumed.is_empty()) {
                let names: Vec<String> = g.assumed.iter().map(|f| f.to_string()).collect();
                outln!(
                    "{}: note: the filters before it allow its {} call only for the values assumed for {} (0); \
                     a real caller's may differ",
                    display(f),
                    opts.via.name(),
                    names.join(", ")
                )?;
            }
            match r {
                Ok(v) => outln!(
                    "{}: accepted ({} long, {} after conversion to eBPF)",
                    display(f),
                    plural(p.len(), "instruction"),
                    v.ebpf_len()
                )?,
                Err(e) => out!("{}", diagnostic(display(f), p, e))?,
            }
        }
        for (f, n) in a.files.iter().zip(&notes) {
            for n in n {
                outln!("{}: note: {n}", display(f))?;
            }
        }
        if results.len() > 1 {
            let refused = results.iter().filter(|r| r.is_err()).count();
            if refused == 0 {
                outln!("stack of {} filters: accepted", results.len())?;
            } else {
                outln!(
                    "stack of {} filters: refused ({refused} would fail)",
                    results.len()
                )?;
            }
        }
    }
    Ok(if accepted { 0 } else { 1 })
}

/// A compiler-style diagnostic: file and pc, the instruction disassembled with its raw
/// fields, the field at fault, the kernel rule, the errno, and a hint.
pub fn diagnostic(file: &str, prog: &[Insn], e: &VerifyError) -> String {
    let mut s = String::new();
    let loc = match e.pc() {
        Some(pc) => format!("{file}: pc {pc}"),
        None => file.to_string(),
    };
    match e.kind() {
        VerifyErrorKind::InstallCallStopped
        | VerifyErrorKind::NotReached
        | VerifyErrorKind::InstallCallUnknown => s += &format!("{loc}: {}\n", e.message()),
        _ => s += &format!("{loc}: refused with {}: {}\n", e.errno_name(), e.message()),
    }
    if let (Some(pc), Some(insn)) = (e.pc(), e.insn()) {
        let text = secbpf::disasm::disasm_line(prog, pc);
        s += &format!(
            "    {pc:>4} | {text:<28} {{ {:#06x}, {:>3}, {:>3}, {:#010x} }}\n",
            insn.code, insn.jt, insn.jf, insn.k
        );
        if let Some(field) = e.field() {
            s += &format!("         | field at fault: {field}\n");
        }
    }
    match e.kind() {
        VerifyErrorKind::InstallCallFailed => {
            s += &format!(
                "    rule: {} ({}): the installed filters judge the install call first; it returns {} ({})\n",
                e.rule(),
                e.kind().source_file(),
                e.errno_name(),
                e.errno()
            )
        }
        VerifyErrorKind::InstallCallStopped
        | VerifyErrorKind::NotReached
        | VerifyErrorKind::InstallCallUnknown => {
            s += &format!(
                "    rule: {} ({}): the installed filters judge the install call first; it does not return\n",
                e.rule(),
                e.kind().source_file(),
            )
        }
        _ => {
            s += &format!(
                "    rule: {} ({}); seccomp(2) returns {}\n",
                e.rule(),
                e.kind().source_file(),
                e.errno_name()
            )
        }
    }
    if let Some(h) = e.hint() {
        s += &format!("    hint: {h}\n");
    }
    s
}

/// `1 instruction`, `2 instructions`.
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `6 executed`: how many instructions a run executed. Program length is always
/// `N instructions long` ([`plural`] + `long`), so the two counts never read alike.
pub fn executed(n: usize) -> String {
    format!("{n} executed")
}

/// A refusal as `check --json` prints it.
fn error_json(e: &VerifyError) -> serde_json::Value {
    json!({
        "pc": e.pc(),
        "rule": e.rule(),
        "kind": format!("{:?}", e.kind()),
        "field": e.field(),
        "message": e.message(),
        "hint": e.hint(),
    })
}

/// The longest line `--programs` reads: a 65,535-instruction program written as
/// `[65535,255,255,4294967295]` entries fits.
const MAX_PROGRAM_LINE: u64 = 4 << 20;

/// `check --programs FILE`: one verdict per JSON Lines program, streamed.
fn check_programs(path: &str, opts: &InstallOptions, json_out: bool) -> Result<i32, CliError> {
    use std::io::{BufRead, Read};
    let src: Box<dyn std::io::Read> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(path)
                .map_err(|e| CliError::usage(format!("{path}: cannot read: {e}")))?,
        )
    };
    let mut r = std::io::BufReader::new(src);
    let mut buf = Vec::new();
    let (mut n, mut refused, mut lineno) = (0u64, 0u64, 0u64);
    loop {
        buf.clear();
        let got = Read::by_ref(&mut r)
            .take(MAX_PROGRAM_LINE + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| CliError::usage(format!("{}: cannot read: {e}", display(path))))?;
        if got == 0 {
            break;
        }
        lineno += 1;
        let bad =
            |what: String| CliError::usage(format!("{}: line {lineno}: {what}", display(path)));
        if buf.len() as u64 > MAX_PROGRAM_LINE {
            return Err(bad(format!(
                "longer than {MAX_PROGRAM_LINE} bytes (a 65,535-instruction program fits)"
            )));
        }
        let text = std::str::from_utf8(&buf).map_err(|e| bad(format!("not UTF-8: {e}")))?;
        if text.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
        let insns = match &v {
            serde_json::Value::Object(o) => o.get("insns").ok_or_else(|| {
                bad("an object needs \"insns\": [[code, jt, jf, k], ...]".to_string())
            })?,
            other => other,
        };
        let prog = secbpf::codec::json::from_json(insns).map_err(bad)?;
        let r = verify::check_with(&prog, opts);
        n += 1;
        if r.is_err() {
            refused += 1;
        }
        if json_out {
            let err = r.as_ref().err();
            outln!(
                "{}",
                json!({
                    "line": lineno,
                    "insns": prog.len(),
                    "accepted": r.is_ok(),
                    "errno": err.map(|e| e.errno_name()),
                    "ebpf_insns": r.as_ref().ok().map(|v| v.ebpf_len()),
                    "error": err.map(error_json),
                })
            )?;
        } else {
            match &r {
                Ok(v) => outln!(
                    "line {lineno}: accepted ({} long, {} after conversion to eBPF)",
                    plural(prog.len(), "instruction"),
                    v.ebpf_len()
                )?,
                Err(e) => outln!("line {lineno}: refused with {}: {e}", e.errno_name())?,
            }
        }
    }
    if n == 0 {
        return Err(CliError::usage(format!(
            "{}: no programs (one JSON array of [code, jt, jf, k] per line)",
            display(path)
        )));
    }
    if !json_out {
        outln!("{n} programs: {} accepted, {refused} refused", n - refused)?;
    }
    Ok(if refused == 0 { 0 } else { 1 })
}
