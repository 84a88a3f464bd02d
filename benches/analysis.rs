//! The analyses on 4,096-instruction filters of the shapes that grew fastest with size
//! (issue 12 goal 2; `benches/analysis-growth.sh` measures every shape and command as a
//! process, with its peak memory, and docs/performance.md has the table):
//!
//! * `analysis/explain_args_4096`: `explain` on libseccomp-style argument blocks that
//!   fall through (it grew about N^2.3);
//! * `analysis/cover_args_4096`, `analysis/cover_jeq-chain_4096`: `cover` with one input;
//! * `analysis/diff_returns_4096`, `analysis/diff_args_4096`: `diff` against the copy with
//!   one rule changed (on many distinct returns it grew 25x from 1,000 to 4,000).
//!
//! Every run is exact (checked before measuring): a budget far above what they need.
//!
//! Run: `cargo bench --bench analysis`.

use criterion::{criterion_group, criterion_main, Criterion};
use secbpf::analysis::{cover, diff, explain};
use secbpf::seccomp::data::SeccompData;
use secbpf::synth::shapes;
use secbpf::{verify, Budget, VerifiedProgram};
use std::hint::black_box;
use std::time::Duration;

const LEN: usize = 4096;

fn prog(shape: &str, variant: bool) -> VerifiedProgram {
    let p = if variant {
        shapes::variant(shape, LEN)
    } else {
        shapes::shape(shape, LEN)
    };
    verify::check(&p.expect("a known shape")).expect("shapes are accepted")
}

fn budget() -> Budget {
    Budget::default()
        .time(Duration::from_secs(600))
        .memory(8 << 30)
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("analysis");
    g.sample_size(10).measurement_time(Duration::from_secs(5));

    let args = [prog("args", false)];
    assert!(!explain::explain_with(&args, None, &budget()).approximate);
    g.bench_function("explain_args_4096", |b| {
        b.iter(|| explain::explain_with(black_box(&args), None, &budget()))
    });

    let input = [SeccompData {
        nr: 1,
        arch: 0xc000_003e,
        ..SeccompData::default()
    }];
    for shape in ["args", "jeq-chain"] {
        let p = prog(shape, false);
        assert!(cover::cover_with(&p, &input, &budget()).1.is_none());
        g.bench_function(format!("cover_{shape}_4096"), |b| {
            b.iter(|| cover::cover_with(black_box(&p), &input, &budget()))
        });
    }

    for shape in ["returns", "args"] {
        let (a, v) = ([prog(shape, false)], [prog(shape, true)]);
        let d = diff::diff_with(&a, &v, false, &budget());
        assert!(!d.equivalent && d.budget_spent.is_none() && d.unresolved == 0);
        g.bench_function(format!("diff_{shape}_4096"), |b| {
            b.iter(|| diff::diff_with(black_box(&a), black_box(&v), false, &budget()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
