//! `secbpf diff`: are two filters (or stacks) equivalent, and where do they differ.

use super::common::{CliError, ReadOpts};
use super::run::load_stack;
use secbpf::analysis::diff;

/// Compare filter A with filter B over every input: prints `equivalent` (exit 0) or every
/// region where the results differ, with an input on which they do and both results
/// (exit 1). For stacks, give the files of each side with --stack-a/--stack-b (oldest
/// first) instead of A and B. Exit 2 for usage, I/O or parse errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter A (the old one) and filter B (the new one).
    #[arg(value_name = "FILE", num_args = 0..=2)]
    files: Vec<String>,
    /// Side A as a stack of filters, oldest first.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "files")]
    stack_a: Vec<String>,
    /// Side B as a stack of filters, oldest first.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "files")]
    stack_b: Vec<String>,
    /// Report only inputs B treats more permissively than A (kernel action ordering).
    #[arg(long)]
    widened_only: bool,
    /// Print only the syscalls B treats more permissively than A, one line each
    /// (`x86_64 ptrace: ERRNO(1) -> ALLOW`), without witnesses; implies --widened-only.
    #[arg(long)]
    summary: bool,
    /// Only the changes for this arch (a name such as x86_64 or x32, or an AUDIT_ARCH
    /// number); syscalls are named for it even where the filters do not check the arch.
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    /// Print JSON: {"equivalent", "differences": [{"arch", "syscall", "condition",
    /// "witness", "a", "b"}], "regions"}.
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
    let (fa, fb) = match (
        a.files.as_slice(),
        a.stack_a.is_empty(),
        a.stack_b.is_empty(),
    ) {
        ([x, y], true, true) => (vec![x.clone()], vec![y.clone()]),
        ([], false, false) => (a.stack_a.clone(), a.stack_b.clone()),
        _ => {
            return Err(CliError::usage(
                "diff: give two files A B, or --stack-a FILE... and --stack-b FILE...",
            ))
        }
    };
    let arch = match &a.arch {
        Some(s) => match super::common::arch_opt(Some(s))? {
            (_, Some(x)) => Some(x),
            (v, None) => {
                return Err(CliError::usage(format!(
                    "diff --arch: no syscall table for arch {v:#x}; give a name such as x86_64"
                )))
            }
        },
        None => None,
    };
    let kernel = a.kernel.resolve()?;
    let widened_only = a.widened_only || a.summary;
    let budget = a.budget.budget()?;
    let sa = load_stack(&fa, &a.read)?;
    let sb = load_stack(&fb, &a.read)?;
    let mut d = diff::diff_named(&sa, &sb, widened_only, &budget, arch);
    let notes = restrict(&mut d, &kernel, widened_only);
    if let Some(x) = arch {
        d.changes.retain(|c| diff::in_arch(c, x));
    }
    let out = if a.json {
        let mut v = diff::to_json(&d);
        if let (Some(k), Some(o)) = (kernel.json(&notes), v.as_object_mut()) {
            o.insert("kernel".into(), k);
        }
        v.to_string() + "\n"
    } else {
        let text = diff::to_text_with(
            &d,
            &diff::TextOpts {
                widened_only,
                summary: a.summary,
                arch,
            },
        );
        let text = with_notes(text, &kernel, &notes);
        super::style::paint(&text, super::style::Kind::Diff).into_owned()
    };
    super::common::write_out(None, out.as_bytes())?;
    let differs = match arch {
        Some(_) => !d.changes.is_empty() || d.unresolved > 0,
        None => !d.equivalent,
    };
    Ok(i32::from(differs))
}

/// Drop what kernel profile `kernel` cannot see (`diff::restrict_to_kernel`) and return the
/// notes to print: how it reads the values left, and how many changes were dropped.
pub fn restrict(
    d: &mut diff::DiffResult,
    kernel: &super::kernel_opt::Chosen,
    widened_only: bool,
) -> Vec<String> {
    let dropped = diff::restrict_to_kernel(d, &kernel.profile, widened_only);
    let mut notes = kernel.notes(
        d.changes
            .iter()
            .flat_map(|c| [c.a, c.b])
            .map(secbpf::seccomp::RetValue),
    );
    if dropped > 0 {
        notes.push(format!(
            "{dropped} change(s) not shown: {} reads both values alike or never runs the filters for that syscall",
            kernel.profile
        ));
    }
    notes
}

/// `text` as `diff` prints it: the profile named first when it is not the running
/// kernel's, the notes last (also in `report`).
pub fn with_notes(text: String, kernel: &super::kernel_opt::Chosen, notes: &[String]) -> String {
    let mut text = text;
    if let Some(h) = kernel.header() {
        text = format!("{h}\n{text}");
    }
    for n in notes {
        text += &format!("note: {n}\n");
    }
    text
}
