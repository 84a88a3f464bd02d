//! Partial evaluation per (arch, nr): the work every evaluation would repeat, done once.
//!
//! Most filters branch on the syscall number and the arch first. For each arch value the
//! filter compares against (plus x86_64 and i386) and each nr below a limit, the program
//! is run once at load time with only `nr` and `arch` known, up to the first instruction
//! that reads any other word of `seccomp_data`. If it returns before that, the answer
//! (value and instruction count) goes into a table; otherwise the table keeps the pc, the
//! registers and the count at that point, and an evaluation resumes there. Every step is
//! taken by the same `exec` function the interpreter uses, so the result is the interpreter's.

use super::exec::{exec, Flow, Regs};
use super::op::{Op, Prepared};
use crate::consts::{AUDIT_ARCH_I386, AUDIT_ARCH_X86_64};
use crate::seccomp::data::DATA_WORDS;

/// Largest nr table (every nr below the smallest, 512, covers the x86_64 and i386 tables).
const NR_LIMIT_MAX: u32 = 4096;
/// Most arch values given a table.
const MAX_ARCHES: usize = 8;

/// Where an evaluation for one (arch, nr) stands after the known part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The filter returned this value after this many instructions.
    Done {
        /// Return value.
        ret: u32,
        /// Instructions executed.
        executed: u32,
    },
    /// Resume at `states[i]`.
    Resume(u32),
}

/// A point to resume at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resume {
    /// Next pc.
    pub pc: u32,
    /// Instructions executed so far.
    pub executed: u32,
    /// Registers and scratch memory.
    pub regs: Regs,
}

/// The per-(arch, nr) table of a program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presolved {
    arches: Vec<u32>,
    nr_limit: u32,
    entries: Vec<Entry>,
    states: Vec<Resume>,
}

fn reads_unknown(op: Op) -> bool {
    match op {
        Op::LdData(w)
        | Op::LdJeqK(w, ..)
        | Op::LdJgtK(w, ..)
        | Op::LdJgeK(w, ..)
        | Op::LdJsetK(w, ..)
        | Op::LdJeqChain(w, _) => w >= 2,
        _ => false,
    }
}

impl Presolved {
    /// Build the table for `prepared`.
    pub fn new(prepared: &Prepared) -> Presolved {
        let ops = &prepared.ops;
        let mut arches = vec![AUDIT_ARCH_X86_64, AUDIT_ARCH_I386];
        let mut max_small = 0u32;
        for (pc, op) in ops.iter().enumerate() {
            let k = match *op {
                Op::JeqK(k, ..) | Op::JgtK(k, ..) | Op::JgeK(k, ..) => Some(k),
                Op::LdJeqK(w, k, ..) | Op::LdJgtK(w, k, ..) | Op::LdJgeK(w, k, ..) => {
                    if w == 1 && !arches.contains(&k) && arches.len() < MAX_ARCHES {
                        arches.push(k);
                    }
                    Some(k)
                }
                _ => None,
            };
            if let Some(k) = k.filter(|&k| k < NR_LIMIT_MAX) {
                max_small = max_small.max(k);
            }
            // An arch compared right after `ld [4]` (not fused when the jeq is a target).
            if let (Op::LdData(1), Some(Op::JeqK(k, ..))) = (*op, ops.get(pc + 1)) {
                if !arches.contains(k) && arches.len() < MAX_ARCHES {
                    arches.push(*k);
                }
            }
        }
        for chain in &prepared.chains {
            if let Some(&k) = chain.keys.iter().rev().find(|&&k| k < NR_LIMIT_MAX) {
                max_small = max_small.max(k);
            }
        }
        let nr_limit = (max_small + 2).clamp(512, NR_LIMIT_MAX);
        let mut entries = Vec::with_capacity(arches.len() * nr_limit as usize);
        let mut states = Vec::new();
        for &arch in &arches {
            for nr in 0..nr_limit {
                entries.push(walk(prepared, arch, nr, &mut states));
            }
        }
        Presolved {
            arches,
            nr_limit,
            entries,
            states,
        }
    }

    /// The entry for (arch, nr), if the table has one.
    #[inline(always)]
    pub fn lookup(&self, arch: u32, nr: u32) -> Option<Entry> {
        if nr >= self.nr_limit {
            return None;
        }
        let a = self.arches.iter().position(|&x| x == arch)?;
        self.entries
            .get(a * self.nr_limit as usize + nr as usize)
            .copied()
    }

    /// A resume point.
    #[inline(always)]
    pub fn state(&self, i: u32) -> Option<&Resume> {
        self.states.get(i as usize)
    }

    /// Bytes the table takes.
    pub fn size_bytes(&self) -> usize {
        self.entries.len() * std::mem::size_of::<Entry>()
            + self.states.len() * std::mem::size_of::<Resume>()
            + self.arches.len() * 4
    }
}

/// Run with only nr and arch known, up to a return or the first read of another word.
fn walk(prepared: &Prepared, arch: u32, nr: u32, states: &mut Vec<Resume>) -> Entry {
    let mut words = [0u32; DATA_WORDS];
    words[0] = nr;
    words[1] = arch;
    let mut regs = Regs::default();
    let mut pc = 0usize;
    let mut n = 0usize;
    while let Some(&op) = prepared.ops.get(pc) {
        if reads_unknown(op) {
            break;
        }
        n += 1;
        match exec(op, pc, &mut regs, &words, &prepared.chains) {
            Flow::Next(next) => pc = next,
            Flow::Chain { next, executed } => {
                n += executed - 1;
                pc = next;
            }
            Flow::Return(ret) => {
                return Entry::Done {
                    ret,
                    executed: n as u32,
                }
            }
        }
    }
    states.push(Resume {
        pc: pc as u32,
        executed: n as u32,
        regs,
    });
    Entry::Resume(states.len() as u32 - 1)
}
