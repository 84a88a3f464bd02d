//! Fuzz the filter generators this build has (seccompiler; libseccomp with
//! `--features libseccomp`): N random rule sets each, checked by secbpf against a direct
//! evaluation of the rules.
//!
//! ```sh
//! cargo run --release --example generators -- [N] [SEED]
//! cargo run --release --features libseccomp --example generators -- 100000
//! ```
//!
//! Prints one summary line per compiler and every finding (shrunk). Exit 1 on a finding.

use secbpf::genfuzz;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let compilers = genfuzz::compilers();
    if compilers.is_empty() {
        eprintln!("no compiler in this build: enable feature seccompiler or libseccomp");
        std::process::exit(2);
    }
    let mut any = false;
    for c in &compilers {
        let t = Instant::now();
        let stats = genfuzz::run_campaign(c.as_ref(), &c.semantics(), n, seed, 5);
        println!(
            "{:<20} rule sets {:>7}, inputs {:>9}, with a finding {:>5} \
             (mismatch {}, refused {}, compile error or hang {}), {:.1}s",
            c.name(),
            stats.rule_sets,
            stats.inputs,
            stats.failed,
            stats.mismatches,
            stats.refused,
            stats.compile_errors,
            t.elapsed().as_secs_f64()
        );
        // Print the first (shrunk) findings, each distinct one once.
        let mut shown: Vec<String> = Vec::new();
        for f in &stats.findings {
            let text = f.to_string();
            if !shown.contains(&text) {
                println!("{text}");
                shown.push(text);
            }
        }
        any |= !stats.findings.is_empty();
    }
    if any {
        std::process::exit(1);
    }
}
