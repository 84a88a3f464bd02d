//! `secbpf report`: one self-contained HTML file (no script, no server, nothing fetched)
//! with check, lint, explain, the control-flow graph and, with `--against`, the diff.

use super::check::diagnostic;
use super::common::{display, load, outln, write_out, CliError, ReadOpts};
use secbpf::analysis::svg::{escape, to_svg};
use secbpf::analysis::{diff, explain, lint};
use secbpf::seccomp::Arch;
use secbpf::verify::{self, InstallOptions};
use secbpf::{Insn, VerifiedProgram};
use std::fmt::Write as _;

/// Write an HTML report on the filter (or stack, oldest first), for attaching to a pull
/// request or a CI run: the kernel's verdict (check), lint findings, the explain
/// summary, each filter's control-flow graph as SVG and, with `--against`, the diff from
/// the old filter(s). One file: styles inline, no script, nothing fetched. Exit 0 when
/// the kernel would accept the filter(s), 1 when it would refuse one (the report is
/// written all the same, with the diagnostic), 2 for usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files (`-` for standard input), oldest first.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Where to write the HTML (`-` for standard output).
    #[arg(short, long, value_name = "OUT", required = true)]
    output: String,
    /// The old filter(s) to diff against (repeat for a stack, oldest first).
    #[arg(long, value_name = "OLD")]
    against: Vec<String>,
    /// After writing the report, print one JSON line: `{"output", "accepted", "files",
    /// "against", "lint": {"error", "warning", "info"}}` (needs `-o` to name a file).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    budget: super::budget_opts::BudgetOpts,
}

