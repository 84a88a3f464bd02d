//! Replays the answers recorded from a live Linux 6.18.44 x86_64 kernel
//! (tests/data/vectors, copied from the project's shared vectors; see README there):
//! `check` must give the kernel's verdict and `run` the kernel's exact return value.

use secbpf::seccomp::data::SeccompData;
use secbpf::{verify, vm, Insn};
use serde_json::Value;

fn insns(v: &Value) -> Vec<Insn> {
    secbpf::codec::json::from_json(v).unwrap()
}

#[test]
fn check_agrees_with_kernel_on_recorded_verdicts() {
    let text = include_str!("data/vectors/kernel-accept.jsonl");
    let mut bad = Vec::new();
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        let prog = insns(&v["insns"]);
        let want = v["kernel"].as_str().unwrap();
        let got = match verify::check(&prog) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.errno_name().to_string(),
        };
        n += 1;
        if got != want {
            bad.push(format!(
                "program {i} ({} insns): kernel {want}, secbpf {got}",
                prog.len()
            ));
        }
    }
    assert_eq!(n, 2000);
    assert!(
        bad.is_empty(),
        "{} disagreements:\n{}",
        bad.len(),
        bad[..bad.len().min(10)].join("\n")
    );
}

#[test]
fn run_agrees_with_kernel_on_recorded_results() {
    let text = include_str!("data/vectors/kernel-run.jsonl");
    let mut bad = Vec::new();
    let mut cases = 0;
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        let prog = verify::check(&insns(&v["insns"]))
            .expect("recorded programs were accepted by the kernel");
        for c in v["cases"].as_array().unwrap() {
            let mut args = [0u64; 6];
            for (a, x) in args.iter_mut().zip(c["args"].as_array().unwrap()) {
                *a = x.as_u64().unwrap();
            }
            let data = SeccompData {
                nr: c["nr"].as_u64().unwrap() as u32,
                arch: c["arch"].as_u64().unwrap() as u32,
                instruction_pointer: c["ip"].as_u64().unwrap(),
                args,
            };
            let want = c["ret"].as_u64().unwrap() as u32;
            let got = vm::run(&prog, &data).ret.raw();
            cases += 1;
            if got != want {
                bad.push(format!(
                    "program {i} {data:?}: kernel {want:#x}, secbpf {got:#x}"
                ));
            }
        }
    }
    assert_eq!(cases, 308 * 16);
    assert!(
        bad.is_empty(),
        "{} disagreements:\n{}",
        bad.len(),
        bad[..bad.len().min(10)].join("\n")
    );
}

/// `check --programs` (issue 9 item 9): the whole recorded file in one call, one verdict
/// a line, each the kernel's.
#[test]
fn check_programs_gives_the_recorded_verdict_on_every_line() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/vectors/kernel-accept.jsonl"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(["check", "--json", "--programs", path])
        .output()
        .unwrap();
    // Some recorded programs are refused, so the exit status is 1.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want: Vec<Value> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g["line"], i as u64 + 1);
        let kernel = w["kernel"].as_str().unwrap();
        let ours = if g["accepted"] == true {
            "ok"
        } else {
            g["errno"].as_str().unwrap()
        };
        assert_eq!(ours, kernel, "line {}", i + 1);
    }
}
