//! Seccomp-specific parts: `struct seccomp_data`, actions, arches and filter stacks.

pub mod action;
pub mod arch;
#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod bpfsim;
pub mod data;
#[cfg(feature = "json")]
pub mod input;
pub mod profile;
pub mod stack;

pub use action::{Action, Outcome, ParseRetError, RetValue};
pub use arch::Arch;
pub use data::{DataError, Field, SeccompData};
pub use profile::{KernelProfile, KernelVersion};
