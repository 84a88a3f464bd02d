//! Command-line interface: argument parsing and output only; every behaviour lives in
//! the library.
//!
//! Output goes through `out!`/`outln!`/`errln!` (common.rs), never `print!`/`eprint!`,
//! which panic when the stream fails (issue 14 item 8); clippy enforces it here.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod asm;
mod bench;
mod budget_opts;
mod check;
mod common;
mod cover;
mod diff;
mod disasm;
mod dump;
mod exec;
mod explain;
mod fuzz_kernel;
mod graph;
mod kernel_opt;
mod lint;
mod oracle;
mod report;
mod run;
mod scmp_bpf_sim;
mod serve;
mod step;
mod style;
mod test;
mod vm;

use clap::{Parser, Subcommand};

/// Check and run classic-BPF seccomp filters exactly as the Linux kernel does.
///
/// Exit codes: 0 success (check: the kernel would accept), 1 the answer is "no"
/// (check: the kernel would refuse), 2 usage, I/O or parse error.
#[derive(Parser, Debug)]
#[command(name = "secbpf", version, about, long_about = None, after_help = HELP_FOOTER)]
struct Cli {
    /// Colour for disasm, run --trace, step, explain and diff: auto (only on a terminal,
    /// and only when NO_COLOR is unset or empty), always, never.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    color: style::ColorChoice,
    #[command(subcommand)]
    cmd: Cmd,
}

const HELP_FOOTER: &str = "\
Filters are read in any of these formats, detected automatically (force one with --format):
raw struct sock_filter arrays, bpf_asm source, bpf_asm's `N,code jt jf k,...` line,
tcpdump -ddd lines, C arrays `{ 0x20, 0, 0, 0x00000004 },` and BPF_STMT/BPF_JUMP lists.
Commands that write a format (disasm, asm, graph, dump) take it with --to.

Examples:
  secbpf check corpus/libseccomp-small.bpf
  secbpf run corpus/libseccomp-small.bpf --syscall openat
  secbpf disasm corpus/libseccomp-small.bpf
  secbpf asm filter.s -o filter.bpf
  secbpf asm filter.s --to c

Exit codes: 0 ok / accepted, 1 refused, 2 usage, I/O or parse error.";

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Answer as seccomp(2) would: accept the filter(s), or the errno and why.
    Check(check::Args),
    /// Run the filter(s) over a seccomp_data and print the exact 32-bit result.
    Run(run::Args),
    /// List a filter in bpf_asm syntax with seccomp annotations, or convert its format.
    Disasm(disasm::Args),
    /// Assemble bpf_asm source into a filter.
    Asm(asm::Args),
    /// Measure nanoseconds per evaluation of the filter(s) over a set of inputs.
    Bench(bench::Args),
    /// Ask the running kernel: `oracle accept FILE...`, `oracle run FILE --inputs F`.
    Oracle(oracle::Args),
    /// Install verified filter(s) and exec a command under them.
    Exec(exec::Args),
    /// Differential campaign: generated programs, secbpf vs the live kernel.
    FuzzKernel(fuzz_kernel::Args),
    /// Read the seccomp filters of a live process (--pid) or of a command run under ptrace.
    Dump(dump::Args),
    /// libseccomp's scmp_bpf_sim, exactly: -f FILE -a ARCH -s NR [-0 A0] ... [-5 A5] [-v].
    #[command(name = "scmp-bpf-sim")]
    ScmpBpfSim(scmp_bpf_sim::Args),
    /// Run a policy spec's [[case]]s (TOML) against its filter(s): N passed, M failed.
    Test(test::Args),
    /// Findings about a filter: capped errnos, unknown actions, arch and x32 holes, ...
    Lint(lint::Args),
    /// Step through a filter interactively (commands from stdin when it is not a terminal).
    Step(step::Args),
    /// The control-flow graph in Graphviz dot (or SVG through `dot`).
    Graph(graph::Args),
    /// Explain the filter(s): per arch and syscall, every action and its exact condition.
    Explain(explain::Args),
    /// Compare two filters (or stacks): equivalent, or every input region where they differ.
    Diff(diff::Args),
    /// Which instructions and returns a set of inputs reaches; witnesses for the rest.
    Cover(cover::Args),
    /// A teaching page in the browser (127.0.0.1 only): listing, graph, registers, steps.
    Serve(serve::Args),
    /// One self-contained HTML report: check, lint, explain, the graph, and a diff.
    Report(report::Args),
    /// Other kernels in VMs: `vm fetch debian-6.1-amd64`, `vm list`, `vm boot NAME`.
    Vm(vm::Args),
    /// The agent inside a VM guest (used by `--kernel`; not for direct use).
    #[command(name = "vm-agent", hide = true)]
    VmAgent(vm::AgentArgs),
}

