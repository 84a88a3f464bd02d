//! Structured random cases for the differential campaign against the live kernel
//! (and for cargo-fuzz): programs, stacks of programs and `seccomp_data` inputs, plus a
//! deterministic shrinker for failing cases.
//!
//! The generator is built on [`arbitrary::Unstructured`], so the same code turns fuzzer
//! bytes ([`case`]) or a `(seed, index)` pair ([`case_from_seed`]) into a [`Case`].
//! It is biased toward what seccomp accepts and toward the boundaries where
//! implementations go wrong (kernel facts §2–§6):
//!
//! - programs are built as a forward-jump DAG ending in a return, with a simulation of
//!   the kernel's scratch-memory pass (§2.4) so most loads of `M[k]` are accepted, and a
//!   share of them are then mutated into something the kernel refuses (socket-filter
//!   opcodes seccomp refuses, codes `chk_code_allowed` refuses, misaligned or
//!   out-of-range loads, `div #0`, shifts by 32, `M[16]`, jumps one past the end, a last
//!   instruction that is not a return, reads of unwritten cells through the RET quirk);
//! - constants come from the edges (0, 1, 31, 32, 63, 64, 0x7fffffff, 0x80000000,
//!   0xffffffff, 0xffff0000, actions with data, audit arches, the configured
//!   instruction pointers);
//! - shifts and divisions by X (X in 0..63, X == 0), NEG, JSET, RET A, `ld len`,
//!   TAX/TXA, loads of every `seccomp_data` word, jumps landing exactly on the last
//!   instruction, lengths 0, 1, 4096 and 4097, and stacks of 2–4 filters;
//! - inputs are derived from the constants each program compares its loads with
//!   (equal, one off, high bits set, placed in the word the load reads), plus random
//!   ones; arch is the first of [`GenConfig::arches`] (about 70%, x86_64 by default)
//!   or the second (i386 by default), x86_64 inputs never use nr 335/336 (the kernel
//!   never runs filters for those, §6.5), nr is masked with [`GenConfig::nr_mask`], and
//!   `instruction_pointer` is always one of [`GenConfig::ips`] (for compat inputs, of
//!   [`GenConfig::compat_ips`] when it is set). A value meant for a
//!   `seccomp_data` word lands in the half of the field that word is for the input's
//!   byte order (on big-endian arches such as s390x, `ld [16]` reads the high half of
//!   args\[0\]).
//!
//! [`shrink()`] reduces a failing case greedily (inputs, filters, instructions with
//! jump fix-up, simpler instructions, smaller constants, simpler inputs) while a
//! caller-supplied predicate still holds.

mod input;
mod prog;
mod rng;
pub mod shapes;
mod shrink;

use crate::insn::Insn;
use crate::seccomp::data::SeccompData;
use arbitrary::Unstructured;

pub use shrink::{shrink, shrink_with_budget, DEFAULT_SHRINK_BUDGET};

/// One generated test case: a stack of filters and the inputs to run it on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Case {
    /// Filters in install order, oldest first. Usually one; sometimes 2–4 (a stack).
    pub filters: Vec<Vec<Insn>>,
    /// The `seccomp_data` inputs to run the stack on.
    pub inputs: Vec<SeccompData>,
}

/// What the generator may produce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenConfig {
    /// How many inputs to generate per case.
    pub inputs_per_program: usize,
    /// The `instruction_pointer` values the oracle can produce (the address after a
    /// syscall instruction it can place). Every generated input takes its
    /// `instruction_pointer` from this list; when the list is empty, inputs use 0.
    pub ips: Vec<u64>,
    /// The AUDIT_ARCH values inputs take: the first about 70% of the time, else the
    /// second (when there is one). Default: x86_64, then i386.
    pub arches: Vec<u32>,
    /// Syscall numbers the arch can pass, as a mask applied to every generated nr
    /// (s390x's `svc` passes 16 bits). Default: all 32 bits.
    pub nr_mask: u32,
    /// The `instruction_pointer` values of compat-arch inputs (the second of
    /// [`GenConfig::arches`]) when they differ from [`GenConfig::ips`]: arm32 on arm64
    /// also has the ips after a 2-byte Thumb svc. Empty: the same as `ips`.
    pub compat_ips: Vec<u64>,
}

