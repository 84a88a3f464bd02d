//! Replays tests/fuzz-regressions/<target>/ through the matching `secbpf::fuzzing::<target>`
//! function, and runs each function on a few hundred deterministic pseudo-random inputs
//! (some of them structured, so that programs are accepted, run and decoded and the
//! test cannot pass vacuously).
//!
//! The kernel target runs only when `secbpf::kernel::available()` is Ok; otherwise it
//! skips, unless SECBPF_REQUIRE_KERNEL=1, under which it fails.

use secbpf::codec::{self, EncodeOptions, Format};
use secbpf::fuzzing;
use secbpf::synth::{self, GenConfig};
use secbpf::verify;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The files of tests/fuzz-regressions/<target>/, sorted by name.
fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // They used to live in fuzz/regressions/, which `cargo package` leaves out (fuzz/ is
    // a crate of its own); a file added there would silently never be replayed.
    assert!(
        !root.join("fuzz/regressions").exists(),
        "fuzz/regressions/ exists: move its files to tests/fuzz-regressions/"
    );
    let dir = root.join("tests/fuzz-regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

/// Run `f` on every input; fail listing every input that panicked.
fn replay(what: &str, f: fn(&[u8]), inputs: &[(String, Vec<u8>)]) {
    let mut bad = Vec::new();
    for (name, data) in inputs {
        if let Err(e) = panic::catch_unwind(AssertUnwindSafe(|| f(data))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            bad.push(format!("{name}: {msg}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{what}: {} of {} inputs failed:\n{}",
        bad.len(),
        inputs.len(),
        bad.join("\n")
    );
}

fn replay_dir(target: &str, f: fn(&[u8])) {
    let files: Vec<(String, Vec<u8>)> = regressions(target)
        .into_iter()
        .map(|(p, b)| (p.display().to_string(), b))
        .collect();
    assert!(
        files.len() >= 3,
        "tests/fuzz-regressions/{target}/ holds only {} files",
        files.len()
    );
    replay(target, f, &files);
}

/// SplitMix64, for deterministic pseudo-random inputs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// `count` inputs: random bytes of random length, and (every other input) a program
/// from the structured generator followed by random bytes, in `split_program` layout.
fn program_inputs(seed: u64, count: usize) -> Vec<(String, Vec<u8>)> {
    let mut r = Rng::new(seed);
    let cfg = GenConfig::new(1, vec![0x1000]);
    (0..count)
        .map(|i| {
            let data = if i % 2 == 0 {
                let len = r.below(600);
                r.bytes(len)
            } else {
                let case = synth::case_from_seed(seed, i as u64, &cfg);
                let n = r.below(80);
                let tail = r.bytes(n);
                fuzzing::program_input(&case.filters[0], &tail)
            };
            (format!("{seed:#x}/{i}"), data)
        })
        .collect()
}

/// How many inputs hold a program the checker accepts.
fn accepted(inputs: &[(String, Vec<u8>)]) -> usize {
    inputs
        .iter()
        .filter(|(_, d)| verify::check(&fuzzing::split_program(d).0).is_ok())
        .count()
}

#[test]
fn check_regressions() {
    replay_dir("check", fuzzing::check);
}

#[test]
fn check_pseudo_random() {
    let inputs = program_inputs(0xc4ec, 400);
    assert!(accepted(&inputs) >= 50, "too few accepted programs");
    replay("check", fuzzing::check, &inputs);
}

#[test]
fn run_regressions() {
    replay_dir("run", fuzzing::run);
}

#[test]
fn run_pseudo_random() {
    let inputs = program_inputs(0x5e11, 400);
    assert!(accepted(&inputs) >= 50, "too few accepted programs");
    replay("run", fuzzing::run, &inputs);
}

#[test]
fn formats_regressions() {
    replay_dir("formats", fuzzing::formats);
}

#[test]
fn formats_pseudo_random() {
    let mut r = Rng::new(0xf0f0);
    let cfg = GenConfig::new(1, vec![0x1000]);
    let mut decoded = 0;
    let inputs: Vec<(String, Vec<u8>)> = (0..300)
        .map(|i| {
            let data = match i % 3 {
                0 => {
                    let len = r.below(400);
                    r.bytes(len)
                }
                _ => {
                    // a generated program in some format, sometimes with one byte changed
                    let case = synth::case_from_seed(0xf0f0, i, &cfg);
                    let f = Format::ALL[r.below(Format::ALL.len())];
                    let mut b = codec::encode(&case.filters[0], f, &EncodeOptions::default());
                    if i % 3 == 2 && !b.is_empty() {
                        let at = r.below(b.len());
                        b[at] = b" ,;:#[]x0123456789abcdef\n"[r.below(25)];
                    }
                    b
                }
            };
            if !data.is_empty() && codec::decode(&data, None, &Default::default()).is_ok() {
                decoded += 1;
            }
            (format!("formats/{i}"), data)
        })
        .collect();
    assert!(decoded >= 100, "only {decoded} inputs decode");
    replay("formats", fuzzing::formats, &inputs);
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod kernel {
    use super::*;

    /// True if the kernel can be asked; otherwise skip (or fail under
    /// SECBPF_REQUIRE_KERNEL=1).
    fn kernel_here() -> bool {
        secbpf::kernel::available_for_tests()
    }

    #[test]
    fn kernel_regressions() {
        if kernel_here() {
            replay_dir("kernel", fuzzing::kernel);
        }
    }

    #[test]
    fn kernel_pseudo_random() {
        if !kernel_here() {
            return;
        }
        let mut r = Rng::new(0x6e6e);
        let inputs: Vec<(String, Vec<u8>)> = (0..200)
            .map(|i| {
                let len = 64 + r.below(4096);
                (format!("kernel/{i}"), r.bytes(len))
            })
            .collect();
        // The kernel is really asked: the same cases compare without error and
        // exact results are compared (fuzzing::kernel ignores an unavailable kernel).
        use secbpf::kernel::campaign::{self, Counts, IPS};
        let cfg = GenConfig::new(4, IPS.to_vec());
        let mut counts = Counts::default();
        for (name, data) in inputs.iter().take(20) {
            let mut u = arbitrary::Unstructured::new(data);
            let case = synth::case(&mut u, &cfg).unwrap();
            let r = campaign::compare(&case, &mut counts);
            assert!(r.is_ok(), "{name}: the kernel cannot be asked: {r:?}");
        }
        assert!(counts.inputs > 0, "no exact result was compared");
        replay("kernel", fuzzing::kernel, &inputs);
    }
}

/// `count` inputs of two generated programs one after the other (each followed by a few
/// random bytes for the second's tail), and random bytes every fourth input.
fn pair_inputs(seed: u64, count: usize) -> Vec<(String, Vec<u8>)> {
    let mut r = Rng::new(seed);
    let cfg = GenConfig::new(1, vec![0x1000]);
    (0..count)
        .map(|i| {
            let data = if i % 4 == 0 {
                let len = r.below(600);
                r.bytes(len)
            } else {
                let a = synth::case_from_seed(seed, 2 * i as u64, &cfg);
                let b = synth::case_from_seed(seed, 2 * i as u64 + 1, &cfg);
                let n = r.below(200);
                let tail = r.bytes(n);
                // Odd first byte after A: explain reads a stack of A and B.
                let mut mid = vec![(i % 3) as u8];
                mid.extend(fuzzing::program_input(&b.filters[0], &tail));
                fuzzing::program_input(&a.filters[0], &mid)
            };
            (format!("{seed:#x}/{i}"), data)
        })
        .collect()
}

#[test]
fn analysis_regressions() {
    replay_dir("explain", fuzzing::explain);
    replay_dir("diff", fuzzing::diff);
    replay_dir("cover", fuzzing::cover);
    replay_dir("lint", fuzzing::lint);
}

#[test]
fn analysis_pseudo_random() {
    let inputs = pair_inputs(0xa7a1, 240);
    assert!(accepted(&inputs) >= 50, "too few accepted programs");
    replay("explain", fuzzing::explain, &inputs);
    replay("cover", fuzzing::cover, &inputs);
    replay("lint", fuzzing::lint, &inputs);
    // For diff the first byte after A is the second program's count: drop it.
    let pairs: Vec<(String, Vec<u8>)> = inputs
        .iter()
        .map(|(n, d)| {
            let (a, rest) = fuzzing::split_program(d);
            let rest = rest.get(1..).unwrap_or_default();
            (n.clone(), fuzzing::program_input(&a, rest))
        })
        .collect();
    let both = pairs
        .iter()
        .filter(|(_, d)| {
            let (a, rest) = fuzzing::split_program(d);
            verify::check(&a).is_ok() && verify::check(&fuzzing::split_program(rest).0).is_ok()
        })
        .count();
    assert!(both >= 60, "too few pairs of accepted programs: {both}");
    replay("diff", fuzzing::diff, &pairs);
}
