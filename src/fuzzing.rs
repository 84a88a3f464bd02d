//! Property checks behind the cargo-fuzz targets in `fuzz/`, as library functions so
//! unit and regression tests (`tests/fuzz_regressions.rs`) can run them too.
//!
//! Each function takes arbitrary bytes, turns them into a program, text or generated
//! case, and **panics** when a property secbpf promises does not hold; otherwise it
//! returns. None of them ever panics for "uninteresting" input: bytes that do not
//! decode, programs the checker refuses and kernels that cannot be asked simply return.
//!
//! | function | fuzz target | property |
//! |---|---|---|
//! | [`check`] | `check` | the checker gives a verdict or an error for any program, never panics, and answers the same way every time and through every entry point |
//! | [`run`] | `run` | an accepted program runs to a return on any input; [`crate::vm::run`], [`crate::vm::Machine`] and a one-filter [`crate::seccomp::stack::run_stack`] agree on the value and the instruction count |
//! | [`inputs`] | `inputs` | no bytes make the input-set reader panic; text is never read as raw records; cases round-trip |
//! | [`formats`] | `formats` | disassemble → assemble and every [`crate::codec`] encode → decode are the identity; no text makes a decoder panic |
//! | [`kernel`] | `kernel` | secbpf gives the live kernel's verdicts and results for generated cases |
//! | [`explain`] | `explain` | explain of a filter or a stack of two finishes within [`FUZZ_BUDGET`] (plus slack); every input lies in a region with its true value; witnesses give their region's value |
//! | [`diff`] | `diff` | diff finishes within the budget; every difference's witness really differs; `equivalent` only when no sampled input differs; a filter against itself with a dead instruction more shows no difference |
//! | [`cover`] | `cover` | cover finishes within the budget; hit counts match the interpreter; a `missed` witness reaches its pc; no input reaches a `blocked` or `no_path` pc |
//! | [`lint`] | `lint` | lint never panics, finishes within the same time limit, and its pcs lie inside the program |
//!
//! [`check`], [`run`], [`explain`], [`cover`] and [`lint`] read their input as laid out
//! by [`split_program`] (build one with [`program_input`]); [`diff`] (and [`explain`]
//! for a stack) read a second program from the bytes after the first, the same way.

use crate::analysis::budget::{Budget, Meter};
use crate::analysis::{self, bdd::Manager, engine};
use crate::codec::{self, DecodeOptions, EncodeOptions, Format};
use crate::consts::*;
use crate::disasm::{self, DisasmOptions};
use crate::insn::{Endian, Insn};
use crate::seccomp::arch::ARCHES;
use crate::seccomp::data::SeccompData;
use crate::seccomp::data::DATA_WORDS;
use crate::seccomp::stack::{eval_stack, run_stack};
use crate::verify::{self, InstallOptions};
use crate::vm::{self, Machine};
use crate::{asm, VerifiedProgram};
use arbitrary::Unstructured;
use std::time::{Duration, Instant};

/// Audit arches the `seccomp_data` of [`run`] is mostly drawn from.
const DATA_ARCHES: [u32; 4] = [
    AUDIT_ARCH_X86_64,
    AUDIT_ARCH_I386,
    AUDIT_ARCH_S390X,
    AUDIT_ARCH_AARCH64,
];

/// Split fuzzer bytes into a program and the bytes after it.
///
/// Layout: byte 0 is an instruction count n (0..=255); then n × 8 bytes of
/// little-endian `struct sock_filter` (fewer when the input is short: only whole
/// records count); the rest is returned for drawing install options or a
/// `seccomp_data` from. Empty input gives an empty program.
pub fn split_program(data: &[u8]) -> (Vec<Insn>, &[u8]) {
    let Some((&n, rest)) = data.split_first() else {
        return (Vec::new(), data);
    };
    let n = usize::from(n).min(rest.len() / Insn::SIZE);
    let (code, rest) = rest.split_at(n * Insn::SIZE);
    let prog = code
        .chunks_exact(Insn::SIZE)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            Insn::from_bytes(b, Endian::Little)
        })
        .collect();
    (prog, rest)
}

/// The input [`split_program`] reads back as `prog` followed by `tail` (for seeds and
/// tests). Only the first 255 instructions fit.
pub fn program_input(prog: &[Insn], tail: &[u8]) -> Vec<u8> {
    let prog = &prog[..prog.len().min(255)];
    let mut out = Vec::with_capacity(1 + prog.len() * Insn::SIZE + tail.len());
    out.push(prog.len() as u8);
    out.extend(crate::insn::encode(prog, Endian::Little));
    out.extend_from_slice(tail);
    out
}

