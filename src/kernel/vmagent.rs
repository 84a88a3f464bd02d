//! The agent that runs inside a VM guest (`secbpf vm-agent`): it answers the oracle's
//! questions about the guest's kernel with the oracle's own code ([`super::oracle`]:
//! throwaway children, the TRAP/ERRNO rewrite for exact values, syscall instructions
//! placed at the inputs' ips), over the framed protocol of [`super::vmproto`].
//!
//! Requests are JSON objects with an `op`:
//! - `accept {filters, flags, nnp, cap, prctl}`: per filter `null` (accepted) or the errno;
//! - `run {prog, inputs}`: the program's exact results ([`super::oracle::run`]);
//! - `outcome {stack, input}`: what a process observes ([`super::oracle::outcome`]);
//! - `case {filters, inputs, batch}`: every kernel answer the campaign's comparison of
//!   this case can ask for (verdicts of the installed stack; the exact results of each
//!   accepted, rewritable filter per chunk of `batch` inputs; the outcome of a stack);
//! - `many {reqs}`: several requests, answered in order in one frame;
//! - `bye`: the agent exits;
//! - `sleep {secs}` and `exit {status}`: a hung and a dead agent, for the host's tests.
//!
//! Every answer is `{"ok": ...}` or `{"error": "..."}`.

use super::campaign::{getpid_nr, installed_stack};
use super::oracle;
use super::rewrite;
use super::vmproto::{self as p, read_frame, write_frame};
use crate::insn::Insn;
use crate::synth::Case;
use crate::verify::{InstallOptions, InstallVia};
use serde_json::{json, Value};
use std::io::{self, ErrorKind};

