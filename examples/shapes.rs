//! Write a synthetic filter of a given shape and length (raw little-endian
//! `sock_filter` records) to stdout, for `benches/analysis-growth.sh`.
//!
//! ```sh
//! cargo run --release --example shapes -- SHAPE LEN [--variant] > f.bpf
//! ```
//!
//! SHAPE is one of jeq-chain, pairs, args, arch8, returns (see `secbpf::synth::shapes`);
//! `--variant` writes the copy that differs in one rule (for `diff`).

use secbpf::synth::shapes;
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || -> ! {
        eprintln!(
            "usage: shapes SHAPE LEN [--variant]  (SHAPE: {}; LEN: {}..=4096)",
            shapes::SHAPES.join(", "),
            shapes::MIN_LEN
        );
        std::process::exit(2)
    };
    let (Some(name), Some(len)) = (args.first(), args.get(1).and_then(|s| s.parse().ok())) else {
        usage()
    };
    let variant = match args.get(2).map(String::as_str) {
        None => false,
        Some("--variant") => true,
        Some(_) => usage(),
    };
    let prog = if variant {
        shapes::variant(name, len)
    } else {
        shapes::shape(name, len)
    };
    let Some(prog) = prog else { usage() };
    let bytes = secbpf::insn::encode(&prog, secbpf::Endian::Little);
    if let Err(e) = std::io::stdout().lock().write_all(&bytes) {
        eprintln!("shapes: cannot write: {e}");
        std::process::exit(2);
    }
}
