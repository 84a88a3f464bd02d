//! Helpers shared by the integration tests (`mod common;`).

use secbpf::{Endian, Insn};
use std::path::Path;

/// The real filters of corpus/ (raw, little-endian, as captured on x86_64).
pub fn corpus() -> Vec<(String, Vec<Insn>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "bpf") {
            let bytes = std::fs::read(&p).unwrap();
            let prog = secbpf::codec::decode_raw(&bytes, Endian::Little).unwrap();
            out.push((p.display().to_string(), prog));
        }
    }
    assert!(out.len() >= 10, "expected the corpus filters in {dir:?}");
    out.sort();
    out
}