impl GenConfig {
    /// A configuration with `inputs_per_program` inputs per case and the given
    /// instruction pointers.
    pub fn new(inputs_per_program: usize, ips: Vec<u64>) -> GenConfig {
        GenConfig {
            inputs_per_program,
            ips,
            arches: vec![
                crate::consts::AUDIT_ARCH_X86_64,
                crate::consts::AUDIT_ARCH_I386,
            ],
            nr_mask: u32::MAX,
            compat_ips: Vec::new(),
        }
    }

    /// The same, with compat-arch inputs taking their ips from `ips`.
    pub fn compat_ips(mut self, ips: Vec<u64>) -> GenConfig {
        self.compat_ips = ips;
        self
    }

    /// The ips inputs of `arch` take.
    pub fn ips_for(&self, arch: u32) -> &[u64] {
        if !self.compat_ips.is_empty() && arch != self.native() && arch == self.compat() {
            &self.compat_ips
        } else {
            &self.ips
        }
    }

    /// The same, for inputs of these arches (native first, then a compat arch if any;
    /// an empty list keeps the default).
    pub fn arches(mut self, arches: Vec<u32>) -> GenConfig {
        if !arches.is_empty() {
            self.arches = arches;
        }
        self
    }

    /// The same, with generated syscall numbers masked with `mask`.
    pub fn nr_mask(mut self, mask: u32) -> GenConfig {
        self.nr_mask = mask;
        self
    }

    /// The native arch (the first of [`GenConfig::arches`]).
    pub fn native(&self) -> u32 {
        self.arches
            .first()
            .copied()
            .unwrap_or(crate::consts::AUDIT_ARCH_X86_64)
    }

    /// The compat arch (the second), else the native one.
    pub fn compat(&self) -> u32 {
        self.arches.get(1).copied().unwrap_or_else(|| self.native())
    }

    /// Whether inputs are laid out big-endian (by the native arch's AUDIT_ARCH).
    pub fn big_endian(&self) -> bool {
        crate::seccomp::arch::data_endian(self.native()) == crate::insn::Endian::Big
    }
}

/// Generate one case from unstructured bytes (for cargo-fuzz and [`case_from_seed`]).
///
/// Never panics. Running out of bytes is not an error: the remaining choices take
/// their first (plainest) option.
///
/// # Errors
/// Only what [`arbitrary`] reports for malformed requests; none are expected.
pub fn case(u: &mut Unstructured, cfg: &GenConfig) -> arbitrary::Result<Case> {
    let mut hints = input::Hints::default();
    let nfilters = if prog::chance(u, 12, 100)? {
        u.int_in_range(2..=4usize)?
    } else {
        1
    };
    let mut filters = Vec::with_capacity(nfilters);
    for _ in 0..nfilters {
        filters.push(prog::program(u, cfg, &mut hints, nfilters > 1)?);
    }
    let mut inputs = Vec::with_capacity(cfg.inputs_per_program);
    for _ in 0..cfg.inputs_per_program {
        inputs.push(input::input(u, cfg, &hints)?);
    }
    Ok(Case { filters, inputs })
}

/// Generate case number `index` of the campaign keyed by `seed`: deterministic, the
/// same `(seed, index, cfg)` always gives the same case. Never panics.
pub fn case_from_seed(seed: u64, index: u64, cfg: &GenConfig) -> Case {
    let mut r = rng::SplitMix64::new(rng::SplitMix64::mix(seed) ^ index);
    // 4..16 KiB of bytes; long programs draw their filler from a seeded stream, so
    // this is plenty for everything else.
    let len = 4096 + (r.next_u64() % (12 * 1024)) as usize;
    let buf = r.bytes(len);
    let mut u = Unstructured::new(&buf);
    if let Ok(c) = case(&mut u, cfg) {
        return c;
    }
    // Not expected; a plain, still useful fallback.
    let mut inputs = Vec::with_capacity(cfg.inputs_per_program);
    for _ in 0..cfg.inputs_per_program {
        inputs.push(input::random_input(&mut r, cfg));
    }
    Case {
        filters: vec![vec![Insn::stmt(0x06, crate::consts::SECCOMP_RET_ALLOW)]],
        inputs,
    }
}
