//! The documentation is a test: every command example in README.md and docs/*.md is run
//! and its output compared with the transcript shown.
//!
//! An example is a line `$ COMMAND` inside a ```` ```text ```` block; the lines after it, up
//! to the next `$ ` line or the end of the block, are its expected output (standard output
//! and standard error together, as a terminal shows them). The command runs with `sh -c`
//! in the repository root, with the freshly built `secbpf` first on PATH, `NO_COLOR=1`,
//! and empty standard input. In expected output, `[...]` stands for any text within a
//! line, and a line that is only `[...]` for any number of lines.
//!
//! A block preceded by a line `<!-- not run: REASON -->` is shown, not run (for examples
//! that need a long time, a live process id, or that print figures that vary by run).
//!
//! `BLESS=1 cargo test --test docs` rewrites the shown output of every example that has
//! no `[...]` with what the command printed; review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One example: where it is, the command, the expected lines.
struct Example {
    file: String,
    line: usize,
    command: String,
    expected: Vec<String>,
}

fn examples(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path).unwrap();
    let file = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut run_block = false;
    let mut skip_next = false;
    let mut current: Option<Example> = None;
    for (i, line) in text.lines().enumerate() {
        if !in_block {
            if line.trim_start().starts_with("<!-- not run:") {
                skip_next = true;
            } else if line.trim_start().starts_with("```") {
                in_block = true;
                run_block = line.trim() == "```text" && !skip_next;
                skip_next = false;
            }
            continue;
        }
        if line.trim_start().starts_with("```") {
            in_block = false;
            out.extend(current.take());
            continue;
        }
        if !run_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some(Example {
                file: file.clone(),
                line: i + 1,
                command: cmd.to_string(),
                expected: Vec::new(),
            });
        } else if let Some(ex) = current.as_mut() {
            ex.expected.push(line.to_string());
        }
    }
    out
}

/// Does `got` match the pattern line `want` (`[...]` matches any text)?
fn line_matches(want: &str, got: &str) -> bool {
    let parts: Vec<&str> = want.split("[...]").collect();
    if parts.len() == 1 {
        return want == got;
    }
    let mut rest = got;
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(p) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(p);
        } else {
            match rest.find(p) {
                Some(at) => rest = &rest[at + p.len()..],
                None => return false,
            }
        }
    }
    true
}

fn lines_match(want: &[String], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((w, rest)) if w == "[...]" => (0..=got.len()).any(|k| lines_match(rest, &got[k..])),
        Some((w, rest)) => {
            !got.is_empty() && line_matches(w, got[0]) && lines_match(rest, &got[1..])
        }
    }
}

#[test]
fn documented_commands_print_what_the_documentation_shows() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_secbpf"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut docs = vec![root().join("README.md")];
    // `cargo package` leaves fuzz/ (a crate of its own) out of the package, which holds
    // Cargo.toml.orig; in a checkout fuzz/README.md must be there.
    let fuzz = root().join("fuzz/README.md");
    if fuzz.exists() || !root().join("Cargo.toml.orig").exists() {
        docs.push(fuzz);
    }
    let mut more: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    more.sort();
    docs.extend(more);
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let mut ran = 0;
    for doc in &docs {
        let mut lines: Vec<String> = std::fs::read_to_string(doc)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        // (first expected line index, count, replacement), applied from the end.
        let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for ex in examples(doc) {
            let out = Command::new("timeout")
                .args(["120", "sh", "-c", &format!("exec 2>&1\n{}", ex.command)])
                .current_dir(root())
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                // The examples show the default kernel profile as 6.18's, whatever
                // kernel runs the tests.
                .env("SECBPF_KERNEL_VERSION", "6.18")
                .stdin(Stdio::null())
                .output()
                .unwrap();
            ran += 1;
            let text = String::from_utf8_lossy(&out.stdout);
            let got: Vec<&str> = text.lines().collect();
            if !lines_match(&ex.expected, &got) {
                if bless && !ex.expected.iter().any(|l| l.contains("[...]")) {
                    edits.push((
                        ex.line,
                        ex.expected.len(),
                        got.iter().map(|l| l.to_string()).collect(),
                    ));
                    continue;
                }
                failures.push(format!(
                    "{}:{}: $ {}\n--- shown\n{}\n--- printed\n{}",
                    ex.file,
                    ex.line,
                    ex.command,
                    ex.expected.join("\n"),
                    text.trim_end()
                ));
            }
        }
        if !edits.is_empty() {
            for (at, n, new) in edits.into_iter().rev() {
                lines.splice(at..at + n, new);
            }
            std::fs::write(doc, lines.join("\n") + "\n").unwrap();
        }
    }
    assert!(ran > 10, "only {ran} documented commands found");
    assert!(
        failures.is_empty(),
        "{} of {ran} documented commands print something else:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_matcher_can_fail() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(lines_match(&s(&["a [...] c"]), &["a b c"]));
    assert!(!lines_match(&s(&["a [...] c"]), &["a b d"]));
    assert!(lines_match(&s(&["x", "[...]", "z"]), &["x", "1", "2", "z"]));
    assert!(!lines_match(&s(&["x", "z"]), &["x", "1", "z"]));
    assert!(!lines_match(&s(&["x"]), &["x", "extra"]));
}
