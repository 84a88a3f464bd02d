//! `secbpf dump`: read the seccomp filters of a live process, or of a command run under
//! ptrace, and write or list them.

use super::common::CliError;
use super::common::{errln, out, outln, parse_secs};
use super::disasm::OutFormat;
use secbpf::codec::{self, EncodeOptions};
use secbpf::disasm::{self, DisasmOptions};
use secbpf::kernel::dump::{self, CommandEnd, CommandOptions, DumpedTask};
use secbpf::Insn;
use serde_json::json;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Read the seccomp filters of a live process (`--pid PID`) or of a command run under
/// ptrace (`-- CMD ARGS`), oldest first, with PTRACE_SECCOMP_GET_FILTER. Needs
/// CAP_SYS_ADMIN (run as root). Without -o, lists each filter; `-o DIR` writes
/// `0.bpf`, `1.bpf`, ... (0 the oldest). A command is followed through its threads,
/// forks and execs; each task's chain is read right after each successful install,
/// identical chains are kept once, and the command is killed at the end (when it
/// exits, after --timeout, or after --after-install N installs).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The process (or thread) id to read.
    #[arg(
        long,
        value_name = "PID",
        conflicts_with = "cmd",
        required_unless_present = "cmd"
    )]
    pid: Option<i32>,
    /// With --pid: read every thread of the process (identical chains once).
    #[arg(long, requires = "pid")]
    threads: bool,
    /// Write one file per filter into this directory (0 = oldest).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,
    /// Output format (raw needs -o): raw, c, line, asm, seccomp-tools, seccomp-tools-asm,
    /// ceccomp, scmp. Default: raw with -o, else a listing.
    #[arg(
        long = "to",
        visible_alias = "output-format",
        value_enum,
        value_name = "FORMAT"
    )]
    to: Option<OutFormat>,
    /// Not an option of dump (it reads no file): `--format` names the input format
    /// everywhere; an error points to --to.
    #[arg(long, value_name = "FORMAT", hide = true)]
    format: Option<String>,
    /// Print {"pid": .., "filters": [{"index": 0, "insns": n, "file": path|null}], ...}.
    #[arg(long)]
    json: bool,
    /// With a command: end it after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0, value_parser = parse_secs)]
    timeout: f64,
    /// With a command: end it once this many successful installs were seen.
    #[arg(long = "after-install", value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    after_install: Option<u64>,
    /// The command and its arguments.
    #[arg(last = true, value_name = "CMD")]
    cmd: Vec<OsString>,
}

fn ext(f: OutFormat) -> &'static str {
    match f {
        OutFormat::Raw => "bpf",
        OutFormat::C => "c",
        OutFormat::Line => "txt",
        OutFormat::Asm => "s",
        OutFormat::SeccompTools | OutFormat::Scmp => "txt",
        OutFormat::SeccompToolsAsm => "asm",
        OutFormat::Ceccomp => "cec",
    }
}

fn encode(f: &[Insn], format: OutFormat) -> Vec<u8> {
    codec::encode(f, format.lib(), &EncodeOptions::default())
}

fn task_json(t: &DumpedTask, filters: &[Vec<Insn>]) -> serde_json::Value {
    let idx: Vec<usize> = t
        .filters
        .iter()
        .filter_map(|f| filters.iter().position(|g| g == f))
        .collect();
    json!({"pid": t.pid, "tid": t.tid, "comm": t.comm, "exe": t.exe, "filters": idx})
}