/// The agent's hello: protocol version, kernel release, machine.
pub fn hello() -> Value {
    let read = |f: &str| {
        std::fs::read_to_string(f)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    json!({
        "hello": "secbpf-agent",
        "version": p::VERSION,
        "release": read("/proc/sys/kernel/osrelease"),
        "machine": std::env::consts::ARCH,
        "seccomp": super::available().err(),
    })
}

fn err(e: impl std::fmt::Display) -> Value {
    json!({ "error": e.to_string() })
}

fn accept_op(r: &Value) -> Result<Value, String> {
    let filters = p::progs_from(&r["filters"])?;
    let refs: Vec<&[Insn]> = filters.iter().map(Vec::as_slice).collect();
    let opts = InstallOptions::new()
        .flags(r["flags"].as_u64().unwrap_or(0) as u32)
        .no_new_privs(r["nnp"].as_bool().unwrap_or(true))
        .cap_sys_admin(r["cap"].as_bool().unwrap_or(false))
        .via(if r["prctl"].as_bool().unwrap_or(false) {
            InstallVia::Prctl
        } else {
            InstallVia::Seccomp
        });
    let res = oracle::accept(&refs, &opts).map_err(|e| e.to_string())?;
    Ok(Value::Array(
        res.iter()
            .map(|r| r.err().map_or(Value::Null, |e| json!(e)))
            .collect(),
    ))
}

fn run_op(r: &Value) -> Result<Value, String> {
    let prog = p::prog_from(&r["prog"])?;
    let inputs = p::inputs_from(&r["inputs"])?;
    let res = oracle::run(&prog, &inputs).map_err(|e| {
        // Keep the errno of a refused program for the host.
        match e.os_errno() {
            Some(n) => format!("errno {n}: {e}"),
            None => e.to_string(),
        }
    })?;
    Ok(Value::Array(res.iter().map(p::ret_json).collect()))
}

fn outcome_op(r: &Value) -> Result<Value, String> {
    let stack = p::progs_from(&r["stack"])?;
    let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
    let d = p::input_from(&r["input"])?;
    let o = oracle::outcome(&refs, &d).map_err(|e| e.to_string())?;
    Ok(p::observed_json(&o))
}

/// Every kernel answer a comparison of the case can ask for; an answer that failed is
/// `{"error": ...}` in its place, so the host reports it for that question only.
fn case_op(r: &Value) -> Result<Value, String> {
    let case = Case {
        filters: p::progs_from(&r["filters"])?,
        inputs: p::inputs_from(&r["inputs"])?,
    };
    let batch = r["batch"].as_u64().unwrap_or(1024).max(1) as usize;
    let stack = installed_stack(&case);
    let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
    if refs.is_empty() {
        return Ok(json!({}));
    }
    let verdicts = match oracle::accept(&refs, &InstallOptions::default()) {
        Ok(v) => v,
        Err(e) => return Ok(json!({ "accept": err(e) })),
    };
    let mut runs = Vec::new();
    if !case.inputs.is_empty() {
        for (fi, v) in verdicts.iter().enumerate() {
            if v.is_err() || !rewrite::rewritable(&stack[fi]) {
                continue;
            }
            for (bi, chunk) in case.inputs.chunks(batch).enumerate() {
                let a = match oracle::run_accepted(&stack[fi], chunk) {
                    Ok(rets) => json!({"ok": rets.iter().map(p::ret_json).collect::<Vec<_>>()}),
                    Err(e) => err(e),
                };
                runs.push(json!({"filter": fi, "chunk": bi, "answer": a}));
            }
        }
    }
    let mut outcome = Value::Null;
    if stack.len() > 1 && verdicts.iter().all(Result::is_ok) && !case.inputs.is_empty() {
        let mut d = case.inputs[0];
        d.nr = getpid_nr(d.arch);
        let filters: Vec<&[Insn]> = case.filters.iter().map(Vec::as_slice).collect();
        outcome = match oracle::outcome(&filters, &d) {
            Ok(o) => json!({"ok": p::observed_json(&o)}),
            Err(e) => err(e),
        };
    }
    Ok(json!({
        "accept": {"ok": verdicts.iter().map(|r| r.err().map_or(Value::Null, |e| json!(e))).collect::<Vec<_>>()},
        "runs": runs,
        "outcome": outcome,
    }))
}

/// Answer one request.
pub fn answer(r: &Value) -> Value {
    let res = match r["op"].as_str() {
        Some("accept") => accept_op(r),
        Some("run") => run_op(r),
        Some("outcome") => outcome_op(r),
        Some("case") => case_op(r),
        Some("hello") => Ok(hello()),
        Some("sleep") => {
            std::thread::sleep(std::time::Duration::from_secs(
                r["secs"].as_u64().unwrap_or(0),
            ));
            Ok(json!("slept"))
        }
        Some("exit") => std::process::exit(r["status"].as_i64().unwrap_or(0) as i32),
        Some("many") => Ok(Value::Array(
            r["reqs"]
                .as_array()
                .map(|v| v.iter().map(answer).collect())
                .unwrap_or_default(),
        )),
        Some(op) => Err(format!("unknown op {op:?}")),
        None => Err("a request needs an \"op\"".into()),
    };
    match res {
        Ok(v) => json!({ "ok": v }),
        Err(e) => err(e),
    }
}

/// Serve requests on `port` (a serial device set to raw mode, or any file that reads
/// and writes) until `bye` or the end of the stream.
///
/// # Errors
/// The port cannot be opened, or reading or writing it fails.
pub fn serve(port: &str) -> io::Result<()> {
    // A guest kernel may run filters for native x86_64 nr 335/336 (6.1 does): ask.
    oracle::ASK_EXEMPT.store(true, std::sync::atomic::Ordering::Relaxed);
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(port)?;
    let mut r = io::BufReader::new(f.try_clone()?);
    let mut w = f;
    write_frame(&mut w, &hello())?;
    loop {
        let req = match read_frame(&mut r) {
            Ok(v) => v,
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) if e.kind() == ErrorKind::InvalidData => {
                write_frame(&mut w, &err(e))?;
                continue;
            }
            Err(e) => return Err(e),
        };
        if req["op"].as_str() == Some("bye") {
            write_frame(&mut w, &json!({"ok": "bye"}))?;
            return Ok(());
        }
        let a = answer(&req);
        write_frame(&mut w, &a)?;
    }
}
