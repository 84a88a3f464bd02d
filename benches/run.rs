//! Benchmarks on a real filter: `corpus/libseccomp-container.bpf` (a Docker-style
//! allowlist exported by libseccomp, 979 instructions; see corpus/MANIFEST.md).
//!
//! * `vm_run/*`: `secbpf::vm::run` per evaluation (throughput in evaluations) over a
//!   fixed, deterministic input set: `uniform` draws syscall numbers over 0..=450 with
//!   typical arguments, `hot` is a mix dominated by read/write/futex/epoll_wait/mmap,
//!   `outside` numbers no per-number table covers (512..65535, x32, random 32-bit, -1),
//!   `i386` the uniform numbers on the i386 arch (the mixes of
//!   benches/libpcap/gen_inputs.py). Each mix is measured on three filters (the container
//!   filter, an i386-only filter and sshd's pre-auth filter), with the evaluation plan
//!   (`plan/...`) and with the interpreter alone from pc 0 (`interp/...`,
//!   `vm::run_words_once`) in the same run: the reference the plan is measured against.
//! * `plan/build`: building the evaluation plan of the container filter (done once, on
//!   the first run).
//! * `verify/check`: `secbpf::verify::check` on the filter (throughput in
//!   instructions).
//!
//! Run: `cargo bench --bench run` (add `-- vm_run` to filter).  For the comparison
//! with libpcap's C `bpf_filter`, see benches/compare-libpcap.sh.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use secbpf::seccomp::data::SeccompData;
use secbpf::{Endian, Insn, VerifiedProgram};

const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
const INPUTS: usize = 4096;

fn load_insns(name: &str) -> Vec<Insn> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(bytes.len() % 8, 0, "{}: partial record", path.display());
    bytes
        .chunks_exact(8)
        .map(|c| Insn::from_bytes(c.try_into().unwrap(), Endian::Little))
        .collect()
}

/// SplitMix64: a fixed seed gives the same inputs on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Arguments shaped like real ones: small fds, user-space pointers, sizes, flags.
fn typical_args(rng: &mut Rng) -> [u64; 6] {
    let mut args = [0u64; 6];
    for a in &mut args {
        *a = match rng.below(6) {
            0 => rng.below(64),                                  // fd
            1 => 0x7ffc_0000_0000 + (rng.below(1 << 28) << 4),   // stack pointer
            2 => 0x5555_5555_0000 + (rng.below(1 << 20) << 3),   // heap pointer
            3 => 1 << rng.below(16),                             // size / flag bit
            4 => rng.pick(&[0, 0x11, 0x3d0f00, 0x8_0000, 0x80]), // flags
            _ => 0,
        };
    }
    args
}

fn input(rng: &mut Rng, nr: u32) -> SeccompData {
    SeccompData {
        nr,
        arch: AUDIT_ARCH_X86_64,
        instruction_pointer: 0x7f00_0000_0000 + rng.below(1 << 32),
        args: typical_args(rng),
    }
}

/// Syscall numbers drawn uniformly over 0..=450 (x86_64).
fn uniform_inputs() -> Vec<SeccompData> {
    let mut rng = Rng(0x5ecb_9f00_0000_0001);
    (0..INPUTS)
        .map(|_| {
            let nr = rng.below(451) as u32;
            input(&mut rng, nr)
        })
        .collect()
}

/// Numbers no per-number table covers.
fn outside_inputs() -> Vec<SeccompData> {
    let mut rng = Rng(0x5ecb_9f00_0000_0003);
    (0..INPUTS)
        .map(|_| {
            let nr = match rng.below(4) {
                0 => 512 + rng.below(65536 - 512) as u32,
                1 => 0x4000_0000 + rng.below(548) as u32,
                2 => rng.next() as u32,
                _ => u32::MAX,
            };
            input(&mut rng, nr)
        })
        .collect()
}

/// The uniform numbers on the i386 arch.
fn i386_inputs() -> Vec<SeccompData> {
    let mut rng = Rng(0x5ecb_9f00_0000_0004);
    (0..INPUTS)
        .map(|_| {
            let nr = rng.below(451) as u32;
            let mut d = input(&mut rng, nr);
            d.arch = 0x4000_0003;
            d.instruction_pointer &= 0xffff_ffff;
            for a in &mut d.args {
                *a &= 0xffff_ffff;
            }
            d
        })
        .collect()
}

/// A busy server's mix: read 0, write 1, futex 202, epoll_wait 232, mmap 9 make
/// 80%; the rest is other common calls.
fn hot_inputs() -> Vec<SeccompData> {
    const HOT: [u32; 5] = [0, 1, 202, 232, 9];
    const WARM: [u32; 12] = [3, 5, 7, 8, 11, 13, 14, 44, 45, 228, 257, 262];
    let mut rng = Rng(0x5ecb_9f00_0000_0002);
    (0..INPUTS)
        .map(|_| {
            let nr = if rng.below(10) < 8 {
                rng.pick(&HOT)
            } else {
                rng.pick(&WARM)
            };
            input(&mut rng, nr)
        })
        .collect()
}

fn bench_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("vm_run");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    let mixes = [
        ("uniform", uniform_inputs()),
        ("hot", hot_inputs()),
        ("outside", outside_inputs()),
        ("i386", i386_inputs()),
    ];
    for file in [
        "libseccomp-container.bpf",
        "firejail-1.bpf",
        "sshd-preauth.bpf",
    ] {
        let prog: VerifiedProgram =
            secbpf::verify::check(&load_insns(file)).expect("the kernel accepts this filter");
        let short = file.trim_end_matches(".bpf");
        for (mix, inputs) in &mixes {
            let words: Vec<_> = inputs.iter().map(SeccompData::words).collect();
            let executed: usize = inputs
                .iter()
                .map(|d| secbpf::vm::run(&prog, d).insns_executed)
                .sum();
            eprintln!(
                "vm_run/{short}/{mix}: {} inputs, {:.1} instructions executed per evaluation",
                inputs.len(),
                executed as f64 / inputs.len() as f64
            );
            group.throughput(Throughput::Elements(inputs.len() as u64));
            group.bench_function(format!("plan/{short}/{mix}"), |b| {
                b.iter(|| {
                    let mut acc = 0u32;
                    for w in black_box(&words) {
                        acc = acc.wrapping_add(secbpf::vm::run_words(&prog, w).ret.raw());
                    }
                    acc
                })
            });
            group.bench_function(format!("interp/{short}/{mix}"), |b| {
                b.iter(|| {
                    let mut acc = 0u32;
                    for w in black_box(&words) {
                        acc = acc.wrapping_add(secbpf::vm::run_words_once(&prog, w).ret.raw());
                    }
                    acc
                })
            });
        }
    }
    group.finish();
}

fn bench_plan(c: &mut Criterion) {
    let insns = load_insns("libseccomp-container.bpf");
    let mut group = c.benchmark_group("plan");
    group.throughput(Throughput::Elements(insns.len() as u64));
    group.bench_function("build", |b| {
        b.iter(|| {
            let v = secbpf::verify::check(black_box(&insns)).expect("accepted");
            v.prepare();
            v.prepared_size_bytes()
        })
    });
    group.finish();
}

fn bench_check(c: &mut Criterion) {
    let insns = load_insns("libseccomp-container.bpf");
    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Elements(insns.len() as u64));
    group.bench_function("check", |b| {
        b.iter(|| secbpf::verify::check(black_box(&insns)).is_ok())
    });
    group.finish();
}

criterion_group!(benches, bench_run, bench_plan, bench_check);
criterion_main!(benches);
