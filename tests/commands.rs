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

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Item 7: `secbpf test` with 40,000 cases (quadratic before: 46 s in release) runs
/// and reports every case; the last failing case names its own line.
#[test]
fn test_with_forty_thousand_cases() {
    let dir = tempdir("spec40k");
    std::fs::copy(
        root().join("corpus/libseccomp-small.bpf"),
        dir.join("f.bpf"),
    )
    .unwrap();
    let mut s = String::from("filter = \"f.bpf\"\n");
    for i in 0..40_000 {
        // The policy allows read (tests/cli/libseccomp-small.toml, from the generator's
        // source); the last case expects KILL_PROCESS and fails.
        let expect = if i == 39_999 { "KILL_PROCESS" } else { "ALLOW" };
        s += &format!("[[case]]\nsyscall = \"read\"\nexpect = \"{expect}\"\n");
    }
    std::fs::write(dir.join("spec.toml"), s).unwrap();
    let out = secbpf()
        .arg("test")
        .arg(dir.join("spec.toml"))
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let want = format!(
        "FAIL case 40000 (line {}): read (nr 0) arch x86_64: expected KILL_PROCESS, got ALLOW\n39999 passed, 1 failed\n",
        2 + 3 * 39_999
    );
    assert!(
        stdout == want,
        "expected {want:?}, got {} bytes: {:?}...",
        stdout.len(),
        &stdout[..stdout.len().min(300)]
    );
}

/// Item 11: JUnit XML stays well-formed (checked by Python's XML parser) whatever the
/// case names hold: C0 controls, escape sequences, markup, `]]>`, U+FFFE.
#[test]
fn junit_is_well_formed_with_nasty_names() {
    let dir = tempdir("junit");
    std::fs::copy(
        root().join("corpus/libseccomp-small.bpf"),
        dir.join("f.bpf"),
    )
    .unwrap();
    let names = [
        r#"nul-free \u0001 start of heading"#,
        r#"\u001b[31mred\u001b[0m"#,
        r#"tab\tnewline\ncr\r"#,
        r#"<b>&amp;</b> ]]> \"quoted\" 'single'"#,
        r#"\uFFFE\uFFFF non-characters"#,
        r#"\u007f delete and \u0085 next line"#,
    ];
    let mut s = String::from("filter = \"f.bpf\"\n");
    for (i, n) in names.iter().enumerate() {
        // Even cases pass, odd ones fail (so <failure> text is escaped too).
        let expect = if i % 2 == 0 { "ALLOW" } else { "KILL_PROCESS" };
        s += &format!("[[case]]\nname = \"{n}\"\nsyscall = \"read\"\nexpect = \"{expect}\"\n");
    }
    std::fs::write(dir.join("spec.toml"), s).unwrap();
    let xml = dir.join("junit.xml");
    let out = secbpf()
        .arg("test")
        .arg(dir.join("spec.toml"))
        .arg("--junit")
        .arg(&xml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out).1);
    let check = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, xml.dom.minidom as m\n\
             d = m.parse(sys.argv[1])\n\
             for t in d.getElementsByTagName('testcase'): print(repr(t.getAttribute('name')))\n\
             print(len(d.getElementsByTagName('failure')))",
        )
        .arg(&xml)
        .output()
        .expect("python3 runs");
    let (got, err) = text(&check);
    assert!(check.status.success(), "not well-formed: {err}");
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines.len(), names.len() + 1, "{got}");
    assert_eq!(lines[names.len()], "3");
    // Tab, LF and CR survive in the attribute; forbidden controls become `\u{N}`.
    assert!(lines[2].contains(r"tab\tnewline\ncr\r"), "{got}");
    assert!(lines[1].contains(r"\\u{1b}[31mred"), "{got}");
    assert!(lines[0].contains(r"\\u{1} start"), "{got}");
    assert!(lines[4].contains(r"\\u{fffe}\\u{ffff}"), "{got}");
}

/// A fresh scratch directory under target/ for one test.
fn tempdir(name: &str) -> std::path::PathBuf {
    let d = root()
        .join("target/tmp-commands")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
