//! `secbpf report`: one self-contained HTML file with check, lint, explain, the graph
//! and the diff, each as the command of that name prints it.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn secbpf(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn out_path(name: &str) -> PathBuf {
    let dir = root().join("target").join("report-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn a_report_holds_each_command_s_answer_and_fetches_nothing() {
    let out = out_path("docker.html");
    let o = secbpf(&[
        "report",
        "corpus/docker-x86_64.bpf",
        "-o",
        out.to_str().unwrap(),
        "--against",
        "corpus/podman-x86_64.bpf",
        "--budget-time",
        "120",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    // (A budget no loaded machine runs out of: the texts compared are exact.)
    let explain = secbpf(&[
        "explain",
        "corpus/docker-x86_64.bpf",
        "--budget-time",
        "120",
    ]);
    assert!(html.contains(&escape(&String::from_utf8_lossy(&explain.stdout))));
    let diff = secbpf(&[
        "diff",
        "corpus/podman-x86_64.bpf",
        "corpus/docker-x86_64.bpf",
    ]);
    assert!(html.contains(&escape(&String::from_utf8_lossy(&diff.stdout))));
    let lint = secbpf(&["lint", "corpus/docker-x86_64.bpf"]);
    let lint = String::from_utf8_lossy(&lint.stdout);
    // Every finding (the file name first, then the finding) is listed.
    let findings: Vec<&str> = lint
        .lines()
        .filter_map(|l| l.strip_prefix("corpus/docker-x86_64.bpf: "))
        .filter(|l| l.starts_with("error") || l.starts_with("warning") || l.starts_with("info"))
        .collect();
    assert!(!findings.is_empty());
    for f in findings {
        assert!(html.contains(&escape(f)), "{f}");
    }
    assert!(html.contains("the kernel would accept"));
    assert!(html.contains("<svg") && html.contains("data-pcs=\"0 1\""));
    // Self-contained: no script, nothing loaded from anywhere.
    for bad in ["<script", "src=", "<link", "@import", "url(http"] {
        assert!(!html.contains(bad), "{bad}");
    }
}

#[test]
fn a_refused_filter_is_reported_with_its_diagnostic_and_exit_1() {
    let src = out_path("bad.s");
    std::fs::write(&src, "ld [0]\nret #0\nld [4]\n").unwrap();
    let out = out_path("bad.html");
    let o = secbpf(&["report", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let html = std::fs::read_to_string(&out).unwrap();
    let check = secbpf(&["check", src.to_str().unwrap()]);
    assert!(html.contains(&escape(&String::from_utf8_lossy(&check.stdout))));
    assert!(html.contains("the kernel would refuse"));
}

#[test]
fn json_summarises_the_report_written() {
    let out = out_path("small.html");
    let o = secbpf(&[
        "report",
        "tests/cli/lint-bad.s",
        "--json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["accepted"], true);
    assert_eq!(v["files"], serde_json::json!(["tests/cli/lint-bad.s"]));
    // The counts are lint's own.
    let lint = secbpf(&["lint", "tests/cli/lint-bad.s"]);
    let last = String::from_utf8_lossy(&lint.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string();
    let want = format!(
        "tests/cli/lint-bad.s: {} errors, {} warnings, {} info",
        v["lint"]["error"], v["lint"]["warning"], v["lint"]["info"]
    );
    assert_eq!(last, want);
    assert!(out.is_file());
    // A summary and the report cannot share standard output.
    let o = secbpf(&["report", "tests/cli/small.s", "--json", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
}