/// Parse arguments, run the command, print errors; returns the exit code.
pub fn main() -> i32 {
    // libseccomp's tool parses its own argv (getopt), under its name or as a subcommand.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = scmp_bpf_sim::dispatch(&argv) {
        return code;
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            if e.use_stderr() && check::wants_json(&argv) {
                // `check --json` answers in JSON on a usage error too (its message also
                // goes to standard error below).
                let text = e.render().to_string();
                // The first paragraph, on one line.
                let para: Vec<&str> = text
                    .lines()
                    .take_while(|l| !l.trim().is_empty())
                    .map(str::trim)
                    .collect();
                let para = para.join(" ");
                let msg = para.strip_prefix("error: ").unwrap_or(&para);
                let v =
                    serde_json::json!({"accepted": null, "file": null, "error": msg, "exit": 2});
                if let Err(err) = common::outln!("{v}") {
                    if !err.quiet {
                        common::errln!("secbpf: {err}");
                    }
                    return err.code;
                }
            }
            // --help and --version go to standard output, which may fail too.
            if let Err(err) = e.print() {
                let to = if e.use_stderr() {
                    "<stderr>"
                } else {
                    "<stdout>"
                };
                let err = common::CliError::write(to, &err);
                if !err.quiet {
                    common::errln!("secbpf: {err}");
                }
                return err.code;
            }
            return code;
        }
    };
    style::init(cli.color);
    let r = match cli.cmd {
        Cmd::Check(a) => check::main(a),
        Cmd::Run(a) => run::main(a),
        Cmd::Disasm(a) => disasm::main(a),
        Cmd::Asm(a) => asm::main(a),
        Cmd::Bench(a) => bench::main(a),
        Cmd::Oracle(a) => oracle::main(a),
        Cmd::Exec(a) => exec::main(a),
        Cmd::FuzzKernel(a) => fuzz_kernel::main(a),
        Cmd::Dump(a) => dump::main(a),
        Cmd::ScmpBpfSim(a) => scmp_bpf_sim::main(a),
        Cmd::Test(a) => test::main(a),
        Cmd::Lint(a) => lint::main(a),
        Cmd::Step(a) => step::main(a),
        Cmd::Graph(a) => graph::main(a),
        Cmd::Explain(a) => explain::main(a),
        Cmd::Diff(a) => diff::main(a),
        Cmd::Cover(a) => cover::main(a),
        Cmd::Serve(a) => serve::main(a),
        Cmd::Report(a) => report::main(a),
        Cmd::Vm(a) => vm::main(a),
        Cmd::VmAgent(a) => vm::agent(a),
    };
    // Output without a final newline is still buffered: a failure to write it is an
    // error too, not something the runtime drops at exit.
    let r = r.and_then(|code| common::flush_stdout().map(|()| code));
    match r {
        Ok(code) => code,
        Err(e) => {
            if !e.quiet {
                common::errln!("secbpf: {e}");
            }
            e.code
        }
    }
}
