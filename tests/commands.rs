//! Commands under hostile conditions (issue 14): failing standard output, signals,
//! children that must not outlive secbpf, filters that deny what secbpf needs.
//!
//! Every test runs the `secbpf` binary as a subprocess; filters are installed only by
//! those subprocesses (`secbpf exec`), never by the test process.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn secbpf() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secbpf"));
    c.current_dir(root()).stdin(Stdio::null());
    c
}

/// Commands that print to standard output, with arguments that make them print.
fn printing_commands() -> Vec<Vec<&'static str>> {
    let f = "corpus/libseccomp-small.bpf";
    let mut v = vec![
        vec!["check", f],
        vec!["check", f, "--json"],
        vec!["lint", f],
        vec!["disasm", f],
        vec!["disasm", f, "--format", "c"],
        vec!["explain", f],
        vec!["diff", f, f],
        vec!["cover", f, "--inputs", "tests/cli/cases.jsonl"],
        vec!["graph", f],
        vec!["run", f, "--syscall", "openat"],
        vec!["run", f, "--syscall", "openat", "--trace"],
        vec!["run", f, "--inputs", "tests/cli/cases.jsonl", "--json"],
        vec!["test", "tests/cli/libseccomp-small.toml"],
        vec!["test", "tests/cli/libseccomp-small.toml", "--json"],
        vec!["bench", f, "--iters", "10"],
        vec!["asm", "tests/cli/small.s", "-o", "-"],
    ];
    if secbpf::kernel::available().is_ok() {
        v.push(vec!["oracle", "accept", f]);
        v.push(vec![
            "oracle",
            "run",
            f,
            "--inputs",
            "tests/cli/cases.jsonl",
        ]);
    }
    v
}

/// Item 8: standard output on a full device is exit 2 with a message naming
/// `<stdout>`, never a panic (exit 101).
#[test]
fn full_stdout_is_an_error_not_a_panic() {
    let mut bad = Vec::new();
    for args in printing_commands() {
        let out = secbpf()
            .args(&args)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(2)
            || !err.contains("<stdout>: cannot write: no space left on device (ENOSPC)")
            || err.contains("panicked")
        {
            bad.push(format!("{args:?}: {:?}, stderr {err:?}", out.status));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Item 8: a reader that has gone away (closed pipe, EPIPE) ends the command quietly
/// with exit 2: no panic, no message.
#[test]
fn closed_pipe_exits_quietly() {
    let mut bad = Vec::new();
    for args in printing_commands() {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = secbpf()
            .args(&args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        if out.status.code() != Some(2) || !out.stderr.is_empty() {
            bad.push(format!(
                "{args:?}: {:?}, stderr {:?}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[allow(dead_code)]
fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}