pub fn main(a: Args) -> Result<i32, CliError> {
    if let Some(f) = &a.format {
        return Err(CliError::usage(format!(
            "--format names the input format and dump reads no file; choose the output format with --to {f}"
        )));
    }
    if a.pid.is_none() && a.cmd.is_empty() {
        return Err(CliError::usage("give --pid PID or -- CMD ARGS"));
    }
    let timeout_ok = a.timeout > 0.0 && a.timeout.is_finite();
    if !a.cmd.is_empty() && !timeout_ok {
        return Err(CliError::usage(
            "--timeout must be a positive number of seconds",
        ));
    }
    let mut extra = serde_json::Map::new();
    let (pid, tasks, filters) = if let Some(pid) = a.pid {
        let tasks = if a.threads {
            dump::dump_threads(pid)
        } else {
            dump::dump_pid(pid).map(|filters| {
                vec![DumpedTask {
                    pid,
                    tid: pid,
                    comm: String::new(),
                    exe: String::new(),
                    filters,
                }]
            })
        }
        .map_err(|e| CliError::refused(format!("cannot dump {pid}: {e}")))?;
        let d = dump::CommandDump {
            pid,
            tasks,
            ..Default::default()
        };
        let filters = d.distinct_filters();
        (pid, d.tasks, filters)
    } else {
        let opts = CommandOptions {
            timeout: Duration::from_secs_f64(a.timeout),
            after_installs: a.after_install.map_or(0, |n| n as usize),
        };
        let d = dump::dump_command(&a.cmd, &opts)
            .map_err(|e| CliError::refused(format!("cannot dump the command: {e}")))?;
        let ended = match d.ended {
            CommandEnd::Exited(s) => format!("exited with status {s}"),
            CommandEnd::Signaled(s) => format!("killed by signal {s}"),
            CommandEnd::Timeout => "timeout; killed".to_owned(),
            CommandEnd::Installs => "install count reached; killed".to_owned(),
        };
        let filters = d.distinct_filters();
        errln!(
            "secbpf dump: pid {}: {} successful install(s), {} distinct chain(s), {} distinct filter(s); {}",
            d.pid,
            d.installs,
            d.tasks.len(),
            filters.len(),
            ended
        );
        extra.insert("installs".into(), json!(d.installs));
        extra.insert("ended".into(), json!(ended));
        if filters.is_empty() {
            if a.json {
                outln!(
                    "{}",
                    json!({"pid": d.pid, "filters": [], "tasks": [], "installs": 0, "ended": ended})
                )?;
            }
            return Err(CliError::refused(
                "the command installed no seccomp filter before it ended",
            ));
        }
        (d.pid, d.tasks, filters)
    };

    let mut files: Vec<Option<String>> = vec![None; filters.len()];
    if let Some(dir) = &a.output {
        let format = a.to.unwrap_or(OutFormat::Raw);
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::usage(format!("{}: cannot create: {e}", dir.display())))?;
        for (i, f) in filters.iter().enumerate() {
            let p: PathBuf = Path::new(dir).join(format!("{i}.{}", ext(format)));
            std::fs::write(&p, encode(f, format))
                .map_err(|e| CliError::write(&p.display().to_string(), &e))?;
            files[i] = Some(p.display().to_string());
        }
    }
    if a.json {
        let fj: Vec<_> = filters
            .iter()
            .enumerate()
            .map(|(i, f)| json!({"index": i, "insns": f.len(), "file": files[i]}))
            .collect();
        let tj: Vec<_> = tasks.iter().map(|t| task_json(t, &filters)).collect();
        let mut v = serde_json::Map::new();
        v.insert("pid".into(), json!(pid));
        v.insert("filters".into(), json!(fj));
        v.insert("tasks".into(), json!(tj));
        v.extend(extra);
        outln!("{}", serde_json::Value::Object(v))?;
        return Ok(0);
    }
    if a.output.is_some() {
        for (i, f) in filters.iter().enumerate() {
            outln!(
                "filter {i}: {} instructions -> {}",
                f.len(),
                files[i].as_deref().unwrap_or("")
            )?;
        }
        return Ok(0);
    }
    let mut out = String::new();
    for (i, f) in filters.iter().enumerate() {
        let who: Vec<String> = tasks
            .iter()
            .filter(|t| t.filters.contains(f))
            .map(|t| {
                if t.comm.is_empty() {
                    format!("{}", t.tid)
                } else {
                    format!("{} ({})", t.tid, t.comm)
                }
            })
            .collect();
        out += &format!(
            "; filter {i} of {}: {} instructions; task(s) {}\n",
            filters.len(),
            f.len(),
            who.join(", ")
        );
        match a.to {
            None | Some(OutFormat::Asm) => {
                out += &disasm::disassemble(f, &DisasmOptions::default());
            }
            Some(OutFormat::Raw) => {
                return Err(CliError::usage("--to raw needs -o DIR"));
            }
            Some(fmt) => out += &String::from_utf8_lossy(&encode(f, fmt)),
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out!("{out}")?;
    Ok(0)
}
