//! `secbpf test`: run a policy spec file's cases against its filter(s).

use super::common::{outln, CliError, ReadOpts};
use super::run::load_stack;
use secbpf::analysis::spec;
use std::path::Path;

/// Run the `[[case]]`s of a TOML spec against the filter (or stack) it names: one line
/// per failing case (ending with the `secbpf run` command that reproduces it), then
/// `N passed, M failed`. Exit 0 when all pass, 1 if any fails or the spec has no cases,
/// 2 for a bad spec or filter.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The spec file (TOML): `filter = "path"` or `filters = [..]`, then `[[case]]` tables.
    /// `-` reads it from standard input (its filter paths are then relative to the
    /// current directory, not to a spec file).
    #[arg(value_name = "SPEC.toml")]
    spec: String,
    /// Also write JUnit XML to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<String>,
    /// Print the results as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    kernel: super::kernel_opt::KernelOpt,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let kernel = a.kernel.resolve()?;
    let from_stdin = a.spec == "-";
    let name = if from_stdin {
        "<stdin>"
    } else {
        a.spec.as_str()
    };
    let text = if from_stdin {
        let bytes = super::common::read_bytes("-")?;
        String::from_utf8(bytes)
            .map_err(|_| CliError::usage("<stdin>: the spec is not UTF-8 text (TOML)"))?
    } else {
        std::fs::read_to_string(&a.spec)
            .map_err(|e| CliError::usage(format!("{}: cannot read: {e}", a.spec)))?
    };
    let sp = spec::parse_spec(&text).map_err(|e| CliError::usage(format!("{name}: {e}")))?;
    // Paths in a spec are relative to its file; a spec read from standard input has no
    // file, so its paths are relative to the current directory.
    let base = if from_stdin {
        Path::new("")
    } else {
        Path::new(&a.spec).parent().unwrap_or(Path::new(""))
    };
    let files: Vec<String> = sp
        .filters
        .iter()
        .map(|f| base.join(f).to_string_lossy().into_owned())
        .collect();
    if from_stdin && sp.filters.iter().any(|f| f == "-") {
        return Err(CliError::usage(
            "<stdin>: the spec is read from standard input, so its filter cannot be '-' too (save one of them to a file)",
        ));
    }
    for (written, resolved) in sp.filters.iter().zip(&files) {
        if written != "-" && !Path::new(resolved).exists() {
            let rel = if from_stdin {
                "paths in a spec read from standard input are relative to the current directory"
            } else {
                "filter paths are relative to the spec file's directory"
            };
            return Err(CliError::usage(format!(
                "{name}: filter '{written}' not found: no file at '{resolved}' ({rel})"
            )));
        }
    }
    // A spec that tests nothing must not pass.
    if sp.cases.is_empty() {
        return Err(CliError::with_code(
            1,
            format!(
                "{name}: no cases: add at least one [[case]] table (syscall or nr, and expect)"
            ),
        ));
    }
    let read = ReadOpts {
        format: None,
        endian: None,
        format_flag: "",
    };
    let stack = load_stack(&files, &read).map_err(|e| {
        if e.code == 1 {
            CliError::usage(format!("{name}: {e}"))
        } else {
            e
        }
    })?;
    let results = spec::run_spec_in(&sp, &stack, &kernel.profile);
    // The values the cases met, as this kernel reads them where that differs.
    let notes = kernel.notes(results.iter().map(|r| r.got));
    // Reproducing a case needs the same profile when it is not the running kernel's.
    let again = if kernel.is_running() {
        String::new()
    } else {
        format!(" --kernel-version {}", kernel.profile.version())
    };
    if a.json {
        let mut v = spec::json(&sp, &results);
        if let (Some(k), Some(o)) = (kernel.json(&notes), v.as_object_mut()) {
            o.insert("kernel".into(), k);
        }
        outln!("{v}")?;
    } else {
        if let Some(h) = kernel.header() {
            outln!("{h}")?;
        }
        for r in results.iter().filter(|r| !r.passed) {
            outln!("{}{again}", spec::failure_line(&sp, r, &files))?;
        }
        for n in &notes {
            outln!("note: {n}")?;
        }
        outln!("{}", spec::summary(&results))?;
    }
    if let Some(path) = &a.junit {
        let xml = spec::junit(name, &sp, &results, &files);
        super::common::write_out(Some(path), xml.as_bytes())?;
    }
    Ok(if results.iter().all(|r| r.passed) {
        0
    } else {
        1
    })
}