/// Install options drawn from fuzzer bytes (defaults once the bytes run out).
fn install_options(u: &mut Unstructured) -> InstallOptions {
    // Mostly flags the kernel knows, so the checks after the flag check are reached.
    let flags = if u.ratio(3u8, 4).unwrap_or(true) {
        u.arbitrary::<u32>().unwrap_or(0) & 0x3f
    } else {
        u.arbitrary().unwrap_or(0)
    };
    InstallOptions {
        flags,
        no_new_privs: u.arbitrary().unwrap_or(true),
        cap_sys_admin: u.arbitrary().unwrap_or(false),
        ..InstallOptions::default()
    }
}

/// A `seccomp_data` drawn from fuzzer bytes (zeros once the bytes run out).
fn seccomp_data(u: &mut Unstructured) -> SeccompData {
    let arch = match u.int_in_range(0u8..=4).unwrap_or(0) {
        i @ 0..=3 => DATA_ARCHES[usize::from(i)],
        _ => u.arbitrary().unwrap_or(0),
    };
    SeccompData {
        nr: u.arbitrary().unwrap_or(0),
        arch,
        instruction_pointer: u.arbitrary().unwrap_or(0),
        args: u.arbitrary().unwrap_or([0; 6]),
    }
}

/// The checker on any program: a verdict or an error, never a panic, and the same
/// answer every time.
///
/// Input: as [`split_program`]; the bytes after the program give [`InstallOptions`].
///
/// # Panics
/// When a property fails:
/// - [`verify::check`] and [`verify::check_with`] answer the same when asked twice;
/// - a one-filter [`verify::check_stack`] answers as [`verify::check_with`];
/// - a program [`verify::check`] refuses is refused under any options, and one accepted
///   under any options is accepted by [`verify::check`] as the same [`VerifiedProgram`];
/// - an error's pc lies inside the program, its errno has a name, and its message and
///   display render;
/// - an accepted program has the program's length, at most 4096 instructions, ends in a
///   return, and converts to at least `3 + len` eBPF instructions; and
///   [`verify::check_program`] accepts it as the same program.
pub fn check(data: &[u8]) {
    let (prog, rest) = split_program(data);
    let mut u = Unstructured::new(rest);
    let opts = install_options(&mut u);

    let plain = verify::check(&prog);
    assert_eq!(plain, verify::check(&prog), "check is not deterministic");
    let with = verify::check_with(&prog, &opts);
    assert_eq!(
        with,
        verify::check_with(&prog, &opts),
        "check_with is not deterministic"
    );
    let stack = verify::check_stack(&[&prog], &opts);
    assert_eq!(stack.len(), 1);
    assert_eq!(
        stack[0], with,
        "check_stack of one filter differs from check_with"
    );

    for r in [&plain, &with] {
        if let Err(e) = r {
            if let Some(pc) = e.pc() {
                assert!(
                    pc < prog.len(),
                    "error pc {pc} outside {} insns",
                    prog.len()
                );
            }
            assert!(!e.errno_name().is_empty());
            assert!(!e.rule().is_empty());
            let _ = (e.message(), e.to_string(), e.hint(), e.insn(), e.field());
        }
    }
    match (&plain, &with) {
        (Err(_), Ok(_)) => panic!("refused with default options but accepted with {opts:?}"),
        (Ok(a), Ok(b)) => assert_eq!(a, b, "accepted as different programs"),
        _ => {}
    }
    if let Ok(v) = &plain {
        assert_eq!(v.insns(), &prog[..]);
        assert_eq!(v.len(), prog.len());
        assert!((1..=4096).contains(&v.len()));
        assert_eq!(
            prog.last().map(|i| i.code & 0x07),
            Some(0x06),
            "accepted program does not end in a return"
        );
        assert!(v.ebpf_len() >= 3 + prog.len());
        assert_eq!(verify::check_program(&prog).as_ref(), Ok(v));
    }
}

