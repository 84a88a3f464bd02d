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
//!   [`asm`] and [`disasm`] for bpf_asm text.
//! - [`verify`]: the checker. [`verify::check`] gives a [`VerifiedProgram`] or the
//!   kernel's reason ([`verify::VerifyError`]: errno, pc, field, kernel rule, hint);
//!   [`verify::check_stack`] models installing several filters in one thread.
//! - [`vm`]: the interpreter, [`vm::run`] (fast, over a prepared form) and
//!   [`vm::Machine`] (one instruction at a time, with step back).
//! - [`seccomp`]: `struct seccomp_data`, actions and their precedence, arches and
//!   syscall names, stacks of filters ([`seccomp::stack::run_stack`]), input sets.
//!
//! ## Should I use this?
//!
//! If you need to know what the kernel will say about a seccomp filter, or what it will
//! return for a syscall, without installing it: yes. secbpf models Linux 6.x on x86_64
//! as recorded from a live 6.18 kernel; see the `DEVIATIONS` table in [`verify`] for what
//! it does not model.
//!
//! ## Example
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
pub mod fuzzing;
pub mod gen;
pub mod genfuzz;
pub mod insn;
pub mod interop;
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
pub mod kernel;
pub mod num;
pub mod program;
pub mod seccomp;
pub mod verify;
pub mod vm;

pub use insn::{Endian, Insn};
pub use program::VerifiedProgram;

/// The examples in README.md, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
