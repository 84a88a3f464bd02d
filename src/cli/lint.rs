//! `secbpf lint`: findings about filters the kernel accepts but that may not do what
//! their authors meant.

use super::common::{arch_opt, display, outln, CliError, ReadOpts};
use super::run::load_stack;
use secbpf::analysis::lint::{self, Severity};

/// Lint each filter: findings with a severity (error, warning, info), the pc and why it
/// matters in kernel terms. Exit 0 when no finding left after `--allow` is an error, 1
/// otherwise (and for a filter the kernel would refuse), 2 for usage, I/O or parse
/// errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files (`-` for standard input); each is linted on its own.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Print one JSON object per file, one per line.
    #[arg(long)]
    json: bool,
    /// Accept a known finding so lint can gate CI: `RULE` accepts every finding of that
    /// rule, `dangerous-allowed:SYSCALL` one syscall of that grouped finding. Repeatable.
    /// Accepted findings are counted, not printed, and do not change the exit status.
    #[arg(long, value_name = "RULE[:SYSCALL]")]
    allow: Vec<String>,
    /// Accept the findings a TOML file lists in its `[lint]` table (`allow = ["RULE",
    /// "dangerous-allowed:SYSCALL"]`), such as the filter's `secbpf test` spec file.
    #[arg(long, value_name = "FILE")]
    allow_file: Option<String>,
    /// Arch whose byte order names the `seccomp_data` words (`args[0] (low word)`) where
    /// the filter does not check the arch itself (default: little-endian, as x86_64).
    #[arg(long, value_name = "ARCH")]
    arch: Option<String>,
    #[command(flatten)]
    read: ReadOpts,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let allows = a
        .allow
        .iter()
        .map(|x| lint::parse_allow(x).map_err(|e| CliError::usage(format!("--allow {x}: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut allows = allows;
    if let Some(path) = &a.allow_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("{path}: cannot read: {e}")))?;
        allows.extend(
            lint::parse_allow_file(&text).map_err(|e| CliError::usage(format!("{path}: {e}")))?,
        );
    }
    let names = match &a.arch {
        Some(_) => Some(arch_opt(a.arch.as_deref())?.0),
        None => None,
    };
    let mut errors = false;
    for f in &a.files {
        // A filter the kernel refuses (an empty file too) is exit 1, as in every command.
        let prog = load_stack(std::slice::from_ref(f), &a.read)?.remove(0);
        let (findings, accepted) = lint::accept(lint::lint_with_arch(&prog, names), &allows);
        errors |= findings.iter().any(|x| x.severity == Severity::Error);
        if a.json {
            outln!(
                "{}",
                serde_json::json!({"file": display(f), "findings": lint::to_json(&findings), "accepted": accepted})
            )?;
        } else {
            let count = |s: Severity| findings.iter().filter(|x| x.severity == s).count();
            for x in &findings {
                outln!("{}: {x}", display(f))?;
            }
            let plural = super::check::plural;
            let acc = if allows.is_empty() && a.allow_file.is_none() {
                String::new()
            } else {
                format!(", {accepted} accepted")
            };
            outln!(
                "{}: {}, {}, {} info{acc}",
                display(f),
                plural(count(Severity::Error), "error"),
                plural(count(Severity::Warning), "warning"),
                count(Severity::Info)
            )?;
        }
    }
    Ok(i32::from(errors))
}