const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222}\
pre{background:#f6f6f4;border:1px solid #ddd;padding:8px;overflow:auto;font-size:12px}\
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:1.5em}h3{font-size:15px}\
.ok{color:#2e7d32;font-weight:700}.refused{color:#c62828;font-weight:700}\
.error{color:#b71c1c}.warning{color:#e65100}.info{color:#455a64}\
.graph{overflow:auto;border:1px solid #ddd;max-height:900px}\
ul.lint{font-family:monospace;font-size:12px}";

fn pre(o: &mut String, text: &str) {
    let _ = writeln!(o, "<pre>{}</pre>", escape(text));
}

/// Check a stack as `check` does: the verdicts, and the diagnostics text.
fn verdicts(
    files: &[String],
    progs: &[Vec<Insn>],
) -> (Vec<Result<VerifiedProgram, String>>, String) {
    let refs: Vec<&[Insn]> = progs.iter().map(Vec::as_slice).collect();
    let results = verify::check_stack(&refs, &InstallOptions::default());
    let mut text = String::new();
    let mut out = Vec::new();
    for ((f, p), r) in files.iter().zip(progs).zip(results) {
        match r {
            Ok(v) => {
                let _ = writeln!(
                    text,
                    "{}: accepted ({} instructions, {} after conversion to eBPF)",
                    display(f),
                    p.len(),
                    v.ebpf_len()
                );
                out.push(Ok(v));
            }
            Err(e) => {
                let d = diagnostic(display(f), p, &e);
                text += &d;
                out.push(Err(d));
            }
        }
    }
    (out, text)
}

pub fn main(a: Args) -> Result<i32, CliError> {
    if a.json && a.output == "-" {
        return Err(CliError::usage(
            "report --json prints a summary to standard output: write the report to a file with -o FILE",
        ));
    }
    let budget = a.budget.budget()?;
    // explain and diff answer for the running kernel, as the commands do by default.
    let kernel = super::kernel_opt::KernelOpt::default().resolve()?;
    let progs: Vec<Vec<Insn>> = a
        .files
        .iter()
        .map(|f| load(f, &a.read, Arch::x86_64()))
        .collect::<Result<_, _>>()?;
    let old: Vec<Vec<Insn>> = a
        .against
        .iter()
        .map(|f| load(f, &a.read, Arch::x86_64()))
        .collect::<Result<_, _>>()?;
    let (results, check_text) = verdicts(&a.files, &progs);
    let accepted = results.iter().all(Result::is_ok);
    let names: Vec<&str> = a.files.iter().map(|f| display(f)).collect();
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>secbpf report: {}</title><style>{CSS}</style></head><body>\n",
        escape(&names.join(", "))
    );
    let _ = writeln!(
        o,
        "<h1>secbpf report: {}</h1>\n<p>secbpf {}. Sections: <a href=\"#check\">check</a>, <a href=\"#lint\">lint</a>, <a href=\"#explain\">explain</a>, <a href=\"#graph\">graph</a>{}.</p>",
        escape(&names.join(", ")),
        env!("CARGO_PKG_VERSION"),
        if a.against.is_empty() { "" } else { ", <a href=\"#diff\">diff</a>" }
    );
    // check
    let _ = writeln!(
        o,
        "<h2 id=\"check\">check: <span class=\"{}\">{}</span></h2>",
        if accepted { "ok" } else { "refused" },
        if accepted {
            "the kernel would accept"
        } else {
            "the kernel would refuse"
        }
    );
    pre(&mut o, &check_text);
    // lint
    o.push_str("<h2 id=\"lint\">lint</h2>\n");
    let mut counts: std::collections::BTreeMap<&str, usize> = ["error", "warning", "info"]
        .into_iter()
        .map(|k| (k, 0))
        .collect();
    for (f, r) in names.iter().zip(&results) {
        let _ = writeln!(o, "<h3>{}</h3>", escape(f));
        match r {
            Ok(v) => {
                let findings = lint::lint(v);
                for x in &findings {
                    *counts.entry(x.severity.name()).or_insert(0) += 1;
                }
                if findings.is_empty() {
                    o.push_str("<p>no findings</p>\n");
                } else {
                    o.push_str("<ul class=\"lint\">\n");
                    for x in &findings {
                        let _ = writeln!(
                            o,
                            "<li class=\"{}\">{}</li>",
                            x.severity.name(),
                            escape(&x.to_string())
                        );
                    }
                    o.push_str("</ul>\n");
                }
            }
            Err(_) => o.push_str("<p>not linted: the kernel would refuse this filter</p>\n"),
        }
    }
    // explain
    o.push_str("<h2 id=\"explain\">explain</h2>\n");
    let stack: Vec<VerifiedProgram> = results.iter().filter_map(|r| r.clone().ok()).collect();
    if accepted {
        let ex = explain::explain_with(&stack, None, &budget);
        pre(&mut o, &super::explain::text(&ex, &kernel));
    } else {
        o.push_str("<p>not explained: the kernel would refuse a filter</p>\n");
    }
    // graph
    o.push_str("<h2 id=\"graph\">control-flow graph</h2>\n");
    for (f, p) in names.iter().zip(&progs) {
        let _ = writeln!(o, "<h3>{}</h3>", escape(f));
        if p.is_empty() {
            o.push_str("<p>(empty program)</p>\n");
        } else {
            let _ = writeln!(o, "<div class=\"graph\">{}</div>", to_svg(p, None));
        }
    }
    // diff
    if !a.against.is_empty() {
        let old_names: Vec<&str> = a.against.iter().map(|f| display(f)).collect();
        let _ = writeln!(
            o,
            "<h2 id=\"diff\">diff: {} (old) against {} (new)</h2>",
            escape(&old_names.join(", ")),
            escape(&names.join(", "))
        );
        let (old_results, old_text) = verdicts(&a.against, &old);
        if !accepted || old_results.iter().any(Result::is_err) {
            o.push_str("<p>no diff: the kernel would refuse a filter</p>\n");
            pre(&mut o, &old_text);
        } else {
            let old_stack: Vec<VerifiedProgram> =
                old_results.into_iter().filter_map(Result::ok).collect();
            let mut d = diff::diff_named(&old_stack, &stack, false, &budget, None);
            let notes = super::diff::restrict(&mut d, &kernel, false);
            pre(
                &mut o,
                &super::diff::with_notes(diff::to_text(&d, false), &kernel, &notes),
            );
        }
    }
    o.push_str("</body></html>\n");
    write_out(Some(&a.output), o.as_bytes())?;
    if a.json {
        outln!(
            "{}",
            serde_json::json!({
                "output": a.output,
                "accepted": accepted,
                "files": names,
                "against": a.against.iter().map(|f| display(f)).collect::<Vec<_>>(),
                "lint": counts,
            })
        )?;
    }
    Ok(if accepted { 0 } else { 1 })
}
