//! `secbpf test` at scale: parsing and running a policy spec of 40,000 `[[case]]`s
//! (issue 14 item 7: it was quadratic, 46 s; each case's line number rescanned the text).
//!
//! * `spec/parse_40000`: `secbpf::analysis::spec::parse_spec` (throughput in cases).
//! * `spec/run_40000`: `run_spec` over corpus/libseccomp-small.bpf.
//!
//! Run: `cargo bench --bench spec`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use secbpf::analysis::spec;
use std::hint::black_box;
use std::time::Duration;

const CASES: usize = 40_000;

fn spec_text() -> String {
    let mut s = String::from("filter = \"libseccomp-small.bpf\"\n");
    for i in 0..CASES {
        s += &format!(
            "\n[[case]]\nname = \"case {i}\"\nnr = {}\nargs = [{i}, \"0x10\"]\nexpect = \"ALLOW\"\n",
            i % 450
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = spec_text();
    let mut g = c.benchmark_group("spec");
    g.throughput(Throughput::Elements(CASES as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("parse_40000", |b| {
        b.iter(|| spec::parse_spec(black_box(&text)).expect("spec parses"))
    });
    let sp = spec::parse_spec(&text).expect("spec parses");
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/libseccomp-small.bpf"
    ))
    .expect("corpus filter");
    let insns: Vec<secbpf::Insn> = bytes
        .chunks_exact(8)
        .map(|c| secbpf::Insn::from_bytes(c.try_into().unwrap(), secbpf::Endian::native()))
        .collect();
    let v = secbpf::verify::check(&insns).expect("corpus filter is accepted");
    g.bench_function("run_40000", |b| {
        b.iter(|| spec::run_spec(black_box(&sp), std::slice::from_ref(&v)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
