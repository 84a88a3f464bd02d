//! Replays corpus/kernel-regressions/: every recorded kernel answer must be secbpf's
//! answer too. No kernel needed.
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

use std::path::Path;

#[test]
fn every_recorded_kernel_answer_is_secbpfs_answer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kernel-regressions");
    let mut n = 0;
    let mut bad = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let rep: serde_json::Value = serde_json::from_str(&text).unwrap();
        n += 1;
        if let Err(e) = secbpf::kernel::campaign::replay(&rep) {
            bad.push(format!("{}: {e}", f.display()));
        }
    }
    assert!(n >= 9, "expected the recorded quirk files, found {n}");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// A replay detects a wrong answer: the same reproducer with another kernel value fails.
#[test]
fn replay_rejects_a_wrong_recorded_answer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kernel-regressions");
    let text = std::fs::read_to_string(dir.join("lsh-x-33.json")).unwrap();
    let mut rep: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(secbpf::kernel::campaign::replay(&rep).is_ok());
    rep["difference"]["kernel"] = serde_json::json!(0);
    assert!(secbpf::kernel::campaign::replay(&rep).is_err());
    let text = std::fs::read_to_string(dir.join("lsh-k-32.json")).unwrap();
    let mut rep: serde_json::Value = serde_json::from_str(&text).unwrap();
    rep["difference"]["kernel"] = serde_json::Value::Null;
    assert!(secbpf::kernel::campaign::replay(&rep).is_err());
}
