//! # secbpf
//!
//! Check and run classic-BPF seccomp filters in user space exactly as Linux does:
//! the load-time checks of seccomp(2) (`bpf_check_classic`, `seccomp_check_filter`,
//! the install limits) and the execution of a filter (or a stack of filters) over
//! `struct seccomp_data`, bit for bit.
//!
//! ## Contents
//!
//! - [`codec`]: read and write filters (raw `struct sock_filter`, bpf_asm source and
//!   line output, `tcpdump -ddd`, C arrays and `BPF_STMT`/`BPF_JUMP` lists);
//!   [`asm`] and [`disasm`] for bpf_asm text; [`interop`] for `libc::sock_filter`,
//!   seccompiler and libseccomp programs.
//! - [`verify`]: the checker. [`verify::check`] gives a [`VerifiedProgram`] or the
//!   kernel's reason ([`verify::VerifyError`]: errno, pc, field, kernel rule, hint);
//!   [`verify::check_stack`] models installing several filters in one thread.
//! - [`vm`]: the interpreter, [`vm::run`] (fast, over a prepared form) and
//!   [`vm::Machine`] (one instruction at a time, with step back).
//! - [`seccomp`]: `struct seccomp_data`, actions and their precedence, arches and
//!   syscall names, stacks of filters ([`seccomp::stack::run_stack`]), input sets.
//! - [`analysis`]: what a filter does over the whole input space
//!   ([`analysis::explain::explain`]), what changed between two
//!   ([`analysis::diff::diff`]), lint, coverage, control-flow graphs and test specs.
//!
//! ## Features
//!
//! With `default-features = false` the library (check, run, step, explain, diff, lint,
//! graph, the kernel oracle) depends on libc alone. The default features add:
//! `cli` (the `secbpf` command; it turns on all of the following), `json` (the `to_json`
//! renderings, [`codec`]'s JSON reader and writer, input sets), `names` (every syscall name
//! of every arch; without it the arches whose names come from the `syscalls` crate know
//! only `seccomp`, `prctl` and the syscalls lint calls dangerous, and show the others as
//! `nr N`), `spec` (`analysis::spec`, lint allow files), `generators` (`synth`, `genfuzz`,
//! `fuzzing`, `kernel::campaign`) and `seccompiler` (its adapter in `genfuzz`).
//!
//! ## Should I use this?
//!
//! If you need to know what the kernel will say about a seccomp filter, or what it will
//! return for a syscall, without installing it: yes. secbpf models Linux 6.x on x86_64
//! as recorded from a live 6.18 kernel; see the `DEVIATIONS` table in [`verify`] for what
//! it does not model. Where releases differ (the uprobe exemptions, which actions and flags
//! exist, what an unknown action kills), a [`KernelProfile`] answers as an older one does
//! ([`seccomp::profile`]; `--kernel-version` in the CLI).
//!
//! ## Check and run
//!
//! ```
//! use secbpf::{asm, verify, vm, seccomp::{RetValue, SeccompData}};
//!
//! let prog = asm::assemble("ld [0]\njeq #59, deny\nret #ALLOW\ndeny: ret #ERRNO(1)\n")?;
//! let verified = verify::check(&prog)?;
//! let execve = SeccompData::new(0xc000_003e, 59);
//! assert_eq!(vm::run(&verified, &execve).ret, RetValue::errno(1));
//!
//! // The kernel refuses a constant shift by 32, at pc 1, in bpf_check_classic.
//! let bad = asm::assemble("ld [0]\nlsh #32\nret a\n")?;
//! let err = verify::check(&bad).unwrap_err();
//! assert_eq!((err.errno_name(), err.pc(), err.rule()), ("EINVAL", Some(1), "bpf_check_classic"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Read a filter file
//!
//! [`codec::decode`] reads every format the CLI reads; with `None` it detects the format
//! ([`codec::detect`]) as the CLI does without `--format`. [`codec::read_limited`] reads
//! at most [`codec::input_limit`] bytes, so a huge or endless input cannot exhaust memory.
//!
//! ```
//! use secbpf::{codec::{self, DecodeOptions, Format}, verify, vm};
//! use secbpf::seccomp::{Arch, RetValue, SeccompData};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/libseccomp-small.bpf");
//! let file = std::fs::File::open(path)?;
//! let bytes = codec::read_limited(file, codec::input_limit(None))?.ok_or("filter too long")?;
//! assert_eq!(codec::detect(&bytes), Format::Raw);
//! let prog = codec::decode(&bytes, None, &DecodeOptions::default())?;
//! let filter = verify::check(&prog)?;
//!
//! let openat = SeccompData::syscall(Arch::x86_64(), "openat")?;
//! assert_eq!(vm::run(&filter, &openat).ret, RetValue::errno(13));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Stacks of filters
//!
//! A thread's filters all run; the most restrictive value wins
//! ([`seccomp::stack::run_stack`]). Installing a filter is itself a system call that the
//! filters already installed judge ([`verify::check_stack`]).
//!
//! ```
//! use secbpf::{asm, verify, seccomp::{stack, Arch, RetValue, SeccompData}};
//!
//! let deny_execve = asm::assemble("ld [0]\njeq #59, no\nret #ALLOW\nno: ret #ERRNO(1)\n")?;
//! let deny_execve = verify::check(&deny_execve)?;
//! let log_all = verify::check(&asm::assemble("ret #LOG\n")?)?;
//! let stack = [deny_execve, log_all];
//! let execve = SeccompData::syscall(Arch::x86_64(), "execve")?;
//! let r = stack::run_stack(&stack, &execve);
//! assert_eq!((r.ret, r.filter), (RetValue::errno(1), 0));
//! assert_eq!(r.rets, [RetValue::errno(1), RetValue::LOG]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Step through a filter
//!
//! ```
//! use secbpf::{asm, verify, vm::Machine, seccomp::{Arch, RetValue, SeccompData}};
//!
//! let prog = asm::assemble("ld [0]\njeq #59, no\nret #ALLOW\nno: ret #ERRNO(1)\n")?;
//! let filter = verify::check(&prog)?;
//! let execve = SeccompData::syscall(Arch::x86_64(), "execve")?;
//! let mut m = Machine::new(&filter, execve.words());
//! let first = m.step().ok_or("the filter returned early")?;
//! assert_eq!((first.pc, first.after.a), (0, 59)); // ld [0]: A = nr
//! assert_eq!(m.run_to_end(), RetValue::errno(1));
//! assert_eq!(m.executed(), 3);
//! assert!(m.step_back());
//! assert_eq!(m.pc(), 3); // about to run the ret again
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Explain and diff
//!
//! [`analysis::explain::explain`] partitions the whole input space of a filter (or a
//! stack) by arch and syscall, exactly; [`analysis::diff::diff`] gives every input on
//! which two filters (or stacks) differ, each change with a witness input.
//!
//! ```
//! use secbpf::{asm, verify, analysis::{diff, explain}};
//!
//! let v1 = verify::check(&asm::assemble(
//!     "ld [4]\njne #0xc000003e, kill\nld [0]\njeq #257, eacces\nret #ALLOW\n\
//!      eacces: ret #ERRNO(13)\nkill: ret #KILL_PROCESS\n",
//! )?)?;
//! let ex = explain::explain(std::slice::from_ref(&v1), None);
//! assert_eq!(
//!     explain::to_text(&ex),
//!     "arch x86_64 (0xc000003e):\n  openat: ERRNO(13)\n  all other syscalls: ALLOW\n\
//!      any other arch:\n  all syscalls: KILL_PROCESS\n",
//! );
//!
//! // Version 2 also refuses execve (59).
//! let v2 = verify::check(&asm::assemble(
//!     "ld [4]\njne #0xc000003e, kill\nld [0]\njeq #257, eacces\njeq #59, eacces\n\
//!      ret #ALLOW\neacces: ret #ERRNO(13)\nkill: ret #KILL_PROCESS\n",
//! )?)?;
//! let d = diff::diff(&[v1], &[v2], false);
//! assert!(!d.equivalent);
//! let change = &d.changes[0];
//! assert_eq!((change.syscall, change.witness.nr), (Some("execve"), 59));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Performance in a debug build
//!
//! `cargo test` in a crate that depends on secbpf builds secbpf unoptimised
//! (`opt-level = 0`), and the analyses are then several times slower: explaining the
//! largest corpus filter (`corpus/podman-x86_64.bpf`, 1,144 instructions) took about 45 ms
//! optimised and 300 ms unoptimised (7x), diffing it against `corpus/docker-x86_64.bpf`
//! 55 ms and 430 ms (8x); checking and running take well under a millisecond either way.
//! To optimise secbpf alone in your test builds (the numbers then come back close to a
//! release build's: 45 ms and 65 ms), add to your `Cargo.toml`:
//!
//! ```toml
//! [profile.dev.package.secbpf]
//! opt-level = 3
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![warn(rustdoc::all)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod analysis;
pub mod asm;
pub mod codec;
pub mod consts;
pub mod disasm;
pub mod errno;
#[cfg(all(feature = "generators", feature = "spec"))]
#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod fuzzing;
#[cfg(feature = "generators")]
pub mod genfuzz;
pub mod insn;
pub mod interop;
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
pub mod kernel;
#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod num;
pub mod program;
pub mod seccomp;
#[cfg(feature = "generators")]
pub mod synth;
pub mod verify;
pub mod vm;

// The everyday API, at the crate root.
pub use analysis::budget::Budget;
pub use analysis::condition::{Cmp, Condition, Operand};
pub use analysis::diff::{diff, DiffResult};
pub use analysis::explain::{explain, Explanation};
pub use asm::assemble;
pub use insn::{Endian, Insn};
pub use program::VerifiedProgram;
pub use seccomp::action::{Action, Outcome, RetValue};
pub use seccomp::arch::Arch;
pub use seccomp::data::SeccompData;
pub use seccomp::profile::{KernelProfile, KernelVersion};
pub use seccomp::stack::{run_stack, StackResult};
pub use verify::{check, check_stack, check_with, InstallOptions, InstallVia, VerifyError};
pub use vm::{run, Machine, RunResult};

/// The examples in README.md, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