/// Running an accepted program: it always returns, and every way of running it agrees.
///
/// Input: as [`split_program`]; the bytes after the program give the `seccomp_data`.
/// Programs [`verify::check`] refuses are ignored.
///
/// # Panics
/// When a property fails:
/// - [`vm::run`] executes between 1 and `len` instructions (jumps only go forward), and
///   [`vm::run_words`] gives the same result;
/// - [`Machine`] stepped to the end returns the same value after the same number of
///   steps, every step's pc inside the program and the last step the return;
///   stepped back to the start it is in its initial state and runs to the same end;
/// - a one-filter [`run_stack`] and [`eval_stack`] give the same value and count.
pub fn run(data: &[u8]) {
    let (prog, rest) = split_program(data);
    let Ok(v) = verify::check(&prog) else {
        return;
    };
    let mut u = Unstructured::new(rest);
    let d = seccomp_data(&mut u);
    run_verified(&v, &d);
}

fn run_verified(v: &VerifiedProgram, d: &SeccompData) {
    let n = v.len();
    let r = vm::run(v, d);
    assert!(
        (1..=n).contains(&r.insns_executed),
        "{} insns executed in a program of {n}",
        r.insns_executed
    );
    assert_eq!(
        vm::run_words(v, &d.words()),
        r,
        "run_words differs from run"
    );

    let mut m = Machine::new(v, d.words());
    let mut steps = 0;
    let mut last = None;
    while let Some(s) = m.step() {
        steps += 1;
        assert!(s.pc < n, "machine stepped to pc {} of {n}", s.pc);
        assert!(steps <= n, "machine ran more than {n} steps");
        last = Some(s);
    }
    let last = last.expect("the machine ran no instruction");
    assert_eq!(last.ret, Some(r.ret), "machine and vm::run disagree on ret");
    assert_eq!(m.finished(), Some(r.ret));
    assert_eq!(
        m.executed(),
        r.insns_executed,
        "machine and vm::run disagree on count"
    );
    assert_eq!(steps, r.insns_executed);
    while m.step_back() {}
    assert_eq!((m.pc(), m.executed(), m.finished()), (0, 0, None));
    assert_eq!(m.regs(), &vm::Regs::default());
    assert_eq!(m.run_to_end(), r.ret, "machine differs after stepping back");
    assert_eq!(m.executed(), r.insns_executed);

    let one = std::slice::from_ref(v);
    let s = run_stack(one, d);
    assert_eq!((s.ret, s.filter), (r.ret, 0), "run_stack differs from run");
    assert_eq!(s.rets, vec![r.ret]);
    assert_eq!(
        s.insns_executed, r.insns_executed,
        "run_stack counts differently"
    );
    assert_eq!(eval_stack(one, d), r.ret, "eval_stack differs from run");
}

/// Input sets: no bytes make [`crate::seccomp::input::InputReader`] panic, text is never
/// read as raw records, and what is read round-trips.
///
/// The bytes are read as an input set three ways (detected, JSON forced, raw forced), in
/// memory and as a stream of unknown size.
///
/// # Panics
/// When a property fails:
/// - bytes that are valid UTF-8 without a NUL byte (text) give only cases on lines, never
///   raw records, when the format is detected;
/// - a case read from JSON, written back as `{"arch", "nr", "ip", "args", "ret"}`, reads
///   back as the same case;
/// - raw records read back to the bytes they came from, and a stream of unknown size
///   gives the same cases as the bytes read with their size.
pub fn inputs(data: &[u8]) {
    use crate::seccomp::input::{Case, InputFormat, InputReader, Position};
    let read = |fmt: InputFormat, size: Option<u64>| -> Vec<Result<Case, String>> {
        match InputReader::new(data, size, fmt, Endian::Little) {
            Ok(r) => r.map(|c| c.map_err(|e| e.to_string())).collect(),
            Err(e) => vec![Err(e.to_string())],
        }
    };
    let is_text = !data.contains(&0) && std::str::from_utf8(data).is_ok();
    for fmt in [InputFormat::Auto, InputFormat::Json, InputFormat::Raw] {
        let sized = read(fmt, Some(data.len() as u64));
        let streamed = read(fmt, None);
        let ok = |v: &[Result<Case, String>]| -> Vec<Case> {
            v.iter().filter_map(|c| c.as_ref().ok().copied()).collect()
        };
        // Knowing the size only moves a raw-size error earlier.
        let (a, b) = (ok(&sized), ok(&streamed));
        assert!(b.starts_with(&a), "{fmt:?}: sized and streamed differ");
        if sized.iter().all(Result::is_ok) {
            assert_eq!(sized, streamed, "{fmt:?}: sized and streamed differ");
        }
        for c in ok(&sized) {
            match c.at {
                Position::Record(i) => {
                    assert!(fmt != InputFormat::Json, "JSON forced gave a raw record");
                    assert!(
                        !(is_text && fmt == InputFormat::Auto),
                        "text read as raw records"
                    );
                    let at = i as usize * 64;
                    assert_eq!(&c.data.to_bytes(Endian::Little)[..], &data[at..at + 64]);
                }
                Position::Line(_) => {
                    assert!(fmt != InputFormat::Raw, "raw forced gave a JSON case");
                    let mut v = serde_json::json!({
                        "arch": c.data.arch, "nr": c.data.nr,
                        "ip": c.data.instruction_pointer, "args": c.data.args,
                    });
                    if let Some(r) = c.ret {
                        v["ret"] = serde_json::json!(r);
                    }
                    let text = v.to_string();
                    let back: Vec<Case> =
                        InputReader::new(text.as_bytes(), None, InputFormat::Json, Endian::Little)
                            .expect("a written case opens")
                            .collect::<Result<_, _>>()
                            .expect("a written case reads back");
                    assert_eq!(back.len(), 1);
                    assert_eq!((back[0].data, back[0].ret), (c.data, c.ret), "{text}");
                }
            }
        }
    }
}

