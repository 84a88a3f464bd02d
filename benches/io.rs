//! Reading input sets (`run --inputs`, issue 12 goal 3), against evaluating the same
//! cases, on `corpus/docker-x86_64.bpf` and a realistic mix (hot syscalls with realistic
//! arguments, 5% i386):
//!
//! * `io/eval`: `eval_stack_words` alone over the cases' words (the reference);
//! * `io/raw_words`: `InputReader::next_raw_words` over the cases as raw records;
//! * `io/raw_cases`: the same records through the iterator (one `Case` each);
//! * `io/json_lines`: the same cases as JSON Lines through the iterator (the fast
//!   reader; anything unusual would go through serde_json);
//!
//! all with throughput in cases. Run: `cargo bench --bench io`. End to end (a process,
//! files, output) is benches/io.sh.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use secbpf::seccomp::data::SeccompData;
use secbpf::seccomp::input::{InputFormat, InputReader};
use secbpf::seccomp::stack::eval_stack_words;
use secbpf::{Endian, Insn};

const CASES: usize = 4096;

fn cases() -> Vec<SeccompData> {
    // SplitMix64, fixed seed: the same cases on every run.
    let mut s = 12u64;
    let mut next = move || {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let hot = [
        0, 1, 202, 232, 9, 257, 3, 5, 7, 17, 18, 44, 45, 47, 228, 230, 281, 291, 16, 72,
    ];
    (0..CASES)
        .map(|_| {
            let arch = if next() % 20 == 0 {
                0x4000_0003
            } else {
                0xc000_003e
            };
            let nr = if next() % 10 == 0 {
                (next() % 460) as u32
            } else {
                hot[(next() % hot.len() as u64) as usize]
            };
            let mut d = SeccompData::new(arch, nr);
            for a in &mut d.args {
                let r = next();
                *a = [0, 1, 2, 3, 0x80000, 0x1000, r >> 17][(r % 7) as usize];
            }
            d.instruction_pointer = 0x7f00_0000_1000 + next() % (1 << 20);
            d
        })
        .collect()
}

fn io(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/docker-x86_64.bpf");
    let bytes = std::fs::read(path).expect("corpus filter");
    let insns: Vec<Insn> = bytes
        .chunks_exact(8)
        .map(|c| Insn::from_bytes(c.try_into().unwrap(), Endian::Little))
        .collect();
    let stack = [secbpf::verify::check(&insns).expect("accepted")];
    let cases = cases();
    let words: Vec<_> = cases.iter().map(SeccompData::words).collect();
    let raw: Vec<u8> = cases
        .iter()
        .flat_map(|d| d.to_bytes(Endian::native()))
        .collect();
    let json: Vec<u8> = cases
        .iter()
        .flat_map(|d| {
            let a = d.args;
            format!(
                "{{\"arch\":{},\"nr\":{},\"ip\":{},\"args\":[{},{},{},{},{},{}]}}\n",
                d.arch, d.nr, d.instruction_pointer, a[0], a[1], a[2], a[3], a[4], a[5]
            )
            .into_bytes()
        })
        .collect();
    let reader = |bytes: &'static [u8], f| {
        InputReader::new(bytes, Some(bytes.len() as u64), f, Endian::native()).unwrap()
    };
    let raw: &'static [u8] = raw.leak();
    let json: &'static [u8] = json.leak();

    let mut g = c.benchmark_group("io");
    g.throughput(Throughput::Elements(CASES as u64));
    g.bench_function("eval", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for w in &words {
                acc = acc.wrapping_add(eval_stack_words(&stack, black_box(w)).raw());
            }
            acc
        })
    });
    g.bench_function("raw_words", |b| {
        let mut batch = Vec::with_capacity(CASES);
        b.iter(|| {
            let mut r = reader(raw, InputFormat::Raw);
            let mut n = 0;
            loop {
                r.next_raw_words(&mut batch, 4096).unwrap();
                if batch.is_empty() {
                    break n;
                }
                n += black_box(&batch).len();
            }
        })
    });
    g.bench_function("raw_cases", |b| {
        b.iter(|| {
            reader(raw, InputFormat::Raw)
                .map(|c| black_box(c.unwrap()).data.nr)
                .fold(0u32, u32::wrapping_add)
        })
    });
    g.bench_function("json_lines", |b| {
        b.iter(|| {
            reader(json, InputFormat::Json)
                .map(|c| black_box(c.unwrap()).data.nr)
                .fold(0u32, u32::wrapping_add)
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = io
}
criterion_main!(benches);
