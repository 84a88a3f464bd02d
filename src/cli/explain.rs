//! `secbpf explain`: the exact partition of the input space, per arch and syscall.

use super::common::{arch_opt, CliError, ReadOpts};
use super::run::load_stack;
use secbpf::analysis::explain;

/// Explain what the filter (or stack, oldest first) does: for each arch it tells apart
/// and every other arch, each syscall with a non-default outcome, the actions it can get
/// and the exact argument condition of each, with a witness input per region (--json).
/// Exit 0, 1 if the kernel would refuse a filter, 2 for usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files (`-` for standard input), oldest first.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Explain one arch only: a name (x86_64, aarch64, ...) or an AUDIT_ARCH value.
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    /// Print JSON: {"arches": [{"arch", "syscalls": [...], "default": {...}}]}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    budget: super::budget_opts::BudgetOpts,
    #[command(flatten)]
    kernel: super::kernel_opt::KernelOpt,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let kernel = a.kernel.resolve()?;
    let budget = a.budget.budget()?;
    let stack = load_stack(&a.files, &a.read)?;
    let only = match &a.arch {
        Some(s) => Some(arch_opt(Some(s))?.0),
        None => None,
    };
    let ex = explain::explain_with(&stack, only, &budget);
    let out = if a.json {
        let notes = kernel.notes(explain::values(&ex));
        let mut v = explain::to_json(&ex);
        if let Some(o) = v.as_object_mut() {
            if let Some(mut k) = kernel.json(&notes) {
                let exempt: Vec<_> = kernel
                    .profile
                    .exempt_syscalls()
                    .iter()
                    .map(|(nr, name)| serde_json::json!({"nr": nr, "name": name}))
                    .collect();
                k["unfiltered_x86_64"] = serde_json::json!(exempt);
                o.insert("kernel".into(), k);
            }
        }
        v.to_string() + "\n"
    } else {
        super::style::paint(&text(&ex, &kernel), super::style::Kind::Explain).into_owned()
    };
    super::common::write_out(None, out.as_bytes())?;
    Ok(0)
}

/// The explanation as `explain` prints it for kernel profile `kernel` (also in `report`):
/// the profile named first when it is not the running kernel's, the native syscalls it
/// never filters, and notes on the values it reads differently (the values are the
/// filters' own).
pub fn text(ex: &explain::Explanation, kernel: &super::kernel_opt::Chosen) -> String {
    let mut text = explain::to_text_in(ex, &kernel.profile);
    if let Some(h) = kernel.header() {
        text = format!("{h}\n{text}");
    }
    for n in kernel.notes(explain::values(ex)) {
        text += &format!("note: {n}\n");
    }
    text
}