/// The program formats: every encoding decodes back to the program, and no text makes a
/// decoder panic.
///
/// The whole input is read twice: as raw little-endian `struct sock_filter` records
/// (trailing bytes dropped), whose program goes through every round trip below; and as
/// text (lossy UTF-8), given to [`codec::decode`] (format detected, and each format
/// forced) and [`asm::assemble`]; what decodes is checked and goes through the round
/// trips too.
///
/// # Panics
/// When a round trip is not the identity, for a program `p`:
/// - `asm::assemble(&disasm::disassemble(p, o)) == p` for the default options, without
///   comments, and with an arch chosen by the first byte;
/// - [`codec::encode`] then [`codec::decode`] gives `p` for raw (both byte orders), line,
///   ddd, and (non-empty `p`) C and asm, with the format forced, and for the text
///   formats also detected.
pub fn formats(data: &[u8]) {
    let opts = DisasmOptions {
        arch: data
            .first()
            .and_then(|&b| ARCHES.get(usize::from(b >> 4) % (ARCHES.len() + 1))),
        comments: true,
    };
    // Every distinct program read from the input, the raw reading first.
    let mut progs: Vec<Vec<Insn>> = Vec::new();
    let mut add = |p: Vec<Insn>| {
        if !progs.contains(&p) {
            progs.push(p);
        }
    };
    let n = (data.len() / Insn::SIZE).min(asm::MAX_PROGRAM_LEN);
    add(codec::decode_raw(&data[..n * Insn::SIZE], Endian::Little).unwrap_or_default());

    let dopts = DecodeOptions::default();
    if let Ok(prog) = codec::decode(data, None, &dopts) {
        add(prog);
    }
    for f in Format::ALL {
        if let Ok(prog) = codec::decode(data, Some(f), &dopts) {
            add(prog);
        }
    }
    if let Ok(prog) = asm::assemble(&String::from_utf8_lossy(data)) {
        add(prog);
    }
    // The C expression evaluator alone, on the text as one expression.
    let _ = codec::eval_c_expr(
        &String::from_utf8_lossy(data),
        crate::seccomp::Arch::x86_64(),
    );
    for (i, prog) in progs.iter().enumerate() {
        if i > 0 {
            // decoded from text: the checker must not panic on it either
            let _ = verify::check(prog);
        }
        round_trips(prog, &opts);
    }
}

