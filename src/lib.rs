//! # secbpf
//!
//! Check and run classic-BPF seccomp filters in user space exactly as Linux does:
//! the load-time checks of seccomp(2) (`bpf_check_classic`, `seccomp_check_filter`,
//! the install limits) and the execution of a filter (or a stack of filters) over
//! `struct seccomp_data`, bit for bit.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod asm;
pub mod codec;
pub mod consts;
pub mod disasm;
pub mod errno;
pub mod insn;
pub mod num;
pub mod program;
pub mod seccomp;
pub mod verify;
pub mod vm;

pub use insn::{Endian, Insn};
pub use program::VerifiedProgram;
