//! `secbpf test`: run a policy spec file's cases against its filter(s).

use super::common::{outln, CliError, ReadOpts};
use super::run::load_stack;
use secbpf::analysis::spec;
use std::path::Path;

/// Run the `[[case]]`s of a TOML spec against the filter (or stack) it names: one line
/// per failing case, then `N passed, M failed`. Exit 0 when all pass, 1 if any fails,
/// 2 for a bad spec or filter.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The spec file (TOML): `filter = "path"` or `filters = [..]`, then `[[case]]` tables.
    #[arg(value_name = "SPEC.toml")]
    spec: String,
    /// Also write JUnit XML to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<String>,
    /// Print the results as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let text = std::fs::read_to_string(&a.spec)
        .map_err(|e| CliError::usage(format!("{}: cannot read: {e}", a.spec)))?;
    let sp = spec::parse_spec(&text).map_err(|e| CliError::usage(format!("{}: {e}", a.spec)))?;
    let base = Path::new(&a.spec).parent().unwrap_or(Path::new(""));
    let files: Vec<String> = sp
        .filters
        .iter()
        .map(|f| base.join(f).to_string_lossy().into_owned())
        .collect();
    let read = ReadOpts {
        format: None,
        endian: None,
        format_flag: "",
    };
    let stack = load_stack(&files, &read).map_err(|e| {
        if e.code == 1 {
            CliError::usage(format!("{}: {e}", a.spec))
        } else {
            e
        }
    })?;
    let results = spec::run_spec(&sp, &stack);
    if a.json {
        outln!("{}", spec::json(&sp, &results))?;
    } else {
        for r in results.iter().filter(|r| !r.passed) {
            outln!("{}", spec::failure_line(&sp, r))?;
        }
        outln!("{}", spec::summary(&results))?;
    }
    if let Some(path) = &a.junit {
        let xml = spec::junit(&a.spec, &sp, &results);
        super::common::write_out(Some(path), xml.as_bytes())?;
    }
    Ok(if results.iter().all(|r| r.passed) {
        0
    } else {
        1
    })
}