fn round_trips(prog: &[Insn], opts: &DisasmOptions) {
    for o in [
        DisasmOptions::default(),
        DisasmOptions {
            comments: false,
            ..DisasmOptions::default()
        },
        *opts,
    ] {
        let text = disasm::disassemble(prog, &o);
        match asm::assemble(&text) {
            Ok(back) => assert_eq!(back, prog, "disassemble/assemble changed\n{text}"),
            Err(e) => panic!("the listing does not assemble: {e}\n{text}"),
        }
    }
    let dopts = DecodeOptions::default();
    for endian in [Endian::Little, Endian::Big] {
        let enc = EncodeOptions {
            endian,
            ..EncodeOptions::default()
        };
        let raw = codec::encode(prog, Format::Raw, &enc);
        assert_eq!(raw.len(), prog.len() * Insn::SIZE);
        if !prog.is_empty() {
            let back = codec::decode(&raw, Some(Format::Raw), &DecodeOptions { endian, ..dopts });
            assert_eq!(back.as_deref(), Ok(prog), "raw {endian:?} round trip");
        }
    }
    for f in [Format::Line, Format::Ddd, Format::C, Format::Asm] {
        if prog.is_empty() && matches!(f, Format::C | Format::Asm) {
            continue; // both encode the empty program as no text at all
        }
        let enc = codec::encode(prog, f, &EncodeOptions::default());
        let text = String::from_utf8_lossy(&enc);
        match codec::decode(&enc, Some(f), &dopts) {
            Ok(back) => assert_eq!(back, prog, "{f} round trip changed\n{text}"),
            Err(e) => panic!("{f} encoding does not decode: {e}\n{text}"),
        }
        assert_eq!(
            codec::detect(&enc),
            f,
            "{f} encoding detected as another format\n{text}"
        );
    }
    // The peers' text (docs/formats.md): what a writer accepts reads back the same and
    // is detected as its format; seccomp-tools asm and ceccomp may refuse an instruction.
    if prog.is_empty() {
        return;
    }
    for f in [
        Format::SeccompTools,
        Format::SeccompToolsAsm,
        Format::Ceccomp,
        Format::Scmp,
    ] {
        let Ok((enc, _)) = codec::try_encode(prog, f, &EncodeOptions::default()) else {
            assert!(
                matches!(f, Format::SeccompToolsAsm | Format::Ceccomp),
                "{f} refused a program"
            );
            continue;
        };
        let text = String::from_utf8_lossy(&enc);
        match codec::decode(&enc, Some(f), &dopts) {
            Ok(back) => assert_eq!(back, prog, "{f} round trip changed\n{text}"),
            Err(e) => panic!("{f} encoding does not decode: {e}\n{text}"),
        }
        assert_eq!(
            codec::detect(&enc),
            f,
            "{f} encoding detected as another format\n{text}"
        );
    }
}

/// Differential test against the live kernel: a case generated from the bytes by
/// [`crate::synth::case`] (4 inputs, the campaign's instruction pointers) goes through
/// [`crate::kernel::campaign::compare`].
///
/// Returns without checking anything when the kernel cannot be asked (`compare` gives
/// `Err`), and on platforms without [`crate::kernel`].
///
/// # Panics
/// When secbpf and the kernel disagree, with the (shrunk) reproducer of
/// [`crate::kernel::campaign::reproducer`] as JSON in the message.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
pub fn kernel(data: &[u8]) {
    use crate::kernel::campaign::{self, Counts, IPS};
    use crate::synth::{self, GenConfig};

    let cfg = GenConfig::new(4, IPS.to_vec());
    let mut u = Unstructured::new(data);
    let Ok(case) = synth::case(&mut u, &cfg) else {
        return;
    };
    if let Ok(Some(diff)) = campaign::compare(&case, &mut Counts::default()) {
        let small = synth::shrink_with_budget(&case, 200, |c| {
            matches!(campaign::compare(c, &mut Counts::default()), Ok(Some(_)))
        });
        let (small, diff) = match campaign::compare(&small, &mut Counts::default()) {
            Ok(Some(d)) => (small, d),
            _ => (case, diff),
        };
        let rep = campaign::reproducer(&small, &diff, 0, 0);
        let rep = serde_json::to_string_pretty(&rep).unwrap_or_else(|_| rep.to_string());
        panic!("secbpf disagrees with the kernel:\n{rep}");
    }
}

/// Differential test against the live kernel; this platform has none to ask, so this
/// returns without checking anything.
#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
pub fn kernel(_data: &[u8]) {}

/// The budget the analysis targets run with: small, so that the coarse mode past the
/// budget is exercised too.
pub const FUZZ_BUDGET: Budget = Budget {
    time: Duration::from_millis(200),
    memory: 64 << 20,
};

/// How long past [`FUZZ_BUDGET`]'s time an analysis may run before the target fails: the
/// coarse mode is linear, so this is generous (sanitizers and coverage slow things down).
pub const FUZZ_SLACK: Duration = Duration::from_secs(5);

