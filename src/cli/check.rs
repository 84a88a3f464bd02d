//! `secbpf check`: the kernel's verdict on installing the filter(s).

use super::common::{arch_opt, display, load, out, outln, CliError, ReadOpts};
use secbpf::verify::{self, limits, InstallOptions, VerifyError};
use secbpf::Insn;
use serde_json::json;

/// Answer exactly as seccomp(SECCOMP_SET_MODE_FILTER) would.
///
/// One file is one filter; several files are a stack installed in the order given
/// (oldest first) by one thread. Exit 0 if the kernel would accept every filter, 1 if it
/// would refuse one, 2 for usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files (`-` for standard input), oldest first.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
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
    /// Arch for syscall names in C sources (`__NR_x`) and listings.
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    #[command(flatten)]
    read: ReadOpts,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let flags = match &a.flags {
        Some(f) => limits::parse_flags(f).map_err(|e| CliError::usage(format!("--flags: {e}")))?,
        None => 0,
    };
    let opts = InstallOptions {
        flags,
        no_new_privs: !a.no_nnp,
        cap_sys_admin: a.cap_sys_admin,
    };
    let (_, arch) = arch_opt(a.arch.as_deref())?;
    let arch = arch.unwrap_or(secbpf::seccomp::Arch::x86_64());
    let progs: Vec<Vec<Insn>> = a
        .files
        .iter()
        .map(|f| load(f, &a.read, arch, true))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&[Insn]> = progs.iter().map(Vec::as_slice).collect();
    let results = verify::check_stack(&refs, &opts);
    let first_err = results.iter().find_map(|r| r.as_ref().err());
    let accepted = first_err.is_none();

    if a.json {
        let filters: Vec<_> = a
            .files
            .iter()
            .zip(&progs)
            .zip(&results)
            .map(|((f, p), r)| {
                let err = r.as_ref().err();
                json!({
                    "file": display(f),
                    "insns": p.len(),
                    "accepted": r.is_ok(),
                    "errno": err.map(|e| e.errno_name()),
                    "ebpf_insns": r.as_ref().ok().map(|v| v.ebpf_len()),
                    "error": err.map(|e| json!({
                        "pc": e.pc(),
                        "rule": e.rule(),
                        "kind": format!("{:?}", e.kind()),
                        "field": e.field(),
                        "message": e.message(),
                        "hint": e.hint(),
                    })),
                })
            })
            .collect();
        let out = json!({
            "accepted": accepted,
            "errno": first_err.map(|e| e.errno_name()),
            "filters": filters,
        });
        outln!("{out}")?;
    } else {
        for ((f, p), r) in a.files.iter().zip(&progs).zip(&results) {
            match r {
                Ok(v) => outln!(
                    "{}: accepted ({}, {} after conversion to eBPF)",
                    display(f),
                    plural(p.len(), "instruction"),
                    v.ebpf_len()
                )?,
                Err(e) => out!("{}", diagnostic(display(f), p, e))?,
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
    s += &format!("{loc}: refused with {}: {}\n", e.errno_name(), e.message());
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
    s += &format!(
        "    rule: {} ({}); seccomp(2) returns {}\n",
        e.rule(),
        e.kind().source_file(),
        e.errno_name()
    );
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