fn within_limit(what: &str, start: Instant) {
    let t = start.elapsed();
    assert!(
        t <= FUZZ_BUDGET.time + FUZZ_SLACK,
        "{what} took {t:?} with a time budget of {:?}",
        FUZZ_BUDGET.time
    );
}

/// An accepted program from the front of `data`, and the rest.
fn accepted(data: &[u8]) -> Option<(VerifiedProgram, &[u8])> {
    let (prog, rest) = split_program(data);
    verify::check(&prog).ok().map(|v| (v, rest))
}

/// Words of a few inputs drawn from `u` (zeros once the bytes run out).
fn sample_words(u: &mut Unstructured, n: usize) -> Vec<[u32; DATA_WORDS]> {
    (0..n).map(|_| seccomp_data(u).words()).collect()
}

/// Every input lies in a leaf of the stack whose value (when known) is its true value,
/// and in at most one exact leaf.
fn assert_leaves_sound(stack: &[VerifiedProgram], inputs: &[[u32; DATA_WORDS]]) {
    let mut m = Manager::new();
    let mut meter = Meter::new(&FUZZ_BUDGET);
    let (leaves, _, _) = analysis::explain::stack_analysis_with(stack, &mut m, &mut meter);
    for w in inputs {
        let truth = engine::eval(stack, w);
        let hits: Vec<_> = leaves
            .iter()
            .filter(|l| (0..DATA_WORDS).all(|k| m.contains(l.region.words[k], w[k])))
            .collect();
        assert!(
            hits.iter()
                .any(|l| l.value_at(w).is_none_or(|v| v == truth)),
            "input {w:x?} (value {truth:#x}) lies in no region with its value"
        );
        let exact: Vec<_> = hits.iter().filter(|l| !l.region.approx).collect();
        assert!(exact.len() <= 1, "exact regions overlap at {w:x?}");
        if let Some(l) = exact.first() {
            assert!(
                l.value_at(w).is_none_or(|v| v == truth),
                "exact region gives {:?}, the filter {truth:#x}, at {w:x?}",
                l.value_at(w)
            );
        }
    }
}

/// `explain` on any accepted program (or, when the byte after it is odd, the stack of
/// it and a second program read from the bytes after that).
///
/// # Panics
/// When explain takes longer than [`FUZZ_BUDGET`] plus [`FUZZ_SLACK`]; when a witness
/// does not get its region's value; when an input drawn from the remaining bytes lies
/// in no region with its true value, or in two exact regions.
pub fn explain(data: &[u8]) {
    let Some((a, rest)) = accepted(data) else {
        return;
    };
    let mut stack = vec![a];
    let mut u = Unstructured::new(rest);
    if u.arbitrary::<u8>().unwrap_or(0) % 2 == 1 {
        if let Some((b, r2)) = accepted(u.take_rest()) {
            stack.push(b);
            u = Unstructured::new(r2);
        } else {
            return;
        }
    }
    let start = Instant::now();
    let ex = analysis::explain::explain_with(&stack, None, &FUZZ_BUDGET);
    within_limit("explain", start);
    let _ = analysis::explain::to_text(&ex);
    let _ = analysis::explain::to_json(&ex);
    for a in &ex.arches {
        for s in a.syscalls.iter().chain([&a.default]) {
            for r in &s.regions {
                if let (Some(w), Some(ret)) = (r.witness, r.ret) {
                    assert_eq!(
                        engine::eval(&stack, &w.words()),
                        ret,
                        "witness {w:?} of a region of {ret:#x}"
                    );
                }
            }
        }
    }
    assert_leaves_sound(&stack, &sample_words(&mut u, 16));
}

/// `diff` of two accepted programs read one after the other.
///
/// # Panics
/// When diff takes longer than [`FUZZ_BUDGET`] plus [`FUZZ_SLACK`]; when a difference's
/// witness does not give the two reported values, or they do not differ; when diff says
/// `equivalent` and an input drawn from the remaining bytes (or a witness of explain)
/// gets different values; when A against A with a dead `ld #0` in front shows a
/// difference.
pub fn diff(data: &[u8]) {
    let Some((a, rest)) = accepted(data) else {
        return;
    };
    let Some((b, rest)) = accepted(rest) else {
        return;
    };
    let (sa, sb) = (std::slice::from_ref(&a), std::slice::from_ref(&b));
    let start = Instant::now();
    let d = analysis::diff::diff_with(sa, sb, false, &FUZZ_BUDGET);
    within_limit("diff", start);
    let _ = analysis::diff::to_text(&d, false);
    let _ = analysis::diff::to_json(&d);
    for x in &d.differences {
        let w = x.witness.words();
        let (va, vb) = (engine::eval(sa, &w), engine::eval(sb, &w));
        assert_eq!((va, vb), (x.a, x.b), "witness {:?}", x.witness);
        assert_ne!(va, vb, "a difference whose witness gets {va:#x} twice");
    }
    if d.equivalent {
        let mut u = Unstructured::new(rest);
        for w in sample_words(&mut u, 16) {
            assert_eq!(
                engine::eval(sa, &w),
                engine::eval(sb, &w),
                "diff said equivalent, but {w:x?} tells them apart"
            );
        }
    }
    // A dead instruction in front changes nothing.
    if a.len() < 4096 {
        let mut p = vec![Insn::stmt(BPF_LD | BPF_IMM, 0)];
        p.extend_from_slice(a.insns());
        if let Ok(a2) = verify::check(&p) {
            let start = Instant::now();
            let d = analysis::diff::diff_with(sa, std::slice::from_ref(&a2), false, &FUZZ_BUDGET);
            within_limit("diff", start);
            assert!(
                d.differences.is_empty(),
                "a program differs from itself: {:?}",
                d.differences
            );
        }
    }
}

/// `cover` of an accepted program by inputs drawn from the bytes after it.
///
/// # Panics
/// When cover takes longer than [`FUZZ_BUDGET`] plus [`FUZZ_SLACK`]; when a hit count
/// disagrees with the interpreter; when a `missed` witness does not reach its pc; when
/// an input reaches a pc reported `blocked` or `no_path`.
pub fn cover(data: &[u8]) {
    let Some((p, rest)) = accepted(data) else {
        return;
    };
    let mut u = Unstructured::new(rest);
    let n = usize::from(u.arbitrary::<u8>().unwrap_or(0) % 8);
    let inputs: Vec<SeccompData> = (0..n).map(|_| seccomp_data(&mut u)).collect();
    let start = Instant::now();
    let (c, _) = analysis::cover::cover_with(&p, &inputs, &FUZZ_BUDGET);
    within_limit("cover", start);
    let _ = analysis::cover::to_text(&p, &c, inputs.len());
    let _ = analysis::cover::to_json(&p, &c, inputs.len());
    assert_eq!(c.len(), p.len());
    let visits = |d: &SeccompData| {
        let mut seen = vec![false; p.len()];
        let mut m = Machine::new(&p, d.words());
        while let Some(s) = m.step() {
            seen[s.pc] = true;
        }
        seen
    };
    let mut hits = vec![0usize; p.len()];
    let extra = sample_words(&mut u, 8);
    for d in &inputs {
        for (h, s) in hits.iter_mut().zip(visits(d)) {
            *h += usize::from(s);
        }
    }
    use analysis::cover::Status;
    for x in &c {
        match &x.status {
            Status::Reached(k) => assert_eq!(*k, hits[x.pc], "pc {}", x.pc),
            Status::Missed(d) => {
                assert_eq!(hits[x.pc], 0);
                assert!(visits(d)[x.pc], "missed witness does not reach pc {}", x.pc);
            }
            Status::MissedNoWitness => assert_eq!(hits[x.pc], 0),
            Status::NoPath | Status::Blocked => {
                assert_eq!(hits[x.pc], 0);
                for w in &extra {
                    let d = crate::analysis::engine::data_of_words(w);
                    assert!(!visits(&d)[x.pc], "{d:?} reaches unreachable pc {}", x.pc);
                }
            }
        }
    }
}

/// `lint` on any accepted program.
///
/// # Panics
/// When lint takes longer than [`FUZZ_BUDGET`]'s time plus [`FUZZ_SLACK`] (lint does a
/// linear pass and a fixed number of interpreter runs, so it has no budget of its own),
/// or a finding's pc lies outside the program.
pub fn lint(data: &[u8]) {
    let Some((p, _)) = accepted(data) else {
        return;
    };
    let start = Instant::now();
    let f = analysis::lint::lint(&p);
    within_limit("lint", start);
    for x in &f {
        assert!(x.pc.is_none_or(|pc| pc < p.len()), "finding at {:?}", x.pc);
        let _ = x.to_string();
    }
    let _ = analysis::lint::to_json(&f);
}
